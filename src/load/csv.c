/* The CSV and TSV reader (csv.h): one pass over the bytes, fields unquoted
 * into one buffer, every cell with its line. Our own rather than libcsv:
 * libcsv hands its callbacks a field's bytes and nothing of where they stood
 * (no line, no offset), copies each field into a buffer of its own, and
 * stops at the first error; positions are what the user needs. */
#include "load/csv.h"

#include <stdio.h>
#include <string.h>

#include "base/strmap.h"
#include "base/utf8.h"
#include "model/limits.h"

void jm_csv_error_message(const jm_csv_error *e, char *buf, size_t size)
{
    switch (e->kind) {
    case JM_CSV_EMPTY: snprintf(buf, size, "the data file is empty: it needs a header row"); break;
    case JM_CSV_NO_ROWS: snprintf(buf, size, "the data file has a header but no rows"); break;
    case JM_CSV_TOO_BIG:
        snprintf(buf, size, "the data file is larger than the limit of %u MiB", JM_MAX_INPUT / (1024u * 1024u));
        break;
    case JM_CSV_TOO_MANY_ROWS: snprintf(buf, size, "the data file has more than %d rows", JM_MAX_DATA_ROWS); break;
    case JM_CSV_TOO_MANY_CELLS: snprintf(buf, size, "the data file has more than %d fields", JM_MAX_DATA_CELLS); break;
    case JM_CSV_NOT_UTF8: snprintf(buf, size, "this field is not valid UTF-8 (save the file as UTF-8)"); break;
    case JM_CSV_OPEN_QUOTE: snprintf(buf, size, "a quote opened here is never closed"); break;
    case JM_CSV_AFTER_QUOTE:
        snprintf(buf, size, "text after the closing quote of a field (a quote inside a quoted field is written \"\")");
        break;
    case JM_CSV_RAGGED:
        snprintf(buf, size, "this row has %zu field%s, the header has %zu", e->got, e->got == 1 ? "" : "s", e->want);
        break;
    case JM_CSV_DUP_HEADER: snprintf(buf, size, "this header name is already column %zu", e->want); break;
    case JM_CSV_ERROR_KINDS: snprintf(buf, size, "bad data file"); break;
    }
}

char jm_csv_separator(const char *name)
{
    size_t n = name ? strlen(name) : 0;
    if (n >= 4) {
        const char *e = name + n - 4;
        if (e[0] == '.' && (e[1] | 0x20) == 't' && (e[2] | 0x20) == 's' && (e[3] | 0x20) == 'v') return '\t';
    }
    return ',';
}

typedef struct reader {
    const char *d;
    size_t n, i;                /* the bytes (after the BOM) and where reading stands */
    char *text;
    size_t w;                   /* bytes written to text */
    uint32_t line;
    char sep;
    bool utf8_ok;               /* the whole file is UTF-8: no field needs checking */
    jm_vec *errors;
    size_t max_errors;
    jm_vec cells;
    bool stop;                  /* an error after which nothing more can be read */
    bool oom;
} reader;

static void error(reader *r, jm_csv_error_kind kind, uint32_t line, size_t col, size_t got, size_t want)
{
    if (r->errors->n >= r->max_errors) return;
    jm_csv_error *e = jm_vec_push(r->errors);
    if (!e) {
        r->oom = true;
        return;
    }
    *e = (jm_csv_error){kind, line, (uint32_t)col, got, want};
}

/* Rows end where an editor's lines do: LF, CRLF or a CR alone
 * (jm_line_break), so that LINE is the line an editor shows. */
static bool at_row_end(const reader *r) { return r->d[r->i] == '\n' || r->d[r->i] == '\r'; }

static void skip_row_end(reader *r)
{
    r->i += jm_line_break(r->d + r->i, r->n - r->i);
    r->line++;
}

/* One field from r->i, its text written at r->w; col is its number. */
static void field(reader *r, size_t col)
{
    const char *d = r->d;
    size_t n = r->n, i = r->i, start = r->w;
    uint32_t line = r->line;
    char *t = r->text, sep = r->sep;
    size_t w = start;
    if (i < n && d[i] == '"') {
        i++;
        for (;;) {
            if (i >= n) {
                error(r, JM_CSV_OPEN_QUOTE, line, col, 0, 0);
                r->stop = true;
                break;
            }
            char c = d[i++];
            if (c == '"') {
                if (i < n && d[i] == '"') {
                    t[w++] = '"';
                    i++;
                    continue;
                }
                break;
            }
            if (c == '\n' || (c == '\r' && !(i < n && d[i] == '\n'))) r->line++;
            t[w++] = c;
        }
        r->i = i;
        if (!r->stop && i < n && d[i] != sep && !at_row_end(r)) {
            error(r, JM_CSV_AFTER_QUOTE, r->line, col, 0, 0);
            while (r->i < n && d[r->i] != sep && !at_row_end(r)) r->i++;
        }
    } else {
        while (i < n && d[i] != sep && d[i] != '\n' && d[i] != '\r') t[w++] = d[i++];
        r->i = i;
    }
    t[w] = '\0';
    r->w = w + 1;
    if (!r->utf8_ok && !jm_utf8_valid(t + start, w - start)) error(r, JM_CSV_NOT_UTF8, line, col, 0, 0);
    jm_csv_cell *c = jm_vec_push(&r->cells);
    if (!c) {
        r->oom = true;
        r->stop = true;
        return;
    }
    *c = (jm_csv_cell){(uint32_t)start, (uint32_t)(w - start), line};
}

static void check_header(reader *r, jm_csv *out)
{
    jm_strmap seen;
    jm_strmap_init(&seen, r->cells.mem);
    const jm_csv_cell *cells = r->cells.items;
    for (size_t c = 0; c < out->n_cols; c++) {
        const char *s = r->text + cells[c].off;
        size_t len = cells[c].len;
        jm_trim(&s, &len);
        if (!len) continue;
        void *first = jm_strmap_get(&seen, s, len);
        if (first) error(r, JM_CSV_DUP_HEADER, cells[c].line, c + 1, 0, (size_t)(uintptr_t)first);
        else if (!jm_strmap_put(&seen, s, len, (void *)(uintptr_t)(c + 1))) r->oom = true;
    }
    jm_strmap_release(&seen);
}

bool jm_csv_read(const char *data, size_t len, char sep, jm_arena *a, jm_csv *out, jm_vec *errors, size_t max_errors)
{
    memset(out, 0, sizeof *out);
    reader r = {.d = data, .n = len, .line = 1, .sep = sep, .errors = errors, .max_errors = max_errors};
    jm_vec_init(&r.cells, sizeof(jm_csv_cell), a->mem);
    if (len > JM_MAX_INPUT) {
        error(&r, JM_CSV_TOO_BIG, 1, 1, 0, 0);
        return !r.oom;
    }
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
        r.d += 3;
        r.n -= 3;
    }
    r.utf8_ok = jm_utf8_valid(r.d, r.n);
    /* each field's text and its NUL fit in the bytes it was read from and
     * its separator; one more for a last field without a line end */
    r.text = jm_alloc(a, r.n + 1);
    if (!r.text) return false;
    size_t rows = 0, cells_max = JM_MAX_DATA_CELLS;
    while (r.i < r.n && !r.stop) {
        if (at_row_end(&r)) { /* a blank line */
            skip_row_end(&r);
            continue;
        }
        uint32_t row_line = r.line;
        size_t fields = 0, first = r.cells.n;
        for (;;) {
            if (r.cells.n >= cells_max) {
                error(&r, JM_CSV_TOO_MANY_CELLS, r.line, fields + 1, 0, 0);
                r.stop = true;
                break;
            }
            field(&r, ++fields);
            if (r.stop) break;
            if (r.i < r.n && r.d[r.i] == sep) {
                r.i++;
                continue;
            }
            if (r.i < r.n) skip_row_end(&r);
            break;
        }
        if (r.stop) { /* the row cut short is left out */
            r.cells.n = first;
            break;
        }
        if (rows == 0) {
            out->n_cols = fields;
        } else if (fields != out->n_cols) {
            error(&r, JM_CSV_RAGGED, row_line, fields < out->n_cols ? fields + 1 : out->n_cols + 1, fields, out->n_cols);
            /* kept rectangular: cut, or padded with empty cells */
            if (fields > out->n_cols) r.cells.n = first + out->n_cols;
            for (size_t k = fields; k < out->n_cols; k++) {
                jm_csv_cell *c = jm_vec_push(&r.cells);
                if (!c) {
                    r.oom = true;
                    break;
                }
                *c = (jm_csv_cell){(uint32_t)(r.w ? r.w - 1 : 0), 0, row_line};
            }
            if (r.oom) break;
        }
        if (++rows > (size_t)JM_MAX_DATA_ROWS + 1) {
            error(&r, JM_CSV_TOO_MANY_ROWS, row_line, 1, 0, 0);
            break;
        }
    }
    out->lines = r.line;
    if (rows == 0 && !r.stop) error(&r, JM_CSV_EMPTY, 1, 1, 0, 0);
    else if (rows == 1 && !r.stop) error(&r, JM_CSV_NO_ROWS, 1, 1, 0, 0);
    if (rows >= 1) check_header(&r, out);
    /* whole rows only: what an error cut short is left out */
    size_t total = out->n_cols ? r.cells.n / out->n_cols : 0, n_cells = total * out->n_cols;
    r.cells.n = n_cells;
    out->text = r.text;
    out->cells = n_cells ? jm_vec_freeze(&r.cells, a) : NULL;
    if (!out->cells) {
        total = 0;
        out->n_cols = 0;
    }
    out->n_rows = total ? total - 1 : 0;
    jm_vec_release(&r.cells);
    return !r.oom && !a->failed;
}

long jm_csv_column(const jm_csv *t, const char *name, size_t len)
{
    jm_trim(&name, &len);
    for (size_t c = 0; c < t->n_cols; c++) {
        const jm_csv_cell *cell = jm_csv_at(t, 0, c);
        const char *s = jm_csv_str(t, cell);
        size_t l = cell->len;
        jm_trim(&s, &l);
        if (l == len && memcmp(s, name, len) == 0) return (long)c;
    }
    return -1;
}
