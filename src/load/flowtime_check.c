/* Resolve's part for flow and time (1.2): the lanes they fill, and reach
 * that grows along the path without another way in (a warning). */
#include "load/flowtime_check.h"

#include <stdio.h>

/* The touchpoints that lead to touchpoint k of the journey's order (flat):
 * at most cap of them into out; returns how many. Along the default path
 * the one before it that has a reach (the flow lane compares those). The
 * paths of `next` plug in here: every touchpoint whose `next` names k. */
static size_t predecessors(const jm_touchpoint *const *flat, size_t k, const jm_touchpoint **out, size_t cap)
{
    if (!cap) return 0;
    for (size_t i = k; i-- > 0;)
        if (jm_ft(flat[i])->has_reach) {
            out[0] = flat[i];
            return 1;
        }
    return 0;
}

static void grows(jmap_doc *doc, const jm_touchpoint *const *flat, size_t n)
{
    const jm_touchpoint *before[8];
    for (size_t k = 0; k < n; k++) {
        const jm_touchpoint *t = flat[k];
        if (!jm_ft(t)->has_reach) continue;
        size_t np = predecessors(flat, k, before, 8);
        if (!np) continue;
        const jm_touchpoint *most = before[0];
        for (size_t i = 1; i < np; i++)
            if (jm_ft(before[i])->reach > jm_ft(most)->reach) most = before[i];
        if (jm_ft(t)->reach > jm_ft(most)->reach)
            jm_warn(doc, jm_ft(t)->reach_pos,
                    "reach %.0f of '%s' is more than the %.0f of '%s' before it: customers who come in another way "
                    "are not drawn; check the figure",
                    jm_ft(t)->reach, t->id.s ? t->id.s : t->name.s, jm_ft(most)->reach, most->id.s ? most->id.s : most->name.s);
    }
}

void jm_flowtime_resolve(jmap_doc *doc, jmap_journey *j, bool has[JM_LANE_COUNT])
{
    size_t n = 0;
    for (size_t s = 0; s < j->n_stages; s++) n += j->stages[s].n_touchpoints;
    const jm_touchpoint **flat = jm_alloc(&doc->arena, (n ? n : 1) * sizeof *flat);
    if (!flat) return;
    size_t k = 0;
    for (size_t s = 0; s < j->n_stages; s++)
        for (size_t i = 0; i < j->stages[s].n_touchpoints; i++) {
            const jm_touchpoint *t = &j->stages[s].touchpoints[i];
            flat[k++] = t;
            if (has && jm_ft(t)->has_reach) has[JM_LANE_FLOW] = true;
            if (has && jm_ft_has_time(t)) has[JM_LANE_TIME] = true;
        }
    grows(doc, flat, n);
}
