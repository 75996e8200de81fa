#!/usr/bin/env python3
"""End-to-end tests of values computed from research data (format 1.2,
"Research behind the map"; cli.md `--data`, `stats`, jm-metric's data-n):
the spec's example with numbers worked out by hand in the SVG and in
`stats --json`, every error at its file, line and column, the path rules,
--data, columns binding, small samples, and the same data typed by hand
giving the same map.
Usage: python3 test_data.py PATH_TO_JMAP"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

import svgmeaning as sm
from harness import run_tests, test

JMAP = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else sys.exit("usage: test_data.py PATH_TO_JMAP")
TMP = tempfile.mkdtemp(prefix="jmap-e2e-data-")

# 10 answers. recommend: 10 9 9 8 7 6 5 3 10 0 -> promoters 4, detractors 4: NPS 0
# ... with north/south only (rows 1-8): 10 9 9 8 7 6 5 3 -> 3 - 3 = 0 of 8
# satisfied: 5 4 4 5 3 2 1 4 5 2 -> 4 and 5: 6 of 10 = 60%
# ease for store north or south (rows 1-8): 4 5 3 4 2 2 1 (one empty) -> 21 / 7 = 3.0
SURVEY = """store,recommend,satisfied,ease,comment
north,10,5,4,"Quick, friendly"
north,9,4,5,
south,9,4,3,"said ""ok""
and left"
south,8,5,4,fine
north,7,3,2,slow
south,6,2,,queue
north,5,1,2,card machine broken
south,3,4,1,
east,10,5,5,great
east,0,2,4,never again
"""

TICKETS = """step,segment,score
till,ann,2
till,ann,3
till,ann,2
till,ann,1
till,ann,2
till,bob,4
card,ann,5
"""

SPEC = """\
title: Buying groceries
personas:
  - {id: ann, name: Ann}
  - {id: bob, name: Bob}
sources:
  - id: survey-q3
    name: Post-purchase survey, Q3
    kind: survey
    date: 2026-09
    file: data/survey-q3.csv
  - id: tickets
    name: Support tickets, September
    kind: support
    file: data/tickets.csv
    columns: {touchpoint: step, persona: segment, emotion: score}
stages:
  - name: Purchase
    source: survey-q3
    metrics:
      NPS: {from: survey-q3, column: recommend, compute: nps, target: 30}
      CSAT: {from: survey-q3, column: satisfied, compute: csat, target: 80%}
    touchpoints:
      - id: browse
        name: Browses the aisles
        emotion: {from: survey-q3, column: ease, where: {store: [north, south]}}
      - id: till
        name: Pays at the till
        pains: [{text: Queue at the till, source: [survey-q3, tickets]}, Parking]
      - id: card
        name: Gets a loyalty card
"""


def run(*args, cwd=None):
    p = subprocess.run([JMAP, *args], capture_output=True, text=True, cwd=cwd)
    return p.returncode, p.stdout, p.stderr


def folder(name, journey, files):
    d = os.path.join(TMP, name)
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(os.path.join(d, "data"))
    for rel, text in files.items():
        with open(os.path.join(d, rel), "w", encoding="utf-8", newline="") as f:
            f.write(text)
    path = os.path.join(d, "map.yaml")
    with open(path, "w", encoding="utf-8") as f:
        f.write(journey)
    return d, path


def spec_folder(name="spec", journey=SPEC, survey=SURVEY, tickets=TICKETS):
    return folder(name, journey, {"data/survey-q3.csv": survey, "data/tickets.csv": tickets})


def errors_of(stderr):
    """[(file, line, column, message)] of the errors (and warnings) printed."""
    return [(m.group(1), int(m.group(2)), int(m.group(3)), m.group(5))
            for m in re.finditer(r"^(.*?):(\d+):(\d+): (error|warning): (.*)$", stderr, re.M)]


def expect_error(name, journey, files, file_end, line, col, words, args=()):
    d, path = folder(name, journey, files)
    out = os.path.join(d, "map.svg")
    rc, _, err = run("build", path, "-o", out, *args)
    assert rc == 1, f"{name}: exit {rc}\n{err}"
    assert not os.path.exists(out), f"{name}: an output was written"
    found = [e for e in errors_of(err) if e[0].endswith(file_end) and e[1] == line and e[2] == col]
    assert found, f"{name}: no error at {file_end}:{line}:{col}:\n{err}"
    for w in words:
        assert any(w in e[3] for e in found), f"{name}: '{w}' not in {found}"
    return err


@test
def spec_example_numbers_in_svg_and_stats():
    d, path = spec_folder()
    out = os.path.join(d, "map.svg")
    rc, _, err = run("build", path, "-o", out)
    assert rc == 0, err
    svg = open(out, encoding="utf-8").read()
    ps = sm.parts(svg)
    nps = sm.one(ps, "jm-metric", name="NPS")
    assert nps.data["n"] == "10" and nps.data["verdict"] == "missed", nps.data
    assert "0" in nps.texts and "n\u00a0=\u00a010" in " ".join(nps.texts), nps.texts
    csat = sm.one(ps, "jm-metric", name="CSAT")
    assert csat.data["n"] == "10" and "60%" in csat.texts and csat.data["verdict"] == "missed", csat.texts
    # ease of north and south: (4+5+3+4+2+2+1) / 7 = 3.0, for both personas
    for p in ("ann", "bob"):
        pt = sm.one(ps, "jm-point", touchpoint="browse", persona=p)
        assert pt.data["score"] == "3" and pt.data["n"] == "7", pt.data
    # columns: the till for ann is (2+3+2+1+2)/5 = 2.0, for bob 4 from one row
    till = sm.one(ps, "jm-point", touchpoint="till", persona="ann")
    assert till.data["score"] == "2" and till.data["n"] == "5", till.data
    assert sm.one(ps, "jm-point", touchpoint="till", persona="bob").data["n"] == "1"
    assert sm.one(ps, "jm-point", touchpoint="card", persona="ann").data["score"] == "5"
    assert not sm.by_class(ps, "jm-point", touchpoint="card", persona="bob")
    # one row is too few: the warnings name them
    warns = [e for e in errors_of(err) if "uncertain" in e[3]]
    assert len(warns) == 2 and any("'till' for bob" in w[3] for w in warns), err
    rc, js, err = run("stats", "--json", path)
    assert rc == 0, err
    comp = json.loads(js)["journeys"][0]["computed"]
    got = {(c["what"], c["name"] or c["touchpoint"], c["persona"]): (c["value"], c["number"], c["n"]) for c in comp}
    assert got[("metric", "NPS", None)] == ("0", 0, 10), got
    assert got[("metric", "CSAT", None)] == ("60%", 60, 10), got
    assert got[("emotion", "browse", None)] == ("3.0", 3.0, 7), got
    assert got[("emotion", "till", "ann")] == ("2.0", 2.0, 5), got
    assert got[("emotion", "till", "bob")] == ("4.0", 4.0, 1), got
    assert all(c["source"] in ("survey-q3", "tickets") for c in comp)
    rc, table, _ = run("stats", path)
    assert "Computed from data" in table and "nps of recommend in survey-q3, n = 10" in table, table


@test
def where_and_every_compute_by_hand():
    j = SPEC.replace("""      NPS: {from: survey-q3, column: recommend, compute: nps, target: 30}
      CSAT: {from: survey-q3, column: satisfied, compute: csat, target: 80%}""", """\
      NPS: {from: survey-q3, column: recommend, compute: nps, where: {store: east}}
      Median: {from: survey-q3, column: recommend, compute: median}
      Sum: {from: survey-q3, column: satisfied, compute: sum}
      Min: {from: survey-q3, column: ease, compute: min}
      Max: {from: survey-q3, column: ease, compute: max}
      Answers: {from: survey-q3, compute: count, where: {store: north}}
      Stores: {from: survey-q3, column: store, compute: distinct}
      Slow: {from: survey-q3, column: comment, compute: share, values: [slow, queue]}""")
    d, path = spec_folder("computes", j)
    rc, js, err = run("stats", "--json", path)
    assert rc == 0, err
    got = {c["name"]: (c["value"], c["n"]) for c in json.loads(js)["journeys"][0]["computed"] if c["name"]}
    # east: 10 and 0 -> (1 - 1) / 2 = 0; median of 0 3 5 6 7 8 9 9 10 10 = (7+8)/2 = 7.5
    assert got["NPS"] == ("0", 2), got
    assert got["Median"] == ("7.5", 10), got
    assert got["Sum"] == ("35", 10), got
    assert got["Min"] == ("1", 9) and got["Max"] == ("5", 9), got
    assert got["Answers"] == ("4", 4), got
    assert got["Stores"] == ("3", 10), got
    # non-empty comments: 8; slow and queue: 2 -> 25%
    assert got["Slow"] == ("25%", 8), got


@test
def same_data_typed_by_hand_gives_the_same_map():
    d, path = spec_folder("typed-data")
    typed = """\
title: Buying groceries
personas:
  - {id: ann, name: Ann}
  - {id: bob, name: Bob}
stages:
  - name: Purchase
    metrics:
      NPS: {value: "0", target: 30}
      CSAT: {value: 60%, target: 80%}
    touchpoints:
      - id: browse
        name: Browses the aisles
        emotion: 3.0
      - id: till
        name: Pays at the till
        emotion: {ann: 2.0, bob: 4.0}
        pains: [Queue at the till, Parking]
      - id: card
        name: Gets a loyalty card
        emotion: {ann: 5}
"""
    hand = os.path.join(d, "typed.yaml")
    with open(hand, "w", encoding="utf-8") as f:
        f.write(typed)
    rc, _, err = run("build", path, "-o", os.path.join(d, "a.svg"))
    assert rc == 0, err
    rc, _, err = run("build", hand, "-o", os.path.join(d, "b.svg"))
    assert rc == 0, err
    a = sm.parts(open(os.path.join(d, "a.svg"), encoding="utf-8").read())
    b = sm.parts(open(os.path.join(d, "b.svg"), encoding="utf-8").read())

    def points(ps):
        return sorted((p.data["touchpoint"], p.data["persona"], p.data["score"]) for p in sm.by_class(ps, "jm-point"))

    def metrics(ps):
        return sorted((p.data["name"], p.data["verdict"], [t for t in p.texts if not t.startswith("n\u00a0")][:2][1])
                      for p in sm.by_class(ps, "jm-metric"))
    assert points(a) == points(b), (points(a), points(b))
    assert metrics(a) == metrics(b), (metrics(a), metrics(b))


@test
def data_option_replaces_the_file():
    d, path = spec_folder("override")
    other = os.path.join(TMP, "elsewhere.csv")
    with open(other, "w", encoding="utf-8") as f:
        f.write("store,recommend,satisfied,ease,comment\nnorth,10,5,5,\nsouth,10,5,5,\n")
    for args in (["--data", "survey-q3=" + other], ["--data=survey-q3=" + other]):
        rc, js, err = run("stats", "--json", path, *args)
        assert rc == 0, err
        got = {c["name"]: (c["value"], c["n"]) for c in json.loads(js)["journeys"][0]["computed"] if c["name"]}
        assert got["NPS"] == ("+100", 2), got
    rc, _, err = run("check", path, "--data", "survey-q3=" + os.path.join(TMP, "missing.csv"))
    assert rc == 1 and "--data survey-q3=" in err and "No such file" in err, err
    rc, _, err = run("check", path, "--data", "nonsense")
    assert rc == 2 and "ID=PATH" in err, (rc, err)
    # diff and build take it too
    out = os.path.join(d, "o.svg")
    rc, _, err = run("build", path, "-o", out, "--data", "survey-q3=" + other)
    assert rc == 0 and 'data-n="2"' in open(out, encoding="utf-8").read(), err
    rc, _, err = run("diff", path, path, "-o", os.path.join(d, "d.svg"), "--data", "survey-q3=" + other)
    assert rc == 0, err


def spec_with(old, new):
    assert old in SPEC, old
    return SPEC.replace(old, new)


FILES = {"data/survey-q3.csv": SURVEY, "data/tickets.csv": TICKETS}


@test
def unknown_column_at_the_column_value_with_a_suggestion():
    j = spec_with("column: ease,", "column: eaes,")
    line = j.splitlines().index([l for l in j.splitlines() if "eaes" in l][0]) + 1
    col = j.splitlines()[line - 1].index("eaes") + 1
    expect_error("column", j, FILES, "map.yaml", line, col, ["no column 'eaes'", "did you mean 'ease'"])


@test
def errors_in_cells_at_the_cell():
    bad = SURVEY.replace("north,7,3,2,slow", "north,7,3,n/a,slow")  # line 6, field 4
    expect_error("not-number", SPEC, {**FILES, "data/survey-q3.csv": bad}, "survey-q3.csv", 7, 4,
                 ["'n/a' is not a number"])
    bad = SURVEY.replace("south,8,5,4,fine", "south,8,5,7,fine")  # ease 7 on a scale 1..5
    expect_error("scale", SPEC, {**FILES, "data/survey-q3.csv": bad}, "survey-q3.csv", 6, 4,
                 ["outside the scale [1, 5]"])
    bad = SURVEY.replace("east,10,5,5,great", "east,11,5,5,great")
    expect_error("nps", SPEC, {**FILES, "data/survey-q3.csv": bad}, "survey-q3.csv", 11, 2,
                 ["NPS answer is a whole number from 0 to 10, not '11'"])
    bad = SURVEY.replace("east,0,2,4,never again", "east,0,6,4,never again")
    expect_error("csat", SPEC, {**FILES, "data/survey-q3.csv": bad}, "survey-q3.csv", 12, 3,
                 ["CSAT answer is a whole number from 1 to 5, not '6'"])


@test
def errors_of_the_file_itself():
    expect_error("ragged", SPEC, {**FILES, "data/survey-q3.csv": SURVEY.replace("south,8,5,4,fine", "south,8,5")},
                 "survey-q3.csv", 6, 4, ["this row has 3 fields, the header has 5"])
    expect_error("open-quote", SPEC, {**FILES, "data/survey-q3.csv": SURVEY + 'west,1,1,1,"never closed\n'},
                 "survey-q3.csv", 13, 5, ["never closed"])
    d, path = spec_folder("utf8")
    with open(os.path.join(d, "data/survey-q3.csv"), "wb") as f:
        f.write(SURVEY.replace("fine", "caf\udce9", 1).encode("utf-8", "surrogateescape"))
    rc, _, err = run("check", path)
    assert rc == 1 and any(e[0].endswith("survey-q3.csv") and e[1:3] == (6, 5) for e in errors_of(err)), err
    assert "not valid UTF-8" in err, err
    expect_error("empty", SPEC, {**FILES, "data/survey-q3.csv": ""}, "survey-q3.csv", 1, 1, ["empty"])
    expect_error("header-only", SPEC, {**FILES, "data/survey-q3.csv": "store,recommend\r\n"}, "survey-q3.csv", 1, 1,
                 ["no rows"])
    # the data file's line is shown under the message, with a caret
    err = expect_error("shown", SPEC, {**FILES, "data/tickets.csv": TICKETS.replace("till,bob,4", "till,bob,x")},
                       "tickets.csv", 7, 3, ["'x' is not a number"])
    assert "  till,bob,x\n" in err, err


@test
def empty_selection_is_an_error_at_where():
    j = spec_with("where: {store: [north, south]}", "where: {store: [west]}")
    line = [i + 1 for i, l in enumerate(j.splitlines()) if "[west]" in l][0]
    col = j.splitlines()[line - 1].index("{store") + 1
    expect_error("empty-where", j, FILES, "map.yaml", line, col, ["no row of", "passes this 'where'"])
    j = spec_with("where: {store: [north, south]}", "where: {stor: [north]}")
    col = j.splitlines()[line - 1].index("stor") + 1
    expect_error("where-column", j, FILES, "map.yaml", line, col, ["no column 'stor'", "did you mean 'store'"])


@test
def unknown_source_and_source_without_file():
    j = spec_with("emotion: {from: survey-q3,", "emotion: {from: survey-q4,")
    line = [i + 1 for i, l in enumerate(j.splitlines()) if "survey-q4" in l][0]
    col = j.splitlines()[line - 1].index("survey-q4") + 1
    expect_error("unknown-source", j, FILES, "map.yaml", line, col, ["unknown source 'survey-q4'",
                                                                     "did you mean 'survey-q3'"])
    j = spec_with("    file: data/survey-q3.csv\n", "")
    line = [i + 1 for i, l in enumerate(j.splitlines()) if "NPS: {from" in l][0]
    col = j.splitlines()[line - 1].index("survey-q3") + 1
    expect_error("no-file", j, FILES, "map.yaml", line, col, ["has no file to compute from"])


@test
def path_rules():
    line = [i + 1 for i, l in enumerate(SPEC.splitlines()) if "file: data/survey-q3.csv" in l][0]
    col = SPEC.splitlines()[line - 1].index("data/") + 1
    expect_error("missing", SPEC, {"data/tickets.csv": TICKETS}, "map.yaml", line, col,
                 ["cannot read the data file 'data/survey-q3.csv'", "No such file"])
    # a symlink that leads out of the journey's folder is refused; --data may read it
    outside = os.path.join(TMP, "secret.csv")
    with open(outside, "w", encoding="utf-8") as f:
        f.write(SURVEY)
    d, path = folder("link", SPEC, {"data/tickets.csv": TICKETS})
    os.symlink(outside, os.path.join(d, "data/survey-q3.csv"))
    rc, _, err = run("check", path)
    assert rc == 1 and f"map.yaml:{line}:{col}:" in err and "leads out of the journey's folder" in err, err
    rc, _, err = run("check", path, "--data", "survey-q3=" + outside)
    assert rc == 0, err
    # a link inside the folder is fine
    d, path = folder("link-in", SPEC, {"data/tickets.csv": TICKETS, "data/real.csv": SURVEY})
    os.symlink("real.csv", os.path.join(d, "data/survey-q3.csv"))
    rc, _, err = run("check", path)
    assert rc == 0, err
    # paths are relative to the journey's folder, wherever jmap runs
    d, path = spec_folder("cwd")
    rc, _, err = run("check", os.path.relpath(path, TMP), cwd=TMP)
    assert rc == 0, err


@test
def limits_are_clean_errors():
    line = [i + 1 for i, l in enumerate(SPEC.splitlines()) if "file: data/survey-q3.csv" in l][0]
    col = SPEC.splitlines()[line - 1].index("data/") + 1
    big = SURVEY + ("x" * 1023 + "\n") * (16 * 1024 + 1)
    expect_error("too-big", SPEC, {**FILES, "data/survey-q3.csv": big}, "map.yaml", line, col,
                 ["larger than the limit of 16 MiB"])
    rows = "store,recommend,satisfied,ease,comment\n" + "north,1,1,1,\n" * 1000001
    expect_error("too-many-rows", SPEC, {**FILES, "data/survey-q3.csv": rows}, "survey-q3.csv", 1000002, 1,
                 ["more than 1000000 rows"])


@test
def columns_binding_errors():
    bad = TICKETS.replace("card,ann,5", "crad,ann,5")
    expect_error("tp", SPEC, {**FILES, "data/tickets.csv": bad}, "tickets.csv", 8, 1,
                 ["no touchpoint has the id 'crad'", "did you mean 'card'"])
    bad = TICKETS.replace("till,bob,4", "till,bbo,4")
    expect_error("persona", SPEC, {**FILES, "data/tickets.csv": bad}, "tickets.csv", 7, 2,
                 ["unknown persona 'bbo'", "did you mean 'bob'"])
    j = spec_with("        name: Pays at the till\n", "        name: Pays at the till\n        emotion: 3\n")
    line = [i + 1 for i, l in enumerate(j.splitlines()) if "emotion: 3" in l][0]
    expect_error("both", j, FILES, "map.yaml", line, 18, ["writes its emotion here", "source 'tickets'",
                                                          "tickets.csv', line 2"])


@test
def spec_errors_in_the_mapping():
    j = spec_with("compute: nps, target: 30", "compute: promoters, target: 30")
    line = [i + 1 for i, l in enumerate(j.splitlines()) if "promoters" in l][0]
    expect_error("compute", j, FILES, "map.yaml", line, j.splitlines()[line - 1].index("promoters") + 1,
                 ["unknown compute 'promoters'"])
    j = spec_with("column: ease, where", "column: ease, compute: nps, where")
    line = [i + 1 for i, l in enumerate(j.splitlines()) if "compute: nps, where" in l][0]
    expect_error("not-a-score", j, FILES, "map.yaml", line, j.splitlines()[line - 1].index("nps, where") + 1,
                 ["'nps' of emotion is not a score"])
    j = spec_with("column: ease, where", "colum: ease, where")
    line = [i + 1 for i, l in enumerate(j.splitlines()) if "colum:" in l][0]
    expect_error("key", j, FILES, "map.yaml", line, j.splitlines()[line - 1].index("colum") + 1,
                 ["did you mean 'column'"])


@test
def the_example_builds_from_its_exports():
    src = os.environ.get("JMAP_SOURCE_DIR") or os.path.join(os.path.dirname(__file__), "..", "..")
    ex = os.path.join(src, "examples", "grocery-research", "grocery.yaml")
    out = os.path.join(TMP, "grocery.svg")
    rc, _, err = run("build", ex, "-o", out)
    assert rc == 0, err
    warns = [e for e in errors_of(err) if "uncertain" in e[3]]
    assert len(warns) == 1 and "3 rows" in warns[0][3], err
    ps = sm.parts(open(out, encoding="utf-8").read())
    assert sm.one(ps, "jm-metric", name="NPS").data["n"] == "300"
    assert sm.one(ps, "jm-point", touchpoint="scan-go", persona="parent").data["n"] == "3"
    assert len(sm.by_class(ps, "jm-source")) == 4


@test
def the_docs_give_the_data_limits_of_limits_h():
    src = os.environ.get("JMAP_SOURCE_DIR") or os.path.join(os.path.dirname(__file__), "..", "..")

    def read(rel):
        with open(os.path.join(src, rel), encoding="utf-8") as f:
            return " ".join(f.read().split())
    lim = dict(re.findall(r"^#define (JM_MAX_DATA_\w+) +(\d+)", open(os.path.join(src, "src/model/limits.h")).read(),
                          re.M))
    spaced = {k: f"{int(v):,}".replace(",", " ") for k, v in lim.items()}
    want = f"16 MiB, {spaced['JM_MAX_DATA_ROWS']} rows and {spaced['JM_MAX_DATA_CELLS']} fields"
    assert want in read("docs/journey-format.md"), want
    assert want in read("docs/jmap.1"), want
    assert f"at most {lim['JM_MAX_DATA_FILES']} data files" in read("docs/journey-format.md")
    assert f"at most {lim['JM_MAX_DATA_FILES']} of them" in read("docs/jmap.1")


@test
def watch_rebuilds_when_a_data_file_changes():
    import time
    from watchproc import Watch, save

    def wait_for(pred, timeout=60.0):
        start = time.time()
        while time.time() - start < timeout:
            if pred():
                return True
            time.sleep(0.05)
        return False

    def n_of(out):
        try:
            m = re.search(r'data-name="NPS"[^>]*data-n="(\d+)"', open(out, encoding="utf-8").read())
        except OSError:
            return None
        return m and m.group(1)
    d, path = spec_folder("watch")
    out = os.path.join(d, "map.svg")
    with Watch(JMAP, ["watch", path, "-o", out, "-q"]) as w:
        assert wait_for(lambda: n_of(out) == "10"), w.err()
        save(os.path.join(d, "data/survey-q3.csv"), SURVEY + "west,10,5,5,new\n")
        assert wait_for(lambda: n_of(out) == "11"), w.err()
        mark = w.mark()
        save(os.path.join(d, "data/survey-q3.csv"), SURVEY + "west,10,5\n")
        w.wait_err("survey-q3.csv:13:4: error: this row has 3 fields", since=mark, timeout=60)
        assert n_of(out) == "11"  # the last good map stays


@test
def help_and_the_man_page_name_data():
    for cmd in ("build", "check", "stats", "diff", "watch"):
        rc, out, _ = run("help", cmd)
        assert rc == 0 and "--data" in out, f"help {cmd} does not name --data"
    src = os.environ.get("JMAP_SOURCE_DIR") or os.path.join(os.path.dirname(__file__), "..", "..")
    with open(os.path.join(src, "docs", "jmap.1"), encoding="utf-8") as f:
        assert "\\-\\-data" in f.read()
    with open(os.path.join(src, "docs", "cli.md"), encoding="utf-8") as f:
        assert "--data ID=PATH" in f.read()


@test
def schema_knows_computed_values():
    try:
        import jsonschema
        import yaml
    except ImportError:
        return "skipped: python3-jsonschema or python3-yaml missing"
    rc, out, err = run("schema")
    assert rc == 0, err
    schema = json.loads(out)
    jsonschema.validate(yaml.safe_load(SPEC), schema)
    bad = yaml.safe_load(spec_with("compute: nps, target: 30", "compute: promoters, target: 30"))
    try:
        jsonschema.validate(bad, schema)
    except jsonschema.ValidationError:
        return None
    raise AssertionError("the schema accepts compute: promoters")


FUNNEL = """week,step,sessions
36,visit,4000
37,visit,4200
36,pay,900
37,pay,1000
"""
# by hand: visit 4000 + 4200 = 8200; pay 900 + 1000 = 1900; loss (8200 - 1900) / 8200 = 76.8 %


def funnel_journey(visit_calc, pay_calc="{from: funnel, column: sessions, compute: sum, where: {step: pay}}"):
    return ("title: Funnel\nsources:\n  - {id: funnel, name: App funnel, kind: analytics, file: data/funnel.csv}\n"
            "stages:\n  - name: Buy\n    touchpoints:\n"
            "      - {id: visit, name: Visits, reach: %s}\n"
            "      - {id: pay, name: Pays, reach: %s}\n" % (visit_calc, pay_calc))


@test
def reach_computed_from_a_funnel_export():
    """`reach` may be computed (1.2 flows + research): its number is drawn in
    the flow lane and reported by stats, and it cites its source."""
    d, path = folder("reach", funnel_journey("{from: funnel, column: sessions, compute: sum, where: {step: visit}}"),
                     {"data/funnel.csv": FUNNEL})
    out = os.path.join(d, "map.svg")
    rc, _, err = run("build", path, "-o", out)
    assert rc == 0, err
    flows = {e.data["touchpoint"]: e.data["reach"] for e in sm.parts(out) if e.cls == "jm-flow"}
    assert flows == {"visit": "8200", "pay": "1900"}, flows
    rc, js, err = run("stats", "--json", path)
    assert rc == 0, err
    j = json.loads(js)["journeys"][0]
    assert j["flow"]["conversion"] is not None and abs(j["flow"]["conversion"] - 1900 / 8200 * 100) < 1e-6, j["flow"]
    reach = [c for c in j["computed"] if c["what"] == "reach"]
    assert [(c["touchpoint"], c["value"], c["n"]) for c in reach] == [("visit", "8200", 2), ("pay", "1900", 2)], reach
    rc, _, err = run("check", "--require-sources", path)
    assert rc == 0, "a computed reach cites its source:\n" + err


@test
def a_computed_reach_must_be_a_whole_number_of_customers():
    # no compute: which one is not guessed
    expect_error("reach-nocompute", funnel_journey("{from: funnel, column: sessions}"), {"data/funnel.csv": FUNNEL},
                 "map.yaml", 7, 42, ["needs 'compute'"])
    # a percentage is no number of customers
    expect_error("reach-share", funnel_journey("{from: funnel, column: step, compute: share, values: [pay]}"),
                 {"data/funnel.csv": FUNNEL}, "map.yaml", 7, 80, ["percentage"])
    # a mean of 4000 and 4200... is whole (4100); of 900 and 1001 it is not
    expect_error("reach-mean", funnel_journey("{from: funnel, column: sessions, compute: mean, where: {step: pay}}"),
                 {"data/funnel.csv": FUNNEL.replace("37,pay,1000", "37,pay,1001")}, "map.yaml", 7, 42,
                 ["not a whole number"])


if __name__ == "__main__":
    status = run_tests()
    shutil.rmtree(TMP, ignore_errors=True)
    sys.exit(status)
