/* The display-list builder: the one way layout puts items into a jm_layout.
 *
 * It owns the items, and it can be used without ever checking a result:
 *  - one sticky failure flag: when memory runs out, every later call is
 *    harmless, and jm_dl_failed() says so once at the end;
 *  - items are named by references (jm_ref), never by pointers or bare
 *    indices: a reference that no longer reaches its item (the add failed,
 *    or items were moved since) reaches a scratch item instead, so a later
 *    change to an item can never write out of bounds;
 *  - groups (the items added since a point) move, get their cells and are
 *    read back as a whole;
 *  - layers put items built later under a group built earlier (a background
 *    sized by what it holds), moving items in place, without memory.
 *
 * Part of the layout stage: pure geometry, nothing is drawn. */
#ifndef JMAP_DLIST_H
#define JMAP_DLIST_H

#include "layout/layout.h"

typedef struct jm_dl {
    jm_layout *out;      /* items go to out->items, memory from out->mem */
    jm_text_ctx *tx;
    bool failed;         /* sticky: some item or memory is missing */
    unsigned epoch;      /* bumped whenever items move */
    jm_item scratch;     /* what a dead reference reaches; reset on every reach */
    jm_place at;         /* stamped on every item added: its place in the reading order */
    int part;            /* stamped on every item added: the part open, or -1 */
    unsigned depth_lost; /* parts refused (too deep, no memory) whose ends are still to come */
} jm_dl;

typedef struct jm_ref {
    size_t ix;           /* SIZE_MAX: none */
    unsigned epoch;
} jm_ref;

void jm_dl_init(jm_dl *dl, jm_layout *out, jm_text_ctx *tx);
/* True when anything went missing: the layout is not to be used. */
bool jm_dl_failed(const jm_dl *dl);

/* Memory that lives as long as the layout; NULL marks the builder failed. */
void *jm_dl_alloc(jm_dl *dl, size_t size);
char *jm_dl_sprintf(jm_dl *dl, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* A new item: zeroed, persona -1. */
jm_ref jm_dl_add(jm_dl *dl, jm_item_kind kind, jm_role role);
/* The item a reference names, or the scratch item: never NULL. The pointer
 * is good until the next item is added. */
jm_item *jm_dl_get(jm_dl *dl, jm_ref r);
/* Whether r names a live item. */
bool jm_dl_live(const jm_dl *dl, jm_ref r);

/* ---- shapes ---- */

jm_ref jm_dl_rect(jm_dl *dl, jm_role role, jm_box b, jm_rgb fill, float fill_alpha, double radius);
void jm_dl_outline(jm_dl *dl, jm_ref r, jm_rgb stroke, float alpha, double width);
/* How a text is set: the role it plays, its font, its alignment in the
 * width it wraps to, its colour. */
typedef struct jm_text_style {
    jm_role role;
    const jm_font *font;
    jm_align align;
    jm_rgb color;
} jm_text_style;

/* Text wrapped to at.w at (at.x, at.y) (at.h is not read); its box and cell
 * are at.w by its height, which goes to *h (0 for no text, or none added). */
jm_ref jm_dl_text(jm_dl *dl, jm_text_style st, const char *s, size_t len, jm_box at, double *h);

/* A path is written through a pen that holds at most `cap` segments, then
 * ended: the item gets the segments and their bounding box. */
typedef struct jm_pen {
    jm_ref ref;
    jm_seg *segs;        /* NULL when the path could not be made */
    size_t n, cap;
} jm_pen;

jm_pen jm_dl_path(jm_dl *dl, jm_role role, size_t cap);
void jm_pen_seg(jm_dl *dl, jm_pen *p, jm_seg_kind k, double x, double y);
void jm_pen_curve(jm_dl *dl, jm_pen *p, double x1, double y1, double x2, double y2, double x, double y);
jm_ref jm_dl_path_end(jm_dl *dl, jm_pen *p);

jm_ref jm_dl_circle(jm_dl *dl, jm_role role, double cx, double cy, double r, jm_rgb fill);
jm_ref jm_dl_star(jm_dl *dl, jm_role role, double cx, double cy, double r, jm_rgb fill);
jm_ref jm_dl_line(jm_dl *dl, jm_role role, double x0, double y0, double x1, double y1, jm_rgb color, double width);
/* A channel icon: its stroke and its fill, one path each. */
void jm_dl_icon(jm_dl *dl, int id, double x, double y, double size, jm_rgb color);

/* ---- groups ---- */

typedef struct jm_group {
    size_t start;
} jm_group;

/* A group of the items added from now on. */
jm_group jm_dl_group(const jm_dl *dl);
/* The group's items and their number; good until the next item is added. */
jm_item *jm_dl_items(jm_dl *dl, jm_group g, size_t *n);
void jm_dl_shift(jm_dl *dl, jm_group g, double dy);
/* Gives every text of the group the cell c. */
void jm_dl_set_cells(jm_dl *dl, jm_group g, jm_box c);
/* Mirrors every item across the page's width (right-to-left maps). */
void jm_dl_mirror(jm_dl *dl, double page_w);

/* ---- parts: what the SVG names (classes.def) ---- */

/* Opens a part of class c inside the one open: every item added until its
 * jm_dl_part_end is drawn for it. d: the ids it belongs to (copied as
 * pointers: they live as long as the layout, or as the journey). Returns
 * its index (for jm_dl_part_resume), or -1 when memory ran out or parts
 * are nested deeper than JM_PART_DEPTH (the items then go to the part
 * around it). Every begin has its end. */
int jm_dl_part_begin(jm_dl *dl, jm_part_class c, jm_part_data d);
void jm_dl_part_end(jm_dl *dl);
/* Opens part ix again (the part open must be the one around it), to add
 * what is drawn for it later (a background put under its texts). */
int jm_dl_part_resume(jm_dl *dl, int ix);
/* A number as an attribute: a plain decimal with '.' whatever the locale,
 * to a millionth ("3.5", "-2", "0.333333"); NULL when memory runs out. */
const char *jm_dl_decimal(jm_dl *dl, double v);

/* ---- layers ---- */

typedef struct jm_layer {
    size_t at, from;
} jm_layer;

/* Items added between jm_dl_under(g) and jm_dl_end_under are painted
 * before (under) the items of g. Ending moves items, so every reference
 * taken before it reaches the scratch item afterwards. */
jm_layer jm_dl_under(const jm_dl *dl, jm_group g);
void jm_dl_end_under(jm_dl *dl, jm_layer l);

#endif
