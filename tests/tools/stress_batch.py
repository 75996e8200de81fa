#!/usr/bin/env python3
"""Stress the batch by hand (not part of the suite: minutes of runs).

    stress_batch.py JMAP [RUNS] [JOBS...]

Builds two inputs (one mixing Greek, Cyrillic, Hebrew, Arabic, Chinese,
Hindi, Thai and an emoji family; one plain) RUNS times (default 200) at each
-j of JOBS (default 2 8), in SVG, and compares every run's bytes with -j 1;
then a 40-input multi-script batch at -j 8 under `ulimit -v 1048576`, RUNS/10
times, which must succeed or fail with exit 3 and a message, never a signal.
Prints a line per case and exits 1 if any run went wrong."""
import hashlib
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "e2e"))
sys.argv, args = sys.argv[:1] + ["-"], sys.argv[1:]  # test_hostile reads argv[1]
import test_hostile as h  # noqa: E402  (the inputs' generator)

if not args:
    sys.exit(__doc__)
jmap = os.path.abspath(args[0])
runs = int(args[1]) if len(args) > 1 else 200
jobs = args[2:] or ["2", "8"]
tmp = tempfile.mkdtemp(prefix="jmap-stress-")
mixed = h.write(os.path.join(tmp, "in", "mixed.yaml"), h.multi_script(7, 5))
plain = h.write(os.path.join(tmp, "in", "plain.yaml"), h.tiny("A plain journey"))


def digests(d):
    return {n: hashlib.sha256(open(os.path.join(d, n), "rb").read()).hexdigest() for n in sorted(os.listdir(d))}


bad = 0
ref = os.path.join(tmp, "ref") + "/"
subprocess.run([jmap, "build", mixed, plain, "-o", ref, "-j", "1"], check=True)
want = digests(ref)
for j in jobs:
    failed = 0
    for k in range(runs):
        out = os.path.join(tmp, f"out-{j}") + "/"
        p = subprocess.run([jmap, "build", mixed, plain, "-o", out, "-j", j], stderr=subprocess.PIPE)
        if p.returncode != 0 or p.stderr or digests(out) != want:
            failed += 1
            print(f"-j {j} run {k + 1}: exit {p.returncode} {p.stderr.decode(errors='replace')[:300]}")
    print(f"-j {j}: {runs - failed} of {runs} runs gave the bytes of -j 1")
    bad += failed

ins = [h.write(os.path.join(tmp, "many", f"m{i:02d}.yaml"), h.multi_script(i, 3)) for i in range(40)]
ok = clean = 0
for k in range(max(1, runs // 10)):
    out = os.path.join(tmp, "limited")
    p = subprocess.run(["sh", "-c", f'ulimit -v 1048576; exec "{jmap}" build "$@" -o {out}/ -j 8', "sh", *ins],
                       stderr=subprocess.PIPE)
    if p.returncode == 0:
        ok += 1
    elif p.returncode == 3 and p.stderr.startswith(b"jmap: "):
        clean += 1
    else:
        bad += 1
        print(f"ulimit run {k + 1}: exit {p.returncode} {p.stderr.decode(errors='replace')[:300]}")
print(f"40 inputs, -j 8, ulimit -v 1048576: {ok} succeeded, {clean} failed cleanly, of {max(1, runs // 10)}")
sys.exit(1 if bad else 0)
