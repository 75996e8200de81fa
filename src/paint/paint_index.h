/* Which items a band of a page touches (a tile of a poster, a band of rows
 * of a PNG), found without walking every item for every band: the page is
 * cut into a grid of cells, each holding the places in the paint order of
 * the items whose bounds reach into it. A band then costs what it holds,
 * and a page of many bands costs in proportion to the page. Private to
 * paint.c. */
#ifndef JMAP_PAINT_INDEX_H
#define JMAP_PAINT_INDEX_H

#include <stdbool.h>
#include <stddef.h>

#include "layout/layout.h"

typedef struct jm_paint_index {
    const jmap_mem *mem;
    const size_t *order;     /* the paint order (jm_paint_order) */
    size_t n;
    const jm_box *bounds;    /* each item's (jm_paint_bounds) */
    double cell_w, cell_h;
    size_t cols, rows;
    size_t *start;           /* cols * rows + 1: where each cell's places begin in places */
    size_t *places;          /* places in the order, cell after cell, each cell's ascending */
    size_t *every;           /* places in every band: items without finite bounds, shapes' alternative texts */
    size_t n_every;
    unsigned *taken;         /* a place: the band that last took it */
    unsigned band;
} jm_paint_index;

/* Indexes the n places of order over the page l. with_alt: a shape's
 * alternative text (JM_PAINT_ALT) is in every band. False when memory runs
 * out. */
bool jm_paint_index_build(jm_paint_index *ix, const jm_layout *l, const size_t *order, size_t n,
                          const jm_box *bounds, bool with_alt, const jmap_mem *mem);

/* The places in the order whose items' bounds meet `only`, in the order,
 * into out (room for n); returns how many. */
size_t jm_paint_index_band(jm_paint_index *ix, const jm_box *only, size_t *out);

void jm_paint_index_free(jm_paint_index *ix);

#endif
