#!/usr/bin/env python3
"""End-to-end tests of Mermaid journeys: build, check and import of .mmd files.

Usage: python3 test_mermaid.py PATH_TO_JMAP

Every diagram of tests/mermaid/ builds, or fails with the expected message at
the expected place (tests/mermaid/expected.json); its stage, touchpoint and
persona counts match Mermaid's own parse; `import` then `build` gives the
same bytes as `build` of the diagram.
"""

import json
import os
import re
import subprocess
import sys
import tempfile
import unittest

JMAP = None
SOURCE_DIR = os.environ.get("JMAP_SOURCE_DIR") or os.path.abspath(
    os.path.join(os.path.dirname(__file__), "..", ".."))
CORPUS = os.path.join(SOURCE_DIR, "tests", "mermaid")
HEAD = re.compile(r"^(?P<file>.+):(?P<line>\d+):(?P<col>\d+): (?P<sev>error|warning): (?P<msg>.+)$")


def run(args, stdin=b""):
    p = subprocess.run([JMAP] + args, input=stdin, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=120)
    return p.returncode, p.stdout, p.stderr.decode("utf-8")


def diags(stderr, sev="error"):
    out = []
    for line in stderr.splitlines():
        m = HEAD.match(line)
        if m and m.group("sev") == sev:
            out.append((int(m.group("line")), int(m.group("col")), m.group("msg")))
    return out


def counts(yaml_text):
    """Stages, touchpoints and personas of an imported file (its layout is jmap's own)."""
    lines = yaml_text.splitlines()
    stages_at = lines.index("stages:")
    return {"stages": sum(1 for l in lines[stages_at:] if l.startswith("  - name: ")),
            "touchpoints": sum(1 for l in lines if l.startswith("      - name: ")),
            "personas": sum(1 for l in lines[:stages_at] if l.startswith("  - name: "))}


def write(d, name, text):
    path = os.path.join(d, name)
    with open(path, "wb") as f:
        f.write(text.encode("utf-8") if isinstance(text, str) else text)
    return path


class Corpus(unittest.TestCase):
    def setUp(self):
        with open(os.path.join(CORPUS, "expected.json"), encoding="utf-8") as f:
            self.expected = json.load(f)["files"]

    def test_corpus_is_complete(self):
        files = sorted(f for f in os.listdir(CORPUS) if f.endswith(".mmd"))
        self.assertGreaterEqual(len(files), 15)
        self.assertEqual(files, sorted(self.expected))
        projects = set()
        for f in files:
            with open(os.path.join(CORPUS, f), encoding="utf-8") as fh:
                first = fh.readline()
            self.assertTrue(first.startswith("%% Source: "), f)
            where = first[len("%% Source: "):].split()
            if where and "/" in where[0] and where[0] != "mermaid-js/mermaid":
                projects.add(where[0])
        # real diagrams from at least 15 projects whose repository is known,
        # besides Mermaid's own documentation
        self.assertGreaterEqual(len(projects), 15, sorted(projects))

    def test_each_builds_or_fails_where_expected(self):
        with tempfile.TemporaryDirectory() as d:
            for name, exp in sorted(self.expected.items()):
                with self.subTest(diagram=name):
                    src = os.path.join(CORPUS, name)
                    status, out, err = run(["import", src])
                    if "error" in exp:
                        self.assertEqual(status, 1, err)
                        e = exp["error"]
                        first = diags(err)[0]
                        self.assertEqual(first[:2], (e["line"], e["column"]), err)
                        self.assertIn(e["contains"], first[2])
                        self.assertEqual(out, b"")
                        status, _, err2 = run(["build", src, "-o", os.path.join(d, "x.svg")])
                        self.assertEqual(status, 1)
                        self.assertFalse(os.path.exists(os.path.join(d, "x.svg")))
                        continue
                    self.assertEqual(status, 0, err)
                    self.assertEqual(diags(err), [])
                    text = out.decode("utf-8")
                    self.assertTrue(text.startswith("# Imported by jmap import from \"" + name + "\""))
                    self.assertEqual(counts(text), {k: exp[k] for k in ("stages", "touchpoints", "personas")})
                    yaml = write(d, name + ".yaml", out)
                    a, b = os.path.join(d, "a.svg"), os.path.join(d, "b.svg")
                    self.assertEqual(run(["build", src, "-o", a])[0], 0)
                    self.assertEqual(run(["build", yaml, "-o", b])[0], 0)
                    with open(a, "rb") as fa, open(b, "rb") as fb:
                        self.assertEqual(fa.read(), fb.read(), name)

    def test_same_bytes_png_and_pdf(self):
        src = os.path.join(CORPUS, "tictactoe-ja.mmd")
        with tempfile.TemporaryDirectory() as d:
            status, out, err = run(["import", src, "-o", os.path.join(d, "t.yaml")])
            self.assertEqual(status, 0, err)
            self.assertEqual(out, b"")
            for ext in ("png", "pdf"):
                a, b = os.path.join(d, "a." + ext), os.path.join(d, "b." + ext)
                self.assertEqual(run(["build", src, "-o", a])[0], 0)
                self.assertEqual(run(["build", os.path.join(d, "t.yaml"), "-o", b])[0], 0)
                with open(a, "rb") as fa, open(b, "rb") as fb:
                    self.assertEqual(fa.read(), fb.read(), ext)

    def test_default_output_name(self):
        with tempfile.TemporaryDirectory() as d:
            with open(os.path.join(CORPUS, "crystaltools.mmd"), encoding="utf-8") as f:
                src = write(d, "day.mmd", f.read())
            self.assertEqual(run(["build", src])[0], 0)
            self.assertTrue(os.path.exists(os.path.join(d, "day.svg")))


class Grammar(unittest.TestCase):
    """What people write, and what Mermaid misreads."""

    def check(self, text, name="t.mmd"):
        with tempfile.TemporaryDirectory() as d:
            status, out, err = run(["import", write(d, name, text)])
            return status, out.decode("utf-8"), err

    def test_forms_people_write(self):
        text = ("---\ntitle: From front matter\n---\n%%{init: {'theme': 'forest'}}%%\n"
                "%% a comment\n\n\tjourney   \n\taccTitle: Acc\n  accDescr {\n    Two\n    lines\n  }\n"
                "Before any section: 4\n  section Sign in  \n    Signin : 3 : Me   \n"
                "    Ask the AI: 2.5: AI, Server\n    Read <br> docs: 5\n    Smile 😀: 7: Кот\n"
                "    Score low: -1: Me # a comment\n")
        status, out, err = self.check(text)
        self.assertEqual(status, 0, err)
        self.assertEqual(diags(err), [])
        warnings = diags(err, "warning")
        self.assertEqual([w[:2] for w in warnings], [(4, 1), (18, 14), (19, 16)], err)
        self.assertIn('title: "From front matter"', out)
        self.assertIn('description: "Two\\nlines"', out)
        self.assertIn("scale: [-1, 7]", out)
        self.assertIn('  - name: "From front matter"\n    touchpoints:\n      - name: "Before any section"', out)
        self.assertIn('  - name: "Sign in"', out)
        self.assertIn('      - name: "Signin"\n        emotion: 3\n        personas: [me]', out)
        self.assertIn('personas: [ai, server]', out)
        self.assertIn('- name: "Read\\ndocs"\n        emotion: 5\n', out)
        self.assertIn('  - name: "Кот"\n', out)
        self.assertIn('personas: [persona-4]', out)

    def test_title_statement_wins_and_fallbacks(self):
        st, out, _ = self.check("---\ntitle: A\n---\njourney\ntitle B\nsection S\nx: 3\n")
        self.assertIn('title: "B"', out)
        st, out, _ = self.check("journey\naccTitle: C\nsection S\nx: 3\n")
        self.assertIn('title: "C"', out)
        st, out, _ = self.check("journey\nsection S\nx: 3\n", name="signup-flow.mmd")
        self.assertIn('title: "signup-flow"', out)

    def test_errors_point_where_mermaid_fails_or_misreads(self):
        cases = [
            ("journey\nsection S\n  Task -> 3: User\n", 3, 8, "'->' where ':' belongs"),
            ("journey\nsection S\n  Step 1: Log in: 5: Me\n", 3, 9, "a ':' inside the task name"),
            ("journey\nsection S\n  Foo bar\n", 3, 3, "is not a statement"),
            ("journey\nsection S\n  Fix #12: 3\n", 3, 7, "'#' starts a comment"),
            ("journey\nsection S\n  Tea: high: Me\n", 3, 8, "the score 'high' is not a number"),
            ("journey\nsection S\n  Tea: \n", 3, 7, "the score is missing"),
            ("journey\nsection S\n  Tea: 3 %% note\n", 3, 8, "is not a number"),
            ("journey\nsection Q1: Research\n  Tea: 3\n", 2, 11, "a ':' in a section name"),
            ("journey\nsection S\n  Title page: 5\n", 3, 3, "as the diagram's title"),
            ("journey\nsection S\n  Journey map: 5\n", 3, 3, "'journey' here"),
            ("journey\nsection S\n  Tea; coffee: 3\n", 3, 6, "';' is not allowed"),
            ("journey\nsection S\n  Tea: 3: A: B\n", 3, 12, "a third ':'"),
            ("", 1, 1, "the diagram is empty"),
            ("%% only a comment\n", 1, 1, "the diagram is empty"),
            ("journey\ntitle Only a title\n", 2, 19, "no sections and no tasks"),
            ("flowchart LR\n  A --> B\n", 1, 1, "not a 'journey'"),
            ("Journey\nsection S\nx: 3\n", 1, 1, "in lower case"),
            ("```mermaid\njourney\n```\n", 1, 1, "inside a Markdown fence"),
        ]
        for text, line, col, msg in cases:
            with self.subTest(text=text):
                status, out, err = self.check(text)
                self.assertEqual(status, 1, err)
                self.assertEqual(out, "")
                first = diags(err)[0]
                self.assertEqual(first[:2], (line, col), err)
                self.assertIn(msg, first[2])
                self.assertRegex(err, r"\n  .*\n  *\^\n")

    def test_every_bad_line_is_reported(self):
        status, out, err = self.check("journey\nsection S\n a -> 1\n b: x\n c: 2\n d\n")
        self.assertEqual([d[0] for d in diags(err)], [3, 4, 6])

    def test_markdown_is_not_read(self):
        with tempfile.TemporaryDirectory() as d:
            md = write(d, "doc.md", "# Title\n\nText.\n\n```mermaid\njourney\n  section A\n    x: 3\n```\n")
            status, _, err = run(["check", md])
            self.assertEqual(status, 1)
            errs = diags(err)
            self.assertEqual(len(errs), 1, err)
            self.assertEqual(errs[0][:2], (5, 1))
            self.assertIn("inside a Markdown file is not read", errs[0][2])

    def test_detected_by_content_and_stdin(self):
        text = b"%% notes\n\njourney\n  section A\n    x: 3: Me\n"
        status, out, err = run(["check", "-"], stdin=text)
        self.assertEqual(status, 0, err)
        status, out, err = run(["import", "-"], stdin=text)
        self.assertEqual(status, 0, err)
        self.assertTrue(out.startswith(b"# Imported by jmap import from standard input"))
        with tempfile.TemporaryDirectory() as d:
            status, _, err = run(["import", write(d, "j.yaml", "title: T\nstages: [{name: A}]\n")])
            self.assertEqual(status, 1)
            self.assertIn("is not a Mermaid journey", err)

    def test_hostile_strings_stay_strings(self):
        text = ('journey\ntitle "quoted" \\ back: no\nsection {a [b]}\n  - item: 3: &x, *y, !!str\n'
                '  null: 2: "Me"\n  x\u2028y #35; z: 4: Me\n')
        status, out, err = self.check(text)
        self.assertEqual(status, 0, err)
        self.assertIn('title: "\\"quoted\\" \\\\ back: no"', out)
        self.assertIn('- name: "x\\u2028y # z"', out)

    def test_import_writes_a_file_and_refuses_the_input(self):
        with tempfile.TemporaryDirectory() as d:
            src = write(d, "a.mmd", "journey\nsection S\nx: 3\n")
            self.assertEqual(run(["import", src, "-o", src])[0], 2)
            self.assertEqual(run(["import"])[0], 2)
            self.assertEqual(run(["import", "--bogus", src])[0], 2)
            self.assertEqual(run(["import", os.path.join(d, "missing.mmd")])[0], 3)
            self.assertEqual(run(["help", "import"])[0], 0)


if __name__ == "__main__":
    JMAP = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=1)
