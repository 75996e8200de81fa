#!/usr/bin/env python3
"""End-to-end tests of `jmap build`: every example in every format, the
promises of the command line spec (quiet success, byte-identical output,
SOURCE_DATE_EPOCH, safe writes, inputs never overwritten, exit statuses),
and the options --persona, --theme, --scale, -o -, -o DIR/.

Usage: python3 test_build.py PATH_TO_JMAP   (JMAP_SOURCE_DIR = source root)
Needs only the standard library and poppler-utils (pdftotext, pdfinfo)."""

import glob
import os
import re
import shutil
import stat
import struct
import subprocess
import sys
import tempfile
import unicodedata
import xml.etree.ElementTree as ET

from harness import Skip, run_tests, test

JMAP = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else sys.exit("usage: test_build.py PATH_TO_JMAP")
SRC = os.environ.get("JMAP_SOURCE_DIR") or os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
EXAMPLES = sorted(glob.glob(os.path.join(SRC, "examples", "*.yaml")))
FORMATS = ("svg", "png", "pdf")
TMP = tempfile.mkdtemp(prefix="jmap-e2e-build-")


# ---- helpers ----

def run(args, env=None, stdin=None, cwd=None):
    """Runs jmap with args; SOURCE_DATE_EPOCH only when env gives it."""
    e = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    e.update(env or {})
    return subprocess.run([JMAP] + list(args), input=stdin, capture_output=True, env=e, cwd=cwd, timeout=300)


def quiet_ok(p, what):
    assert p.returncode == 0, f"{what}: exit {p.returncode}\n{p.stderr.decode(errors='replace')}"
    assert p.stdout == b"", f"{what}: printed on stdout: {p.stdout[:200]!r}"
    assert p.stderr == b"", f"{what}: printed on stderr: {p.stderr[:2000].decode(errors='replace')}"


def stem(path):
    return os.path.splitext(os.path.basename(path))[0]


def read(path):
    with open(path, "rb") as f:
        return f.read()


def write(path, data):
    with open(path, "wb" if isinstance(data, bytes) else "w", encoding=None if isinstance(data, bytes) else "utf-8") as f:
        f.write(data)


def fresh_dir(name):
    d = os.path.join(TMP, name)
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    return d


def documents(example):
    """Each document's title and touchpoint names, read from the YAML text
    (the examples write them as `title:` and `      - name:` lines)."""
    docs = [{"title": None, "touchpoints": []}]
    for line in read(example).decode("utf-8").splitlines():
        if line.startswith("---"):
            docs.append({"title": None, "touchpoints": []})
        m = re.match(r"^title: (.*)$", line)
        if m:
            docs[-1]["title"] = unquote(m.group(1))
        m = re.match(r"^      - name: (.*)$", line)
        if m:
            docs[-1]["touchpoints"].append(unquote(m.group(1)))
    return docs


def unquote(s):
    s = re.sub(r"\s+#.*$", "", s).strip()
    if len(s) >= 2 and s[0] == s[-1] and s[0] in "\"'":
        s = s[1:-1]
    return s


def outputs(example, directory, fmt):
    """The files one example compiles to: NAME.fmt, or NAME-1.fmt... for
    several journeys in SVG or PNG."""
    n = len(documents(example))
    if n == 1 or fmt == "pdf":
        return [os.path.join(directory, f"{stem(example)}.{fmt}")]
    return [os.path.join(directory, f"{stem(example)}-{k}.{fmt}") for k in range(1, n + 1)]


def svg_size(data):
    root = ET.fromstring(data)
    assert root.tag in ("{http://www.w3.org/2000/svg}svg", "svg"), f"root element is {root.tag}"
    for a in ("width", "height", "viewBox"):
        assert root.get(a), f"<svg> has no {a}"
    w = float(re.match(r"[\d.]+", root.get("width")).group(0))
    h = float(re.match(r"[\d.]+", root.get("height")).group(0))
    vb = [float(v) for v in root.get("viewBox").replace(",", " ").split()]
    assert vb == [0, 0, w, h], f"viewBox {vb} is not 0 0 {w} {h}"
    return w, h


def png_size(data):
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "no PNG signature"
    length, kind = struct.unpack(">I4s", data[8:16])
    assert kind == b"IHDR" and length == 13, f"first chunk is {kind!r} ({length} bytes), not IHDR"
    return struct.unpack(">II", data[16:24])


def pdf_text(path):
    p = subprocess.run(["pdftotext", "-enc", "UTF-8", path, "-"], capture_output=True, timeout=120)
    assert p.returncode == 0, f"pdftotext {path}: {p.stderr.decode(errors='replace')}"
    return normalise(p.stdout.decode("utf-8"))


def normalise(s):
    """NFKC (ligatures, Arabic presentation forms), no bidi marks or
    zero-width joiners, single spaces."""
    s = unicodedata.normalize("NFKC", s)
    s = re.sub("[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]", "", s)
    return re.sub(r"\s+", " ", s).strip()


def pdf_pages(path):
    p = subprocess.run(["pdfinfo", path], capture_output=True, timeout=120)
    assert p.returncode == 0, f"pdfinfo {path}: {p.stderr.decode(errors='replace')}"
    m = re.search(rb"^Pages:\s+(\d+)", p.stdout, re.M)
    assert m, f"pdfinfo gives no page count:\n{p.stdout.decode(errors='replace')}"
    return int(m.group(1))


def is_rtl(text):
    return any(unicodedata.bidirectional(c) in ("R", "AL") for c in text)


# ---- every example, every format (built once, checked by several tests) ----

BUILT = {}  # (run, fmt) -> (directory, process)


def build_all(fmt, run_name="a", jobs=2):
    """Builds every example into a directory of its own. Only the test below
    asserts that the build was quiet: the others check what it wrote."""
    key = (run_name, fmt)
    if key not in BUILT:
        d = fresh_dir(f"{run_name}-{fmt}")
        BUILT[key] = d, run(["build"] + EXAMPLES + ["-o", d + "/", "-f", fmt, "-j", str(jobs)])
    return BUILT[key][0]


@test
def test_every_example_builds_quietly_in_every_format():
    assert len(EXAMPLES) >= 3, f"examples not found under {SRC}"
    for fmt in FORMATS:
        d = build_all(fmt)
        p = BUILT[("a", fmt)][1]
        if p.returncode or p.stdout or p.stderr:
            # name the examples that fail on their own
            loud = []
            for ex in EXAMPLES:
                q = run(["build", ex, "-o", os.path.join(fresh_dir("loud"), "x." + fmt)])
                if q.returncode or q.stdout or q.stderr:
                    loud.append(f"{os.path.basename(ex)} (exit {q.returncode}): "
                                f"{(q.stdout + q.stderr)[:1500].decode(errors='replace')}")
            raise AssertionError(f"jmap build EXAMPLES -f {fmt}: exit {p.returncode}, output:\n" + "\n".join(loud))
        for ex in EXAMPLES:
            for out in outputs(ex, d, fmt):
                assert os.path.getsize(out) > 1000, f"{out} is missing or tiny"
        leftovers = [f for f in os.listdir(d) if not any(f == os.path.basename(o) for ex in EXAMPLES
                                                          for o in outputs(ex, d, fmt))]
        assert not leftovers, f"unexpected files in {d}: {leftovers}"


@test
def test_each_example_alone_builds_quietly_beside_its_input():
    # one input, no -o: NAME.svg beside the input
    d = fresh_dir("beside")
    for ex in EXAMPLES:
        shutil.copy(ex, d)
        copy = os.path.join(d, os.path.basename(ex))
        quiet_ok(run(["build", copy]), f"jmap build {os.path.basename(ex)}")
        for out in outputs(copy, d, "svg"):
            assert os.path.exists(out), f"no {out}"


@test
def test_svg_parses_and_has_a_size():
    d = build_all("svg")
    for ex in EXAMPLES:
        for out in outputs(ex, d, "svg"):
            w, h = svg_size(read(out))
            assert w >= 900 and h >= 300, f"{out}: {w} x {h}"


@test
def test_png_has_the_size_the_svg_reports():
    svg, png = build_all("svg"), build_all("png")
    for ex in EXAMPLES:
        for s, p in zip(outputs(ex, svg, "svg"), outputs(ex, png, "png")):
            w, h = svg_size(read(s))
            assert png_size(read(p)) == (w, h), f"{p}: {png_size(read(p))}, the SVG says {w} x {h}"


@test
def test_png_at_scale_2_is_twice_the_size():
    svg = build_all("svg")
    d = fresh_dir("scale2")
    quiet_ok(run(["build"] + EXAMPLES + ["-o", d + "/", "-f", "png", "--scale", "2"]), "--scale 2")
    for ex in EXAMPLES:
        for s, p in zip(outputs(ex, svg, "svg"), outputs(ex, d, "png")):
            w, h = svg_size(read(s))
            assert png_size(read(p)) == (2 * w, 2 * h), f"{p}: {png_size(read(p))}, expected {2 * w} x {2 * h}"


def png_rows(data):
    """Width, height and the decompressed scanlines (filter byte + RGB) of an
    8-bit RGB PNG."""
    import zlib
    w, h = png_size(data)
    assert data[24] == 8 and data[25] == 2, f"PNG bit depth {data[24]}, colour type {data[25]}"
    pos, idat = 8, b""
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        if kind == b"IDAT":
            idat += data[pos + 8:pos + 8 + length]
        pos += 12 + length
    raw = zlib.decompress(idat)
    assert len(raw) == h * (1 + 3 * w), f"{len(raw)} bytes of scanlines for {w} x {h}"
    return w, h, [raw[y * (1 + 3 * w):(y + 1) * (1 + 3 * w)] for y in range(h)]


def first_column(rows):
    """The first pixel of every row, undoing whichever filter each row uses."""
    prev, out = (0, 0, 0), []
    for r in rows:
        f, px = r[0], tuple(r[1:4])
        if f in (0, 1):
            cur = px
        elif f in (2, 4):  # Up; Paeth's predictor is the pixel above in the first column
            cur = tuple((a + b) & 255 for a, b in zip(px, prev))
        elif f == 3:
            cur = tuple((a + b // 2) & 255 for a, b in zip(px, prev))
        else:
            raise AssertionError(f"filter type {f}")
        out.append(cur)
        prev = cur
    return out


@test
def test_a_png_drawn_in_bands_is_whole():
    # at scale 2 the car map is about 4 800 px wide and 3 000 tall: jmap draws
    # it in bands of a few hundred rows; every row must be there and painted
    d = fresh_dir("bands")
    png = os.path.join(d, "car.png")
    quiet_ok(run(["build", CAR, "--scale", "2", "-o", png]), "--scale 2")
    w, h, rows = png_rows(read(png))
    assert h > 2000, f"only {h} rows: not several bands"
    col = first_column(rows)
    assert set(col) == {(0xff, 0xff, 0xff)}, f"the left margin is not all white: {sorted(set(col))[:5]}"
    painted = [y for y, r in enumerate(rows) if len(set(r[1:])) > 1 or r[0] not in (0, 1, 2, 3, 4)]
    assert painted and painted[-1] > h * 0.9, f"nothing drawn below row {painted[-1] if painted else 0} of {h}"


@test
def test_a_png_too_wide_is_wrapped_and_refused_only_with_wrap_off():
    # 200 touchpoints are 40 000 px wide at scale 1; SVG and PDF have no such bound
    d = fresh_dir("too-wide")
    src = os.path.join(d, "wide.yaml")
    write(src, "title: Wide\nstages:\n  - name: S\n    touchpoints:\n" +
          "".join("      - name: Step %d\n        emotion: 3\n" % i for i in range(200)))
    out = os.path.join(d, "wide.png")
    # wrapped onto rows, with a note on standard error
    p = run(["build", src, "-o", out])
    assert p.returncode == 0, f"exit {p.returncode}: {p.stderr!r}"
    err = p.stderr.decode()
    assert "wrapped" in err and "32767" in err and "--wrap" in err, err
    w, h = png_size(read(out))
    assert w <= 32767 and h <= 32767 and w < 200 * 200, (w, h)  # rows, filled evenly
    # -q says nothing
    p = run(["build", src, "-o", out, "-q"])
    assert p.returncode == 0 and p.stderr == b"", p.stderr
    # --wrap off refuses it, with its size, and writes nothing
    os.remove(out)
    p = run(["build", src, "-o", out, "--wrap", "off"])
    assert p.returncode == 1, f"exit {p.returncode}"
    err = p.stderr.decode()
    assert "32767 pixels" in err and "--scale" in err, err
    assert not os.path.exists(out), "a PNG was written"
    quiet_ok(run(["build", src, "-o", os.path.join(d, "wide.svg")]), "the same map as SVG")
    for bad in ("0", "abc", "-3", "1.5", ""):
        p = run(["build", src, "-o", os.path.join(d, "bad.svg"), "--wrap", bad])
        assert p.returncode == 2 and b"--wrap" in p.stderr, (bad, p.returncode, p.stderr)


@test
def test_a_png_taller_than_32767_pixels_is_drawn():
    # A PNG is drawn in bands of rows, so only its width is bound by cairo:
    # 170 touchpoints wrap onto two rows, and their 1 020 prioritised
    # opportunities make an action plan some 39 000 pixels tall.
    if os.environ.get("JMAP_VALGRIND"):
        raise Skip("660 million pixels under memcheck would take many minutes; the banding is the same as any PNG's")
    d = fresh_dir("tall")
    src = os.path.join(d, "tall.yaml")
    write(src, "title: Tall\nstages:\n  - name: S\n    touchpoints:\n" +
          "".join("      - name: Step %d\n        opportunities: [%s]\n" %
                  (i, ", ".join("{text: Idea %d.%d, priority: high}" % (i, k) for k in range(6)))
                  for i in range(170)))
    out = os.path.join(d, "tall.png")
    p = run(["build", src, "-o", out, "-q"])
    assert p.returncode == 0, f"exit {p.returncode}: {p.stderr!r}"
    data = read(out)
    w, h = png_size(data)
    assert w <= 32767 and h > 32767, (w, h)
    # the whole image is there: its scanlines decompress to h rows, streamed
    import zlib
    z, pos, total = zlib.decompressobj(), 8, 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        if kind == b"IDAT":
            total += len(z.decompress(data[pos + 8:pos + 8 + length]))
        pos += 12 + length
    total += len(z.flush())
    assert total == h * (1 + 3 * w), (total, w, h)


@test
def test_a_map_drawn_after_another_gives_the_same_svg_as_alone():
    # cairo numbers surfaces and images (a colour emoji is an image) from one
    # counter per process: a map drawn after another that drew other emoji gets
    # other numbers, which jmap renumbers. One thread, so the order is fixed and
    # the test cannot pass by luck.
    d, alone = fresh_dir("after"), fresh_dir("alone-emoji")
    first = "title: First \U0001F3E0 \U0001F4E6\nstages:\n  - name: S\n    touchpoints:\n" \
            "      - name: Home \U0001F3E1\n        emotion: 3\n"
    second = "title: Second \U0001F697\nstages:\n  - name: S \U0001F600\n    touchpoints:\n" \
             "      - name: Call \U0001F4DE\n        emotion: 2\n      - name: Visit\n        emotion: 4\n"
    write(os.path.join(d, "a.yaml"), first)
    write(os.path.join(d, "b.yaml"), second)
    for mode in ("outlines", "text"):
        quiet_ok(run(["build", os.path.join(d, "a.yaml"), os.path.join(d, "b.yaml"), "-o", d + "/", "-f", "svg",
                      "-j", "1", "--svg-text", mode]), "two maps")
        quiet_ok(run(["build", os.path.join(d, "b.yaml"), "--svg-text", mode, "-o", os.path.join(alone, "b.svg")]),
                 "the second alone")
        after, by_itself = read(os.path.join(d, "b.svg")), read(os.path.join(alone, "b.svg"))
        if mode == "outlines":
            assert b"<image" in by_itself, "no colour glyph drawn as an image: the test does not test the image ids"
        else:
            assert b"@font-face" in by_itself, "no font embedded"
        assert after == by_itself, f"{mode}: the map drawn after another differs from the map drawn alone"


@test
def test_svg_ids_are_renumbered_but_text_is_not():
    # jmap renumbers cairo's "surfaceN" ids; words in the journey that look
    # like them must reach the SVG as written
    d = fresh_dir("surface-words")
    src = os.path.join(d, "j.yaml")
    write(src, "title: surface12 and surface3\nstages:\n  - name: surface7\n    touchpoints:\n"
               "      - name: surface99 call\n        emotion: 2\n")
    out = os.path.join(d, "j.svg")
    quiet_ok(run(["build", src, "--svg-text", "outlines", "-o", out]), "build")
    text = read(out).decode("utf-8")
    for word in ("surface12 and surface3", "surface7", "surface99 call"):
        assert word in text, f"'{word}' is not in the SVG's text"
    ids = [int(n) for n in re.findall(r'id="[A-Za-z0-9_.-]*?surface(\d+)"', text)]
    assert ids, "no surface id found"
    assert ids == sorted(ids) and (not ids or ids[0] == 1), f"surface ids {ids[:10]}"


@test
def test_pdf_text_has_the_titles_and_touchpoint_names():
    d = build_all("pdf")
    for ex in EXAMPLES:
        text = pdf_text(outputs(ex, d, "pdf")[0])
        for doc in documents(ex):
            title = normalise(doc["title"])
            names = [normalise(n) for n in doc["touchpoints"]]
            assert len(names) >= 3, f"{ex}: found only {names} in the YAML"
            if is_rtl(title):
                # right-to-left text comes out of pdftotext in pieces: look for whole words
                words = [w for w in set(title.split() + " ".join(names).split()) if len(w) >= 4]
                found = [w for w in words if w in text]
                assert len(found) >= max(2, len(words) // 2), f"{ex}: only {found} of {words} in the PDF text"
                continue
            assert title in text, f"{ex}: title {title!r} not in the PDF text:\n{text[:600]}"
            missing = [n for n in names if n not in text]
            assert len(missing) <= len(names) // 4, f"{ex}: touchpoints {missing} not in the PDF text"


@test
def test_two_builds_give_identical_bytes():
    for fmt in FORMATS:
        a, b = build_all(fmt), build_all(fmt, "b", 1)  # other thread count, other order
        for ex in EXAMPLES:
            for x, y in zip(outputs(ex, a, fmt), outputs(ex, b, fmt)):
                assert read(x) == read(y), f"{os.path.basename(x)}: two builds differ"
    # a map drawn alone is the same as one drawn after others in the same process
    single = [ex for ex in EXAMPLES if len(documents(ex)) == 1]
    d = fresh_dir("alone")
    for ex in (single[0], single[-1]):
        for fmt in FORMATS:
            out = os.path.join(d, f"{stem(ex)}.{fmt}")
            quiet_ok(run(["build", ex, "-o", out]), f"{stem(ex)}.{fmt} alone")
            assert read(out) == read(outputs(ex, build_all(fmt), fmt)[0]), f"{stem(ex)}.{fmt}: alone != batch"


@test
def test_source_date_epoch_sets_the_pdf_creation_date():
    d = fresh_dir("epoch")
    ex = EXAMPLES[0]
    without, with_a, with_b = (os.path.join(d, n) for n in ("none.pdf", "a.pdf", "b.pdf"))
    quiet_ok(run(["build", ex, "-o", without]), "without SOURCE_DATE_EPOCH")
    quiet_ok(run(["build", ex, "-o", with_a], env={"SOURCE_DATE_EPOCH": "1700000000"}), "with SOURCE_DATE_EPOCH")
    quiet_ok(run(["build", ex, "-o", with_b], env={"SOURCE_DATE_EPOCH": "1700000000"}), "with SOURCE_DATE_EPOCH")
    assert b"/CreationDate" not in read(without), "a PDF built without SOURCE_DATE_EPOCH has a /CreationDate"
    data = read(with_a)
    m = re.search(rb"/CreationDate\s*\(([^)]*)\)", data)
    assert m, "SOURCE_DATE_EPOCH=1700000000 gives no /CreationDate"
    assert b"20231114221320" in m.group(1), f"/CreationDate is {m.group(1)!r}, not 2023-11-14 22:13:20 UTC"
    assert data == read(with_b), "two builds with the same SOURCE_DATE_EPOCH differ"


@test
def test_several_journeys_give_numbered_files_and_pdf_pages():
    multi = [ex for ex in EXAMPLES if len(documents(ex)) > 1]
    assert multi, "no example holds several journeys"
    for ex in multi:
        n = len(documents(ex))
        for fmt in ("svg", "png"):
            d = build_all(fmt)
            for k in range(1, n + 1):
                assert os.path.exists(os.path.join(d, f"{stem(ex)}-{k}.{fmt}")), f"no {stem(ex)}-{k}.{fmt}"
            assert not os.path.exists(os.path.join(d, f"{stem(ex)}.{fmt}")), f"an unnumbered {stem(ex)}.{fmt}"
        assert pdf_pages(outputs(ex, build_all("pdf"), "pdf")[0]) == n
    for ex in EXAMPLES:
        if ex not in multi:
            assert pdf_pages(outputs(ex, build_all("pdf"), "pdf")[0]) == 1


CAR = os.path.join(SRC, "examples", "car-purchase.yaml")


@test
def test_persona_draws_that_persona_alone():
    d = fresh_dir("persona")
    out = os.path.join(d, "sarah.pdf")
    quiet_ok(run(["build", CAR, "--persona", "sarah", "-o", out]), "--persona sarah")
    text = pdf_text(out)
    assert "Sarah Mitchell" in text
    assert "Site engineer" not in text, "James's persona card is in Sarah's view"
    assert "Part-exchange valuation" not in text, "a touchpoint only James goes through is in Sarah's view"
    assert "Signs finance agreement" in text
    full = os.path.join(d, "all.svg")
    one = os.path.join(d, "sarah.svg")
    quiet_ok(run(["build", CAR, "-o", full]), "all personas")
    quiet_ok(run(["build", CAR, "--persona=sarah", "-o", one]), "--persona=sarah")
    assert svg_size(read(one))[0] < svg_size(read(full))[0], "Sarah's view is not narrower (one touchpoint fewer)"


@test
def test_unknown_persona_fails_with_a_message_and_no_output():
    d = fresh_dir("persona-unknown")
    out = os.path.join(d, "x.svg")
    p = run(["build", CAR, "--persona", "nobody", "-o", out])
    assert p.returncode == 1, f"exit {p.returncode}"
    assert b"nobody" in p.stderr, f"message does not name the persona: {p.stderr!r}"
    assert p.stdout == b""
    assert os.listdir(d) == [], f"files left: {os.listdir(d)}"


@test
def test_theme_dark_changes_the_output():
    d = fresh_dir("theme")
    plain, dark = os.path.join(d, "plain.svg"), os.path.join(d, "dark.svg")
    quiet_ok(run(["build", CAR, "-o", plain]), "default theme")
    quiet_ok(run(["build", CAR, "--theme", "dark", "-o", dark]), "--theme dark")
    assert read(plain) != read(dark), "--theme dark changes nothing"
    svg_size(read(dark))
    # the dark background, #111827, paints the page
    png = os.path.join(d, "dark.png")
    quiet_ok(run(["build", CAR, "--theme", "dark", "-o", png]), "--theme dark png")
    assert first_pixel(read(png)) == (0x11, 0x18, 0x27), f"first pixel {first_pixel(read(png))}"


def first_pixel(data):
    """The top-left pixel of an 8-bit RGB PNG."""
    return first_column(png_rows(data)[2][:1])[0]


@test
def test_output_to_stdout_writes_the_svg():
    d = fresh_dir("stdout")
    p = run(["build", CAR, "-o", "-", "-f", "svg"], cwd=d)
    assert p.returncode == 0 and p.stderr == b"", f"exit {p.returncode}: {p.stderr!r}"
    svg_size(p.stdout)
    assert p.stdout == read(outputs(CAR, build_all("svg"), "svg")[0]), "stdout differs from the file"
    assert os.listdir(d) == [], f"files written: {os.listdir(d)}"
    # standard input to standard output
    p = run(["build", "-", "-o", "-", "-f", "svg"], stdin=read(CAR), cwd=d)
    assert p.returncode == 0 and p.stderr == b"", f"stdin: exit {p.returncode}: {p.stderr!r}"
    svg_size(p.stdout)


BAD = """title: Broken
stages:
  - name: S
    touchpoints:
      - name: A
        emotoin: 3
"""


@test
def test_bad_input_fails_with_a_located_message_and_writes_nothing():
    d = fresh_dir("bad")
    src = os.path.join(d, "bad.yaml")
    write(src, BAD)
    p = run(["build", src])
    assert p.returncode == 1, f"exit {p.returncode}"
    err = p.stderr.decode(errors="replace")
    assert re.search(r"bad\.yaml:6:9: error: ", err), f"no FILE:LINE:COL: error: message:\n{err}"
    assert p.stdout == b""
    assert sorted(os.listdir(d)) == ["bad.yaml"], f"files left: {os.listdir(d)}"


@test
def test_bad_input_leaves_the_previous_output_untouched():
    d = fresh_dir("bad-previous")
    src, out = os.path.join(d, "map.yaml"), os.path.join(d, "map.svg")
    write(src, read(CAR))
    quiet_ok(run(["build", src, "-o", out]), "first build")
    before = read(out)
    st = os.stat(out)
    write(src, BAD)
    for fmt_args in ([], ["-f", "svg"]):
        p = run(["build", src, "-o", out] + fmt_args)
        assert p.returncode == 1, f"exit {p.returncode}"
        assert re.search(r"map\.yaml:6:9: error: ", p.stderr.decode(errors="replace")), p.stderr
    assert read(out) == before, "the previous output changed"
    assert os.stat(out).st_mtime_ns == st.st_mtime_ns and os.stat(out).st_ino == st.st_ino, "output rewritten"
    assert sorted(os.listdir(d)) == ["map.svg", "map.yaml"], f"files left: {os.listdir(d)}"


@test
def test_output_naming_the_input_is_refused():
    d = fresh_dir("self")
    src = os.path.join(d, "map.yaml")
    write(src, read(CAR))
    before, mtime = read(src), os.stat(src).st_mtime_ns
    for args in (["-o", src, "-f", "svg"], ["-o", os.path.join(d, ".", "map.yaml"), "-f", "pdf"]):
        p = run(["build", src] + args)
        assert p.returncode == 2, f"{args}: exit {p.returncode}"
        assert p.stderr, f"{args}: no message"
        assert read(src) == before and os.stat(src).st_mtime_ns == mtime, f"{args}: the input was written"
    # an input whose name looks like an output
    odd = os.path.join(d, "map.svg")
    write(odd, read(CAR))
    p = run(["build", odd, "-o", odd])
    assert p.returncode == 2, f"-o naming an input map.svg: exit {p.returncode}"
    assert read(odd) == before, "the input map.svg was written"
    assert sorted(os.listdir(d)) == ["map.svg", "map.yaml"], f"files left: {os.listdir(d)}"


@test
def test_directory_output_receives_every_input():
    d = fresh_dir("dir")
    a, b = os.path.join(d, "a.yaml"), os.path.join(d, "b.yaml")
    write(a, read(CAR))
    write(b, read(EXAMPLES[0]) if EXAMPLES[0] != CAR else read(EXAMPLES[1]))
    out = os.path.join(d, "out", "maps") + "/"  # does not exist yet
    quiet_ok(run(["build", a, b, "-o", out, "-f", "png"]), "-o out/maps/ with two inputs")
    got = sorted(os.listdir(out))
    assert got == ["a.png", "b.png"], f"the directory holds {got}"
    for f in got:
        png_size(read(os.path.join(out, f)))
    # an existing directory without the trailing slash
    quiet_ok(run(["build", a, b, "-o", out.rstrip("/")]), "-o out/maps with two inputs")
    assert sorted(os.listdir(out)) == ["a.png", "a.svg", "b.png", "b.svg"], sorted(os.listdir(out))


@test
def test_unwritable_output_directory_exits_3_naming_the_path():
    d = fresh_dir("readonly")
    ro = os.path.join(d, "locked")
    os.makedirs(ro)
    os.chmod(ro, stat.S_IRUSR | stat.S_IXUSR)
    try:
        if os.access(ro, os.W_OK):
            return "skipped: chmod does not stop this user (root?)"
        out = os.path.join(ro, "map.svg")
        p = run(["build", CAR, "-o", out])
        assert p.returncode == 3, f"exit {p.returncode}: {p.stderr!r}"
        assert out.encode() in p.stderr, f"the message does not name {out}: {p.stderr!r}"
        assert os.listdir(ro) == []
    finally:
        os.chmod(ro, stat.S_IRWXU)


def svg_ids_and_refs(text):
    """Every id defined and every id referred to (href="#...", url(#...)) in
    an SVG, whichever writer produced it."""
    ids = re.findall(r'\bid="([^"]*)"', text)
    refs = re.findall(r'href="#([^"]*)"', text) + re.findall(r"url\(\s*['\"]?#([^)'\"]*)", text)
    return ids, refs


@test
def test_id_prefix_starts_every_id_and_reference():
    d = fresh_dir("id-prefix")
    for ex in EXAMPLES[:2]:
        out = os.path.join(d, stem(ex) + ".svg")
        quiet_ok(run(["build", ex, "-o", out, "--id-prefix", "map-7_"]), "--id-prefix")
        ids, refs = svg_ids_and_refs(read(out).decode("utf-8"))
        assert ids, "no id in the SVG"
        bad = [i for i in ids + refs if not i.startswith("map-7_")]
        assert not bad, f"ids or references without the prefix: {bad[:5]}"
        assert set(refs) <= set(ids), f"references to no id: {sorted(set(refs) - set(ids))[:5]}"
    for bad_prefix in ("1x", "a b", 'a"', "x" * 65):
        p = run(["build", EXAMPLES[0], "-o", os.path.join(d, "bad.svg"), "--id-prefix", bad_prefix])
        assert p.returncode == 2 and b"--id-prefix" in p.stderr, f"{bad_prefix!r}: exit {p.returncode} {p.stderr!r}"
    quiet_ok(run(["build", EXAMPLES[0], "-o", os.path.join(d, "none.svg"), "--id-prefix", ""]), "an empty prefix")
    assert not os.path.exists(os.path.join(d, "bad.svg"))


@test
def test_default_id_prefix_comes_from_the_content():
    # two different maps never share an id; the same map always gets the same
    d = fresh_dir("id-default")
    outs = {}
    quiet_ok(run(["build", *EXAMPLES, "-o", d + "/", "-f", "svg"]), "build")
    svgs = sorted(glob.glob(os.path.join(d, "*.svg")))
    assert len(svgs) > len(EXAMPLES) - 1, svgs
    for out in svgs:  # two-journeys.yaml gives two maps from one file: they differ too
        ids, refs = svg_ids_and_refs(read(out).decode("utf-8"))
        prefixes = {m.group(1) if m else None for m in (re.match(r"(jm[0-9a-f]{12}-)", i) for i in ids + refs)}
        assert len(prefixes) == 1 and None not in prefixes, f"{out}: not one content prefix: {prefixes}"
        outs[out] = set(ids)
    for a in svgs:
        for b in svgs:
            if a < b:
                assert not (outs[a] & outs[b]), f"{stem(a)} and {stem(b)} share ids"
    first = os.path.join(d, stem(EXAMPLES[0]) + ".svg")
    again = os.path.join(d, "again.svg")
    quiet_ok(run(["build", EXAMPLES[0], "-o", again]), "again")
    assert read(again) == read(first), "the same map, other bytes"
    other = os.path.join(d, "dark.svg")
    quiet_ok(run(["build", EXAMPLES[0], "-o", other, "--theme", "dark"]), "dark")
    ids, _ = svg_ids_and_refs(read(other).decode("utf-8"))
    assert not (set(ids) & outs[first]), "another theme of the same map shares its ids"


# ---- runner ----

def main():
    return run_tests(cleanup=lambda: shutil.rmtree(TMP, ignore_errors=True))


if __name__ == "__main__":
    sys.exit(main())
