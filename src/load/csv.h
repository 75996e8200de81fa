/* Data files: CSV (RFC 4180) and TSV, read into cells that know their
 * physical line and field number, for computed values (the format's
 * "Research behind the map"). The reader prints nothing: what is wrong with a
 * file is a list of errors, each at LINE (the file's physical lines, header
 * included, from 1) and COLUMN (the field's number, from 1). */
#ifndef JMAP_CSV_H
#define JMAP_CSV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"

/* One cell: text (NUL-terminated, quotes taken off) in the reader's buffer. */
typedef struct jm_csv_cell {
    uint32_t off, len;          /* bytes in jm_csv.text */
    uint32_t line;              /* the physical line the field starts on */
} jm_csv_cell;

typedef struct jm_csv {
    char *text;                 /* the fields' bytes, each followed by a NUL */
    jm_csv_cell *cells;         /* [(n_rows + 1) * n_cols]; row 0 is the header */
    size_t n_cols, n_rows;      /* n_rows: the data rows, header not counted */
    uint32_t lines;             /* physical lines in the file */
} jm_csv;

/* What can be wrong with a file: one home for the messages (csv.c). */
typedef enum {
    JM_CSV_EMPTY,               /* no header */
    JM_CSV_NO_ROWS,             /* a header and nothing under it */
    JM_CSV_TOO_BIG,             /* more than JM_MAX_INPUT bytes */
    JM_CSV_TOO_MANY_ROWS,       /* more than JM_MAX_DATA_ROWS rows */
    JM_CSV_TOO_MANY_CELLS,      /* more than JM_MAX_DATA_CELLS fields */
    JM_CSV_NOT_UTF8,            /* a field that is not UTF-8 */
    JM_CSV_OPEN_QUOTE,          /* a quoted field that never closes */
    JM_CSV_AFTER_QUOTE,         /* text after a closing quote, before the separator */
    JM_CSV_RAGGED,              /* more or fewer fields than the header */
    JM_CSV_DUP_HEADER,          /* the same header name twice */
    JM_CSV_ERROR_KINDS
} jm_csv_error_kind;

typedef struct jm_csv_error {
    jm_csv_error_kind kind;
    uint32_t line, col;
    size_t got, want;           /* JM_CSV_RAGGED: fields found and the header's; JM_CSV_DUP_HEADER: the first one's column */
} jm_csv_error;

/* The message of an error, written into buf (always NUL-terminated). */
void jm_csv_error_message(const jm_csv_error *e, char *buf, size_t size);

/* Reads len bytes. sep is ',' or '\t' (jm_csv_separator). Errors are pushed
 * on errors (a jm_vec of jm_csv_error, at most max_errors of them); the
 * table is complete only when none was. Memory comes from a. Returns false
 * when memory ran out. Blank lines are skipped. */
bool jm_csv_read(const char *data, size_t len, char sep, jm_arena *a, jm_csv *out, jm_vec *errors, size_t max_errors);
/* '\t' for a name ending in .tsv (any case), ',' otherwise. */
char jm_csv_separator(const char *name);

/* Takes spaces and tabs off both ends of s[0..*len). */
static inline void jm_trim(const char **s, size_t *len)
{
    while (*len && ((*s)[0] == ' ' || (*s)[0] == '\t')) (*s)++, (*len)--;
    while (*len && ((*s)[*len - 1] == ' ' || (*s)[*len - 1] == '\t')) (*len)--;
}

static inline const jm_csv_cell *jm_csv_at(const jm_csv *t, size_t row, size_t col)
{
    return &t->cells[row * t->n_cols + col];
}
static inline const char *jm_csv_str(const jm_csv *t, const jm_csv_cell *c) { return t->text + c->off; }
/* The column of a header name (compared as written, after trimming spaces), or -1. */
long jm_csv_column(const jm_csv *t, const char *name, size_t len);

#endif
