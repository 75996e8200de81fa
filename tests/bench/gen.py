#!/usr/bin/env python3
"""Deterministic journey generator for the jmap benchmark (tests/bench/run.sh).

Every touchpoint has every lane filled (doing, thinking, feeling, pains,
opportunities, backstage, owner, an emotion, a channel); every stage has a
goal and metrics; one persona. Five touchpoints per stage, so a map of N
touchpoints has N/5 stages and the cost per touchpoint can be compared across
sizes. The "typical" map is the 25-touchpoint member of that family.

    gen.py journey N SEED          -> jmap YAML on stdout
    gen.py mermaid N SEED          -> the same journey in Mermaid's journey syntax
    gen.py dot N SEED              -> a Graphviz graph of the same journey
                                      (one cluster per stage, one node per touchpoint)
    gen.py all OUTDIR              -> every input of the benchmark into OUTDIR
                                      (also lean1000/lean10000.yaml: fewer lanes, see journey())

No randomness from the library: a fixed linear congruential generator, so the
bytes are the same on every machine and every Python version.
"""
import os
import sys

WORDS = (
    "account address advice app approval basket bill booking branch call card cart "
    "change check choice code confirm contract cost coverage customer data date "
    "deadline delay delivery deposit detail device discount document email error "
    "estimate fee feedback form friend guide help holiday home invoice item key "
    "label letter limit link list loan login manager message method mobile money "
    "month notice number offer option order page parcel partner password payment "
    "phone plan point policy portal price profile promise quote rate receipt "
    "record refund renewal reply report request review reward route schedule "
    "screen search service setting shop signal slot status step store summary "
    "support team ticket time total tracker transfer trial update upgrade visit "
    "voucher wait warranty week window"
).split()
VERBS = (
    "asks books browses calls cancels checks compares confirms downloads emails "
    "enters finds fills follows gets joins logs opens orders pays reads receives "
    "registers reports reviews scans searches selects sends shares signs tracks "
    "updates uploads visits waits watches writes"
).split()
FEELINGS = (
    "Curious;Hopeful;Confused;Reassured;Impatient;Annoyed;Relieved;Delighted;"
    "Anxious;Confident;Frustrated;Calm;Surprised;Tired but satisfied;Sceptical;"
    "Pleased;Overwhelmed;Looked after;Let down;Excited"
).split(";")
OWNERS = (
    "Brand marketing;Digital sales;Customer service;Billing team;Logistics;"
    "Product team;Store operations;Partner management;Data team;Aftersales"
).split(";")
CHANNELS = (
    "web mobile email phone chat social store sms tv print mail event qr search "
    "review self-service delivery video"
).split()
METRICS = ("CSAT", "NPS", "Conversion", "Drop-off", "Time to complete", "CES", "Repeat rate")


class Lcg:
    """Numerical Recipes LCG, 32 bits: the same sequence everywhere."""

    def __init__(self, seed):
        self.x = (seed * 2654435761 + 12345) & 0xFFFFFFFF

    def next(self):
        self.x = (1664525 * self.x + 1013904223) & 0xFFFFFFFF
        return self.x >> 8

    def below(self, n):
        return self.next() % n

    def pick(self, seq):
        return seq[self.below(len(seq))]

    def words(self, lo, hi):
        n = lo + self.below(hi - lo + 1)
        return " ".join(self.pick(WORDS) for _ in range(n))


def cap(s):
    return s[:1].upper() + s[1:]


def q(s):
    """A YAML double-quoted scalar (the generated text has no quotes or backslashes)."""
    return '"' + s + '"'


def journey(n, seed=1, title=None, lean=False):
    """lean: each touchpoint only has name, channel, emotion and a short
    doing (about 60 bytes of text and 4 things drawn), each stage only its
    name, so that 10 000 touchpoints stay under what jmap draws in one map:
    1 MiB of text and 60 000 texts, list items and emotion points."""
    r = Lcg(seed)
    n_stages = max(1, (n + 4) // 5)
    title = title or "Generated journey: %d touchpoints" % n
    out = []
    w = out.append
    w("jmap: 1")
    w("title: " + q(title))
    w("description: " + q(cap(r.words(12, 20)) + "."))
    w("scale: [1, 5]")
    w("personas:")
    w("  - id: pat")
    w("    name: Pat Jordan")
    w("    role: " + q(cap(r.words(2, 3))))
    w("    age: 41")
    w("    occupation: Nurse")
    w("    family: Two children")
    w("    goals: [%s, %s]" % (q(cap(r.words(3, 6))), q(cap(r.words(3, 6)))))
    w("    needs: [%s, %s]" % (q(cap(r.words(3, 6))), q(cap(r.words(3, 6)))))
    w("    frustrations: [%s, %s]" % (q(cap(r.words(3, 6))), q(cap(r.words(3, 6)))))
    w("    quote: " + q(cap(r.words(6, 10)) + "."))
    w("    color: \"#1f6fb2\"")
    w("stages:")
    made = 0
    for s in range(n_stages):
        k = min(5, n - made) if n - made > 0 else 0
        w("  - name: " + q("Stage %d: %s" % (s + 1, cap(r.words(1, 2)))))
        if not lean:
            w("    goal: " + q(cap(r.words(5, 9))))
            w("    metrics:")
            for m in range(2 + r.below(2)):
                name = METRICS[(s + m) % len(METRICS)]
                w("      %s: %s" % (q(name), q("%d.%d" % (1 + r.below(9), r.below(10)))))
        w("    touchpoints:")
        for t in range(k):
            made += 1
            w("      - name: " + q("%s %s" % (cap(r.pick(VERBS)), r.words(2, 4))))
            w("        channel: " + r.pick(CHANNELS))
            w("        emotion: %d" % (1 + r.below(5)))
            w("        doing: " + q(cap(r.pick(VERBS)) + " " + (r.words(2, 4) if lean else r.words(7, 13))))
            if lean:
                continue
            w("        thinking: " + q(cap(r.words(6, 11)) + "?"))
            w("        feeling: " + q(r.pick(FEELINGS)))
            for lane in ("pains", "opportunities", "backstage"):
                items = [q(cap(r.words(3, 8))) for _ in range(1 + r.below(2))]
                w("        %s: [%s]" % (lane, ", ".join(items)))
            w("        owner: " + q(r.pick(OWNERS)))
            if r.below(7) == 0:
                w("        moment: true")
    return "\n".join(out) + "\n"


def parse_back(n, seed):
    """Stages and touchpoints (name, score) of journey(n, seed), for the other tools."""
    stages = []
    for line in journey(n, seed).splitlines():
        s = line.strip()
        if line.startswith("  - name: "):
            stages.append([s[len("- name: "):].strip('"'), []])
        elif line.startswith("      - name: "):
            stages[-1][1].append([s[len("- name: "):].strip('"'), 3])
        elif line.startswith("        emotion: "):
            stages[-1][1][-1][1] = int(s.split(": ")[1])
    return stages


def mermaid(n, seed=1, title=None):
    out = ["journey", "    title " + (title or "Generated journey: %d touchpoints" % n).replace(":", " -")]
    for name, tps in parse_back(n, seed):
        out.append("    section " + name.replace(":", " -"))
        for tp, score in tps:
            out.append("      %s: %d: Pat" % (tp.replace(":", " "), score))
    return "\n".join(out) + "\n"


def dot(n, seed=1):
    out = ["digraph journey {", "  rankdir=LR;", '  node [shape=box, style="rounded,filled", fillcolor="#f4f6f8", '
           'fontname="Noto Sans"];', '  graph [fontname="Noto Sans"];']
    ids = []
    for i, (name, tps) in enumerate(parse_back(n, seed)):
        out.append("  subgraph cluster_%d {" % i)
        out.append('    label="%s"; style=filled; fillcolor="#e8eef7";' % name)
        for j, (tp, score) in enumerate(tps):
            nid = "t%d_%d" % (i, j)
            ids.append(nid)
            out.append('    %s [label="%s\\nscore %d"];' % (nid, tp, score))
        out.append("  }")
    for a, b in zip(ids, ids[1:]):
        out.append("  %s -> %s;" % (a, b))
    out.append("}")
    return "\n".join(out) + "\n"


def write(path, text):
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def all_inputs(outdir):
    os.makedirs(os.path.join(outdir, "batch"), exist_ok=True)
    for n in (10, 100, 1000, 10000):
        write(os.path.join(outdir, "tp%d.yaml" % n), journey(n, seed=n))
    for n in (1000, 10000):
        write(os.path.join(outdir, "lean%d.yaml" % n), journey(n, seed=n, lean=True,
                                                               title="Lean journey: %d touchpoints" % n))
    write(os.path.join(outdir, "typical.yaml"), journey(25, seed=25, title="A typical journey"))
    write(os.path.join(outdir, "typical.mmd"), mermaid(25, seed=25, title="A typical journey"))
    write(os.path.join(outdir, "typical.dot"), dot(25, seed=25))
    write(os.path.join(outdir, "one.yaml"), journey(1, seed=1, title="One touchpoint"))
    for k in range(200):
        write(os.path.join(outdir, "batch", "map-%03d.yaml" % k),
              journey(25, seed=1000 + k, title="Typical journey %d" % k))


def main(argv):
    if len(argv) == 3 and argv[1] == "all":
        all_inputs(argv[2])
        return 0
    if len(argv) == 4 and argv[1] in ("journey", "mermaid", "dot"):
        fn = {"journey": journey, "mermaid": mermaid, "dot": dot}[argv[1]]
        sys.stdout.write(fn(int(argv[2]), int(argv[3])))
        return 0
    sys.stderr.write(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
