#!/usr/bin/env python3
"""End-to-end tests of the map's own words: `lang`, `labels`, `init --lang`.

Usage: python3 tests/e2e/test_lang.py path/to/jmap

For each built-in language, a map built to PDF holds none of jmap's English
words in its text (pdftotext, from poppler-utils) and holds the language's
own; `labels` overrides words; errors stand at their line and column; the
same file gives the same bytes whatever the locale.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile
from harness import check, summary

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.environ.get("JMAP_SOURCE_DIR") or os.path.dirname(os.path.dirname(HERE))
EXAMPLES = os.path.join(SOURCE, "examples")
JMAP = None
TMP = None

# Words that jmap draws in English, as an English map shows them.
ENGLISH = ["TOUCHPOINTS", "DOING", "THINKING", "EMOTIONS", "PAIN POINTS", "OPPORTUNITIES", "BACKSTAGE", "OWNER",
           "METRICS", "GOALS", "NEEDS", "FRUSTRATIONS", "LINE OF VISIBILITY", "CHANNELS", "EMOTION",
           "Moment that matters", "Persona view", "age 41", "Website", "Phone", "Store", "Search"]

# Words each language's map must show (lane titles, persona headings, legend).
LOCAL = {
    "uk": ["ТОЧКИ КОНТАКТУ", "БОЛЬОВІ ТОЧКИ", "ЛІНІЯ ВИДИМОСТІ", "ЦІЛІ", "вік 41", "КАНАЛИ", "Момент істини",
           "Телефон", "Вебсайт", "«"],
    "ru": ["ТОЧКИ КОНТАКТА", "БОЛЕВЫЕ ТОЧКИ", "ЛИНИЯ ВИДИМОСТИ", "ЦЕЛИ", "возраст 41", "КАНАЛЫ", "Момент истины",
           "Телефон", "Сайт", "«"],
    "pl": ["PUNKTY STYKU", "PUNKTY BÓLU", "LINIA WIDOCZNOŚCI", "CELE", "wiek 41", "KANAŁY", "Moment prawdy",
           "Telefon", "Strona internetowa", "„"],
    "de": ["KONTAKTPUNKTE", "SCHMERZPUNKTE", "SICHTBARKEITSLINIE", "ZIELE", "41 Jahre", "KANÄLE",
           "Moment der Wahrheit", "Telefon", "Webseite", "„"],
    "fr": ["POINTS DE CONTACT", "IRRITANTS", "LIGNE DE VISIBILITÉ", "OBJECTIFS", "41 ans", "CANAUX",
           "Moment de vérité", "Téléphone", "Site web", "«"],
    "es": ["PUNTOS DE CONTACTO", "PUNTOS DE DOLOR", "LÍNEA DE VISIBILIDAD", "OBJETIVOS", "41 años", "CANALES",
           "Momento de la verdad", "Teléfono", "Sitio web", "«"],
    "fa": ["نقاط تماس", "نقاط درد", "خط دید", "اهداف", "کانال", "تلفن", "۵"],
}


def run(args, stdin=None, env=None):
    p = subprocess.run([JMAP] + args, input=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120,
                       env=env)
    return p.returncode, p.stdout, p.stderr.decode("utf-8", "replace")


def write(name, text):
    path = os.path.join(TMP, name)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


def pdf_text(yaml_path, extra=()):
    out = os.path.join(TMP, os.path.basename(yaml_path) + ".pdf")  # never beside an input of the source tree
    rc, _, err = run(["build", yaml_path, "-o", out] + list(extra))
    if not check(rc == 0, "%s builds to PDF" % os.path.basename(yaml_path), err):
        return ""
    p = subprocess.run(["pdftotext", "-enc", "UTF-8", out, "-"], stdout=subprocess.PIPE, timeout=60)
    return " ".join(p.stdout.decode("utf-8").split())  # lines joined: wrapped words still match


def test_languages():
    if not shutil.which("pdftotext"):
        print("SKIP: pdftotext (poppler-utils) is not installed")
        return
    for lang, words in LOCAL.items():
        rc, starter, err = run(["init", "-", "--lang", lang])
        check(rc == 0, "init --lang %s" % lang, err)
        text = starter.decode("utf-8")
        check("\nlang: %s " % lang in text, "the %s starter says lang: %s" % (lang, lang))
        path = write("starter-%s.yaml" % lang, text)
        rc, _, err = run(["check", path])
        check(rc == 0 and err == "", "the %s starter is a valid journey with no warning" % lang, err)
        # a persona view too, so that its heading is checked
        pid = [l.split(":")[1].split("#")[0].strip() for l in text.splitlines() if l.strip().startswith("- id:")][0]
        for extra in ([], ["--persona", pid]):
            pdf = pdf_text(path, extra)
            english = [w for w in ENGLISH if w in pdf]
            check(not english, "the %s map%s draws no English word" % (lang, " (persona view)" if extra else ""),
                  "found %s" % english)
            # pdftotext cuts unspaced Arabic script at its non-joining letters
            # ("اهدا ف"): compare those words without their spaces
            joined = "".join(pdf.split())
            missing = [w for w in words if w not in pdf and not (lang == "fa" and "".join(w.split()) in joined)]
            check(not missing, "the %s map draws its own words" % lang, "missing %s in %s" % (missing, pdf[:300]))
    for name in ("support-uk.yaml", "persian-bank.yaml", "returns-pl.yaml", "clinic-ru.yaml"):
        pdf = pdf_text(os.path.join(EXAMPLES, name))
        english = [w for w in ENGLISH if w in pdf]
        check(not english, "examples/%s draws no English word" % name, "found %s" % english)


def test_persian_digits_and_direction():
    if not shutil.which("pdftotext"):
        return
    pdf = pdf_text(os.path.join(EXAMPLES, "persian-bank.yaml"))
    check("۲" in pdf and "۰" in pdf, "the Persian axis is written in Persian digits", pdf[-300:])


MAP = """lang: %s
title: Test
personas:
  - {id: ana, name: Ana, age: 41, goals: [g], needs: [n], frustrations: [f], quote: q}
stages:
  - name: S
    touchpoints:
      - {name: T, channel: web, emotion: 2, doing: d, thinking: t, pains: [p], opportunities: [o],
         backstage: [b], owner: w, moment: true}
    metrics: {M: 1}
"""


def test_labels():
    if not shutil.which("pdftotext"):
        return
    keys = ["touchpoints", "doing", "thinking", "emotions", "pains", "opportunities", "backstage", "owner", "metrics",
            "goals", "needs", "frustrations", "channels", "emotion", "moment", "line-of-visibility", "web"]
    labels = "".join("  %s: Lbl%s\n" % (k, k.replace("-", "")) for k in keys)
    labels += "  age: \"Alt {age} J\"\n  persona-view: \"Nur {persona}\"\n  quote-open: \"<<\"\n  quote-close: \">>\"\n"
    labels += "  current: c\n  future: f\n  target: t\n  priority: p\n  high: h\n  medium: m\n  low: l\n" \
              "  status: s\n  evidence: e\n  frontstage: f\n  support: s\n  actions: a\n" \
              "  line-of-interaction: i\n  line-of-internal-interaction: i\n"
    path = write("labels.yaml", MAP % "de" + "labels:\n" + labels)
    for extra in ([], ["--persona", "ana"]):
        pdf = pdf_text(path, extra)
        missing = ["Lbl" + k.replace("-", "") for k in keys if "Lbl" + k.replace("-", "") not in pdf]
        check(not missing, "labels override every word drawn%s" % (" (persona view)" if extra else ""),
              "missing %s" % missing)
        check("Alt 41 J" in pdf, "the age template", pdf[:300])
        check("<<t>>" in pdf, "quote-open and quote-close", pdf[:600])
        if extra:
            check("Nur Ana" in pdf, "the persona-view template", pdf[:300])
    # a label that is not given keeps the language's word
    pdf = pdf_text(write("one-label.yaml", MAP % "de" + "labels: {pains: Probleme}\n"))
    check("Probleme" in pdf and "KONTAKTPUNKTE" in pdf and "SCHMERZPUNKTE" not in pdf,
          "one label replaces one word and keeps the others", pdf[:300])


def test_errors():
    src = ("title: x\nlang: pt_BR\nlabels:\n  painz: a\n  goals: [a, b]\n  age: years\n  x-note: ok\n"
           "  web: {a: 1}\nstages: [{name: a}]\n")
    path = write("bad.yaml", src)
    rc, _, err = run(["check", path])
    check(rc == 1, "errors in lang and labels make check exit 1", "rc=%d" % rc)
    for want in ["bad.yaml:2:7: error: invalid language tag 'pt_BR'", "write pt-BR",
                 "bad.yaml:4:3: error: unknown key 'painz' in labels (did you mean 'pains'?)",
                 "bad.yaml:5:10: error: the label 'goals' must be a string, not a list",
                 "bad.yaml:6:8: error: the label 'age' is a template",
                 "bad.yaml:8:8: error: the label 'web' must be a string, not a mapping"]:
        check(want in err, "diagnostic: %s" % want, err)
    check("x-note" not in err, "an x- key in labels is ignored", err)
    rc, _, err = run(["check", "-"], stdin=b"title: x\nlang: Ukrainian\nstages: [{name: a}]\n")
    check(rc == 1 and "write its tag, uk" in err, "lang: Ukrainian suggests uk", err)
    for bad in ["english", "e", "12", "en-", "en--us", "-en", "en us", "toolongsubtag-x", "[en]"]:
        rc, _, err = run(["check", "-"], stdin=("title: x\nlang: %s\nstages: [{name: a}]\n" % bad).encode())
        check(rc == 1 and ("<stdin>:2:7: error:" in err), "a malformed lang '%s' is an error at its value" % bad, err)
    rc, _, err = run(["check", "-"], stdin=b"title: x\nlang: {a: 1}\nstages: [{name: a}]\n")
    check(rc == 1 and "<stdin>:2:7: error: 'lang' must be a language tag" in err, "lang must be a string", err)
    # well-formed tags jmap has no words for: a warning that names the languages it has, and the map builds
    for tag in ["zh", "pt-BR", "sr-Latn-RS", "ja"]:
        path = write("warn.yaml", "title: x\nlang: %s\nstages: [{name: a, touchpoints: [{name: t}]}]\n" % tag)
        rc, _, err = run(["check", path])
        check(rc == 0 and "warning:" in err and "en, uk, ru, fa, pl, de, fr and es" in err,
              "lang %s is a warning naming jmap's languages" % tag, err)
        rc, _, err = run(["build", path, "-o", path + ".svg", "-q"])
        check(rc == 0 and err == "", "lang %s builds, and -q hides the warning" % tag, err)
    for tag in ["uk", "UK", "uk-UA", "fa-IR", "de-CH", "es-419", "pl"]:
        rc, _, err = run(["check", "-"], stdin=("title: x\nlang: %s\nstages: [{name: a}]\n" % tag).encode())
        check(rc == 0 and err == "", "lang %s is known" % tag, err)
    rc, _, err = run(["init", "-", "--lang", "xx"])
    check(rc == 2 and "en, uk, ru, fa, pl, de, fr or es" in err, "init --lang names the languages", err)


CJK = """lang: %s
title: 新产品上线 — 用户旅程
stages:
  - name: 认识
    touchpoints:
      - {name: 看到广告, channel: tv, emotion: 3, thinking: 这个看起来不错, pains: [价格不清楚]}
  - name: 购买
    touchpoints:
      - {name: 在线下单, channel: web, emotion: 4, doing: 用手机付款 −5}
"""


def test_locale_independent():
    vars_ = ("LANG", "LANGUAGE", "LC_ALL", "LC_CTYPE", "LC_MESSAGES", "FC_LANG")
    for lang in ("uk", "fa", "ja", "zh-CN"):
        path = write("cjk-%s.yaml" % lang, CJK % lang)
        for fmt in ("svg", "pdf", "png"):
            outs = set()
            for loc in ("C", "zh_CN.UTF-8", "ja_JP.UTF-8", "ko_KR.UTF-8"):
                env = {k: v for k, v in os.environ.items() if k not in vars_ and k != "SOURCE_DATE_EPOCH"}
                env.update({"LANG": loc, "LC_ALL": loc})
                out = path + "." + loc + "." + fmt
                rc, _, err = run(["build", path, "-o", out, "-q"], env=env)
                check(rc == 0, "lang %s builds under %s" % (lang, loc), err)
                with open(out, "rb") as f:
                    outs.add(f.read())
            check(len(outs) == 1, "lang %s: the same %s bytes under every locale" % (lang, fmt))


def test_no_lang_is_english():
    # `lang: en` and no lang draw the same bytes; the SVG names the language
    # it was given (lang and xml:lang on its root), and so its default id
    # prefix, which covers everything that differs between two SVGs, is
    # another; nothing else differs
    base = MAP.replace("lang: %s\n", "")
    a, b = write("none.yaml", base), write("en.yaml", MAP % "en")
    for fmt in ("svg", "png"):
        run(["build", a, "-o", a + "." + fmt]), run(["build", b, "-o", b + "." + fmt])
        with open(a + "." + fmt, "rb") as f, open(b + "." + fmt, "rb") as g:
            x, y = f.read(), g.read()
            if fmt == "svg":
                check(b' xml:lang="en" lang="en"' in y and b"xml:lang" not in x, "the SVG names its language")
                y = y.replace(b' xml:lang="en" lang="en"', b"", 1)
                px, py = re.search(rb"jm[0-9a-f]{12}-", x).group(0), re.search(rb"jm[0-9a-f]{12}-", y).group(0)
                check(px != py, "the SVG's language is part of its default id prefix")
                y = y.replace(py, px)
            check(x == y, "lang: en draws what no lang draws (%s)" % fmt)


def test_schema():
    import json
    rc, out, err = run(["schema"])
    s = json.loads(out)
    props = s["properties"]
    check("lang" in props and "labels" in props, "the schema knows lang and labels")
    lp = props.get("labels", {}).get("properties", {})
    for k in ["pains", "age", "persona-view", "quote-open", "web", "self-service", "line-of-internal-interaction",
              "actions", "status"]:
        check(k in lp, "the schema's labels know %s" % k)
    check(props.get("lang", {}).get("examples", [])[:8] == ["en", "uk", "ru", "fa", "pl", "de", "fr", "es"],
          "the schema lists the built-in languages")


def main():
    global JMAP, TMP
    if len(sys.argv) != 2:
        print("usage: %s path/to/jmap" % sys.argv[0], file=sys.stderr)
        return 2
    JMAP = os.path.abspath(sys.argv[1])
    with tempfile.TemporaryDirectory(prefix="jmap-lang-") as TMP:
        test_languages()
        test_persian_digits_and_direction()
        test_labels()
        test_errors()
        test_locale_independent()
        test_no_lang_is_english()
        test_schema()
    summary()


if __name__ == "__main__":
    sys.exit(main())
