#!/usr/bin/env python3
"""Text that must stay text (issue 23): control characters that a journey
writes as YAML escapes are shown escaped on the terminal, in every message
and in `jmap stats`; a Mermaid file's name cannot inject keys into the
journey written from it; NUL is refused where it is written; met-or-missed
is decided exactly on the decimal text; a decimal comma in a score is
explained as it is for metrics.

Usage: python3 test_text.py PATH_TO_JMAP
"""

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import run_tests, test  # noqa: E402

JMAP = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else sys.exit("usage: test_text.py PATH_TO_JMAP")
TMP = tempfile.mkdtemp(prefix="jmap-e2e-text-")

# What a terminal would act on or reorder: C0 but for the newline, DEL, C1,
# the bidi embeddings, overrides and isolates, the line and paragraph separators.
HIDDEN = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


def run(args, stdin=None):
    p = subprocess.run([JMAP] + args, input=stdin, capture_output=True, timeout=120)
    return p.returncode, p.stdout.decode("utf-8", "surrogateescape"), p.stderr.decode("utf-8", "surrogateescape")


def write(name, text, mode="w"):
    path = os.path.join(TMP, name)
    with open(path, mode) as f:
        f.write(text)
    return path


def hidden_in(text):
    return sorted({hex(ord(c)) for c in HIDDEN.findall(text)})


def one_tp(title="T", name="A", extra=""):
    return (f"title: {title}\nstages:\n  - name: S\n    touchpoints:\n"
            f"      - name: {name}\n        emotion: 3\n{extra}")


# ---- 1. control characters shown escaped ----

OSC52 = r'"\e]52;c;aGk=\a"'


@test
def stats_table_shows_controls_escaped():
    text = (f"title: {OSC52}\npersonas:\n  - {{id: p, name: \"P\\u009b2J\"}}\nstages:\n"
            f"  - name: \"S\\u202e\\x85\"\n    touchpoints:\n"
            f"      - name: \"\\e[31mred\\u2028x\"\n        emotion: 3\n        moment: true\n"
            f"        metrics: {{\"M\\e\": {{value: \"1\\a\", target: \"2\\t\"}}}}\n")
    status, out, err = run(["stats", write("stats.yaml", text)])
    assert status == 0, err
    assert not hidden_in(out), f"raw controls in stats: {hidden_in(out)}\n{out!r}"
    for shown in (r"\x1b]52;c;aGk=\x07", r"P\u009b2J", r"S\u202e\u0085", r"\x1b[31mred\u2028x", r"M\x1b", r"1\x07"):
        assert shown in out, f"{shown!r} not in\n{out}"


@test
def messages_quote_keys_and_values_escaped():
    text = one_tp(extra='        "\\e]52;c;aGk=\\a": 1\n        channel: "\\u009b2J"\n')
    status, out, err = run(["check", write("key.yaml", text)])
    assert status == 1, err
    assert not hidden_in(err), f"raw controls in a message: {hidden_in(err)}\n{err!r}"
    assert r"unknown key '\x1b]52;c;aGk=\x07'" in err, err
    assert r"'\u009b2J'" in err, err


@test
def a_newline_in_a_key_cannot_forge_a_message():
    text = one_tp(extra='        "x\\nkey.yaml:1:1: error: forged": 1\n')
    status, out, err = run(["check", write("forge.yaml", text)])
    assert status == 1
    assert "\nkey.yaml:1:1" not in err and r"x\nkey.yaml:1:1: error: forged" in err, err


@test
def source_lines_show_raw_controls_escaped_and_the_caret_still_points():
    # a raw ESC is refused by YAML; its line is shown, escaped, with the caret under it
    path = write("raw.yaml", "title: ab\x1b[2Jcd\nstages: []\n")
    status, out, err = run(["check", path])
    assert status == 1
    assert not hidden_in(err), f"raw controls in the source line: {hidden_in(err)}\n{err!r}"
    lines = err.splitlines()
    src = next(i for i, l in enumerate(lines) if l.startswith("  title:"))
    assert lines[src] == r"  title: ab\x1b[2Jcd", lines
    assert lines[src + 1].index("^") == lines[src].index("\\"), lines
    # a raw NEL and a raw right-to-left override are YAML text: shown escaped too
    path = write("nel.yaml", 'title: T\n"a\u202eb\u0085c": 1\nstages: []\n')
    status, out, err = run(["check", path])
    assert status == 1 and not hidden_in(err), repr(err)
    assert r"\u0085" in err and r"\u202e" in err, err


@test
def file_names_are_shown_escaped():
    path = write("f\x1b[2J\u0085.yaml", one_tp(extra="        emotoin: 3\n"))
    status, out, err = run(["check", path])
    assert status == 1 and not hidden_in(err), repr(err)
    assert r"f\x1b[2J\u0085.yaml:" in err, err
    status, out, err = run(["check", "--diagnostics", "json", path])
    assert not hidden_in(out), repr(out)
    assert json.loads(out)[0]["file"] == os.path.join(TMP, "f\x1b[2J\u0085.yaml")


@test
def json_diagnostics_hold_no_raw_controls():
    text = one_tp(title='"\\u0085\\u202e"', extra='        "k\\u009b": 1\n')
    status, out, err = run(["check", "--diagnostics", "json", write("json.yaml", text)])
    assert status == 1
    assert not hidden_in(out), repr(out)
    assert r"unknown key 'k\u009b'" in json.loads(out)[0]["message"], out


@test
def build_errors_quote_the_title_escaped():
    status, out, err = run(["build", write("persona.yaml", one_tp(title=OSC52)), "--persona", "nobody",
                            "-o", os.path.join(TMP, "persona.svg")])
    assert status != 0 and "nobody" in err, err
    assert not hidden_in(err), repr(err)
    assert r"\x1b]52;c;aGk=\x07" in err, err


# ---- 2. a Mermaid file's name in the journey written from it ----

MMD = "journey\n  section S\n    Task: 3: Me\n"


@test
def a_mermaid_file_name_cannot_inject_keys():
    d = os.path.join(TMP, "mmd")
    os.makedirs(d, exist_ok=True)
    name = "x\ntheme: dark\nlabels: {pains: Pwned}\n#.mmd"
    path = os.path.join(d, name)
    with open(path, "w") as f:
        f.write("journey\n  title Trip\n  section S\n    Task: 3: Me\n")  # the name is not the title
    out = os.path.join(d, "out.yaml")
    status, _, err = run(["import", path, "-o", out])
    assert status == 0, err
    yaml = open(out, encoding="utf-8").read()
    assert not re.search(r"^(theme|labels):", yaml, re.M), yaml
    assert yaml.splitlines()[0].startswith("# Imported by jmap import from \"x\\ntheme: dark"), yaml
    status, _, err = run(["check", out])
    assert status == 0, err
    # build reads the same journey: the default theme, no label
    svg = os.path.join(d, "out.svg")
    status, _, err = run(["build", path, "-o", svg])
    assert status == 0, err
    data = open(svg, encoding="utf-8").read()
    assert "Pwned" not in data, "the file name set a label"
    status, _, err = run(["build", out, "-o", os.path.join(d, "same.svg")])
    assert status == 0 and open(os.path.join(d, "same.svg"), encoding="utf-8").read() == data


@test
def a_mermaid_file_name_with_invalid_utf8_still_imports():
    d = os.path.join(TMP, "mmd8").encode()
    os.makedirs(d, exist_ok=True)
    path = os.path.join(d, b"bad\xff\x85name.mmd")
    with open(path, "w") as f:
        f.write(MMD)
    p = subprocess.run([JMAP, "import", path, "-o", "-"], capture_output=True, timeout=60)
    assert p.returncode == 0, p.stderr
    first = p.stdout.decode("utf-8").splitlines()[0]  # valid UTF-8
    assert not hidden_in(first), repr(first)
    p = subprocess.run([JMAP, "build", path, "-o", os.path.join(d, b"bad.svg")], capture_output=True, timeout=60)
    assert p.returncode == 0, p.stderr


# ---- 3. NUL ----

@test
def nul_is_refused_where_it_is_written():
    cases = [
        ('title: "ab\\0cd"\n', 1, 11),
        ('title: "ab\\x00cd"\n', 1, 11),
        ('title: "ab\\u0000cd"\n', 1, 11),
        ('title: "ab\\U00000000cd"\n', 1, 11),
        ('title: t\nx-"\\0": 1\n"k\\0": 2\n', 3, 3),
        ('title: "a \\\\0 is text, \\\\\\0 is not"\n', 1, 26),
    ]
    for i, (head, line, col) in enumerate(cases):
        text = head + "stages:\n  - name: S\n    touchpoints:\n      - {name: T, emotion: 3}\n"
        status, out, err = run(["check", write(f"nul-{i}.yaml", text)])
        assert status == 1, f"{head!r}: exit {status}\n{err}"
        m = re.search(r":(\d+):(\d+): error: (.*NUL.*)", err)
        assert m and (int(m.group(1)), int(m.group(2))) == (line, col), f"{head!r}:\n{err}"
        status, out, err = run(["build", os.path.join(TMP, f"nul-{i}.yaml"), "-o", os.path.join(TMP, f"nul-{i}.svg")])
        assert status == 1 and not os.path.exists(os.path.join(TMP, f"nul-{i}.svg"))
    # an escaped backslash before a 0 is two characters of text
    status, out, err = run(["check", write("nul-ok.yaml", one_tp(title='"a \\\\0 b"'))])
    assert status == 0, err


# ---- 4. met or missed, exactly ----

def verdict(value, target, better="higher"):
    text = one_tp(extra=f"        metrics:\n          M: {{value: {value}, target: {target}, better: {better}}}\n")
    status, out, err = run(["stats", "--json", write("metric.yaml", text)])
    assert status == 0, f"{value} against {target}: {err}"
    met = json.loads(out)["journeys"][0]["journey"]["metrics"][0]["met"]
    status, table, err = run(["stats", os.path.join(TMP, "metric.yaml")])
    word = re.search(r"target .*: (met|missed|not comparable)$", table, re.M).group(1)
    assert word == {True: "met", False: "missed", None: "not comparable"}[met], table
    return met


@test
def met_or_missed_is_decided_on_the_decimal_text():
    cases = [
        ("1.0000000000000001", "1", "lower", False),
        ("1.0000000000000001", "1", "higher", True),
        ("0.99999999999999999", "1", "higher", False),
        ("1e308", "1e309", "higher", False),
        ("1e309", "1e308", "higher", True),
        ("'-1e-400'", "'-2e-400'", "higher", True),
        ("1E+2", "100.000", "lower", True),
        ("'99.9999999999999999999%'", "'100%'", "higher", False),
        ("'۱٫۰۰۰۰۰۰۰۰۰۰۰۰۰۰۰۰۱'", "۱", "lower", False),
        ("'۹۹٫۵٪'", "'۱۰۰٪'", "higher", False),
        ("12345678901234567890123", "12345678901234567890122", "lower", False),
        ("-0", "0.0", "lower", True),
    ]
    bad = []
    for value, target, better, want in cases:
        got = verdict(value, target, better)
        if got is not want:
            bad.append(f"{value} against {target} ({better} is better): {got}, want {want}")
    assert not bad, "\n".join(bad)


# ---- 5. a decimal comma in a score ----

@test
def a_decimal_comma_in_a_score_is_explained():
    cases = [
        ("      - {name: X, emotion: 3,5}\n", "3,5", "3.5", 6, 30),
        ("      - {name: X, emotion: 3, target: 4,5}\n", "4,5", "4.5", 6, 41),
        ("      - name: X\n        emotion: {ann: 2,5}\n", "2,5", "2.5", 7, 26),
        ("      - name: X\n        emotion: 3,5\n", "3,5", "3.5", 7, 18),
    ]
    for body, comma, point, line, col in cases:
        text = "title: T\npersonas: [{id: ann, name: Ann}]\nstages:\n  - name: S\n    touchpoints:\n" + body
        status, out, err = run(["check", write("comma.yaml", text)])
        assert status == 1, err
        assert "unknown key" not in err and "unknown persona" not in err, err
        m = re.search(r":(\d+):(\d+): error: (.*)", err)
        assert m and "decimal comma" in m.group(3) and f"'{comma}'" in m.group(3) and point in m.group(3), body + err
        assert (int(m.group(1)), int(m.group(2))) == (line, col), body + err
    # metrics say it as before, through the same words
    text = one_tp(extra="        metrics: {CSAT: 4,2}\n")
    status, out, err = run(["check", write("comma-metric.yaml", text)])
    assert status == 1 and "decimal comma" in err and "'4,2'" in err and "4.2" in err, err


if __name__ == "__main__":
    sys.exit(run_tests(cleanup=lambda: shutil.rmtree(TMP, ignore_errors=True)))
