/* libFuzzer target: bytes -> the whole compile -> SVG, PDF, a small PNG or a
 * poster in memory (the format taken from the input's length, so each input
 * always takes the same path). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "jmap/jmap.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

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
    jmap_doc *doc = jmap_load((const char *)data, size, "fuzz.yaml");
    if (!doc) return 0;
    size_t n = jmap_doc_journey_count(doc);
    if (n > 0 && n <= 4) {
        /* SVG, PDF, PNG, and a PDF poster on A4 tiles (--page a4) */
        static const jmap_format formats[4] = {JMAP_SVG, JMAP_PDF, JMAP_PNG, JMAP_PDF};
        jmap_format f = formats[size % 4];
        /* a PNG at a twentieth of its size: banding and encoding, without
         * spending the run on pixels */
        jmap_render_options opt = {.size = sizeof(jmap_render_options), .format = f, .scale = f == JMAP_PNG ? 0.05 : 1};
        if (size % 4 == 3) jmap_paper_size("a4", &opt.page_width, &opt.page_height);
        char err[256];
        size_t bytes = 0;
        jmap_render(r, &(jmap_render_request){.size = sizeof(jmap_render_request), .doc = doc, .first = 0, .count = 1, .options = &opt, .write = discard, .write_ctx = &bytes}, err, sizeof err);
    }
    jmap_doc_free(doc);
    return 0;
}
