#!/usr/bin/env python3
"""The command line contract (spec/cli.md) as a test matrix: every exit status
(0, 1, 2, 3), every option of `jmap build` and `jmap check` and their
spellings, several journeys in one file, batches of 200 inputs, the progress
line on a terminal, safe writes (failed, refused and interrupted builds, full
devices, unwritable directories) and the help texts.

test_build.py covers the examples in every format, determinism, PDF text and
SOURCE_DATE_EPOCH; test_check.py covers diagnostics text and JSON in depth;
this file covers the command line around them, on small generated inputs.

Usage: python3 test_cli.py PATH_TO_JMAP   (JMAP_SOURCE_DIR = source root)
Standard library only; uses pdfinfo for page counts when it is installed."""

import errno
import json
import os
import pty
import re
import select
import shutil
import signal
import stat
import struct
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET

from harness import Skip, run_tests, test

JMAP = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else sys.exit("usage: test_cli.py PATH_TO_JMAP")
SRC = os.environ.get("JMAP_SOURCE_DIR") or os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TMP = tempfile.mkdtemp(prefix="jmap-e2e-cli-")
SVG_NS = "{http://www.w3.org/2000/svg}"


# ---- inputs ----

def journey(title, extra_touchpoint=""):
    return (f"title: {title}\n"
            "personas:\n"
            "  - {id: ann, name: Ann Example}\n"
            "  - {id: bob, name: Bob Example}\n"
            "stages:\n"
            "  - name: Plan\n"
            "    touchpoints:\n"
            "      - {name: Book online, channel: web, emotion: 4}\n"
            "      - {name: Phone the shop, channel: phone, personas: [bob], emotion: 2}\n" + extra_touchpoint)


def tiny(title):
    return f"title: {title}\nstages:\n  - name: S\n    touchpoints:\n      - {{name: T, emotion: 3}}\n"


TWO = journey("Alpha") + "---\n" + journey("Beta")
BAD = "title: Broken\nstages:\n  - name: S\n    touchpoints:\n      - name: A\n        emotoin: 3\n"  # 6:9
THEME = 'base: dark\nbackground: "#000000"\n'
BAD_THEME = "base: dark\nbackground: 12\n"  # 2:13


# ---- helpers ----

def env():
    e = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    lsan = e.get("LSAN_OPTIONS")
    if lsan and "print_suppressions" not in lsan:
        e["LSAN_OPTIONS"] = lsan + ":print_suppressions=0"  # a sanitizer build run by hand: keep stderr clean
    return e


def run(args, cwd=None, stdin=None, stdout=None):
    kw = {"stdout": stdout} if stdout is not None else {"stdout": subprocess.PIPE}
    return subprocess.run([JMAP] + list(args), input=stdin, stderr=subprocess.PIPE, cwd=cwd, env=env(),
                          timeout=300, **kw)


def err(p):
    return p.stderr.decode("utf-8", "replace")


def quiet_ok(p, what):
    assert p.returncode == 0, f"{what}: exit {p.returncode}\n{err(p)}"
    assert not p.stdout, f"{what}: printed on stdout: {p.stdout[:200]!r}"
    assert p.stderr == b"", f"{what}: printed on stderr: {err(p)[:2000]}"


def usage_error(p, what):
    """Exit 2, nothing on stdout, a message and a one-line usage hint."""
    assert p.returncode == 2, f"{what}: exit {p.returncode}, not 2\n{err(p)}"
    assert not p.stdout, f"{what}: printed on stdout: {p.stdout[:200]!r}"
    lines = err(p).rstrip("\n").split("\n")
    assert len(lines) == 2 and lines[0], f"{what}: not a message and a one-line hint:\n{err(p)}"
    assert lines[1].startswith("Usage"), f"{what}: the last line is not a usage hint: {lines[1]!r}"


def fresh(name):
    d = os.path.join(TMP, name)
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    return d


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(text.encode("utf-8") if isinstance(text, str) else text)
    return path


def read(path):
    with open(path, "rb") as f:
        return f.read()


def files(d):
    return sorted(os.listdir(d))


def kind(data):
    if data[:8] == b"\x89PNG\r\n\x1a\n":
        return "png"
    if data[:5] == b"%PDF-":
        return "pdf"
    if data.lstrip()[:5] == b"<?xml" and b"<svg" in data[:500]:
        return "svg"
    return None


def svg_title(data):
    """Parses the whole SVG (a truncated file raises) and returns its <title>."""
    root = ET.fromstring(data)
    assert root.tag == SVG_NS + "svg", f"root element {root.tag}"
    t = root.find(SVG_NS + "title")
    return t.text if t is not None else None


def svg_texts(data):
    # one <text> a paragraph, a <tspan> a line: the paragraph's words, line by line
    return [" ".join(s.strip() for s in t.itertext()) for t in ET.fromstring(data).iter(SVG_NS + "text")]


def png_size(data):
    assert kind(data) == "png", "not a PNG"
    return struct.unpack(">II", data[16:24])


def pdf_pages(path):
    if shutil.which("pdfinfo"):
        p = subprocess.run(["pdfinfo", path], capture_output=True, timeout=60)
        assert p.returncode == 0, f"pdfinfo {path}: {p.stderr!r}"
        return int(re.search(rb"^Pages:\s+(\d+)", p.stdout, re.M).group(1))
    return len(re.findall(rb"/Type\s*/Page(?![A-Za-z])", read(path)))


def unchanged(path, before, what):
    st = os.lstat(path)
    assert read(path) == before[0], f"{what}: {path} was written"
    assert (st.st_ino, st.st_mtime_ns) == before[1], f"{what}: {path} was replaced or touched"


def snapshot(path):
    st = os.lstat(path)
    return read(path), (st.st_ino, st.st_mtime_ns)


# ---- build: -o and -f ----

@test
def test_o_file_extension_picks_the_format_upper_case_too():
    d = fresh("ext")
    src = write(os.path.join(d, "in", "trip.yaml"), journey("Trip"))
    out = os.path.join(d, "out")
    os.makedirs(out)
    for name, want in (("m.svg", "svg"), ("m.png", "png"), ("m.pdf", "pdf"), ("M.SVG", "svg"), ("n.Pdf", "pdf")):
        quiet_ok(run(["build", src, "-o", os.path.join(out, name)]), f"-o {name}")
        assert kind(read(os.path.join(out, name))) == want, f"-o {name} did not write {want}"
    assert files(out) == ["M.SVG", "m.pdf", "m.png", "m.svg", "n.Pdf"], files(out)


@test
def test_o_unknown_extension_without_f_exits_2_and_writes_nothing():
    d = fresh("ext-unknown")
    src = write(os.path.join(d, "trip.yaml"), journey("Trip"))
    usage_error(run(["build", src, "-o", os.path.join(d, "map.txt")]), "-o map.txt")
    assert files(d) == ["trip.yaml"], files(d)


@test
def test_f_overrides_the_extension():
    d = fresh("f-over")
    src = write(os.path.join(d, "trip.yaml"), journey("Trip"))
    for name, fmt in (("a.png", "svg"), ("b.svg", "pdf"), ("c.pdf", "png"), ("d.txt", "svg")):
        quiet_ok(run(["build", src, "-o", os.path.join(d, name), "-f", fmt]), f"-o {name} -f {fmt}")
        assert kind(read(os.path.join(d, name))) == fmt, f"-o {name} -f {fmt} wrote {kind(read(os.path.join(d, name)))}"


@test
def test_format_and_output_spellings_give_the_same_bytes():
    d = fresh("spell")
    src = write(os.path.join(d, "trip.yaml"), journey("Trip"))
    spellings = {"a": ["-o", "a.x", "-f", "pdf"], "b": ["--output", "b.x", "--format", "pdf"],
                 "c": ["--output=c.x", "--format=pdf"], "d": ["-od.x", "-fpdf"]}
    for k, args in spellings.items():
        quiet_ok(run(["build", "trip.yaml"] + args, cwd=d), " ".join(args))
    first = read(os.path.join(d, "a.x"))
    assert kind(first) == "pdf", "-f pdf did not write a PDF"
    for k in spellings:
        assert read(os.path.join(d, k + ".x")) == first, f"{' '.join(spellings[k])} differs from -o a.x -f pdf"


@test
def test_bad_format_value_exits_2():
    d = fresh("f-bad")
    src = write(os.path.join(d, "trip.yaml"), journey("Trip"))
    usage_error(run(["build", src, "-f", "jpeg"]), "-f jpeg")
    assert files(d) == ["trip.yaml"], files(d)


@test
def test_o_directory_with_slash_is_created_and_receives_stem_svg():
    d = fresh("dir-new")
    src = write(os.path.join(d, "trip.yaml"), journey("Trip"))
    out = os.path.join(d, "new", "deeper") + "/"
    quiet_ok(run(["build", src, "-o", out]), "-o new/deeper/")
    assert files(out) == ["trip.svg"], files(out)
    assert svg_title(read(os.path.join(out, "trip.svg"))) == "Trip"


@test
def test_o_existing_directory_without_slash_receives_stem_svg():
    d = fresh("dir-old")
    src = write(os.path.join(d, "trip.yaml"), journey("Trip"))
    out = os.path.join(d, "maps")
    os.makedirs(out)
    quiet_ok(run(["build", src, "-o", out, "-f", "png"]), "-o maps (existing)")
    assert os.path.isdir(out), "the directory was replaced by a file"
    assert files(out) == ["trip.png"], files(out)


@test
def test_o_dash_writes_each_format_to_stdout_and_no_file():
    d = fresh("stdout")
    write(os.path.join(d, "trip.yaml"), journey("Trip"))
    for fmt in ("svg", "png", "pdf"):
        p = run(["build", "trip.yaml", "-o", "-", "-f", fmt], cwd=d)
        assert p.returncode == 0 and p.stderr == b"", f"-o - -f {fmt}: exit {p.returncode}\n{err(p)}"
        assert kind(p.stdout) == fmt, f"-o - -f {fmt}: stdout is not {fmt}"
    assert files(d) == ["trip.yaml"], files(d)


@test
def test_o_dash_without_f_exits_2():
    d = fresh("stdout-nof")
    write(os.path.join(d, "trip.yaml"), journey("Trip"))
    usage_error(run(["build", "trip.yaml", "-o", "-"], cwd=d), "-o - without -f")
    assert files(d) == ["trip.yaml"], files(d)


@test
def test_no_o_writes_beside_an_input_in_a_subdirectory():
    d = fresh("beside")
    write(os.path.join(d, "sub", "dir", "trip.yaml"), journey("Trip"))
    quiet_ok(run(["build", "sub/dir/trip.yaml"], cwd=d), "no -o")
    quiet_ok(run(["build", "sub/dir/trip.yaml", "-f", "png"], cwd=d), "no -o, -f png")
    assert files(os.path.join(d, "sub", "dir")) == ["trip.png", "trip.svg", "trip.yaml"], files(os.path.join(d, "sub", "dir"))
    assert files(d) == ["sub"], f"files written in the working directory: {files(d)}"
    assert kind(read(os.path.join(d, "sub", "dir", "trip.png"))) == "png"


@test
def test_stdin_input_needs_o_and_writes_with_it():
    d = fresh("stdin")
    usage_error(run(["build", "-"], cwd=d, stdin=journey("Trip").encode()), "- without -o")
    quiet_ok(run(["build", "-", "-o", "t.png"], cwd=d, stdin=journey("Trip").encode()), "- -o t.png")
    assert files(d) == ["t.png"], files(d)


@test
def test_several_inputs_need_a_directory_or_exit_2():
    d = fresh("several-file")
    a, b = write(os.path.join(d, "a.yaml"), tiny("A")), write(os.path.join(d, "b.yaml"), tiny("B"))
    usage_error(run(["build", a, b, "-o", os.path.join(d, "x.svg")]), "two inputs -o FILE")
    usage_error(run(["build", a, b, "-o", "-", "-f", "svg"]), "two inputs -o -")
    assert files(d) == ["a.yaml", "b.yaml"], files(d)


@test
def test_two_inputs_with_one_stem_into_one_directory_exit_2():
    d = fresh("same-stem")
    a, b = write(os.path.join(d, "a", "x.yaml"), tiny("A")), write(os.path.join(d, "b", "x.yaml"), tiny("B"))
    usage_error(run(["build", a, b, "-o", os.path.join(d, "out") + "/"]), "a/x.yaml b/x.yaml -o out/")
    assert not os.path.exists(os.path.join(d, "out", "x.svg")), "an output was written"


# ---- build: --persona, --theme, --scale, -j, -q ----

@test
def test_persona_draws_only_that_personas_touchpoints():
    d = fresh("persona")
    src = write(os.path.join(d, "p.yaml"), journey("Trip"))
    quiet_ok(run(["build", src, "-o", os.path.join(d, "all.svg")]), "all personas")
    quiet_ok(run(["build", src, "--persona", "ann", "-o", os.path.join(d, "ann.svg")]), "--persona ann")
    quiet_ok(run(["build", src, "--persona=bob", "-o", os.path.join(d, "bob.svg")]), "--persona=bob")
    every, ann, bob = (svg_texts(read(os.path.join(d, n))) for n in ("all.svg", "ann.svg", "bob.svg"))
    assert "Phone the shop" in every and "Phone the shop" in bob, "Bob's touchpoint is missing"
    assert "Phone the shop" not in ann, "Bob's own touchpoint is in Ann's view"
    assert "Bob Example" not in ann, "Bob's persona card is in Ann's view"


@test
def test_unknown_persona_exits_1_naming_it():
    d = fresh("persona-unknown")
    src = write(os.path.join(d, "p.yaml"), journey("Trip"))
    p = run(["build", src, "--persona", "zelda", "-o", os.path.join(d, "x.svg")])
    assert p.returncode == 1, f"exit {p.returncode}\n{err(p)}"
    assert "zelda" in err(p), f"the message does not name the persona: {err(p)}"
    assert files(d) == ["p.yaml"], files(d)


@test
def test_each_builtin_theme_builds_and_gives_a_different_map():
    d = fresh("themes")
    src = write(os.path.join(d, "p.yaml"), journey("Trip"))
    seen = {}
    for name in ("default", "dark", "print", "high-contrast"):
        out = os.path.join(d, name + ".svg")
        quiet_ok(run(["build", src, "--theme", name, "-o", out]), f"--theme {name}")
        svg_title(read(out))
        seen.setdefault(read(out), []).append(name)
    same = [v for v in seen.values() if len(v) > 1]
    assert not same, f"themes that draw the same map: {same}"


@test
def test_theme_file_overrides_the_background():
    d = fresh("theme-file")
    src = write(os.path.join(d, "p.yaml"), journey("Trip"))
    theme = write(os.path.join(d, "black.yaml"), THEME)
    dark, black = os.path.join(d, "dark.svg"), os.path.join(d, "black.svg")
    quiet_ok(run(["build", src, "--theme", "dark", "-o", dark]), "--theme dark")
    quiet_ok(run(["build", src, "--theme", theme, "-o", black]), "--theme black.yaml")
    assert read(dark) != read(black), "the theme file changes nothing"
    page = b'<rect width="100%" height="100%" fill="#000000"/>'
    assert page in read(black) and page not in read(dark), "background #000000 not drawn"


@test
def test_bad_theme_file_exits_1_with_file_line_col_and_writes_nothing():
    d = fresh("theme-bad")
    src = write(os.path.join(d, "p.yaml"), journey("Trip"))
    theme = write(os.path.join(d, "bad-theme.yaml"), BAD_THEME)
    p = run(["build", src, "--theme", theme, "-o", os.path.join(d, "x.svg")])
    assert p.returncode == 1, f"exit {p.returncode}\n{err(p)}"
    assert re.search(re.escape(theme) + r":2:13: error: ", err(p)), f"no FILE:LINE:COL for the theme:\n{err(p)}"
    assert files(d) == ["bad-theme.yaml", "p.yaml"], files(d)


@test
def test_missing_theme_file_exits_3_and_unknown_theme_name_exits_2():
    d = fresh("theme-missing")
    src = write(os.path.join(d, "p.yaml"), journey("Trip"))
    missing = os.path.join(d, "nope.yaml")
    p = run(["build", src, "--theme", missing, "-o", os.path.join(d, "x.svg")])
    assert p.returncode == 3 and missing in err(p), f"missing theme file: exit {p.returncode}\n{err(p)}"
    usage_error(run(["build", src, "--theme", "neon", "-o", os.path.join(d, "x.svg")]), "--theme neon")
    assert files(d) == ["p.yaml"], files(d)


@test
def test_scale_2_makes_the_png_twice_as_large():
    d = fresh("scale")
    src = write(os.path.join(d, "p.yaml"), journey("Trip"))
    quiet_ok(run(["build", src, "-o", os.path.join(d, "1.png")]), "scale 1")
    quiet_ok(run(["build", src, "--scale", "2", "-o", os.path.join(d, "2.png")]), "--scale 2")
    quiet_ok(run(["build", src, "--scale=2", "-o", os.path.join(d, "2.pdf")]), "--scale=2 (a PDF ignores it)")
    w, h = png_size(read(os.path.join(d, "1.png")))
    assert png_size(read(os.path.join(d, "2.png"))) == (2 * w, 2 * h), f"--scale 2: not {2 * w} x {2 * h}"


@test
def test_scale_0_abc_and_missing_value_exit_2():
    d = fresh("scale-bad")
    src = write(os.path.join(d, "p.yaml"), journey("Trip"))
    for v in ("0", "abc"):
        usage_error(run(["build", src, "--scale", v, "-o", os.path.join(d, "x.png")]), f"--scale {v!r}")
    usage_error(run(["build", src, "-o", os.path.join(d, "x.png"), "--scale"]), "--scale without a value")
    assert files(d) == ["p.yaml"], files(d)


def small_batch(d, n):
    return [write(os.path.join(d, "in", f"j{i}.yaml"), journey(f"Journey {i}") if i % 3 else TWO) for i in range(n)]


def tree(d):
    return {f: read(os.path.join(d, f)) for f in files(d)}


@test
def test_jobs_1_and_2_give_the_same_files():
    d = fresh("jobs")
    inputs = small_batch(d, 4)
    outs = {}
    for k, args in enumerate((["-j", "1"], ["-j", "2"], ["--jobs=2"], [])):
        out = os.path.join(d, f"out{k}") + "/"
        quiet_ok(run(["build"] + inputs + ["-o", out] + args), " ".join(["build"] + args))
        outs[" ".join(args)] = tree(out)
    want = outs["-j 1"]
    assert len(want) == 6, f"-j 1 wrote {sorted(want)}"  # 2 single journeys, 2 files of two
    for k, v in outs.items():
        assert v == want, f"'{k}' wrote other files or bytes than -j 1"


@test
def test_jobs_0_and_abc_exit_2():
    d = fresh("jobs-bad")
    src = write(os.path.join(d, "p.yaml"), journey("Trip"))
    for v in ("0", "abc"):
        usage_error(run(["build", src, "-j", v]), f"-j {v}")
    assert files(d) == ["p.yaml"], files(d)


@test
def test_quiet_batch_prints_nothing_but_still_prints_errors():
    d = fresh("quiet")
    inputs = small_batch(d, 4)
    quiet_ok(run(["build"] + inputs + ["-o", os.path.join(d, "out/"), "-q"]), "-q batch")
    bad = write(os.path.join(d, "in", "bad.yaml"), BAD)
    p = run(["build"] + inputs + [bad, "-o", os.path.join(d, "out2/"), "--quiet"])
    assert p.returncode == 1, f"-q with a bad input: exit {p.returncode}"
    assert re.search(re.escape(bad) + r":6:9: error: ", err(p)), f"-q hid the error:\n{err(p)}"


# ---- the command line itself ----

@test
def test_unknown_option_exits_2_with_a_one_line_usage_hint():
    d = fresh("unknown-opt")
    src = write(os.path.join(d, "p.yaml"), journey("Trip"))
    for bad in ("--bogus", "--output-dir=x"):
        p = run(["build", src, bad])
        usage_error(p, f"build {bad}")
        assert bad.split("=")[0] in err(p), f"build {bad}: the message does not name the option:\n{err(p)}"
    assert files(d) == ["p.yaml"], f"files written: {files(d)}"


@test
def test_option_without_its_value_exits_2():
    d = fresh("no-value")
    src = write(os.path.join(d, "p.yaml"), journey("Trip"))
    for opt in ("-o", "--persona", "-j"):
        usage_error(run(["build", src, opt]), f"{opt} at the end")
    assert files(d) == ["p.yaml"], files(d)


@test
def test_build_without_input_exits_2():
    usage_error(run(["build"]), "build")
    usage_error(run(["build", "-o", os.path.join(TMP, "x.svg"), "-f", "svg"]), "build -o x.svg")


@test
def test_double_dash_makes_dash_x_yaml_an_input():
    d = fresh("dashdash")
    write(os.path.join(d, "-x.yaml"), journey("Dash"))
    usage_error(run(["build", "-x.yaml"], cwd=d), "-x.yaml without --")
    assert files(d) == ["-x.yaml"], files(d)
    quiet_ok(run(["build", "--", "-x.yaml"], cwd=d), "build -- -x.yaml")
    assert files(d) == ["-x.svg", "-x.yaml"], files(d)
    assert svg_title(read(os.path.join(d, "-x.svg"))) == "Dash"


# ---- several journeys in one file ----

@test
def test_two_journeys_give_numbered_svg_and_png_files():
    d = fresh("two-file")
    src = write(os.path.join(d, "two.yaml"), TWO)
    quiet_ok(run(["build", src, "-o", os.path.join(d, "out", "map.svg")]), "-o map.svg")
    quiet_ok(run(["build", src, "-o", os.path.join(d, "out", "map.png")]), "-o map.png")
    assert files(os.path.join(d, "out")) == ["map-1.png", "map-1.svg", "map-2.png", "map-2.svg"], files(os.path.join(d, "out"))
    titles = [svg_title(read(os.path.join(d, "out", f"map-{k}.svg"))) for k in (1, 2)]
    assert titles == ["Alpha", "Beta"], f"map-1/map-2 hold {titles}"
    assert kind(read(os.path.join(d, "out", "map-2.png"))) == "png"


@test
def test_two_journeys_give_numbered_files_in_a_directory_and_beside_the_input():
    d = fresh("two-dir")
    src = write(os.path.join(d, "two.yaml"), TWO)
    quiet_ok(run(["build", src, "-o", os.path.join(d, "out") + "/", "-f", "png"]), "-o out/ -f png")
    assert files(os.path.join(d, "out")) == ["two-1.png", "two-2.png"], files(os.path.join(d, "out"))
    quiet_ok(run(["build", src]), "no -o")
    assert files(d) == ["out", "two-1.svg", "two-2.svg", "two.yaml"], files(d)
    assert svg_title(read(os.path.join(d, "two-2.svg"))) == "Beta"


@test
def test_two_journeys_give_one_pdf_with_two_pages():
    d = fresh("two-pdf")
    src = write(os.path.join(d, "two.yaml"), TWO)
    quiet_ok(run(["build", src, "-o", os.path.join(d, "map.pdf")]), "-o map.pdf")
    assert files(d) == ["map.pdf", "two.yaml"], files(d)
    assert pdf_pages(os.path.join(d, "map.pdf")) == 2, "not one page per journey"
    p = run(["build", src, "-o", "-", "-f", "pdf"])
    assert p.returncode == 0 and kind(p.stdout) == "pdf", f"-o - -f pdf: exit {p.returncode}\n{err(p)}"
    write(os.path.join(d, "stdout.pdf"), p.stdout)
    assert pdf_pages(os.path.join(d, "stdout.pdf")) == 2, "-o - -f pdf: not two pages"


@test
def test_two_journeys_to_stdout_as_svg_or_png_exit_1_with_a_message():
    d = fresh("two-stdout")
    src = write(os.path.join(d, "two.yaml"), TWO)
    for fmt in ("svg", "png"):
        p = run(["build", src, "-o", "-", "-f", fmt])
        assert p.returncode == 1, f"-f {fmt}: exit {p.returncode}"
        assert p.stdout == b"", f"-f {fmt}: wrote {len(p.stdout)} bytes to stdout"
        assert "two.yaml" in err(p) and "journeys" in err(p), f"-f {fmt}: message {err(p)!r}"
    assert files(d) == ["two.yaml"], files(d)


@test
def test_numbered_outputs_never_overwrite_the_input():
    # m-1.yaml holds two journeys; -o m.yaml -f svg numbers its outputs
    # m-1.yaml and m-2.yaml: the first is the input.
    d = fresh("two-self")
    src = write(os.path.join(d, "m-1.yaml"), TWO)
    before = snapshot(src)
    p = run(["build", src, "-o", os.path.join(d, "m.yaml"), "-f", "svg"])
    unchanged(src, before, f"-o m.yaml -f svg (exit {p.returncode})")
    assert p.returncode == 2, f"exit {p.returncode}, not 2 (-o naming an input)"


@test
def test_numbered_outputs_colliding_with_another_inputs_output_exit_2():
    # t.yaml (two journeys) -> out/t-1.svg, out/t-2.svg; t-1.yaml -> out/t-1.svg
    d = fresh("two-collide")
    t = write(os.path.join(d, "t.yaml"), TWO)
    t1 = write(os.path.join(d, "t-1.yaml"), journey("Gamma"))
    p = run(["build", t, t1, "-o", os.path.join(d, "out") + "/", "-j", "2"])
    got = files(os.path.join(d, "out")) if os.path.isdir(os.path.join(d, "out")) else []
    assert p.returncode == 2, f"exit {p.returncode}: two maps written to one file, {got} left {err(p).strip()}"


# ---- batches ----

def make_batch(d, n, bad=(), missing=()):
    """n inputs m000.yaml...; those in `bad` have an error at 6:9; those in
    `missing` are not created. Returns the input paths in order."""
    paths = []
    for i in range(n):
        p = os.path.join(d, "maps", f"m{i:03d}.yaml")
        if i not in missing:
            write(p, BAD if i in bad else tiny(f"Map number {i}"))
        paths.append(p)
    return paths


@test
def test_batch_of_200_writes_200_valid_distinct_svgs_quietly():
    d = fresh("batch")
    inputs = make_batch(d, 200)
    out = os.path.join(d, "out") + "/"
    quiet_ok(run(["build"] + inputs + ["-o", out, "-j", "2"]), "200 inputs -o out/ -j 2")
    want = [f"m{i:03d}.svg" for i in range(200)]
    assert files(out) == want, f"{len(files(out))} files; unexpected: {sorted(set(files(out)) - set(want))[:5]}"
    contents = {read(os.path.join(out, f)) for f in want}
    assert len(contents) == 200, f"only {len(contents)} distinct outputs"
    for i in range(0, 200, 19):
        assert svg_title(read(os.path.join(out, want[i]))) == f"Map number {i}", f"{want[i]} has the wrong title"


@test
def test_batch_with_3_bad_inputs_exits_1_writes_the_197_others_reports_in_order():
    d = fresh("batch-bad")
    bad = (10, 100, 190)
    inputs = make_batch(d, 200, bad=bad)
    out = os.path.join(d, "out") + "/"
    p = run(["build"] + inputs + ["-o", out, "-j", "2"])
    assert p.returncode == 1, f"exit {p.returncode}\n{err(p)[:2000]}"
    want = [f"m{i:03d}.svg" for i in range(200) if i not in bad]
    assert files(out) == want, f"{len(files(out))} files; missing {sorted(set(want) - set(files(out)))[:5]}, " \
                               f"extra {sorted(set(files(out)) - set(want))[:5]}"
    at = []
    for i in bad:
        m = re.search(re.escape(inputs[i]) + r":6:9: error: ", err(p))
        assert m, f"m{i:03d}.yaml is not reported as FILE:6:9:\n{err(p)[:2000]}"
        at.append(m.start())
    assert at == sorted(at), "diagnostics are not in input order"
    assert not p.stdout, "printed on stdout"


@test
def test_batch_with_a_missing_input_exits_3_and_writes_the_others():
    d = fresh("batch-missing")
    inputs = make_batch(d, 6, missing=(2,))
    out = os.path.join(d, "out") + "/"
    p = run(["build"] + inputs + ["-o", out, "-j", "2"])
    assert p.returncode == 3, f"exit {p.returncode}\n{err(p)}"
    assert inputs[2] in err(p), f"the missing file is not named:\n{err(p)}"
    assert files(out) == [f"m{i:03d}.svg" for i in (0, 1, 3, 4, 5)], files(out)


@test
def test_batch_with_a_bad_and_a_missing_input_exits_3():
    d = fresh("batch-both")
    inputs = make_batch(d, 5, bad=(1,), missing=(3,))
    p = run(["build"] + inputs + ["-o", os.path.join(d, "out") + "/"])
    assert p.returncode == 3, f"exit {p.returncode}, not the highest status 3\n{err(p)}"
    assert files(os.path.join(d, "out")) == ["m000.svg", "m002.svg", "m004.svg"]


@test
def test_input_that_is_a_directory_exits_3():
    d = fresh("input-dir")
    os.makedirs(os.path.join(d, "adir.yaml"))
    p = run(["build", os.path.join(d, "adir.yaml"), "-o", os.path.join(d, "x.svg")])
    assert p.returncode == 3 and "adir.yaml" in err(p), f"exit {p.returncode}\n{err(p)}"
    assert files(d) == ["adir.yaml"], files(d)


# ---- progress ----

def on_terminal(args, cwd=None):
    """Runs jmap with stderr on a pseudo-terminal; returns (status, stdout, terminal bytes)."""
    try:
        master, slave = pty.openpty()
    except OSError as e:
        raise Skip(f"no pseudo-terminal: {e}")
    p = subprocess.Popen([JMAP] + args, stdout=subprocess.PIPE, stderr=slave, cwd=cwd, env=env())
    os.close(slave)
    data, deadline = b"", time.time() + 300
    while time.time() < deadline:
        r, _, _ = select.select([master], [], [], 1)
        if not r:
            if p.poll() is not None:
                break
            continue
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: every writer has gone
            break
        if not chunk:
            break
        data += chunk
    out = p.stdout.read()
    p.wait(timeout=60)
    os.close(master)
    return p.returncode, out, data


def screen(data):
    """What a terminal shows after `data`: \\r, \\n and ESC[K handled."""
    lines, cur, col = [], [], 0
    for tok in re.findall(rb"\x1b\[K|\r|\n|[^\r\n\x1b]+|\x1b", data):
        if tok == b"\r":
            col = 0
        elif tok == b"\n":
            lines.append(b"".join(cur).decode("utf-8", "replace"))
            cur, col = [], 0
        elif tok == b"\x1b[K":
            del cur[col:]
        else:
            for ch in (bytes([c]) for c in tok):
                if col < len(cur):
                    cur[col] = ch
                else:
                    cur.append(ch)
                col += 1
    return lines + [b"".join(cur).decode("utf-8", "replace")]


PROGRESS = re.compile(rb"\b(\d+) of (\d+)\b")


@test
def test_no_progress_when_stderr_is_a_file():
    d = fresh("progress-file")
    inputs = make_batch(d, 8)
    with open(os.path.join(d, "stderr.txt"), "wb") as f:
        p = subprocess.run([JMAP, "build"] + inputs + ["-o", os.path.join(d, "out/")], stderr=f,
                           stdout=subprocess.PIPE, env=env(), timeout=300)
    assert p.returncode == 0, f"exit {p.returncode}"
    assert read(os.path.join(d, "stderr.txt")) == b"", f"printed: {read(os.path.join(d, 'stderr.txt'))[:300]!r}"


@test
def test_progress_on_a_terminal_counts_the_maps_and_is_erased():
    d = fresh("progress-tty")
    inputs = make_batch(d, 8)
    rc, out, data = on_terminal(["build"] + inputs + ["-o", os.path.join(d, "out/"), "-j", "2"])
    assert rc == 0 and out == b"", f"exit {rc}, stdout {out[:200]!r}"
    counts = [(int(a), int(b)) for a, b in PROGRESS.findall(data)]
    assert counts, f"no 'N of M' progress on the terminal: {data[:300]!r}"
    assert all(m == 8 for _, m in counts), f"progress does not count 8 inputs: {counts}"
    assert [n for n, _ in counts] == sorted(n for n, _ in counts), f"progress goes backwards: {counts}"
    assert screen(data) == [""], f"the terminal still shows {screen(data)!r}"
    assert len(files(os.path.join(d, "out"))) == 8


@test
def test_errors_on_a_terminal_start_on_a_clean_line():
    d = fresh("progress-err")
    inputs = make_batch(d, 8, bad=(5,))
    rc, out, data = on_terminal(["build"] + inputs + ["-o", os.path.join(d, "out/"), "-j", "2"])
    assert rc == 1, f"exit {rc}"
    shown = screen(data)
    heads = [l for l in shown if ":6:9: error:" in l]
    assert len(heads) == 1 and heads[0].startswith(f"{inputs[5]}:6:9: error: "), \
        f"the diagnostic is not on a line of its own: {shown!r}"
    assert not any(PROGRESS.search(l.encode()) and "inputs failed" not in l for l in shown), \
        f"progress left on the terminal: {shown!r}"


@test
def test_no_progress_on_a_terminal_with_quiet_or_one_input():
    d = fresh("progress-quiet")
    inputs = make_batch(d, 6)
    rc, _, data = on_terminal(["build"] + inputs + ["-o", os.path.join(d, "out/"), "-q"])
    assert rc == 0 and data == b"", f"-q: exit {rc}, terminal got {data[:300]!r}"
    rc, _, data = on_terminal(["build", inputs[0], "-o", os.path.join(d, "one.svg")])
    assert rc == 0 and data == b"", f"one input: exit {rc}, terminal got {data[:300]!r}"


# ---- safe writes ----

@test
def test_previous_output_survives_a_failed_render_and_a_bad_input_in_a_batch():
    d = fresh("survive")
    src = write(os.path.join(d, "x.yaml"), journey("Trip"))
    other = write(os.path.join(d, "y.yaml"), journey("Other"))
    out = os.path.join(d, "out") + "/"
    quiet_ok(run(["build", src, other, "-o", out]), "first build")
    before = snapshot(os.path.join(out, "x.svg"))
    p = run(["build", src, "--persona", "zelda", "-o", os.path.join(out, "x.svg")])
    assert p.returncode == 1, f"--persona zelda: exit {p.returncode}"
    unchanged(os.path.join(out, "x.svg"), before, "a failed render")
    write(src, BAD)
    p = run(["build", src, other, "-o", out])
    assert p.returncode == 1, f"bad input in a batch: exit {p.returncode}"
    unchanged(os.path.join(out, "x.svg"), before, "a bad input in a batch")
    assert files(out) == ["x.svg", "y.svg"], files(out)


@test
def test_o_naming_the_input_by_any_spelling_is_refused():
    d = fresh("self")
    src = write(os.path.join(d, "x.yaml"), journey("Trip"))
    os.symlink("x.yaml", os.path.join(d, "sym.yaml"))
    os.link(src, os.path.join(d, "hard.yaml"))
    before = snapshot(src)
    for spelling in ("x.yaml", "./x.yaml", "../self/x.yaml", src, "sym.yaml", "hard.yaml"):
        p = run(["build", "x.yaml", "-o", spelling, "-f", "svg"], cwd=d)
        usage_error(p, f"-o {spelling}")
        unchanged(src, before, f"-o {spelling}")
    assert os.path.islink(os.path.join(d, "sym.yaml")), "the symbolic link was replaced"
    assert files(d) == ["hard.yaml", "sym.yaml", "x.yaml"], files(d)


@test
def test_o_directory_that_maps_an_input_onto_itself_is_refused():
    # an input called x.svg (a journey, oddly named) into its own directory
    d = fresh("self-dir")
    src = write(os.path.join(d, "x.svg"), journey("Trip"))
    before = snapshot(src)
    for out in (d + "/", d, "./"):
        usage_error(run(["build", "x.svg", "-o", out], cwd=d), f"x.svg -o {out}")
        unchanged(src, before, f"-o {out}")
    usage_error(run(["build", "x.svg"], cwd=d), "x.svg without -o")
    unchanged(src, before, "no -o")
    assert files(d) == ["x.svg"], files(d)


def interrupt_batch(sig):
    """Starts 200 inputs with -j 2 and sends `sig` once a few maps are written
    (about 0.3 s in); returns (status, output directory)."""
    d = fresh(f"kill-{sig}")
    inputs = make_batch(d, 200)
    out = os.path.join(d, "out")
    p = subprocess.Popen([JMAP, "build"] + inputs + ["-o", out + "/", "-j", "2"], stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL, env=env())
    start = time.time()
    while time.time() - start < 5 and p.poll() is None:
        if os.path.isdir(out) and sum(f.endswith(".svg") for f in os.listdir(out)) >= 3:
            break
        time.sleep(0.005)
    p.send_signal(sig)
    return p.wait(timeout=60), out


def signal_when_a_temporary_appears(sig, attempts):
    """Sends `sig` the moment a temporary name shows in the output directory
    (an output being put in place), `attempts` times; after each, only
    complete maps may be left."""
    d = fresh(f"aim-{sig}")
    inputs = make_batch(d, 30)
    for k in range(attempts):
        out = os.path.join(d, f"out{k}")
        os.makedirs(out)
        p = subprocess.Popen([JMAP, "build"] + inputs + ["-o", out + "/", "-j", "2"], stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL, env=env())
        deadline, seen = time.time() + 60, None
        while seen is None and p.poll() is None and time.time() < deadline:
            seen = next((f for f in os.listdir(out) if ".tmp" in f), None)
        if seen:
            p.send_signal(sig)
        p.wait(timeout=60)
        assert_only_complete_svgs(out, f"{signal.Signals(sig).name} as {seen} appeared (attempt {k + 1})")


def assert_only_complete_svgs(out, what):
    names = files(out) if os.path.isdir(out) else []
    left = [f for f in names if ".tmp" in f]
    assert not left, f"{what}: temporaries left: {left}"
    for f in names:
        assert f.endswith(".svg"), f"{what}: unexpected file {f}"
        try:
            svg_title(read(os.path.join(out, f)))
        except ET.ParseError as e:
            raise AssertionError(f"{what}: {f} is not complete XML: {e}")
    return len(names)


@test
def test_sigint_mid_batch_leaves_no_temporaries_and_only_complete_svgs():
    rc, out = interrupt_batch(signal.SIGINT)
    n = assert_only_complete_svgs(out, "SIGINT")
    assert rc == -signal.SIGINT, f"exit {rc}, not killed by SIGINT ({n} maps written)"
    assert n < 200, "all 200 written, yet killed"


@test
def test_sigkill_mid_batch_leaves_no_temporaries_and_only_complete_svgs():
    rc, out = interrupt_batch(signal.SIGKILL)
    n = assert_only_complete_svgs(out, "SIGKILL")
    assert rc == -signal.SIGKILL and n < 200, f"exit {rc}, {n} maps written: not killed mid-batch"


@test
def test_sigint_while_an_output_is_put_in_place_leaves_no_temporary():
    signal_when_a_temporary_appears(signal.SIGINT, 12)


@test
def test_sigkill_while_an_output_is_put_in_place_leaves_no_temporary():
    signal_when_a_temporary_appears(signal.SIGKILL, 6)


def full_device(d):
    """A character device that answers ENOSPC: a private copy of /dev/full
    when root (renaming over the real one would replace it), else /dev/full."""
    if os.geteuid() == 0:
        path = os.path.join(d, "full")
        try:
            os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 7))
            with open(path, "wb", buffering=0) as f:
                f.write(b"x")
        except OSError as e:
            if e.errno == errno.ENOSPC:
                return path
            raise Skip(f"cannot make a /dev/full device node as root: {e}")
        raise Skip("the device node made for /dev/full accepts writes")
    if not os.path.exists("/dev/full"):
        raise Skip("no /dev/full")
    return "/dev/full"


@test
def test_output_on_a_full_device_exits_3_and_leaves_the_device():
    d = fresh("full")
    src = write(os.path.join(d, "x.yaml"), journey("Trip"))
    dev = full_device(d)
    p = run(["build", src, "-o", dev, "-f", "svg"])
    still = stat.S_ISCHR(os.lstat(dev).st_mode)
    assert still, f"exit {p.returncode}: {dev} was replaced by a regular file"
    assert p.returncode == 3, f"exit {p.returncode}\n{err(p)}"
    assert dev in err(p), f"the message does not name {dev}: {err(p)!r}"


@test
def test_stdout_on_a_full_device_exits_3_saying_so():
    if not os.path.exists("/dev/full"):
        raise Skip("no /dev/full")
    d = fresh("full-stdout")
    src = write(os.path.join(d, "x.yaml"), journey("Trip"))
    for fmt in ("svg", "png", "pdf"):
        with open("/dev/full", "wb") as full:
            p = run(["build", src, "-o", "-", "-f", fmt], stdout=full)
        assert p.returncode == 3, f"-f {fmt}: exit {p.returncode}\n{err(p)}"
        assert os.strerror(errno.ENOSPC) in err(p), f"-f {fmt}: the message does not say the disk is full: {err(p)!r}"
        # one line from jmap, nothing from a library (libpng prints its errors unless told not to)
        assert len(err(p).strip().splitlines()) == 1, f"-f {fmt}: more than one line: {err(p)!r}"


@test
def test_thousands_of_colour_glyphs_keep_ids_of_their_own():
    # cairo draws each colour glyph at each size as an image with an id of its
    # own; jmap renumbers them, and once held at most 4096, after which ids
    # were shared and the wrong emoji drawn. ~1 200 emoji at several sizes make
    # about 4 800 images. (Here, not in test_build: too slow under valgrind.)
    emoji = [chr(c) for c in list(range(0x1F300, 0x1F650)) + list(range(0x1F680, 0x1F6C6)) +
             list(range(0x1F90D, 0x1F9FF)) + list(range(0x2600, 0x2650))][:1180]
    line = "".join(emoji)
    cards = "".join('      - name: "%s"\n        doing: "%s"\n        feeling: "%s"\n        emotion: 3\n'
                    % ((line[k:k + 300],) * 3) for k in range(0, len(line), 300))
    d = fresh("emoji-ids")
    src = write(os.path.join(d, "e.yaml"), 'title: "%s"\ndescription: "%s"\nstages:\n  - name: A\n'
                '    touchpoints:\n%s' % (line, line, cards))
    out = os.path.join(d, "e.svg")
    p = run(["build", src, "--svg-text", "outlines", "-o", out])
    assert p.returncode == 0, f"exit {p.returncode}\n{err(p)}"
    ids = re.findall(rb'<image id="([A-Za-z0-9_.-]*?image\d+)"', read(out))
    assert len(ids) > 4096, f"only {len(ids)} images: the test does not pass the old table's size"
    assert len(set(ids)) == len(ids), f"{len(ids) - len(set(ids))} image ids are used twice"


@test
def test_unwritable_output_directory_exits_3_naming_it():
    d = fresh("locked")
    a, b = write(os.path.join(d, "a.yaml"), tiny("A")), write(os.path.join(d, "b.yaml"), tiny("B"))
    # a directory nobody can create files in, root included
    if os.path.isdir("/proc/self"):
        for out in ("/proc/jmap-e2e-nowhere/", "/proc/jmap-e2e-nowhere.svg"):
            p = run(["build", a, "-o", out])
            assert p.returncode == 3 and out.rstrip("/") in err(p), f"-o {out}: exit {p.returncode}\n{err(p)}"
    p = run(["build", a, "-o", a + "/x.svg"])
    assert p.returncode == 3 and a in err(p), f"-o a.yaml/x.svg: exit {p.returncode}\n{err(p)}"
    if os.geteuid() == 0:
        return "chmod 0555 part skipped: root ignores permissions"
    locked = os.path.join(d, "locked")
    os.makedirs(locked)
    os.chmod(locked, 0o555)
    try:
        p = run(["build", a, b, "-o", locked + "/"])
        assert p.returncode == 3, f"exit {p.returncode}\n{err(p)}"
        assert locked in err(p), f"the message does not name {locked}: {err(p)!r}"
        assert files(locked) == []
    finally:
        os.chmod(locked, 0o755)


# ---- check ----

@test
def test_check_json_for_several_files_is_one_array_in_input_order():
    d = fresh("check-json")
    good = write(os.path.join(d, "good.yaml"), tiny("Good"))
    b1 = write(os.path.join(d, "b1.yaml"), BAD)
    b2 = write(os.path.join(d, "b2.yaml"), "title: t\nstages: []\n")
    p = run(["check", b2, good, b1, "--diagnostics", "json"])
    assert p.returncode == 1 and p.stderr == b"", f"exit {p.returncode}\n{err(p)}"
    items = json.loads(p.stdout)
    assert isinstance(items, list) and [i["file"] for i in items] == [b2, b1], f"files: {[i.get('file') for i in items]}"
    assert (items[1]["line"], items[1]["column"]) == (6, 9), items[1]
    q = run(["check", b2, good, b1, "--diagnostics=json"])
    assert (q.returncode, q.stdout) == (1, p.stdout), "--diagnostics=json differs from --diagnostics json"


@test
def test_check_json_with_a_missing_file_exits_3_with_one_array():
    d = fresh("check-missing")
    good = write(os.path.join(d, "good.yaml"), tiny("Good"))
    b1 = write(os.path.join(d, "b1.yaml"), BAD)
    missing = os.path.join(d, "missing.yaml")
    p = run(["check", "--diagnostics", "json", good, missing, b1])
    assert p.returncode == 3, f"exit {p.returncode}"
    items = json.loads(p.stdout)
    assert [i["file"] for i in items] == [missing, b1], [i["file"] for i in items]
    p = run(["check", good, missing])
    assert p.returncode == 3 and missing in err(p), f"text: exit {p.returncode}\n{err(p)}"


@test
def test_check_all_good_exits_0_quietly_and_bad_option_values_exit_2():
    d = fresh("check-good")
    inputs = [write(os.path.join(d, f"g{i}.yaml"), journey(f"G{i}")) for i in range(3)]
    quiet_ok(run(["check"] + inputs), "check 3 good files")
    p = run(["check"] + inputs + ["--diagnostics", "json"])
    assert (p.returncode, json.loads(p.stdout), p.stderr) == (0, [], b""), "json, all good"
    usage_error(run(["check"] + inputs + ["--diagnostics", "xml"]), "--diagnostics xml")
    usage_error(run(["check", "--diagnostics=xml"] + inputs), "--diagnostics=xml")
    usage_error(run(["check", "--bogus"] + inputs), "check --bogus")


# ---- help and version ----

def has_usage_and_example(text, command):
    assert re.search(r"^Usage:", text, re.M), f"{command}: no usage line:\n{text}"
    m = re.search(r"^Examples?:\n((?:  .*\n)+)", text, re.M)
    assert m, f"{command}: no example:\n{text}"
    want = f"jmap {command}".rstrip() + " "
    assert want in m.group(1), f"{command}: the example does not run '{want}':\n{m.group(1)}"


@test
def test_overview_help_has_usage_and_example_in_every_spelling():
    outs = []
    for args in (["--help"], ["-h"], ["help"]):
        p = run(args)
        assert p.returncode == 0 and p.stderr == b"", f"jmap {' '.join(args)}: exit {p.returncode}"
        outs.append(p.stdout)
    assert outs[0] == outs[1] == outs[2], "--help, -h and help differ"
    text = outs[0].decode()
    has_usage_and_example(text, "")
    for c in ("build", "check", "init", "schema"):
        assert re.search(rf"^  jmap {c}\b", text, re.M), f"the overview does not list '{c}'"


@test
def test_each_command_help_has_usage_and_example_in_every_spelling():
    for c in ("build", "check", "init", "schema"):
        p = run(["help", c])
        assert p.returncode == 0 and p.stderr == b"", f"help {c}: exit {p.returncode}"
        text = p.stdout.decode()
        assert text.startswith(f"Usage: jmap {c}"), f"help {c} starts with {text[:40]!r}"
        has_usage_and_example(text, c)
        for flag in ("--help", "-h"):
            q = run([c, flag])
            assert (q.returncode, q.stdout, q.stderr) == (0, p.stdout, b""), f"{c} {flag} != help {c}"


@test
def test_help_build_and_the_man_page_name_every_option():
    text = run(["help", "build"]).stdout.decode()
    man = re.sub(r"\\f[BIRP]", "", read(os.path.join(SRC, "docs", "jmap.1")).decode()).replace("\\-", "-")
    for opt in ("-o", "--output", "-f", "--format", "--persona", "--theme", "--scale", "-j", "--jobs", "-q", "--quiet"):
        assert re.search(rf"(?<![\w-]){opt}\b", text), f"help build does not name {opt}"
        assert re.search(rf"(?<![\w-]){opt}\b", man), f"docs/jmap.1 does not name {opt}"
    assert "--diagnostics" in run(["help", "check"]).stdout.decode() and "--diagnostics" in man


@test
def test_help_for_an_unknown_command_exits_2():
    usage_error(run(["help", "nope"]), "help nope")
    usage_error(run(["help", "build", "check"]), "help build check")


@test
def test_version_prints_jmap_x_y_z():
    p = run(["--version"])
    assert p.returncode == 0 and p.stderr == b"", f"exit {p.returncode}"
    assert re.fullmatch(rb"jmap \d+\.\d+\.\d+\n", p.stdout), f"--version printed {p.stdout!r}"


@test
def test_jmap_alone_or_an_unknown_command_or_option_exits_2():
    usage_error(run([]), "jmap")
    usage_error(run(["frobnicate"]), "jmap frobnicate")
    usage_error(run(["--frobnicate"]), "jmap --frobnicate")
    usage_error(run(["Build"]), "jmap Build")


# ---- runner ----

def cleanup():
    for root, dirs, _ in os.walk(TMP):
        for x in dirs:
            try:
                os.chmod(os.path.join(root, x), 0o755)
            except OSError:
                pass
    shutil.rmtree(TMP, ignore_errors=True)


def main():
    return run_tests(cleanup)


if __name__ == "__main__":
    sys.exit(main())
