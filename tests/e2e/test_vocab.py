#!/usr/bin/env python3
"""The vocabulary and the limits, one home each: what the docs, the help and
the starters of `jmap init` say matches the tables jmap is built from.

Usage: python3 tests/e2e/test_vocab.py path/to/jmap

The lists (channels, lanes, themes, languages) are read from `jmap schema`,
which is made from src/model/channels.def, lanes.def, themes.def and the
language tables; the limits from src/model/limits.h. Adding a channel, a
theme or a language, or changing a limit, fails here until the text users
read says so too (docs/architecture-vocabulary.md says where).
"""
import json
import os
import re
import subprocess
import sys
from harness import run_tests, test

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.environ.get("JMAP_SOURCE_DIR") or os.path.dirname(os.path.dirname(HERE))
JMAP = sys.argv[1] if len(sys.argv) > 1 else "jmap"


def read(rel):
    with open(os.path.join(SOURCE, rel), encoding="utf-8") as f:
        return f.read()


def run(*args):
    return subprocess.run([JMAP, *args], capture_output=True, text=True, check=False).stdout


SCHEMA = json.loads(run("schema"))
CHANNELS = SCHEMA["$defs"]["builtinChannel"]["enum"]
THEMES = SCHEMA["$defs"]["themeName"]["enum"]
LANES = SCHEMA["properties"]["lanes"]["items"]["enum"]
LANGUAGES = SCHEMA["properties"]["lang"]["examples"]


def paragraph(text, needle):
    """The run of lines around the first one holding needle, up to blank lines."""
    lines = text.split("\n")
    at = next(i for i, line in enumerate(lines) if needle in line)
    lo = at
    while lo > 0 and lines[lo - 1].strip() not in ("", "#"):
        lo -= 1
    hi = at
    while hi + 1 < len(lines) and lines[hi + 1].strip() not in ("", "#"):
        hi += 1
    return "\n".join(lines[lo:hi + 1])


def missing(names, text):
    words = set(re.findall(r"[a-z][a-z-]*", text))
    return [n for n in names if n not in words]


@test
def the_tables_are_what_the_spec_starts_from():
    assert CHANNELS[:5] == ["web", "mobile", "email", "phone", "chat"] and CHANNELS[-1] == "other", CHANNELS
    assert LANES[0] == "evidence" and LANES[-1] == "sources" and "actions" in LANES, LANES
    assert THEMES[0] == "default", THEMES
    assert LANGUAGES[0] == "en", LANGUAGES


@test
def the_format_names_every_channel_lane_theme_and_language():
    doc = read("docs/journey-format.md")
    gone = missing(CHANNELS, paragraph(doc, "names a channel declared under"))
    assert not gone, f"docs/journey-format.md's list of built-in channels lacks {gone}"
    gone = missing(LANES, paragraph(doc, "lists lane names"))
    assert not gone, f"docs/journey-format.md's list of lanes lacks {gone}"
    themes = ", ".join(f"`{t}`" for t in THEMES)
    assert f"built-in name ({themes})" in doc, f"docs/journey-format.md should name the themes {themes}"
    langs = ", ".join(LANGUAGES)
    assert f"built-in words ({langs})" in doc, f"docs/journey-format.md should name the languages {langs}"


@test
def languages_md_has_a_row_for_every_channel():
    doc = read("docs/languages.md")
    gone = [c for c in CHANNELS if f"| `{c}` |" not in doc]
    assert not gone, f"docs/languages.md has no row for {gone}"


@test
def every_starter_names_every_channel():
    starters = ["cmd/jmap/starter.yaml"] + sorted(
        "cmd/jmap/starters/" + f for f in os.listdir(os.path.join(SOURCE, "cmd/jmap/starters")))
    for s in starters:
        gone = missing(CHANNELS, paragraph(read(s), "self-service"))
        assert not gone, f"{s}'s list of built-in channels lacks {gone}"


@test
def the_help_names_every_theme_and_language():
    langs = ", ".join(LANGUAGES)
    assert f"has words for: {langs}" in run("init", "--help"), f"jmap init --help should name {langs}"
    themes = ", ".join(THEMES)
    assert f"--theme NAME|FILE {themes}, or" in run("build", "--help"), f"jmap build --help should name {themes}"
    assert f"({langs};" in read("docs/cli.md"), f"docs/cli.md should name the languages {langs}"


def limits():
    """src/model/limits.h's JM_* numbers."""
    out = {}
    for name, expr in re.findall(r"^#define (JM_\w+) +(\S[^/\n]*?)\s*(?:/\*.*)?$", read("src/model/limits.h"), re.M):
        out[name] = eval(re.sub(r"(\d)u\b", r"\1", expr))  # noqa: S307 - the project's own header
    return out


def spaced(n):
    """10000 as the docs write it: 10 000."""
    return f"{int(n):,}".replace(",", " ")


@test
def the_docs_give_the_limits_of_limits_h():
    lim = limits()
    mib = 1024 * 1024
    doc = read("docs/journey-format.md")
    want = [f"input files over {lim['JM_MAX_INPUT'] // mib} MiB",
            f"nesting deeper than {lim['JM_MAX_DEPTH']} levels",
            f"more than {spaced(lim['JM_MAX_ALIAS_NODES'])} nodes",
            f"more than {spaced(lim['JM_MAX_NODES'])} YAML nodes",
            f"more than {spaced(lim['JM_MAX_TOUCHPOINTS'])} touchpoints",
            f"more than {spaced(lim['JM_MAX_PERSONAS'])} personas",
            f"over {spaced(lim['JM_MAX_TEXT'])} characters",
            f"over {spaced(lim['JM_MAX_LABEL'])} characters",
            f"At most {lim['JM_MAX_ERRORS']}\ndiagnostics",
            f"at most {lim['JM_MAX_MAP_TEXT'] // mib} MiB of text and {spaced(lim['JM_MAX_MAP_ITEMS'])} texts"]
    flat = " ".join(doc.split())
    gone = [w for w in want if " ".join(w.split()) not in flat]
    assert not gone, f"docs/journey-format.md does not say {gone}"
    fmt = " ".join(read("docs/format.md").split())
    want = [f"{lim['JM_MAX_INPUT'] // mib} MiB of input", f"deeper than {lim['JM_MAX_DEPTH']} collections",
            f"more than {spaced(lim['JM_MAX_ALIAS_NODES'])} nodes", f"more than {spaced(lim['JM_MAX_NODES'])}",
            f"more than {spaced(lim['JM_MAX_TOUCHPOINTS'])} touchpoints", f"At most {lim['JM_MAX_ERRORS']} diagnostics",
            f"{spaced(lim['JM_PNG_MAX'])} pixels wide"]
    gone = [w for w in want if w not in fmt]
    assert not gone, f"docs/format.md does not say {gone}"
    assert lim["JM_MAX_INPUT"] == 16 * mib  # jmap.h's JMAP_MAX_INPUT, a public promise


@test
def the_cli_reads_the_input_limit_from_the_public_header():
    for root, _, names in os.walk(os.path.join(SOURCE, "cmd")):
        for n in names:
            if n.endswith((".c", ".h")):
                text = read(os.path.relpath(os.path.join(root, n), SOURCE))
                assert "16u * 1024u" not in text and "READ_LIMIT" not in text, \
                    f"{n}: use JMAP_MAX_INPUT (jmap.h) for the input limit"


sys.exit(run_tests())
