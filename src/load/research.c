/* The loader's and the resolver's part for research (format 1.2): the
 * `sources` list (every value checked where it stands), `source` wherever it
 * may stand, texts and list items written as {text, source}, and the
 * resolution of citations to the sources' numbers. */
#include "load/research.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "base/strmap.h"
#include "base/suggest.h"
#include "load/resolve.h"

static bool is_null(const jm_node *v) { return v->kind == JM_SCALAR && v->plain && v->len == 0; }

static bool has_key(const jm_node *map, const char *key)
{
    for (size_t i = 0; i + 1 < map->n; i += 2)
        if (map->kids[i]->kind == JM_SCALAR && strcmp(map->kids[i]->s, key) == 0) return true;
    return false;
}

/* ---- a source ---- */

static void source_kind(loader *ld, const jm_node *k, const jm_node *v, jm_source *s)
{
    if (!ld_get_text(ld, "kind", k, v, &s->kind)) return;
    for (int i = 0; i < JM_SK_COUNT; i++)
        if (strcmp(s->kind.s, jm_source_kind_names[i]) == 0 && strlen(jm_source_kind_names[i]) == s->kind.len) {
            s->kind_ix = (jm_source_kind)i;
            return;
        }
    char all[160];
    jm_words_join(all, sizeof all, jm_source_kind_names, JM_SK_COUNT, "or");
    const char *near = jm_suggest(s->kind.s, s->kind.len, jm_source_kind_names, JM_SK_COUNT);
    if (near) jm_error(ld->doc, v->pos, "unknown source kind '%s' (did you mean '%s'?)", s->kind.s, near);
    else jm_error(ld->doc, v->pos, "unknown source kind '%s': use %s", s->kind.s, all);
    s->kind.s = NULL;
}

static void source_date(loader *ld, const jm_node *k, const jm_node *v, jm_source *s)
{
    jm_str d;
    if (!ld_get_text(ld, "date", k, v, &d)) return;
    if (!jm_source_date_valid(d.s, d.len)) {
        jm_error(ld->doc, v->pos, "invalid date '%s': write YYYY, YYYY-MM or YYYY-MM-DD, such as 2026-09", d.s);
        return;
    }
    s->date = d;
}

static void source_size(loader *ld, const jm_node *k, const jm_node *v, jm_source *s)
{
    jm_str z;
    if (!ld_get_text(ld, "size", k, v, &z)) return;
    unsigned long long n = 0;
    bool ok = z.len > 0 && z.len <= 15; /* up to 999 999 999 999 999: exact as a double too */
    for (size_t i = 0; ok && i < z.len; i++) {
        if (z.s[i] < '0' || z.s[i] > '9') ok = false;
        else n = n * 10 + (unsigned)(z.s[i] - '0');
    }
    if (!ok) {
        jm_error(ld->doc, v->pos, "'size' must be a whole number (answers, sessions, people...), not '%s'", z.s);
        return;
    }
    s->size = z;
    s->size_n = n;
}

static void source_file(loader *ld, const jm_node *k, const jm_node *v, jm_source *s)
{
    jm_str f;
    if (!ld_get_text(ld, "file", k, v, &f)) return;
    const char *problem = jm_source_path_problem(f.s, f.len);
    if (problem) {
        jm_error(ld->doc, v->pos, "the file '%s' %s", f.s, problem);
        return;
    }
    s->file = f;
}

static const field columns_fields[] = {
    {"touchpoint", T_TEXT, OFF(jm_source_columns, touchpoint)},
    {"persona", T_TEXT, OFF(jm_source_columns, persona)},
    {"emotion", T_TEXT, OFF(jm_source_columns, emotion)},
};
static const schema columns_schema = {"source's columns", columns_fields,
                                      sizeof columns_fields / sizeof *columns_fields, "touchpoint", NULL, LD_NONE};

static void source_columns(loader *ld, const jm_node *v, jm_source *s)
{
    jm_source_columns c;
    memset(&c, 0, sizeof c);
    c.pos = v->pos;
    if (!ld_walk_map(ld, &columns_schema, v, &c)) return;
    if (!c.emotion.s && !ld_misspelt_as(&columns_schema, v, "emotion")) {
        jm_error(ld->doc, v->pos, "missing required key 'emotion' in source's columns: name the column of scores");
        return;
    }
    s->columns = c;
}

static void source_other(loader *ld, const char *key, const jm_node *k, const jm_node *v, void *obj)
{
    jm_source *s = obj;
    if (strcmp(key, "kind") == 0) source_kind(ld, k, v, s);
    else if (strcmp(key, "solicited") == 0) {
        if (ld_get_bool(ld, key, v, &s->solicited)) s->solicited_pos = v->pos;
    } else if (strcmp(key, "date") == 0) source_date(ld, k, v, s);
    else if (strcmp(key, "size") == 0) source_size(ld, k, v, s);
    else if (strcmp(key, "file") == 0) source_file(ld, k, v, s);
    else source_columns(ld, v, s);
}

static const field source_fields[] = {
    {"id", T_ID, OFF(jm_source, id)},
    {"name", T_TEXT, OFF(jm_source, name)},
    {"kind", T_OTHER, 0},
    {"solicited", T_OTHER, 0},
    {"date", T_OTHER, 0},
    {"size", T_OTHER, 0},
    {"file", T_OTHER, 0},
    {"columns", T_OTHER, 0},
};
static const schema source_schema = {"source", source_fields, sizeof source_fields / sizeof *source_fields, "id",
                                     source_other, LD_SOURCES};

void ld_sources(loader *ld, const jm_node *v, jmap_journey *j)
{
    if (is_null(v)) return;
    if (v->kind != JM_SEQ) {
        jm_error(ld->doc, v->pos, "'sources' must be a list of sources, not %s", ld_kind_word(v));
        j->sources_incomplete = true;
        return;
    }
    if (!ld_count(ld, LD_SOURCES, v->n, v->pos)) {
        j->sources_incomplete = true;
        return;
    }
    j->sources = jm_alloc(ld->a, (v->n ? v->n : 1) * sizeof *j->sources);
    if (!j->sources) return;
    for (size_t i = 0; i < v->n; i++) {
        const jm_node *item = v->kids[i];
        jm_source *s = &j->sources[j->n_sources];
        memset(s, 0, sizeof *s);
        s->pos = item->pos;
        s->kind_ix = JM_SK_OTHER;
        ld_walk_map(ld, &source_schema, item, s);
        if (item->kind != JM_MAP) {
            j->sources_incomplete = true;
            continue;
        }
        j->n_sources++;
        if (!s->id.s) j->sources_incomplete = true; /* missing or invalid: reported */
        if (!s->name.s && !has_key(item, "name") && !ld_misspelt_as(&source_schema, item, "name"))
            jm_error(ld->doc, item->pos, "missing required key 'name' in source");
        if (!s->solicited_pos.line) s->solicited = jm_source_kind_solicited[s->kind_ix];
    }
}

/* ---- citations ---- */

void ld_cites(loader *ld, const jm_node *k, const jm_node *v, jm_cites **out)
{
    jm_list ids;
    memset(&ids, 0, sizeof ids);
    if (v->kind == JM_MAP) {
        jm_error(ld->doc, v->pos, "'source' must be a source id or a list of source ids, not a mapping");
        return;
    }
    if (!ld_get_list(ld, "source", k, v, &ids)) return;
    *out = jm_alloc(ld->a, sizeof **out);
    if (*out) **out = (jm_cites){ids, NULL};
}

jm_research *ld_research(loader *ld, jm_touchpoint *t)
{
    if (!t->research) t->research = jm_alloc(ld->a, sizeof *t->research);
    return t->research;
}

void ld_touchpoint_research(loader *ld, const char *key, const jm_node *k, const jm_node *v, jm_touchpoint *t)
{
    jm_research *r = ld_research(ld, t);
    if (!r) return;
    if (strcmp(key, "source") == 0) ld_cites(ld, k, v, &r->source);
    else if (ld_get_bool(ld, key, v, &r->assumed)) r->assumed_pos = v->pos;
}

typedef struct cited {
    jm_str text;
    jm_cites *source;
} cited;

static void cited_other(loader *ld, const char *key, const jm_node *k, const jm_node *v, void *obj)
{
    (void)key;
    ld_cites(ld, k, v, &((cited *)obj)->source);
}

static const field cited_fields[] = {
    {"text", T_TEXT, OFF(cited, text)},
    {"source", T_OTHER, 0},
};
static const schema cited_schema = {"cited text" /* replaced by the key */, cited_fields, sizeof cited_fields / sizeof *cited_fields, "text",
                                    cited_other, LD_NONE};

void ld_cited_text(loader *ld, const char *key, const jm_node *k, const jm_node *v, jm_str *text, jm_cites **cites)
{
    if (v->kind != JM_MAP) {
        if (v->kind == JM_SEQ) {
            jm_error(ld->doc, v->pos, "'%s' must be a string or a mapping {text, source}, not a list", key);
            return;
        }
        ld_get_text(ld, key, k, v, text);
        return;
    }
    if (!has_key(v, "text") && !has_key(v, "source")) {
        jm_error(ld->doc, v->pos, "'%s' must be a string or a mapping {text, source}, and this mapping has neither",
                 key);
        return;
    }
    schema sc = cited_schema;
    sc.kind = key;
    cited c;
    memset(&c, 0, sizeof c);
    if (!ld_walk_map(ld, &sc, v, &c) || !c.text.s) return;
    c.text.key = k->pos;
    *text = c.text;
    *cites = c.source;
}

void ld_cited_list(loader *ld, const char *key, const jm_node *k, const jm_node *v, jm_list *out, jm_cites **cites)
{
    out->pos = v->pos;
    if (v->kind != JM_SEQ) {
        if (v->kind == JM_MAP)
            jm_error(ld->doc, v->pos,
                     "'%s' must be a string or a list of strings, not a mapping; write one cited item as a list item: "
                     "'- {text: ..., source: ...}'",
                     key);
        else ld_get_list(ld, key, k, v, out);
        return;
    }
    char kind[64];
    snprintf(kind, sizeof kind, "item of '%s'", key);
    schema sc = cited_schema;
    sc.kind = kind;
    bool any_map = false;
    for (size_t i = 0; i < v->n; i++) any_map = any_map || v->kids[i]->kind == JM_MAP;
    if (!any_map) {
        ld_get_list(ld, key, k, v, out);
        return;
    }
    size_t cap = v->n ? v->n : 1;
    out->items = jm_alloc(ld->a, cap * sizeof *out->items);
    jm_cites *c = jm_alloc(ld->a, cap * sizeof *c);
    if (!out->items || !c) return;
    memset(c, 0, cap * sizeof *c);
    *cites = c;
    for (size_t i = 0; i < v->n; i++) {
        const jm_node *item = v->kids[i];
        if (item->kind == JM_SCALAR) {
            if (ld_text_fits(ld, key, item)) out->items[out->n++] = ld_to_str(item, item);
            continue;
        }
        if (item->kind != JM_MAP) {
            jm_error(ld->doc, item->pos, "each item of '%s' must be a string or a mapping {text, source}, not %s", key,
                     ld_kind_word(item));
            continue;
        }
        cited w;
        memset(&w, 0, sizeof w);
        if (!ld_walk_map(ld, &sc, item, &w) || !w.text.s) continue;
        if (w.source) c[out->n] = *w.source;
        out->items[out->n++] = w.text;
    }
}

/* ---- resolving ---- */

typedef struct cite_resolver {
    jmap_doc *doc;
    jmap_journey *j;
    jm_strmap ids;              /* source id -> index + 1 */
    const char **cands;
    size_t n_cands;
} cite_resolver;

static void resolve_cites(cite_resolver *cr, jm_cites *c)
{
    if (!c || !c->ids.n) return;
    c->ix = jm_alloc(&cr->doc->arena, c->ids.n * sizeof *c->ix);
    if (!c->ix) return;
    for (size_t i = 0; i < c->ids.n; i++) {
        const jm_str *ref = &c->ids.items[i];
        c->ix[i] = (int)(uintptr_t)jm_strmap_get(&cr->ids, ref->s, ref->len) - 1;
        if (c->ix[i] >= 0 || cr->j->sources_incomplete) continue;
        const char *hint = cr->j->n_sources ? ": cite the id of one of 'sources'"
                                            : ": the map declares no sources; declare it under 'sources'";
        jm_error_near(cr->doc, ref->pos, &(jm_near){ref->s, ref->len, cr->cands, cr->n_cands}, hint,
                      "unknown source '%s'", ref->s);
    }
}

static void resolve_list(cite_resolver *cr, jm_cites *list, size_t n)
{
    for (size_t i = 0; list && i < n; i++) resolve_cites(cr, &list[i]);
}

static void number_sources(cite_resolver *cr)
{
    jmap_journey *j = cr->j;
    size_t nc = j->n_sources < JM_SUGGEST_CANDIDATES ? j->n_sources : JM_SUGGEST_CANDIDATES;
    cr->cands = jm_alloc(&cr->doc->arena, (nc + 1) * sizeof *cr->cands);
    int number = 0;
    for (size_t i = 0; i < j->n_sources; i++) {
        jm_source *s = &j->sources[i];
        s->number = ++number;
        if (!s->id.s) continue;
        if (cr->cands && cr->n_cands < nc) cr->cands[cr->n_cands++] = s->id.s;
        size_t prev = (size_t)(uintptr_t)jm_strmap_get(&cr->ids, s->id.s, s->id.len);
        if (prev) {
            const jm_source *first = &j->sources[prev - 1];
            if (first->from.doc != s->from.doc) /* 1.2: from two files */
                jm_duplicate_id(cr->doc, "source", &first->id, &first->from, &s->id, &s->from);
            else
                jm_error(s->from.doc ? s->from.doc : cr->doc, s->id.pos,
                         "duplicate source id '%s' (first given at line %d, column %d)", s->id.s, first->id.pos.line,
                         first->id.pos.col);
        } else {
            jm_strmap_put(&cr->ids, s->id.s, s->id.len, (void *)(uintptr_t)(i + 1));
        }
    }
}

void jm_resolve_research(jmap_doc *doc, jmap_journey *j)
{
    cite_resolver cr = {.doc = doc, .j = j};
    jm_strmap_init(&cr.ids, jm_doc_mem(doc));
    number_sources(&cr);
    for (size_t p = 0; p < j->n_personas; p++) { /* an included persona's citations are its file's */
        jmap_doc *own = cr.doc;
        if (j->personas[p].from.doc) cr.doc = j->personas[p].from.doc;
        resolve_cites(&cr, j->personas[p].quote_source);
        cr.doc = own;
    }
    for (size_t s = 0; s < j->n_stages; s++) {
        jm_stage *st = &j->stages[s];
        resolve_cites(&cr, st->source);
        for (size_t i = 0; i < st->n_touchpoints; i++) {
            jm_touchpoint *t = &st->touchpoints[i];
            jm_research *r = t->research;
            if (!r) continue;
            resolve_cites(&cr, r->source);
            resolve_cites(&cr, r->thinking);
            resolve_list(&cr, r->pains, t->pains.n);
            resolve_list(&cr, r->opportunities, t->opportunities.n);
        }
    }
    jm_strmap_release(&cr.ids);
}
