/* A line on a poster's tile (pdf_poster.c): only the part the tile shows.
 *
 * A line that crosses the whole map (an emotion curve of a segment a
 * touchpoint, a dashed rule as wide as the map) was drawn whole on every
 * tile, and cairo dashes and records all of it each time: a map of 2 000
 * touchpoints took 18 s and 15 MB. Here a tile draws the runs of the line's
 * segments that come near it, a straight segment cut to the tile, each run
 * stroked alone with the dash phase the line has where the run starts; what
 * is left out lies farther from the tile than a stroke's caps and joins
 * reach. The segments of a long line are found through a tree of their
 * bounding boxes, built once a page, so that a tile costs what it shows.
 * Filled and closed shapes, and every line on the overview, are drawn
 * whole. */
#include <math.h>
#include <stdint.h>

#include "paint/cairo/pdf_device.h"

enum { TREE_FROM = 32 };      /* segments: a line this long gets a tree; a shorter one is scanned */

typedef struct tree_line {
    const jm_item *it;
    double *along;             /* a segment: how far its subpath has gone where it starts */
    jm_box *node;              /* an implicit binary tree: node 1 the root, leaves from `leaves` on */
    size_t leaves;
} tree_line;

struct poster_lines {
    tree_line *t;              /* the page's long lines, in the order first drawn */
    size_t n, cap;
    size_t next;               /* the line after the one found last: a tile draws them in that order too */
};

static jm_box no_box(void) { return (jm_box){INFINITY, INFINITY, -INFINITY, -INFINITY}; }

/* A box as x0, y0, x1, y1 (in the fields x, y, w, h), for unions. */
static jm_box join(jm_box a, jm_box b)
{
    return (jm_box){fmin(a.x, b.x), fmin(a.y, b.y), fmax(a.w, b.w), fmax(a.h, b.h)};
}

static jm_box seg_box(double x0, double y0, const jm_seg *s)
{
    jm_box b = {fmin(x0, s->x), fmin(y0, s->y), fmax(x0, s->x), fmax(y0, s->y)};
    if (s->kind == JM_SEG_CURVE)
        b = join(b, (jm_box){fmin(s->x1, s->x2), fmin(s->y1, s->y2), fmax(s->x1, s->x2), fmax(s->y1, s->y2)});
    return b;
}

/* Whether a box (x0, y0, x1, y1) meets the area (x0, y0, x1, y1). */
static bool meets(jm_box b, const jm_box *area)
{
    return !(b.x > area->w || b.w < area->x || b.y > area->h || b.h < area->y);
}

static double seg_length(double x0, double y0, const jm_seg *s)
{
    if (s->kind == JM_SEG_LINE) return hypot(s->x - x0, s->y - y0);
    /* a cubic's length: Gauss-Legendre quadrature of its speed, 8 points */
    static const double t8[4] = {0.1834346424956498, 0.5255324099163290, 0.7966664774136267, 0.9602898564975363};
    static const double w8[4] = {0.3626837833783620, 0.3137066458778873, 0.2223810344533745, 0.1012285362903763};
    double len = 0;
    for (int i = 0; i < 8; i++) {
        double t = 0.5 + (i < 4 ? -0.5 : 0.5) * t8[i % 4], u = 1 - t;
        double dx = 3 * (u * u * (s->x1 - x0) + 2 * u * t * (s->x2 - s->x1) + t * t * (s->x - s->x2));
        double dy = 3 * (u * u * (s->y1 - y0) + 2 * u * t * (s->y2 - s->y1) + t * t * (s->y - s->y2));
        len += 0.5 * w8[i % 4] * hypot(dx, dy);
    }
    return len;
}

/* The start of segment i: the end of the one before (a path starts with a move). */
static void seg_start(const jm_item *it, size_t i, double *x, double *y)
{
    *x = i ? it->segs[i - 1].x : it->segs[0].x;
    *y = i ? it->segs[i - 1].y : it->segs[0].y;
}

static tree_line *tree_of(pdf_painter *d, const jm_item *it)
{
    struct poster_lines *pl = d->lines;
    if (!pl) {
        pl = d->lines = jm_mem_calloc(d->c.base.mem, 1, sizeof *pl);
        if (!pl) return NULL;
    }
    if (pl->next < pl->n && pl->t[pl->next].it == it) return &pl->t[pl->next++];
    for (size_t i = 0; i < pl->n; i++)
        if (pl->t[i].it == it) {
            pl->next = i + 1;
            return &pl->t[i];
        }
    if (pl->n == pl->cap) {
        size_t cap = pl->cap ? 2 * pl->cap : 8;
        tree_line *grown = jm_mem_realloc(d->c.base.mem, pl->t, cap * sizeof *grown);
        if (!grown) return NULL;
        pl->t = grown;
        pl->cap = cap;
    }
    size_t leaves = 1;
    while (leaves < it->n_segs) leaves *= 2;
    tree_line t = {it, jm_mem_calloc(d->c.base.mem, it->n_segs, sizeof *t.along),
                   jm_mem_calloc(d->c.base.mem, 2 * leaves, sizeof *t.node), leaves};
    if (!t.along || !t.node) {
        jm_mem_free(d->c.base.mem, t.along);
        jm_mem_free(d->c.base.mem, t.node);
        return NULL;
    }
    double along = 0;
    for (size_t i = 0; i < leaves; i++) {
        const jm_seg *s = i < it->n_segs ? &it->segs[i] : NULL;
        double x, y;
        if (s) seg_start(it, i, &x, &y);
        if (s && s->kind == JM_SEG_MOVE) along = 0;
        if (s) t.along[i] = along;
        t.node[leaves + i] = s && (s->kind == JM_SEG_LINE || s->kind == JM_SEG_CURVE) ? seg_box(x, y, s) : no_box();
        if (s && it->dash && t.node[leaves + i].x <= t.node[leaves + i].w) along += seg_length(x, y, s);
    }
    for (size_t i = leaves - 1; i >= 1; i--) t.node[i] = join(t.node[2 * i], t.node[2 * i + 1]);
    pl->t[pl->n] = t;
    pl->next = pl->n + 1;
    return &pl->t[pl->n++];
}

void jm_poster_lines_free(pdf_painter *d)
{
    struct poster_lines *pl = d->lines;
    if (!pl) return;
    for (size_t i = 0; i < pl->n; i++) {
        jm_mem_free(d->c.base.mem, pl->t[i].along);
        jm_mem_free(d->c.base.mem, pl->t[i].node);
    }
    jm_mem_free(d->c.base.mem, pl->t);
    jm_mem_free(d->c.base.mem, pl);
    d->lines = NULL;
}

/* ---- drawing the runs ---- */

typedef struct runs {
    cairo_t *cr;
    const jm_item *it;
    jm_box area;               /* the tile, grown by what a stroke reaches: x0, y0, x1, y1 */
    double run_at;             /* where the run being drawn starts along its subpath; -1: none */
    size_t next;               /* the segment that would continue the run */
} runs;

static void end_run(runs *r)
{
    if (r->run_at < 0) return;
    jm_cairo_stroke(r->cr, r->it, r->run_at);
    r->run_at = -1;
}

/* The part t in [*t0, *t1] of the segment from (x0, y0) to (x1, y1) inside
 * the area (Liang-Barsky); false when none is. */
static bool cut(const jm_box *a, double x0, double y0, double x1, double y1, double *t0, double *t1)
{
    double dx = x1 - x0, dy = y1 - y0;
    double p[4] = {-dx, dx, -dy, dy}, q[4] = {x0 - a->x, a->w - x0, y0 - a->y, a->h - y0};
    *t0 = 0;
    *t1 = 1;
    for (int i = 0; i < 4; i++) {
        if (p[i] == 0) {
            if (q[i] < 0) return false;
            continue;
        }
        double t = q[i] / p[i];
        if (p[i] < 0) *t0 = fmax(*t0, t);
        else *t1 = fmin(*t1, t);
    }
    return *t0 <= *t1;
}

/* Draws segment i, which comes near the tile, along = how far its subpath
 * has gone where it starts (used only for a dashed line). */
static void draw_seg(runs *r, size_t i, double along)
{
    const jm_seg *s = &r->it->segs[i];
    if (s->kind != JM_SEG_LINE && s->kind != JM_SEG_CURVE) {
        end_run(r);
        return;
    }
    double x, y, t0 = 0, t1 = 1;
    seg_start(r->it, i, &x, &y);
    if (s->kind == JM_SEG_LINE && !cut(&r->area, x, y, s->x, s->y, &t0, &t1)) {
        end_run(r);
        return;
    }
    if (r->run_at >= 0 && (r->next != i || t0 > 0)) end_run(r);
    if (r->run_at < 0) {
        cairo_move_to(r->cr, x + t0 * (s->x - x), y + t0 * (s->y - y));
        r->run_at = r->it->dash ? along + t0 * hypot(s->x - x, s->y - y) : 0;
    }
    if (s->kind == JM_SEG_LINE) cairo_line_to(r->cr, x + t1 * (s->x - x), y + t1 * (s->y - y));
    else cairo_curve_to(r->cr, s->x1, s->y1, s->x2, s->y2, s->x, s->y);
    r->next = i + 1;
    if (t1 < 1) end_run(r);
}

static void visit(runs *r, const tree_line *t, size_t node)
{
    if (!meets(t->node[node], &r->area)) return;
    if (node >= t->leaves) {
        draw_seg(r, node - t->leaves, t->along[node - t->leaves]);
        return;
    }
    visit(r, t, 2 * node);
    visit(r, t, 2 * node + 1);
}

void jm_poster_path(jm_painter *p, const jm_item *it)
{
    pdf_painter *d = (pdf_painter *)p;
    bool whole = d->next <= 1 || it->fill_alpha > 0 || it->stroke_alpha <= 0 || !it->segs;
    for (size_t i = 0; i < it->n_segs && !whole; i++) whole = it->segs[i].kind == JM_SEG_CLOSE;
    const tree_line *t = whole || it->n_segs < TREE_FROM ? NULL : tree_of(d, it);
    if (whole || (it->n_segs >= TREE_FROM && !t)) {
        jm_cairo_path(p, it);
        return;
    }
    double pad = 2 + 5 * it->line_width; /* as jm_paint_bounds: a miter join reaches 5 line widths */
    runs r = {d->c.cr, it, {d->tile.x - pad, d->tile.y - pad, d->tile.x + d->tile.w + pad, d->tile.y + d->tile.h + pad},
              -1, SIZE_MAX};
    cairo_new_path(r.cr);
    if (t) {
        visit(&r, t, 1);
    } else {
        double along = 0, x, y;
        for (size_t i = 0; i < it->n_segs; i++) {
            const jm_seg *s = &it->segs[i];
            seg_start(it, i, &x, &y);
            if (s->kind == JM_SEG_MOVE) along = 0;
            else if (meets(seg_box(x, y, s), &r.area)) draw_seg(&r, i, along);
            if (it->dash && s->kind != JM_SEG_MOVE) along += seg_length(x, y, s);
        }
    }
    end_run(&r);
    cairo_new_path(r.cr);
}
