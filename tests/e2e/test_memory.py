#!/usr/bin/env python3
"""Memory in proportion (docs/memory.md): loading takes at most about ten
times an input's size, whatever its shape; a batch holds one input at a time
(per job); a PDF's pages go to the output as they are finished, so its peak
does not grow with the page count; and running out of memory anywhere is
exit 3 with a message, never a signal.

Peak memory is the child's own ru_maxrss, from os.wait4 (as in
test_limits.py), minus the peak of the same command on a tiny input (the
process's fixed baseline: the binary, its libraries, fontconfig). Nothing is
timed. Under the sanitizers (JMAP_SANITIZED=ON) resident memory means
nothing (ASan's shadow and quarantine) and an address-space limit cannot be
set (ASan reserves terabytes): those tests are skipped there.

Usage: test_memory.py JMAP"""
import os
import resource
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import NOISE, Skip, run_tests, test  # noqa: E402

JMAP = sys.argv[1] if len(sys.argv) > 1 else "jmap"
SANITIZED = os.environ.get("JMAP_SANITIZED", "").upper() in ("ON", "1", "TRUE", "YES")
VALGRIND = os.environ.get("JMAP_VALGRIND", "").upper() in ("ON", "1", "TRUE", "YES")
MiB = 1024 * 1024
SIZE = 15 * MiB                 # inside the 16 MiB input limit
RATIO = 10                      # peak above the baseline, in input sizes
AS_BACKSTOP = 3 * 1024 * MiB    # a run that goes far past the bound stops here, not at the machine's end
TMP = tempfile.mkdtemp(prefix="jmap-memory-")


def run(args, as_limit=AS_BACKSTOP, env=None, timeout=None):
    """Runs jmap; returns (exit status, negative for a signal; stderr; peak MiB)."""
    def limits():
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        if as_limit and not SANITIZED and not VALGRIND:
            resource.setrlimit(resource.RLIMIT_AS, (as_limit, as_limit))
    err_path = os.path.join(TMP, "stderr.txt")
    with open(err_path, "wb") as err_f, open(os.devnull, "wb") as null:
        p = subprocess.Popen([JMAP] + args, stdout=null, stderr=err_f, stdin=subprocess.DEVNULL,
                             preexec_fn=limits, env=env)
        if timeout:
            try:
                p.wait(timeout)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
                raise
            ru = resource.getrusage(resource.RUSAGE_CHILDREN)  # the peak is not this test's concern
            status = None
        else:
            _, status, ru = os.wait4(p.pid, 0)
        if status is not None:
            p.returncode = os.waitstatus_to_exitcode(status)
    with open(err_path, "rb") as f:
        err = f.read().decode("utf-8", "replace")
    return p.returncode, err, ru.ru_maxrss / 1024.0


def write(name, text):
    path = os.path.join(TMP, name)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


def measurable():
    if SANITIZED or VALGRIND:
        raise Skip("resident memory is not the program's own under the sanitizers or valgrind")


_baseline = {}


def baseline(command):
    """The peak of `command` on a tiny journey: what every run pays."""
    if command not in _baseline:
        tiny = write("tiny.yaml", "title: T\nstages:\n  - name: S\n    touchpoints:\n      - name: t\n")
        if command == "check":
            _, _, peak = run(["check", tiny])
        else:
            _, _, peak = run(["build", tiny, "-o", os.path.join(TMP, "tiny.pdf")])
        _baseline[command] = peak
    return _baseline[command]


# ---- the shapes of a large input ----

WORDS = ("journey customer touchpoint emotion channel stage persona opportunity backstage "
         "visibility metric retention advocacy awareness consideration purchase").split()


def fill(parts, size):
    """Joins parts, padded with a comment to exactly `size` bytes."""
    s = "".join(parts)
    assert len(s) < size, len(s)
    return s + "#" * (size - 1 - len(s)) + "\n"


def until(size, head, item):
    """head, then item(i) for i = 0, 1, ... while it fits in `size`."""
    parts, n, i = [head], len(head), 0
    while True:
        x = item(i)
        if n + len(x) > size - 64:
            return fill(parts, size)
        parts.append(x)
        n += len(x)
        i += 1


def small_journeys(size):
    """As many small documents as fit: each a journey of its own."""
    return until(size, "", lambda i: "---\ntitle: J%d\nstages: [{name: S, touchpoints: [{name: t, emotion: 3}]}]\n" % i)


def empty_documents(size):
    return until(size, "title: T\nstages: [{name: S}]\n", lambda i: "---\n")


def mapping_documents(size):
    """Documents that are mappings without a journey's keys."""
    return until(size, "title: T\nstages: [{name: S}]\n", lambda i: "--- {}\n")


def medium_journeys(size):
    """Journeys of about 1.5 KB each, each with its stages, touchpoints and texts."""
    text = " ".join(WORDS[i % len(WORDS)] for i in range(12))
    tps = "".join("      - {name: Touchpoint %d, channel: web, emotion: %d, doing: %s}\n" % (k, k % 5 + 1, text)
                  for k in range(12))
    return until(size, "", lambda i: "---\ntitle: Journey %d\nstages:\n  - name: Stage\n    touchpoints:\n%s" % (i, tps))


def small_scalars(size):
    """One flow list of short scalars, up to the node limit."""
    head = "title: T\nstages: [{name: S}]\nx-list: ["
    n = min((size - len(head) - 16) // 16, 990000)
    return fill([head, ", ".join("%014d" % i for i in range(n)), "]\n"], size)


def tiny_scalars(size):
    """One-letter scalars, as many as the node limit allows."""
    return fill(["title: T\nstages: [{name: S}]\nx-list: [", ",".join(["a"] * 990000), "]\n"], size)


def mapping_pairs(size):
    head = "title: T\nstages: [{name: S}]\nx-map:\n"
    return until(size, head, lambda i: "  k%012d: v%012d\n" % (i, i))


def long_texts(size):
    text = " ".join(WORDS[i % len(WORDS)] for i in range(450))
    return until(size, "title: Long texts\nstages:\n",
                 lambda i: "  - name: Stage %d\n    touchpoints:\n      - name: T%d\n        emotion: 3\n"
                           "        doing: %s\n" % (i, i, text))


def many_touchpoints(size):
    """10 000 touchpoints (the limit) with as much text each as fits."""
    per = size // 10000 - 120
    text = (" ".join(WORDS) + " ") * (per // 100 + 1)
    out = ["title: Many touchpoints\nstages:\n"]
    for s in range(10):
        out.append("  - name: Stage %d\n    touchpoints:\n" % s)
        for i in range(s * 1000, (s + 1) * 1000):
            out.append("      - name: Touchpoint %d\n        channel: web\n        emotion: %d\n        doing: %s\n"
                       % (i, i % 5 + 1, text[:per].strip()))
    return fill(out, size)


def many_pains(size):
    """Short list items in touchpoints: the model's lists, not extension keys."""
    out = ["title: T\nstages:\n  - name: S\n    touchpoints:\n"]
    n = 0
    while n < 900000:
        out.append("      - name: t\n        pains: [" + ", ".join(["pain %06d" % k for k in range(100)]) + "]\n")
        n += 102
    return fill(out, size)


def empty_touchpoints(size):
    """Touchpoints of three bytes each (`{}`), 10 000 a journey, a struct each in the model."""
    doc = "---\ntitle: T\nstages: [{name: S, touchpoints: [" + ",".join(["{}"] * 9990) + "]}]\n"
    return fill([doc] * 99, size)


def personas_by_touchpoints(size):
    """100 personas and 600 touchpoints a journey: a score and a target for each pair."""
    doc = ("---\ntitle: T\npersonas: [" + ",".join("{name: p%d}" % i for i in range(100)) +
           "]\nstages: [{name: S, touchpoints: [" + ",".join(["{}"] * 600) + "]}]\n")
    return until(size, "", lambda i: doc)


def empty_records(size):
    """Stages, channels and metrics of a few bytes each."""
    return until(size, "", lambda i: "---\ntitle: T\nchannels: [" + ",".join(["{}"] * 3000) +
                 "]\nstages: [" + ",".join(["{}"] * 3000) + "]\nx-m: 1\n" if i % 2 else
                 "---\ntitle: T\nstages: [{name: S, metrics: {" + ",".join("m%d: 1" % k for k in range(3000)) +
                 "}}]\n")


SHAPES = [empty_touchpoints, personas_by_touchpoints, empty_records, small_journeys, empty_documents, mapping_documents, medium_journeys, small_scalars, tiny_scalars,
          mapping_pairs, long_texts, many_touchpoints, many_pains]


@test
def loading_takes_at_most_ten_times_the_input():
    measurable()
    base = baseline("check")
    bad, lines = [], []
    for shape in SHAPES:
        path = write(shape.__name__ + ".yaml", shape(SIZE))
        code, err, peak = run(["check", path])
        size = os.path.getsize(path)
        ratio = (peak - base) * MiB / size
        lines.append("%s %.0f MiB (%.1fx)" % (shape.__name__, peak - base, ratio))
        if code not in (0, 1) or ratio > RATIO:
            bad.append("%s: exit %d, %.0f MiB above the baseline for %.1f MiB of input (%.1fx); %s"
                       % (shape.__name__, code, peak - base, size / MiB, ratio, err[-300:]))
        os.remove(path)
    assert not bad, "\n".join(bad + lines)
    return "baseline %.0f MiB; %s" % (base, ", ".join(lines))


def heavy_journey(refs=50000, touchpoints=10):
    """A journey that is quick to draw but large once loaded: touchpoints whose
    `personas` lists name the one persona again and again (a reference is not
    drawn; each is a node while loading, and a string in the model)."""
    refs = ", ".join(["p"] * refs)
    return ("title: T\npersonas: [{name: P, id: p}]\nstages:\n  - name: S\n    touchpoints:\n" +
            "".join("      - {name: t%d, emotion: 3, personas: [%s]}\n" % (i, refs) for i in range(touchpoints)))


@test
def a_batch_holds_one_input_at_a_time():
    """Three such inputs peak about as one does at -j 1, and as two do at -j 2
    (two are loaded at once, then drawn in two workers; ru_maxrss is the
    largest of the processes, the parent included)."""
    measurable()
    text = heavy_journey()
    paths = [write("heavy%d.yaml" % i, text) for i in range(3)]
    out = os.path.join(TMP, "out") + "/"
    base = baseline("build")
    notes = []
    for jobs in ("1", "2"):
        code, err, one = run(["build", paths[0], "-o", out, "-f", "pdf", "-j", jobs])
        assert code == 0, (code, err)
        code, err, three = run(["build"] + paths + ["-o", out, "-f", "pdf", "-j", jobs])
        assert code == 0, (code, err)
        assert three - base < 1.4 * int(jobs) * (one - base), \
            "-j %s: three inputs peak %.0f MiB above the baseline, one %.0f MiB" % (jobs, three - base, one - base)
        notes.append("-j %s: one input %.0f MiB, three %.0f MiB above the baseline" % (jobs, one - base, three - base))
    return "; ".join(notes)


@test
def a_poster_streams_its_pages():
    """The same map as a poster of about 40 pages (a2-landscape) and of about
    240 (a4): cairo's PDF surface writes each page when it is shown, and the
    output goes straight to its temporary file (src/cli/io.c), so six times
    the pages cost no more memory. (Measured before and after this test was
    written: it never grew; the test keeps it so.)"""
    measurable()
    text = "doing some things here and there " * 20
    tps = "".join("      - {name: Touchpoint %d with words, channel: web, emotion: %d, doing: %s}\n" % (i, i % 5 + 1, text)
                  for i in range(50))
    path = write("poster.yaml", "title: Poster\nstages:\n" +
                 "".join("  - name: Stage %d\n    touchpoints:\n%s" % (s, tps) for s in range(6)))
    peaks = {}
    for page in ("a2-landscape", "a4"):
        code, err, peaks[page] = run(["build", path, "-o", os.path.join(TMP, "poster.pdf"), "--page", page, "-q"])
        assert code == 0, (code, err)
    assert peaks["a4"] - peaks["a2-landscape"] < 4, peaks
    return "peak %.0f MiB (about 40 pages), %.0f MiB (about 240 pages)" % (peaks["a2-landscape"], peaks["a4"])


EXAMPLES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "examples")


@test
def out_of_memory_is_exit_3_with_a_message():
    """Under address-space limits (ulimit -v) from too small to enough, so that
    allocations fail in different places (loading, fontconfig and Pango's
    threads, layout, painting): every run ends with 0, or 3 and "out of
    memory", never by a signal (GLib's g_error was SIGTRAP, status 133), and
    never hangs; a failed build leaves no output."""
    if SANITIZED or VALGRIND:
        raise Skip("an address-space limit cannot be set under the sanitizers (ASan reserves terabytes) or valgrind")
    car = os.path.join(EXAMPLES, "car-purchase.yaml")
    shop = os.path.join(EXAMPLES, "online-shop.yaml")
    medium = write("medium.yaml", medium_journeys(1500000))   # loading alone runs out below ~48 MiB
    small = write("small.yaml", medium_journeys(60000))       # 40 journeys: a PDF of 40 pages
    outdir = os.path.join(TMP, "oom")
    runs = {
        "check": ["check", medium],
        "svg": ["build", car, "-o", os.path.join(outdir, "m.svg"), "-j", "1"],
        "png": ["build", car, "-o", os.path.join(outdir, "m.png"), "-j", "1"],
        "pdf": ["build", small, "-o", os.path.join(outdir, "m.pdf"), "-j", "1"],
        "poster": ["build", car, "-o", os.path.join(outdir, "p.pdf"), "--page", "a4"],
        "batch": ["build", car, shop, small, "-o", outdir + "/", "-f", "svg", "-j", "2"],
    }
    bad, seen = [], {}
    for mib in (40, 64, 100, 140, 200, 260, 480):
        for name, args in runs.items():
            shutil.rmtree(outdir, ignore_errors=True)
            try:
                code, err, _ = run(args + ["-q"], as_limit=mib * MiB, timeout=120)
            except subprocess.TimeoutExpired:
                bad.append("%s at %d MiB: still running after 120 s" % (name, mib))
                continue
            seen.setdefault(name, []).append("%d:%d" % (mib, code))
            left = sorted(os.listdir(outdir)) if os.path.isdir(outdir) else []
            if code < 0 or code not in (0, 3):
                bad.append("%s at %d MiB: exit %d: %s" % (name, mib, code, err[-300:]))
            elif code == 3 and "out of memory" not in err:
                bad.append("%s at %d MiB: exit 3 without 'out of memory': %s" % (name, mib, err[-300:]))
            elif code == 3 and name != "batch" and left:
                bad.append("%s at %d MiB: failed, and left %s" % (name, mib, left))
            noise = [w for w in NOISE if w in err]
            if noise:
                bad.append("%s at %d MiB: %s on standard error: %s" % (name, mib, noise, err[-300:]))
    assert not bad, "\n".join(bad)
    return "; ".join("%s %s" % (k, " ".join(v)) for k, v in seen.items())


if __name__ == "__main__":
    try:
        rc = run_tests()
    finally:
        shutil.rmtree(TMP, ignore_errors=True)
    sys.exit(rc)
