#!/usr/bin/env python3
"""Pathological inputs of the documentation integrations: what they read
from a page costs time in proportion to the page. Measured in-process (the
Python-Markdown extension's preprocessor on lines of n and 4n characters) as
a ratio of CPU times, as tests/e2e/patho.py does for the program: a linear
cost gives about 4, a quadratic one about 16, the limit is patho.LIMIT.

Usage: python3 test_patho_docs.py PATH_TO_JMAP (the integrations are
imported from the source tree; jmap itself is not run)"""
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from harness import Skip, run_tests, test  # noqa: E402
from patho import FACTOR, LIMIT, MIN_WORK, REPEAT  # noqa: E402

SRC = os.environ.get("JMAP_SOURCE_DIR") or os.path.dirname(os.path.dirname(HERE))
DEBIAN_PYTHON = "/usr/bin/python3"  # the one the documentation tools run under (python3-markdown)
sys.path.insert(0, os.path.join(SRC, "integrations", "python"))


def preprocessor():
    try:
        import markdown
    except ImportError:
        if os.path.realpath(sys.executable) != os.path.realpath(DEBIAN_PYTHON) and os.access(DEBIAN_PYTHON, os.X_OK):
            sys.stdout.flush()
            os.execv(DEBIAN_PYTHON, [DEBIAN_PYTHON, os.path.abspath(__file__), *sys.argv[1:]])
        raise Skip("python3-markdown is not installed")
    from jmap_docs.markdown_ext import JourneyExtension
    md = markdown.Markdown(extensions=[JourneyExtension(on_error="report")])
    return md.preprocessors["jmap_journey"]


def cpu(fn, arg):
    best = None
    for _ in range(REPEAT):
        start = time.process_time()
        fn(arg)
        spent = time.process_time() - start
        best = spent if best is None else min(best, spent)
    return best


def grows_linearly(name, make, n, n_max):
    """make(n) gives the lines of a page; the preprocessor's CPU time at
    FACTOR * n is at most LIMIT times that at n (n doubled until the work is
    measurable)."""
    pre = preprocessor()
    while True:
        small = cpu(pre.run, make(n))
        if small >= MIN_WORK or n * 2 > n_max:
            break
        n *= 2
    small = max(small, 0.002)
    big = cpu(pre.run, make(n * FACTOR))
    ratio = big / small
    line = "%s: n=%d %.3f s, n=%d %.3f s, ratio %.1f (limit %.1f)" % (name, n, small, n * FACTOR, big, ratio, LIMIT)
    assert ratio <= LIMIT, line
    return line


# Each shape is one long line that opens like a journey fence (or an image
# of a journey file) and turns out not to be one at its very end: a regular
# expression that backtracks tries every split of the line.
SHAPES = {
    "fence, then blanks, then a backtick": lambda n: ["```journey" + " " * n + "`"],
    "fence, then tabs and blanks, then a brace and a backtick": lambda n: ["```journey" + " \t" * (n // 2) + "}`"],
    "backticks, then blanks, no info string": lambda n: ["```" + " " * n + "x"],
    "an opening brace among blanks": lambda n: ["```" + " " * (n // 2) + "{" + " " * (n // 2) + "x"],
    "many backticks": lambda n: ["`" * n + "x"],
    "options that never end": lambda n: ["```journey persona=" + "a " * (n // 2) + "`"],
    "an image whose target is long": lambda n: ["![a](" + "x.yaml" * (n // 6) + " )"],
    "an image with a long alt text": lambda n: ["![" + "[a" * (n // 2) + "](x.yaml)"],
}


@test
def test_markdown_fences_still_read_as_before():
    # the linear pattern reads every fence the documentation shows
    preprocessor()
    from jmap_docs.markdown_ext import FENCE, fence_args
    cases = {
        "```journey": "",
        "``` journey  ": "",
        "~~~journey persona=maria theme=dark": " persona=maria theme=dark",
        "```{.journey persona=maria}": " persona=maria",
        "```{ .journey file=m.yaml alt=\"A b\" }  ": " file=m.yaml alt=\"A b\" ",
        "   ````journey\tmode=img\t": "\tmode=img",
    }
    for line, args in cases.items():
        m = FENCE.match(line)
        assert m, f"{line!r} is not read as a journey fence"
        assert fence_args(m) == args, f"{line!r}: options {fence_args(m)!r}, not {args!r}"
    for line in ("```journeys", "```journey-map", "    ```journey", "```python", "```journey `x`", "``journey"):
        assert not FENCE.match(line), f"{line!r} is read as a journey fence"


def make_test(name, shape):
    def t():
        return grows_linearly(name, shape, 2000, 2_000_000)
    t.__name__ = "test_markdown_" + "_".join(name.replace(",", "").split())
    return test(t)


for _name, _shape in SHAPES.items():
    make_test(_name, _shape)


if __name__ == "__main__":
    sys.exit(run_tests())
