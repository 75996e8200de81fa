/* Paths (1.2): a journey's steps that are not "to the next touchpoint"
 * (paths.h), for the paths lane and for stats. */
#include "analyse/paths.h"

#include <stdint.h>
#include <string.h>

#include "base/arena.h"
#include "base/strmap.h"

const char *const jm_step_kind_names[JM_STEP_KIND_COUNT] = {"jump", "return", "exit", "bypass"};

bool jm_paths_used(const jmap_journey *j)
{
    for (size_t s = 0; s < j->n_stages; s++)
        for (size_t t = 0; t < j->stages[s].n_touchpoints; t++)
            if (j->stages[s].touchpoints[t].next.n || j->stages[s].touchpoints[t].optional) return true;
    return false;
}

/* The touchpoints of j in order: tps[ix]. */
static const jm_touchpoint **in_order(const jmap_journey *j, const jmap_mem *mem, size_t *n)
{
    size_t total = 0;
    for (size_t s = 0; s < j->n_stages; s++) total += j->stages[s].n_touchpoints;
    const jm_touchpoint **tps = jm_mem_calloc(mem, total ? total : 1, sizeof *tps);
    if (!tps) return NULL;
    *n = 0;
    for (size_t s = 0; s < j->n_stages; s++)
        for (size_t t = 0; t < j->stages[s].n_touchpoints; t++) tps[(*n)++] = &j->stages[s].touchpoints[t];
    return tps;
}

/* The step from tps[i] to the touchpoint whose index + 1 is `to` (0: end);
 * false when it is simply to the next touchpoint (or the end after the last). */
static bool step_of(size_t i, size_t to, size_t n, const jm_touchpoint *const *tps, jm_step *st)
{
    st->from = tps[i];
    st->from_ix = i;
    if (to == 0) {
        if (i + 1 == n) return false;
        *st = (jm_step){tps[i], NULL, i, i, JM_STEP_EXIT};
        return true;
    }
    size_t k = to - 1;
    if (k == i + 1 || k == i) return false; /* the next one; itself is reported, never drawn */
    *st = (jm_step){tps[i], tps[k], i, k, k > i ? JM_STEP_JUMP : JM_STEP_RETURN};
    return true;
}

size_t jm_path_steps(const jmap_journey *j, const jmap_mem *mem, jm_step **out)
{
    *out = NULL;
    if (!jm_paths_used(j)) return 0;
    size_t n = 0;
    const jm_touchpoint **tps = in_order(j, mem, &n);
    if (!tps) return (size_t)-1;
    size_t cap = 0;
    for (size_t i = 0; i < n; i++) cap += tps[i]->next.n + (tps[i]->optional ? 1 : 0);
    jm_step *steps = jm_mem_calloc(mem, cap ? cap : 1, sizeof *steps);
    size_t *seen = jm_mem_calloc(mem, n + 1, sizeof *seen); /* [to]: the last touchpoint + 1 that named it */
    bool *over = jm_mem_calloc(mem, n ? n : 1, sizeof *over);  /* [i]: a jump from i to i + 2 */
    jm_strmap ids; /* id -> index + 1 */
    jm_strmap_init(&ids, mem);
    bool ok = steps && seen && over;
    for (size_t i = 0; i < n && ok; i++)
        if (tps[i]->id.s && !jm_strmap_get(&ids, tps[i]->id.s, tps[i]->id.len))
            ok = jm_strmap_put(&ids, tps[i]->id.s, tps[i]->id.len, (void *)(uintptr_t)(i + 1));
    size_t m = 0;
    for (size_t i = 0; i < n && ok; i++) {
        const jm_list *next = &tps[i]->next;
        for (size_t k = 0; k < next->n; k++) {
            const jm_str *id = &next->items[k];
            bool end = strcmp(id->s, "end") == 0;
            size_t to = end ? 0 : (size_t)(uintptr_t)jm_strmap_get(&ids, id->s, id->len);
            if ((!end && to == 0) || seen[to] == i + 1) continue; /* unknown or repeated: reported */
            seen[to] = i + 1;
            if (!step_of(i, to, n, tps, &steps[m])) continue;
            if (steps[m].kind == JM_STEP_JUMP && steps[m].to_ix == i + 2) over[i] = true;
            m++;
        }
    }
    /* a bypass for each optional touchpoint between two others, unless a
     * jump from the one before it already goes to the one after it */
    for (size_t i = 1; i + 1 < n && ok; i++)
        if (tps[i]->optional && !over[i - 1]) steps[m++] = (jm_step){tps[i - 1], tps[i + 1], i - 1, i + 1, JM_STEP_BYPASS};
    jm_strmap_release(&ids);
    jm_mem_free(mem, tps);
    jm_mem_free(mem, seen);
    jm_mem_free(mem, over);
    if (!ok || m == 0) {
        jm_mem_free(mem, steps);
        return ok ? 0 : (size_t)-1;
    }
    *out = steps;
    return m;
}

_Static_assert((int)JMAP_STEP_JUMP == (int)JM_STEP_JUMP && (int)JMAP_STEP_RETURN == (int)JM_STEP_RETURN &&
                   (int)JMAP_STEP_EXIT == (int)JM_STEP_EXIT && (int)JMAP_STEP_KIND_COUNT == (int)JM_STEP_BYPASS,
               "the public kinds of a step are the first of jm_step_kind");

int jm_stats_paths(const jmap_journey *j, jmap_stats *st)
{
    for (size_t s = 0; s < j->n_stages; s++)
        for (size_t t = 0; t < j->stages[s].n_touchpoints; t++) st->optional += j->stages[s].touchpoints[t].optional;
    jm_step *steps = NULL;
    size_t n = jm_path_steps(j, NULL, &steps);
    if (n == (size_t)-1) return -1;
    st->steps = jm_mem_calloc(NULL, n ? n : 1, sizeof *st->steps);
    if (!st->steps) {
        jm_mem_free(NULL, steps);
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        const jm_step *p = &steps[i];
        if (p->kind == JM_STEP_BYPASS) continue;
        st->steps[st->n_steps++] = (jmap_stat_step){(jmap_step_kind)p->kind, jm_step_kind_names[p->kind], p->from->id.s,
                                                    p->from->name.s, p->to ? p->to->id.s : NULL,
                                                    p->to ? p->to->name.s : NULL};
        st->steps_of[p->kind]++;
    }
    jm_mem_free(NULL, steps);
    return 0;
}
