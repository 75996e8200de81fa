#!/usr/bin/env python3
"""Pathological inputs of reading and writing: the Mermaid reader, the
planning of outputs and the pages of a poster. Each cost grows in proportion
to its input (tests/e2e/patho.py says how that is measured).

Usage: python3 test_patho_io.py PATH_TO_JMAP"""
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import run_tests, test  # noqa: E402
from patho import grows_linearly  # noqa: E402

JMAP = sys.argv[1] if len(sys.argv) > 1 else "jmap"


def write(tmp, name, text):
    path = os.path.join(tmp, name)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


# ---- the Mermaid reader: positions found without going back to the start ----

@test
def mermaid_many_errors():
    """Long lines, each with an error (fewer than are collected): every
    error's place is found once, not by reading from the first byte."""
    def make(n, tmp):
        lines = ["journey", "section S"] + ["  " + "x" * 4000 + ": bad" for _ in range(n)]
        return ["JMAP", "check", write(tmp, "d.mmd", "\n".join(lines) + "\n")]
    return grows_linearly(JMAP, "mermaid, n long lines with errors", make, 250, n_max=1000)


@test
def mermaid_long_line_of_actors():
    """One task with n actors on one line: each actor's column found in turn."""
    def make(n, tmp):
        actors = ", ".join("A%d" % i for i in range(n))
        return ["JMAP", "import", write(tmp, "d.mmd", "journey\nsection S\n  T: 3: %s\n" % actors),
                "-o", os.path.join(tmp, "out.yaml")]
    return grows_linearly(JMAP, "mermaid, one line of n actors", make, 2000, n_max=32000)


@test
def mermaid_long_line_of_tasks_actors_repeated():
    """One task that names the same few actors n times."""
    def make(n, tmp):
        actors = ", ".join("A%d" % (i % 7) for i in range(n))
        return ["JMAP", "import", write(tmp, "d.mmd", "journey\nsection S\n  T: 3: %s\n" % actors),
                "-o", os.path.join(tmp, "out.yaml")]
    return grows_linearly(JMAP, "mermaid, one task naming 7 actors n times", make, 4000, n_max=64000)


@test
def mermaid_many_directives():
    """n directives, each a warning, on one long line after the front matter."""
    def make(n, tmp):
        text = "---\ntitle: T\n---\n" + "%%{init: {}}%% " * n + "\njourney\nsection S\n  T: 3: A\n"
        return ["JMAP", "check", write(tmp, "d.mmd", text)]
    return grows_linearly(JMAP, "mermaid, n directives on one line", make, 1000, n_max=64000)


# ---- output planning: every output checked against every other, by sorting ----

TINY = "jmap: 1\ntitle: T\nstages:\n  - name: S\n"
# an input that costs a little more to load, so that fewer files make enough work
SMALL = TINY + "    touchpoints:\n" + "".join("      - name: Step %d\n        emotion: 3\n" % i for i in range(20))


@test
def plan_many_inputs():
    """n inputs into one directory, half of whose outputs exist (compared by
    device and inode), the last two with the same name: the plan is refused
    before anything is drawn, after checking every output."""
    def make(n, tmp):
        for d in ("in", "a", "b", "out"):
            os.makedirs(os.path.join(tmp, d), exist_ok=True)
        argv = ["JMAP", "build"]
        for i in range(n):
            argv.append(write(tmp, "in/j%d.yaml" % i, SMALL))
            if i % 2:
                write(tmp, "out/j%d.svg" % i, "<svg/>")
        argv += [write(tmp, "a/x.yaml", TINY), write(tmp, "b/x.yaml", TINY), "-o", os.path.join(tmp, "out") + "/"]
        return argv
    return grows_linearly(JMAP, "build, n inputs, two with one output", make, 1000, n_max=1000)


@test
def plan_many_numbered_outputs():
    """A file of n journeys (n numbered outputs) and an input whose output is
    the last of them."""
    def make(n, tmp):
        os.makedirs(os.path.join(tmp, "b"), exist_ok=True)
        many = write(tmp, "many.yaml", "".join("---\n" + TINY for _ in range(n)))
        last = write(tmp, "b/many-%d.yaml" % n, TINY)
        return ["JMAP", "build", many, last, "-o", os.path.join(tmp, "out") + "/"]
    return grows_linearly(JMAP, "build, n numbered outputs, the last taken", make, 4000, n_max=16000)


# ---- a poster: each tile draws the part of the map it shows ----

def emotions(n, tmp, personas=0):
    """A journey of n touchpoints with emotion scores, one curve a persona
    (dashed from the second on) and a target curve, as wide as the map."""
    head = "jmap: 1\ntitle: T\n"
    if personas:
        head += "personas:\n" + "".join("  - name: P%d\n" % p for p in range(personas))
    lines = [head + "stages:\n  - name: S\n    touchpoints:\n"]
    for i in range(n):
        if personas:
            score = "{%s}" % ", ".join("p%d: %d" % (p, (i + p) % 5 + 1) for p in range(personas))
        else:
            score = str(i % 5 + 1)
        lines.append("      - name: T%d\n        emotion: %s\n        target: 5\n" % (i, score))
    return write(tmp, "j.yaml", "".join(lines))


@test
def poster_many_touchpoints():
    def make(n, tmp):
        return ["JMAP", "build", emotions(n, tmp), "--page", "a4", "-o", os.path.join(tmp, "p.pdf")]
    return grows_linearly(JMAP, "poster, n touchpoints", make, 250, n_max=1000)


@test
def poster_size_in_proportion():
    """The PDF's bytes grow with the map, not with the map times its tiles
    (each tile held every curve and every rule whole)."""
    sizes = []
    with tempfile.TemporaryDirectory(prefix="jmap-patho-") as tmp:
        for n in (300, 1200):
            sub = os.path.join(tmp, "n%d" % n)
            os.makedirs(sub)
            out = os.path.join(sub, "p.pdf")
            p = subprocess.run([JMAP, "build", emotions(n, sub, personas=3), "--page", "a4", "-o", out],
                               capture_output=True, text=True)
            assert p.returncode == 0, p.stderr
            sizes.append(os.path.getsize(out))
    ratio = sizes[1] / sizes[0]
    line = "poster bytes: n=300 %d, n=1200 %d, ratio %.1f (limit 6.0)" % (sizes[0], sizes[1], ratio)
    assert ratio < 6.0, line
    return line


if __name__ == "__main__":
    sys.exit(run_tests())
