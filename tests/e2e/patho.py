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
fails above LIMIT. A run at 4n that uses far more CPU than a linear cost
would is stopped and fails at once, so a regression does not stall the suite;
wall time is never a measure (only a process still running after HUNG
seconds is stopped, as hung).

Each measurement is the least of REPEAT runs (user + system time of the child,
from os.wait4); of 3 * REPEAT runs for a case whose n is capped (n_max)
before its work reaches MIN_WORK."""
import os
import subprocess
import sys
import tempfile
import time

FACTOR = 4
LIMIT = 6.0
MIN_WORK = 0.08
REPEAT = 3
HUNG = 600  # seconds of wall time: only to stop a process that never ends


class TooSlow(Exception):
    pass


def _cpu_so_far(pid):
    """CPU seconds a running process has used so far, with its reaped children."""
    try:
        with open("/proc/%d/stat" % pid) as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return 0.0
    return sum(int(v) for v in fields[11:15]) / os.sysconf("SC_CLK_TCK")


def _cpu(argv, kw, cpu_cap, user_only=False):
    """CPU seconds of one run of argv; TooSlow past cpu_cap seconds of CPU
    (a ratio to the run at n: the machine's speed does not matter), or
    past HUNG seconds of wall time (a process that makes no progress)."""
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
            used = _cpu_so_far(p.pid)
            hung = time.monotonic() - start > HUNG
            if used > cpu_cap or hung:
                p.kill()
                os.wait4(p.pid, 0)
                p.returncode = -9
                raise TooSlow("hung: no end after %d s" % HUNG if hung else
                              "still running after %.1f s of CPU" % used)
            time.sleep(0.002)
        p.returncode = os.waitstatus_to_exitcode(status)
        if p.returncode < 0:
            raise AssertionError("%s: killed by signal %d" % (argv[0], -p.returncode))
        return ru.ru_utime + (0 if user_only else ru.ru_stime)
    finally:
        if stdin_f is not subprocess.DEVNULL:
            stdin_f.close()


def _measure(jmap, make, n, tmp, cpu_cap, repeat=REPEAT, made={}, user_only=False):
    """The least CPU time of `repeat` runs of make(n); the input is made
    once per (make, n), in tmp/n<n> (`made` remembers it)."""
    key = (id(make), tmp, n)
    if key not in made:
        sub = os.path.join(tmp, "n%d" % n)
        os.makedirs(sub, exist_ok=True)
        made[key] = make(n, sub)
    argv, kw = (made[key] if isinstance(made[key], tuple) else (made[key], {}))
    argv = [jmap if a == "JMAP" else a for a in argv]
    return min(_cpu(argv, kw, cpu_cap, user_only) for _ in range(repeat))


def grows_linearly(jmap, name, make, n, n_max=None, limit=LIMIT, user_only=False, repeat=REPEAT, tmpdir=None):
    """Asserts that the cost of make(n) grows at most `limit` times when n grows
    FACTOR times. Returns a line that says what was measured. user_only:
    count user time alone, for a case whose system time is the file system's
    writing many files (its journal makes it vary by several times from run
    to run), not jmap's work. repeat: how many runs a measurement takes the
    least of (more for a case whose time is noisy). tmpdir: where the inputs
    and outputs go (a tmpfs for a case that writes many files)."""
    n_max = n_max or n * 64
    with tempfile.TemporaryDirectory(prefix="jmap-patho-", dir=tmpdir) as tmp:
        base = _measure(jmap, make, 1, tmp, 60, user_only=user_only)
        # looking for n: one run each (the least of REPEAT only where it
        # counts), and four times larger while far below MIN_WORK
        while True:
            small = _measure(jmap, make, n, tmp, 120, repeat=1, user_only=user_only) - base
            if small >= MIN_WORK or n * 2 > n_max:
                break
            n *= 4 if small < MIN_WORK / 8 and n * 4 <= n_max else 2
        # a case capped below MIN_WORK (n_max: a limit of the format) is
        # measured more often: its few milliseconds are mostly noise
        repeat = repeat if small >= MIN_WORK else 3 * repeat
        if repeat != REPEAT:
            base = min(base, _measure(jmap, make, 1, tmp, 60, repeat=repeat, user_only=user_only))
        small = _measure(jmap, make, n, tmp, 120, repeat=repeat, user_only=user_only) - base
        small = max(small, 0.005)
        # a linear cost takes about FACTOR times as much CPU; a run that takes
        # 8 times more than that has a ratio far past the limit: stopped there
        cap = max(1.0, 8 * FACTOR * (small + base))
        try:
            big = _measure(jmap, make, n * FACTOR, tmp, cap, repeat=repeat, user_only=user_only) - base
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
