/*
 * jmap: compile customer journey maps from YAML to SVG, PNG and PDF.
 *
 * The library prints nothing and never exits. Every problem is reported as a
 * diagnostic value (file, line, column, severity, message) that the caller
 * prints as it likes. Nothing here keeps mutable global state: a jmap_doc or
 * a jmap_renderer may be used from any thread, one thread at a time.
 *
 * Ownership: everything a jmap_doc hands out lives until jmap_doc_free().
 */
#ifndef JMAP_JMAP_H
#define JMAP_JMAP_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define JMAP_VERSION "0.1.0"

#if defined(JMAP_BUILDING_SHARED) && defined(__GNUC__)
#define JMAP_API __attribute__((visibility("default")))
#else
#define JMAP_API
#endif

JMAP_API const char *jmap_version(void);

/* ---- memory ----
 *
 * Where jmap's own memory comes from: the arena, vectors and hash maps of
 * the loader, the diagnostics, the display list of the layout and the output
 * buffers of the renderer. A failing allocation never crashes: jmap_load
 * returns NULL or a doc whose one error is "out of memory", and jmap_render
 * fails with "out of memory" in its message.
 *
 * Not covered: libyaml, GLib, Pango, fontconfig, cairo and libpng allocate on
 * their own (GLib's g_malloc aborts the process when memory runs out).
 *
 * The functions may be called from any thread that uses the doc or renderer
 * they were given to; ctx is passed back to each. The struct is copied. */
typedef struct jmap_mem {
    void *(*calloc)(void *ctx, size_t count, size_t size);
    void *(*realloc)(void *ctx, void *ptr, size_t size); /* size > 0; ptr NULL allocates */
    void (*free)(void *ctx, void *ptr);
    void *ctx;
} jmap_mem;

/* The C library's calloc, realloc and free. */
JMAP_API const jmap_mem *jmap_mem_default(void);

typedef enum { JMAP_ERROR = 0, JMAP_WARNING = 1 } jmap_severity;

typedef struct jmap_diag {
    const char *file;     /* as given to jmap_load */
    int line;             /* 1-based; 0 when the problem has no position */
    int column;           /* 1-based, in characters */
    jmap_severity severity;
    const char *message;
} jmap_diag;

/* One loaded input: zero or more journeys (one per YAML document) and the
 * diagnostics found while loading and resolving them. */
typedef struct jmap_doc jmap_doc;
typedef struct jmap_journey jmap_journey;

/* Loads and validates `len` bytes. `file` names the input in diagnostics.
 * Returns NULL only when memory runs out. */
JMAP_API jmap_doc *jmap_load(const char *data, size_t len, const char *file);
/* jmap_load with jmap's own memory taken from mem (NULL: the default). */
JMAP_API jmap_doc *jmap_load_with(const char *data, size_t len, const char *file, const jmap_mem *mem);
JMAP_API void jmap_doc_free(jmap_doc *doc);

JMAP_API size_t jmap_doc_error_count(const jmap_doc *doc);
/* Non-zero when memory ran out while loading: the doc's errors then say
 * "out of memory", not what is wrong with the input (exit 3, not 1). */
JMAP_API int jmap_doc_out_of_memory(const jmap_doc *doc);
JMAP_API size_t jmap_doc_diag_count(const jmap_doc *doc);
JMAP_API const jmap_diag *jmap_doc_diag(const jmap_doc *doc, size_t i);
/* Journeys are available only when the doc has no errors. */
JMAP_API size_t jmap_doc_journey_count(const jmap_doc *doc);
JMAP_API const jmap_journey *jmap_doc_journey(const jmap_doc *doc, size_t i);

JMAP_API const char *jmap_journey_title(const jmap_journey *j);

/* Mermaid journeys. jmap_load reads an input as a Mermaid `journey` diagram
 * when its name ends in .mmd or .mermaid, or when its first line that is
 * neither blank nor a %% comment (after a front-matter block, if any) is
 * `journey`; its diagnostics then point into the diagram. Such a diagram is
 * read by way of a journey file, which this returns (what `jmap import`
 * writes; it loads into the same journeys): NUL-terminated, `*len` bytes,
 * living as long as the doc. NULL when the doc was not read from Mermaid or
 * has errors. */
JMAP_API const char *jmap_doc_journey_file(const jmap_doc *doc, size_t *len);

/* Loads a theme file: a YAML mapping with the keys of the format's `theme`
 * mapping (base, font, font-size, background, text, stage-colors, positive,
 * neutral, negative, pain, opportunity). Diagnostics as for jmap_load; the
 * doc holds no journey. Returns NULL only when memory runs out. */
JMAP_API jmap_doc *jmap_load_theme(const char *data, size_t len, const char *file);
JMAP_API jmap_doc *jmap_load_theme_with(const char *data, size_t len, const char *file, const jmap_mem *mem);

/* Writes a diagnostic as `FILE:LINE:COLUMN: error: MESSAGE`, then the source
 * line and a caret under the column, into buf (always NUL-terminated).
 * Returns the length it needed, like snprintf. */
JMAP_API size_t jmap_diag_format(const jmap_doc *doc, const jmap_diag *d, char *buf, size_t size);

/* ---- statistics ----
 *
 * What a journey's numbers say, as values (jmap stats prints them). A
 * score is NaN where there is none (no scored touchpoint, no target). The
 * whole journey's view takes each touchpoint's score as the mean of the
 * scores its personas give it; a persona's view takes only the touchpoints
 * that persona goes through, with that persona's score. Strings point into
 * the journey (they live as long as its doc). */
typedef struct jmap_stat_point {
    const char *touchpoint_id, *touchpoint, *stage_id, *stage;
    double score;               /* NaN: no such point */
} jmap_stat_point;

typedef struct jmap_stat_stage {
    const char *stage_id, *stage;
    double mean;                /* NaN when no touchpoint of the stage is scored */
    size_t scored;
} jmap_stat_stage;

typedef struct jmap_stat_moment {
    const char *touchpoint_id, *touchpoint, *stage_id, *stage;
} jmap_stat_moment;

typedef struct jmap_stat_metric {
    const char *name, *value;   /* as written */
    const char *stage_id, *touchpoint_id; /* where it is measured; touchpoint_id NULL for a stage's */
    const char *target;         /* as written; NULL when the metric has no target */
    int better_lower;           /* 1 when lower is better */
    int met;                    /* 1 met, 0 missed, -1 not known (no target, or not both numbers) */
} jmap_stat_metric;

enum { JMAP_PRIORITY_HIGH, JMAP_PRIORITY_MEDIUM, JMAP_PRIORITY_LOW, JMAP_PRIORITY_NONE, JMAP_PRIORITY_COUNT };

typedef struct jmap_stat_view {
    const char *persona_id, *persona; /* NULL for the whole journey */
    size_t touchpoints, scored;
    double mean;
    jmap_stat_point lowest, highest; /* the first of equal ones */
    jmap_stat_point drop_from, drop_to; /* the largest fall between two consecutive scored touchpoints */
    double drop;                /* from minus to, > 0; NaN when the curve never falls */
    jmap_stat_stage *stages;    /* one per stage, in order */
    size_t n_stages;
    double target_gap;          /* mean of target minus score over touchpoints with both; NaN if none */
    size_t targets;             /* how many touchpoints have both */
    size_t pains;
    size_t opportunities[JMAP_PRIORITY_COUNT];
    jmap_stat_moment *moments;
    size_t n_moments;
    jmap_stat_metric *metrics;  /* every metric, in journey order */
    size_t n_metrics;
} jmap_stat_view;

typedef struct jmap_stats {
    const char *title;
    double scale_lo, scale_hi;
    jmap_stat_view journey;     /* all personas together */
    jmap_stat_view *personas;   /* one per persona, in order */
    size_t n_personas;
} jmap_stats;

/* The statistics of a journey; NULL only when memory runs out. Free with
 * jmap_stats_free. */
JMAP_API jmap_stats *jmap_journey_stats(const jmap_journey *j);
JMAP_API void jmap_stats_free(jmap_stats *s);

/* ---- rendering ---- */

typedef enum { JMAP_SVG = 0, JMAP_PNG = 1, JMAP_PDF = 2 } jmap_format;

/* How an SVG holds its text: as real text (<text>, searchable and editable,
 * the fonts it uses embedded as subsets; the default), or as cairo's glyph
 * outlines with a transparent text layer over them (for renderers that must
 * match the PNG without the fonts). */
typedef enum { JMAP_SVG_TEXT_TEXT = 0, JMAP_SVG_TEXT_OUTLINES = 1 } jmap_svg_text;

#define JMAP_WRAP_AUTO (-1)
#define JMAP_WRAP_OFF (-2)

typedef struct jmap_render_options {
    jmap_format format;
    const char *persona;   /* draw this persona's view alone; NULL for all */
    const char *theme;     /* a built-in theme name overriding the file's; NULL keeps it */
    const jmap_doc *theme_doc; /* or a theme loaded by jmap_load_theme; wins over `theme` */
    double scale;          /* PNG only; 0 means 1 */
    int has_date;          /* PDF only: write `date` as the creation date; else no date at all */
    long long date;        /* seconds since 1970-01-01 UTC, 0 to 253402300799 (SOURCE_DATE_EPOCH) */
    jmap_svg_text svg_text; /* SVG only */
    int wrap;              /* rows of at most this many touchpoint columns; JMAP_WRAP_AUTO: the page at most
                            * about twice as wide as high; JMAP_WRAP_OFF: one row; 0: one row, but a PNG
                            * that would pass 32 767 pixels is wrapped (and jmap_render's err says so) */
    double page_width, page_height; /* PDF only: a poster tiled over pages of this size, in points (1/72 in),
                                     * the first page an overview; 0: one page the map's size */
    const char *id_prefix; /* SVG only: every id in the SVG starts with this (a letter or '_', then letters,
                            * digits, '_', '-', '.'; at most 64 bytes; "" for none), so that several maps
                            * inlined in one HTML page never share an id. NULL: a prefix made from a hash
                            * of the output's content (everything the map draws), "jm" and 12 hex digits
                            * and '-': the same map gets the same prefix, two different maps different
                            * ones. */
    const jmap_journey *diff_before; /* jmap diff: draw the journey with what changed since this earlier one
                                      * marked (touchpoints matched by id: added, removed put back faded where
                                      * they stood, changed, each score's move); NULL for none */
} jmap_render_options;

/* The size in points of a paper by name: a4, a3, a2, letter or tabloid,
 * portrait, or with "-landscape" appended; 1 when known, else 0. */
JMAP_API int jmap_paper_size(const char *name, double *width, double *height);

/* Whether s is a usable id_prefix (see above). */
JMAP_API int jmap_id_prefix_valid(const char *s);

/* Receives output bytes; returns 0 on success, non-zero to abort. */
typedef int (*jmap_write_fn)(void *ctx, const unsigned char *data, size_t len);

/* A renderer holds the fonts and the text-shaping context. Create one per
 * thread and reuse it for every journey that thread draws. Text is shaped
 * in English whatever the locale; but fontconfig also picks faces by the
 * process's locale (LANG, LC_ALL...) unless FC_LANG is set: a program that
 * wants the same bytes on every machine sets FC_LANG=en before anything
 * starts fontconfig, as jmap's main() does. Returns NULL only
 * when memory runs out; whether a usable font exists is jmap_render's to
 * say (JMAP_ERR_FONTS). */
typedef struct jmap_renderer jmap_renderer;
JMAP_API jmap_renderer *jmap_renderer_new(void);
/* A renderer whose layouts and output buffers take memory from mem (NULL:
 * the default); it is independent of the memory of the docs it draws. */
JMAP_API jmap_renderer *jmap_renderer_new_with(const jmap_mem *mem);
JMAP_API void jmap_renderer_free(jmap_renderer *r);

/* What jmap_render returns: why it failed, so that a caller can tell a map
 * that cannot be drawn from a machine that cannot draw. */
typedef enum jmap_result {
    JMAP_OK = 0,
    JMAP_ERR_INPUT = 1,  /* the map cannot be drawn as asked: errors in the doc, no such journey or
                          * --persona, an unknown theme, a map too large for the format */
    JMAP_ERR_WRITE = 2,  /* the write function refused bytes */
    JMAP_ERR_MEMORY = 3, /* memory ran out */
    JMAP_ERR_FONTS = 4   /* no usable font: fontconfig finds none (checked before anything is laid out) */
} jmap_result;

/* Renders journeys [first, first+count) of doc into one output: PDF gets a
 * page per journey; SVG and PNG take exactly one journey (count == 1).
 * Returns JMAP_OK on success, with err holding a note for the user (a PNG
 * wrapped onto rows by itself) or "". On failure writes a message into err;
 * nothing has been written when the result is JMAP_ERR_FONTS or JMAP_ERR_INPUT. */
JMAP_API jmap_result jmap_render(jmap_renderer *r, const jmap_doc *doc, size_t first, size_t count,
                                 const jmap_render_options *opt, jmap_write_fn write, void *ctx,
                                 char *err, size_t errsize);

#ifdef __cplusplus
}
#endif
#endif
