"""What the end-to-end scripts that tally checks share: check() counts and
reports one assertion without stopping the script; summary() prints the
tally and exits 1 if anything failed. NOISE: words that mean a library or a
sanitizer complained on standard error."""
import sys

NOISE = ("Sanitizer", "runtime error", "Pango-", "GLib", "CRITICAL")

tally = {"passed": 0, "failed": 0}


def check(ok, what, detail=""):
    if ok:
        tally["passed"] += 1
    else:
        tally["failed"] += 1
        print("FAIL:", what + (("\n      " + str(detail).replace("\n", "\n      ")) if detail else ""))
    return ok


def failures():
    return tally["failed"]


def summary(extra=""):
    print("%d passed, %d failed%s" % (tally["passed"], tally["failed"], extra))
    sys.exit(1 if tally["failed"] else 0)
