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


# ---- scripts made of test functions: @test each, then run_tests() ----

TESTS = []


class Skip(Exception):
    """Raised by a test that cannot run here; counted apart from failures."""


def test(fn):
    TESTS.append(fn)
    return fn


def run_tests(cleanup=None):
    """Runs every @test function, reporting each failure and going on; a test
    may return a note to print. Returns the exit status."""
    import time
    import traceback
    passed = failed = skipped = 0
    start = time.time()
    for t in TESTS:
        try:
            note = t()
            passed += 1
            if note:
                print(f"{t.__name__}: {note}")
        except Skip as s:
            skipped += 1
            print(f"SKIP {t.__name__}: {s}")
        except Exception as e:  # noqa: BLE001 - report every failure, keep going
            failed += 1
            detail = str(e) if isinstance(e, AssertionError) else traceback.format_exc()
            print(f"FAIL {t.__name__}: {detail}")
    if cleanup:
        cleanup()
    print(f"{skipped} skipped, {time.time() - start:.1f} s")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0
