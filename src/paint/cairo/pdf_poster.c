/* A PDF poster: a map too large for one sheet, tiled over pages of one paper
 * size for printing and pinning on a wall. The first page is an overview,
 * the whole map shrunk onto the sheet with the grid of tiles over it, each
 * named as on a street map (columns A, B, C..., rows 1, 2, 3...). Each tile
 * then shows its part of the map at full size inside a margin that printers
 * can leave blank, with crop marks at the corners of that part, its grid
 * reference, and those of its neighbours; neighbouring tiles overlap by a
 * strip, marked in the margin, so that the sheets can be trimmed and joined.
 *
 * The tiles are the device's bands (src/paint.h): the driver gives each tile
 * the items that reach it, and a line across the map is drawn on a tile
 * only where the tile shows it (pdf_poster_line.c). */
#include <cairo-pdf.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <string.h>

#include "paint/cairo/pdf_device.h"

enum {
    MARGIN = JM_POSTER_MARGIN,
    MARK = 14,                  /* the length of a crop mark */
    MARK_GAP = 4,               /* between a crop mark and the corner it marks */
    RULER_GAP = 6,              /* between the overview's map and the rulers of its tiles in the margin */
    MAX_NAMED = 12,             /* the tiles left out, named on the overview; past that, counted */
};

/* "A", "B" ... "Z", "AA", "AB"...: a column's name. */
static void column_name(int c, char *out, size_t size)
{
    char tmp[16];
    int n = 0;
    for (c = c + 1; c > 0 && n < (int)sizeof tmp; c = (c - 1) / 26) tmp[n++] = (char)('A' + (c - 1) % 26);
    size_t o = 0;
    while (n > 0 && o + 1 < size) out[o++] = tmp[--n];
    out[o] = '\0';
}

static void reference(int col, int row, char *out, size_t size)
{
    char c[8];
    column_name(col, c, sizeof c);
    snprintf(out, size, "%s%d", c, row + 1);
}

static double content_w(const pdf_painter *d) { return d->plan.tile_w; }
static double content_h(const pdf_painter *d) { return d->plan.tile_h; }

static bool printed(const pdf_painter *d, int col, int row)
{
    return col >= 0 && row >= 0 && col < d->cols && row < d->rows &&
           d->plan.printed[(size_t)row * (size_t)d->cols + (size_t)col];
}

/* Where tile (col, row) starts on the map: the tiles spread evenly, so that
 * every sheet is full (the overlap is OVERLAP or a little more). */
static double tile_x(const pdf_painter *d, int col) { return col * d->plan.step_x; }
static double tile_y(const pdf_painter *d, int row) { return row * d->plan.step_y; }

static void label(cairo_t *cr, const char *text, double x, double y, double size, bool bold, double align)
{
    PangoLayout *pl = pango_cairo_create_layout(cr);
    /* its own context: a fixed language, not the process locale's (the
     * labels are Latin letters, digits and arrows) */
    pango_context_set_language(pango_layout_get_context(pl), pango_language_from_string("en"));
    pango_layout_context_changed(pl);
    PangoFontDescription *fd = pango_font_description_from_string("Noto Sans, DejaVu Sans, sans-serif");
    pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
    pango_font_description_set_weight(fd, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_layout_set_font_description(pl, fd);
    pango_font_description_free(fd);
    pango_layout_set_text(pl, text, -1);
    int w, h;
    pango_layout_get_pixel_size(pl, &w, &h);
    cairo_move_to(cr, x - align * w, y - h / 2.0);
    pango_cairo_show_layout(cr, pl);
    cairo_new_path(cr);
    g_object_unref(pl);
}

static void line(cairo_t *cr, double x0, double y0, double x1, double y1)
{
    cairo_move_to(cr, x0, y0);
    cairo_line_to(cr, x1, y1);
    cairo_stroke(cr);
}

/* A label's width at a size (for fitting the rulers' names). */
static double label_width(cairo_t *cr, const char *text, double size)
{
    PangoLayout *pl = pango_cairo_create_layout(cr);
    pango_context_set_language(pango_layout_get_context(pl), pango_language_from_string("en"));
    pango_layout_context_changed(pl);
    PangoFontDescription *fd = pango_font_description_from_string("Noto Sans, DejaVu Sans, sans-serif");
    pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
    pango_font_description_set_weight(fd, PANGO_WEIGHT_BOLD);
    pango_layout_set_font_description(pl, fd);
    pango_font_description_free(fd);
    pango_layout_set_text(pl, text, -1);
    int w, h;
    pango_layout_get_pixel_size(pl, &w, &h);
    g_object_unref(pl);
    return w;
}

/* The overview's furniture, all of it in the margin around the shrunk map
 * (nothing over the map): along the top, a ruler of the columns of tiles,
 * each a bar as wide as its tiles with its letter above; along the left, one
 * of the rows with their numbers; under the map, how many sheets follow and
 * which tiles are left out for holding nothing that another sheet does not
 * show. */
static void overview_marks(pdf_painter *d, const jm_layout *l)
{
    cairo_t *cr = d->c.cr;
    double s = d->scale, W = l->width * s, H = l->height * s;
    double ox = (d->o.page_width - W) / 2, oy = (d->o.page_height - H) / 2;
    const double accent_r = 0.85, accent_g = 0.11, accent_b = 0.38;
    cairo_set_line_width(cr, 1.5);
    double col_w = d->cols > 1 ? d->plan.step_x * s : W, row_h = d->rows > 1 ? d->plan.step_y * s : H;
    double size = fmin(10, fmax(4, fmin(col_w, row_h) * 0.6));
    for (int c = 0; c < d->cols; c++) { /* bars alternate between two heights, so that overlaps show */
        double x = ox + tile_x(d, c) * s, w = fmin(content_w(d) * s, ox + W - x);
        double y = oy - RULER_GAP - (c % 2) * 3;
        cairo_set_source_rgb(cr, accent_r, accent_g, accent_b);
        line(cr, x + 0.5, y, x + w - 0.5, y);
        char name[16];
        column_name(c, name, sizeof name);
        double fs = fmin(size, fmax(3, size * col_w / fmax(1, label_width(cr, name, size) + 2)));
        label(cr, name, x + w / 2, oy - RULER_GAP - 6 - fs * 0.7, fs, true, 0.5);
    }
    for (int r = 0; r < d->rows; r++) {
        double y = oy + tile_y(d, r) * s, h = fmin(content_h(d) * s, oy + H - y);
        double x = ox - RULER_GAP - (r % 2) * 3;
        cairo_set_source_rgb(cr, accent_r, accent_g, accent_b);
        line(cr, x, y + 0.5, x, y + h - 0.5);
        char name[16];
        snprintf(name, sizeof name, "%d", r + 1);
        double fs = fmin(size, fmax(3, row_h * 0.8));
        label(cr, name, ox - RULER_GAP - 6, y + h / 2, fs, true, 1);
    }
    /* the count, and the tiles left out */
    char note[512];
    size_t left_out = (size_t)d->cols * (size_t)d->rows - d->plan.n_printed;
    int n = snprintf(note, sizeof note, "%zu %s after this overview", d->plan.n_printed,
                     d->plan.n_printed == 1 ? "sheet" : "sheets");
    if (left_out) {
        n += snprintf(note + n, sizeof note - (size_t)n, "; no sheet for ");
        size_t named = 0;
        for (int r = 0; r < d->rows; r++)
            for (int c = 0; c < d->cols; c++) {
                if (printed(d, c, r) || named == MAX_NAMED) continue;
                char ref[40];
                reference(c, r, ref, sizeof ref);
                if (n > 0 && (size_t)n < sizeof note)
                    n += snprintf(note + n, sizeof note - (size_t)n, "%s%s", named ? ", " : "", ref);
                named++;
            }
        if (left_out > named && n > 0 && (size_t)n < sizeof note)
            n += snprintf(note + n, sizeof note - (size_t)n, " and %zu more", left_out - named);
        if (n > 0 && (size_t)n < sizeof note) snprintf(note + n, sizeof note - (size_t)n, " (nothing of the map there)");
    }
    cairo_set_source_rgb(cr, 0.25, 0.25, 0.25);
    double below = oy + H + (d->o.page_height - oy - H) / 2;
    label(cr, note, d->o.page_width / 2, fmax(below, oy + H + 10), 9, false, 0.5);
}

/* A tile's furniture: crop marks at its corners, the overlap strips marked
 * in the margin, its reference and its neighbours'. */
static void tile_marks(pdf_painter *d, int col, int row)
{
    cairo_t *cr = d->c.cr;
    double x0 = MARGIN, y0 = MARGIN, x1 = MARGIN + content_w(d), y1 = MARGIN + content_h(d);
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_set_line_width(cr, 0.5);
    const double xs[2] = {x0, x1}, ys[2] = {y0, y1};
    for (int i = 0; i < 2; i++)
        for (int k = 0; k < 2; k++) {
            double x = xs[i], y = ys[k], dx = i ? 1 : -1, dy = k ? 1 : -1;
            line(cr, x + dx * MARK_GAP, y, x + dx * (MARK_GAP + MARK), y); /* horizontal, outside the corner */
            line(cr, x, y + dy * MARK_GAP, x, y + dy * (MARK_GAP + MARK));
        }
    /* the strips this tile shares with its neighbours: short ticks in the margin */
    cairo_set_source_rgb(cr, 0.45, 0.45, 0.45);
    double dash[] = {2, 2};
    cairo_set_dash(cr, dash, 2, 0);
    double ox = content_w(d) - d->plan.step_x, oy = content_h(d) - d->plan.step_y; /* the overlaps */
    if (col + 1 < d->cols) {
        line(cr, x1 - ox, y0 - MARK_GAP, x1 - ox, y0 - MARK_GAP - MARK);
        line(cr, x1 - ox, y1 + MARK_GAP, x1 - ox, y1 + MARK_GAP + MARK);
    }
    if (row + 1 < d->rows) {
        line(cr, x0 - MARK_GAP, y1 - oy, x0 - MARK_GAP - MARK, y1 - oy);
        line(cr, x1 + MARK_GAP, y1 - oy, x1 + MARK_GAP + MARK, y1 - oy);
    }
    cairo_set_dash(cr, NULL, 0, 0);
    char ref[40], nb[40];
    reference(col, row, ref, sizeof ref);
    cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
    double mid = MARGIN / 2.0;
    label(cr, ref, MARGIN + MARK_GAP + MARK + 6, mid, 13, true, 0);
    cairo_set_source_rgb(cr, 0.4, 0.4, 0.4);
    char grid[96], last[16];
    column_name(d->cols - 1, last, sizeof last);
    snprintf(grid, sizeof grid, "A1\xe2\x80\x93%s%d, %zu sheets", last, d->rows, d->plan.n_printed); /* A1–C3 */
    label(cr, grid, d->o.page_width - MARGIN - MARK_GAP - MARK - 6, mid, 9, false, 1);
    /* the neighbours, at the middle of each side: where the next sheet goes */
    if (printed(d, col - 1, row)) {
        reference(col - 1, row, nb, sizeof nb);
        char t[56];
        snprintf(t, sizeof t, "\xe2\x86\x90 %s", nb);
        label(cr, t, mid, d->o.page_height / 2, 9, false, 0.5);
    }
    if (printed(d, col + 1, row)) {
        reference(col + 1, row, nb, sizeof nb);
        char t[56];
        snprintf(t, sizeof t, "%s \xe2\x86\x92", nb);
        label(cr, t, d->o.page_width - mid, d->o.page_height / 2, 9, false, 0.5);
    }
    if (printed(d, col, row - 1)) {
        reference(col, row - 1, nb, sizeof nb);
        char t[56];
        snprintf(t, sizeof t, "\xe2\x86\x91 %s", nb);
        label(cr, t, d->o.page_width / 2, mid, 9, false, 0.5);
    }
    if (printed(d, col, row + 1)) {
        reference(col, row + 1, nb, sizeof nb);
        char t[56];
        snprintf(t, sizeof t, "\xe2\x86\x93 %s", nb);
        label(cr, t, d->o.page_width / 2, d->o.page_height - mid, 9, false, 0.5);
    }
}

/* Ends the page being drawn: its furniture over the map, then the sheet. */
static void finish_page(pdf_painter *d, const jm_layout *l)
{
    if (!d->in_page) return;
    cairo_restore(d->c.cr); /* the map's clip and transform */
    if (d->next == 1) overview_marks(d, l);
    else tile_marks(d, (int)(d->tile_at % (size_t)d->cols), (int)(d->tile_at / (size_t)d->cols));
    cairo_show_page(d->c.cr);
    d->in_page = false;
}

static int poster_page(jm_painter *p, const jm_layout *l)
{
    pdf_painter *d = (pdf_painter *)p;
    jm_poster_plan_free(&d->plan, p->mem);
    if (!jm_poster_plan_make(&d->plan, l, d->o.page_width, d->o.page_height, p->mem)) {
        p->oom = true;
        return -1;
    }
    d->cols = d->plan.cols;
    d->rows = d->plan.rows;
    d->next = 0;
    d->tile_at = 0;
    d->in_page = false;
    /* the overview: the whole map inside the margins, which hold its rulers */
    d->scale = fmin(content_w(d) / l->width, content_h(d) / l->height);
    return 0;
}

static bool poster_band(jm_painter *p, const jm_layout *l, jm_box *only)
{
    pdf_painter *d = (pdf_painter *)p;
    cairo_t *cr = d->c.cr;
    finish_page(d, l);
    size_t n_tiles = (size_t)d->cols * (size_t)d->rows;
    if (d->next > 0) { /* the next printed tile */
        size_t k = d->next == 1 ? 0 : d->tile_at + 1;
        while (k < n_tiles && !d->plan.printed[k]) k++;
        if (k >= n_tiles) return false;
        d->tile_at = k;
    }
    cairo_save(cr);
    if (d->next == 0) { /* the overview: the whole map, shrunk and centred */
        double s = d->scale;
        cairo_translate(cr, (d->o.page_width - l->width * s) / 2, (d->o.page_height - l->height * s) / 2);
        cairo_scale(cr, s, s);
        *only = (jm_box){0, 0, l->width, l->height};
    } else {
        int col = (int)(d->tile_at % (size_t)d->cols), row = (int)(d->tile_at / (size_t)d->cols);
        double x = tile_x(d, col), y = tile_y(d, row);
        cairo_translate(cr, MARGIN - x, MARGIN - y);
        *only = (jm_box){x, y, fmin(content_w(d), l->width - x), fmin(content_h(d), l->height - y)};
    }
    d->tile = *only;
    cairo_rectangle(cr, only->x, only->y, only->w, only->h);
    cairo_clip(cr);
    jm_cairo_background(cr, l);
    d->next++;
    d->in_page = true;
    return true;
}

static int poster_page_end(jm_painter *p, const jm_layout *l)
{
    finish_page((pdf_painter *)p, l);
    jm_poster_lines_free((pdf_painter *)p);
    jm_poster_plan_free(&((pdf_painter *)p)->plan, p->mem);
    return 0;
}

const jm_paint_ops jm_poster_ops = {.begin = jm_pdf_begin,
                                    .page = poster_page,
                                    .band = poster_band,
                                    .rect = jm_cairo_rect,
                                    .path = jm_poster_path,
                                    .text = jm_cairo_text,
                                    .page_end = poster_page_end,
                                    .end = jm_pdf_end,
                                    .free = jm_pdf_free};
