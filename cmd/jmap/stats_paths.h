/* jmap stats: the paths part (1.2) of a journey's numbers, as a table and
 * as the "paths" member of its JSON (stats_paths.c; keys: docs/cli.md). */
#ifndef JMAP_CLI_STATS_PATHS_H
#define JMAP_CLI_STATS_PATHS_H

#include <stdio.h>

#include "jmap/jmap.h"

/* `"paths": {...}` (no comma before it). */
void cli_stats_paths_json(FILE *f, const jmap_stats *s);
/* The table's "Paths" section; nothing when the journey has no step and no optional touchpoint. */
void cli_stats_paths_table(FILE *f, const jmap_stats *s);

#endif
