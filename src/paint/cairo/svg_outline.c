/* The SVG of glyph outlines (--svg-text outlines): cairo 1.16's SVG surface,
 * for renderers that must match the PNG without the fonts; its ids made
 * deterministic and a transparent layer of real text laid over it. */
#define _GNU_SOURCE
#include <cairo-svg.h>
#include <cairo.h>
#include <pango/pangocairo.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/buf.h"
#include "paint/cairo/paint_cairo.h"

/* ---- SVG ---- */

/* cairo numbers SVG ids from a counter shared by the whole process, so the
 * same map drawn twice (or on two threads) differs. Every "surfaceN" and
 * "imageN" is renumbered in order of first appearance (the same drawing, the same bytes)
 * as cairo writes, straight through to the caller's sink: no copy of the
 * document is held besides the one cairo keeps while it draws. The last
 * bytes are held back until the end, so that a name split across two writes
 * is seen whole and the text layer can go in before "</svg>". */
enum { SVG_HOLD = 64, SVG_OUT = 64 * 1024 };

/* cairo's ids and the numbers they get, in order of first appearance: an
 * open-addressing hash table that grows (a map can hold thousands of colour
 * glyphs, each an image of its own). */
typedef struct id_map {
    const jmap_mem *mem;
    unsigned long *keys;
    size_t *nums; /* 0: the slot is free */
    size_t cap, n;
} id_map;

static bool id_map_grow(id_map *m)
{
    size_t cap = m->cap ? m->cap * 2 : 256;
    unsigned long *keys = jm_mem_calloc(m->mem, cap, sizeof *keys);
    size_t *nums = jm_mem_calloc(m->mem, cap, sizeof *nums);
    if (!keys || !nums) {
        jm_mem_free(m->mem, keys);
        jm_mem_free(m->mem, nums);
        return false;
    }
    for (size_t i = 0; i < m->cap; i++) {
        if (!m->nums[i]) continue;
        size_t h = (m->keys[i] * 0x9E3779B97F4A7C15ull) & (cap - 1);
        while (nums[h]) h = (h + 1) & (cap - 1);
        keys[h] = m->keys[i];
        nums[h] = m->nums[i];
    }
    jm_mem_free(m->mem, m->keys);
    jm_mem_free(m->mem, m->nums);
    m->keys = keys;
    m->nums = nums;
    m->cap = cap;
    return true;
}

/* The number of id, given one on first sight; 0 when memory runs out. */
static size_t id_map_number(id_map *m, unsigned long id)
{
    if ((m->n + 1) * 2 > m->cap && !id_map_grow(m)) return 0;
    size_t h = (id * 0x9E3779B97F4A7C15ull) & (m->cap - 1);
    while (m->nums[h] && m->keys[h] != id) h = (h + 1) & (m->cap - 1);
    if (!m->nums[h]) {
        m->keys[h] = id;
        m->nums[h] = ++m->n;
    }
    return m->nums[h];
}

static void id_map_free(id_map *m)
{
    jm_mem_free(m->mem, m->keys);
    jm_mem_free(m->mem, m->nums);
}

typedef struct svg_stream {
    jmap_write_fn write;
    void *ctx;
    jm_buf pending; /* received, not yet renumbered */
    jm_buf out;     /* renumbered, not yet written */
    id_map ids;
    const char *prefix; /* put before every id and every reference to one */
    size_t prefix_len;
    char last; /* the byte before pending[0] */
    bool failed;
    bool oom; /* failed for want of memory */
} svg_stream;

static void svg_flush(svg_stream *st)
{
    if (!st->failed && st->out.len && st->write(st->ctx, (const unsigned char *)st->out.data, st->out.len) != 0)
        st->failed = true;
    if (st->out.failed) st->failed = st->oom = true;
    st->out.len = 0;
}

static void svg_emit(svg_stream *st, const void *data, size_t len)
{
    if (st->out.len + len > SVG_OUT) svg_flush(st);
    if (len > SVG_OUT) {
        if (!st->failed && st->write(st->ctx, data, len) != 0) st->failed = true;
        return;
    }
    jm_buf_add(&st->out, data, len);
}

/* The ids cairo draws from its process-wide counter: surfaces (a pattern or a
 * group) and images (a colour glyph, such as an emoji). Both take the
 * surface's unique number, so one table renumbers both. */
static const char *const svg_keys[2] = {"surface", "image"};

/* Where an id is named or referred to: the id prefix goes right after. */
static const char *const svg_ref_keys[3] = {" id=\"", "href=\"#", "url(#"};
enum { SVG_KEYS = 5 };

static const char *svg_key(int k) { return k < 2 ? svg_keys[k] : svg_ref_keys[k - 2]; }

/* Renumbers and emits pending[0, upto) where no id can be cut off at upto
 * unless it is the end of the document; returns where it stopped. */
static size_t svg_renumber(svg_stream *st, size_t upto, bool final)
{
    const char *base = (const char *)st->pending.data;
    const char *p = base, *end = base + st->pending.len, *stop = base + upto;
    const char *next[SVG_KEYS] = {NULL}; /* the next hit of each key at or after p */
    while (p < stop) {
        int k = -1;
        for (int i = 0; i < SVG_KEYS; i++) {
            if (i >= 2 && !st->prefix_len) continue;
            if (!next[i] || next[i] < p) {
                next[i] = memmem(p, (size_t)(end - p), svg_key(i), strlen(svg_key(i)));
                if (!next[i]) next[i] = end;
            }
            if (k < 0 || next[i] < next[k]) k = i;
        }
        const char *hit = next[k];
        if (hit >= stop) {
            svg_emit(st, p, (size_t)(stop - p));
            return upto;
        }
        if (k >= 2) { /* id=" href="# url(#: the prefix, then whatever id follows */
            const char *after = hit + strlen(svg_key(k));
            if (after > stop && !final) { /* the key may be cut off: wait for more */
                svg_emit(st, p, (size_t)(hit - p));
                return (size_t)(hit - base);
            }
            svg_emit(st, p, (size_t)(after - p));
            svg_emit(st, st->prefix, st->prefix_len);
            p = after;
            continue;
        }
        const char *digits = hit + strlen(svg_keys[k]), *q = digits;
        while (q < end && *q >= '0' && *q <= '9') q++;
        if (q == end && !final) { /* the number may go on in the next write */
            svg_emit(st, p, (size_t)(hit - p));
            return (size_t)(hit - base);
        }
        /* an id stands after id=" or a # (href, url); never inside base64 */
        char before = hit > base ? hit[-1] : st->last;
        if (q == digits || (before != '"' && before != '#')) { /* "<image", "data:image/png" */
            svg_emit(st, p, (size_t)(q - p));
            p = q;
            continue;
        }
        unsigned long id = 0;
        for (const char *d = digits; d < q; d++) id = id * 10 + (unsigned long)(*d - '0');
        size_t n = id_map_number(&st->ids, id);
        if (!n) st->failed = st->oom = true;
        svg_emit(st, p, (size_t)(hit - p));
        char num[32];
        int len = snprintf(num, sizeof num, "%s%zu", svg_keys[k], n);
        svg_emit(st, num, (size_t)len);
        p = q;
    }
    return (size_t)(p - base);
}

static cairo_status_t svg_from_cairo(void *closure, const unsigned char *data, unsigned int len)
{
    svg_stream *st = closure;
    /* cairo hands over the whole page in one write: take it in slices, so
     * that the held-back part stays small */
    while (len > 0 && !st->failed) {
        unsigned int n = len < SVG_OUT ? len : SVG_OUT;
        if (!jm_buf_add(&st->pending, data, n)) st->failed = st->oom = true;
        data += n;
        len -= n;
        if (st->pending.len > SVG_HOLD) {
            size_t done = svg_renumber(st, st->pending.len - SVG_HOLD, false);
            if (done) st->last = (char)st->pending.data[done - 1];
            memmove(st->pending.data, st->pending.data + done, st->pending.len - done);
            st->pending.len -= done;
        }
    }
    return st->failed ? CAIRO_STATUS_WRITE_ERROR : CAIRO_STATUS_SUCCESS;
}

static void xml_escaped(jm_buf *b, const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        const char *rep = c == '&' ? "&amp;" : c == '<' ? "&lt;" : c == '>' ? "&gt;" : c == '"' ? "&quot;" : NULL;
        if (rep) jm_buf_add(b, rep, strlen(rep));
        else if (c < 0x20 && c != '\t') jm_buf_add(b, " ", 1); /* not allowed in XML 1.0 */
        else jm_buf_add(b, &s[i], 1);
    }
}

/* cairo 1.16 writes text as glyph outlines: exact, but nobody can search,
 * select or read it. Over the drawing goes a transparent layer of real text,
 * line by line, each line stretched to the width Pango measured: search,
 * copy, screen readers and tools see the words; the eye sees cairo's glyphs. */
static void svg_text_layer(const jm_layout *l, const char *prefix, jm_buf *b)
{
    jm_buf_add(b, "<title>", 7);
    if (l->title) xml_escaped(b, l->title, strlen(l->title));
    jm_buf_add(b, "</title>\n", 9);
    jm_buf_printf(b, "<g id=\"%sjmap-text\" fill-opacity=\"0\" font-family=\"Noto Sans, DejaVu Sans, sans-serif\" "
                 "xml:space=\"preserve\">\n", prefix);
    for (size_t i = 0; i < l->n_items; i++) {
        const jm_item *it = &l->items[i];
        if (it->kind != JM_ITEM_TEXT) continue;
        const char *text = pango_layout_get_text(it->text);
        const PangoFontDescription *fd = pango_layout_get_font_description(it->text);
        double size = fd ? (double)pango_font_description_get_size(fd) / PANGO_SCALE : 12;
        PangoLayoutIter *iter = pango_layout_get_iter(it->text);
        do {
            PangoLayoutLine *line = pango_layout_iter_get_line_readonly(iter);
            if (!line || line->length <= 0) continue;
            PangoRectangle r;
            pango_layout_iter_get_line_extents(iter, NULL, &r);
            double x = it->box.x + (double)r.x / PANGO_SCALE, w = (double)r.width / PANGO_SCALE;
            double y = it->box.y + (double)pango_layout_iter_get_baseline(iter) / PANGO_SCALE;
            bool rtl = line->resolved_dir == PANGO_DIRECTION_RTL;
            jm_buf_printf(b, "<text x=\"%.2f\" y=\"%.2f\" font-size=\"%.2f\" textLength=\"%.2f\" "
                         "lengthAdjust=\"spacingAndGlyphs\"%s>",
                      rtl ? x + w : x, y, size, w, rtl ? " direction=\"rtl\"" : "");
            size_t len = (size_t)line->length;
            while (len && (text[line->start_index + (int)len - 1] == '\n')) len--;
            xml_escaped(b, text + line->start_index, len);
            jm_buf_add(b, "</text>\n", 8);
        } while (pango_layout_iter_next_line(iter));
        pango_layout_iter_free(iter);
    }
    jm_buf_add(b, "</g>\n", 5);
}

/* ---- the device ---- */

typedef struct outline_painter {
    jm_cairo_painter c;
    cairo_surface_t *surface;
    svg_stream st;
    bool failed;
} outline_painter;

static int outline_begin(jm_painter *p, const jm_layout *first)
{
    (void)first;
    svg_stream *st = &((outline_painter *)p)->st;
    st->prefix_len = st->prefix ? strlen(st->prefix) : 0; /* the driver has set it by now */
    return 0;
}

static int outline_page(jm_painter *p, const jm_layout *l)
{
    outline_painter *d = (outline_painter *)p;
    d->surface = cairo_svg_surface_create_for_stream(svg_from_cairo, &d->st, l->width, l->height);
    cairo_svg_surface_set_document_unit(d->surface, CAIRO_SVG_UNIT_PX);
    d->c.cr = cairo_create(d->surface);
    jm_cairo_background(d->c.cr, l);
    return 0;
}

/* cairo keeps its own record of the drawing until the document is written. */
static int outline_page_end(jm_painter *p, const jm_layout *l)
{
    outline_painter *d = (outline_painter *)p;
    svg_stream *st = &d->st;
    cairo_destroy(d->c.cr);
    d->c.cr = NULL;
    jm_buf layer;
    jm_buf_init(&layer, p->mem);
    svg_text_layer(l, st->prefix ? st->prefix : "", &layer);
    st->oom |= layer.failed;
    cairo_surface_finish(d->surface);
    cairo_status_t status = cairo_surface_status(d->surface);
    if (status == CAIRO_STATUS_SUCCESS && !st->failed) {
        /* the held-back tail ends with "</svg>": the text layer goes before it */
        size_t close = st->pending.len;
        while (close > 0 && st->pending.data[close - 1] != '<') close--;
        if (close == 0 || st->pending.len - (close - 1) < 6 || memcmp(st->pending.data + close - 1, "</svg>", 6) != 0)
            close = st->pending.len + 1; /* no closing tag: nothing to insert before */
        size_t body = close - 1;
        svg_renumber(st, body, true);
        if (close <= st->pending.len) {
            svg_emit(st, layer.data, layer.len);
            st->failed |= layer.failed;
            st->oom |= layer.failed;
            svg_emit(st, st->pending.data + body, st->pending.len - body);
        }
        svg_flush(st);
    }
    jm_buf_free(&layer);
    if (st->oom) {
        p->oom = true;
        return jm_painter_fail(p, "out of memory while writing the SVG");
    }
    if (status != CAIRO_STATUS_SUCCESS && status != CAIRO_STATUS_WRITE_ERROR)
        return jm_painter_fail(p, "could not draw the SVG: %s", cairo_status_to_string(status));
    if (status != CAIRO_STATUS_SUCCESS || st->failed) return jm_painter_fail(p, "could not write the SVG");
    return 0;
}

static int outline_end(jm_painter *p)
{
    (void)p;
    return 0;
}

static void outline_free(jm_painter *p)
{
    outline_painter *d = (outline_painter *)p;
    if (d->c.cr) cairo_destroy(d->c.cr);
    if (d->surface) cairo_surface_destroy(d->surface);
    id_map_free(&d->st.ids);
    jm_buf_free(&d->st.pending);
    jm_buf_free(&d->st.out);
    jm_mem_free(p->mem, d);
}

static const jm_paint_ops outline_ops = {.begin = outline_begin,
                                         .page = outline_page,
                                         .rect = jm_cairo_rect,
                                         .path = jm_cairo_path,
                                         .text = jm_cairo_text,
                                         .page_end = outline_page_end,
                                         .end = outline_end,
                                         .free = outline_free};

jm_painter *jm_svg_outline_painter_new(const jm_device_options *o)
{
    outline_painter *d = jm_painter_alloc(o, sizeof *d, &outline_ops);
    if (!d) return NULL;
    d->st.write = o->write;
    d->st.ctx = o->ctx;
    d->st.prefix = o->id_prefix;
    d->st.pending.mem = d->st.out.mem = d->st.ids.mem = o->mem;
    return &d->c.base;
}
