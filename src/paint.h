/* The painter: one cairo drawing of a layout, whatever the surface. */
#ifndef JMAP_PAINT_H
#define JMAP_PAINT_H

#include <cairo.h>

#include "layout.h"

void jm_paint(cairo_t *cr, const jm_layout *l);

#endif
