#include "paint.h"

#include <math.h>

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif
#include <pango/pangocairo.h>

static void set_rgba(cairo_t *cr, jm_rgb c, float alpha)
{
    if (alpha >= 1) cairo_set_source_rgb(cr, c.r, c.g, c.b);
    else cairo_set_source_rgba(cr, c.r, c.g, c.b, alpha);
}

static void rounded(cairo_t *cr, jm_box b, double r)
{
    if (r <= 0) {
        cairo_rectangle(cr, b.x, b.y, b.w, b.h);
        return;
    }
    if (r > b.w / 2) r = b.w / 2;
    if (r > b.h / 2) r = b.h / 2;
    cairo_new_sub_path(cr);
    cairo_arc(cr, b.x + b.w - r, b.y + r, r, -M_PI / 2, 0);
    cairo_arc(cr, b.x + b.w - r, b.y + b.h - r, r, 0, M_PI / 2);
    cairo_arc(cr, b.x + r, b.y + b.h - r, r, M_PI / 2, M_PI);
    cairo_arc(cr, b.x + r, b.y + r, r, M_PI, 3 * M_PI / 2);
    cairo_close_path(cr);
}

static void segments(cairo_t *cr, const jm_item *it)
{
    cairo_new_path(cr);
    for (size_t i = 0; i < it->n_segs; i++) {
        const jm_seg *s = &it->segs[i];
        switch (s->kind) {
        case JM_SEG_MOVE: cairo_move_to(cr, s->x, s->y); break;
        case JM_SEG_LINE: cairo_line_to(cr, s->x, s->y); break;
        case JM_SEG_CURVE: cairo_curve_to(cr, s->x1, s->y1, s->x2, s->y2, s->x, s->y); break;
        case JM_SEG_CLOSE: cairo_close_path(cr); break;
        }
    }
}

static void fill_and_stroke(cairo_t *cr, const jm_item *it)
{
    if (it->fill_alpha > 0) {
        set_rgba(cr, it->fill, it->fill_alpha);
        if (it->stroke_alpha > 0) cairo_fill_preserve(cr);
        else cairo_fill(cr);
    }
    if (it->stroke_alpha > 0) {
        set_rgba(cr, it->stroke, it->stroke_alpha);
        cairo_set_line_width(cr, it->line_width);
        cairo_set_line_cap(cr, it->round ? CAIRO_LINE_CAP_ROUND : CAIRO_LINE_CAP_BUTT);
        cairo_set_line_join(cr, it->round ? CAIRO_LINE_JOIN_ROUND : CAIRO_LINE_JOIN_MITER);
        static const double patterns[JM_DASH_COUNT][4] = {
            {0}, {5, 4}, {10, 5}, {0.1, 5}, {10, 4, 0.1, 4}};
        static const int lengths[JM_DASH_COUNT] = {0, 2, 2, 2, 4};
        if (it->dash > 0 && it->dash < JM_DASH_COUNT) cairo_set_dash(cr, patterns[it->dash], lengths[it->dash], 0);
        cairo_stroke(cr);
        if (it->dash) cairo_set_dash(cr, NULL, 0, 0);
    }
    cairo_new_path(cr);
}

static jm_box grow(jm_box b, double pad) { return (jm_box){b.x - pad, b.y - pad, b.w + 2 * pad, b.h + 2 * pad}; }

void jm_paint_bounds(const jm_layout *l, jm_box *bounds)
{
    for (size_t i = 0; i < l->n_items; i++) {
        const jm_item *it = &l->items[i];
        /* two units for antialiasing; a miter join reaches 5 line widths (cairo's limit of 10) */
        double pad = 2 + (it->stroke_alpha > 0 ? (it->round || it->kind == JM_ITEM_RECT ? 0.5 : 5) * it->line_width : 0);
        jm_box b = it->box;
        if (it->kind == JM_ITEM_TEXT && it->text) {
            PangoRectangle ink, logical;
            pango_layout_get_extents(it->text, &ink, &logical);
            double x0 = fmin(ink.x, logical.x), y0 = fmin(ink.y, logical.y);
            double x1 = fmax(ink.x + ink.width, logical.x + logical.width);
            double y1 = fmax(ink.y + ink.height, logical.y + logical.height);
            b = (jm_box){it->box.x + x0 / PANGO_SCALE, it->box.y + y0 / PANGO_SCALE, (x1 - x0) / PANGO_SCALE,
                         (y1 - y0) / PANGO_SCALE};
        }
        bounds[i] = grow(b, pad);
    }
}

static bool misses(jm_box b, const jm_box *only)
{
    return b.x > only->x + only->w || b.x + b.w < only->x || b.y > only->y + only->h || b.y + b.h < only->y;
}

void jm_paint(cairo_t *cr, const jm_layout *l, const jm_box *only, const jm_box *bounds)
{
    set_rgba(cr, l->background, 1);
    cairo_paint(cr);
    for (size_t i = 0; i < l->n_items; i++) {
        const jm_item *it = &l->items[i];
        if (only && bounds && misses(bounds[i], only)) continue;
        switch (it->kind) {
        case JM_ITEM_RECT:
            if (it->fill_alpha <= 0 && it->stroke_alpha <= 0) break;
            rounded(cr, it->box, it->radius);
            fill_and_stroke(cr, it);
            break;
        case JM_ITEM_PATH:
            segments(cr, it);
            fill_and_stroke(cr, it);
            break;
        case JM_ITEM_TEXT:
            set_rgba(cr, it->fill, it->fill_alpha);
            cairo_move_to(cr, it->box.x, it->box.y);
            pango_cairo_show_layout(cr, it->text);
            cairo_new_path(cr);
            break;
        }
    }
}
