"""The editor set-up (docs/editors.md) holds:

- `jmap schema` accepts every journey that `jmap check` accepts among the
  examples and the test journeys of this repository (a YAML language server
  must never mark a good map wrong), and refuses none of them;
- the problem matcher that docs/editors.md gives VS Code reads `jmap check`'s
  errors and warnings into file, line, column, severity and message, the same
  as `--diagnostics json` says."""
import json
import os
import re
import subprocess
import sys
import tempfile

from harness import Skip, run_tests, test
from test_init_schema import yaml_documents

try:
    import jsonschema
except ImportError:
    jsonschema = None

JMAP = os.path.abspath(sys.argv[1])
HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.environ.get("JMAP_SOURCE_DIR") or os.path.dirname(os.path.dirname(HERE))


def jmap(*args):
    return subprocess.run([JMAP] + list(args), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                          timeout=120)


def journeys():
    """Every .yaml/.yml under examples/ and tests/ that jmap check accepts."""
    found = []
    for top in ("examples", "tests"):
        for d, dirs, files in os.walk(os.path.join(SOURCE, top)):
            dirs[:] = sorted(x for x in dirs if not x.startswith(("build", ".")))
            found += [os.path.join(d, f) for f in sorted(files) if f.endswith((".yaml", ".yml"))]
    return [path for path in found if jmap("check", "-q", path).returncode == 0]


@test
def the_schema_accepts_every_journey_that_check_accepts():
    if jsonschema is None:
        raise Skip("python3-jsonschema is not installed")
    schema = json.loads(jmap("schema").stdout)
    v = jsonschema.Draft202012Validator(schema)
    paths = journeys()
    assert len(paths) >= 20, "only %d journeys found" % len(paths)
    refused = []
    for path in paths:
        for n, doc in enumerate(yaml_documents(path), 1):
            errs = ["%s: %s" % ("/".join(map(str, e.absolute_path)) or "(top)", e.message) for e in v.iter_errors(doc)]
            if errs:
                refused.append("%s (document %d): %s" % (os.path.relpath(path, SOURCE), n, "; ".join(errs)[:300]))
    assert not refused, "the schema refuses journeys that jmap accepts:\n" + "\n".join(refused)
    return "%d journeys valid against the schema" % len(paths)


def documented_matcher():
    with open(os.path.join(SOURCE, "docs", "editors.md"), encoding="utf-8") as f:
        text = f.read()
    block = re.search(r"```json\n(\{\n  \"version\": \"2\.0\.0\".*?)```", text, re.S)
    assert block, "docs/editors.md has no tasks.json"
    task = json.loads(block.group(1))["tasks"][0]
    return task["problemMatcher"]["pattern"]


@test
def the_documented_problem_matcher_reads_checks_errors():
    pattern = documented_matcher()
    rx = re.compile(pattern["regexp"])
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "trip: a map.yaml")
        with open(path, "w") as f:
            f.write("title: x\nstages:\n  - name: A\n    touchpoints:\n      - {name: B, emotion: 9}\n"
                    "      - {name: C, chanel: web}\n")
        p = jmap("check", path)
        want = json.loads(jmap("check", "--diagnostics", "json", path).stdout)
    got = []
    for line in p.stderr.splitlines():
        m = rx.match(line)
        if m:
            got.append({"file": m.group(pattern["file"]), "line": int(m.group(pattern["line"])),
                        "column": int(m.group(pattern["column"])), "severity": m.group(pattern["severity"]),
                        "message": m.group(pattern["message"])})
    assert len(want) >= 2, want
    assert got == want, "the matcher read:\n%s\njmap says:\n%s" % (got, want)


if __name__ == "__main__":
    sys.exit(run_tests())
