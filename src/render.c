/* jmap_render: layout, paint, and the bytes of each output format. */
#define _GNU_SOURCE
#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <cairo.h>
#include <pango/pangocairo.h>
#include <png.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bounds.h"
#include "doc.h"
#include "layout.h"
#include "paint.h"
#include "theme.h"

#define JM_PNG_MAX 32767

struct jmap_renderer {
    jm_text_ctx *text;
    jmap_mem mem; /* layouts and output buffers */
    int fonts;  /* 0 not checked yet, 1 a real font found, -1 none */
};

jmap_renderer *jmap_renderer_new(void) { return jmap_renderer_new_with(NULL); }

jmap_renderer *jmap_renderer_new_with(const jmap_mem *mem)
{
    if (!mem) mem = jmap_mem_default();
    jmap_renderer *r = mem->calloc(mem->ctx, 1, sizeof *r);
    if (!r) return NULL;
    r->mem = *mem;
    r->text = jm_text_ctx_new();
    if (!r->text) {
        mem->free(mem->ctx, r);
        return NULL;
    }
    return r;
}

void jmap_renderer_free(jmap_renderer *r)
{
    if (!r) return;
    jm_text_ctx_free(r->text);
    jmap_mem mem = r->mem;
    mem.free(mem.ctx, r);
}

/* ---- a growable byte buffer ---- */

typedef struct buffer {
    const jmap_mem *mem;
    unsigned char *data;
    size_t len, cap;
    bool failed; /* out of memory */
} buffer;

static bool buf_add(buffer *b, const void *data, size_t len)
{
    if (b->failed) return false;
    if (!len) return true; /* data may be NULL (an empty buffer that never grew) */
    if (b->len + len > b->cap) {
        size_t cap = b->cap ? b->cap : 64 * 1024;
        while (cap < b->len + len) cap *= 2;
        unsigned char *d = jm_mem_realloc(b->mem, b->data, cap);
        if (!d) { b->failed = true; return false; }
        b->data = d;
        b->cap = cap;
    }
    memcpy(b->data + b->len, data, len);
    b->len += len;
    return true;
}

typedef struct sink {
    jmap_write_fn write;
    void *ctx;
    bool failed;
} sink;

static cairo_status_t to_sink(void *closure, const unsigned char *data, unsigned int len)
{
    sink *s = closure;
    if (s->failed || s->write(s->ctx, data, len) != 0) {
        s->failed = true;
        return CAIRO_STATUS_WRITE_ERROR;
    }
    return CAIRO_STATUS_SUCCESS;
}

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
    buffer pending; /* received, not yet renumbered */
    buffer out;     /* renumbered, not yet written */
    id_map ids;
    const char *prefix; /* put before every id and every reference to one */
    size_t prefix_len;
    char last; /* the byte before pending[0] */
    bool failed;
    bool oom; /* failed for want of memory */
    bool refused; /* by the sink; otherwise a failure is memory's */
} svg_stream;

static void svg_flush(svg_stream *st)
{
    if (!st->failed && st->out.len && st->write(st->ctx, st->out.data, st->out.len) != 0)
        st->failed = st->refused = true;
    if (st->out.failed) st->failed = st->oom = true;
    st->out.len = 0;
}

static void svg_emit(svg_stream *st, const void *data, size_t len)
{
    if (st->out.len + len > SVG_OUT) svg_flush(st);
    if (len > SVG_OUT) {
        if (!st->failed && st->write(st->ctx, data, len) != 0) st->failed = st->refused = true;
        return;
    }
    buf_add(&st->out, data, len);
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
        if (!buf_add(&st->pending, data, n)) st->failed = st->oom = true;
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

static void xml_escaped(buffer *b, const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        const char *rep = c == '&' ? "&amp;" : c == '<' ? "&lt;" : c == '>' ? "&gt;" : c == '"' ? "&quot;" : NULL;
        if (rep) buf_add(b, rep, strlen(rep));
        else if (c < 0x20 && c != '\t') buf_add(b, " ", 1); /* not allowed in XML 1.0 */
        else buf_add(b, &s[i], 1);
    }
}

static void bufprintf(buffer *b, const char *fmt, ...)
{
    char tmp[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n > 0) buf_add(b, tmp, (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
}

/* cairo 1.16 writes text as glyph outlines: exact, but nobody can search,
 * select or read it. Over the drawing goes a transparent layer of real text,
 * line by line, each line stretched to the width Pango measured: search,
 * copy, screen readers and tools see the words; the eye sees cairo's glyphs. */
static void svg_text_layer(const jm_layout *l, const char *prefix, buffer *b)
{
    buf_add(b, "<title>", 7);
    if (l->title) xml_escaped(b, l->title, strlen(l->title));
    buf_add(b, "</title>\n", 9);
    bufprintf(b, "<g id=\"%sjmap-text\" fill-opacity=\"0\" font-family=\"Noto Sans, DejaVu Sans, sans-serif\" "
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
            bufprintf(b, "<text x=\"%.2f\" y=\"%.2f\" font-size=\"%.2f\" textLength=\"%.2f\" "
                         "lengthAdjust=\"spacingAndGlyphs\"%s>",
                      rtl ? x + w : x, y, size, w, rtl ? " direction=\"rtl\"" : "");
            size_t len = (size_t)line->length;
            while (len && (text[line->start_index + (int)len - 1] == '\n')) len--;
            xml_escaped(b, text + line->start_index, len);
            buf_add(b, "</text>\n", 8);
        } while (pango_layout_iter_next_line(iter));
        pango_layout_iter_free(iter);
    }
    buf_add(b, "</g>\n", 5);
}

/* Takes the layout and frees it once drawn: cairo keeps its own record of the
 * drawing until the document is written, and the two need not coexist. */
static jmap_result render_svg(jmap_renderer *r, jm_layout *l, const char *prefix, jmap_write_fn write, void *ctx,
                              char *err, size_t errsize)
{
    svg_stream st = {.write = write, .ctx = ctx, .prefix = prefix, .prefix_len = strlen(prefix)};
    st.pending.mem = st.out.mem = st.ids.mem = &r->mem;
    cairo_surface_t *s = cairo_svg_surface_create_for_stream(svg_from_cairo, &st, l->width, l->height);
    cairo_svg_surface_set_document_unit(s, CAIRO_SVG_UNIT_PX);
    cairo_t *cr = cairo_create(s);
    jm_paint(cr, l, NULL, NULL);
    cairo_destroy(cr);
    buffer layer = {.mem = &r->mem};
    svg_text_layer(l, prefix, &layer);
    st.oom |= layer.failed;
    jm_layout_free(l);
    cairo_surface_finish(s);
    cairo_status_t status = cairo_surface_status(s);
    cairo_surface_destroy(s);
    if (status == CAIRO_STATUS_SUCCESS && !st.failed) {
        /* the held-back tail ends with "</svg>": the text layer goes before it */
        size_t close = st.pending.len;
        while (close > 0 && st.pending.data[close - 1] != '<') close--;
        if (close == 0 || st.pending.len - (close - 1) < 6 || memcmp(st.pending.data + close - 1, "</svg>", 6) != 0)
            close = st.pending.len + 1; /* no closing tag: nothing to insert before */
        size_t body = close - 1;
        svg_renumber(&st, body, true);
        if (close <= st.pending.len) {
            svg_emit(&st, layer.data, layer.len);
            st.failed |= layer.failed;
            st.oom |= layer.failed;
            svg_emit(&st, st.pending.data + body, st.pending.len - body);
        }
        svg_flush(&st);
    }
    jm_mem_free(&r->mem, layer.data);
    id_map_free(&st.ids);
    jm_mem_free(&r->mem, st.pending.data);
    jm_mem_free(&r->mem, st.out.data);
    if (st.oom) {
        snprintf(err, errsize, "out of memory while writing the SVG");
        return JMAP_ERR_MEMORY;
    }
    if (status != CAIRO_STATUS_SUCCESS && status != CAIRO_STATUS_WRITE_ERROR) {
        snprintf(err, errsize, "could not draw the SVG: %s", cairo_status_to_string(status));
        return status == CAIRO_STATUS_NO_MEMORY ? JMAP_ERR_MEMORY : JMAP_ERR_INPUT;
    }
    if (st.refused) {
        snprintf(err, errsize, "could not write the SVG");
        return JMAP_ERR_WRITE;
    }
    if (status != CAIRO_STATUS_SUCCESS || st.failed) {
        snprintf(err, errsize, "out of memory while writing the SVG");
        return JMAP_ERR_MEMORY;
    }
    return JMAP_OK;
}

/* ---- PNG, through libpng: cairo's own encoder spends most of a run in zlib ---- */

typedef struct png_out {
    jmap_write_fn write;
    void *ctx;
    bool failed;
} png_out;

static void png_write_cb(png_structp png, png_bytep data, png_size_t len)
{
    png_out *o = png_get_io_ptr(png);
    if (!o->failed && o->write(o->ctx, data, len) != 0) {
        o->failed = true;
        png_error(png, "write failed"); /* no more bands drawn for nothing */
    }
}

static void png_flush_cb(png_structp png) { (void)png; }

/* The library prints nothing: libpng's errors come back through its longjmp
 * as a message of ours (an error function that returned would have libpng
 * print the error itself), and its warnings are dropped. */
static void png_fail(png_structp png, png_const_charp message)
{
    (void)message;
    png_longjmp(png, 1);
}

static void png_quiet(png_structp png, png_const_charp message)
{
    (void)png;
    (void)message;
}

/* The image is drawn and encoded in bands of rows, so that memory stays at a
 * band's worth of pixels whatever the map's size. Each band is the same
 * drawing moved up by a whole number of pixels, clipped to the band, with the
 * items whose ink misses the band skipped. The pixels are those of one big
 * image (tests/test_render.c compares them). The band height depends only on
 * the width, so the
 * same map still gives the same bytes. */
enum { PNG_BAND_BYTES = 4 << 20 };

typedef struct png_job {
    const jmap_mem *mem;
    png_structp png;
    png_infop info;
    cairo_surface_t *band;
    unsigned char *row;
    jm_box *bounds; /* of each layout item, for skipping those outside a band */
} png_job;

static void png_job_free(png_job *j)
{
    png_destroy_write_struct(&j->png, &j->info);
    if (j->band) cairo_surface_destroy(j->band);
    jm_mem_free(j->mem, j->row);
    jm_mem_free(j->mem, j->bounds);
}

static int encode_png(png_job *j, const jm_layout *l, double scale, int w, int h, png_out *o)
{
    cairo_t *volatile cr = NULL; /* destroyed if libpng gives up midway */
    if (setjmp(png_jmpbuf(j->png))) {
        if (cr) cairo_destroy(cr);
        return -1;
    }
    png_set_write_fn(j->png, o, png_write_cb, png_flush_cb);
    /* Flat colours: rows of identical pixels, which deflate's fastest level
     * turns into long matches by itself. Measured on the typical map (1.84 G
     * instructions with level 3 and the Up/Sub filters): no filter at level 1
     * takes 1.11 G for a file 2 % larger; Sub or Up alone cost more and make
     * it larger; the run-length strategy makes it ten times larger. */
    png_set_compression_level(j->png, 1);
    png_set_filter(j->png, 0, PNG_FILTER_NONE);
    png_set_IHDR(j->png, j->info, (png_uint_32)w, (png_uint_32)h, 8, PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_set_pHYs(j->png, j->info, 3780, 3780, PNG_RESOLUTION_METER); /* 96 dpi */
    png_write_info(j->png, j->info);
    int rows = cairo_image_surface_get_height(j->band);
    int stride = cairo_image_surface_get_stride(j->band);
    for (int y0 = 0; y0 < h; y0 += rows) {
        cr = cairo_create(j->band);
        cairo_translate(cr, 0, -y0);
        cairo_scale(cr, scale, scale);
        jm_box only = {0, y0 / scale, l->width, rows / scale};
        jm_paint(cr, l, &only, j->bounds);
        cairo_destroy(cr);
        cr = NULL;
        cairo_surface_flush(j->band);
        const unsigned char *px = cairo_image_surface_get_data(j->band);
        for (int y = 0; y < rows && y0 + y < h; y++) {
            const uint32_t *src = (const uint32_t *)(px + (size_t)y * (size_t)stride);
            for (int x = 0; x < w; x++) {
                uint32_t v = src[x];
                j->row[x * 3] = (unsigned char)(v >> 16);
                j->row[x * 3 + 1] = (unsigned char)(v >> 8);
                j->row[x * 3 + 2] = (unsigned char)v;
            }
            png_write_row(j->png, j->row);
        }
        cairo_surface_mark_dirty(j->band);
    }
    png_write_end(j->png, j->info);
    return 0;
}

/* Takes the layout and frees it. */
static jmap_result render_png(jmap_renderer *r, jm_layout *l, double scale, jmap_write_fn write, void *ctx, char *err,
                              size_t errsize)
{
    double fw = l->width * scale, fh = l->height * scale;
    if (fw > JM_PNG_MAX || fh > JM_PNG_MAX) {
        snprintf(err, errsize,
                 "the map is %.0f x %.0f pixels at scale %g; a PNG can be at most %d pixels on a side: "
                 "use a smaller --scale, or SVG or PDF",
                 fw, fh, scale, JM_PNG_MAX);
        jm_layout_free(l);
        return JMAP_ERR_INPUT;
    }
    int w = (int)fw, h = (int)fh;
    if (w < 1) w = 1;
    if (h < 1) h = 1;
    /* An even number of rows: cairo rounds a glyph's position half to even,
     * so only a shift by an even number of pixels moves every glyph alike. */
    int rows = PNG_BAND_BYTES / (w * 4) & ~1;
    if (rows < 16) rows = 16;
    if (rows > h) rows = h;
    png_job j = {.mem = &r->mem};
    j.band = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, rows);
    j.row = jm_mem_alloc(j.mem, (size_t)w * 3);
    j.bounds = jm_mem_calloc(j.mem, l->n_items, sizeof *j.bounds);
    if (j.bounds) jm_paint_bounds(l, j.bounds);
    j.png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, png_fail, png_quiet);
    j.info = j.png ? png_create_info_struct(j.png) : NULL;
    jmap_result rc = JMAP_OK;
    png_out o = {write, ctx, false};
    if (cairo_surface_status(j.band) != CAIRO_STATUS_SUCCESS || !j.row || !j.bounds || !j.png || !j.info) {
        snprintf(err, errsize, "out of memory for a %d x %d image", w, h);
        rc = JMAP_ERR_MEMORY;
    } else if (encode_png(&j, l, scale, w, h, &o) != 0) {
        /* libpng gives up on a write that failed, else on memory */
        snprintf(err, errsize, o.failed ? "could not write the PNG" : "out of memory while encoding the PNG");
        rc = o.failed ? JMAP_ERR_WRITE : JMAP_ERR_MEMORY;
    } else if (o.failed) {
        snprintf(err, errsize, "could not write the PNG");
        rc = JMAP_ERR_WRITE;
    }
    png_job_free(&j);
    jm_layout_free(l);
    return rc;
}

/* ---- PDF ---- */

static void pdf_metadata(cairo_surface_t *s, const char *title, const jmap_render_options *opt)
{
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, title ? title : "");
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "jmap " JMAP_VERSION);
    /* no date unless the caller gives one (SOURCE_DATE_EPOCH): the same input,
     * the same bytes */
    char date[32] = "";
    if (opt->has_date && opt->date >= 0 && opt->date <= 253402300799LL) {
        time_t tt = (time_t)opt->date;
        struct tm tm;
        if (gmtime_r(&tt, &tm)) strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%SZ", &tm);
    }
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, date);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_MOD_DATE, date);
}

/* ---- the entry point ---- */

static int find_persona(const jmap_journey *j, const char *id)
{
    for (size_t p = 0; p < j->n_personas; p++)
        if (strcmp(j->personas[p].id.s, id) == 0) return (int)p;
    return -1;
}

/* NULL with *why (JMAP_ERR_INPUT or JMAP_ERR_MEMORY) and a message in err. */
static jm_layout *layout_one(jmap_renderer *r, const jmap_journey *j, const jmap_render_options *opt,
                             const jm_theme *theme, jmap_result *why, char *err, size_t errsize)
{
    *why = JMAP_ERR_INPUT;
    jm_layout_options lo = {-1, theme, &r->mem};
    if (opt->persona) {
        lo.persona = find_persona(j, opt->persona);
        if (lo.persona < 0) {
            snprintf(err, errsize, "no persona '%s' in the journey '%s'", opt->persona, j->title.s);
            return NULL;
        }
    }
    if (jm_draw_size_message(j, err, errsize)) return NULL; /* reported by resolve too */
    double scale = opt->scale > 0 ? opt->scale : 1;
    double min_w = opt->format == JMAP_PNG ? jm_layout_min_width(j, &lo) * scale : 0;
    if (min_w > JM_PNG_MAX) { /* known before any text is measured */
        snprintf(err, errsize,
                 "the map is at least %.0f pixels wide at scale %g; a PNG can be at most %d pixels on a side: "
                 "use a smaller --scale, or SVG or PDF",
                 min_w, scale, JM_PNG_MAX);
        return NULL;
    }
    jm_layout *l = jm_layout_journey(r->text, j, &lo);
    if (!l) {
        snprintf(err, errsize, "out of memory while laying out '%s'", j->title.s);
        *why = JMAP_ERR_MEMORY;
    }
    return l;
}

int jmap_id_prefix_valid(const char *s)
{
    if (!s) return 0;
    size_t n = strlen(s);
    if (n == 0) return 1;
    if (n > 64 || !((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || *s == '_')) return 0;
    for (const char *p = s; *p; p++)
        if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_' ||
              *p == '-' || *p == '.'))
            return 0;
    return 1;
}

static uint64_t fnv1a(uint64_t h, const void *data, size_t len)
{
    const unsigned char *p = data;
    for (size_t i = 0; i < len; i++) h = (h ^ p[i]) * 0x100000001b3ull;
    return h;
}

static uint64_t fnv1a_str(uint64_t h, const char *s)
{
    h = fnv1a(h, s ? s : "", s ? strlen(s) + 1 : 0); /* NULL and "" differ */
    return fnv1a(h, "|", 1);
}

/* "jm" + 12 hex digits + "-", from what the map is drawn from: the same map
 * gets the same prefix, so that the output stays deterministic. */
static void default_id_prefix(const jmap_doc *doc, size_t first, const jmap_render_options *opt, char *out,
                              size_t size)
{
    uint64_t h = 0xcbf29ce484222325ull;
    h = fnv1a(h, doc->src ? doc->src : "", doc->src ? doc->len : 0);
    char num[32];
    snprintf(num, sizeof num, "|%zu|", first);
    h = fnv1a(h, num, strlen(num));
    h = fnv1a_str(h, opt->persona);
    h = fnv1a_str(h, opt->theme);
    if (opt->theme_doc) h = fnv1a(h, opt->theme_doc->src ? opt->theme_doc->src : "", opt->theme_doc->len);
    snprintf(out, size, "jm%012llx-", (unsigned long long)(h >> 16));
}

jmap_result jmap_render(jmap_renderer *r, const jmap_doc *doc, size_t first, size_t count,
                        const jmap_render_options *opt, jmap_write_fn write, void *ctx, char *err, size_t errsize)
{
    char dummy[1];
    if (!err || !errsize) { err = dummy; errsize = sizeof dummy; }
    err[0] = '\0';
    jmap_render_options defaults = {.format = JMAP_SVG, .scale = 1};
    if (!opt) opt = &defaults;
    size_t n = jmap_doc_journey_count(doc);
    if (count == 0 || first >= n || count > n - first) {
        snprintf(err, errsize, n ? "no such journey in the input" : "the input has errors or no journey");
        return JMAP_ERR_INPUT;
    }
    if (opt->format != JMAP_PDF && count != 1) {
        snprintf(err, errsize, "SVG and PNG hold one journey each");
        return JMAP_ERR_INPUT;
    }
    jm_theme theme;
    if (opt->theme && !jm_theme_builtin(opt->theme, &theme)) {
        snprintf(err, errsize, "unknown theme '%s': use default, dark, print or high-contrast", opt->theme);
        return JMAP_ERR_INPUT;
    }
    const jm_theme *over = opt->theme ? &theme : NULL;
    if (opt->theme_doc) {
        if (!opt->theme_doc->theme || jmap_doc_error_count(opt->theme_doc)) {
            snprintf(err, errsize, "the theme file has errors");
            return JMAP_ERR_INPUT;
        }
        over = opt->theme_doc->theme;
    }
    if (r->fonts == 0) r->fonts = jm_text_has_fonts(r->text) ? 1 : -1;
    if (r->fonts < 0) {
        snprintf(err, errsize,
                 "no usable font: fontconfig finds no font to draw text with (install one, such as fonts-dejavu-core "
                 "or fonts-noto-core, or check FONTCONFIG_FILE)");
        return JMAP_ERR_FONTS;
    }

    char prefix[80] = "";
    if (opt->format == JMAP_SVG) {
        if (opt->id_prefix && !jmap_id_prefix_valid(opt->id_prefix)) {
            snprintf(err, errsize, "the id prefix must be a letter or '_' followed by letters, digits, '_', '-' or "
                                   "'.', at most 64 bytes");
            return JMAP_ERR_INPUT;
        }
        if (opt->id_prefix) snprintf(prefix, sizeof prefix, "%s", opt->id_prefix);
        else default_id_prefix(doc, first, opt, prefix, sizeof prefix);
    }

    jmap_result why;
    if (opt->format != JMAP_PDF) {
        jm_layout *l = layout_one(r, doc->journeys[first], opt, over, &why, err, errsize);
        if (!l) return why;
        return opt->format == JMAP_PNG ? render_png(r, l, opt->scale > 0 ? opt->scale : 1, write, ctx, err, errsize)
                                       : render_svg(r, l, prefix, write, ctx, err, errsize);
    }

    sink sk = {write, ctx, false};
    cairo_surface_t *s = NULL;
    cairo_t *cr = NULL;
    jmap_result rc = JMAP_OK;
    for (size_t i = first; i < first + count && rc == JMAP_OK; i++) {
        jm_layout *l = layout_one(r, doc->journeys[i], opt, over, &why, err, errsize);
        if (!l) {
            rc = why;
            break;
        }
        if (!s) {
            s = cairo_pdf_surface_create_for_stream(to_sink, &sk, l->width, l->height);
            pdf_metadata(s, doc->journeys[first]->title.s, opt);
            cr = cairo_create(s);
        } else {
            cairo_pdf_surface_set_size(s, l->width, l->height);
        }
        jm_paint(cr, l, NULL, NULL);
        jm_layout_free(l); /* cairo holds its own record of the page until show_page */
        cairo_show_page(cr);
    }
    if (cr) cairo_destroy(cr);
    if (s) {
        cairo_surface_finish(s);
        cairo_status_t st = cairo_surface_status(s);
        if (rc == JMAP_OK && (sk.failed || st == CAIRO_STATUS_WRITE_ERROR)) {
            snprintf(err, errsize, "could not write the PDF");
            rc = JMAP_ERR_WRITE;
        } else if (rc == JMAP_OK && st != CAIRO_STATUS_SUCCESS) {
            snprintf(err, errsize, "could not draw the PDF: %s", cairo_status_to_string(st));
            rc = st == CAIRO_STATUS_NO_MEMORY ? JMAP_ERR_MEMORY : JMAP_ERR_INPUT;
        }
        cairo_surface_destroy(s);
    }
    return rc;
}
