#include "load/yamltree.h"

#include <stdio.h>
#include <string.h>
#include <yaml.h>

#include "base/strmap.h"
#include "base/utf8.h"

typedef struct frame {
    jm_node *node;
    jm_vec kids;                /* jm_node* */
    const char *anchor;
} frame;

typedef struct builder {
    jmap_doc *doc;
    jm_arena *tree;             /* the nodes, what only parsing needs */
    frame stack[JM_MAX_DEPTH + 2];
    int depth;
    jm_strmap anchors;
    size_t alias_nodes;         /* nodes added by expanding aliases, in the whole file */
    size_t nodes;               /* nodes of the whole file: what the tree costs */
    jm_vec roots;
    size_t bom;                 /* bytes skipped before libyaml's input */
    struct line_start *lines;   /* libyaml line -> editor position; NULL when they agree */
    size_t n_lines;
    bool failed;
} builder;

/* Where libyaml's lines (which NEL, LS and PS also end) start in an editor's
 * lines: only built when the input holds one of those rare breaks. */
typedef struct line_start {
    int line, col;              /* editor line (1-based), characters before it on that line */
} line_start;

static jm_pos mark_to_pos(const builder *b, yaml_mark_t m)
{
    if (!b->lines || m.line >= b->n_lines) return (jm_pos){(int)m.line + 1, (int)m.column + 1};
    const line_start *ls = &b->lines[m.line];
    return (jm_pos){ls->line, ls->col + (int)m.column + 1};
}

static void map_lines(builder *b, const char *s, size_t len)
{
    bool rare = false;
    for (size_t i = 0; i + 1 < len && !rare; i++)
        rare = jm_yaml_break(s + i, len - i) > 0 && jm_line_break(s + i, len - i) == 0;
    if (!rare) return;
    size_t n = 1;
    for (size_t i = 0; i < len;) {
        size_t br = jm_yaml_break(s + i, len - i);
        n += br > 0;
        i += br ? br : 1;
    }
    b->lines = jm_alloc(b->tree, n * sizeof *b->lines);
    if (!b->lines) return;
    int line = 1, col = 0;
    size_t k = 0;
    b->lines[k++] = (line_start){1, 0};
    for (size_t i = 0; i < len;) {
        size_t br = jm_yaml_break(s + i, len - i);
        if (!br) {
            col += ((unsigned char)s[i] & 0xC0) != 0x80;
            i++;
            continue;
        }
        if (jm_line_break(s + i, len - i)) {
            line++;
            col = 0;
        } else {
            col++; /* NEL, LS, PS: one character on the editor's line */
        }
        i += br;
        b->lines[k++] = (line_start){line, col};
    }
    b->n_lines = k;
}

/* Line and column (in characters) of a byte offset; for reader errors that carry only an offset. */
static jm_pos offset_pos(const jmap_doc *doc, size_t off)
{
    jm_pos p;
    jm_line_col(doc->src, doc->len, off, &p.line, &p.col);
    return p;
}

/* The text from a position (columns count characters) to the end of its
 * line, in *rest bytes; NULL past the end. */
static const char *text_at(const jmap_doc *doc, jm_pos pos, size_t *rest)
{
    size_t len;
    const char *line = jm_line_at(doc->src, doc->len, pos.line, &len);
    if (!line) return NULL;
    const char *p = line, *end = line + len;
    for (int c = 1; c < pos.col && p < end; c++) p += jm_utf8_seqlen((unsigned char)*p);
    *rest = p < end ? (size_t)(end - p) : 0;
    return p < end ? p : NULL;
}

/* The character at a libyaml mark (marks count characters, not bytes). */
static unsigned char char_at(const jmap_doc *doc, jm_pos pos)
{
    size_t rest;
    const char *p = text_at(doc, pos, &rest);
    return p ? (unsigned char)*p : 0;
}

/* The value of the `digits` hex digits after s[0] (the escape's letter), or
 * -1; *skip gets the characters the escape spans. */
static long hex_escape(const char *s, const char *end, int digits, size_t *skip)
{
    *skip = 1;
    if (!digits || end - s <= digits) return -1;
    long v = 0;
    for (int i = 1; i <= digits; i++) {
        char c = s[i];
        int d = c >= '0' && c <= '9'   ? c - '0'
                : c >= 'a' && c <= 'f' ? c - 'a' + 10
                : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                       : -1;
        if (d < 0) return -1;
        v = v * 16 + d;
    }
    *skip = (size_t)digits + 1;
    return v;
}

/* The value of a \uXXXX or \UXXXXXXXX escape at s (after the backslash), or
 * -1 for any other escape; *skip gets the characters it spans. */
static long unicode_escape(const char *s, const char *end, size_t *skip)
{
    return hex_escape(s, end, *s == 'u' ? 4 : *s == 'U' ? 8 : 0, skip);
}

/* libyaml refuses a \u escape of a surrogate (\uD800) or one past U+10FFFF
 * with its mark on the hex digits: reported at the backslash, saying which. */
static bool bad_unicode_escape(builder *b, jm_pos pos)
{
    if (pos.col < 3) return false;
    jm_pos at = {pos.line, pos.col - 2};
    size_t rest, skip;
    const char *p = text_at(b->doc, at, &rest);
    if (!p || *p != '\\' || rest < 2) return false;
    long v = unicode_escape(p + 1, p + rest, &skip);
    if (v < 0) return false;
    if (v >= 0xD800 && v <= 0xDFFF)
        jm_error(b->doc, at, "the escape '%.*s' is a UTF-16 surrogate, not a character: write the character itself, "
                             "or one \\U escape for a character past U+FFFF",
                 (int)skip + 1, p);
    else
        jm_error(b->doc, at, "the escape '%.*s' is past U+10FFFF, the last Unicode character", (int)skip + 1, p);
    return true;
}

static void report_parser_error(builder *b, yaml_parser_t *p)
{
    jm_pos pos;
    if (p->error == YAML_READER_ERROR) {
        size_t off = p->problem_offset + b->bom;
        pos = offset_pos(b->doc, off);
        unsigned char c = off < b->doc->len ? (unsigned char)b->doc->src[off] : 0;
        if (p->problem_value != -1 && c < 0x20)
            jm_error(b->doc, pos, "control character 0x%02X is not allowed in YAML text", c);
        else if (p->problem_value != -1 && jm_is_noncharacter((uint32_t)p->problem_value))
            jm_error(b->doc, pos, "the noncharacter U+%04X is not allowed: SVG and PDF cannot hold it",
                     (unsigned)p->problem_value);
        else
            jm_error(b->doc, pos, "unreadable text: %s", p->problem ? p->problem : "reader error");
        return;
    }
    if (p->error == YAML_MEMORY_ERROR) {
        jm_error(b->doc, (jm_pos){0, 0}, "out of memory while reading YAML");
        return;
    }
    const char *problem = p->problem ? p->problem : "syntax error";
    pos = mark_to_pos(b, p->problem_mark);
    /* at the end of the input, the construct left open says more than the end does */
    bool at_end = p->problem_mark.index + b->bom >= b->doc->len;
    if (at_end && p->context) pos = mark_to_pos(b, p->context_mark);
    pos = jm_visible_pos(b->doc, pos);
    unsigned char c = char_at(b->doc, pos);
    if (strstr(problem, "invalid Unicode character escape") && bad_unicode_escape(b, pos)) return;
    if (strstr(problem, "cannot start any token") && c == '\t')
        jm_error(b->doc, pos, "YAML syntax error: a tab cannot indent YAML; use spaces");
    else if (strstr(problem, "unexpected end of stream") && p->context && strstr(p->context, "quoted"))
        jm_error(b->doc, mark_to_pos(b, p->context_mark), "YAML syntax error: this quoted string is never closed");
    else if (strstr(problem, "mapping values are not allowed"))
        jm_error(b->doc, pos, "YAML syntax error: unexpected ':' (check this line's indentation, or put quotes "
                              "around a value that contains ': ')");
    else if (p->context)
        jm_error(b->doc, pos, "YAML syntax error: %s %s (line %d)", problem, p->context,
                 (int)p->context_mark.line + 1);
    else
        jm_error(b->doc, pos, "YAML syntax error: %s", problem);
}

static jm_node *new_node(builder *b, jm_kind kind, yaml_mark_t m)
{
    if (++b->nodes > JM_MAX_NODES) {
        jm_error(b->doc, mark_to_pos(b, m), "the file has more than %d YAML nodes", JM_MAX_NODES);
        b->failed = true;
        return NULL;
    }
    jm_node *n = jm_alloc_packed(b->tree, sizeof *n, _Alignof(jm_node));
    if (!n) { b->failed = true; return NULL; }
    n->kind = kind;
    n->pos = mark_to_pos(b, m);
    n->weight = 1;
    return n;
}

static bool remember_anchor(builder *b, const yaml_char_t *anchor, jm_node *n)
{
    if (!anchor) return true;
    const char *name = jm_strdup(b->tree, (const char *)anchor);
    return name && jm_strmap_put(&b->anchors, name, strlen(name), n);
}

/* Adds a finished node to the open container (or as a document root). */
static void attach(builder *b, jm_node *n)
{
    if (b->depth == 0) {
        jm_node **slot = jm_vec_push(&b->roots);
        if (slot) *slot = n;
        else b->failed = true;
        return;
    }
    frame *f = &b->stack[b->depth - 1];
    jm_node **slot = jm_vec_push(&f->kids);
    if (!slot) { b->failed = true; return; }
    *slot = n;
    f->node->weight += n->weight;
    if (n->height + 1 > f->node->height) f->node->height = (unsigned char)(n->height + 1);
}

static void open_container(builder *b, jm_kind kind, yaml_mark_t m, const yaml_char_t *anchor)
{
    if (b->depth >= JM_MAX_DEPTH) {
        jm_error(b->doc, mark_to_pos(b, m), "nesting is deeper than %d levels", JM_MAX_DEPTH);
        b->failed = true;
        return;
    }
    jm_node *n = new_node(b, kind, m);
    if (!n) return;
    n->open = true;
    n->height = 1;
    frame *f = &b->stack[b->depth++];
    f->node = n;
    jm_vec_init(&f->kids, sizeof(jm_node *), jm_doc_mem(b->doc));
    if (!remember_anchor(b, anchor, n)) b->failed = true;
}

static void close_container(builder *b)
{
    frame *f = &b->stack[--b->depth];
    jm_node *n = f->node;
    n->n = (uint32_t)f->kids.n; /* at most JM_MAX_NODES */
    n->kids = jm_vec_freeze(&f->kids, b->tree);
    if (n->n && !n->kids) b->failed = true;
    n->open = false;
    attach(b, n);
}

static void on_alias(builder *b, yaml_event_t *e)
{
    const char *name = (const char *)e->data.alias.anchor;
    jm_node *target = jm_strmap_get(&b->anchors, name, strlen(name));
    jm_pos pos = mark_to_pos(b, e->start_mark);
    if (!target) {
        jm_error(b->doc, pos, "unknown alias '*%s': no anchor '&%s' comes before it", name, name);
        b->failed = true;
        return;
    }
    if (target->open) {
        jm_error(b->doc, pos, "alias '*%s' refers to a node that contains it", name);
        b->failed = true;
        return;
    }
    b->alias_nodes += target->weight;
    if (b->alias_nodes > JM_MAX_ALIAS_NODES) {
        jm_error(b->doc, pos, "aliases expand to more than %d nodes", JM_MAX_ALIAS_NODES);
        b->failed = true;
        return;
    }
    /* the alias stands at depth b->depth and brings target->height levels of its own */
    if (b->depth + target->height > JM_MAX_DEPTH) {
        jm_error(b->doc, pos, "alias '*%s' makes nesting deeper than %d levels", name, JM_MAX_DEPTH);
        b->failed = true;
        return;
    }
    if (target->kind == JM_SCALAR) {
        /* a scalar is copied (its text shared) so that problems with it are
         * reported where the alias stands, not only at the anchor */
        jm_node *copy = new_node(b, JM_SCALAR, e->start_mark);
        if (!copy) return;
        *copy = *target;
        copy->pos = pos;
        attach(b, copy);
        return;
    }
    attach(b, target);
}

/* The value of a \0, \xXX, \uXXXX or \UXXXXXXXX escape at s (after the
 * backslash), or -1 for any other escape; *skip gets the characters it spans. */
static long value_escape(const char *s, const char *end, size_t *skip)
{
    if (*s == '0') { *skip = 1; return 0; }
    if (*s != 'x') return unicode_escape(s, end, skip);
    return hex_escape(s, end, 2, skip);
}

/* A character no text of a map can hold. A noncharacter (U+FFFE,
 * U+FDD0...): XML 1.0 forbids U+FFFE and U+FFFF in an SVG, cairo refuses
 * them all in a PDF. NUL: C strings, SVG, PDF and Pango all end a text
 * there, so that "a\0b" would be drawn "a" without a word. */
static bool unholdable(uint32_t c) { return c == 0 || jm_is_noncharacter(c); }

static void report_unholdable(builder *b, jm_pos at, uint32_t c, const char *esc, size_t esc_len)
{
    const char *why = c == 0 ? "a text cannot hold it"
                             : "SVG and PDF cannot hold it";
    if (esc && c == 0)
        jm_error(b->doc, at, "the escape '%.*s' gives NUL (U+0000), which is not allowed: %s", (int)esc_len, esc, why);
    else if (esc)
        jm_error(b->doc, at, "the escape '%.*s' gives the noncharacter U+%04lX, which is not allowed: %s", (int)esc_len,
                 esc, (unsigned long)c, why);
    else
        jm_error(b->doc, at, "the noncharacter U+%04X is not allowed: %s", (unsigned)c, why);
}

/* Each character of a scalar that no text can hold (unholdable) is
 * reported where it stands in the source, written as itself or as an
 * escape (\0, \x00, \u0000, \uFFFE) in a double-quoted scalar. libyaml
 * itself refuses a raw NUL, U+FFFE or U+FFFF; the other noncharacters and
 * every escape arrive here. */
static void check_unholdable(builder *b, const jm_node *n, bool double_quoted)
{
    size_t found = 0;
    for (const char *p = n->s, *end = n->s + n->len; p < end;)
        found += unholdable(jm_utf8_next(&p, end));
    if (!found) return;
    const jmap_doc *doc = b->doc;
    size_t line_len;
    const char *p = jm_line_at(doc->src, doc->len, n->pos.line, &line_len);
    const char *end = doc->src + doc->len;
    if (p == doc->src) p += b->bom;
    int line = n->pos.line, col = 1;
    for (; p && p < end && col < n->pos.col; col++) p += jm_utf8_seqlen((unsigned char)*p);
    while (p && p < end && found) {
        size_t br = jm_line_break(p, (size_t)(end - p));
        if (br) {
            p += br;
            line++;
            col = 1;
            continue;
        }
        if (double_quoted && *p == '\\' && p + 1 < end) {
            size_t skip;
            long v = value_escape(p + 1, end, &skip);
            if (v >= 0 && unholdable((uint32_t)v)) {
                report_unholdable(b, (jm_pos){line, col}, (uint32_t)v, p, skip + 1);
                found--;
            }
            if (p[1] == '\\' || p[1] == '"' || v >= 0) { /* an escaped backslash or quote, or a \u escape */
                p += skip + 1;
                col += (int)skip + 1;
                continue;
            }
        }
        uint32_t c = jm_utf8_next(&p, end);
        if (unholdable(c)) {
            report_unholdable(b, (jm_pos){line, col}, c, NULL, 0);
            found--;
        }
        col++;
    }
    if (found) /* not found in the source (cannot happen): at the scalar, still */
        jm_error(b->doc, n->pos, "this text holds NUL or a noncharacter (such as U+FFFE), which is not allowed: SVG "
                                 "and PDF cannot hold it");
}

static void on_scalar(builder *b, yaml_event_t *e)
{
    jm_node *n = new_node(b, JM_SCALAR, e->start_mark);
    if (!n) return;
    n->plain = e->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
    n->len = (uint32_t)e->data.scalar.length; /* the input is at most 16 MiB */
    n->s = jm_strndup(&b->doc->arena, (const char *)e->data.scalar.value, n->len);
    if (!n->s || !remember_anchor(b, e->data.scalar.anchor, n)) {
        b->failed = true;
        return;
    }
    check_unholdable(b, n, e->data.scalar.style == YAML_DOUBLE_QUOTED_SCALAR_STYLE);
    attach(b, n);
}

static void release(builder *b)
{
    for (int i = 0; i < b->depth; i++) jm_vec_release(&b->stack[i].kids);
    jm_strmap_release(&b->anchors);
}

jm_node **jm_yaml_parse(jmap_doc *doc, jm_arena *tree, size_t *n_roots)
{
    builder b;
    memset(&b, 0, sizeof b);
    b.doc = doc;
    b.tree = tree;
    jm_vec_init(&b.roots, sizeof(jm_node *), jm_doc_mem(doc));
    jm_strmap_init(&b.anchors, jm_doc_mem(doc));
    *n_roots = 0;

    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser)) {
        jm_error(doc, (jm_pos){0, 0}, "out of memory");
        return NULL;
    }
    /* a UTF-8 byte order mark is skipped here: libyaml would count it as a column */
    size_t bom = doc->len >= 3 && memcmp(doc->src, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    b.bom = bom;
    map_lines(&b, doc->src + bom, doc->len - bom);
    yaml_parser_set_input_string(&parser, (const unsigned char *)doc->src + bom, doc->len - bom);
    yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);

    bool done = false;
    while (!done && !b.failed) {
        yaml_event_t e;
        if (!yaml_parser_parse(&parser, &e)) {
            report_parser_error(&b, &parser);
            b.failed = true;
            break;
        }
        switch (e.type) {
        case YAML_STREAM_END_EVENT: done = true; break;
        case YAML_DOCUMENT_START_EVENT:
            if (b.roots.n >= JM_MAX_DOCUMENTS) {
                jm_error(doc, mark_to_pos(&b, e.start_mark),
                         "more than %d documents (journeys) in one file: split them across files", JM_MAX_DOCUMENTS);
                b.failed = true;
                break;
            }
            jm_strmap_release(&b.anchors); /* anchors do not cross documents */
            break;
        case YAML_SCALAR_EVENT: on_scalar(&b, &e); break;
        case YAML_ALIAS_EVENT: on_alias(&b, &e); break;
        case YAML_SEQUENCE_START_EVENT:
            open_container(&b, JM_SEQ, e.start_mark, e.data.sequence_start.anchor);
            break;
        case YAML_MAPPING_START_EVENT:
            open_container(&b, JM_MAP, e.start_mark, e.data.mapping_start.anchor);
            break;
        case YAML_SEQUENCE_END_EVENT:
        case YAML_MAPPING_END_EVENT: close_container(&b); break;
        default: break;
        }
        yaml_event_delete(&e);
    }
    yaml_parser_delete(&parser);
    release(&b);
    if (b.failed || doc->arena.failed || tree->failed) {
        if (doc->n_errors == 0) jm_error(doc, (jm_pos){0, 0}, "out of memory");
        jm_vec_release(&b.roots);
        return NULL;
    }
    *n_roots = b.roots.n;
    return jm_vec_freeze(&b.roots, tree);
}
