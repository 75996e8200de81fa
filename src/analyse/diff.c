/* jmap diff's comparison of two journeys: jm_diff_make (diff.h). */
#include "analyse/diff.h"

#include <math.h>
#include <string.h>

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

static bool same_text(const jmap_journey *jb, const jm_touchpoint *b, const jmap_journey *ja, const jm_touchpoint *a)
{
    const char *cb = channel_id(jb, b), *ca = channel_id(ja, a);
    if ((cb == NULL) != (ca == NULL) || (cb && strcmp(cb, ca) != 0)) return false;
    return str_eq(&a->name, &b->name) && str_eq(&a->feeling, &b->feeling) && str_eq(&a->doing, &b->doing) &&
           str_eq(&a->thinking, &b->thinking) && str_eq(&a->owner, &b->owner) && list_eq(&a->pains, &b->pains) &&
           list_eq(&a->opportunities, &b->opportunities) && list_eq(&a->evidence, &b->evidence) &&
           list_eq(&a->frontstage, &b->frontstage) && list_eq(&a->backstage, &b->backstage) &&
           list_eq(&a->support, &b->support) && a->moment == b->moment && metrics_eq(a, b) && plans_eq(a, b);
}

static const jm_touchpoint *find_tp(const jmap_journey *j, const char *id)
{
    if (!id) return NULL;
    for (size_t s = 0; s < j->n_stages; s++)
        for (size_t k = 0; k < j->stages[s].n_touchpoints; k++)
            if (j->stages[s].touchpoints[k].id.s && strcmp(j->stages[s].touchpoints[k].id.s, id) == 0)
                return &j->stages[s].touchpoints[k];
    return NULL;
}

static long find_stage(const jmap_journey *j, const char *id)
{
    for (size_t s = 0; s < j->n_stages; s++)
        if (j->stages[s].id.s && id && strcmp(j->stages[s].id.s, id) == 0) return (long)s;
    return -1;
}

/* BEFORE's persona index of AFTER's persona pa; -1 for none. */
static long persona_before(const jmap_journey *jb, const jmap_journey *ja, size_t pa)
{
    for (size_t p = 0; p < jb->n_personas; p++)
        if (strcmp(jb->personas[p].id.s, ja->personas[pa].id.s) == 0) return (long)p;
    return -1;
}

/* t's scores in BEFORE, in AFTER's persona order. */
static double *scores_before(jm_arena *a, const jmap_journey *jb, const jm_touchpoint *t, const jmap_journey *ja)
{
    size_t np = ja->n_personas ? ja->n_personas : 1;
    double *v = jm_alloc(a, np * sizeof *v);
    if (!v) return NULL;
    for (size_t p = 0; p < np; p++) {
        v[p] = NAN;
        if (!t->emotion) continue;
        if (!jb->n_personas) v[p] = t->emotion[0];
        else if (!ja->n_personas) {
            double sum = 0; /* a map that lost its personas: their mean */
            size_t n = 0;
            for (size_t q = 0; q < jb->n_personas; q++)
                if (!isnan(t->emotion[q])) { sum += t->emotion[q]; n++; }
            if (n) v[p] = sum / (double)n;
        } else {
            long q = persona_before(jb, ja, p);
            if (q >= 0) v[p] = t->emotion[q];
        }
    }
    return v;
}

/* A removed touchpoint as AFTER's journey can draw it: its channel and
 * personas found again by id, no score of its own. */
static bool ghost(jm_arena *a, const jmap_journey *jb, const jm_touchpoint *t, const jmap_journey *ja,
                  jm_touchpoint *out)
{
    *out = *t;
    out->channel_ix = -1;
    const char *ch = channel_id(jb, t);
    for (size_t c = 0; ch && c < ja->n_channels; c++)
        if (strcmp(ja->channels[c].id.s, ch) == 0) out->channel_ix = (int)c;
    size_t np = ja->n_personas ? ja->n_personas : 1;
    out->emotion = jm_alloc(a, np * sizeof(double));
    if (!out->emotion) return false;
    for (size_t p = 0; p < np; p++) out->emotion[p] = NAN;
    out->has_persona = NULL;
    if (ja->n_personas) {
        out->has_persona = jm_alloc(a, ja->n_personas * sizeof(bool));
        if (!out->has_persona) return false;
        for (size_t p = 0; p < ja->n_personas; p++) {
            long q = jb->n_personas ? persona_before(jb, ja, p) : 0;
            out->has_persona[p] = !jb->n_personas || (q >= 0 && jm_view_has_touchpoint(q, t));
        }
    }
    return true;
}

/* Where BEFORE's removed touchpoint (stage sb, index k) goes in AFTER: its
 * stage, and the index of AFTER's touchpoint it goes before. */
static void place(const jmap_journey *jb, size_t sb, size_t k, const jmap_journey *ja, size_t *sa, size_t *at)
{
    long s = find_stage(ja, jb->stages[sb].id.s);
    if (s < 0) { /* its stage is gone: at the end of the last stage before it that is kept */
        *sa = 0;
        *at = 0;
        for (size_t q = sb; q-- > 0;) {
            long t = find_stage(ja, jb->stages[q].id.s);
            if (t >= 0) {
                *sa = (size_t)t;
                *at = ja->stages[t].n_touchpoints;
                return;
            }
        }
        return;
    }
    *sa = (size_t)s;
    *at = 0;
    const jm_stage *st = &ja->stages[s];
    for (size_t q = k; q-- > 0;) { /* after the nearest one before it that stays in this stage */
        const char *id = jb->stages[sb].touchpoints[q].id.s;
        for (size_t i = 0; id && i < st->n_touchpoints; i++)
            if (st->touchpoints[i].id.s && strcmp(st->touchpoints[i].id.s, id) == 0) {
                *at = i + 1;
                return;
            }
    }
}

typedef struct removed {
    const jm_touchpoint *tp;
    size_t stage, at;
} removed;

jm_diff *jm_diff_make(const jmap_journey *jb, const jmap_journey *ja, const jmap_mem *mem)
{
    jm_diff *d = jm_mem_calloc(mem, 1, sizeof *d);
    if (!d) return NULL;
    jm_arena_init(&d->arena, mem);
    jm_arena *a = &d->arena;
    size_t n_removed = 0;
    for (size_t s = 0; s < jb->n_stages; s++)
        for (size_t k = 0; k < jb->stages[s].n_touchpoints; k++)
            n_removed += !find_tp(ja, jb->stages[s].touchpoints[k].id.s);
    removed *rm = jm_alloc(a, (n_removed + 1) * sizeof *rm);
    if (!rm) goto fail;
    size_t r = 0;
    for (size_t s = 0; s < jb->n_stages; s++)
        for (size_t k = 0; k < jb->stages[s].n_touchpoints; k++) {
            if (find_tp(ja, jb->stages[s].touchpoints[k].id.s)) continue;
            rm[r].tp = &jb->stages[s].touchpoints[k];
            place(jb, s, k, ja, &rm[r].stage, &rm[r].at);
            r++;
        }
    d->n_removed = n_removed;
    d->journey = *ja;
    jm_stage *stages = jm_alloc(a, (ja->n_stages + 1) * sizeof *stages);
    d->stage_first = jm_alloc(a, (ja->n_stages + 1) * sizeof *d->stage_first);
    d->marks = jm_alloc(a, (ja->n_touchpoints + n_removed + 1) * sizeof *d->marks);
    if (!stages || !d->stage_first || !d->marks) goto fail;
    size_t m = 0;
    for (size_t s = 0; s < ja->n_stages; s++) {
        const jm_stage *st = &ja->stages[s];
        size_t extra = 0;
        for (size_t i = 0; i < n_removed; i++) extra += rm[i].stage == s;
        stages[s] = *st;
        jm_touchpoint *tps = jm_alloc(a, (st->n_touchpoints + extra + 1) * sizeof *tps);
        if (!tps) goto fail;
        d->stage_first[s] = m;
        size_t n = 0;
        for (size_t k = 0; k <= st->n_touchpoints; k++) {
            for (size_t i = 0; i < n_removed; i++) {
                if (rm[i].stage != s || rm[i].at != k) continue;
                if (!ghost(a, jb, rm[i].tp, ja, &tps[n])) goto fail;
                d->marks[m].kind = JM_DIFF_REMOVED;
                d->marks[m].before = scores_before(a, jb, rm[i].tp, ja);
                if (!d->marks[m].before) goto fail;
                n++, m++;
            }
            if (k == st->n_touchpoints) break;
            const jm_touchpoint *t = &st->touchpoints[k];
            const jm_touchpoint *old = find_tp(jb, t->id.s);
            tps[n++] = *t;
            jm_diff_mark *mk = &d->marks[m++];
            if (!old) {
                mk->kind = JM_DIFF_ADDED;
                d->n_added++;
                double *none = jm_alloc(a, (ja->n_personas ? ja->n_personas : 1) * sizeof *none);
                if (!none) goto fail;
                for (size_t p = 0; p < (ja->n_personas ? ja->n_personas : 1); p++) none[p] = NAN;
                mk->before = none;
                continue;
            }
            mk->kind = same_text(jb, old, ja, t) ? JM_DIFF_SAME : JM_DIFF_CHANGED;
            d->n_changed += mk->kind == JM_DIFF_CHANGED;
            mk->before = scores_before(a, jb, old, ja);
            if (!mk->before) goto fail;
            for (size_t p = 0; p < (ja->n_personas ? ja->n_personas : 1); p++)
                if (!isnan(mk->before[p]) && !isnan(t->emotion[p]) && mk->before[p] != t->emotion[p]) {
                    d->n_moved++;
                    break;
                }
        }
        stages[s].touchpoints = tps;
        stages[s].n_touchpoints = n;
    }
    d->stage_first[ja->n_stages] = m;
    d->journey.stages = stages;
    d->journey.n_touchpoints = m;
    return d;
fail:
    jm_diff_free(d, mem);
    return NULL;
}

void jm_diff_free(jm_diff *d, const jmap_mem *mem)
{
    if (!d) return;
    jm_arena_free(&d->arena);
    jm_mem_free(mem, d);
}

const jm_diff_mark *jm_diff_find(const jm_diff *d, const jm_touchpoint *tp)
{
    if (!d || !tp) return NULL;
    for (size_t s = 0; s < d->journey.n_stages; s++) {
        const jm_stage *st = &d->journey.stages[s];
        if (st->n_touchpoints && tp >= st->touchpoints && tp < st->touchpoints + st->n_touchpoints)
            return &d->marks[d->stage_first[s] + (size_t)(tp - st->touchpoints)];
    }
    return NULL;
}
