"""Pathological inputs of the setting of scripts: hyphenation at syllables
(src/layout/hyphen.c) costs in proportion to the text, however many long
words need it, and a word too long for any dictionary is not looked up.

Usage: python3 test_patho_scripts.py PATH_TO_JMAP"""
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import run_tests, test  # noqa: E402
from patho import grows_linearly  # noqa: E402

JMAP = sys.argv[1] if len(sys.argv) > 1 else "jmap"

WORD = "Kundenbeziehungsmanagementabteilungsleitung"


def write(tmp, text):
    path = os.path.join(tmp, "j.yaml")
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return ["JMAP", "build", path, "-o", "-", "-f", "svg"]


@test
def many_compounds_in_one_cell():
    """n German compounds, each too wide for its column, in one cell (of
    eight): each is hyphenated once, the cell laid out at most three times."""
    def make(n, tmp):
        text = " ".join([WORD] * n)  # a text holds at most 5 000 characters: n <= 110
        cells = "".join("      - {name: A%d, doing: \"%s\"}\n" % (i, text) for i in range(8))
        return write(tmp, "lang: de\ntitle: T\nstages:\n  - name: S\n    touchpoints:\n" + cells)
    return grows_linearly(JMAP, "build, n compounds hyphenated in one cell", make, 27, n_max=27)


@test
def many_cells_of_compounds():
    def make(n, tmp):
        out = ["lang: de\ntitle: T\nstages:\n  - name: S\n    touchpoints:\n"]
        for i in range(n):
            out.append("      - {name: \"%s%d\", doing: \"%s\", pains: [\"%s\"]}\n" % (WORD, i, WORD, WORD))
        return write(tmp, "".join(out))
    return grows_linearly(JMAP, "build, n touchpoints of compounds", make, 10, n_max=40)


@test
def one_word_longer_than_any_dictionary_word():
    """Letters without end in a map of a language with a dictionary: broken
    without a hyphen, never looked up."""
    def make(n, tmp):
        return write(tmp, "lang: de\ntitle: T\nstages:\n  - name: S\n    touchpoints:\n"
                          "      - {name: A, doing: %s}\n" % ("silbe" * n))
    return grows_linearly(JMAP, "build, a word of 5n letters in a German map", make, 60, n_max=250)


if __name__ == "__main__":
    sys.exit(run_tests())
