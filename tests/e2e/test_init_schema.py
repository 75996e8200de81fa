#!/usr/bin/env python3
"""End-to-end tests of `jmap init` and `jmap schema`.

Usage: python3 tests/e2e/test_init_schema.py path/to/jmap

Needs only the Python standard library. The schema validation tests also need
python3-jsonschema, and reading the examples needs python3-yaml; without them
those tests are skipped, with a message saying so. The hand-written documents
below are written as JSON, which is also YAML, so jmap and the schema judge
exactly the same text.
"""
import copy
import datetime
import json
import os
import subprocess
import sys
import tempfile
from harness import check, summary

try:
    import jsonschema
except ImportError:
    jsonschema = None
try:
    import yaml
except ImportError:
    yaml = None

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.environ.get("JMAP_SOURCE_DIR") or os.path.dirname(os.path.dirname(HERE))
EXAMPLES = os.path.join(SOURCE, "examples")





def skip(what):
    print("SKIP: " + what)


def run(args, cwd=None, stdin=None):
    p = subprocess.run([JMAP] + args, cwd=cwd, input=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       timeout=120)
    return p.returncode, p.stdout, p.stderr.decode("utf-8", "replace")


# ---- YAML to JSON, the way an editor's language server sees a file ----

def to_json_value(v):
    """PyYAML's values, made JSON-shaped: dates become their text, keys become strings."""
    if isinstance(v, dict):
        return {(k if isinstance(k, str) else json.dumps(k) if isinstance(k, bool) or k is None else str(k)):
                to_json_value(x) for k, x in v.items()}
    if isinstance(v, list):
        return [to_json_value(x) for x in v]
    if isinstance(v, (datetime.date, datetime.datetime)):
        return v.isoformat()
    return v


def yaml_documents(path):
    with open(path, encoding="utf-8") as f:
        return [to_json_value(d) for d in yaml.safe_load_all(f)]


# ---- jmap init ----

def test_init(tmp):
    path = os.path.join(tmp, "journey.yaml")
    rc, out, err = run(["init"], cwd=tmp)
    check(rc == 0, "init with no FILE exits 0", "rc=%d stderr=%s" % (rc, err))
    check(os.path.isfile(path), "init with no FILE writes journey.yaml")
    check(out == b"", "init prints nothing on standard output", repr(out[:200]))
    check(err == "", "init prints nothing on success (cli.md)", repr(err))
    if not os.path.isfile(path):
        return None
    with open(path, "rb") as f:
        starter = f.read()
    text = starter.decode("utf-8")
    check(text.startswith("#"), "the starter begins with a comment")
    check("jmap help" in text and "jmap schema" in text, "the starter points to `jmap help` and `jmap schema`")
    for key in ("title:", "stages:", "personas:", "channel:", "emotion:", "doing:", "thinking:", "feeling:",
                "pains:", "opportunities:", "backstage:", "owner:", "metrics:", "moment:"):
        check(key in text, "the starter shows the key %s" % key)
    check(sum(1 for line in text.splitlines() if line.lstrip().startswith("#")) >= 10,
          "the starter is commented")

    rc, out, err = run(["check", path])
    check(rc == 0 and err == "", "jmap check accepts the starter", "rc=%d stderr=%s" % (rc, err))
    svg = os.path.join(tmp, "starter.svg")
    rc, out, err = run(["build", path, "-o", svg])
    check(rc == 0, "jmap build renders the starter", "rc=%d stderr=%s" % (rc, err))
    if check(os.path.isfile(svg), "jmap build writes the starter's SVG"):
        with open(svg, "rb") as f:
            head = f.read(4096)
        check(b"<svg" in head, "the starter's SVG is an SVG")
        with open(svg, "rb") as f:
            body = f.read()
        check(b"Renewal notice" in body or b"Renewal" in body, "the starter's SVG shows its stages")

    # a second init refuses, and leaves the file alone
    before = os.stat(path)
    rc, out, err = run(["init", path])
    check(rc == 3, "a second init exits 3", "rc=%d" % rc)
    check("already exists" in err and "never overwrites" in err, "a second init says why", repr(err))
    with open(path, "rb") as f:
        check(f.read() == starter, "a second init leaves the file unchanged")
    check(os.stat(path).st_mtime_ns == before.st_mtime_ns, "a second init does not touch the file")

    # an existing file with other content is not touched either
    other = os.path.join(tmp, "mine.yaml")
    with open(other, "w") as f:
        f.write("title: mine\n")
    rc, out, err = run(["init", other])
    check(rc != 0, "init refuses an existing file of the user's")
    with open(other) as f:
        check(f.read() == "title: mine\n", "init leaves the user's file unchanged")

    # a dangling symbolic link is not followed
    link = os.path.join(tmp, "link.yaml")
    target = os.path.join(tmp, "nowhere.yaml")
    os.symlink(target, link)
    rc, out, err = run(["init", link])
    check(rc == 3 and not os.path.exists(target), "init does not write through a dangling symbolic link")

    # -q, a FILE argument, and -
    named = os.path.join(tmp, "named.yaml")
    rc, out, err = run(["init", "-q", named])
    check(rc == 0 and err == "" and out == b"", "init -q prints nothing", repr(err))
    with open(named, "rb") as f:
        check(f.read() == starter, "init FILE writes the same starter")
    rc, out, err = run(["init", "--quiet", os.path.join(tmp, "q2.yaml")])
    check(rc == 0 and err == "", "init --quiet prints nothing")
    rc, out, err = run(["init", "-"], cwd=tmp)
    check(rc == 0 and out == starter and err == "", "init - writes the starter to standard output")
    check(not os.path.exists(os.path.join(tmp, "-")), "init - creates no file named -")
    rc, out, err = run(["init", "--", "-dash.yaml"], cwd=tmp)
    check(rc == 0 and os.path.isfile(os.path.join(tmp, "-dash.yaml")), "init -- -dash.yaml writes that file")

    # the command line
    rc, out, err = run(["init", "-h"])
    check(rc == 0 and out.startswith(b"Usage: jmap init"), "init -h prints the help")
    rc, out, err = run(["init", "--help"])
    check(rc == 0 and out.startswith(b"Usage: jmap init"), "init --help prints the help")
    rc, out, err = run(["init", "--bogus"], cwd=tmp)
    check(rc == 2 and "unknown option" in err and "Usage" in err, "init --bogus exits 2 with a usage hint", err)
    rc, out, err = run(["init", "a.yaml", "b.yaml"], cwd=tmp)
    check(rc == 2, "init with two FILEs exits 2")
    check(not os.path.exists(os.path.join(tmp, "a.yaml")) and not os.path.exists(os.path.join(tmp, "b.yaml")),
          "init with two FILEs writes nothing")
    missing = os.path.join(tmp, "no-such-dir", "j.yaml")
    rc, out, err = run(["init", missing])
    check(rc == 0 and os.path.isfile(missing), "init into a missing directory makes it, as build does", err)
    blocked = os.path.join(missing, "k.yaml")  # a directory where a file is
    rc, out, err = run(["init", blocked])
    check(rc == 3 and "cannot create" in err, "init under a file exits 3", err)
    if os.path.exists("/dev/full"):
        with open("/dev/full", "wb") as full:
            p = subprocess.run([JMAP, "init", "-"], stdout=full, stderr=subprocess.PIPE, timeout=120)
        check(p.returncode == 3 and b"cannot write" in p.stderr, "init - to a full disk exits 3",
              "rc=%d" % p.returncode)
    return starter


# ---- jmap schema ----

def walk_schema(node, where, problems):
    """Every object schema is closed with an x- escape, and every key has a description."""
    if isinstance(node, dict):
        if node.get("type") == "object" or (isinstance(node.get("type"), list) and "object" in node["type"]):
            free_map = not isinstance(node.get("additionalProperties"), bool)
            if not free_map:
                if node.get("additionalProperties") is not False:
                    problems.append(where + ": additionalProperties is not false")
                if "^x-" not in node.get("patternProperties", {}):
                    problems.append(where + ": no ^x- patternProperties")
            for key, sub in node.get("properties", {}).items():
                if not isinstance(sub, dict) or not sub.get("description"):
                    problems.append("%s.%s: no description" % (where, key))
        for k, v in node.items():
            walk_schema(v, where + "/" + k, problems)
    elif isinstance(node, list):
        for i, v in enumerate(node):
            walk_schema(v, "%s/%d" % (where, i), problems)


def test_schema_command():
    rc, out, err = run(["schema"])
    check(rc == 0 and err == "", "schema exits 0 quietly", "rc=%d stderr=%s" % (rc, err))
    try:
        schema = json.loads(out.decode("utf-8"))
    except ValueError as e:
        check(False, "schema prints valid JSON", str(e))
        return None
    check(True, "schema prints valid JSON")
    check(schema.get("$schema") == "https://json-schema.org/draft/2020-12/schema", "the schema is draft 2020-12")
    check(str(schema.get("$id", "")).startswith("https://jmap.invalid/"), "the schema's $id is on jmap.invalid")
    check(schema.get("required") == ["title", "stages"], "the schema requires title and stages")
    problems = []
    walk_schema(schema, "#", problems)
    check(not problems, "every object is closed, with x- keys allowed, and every key is described",
          "\n      ".join(problems))

    rc, out2, err = run(["schema"])
    check(out2 == out, "schema prints the same bytes every time")
    rc, out, err = run(["schema", "extra"])
    check(rc == 2 and "Usage" in err, "schema with an argument exits 2")
    rc, out, err = run(["schema", "--bogus"])
    check(rc == 2 and "unknown option" in err, "schema --bogus exits 2")
    rc, out, err = run(["schema", "-h"])
    check(rc == 0 and out.startswith(b"Usage: jmap schema"), "schema -h prints the help")
    return schema


# ---- the schema against documents ----

GOOD = {
    "jmap": 1,
    "title": "A journey",
    "personas": [{"id": "ann", "name": "Ann", "color": "#abc", "age": 34, "goals": "One goal"}],
    "stages": [{
        "name": "Stage one",
        "metrics": {"CSAT": 4.1, "NPS": "+32"},
        "touchpoints": [{"name": "Visits", "channel": "web", "emotion": 3, "moment": True}],
    }],
    "lanes": ["touchpoints", "emotions"],
    "theme": "dark",
}


def bad(change):
    doc = copy.deepcopy(GOOD)
    change(doc)
    return doc


def tp(doc):
    return doc["stages"][0]["touchpoints"][0]


def setitem(obj, key, value):
    obj[key] = value


BAD_DOCUMENTS = [
    ("an unknown key", lambda d: setitem(d, "titel", "x")),
    ("an unknown touchpoint key", lambda d: setitem(tp(d), "emotoin", 3)),
    ("a missing title", lambda d: d.pop("title")),
    ("missing stages", lambda d: d.pop("stages")),
    ("no stages", lambda d: setitem(d, "stages", [])),
    ("a stage without a name", lambda d: d["stages"][0].pop("name")),
    ("a touchpoint without a name", lambda d: tp(d).pop("name")),
    ("a persona without a name", lambda d: d["personas"][0].pop("name")),
    ("a bad id pattern", lambda d: setitem(d["personas"][0], "id", "Ann Smith")),
    ("an id starting with -", lambda d: setitem(d["stages"][0], "id", "-one")),
    ("a bad colour", lambda d: setitem(d["personas"][0], "color", "red")),
    ("a colour of 4 digits", lambda d: setitem(d["personas"][0], "color", "#abcd")),
    ("a bad lane name", lambda d: setitem(d, "lanes", ["touchpoints", "feelings"])),
    ("duplicate lanes", lambda d: setitem(d, "lanes", ["touchpoints", "touchpoints"])),
    ("lanes as one name", lambda d: setitem(d, "lanes", "touchpoints")),
    ("a scale of 3 items", lambda d: setitem(d, "scale", [1, 3, 5])),
    ("a scale of words", lambda d: setitem(d, "scale", ["low", "high"])),
    ("direction up", lambda d: setitem(d, "direction", "up")),
    ("an emotion list", lambda d: setitem(tp(d), "emotion", [1, 2])),
    ("an emotion word", lambda d: setitem(tp(d), "emotion", "happy")),
    ("an emotion mapping to a word", lambda d: setitem(tp(d), "emotion", {"ann": "happy"})),
    ("an unknown theme name", lambda d: setitem(d, "theme", "neon")),
    ("an unknown theme base", lambda d: setitem(d, "theme", {"base": "neon"})),
    ("an unknown theme key", lambda d: setitem(d, "theme", {"colour": "#fff"})),
    ("a bad stage colour", lambda d: setitem(d, "theme", {"stage-colors": ["#fff", "blue"]})),
    ("a text that is a list", lambda d: setitem(tp(d), "doing", ["a", "b"])),
    ("a text that is a mapping", lambda d: setitem(d, "title", {"a": 1})),
    ("a list of mappings", lambda d: setitem(tp(d), "pains", [{"a": 1}])),
    ("a moment that is a word", lambda d: setitem(tp(d), "moment", "maybe")),
    ("a metric that is a list", lambda d: setitem(d["stages"][0], "metrics", {"CSAT": [1, 2]})),
    ("an unknown icon", lambda d: setitem(d, "channels", [{"id": "kiosk", "icon": "robot"}])),
    ("an unknown channel kind", lambda d: setitem(d, "channels", [{"id": "kiosk", "kind": "virtual"}])),
    ("a channel without an id", lambda d: setitem(d, "channels", [{"name": "Kiosk"}])),
    ("format version 2", lambda d: setitem(d, "jmap", 2)),
    ("stages as a mapping", lambda d: setitem(d, "stages", {"name": "x"})),
    ("a top level that is a list", None),
]

# Documents that jmap accepts and that the schema must accept too: the
# format's typing rules, where a YAML language server would see other types.
GOOD_DOCUMENTS = [
    ("the base document", lambda d: None),
    ("a number as text", lambda d: setitem(d, "title", 2024)),
    ("null as text", lambda d: setitem(tp(d), "owner", None)),
    ("a boolean as text", lambda d: setitem(tp(d), "feeling", False)),
    ("a number written as a string", lambda d: setitem(tp(d), "emotion", "3")),
    ("a decimal emotion", lambda d: setitem(tp(d), "emotion", 2.5)),
    ("an emotion mapping", lambda d: setitem(tp(d), "emotion", {"ann": 4})),
    ("moment yes", lambda d: setitem(tp(d), "moment", "yes")),
    ("moment OFF", lambda d: setitem(tp(d), "moment", "OFF")),
    ("one persona as a scalar", lambda d: setitem(tp(d), "personas", "ann")),
    ("a list key as one text", lambda d: setitem(tp(d), "pains", "Slow")),
    ("a list key as a list", lambda d: setitem(tp(d), "backstage", ["A", "B"])),
    ("x- keys everywhere", lambda d: [setitem(o, "x-note", {"any": ["thing"]})
                                      for o in (d, d["stages"][0], tp(d), d["personas"][0])]),
    ("age as words", lambda d: setitem(d["personas"][0], "age", "mid-thirties")),
    ("a #rrggbb colour", lambda d: setitem(d["personas"][0], "color", "#C0392B")),
    ("a theme mapping", lambda d: setitem(d, "theme", {"base": "print", "font": "DejaVu Sans", "font-size": 13,
                                                        "stage-colors": "#123", "x-why": 1})),
    ("a declared channel", lambda d: [setitem(d, "channels", [{"id": "dealer", "icon": "store", "kind": "physical"}]),
                                      setitem(tp(d), "channel", "dealer")]),
    ("a scale with decimals", lambda d: setitem(d, "scale", [-2, 3.5])),
    ("a scale written as strings", lambda d: setitem(d, "scale", ["1", "5"])),
    ("direction rtl", lambda d: setitem(d, "direction", "rtl")),
    ("no lanes at all", lambda d: setitem(d, "lanes", [])),
    ("every lane", lambda d: setitem(d, "lanes", ["touchpoints", "doing", "thinking", "emotions", "pains",
                                                  "opportunities", "backstage", "owner", "metrics"])),
    ("a stage without touchpoints", lambda d: d["stages"].append({"name": "Empty", "touchpoints": []})),
    ("the format version as a string", lambda d: setitem(d, "jmap", "1")),
]


def jmap_check_json(tmp, name, doc):
    path = os.path.join(tmp, name)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False)
        f.write("\n")
    rc, out, err = run(["check", path])
    return rc, err


def test_documents(tmp, schema, starter):
    if jsonschema is None:
        skip("python3-jsonschema is not installed (import jsonschema failed): "
             "the schema validation tests did not run")
        return
    try:
        jsonschema.Draft202012Validator.check_schema(schema)
        check(True, "the schema is a valid draft 2020-12 schema")
    except jsonschema.exceptions.SchemaError as e:
        check(False, "the schema is a valid draft 2020-12 schema", str(e).splitlines()[0])
        return
    v = jsonschema.Draft202012Validator(schema)

    def errors(doc):
        return ["%s: %s" % ("/".join(map(str, e.absolute_path)) or "(top)", e.message) for e in v.iter_errors(doc)]

    # documents both sides must accept
    for i, (what, change) in enumerate(GOOD_DOCUMENTS):
        doc = bad(change)
        errs = errors(doc)
        check(not errs, "the schema accepts %s" % what, "; ".join(errs)[:500])
        rc, err = jmap_check_json(tmp, "good-%d.json" % i, doc)
        check(rc == 0, "jmap check accepts %s (the schema agrees with the loader)" % what, err[:500])

    # documents both sides must refuse
    for i, (what, change) in enumerate(BAD_DOCUMENTS):
        doc = [copy.deepcopy(GOOD)] if change is None else bad(change)
        check(not v.is_valid(doc), "the schema rejects %s" % what)
        rc, err = jmap_check_json(tmp, "bad-%d.json" % i, doc)
        check(rc == 1, "jmap check also rejects %s" % what, "rc=%d %s" % (rc, err[:300]))

    if yaml is None:
        skip("python3-yaml is not installed (import yaml failed): "
             "the starter and the examples were not validated against the schema")
        return
    if starter is not None:
        docs = [to_json_value(d) for d in yaml.safe_load_all(starter.decode("utf-8"))]
        check(len(docs) == 1, "the starter is one document")
        for d in docs:
            errs = errors(d)
            check(not errs, "the starter is valid against the schema", "; ".join(errs)[:500])
            check(len(d.get("stages", [])) == 3, "the starter has three stages")
            check(len(d.get("personas", [])) == 1, "the starter has one persona")
    names = sorted(n for n in os.listdir(EXAMPLES) if n.endswith((".yaml", ".yml"))) if os.path.isdir(EXAMPLES) else []
    check(len(names) > 0, "there are examples to validate in %s" % EXAMPLES)
    for name in names:
        path = os.path.join(EXAMPLES, name)
        docs = yaml_documents(path)
        check(len(docs) > 0, "%s holds a document" % name)
        for n, d in enumerate(docs, 1):
            errs = errors(d)
            check(not errs, "%s, document %d, is valid against the schema" % (name, n), "; ".join(errs)[:800])


def main():
    global JMAP
    if len(sys.argv) != 2:
        print("usage: %s path/to/jmap" % sys.argv[0], file=sys.stderr)
        return 2
    JMAP = os.path.abspath(sys.argv[1])
    with tempfile.TemporaryDirectory(prefix="jmap-init-") as tmp:
        starter = test_init(tmp)
        schema = test_schema_command()
        if schema is not None:
            test_documents(tmp, schema, starter)
    summary()


if __name__ == "__main__":
    sys.exit(main())
