#!/usr/bin/env python3
"""`jmap watch --serve` in a real browser: headless Chromium (Debian's
`chromium`) opens the page; the test rewrites the input and the page's DOM
shows the new map within a second, without a reload; a broken save shows its
diagnostic with line and column over the last good map; zoom and pan answer
the wheel, a drag, Fit and 1:1; a request for a file outside the three paths
is 404. Driven over the DevTools protocol with the standard library (cdp.py).

With JMAP_SCREENSHOTS=DIR, the page is saved as DIR/watch-before.png,
watch-after.png and watch-error.png.

Usage: python3 test_watch_browser.py PATH_TO_JMAP"""

import os
import shutil
import sys
import tempfile
import time

from cdp import Browser, chromium_path
from harness import Skip, run_tests, test
from watchproc import Watch, save

JMAP = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else sys.exit("usage: test_watch_browser.py PATH_TO_JMAP")
TMP = tempfile.mkdtemp(prefix="jmap-e2e-browser-")
SHOTS = os.environ.get("JMAP_SCREENSHOTS")

MAP = """title: {title}
description: A first visit to the clinic, from booking to the follow-up call.
personas:
  - name: Ada Lovelace
    role: New patient
stages:
  - name: Book
    touchpoints:
      - name: Finds the clinic online
        channel: search
        emotion: 3
        thinking: "Is there anything this week?"
      - name: Books by phone
        channel: phone
        emotion: 2
        pains: [On hold for 12 minutes]
        opportunities: [Online booking]
  - name: Visit
    touchpoints:
      - name: Checks in at the desk
        channel: store
        emotion: {score}
      - name: Sees the doctor
        channel: store
        emotion: 5
        moment: true
  - name: After
    touchpoints:
      - name: Gets a follow-up call
        channel: phone
        emotion: 4
"""


def journey(title, score=3):
    return MAP.format(title=title, score=score)


def shot(b, name):
    if SHOTS:
        os.makedirs(SHOTS, exist_ok=True)
        with open(os.path.join(SHOTS, name), "wb") as f:
            f.write(b.screenshot())


TITLE = "(document.querySelector('#svgbox svg title') || {}).textContent"


def transform(b):
    return b.eval("document.getElementById('svgbox').style.transform")


@test
def page_follows_saves_in_chromium():
    if not chromium_path():
        raise Skip("no chromium installed (Debian: apt-get install chromium)")
    d = os.path.join(TMP, "live")
    os.makedirs(d)
    m = os.path.join(d, "clinic.yaml")
    save(m, journey("A first visit to the clinic"))
    notes = []
    with Watch(JMAP, ["watch", m, "--serve", "0"]) as w, Browser() as b:
        b.open(w.url, 1100, 640)
        assert b.wait(lambda: b.eval("document.body.dataset.build") == "ok", timeout=15) is not None, \
            "the page never showed a build"
        assert b.eval(TITLE) == "A first visit to the clinic", b.eval(TITLE)
        assert b.eval("document.querySelectorAll('#svgbox svg').length") == 1, "the map is not inline SVG"
        assert b.eval("document.getElementById('diags').hidden") is True
        time.sleep(0.3)
        shot(b, "watch-before.png")

        # an edit, saved by rename and in place: the DOM shows it within a second
        for i, how in enumerate(("rename", "inplace")):
            title = f"A first visit to the clinic, draft {i + 2}"
            loads = b.eval("performance.getEntriesByType('navigation').length")
            t0 = time.time()
            save(m, journey(title, score=1 + i), how)
            took = b.wait(lambda: b.eval(TITLE) == title, timeout=5)
            assert took is not None, f"the page did not show the {how} save"
            took = time.time() - t0  # reported, never asserted: the wait's timeout stops a page that never shows it
            notes.append(f"{how} save shown after {took * 1000:.0f} ms")
            assert b.eval("performance.getEntriesByType('navigation').length") == loads
            assert b.eval("window.performance.navigation.type") == 0, "the page was reloaded"
        time.sleep(0.3)
        shot(b, "watch-after.png")
        good_title = b.eval(TITLE)

        # a broken save: the diagnostic, with line and column, over the last good map
        broken = journey(good_title, score=1).replace("        emotion: 2", "        emotoin: 2")  # line 15, col 9
        t0 = time.time()
        save(m, broken)
        took = b.wait(lambda: b.eval("document.body.dataset.build") == "failed"
                      and not b.eval("document.getElementById('diags').hidden"), timeout=5)
        assert took is not None, "the page never showed the failed build"
        notes.append(f"error shown after {(time.time() - t0) * 1000:.0f} ms")
        text = b.eval("document.getElementById('diags').innerText")
        assert "line 15, column 9" in text and "emotoin" in text, text
        assert "did you mean 'emotion'" in text, text
        assert b.eval(TITLE) == good_title, "the last good map is gone"
        assert "failed" in b.eval("document.getElementById('status').textContent")
        time.sleep(0.3)
        shot(b, "watch-error.png")

        # fixed: the panel goes, the new map comes
        save(m, journey("Fixed"))
        assert b.wait(lambda: b.eval(TITLE) == "Fixed", timeout=5) is not None
        assert b.wait(lambda: b.eval("document.getElementById('diags').hidden") is True, timeout=2) is not None

        # zoom and pan: wheel at a point, drag, 1:1, Fit
        fit = transform(b)
        b.mouse("mouseWheel", 500, 300, deltaX=0, deltaY=-400)
        assert b.wait(lambda: transform(b) != fit, timeout=2) is not None, "the wheel did not zoom"
        zoomed = b.eval("document.getElementById('zoom').textContent")
        b.mouse("mousePressed", 500, 300, button="left", clickCount=1)
        b.mouse("mouseMoved", 420, 250, button="left", buttons=1)
        b.mouse("mouseReleased", 420, 250, button="left", clickCount=1)
        dragged = transform(b)
        assert dragged != fit and b.eval("document.getElementById('zoom').textContent") == zoomed, dragged
        b.eval("document.getElementById('one').click()")
        assert b.eval("document.getElementById('zoom').textContent") == "100%"
        b.eval("document.getElementById('fit').click()")
        assert transform(b) == fit, (transform(b), fit)
        # the view a reader chose survives a save; a fitted view stays fitted
        b.mouse("mouseWheel", 300, 300, deltaX=0, deltaY=-200)
        chosen = transform(b)
        save(m, journey("Fixed again"))
        assert b.wait(lambda: b.eval(TITLE) == "Fixed again", timeout=5) is not None
        assert transform(b) == chosen, "a save reset the reader's zoom"

        # nothing but the three paths, whatever the request says
        for path in ("/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/clinic.yaml", "/etc/passwd", "/map.svg/x"):
            st = b.eval(f"fetch({path!r}).then(r => r.status)")
            status = b.call("Runtime.evaluate", {"expression": f"fetch({path!r}).then(r => r.status)",
                                                 "awaitPromise": True, "returnByValue": True})["result"]["value"]
            assert status == 404, f"{path}: {status} {st}"
        status = b.call("Runtime.evaluate", {"expression": "fetch('/map.svg', {method: 'POST'}).then(r => r.status)",
                                             "awaitPromise": True, "returnByValue": True})["result"]["value"]
        assert status == 405, status

        # the server goes away: the page says so, and keeps the map
        assert w.stop() == 0
        assert b.wait(lambda: "not answering" in b.eval("document.getElementById('status').textContent"),
                      timeout=5) is not None
        assert b.eval(TITLE) == "Fixed again"
    return "; ".join(notes)


if __name__ == "__main__":
    status = run_tests(cleanup=lambda: shutil.rmtree(TMP, ignore_errors=True))
    sys.exit(status)
