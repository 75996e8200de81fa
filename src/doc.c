/* The public entry points for loading: jmap_load and the doc accessors. */
#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "load.h"
#include "resolve.h"
#include "utf8.h"

const char *jmap_version(void) { return JMAP_VERSION; }

/* Rejects what libyaml would misread before it reads it: UTF-16, bad UTF-8, NUL. */
static bool check_bytes(jmap_doc *doc)
{
    const unsigned char *s = (const unsigned char *)doc->src;
    size_t len = doc->len;
    if (len >= 2 && ((s[0] == 0xFF && s[1] == 0xFE) || (s[0] == 0xFE && s[1] == 0xFF))) {
        jm_error(doc, (jm_pos){1, 1}, "the file is UTF-16; jmap reads UTF-8: save it as UTF-8");
        return false;
    }
    size_t bad = jm_utf8_check(doc->src, len);
    const void *nul = memchr(doc->src, 0, bad);
    if (nul) bad = (size_t)((const char *)nul - doc->src);
    if (bad < len) {
        /* position of the bad byte: lines are counted on the valid text before it */
        jm_pos pos;
        jm_line_col(doc->src, bad, bad, &pos.line, &pos.col);
        if (s[bad] == 0)
            jm_error(doc, pos, "the file contains a NUL byte; a journey file is UTF-8 text");
        else
            jm_error(doc, pos, "the file is not valid UTF-8 (byte 0x%02X): save it as UTF-8", s[bad]);
        return false;
    }
    return true;
}

typedef enum { LOAD_JOURNEYS, LOAD_THEME } load_kind;

static jmap_doc *load(const char *data, size_t len, const char *file, load_kind kind)
{
    jmap_doc *doc = calloc(1, sizeof *doc);
    if (!doc) return NULL;
    jm_arena_init(&doc->arena);
    jm_vec_init(&doc->diags, sizeof(jmap_diag));
    doc->file = jm_strdup(&doc->arena, file ? file : "<input>");
    if (len > JM_MAX_INPUT) {
        /* too big to read at all: keep none of it */
        doc->src = "";
        jm_error(doc, (jm_pos){1, 1}, "the file is larger than the limit of 16 MiB");
        jm_diags_finish(doc);
        return doc;
    }
    doc->len = len;
    doc->src = jm_strndup(&doc->arena, data ? data : "", len);
    if (!doc->file || !doc->src) {
        jmap_doc_free(doc);
        return NULL;
    }
    if (check_bytes(doc)) {
        if (kind == LOAD_JOURNEYS) {
            jm_load(doc);
            for (size_t i = 0; i < doc->n_journeys; i++) jm_resolve(doc, doc->journeys[i]);
        } else {
            jm_theme_spec spec;
            memset(&spec, 0, sizeof spec);
            jm_load_theme_spec(doc, &spec);
            doc->theme = jm_alloc(&doc->arena, sizeof *doc->theme);
            if (doc->theme) jm_theme_from_spec(doc, &spec, doc->theme);
        }
    }
    if (doc->arena.failed && doc->n_errors == 0) jm_error(doc, (jm_pos){0, 0}, "out of memory");
    jm_diags_finish(doc);
    return doc;
}

jmap_doc *jmap_load(const char *data, size_t len, const char *file)
{
    return load(data, len, file, LOAD_JOURNEYS);
}

jmap_doc *jmap_load_theme(const char *data, size_t len, const char *file)
{
    return load(data, len, file, LOAD_THEME);
}

void jmap_doc_free(jmap_doc *doc)
{
    if (!doc) return;
    jm_vec_release(&doc->diags);
    jm_arena_free(&doc->arena);
    free(doc);
}

size_t jmap_doc_journey_count(const jmap_doc *doc) { return doc && doc->n_errors == 0 ? doc->n_journeys : 0; }

const jmap_journey *jmap_doc_journey(const jmap_doc *doc, size_t i)
{
    return i < jmap_doc_journey_count(doc) ? doc->journeys[i] : NULL;
}

const char *jmap_journey_title(const jmap_journey *j) { return j && j->title.s ? j->title.s : ""; }
