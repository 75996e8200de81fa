#!/usr/bin/env python3
"""`jmap build --page SIZE`: a PDF poster. Checks, through poppler's tools,
that the pages are the paper asked for, that there is an overview and then
one page a tile (as many as cover the map with the overlap), that every word
of the map is on some tile (the tiles cover the whole map), that each tile
names itself and its neighbours, and that bad sizes are usage errors.

    test_poster.py PATH_TO_JMAP
"""
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile

from harness import Skip, run_tests, test

JMAP = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else sys.exit("usage: test_poster.py PATH_TO_JMAP")
SRC = os.environ.get("JMAP_SOURCE_DIR") or os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TMP = tempfile.mkdtemp(prefix="jmap-e2e-poster-")
CAR = os.path.join(SRC, "examples", "car-purchase.yaml")
PAPERS = {"a4": (595.276, 841.890), "a3": (841.890, 1190.551), "a2": (1190.551, 1683.780), "letter": (612, 792),
          "tabloid": (792, 1224)}
MARGIN, OVERLAP = 36, 18


def run(args):
    return subprocess.run([JMAP] + args, capture_output=True, timeout=300)


def need_poppler():
    if not shutil.which("pdfinfo") or not shutil.which("pdftotext"):
        raise Skip("poppler-utils is not installed")


def pages(pdf):
    """The size of each page, in points."""
    out = subprocess.run(["pdfinfo", "-f", "1", "-l", "9999", pdf], capture_output=True, text=True).stdout
    return [(float(w), float(h)) for w, h in re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", out)]


def text(pdf, page):
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", "-f", str(page), "-l", str(page), pdf, "-"],
                         capture_output=True).stdout.decode("utf-8")
    return out


def tiles_for(length, size):
    return 1 if length <= size else 1 + math.ceil((length - size) / (size - OVERLAP))


def column(c):
    name = ""
    c += 1
    while c:
        c, r = divmod(c - 1, 26)
        name = chr(ord("A") + r) + name
    return name


@test
def every_size_gives_its_pages_an_overview_and_tiles_that_cover_the_map():
    need_poppler()
    whole = os.path.join(TMP, "whole.pdf")
    p = run(["build", CAR, "-o", whole])
    assert p.returncode == 0, p.stderr
    (W, H), = pages(whole)
    words = set(text(whole, 1).split())
    notes = []
    for name, (pw, ph) in PAPERS.items():
        for landscape in (False, True):
            size = name + ("-landscape" if landscape else "")
            w, h = (ph, pw) if landscape else (pw, ph)
            out = os.path.join(TMP, size + ".pdf")
            p = run(["build", CAR, "-o", out, "--page", size, "-q"])
            assert p.returncode == 0 and not p.stderr, (size, p.stderr)
            got = pages(out)
            cols, rows = tiles_for(W, w - 2 * MARGIN), tiles_for(H, h - 2 * MARGIN)
            assert len(got) == 1 + cols * rows, f"{size}: {len(got)} pages for {cols} x {rows} tiles"
            assert all(abs(a - w) < 0.5 and abs(b - h) < 0.5 for a, b in got), f"{size}: pages {got[:2]}"
            covered = set()
            for k in range(cols * rows):
                t = text(out, 2 + k)
                covered |= set(t.split())
                col, row = k % cols, k // cols
                ref = f"{column(col)}{row + 1}"
                assert ref in t.split(), f"{size}: tile {k + 1} does not say {ref}"
                if col + 1 < cols:
                    assert f"{column(col + 1)}{row + 1}" in t, f"{size}: tile {ref} does not name its right neighbour"
                if row + 1 < rows:
                    assert f"{column(col)}{row + 2}" in t, f"{size}: tile {ref} does not name the tile below"
            missing = words - covered
            assert not missing, f"{size}: words of the map on no tile: {sorted(missing)[:10]}"
            overview = text(out, 1).split()
            assert all(f"{column(c)}{r + 1}" in overview for c in range(cols) for r in range(rows)), \
                f"{size}: the overview does not name every tile"
            notes.append(f"{size} {cols}x{rows}")
    return ", ".join(notes)


@test
def a_small_map_on_a_big_sheet_is_one_tile():
    need_poppler()
    small = os.path.join(TMP, "small.yaml")
    with open(small, "w") as f:
        f.write("title: Small\nstages:\n  - name: S\n    touchpoints:\n      - {name: A, emotion: 3}\n")
    out = os.path.join(TMP, "small.pdf")
    p = run(["build", small, "-o", out, "--page", "a2-landscape"])
    assert p.returncode == 0, p.stderr
    assert len(pages(out)) == 2, pages(out)


@test
def bad_sizes_and_formats_are_usage_errors():
    for args in (["--page", "a9"], ["--page", ""], ["--page", "A4"], ["--page", "a4-sideways"], ["--page"],
                 ["-o", os.path.join(TMP, "x.svg"), "--page", "a4"], ["-f", "png", "--page", "a3"]):
        if "-o" not in args:
            args = ["-o", os.path.join(TMP, "x.pdf")] + args
        p = run(["build", CAR] + args)
        assert p.returncode == 2, (args, p.returncode, p.stderr)
        assert b"--page" in p.stderr or b"needs a value" in p.stderr, (args, p.stderr)
    assert not os.path.exists(os.path.join(TMP, "x.pdf")) and not os.path.exists(os.path.join(TMP, "x.svg"))


def main():
    return run_tests(cleanup=lambda: shutil.rmtree(TMP, ignore_errors=True))


if __name__ == "__main__":
    sys.exit(main())
