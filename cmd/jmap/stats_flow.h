/* jmap stats' part for flow and time (1.2): jmap_stats's `flow` as JSON
 * (one member, "flow": {...}, after ", ") and as rows of the table. */
#ifndef JMAP_CLI_STATS_FLOW_H
#define JMAP_CLI_STATS_FLOW_H

#include <stdio.h>

#include "jmap/jmap.h"

void cli_stats_flow_json(FILE *f, const jmap_stat_flow *fl, const char *ind);
void cli_stats_flow_table(FILE *f, const jmap_stat_flow *fl);

#endif
