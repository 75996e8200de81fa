/* A journey's statistics, as values: jmap_journey_stats (jmap.h). Nothing
 * here prints; the command line formats the values. */
#include <math.h>
#include <stdlib.h>

#include "base/arena.h"
#include "analyse/stats_flow.h"
#include "analyse/evidence.h"
#include "model/model.h"
#include "analyse/stats_data.h"
#include "analyse/paths.h"

/* The score of touchpoint t in the view of persona p (-1: the whole
 * journey, the mean of its personas' scores); NaN when unscored or, for a
 * persona, when the persona does not go through it. */
static double score_of(const jmap_journey *j, const jm_touchpoint *t, long p)
{
    if (!t->emotion) return NAN;
    if (j->n_personas == 0) return t->emotion[0];
    if (p >= 0) return jm_view_has_touchpoint(p, t) ? t->emotion[p] : NAN;
    double sum = 0;
    size_t n = 0;
    for (size_t i = 0; i < j->n_personas; i++)
        if (jm_view_has_touchpoint((long)i, t) && !isnan(t->emotion[i])) { sum += t->emotion[i]; n++; }
    return n ? sum / (double)n : NAN;
}

/* The target minus the score, as score_of takes them; NaN unless both are there. */
static double gap_of(const jmap_journey *j, const jm_touchpoint *t, long p)
{
    if (!t->emotion || !t->target) return NAN;
    if (j->n_personas == 0) return t->target[0] - t->emotion[0];
    if (p >= 0) return jm_view_has_touchpoint(p, t) ? t->target[p] - t->emotion[p] : NAN;
    double sum = 0;
    size_t n = 0;
    for (size_t i = 0; i < j->n_personas; i++) {
        double g = t->target[i] - t->emotion[i];
        if (jm_view_has_touchpoint((long)i, t) && !isnan(g)) { sum += g; n++; }
    }
    return n ? sum / (double)n : NAN;
}

static jmap_stat_point point(const jm_stage *s, const jm_touchpoint *t, double score)
{
    return (jmap_stat_point){t->id.s, t->name.s, s->id.s, s->name.s, score};
}

static void add_metric(jmap_stat_view *v, const jm_metric *m, const jm_stage *s, const jm_touchpoint *t)
{
    jmap_stat_metric *mt = &v->metrics[v->n_metrics++];
    mt->name = m->name.s;
    mt->value = m->value.s;
    mt->stage_id = s->id.s;
    mt->touchpoint_id = t ? t->id.s : NULL;
    mt->target = m->target.s;
    mt->better_lower = m->lower_better;
    mt->met = m->verdict == JM_VERDICT_MET ? 1 : m->verdict == JM_VERDICT_MISSED ? 0 : -1;
}

static void view_free(jmap_stat_view *v)
{
    jm_mem_free(NULL, v->stages);
    jm_mem_free(NULL, v->moments);
    jm_mem_free(NULL, v->metrics);
}

static int view_fill(const jmap_journey *j, long p, jmap_stat_view *v)
{
    jmap_stat_point none = {NULL, NULL, NULL, NULL, NAN};
    v->mean = v->drop = v->target_gap = NAN;
    v->lowest = v->highest = v->drop_from = v->drop_to = none;
    if (p >= 0) {
        v->persona_id = j->personas[p].id.s;
        v->persona = j->personas[p].name.s;
    }
    size_t n_metrics = 0, n_moments = 0;
    for (size_t s = 0; s < j->n_stages; s++) {
        n_metrics += j->stages[s].n_metrics;
        for (size_t k = 0; k < j->stages[s].n_touchpoints; k++) {
            n_moments += j->stages[s].touchpoints[k].moment;
            n_metrics += j->stages[s].touchpoints[k].n_metrics;
        }
    }
    v->n_stages = j->n_stages;
    v->stages = jm_mem_calloc(NULL, j->n_stages ? j->n_stages : 1, sizeof *v->stages);
    v->moments = jm_mem_calloc(NULL, n_moments ? n_moments : 1, sizeof *v->moments);
    v->metrics = jm_mem_calloc(NULL, n_metrics ? n_metrics : 1, sizeof *v->metrics);
    if (!v->stages || !v->moments || !v->metrics) return -1;

    double sum = 0, prev = NAN, gaps = 0;
    const jm_stage *prev_s = NULL;
    const jm_touchpoint *prev_t = NULL;
    for (size_t si = 0; si < j->n_stages; si++) {
        const jm_stage *s = &j->stages[si];
        jmap_stat_stage *st = &v->stages[si];
        st->stage_id = s->id.s;
        st->stage = s->name.s;
        double ssum = 0;
        for (size_t m = 0; m < s->n_metrics; m++) add_metric(v, &s->metrics[m], s, NULL);
        for (size_t k = 0; k < s->n_touchpoints; k++) {
            const jm_touchpoint *t = &s->touchpoints[k];
            if (!jm_view_has_touchpoint(p, t)) continue;
            v->touchpoints++;
            v->pains += t->pains.n;
            for (size_t o = 0; o < t->opportunities.n; o++) {
                jm_priority pr = t->opportunity ? t->opportunity[o].priority : JM_PRIORITY_NONE;
                v->opportunities[pr == JM_PRIORITY_HIGH     ? JMAP_PRIORITY_HIGH
                                 : pr == JM_PRIORITY_MEDIUM ? JMAP_PRIORITY_MEDIUM
                                 : pr == JM_PRIORITY_LOW    ? JMAP_PRIORITY_LOW
                                                            : JMAP_PRIORITY_NONE]++;
                if (pr == JM_PRIORITY_HIGH && t->opportunity[o].status != JM_STATUS_DONE) v->open_high++;
            }
            for (size_t m = 0; m < t->n_metrics; m++) add_metric(v, &t->metrics[m], s, t);
            if (t->moment) v->moments[v->n_moments++] = (jmap_stat_moment){t->id.s, t->name.s, s->id.s, s->name.s};
            double g = gap_of(j, t, p);
            if (!isnan(g)) {
                gaps += g;
                v->targets++;
            }
            double e = score_of(j, t, p);
            if (isnan(e)) continue;
            v->scored++;
            sum += e;
            st->scored++;
            ssum += e;
            if (isnan(v->lowest.score) || e < v->lowest.score) v->lowest = point(s, t, e);
            if (isnan(v->highest.score) || e > v->highest.score) v->highest = point(s, t, e);
            if (!isnan(prev) && prev - e > 0 && (isnan(v->drop) || prev - e > v->drop)) {
                v->drop = prev - e;
                v->drop_from = point(prev_s, prev_t, prev);
                v->drop_to = point(s, t, e);
            }
            prev = e;
            prev_s = s;
            prev_t = t;
        }
        st->mean = st->scored ? ssum / (double)st->scored : NAN;
    }
    if (v->scored) v->mean = sum / (double)v->scored;
    if (v->targets) v->target_gap = gaps / (double)v->targets;
    return 0;
}

jmap_stats *jmap_journey_stats(const jmap_journey *j)
{
    if (!j) return NULL;
    jmap_stats *st = jm_mem_calloc(NULL, 1, sizeof *st);
    if (!st) return NULL;
    st->title = j->title.s;
    st->future = j->future;
    st->scale_lo = j->scale_lo;
    st->scale_hi = j->scale_hi;
    jm_coverage cov = jm_journey_coverage(j); /* research (1.2) */
    st->evidence = (jmap_stat_evidence){j->n_sources, cov.touchpoints, cov.touchpoints_cited, cov.pains,
                                        cov.pains_cited, cov.opportunities, cov.opportunities_cited, cov.assumed};
    st->personas = jm_mem_calloc(NULL, j->n_personas ? j->n_personas : 1, sizeof *st->personas);
    if (!st->personas || view_fill(j, -1, &st->journey) != 0) { jmap_stats_free(st); return NULL; }
    for (size_t p = 0; p < j->n_personas; p++) {
        st->n_personas++;
        if (view_fill(j, (long)p, &st->personas[p]) != 0) { jmap_stats_free(st); return NULL; }
    }
    if (jm_stats_flow(j, &st->flow) != 0) { jmap_stats_free(st); return NULL; }
    if (jm_stats_computed(j, &st->computed, &st->n_computed) != 0) { jmap_stats_free(st); return NULL; }
    if (jm_stats_paths(j, st) != 0) { jmap_stats_free(st); return NULL; }
    return st;
}

void jmap_stats_free(jmap_stats *s)
{
    if (!s) return;
    view_free(&s->journey);
    for (size_t p = 0; p < s->n_personas; p++) view_free(&s->personas[p]);
    jm_mem_free(NULL, s->personas);
    jm_stats_flow_free(&s->flow);
    jm_mem_free(NULL, s->computed);
    jm_mem_free(NULL, s->steps);
    jm_mem_free(NULL, s);
}
