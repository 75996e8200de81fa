#!/usr/bin/env python3
"""Pathological uses of `include` and `detail` (1.2): each cost grows in
proportion to the input (tests/e2e/patho.py says how that is measured).

Usage: python3 test_patho_include.py PATH_TO_JMAP"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import run_tests, test  # noqa: E402
from patho import grows_linearly  # noqa: E402

JMAP = sys.argv[1] if len(sys.argv) > 1 else "jmap"
MAP = "title: T\nstages:\n  - name: S\n    touchpoints:\n      - name: A\n        emotion: 3\n"


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


@test
def one_file_named_n_times():
    def make(n, tmp):
        write(os.path.join(tmp, "c.yaml"), "channels:\n  - id: shop\n")
        write(os.path.join(tmp, "m.yaml"), "include: [" + ", ".join(["c.yaml"] * n) + "]\n" + MAP)
        return ["JMAP", "check", os.path.join(tmp, "m.yaml")]
    return grows_linearly(JMAP, "check, one include named n times", make, 20000)


@test
def many_channels_in_an_included_file():
    def make(n, tmp):
        write(os.path.join(tmp, "c.yaml"), "channels:\n" + "".join("  - id: c%d\n" % i for i in range(n)))
        write(os.path.join(tmp, "m.yaml"), "include: c.yaml\n" + MAP)
        return ["JMAP", "check", os.path.join(tmp, "m.yaml")]
    return grows_linearly(JMAP, "check, n channels included", make, 5000, n_max=20000)


@test
def many_included_files():
    def make(n, tmp):
        for i in range(n):
            write(os.path.join(tmp, "c%d.yaml" % i), "channels:\n  - id: c%d\n" % i)
        write(os.path.join(tmp, "m.yaml"), "include: [" + ", ".join("c%d.yaml" % i for i in range(n)) + "]\n" + MAP)
        return ["JMAP", "check", os.path.join(tmp, "m.yaml")]
    return grows_linearly(JMAP, "check, n included files", make, 60, n_max=60)


@test
def many_details_of_one_file_and_of_many():
    def make(n, tmp):
        write(os.path.join(tmp, "d.yaml"), MAP)
        body = "title: T\nstages:\n  - name: S\n    touchpoints:\n"
        body += "".join("      - name: A%d\n        detail: %s\n" % (i, "d.yaml" if i % 2 else "d%d.yaml" % i)
                        for i in range(n))
        for i in range(0, n, 2):
            write(os.path.join(tmp, "d%d.yaml" % i), MAP)
        write(os.path.join(tmp, "m.yaml"), body)
        return ["JMAP", "check", os.path.join(tmp, "m.yaml")]
    return grows_linearly(JMAP, "check, n details", make, 200, n_max=400)


@test
def a_lattice_of_includes_is_read_once_per_file():
    """8 levels of 2 files, each including both of the next: 2^8 paths, 16 files
    (that each is read once is test_include.c's, counting the reader's calls)."""
    import subprocess
    import tempfile
    with tempfile.TemporaryDirectory(prefix="jmap-patho-") as tmp:
        for level in range(1, 9):
            for k in range(2):
                nxt = "include: [l%d-0.yaml, l%d-1.yaml]\n" % (level + 1, level + 1) if level < 8 else ""
                write(os.path.join(tmp, "l%d-%d.yaml" % (level, k)), nxt + "channels:\n  - id: c%d-%d\n" % (level, k))
        write(os.path.join(tmp, "m.yaml"), "include: [l1-0.yaml, l1-1.yaml]\n" + MAP)
        import resource
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        p = subprocess.run([JMAP, "check", os.path.join(tmp, "m.yaml")], capture_output=True, text=True, timeout=60)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        assert p.returncode == 0, p.stderr
        cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
        return "lattice of 16 files, 256 paths: %.3f s of CPU" % cpu


if __name__ == "__main__":
    sys.exit(run_tests())
