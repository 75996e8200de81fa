/* Every limit jmap puts on its input and its output, in one place: each is
 * an error with a clear message (or, for the last few, a bound on work that
 * the user never sees), never a crash or a hang. The numbers the docs give
 * (docs/journey-format.md, docs/format.md, docs/jmap.1) are these;
 * tests/e2e/test_vocab.py checks that they say the same.
 *
 * The public API repeats one of them, JMAP_MAX_INPUT (jmap.h), for callers
 * that read files; load/doc.c asserts that the two agree. */
#ifndef JMAP_LIMITS_H
#define JMAP_LIMITS_H

/* ---- one input (load/doc.c, load/yamltree.c) ---- */
#define JM_MAX_INPUT (16u * 1024u * 1024u) /* bytes of one input: 16 MiB */
#define JM_MAX_DEPTH 64                    /* levels of nesting, aliases counted as expanded */
#define JM_MAX_ALIAS_NODES 100000          /* nodes that aliases add, in the whole file */
#define JM_MAX_NODES 1000000               /* YAML nodes in the whole file, every document together */
#define JM_MAX_DOCUMENTS 10000             /* documents (journeys) in one file */

/* ---- one data file of `sources` (load/csv.c): also at most JM_MAX_INPUT bytes ---- */
#define JM_MAX_DATA_ROWS 1000000           /* rows under the header */
#define JM_MAX_DATA_CELLS 10000000         /* fields in the whole file, header included */
#define JM_MAX_DATA_FILES 50               /* data files read for one input */
/* ---- many files (load/include.c) ---- */
#define JM_MAX_INCLUDE_DEPTH 8             /* files including files, the input not counted */
#define JM_MAX_INCLUDE_FILES 256           /* different files one input includes, all levels together */
/* The included files together hold at most JM_MAX_INPUT bytes too. */

/* ---- one journey (load/load.c, load/walk.c, load/lang.c, load/mermaid.c) ---- */
#define JM_MAX_TOUCHPOINTS 10000
#define JM_MAX_PERSONAS 100        /* a curve each: more would be unreadable */
/* In one file, all its journeys together (each a structure of 100 to 500
 * bytes, however short its text): loading stays in proportion to the input. */
#define JM_MAX_FILE_TOUCHPOINTS 100000
#define JM_MAX_FILE_STAGES 100000
#define JM_MAX_FILE_PERSONAS 10000
#define JM_MAX_FILE_CHANNELS 100000
#define JM_MAX_FILE_METRICS 100000
#define JM_MAX_FILE_SOURCES 100000 /* research sources (1.2) */
/* emotion and target points: a touchpoint's for each persona of its journey */
#define JM_MAX_FILE_POINTS 1000000
#define JM_MAX_TEXT 5000           /* characters in one text value: a cell holds a few sentences */
#define JM_MAX_LABEL 200           /* characters in one of `labels`: a word or a short phrase */
#define JM_MAX_LANG_TAG 64         /* bytes of a `lang` tag */
/* The ends of a scale lie within +-JM_MAX_SCALE, so that its span, its
 * midpoint and small multiples of them stay finite: no NaN or infinity can
 * come out of placing a score on it. */
#define JM_MAX_SCALE 1e300

/* ---- what one map draws (model/bounds.c) ----
 * Memory, time and output grow with the bytes of text (glyphs) and, more
 * steeply, with the number of separate things drawn: each text, list item
 * and emotion point costs about 4.5 kB on its way through Pango and cairo's
 * recording of the page. Past these, a map is no longer readable anyway
 * (docs/format.md, docs/performance.md). */
#define JM_MAX_MAP_TEXT (1u * 1024u * 1024u)
#define JM_MAX_MAP_ITEMS 60000u

/* ---- the outputs (paint/cairo/png.c, render.c) ----
 * The widest PNG: cairo's image surfaces stop there. A PNG is drawn in
 * bands of rows, so its height is bounded only by libpng's default limit
 * on the rows it writes (a million). */
#define JM_PNG_MAX 32767
#define JM_PNG_MAX_ROWS 1000000

/* ---- diagnostics (model/diag.c) ---- */
#define JM_MAX_ERRORS 50          /* diagnostics kept: the first ones in the file */
#define JM_MAX_COLLECTED 4096     /* diagnostics gathered before choosing those */

/* ---- bounds on work the user does not see ---- */
/* At most this many candidates are compared for a "did you mean": enough for
 * any real map, and a bound on the work for a hostile one (load/resolve.c). */
#define JM_SUGGEST_CANDIDATES 1000

#endif
