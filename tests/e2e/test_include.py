#!/usr/bin/env python3
"""`include` (format 1.2, "Many maps"): what an include takes, what wins,
duplicate ids naming both places, errors at the included file's own lines,
nesting (8 deep, not 9), cycles, and paths that may not leave the folder.

Usage: python3 test_include.py PATH_TO_JMAP
"""
import os
import re
import subprocess
import sys
import tempfile

from harness import run_tests, test

JMAP = None
TMP = tempfile.mkdtemp(prefix="jmap-include-")
N = [0]


def folder(files):
    """A new folder holding files {relative path: text}; its path."""
    N[0] += 1
    root = os.path.join(TMP, "case%d" % N[0])
    for rel, text in files.items():
        path = os.path.join(root, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
    return root


def run(args, cwd=None):
    p = subprocess.run([JMAP] + args, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def heads(err):
    """(file, line, col, message) of every diagnostic head."""
    return [(m[0], int(m[1]), int(m[2]), m[3])
            for m in re.findall(r"^(.+?):(\d+):(\d+): (?:error|warning): (.*)$", err, re.M)]


MAP = """title: Map
{head}stages:
  - name: One
    touchpoints:
      - name: Visit
        channel: {channel}
        emotion: {emotion}
"""

PEOPLE = """personas:
  - id: maria
    name: Maria
  - name: Tom
channels:
  - id: dealer
    name: Dealership
    icon: store
"""


def journey(head="", channel="web", emotion="3"):
    return MAP.format(head=head, channel=channel, emotion=emotion)


@test
def personas_and_channels_come_from_the_include():
    root = folder({"map.yaml": journey("include: shared/people.yaml\n", "dealer", "{maria: 4, tom: 2}"),
                   "shared/people.yaml": PEOPLE + "stages: not read\ntitle: [not, read]\n"})
    rc, out, err = run(["build", "map.yaml", "-o", "map.svg"], cwd=root)
    assert rc == 0, err
    svg = open(os.path.join(root, "map.svg"), encoding="utf-8").read()
    assert 'data-persona="maria"' in svg and 'data-persona="tom"' in svg, "the included personas are drawn"
    assert "Dealership" in svg, "the included channel is drawn"


@test
def the_including_file_wins_for_theme_labels_and_lang():
    shared = PEOPLE + "lang: de\ntheme: dark\nlabels: {pains: Shared pains, doing: Shared doing}\n"
    own = journey("include: shared.yaml\n", "dealer").replace(
        "        emotion: 3\n", "        emotion: 3\n        pains: [Slow]\n        doing: Walks in\n")
    root = folder({"a.yaml": own, "b.yaml": own.replace(
        "include: shared.yaml\n", "include: shared.yaml\nlang: fr\ntheme: default\nlabels: {pains: Own pains}\n"),
        "shared.yaml": shared})
    rc, _, err = run(["build", "a.yaml", "b.yaml", "-o", "./"], cwd=root)
    assert rc == 0, err
    a = open(os.path.join(root, "a.svg"), encoding="utf-8").read()
    b = open(os.path.join(root, "b.svg"), encoding="utf-8").read()
    assert "Shared pains" in a and "Shared doing" in a, "the include's labels"
    assert "KONTAKTPUNKTE" in a.upper() and "xml:lang=\"de\"" in a or 'lang="de"' in a, "the include's lang"
    assert "Own pains" in b and "Shared pains" not in b, "the file's own label wins"
    assert "Shared doing" in b, "labels merge word by word"
    assert 'lang="fr"' in b, "the file's own lang wins"
    bg = lambda s: re.search(r'<rect[^>]*fill="(#[0-9a-fA-F]+)"', s).group(1).lower()
    assert bg(a) != bg(b), "dark from the include, default of the file's own"


@test
def a_later_include_wins_over_an_earlier_one():
    root = folder({"map.yaml": journey("include: [one.yaml, two.yaml]\n"),
                   "one.yaml": "lang: de\n", "two.yaml": "lang: fr\n"})
    rc, _, err = run(["build", "map.yaml", "-o", "map.svg"], cwd=root)
    assert rc == 0, err
    assert 'lang="fr"' in open(os.path.join(root, "map.svg"), encoding="utf-8").read()


@test
def the_same_id_from_two_places_names_both():
    root = folder({"map.yaml": journey("include: [a.yaml, b.yaml]\n"),
                   "a.yaml": "personas:\n  - id: maria\n    name: Maria\n",
                   "b.yaml": "\npersonas:\n  - name: Other\n  - id: maria\n    name: Maria B\n"})
    rc, _, err = run(["check", "map.yaml"], cwd=root)
    assert rc == 1, err
    h = heads(err)
    assert len(h) == 1, err
    f, line, col, msg = h[0]
    assert (f, line) == ("map.yaml", 2), err  # the include entry that brought the second
    assert "a.yaml:2:9" in msg and "b.yaml:4:9" in msg and "maria" in msg, msg
    # own against included: at the file's own id
    root = folder({"map.yaml": journey("include: a.yaml\npersonas:\n  - id: maria\n    name: Mine\n"),
                   "a.yaml": "personas:\n  - id: maria\n    name: Maria\n"})
    rc, _, err = run(["check", "map.yaml"], cwd=root)
    h = heads(err)
    assert rc == 1 and len(h) == 1, err
    assert h[0][:3] == ("map.yaml", 4, 9), err
    assert "a.yaml:2:9" in h[0][3] and "map.yaml:4:9" in h[0][3], err
    # channels too
    root = folder({"map.yaml": journey("include: a.yaml\nchannels:\n  - id: dealer\n"), "a.yaml": PEOPLE})
    rc, _, err = run(["check", "map.yaml"], cwd=root)
    assert rc == 1 and "duplicate channel id 'dealer'" in err and "a.yaml:6:9" in err, err


@test
def one_file_reached_twice_is_no_duplicate():
    root = folder({"map.yaml": journey("include: [a.yaml, b.yaml, c.yaml]\n", "dealer", "{maria: 4}"),
                   "a.yaml": "include: c.yaml\n", "b.yaml": "include: [c.yaml]\n", "c.yaml": PEOPLE})
    rc, _, err = run(["check", "map.yaml"], cwd=root)
    assert rc == 0, err


@test
def errors_in_an_included_file_stand_at_its_own_lines():
    root = folder({"map.yaml": journey("include: sub/people.yaml\n"),
                   "sub/people.yaml": "# shared\npersonas:\n  - name: Maria\n    color: reddish\n    agee: 3\n"})
    rc, _, err = run(["check", "map.yaml"], cwd=root)
    assert rc == 1, err
    h = heads(err)
    assert ("sub/people.yaml", 4, 12) in [x[:3] for x in h], err
    assert ("sub/people.yaml", 5, 5) in [x[:3] for x in h], err
    assert "did you mean 'age'" in err, err
    assert "    color: reddish" in err, "the source line shown is the included file's:\n" + err
    # JSON diagnostics name the file too
    rc, out, err = run(["check", "--diagnostics", "json", "map.yaml"], cwd=root)
    import json
    d = json.loads(out)
    assert {x["file"] for x in d} == {"sub/people.yaml"}, out


@test
def includes_nest_8_deep_not_9():
    files = {"map.yaml": journey("include: l1.yaml\n", "dealer")}
    for i in range(1, 9):
        files["l%d.yaml" % i] = "include: l%d.yaml\n" % (i + 1) if i < 8 else PEOPLE
    root = folder(files)
    rc, _, err = run(["check", "map.yaml"], cwd=root)
    assert rc == 0, "8 deep is allowed: " + err
    files["l8.yaml"] = "include: l9.yaml\n"
    files["l9.yaml"] = PEOPLE
    root = folder(files)
    rc, _, err = run(["check", "map.yaml"], cwd=root)
    assert rc == 1, err
    h = heads(err)
    assert h and h[0][:3] == ("l8.yaml", 1, 10), err
    assert "at most 8 deep" in err and "map.yaml -> l1.yaml" in err and "l9.yaml" in err, err


@test
def a_cycle_is_an_error_naming_the_chain():
    root = folder({"map.yaml": journey("include: a.yaml\n"), "a.yaml": "include: b.yaml\n",
                   "b.yaml": "\ninclude: [a.yaml]\n"})
    rc, _, err = run(["check", "map.yaml"], cwd=root)
    assert rc == 1, err
    h = heads(err)
    assert len(h) == 1 and h[0][:3] == ("b.yaml", 2, 11), err
    assert "a.yaml -> b.yaml -> a.yaml" in h[0][3], err
    # a file including itself, and the input included again
    root = folder({"map.yaml": journey("include: map.yaml\n")})
    rc, _, err = run(["check", "map.yaml"], cwd=root)
    assert rc == 1 and "map.yaml -> map.yaml" in err, err


@test
def paths_may_not_leave_the_folder():
    outside = folder({"secret.yaml": PEOPLE})
    for inc, what in (("../secret.yaml", "leads out"), ("sub/../../x.yaml", "leads out"),
                      (outside + "/secret.yaml", "absolute"), ("link.yaml", "symbolic link"),
                      ("sub/link.yaml", "symbolic link"), ("nothere.yaml", "no such file"),
                      ("sub", "folder"), ("''", "empty")):
        root = folder({"map.yaml": journey("include: %s\n" % inc), "sub/x.yaml": "lang: de\n"})
        os.symlink(os.path.join(outside, "secret.yaml"), os.path.join(root, "link.yaml"))
        os.symlink("../link.yaml", os.path.join(root, "sub", "link.yaml"))
        rc, _, err = run(["check", "map.yaml"], cwd=root)
        assert rc == 1, (inc, err)
        h = heads(err)
        assert len(h) == 1 and h[0][:3] == ("map.yaml", 2, 10), (inc, err)
        assert what in h[0][3], (inc, err)
    # a symlink inside the folder is fine, and a/../b stays inside
    for inc in ("in.yaml", "sub/../real.yaml"):
        root = folder({"map.yaml": journey("include: %s\n" % inc, "dealer"), "real.yaml": PEOPLE, "sub/x": ""})
        os.symlink("real.yaml", os.path.join(root, "in.yaml"))
        rc, _, err = run(["check", "map.yaml"], cwd=root)
        assert rc == 0, (inc, err)


@test
def an_include_is_found_beside_the_file_not_the_working_folder():
    root = folder({"maps/map.yaml": journey("include: people.yaml\n", "dealer"), "maps/people.yaml": PEOPLE})
    rc, _, err = run(["check", os.path.join(root, "maps", "map.yaml")])
    assert rc == 0, err
    rc, _, err = run(["check", "maps/map.yaml"], cwd=root)
    assert rc == 0, err
    rc, _, err = run(["build", "maps/map.yaml", "-o", "out/"], cwd=root)
    assert rc == 0, err


@test
def an_included_file_with_the_wrong_shape():
    for text, what in (("- a\n- b\n", "must be a mapping"), ("lang: de\n---\nlang: fr\n", "one document"),
                       ("personas: 5\n", "personas")):
        root = folder({"map.yaml": journey("include: x.yaml\n"), "x.yaml": text})
        rc, _, err = run(["check", "map.yaml"], cwd=root)
        assert rc == 1 and what in err and heads(err)[0][0] == "x.yaml", (text, err)
    root = folder({"map.yaml": journey("include: x.yaml\n"), "x.yaml": ""})
    rc, _, err = run(["check", "map.yaml"], cwd=root)
    assert rc == 0, "an empty include gives nothing: " + err


@test
def sources_come_from_the_include_too():
    shared = PEOPLE + "sources:\n  - id: survey\n    name: Survey Q3\n    kind: survey\n"
    own = journey("include: shared.yaml\n").replace("        emotion: 3\n", "        emotion: 3\n        source: survey\n")
    root = folder({"map.yaml": own, "shared.yaml": shared})
    rc, _, err = run(["build", "map.yaml", "-o", "map.svg"], cwd=root)
    assert rc == 0, err
    svg = open(os.path.join(root, "map.svg"), encoding="utf-8").read()
    assert "Survey Q3" in svg and 'data-source="survey"' in svg, "the included source is listed and cited"
    root = folder({"map.yaml": own.replace("include: shared.yaml\n", "include: shared.yaml\nsources:\n  - id: survey\n"
                                           "    name: Mine\n"), "shared.yaml": shared})
    rc, _, err = run(["check", "map.yaml"], cwd=root)
    h = heads(err)
    assert rc == 1 and len(h) == 1 and h[0][:3] == ("map.yaml", 4, 9), err
    assert "duplicate source id 'survey'" in err and "shared.yaml:10:9" in err and "map.yaml:4:9" in err, err


def main():
    global JMAP
    JMAP = os.path.abspath(sys.argv[1])
    import shutil
    return run_tests(cleanup=lambda: shutil.rmtree(TMP, ignore_errors=True))


if __name__ == "__main__":
    sys.exit(main())
