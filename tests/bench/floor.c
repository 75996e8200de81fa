/* The floor of the benchmark (tests/bench/run.sh): plain cairo + Pango, no
 * jmap, drawing 200 wrapped text cells on a page of a given size and writing
 * it as SVG, PDF or PNG with cairo's own writers. It is what any program that
 * draws a page of text with these libraries pays; the report gives jmap's
 * figures as ratios of this one's, measured in the same run.
 *
 *   floor WIDTH HEIGHT OUT.svg|OUT.pdf|OUT.png
 *
 * Built by run.sh: cc -O2 floor.c $(pkg-config --cflags --libs pangocairo). */
#include <pango/pangocairo.h>
#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { CELLS = 200, COLS = 20 };

static const char *const TEXT[] = {
    "Compares the plans on the website and reads what other customers wrote",
    "Worried that the delivery date slips again and nobody calls back",
    "Fills in the form, uploads the document and waits for the approval",
    "Gets an email with the invoice and a link to track the parcel",
    "Asks the support team about the refund and the warranty",
};

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: floor WIDTH HEIGHT OUT.svg|OUT.pdf|OUT.png\n");
        return 2;
    }
    double w = atof(argv[1]), h = atof(argv[2]);
    const char *out = argv[3], *dot = strrchr(out, '.');
    if (!dot || w < 1 || h < 1) return 2;
    cairo_surface_t *s;
    if (!strcmp(dot, ".svg")) s = cairo_svg_surface_create(out, w, h);
    else if (!strcmp(dot, ".pdf")) s = cairo_pdf_surface_create(out, w, h);
    else s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, (int)w, (int)h);
    cairo_t *cr = cairo_create(s);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    PangoFontDescription *fd = pango_font_description_from_string("Noto Sans 10");
    double cw = w / COLS, ch = h / (CELLS / COLS);
    for (int i = 0; i < CELLS; i++) {
        double x = (i % COLS) * cw, y = (i / COLS) * ch;
        cairo_set_source_rgb(cr, 0.93, 0.95, 0.98);
        cairo_rectangle(cr, x + 4, y + 4, cw - 8, ch - 8);
        cairo_fill(cr);
        PangoLayout *l = pango_cairo_create_layout(cr);
        pango_layout_set_font_description(l, fd);
        pango_layout_set_width(l, (int)((cw - 24) * PANGO_SCALE));
        pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
        pango_layout_set_text(l, TEXT[i % 5], -1);
        cairo_set_source_rgb(cr, 0.1, 0.1, 0.2);
        cairo_move_to(cr, x + 12, y + 12);
        pango_cairo_show_layout(cr, l);
        g_object_unref(l);
    }
    pango_font_description_free(fd);
    cairo_destroy(cr);
    int rc = 0;
    if (!strcmp(dot, ".png")) rc = cairo_surface_write_to_png(s, out) != CAIRO_STATUS_SUCCESS;
    cairo_surface_finish(s);
    rc |= cairo_surface_status(s) != CAIRO_STATUS_SUCCESS;
    cairo_surface_destroy(s);
    return rc;
}
