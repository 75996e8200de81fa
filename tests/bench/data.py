#!/usr/bin/env python3
"""The cost of research data in a build (format 1.2): a 100 000-row,
20-column survey export feeding a typical map (three stages, nine
touchpoints, two personas: a mean with a `where` and a median per point,
NPS and CSAT on each stage) against the same map with its numbers typed.
Prints the CPU time (user + system, the minimum over RUNS runs) of each and
the difference, which docs/performance.md reports ("Research data").

Usage: python3 tests/bench/data.py PATH_TO_JMAP [RUNS]"""
import os
import random
import resource
import subprocess
import sys
import tempfile

STORES = ["north", "south", "east", "west"]


def export(path, rows=100000):
    r = random.Random(7)
    cols = ["id", "store", "recommend", "satisfied", "ease"] + ["q%d" % i for i in range(14)] + ["comment"]
    with open(path, "w", encoding="utf-8") as f:
        f.write(",".join(cols) + "\n")
        for i in range(rows):
            row = [str(i), r.choice(STORES), str(r.randint(0, 10)), str(r.randint(1, 5)), str(r.randint(1, 5))]
            row += [str(r.randint(1, 5)) for _ in range(14)]
            row.append('"fine, thanks"' if r.random() < 0.5 else "ok")
            f.write(",".join(row) + "\n")


def journey(data):
    out = ["title: Weekly shop", "personas:", "  - {id: maria, name: Maria}", "  - {id: tom, name: Tom}"]
    if data:
        out += ["sources:", "  - id: survey", "    name: Post-purchase survey", "    kind: survey",
                "    file: big.csv"]
    out.append("stages:")
    k = 0
    for s in range(3):
        out.append("  - name: Stage %d" % (s + 1))
        out.append("    metrics:")
        if data:
            out += ["      NPS: {from: survey, column: recommend, compute: nps, target: 30}",
                    "      CSAT: {from: survey, column: satisfied, compute: csat, target: 80%}"]
        else:
            out += ["      NPS: {value: '+1', target: 30}", "      CSAT: {value: 60%, target: 80%}"]
        out.append("    touchpoints:")
        for _ in range(3):
            k += 1
            out.append("      - name: Step %d" % k)
            if data:
                out.append("        emotion: {maria: {from: survey, column: q%d, where: {store: %s}}, "
                           "tom: {from: survey, column: ease, compute: median}}" % (k % 14, STORES[k % 4]))
            else:
                out.append("        emotion: {maria: 3.0, tom: 3.0}")
            out.append("        pains: [Queue, Parking]")
    return "\n".join(out) + "\n"


def cpu(cmd):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main():
    jmap = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else sys.exit(__doc__)
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 10
    with tempfile.TemporaryDirectory(prefix="jmap-bench-data-") as tmp:
        export(os.path.join(tmp, "big.csv"))
        times = {}
        for name, data in (("typed", False), ("data", True)):
            path = os.path.join(tmp, name + ".yaml")
            with open(path, "w", encoding="utf-8") as f:
                f.write(journey(data))
            out = os.path.join(tmp, name + ".svg")
            times[name] = min(cpu([jmap, "build", path, "-o", out, "-q"]) for _ in range(runs))
        size = os.path.getsize(os.path.join(tmp, "big.csv"))
        print("export: 100000 rows x 20 columns, %.1f MB" % (size / 1e6))
        print("typed map: %.3f s CPU; from the export: %.3f s CPU; the data adds %.3f s (min of %d runs)"
              % (times["typed"], times["data"], times["data"] - times["typed"], runs))


if __name__ == "__main__":
    main()
