/* Values computed from a data file's rows (the format's "Research behind the
 * map"): mean, median, sum, min, max, count, distinct, share, nps, csat.
 * Exact: every cell is read as a decimal into a whole number of
 * billionths, sums are 128-bit, and the one rounding (half away from zero)
 * is done on whole numbers; no double ever decides a digit. */
#ifndef JMAP_COMPUTE_H
#define JMAP_COMPUTE_H

#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"
#include "load/csv.h"

#include "model/data.h" /* jm_compute_kind and its names */
/* The kind named s[0..len), or -1. */
int jm_compute_kind_of(const char *s, size_t len);
/* Whether a kind reads numbers (and so may find a cell that is not one). */
bool jm_compute_numeric(jm_compute_kind k);

/* Texts to compare cells with, as written (trimmed when compared). */
typedef struct jm_texts {
    const char *const *s;
    const size_t *len;
    size_t n;
} jm_texts;

/* A row is used when, for every condition, the cell of col is one of values. */
typedef struct jm_where {
    size_t col;
    jm_texts values;
} jm_where;

typedef struct jm_compute_req {
    jm_compute_kind kind;
    size_t col;                 /* the column read; not read by count */
    const jm_where *where;
    size_t n_where;
    jm_texts share;             /* share: the answers counted */
    const uint32_t *rows;       /* the rows to read (1 = the first under the header); NULL: every row */
    size_t n_rows;
    bool check_scale;           /* every number used must lie in [lo, hi] */
    double lo, hi;
} jm_compute_req;

typedef enum {
    JM_CELL_NOT_NUMBER,         /* not a decimal number */
    JM_CELL_TOO_PRECISE,        /* more digits than are computed with */
    JM_CELL_OUT_OF_SCALE,
    JM_CELL_NOT_NPS,            /* not a whole number from 0 to 10 */
    JM_CELL_NOT_CSAT,           /* not a whole number from 1 to 5 */
} jm_cell_error_kind;

typedef struct jm_cell_error {
    jm_cell_error_kind kind;
    uint32_t line, col;         /* col: the field's number, from 1 */
    const char *text;           /* the cell, in the table's buffer */
} jm_cell_error;

/* The message of a cell's error (always NUL-terminated). */
void jm_cell_error_message(const jm_cell_error *e, const jm_compute_req *req, char *buf, size_t size);

#define JM_COMPUTED_TEXT 48
typedef struct jm_computed {
    size_t n;                   /* rows whose cell was used (count: rows that pass `where`) */
    char text[JM_COMPUTED_TEXT];  /* as drawn: "3.4", "82%", "+23", "212" */
    char plain[JM_COMPUTED_TEXT]; /* a plain decimal with '.': "3.4", "82", "23", "212" */
    double value;               /* plain's value, for placing on a scale */
} jm_computed;

/* Computes req over table t. Errors in cells are pushed on errors (jm_vec of
 * jm_cell_error, at most max_errors); *out is meaningful when none was and
 * out->n > 0 (n == 0: no row was used, which the caller reports). Memory
 * for median and distinct comes from mem and is given back. Returns false
 * when memory ran out. */
bool jm_compute(const jm_csv *t, const jm_compute_req *req, jm_computed *out, jm_vec *errors, size_t max_errors,
                const jmap_mem *mem);

#endif
