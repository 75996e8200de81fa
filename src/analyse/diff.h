/* What changed between two journeys (jmap diff): the later journey with the
 * earlier one's removed touchpoints put back where they stood, and a mark
 * for each touchpoint. Made by the renderer; read by the layout, which takes
 * it as an option and draws the marks. */
#ifndef JMAP_DIFF_H
#define JMAP_DIFF_H

#include "base/arena.h"
#include "model/model.h"

typedef enum { JM_DIFF_SAME, JM_DIFF_ADDED, JM_DIFF_REMOVED, JM_DIFF_CHANGED } jm_diff_kind;

/* What about a kept touchpoint changed (jm_diff_mark.what), besides the
 * text of its lanes (jm_diff_mark.lanes). */
enum {
    JM_DIFF_NAME = 1u << 0,
    JM_DIFF_CHANNEL = 1u << 1,
    JM_DIFF_SCORE = 1u << 2,    /* a score of a persona both maps have */
    JM_DIFF_MOMENT = 1u << 3,
    JM_DIFF_PERSONAS = 1u << 4, /* who goes through it */
};

/* How the items of one list of a kept touchpoint changed, matched by text:
 * BEFORE's items that AFTER's list lacks (a pain gone is a pain fixed) and
 * which of AFTER's are new. */
typedef struct jm_diff_list {
    const jm_str *gone;         /* [n_gone], in BEFORE's order */
    size_t n_gone;
    const bool *fresh;          /* [AFTER's list's n]: true for an item BEFORE's list lacks; NULL for none */
} jm_diff_list;

typedef struct jm_diff_mark {
    jm_diff_kind kind;          /* changed: anything but its place (what, lanes) */
    const double *before;       /* [max(1, n_personas)] its score before, in the drawn journey's persona
                                 * order (matched by id); NaN where it had none */
    const jm_touchpoint *old;   /* BEFORE's touchpoint; NULL for one added */
    unsigned what;              /* JM_DIFF_NAME | ...: what changed */
    unsigned lanes;             /* bit 1u << l for each jm_lane l whose text changed (the feeling is the
                                 * emotions lane's, the opportunities' plans the opportunities') */
    const jm_diff_list *lists;  /* [JM_LANE_COUNT] when a list changed, else NULL; zero for a lane of no list */
} jm_diff_mark;

/* The summary of a diff, over the touchpoints of one view (jm_diff_summarise). */
typedef struct jm_diff_summary {
    size_t added, removed, changed;
    size_t fixed;               /* pains gone from touchpoints kept */
    size_t fresh;               /* pains new in touchpoints kept, and the pains of those added */
    double mean_before, mean_after; /* the mean of every score; NaN for none */
} jm_diff_summary;

typedef struct jm_diff {
    jm_arena arena;
    const jmap_journey *before; /* BEFORE, as compared (it must outlive the diff) */
    const long *persona_before; /* BEFORE's index of each of journey's personas; -1 for none */
    jmap_journey journey;       /* AFTER, with BEFORE's removed touchpoints put back */
    jm_diff_mark *marks;        /* one per touchpoint of `journey`, in order */
    size_t *stage_first;        /* index into marks of each stage's first touchpoint */
    jm_touchpoint *tps;         /* every touchpoint of `journey`, stage after stage: marks[i] is tps[i]'s */
    size_t n_tps;
    size_t n_added, n_removed, n_changed, n_moved; /* n_moved: touchpoints with a score moved */
} jm_diff;

/* NULL when memory runs out. Touchpoints are matched by id. */
jm_diff *jm_diff_make(const jmap_journey *before, const jmap_journey *after, const jmap_mem *mem);
void jm_diff_free(jm_diff *d, const jmap_mem *mem);
/* The mark of a touchpoint of d->journey; NULL for one not in it. */
const jm_diff_mark *jm_diff_find(const jm_diff *d, const jm_touchpoint *tp);

/* The summary of the touchpoints of persona's view (-1: every persona's):
 * the counts of the marks and of the pains fixed and new, and the mean of
 * the scores of that view in BEFORE and in AFTER. */
void jm_diff_summarise(const jm_diff *d, long persona, jm_diff_summary *out);
/* The list of a touchpoint that a lane shows; NULL for a lane of no list. */
const jm_list *jm_diff_lane_list(const jm_touchpoint *t, jm_lane lane);

#endif
