/* jmap_render: the driver. It checks the options, lays out each journey,
 * owns the layouts, and hands each one to the painter of the output format
 * (src/paint.h), which makes the bytes. */
#include <stdio.h>
#include <stdlib.h>
#include <stdbool.h>
#include <string.h>

#include "model/bounds.h"
#include "model/doc.h"
#include "analyse/diff.h"
#include "layout/layout.h"
#include "paint/paint.h"
#include "paint/poster_plan.h"
#include "model/theme.h"
#include "model/words.h"
#include "render/html.h"
#include "render/request.h"
#include "base/utf8.h"

struct jmap_renderer {
    jm_text_ctx *text;
    jmap_mem mem; /* layouts and output buffers */
    int fonts;    /* 0 not checked yet, 1 a real font found, -1 none */
};

jmap_renderer *jmap_renderer_new(void) { return jmap_renderer_new_with(NULL); }

jmap_renderer *jmap_renderer_new_with(const jmap_mem *mem)
{
    if (!mem) mem = jmap_mem_default();
    jmap_renderer *r = mem->calloc(mem->ctx, 1, sizeof *r);
    if (!r) return NULL;
    r->mem = *mem;
    r->text = jm_text_ctx_new();
    if (!r->text) {
        mem->free(mem->ctx, r);
        return NULL;
    }
    return r;
}

void jmap_renderer_free(jmap_renderer *r)
{
    if (!r) return;
    jm_text_ctx_free(r->text);
    jmap_mem mem = r->mem;
    mem.free(mem.ctx, r);
}

/* ---- the entry point ---- */

static int find_persona(const jmap_journey *j, const char *id)
{
    for (size_t p = 0; p < j->n_personas; p++)
        if (strcmp(j->personas[p].id.s, id) == 0) return (int)p;
    return -1;
}

/* ---- a poster's rows ---- */

typedef struct sheet_size {
    double w, h;
} sheet_size;

static double grid_sheets(void *ctx, double w, double h)
{
    const sheet_size *s = ctx;
    return (double)jm_poster_grid_tiles(w, h, s->w, s->h);
}

/* The sheets a poster of l prints; SIZE_MAX when memory runs out. */
static size_t sheets(jmap_renderer *r, const jm_layout *l, const sheet_size *size)
{
    jm_poster_plan plan;
    if (!jm_poster_plan_make(&plan, l, size->w, size->h, &r->mem)) return SIZE_MAX;
    size_t n = plan.n_printed;
    jm_poster_plan_free(&plan, &r->mem);
    return n;
}

/* A poster drawn at the default wrap: the journey on the rows that print
 * the fewest sheets, one (`one`, given) or more. The rows are guessed from
 * one's size, laid out, and kept only when they print fewer sheets; ties go
 * to one row. */
static jm_layout *fewest_sheets(jmap_renderer *r, const jmap_journey *j, jm_layout_options lo, jm_layout *one,
                                const sheet_size *size)
{
    size_t per = jm_layout_cheapest_rows(one, grid_sheets, (void *)size);
    if (per >= one->n_columns) return one;
    lo.wrap = per;
    lo.wrap_auto = false;
    jm_layout *rows = jm_layout_journey(r->text, j, &lo);
    if (!rows) return one; /* out of memory: the one row still prints */
    if (sheets(r, rows, size) < sheets(r, one, size)) {
        jm_layout_free(one);
        return rows;
    }
    jm_layout_free(rows);
    return one;
}

/* NULL with *why (JMAP_ERR_INPUT or JMAP_ERR_MEMORY) and a message in err. */
static jm_layout *layout_one(jmap_renderer *r, const jmap_journey *j, const jmap_render_options *opt,
                             const jm_theme *theme, jmap_result *why, char *err, size_t errsize, char *note,
                             size_t notesize)
{
    *why = JMAP_ERR_INPUT;
    jm_layout_options lo = {.persona = -1, .theme = theme, .mem = &r->mem};
    if (opt->wrap == JMAP_WRAP_COLUMNS) lo.wrap = opt->wrap_columns;
    lo.wrap_auto = opt->wrap == JMAP_WRAP_AUTO;
    if (opt->persona) {
        lo.persona = find_persona(j, opt->persona);
        if (lo.persona < 0) {
            snprintf(err, errsize, "no persona '%s' in the journey '%s'", opt->persona, j->title.s);
            return NULL;
        }
    }
    if (jm_draw_size_message(j, err, errsize)) return NULL; /* reported by resolve too */
    double scale = opt->scale > 0 ? opt->scale : 1;
    double min_w = opt->format == JMAP_PNG && opt->wrap != JMAP_WRAP_COLUMNS ? jm_layout_min_width(j, &lo) * scale : 0;
    if (min_w > JM_PNG_MAX && opt->wrap == JMAP_WRAP_DEFAULT) { /* wrapped rather than refused */
        lo.wrap_auto = false;
        lo.wrap = jm_layout_columns_within(JM_PNG_MAX / scale);
        snprintf(note, notesize,
                 "'%s' is at least %.0f pixels wide at scale %g, past a PNG's %d: wrapped onto rows of at most %zu "
                 "touchpoints (--wrap sets them)",
                 j->title.s, min_w, scale, JM_PNG_MAX, lo.wrap);
        min_w = 0;
    }
    if (min_w > JM_PNG_MAX) { /* known before any text is measured */
        snprintf(err, errsize,
                 "the map is at least %.0f pixels wide at scale %g; a PNG can be at most %d pixels wide: "
                 "use a smaller --scale, --wrap, or SVG or PDF",
                 min_w, scale, JM_PNG_MAX);
        return NULL;
    }
    jm_diff *diff = NULL;
    if (opt->diff_before) {
        diff = jm_diff_make(opt->diff_before, j, &r->mem);
        if (!diff) {
            snprintf(err, errsize, "out of memory while comparing '%s'", j->title.s);
            *why = JMAP_ERR_MEMORY;
            return NULL;
        }
        lo.diff = diff;
    }
    jm_layout *l = jm_layout_journey(r->text, j, &lo);
    if (l && opt->format == JMAP_PDF && opt->page_width > 0 && opt->page_height > 0 && opt->wrap == JMAP_WRAP_DEFAULT)
        l = fewest_sheets(r, j, lo, l, &(sheet_size){opt->page_width, opt->page_height});
    jm_diff_free(diff, &r->mem);
    if (!l) {
        snprintf(err, errsize, "out of memory while laying out '%s'", j->title.s);
        *why = JMAP_ERR_MEMORY;
    }
    return l;
}

/* The caller's sink, watched: a painter reports only that it failed, and the
 * caller needs to know whether its own sink refused the bytes. */
typedef struct watched_sink {
    jmap_write_fn write;
    void *ctx;
    bool refused;
} watched_sink;

static int watched_write(void *ctx, const unsigned char *data, size_t len)
{
    watched_sink *w = ctx;
    if (w->write(w->ctx, data, len) != 0) {
        w->refused = true;
        return -1;
    }
    return 0;
}

/* link_ext: the extension of a detail map's link in an SVG (NULL: "svg") */
static jmap_result render(jmap_renderer *r, const jmap_render_request *request, const char *link_ext, char *err,
                          size_t errsize)
{
    jmap_render_request req;
    jmap_render_options options;
    if (!r) {
        snprintf(err, errsize, "no renderer");
        return JMAP_ERR_INPUT;
    }
    if (!jm_render_request_take(request, &req, &options, err, errsize)) return JMAP_ERR_INPUT;
    const jmap_render_options *opt = &options;
    const jmap_doc *doc = req.doc;
    size_t first = req.first, count = req.count;
    size_t n = jmap_doc_journey_count(doc);
    if (count == 0 || first >= n || count > n - first) {
        snprintf(err, errsize, n ? "no such journey in the input" : "the input has errors or no journey");
        return JMAP_ERR_INPUT;
    }
    if (opt->format != JMAP_PDF && count != 1) {
        snprintf(err, errsize, "SVG, PNG and HTML hold one journey each");
        return JMAP_ERR_INPUT;
    }
    jm_theme theme;
    if (opt->theme && !jm_theme_builtin(opt->theme, &theme)) {
        char names[128];
        jm_words_join(names, sizeof names, jm_theme_names, JM_THEME_COUNT, "or");
        snprintf(err, errsize, "unknown theme '%s': use %s", opt->theme, names);
        return JMAP_ERR_INPUT;
    }
    const jm_theme *over = opt->theme ? &theme : NULL;
    if (opt->theme_doc) {
        if (!opt->theme_doc->theme || jmap_doc_error_count(opt->theme_doc)) {
            snprintf(err, errsize, "the theme file has errors");
            return JMAP_ERR_INPUT;
        }
        over = opt->theme_doc->theme;
    }
    if (r->fonts == 0) {
        jm_theme body; /* the default theme's text: the fontset the first map's words take */
        jm_theme_builtin("default", &body);
        r->fonts = jm_text_has_fonts(r->text, body.font, body.font_size) ? 1 : -1;
    }
    if (r->fonts < 0) {
        snprintf(err, errsize,
                 "no usable font: fontconfig finds no font to draw text with (install one, such as fonts-dejavu-core "
                 "or fonts-noto-core, or check FONTCONFIG_FILE)");
        return JMAP_ERR_FONTS;
    }

    char prefix[80] = ""; /* filled once the first layout is made */
    char note[512] = "";  /* for the user on success: a PNG wrapped by itself */
    watched_sink sink = {req.write, req.write_ctx, false};
    jm_device_options dev = {.mem = &r->mem,
                             .write = watched_write,
                             .ctx = &sink,
                             .err = err,
                             .errsize = errsize,
                             .scale = opt->scale > 0 ? opt->scale : 1,
                             .has_date = opt->has_date,
                             .date = opt->date,
                             .id_prefix = prefix,
                             .page_width = opt->format == JMAP_PDF ? opt->page_width : 0,
                             .page_height = opt->format == JMAP_PDF ? opt->page_height : 0,
                             .link_ext = link_ext};
    jm_painter *p = opt->format == JMAP_PDF                ? jm_pdf_painter_new(&dev)
                    : opt->format == JMAP_PNG              ? jm_png_painter_new(&dev)
                    : opt->svg_text == JMAP_SVG_TEXT_OUTLINES ? jm_svg_outline_painter_new(&dev)
                                                           : jm_svg_painter_new(&dev);
    if (!p) {
        snprintf(err, errsize, "out of memory while starting the output");
        return JMAP_ERR_MEMORY;
    }
    int rc = 0;
    jmap_result why = JMAP_OK;
    bool begun = false;
    for (size_t i = first; i < first + count && rc == 0; i++) {
        jmap_result lwhy;
        jm_layout *l = layout_one(r, doc->journeys[i], opt, over, &lwhy, err, errsize, note, sizeof note);
        if (!l) {
            why = lwhy;
            rc = -1;
            break;
        }
        if (!begun) {
            begun = true;
            /* SVG ids: the caller's prefix, else one made from what is drawn */
            if (opt->id_prefix) snprintf(prefix, sizeof prefix, "%s", opt->id_prefix);
            else snprintf(prefix, sizeof prefix, "jm%012llx-",
                          (unsigned long long)(jm_layout_digest(l, (unsigned)opt->svg_text) >> 16));
            rc = p->ops->begin(p, l);
        }
        if (rc == 0) rc = jm_paint_page(p, l);
        jm_layout_free(l);
    }
    if (begun && rc == 0) rc = p->ops->end(p);
    if (rc != 0 && why == JMAP_OK) /* the layouts were made: the painter failed */
        why = sink.refused ? JMAP_ERR_WRITE : p->oom ? JMAP_ERR_MEMORY : JMAP_ERR_INPUT;
    if (rc != 0 && (!err[0] || sink.refused)) {
        const char *what = opt->format == JMAP_PDF ? "PDF" : opt->format == JMAP_PNG ? "PNG" : "SVG";
        snprintf(err, errsize, sink.refused ? "could not write the %s" : "out of memory while writing the %s", what);
    }
    p->ops->free(p);
    if (rc == 0) snprintf(err, errsize, "%s", note);
    return rc == 0 ? JMAP_OK : why;
}

/* ---- the HTML page: the SVG drawn into memory, then the page around it ---- */

static int to_buf(void *ctx, const unsigned char *data, size_t len)
{
    return jm_buf_add(ctx, data, len) ? 0 : -1;
}

static jmap_result render_html(jmap_renderer *r, const jmap_render_request *req, const jmap_render_options *opt,
                               char *err, size_t errsize)
{
    if (req->count != 1) {
        snprintf(err, errsize, "an HTML page holds one journey");
        return JMAP_ERR_INPUT;
    }
    jmap_render_options svg_opt = *opt;
    svg_opt.format = JMAP_SVG;
    svg_opt.svg_text = JMAP_SVG_TEXT_TEXT;
    svg_opt.html_nav = NULL;
    jm_buf svg, page;
    jm_buf_init(&svg, &r->mem);
    jm_buf_init(&page, &r->mem);
    jmap_render_request sub = *req;
    sub.options = &svg_opt;
    sub.write = to_buf;
    sub.write_ctx = &svg;
    jmap_result rc = render(r, &sub, "html", err, errsize); /* a detail's link: its page */
    if (rc == JMAP_OK && svg.data) {
        if (!jm_html_page(&page, req->doc->journeys[req->first], svg.data, svg.len, opt->html_nav)) {
            snprintf(err, errsize, "out of memory while writing the HTML page");
            rc = JMAP_ERR_MEMORY;
        } else if (req->write(req->write_ctx, (const unsigned char *)page.data, page.len) != 0) {
            snprintf(err, errsize, "could not write the HTML page");
            rc = JMAP_ERR_WRITE;
        }
    } else if (rc == JMAP_ERR_MEMORY || (rc == JMAP_OK && !svg.data)) {
        snprintf(err, errsize, "out of memory while writing the SVG of the HTML page");
        rc = JMAP_ERR_MEMORY;
    } else if (rc == JMAP_ERR_WRITE) { /* our own buffer refused: memory */
        snprintf(err, errsize, "out of memory while writing the SVG of the HTML page");
        rc = JMAP_ERR_MEMORY;
    }
    jm_buf_free(&svg);
    jm_buf_free(&page);
    return rc;
}

static jmap_result render_any(jmap_renderer *r, const jmap_render_request *request, char *err, size_t errsize)
{
    jmap_render_request req;
    jmap_render_options options;
    if (!r || !jm_render_request_take(request, &req, &options, err, errsize) || options.format != JMAP_HTML)
        return render(r, request, NULL, err, errsize);
    size_t n = jmap_doc_journey_count(req.doc);
    if (req.first >= n) return render(r, request, NULL, err, errsize); /* its message */
    return render_html(r, &req, &options, err, errsize);
}

jmap_result jmap_render(jmap_renderer *r, const jmap_render_request *request, char *err, size_t errsize)
{
    char dummy[1];
    if (!err || !errsize) { err = dummy; errsize = sizeof dummy; }
    err[0] = '\0';
    jmap_result rc = render_any(r, request, err, errsize);
    /* a message quotes titles and names as written ("\e]52;..."): shown
     * escaped, as every diagnostic is (diag.c) */
    size_t len = strlen(err);
    if (jm_escape_hidden(err, len, NULL, 0) != len) {
        char *raw = jm_mem_alloc(NULL, len + 1);
        if (raw) {
            memcpy(raw, err, len + 1);
            jm_escape_hidden(raw, len, err, errsize);
            jm_mem_free(NULL, raw);
        }
    }
    return rc;
}
