/* Paths (1.2): `next` of each touchpoint checked against the journey's
 * touchpoint ids (paths.h). Loading itself is the touchpoint table's
 * (`next` a list, `optional` a boolean: load.c); what the steps are is
 * analyse/paths.c's. */
#include "load/paths.h"

#include <stdint.h>
#include <string.h>

#include "base/strmap.h"
#include "model/limits.h"

/* The ids a "did you mean" looks through: the journey's, then `end`. */
static const char **candidates(jmap_doc *doc, const jmap_journey *j, size_t *n)
{
    size_t total = 0;
    for (size_t s = 0; s < j->n_stages; s++) total += j->stages[s].n_touchpoints;
    if (total > JM_SUGGEST_CANDIDATES - 1) total = JM_SUGGEST_CANDIDATES - 1;
    const char **c = jm_alloc(&doc->arena, (total + 1) * sizeof *c);
    *n = 0;
    if (!c) return NULL;
    size_t k = 0;
    for (size_t s = 0; s < j->n_stages && k < total; s++)
        for (size_t t = 0; t < j->stages[s].n_touchpoints && k < total; t++, k++)
            if (j->stages[s].touchpoints[t].id.s) c[(*n)++] = j->stages[s].touchpoints[t].id.s;
    c[(*n)++] = JM_NEXT_END;
    return c;
}

static void check_next(jmap_doc *doc, const jm_touchpoint *tp, const jm_strmap *ids, const char *const *cands,
                       size_t n_cands, jm_strmap *seen, bool sure)
{
    const jm_list *next = &tp->next;
    if (next->n == 0) {
        jm_error(doc, next->pos, "'next' must name at least one touchpoint id, or end for leaving the journey");
        return;
    }
    jm_strmap_release(seen);
    for (size_t i = 0; i < next->n; i++) {
        const jm_str *id = &next->items[i];
        if (jm_strmap_get(seen, id->s, id->len)) {
            jm_error(doc, id->pos, "'%s' is listed twice in 'next'", id->s);
            continue;
        }
        jm_strmap_put(seen, id->s, id->len, (void *)1);
        if (strcmp(id->s, JM_NEXT_END) == 0) continue;
        const jm_touchpoint *to = jm_strmap_get(ids, id->s, id->len);
        if (to == tp) {
            jm_error(doc, id->pos, "touchpoint '%s' cannot lead to itself: 'next' names the touchpoints that come "
                     "after it, or end", id->s);
        } else if (!to && sure) {
            jm_error_near(doc, id->pos, &(jm_near){id->s, id->len, cands, n_cands},
                          ": 'next' takes ids of touchpoints of this journey, or end", "unknown touchpoint '%s' in 'next'",
                          id->s);
        }
    }
}

void jm_resolve_paths(jmap_doc *doc, jmap_journey *j)
{
    bool any = false;
    for (size_t s = 0; s < j->n_stages && !any; s++)
        for (size_t t = 0; t < j->stages[s].n_touchpoints; t++)
            if (j->stages[s].touchpoints[t].next.pos.line) any = true;
    if (!any) return;
    jm_strmap ids, seen;
    jm_strmap_init(&ids, jm_doc_mem(doc));
    jm_strmap_init(&seen, jm_doc_mem(doc));
    bool incomplete = false; /* a touchpoint without an id (reported): a reference may have meant it */
    for (size_t s = 0; s < j->n_stages; s++)
        for (size_t t = 0; t < j->stages[s].n_touchpoints; t++) {
            jm_touchpoint *tp = &j->stages[s].touchpoints[t];
            if (!tp->id.s) incomplete = true;
            else if (tp->id.key.line && strcmp(tp->id.s, JM_NEXT_END) == 0)
                jm_error(doc, tp->id.pos, "a touchpoint cannot have the id 'end': in 'next' it means leaving the journey");
            else if (!jm_strmap_get(&ids, tp->id.s, tp->id.len)) jm_strmap_put(&ids, tp->id.s, tp->id.len, tp);
        }
    size_t n_cands = 0;
    const char **cands = candidates(doc, j, &n_cands);
    for (size_t s = 0; s < j->n_stages && cands; s++)
        for (size_t t = 0; t < j->stages[s].n_touchpoints; t++) {
            const jm_touchpoint *tp = &j->stages[s].touchpoints[t];
            if (tp->next.pos.line) check_next(doc, tp, &ids, cands, n_cands, &seen, !incomplete);
        }
    jm_strmap_release(&ids);
    jm_strmap_release(&seen);
}
