/* The statistics of flow and time (1.2): jmap_stats's `flow`. */
#ifndef JMAP_ANALYSE_STATS_FLOW_H
#define JMAP_ANALYSE_STATS_FLOW_H

#include "jmap/jmap.h"

/* Fills out (zeroed by the caller); -1 when memory runs out (then free it). */
int jm_stats_flow(const jmap_journey *j, jmap_stat_flow *out);
void jm_stats_flow_free(jmap_stat_flow *f);

#endif
