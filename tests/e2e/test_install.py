"""`cmake --install` puts jmap, libjmap, its header, jmap.pc and jmap(1) in
place, and a tiny C program builds and runs against the installed library
through pkg-config. Also: the Makefile recipe of docs/ci-and-docs.md rebuilds
only the maps that changed."""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from harness import check, summary

jmap = os.path.abspath(sys.argv[1])
build_dir = os.path.dirname(jmap)
src = os.environ.get("JMAP_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))




def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, timeout=300, **kw)


PROGRAM = r'''
#include <jmap/jmap.h>
#include <stdio.h>
#include <string.h>

static int count(void *ctx, const unsigned char *d, size_t n) { (void)d; *(size_t *)ctx += n; return 0; }

int main(void)
{
    const char *yaml = "title: Installed\nstages:\n  - name: One\n    touchpoints:\n      - {name: A, emotion: 4}\n";
    jmap_doc *doc = jmap_load(yaml, strlen(yaml), "mem.yaml");
    if (!doc || jmap_doc_error_count(doc) || jmap_doc_journey_count(doc) != 1) return 1;
    jmap_renderer *r = jmap_renderer_new();
    jmap_render_options opt;
    jmap_render_options_init(&opt, sizeof opt);
    opt.format = JMAP_PDF;
    size_t bytes = 0;
    char err[256];
    jmap_render_request req;
    jmap_render_request_init(&req, sizeof req);
    req.doc = doc;
    req.options = &opt;
    req.write = count;
    req.write_ctx = &bytes;
    int rc = jmap_render(r, &req, err, sizeof err);
    if (jmap_version_number() != JMAP_VERSION_NUMBER || strcmp(jmap_version(), JMAP_VERSION) != 0) return 2;
    printf("%s %s %zu\n", jmap_version(), jmap_journey_title(jmap_doc_journey(doc, 0)), bytes);
    jmap_renderer_free(r);
    jmap_doc_free(doc);
    return rc != 0 || bytes < 1000;
}
'''


def test_install(tmp):
    if os.environ.get("JMAP_SANITIZED", "OFF") in ("ON", "1", "TRUE"):
        print("skip: the install test runs in the normal build (the sanitizer build's library needs ASan)")
        return
    prefix = os.path.join(tmp, "prefix")
    p = run(["cmake", "--install", build_dir, "--prefix", prefix])
    check(p.returncode == 0, "cmake --install succeeds", p.stderr[-500:])
    libdir = None
    for cand in ("lib", "lib64", os.path.join("lib", "x86_64-linux-gnu")):
        if os.path.exists(os.path.join(prefix, cand, "pkgconfig", "jmap.pc")):
            libdir = os.path.join(prefix, cand)
    check(libdir is not None, "jmap.pc is installed")
    check(os.access(os.path.join(prefix, "bin", "jmap"), os.X_OK), "bin/jmap is installed")
    check(os.path.exists(os.path.join(prefix, "include", "jmap", "jmap.h")), "include/jmap/jmap.h is installed")
    check(os.path.exists(os.path.join(prefix, "share", "man", "man1", "jmap.1")), "man1/jmap.1 is installed")
    if not libdir:
        return
    env = dict(os.environ, PKG_CONFIG_PATH=os.path.join(libdir, "pkgconfig"))
    flags = run(["pkg-config", "--cflags", "--libs", "jmap"], env=env)
    check(flags.returncode == 0, "pkg-config knows jmap", flags.stderr)
    c = os.path.join(tmp, "prog.c")
    with open(c, "w") as f:
        f.write(PROGRAM)
    exe = os.path.join(tmp, "prog")
    cc = run(["cc", "-std=c11", "-Wall", "-Werror", c, "-o", exe] + flags.stdout.split(), env=env)
    check(cc.returncode == 0, "a program compiles and links against the installed library", cc.stderr[-800:])
    if cc.returncode == 0:
        out = run([exe], env=dict(env, LD_LIBRARY_PATH=libdir))
        check(out.returncode == 0 and out.stdout.startswith("0.") and "Installed" in out.stdout,
              "the program loads and renders a journey through the installed library", out.stdout + out.stderr)
    man = run(["man", "-l", os.path.join(prefix, "share", "man", "man1", "jmap.1")], env=dict(env, MANWIDTH="80"))
    if man.returncode == 0:
        check("jmap build" in man.stdout and "EXIT STATUS" in man.stdout, "the man page renders", man.stderr)


def test_makefile_recipe(tmp):
    if shutil.which("make") is None:
        print("skip: no make")
        return
    doc = open(os.path.join(src, "docs", "ci-and-docs.md"), encoding="utf-8").read()
    m = re.search(r"```make\n(.*?)```", doc, re.S)
    check(m is not None, "docs/ci-and-docs.md has a Makefile recipe")
    if not m:
        return
    work = os.path.join(tmp, "recipe")
    os.makedirs(os.path.join(work, "maps"))
    with open(os.path.join(work, "Makefile"), "w") as f:
        f.write(m.group(1))
    for name in ("car-purchase", "online-shop"):
        shutil.copy(os.path.join(src, "examples", name + ".yaml"), os.path.join(work, "maps"))
    p = run(["make", "JMAP=" + jmap], cwd=work)
    outs = [os.path.join(work, "build", "maps", n + ".svg") for n in ("car-purchase", "online-shop")]
    check(p.returncode == 0 and all(os.path.exists(o) for o in outs), "make renders every map", p.stdout + p.stderr)
    p = run(["make", "JMAP=" + jmap], cwd=work)
    check("jmap" not in p.stdout.replace("make", "") or "Nothing to be done" in p.stdout,
          "a second make renders nothing", p.stdout)
    time.sleep(1.1)
    os.utime(os.path.join(work, "maps", "online-shop.yaml"))
    p = run(["make", "JMAP=" + jmap], cwd=work)
    check("online-shop" in p.stdout and "car-purchase" not in p.stdout, "make renders only the changed map", p.stdout)
    p = run(["make", "check", "JMAP=" + jmap], cwd=work)
    check(p.returncode == 0, "make check passes", p.stdout + p.stderr)


with tempfile.TemporaryDirectory() as tmp:
    test_install(tmp)
    test_makefile_recipe(tmp)

summary()
