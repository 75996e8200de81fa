#!/usr/bin/env python3
"""`jmap build -f html` and `jmap site` in a real browser: headless Chromium
(Debian's `chromium`) driven over the DevTools protocol (cdp.py). The page of
a journey full of hostile text: no request leaves it, no console error, no
dialog; the persona and lane switches hide and show what they say; a card
reached with Tab and a card under the mouse show their full text, as text;
Escape hides it. The site: every thumbnail loads, the index sorts by its
radio buttons, a card's link opens its page, a page's link goes back.

With JMAP_SCREENSHOTS=DIR, the index and a page are saved there, wide and
narrow, left to right and right to left.

Usage: python3 test_html_browser.py PATH_TO_JMAP"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

from cdp import Browser, chromium_path
from harness import Skip, run_tests, test
from htmlcases import HOSTILE, site_inputs

JMAP = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else sys.exit("usage: test_html_browser.py PATH_TO_JMAP")
TMP = tempfile.mkdtemp(prefix="jmap-e2e-html-browser-")
SOURCE = os.environ.get("JMAP_SOURCE_DIR") or os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SHOTS = os.environ.get("JMAP_SCREENSHOTS")

RTL = """title: افتتاح حساب
lang: fa
personas:
  - name: سارا
    id: sara
stages:
  - name: جستجو
    touchpoints:
      - name: پرسیدن از دوستان درباره بهترین بانک برای یک حساب جاری
        channel: social
        emotion: 3
        pains: [صف طولانی]
  - name: ثبت‌نام
    touchpoints:
      - name: پر کردن فرم
        channel: mobile
        emotion: 2
"""


class Watched(Browser):
    """A Browser that keeps the protocol's events too (requests, console, exceptions, dialogs)."""

    def __enter__(self):
        self.events = []
        return super().__enter__()

    def _event(self, m):
        with self.cond:
            self.events.append(m)
            self.cond.notify_all()

    def visit(self, url, width=1400, height=900):
        self.open("about:blank", width, height)
        for domain in ("Network.enable", "Runtime.enable", "Log.enable"):
            self.call(domain)
        self.events.clear()
        self.call("Page.navigate", {"url": url})
        assert self.wait(lambda: self.eval("document.readyState") == "complete", timeout=10) is not None

    def problems(self, page_url):
        """Requests that are not the page itself or a data: URL; errors on the console; dialogs."""
        out = []
        for e in self.events:
            m, p = e.get("method"), e.get("params", {})
            if m == "Network.requestWillBeSent":
                u = p["request"]["url"]
                if u != page_url and not u.startswith("data:") and not u.startswith("file://" + TMP):
                    out.append("request: " + u)
            elif m == "Runtime.exceptionThrown":
                out.append("exception: " + json.dumps(p)[:300])
            elif m == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert", "warning"):
                out.append("console: " + json.dumps(p)[:300])
            elif m == "Log.entryAdded" and p.get("entry", {}).get("level") in ("error", "warning"):
                out.append("log: " + p["entry"].get("text", "")[:300])
            elif m == "Page.javascriptDialogOpening":
                out.append("dialog: " + p.get("message", ""))
        return out

    def key(self, key, code, vk, shift=False):
        mods = 8 if shift else 0
        for kind in ("rawKeyDown", "keyUp"):
            self.call("Input.dispatchKeyEvent", {"type": kind, "key": key, "code": code,
                                                 "windowsVirtualKeyCode": vk, "modifiers": mods})


def shot(b, name):
    if SHOTS:
        os.makedirs(SHOTS, exist_ok=True)
        time.sleep(0.2)
        with open(os.path.join(SHOTS, name), "wb") as f:
            f.write(b.screenshot())


def jmap(*args):
    r = subprocess.run([JMAP, *args], capture_output=True, text=True)
    return r


HIDDEN = "(function(sel){return Array.from(document.querySelectorAll(sel)).map(" \
         "function(e){return getComputedStyle(e).display === 'none'})})(%s)"


def hidden(b, sel):
    return b.eval(HIDDEN % json.dumps(sel))


def click(b, sel):
    assert b.eval("(function(){var e=document.querySelector(%s); if(!e) return false; e.click(); return true})()"
                  % json.dumps(sel)), f"nothing to click: {sel}"


@test
def page_switches_focus_and_no_request():
    if not chromium_path():
        raise Skip("no chromium installed (Debian: apt-get install chromium)")
    d = os.path.join(TMP, "page")
    os.makedirs(d)
    with open(os.path.join(d, "h.yaml"), "w") as f:
        f.write(HOSTILE)
    page = os.path.join(d, "h.html")
    assert jmap("build", os.path.join(d, "h.yaml"), "-o", page).returncode == 0
    url = "file://" + page
    with Watched() as b:
        b.visit(url)
        assert b.eval("document.getElementById('jm-switches').hidden") is False, "the script did not run"
        shot(b, "html-page-hostile.png")
        # persona switches
        assert not any(hidden(b, "svg g[data-persona='p1']")), "p1's parts hidden before any switch"
        click(b, "#jm-switches input[data-persona='p1']")
        p1, p2 = hidden(b, "svg g[data-persona='p1']"), hidden(b, "svg g[data-persona='p2']")
        assert p1 and all(p1), f"p1 switched off, its parts still shown: {p1}"
        assert p2 and not any(p2), "p2's parts hidden by p1's switch"
        assert hidden(b, "svg g.jm-card[data-touchpoint='t1']") == [False], "a card p2 still walks is hidden"
        click(b, "#jm-switches input[data-persona='p2']")
        assert hidden(b, "svg g.jm-card") == [True, True], "cards of no shown persona are still shown"
        click(b, "#jm-switches input[data-persona='p1']")
        click(b, "#jm-switches input[data-persona='p2']")
        assert not any(hidden(b, "svg g[class^='jm-']")), "switching back on leaves parts hidden"
        # lane switches
        click(b, "#jm-switches input[data-lane='pains']")
        pains = hidden(b, "svg g.jm-pain") + hidden(b, "svg g[data-lane='pains']")
        assert pains and all(pains), "the pains lane switched off, its parts still shown"
        assert not any(hidden(b, "svg g.jm-card")), "the pains switch hid cards"
        click(b, "#jm-switches input[data-lane='emotions']")
        assert all(hidden(b, "svg g.jm-curve") + hidden(b, "svg g.jm-point"))
        click(b, "#jm-switches input[data-lane='pains']")
        click(b, "#jm-switches input[data-lane='emotions']")
        assert not any(hidden(b, "svg g[class^='jm-']"))
        # the keyboard: Tab reaches a card, and its full text shows, as text
        b.eval("document.activeElement && document.activeElement.blur()")
        for _ in range(40):
            b.key("Tab", "Tab", 9)
            if b.eval("document.activeElement.getAttribute('class')") == "jm-card":
                break
        assert b.eval("document.activeElement.getAttribute('class')") == "jm-card", "Tab never reaches a card"
        assert b.eval("document.getElementById('jm-tip').hidden") is False, "focus shows no full text"
        tip = b.eval("document.getElementById('jm-tip').textContent")
        assert "TP <script>alert(9)</script>" in tip and "PA javascript:alert(12)" in tip, tip
        assert b.eval("document.querySelectorAll('#jm-tip *').length") == b.eval(
            "document.querySelectorAll('#jm-tip dl, #jm-tip dt, #jm-tip dd').length"), "markup in the tip"
        shot(b, "html-page-focus.png")
        b.key("Escape", "Escape", 27)
        assert b.eval("document.getElementById('jm-tip').hidden") is True, "Escape leaves the tip"
        b.eval("document.activeElement.blur()")
        # the mouse: over the second card
        r = b.eval("(function(){var r=document.querySelector(\"svg g.jm-card[data-touchpoint='t2']\")"
                   ".getBoundingClientRect(); return [r.left + r.width / 2, r.top + r.height / 2]})()")
        b.mouse("mouseMoved", r[0], r[1])
        assert b.wait(lambda: "TP2 only p2" in (b.eval("document.getElementById('jm-tip').textContent") or ""),
                      timeout=3) is not None, "hover shows no full text"
        assert b.eval("document.title").startswith("T <script>"), b.eval("document.title")
        probs = b.problems(url)
        assert not probs, "\n".join(probs)


# every text of the map's parts inside its part's data-box, as the browser
# lays it out: [part class, text, how far outside] for those that are not
OUTSIDE = """(function(){var out=[];
document.querySelectorAll(".jm-map svg g[data-box]").forEach(function(g){
  var b=g.getAttribute("data-box").split(" ").map(Number);
  g.querySelectorAll(":scope > text, :scope > g:not([data-box]) text").forEach(function(t){
    var r=t.getBBox();
    var far=Math.max(b[0]-r.x, r.x+r.width-(b[0]+b[2]), 0);
    if(far>2) out.push([g.getAttribute("class"), t.textContent.slice(0,30), Math.round(far)]);});});
return JSON.stringify(out);})()"""


@test
def a_right_to_left_page_keeps_the_maps_text_in_place():
    """On a page of dir="rtl" the inline SVG must not inherit the page's
    direction: every text anchored for the map's own layout would move
    (seen: a Persian metric's value over its verdict mark, cut off by its
    chip)."""
    if not chromium_path():
        raise Skip("no chromium installed (Debian: apt-get install chromium)")
    d = os.path.join(TMP, "rtl")
    os.makedirs(d)
    page = os.path.join(d, "fa.html")
    r = jmap("build", os.path.join(SOURCE, "examples", "persian-bank.yaml"), "-o", page)
    assert r.returncode == 0, r.stderr
    with Watched() as b:
        b.visit("file://" + page, width=1900, height=1000)
        outside = json.loads(b.eval(OUTSIDE))
        shot(b, "html-page-rtl.png")
    metrics = [o for o in outside if o[0] == "jm-metric"]
    assert not metrics, "texts of metric chips laid out outside their chips: %s" % metrics[:8]


@test
def site_thumbnails_sort_and_links():
    if not chromium_path():
        raise Skip("no chromium installed (Debian: apt-get install chromium)")
    d, out = os.path.join(TMP, "site", "maps"), os.path.join(TMP, "site", "public")
    site_inputs(d)
    with open(os.path.join(d, "fa.yaml"), "w") as f:
        f.write(RTL)
    r = jmap("site", d, "-o", out + "/")
    assert r.returncode == 1, r.stderr
    index = "file://" + os.path.join(out, "index.html")
    with Watched() as b:
        b.visit(index)
        assert b.wait(lambda: b.eval("Array.from(document.images).every(function(i){return i.complete})"),
                      timeout=10) is not None
        sizes = b.eval("Array.from(document.images).map(function(i){return i.naturalWidth})")
        assert sizes and all(w > 0 for w in sizes), f"a thumbnail did not load: {sizes}"
        shot(b, "site-index-wide.png")

        def order():
            return b.eval("Array.from(document.querySelectorAll('.jm-cards>li')).map(function(li){"
                          "var r=li.getBoundingClientRect(); return [Math.round(r.top), Math.round(r.left),"
                          "li.getAttribute('data-lowest'), li.hasAttribute('data-broken')]})"
                          ".sort(function(a,b){return a[0]-b[0]||a[1]-b[1]})")
        click(b, "#jm-sort-low")
        o = order()
        assert o[0][3] is True, f"the broken journey is not first: {o}"
        lows = [float(x[2]) for x in o if x[2]]
        assert lows == sorted(lows), f"not sorted by the lowest moment: {lows}"
        b.key("Tab", "Tab", 9)
        probs = b.problems(index)
        assert not probs, "\n".join(probs)
        # a card's link opens its page; the page's link goes back to the index
        click(b, "a[href='./shop-current.html']:not(.jm-thumb)")
        assert b.wait(lambda: (b.eval("location.pathname") or "").endswith("/shop-current.html")
                      and b.eval("document.readyState") == "complete", timeout=10) is not None
        assert b.eval("!!document.querySelector(\"a[href='./shop-future.html']\")"), "no link to the future map"
        click(b, "a[href='./shop-future.html']")
        assert b.wait(lambda: (b.eval("location.pathname") or "").endswith("/shop-future.html")
                      and b.eval("document.readyState") == "complete", timeout=10) is not None
        b.eval("document.querySelector('details').open = true")
        shot(b, "site-page-future.png")
        click(b, "a[href='./index.html']")
        assert b.wait(lambda: (b.eval("location.pathname") or "").endswith("/index.html"), timeout=10) is not None
        # along `detail`: a click on the card in the map opens the detailed map's page
        b.visit("file://" + os.path.join(out, "sub", "top.html"))
        r = b.eval("(function(){var r=document.querySelector(\"svg a g.jm-card\").getBoundingClientRect();"
                   "return [r.left + r.width / 2, r.top + r.height / 2]})()")
        assert r, "no card with a link in the map"
        b.mouse("mousePressed", r[0], r[1], button="left", clickCount=1)
        b.mouse("mouseReleased", r[0], r[1], button="left", clickCount=1)
        assert b.wait(lambda: (b.eval("location.pathname") or "").endswith("/sub/clinic.html")
                      and b.eval("document.readyState") == "complete", timeout=10) is not None, \
            "the card's link does not open the detailed map's page"
        assert b.eval("document.title") == "Clinic"
        if SHOTS:
            b.visit(index, 420, 900)
            shot(b, "site-index-narrow.png")
            b.visit("file://" + os.path.join(out, "fa.html"), 1400, 900)
            shot(b, "site-page-rtl-wide.png")
            b.visit("file://" + os.path.join(out, "fa.html"), 420, 900)
            shot(b, "site-page-rtl-narrow.png")
            b.visit("file://" + os.path.join(out, "shop-current.html"), 420, 900)
            shot(b, "site-page-narrow.png")


if __name__ == "__main__":
    rc = run_tests()
    shutil.rmtree(TMP, ignore_errors=True)
    sys.exit(rc)
