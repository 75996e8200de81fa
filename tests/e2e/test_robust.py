#!/usr/bin/env python3
"""Never crash, never corrupt: inputs and machines that once gave garbage.

- a scale whose span overflows is refused at the scale; extreme scales that
  are accepted put no `nan` or `inf` in any output;
- a Unicode noncharacter, raw or as a YAML escape, is refused where it stands;
  C0 controls written as escapes are drawn, into a well-formed SVG and a PDF;

- no usable font (a fonts.conf that lists none): a clear error, exit 3, no
  output, quickly (Pango's dummy font has uninitialised metrics: garbage
  geometry, or a PDF that recursed until memory ran out);
- the bytes of a map with Chinese, Ukrainian and U+2212 do not depend on
  LANG, LC_ALL, LC_CTYPE or LANGUAGE (fontconfig picks Han faces by the
  locale, generated or not), in every format;
- errors found while loading do not hide those that resolving finds (an
  emotion outside the scale in a stage whose name is misspelt), and cause no
  follow-on errors (an unknown persona that failed to load).

Usage: python3 test_robust.py PATH_TO_JMAP   (JMAP_SOURCE_DIR = source root)"""

import os
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

from harness import NOISE, run_tests, test

JMAP = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else sys.exit("usage: test_robust.py PATH_TO_JMAP")
TMP = tempfile.mkdtemp(prefix="jmap-e2e-robust-")
FORMATS = ("svg", "png", "pdf")


def run(args, env=None, stdin=None, timeout=120):
    e = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    e.update(env or {})
    return subprocess.run([JMAP] + list(args), input=stdin, capture_output=True, env=e, timeout=timeout)


def write(name, text):
    path = os.path.join(TMP, name)
    with open(path, "wb") as f:
        f.write(text.encode("utf-8") if isinstance(text, str) else text)
    return path


def out_path(name):
    path = os.path.join(TMP, name)
    if os.path.exists(path):
        os.remove(path)
    return path


def err_of(p):
    return p.stderr.decode("utf-8", "replace")


def no_noise(p, what):
    err = err_of(p)
    for word in NOISE:
        assert word not in err, f"{what}: library noise on stderr: {err[-800:]}"


def refused(path, line, col, words, what):
    """jmap check and jmap build exit 1 with the first error at line:col, and
    the build writes nothing."""
    p = run(["check", path])
    no_noise(p, what)
    assert p.returncode == 1, f"{what}: check exit {p.returncode}\n{err_of(p)}"
    first = err_of(p).splitlines()[0]
    assert f":{line}:{col}: error:" in first, f"{what}: expected an error at {line}:{col}, got {first}"
    for w in words:
        assert w in first, f"{what}: '{w}' not in {first}"
    for fmt in FORMATS:
        out = out_path("refused." + fmt)
        p = run(["build", path, "-o", out])
        no_noise(p, what)
        assert p.returncode == 1, f"{what}: build {fmt} exit {p.returncode}\n{err_of(p)}"
        assert not os.path.exists(out), f"{what}: build {fmt} wrote {out} for an input with errors"


# ---- 1. no usable font ----

SIMPLE = """title: Simple
stages:
  - name: One
    touchpoints:
      - name: A
        emotion: 3
        doing: Something to measure and wrap over a few lines of text
"""


def no_fonts_env():
    conf = write("no-fonts.conf", "<fontconfig><cachedir>%s</cachedir></fontconfig>\n"
                 % os.path.join(TMP, "fc-cache"))
    return {"FONTCONFIG_FILE": conf}


@test
def no_usable_font_is_exit_3_and_no_output():
    path = write("simple.yaml", SIMPLE)
    env = no_fonts_env()
    for fmt in FORMATS:
        out = out_path("no-fonts." + fmt)
        p = run(["build", path, "-o", out], env=env, timeout=60)
        err = err_of(p)
        assert p.returncode == 3, f"no fonts, {fmt}: exit {p.returncode} (expected 3)\n{err[-800:]}"
        assert "no usable font" in err, f"no fonts, {fmt}: the message does not say so: {err[-800:]}"
        assert not os.path.exists(out), f"no fonts, {fmt}: {out} was written"
        assert not [f for f in os.listdir(TMP) if ".tmp" in f], f"no fonts, {fmt}: a temporary file was left"
        p = run(["build", path, "-o", "-", "-f", fmt], env=env, timeout=60)
        assert p.returncode == 3 and p.stdout == b"", f"no fonts, -o - -f {fmt}: exit {p.returncode}, " \
                                                      f"{len(p.stdout)} bytes on stdout"
    # checking needs no font
    p = run(["check", path], env=env, timeout=60)
    assert p.returncode == 0, f"no fonts, check: exit {p.returncode}\n{err_of(p)}"


# ---- 2. scales whose arithmetic overflows ----

SCALE_MAP = """title: Scale
scale: [{lo}, {hi}]
stages:
  - name: One
    touchpoints:
      - name: A
        emotion: {a}
        feeling: low
      - name: B
        emotion: {b}
        moment: true
"""


@test
def scale_span_overflow_is_refused():
    path = write("scale-overflow.yaml", SCALE_MAP.format(lo="-1e308", hi="1e308", a="3", b="1e307"))
    refused(path, 2, 8, ["invalid scale", "span"], "scale [-1e308, 1e308]")
    path = write("scale-huge-ends.yaml", SCALE_MAP.format(lo="1e307", hi="1.7e308", a="1e308", b="1.5e308"))
    refused(path, 2, 8, ["invalid scale"], "scale [1e307, 1.7e308] (its midpoint overflows)")


@test
def extreme_scales_draw_no_nan():
    cases = [("-1e300", "1e300", "-1e300", "1e300"), ("1e299", "1e300", "1e299", "1e300"),
             ("0", "1e-300", "0", "1e-300"), ("-2", "2", "-2", "2")]
    for i, (lo, hi, a, b) in enumerate(cases):
        path = write(f"scale-ok-{i}.yaml", SCALE_MAP.format(lo=lo, hi=hi, a=a, b=b))
        for fmt in FORMATS:
            out = out_path(f"scale-ok-{i}.{fmt}")
            p = run(["build", path, "-o", out])
            assert p.returncode == 0, f"scale [{lo}, {hi}] {fmt}: exit {p.returncode}\n{err_of(p)}"
            data = open(out, "rb").read()
            if fmt == "svg":
                ET.fromstring(data)
                bad = re.findall(rb"[^a-z](nan|inf)[^a-z]", data, re.I)
                assert not bad, f"scale [{lo}, {hi}]: {bad[:3]} in the SVG"
            if fmt == "pdf":
                assert not re.search(rb"\bnan\b|\binf\b", data, re.I), f"scale [{lo}, {hi}]: nan or inf in the PDF"

# ---- 3. noncharacters and other code points XML 1.0 does not allow ----

NC_MAP = """title: {title}
stages:
  - name: One
    touchpoints:
      - name: {name}
        emotion: 3
"""


@test
def noncharacters_are_refused_where_they_stand():
    cases = [
        ("raw U+FFFE", NC_MAP.format(title="A \ufffe b", name="x"), 1, 10, "U+FFFE"),
        ("raw U+FFFF", NC_MAP.format(title="t", name="x \uffff"), 5, 17, "U+FFFF"),
        ("raw U+FDD0", NC_MAP.format(title="t", name="x \ufdd0"), 5, 17, "U+FDD0"),
        ("raw U+1FFFE", NC_MAP.format(title="\U0001fffe", name="x"), 1, 8, "U+1FFFE"),
        ("escape \\uFFFE", NC_MAP.format(title='"A \\uFFFE b"', name="x"), 1, 11, "'\\uFFFE'"),
        ("escape \\uFDEF", NC_MAP.format(title="t", name='"\\uFDEF"'), 5, 16, "U+FDEF"),
        ("escape \\U0010FFFF", NC_MAP.format(title="t", name='"z \\U0010FFFF"'), 5, 18, "U+10FFFF"),
        ("escape \\uD800", NC_MAP.format(title='"\\uD800"', name="x"), 1, 9, "surrogate"),
    ]
    failed = []
    for i, (what, text, line, col, word) in enumerate(cases):
        try:
            refused(write(f"nonchar-{i}.yaml", text), line, col, [word], what)
        except AssertionError as e:
            failed.append(str(e))
    assert not failed, "\n".join(failed)


@test
def control_escapes_are_drawn_into_well_formed_outputs():
    text = NC_MAP.format(title='"C0 \\x01 \\e \\x7f \\x85 \\v \\b \\x1f end"', name='"\\x02 tp \\u2028 \\uFFFD"')
    path = write("c0-escapes.yaml", text)
    for fmt in FORMATS:
        out = out_path("c0-escapes." + fmt)
        p = run(["build", path, "-o", out])
        no_noise(p, "C0 escapes " + fmt)
        assert p.returncode == 0, f"C0 escapes {fmt}: exit {p.returncode}\n{err_of(p)}"
        data = open(out, "rb").read()
        if fmt == "svg":
            ET.fromstring(data)
        if fmt == "pdf":
            assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF"), "C0 escapes: not a whole PDF"


# ---- 4. outputs that do not depend on the locale ----

CJK_MAP = """title: 购买家庭汽车
personas:
  - name: 玛丽亚
  - name: Оксана
stages:
  - name: 认识
    touchpoints:
      - name: 看电视广告
        emotion: 3
        doing: 晚上看新闻，然后查价格
        thinking: "这辆车够大吗？"
      - name: Ціна −5 %
        emotion: 2
        feeling: Температура −3 °C
  - name: 购买
    touchpoints:
      - name: 签合同
        channel: store
        emotion: 5
        pains: [等待文件, Прихована плата −200 грн]
        owner: 销售部
"""

LOCALES = [{"LANG": "C", "LC_ALL": "C"},
           {"LANG": "zh_CN.UTF-8", "LC_ALL": "zh_CN.UTF-8"},
           {"LANG": "ja_JP.UTF-8", "LC_ALL": "ja_JP.UTF-8"},
           {"LANG": "ko_KR.UTF-8", "LC_ALL": "ko_KR.UTF-8"},
           {"LANG": "zh_TW.UTF-8", "LC_CTYPE": "ja_JP.UTF-8", "LANGUAGE": "ko"}]
LOCALE_VARS = ("LANG", "LANGUAGE", "LC_ALL", "LC_CTYPE", "LC_MESSAGES", "FC_LANG")


def run_in_locale(args, loc):
    e = {k: v for k, v in os.environ.items() if k not in LOCALE_VARS and k != "SOURCE_DATE_EPOCH"}
    e.update(loc)
    return subprocess.run([JMAP] + list(args), capture_output=True, env=e, timeout=120)


@test
def bytes_do_not_depend_on_the_locale():
    # The locales need not be generated: fontconfig reads the variables themselves.
    import hashlib
    path = write("cjk.yaml", CJK_MAP)
    differ = []
    for fmt in FORMATS:
        hashes = {}
        for loc in LOCALES:
            out = out_path("cjk." + fmt)
            p = run_in_locale(["build", path, "-o", out], loc)
            assert p.returncode == 0, f"{loc} {fmt}: exit {p.returncode}\n{err_of(p)}"
            hashes.setdefault(hashlib.sha256(open(out, "rb").read()).hexdigest()[:16], []).append(loc)
        if len(hashes) != 1:
            differ.append(f"{fmt}: {len(hashes)} different outputs: " +
                          "; ".join(f"{h} under {[l.get('LC_ALL', l['LANG']) for l in ls]}" for h, ls in hashes.items()))
    assert not differ, "\n".join(differ)


# ---- 5. every error in one run, and no follow-on errors ----

LOAD_AND_RESOLVE = """title: Errors
personas:
  - nmae: Maria
  - name: Tom
stages:
  - nmae: X
    touchpoints:
      - name: A
        emotion: 9
        personas: [maria]
  - name: Y
    touchpoints:
      - nmae: B
        emotion: 12
        channel: webb
      - name: C
        emotion: {maria: 3, tom: 7}
"""


@test
def load_errors_do_not_hide_resolve_errors():
    path = write("load-and-resolve.yaml", LOAD_AND_RESOLVE)
    p = run(["check", path])
    no_noise(p, "check")
    assert p.returncode == 1, f"check: exit {p.returncode}\n{err_of(p)}"
    got = [line.split(path + ":", 1)[1] for line in err_of(p).splitlines() if line.startswith(path + ":")]
    want = ["3:5: error: unknown key 'nmae' in persona (did you mean 'name'?)",
            "6:5: error: unknown key 'nmae' in stage (did you mean 'name'?)",
            "9:18: error: emotion 9 is outside the scale [1, 5]",
            "13:9: error: unknown key 'nmae' in touchpoint (did you mean 'name'?)",
            "14:18: error: emotion 12 is outside the scale [1, 5]",
            "15:18: error: unknown channel 'webb' (did you mean 'web'?)",
            "17:34: error: emotion 7 is outside the scale [1, 5]"]
    assert got == want, "got:\n  " + "\n  ".join(got) + "\nwant:\n  " + "\n  ".join(want)
    out = out_path("load-and-resolve.svg")
    p = run(["build", path, "-o", out])
    assert p.returncode == 1 and not os.path.exists(out), f"build: exit {p.returncode}, output written"


if __name__ == "__main__":
    status = run_tests()
    shutil.rmtree(TMP, ignore_errors=True)
    sys.exit(status)
