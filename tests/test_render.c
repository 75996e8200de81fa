/* The PNG is drawn in bands of rows, skipping the items whose ink misses a
 * band. These tests decode what jmap_render writes and compare it, pixel by
 * pixel, with the same layout painted into one image: glyphs whose marks
 * reach far past their text's box (stacked combining accents), every example,
 * at scales whose bands end at odd rows (at scale 1 the examples are encoded
 * whole by libdeflate, at 2.3 streamed by libpng: png_whole.h). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/doc.h"
#include "jmap/jmap.h"
#include "layout/layout.h"
#include "paint/cairo/paint_cairo.h"
#include "paint/cairo/png_whole.h"
#include "layout/text.h"

typedef struct bytes {
    unsigned char *data;
    size_t len, cap;
} bytes;

static int collect(void *ctx, const unsigned char *data, size_t len)
{
    bytes *b = ctx;
    if (b->len + len > b->cap) {
        b->cap = (b->len + len) * 2;
        b->data = realloc(b->data, b->cap);
        if (!b->data) return -1;
    }
    memcpy(b->data + b->len, data, len);
    b->len += len;
    return 0;
}

/* Channels that differ between jmap's PNG of doc at scale and one image
 * painted whole; -1 when the sizes differ. (Bands of an odd number of rows
 * moved glyphs whose position rounds half to even by a pixel: 182 channels
 * at scale 1.3 here.) */
static long differences(jmap_renderer *r, jm_text_ctx *tx, const jmap_doc *doc, double scale)
{
    bytes out = {0};
    char err[256];
    jmap_render_options opt = {.size = sizeof(jmap_render_options), .format = JMAP_PNG, .scale = scale};
    assert_int_equal(jmap_render(r, &(jmap_render_request){.size = sizeof(jmap_render_request), .doc = doc, .first = 0, .count = 1, .options = &opt, .write = collect, .write_ctx = &out}, err, sizeof err), 0);

    png_image img;
    memset(&img, 0, sizeof img);
    img.version = PNG_IMAGE_VERSION;
    assert_true(png_image_begin_read_from_memory(&img, out.data, out.len));
    img.format = PNG_FORMAT_BGRA; /* cairo's byte order on a little-endian machine */
    unsigned char *png = malloc(PNG_IMAGE_SIZE(img));
    assert_non_null(png);
    assert_true(png_image_finish_read(&img, NULL, png, 0, NULL));

    jm_layout_options lo = {.persona = -1};
    jm_layout *l = jm_layout_journey(tx, doc->journeys[0], &lo);
    assert_non_null(l);
    int w = (int)(l->width * scale), h = (int)(l->height * scale);
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
    cairo_t *cr = cairo_create(s);
    cairo_scale(cr, scale, scale);
    assert_int_equal(jm_paint_cairo(cr, l), 0);
    cairo_destroy(cr);
    cairo_surface_flush(s);

    long diff = -1;
    if ((int)img.width == w && (int)img.height == h) {
        const unsigned char *ref = cairo_image_surface_get_data(s);
        int stride = cairo_image_surface_get_stride(s);
        diff = 0;
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
                for (int c = 0; c < 3; c++)
                    diff += png[((size_t)y * (size_t)w + (size_t)x) * 4 + (size_t)c] !=
                            ref[(size_t)y * (size_t)stride + (size_t)x * 4 + (size_t)c];
    }
    cairo_surface_destroy(s);
    jm_layout_free(l);
    free(png);
    free(out.data);
    png_image_free(&img);
    return diff;
}

static void expect_whole(const char *name, const char *yaml, size_t len, const double *scales, size_t n)
{
    jmap_renderer *r = jmap_renderer_new();
    jm_text_ctx *tx = jm_text_ctx_new();
    assert_non_null(r);
    assert_non_null(tx);
    jmap_doc *doc = jmap_load(yaml, len, name);
    assert_non_null(doc);
    assert_int_equal(jmap_doc_error_count(doc), 0);
    for (size_t i = 0; i < n; i++) {
        long d = differences(r, tx, doc, scales[i]);
        if (d != 0) fail_msg("%s at scale %g: %ld channels differ from one whole image", name, scales[i], d);
    }
    jmap_doc_free(doc);
    jm_text_ctx_free(tx);
    jmap_renderer_free(r);
}

/* Accents stacked sixty high on every text of a map several bands tall:
 * their ink reaches bands their texts' boxes do not. */
static void test_stacked_marks_reach_across_bands(void **state)
{
    (void)state;
    char mark[1 + 60 * 2 + 1];
    size_t m = 0;
    mark[m++] = 'a';
    for (int i = 0; i < 60; i++) { /* U+0301 to U+030C, round and round */
        unsigned cp = 0x301 + (unsigned)(i % 12);
        mark[m++] = (char)(0xC0 | (cp >> 6));
        mark[m++] = (char)(0x80 | (cp & 0x3F));
    }
    mark[m] = '\0';
    size_t cap = 64 * 1024, len = 0;
    char *y = malloc(cap);
    assert_non_null(y);
    len += (size_t)snprintf(y + len, cap - len, "title: Marks\nstages:\n");
    for (int s = 0; s < 3; s++) {
        len += (size_t)snprintf(y + len, cap - len, "  - name: S%d\n    touchpoints:\n", s);
        for (int t = 0; t < 3; t++)
            len += (size_t)snprintf(y + len, cap - len,
                                    "      - name: T%d\n        doing: \"%s%s%s\"\n        pains: [\"%s\", \"%s\"]\n"
                                    "        emotion: %d\n",
                                    t, mark, mark, mark, mark, mark, 1 + (s + t) % 5);
    }
    static const double scales[] = {1, 1.3, 1.7, 2};
    expect_whole("marks", y, len, scales, 4);
    free(y);
}

static void test_examples_are_whole_in_bands(void **state)
{
    (void)state;
    const char *src = getenv("JMAP_SOURCE_DIR");
    assert_non_null(src);
    static const char *const names[] = {"car-purchase", "persian-bank", "support-uk"};
    static const double scales[] = {1, 2.3};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/examples/%s.yaml", src, names[i]);
        FILE *f = fopen(path, "rb");
        assert_non_null(f);
        static char buf[1 << 20];
        size_t n = fread(buf, 1, sizeof buf, f);
        fclose(f);
        expect_whole(names[i], buf, n, scales, 2);
    }
}

/* The whole-image encoder (png_whole.c) on rows of flat colour (libdeflate)
 * and on noise that does not compress to a quarter (zlib, in IDAT chunks):
 * libpng decodes the very pixels that went in. */
static void test_png_whole_decodes_to_its_rows(void **state)
{
    (void)state;
    enum { W = 301, H = 257 };
    for (int noise = 0; noise < 2; noise++) {
        jm_png_whole z;
        assert_true(jm_png_whole_fits(W, H));
        assert_true(jm_png_whole_init(&z, NULL, W, H));
        static unsigned char want[W * H * 3];
        uint32_t x = 12345;
        for (int y = 0; y < H; y++) {
            unsigned char *row = jm_png_whole_row(&z, y);
            for (int i = 0; i < W * 3; i++) {
                x = x * 1664525u + 1013904223u;
                row[i] = noise ? (unsigned char)(x >> 24) : (unsigned char)(y / 16 * 20 + i % 3);
            }
            memcpy(want + (size_t)y * W * 3, row, W * 3);
        }
        bytes out = {0};
        assert_int_equal(jm_png_whole_write(&z, collect, &out), 0);
        jm_png_whole_free(&z);
        if (!noise) assert_true(out.len < W * H / 4); /* flat rows: compressed */
        png_image img;
        memset(&img, 0, sizeof img);
        img.version = PNG_IMAGE_VERSION;
        assert_true(png_image_begin_read_from_memory(&img, out.data, out.len));
        img.format = PNG_FORMAT_RGB;
        assert_int_equal(img.width, W);
        assert_int_equal(img.height, H);
        static unsigned char got[W * H * 3];
        assert_true(png_image_finish_read(&img, NULL, got, 0, NULL));
        assert_memory_equal(got, want, sizeof want);
        png_image_free(&img);
        free(out.data);
    }
    /* the typical map (5 530 x 1 400) is held whole; twice its width is streamed */
    assert_true(jm_png_whole_fits(5530, 1400));
    assert_false(jm_png_whole_fits(11060, 1400));
}

/* A sink that takes `left` bytes and then refuses. */
typedef struct stingy {
    size_t left, got;
} stingy;

static int refuse_after(void *ctx, const unsigned char *data, size_t len)
{
    (void)data;
    stingy *s = ctx;
    if (len > s->left) return -1;
    s->left -= len;
    s->got += len;
    return 0;
}

/* jmap_render says why it failed, so that the command line can tell a map
 * that cannot be drawn (exit 1) from a write or a machine that failed (3). */
static void test_render_results(void **state)
{
    (void)state;
    static const char yaml[] = "title: T\npersonas: [{name: Ann}]\nstages:\n  - name: S\n"
                               "    touchpoints: [{name: A, emotion: 3}]\n";
    jmap_doc *doc = jmap_load(yaml, sizeof yaml - 1, "t.yaml");
    jmap_doc *bad = jmap_load("title: T\n", 9, "bad.yaml");
    jmap_renderer *r = jmap_renderer_new();
    assert_non_null(doc);
    assert_non_null(bad);
    assert_non_null(r);
    char err[256];
    for (int f = JMAP_SVG; f <= JMAP_PDF; f++) {
        jmap_render_options opt = {.size = sizeof(jmap_render_options), .format = (jmap_format)f, .scale = 1};
        stingy all = {SIZE_MAX, 0}, none = {0, 0}, some = {1000, 0};
        assert_int_equal(jmap_render(r, &(jmap_render_request){.size = sizeof(jmap_render_request), .doc = doc, .first = 0, .count = 1, .options = &opt, .write = refuse_after, .write_ctx = &all}, err, sizeof err), JMAP_OK);
        assert_true(all.got > 1000);
        /* the sink refuses at once, or midway */
        assert_int_equal(jmap_render(r, &(jmap_render_request){.size = sizeof(jmap_render_request), .doc = doc, .first = 0, .count = 1, .options = &opt, .write = refuse_after, .write_ctx = &none}, err, sizeof err), JMAP_ERR_WRITE);
        assert_non_null(strstr(err, "could not write"));
        assert_int_equal(jmap_render(r, &(jmap_render_request){.size = sizeof(jmap_render_request), .doc = doc, .first = 0, .count = 1, .options = &opt, .write = refuse_after, .write_ctx = &some}, err, sizeof err), JMAP_ERR_WRITE);
        /* what cannot be drawn writes nothing */
        stingy counted = {SIZE_MAX, 0};
        opt.persona = "bob";
        assert_int_equal(jmap_render(r, &(jmap_render_request){.size = sizeof(jmap_render_request), .doc = doc, .first = 0, .count = 1, .options = &opt, .write = refuse_after, .write_ctx = &counted}, err, sizeof err), JMAP_ERR_INPUT);
        assert_non_null(strstr(err, "no persona 'bob'"));
        opt.persona = NULL;
        opt.theme = "neon";
        assert_int_equal(jmap_render(r, &(jmap_render_request){.size = sizeof(jmap_render_request), .doc = doc, .first = 0, .count = 1, .options = &opt, .write = refuse_after, .write_ctx = &counted}, err, sizeof err), JMAP_ERR_INPUT);
        opt.theme = NULL;
        assert_int_equal(jmap_render(r, &(jmap_render_request){.size = sizeof(jmap_render_request), .doc = bad, .first = 0, .count = 1, .options = &opt, .write = refuse_after, .write_ctx = &counted}, err, sizeof err), JMAP_ERR_INPUT);
        assert_int_equal(jmap_render(r, &(jmap_render_request){.size = sizeof(jmap_render_request), .doc = doc, .first = 1, .count = 1, .options = &opt, .write = refuse_after, .write_ctx = &counted}, err, sizeof err), JMAP_ERR_INPUT);
        assert_int_equal(counted.got, 0);
    }
    jmap_renderer_free(r);
    jmap_doc_free(bad);
    jmap_doc_free(doc);
}

/* Shaping and font choice do not follow the process's locale: the context's
 * language is fixed (English until a map's `lang` picks one). FC_LANG, which
 * fontconfig reads once per process, is the program's to set (main.c). */
static void test_text_language_is_fixed(void **state)
{
    (void)state;
    jm_text_ctx *tx = jm_text_ctx_new();
    assert_non_null(tx);
    assert_string_equal(pango_language_to_string(pango_context_get_language(jm_text_pango(tx))), "en");
    jm_text_ctx_free(tx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_stacked_marks_reach_across_bands),
        cmocka_unit_test(test_examples_are_whole_in_bands),
        cmocka_unit_test(test_png_whole_decodes_to_its_rows),
        cmocka_unit_test(test_render_results),
        cmocka_unit_test(test_text_language_is_fixed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
