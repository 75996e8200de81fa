/* Flow and time (format 1.2, *Journeys that are not a straight line*): a
 * touchpoint's reach, its wait and duration, its fail points, and the same
 * times and fail points on items of its blueprint lanes. Read by
 * load/flowtime.c, drawn by layout/flowtime.c, counted by
 * analyse/stats_flow.c; docs/flow-and-time.md has the formulas. Included
 * by model.h, after jm_str and jm_list. */
#ifndef JMAP_MODEL_FLOWTIME_H
#define JMAP_MODEL_FLOWTIME_H

#include <stdbool.h>
#include <stddef.h>

/* The largest reach read: every whole number up to it is exact in a double,
 * and so is a sum of a thousand of them. */
#define JM_REACH_MAX 1e15
/* The longest wait or duration read: 100 years, in seconds. */
#define JM_SPAN_MAX (100.0 * 365.25 * 86400.0)

/* A wait or a duration: seconds, to the millisecond (1.5h is 5400 s
 * exactly); written.s NULL when absent. */
typedef struct jm_span {
    double seconds;
    jm_str written;             /* as written: "25min" */
} jm_span;

/* What a touchpoint, or an item of frontstage, backstage or support, may
 * carry: a wait before it, a duration, fail points. */
typedef struct jm_timed {
    jm_span wait, duration;
    jm_list fail;               /* the fail points' texts */
} jm_timed;

/* The blueprint lanes whose items may be {text, wait, duration, fail}. */
typedef enum { JM_BP_FRONTSTAGE, JM_BP_BACKSTAGE, JM_BP_SUPPORT, JM_BP_COUNT } jm_bp_lane;

typedef struct jm_flowtime {
    bool has_reach;             /* false (all zero) when the touchpoint has none */
    const struct jm_calc *reach_calc; /* reach computed from research data (model/data.h), or NULL */
    double reach;               /* a whole number, 0 to JM_REACH_MAX */
    jm_pos reach_pos;
    jm_timed own;               /* the touchpoint's own */
    jm_timed *items[JM_BP_COUNT]; /* [that lane's n], each item's; NULL when every item is a plain text */
} jm_flowtime;

static inline bool jm_span_given(const jm_span *s) { return s->written.s != NULL; }

/* The one way a reach is set: by the loader from a number, and by a
 * computed value (1.2 research data) once that is known. v is a whole
 * number within [0, JM_REACH_MAX], checked by the caller. */
static inline void jm_ft_set_reach(jm_flowtime *f, double v, jm_pos at)
{
    f->has_reach = true;
    f->reach = v;
    f->reach_pos = at;
}

struct jm_touchpoint;
/* A touchpoint's flow and time, all absent (jm_ft_none) when it gives none. */
extern const jm_flowtime jm_ft_none;
#define jm_ft(t) ((t)->ft ? (const jm_flowtime *)(t)->ft : &jm_ft_none)
/* The blueprint list of touchpoint t that lane b's items are. */
const jm_list *jm_ft_bp_list(const struct jm_touchpoint *t, jm_bp_lane b);
/* Whether t carries a wait or a duration of its own (the time lane's);
 * whether it carries a fail point (its own, or an item's). */
bool jm_ft_has_time(const struct jm_touchpoint *t);
bool jm_ft_has_fail(const struct jm_touchpoint *t);
/* Its own wait and duration, in seconds (0 when not given): the customer's
 * time. Its blueprint items' times are the service's, shown beside them and
 * not added to the journey's (docs/flow-and-time.md). */
double jm_ft_wait(const struct jm_touchpoint *t);
double jm_ft_duration(const struct jm_touchpoint *t);

#endif
