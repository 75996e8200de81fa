#!/usr/bin/env python3
"""Flow and time (format 1.2) by meaning, through the SVG's jm-flow and
jm-fail parts and `jmap stats --json`: band heights proportional to reach,
loss labels equal to figures worked out by hand, the same right to left
and wrapped; every bad value an error at its line and column.

Usage: python3 test_flowtime.py PATH_TO_JMAP"""
import json
import os
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import svgmeaning as sm  # noqa: E402
from harness import run_tests, test  # noqa: E402

JMAP = sys.argv[1] if len(sys.argv) > 1 else "jmap"
TMP = tempfile.mkdtemp(prefix="jmap-flowtime-")
NS = "{http://www.w3.org/2000/svg}"

FUNNEL = """title: {title}
{lang}stages:
  - name: Find
    touchpoints:
      - id: ad
        name: Sees an advert
        reach: 12000
        duration: 90s
      - id: site
        name: Visits the site
        reach: 5400
        wait: 2d
        duration: 25min
        fail: Price differs
  - name: Buy
    touchpoints:
      - id: note
        name: Reads a note
      - id: pay
        name: Checkout
        reach: 1800
        wait: 1.5h
        duration: 10min
        fail: [Card refused, Form loses input]
        backstage:
          - Fraud check
          - {{text: Stock reserved, wait: 4h, fail: Stock count is a day old}}
      - id: done
        name: Confirmation
        reach: 1700
        duration: 30s
"""
REACH = {"ad": 12000, "site": 5400, "pay": 1800, "done": 1700}
# by hand: (12000-5400)/12000 = 55 %, (5400-1800)/5400 = 66.67 %, (1800-1700)/1800 = 5.56 %
LOSS = {"site": "55", "pay": "66.7", "done": "5.6"}
FA_DIGITS = str.maketrans("0123456789.", "۰۱۲۳۴۵۶۷۸۹٫")


def write(name, text):
    path = os.path.join(TMP, name)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


def run(*args):
    return subprocess.run([JMAP, *args], capture_output=True, text=True)


def build(text, *opts):
    src = write("j.yaml", text)
    out = os.path.join(TMP, "j.svg")
    r = run("build", src, "-o", out, *opts)
    assert r.returncode == 0, r.stderr
    return sm.parts(out)


def band(p):
    """The band's rect of a jm-flow part: its height."""
    rects = [e for e in p.element.iter(NS + "rect")]
    assert len(rects) == 1, rects
    return float(rects[0].get("height"))


def check_flow(ps, lang=None):
    flows = sm.by_class(ps, "jm-flow")
    got = {p.data["touchpoint"]: p for p in flows}
    assert set(got) == set(REACH), sorted(got)
    for tp, r in REACH.items():
        assert got[tp].data["reach"] == str(r), (tp, got[tp].data)
    top = band(got["ad"])
    assert top > 20, top
    for tp, r in REACH.items():
        want = top * r / 12000
        assert abs(band(got[tp]) - want) <= 0.5, (tp, band(got[tp]), want)
    for tp, loss in LOSS.items():
        label = "-%s%%" % loss
        if lang == "fa":
            label = "−" + loss.translate(FA_DIGITS) + "٪"
        texts = " ".join(got[tp].texts)
        assert label in texts, (tp, label, texts)
    assert not any("%" in t or "٪" in t for t in got["ad"].texts), got["ad"].texts
    largest = [tp for tp in REACH if any(("Largest loss" in t or "بیشترین ریزش" in t) for t in got[tp].texts)]
    assert largest == ["pay"], largest


@test
def flow_band_and_losses():
    check_flow(build(FUNNEL.format(title="Funnel", lang="")))


@test
def flow_right_to_left_persian():
    ps = build(FUNNEL.format(title="قیف", lang="lang: fa\n"))
    check_flow(ps, "fa")
    # mirrored: the first touchpoint's band stands right of the last one's
    ad, done = sm.one(ps, "jm-flow", touchpoint="ad"), sm.one(ps, "jm-flow", touchpoint="done")
    assert ad.box[0] > done.box[0], (ad.box, done.box)


@test
def flow_wrapped():
    ps = build(FUNNEL.format(title="Funnel", lang=""), "--wrap", "2")
    check_flow(ps)
    ad, done = sm.one(ps, "jm-flow", touchpoint="ad"), sm.one(ps, "jm-flow", touchpoint="done")
    assert done.box[1] > ad.box[1] + ad.box[3], "the last touchpoint is on a later row"


@test
def fail_points_are_parts():
    ps = build(FUNNEL.format(title="Funnel", lang=""))
    fails = sm.by_class(ps, "jm-fail")
    by = {}
    for p in fails:
        by.setdefault(p.data["touchpoint"], []).append(" ".join(p.texts))
    assert sorted(by) == ["pay", "site"], by
    assert len(by["pay"]) == 3 and any("Stock count" in t for t in by["pay"]), by
    card = sm.one(ps, "jm-card", touchpoint="site")
    site_fail = [p for p in fails if p.data["touchpoint"] == "site"][0]
    assert sm.inside(site_fail.box, card.box), (site_fail.box, card.box)
    legend = sm.by_class(ps, "jm-legend")
    assert any("Fail point" in t for p in legend for t in p.texts)


@test
def time_lane_totals():
    ps = build(FUNNEL.format(title="Funnel", lang=""))
    lanes = [p for p in sm.by_class(ps, "jm-lane") if p.data.get("lane") == "time"]
    texts = " ".join(t for p in lanes for t in p.texts)
    # active 90 s + 25 min + 10 min + 30 s = 37 min; waiting 2 d + 1.5 h; 178200 / 180420 = 98.8 %
    flat = "".join(texts.split())  # lines break where they may: compare without spaces
    assert "Active37min" in flat and "waiting2d1h" in flat and "(98.8%waiting)" in flat, texts
    cells = [p for p in sm.by_class(ps, "jm-lane") if p.data.get("lane") == "flow"]
    assert cells, "a flow lane"


@test
def lanes_named_or_not():
    no_reach = "title: T\nstages:\n  - name: S\n    touchpoints:\n      - name: A\n"
    ps = build(no_reach)
    assert not [p for p in sm.by_class(ps, "jm-lane") if p.data.get("lane") in ("flow", "time")]
    ps = build(FUNNEL.format(title="T", lang="lanes: [touchpoints, time]\n"))
    assert not sm.by_class(ps, "jm-flow")
    assert [p for p in sm.by_class(ps, "jm-lane") if p.data.get("lane") == "time"]


@test
def stats_json_by_hand():
    src = write("s.yaml", FUNNEL.format(title="Funnel", lang=""))
    r = run("stats", src, "--json")
    assert r.returncode == 0, r.stderr
    fl = json.loads(r.stdout)["journeys"][0]["flow"]
    assert fl["reached"] == 4
    assert fl["first"] == {"touchpoint": "ad", "reach": 12000} and fl["last"] == {"touchpoint": "done", "reach": 1700}
    assert abs(fl["conversion"] - 1700 / 12000 * 100) < 1e-6
    assert [(s["from"], s["to"]) for s in fl["steps"]] == [("ad", "site"), ("site", "pay"), ("pay", "done")]
    assert abs(fl["steps"][1]["loss"] - 3600 / 5400 * 100) < 1e-6
    assert fl["largest_loss"]["from"] == "site" and fl["largest_loss"]["to"] == "pay"
    assert fl["active_seconds"] == 90 + 1500 + 600 + 30
    assert fl["waiting_seconds"] == 2 * 86400 + 5400
    assert abs(fl["waiting_share"] - 178200 / 180420 * 100) < 1e-6
    assert [(f["touchpoint"], f["lane"], f["item"]) for f in fl["fail_points"]] == [
        ("site", "touchpoints", None), ("pay", "touchpoints", None), ("pay", "touchpoints", None),
        ("pay", "backstage", "Stock reserved")]
    t = run("stats", src)
    assert "66.67%  site -> pay  (largest)" in t.stdout, t.stdout


@test
def units_exact():
    src = write("u.yaml", "title: T\nstages:\n  - name: S\n    touchpoints:\n"
                "      - {name: A, duration: 90s}\n      - {name: B, duration: 1.5h}\n"
                "      - {name: C, wait: 3w}\n      - {name: D, wait: 2 d}\n      - {name: E, duration: 0.1h}\n")
    fl = json.loads(run("stats", src, "--json").stdout)["journeys"][0]["flow"]
    assert fl["active_seconds"] == 90 + 5400 + 360, fl
    assert fl["waiting_seconds"] == 3 * 604800 + 2 * 86400, fl


ERRORS = [
    ("reach: -3", "'reach' must be 0 or more"),
    ("reach: 12.5", "'reach' must be a whole number"),
    ("reach: lots", "'reach' must be a whole number"),
    ("reach: [1]", "'reach' must be a whole number"),
    ("wait: 10m", "minutes are 'min'"),
    ("duration: 5", "has no unit"),
    ("duration: 3x", "unknown unit 'x'"),
    ("duration: -2h", "must not be negative"),
    ("fail: {a: b}", "'fail' must be a string or a list"),
    ("wiat: 2d", "did you mean 'wait'?"),
    ("backstage: [{text: x, duraton: 2h}]", "did you mean 'duration'?"),
    ("backstage: [{text: x, wait: 4m}]", "minutes are 'min'"),
]


@test
def errors_at_line_and_column():
    for line, msg in ERRORS:
        text = "title: T\nstages:\n  - name: S\n    touchpoints:\n      - name: A\n        %s\n" % line
        src = write("e.yaml", text)
        r = run("check", src)
        assert r.returncode != 0, line
        key, value = line.split(":", 1)
        if "did you mean" in msg and "[" not in line:
            col = 9
        elif "[" in line and "{" in line:
            inner = line.index("duraton") if "duraton" in line else line.index("4m")
            col = 9 + inner
        else:
            col = 9 + len(key) + 2
        want = "e.yaml:6:%d: error: " % col
        assert want in r.stderr and msg in r.stderr, (line, want, msg, r.stderr)
        out = os.path.join(TMP, "e.svg")
        if os.path.exists(out):
            os.remove(out)
        b = run("build", src, "-o", out)
        assert b.returncode != 0 and not os.path.exists(out), line


@test
def diff_marks_changed_reach_and_time():
    before = write("before.yaml", FUNNEL.format(title="Funnel", lang=""))
    after = write("after.yaml", FUNNEL.format(title="Funnel", lang="").replace("reach: 5400", "reach: 6000")
                  .replace("wait: 1.5h", "wait: 2h"))
    out = os.path.join(TMP, "d.svg")
    r = run("diff", before, after, "-o", out)
    assert r.returncode == 0, r.stderr
    cards = {p.data["touchpoint"]: p.texts for p in sm.by_class(sm.parts(out), "jm-card")}
    assert any("Changed" in t for t in cards["site"]) and "FLOW" in cards["site"], cards["site"]
    assert any("Changed" in t for t in cards["pay"]) and "TIME" in cards["pay"], cards["pay"]
    assert not any("Changed" in t for t in cards["ad"]), cards["ad"]


@test
def reach_up_to_the_limit():
    def check(reach):
        src = write("l.yaml", "title: T\nstages:\n  - name: S\n    touchpoints:\n      - {name: A, reach: %s}\n" % reach)
        return run("check", src)
    assert check("1000000000000000").returncode == 0, check("1000000000000000").stderr  # 10^15, the limit
    r = check("1000000000000001")
    assert r.returncode != 0 and "l.yaml:5:26: error: 'reach'" in r.stderr, r.stderr
    assert check("0").returncode == 0 and check("1e3").returncode == 0


@test
def growing_reach_warns():
    src = write("w.yaml", "title: T\nstages:\n  - name: S\n    touchpoints:\n"
                "      - {name: A, reach: 10}\n      - {name: B}\n      - {name: C, reach: 20}\n")
    r = run("check", src)
    assert r.returncode == 0, r.stderr
    assert "w.yaml:7:" in r.stderr and "warning" in r.stderr and "more than the 10 of 'a'" in r.stderr, r.stderr


@test
def growing_reach_follows_the_paths():
    """With `next`, what leads to a touchpoint is every touchpoint whose step
    goes to it, not the one before it in the row: `buy` is reached from the
    advert (1000) past `compare`, whose customers leave (`end`)."""
    def check(buy, compare_next):
        src = write("p.yaml", "title: T\nstages:\n  - name: S\n    touchpoints:\n"
                    "      - {id: ad, name: Ad, reach: 1000, next: [compare, buy]}\n"
                    "      - {id: compare, name: Compare, reach: 200, next: [%s]}\n"
                    "      - {id: buy, name: Buy, reach: %d}\n" % (compare_next, buy))
        r = run("check", src)
        assert r.returncode == 0, r.stderr
        return r.stderr
    assert "warning" not in check(700, "end"), "buy is reached from the advert, not from compare"
    err = check(1200, "end")
    assert "p.yaml:7:" in err and "more than the 1000 of 'ad'" in err, err
    # compare leads to buy too: the larger of the two is the advert's
    assert "warning" not in check(700, "buy")


if __name__ == "__main__":
    sys.exit(run_tests())
