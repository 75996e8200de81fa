#!/usr/bin/env python3
"""End-to-end tests of the SVG's meaning (cli.md, Promises: "The SVG
carries its meaning"; docs/svg-classes.md): on every example, drawn whole,
wrapped, in one persona's view and as a diff, every part of the map is a
<g> of its jm-* class with its data- attributes and its drawn bounds
(data-box), read back through svgmeaning.py and checked against what
`jmap stats --json` and the YAML say: a card per touchpoint, a point per
scored touchpoint and persona with its score, a target per target, a
persona card per persona, the metrics with their verdicts; every box
inside the page; journey text never becomes markup.
Usage: python3 test_svg_meaning.py PATH_TO_JMAP. Needs python3-yaml."""
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

import yaml

import svgmeaning as sm
from harness import run_tests, test

JMAP = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else sys.exit("usage: test_svg_meaning.py PATH_TO_JMAP")
SRC = os.environ.get("JMAP_SOURCE_DIR") or os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
EXAMPLES = sorted(glob.glob(os.path.join(SRC, "examples", "*.yaml")))
TMP = tempfile.mkdtemp(prefix="jmap-e2e-svgmeaning-")
CLASSES = {"jm-stage", "jm-lane", "jm-card", "jm-cell", "jm-persona", "jm-curve", "jm-point", "jm-target-curve",
           "jm-target", "jm-feeling", "jm-moment", "jm-pain", "jm-opportunity", "jm-metric", "jm-legend", "jm-view",
           "jm-flow", "jm-fail", "jm-citation", "jm-source", "jm-path", "jm-optional"}
ON_EVERY_MAP = CLASSES - {"jm-view", "jm-flow", "jm-fail"}  # jm-view: a persona's view only; flow and fail (1.2): maps that use them
ATTRS = {  # docs/svg-classes.md: the attributes every element of a class carries
    "jm-stage": {"stage"}, "jm-lane": {"lane"}, "jm-card": {"stage", "touchpoint"},
    "jm-cell": {"lane", "stage", "touchpoint"}, "jm-persona": {"persona"}, "jm-curve": {"persona"},
    "jm-point": {"touchpoint", "persona", "score"}, "jm-target-curve": {"persona"},
    "jm-target": {"touchpoint", "persona", "score"}, "jm-feeling": {"touchpoint", "persona"},
    "jm-moment": {"touchpoint"}, "jm-pain": {"touchpoint"}, "jm-opportunity": {"touchpoint"},
    "jm-metric": {"name", "verdict"}, "jm-legend": set(), "jm-view": {"persona"},
    "jm-flow": {"touchpoint", "reach"}, "jm-fail": {"touchpoint"},
    "jm-citation": {"source"}, "jm-source": {"source"},
    "jm-path": {"from", "to", "kind"}, "jm-optional": {"touchpoint"},
}
# 1.2: the mark of a card or a stage with `detail`, on maps that have one (not on every map)
CLASSES.add("jm-detail")
ATTRS["jm-detail"] = {"stage", "touchpoint", "detail"}
TEXT_BEARING = {"jm-stage", "jm-lane", "jm-card", "jm-cell", "jm-persona", "jm-feeling", "jm-pain", "jm-opportunity",
                "jm-path", "jm-optional",
                "jm-metric", "jm-legend"}
ID = re.compile(r"[a-z0-9][a-z0-9_-]*")


def run(args, **kw):
    return subprocess.run([JMAP] + list(args), capture_output=True, timeout=300, **kw)


def ok(p, what):
    assert p.returncode == 0, f"{what}: exit {p.returncode}\n{p.stderr.decode(errors='replace')}"


def read(path):
    with open(path, "rb") as f:
        return f.read()


def outputs(src, extra=(), tag=""):
    """The SVGs of src (one a journey of the file), built with extra options."""
    d = os.path.join(TMP, tag + os.path.splitext(os.path.basename(src))[0])
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    ok(run(["build", src, "-o", os.path.join(d, "map.svg")] + list(extra)), src)
    one = os.path.join(d, "map.svg")
    if os.path.exists(one):
        return [one]
    return sorted(glob.glob(os.path.join(d, "map-*.svg")), key=lambda p: int(re.findall(r"-(\d+)\.svg$", p)[0]))


def stats(src):
    p = run(["stats", "--json", src])
    ok(p, "stats " + src)
    return json.loads(p.stdout)["journeys"]


_cache = {}


def examples():
    """[(src, doc, stats, svg path, parts)] for every journey of every example."""
    if "all" not in _cache:
        res = []
        for src in EXAMPLES:
            docs = list(yaml.safe_load_all(read(src)))
            for doc, st, svg in zip(docs, stats(src), outputs(src)):
                res.append((src, doc, st, svg, sm.parts(svg)))
        assert len(res) >= 10, f"only {len(res)} journeys in the examples"
        _cache["all"] = res
    return _cache["all"]


def lanes_shown(doc, lane):
    return "lanes" not in doc or lane in doc["lanes"]


def touchpoints(doc):
    return [tp for s in doc["stages"] for tp in s.get("touchpoints") or []]


def counts(ps):
    out = {}
    for p in ps:
        out[p.cls] = out.get(p.cls, 0) + 1
    return out


# ---- every part, its class and its attributes ----

@test
def test_every_part_has_a_known_class_and_its_attributes():
    seen = set()
    for src, doc, st, svg, ps in examples():
        assert ps, f"{svg}: no jm-* parts"
        for p in ps:
            assert p.cls in CLASSES, f"{svg}: unknown class {p.cls}"
            missing = ATTRS[p.cls] - set(p.data)
            assert not missing, f"{svg}: {p} lacks {missing}"
            assert p.box is not None and p.box[2] >= 0 and p.box[3] >= 0, f"{svg}: {p} has no data-box"
            for k in ("stage", "touchpoint", "persona"):
                v = p.data.get(k)
                assert v is None or v == "" or ID.fullmatch(v), f"{svg}: {p}: data-{k} {v!r} is not an id"
            seen.add(p.cls)
        assert len(sm.by_class(ps, "jm-legend")) == 1, f"{svg}: not one legend"
    drawn = ON_EVERY_MAP | {"jm-flow", "jm-fail"}  # 1.2: funnel-reach and blueprint-waits draw them
    assert seen == drawn, f"classes never drawn by the examples: {drawn - seen}"


@test
def test_a_card_per_touchpoint_with_its_stage_and_name():
    for src, doc, st, svg, ps in examples():
        if not lanes_shown(doc, "touchpoints"):
            continue
        tps = touchpoints(doc)
        cards = sm.by_class(ps, "jm-card")
        assert len(cards) == len(tps) == st["journey"]["touchpoints"], \
            f"{svg}: {len(cards)} cards for {len(tps)} touchpoints"
        ids = [c.data["touchpoint"] for c in cards]
        assert len(set(ids)) == len(ids), f"{svg}: a touchpoint id on two cards"
        stage_ids = [s["stage"] for s in st["journey"]["stages"]]
        for c, tp in zip(cards, tps):  # in the reading order
            assert c.data["stage"] in stage_ids, f"{svg}: {c} in no stage"
            if "id" in tp:
                assert c.data["touchpoint"] == tp["id"], f"{svg}: {c} for {tp['id']}"
            assert any(re.sub(r"\s+", "", tp["name"]) in re.sub(r"\s+", "", t) for t in c.texts), \
                f"{svg}: {c} does not hold its name {tp['name']!r}: {c.texts}"
        # a stage header per stage, in order, each card under its stage's header
        stages = sm.by_class(ps, "jm-stage")
        assert [s.data["stage"] for s in stages] == stage_ids, f"{svg}: stages {[s.data for s in stages]}"
        for c in cards:
            head = sm.one(stages, "jm-stage", stage=c.data["stage"]).box
            x = sm.centre(c.box)[0]
            assert head[0] <= x <= head[0] + head[2] and c.box[1] > head[1], f"{svg}: {c} is not under its stage"


@test
def test_a_point_per_scored_touchpoint_and_persona_with_its_score():
    for src, doc, st, svg, ps in examples():
        if not lanes_shown(doc, "emotions"):
            continue
        points = sm.by_class(ps, "jm-point")
        personas = st["personas"] or [dict(st["journey"], persona="")]
        for per in personas:
            mine = sm.by_class(points, "jm-point", persona=per["persona"] or "")
            assert len(mine) == per["scored"], f"{svg}: {len(mine)} points for {per['persona']!r}, scored {per['scored']}"
            if not mine:
                continue
            scores = {p.data["touchpoint"]: p.score for p in mine}
            assert abs(sum(scores.values()) / len(scores) - per["mean"]) < 1e-6, f"{svg}: mean of data-score"
            for end in ("lowest", "highest"):
                if per.get(end):
                    assert abs(scores[per[end]["touchpoint"]] - per[end]["score"]) < 1e-9, f"{svg}: {end} {scores}"
        assert len(points) == sum(p["scored"] for p in personas), f"{svg}: points of no persona"
        for p in points:
            assert re.fullmatch(r"-?\d+(\.\d+)?", p.data["score"]), f"{svg}: data-score {p.data['score']!r}"
        # a higher score stands higher on the page: points are where their scores say
        by_y = sorted(points, key=lambda p: sm.centre(p.box)[1])
        for a, b in zip(by_y, by_y[1:]):
            assert a.score >= b.score, f"{svg}: {a} above {b}"


def alone(doc, ps, pid, tid):
    """Whether persona pid skips the touchpoints either side of tid (or has none there)."""
    tps = [tp for st in doc.get("stages") or [] for tp in st.get("touchpoints") or []]
    ids = [c.data["touchpoint"] for c in sm.by_class(ps, "jm-card")]
    if tid not in ids or len(ids) != len(tps):
        return False
    i = ids.index(tid)

    def skips(k):
        if k < 0 or k >= len(tps):
            return True
        names = tps[k].get("personas")
        return names is not None and pid not in names
    return skips(i - 1) and skips(i + 1)


@test
def test_targets_curves_and_moments():
    for src, doc, st, svg, ps in examples():
        if not lanes_shown(doc, "emotions"):
            continue
        personas = st["personas"] or [dict(st["journey"], persona="")]
        several = len(st["personas"]) > 1
        for per in personas:
            pid = per["persona"] or ""
            assert len(sm.by_class(ps, "jm-target", persona=pid)) == per["targets"], f"{svg}: targets of {pid!r}"
            want_tc = 1 if per["targets"] >= 2 else 0
            assert len(sm.by_class(ps, "jm-target-curve", persona=pid)) == want_tc, f"{svg}: target curve {pid!r}"
            want_c = 1 if per["scored"] >= 2 or (several and per["scored"] == 1) else 0
            assert len(sm.by_class(ps, "jm-curve", persona=pid)) == want_c, f"{svg}: curve of {pid!r}"
            # each curve passes through its points' boxes, but for a point that
            # stands alone: its persona skips the touchpoints on either side
            # (a curve breaks there, docs/drawing.md)
            for c in sm.by_class(ps, "jm-curve", persona=pid):
                for p in sm.by_class(ps, "jm-point", persona=pid):
                    if sm.distance(c.box, p.box) != 0:
                        assert alone(doc, ps, pid, p.data["touchpoint"]), f"{svg}: {p} off its curve {c}"
        for m in st["journey"]["moments"]:
            ms = sm.by_class(ps, "jm-moment", touchpoint=m["touchpoint"])
            assert ms, f"{svg}: no moment mark for {m['touchpoint']}"
            if lanes_shown(doc, "touchpoints"):
                card = sm.one(ps, "jm-card", touchpoint=m["touchpoint"])
                assert any(x.parent is card for x in ms), f"{svg}: the card of {m['touchpoint']} has no moment"
        moments = {m["touchpoint"] for m in st["journey"]["moments"]}
        assert {m.data["touchpoint"] for m in sm.by_class(ps, "jm-moment")} == moments, f"{svg}: moments"


@test
def test_personas_pains_opportunities_metrics_feelings():
    for src, doc, st, svg, ps in examples():
        assert [p.data["persona"] for p in sm.by_class(ps, "jm-persona")] == [p["persona"] for p in st["personas"]], \
            f"{svg}: persona cards"
        for p, y in zip(sm.by_class(ps, "jm-persona"), doc.get("personas") or []):
            assert any(re.sub(r"\s+", "", y["name"]) in re.sub(r"\s+", "", t) for t in p.texts), f"{svg}: {p} name"
        j = st["journey"]
        if lanes_shown(doc, "pains"):
            assert len(sm.by_class(ps, "jm-pain")) == j["pains"], f"{svg}: pains"
        if lanes_shown(doc, "opportunities"):
            assert len(sm.by_class(ps, "jm-opportunity")) == sum(j["opportunities"].values()), f"{svg}: opportunities"
        for cls, lane in (("jm-pain", "pains"), ("jm-opportunity", "opportunities")):
            for p in sm.by_class(ps, cls):  # in its touchpoint's cell of its lane
                assert p.parent is not None and p.parent.cls == "jm-cell" and p.parent.data["lane"] == lane
                assert p.parent.data["touchpoint"] == p.data["touchpoint"], f"{svg}: {p} in {p.parent}"
        if lanes_shown(doc, "metrics"):
            chips = sm.by_class(ps, "jm-metric")
            assert len(chips) == len(j["metrics"]), f"{svg}: {len(chips)} metric chips for {len(j['metrics'])}"
            for m in j["metrics"]:
                where = {"touchpoint": m["touchpoint"]} if m["touchpoint"] else {"stage": m["stage"]}
                verdict = {True: "met", False: "missed", None: ""}[m["met"]]
                c = sm.one(chips, "jm-metric", name=m["name"], **where)
                assert c.data["verdict"] == verdict, f"{svg}: {c} verdict, want {verdict!r}"
        feelings = [tp for tp in touchpoints(doc) if tp.get("feeling")]
        if lanes_shown(doc, "emotions"):
            got = sm.by_class(ps, "jm-feeling")
            assert len(got) == len(feelings), f"{svg}: {len(got)} feelings for {len(feelings)}"
            for f, tp in zip(got, feelings):
                assert re.sub(r"\s+", "", tp["feeling"]) == re.sub(r"\s+", "", "".join(f.texts)), f"{svg}: {f}"


@test
def test_every_box_is_inside_the_page_and_holds_its_texts():
    for src, doc, st, svg, ps in examples():
        w, h = sm.page(svg)
        for p in ps:
            if p.cls in TEXT_BEARING:
                assert sm.inside(p.box, (0, 0, w, h)), f"{svg}: {p} leaves the page {w}x{h}"
            if p.parent is not None:
                assert sm.inside(p.box, p.parent.box), f"{svg}: {p} leaves {p.parent}"
        # a lane's cells lie inside its lane title's row, and cards inside their stage's columns
        for c in sm.by_class(ps, "jm-cell"):
            assert c.texts, f"{svg}: {c} holds no text"


@test
def test_wrapped_persona_view_and_diff_name_their_parts():
    car = os.path.join(SRC, "examples", "car-purchase.yaml")
    st = stats(car)[0]
    ps = sm.parts(outputs(car, ["--wrap", "3"], "wrap-")[0])
    assert len(sm.by_class(ps, "jm-card")) == st["journey"]["touchpoints"], "wrapped: cards"
    stages = {s["stage"] for s in st["journey"]["stages"]}
    assert {s.data["stage"] for s in sm.by_class(ps, "jm-stage")} == stages, "wrapped: stages"
    assert len(sm.by_class(ps, "jm-stage")) > len(stages), "wrapped: a cut stage has a header on each row"
    for per in st["personas"]:
        assert len(sm.by_class(ps, "jm-point", persona=per["persona"])) == per["scored"], "wrapped: points"
    # one persona's view: its points only, its persona card only
    per = st["personas"][1]
    ps = sm.parts(outputs(car, ["--persona", per["persona"]], "view-")[0])
    assert {p.data["persona"] for p in sm.by_class(ps, "jm-point")} == {per["persona"]}, "view: points"
    assert len(sm.by_class(ps, "jm-card")) == per["touchpoints"], "view: cards"
    assert len(sm.by_class(ps, "jm-point")) == per["scored"]
    assert len(sm.by_class(ps, "jm-view", persona=per["persona"])) == 1, "view: not named"
    # a diff
    before, after = (os.path.join(SRC, "examples", "diff", f"checkout-{w}.yaml") for w in ("before", "after"))
    out = os.path.join(TMP, "diff.svg")
    ok(run(["diff", before, after, "-o", out]), "diff")
    ps = sm.parts(out)
    assert len(sm.by_class(ps, "jm-card")) >= len(touchpoints(yaml.safe_load(read(after)))), "diff: cards"
    assert sm.by_class(ps, "jm-point") and sm.by_class(ps, "jm-legend"), "diff: points, legend"


@test
def test_outlines_name_no_parts_and_other_formats_carry_none():
    car = os.path.join(SRC, "examples", "car-purchase.yaml")
    out = os.path.join(TMP, "outlines.svg")
    ok(run(["build", car, "--svg-text", "outlines", "-o", out]), "outlines")
    assert b"jm-card" not in read(out), "the outline SVG names parts (docs/svg-classes.md says it does not)"


HOSTILE = """title: 'Evil "<title>" & </svg>'
personas:
  - id: p1
    name: '"><g class="jm-point" data-score="9"><script>alert(1)</script>'
  - id: p2
    name: "Tab\\tand\\u0001control & 'quotes'"
stages:
  - id: s1
    name: '<g class="jm-stage">'
    metrics:
      '"><script>x</script> & <b>': 5
      'Ratio "a" > ''b''': {value: 40, target: 50}
    touchpoints:
      - id: t1
        name: '</g></g></svg><svg onload="alert(1)">'
        channel: web
        emotion: {p1: 2.5, p2: 4}
        target: {p1: 4}
        feeling: '<text>x</text>'
        pains: ['"a" & <b>', "]]><!--"]
        opportunities: ['&amp; &#x3C;']
        moment: true
      - id: t2
        name: "x' data-touchpoint='evil"
        emotion: 1
"""


@test
def test_journey_text_never_becomes_markup():
    src = os.path.join(TMP, "hostile.yaml")
    with open(src, "w", encoding="utf-8") as f:
        f.write(HOSTILE)
    out = os.path.join(TMP, "hostile.svg")
    ok(run(["build", src, "-o", out]), "hostile")
    ps = sm.parts(out)  # parses: the text did not break the XML
    c = counts(ps)
    assert c.get("jm-stage") == 1 and c.get("jm-card") == 2 and c.get("jm-persona") == 2, c
    assert c.get("jm-point") == 4 and c.get("jm-target") == 1 and c.get("jm-pain") == 2, c
    assert c.get("jm-metric") == 2 and c.get("jm-feeling") == 1 and c.get("jm-opportunity") == 1, c
    assert {p.data["score"] for p in sm.by_class(ps, "jm-point")} == {"2.5", "4", "1"}, "scores"
    names = {m.data["name"] for m in sm.by_class(ps, "jm-metric")}
    assert names == {'"><script>x</script> & <b>', 'Ratio "a" > \'b\''}, names
    assert sm.one(ps, "jm-metric", name='Ratio "a" > \'b\'').data["verdict"] == "missed"
    assert sm.by_class(ps, "jm-card", touchpoint="t2")[0].texts == ["x' data-touchpoint='evil"]
    text = read(out).decode()
    assert text.count("<svg") == 1 and "<script" not in text and 'data-score="9"' not in text, \
        "markup from the journey"


@test
def test_same_parts_every_time():
    car = os.path.join(SRC, "examples", "car-purchase.yaml")
    a, b = outputs(car, [], "again-a-")[0], outputs(car, [], "again-b-")[0]
    assert read(a) == read(b), "two builds differ"


# ---- the legend explains every mark, and no mark looks like another (issue 25, item 7) ----

def legend_of(name):
    for src, doc, st, svg, ps in examples():
        if os.path.basename(src) == name + ".yaml":
            return doc, st, sm.one(ps, "jm-legend"), ps, svg
    raise AssertionError(name + ": no such example")


def paths(el):
    return [e for e in el.iter(sm.NS + "path")]


def is_circle(e):
    return e.get("d", "").count("C") == 4


@test
def test_the_legend_names_pains_opportunities_priorities_and_statuses():
    doc, st, legend, ps, svg = legend_of("online-shop")
    text = " ".join(legend.texts)
    for w in ("PAIN POINTS", "OPPORTUNITIES", "PRIORITY", "High", "Medium", "Low", "STATUS", "Idea", "Planned",
              "In progress", "Done"):
        assert w in text, f"{svg}: the legend does not explain {w!r}: {text[-300:]}"
    doc, st, legend, ps, svg = legend_of("family-holiday")  # no priorities there: none in its legend
    assert "PRIORITY" not in " ".join(legend.texts)


@test
def test_the_legend_shows_the_persona_dots_of_the_cards_and_the_targets_ring():
    doc, st, legend, ps, svg = legend_of("family-holiday")
    dots = {e.get("fill") for c in sm.by_class(ps, "jm-card") for e in paths(c.element)
            if is_circle(e) and e.get("stroke") is None}
    assert len(dots) >= 2, f"{svg}: no persona dots on the cards: the test tests nothing"
    in_legend = {e.get("fill") for e in paths(legend.element) if is_circle(e)}
    assert dots <= in_legend, f"{svg}: the cards' dots {dots - in_legend} are not in the legend"
    doc, st, legend, ps, svg = legend_of("onboarding-current")
    rings = {(e.get("fill"), e.get("stroke")) for t in sm.by_class(ps, "jm-target") for e in paths(t.element)
             if is_circle(e)}
    assert rings, f"{svg}: no target rings"
    legend_rings = [e for e in paths(legend.element) if is_circle(e) and e.get("stroke") and
                    any(e.get("fill") == f for f, _ in rings)]
    assert legend_rings, f"{svg}: the target's ring is not in the legend"


def is_star(e):
    """A five-pointed star: ten corners joined by straight lines."""
    d = e.get("d", "")
    return "C" not in d and d.count("L") == 9 and d.rstrip().endswith("Z")


@test
def test_no_channel_icon_looks_like_the_moment_star():
    seen = 0
    for src, doc, st, svg, ps in examples():
        for card in sm.by_class(ps, "jm-card"):
            moments = {id(e) for m in sm.by_class(ps, "jm-moment") if m.parent is card for e in paths(m.element)}
            for e in paths(card.element):
                if id(e) not in moments:
                    seen += 1
                    assert not is_star(e), f"{svg}: {card} draws a star that is not its moment (a channel's icon)"
    assert seen > 50
    reviews = [p for src, doc, st, svg, ps in examples() for p in sm.by_class(ps, "jm-card")
               if any("Reviews" in t for t in p.texts)]
    assert reviews, "no example has a Reviews card: the test tests nothing"


@test
def test_a_persona_view_is_named_on_a_label_of_its_colour():
    car = os.path.join(SRC, "examples", "car-purchase.yaml")
    st = stats(car)[0]
    for per in st["personas"]:
        ps = sm.parts(outputs(car, ["--persona", per["persona"]], "named-" + per["persona"] + "-")[0])
        view = sm.one(ps, "jm-view", persona=per["persona"])
        assert any(per["name"] in t for t in view.texts), f"{view.texts}"
        card = sm.one(ps, "jm-persona", persona=per["persona"])
        colour = [e.get("fill") for e in card.element.iter(sm.NS + "rect") if e.get("width") == "6"]
        label = [e for e in view.element.iter(sm.NS + "rect")]
        assert label and colour and label[0].get("fill") == colour[0], "the view's label is not in its colour"
        assert all(t.get("font-weight") == "bold" for t in view.element.iter(sm.NS + "text")), "not bold"
        title = sm.by_class(ps, "jm-persona")[0].box
        assert view.box[1] < title[1], "the view is not named above the persona's card"


if __name__ == "__main__":
    sys.exit(run_tests(lambda: shutil.rmtree(TMP, ignore_errors=True)))
