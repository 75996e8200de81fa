#!/usr/bin/env python3
"""Pathological data files (format 1.2, computed values): reading a CSV and
computing from it grows in proportion to its rows, for plain rows, rows of
quoted fields over many lines, a median, and `columns` binding many rows to
many touchpoints (tests/e2e/patho.py says how that is measured).

Usage: python3 test_patho_data.py PATH_TO_JMAP"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import run_tests, test  # noqa: E402
from patho import grows_linearly  # noqa: E402

JMAP = sys.argv[1] if len(sys.argv) > 1 else "jmap"


def journey(tmp, body, csv_rows, header, sources_extra=""):
    with open(os.path.join(tmp, "d.csv"), "w", encoding="utf-8") as f:
        f.write(header + "\n")
        for r in csv_rows:
            f.write(r + "\n")
    path = os.path.join(tmp, "j.yaml")
    with open(path, "w", encoding="utf-8") as f:
        f.write("title: T\nsources:\n  - id: s\n    name: S\n    kind: survey\n    file: d.csv\n" + sources_extra
                + "stages:\n  - name: S\n    touchpoints:\n" + body)
    return path


@test
def mean_and_median_over_many_rows():
    def make(n, tmp):
        rows = ("%d,%s,%d" % (i % 5 + 1, "north" if i % 2 else "south", i % 11) for i in range(n))
        body = ("      - name: A\n        emotion: {from: s, column: score, where: {store: north}}\n"
                "      - name: B\n        emotion: {from: s, column: score, compute: median}\n")
        return ["JMAP", "check", journey(tmp, body, rows, "score,store,nps")]
    # 4n rows stay under the limit of a million
    return grows_linearly(JMAP, "check, n data rows", make, 20000, n_max=200000)


@test
def quoted_fields_over_many_lines():
    def make(n, tmp):
        rows = ('%d,"a\nb, ""c""\nd"' % (i % 5 + 1) for i in range(n))
        body = "      - name: A\n        emotion: {from: s, column: score}\n"
        return ["JMAP", "check", journey(tmp, body, rows, "score,comment")]
    # 4n rows of about 20 bytes stay under the 16 MiB of a data file
    return grows_linearly(JMAP, "check, n quoted rows", make, 20000, n_max=150000)


@test
def columns_binding_many_rows_and_touchpoints():
    def make(n, tmp):
        tps = max(1, n // 100)
        rows = ("t%d,%d" % (i % tps, i % 5 + 1) for i in range(n))
        body = "".join("      - {id: t%d, name: T%d}\n" % (k, k) for k in range(tps))
        extra = "    columns: {touchpoint: tp, emotion: score}\n"
        return ["JMAP", "check", journey(tmp, body, rows, "tp,score", extra)]
    return grows_linearly(JMAP, "check, n rows bound to n/100 touchpoints", make, 20000, n_max=200000)


if __name__ == "__main__":
    sys.exit(run_tests())
