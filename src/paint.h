/* The painter: one cairo drawing of a layout, whatever the surface. */
#ifndef JMAP_PAINT_H
#define JMAP_PAINT_H

#include <cairo.h>

#include "layout.h"

/* Paints the layout. With `only`, items that lie wholly outside that box (in
 * layout units, with a margin for strokes and glyphs that overhang their
 * box) are skipped: a band of a large image costs what it shows. */
void jm_paint(cairo_t *cr, const jm_layout *l, const jm_box *only);

#endif
