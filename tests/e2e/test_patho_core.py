#!/usr/bin/env python3
"""Pathological inputs of layout, diff, stats and the diagnostics: each cost
grows in proportion to its input (tests/e2e/patho.py says how that is
measured), and what is drawn or printed is in proportion to it too.

Usage: python3 test_patho_core.py PATH_TO_JMAP"""
import json
import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import run_tests, test  # noqa: E402
from patho import grows_linearly  # noqa: E402

JMAP = sys.argv[1] if len(sys.argv) > 1 else "jmap"
TMP = tempfile.mkdtemp(prefix="jmap-patho-core-")


def write(tmp, name, text):
    path = os.path.join(tmp, name)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


def build(path):
    return ["JMAP", "build", path, "-o", "-", "-f", "svg"]


def run(args):
    p = subprocess.run([JMAP] + args, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    return p.returncode, p.stdout, p.stderr.decode("utf-8", "replace")


def svg_height(svg):
    m = re.search(rb'<svg[^>]*\sheight="([0-9.]+)', svg)
    assert m, svg[:300]
    return float(m.group(1))


# ---- diff ----

def diff_pair(n, tmp, stages=1, rename=True):
    """Two journeys of n touchpoints over `stages` stages; AFTER's ids are
    all new (every touchpoint removed and added again) when rename."""
    def journey(prefix):
        out = ["jmap: 1\ntitle: T\nstages:\n"]
        per = max(1, n // stages)
        for s in range(stages):
            out.append("  - name: Stage %d\n    touchpoints:\n" % s)
            for k in range(per):
                i = s * per + k
                out.append("      - {name: Step %d, id: %s%d, emotion: %d}\n" % (i, prefix, i, 1 + i % 5))
        return "".join(out)
    b = write(tmp, "before.yaml", journey("a"))
    a = write(tmp, "after.yaml", journey("b" if rename else "a"))
    return ["JMAP", "diff", b, a, "-o", "-", "-f", "svg"]


@test
def diff_renamed_ids():
    """Every touchpoint removed and added again: placing the removed ones
    was cubic (3 000 touchpoints did not finish in 10 s)."""
    return grows_linearly(JMAP, "diff, n renamed touchpoints", lambda n, tmp: diff_pair(n, tmp), 200, n_max=2400)


@test
def diff_many_stages():
    """One touchpoint a stage, every one renamed: each removed touchpoint's
    stage looked up among all the stages."""
    return grows_linearly(JMAP, "diff, n stages of one renamed touchpoint",
                          lambda n, tmp: diff_pair(n, tmp, stages=n), 200, n_max=2400)


@test
def diff_same_ids():
    return grows_linearly(JMAP, "diff, n unchanged touchpoints",
                          lambda n, tmp: diff_pair(n, tmp, rename=False), 200, n_max=2400)


# ---- text ----

@test
def long_word_in_narrow_cells():
    """Words without a break, each as long as a text may be, in the action
    plan's narrow cells: Pango's breaking between letters was quadratic in
    the word's length (30 such words: more than 12 s)."""
    def make(n, tmp):
        out = ["jmap: 1\ntitle: T\nlanes: [touchpoints, actions]\nstages:\n  - name: S\n    touchpoints:\n"]
        for i in range(6):
            out.append("      - name: %s\n        opportunities:\n          - text: %s\n            priority: high\n"
                       % (chr(ord("a") + i) * n, "o" * n))
        return build(write(tmp, "j.yaml", "".join(out)))
    return grows_linearly(JMAP, "build, 12 words of n letters in narrow cells", make, 625, n_max=1250)


@test
def long_word_in_cards():
    def make(n, tmp):
        out = ["jmap: 1\ntitle: T\nstages:\n  - name: S\n    touchpoints:\n"]
        for i in range(6):
            w = chr(ord("a") + i) * n
            out.append("      - {name: %s, doing: %s, feeling: %s, emotion: 3}\n" % (w, w, w))
        return build(write(tmp, "j.yaml", "".join(out)))
    return grows_linearly(JMAP, "build, 18 words of n letters in cards", make, 625, n_max=1250)


# ---- the emotion band ----

def band_journey(tmp, name, marks, feeling):
    """One column with 100 personas' points and targets (200 marks), another
    with a feeling of 5 000 letters; either may be left out."""
    ids = ["p%d" % i for i in range(100)]
    out = ["jmap: 1\ntitle: T\npersonas:\n"]
    out += ["  - {name: P%d, id: %s}\n" % (i, p) for i, p in enumerate(ids)]
    out.append("stages:\n  - name: S\n    touchpoints:\n")
    if marks:
        em = ", ".join("%s: %.2f" % (p, 1 + 4 * i / 99) for i, p in enumerate(ids))
        tg = ", ".join("%s: %.2f" % (p, 5 - 4 * i / 99) for i, p in enumerate(ids))
        out.append("      - {name: Busy, emotion: {%s}, target: {%s}, feeling: Torn}\n" % (em, tg))
    if feeling:
        out.append("      - {name: Long, emotion: 3, feeling: %s}\n" % " ".join(["word"] * 1000))
    out.append("      - {name: End, emotion: 2}\n")
    return write(tmp, name, "".join(out))


@test
def emotion_band_in_proportion():
    """The band's height took the busiest column's marks times the tallest
    feeling, from two different columns (a 7.7 KB journey laid out 395 722
    units tall): a map with both is no taller than the two apart."""
    heights = {}
    for marks, feeling in ((True, False), (False, True), (True, True)):
        path = band_journey(TMP, "band-%d%d.yaml" % (marks, feeling), marks, feeling)
        status, out, err = run(["build", path, "-o", "-", "-f", "svg"])
        assert status == 0, err
        heights[marks, feeling] = svg_height(out)
    both, apart = heights[True, True], heights[True, False] + heights[False, True]
    assert both <= apart, "with both: %.0f; apart: %.0f + %.0f" % (both, heights[True, False], heights[False, True])
    return "heights: marks %.0f, feeling %.0f, both %.0f" % (heights[True, False], heights[False, True], both)


@test
def emotion_band_one_busy_column():
    """Marks and a long feeling in the same column: the band grows with what
    it draws, not with their product."""
    def height(n_words):
        ids = ["p%d" % i for i in range(100)]
        out = ["jmap: 1\ntitle: T\npersonas:\n"]
        out += ["  - {name: P%d, id: %s}\n" % (i, p) for i, p in enumerate(ids)]
        em = ", ".join("%s: %.2f" % (p, 1 + 4 * i / 99) for i, p in enumerate(ids))
        out.append("stages:\n  - name: S\n    touchpoints:\n")
        out.append("      - {name: Busy, emotion: {%s}, feeling: %s}\n" % (em, " ".join(["word"] * n_words)))
        path = write(TMP, "busy-%d.yaml" % n_words, "".join(out))
        status, svg, err = run(["build", path, "-o", "-", "-f", "svg"])
        assert status == 0, err
        return svg_height(svg)
    small, big = height(100), height(800)
    # 8 times the feeling: the band may grow by about 8 times the feeling's
    # height, not by 100 marks times it
    assert big - small < 12 * (small if small < 4000 else 4000), (small, big)
    assert big < 60000, big
    return "100 words: %.0f, 800 words: %.0f" % (small, big)


# ---- the draw bound ----

@test
def empty_stage_names_are_counted():
    """Stages named '' are drawn (a header, a column): the draw bound counts
    them, so that many of them are refused as other stages are."""
    n = 61000
    path = write(TMP, "empty-stages.yaml", "jmap: 1\ntitle: T\nstages:\n" + "  - name: ''\n" * n)
    status, _, err = run(["check", path])
    assert status == 1 and "a map draws at most" in err, (status, err[:500])
    named = write(TMP, "named-stages.yaml", "jmap: 1\ntitle: T\nstages:\n" + "".join("  - name: s%d\n" % i for i in range(n)))
    status, _, err2 = run(["check", named])
    assert status == 1 and "a map draws at most" in err2, (status, err2[:500])


@test
def build_many_empty_stages():
    def make(n, tmp):
        return build(write(tmp, "j.yaml", "jmap: 1\ntitle: T\nstages:\n" + "  - name: ''\n" * n))
    return grows_linearly(JMAP, "build, n stages named ''", make, 250, n_max=4000)


# ---- diagnostics ----

@test
def suggestions_only_for_kept_errors():
    """n unknown channels among n declared ones: each "did you mean" compares
    with every channel, and only 50 errors are shown."""
    def make(n, tmp):
        out = ["jmap: 1\ntitle: T\nchannels:\n"]
        out += ["  - {id: declared-channel-number-%06d, name: C%d}\n" % (i, i) for i in range(n)]
        out.append("stages:\n  - name: S\n    touchpoints:\n")
        out += ["      - {name: A%d, channel: unknown-channel-name-%06d}\n" % (i, i) for i in range(n)]
        return ["JMAP", "check", write(tmp, "j.yaml", "".join(out))]
    return grows_linearly(JMAP, "check, n unknown channels among n", make, 125, n_max=1000)


@test
def suggestions_still_given():
    path = write(TMP, "near.yaml", "jmap: 1\ntitle: T\nchannels:\n  - {id: kiosk, name: K}\n"
                 "stages:\n  - name: S\n    touchpoints:\n      - {name: A, channel: kiosc}\n"
                 "      - {name: B, channel: zzzzzzzz}\n")
    status, _, err = run(["check", path])
    assert status == 1, err
    assert "unknown channel 'kiosc' (did you mean 'kiosk'?)" in err, err
    assert "unknown channel 'zzzzzzzz': declare it under 'channels'" in err, err


# ---- stats ----

def stats_journey(n_personas, n_stages):
    out = ["jmap: 1\ntitle: T\npersonas:\n"]
    out += ["  - {name: P%d}\n" % i for i in range(n_personas)]
    out.append("stages:\n")
    for s in range(n_stages):
        out.append("  - name: Stage number %d of the journey\n    metrics: {Conversion rate of stage %d: "
                   "{value: '%d%%', target: '50%%'}}\n    touchpoints:\n      - {name: T%d, emotion: %d, moment: true}\n"
                   % (s, s, s % 100, s, 1 + s % 5))
    return "".join(out)


@test
def stats_json_in_proportion():
    """Every stage metric was repeated for every persona: 100 personas gave
    an output hundreds of times the input."""
    text = stats_journey(100, 400)
    path = write(TMP, "stats.yaml", text)
    status, out, err = run(["stats", "--json", path])
    assert status == 0, err
    doc = json.loads(out)
    ratio = len(out) / len(text.encode())
    assert ratio < 8, "output %d bytes, input %d: %.1f times" % (len(out), len(text), ratio)
    assert len(doc["journeys"][0]["personas"]) == 100
    return "output %.1f times the input" % ratio


@test
def stats_json_many_personas_and_stages():
    def make(n, tmp):
        return ["JMAP", "stats", "--json", write(tmp, "j.yaml", stats_journey(100, n))]
    return grows_linearly(JMAP, "stats --json, 100 personas, n stages", make, 100, n_max=1600)


# ---- other shapes ----

@test
def build_personas_times_touchpoints():
    """100 personas, each scoring every touchpoint: n x 100 points."""
    def make(n, tmp):
        out = ["jmap: 1\ntitle: T\npersonas:\n"] + ["  - {name: P%d, id: p%d}\n" % (i, i) for i in range(100)]
        out.append("stages:\n  - name: S\n    touchpoints:\n")
        for t in range(n):
            out.append("      - {name: T%d, emotion: {%s}}\n" % (t, ", ".join("p%d: %d" % (i, 1 + (i + t) % 5)
                                                                            for i in range(100))))
        return build(write(tmp, "j.yaml", "".join(out)))
    return grows_linearly(JMAP, "build, 100 personas x n touchpoints", make, 10, n_max=150)


@test
def build_long_list_in_one_cell():
    def make(n, tmp):
        items = "".join("          - Pain number %d\n" % i for i in range(n))
        return build(write(tmp, "j.yaml", "jmap: 1\ntitle: T\nstages:\n  - name: S\n    touchpoints:\n"
                           "      - name: A\n        pains:\n" + items))
    return grows_linearly(JMAP, "build, n pains in one cell", make, 250, n_max=8000)


@test
def build_many_stages_of_one_touchpoint():
    def make(n, tmp):
        out = ["jmap: 1\ntitle: T\nstages:\n"]
        out += ["  - name: Stage %d\n    touchpoints:\n      - {name: T%d, emotion: %d, feeling: Ok}\n"
                % (s, s, 1 + s % 5) for s in range(n)]
        return build(write(tmp, "j.yaml", "".join(out)))
    return grows_linearly(JMAP, "build, n stages of one touchpoint", make, 100, n_max=2400)


@test
def build_every_lane_filled():
    lanes = "[touchpoints, doing, thinking, emotions, pains, opportunities, frontstage, backstage, support, " \
            "evidence, owner, metrics, actions]"

    def make(n, tmp):
        out = ["jmap: 1\ntitle: T\nlanes: %s\nstages:\n  - name: S\n    metrics: {M: 1}\n    touchpoints:\n" % lanes]
        for t in range(n):
            out.append("      - {name: T%d, emotion: %d, doing: D, thinking: T, pains: [P], frontstage: [F], "
                       "backstage: [B], support: [S], evidence: [E], owner: O, metrics: {X: %d}, "
                       "opportunities: [{text: O%d, priority: high}]}\n" % (t, 1 + t % 5, t, t))
        return build(write(tmp, "j.yaml", "".join(out)))
    return grows_linearly(JMAP, "build, n touchpoints with every lane", make, 50, n_max=1600)


@test
def build_many_channels():
    def make(n, tmp):
        out = ["jmap: 1\ntitle: T\nchannels:\n"] + ["  - {id: c%d, name: Channel %d}\n" % (i, i) for i in range(n)]
        out.append("stages:\n  - name: S\n    touchpoints:\n")
        out += ["      - {name: T%d, channel: c%d}\n" % (i, i) for i in range(n)]
        return build(write(tmp, "j.yaml", "".join(out)))
    return grows_linearly(JMAP, "build, n channels", make, 100, n_max=3200)


@test
def diff_many_personas():
    def make(n, tmp):
        def journey(shift):
            out = ["jmap: 1\ntitle: T\npersonas:\n"] + ["  - {name: P%d, id: p%d}\n" % (i, i) for i in range(100)]
            out.append("stages:\n  - name: S\n    touchpoints:\n")
            for t in range(n):
                out.append("      - {name: T%d, emotion: {%s}}\n" % (
                    t, ", ".join("p%d: %d" % (i, 1 + (i + t + shift) % 5) for i in range(100))))
            return "".join(out)
        b, a = write(tmp, "b.yaml", journey(0)), write(tmp, "a.yaml", journey(1))
        return ["JMAP", "diff", b, a, "-o", "-", "-f", "svg"]
    return grows_linearly(JMAP, "diff, 100 personas x n moved touchpoints", make, 10, n_max=150)


@test
def build_wrapped_one_a_row():
    """A row a touchpoint: each row's band measured every feeling of the map."""
    def make(n, tmp):
        out = ["jmap: 1\ntitle: T\nstages:\n  - name: S\n    touchpoints:\n"]
        out += ["      - {name: T%d, emotion: %d, feeling: Feeling number %d}\n" % (t, 1 + t % 5, t) for t in range(n)]
        return build(write(tmp, "j.yaml", "".join(out))) + ["--wrap", "1"]
    return grows_linearly(JMAP, "build --wrap 1, n touchpoints with feelings", make, 50, n_max=2400)


@test
def build_wrapped_sparse_curves():
    """Wrapped rows where curves have few points: where a curve leaves each
    row was looked for over the whole map."""
    def make(n, tmp):
        out = ["jmap: 1\ntitle: T\npersonas:\n"] + ["  - {name: P%d, id: p%d}\n" % (i, i) for i in range(20)]
        out.append("stages:\n  - name: S\n    touchpoints:\n")
        out.append("      - {name: First, emotion: 1}\n")
        out += ["      - {name: T%d}\n" % t for t in range(n)]
        out.append("      - {name: Last, emotion: 5}\n")
        return build(write(tmp, "j.yaml", "".join(out))) + ["--wrap", "2"]
    return grows_linearly(JMAP, "build --wrap 2, 20 curves over n unscored touchpoints", make, 50, n_max=600)


@test
def build_many_metrics_in_one_stage():
    def make(n, tmp):
        metrics = ", ".join("M%d: {value: %d, target: 50}" % (i, i % 100) for i in range(n))
        return build(write(tmp, "j.yaml", "jmap: 1\ntitle: T\nlanes: [touchpoints, metrics]\nstages:\n"
                           "  - name: S\n    metrics: {%s}\n    touchpoints:\n      - {name: A}\n" % metrics))
    return grows_linearly(JMAP, "build, n metrics of one stage", make, 100, n_max=3200)


@test
def build_one_persona_of_many():
    """--persona: one curve drawn out of 100 declared, over n touchpoints."""
    def make(n, tmp):
        out = ["jmap: 1\ntitle: T\npersonas:\n"] + ["  - {name: P%d, id: p%d}\n" % (i, i) for i in range(100)]
        out.append("stages:\n  - name: S\n    touchpoints:\n")
        out += ["      - {name: T%d, emotion: %d, moment: %s, feeling: F}\n"
                % (t, 1 + t % 5, "true" if t % 3 == 0 else "false") for t in range(n)]
        return build(write(tmp, "j.yaml", "".join(out))) + ["--persona", "p7"]
    return grows_linearly(JMAP, "build --persona, n touchpoints of 100 personas", make, 10, n_max=140)


@test
def build_action_plan_many_rows():
    def make(n, tmp):
        out = ["jmap: 1\ntitle: T\nlanes: [touchpoints, opportunities, actions]\nstages:\n"]
        for s_ in range(4):
            out.append("  - name: S%d\n    touchpoints:\n" % s_)
            out += ["      - name: T%d-%d\n        opportunities:\n          - {text: O%d, priority: %s, "
                    "owner: Team %d, status: planned}\n" % (s_, t, t, ("high", "medium", "low")[t % 3], t % 7)
                    for t in range(n)]
        return build(write(tmp, "j.yaml", "".join(out)))
    return grows_linearly(JMAP, "build, 4n prioritised opportunities", make, 25, n_max=600)


@test
def check_many_personas_lists():
    """Every touchpoint names many personas and scores each."""
    def make(n, tmp):
        ids = ["p%d" % i for i in range(100)]
        out = ["jmap: 1\ntitle: T\npersonas:\n"] + ["  - {name: P%d, id: %s}\n" % (i, p) for i, p in enumerate(ids)]
        out.append("stages:\n  - name: S\n    touchpoints:\n")
        for t in range(n):
            out.append("      - {name: T%d, personas: [%s], emotion: {%s}, target: {%s}}\n" % (
                t, ", ".join(ids[::2]), ", ".join("%s: 3" % p for p in ids[::2]),
                ", ".join("%s: 4" % p for p in ids[::2])))
        return ["JMAP", "check", write(tmp, "j.yaml", "".join(out))]
    return grows_linearly(JMAP, "check, n touchpoints naming 50 personas", make, 25, n_max=300)


if __name__ == "__main__":
    sys.exit(run_tests())
