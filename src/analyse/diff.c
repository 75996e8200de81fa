/* jmap diff's comparison of two journeys: jm_diff_make (diff.h). */
#include "analyse/diff.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/strmap.h"

static bool str_eq(const jm_str *a, const jm_str *b)
{
    if (!a->s || !b->s) return !a->s && !b->s;
    return a->len == b->len && memcmp(a->s, b->s, a->len) == 0;
}

static bool list_eq(const jm_list *a, const jm_list *b)
{
    if (a->n != b->n) return false;
    for (size_t i = 0; i < a->n; i++)
        if (!str_eq(&a->items[i], &b->items[i])) return false;
    return true;
}

/* Metrics and the opportunities' priority, owner and status: a change to
 * what the map measures or plans changes the touchpoint. */
static bool metrics_eq(const jm_touchpoint *a, const jm_touchpoint *b)
{
    if (a->n_metrics != b->n_metrics) return false;
    for (size_t i = 0; i < a->n_metrics; i++) {
        const jm_metric *x = &a->metrics[i], *y = &b->metrics[i];
        if (!str_eq(&x->name, &y->name) || !str_eq(&x->value, &y->value) || !str_eq(&x->target, &y->target) ||
            x->lower_better != y->lower_better)
            return false;
    }
    return true;
}

static bool plans_eq(const jm_touchpoint *a, const jm_touchpoint *b)
{
    for (size_t i = 0; i < a->opportunities.n && i < b->opportunities.n; i++) {
        jm_opportunity none = {0}, x = a->opportunity ? a->opportunity[i] : none,
                       y = b->opportunity ? b->opportunity[i] : none;
        if (x.priority != y.priority || x.status != y.status || !str_eq(&x.owner, &y.owner)) return false;
    }
    return true;
}

static const char *channel_id(const jmap_journey *j, const jm_touchpoint *t)
{
    return t->channel_ix >= 0 ? j->channels[t->channel_ix].id.s : NULL;
}

/* Where each touchpoint and stage of a journey is, by id: found in constant
 * time, so that comparing two journeys is linear in their size. */
typedef struct index {
    jm_strmap tps;    /* touchpoint id -> its touchpoint */
    jm_strmap stages; /* stage id -> its index + 1 */
} index;

static bool index_make(index *ix, const jmap_journey *j, const jmap_mem *mem)
{
    jm_strmap_init(&ix->tps, mem);
    jm_strmap_init(&ix->stages, mem);
    for (size_t s = 0; s < j->n_stages; s++) {
        const jm_stage *st = &j->stages[s];
        /* the first of equal ids, as a search from the start would find it */
        if (st->id.s && !jm_strmap_get(&ix->stages, st->id.s, st->id.len) &&
            !jm_strmap_put(&ix->stages, st->id.s, st->id.len, (void *)(uintptr_t)(s + 1)))
            return false;
        for (size_t k = 0; k < st->n_touchpoints; k++) {
            const jm_str *id = &st->touchpoints[k].id;
            if (id->s && !jm_strmap_get(&ix->tps, id->s, id->len) &&
                !jm_strmap_put(&ix->tps, id->s, id->len, (void *)&st->touchpoints[k]))
                return false;
        }
    }
    return true;
}

static void index_free(index *ix)
{
    jm_strmap_release(&ix->tps);
    jm_strmap_release(&ix->stages);
}

static const jm_touchpoint *find_tp(const index *ix, const jm_str *id)
{
    return id->s ? jm_strmap_get(&ix->tps, id->s, id->len) : NULL;
}

static long find_stage(const index *ix, const jm_str *id)
{
    return id->s ? (long)(uintptr_t)jm_strmap_get(&ix->stages, id->s, id->len) - 1 : -1;
}

/* BEFORE's persona index of each of AFTER's personas; -1 for none. */
static long *personas_before(jm_arena *a, const jmap_journey *jb, const jmap_journey *ja)
{
    long *q = jm_alloc(a, (ja->n_personas + 1) * sizeof *q);
    if (!q) return NULL;
    for (size_t pa = 0; pa < ja->n_personas; pa++) {
        q[pa] = -1;
        for (size_t p = 0; p < jb->n_personas && q[pa] < 0; p++) /* at most 100 of each */
            if (strcmp(jb->personas[p].id.s, ja->personas[pa].id.s) == 0) q[pa] = (long)p;
    }
    return q;
}

/* What making the marks needs at hand. */
typedef struct differ {
    jm_arena *a;
    const jmap_mem *mem;
    const jmap_journey *jb, *ja;
    const long *pb;   /* personas_before */
    size_t np;        /* max(1, AFTER's personas) */
} differ;

/* t's scores in BEFORE, in AFTER's persona order. */
static double *scores_before(const differ *df, const jm_touchpoint *t)
{
    const jmap_journey *jb = df->jb, *ja = df->ja;
    double *v = jm_alloc(df->a, df->np * sizeof *v);
    if (!v) return NULL;
    double mean = NAN;
    if (t->emotion && jb->n_personas && !ja->n_personas) {
        double sum = 0; /* a map that lost its personas: their mean */
        size_t n = 0;
        for (size_t q = 0; q < jb->n_personas; q++)
            if (!isnan(t->emotion[q])) { sum += t->emotion[q]; n++; }
        if (n) mean = sum / (double)n;
    }
    for (size_t p = 0; p < df->np; p++) {
        v[p] = NAN;
        if (!t->emotion) continue;
        if (!jb->n_personas) v[p] = t->emotion[0];
        else if (!ja->n_personas) v[p] = mean;
        else if (df->pb[p] >= 0) v[p] = t->emotion[df->pb[p]];
    }
    return v;
}

const jm_list *jm_diff_lane_list(const jm_touchpoint *t, jm_lane lane)
{
    switch (lane) {
    case JM_LANE_PAINS: return &t->pains;
    case JM_LANE_OPPORTUNITIES: return &t->opportunities;
    case JM_LANE_EVIDENCE: return &t->evidence;
    case JM_LANE_FRONTSTAGE: return &t->frontstage;
    case JM_LANE_BACKSTAGE: return &t->backstage;
    case JM_LANE_SUPPORT: return &t->support;
    default: return NULL;
    }
}

static bool put_items(jm_strmap *m, const jm_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        if (!jm_strmap_put(m, l->items[i].s ? l->items[i].s : "", l->items[i].len, (void *)l)) return false;
    return true;
}

static bool has_item(const jm_strmap *m, const jm_str *s) { return jm_strmap_get(m, s->s ? s->s : "", s->len) != NULL; }

/* How list b (BEFORE's) became list a (AFTER's): each side's items looked
 * up in a map of the other's, so that it costs the lists' length. */
static bool item_changes(const differ *df, const jm_list *b, const jm_list *a, jm_diff_list *out)
{
    jm_strmap in_a, in_b;
    jm_strmap_init(&in_a, df->mem);
    jm_strmap_init(&in_b, df->mem);
    bool ok = put_items(&in_a, a) && put_items(&in_b, b);
    jm_str *gone = ok ? jm_alloc(df->a, (b->n + 1) * sizeof *gone) : NULL;
    bool *fresh = gone ? jm_alloc(df->a, (a->n + 1) * sizeof *fresh) : NULL;
    if (fresh) {
        size_t n = 0, n_fresh = 0;
        for (size_t i = 0; i < b->n; i++)
            if (!has_item(&in_a, &b->items[i])) gone[n++] = b->items[i];
        for (size_t i = 0; i < a->n; i++) n_fresh += fresh[i] = !has_item(&in_b, &a->items[i]);
        *out = (jm_diff_list){gone, n, n_fresh ? fresh : NULL};
    }
    jm_strmap_release(&in_a);
    jm_strmap_release(&in_b);
    return fresh != NULL;
}

static bool score_moved(double was, double is) { return isnan(was) != isnan(is) || (!isnan(was) && was != is); }

/* What changed between BEFORE's touchpoint b and AFTER's a (its scores
 * before already in mk->before): mk's kind, what, lanes and lists. */
static bool compare(const differ *df, const jm_touchpoint *b, const jm_touchpoint *a, jm_diff_mark *mk)
{
    const char *cb = channel_id(df->jb, b), *ca = channel_id(df->ja, a);
    unsigned what = 0, lanes = 0;
    if (!str_eq(&a->name, &b->name)) what |= JM_DIFF_NAME;
    if ((cb == NULL) != (ca == NULL) || (cb && strcmp(cb, ca) != 0)) what |= JM_DIFF_CHANNEL;
    if (a->moment != b->moment) what |= JM_DIFF_MOMENT;
    if (!list_eq(&a->personas, &b->personas)) what |= JM_DIFF_PERSONAS;
    for (size_t p = 0; p < df->np; p++)
        if (score_moved(mk->before[p], a->emotion[p])) what |= JM_DIFF_SCORE;
    const struct { jm_lane lane; const jm_str *x, *y; } texts[] = {
        {JM_LANE_DOING, &a->doing, &b->doing},
        {JM_LANE_THINKING, &a->thinking, &b->thinking},
        {JM_LANE_EMOTIONS, &a->feeling, &b->feeling},
        {JM_LANE_OWNER, &a->owner, &b->owner},
    };
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
        if (!str_eq(texts[i].x, texts[i].y)) lanes |= 1u << texts[i].lane;
    if (!metrics_eq(a, b)) lanes |= 1u << JM_LANE_METRICS;
    if (!plans_eq(a, b)) lanes |= 1u << JM_LANE_OPPORTUNITIES;
    jm_diff_list *lists = NULL;
    for (int l = 0; l < JM_LANE_COUNT; l++) {
        const jm_list *la = jm_diff_lane_list(a, (jm_lane)l), *lb = jm_diff_lane_list(b, (jm_lane)l);
        if (!la || list_eq(la, lb)) continue;
        lanes |= 1u << l;
        if (!lists) {
            lists = jm_alloc(df->a, JM_LANE_COUNT * sizeof *lists);
            if (!lists) return false;
            memset(lists, 0, JM_LANE_COUNT * sizeof *lists);
        }
        if (!item_changes(df, lb, la, &lists[l])) return false;
    }
    mk->what = what;
    mk->lanes = lanes;
    mk->lists = lists;
    mk->kind = what || lanes ? JM_DIFF_CHANGED : JM_DIFF_SAME;
    return true;
}

/* A removed touchpoint as AFTER's journey can draw it: its channel and
 * personas found again by id, no score of its own. */
static bool ghost(const differ *df, const jm_touchpoint *t, jm_touchpoint *out)
{
    const jmap_journey *jb = df->jb, *ja = df->ja;
    *out = *t;
    out->research = NULL; /* its citations name BEFORE's sources, which AFTER's map does not list */
    out->channel_ix = -1;
    const char *ch = channel_id(jb, t);
    for (size_t c = 0; ch && c < ja->n_channels && out->channel_ix < 0; c++)
        if (strcmp(ja->channels[c].id.s, ch) == 0) out->channel_ix = (int)c;
    out->emotion = jm_alloc(df->a, df->np * sizeof(double));
    if (!out->emotion) return false;
    for (size_t p = 0; p < df->np; p++) out->emotion[p] = NAN;
    out->has_persona = NULL;
    if (ja->n_personas) {
        out->has_persona = jm_alloc(df->a, ja->n_personas * sizeof(bool));
        if (!out->has_persona) return false;
        for (size_t p = 0; p < ja->n_personas; p++) {
            long q = jb->n_personas ? df->pb[p] : 0;
            out->has_persona[p] = !jb->n_personas || (q >= 0 && jm_view_has_touchpoint(q, t));
        }
    }
    return true;
}

typedef struct removed {
    const jm_touchpoint *tp;
    size_t stage, at; /* AFTER's stage, and the index of AFTER's touchpoint it goes before */
    size_t order;     /* BEFORE's order, among equal places */
} removed;

static int by_place(const void *x, const void *y)
{
    const removed *a = x, *b = y;
    if (a->stage != b->stage) return a->stage < b->stage ? -1 : 1;
    if (a->at != b->at) return a->at < b->at ? -1 : 1;
    return a->order < b->order ? -1 : a->order > b->order;
}

/* BEFORE's removed touchpoints and where each goes in AFTER: in its stage
 * after the nearest one before it that stays in that stage; when its stage
 * is gone, at the end of the last stage before it that is kept. One pass
 * over BEFORE; sorted by place. */
static removed *place_removed(jm_arena *a, const jmap_journey *jb, const jmap_journey *ja, const index *ia,
                              size_t *n_out)
{
    size_t n = 0;
    for (size_t s = 0; s < jb->n_stages; s++)
        for (size_t k = 0; k < jb->stages[s].n_touchpoints; k++) n += !find_tp(ia, &jb->stages[s].touchpoints[k].id);
    removed *rm = jm_alloc(a, (n + 1) * sizeof *rm);
    if (!rm) return NULL;
    size_t r = 0;
    long kept_stage = -1; /* AFTER's index of the last of BEFORE's stages so far that AFTER keeps */
    for (size_t sb = 0; sb < jb->n_stages; sb++) {
        const jm_stage *st = &jb->stages[sb];
        long s = find_stage(ia, &st->id);
        size_t at = 0; /* after the last touchpoint so far that stays in stage s */
        for (size_t k = 0; k < st->n_touchpoints; k++) {
            const jm_touchpoint *t = &st->touchpoints[k], *now = find_tp(ia, &t->id);
            if (now) {
                const jm_stage *sa = s >= 0 ? &ja->stages[s] : NULL;
                if (sa && sa->n_touchpoints && now >= sa->touchpoints && now < sa->touchpoints + sa->n_touchpoints)
                    at = (size_t)(now - sa->touchpoints) + 1;
                continue;
            }
            rm[r].tp = t;
            rm[r].order = r;
            if (s >= 0) rm[r].stage = (size_t)s, rm[r].at = at;
            else if (kept_stage >= 0) rm[r].stage = (size_t)kept_stage, rm[r].at = ja->stages[kept_stage].n_touchpoints;
            else rm[r].stage = 0, rm[r].at = 0;
            r++;
        }
        if (s >= 0) kept_stage = s;
    }
    if (r > 1) qsort(rm, r, sizeof *rm, by_place);
    *n_out = r;
    return rm;
}

static bool make_marks(jm_diff *d, const differ *df, const index *ib, const removed *rm, size_t n_removed)
{
    const jmap_journey *ja = df->ja;
    jm_arena *a = df->a;
    jm_stage *stages = jm_alloc(a, (ja->n_stages + 1) * sizeof *stages);
    d->stage_first = jm_alloc(a, (ja->n_stages + 1) * sizeof *d->stage_first);
    d->marks = jm_alloc(a, (ja->n_touchpoints + n_removed + 1) * sizeof *d->marks);
    /* every touchpoint in one array, so that a touchpoint's mark is found by its place in it */
    jm_touchpoint *tps = jm_alloc(a, (ja->n_touchpoints + n_removed + 1) * sizeof *tps);
    if (!stages || !d->stage_first || !d->marks || !tps) return false;
    d->tps = tps;
    size_t m = 0, i = 0;
    for (size_t s = 0; s < ja->n_stages; s++) {
        const jm_stage *st = &ja->stages[s];
        stages[s] = *st;
        d->stage_first[s] = m;
        for (size_t k = 0; k <= st->n_touchpoints; k++) {
            for (; i < n_removed && rm[i].stage == s && rm[i].at == k; i++) {
                if (!ghost(df, rm[i].tp, &tps[m])) return false;
                d->marks[m] = (jm_diff_mark){.kind = JM_DIFF_REMOVED, .old = rm[i].tp};
                d->marks[m].before = scores_before(df, rm[i].tp);
                if (!d->marks[m].before) return false;
                m++;
            }
            if (k == st->n_touchpoints) break;
            const jm_touchpoint *t = &st->touchpoints[k];
            const jm_touchpoint *old = find_tp(ib, &t->id);
            tps[m] = *t;
            jm_diff_mark *mk = &d->marks[m++];
            *mk = (jm_diff_mark){.old = old};
            if (!old) {
                mk->kind = JM_DIFF_ADDED;
                d->n_added++;
                double *none = jm_alloc(a, df->np * sizeof *none);
                if (!none) return false;
                for (size_t p = 0; p < df->np; p++) none[p] = NAN;
                mk->before = none;
                continue;
            }
            mk->before = scores_before(df, old);
            if (!mk->before || !compare(df, old, t, mk)) return false;
            d->n_changed += mk->kind == JM_DIFF_CHANGED;
            for (size_t p = 0; p < df->np; p++)
                if (!isnan(mk->before[p]) && !isnan(t->emotion[p]) && mk->before[p] != t->emotion[p]) {
                    d->n_moved++;
                    break;
                }
        }
        stages[s].touchpoints = tps + d->stage_first[s];
        stages[s].n_touchpoints = m - d->stage_first[s];
    }
    d->stage_first[ja->n_stages] = m;
    d->n_tps = m;
    d->journey.stages = stages;
    d->journey.n_touchpoints = m;
    return true;
}

/* Every lane that either map shows: AFTER's, and each of BEFORE's that
 * AFTER lacks after the lane that comes before it in BEFORE. */
static void lanes_union(jmap_journey *j, const jmap_journey *jb)
{
    size_t at = 0;
    for (size_t i = 0; i < jb->n_lanes; i++) {
        jm_lane l = jb->lanes[i];
        size_t k = 0;
        while (k < j->n_lanes && j->lanes[k] != l) k++;
        if (k < j->n_lanes) {
            at = k + 1;
            continue;
        }
        if (j->n_lanes >= JM_LANE_COUNT) continue; /* cannot be: each lane once */
        memmove(&j->lanes[at + 1], &j->lanes[at], (j->n_lanes - at) * sizeof l);
        j->lanes[at++] = l;
        j->n_lanes++;
    }
}

jm_diff *jm_diff_make(const jmap_journey *jb, const jmap_journey *ja, const jmap_mem *mem)
{
    jm_diff *d = jm_mem_calloc(mem, 1, sizeof *d);
    if (!d) return NULL;
    jm_arena_init(&d->arena, mem);
    d->journey = *ja;
    index ib, ia;
    bool made_b = index_make(&ib, jb, mem), made_a = index_make(&ia, ja, mem); /* both, to free both */
    bool ok = made_b && made_a;
    d->before = jb;
    lanes_union(&d->journey, jb);
    differ df = {&d->arena, mem, jb, ja, NULL, ja->n_personas ? ja->n_personas : 1};
    size_t n_removed = 0;
    removed *rm = ok ? place_removed(&d->arena, jb, ja, &ia, &n_removed) : NULL;
    df.pb = rm ? personas_before(&d->arena, jb, ja) : NULL;
    d->persona_before = df.pb;
    d->n_removed = n_removed;
    ok = df.pb && make_marks(d, &df, &ib, rm, n_removed);
    index_free(&ib);
    index_free(&ia);
    if (ok) return d;
    jm_diff_free(d, mem);
    return NULL;
}

void jm_diff_free(jm_diff *d, const jmap_mem *mem)
{
    if (!d) return;
    jm_arena_free(&d->arena);
    jm_mem_free(mem, d);
}

/* The mean of the scores of persona's view (-1: all) of journey j, whose
 * touchpoints are tps[0, n) (NULL: j's own, stage by stage); skip: marks
 * whose touchpoints are left out (removed ones, in the diff's journey). */
static double mean_of(const jmap_journey *j, long persona, const jm_touchpoint *tps, size_t n, const jm_diff_mark *skip)
{
    double sum = 0;
    size_t k = 0, np = j->n_personas ? j->n_personas : 1;
    for (size_t s = 0; s < (tps ? 1 : j->n_stages); s++) {
        const jm_touchpoint *ts = tps ? tps : j->stages[s].touchpoints;
        size_t nt = tps ? n : j->stages[s].n_touchpoints;
        for (size_t i = 0; i < nt; i++) {
            if (skip && skip[i].kind == JM_DIFF_REMOVED) continue;
            if (!ts[i].emotion || !jm_view_has_touchpoint(persona, &ts[i])) continue;
            for (size_t p = 0; p < np; p++)
                if (jm_view_has_persona(persona, p) && !isnan(ts[i].emotion[p])) sum += ts[i].emotion[p], k++;
        }
    }
    return k ? sum / (double)k : NAN;
}

void jm_diff_summarise(const jm_diff *d, long persona, jm_diff_summary *out)
{
    *out = (jm_diff_summary){0};
    for (size_t i = 0; i < d->n_tps; i++) {
        const jm_touchpoint *t = &d->tps[i];
        const jm_diff_mark *m = &d->marks[i];
        if (!jm_view_has_touchpoint(persona, t)) continue;
        out->added += m->kind == JM_DIFF_ADDED;
        out->removed += m->kind == JM_DIFF_REMOVED;
        out->changed += m->kind == JM_DIFF_CHANGED;
        if (m->kind == JM_DIFF_ADDED) out->fresh += t->pains.n;
        if (m->kind == JM_DIFF_REMOVED || !m->lists) continue;
        const jm_diff_list *pains = &m->lists[JM_LANE_PAINS];
        out->fixed += pains->n_gone;
        for (size_t k = 0; pains->fresh && k < t->pains.n; k++) out->fresh += pains->fresh[k];
    }
    out->mean_after = mean_of(&d->journey, persona, d->tps, d->n_tps, d->marks);
    /* BEFORE's own scores: of the same persona (by id), or all of them */
    const jmap_journey *b = d->before;
    long q = persona;
    if (persona >= 0 && b->n_personas) q = d->persona_before[persona];
    else if (persona >= 0) q = -1; /* BEFORE had no personas: its one curve */
    out->mean_before = persona >= 0 && b->n_personas && q < 0 ? NAN : mean_of(b, q, NULL, 0, NULL);
}

const jm_diff_mark *jm_diff_find(const jm_diff *d, const jm_touchpoint *tp)
{
    if (!d || !tp || !d->n_tps) return NULL;
    /* by address: every touchpoint of d->journey is in d->tps */
    uintptr_t at = (uintptr_t)tp, first = (uintptr_t)d->tps, end = (uintptr_t)(d->tps + d->n_tps);
    if (at < first || at >= end) return NULL;
    return &d->marks[(at - first) / sizeof *tp];
}
