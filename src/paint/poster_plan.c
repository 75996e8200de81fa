/* A poster's plan (poster_plan.h): the grid of tiles and which are printed.
 *
 * Each item's ink box (jm_paint_bounds) is looked at once. An item that
 * lies whole inside some tile needs one of those tiles printed; an item too
 * large for any tile (a rule, a curve across the map, a stage's tint) needs
 * every tile it reaches into. The tiles that an item alone can hold are
 * printed first, then every item still not held whole by a printed tile
 * takes the first tile that holds it. A map's cost is its items plus the
 * tiles its large items cross. */
#include "paint/poster_plan.h"

#include <math.h>

#include "base/arena.h"
#include "paint/paint.h"

#define EPS 1e-6

/* How many tiles of `size` cover `length`, overlapping by JM_POSTER_OVERLAP. */
static int tiles_for(double length, double size)
{
    if (!(length > size)) return 1;
    double n = 1 + ceil((length - size) / (size - JM_POSTER_OVERLAP));
    return n > 1e6 ? 1000000 : (int)n;
}

size_t jm_poster_grid_tiles(double w, double h, double page_w, double page_h)
{
    return (size_t)tiles_for(w, page_w - 2 * JM_POSTER_MARGIN) * (size_t)tiles_for(h, page_h - 2 * JM_POSTER_MARGIN);
}

static int clampi(double v, int lo, int hi) { return v < lo ? lo : v > hi ? hi : (int)v; }

/* The tiles along one axis that hold [a, b] whole: [*c0, *c1], empty when *c0 > *c1. */
static void holding(double a, double b, double size, double step, int n, int *c0, int *c1)
{
    if (n == 1 || step <= 0) {
        *c0 = 0;
        *c1 = b - a <= size + EPS ? 0 : -1;
        return;
    }
    double lo = ceil((b - size) / step - EPS), hi = floor(a / step + EPS);
    *c0 = clampi(lo, 0, n - 1);
    *c1 = clampi(hi, 0, n - 1);
    if (lo > n - 1 || hi < 0) *c1 = *c0 - 1;
}

/* The tiles along one axis that [a, b] reaches into: [*c0, *c1]. */
static void reaching(double a, double b, double size, double step, int n, int *c0, int *c1)
{
    if (n == 1 || step <= 0) {
        *c0 = 0;
        *c1 = 0;
        return;
    }
    *c0 = clampi(floor((a - size) / step) + 1, 0, n - 1);
    *c1 = clampi(ceil(b / step) - 1, 0, n - 1);
}

static void print_tile(jm_poster_plan *pl, size_t k)
{
    if (pl->printed[k]) return;
    pl->printed[k] = 1;
    pl->n_printed++;
}

/* Item i's box cut to the map, as x0, y0, x1, y1; false when it draws nothing there. */
static bool ink_box(const jm_layout *l, const jm_box *bounds, size_t i, double *x0, double *y0, double *x1, double *y1)
{
    const jm_item *it = &l->items[i];
    if (it->kind != JM_ITEM_TEXT && it->fill_alpha <= 0 && it->stroke_alpha <= 0) return false;
    if (it->kind == JM_ITEM_TEXT && !it->text) return false;
    jm_box b = bounds[i];
    if (!isfinite(b.x) || !isfinite(b.y) || !isfinite(b.w) || !isfinite(b.h)) return false;
    *x0 = fmax(b.x, 0);
    *y0 = fmax(b.y, 0);
    *x1 = fmin(b.x + b.w, l->width);
    *y1 = fmin(b.y + b.h, l->height);
    return *x1 > *x0 && *y1 > *y0;
}

bool jm_poster_plan_make(jm_poster_plan *pl, const jm_layout *l, double page_w, double page_h,
                         const jmap_mem *mem)
{
    *pl = (jm_poster_plan){0};
    pl->tile_w = page_w - 2 * JM_POSTER_MARGIN;
    pl->tile_h = page_h - 2 * JM_POSTER_MARGIN;
    pl->cols = tiles_for(l->width, pl->tile_w);
    pl->rows = tiles_for(l->height, pl->tile_h);
    pl->step_x = pl->cols > 1 ? (l->width - pl->tile_w) / (pl->cols - 1) : 0;
    pl->step_y = pl->rows > 1 ? (l->height - pl->tile_h) / (pl->rows - 1) : 0;
    size_t n_tiles = (size_t)pl->cols * (size_t)pl->rows;
    pl->printed = jm_mem_calloc(mem, n_tiles, 1);
    jm_box *bounds = jm_mem_calloc(mem, l->n_items ? l->n_items : 1, sizeof *bounds);
    unsigned char *pending = jm_mem_calloc(mem, l->n_items ? l->n_items : 1, 1);
    if (!pl->printed || !bounds || !pending) {
        jm_mem_free(mem, bounds);
        jm_mem_free(mem, pending);
        jm_poster_plan_free(pl, mem);
        return false;
    }
    jm_paint_bounds(l, bounds);
    double x0, y0, x1, y1;
    int c0, c1, r0, r1;
    /* items that fit no tile, and items that fit one alone */
    for (size_t i = 0; i < l->n_items; i++) {
        if (!ink_box(l, bounds, i, &x0, &y0, &x1, &y1)) continue;
        holding(x0, x1, pl->tile_w, pl->step_x, pl->cols, &c0, &c1);
        holding(y0, y1, pl->tile_h, pl->step_y, pl->rows, &r0, &r1);
        if (c0 > c1 || r0 > r1) {
            reaching(x0, x1, pl->tile_w, pl->step_x, pl->cols, &c0, &c1);
            reaching(y0, y1, pl->tile_h, pl->step_y, pl->rows, &r0, &r1);
            for (int r = r0; r <= r1; r++)
                for (int c = c0; c <= c1; c++) print_tile(pl, (size_t)r * (size_t)pl->cols + (size_t)c);
        } else if (c0 == c1 && r0 == r1) {
            print_tile(pl, (size_t)r0 * (size_t)pl->cols + (size_t)c0);
        } else {
            pending[i] = 1;
        }
    }
    /* items a printed tile may already hold whole; else the first tile that does */
    for (size_t i = 0; i < l->n_items; i++) {
        if (!pending[i] || !ink_box(l, bounds, i, &x0, &y0, &x1, &y1)) continue;
        holding(x0, x1, pl->tile_w, pl->step_x, pl->cols, &c0, &c1);
        holding(y0, y1, pl->tile_h, pl->step_y, pl->rows, &r0, &r1);
        bool held = false;
        for (int r = r0; r <= r1 && !held; r++)
            for (int c = c0; c <= c1 && !held; c++) held = pl->printed[(size_t)r * (size_t)pl->cols + (size_t)c];
        if (!held) print_tile(pl, (size_t)r0 * (size_t)pl->cols + (size_t)c0);
    }
    if (!pl->n_printed) print_tile(pl, 0); /* a map of nothing but its background: one sheet */
    jm_mem_free(mem, bounds);
    jm_mem_free(mem, pending);
    return true;
}

void jm_poster_plan_free(jm_poster_plan *pl, const jmap_mem *mem)
{
    jm_mem_free(mem, pl->printed);
    *pl = (jm_poster_plan){0};
}
