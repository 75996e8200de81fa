/* jmap_render: layout, paint, and the bytes of each output format. */
#define _GNU_SOURCE
#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <cairo.h>
#include <pango/pangocairo.h>
#include <png.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "doc.h"
#include "layout.h"
#include "paint.h"
#include "theme.h"

#define JM_PNG_MAX 32767

struct jmap_renderer {
    jm_text_ctx *text;
};

jmap_renderer *jmap_renderer_new(void)
{
    jmap_renderer *r = calloc(1, sizeof *r);
    if (!r) return NULL;
    r->text = jm_text_ctx_new();
    if (!r->text) {
        free(r);
        return NULL;
    }
    return r;
}

void jmap_renderer_free(jmap_renderer *r)
{
    if (!r) return;
    jm_text_ctx_free(r->text);
    free(r);
}

/* ---- a growable byte buffer ---- */

typedef struct buffer {
    unsigned char *data;
    size_t len, cap;
    bool failed;
} buffer;

static bool buf_add(buffer *b, const void *data, size_t len)
{
    if (b->failed) return false;
    if (b->len + len > b->cap) {
        size_t cap = b->cap ? b->cap : 64 * 1024;
        while (cap < b->len + len) cap *= 2;
        unsigned char *d = realloc(b->data, cap);
        if (!d) { b->failed = true; return false; }
        b->data = d;
        b->cap = cap;
    }
    memcpy(b->data + b->len, data, len);
    b->len += len;
    return true;
}

static cairo_status_t to_buffer(void *closure, const unsigned char *data, unsigned int len)
{
    return buf_add(closure, data, len) ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
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
 * same map drawn twice (or on two threads) differs. Renumber every
 * "surfaceN" in order of first appearance: the same drawing, the same bytes. */
static bool svg_renumber(const buffer *in, buffer *out)
{
    enum { MAX_IDS = 4096 };
    unsigned long seen[MAX_IDS];
    size_t n_seen = 0;
    const char *p = (const char *)in->data, *end = p + in->len;
    static const char key[] = "surface";
    while (p < end) {
        const char *hit = memmem(p, (size_t)(end - p), key, sizeof key - 1);
        if (!hit) {
            buf_add(out, p, (size_t)(end - p));
            break;
        }
        const char *q = hit + sizeof key - 1;
        if (q >= end || *q < '0' || *q > '9') {
            buf_add(out, p, (size_t)(q - p));
            p = q;
            continue;
        }
        unsigned long id = 0;
        while (q < end && *q >= '0' && *q <= '9') id = id * 10 + (unsigned long)(*q++ - '0');
        size_t k = 0;
        while (k < n_seen && seen[k] != id) k++;
        if (k == n_seen && n_seen < MAX_IDS) seen[n_seen++] = id;
        buf_add(out, p, (size_t)(hit - p));
        char num[32];
        int n = snprintf(num, sizeof num, "surface%zu", k + 1);
        buf_add(out, num, (size_t)n);
        p = q;
    }
    return !out->failed;
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
static void svg_text_layer(const jm_layout *l, buffer *b)
{
    buf_add(b, "<title>", 7);
    if (l->title) xml_escaped(b, l->title, strlen(l->title));
    buf_add(b, "</title>\n", 9);
    bufprintf(b, "<g id=\"jmap-text\" fill-opacity=\"0\" font-family=\"Noto Sans, DejaVu Sans, sans-serif\" "
                 "xml:space=\"preserve\">\n");
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

static int render_svg(jm_layout *l, jmap_write_fn write, void *ctx, char *err, size_t errsize)
{
    buffer raw = {0}, fixed = {0};
    cairo_surface_t *s = cairo_svg_surface_create_for_stream(to_buffer, &raw, l->width, l->height);
    cairo_svg_surface_set_document_unit(s, CAIRO_SVG_UNIT_PX);
    cairo_t *cr = cairo_create(s);
    jm_paint(cr, l);
    cairo_destroy(cr);
    cairo_surface_finish(s);
    cairo_status_t st = cairo_surface_status(s);
    cairo_surface_destroy(s);
    int rc = 0;
    /* the text layer goes just before the closing tag */
    if (st == CAIRO_STATUS_SUCCESS && !raw.failed) {
        size_t end = raw.len;
        while (end > 0 && memcmp(raw.data + end - 1, "<", 1) != 0) end--;
        if (end > 0 && raw.len - (end - 1) >= 6 && memcmp(raw.data + end - 1, "</svg>", 6) == 0) {
            buffer tail = {0};
            buf_add(&tail, raw.data + end - 1, raw.len - (end - 1));
            raw.len = end - 1;
            svg_text_layer(l, &raw);
            buf_add(&raw, tail.data, tail.len);
            raw.failed |= tail.failed;
            free(tail.data);
        }
    }
    if (st != CAIRO_STATUS_SUCCESS || raw.failed || !svg_renumber(&raw, &fixed)) {
        snprintf(err, errsize, "could not draw the SVG: %s", cairo_status_to_string(st));
        rc = -1;
    } else if (write(ctx, fixed.data, fixed.len) != 0) {
        snprintf(err, errsize, "could not write the SVG");
        rc = -1;
    }
    free(raw.data);
    free(fixed.data);
    return rc;
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
    if (!o->failed && o->write(o->ctx, data, len) != 0) o->failed = true;
}

static void png_flush_cb(png_structp png) { (void)png; }

static int encode_png(cairo_surface_t *s, png_out *o, char *err, size_t errsize)
{
    int w = cairo_image_surface_get_width(s), h = cairo_image_surface_get_height(s);
    int stride = cairo_image_surface_get_stride(s);
    unsigned char *px = cairo_image_surface_get_data(s);
    unsigned char *row = malloc((size_t)w * 3);
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
    png_infop info = png ? png_create_info_struct(png) : NULL;
    if (!row || !png || !info) {
        png_destroy_write_struct(&png, &info);
        free(row);
        snprintf(err, errsize, "out of memory while encoding the PNG");
        return -1;
    }
    if (setjmp(png_jmpbuf(png))) {
        png_destroy_write_struct(&png, &info);
        free(row);
        snprintf(err, errsize, "could not encode the PNG");
        return -1;
    }
    png_set_write_fn(png, o, png_write_cb, png_flush_cb);
    /* flat colours: a fast deflate with the Up/Sub filters compresses them well */
    png_set_compression_level(png, 3);
    png_set_filter(png, 0, PNG_FILTER_UP | PNG_FILTER_SUB);
    png_set_IHDR(png, info, (png_uint_32)w, (png_uint_32)h, 8, PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_set_pHYs(png, info, 3780, 3780, PNG_RESOLUTION_METER); /* 96 dpi */
    png_write_info(png, info);
    for (int y = 0; y < h; y++) {
        const uint32_t *src = (const uint32_t *)(px + (size_t)y * (size_t)stride);
        for (int x = 0; x < w; x++) {
            uint32_t v = src[x];
            row[x * 3] = (unsigned char)(v >> 16);
            row[x * 3 + 1] = (unsigned char)(v >> 8);
            row[x * 3 + 2] = (unsigned char)v;
        }
        png_write_row(png, row);
    }
    png_write_end(png, info);
    png_destroy_write_struct(&png, &info);
    free(row);
    if (o->failed) {
        snprintf(err, errsize, "could not write the PNG");
        return -1;
    }
    return 0;
}

static int render_png(jm_layout *l, double scale, jmap_write_fn write, void *ctx, char *err, size_t errsize)
{
    double w = l->width * scale, h = l->height * scale;
    if (w > JM_PNG_MAX || h > JM_PNG_MAX) {
        snprintf(err, errsize,
                 "the map is %.0f x %.0f pixels at scale %g; a PNG can be at most %d pixels on a side: "
                 "use a smaller --scale, or SVG or PDF",
                 w, h, scale, JM_PNG_MAX);
        return -1;
    }
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, (int)w, (int)h);
    if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(s);
        snprintf(err, errsize, "out of memory for a %.0f x %.0f image", w, h);
        return -1;
    }
    cairo_t *cr = cairo_create(s);
    cairo_scale(cr, scale, scale);
    jm_paint(cr, l);
    cairo_destroy(cr);
    cairo_surface_flush(s);
    png_out o = {write, ctx, false};
    int rc = encode_png(s, &o, err, errsize);
    cairo_surface_destroy(s);
    return rc;
}

/* ---- PDF ---- */

static void pdf_metadata(cairo_surface_t *s, const char *title)
{
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, title ? title : "");
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "jmap " JMAP_VERSION);
    const char *epoch = getenv("SOURCE_DATE_EPOCH");
    char date[32] = "";
    if (epoch && *epoch) {
        char *end;
        long long t = strtoll(epoch, &end, 10);
        if (*end == '\0' && t >= 0) {
            time_t tt = (time_t)t;
            struct tm tm;
            gmtime_r(&tt, &tm);
            strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%SZ", &tm);
        }
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

static jm_layout *layout_one(jmap_renderer *r, const jmap_journey *j, const jmap_render_options *opt,
                             const jm_theme *theme, char *err, size_t errsize)
{
    jm_layout_options lo = {-1, theme};
    if (opt->persona) {
        lo.persona = find_persona(j, opt->persona);
        if (lo.persona < 0) {
            snprintf(err, errsize, "no persona '%s' in the journey '%s'", opt->persona, j->title.s);
            return NULL;
        }
    }
    size_t text = jm_layout_text_bytes(j);
    if (text > JM_MAX_MAP_TEXT) {
        snprintf(err, errsize,
                 "the journey '%.80s' has %.1f MiB of text; a map draws at most %u MiB: split it into several journeys",
                 j->title.s, (double)text / (1024.0 * 1024.0), JM_MAX_MAP_TEXT / (1024u * 1024u));
        return NULL;
    }
    jm_layout *l = jm_layout_journey(r->text, j, &lo);
    if (!l) snprintf(err, errsize, "out of memory while laying out '%s'", j->title.s);
    return l;
}

int jmap_render(jmap_renderer *r, const jmap_doc *doc, size_t first, size_t count, const jmap_render_options *opt,
                jmap_write_fn write, void *ctx, char *err, size_t errsize)
{
    char dummy[1];
    if (!err || !errsize) { err = dummy; errsize = sizeof dummy; }
    err[0] = '\0';
    jmap_render_options defaults = {JMAP_SVG, NULL, NULL, NULL, 1};
    if (!opt) opt = &defaults;
    size_t n = jmap_doc_journey_count(doc);
    if (count == 0 || first >= n || count > n - first) {
        snprintf(err, errsize, n ? "no such journey in the input" : "the input has errors or no journey");
        return -1;
    }
    if (opt->format != JMAP_PDF && count != 1) {
        snprintf(err, errsize, "SVG and PNG hold one journey each");
        return -1;
    }
    jm_theme theme;
    if (opt->theme && !jm_theme_builtin(opt->theme, &theme)) {
        snprintf(err, errsize, "unknown theme '%s': use default, dark, print or high-contrast", opt->theme);
        return -1;
    }
    const jm_theme *over = opt->theme ? &theme : NULL;
    if (opt->theme_doc) {
        if (!opt->theme_doc->theme || jmap_doc_error_count(opt->theme_doc)) {
            snprintf(err, errsize, "the theme file has errors");
            return -1;
        }
        over = opt->theme_doc->theme;
    }

    if (opt->format != JMAP_PDF) {
        jm_layout *l = layout_one(r, doc->journeys[first], opt, over, err, errsize);
        if (!l) return -1;
        int rc = opt->format == JMAP_PNG ? render_png(l, opt->scale > 0 ? opt->scale : 1, write, ctx, err, errsize)
                                         : render_svg(l, write, ctx, err, errsize);
        jm_layout_free(l);
        return rc;
    }

    sink sk = {write, ctx, false};
    cairo_surface_t *s = NULL;
    cairo_t *cr = NULL;
    int rc = 0;
    for (size_t i = first; i < first + count && rc == 0; i++) {
        jm_layout *l = layout_one(r, doc->journeys[i], opt, over, err, errsize);
        if (!l) { rc = -1; break; }
        if (!s) {
            s = cairo_pdf_surface_create_for_stream(to_sink, &sk, l->width, l->height);
            pdf_metadata(s, doc->journeys[first]->title.s);
            cr = cairo_create(s);
        } else {
            cairo_pdf_surface_set_size(s, l->width, l->height);
        }
        jm_paint(cr, l);
        cairo_show_page(cr);
        jm_layout_free(l);
    }
    if (cr) cairo_destroy(cr);
    if (s) {
        cairo_surface_finish(s);
        if (rc == 0 && (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS || sk.failed)) {
            snprintf(err, errsize, "could not write the PDF");
            rc = -1;
        }
        cairo_surface_destroy(s);
    }
    return rc;
}
