#!/usr/bin/env python3
"""jmap site stays linear in the number of journeys: a folder of n tiny
maps, all of one title, half of them NAME-current and half NAME-future
(pairing by name and by title sorts; it never compares every map with every
other), one file without stages and one broken journey in each folder.

Usage: python3 test_patho_site.py PATH_TO_JMAP"""
import os
import sys

from harness import run_tests, test
from patho import grows_linearly

JMAP = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else sys.exit("usage: test_patho_site.py PATH_TO_JMAP")

TINY = "title: Same\nstate: %s\nstages:\n  - name: S\n    touchpoints:\n      - name: T\n        emotion: %d\n"


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


@test
def site_of_many_maps():
    def make(n, tmp):
        maps = os.path.join(tmp, "maps")
        for i in range(n):
            state = "future" if i % 2 else "current"
            write(os.path.join(maps, "d%d" % (i % 7), "m%d-%s.yaml" % (i // 2, state)), TINY % (state, 1 + i % 5))
        write(os.path.join(maps, "shared.yaml"), "personas:\n  - name: Ada\n")
        write(os.path.join(maps, "broken.yaml"), "title: B\nstages: 3\n")
        return ["JMAP", "site", maps, "-o", os.path.join(tmp, "out") + "/", "-j", "1", "-q"]
    # in a tmpfs, user time: on ext4 the system time of creating and renaming
    # two files a map (openat of O_TMPFILE about 0.2 ms each) varied by 2x
    # between runs and made even the user time vary by 1.6x at 320 maps;
    # callgrind counts 1.90 G instructions at 320 maps, 7.24 G at 1 280
    # (3.8x: linear)
    shm = "/dev/shm" if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK) else None
    return grows_linearly(JMAP, "site, n maps of one title in pairs", make, 320, n_max=1280, user_only=True,
                          tmpdir=shm)


if __name__ == "__main__":
    sys.exit(run_tests())
