/* Subset fonts for the SVG device (src/svg_font.h).
 *
 * A face is a font file (and index) that Pango shaped some run with, found
 * through the run's hb_face_t; its subset holds the characters it drew, so
 * that a browser, which falls back from font to font by character along
 * the family list, takes each character from the face Pango took it from.
 * HarfBuzz allocates on its own, as Pango and cairo do (docs/memory.md). */
#include "paint/svg/font.h"

#include <hb-subset.h>
#include <hb.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <string.h>

#include "base/arena.h"
#include "base/utf8.h"

typedef struct face {
    hb_face_t *hb;        /* referenced */
    hb_set_t *chars;
    char *family;         /* the installed family; the font map's, lives as long as face */
    int weight;           /* of the face: 400, 700... */
    bool italic;
} face;

struct jm_svg_fonts {
    const jmap_mem *mem;
    face *faces;
    size_t n, cap;
    const char *prefix; /* of every embedded face's name */
    bool failed;
};

void jm_svg_fonts_set_prefix(jm_svg_fonts *f, const char *prefix) { f->prefix = prefix; }

jm_svg_fonts *jm_svg_fonts_new(const jmap_mem *mem)
{
    jm_svg_fonts *f = jm_mem_calloc(mem, 1, sizeof *f);
    if (f) f->mem = mem;
    return f;
}

void jm_svg_fonts_free(jm_svg_fonts *f)
{
    if (!f) return;
    for (size_t i = 0; i < f->n; i++) {
        hb_face_destroy(f->faces[i].hb);
        hb_set_destroy(f->faces[i].chars);
        jm_mem_free(f->mem, f->faces[i].family);
    }
    jm_mem_free(f->mem, f->faces);
    jm_mem_free(f->mem, f);
}

/* The face number of a font: found, or added; -1 when memory runs out. */
static int face_of(jm_svg_fonts *f, PangoFont *font)
{
    hb_font_t *hf = pango_font_get_hb_font(font);
    hb_face_t *hb = hf ? hb_font_get_face(hf) : NULL;
    if (!hb) return -1;
    for (size_t i = 0; i < f->n; i++)
        if (f->faces[i].hb == hb) return (int)i;
    if (f->n == f->cap) {
        size_t cap = f->cap ? f->cap * 2 : 8;
        face *fs = jm_mem_realloc(f->mem, f->faces, cap * sizeof *fs);
        if (!fs) return -1;
        f->faces = fs;
        f->cap = cap;
    }
    PangoFontDescription *d = pango_font_describe(font);
    const char *fam = pango_font_description_get_family(d);
    size_t len = fam ? strlen(fam) : 0;
    char *family = jm_mem_alloc(f->mem, len + 1);
    if (!family) {
        pango_font_description_free(d);
        return -1;
    }
    memcpy(family, fam ? fam : "", len + 1);
    face *nf = &f->faces[f->n];
    *nf = (face){.hb = hb_face_reference(hb), .chars = hb_set_create(), .family = family,
                 .weight = (int)pango_font_description_get_weight(d),
                 .italic = pango_font_description_get_style(d) != PANGO_STYLE_NORMAL};
    pango_font_description_free(d);
    return (int)f->n++;
}

bool jm_svg_fonts_add(jm_svg_fonts *f, PangoLayout *text)
{
    const char *s = pango_layout_get_text(text);
    PangoLayoutIter *it = pango_layout_get_iter(text);
    do {
        PangoLayoutRun *run = pango_layout_iter_get_run_readonly(it);
        if (!run) continue;
        int id = face_of(f, run->item->analysis.font);
        if (id < 0) {
            f->failed = true;
            continue;
        }
        const char *p = s + run->item->offset, *end = p + run->item->length;
        while (p < end) {
            uint32_t c = jm_utf8_next(&p, end);
            if (c >= 0x20) hb_set_add(f->faces[id].chars, c);
        }
    } while (pango_layout_iter_next_run(it));
    pango_layout_iter_free(it);
    return !f->failed;
}

static void emit_z(jm_svg_emit emit, void *ctx, const char *s) { emit(ctx, s, strlen(s)); }

/* A family name as a CSS string. */
static void emit_quoted(jm_svg_emit emit, void *ctx, const char *s)
{
    emit(ctx, "'", 1);
    for (; *s; s++) {
        if (*s == '\'' || *s == '\\' || *s == '<' || *s == '&' || *s == '"') continue;
        emit(ctx, s, 1);
    }
    emit(ctx, "'", 1);
}

void jm_svg_fonts_family(jm_svg_fonts *f, PangoLayout *text, jm_svg_emit emit, void *ctx)
{
    enum { MAX_USED = 16 };
    int used[MAX_USED];
    size_t n = 0;
    PangoLayoutIter *it = pango_layout_get_iter(text);
    do {
        PangoLayoutRun *run = pango_layout_iter_get_run_readonly(it);
        if (!run) continue;
        hb_font_t *hf = pango_font_get_hb_font(run->item->analysis.font);
        hb_face_t *hb = hf ? hb_font_get_face(hf) : NULL;
        for (size_t i = 0; i < f->n && n < MAX_USED; i++) {
            if (f->faces[i].hb != hb) continue;
            bool seen = false;
            for (size_t k = 0; k < n; k++) seen |= used[k] == (int)i;
            if (!seen) used[n++] = (int)i;
            break;
        }
    } while (pango_layout_iter_next_run(it));
    pango_layout_iter_free(it);
    char name[128];
    for (size_t k = 0; k < n; k++) { /* quoted: a prefix may hold a '.' */
        int len = snprintf(name, sizeof name, "%s'%sjf%d'", k ? "," : "", f->prefix ? f->prefix : "", used[k]);
        emit(ctx, name, (size_t)len);
    }
    /* then the installed families by name, for renderers that do not read
     * @font-face: the one asked for, and the faces Pango fell back to */
    const PangoFontDescription *d = pango_layout_get_font_description(text);
    const char *asked = d ? pango_font_description_get_family(d) : NULL;
    if (asked) {
        if (n) emit(ctx, ",", 1);
        emit_quoted(emit, ctx, asked);
    }
    for (size_t k = 0; k < n; k++) {
        const char *fam = f->faces[used[k]].family;
        if (!fam[0] || (asked && strcmp(fam, asked) == 0)) continue;
        bool seen = false;
        for (size_t j = 0; j < k; j++) seen |= strcmp(f->faces[used[j]].family, fam) == 0;
        if (seen) continue;
        emit(ctx, ",", 1);
        emit_quoted(emit, ctx, fam);
    }
    emit_z(emit, ctx, ",sans-serif");
}

static void emit_base64(jm_svg_emit emit, void *ctx, const unsigned char *p, size_t len)
{
    static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    char out[4 * 1024];
    size_t o = 0;
    for (size_t i = 0; i < len; i += 3) {
        unsigned v = (unsigned)p[i] << 16 | (i + 1 < len ? (unsigned)p[i + 1] << 8 : 0) | (i + 2 < len ? p[i + 2] : 0);
        out[o++] = b64[v >> 18 & 63];
        out[o++] = b64[v >> 12 & 63];
        out[o++] = i + 1 < len ? b64[v >> 6 & 63] : '=';
        out[o++] = i + 2 < len ? b64[v & 63] : '=';
        if (o + 4 > sizeof out) {
            emit(ctx, out, o);
            o = 0;
        }
    }
    emit(ctx, out, o);
}

bool jm_svg_fonts_css(jm_svg_fonts *f, jm_svg_emit emit, void *ctx)
{
    bool ok = true;
    for (size_t i = 0; i < f->n; i++) {
        face *fc = &f->faces[i];
        hb_subset_input_t *in = hb_subset_input_create_or_fail();
        if (!in) return false;
        hb_set_union(hb_subset_input_unicode_set(in), fc->chars);
        /* browsers draw unhinted outlines at any size: hinting is dead weight */
        hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_NO_HINTING);
        hb_face_t *sub = hb_subset_or_fail(fc->hb, in);
        hb_subset_input_destroy(in);
        if (!sub) {
            ok = false;
            continue;
        }
        hb_blob_t *blob = hb_face_reference_blob(sub);
        unsigned int len = 0;
        const char *data = hb_blob_get_data(blob, &len);
        char head[240];
        int n = snprintf(head, sizeof head,
                         "@font-face{font-family:'%sjf%zu';font-weight:%d;font-style:%s;src:url(data:font/ttf;base64,",
                         f->prefix ? f->prefix : "", i, fc->weight, fc->italic ? "italic" : "normal");
        emit(ctx, head, (size_t)n);
        emit_base64(emit, ctx, (const unsigned char *)data, len);
        emit_z(emit, ctx, ")}\n");
        hb_blob_destroy(blob);
        hb_face_destroy(sub);
    }
    return ok;
}
