/* The painter: one cairo drawing of a layout, whatever the surface. */
#ifndef JMAP_PAINT_H
#define JMAP_PAINT_H

#include <cairo.h>

#include "layout.h"

/* The box each item's paint can touch, ink included (glyphs reach past
 * their text's logical box: accents, stacked marks, italic overhang; strokes
 * and miter joins past a shape's outline): one a layout item, into bounds. */
void jm_paint_bounds(const jm_layout *l, jm_box *bounds);

/* Paints the layout. With `only` (and the bounds of jm_paint_bounds), items
 * whose bounds miss that box are skipped: a band of a large image costs
 * what it shows. */
void jm_paint(cairo_t *cr, const jm_layout *l, const jm_box *only, const jm_box *bounds);

#endif
