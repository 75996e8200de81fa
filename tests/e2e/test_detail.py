#!/usr/bin/env python3
"""`detail` (format 1.2, "Many maps"): the mark on a card or a stage, the
SVG link around it (a relative path to the detail map's SVG, never script),
data-detail for pages built on the SVG, the PDF link annotation, and
`check` reporting a detail map that is missing or not a journey.

Usage: python3 test_detail.py PATH_TO_JMAP
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

from harness import run_tests, test

JMAP = None
TMP = tempfile.mkdtemp(prefix="jmap-detail-")
SVG = "{http://www.w3.org/2000/svg}"
N = [0]

DETAILED = "title: Checkout\nstages:\n  - name: Pay\n    touchpoints:\n      - name: Card\n        emotion: 2\n"


def folder(files):
    N[0] += 1
    root = os.path.join(TMP, "case%d" % N[0])
    for rel, text in files.items():
        path = os.path.join(root, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
    return root


def run(args, cwd=None):
    p = subprocess.run([JMAP] + args, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def journey(stage_detail=None, details=("sub/checkout.yaml",), lang=None):
    s = "title: End to end\n" + ("lang: %s\n" % lang if lang else "") + "stages:\n  - name: Buy\n"
    if stage_detail:
        s += "    detail: %s\n" % stage_detail
    s += "    touchpoints:\n"
    for i, d in enumerate(details):
        s += "      - name: Step %d\n        emotion: 3\n" % (i + 1)
        if d is not None:
            s += "        detail: %s\n" % d
    return s


def links(svg_path):
    """(href, the linked element) of every <a> in the SVG."""
    root = ET.parse(svg_path).getroot()
    out = []
    for a in root.iter(SVG + "a"):
        kids = list(a)
        assert len(kids) == 1, "an <a> holds the one part it links"
        out.append((a.get("href"), kids[0]))
    return root, out


@test
def a_card_links_to_its_detail_map_svg():
    root = folder({"map.yaml": journey("stages/buy.yaml", ("sub/checkout.yaml", None, "./sub/../sub/checkout.yaml")),
                   "sub/checkout.yaml": DETAILED, "stages/buy.yaml": DETAILED})
    rc, _, err = run(["build", "map.yaml", "-o", "map.svg"], cwd=root)
    assert rc == 0, err
    svg, ls = links(os.path.join(root, "map.svg"))
    got = sorted((href, el.get("class"), el.get("data-touchpoint") or "") for href, el in ls)
    assert got == [("stages/buy.svg", "jm-stage", ""), ("sub/checkout.svg", "jm-card", "step-1"),
                   ("sub/checkout.svg", "jm-card", "step-3")], got
    for _, el in ls:
        assert el.get("data-detail") in ("sub/checkout.yaml", "stages/buy.yaml"), el.attrib
        marks = [g for g in el.iter(SVG + "g") if g.get("class") == "jm-detail"]
        assert len(marks) == 1 and marks[0].get("data-detail") == el.get("data-detail"), "one mark inside"
    cards = [g for g in svg.iter(SVG + "g") if g.get("class") == "jm-card"]
    plain = [g for g in cards if g.get("data-touchpoint") == "step-2"][0]
    assert "data-detail" not in plain.attrib, "a card without detail carries no data-detail"
    legend = [g for g in svg.iter(SVG + "g") if g.get("class") == "jm-legend"][0]
    assert "Detailed map" in "".join(legend.itertext()), "the legend explains the mark"


@test
def the_legend_word_is_in_the_map_language():
    for lang, word in (("de", "Detailkarte"), ("uk", "Детальна карта"), ("fa", "نقشهٔ جزئیات")):
        root = folder({"map.yaml": journey(lang=lang)})
        rc, _, err = run(["build", "map.yaml", "-o", "map.svg"], cwd=root)
        assert rc == 0, err
        assert word in open(os.path.join(root, "map.svg"), encoding="utf-8").read(), lang


@test
def the_href_is_only_ever_a_relative_path():
    hostile = ["'javascript:alert(1).yaml'", "'data:text/html,<b>x</b>.yaml'", "'x\"onmouseover=\"alert(1).yaml'",
               "'http:evil.example.yaml'", "'a b/ü&<>.yaml'", "'%2e%2e/x.yaml'", "'.hidden'"]
    root = folder({"map.yaml": journey(details=hostile)})
    rc, _, err = run(["build", "map.yaml", "-o", "map.svg"], cwd=root)
    assert rc == 0, err
    _, ls = links(os.path.join(root, "map.svg"))
    assert len(ls) == len(hostile), ls
    for href, _ in ls:
        assert re.fullmatch(r"[A-Za-z0-9._~/%-]+", href), href
        assert not href.startswith("/") and not re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", href), href
    hrefs = sorted(h for h, _ in ls)
    assert "./javascript%3Aalert%281%29.svg" in hrefs, hrefs
    assert "a%20b/%C3%BC%26%3C%3E.svg" in hrefs, hrefs
    assert ".hidden.svg" in hrefs, hrefs


@test
def a_detail_may_not_leave_the_folder():
    for d, what in (("../x.yaml", "leads out"), ("/etc/passwd", "absolute"), ("sub/", "folder")):
        root = folder({"map.yaml": journey(details=(d,))})
        rc, _, err = run(["build", "map.yaml", "-o", "map.svg"], cwd=root)
        assert rc == 1 and "map.yaml:7:17: error: invalid detail" in err and what in err, (d, err)


@test
def check_reports_a_missing_or_broken_detail_map():
    root = folder({"map.yaml": journey("stages/buy.yaml", ("sub/missing.yaml", "sub/broken.yaml", "sub/ok.yaml")),
                   "sub/broken.yaml": "title: Broken\nstages: []\n", "sub/ok.yaml": DETAILED})
    rc, _, err = run(["check", "map.yaml"], cwd=root)
    assert rc == 1, err
    heads = re.findall(r"^(.+?):(\d+):(\d+): error: (.*)$", err, re.M)
    got = [(f, int(l), int(c)) for f, l, c, _ in heads]
    assert got == [("map.yaml", 4, 13), ("map.yaml", 8, 17), ("map.yaml", 11, 17)], err
    assert "'stages/buy.yaml' cannot be read: no such file" in heads[0][3], err
    assert "'sub/missing.yaml' cannot be read: no such file" in heads[1][3], err
    assert "'sub/broken.yaml' is not a journey" in heads[2][3] and "sub/broken.yaml:2:9" in heads[2][3], err
    # build draws the links without reading the detail maps
    rc, _, err = run(["build", "map.yaml", "-o", "map.svg"], cwd=root)
    assert rc == 0, err
    # a detail map that is there and whole passes, from another folder too
    root = folder({"maps/map.yaml": journey(details=("sub/ok.yaml",)), "maps/sub/ok.yaml": DETAILED})
    rc, _, err = run(["check", "maps/map.yaml"], cwd=root)
    assert rc == 0, err


@test
def the_pdf_links_each_card_to_the_detail_pdf():
    root = folder({"map.yaml": journey("stages/buy.yaml", ("sub/checkout.yaml", None, "q'uote.yaml"))})
    rc, _, err = run(["build", "map.yaml", "-o", "map.pdf"], cwd=root)
    assert rc == 0, err
    pdf = open(os.path.join(root, "map.pdf"), "rb").read()
    assert b"/Annots" in pdf, "the page lists its annotations"
    annots = re.findall(rb"/Type /Annot\s*/Subtype /Link(.*?)>>\s*>>", pdf, re.S)
    uris = sorted(re.search(rb"/URI \(([^)]*)\)", a).group(1).decode() for a in annots)
    assert uris == ["q%27uote.pdf", "stages/buy.pdf", "sub/checkout.pdf"], uris
    for a in annots:
        rect = [float(x) for x in re.search(rb"/Rect \[([^\]]*)\]", a).group(1).split()]
        assert rect[2] - rect[0] > 20 and rect[3] - rect[1] > 10, rect
    if shutil.which("pdfinfo"):
        p = subprocess.run(["pdfinfo", os.path.join(root, "map.pdf")], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        assert p.returncode == 0 and not p.stderr, p.stderr


@test
def two_maps_that_link_elsewhere_get_other_id_prefixes():
    root = folder({"a.yaml": journey(details=("one.yaml",)), "b.yaml": journey(details=("two.yaml",)),
                   "c.yaml": journey(details=("one.yaml",))})
    rc, _, err = run(["build", "a.yaml", "b.yaml", "c.yaml", "-o", "./"], cwd=root)
    assert rc == 0, err
    prefix = lambda n: re.search(r'\bid="(jm[0-9a-f]{12}-)', open(os.path.join(root, n), encoding="utf-8").read()).group(1)
    assert prefix("a.svg") != prefix("b.svg"), "the links are part of the content"
    assert prefix("a.svg") == prefix("c.svg"), "the same map, the same prefix"


@test
def the_schema_knows_include_and_detail():
    import json
    try:
        import jsonschema
    except ImportError:
        from harness import Skip
        raise Skip("python3-jsonschema is not installed")
    rc, out, _ = run(["schema"])
    schema = json.loads(out)
    v = jsonschema.Draft202012Validator(schema)
    good = {"title": "T", "include": ["shared/p.yaml"], "stages": [
        {"name": "S", "detail": "s.yaml", "touchpoints": [{"name": "A", "detail": "sub/a.yaml"}]}]}
    assert v.is_valid(good), list(v.iter_errors(good))[:2]
    assert v.is_valid(dict(good, include="p.yaml"))
    for bad in ("/etc/x.yaml", "C:x.yaml", "a\\b.yaml", "dir/", ""):
        assert not v.is_valid(dict(good, include=bad)), bad


@test
def the_service_example_checks_and_its_links_lead_to_its_maps():
    src = os.environ.get("JMAP_SOURCE_DIR") or os.path.dirname(os.path.dirname(os.path.dirname(
        os.path.abspath(__file__))))
    service = os.path.join(src, "examples", "service")
    maps = sorted(f for f in os.listdir(service) if f.endswith(".yaml"))
    assert len(maps) >= 5, maps
    rc, out, err = run(["check"] + [os.path.join(service, m) for m in maps])
    assert (rc, out, err) == (0, "", ""), err
    root = folder({})
    shutil.copytree(service, os.path.join(root, "service"))
    rc, _, err = run(["build"] + [os.path.join("service", m) for m in maps], cwd=root)
    assert rc == 0, err
    _, ls = links(os.path.join(root, "service", "end-to-end.svg"))
    assert len(ls) >= 2, ls
    for href, _ in ls:
        assert os.path.exists(os.path.join(root, "service", href)), href


def main():
    global JMAP
    JMAP = os.path.abspath(sys.argv[1])
    return run_tests(cleanup=lambda: shutil.rmtree(TMP, ignore_errors=True))


if __name__ == "__main__":
    sys.exit(main())
