#!/usr/bin/env python3
"""jmap serve --stdio: `jmap build` run again and again in one process on
requests read from standard input. Every answer is, byte for byte, what the
same build run alone gives (exit status, map, diagnostics), whatever came
before it in the same process: maps in every script, every format, a broken
journey among good ones, a persona, an id prefix.

Usage: python3 test_serve.py PATH_TO_JMAP"""
import glob
import os
import subprocess
import sys

from harness import run_tests, test

JMAP = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else sys.exit("usage: test_serve.py PATH_TO_JMAP")
ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")


class Server:
    def __init__(self):
        self.p = subprocess.Popen([JMAP, "serve", "--stdio"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE)

    def ask(self, args, data):
        self.p.stdin.write(b"build %d %d\n" % (len(args), len(data)) +
                           b"".join(a.encode() + b"\n" for a in args) + data)
        self.p.stdin.flush()
        head = self.p.stdout.readline().split()
        assert len(head) == 4 and head[0] == b"status", head
        st, no, ne = int(head[1]), int(head[2]), int(head[3])
        return st, self.p.stdout.read(no), self.p.stdout.read(ne)

    def close(self):
        self.p.stdin.close()
        err = self.p.stderr.read()
        return self.p.wait(timeout=300), err


def alone(args, data):
    p = subprocess.run([JMAP, "build", *args], input=data, capture_output=True, timeout=300)
    return p.returncode, p.stdout, p.stderr


BROKEN = b"title: Broken\nstages:\n  - name: S\n    touchpoints:\n      - {name: A, emotion: 9}\n"


@test
def answers_are_those_of_a_build_alone():
    files = sorted(glob.glob(os.path.join(ROOT, "examples", "*.yaml")))
    assert len(files) >= 5, files
    s = Server()
    asked = 0
    for i, f in enumerate(files):
        with open(f, "rb") as fh:
            data = fh.read()
        for fmt in ("svg", "pdf", "png"):
            for args in (["-", "-o", "-", "-f", fmt], ["-", "-o", "-", "-f", fmt, "--id-prefix", f"m{i}-"]):
                if fmt != "svg" and "--id-prefix" in args:
                    continue
                got, want = s.ask(args, data), alone(args, data)
                assert got == want, f"{f} {args}: exit {got[0]} vs {want[0]}, {len(got[1])} vs {len(want[1])} bytes"
                asked += 1
        # a broken journey among the good ones: its diagnostics, exit 1, no map; the next map unharmed
        got, want = s.ask(["-", "-o", "-", "-f", "svg"], BROKEN), alone(["-", "-o", "-", "-f", "svg"], BROKEN)
        assert got == want and got[0] == 1 and got[1] == b"" and b"<stdin>:5:" in got[2], got
    status, err = s.close()
    assert status == 0 and err == b"", (status, err)
    return f"{asked} maps"


@test
def a_bad_request_ends_the_loop_with_exit_2():
    for bad in (b"draw 1 2\n", b"build 1\n", b"build 99999 1\n", b"build 1 10\n-\nshort"):
        p = subprocess.run([JMAP, "serve", "--stdio"], input=bad, capture_output=True, timeout=300)
        assert p.returncode == 2 and b"jmap serve: " in p.stderr and p.stdout == b"", (bad, p)


@test
def serve_needs_stdio():
    p = subprocess.run([JMAP, "serve"], capture_output=True, timeout=60)
    assert p.returncode == 2 and b"--stdio" in p.stderr, p


def main():
    return run_tests()


if __name__ == "__main__":
    sys.exit(main())
