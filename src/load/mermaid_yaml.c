/* A Mermaid journey as a journey file: the text that `jmap import` writes,
 * which is also what a build of the diagram loads. Every string is quoted
 * and escaped, every id is made unique, so that the loader can find nothing
 * wrong in it that the reader has not reported; for the few limits that it
 * checks (long texts, many personas), each line of the file remembers the
 * place in the diagram it came from, and the loader's diagnostics are moved
 * there. */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "load/load.h"
#include "load/mermaid.h"
#include "load/resolve.h"
#include "base/buf.h"
#include "base/utf8.h"

typedef struct writer {
    jmap_doc *doc;
    jm_arena *a;
    jm_buf out;    /* the journey file */
    bool failed;
    jm_vec lines;  /* jm_pos: where each finished line came from */
} writer;

static void put(writer *w, const char *s, size_t len)
{
    if (!w->failed && !jm_buf_add(&w->out, s, len)) w->failed = true;
}

static void puts_(writer *w, const char *s) { put(w, s, strlen(s)); }

/* Ends a line that came from pos. */
static void eol(writer *w, jm_pos pos)
{
    put(w, "\n", 1);
    jm_pos *p = jm_vec_push(&w->lines);
    if (!p) w->failed = true;
    else *p = pos;
}

/* A double-quoted YAML string: escapes what YAML would not keep as written
 * (controls, line breaks of YAML 1.1, the BOM, noncharacters). */
static void quoted(writer *w, const char *s, size_t len)
{
    put(w, "\"", 1);
    const char *p = s, *end = s + len, *plain = s;
    while (p < end) {
        const char *at = p;
        uint32_t c = jm_utf8_next(&p, end);
        char esc[16];
        esc[0] = '\0';
        if (c == '"') strcpy(esc, "\\\"");
        else if (c == '\\') strcpy(esc, "\\\\");
        else if (c == '\n') strcpy(esc, "\\n");
        else if (c == '\t') strcpy(esc, "\\t");
        else if (c < 0x20 || (c >= 0x7F && c <= 0x9F)) snprintf(esc, sizeof esc, "\\x%02X", (unsigned)c);
        else if (c == 0x2028 || c == 0x2029 || c == 0xFEFF || (c >= 0xD800 && c <= 0xDFFF) || jm_is_noncharacter(c))
            snprintf(esc, sizeof esc, c > 0xFFFF ? "\\U%08X" : "\\u%04X", (unsigned)c);
        if (!esc[0]) continue;
        put(w, plain, (size_t)(at - plain));
        puts_(w, esc);
        plain = p;
    }
    put(w, plain, (size_t)(end - plain));
    put(w, "\"", 1);
}

static void key_text(writer *w, const char *indent, const char *key, const mm_text *t)
{
    puts_(w, indent);
    puts_(w, key);
    puts_(w, ": ");
    quoted(w, t->s ? t->s : "", t->s ? t->len : 0);
    eol(w, t->pos);
}

/* The id jmap would make for the n-th (1-based) item called name, made
 * unique among those in used: NULL when it is the one jmap makes itself. */
static const char *unique_id(writer *w, jm_strmap *used, const mm_text *name, const char *kind, size_t n)
{
    char *made = name->s ? jm_id_from_name(w->a, name->s, name->len) : NULL;
    if (!made) made = jm_sprintf(w->a, "%s-%zu", kind, n);
    if (!made) { w->failed = true; return NULL; }
    const char *id = made;
    for (size_t k = 2; jm_strmap_get(used, id, strlen(id)); k++) {
        id = jm_sprintf(w->a, "%s-%zu", made, k);
        if (!id) { w->failed = true; return NULL; }
    }
    if (!jm_strmap_put(used, id, strlen(id), (void *)(uintptr_t)1)) w->failed = true;
    return id == made ? NULL : id;
}

static void id_line(writer *w, const char *id, jm_pos pos)
{
    if (!id) return;
    puts_(w, "    id: ");
    puts_(w, id);
    eol(w, pos);
}

static const char *base_name(const char *file)
{
    const char *slash = strrchr(file, '/');
    return slash ? slash + 1 : file;
}

/* s[0..len), a file's name, as text: a name holds any byte, a journey
 * only UTF-8; each byte that is not part of it becomes U+FFFD. */
static mm_text name_text(writer *w, const char *s, size_t len)
{
    char *t = jm_alloc(w->a, len * 3 + 1);
    if (!t) { w->failed = true; return (mm_text){"", 0, {0, 0}}; }
    size_t o = 0;
    for (size_t i = 0; i < len;) {
        size_t ok = jm_utf8_check(s + i, len - i);
        memcpy(t + o, s + i, ok);
        o += ok;
        i += ok;
        if (i < len) {
            memcpy(t + o, "\xEF\xBF\xBD", 3);
            o += 3;
            i++;
        }
    }
    t[o] = '\0';
    return (mm_text){t, o, {0, 0}};
}

/* The title when the diagram has none: the file's name without extension. */
static mm_text file_title(writer *w)
{
    const char *b = base_name(w->doc->file);
    size_t l = strlen(b);
    const char *dot = strrchr(b, '.');
    if (dot && dot != b) l = (size_t)(dot - b);
    if (l == 0 || b[0] == '<') return (mm_text){"Journey", 7, {0, 0}};
    return name_text(w, b, l);
}

static void write_yaml(writer *w, const mm_diagram *d)
{
    const jm_pos none = {0, 0};
    const mm_text *title = d->title.s ? &d->title : d->fm_title.s ? &d->fm_title : d->acc_title.s ? &d->acc_title : NULL;
    mm_text fallback = title ? *title : file_title(w);
    const char *file = w->doc->file;
    puts_(w, "# Imported by jmap import from ");
    if (file[0] == '<') {
        puts_(w, "standard input");
    } else { /* quoted: a line break in the name cannot end the comment and start keys */
        mm_text name = name_text(w, base_name(file), strlen(base_name(file)));
        quoted(w, name.s, name.len);
    }
    puts_(w, ", a Mermaid journey diagram.");
    eol(w, none);
    puts_(w, "# Building this file gives the same map as building the diagram; here the");
    eol(w, none);
    puts_(w, "# journey can grow what Mermaid has no room for: doing, thinking, pains,");
    eol(w, none);
    puts_(w, "# opportunities, channels, backstage... (see docs/format.md).");
    eol(w, none);
    key_text(w, "", "title", &fallback);
    if (d->descr.s && d->descr.len) key_text(w, "", "description", &d->descr);
    if (d->lo.pos.line || d->hi.pos.line) {
        puts_(w, "scale: [");
        put(w, d->lo.s, d->lo.len);
        puts_(w, ", ");
        put(w, d->hi.s, d->hi.len);
        puts_(w, "]");
        eol(w, d->hi.pos.line ? d->hi.pos : d->lo.pos);
    }
    const char **persona_ids = jm_alloc(w->a, (d->actors.n + 1) * sizeof *persona_ids);
    jm_strmap used;
    jm_strmap_init(&used, jm_doc_mem(w->doc));
    if (!persona_ids) w->failed = true;
    if (d->actors.n) {
        puts_(w, "personas:");
        eol(w, none);
    }
    const mm_text *actors = d->actors.items;
    for (size_t i = 0; i < d->actors.n && !w->failed; i++) {
        key_text(w, "  - ", "name", &actors[i]);
        const char *id = unique_id(w, &used, &actors[i], "persona", i + 1);
        id_line(w, id, actors[i].pos);
        persona_ids[i] = id ? id : jm_id_from_name(w->a, actors[i].s, actors[i].len);
        if (!persona_ids[i]) persona_ids[i] = jm_sprintf(w->a, "persona-%zu", i + 1);
        if (!persona_ids[i]) w->failed = true;
    }
    jm_strmap_release(&used);
    jm_strmap_init(&used, jm_doc_mem(w->doc));
    puts_(w, "stages:");
    eol(w, none);
    const mm_task *tasks = d->tasks.items;
    const mm_text *sections = d->sections.items;
    size_t n_stages = 0, t = 0;
    bool before = d->tasks.n && tasks[0].section == SIZE_MAX;
    for (size_t s = before ? SIZE_MAX : 0; (s == SIZE_MAX || s < d->sections.n) && !w->failed; s++) {
        mm_text name = s == SIZE_MAX ? (mm_text){fallback.s, fallback.len, tasks[0].name.pos} : sections[s];
        key_text(w, "  - ", "name", &name);
        id_line(w, unique_id(w, &used, &name, "stage", ++n_stages), name.pos);
        if (t >= d->tasks.n || tasks[t].section != s) {
            puts_(w, "    touchpoints: []");
            eol(w, name.pos);
            continue;
        }
        puts_(w, "    touchpoints:");
        eol(w, name.pos);
        for (; t < d->tasks.n && tasks[t].section == s && !w->failed; t++) {
            const mm_task *k = &tasks[t];
            key_text(w, "      - ", "name", &k->name);
            puts_(w, "        emotion: ");
            put(w, k->score.s, k->score.len);
            eol(w, k->score.pos);
            if (!k->n_actors) continue;
            puts_(w, "        personas: [");
            for (size_t a = 0; a < k->n_actors; a++) {
                if (a) puts_(w, ", ");
                puts_(w, persona_ids[k->actors[a]]);
            }
            puts_(w, "]");
            eol(w, k->score.pos);
        }
    }
    jm_strmap_release(&used);
}

void jm_mermaid_load(jmap_doc *doc)
{
    jm_arena scratch;
    jm_arena_init(&scratch, jm_doc_mem(doc));
    mm_diagram d;
    jm_mermaid_parse(doc, &scratch, &d);
    writer w = {doc, &scratch, {0}, false, {0}};
    jm_buf_init(&w.out, jm_doc_mem(doc));
    jm_vec_init(&w.lines, sizeof(jm_pos), jm_doc_mem(doc));
    if (doc->n_errors == 0 && !doc->mem.failed && !scratch.failed) write_yaml(&w, &d);
    if (doc->n_errors == 0 && !w.failed && w.out.data) {
        doc->yaml = jm_strndup(&doc->arena, w.out.data, w.out.len);
        doc->yaml_len = w.out.len;
    }
    if (doc->yaml) {
        const char *src = doc->src;
        size_t len = doc->len, mark = doc->diags.n;
        doc->src = doc->yaml;
        doc->len = doc->yaml_len;
        jm_load(doc);
        for (size_t i = 0; i < doc->n_journeys; i++) jm_resolve(doc, doc->journeys[i]);
        doc->src = src;
        doc->len = len;
        jmap_diag *diags = doc->diags.items;
        const jm_pos *lines = w.lines.items;
        for (size_t i = mark; i < doc->diags.n; i++) {
            jm_pos p = diags[i].line > 0 && (size_t)diags[i].line <= w.lines.n ? lines[diags[i].line - 1]
                                                                                  : (jm_pos){0, 0};
            diags[i].line = p.line;
            diags[i].column = p.col;
        }
    }
    jm_buf_free(&w.out);
    jm_vec_release(&w.lines);
    jm_mermaid_release(&d);
    jm_arena_free(&scratch);
}
