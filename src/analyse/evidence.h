/* What a journey's research covers (format 1.2): which touchpoints, pains
 * and opportunities cite a source, for `jmap check --require-sources` and
 * `jmap stats`. evidence.c. */
#ifndef JMAP_ANALYSE_EVIDENCE_H
#define JMAP_ANALYSE_EVIDENCE_H

#include "model/doc.h"
#include "model/sources.h"

/* A touchpoint cites a source itself, through its stage, or through a
 * value computed from a source (jm_tp_cites_computed). */
bool jm_tp_cited(const jmap_journey *j, const jm_stage *st, const jm_touchpoint *t);

/* What the journey's research covers. */
typedef struct jm_coverage {
    size_t touchpoints, touchpoints_cited;
    size_t pains, pains_cited;
    size_t opportunities, opportunities_cited;
    size_t assumed;             /* touchpoints marked `assumed` */
} jm_coverage;

jm_coverage jm_journey_coverage(const jmap_journey *j);

#endif
