#!/usr/bin/env python3
"""`jmap build -f html` and `jmap site`, read by Python's html.parser: the
page's structure (CSP, lang and dir, the inline SVG, the switches, the
accessible table), hostile journey text and file names shown as text and
never as markup, script or a link elsewhere, the script allowed by its hash,
deterministic bytes, unchanged pages left untouched, a broken journey's
page, files without `stages` passed over, current and future paired, every
link of the site resolving, -j 1 and -j 2 alike.
The same pages in a real browser: test_html_browser.py.

Usage: python3 test_html.py PATH_TO_JMAP"""

import base64
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from html.parser import HTMLParser
from urllib.parse import unquote

from harness import run_tests, test
from htmlcases import HOSTILE, ROOT_MAP, site_inputs

JMAP = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else sys.exit("usage: test_html.py PATH_TO_JMAP")
TMP = tempfile.mkdtemp(prefix="jmap-e2e-html-")

# every text of HOSTILE that must be shown as such, in the table or the SVG
SHOWN = ["<script>alert(1)</script>", "<img src=x onerror=alert(3)>", "<b onclick=alert(4)>bold</b>",
         "<script>alert(9)</script>", "</script><script>alert(11)</script>", "<style>*{display:none}</style>",
         "PA javascript:alert(12)", "<svg onload=alert(13)>", "<a href=//evil.example/>", "OW <u>x</u>",
         "EV http://evil.example/x.js", "FR <x-tag>", "1 <i>", "2 </td></tr>", "<svg onload=alert(8)>"]

# the elements a page and the site may hold: the page's own and the SVG's
ALLOWED = {"html", "head", "meta", "title", "style", "body", "nav", "a", "span", "details", "summary", "table",
           "caption", "thead", "tbody", "tr", "th", "td", "header", "h1", "h2", "main", "div", "fieldset", "legend",
           "label", "input", "figure", "script", "br", "p", "pre", "ol", "li", "dl", "dt", "dd", "img", "section",
           "svg", "desc", "defs", "g", "rect", "path", "text", "tspan"}


class Page(HTMLParser):
    """Every element with its attributes, the text outside script and style, the scripts."""

    def __init__(self, text):
        super().__init__(convert_charrefs=True)
        self.tags, self.texts, self.scripts, self.styles = [], [], [], []
        self._in = None
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag in ("script", "style"):
            self._in = tag
            (self.scripts if tag == "script" else self.styles).append("")

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        if tag == self._in:
            self._in = None

    def handle_data(self, data):
        if self._in == "script":
            self.scripts[-1] += data
        elif self._in == "style":
            self.styles[-1] += data
        else:
            self.texts.append(data)

    def all(self, tag):
        return [a for t, a in self.tags if t == tag]

    def text(self):
        return " ".join(self.texts)


def jmap(*args, cwd=None):
    return subprocess.run([JMAP, *args], capture_output=True, text=True, cwd=cwd)


def write(path, text):
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def safe_page(p, where):
    """No element outside ALLOWED, no event handler, no link or source that leaves the site, the one
    script allowed by the CSP's hash."""
    for tag, attrs in p.tags:
        assert tag in ALLOWED, f"{where}: a <{tag}> element"
        for k, v in attrs.items():
            assert not k.startswith("on"), f"{where}: <{tag} {k}=...>"
            if k in ("href", "src", "xlink:href", "action", "formaction"):  # relative, never a scheme
                assert not v.startswith("/") and not v.startswith("\\"), f"{where}: <{tag} {k}={v!r}>"
                assert ":" not in v, f"{where}: <{tag} {k}={v!r}>"
    csp = [a["content"] for a in p.all("meta") if a.get("http-equiv") == "Content-Security-Policy"]
    assert len(csp) == 1, f"{where}: {len(csp)} CSP metas"
    assert "default-src 'none'" in csp[0], csp[0]
    hashes = re.findall(r"'sha256-([^']+)'", csp[0])
    for s in p.scripts:
        h = base64.b64encode(hashlib.sha256(s.encode()).digest()).decode()
        assert h in hashes, f"{where}: a script whose hash the CSP does not allow"
    return csp[0]


@test
def page_holds_map_switches_and_table():
    src = os.path.join(TMP, "page", "h.yaml")
    write(src, HOSTILE)
    out = os.path.join(TMP, "page", "h.html")
    r = jmap("build", src, "-o", out)
    assert r.returncode == 0, r.stderr
    text = read(out)
    p = Page(text)
    safe_page(p, "h.html")
    assert len(p.scripts) == 1 and len(p.all("svg")) == 1, "one script, one inline SVG"
    assert text.startswith("<!DOCTYPE html>"), text[:40]
    assert p.all("html")[0].get("dir") == "ltr"
    assert "<?xml" not in text, "the SVG's XML declaration is inside the page"
    # the switches: one per persona, one per lane drawn
    personas = [a["data-persona"] for a in p.all("input") if "data-persona" in a]
    lanes = [a["data-lane"] for a in p.all("input") if "data-lane" in a]
    assert personas == ["p1", "p2"], personas
    assert "touchpoints" in lanes and "pains" in lanes and "emotions" in lanes, lanes
    # the table: a caption, column headers, a row header per touchpoint, a score column per persona
    assert p.all("caption"), "no caption"
    cols = [a for a in p.all("th") if a.get("scope") == "col"]
    rows = [a for a in p.all("th") if a.get("scope") == "row"]
    assert len(rows) == 3, f"{len(rows)} row headers: two touchpoints and the stage with metrics"
    assert len(cols) >= 9, len(cols)
    trs = [a for a in p.all("tr") if "data-touchpoint" in a]
    assert [a["data-touchpoint"] for a in trs] == ["t1", "t2"]
    assert trs[1]["data-personas"].split() == ["p2"], trs[1]
    # hostile text is there as text, and never as markup
    shown = p.text()
    for s in SHOWN:
        assert s in shown, f"not shown as text: {s!r}"
    for s in p.scripts:
        assert "alert" not in s, "journey text in the script"
    for s in p.styles:
        assert "alert" not in s and "display:none}</style" not in s, "journey text in a style"


@test
def right_to_left_map_gets_dir_and_lang():
    src = os.path.join(TMP, "rtl", "fa.yaml")
    write(src, """title: سفر مشتری
lang: fa
stages:
  - name: شروع
    touchpoints:
      - name: ورود به سایت
        emotion: 3
""")
    r = jmap("build", src, "-f", "html", "-o", os.path.join(TMP, "rtl", "fa.html"))
    assert r.returncode == 0, r.stderr
    h = Page(read(os.path.join(TMP, "rtl", "fa.html"))).all("html")[0]
    assert h.get("dir") == "rtl" and h.get("lang") == "fa", h


@test
def page_is_deterministic_and_to_standard_output():
    src = os.path.join(TMP, "page", "h.yaml")
    write(src, HOSTILE)
    a = subprocess.run([JMAP, "build", src, "-f", "html", "-o", "-"], capture_output=True)
    b = subprocess.run([JMAP, "build", src, "-f", "html", "-o", "-"], capture_output=True)
    assert a.returncode == 0 and a.stdout == b.stdout and a.stdout.startswith(b"<!DOCTYPE html>")
    c = subprocess.run([JMAP, "build", src, "-f", "html", "-o", "-", "--id-prefix", "m1-"], capture_output=True)
    assert b'id="m1-jmap-title"' in c.stdout, "--id-prefix is not used by the page's SVG"


# ---- the site ----

def site_links(out):
    """Every page's relative links and sources, checked to name a file of the site."""
    n = 0
    for dirpath, _, names in os.walk(out):
        for name in names:
            if not name.endswith(".html"):
                continue
            path = os.path.join(dirpath, name)
            p = Page(read(path))
            safe_page(p, path)
            for tag, attrs in p.tags:
                for k in ("href", "src"):
                    v = attrs.get(k)
                    if v and tag in ("a", "img"):
                        target = os.path.normpath(os.path.join(dirpath, unquote(v.split("#")[0])))
                        assert os.path.isfile(target), f"{path}: {tag} {k}={v!r} names no file"
                        n += 1
    return n


@test
def site_index_pages_pairs_and_broken():
    d, out = os.path.join(TMP, "site", "maps"), os.path.join(TMP, "site", "public")
    site_inputs(d)
    r = jmap("site", d, "-o", out + "/", "-j", "2")
    assert r.returncode == 1, f"a broken journey is exit 1: {r.returncode} {r.stderr}"
    assert "broken.yaml:5:" in r.stderr, r.stderr
    names = sorted(os.path.relpath(os.path.join(a, f), out) for a, _, fs in os.walk(out) for f in fs)
    assert names == sorted(["index.html", "broken.html", "shop-current.html", "shop-current.svg",
                            "shop-future.html", "shop-future.svg", "sub/clinic.html", "sub/clinic.svg",
                            "sub/top.html", "sub/top.svg", 'we"ird\n<b>x.html', 'we"ird\n<b>x.svg']), names
    idx = Page(read(os.path.join(out, "index.html")))
    cards = [a for a in idx.all("li")]
    assert len(cards) == 6, len(cards)
    links = site_links(out)
    # the index: sortable by lowest, missed, open high-priority; ranks as the numbers say
    by_title = {}
    for a in cards:
        if "data-broken" in a:
            continue
        by_title.setdefault(a["data-lowest"], a)
    low = {a["data-lowest"]: int(re.search(r"--low:(\d+)", a["style"]).group(1)) for a in cards if "data-lowest" in a}
    assert low["1.5"] < low["3"] < low["4"], low
    broken = [a for a in cards if "data-broken" in a][0]
    assert re.search(r"--low:1;", broken["style"]), "a broken journey is first in every order"
    current = [a for a in cards if a.get("data-lowest") == "1.5"][0]
    assert current["data-missed"] == "1" and current["data-open"] == "1", current
    assert "5 journeys" in idx.text() and "1 with errors" in idx.text(), idx.text()[:200]
    # the hostile file's name and text are shown as text
    assert 'we"ird\\n<b>x.yaml' in idx.text() or "<script>alert(1)</script>" in idx.text()
    # current and future linked, with their gaps
    cur = Page(read(os.path.join(out, "shop-current.html")))
    hrefs = [a["href"] for a in cur.all("a")]
    assert "./shop-future.html" in hrefs and "./index.html" in hrefs, hrefs
    assert "+2.50" in cur.text() or "+2.25" in cur.text(), cur.text()[:400]
    # a thumbnail is the map's SVG, byte for byte as build draws it
    svg = subprocess.run([JMAP, "build", os.path.join(d, "sub", "clinic.yaml"), "-o", "-", "-f", "svg"],
                         capture_output=True).stdout
    assert svg and open(os.path.join(out, "sub", "clinic.svg"), "rb").read() == svg, "the thumbnail is not the map"
    sub = Page(read(os.path.join(out, "sub", "clinic.html")))
    assert "./../index.html" in [a["href"] for a in sub.all("a")]
    # along `detail`: the card in the map and the names in the table link to the detailed map's page;
    # the sources of the included file are listed
    top = Page(read(os.path.join(out, "sub", "top.html")))
    hrefs = [a.get("href") for a in top.all("a")]
    assert hrefs.count("clinic.html") == 5, f"stage and touchpoint in the map, three in the table: {hrefs}"
    assert "Interviews <b>2026</b>" in top.text(), "the included source is not listed"
    # the broken page shows its diagnostics
    b = Page(read(os.path.join(out, "broken.html")))
    assert "broken.yaml:5:" in b.text() and "nmae" in b.text(), b.text()
    return f"{links} links resolve"


@test
def site_is_deterministic_untouched_and_rebuilds_one_map():
    d, out = os.path.join(TMP, "det", "maps"), os.path.join(TMP, "det", "public")
    site_inputs(d)
    jmap("site", d, "-o", out + "/", "-j", "1")
    files = sorted(os.path.join(a, f) for a, _, fs in os.walk(out) for f in fs)
    before = {f: (open(f, "rb").read(), os.stat(f).st_mtime_ns, os.stat(f).st_ino) for f in files}
    time.sleep(0.05)
    r = jmap("site", d, "-o", out + "/", "-j", "2")
    assert r.returncode == 1
    for f in files:
        assert open(f, "rb").read() == before[f][0], f"{f} differs between -j 1 and -j 2"
        assert os.stat(f).st_mtime_ns == before[f][1] and os.stat(f).st_ino == before[f][2], f"{f} was rewritten"
    write(os.path.join(d, "sub", "clinic.yaml"), ROOT_MAP.format(title="Clinic", state="current", conv=9, a=1, b=3,
                                                                status="done"))
    jmap("site", d, "-o", out + "/")
    changed = sorted(os.path.relpath(f, out) for f in files if os.stat(f).st_mtime_ns != before[f][1])
    assert changed == ["index.html", "sub/clinic.html", "sub/clinic.svg"], changed
    write(os.path.join(d, "sub", "shared.yaml"), "personas:\n  - name: Ada Lovelace\n    id: ada\n")
    jmap("site", d, "-o", out + "/")
    changed = sorted(os.path.relpath(f, out) for f in files if os.stat(f).st_mtime_ns != before[f][1])
    assert "sub/top.html" in changed, "a change to an included file does not reach the page"


@test
def site_refuses_bad_command_lines():
    d = os.path.join(TMP, "cl")
    write(os.path.join(d, "a.yaml"), ROOT_MAP.format(title="A", state="current", conv=1, a=1, b=1, status="idea"))
    for args, why in ((["site", d], "needs -o"), (["site", d, "-o", d + "/out/", "-f", "svg"], "-f"),
                      (["site", "-o", d + "/out/"], "no journey")):
        r = jmap(*args)
        assert r.returncode == 2, f"{args}: {r.returncode} {r.stderr}"
        assert why in r.stderr, r.stderr
    r = jmap("site", os.path.join(d, "missing"), "-o", d + "/out/")
    assert r.returncode == 3, r.stderr
    assert jmap("help", "site").returncode == 0 and "index" in jmap("help", "site").stdout


if __name__ == "__main__":
    rc = run_tests()
    shutil.rmtree(TMP, ignore_errors=True)
    sys.exit(rc)
