/* What changed between two journeys (jmap diff): the later journey with the
 * earlier one's removed touchpoints put back where they stood, and a mark
 * for each touchpoint. Made by the renderer; read by the layout, which takes
 * it as an option and draws the marks. */
#ifndef JMAP_DIFF_H
#define JMAP_DIFF_H

#include "base/arena.h"
#include "model/model.h"

typedef enum { JM_DIFF_SAME, JM_DIFF_ADDED, JM_DIFF_REMOVED, JM_DIFF_CHANGED } jm_diff_kind;

typedef struct jm_diff_mark {
    jm_diff_kind kind;          /* changed: its text or channel */
    const double *before;       /* [max(1, n_personas)] its score before, in the drawn journey's persona
                                 * order (matched by id); NaN where it had none */
} jm_diff_mark;

typedef struct jm_diff {
    jm_arena arena;
    jmap_journey journey;       /* AFTER, with BEFORE's removed touchpoints put back */
    jm_diff_mark *marks;        /* one per touchpoint of `journey`, in order */
    size_t *stage_first;        /* index into marks of each stage's first touchpoint */
    jm_touchpoint *tps;         /* every touchpoint of `journey`, stage after stage: marks[i] is tps[i]'s */
    size_t n_tps;
    size_t n_added, n_removed, n_changed, n_moved;
} jm_diff;

/* NULL when memory runs out. Touchpoints are matched by id. */
jm_diff *jm_diff_make(const jmap_journey *before, const jmap_journey *after, const jmap_mem *mem);
void jm_diff_free(jm_diff *d, const jmap_mem *mem);
/* The mark of a touchpoint of d->journey; NULL for one not in it. */
const jm_diff_mark *jm_diff_find(const jm_diff *d, const jm_touchpoint *tp);

#endif
