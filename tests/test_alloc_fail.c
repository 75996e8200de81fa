/* Out of memory, every way it can happen to jmap's own memory: each
 * allocation in turn is made to fail (through a jmap_mem that counts, as
 * cmark's and expat's tests do), and every run must either succeed with the
 * same result as a run without failure, or report "out of memory": never
 * crash, never leak (the test counts live blocks itself, and the sanitizer
 * build runs it under ASan and LSan), never succeed with a different map.
 *
 * Covered: jmap_load_with (a Mermaid journey, two examples with several personas, lanes,
 * scripts and right-to-left text), jmap_load_theme_with, and jmap_render
 * through a renderer of jmap_renderer_new_with: layout, then SVG, PDF and a
 * small PNG. Every allocation index is swept for loading, layout and all
 * three formats (JMAP_ALLOC_STRIDE in the environment sweeps every Nth only).
 *
 * Not covered, by design: libyaml, GLib/Pango, fontconfig, cairo and libpng
 * allocate on their own (g_malloc aborts when memory runs out); see
 * docs/platform-notes.md. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "jmap/jmap.h"

/* ---- the counting allocator: the test's own state, passed as ctx ---- */

typedef struct counter {
    long calls;     /* allocations so far (calloc, and realloc of any pointer) */
    long fail_at;   /* the allocation that fails (1-based); 0 for none */
    bool after;     /* every allocation from fail_at on fails too (memory stays short) */
    long live;      /* blocks allocated and not yet freed */
    long failed;    /* failures handed out */
} counter;

static bool should_fail(counter *c)
{
    c->calls++;
    if (c->fail_at && (c->calls == c->fail_at || (c->after && c->calls > c->fail_at))) {
        c->failed++;
        return true;
    }
    return false;
}

static void *c_calloc(void *ctx, size_t n, size_t size)
{
    counter *c = ctx;
    if (should_fail(c)) return NULL;
    void *p = calloc(n, size);
    if (p) c->live++;
    return p;
}

static void *c_realloc(void *ctx, void *p, size_t size)
{
    counter *c = ctx;
    if (should_fail(c)) return NULL;
    void *q = realloc(p, size);
    if (q && !p) c->live++;
    return q;
}

static void c_free(void *ctx, void *p)
{
    counter *c = ctx;
    if (p) c->live--;
    free(p);
}

static jmap_mem counting(counter *c) { return (jmap_mem){c_calloc, c_realloc, c_free, c}; }

static void arm(counter *c, long fail_at, bool after)
{
    c->calls = 0;
    c->fail_at = fail_at;
    c->after = after;
    c->failed = 0;
}

/* Each sweep runs twice: one allocation fails and memory comes back, then
 * that allocation and every later one fail. */
static const char *const modes[2] = {"one", "from"};

/* ---- bytes ---- */

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
        assert_non_null(b->data);
    }
    memcpy(b->data + b->len, data, len);
    b->len += len;
    return 0;
}

static bytes read_file(const char *rel)
{
    const char *dir = getenv("JMAP_SOURCE_DIR");
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir ? dir : ".", rel);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    bytes b = {0};
    char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0) collect(&b, (unsigned char *)buf, n);
    fclose(f);
    return b;
}

static long stride(void)
{
    const char *s = getenv("JMAP_ALLOC_STRIDE");
    long n = s ? atol(s) : 1;
    return n > 0 ? n : 1;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* ---- loading ---- */

static bool is_oom_doc(const jmap_doc *doc)
{
    if (jmap_doc_error_count(doc) != 1 || jmap_doc_diag_count(doc) != 1) return false;
    const jmap_diag *d = jmap_doc_diag(doc, 0);
    return d && d->severity == JMAP_ERROR && strcmp(d->message, "out of memory") == 0;
}

/* The SVG of journey i, drawn with the default allocator: what a doc is,
 * for comparing two loads. */
static bytes svg_of(jmap_renderer *r, const jmap_doc *doc, size_t i)
{
    bytes out = {0};
    char err[256];
    jmap_render_options opt = {.size = sizeof(jmap_render_options), .format = JMAP_SVG, .scale = 1};
    assert_int_equal(jmap_render(r, &(jmap_render_request){.size = sizeof(jmap_render_request), .doc = doc, .first = i, .count = 1, .options = &opt, .write = collect, .write_ctx = &out}, err, sizeof err), 0);
    return out;
}

static const char theme_file[] = "base: dark\nfont: Noto Sans\nfont-size: 13\n"
                                 "stage-colors: [\"#123456\", \"#abcdef\", \"#fedcba\"]\n"
                                 "positive: \"#00ff00\"\nnegative: \"#ff0000\"\n";

static void sweep_load(const char *rel, bool theme)
{
    bytes src = {0};
    if (theme) collect(&src, (const unsigned char *)theme_file, sizeof theme_file - 1);
    else src = read_file(rel);
    counter c = {0};
    jmap_mem mem = counting(&c);
    jmap_renderer *r = theme ? NULL : jmap_renderer_new();
    double t0 = now();

    /* the run without failure: how many allocations, and what it gives */
    arm(&c, 0, false);
    jmap_doc *ref = theme ? jmap_load_theme_with((char *)src.data, src.len, rel, &mem)
                          : jmap_load_with((char *)src.data, src.len, rel, &mem);
    assert_non_null(ref);
    assert_int_equal(jmap_doc_error_count(ref), 0);
    long total = c.calls;
    assert_true(total > 0);
    size_t nj = jmap_doc_journey_count(ref);
    bytes *ref_svg = calloc(nj ? nj : 1, sizeof *ref_svg);
    for (size_t i = 0; i < nj; i++) ref_svg[i] = svg_of(r, ref, i);

    long ok = 0, oom = 0, null = 0, live0 = c.live;
    for (int mode = 0; mode < 2; mode++)
    for (long k = 1; k <= total; k += stride()) {
        arm(&c, k, mode == 1);
        jmap_doc *doc = theme ? jmap_load_theme_with((char *)src.data, src.len, rel, &mem)
                              : jmap_load_with((char *)src.data, src.len, rel, &mem);
        assert_true(c.failed >= 1);
        if (!doc) {
            null++;
        } else if (jmap_doc_error_count(doc)) {
            if (!is_oom_doc(doc)) {
                const jmap_diag *d = jmap_doc_diag(doc, 0);
                fail_msg("%s: allocation %ld failed (%s): %zu errors, the first '%s', not 'out of memory'", rel, k,
                         modes[mode], jmap_doc_error_count(doc), d ? d->message : "(none)");
            }
            char line[512];
            jmap_diag_format(doc, jmap_doc_diag(doc, 0), line, sizeof line);
            oom++;
        } else {
            /* a failure the loader got round: the same journeys, drawn alike */
            assert_int_equal(jmap_doc_journey_count(doc), nj);
            for (size_t i = 0; i < nj; i++) {
                bytes svg = svg_of(r, doc, i);
                if (svg.len != ref_svg[i].len || memcmp(svg.data, ref_svg[i].data, svg.len) != 0)
                    fail_msg("%s: allocation %ld failed (%s), the load succeeded, journey %zu draws differently", rel,
                             k, modes[mode], i);
                free(svg.data);
            }
            ok++;
        }
        jmap_doc_free(doc);
        if (c.live != live0)
            fail_msg("%s: allocation %ld failed (%s): %ld blocks leaked", rel, k, modes[mode], c.live - live0);
    }
    jmap_doc_free(ref);
    assert_int_equal(c.live, 0);
    print_message("%s: %ld allocations, every %ld failed in turn, alone and with all after it: %ld NULL, "
                  "%ld out of memory, %ld same map "
                  "(%.1f s)\n",
                  rel, total, stride(), null, oom, ok, now() - t0);
    for (size_t i = 0; i < nj; i++) free(ref_svg[i].data);
    free(ref_svg);
    free(src.data);
    jmap_renderer_free(r);
}

static void test_load_car_purchase(void **state)
{
    (void)state;
    sweep_load("examples/car-purchase.yaml", false);
}

static void test_load_persian_bank(void **state)
{
    (void)state;
    sweep_load("examples/persian-bank.yaml", false);
}

static void test_load_two_journeys(void **state)
{
    (void)state;
    sweep_load("examples/two-journeys.yaml", false);
}

static void test_load_mermaid(void **state)
{
    (void)state;
    sweep_load("tests/mermaid/daoskills-onboarding.mmd", false);
}

static void test_load_a_theme(void **state)
{
    (void)state;
    sweep_load("theme.yaml", true);
}

/* ---- rendering ---- */

static void sweep_render(const char *rel, jmap_format format, double scale, const char *persona, size_t count)
{
    static const char *const names[] = {"SVG", "PNG", "PDF"};
    bytes src = read_file(rel);
    jmap_doc *doc = jmap_load((char *)src.data, src.len, rel);
    assert_non_null(doc);
    assert_int_equal(jmap_doc_error_count(doc), 0);
    counter c = {0};
    jmap_mem mem = counting(&c);
    double t0 = now();

    /* the renderer itself */
    arm(&c, 1, false);
    assert_null(jmap_renderer_new_with(&mem));
    assert_int_equal(c.live, 0);
    arm(&c, 0, false);
    jmap_renderer *r = jmap_renderer_new_with(&mem);
    assert_non_null(r);

    jmap_render_options opt = {.size = sizeof(jmap_render_options), .format = format, .persona = persona, .scale = scale};
    char err[512];
    bytes ref = {0};
    long live0 = c.live;
    arm(&c, 0, false);
    assert_int_equal(jmap_render(r, &(jmap_render_request){.size = sizeof(jmap_render_request), .doc = doc, .first = 0, .count = count, .options = &opt, .write = collect, .write_ctx = &ref}, err, sizeof err), 0);
    long total = c.calls;
    assert_true(total > 0);
    assert_int_equal(c.live, live0);

    long ok = 0, oom = 0;
    for (int mode = 0; mode < 2; mode++)
    for (long k = 1; k <= total; k += stride()) {
        bytes out = {0};
        arm(&c, k, mode == 1);
        int rc = jmap_render(r, &(jmap_render_request){.size = sizeof(jmap_render_request), .doc = doc, .first = 0, .count = count, .options = &opt, .write = collect, .write_ctx = &out}, err, sizeof err);
        assert_true(c.failed >= 1);
        if (rc != 0) {
            if (!strstr(err, "out of memory"))
                fail_msg("%s %s: allocation %ld of %ld failed (%s): '%s', not 'out of memory'", rel, names[format], k,
                         total, modes[mode], err);
            oom++;
        } else {
            if (out.len != ref.len || memcmp(out.data, ref.data, ref.len) != 0)
                fail_msg("%s %s: allocation %ld of %ld failed (%s), the render succeeded with other bytes", rel,
                         names[format], k, total, modes[mode]);
            ok++;
        }
        free(out.data);
        if (c.live != live0)
            fail_msg("%s %s: allocation %ld failed (%s): %ld blocks leaked", rel, names[format], k, modes[mode],
                     c.live - live0);
    }
    jmap_renderer_free(r);
    assert_int_equal(c.live, 0);
    print_message("%s %s%s%s: %ld allocations, every %ld failed in turn, alone and with all after it: "
                  "%ld out of memory, %ld same bytes (%.1f s)\n",
                  rel, names[format], persona ? " --persona " : "", persona ? persona : "", total, stride(), oom, ok,
                  now() - t0);
    free(ref.data);
    jmap_doc_free(doc);
    free(src.data);
}

static void test_render_svg(void **state)
{
    (void)state;
    sweep_render("examples/car-purchase.yaml", JMAP_SVG, 1, NULL, 1);
    sweep_render("examples/persian-bank.yaml", JMAP_SVG, 1, NULL, 1);
}

static void test_render_pdf(void **state)
{
    (void)state;
    sweep_render("examples/two-journeys.yaml", JMAP_PDF, 1, NULL, 2);
    sweep_render("examples/car-purchase.yaml", JMAP_PDF, 1, "james", 1);
}

static void test_render_small_png(void **state)
{
    (void)state;
    sweep_render("examples/persian-bank.yaml", JMAP_PNG, 0.25, NULL, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_load_car_purchase),
        cmocka_unit_test(test_load_persian_bank),
        cmocka_unit_test(test_load_two_journeys),
        cmocka_unit_test(test_load_mermaid),
        cmocka_unit_test(test_load_a_theme),
        cmocka_unit_test(test_render_svg),
        cmocka_unit_test(test_render_pdf),
        cmocka_unit_test(test_render_small_png),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
