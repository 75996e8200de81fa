/* Paths (1.2): a touchpoint's `next` checked once every touchpoint id of
 * the journey is known (resolve.c calls it after making the ids). */
#ifndef JMAP_LOAD_PATHS_H
#define JMAP_LOAD_PATHS_H

#include "model/doc.h"

/* The word `next` takes for leaving the journey. */
#define JM_NEXT_END "end"

/* Reports, at their line and column: an empty `next`, an id of `next` that
 * is no touchpoint of the journey (with the nearest one), a touchpoint
 * that names itself, an id listed twice. Costs a hash lookup an id. */
void jm_resolve_paths(jmap_doc *doc, jmap_journey *j);

#endif
