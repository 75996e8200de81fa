/* The PDF device's state, shared by its two kinds of pages: a page a
 * journey (paint_cairo.c) and a poster tiled over pages of one paper size
 * (pdf_poster.c). Private to those two files. */
#ifndef JMAP_PDF_DEVICE_H
#define JMAP_PDF_DEVICE_H

#include <cairo.h>
#include <stdbool.h>

#include "paint/cairo/paint_cairo.h"
#include "paint/poster_plan.h"

typedef struct pdf_painter {
    jm_cairo_painter c;
    cairo_surface_t *surface;
    jm_device_options o;
    bool write_failed;
    /* a poster: the tiles of the current journey */
    int cols, rows;
    jm_poster_plan plan;        /* which tiles are printed */
    int next;                   /* the next page: 0 the overview, else tiles from tile_at on */
    size_t tile_at;             /* the tile drawn on the current page (row after row), once past the overview */
    bool in_page;               /* a page is being drawn (its clip and transform saved) */
    double step_x, step_y;      /* from one tile to the next, on the map */
    double scale;               /* of the overview */
    jm_box tile;                /* the part of the map on the tile being drawn */
    struct poster_lines *lines; /* the page's long lines, indexed (pdf_poster_line.c) */
} pdf_painter;

int jm_pdf_begin(jm_painter *p, const jm_layout *first);
int jm_pdf_end(jm_painter *p);
void jm_pdf_free(jm_painter *p);

/* A poster's pages: the overview, then each tile (pdf_poster.c). */
extern const jm_paint_ops jm_poster_ops;

/* A path on a poster's page: on a tile, only the part the tile shows
 * (pdf_poster_line.c); the lines indexed for the page are freed by
 * jm_poster_lines_free. */
void jm_poster_path(jm_painter *p, const jm_item *it);
void jm_poster_lines_free(pdf_painter *d);

#endif
