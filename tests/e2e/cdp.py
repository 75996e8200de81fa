"""A headless Chromium driven over the DevTools protocol, with Python's
standard library alone: --remote-debugging-pipe makes Chromium read commands
on descriptor 3 and write answers on descriptor 4, one JSON message each,
ended by a NUL byte. For the browser tests of `jmap watch --serve` and for
the screenshots in docs/.

    with Browser() as b:
        b.open("http://127.0.0.1:8080/", 1100, 700)
        b.wait(lambda: b.eval("document.body.dataset.build") == "ok")
        open("page.png", "wb").write(b.screenshot())
"""
import base64
import json
import os
import shutil
import subprocess
import tempfile
import threading
import time


def chromium_path():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        p = shutil.which(name)
        if p:
            return p
    return None


class Browser:
    def __init__(self, timeout=20.0):
        self.timeout = timeout
        self.next_id = 0
        self.answers = {}
        self.cond = threading.Condition()
        self.session = None
        self.closed = False

    def __enter__(self):
        exe = chromium_path()
        if not exe:
            raise RuntimeError("no chromium")
        self.profile = tempfile.mkdtemp(prefix="jmap-chromium-")
        r, self.to_child = os.pipe()
        self.from_child, w = os.pipe()
        # the child's ends, above 4, so that moving them to 3 and 4 loses nothing
        import fcntl
        to_child_r, from_child_w = fcntl.fcntl(r, fcntl.F_DUPFD_CLOEXEC, 10), fcntl.fcntl(w, fcntl.F_DUPFD_CLOEXEC, 10)
        os.close(r)
        os.close(w)

        def fds():  # in the child: the pipe's ends become 3 and 4
            os.dup2(to_child_r, 3)
            os.dup2(from_child_w, 4)
        args = [exe, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--no-default-browser-check", "--disable-extensions", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--mute-audio", "--hide-scrollbars",
                "--user-data-dir=" + self.profile, "--remote-debugging-pipe", "about:blank"]
        self.proc = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL, preexec_fn=fds, pass_fds=(3, 4))
        os.close(to_child_r)
        os.close(from_child_w)
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()
        return self

    def __exit__(self, *exc):
        try:
            self.call("Browser.close", timeout=5)
        except Exception:  # noqa: BLE001 - closing anyway
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        for fd in (self.to_child, self.from_child):
            try:
                os.close(fd)
            except OSError:
                pass
        shutil.rmtree(self.profile, ignore_errors=True)

    def _read(self):
        buf = b""
        while True:
            try:
                chunk = os.read(self.from_child, 65536)
            except OSError:
                chunk = b""
            if not chunk:
                break
            buf += chunk
            while b"\0" in buf:
                msg, buf = buf.split(b"\0", 1)
                try:
                    m = json.loads(msg)
                except ValueError:
                    continue
                if "id" in m:
                    with self.cond:
                        self.answers[m["id"]] = m
                        self.cond.notify_all()
                else:
                    self._event(m)
        with self.cond:
            self.closed = True
            self.cond.notify_all()

    def _event(self, m):
        """A message of the protocol that answers no call (an event): kept by
        a subclass that wants them (test_html_browser.py's Watched)."""

    def call(self, method, params=None, session=True, timeout=None):
        with self.cond:
            self.next_id += 1
            mid = self.next_id
        msg = {"id": mid, "method": method, "params": params or {}}
        if session and self.session:
            msg["sessionId"] = self.session
        data = json.dumps(msg).encode() + b"\0"
        while data:
            n = os.write(self.to_child, data)
            data = data[n:]
        deadline = time.time() + (timeout or self.timeout)
        with self.cond:
            while mid not in self.answers:
                left = deadline - time.time()
                if left <= 0 or self.closed:
                    raise TimeoutError(f"{method}: no answer from chromium")
                self.cond.wait(left)
            m = self.answers.pop(mid)
        if "error" in m:
            raise RuntimeError(f"{method}: {m['error']}")
        return m.get("result", {})

    def open(self, url, width=1200, height=760):
        """A new tab of width x height CSS pixels at url."""
        target = self.call("Target.createTarget", {"url": "about:blank"}, session=False)["targetId"]
        self.session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True},
                                 session=False)["sessionId"]
        self.call("Page.enable")
        self.call("Emulation.setDeviceMetricsOverride",
                  {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})
        self.call("Page.navigate", {"url": url})

    def eval(self, expression):
        r = self.call("Runtime.evaluate", {"expression": expression, "returnByValue": True})
        if "exceptionDetails" in r:
            return None
        return r.get("result", {}).get("value")

    def wait(self, predicate, timeout=5.0, step=0.02):
        """Polls predicate until it is true; returns the seconds it took, or None."""
        start = time.time()
        while time.time() - start < timeout:
            try:
                if predicate():
                    return time.time() - start
            except (TimeoutError, RuntimeError):
                pass
            time.sleep(step)
        return None

    def screenshot(self):
        return base64.b64decode(self.call("Page.captureScreenshot", {"format": "png"})["data"])

    def mouse(self, kind, x, y, **extra):
        params = {"type": kind, "x": x, "y": y}
        params.update(extra)
        self.call("Input.dispatchMouseEvent", params)
