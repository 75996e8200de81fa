/* The paint stage's walk over a display list (src/paint.h): the order of
 * the items and the calls each device gets. */
#include "paint/paint.h"

#include <math.h>
#include <pango/pango.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "base/arena.h"
#include "paint/paint_index.h"

void *jm_painter_alloc(const jm_device_options *o, size_t size, const jm_paint_ops *ops)
{
    jm_painter *p = jm_mem_calloc(o->mem, 1, size);
    if (p) *p = (jm_painter){.ops = ops, .mem = o->mem, .err = o->err, .errsize = o->errsize};
    return p;
}

int jm_painter_fail(jm_painter *p, const char *fmt, ...)
{
    if (p->err && p->errsize && !p->err[0]) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(p->err, p->errsize, fmt, ap);
        va_end(ap);
    }
    return -1;
}

/* ---- the reading order ---- */

static bool reads(const jm_item *it) { return it->kind == JM_ITEM_TEXT ? it->text != NULL : it->alt != NULL; }

/* The part of the page: title and description, personas, the grid (every
 * item with a place), the action plan (row by row, as drawn), the legend,
 * anything else. */
static int part(const jm_item *it)
{
    if (it->at.stage >= 0 || it->at.row >= 0) return 2;
    switch (it->role) {
    case JM_ROLE_TITLE:
    case JM_ROLE_DESCRIPTION: return 0;
    case JM_ROLE_PERSONA: return 1;
    case JM_ROLE_ACTION: return 3;
    case JM_ROLE_LEGEND: return 4;
    default: return 5;
    }
}

typedef struct order_key {
    int part, stage, row, rank, col;
    size_t ix;
} order_key;

static order_key key_of(const jm_layout *l, size_t i)
{
    const jm_item *it = &l->items[i];
    order_key k = {part(it), 0, 0, 0, 0, i};
    if (k.part == 2) {
        k.stage = it->at.stage;
        k.row = it->at.row; /* a stage's header (no row) comes before its lanes */
        k.rank = it->at.col == -1 && it->role == JM_ROLE_LANE_LABEL ? 0 : 1; /* a lane's title first */
        k.col = it->at.col;
    }
    return k;
}

static int cmp_keys(const void *a, const void *b)
{
    const order_key *x = a, *y = b;
    int d[5] = {x->part - y->part, x->stage - y->stage, x->row - y->row, x->rank - y->rank, x->col - y->col};
    for (int i = 0; i < 5; i++)
        if (d[i]) return d[i] < 0 ? -1 : 1;
    return x->ix < y->ix ? -1 : x->ix > y->ix;
}

bool jm_paint_order(const jm_layout *l, const jmap_mem *mem, size_t **order, size_t *count)
{
    *order = jm_mem_calloc(mem, 2 * l->n_items + 1, sizeof **order);
    order_key *keys = jm_mem_calloc(mem, l->n_items ? l->n_items : 1, sizeof *keys);
    if (!*order || !keys) {
        jm_mem_free(mem, *order);
        jm_mem_free(mem, keys);
        *order = NULL;
        return false;
    }
    size_t n = 0, nk = 0;
    for (size_t i = 0; i < l->n_items; i++) /* shapes as laid out (texts' backgrounds were put under them) */
        if (l->items[i].kind != JM_ITEM_TEXT) (*order)[n++] = i;
    for (size_t i = 0; i < l->n_items; i++)
        if (reads(&l->items[i])) keys[nk++] = key_of(l, i);
    qsort(keys, nk, sizeof *keys, cmp_keys);
    for (size_t k = 0; k < nk; k++)
        if (l->items[keys[k].ix].kind == JM_ITEM_TEXT) (*order)[n++] = keys[k].ix;
        else (*order)[n++] = keys[k].ix | JM_PAINT_ALT; /* the alternative text of a shape */
    *count = n;
    jm_mem_free(mem, keys);
    return true;
}

/* ---- the walk ---- */

static jm_box grow(jm_box b, double pad) { return (jm_box){b.x - pad, b.y - pad, b.w + 2 * pad, b.h + 2 * pad}; }

/* What a text item covers: its ink and its logical extents together. */
static jm_box text_box(const jm_item *it)
{
    PangoRectangle ink, logical;
    pango_layout_get_extents(it->text, &ink, &logical);
    double x0 = fmin(ink.x, logical.x), y0 = fmin(ink.y, logical.y);
    double x1 = fmax(ink.x + ink.width, logical.x + logical.width);
    double y1 = fmax(ink.y + ink.height, logical.y + logical.height);
    return (jm_box){it->box.x + x0 / PANGO_SCALE, it->box.y + y0 / PANGO_SCALE, (x1 - x0) / PANGO_SCALE,
                    (y1 - y0) / PANGO_SCALE};
}

void jm_paint_bounds(const jm_layout *l, jm_box *bounds)
{
    for (size_t i = 0; i < l->n_items; i++) {
        const jm_item *it = &l->items[i];
        /* two units for antialiasing; a miter join reaches 5 line widths (cairo's limit of 10) */
        double pad = 2 + (it->stroke_alpha > 0 ? (it->round || it->kind == JM_ITEM_RECT ? 0.5 : 5) * it->line_width : 0);
        jm_box b = it->box;
        if (it->kind == JM_ITEM_TEXT && it->text) {
            b = text_box(it);
        }
        bounds[i] = grow(b, pad);
    }
}

/* Whether the place `at` of the order draws anything on a device with
 * (or without) alternative texts. */
static bool draws(const jm_painter *p, const jm_layout *l, size_t at)
{
    const jm_item *it = &l->items[at & ~JM_PAINT_ALT];
    if (at & JM_PAINT_ALT) return p->ops->alt != NULL && it->alt != NULL;
    switch (it->kind) {
    case JM_ITEM_RECT: return it->fill_alpha > 0 || it->stroke_alpha > 0;
    case JM_ITEM_PATH: return it->n_segs > 0;
    case JM_ITEM_TEXT: return it->text != NULL;
    }
    return false;
}

static void draw(jm_painter *p, const jm_layout *l, size_t at)
{
    if (!draws(p, l, at)) return;
    const jm_item *it = &l->items[at & ~JM_PAINT_ALT];
    if (at & JM_PAINT_ALT) p->ops->alt(p, it);
    else if (it->kind == JM_ITEM_RECT) p->ops->rect(p, it);
    else if (it->kind == JM_ITEM_PATH) p->ops->path(p, it);
    else p->ops->text(p, it);
}

/* Draws the items at the given places of the order (all of them when
 * places is NULL). */
static void walk(jm_painter *p, const jm_layout *l, const size_t *order, const size_t *places, size_t n)
{
    for (size_t k = 0; k < n; k++) draw(p, l, places ? order[places[k]] : order[k]);
}

/* ---- parts ---- */

/* The parts around item i, the outermost first, into chain; how many. */
static int part_chain(const jm_layout *l, size_t i, int chain[JM_PART_DEPTH])
{
    int up[JM_PART_DEPTH], n = 0;
    for (int q = l->items[i].part; q >= 0 && (size_t)q < l->n_parts && n < JM_PART_DEPTH; q = l->parts[q].parent)
        up[n++] = q;
    for (int k = 0; k < n; k++) chain[k] = up[n - 1 - k];
    return n;
}

typedef struct part_key {
    size_t a[JM_PART_DEPTH + 1]; /* the anchors of the parts around it, outermost first, then its place */
    int n;
    size_t at;
} part_key;

static int cmp_part_keys(const void *x, const void *y)
{
    const part_key *a = x, *b = y;
    for (int k = 0; k < a->n && k < b->n; k++)
        if (a->a[k] != b->a[k]) return a->a[k] < b->a[k] ? -1 : 1;
    return (a->n > b->n) - (a->n < b->n);
}

bool jm_paint_order_parts(const jm_layout *l, const jmap_mem *mem, size_t *order, size_t count)
{
    size_t np = l->n_parts;
    size_t *text_at = jm_mem_calloc(mem, np ? 2 * np : 1, sizeof *text_at), *any_at = text_at + np;
    part_key *keys = jm_mem_calloc(mem, count ? count : 1, sizeof *keys);
    if (!text_at || !keys) {
        jm_mem_free(mem, text_at);
        jm_mem_free(mem, keys);
        return false;
    }
    for (size_t q = 0; q < 2 * np; q++) text_at[q] = SIZE_MAX;
    /* a part stands where its first text stands in the reading order; a
     * part without text where its first shape does */
    int chain[JM_PART_DEPTH];
    for (size_t k = 0; k < count; k++) {
        size_t i = order[k] & ~JM_PAINT_ALT;
        bool text = (order[k] & JM_PAINT_ALT) || l->items[i].kind == JM_ITEM_TEXT;
        int n = part_chain(l, i, chain);
        for (int c = 0; c < n; c++) {
            if (text && text_at[chain[c]] == SIZE_MAX) text_at[chain[c]] = k;
            if (any_at[chain[c]] == SIZE_MAX) any_at[chain[c]] = k;
        }
    }
    for (size_t k = 0; k < count; k++) {
        part_key *key = &keys[k];
        int n = part_chain(l, order[k] & ~JM_PAINT_ALT, chain);
        for (int c = 0; c < n; c++) key->a[c] = text_at[chain[c]] != SIZE_MAX ? text_at[chain[c]] : any_at[chain[c]];
        key->a[n] = k;
        key->n = n + 1;
        key->at = order[k];
    }
    qsort(keys, count, sizeof *keys, cmp_part_keys);
    for (size_t k = 0; k < count; k++) order[k] = keys[k].at;
    jm_mem_free(mem, text_at);
    jm_mem_free(mem, keys);
    return true;
}

void jm_paint_part_bounds(const jm_layout *l, jm_box *bounds)
{
    for (size_t q = 0; q < l->n_parts; q++) bounds[q] = (jm_box){0, 0, -1, -1}; /* none yet */
    for (size_t i = 0; i < l->n_items; i++) {
        const jm_item *it = &l->items[i];
        if (it->part < 0 || (size_t)it->part >= l->n_parts) continue;
        jm_box b = it->box;
        if (it->kind == JM_ITEM_TEXT) {
            if (!it->text) continue;
            b = text_box(it);
        } else {
            if (it->kind == JM_ITEM_PATH ? !it->n_segs : !(it->fill_alpha > 0 || it->stroke_alpha > 0)) continue;
            if (it->stroke_alpha > 0) b = grow(b, it->line_width / 2);
        }
        if (!(isfinite(b.x) && isfinite(b.y) && isfinite(b.w) && isfinite(b.h))) continue;
        int chain[JM_PART_DEPTH], n = part_chain(l, i, chain);
        for (int c = 0; c < n; c++) {
            jm_box *u = &bounds[chain[c]];
            if (u->w < 0) {
                *u = b;
                continue;
            }
            double x0 = fmin(u->x, b.x), y0 = fmin(u->y, b.y);
            double x1 = fmax(u->x + u->w, b.x + b.w), y1 = fmax(u->y + u->h, b.y + b.h);
            *u = (jm_box){x0, y0, x1 - x0, y1 - y0};
        }
    }
    for (size_t q = 0; q < l->n_parts; q++)
        if (bounds[q].w < 0) bounds[q] = (jm_box){0, 0, 0, 0};
}

/* A device that names parts: each part's items together, inside its
 * part_begin and part_end. */
static int walk_parts(jm_painter *p, const jm_layout *l, size_t *order, size_t n)
{
    jm_box *bounds = jm_mem_calloc(p->mem, l->n_parts ? l->n_parts : 1, sizeof *bounds);
    if (!bounds || !jm_paint_order_parts(l, p->mem, order, n)) {
        jm_mem_free(p->mem, bounds);
        p->oom = true;
        return -1;
    }
    jm_paint_part_bounds(l, bounds);
    int open[JM_PART_DEPTH], n_open = 0;
    for (size_t k = 0; k < n; k++) {
        if (!draws(p, l, order[k])) continue;
        int chain[JM_PART_DEPTH], nc = part_chain(l, order[k] & ~JM_PAINT_ALT, chain), same = 0;
        while (same < n_open && same < nc && open[same] == chain[same]) same++;
        for (; n_open > same; n_open--) p->ops->part_end(p);
        for (; n_open < nc; n_open++) {
            open[n_open] = chain[n_open];
            p->ops->part_begin(p, l, &l->parts[chain[n_open]], bounds[chain[n_open]]);
        }
        draw(p, l, order[k]);
    }
    for (; n_open > 0; n_open--) p->ops->part_end(p);
    jm_mem_free(p->mem, bounds);
    return 0;
}

/* A banded page: each band draws the items whose bounds meet it, found in
 * an index of the page (paint_index.h), so that many bands cost in
 * proportion to the page, not to the page times the bands. */
static int walk_bands(jm_painter *p, const jm_layout *l, const size_t *order, size_t n)
{
    jm_box *bounds = jm_mem_calloc(p->mem, l->n_items ? l->n_items : 1, sizeof *bounds);
    size_t *places = jm_mem_calloc(p->mem, n ? n : 1, sizeof *places);
    jm_paint_index ix;
    bool indexed = false;
    if (bounds && places) {
        jm_paint_bounds(l, bounds);
        indexed = jm_paint_index_build(&ix, l, order, n, bounds, p->ops->alt != NULL, p->mem);
    }
    if (!indexed) {
        jm_mem_free(p->mem, bounds);
        jm_mem_free(p->mem, places);
        p->oom = true;
        return -1;
    }
    jm_box only;
    while (p->ops->band(p, l, &only)) walk(p, l, order, places, jm_paint_index_band(&ix, &only, places));
    jm_paint_index_free(&ix);
    jm_mem_free(p->mem, bounds);
    jm_mem_free(p->mem, places);
    return 0;
}

int jm_paint_page(jm_painter *p, const jm_layout *l)
{
    size_t *order = NULL, n = 0;
    int rc = 0;
    if (!jm_paint_order(l, p->mem, &order, &n)) {
        p->oom = true;
        return -1;
    }
    if (p->ops->page(p, l) != 0) rc = -1;
    if (rc == 0 && p->ops->band) rc = walk_bands(p, l, order, n);
    else if (rc == 0 && p->ops->part_begin) rc = walk_parts(p, l, order, n);
    else if (rc == 0) walk(p, l, order, NULL, n);
    if (p->ops->page_end(p, l) != 0) rc = -1;
    jm_mem_free(p->mem, order);
    return rc;
}
