/* The paint stage: display lists to bytes, through one painter interface.
 *
 * A painter is a device in the manner of Graphviz's render engines: a table
 * of callbacks (begin, page, the drawing calls, page end, end) and the
 * device's own state behind it. The driver (render.c) owns the layouts and
 * walks each one through jm_paint_page, which calls the painter's drawing
 * calls in one order for every device: the shapes in the order they were
 * laid out, then the texts in the map's reading order (title, description,
 * personas, then stage by stage: its header, each lane's title before its
 * cells, touchpoint by touchpoint; the legend last), so that an SVG's
 * document order and a PDF's text follow the reading order.
 *
 * Devices: jmap's own SVG writer (svg.c) and, through cairo (paint_cairo.c),
 * PDF, PNG (png.c) and the SVG of glyph outlines (svg_outline.c). */
#ifndef JMAP_PAINT_H
#define JMAP_PAINT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "layout/layout.h"
#include "model/limits.h" /* JM_PNG_MAX, JM_PNG_MAX_ROWS */

typedef struct jm_painter jm_painter;

typedef struct jm_paint_ops {
    /* Before the first page; title and description are the first
     * journey's. Returns 0 or -1 (with the painter's message set). */
    int (*begin)(jm_painter *p, const jm_layout *first);
    /* A page of l->width x l->height with its background. */
    int (*page)(jm_painter *p, const jm_layout *l);
    /* A banded device (PNG) draws a page in several passes: band() says
     * whether there is another and sets the part of the page it covers;
     * NULL for devices that draw a page in one pass. */
    bool (*band)(jm_painter *p, const jm_layout *l, jm_box *only);
    void (*rect)(jm_painter *p, const jm_item *it);
    void (*path)(jm_painter *p, const jm_item *it);
    void (*text)(jm_painter *p, const jm_item *it);
    /* What a shape says to a screen reader (it->alt), in the reading
     * order; NULL when the device has no such thing. */
    void (*alt)(jm_painter *p, const jm_item *it);
    /* A part of the map (layout.h's jm_part: its class and ids) begins,
     * with its drawn bounds; everything drawn until its end is drawn for
     * it. Parts nest. NULL for devices that do not name parts: they are
     * drawn in the order above; a device that names them gets each part's
     * items together, where its first text stands in the reading order (a
     * part without text where its first shape stands). */
    void (*part_begin)(jm_painter *p, const jm_layout *l, const jm_part *part, jm_box bounds);
    void (*part_end)(jm_painter *p);
    int (*page_end)(jm_painter *p, const jm_layout *l);
    /* After the last page: the last bytes written. */
    int (*end)(jm_painter *p);
    void (*free)(jm_painter *p);
} jm_paint_ops;

struct jm_painter {
    const jm_paint_ops *ops;
    const jmap_mem *mem;
    char *err;             /* the device's message on failure */
    size_t errsize;
    bool oom;              /* failed for want of memory */
};

/* Reports a failure of the device: a message into p->err; returns -1. */
int jm_painter_fail(jm_painter *p, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* Draws one page of the layout through the painter: page, every band, page
 * end. Returns 0 or -1 (out of memory sets p->oom). */
int jm_paint_page(jm_painter *p, const jm_layout *l);

/* The order in which the page's items are drawn (see above): *count
 * indices into the items, in memory from mem; an index with JM_PAINT_ALT set
 * stands for the alternative text of a shape. False when memory runs out. */
#define JM_PAINT_ALT (SIZE_MAX ^ (SIZE_MAX >> 1))
bool jm_paint_order(const jm_layout *l, const jmap_mem *mem, size_t **order, size_t *count);

/* The order of a device that names parts (see part_begin): the places of
 * jm_paint_order's order, reordered so that each part's items stand
 * together (into order, in place). False when memory runs out. */
bool jm_paint_order_parts(const jm_layout *l, const jmap_mem *mem, size_t *order, size_t count);

/* Each part's drawn bounds (l->n_parts into bounds): the union of its
 * items' and its parts' (a text's ink and logical extents, a shape's box
 * and half its stroke); zero for a part that draws nothing. */
void jm_paint_part_bounds(const jm_layout *l, jm_box *bounds);

/* The box each item's paint can touch, ink included (glyphs reach past
 * their text's logical box: accents, stacked marks, italic overhang; strokes
 * and miter joins past a shape's outline): one a layout item, into bounds. */
void jm_paint_bounds(const jm_layout *l, jm_box *bounds);

/* The devices. Each writes its bytes to write(ctx, ...) and reports into
 * err; NULL when memory runs out. */
typedef struct jm_device_options {
    const jmap_mem *mem;
    jmap_write_fn write;
    void *ctx;
    char *err;
    size_t errsize;
    double scale;          /* PNG */
    int has_date;          /* PDF */
    long long date;
    const char *id_prefix; /* SVG: put before every id; read at begin() */
    double page_width, page_height; /* PDF: a poster of pages of this size; 0: none */
    const char *link_ext;  /* SVG: the extension of a detail map's link ("svg"; "html" in an HTML page); NULL: "svg" */
} jm_device_options;

/* For the devices: a painter of `size` zeroed bytes (the device's struct,
 * whose first member is its jm_painter), with its ops and the options'
 * memory and message buffer; NULL when out of memory. */
void *jm_painter_alloc(const jm_device_options *o, size_t size, const jm_paint_ops *ops);

jm_painter *jm_svg_painter_new(const jm_device_options *o);          /* svg.c: real text */
jm_painter *jm_svg_outline_painter_new(const jm_device_options *o);  /* svg_outline.c: cairo's outlines */
jm_painter *jm_pdf_painter_new(const jm_device_options *o);          /* paint_cairo.c */
jm_painter *jm_png_painter_new(const jm_device_options *o);          /* png.c */

#endif
