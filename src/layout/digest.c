/* A digest of what a layout draws: every item's kind, place, colours, shape
 * and text, and for text the faces and glyphs it is drawn with (which face
 * a script's run took: a zh-CN and a ja map draw the same text from other
 * faces, and an SVG embeds those faces' subsets) and its language. Two
 * layouts that draw the same page have the same digest; any change to what
 * is drawn changes it (up to FNV-1a's 64 bits). The SVG's default id
 * prefix is made from it: a hash of the output's content, known before a
 * byte of the output is written. */
#include <hb.h>
#include <string.h>

#include "layout/layout.h"

typedef struct digest {
    uint64_t h;
} digest;

static void eat(digest *d, const void *data, size_t len)
{
    const unsigned char *p = data;
    uint64_t h = d->h;
    for (size_t i = 0; i < len; i++) h = (h ^ p[i]) * 0x100000001b3ull;
    d->h = h;
}

/* Numbers by value, never by the bytes of a struct (its padding is not
 * part of what is drawn). */
static void eat_double(digest *d, double v)
{
    if (v == 0) v = 0; /* -0 and 0 draw alike */
    eat(d, &v, sizeof v);
}

static void eat_int(digest *d, long long v) { eat(d, &v, sizeof v); }

static void eat_box(digest *d, jm_box b)
{
    eat_double(d, b.x);
    eat_double(d, b.y);
    eat_double(d, b.w);
    eat_double(d, b.h);
}

static void eat_rgb(digest *d, jm_rgb c)
{
    eat_double(d, c.r);
    eat_double(d, c.g);
    eat_double(d, c.b);
}

static void eat_str(digest *d, const char *s)
{
    size_t n = s ? strlen(s) : 0;
    eat_int(d, s ? (long long)n : -1);
    if (n) eat(d, s, n);
}

/* The face a run is drawn with: its description and the face's own
 * numbers (two files may share a family name). */
static void eat_font(digest *d, PangoFont *font)
{
    if (!font) {
        eat_int(d, -1);
        return;
    }
    PangoFontDescription *fd = pango_font_describe_with_absolute_size(font);
    eat_str(d, pango_font_description_get_family(fd));
    eat_int(d, pango_font_description_get_size(fd));
    eat_int(d, pango_font_description_get_weight(fd));
    eat_int(d, pango_font_description_get_style(fd));
    eat_int(d, pango_font_description_get_stretch(fd));
    pango_font_description_free(fd);
    hb_font_t *hf = pango_font_get_hb_font(font);
    hb_face_t *face = hf ? hb_font_get_face(hf) : NULL;
    eat_int(d, face ? (long long)hb_face_get_glyph_count(face) : -1);
    eat_int(d, face ? (long long)hb_face_get_upem(face) : -1);
    eat_int(d, face ? (long long)hb_face_get_index(face) : -1);
}

/* Each run of a text: its language, its face, its glyphs and where they go. */
static void eat_runs(digest *d, PangoLayout *text)
{
    PangoLayoutIter *it = pango_layout_get_iter(text);
    do {
        PangoLayoutRun *run = pango_layout_iter_get_run_readonly(it);
        if (!run) {
            eat_int(d, -2); /* a line's end */
            continue;
        }
        eat_str(d, pango_language_to_string(run->item->analysis.language));
        eat_int(d, run->item->analysis.script);
        eat_int(d, run->item->analysis.level);
        eat_font(d, run->item->analysis.font);
        const PangoGlyphString *g = run->glyphs;
        eat_int(d, g->num_glyphs);
        for (int i = 0; i < g->num_glyphs; i++) {
            eat_int(d, g->glyphs[i].glyph);
            eat_int(d, g->glyphs[i].geometry.width);
            eat_int(d, g->glyphs[i].geometry.x_offset);
            eat_int(d, g->glyphs[i].geometry.y_offset);
        }
    } while (pango_layout_iter_next_run(it));
    pango_layout_iter_free(it);
}

uint64_t jm_layout_digest(const jm_layout *l, unsigned variant)
{
    digest d = {0xcbf29ce484222325ull};
    eat_int(&d, variant);
    eat_str(&d, l->lang);
    eat_double(&d, l->width);
    eat_double(&d, l->height);
    eat_rgb(&d, l->background);
    eat_str(&d, l->title);
    eat_str(&d, l->description);
    for (size_t i = 0; i < l->n_items; i++) {
        const jm_item *it = &l->items[i];
        eat_int(&d, it->kind);
        eat_int(&d, it->role);
        eat_box(&d, it->box);
        eat_box(&d, it->cell);
        eat_rgb(&d, it->fill);
        eat_rgb(&d, it->stroke);
        eat_double(&d, it->fill_alpha);
        eat_double(&d, it->stroke_alpha);
        eat_double(&d, it->line_width);
        eat_double(&d, it->radius);
        eat_int(&d, it->dash);
        eat_int(&d, it->round);
        eat_int(&d, it->persona);
        eat_str(&d, it->alt);
        if (it->text) {
            eat_str(&d, pango_layout_get_text(it->text));
            const PangoFontDescription *fd = pango_layout_get_font_description(it->text);
            if (fd) {
                eat_str(&d, pango_font_description_get_family(fd));
                eat_int(&d, pango_font_description_get_size(fd));
                eat_int(&d, pango_font_description_get_weight(fd));
                eat_int(&d, pango_font_description_get_style(fd));
            }
            eat_int(&d, pango_layout_get_width(it->text));
            eat_int(&d, pango_layout_get_alignment(it->text));
            eat_runs(&d, it->text);
        }
        for (size_t s = 0; s < it->n_segs; s++) {
            const jm_seg *g = &it->segs[s];
            eat_int(&d, g->kind);
            eat_double(&d, g->x1);
            eat_double(&d, g->y1);
            eat_double(&d, g->x2);
            eat_double(&d, g->y2);
            eat_double(&d, g->x);
            eat_double(&d, g->y);
        }
    }
    /* 1.2: where a card or a stage links (nothing for a map without links) */
    for (size_t q = 0; q < l->n_parts; q++) {
        const char *link = jm_part_link(&l->parts[q]);
        if (!link) continue;
        eat_int(&d, (long long)q);
        eat_str(&d, link);
    }
    return d.h;
}
