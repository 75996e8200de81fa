/* A loaded input: its journeys, its diagnostics, and the arena they live in. */
#ifndef JMAP_DOC_H
#define JMAP_DOC_H

#include "base/arena.h"
#include "model/limits.h" /* JM_MAX_ERRORS, JM_MAX_COLLECTED */
#include "model/model.h"

/* A file besides the input that diagnostics point into (a data file of
 * `sources`): its diagnostics carry `file` (this pointer) and show its lines. */
typedef struct jm_other_src {
    const char *file;          /* the name in its diagnostics (the doc's arena) */
    const char *src;           /* its bytes, living as long as the doc */
    size_t len;
    size_t *line_starts;       /* once diagnostics are sorted, when one points into it; or NULL */
    size_t n_lines;
    char sep;                  /* a table's separator: its diagnostics' COLUMN is a field's number */
} jm_other_src;

struct jmap_doc {
    jm_mem_track mem;          /* all the doc's memory; mem.failed: out of memory */
    jmap_diag oom;             /* the one diagnostic of a doc that ran out of memory */
    jm_arena arena;
    const char *file;
    const char *src;           /* a copy of the input, for source lines in diagnostics */
    size_t len;
    jm_vec diags;              /* jmap_diag, in malloc memory until sorted */
    jm_vec nears;              /* jm_pending_near: the "did you mean" still to look for */
    size_t *line_starts;       /* where each line of src starts, once diagnostics are sorted; or NULL */
    size_t n_lines;
    jmap_diag *sorted;         /* diags ordered by position, after loading */
    size_t n_errors;
    bool truncated;            /* more errors were found than are kept */
    jmap_journey **journeys;
    size_t n_journeys;
    jm_theme *theme;           /* a theme file's theme (jmap_load_theme) */
    size_t points;             /* emotion points made by resolve so far, all journeys together */
    bool points_reported;      /* ... and more than JM_MAX_FILE_POINTS reported */
    const char *yaml;          /* a Mermaid input's journey file (mermaid_yaml.c), or NULL */
    jm_vec others;             /* jm_other_src: data files read (at most JM_MAX_DATA_FILES) */
    jm_vec data_files;         /* const char *: the data files read or tried, as opened */
    const struct jmap_load_options *load_options; /* while loading: where data files are read; or NULL */
    size_t yaml_len;
    /* 1.2: many files (load/include.c) */
    jm_vec children;           /* jmap_doc *: every file included, all levels (the input's doc alone) */
    jm_vec files;              /* const char *: the input, then each file asked for (the input's doc alone) */
    jmap_journey *shared;      /* an included file's: what it gives (personas, channels, labels, theme, lang) */
    bool on_chain;             /* an included file being read: including it again is a cycle */
    unsigned stamp, entry;     /* which merge took this file's records last, and through which entry */
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
/* A word that may be a misspelling of one of n candidates; word and
 * candidates must live as long as the doc. */
typedef struct jm_near {
    const char *word;
    size_t len;
    const char *const *cands;
    size_t n;
} jm_near;
/* Records an error whose message is fmt's text followed by tail or, when a
 * candidate is near the word, by " (did you mean 'CANDIDATE'?)". The
 * candidates are searched only for an error that is kept (among the first
 * JM_MAX_ERRORS by position, in jm_diags_finish): thousands of unknown
 * references cost no more than fifty. */
typedef struct jm_pending_near {
    const char *message; /* the error's message as recorded: fmt's text and tail */
    size_t base_len;     /* the length of fmt's text in it */
    jm_near near;
} jm_pending_near;
void jm_error_near(jmap_doc *doc, jm_pos pos, const jm_near *near, const char *tail, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;
/* The same in another file, named by jm_doc_add_file's result. */
void jm_error_in(jmap_doc *doc, const char *file, jm_pos pos, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;
void jm_warn_in(jmap_doc *doc, const char *file, jm_pos pos, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;
/* Registers src[0..len) (which must live as long as the doc) as the file
 * `name` that diagnostics may point into; returns the name to give them
 * (NULL when out of memory). */
const char *jm_doc_add_file(jmap_doc *doc, const char *name, const char *src, size_t len, char sep);
void jm_error_near_in(jmap_doc *doc, const char *file, jm_pos pos, const jm_near *near, const char *tail,
                      const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 6, 7)))
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
