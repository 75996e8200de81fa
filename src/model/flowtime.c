/* Flow and time: what the loader, the layout and the statistics ask of a
 * touchpoint's times and fail points (model/flowtime.h). */
#include "model/model.h"

const jm_flowtime jm_ft_none = {0};

const jm_list *jm_ft_bp_list(const jm_touchpoint *t, jm_bp_lane b)
{
    return b == JM_BP_FRONTSTAGE ? &t->frontstage : b == JM_BP_BACKSTAGE ? &t->backstage : &t->support;
}

/* Adds up what `pick` reads from t's own times and from its items'. */
static double each_timed(const jm_touchpoint *t, double (*pick)(const jm_timed *))
{
    double sum = pick(&jm_ft(t)->own);
    for (int b = 0; b < JM_BP_COUNT; b++) {
        const jm_timed *items = jm_ft(t)->items[b];
        if (!items) continue;
        size_t n = jm_ft_bp_list(t, (jm_bp_lane)b)->n;
        for (size_t i = 0; i < n; i++) sum += pick(&items[i]);
    }
    return sum;
}

static double wait_of(const jm_timed *x) { return jm_span_given(&x->wait) ? x->wait.seconds : 0; }
static double duration_of(const jm_timed *x) { return jm_span_given(&x->duration) ? x->duration.seconds : 0; }
static bool given_of(const jm_timed *x) { return jm_span_given(&x->wait) || jm_span_given(&x->duration); }
static double fails_of(const jm_timed *x) { return (double)x->fail.n; }

bool jm_ft_has_time(const jm_touchpoint *t) { return given_of(&jm_ft(t)->own) > 0; }
bool jm_ft_has_fail(const jm_touchpoint *t) { return each_timed(t, fails_of) > 0; }
double jm_ft_wait(const jm_touchpoint *t) { return wait_of(&jm_ft(t)->own); }
double jm_ft_duration(const jm_touchpoint *t) { return duration_of(&jm_ft(t)->own); }
