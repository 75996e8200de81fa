/* The cairo painter (src/paint_cairo.h) and the PDF device. */
#include "paint/cairo/paint_cairo.h"

#include <cairo-pdf.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "base/arena.h"
#include "base/relpath.h"
#include "paint/cairo/pdf_device.h"

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

static cairo_t *cr_of(jm_painter *p) { return ((jm_cairo_painter *)p)->cr; }

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

void jm_cairo_stroke(cairo_t *cr, const jm_item *it, double dash_offset)
{
    set_rgba(cr, it->stroke, it->stroke_alpha);
    cairo_set_line_width(cr, it->line_width);
    cairo_set_line_cap(cr, it->round ? CAIRO_LINE_CAP_ROUND : CAIRO_LINE_CAP_BUTT);
    cairo_set_line_join(cr, it->round ? CAIRO_LINE_JOIN_ROUND : CAIRO_LINE_JOIN_MITER);
    if (it->dash > 0 && it->dash < JM_DASH_COUNT)
        cairo_set_dash(cr, jm_dash_defs[it->dash].len, jm_dash_defs[it->dash].n, dash_offset);
    cairo_stroke(cr);
    if (it->dash) cairo_set_dash(cr, NULL, 0, 0);
}

static void fill_and_stroke(cairo_t *cr, const jm_item *it)
{
    if (it->fill_alpha > 0) {
        set_rgba(cr, it->fill, it->fill_alpha);
        if (it->stroke_alpha > 0) cairo_fill_preserve(cr);
        else cairo_fill(cr);
    }
    if (it->stroke_alpha > 0) jm_cairo_stroke(cr, it, 0);
    cairo_new_path(cr);
}

void jm_cairo_rect(jm_painter *p, const jm_item *it)
{
    cairo_t *cr = cr_of(p);
    rounded(cr, it->box, it->radius);
    fill_and_stroke(cr, it);
}

void jm_cairo_path(jm_painter *p, const jm_item *it)
{
    cairo_t *cr = cr_of(p);
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
    fill_and_stroke(cr, it);
}

void jm_cairo_text(jm_painter *p, const jm_item *it)
{
    cairo_t *cr = cr_of(p);
    set_rgba(cr, it->fill, it->fill_alpha);
    cairo_move_to(cr, it->box.x, it->box.y);
    pango_cairo_show_layout(cr, it->text);
    cairo_new_path(cr);
}

void jm_cairo_background(cairo_t *cr, const jm_layout *l)
{
    set_rgba(cr, l->background, 1);
    cairo_paint(cr);
}

/* ---- a reference image ---- */

static int ref_page(jm_painter *p, const jm_layout *l)
{
    jm_cairo_background(cr_of(p), l);
    return 0;
}

static int ref_page_end(jm_painter *p, const jm_layout *l)
{
    (void)p;
    (void)l;
    return 0;
}

static const jm_paint_ops ref_ops = {
    .page = ref_page, .rect = jm_cairo_rect, .path = jm_cairo_path, .text = jm_cairo_text, .page_end = ref_page_end};

int jm_paint_cairo(cairo_t *cr, const jm_layout *l)
{
    jm_cairo_painter p = {.base = {.ops = &ref_ops, .mem = jmap_mem_default()}, .cr = cr};
    return jm_paint_page(&p.base, l);
}

/* ---- PDF: a page a journey (a poster of pages: pdf_poster.c) ---- */

static cairo_status_t pdf_write(void *closure, const unsigned char *data, unsigned int len)
{
    pdf_painter *d = closure;
    if (d->write_failed || d->o.write(d->o.ctx, data, len) != 0) {
        d->write_failed = true;
        return CAIRO_STATUS_WRITE_ERROR;
    }
    return CAIRO_STATUS_SUCCESS;
}

static void pdf_metadata(pdf_painter *d, const char *title)
{
    cairo_surface_t *s = d->surface;
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, title ? title : "");
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "jmap " JMAP_VERSION);
    /* no date unless the caller gives one (SOURCE_DATE_EPOCH): the same input,
     * the same bytes */
    char date[32] = "";
    if (d->o.has_date && d->o.date >= 0 && d->o.date <= 253402300799LL) {
        time_t tt = (time_t)d->o.date;
        struct tm tm;
        if (gmtime_r(&tt, &tm)) strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%SZ", &tm);
    }
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, date);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_MOD_DATE, date);
}

int jm_pdf_begin(jm_painter *p, const jm_layout *first)
{
    pdf_painter *d = (pdf_painter *)p;
    bool poster = d->o.page_width > 0 && d->o.page_height > 0;
    d->surface = cairo_pdf_surface_create_for_stream(pdf_write, d, poster ? d->o.page_width : first->width,
                                                     poster ? d->o.page_height : first->height);
    pdf_metadata(d, first->title);
    d->c.cr = cairo_create(d->surface);
    return 0;
}

static int pdf_page(jm_painter *p, const jm_layout *l)
{
    pdf_painter *d = (pdf_painter *)p;
    cairo_pdf_surface_set_size(d->surface, l->width, l->height);
    jm_cairo_background(d->c.cr, l);
    return 0;
}

/* 1.2: a link annotation over each card and stage that opens a detailed
 * map, to that map's PDF beside this one. */
static void pdf_links(jm_painter *p, const jm_layout *l)
{
    size_t n = 0;
    for (size_t q = 0; q < l->n_parts; q++) n += jm_part_link(&l->parts[q]) != NULL;
    if (!n) return;
    jm_box *bounds = jm_mem_calloc(p->mem, l->n_parts, sizeof *bounds);
    if (!bounds) {
        p->oom = true;
        return;
    }
    jm_paint_part_bounds(l, bounds);
    cairo_t *cr = cr_of(p);
    for (size_t q = 0; q < l->n_parts; q++) {
        const char *link = jm_part_link(&l->parts[q]);
        if (!link || bounds[q].w <= 0 || bounds[q].h <= 0) continue;
        size_t need = jm_relpath_href(link, "pdf", NULL, 0);
        char *attrs = jm_mem_alloc(p->mem, need + 128);
        if (!attrs) {
            p->oom = true;
            break;
        }
        /* the link is letters, digits, -._~/ and %XX: nothing to quote in uri='...' */
        int k = snprintf(attrs, 128, "rect=[%.2f %.2f %.2f %.2f] uri='", bounds[q].x, bounds[q].y, bounds[q].w,
                         bounds[q].h);
        jm_relpath_href(link, "pdf", attrs + k, need + 1);
        memcpy(attrs + k + need, "'", 2);
        cairo_tag_begin(cr, CAIRO_TAG_LINK, attrs);
        cairo_tag_end(cr, CAIRO_TAG_LINK);
        jm_mem_free(p->mem, attrs);
    }
    jm_mem_free(p->mem, bounds);
}

static int pdf_page_end(jm_painter *p, const jm_layout *l)
{
    pdf_links(p, l);
    cairo_show_page(cr_of(p)); /* cairo holds its own record of the page until here */
    return 0;
}

int jm_pdf_end(jm_painter *p)
{
    pdf_painter *d = (pdf_painter *)p;
    cairo_destroy(d->c.cr);
    d->c.cr = NULL;
    cairo_surface_finish(d->surface);
    cairo_status_t st = cairo_surface_status(d->surface);
    if (d->write_failed || st == CAIRO_STATUS_WRITE_ERROR) return jm_painter_fail(p, "could not write the PDF");
    if (st == CAIRO_STATUS_NO_MEMORY) p->oom = true;
    if (st != CAIRO_STATUS_SUCCESS) return jm_painter_fail(p, "could not draw the PDF: %s", cairo_status_to_string(st));
    return 0;
}

void jm_pdf_free(jm_painter *p)
{
    pdf_painter *d = (pdf_painter *)p;
    jm_poster_lines_free(d);
    jm_poster_plan_free(&d->plan, p->mem);
    if (d->c.cr) cairo_destroy(d->c.cr);
    if (d->surface) cairo_surface_destroy(d->surface);
    jm_mem_free(p->mem, d);
}

static const jm_paint_ops pdf_ops = {.begin = jm_pdf_begin,
                                     .page = pdf_page,
                                     .rect = jm_cairo_rect,
                                     .path = jm_cairo_path,
                                     .text = jm_cairo_text,
                                     .page_end = pdf_page_end,
                                     .end = jm_pdf_end,
                                     .free = jm_pdf_free};

jm_painter *jm_pdf_painter_new(const jm_device_options *o)
{
    bool poster = o->page_width > 0 && o->page_height > 0;
    pdf_painter *d = jm_painter_alloc(o, sizeof *d, poster ? &jm_poster_ops : &pdf_ops);
    if (!d) return NULL;
    d->o = *o;
    return &d->c.base;
}
