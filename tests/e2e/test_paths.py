#!/usr/bin/env python3
"""End-to-end tests of paths (journey-format.md, "Journeys that are not a
straight line"): `next` and `optional` loaded and checked (errors at their
line and column), the paths lane drawn by meaning, read back through the
SVG's classes (svgmeaning.py): every jm-path is a step worked out here from
the YAML; no arrow crosses a card or a text; no two arrows share a piece of
track; an arrow starts at its from-touchpoint's column and ends at its
to-touchpoint's column (or leaves from its own column, or runs to the
row's edge of a wrapped map); the same in a right-to-left map (a mirror of
the left-to-right one) and in wrapped maps; `stats` counts the steps.
Usage: python3 test_paths.py PATH_TO_JMAP. Needs python3-yaml."""
import json
import os
import random
import re
import subprocess
import sys
import tempfile

import yaml

import svgmeaning as sm
from harness import run_tests, test

JMAP = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else sys.exit("usage: test_paths.py PATH_TO_JMAP")
SRC = os.environ.get("JMAP_SOURCE_DIR") or os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
EXAMPLE = os.path.join(SRC, "examples", "paths.yaml")
TMP = tempfile.mkdtemp(prefix="jmap-e2e-paths-")
NS = "{http://www.w3.org/2000/svg}"
EPS = 0.5


def run(args, **kw):
    return subprocess.run([JMAP] + list(args), capture_output=True, timeout=300, **kw)


def write(name, text):
    path = os.path.join(TMP, name)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


def svg_of(path, *extra):
    out = os.path.join(TMP, "out-%d.svg" % abs(hash((path, extra))))
    p = run(["build", path, "-o", out] + list(extra))
    assert p.returncode == 0, p.stderr.decode(errors="replace")
    with open(out, "rb") as f:
        return f.read()


# ---- what the YAML says (the spec, worked out independently) ----

def touchpoints(doc):
    out = []
    for st in doc["stages"]:
        for tp in st.get("touchpoints") or []:
            out.append(tp)
    return out


def expected_steps(doc):
    """{(from, to, kind)}: every step that is not to the next touchpoint, and
    a bypass around each optional touchpoint between two others."""
    tps = touchpoints(doc)
    ix = {tp["id"]: i for i, tp in enumerate(tps)}
    out = set()
    over = set()
    for i, tp in enumerate(tps):
        for to in tp.get("next") or []:
            if to == "end":
                if i + 1 < len(tps):
                    out.add((tp["id"], "end", "exit"))
                continue
            k = ix[to]
            if k == i + 1:
                continue
            out.add((tp["id"], to, "jump" if k > i else "return"))
            if k == i + 2:
                over.add(i)
    for i in range(1, len(tps) - 1):
        if tps[i].get("optional") and i - 1 not in over:
            out.add((tps[i - 1]["id"], tps[i + 1]["id"], "bypass"))
    return out


# ---- the SVG's geometry ----

NUM = re.compile(r"[-+]?\d*\.?\d+(?:[eE][-+]?\d+)?")


def polyline(d):
    """The points of a path of M and L commands only (None for any other)."""
    if re.search(r"[CQAZz]", d):
        return None
    nums = [float(v) for v in NUM.findall(d)]
    return list(zip(nums[0::2], nums[1::2]))


def arrow_line(part):
    """The arrow's line: the first stroked path of M/L of the jm-path."""
    for el in part.element.iter(NS + "path"):
        if el.get("fill") == "none" and el.get("stroke"):
            pts = polyline(el.get("d"))
            if pts and len(pts) >= 2:
                return pts
    raise AssertionError("a jm-path without a line: %r" % part)


def text_boxes(svg):
    """The box of every <tspan> of the SVG: x, baseline y, textLength, font-size."""
    root = sm._root(svg)
    out = []
    for t in root.iter(NS + "text"):
        fs = float(t.get("font-size") or 12)
        for ts in t.iter(NS + "tspan"):
            if ts.get("x") is None or ts.get("textLength") is None:
                continue
            x, y, w = float(ts.get("x").split()[0]), float(ts.get("y").split()[0]), float(ts.get("textLength"))
            out.append((x, y - fs * 0.8, w, fs * 1.05))
    return out


def seg_hits_box(a, b, box, slack=EPS):
    """Whether the axis-aligned segment a-b enters box's inside (shrunk by slack)."""
    x, y, w, h = box
    x0, x1, y0, y1 = x + slack, x + w - slack, y + slack, y + h - slack
    if x1 <= x0 or y1 <= y0:
        return False
    sx0, sx1 = sorted((a[0], b[0]))
    sy0, sy1 = sorted((a[1], b[1]))
    return sx0 < x1 and sx1 > x0 and sy0 < y1 and sy1 > y0


def segments(pts):
    return list(zip(pts, pts[1:]))


def check_map(svg, doc, wrapped=False):
    """Everything a paths lane promises, on one SVG of doc."""
    ps = sm.parts(svg)
    paths = sm.by_class(ps, "jm-path")
    cards = {p.data["touchpoint"]: p.box for p in sm.by_class(ps, "jm-card")}
    order = {tp["id"]: i for i, tp in enumerate(touchpoints(doc))}
    want = expected_steps(doc)
    got = {(p.data["from"], p.data["to"], p.data["kind"]) for p in paths}
    assert got == want, "steps drawn %s, worked out %s" % (sorted(got), sorted(want))
    if not wrapped:
        assert len(paths) == len(want), "%d arrows for %d steps" % (len(paths), len(want))
    texts = text_boxes(svg)
    lines = []
    for p in paths:
        pts = arrow_line(p)
        lines.append((p, pts))
        for a, b in segments(pts):
            assert a[0] == b[0] or a[1] == b[1], "%r: a slanted segment %s-%s" % (p, a, b)
            for tp, box in cards.items():
                assert not seg_hits_box(a, b, box), "%r crosses the card of %s" % (p, tp)
            for tb in texts:
                assert not seg_hits_box(a, b, tb), "%r crosses a text at %s" % (p, tb)
        # its ends: at the from-card's column (just above it), at the to-card's
        f, t, kind = p.data["from"], p.data["to"], p.data["kind"]
        fb = cards[f]
        start, end = pts[0], pts[-1]
        starts_here = abs(start[1] - fb[1]) < 14 and fb[0] - EPS <= start[0] <= fb[0] + fb[2] + EPS
        if kind == "exit":
            assert starts_here, "%r: an exit starts at %s, its card is %s" % (p, start, fb)
            assert fb[0] - 8 <= end[0] <= fb[0] + fb[2] + 8, "%r: an exit leaves its own column: %s" % (p, end)
            continue
        tb = cards[t]
        ends_here = abs(end[1] - tb[1]) < 14 and tb[0] - EPS <= end[0] <= tb[0] + tb[2] + EPS
        same_row = abs(fb[1] - tb[1]) < 1
        if same_row:
            assert starts_here and ends_here, "%r: from %s to %s, cards %s %s" % (p, start, end, fb, tb)
        else:
            assert wrapped, "%r: its cards are on two rows of an unwrapped map" % p
            assert starts_here or ends_here, "%r: neither end at a card of this row" % p
        if kind in ("jump", "bypass"):
            assert order[t] > order[f], "%r goes back" % p
        else:
            assert order[t] < order[f], "%r goes forward" % p
    # no two arrows share a piece of track (nor of a leg)
    segs = []
    for p, pts in lines:
        for a, b in segments(pts):
            segs.append((p, a, b))
    for i in range(len(segs)):
        p, a, b = segs[i]
        for q, c, d in segs[i + 1:]:
            if p is q:
                continue
            if a[1] == b[1] and c[1] == d[1] and abs(a[1] - c[1]) < EPS:  # two runs on one track
                lo = max(min(a[0], b[0]), min(c[0], d[0]))
                hi = min(max(a[0], b[0]), max(c[0], d[0]))
                assert hi - lo <= EPS, "%r and %r share the track at y=%g from %g to %g" % (p, q, a[1], lo, hi)
            if a[0] == b[0] and c[0] == d[0] and abs(a[0] - c[0]) < EPS:  # two legs on one line
                lo = max(min(a[1], b[1]), min(c[1], d[1]))
                hi = min(max(a[1], b[1]), max(c[1], d[1]))
                assert hi - lo <= EPS, "%r and %r share a leg at x=%g" % (p, q, a[0])
    return paths


def generated(n, jumps, seed, extra=""):
    """n touchpoints in stages of five, with `jumps` random steps of next
    (forward, back and exits) and a few optional touchpoints."""
    r = random.Random(seed)
    nxt = {i: [] for i in range(n)}
    for _ in range(jumps):
        a = r.randrange(n - 1)
        if r.random() < 0.15:
            b = "end"
        else:
            b = r.randrange(n)
            if b in (a, a + 1):
                continue
        if b not in nxt[a]:
            nxt[a].append(b)
    lines = ["title: %d touchpoints, %d jumps" % (n, jumps), extra, "stages:"]
    for s in range(0, n, 5):
        lines += ["  - name: Stage %d" % (s // 5 + 1), "    touchpoints:"]
        for i in range(s, min(n, s + 5)):
            lines += ["      - id: t%d" % i, "        name: Touchpoint %d" % i]
            if nxt[i]:
                lines.append("        next: [%s]" % ", ".join(b if b == "end" else "t%d" % b for b in nxt[i]))
            if r.random() < 0.06:
                lines.append("        optional: true")
    return "\n".join(lines) + "\n"


def load(path):
    with open(path, encoding="utf-8") as f:
        return yaml.safe_load(f)


# ---- the drawing ----

@test
def the_example_draws_its_jumps_loop_and_exit():
    doc = load(EXAMPLE)
    paths = check_map(svg_of(EXAMPLE), doc)
    kinds = {p.data["kind"] for p in paths}
    assert kinds == {"jump", "return", "exit", "bypass"}, kinds


@test
def optional_touchpoints_carry_their_tag():
    doc = load(EXAMPLE)
    ps = sm.parts(svg_of(EXAMPLE))
    optional = {tp["id"] for tp in touchpoints(doc) if tp.get("optional")}
    tagged = {p.data["touchpoint"] for p in sm.by_class(ps, "jm-optional")}
    assert tagged == optional, (tagged, optional)
    for p in sm.by_class(ps, "jm-optional"):
        assert sm.inside(p.box, sm.one(ps, "jm-card", touchpoint=p.data["touchpoint"]).box), p
        assert p.texts == ["Optional"], p.texts


@test
def thirty_jumps_on_a_hundred_touchpoints():
    for seed in (1, 2, 3):
        text = generated(100, 30, seed)
        path = write("big-%d.yaml" % seed, text)
        check_map(svg_of(path), yaml.safe_load(text))


@test
def wrapped_maps_send_arrows_to_the_row_edge():
    for seed, per in ((1, 12), (4, 7), (5, 3)):
        text = generated(60, 25, seed)
        path = write("wrap-%d.yaml" % seed, text)
        svg = svg_of(path, "--wrap", str(per))
        paths = check_map(svg, yaml.safe_load(text), wrapped=True)
        # an arrow between two rows is drawn on both: a stub that names the other end
        ps = sm.parts(svg)
        cards = {p.data["touchpoint"]: p.box for p in sm.by_class(ps, "jm-card")}
        for p in paths:
            f, t = p.data["from"], p.data["to"]
            if t == "end" or abs(cards[f][1] - cards[t][1]) < 1:
                continue
            other = t if abs(arrow_line(p)[0][1] - cards[f][1]) < 14 else f
            name = "Touchpoint %s" % other[1:]
            assert p.texts == [name], "%r names %s, not %s" % (p, p.texts, name)
            twins = [q for q in paths if q.data == p.data]
            assert len(twins) == 2, "%r is drawn %d times" % (p, len(twins))


@test
def right_to_left_mirrors_the_left_to_right_map():
    text = generated(30, 14, 7)
    ltr = write("ltr.yaml", text.replace("\nstages:", "\ndirection: ltr\nstages:", 1))
    rtl = write("rtl.yaml", text.replace("\nstages:", "\ndirection: rtl\nstages:", 1))
    doc = yaml.safe_load(text)
    for extra in ((), ("--wrap", "8")):
        a, b = svg_of(ltr, *extra), svg_of(rtl, *extra)
        pa = check_map(a, doc, wrapped=bool(extra))
        pb = check_map(b, doc, wrapped=bool(extra))
        width = sm.page(a)[0]
        assert sm.page(b)[0] == width
        assert len(pa) == len(pb)
        for x, y in zip(pa, pb):
            assert x.data == y.data
            la, lb = arrow_line(x), arrow_line(y)
            assert len(la) == len(lb)
            for (xa, ya), (xb, yb) in zip(la, lb):
                assert abs(xa - (width - xb)) < 0.6 and abs(ya - yb) < 0.6, "%r: %s is not mirrored as %s" % (
                    x, la, lb)


@test
def a_persona_view_draws_the_steps_between_its_touchpoints():
    text = """title: Two personas
personas:
  - {id: ann, name: Ann}
  - {id: bo, name: Bo}
stages:
  - name: S
    touchpoints:
      - {id: a, name: A, next: [c, e]}
      - {id: b, name: B, personas: [bo]}
      - {id: c, name: C, next: [a]}
      - {id: d, name: D, personas: [bo], next: [end]}
      - {id: e, name: E}
"""
    path = write("view.yaml", text)
    ps = sm.parts(svg_of(path, "--persona", "ann"))
    got = {(p.data["from"], p.data["to"], p.data["kind"]) for p in sm.by_class(ps, "jm-path")}
    assert got == {("a", "c", "jump"), ("a", "e", "jump"), ("c", "a", "return")}, got


@test
def paths_lane_is_shown_only_when_used_or_named():
    plain = write("plain.yaml", "title: T\nstages:\n  - name: S\n    touchpoints:\n      - name: A\n      - name: B\n")
    ps = sm.parts(svg_of(plain))
    assert not sm.by_class(ps, "jm-lane", lane="paths")
    named = write("named.yaml", "title: T\nlanes: [paths, touchpoints]\nstages:\n  - name: S\n    touchpoints:\n"
                  "      - name: A\n      - name: B\n")
    ps = sm.parts(svg_of(named))
    assert sm.by_class(ps, "jm-lane", lane="paths") and not sm.by_class(ps, "jm-path")
    ps = sm.parts(svg_of(EXAMPLE))
    lane = sm.by_class(ps, "jm-lane", lane="paths")[0].box
    card = sm.by_class(ps, "jm-card")[0].box
    assert lane[1] < card[1], "the paths lane stands above the touchpoints"


# ---- errors ----

BAD = """title: Bad
stages:
  - name: S
    touchpoints:
      - id: ad
        name: Ad
        next: [compre, ad]
      - id: compare
        name: Compare
        next: []
        optional: maybe
      - id: end
        name: X
        next: [ad, ad]
      - id: last
        name: Last
        nxet: [ad]
"""


@test
def bad_paths_are_errors_at_their_line_and_column():
    path = write("bad.yaml", BAD)
    out = os.path.join(TMP, "bad.svg")
    p = run(["build", path, "-o", out])
    assert p.returncode != 0 and not os.path.exists(out)
    err = p.stderr.decode()
    for where, what in (("7:16", "unknown touchpoint 'compre' in 'next' (did you mean 'compare'?)"),
                        ("7:24", "cannot lead to itself"),
                        ("10:15", "'next' must name at least one touchpoint id"),
                        ("11:19", "'optional' must be true or false"),
                        ("12:13", "cannot have the id 'end'"),
                        ("14:20", "'ad' is listed twice in 'next'"),
                        ("17:9", "did you mean 'next'")):
        assert re.search(r"bad\.yaml:%s: error: [^\n]*%s" % (where, re.escape(what)), err), (where, what, err)


@test
def next_of_another_journey_is_unknown():
    text = ("title: One\nstages:\n  - name: S\n    touchpoints:\n      - {id: a, name: A}\n      - {id: b, name: B}\n"
            "---\ntitle: Two\nstages:\n  - name: S\n    touchpoints:\n      - {id: c, name: C, next: [a]}\n"
            "      - {id: d, name: D}\n")
    p = run(["check", write("two.yaml", text)])
    assert p.returncode != 0 and "12:33: error: unknown touchpoint 'a' in 'next'" in p.stderr.decode(), p.stderr


# ---- stats ----

@test
def stats_count_the_steps_as_worked_out_by_hand():
    p = run(["stats", "--json", EXAMPLE])
    assert p.returncode == 0, p.stderr
    paths = json.loads(p.stdout)["journeys"][0]["paths"]
    assert (paths["jumps"], paths["returns"], paths["exits"], paths["optional"]) == (2, 2, 1, 2), paths
    steps = [(s["kind"], s["from_id"], s["to_id"]) for s in paths["steps"]]
    assert steps == [("jump", "ad", "compare"), ("jump", "friend", "buy"), ("return", "compare", "ad"),
                     ("exit", "compare", None), ("return", "buy", "compare")], steps
    table = run(["stats", EXAMPLE]).stdout.decode()
    assert "\nPaths\n  jumps ahead           2\n    Sees an advert -> Compares prices\n" in table, table
    assert "  exits                 1\n    Compares prices -> (leaves)\n" in table, table
    plain = write("plain2.yaml", "title: T\nstages:\n  - name: S\n    touchpoints:\n      - name: A\n")
    assert "Paths" not in run(["stats", plain]).stdout.decode()
    paths = json.loads(run(["stats", "--json", plain]).stdout)["journeys"][0]["paths"]
    assert paths == {"jumps": 0, "returns": 0, "exits": 0, "optional": 0, "steps": []}, paths


if __name__ == "__main__":
    run_tests()
