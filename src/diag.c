/* Diagnostics: collecting, ordering and formatting them. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "utf8.h"

void jm_error(jmap_doc *doc, jm_pos pos, const char *fmt, ...)
{
    doc->n_errors++;
    if (doc->diags.n >= JM_MAX_ERRORS) {
        doc->truncated = true;
        return;
    }
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    jmap_diag *d = jm_vec_push(&doc->diags);
    if (!d) return;
    d->file = doc->file;
    d->line = pos.line;
    d->column = pos.col;
    d->severity = JMAP_ERROR;
    d->message = jm_strdup(&doc->arena, buf);
    if (!d->message) d->message = "out of memory";
}

bool jm_too_many_errors(const jmap_doc *doc) { return doc->diags.n >= JM_MAX_ERRORS; }

static int by_position(const void *a, const void *b)
{
    const jmap_diag *x = a, *y = b;
    if (x->line != y->line) return x->line < y->line ? -1 : 1;
    if (x->column != y->column) return x->column < y->column ? -1 : 1;
    /* keep the order of discovery (messages were allocated in order) */
    return x->message < y->message ? -1 : x->message > y->message;
}

void jm_diags_finish(jmap_doc *doc)
{
    size_t n = doc->diags.n;
    if (n > 1) qsort(doc->diags.items, n, sizeof(jmap_diag), by_position);
    doc->sorted = jm_vec_freeze(&doc->diags, &doc->arena);
    doc->diags.n = n; /* freeze resets the count; keep it */
}

size_t jmap_doc_error_count(const jmap_doc *doc) { return doc ? doc->n_errors : 0; }
size_t jmap_doc_diag_count(const jmap_doc *doc) { return doc ? doc->diags.n : 0; }

const jmap_diag *jmap_doc_diag(const jmap_doc *doc, size_t i)
{
    if (!doc || i >= doc->diags.n) return NULL;
    return &doc->sorted[i];
}

/* Finds line `line` (1-based) of the source; returns its start and byte length. */
static const char *source_line(const jmap_doc *doc, int line, size_t *len)
{
    const char *p = doc->src, *end = doc->src + doc->len;
    for (int l = 1; l < line && p < end; l++) {
        while (p < end && *p != '\n' && *p != '\r') p++;
        if (p < end && *p == '\r' && p + 1 < end && p[1] == '\n') p++;
        if (p < end) p++;
    }
    const char *q = p;
    while (q < end && *q != '\n' && *q != '\r') q++;
    *len = (size_t)(q - p);
    return p;
}

size_t jmap_diag_format(const jmap_doc *doc, const jmap_diag *d, char *buf, size_t size)
{
    char tmp[1];
    if (!buf || size == 0) { buf = tmp; size = 1; }
    const char *sev = d->severity == JMAP_ERROR ? "error" : "warning";
    int n;
    if (d->line > 0)
        n = snprintf(buf, size, "%s:%d:%d: %s: %s\n", d->file, d->line, d->column, sev, d->message);
    else
        n = snprintf(buf, size, "%s: %s: %s\n", d->file, sev, d->message);
    size_t total = n < 0 ? 0 : (size_t)n;
    if (d->line <= 0 || !doc || !doc->src) return total;

    size_t llen;
    const char *line = source_line(doc, d->line, &llen);
    if (llen > 400) llen = 400; /* a minified line would drown the message */
    /* the source line (a NUL or an invalid byte shown as U+FFFD, one character
     * each, as they were counted), then spaces (tabs kept, so the caret lines
     * up) and a caret */
    char *out = malloc(2 + llen * 3 + 1 + 2 + llen + (size_t)d->column + 2);
    if (!out) return total;
    size_t o = 0;
    out[o++] = ' ';
    out[o++] = ' ';
    size_t line_start = o;
    for (size_t i = 0; i < llen;) {
        size_t ok = jm_utf8_check(line + i, llen - i);
        const char *nul = memchr(line + i, 0, ok);
        if (nul) ok = (size_t)(nul - (line + i));
        memcpy(out + o, line + i, ok);
        o += ok;
        i += ok;
        if (i < llen) {
            memcpy(out + o, "\xEF\xBF\xBD", 3);
            o += 3;
            i++;
        }
    }
    size_t line_end = o;
    out[o++] = '\n';
    out[o++] = ' ';
    out[o++] = ' ';
    const char *p = out + line_start, *end = out + line_end;
    for (int c = 1; c < d->column && p < end; c++) {
        out[o++] = *p == '\t' ? '\t' : ' ';
        p += jm_utf8_seqlen((unsigned char)*p);
    }
    out[o++] = '^';
    out[o++] = '\n';
    size_t used = total < size ? total : size - 1;
    size_t room = size - 1 - used;
    size_t copy = o < room ? o : room;
    memcpy(buf + used, out, copy);
    buf[used + copy] = '\0';
    free(out);
    return total + o;
}
