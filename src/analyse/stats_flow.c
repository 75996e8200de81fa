/* The statistics of flow and time (1.2; docs/flow-and-time.md has the
 * formulas): conversion from the first touchpoint with a reach to the
 * last, the loss at each step and the largest, the active and waiting time
 * and the share of waiting, the fail points. */
#include "analyse/stats_flow.h"

#include <math.h>

#include "base/arena.h"
#include "model/model.h"

static void add_fails(jmap_stat_flow *f, const jm_stage *s, const jm_touchpoint *t)
{
    for (size_t i = 0; i < jm_ft(t)->own.fail.n; i++)
        f->fails[f->n_fails++] = (jmap_stat_fail){t->id.s, s->id.s, "touchpoints", NULL, jm_ft(t)->own.fail.items[i].s};
    static const char *const lanes[JM_BP_COUNT] = {"frontstage", "backstage", "support"};
    for (int b = 0; b < JM_BP_COUNT; b++) {
        const jm_timed *items = jm_ft(t)->items[b];
        const jm_list *l = jm_ft_bp_list(t, (jm_bp_lane)b);
        for (size_t i = 0; items && i < l->n; i++)
            for (size_t k = 0; k < items[i].fail.n; k++)
                f->fails[f->n_fails++] =
                    (jmap_stat_fail){t->id.s, s->id.s, lanes[b], l->items[i].s, items[i].fail.items[k].s};
    }
}

static size_t count_fails(const jm_touchpoint *t)
{
    size_t n = jm_ft(t)->own.fail.n;
    for (int b = 0; b < JM_BP_COUNT; b++) {
        const jm_timed *items = jm_ft(t)->items[b];
        size_t m = jm_ft_bp_list(t, (jm_bp_lane)b)->n;
        for (size_t i = 0; items && i < m; i++) n += items[i].fail.n;
    }
    return n;
}

int jm_stats_flow(const jmap_journey *j, jmap_stat_flow *f)
{
    f->conversion = f->waiting_share = NAN;
    f->largest = -1;
    size_t n_reach = 0, n_fails = 0;
    for (size_t s = 0; s < j->n_stages; s++)
        for (size_t k = 0; k < j->stages[s].n_touchpoints; k++) {
            n_reach += jm_ft(&j->stages[s].touchpoints[k])->has_reach;
            n_fails += count_fails(&j->stages[s].touchpoints[k]);
        }
    f->steps = jm_mem_calloc(NULL, n_reach ? n_reach : 1, sizeof *f->steps);
    f->fails = jm_mem_calloc(NULL, n_fails ? n_fails : 1, sizeof *f->fails);
    if (!f->steps || !f->fails) return -1;
    const jm_touchpoint *prev = NULL;
    double most = 0;
    for (size_t s = 0; s < j->n_stages; s++)
        for (size_t k = 0; k < j->stages[s].n_touchpoints; k++) {
            const jm_touchpoint *t = &j->stages[s].touchpoints[k];
            add_fails(f, &j->stages[s], t);
            if (jm_ft_has_time(t)) f->timed++;
            f->active += jm_ft_duration(t);
            f->waiting += jm_ft_wait(t);
            if (!jm_ft(t)->has_reach) continue;
            f->reached++;
            if (!prev) {
                f->first_id = t->id.s;
                f->first_reach = jm_ft(t)->reach;
            } else {
                jmap_stat_flow_step *st = &f->steps[f->n_steps];
                *st = (jmap_stat_flow_step){prev->id.s, t->id.s, jm_ft(prev)->reach, jm_ft(t)->reach, NAN};
                if (jm_ft(prev)->reach > 0) st->loss = (jm_ft(prev)->reach - jm_ft(t)->reach) / jm_ft(prev)->reach * 100;
                if (!isnan(st->loss) && st->loss > most) {
                    most = st->loss;
                    f->largest = (long)f->n_steps;
                }
                f->n_steps++;
            }
            f->last_id = t->id.s;
            f->last_reach = jm_ft(t)->reach;
            prev = t;
        }
    if (f->reached >= 2 && f->first_reach > 0) f->conversion = f->last_reach / f->first_reach * 100;
    if (f->active + f->waiting > 0) f->waiting_share = f->waiting / (f->active + f->waiting) * 100;
    return 0;
}

void jm_stats_flow_free(jmap_stat_flow *f)
{
    jm_mem_free(NULL, f->steps);
    jm_mem_free(NULL, f->fails);
}
