/* The index of a page's items by cells of a grid (paint_index.h). */
#include "paint/paint_index.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "paint/paint.h"

enum {
    MAX_CELLS = 1 << 16,       /* the finest grid, whatever the number of items */
    PLACES_PER_ITEM = 32,      /* past this many places an item on average, a coarser grid */
};

/* The cells [*c0, *c1] that the interval [a, a + w] (either way round) reaches. */
static void cell_span(double a, double w, double cell, size_t n, size_t *c0, size_t *c1)
{
    double lo = fmin(a, a + w) / cell, hi = fmax(a, a + w) / cell;
    *c0 = lo <= 0 ? 0 : lo >= (double)(n - 1) ? n - 1 : (size_t)lo;
    *c1 = hi <= 0 ? 0 : hi >= (double)(n - 1) ? n - 1 : (size_t)hi;
}

static bool finite_box(jm_box b) { return isfinite(b.x) && isfinite(b.y) && isfinite(b.w) && isfinite(b.h); }

/* The cells an item's bounds reach, or false when they are not finite. */
static bool item_cells(const jm_paint_index *ix, size_t k, size_t *x0, size_t *x1, size_t *y0, size_t *y1)
{
    if (ix->order[k] & JM_PAINT_ALT) return false;
    jm_box b = ix->bounds[ix->order[k]];
    if (!finite_box(b)) return false;
    cell_span(b.x, b.w, ix->cell_w, ix->cols, x0, x1);
    cell_span(b.y, b.h, ix->cell_h, ix->rows, y0, y1);
    return true;
}

/* How many places the items take in a grid of the index's size. */
static size_t total_places(const jm_paint_index *ix)
{
    size_t total = 0, x0, x1, y0, y1;
    for (size_t k = 0; k < ix->n; k++)
        if (item_cells(ix, k, &x0, &x1, &y0, &y1)) total += (x1 - x0 + 1) * (y1 - y0 + 1);
    return total;
}

/* Counts each cell's places into start[], or (fill) puts them in places at
 * start[], which moves on. */
static void place_items(jm_paint_index *ix, bool fill)
{
    size_t x0, x1, y0, y1;
    for (size_t k = 0; k < ix->n; k++) {
        if (!item_cells(ix, k, &x0, &x1, &y0, &y1)) continue;
        for (size_t y = y0; y <= y1; y++)
            for (size_t x = x0; x <= x1; x++) {
                size_t *c = &ix->start[y * ix->cols + x];
                if (fill) ix->places[*c] = k;
                (*c)++;
            }
    }
}

bool jm_paint_index_build(jm_paint_index *ix, const jm_layout *l, const size_t *order, size_t n,
                          const jm_box *bounds, bool with_alt, const jmap_mem *mem)
{
    *ix = (jm_paint_index){.mem = mem, .order = order, .n = n, .bounds = bounds, .band = 0};
    double w = isfinite(l->width) && l->width > 1 ? l->width : 1, h = isfinite(l->height) && l->height > 1 ? l->height : 1;
    size_t target = n < 1 ? 1 : n > MAX_CELLS ? MAX_CELLS : n;
    double cell = sqrt(w * h / (double)target);
    ix->cols = (size_t)fmin(fmax(ceil(w / cell), 1), MAX_CELLS);
    ix->rows = (size_t)fmin(fmax(ceil(h / cell), 1), MAX_CELLS);
    while (ix->cols * ix->rows > 4 * (size_t)MAX_CELLS) { /* a page far wider than high, or the reverse */
        if (ix->cols > ix->rows) ix->cols = (ix->cols + 1) / 2;
        else ix->rows = (ix->rows + 1) / 2;
    }
    for (;;) {
        ix->cell_w = w / (double)ix->cols;
        ix->cell_h = h / (double)ix->rows;
        if (total_places(ix) <= PLACES_PER_ITEM * n + MAX_CELLS || (ix->cols == 1 && ix->rows == 1)) break;
        ix->cols = (ix->cols + 1) / 2; /* items that span many cells: fewer, larger cells */
        ix->rows = (ix->rows + 1) / 2;
    }
    size_t cells = ix->cols * ix->rows, total = total_places(ix);
    ix->start = jm_mem_calloc(mem, cells + 1, sizeof *ix->start);
    ix->places = jm_mem_calloc(mem, total ? total : 1, sizeof *ix->places);
    ix->every = jm_mem_calloc(mem, n ? n : 1, sizeof *ix->every);
    ix->taken = jm_mem_calloc(mem, n ? n : 1, sizeof *ix->taken);
    if (!ix->start || !ix->places || !ix->every || !ix->taken) {
        jm_paint_index_free(ix);
        return false;
    }
    /* counts, then starts, then each cell filled from its start (which moves
     * on to the next cell's start) */
    place_items(ix, false);
    for (size_t c = 0, at = 0; c <= cells; c++) {
        size_t here = c < cells ? ix->start[c] : 0;
        ix->start[c] = at;
        at += here;
    }
    place_items(ix, true);
    for (size_t c = cells; c > 0; c--) ix->start[c] = ix->start[c - 1];
    ix->start[0] = 0;
    for (size_t k = 0; k < n; k++) {
        bool alt = order[k] & JM_PAINT_ALT;
        if (alt ? with_alt : !finite_box(bounds[order[k]])) ix->every[ix->n_every++] = k;
    }
    return true;
}

static bool misses(jm_box b, const jm_box *only)
{
    return b.x > only->x + only->w || b.x + b.w < only->x || b.y > only->y + only->h || b.y + b.h < only->y;
}

static int ascending(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return x < y ? -1 : x > y;
}

size_t jm_paint_index_band(jm_paint_index *ix, const jm_box *only, size_t *out)
{
    if (++ix->band == 0) { /* after 2^32 bands: every place untaken again */
        for (size_t k = 0; k < ix->n; k++) ix->taken[k] = 0;
        ix->band = 1;
    }
    size_t n = 0;
    for (size_t i = 0; i < ix->n_every; i++) out[n++] = ix->every[i];
    if (!finite_box(*only)) { /* nothing is missed */
        for (size_t k = 0; k < ix->n; k++)
            if (!(ix->order[k] & JM_PAINT_ALT) && finite_box(ix->bounds[ix->order[k]])) out[n++] = k;
    } else {
        size_t x0, x1, y0, y1;
        cell_span(only->x, only->w, ix->cell_w, ix->cols, &x0, &x1);
        cell_span(only->y, only->h, ix->cell_h, ix->rows, &y0, &y1);
        for (size_t y = y0; y <= y1; y++)
            for (size_t x = x0; x <= x1; x++)
                for (size_t c = y * ix->cols + x, j = ix->start[c]; j < ix->start[c + 1]; j++) {
                    size_t k = ix->places[j];
                    if (ix->taken[k] == ix->band) continue;
                    ix->taken[k] = ix->band;
                    if (!misses(ix->bounds[ix->order[k]], only)) out[n++] = k;
                }
    }
    qsort(out, n, sizeof *out, ascending);
    return n;
}

void jm_paint_index_free(jm_paint_index *ix)
{
    jm_mem_free(ix->mem, ix->start);
    jm_mem_free(ix->mem, ix->places);
    jm_mem_free(ix->mem, ix->every);
    jm_mem_free(ix->mem, ix->taken);
    *ix = (jm_paint_index){0};
}
