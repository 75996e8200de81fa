#!/usr/bin/env python3
"""The default id prefix of an SVG (jm + 12 hex digits) covers everything
that differs between two SVGs, the embedded font subsets included: two maps
inlined in one HTML page never share an id or an @font-face name unless
they are the same SVG, and the same map always gets the same prefix.

Usage: python3 test_id_prefix.py PATH_TO_JMAP"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

from harness import Skip, run_tests, test

JMAP = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else sys.exit("usage: test_id_prefix.py PATH_TO_JMAP")
TMP = tempfile.mkdtemp(prefix="jmap-e2e-idprefix-")
PREFIX = re.compile(rb"jm[0-9a-f]{12}-")

HAN = "购买汽车 直骨角海曜"


def journey(lang, title=HAN, name="骨 角 海 直"):
    return ((f"lang: {lang}\n" if lang else "") + f"title: {title}\nstages:\n  - name: 考虑\n    touchpoints:\n"
            f"      - {{name: '{name}', emotion: 3}}\n")


def build(name, text, *args):
    src = os.path.join(TMP, name + ".yaml")
    with open(src, "w", encoding="utf-8") as f:
        f.write(text)
    out = os.path.join(TMP, name + ".svg")
    p = subprocess.run([JMAP, "build", src, "-o", out, "-q", *args], capture_output=True, timeout=300)
    assert p.returncode == 0, f"{name}: exit {p.returncode}: {p.stderr.decode(errors='replace')}"
    with open(out, "rb") as f:
        svg = f.read()
    prefixes = set(PREFIX.findall(svg))
    assert len(prefixes) == 1, f"{name}: not one default prefix: {prefixes}"
    return prefixes.pop(), svg


def need_cjk_faces():
    families = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True).stdout
    if "Noto Sans CJK SC" not in families or "Noto Sans CJK JP" not in families:
        raise Skip("the Noto CJK faces are not installed (fonts-noto-cjk)")


@test
def test_maps_with_other_font_subsets_get_other_prefixes():
    need_cjk_faces()
    zh, zh_svg = build("zh", journey("zh-CN"))
    ja, ja_svg = build("ja", journey("ja"))
    faces = re.compile(rb"@font-face\{[^}]*?src:url\(([^)]*)\)")
    assert faces.findall(zh_svg) != faces.findall(ja_svg), "the zh-CN and ja maps embed the same subsets"
    assert zh != ja, f"a zh-CN map and a ja map embed other faces under the same names ({zh.decode()})"


@test
def test_the_same_map_gets_the_same_prefix():
    a, a_svg = build("same-a", journey("ja"))
    b, b_svg = build("same-b", journey("ja"))
    assert a == b and a_svg == b_svg, "the same map, another prefix or other bytes"


@test
def test_any_two_svgs_that_differ_have_other_prefixes():
    # whatever differs (faces, the lang attribute, the text mode), the prefix does
    variants = {
        "none": (journey(None),),
        "zh": (journey("zh-CN"),),
        "ja": (journey("ja"),),
        "en": (journey("en", "Buying a car", "Test drive"),),
        "en-GB": (journey("en-GB", "Buying a car", "Test drive"),),
        "outlines": (journey("en", "Buying a car", "Test drive"), "--svg-text", "outlines"),
    }
    built = {name: build("v-" + name, *args) for name, args in variants.items()}
    for a in built:
        for b in built:
            if a < b:
                (pa, sa), (pb, sb) = built[a], built[b]
                if PREFIX.sub(b"", sa) != PREFIX.sub(b"", sb):
                    assert pa != pb, f"{a} and {b} differ but share the prefix {pa.decode()}"


def main():
    return run_tests(cleanup=lambda: shutil.rmtree(TMP, ignore_errors=True))


if __name__ == "__main__":
    sys.exit(main())
