/* libFuzzer target: bytes -> load and resolve -> every diagnostic formatted. */
#include <stddef.h>
#include <stdint.h>

#include "jmap/jmap.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    jmap_doc *doc = jmap_load((const char *)data, size, "fuzz.yaml");
    if (!doc) return 0;
    char buf[4096];
    for (size_t i = 0; i < jmap_doc_diag_count(doc); i++) jmap_diag_format(doc, jmap_doc_diag(doc, i), buf, sizeof buf);
    for (size_t i = 0; i < jmap_doc_journey_count(doc); i++) (void)jmap_journey_title(jmap_doc_journey(doc, i));
    jmap_doc_free(doc);
    /* the same bytes as a theme file */
    doc = jmap_load_theme((const char *)data, size, "theme.yaml");
    jmap_doc_free(doc);
    return 0;
}
