#!/usr/bin/env python3
"""`jmap watch` follows includes (1.2): a save of a file the map includes,
in another folder too, rebuilds the map; an include that is missing is
watched for, and its creation rebuilds.

Usage: python3 test_include_watch.py PATH_TO_JMAP
"""
import os
import shutil
import sys
import tempfile
import time

from harness import run_tests, test
from watchproc import Watch, save

JMAP = None
TMP = tempfile.mkdtemp(prefix="jmap-incwatch-")

MAP = """title: Watched
include: {inc}
stages:
  - name: Buy
    touchpoints:
      - name: Pays online
        emotion: {{ann: 4}}
"""


def read(path):
    with open(path, "rb") as f:
        return f.read()


def wait_for(pred, timeout=30.0):
    start = time.time()
    while time.time() - start < timeout:
        if pred():
            return True
        time.sleep(0.02)
    return False


@test
def a_save_of_an_included_file_rebuilds():
    d = os.path.join(TMP, "one")
    os.makedirs(os.path.join(d, "shared"))
    m, people, out = os.path.join(d, "m.yaml"), os.path.join(d, "shared", "people.yaml"), os.path.join(d, "m.svg")
    save(m, MAP.format(inc="shared/people.yaml"))
    save(people, "personas:\n  - id: ann\n    name: Ann First\n")
    with Watch(JMAP, ["watch", m, "-o", out]) as w:
        assert wait_for(lambda: os.path.exists(out) and b"Ann First" in read(out)), w.err()
        before = w.mark()
        save(people, "personas:\n  - id: ann\n    name: Ann Second\n")
        assert wait_for(lambda: b"Ann Second" in read(out)), "not rebuilt: " + w.err(before)
        before = w.mark()
        save(people, "personas:\n  - id: ann\n    name: Ann\n    color: reddish\n", how="inplace")
        assert w.wait_err("shared/people.yaml:4:12", since=before, timeout=30) is not None, w.err(before)
        assert b"Ann Second" in read(out), "the last good output is kept"
        save(people, "personas:\n  - id: ann\n    name: Ann Third\n")
        assert wait_for(lambda: b"Ann Third" in read(out)), "not rebuilt after the fix: " + w.err(before)
        assert w.stop() == 0


@test
def a_missing_include_is_watched_for():
    d = os.path.join(TMP, "two")
    os.makedirs(d)
    m, out = os.path.join(d, "m.yaml"), os.path.join(d, "m.svg")
    save(m, MAP.format(inc="later/people.yaml"))
    with Watch(JMAP, ["watch", m, "-o", out]) as w:
        assert w.wait_err("cannot include", timeout=30) is not None, w.err()
        assert not os.path.exists(out)
        os.makedirs(os.path.join(d, "later"))
        before = w.mark()
        save(os.path.join(d, "later", "people.yaml"), "personas:\n  - id: ann\n    name: Ann Late\n")
        assert wait_for(lambda: os.path.exists(out) and b"Ann Late" in read(out)), "not built: " + w.err(before)
        assert w.stop() == 0


def main():
    global JMAP
    JMAP = os.path.abspath(sys.argv[1])
    return run_tests(cleanup=lambda: shutil.rmtree(TMP, ignore_errors=True))


if __name__ == "__main__":
    sys.exit(main())
