/* The PNG device: the page drawn by cairo in bands of rows and encoded by
 * libpng as it goes (cairo's own encoder spends most of a run in zlib). */
#include <cairo.h>
#include <png.h>
#include <stdint.h>
#include <string.h>

#include "base/arena.h"
#include "paint/cairo/paint_cairo.h"
#include "paint/cairo/png_whole.h"



/* The image is drawn and encoded in bands of rows, so that memory stays at a
 * band's worth of pixels whatever the map's size. Each band is the same
 * drawing moved up by a whole number of pixels, clipped to the band, with the
 * items whose ink misses the band skipped. The pixels are those of one big
 * image (tests/test_render.c compares them). The band height depends only on
 * the width, so the same map still gives the same bytes. */
enum { PNG_BAND_BYTES = 4 << 20 };

typedef struct png_painter {
    jm_cairo_painter c;
    jm_device_options o;
    png_structp png;
    png_infop info;
    jm_png_whole whole; /* whole.raw: the image is encoded whole (png_whole.h), libpng unused */
    cairo_surface_t *band;
    unsigned char *row;
    int w, h, rows;
    int y0;          /* the first row of the band being drawn; -1 before the first */
    bool write_failed, failed;
} png_painter;

static void png_write_cb(png_structp png, png_bytep data, png_size_t len)
{
    png_painter *d = png_get_io_ptr(png);
    if (!d->write_failed && d->o.write(d->o.ctx, data, len) != 0) {
        d->write_failed = true;
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

static int png_page(jm_painter *p, const jm_layout *l)
{
    png_painter *d = (png_painter *)p;
    double fw = l->width * d->o.scale, fh = l->height * d->o.scale;
    if (fw > JM_PNG_MAX || fh > JM_PNG_MAX_ROWS) {
        d->failed = true;
        return jm_painter_fail(p,
                               "the map is %.0f x %.0f pixels at scale %g; a PNG can be at most %d pixels wide and "
                               "%d high: use a smaller --scale, or SVG or PDF",
                               fw, fh, d->o.scale, JM_PNG_MAX, JM_PNG_MAX_ROWS);
    }
    int w = (int)fw, h = (int)fh;
    if (w < 1) w = 1;
    if (h < 1) h = 1;
    /* An even number of rows: cairo rounds a glyph's position half to even,
     * so only a shift by an even number of pixels moves every glyph alike. */
    int rows = PNG_BAND_BYTES / (w * 4) & ~1;
    if (rows < 16) rows = 16;
    if (rows > h) rows = h;
    d->w = w, d->h = h, d->rows = rows, d->y0 = -1;
    d->band = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, rows);
    if (jm_png_whole_fits(w, h)) {
        if (cairo_surface_status(d->band) != CAIRO_STATUS_SUCCESS || !jm_png_whole_init(&d->whole, p->mem, w, h)) {
            d->failed = true;
            p->oom = true;
            return jm_painter_fail(p, "out of memory for a %d x %d image", w, h);
        }
        return 0;
    }
    d->row = jm_mem_alloc(p->mem, (size_t)w * 3);
    d->png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, png_fail, png_quiet);
    d->info = d->png ? png_create_info_struct(d->png) : NULL;
    if (cairo_surface_status(d->band) != CAIRO_STATUS_SUCCESS || !d->row || !d->png || !d->info) {
        d->failed = true;
        p->oom = true; /* each of these fails only for want of memory */
        return jm_painter_fail(p, "out of memory for a %d x %d image", w, h);
    }
    if (setjmp(png_jmpbuf(d->png))) {
        d->failed = true;
        if (!d->write_failed) p->oom = true; /* libpng gives up on a write or on memory */
        return jm_painter_fail(p, d->write_failed ? "could not write the PNG" : "out of memory while encoding the PNG");
    }
    png_set_write_fn(d->png, d, png_write_cb, png_flush_cb);
    /* Flat colours: rows of identical pixels, which deflate's fastest level
     * turns into long matches by itself. Measured on the typical map (1.84 G
     * instructions with level 3 and the Up/Sub filters): no filter at level 1
     * takes 1.11 G for a file 2 % larger; Sub or Up alone cost more and make
     * it larger; the run-length strategy makes it ten times larger. */
    png_set_compression_level(d->png, 1);
    png_set_filter(d->png, 0, PNG_FILTER_NONE);
    png_set_IHDR(d->png, d->info, (png_uint_32)w, (png_uint_32)h, 8, PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_set_pHYs(d->png, d->info, 3780, 3780, PNG_RESOLUTION_METER); /* 96 dpi */
    png_write_info(d->png, d->info);
    return 0;
}

/* Encodes the band just drawn. */
static void encode_band(png_painter *d)
{
    if (d->c.cr) {
        cairo_destroy(d->c.cr);
        d->c.cr = NULL;
    }
    if (d->failed || d->y0 < 0) return;
    if (!d->whole.raw && setjmp(png_jmpbuf(d->png))) {
        d->failed = true;
        if (!d->write_failed) d->c.base.oom = true;
        jm_painter_fail(&d->c.base, d->write_failed ? "could not write the PNG" : "out of memory while encoding the PNG");
        return;
    }
    cairo_surface_flush(d->band);
    const unsigned char *px = cairo_image_surface_get_data(d->band);
    int stride = cairo_image_surface_get_stride(d->band);
    for (int y = 0; y < d->rows && d->y0 + y < d->h; y++) {
        const uint32_t *src = (const uint32_t *)(px + (size_t)y * (size_t)stride);
        unsigned char *row = d->whole.raw ? jm_png_whole_row(&d->whole, d->y0 + y) : d->row;
        /* A row like the one above it (most rows of flat bands) is copied,
         * not converted again: d->row still holds it when streaming. */
        if (y > 0 && !memcmp(src, px + (size_t)(y - 1) * (size_t)stride, (size_t)d->w * 4)) {
            if (d->whole.raw) memcpy(row, jm_png_whole_row(&d->whole, d->y0 + y - 1), (size_t)d->w * 3);
            if (!d->whole.raw) png_write_row(d->png, row);
            continue;
        }
        for (int x = 0; x < d->w; x++) {
            uint32_t v = src[x];
            row[x * 3] = (unsigned char)(v >> 16);
            row[x * 3 + 1] = (unsigned char)(v >> 8);
            row[x * 3 + 2] = (unsigned char)v;
        }
        if (!d->whole.raw) png_write_row(d->png, row);
    }
    cairo_surface_mark_dirty(d->band);
}

static bool png_band(jm_painter *p, const jm_layout *l, jm_box *only)
{
    png_painter *d = (png_painter *)p;
    encode_band(d);
    int next = d->y0 < 0 ? 0 : d->y0 + d->rows;
    if (d->failed || next >= d->h) return false;
    d->y0 = next;
    double scale = d->o.scale;
    d->c.cr = cairo_create(d->band);
    cairo_translate(d->c.cr, 0, -next);
    cairo_scale(d->c.cr, scale, scale);
    jm_cairo_background(d->c.cr, l);
    *only = (jm_box){0, next / scale, l->width, d->rows / scale};
    return true;
}

static int png_page_end(jm_painter *p, const jm_layout *l)
{
    (void)l;
    png_painter *d = (png_painter *)p;
    encode_band(d);
    if (d->failed) return -1;
    if (d->whole.raw) {
        int rc = jm_png_whole_write(&d->whole, d->o.write, d->o.ctx);
        if (rc == -2) p->oom = true;
        if (rc) d->failed = true;
        return rc == 0    ? 0
               : rc == -1 ? jm_painter_fail(p, "could not write the PNG")
                          : jm_painter_fail(p, "out of memory while encoding the PNG");
    }
    if (setjmp(png_jmpbuf(d->png))) {
        d->failed = true;
        if (!d->write_failed) p->oom = true; /* libpng gives up on a write or on memory */
        return jm_painter_fail(p, d->write_failed ? "could not write the PNG" : "out of memory while encoding the PNG");
    }
    png_write_end(d->png, d->info);
    if (d->write_failed) return jm_painter_fail(p, "could not write the PNG");
    return 0;
}

static int png_end(jm_painter *p)
{
    return ((png_painter *)p)->failed ? -1 : 0;
}

static void png_painter_free(jm_painter *p)
{
    png_painter *d = (png_painter *)p;
    if (d->c.cr) cairo_destroy(d->c.cr);
    png_destroy_write_struct(&d->png, &d->info);
    jm_png_whole_free(&d->whole);
    if (d->band) cairo_surface_destroy(d->band);
    jm_mem_free(p->mem, d->row);
    jm_mem_free(p->mem, d);
}

static int png_begin(jm_painter *p, const jm_layout *first)
{
    (void)p;
    (void)first;
    return 0;
}

static const jm_paint_ops png_ops = {.begin = png_begin,
                                     .page = png_page,
                                     .band = png_band,
                                     .rect = jm_cairo_rect,
                                     .path = jm_cairo_path,
                                     .text = jm_cairo_text,
                                     .page_end = png_page_end,
                                     .end = png_end,
                                     .free = png_painter_free};

jm_painter *jm_png_painter_new(const jm_device_options *o)
{
    png_painter *d = jm_painter_alloc(o, sizeof *d, &png_ops);
    if (!d) return NULL;
    d->o = *o;
    if (!(d->o.scale > 0)) d->o.scale = 1;
    return &d->c.base;
}
