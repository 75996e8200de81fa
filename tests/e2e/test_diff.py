#!/usr/bin/env python3
"""End-to-end tests of `jmap diff BEFORE AFTER`.

Usage: python3 test_diff.py PATH_TO_JMAP
(JMAP_SOURCE_DIR names the source root, for examples/diff/.)

Reads the SVG of the diff of examples/diff/checkout-*.yaml: each card's tag
(Added, Changed, Removed) stands on the right touchpoint, the removed one is
drawn faded between its neighbours of BEFORE, the legend names the marks and
the earlier score; then exit statuses and errors of either file.
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import run_tests, test  # noqa: E402

JMAP = None
SOURCE_DIR = os.environ.get("JMAP_SOURCE_DIR") or os.path.abspath(
    os.path.join(os.path.dirname(__file__), "..", ".."))
EX = os.path.join(SOURCE_DIR, "examples", "diff")
BEFORE = os.path.join(EX, "checkout-before.yaml")
AFTER = os.path.join(EX, "checkout-after.yaml")
TMP = tempfile.mkdtemp(prefix="jmap-diff-")

TEXT = re.compile(r'<text fill="(#[0-9a-f]{6})"[^>]*><tspan x="([-\d.]+)" y="([-\d.]+)"[^>]*>([^<]*)</tspan>')


def run(args, stdin=b""):
    p = subprocess.run([JMAP] + args, input=stdin, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=120)
    return p.returncode, p.stdout, p.stderr.decode("utf-8")


def texts(svg):
    return [(fill, float(x), float(y), s) for fill, x, y, s in TEXT.findall(svg)]


def lightness(fill):
    return sum(int(fill[i:i + 2], 16) for i in (1, 3, 5)) / 3


def diff_svg(*extra, before=BEFORE, after=AFTER):
    status, out, err = run(["diff", before, after, "-o", "-", "-f", "svg", *extra])
    assert status == 0, (status, err)
    return out.decode("utf-8")


def tags_of(svg):
    """{touchpoint name: tag word} from the cards: a tag stands just above
    its card's name, 6 units to its right."""
    ts = texts(svg)
    found = {}
    for fill, x, y, s in ts:
        m = re.match(r"^(\+|−|●) (.+)$", s)
        if not m:
            continue
        names = [t for t in ts if abs(t[1] - (x - 6)) < 0.5 and 0 < t[2] - y < 40]
        if names:
            found[names[0][3]] = m.group(2)
    return found


@test
def marks_on_the_right_touchpoints():
    found = tags_of(diff_svg())
    assert found == {
        "Applies a discount code": "Changed",
        "Enters the address": "Changed",
        "Creates an account": "Removed",
        "Pays with a phone wallet": "Added",
        "Pays by card": "Changed",
        "Tracking text": "Added",
    }, found


@test
def removed_is_faded_where_it_stood():
    ts = texts(diff_svg())
    names = {s: (fill, x) for fill, x, y, s in ts}
    for kept in ("Reviews the basket", "Enters the address", "Chooses a delivery slot"):
        assert lightness(names["Creates an account"][0]) > lightness(names[kept][0]) + 80, (names["Creates an account"], names[kept])
    # in BEFORE's order: after the address, before the delivery slot
    assert names["Enters the address"][1] < names["Creates an account"][1] < names["Chooses a delivery slot"][1]
    # its own text, in other lanes, faded too
    doing = [t for t in ts if t[3].startswith("Invents yet another")]
    assert doing and lightness(doing[0][0]) > 150, doing


@test
def legend_names_the_marks():
    svg = diff_svg()
    ts = texts(svg)
    card_y = max(y for fill, x, y, s in ts if s == "Reviews the basket")
    legend = {s for fill, x, y, s in ts if y > card_y + 200}
    for s in ("+ Added", "● Changed", "− Removed", "Earlier score"):
        assert s in legend, (s, legend)


@test
def the_legend_in_the_maps_language():
    with open(AFTER, encoding="utf-8") as f:
        after = f.read().replace("title: Checkout", "title: Checkout\nlang: uk", 1)
    path = os.path.join(TMP, "after-uk.yaml")
    with open(path, "w", encoding="utf-8") as f:
        f.write(after)
    svg = diff_svg(after=path)
    for s in ("Додано", "Змінено", "Вилучено", "Попередня оцінка"):
        assert s in svg, s
    assert "Added" not in svg


@test
def scores_moved_are_shown():
    # same map drawn by build has fewer shapes: ghosts and arrows are extra
    status, plain, err = run(["build", AFTER, "-o", "-", "-f", "svg"])
    assert status == 0, err
    svg = diff_svg()
    assert svg.count("<path") > plain.decode().count("<path") + 6


@test
def build_options_work():
    out = os.path.join(TMP, "d.png")
    status, _, err = run(["diff", BEFORE, AFTER, "-o", out, "--scale", "2", "--theme", "dark", "--persona", "sam"])
    assert status == 0 and open(out, "rb").read(8) == b"\x89PNG\r\n\x1a\n", err
    status, out_, err = run(["diff", BEFORE, AFTER, "-o", "-", "-f", "pdf"])
    assert status == 0 and out_.startswith(b"%PDF"), err
    status, _, err = run(["diff", BEFORE, AFTER, "-o", "-", "-f", "svg", "--persona", "nobody"])
    assert status == 1 and "no persona 'nobody'" in err, (status, err)
    # without -o: AFTER's name with -diff.svg, beside it, never over AFTER's own map
    b, a = os.path.join(TMP, "b.yaml"), os.path.join(TMP, "a.yaml")
    shutil.copy(BEFORE, b)
    shutil.copy(AFTER, a)
    status, _, err = run(["diff", b, a])
    assert status == 0 and os.path.exists(os.path.join(TMP, "a-diff.svg")), (status, err)
    assert not os.path.exists(os.path.join(TMP, "a.svg"))


@test
def exit_statuses_and_errors():
    status, _, err = run(["diff", os.path.join(TMP, "missing.yaml"), AFTER, "-o", os.path.join(TMP, "x.svg")])
    assert status == 3 and "cannot read" in err and "missing.yaml" in err, (status, err)
    assert not os.path.exists(os.path.join(TMP, "x.svg"))
    bad = os.path.join(TMP, "bad.yaml")
    with open(bad, "w") as f:
        f.write("title: Bad\nstages:\n  - name: S\n    touchpoints:\n      - name: T\n        emotoin: 3\n")
    for args in ([bad, AFTER], [BEFORE, bad]):
        out = os.path.join(TMP, "y.svg")
        status, _, err = run(["diff", *args, "-o", out])
        assert status == 1, (args, status, err)
        assert re.search(r"bad\.yaml:6:9: error: unknown key 'emotoin'", err), err
        assert not os.path.exists(out)
    assert run(["diff", BEFORE])[0] == 2
    assert run(["diff", BEFORE, AFTER, AFTER, "-o", "-", "-f", "svg"])[0] == 2
    assert run(["diff", BEFORE, AFTER, "--frobnicate"])[0] == 2
    assert run(["diff", BEFORE, AFTER, "-j", "2"])[0] == 2
    status, out, _ = run(["help", "diff"])
    assert status == 0 and b"BEFORE AFTER" in out


def main():
    global JMAP
    if len(sys.argv) != 2:
        print("usage: test_diff.py PATH_TO_JMAP", file=sys.stderr)
        return 2
    JMAP = os.path.abspath(sys.argv[1])
    return run_tests(cleanup=lambda: shutil.rmtree(TMP, ignore_errors=True))


if __name__ == "__main__":
    sys.exit(main())
