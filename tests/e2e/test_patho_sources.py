#!/usr/bin/env python3
"""Pathological inputs of the research (format 1.2): many sources, many
citations of them, one citation of many sources, many unknown and repeated
ids, and --require-sources over many uncited items: each cost grows in
proportion to its input (tests/e2e/patho.py says how that is measured).

Usage: python3 test_patho_sources.py PATH_TO_JMAP"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import run_tests, test  # noqa: E402
from patho import grows_linearly  # noqa: E402

JMAP = sys.argv[1] if len(sys.argv) > 1 else "jmap"


def write(tmp, text):
    path = os.path.join(tmp, "j.yaml")
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


def sources(n):
    return "sources:\n" + "".join("  - id: s%d\n    name: Source %d\n    kind: survey\n" % (i, i) for i in range(n))


@test
def check_many_sources_and_citations():
    def make(n, tmp):
        tps = "".join("      - name: T%d\n        source: s%d\n        pains: [{text: p, source: [s%d, s0]}]\n"
                      % (i, i, i) for i in range(n))
        return ["JMAP", "check", write(tmp, "title: T\n" + sources(n) + "stages:\n  - name: S\n    touchpoints:\n"
                                       + tps)]
    return grows_linearly(JMAP, "check, n sources each cited", make, 1000, n_max=1000)


@test
def check_one_citation_of_many_sources():
    def make(n, tmp):
        ids = ", ".join("s%d" % i for i in range(n))
        return ["JMAP", "check", write(tmp, "title: T\n" + sources(n) + "stages:\n  - name: S\n    source: [%s]\n"
                                       % ids)]
    return grows_linearly(JMAP, "check, a citation of n sources", make, 2000, n_max=4000)


@test
def check_many_unknown_and_repeated_ids():
    def make(n, tmp):
        dup = "".join("  - id: same\n    name: Same\n" for _ in range(n))
        ids = ", ".join("unknown-%d" % i for i in range(n))
        return ["JMAP", "check", write(tmp, "title: T\nsources:\n" + dup + "stages:\n  - name: S\n    source: [%s]\n"
                                       % ids)]
    return grows_linearly(JMAP, "check, n repeated and unknown ids", make, 2000, n_max=4000)


@test
def require_sources_over_many_uncited_items():
    def make(n, tmp):
        tps = "".join("      - name: T%d\n        pains: [a, b]\n        opportunities: [c]\n" % i for i in range(n))
        return ["JMAP", "check", "--require-sources",
                write(tmp, "title: T\n" + sources(1) + "stages:\n  - name: S\n    touchpoints:\n" + tps)]
    return grows_linearly(JMAP, "check --require-sources, n uncited touchpoints", make, 1000, n_max=2000)


@test
def build_many_citations():
    def make(n, tmp):
        tps = "".join("      - name: T%d\n        source: [s0, s1, s2, s3, s4, s5, s6, s7]\n" % i for i in range(n))
        return ["JMAP", "build", write(tmp, "title: T\n" + sources(8) + "stages:\n  - name: S\n    touchpoints:\n" + tps),
                "-o", os.path.join(tmp, "m.svg")]
    return grows_linearly(JMAP, "build, n cards citing 8 sources", make, 50, n_max=400)


if __name__ == "__main__":
    sys.exit(run_tests())
