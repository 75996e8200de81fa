#!/usr/bin/env python3
"""End-to-end tests of `jmap diff BEFORE AFTER`.

Usage: python3 test_diff.py PATH_TO_JMAP
(JMAP_SOURCE_DIR names the source root, for examples/diff/.)

Reads the SVG of the diff of examples/diff/checkout-*.yaml: each card's tag
(Added, Changed, Removed) stands on the right touchpoint, the removed one is
drawn faded between its neighbours of BEFORE, the legend names the marks and
the earlier score; the whole change is told (every lane of either map, the
removed touchpoint's pains and opportunities, pains fixed and new, what a
changed card changed, the old curve, the summary line, in the map's
language); then exit statuses and errors of either file.
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


TEXT_EL = re.compile(r'<text fill="(#[0-9a-f]{6})" font-size="([\d.]+)"[^>]*>(.*?)</text>')
TSPAN = re.compile(r'<tspan x="([-\d.]+)" y="([-\d.]+)" textLength="([\d.]+)"[^>]*>([^<]*)</tspan>')
HLINE = re.compile(r'<path d="M([-\d.]+) ([-\d.]+)L([-\d.]+) ([-\d.]+)" fill="none" stroke="(#[0-9a-f]{6})"')


def spans(svg):
    """Each line of text: {text, fill, size, x, y (baseline), w}."""
    return [dict(fill=f, size=float(z), x=float(x), y=float(y), w=float(w), s=t)
            for f, z, inner in TEXT_EL.findall(svg) for x, y, w, t in TSPAN.findall(inner)]


def span(svg, text):
    found = [t for t in spans(svg) if t["s"] == text]
    assert found, (text, sorted({t["s"] for t in spans(svg)}))
    return found[0]


def struck(svg, t):
    """Whether a horizontal line runs through the middle of text line t."""
    for x0, y0, x1, y1, _ in HLINE.findall(svg):
        x0, y0, x1, y1 = map(float, (x0, y0, x1, y1))
        if abs(y0 - y1) > 0.01:
            continue
        if t["y"] - 0.7 * t["size"] < y0 < t["y"] and x0 <= t["x"] + 2 and x1 >= t["x"] + t["w"] - 2:
            return True
    return False


def tag_under(svg, t, tag):
    """The tag (a pill's text) just under text line t, at its left edge."""
    for u in spans(svg):
        if u["s"] == tag and abs(u["x"] - (t["x"] + 6)) < 1 and 0 < u["y"] - t["y"] < 40:
            return u
    return None


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
        m = re.match(r"^(\+|−|●) (Added|Changed|Removed)$", s)
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
        "Reviews the basket": "Changed",
        "Applies a discount code": "Changed",
        "Enters the address": "Changed",
        "Creates an account": "Removed",
        "Chooses a delivery slot": "Changed",
        "Pays with a phone wallet": "Added",
        "Pays by card": "Changed",
        "Order confirmation": "Changed",
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


LANE_X = 40  # the lane titles' left edge


@test
def every_lane_of_either_map_is_shown():
    # BEFORE has an opportunities lane, AFTER has not: the diff shows it, with
    # BEFORE's opportunities (one of a removed touchpoint, one gone from a kept one)
    svg = diff_svg()
    lanes = [t["s"] for t in spans(svg) if abs(t["x"] - LANE_X) < 1]
    for lane in ("TOUCHPOINTS", "DOING", "EMOTIONS", "PAIN POINTS", "OPPORTUNITIES"):
        assert lane in lanes, (lane, lanes)
    assert lanes.index("PAIN POINTS") < lanes.index("OPPORTUNITIES"), lanes
    span(svg, "Offer guest checkout")
    assert struck(svg, span(svg, "Show the code field under")) and struck(svg, span(svg, "the total"))


@test
def removed_touchpoint_keeps_its_pains_and_opportunities_struck_or_faded():
    svg = diff_svg()
    name = span(svg, "Creates an account")
    assert struck(svg, name), name
    kept = span(svg, "Chooses a delivery slot")
    for s in ("No guest checkout", "Password rules shown only", "Offer guest checkout"):
        t = span(svg, s)
        assert name["x"] - 10 < t["x"] < name["x"] + 190, (s, t, name)  # in its column
        assert lightness(t["fill"]) > lightness(kept["fill"]) + 80, (s, t)


@test
def pains_fixed_are_struck_and_marked_fixed():
    svg = diff_svg()
    for s in ("The delivery cost shows only", "The code field is hidden", "Codes are case-sensitive",
              "3-D Secure times out"):
        t = span(svg, s)
        assert struck(svg, t), t
        last = max((u for u in spans(svg) if abs(u["x"] - t["x"]) < 1 and 0 <= u["y"] - t["y"] < 30),
                   key=lambda u: u["y"])  # the item's last line
        assert tag_under(svg, last, "✓ Fixed"), (s, last)
    # kept items are not struck
    assert not struck(svg, span(svg, "3-D Secure sometimes slow"))


@test
def new_pains_are_marked_new():
    svg = diff_svg()
    for s, last in (("3-D Secure sometimes slow", "3-D Secure sometimes slow"),
                    ("Only one week of slots is", "shown")):
        t = span(svg, last)
        assert tag_under(svg, t, "+ New"), (s, t)
    assert sum(1 for t in spans(svg) if t["s"] == "+ New") == 3  # two pains and the legend's


@test
def changed_says_what_changed():
    svg = diff_svg()
    # the channel from -> to, the old name struck through
    conf = span(svg, "Order confirmation")
    ch = span(svg, "Email → Mobile app")
    assert conf["x"] - 1 < ch["x"] < conf["x"] + 190 and ch["y"] < conf["y"], (ch, conf)
    old = span(svg, "Confirmation email")
    assert struck(svg, old) and 0 < old["y"] - conf["y"] < 30, old
    # the score from -> to and the lanes whose text changed, under the name
    card = span(svg, "Pays by card")
    below = [t["s"] for t in spans(svg) if abs(t["x"] - card["x"]) < 1 and 0 < t["y"] - card["y"] < 60]
    assert "EMOTION 2 → 3" in below and "PAIN POINTS" in below, below
    basket = span(svg, "Applies a discount code")
    below = [t["s"] for t in spans(svg) if abs(t["x"] - basket["x"]) < 1 and 0 < t["y"] - basket["y"] < 60]
    assert "EMOTION 2 → 3.5" in below and any(s.startswith("DOING, PAIN POINTS") for s in below), below
    # a text changed: the old wording struck through above the new
    was, now = span(svg, "Types the whole address by hand"), span(svg, "Types the postcode and picks")
    assert struck(svg, was) and abs(was["x"] - now["x"]) < 1 and was["y"] < now["y"], (was, now)
    assert not struck(svg, now)


POINT = re.compile(r'<path d="M([-\d.]+) ([-\d.]+)C')


@test
def the_old_curve_is_drawn_faint_under_the_new():
    svg = diff_svg()
    faint = re.findall(r'<path d="(M[^"]*C[^"]*)" fill="none" stroke="#2563eb" stroke-opacity="0\.3"', svg)
    assert len(faint) == 1, faint
    solid = re.search(r'<path d="(M[^"]*C[^"]*)" fill="none" stroke="#2563eb" stroke-width', svg)
    assert solid and svg.index(faint[0]) < svg.index(solid.group(1)), "the old curve goes under the new"
    # through BEFORE's seven scores, in columns of its touchpoints: 4 2 3 1.5 2.5 2 4
    nums = [float(v) for v in re.findall(r"[-\d.]+", faint[0])]
    ends = [(nums[0], nums[1])] + [(nums[i + 4], nums[i + 5]) for i in range(2, len(nums) - 4, 6)]
    assert len(ends) == 7, ends
    ys = [y for _, y in ends]
    # scores map linearly to y: equal steps of score, equal steps of y
    unit = (ys[1] - ys[0]) / (4 - 2)
    for (score, y) in zip((4, 2, 3, 1.5, 2.5, 2, 4), ys):
        assert abs((y - ys[0]) - (4 - score) * unit) < 0.5, (score, y, ys)


@test
def a_summary_line_tells_the_counts():
    svg = diff_svg()
    persona = span(svg, "Sam Okafor")
    for s in ("Touchpoints: 2 added, 1 removed, 6 changed", "Mean emotion: 2.7 → 3.8",
              "Pain points: 4 fixed, 2 new"):
        t = span(svg, s)
        assert t["y"] < persona["y"], (s, t)
    # and in the persona's view: the same, counted over its touchpoints
    svg = diff_svg("--persona", "sam")
    span(svg, "Touchpoints: 2 added, 1 removed, 6 changed")


@test
def the_legend_names_fixed_and_new():
    svg = diff_svg()
    card_y = span(svg, "Reviews the basket")["y"]
    legend = {t["s"] for t in spans(svg) if t["y"] > card_y + 500}
    for s in ("✓ Fixed", "+ New", "Earlier score"):
        assert s in legend, (s, legend)


def in_language(lang):
    out = {}
    for name, src in (("before", BEFORE), ("after", AFTER)):
        with open(src, encoding="utf-8") as f:
            text = f.read().replace("title: Checkout", "title: Checkout\nlang: " + lang, 1)
        path = os.path.join(TMP, "%s-%s.yaml" % (name, lang))
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        out[name] = path
    return diff_svg(before=out["before"], after=out["after"])


@test
def the_summary_and_the_marks_in_the_maps_language_and_digits():
    svg = in_language("uk")
    for s in ("Точки контакту: додано 2, вилучено 1, змінено 6", "Середня емоція: 2,7 → 3,8",
              "Больові точки: виправлено 4, додано 2", "✓ Виправлено", "+ Нове"):
        assert s in svg, s
    svg = in_language("fa")
    for s in ("نقاط تماس", "افزوده", "۲", "۶", "میانگین احساس", "←", "رفع"):
        assert s in svg, s
    assert "Touchpoints" not in svg and "Fixed" not in svg


@test
def the_summary_words_are_labels_with_their_slots():
    with open(AFTER, encoding="utf-8") as f:
        after = f.read().replace("title: Checkout", "title: Checkout\nlabels:\n  diff-pains: "
                                 "'Pains: {fixed} gone, {new} come'\n  fixed: Gone", 1)
    path = os.path.join(TMP, "after-labels.yaml")
    with open(path, "w", encoding="utf-8") as f:
        f.write(after)
    svg = diff_svg(after=path)
    assert "Pains: 4 gone, 2 come" in svg and "✓ Gone" in svg
    with open(path, "w", encoding="utf-8") as f:
        f.write(after.replace("{new} come", "some come"))
    status, _, err = run(["diff", BEFORE, path, "-o", "-", "-f", "svg"])
    assert status == 1 and re.search(r"after-labels\.yaml:6:15: error: the label 'diff-pains' is a template: "
                                     r"write \{new\} where the count goes", err), (status, err)


def main():
    global JMAP
    if len(sys.argv) != 2:
        print("usage: test_diff.py PATH_TO_JMAP", file=sys.stderr)
        return 2
    JMAP = os.path.abspath(sys.argv[1])
    return run_tests(cleanup=lambda: shutil.rmtree(TMP, ignore_errors=True))


if __name__ == "__main__":
    sys.exit(main())
