#include "layout.h"

#include <math.h>

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif
#include <stdlib.h>
#include <string.h>

#include "icons.h"
#include "theme.h"
#include "utf8.h"

/* Geometry, in units (px at scale 1). */
#define MARGIN 40.0
#define LABEL_W 150.0
#define COL_W 200.0
#define PAD 10.0
#define CARD_INSET 6.0
#define MIN_CONTENT_W 900.0
#define PERSONA_W 300.0
#define GAP 16.0
#define POINT_R 5.5
#define MOMENT_R 10.0
#define ICON 18.0
#define MARKER 14.0      /* bullet marker column */
#define TICK_W 28.0      /* scale numbers beside the emotion band */

typedef struct column {
    const jm_touchpoint *tp;    /* NULL for an empty stage's column */
    size_t stage;
    double x;                   /* left edge */
} column;

typedef struct lay {
    jm_layout *out;
    jm_text_ctx *tx;
    const jmap_journey *j;
    const jm_theme *t;
    int persona;                /* -1 for every persona */
    column *cols;
    size_t n_cols;
    size_t *stage_first, *stage_count;
    double grid_x, grid_w, page_w, content_w;
    jm_font f_title, f_desc, f_stage, f_goal, f_label, f_body, f_bold, f_small, f_quote, f_value, f_persona;
    bool oom;
} lay;

/* ---- items ---- */

static jm_item *add(lay *L, jm_item_kind kind, jm_role role)
{
    jm_layout *o = L->out;
    if (o->n_items == o->cap_items) {
        size_t cap = o->cap_items ? o->cap_items * 2 : 256;
        jm_item *items = realloc(o->items, cap * sizeof *items);
        if (!items) { L->oom = true; return NULL; }
        o->items = items;
        o->cap_items = cap;
    }
    jm_item *it = &o->items[o->n_items++];
    memset(it, 0, sizeof *it);
    it->kind = kind;
    it->role = role;
    it->persona = -1;
    return it;
}

static jm_item *rect(lay *L, jm_role role, jm_box b, jm_rgb fill, float fill_alpha, double radius)
{
    jm_item *it = add(L, JM_ITEM_RECT, role);
    if (!it) return NULL;
    it->box = b;
    it->fill = fill;
    it->fill_alpha = fill_alpha;
    it->radius = radius;
    return it;
}

static void outline(jm_item *it, jm_rgb stroke, float alpha, double width)
{
    if (!it) return;
    it->stroke = stroke;
    it->stroke_alpha = alpha;
    it->line_width = width;
}

/* Lays out text at (x, y) wrapped to w; returns its height. */
static double text(lay *L, jm_role role, const char *s, size_t len, const jm_font *f, double x, double y, double w,
                   jm_align align, jm_rgb color)
{
    if (!s || !len) return 0;
    jm_item *it = add(L, JM_ITEM_TEXT, role);
    if (!it) return 0;
    it->text = jm_text_layout(L->tx, s, len, f, w, align);
    double h;
    jm_text_size(it->text, NULL, &h);
    it->box = (jm_box){x, y, w, h};
    it->cell = it->box;
    it->fill = color;
    it->fill_alpha = 1;
    return h;
}

static double text_z(lay *L, jm_role role, const char *s, const jm_font *f, double x, double y, double w,
                     jm_align align, jm_rgb color)
{
    return text(L, role, s, s ? strlen(s) : 0, f, x, y, w, align, color);
}

static jm_item *path(lay *L, jm_role role, size_t n)
{
    jm_item *it = add(L, JM_ITEM_PATH, role);
    if (!it) return NULL;
    it->segs = jm_alloc(&L->out->arena, (n ? n : 1) * sizeof(jm_seg));
    if (!it->segs) { L->oom = true; L->out->n_items--; return NULL; }
    return it;
}

static void seg(jm_item *it, jm_seg_kind k, double x, double y)
{
    jm_seg *s = &it->segs[it->n_segs++];
    s->kind = k;
    s->x = x;
    s->y = y;
}

static void bbox_of(jm_item *it)
{
    double x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY;
    for (size_t i = 0; i < it->n_segs; i++) {
        const jm_seg *s = &it->segs[i];
        if (s->kind == JM_SEG_CLOSE) continue;
        double xs[3] = {s->x, s->x1, s->x2}, ys[3] = {s->y, s->y1, s->y2};
        int n = s->kind == JM_SEG_CURVE ? 3 : 1;
        for (int k = 0; k < n; k++) {
            if (xs[k] < x0) x0 = xs[k];
            if (xs[k] > x1) x1 = xs[k];
            if (ys[k] < y0) y0 = ys[k];
            if (ys[k] > y1) y1 = ys[k];
        }
    }
    if (x0 > x1) x0 = x1 = y0 = y1 = 0;
    it->box = (jm_box){x0, y0, x1 - x0, y1 - y0};
}

/* A circle as four cubic curves. */
static void circle_segs(jm_item *it, double cx, double cy, double r)
{
    const double k = 0.5522847498 * r;
    seg(it, JM_SEG_MOVE, cx + r, cy);
    jm_seg *s;
    double pts[4][6] = {
        {cx + r, cy + k, cx + k, cy + r, cx, cy + r},
        {cx - k, cy + r, cx - r, cy + k, cx - r, cy},
        {cx - r, cy - k, cx - k, cy - r, cx, cy - r},
        {cx + k, cy - r, cx + r, cy - k, cx + r, cy},
    };
    for (int i = 0; i < 4; i++) {
        s = &it->segs[it->n_segs++];
        s->kind = JM_SEG_CURVE;
        s->x1 = pts[i][0]; s->y1 = pts[i][1];
        s->x2 = pts[i][2]; s->y2 = pts[i][3];
        s->x = pts[i][4]; s->y = pts[i][5];
    }
    seg(it, JM_SEG_CLOSE, 0, 0);
}

static jm_item *circle(lay *L, jm_role role, double cx, double cy, double r, jm_rgb fill)
{
    jm_item *it = path(L, role, 6);
    if (!it) return NULL;
    circle_segs(it, cx, cy, r);
    it->fill = fill;
    it->fill_alpha = 1;
    bbox_of(it);
    return it;
}

static jm_item *star(lay *L, jm_role role, double cx, double cy, double r, jm_rgb fill)
{
    jm_item *it = path(L, role, 11);
    if (!it) return NULL;
    for (int i = 0; i < 10; i++) {
        double a = -M_PI / 2 + i * M_PI / 5, rr = i % 2 ? r * 0.45 : r;
        seg(it, i ? JM_SEG_LINE : JM_SEG_MOVE, cx + rr * cos(a), cy + rr * sin(a));
    }
    seg(it, JM_SEG_CLOSE, 0, 0);
    it->fill = fill;
    it->fill_alpha = 1;
    bbox_of(it);
    return it;
}

static jm_item *line(lay *L, jm_role role, double x0, double y0, double x1, double y1, jm_rgb color, double width)
{
    jm_item *it = path(L, role, 2);
    if (!it) return NULL;
    seg(it, JM_SEG_MOVE, x0, y0);
    seg(it, JM_SEG_LINE, x1, y1);
    outline(it, color, 1, width);
    bbox_of(it);
    return it;
}

static void icon(lay *L, int id, double x, double y, double size, jm_rgb color)
{
    const jm_icon *ic = jm_icon_get(id);
    const char *parts[2] = {ic->stroke, ic->fill};
    for (int p = 0; p < 2; p++) {
        int n = jm_icon_segments(parts[p], x, y, size, NULL, 0);
        if (n <= 0) continue;
        jm_item *it = path(L, JM_ROLE_ICON, (size_t)n);
        if (!it) return;
        it->n_segs = (size_t)jm_icon_segments(parts[p], x, y, size, it->segs, n);
        if (p == 0) outline(it, color, 1, size / 12.0);
        else { it->fill = color; it->fill_alpha = 1; }
        it->round = true;
        bbox_of(it);
    }
}

/* Moves items [from, n) down by dy; texts without a final cell get `cell`. */
static void shift(lay *L, size_t from, double dy)
{
    for (size_t i = from; i < L->out->n_items; i++) {
        jm_item *it = &L->out->items[i];
        it->box.y += dy;
        it->cell.y += dy;
        for (size_t k = 0; k < it->n_segs; k++) {
            it->segs[k].y += dy;
            it->segs[k].y1 += dy;
            it->segs[k].y2 += dy;
        }
    }
}

/* Gives texts [from, n) that still have their own box as cell the box c. */
static void set_cells(lay *L, size_t from, jm_box c)
{
    for (size_t i = from; i < L->out->n_items; i++) {
        jm_item *it = &L->out->items[i];
        if (it->kind == JM_ITEM_TEXT) it->cell = c;
    }
}

/* Moves items [from, n) before the items [at, from): they are painted first. */
static void send_back(lay *L, size_t at, size_t from)
{
    size_t n_back = L->out->n_items - from, n_front = from - at;
    if (!n_back || !n_front) return;
    jm_item *tmp = malloc(n_back * sizeof *tmp);
    if (!tmp) return;
    memcpy(tmp, &L->out->items[from], n_back * sizeof *tmp);
    memmove(&L->out->items[at + n_back], &L->out->items[at], n_front * sizeof *tmp);
    memcpy(&L->out->items[at], tmp, n_back * sizeof *tmp);
    free(tmp);
}

/* ---- colours ---- */

static jm_rgb stage_color(const lay *L, size_t s)
{
    return L->t->stage_colors[s % (L->t->n_stage_colors ? L->t->n_stage_colors : 1)];
}

static jm_rgb score_color(const lay *L, double v)
{
    double t = (v - L->j->scale_lo) / (L->j->scale_hi - L->j->scale_lo);
    if (t < 0.5) return jm_mix(L->t->negative, L->t->neutral, t * 2);
    return jm_mix(L->t->neutral, L->t->positive, (t - 0.5) * 2);
}

/* The first persona's curve is solid; the others are dashed, each its own way. */
static int persona_dash(int p)
{
    static const int dashes[] = {JM_DASH_NONE, JM_DASH_LONG, JM_DASH_DOT, JM_DASH_DASH_DOT};
    return p <= 0 ? JM_DASH_NONE : dashes[p % 4];
}

static jm_rgb persona_color(const lay *L, int p)
{
    if (p < 0 || L->j->n_personas == 0) return L->t->text;
    return L->j->personas[p].rgb;
}

/* ---- fonts ---- */

static void fonts(lay *L)
{
    const char *fam = L->t->font;
    double s = L->t->font_size;
    /* A short type scale: eight faces in all. Each distinct size, weight
     * and style costs a fontconfig sort (about 1.5 ms) and its own set of
     * glyph outlines in an SVG (docs/platform-notes.md). */
    L->f_title = (jm_font){fam, s * 2.2, true, false, 0};
    L->f_desc = (jm_font){fam, s * 1.15, false, false, 0};
    L->f_stage = (jm_font){fam, s * 1.25, true, false, 0};
    L->f_goal = (jm_font){fam, s, false, true, 0};
    L->f_label = (jm_font){fam, s * 0.8, true, false, s * 0.06};
    L->f_body = (jm_font){fam, s, false, false, 0};
    L->f_bold = (jm_font){fam, s * 1.05, true, false, 0};
    L->f_small = (jm_font){fam, s * 0.85, false, false, 0};
    L->f_quote = L->f_goal;
    L->f_value = L->f_stage;
    L->f_persona = L->f_stage;
}

/* ---- columns ---- */

static bool shown(const lay *L, const jm_touchpoint *tp)
{
    return L->persona < 0 || !tp->has_persona || tp->has_persona[L->persona];
}

static size_t count_columns(const lay *L)
{
    const jmap_journey *j = L->j;
    size_t n = 0;
    for (size_t s = 0; s < j->n_stages; s++) {
        size_t k = 0;
        for (size_t i = 0; i < j->stages[s].n_touchpoints; i++) k += shown(L, &j->stages[s].touchpoints[i]);
        n += k ? k : 1;
    }
    return n;
}

double jm_layout_min_width(const jmap_journey *j, const jm_layout_options *opt)
{
    lay L = {.j = j, .persona = opt ? opt->persona : -1};
    if (L.persona >= (int)j->n_personas) L.persona = -1;
    return 2 * MARGIN + LABEL_W + (double)count_columns(&L) * COL_W;
}

static bool columns(lay *L)
{
    const jmap_journey *j = L->j;
    size_t n = count_columns(L);
    L->cols = jm_alloc(&L->out->arena, (n ? n : 1) * sizeof *L->cols);
    L->stage_first = jm_alloc(&L->out->arena, (j->n_stages + 1) * sizeof(size_t));
    L->stage_count = jm_alloc(&L->out->arena, (j->n_stages + 1) * sizeof(size_t));
    if (!L->cols || !L->stage_first || !L->stage_count) return false;
    L->grid_x = MARGIN + LABEL_W;
    for (size_t s = 0; s < j->n_stages; s++) {
        L->stage_first[s] = L->n_cols;
        for (size_t i = 0; i < j->stages[s].n_touchpoints; i++) {
            const jm_touchpoint *tp = &j->stages[s].touchpoints[i];
            if (!shown(L, tp)) continue;
            L->cols[L->n_cols++] = (column){tp, s, 0};
        }
        if (L->n_cols == L->stage_first[s]) L->cols[L->n_cols++] = (column){NULL, s, 0};
        L->stage_count[s] = L->n_cols - L->stage_first[s];
    }
    for (size_t c = 0; c < L->n_cols; c++) L->cols[c].x = L->grid_x + (double)c * COL_W;
    L->grid_w = (double)L->n_cols * COL_W;
    L->content_w = LABEL_W + L->grid_w;
    if (L->content_w < MIN_CONTENT_W) L->content_w = MIN_CONTENT_W;
    L->page_w = L->content_w + 2 * MARGIN;
    return true;
}

/* ---- title and personas ---- */

static double title_block(lay *L, double y)
{
    const jmap_journey *j = L->j;
    y += text(L, JM_ROLE_TITLE, j->title.s, j->title.len, &L->f_title, MARGIN, y, L->content_w, JM_ALIGN_START,
              L->t->text);
    if (j->description.s && j->description.len) {
        y += 6;
        y += text(L, JM_ROLE_DESCRIPTION, j->description.s, j->description.len, &L->f_desc, MARGIN, y,
                  L->content_w, JM_ALIGN_START, L->t->muted);
    }
    if (L->persona >= 0) {
        y += 6;
        char *s = jm_sprintf(&L->out->arena, "Persona view: %s", j->personas[L->persona].name.s);
        y += text_z(L, JM_ROLE_DESCRIPTION, s, &L->f_small, MARGIN, y, L->content_w, JM_ALIGN_START, L->t->muted);
    }
    return y;
}

/* The text in quotation marks of its own script: «...» for right-to-left
 * text, “...” otherwise; as it is when it already starts with a quote. */
static const char *quoted(lay *L, const char *s, size_t len)
{
    if (strncmp(s, "\xe2\x80\x9c", 3) == 0 || strncmp(s, "\xc2\xab", 2) == 0 || s[0] == '"' || s[0] == '\'')
        return s;
    bool rtl = jm_first_strong(s, len) == JM_STRONG_RTL;
    return jm_sprintf(&L->out->arena, rtl ? "\xc2\xab%s\xc2\xbb" : "\xe2\x80\x9c%s\xe2\x80\x9d", s);
}

static void bullet_dot(lay *L, double x, double y, jm_rgb color)
{
    circle(L, JM_ROLE_DECOR, x + 3, y, 2.5, color);
}

/* One persona card's content at (x, y); returns its height. */
static double persona_card(lay *L, const jm_persona *p, double x, double y)
{
    const double inner = PERSONA_W - 2 * GAP - 6;
    double cx = x + 6 + GAP, cy = y + GAP;
    const jm_theme *t = L->t;
    cy += text(L, JM_ROLE_PERSONA, p->name.s, p->name.len, &L->f_persona, cx, cy, inner, JM_ALIGN_START, t->text);
    /* role · age N · occupation · family, the dots kept with the word before them */
    const jm_str *meta[4] = {&p->role, &p->age, &p->occupation, &p->family};
    char *line = "";
    for (int i = 0; i < 4; i++) {
        const jm_str *m = meta[i];
        if (!m->s || !m->len) continue;
        line = jm_sprintf(&L->out->arena, "%s%s%s%s", line, *line ? "\xc2\xa0\xc2\xb7 " : "", i == 1 ? "age " : "",
                          m->s);
        if (!line) return 0;
    }
    if (*line) {
        cy += 4;
        cy += text_z(L, JM_ROLE_PERSONA, line, &L->f_small, cx, cy, inner, JM_ALIGN_START, t->muted);
    }
    const jm_list *lists[3] = {&p->goals, &p->needs, &p->frustrations};
    static const char *const heads[3] = {"GOALS", "NEEDS", "FRUSTRATIONS"};
    for (int i = 0; i < 3; i++) {
        if (!lists[i]->n) continue;
        cy += 12;
        cy += text_z(L, JM_ROLE_PERSONA, heads[i], &L->f_label, cx, cy, inner, JM_ALIGN_START, t->muted) + 3;
        for (size_t k = 0; k < lists[i]->n; k++) {
            const jm_str *s = &lists[i]->items[k];
            double h = text(L, JM_ROLE_PERSONA, s->s, s->len, &L->f_small, cx + 12, cy, inner - 12, JM_ALIGN_START,
                            t->text);
            bullet_dot(L, cx, cy + L->f_small.size * 0.7, i == 2 ? t->pain : p->rgb);
            cy += h + 2;
        }
    }
    if (p->quote.s && p->quote.len) {
        cy += 12;
        cy += text_z(L, JM_ROLE_PERSONA, quoted(L, p->quote.s, p->quote.len), &L->f_quote, cx, cy, inner,
                     JM_ALIGN_START, t->text);
    }
    return cy + GAP - y;
}

static double personas(lay *L, double y)
{
    const jmap_journey *j = L->j;
    if (!j->n_personas) return y;
    y += 24;
    size_t per_row = (size_t)((L->content_w + GAP) / (PERSONA_W + GAP));
    if (per_row < 1) per_row = 1;
    size_t shown_n = 0;
    for (size_t p0 = 0; p0 < j->n_personas; p0 += per_row) {
        size_t start = L->out->n_items;
        double row_h = 0;
        size_t k = 0;
        size_t card_items[64];
        size_t n_cards = 0;
        for (size_t p = p0; p < j->n_personas && p < p0 + per_row; p++) {
            if (L->persona >= 0 && (size_t)L->persona != p) continue;
            double x = MARGIN + (double)k * (PERSONA_W + GAP);
            /* the card and its colour bar first, sized when the row's height is known */
            if (n_cards < 32) {
                card_items[n_cards * 2] = L->out->n_items;
                jm_item *bg = rect(L, JM_ROLE_DECOR, (jm_box){x, 0, PERSONA_W, 0}, L->t->surface, 1, 10);
                outline(bg, L->t->line, 1, 1);
                card_items[n_cards * 2 + 1] = L->out->n_items;
                rect(L, JM_ROLE_DECOR, (jm_box){x, 0, 6, 0}, j->personas[p].rgb, 1, 3);
                n_cards++;
            }
            double h = persona_card(L, &j->personas[p], x, 0);
            if (h > row_h) row_h = h;
            k++;
            shown_n++;
        }
        for (size_t c = 0; c < n_cards; c++) {
            L->out->items[card_items[c * 2]].box.h = row_h;
            L->out->items[card_items[c * 2 + 1]].box.h = row_h;
        }
        if (k) {
            shift(L, start, y);
            y += row_h + GAP;
        }
    }
    (void)shown_n;
    return y - GAP;
}

/* ---- the grid ---- */

static jm_box col_box(const lay *L, size_t c) { return (jm_box){L->cols[c].x, 0, COL_W, 0}; }

static jm_box stage_box(const lay *L, size_t s)
{
    double x = L->cols[L->stage_first[s]].x;
    return (jm_box){x, 0, (double)L->stage_count[s] * COL_W, 0};
}

static double stage_headers(lay *L, double y)
{
    const jmap_journey *j = L->j;
    size_t start = L->out->n_items;
    double band_h = 0, goal_h = 0;
    /* measure: names and goals at y = 0 */
    size_t *name_ix = jm_alloc(&L->out->arena, (j->n_stages + 1) * sizeof(size_t) * 2);
    if (!name_ix) return y;
    for (size_t s = 0; s < j->n_stages; s++) {
        jm_box b = stage_box(L, s);
        name_ix[s * 2] = L->out->n_items;
        jm_rgb on = jm_text_on(stage_color(L, s), L->t);
        double h = text(L, JM_ROLE_STAGE, j->stages[s].name.s, j->stages[s].name.len, &L->f_stage, b.x + 3 + PAD,
                        PAD, b.w - 6 - 2 * PAD, JM_ALIGN_START, on);
        if (h + 2 * PAD > band_h) band_h = h + 2 * PAD;
        name_ix[s * 2 + 1] = L->out->n_items;
        const jm_str *g = &j->stages[s].goal;
        if (g->s && g->len) {
            double gh = text(L, JM_ROLE_STAGE, g->s, g->len, &L->f_goal, b.x + 3 + PAD, 0, b.w - 6 - 2 * PAD,
                             JM_ALIGN_START, L->t->text);
            if (gh + 2 * PAD > goal_h) goal_h = gh + 2 * PAD;
        }
    }
    /* goals sit under the tallest name band */
    for (size_t s = 0; s < j->n_stages; s++) {
        size_t gi = name_ix[s * 2 + 1];
        size_t end = s + 1 < j->n_stages ? name_ix[(s + 1) * 2] : L->out->n_items;
        for (size_t i = gi; i < end; i++) {
            L->out->items[i].box.y = band_h + PAD;
            L->out->items[i].cell.y = band_h + PAD;
        }
    }
    /* backgrounds behind: inserted now, painted first by moving them to the front of the range */
    size_t text_end = L->out->n_items;
    for (size_t s = 0; s < j->n_stages; s++) {
        jm_box b = stage_box(L, s);
        jm_rgb c = stage_color(L, s);
        if (goal_h > 0) rect(L, JM_ROLE_DECOR, (jm_box){b.x + 3, 0, b.w - 6, band_h + goal_h}, c, 0.14f, 8);
        rect(L, JM_ROLE_DECOR, (jm_box){b.x + 3, 0, b.w - 6, band_h}, c, 1, 8);
    }
    /* rotate backgrounds before the texts */
    size_t n_bg = L->out->n_items - text_end, n_tx = text_end - start;
    jm_item *tmp = malloc((n_bg + n_tx) * sizeof *tmp);
    if (tmp) {
        memcpy(tmp, &L->out->items[text_end], n_bg * sizeof *tmp);
        memcpy(tmp + n_bg, &L->out->items[start], n_tx * sizeof *tmp);
        memcpy(&L->out->items[start], tmp, (n_bg + n_tx) * sizeof *tmp);
        free(tmp);
    }
    for (size_t s = 0; s < j->n_stages; s++) {
        (void)s;
    }
    set_cells(L, start, (jm_box){0, 0, 0, 0});
    /* each stage text's cell is its header box */
    for (size_t i = start; i < L->out->n_items; i++) {
        jm_item *it = &L->out->items[i];
        if (it->kind != JM_ITEM_TEXT) continue;
        it->cell = (jm_box){it->box.x - PAD, 0, it->box.w + 2 * PAD, band_h + goal_h};
    }
    shift(L, start, y);
    return y + band_h + goal_h;
}

static const char *lane_title(jm_lane l)
{
    static const char *const titles[JM_LANE_COUNT] = {"TOUCHPOINTS", "DOING", "THINKING", "EMOTIONS", "PAIN POINTS",
                                                     "OPPORTUNITIES", "BACKSTAGE", "OWNER", "METRICS"};
    return titles[l];
}

/* Bullets with a marker; returns the height. */
static double bullets(lay *L, const jm_list *list, double x, double y, double w, jm_lane lane)
{
    double h0 = y;
    for (size_t i = 0; i < list->n; i++) {
        const jm_str *s = &list->items[i];
        double h = text(L, JM_ROLE_CELL, s->s, s->len, &L->f_body, x + MARKER + 4, y, w - MARKER - 4,
                        JM_ALIGN_START, L->t->text);
        double my = y + L->f_body.size * 0.72;
        if (lane == JM_LANE_PAINS) {
            circle(L, JM_ROLE_DECOR, x + 6, my, 5.5, L->t->pain);
            line(L, JM_ROLE_DECOR, x + 3.5, my, x + 8.5, my, L->t->background, 1.6);
        } else if (lane == JM_LANE_OPPORTUNITIES) {
            circle(L, JM_ROLE_DECOR, x + 6, my, 5.5, L->t->opportunity);
            line(L, JM_ROLE_DECOR, x + 3.5, my, x + 8.5, my, L->t->background, 1.6);
            line(L, JM_ROLE_DECOR, x + 6, my - 2.5, x + 6, my + 2.5, L->t->background, 1.6);
        } else {
            jm_item *sq = rect(L, JM_ROLE_DECOR, (jm_box){x + 2, my - 4, 8, 8}, L->t->muted, 0, 1.5);
            outline(sq, L->t->muted, 1, 1.4);
        }
        y += h + (i + 1 < list->n ? 6 : 0);
    }
    return y - h0;
}

static double card(lay *L, size_t c, double y)
{
    const column *col = &L->cols[c];
    const jm_touchpoint *tp = col->tp;
    const jm_theme *t = L->t;
    double x = col->x + CARD_INSET, w = COL_W - 2 * CARD_INSET, inner = w - 2 * 12;
    size_t bg = L->out->n_items;
    jm_item *card_rect = rect(L, JM_ROLE_CARD, (jm_box){x, y, w, 0}, t->surface, 1, 8);
    outline(card_rect, tp->moment ? t->text : t->line, 1, tp->moment ? 1.5 : 1);
    double cy = y + 12;
    double badge = tp->moment ? 22 : 0;
    if (tp->channel_ix >= 0) {
        const jm_channel *ch = &L->j->channels[tp->channel_ix];
        icon(L, ch->icon_id, x + 12, cy, ICON, t->muted);
        double h = text(L, JM_ROLE_CELL, ch->name.s, ch->name.len, &L->f_small, x + 12 + ICON + 6, cy + 1,
                        inner - ICON - 6 - badge, JM_ALIGN_START, t->muted);
        cy += (h > ICON ? h : ICON) + 6;
    } else if (tp->moment) {
        cy += ICON + 6;
    }
    if (tp->moment) star(L, JM_ROLE_MOMENT, x + w - 12 - 8, y + 12 + 8, 8, t->text);
    cy += text(L, JM_ROLE_CELL, tp->name.s, tp->name.len, &L->f_bold, x + 12, cy, inner, JM_ALIGN_START, t->text);
    cy += 12;
    L->out->items[bg].box.h = cy - y;
    return cy - y;
}

static double text_cell(lay *L, size_t c, jm_lane lane, double y)
{
    const jm_touchpoint *tp = L->cols[c].tp;
    double x = L->cols[c].x + PAD, w = COL_W - 2 * PAD;
    switch (lane) {
    case JM_LANE_DOING:
        return text(L, JM_ROLE_CELL, tp->doing.s, tp->doing.len, &L->f_body, x, y, w, JM_ALIGN_START, L->t->text);
    case JM_LANE_OWNER:
        return text(L, JM_ROLE_CELL, tp->owner.s, tp->owner.len, &L->f_body, x, y, w, JM_ALIGN_START, L->t->text);
    case JM_LANE_THINKING: {
        if (!tp->thinking.s || !tp->thinking.len) return 0;
        const char *q = quoted(L, tp->thinking.s, tp->thinking.len);
        if (!q) return 0;
        size_t bg = L->out->n_items;
        jm_item *bubble = rect(L, JM_ROLE_DECOR, (jm_box){x - 4, y - 4, w + 8, 0}, L->t->surface, 1, 8);
        outline(bubble, L->t->line, 1, 1);
        double h = text_z(L, JM_ROLE_CELL, q, &L->f_quote, x + 4, y + 4, w - 8, JM_ALIGN_START, L->t->text);
        L->out->items[bg].box.h = h + 16;
        return h + 8;
    }
    case JM_LANE_PAINS: return bullets(L, &tp->pains, x, y, w, lane);
    case JM_LANE_OPPORTUNITIES: return bullets(L, &tp->opportunities, x, y, w, lane);
    case JM_LANE_BACKSTAGE: return bullets(L, &tp->backstage, x, y, w, lane);
    default: return 0;
    }
}

static double metrics_cell(lay *L, size_t s, double y)
{
    const jm_stage *st = &L->j->stages[s];
    jm_box b = stage_box(L, s);
    double x0 = b.x + PAD, maxw = b.w - 2 * PAD, x = x0, row_h = 0, y0 = y;
    for (size_t i = 0; i < st->n_metrics; i++) {
        const jm_metric *m = &st->metrics[i];
        double nw = jm_text_natural_width(L->tx, m->name.s, m->name.len, &L->f_small);
        double vw = jm_text_natural_width(L->tx, m->value.s, m->value.len, &L->f_value);
        double cw = (nw > vw ? nw : vw) + 2 * 10 + 1;
        if (cw < 64) cw = 64;
        if (cw > maxw) cw = maxw;
        if (x > x0 && x + cw > x0 + maxw) {
            x = x0;
            y += row_h + 8;
            row_h = 0;
        }
        size_t bg = L->out->n_items;
        jm_item *chip = rect(L, JM_ROLE_DECOR, (jm_box){x, y, cw, 0}, L->t->surface, 1, 6);
        outline(chip, L->t->line, 1, 1);
        double h = 8;
        h += text(L, JM_ROLE_METRIC, m->name.s, m->name.len, &L->f_small, x + 10, y + h, cw - 20, JM_ALIGN_START,
                  L->t->muted);
        h += 2;
        h += text(L, JM_ROLE_METRIC, m->value.s, m->value.len, &L->f_value, x + 10, y + h, cw - 20, JM_ALIGN_START,
                  L->t->text);
        h += 8;
        L->out->items[bg].box.h = h;
        /* each chip's texts stay inside the chip */
        for (size_t k = bg + 1; k < L->out->n_items; k++)
            if (L->out->items[k].kind == JM_ITEM_TEXT) L->out->items[k].cell = (jm_box){x, y, cw, h};
        if (h > row_h) row_h = h;
        x += cw + 8;
    }
    return st->n_metrics ? y + row_h - y0 : 0;
}

/* The y of a score inside the band [top, top + h]. */
static double score_y(const lay *L, double v, double top, double h)
{
    double t = (v - L->j->scale_lo) / (L->j->scale_hi - L->j->scale_lo);
    return top + h - t * h;
}

static double mean_score(const lay *L, const jm_touchpoint *tp, bool *any)
{
    double sum = 0;
    int n = 0;
    size_t np = L->j->n_personas ? L->j->n_personas : 1;
    for (size_t p = 0; p < np; p++) {
        if (L->persona >= 0 && (size_t)L->persona != p) continue;
        if (!isnan(tp->emotion[p])) { sum += tp->emotion[p]; n++; }
    }
    *any = n > 0;
    return n ? sum / n : (L->j->scale_lo + L->j->scale_hi) / 2;
}

/* Monotone cubic (Fritsch-Carlson) through the points: never overshoots. */
static void curve(lay *L, const double *xs, const double *ys, size_t n, jm_rgb color, int persona)
{
    if (n < 2) return;
    jm_item *it = path(L, JM_ROLE_CURVE, n + 1);
    double *m = malloc(n * sizeof *m), *d = malloc(n * sizeof *d);
    if (!it || !m || !d) { free(m); free(d); return; }
    for (size_t i = 0; i + 1 < n; i++) d[i] = (ys[i + 1] - ys[i]) / (xs[i + 1] - xs[i]);
    m[0] = d[0];
    m[n - 1] = d[n - 2];
    for (size_t i = 1; i + 1 < n; i++) m[i] = d[i - 1] * d[i] <= 0 ? 0 : (d[i - 1] + d[i]) / 2;
    for (size_t i = 0; i + 1 < n; i++) {
        if (d[i] == 0) { m[i] = m[i + 1] = 0; continue; }
        double a = m[i] / d[i], b = m[i + 1] / d[i], r = a * a + b * b;
        if (r > 9) {
            double tau = 3 / sqrt(r);
            m[i] = tau * a * d[i];
            m[i + 1] = tau * b * d[i];
        }
    }
    seg(it, JM_SEG_MOVE, xs[0], ys[0]);
    for (size_t i = 0; i + 1 < n; i++) {
        double h = xs[i + 1] - xs[i];
        jm_seg *s = &it->segs[it->n_segs++];
        s->kind = JM_SEG_CURVE;
        s->x1 = xs[i] + h / 3;
        s->y1 = ys[i] + m[i] * h / 3;
        s->x2 = xs[i + 1] - h / 3;
        s->y2 = ys[i + 1] - m[i + 1] * h / 3;
        s->x = xs[i + 1];
        s->y = ys[i + 1];
    }
    free(m);
    free(d);
    outline(it, color, 1, 2.5);
    it->round = true;
    it->persona = persona;
    it->dash = persona_dash(persona);
    bbox_of(it);
}

static double emotions_lane(lay *L, double y)
{
    const jmap_journey *j = L->j;
    const jm_theme *t = L->t;
    /* the tallest feeling decides how much room labels need above and below points */
    double fw = COL_W - 2 * PAD, feel_h = 0;
    for (size_t c = 0; c < L->n_cols; c++) {
        const jm_touchpoint *tp = L->cols[c].tp;
        if (!tp || !tp->feeling.s || !tp->feeling.len) continue;
        PangoLayout *pl = jm_text_layout(L->tx, tp->feeling.s, tp->feeling.len, &L->f_small, fw, JM_ALIGN_CENTER);
        double h;
        jm_text_size(pl, NULL, &h);
        g_object_unref(pl);
        if (h > feel_h) feel_h = h;
    }
    double room = feel_h > 0 ? feel_h + MOMENT_R + 8 : MOMENT_R;
    double band_h = 2 * room + 24;
    if (band_h < 150) band_h = 150;
    double top = y + PAD + MOMENT_R, bottom = top + band_h, mid = (top + bottom) / 2;

    /* the band: a faint wash above and below neutral, a dashed neutral line */
    jm_item *band = rect(L, JM_ROLE_BAND, (jm_box){L->grid_x, top, L->grid_w, band_h}, t->positive, 0, 0);
    (void)band;
    rect(L, JM_ROLE_DECOR, (jm_box){L->grid_x, top, L->grid_w, band_h / 2}, t->positive, 0.05f, 0);
    rect(L, JM_ROLE_DECOR, (jm_box){L->grid_x, mid, L->grid_w, band_h / 2}, t->negative, 0.05f, 0);
    jm_item *neutral = line(L, JM_ROLE_DECOR, L->grid_x, mid, L->grid_x + L->grid_w, mid, t->neutral, 1);
    if (neutral) neutral->dash = JM_DASH_RULE;
    /* scale numbers beside the band */
    double ticks[3] = {j->scale_hi, (j->scale_lo + j->scale_hi) / 2, j->scale_lo};
    for (int i = 0; i < 3; i++) {
        char *s = jm_sprintf(&L->out->arena, "%g", ticks[i]);
        double ty = score_y(L, ticks[i], top, band_h) - L->f_small.size * 0.65;
        text_z(L, JM_ROLE_LANE_LABEL, s, &L->f_small, L->grid_x - TICK_W - 4, ty, TICK_W, JM_ALIGN_END, t->muted);
    }

    /* curves, one per persona shown (or one for a map without personas) */
    size_t np = j->n_personas ? j->n_personas : 1;
    double *xs = malloc((L->n_cols + 1) * sizeof *xs), *ys = malloc((L->n_cols + 1) * sizeof *ys);
    if (!xs || !ys) { free(xs); free(ys); L->oom = true; return band_h; }
    for (size_t p = 0; p < np; p++) {
        if (L->persona >= 0 && (size_t)L->persona != p) continue;
        size_t n = 0;
        for (size_t c = 0; c < L->n_cols; c++) {
            const jm_touchpoint *tp = L->cols[c].tp;
            if (!tp || isnan(tp->emotion[p])) continue;
            xs[n] = L->cols[c].x + COL_W / 2;
            ys[n] = score_y(L, tp->emotion[p], top, band_h);
            n++;
        }
        jm_rgb color = j->n_personas ? persona_color(L, (int)p) : t->text;
        curve(L, xs, ys, n, color, j->n_personas ? (int)p : -1);
    }
    free(xs);
    free(ys);
    /* points, moments and feelings */
    for (size_t c = 0; c < L->n_cols; c++) {
        const jm_touchpoint *tp = L->cols[c].tp;
        if (!tp) continue;
        double cx = L->cols[c].x + COL_W / 2;
        for (size_t p = 0; p < np; p++) {
            if (L->persona >= 0 && (size_t)L->persona != p) continue;
            if (isnan(tp->emotion[p])) continue;
            double py = score_y(L, tp->emotion[p], top, band_h);
            jm_item *pt = circle(L, JM_ROLE_POINT, cx, py, POINT_R, score_color(L, tp->emotion[p]));
            if (pt) {
                outline(pt, t->background, 1, 2);
                pt->persona = j->n_personas ? (int)p : -1;
            }
        }
        bool any;
        double v = mean_score(L, tp, &any);
        double py = score_y(L, v, top, band_h);
        if (tp->moment) {
            jm_item *st = star(L, JM_ROLE_MOMENT, cx, py, MOMENT_R, any ? score_color(L, v) : t->neutral);
            outline(st, t->text, 1, 1.5);
        }
        if (tp->feeling.s && tp->feeling.len) {
            double r = tp->moment ? MOMENT_R : POINT_R;
            size_t at = L->out->n_items;
            jm_item *halo = rect(L, JM_ROLE_DECOR, (jm_box){0, 0, 0, 0}, t->background, 0.85f, 4);
            double h = text(L, JM_ROLE_FEELING, tp->feeling.s, tp->feeling.len, &L->f_small, L->cols[c].x + PAD, 0,
                            fw, JM_ALIGN_CENTER, t->text);
            double ly = v < (j->scale_lo + j->scale_hi) / 2 ? py - r - 6 - h : py + r + 6;
            if (halo && L->out->n_items > at + 1) {
                jm_item *label = &L->out->items[at + 1];
                label->box.y = ly;
                PangoRectangle ink;
                pango_layout_get_extents(label->text, NULL, &ink);
                double lw = (double)ink.width / PANGO_SCALE, lx = (double)ink.x / PANGO_SCALE;
                L->out->items[at].box = (jm_box){label->box.x + lx - 4, ly - 1, lw + 8, h + 2};
                label->cell = (jm_box){L->cols[c].x, top - MOMENT_R, COL_W, band_h + 2 * MOMENT_R};
            }
        }
    }
    return band_h + 2 * MOMENT_R;
}

static double lane_row(lay *L, jm_lane lane, double y)
{
    size_t start = L->out->n_items;
    double h = 0;
    /* the emotions lane keeps room for the scale numbers beside the band */
    const double label_w = lane == JM_LANE_EMOTIONS ? LABEL_W - PAD - TICK_W - 6 : LABEL_W - PAD;
    if (lane == JM_LANE_EMOTIONS) {
        h = emotions_lane(L, y) + 2 * PAD;
    } else {
        for (size_t c = 0; c < L->n_cols; c++) {
            if (lane == JM_LANE_METRICS) break;
            if (!L->cols[c].tp) continue;
            size_t from = L->out->n_items;
            double ch = lane == JM_LANE_TOUCHPOINTS ? card(L, c, PAD) : text_cell(L, c, lane, PAD);
            if (lane != JM_LANE_TOUCHPOINTS) set_cells(L, from, col_box(L, c));
            else set_cells(L, from, (jm_box){L->cols[c].x + CARD_INSET, PAD, COL_W - 2 * CARD_INSET, ch});
            if (ch + 2 * PAD > h) h = ch + 2 * PAD;
        }
        if (lane == JM_LANE_METRICS)
            for (size_t s = 0; s < L->j->n_stages; s++) {
                double mh = metrics_cell(L, s, PAD);
                if (mh + 2 * PAD > h) h = mh + 2 * PAD;
            }
        /* touchpoint cards stretch to the row */
        if (lane == JM_LANE_TOUCHPOINTS)
            for (size_t i = start; i < L->out->n_items; i++)
                if (L->out->items[i].role == JM_ROLE_CARD) L->out->items[i].box.h = h - 2 * PAD;
        shift(L, start, y);
    }
    size_t label_at = L->out->n_items;
    double lh = text_z(L, JM_ROLE_LANE_LABEL, lane_title(lane), &L->f_label, MARGIN, y + PAD + 2, label_w,
                       JM_ALIGN_START, L->t->muted);
    if (lh + 2 * PAD > h) h = lh + 2 * PAD;
    if (h < 44) h = 44;
    L->out->items[label_at].cell = (jm_box){MARGIN, y, label_w, h};
    /* cells of this row: their column and the row's height */
    for (size_t i = start; i < label_at; i++) {
        jm_item *it = &L->out->items[i];
        if (it->kind != JM_ITEM_TEXT || it->role == JM_ROLE_METRIC || it->role == JM_ROLE_LANE_LABEL ||
            it->role == JM_ROLE_FEELING)
            continue;
        if (lane == JM_LANE_TOUCHPOINTS) continue;
        it->cell.y = y;
        it->cell.h = h;
    }
    return h;
}

static void grid_decor(lay *L, double top, double bottom, const double *row_tops, size_t n_rows)
{
    const jm_theme *t = L->t;
    for (size_t s = 0; s < L->j->n_stages; s++) {
        jm_box b = stage_box(L, s);
        rect(L, JM_ROLE_DECOR, (jm_box){b.x + 3, top, b.w - 6, bottom - top}, stage_color(L, s), 0.035f, 0);
        if (s > 0) line(L, JM_ROLE_DECOR, b.x, top, b.x, bottom, t->line, 1);
    }
    for (size_t r = 0; r < n_rows; r++)
        line(L, JM_ROLE_DECOR, MARGIN, row_tops[r], L->grid_x + L->grid_w, row_tops[r], t->line, 1);
    line(L, JM_ROLE_DECOR, MARGIN, bottom, L->grid_x + L->grid_w, bottom, t->line, 1);
}

static double grid(lay *L, double y)
{
    const jmap_journey *j = L->j;
    y += 28;
    y = stage_headers(L, y) + 6;
    size_t grid_start = L->out->n_items;
    double top = y;
    double row_tops[JM_LANE_COUNT + 1];
    size_t n_rows = 0;
    for (size_t i = 0; i < j->n_lanes; i++) {
        jm_lane lane = j->lanes[i];
        if (lane == JM_LANE_BACKSTAGE) {
            /* the line of visibility: what the customer sees is above it */
            y += 6;
            jm_item *lv = line(L, JM_ROLE_DECOR, MARGIN, y + 14, L->grid_x + L->grid_w, y + 14, L->t->muted, 1.2);
            if (lv) lv->dash = JM_DASH_RULE;
            size_t at = L->out->n_items;
            double w = jm_text_natural_width(L->tx, "LINE OF VISIBILITY", 18, &L->f_label) + 2;
            double lh = text_z(L, JM_ROLE_LANE_LABEL, "LINE OF VISIBILITY", &L->f_label, L->grid_x + 14, y + 8, w,
                               JM_ALIGN_START, L->t->muted);
            rect(L, JM_ROLE_DECOR, (jm_box){L->grid_x + 8, y + 8 - 3, w + 12, lh + 6}, L->t->background, 1, 3);
            send_back(L, at, L->out->n_items - 1);
            y += 28;
        }
        row_tops[n_rows++] = y;
        y += lane_row(L, lane, y);
    }
    size_t decor_at = L->out->n_items;
    grid_decor(L, top, y, row_tops, n_rows);
    send_back(L, grid_start, decor_at);
    return y;
}

/* ---- legend ---- */

static double legend(lay *L, double y)
{
    const jmap_journey *j = L->j;
    const jm_theme *t = L->t;
    y += 28;
    size_t start = L->out->n_items;
    const double min_row = 22;
    double x = MARGIN, row_h = min_row, right = MARGIN + L->content_w;
    bool used[JM_CH_BUILTIN_COUNT + 256] = {false};
    bool any_moment = false, any_score = false;
    for (size_t c = 0; c < L->n_cols; c++) {
        const jm_touchpoint *tp = L->cols[c].tp;
        if (!tp) continue;
        if (tp->channel_ix >= 0 && (size_t)tp->channel_ix < sizeof used) used[tp->channel_ix] = true;
        any_moment |= tp->moment;
        size_t np = j->n_personas ? j->n_personas : 1;
        for (size_t p = 0; p < np; p++) any_score |= !isnan(tp->emotion[p]);
    }
#define ADVANCE(w)                                                                                                   \
    do {                                                                                                             \
        if (x > MARGIN && x + (w) > right) { x = MARGIN; y += row_h + 8; row_h = min_row; }                         \
    } while (0)
    bool lanes_emotions = false;
    for (size_t i = 0; i < j->n_lanes; i++) lanes_emotions |= j->lanes[i] == JM_LANE_EMOTIONS;
    bool lanes_cards = false;
    for (size_t i = 0; i < j->n_lanes; i++) lanes_cards |= j->lanes[i] == JM_LANE_TOUCHPOINTS;
    /* channels */
    bool head = false;
    for (size_t c = 0; c < j->n_channels && c < sizeof used; c++) {
        if (!used[c] || !lanes_cards) continue;
        if (!head) {
            double w = jm_text_natural_width(L->tx, "CHANNELS", 8, &L->f_label) + 12;
            ADVANCE(w);
            text_z(L, JM_ROLE_LEGEND, "CHANNELS", &L->f_label, x, y + 5, w - 11, JM_ALIGN_START, t->muted); /* the gap outside the box: it mirrors */
            x += w;
            head = true;
        }
        const jm_channel *ch = &j->channels[c];
        double tw = jm_text_natural_width(L->tx, ch->name.s, ch->name.len, &L->f_small) + 1;
        if (tw > 240) tw = 240;
        ADVANCE(ICON + 6 + tw + 18);
        icon(L, ch->icon_id, x, y + 2, ICON, t->muted);
        double th = text(L, JM_ROLE_LEGEND, ch->name.s, ch->name.len, &L->f_small, x + ICON + 6, y + 3, tw,
                         JM_ALIGN_START, t->text);
        if (th + 6 > row_h) row_h = th + 6;
        x += ICON + 6 + tw + 18;
    }
    if (head) x += 16;
    /* emotion scale */
    if (any_score && lanes_emotions) {
        double w = jm_text_natural_width(L->tx, "EMOTION", 7, &L->f_label) + 12;
        ADVANCE(w + 5 * 18 + 120);
        text_z(L, JM_ROLE_LEGEND, "EMOTION", &L->f_label, x, y + 5, w - 11, JM_ALIGN_START, t->muted); /* the gap outside the box: it mirrors */
        x += w;
        char *lo = jm_sprintf(&L->out->arena, "%g", j->scale_lo), *hi = jm_sprintf(&L->out->arena, "%g", j->scale_hi);
        double lw = jm_text_natural_width(L->tx, lo, strlen(lo), &L->f_small) + 1;
        text_z(L, JM_ROLE_LEGEND, lo, &L->f_small, x, y + 3, lw, JM_ALIGN_START, t->text);
        x += lw + 8;
        for (int i = 0; i < 5; i++) {
            double v = j->scale_lo + (j->scale_hi - j->scale_lo) * i / 4.0;
            jm_item *pt = circle(L, JM_ROLE_LEGEND, x + 7, y + 11, POINT_R, score_color(L, v));
            outline(pt, t->background, 1, 2);
            x += 18;
        }
        x += 4;
        double hw = jm_text_natural_width(L->tx, hi, strlen(hi), &L->f_small) + 1;
        text_z(L, JM_ROLE_LEGEND, hi, &L->f_small, x, y + 3, hw, JM_ALIGN_START, t->text);
        x += hw + 28;
    }
    if (any_moment) {
        const char *m = "Moment that matters";
        double tw = jm_text_natural_width(L->tx, m, strlen(m), &L->f_small) + 1;
        ADVANCE(24 + tw + 28);
        jm_item *st = star(L, JM_ROLE_LEGEND, x + 9, y + 11, 9, t->neutral);
        outline(st, t->text, 1, 1.5);
        text_z(L, JM_ROLE_LEGEND, m, &L->f_small, x + 24, y + 3, tw, JM_ALIGN_START, t->text);
        x += 24 + tw + 28;
    }
    /* personas' curves */
    if (j->n_personas && lanes_emotions)
        for (size_t p = 0; p < j->n_personas; p++) {
            if (L->persona >= 0 && (size_t)L->persona != p) continue;
            const jm_persona *pp = &j->personas[p];
            double tw = jm_text_natural_width(L->tx, pp->name.s, pp->name.len, &L->f_small) + 1;
            if (tw > 240) tw = 240;
            ADVANCE(28 + tw + 20);
            jm_item *ln = line(L, JM_ROLE_LEGEND, x, y + 11, x + 22, y + 11, pp->rgb, 2.5);
            if (ln) {
                ln->round = true;
                ln->dash = persona_dash((int)p);
            }
            double th = text(L, JM_ROLE_LEGEND, pp->name.s, pp->name.len, &L->f_small, x + 28, y + 3, tw,
                             JM_ALIGN_START, t->text);
            if (th + 6 > row_h) row_h = th + 6;
            x += 28 + tw + 20;
        }
#undef ADVANCE
    return L->out->n_items > start ? y + row_h : y - 28;
}

/* ---- direction ---- */

static void mirror(lay *L)
{
    double W = L->page_w;
    for (size_t i = 0; i < L->out->n_items; i++) {
        jm_item *it = &L->out->items[i];
        it->box.x = W - it->box.x - it->box.w;
        it->cell.x = W - it->cell.x - it->cell.w;
        for (size_t k = 0; k < it->n_segs; k++) {
            it->segs[k].x = W - it->segs[k].x;
            it->segs[k].x1 = W - it->segs[k].x1;
            it->segs[k].x2 = W - it->segs[k].x2;
        }
    }
}

jm_layout *jm_layout_journey(jm_text_ctx *tx, const jmap_journey *j, const jm_layout_options *opt)
{
    jm_layout *out = calloc(1, sizeof *out);
    if (!out) return NULL;
    jm_arena_init(&out->arena);
    lay L = {.out = out, .tx = tx, .j = j, .t = opt && opt->theme ? opt->theme : &j->theme};
    L.persona = opt ? opt->persona : -1;
    if (L.persona >= (int)j->n_personas) L.persona = -1;
    fonts(&L);
    if (!columns(&L)) {
        jm_layout_free(out);
        return NULL;
    }
    out->title = j->title.s;
    out->background = L.t->background;
    double y = MARGIN;
    y = title_block(&L, y);
    y = personas(&L, y);
    y = grid(&L, y);
    y = legend(&L, y);
    out->width = ceil(L.page_w);
    out->height = ceil(y + MARGIN);
    if (j->rtl) mirror(&L);
    if (L.oom || out->arena.failed) {
        jm_layout_free(out);
        return NULL;
    }
    return out;
}

void jm_layout_free(jm_layout *l)
{
    if (!l) return;
    for (size_t i = 0; i < l->n_items; i++)
        if (l->items[i].text) g_object_unref(l->items[i].text);
    free(l->items);
    jm_arena_free(&l->arena);
    free(l);
}
