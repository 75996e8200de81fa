#!/usr/bin/env python3
"""The documentation integrations, end to end, in the real tools from Debian's
packages, as installed by `cmake --install` (the same steps as jmap):

- MkDocs: `mkdocs build` of examples/docs-sites/mkdocs (the map's words in the
  page and in the search index, the full-size SVG in the site, nothing
  written into docs/, no journey source published, distinct ids for maps on
  one page), a broken journey failing `mkdocs build --strict` with its line
  in the Markdown file, and `mkdocs serve` with one edit: exactly one rebuild,
  one map drawn again.
- Sphinx: HTML and LaTeX builders from another working directory, the search
  index, an unchanged map never drawn again, a broken journey an error at
  the document's line.
- pandoc: HTML and LaTeX, maps named by content hash in the chosen directory,
  alt text from the title, errors at the Markdown file's line.

The tools run under Debian's own /usr/bin/python3 (their entry points in
/usr/bin), whatever python runs this script. Runs in the normal build only.

Usage: python3 test_docs.py PATH_TO_JMAP"""
import glob
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

from harness import Skip, run_tests, test

JMAP = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else sys.exit("usage: test_docs.py PATH_TO_JMAP")
BUILD = os.path.dirname(JMAP)
SRC = os.environ.get("JMAP_SOURCE_DIR") or os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SITES = os.path.join(SRC, "examples", "docs-sites")
TMP = tempfile.mkdtemp(prefix="jmap-e2e-docs-")
MKDOCS, SPHINX, PANDOC = "/usr/bin/mkdocs", "/usr/bin/sphinx-build", "/usr/bin/pandoc"
_installed = {}

THEMED = """title: Themed
stages:
  - name: Visit
    touchpoints:
      - {name: Test drive, emotion: 4}
"""


def theme_file(name, background):
    """A theme file of the test's own, and its background as the SVG writes it."""
    path = os.path.join(TMP, name)
    write(path, f'base: dark\nbackground: "{background}"\n')
    return path


BROKEN = """title: Broken
stages:
  - name: S
    touchpoints:
      - name: T
        emotoin: 3
"""


def skip_here():
    if os.environ.get("JMAP_SANITIZED", "OFF").upper() in ("ON", "1", "TRUE") or os.environ.get("JMAP_VALGRIND"):
        raise Skip("the documentation tools run in the normal build")


def installed():
    """jmap and its integrations installed into a prefix of the test's own."""
    skip_here()
    if not _installed:
        prefix = os.path.join(TMP, "prefix")
        p = subprocess.run(["cmake", "--install", BUILD, "--prefix", prefix], capture_output=True, text=True)
        assert p.returncode == 0, p.stderr[-800:]
        pkg = glob.glob(os.path.join(prefix, "lib", "python3*", "dist-packages", "jmap_docs"))
        assert pkg, "jmap_docs is not installed under lib/python3.X/dist-packages"
        lua = os.path.join(prefix, "share", "jmap", "pandoc", "jmap.lua")
        assert os.path.exists(lua), "the pandoc filter is not installed"
        calls = os.path.join(TMP, "jmap-calls.log")
        wrapper = os.path.join(TMP, "jmap-counting")
        proxy = os.path.join(TMP, "jmap-serve-counting.py")
        with open(proxy, "w") as f:
            f.write(SERVE_PROXY)
        with open(wrapper, "w") as f:  # counts jmap's builds, for "drawn again" checks
            f.write(f'#!/bin/sh\necho "$*" >> "{calls}"\n'
                    f'[ "$1" = serve ] && exec /usr/bin/python3 "{proxy}" "{calls}" "{prefix}/bin/jmap" "$@"\n'
                    f'exec "{prefix}/bin/jmap" "$@"\n')
        os.chmod(wrapper, 0o755)
        env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
        env.update(PYTHONPATH=os.path.dirname(pkg[0]), JMAP=wrapper, XDG_CACHE_HOME=os.path.join(TMP, "cache"),
                   LC_ALL="C.UTF-8")
        _installed.update(prefix=prefix, lua=lua, env=env, calls=calls)
    return _installed


# Between an integration and `jmap serve --stdio`: logs each request's
# arguments as a line "build ARGS" (as the wrapper logs a build run alone)
SERVE_PROXY = r'''import subprocess, sys
log, exe, args = sys.argv[1], sys.argv[2], sys.argv[3:]
p = subprocess.Popen([exe, *args], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
i, o = sys.stdin.buffer, sys.stdout.buffer
while True:
    head = i.readline()
    if not head:
        break
    w = head.split()
    argv = [i.readline() for _ in range(int(w[1]))]
    data = i.read(int(w[2]))
    with open(log, "a") as f:
        f.write("build " + " ".join(a.decode().rstrip("\n") for a in argv) + "\n")
    p.stdin.write(head + b"".join(argv) + data)
    p.stdin.flush()
    answer = p.stdout.readline()
    n = answer.split()
    o.write(answer + p.stdout.read(int(n[2]) + int(n[3])))
    o.flush()
p.stdin.close()
sys.exit(p.wait())
'''


def calls():
    try:
        with open(installed()["calls"]) as f:
            return sum(1 for line in f if line.startswith("build"))  # alone, or a request to serve
    except OSError:
        return 0


def need(tool):
    assert os.access(tool, os.X_OK), f"{tool} is missing: apt-get install $(cat .ci/packages)"


def run(cmd, cwd=None, timeout=120):
    return subprocess.run(cmd, capture_output=True, text=True, env=installed()["env"], cwd=cwd or TMP,
                          timeout=timeout)


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def tree_state(root):
    return sorted((os.path.relpath(os.path.join(d, n), root), os.stat(os.path.join(d, n)).st_mtime_ns)
                  for d, _, names in os.walk(root) for n in names)


def check_ids(page, what):
    """Every id in the page is unique, and every reference inside an inline SVG names one of them."""
    ids = re.findall(r'\bid="([^"]*)"', page)
    dup = sorted({i for i in ids if ids.count(i) > 1})
    assert not dup, f"{what}: ids used twice: {dup[:5]}"
    svgs = re.findall(r"<svg\b.*?</svg>", page, re.S)
    assert svgs, f"{what}: no inline SVG"
    for svg in svgs:
        refs = re.findall(r'href="#([^"]*)"', svg) + re.findall(r"url\(#([^)]*)\)", svg)
        missing = set(refs) - set(re.findall(r'\bid="([^"]*)"', svg))
        assert not missing, f"{what}: references to no id of their SVG: {sorted(missing)[:5]}"
        root = re.match(r"<svg\b[^>]*>", svg).group(0)
        names = re.findall(r'\s([\w:-]+)="', root)
        assert len(names) == len(set(names)), f"{what}: an attribute twice on an SVG's root: {root[:300]}"
    # the faces embedded by one map are the page's CSS: no two maps share a name
    faces = re.findall(r"@font-face\{font-family:'([^']*)'", page)
    assert len(faces) == len(set(faces)), f"{what}: two maps' faces share a name"
    return len(svgs)


def full_size_links(page, base):
    links = re.findall(r'<a class="jmap-full" href="([^"]+)"', page)
    assert links, "no link to the full-size map"
    for link in links:
        target = os.path.normpath(os.path.join(base, link))
        assert os.path.exists(target), f"the full-size link {link} leads nowhere"
        assert read(target).lstrip().startswith("<?xml") or "<svg" in read(target)[:400], target
    return links


# ---- MkDocs ----

def mkdocs_site(name):
    d = os.path.join(TMP, name)
    shutil.copytree(os.path.join(SITES, "mkdocs"), d)
    return d


@test
def test_mkdocs_build_inlines_searchable_maps_into_the_site_only():
    need(MKDOCS)
    d = mkdocs_site("mk")
    write(os.path.join(d, "docs", "two.md"), "# Two maps\n\n" + "".join(
        f"```journey\ntitle: Map {n}\nstages:\n  - name: Stage {n}\n    touchpoints:\n"
        f"      - {{name: Step {n}, emotion: {n}}}\n```\n\n" for n in (1, 2, 1)))
    before = tree_state(os.path.join(d, "docs"))
    site = os.path.join(TMP, "mk-site")
    elsewhere = os.path.join(TMP, "elsewhere")
    os.makedirs(elsewhere, exist_ok=True)
    p = run([MKDOCS, "build", "--strict", "-f", os.path.join(d, "mkdocs.yml"), "-d", site], cwd=elsewhere)
    assert p.returncode == 0, p.stderr
    assert "WARNING" not in p.stderr and "ERROR" not in p.stderr, p.stderr
    assert tree_state(os.path.join(d, "docs")) == before, "the build wrote into docs/"
    index = read(os.path.join(site, "index.html"))
    assert re.search(r"<t(?:ext|span)\b[^>]*>Router light turns red</t(?:ext|span)>", index), "the map's words are not text in the page"
    assert 'aria-label="Journey map: Getting help with a broken router"' in index
    full_size_links(index, site)
    car = read(os.path.join(site, "guide", "car", "index.html"))
    assert "Sees TV advert" in car and 'aria-label="The car purchase journey"' in car
    full_size_links(car, os.path.join(site, "guide", "car"))
    search = read(os.path.join(site, "search", "search_index.json"))
    assert "Router light turns red" in search and "Sees TV advert" in search, "the maps' words are not in the search index"
    assert not glob.glob(os.path.join(site, "**", "*.yaml"), recursive=True), "journey sources published"
    two = read(os.path.join(site, "two", "index.html"))
    assert check_ids(two, "two.md") == 3


@test
def test_mkdocs_broken_journey_fails_the_strict_build_at_its_markdown_line():
    need(MKDOCS)
    d = mkdocs_site("mk-broken")
    write(os.path.join(d, "docs", "broken.md"), "---\ntitle: Front matter\n---\n# Broken\n\n```journey\n" + BROKEN +
          "```\n")
    p = run([MKDOCS, "build", "--strict", "-f", os.path.join(d, "mkdocs.yml"), "-d", os.path.join(TMP, "mk-b")], cwd=d)
    assert p.returncode != 0, "the build succeeded"
    # front matter (3 lines), heading, blank, fence: the journey starts on line 7, emotoin is its line 6
    assert "docs/broken.md:12:9: error: unknown key 'emotoin' in touchpoint" in p.stderr, p.stderr
    assert "Traceback" not in p.stderr, p.stderr


@test
def test_mkdocs_serve_rebuilds_once_per_edit_and_draws_only_the_changed_map():
    need(MKDOCS)
    d = mkdocs_site("mk-serve")
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    log = open(os.path.join(TMP, "serve.log"), "w+")
    proc = subprocess.Popen([MKDOCS, "serve", "-a", f"127.0.0.1:{port}"], cwd=d, env=installed()["env"],
                            stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.time() + 30
        while "Serving on" not in read(log.name) and time.time() < deadline:
            time.sleep(0.2)
        assert "Serving on" in read(log.name), read(log.name)
        time.sleep(1.5)  # nothing changes: it must stay settled
        drawn = calls()
        page = os.path.join(d, "docs", "index.md")
        write(page, read(page).replace("Forty minutes on hold", "Fifty minutes on hold"))
        deadline = time.time() + 20
        html = ""
        while time.time() < deadline:
            time.sleep(0.5)
            try:
                html = urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5).read().decode()
            except OSError:
                continue
            if "Fifty minutes on hold" in html:
                break
        assert "Fifty minutes on hold" in html, "the edit did not reach the served page"
        time.sleep(3)  # a rebuild that triggered another would show by now
        out = read(log.name)
        assert out.count("Building documentation") == 2, f"not exactly one rebuild:\n{out}"
        assert calls() - drawn == 1, f"{calls() - drawn} maps drawn for one changed map"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@test
def test_mkdocs_redraws_a_map_when_its_theme_file_changes():
    # the cache is keyed by the theme file's bytes, not by its name
    need(MKDOCS)
    d = mkdocs_site("mk-theme")
    theme = theme_file("mk-theme.yaml", "#102030")
    write(os.path.join(d, "docs", "themed.md"), f"# Themed\n\n```journey theme={theme}\n{THEMED}```\n")
    site = os.path.join(TMP, "mk-theme-site")
    p = run([MKDOCS, "build", "--strict", "-f", os.path.join(d, "mkdocs.yml"), "-d", site], cwd=d)
    assert p.returncode == 0, p.stderr
    assert "#102030" in read(os.path.join(site, "themed", "index.html")), "the theme file's background is not drawn"
    drawn = calls()
    write(theme, 'base: dark\nbackground: "#405060"\n')
    p = run([MKDOCS, "build", "--strict", "-f", os.path.join(d, "mkdocs.yml"), "-d", site], cwd=d)
    assert p.returncode == 0, p.stderr
    page = read(os.path.join(site, "themed", "index.html"))
    assert "#405060" in page and "#102030" not in page, "an edited theme file did not draw the map again"
    assert calls() - drawn == 1, f"{calls() - drawn} maps drawn for one edited theme"


# ---- Sphinx ----

@test
def test_sphinx_html_from_another_directory_and_incremental():
    need(SPHINX)
    src = os.path.join(TMP, "sx-src")
    shutil.copytree(os.path.join(SITES, "sphinx"), src)
    before = tree_state(src)
    out, elsewhere = os.path.join(TMP, "sx-html"), os.path.join(TMP, "elsewhere")
    os.makedirs(elsewhere, exist_ok=True)
    drawn = calls()
    p = run([SPHINX, "-b", "html", "-W", "-q", os.path.relpath(src, elsewhere), os.path.relpath(out, elsewhere)],
            cwd=elsewhere)
    assert p.returncode == 0, p.stdout + p.stderr
    assert tree_state(src) == before, "the build wrote into the source directory"
    support = read(os.path.join(out, "guide", "support.html"))
    assert re.search(r"<t(?:ext|span)\b[^>]*>Router light turns red</t(?:ext|span)>", support), "the map's words are not in the page"
    full_size_links(support, os.path.join(out, "guide"))
    check_ids(support, "support.html")
    index = read(os.path.join(out, "index.html"))
    assert "Sees TV advert" in index and 'aria-label="The car purchase journey"' in index
    assert "router" in read(os.path.join(out, "searchindex.js")), "the map's words are not in the search index"
    assert calls() > drawn
    drawn = calls()
    p = run([SPHINX, "-b", "html", "-W", "-q", "-E", src, out], cwd=elsewhere)  # -E: every document read again
    assert p.returncode == 0, p.stdout + p.stderr
    assert calls() == drawn, "unchanged maps were drawn again"
    car = os.path.join(src, "maps", "car-purchase.yaml")
    write(car, read(car).replace("Sees TV advert", "Sees a TV advert"))
    p = run([SPHINX, "-b", "html", "-W", "-q", src, out], cwd=elsewhere)
    assert p.returncode == 0, p.stdout + p.stderr
    assert "Sees a TV advert" in read(os.path.join(out, "index.html")), "a changed journey file did not rebuild its page"
    assert calls() - drawn == 1, f"{calls() - drawn} maps drawn for one changed journey file"


@test
def test_sphinx_latex_gets_pdf_maps():
    need(SPHINX)
    out = os.path.join(TMP, "sx-latex")
    p = run([SPHINX, "-b", "latex", "-W", "-q", os.path.join(SITES, "sphinx"), out], cwd=TMP)
    assert p.returncode == 0, p.stdout + p.stderr
    tex = read(glob.glob(os.path.join(out, "*.tex"))[0])
    names = re.findall(r"\\sphinxincludegraphics\[[^]]*\]\{(jmap-[0-9a-f]+\.pdf)\}", tex)
    assert len(names) == 2, f"maps included: {names}"
    for n in names:
        with open(os.path.join(out, n), "rb") as f:
            assert f.read(5) == b"%PDF-", n
    assert ".svg" not in tex, "LaTeX is handed an SVG"
    assert not os.path.exists(os.path.join(SITES, "sphinx", "_build")), "the build wrote into the example"


@test
def test_sphinx_reads_a_document_again_and_redraws_when_its_theme_file_changes():
    need(SPHINX)
    src, out = os.path.join(TMP, "sx-theme"), os.path.join(TMP, "sx-theme-html")
    theme = theme_file("sx-theme.yaml", "#102030")
    write(os.path.join(src, "conf.py"), 'extensions = ["jmap_docs.sphinx_ext"]\n')
    body = "".join("   " + line + "\n" for line in THEMED.splitlines())
    write(os.path.join(src, "index.rst"), f"Themed\n======\n\n.. jmap::\n   :theme: {theme}\n\n{body}")
    p = run([SPHINX, "-b", "html", "-W", "-q", src, out], cwd=TMP)
    assert p.returncode == 0, p.stdout + p.stderr
    assert "#102030" in read(os.path.join(out, "index.html")), "the theme file's background is not drawn"
    drawn = calls()
    p = run([SPHINX, "-b", "html", "-W", "-q", src, out], cwd=TMP)
    assert p.returncode == 0 and calls() == drawn, "an unchanged map was drawn again"
    write(theme, 'base: dark\nbackground: "#405060"\n')
    p = run([SPHINX, "-b", "html", "-W", "-q", src, out], cwd=TMP)  # incremental: no -E
    assert p.returncode == 0, p.stdout + p.stderr
    page = read(os.path.join(out, "index.html"))
    assert "#405060" in page and "#102030" not in page, "an edited theme file did not draw the map again"
    assert calls() - drawn == 1, f"{calls() - drawn} maps drawn for one edited theme"


@test
def test_sphinx_broken_journey_is_an_error_at_the_document_line():
    need(SPHINX)
    src = os.path.join(TMP, "sx-broken")
    os.makedirs(src)
    write(os.path.join(src, "conf.py"), 'extensions = ["jmap_docs.sphinx_ext"]\n')
    body = "".join("   " + line + "\n" for line in BROKEN.splitlines())
    write(os.path.join(src, "index.rst"), "Broken\n======\n\n.. jmap::\n   :alt: x\n\n" + body +
          "\n.. jmap:: missing.yaml\n")
    p = run([SPHINX, "-b", "html", "-W", "--keep-going", "-q", src, os.path.join(TMP, "sx-b")], cwd=TMP)
    assert p.returncode != 0, "the build succeeded"
    assert re.search(r"index\.rst:12: ERROR: unknown key 'emotoin' in touchpoint .*\(column 12\)", p.stderr), p.stderr
    assert re.search(r"index\.rst:14: ERROR: cannot read the journey file 'missing.yaml'", p.stderr), p.stderr
    assert "Traceback" not in p.stderr, p.stderr


# ---- pandoc ----

@test
def test_pandoc_html_and_latex():
    need(PANDOC)
    lua = installed()["lua"]
    work = os.path.join(TMP, "pd")
    shutil.copytree(os.path.join(SITES, "pandoc"), os.path.join(work, "examples", "docs-sites", "pandoc"))
    shutil.copy(os.path.join(SRC, "examples", "car-purchase.yaml"), os.path.join(work, "examples"))
    report = os.path.join(work, "examples", "docs-sites", "pandoc", "report.md")
    maps = os.path.join(work, "out", "maps")
    elsewhere = os.path.join(work, "cwd")
    os.makedirs(elsewhere)
    p = run([PANDOC, report, "--lua-filter", lua, "-M", f"jmap-dir={maps}", "-s", "-o",
             os.path.join(work, "out", "report.html")], cwd=elsewhere)
    assert p.returncode == 0 and not p.stderr, p.stderr
    assert os.listdir(elsewhere) == [], f"files in the working directory: {os.listdir(elsewhere)}"
    page = read(os.path.join(work, "out", "report.html"))
    assert re.search(r"<t(?:ext|span)\b[^>]*>Router light turns red</t(?:ext|span)>", page), "the map's words are not in the page"
    assert 'aria-label="Journey map: Getting help with a broken router"' in page
    assert 'aria-label="The car purchase journey"' in page
    assert check_ids(page, "report.html") == 2
    svgs = sorted(os.listdir(maps))
    assert len(svgs) == 2 and all(re.fullmatch(r"journey-[0-9a-f]{20}\.svg", n) for n in svgs), svgs
    for link in re.findall(r'<a class="jmap-full" href="([^"]+)"', page):
        assert os.path.exists(link if os.path.isabs(link) else os.path.join(elsewhere, link)), link
    p = run([PANDOC, report, "--lua-filter", lua, "-M", f"jmap-dir={maps}", "-s", "-o",
             os.path.join(work, "out", "report.tex")], cwd=elsewhere)
    assert p.returncode == 0 and not p.stderr, p.stderr
    tex = read(os.path.join(work, "out", "report.tex"))
    pdfs = re.findall(r"\\includegraphics(?:\[[^]]*\])?\{([^}]*journey-[0-9a-f]{20}\.pdf)\}", tex)
    assert len(pdfs) == 2, tex[-2000:]
    for pdf in pdfs:
        with open(pdf, "rb") as f:
            assert f.read(5) == b"%PDF-"
    assert "Journey map: Getting help with a broken router" in tex, "no alt text from the title"


@test
def test_pandoc_broken_journey_stops_at_the_markdown_line():
    need(PANDOC)
    d = os.path.join(TMP, "pd-broken")
    write(os.path.join(d, "r.md"), "# Report\n\nText.\n\n```journey\n" + BROKEN + "```\n\n"
          "```{.journey file=missing.yaml}\n```\n")
    p = run([PANDOC, "r.md", "--lua-filter", installed()["lua"], "-o", "r.html"], cwd=d)
    assert p.returncode != 0, "pandoc succeeded"
    assert p.stderr.strip().splitlines() == [
        "r.md:11:9: error: unknown key 'emotoin' in touchpoint (did you mean 'emotion'?)",
        "r.md:14:1: error: cannot read the journey file 'missing.yaml'"], p.stderr
    assert not os.path.exists(os.path.join(d, "r.html"))


@test
def test_pandoc_redraws_a_map_when_its_theme_file_changes():
    need(PANDOC)
    d = os.path.join(TMP, "pd-theme")
    theme = theme_file("pd-theme.yaml", "#102030")
    write(os.path.join(d, "r.md"), f"# Report\n\n```{{.journey theme={theme}}}\n{THEMED}```\n")
    cmd = [PANDOC, "r.md", "--lua-filter", installed()["lua"], "-M", "jmap-dir=maps", "-o", "r.html"]
    p = run(cmd, cwd=d)
    assert p.returncode == 0 and not p.stderr, p.stderr
    assert "#102030" in read(os.path.join(d, "r.html")), "the theme file's background is not drawn"
    write(theme, 'base: dark\nbackground: "#405060"\n')
    p = run(cmd, cwd=d)
    assert p.returncode == 0 and not p.stderr, p.stderr
    page = read(os.path.join(d, "r.html"))
    assert "#405060" in page and "#102030" not in page, "an edited theme file did not draw the map again"
    assert len(os.listdir(os.path.join(d, "maps"))) == 2, "the two themes' maps do not have names of their own"


TWO = """# the first journey
title: First of two
stages:
  - name: Visit
    touchpoints:
      - {name: Test drive, emotion: 4}
---
title: 'Second: of two'
stages:
  - name: Buy
    touchpoints:
      - {name: Signs the contract, emotion: 2}
...
"""


@test
def test_pandoc_block_of_several_journeys_gives_a_figure_each():
    need(PANDOC)
    d = os.path.join(TMP, "pd-two")
    mermaid = "---\ntitle: Mermaid day\n---\njourney\n  section Work\n    Code: 5: Me\n"
    write(os.path.join(d, "r.md"), f"# Report\n\n```journey\n{TWO}```\n\n```journey\n{mermaid}```\n")
    p = run([PANDOC, "r.md", "--lua-filter", installed()["lua"], "-M", "jmap-dir=maps", "-o", "r.html"], cwd=d)
    assert p.returncode == 0 and not p.stderr, p.stderr
    page = read(os.path.join(d, "r.html"))
    labels = re.findall(r'<figure class="jmap">.*?aria-label="([^"]*)"', page, re.S)
    assert labels == ["Journey map: First of two", "Journey map: Second: of two", "Journey map: Mermaid day"], labels
    assert check_ids(page, "r.html") == 3
    assert "Signs the contract" in page and "Test drive" in page
    assert len(os.listdir(os.path.join(d, "maps"))) == 3, os.listdir(os.path.join(d, "maps"))
    p = run([PANDOC, "r.md", "--lua-filter", installed()["lua"], "-M", "jmap-dir=maps", "-o", "r.tex"], cwd=d)
    assert p.returncode == 0 and not p.stderr, p.stderr
    pdfs = re.findall(r"\\includegraphics(?:\[[^]]*\])?\{([^}]*journey-[0-9a-f]{20}\.pdf)\}", read(os.path.join(d, "r.tex")))
    assert len(set(pdfs)) == 3, pdfs


@test
def test_pandoc_error_in_the_second_journey_of_a_block_is_at_its_markdown_line():
    need(PANDOC)
    d = os.path.join(TMP, "pd-two-broken")
    write(os.path.join(d, "r.md"), "# Report\n\n```journey\n" + TWO.replace("emotion: 2", "emotoin: 2") + "```\n")
    p = run([PANDOC, "r.md", "--lua-filter", installed()["lua"], "-o", "r.html"], cwd=d)
    assert p.returncode != 0, "pandoc succeeded"
    # the block's text starts on line 4; 'emotoin' is its line 12, column 36
    assert p.stderr.strip().splitlines() == [
        "r.md:15:36: error: unknown key 'emotoin' in touchpoint (did you mean 'emotion'?)"], p.stderr
    assert "traceback" not in p.stderr.lower(), p.stderr


def main():
    return run_tests(cleanup=lambda: shutil.rmtree(TMP, ignore_errors=True))


if __name__ == "__main__":
    sys.exit(main())
