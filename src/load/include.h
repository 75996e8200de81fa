/* Many files (1.2): `include` (the personas, channels, sources, labels,
 * theme and lang of other journey files, merged into a journey before it is
 * resolved) and `detail` (a path made plain, and with check_details each
 * detailed map read and loaded). Files come through the caller's reader
 * (jmap_load_request): the library opens none itself. */
#ifndef JMAP_LOAD_INCLUDE_H
#define JMAP_LOAD_INCLUDE_H

#include "base/strmap.h"
#include "model/doc.h"
#include "model/limits.h"

typedef struct jm_includer {
    jmap_doc *top;             /* the input's doc: it owns every included file's doc */
    const jmap_load_request *req; /* NULL: jmap_load (no reader) */
    jm_strmap seen;            /* path -> its doc, for every file read */
    const char *chain[JM_MAX_INCLUDE_DEPTH + 1]; /* the files being read, the input first */
    size_t depth;              /* chain[depth] is the file being read */
    size_t bytes;              /* read so far, every included file together */
    unsigned stamp;            /* one a merge */
    bool too_many;             /* JM_MAX_INCLUDE_FILES reported */
} jm_includer;

void jm_includer_init(jm_includer *in, jmap_doc *top, const jmap_load_request *req);
void jm_includer_release(jm_includer *in);
/* What the journey j of doc includes, merged into it (its own wins). */
void jm_include_merge(jm_includer *in, jmap_doc *doc, jmap_journey *j);
/* Each `detail` of j made plain (an error where it may not be), and with
 * check_details read and loaded. */
void jm_details(jm_includer *in, jmap_journey *j);

/* doc.c: a new doc for an included file, owned by top; NULL when memory
 * ran out. *readable: its bytes are UTF-8 text within the limit (else the
 * doc holds the error). */
jmap_doc *jm_doc_child(jmap_doc *top, const char *file, const char *data, size_t len, bool *readable);

#endif
