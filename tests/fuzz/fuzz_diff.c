/* libFuzzer target: bytes -> two journeys, BEFORE and AFTER, split at the
 * first separator line "====" (without one, a journey against itself) ->
 * jmap diff: AFTER drawn with what changed since BEFORE marked, through the
 * diff and its layout, to SVG, PDF or a small PNG in memory (the format taken
 * from the input's length, as fuzz_render does). A regression input is
 * replayed by tests/e2e/test_regressions.py as `jmap diff` of its two halves. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "jmap/jmap.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char separator[] = "\n====\n";

static int discard(void *ctx, const unsigned char *bytes, size_t len)
{
    (void)bytes;
    *(size_t *)ctx += len;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static jmap_renderer *r;
    if (!r) r = jmap_renderer_new(); /* fonts once per process, as the CLI does per thread */
    if (size > 64 * 1024) return 0;  /* layout cost grows with the input; keep runs fast */
    const char *s = (const char *)data, *cut = NULL;
    size_t sl = sizeof separator - 1;
    for (size_t i = 0; i + sl <= size && !cut; i++)
        if (memcmp(s + i, separator, sl) == 0) cut = s + i;
    size_t before_len = cut ? (size_t)(cut - s) + 1 : size; /* the line break before it ends BEFORE */
    const char *after = cut ? cut + sl : s;
    size_t after_len = cut ? size - (size_t)(after - s) : size;
    jmap_doc *b = jmap_load(s, before_len, "before.yaml");
    jmap_doc *a = jmap_load(after, after_len, "after.yaml");
    size_t n = a ? jmap_doc_journey_count(a) : 0;
    if (b && jmap_doc_journey_count(b) > 0 && n > 0 && n <= 4) { /* as jmap diff: BEFORE's first journey */
        static const jmap_format formats[3] = {JMAP_SVG, JMAP_PDF, JMAP_PNG};
        jmap_format f = formats[size % 3];
        jmap_render_options opt;
        jmap_render_options_init(&opt, sizeof opt);
        opt.format = f;
        opt.scale = f == JMAP_PNG ? 0.05 : 1;
        opt.diff_before = jmap_doc_journey(b, 0);
        char err[256];
        size_t bytes = 0;
        jmap_render_request req;
        jmap_render_request_init(&req, sizeof req);
        req.doc = a;
        req.options = &opt;
        req.write = discard;
        req.write_ctx = &bytes;
        jmap_render(r, &req, err, sizeof err);
    }
    jmap_doc_free(a);
    jmap_doc_free(b);
    return 0;
}
