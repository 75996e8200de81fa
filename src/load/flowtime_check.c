/* Resolve's part for flow and time (1.2): the lanes they fill, and reach
 * that grows along the path without another way in (a warning). */
#include "load/flowtime_check.h"

#include <stdio.h>

#include "base/strmap.h"

/* Warns where reach grows along the path without another way in: a
 * touchpoint's reach above the reach of every touchpoint that leads to it.
 * What leads to k: when no touchpoint of the journey writes `next`, the
 * touchpoint before it that has a reach (the flow lane compares those);
 * else every touchpoint whose step goes to k (its `next`, or by default the
 * touchpoint after it), those with a reach. One pass over the steps. */
static void warn_grows(jmap_doc *doc, const jm_touchpoint *t, const jm_touchpoint *most)
{
    jm_warn(doc, jm_ft(t)->reach_pos,
            "reach %.0f of '%s' is more than the %.0f of '%s' before it: customers who come in another way "
            "are not drawn; check the figure",
            jm_ft(t)->reach, t->id.s ? t->id.s : t->name.s, jm_ft(most)->reach, most->id.s ? most->id.s : most->name.s);
}

static void grows_along_rows(jmap_doc *doc, const jm_touchpoint *const *flat, size_t n)
{
    const jm_touchpoint *before = NULL;
    for (size_t k = 0; k < n; k++) {
        if (!jm_ft(flat[k])->has_reach) continue;
        if (before && jm_ft(flat[k])->reach > jm_ft(before)->reach) warn_grows(doc, flat[k], before);
        before = flat[k];
    }
}

/* most[k]: the touchpoint with the largest reach among those that lead to k */
static void lead(const jm_touchpoint **most, size_t k, const jm_touchpoint *from)
{
    if (jm_ft(from)->has_reach && (!most[k] || jm_ft(from)->reach > jm_ft(most[k])->reach)) most[k] = from;
}

static void grows_along_paths(jmap_doc *doc, const jm_touchpoint *const *flat, size_t n)
{
    jm_strmap at;
    jm_strmap_init(&at, jm_doc_mem(doc));
    const jm_touchpoint **most = jm_alloc(&doc->arena, (n ? n : 1) * sizeof *most);
    size_t *index = jm_alloc(&doc->arena, (n ? n : 1) * sizeof *index);
    if (!most || !index) return;
    for (size_t k = 0; k < n; k++) {
        most[k] = NULL;
        index[k] = k;
        if (flat[k]->id.s && !jm_strmap_get(&at, flat[k]->id.s, flat[k]->id.len))
            jm_strmap_put(&at, flat[k]->id.s, flat[k]->id.len, &index[k]);
    }
    for (size_t i = 0; i < n; i++) {
        const jm_list *next = &flat[i]->next;
        if (!next->pos.line) {
            if (i + 1 < n) lead(most, i + 1, flat[i]);
            continue;
        }
        for (size_t e = 0; e < next->n; e++) {
            const size_t *k = jm_strmap_get(&at, next->items[e].s, next->items[e].len);
            if (k && *k != i) lead(most, *k, flat[i]); /* `end` and unknown ids (reported) lead nowhere */
        }
    }
    for (size_t k = 0; k < n; k++)
        if (jm_ft(flat[k])->has_reach && most[k] && jm_ft(flat[k])->reach > jm_ft(most[k])->reach)
            warn_grows(doc, flat[k], most[k]);
    jm_strmap_release(&at);
}

static void grows(jmap_doc *doc, const jm_touchpoint *const *flat, size_t n)
{
    for (size_t k = 0; k < n; k++)
        if (flat[k]->next.pos.line) {
            grows_along_paths(doc, flat, n);
            return;
        }
    grows_along_rows(doc, flat, n);
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
