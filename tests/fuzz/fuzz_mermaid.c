/* libFuzzer target: bytes as a Mermaid journey (.mmd) -> the reader, the
 * journey file it writes, the loader -> every diagnostic formatted. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "jmap/jmap.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    jmap_doc *doc = jmap_load((const char *)data, size, "fuzz.mmd");
    if (!doc) return 0;
    char buf[4096];
    for (size_t i = 0; i < jmap_doc_diag_count(doc); i++) jmap_diag_format(doc, jmap_doc_diag(doc, i), buf, sizeof buf);
    size_t len = 0;
    const char *yaml = jmap_doc_journey_file(doc, &len);
    if (yaml) {
        /* the journey file loads without an error, into as many journeys */
        jmap_doc *again = jmap_load(yaml, len, "fuzz.yaml");
        if (again && (jmap_doc_error_count(again) != 0 ||
                      jmap_doc_journey_count(again) != jmap_doc_journey_count(doc)))
            __builtin_trap();
        jmap_doc_free(again);
    }
    jmap_doc_free(doc);
    return 0;
}
