/* Values computed from research data (data.h): each computed value's
 * source, file, columns and rows, the compute, and its number put where the
 * journey wrote the mapping; `columns` binding of a source's rows. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "base/strmap.h"
#include "base/suggest.h"
#include "load/compute.h"
#include "load/data.h"
#include "load/data_file.h"
#include "model/doc.h"
#include "model/flowtime.h"

/* mean, median, sum, min and max (the computes that give a score) come first */
_Static_assert(JM_COMPUTE_MEAN == 0 && JM_COMPUTE_MAX == 4 && JM_COMPUTE_COUNT == 5,
               "compute.def lists the computes of a score first");

typedef struct jm_data_state {
    jmap_doc *doc;
    jmap_journey *j;
    jm_data_table *tables;      /* [j->n_sources], read when first needed */
    const char **source_ids;    /* for "did you mean" */
} jm_data_state;
typedef jm_data_state data_ctx;

/* Source ix's table, read when first asked for; at: what asked, where a
 * source without a file is reported. */
static const jm_data_table *table_of(data_ctx *dc, int ix, jm_pos at)
{
    jm_data_table *t = &dc->tables[ix];
    if (!t->tried) {
        jm_data_file_read(dc->doc, &dc->j->sources[ix], at, t); /* which clears *t first */
        t->tried = true;
    }
    return t->ok ? t : NULL;
}

static int source_of(data_ctx *dc, const jm_str *from)
{
    jmap_journey *j = dc->j;
    for (size_t i = 0; i < j->n_sources; i++)
        if (j->sources[i].id.s && j->sources[i].id.len == from->len && memcmp(j->sources[i].id.s, from->s, from->len) == 0)
            return (int)i;
    if (j->sources_incomplete) return -1;
    if (!dc->source_ids) {
        dc->source_ids = jm_alloc(&dc->doc->arena, (j->n_sources ? j->n_sources : 1) * sizeof *dc->source_ids);
        if (!dc->source_ids) return -1;
        for (size_t i = 0; i < j->n_sources; i++) dc->source_ids[i] = j->sources[i].id.s ? j->sources[i].id.s : "";
    }
    jm_near near = {from->s, from->len, dc->source_ids, j->n_sources};
    jm_error_near(dc->doc, from->pos, &near, j->n_sources ? "" : ": the map declares no sources",
                  "unknown source '%s'", from->s);
    return -1;
}

/* The column named s in t, or -1 (reported at s, with the nearest header). */
static long column_of(data_ctx *dc, const jm_data_table *t, const jm_str *s)
{
    long c = jm_csv_column(&t->csv, s->s, s->len);
    if (c >= 0) return c;
    jm_near near = {s->s, s->len, t->headers, t->csv.n_cols};
    jm_error_near(dc->doc, s->pos, &near, "", "no column '%s' in '%s'", s->s, t->name);
    return -1;
}

static jm_texts texts_of(jm_arena *a, const jm_list *l)
{
    const char **s = jm_alloc(a, (l->n ? l->n : 1) * sizeof *s);
    size_t *len = jm_alloc(a, (l->n ? l->n : 1) * sizeof *len);
    if (!s || !len) return (jm_texts){NULL, NULL, 0};
    for (size_t i = 0; i < l->n; i++) s[i] = l->items[i].s, len[i] = l->items[i].len;
    return (jm_texts){s, len, l->n};
}

static const char *use_word(const jm_calc *c)
{
    return c->use == JM_CALC_EMOTION  ? "emotion"
           : c->use == JM_CALC_TARGET ? "target"
           : c->use == JM_CALC_REACH  ? "reach"
                                      : "metric";
}

/* A computed reach (1.2 flow): a whole number of customers within the
 * limit, handed to the touchpoint's flow as a written one is. */
static bool set_reach(jmap_doc *doc, jm_calc *c, double v)
{
    if (!(v >= 0 && v <= JM_REACH_MAX) || v != floor(v)) {
        c->done = false;
        jm_error(doc, c->pos, "this reach is computed as %s, not a whole number of customers%s: compute it with sum, "
                 "count, distinct, min or max", c->plain, v > JM_REACH_MAX ? " that jmap reads" : "");
        return false;
    }
    if (c->touchpoint && c->touchpoint->ft) jm_ft_set_reach(c->touchpoint->ft, v, c->pos);
    return true;
}

/* Runs req over t, its errors reported; true with *out when it gave a value. */
static bool run(data_ctx *dc, const jm_data_table *t, const jm_compute_req *req, jm_computed *out)
{
    jmap_doc *doc = dc->doc;
    jm_vec errors;
    jm_vec_init(&errors, sizeof(jm_cell_error), jm_doc_mem(doc));
    bool ok = jm_compute(&t->csv, req, out, &errors, JM_MAX_ERRORS, jm_doc_mem(doc));
    for (size_t i = 0; i < errors.n; i++) {
        const jm_cell_error *e = &((const jm_cell_error *)errors.items)[i];
        char msg[512];
        jm_cell_error_message(e, req, msg, sizeof msg);
        jm_error_in(doc, t->name, (jm_pos){(int)e->line, (int)e->col}, "%s", msg);
    }
    ok = ok && errors.n == 0 && out->text[0];
    jm_vec_release(&errors);
    return ok;
}

static void compute_one(data_ctx *dc, jm_calc *c)
{
    jmap_doc *doc = dc->doc;
    jmap_journey *j = dc->j;
    int ix = source_of(dc, &c->from);
    if (ix < 0) return;
    c->source_ix = ix;
    const jm_data_table *t = table_of(dc, ix, c->from.pos);
    if (!t) return;
    jm_compute_req req = {.kind = c->compute.s ? (jm_compute_kind)jm_compute_kind_of(c->compute.s, c->compute.len)
                                               : JM_COMPUTE_MEAN};
    bool ok = true;
    if (c->column.s) {
        long col = column_of(dc, t, &c->column);
        if (col < 0) ok = false;
        else req.col = (size_t)col;
    }
    jm_where *w = c->n_where ? jm_alloc(&doc->arena, c->n_where * sizeof *w) : NULL;
    if (c->n_where && !w) return;
    for (size_t i = 0; i < c->n_where; i++) {
        long col = column_of(dc, t, &c->where_keys[i]);
        if (col < 0) {
            ok = false;
            continue;
        }
        w[i] = (jm_where){(size_t)col, texts_of(&doc->arena, &c->where_values[i])};
    }
    if (!ok) return;
    req.where = w;
    req.n_where = c->n_where;
    req.share = texts_of(&doc->arena, &c->values);
    bool score = c->use == JM_CALC_EMOTION || c->use == JM_CALC_TARGET;
    if (score && !j->scale_invalid && jm_compute_numeric(req.kind)) {
        req.check_scale = true;
        req.lo = j->scale_lo;
        req.hi = j->scale_hi;
    }
    if (c->use == JM_CALC_REACH && jm_compute_samples(req.kind) && req.kind != JM_COMPUTE_MEAN &&
        req.kind != JM_COMPUTE_MEDIAN) { /* a percentage is no number of customers */
        jm_error(doc, c->compute.pos, "'%s' gives a percentage, not a number of customers: a reach is computed with "
                 "sum, count, distinct, min or max", c->compute.s);
        return;
    }
    if (score && req.kind > JM_COMPUTE_MAX) { /* a count or a percentage is no score */
        jm_error(doc, c->compute.pos, "'%s' of %s is not a score: use mean, median, sum, min or max", c->compute.s,
                 use_word(c));
        return;
    }
    jm_computed out;
    size_t before = doc->n_errors;
    if (!run(dc, t, &req, &out)) {
        if (doc->n_errors != before) return; /* its cells were reported */
        if (c->n_where)
            jm_error(doc, c->where_pos, "no row of '%s' passes this 'where'%s%s%s", t->name,
                     c->column.s ? " with a value in column '" : "", c->column.s ? c->column.s : "",
                     c->column.s ? "'" : "");
        else
            jm_error(doc, c->column.pos, "column '%s' of '%s' has no value to compute with", c->column.s, t->name);
        return;
    }
    c->done = true;
    c->kind = req.kind;
    c->n = out.n;
    memcpy(c->text, out.text, sizeof c->text);
    memcpy(c->plain, out.plain, sizeof c->plain);
    if (c->value_out) *c->value_out = out.value;
    if (c->use == JM_CALC_REACH && !set_reach(doc, c, out.value)) return;
    if (c->metric) {
        jm_metric *m = c->metric;
        m->value.s = c->text;
        m->value.len = strlen(c->text);
        m->verdict = ld_metric_verdict(m);
    }
    if (jm_calc_uncertain(c))
        jm_warn(doc, c->pos, "this %s is computed from %zu row%s of '%s' (fewer than %d): it is drawn as uncertain",
                use_word(c), c->n, c->n == 1 ? "" : "s", t->name, JM_DATA_FEW);
}

void jm_data_resolve(jmap_doc *doc, jmap_journey *j)
{
    if (!j->calcs && !jm_data_binds(j)) return;
    data_ctx *dc = jm_alloc(&doc->arena, sizeof *dc);
    if (!dc) return;
    *dc = (data_ctx){doc, j, jm_alloc(&doc->arena, (j->n_sources ? j->n_sources : 1) * sizeof(jm_data_table)), NULL};
    if (!dc->tables) return;
    j->data = dc;
    for (jm_calc *c = j->calcs; c; c = c->next) compute_one(dc, c);
}

bool jm_data_binds(const jmap_journey *j)
{
    for (size_t i = 0; i < j->n_sources; i++)
        if (j->sources[i].columns.touchpoint.s && j->sources[i].columns.emotion.s) return true;
    return false;
}

/* ---- `columns`: a source's rows bound to the map ---- */

typedef struct bind_ctx {
    data_ctx *dc;
    const jm_data_table *t;
    int source_ix;
    long tp_col, persona_col, score_col;
    jm_touchpoint **tps;        /* every touchpoint of the journey */
    const char **tp_ids, **persona_ids;
    size_t n_tps;
    jm_strmap tp_map, persona_map;
    const jm_touchpoint *last_conflict; /* reported already */
} bind_ctx;

/* The group of a row: touchpoint index times (personas + 1) plus persona
 * index + 1 (0: no persona column); -1 for a row left out. */
static long row_group(bind_ctx *b, size_t row, size_t np)
{
    jmap_doc *doc = b->dc->doc;
    const jm_csv *csv = &b->t->csv;
    const jm_csv_cell *tc = jm_csv_at(csv, row, (size_t)b->tp_col);
    const char *s = jm_csv_str(csv, tc);
    size_t len = tc->len;
    jm_trim(&s, &len);
    if (!len) return -1;
    void *tv = jm_strmap_get(&b->tp_map, s, len);
    if (!tv) {
        jm_near near = {jm_strndup(&doc->arena, s, len), len, b->tp_ids, b->n_tps};
        if (near.word)
            jm_error_near_in(doc, b->t->name, (jm_pos){(int)tc->line, b->tp_col + 1}, &near, "",
                          "no touchpoint has the id '%s'", near.word);
        return -1;
    }
    size_t ti = (size_t)(uintptr_t)tv - 1, pi = 0;
    if (b->persona_col >= 0) {
        const jm_csv_cell *pc = jm_csv_at(csv, row, (size_t)b->persona_col);
        const char *ps = jm_csv_str(csv, pc);
        size_t pl = pc->len;
        jm_trim(&ps, &pl);
        if (!pl) return -1;
        void *pv = jm_strmap_get(&b->persona_map, ps, pl);
        if (!pv) {
            jm_near near = {jm_strndup(&doc->arena, ps, pl), pl, b->persona_ids, np};
            if (near.word)
                jm_error_near_in(doc, b->t->name, (jm_pos){(int)pc->line, b->persona_col + 1}, &near,
                              np ? "" : ": the map declares no personas", "unknown persona '%s'", near.word);
            return -1;
        }
        pi = (size_t)(uintptr_t)pv;
    }
    return (long)(ti * (np + 1) + pi);
}

/* One touchpoint's rows (for persona pi - 1, or all its personas when pi
 * is 0): their mean is its emotion. */
static void bind_group(data_ctx *dc, bind_ctx *b, jm_touchpoint *tp, size_t pi, const uint32_t *rows, size_t n)
{
    jmap_doc *doc = dc->doc;
    jmap_journey *j = dc->j;
    const jm_source *src = &j->sources[b->source_ix];
    const jm_csv_cell *first = jm_csv_at(&b->t->csv, rows[0], (size_t)b->tp_col);
    bool written = false;
    for (size_t i = 0; i < tp->n_scores; i++) written |= !tp->scores[i].calc || tp->scores[i].calc->source_ix < 0;
    if (written) {
        if (b->last_conflict != tp)
            jm_error(doc, tp->emotion_pos,
                     "touchpoint '%s' writes its emotion here and also gets it from the rows of source '%s' "
                     "('%s', line %u): keep one",
                     tp->id.s, src->id.s, b->t->name, first->line);
        b->last_conflict = tp;
        return;
    }
    size_t np = j->n_personas;
    if (pi && tp->has_persona && !tp->has_persona[pi - 1]) {
        const jm_csv_cell *pc = jm_csv_at(&b->t->csv, rows[0], (size_t)b->persona_col);
        jm_error_in(doc, b->t->name, (jm_pos){(int)pc->line, (int)b->persona_col + 1},
                    "persona '%s' is not among the personas of touchpoint '%s'", j->personas[pi - 1].id.s, tp->id.s);
        return;
    }
    jm_compute_req req = {.kind = JM_COMPUTE_MEAN, .col = (size_t)b->score_col, .rows = rows, .n_rows = n};
    if (!j->scale_invalid) {
        req.check_scale = true;
        req.lo = j->scale_lo;
        req.hi = j->scale_hi;
    }
    jm_computed out;
    if (!run(dc, b->t, &req, &out)) return; /* cells in error; or no score: the touchpoint stays unscored */
    jm_calc *c = jm_alloc(&doc->arena, sizeof *c);
    jm_score *scores = jm_alloc(&doc->arena, (tp->n_scores + 1) * sizeof *scores);
    if (!c || !scores) return;
    *c = (jm_calc){.from = {src->id.s, src->id.len, src->columns.pos, src->columns.pos},
                   .column = src->columns.emotion,
                   .pos = src->columns.pos,
                   .use = JM_CALC_EMOTION,
                   .touchpoint = tp,
                   .source_ix = b->source_ix,
                   .done = true,
                   .kind = JM_COMPUTE_MEAN,
                   .n = out.n};
    if (pi) c->persona = j->personas[pi - 1].id;
    memcpy(c->text, out.text, sizeof c->text);
    memcpy(c->plain, out.plain, sizeof c->plain);
    if (tp->n_scores) memcpy(scores, tp->scores, tp->n_scores * sizeof *scores);
    scores[tp->n_scores] = (jm_score){c->persona, out.value, src->columns.pos, c};
    tp->scores = scores;
    tp->n_scores++;
    if (!tp->emotion) return;
    if (np == 0) tp->emotion[0] = out.value;
    else if (pi) tp->emotion[pi - 1] = out.value;
    else
        for (size_t p = 0; p < np; p++)
            if (!tp->has_persona || tp->has_persona[p]) tp->emotion[p] = out.value;
    if (j->calcs_last) j->calcs_last->next = c;
    else j->calcs = c;
    j->calcs_last = c;
    if (jm_calc_uncertain(c))
        jm_warn(doc, src->columns.pos,
                "the emotion of touchpoint '%s'%s%s is computed from %zu row%s of '%s' (fewer than %d): it is drawn "
                "as uncertain",
                tp->id.s, pi ? " for " : "", pi ? c->persona.s : "", c->n, c->n == 1 ? "" : "s", b->t->name,
                JM_DATA_FEW);
}

/* Source ix's rows as the emotions of the touchpoints they name. */
static void bind_source(data_ctx *dc, int ix)
{
    jmap_doc *doc = dc->doc;
    jmap_journey *j = dc->j;
    const jm_source *src = &j->sources[ix];
    const jm_source_columns *cols = &src->columns;
    const jm_data_table *t = table_of(dc, ix, cols->pos);
    if (!t) return;
    bind_ctx b = {.dc = dc, .t = t, .source_ix = ix, .persona_col = -1};
    b.tp_col = column_of(dc, t, &cols->touchpoint);
    b.score_col = column_of(dc, t, &cols->emotion);
    if (cols->persona.s) b.persona_col = column_of(dc, t, &cols->persona);
    if (b.tp_col < 0 || b.score_col < 0 || (cols->persona.s && b.persona_col < 0)) return;
    size_t np = j->n_personas;
    b.n_tps = j->n_touchpoints;
    b.tps = jm_alloc(&doc->arena, (b.n_tps ? b.n_tps : 1) * sizeof *b.tps);
    b.tp_ids = jm_alloc(&doc->arena, (b.n_tps ? b.n_tps : 1) * sizeof *b.tp_ids);
    b.persona_ids = jm_alloc(&doc->arena, (np ? np : 1) * sizeof *b.persona_ids);
    if (!b.tps || !b.tp_ids || !b.persona_ids) return;
    jm_strmap_init(&b.tp_map, jm_doc_mem(doc));
    jm_strmap_init(&b.persona_map, jm_doc_mem(doc));
    size_t k = 0;
    for (size_t s = 0; s < j->n_stages; s++)
        for (size_t i = 0; i < j->stages[s].n_touchpoints && k < b.n_tps; i++) {
            jm_touchpoint *tp = &j->stages[s].touchpoints[i];
            b.tps[k] = tp;
            b.tp_ids[k] = tp->id.s ? tp->id.s : "";
            if (tp->id.s) jm_strmap_put(&b.tp_map, tp->id.s, tp->id.len, (void *)(uintptr_t)(k + 1));
            k++;
        }
    b.n_tps = k;
    for (size_t p = 0; p < np; p++) {
        b.persona_ids[p] = j->personas[p].id.s ? j->personas[p].id.s : "";
        if (j->personas[p].id.s)
            jm_strmap_put(&b.persona_map, j->personas[p].id.s, j->personas[p].id.len, (void *)(uintptr_t)(p + 1));
    }
    /* rows by group (a counting sort): linear in the rows */
    size_t rows = t->csv.n_rows, groups = b.n_tps * (np + 1);
    long *group = jm_mem_alloc(jm_doc_mem(doc), (rows ? rows : 1) * sizeof *group);
    size_t *start = jm_mem_calloc(jm_doc_mem(doc), groups + 1, sizeof *start);
    uint32_t *order = jm_mem_alloc(jm_doc_mem(doc), (rows ? rows : 1) * sizeof *order);
    if (group && start && order) {
        for (size_t r = 0; r < rows; r++) {
            group[r] = row_group(&b, r + 1, np);
            if (group[r] >= 0) start[group[r] + 1]++;
        }
        for (size_t g = 0; g < groups; g++) start[g + 1] += start[g];
        size_t *fill = jm_mem_alloc(jm_doc_mem(doc), (groups ? groups : 1) * sizeof *fill);
        if (fill) {
            memcpy(fill, start, groups * sizeof *fill);
            for (size_t r = 0; r < rows; r++)
                if (group[r] >= 0) order[fill[group[r]]++] = (uint32_t)(r + 1);
            jm_mem_free(jm_doc_mem(doc), fill);
            for (size_t g = 0; g < groups; g++) {
                if (start[g] == start[g + 1]) continue;
                jm_touchpoint *tp = b.tps[g / (np + 1)];
                size_t pi = g % (np + 1);
                bind_group(dc, &b, tp, pi, order + start[g], start[g + 1] - start[g]);
            }
        }
    }
    jm_mem_free(jm_doc_mem(doc), group);
    jm_mem_free(jm_doc_mem(doc), start);
    jm_mem_free(jm_doc_mem(doc), order);
    jm_strmap_release(&b.tp_map);
    jm_strmap_release(&b.persona_map);
}

/* The emotions lane, when the map chooses its lanes and only data gave it scores. */
static void emotions_lane(jmap_journey *j)
{
    if (j->lanes_given) return;
    for (size_t i = 0; i < j->n_lanes; i++)
        if (j->lanes[i] == JM_LANE_EMOTIONS) return;
    size_t at = 0;
    while (at < j->n_lanes && j->lanes[at] < JM_LANE_EMOTIONS) at++;
    memmove(&j->lanes[at + 1], &j->lanes[at], (j->n_lanes - at) * sizeof j->lanes[0]);
    j->lanes[at] = JM_LANE_EMOTIONS;
    j->n_lanes++;
}

void jm_data_bind(jmap_doc *doc, jmap_journey *j)
{
    data_ctx *dc = j->data;
    if (!dc) return;
    bool bound = false;
    for (size_t i = 0; i < j->n_sources; i++) {
        const jm_source_columns *c = &j->sources[i].columns;
        if (!c->touchpoint.s || !c->emotion.s) continue;
        bind_source(dc, (int)i);
        bound = true;
    }
    if (bound && !doc->n_errors) emotions_lane(j);
    j->data = NULL;
}
