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
    MARGIN = 36,                /* half an inch: what most printers leave blank */
    OVERLAP = 18,               /* a quarter of an inch, printed on both sheets */
    MARK = 14,                  /* the length of a crop mark */
    MARK_GAP = 4,               /* between a crop mark and the corner it marks */
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

static double content_w(const pdf_painter *d) { return d->o.page_width - 2 * MARGIN; }
static double content_h(const pdf_painter *d) { return d->o.page_height - 2 * MARGIN; }

/* How many tiles cover `length` with tiles of `size` overlapping by OVERLAP. */
static int tiles_for(double length, double size)
{
    if (length <= size) return 1;
    return 1 + (int)ceil((length - size) / (size - OVERLAP));
}

/* Where tile (col, row) starts on the map: the tiles spread evenly, so that
 * every sheet is full (the overlap is OVERLAP or a little more). */
static double tile_x(const pdf_painter *d, int col) { return col * d->step_x; }
static double tile_y(const pdf_painter *d, int row) { return row * d->step_y; }

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

/* The overview's furniture: the grid of tiles over the shrunk map. */
static void overview_marks(pdf_painter *d, const jm_layout *l)
{
    cairo_t *cr = d->c.cr;
    double s = d->scale, W = l->width * s, H = l->height * s;
    double ox = (d->o.page_width - W) / 2, oy = (d->o.page_height - H) / 2;
    cairo_set_line_width(cr, 0.75);
    for (int r = 0; r < d->rows; r++)
        for (int c = 0; c < d->cols; c++) {
            double x = ox + tile_x(d, c) * s, y = oy + tile_y(d, r) * s;
            double w = fmin(content_w(d) * s, ox + W - x), h = fmin(content_h(d) * s, oy + H - y);
            cairo_set_source_rgba(cr, 0.85, 0.11, 0.38, 0.9);
            cairo_rectangle(cr, x, y, w, h);
            cairo_stroke(cr);
            char ref[40];
            reference(c, r, ref, sizeof ref);
            double size = fmin(14, fmax(6, fmin(w, h) / 4));
            /* on a white chip, so that it reads over any part of the map */
            cairo_set_source_rgba(cr, 1, 1, 1, 0.85);
            cairo_rectangle(cr, x + 2, y + 2, size * 2.6, size * 1.6);
            cairo_fill(cr);
            cairo_set_source_rgb(cr, 0.85, 0.11, 0.38);
            label(cr, ref, x + 4, y + 2 + size * 0.8, size, true, 0);
        }
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
    double ox = content_w(d) - d->step_x, oy = content_h(d) - d->step_y; /* the overlaps */
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
    char grid[48], last[16];
    column_name(d->cols - 1, last, sizeof last);
    snprintf(grid, sizeof grid, "A1\xe2\x80\x93%s%d", last, d->rows); /* A1–C3 */
    label(cr, grid, d->o.page_width - MARGIN - MARK_GAP - MARK - 6, mid, 9, false, 1);
    /* the neighbours, at the middle of each side: where the next sheet goes */
    if (col > 0) {
        reference(col - 1, row, nb, sizeof nb);
        char t[56];
        snprintf(t, sizeof t, "\xe2\x86\x90 %s", nb);
        label(cr, t, mid, d->o.page_height / 2, 9, false, 0.5);
    }
    if (col + 1 < d->cols) {
        reference(col + 1, row, nb, sizeof nb);
        char t[56];
        snprintf(t, sizeof t, "%s \xe2\x86\x92", nb);
        label(cr, t, d->o.page_width - mid, d->o.page_height / 2, 9, false, 0.5);
    }
    if (row > 0) {
        reference(col, row - 1, nb, sizeof nb);
        char t[56];
        snprintf(t, sizeof t, "\xe2\x86\x91 %s", nb);
        label(cr, t, d->o.page_width / 2, mid, 9, false, 0.5);
    }
    if (row + 1 < d->rows) {
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
    else tile_marks(d, (d->next - 2) % d->cols, (d->next - 2) / d->cols);
    cairo_show_page(d->c.cr);
    d->in_page = false;
}

static int poster_page(jm_painter *p, const jm_layout *l)
{
    pdf_painter *d = (pdf_painter *)p;
    d->cols = tiles_for(l->width, content_w(d));
    d->rows = tiles_for(l->height, content_h(d));
    d->step_x = d->cols > 1 ? (l->width - content_w(d)) / (d->cols - 1) : 0;
    d->step_y = d->rows > 1 ? (l->height - content_h(d)) / (d->rows - 1) : 0;
    d->next = 0;
    d->in_page = false;
    d->scale = fmin(content_w(d) / l->width, content_h(d) / l->height);
    return 0;
}

static bool poster_band(jm_painter *p, const jm_layout *l, jm_box *only)
{
    pdf_painter *d = (pdf_painter *)p;
    cairo_t *cr = d->c.cr;
    finish_page(d, l);
    if (d->next > d->cols * d->rows) return false;
    cairo_save(cr);
    if (d->next == 0) { /* the overview: the whole map, shrunk and centred */
        double s = d->scale;
        cairo_translate(cr, (d->o.page_width - l->width * s) / 2, (d->o.page_height - l->height * s) / 2);
        cairo_scale(cr, s, s);
        *only = (jm_box){0, 0, l->width, l->height};
    } else {
        int k = d->next - 1, col = k % d->cols, row = k / d->cols;
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
