#!/usr/bin/env python3
"""End-to-end tests of `jmap check` and the program's general options.

Usage: python3 test_check.py PATH_TO_JMAP
(JMAP_SOURCE_DIR names the source root, for examples/.)

Runs the built program as a subprocess and checks what a user or a CI job
sees: exit status, the diagnostics on standard error in the form
`FILE:LINE:COLUMN: error: MESSAGE` + source line + caret line, the JSON
diagnostics on standard output, and the usage hints.
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

HEAD = re.compile(r"^(?P<file>.+):(?P<line>\d+):(?P<col>\d+): error: (?P<msg>.+)$")
JSON_KEYS = {"file", "line", "column", "severity", "message"}


def run(args, stdin=b""):
    """Runs jmap with args; returns (status, stdout text, stderr text)."""
    p = subprocess.run([JMAP] + args, input=stdin, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=120)
    return p.returncode, p.stdout.decode("utf-8"), p.stderr.decode("utf-8")


def source_lines(data):
    """The lines of a file as jmap numbers them: LF, CRLF or CR end a line."""
    return re.split(r"\r\n|\n|\r", data.decode("utf-8"))


def parse_text_diagnostics(test, stderr):
    """Checks that stderr is a run of (head, source line, caret line) triples,
    optionally followed by one summary line; returns the heads as dicts with
    the printed source and caret lines."""
    lines = stderr.split("\n")
    test.assertEqual(lines[-1], "", "stderr must end with a newline")
    lines = lines[:-1]
    diags = []
    i = 0
    while i < len(lines):
        m = HEAD.match(lines[i])
        if not m:
            # only a final "N more errors" summary may stand outside a triple
            test.assertEqual(i, len(lines) - 1, "unexpected stderr line %r in:\n%s" % (lines[i], stderr))
            test.assertRegex(lines[i], r"\d+ more errors?")
            break
        test.assertLessEqual(i + 3, len(lines), "a diagnostic lacks its source and caret lines:\n" + stderr)
        d = m.groupdict()
        d["line"], d["col"] = int(d["line"]), int(d["col"])
        d["source"], d["caret"] = lines[i + 1], lines[i + 2]
        diags.append(d)
        i += 3
    return diags


def check_caret(test, d, src_line):
    """The printed source line is the file's line (after an indent) and the
    caret sits under the column: one blank per character before it (a tab
    where the source has a tab)."""
    printed, caret = d["source"], d["caret"]
    test.assertTrue(printed.endswith(src_line), "%r does not show source line %r" % (printed, src_line))
    indent = printed[:len(printed) - len(src_line)]
    test.assertTrue(caret.startswith(indent), "caret line %r lacks the indent %r" % (caret, indent))
    under = caret[len(indent):]
    col = d["col"]
    test.assertEqual(under, under.rstrip(), "nothing may follow the caret")
    test.assertEqual(len(under), col, "caret line %r: the caret must be character %d" % (caret, col))
    test.assertEqual(under[-1], "^")
    for k, ch in enumerate(under[:-1]):
        want = "\t" if k < len(src_line) and src_line[k] == "\t" else " "
        test.assertEqual(ch, want, "caret line %r: character %d" % (caret, k + 1))


def check_usage_hint(test, status, out, err):
    test.assertEqual(status, 2, err)
    test.assertEqual(out, "")
    lines = err.rstrip("\n").split("\n")
    test.assertTrue(1 <= len(lines) <= 2, "a message and a one-line usage hint, got:\n" + err)
    test.assertRegex(lines[-1].lower(), r"usage|jmap help")
    for line in lines:
        test.assertLess(len(line), 200)


# Bad inputs: name -> (content, [(line, column, words in the message)]).
BAD = {
    "unknown-key.yaml": (
        b"title: Trip\nstages:\n  - name: Plan\n    touchpoints:\n      - name: Book\n        emotoin: 3\n",
        [(6, 9, "emotoin")]),
    "several.yaml": (
        b"title: Trip\ncolour: red\nstages:\n  - name: Plan\n    touchpoints:\n"
        b"      - {name: Book, channel: fax, emotion: 9}\n",
        [(2, 1, "colour"), (6, 31, "fax"), (6, 45, "outside the scale")]),
    "syntax.yaml": (
        b"title: Trip: to Rome\nstages:\n  - name: Plan\n",
        [(1, 12, "YAML")]),
    "not-a-mapping.yaml": (
        b"- title: Trip\n",
        [(1, 1, "mapping")]),
    "empty-stages.yaml": (
        b"title: Trip\nstages: []\n",
        [(2, 9, "at least one stage")]),
    # multi-byte characters before the column
    "multibyte.yaml": (
        "title: Поездка\nstages:\n  - {name: Ödön Łódź, gaol: x}\n".encode("utf-8"),
        [(3, 23, "gaol")]),
    # a tab before the column
    "tab.yaml": (
        b"title: Trip\nstages:\n  - {name: a,\tgaol: x}\n",
        [(3, 15, "gaol")]),
    "crlf.yaml": (
        b"title: Trip\r\nstages:\r\n  - name: Plan\r\n    touchpoints:\r\n      - name: Book\r\n"
        b"        channel: emial\r\n",
        [(6, 18, "emial")]),
    "quote.yaml": (
        b"title: Trip\nstages:\n  - name: \"Plan\n",
        [(3, 11, "quoted")]),
}

GOOD = b"title: Trip\nstages:\n  - name: Plan\n    touchpoints:\n      - {name: Book, channel: web, emotion: 4}\n"


class Check(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory(prefix="jmap-e2e-")
        self.dir = self.tmp.name

    def tearDown(self):
        self.tmp.cleanup()

    def write(self, name, data):
        path = os.path.join(self.dir, name)
        with open(path, "wb") as f:
            f.write(data)
        return path

    # ---- good inputs ----

    def test_examples_are_valid(self):
        ex = os.path.join(SOURCE_DIR, "examples")
        files = sorted(f for f in os.listdir(ex) if f.endswith((".yaml", ".yml")))
        self.assertGreater(len(files), 0, "no examples found in " + ex)
        for name in files:
            with self.subTest(example=name):
                status, out, err = run(["check", os.path.join(ex, name)])
                self.assertEqual(status, 0, err)
                self.assertEqual(err, "")
                self.assertEqual(out, "")

    def test_all_examples_at_once(self):
        ex = os.path.join(SOURCE_DIR, "examples")
        files = [os.path.join(ex, f) for f in sorted(os.listdir(ex)) if f.endswith((".yaml", ".yml"))]
        status, out, err = run(["check"] + files)
        self.assertEqual((status, out, err), (0, "", ""))

    # ---- bad inputs, text diagnostics ----

    def test_bad_files_text_diagnostics(self):
        for name, (data, want) in BAD.items():
            with self.subTest(file=name):
                path = self.write(name, data)
                status, out, err = run(["check", path])
                self.assertEqual(status, 1, err)
                self.assertEqual(out, "", "diagnostics go to standard error")
                diags = parse_text_diagnostics(self, err)
                got = [(d["line"], d["col"]) for d in diags]
                self.assertEqual(got, [(l, c) for l, c, _ in want], err)
                src = source_lines(data)
                for d, (_, _, words) in zip(diags, want):
                    self.assertEqual(d["file"], path)
                    self.assertIn(words, d["msg"])
                    check_caret(self, d, src[d["line"] - 1])

    def test_error_limit_per_file(self):
        data = "".join("unknown%02d: 1\n" % i for i in range(60)) + "title: t\nstages:\n  - name: a\n"
        path = self.write("many.yaml", data.encode())
        status, out, err = run(["check", path])
        self.assertEqual(status, 1)
        diags = parse_text_diagnostics(self, err)
        self.assertEqual(len(diags), 50)
        self.assertEqual([d["line"] for d in diags], list(range(1, 51)))
        self.assertIn("10 more", err.rstrip("\n").split("\n")[-1])

    def test_several_inputs_one_bad(self):
        good1 = self.write("good1.yaml", GOOD)
        bad1 = self.write("bad1.yaml", BAD["unknown-key.yaml"][0])
        good2 = self.write("good2.yaml", GOOD)
        bad2 = self.write("bad2.yaml", BAD["empty-stages.yaml"][0])
        status, out, err = run(["check", good1, bad1, good2, bad2])
        self.assertEqual(status, 1, err)
        diags = parse_text_diagnostics(self, err)
        # the input after the first bad one is still checked
        self.assertEqual([(d["file"], d["line"]) for d in diags], [(bad1, 6), (bad2, 2)])

    # ---- JSON diagnostics ----

    def test_json_diagnostics(self):
        path = self.write("several.yaml", BAD["several.yaml"][0])
        for args in (["--diagnostics", "json", path], [path, "--diagnostics", "json"],
                     ["--diagnostics=json", path]):
            with self.subTest(args=args):
                status, out, err = run(["check"] + args)
                self.assertEqual(status, 1)
                self.assertEqual(err, "")
                items = json.loads(out)
                self.assertIsInstance(items, list)
                self.assertEqual(len(items), 3)
                for item in items:
                    self.assertIsInstance(item, dict)
                    self.assertEqual(set(item), JSON_KEYS)
                    self.assertEqual(item["file"], path)
                    self.assertEqual(item["severity"], "error")
                    self.assertIsInstance(item["line"], int)
                    self.assertIsInstance(item["column"], int)
                    self.assertIsInstance(item["message"], str)
                want = BAD["several.yaml"][1]
                self.assertEqual([(i["line"], i["column"]) for i in items], [(l, c) for l, c, _ in want])
                for item, (_, _, words) in zip(items, want):
                    self.assertIn(words, item["message"])

    def test_json_same_as_text(self):
        paths = [self.write(n, d) for n, (d, _) in BAD.items()]
        _, _, err = run(["check"] + paths)
        text = [(d["file"], d["line"], d["col"], d["msg"]) for d in parse_text_diagnostics(self, err)]
        status, out, err = run(["check", "--diagnostics", "json"] + paths)
        self.assertEqual(status, 1)
        items = json.loads(out)
        self.assertEqual([(i["file"], i["line"], i["column"], i["message"]) for i in items], text)

    def test_json_quotes_and_unicode(self):
        data = 'title: t\nstages:\n  - name: a\n    "ke\\"y\\\\ Ödön": 1\n'.encode("utf-8")
        path = self.write('quote"and\\slash.yaml', data)
        status, out, err = run(["check", "--diagnostics", "json", path])
        self.assertEqual(status, 1)
        items = json.loads(out)
        self.assertEqual(len(items), 1)
        self.assertEqual(items[0]["file"], path)
        self.assertIn('ke"y\\ Ödön', items[0]["message"])

    def test_json_good_file(self):
        path = self.write("good.yaml", GOOD)
        status, out, err = run(["check", "--diagnostics", "json", path])
        self.assertEqual((status, err), (0, ""))
        self.assertEqual(json.loads(out), [])

    def test_json_missing_file(self):
        missing = os.path.join(self.dir, "missing.yaml")
        status, out, err = run(["check", "--diagnostics", "json", missing])
        self.assertEqual(status, 3)
        items = json.loads(out)
        self.assertIsInstance(items, list)
        for item in items:
            self.assertEqual(set(item), JSON_KEYS)

    # ---- reading ----

    def test_missing_file(self):
        missing = os.path.join(self.dir, "missing.yaml")
        status, out, err = run(["check", missing])
        self.assertEqual(status, 3)
        self.assertEqual(out, "")
        self.assertIn("missing.yaml", err)

    def test_missing_file_among_others(self):
        missing = os.path.join(self.dir, "missing.yaml")
        good = self.write("good.yaml", GOOD)
        status, out, err = run(["check", missing, good])
        self.assertEqual(status, 3)
        self.assertNotIn("good.yaml", err)

    def test_directory_as_input(self):
        status, out, err = run(["check", self.dir])
        self.assertEqual(status, 3)
        self.assertNotEqual(err, "")

    def test_stdin(self):
        status, out, err = run(["check", "-"], stdin=GOOD)
        self.assertEqual((status, out, err), (0, "", ""))
        data = BAD["unknown-key.yaml"][0]
        status, out, err = run(["check", "-"], stdin=data)
        self.assertEqual(status, 1)
        diags = parse_text_diagnostics(self, err)
        self.assertEqual([(d["line"], d["col"]) for d in diags], [(6, 9)])
        check_caret(self, diags[0], source_lines(data)[5])
        # a file and stdin together
        bad = self.write("bad.yaml", BAD["empty-stages.yaml"][0])
        status, out, err = run(["check", bad, "-"], stdin=data)
        self.assertEqual(status, 1)
        self.assertEqual([d["line"] for d in parse_text_diagnostics(self, err)], [2, 6])

    # ---- the command line ----

    def test_unknown_option(self):
        good = self.write("good.yaml", GOOD)
        check_usage_hint(self, *run(["check", "--frobnicate", good]))
        check_usage_hint(self, *run(["check", "--diagnostics", "xml", good]))
        check_usage_hint(self, *run(["check", good, "--diagnostics"]))
        check_usage_hint(self, *run(["--frobnicate"]))
        check_usage_hint(self, *run(["frobnicate"]))

    def test_no_input(self):
        check_usage_hint(self, *run(["check"]))
        check_usage_hint(self, *run(["check", "--diagnostics", "json"]))
        check_usage_hint(self, *run([]))

    def test_version(self):
        status, out, err = run(["--version"])
        self.assertEqual((status, err), (0, ""))
        self.assertRegex(out, r"^jmap \d+\.\d+\.\d+\n$")

    def test_help(self):
        status, out, err = run(["--help"])
        self.assertEqual((status, err), (0, ""))
        for word in ("build", "check", "init", "schema", "--version"):
            self.assertIn(word, out)
        status2, out2, _ = run(["-h"])
        self.assertEqual((status2, out2), (0, out))

    def test_help_check(self):
        status, out, err = run(["help", "check"])
        self.assertEqual((status, err), (0, ""))
        self.assertIn("jmap check", out)
        self.assertIn("--diagnostics", out)
        self.assertIn("json", out)
        self.assertEqual(run(["check", "--help"]), (0, out, ""))
        status, out, err = run(["help", "frobnicate"])
        self.assertEqual(status, 2)


def main():
    global JMAP
    if len(sys.argv) != 2:
        print("usage: test_check.py PATH_TO_JMAP", file=sys.stderr)
        return 2
    JMAP = os.path.abspath(sys.argv[1])
    suite = unittest.defaultTestLoader.loadTestsFromTestCase(Check)
    result = unittest.TextTestRunner(verbosity=2, stream=sys.stdout).run(suite)
    failed = len(result.failures) + len(result.errors) + len(result.unexpectedSuccesses)
    passed = result.testsRun - failed - len(result.skipped)
    print("%d passed, %d failed" % (passed, failed))
    return 0 if failed == 0 and result.testsRun > 0 else 1


if __name__ == "__main__":
    sys.exit(main())
