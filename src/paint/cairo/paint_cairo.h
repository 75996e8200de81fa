/* The cairo painter: display-list items drawn onto a cairo_t, shared by the
 * devices that draw through cairo (PDF here, PNG in png.c, the SVG of glyph
 * outlines in svg_outline.c). */
#ifndef JMAP_PAINT_CAIRO_H
#define JMAP_PAINT_CAIRO_H

#include <cairo.h>

#include "paint/paint.h"

/* A device that draws through cairo: the painter, then its cairo_t. */
typedef struct jm_cairo_painter {
    jm_painter base;
    cairo_t *cr;
} jm_cairo_painter;

/* The drawing calls of every cairo device (p is a jm_cairo_painter). */
void jm_cairo_rect(jm_painter *p, const jm_item *it);
void jm_cairo_path(jm_painter *p, const jm_item *it);
void jm_cairo_text(jm_painter *p, const jm_item *it);
void jm_cairo_background(cairo_t *cr, const jm_layout *l);
/* Strokes cr's path as the item's outline says (colour, width, caps, joins, dash),
 * the dash pattern starting dash_offset units in. */
void jm_cairo_stroke(cairo_t *cr, const jm_item *it, double dash_offset);

/* The whole layout onto cr, in the order every device draws it: a
 * reference image for tests. Returns 0, or -1 when memory runs out. */
int jm_paint_cairo(cairo_t *cr, const jm_layout *l);

#endif
