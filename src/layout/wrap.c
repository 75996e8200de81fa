/* Layout: a long journey wrapped onto rows. The map's columns (one a
 * touchpoint shown, one an empty stage) are cut into runs of at most N; each
 * run is laid out by the grid (layout_grid.c) as a journey of its own, made
 * of slices of the stages it holds (as few rows as N allows, filled evenly), so that each row has its own stage
 * headers and lane titles. A stage cut by a row's end is marked as going on
 * ("Purchase …") and as continued on the next row ("… Purchase"); its goal
 * and metrics stay with its first part. A stage keeps its colour on every
 * row, the emotion band has the same height and scale on every row, and the
 * items of each row take their places in the reading order of the whole map. */
#include "layout/parts.h"

#include <string.h>

#define ROW_GAP 36.0
#define ELLIPSIS "\xe2\x80\xa6"

size_t jm_layout_columns_within(double width)
{
    /* a row of n columns has at most n / REPEAT_COLS gutters of lane titles */
    double n = (width - 2 * MARGIN - LABEL_W) / (COL_W + GUTTER_W / REPEAT_COLS);
    return n < 1 ? 1 : (size_t)n;
}

/* The stage's name with a mark at the end where it is cut: "… Name", "Name …". */
static jm_str marked(jm_lay *L, const jm_str *name, bool cont_before, bool cont_after)
{
    if (!cont_before && !cont_after) return *name;
    const char *s = jm_dl_sprintf(&L->dl, "%s%.*s%s", cont_before ? ELLIPSIS " " : "", (int)name->len,
                                  name->s ? name->s : "", cont_after ? " " ELLIPSIS : "");
    jm_str out = *name;
    if (s) {
        out.s = s;
        out.len = strlen(s);
    }
    return out;
}

/* The touchpoint index within its stage of a column's touchpoint. */
static size_t index_in_stage(const jmap_journey *j, const jm_column *c)
{
    return c->tp ? (size_t)(c->tp - j->stages[c->stage].touchpoints) : 0;
}

/* Lays out the row of columns [c0, c1) of `all` as a journey of its own. */
static double row(jm_lay *L, const jmap_journey *whole, const jm_column *all, size_t n_all, size_t c0, size_t c1,
                  double y)
{
    size_t first = all[c0].stage, last = all[c1 - 1].stage, n = last - first + 1;
    jm_stage *stages = jm_dl_alloc(&L->dl, n * sizeof *stages);
    size_t *ix = jm_dl_alloc(&L->dl, n * sizeof *ix);
    if (!stages || !ix) return y;
    for (size_t k = 0; k < n; k++) {
        size_t s = first + k;
        const jm_stage *st = &whole->stages[s];
        stages[k] = *st;
        ix[k] = s;
        /* the columns of this stage in the row */
        size_t a = c0, b = c1;
        while (all[a].stage != s) a++;
        while (all[b - 1].stage != s) b--;
        bool before = a > 0 && all[a - 1].stage == s, after = b < n_all && all[b].stage == s;
        if (all[a].tp) { /* the touchpoints from the row's first of this stage to its last */
            size_t i0 = index_in_stage(whole, &all[a]), i1 = index_in_stage(whole, &all[b - 1]) + 1;
            stages[k].touchpoints = st->touchpoints + i0;
            stages[k].n_touchpoints = i1 - i0;
        }
        stages[k].name = marked(L, &st->name, before, after);
        if (before) { /* goal and metrics stay with the stage's first part */
            stages[k].goal = (jm_str){0};
            stages[k].n_metrics = 0;
        }
    }
    jmap_journey part = *whole;
    part.stages = stages;
    part.n_stages = n;
    L->j = &part;
    L->stage_ix = ix;
    L->col0 = c0;
    jm_group g = jm_dl_group(&L->dl);
    if (jm_lay_columns(L)) y = jm_lay_grid(L, y);
    /* the row's places in the reading order of the whole map */
    size_t n_items;
    jm_item *items = jm_dl_items(&L->dl, g, &n_items);
    for (size_t i = 0; i < n_items; i++) {
        if (items[i].at.stage >= 0) items[i].at.stage = (int)ix[items[i].at.stage];
        if (items[i].at.col >= 0) items[i].at.col += (int)c0;
    }
    L->j = whole;
    L->stage_ix = NULL;
    return y;
}

/* As few rows as per_row allows, filled evenly: no last row of a few columns. */
static size_t balanced(size_t n, size_t per_row)
{
    size_t rows = (n + per_row - 1) / per_row;
    return (n + rows - 1) / rows;
}

double jm_lay_rows_width(const jm_lay *L, size_t per_row)
{
    per_row = balanced(L->n_cols, per_row);
    double widest = 0;
    for (size_t c0 = 0; c0 < L->n_cols; c0 += per_row) {
        size_t n = c0 + per_row < L->n_cols ? per_row : L->n_cols - c0;
        double w = jm_lay_row_width(L->cols + c0, n);
        if (w > widest) widest = w;
    }
    return widest;
}

double jm_lay_rows(jm_lay *L, size_t per_row, double y)
{
    const jmap_journey *whole = L->j;
    const jm_column *all = L->cols;
    size_t n_all = L->n_cols;
    size_t *first = L->stage_first, *count = L->stage_count;
    double page_w = L->page_w, content_w = L->content_w, grid_w = L->grid_w;
    L->all_cols = all;
    L->n_all_cols = n_all;
    double widest_page = page_w, widest_content = content_w; /* the title and personas took this width */
    per_row = balanced(n_all, per_row);
    L->band_h = 0; /* measured over the whole map on the first row, kept for the others */
    L->edges = NULL;
    L->flow = NULL;
    for (size_t c0 = 0; c0 < n_all; c0 += per_row) {
        size_t c1 = c0 + per_row < n_all ? c0 + per_row : n_all;
        if (c0) y += ROW_GAP;
        y = row(L, whole, all, n_all, c0, c1, y);
        if (L->page_w > widest_page) widest_page = L->page_w;
        if (L->content_w > widest_content) widest_content = L->content_w;
    }
    /* the rest of the page (the legend) sees the whole map again */
    L->cols = (jm_column *)all;
    L->n_cols = n_all;
    L->stage_first = first;
    L->stage_count = count;
    L->all_cols = NULL;
    L->n_all_cols = L->col0 = 0;
    L->band_h = 0;
    L->edges = NULL;
    L->flow = NULL;
    L->grid_w = grid_w;
    L->page_w = widest_page > 0 ? widest_page : page_w;
    L->content_w = widest_content > 0 ? widest_content : content_w;
    return y;
}
