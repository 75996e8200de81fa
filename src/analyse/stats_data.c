/* The computed values of a journey for jmap_stats (1.2): each with where it
 * stands, its source, its value and its n, in journey order. */
#include <string.h>

#include "analyse/stats_data.h"
#include "base/arena.h"
#include "model/data.h"
#include "model/sources.h"

static const char *const what_words[] = {"emotion", "target", "metric", "reach"};
_Static_assert(sizeof what_words / sizeof *what_words == JM_CALC_REACH + 1, "a word for each use of a computed value");

static void add(const jmap_journey *j, const jm_calc *c, const char *stage, const char *tp, const char *name,
                jmap_stat_computed *out, size_t *n)
{
    if (!c || !c->done) return;
    if (out) {
        const jm_source *src = c->source_ix >= 0 && (size_t)c->source_ix < j->n_sources ? &j->sources[c->source_ix] : NULL;
        out[*n] = (jmap_stat_computed){what_words[c->use], name, stage, tp, c->persona.s,
                                       src ? src->id.s : NULL, c->column.s,
                                       c->compute.s ? c->compute.s : jm_compute_names[JM_COMPUTE_MEAN],
                                       c->text, c->plain, c->n};
    }
    (*n)++;
}

static void walk(const jmap_journey *j, jmap_stat_computed *out, size_t *n)
{
    for (size_t s = 0; s < j->n_stages; s++) {
        const jm_stage *st = &j->stages[s];
        for (size_t m = 0; m < st->n_metrics; m++) add(j, st->metrics[m].calc, st->id.s, NULL, st->metrics[m].name.s, out, n);
        for (size_t i = 0; i < st->n_touchpoints; i++) {
            const jm_touchpoint *t = &st->touchpoints[i];
            for (size_t k = 0; k < t->n_scores; k++) add(j, t->scores[k].calc, st->id.s, t->id.s, NULL, out, n);
            for (size_t k = 0; k < t->n_targets; k++) add(j, t->targets[k].calc, st->id.s, t->id.s, NULL, out, n);
            for (size_t m = 0; m < t->n_metrics; m++)
                add(j, t->metrics[m].calc, st->id.s, t->id.s, t->metrics[m].name.s, out, n);
            if (t->ft) add(j, t->ft->reach_calc, st->id.s, t->id.s, NULL, out, n);
        }
    }
}

int jm_stats_computed(const jmap_journey *j, jmap_stat_computed **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    if (!j->calcs) return 0;
    size_t count = 0;
    walk(j, NULL, &count);
    if (!count) return 0;
    *out = jm_mem_calloc(NULL, count, sizeof **out);
    if (!*out) return -1;
    walk(j, *out, n);
    return 0;
}
