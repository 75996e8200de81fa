#!/usr/bin/env python3
"""Pathological inputs of the loader and of check and build: each cost grows
in proportion to its input (tests/e2e/patho.py says how that is measured).

Usage: python3 test_patho_load.py PATH_TO_JMAP"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import run_tests, test  # noqa: E402
from patho import grows_linearly  # noqa: E402

JMAP = sys.argv[1] if len(sys.argv) > 1 else "jmap"


def journey(n, tmp, touchpoint):
    path = os.path.join(tmp, "j.yaml")
    with open(path, "w", encoding="utf-8") as f:
        f.write("jmap: 1\ntitle: T\nstages:\n  - name: S\n    touchpoints:\n")
        for i in range(n):
            f.write(touchpoint(i))
    return path


@test
def check_many_touchpoints():
    def make(n, tmp):
        p = journey(n, tmp, lambda i: "      - name: Step %d\n        emotion: 3\n" % i)
        return ["JMAP", "check", p]
    return grows_linearly(JMAP, "check, n touchpoints", make, 2000, n_max=2000)


if __name__ == "__main__":
    sys.exit(run_tests())
