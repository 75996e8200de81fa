/* The Mermaid journey reader: Mermaid's preprocessing (front matter,
 * directives, comment lines) and its journey grammar, followed rule by rule
 * (packages/mermaid/src/diagrams/user-journey/parser/journey.jison and
 * journeyDb.js in Mermaid's repository; docs/mermaid.md lists the rules).
 * The lexer works on a copy of the input in which what Mermaid's
 * preprocessing removes is blanked out, so that every offset is still an
 * offset in the input and every diagnostic points where the user looks.
 * Character classes, detection, the Markdown note and the decoding of texts
 * are in mermaid_text.c. */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <yaml.h>

#include "load/load.h"
#include "load/mermaid.h"
#include "load/mermaid_text.h"
#include "base/scalar.h"
#include "base/utf8.h"

/* ---- the reader ---- */

typedef struct reader {
    jmap_doc *doc;
    jm_arena *a;
    mm_diagram *d;
    char *b;               /* the input with what preprocessing removes blanked */
    size_t n;
    /* the last position asked for, from which the next is counted: the lexer
     * moves forward, and a statement looks back only inside itself */
    size_t pos_off, pos_line_start, pos_col;
    int pos_line;
} reader;

static bool char_start(const char *s, size_t i) { return ((unsigned char)s[i] & 0xC0) != 0x80; }

/* The line and column of input offset off, counted from the last position
 * asked for (forward or back), never from the first byte. */
static jm_pos at(reader *r, size_t off)
{
    const char *src = r->doc->src, *b = r->b;
    if (off > r->n) off = r->n;
    for (; r->pos_off < off; r->pos_off++) {
        if (b[r->pos_off] == '\n') {
            r->pos_line++;
            r->pos_line_start = r->pos_off + 1;
            r->pos_col = 0;
        } else if (char_start(src, r->pos_off)) {
            r->pos_col++;
        }
    }
    while (r->pos_off > off) {
        size_t i = --r->pos_off;
        if (b[i] == '\n') {
            r->pos_line--;
            while (i > 0 && b[i - 1] != '\n') i--;
            r->pos_line_start = i;
            r->pos_col = jm_utf8_chars(src + i, r->pos_off - i);
        } else if (char_start(src, i)) {
            r->pos_col--;
        }
    }
    return (jm_pos){r->pos_line, (int)r->pos_col + 1};
}

static void blank(reader *r, size_t from, size_t to)
{
    for (size_t i = from; i < to && i < r->n; i++)
        if (r->b[i] != '\n') r->b[i] = ' ';
}

/* The front matter's title (js-yaml, JSON schema: a scalar; null, false, 0
 * and "" are no title). Its YAML is [ys, ye) of the input. */
static void front_matter_title(reader *r, size_t ys, size_t ye)
{
    yaml_parser_t p;
    if (!yaml_parser_initialize(&p)) return;
    yaml_parser_set_input_string(&p, (const unsigned char *)r->doc->src + ys, ye - ys);
    jm_pos base = at(r, ys);
    int depth = 0;
    bool key = true, want_title = false, done = false;
    while (!done) {
        yaml_event_t e;
        if (!yaml_parser_parse(&p, &e)) {
            jm_pos pos = {base.line + (int)p.problem_mark.line, (int)p.problem_mark.column + 1};
            jm_error(r->doc, pos, "the front matter is not valid YAML (%s): Mermaid fails on it too",
                     p.problem ? p.problem : "syntax error");
            break;
        }
        switch (e.type) {
        case YAML_STREAM_END_EVENT: done = true; break;
        case YAML_MAPPING_START_EVENT:
        case YAML_SEQUENCE_START_EVENT:
            depth++;
            if (depth == 2) key = !key; /* a non-scalar value of the top mapping */
            want_title = false;
            break;
        case YAML_MAPPING_END_EVENT:
        case YAML_SEQUENCE_END_EVENT: depth--; break;
        case YAML_SCALAR_EVENT:
            if (depth != 1) break;
            if (key) {
                const char *k = (const char *)e.data.scalar.value;
                want_title = strcmp(k, "title") == 0;
                if (strcmp(k, "config") == 0)
                    jm_warn(r->doc, (jm_pos){base.line + (int)e.start_mark.line, (int)e.start_mark.column + 1},
                                    "Mermaid's 'config' is ignored: a map's look comes from its theme");
            } else if (want_title) {
                const char *v = (const char *)e.data.scalar.value;
                size_t l = e.data.scalar.length;
                bool plain = e.data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
                bool none = l == 0 || (plain && (strcmp(v, "null") == 0 || strcmp(v, "~") == 0 ||
                                                 strcmp(v, "false") == 0 || strcmp(v, "0") == 0));
                r->d->fm_title = (mm_text){NULL, 0, {0, 0}};
                if (!none) {
                    r->d->fm_title.s = jm_strndup(r->a, v, l);
                    r->d->fm_title.len = l;
                    r->d->fm_title.pos = (jm_pos){base.line + (int)e.start_mark.line, (int)e.start_mark.column + 1};
                }
                want_title = false;
            }
            key = !key;
            break;
        default: break;
        }
        yaml_event_delete(&e);
    }
    yaml_parser_delete(&p);
}

/* Mermaid's preprocessing, as blanking: CRLF and CR as LF, the front matter,
 * %%{...}%% directives (each a warning), lines that are %% comments. */
static void preprocess(reader *r)
{
    char *b = r->b;
    size_t n = r->n;
    for (size_t i = 0; i < n; i++)
        if (b[i] == '\r') b[i] = i + 1 < n && b[i + 1] == '\n' ? ' ' : '\n';
    size_t i0 = n >= 3 && memcmp(b, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0, ys, ye;
    blank(r, 0, i0);
    size_t fm = jm_mm_front_matter(b + i0, n - i0, &ys, &ye);
    if (fm) {
        front_matter_title(r, i0 + ys, i0 + ye);
        blank(r, i0, i0 + fm);
    }
    for (size_t i = 0; i + 2 < n; i++) {
        if (b[i] != '%' || b[i + 1] != '%' || b[i + 2] != '{') continue;
        size_t w = jm_mm_skip_spaces(b, n, i + 3);
        if (w >= n || !jm_mm_word_char(b[w])) continue;
        size_t end = n;
        for (size_t k = w; k + 2 < n; k++)
            if (b[k] == '}' && b[k + 1] == '%' && b[k + 2] == '%') { end = k + 3; break; }
        jm_warn(r->doc, at(r, i),
                        "Mermaid directive ignored: a map's look comes from its theme, not from Mermaid's configuration");
        blank(r, i, end);
        i = end - 1;
    }
    /* /^\s*%%(?!{)[^\n]+\n?/gm */
    for (size_t i = 0; i < n; i = jm_mm_line_end(b, n, i) + 1) {
        size_t e = jm_mm_line_end(b, n, i), t = jm_mm_skip_spaces(b, e, i);
        if (e - t >= 3 && b[t] == '%' && b[t + 1] == '%' && b[t + 2] != '{') blank(r, t, e);
    }
}

/* ---- the lexer: journey.jison's rules, first match wins, case-insensitive ---- */

enum {
    T_EOF, T_NEWLINE, T_JOURNEY, T_TITLE, T_ACC_TITLE, T_ACC_DESCR, T_ACC_DESCR_ML, T_SECTION,
    T_TASKNAME, T_TASKDATA, T_COLON, T_INVALID
};

typedef struct token {
    int type;
    size_t off, end;   /* the token */
    size_t v, vend;    /* its value */
    size_t comment;    /* a `#` comment skipped just before it, or SIZE_MAX */
} token;

/* accTitle / accDescr followed by \s* c \s*: the offset after, or 0. */
static size_t acc_key(const char *b, size_t n, size_t i, const char *word, char c)
{
    if (!jm_mm_ci_at(b, n, i, word)) return 0;
    size_t j = jm_mm_skip_spaces(b, n, i + strlen(word));
    if (j >= n || b[j] != c) return 0;
    return jm_mm_skip_spaces(b, n, j + 1);
}

/* `keyword` \s [^stop]+ : the offset of the value, or 0. */
static size_t keyword(const char *b, size_t n, size_t i, const char *word, const char *stop)
{
    size_t l = strlen(word);
    if (!jm_mm_ci_at(b, n, i, word)) return 0;
    size_t sp = jm_mm_space_at(b, n, i + l);
    if (!sp || jm_mm_run(b, n, i + l + sp, stop) == i + l + sp) return 0;
    return i + l + sp;
}

static token next(reader *r, size_t *i)
{
    const char *b = r->b;
    size_t n = r->n;
    token t = {T_EOF, n, n, n, n, SIZE_MAX};
    for (;;) {
        size_t p = *i, v;
        if (p >= n) return t;
        t.off = p;
        size_t cl = (size_t)jm_utf8_seqlen((unsigned char)b[p]);
        if (p + 2 < n + 1 && b[p] == '%' && p + 1 < n && b[p + 1] == '%' && (p + 2 >= n || b[p + 2] != '{')) {
            *i = jm_mm_line_end(b, n, p); /* %% comment */
            continue;
        }
        if (b[p] != '}' && p + cl + 1 < n && b[p + cl] == '%' && b[p + cl + 1] == '%') {
            *i = jm_mm_line_end(b, n, p + cl);
            continue;
        }
        if (b[p] == '\n') {
            while (*i < n && b[*i] == '\n') (*i)++;
            t.type = T_NEWLINE;
            t.end = *i;
            return t;
        }
        if (jm_mm_space_at(b, n, p)) { *i = jm_mm_skip_spaces(b, n, p); continue; }
        if (b[p] == '#' && !jm_mm_entity_at(b, n, p)) {
            t.comment = p;
            *i = jm_mm_line_end(b, n, p);
            continue;
        }
        t.v = t.vend = p;
        if (jm_mm_ci_at(b, n, p, "journey")) {
            t.type = T_JOURNEY;
            *i = t.end = p + 7;
        } else if ((v = keyword(b, n, p, "title", "#\n;"))) {
            t.type = T_TITLE;
            t.v = v;
            *i = t.end = t.vend = jm_mm_run(b, n, v, "#\n;");
        } else if ((v = acc_key(b, n, p, "accTitle", ':')) || (v = acc_key(b, n, p, "accDescr", ':'))) {
            t.type = jm_mm_ci_at(b, n, p, "accTitle") ? T_ACC_TITLE : T_ACC_DESCR;
            t.v = v;
            *i = t.end = t.vend = jm_mm_line_end(b, n, v);
        } else if ((v = acc_key(b, n, p, "accDescr", '{'))) {
            t.type = T_ACC_DESCR_ML;
            t.v = v;
            const char *close = v < n ? memchr(b + v, '}', n - v) : NULL;
            t.vend = close ? (size_t)(close - b) : n;
            *i = t.end = close ? t.vend + 1 : n;
        } else if ((v = keyword(b, n, p, "section", "#:\n;"))) {
            t.type = T_SECTION;
            t.v = v;
            *i = t.end = t.vend = jm_mm_run(b, n, v, "#:\n;");
        } else if ((v = jm_mm_run(b, n, p, "#:\n;")) > p) {
            t.type = T_TASKNAME;
            *i = t.end = t.vend = v;
        } else if (b[p] == ':' && (v = jm_mm_run(b, n, p + 1, "#\n;")) > p + 1) {
            t.type = T_TASKDATA;
            t.v = p + 1;
            *i = t.end = t.vend = v;
        } else {
            t.type = b[p] == ':' ? T_COLON : T_INVALID;
            *i = t.end = t.vend = p + cl;
        }
        return t;
    }
}

/* ---- text ---- */

/* The text of input [from, to): trimmed as String.trim() does, entities
 * decoded, <br> as a line break. */
static mm_text text(reader *r, size_t from, size_t to)
{
    from = jm_mm_trim_start(r->b, from, to);
    to = jm_mm_trim_end(r->b, from, to);
    mm_text t = {NULL, 0, at(r, from)};
    char *out = jm_alloc(r->a, (to - from) * 2 + 1);
    if (!out) return t;
    t.len = jm_mm_decode(r->b, from, to, out);
    t.s = out;
    return t;
}

/* ---- the grammar: journey document EOF, a statement per line ---- */

static const char *const other_diagrams[] = {
    "flowchart", "graph", "sequenceDiagram", "classDiagram", "stateDiagram", "erDiagram", "gantt", "pie",
    "gitGraph", "mindmap", "timeline", "quadrantChart", "requirementDiagram", "C4Context", "sankey", "xychart",
    "block", "packet", "kanban", "architecture", "radar", "treemap", "zenuml",
};

/* What starts the diagram when it is not `journey`. */
static void not_a_journey(reader *r, const token *t)
{
    jm_pos pos = at(r, t->off);
    if (t->type == T_EOF) {
        jm_error(r->doc, (jm_pos){1, 1}, "the diagram is empty: a Mermaid journey starts with a line 'journey'");
        return;
    }
    if (t->type == T_JOURNEY) {
        jm_error(r->doc, pos, "Mermaid recognises a journey only by 'journey' in lower case");
        return;
    }
    size_t e = t->off;
    while (e < r->n && r->b[e] != '\n' && !jm_mm_space_at(r->b, r->n, e) && r->b[e] != '-' && r->b[e] != ':') e++;
    int wl = e - t->off > 40 ? 40 : (int)(e - t->off);
    if (t->end - t->off >= 3 && memcmp(r->b + t->off, "---", 3) == 0) {
        jm_error(r->doc, pos, "a front-matter block is not recognised here: it opens with '---' on the very first "
                              "line and closes with an unindented '---' line (Mermaid fails here too)");
        return;
    }
    if (r->b[t->off] == '`' || r->b[t->off] == '~') {
        jm_error(r->doc, pos, "the diagram is inside a Markdown fence: remove the ```mermaid line and the closing ```");
        return;
    }
    for (size_t i = 0; i < sizeof other_diagrams / sizeof *other_diagrams; i++)
        if (jm_mm_ci_at(r->b, r->n, t->off, other_diagrams[i])) {
            jm_error(r->doc, pos, "this Mermaid diagram is a '%.*s', not a 'journey': jmap reads only journeys", wl,
                     r->b + t->off);
            return;
        }
    jm_error(r->doc, pos, "a Mermaid journey starts with a line 'journey', not '%.*s'", wl, r->b + t->off);
}

/* A task `NAME: SCORE: A, B`: journeyDb's addTask, with what it misreads
 * silently made an error. */
static void task(reader *r, const token *name, const token *data, size_t section)
{
    mm_diagram *d = r->d;
    if (d->tasks.n >= JM_MAX_TOUCHPOINTS) {
        if (d->tasks.n == JM_MAX_TOUCHPOINTS)
            jm_error(r->doc, at(r, name->off), "more than %d tasks: a journey map has at most %d touchpoints",
                     JM_MAX_TOUCHPOINTS, JM_MAX_TOUCHPOINTS);
        d->tasks.n++; /* counted, never stored again */
        return;
    }
    const char *b = r->b;
    /* pieces = data.split(':'): the score, the actors, and what Mermaid drops */
    size_t c1 = jm_mm_run(b, data->vend, data->v, ":");
    size_t c2 = c1 < data->vend ? jm_mm_run(b, data->vend, c1 + 1, ":") : data->vend;
    mm_text nm = text(r, name->v, name->vend);
    mm_text score = text(r, data->v, c1);
    if (!nm.s || !score.s) return;
    if (score.len == 0) score.pos = at(r, data->v);
    double value = 0;
    if (!jm_parse_number(score.s, score.len, &value)) {
        const char *arrow = NULL;
        for (size_t i = name->v; i + 1 < name->vend && !arrow; i++)
            if (b[i] == '-' && b[i + 1] == '>') arrow = b + i;
        mm_text second = c1 < data->vend ? text(r, c1 + 1, c2) : (mm_text){NULL, 0, {0, 0}};
        double x;
        if (score.len == 0)
            jm_error(r->doc, score.pos, "the score is missing after ':' (Mermaid reads it as 0): write a number, "
                                        "as in '%s: 3'", nm.s);
        else if (arrow)
            jm_error(r->doc, at(r, (size_t)(arrow - b)),
                     "'->' where ':' belongs: Mermaid reads the score '%s', which is not a number; write "
                     "'NAME: SCORE: ACTORS', as in '%.*s: %.*s: %s'", score.s,
                     (int)(jm_mm_trim_end(b, name->v, (size_t)(arrow - b)) - name->v), b + name->v,
                     (int)(jm_mm_trim_end(b, (size_t)(arrow - b), name->vend) - jm_mm_trim_start(b, (size_t)(arrow - b) + 2, name->vend)),
                     b + jm_mm_trim_start(b, (size_t)(arrow - b) + 2, name->vend), score.s);
        else if (second.s && jm_parse_number(second.s, second.len, &x))
            jm_error(r->doc, at(r, data->off),
                     "a ':' inside the task name: Mermaid ends the name here and reads the score '%s', which is not "
                     "a number; remove the ':' or write it as #58;", score.s);
        else
            jm_error(r->doc, score.pos, "the score '%s' is not a number: a task is 'NAME: SCORE' or 'NAME: SCORE: "
                                        "ACTORS', with a number such as 3 for SCORE", score.s);
        return;
    }
    if (c2 < data->vend)
        jm_error(r->doc, at(r, c2), "a third ':' in a task: Mermaid ignores what follows it; remove it, or write "
                                    "#58; for a ':' in an actor's name");
    mm_task *t = jm_vec_push(&d->tasks);
    if (!t) return;
    t->name = nm;
    t->score = score;
    t->section = section;
    if (value < 1 || value > 5) {
        double lo = 1, hi = 5;
        jm_parse_number(d->lo.s, d->lo.len, &lo);
        jm_parse_number(d->hi.s, d->hi.len, &hi);
        if (value < lo) d->lo = score;
        if (value > hi) d->hi = score;
        jm_warn(r->doc, score.pos, "score %s is outside Mermaid's 1 to 5: the map's scale is widened to "
                                           "take it in (Mermaid draws it outside its chart)", score.s);
    }
    if (c1 >= data->vend) return;
    size_t n_commas = 1;
    for (size_t i = c1 + 1; i < c2; i++) n_commas += b[i] == ',';
    t->actors = jm_alloc(r->a, n_commas * sizeof *t->actors);
    if (!t->actors) return;
    for (size_t i = c1 + 1; i <= c2;) {
        size_t e = jm_mm_run(b, c2, i, ",");
        mm_text a = text(r, i, e);
        i = e + 1;
        if (!a.s || a.len == 0) continue;
        size_t idx = (size_t)(uintptr_t)jm_strmap_get(&d->actor_index, a.s, a.len);
        if (!idx) {
            mm_text *slot = jm_vec_push(&d->actors);
            size_t *listed = jm_vec_push(&d->listed);
            if (!slot || !listed || !jm_strmap_put(&d->actor_index, a.s, a.len, (void *)(uintptr_t)d->actors.n))
                return;
            *slot = a;
            idx = d->actors.n;
        }
        size_t *listed = (size_t *)d->listed.items + (idx - 1);
        if (*listed != d->tasks.n) { /* once per task: tasks.n counts this one */
            *listed = d->tasks.n;
            t->actors[t->n_actors++] = idx - 1;
        }
    }
}

/* Skips the rest of a line that has an error. */
static void recover(reader *r, const token *last, size_t *i)
{
    if (last->type != T_NEWLINE && last->type != T_EOF) *i = jm_mm_line_end(r->b, r->n, last->end);
}

static bool has_newline(reader *r, size_t from, size_t to)
{
    return to > from && memchr(r->b + from, '\n', to - from) != NULL;
}

/* A title that holds `: NUMBER`: a task whose name starts with "title ". */
static bool title_is_task(reader *r, const token *t)
{
    size_t c1 = jm_mm_run(r->b, t->vend, t->v, ":");
    if (c1 >= t->vend) return false;
    size_t c2 = jm_mm_run(r->b, t->vend, c1 + 1, ":");
    mm_text s = text(r, c1 + 1, c2);
    double x;
    return s.s && jm_parse_number(s.s, s.len, &x);
}

static void taskname_error(reader *r, const token *name, const token *t)
{
    mm_text nm = text(r, name->v, name->vend);
    const char *arrow = nm.s ? strstr(nm.s, "->") : NULL;
    if (t->comment != SIZE_MAX)
        jm_error(r->doc, at(r, t->comment), "'#' starts a comment in Mermaid, so this task has no score: write #35; "
                                            "for a '#' in a name");
    else if (t->type == T_COLON)
        jm_error(r->doc, at(r, t->off), "the score is missing after ':': write a number, as in '%s: 3'",
                 nm.s ? nm.s : "");
    else if (t->type == T_INVALID && r->b[t->off] == ';')
        jm_error(r->doc, at(r, t->off), "';' is not allowed here in a Mermaid journey: write #59; for a ';' in a name");
    else if (arrow)
        jm_error(r->doc, at(r, name->v), "'->' where ':' belongs: write 'NAME: SCORE', as in '%.*s: %s'",
                 (int)(jm_mm_trim_end(nm.s, 0, (size_t)(arrow - nm.s))), nm.s, arrow + 2 + strspn(arrow + 2, " \t"));
    else
        jm_error(r->doc, at(r, name->v), "'%s' is not a statement: a task is 'NAME: SCORE' or 'NAME: SCORE: "
                 "ACTORS', as in '%s: 3: Me' (Mermaid fails here)", nm.s ? nm.s : "", nm.s ? nm.s : "");
}

void jm_mermaid_parse(jmap_doc *doc, jm_arena *scratch, mm_diagram *d)
{
    memset(d, 0, sizeof *d);
    jm_vec_init(&d->sections, sizeof(mm_text), jm_doc_mem(doc));
    jm_vec_init(&d->tasks, sizeof(mm_task), jm_doc_mem(doc));
    jm_vec_init(&d->actors, sizeof(mm_text), jm_doc_mem(doc));
    jm_vec_init(&d->listed, sizeof(size_t), jm_doc_mem(doc));
    jm_strmap_init(&d->actor_index, jm_doc_mem(doc));
    d->lo = (mm_text){"1", 1, {0, 0}};
    d->hi = (mm_text){"5", 1, {0, 0}};
    reader r = {doc, scratch, d, jm_strndup(scratch, doc->src, doc->len), doc->len, 0, 0, 0, 1};
    if (!r.b) return;
    preprocess(&r);
    /* Mermaid's preprocessing ends with trimStart(): blank lines before
     * `journey` are no NEWLINE token (the lexer alone would return one) */
    size_t i = jm_mm_skip_spaces(r.b, r.n, 0);
    token t = next(&r, &i);
    if (t.type != T_JOURNEY || (t.end < r.n && memcmp(r.b + t.off, "journey", 7) != 0)) {
        not_a_journey(&r, &t);
        return;
    }
    size_t section = SIZE_MAX;
    int prev = T_JOURNEY;
    while (!jm_too_many_errors(doc)) {
        t = next(&r, &i);
        if (t.type == T_EOF) break;
        switch (t.type) {
        case T_NEWLINE: break;
        case T_TITLE:
            if (has_newline(&r, t.off, t.v) || title_is_task(&r, &t)) {
                jm_error(doc, at(&r, t.off), "Mermaid reads this line as the diagram's title ('%.*s'), which is not "
                         "meant: a title is 'title TEXT' on one line, and a task's name cannot start with 'title '",
                         (int)(t.vend - t.v > 60 ? 60 : t.vend - t.v), r.b + t.v);
                recover(&r, &t, &i);
                break;
            }
            d->title = text(&r, t.v, t.vend);
            break;
        case T_ACC_TITLE: d->acc_title = text(&r, t.v, t.vend); break;
        case T_ACC_DESCR:
        case T_ACC_DESCR_ML: d->descr = text(&r, t.v, t.vend); break;
        case T_SECTION: {
            if (has_newline(&r, t.off, t.v)) {
                jm_error(doc, at(&r, t.off), "'section' needs its name on the same line");
                recover(&r, &t, &i);
                break;
            }
            mm_text *s = jm_vec_push(&d->sections);
            if (!s) return;
            *s = text(&r, t.v, t.vend);
            section = d->sections.n - 1;
            break;
        }
        case T_TASKNAME: {
            token data = next(&r, &i);
            if (data.type == T_TASKDATA && data.comment == SIZE_MAX) task(&r, &t, &data, section);
            else { taskname_error(&r, &t, &data); recover(&r, &data, &i); }
            break;
        }
        case T_TASKDATA:
        case T_COLON:
            if (prev == T_SECTION)
                jm_error(doc, at(&r, t.off), "a ':' in a section name: Mermaid ends the name at ':' and cannot read "
                                             "the rest; remove the ':' or write it as #58;");
            else
                jm_error(doc, at(&r, t.off), "a task needs a name before ':'");
            recover(&r, &t, &i);
            break;
        case T_JOURNEY:
            jm_error(doc, at(&r, t.off), "Mermaid reads 'journey' here as the diagram's keyword again: a line "
                                         "cannot start with 'journey' (a task's name, say, must not)");
            recover(&r, &t, &i);
            break;
        default:
            if (r.b[t.off] == ';')
                jm_error(doc, at(&r, t.off), "';' is not allowed here in a Mermaid journey: write #59; for a ';' in "
                                             "a name");
            else
                jm_error(doc, at(&r, t.off), "Mermaid cannot read this line");
            recover(&r, &t, &i);
            break;
        }
        prev = t.type;
    }
    if (doc->n_errors == 0 && d->tasks.n == 0 && d->sections.n == 0)
        jm_error(doc, at(&r, r.n), "the diagram has no sections and no tasks: add 'section NAME' and tasks "
                                   "'NAME: SCORE: ACTORS' below 'journey'");
}

void jm_mermaid_release(mm_diagram *d)
{
    jm_vec_release(&d->sections);
    jm_vec_release(&d->tasks);
    jm_vec_release(&d->actors);
    jm_vec_release(&d->listed);
    jm_strmap_release(&d->actor_index);
}
