/* The display-list builder (src/dlist.h). */
#include "layout/dlist.h"

#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

#include "base/decimal.h"
#include "model/icons.h"

static const jm_ref no_ref = {SIZE_MAX, 0};

void jm_dl_init(jm_dl *dl, jm_layout *out, jm_text_ctx *tx)
{
    memset(dl, 0, sizeof *dl);
    dl->out = out;
    dl->tx = tx;
    dl->at = (jm_place){-1, -1, -1};
    dl->part = -1;
}

bool jm_dl_failed(const jm_dl *dl) { return dl->failed || dl->out->mem.failed || dl->out->arena.failed; }

void *jm_dl_alloc(jm_dl *dl, size_t size)
{
    void *p = jm_alloc(&dl->out->arena, size);
    if (!p) dl->failed = true;
    return p;
}

char *jm_dl_sprintf(jm_dl *dl, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *p = jm_vsprintf(&dl->out->arena, fmt, ap);
    va_end(ap);
    if (!p) dl->failed = true;
    return p;
}

jm_ref jm_dl_add(jm_dl *dl, jm_item_kind kind, jm_role role)
{
    jm_layout *o = dl->out;
    if (dl->failed) return no_ref;
    if (o->n_items == o->cap_items) {
        size_t cap = o->cap_items ? o->cap_items * 2 : 256;
        jm_item *items = cap <= SIZE_MAX / sizeof *items ? jm_mem_realloc(&o->mem.mem, o->items, cap * sizeof *items)
                                                          : NULL;
        if (!items) {
            dl->failed = true;
            return no_ref;
        }
        o->items = items;
        o->cap_items = cap;
    }
    jm_item *it = &o->items[o->n_items];
    memset(it, 0, sizeof *it);
    it->kind = kind;
    it->role = role;
    it->persona = -1;
    it->at = dl->at;
    it->part = dl->part;
    return (jm_ref){o->n_items++, dl->epoch};
}

bool jm_dl_live(const jm_dl *dl, jm_ref r) { return r.ix < dl->out->n_items && r.epoch == dl->epoch; }

jm_item *jm_dl_get(jm_dl *dl, jm_ref r)
{
    if (jm_dl_live(dl, r)) return &dl->out->items[r.ix];
    /* a fresh scratch item each time: what was written to it is never read */
    memset(&dl->scratch, 0, sizeof dl->scratch);
    dl->scratch.persona = -1;
    dl->scratch.part = -1;
    return &dl->scratch;
}

/* ---- shapes ---- */

jm_ref jm_dl_rect(jm_dl *dl, jm_role role, jm_box b, jm_rgb fill, float fill_alpha, double radius)
{
    jm_ref r = jm_dl_add(dl, JM_ITEM_RECT, role);
    jm_item *it = jm_dl_get(dl, r);
    it->box = b;
    it->fill = fill;
    it->fill_alpha = fill_alpha;
    it->radius = radius;
    return r;
}

void jm_dl_outline(jm_dl *dl, jm_ref r, jm_rgb stroke, float alpha, double width)
{
    jm_item *it = jm_dl_get(dl, r);
    it->stroke = stroke;
    it->stroke_alpha = alpha;
    it->line_width = width;
}

jm_ref jm_dl_text(jm_dl *dl, jm_text_style st, const char *s, size_t len, jm_box at, double *h)
{
    *h = 0;
    if (!s || !len) return no_ref;
    jm_ref r = jm_dl_add(dl, JM_ITEM_TEXT, st.role);
    if (!jm_dl_live(dl, r)) return r;
    jm_item *it = jm_dl_get(dl, r);
    it->text = jm_text_layout(dl->tx, s, len, st.font, at.w, st.align);
    jm_text_size(it->text, NULL, h);
    it->box = (jm_box){at.x, at.y, at.w, *h};
    it->cell = it->box;
    it->fill = st.color;
    it->fill_alpha = 1;
    return r;
}

jm_pen jm_dl_path(jm_dl *dl, jm_role role, size_t cap)
{
    jm_pen p = {no_ref, NULL, 0, 0};
    if (dl->failed) return p;
    jm_seg *segs = jm_dl_alloc(dl, (cap ? cap : 1) * sizeof *segs);
    if (!segs) return p;
    p.ref = jm_dl_add(dl, JM_ITEM_PATH, role);
    if (!jm_dl_live(dl, p.ref)) return p;
    p.segs = segs;
    p.cap = cap;
    return p;
}

static jm_seg *pen_next(jm_dl *dl, jm_pen *p)
{
    if (!p->segs) return NULL;
    if (p->n == p->cap) { /* a path longer than it said: a bug, never a write past the end */
        dl->failed = true;
        return NULL;
    }
    jm_seg *s = &p->segs[p->n++];
    memset(s, 0, sizeof *s);
    return s;
}

void jm_pen_seg(jm_dl *dl, jm_pen *p, jm_seg_kind k, double x, double y)
{
    jm_seg *s = pen_next(dl, p);
    if (!s) return;
    s->kind = k;
    s->x = x;
    s->y = y;
}

void jm_pen_curve(jm_dl *dl, jm_pen *p, double x1, double y1, double x2, double y2, double x, double y)
{
    jm_seg *s = pen_next(dl, p);
    if (!s) return;
    s->kind = JM_SEG_CURVE;
    s->x1 = x1;
    s->y1 = y1;
    s->x2 = x2;
    s->y2 = y2;
    s->x = x;
    s->y = y;
}

static jm_box bbox_of(const jm_seg *segs, size_t n)
{
    double x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY;
    for (size_t i = 0; i < n; i++) {
        const jm_seg *s = &segs[i];
        if (s->kind == JM_SEG_CLOSE) continue;
        double xs[3] = {s->x, s->x1, s->x2}, ys[3] = {s->y, s->y1, s->y2};
        int m = s->kind == JM_SEG_CURVE ? 3 : 1;
        for (int k = 0; k < m; k++) {
            if (xs[k] < x0) x0 = xs[k];
            if (xs[k] > x1) x1 = xs[k];
            if (ys[k] < y0) y0 = ys[k];
            if (ys[k] > y1) y1 = ys[k];
        }
    }
    if (x0 > x1) x0 = x1 = y0 = y1 = 0;
    return (jm_box){x0, y0, x1 - x0, y1 - y0};
}

jm_ref jm_dl_path_end(jm_dl *dl, jm_pen *p)
{
    jm_item *it = jm_dl_get(dl, p->ref);
    if (!p->segs) return p->ref;
    it->segs = p->segs;
    it->n_segs = p->n;
    it->box = bbox_of(p->segs, p->n);
    return p->ref;
}

/* A circle as four cubic curves. */
/* Closes the path and fills it, opaque. */
static jm_ref closed_filled(jm_dl *dl, jm_pen *p, jm_rgb fill)
{
    jm_pen_seg(dl, p, JM_SEG_CLOSE, 0, 0);
    jm_ref ref = jm_dl_path_end(dl, p);
    jm_item *it = jm_dl_get(dl, ref);
    it->fill = fill;
    it->fill_alpha = 1;
    return ref;
}

jm_ref jm_dl_circle(jm_dl *dl, jm_role role, double cx, double cy, double r, jm_rgb fill)
{
    jm_pen p = jm_dl_path(dl, role, 6);
    const double k = 0.5522847498 * r;
    const double pts[4][6] = {
        {cx + r, cy + k, cx + k, cy + r, cx, cy + r},
        {cx - k, cy + r, cx - r, cy + k, cx - r, cy},
        {cx - r, cy - k, cx - k, cy - r, cx, cy - r},
        {cx + k, cy - r, cx + r, cy - k, cx + r, cy},
    };
    jm_pen_seg(dl, &p, JM_SEG_MOVE, cx + r, cy);
    for (int i = 0; i < 4; i++) jm_pen_curve(dl, &p, pts[i][0], pts[i][1], pts[i][2], pts[i][3], pts[i][4], pts[i][5]);
    return closed_filled(dl, &p, fill);
}

jm_ref jm_dl_star(jm_dl *dl, jm_role role, double cx, double cy, double r, jm_rgb fill)
{
    jm_pen p = jm_dl_path(dl, role, 11);
    for (int i = 0; i < 10; i++) {
        double a = -M_PI / 2 + i * M_PI / 5, rr = i % 2 ? r * 0.45 : r;
        jm_pen_seg(dl, &p, i ? JM_SEG_LINE : JM_SEG_MOVE, cx + rr * cos(a), cy + rr * sin(a));
    }
    return closed_filled(dl, &p, fill);
}

jm_ref jm_dl_line(jm_dl *dl, jm_role role, double x0, double y0, double x1, double y1, jm_rgb color, double width)
{
    jm_pen p = jm_dl_path(dl, role, 2);
    jm_pen_seg(dl, &p, JM_SEG_MOVE, x0, y0);
    jm_pen_seg(dl, &p, JM_SEG_LINE, x1, y1);
    jm_ref ref = jm_dl_path_end(dl, &p);
    jm_dl_outline(dl, ref, color, 1, width);
    return ref;
}

void jm_dl_icon(jm_dl *dl, int id, double x, double y, double size, jm_rgb color)
{
    const jm_icon *ic = jm_icon_get(id);
    const char *parts[2] = {ic->stroke, ic->fill};
    for (int k = 0; k < 2; k++) {
        int n = jm_icon_segments(parts[k], x, y, size, NULL, 0);
        if (n <= 0) continue;
        jm_pen p = jm_dl_path(dl, JM_ROLE_ICON, (size_t)n);
        if (p.segs) p.n = (size_t)jm_icon_segments(parts[k], x, y, size, p.segs, n);
        if (p.n > p.cap) p.n = p.cap;
        jm_ref ref = jm_dl_path_end(dl, &p);
        if (k == 0) jm_dl_outline(dl, ref, color, 1, size / 12.0);
        jm_item *it = jm_dl_get(dl, ref);
        if (k == 1) {
            it->fill = color;
            it->fill_alpha = 1;
        }
        it->round = true;
    }
}

/* ---- groups ---- */

jm_group jm_dl_group(const jm_dl *dl) { return (jm_group){dl->out->n_items}; }

jm_item *jm_dl_items(jm_dl *dl, jm_group g, size_t *n)
{
    size_t start = g.start < dl->out->n_items ? g.start : dl->out->n_items;
    *n = dl->out->n_items - start;
    return dl->out->items ? dl->out->items + start : NULL;
}

void jm_dl_shift(jm_dl *dl, jm_group g, double dy)
{
    size_t n;
    jm_item *items = jm_dl_items(dl, g, &n);
    for (size_t i = 0; i < n; i++) {
        jm_item *it = &items[i];
        it->box.y += dy;
        it->cell.y += dy;
        for (size_t k = 0; k < it->n_segs; k++) {
            it->segs[k].y += dy;
            it->segs[k].y1 += dy;
            it->segs[k].y2 += dy;
        }
    }
}

void jm_dl_set_cells(jm_dl *dl, jm_group g, jm_box c)
{
    size_t n;
    jm_item *items = jm_dl_items(dl, g, &n);
    for (size_t i = 0; i < n; i++)
        if (items[i].kind == JM_ITEM_TEXT) items[i].cell = c;
}

void jm_dl_mirror(jm_dl *dl, double W)
{
    size_t n;
    jm_item *items = jm_dl_items(dl, (jm_group){0}, &n);
    for (size_t i = 0; i < n; i++) {
        jm_item *it = &items[i];
        double was = it->box.x;
        it->box.x = W - it->box.x - it->box.w;
        it->cell.x = W - it->cell.x - it->cell.w;
        if (it->keep_shape) {
            for (size_t k = 0; k < it->n_segs; k++) {
                it->segs[k].x += it->box.x - was;
                it->segs[k].x1 += it->box.x - was;
                it->segs[k].x2 += it->box.x - was;
            }
            continue;
        }
        for (size_t k = 0; k < it->n_segs; k++) {
            it->segs[k].x = W - it->segs[k].x;
            it->segs[k].x1 = W - it->segs[k].x1;
            it->segs[k].x2 = W - it->segs[k].x2;
        }
    }
}

/* ---- parts ---- */

static const char *const class_names[JM_PART_COUNT] = {
#define JM_DATA(NAME, attr, field)
#define JM_PART(NAME, cls, attrs) cls,
#include "layout/classes.def"
#undef JM_DATA
#undef JM_PART
};

static const unsigned class_attrs[JM_PART_COUNT] = {
#define JM_DATA(NAME, attr, field)
#define JM_PART(NAME, cls, attrs) attrs,
#include "layout/classes.def"
#undef JM_DATA
#undef JM_PART
};

static const char *const attr_names[JM_DATA_COUNT] = {
#define JM_DATA(NAME, attr, field) attr,
#define JM_PART(NAME, cls, attrs)
#include "layout/classes.def"
#undef JM_DATA
#undef JM_PART
};

_Static_assert(JM_DATA_COUNT <= 32, "a class's attributes are the bits of an unsigned");

const char *jm_part_class_name(jm_part_class c) { return (unsigned)c < JM_PART_COUNT ? class_names[c] : ""; }
const char *jm_part_attr_name(jm_data_key k) { return (unsigned)k < JM_DATA_COUNT ? attr_names[k] : ""; }
unsigned jm_part_attrs(jm_part_class c) { return (unsigned)c < JM_PART_COUNT ? class_attrs[c] : 0; }

const char *jm_part_link(const jm_part *p)
{
    const char *d = p->data[JM_DATA_DETAIL];
    return (p->cls == JM_PART_CARD || p->cls == JM_PART_STAGE) && d && d[0] ? d : NULL;
}

int jm_dl_part_begin(jm_dl *dl, jm_part_class c, jm_part_data d)
{
    jm_layout *o = dl->out;
    int parent = dl->part, depth = parent >= 0 ? o->parts[parent].depth + 1 : 0;
    if (dl->failed || depth >= JM_PART_DEPTH || o->n_parts >= INT_MAX) {
        dl->depth_lost++; /* its end is to close nothing */
        return -1;
    }
    if (o->n_parts == o->cap_parts) {
        size_t cap = o->cap_parts ? o->cap_parts * 2 : 64;
        jm_part *parts = cap <= SIZE_MAX / sizeof *parts ? jm_mem_realloc(&o->mem.mem, o->parts, cap * sizeof *parts)
                                                          : NULL;
        if (!parts) {
            dl->failed = true;
            dl->depth_lost++;
            return -1;
        }
        o->parts = parts;
        o->cap_parts = cap;
    }
    const char *given[JM_DATA_COUNT] = {
#define JM_DATA(NAME, attr, field) d.field,
#define JM_PART(NAME, cls, attrs)
#include "layout/classes.def"
#undef JM_DATA
#undef JM_PART
    };
    jm_part *p = &o->parts[o->n_parts];
    *p = (jm_part){.cls = c, .parent = parent, .depth = depth};
    for (int k = 0; k < JM_DATA_COUNT; k++)
        p->data[k] = given[k] ? given[k] : (jm_part_attrs(c) & (1u << k)) ? "" : NULL;
    dl->part = (int)o->n_parts++;
    return dl->part;
}

void jm_dl_part_end(jm_dl *dl)
{
    if (dl->depth_lost) { /* the begin that was refused */
        dl->depth_lost--;
        return;
    }
    if (dl->part >= 0 && (size_t)dl->part < dl->out->n_parts) dl->part = dl->out->parts[dl->part].parent;
}

int jm_dl_part_resume(jm_dl *dl, int ix)
{
    if (ix < 0 || (size_t)ix >= dl->out->n_parts || dl->out->parts[ix].parent != dl->part) {
        dl->depth_lost++;
        return -1;
    }
    dl->part = ix;
    return ix;
}

const char *jm_dl_decimal(jm_dl *dl, double v)
{
    if (!isfinite(v)) return "";
    char out[JM_PLAIN_DECIMAL];
    jm_plain_decimal(v, out);
    return jm_dl_sprintf(dl, "%s", out);
}

/* ---- layers ---- */

jm_layer jm_dl_under(const jm_dl *dl, jm_group g)
{
    size_t n = dl->out->n_items;
    return (jm_layer){g.start < n ? g.start : n, n};
}

static void reverse(jm_item *items, size_t a, size_t b) /* [a, b) */
{
    while (a + 1 < b) {
        jm_item t = items[a];
        items[a++] = items[--b];
        items[b] = t;
    }
}

void jm_dl_end_under(jm_dl *dl, jm_layer l)
{
    size_t n = dl->out->n_items;
    if (l.from > n) l.from = n;
    if (l.at >= l.from || l.from == n) return;
    /* [at, from) [from, n) -> [from, n) [at, from): a rotation by three reversals */
    reverse(dl->out->items, l.at, l.from);
    reverse(dl->out->items, l.from, n);
    reverse(dl->out->items, l.at, n);
    dl->epoch++;
}
