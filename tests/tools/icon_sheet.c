/* Draws every channel icon, named, into a PNG contact sheet for eyeballing.
 *
 *   icon_sheet OUT.png [SIZE [ZOOM]]
 *
 * SIZE is the icon size in pixels (48 by default); ZOOM > 1 blows the finished
 * sheet up with nearest-neighbour sampling to inspect small sizes pixel by
 * pixel. Each icon sits on a faint square that shows its box.
 *
 * gcc -std=c11 -I src tests/tools/icon_sheet.c src/model/icons.c \
 *     $(pkg-config --cflags --libs cairo) -lm */
#include <stdio.h>
#include <stdlib.h>

#include <cairo.h>

#include "model/icons.h"

/* The built-in channels in jm_builtin_channel order: channels.def's ids. */
static const char *const names[] = {
#define JM_CHANNEL(name, id, kind, stroke, fill) id,
#include "model/channels.def"
#undef JM_CHANNEL
};

enum { COUNT = sizeof names / sizeof names[0], COLUMNS = 5, MAX_SEGS = 512 };

static int add_path(cairo_t *cr, const char *src, double x, double y,
                    double size)
{
    jm_seg segs[MAX_SEGS];
    int n = jm_icon_segments(src, x, y, size, segs, MAX_SEGS);
    if (n < 0 || n > MAX_SEGS)
        return -1;
    for (int i = 0; i < n; i++) {
        const jm_seg *s = &segs[i];
        switch (s->kind) {
        case JM_SEG_MOVE: cairo_move_to(cr, s->x, s->y); break;
        case JM_SEG_LINE: cairo_line_to(cr, s->x, s->y); break;
        case JM_SEG_CURVE:
            cairo_curve_to(cr, s->x1, s->y1, s->x2, s->y2, s->x, s->y);
            break;
        case JM_SEG_CLOSE: cairo_close_path(cr); break;
        }
    }
    return 0;
}

static int draw_icon(cairo_t *cr, int id, double x, double y, double size)
{
    const jm_icon *icon = jm_icon_get(id);
    cairo_new_path(cr);
    if (add_path(cr, icon->stroke, x, y, size) < 0)
        return -1;
    cairo_set_line_width(cr, size / 12.0);
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    cairo_stroke(cr);
    if (add_path(cr, icon->fill, x, y, size) < 0)
        return -1;
    cairo_fill(cr);
    return 0;
}

static void draw_name(cairo_t *cr, const char *name, double cx, double y)
{
    cairo_text_extents_t ext;
    cairo_select_font_face(cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL,
                           CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, 11);
    cairo_text_extents(cr, name, &ext);
    cairo_move_to(cr, cx - ext.width / 2 - ext.x_bearing, y);
    cairo_show_text(cr, name);
}

static cairo_surface_t *draw_sheet(double size)
{
    int cell_w = size + 48 > 96 ? (int)size + 48 : 96;
    int cell_h = (int)size + 40;
    int rows = (COUNT + COLUMNS - 1) / COLUMNS;
    cairo_surface_t *sf = cairo_image_surface_create(
        CAIRO_FORMAT_RGB24, cell_w * COLUMNS, cell_h * rows);
    cairo_t *cr = cairo_create(sf);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    for (int id = 0; id < COUNT; id++) {
        double cx = (id % COLUMNS) * cell_w + cell_w / 2.0;
        double x = cx - size / 2, y = (id / COLUMNS) * cell_h + 8;
        cairo_set_source_rgb(cr, 0.93, 0.95, 0.98);
        cairo_rectangle(cr, x, y, size, size);
        cairo_fill(cr);
        cairo_set_source_rgb(cr, 0.13, 0.15, 0.2);
        if (draw_icon(cr, id, x, y, size) < 0)
            fprintf(stderr, "icon_sheet: icon %s is malformed\n", names[id]);
        draw_name(cr, names[id], cx, y + size + 18);
    }
    cairo_destroy(cr);
    return sf;
}

static cairo_surface_t *zoomed(cairo_surface_t *sf, int zoom)
{
    int w = cairo_image_surface_get_width(sf);
    int h = cairo_image_surface_get_height(sf);
    cairo_surface_t *big =
        cairo_image_surface_create(CAIRO_FORMAT_RGB24, w * zoom, h * zoom);
    cairo_t *cr = cairo_create(big);
    cairo_scale(cr, zoom, zoom);
    cairo_set_source_surface(cr, sf, 0, 0);
    cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_NEAREST);
    cairo_paint(cr);
    cairo_destroy(cr);
    return big;
}

int main(int argc, char **argv)
{
    if (argc < 2 || argc > 4) {
        fprintf(stderr, "usage: icon_sheet OUT.png [SIZE [ZOOM]]\n");
        return 2;
    }
    double size = argc > 2 ? atof(argv[2]) : 48;
    int zoom = argc > 3 ? atoi(argv[3]) : 1;
    if (size < 4 || size > 1024 || zoom < 1 || zoom > 16) {
        fprintf(stderr, "icon_sheet: SIZE must be 4..1024 and ZOOM 1..16\n");
        return 2;
    }
    cairo_surface_t *sf = draw_sheet(size);
    if (zoom > 1) {
        cairo_surface_t *big = zoomed(sf, zoom);
        cairo_surface_destroy(sf);
        sf = big;
    }
    cairo_status_t st = cairo_surface_write_to_png(sf, argv[1]);
    cairo_surface_destroy(sf);
    if (st != CAIRO_STATUS_SUCCESS) {
        fprintf(stderr, "icon_sheet: %s: %s\n", argv[1],
                cairo_status_to_string(st));
        return 1;
    }
    return 0;
}
