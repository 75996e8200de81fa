#!/usr/bin/env python3
"""Pathological inputs of paths (1.2): many steps of `next` cost in
proportion to the input (n log n at most) to check and to lay out: the
arrows' tracks come from a skyline in a segment tree, their legs from one
sort (tests/e2e/patho.py says how that is measured).

Usage: python3 test_patho_paths.py PATH_TO_JMAP"""
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


def journey(n, next_of, stage_size=50):
    out = ["title: T\nlanes: [paths, touchpoints]\nstages:\n"]
    for i in range(n):
        if i % stage_size == 0:
            out.append("  - name: S%d\n    touchpoints:\n" % (i // stage_size))
        nx = next_of(i)
        out.append("      - {id: t%d, name: T%d%s}\n" % (i, i, ", next: [%s]" % ", ".join(nx) if nx else ""))
    return "".join(out)


@test
def nested_jumps_one_inside_the_other():
    """Touchpoint i of the first half jumps to n-1-i: n/2 arrows, each inside
    the one before, each on a track of its own."""
    def make(n, tmp):
        n = max(n, 4)
        return ["JMAP", "build", write(tmp, "j.yaml", journey(n, lambda i: ["t%d" % (n - 1 - i)] if i < n // 2 - 1 else [])),
                "-o", "-", "-f", "svg"]
    return grows_linearly(JMAP, "paths, n/2 nested jumps", make, 300, n_max=2400)


@test
def crossing_jumps_returns_and_exits():
    """Every touchpoint jumps 7 ahead, goes back 5 and leaves: 3n arrows that
    overlap each other everywhere (a staircase of tracks)."""
    def make(n, tmp):
        n = max(n, 10)
        def nx(i):
            out = []
            if i + 7 < n: out.append("t%d" % (i + 7))
            if i >= 5: out.append("t%d" % (i - 5))
            if i + 1 < n: out.append("end")
            return out
        return ["JMAP", "build", write(tmp, "c.yaml", journey(n, nx)), "-o", "-", "-f", "svg"]
    return grows_linearly(JMAP, "paths, 3n crossing jumps, returns and exits", make, 200, n_max=1600)


@test
def one_touchpoint_named_by_every_other_on_a_wrapped_map():
    """Every touchpoint but the first goes back to it, on rows of 5: every
    row's arrows run to its edge and name the first touchpoint, whose name
    is as long as a name may be."""
    def make(n, tmp):
        n = max(n, 4)
        text = journey(n, lambda i: ["t0"] if i > 1 else []).replace("{id: t0, name: T0", "{id: t0, name: '%s'" % ("long name " * 490), 1)
        return ["JMAP", "build", write(tmp, "w.yaml", text), "--wrap", "5", "-o", "-", "-f", "svg"]
    return grows_linearly(JMAP, "paths, n returns to one long name across rows", make, 100, n_max=1600)


@test
def a_wrapped_map_of_a_column_a_row():
    """Rows of one column, each touchpoint jumping two ahead and back three:
    each row looks at the arrows of its own column, not at every arrow of
    the map (which would cost rows times arrows)."""
    def make(n, tmp):
        n = max(n, 6)
        def nx(i):
            out = []
            if i + 2 < n: out.append("t%d" % (i + 2))
            if i >= 3: out.append("t%d" % (i - 3))
            return out
        return ["JMAP", "build", write(tmp, "r.yaml", journey(n, nx)), "--wrap", "1", "-o", "-", "-f", "svg"]
    return grows_linearly(JMAP, "paths, 2n arrows on n rows of one column", make, 200, n_max=2400)


@test
def checking_many_unknown_ids():
    """n touchpoints each naming an id that is none: n lookups, 50 errors kept."""
    def make(n, tmp):
        return ["JMAP", "check", write(tmp, "u.yaml", journey(max(n, 2), lambda i: ["nowhere%d" % i]))]
    return grows_linearly(JMAP, "next, n unknown ids", make, 300, n_max=2400)


if __name__ == "__main__":
    run_tests()
