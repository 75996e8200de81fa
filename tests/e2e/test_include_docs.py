#!/usr/bin/env python3
"""The documentation integrations follow `include` (1.2): MkDocs (plugin and
Markdown extension), Sphinx and the pandoc filter read a journey's includes
beside the journey file (or, for a journey written in a page, beside the
page), whatever the working directory; an edit of an included file draws
the map again (the caches are keyed by its bytes); an error inside an
included file is reported at that file.

Usage: python3 test_include_docs.py PATH_TO_JMAP"""
import os
import sys

import harness
import test_docs as td
from harness import run_tests, test

harness.TESTS.clear()  # test_docs's own tests are its script's; only its tools are wanted here

PEOPLE = "personas:\n  - id: ann\n    name: {name}\n"
MAP = """title: Included
include: shared/people.yaml
stages:
  - name: Visit
    touchpoints:
      - {name: Test drive, emotion: {ann: 4}}
"""


def people(root, name):
    td.write(os.path.join(root, "shared", "people.yaml"), PEOPLE.format(name=name))


@test
def test_mkdocs_follows_includes_of_files_and_pages():
    td.need(td.MKDOCS)
    d = td.mkdocs_site("inc-mk")
    docs = os.path.join(d, "docs")
    td.write(os.path.join(docs, "maps", "inc.yaml"), MAP)
    people(os.path.join(docs, "maps"), "Ann From Maps")
    people(os.path.join(docs, "guide"), "Ann From Guide")
    td.write(os.path.join(docs, "guide", "inc.md"), "# Inc\n\n![A map](../maps/inc.yaml)\n\n```journey\n" + MAP + "```\n")
    site = os.path.join(td.TMP, "inc-mk-site")
    elsewhere = os.path.join(td.TMP, "inc-elsewhere")
    os.makedirs(elsewhere, exist_ok=True)
    cmd = [td.MKDOCS, "build", "--strict", "-f", os.path.join(d, "mkdocs.yml"), "-d", site]
    p = td.run(cmd, cwd=elsewhere)
    assert p.returncode == 0, p.stderr
    page = td.read(os.path.join(site, "guide", "inc", "index.html"))
    assert "Ann From Maps" in page, "the file's include, beside the journey file"
    assert "Ann From Guide" in page, "the page's journey's include, beside the page"
    drawn = td.calls()
    people(os.path.join(docs, "maps"), "Ann Edited")
    p = td.run(cmd, cwd=elsewhere)
    assert p.returncode == 0, p.stderr
    page = td.read(os.path.join(site, "guide", "inc", "index.html"))
    assert "Ann Edited" in page and "Ann From Maps" not in page, "an edited include did not draw the map again"
    assert td.calls() - drawn == 1, f"{td.calls() - drawn} maps drawn for one edited include"
    td.write(os.path.join(docs, "maps", "shared", "people.yaml"), "personas:\n  - id: ann\n    name: A\n    color: bad\n")
    p = td.run(cmd, cwd=elsewhere)
    assert p.returncode != 0 and "maps/shared/people.yaml:4:12: error: invalid colour" in p.stderr, p.stderr


@test
def test_sphinx_follows_includes_and_reads_again_when_one_changes():
    td.need(td.SPHINX)
    src, out = os.path.join(td.TMP, "inc-sx"), os.path.join(td.TMP, "inc-sx-html")
    td.write(os.path.join(src, "conf.py"), 'extensions = ["jmap_docs.sphinx_ext"]\n')
    td.write(os.path.join(src, "maps", "inc.yaml"), MAP)
    people(os.path.join(src, "maps"), "Ann Sphinx File")
    people(src, "Ann Sphinx Page")
    body = "".join("   " + line + "\n" for line in MAP.splitlines())
    td.write(os.path.join(src, "index.rst"), f"Inc\n===\n\n.. jmap:: maps/inc.yaml\n\n.. jmap::\n\n{body}")
    p = td.run([td.SPHINX, "-b", "html", "-W", "-q", src, out], cwd=td.TMP)
    assert p.returncode == 0, p.stdout + p.stderr
    page = td.read(os.path.join(out, "index.html"))
    assert "Ann Sphinx File" in page and "Ann Sphinx Page" in page, "includes not followed"
    drawn = td.calls()
    people(os.path.join(src, "maps"), "Ann Sphinx Edited")
    p = td.run([td.SPHINX, "-b", "html", "-W", "-q", src, out], cwd=td.TMP)  # incremental
    assert p.returncode == 0, p.stdout + p.stderr
    assert "Ann Sphinx Edited" in td.read(os.path.join(out, "index.html")), "an edited include did not read the page again"
    assert td.calls() - drawn == 1, f"{td.calls() - drawn} maps drawn for one edited include"


@test
def test_pandoc_follows_includes_beside_the_document():
    td.need(td.PANDOC)
    d = os.path.join(td.TMP, "inc-pd")
    people(os.path.join(d, "doc"), "Ann Pandoc")
    td.write(os.path.join(d, "doc", "r.md"), "# R\n\n```journey\n" + MAP + "```\n")
    cmd = [td.PANDOC, "doc/r.md", "--lua-filter", td.installed()["lua"], "-M", "jmap-dir=maps", "-o", "r.html"]
    p = td.run(cmd, cwd=d)
    assert p.returncode == 0 and not p.stderr, p.stderr
    assert "Ann Pandoc" in td.read(os.path.join(d, "r.html"))
    people(os.path.join(d, "doc"), "Ann Pandoc Edited")
    p = td.run(cmd, cwd=d)
    assert p.returncode == 0 and not p.stderr, p.stderr
    assert "Ann Pandoc Edited" in td.read(os.path.join(d, "r.html")), "an edited include did not draw the map again"
    td.write(os.path.join(d, "doc", "shared", "people.yaml"), "personas:\n  - id: ann\n    nmae: A\n")
    p = td.run(cmd, cwd=d)
    assert p.returncode != 0 and "doc/shared/people.yaml:3:5: error:" in p.stderr, p.stderr


if __name__ == "__main__":
    import shutil
    sys.exit(run_tests(cleanup=lambda: shutil.rmtree(td.TMP, ignore_errors=True)))
