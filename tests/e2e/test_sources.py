#!/usr/bin/env python3
"""End-to-end tests of the research behind a map (format 1.2, "Research
behind the map"; cli.md `check --require-sources`, `stats`, the SVG's
jm-source and jm-citation): every error of `sources` and `source` at its
line and column, the numbered list and the citation marks in the SVG and
their numbers matching, `assumed` cards, `check --require-sources`, the
coverage in `stats --json`, the schema and the starters.
Usage: python3 test_sources.py PATH_TO_JMAP. Needs python3-yaml."""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

import svgmeaning as sm
from harness import run_tests, test

JMAP = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else sys.exit("usage: test_sources.py PATH_TO_JMAP")
TMP = tempfile.mkdtemp(prefix="jmap-e2e-sources-")

GOOD = """\
title: Buying groceries
personas:
  - name: Ann
    quote: {text: "In and out in ten minutes.", source: interviews}
sources:
  - id: survey-q3
    name: Post-purchase survey, Q3
    kind: survey
    date: 2026-09
    size: 212
  - id: tickets
    name: Support tickets
    kind: support
  - id: interviews
    name: Shopper interviews
    kind: interviews
    solicited: false
stages:
  - name: Purchase
    source: survey-q3
    touchpoints:
      - name: Pays at the till
        source: [survey-q3, tickets]
        emotion: 2
        thinking: {text: "Why is the card machine broken?", source: tickets}
        pains: [{text: Queue at the till, source: [survey-q3, tickets]}, Parking]
        opportunities: [{text: Self-checkout, priority: high, source: interviews}]
      - name: Gets a loyalty card
        assumed: true
        emotion: 4
"""


def run(args, stdin=None):
    return subprocess.run([JMAP] + list(args), capture_output=True, timeout=300, input=stdin)


def write(name, text):
    path = os.path.join(TMP, name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


def diags(text, *extra):
    """check --diagnostics json of text: [(line, column, severity, message)]."""
    p = run(["check", "--diagnostics", "json", *extra, write("d.yaml", text)])
    out = json.loads(p.stdout.decode())
    return p.returncode, [(d["line"], d["column"], d["severity"], d["message"]) for d in out]


def errors_at(text, *extra):
    rc, ds = diags(text, *extra)
    return rc, [(l, c, m) for l, c, s, m in ds if s == "error"]


def expect(text, want, *extra):
    """want: [(line, column, regex)], every error of text, in order."""
    rc, errs = errors_at(text, *extra)
    assert rc == 1, f"exit {rc}, errors {errs}"
    got = [(l, c) for l, c, _ in errs]
    assert got == [(l, c) for l, c, _ in want], f"positions {got} != {[(l, c) for l, c, _ in want]}\n{errs}"
    for (l, c, m), (_, _, rx) in zip(errs, want):
        assert re.search(rx, m), f"{l}:{c}: {m!r} does not match {rx!r}"


def sources_doc(body, stages="stages:\n  - name: S\n"):
    return "title: T\nsources:\n" + body + stages


# ---- loading: every error at its value ----

@test
def good_map_checks_clean():
    rc, ds = diags(GOOD)
    assert rc == 0 and not ds, ds


@test
def source_values_errors_at_their_values():
    expect(sources_doc(
        "  - id: a\n"               # 3
        "    name: A\n"             # 4
        "    kind: survy\n"         # 5
        "    date: 2026-13\n"       # 6
        "    size: lots\n"          # 7
        "    solicited: maybe\n"    # 8
        "    file: ../secret.csv\n"  # 9
        "    columns: {touchpoint: step, emotin: score}\n"  # 10
        "    nmae: x\n"             # 11
    ), [
        (5, 11, r"unknown source kind 'survy' \(did you mean 'survey'\?\)"),
        (6, 11, r"invalid date '2026-13': write YYYY, YYYY-MM or YYYY-MM-DD"),
        (7, 11, r"'size' must be a whole number"),
        (8, 16, r"'solicited' must be true or false"),
        (9, 11, r"the file '\.\./secret\.csv' leads out of the journey file's folder"),
        (10, 33, r"unknown key 'emotin' in source's columns \(did you mean 'emotion'\?\)"),
        (11, 5, r"unknown key 'nmae' in source \(did you mean 'name'\?\)"),
    ])


@test
def unknown_kind_without_a_near_one_lists_the_kinds():
    expect(sources_doc("  - id: a\n    name: A\n    kind: gossip\n"),
           [(5, 11, r"use survey, interviews, analytics, reviews, support, observation or other")])


@test
def dates_are_real_dates():
    for date, good in [("2026", True), ("2026-09", True), ("2024-02-29", True), ("2025-02-29", False),
                       ("2026-9", False), ("2026-09-31", False), ("26-09", False), ("2026-00", False)]:
        rc, errs = errors_at(sources_doc("  - id: a\n    name: A\n    date: %s\n" % date))
        assert (rc == 0) == good, (date, errs)
        if not good:
            assert errs[0][:2] == (5, 11), (date, errs)


@test
def file_paths_stay_inside_the_folder():
    for path, good in [("data/s.csv", True), ("./s.csv", True), ("a/../s.csv", True), ("a/b/../../s.csv", True),
                       ("/etc/passwd", False), ("../s.csv", False), ("a/../../s.csv", False), ("C:/x.csv", False),
                       ("~/x.csv", False), ("a/..", False), ("\\\\server\\x.csv", False)]:
        rc, errs = errors_at(sources_doc("  - id: a\n    name: A\n    file: '%s'\n" % path))
        assert (rc == 0) == good, (path, errs)
        if not good:
            assert errs[0][:2] == (5, 11), (path, errs)


@test
def required_keys_and_duplicates_name_both_places():
    expect(sources_doc(
        "  - id: a\n"        # 3
        "    name: A\n"      # 4
        "  - name: no id\n"  # 5
        "  - id: b\n"        # 6
        "  - id: a\n"        # 7
        "    name: again\n"  # 8
    ), [
        (5, 5, r"missing required key 'id' in source"),
        (6, 5, r"missing required key 'name' in source"),
        (7, 9, r"duplicate source id 'a' \(first given at line 3, column 9\)"),
    ])


@test
def citations_of_unknown_sources_are_errors_with_a_suggestion():
    expect(sources_doc("  - id: survey-q3\n    name: A\n  - id: tickets\n    name: B\n",
                       "stages:\n"                                       # 7
                       "  - name: S\n"                                   # 8
                       "    source: survey-q4\n"                         # 9
                       "    touchpoints:\n"                              # 10
                       "      - name: T\n"                               # 11
                       "        source: [ticket, survey-q3]\n"           # 12
                       "        thinking: {text: hm, source: zzzzzz}\n"  # 13
                       "        pains: [{text: p, source: tickets}, {text: q, source: tikets}]\n"  # 14
                       "        opportunities: [{text: o, source: surve-q3}]\n"  # 15
                       ), [
        (9, 13, r"unknown source 'survey-q4' \(did you mean 'survey-q3'\?\)"),
        (12, 18, r"unknown source 'ticket' \(did you mean 'tickets'\?\)"),
        (13, 38, r"unknown source 'zzzzzz': cite the id of one of 'sources'"),
        (14, 63, r"unknown source 'tikets' \(did you mean 'tickets'\?\)"),
        (15, 43, r"unknown source 'surve-q3' \(did you mean 'survey-q3'\?\)"),
    ])


@test
def a_citation_on_a_map_without_sources_says_so():
    expect("title: T\nstages:\n  - name: S\n    source: x\n",
           [(4, 13, r"unknown source 'x': the map declares no sources; declare it under 'sources'")])


@test
def an_invalid_source_keeps_its_citations_quiet():
    # the source whose id is bad may be the one cited: only the id is reported
    expect(sources_doc("  - id: Bad!\n    name: A\n", "stages:\n  - name: S\n    source: bad\n"),
           [(3, 9, r"invalid id 'Bad!'")])


@test
def wrong_shapes_are_errors_at_their_values():
    expect("title: T\n"                                           # 1
           "sources: {a: b}\n"                                    # 2
           "personas:\n"                                          # 3
           "  - name: P\n"                                        # 4
           "    quote: {a: b}\n"                                  # 5
           "stages:\n"                                            # 6
           "  - name: S\n"                                        # 7
           "    source: {a: b}\n"                                 # 8
           "    touchpoints:\n"                                   # 9
           "      - name: T\n"                                    # 10
           "        thinking: {text: x, sorce: y}\n"              # 11
           "        pains: [[a], {text: p, soure: x}]\n"          # 12
           "        assumed: perhaps\n"                           # 13
           "        source: [[a]]\n",                             # 14
           [
               (2, 10, r"'sources' must be a list of sources, not a mapping"),
               (5, 12, r"'quote' must be a string or a mapping \{text, source\}"),
               (8, 13, r"'source' must be a source id or a list of source ids, not a mapping"),
               (11, 29, r"unknown key 'sorce' in thinking \(did you mean 'source'\?\)"),
               (12, 17, r"each item of 'pains' must be a string or a mapping \{text, source\}, not a list"),
               (12, 32, r"unknown key 'soure' in item of 'pains' \(did you mean 'source'\?\)"),
               (13, 18, r"'assumed' must be true or false"),
               (14, 18, r"each item of 'source' must be a string"),
           ])


@test
def plain_strings_stay_plain():
    rc, errs = errors_at("title: T\nstages:\n  - name: S\n    touchpoints:\n      - name: T\n"
                         "        thinking: just text\n        pains: [a, b]\n        opportunities: c\n")
    assert rc == 0, errs


# ---- drawing: the list and the marks, numbered alike ----

def svg_of(text, name="m.yaml", *extra):
    src = write(name, text)
    out = os.path.join(TMP, name.replace(".yaml", ".svg"))
    p = run(["build", src, "-o", out, *extra])
    assert p.returncode == 0, p.stderr.decode()
    return sm.parts(out)


def numbers(ps):
    """source id -> the number its list entry shows."""
    got = {}
    for p in sm.by_class(ps, "jm-source"):
        num = [t for t in p.texts if re.fullmatch(r"[0-9۰-۹]+", t.strip())]
        assert len(num) == 1, p.texts
        got[p.data["source"]] = num[0].strip()
    return got


@test
def the_list_and_the_marks_match():
    ps = svg_of(GOOD)
    nums = numbers(ps)
    assert nums == {"survey-q3": "1", "tickets": "2", "interviews": "3"}, nums
    entries = sm.by_class(ps, "jm-source")
    assert [e.data["source"] for e in entries] == ["survey-q3", "tickets", "interviews"]
    assert any("Post-purchase survey, Q3" in t for t in entries[0].texts), entries[0].texts
    detail = " ".join(entries[0].texts)
    for w in ("Survey", "Solicited", "212", "2026-09"):
        assert w in detail, (w, detail)
    assert "Unsolicited" in " ".join(entries[1].texts) and "Unsolicited" in " ".join(entries[2].texts)
    cites = sm.by_class(ps, "jm-citation")
    # stage 1, card 2, thinking 1, pain 2, opportunity 1, quote 1
    assert len(cites) == 8, [(c.data, c.texts) for c in cites]
    for c in cites:
        assert c.texts == [nums[c.data["source"]]], (c.data, c.texts)
    by_source = {}
    for c in cites:
        by_source[c.data["source"]] = by_source.get(c.data["source"], 0) + 1
    assert by_source == {"survey-q3": 3, "tickets": 3, "interviews": 2}, by_source
    lane = sm.one(ps, "jm-lane", lane="sources")
    assert "SOURCES" in lane.texts, lane.texts


@test
def a_mark_stands_by_what_cites_it():
    ps = svg_of(GOOD)
    pain = sm.by_class(ps, "jm-pain", touchpoint="pays-at-the-till")[0]
    marks = [c for c in sm.by_class(ps, "jm-citation") if c.parent is pain]
    assert sorted(m.data["source"] for m in marks) == ["survey-q3", "tickets"], marks
    for m in marks:
        assert sm.inside(m.box, pain.box, slack=1), (m.box, pain.box)
    card = sm.one(ps, "jm-card", touchpoint="pays-at-the-till")
    assert len([c for c in sm.by_class(ps, "jm-citation") if c.parent is card]) == 2
    stage = sm.one(ps, "jm-stage", stage="purchase")
    assert [c.data["source"] for c in sm.by_class(ps, "jm-citation") if c.parent is stage] == ["survey-q3"]


@test
def the_list_is_shown_by_default_and_by_lanes():
    ps = svg_of(GOOD)
    assert sm.by_class(ps, "jm-source")
    ps = svg_of(GOOD + "lanes: [touchpoints, pains]\n")
    assert not sm.by_class(ps, "jm-source") and not sm.by_class(ps, "jm-lane", lane="sources")
    assert sm.by_class(ps, "jm-citation"), "marks stay where the cited things are drawn"
    ps = svg_of(GOOD + "lanes: [touchpoints, sources]\n")
    assert len(sm.by_class(ps, "jm-source")) == 3


@test
def labels_rename_the_new_words():
    ps = svg_of(GOOD + "labels: {sources: Research, source-survey: Questionnaire, solicited: Asked, n: N}\n")
    assert "Research" in sm.one(ps, "jm-lane", lane="sources").texts
    detail = " ".join(sm.by_class(ps, "jm-source")[0].texts)
    assert "Questionnaire" in detail and "Asked" in detail and "N\u00a0=\u00a0212" in detail, detail


@test
def assumed_cards_are_dashed_and_explained():
    src = write("a.yaml", GOOD)
    out = os.path.join(TMP, "a.svg")
    assert run(["build", src, "-o", out]).returncode == 0
    ps = sm.parts(out)
    assumed = sm.one(ps, "jm-card", touchpoint="gets-a-loyalty-card")
    plain = sm.one(ps, "jm-card", touchpoint="pays-at-the-till")
    dashed = lambda part: "stroke-dasharray" in ET_tostring(part.element)  # noqa: E731
    assert dashed(assumed) and not dashed(plain)
    legend = " ".join(sm.one(ps, "jm-legend").texts)
    assert "Assumption, not yet researched" in legend and "Source, numbered in the list below" in legend, legend
    # no assumption, no citation: the legend says nothing of them
    ps = svg_of("title: T\nstages:\n  - name: S\n    touchpoints:\n      - name: T\n        pains: [p]\n")
    legend = " ".join(sm.one(ps, "jm-legend").texts)
    assert "Assumption" not in legend and "Source" not in legend, legend


def ET_tostring(el):
    import xml.etree.ElementTree as ET
    return ET.tostring(el, encoding="unicode")


@test
def a_right_to_left_map_numbers_in_its_digits():
    fa = GOOD.replace("title: Buying groceries", "title: خرید\nlang: fa")
    ps = svg_of(fa, "fa.yaml")
    nums = numbers(ps)
    assert nums == {"survey-q3": "۱", "tickets": "۲", "interviews": "۳"}, nums
    for c in sm.by_class(ps, "jm-citation"):
        assert c.texts == [nums[c.data["source"]]]
    assert "منابع" in sm.one(ps, "jm-lane", lane="sources").texts
    # mirrored: the list's numbers stand right of the names
    e = sm.by_class(ps, "jm-source")[0]
    assert e.box[0] + e.box[2] > sm.page(os.path.join(TMP, "fa.svg"))[0] * 0.6


@test
def many_citations_show_a_few_and_a_count():
    body = "".join("  - id: s%d\n    name: S%d\n" % (i, i) for i in range(10))
    cite = ", ".join("s%d" % i for i in range(10))
    ps = svg_of(sources_doc(body, "stages:\n  - name: S\n    touchpoints:\n      - name: T\n        source: [%s]\n" % cite))
    card = sm.one(ps, "jm-card")
    marks = [c for c in sm.by_class(ps, "jm-citation") if c.parent is card]
    assert len(marks) == 6, len(marks)
    assert any(t == "+4" for t in card.texts), card.texts


@test
def png_and_pdf_draw_it_too():
    src = write("p.yaml", GOOD)
    for ext in ("png", "pdf"):
        p = run(["build", src, "-o", os.path.join(TMP, "p." + ext)])
        assert p.returncode == 0, p.stderr.decode()


# ---- check --require-sources ----

REQ = """\
title: T
sources:
  - id: s
    name: S
stages:
  - name: Cited stage
    source: s
    touchpoints:
      - name: Through its stage
        pains: [p1]
  - name: Plain stage
    touchpoints:
      - name: Cites itself
        source: s
        pains: [p2]
      - name: Cites nothing
        pains: [p3, {text: p4, source: s}]
        opportunities: [o1, {text: o2, priority: high}, {text: o3, source: s}]
      - name: A hypothesis
        assumed: true
        pains: [p5]
"""


@test
def require_sources_reports_each_uncited_thing_at_its_place():
    rc, ds = diags(REQ)
    assert rc == 0 and not ds, ds
    expect(REQ, [
        (16, 9, r"touchpoint 'Cites nothing' cites no source: add 'source:'"),
        (17, 17, r"pain 'p3' cites no source, nor does its touchpoint"),
        (18, 25, r"opportunity 'o1' cites no source"),
        (18, 36, r"opportunity 'o2' cites no source"),
    ], "--require-sources")


@test
def require_sources_text_output_and_exit_status():
    src = write("req.yaml", REQ)
    p = run(["check", "--require-sources", src])
    assert p.returncode == 1
    err = p.stderr.decode()
    assert "req.yaml:16:9: error: touchpoint 'Cites nothing' cites no source" in err, err
    ok = write("ok.yaml", GOOD)
    p = run(["check", "--require-sources", ok])
    assert p.returncode == 0 and not p.stderr, p.stderr
    p = run(["build", src, "-o", os.path.join(TMP, "req.svg")])
    assert p.returncode == 0, "build does not require sources"


@test
def require_sources_leaves_other_errors_alone():
    bad = REQ.replace("name: S\n", "name: S\n    kind: nope\n")
    rc, errs = errors_at(bad, "--require-sources")
    assert rc == 1 and len(errs) == 1 and "kind" in errs[0][2], errs


# ---- stats ----

@test
def stats_reports_coverage():
    src = write("st.yaml", REQ)
    p = run(["stats", "--json", src])
    assert p.returncode == 0, p.stderr.decode()
    ev = json.loads(p.stdout)["journeys"][0]["evidence"]
    assert ev == {"sources": 1, "touchpoints": 4, "touchpoints_cited": 2, "pains": 5, "pains_cited": 3,
                  "opportunities": 3, "opportunities_cited": 1, "assumed": 1}, ev
    p = run(["stats", src])
    out = p.stdout.decode()
    for line in ("touchpoints cited     2 of 4", "pains cited           3 of 5", "opportunities cited   1 of 3",
                 "assumptions           1"):
        assert line in out, (line, out)


# ---- schema and starters ----

@test
def schema_knows_the_new_keys():
    schema = json.loads(run(["schema"]).stdout)
    d = schema["$defs"]
    assert "sources" in schema["properties"]
    assert d["source"]["properties"]["kind"]["enum"] == ["survey", "interviews", "analytics", "reviews", "support",
                                                         "observation", "other"]
    assert {"source", "assumed"} <= set(d["touchpoint"]["properties"])
    assert "source" in d["stage"]["properties"]
    try:
        import jsonschema
        import yaml
    except ImportError:
        return "jsonschema or yaml missing: documents not validated"
    v = jsonschema.Draft202012Validator(schema)
    errs = list(v.iter_errors(yaml.safe_load(GOOD.replace("2026-09", "'2026-09'"))))
    assert not errs, [e.message for e in errs]


@test
def every_starter_shows_a_sources_entry_that_loads():
    langs = ["en", "uk", "ru", "fa", "pl", "de", "fr", "es"]
    for lang in langs:
        path = os.path.join(TMP, "start-%s.yaml" % lang)
        if os.path.exists(path):
            os.remove(path)
        p = run(["init", path, "--lang", lang])
        assert p.returncode == 0, p.stderr.decode()
        text = open(path, encoding="utf-8").read()
        lines = text.split("\n")
        i = lines.index("# sources:")
        block = []
        for line in lines[i:]:
            if not line.startswith("#"):
                break
            block.append(line[2:])
        lines[i:i + len(block)] = block
        done = write("start2-%s.yaml" % lang, "\n".join(lines))
        p = run(["check", done])
        assert p.returncode == 0, (lang, p.stderr.decode())


if __name__ == "__main__":
    rc = run_tests()
    shutil.rmtree(TMP, ignore_errors=True)
    sys.exit(rc)
