/* Diagnostics: collecting, ordering and formatting them. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "utf8.h"

static void add(jmap_doc *doc, jm_pos pos, jmap_severity sev, const char *fmt, va_list ap)
{
    if (sev == JMAP_ERROR) doc->n_errors++;
    if (doc->diags.n >= JM_MAX_COLLECTED) {
        doc->truncated = true;
        return;
    }
    char buf[1024];
    vsnprintf(buf, sizeof buf, fmt, ap);
    jmap_diag *d = jm_vec_push(&doc->diags);
    if (!d) return;
    d->file = doc->file;
    d->line = pos.line;
    d->column = pos.col;
    d->severity = sev;
    d->message = jm_strdup(&doc->arena, buf);
    if (!d->message) d->message = "out of memory";
}

void jm_error(jmap_doc *doc, jm_pos pos, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    add(doc, pos, JMAP_ERROR, fmt, ap);
    va_end(ap);
}

void jm_warn(jmap_doc *doc, jm_pos pos, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    add(doc, pos, JMAP_WARNING, fmt, ap);
    va_end(ap);
}

bool jm_too_many_errors(const jmap_doc *doc) { return doc->diags.n >= JM_MAX_COLLECTED; }

jm_pos jm_visible_pos(const jmap_doc *doc, jm_pos pos)
{
    size_t len = 0;
    if (pos.line <= 0 || !doc->src || doc->len == 0) return pos;
    if (jm_line_at(doc->src, doc->len, pos.line, &len) && len > 0) return pos;
    for (int l = pos.line - 1; l >= 1; l--) {
        const char *t = jm_line_at(doc->src, doc->len, l, &len);
        if (t && len > 0) return (jm_pos){l, (int)jm_utf8_chars(t, len) + 1};
    }
    return (jm_pos){1, 1};
}

static int by_position(const void *a, const void *b)
{
    const jmap_diag *x = a, *y = b;
    if (x->line != y->line) return x->line < y->line ? -1 : 1;
    if (x->column != y->column) return x->column < y->column ? -1 : 1;
    /* keep the order of discovery (messages were allocated in order) */
    return x->message < y->message ? -1 : x->message > y->message;
}

static bool same(const jmap_diag *a, const jmap_diag *b)
{
    return a->line == b->line && a->column == b->column && a->severity == b->severity &&
           strcmp(a->message, b->message) == 0;
}

void jm_diags_finish(jmap_doc *doc)
{
    size_t n = doc->diags.n;
    jmap_diag *all = doc->diags.items;
    for (size_t i = 0; i < n; i++) {
        jm_pos p = jm_visible_pos(doc, (jm_pos){all[i].line, all[i].column});
        all[i].line = p.line;
        all[i].column = p.col;
    }
    if (n > 1) qsort(doc->diags.items, n, sizeof(jmap_diag), by_position);
    /* one report per place and message (an aliased value is checked at every use) */
    jmap_diag *d = doc->diags.items;
    size_t kept = 0;
    for (size_t i = 0; i < n; i++) {
        if (kept && same(&d[kept - 1], &d[i])) {
            if (d[i].severity == JMAP_ERROR) doc->n_errors--;
            continue;
        }
        d[kept++] = d[i];
    }
    n = kept < JM_MAX_ERRORS ? kept : JM_MAX_ERRORS;
    doc->diags.n = n;
    doc->sorted = jm_vec_freeze(&doc->diags, &doc->arena);
    doc->diags.n = n; /* freeze resets the count; keep it */
}

size_t jmap_doc_error_count(const jmap_doc *doc) { return doc ? doc->n_errors : 0; }

int jmap_doc_out_of_memory(const jmap_doc *doc) { return doc && (doc->mem.failed || doc->arena.failed); }
size_t jmap_doc_diag_count(const jmap_doc *doc) { return doc ? doc->diags.n : 0; }

const jmap_diag *jmap_doc_diag(const jmap_doc *doc, size_t i)
{
    if (!doc || i >= doc->diags.n) return NULL;
    return &doc->sorted[i];
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

    size_t llen = 0;
    const char *line = jm_line_at(doc->src, doc->len, d->line, &llen);
    if (!line) return total;
    if (llen > 400) llen = 400; /* a minified line would drown the message */
    /* the source line (a NUL or an invalid byte shown as U+FFFD, one character
     * each, as they were counted), then spaces (tabs kept, so the caret lines
     * up) and a caret */
    char *out = jm_mem_alloc(&doc->mem.user, 2 + llen * 3 + 1 + 2 + llen + (size_t)d->column + 2);
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
    jm_mem_free(&doc->mem.user, out);
    return total + o;
}
