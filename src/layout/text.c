#include "layout/text.h"

#include <cairo.h>
#include <pango/pangocairo.h>
#include <stdlib.h>
#include <string.h>

struct jm_text_ctx {
    PangoFontMap *fontmap;
    PangoContext *context;
};

jm_text_ctx *jm_text_ctx_new(void)
{
    jm_text_ctx *t = calloc(1, sizeof *t);
    if (!t) return NULL;
    t->fontmap = pango_cairo_font_map_new();
    if (!t->fontmap) { free(t); return NULL; }
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
    free(t);
}

PangoContext *jm_text_pango(jm_text_ctx *t) { return t->context; }

void jm_text_set_language(jm_text_ctx *t, const char *tag)
{
    PangoLanguage *lang = pango_language_from_string(tag);
    if (pango_context_get_language(t->context) != lang) pango_context_set_language(t->context, lang);
}

bool jm_text_has_fonts(jm_text_ctx *t)
{
    PangoFontDescription *d = pango_font_description_from_string("sans-serif 12");
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

PangoLayout *jm_text_layout(jm_text_ctx *t, const char *text, size_t len, const jm_font *font, double width,
                            jm_align align)
{
    PangoLayout *l = pango_layout_new(t->context);
    PangoFontDescription *d = describe(font);
    pango_layout_set_font_description(l, d);
    pango_font_description_free(d);
    PangoAttrList *attrs = pango_attr_list_new();
    if (font->letter_spacing > 0)
        pango_attr_list_insert(attrs, pango_attr_letter_spacing_new((int)(font->letter_spacing * PANGO_SCALE)));
    if (len) pin_run_languages(attrs, pango_context_get_language(t->context), text, len);
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
    pango_attr_list_unref(attrs);
    return l;
}

void jm_text_size(PangoLayout *l, double *w, double *h)
{
    PangoRectangle logical;
    pango_layout_get_extents(l, NULL, &logical);
    if (w) *w = (double)logical.width / PANGO_SCALE;
    if (h) *h = (double)logical.height / PANGO_SCALE;
}

double jm_text_natural_width(jm_text_ctx *t, const char *text, size_t len, const jm_font *font)
{
    PangoLayout *l = jm_text_layout(t, text, len, font, 0, JM_ALIGN_START);
    double w;
    jm_text_size(l, &w, NULL);
    g_object_unref(l);
    return w;
}
