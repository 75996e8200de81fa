/* jmap's own SVG device: the display list written as SVG 1.1 with real
 * text.
 *
 *  - every text is one <text> (one paragraph) with a <tspan> a line, each
 *    line at the very position the layout put it and stretched to the width
 *    Pango measured (textLength), right-to-left text with direction and
 *    unicode-bidi;
 *  - the faces used are embedded as subsets in @font-face rules
 *    (svg_font.c), and every text names the installed families after them;
 *  - shapes are <rect> and <path>, numbers written by a formatter of ours to
 *    a hundredth of a unit;
 *  - <title> and <desc> come first, the root has role="img" and
 *    aria-labelledby, the document follows the map's reading order
 *    (src/paint.h) and the emotion scores are there as text;
 *  - every part of the map is a <g> of its class with its data- attributes
 *    and data-box, its drawn bounds (layout/classes.def,
 *    docs/svg-classes.md): journey text only ever in escaped attribute
 *    values and text.
 *
 * The document streams to the caller's sink through one buffer. */
#include <math.h>
#include <pango/pango.h>
#include <stdint.h>
#include <string.h>

#include "base/relpath.h"
#include "base/arena.h"
#include "paint/markup.h"
#include "paint/paint.h"
#include "paint/svg/font.h"

enum { OUT_CHUNK = 64 * 1024 };

typedef struct svg_painter {
    jm_painter base;
    jm_device_options o;
    unsigned char *buf;
    size_t len;
    jm_svg_fonts *fonts;
    bool write_failed;
    unsigned links, open;       /* 1.2: bit k of links: the part open at depth k is inside an <a> */
} svg_painter;

/* ---- output ---- */

static void flush(svg_painter *d)
{
    if (d->len && !d->write_failed && d->o.write(d->o.ctx, d->buf, d->len) != 0) d->write_failed = true;
    d->len = 0;
}

static void put(svg_painter *d, const char *s, size_t n)
{
    while (n > 0) {
        if (d->len == OUT_CHUNK) flush(d);
        size_t k = OUT_CHUNK - d->len < n ? OUT_CHUNK - d->len : n;
        memcpy(d->buf + d->len, s, k);
        d->len += k;
        s += k;
        n -= k;
    }
}

static void emit_cb(void *ctx, const char *s, size_t n) { put(ctx, s, n); }

static void puts_z(svg_painter *d, const char *s) { put(d, s, strlen(s)); }

/* A number to a hundredth, without trailing zeros: "12", "-3.5", "0.25". */
static size_t fmt_num(char *out, double v)
{
    char *p = out;
    if (!isfinite(v)) v = 0;
    long long n = llround(v * 100);
    if (n < 0) {
        *p++ = '-';
        n = -n;
    }
    long long whole = n / 100;
    int frac = (int)(n % 100);
    char tmp[24];
    int k = 0;
    do {
        tmp[k++] = (char)('0' + whole % 10);
        whole /= 10;
    } while (whole);
    while (k) *p++ = tmp[--k];
    if (frac) {
        *p++ = '.';
        *p++ = (char)('0' + frac / 10);
        if (frac % 10) *p++ = (char)('0' + frac % 10);
    }
    if (p - out == 2 && out[0] == '-' && out[1] == '0') { /* -0 */
        out[0] = '0';
        p = out + 1;
    }
    return (size_t)(p - out);
}

static void num(svg_painter *d, double v)
{
    char b[32];
    put(d, b, fmt_num(b, v));
}

/* name="number" with a space before it */
static void attr_num(svg_painter *d, const char *name, double v)
{
    put(d, " ", 1);
    puts_z(d, name);
    put(d, "=\"", 2);
    num(d, v);
    put(d, "\"", 1);
}

static void attr_color(svg_painter *d, const char *name, jm_rgb c)
{
    static const char hex[] = "0123456789abcdef";
    float v[3] = {c.r, c.g, c.b};
    char b[8] = "#";
    for (int i = 0; i < 3; i++) {
        float x = v[i] < 0 ? 0 : v[i] > 1 ? 1 : v[i];
        int n = (int)lroundf(x * 255);
        b[1 + 2 * i] = hex[n >> 4];
        b[2 + 2 * i] = hex[n & 15];
    }
    put(d, " ", 1);
    puts_z(d, name);
    put(d, "=\"", 2);
    put(d, b, 7);
    put(d, "\"", 1);
}

static void escaped(svg_painter *d, const char *s, size_t len) { jm_markup_escape(emit_cb, d, s, len); }

/* ---- the document ---- */

static int svg_begin(jm_painter *p, const jm_layout *first)
{
    (void)first;
    svg_painter *d = (svg_painter *)p;
    jm_svg_fonts_set_prefix(d->fonts, d->o.id_prefix ? d->o.id_prefix : "");
    return 0;
}

/* An id: the document's prefix, then name. */
static void id_ref(svg_painter *d, const char *name)
{
    if (d->o.id_prefix) puts_z(d, d->o.id_prefix);
    puts_z(d, name);
}

static int svg_page(jm_painter *p, const jm_layout *l)
{
    svg_painter *d = (svg_painter *)p;
    for (size_t i = 0; i < l->n_items; i++)
        if (l->items[i].kind == JM_ITEM_TEXT && l->items[i].text && !jm_svg_fonts_add(d->fonts, l->items[i].text)) {
            p->oom = true;
            return jm_painter_fail(p, "out of memory while writing the SVG");
        }
    puts_z(d, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\"");
    attr_num(d, "width", l->width);
    attr_num(d, "height", l->height);
    puts_z(d, " viewBox=\"0 0 ");
    num(d, l->width);
    put(d, " ", 1);
    num(d, l->height);
    puts_z(d, "\"");
    if (l->lang) { /* for screen readers, hyphenation and the choice of faces */
        puts_z(d, " xml:lang=\"");
        escaped(d, l->lang, strlen(l->lang));
        puts_z(d, "\" lang=\"");
        escaped(d, l->lang, strlen(l->lang));
        puts_z(d, "\"");
    }
    /* the map places every text itself, right-to-left runs saying so on
     * their own: inlined in a page of dir="rtl" (-f html, a docs site in
     * Persian), it must not inherit the page's direction, which flips
     * every text's anchor */
    puts_z(d, " direction=\"ltr\" xml:space=\"preserve\" role=\"img\" aria-labelledby=\"");
    id_ref(d, "jmap-title");
    if (l->description) {
        puts_z(d, " ");
        id_ref(d, "jmap-desc");
    }
    puts_z(d, "\">\n<title id=\"");
    id_ref(d, "jmap-title");
    puts_z(d, "\">");
    if (l->title) escaped(d, l->title, strlen(l->title));
    puts_z(d, "</title>\n");
    if (l->description) {
        puts_z(d, "<desc id=\"");
        id_ref(d, "jmap-desc");
        puts_z(d, "\">");
        escaped(d, l->description, strlen(l->description));
        puts_z(d, "</desc>\n");
    }
    puts_z(d, "<defs><style>\n");
    if (!jm_svg_fonts_css(d->fonts, emit_cb, d)) {
        p->oom = true;
        return jm_painter_fail(p, "out of memory while subsetting the SVG's fonts");
    }
    puts_z(d, "</style></defs>\n<rect width=\"100%\" height=\"100%\"");
    attr_color(d, "fill", l->background);
    puts_z(d, "/>\n");
    return 0;
}

/* name="alpha": an opacity to a thousandth, as cairo paints it for the PNG
 * (a stage's tint of 0.035 written "0.04" made the SVG's marks measure
 * below the 3:1 that the PNG keeps). */
static void attr_alpha(svg_painter *d, const char *name, double v)
{
    long n = lround((v < 0 ? 0 : v > 1 ? 1 : v) * 1000);
    char b[8] = "1";
    int k = 1;
    if (n < 1000) {
        b[0] = '0';
        if (n) { /* 0.035, 0.85, 0.6 */
            b[k++] = '.';
            b[k++] = (char)('0' + n / 100);
            b[k++] = (char)('0' + n / 10 % 10);
            b[k++] = (char)('0' + n % 10);
            while (b[k - 1] == '0') k--;
        }
    }
    put(d, " ", 1);
    puts_z(d, name);
    put(d, "=\"", 2);
    put(d, b, (size_t)k);
    put(d, "\"", 1);
}

static void paint_attrs(svg_painter *d, const jm_item *it)
{
    if (it->fill_alpha > 0) {
        attr_color(d, "fill", it->fill);
        if (it->fill_alpha < 1) attr_alpha(d, "fill-opacity", it->fill_alpha);
    } else {
        puts_z(d, " fill=\"none\"");
    }
    if (it->stroke_alpha > 0) {
        attr_color(d, "stroke", it->stroke);
        if (it->stroke_alpha < 1) attr_alpha(d, "stroke-opacity", it->stroke_alpha);
        attr_num(d, "stroke-width", it->line_width);
        if (it->round) puts_z(d, " stroke-linecap=\"round\" stroke-linejoin=\"round\"");
        else puts_z(d, " stroke-miterlimit=\"10\""); /* cairo's */
        if (it->dash > 0 && it->dash < JM_DASH_COUNT) {
            puts_z(d, " stroke-dasharray=\"");
            for (int k = 0; k < jm_dash_defs[it->dash].n; k++) {
                if (k) put(d, " ", 1);
                num(d, jm_dash_defs[it->dash].len[k]);
            }
            put(d, "\"", 1);
        }
    }
}

static void svg_rect(jm_painter *p, const jm_item *it)
{
    svg_painter *d = (svg_painter *)p;
    jm_box b = it->box;
    puts_z(d, "<rect");
    attr_num(d, "x", b.x);
    attr_num(d, "y", b.y);
    attr_num(d, "width", b.w > 0 ? b.w : 0);
    attr_num(d, "height", b.h > 0 ? b.h : 0);
    double r = it->radius;
    if (r > b.w / 2) r = b.w / 2;
    if (r > b.h / 2) r = b.h / 2;
    if (r > 0) attr_num(d, "rx", r);
    paint_attrs(d, it);
    puts_z(d, "/>\n");
}

static void pt(svg_painter *d, double x, double y)
{
    num(d, x);
    put(d, " ", 1);
    num(d, y);
}

static void svg_path(jm_painter *p, const jm_item *it)
{
    svg_painter *d = (svg_painter *)p;
    puts_z(d, "<path d=\"");
    for (size_t i = 0; i < it->n_segs; i++) {
        const jm_seg *s = &it->segs[i];
        switch (s->kind) {
        case JM_SEG_MOVE: put(d, "M", 1); pt(d, s->x, s->y); break;
        case JM_SEG_LINE: put(d, "L", 1); pt(d, s->x, s->y); break;
        case JM_SEG_CURVE:
            put(d, "C", 1);
            pt(d, s->x1, s->y1);
            put(d, " ", 1);
            pt(d, s->x2, s->y2);
            put(d, " ", 1);
            pt(d, s->x, s->y);
            break;
        case JM_SEG_CLOSE: put(d, "Z", 1); break;
        }
    }
    put(d, "\"", 1);
    paint_attrs(d, it);
    puts_z(d, "/>\n");
}

static double letter_spacing(PangoLayout *l)
{
    PangoAttrList *attrs = pango_layout_get_attributes(l);
    if (!attrs) return 0;
    double v = 0;
    GSList *list = pango_attr_list_get_attributes(attrs);
    for (GSList *a = list; a; a = a->next) {
        PangoAttribute *at = a->data;
        if (at->klass->type == PANGO_ATTR_LETTER_SPACING) v = (double)((PangoAttrInt *)at)->value / PANGO_SCALE;
        pango_attribute_destroy(at);
    }
    g_slist_free(list);
    return v;
}

static void svg_text(jm_painter *p, const jm_item *it)
{
    svg_painter *d = (svg_painter *)p;
    PangoLayout *pl = it->text;
    const char *s = pango_layout_get_text(pl);
    const PangoFontDescription *fd = pango_layout_get_font_description(pl);
    puts_z(d, "<text");
    attr_color(d, "fill", it->fill);
    if (it->fill_alpha < 1) attr_alpha(d, "fill-opacity", it->fill_alpha);
    attr_num(d, "font-size", fd ? (double)pango_font_description_get_size(fd) / PANGO_SCALE : 12);
    if (fd && pango_font_description_get_weight(fd) >= PANGO_WEIGHT_SEMIBOLD) puts_z(d, " font-weight=\"bold\"");
    if (fd && pango_font_description_get_style(fd) != PANGO_STYLE_NORMAL) puts_z(d, " font-style=\"italic\"");
    double ls = letter_spacing(pl);
    if (ls != 0) attr_num(d, "letter-spacing", ls);
    puts_z(d, " font-family=\"");
    jm_svg_fonts_family(d->fonts, pl, emit_cb, d);
    put(d, "\"", 1);
    PangoLayoutIter *iter = pango_layout_get_iter(pl);
    bool first = true;
    do {
        PangoLayoutLine *line = pango_layout_iter_get_line_readonly(iter);
        if (!line || line->length <= 0) continue;
        int start = line->start_index, end = start + line->length;
        while (end > start && (s[end - 1] == '\n' || s[end - 1] == '\r' || s[end - 1] == ' ' || s[end - 1] == '\t'))
            end--;
        if (end == start) continue;
        bool rtl = line->resolved_dir == PANGO_DIRECTION_RTL;
        if (first) {
            if (rtl) puts_z(d, " direction=\"rtl\" unicode-bidi=\"embed\"");
            put(d, ">", 1);
            first = false;
        }
        /* the ink-free extent of the line's visible characters */
        int *ranges = NULL, n_ranges = 0;
        pango_layout_line_get_x_ranges(line, start, end, &ranges, &n_ranges);
        double x0 = INFINITY, x1 = -INFINITY;
        for (int r = 0; r < n_ranges; r++) {
            x0 = fmin(x0, ranges[2 * r]);
            x1 = fmax(x1, ranges[2 * r + 1]);
        }
        g_free(ranges);
        if (!n_ranges) {
            PangoRectangle lr;
            pango_layout_iter_get_line_extents(iter, NULL, &lr);
            x0 = lr.x;
            x1 = (double)lr.x + lr.width;
        }
        double y = it->box.y + (double)pango_layout_iter_get_baseline(iter) / PANGO_SCALE;
        double xs = it->box.x + x0 / PANGO_SCALE, xe = it->box.x + x1 / PANGO_SCALE;
        puts_z(d, "<tspan");
        attr_num(d, "x", rtl ? xe : xs);
        attr_num(d, "y", y);
        attr_num(d, "textLength", xe - xs);
        puts_z(d, " lengthAdjust=\"spacing\">");
        escaped(d, s + start, (size_t)(end - start));
        puts_z(d, "</tspan>");
    } while (pango_layout_iter_next_line(iter));
    pango_layout_iter_free(iter);
    if (first) put(d, ">", 1);
    puts_z(d, "</text>\n");
}

/* A shape's words for a screen reader (an emotion score), as text that
 * takes no ink, where the shape is. */
static void svg_alt(jm_painter *p, const jm_item *it)
{
    svg_painter *d = (svg_painter *)p;
    puts_z(d, "<text");
    attr_num(d, "x", it->box.x);
    attr_num(d, "y", it->box.y + it->box.h / 2);
    puts_z(d, " font-size=\"1\" fill-opacity=\"0\">");
    escaped(d, it->alt, strlen(it->alt));
    puts_z(d, "</text>\n");
}

/* <g class="jm-point" data-touchpoint="..." ... data-box="x y w h"> */
static void svg_part_begin(jm_painter *p, const jm_layout *l, const jm_part *part, jm_box b)
{
    (void)l;
    svg_painter *d = (svg_painter *)p;
    const char *link = jm_part_link(part);
    if (d->open < 32) d->links = (d->links & ~(1u << d->open)) | (link ? 1u << d->open : 0);
    d->open++;
    if (link) { /* a relative path to the detail map's SVG, made of its name alone */
        const char *ext = d->o.link_ext ? d->o.link_ext : "svg";
        size_t need = jm_relpath_href(link, ext, NULL, 0);
        char *href = jm_mem_alloc(p->mem, need + 1);
        if (href) {
            jm_relpath_href(link, ext, href, need + 1);
            puts_z(d, "<a href=\"");
            escaped(d, href, need);
            puts_z(d, "\">\n");
            jm_mem_free(p->mem, href);
        } else {
            p->oom = true;
            d->links &= ~(1u << (d->open - 1));
        }
    }
    puts_z(d, "<g class=\"");
    puts_z(d, jm_part_class_name(part->cls));
    put(d, "\"", 1);
    for (int k = 0; k < JM_DATA_COUNT; k++) {
        if (!part->data[k]) continue;
        put(d, " ", 1);
        puts_z(d, jm_part_attr_name((jm_data_key)k));
        put(d, "=\"", 2);
        escaped(d, part->data[k], strlen(part->data[k]));
        put(d, "\"", 1);
    }
    puts_z(d, " data-box=\"");
    num(d, b.x);
    put(d, " ", 1);
    num(d, b.y);
    put(d, " ", 1);
    num(d, b.w);
    put(d, " ", 1);
    num(d, b.h);
    puts_z(d, "\">\n");
}

static void svg_part_end(jm_painter *p)
{
    svg_painter *d = (svg_painter *)p;
    puts_z(d, "</g>\n");
    if (d->open && d->open-- <= 32 && (d->links & (1u << d->open))) puts_z(d, "</a>\n");
}

static int svg_page_end(jm_painter *p, const jm_layout *l)
{
    (void)l;
    svg_painter *d = (svg_painter *)p;
    puts_z(d, "</svg>\n");
    flush(d);
    return d->write_failed ? jm_painter_fail(p, "could not write the SVG") : 0;
}

static int svg_end(jm_painter *p) { return ((svg_painter *)p)->write_failed ? -1 : 0; }

static void svg_free(jm_painter *p)
{
    svg_painter *d = (svg_painter *)p;
    jm_svg_fonts_free(d->fonts);
    jm_mem_free(p->mem, d->buf);
    jm_mem_free(p->mem, d);
}

static const jm_paint_ops svg_ops = {.begin = svg_begin,
                                     .page = svg_page,
                                     .rect = svg_rect,
                                     .path = svg_path,
                                     .text = svg_text,
                                     .alt = svg_alt,
                                     .part_begin = svg_part_begin,
                                     .part_end = svg_part_end,
                                     .page_end = svg_page_end,
                                     .end = svg_end,
                                     .free = svg_free};

jm_painter *jm_svg_painter_new(const jm_device_options *o)
{
    svg_painter *d = jm_painter_alloc(o, sizeof *d, &svg_ops);
    if (!d) return NULL;
    d->o = *o;
    d->buf = jm_mem_alloc(o->mem, OUT_CHUNK);
    d->fonts = jm_svg_fonts_new(o->mem);
    if (!d->buf || !d->fonts) {
        svg_free(&d->base);
        return NULL;
    }
    return &d->base;
}
