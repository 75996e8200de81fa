/* A poster's plan: how a map is cut into sheets of one paper size, and
 * which of those sheets are printed.
 *
 * The map is covered by a grid of tiles, each the sheet's size less a margin
 * that printers leave blank, spread evenly so that neighbours overlap by at
 * least a strip (jm_poster_overlap). A tile is printed only when it holds a
 * part of the map that no other printed tile holds whole: a tile of nothing
 * but background, or whose only marks lie whole inside a neighbour's
 * overlap, is not printed. The driver (render.c) uses the count to pick the
 * rows of the journey that need the fewest sheets; the PDF device
 * (paint/cairo/pdf_poster.c) draws the printed tiles. */
#ifndef JMAP_POSTER_PLAN_H
#define JMAP_POSTER_PLAN_H

#include <stdbool.h>
#include <stddef.h>

#include "layout/layout.h"

enum {
    JM_POSTER_MARGIN = 36,   /* half an inch: what most printers leave blank */
    JM_POSTER_OVERLAP = 18,  /* a quarter of an inch, printed on both sheets */
};

typedef struct jm_poster_plan {
    int cols, rows;          /* the grid of tiles */
    double tile_w, tile_h;   /* a tile's size on the map: the sheet less its margins */
    double step_x, step_y;   /* from one tile to the next */
    unsigned char *printed;  /* cols * rows, row after row: 1 when the tile is printed */
    size_t n_printed;
} jm_poster_plan;

/* The grid of a map of w x h on sheets of page_w x page_h, every tile
 * counted (the most sheets the plan can give). */
size_t jm_poster_grid_tiles(double w, double h, double page_w, double page_h);

/* The plan of the layout's page on sheets of page_w x page_h. False when
 * memory runs out. */
bool jm_poster_plan_make(jm_poster_plan *pl, const jm_layout *l, double page_w, double page_h,
                         const jmap_mem *mem);
void jm_poster_plan_free(jm_poster_plan *pl, const jmap_mem *mem);

#endif
