#!/usr/bin/env python3
"""End-to-end tests of `jmap watch` against its file system: an input that
becomes a FIFO, a write that hangs, an inotify queue that overflows, an input
that becomes or retargets a symlink, a full disk that is fixed, and outputs
(numbered, or through a link) that name the input. Each with real files in a
temporary directory; the full disk and the hung write come from an LD_PRELOAD
shim (tests/tools/fault_fs.c), as root is not stopped by permissions and a
tmpfs cannot be mounted in every CI container.

Usage: python3 test_watch_fs.py PATH_TO_JMAP   (JMAP_FAULT_FS_LIB and
JMAP_NO_TMPFILE_LIB: the shims built beside jmap)"""

import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

from harness import Skip, run_tests, test
from watchproc import Watch, save

JMAP = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else sys.exit("usage: test_watch_fs.py PATH_TO_JMAP")
TMP = tempfile.mkdtemp(prefix="jmap-e2e-watch-fs-")
FAULT_LIB = os.environ.get("JMAP_FAULT_FS_LIB", "")
NO_TMPFILE_LIB = os.environ.get("JMAP_NO_TMPFILE_LIB", "")

MAP = """title: {title}
stages:
  - name: Discover
    touchpoints:
      - name: Sees an advert
        channel: tv
        emotion: 3
"""


def journey(title):
    return MAP.format(title=title)


def fresh(name):
    d = os.path.join(TMP, name)
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    return d


def read(path):
    with open(path, "rb") as f:
        return f.read()


def title_of(path):
    try:
        m = re.search(rb"<title[^>]*>(.*?)</title>", read(path), re.S)
    except OSError:
        return None
    return m.group(1).decode() if m else None


def wait_for(pred, timeout=10.0, step=0.01):
    start = time.time()
    while time.time() - start < timeout:
        if pred():
            return True
        time.sleep(step)
    return False


def wait_title(path, title, timeout=10.0):
    return wait_for(lambda: title_of(path) == title, timeout)


def link(target, path):
    """Makes path a symlink to target in one step, as `ln -sfn` does."""
    tmp = path + ".lnk~"
    os.symlink(target, tmp)
    os.replace(tmp, path)


def shim_env(*libs):
    env = dict(os.environ)
    env["LD_PRELOAD"] = " ".join(libs)
    env["ASAN_OPTIONS"] = env.get("ASAN_OPTIONS", "") + ":verify_asan_link_order=0"
    return env


# ---- non-regular inputs ----

@test
def an_input_that_becomes_a_fifo_is_refused_without_blocking():
    d = fresh("fifo")
    m = os.path.join(d, "m.yaml")
    out = os.path.join(d, "out.svg")
    save(m, journey("One"))
    with Watch(JMAP, ["watch", m, "-o", out]) as w:
        assert wait_title(out, "One"), w.err()
        before = w.mark()
        os.unlink(m)
        os.mkfifo(m)
        assert w.wait_err("not a regular file", since=before) is not None, \
            f"no refusal of the FIFO (blocked reading it?): {w.err(before)}"
        assert f"'{m}'" in w.err(before), w.err(before)
        # still watching: the file back, built again
        os.unlink(m)
        save(m, journey("Two"))
        assert wait_title(out, "Two"), w.err()
        assert w.stop(signal.SIGTERM) == 0, w.err()
    # a FIFO from the start: refused at once, nothing written
    os.unlink(m)
    os.unlink(out)
    os.mkfifo(m)
    try:
        p = subprocess.run([JMAP, "watch", m, "-o", out], capture_output=True, timeout=20)
    except subprocess.TimeoutExpired:
        raise AssertionError("watch blocked on a FIFO given as its input")
    assert p.returncode == 3 and b"not a regular file" in p.stderr, (p.returncode, p.stderr)
    assert not os.path.exists(out)


@test
def a_theme_file_that_becomes_a_fifo_is_refused():
    d = fresh("fifo-theme")
    m = os.path.join(d, "m.yaml")
    theme = os.path.join(d, "brand.yaml")
    out = os.path.join(d, "out.svg")
    save(m, journey("One"))
    save(theme, "base: dark\n")
    with Watch(JMAP, ["watch", m, "-o", out, "--theme", theme]) as w:
        assert wait_title(out, "One"), w.err()
        before = w.mark()
        os.unlink(theme)
        os.mkfifo(theme)
        assert w.wait_err("not a regular file", since=before) is not None, w.err(before)
        os.unlink(theme)
        save(theme, "base: print\n")
        save(m, journey("Two"))
        assert wait_title(out, "Two"), w.err()
        assert w.stop() == 0


# ---- signals ----

@test
def a_signal_ends_a_watch_stuck_in_a_write():
    if not FAULT_LIB:
        raise Skip("JMAP_FAULT_FS_LIB not set")
    libs = [FAULT_LIB] + ([NO_TMPFILE_LIB] if NO_TMPFILE_LIB else [])
    for sig in (signal.SIGTERM, signal.SIGINT):
        d = fresh(f"hang-{sig.name}")
        m = os.path.join(d, "m.yaml")
        out = os.path.join(d, "out.svg")
        flag = os.path.join(TMP, f"hang-{sig.name}.on")
        save(m, journey("One"))
        env = shim_env(*libs)
        env["JMAP_FAULT_HANG"] = flag
        with Watch(JMAP, ["watch", m, "-o", out], env=env) as w:
            assert wait_title(out, "One"), w.err()
            assert w.wait_err("watching") is not None, w.err()
            open(flag, "w").close()
            save(m, journey("Two"))
            assert w.wait_err("write hangs") is not None, f"the build did not write: {w.err()}"
            if NO_TMPFILE_LIB:
                assert any(n.startswith(".jmap-") for n in os.listdir(d)), os.listdir(d)
            status = w.stop(sig)
            os.unlink(flag)
        assert status == 0, f"{sig.name} during a hung write: {status}\n{w.err()}"
        assert sorted(os.listdir(d)) == ["m.yaml", "out.svg"], f"left behind: {os.listdir(d)}"
        assert title_of(out) == "One"
        assert "stopped watching" in w.err(), w.err()


# ---- inotify ----

@test
def an_overflowed_event_queue_rebuilds():
    try:
        with open("/proc/sys/fs/inotify/max_queued_events") as f:
            limit = int(f.read())
    except (OSError, ValueError):
        raise Skip("no /proc/sys/fs/inotify/max_queued_events")
    if limit > 1_000_000:
        raise Skip(f"max_queued_events is {limit}: too many events to overflow")
    d = fresh("overflow")
    m = os.path.join(d, "m.yaml")
    out = os.path.join(d, "out.svg")
    save(m, journey("One"))
    noise = [os.path.join(d, n) for n in ("noise-a", "noise-b")]
    for n in noise:
        save(n, "x")
    with Watch(JMAP, ["watch", m, "-o", out, "-q"]) as w:
        assert wait_title(out, "One"), w.err()
        w.proc.send_signal(signal.SIGSTOP)
        try:
            # two files in turn: the kernel merges an event equal to the last one queued
            for i in range(limit + 64):
                os.utime(noise[i % 2])
            save(m, journey("Two"))  # its events are lost: the queue is full
        finally:
            w.proc.send_signal(signal.SIGCONT)
        assert wait_title(out, "Two"), f"the save lost in the overflow was not built: {w.err()}"
        # the watches still work
        save(m, journey("Three"), "inplace")
        assert wait_title(out, "Three"), w.err()
        assert w.stop() == 0


# ---- symlinks ----

@test
def an_input_that_becomes_a_symlink_is_followed():
    d = fresh("becomes-link")
    other = os.path.join(d, "elsewhere")
    os.makedirs(other)
    m = os.path.join(d, "m.yaml")
    real = os.path.join(other, "real.yaml")
    out = os.path.join(d, "out.svg")
    save(m, journey("Plain"))
    save(real, journey("Real"))
    with Watch(JMAP, ["watch", m, "-o", out]) as w:
        assert wait_title(out, "Plain"), w.err()
        link(os.path.join("elsewhere", "real.yaml"), m)
        assert wait_title(out, "Real"), w.err()
        save(real, journey("Real edited"))
        assert wait_title(out, "Real edited"), f"an edit of the link's target not seen: {w.err()}"
        save(real, journey("Real edited in place"), "inplace")
        assert wait_title(out, "Real edited in place"), w.err()
        assert w.stop() == 0


@test
def a_retargeted_symlink_is_followed():
    d = fresh("retarget")
    for sub in ("a", "b", "links"):
        os.makedirs(os.path.join(d, sub))
    x = os.path.join(d, "a", "x.yaml")
    y = os.path.join(d, "b", "y.yaml")
    z = os.path.join(d, "b", "z.yaml")
    save(x, journey("X"))
    save(y, journey("Y"))
    save(z, journey("Z"))
    m = os.path.join(d, "m.yaml")
    hop = os.path.join(d, "links", "current.yaml")
    out = os.path.join(d, "out.svg")
    link(os.path.join("a", "x.yaml"), m)
    with Watch(JMAP, ["watch", m, "-o", out]) as w:
        assert wait_title(out, "X"), w.err()
        link(os.path.join("b", "y.yaml"), m)
        assert wait_title(out, "Y"), w.err()
        save(y, journey("Y edited"))
        assert wait_title(out, "Y edited"), f"an edit of the new target not seen: {w.err()}"
        # a chain of links: m.yaml -> links/current.yaml -> b/z.yaml, then the middle link moved
        link(os.path.join("..", "b", "z.yaml"), hop)
        link(os.path.join("links", "current.yaml"), m)
        assert wait_title(out, "Z"), w.err()
        link(os.path.join("..", "a", "x.yaml"), hop)
        assert wait_title(out, "X"), f"the middle link retargeted, not seen: {w.err()}"
        save(x, journey("X edited"), "inplace")
        assert wait_title(out, "X edited"), w.err()
        assert w.stop() == 0


# ---- outputs ----

@test
def a_failed_write_is_retried_on_the_next_save():
    if not FAULT_LIB:
        raise Skip("JMAP_FAULT_FS_LIB not set")
    d = fresh("enospc")
    m = os.path.join(d, "m.yaml")
    out = os.path.join(d, "out.svg")
    flag = os.path.join(TMP, "enospc.on")
    save(m, journey("One"))
    env = shim_env(FAULT_LIB)
    env["JMAP_FAULT_ENOSPC"] = flag
    with Watch(JMAP, ["watch", m, "-o", out], env=env) as w:
        assert wait_title(out, "One"), w.err()
        open(flag, "w").close()  # the disk is full
        before = w.mark()
        save(m, journey("Two"))
        assert w.wait_err("No space left on device", since=before) is not None, w.err(before)
        assert title_of(out) == "One"
        os.unlink(flag)  # the disk is fixed; the same bytes saved again
        before = w.mark()
        save(m, journey("Two"))
        assert wait_title(out, "Two"), f"the same bytes saved after the write failed: not built\n{w.err(before)}"
        assert w.wait_err("built", since=before) is not None
        assert w.stop() == 0
    assert sorted(os.listdir(d)) == ["m.yaml", "out.svg"], os.listdir(d)


@test
def a_numbered_output_that_names_the_input_is_refused():
    d = fresh("numbered")
    m = os.path.join(d, "map-2.yaml")
    out = os.path.join(d, "map.yaml")  # two journeys: map-1.yaml and map-2.yaml
    two = journey("First") + "---\n" + journey("Second")
    save(m, two)
    with Watch(JMAP, ["watch", m, "-o", out, "-f", "svg"]) as w:
        assert w.wait_err("the input", timeout=10) is not None, w.err()
        assert w.wait_err("watching") is not None, w.err()
        assert read(m) == two.encode(), "the input was overwritten"
        assert sorted(os.listdir(d)) == ["map-2.yaml"], f"written before the refusal: {os.listdir(d)}"
        # still watching: one journey, one output
        save(m, journey("Alone"))
        assert wait_title(out, "Alone"), w.err()
        assert w.stop() == 0
    assert read(m) == journey("Alone").encode()


@test
def an_output_linked_to_the_input_is_refused():
    d = fresh("linked-out")
    m = os.path.join(d, "m.yaml")
    theme = os.path.join(d, "brand.yaml")
    out = os.path.join(d, "out.svg")
    save(m, journey("One"))
    save(theme, "base: dark\n")
    with Watch(JMAP, ["watch", m, "-o", out, "--theme", theme]) as w:
        assert wait_title(out, "One"), w.err()
        for target, what in ((m, "the input"), (theme, "the --theme file")):
            link(os.path.basename(target), out)
            before = w.mark()
            text = journey(f"Through {os.path.basename(target)}")
            save(m, text)
            assert w.wait_err(what, since=before) is not None, w.err(before)
            assert read(m) == text.encode() and read(theme) == b"base: dark\n", "followed the link over its input"
            # the link gone, the same bytes saved again: built
            os.unlink(out)
            save(m, text)
            assert wait_title(out, f"Through {os.path.basename(target)}"), w.err()
        assert w.stop() == 0


@test
def an_output_that_becomes_a_fifo_is_refused_without_blocking():
    d = fresh("fifo-out")
    m = os.path.join(d, "m.yaml")
    out = os.path.join(d, "out.svg")
    save(m, journey("One"))
    with Watch(JMAP, ["watch", m, "-o", out]) as w:
        assert wait_title(out, "One"), w.err()
        os.unlink(out)
        os.mkfifo(out)  # nobody reads it: opening it to write would wait forever
        before = w.mark()
        save(m, journey("Two"))
        assert w.wait_err("not a regular file", since=before) is not None, \
            f"no refusal of the FIFO output (blocked opening it?): {w.err(before)}"
        os.unlink(out)
        save(m, journey("Two"))
        assert wait_title(out, "Two"), w.err()
        assert w.stop() == 0


if __name__ == "__main__":
    status = run_tests(cleanup=lambda: shutil.rmtree(TMP, ignore_errors=True))
    sys.exit(status)
