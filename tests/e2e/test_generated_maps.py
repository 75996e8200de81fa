#!/usr/bin/env python3
"""Property tests over generated maps (issue 25, "Done when"): 1 to 8
personas, with and without targets, every script the built-in languages
cover (Latin, Cyrillic, Persian right to left) and Arabic, CJK, Hebrew,
Devanagari and Thai text in a Latin map, every built-in theme, wrapped and
not (genmaps.py: a pairwise covering of these, deterministic seeds). Each
map is read back through its jm-* classes and data- attributes
(svgmeaning.py, docs/svg-classes.md) and must show:

- no feeling nearer another persona's or touchpoint's mark (a point, a
  target, a moment's star) than its own point;
- no text box outside its cell (its touchpoint's column and its lane's row)
  or outside the page, horizontally and vertically, left to right and
  right to left; no two text parts over each other;
- no two personas' points (or targets) on the same spot unseen;
- every mark and curve at least 3:1 against what lies behind it (WCAG's
  non-text contrast), its colours and its ground read from the SVG.

Usage: python3 test_generated_maps.py PATH_TO_JMAP. A failure names the
generated case (genmaps.Case.name); set JMAP_KEEP_GENERATED=DIR to keep
the maps."""
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile

import genmaps
import svgmeaning as sm
from harness import run_tests, test

JMAP = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else sys.exit("usage: test_generated_maps.py PATH_TO_JMAP")
KEEP = os.environ.get("JMAP_KEEP_GENERATED")
TMP = KEEP or tempfile.mkdtemp(prefix="jmap-e2e-generated-")
POINT_R = 5.5  # src/layout/parts.h: a point's radius
TEXT_PARTS = {"jm-stage", "jm-lane", "jm-card", "jm-cell", "jm-persona", "jm-feeling", "jm-pain", "jm-opportunity",
              "jm-metric", "jm-legend", "jm-view"}
MARK_PARTS = {"jm-point", "jm-target", "jm-curve", "jm-target-curve", "jm-moment"}


class Map:
    def __init__(self, case, svg):
        self.case, self.svg = case, svg
        self.ps = sm.parts(svg)
        self.w, self.h = sm.page(svg)
        self.root = sm._root(svg)

    def __repr__(self):
        return f"{self.case.name} ({self.svg if isinstance(self.svg, str) else 'bytes'})"


_maps = {}


def build(case, text=None, args=None, tag=""):
    """The SVG of a generated case (built once)."""
    key = (case.name, tag)
    if key not in _maps:
        d = os.path.join(TMP, case.name + tag)
        os.makedirs(d, exist_ok=True)
        src, out = os.path.join(d, "map.yaml"), os.path.join(d, "map.svg")
        with open(src, "w", encoding="utf-8") as f:
            f.write(text if text is not None else genmaps.journey(case))
        p = subprocess.run([JMAP, "build", src, "-o", out] + (args if args is not None else case.args),
                           capture_output=True, timeout=300)
        assert p.returncode == 0, f"{case.name}: exit {p.returncode}\n{p.stderr.decode(errors='replace')}"
        _maps[key] = Map(case, out)
    return _maps[key]


def maps():
    return [build(c) for c in genmaps.cases()]


def problems_of(check, ms):
    out = []
    for m in ms:
        out += [f"{m}: {p}" for p in check(m)]
    return out


def no_problems(found, what):
    assert not found, f"{len(found)} {what}:\n" + "\n".join(found[:20])


# ---- feelings by their own points ----

def to_box(box, x, y):
    """The distance from (x, y) to box."""
    dx = max(box[0] - x, 0.0, x - (box[0] + box[2]))
    dy = max(box[1] - y, 0.0, y - (box[1] + box[3]))
    return math.hypot(dx, dy)


def mark_box(p):
    """The box of a part's mark: its closed shape (a target's ring, not the
    link from its point), else its data-box."""
    best = None
    for el in p.element.iter(sm.NS + "path"):
        d = el.get("d", "")
        if "Z" not in d:
            continue
        v = [float(x) for x in NUM.findall(d)]
        xs, ys = v[0::2], v[1::2]
        b = (min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys))
        if best is None or b[2] * b[3] > best[2] * best[3]:
            best = b
    return best or p.box


def feelings_astray(m):
    """Each feeling nearer one of its own points than any other mark: a
    point of another touchpoint or persona, a target, another moment's
    star. (Measured from the marks' centres to the feeling's box.)"""
    found = []
    for f in sm.by_class(m.ps, "jm-feeling"):
        tid, pid = f.data["touchpoint"], f.data.get("persona", "")
        own, other, nearest = math.inf, math.inf, None
        for p in m.ps:
            if p.cls not in ("jm-point", "jm-target", "jm-moment") or p.box is None:
                continue
            if p.cls == "jm-moment" and p.parent is not None:
                continue  # a card's star, not the band's
            d = to_box(f.box, *sm.centre(mark_box(p)))
            mine = p.data.get("touchpoint") == tid and (not pid or p.data.get("persona") == pid)
            if p.cls == "jm-point" and mine:
                own = min(own, d)
            elif p.cls == "jm-moment" and mine:
                continue  # its own moment, behind its own point
            elif d < other:
                other, nearest = d, p
        if own == math.inf:
            continue  # a feeling without a score: by the neutral line
        if own > other + 0.5:
            found.append(f"feeling {f.texts} of {tid} is {own:.1f} from its point, {other:.1f} from {nearest}")
    return found


def feelings_unsigned(m):
    """On a map of several personas a feeling says whose it is: the marks
    before it are those of the personas with a point at its touchpoint, in
    their colours and shapes."""
    found = []
    if m.case.personas < 2:
        return found
    for f in sm.by_class(m.ps, "jm-feeling"):
        points = sm.by_class(m.ps, "jm-point", touchpoint=f.data["touchpoint"])
        want = sorted((next(p.element.iter(sm.NS + "path")).get("fill"), shape_of(p)) for p in points)
        got = sorted((el.get("fill"), shape_of_path(el)) for el in f.element.iter(sm.NS + "path"))
        if want != got:
            found.append(f"feeling {f.texts} of {f.data['touchpoint']} is marked {got}, its points are {want}")
    return found


# ---- text in its cell and on the page ----

def columns(m):
    """touchpoint id -> (x0, x1): its column, from its card (cards stand
    in their columns with a margin of half a gap)."""
    return {c.data["touchpoint"]: (c.box[0] - 6, c.box[0] + c.box[2] + 6) for c in sm.by_class(m.ps, "jm-card")}


ROW_TOP = 10 + 2 + 1  # grid.c: a lane's title stands PAD + 2 below its row's top (and a unit for its ink)


def lane_rows(m):
    """[(lane, y0, y1)]: each lane title's row, from the top of its row to
    the top of the next title's (or the next stage header, or the page's
    end)."""
    titles = sorted(sm.by_class(m.ps, "jm-lane"), key=lambda p: p.box[1])
    stops = sorted([p.box[1] - ROW_TOP for p in titles] + [p.box[1] for p in sm.by_class(m.ps, "jm-stage")] + [m.h])
    rows = []
    for t in titles:
        y0 = t.box[1] - ROW_TOP
        y1 = min(s for s in stops if s > y0 + 1)
        rows.append((t.data["lane"], y0, y1))
    return rows


def text_astray(m):
    found = []
    page = (0, 0, m.w, m.h)
    cols, rows = columns(m), lane_rows(m)
    for p in m.ps:
        if p.cls in TEXT_PARTS and not sm.inside(p.box, page):
            found.append(f"{p} leaves the page {m.w}x{m.h}")
        if p.parent is not None and not sm.inside(p.box, p.parent.box):
            found.append(f"{p} leaves {p.parent}")
        if p.cls not in ("jm-cell", "jm-feeling", "jm-card"):
            continue
        tid = p.data["touchpoint"]
        x0, x1 = cols[tid]
        if p.box[0] < x0 - 0.5 or p.box[0] + p.box[2] > x1 + 0.5:
            found.append(f"{p} leaves its column {x0:.1f}..{x1:.1f}")
        lane = {"jm-cell": p.data.get("lane"), "jm-feeling": "emotions", "jm-card": "touchpoints"}[p.cls]
        mine = [r for r in rows if r[0] == lane and r[1] <= p.box[1] + 0.5]
        if not mine:
            found.append(f"{p}: no row of lane {lane} above it")
            continue
        _, y0, y1 = max(mine, key=lambda r: r[1])
        if p.box[1] + p.box[3] > y1 + 0.5:
            found.append(f"{p} leaves its lane's row {y0:.1f}..{y1:.1f}")
    # no two text parts over each other (but for one inside the other)
    texts = [p for p in m.ps if p.cls in ("jm-cell", "jm-card", "jm-feeling", "jm-stage", "jm-lane", "jm-persona")]
    for i, a in enumerate(texts):
        for b in texts[i + 1:]:
            if overlap(a.box, b.box) > 1.0:
                found.append(f"{a} and {b} overlap")
    return found


def overlap(a, b):
    """The smaller extent of the boxes' intersection (0 when they do not meet)."""
    w = min(a[0] + a[2], b[0] + b[2]) - max(a[0], b[0])
    h = min(a[1] + a[3], b[1] + b[3]) - max(a[1], b[1])
    return max(0.0, min(w, h))


# ---- coinciding marks ----

def marks_unseen(m):
    """No two personas' points (or target marks) at one spot: centres at
    least a point's radius apart."""
    found = []
    for cls in ("jm-point", "jm-target"):
        by_tp = {}
        for p in sm.by_class(m.ps, cls):
            by_tp.setdefault(p.data["touchpoint"], []).append(p)
        for tid, ps in by_tp.items():
            for i, a in enumerate(ps):
                for b in ps[i + 1:]:
                    if a.data["persona"] == b.data["persona"]:
                        continue
                    (ax, ay), (bx, by) = sm.centre(mark_box(a)), sm.centre(mark_box(b))
                    if math.hypot(ax - bx, ay - by) < POINT_R:
                        found.append(f"{a} and {b} on one spot")
    return found


# ---- contrast ----

def rgb(s):
    s = (s or "").strip()
    if not re.fullmatch(r"#[0-9a-fA-F]{6}", s):
        return None
    return tuple(int(s[i:i + 2], 16) / 255 for i in (1, 3, 5))


def luminance(c):
    def lin(v):
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4
    r, g, b = (lin(v) for v in c)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def ratio(a, b):
    la, lb = luminance(a), luminance(b)
    return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)


def mix(top, alpha, under):
    return tuple(t * alpha + u * (1 - alpha) for t, u in zip(top, under))


def grounds(m):
    """The page's ground: its background and the rects outside every part
    (stage tints, the emotion band's washes), in the order drawn, as
    [(box, colour, alpha)]."""
    out = []

    def walk(el):
        for child in el:
            cls = child.get("class") or ""
            if cls.startswith("jm-"):
                continue
            if child.tag == sm.NS + "rect":
                c = rgb(child.get("fill"))
                if c is None:
                    continue
                if child.get("width") == "100%":
                    box = (0, 0, m.w, m.h)
                else:
                    box = tuple(float(child.get(k, 0)) for k in ("x", "y", "width", "height"))
                out.append((box, c, float(child.get("fill-opacity", 1))))
            walk(child)
    walk(m.root)
    return out


def ground_at(gs, x, y):
    c = (1.0, 1.0, 1.0)
    for box, col, alpha in gs:
        # where two meet, one ground (the SVG rounds to a hundredth: 401.01 + 239.51 meets 640.51)
        if box[0] <= x < box[0] + box[2] - 0.02 and box[1] <= y < box[1] + box[3] - 0.02:
            c = mix(col, alpha, c)
    return c


NUM = re.compile(r"-?\d+(?:\.\d+)?")


def samples(el, box):
    """Points along what el draws: its path's coordinates (a curve's ends
    and control points lie in its band), else its box's centre."""
    d = el.get("d")
    if d:
        v = [float(x) for x in NUM.findall(d)]
        pts = list(zip(v[0::2], v[1::2]))
        if pts:
            return pts[:: max(1, len(pts) // 40)]
    return [sm.centre(box)]


def low_contrast(m):
    found = []
    gs = grounds(m)
    for p in m.ps:
        if p.cls not in MARK_PARTS or (p.cls == "jm-moment" and p.parent is not None):
            continue
        seen = 0
        for el in p.element:
            if el.tag != sm.NS + "path":
                continue
            alpha = float(el.get("opacity", 1))
            best, what = 0.0, None
            for attr in ("fill", "stroke"):
                c = rgb(el.get(attr))
                a = alpha * float(el.get(attr + "-opacity", 1))
                if c is None or a < 0.5:
                    continue
                worst = min(ratio(mix(c, a, g), g) for g in (ground_at(gs, x, y) for x, y in samples(el, p.box)))
                if worst > best:
                    best, what = worst, el.get(attr)
            if what is None:
                continue  # a faint ribbon under a curve: decoration
            seen += 1
            if best < 3.0 - 1e-6:
                found.append(f"{p}: {what} at {best:.2f}:1 against its ground")
        if not seen:
            found.append(f"{p}: no mark drawn at full strength")
    return found


# ---- the tests ----

@test
def test_the_cases_cover_every_pair():
    cs = genmaps.cases()
    dims = {"personas": genmaps.PERSONAS, "script": list(genmaps.SCRIPTS), "theme": genmaps.THEMES,
            "targets": genmaps.TARGETS, "wrap": genmaps.WRAPS}
    for a in dims:
        for b in dims:
            if a < b:
                got = {(getattr(c, a), getattr(c, b)) for c in cs}
                want = {(x, y) for x in dims[a] for y in dims[b]}
                assert want <= got, f"pairs of {a} and {b} not covered: {sorted(want - got, key=str)[:5]}"
    assert len(cs) < 150, f"{len(cs)} cases: over the budget"
    assert [c.name for c in cs] == [c.name for c in genmaps.cases()], "the sample is not deterministic"
    assert genmaps.journey(cs[7]) == genmaps.journey(cs[7]), "a journey is not deterministic"


@test
def test_feelings_stand_by_their_own_points():
    ms = maps()
    assert sum(len(sm.by_class(m.ps, "jm-feeling")) for m in ms) > 300, "too few feelings: the test tests little"
    no_problems(problems_of(feelings_astray, ms), "feelings nearer another mark than their own point")


@test
def test_feelings_say_whose_they_are():
    ms = maps()
    no_problems(problems_of(feelings_unsigned, ms), "feelings that do not say whose they are")


@test
def test_no_text_leaves_its_cell_or_the_page():
    ms = maps()
    assert any(m.case.script == "arabic-fa" for m in ms) and any(m.case.wrap for m in ms)
    no_problems(problems_of(text_astray, ms), "texts outside their cells or the page")


@test
def test_no_two_personas_points_on_one_spot_unseen():
    ms = maps()
    pairs = sum(1 for m in ms for tid in {p.data["touchpoint"] for p in sm.by_class(m.ps, "jm-point")}
                if len({p.score for p in sm.by_class(m.ps, "jm-point", touchpoint=tid)}) <
                len(sm.by_class(m.ps, "jm-point", touchpoint=tid)))
    assert pairs > 50, f"only {pairs} columns with equal scores: the test tests little"
    no_problems(problems_of(marks_unseen, ms), "points on one spot")


@test
def test_every_mark_and_curve_keeps_three_to_one():
    ms = maps()
    no_problems(problems_of(low_contrast, ms), "marks below 3:1")


# ---- the same on the examples and on diffs ----

SRC = os.environ.get("JMAP_SOURCE_DIR") or os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


@test
def test_the_examples_and_diffs_keep_the_same_properties():
    """Every example in every theme (wrapped in two of them), and two
    diffs, by the same checks."""
    import glob
    examples = sorted(glob.glob(os.path.join(SRC, "examples", "*.yaml")))
    assert len(examples) >= 10
    d = os.path.join(TMP, "examples")
    os.makedirs(d, exist_ok=True)
    jobs = []
    for k, src in enumerate(examples):
        for i, theme in enumerate(genmaps.THEMES):
            wrap = ["--wrap", "3"] if (i + k) % 2 else []
            out = os.path.join(d, f"{os.path.basename(src)[:-5]}-{theme}{'-w' if wrap else ''}.svg")
            jobs.append((out, ["build", src, "-o", out, "--theme", theme] + wrap))
    ex = os.path.join(SRC, "examples")
    for n, (a, b) in enumerate([("diff/checkout-before", "diff/checkout-after"),
                                ("onboarding-current", "onboarding-future")]):
        out = os.path.join(d, f"diff-{n}.svg")
        jobs.append((out, ["diff", os.path.join(ex, a + ".yaml"), os.path.join(ex, b + ".yaml"), "-o", out]))
    found, seen = [], 0
    for out, args in jobs:
        p = subprocess.run([JMAP] + args, capture_output=True, timeout=300)
        assert p.returncode == 0, f"{args}: {p.stderr.decode(errors='replace')}"
        outs = [out] if os.path.exists(out) else sorted(glob.glob(out[:-4] + "-*.svg"))
        for o in outs:
            seen += 1
            m = Map(genmaps.Case(0, False, "latin-en", "default", None, 0), o)
            for check in (feelings_astray, text_astray, marks_unseen, low_contrast):
                found += [f"{o}: {x}" for x in check(m)]
    assert seen >= len(jobs)
    no_problems(found, "problems on the examples")


# ---- scores told apart by more than colour (print) ----

def shape_of(part):
    """A mark's shape: 'circle' (four curves), else its corners and which
    way it points ('up' when its corners' mean lies below its box's middle:
    an apex at the top)."""
    return shape_of_path(next(part.element.iter(sm.NS + "path")))


def shape_of_path(el):
    d = el.get("d")
    if d.count("C") == 4:
        return "circle"
    v = [float(x) for x in NUM.findall(d)]
    xs, ys = v[0::2], v[1::2]
    mean, middle = sum(ys) / len(ys), (min(ys) + max(ys)) / 2
    return f"{len(ys)} corners, " + ("up" if mean > middle + 0.1 else "down" if mean < middle - 0.1 else "level")


@test
def test_without_personas_a_score_reads_by_its_shape_in_every_theme():
    """On a map without personas, points are coloured by score; in `print`
    those colours are greys. So the shape tells the side of the scale too:
    scores below neutral one shape, neutral another, above a third, in the
    band and in the legend's scale."""
    text = "title: Scores\nstages:\n  - name: S\n    touchpoints:\n" + "".join(
        f"      - {{name: T{i}, emotion: {v}}}\n" for i, v in enumerate([1, 2, 2.5, 3, 3.5, 4, 5]))
    for theme in genmaps.THEMES:
        m = build(genmaps.Case(0, False, "latin-en", theme, None, 0), text, ["--theme", theme], tag="scores")
        shapes = {}
        for p in sm.by_class(m.ps, "jm-point"):
            side = (p.score > 3) - (p.score < 3)
            shapes.setdefault(side, set()).add(shape_of(p))
        assert all(len(v) == 1 for v in shapes.values()), f"{theme}: one side of the scale in two shapes: {shapes}"
        low, mid, high = (next(iter(shapes[k])) for k in (-1, 0, 1))
        assert len({low, mid, high}) == 3, f"{theme}: low, neutral and high scores share a shape: {low}, {mid}, {high}"
        legend = sm.one(m.ps, "jm-legend").element
        drawn = set()
        for el in legend.iter(sm.NS + "path"):
            d = el.get("d", "")
            drawn.add("circle" if d.count("C") == 4 else len(re.findall("[ML]", d)))
        assert 3 in drawn, f"{theme}: the legend's scale does not show the triangles"


# ---- the checks can fail: each on a map broken on purpose ----

def broken(m, cls, change, **data):
    """m's SVG with the first part of class cls (and data) changed by
    change(element), read again."""
    root = sm._root(m.svg)
    for el in root.iter():
        if el.get("class") == cls and all(el.get("data-" + k) == v for k, v in data.items()):
            change(el)
            break
    else:
        raise AssertionError(f"{m}: no {cls} {data} to break")
    import xml.etree.ElementTree as ET
    b = Map(m.case, ET.tostring(root))
    b.svg = m.svg + f" broken: {cls}"
    return b


def move_box(el, dx, dy):
    x, y, w, h = (float(v) for v in el.get("data-box").split())
    el.set("data-box", f"{x + dx} {y + dy} {w} {h}")


@test
def test_each_check_fails_on_a_map_broken_on_purpose():
    ms = [m for m in maps() if m.case.personas >= 3 and m.case.targets]
    m = ms[0]
    assert not feelings_astray(m) and not text_astray(m) and not marks_unseen(m) and not low_contrast(m)
    # a feeling moved onto another touchpoint's point
    f = sm.by_class(m.ps, "jm-feeling")[0]
    other = next(p for p in sm.by_class(m.ps, "jm-point") if p.data["touchpoint"] != f.data["touchpoint"])
    (fx, fy), (ox, oy) = sm.centre(f.box), sm.centre(other.box)
    b = broken(m, "jm-feeling", lambda el: move_box(el, ox - fx, oy - fy + f.box[3]), touchpoint=f.data["touchpoint"])
    assert feelings_astray(b), "a feeling by another touchpoint's point passes"
    # a feeling that does not name one of its personas
    b = broken(m, "jm-feeling", lambda el: el.remove(next(x for x in el if x.tag == sm.NS + "path")),
               touchpoint=next(f for f in sm.by_class(m.ps, "jm-feeling")
                               if any(x.tag == sm.NS + "path" for x in f.element)).data["touchpoint"])
    assert feelings_unsigned(b), "a feeling without one of its marks passes"
    # a cell wider than its column, a card off the page
    c = sm.by_class(m.ps, "jm-cell")[0]
    b = broken(m, "jm-cell", lambda el: move_box(el, 150, 0), touchpoint=c.data["touchpoint"], lane=c.data["lane"])
    assert text_astray(b), "a cell out of its column passes"
    b = broken(m, "jm-card", lambda el: move_box(el, 0, -1000))
    assert text_astray(b), "a card off the page passes"
    # two personas' points on one spot
    tid = next(t for t in (p.data["touchpoint"] for p in sm.by_class(m.ps, "jm-point"))
               if len(sm.by_class(m.ps, "jm-point", touchpoint=t)) >= 2)
    a, z = sm.by_class(m.ps, "jm-point", touchpoint=tid)[:2]

    def onto(el):
        (ax, ay), (zx, zy) = sm.centre(mark_box(a)), sm.centre(mark_box(z))
        for path in el.iter(sm.NS + "path"):
            v = [float(x) for x in NUM.findall(path.get("d"))]
            cmds = re.findall(r"[A-Za-z]", path.get("d"))
            pts = [(x + ax - zx, y + ay - zy) for x, y in zip(v[0::2], v[1::2])]
            path.set("d", " ".join(f"{c}{x} {y}" for c, (x, y) in zip(cmds, pts)) + " Z")
    b = broken(m, "jm-point", onto, touchpoint=tid, persona=z.data["persona"])
    assert marks_unseen(b), "two points on one spot pass"
    # a point of a pale colour, a curve faded
    b = broken(m, "jm-point", lambda el: next(el.iter(sm.NS + "path")).set("fill", "#e8e8e8" if m.case.theme != "dark"
                                                                           and m.case.theme != "high-contrast" else "#303030"))
    assert low_contrast(b), "a pale point passes"
    b = broken(m, "jm-curve", lambda el: next(el.iter(sm.NS + "path")).set("stroke-opacity", "0.55"))
    assert low_contrast(b), "a faded curve passes"


if __name__ == "__main__":
    sys.exit(run_tests(lambda: KEEP or shutil.rmtree(TMP, ignore_errors=True)))
