#!/usr/bin/env python3
"""Pathological inputs of flow and time: reach, waits, durations and fail
points on every touchpoint (and on blueprint items), read, counted and
drawn (wrapped onto many rows, which share one scan of the whole map)
at a cost in proportion to the input (tests/e2e/patho.py).

Usage: python3 test_patho_flowtime.py PATH_TO_JMAP"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import run_tests, test  # noqa: E402
from patho import grows_linearly  # noqa: E402

JMAP = sys.argv[1] if len(sys.argv) > 1 else "jmap"


def journey(n, tmp):
    path = os.path.join(tmp, "j.yaml")
    with open(path, "w", encoding="utf-8") as f:
        f.write("jmap: 1\ntitle: T\nstages:\n")
        for s in range((n + 3) // 4):
            f.write("  - name: Stage %d\n    touchpoints:\n" % s)
            for i in range(4):
                k = s * 4 + i
                f.write("      - name: Step %d\n        reach: %d\n        wait: %dmin\n        duration: 1.5h\n"
                        "        fail: [Broken %d, Slow %d]\n"
                        "        backstage: [Plain, {text: Item, wait: 2d, fail: Lost}]\n"
                        % (k, 10 ** 9 - k * 7, k % 50 + 1, k, k))
    return path


@test
def check_many_timed_touchpoints():
    return grows_linearly(JMAP, "check, n timed touchpoints", lambda n, tmp: ["JMAP", "check", journey(n, tmp)],
                          500, n_max=2000)


@test
def stats_many_timed_touchpoints():
    return grows_linearly(JMAP, "stats --json, n timed touchpoints",
                          lambda n, tmp: ["JMAP", "stats", "--json", journey(n, tmp)], 500, n_max=2000)


@test
def build_wrapped_flow():
    return grows_linearly(JMAP, "build --wrap 4, n touchpoints with reach",
                          lambda n, tmp: ["JMAP", "build", journey(n, tmp), "--wrap", "4", "-o", "-", "-f", "svg"],
                          100, n_max=400)


if __name__ == "__main__":
    sys.exit(run_tests())
