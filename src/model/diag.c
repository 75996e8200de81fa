/* Diagnostics: collecting, ordering and formatting them. */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/doc.h"
#include "base/suggest.h"
#include "base/utf8.h"

/* The diagnostic recorded, or NULL when none was kept. */
static jmap_diag *add_in(jmap_doc *doc, const char *file, jm_pos pos, jmap_severity sev, const char *fmt, va_list ap)
{
    if (sev == JMAP_ERROR) doc->n_errors++;
    if (doc->diags.n >= JM_MAX_COLLECTED) {
        doc->truncated = true;
        return NULL;
    }
    char buf[1024];
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    size_t len = n < 0 ? 0 : (size_t)n < sizeof buf ? (size_t)n : sizeof buf - 1;
    if (n > 0 && (size_t)n >= sizeof buf) { /* cut: not in the middle of a character */
        size_t start = len;
        while (start && ((unsigned char)buf[start - 1] & 0xC0) == 0x80) start--;
        if (start && start - 1 + (size_t)jm_utf8_seqlen((unsigned char)buf[start - 1]) > len) len = start - 1;
    }
    jmap_diag *d = jm_vec_push(&doc->diags);
    if (!d) return NULL;
    d->file = file;
    d->line = pos.line;
    d->column = pos.col;
    d->severity = sev;
    /* the keys and values a message quotes are the journey's text: what a
     * terminal would act on ("\e]52;...") is shown escaped, here for every message */
    size_t need = jm_escape_hidden(buf, len, NULL, 0);
    char *msg = jm_alloc(&doc->arena, need + 1);
    if (msg) jm_escape_hidden(buf, len, msg, need + 1);
    d->message = msg ? msg : "out of memory";
    return d;
}

static jmap_diag *add(jmap_doc *doc, jm_pos pos, jmap_severity sev, const char *fmt, va_list ap)
{
    return add_in(doc, doc->file, pos, sev, fmt, ap);
}

void jm_error_in(jmap_doc *doc, const char *file, jm_pos pos, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    add_in(doc, file, pos, JMAP_ERROR, fmt, ap);
    va_end(ap);
}

void jm_warn_in(jmap_doc *doc, const char *file, jm_pos pos, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    add_in(doc, file, pos, JMAP_WARNING, fmt, ap);
    va_end(ap);
}

const char *jm_doc_add_file(jmap_doc *doc, const char *name, const char *src, size_t len, char sep)
{
    if (!doc->others.size) jm_vec_init(&doc->others, sizeof(jm_other_src), jm_doc_mem(doc));
    jm_other_src *o = jm_vec_push(&doc->others);
    char *file = jm_strdup(&doc->arena, name);
    if (!o || !file) return NULL;
    *o = (jm_other_src){file, src, len, NULL, 0, sep};
    return file;
}

/* 0 for the input, 1 + its index for another file. */
static size_t rank_of(const jmap_doc *doc, const char *file)
{
    const jm_other_src *o = doc->others.items;
    for (size_t i = 0; i < doc->others.n; i++)
        if (o[i].file == file) return i + 1;
    return 0;
}

static jmap_diag *add_v(jmap_doc *doc, const char *file, jm_pos pos, jmap_severity sev, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    jmap_diag *d = add_in(doc, file, pos, sev, fmt, ap);
    va_end(ap);
    return d;
}

static void error_near(jmap_doc *doc, const char *file, jm_pos pos, const jm_near *near, const char *tail,
                       const char *fmt, va_list ap)
{
    char base[1024];
    int n = vsnprintf(base, sizeof base, fmt, ap);
    size_t base_len = n < 0 ? 0 : (size_t)n < sizeof base ? (size_t)n : sizeof base - 1;
    jmap_diag *d = add_v(doc, file, pos, JMAP_ERROR, "%s%s", base, tail);
    if (!d || d->message == NULL || strncmp(d->message, base, base_len) != 0) return;
    jm_pending_near *p = jm_vec_push(&doc->nears);
    if (p) *p = (jm_pending_near){d->message, base_len, *near};
}

void jm_error_near(jmap_doc *doc, jm_pos pos, const jm_near *near, const char *tail, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    error_near(doc, doc->file, pos, near, tail, fmt, ap);
    va_end(ap);
}

void jm_error_near_in(jmap_doc *doc, const char *file, jm_pos pos, const jm_near *near, const char *tail,
                      const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    error_near(doc, file, pos, near, tail, fmt, ap);
    va_end(ap);
}

static int by_message(const void *a, const void *b)
{
    uintptr_t x = (uintptr_t)((const jm_pending_near *)a)->message, y = (uintptr_t)((const jm_pending_near *)b)->message;
    return x < y ? -1 : x > y;
}

/* The "did you mean" of each kept error that asked for one. */
static void find_nears(jmap_doc *doc, jmap_diag *kept, size_t n)
{
    jm_pending_near *p = doc->nears.items;
    size_t np = doc->nears.n;
    if (!np) return;
    qsort(p, np, sizeof *p, by_message);
    for (size_t i = 0; i < n; i++) {
        jm_pending_near key = {kept[i].message, 0, {0}};
        const jm_pending_near *f = bsearch(&key, p, np, sizeof *p, by_message);
        if (!f) continue;
        const char *near = jm_suggest(f->near.word, f->near.len, f->near.cands, f->near.n);
        if (!near) continue;
        char *m = jm_sprintf(&doc->arena, "%.*s (did you mean '%s'?)", (int)f->base_len, f->message, near);
        if (m) kept[i].message = m;
    }
    jm_vec_release(&doc->nears);
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

/* Where each line starts, so that finding a diagnostic's line does not
 * read the source from its start every time (4 000 errors in a large file
 * were quadratic). */
static size_t *index_src(jm_arena *a, const char *src, size_t len, size_t *n_lines)
{
    size_t n = 1;
    for (size_t i = 0; i < len;) {
        size_t b = jm_line_break(src + i, len - i);
        n += b > 0;
        i += b ? b : 1;
    }
    size_t *starts = jm_alloc(a, n * sizeof *starts);
    if (!starts) return NULL;
    starts[0] = 0;
    size_t k = 1;
    for (size_t i = 0; i < len;) {
        size_t b = jm_line_break(src + i, len - i);
        i += b ? b : 1;
        if (b) starts[k++] = i;
    }
    *n_lines = n;
    return starts;
}

static void index_lines(jmap_doc *doc)
{
    if (doc->line_starts || !doc->src) return;
    doc->line_starts = index_src(&doc->arena, doc->src, doc->len, &doc->n_lines);
}

/* Line `line` of src (jm_line_at), through the index when there is one. */
static const char *src_line(const char *src, size_t len, const size_t *starts, size_t n_lines, int line,
                            size_t *line_len)
{
    if (!starts) return jm_line_at(src, len, line, line_len);
    if (line < 1 || (size_t)line > n_lines) return NULL;
    size_t i = starts[line - 1], e = i;
    while (e < len && jm_line_break(src + e, len - e) == 0) e++;
    *line_len = e - i;
    return src + i;
}

static const char *line_of(const jmap_doc *doc, int line, size_t *line_len)
{
    return src_line(doc->src, doc->len, doc->line_starts, doc->n_lines, line, line_len);
}

/* The character at which field `field` of a table's line starts (quotes
 * followed), for the caret under a data file's diagnostic. */
static int field_char(const char *line, size_t len, char sep, int field)
{
    int f = 1, chars = 1;
    bool quoted = false;
    for (size_t i = 0; i < len && f < field; i++) {
        if (line[i] == '"') quoted = !quoted;
        else if (line[i] == sep && !quoted) f++;
        if (((unsigned char)line[i] & 0xC0) != 0x80) chars++;
    }
    return chars;
}

/* The line of a diagnostic, in whichever file it points into, and the
 * character its caret goes under. */
static const char *diag_line(const jmap_doc *doc, const jmap_diag *d, size_t *line_len, int *column)
{
    *column = d->column;
    size_t r = d->file == doc->file ? 0 : rank_of(doc, d->file);
    if (r == 0) return d->file == doc->file ? line_of(doc, d->line, line_len) : NULL;
    const jm_other_src *o = &((const jm_other_src *)doc->others.items)[r - 1];
    const char *line = src_line(o->src, o->len, o->line_starts, o->n_lines, d->line, line_len);
    if (line && o->sep) *column = field_char(line, *line_len, o->sep, d->column);
    return line;
}

jm_pos jm_visible_pos(const jmap_doc *doc, jm_pos pos)
{
    size_t len = 0;
    if (pos.line <= 0 || !doc->src || doc->len == 0) return pos;
    if (line_of(doc, pos.line, &len) && len > 0) return pos;
    for (int l = pos.line - 1; l >= 1; l--) {
        const char *t = line_of(doc, l, &len);
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
    return a->file == b->file && a->line == b->line && a->column == b->column && a->severity == b->severity &&
           strcmp(a->message, b->message) == 0;
}

/* A walk over the lines of a source, as jm_line_at counts them. */
typedef struct line_walk {
    const char *s;
    size_t len, start, end; /* line `line` is [start, end) */
    int line;               /* 0 before the first */
} line_walk;

static bool next_line(line_walk *w)
{
    if (w->line > 0 && w->end >= w->len) return false;
    w->start = w->line > 0 ? w->end + jm_line_break(w->s + w->end, w->len - w->end) : 0;
    w->end = w->start;
    while (w->end < w->len && jm_line_break(w->s + w->end, w->len - w->end) == 0) w->end++;
    w->line++;
    return true;
}

/* jm_visible_pos for every diagnostic, in one walk over the source: all[]
 * is in order of line. */
static void visible_positions(const jmap_doc *doc, jmap_diag *all, size_t n)
{
    if (!doc->src || doc->len == 0) return;
    line_walk w = {doc->src, doc->len, 0, 0, 0};
    jm_pos seen = {1, 1}; /* after the last line before w.line that is not empty */
    for (size_t i = 0; i < n; i++) {
        if (all[i].line <= 0) continue;
        while (w.line < all[i].line) {
            if (w.line > 0 && w.end > w.start)
                seen = (jm_pos){w.line, (int)jm_utf8_chars(w.s + w.start, w.end - w.start) + 1};
            if (!next_line(&w)) break;
        }
        if (w.line == all[i].line && w.end > w.start) continue;
        all[i].line = seen.line;
        all[i].column = seen.col;
    }
}

typedef struct ranked {
    size_t rank;
    jmap_diag d;
} ranked;

static int by_rank(const void *a, const void *b)
{
    const ranked *x = a, *y = b;
    if (x->rank != y->rank) return x->rank < y->rank ? -1 : 1;
    return by_position(&x->d, &y->d);
}

/* The diagnostics of other files after the input's, each file's in order of
 * position; returns how many point into the input. */
static size_t order_by_file(jmap_doc *doc)
{
    size_t n = doc->diags.n;
    jmap_diag *d = doc->diags.items;
    if (!doc->others.n) return n;
    ranked *r = jm_mem_alloc(jm_doc_mem(doc), (n ? n : 1) * sizeof *r);
    if (!r) return 0;
    size_t own = 0;
    for (size_t i = 0; i < n; i++) {
        r[i] = (ranked){rank_of(doc, d[i].file), d[i]};
        own += r[i].rank == 0;
    }
    qsort(r, n, sizeof *r, by_rank);
    for (size_t i = 0; i < n; i++) d[i] = r[i].d;
    jm_mem_free(jm_doc_mem(doc), r);
    return own;
}

void jm_diags_finish(jmap_doc *doc)
{
    size_t n = doc->diags.n;
    size_t own = order_by_file(doc);
    if (own > 1) qsort(doc->diags.items, own, sizeof(jmap_diag), by_position);
    visible_positions(doc, doc->diags.items, own);
    if (own > 1) qsort(doc->diags.items, own, sizeof(jmap_diag), by_position);
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
    if (n) index_lines(doc); /* for the source lines of jmap_diag_format */
    for (size_t i = 0; i < n; i++) { /* and those of the other files they point into */
        size_t r = rank_of(doc, d[i].file);
        jm_other_src *o = r ? &((jm_other_src *)doc->others.items)[r - 1] : NULL;
        if (o && !o->line_starts) o->line_starts = index_src(&doc->arena, o->src, o->len, &o->n_lines);
    }
    find_nears(doc, d, n);
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

/* The source line as shown under a message: a NUL or an invalid byte as
 * U+FFFD and a hidden character escaped (\x1b), one character each as they
 * were counted, tabs kept; under it, from pad, blanks as wide as what is
 * shown before the column (tabs kept, so that the caret lines up) and a
 * caret. out holds llen * 6 bytes and pad as many. Returns the line's length. */
static size_t shown_line(const char *line, size_t llen, int column, char *out, char *pad, size_t *pad_len)
{
    size_t o = 0, p = 0;
    int c = 1;
    for (size_t i = 0; i < llen; c++) {
        char esc[8];
        size_t seq = (size_t)jm_utf8_seqlen((unsigned char)line[i]), rest = llen - i, n;
        size_t ok = jm_utf8_check(line + i, seq < rest ? seq : rest); /* this character alone */
        const char *at = line + i;
        if (ok == 0 || line[i] == '\0') { /* a byte that is not valid UTF-8, or a NUL */
            memcpy(esc, "\xEF\xBF\xBD", 3);
            n = 3;
            i++;
        } else {
            const char *q = at;
            uint32_t cp = jm_utf8_next(&q, line + llen);
            i = (size_t)(q - line);
            n = cp == '\t' ? 0 : jm_hidden_escape(cp, esc);
            if (!n) {
                n = (size_t)(q - at);
                memcpy(esc, at, n);
            }
        }
        memcpy(out + o, esc, n);
        o += n;
        if (c < column) {
            size_t width = esc[0] == '\\' ? n : 1;
            for (size_t k = 0; k < width; k++) pad[p++] = *at == '\t' ? '\t' : ' ';
        }
    }
    *pad_len = p;
    return o;
}

/* The doc whose source d points into: doc, or a file it includes. */
static const jmap_doc *source_of(const jmap_doc *doc, const jmap_diag *d)
{
    if (!doc || d->file == doc->file) return doc;
    jmap_doc *const *kids = doc->children.items;
    for (size_t i = 0; i < doc->children.n; i++)
        if (kids[i]->file == d->file) return kids[i];
    return doc;
}

size_t jmap_diag_format(const jmap_doc *doc, const jmap_diag *d, char *buf, size_t size)
{
    char tmp[1];
    if (!buf || size == 0) { buf = tmp; size = 1; }
    const char *sev = d->severity == JMAP_ERROR ? "error" : "warning";
    /* the file's name as shown: a name holds any byte */
    const jmap_mem *mem = doc ? &doc->mem.user : NULL;
    size_t flen = strlen(d->file), fneed = jm_escape_hidden(d->file, flen, NULL, 0);
    char *file = fneed == flen ? NULL : jm_mem_alloc(mem, fneed + 1);
    if (file) jm_escape_hidden(d->file, flen, file, fneed + 1);
    int n;
    if (d->line > 0)
        n = snprintf(buf, size, "%s:%d:%d: %s: %s\n", file ? file : d->file, d->line, d->column, sev, d->message);
    else
        n = snprintf(buf, size, "%s: %s: %s\n", file ? file : d->file, sev, d->message);
    jm_mem_free(mem, file);
    size_t total = n < 0 ? 0 : (size_t)n;
    doc = source_of(doc, d);
    if (d->line <= 0 || !doc || !doc->src) return total;

    size_t llen = 0;
    int column;
    const char *line = diag_line(doc, d, &llen, &column);
    if (!line) return total;
    if (llen > 400) llen = 400; /* a minified line would drown the message */
    char *out = jm_mem_alloc(mem, 2 + llen * 6 + 1 + 2 + llen * 6 + 2);
    if (!out) return total;
    size_t o = 0, pad_len = 0;
    out[o++] = ' ';
    out[o++] = ' ';
    char *pad = out + 2 + llen * 6 + 1 + 2;
    o += shown_line(line, llen, column, out + o, pad, &pad_len);
    out[o++] = '\n';
    out[o++] = ' ';
    out[o++] = ' ';
    memmove(out + o, pad, pad_len);
    o += pad_len;
    out[o++] = '^';
    out[o++] = '\n';
    size_t used = total < size ? total : size - 1;
    size_t room = size - 1 - used;
    size_t copy = o < room ? o : room;
    memcpy(buf + used, out, copy);
    buf[used + copy] = '\0';
    jm_mem_free(mem, out);
    return total + o;
}
