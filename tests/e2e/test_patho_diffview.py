#!/usr/bin/env python3
"""Pathological inputs of how jmap diff draws the whole change: comparing
long lists item by item (pains fixed and new) and drawing the old curve
and what a changed card says cost in proportion to the input
(tests/e2e/patho.py says how that is measured).

Usage: python3 test_patho_diffview.py PATH_TO_JMAP"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import run_tests, test  # noqa: E402
from patho import grows_linearly  # noqa: E402

JMAP = sys.argv[1] if len(sys.argv) > 1 else "jmap"


def write(tmp, name, text):
    path = os.path.join(tmp, name)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


@test
def one_touchpoint_whose_n_pains_all_change():
    """BEFORE's n pains are all fixed and AFTER's n all new: each side looked
    up in the other's, never compared pair by pair."""
    def make(n, tmp):
        def journey(prefix):
            pains = ", ".join("'%s %d'" % (prefix, i) for i in range(n))
            return ("title: T\nlanes: [touchpoints, pains]\nstages:\n  - name: S\n    touchpoints:\n"
                    "      - {name: A, pains: [%s]}\n" % pains)
        b, a = write(tmp, "b.yaml", journey("old")), write(tmp, "a.yaml", journey("new"))
        return ["JMAP", "diff", b, a, "-o", "-", "-f", "svg"]
    return grows_linearly(JMAP, "diff, one touchpoint of n pains fixed and n new", make, 50, n_max=1600)


@test
def n_touchpoints_each_changed_in_everything():
    """Every touchpoint renamed (same id), its channel, score, texts and lists
    changed, and every lane of BEFORE dropped from AFTER."""
    def make(n, tmp):
        def journey(v, lanes):
            out = ["title: T\nlanes: [%s]\nstages:\n  - name: S\n    touchpoints:\n" % lanes]
            for i in range(n):
                out.append("      - {id: t%d, name: Step %d %s, channel: %s, emotion: %d, doing: d%s, "
                           "thinking: t%s, pains: [p%s%d], opportunities: [o%s%d]}\n" % (
                               i, i, v, "web" if v == "a" else "email", 1 + (i + len(v)) % 5, v, v, v, i, v, i))
            return "".join(out)
        b = write(tmp, "b.yaml", journey("a", "touchpoints, doing, thinking, emotions, pains, opportunities"))
        a = write(tmp, "a.yaml", journey("bb", "touchpoints, emotions"))
        return ["JMAP", "diff", b, a, "-o", "-", "-f", "svg"]
    return grows_linearly(JMAP, "diff, n touchpoints changed in everything", make, 25, n_max=400)


if __name__ == "__main__":
    sys.exit(run_tests())
