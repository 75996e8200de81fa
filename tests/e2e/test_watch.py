#!/usr/bin/env python3
"""End-to-end tests of `jmap watch` without a browser: rebuilds on every kind
of save, within a fifth of a second; diagnostics of a failed build with the
last good output kept; half-written saves, swap files, the input deleted and
recreated; Ctrl-C and SIGTERM end with status 0; the command line's
mistakes. And the HTTP server of --serve: only GET (and HEAD) of /, /map.svg
and /events, 404 and 405 for anything else, no file but INPUT ever read,
many clients at once, readers that vanish, and never a torn map.

Usage: python3 test_watch.py PATH_TO_JMAP"""

import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

from harness import Skip, run_tests, test
from watchproc import Watch, save

JMAP = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else sys.exit("usage: test_watch.py PATH_TO_JMAP")
TMP = tempfile.mkdtemp(prefix="jmap-e2e-watch-")
SLOW = os.environ.get("JMAP_SANITIZED", "").upper() in ("ON", "1", "TRUE", "YES") or os.environ.get("JMAP_VALGRIND")

MAP = """title: {title}
personas:
  - name: Ada
stages:
  - name: Discover
    touchpoints:
      - name: Sees an advert
        channel: tv
        emotion: 3
  - name: Buy
    touchpoints:
      - name: Pays online
        channel: web
        emotion: {score}
"""


def journey(title="First draft", score=4):
    return MAP.format(title=title, score=score)


BROKEN = journey().replace("        emotion: 3", "        emotoin: 3")  # line 9, column 9


def fresh(name):
    d = os.path.join(TMP, name)
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    return d


def read(path):
    with open(path, "rb") as f:
        return f.read()


def build_svg(path):
    p = subprocess.run([JMAP, "build", path, "-o", "-", "-f", "svg"], capture_output=True, timeout=60)
    assert p.returncode == 0, p.stderr.decode()
    return p.stdout


def wait_for(pred, timeout=10.0, step=0.01):
    start = time.time()
    while time.time() - start < timeout:
        if pred():
            return time.time() - start
        time.sleep(step)
    return None


def title_of(svg_bytes):
    m = re.search(r"<title[^>]*>(.*?)</title>", svg_bytes.decode(errors="replace"), re.S)
    return m.group(1) if m else None


# ---- the command line ----

@test
def usage_errors():
    d = fresh("usage")
    m = os.path.join(d, "m.yaml")
    save(m, journey())
    for args in (["watch"], ["watch", m, m], ["watch", "-", "-o", "x.svg"], ["watch", m, "-o", "-"],
                 ["watch", m, "-o", m], ["watch", m, "--serve", "nope"], ["watch", m, "--serve", "70000"],
                 ["watch", m, "--serve"], ["watch", m, "-o", os.path.join(d, "x.txt")], ["watch", m, "--bogus"],
                 ["watch", m, "--theme", "nosuchtheme"], ["watch", m, "--scale", "0x2"], ["watch", m, "-o", d + "/"]):
        p = subprocess.run([JMAP] + args, capture_output=True, timeout=20)
        assert p.returncode == 2, f"{args}: exit {p.returncode}, {p.stderr.decode()}"
        assert b"Usage" in p.stderr, args
    p = subprocess.run([JMAP, "watch", os.path.join(d, "missing.yaml")], capture_output=True, timeout=20)
    assert p.returncode == 3 and b"missing.yaml" in p.stderr, p.stderr
    p = subprocess.run([JMAP, "help", "watch"], capture_output=True, timeout=20)
    assert p.returncode == 0 and b"--serve" in p.stdout
    assert os.listdir(d) == ["m.yaml"], os.listdir(d)


# ---- rebuilding files ----

@test
def rebuilds_on_every_kind_of_save():
    d = fresh("saves")
    m = os.path.join(d, "trip.yaml")
    out = os.path.join(d, "trip.svg")  # the default: INPUT's stem .svg beside it
    save(m, journey("Version 0"))
    times = []
    with Watch(JMAP, ["watch", m]) as w:
        assert wait_for(lambda: os.path.exists(out)) is not None, w.err()
        assert read(out) == build_svg(m), "the first build differs from jmap build"
        for i, how in enumerate(["rename", "inplace", "rename", "inplace"], 1):
            before = w.mark()
            t0 = time.time()
            save(m, journey(f"Version {i}"), how)
            took = wait_for(lambda: title_of(read(out)) == f"Version {i}", timeout=5)
            assert took is not None, f"save {i} ({how}) not rebuilt: {w.err()}"
            times.append(time.time() - t0)
            assert w.wait_err("built", since=before, timeout=5) is not None
        assert read(out) == build_svg(m)
        status = w.stop()
    assert status == 0, f"exit {status}: {w.err()}"
    assert sorted(os.listdir(d)) == ["trip.svg", "trip.yaml"], os.listdir(d)
    # how soon is reported, never asserted: a test does not depend on the
    # machine's speed (each save must be rebuilt at all, within the timeout
    # that only stops a watch that never rebuilds)
    return "rebuilt %s ms after the save" % ", ".join("%.0f" % (t * 1000) for t in times)


@test
def failed_build_keeps_last_good_output():
    d = fresh("fail")
    m = os.path.join(d, "m.yaml")
    out = os.path.join(d, "out.svg")
    save(m, journey("Good"))
    with Watch(JMAP, ["watch", m, "-o", out, "-q"]) as w:
        assert wait_for(lambda: os.path.exists(out)) is not None, w.err()
        good = read(out)
        ino = os.stat(out).st_ino
        save(m, BROKEN)
        assert w.wait_err("error:", timeout=5) is not None, "no diagnostic for a broken save"
        time.sleep(0.2)
        err = w.err()
        assert f"{m}:9:9: error: unknown key 'emotoin'" in err, err
        assert "emotoin: 3" in err and "^" in err, "no source line and caret"
        assert read(out) == good and os.stat(out).st_ino == ino, "the last good output was touched"
        # the same broken bytes saved again: reported once, not again
        before = w.mark()
        save(m, BROKEN)
        time.sleep(0.6)
        assert "error" not in w.err(before), "the same failure reported twice"
        save(m, journey("Fixed"))
        assert wait_for(lambda: title_of(read(out)) == "Fixed", timeout=5) is not None, w.err()
        # -q: nothing but errors
        assert "built" not in w.err() and "watching" not in w.err(), w.err()
        assert w.stop() == 0


@test
def half_written_save_is_not_an_error():
    d = fresh("half")
    m = os.path.join(d, "m.yaml")
    out = os.path.join(d, "m.svg")
    save(m, journey("Before"))
    text = journey("After").encode()
    with Watch(JMAP, ["watch", m]) as w:
        assert wait_for(lambda: os.path.exists(out)) is not None, w.err()
        for pause in (0.05, 0.15):
            # cut inside a mapping key: the first half alone does not parse
            cut = text.index(b"touchpoints") + 5
            before = w.mark()
            with open(m, "wb") as f:
                f.write(text[:cut])
                f.flush()
                time.sleep(pause)
                f.write(text[cut:])
            assert wait_for(lambda: title_of(read(out)) == "After", timeout=5) is not None, w.err()
            time.sleep(0.4)
            assert "error" not in w.err(before), f"a save paused {pause} s reported an error:\n{w.err(before)}"
            save(m, journey("Before"))
            assert wait_for(lambda: title_of(read(out)) == "Before", timeout=5) is not None
        assert w.stop() == 0


@test
def swap_files_delete_and_recreate():
    d = fresh("swap")
    m = os.path.join(d, "m.yaml")
    out = os.path.join(d, "m.svg")
    save(m, journey("One"))
    with Watch(JMAP, ["watch", m]) as w:
        assert w.wait_err("watching") is not None, w.err()
        before = w.mark()
        mtime = os.stat(out).st_mtime_ns
        # what editors write beside the file: none of it is the input
        for name in (".m.yaml.swp", ".m.yaml.swx", "4913", "m.yaml~", "#m.yaml#", ".#m.yaml", "m.yaml.tmp"):
            save(os.path.join(d, name), "garbage: [", "inplace")
        time.sleep(0.5)
        assert w.err(before) == "", f"reacted to another file: {w.err(before)}\nwhole: {w.err()}"
        assert os.stat(out).st_mtime_ns == mtime
        # vim's way without backupcopy: the input moved away, then written anew
        os.rename(m, m + "~")
        save(m, journey("Two"), "inplace")
        assert wait_for(lambda: title_of(read(out)) == "Two", timeout=5) is not None, w.err()
        # deleted: reported once things settle, the output kept; recreated: rebuilt
        before = w.mark()
        os.unlink(m)
        assert w.wait_err("cannot read", since=before, timeout=5) is not None, w.err(before)
        assert title_of(read(out)) == "Two"
        before = w.mark()
        save(m, journey("Three"))
        assert wait_for(lambda: title_of(read(out)) == "Three", timeout=5) is not None, w.err()
        assert w.wait_err("built", since=before) is not None  # printed after the output is in place
        # a touch that changes nothing rebuilds nothing
        before = w.mark()
        os.utime(m)
        time.sleep(0.4)
        assert "built" not in w.err(before), f"a touch rebuilt: {w.err(before)}"
        assert w.stop(signal.SIGTERM) == 0, "SIGTERM"


@test
def theme_file_is_watched_and_output_formats():
    d = fresh("theme")
    m = os.path.join(d, "m.yaml")
    theme = os.path.join(d, "brand.yaml")
    out = os.path.join(d, "m.png")
    save(m, journey())
    save(theme, "base: dark\n")
    with Watch(JMAP, ["watch", m, "-o", out, "--theme", theme, "--scale", "0.5"]) as w:
        assert wait_for(lambda: os.path.exists(out)) is not None, w.err()
        assert read(out)[:8] == b"\x89PNG\r\n\x1a\n"
        first = read(out)
        before = w.mark()
        save(theme, "base: print\n")
        assert wait_for(lambda: read(out) != first, timeout=5) is not None, "theme edit not rebuilt: " + w.err(before)
        save(theme, "base: nosuch\n")
        assert w.wait_err("brand.yaml:1", since=before, timeout=5) is not None, w.err(before)
        assert w.stop() == 0


# ---- the server ----

def request(port, method, path, headers=None, body=None, timeout=10):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    c.request(method, path, body=body, headers=headers or {})
    r = c.getresponse()
    data = r.read()
    c.close()
    return r.status, dict((k.lower(), v) for k, v in r.getheaders()), data


def raw(port, data, timeout=5):
    s = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    s.sendall(data)
    got = b""
    try:
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            got += chunk
    except socket.timeout:
        pass
    s.close()
    return got


def events(port, timeout=10):
    """An open event stream: returns (connection, function that reads the next event's data)."""
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    c.request("GET", "/events")
    c.raw_sock = c.sock  # http.client forgets it once the answer says the connection will close
    r = c.getresponse()
    assert r.status == 200 and r.getheader("Content-Type").startswith("text/event-stream")

    def next_data():
        while True:
            line = r.fp.readline()
            if not line:
                return None
            if line.startswith(b"data:"):
                import json
                return json.loads(line[5:])
    return c, next_data


@test
def server_paths_and_methods():
    d = fresh("serve")
    m = os.path.join(d, "m.yaml")
    save(m, journey("Served"))
    secret = os.path.join(d, "secret.txt")
    save(secret, "TOP-SECRET")
    with Watch(JMAP, ["watch", m, "--serve", "0"]) as w:
        assert w.url == f"http://127.0.0.1:{w.port}/", w.url
        st, h, page = request(w.port, "GET", "/")
        assert st == 200 and h["content-type"].startswith("text/html"), (st, h)
        assert b"<svg" in page and re.search(rb"<title[^>]*>Served</title>", page), "the map is not inline"
        assert b"http://" not in page.replace(b"http://www.w3.org/", b"") and b"https://" not in page, \
            "the page refers to something outside itself"
        st, h, svg = request(w.port, "GET", "/map.svg?v=7")
        assert st == 200 and h["content-type"].startswith("image/svg+xml") and svg.rstrip().endswith(b"</svg>")
        assert svg.split(b"<svg", 1)[1] == build_svg(m).split(b"<svg", 1)[1]
        st, h, body = request(w.port, "HEAD", "/map.svg")
        assert st == 200 and body == b""
        st, h, body = request(w.port, "HEAD", "/events")
        assert st == 200 and body == b""
        for path in ("/index.html", "/m.yaml", "/secret.txt", "/etc/passwd", "/map.svg/", "/events/x", "//",
                     "/%2e%2e/%2e%2e/etc/passwd", "/map.svg%00", "/MAP.SVG", "/" + "a" * 3000, "/favicon.ico"):
            st, h, body = request(w.port, "GET", path)
            assert st == 404, f"GET {path}: {st}"
            assert b"TOP-SECRET" not in body and b"root:" not in body
        for method in ("POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "PROPFIND"):
            for path in ("/", "/map.svg", "/events"):
                st, h, body = request(w.port, method, path, body=b"x=1" if method in ("POST", "PUT") else None)
                assert st == 405, f"{method} {path}: {st}"
                assert "GET" in h.get("allow", ""), h
            st, _, _ = request(w.port, method, "/secret.txt")
            assert st in (404, 405), f"{method} /secret.txt: {st}"
        # paths that only a raw request can send
        for path in (b"/../../etc/passwd", b"/../secret.txt", b"/./map.svg/..", b"/..%2f..%2fetc/passwd",
                     b"http://127.0.0.1/../../etc/passwd", b"*"):
            got = raw(w.port, b"GET " + path + b" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            status = got.split(b" ", 2)[1] if got.startswith(b"HTTP/") else got[:40]
            assert status in (b"404", b"400"), f"GET {path!r}: {got[:80]!r}"
            assert b"root:" not in got and b"TOP-SECRET" not in got
        # garbage and a closed connection mid-request do not stop it
        raw(w.port, b"\x00\xff garbage\r\n\r\n", timeout=2)
        raw(w.port, b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n", timeout=0.5)
        # another site's name for this address (DNS rebinding): refused
        st, _, body = request(w.port, "GET", "/map.svg", headers={"Host": "evil.example:80"})
        assert st == 403 and b"<svg" not in body
        for host in ("localhost", f"localhost:{w.port}", f"127.0.0.1:{w.port}"):
            assert request(w.port, "GET", "/map.svg", headers={"Host": host})[0] == 200, host
        st, _, _ = request(w.port, "GET", "/")
        assert st == 200
        assert w.stop() == 0
    # loopback only: not reachable on another address of this machine
    try:
        other = socket.gethostbyname(socket.gethostname())
    except OSError:
        other = None
    if other and not other.startswith("127."):
        with Watch(JMAP, ["watch", m, "--serve", "0", "-q"]) as w:
            try:
                socket.create_connection((other, w.port), timeout=2).close()
                reachable = True
            except OSError:
                reachable = False
            assert not reachable, f"listening on {other} too"


@test
def events_follow_builds():
    d = fresh("events")
    m = os.path.join(d, "m.yaml")
    save(m, journey("E0"))
    with Watch(JMAP, ["watch", m, "--serve", "127.0.0.1:0", "-q"]) as w:
        c, nxt = events(w.port)
        first = nxt()
        assert first["build"]["ok"] and first["map"] >= 1, first
        save(m, journey("E1"))
        ev = nxt()
        assert ev["build"]["ok"] and ev["map"] == first["map"] + 1, ev
        assert title_of(request(w.port, "GET", "/map.svg")[2]) == "E1"
        save(m, BROKEN)
        ev = nxt()
        assert not ev["build"]["ok"] and ev["map"] == first["map"] + 1, ev
        diag = ev["build"]["diagnostics"][0]
        assert (diag["line"], diag["column"], diag["severity"]) == (9, 9, "error"), diag
        assert "emotoin" in diag["message"] and "^" in diag["source"], diag
        assert title_of(request(w.port, "GET", "/map.svg")[2]) == "E1", "the last good map is not kept"
        save(m, journey("E2"))
        ev = nxt()
        assert ev["build"]["ok"] and ev["build"]["diagnostics"] == [], ev
        c.close()
        assert w.stop() == 0
    # with --serve and no -o, no file is written
    assert sorted(os.listdir(d)) == ["m.yaml"], os.listdir(d)


@test
def many_clients_vanishing_readers_never_torn():
    d = fresh("many")
    m = os.path.join(d, "m.yaml")
    save(m, journey("T0"))
    n_streams = 20 if SLOW else 60
    with Watch(JMAP, ["watch", m, "--serve", "0", "-q"]) as w:
        streams = [events(w.port) for _ in range(n_streams)]
        for c, nxt in streams:
            assert nxt()["build"]["ok"]
        # half of them vanish without a word, some mid-request
        for c, _ in streams[::2]:
            c.raw_sock.shutdown(socket.SHUT_RDWR)
            c.close()
        for _ in range(10):
            s = socket.create_connection(("127.0.0.1", w.port))
            s.sendall(b"GET /events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            s.close()
        # readers of the map while it is rebuilt again and again: every map whole
        good = set()
        stop = threading.Event()
        problems = []

        def reader():
            while not stop.is_set():
                try:
                    st, h, body = request(w.port, "GET", "/map.svg")
                except OSError as e:
                    problems.append(repr(e))
                    continue
                if st != 200 or not body.rstrip().endswith(b"</svg>") or title_of(body) is None:
                    problems.append(f"{st} {len(body)} bytes, ends {body[-40:]!r}")
                else:
                    good.add(title_of(body))
        threads = [threading.Thread(target=reader) for _ in range(4)]
        for t in threads:
            t.start()
        rounds = 8 if SLOW else 20
        for i in range(1, rounds + 1):
            save(m, journey(f"T{i}", score=1 + i % 5), "inplace" if i % 2 else "rename")
            time.sleep(0.05)
            if i % 5 == 0:
                save(m, BROKEN)
                time.sleep(0.05)
        save(m, journey("Last"))
        assert wait_for(lambda: title_of(request(w.port, "GET", "/map.svg")[2]) == "Last", timeout=10), w.err()
        stop.set()
        for t in threads:
            t.join()
        assert not problems, problems[:5]
        # the streams still open got the last build
        for c, nxt in streams[1::2]:
            ev = nxt()
            while ev and not (ev["build"]["ok"] and ev["map"] and
                              title_of(request(w.port, "GET", "/map.svg")[2]) == "Last"):
                ev = nxt()
            assert ev, "a stream ended"
        status = w.stop()  # its timeout stops a watch deaf to the signal
        assert status == 0, f"exit {status}"
    return f"{len(good)} different maps read whole by 4 readers, {n_streams} streams"


@test
def address_in_use_and_hosts():
    d = fresh("addr")
    m = os.path.join(d, "m.yaml")
    save(m, journey())
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    s.listen(1)
    port = s.getsockname()[1]
    p = subprocess.run([JMAP, "watch", m, "--serve", str(port)], capture_output=True, timeout=20)
    s.close()
    assert p.returncode == 3 and str(port).encode() in p.stderr, (p.returncode, p.stderr)
    if socket.has_ipv6:
        try:
            with Watch(JMAP, ["watch", m, "--serve", "[::1]:0", "-q"]) as w:
                assert w.url.startswith("http://[::1]:"), w.url
                c = http.client.HTTPConnection("::1", w.port, timeout=5)
                c.request("GET", "/map.svg")
                assert c.getresponse().status == 200
                assert w.stop() == 0
        except AssertionError as e:
            if "no address" in str(e) and "cannot listen" in str(e):
                raise Skip("no IPv6 loopback here")
            raise


if __name__ == "__main__":
    status = run_tests(cleanup=lambda: shutil.rmtree(TMP, ignore_errors=True))
    sys.exit(status)
