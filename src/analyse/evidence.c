/* What a journey's research covers (format 1.2): the touchpoints, pains and
 * opportunities that cite a source, itself or through what it belongs to,
 * counted for `jmap stats`, and each one that does not reported for
 * `jmap check --require-sources` (jmap_doc_require_sources). */
#include "analyse/evidence.h"

#include <string.h>

bool jm_tp_cited(const jmap_journey *j, const jm_stage *st, const jm_touchpoint *t)
{
    return jm_cites_any(jm_tp_source(t)) || jm_cites_any(st->source) || jm_tp_cites_computed(j, t);
}

/* Each touchpoint, pain and opportunity of j, whether it cites a source,
 * to fn (item: the pain's or opportunity's text, NULL for the touchpoint
 * itself; lane: JM_LANE_TOUCHPOINTS, _PAINS or _OPPORTUNITIES). Those of
 * an assumed touchpoint are skipped: a hypothesis is not held to research. */
typedef void (*cover_fn)(void *ctx, const jm_touchpoint *t, jm_lane lane, const jm_str *item, bool cited);

static void each_claim(const jmap_journey *j, cover_fn fn, void *ctx)
{
    for (size_t s = 0; s < j->n_stages; s++) {
        const jm_stage *st = &j->stages[s];
        for (size_t i = 0; i < st->n_touchpoints; i++) {
            const jm_touchpoint *t = &st->touchpoints[i];
            if (jm_tp_assumed(t)) continue;
            bool cited = jm_tp_cited(j, st, t);
            fn(ctx, t, JM_LANE_TOUCHPOINTS, NULL, cited);
            for (size_t k = 0; k < t->pains.n; k++)
                fn(ctx, t, JM_LANE_PAINS, &t->pains.items[k], cited || jm_tp_pain_source(t, k) != NULL);
            for (size_t k = 0; k < t->opportunities.n; k++)
                fn(ctx, t, JM_LANE_OPPORTUNITIES, &t->opportunities.items[k],
                   cited || jm_tp_opportunity_source(t, k) != NULL);
        }
    }
}

static void count(void *ctx, const jm_touchpoint *t, jm_lane lane, const jm_str *item, bool cited)
{
    (void)t;
    (void)item;
    jm_coverage *c = ctx;
    size_t *all = lane == JM_LANE_PAINS ? &c->pains : lane == JM_LANE_OPPORTUNITIES ? &c->opportunities
                                                                                    : &c->touchpoints;
    size_t *yes = lane == JM_LANE_PAINS ? &c->pains_cited
                  : lane == JM_LANE_OPPORTUNITIES ? &c->opportunities_cited : &c->touchpoints_cited;
    (*all)++;
    *yes += cited;
}

jm_coverage jm_journey_coverage(const jmap_journey *j)
{
    jm_coverage c;
    memset(&c, 0, sizeof c);
    each_claim(j, count, &c);
    for (size_t s = 0; s < j->n_stages; s++)
        for (size_t i = 0; i < j->stages[s].n_touchpoints; i++) {
            const jm_touchpoint *t = &j->stages[s].touchpoints[i];
            if (!jm_tp_assumed(t)) continue;
            c.assumed++;
            c.touchpoints++; /* counted among the touchpoints, not among those cited */
            c.pains += t->pains.n;
            c.opportunities += t->opportunities.n;
        }
    return c;
}

/* ---- jmap check --require-sources ---- */

static void require(void *ctx, const jm_touchpoint *t, jm_lane lane, const jm_str *item, bool cited)
{
    jmap_doc *doc = ctx;
    if (cited) return;
    if (lane == JM_LANE_TOUCHPOINTS) {
        jm_error(doc, t->pos,
                 "touchpoint '%s' cites no source: add 'source:' with the id of one of 'sources' (here or on its "
                 "stage), or 'assumed: true' if it is a hypothesis",
                 t->name.s ? t->name.s : t->id.s ? t->id.s : "");
        return;
    }
    const char *what = lane == JM_LANE_PAINS ? "pain" : "opportunity";
    jm_error(doc, item->pos,
             "%s '%s' cites no source, nor does its touchpoint: write it as {text: ..., source: ...}, or cite a "
             "source on its touchpoint",
             what, item->s);
}

/* Puts a finished doc's diagnostics back into its list, so that more can
 * be added and the list finished again. */
static void reopen(jmap_doc *doc)
{
    size_t n = doc->diags.n;
    const jmap_diag *kept = doc->sorted;
    doc->diags.n = 0;
    for (size_t i = 0; i < n; i++) {
        jmap_diag *d = jm_vec_push(&doc->diags);
        if (d) *d = kept[i];
    }
}

size_t jmap_doc_require_sources(jmap_doc *doc)
{
    /* a doc with errors hands out no journey: it fails already */
    if (!doc || doc->n_errors || jmap_doc_out_of_memory(doc)) return 0;
    reopen(doc);
    for (size_t i = 0; i < doc->n_journeys; i++) each_claim(doc->journeys[i], require, doc);
    jm_diags_finish(doc);
    return doc->n_errors;
}
