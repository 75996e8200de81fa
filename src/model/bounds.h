/* The bounds of what one map may draw, and what a journey would draw,
 * counted from the model alone (no text is measured). Resolve reports a
 * journey past them, so that `jmap check` fails where `jmap build` would;
 * render refuses one all the same, for callers that ignore diagnostics. */
#ifndef JMAP_BOUNDS_H
#define JMAP_BOUNDS_H

#include <stddef.h>

#include "model/model.h"

/* Memory, time and output grow with the bytes of text (glyphs) and, more
 * steeply, with the number of separate things drawn: each text, list item
 * and emotion point costs about 4.5 kB on its way through Pango and cairo's
 * recording of the page. Past these, a map is no longer readable anyway
 * (docs/format.md, docs/performance.md). */
#define JM_MAX_MAP_TEXT (1u * 1024u * 1024u)
#define JM_MAX_MAP_ITEMS 60000u

typedef struct jm_draw_size {
    size_t text_bytes; /* bytes of text drawn */
    size_t items;      /* texts, list items and emotion points drawn */
} jm_draw_size;

/* Counts every persona's curve: a build of one persona draws less. */
jm_draw_size jm_draw_size_of(const jmap_journey *j);

/* The message for a journey past the bounds into buf; false when it is within them. */
bool jm_draw_size_message(const jmap_journey *j, char *buf, size_t size);

#endif
