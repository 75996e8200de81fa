/* The computed values of a journey for jmap_stats (stats_data.c). */
#ifndef JMAP_STATS_DATA_H
#define JMAP_STATS_DATA_H

#include "model/model.h"

/* *out (jm_mem_free'd by jmap_stats_free) and *n; -1 when memory ran out. */
int jm_stats_computed(const jmap_journey *j, jmap_stat_computed **out, size_t *n);

#endif
