#!/usr/bin/env python3
"""`jmap build --page SIZE`: a PDF poster. Checks, through poppler's tools,
that the pages are the paper asked for, that there is an overview and then
one page a tile (as many as cover the map with the overlap), that every word
of the map is on some tile (the tiles cover the whole map), that each tile
names itself and its neighbours, and that bad sizes are usage errors.

    test_poster.py PATH_TO_JMAP
"""
import html
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


REF = re.compile(r"^([A-Z]+)(\d+)$")


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
            # never more sheets than the grid over the map on one row
            assert 2 <= len(got) <= 1 + cols * rows, f"{size}: {len(got)} pages for {cols} x {rows} tiles"
            assert all(abs(a - w) < 0.5 and abs(b - h) < 0.5 for a, b in got), f"{size}: pages {got[:2]}"
            covered, refs = set(), []
            for k in range(len(got) - 1):
                t = text(out, 2 + k)
                covered |= set(t.split())
                own = [x for x in t.split() if REF.match(x)]
                assert own, f"{size}: tile {k + 1} does not say which it is"
                refs.append(own[0])
            assert len(set(refs)) == len(refs), f"{size}: two sheets say the same tile: {refs}"
            for k, ref in enumerate(refs):
                col, row = REF.match(ref).groups()
                right = column(sum((ord(ch) - 64) * 26 ** i for i, ch in enumerate(reversed(col)))) + row
                below = col + str(int(row) + 1)
                t = text(out, 2 + k)
                if right in refs:
                    assert right in t, f"{size}: tile {ref} does not name its right neighbour {right}"
                if below in refs:
                    assert below in t, f"{size}: tile {ref} does not name the tile below, {below}"
            missing = words - covered
            assert not missing, f"{size}: words of the map on no tile: {sorted(missing)[:10]}"
            overview = text(out, 1)
            assert f"{len(got) - 1} sheet" in overview, f"{size}: the overview does not say the count: {overview!r}"
            notes.append(f"{size} {len(got) - 1}/{cols * rows}")
    return ", ".join(notes)


def long_map(path, stages=9, per=5, actions=False):
    """A journey of stages x per touchpoints, every lane full: far wider than a sheet."""
    lines = ["title: Forty-five touchpoints", "description: A long map for the poster tests.",
             "personas:", "  - {id: p, name: Pat, role: Tester, goals: [Go fast], quote: Hello}", "stages:"]
    for s in range(stages):
        lines += [f"  - name: Stage {s + 1}", f"    goal: Goal of stage {s + 1}",
                  "    metrics: {Reach: 12%, Conversion: 3.4%}", "    touchpoints:"]
        for t in range(per):
            k = s * per + t + 1
            opp = f"{{text: Opportunity {k}, priority: high, status: planned, owner: Team {k}}}" if actions \
                else f"Opportunity {k} to fix it"
            lines.append(f"      - {{name: Touch {k}, channel: web, emotion: {(s + t) % 5 + 1}, feeling: Curious, "
                         f"doing: Does thing {k} with a longer sentence here, thinking: Why is thing {k} so hard, "
                         f"pains: [Pain {k} is long and annoying, Another pain], opportunities: [{opp}], "
                         f"backstage: [System {k}], owner: Team {k}}}")
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")


def gray_pages(pdf, dpi=18):
    """Each page as (width, height, bytes of grey), through pdftoppm."""
    base = pdf + "-g"
    subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", pdf, base], check=True)
    out = []
    for name in sorted(f for f in os.listdir(os.path.dirname(pdf)) if f.startswith(os.path.basename(base) + "-")):
        with open(os.path.join(os.path.dirname(pdf), name), "rb") as f:
            data = f.read()
        os.remove(os.path.join(os.path.dirname(pdf), name))
        m = re.match(rb"P5\s+(\d+)\s+(\d+)\s+255\s", data)
        w, h = int(m.group(1)), int(m.group(2))
        out.append((w, h, data[m.end():m.end() + w * h]))
    return out


def rgb_page(pdf, page, dpi=72):
    """One page as (width, height, bytes of RGB)."""
    base = pdf + "-c"
    subprocess.run(["pdftoppm", "-r", str(dpi), "-f", str(page), "-l", str(page), "-singlefile", pdf, base], check=True)
    with open(base + ".ppm", "rb") as f:
        data = f.read()
    os.remove(base + ".ppm")
    m = re.match(rb"P6\s+(\d+)\s+(\d+)\s+255\s", data)
    w, h = int(m.group(1)), int(m.group(2))
    return w, h, data[m.end():m.end() + 3 * w * h]


def words_at(pdf, page):
    """(word, x0, y0, x1, y1) of each word of a page, in points."""
    out = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), pdf, "-"], capture_output=True,
                         text=True).stdout
    return [(html.unescape(w), float(a), float(b), float(c), float(d)) for a, b, c, d, w in
            re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', out)]


@test
def every_sheet_holds_a_part_of_the_map():
    need_poppler()
    notes = []
    for size, actions in (("a3-landscape", False), ("a3-landscape", True), ("a4", True), ("a2-landscape", False)):
        src = os.path.join(TMP, f"long-{actions}.yaml")
        long_map(src, actions=actions)
        out = os.path.join(TMP, f"long-{size}-{actions}.pdf")
        p = run(["build", src, "-o", out, "--page", size, "-q"])
        assert p.returncode == 0, p.stderr
        dpi = 18
        margin = math.ceil((MARGIN + 2) * dpi / 72)
        blank = []
        for k, (w, h, g) in enumerate(gray_pages(out)[1:]):
            ink = sum(1 for y in range(margin, h - margin) for x in range(margin, w - margin) if g[y * w + x] < 240)
            if ink == 0:
                blank.append(k + 2)
        assert not blank, f"{size}: sheets with nothing of the map inside their margins: pages {blank}"
        notes.append(f"{size}: {len(pages(out)) - 1} sheets")
    return ", ".join(notes)


@test
def the_rows_of_the_poster_need_the_fewest_sheets():
    need_poppler()
    src = os.path.join(TMP, "long45.yaml")
    long_map(src)
    counts = {}
    for wrap in ("off", "3", "5", "8", "9", "12", "15", "23", None):
        out = os.path.join(TMP, f"long45-{wrap}.pdf")
        p = run(["build", src, "-o", out, "--page", "a3-landscape", "-q"] + (["--wrap", wrap] if wrap else []))
        assert p.returncode == 0, p.stderr
        counts[wrap] = len(pages(out)) - 1
        assert f"{counts[wrap]} sheet" in text(out, 1), f"--wrap {wrap}: the overview does not say the count"
    best = min(counts.values())
    assert counts[None] == best, f"the poster prints {counts[None]} sheets where a wrap prints {best}: {counts}"
    assert counts[None] < counts["off"], counts
    return f"{counts[None]} sheets, {counts['off']} on one row"


@test
def the_overview_keeps_its_labels_off_the_map():
    """On a dark map, the map's box is where its background is; no word of the
    overview's own (the tiles' names, the count) stands over it, and every
    word over it is a word of the map (found on the sheets)."""
    need_poppler()
    notes = []
    for src, size in ((CAR, "a3"), (os.path.join(TMP, "long45.yaml"), "a3-landscape"),
                      (os.path.join(SRC, "examples", "online-shop.yaml"), "a4-landscape")):
        if not os.path.exists(src):
            long_map(src)
        out = os.path.join(TMP, "dark-" + os.path.basename(src) + ".pdf")
        p = run(["build", src, "-o", out, "--page", size, "--theme", "dark", "-q"])
        assert p.returncode == 0, p.stderr
        w, h, px = rgb_page(out, 1)
        xs, ys = [], []
        for y in range(0, h, 2):
            row = px[3 * w * y: 3 * w * (y + 1)]
            for x in range(0, w, 2):
                r, g, b = row[3 * x: 3 * x + 3]
                if abs(r - 0x11) < 4 and abs(g - 0x18) < 4 and abs(b - 0x27) < 4:
                    xs.append(x)
                    ys.append(y)
        assert xs, f"{src}: no map on the overview"
        box = (min(xs) - 2, min(ys) - 2, max(xs) + 2, max(ys) + 2)  # pixels are points at 72 dpi
        n_sheets = len(pages(out)) - 1
        on_sheets = set()
        for k in range(n_sheets):
            (pw, ph), = [pages(out)[k + 1]]
            on_sheets |= {wd for wd, x0, y0, x1, y1 in words_at(out, k + 2)
                          if x0 >= MARGIN - 1 and y0 >= MARGIN - 1 and x1 <= pw - MARGIN + 1 and y1 <= ph - MARGIN + 1}
        over = []
        for wd, x0, y0, x1, y1 in words_at(out, 1):
            inside = x1 > box[0] and x0 < box[2] and y1 > box[1] and y0 < box[3]
            if inside and wd not in on_sheets:
                over.append(wd)
        assert not over, f"{src}: the overview's own words over the map: {over[:12]}"
        outside = " ".join(wd for wd, x0, y0, x1, y1 in words_at(out, 1)
                           if not (x1 > box[0] and x0 < box[2] and y1 > box[1] and y0 < box[3]))
        assert f"{n_sheets} sheet" in outside, f"{src}: the count is not in the margin: {outside!r}"
        assert re.search(r"\bA\b", outside) and re.search(r"\b1\b", outside), \
            f"{src}: the tiles are not named in the margin: {outside!r}"
        notes.append(f"{os.path.basename(src)} {n_sheets} sheets")
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
