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
    return grows_linearly(JMAP, "site, n maps of one title in pairs", make, 40, n_max=160)


if __name__ == "__main__":
    sys.exit(run_tests())
