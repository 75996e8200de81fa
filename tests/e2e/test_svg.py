#!/usr/bin/env python3
"""End-to-end tests of jmap's own SVG (--svg-text text, the default): the
document's structure (SVG 1.1 elements and attributes, title and desc first,
role and aria-labelledby, the reading order), every text of the journey in
the SVG's text (wrapped phrases included), the geometry of the lines, bytes
that do not depend on what was drawn before, and the pixels: the SVG drawn
by headless Chromium and by rsvg-convert against the PNG (at most 2 % of the
pixels differ, antialiasing only: a pixel counts when no pixel within one of
it in the other image is within 32 levels in every channel).
Usage: python3 test_svg.py PATH_TO_JMAP   (JMAP_SOURCE_DIR = source root,
JMAP_PNGDIFF = the pngdiff tool of tests/tools). Needs python3-yaml,
chromium and librsvg2-bin (.ci/packages)."""
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

import yaml

from harness import run_tests, test

JMAP = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else sys.exit("usage: test_svg.py PATH_TO_JMAP")
SRC = os.environ.get("JMAP_SOURCE_DIR") or os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PNGDIFF = os.environ.get("JMAP_PNGDIFF", "")
EXAMPLES = sorted(glob.glob(os.path.join(SRC, "examples", "*.yaml")))
TMP = tempfile.mkdtemp(prefix="jmap-e2e-svg-")
NS = "{http://www.w3.org/2000/svg}"
MAX_DIFFERING = 0.02

EMOJI = """title: "Moving house \U0001F3E0\U0001F4E6"
description: "A short trip with emoji \U0001F697 and a phrase long enough that it has to wrap over lines"
stages:
  - name: "Plan \U0001F5D3"
    touchpoints:
      - name: "Calls the movers \U0001F4DE"
        channel: phone
        emotion: 2
        doing: "Compares three quotes \U0001F4B7 and reads the reviews \u2b50\u2b50\u2b50 before booking one"
        feeling: "Worried \U0001F61F"
  - name: "Move \U0001F69A"
    touchpoints:
      - name: "Moving day \U0001F600"
        emotion: 4
        thinking: "Finally done! \U0001F389"
"""

# What SVG 1.1 allows where jmap writes it (the subset a browser needs).
ELEMENTS = {
    "svg": {"xmlns", "version", "width", "height", "viewBox", "role", "aria-labelledby", "lang", "direction",
            "{http://www.w3.org/XML/1998/namespace}lang", "{http://www.w3.org/XML/1998/namespace}space"},
    "title": {"id"}, "desc": {"id"}, "defs": set(), "style": set(), "g": {"class"},  # and data-* (svg-classes.md)
    "rect": {"x", "y", "width", "height", "rx", "fill", "fill-opacity", "stroke", "stroke-opacity", "stroke-width",
             "stroke-linecap", "stroke-linejoin", "stroke-miterlimit", "stroke-dasharray"},
    "path": {"d", "fill", "fill-opacity", "stroke", "stroke-opacity", "stroke-width", "stroke-linecap",
             "stroke-linejoin", "stroke-miterlimit", "stroke-dasharray"},
    "text": {"x", "y", "fill", "fill-opacity", "font-size", "font-weight", "font-style", "font-family",
             "letter-spacing", "direction", "unicode-bidi"},
    "tspan": {"x", "y", "textLength", "lengthAdjust"},
}
CHILDREN = {"svg": {"title", "desc", "defs", "rect", "path", "g", "text"}, "defs": {"style"},
            "g": {"rect", "path", "g", "text"},
            "text": {"tspan"}, "title": set(), "desc": set(), "style": set(), "rect": set(), "path": set(),
            "tspan": set()}


def run(args, **kw):
    return subprocess.run([JMAP] + list(args), capture_output=True, timeout=300, **kw)


def ok(p, what):
    assert p.returncode == 0 and not p.stderr, f"{what}: exit {p.returncode}\n{p.stderr.decode(errors='replace')}"


def fresh(name):
    d = os.path.join(TMP, name)
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    return d


def read(path):
    with open(path, "rb") as f:
        return f.read()


def inputs():
    """Every example, and a map with emoji."""
    d = os.path.join(TMP, "in")
    os.makedirs(d, exist_ok=True)
    emoji = os.path.join(d, "emoji.yaml")
    with open(emoji, "w", encoding="utf-8") as f:
        f.write(EMOJI)
    return EXAMPLES + [emoji]


_built = {}


def built(fmt):
    """{input: [outputs]}: every input compiled once to fmt."""
    if fmt in _built:
        return _built[fmt]
    d = fresh("out-" + fmt)
    res = {}
    for src in inputs():
        stem = os.path.splitext(os.path.basename(src))[0]
        ok(run(["build", src, "-o", os.path.join(d, f"{stem}.{fmt}")]), src)
        one = os.path.join(d, f"{stem}.{fmt}")
        res[src] = [one] if os.path.exists(one) else sorted(glob.glob(os.path.join(d, f"{stem}-*.{fmt}")),
                                                            key=lambda p: int(re.findall(r"-(\d+)\.", p)[-1]))
    _built[fmt] = res
    return res


def svg_size(root):
    return int(float(root.get("width"))), int(float(root.get("height")))


def paragraphs(root):
    """The text of each <text>, its lines joined without the breaks."""
    return ["".join(t.itertext()) for t in root.iter(NS + "text")]


def squash(s):
    return re.sub(r"\s+", "", s)


def journey_texts(node, key=None):
    """Every text the journey draws: the values of its text keys, the
    metrics' names and values, list items."""
    skip = {"id", "channel", "color", "theme", "lanes", "jmap", "direction", "scale", "channels", "icon", "kind",
            "lang", "emotion", "moment", "persona", "personas-of", "labels", "state", "target",
            "priority", "status", "better", "next", "optional",
            "reach", "wait", "duration",  # 1.2: in the map's units and digits
            "source", "assumed", "solicited", "size", "file", "columns"}  # drawn in the map's words, not as written
    if isinstance(node, dict):
        for k, v in node.items():
            if k in skip:
                continue
            if key == "metrics":
                yield str(k)
            yield from journey_texts(v, k)
    elif isinstance(node, list):
        if key == "personas" and all(isinstance(v, str) for v in node):
            return  # a touchpoint's persona ids
        for v in node:
            yield from journey_texts(v, key)
    elif isinstance(node, str) and key not in (None,):
        yield node
    elif key == "metrics" and node is not None:
        yield str(node)


def pixels_differing(a, b):
    p = subprocess.run([PNGDIFF, a, b, "32", "1"], capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, f"pngdiff {a} {b}: {p.stdout} {p.stderr}"
    w, h, n = (int(x) for x in p.stdout.split())
    return n / (w * h)


# ---- structure ----

@test
def test_every_svg_is_svg_1_1_with_title_and_desc_first():
    for src, outs in built("svg").items():
        docs = list(yaml.safe_load_all(read(src)))
        for out, doc in zip(outs, docs):
            root = ET.fromstring(read(out))
            assert root.tag == NS + "svg", f"{out}: root {root.tag}"
            assert root.get("role") == "img", f"{out}: no role=img"
            kids = list(root)
            assert kids[0].tag == NS + "title" and kids[0].text == doc["title"], f"{out}: <title> is not first"
            prefix = kids[0].get("id")[:-len("jmap-title")]
            assert re.fullmatch(r"jm[0-9a-f]{12}-", prefix), f"{out}: the title's id {kids[0].get('id')}"
            want = [prefix + "jmap-title"]
            if doc.get("description"):
                assert kids[1].tag == NS + "desc" and kids[1].text == doc["description"], f"{out}: no <desc> second"
                want.append(prefix + "jmap-desc")
            assert root.get("aria-labelledby").split() == want, f"{out}: aria-labelledby {root.get('aria-labelledby')}"
            if doc.get("lang"):
                assert root.get("lang") == doc["lang"] == root.get("{http://www.w3.org/XML/1998/namespace}lang"), \
                    f"{out}: the map's language is not the document's"
            # CSS of an SVG inlined in a page is the page's: the embedded faces' names carry the prefix
            style = "".join(root.find(NS + "defs").find(NS + "style").itertext())
            faces = re.findall(r"font-family:'([^']*)'", style)
            assert faces and all(f.startswith(prefix) for f in faces), f"{out}: faces {faces[:3]}"
            ids = [e.get("id") for e in root.iter() if e.get("id")]
            assert len(ids) == len(set(ids)), f"{out}: ids used twice"
            for e in root.iter():
                name = e.tag.replace(NS, "")
                assert name in ELEMENTS, f"{out}: element <{name}>"
                bad = {a for a in e.attrib if not (name == "g" and a.startswith("data-"))} - ELEMENTS[name]
                assert not bad, f"{out}: <{name}> has {bad}"
                for c in e:
                    assert c.tag.replace(NS, "") in CHILDREN[name], f"{out}: <{c.tag}> inside <{name}>"
            style = root.find(NS + "defs/" + NS + "style").text
            assert style.count("@font-face") >= 2, f"{out}: fonts not embedded"


@test
def test_every_text_of_the_journey_is_in_the_svgs_text():
    wrapped = 0
    for src, outs in built("svg").items():
        for out, doc in zip(outs, yaml.safe_load_all(read(src))):
            root = ET.fromstring(read(out))
            paras = [squash(p) for p in paragraphs(root)]
            whole = "\n".join(paras)
            missing = [t for t in journey_texts(doc) if squash(t) and squash(t) not in whole]
            assert not missing, f"{out}: not in the SVG's text: {missing[:5]}"
            for t in root.iter(NS + "text"):
                if len(t.findall(NS + "tspan")) > 1:
                    wrapped += 1
    assert wrapped > 20, f"only {wrapped} paragraphs wrap: the test does not test wrapped phrases"


@test
def test_a_wrapped_phrase_is_one_text_element():
    for src, outs in built("svg").items():
        doc = next(yaml.safe_load_all(read(src)))
        root = ET.fromstring(read(outs[0]))
        if doc.get("description"):
            paras = [squash(p) for p in paragraphs(root)]
            assert squash(doc["description"]) in paras, f"{src}: the description is not one <text>"


@test
def test_lines_stand_where_the_layout_put_them():
    # each line is a <tspan> of its own, further down than the one before, inside the page
    for src, outs in built("svg").items():
        for out in outs:
            root = ET.fromstring(read(out))
            w, h = svg_size(root)
            for t in root.iter(NS + "text"):
                spans = t.findall(NS + "tspan")
                ys = [float(s.get("y")) for s in spans]
                assert ys == sorted(ys) and len(set(ys)) == len(ys), f"{out}: lines out of order {ys}"
                for s in spans:
                    x, y, tl = float(s.get("x")), float(s.get("y")), float(s.get("textLength"))
                    assert 0 <= x <= w and 0 < y <= h and 0 <= tl <= w, f"{out}: line {s.text!r} at {x},{y}"
                if t.get("direction") == "rtl":
                    assert t.get("unicode-bidi") == "embed"


@test
def test_right_to_left_text_says_so():
    persian = [o for s, outs in built("svg").items() if "persian" in s for o in outs]
    assert persian, "no Persian example"
    root = ET.fromstring(read(persian[0]))
    assert sum(t.get("direction") == "rtl" for t in root.iter(NS + "text")) > 20


@test
def test_document_order_is_the_reading_order():
    car = os.path.join(SRC, "examples", "car-purchase.yaml")
    doc = yaml.safe_load(read(car))
    root = ET.fromstring(read(built("svg")[car][0]))
    paras = [squash(p) for p in paragraphs(root)]

    def at(s, after=-1):
        s = squash(s)
        for i in range(after + 1, len(paras)):
            if s in paras[i]:
                return i
        raise AssertionError(f"{s!r} not found after text {after}")

    i = at(doc["title"])
    i = at(doc["personas"][0]["name"], i)
    i = at(doc["personas"][-1]["name"], i)
    for stage in doc["stages"]:
        i = at(stage["name"], i)
        tp = stage["touchpoints"][0]
        j = at(tp["name"], i)
        if "doing" in tp:
            j = at(tp["doing"], j)
        i = j
    # a lane's title comes before its first cell
    first = doc["stages"][0]["touchpoints"][0]
    assert at("DOING") < at(first["doing"]), "the lane's title is after its cells"
    assert at("TOUCHPOINTS") < at(first["name"])
    # the scores are there as text, in the reading order of their touchpoints
    scores = [p for p in paras if squash("emotion") in p.lower()]
    assert len(scores) >= len([t for s in doc["stages"] for t in s["touchpoints"]]), f"scores: {scores[:3]}"


# ---- bytes ----

@test
def test_same_bytes_every_time_and_after_other_maps():
    d = fresh("again")
    srcs = inputs()
    ok(run(["build"] + srcs + ["-o", d + "/", "-f", "svg", "-j", "1"]), "all in one process")
    d2 = fresh("again-j2")
    ok(run(["build"] + srcs + ["-o", d2 + "/", "-f", "svg", "-j", "2"]), "in two workers")
    for src, outs in built("svg").items():
        for out in outs:
            name = os.path.basename(out)
            assert read(os.path.join(d, name)) == read(out), f"{name}: differs when drawn after other maps"
            assert read(os.path.join(d2, name)) == read(out), f"{name}: differs at -j 2"


@test
def test_outlines_keep_the_old_svg():
    d = fresh("outlines")
    car = os.path.join(SRC, "examples", "car-purchase.yaml")
    out = os.path.join(d, "car.svg")
    ok(run(["build", car, "--svg-text", "outlines", "-o", out]), "--svg-text outlines")
    data = read(out)
    assert b"<symbol" in data and b"@font-face" not in data, "not cairo's outlines"
    text = read(built("svg")[car][0])
    assert len(text) * 3 <= len(data), f"real text {len(text)} bytes, outlines {len(data)}: not a third"
    p = run(["build", car, "--svg-text", "glyphs", "-o", out])
    assert p.returncode == 2 and b"--svg-text" in p.stderr, p.stderr


# ---- pixels ----

def screenshot(svg, png, w, h):
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    assert exe, "chromium is not installed (.ci/packages)"
    prof = fresh("chromium-profile")
    p = subprocess.run([exe, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                        "--user-data-dir=" + prof, "--screenshot=" + png, f"--window-size={w},{h}",
                        "file://" + svg], capture_output=True, timeout=120)
    assert os.path.exists(png), f"chromium made no screenshot: {p.stderr.decode(errors='replace')[-800:]}"


@test
def test_chromium_draws_what_the_png_shows():
    assert PNGDIFF, "JMAP_PNGDIFF is not set"
    d = fresh("chromium")
    notes = []
    svgs, pngs = built("svg"), built("png")
    for src in inputs():
        for svg, png in zip(svgs[src], pngs[src]):
            w, h = svg_size(ET.fromstring(read(svg)))
            shot = os.path.join(d, os.path.basename(svg) + ".png")
            screenshot(svg, shot, w, h)
            r = pixels_differing(png, shot)
            notes.append(f"{os.path.basename(svg)} {100 * r:.2f} %")
            assert r <= MAX_DIFFERING, f"{svg}: {100 * r:.2f} % of the pixels differ from the PNG in Chromium"
    return ", ".join(notes)


@test
def test_rsvg_draws_what_the_png_shows_with_the_fonts_installed():
    assert PNGDIFF, "JMAP_PNGDIFF is not set"
    exe = shutil.which("rsvg-convert")
    assert exe, "rsvg-convert is not installed (librsvg2-bin, .ci/packages)"
    d = fresh("rsvg")
    notes = []
    svgs, pngs = built("svg"), built("png")
    for src in inputs():
        for svg, png in zip(svgs[src], pngs[src]):
            out = os.path.join(d, os.path.basename(svg) + ".png")
            p = subprocess.run([exe, "-o", out, svg], capture_output=True, timeout=120)
            assert p.returncode == 0, p.stderr
            r = pixels_differing(png, out)
            notes.append(f"{os.path.basename(svg)} {100 * r:.2f} %")
            assert r <= MAX_DIFFERING, f"{svg}: {100 * r:.2f} % of the pixels differ from the PNG in rsvg-convert"
    return ", ".join(notes)


if __name__ == "__main__":
    sys.exit(run_tests(lambda: shutil.rmtree(TMP, ignore_errors=True)))
