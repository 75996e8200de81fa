#include "layout/text.h"

#include <cairo.h>

#include "layout/hyphen.h"
#include <pango/pangocairo.h>
#include <stdlib.h>
#include <string.h>

struct jm_text_ctx {
    PangoFontMap *fontmap;
    PangoContext *context;
    jm_hyph *hyph;      /* the hyphenation dictionaries loaded, by language */
};

jm_text_ctx *jm_text_ctx_new(void)
{
    jm_text_ctx *t = calloc(1, sizeof *t);
    if (!t) return NULL;
    t->fontmap = pango_cairo_font_map_new();
    t->hyph = jm_hyph_new();
    if (!t->fontmap || !t->hyph) {
        if (t->fontmap) g_object_unref(t->fontmap);
        jm_hyph_free(t->hyph);
        free(t);
        return NULL;
    }
    pango_cairo_font_map_set_resolution(PANGO_CAIRO_FONT_MAP(t->fontmap), 72.0);
    t->context = pango_font_map_create_context(t->fontmap);
    /* one unit per point, and metrics that do not depend on the output device:
     * layout measures exactly what every surface paints */
    pango_cairo_context_set_resolution(t->context, 72.0);
    cairo_font_options_t *fo = cairo_font_options_create();
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
    cairo_font_options_set_antialias(fo, CAIRO_ANTIALIAS_GRAY);
    pango_cairo_context_set_font_options(t->context, fo);
    cairo_font_options_destroy(fo);
    pango_context_set_round_glyph_positions(t->context, FALSE);
    /* Fonts and shaping follow the context's language, which Pango otherwise
     * takes from the process locale: a fixed one, so that LANG does not pick
     * the faces (a map's own `lang` will choose it per map); the runs it
     * does not write get theirs in jm_text_layout */
    pango_context_set_language(t->context, pango_language_from_string("en"));
    return t;
}

void jm_text_ctx_free(jm_text_ctx *t)
{
    if (!t) return;
    g_object_unref(t->context);
    g_object_unref(t->fontmap);
    jm_hyph_free(t->hyph);
    free(t);
}

PangoContext *jm_text_pango(jm_text_ctx *t) { return t->context; }

void jm_text_set_language(jm_text_ctx *t, const char *tag)
{
    PangoLanguage *lang = pango_language_from_string(tag);
    if (pango_context_get_language(t->context) != lang) pango_context_set_language(t->context, lang);
}

static PangoFontDescription *describe(const jm_font *f);

bool jm_text_has_fonts(jm_text_ctx *t, const char *family, double size)
{
    PangoFontDescription *d = describe(&(jm_font){.family = family, .size = size});
    PangoFont *f = d ? pango_font_map_load_font(t->fontmap, t->context, d) : NULL;
    if (d) pango_font_description_free(d);
    if (!f) return false;
    g_object_unref(f);
    return true;
}

/* The language a run of text is shaped and given its faces in when the
 * layout's language (the map's `lang`) does not write the run's script.
 * Pango would take it from the caller's preferred languages first
 * (PANGO_LANGUAGE, else LANGUAGE: Han text from the SC face under
 * LANGUAGE=zh_CN, from the JP face otherwise), then from a table of its
 * own. This is that table alone (Pango 1.50's sample languages), so that
 * the environment never picks a face and a bare environment keeps the
 * faces it had. A script missing here takes "xx", as Pango gives it: a tag
 * that fontconfig does not sort by (Han, whose faces the map's `lang`
 * chooses). */
static const char *const script_language[] = {
    [PANGO_SCRIPT_ARABIC] = "ar",    [PANGO_SCRIPT_ARMENIAN] = "hy",   [PANGO_SCRIPT_BENGALI] = "bn",
    [PANGO_SCRIPT_CHEROKEE] = "chr", [PANGO_SCRIPT_COPTIC] = "cop",    [PANGO_SCRIPT_CYRILLIC] = "ru",
    [PANGO_SCRIPT_DEVANAGARI] = "hi", [PANGO_SCRIPT_ETHIOPIC] = "am",  [PANGO_SCRIPT_GEORGIAN] = "ka",
    [PANGO_SCRIPT_GREEK] = "el",     [PANGO_SCRIPT_GUJARATI] = "gu",   [PANGO_SCRIPT_GURMUKHI] = "pa",
    [PANGO_SCRIPT_HANGUL] = "ko",    [PANGO_SCRIPT_HEBREW] = "he",     [PANGO_SCRIPT_HIRAGANA] = "ja",
    [PANGO_SCRIPT_KANNADA] = "kn",   [PANGO_SCRIPT_KATAKANA] = "ja",   [PANGO_SCRIPT_KHMER] = "km",
    [PANGO_SCRIPT_LAO] = "lo",       [PANGO_SCRIPT_LATIN] = "en",      [PANGO_SCRIPT_MALAYALAM] = "ml",
    [PANGO_SCRIPT_MONGOLIAN] = "mn", [PANGO_SCRIPT_MYANMAR] = "my",    [PANGO_SCRIPT_ORIYA] = "or",
    [PANGO_SCRIPT_SINHALA] = "si",   [PANGO_SCRIPT_SYRIAC] = "syr",    [PANGO_SCRIPT_TAMIL] = "ta",
    [PANGO_SCRIPT_TELUGU] = "te",    [PANGO_SCRIPT_THAANA] = "dv",     [PANGO_SCRIPT_THAI] = "th",
    [PANGO_SCRIPT_TIBETAN] = "bo",   [PANGO_SCRIPT_CANADIAN_ABORIGINAL] = "iu",
    [PANGO_SCRIPT_TAGALOG] = "tl",   [PANGO_SCRIPT_HANUNOO] = "hnn",   [PANGO_SCRIPT_BUHID] = "bku",
    [PANGO_SCRIPT_TAGBANWA] = "tbw", [PANGO_SCRIPT_UGARITIC] = "uga",  [PANGO_SCRIPT_BUGINESE] = "bug",
    [PANGO_SCRIPT_SYLOTI_NAGRI] = "syl", [PANGO_SCRIPT_OLD_PERSIAN] = "peo", [PANGO_SCRIPT_NKO] = "nqo",
};

static PangoLanguage *language_of_script(PangoScript script)
{
    const char *tag = script >= 0 && (size_t)script < sizeof script_language / sizeof *script_language
                          ? script_language[script] : NULL;
    return pango_language_from_string(tag ? tag : "xx");
}

/* A language attribute on every run of text whose script the layout's
 * language does not write: Pango then never derives one from the
 * environment (its itemizer keeps a run's language when it writes the
 * run's script, and an unknown tag such as "xx" counts as writing all). */
static void pin_run_languages(PangoAttrList *attrs, PangoLanguage *lang, const char *text, size_t len)
{
    PangoScriptIter *it = pango_script_iter_new(text, (int)len);
    do {
        const char *start, *end;
        PangoScript script;
        pango_script_iter_get_range(it, &start, &end, &script);
        if (!pango_language_includes_script(lang, script)) {
            PangoAttribute *a = pango_attr_language_new(language_of_script(script));
            a->start_index = (guint)(start - text);
            a->end_index = (guint)(end - text);
            pango_attr_list_insert(attrs, a);
        }
    } while (pango_script_iter_next(it));
    pango_script_iter_free(it);
}

static PangoFontDescription *describe(const jm_font *f)
{
    PangoFontDescription *d = pango_font_description_new();
    pango_font_description_set_family(d, f->family);
    pango_font_description_set_absolute_size(d, f->size * PANGO_SCALE);
    pango_font_description_set_weight(d, f->bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_font_description_set_style(d, f->italic ? PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL);
    return d;
}

/* Pango 1.50 breaks a word too long for its line between two letters in
 * time that grows with the square of the word's length: for each line it
 * shapes again the rest of the word's item (a word of 5 000 letters in a
 * narrow cell took 0.4 s). Inside such a word, the item is ended every
 * SPLIT_RUN characters, at a boundary between two characters as the user
 * sees them, by an attribute that draws nothing different (font fallback
 * on, as it is by default), laid alternately on and off: each line then
 * shapes a few dozen characters. Text without such a word is untouched.
 * A line that ends where such an item ends gets its hyphen without Pango
 * counting it: the width of such a text is narrowed by a hyphen's. */
#define SPLIT_RUN 64

static bool has_long_run(const char *s, size_t len)
{
    size_t run = 0;
    for (size_t i = 0; i < len; i++) {
        run = (s[i] == ' ' || s[i] == '\n' || s[i] == '\t') ? 0 : run + 1;
        if (run > SPLIT_RUN) return true; /* bytes: a cheap first look, the characters are counted below */
    }
    return false;
}

/* True when it laid any attribute. */
static bool split_long_words(jm_text_ctx *t, PangoLayout *l, PangoAttrList *attrs)
{
    const char *s = pango_layout_get_text(l); /* what Pango holds, up to a NUL */
    int len = (int)strlen(s);
    if (!has_long_run(s, (size_t)len)) return false;
    int n = (int)g_utf8_strlen(s, len);
    PangoLogAttr *la = g_new(PangoLogAttr, n + 1);
    pango_get_log_attrs(s, len, -1, pango_context_get_language(t->context), la, n + 1);
    const char *p = s;
    int run = 0, start = -1; /* the byte where the attribute's range began; -1: off */
    bool any = false;
    for (int i = 0; i < n; i++, p = g_utf8_next_char(p)) {
        if (i == 0 || la[i].is_line_break || la[i].is_mandatory_break || la[i].is_white) {
            run = 0;
            continue;
        }
        if (++run < SPLIT_RUN || !la[i].is_cursor_position) continue;
        run = 0;
        int at = (int)(p - s);
        if (start < 0) {
            start = at;
            continue;
        }
        PangoAttribute *a = pango_attr_fallback_new(TRUE);
        a->start_index = (guint)start;
        a->end_index = (guint)at;
        pango_attr_list_insert(attrs, a);
        start = -1;
        any = true;
    }
    if (start >= 0) {
        PangoAttribute *a = pango_attr_fallback_new(TRUE);
        a->start_index = (guint)start;
        a->end_index = (guint)len;
        pango_attr_list_insert(attrs, a);
        any = true;
    }
    g_free(la);
    return any;
}

/* The widest of the hyphens Pango draws where it breaks a word (U+2010, or
 * '-' in a font without it). */
static double hyphen_width(jm_text_ctx *t, const jm_font *font)
{
    double a = jm_text_natural_width(t, "\xe2\x80\x90", 3, font), b = jm_text_natural_width(t, "-", 1, font);
    return (a > b ? a : b) + font->letter_spacing;
}

/* ---- how each script is set ---- */

/* Scripts whose letters join (Arabic, Syriac, N'Ko, Mongolian...) or hang
 * from one headline (Devanagari, Bengali, Gurmukhi), and the CJK scripts,
 * set on an even grid: letter spacing breaks their words (the tracked
 * capitals of lane titles and headings). */
static bool spacing_breaks(GUnicodeScript s)
{
    switch (s) {
    case G_UNICODE_SCRIPT_ARABIC: case G_UNICODE_SCRIPT_SYRIAC: case G_UNICODE_SCRIPT_NKO:
    case G_UNICODE_SCRIPT_MONGOLIAN: case G_UNICODE_SCRIPT_MANDAIC: case G_UNICODE_SCRIPT_PHAGS_PA:
    case G_UNICODE_SCRIPT_MANICHAEAN: case G_UNICODE_SCRIPT_PSALTER_PAHLAVI: case G_UNICODE_SCRIPT_ADLAM:
    case G_UNICODE_SCRIPT_HANIFI_ROHINGYA: case G_UNICODE_SCRIPT_SOGDIAN: case G_UNICODE_SCRIPT_OLD_UYGHUR:
    case G_UNICODE_SCRIPT_DEVANAGARI: case G_UNICODE_SCRIPT_BENGALI: case G_UNICODE_SCRIPT_GURMUKHI:
    case G_UNICODE_SCRIPT_HAN: case G_UNICODE_SCRIPT_HIRAGANA: case G_UNICODE_SCRIPT_KATAKANA:
    case G_UNICODE_SCRIPT_HANGUL: case G_UNICODE_SCRIPT_BOPOMOFO: case G_UNICODE_SCRIPT_YI:
        return true;
    default:
        return false;
    }
}

/* Whether a text may be letter-spaced: none of its runs is in such a
 * script. A text is spaced as a whole or not at all (the SVG writes one
 * spacing a text). */
static bool may_space(const char *text, size_t len)
{
    bool ok = true;
    PangoScriptIter *it = pango_script_iter_new(text, (int)len);
    do {
        const char *a, *b;
        PangoScript script;
        pango_script_iter_get_range(it, &a, &b, &script);
        if (spacing_breaks((GUnicodeScript)script)) ok = false;
    } while (ok && pango_script_iter_next(it));
    pango_script_iter_free(it);
    return ok;
}

/* A font slanted by fontconfig (its synthetic oblique) rather than drawn
 * from an italic face: described as slanted, its face upright. */
static bool synthetic_slant(PangoFont *f)
{
    if (!f) return false;
    PangoFontDescription *d = pango_font_describe(f);
    bool slanted = pango_font_description_get_style(d) != PANGO_STYLE_NORMAL;
    pango_font_description_free(d);
    PangoFontFace *face = slanted ? pango_font_get_face(f) : NULL;
    if (!face) return false;
    PangoFontDescription *fd = pango_font_face_describe(face);
    bool upright = pango_font_description_get_style(fd) == PANGO_STYLE_NORMAL;
    pango_font_description_free(fd);
    return upright;
}

/* The runs of an italic text whose face has no italic (Persian, Japanese,
 * Chinese, Korean, Devanagari... in most fonts) get the upright face: no
 * script without italics reads a slanted face as emphasis. True when any did. */
static bool upright_where_no_italic(PangoLayout *l, PangoAttrList *attrs)
{
    bool any = false;
    PangoLayoutIter *it = pango_layout_get_iter(l);
    do {
        PangoLayoutRun *run = pango_layout_iter_get_run_readonly(it);
        if (!run || !synthetic_slant(run->item->analysis.font)) continue;
        PangoAttribute *a = pango_attr_style_new(PANGO_STYLE_NORMAL);
        a->start_index = (guint)run->item->offset;
        a->end_index = (guint)(run->item->offset + run->item->length);
        pango_attr_list_insert(attrs, a);
        any = true;
    } while (pango_layout_iter_next_run(it));
    pango_layout_iter_free(it);
    return any;
}

/* One layout of text; the spans `plain` break between letters without a hyphen. */
static PangoLayout *build(jm_text_ctx *t, const char *text, size_t len, const jm_font *font, double width,
                          jm_align align, const jm_span *plain, size_t n_plain)
{
    PangoLayout *l = pango_layout_new(t->context);
    PangoFontDescription *d = describe(font);
    pango_layout_set_font_description(l, d);
    pango_font_description_free(d);
    PangoAttrList *attrs = pango_attr_list_new();
    if (font->letter_spacing > 0 && len && may_space(text, len))
        pango_attr_list_insert(attrs, pango_attr_letter_spacing_new((int)(font->letter_spacing * PANGO_SCALE)));
    if (len) pin_run_languages(attrs, pango_context_get_language(t->context), text, len);
    for (size_t i = 0; i < n_plain; i++) {
        PangoAttribute *a = pango_attr_insert_hyphens_new(FALSE);
        a->start_index = (guint)plain[i].a;
        a->end_index = (guint)plain[i].b;
        pango_attr_list_insert(attrs, a);
    }
    if (width > 0) {
        pango_layout_set_width(l, (int)(width * PANGO_SCALE));
        pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
    }
    pango_layout_set_alignment(l, align == JM_ALIGN_CENTER ? PANGO_ALIGN_CENTER
                                  : align == JM_ALIGN_END  ? PANGO_ALIGN_RIGHT
                                                           : PANGO_ALIGN_LEFT);
    pango_layout_set_text(l, text, (int)len);
    if (width > 0 && split_long_words(t, l, attrs)) {
        double room = width - hyphen_width(t, font);
        if (room >= 1) pango_layout_set_width(l, (int)(room * PANGO_SCALE));
    }
    pango_layout_set_attributes(l, attrs);
    if (font->italic && len) {
        /* a list of its own: the layout holds attrs, and a list equal to its own is no change */
        PangoAttrList *again = pango_attr_list_copy(attrs);
        if (upright_where_no_italic(l, again)) pango_layout_set_attributes(l, again);
        pango_attr_list_unref(again);
    }
    pango_attr_list_unref(attrs);
    return l;
}

/* ---- breaking words ---- */

/* The words Pango could break only between two letters (a line that starts
 * where no line break is allowed), each as the bytes from the break
 * allowed before it to the one after it, in order; *out is g_malloc'd.
 * Each word is walked once: linear in the text. */
static size_t forced_words(PangoLayout *l, jm_span **out)
{
    *out = NULL;
    if (pango_layout_get_line_count(l) < 2) return 0;
    const char *s = pango_layout_get_text(l);
    int n_attrs;
    const PangoLogAttr *la = pango_layout_get_log_attrs_readonly(l, &n_attrs);
    int n_chars = n_attrs - 1;
    size_t n = 0, cap = 0;
    jm_span *sp = NULL;
    const char *at = s; /* the character `off` */
    int off = 0, done = 0; /* bytes before `done` are in a word already taken */
    GSList *lines = pango_layout_get_lines_readonly(l);
    for (GSList *x = lines ? lines->next : NULL; x; x = x->next) {
        const PangoLayoutLine *line = x->data;
        if (line->start_index < done || s + line->start_index < at) continue;
        off += (int)g_utf8_strlen(at, s + line->start_index - at);
        at = s + line->start_index;
        if (off <= 0 || off >= n_chars || la[off].is_line_break) continue;
        int b = off;
        const char *pb = at;
        while (b > 0 && !la[b].is_line_break) {
            b--;
            pb = g_utf8_prev_char(pb);
        }
        int e = off;
        const char *pe = at;
        while (e < n_chars && !la[e].is_line_break) {
            e++;
            pe = g_utf8_next_char(pe);
        }
        if (n == cap) {
            cap = cap ? cap * 2 : 4;
            sp = g_renew(jm_span, sp, cap);
        }
        sp[n++] = (jm_span){(int)(pb - s), (int)(pe - s)};
        done = (int)(pe - s);
    }
    *out = sp;
    return n;
}

/* The spans less a soft hyphen at their end: the break allowed there keeps its hyphen. */
static void keep_end_hyphens(const char *s, jm_span *sp, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (sp[i].b - sp[i].a >= 2 && memcmp(s + sp[i].b - 2, "\xc2\xad", 2) == 0) sp[i].b -= 2;
}

/* A word too long for its line is broken at its syllables, with a hyphen,
 * where the map's language has a hyphenation dictionary (hyphen.h): soft
 * hyphens go into the word before Pango lays it out again. A word, or a
 * syllable, still too long, and every long word of a language without a
 * dictionary, is broken between two letters without a hyphen (Pango 1.50
 * would draw one at any letter). Text whose words all fit is laid out
 * once, as before. */
PangoLayout *jm_text_layout(jm_text_ctx *t, const char *text, size_t len, const jm_font *font, double width,
                            jm_align align)
{
    PangoLayout *l = build(t, text, len, font, width, align, NULL, 0);
    if (width <= 0 || !len) return l;
    jm_span *forced;
    size_t n = forced_words(l, &forced);
    if (!n) return l;
    const char *s = pango_layout_get_text(l); /* what Pango holds: spans are its bytes */
    size_t slen = strlen(s), hlen = 0;
    char *h = jm_hyph_insert(t->hyph, pango_context_get_language(t->context), s, slen, forced, n, &hlen);
    PangoLayout *out;
    if (h) {
        out = build(t, h, hlen, font, width, align, NULL, 0);
        jm_span *still;
        size_t n2 = forced_words(out, &still);
        if (n2) {
            keep_end_hyphens(h, still, n2);
            g_object_unref(out);
            out = build(t, h, hlen, font, width, align, still, n2);
        }
        g_free(still);
        g_free(h);
    } else {
        keep_end_hyphens(s, forced, n);
        out = build(t, s, slen, font, width, align, forced, n);
    }
    g_free(forced);
    g_object_unref(l);
    return out;
}

#define SEP_DOT "\xc2\xa0\xc2\xb7 "   /* no-break space, middle dot, space: kept with the word before */
#define SEP_ARABIC "\xd8\x8c "         /* the Arabic comma, on the word before, and a space */
#define SEP_BAR "\xc2\xa0| "

const char *jm_text_list_separator(jm_text_ctx *t, const char *const *items, size_t n)
{
    bool arabic = pango_language_includes_script(pango_context_get_language(t->context), PANGO_SCRIPT_ARABIC) &&
                  !pango_language_includes_script(pango_context_get_language(t->context), PANGO_SCRIPT_LATIN);
    bool digits = false;
    for (size_t i = 0; i < n; i++)
        for (const char *p = items[i]; p && *p; p = g_utf8_next_char(p)) {
            gunichar c = g_utf8_get_char(p);
            if (c < 0x80) continue;
            GUnicodeScript sc = g_unichar_get_script(c);
            if (sc == G_UNICODE_SCRIPT_ARABIC) arabic = true;
            else if (g_unichar_isdigit(c)) digits = true;
        }
    return arabic ? SEP_ARABIC : digits ? SEP_BAR : SEP_DOT;
}

void jm_text_size(PangoLayout *l, double *w, double *h)
{
    PangoRectangle logical;
    pango_layout_get_extents(l, NULL, &logical);
    if (w) *w = (double)logical.width / PANGO_SCALE;
    if (h) *h = (double)logical.height / PANGO_SCALE;
}

/* One layout, each word on a line of its own: a line one unit wide, and
 * words never broken (PANGO_WRAP_WORD overflows the line rather than break
 * a word): its width is the widest word's. */
double jm_text_widest_word(jm_text_ctx *t, const char *text, size_t len, const jm_font *font)
{
    PangoLayout *l = build(t, text, len, font, 1, JM_ALIGN_START, NULL, 0);
    pango_layout_set_wrap(l, PANGO_WRAP_WORD);
    pango_layout_set_width(l, PANGO_SCALE);
    double w;
    jm_text_size(l, &w, NULL);
    g_object_unref(l);
    return w;
}

double jm_text_natural_width(jm_text_ctx *t, const char *text, size_t len, const jm_font *font)
{
    PangoLayout *l = jm_text_layout(t, text, len, font, 0, JM_ALIGN_START);
    double w;
    jm_text_size(l, &w, NULL);
    g_object_unref(l);
    return w;
}
