/* A loaded input: its journeys, its diagnostics, and the arena they live in. */
#ifndef JMAP_DOC_H
#define JMAP_DOC_H

#include "arena.h"
#include "model.h"

#define JM_MAX_ERRORS 50          /* diagnostics kept: the first ones in the file */
#define JM_MAX_COLLECTED 4096     /* diagnostics gathered before choosing those */

struct jmap_doc {
    jm_mem_track mem;          /* all the doc's memory; mem.failed: out of memory */
    jmap_diag oom;             /* the one diagnostic of a doc that ran out of memory */
    jm_arena arena;
    const char *file;
    const char *src;           /* a copy of the input, for source lines in diagnostics */
    size_t len;
    jm_vec diags;              /* jmap_diag, in malloc memory until sorted */
    jmap_diag *sorted;         /* diags ordered by position, after loading */
    size_t n_errors;
    bool truncated;            /* more errors were found than are kept */
    jmap_journey **journeys;
    size_t n_journeys;
    jm_theme *theme;           /* a theme file's theme (jmap_load_theme) */
    size_t points;             /* emotion points made by resolve so far, all journeys together */
    bool points_reported;      /* ... and more than JM_MAX_FILE_POINTS reported */
    const char *yaml;          /* a Mermaid input's journey file (mermaid_yaml.c), or NULL */
    size_t yaml_len;
};

/* The allocator for everything the doc holds and its loading uses. */
static inline const jmap_mem *jm_doc_mem(const jmap_doc *doc) { return &doc->mem.mem; }

/* Records an error at pos (line 0 for none). The first JM_MAX_ERRORS by
 * position are kept; every error is counted. */
void jm_error(jmap_doc *doc, jm_pos pos, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
/* Records a warning at pos: reported, but the input still builds. */
void jm_warn(jmap_doc *doc, jm_pos pos, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
bool jm_too_many_errors(const jmap_doc *doc);
/* A position past the last character, or on an empty line (an error at the
 * end of the input), moved back to the end of the last line with text on
 * it, where the user can see it. */
jm_pos jm_visible_pos(const jmap_doc *doc, jm_pos pos);
/* Orders the diagnostics by position; called once loading is over. */
void jm_diags_finish(jmap_doc *doc);

#endif
