"""Generated worst cases, run under resource limits: the input limits of the
format (16 MiB, 64 levels, 100 000 alias nodes, 1 000 000 nodes, 10 000
touchpoints) are clean errors, and inputs inside them load, and build, in
bounded time and memory.

Every run gets, in the child (preexec_fn + resource.setrlimit), RLIMIT_CPU
20 s (only to stop a run that never ends) and, as a backstop, RLIMIT_AS 1 GiB (not in the sanitizer build,
JMAP_SANITIZED=ON: ASan reserves terabytes of address space), and must end
with exit 0, 1 or 3, never a signal, print no sanitizer or library noise, and
peak under 512 MiB of resident memory (the bound of the hardening issue; the
address space is larger than what is resident by each thread's malloc arena
and stack, so it is not the measure). Peak memory
(ru_maxrss) and CPU time are measured per child with os.wait4, which gives
the same numbers as RUSAGE_CHILDREN deltas without their blind spot
(RUSAGE_CHILDREN's ru_maxrss is a running maximum, so a child smaller than an
earlier one would not show). The slowest cases are skipped under sanitizers.

Inputs are generated in a temporary directory; nothing large is committed.

Usage: test_limits.py JMAP"""
import os
import resource
import signal
import subprocess
import sys
import tempfile
import threading
import time
from harness import NOISE, check, summary

jmap = sys.argv[1]
SANITIZED = os.environ.get("JMAP_SANITIZED", "").upper() in ("ON", "1", "TRUE", "YES")
MiB = 1024 * 1024
LIMIT_INPUT = 16 * MiB
CPU_LIMIT = 20
AS_LIMIT = 1024 * MiB
RSS_LIMIT_MIB = 512
# A check of a worst case takes at most CPU_RATIO times the CPU of a check of a
# plain journey of the same size on the same machine (plain_cpu): a ratio, so
# that the bound does not depend on the machine's speed. Measured: 4 at most.
CPU_RATIO = 10

skipped = []
report = []




def limits():
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_LIMIT, CPU_LIMIT + 2))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    if not SANITIZED:
        resource.setrlimit(resource.RLIMIT_AS, (AS_LIMIT, AS_LIMIT))


class Run:
    """One finished child: code (negative: the signal), err, wall, cpu, maxrss_mib."""


def run(args, tmp, wall=120):
    """Runs jmap under the limits; returns exit (negative: signal), stderr, wall and CPU seconds, peak KiB."""
    err_path = os.path.join(tmp, "stderr.txt")
    with open(err_path, "wb") as err_f, open(os.devnull, "wb") as null:
        t0 = time.monotonic()
        p = subprocess.Popen([jmap] + args, stdout=null, stderr=err_f, stdin=subprocess.DEVNULL,
                             preexec_fn=limits)
        timer = threading.Timer(wall, lambda: os.kill(p.pid, signal.SIGKILL))
        timer.start()
        _, status, ru = os.wait4(p.pid, 0)
        timer.cancel()
        p.returncode = os.waitstatus_to_exitcode(status)  # keep Popen from waiting again
        r = Run()
        r.wall = time.monotonic() - t0
    r.code = p.returncode
    r.cpu = ru.ru_utime + ru.ru_stime
    r.maxrss_mib = ru.ru_maxrss / 1024.0
    with open(err_path, "rb") as f:
        r.err = f.read().decode("utf-8", "replace")
    return r


def show(err):
    return err if len(err) < 800 else err[:800] + "..."


_plain = {}


def plain_cpu(size, tmp):
    """CPU seconds of `jmap check` on a plain valid journey of about `size`
    bytes (a power of two, 64 KiB at least, so that the fixed cost of a
    process counts): what a linear check of that size costs here."""
    key = min(LIMIT_INPUT, max(1 << 16, 1 << max(size - 1, 1).bit_length()))
    if key not in _plain:
        path = os.path.join(tmp, "plain.yaml")
        with open(path, "w", encoding="utf-8") as f:
            f.write(long_texts(key))
        _plain[key] = min(run(["check", path], tmp).cpu for _ in range(2))
        os.remove(path)
    return _plain[key]


def case(name, text, check_exit, words=(), build=False, slow=False, slow_build=False, check_cpu=True, build_words=(),
         build_exit=None):
    """Writes the input, runs check (and a build to SVG when the input is valid).
    slow: skipped under sanitizers; slow_build: its build is."""
    if slow and SANITIZED:
        skipped.append(name)
        return
    if build and slow_build and SANITIZED:
        skipped.append(name + " (build)")
        build = False
    tmp = tempfile.mkdtemp(prefix="jmap-limits-")
    try:
        path = os.path.join(tmp, name + ".yaml")
        data = text if isinstance(text, bytes) else text.encode("utf-8")
        with open(path, "wb") as f:
            f.write(data)
        del data, text
        size = os.path.getsize(path)
        runs = [("check", ["check", path])]
        if build:
            runs.append(("build", ["build", path, "-f", "svg", "-o", os.path.join(tmp, "out.svg")]))
        for kind, args in runs:
            r = run(args, tmp)
            what = "%s %s" % (kind, name)
            sig = " (signal %d%s)" % (-r.code, ", CPU limit" if -r.code == signal.SIGXCPU else "") if r.code < 0 else ""
            report.append("  %-8s %-34s %8.1f MiB in  exit %3d  %6.2f s CPU  %7.2f s wall  peak %7.1f MiB%s" %
                          (kind, name, size / MiB, r.code, r.cpu, r.wall, r.maxrss_mib, sig))
            check(r.code in (0, 1, 3), what + " ends cleanly (0, 1 or 3)", "exit %d%s: %s" % (r.code, sig, show(r.err[-800:])))
            if not SANITIZED:
                check(r.maxrss_mib < RSS_LIMIT_MIB, what + " peaks under %d MiB" % RSS_LIMIT_MIB,
                      "peak %.1f MiB" % r.maxrss_mib)
            noise = [w for w in NOISE if w in r.err]
            check(not noise, what + " prints no library or sanitizer noise", "%s in: %s" % (noise, show(r.err[-800:])))
            if kind == "check":
                if check_exit is not None:
                    check(r.code == check_exit, what + " exits %d" % check_exit, "exit %d: %s" % (r.code, show(r.err)))
                for w in words:
                    check(w.lower() in r.err.lower(), what + " says %r" % w, show(r.err))
                if check_cpu and r.code >= 0:
                    plain = plain_cpu(size, tmp)
                    ratio = CPU_RATIO * (2 if SANITIZED else 1)
                    check(r.cpu <= ratio * plain,
                          what + " takes at most %g times the CPU of a plain journey as large" % ratio,
                          "took %.2f s, a plain journey %.2f s" % (r.cpu, plain))
            else:
                if build_exit is not None:
                    check(r.code == build_exit, what + " exits %d" % build_exit, "exit %d: %s" % (r.code, show(r.err)))
                for w in build_words:
                    check(w.lower() in r.err.lower(), what + " says %r" % w, show(r.err))
                left = [n for n in os.listdir(tmp) if n.startswith("out")]
                if r.code == 0:
                    check(left == ["out.svg"], what + " writes out.svg", ", ".join(left))
                else:
                    check(not left, what + " writes nothing when it fails", ", ".join(left))
    finally:
        for n in os.listdir(tmp):
            os.remove(os.path.join(tmp, n))
        os.rmdir(tmp)


# ---- generators ----

WORDS = ("journey customer touchpoint emotion channel stage persona opportunity backstage "
         "visibility metric retention advocacy awareness consideration purchase").split()


def long_texts(total):
    """A valid journey of exactly `total` bytes: stages with one touchpoint each, long `doing` texts."""
    head = "title: Long texts\nstages:\n"
    text = " ".join(WORDS[i % len(WORDS)] for i in range(450))  # about 4 300 characters: under the 5 000 of a text
    parts, size, i = [head], len(head), 0
    while True:
        tp = ("  - name: Stage %d\n    touchpoints:\n      - name: Touchpoint %d\n        emotion: %d\n"
              "        doing: %s\n" % (i, i, i % 5 + 1, text))
        if size + len(tp) > total - 64:
            break
        parts.append(tp)
        size += len(tp)
        i += 1
    s = "".join(parts)
    return s + "#" * (total - 1 - len(s)) + "\n"


def touchpoints(n):
    out = ["title: Many touchpoints\nstages:\n"]
    per = 1000
    for s in range((n + per - 1) // per):
        out.append("  - name: Stage %d\n    touchpoints:\n" % s)
        for i in range(s * per, min(n, (s + 1) * per)):
            out.append("      - {name: Touchpoint %d, channel: web, emotion: %d}\n" % (i, i % 5 + 1))
    return "".join(out)


def bomb(levels, width):
    lines = ["title: Billion laughs", "x-a: &a [%s]" % ", ".join(["lol"] * width)]
    prev = "a"
    for k in range(1, levels):
        name = "a%d" % k
        lines.append("x-%s: &%s [%s]" % (name, name, ", ".join(["*" + prev] * width)))
        prev = name
    lines.append("stages: [{name: S, goal: *%s}]" % prev)
    return "\n".join(lines) + "\n"


t_start = time.monotonic()

# 16 MiB: exactly at the limit loads, and is reported (more than 1 MiB of text to draw)
# quickly and in little memory, by check and build alike; one byte more is refused.
case("at-16mib-long-texts", long_texts(LIMIT_INPUT), 1, words=("MiB of text",), build=True, slow_build=True,
     build_words=("MiB of text",))
case("over-16mib", long_texts(LIMIT_INPUT) + "#", 1, words=("16 MiB",))
# one 16 MiB line: an error at its very end, shown without choking on the line
case("16mib-one-line", "title: T\nstages: [{name: S, goal: " + "word " * ((LIMIT_INPUT - 64) // 5) + "}, {nmae: x}]\n",
     1, words=("unknown key 'nmae'",))

# a million items: more than the 1 000 000 nodes of a file
case("million-pains", "title: T\nstages:\n  - name: S\n    touchpoints:\n      - name: A\n        pains:\n" +
     "          - p\n" * 1000000, 1, words=("nodes",))

# 10 000 touchpoints is the limit
case("10000-touchpoints", touchpoints(10000), 0, build=True, slow_build=True)
case("10001-touchpoints", touchpoints(10001), 1, words=("10000 touchpoints",))

# What a map draws is bounded (docs/format.md): 1 MiB of text and 60 000 texts, list
# items and emotion points. At both bounds at once the build stays in memory and time;
# a 0.9 MB file of 220 000 one-letter pains (it took 978 MB and 14 s before the bound)
# is refused at once. `jmap check` reports a journey past the bounds as build does.
def pains(n_tp, per_tp, word):
    out = ["title: T", "stages:"]
    for s in range((n_tp + 99) // 100):
        out += ["  - name: S%d" % s, "    touchpoints:"]
        for t in range(min(100, n_tp - 100 * s)):
            out += ["      - name: t", "        pains: [" + ", ".join([word] * per_tp) + "]"]
    return "\n".join(out) + "\n"


case("60000-items-1mib-text", pains(2600, 21, "word word word word"), 0, build=True, slow_build=True,
     build_exit=0)
case("220000-one-letter-pains", pains(10000, 21, "p"), 1, words=("at most 60000",), build=True, build_exit=1,
     build_words=("at most 60000",))
case("1mib-text-in-long-texts", "title: T\nstages:\n  - name: S\n    touchpoints:\n" +
     "".join("      - name: t\n        doing: %s\n" % ("lorem ipsum dolor sit amet " * 200)[:4990]
             for _ in range(200)), 0, build=True, slow_build=True, build_exit=0)
case("over-1mib-text", "title: T\nstages:\n  - name: S\n    touchpoints:\n" +
     "".join("      - name: t\n        doing: %s\n" % ("lorem ipsum dolor sit amet " * 200)[:4990]
             for _ in range(230)), 1, words=("at most 1 MiB",), build=True, build_exit=1,
     build_words=("at most 1 MiB",))

# a 1 MiB name, a single word and words: a text is at most 5 000 characters (docs/format.md)
case("1mib-name-one-word", "title: T\nstages:\n  - name: S\n    touchpoints:\n      - name: " + "x" * MiB +
     "\n        emotion: 3\n", 1, words=("at most 5000",))
case("1mib-name-words", "title: T\nstages:\n  - name: S\n    touchpoints:\n      - name: " + "word " * (MiB // 5) +
     "end\n        emotion: 3\n", 1, words=("at most 5000",))
# a text just under the limit draws
case("4999-character-name", "title: T\nstages:\n  - name: S\n    touchpoints:\n      - name: " + "word " * 999 +
     "abcd\n        emotion: 3\n", 0, build=True)

# alias bombs: 9^9 and 10^10 nodes
case("alias-bomb-9x9", bomb(9, 9), 1, words=("aliases expand",))
case("alias-bomb-10x10", bomb(10, 10), 1, words=("aliases expand",))
# many small aliases that add up to just under the limit, then over it
case("aliases-100000", "title: T\nx-a: &a v\nx-list: [" + ", ".join(["*a"] * 100000) + "]\nstages: [{name: S}]\n", 0)
case("aliases-100001", "title: T\nx-a: &a v\nx-list: [" + ", ".join(["*a"] * 100001) + "]\nstages: [{name: S}]\n", 1,
     words=("100000",))
# 200 000 anchors
case("anchors-200000", "title: T\nx-list: [" + ", ".join("&a%d v" % i for i in range(200000)) + "]\nstages: [{name: S}]\n", 0)

# 100 000-deep nesting, three ways
case("deep-100000-flow-seq", "title: T\nstages: " + "[" * 100000 + "]" * 100000 + "\n", 1, words=("deeper than 64",))
case("deep-100000-flow-map", "title: T\nstages: " + "{a: " * 100000 + "}" * 100000 + "\n", 1, words=("deeper than 64",))
case("deep-100000-block-seq", "title: T\nstages: \n  " + "- " * 100000 + "x\n", 1, words=("deeper than 64",))

# no quadratic work on inputs well inside the limits (a linear check of these takes ~0.1 s)
# (60 000 stages are more than a map draws: reported, after the whole file is read)
case("60000-stages", "title: T\nstages:\n" + "".join("  - {name: s%d}\n" % i for i in range(60000)), 1,
     words=("at most 60000",), slow=True)
case("60000-channels", "title: T\nchannels:\n" + "".join("  - {id: c%d}\n" % i for i in range(60000)) +
     "stages: [{name: S}]\n", 0, slow=True)
# 10 000 personas on 10 000 touchpoints: a 320 KB file must not need gigabytes; it is refused
# at the limit of 100 personas (docs/format.md), and 100 personas on 10 000 touchpoints load
# (their million emotion points are more than a map draws: check and build report it)
case("10000-personas-x-10000-touchpoints", "title: T\npersonas:\n" +
     "".join("  - name: p%d\n" % i for i in range(10000)) + "stages:\n  - name: S\n    touchpoints:\n" +
     "      - name: t\n" * 10000, 1, words=("more than 100 personas",), slow=True)
case("100-personas-x-10000-touchpoints", "title: T\npersonas:\n" +
     "".join("  - name: p%d\n" % i for i in range(100)) + "stages:\n  - name: S\n    touchpoints:\n" +
     "      - name: t\n" * 10000, 1, words=("at most 60000",), slow=True, build=True, build_exit=1,
     build_words=("at most 60000",))

print("runs (exit, CPU, wall, peak resident memory of each child):")
print("\n".join(report))
if skipped:
    print("skipped under sanitizers (JMAP_SANITIZED=ON), too slow there: " + ", ".join(skipped))
print("total %.1f s" % (time.monotonic() - t_start))
summary()
