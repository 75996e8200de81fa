#!/usr/bin/env python3
"""`include` and research data together (1.2): a source that an included
file declares reads its `file` beside that included file, and an error in
it is at the included file's line; `--data` still replaces it.

Usage: python3 test_include_data.py PATH_TO_JMAP
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

from harness import run_tests, test

JMAP = None
TMP = tempfile.mkdtemp(prefix="jmap-include-data-")
N = [0]

MAP = """title: T
include: shared/research.yaml
stages:
  - name: One
    touchpoints:
      - name: Pay
        metrics:
          Sessions: {from: survey, column: n, compute: sum}
"""
RESEARCH = """sources:
  - id: survey
    name: Survey
    file: rows.csv
"""


def folder(files):
    N[0] += 1
    root = os.path.join(TMP, "case%d" % N[0])
    for rel, text in files.items():
        path = os.path.join(root, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
    return root


def run(args, cwd):
    p = subprocess.run([JMAP] + args, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def sessions(out):
    metrics = json.loads(out)["journeys"][0]["journey"]["metrics"]
    return [m["value"] for m in metrics if m["name"] == "Sessions"]


@test
def test_an_included_source_reads_its_file_beside_the_included_file():
    # a rows.csv beside the journey too, with other numbers: it is not the one
    root = folder({"maps/map.yaml": MAP, "maps/shared/research.yaml": RESEARCH,
                   "maps/shared/rows.csv": "n\n3\n5\n", "maps/rows.csv": "n\n100\n"})
    rc, out, err = run(["stats", "--json", "maps/map.yaml"], cwd=root)
    assert rc == 0, err
    assert sessions(out) == ["8"], out


@test
def test_a_missing_file_of_an_included_source_is_an_error_in_the_included_file():
    root = folder({"map.yaml": MAP, "shared/research.yaml": RESEARCH, "rows.csv": "n\n100\n"})
    rc, _, err = run(["check", "map.yaml"], cwd=root)
    assert rc == 1, err
    assert "shared/research.yaml:4:11: error: cannot read the data file 'rows.csv' of source 'survey'" in err, err


@test
def test_data_replaces_the_file_of_an_included_source():
    root = folder({"map.yaml": MAP, "shared/research.yaml": RESEARCH, "shared/rows.csv": "n\n3\n5\n",
                   "other.csv": "n\n1\n"})
    rc, out, err = run(["stats", "--json", "map.yaml", "--data", "survey=other.csv"], cwd=root)
    assert rc == 0, err
    assert sessions(out) == ["1"], out


def main():
    global JMAP
    JMAP = os.path.abspath(sys.argv[1])
    return run_tests(cleanup=lambda: shutil.rmtree(TMP, ignore_errors=True))


if __name__ == "__main__":
    sys.exit(main())
