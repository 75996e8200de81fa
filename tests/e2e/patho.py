"""What the pathological tests share (tests/e2e/test_patho_*.py): a cost that
must grow in proportion to its input, checked as a ratio of CPU times so that
the check does not depend on the machine's speed (cmark's pathological_tests
compare wall times; CPU time is steadier on a busy machine).

    grows_linearly(name, make, n)

make(n, tmp) writes an input of size n into the directory tmp and returns
the command to run (a list; "JMAP" stands for the jmap under test) and,
optionally, a dict of keyword arguments for subprocess (stdin, env, cwd).
The case is run at n and at 4n; the fixed cost of a process (fonts, linking)
is measured on make(1, tmp) and taken off both. n is doubled until the work
at n costs at least MIN_WORK seconds, so that the ratio is not noise. A linear
(or n log n) cost gives a ratio near 4; a quadratic one near 16. The check
fails above LIMIT. A run at 4n that goes on for far longer than a linear cost
would is stopped and fails at once, so a regression does not stall the suite.

Each measurement is the least of REPEAT runs (user + system time of the child,
from os.wait4)."""
import os
import subprocess
import sys
import tempfile
import time

FACTOR = 4
LIMIT = 6.0
MIN_WORK = 0.08
REPEAT = 3
SANITIZED = os.environ.get("JMAP_SANITIZED", "").upper() in ("ON", "1", "TRUE", "YES")


class TooSlow(Exception):
    pass


def _cpu(argv, kw, wall_cap):
    """CPU seconds of one run of argv; TooSlow past wall_cap seconds of wall time."""
    kw = dict(kw or {})
    stdin = kw.pop("stdin", None)
    stdin_f = open(stdin, "rb") if isinstance(stdin, str) else subprocess.DEVNULL
    try:
        p = subprocess.Popen(argv, stdin=stdin_f, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL, **kw)
        start = time.monotonic()
        while True:
            pid, status, ru = os.wait4(p.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() - start > wall_cap:
                p.kill()
                os.wait4(p.pid, 0)
                p.returncode = -9
                raise TooSlow("still running after %.1f s" % wall_cap)
            time.sleep(0.002)
        p.returncode = os.waitstatus_to_exitcode(status)
        if p.returncode < 0:
            raise AssertionError("%s: killed by signal %d" % (argv[0], -p.returncode))
        return ru.ru_utime + ru.ru_stime
    finally:
        if stdin_f is not subprocess.DEVNULL:
            stdin_f.close()


def _measure(jmap, make, n, tmp, wall_cap):
    sub = os.path.join(tmp, "n%d" % n)
    os.makedirs(sub, exist_ok=True)
    made = make(n, sub)
    argv, kw = (made if isinstance(made, tuple) else (made, {}))
    argv = [jmap if a == "JMAP" else a for a in argv]
    return min(_cpu(argv, kw, wall_cap) for _ in range(REPEAT))


def grows_linearly(jmap, name, make, n, n_max=None, limit=LIMIT):
    """Asserts that the cost of make(n) grows at most `limit` times when n grows
    FACTOR times. Returns a line that says what was measured."""
    n_max = n_max or n * 64
    with tempfile.TemporaryDirectory(prefix="jmap-patho-") as tmp:
        base = _measure(jmap, make, 1, tmp, 60)
        while True:
            small = _measure(jmap, make, n, tmp, 120) - base
            if small >= MIN_WORK or n * 2 > n_max:
                break
            n *= 2
        small = max(small, 0.005)
        # a linear cost takes about FACTOR times as long; allow far more wall
        # time than that (a busy machine), but not a quadratic's minutes
        cap = max(10.0, 8 * FACTOR * (small + base) * (3 if SANITIZED else 1))
        try:
            big = _measure(jmap, make, n * FACTOR, tmp, cap) - base
        except TooSlow as e:
            raise AssertionError("%s: n=%d took %.3f s of CPU, n=%d %s" % (name, n, small, n * FACTOR, e))
        ratio = big / small
        line = "%s: n=%d %.3f s, n=%d %.3f s, ratio %.1f (limit %.1f)" % (
            name, n, small, n * FACTOR, big, ratio, limit)
        if ratio > limit:
            raise AssertionError(line)
        return line


if __name__ == "__main__":
    sys.exit("a module for tests/e2e/test_patho_*.py")
