/* The bounds of what one map may draw, and what a journey would draw,
 * counted from the model alone (no text is measured). Resolve reports a
 * journey past them, so that `jmap check` fails where `jmap build` would;
 * render refuses one all the same, for callers that ignore diagnostics. */
#ifndef JMAP_BOUNDS_H
#define JMAP_BOUNDS_H

#include <stddef.h>

#include "model/limits.h" /* JM_MAX_MAP_TEXT, JM_MAX_MAP_ITEMS */
#include "model/model.h"

typedef struct jm_draw_size {
    size_t text_bytes; /* bytes of text drawn */
    size_t items;      /* texts, list items and emotion points drawn */
} jm_draw_size;

/* Counts every persona's curve: a build of one persona draws less. */
jm_draw_size jm_draw_size_of(const jmap_journey *j);

/* The message for a journey past the bounds into buf; false when it is within them. */
bool jm_draw_size_message(const jmap_journey *j, char *buf, size_t size);

#endif
