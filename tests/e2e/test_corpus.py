"""The bad-input corpus (tests/corpus/): every file gets exactly the outcome
that tests/corpus/expected.tsv gives it, and nothing ever crashes.

expected.tsv has one line per corpus file:

    FILE <TAB> EXIT <TAB> LINE:COL <TAB> MESSAGE WORDS

EXIT is what `jmap check FILE` must exit with; LINE:COL and the words (each
must appear in the message, case-insensitively) are for the first diagnostic;
`-` where not applicable. A FILE ending in `.gen` is a recipe, not an input:
a JSON object {"parts": [[TEXT, REPEAT], ...]} whose parts, concatenated, are
the input; it is written to a temporary directory at test time (large inputs
are not committed). Anything else is used byte for byte.

For every file, `jmap check` and `jmap build FILE -o DIR/out.svg`:
  - exit only 0, 1 or 3 (never a signal, never another status);
  - print nothing from sanitizers or libraries (Sanitizer, runtime error,
    Pango-, GLib, CRITICAL): library noise must never reach the user;
  - end (a run still going after HUNG seconds is stopped as hung; how cost
    grows with the input is checked in test_patho_*.py);
and a build of an input with errors writes no file.

Usage: test_corpus.py JMAP"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from harness import NOISE, check, summary

jmap = sys.argv[1]
src = os.environ.get("JMAP_SOURCE_DIR", os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
corpus = os.path.join(src, "tests", "corpus")
HUNG = 120  # seconds: only to stop a run that never ends (how cost grows: test_patho_*.py)
# Files with more than 50 errors: how many must be left unshown ("N more errors").
MORE_ERRORS = {"errors-60.yaml": 10, "errors-120-mixed.yaml": 70}
DIAG = re.compile(r"^(.*?):(\d+):(\d+): error: (.*)$")
DIAG_NOPOS = re.compile(r"^(.*?): error: (.*)$")





def load_expected():
    rows = []
    with open(os.path.join(corpus, "expected.tsv"), encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            cols = line.split("\t")
            if len(cols) != 4:
                check(False, "expected.tsv line %d has 4 columns" % n, line)
                continue
            rows.append(cols)
    return rows


def materialize(name, tmp):
    """The input bytes of a corpus entry, as a path to run jmap on."""
    path = os.path.join(corpus, name)
    if not name.endswith(".gen"):
        return path
    with open(path, encoding="utf-8") as f:
        recipe = json.load(f)
    out = os.path.join(tmp, "gen", name[:-4])
    os.makedirs(os.path.dirname(out), exist_ok=True)
    with open(out, "wb") as f:
        for text, repeat in recipe["parts"]:
            f.write(text.encode("utf-8") * repeat)
    return out


def run(args):
    try:
        p = subprocess.run([jmap] + args, capture_output=True, timeout=HUNG)
    except subprocess.TimeoutExpired:
        return None, ""
    return p, p.stderr.decode("utf-8", "replace")


def first_diag(err):
    """(line, col, message) of the first diagnostic, ("-", "-", message) if it has no position."""
    for line in err.splitlines():
        m = DIAG.match(line)
        if m:
            return m.group(2), m.group(3), m.group(4)
        m = DIAG_NOPOS.match(line)
        if m and not line.startswith("  "):
            return "-", "-", m.group(2)
    return None


def clean(what, p, err):
    if p is None:
        check(False, what + " finishes", "hung: no end after %d s" % HUNG)
        return
    check(p.returncode in (0, 1, 3), what + " exits 0, 1 or 3",
          "got %d%s: %s" % (p.returncode, " (signal %d)" % -p.returncode if p.returncode < 0 else "", err[-600:]))
    noise = [w for w in NOISE if w in err]
    check(not noise, what + " prints no library or sanitizer noise", "found %s in: %s" % (noise, err[-800:]))


def show(err):
    return err if len(err) < 1200 else err[:1200] + "..."


rows = load_expected()
listed = {r[0] for r in rows}
on_disk = {n for n in os.listdir(corpus) if n not in ("expected.tsv", "README.md")}
check(len(rows) >= 60, "the corpus has at least 60 files", "only %d" % len(rows))
check(not (on_disk - listed), "every corpus file has a line in expected.tsv", ", ".join(sorted(on_disk - listed)))
check(not (listed - on_disk), "every line of expected.tsv names a corpus file", ", ".join(sorted(listed - on_disk)))

tmp = tempfile.mkdtemp(prefix="jmap-corpus-")
try:
    for name, exit_s, pos, words in rows:
        if name not in on_disk:
            continue
        path = materialize(name, tmp)
        want_exit = int(exit_s)

        # jmap check
        p, err = run(["check", path])
        what = "check " + name
        clean(what, p, err)
        if p is None:
            continue
        check(p.returncode == want_exit, what + " exits %d" % want_exit, "got %d: %s" % (p.returncode, show(err)))
        d = first_diag(err)
        if want_exit == 0:
            check(d is None, what + " reports nothing", show(err))
        elif pos != "-" or words != "-":
            if d is None:
                check(False, what + " reports a diagnostic", show(err))
            else:
                line, col, msg = d
                if pos != "-":
                    check("%s:%s" % (line, col) == pos, what + " reports its first error at " + pos,
                          "got %s:%s: %s" % (line, col, msg[:300]))
                if words != "-":
                    missing = [w for w in words.split() if w.lower() not in msg.lower()]
                    check(not missing, what + " says " + repr(words),
                          "missing %s in: %s" % (missing, msg[:300]))
        if name in MORE_ERRORS:
            n_diags = sum(1 for line in err.splitlines() if DIAG.match(line))
            check(n_diags == 50, what + " shows 50 errors", "showed %d" % n_diags)
            more = re.search(r"(\d+) more errors", err)
            check(more is not None and int(more.group(1)) == MORE_ERRORS[name],
                  what + " says %d more errors" % MORE_ERRORS[name], err.splitlines()[-1] if err else "")

        # jmap build to SVG
        outdir = os.path.join(tmp, "out")
        shutil.rmtree(outdir, ignore_errors=True)
        os.makedirs(outdir)
        out = os.path.join(outdir, "out.svg")
        p, err = run(["build", path, "-o", out])
        what = "build " + name
        clean(what, p, err)
        if p is None:
            continue
        if want_exit != 0:
            check(p.returncode != 0, what + " fails", "exit %d" % p.returncode)
            left = os.listdir(outdir)
            check(not left, what + " writes no file", ", ".join(left))
        else:
            check(p.returncode == 0, what + " succeeds", "exit %d: %s" % (p.returncode, show(err)))
finally:
    shutil.rmtree(tmp, ignore_errors=True)

summary()
