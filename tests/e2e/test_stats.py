#!/usr/bin/env python3
"""End-to-end tests of `jmap stats`.

Usage: python3 test_stats.py PATH_TO_JMAP
(JMAP_SOURCE_DIR names the source root, for examples/ and docs/.)

The keys of `stats --json` are checked against the table in docs/cli.md both
ways (every key written is documented, every documented key is written), and
the numbers against values worked out by hand, here, from the journeys.
"""

import json
import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import run_tests, test  # noqa: E402

JMAP = None
SOURCE_DIR = os.environ.get("JMAP_SOURCE_DIR") or os.path.abspath(
    os.path.join(os.path.dirname(__file__), "..", ".."))
TMP = tempfile.mkdtemp(prefix="jmap-stats-")

# Worked by hand below: the whole journey scores A (4+2)/2 = 3, B 5 (Ann
# alone), C 1, D nothing, E (3+4)/2 = 3.5.
HAND = """title: Stats by hand
personas:
  - name: Ann
  - name: Bob
stages:
  - name: One
    metrics: {CSAT: 4.1}
    touchpoints:
      - name: A
        emotion: {ann: 4, bob: 2}
        pains: [p1, p2]
      - name: B
        personas: [ann]
        emotion: 5
        opportunities: [o1]
        moment: true
  - name: Two
    touchpoints:
      - name: C
        emotion: 1
      - name: D
      - name: E
        emotion: {ann: 3, bob: 4}
"""

MERMAID = """journey
  title Lunch
  section Order
    Read the menu: 4: Me
    Wait: 1: Me, Cat
  section Eat
    Eat: 5: Me
"""


def run(args, stdin=b""):
    p = subprocess.run([JMAP] + args, input=stdin, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=120)
    return p.returncode, p.stdout.decode("utf-8"), p.stderr.decode("utf-8")


def write(name, text):
    path = os.path.join(TMP, name)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


def stats(*paths):
    status, out, err = run(["stats", "--json", *paths])
    assert status == 0, (status, err)
    return json.loads(out)


def documented_keys():
    """The first column of the key table of `stats` in docs/cli.md."""
    text = open(os.path.join(SOURCE_DIR, "docs", "cli.md"), encoding="utf-8").read()
    section = text.split("### stats", 1)[1].split("\n### ", 1)[0]
    keys = set(re.findall(r"^\| `([A-Za-z_\[\].]+)` \|", section, re.M))
    assert keys, "no key table under ### stats in docs/cli.md"
    return keys


def written_keys(doc):
    """Every key path of a stats document, in the notation of the table:
    VIEW. for a view, POINT. for a point."""
    keys = set()

    def walk(value, path):
        if isinstance(value, list):
            for item in value:
                walk(item, path + "[]")
        elif isinstance(value, dict):
            for k, v in value.items():
                p = (path + "." if path else "") + k
                keys.add(p)
                if p in ("journeys[].journey",) or (p == "journeys[].personas" and isinstance(v, list)):
                    for view in (v if isinstance(v, list) else [v]):
                        walk(view, "VIEW")
                elif k in ("lowest", "highest", "from", "to") and isinstance(v, dict):
                    walk(v, "POINT")
                else:
                    walk(v, p)

    walk(doc, "")
    return keys


def close(a, b):
    return a is not None and abs(a - b) < 1e-9


@test
def keys_match_the_documentation():
    hand = write("hand.yaml", HAND)
    examples = sorted(os.path.join(SOURCE_DIR, "examples", f)
                      for f in os.listdir(os.path.join(SOURCE_DIR, "examples")) if f.endswith(".yaml"))
    examples.append(os.path.join(SOURCE_DIR, "examples", "grocery-research", "grocery.yaml"))  # computed values
    written = written_keys(stats(hand, *examples))
    doc = documented_keys()
    assert not written - doc, "written, not documented: %s" % sorted(written - doc)
    assert not doc - written, "documented, never written: %s" % sorted(doc - written)


@test
def hand_worked_journey():
    d = stats(write("hand.yaml", HAND))["journeys"]
    assert len(d) == 1
    j = d[0]
    assert j["title"] == "Stats by hand" and j["scale"] == [1, 5] and j["document"] == 1
    w = j["journey"]
    assert w["persona"] is None and w["touchpoints"] == 5 and w["scored"] == 4
    assert close(w["mean"], (3 + 5 + 1 + 3.5) / 4), w["mean"]
    assert w["lowest"]["touchpoint"] == "c" and w["lowest"]["score"] == 1
    assert w["highest"]["touchpoint"] == "b" and w["highest"]["stage"] == "one"
    assert w["highest"]["stage_name"] == "One"
    drop = w["largest_drop"]
    assert drop["from"]["touchpoint"] == "b" and drop["to"]["touchpoint"] == "c" and close(drop["drop"], 4)
    assert [(s["stage"], s["mean"], s["scored"]) for s in w["stages"]] == [("one", 4, 2), ("two", 2.25, 2)]
    assert w["pains"] == 2
    assert w["opportunities"] == {"high": 0, "medium": 0, "low": 0, "none": 1}
    assert [m["touchpoint"] for m in w["moments"]] == ["b"]
    assert w["target_gap"] is None and w["targets"] == 0
    assert w["metrics"] == [{"name": "CSAT", "value": "4.1", "stage": "one", "touchpoint": None,
                             "target": None, "better": "higher", "met": None, "everyone": True}]
    assert [m["everyone"] for m in w["moments"]] == [False]  # B names its personas
    ann, bob = j["personas"]
    assert ann["persona"] == "ann" and ann["name"] == "Ann"
    assert ann["touchpoints"] == 5 and ann["scored"] == 4 and close(ann["mean"], 13 / 4)
    assert [s["mean"] for s in ann["stages"]] == [4.5, 2]
    assert ann["largest_drop"]["drop"] == 4 and ann["moments"][0]["name"] == "B"
    assert bob["touchpoints"] == 4 and bob["scored"] == 3 and close(bob["mean"], 7 / 3)
    assert bob["lowest"]["touchpoint"] == "c" and bob["highest"]["touchpoint"] == "e"
    assert bob["largest_drop"]["from"]["touchpoint"] == "a" and bob["largest_drop"]["drop"] == 1
    assert [(s["mean"], s["scored"]) for s in bob["stages"]] == [(2, 1), (2.5, 2)]
    assert bob["pains"] == 2 and bob["opportunities"]["none"] == 0 and bob["moments"] == []


TARGETS = """title: Targets by hand
personas: [{name: Ann}, {name: Bob}]
stages:
  - name: S
    touchpoints:
      - {name: A, emotion: {ann: 2, bob: 3}, target: 4}
      - {name: B, emotion: 1, target: {ann: 4}}
      - {name: C, emotion: 5}
      - {name: D, target: 5}
"""


@test
def target_gaps_by_hand():
    j = stats(write("targets.yaml", TARGETS))["journeys"][0]
    w = j["journey"]
    # A: ann 4-2 = 2, bob 4-3 = 1, mean 1.5; B: ann 4-1 = 3; C no target; D no score
    assert w["targets"] == 2 and close(w["target_gap"], (1.5 + 3) / 2), (w["targets"], w["target_gap"])
    ann, bob = j["personas"]
    assert ann["targets"] == 2 and close(ann["target_gap"], (2 + 3) / 2)
    assert bob["targets"] == 1 and close(bob["target_gap"], 1)


ACTING = """title: Acting by hand
personas: [{name: Ann}, {name: Bob}]
stages:
  - name: S
    metrics: {NPS: {value: "+31", target: "+40"}, Note: kept}
    touchpoints:
      - name: A
        personas: [ann]
        metrics:
          Wait: {value: 4 min, target: 5 min, better: lower}
          Drop-off: {value: 12%, target: 15%, better: lower}
        opportunities:
          - {text: x, priority: high}
          - {text: y, priority: low, status: done}
          - z
      - name: B
        opportunities: [{text: w, priority: high, owner: Ops}]
"""


@test
def metrics_and_priorities_by_hand():
    j = stats(write("acting.yaml", ACTING))["journeys"][0]
    w = j["journey"]
    assert w["opportunities"] == {"high": 2, "medium": 0, "low": 1, "none": 1}, w["opportunities"]
    got = [(m["name"], m["touchpoint"], m["target"], m["better"], m["met"]) for m in w["metrics"]]
    # +31 against +40 is missed; "4 min" is not a number; 12% against at most 15% is met
    assert got == [("NPS", None, "+40", "higher", False), ("Note", None, None, "higher", None),
                   ("Wait", "a", "5 min", "lower", None), ("Drop-off", "a", "15%", "lower", True)], got
    ann, bob = j["personas"]
    # the stage's metrics are every persona's: written once, in the journey's view
    assert [m["everyone"] for m in w["metrics"]] == [True, True, False, False]
    assert ann["opportunities"]["high"] == 2 and [m["name"] for m in ann["metrics"]] == ["Wait", "Drop-off"]
    # Bob does not go through A: its opportunities and metrics are not his
    assert bob["opportunities"] == {"high": 1, "medium": 0, "low": 0, "none": 0}, bob["opportunities"]
    assert bob["metrics"] == []


@test
def a_decimal_comma_is_an_error_that_says_so():
    bad = write("comma.yaml", "title: C\nstages:\n  - name: S\n    metrics: {CSAT: 4,2}\n")
    status, out, err = run(["check", bad])
    assert status == 1 and re.search(r"comma\.yaml:4:23: error: metric '2' has no value.*4\.2", err), err
    status, out, err = run(["build", bad, "-o", os.path.join(TMP, "comma.svg")])
    assert status == 1 and not os.path.exists(os.path.join(TMP, "comma.svg")), (status, err)


@test
def example_two_journeys():
    d = stats(os.path.join(SOURCE_DIR, "examples", "two-journeys.yaml"))["journeys"]
    assert [j["document"] for j in d] == [1, 2]
    first, second = d[0]["journey"], d[1]["journey"]
    # 1.5, 4 | 3.5, 4.5
    assert close(first["mean"], (1.5 + 4 + 3.5 + 4.5) / 4)
    assert first["lowest"]["name"] == "8 am phone queue" and first["highest"]["score"] == 4.5
    assert first["largest_drop"]["from"]["name"] == "Books in the NHS App" and close(first["largest_drop"]["drop"], 0.5)
    assert [s["mean"] for s in first["stages"]] == [2.75, 4]
    assert first["pains"] == 3 and len(first["moments"]) == 2
    # 4, 2.5 | 3, 5
    assert close(second["mean"], 14.5 / 4) and close(second["largest_drop"]["drop"], 1.5)
    assert second["highest"]["name"] == "Inhaler technique check" and second["pains"] == 2
    assert d[0]["personas"][0]["persona"] == "li-mei"


@test
def mermaid_input():
    d = stats(write("lunch.mmd", MERMAID))["journeys"][0]
    assert d["title"] == "Lunch"
    me, cat = d["personas"]
    assert me["persona"] == "me" and me["scored"] == 3 and close(me["mean"], 10 / 3)
    assert cat["touchpoints"] == 1 and cat["mean"] == 1 and cat["largest_drop"] is None
    assert d["journey"]["largest_drop"]["drop"] == 3


@test
def table_output():
    status, out, err = run(["stats", write("hand.yaml", HAND)])
    assert status == 0 and err == "", err
    for words in ("Whole journey", "Persona: Ann (ann)", "Persona: Bob (bob)", "mean emotion          3.12",
                  "largest drop          4.00  B (5.00) -> C (1.00)", "stage means           4.00  One"):
        assert words in out, (words, out)


@test
def exit_statuses():
    bad = write("bad.yaml", "title: Bad\nstages:\n  - name: S\n    touchpoints:\n      - name: T\n        emotoin: 3\n")
    good = write("hand.yaml", HAND)
    status, out, err = run(["stats", "--json", bad, good])
    assert status == 1, status
    assert re.search(r"bad\.yaml:6:9: error: unknown key 'emotoin'", err), err
    assert [j["title"] for j in json.loads(out)["journeys"]] == ["Stats by hand"]
    status, out, err = run(["stats", os.path.join(TMP, "missing.yaml")])
    assert status == 3 and "cannot read" in err, (status, err)
    assert run(["stats", "--frobnicate", good])[0] == 2
    assert run(["stats"])[0] == 2
    status, out, err = run(["help", "stats"])
    assert status == 0 and "--json" in out
    status, out, err = run(["stats", "--json", "-"], stdin=HAND.encode())
    assert status == 0 and json.loads(out)["journeys"][0]["file"] == "<stdin>"


def main():
    global JMAP
    if len(sys.argv) != 2:
        print("usage: test_stats.py PATH_TO_JMAP", file=sys.stderr)
        return 2
    JMAP = os.path.abspath(sys.argv[1])
    import shutil
    return run_tests(cleanup=lambda: shutil.rmtree(TMP, ignore_errors=True))


if __name__ == "__main__":
    sys.exit(main())
