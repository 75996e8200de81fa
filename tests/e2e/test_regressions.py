"""Every input the fuzzers ever broke jmap with (tests/fuzz/regressions/) must
now be handled: `jmap check` and `jmap build` (and `jmap diff` of the two
halves of a fuzz_diff input, named diff-*) exit 0 or 1, never crash, never
print a sanitizer report, and write no output when they report errors."""
import os
import subprocess
import sys
import tempfile
from harness import check, summary

jmap = sys.argv[1]
src = os.environ.get("JMAP_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))
corpus = os.path.join(src, "tests", "fuzz", "regressions")




SEPARATOR = b"\n====\n"  # fuzz_diff's line between BEFORE and AFTER


def runs(name, path, tmp):
    """The commands an input is replayed through: check and build; for an
    input of fuzz_diff (diff-*), jmap diff of its two halves too."""
    out = os.path.join(tmp, "out.svg")
    yield ["check", path]
    yield ["build", path, "-o", out]
    if name.startswith("diff-"):
        with open(path, "rb") as f:
            data = f.read()
        before, sep, after = data.partition(SEPARATOR)
        halves = (before + b"\n", after) if sep else (data, data)
        paths = []
        for half, text in zip(("before.yaml", "after.yaml"), halves):
            paths.append(os.path.join(tmp, half))
            with open(paths[-1], "wb") as f:
                f.write(text)
        yield ["diff", paths[0], paths[1], "-o", out]


with tempfile.TemporaryDirectory() as tmp:
    for name in sorted(os.listdir(corpus)):
        path = os.path.join(corpus, name)
        for args in runs(name, path, tmp):
            out_svg = os.path.join(tmp, "out.svg")
            if os.path.exists(out_svg):
                os.remove(out_svg)
            p = subprocess.run([jmap] + args, capture_output=True, timeout=60)
            err = p.stderr.decode("utf-8", "replace")
            what = "%s %s" % (args[0], name)
            check(p.returncode in (0, 1), what + " exits 0 or 1", "got %d: %s" % (p.returncode, err[-400:]))
            check("Sanitizer" not in err and "runtime error" not in err, what + " is clean", err[-400:])
            if args[0] in ("build", "diff") and p.returncode == 1:
                check(not os.path.exists(out_svg), what + " writes nothing on error")

summary()
