#!/usr/bin/env python3
"""Turns the measurements of tests/bench/run.sh into docs/performance.md.

    report.py RESULTS_DIR OUTPUT.md
"""
import json
import math
import os
import re
import subprocess
import sys

RES = sys.argv[1]
OUT = sys.argv[2]
SIZES = [("10", 10), ("typical", 25), ("100", 100), ("1000", 1000), ("10000", 10000)]
LEAN = [("lean1000", 1000), ("lean10000", 10000)]
FORMATS = ["svg", "pdf", "png"]


def path(*p):
    return os.path.join(RES, *p)


def read(p, default=None):
    try:
        with open(p, encoding="utf-8", errors="replace") as f:
            return f.read()
    except OSError:
        return default


META = {}
for line in (read(path("meta.txt"), "") or "").splitlines():
    k, _, v = line.partition("=")
    META[k] = v
CASES = []
for line in (read(path("cases.txt"), "") or "").splitlines():
    name, _, cmd = line.partition("|")
    CASES.append((name, cmd))
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def shorten(cmd):
    """A command as a reader would type it, from the repository's root."""
    cmd = cmd.replace(os.path.join(ROOT, "build-bench") + "/", "build-bench/")
    cmd = cmd.replace(os.path.join(ROOT, "tests", "bench") + "/", "tests/bench/")
    return cmd


def hf(name):
    """min, median, mean, stddev (s), runs, from hyperfine's JSON."""
    t = read(path("hf-%s.json" % name))
    if not t:
        return None
    r = json.loads(t)["results"][0]
    times = sorted(r["times"])
    return {"min": r["min"], "median": r["median"], "mean": r["mean"], "stddev": r.get("stddev") or 0,
            "runs": len(times), "user": r.get("user"), "system": r.get("system")}


def mem(name):
    t = read(path("mem-%s.txt" % name))
    if not t:
        return None
    for line in t.splitlines():
        f = line.split()
        if len(f) == 4 and f[0].isdigit():
            return {"kb": int(f[0]), "user": float(f[1]), "sys": float(f[2]), "wall": float(f[3])}
    return None


def cg_file(name):
    p = path("cg-%s.out" % name)
    return p if os.path.exists(p) and os.path.getsize(p) > 0 else None


def cg_total(name):
    p = cg_file(name)
    if not p:
        return None
    total = None
    with open(p, encoding="utf-8", errors="replace") as f:
        for line in f:
            if line.startswith("summary:") or line.startswith("totals:"):
                total = int(line.split()[1])
    return total


def exit_code(name):
    t = read(path("exit-%s.txt" % name))
    return int(t) if t and t.strip().lstrip("-").isdigit() else None


def probe_err(name):
    return (read(path("probe-%s.err" % name), "") or "").strip()


def size(name):
    t = read(path("size-%s.txt" % name))
    return int(t) if t and t.strip().isdigit() else None


# ---- formatting ----

def ms(s):
    if s is None:
        return "—"
    if s >= 10:
        return "%.1f s" % s
    if s >= 1:
        return "%.2f s" % s
    return "%.1f ms" % (s * 1000)


def ir(n):
    if n is None:
        return "—"
    if n >= 1e9:
        return "%.2f G" % (n / 1e9)
    return "%.1f M" % (n / 1e6)


def mb(kb):
    return "—" if kb is None else "%.1f" % (kb / 1024)


def nbytes(n):
    if n is None:
        return "—"
    if n >= 1 << 20:
        return "%.1f MB" % (n / (1 << 20))
    return "%.0f kB" % (n / 1024)


def ratio(a, b):
    if a is None or b is None or b == 0:
        return "—"
    r = a / b
    return "%.2f×" % r if r < 10 else "%.0f×" % r


# ---- profiles ----

LINE = re.compile(r"^\s*([\d,]+)\s+\(\s*([\d.]+)%\)\s+(.*?)(?:\s+\[(.*)\])?\s*$")


ENTRY = {"(below main)", "main", "cli_build", "worker", "write_one", "_start", "_dl_start", "_dl_start_user"}


def is_entry(fn, obj):
    """Frames every instruction passes through: they say nothing about where the work is."""
    if "'" in fn or fn in ENTRY:  # recursive re-entries are counted in the outer call
        return True
    if fn.startswith(("__libc_start_main", "start_thread", "clone")):
        return True
    # the dynamic loader's entry and glib's thread trampoline have no symbols
    return fn.startswith("0x") and obj.startswith(("ld-linux", "libglib"))


_CG = {}
NAME = re.compile(r"^(ob|cob|fl|fi|fe|cfi|cfl|fn|cfn)=(?:\((\d+)\))?\s*(.*)$")


def parse_cg(name):
    """Self and inclusive Ir per (object, function), read from the callgrind file itself.

    callgrind_annotate keys functions by file:name alone, so two unnamed functions
    at the same offset in different libraries (`???:0x28310` in libpng and in
    libfontconfig) are merged and shown under one library; here the object is
    part of the key. Recursive re-entries are the separate names callgrind gives
    them (`f'2`)."""
    if name in _CG:
        return _CG[name]
    p = cg_file(name)
    selfc, incl = {}, {}
    if p:
        table = {"ob": "ob", "cob": "ob", "fn": "fn", "cfn": "fn"}
        names = {}
        ob = fn = cob = cfn = None
        after_calls = False
        with open(p, encoding="utf-8", errors="replace") as f:
            for line in f:
                c = line[:1]
                if c.isdigit() or c in "+-*":
                    parts = line.split()
                    cost = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 0
                    key = (ob, fn)
                    if after_calls:
                        if (cob or ob, cfn) != key:
                            incl[key] = incl.get(key, 0) + cost
                        after_calls = False
                        cob = None
                    else:
                        selfc[key] = selfc.get(key, 0) + cost
                        incl[key] = incl.get(key, 0) + cost
                    continue
                if line.startswith("calls="):
                    after_calls = True
                    continue
                m = NAME.match(line.rstrip("\n"))
                if not m:
                    continue
                kind, ident, text = m.groups()
                t = table.get(kind, "fl")
                if ident is not None:
                    if text:
                        names[(t, ident)] = text
                    text = names.get((t, ident), "?")
                if kind == "ob":
                    ob = text
                elif kind == "fn":
                    fn = text
                elif kind == "cob":
                    cob = text
                elif kind == "cfn":
                    cfn = text
    _CG[name] = (selfc, incl)
    return _CG[name]


def annotate(name, inclusive, top=15):
    """[(Ir, percent, function, library)], largest first."""
    total = cg_total(name)
    if not total:
        return []
    selfc, incl = parse_cg(name)
    rows = []
    for (ob, fn), count in (incl if inclusive else selfc).items():
        fn = fn or "?"
        obj = os.path.basename(ob or "?")
        if inclusive and is_entry(fn, obj):
            continue
        if not count:
            continue
        rows.append((count, count * 100.0 / total, fn, obj))
    rows.sort(reverse=True)
    return rows if top is None else rows[:top]


def by_object(name):
    rows = annotate(name, False, top=None)
    total = cg_total(name) or 1
    acc = {}
    for count, _, _, obj in rows:
        key = re.sub(r"\.so[.\d]*$", "", obj) or "?"
        acc[key] = acc.get(key, 0) + count
    return sorted(((c * 100.0 / total, k) for k, c in acc.items()), reverse=True)


# the stages of a run, by the inclusive cost of the function that does each
STAGES = [
    ("jmap_load", "YAML to the typed model (`jmap_load`)"),
    ("FcInit", "fontconfig: configuration and font cache (`FcInit`)"),
    ("FcFontSetSort", "fontconfig: sorting the installed fonts for Pango's fallback lists (`FcFontSetSort`: in Pango's thread pool, or inside layout when the main thread gets there first)"),
    ("jm_layout_journey", "layout: measuring and wrapping every text with Pango (`jm_layout_journey`)"),
    ("jm_paint", "painting the display list into cairo (`jm_paint`)"),
    ("jm_paint_page", "painting a page of the display list (`jm_paint_page`; for PNG with the encoding of each band, for PDF with cairo's page)"),
    ("cairo_show_page", "cairo writing the PDF page: operators, compression (`cairo_show_page`)"),
    ("cairo_surface_finish", "cairo writing the SVG or PDF document (`cairo_surface_finish`)"),
    ("jm_png_whole_write", "PNG compressed whole by libdeflate (`jm_png_whole_write`)"),
    ("png_write_row", "PNG rows through libpng + zlib, images over 28 MiB (`png_write_row`)"),
    ("svg_text_layer", "jmap's SVG text layer (`svg_text_layer`)"),
    ("svg_renumber", "jmap's SVG id renumbering (`svg_renumber`)"),
    ("encode_png", "PNG encoding: libpng + zlib (`encode_png`)"),
    ("__snprintf_chk", "of all the above: number formatting by `snprintf` (cairo's writers)"),
]


def stages(name):
    rows = annotate(name, True, top=None)
    total = cg_total(name)
    if not rows or not total:
        return {}
    found = {}
    for count, pct, fn, obj in rows:
        base = re.sub(r"(\.(isra|constprop|part|cold)\.\d+)+$", "", fn)
        for key, _ in STAGES:
            if base == key and key not in found:
                found[key] = count
    return found


def stages_md(names):
    """A table: stage x case, inclusive share of the whole process."""
    data = {n: stages(n) for n in names}
    totals = {n: cg_total(n) for n in names}
    if not any(data.values()):
        return []
    out = ["| stage | " + " | ".join("`%s`" % n for n in names) + " |", "|---|" + "---|" * len(names)]
    for key, label in STAGES:
        if not any(key in d for d in data.values()):
            continue
        cells = []
        for n in names:
            c = data[n].get(key)
            cells.append("%s (%.0f %%)" % (ir(c), c * 100.0 / totals[n]) if c else "—")
        out.append("| %s | %s |" % (label, " | ".join(cells)))
    out.append("| whole process | %s |" % " | ".join(ir(totals[n]) for n in names))
    out.append("")
    return out


def profile_md(name, label):
    out = []
    total = cg_total(name)
    if not total:
        return ["(no callgrind profile of `%s` was taken%s)" % (
            name, ""), ""]
    out.append("Profile of `%s`: %s instructions in all." % (name, ir(total)))
    out.append("")
    objs = by_object(name)[:8]
    if objs:
        out.append("Self instructions by library: " + ", ".join("%s %.1f %%" % (k, p) for p, k in objs) + ".")
        out.append("")
    inc = annotate(name, True)
    slf = annotate(name, False)
    out.append("| # | inclusive | function | | self | function |")
    out.append("|---|---|---|---|---|---|")
    for i in range(max(len(inc), len(slf))):
        a = inc[i] if i < len(inc) else None
        b = slf[i] if i < len(slf) else None
        fa = "%.1f %%" % a[1] if a else ""
        na = "`%s` (%s)" % (a[2], a[3]) if a else ""
        fb = "%.1f %%" % b[1] if b else ""
        nb = "`%s` (%s)" % (b[2], b[3]) if b else ""
        out.append("| %d | %s | %s | | %s | %s |" % (i + 1, fa, na, fb, nb))
    out.append("")
    out.append("(Inclusive leaves out the frames every instruction passes through — `main`, `cli_build`, "
               "`worker`, `write_one`, thread starts, the dynamic loader — and recursive re-entries.)")
    out.append("")
    return out


def png_dims(p):
    try:
        with open(p, "rb") as f:
            head = f.read(24)
        if head[:8] == b"\x89PNG\r\n\x1a\n":
            return int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")
    except OSError:
        pass
    return None


def massif_md(name):
    t = read(path("massif-%s.out" % name))
    if not t:
        return []
    peak = None
    for s in t.split("snapshot="):
        if "heap_tree=peak" in s:
            peak = s
    if not peak:
        return []
    heap = int(re.search(r"mem_heap_B=(\d+)", peak).group(1))
    extra = int(re.search(r"mem_heap_extra_B=(\d+)", peak).group(1))
    # the tree: (depth, bytes, frame)
    nodes = []
    for line in peak.splitlines():
        m = re.match(r"^( *)n\d+: (\d+) (.*)$", line)
        if m:
            nodes.append((len(m.group(1)), int(m.group(2)), m.group(3)))

    def frame(text):
        m = re.match(r"0x[0-9A-Fa-f]+: (.*?) \(in (.*)\)$", text)
        if m:
            fn, lib = m.groups()
            return fn if fn != "???" else os.path.basename(lib).split(".so")[0]
        m = re.match(r"0x[0-9A-Fa-f]+: (\S+)", text)
        return m.group(1) if m else text

    out = ["Heap at its peak (`valgrind --tool=massif`): %.1f MB requested, %.1f MB allocator overhead "
           "(the rest of the resident set is code, fonts and the fontconfig cache, mapped). The largest "
           "allocation sites at the peak, each with its callers:" % (heap / 1048576, extra / 1048576), ""]
    out.append("| MB | allocated by ← called from |")
    out.append("|---|---|")
    for i, (depth, b, text) in enumerate(nodes):
        if depth != 1:
            continue
        chain = []
        if "0x" in text:
            chain.append(frame(text))
            j = i + 1
            d = depth
            while j < len(nodes) and len(chain) < 6:
                # the largest child one level down
                best = None
                k = j
                while k < len(nodes) and nodes[k][0] > d:
                    if nodes[k][0] == d + 1 and (best is None or nodes[k][1] > nodes[best][1]):
                        best = k
                    k += 1
                if best is None:
                    break
                f = frame(nodes[best][2])
                if f != chain[-1]:
                    chain.append(f)
                d, j = d + 1, best + 1
        else:
            chain.append(text)
        out.append("| %.2f | %s |" % (b / 1048576, " ← ".join(chain).replace("|", "\\|")[:200]))
    out.append("")
    if name.endswith("png"):
        dims = png_dims(os.path.join(os.path.dirname(RES), "out", name.split("-")[0] + ".png"))
        if dims:
            w_, h_ = dims
            out.append("The typical map is %d × %d px at scale 1: its image surface alone is %d × %d × 4 bytes "
                       "= %.1f MB." % (w_, h_, w_, h_, w_ * h_ * 4 / 1048576))
            out.append("")
    return out


# ---- the document ----

def main():
    L = []
    w = L.append
    load = [META.get(k, "?") for k in ("load_before", "load_mid", "load_after")]
    first = float(load[0].split()[0]) if load[0] and load[0] != "?" else 0
    shared = first >= 1.0 or bool(META.get("busy_before")) or bool(META.get("busy_after")) or bool(META.get("foreign"))
    w("# Performance")
    w("")
    w("Measured by `tests/bench/run.sh` (the whole benchmark, one command; `--setup` installs its tools, "
      "`--full` also times the batch in PDF and PNG). This file is written by "
      "`tests/bench/report.py`: run the script again rather than editing the numbers by hand.")
    w("")
    w("Taken %s on commit %s; the run took %s s." % (META.get("date", "?"), META.get("commit", "?"),
                                                    META.get("seconds", "?")))
    w("")
    if shared:
        w("> **Shared machine.** Other work was running during the measurement (load average below; "
          "other processes using the CPU at the start: %s; at the end: %s; seen during the run: %s). Wall "
          "times are therefore noisy and inflated: read the "
          "**min** column as the best estimate of the cost on an idle machine, the median as what a "
          "busy machine gives. Instruction counts (callgrind) do not depend on load and are repeatable."
          % (META.get("busy_before") or "none", META.get("busy_after") or "none", META.get("foreign") or "none"))
        w("")
    else:
        w("No other process used the CPU during the run (checked at the start, at the end and every ~15 s "
          "in between, %s samples); the load average before it was %s." % (META.get("samples", "?"),
                                                                         (load[0] or "?").split(" ")[0]))
        w("")
    w("## Machine and versions")
    w("")
    w("| | |")
    w("|---|---|")
    w("| CPU | %s, %s cores (`nproc`) |" % (META.get("cpu", "?"), META.get("nproc", "?")))
    w("| memory | %s |" % META.get("mem", "?"))
    w("| system | %s, Linux %s |" % (META.get("os", "?"), META.get("kernel", "?")))
    w("| load average (1, 5, 15 min) | before %s; after the timed runs %s; at the end %s (the last two include "
      "this benchmark's own processes: the batch at `-j 2`, two callgrind runs at a time) |" % tuple(
        " ".join(x.split()[:3]) if x else "?" for x in load))
    w("| other processes using the CPU | at the start: %s; at the end: %s; during the run (sampled every ~15 s, "
      "≥ 20 %% of a CPU, not this benchmark's): %s |" % (META.get("busy_before") or "none",
                                                        META.get("busy_after") or "none", META.get("foreign") or "none"))
    rates = []
    for nm in ("typical-svg", "typical-pdf", "1000-svg", "lean10000-svg"):
        c, m = cg_total(nm), mem(nm)
        if c and m and m["user"] + m["sys"] > 0:
            rates.append("%s %.1f" % (nm, c / (m["user"] + m["sys"]) / 1e9))
    if rates:
        w("| speed of this run | %s G instructions per CPU-second (callgrind's count over the user + system time "
          "of a normal run). The machine is a virtual machine: load on its host cannot be seen from inside and "
          "shows only as a lower rate here, so compare runs by this rate and by instructions |" % ", ".join(rates))
    w("| jmap | %s, built `-DCMAKE_BUILD_TYPE=Release` (`%s`) by %s |" % (
        META.get("v_jmap", "?"), META.get("cflags", "?"), META.get("v_cc", "?")))
    w("| libraries | cairo %s, pango %s, libyaml %s, libpng %s, fontconfig %s |" % (
        META.get("v_cairo"), META.get("v_pango"), META.get("v_yaml-0.1"), META.get("v_libpng"),
        META.get("v_fontconfig")))
    w("| font for `Noto Sans` | %s |" % META.get("font_sans", "?"))
    w("| tools | %s; %s; %s |" % (META.get("v_hyperfine"), META.get("v_valgrind"), META.get("v_python")))
    w("| compared with | %s; mermaid-cli %s on node %s with %s |" % (
        META.get("v_dot"), META.get("v_mmdc"), META.get("v_node"), META.get("v_chromium")))
    w("")
    w("## Method")
    w("")
    w("- **Inputs** (`tests/bench/gen.py`, deterministic): every touchpoint has every lane filled — doing, "
      "thinking, feeling, 1–2 pains, 1–2 opportunities, 1–2 backstage items, owner, channel, emotion — five "
      "touchpoints a stage, every stage with a goal and 2–3 metrics, one persona with goals, needs, "
      "frustrations and a quote. Sizes 10, 25 (the *typical* map: 5 stages × 5 touchpoints), 100, 1 000 and "
      "10 000 touchpoints (10 000 is the format's limit).")
    w("- **Wall time**: `hyperfine -N` (no shell), process start to exit, output written to disk, after one "
      "probe run and %s warm-up runs; %s runs a case, except that a case whose probe run shows it would take "
      "more than %s s is given fewer runs (at least 3, no warm-up beyond the probe): the run count is in "
      "the table." % ("2", META.get("runs", "10"), META.get("budget", "60")))
    w("- **Instructions**: `valgrind --tool=callgrind`, total Ir of the whole process (dynamic loading, "
      "fontconfig, Pango, cairo, writing), i.e. user-space instructions; the kernel's work is not counted.")
    w("- **Peak memory**: `/usr/bin/time -f %M` (maximum resident set size) of one run after the timed ones "
      "(for a case slower than 2 s, of the probe run); the same run gives the CPU time (user + system), which "
      "other load disturbs less than the wall time.")
    w("")

    # the table
    w("## Size × format")
    w("")
    w("| touchpoints | format | min | median | runs | instructions | instr. / touchpoint | peak MB | CPU (user+sys) | output |")
    w("|---|---|---|---|---|---|---|---|---|---|")
    refused = []
    for key, n in SIZES + LEAN:
        for f in FORMATS:
            name = "%s-%s" % (key, f)
            h, m, c = hf(name), mem(name), cg_total(name)
            rc = exit_code(name)
            if key.startswith("lean") and not h:
                continue
            label = "%d%s" % (n, " (typical)" if key == "typical" else " (lean)" if key.startswith("lean") else "")
            note = ""
            if rc not in (None, 0):
                err = probe_err(name).splitlines()
                refused.append((name, rc, err[-1] if err else ""))
                note = " (refused, exit %d)" % rc
            cpu = "%.2f s" % (m["user"] + m["sys"]) if m else "—"
            per = ir(c / n) if c else "—"
            if c and c / n < 1e6:
                per = "%.0f k" % (c / n / 1e3)
            w("| %s | %s%s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
                label, f, note, ms(h and h["min"]), ms(h and h["median"]), h["runs"] if h else "—", ir(c), per,
                mb(m and m["kb"]), cpu, nbytes(size(name)) if rc in (None, 0) else "none"))
    w("")
    if refused:
        w("Refused cases (the run is timed all the same: it is what the user waits for before the message):")
        w("")
        for name, rc, err in refused:
            w("- `%s`: exit %d, `%s`" % (name, rc, err))
        w("")
    w("*Lean* maps: 10 000 touchpoints with every lane filled are 3.5 MiB of text and about 130 000 things "
      "drawn, over what jmap draws in one map (1 MiB of text and 60 000 texts, list items and emotion points: "
      "the refusal above; docs/format.md), so the 10 000-touchpoint target is measured on a lean map "
      "of the same generator — every touchpoint with name, channel, emotion and a short doing, every stage "
      "with its name only (about 60 bytes of text and 4 things drawn a touchpoint) — "
      "and its 1 000-touchpoint sibling gives the growth from 1 000 to 10 000.")
    w("")

    # linearity
    w("### Cost against size")
    w("")
    w("Exponent *k* in cost ∝ touchpoints^k between consecutive sizes (1.0 is linear):")
    w("")
    w("| format | measure | " + " | ".join("%d → %d" % (SIZES[i][1], SIZES[i + 1][1]) for i in range(len(SIZES) - 1)) + " |")
    w("|---|---|" + "---|" * (len(SIZES) - 1))
    slopes = {}
    for f in FORMATS:
        for label, get in (("wall min", lambda nm: (hf(nm) or {}).get("min")),
                           ("CPU time", lambda nm: (lambda m: m and m["user"] + m["sys"])(mem(nm))),
                           ("instructions", cg_total)):
            cells = []
            for i in range(len(SIZES) - 1):
                a, b = "%s-%s" % (SIZES[i][0], f), "%s-%s" % (SIZES[i + 1][0], f)
                va, vb = get(a), get(b)
                if exit_code(a) not in (None, 0) or exit_code(b) not in (None, 0) or not va or not vb:
                    cells.append("—")
                    continue
                k = math.log(vb / va) / math.log(SIZES[i + 1][1] / SIZES[i][1])
                slopes[(f, label, i)] = k
                cells.append("%.2f" % k)
            w("| %s | %s | %s |" % (f, label, " | ".join(cells)))
    for f in ("svg", "pdf"):
        for label, get in (("wall min", lambda nm: (hf(nm) or {}).get("min")),
                           ("CPU time", lambda nm: (lambda m: m and m["user"] + m["sys"])(mem(nm))),
                           ("instructions", cg_total)):
            a, b = "lean1000-%s" % f, "lean10000-%s" % f
            va, vb = get(a), get(b)
            if exit_code(a) == 0 and exit_code(b) == 0 and va and vb:
                k = math.log(vb / va) / math.log(10)
                slopes[(f, label, "lean")] = k
                w("| %s, lean maps | %s | | | | %.2f |" % (f, label, k))
    w("")
    w("Below 100 touchpoints the fixed cost (process start, fonts) dominates, so *k* is small there; "
      "the exponent between the two largest sizes is the one that tells whether the cost grows linearly.")
    w("")

    # stages
    w("## Where the instructions go")
    w("")
    w("Inclusive instructions of the function that does each stage, as a share of the whole process "
      "(callgrind). A row includes what its function calls, so the font sorting can be inside the layout row "
      "too, and the `snprintf` row is inside the writer rows. What no row covers is process start, dynamic "
      "linking, glib and Pango set-up, and writing the file.")
    w("")
    L.extend(stages_md([n for n in ("floor-one-svg", "typical-svg", "typical-pdf", "typical-png", "batch5-j1-svg",
                                    "1000-svg", "lean10000-svg") if cg_total(n)]))
    w("`batch5-j1-svg` is 5 typical maps in one process (`-j 1`): the fixed costs are paid once there.")
    w("")

    # batch
    nb = int(META.get("batch_n", "200"))
    w("## Batch: %d typical maps in one run" % nb)
    w("")
    w("`jmap build -q map-000.yaml … map-%03d.yaml -o DIR/ -f FORMAT -j N` (%d different typical maps)." % (nb - 1, nb))
    w("")
    w("| format | -j | min | median | runs | per map (min) | peak MB | CPU (user+sys) | speed-up -j 2 |")
    w("|---|---|---|---|---|---|---|---|---|")
    for f in FORMATS:
        h1 = hf("batch-j1-%s" % f)
        if not h1 and not hf("batch-j2-%s" % f):
            continue
        for j in (1, 2):
            name = "batch-j%d-%s" % (j, f)
            h, m = hf(name), mem(name)
            sp = ratio(h1 and h1["min"], h and h["min"]) if j == 2 else ""
            w("| %s | %d | %s | %s | %s | %s | %s | %s | %s |" % (
                f, j, ms(h and h["min"]), ms(h and h["median"]), h["runs"] if h else "—",
                ms(h and h["min"] / nb), mb(m and m["kb"]), "%.2f s" % (m["user"] + m["sys"]) if m else "—", sp))
    if not hf("batch-j1-pdf"):
        w("")
        w("(The batch in PDF and PNG is timed with `--full`.)")
    w("")
    b5 = cg_total("batch5-j1-svg")
    t1 = cg_total("typical-svg")
    if b5:
        w("Under callgrind, 5 typical SVG maps in one process (`-j 1`) take %s instructions: %s a map once "
          "the process and the fonts are set up, against %s for one typical map in its own process."
          % (ir(b5), ir(b5 / 5), ir(t1)))
        w("")

    # measured by hand, kept across reruns: what the batch's worker processes cost
    extra = read(os.path.join(os.path.dirname(os.path.abspath(__file__)), "batch-processes.md"))
    if extra:
        L.extend(extra.rstrip("\n").split("\n"))
        w("")

    # floor
    w("## The floor")
    w("")
    w("| what | min | median | instructions | peak MB |")
    w("|---|---|---|---|---|")
    for name, what in (("floor-version", "`jmap --version`: process start, dynamic linking of cairo, pango, glib, libyaml"),
                       ("floor-check", "`jmap check typical.yaml`: start + parse + validate, no fonts"),
                       ("floor-one-svg", "`jmap build one.yaml -o one.svg`: a one-touchpoint map"),
                       ("floor-one-pdf", "the same, PDF"),
                       ("floor-one-png", "the same, PNG")):
        h, m = hf(name), mem(name)
        w("| %s | %s | %s | %s | %s |" % (what, ms(h and h["min"]), ms(h and h["median"]), ir(cg_total(name)),
                                          mb(m and m["kb"])))
    w("")
    hv, hc, h1 = hf("floor-version"), hf("floor-check"), hf("floor-one-svg")
    cv, cc, c1 = cg_total("floor-version"), cg_total("floor-check"), cg_total("floor-one-svg")
    w("jmap has no command that sets up fonts and does nothing else, so the closest to *font setup alone* is "
      "a one-touchpoint map (every part of the pipeline runs once, on almost no text) minus `jmap check` of "
      "the typical map (process start and YAML, no Pango): about **%s** and **%s instructions** go to "
      "fontconfig, the Pango font map and context, the first shaped text and the SVG surface."
      % (ms(h1["min"] - hc["min"]) if h1 and hc else "—", ir(c1 - cc) if c1 and cc else "—"))
    w("")

    # against the floor of issue 29
    page = META.get("floor_page", "").split()
    if page and any(cg_total("cells-%s" % f) for f in FORMATS):
        w("## Against the floor: plain cairo + Pango")
        w("")
        w("`tests/bench/floor.c` draws 200 wrapped text cells (Noto Sans 10, a filled box each) on a page of the "
          "typical map's size (%s × %s) with plain cairo and Pango, and writes it with cairo's own SVG, PDF and "
          "PNG writers (`cairo_surface_write_to_png`: zlib at its default level). The ratios are jmap's typical "
          "map over that floor, measured in this same run; instructions are the primary figure (they do not "
          "depend on the load), wall time the secondary." % (page[0], page[1]))
        w("")
        w("| format | floor instructions | jmap instructions | ratio | floor min | jmap min | ratio (min) | "
          "floor median | jmap median | ratio (median) | target |")
        w("|---|---|---|---|---|---|---|---|---|---|---|")
        for f, goal in (("svg", 0.6), ("pdf", 1.0), ("png", 0.35)):
            cf, cj = cg_total("cells-%s" % f), cg_total("typical-%s" % f)
            hf_, hj = hf("cells-%s" % f), hf("typical-%s" % f)
            r = cj / cf if cf and cj else None
            w("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | ≤ %.2f×: %s |" % (
                f.upper(), ir(cf), ir(cj), "%.2f×" % r if r else "—", ms(hf_ and hf_["min"]), ms(hj and hj["min"]),
                "%.2f×" % (hj["min"] / hf_["min"]) if hf_ and hj else "—", ms(hf_ and hf_["median"]),
                ms(hj and hj["median"]), "%.2f×" % (hj["median"] / hf_["median"]) if hf_ and hj else "—", goal,
                "met" if r is not None and r <= goal else "**not met**"))
        w("")

    # against the platform notes
    w("Against the costs in `shared/notes/platform-facts.md` (measured earlier on this machine class):")
    w("")
    w("| step | platform notes | here (min) |")
    w("|---|---|---|")
    hs, hp, hg = hf("typical-svg"), hf("typical-pdf"), hf("typical-png")
    w("| start a process linked to cairo and pango | 3.5 ms | %s (`jmap --version`) |" % ms(hv and hv["min"]))
    h1p = hf("floor-one-pdf")
    w("| Pango warm start (font map, context, first layout) | 10 ms | %s (one-touchpoint PDF − `check`: "
      "fonts, plus a small layout and PDF) |" % (ms(h1p["min"] - hc["min"]) if h1p and hc else "—"))
    w("| typical map, SVG / PDF / PNG, end to end | floor 30 / 25 / 58 ms | %s / %s / %s |" % (
        ms(hs and hs["min"]), ms(hp and hp["min"]), ms(hg and hg["min"])))
    w("")

    # comparisons
    w("## Side by side")
    w("")
    w("The same typical journey (25 touchpoints, 5 stages): jmap draws the full map; Graphviz gets a graph "
      "of the same size (25 labelled nodes in 5 clusters, 24 edges: `dot -Tsvg`); Mermaid gets the journey in "
      "its own `journey` syntax (sections, tasks with a score and an actor — far less than jmap draws: no "
      "lanes, no wrapping text, no persona card), rendered to SVG by mermaid-cli in headless Chromium.")
    w("")
    w("| tool | min | median | runs | instructions | peak MB | output |")
    w("|---|---|---|---|---|---|---|")
    j = hf("typical-svg")
    rows = [("jmap, SVG", "typical-svg", "typical-svg"), ("jmap, PDF", "typical-pdf", "typical-pdf"),
            ("jmap, PNG", "typical-png", "typical-png"), ("`dot -Tsvg`", "dot", "dot"), ("mermaid-cli (`mmdc`)", "mmdc", "mmdc")]
    for label, name, sz in rows:
        h, m = hf(name), mem(name)
        if name == "mmdc" and not h:
            w("| %s | not run | | | | | |" % label)
            continue
        w("| %s | %s | %s | %s | %s | %s | %s |" % (label, ms(h and h["min"]), ms(h and h["median"]),
                                                   h["runs"] if h else "—",
                                                   ir(cg_total(name)) if name != "mmdc" else "(many processes)",
                                                   mb(m and m["kb"]), nbytes(size(sz))))
    w("")
    d, mm = hf("dot"), hf("mmdc")
    if d and j:
        w("- **jmap SVG vs dot**: jmap takes %s the time of dot (min; %s by median) and %s its instructions."
          % (ratio(j["min"], d["min"]), ratio(j["median"], d["median"]),
             ratio(cg_total("typical-svg"), cg_total("dot"))))
    if mm and j:
        w("- **mmdc vs jmap SVG**: mermaid-cli takes %s the time of jmap (min; %s by median); jmap is %s "
          "faster. (mmdc's peak memory is the largest single process of the tree — node or one Chromium "
          "process — as GNU time reports it, not their sum.)" % (ratio(mm["min"], j["min"]),
                                                                   ratio(mm["median"], j["median"]),
                                                                   ratio(mm["min"], j["min"])))
    elif not mm:
        err = probe_err("mmdc")
        w("- **mermaid-cli did not run**%s" % (": `%s`" % err.splitlines()[-1] if err else
                                                 " (not installed: run `tests/bench/run.sh --setup`)."))
    w("")

    # observations computed from the data
    obs = []
    c_ref, c_ok = cg_total("1000-png"), cg_total("1000-svg")
    h_ref = hf("1000-png")
    if c_ref and exit_code("1000-png") not in (None, 0):
        obs.append("A PNG that is too wide is refused from its column count, before any text is measured: the "
                   "1 000-touchpoint PNG prints its error after %s and %s instructions (its SVG: %s)."
                   % (ms(h_ref and h_ref["min"]), ir(c_ref), ir(c_ok)))
    ml, sl = mem("lean10000-svg"), size("lean10000-svg")
    if ml and sl:
        obs.append("Peak memory of the 10 000-touchpoint lean SVG is %.0f MB for a %s file (%.1f× the output): "
                   "cairo records the page and then holds the written page in memory until the surface is "
                   "finished; jmap streams its own part (renumbering, text layer) straight to the file."
                   % (ml["kb"] / 1024, nbytes(sl), ml["kb"] * 1024.0 / sl))
    mp = mem("lean10000-pdf")
    if mp:
        obs.append("The same map in PDF peaks at %.0f MB." % (mp["kb"] / 1024))
    if obs:
        w("## Observations")
        w("")
        for o in obs:
            w("- " + o)
        w("")

    # targets
    w("## Targets")
    w("")
    w("| target | measured (median; min) | met? |")
    w("|---|---|---|")
    fails = []

    def target(label, value_s, limit_s, shown, profile):
        if exit_code(profile[1]) not in (None, 0):
            value_s = None
        met = value_s is not None and value_s <= limit_s
        w("| %s | %s | %s |" % (label, shown, "met" if met else "**not met**" if value_s is not None else "not measured"))
        if value_s is not None and not met:
            fails.append((label, profile))

    for f, lim in (("svg", 0.050), ("pdf", 0.040), ("png", 0.080)):
        h = hf("typical-%s" % f)
        target("typical map, %s, end to end ≤ %d ms" % (f.upper(), lim * 1000), h and h["median"], lim,
               "%s; %s" % (ms(h and h["median"]), ms(h and h["min"])), ("cg", "typical-%s" % f))
    for f in FORMATS:
        h = hf("batch-j2-%s" % f)
        if not h and f != "svg":
            continue
        target("%d typical maps, -j 2, %s, ≤ 5 s" % (nb, f.upper()), h and h["median"], 5.0,
               "%s; %s" % (ms(h and h["median"]), ms(h and h["min"])), ("cg", "batch5-j1-svg"))
    big = "10000-svg" if exit_code("10000-svg") == 0 else "lean10000-svg"
    h = hf(big) if exit_code(big) == 0 else None
    target("10 000-touchpoint SVG ≤ 3 s%s" % (" (lean map)" if big.startswith("lean") else ""),
           h and h["median"], 3.0, "%s; %s" % (ms(h and h["median"]), ms(h and h["min"])), ("cg", big))
    # linear: the exponent between the two largest sizes that render
    for pair, key in (("SVG 100 → 1 000, full maps", 2), ("SVG 1 000 → 10 000, lean maps", "lean")):
        ks = [(slopes.get(("svg", lab, key)), lab) for lab in ("instructions", "CPU time", "wall min")]
        ks = [(k, lab) for k, lab in ks if k is not None]
        if not ks:
            continue
        worst = max(k for k, _ in ks)
        shown = ", ".join("k = %.2f (%s)" % (k, lab) for k, lab in ks)
        met = worst <= 1.10
        w("| cost linear in touchpoints, %s (k ≤ 1.10) | %s | %s |" % (pair, shown, "met" if met else "**not met**"))
        if not met:
            fails.append(("cost linear in touchpoints, %s" % pair, ("cg", big)))
    for f in FORMATS:
        m = mem("typical-%s" % f)
        v = m and m["kb"] / 1024
        lim = 60 if f == "png" else 40  # the PNG holds its rows for libdeflate (issue 29: at most 60 MB)
        ok = v is not None and v <= lim
        w("| peak memory, typical map, %s ≤ %d MB | %s MB | %s |" % (f.upper(), lim, "—" if v is None else "%.1f" % v,
                                                                  "met" if ok else "**not met**"))
        if v is not None and not ok:
            fails.append(("peak memory, typical map, %s" % f.upper(), ("massif", "typical-%s" % f)))
    w("")

    # what stands in the way of the time targets, from the same profiles
    blocked = []
    hv = hf("floor-version")
    for name, lim in (("typical-svg", 0.050), ("typical-pdf", 0.040), ("typical-png", 0.080),
                      ("lean10000-svg", 3.0)):
        f, h = name.split("-")[1], hf(name)
        st, total = stages(name), cg_total(name)
        if not h or not st or not total or h["median"] <= lim:
            continue
        wall = h["min"]

        def part(*keys):
            return sum(st.get(k, 0) for k in keys) * wall / total
        paint = part("jm_paint")
        # the PNG is painted band by band inside encode_png
        writer = (part("jm_png_whole_write", "png_write_row") if f == "png"
                  else part("cairo_surface_finish", "cairo_show_page"))
        fonts = part("FcInit", "FcFontSetSort")
        start = hv["min"] if hv else 0
        layout = part("jm_layout_journey")
        own = part("jmap_load", "svg_renumber", "svg_text_layer") + paint
        others = start + fonts + layout + writer
        blocked.append(
            "- **%s** (%s at best, %s by median; target %s): starting the process takes %s, fontconfig's start "
            "and its sorts of the installed fonts (one a face) %s, layout %s (mostly Pango shaping each text; "
            "%.0f %% of the instructions, with any font sort that falls inside it), %s %s: %s in all, %s. "
            "jmap's own %s come to %s.%s" % (
                "typical map, " + f.upper() if name.startswith("typical") else "10 000 touchpoints (lean), SVG",
                ms(wall), ms(h["median"]), ms(lim), ms(start), ms(fonts), ms(layout),
                st.get("jm_layout_journey", 0) * 100.0 / total,
                "the PNG encoding (libdeflate on the whole image; libpng and zlib at level 1 above 28 MiB of rows)" if f == "png"
                else "cairo's %s writer" % f.upper(),
                ms(writer), ms(others),
                "over the target" if others > lim else "%s under the target" % ms(lim - others),
                "loading, painting and SVG renumbering" if f == "svg" else "loading and painting", ms(own),
                (" The best run meets the target and the median does not: the runs of this case vary by %s "
                 "(standard deviation) on this virtual machine." % ms(h["stddev"])) if wall <= lim else ""))
    if blocked:
        w("## What stands in the way")
        w("")
        w("The typical map draws about 9 kB of text in 350 texts, list items and points on a page of about "
          "5 200 × 1 600 units: a larger map than the 50-cell map of the platform notes. Each case's shares of "
          "its instructions (callgrind, below) applied to its best wall time:")
        w("")
        for b in blocked:
            w(b)
        w("")
        w("Neither the writers nor fontconfig can be changed from jmap: cairo 1.16's SVG surface formats every "
          "glyph position and outline coordinate with `snprintf`, and holds the page in memory until it is "
          "finished; Pango 1.50 asks fontconfig for a sorted fallback list for each face (size, weight, style) "
          "of each run. What jmap did about them: one font family and a 72 dpi font map, so that Pango's "
          "metrics probe reuses the layout's fontsets (22 sorts → 8), eight faces instead of eleven, the SVG "
          "renumbered as it streams out, the PNG drawn in bands and compressed whole by libdeflate (streamed by zlib's fastest level when larger than 28 MiB of rows).")
        w("")

    # profiles
    if fails:
        w("## Where the time goes in the cases that miss their target")
        w("")
        w("Top functions by inclusive and by self share of the instructions, from the callgrind file of that "
          "case. The counts are those of `callgrind_annotate` (`--inclusive=yes` and the default), except that "
          "the function's library is part of its key: `callgrind_annotate` merges functions of the same name "
          "from different libraries, which for unnamed ones (`0x…`) puts, for instance, libpng's filter loop "
          "under libfontconfig. Functions shown as `0x…` are internal functions of a library whose symbols "
          "Debian ships in separate debug packages.")
        w("")
        done = set()
        for label, (kind, name) in fails:
            if (kind, name) in done:
                w("*%s*: see the profile of `%s` above." % (label, name))
                w("")
                continue
            done.add((kind, name))
            w("### %s" % label)
            w("")
            if kind == "cg":
                if name == "batch5-j1-svg":
                    w("The batch's steady state: 5 typical maps in one process, so process start and font setup "
                      "are paid once and the per-map work shows.")
                    w("")
                L.extend(profile_md(name, label))
                done.add(("cg", name))
            else:
                L.extend(massif_md(name))
                if ("cg", name) in done:
                    w("Its instructions: see the profile of `%s` above." % name)
                    w("")
    w("")
    with open(OUT, "w", encoding="utf-8") as f:
        f.write("\n".join(L).rstrip() + "\n")


if __name__ == "__main__":
    main()
