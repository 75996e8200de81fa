/* Paths (1.2): the steps of a journey that are not simply "to the next
 * touchpoint", as the `paths` lane draws them and `stats` counts them. */
#ifndef JMAP_ANALYSE_PATHS_H
#define JMAP_ANALYSE_PATHS_H

#include <stdbool.h>
#include <stddef.h>

#include "model/model.h"

typedef enum {
    JM_STEP_JUMP,       /* forward, past the touchpoints between */
    JM_STEP_RETURN,     /* back to an earlier touchpoint (a loop) */
    JM_STEP_EXIT,       /* `end` before the last touchpoint: leaving the journey */
    JM_STEP_BYPASS,     /* around an optional touchpoint: from the one before it to the one after */
    JM_STEP_KIND_COUNT
} jm_step_kind;

/* The kind's name (data-kind, stats --json): jump, return, exit, bypass. */
extern const char *const jm_step_kind_names[JM_STEP_KIND_COUNT];

typedef struct jm_step {
    const jm_touchpoint *from, *to; /* to: NULL for an exit */
    size_t from_ix, to_ix;          /* their places in the journey's order; to_ix = from_ix for an exit */
    jm_step_kind kind;
} jm_step;

/* The steps of j: each touchpoint's `next` in the journey's order (ids of
 * `next` that name no touchpoint are left out: they were reported), then
 * the bypass of each optional touchpoint that has one before and after it
 * (unless a jump makes the same step). Allocated from mem into *out (NULL
 * when none); returns their number, or (size_t)-1 when memory runs out.
 * Linear in the touchpoints and the ids of `next`. */
size_t jm_path_steps(const jmap_journey *j, const jmap_mem *mem, jm_step **out);

/* stats (jmap.h's jmap_stats): the steps of j but the bypasses, and how
 * many touchpoints are optional; 0, or -1 when memory runs out. */
int jm_stats_paths(const jmap_journey *j, jmap_stats *st);

/* Whether j writes `next` or `optional` anywhere. */
bool jm_paths_used(const jmap_journey *j);

#endif
