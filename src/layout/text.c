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
     * the faces (a map's own `lang` will choose it per map) */
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

static PangoFontDescription *describe(const jm_font *f)
{
    PangoFontDescription *d = pango_font_description_new();
    pango_font_description_set_family(d, f->family);
    pango_font_description_set_absolute_size(d, f->size * PANGO_SCALE);
    pango_font_description_set_weight(d, f->bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_font_description_set_style(d, f->italic ? PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL);
    return d;
}

PangoLayout *jm_text_layout(jm_text_ctx *t, const char *text, size_t len, const jm_font *font, double width,
                            jm_align align)
{
    PangoLayout *l = pango_layout_new(t->context);
    PangoFontDescription *d = describe(font);
    pango_layout_set_font_description(l, d);
    pango_font_description_free(d);
    if (font->letter_spacing > 0) {
        PangoAttrList *attrs = pango_attr_list_new();
        pango_attr_list_insert(attrs, pango_attr_letter_spacing_new((int)(font->letter_spacing * PANGO_SCALE)));
        pango_layout_set_attributes(l, attrs);
        pango_attr_list_unref(attrs);
    }
    if (width > 0) {
        pango_layout_set_width(l, (int)(width * PANGO_SCALE));
        pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
    }
    pango_layout_set_alignment(l, align == JM_ALIGN_CENTER ? PANGO_ALIGN_CENTER
                                  : align == JM_ALIGN_END  ? PANGO_ALIGN_RIGHT
                                                           : PANGO_ALIGN_LEFT);
    pango_layout_set_text(l, text, (int)len);
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
