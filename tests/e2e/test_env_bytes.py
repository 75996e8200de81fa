#!/usr/bin/env python3
"""The bytes of a map do not depend on the caller's environment: LANGUAGE,
LANG, LC_*, PANGO_LANGUAGE and FC_LANG (which Pango and fontconfig read to
pick faces: Han text from the SC or the JP face, Bulgarian or Serbian letter
forms...) never change an SVG, a PNG or a PDF. The map's own `lang` decides.

Usage: python3 test_env_bytes.py PATH_TO_JMAP"""
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile

from harness import Skip, run_tests, test

JMAP = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else sys.exit("usage: test_env_bytes.py PATH_TO_JMAP")
TMP = tempfile.mkdtemp(prefix="jmap-e2e-env-")
FORMATS = ("svg", "png", "pdf")

# Han characters whose glyphs differ between the Chinese and Japanese faces
# (直 骨 角 海 曜 Chinese and Japanese forms), Cyrillic letters that Bulgarian
# and Serbian write otherwise (д л б г п т), Arabic with its digits.
HAN = "购买汽车 直骨角海曜"
CYRILLIC = "где бы по-другому"
ARABIC = "خرید ۱۲۳ ٤٥٦"


def journey(lang, title, names):
    lines = ([f"lang: {lang}"] if lang else []) + [f"title: {title}", "stages:", "  - name: 考虑 直",
                                                   "    touchpoints:"]
    lines += [f"      - {{name: '{n}', emotion: {1 + i % 5}}}" for i, n in enumerate(names)]
    return "\n".join(lines) + "\n"


MAPS = {
    "han-none": journey(None, HAN, [HAN, "骨 角 海"]),
    "han-zh": journey("zh-CN", HAN, [HAN, "骨 角 海"]),
    "han-ja": journey("ja", HAN, [HAN, "骨 角 海"]),
    "mixed-none": journey(None, "Mixed " + HAN, [HAN, CYRILLIC, ARABIC, "Latin text"]),
    "mixed-uk": journey("uk", CYRILLIC, [HAN, CYRILLIC, ARABIC]),
}

# What the caller may have set. Each is tried alone on top of a bare environment.
ENVIRONMENTS = [
    {},
    {"LANGUAGE": "zh_CN"},
    {"LANGUAGE": "ja_JP"},
    {"LANGUAGE": "zh_TW:ko"},
    {"LANGUAGE": "bg"},
    {"LANGUAGE": "sr:fa"},
    {"PANGO_LANGUAGE": "zh-hk"},
    {"PANGO_LANGUAGE": "ja", "LANGUAGE": "zh_CN"},
    {"LANG": "zh_CN.UTF-8"},
    {"LANG": "ja_JP.UTF-8", "LANGUAGE": "ja"},
    {"LC_ALL": "zh_TW.UTF-8"},
    {"LC_CTYPE": "ko_KR.UTF-8"},
    {"LC_MESSAGES": "ja_JP.UTF-8"},
    {"FC_LANG": "zh-cn"},
    {"FC_LANG": "ja", "LANG": "ja_JP.UTF-8", "LANGUAGE": "ja", "PANGO_LANGUAGE": "ja"},
]
LOCALE_VARS = ("LANGUAGE", "LANG", "PANGO_LANGUAGE", "FC_LANG")


def bare_env():
    return {k: v for k, v in os.environ.items()
            if k not in LOCALE_VARS and not k.startswith("LC_") and k != "SOURCE_DATE_EPOCH"}


def inputs():
    d = os.path.join(TMP, "in")
    if not os.path.isdir(d):
        os.makedirs(d)
        for name, text in MAPS.items():
            with open(os.path.join(d, name + ".yaml"), "w", encoding="utf-8") as f:
                f.write(text)
    return [os.path.join(d, n + ".yaml") for n in MAPS]


def build(fmt, extra, tag):
    """Every map drawn as fmt under the bare environment plus extra: {name: sha256}."""
    out = os.path.join(TMP, f"{fmt}-{tag}") + "/"
    env = bare_env()
    env.update(extra)
    p = subprocess.run([JMAP, "build", *inputs(), "-o", out, "-f", fmt, "-j", "1", "-q"], capture_output=True,
                       env=env, timeout=600)
    assert p.returncode == 0, f"{extra}: exit {p.returncode}: {p.stderr.decode(errors='replace')[-800:]}"
    sums = {}
    for name in MAPS:
        with open(os.path.join(out, f"{name}.{fmt}"), "rb") as f:
            sums[name] = hashlib.sha256(f.read()).hexdigest()[:16]
    shutil.rmtree(out)
    return sums


def need_cjk_faces():
    try:
        families = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True).stdout
    except OSError:
        families = ""
    if "Noto Sans CJK SC" not in families or "Noto Sans CJK JP" not in families:
        raise Skip("the Noto CJK faces are not installed (fonts-noto-cjk): nothing to tell apart")


def same_bytes_everywhere(fmt):
    need_cjk_faces()
    base = build(fmt, {}, "base")
    differ = []
    for i, extra in enumerate(ENVIRONMENTS[1:]):
        got = build(fmt, extra, str(i))
        differ += [f"{name} under {extra}" for name in MAPS if got[name] != base[name]]
    assert not differ, f"{fmt}: other bytes than in a bare environment: " + "; ".join(differ)


@test
def test_svg_bytes_do_not_depend_on_the_environment():
    same_bytes_everywhere("svg")


@test
def test_png_bytes_do_not_depend_on_the_environment():
    same_bytes_everywhere("png")


@test
def test_pdf_bytes_do_not_depend_on_the_environment():
    same_bytes_everywhere("pdf")


@test
def test_the_maps_lang_picks_the_han_faces():
    # the language that decides is the map's own: zh-CN and ja draw Han text otherwise
    need_cjk_faces()
    base = build("png", {}, "lang")
    assert base["han-zh"] != base["han-ja"], "a zh-CN map and a ja map draw the same Han glyphs"


def main():
    return run_tests(cleanup=lambda: shutil.rmtree(TMP, ignore_errors=True))


if __name__ == "__main__":
    sys.exit(main())
