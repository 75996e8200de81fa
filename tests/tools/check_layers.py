#!/usr/bin/env python3
"""The include check of docs/architecture.md: every file includes only what
lies in its own folder's layer or below it, and no include cycle runs between
files or between folders.

Layers, lowest first (a folder may include its own layer and those below):

    include/jmap   the public API
    src/base       arena, vectors, strings, UTF-8, suggestions, scalars
    src/model      the typed journey, the vocabulary tables, diagnostics
    src/load       YAML tree, loader, resolve, Mermaid reader
    src/analyse    stats, diff
    src/layout     display list, text measuring, the parts of the page
    src/paint      the painter table and its devices (paint/svg, paint/cairo)
    src/render     the driver, and the render request
    cmd/jmap       the command line: the public API only

Usage: check_layers.py [SOURCE_DIR]; exit 1 with one line per violation."""
import os
import re
import sys

ROOT = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", ".."))
LAYERS = ["include/jmap", "src/base", "src/model", "src/load", "src/analyse", "src/layout", "src/paint",
          "src/render", "cmd/jmap"]
# what cmd/jmap may include besides the public API: its own files only
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)


def layer_of(rel):
    best = None
    for i, l in enumerate(LAYERS):
        if rel == l + ".c" or rel.startswith(l + "/"):
            best = i
    return best


def resolve(src, name):
    """The file an #include "name" in src names: beside src, then from src/, then include/."""
    for base in (os.path.dirname(src), os.path.join(ROOT, "src"), os.path.join(ROOT, "include")):
        p = os.path.normpath(os.path.join(base, name))
        if os.path.isfile(p):
            return os.path.relpath(p, ROOT)
    return None


def main():
    files = []
    for top in ("src", "cmd", "include"):
        for d, _, names in os.walk(os.path.join(ROOT, top)):
            files += [os.path.relpath(os.path.join(d, n), ROOT) for n in names if n.endswith((".c", ".h"))]
    problems = []
    graph = {}
    for f in sorted(files):
        lf = layer_of(f)
        if lf is None:
            problems.append("%s: in no layer of docs/architecture.md" % f)
            continue
        text = open(os.path.join(ROOT, f), encoding="utf-8").read()
        graph[f] = []
        for name in INCLUDE.findall(text):
            target = resolve(os.path.join(ROOT, f), name)
            if target is None:
                continue  # a generated file (the build's own)
            lt = layer_of(target)
            graph[f].append(target)
            if lt is None or lt > lf:
                problems.append("%s: includes %s, a layer above it (%s over %s)" % (f, name, LAYERS[lt] if lt is not None else "?", LAYERS[lf]))
            elif LAYERS[lf] == "cmd/jmap" and lt != lf and lt != 0:
                problems.append("%s: includes %s; the command line uses the public API alone" % (f, name))
    # cycles between files (depth-first search with colours)
    colour = {}
    stack = []

    def visit(n):
        colour[n] = 1
        stack.append(n)
        for m in graph.get(n, []):
            if colour.get(m) == 1:
                problems.append("include cycle: " + " -> ".join(stack[stack.index(m):] + [m]))
            elif not colour.get(m):
                visit(m)
        stack.pop()
        colour[n] = 2
    for n in sorted(graph):
        if not colour.get(n):
            visit(n)
    for p in problems:
        print(p)
    print("%d files, %d includes, %d problems" % (len(graph), sum(len(v) for v in graph.values()), len(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
