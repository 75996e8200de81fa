/* Layout: measuring and acting on the map. Metric chips (a stage's across
 * the stage, a touchpoint's in its column), each with its target and a sign,
 * met or missed, that does not rely on colour; an opportunity's priority and
 * status under its text; and the action plan, a table below the map of every
 * opportunity with a priority, high first, then in journey order. */
#include "layout/parts.h"

#include "model/data.h"
#include "model/theme.h"

#include <stdlib.h>
#include <string.h>

/* ---- marks ---- */

/* A filled disc in the verdict's colour, with a check (met) or a cross
 * (missed) drawn in the background's colour. */
void jm_lay_verdict_sign(jm_lay *L, jm_role role, jm_verdict v, double cx, double cy)
{
    jm_dl *dl = &L->dl;
    bool met = v == JM_VERDICT_MET;
    jm_dl_circle(dl, role, cx, cy, 6.5, met ? L->t->positive : L->t->negative);
    jm_rgb on = L->t->background;
    if (met) { /* a check reads alike in every script: not reflected right to left */
        jm_pen pen = jm_dl_path(dl, role, 3);
        jm_pen_seg(dl, &pen, JM_SEG_MOVE, cx - 3.2, cy + 0.2);
        jm_pen_seg(dl, &pen, JM_SEG_LINE, cx - 0.9, cy + 2.6);
        jm_pen_seg(dl, &pen, JM_SEG_LINE, cx + 3.4, cy - 2.4);
        jm_ref ck = jm_dl_path_end(dl, &pen);
        jm_dl_outline(dl, ck, on, 1, 1.7);
        jm_item *it = jm_dl_get(dl, ck);
        it->fill_alpha = 0;
        it->round = true;
        it->keep_shape = true;
    } else {
        jm_ref a = jm_dl_line(dl, role, cx - 2.6, cy - 2.6, cx + 2.6, cy + 2.6, on, 1.7);
        jm_ref b = jm_dl_line(dl, role, cx - 2.6, cy + 2.6, cx + 2.6, cy - 2.6, on, 1.7);
        jm_dl_get(dl, a)->round = jm_dl_get(dl, b)->round = true;
    }
}

static jm_word priority_word(jm_priority p)
{
    return p == JM_PRIORITY_HIGH ? JM_W_HIGH : p == JM_PRIORITY_MEDIUM ? JM_W_MEDIUM : JM_W_LOW;
}

static jm_word status_word(jm_status s)
{
    switch (s) {
    case JM_STATUS_PLANNED: return JM_W_STATUS_PLANNED;
    case JM_STATUS_DOING: return JM_W_STATUS_DOING;
    case JM_STATUS_DONE: return JM_W_STATUS_DONE;
    default: return JM_W_STATUS_IDEA;
    }
}

/* A pill naming the priority: high filled, medium tinted, low outlined, so
 * that its strength reads without colour too. Returns its width. */
static double priority_pill(jm_lay *L, jm_role role, jm_priority p, double x, double y, double maxw, double *h)
{
    const char *w = jm_lay_word(L, priority_word(p));
    jm_rgb c = L->t->opportunity;
    double room = maxw - 12 > 1 ? maxw - 12 : 1;
    jm_font f = jm_lay_fit_words(L, w, strlen(w), &L->f_label, room, 0.6); /* smaller rather than broken */
    double tw = jm_text_natural_width(L->tx, w, strlen(w), &f) + 2;
    if (tw > room) tw = room;
    float alpha = p == JM_PRIORITY_HIGH ? 1.0f : p == JM_PRIORITY_MEDIUM ? 0.22f : 0.0f;
    jm_ref bg = jm_dl_rect(&L->dl, JM_ROLE_DECOR, (jm_box){x, y, tw + 12, 0}, c, alpha, 4);
    jm_dl_outline(&L->dl, bg, c, 1, 1.2);
    jm_rgb ink = p == JM_PRIORITY_HIGH ? jm_text_on(c, L->t) : L->t->text;
    /* the line may take a little of the padding: spaced capitals wrap a hair before their measure */
    *h = jm_lay_text_z(L, (jm_text_style){role, &f, JM_ALIGN_START, ink}, w, (jm_box){x + 6, y + 3, tw + 3, 0}) + 6;
    jm_dl_get(&L->dl, bg)->box.h = *h;
    return tw + 12;
}

/* Three small cells, none to all filled: idea, planned, in progress, done.
 * Returns its width. */
static double status_steps(jm_lay *L, jm_status s, double x, double cy)
{
    int filled = s == JM_STATUS_PLANNED ? 1 : s == JM_STATUS_DOING ? 2 : s == JM_STATUS_DONE ? 3 : 0;
    for (int i = 0; i < 3; i++) {
        jm_ref r = jm_dl_rect(&L->dl, JM_ROLE_DECOR, (jm_box){x + i * 7.0, cy - 3, 5.5, 6}, L->t->muted,
                              i < filled ? 1.0f : 0.0f, 1);
        jm_dl_outline(&L->dl, r, L->t->muted, 1, 1);
    }
    return 3 * 7.0 - 1.5;
}

/* The status's steps and word; returns the height. */
static double status_mark(jm_lay *L, jm_role role, jm_status s, double x, double y, double w)
{
    const char *word = jm_lay_word(L, status_word(s));
    double ww = w - 26 > 1 ? w - 26 : 1;
    jm_font f = jm_lay_fit_words(L, word, strlen(word), &L->f_small, ww, 0.6);
    double h = jm_lay_text_z(L, (jm_text_style){role, &f, JM_ALIGN_START, L->t->muted}, word,
                             (jm_box){x + 26, y, ww, 0});
    status_steps(L, s, x, y + L->f_small.size * 0.7);
    return h;
}

/* ---- metrics ---- */

static double chip(jm_lay *L, const jm_metric *m, double x, double y, double cw)
{
    jm_dl *dl = &L->dl;
    jm_group chip_g = jm_dl_group(dl);
    jm_part_data here = jm_lay_here(L);
    here.name = m->name.s;
    here.verdict = m->verdict == JM_VERDICT_MET ? "met" : m->verdict == JM_VERDICT_MISSED ? "missed" : "";
    const jm_calc *calc = m->calc && m->calc->done ? m->calc : NULL;
    if (calc) here.n = jm_dl_sprintf(dl, "%zu", calc->n);
    jm_dl_part_begin(dl, JM_PART_METRIC, here);
    /* a value computed from data: in the map's digits, with its n */
    const char *value = calc ? jm_lay_digits(L, m->value.s) : m->value.s;
    size_t value_len = value ? strlen(value) : 0;
    jm_ref bg = jm_dl_rect(dl, JM_ROLE_DECOR, (jm_box){x, y, cw, 0}, L->t->surface, 1, 6);
    bool judged = m->verdict != JM_VERDICT_NONE;
    jm_dl_outline(dl, bg, judged ? (m->verdict == JM_VERDICT_MET ? L->t->positive : L->t->negative) : L->t->line, 1,
                  judged ? 1.5 : 1);
    double h = 8, inner = cw - 20, sign = judged ? 20 : 0;
    h += jm_lay_text(L, (jm_text_style){JM_ROLE_METRIC, &L->f_small, JM_ALIGN_START, L->t->muted}, m->name.s,
                     m->name.len, (jm_box){x + 10, y + h, inner, 0});
    h += 2;
    double vh = jm_lay_text(L, (jm_text_style){JM_ROLE_METRIC, &L->f_value, JM_ALIGN_START, L->t->text}, value,
                            value_len, (jm_box){x + 10, y + h, inner - sign, 0});
    /* at the end of the value's line: clear of the value in either direction */
    if (judged) jm_lay_verdict_sign(L, JM_ROLE_DECOR, m->verdict, x + cw - 10 - 6.5, y + h + L->f_value.size * 0.62);
    h += vh;
    if (m->target.s) {
        /* "Target ≥ 40": the word of the map's language, and which way is better */
        const char *t = jm_dl_sprintf(dl, "%s %s %s", jm_lay_word(L, JM_W_TARGET),
                                      m->lower_better ? "\xe2\x89\xa4" : "\xe2\x89\xa5", m->target.s);
        if (t) h += 2 + jm_lay_text_z(L, (jm_text_style){JM_ROLE_METRIC, &L->f_small, JM_ALIGN_START, L->t->muted}, t,
                                      (jm_box){x + 10, y + h + 2, inner, 0});
    }
    const char *n = calc ? jm_lay_sample_n(L, calc->n) : NULL;
    if (n)
        h += 2 + jm_lay_text_z(L, (jm_text_style){JM_ROLE_METRIC, &L->f_small, JM_ALIGN_START, L->t->muted}, n,
                               (jm_box){x + 10, y + h + 2, inner, 0});
    h += 8;
    jm_dl_get(dl, bg)->box.h = h;
    jm_dl_set_cells(dl, chip_g, (jm_box){x, y, cw, h}); /* each chip's texts stay inside the chip */
    jm_dl_part_end(dl);
    return h;
}

static double chip_width(jm_lay *L, const jm_metric *m, double maxw)
{
    double nw = jm_text_natural_width(L->tx, m->name.s, m->name.len, &L->f_small);
    const char *value = m->calc && m->calc->done ? jm_lay_digits(L, m->value.s) : m->value.s;
    double vw = value ? jm_text_natural_width(L->tx, value, strlen(value), &L->f_value) : 0;
    if (m->verdict != JM_VERDICT_NONE) vw += 20;
    double w = nw > vw ? nw : vw;
    if (m->target.s) {
        const char *t = jm_dl_sprintf(&L->dl, "%s \xe2\x89\xa5 %s", jm_lay_word(L, JM_W_TARGET), m->target.s);
        double tw = t ? jm_text_natural_width(L->tx, t, strlen(t), &L->f_small) : 0;
        if (tw > w) w = tw;
    }
    const char *n = m->calc && m->calc->done ? jm_lay_sample_n(L, m->calc->n) : NULL;
    double sw = n ? jm_text_natural_width(L->tx, n, strlen(n), &L->f_small) : 0;
    if (sw > w) w = sw;
    double cw = w + 2 * 10 + 1;
    if (cw < 64) cw = 64;
    return cw > maxw ? maxw : cw;
}

double jm_lay_metric_chips(jm_lay *L, const jm_metric *m, size_t n, double x0, double maxw, double y)
{
    double x = x0, row_h = 0, y0 = y;
    for (size_t i = 0; i < n; i++) {
        double cw = chip_width(L, &m[i], maxw);
        if (x > x0 && x + cw > x0 + maxw) {
            x = x0;
            y += row_h + 8;
            row_h = 0;
        }
        double h = chip(L, &m[i], x, y, cw);
        if (h > row_h) row_h = h;
        x += cw + 8;
    }
    return n ? y + row_h - y0 : 0;
}

/* ---- opportunities ---- */

double jm_lay_opportunity_meta(jm_lay *L, const jm_opportunity *o, double x, double y, double w)
{
    if (!o || (!o->priority && !o->status && !o->owner.s)) return 0;
    double h = 0, cx = x;
    if (o->priority) {
        cx += priority_pill(L, JM_ROLE_CELL, o->priority, x, y, w, &h) + 8;
    }
    if (o->status) {
        /* beside the pill when its word fits there, else on a line of its own */
        const char *word = jm_lay_word(L, status_word(o->status));
        double need = 26 + jm_text_natural_width(L->tx, word, strlen(word), &L->f_small) + 1;
        double sy = y + (h ? 3 : 0);
        if (h && cx + need > x + w) {
            cx = x;
            sy = y + h + 4;
        }
        double sh = status_mark(L, JM_ROLE_CELL, o->status, cx, sy, x + w - cx);
        if (sy - y + sh > h) h = sy - y + sh;
    }
    if (o->owner.s && o->owner.len) {
        double oh = jm_lay_text(L, (jm_text_style){JM_ROLE_CELL, &L->f_small, JM_ALIGN_START, L->t->muted}, o->owner.s,
                                o->owner.len, (jm_box){x, y + h + 3, w, 0});
        h += 3 + oh;
    }
    return h;
}

/* ---- the action plan ---- */

typedef struct action {
    const jm_touchpoint *tp;
    size_t stage, item, order;
    jm_priority priority;
} action;

static int by_priority(const void *a, const void *b)
{
    const action *x = a, *y = b;
    if (x->priority != y->priority) return x->priority < y->priority ? -1 : 1;
    return x->order < y->order ? -1 : x->order > y->order;
}

/* A heading in capitals (the lane titles' style), in the map's language. */
static const char *heading(jm_lay *L, jm_word w)
{
    const char *s = jm_lay_word(L, w);
    char *up = g_utf8_strup(s, -1);
    if (!up) return s;
    const char *out = jm_dl_sprintf(&L->dl, "%s", up);
    g_free(up);
    return out ? out : s;
}

enum { C_PRIORITY, C_TEXT, C_STAGE, C_TOUCHPOINT, C_OWNER, C_STATUS, N_COLS };

/* The text cells of a row: its opportunity, stage, touchpoint and owner. */
typedef struct row_cell {
    int col;
    const char *s;
    size_t len;
} row_cell;

enum { N_TEXT_CELLS = 4 };

/* One font for a row's text cells: a word too long for its column
 * (Verlängerungsschreiben) is drawn smaller rather than broken, down to 0.75
 * of the size, and every cell of the row takes the size of the tightest. */
static jm_font row_font(jm_lay *L, const row_cell *c, const double *cx)
{
    jm_font f = L->f_body;
    for (int i = 0; i < N_TEXT_CELLS; i++) {
        jm_font g = jm_lay_fit_words(L, c[i].s, c[i].len, &L->f_body, cx[c[i].col + 1] - cx[c[i].col] - 2 * PAD, 0.75);
        if (g.size < f.size) f = g;
    }
    return f;
}

static double cell_text(jm_lay *L, const jm_font *f, const char *s, size_t len, double x, double y, double w)
{
    return jm_lay_text(L, (jm_text_style){JM_ROLE_ACTION, f, JM_ALIGN_START, L->t->text}, s, len, (jm_box){x, y, w, 0});
}

double jm_lay_actions(jm_lay *L, double y)
{
    const jmap_journey *j = L->j;
    bool shown = false;
    for (size_t i = 0; i < j->n_lanes; i++) shown |= j->lanes[i] == JM_LANE_ACTIONS;
    if (!shown) return y;
    jm_dl *dl = &L->dl;
    dl->at = (jm_place){-1, -1, -1}; /* read after the grid, row by row (paint.c) */
    size_t n = 0;
    for (size_t s = 0; s < j->n_stages; s++)
        for (size_t t = 0; t < j->stages[s].n_touchpoints; t++) {
            const jm_touchpoint *tp = &j->stages[s].touchpoints[t];
            if (!jm_view_has_touchpoint(L->persona, tp)) continue;
            for (size_t o = 0; o < tp->opportunities.n && tp->opportunity; o++) n += tp->opportunity[o].priority != 0;
        }
    action *rows = jm_dl_alloc(dl, (n ? n : 1) * sizeof *rows);
    if (!rows) return y;
    size_t k = 0;
    for (size_t s = 0; s < j->n_stages; s++)
        for (size_t t = 0; t < j->stages[s].n_touchpoints; t++) {
            const jm_touchpoint *tp = &j->stages[s].touchpoints[t];
            if (!jm_view_has_touchpoint(L->persona, tp)) continue;
            for (size_t o = 0; o < tp->opportunities.n && tp->opportunity; o++)
                if (tp->opportunity[o].priority)
                    rows[k] = (action){tp, s, o, k, tp->opportunity[o].priority}, k++;
        }
    qsort(rows, n, sizeof *rows, by_priority);

    /* the table sits in the grid's place, as wide as the content allows */
    double x0 = L->grid_x, width = L->content_w - LABEL_W;
    if (width > 1400) width = 1400;
    static const double share[N_COLS] = {0.10, 0.28, 0.14, 0.15, 0.15, 0.18};
    double cx[N_COLS + 1];
    cx[0] = x0;
    for (int c = 0; c < N_COLS; c++) cx[c + 1] = cx[c] + share[c] * width;
    y += 28;
    double top = y;
    jm_group table = jm_dl_group(dl);
    /* the lane's title, as every lane's */
    const char *title = jm_lay_word(L, JM_W_ACTIONS);
    double lh;
    jm_ref label = jm_dl_text(dl, (jm_text_style){JM_ROLE_ACTION, &L->f_label, JM_ALIGN_START, L->t->muted}, title,
                              strlen(title), (jm_box){MARGIN, y + PAD + 2, LABEL_W - PAD, 0}, &lh);
    static const jm_word heads[N_COLS] = {JM_W_PRIORITY, JM_W_OPPORTUNITIES, JM_W_STAGE,
                                          JM_W_TOUCHPOINT, JM_W_OWNER, JM_W_STATUS};
    double hh = 0;
    for (int c = 0; c < N_COLS; c++) {
        jm_group g = jm_dl_group(dl);
        /* a long word (VERANTWORTLICH) is drawn smaller rather than broken */
        const char *hd = heading(L, heads[c]);
        double hw = cx[c + 1] - cx[c] - 2 * PAD;
        jm_font f = jm_lay_fit_words(L, hd, strlen(hd), &L->f_label, hw, 0.6);
        double h = jm_lay_text_z(L, (jm_text_style){JM_ROLE_ACTION, &f, JM_ALIGN_START, L->t->muted}, hd,
                                 (jm_box){cx[c] + PAD, y + PAD + 2, hw, 0});
        if (h > hh) hh = h;
        jm_dl_set_cells(dl, g, (jm_box){cx[c], y, cx[c + 1] - cx[c], 0});
    }
    double head_h = hh + 2 * PAD + 2;
    size_t n_head;
    jm_item *items = jm_dl_items(dl, table, &n_head);
    for (size_t i = 0; i < n_head; i++)
        if (items[i].kind == JM_ITEM_TEXT && items[i].role == JM_ROLE_ACTION) items[i].cell.h = head_h;
    y += head_h;
    double *rules = jm_dl_alloc(dl, (n + 1) * sizeof *rules);
    if (!rules) return y;
    for (size_t r = 0; r < n; r++) {
        const action *a = &rows[r];
        const jm_opportunity *o = &a->tp->opportunity[a->item];
        const jm_str *text = &a->tp->opportunities.items[a->item];
        const jm_stage *st = &j->stages[a->stage];
        rules[r] = y;
        jm_group row = jm_dl_group(dl);
        double h = 0, ch, yy = y + PAD;
        double pw = cx[C_PRIORITY + 1] - cx[C_PRIORITY] - 2 * PAD;
        priority_pill(L, JM_ROLE_ACTION, o->priority, cx[C_PRIORITY] + PAD, yy - 2, pw, &ch);
        if (ch - 2 > h) h = ch - 2;
        /* the opportunity's owner, else the touchpoint's */
        const jm_str *owner = o->owner.s ? &o->owner : &a->tp->owner;
        const row_cell cells[N_TEXT_CELLS] = {{C_TEXT, text->s, text->len},
                                              {C_STAGE, st->name.s, st->name.len},
                                              {C_TOUCHPOINT, a->tp->name.s, a->tp->name.len},
                                              {C_OWNER, owner->s, owner->len}};
        jm_font f = row_font(L, cells, cx);
        for (int i = 0; i < N_TEXT_CELLS; i++) {
            int c = cells[i].col;
            ch = cell_text(L, &f, cells[i].s, cells[i].len, cx[c] + PAD, yy, cx[c + 1] - cx[c] - 2 * PAD);
            if (ch > h) h = ch;
        }
        if (o->status) {
            ch = status_mark(L, JM_ROLE_ACTION, o->status, cx[C_STATUS] + PAD, yy + 1,
                             cx[C_STATUS + 1] - cx[C_STATUS] - 2 * PAD);
            if (ch > h) h = ch;
        }
        double row_h = h + 2 * PAD;
        /* each text's cell is its column of this row */
        size_t nr;
        jm_item *it = jm_dl_items(dl, row, &nr);
        for (size_t i = 0; i < nr; i++) {
            if (it[i].kind != JM_ITEM_TEXT) continue;
            int c = 0;
            while (c + 1 < N_COLS && it[i].box.x >= cx[c + 1]) c++;
            it[i].cell = (jm_box){cx[c], y, cx[c + 1] - cx[c], row_h};
        }
        y += row_h;
    }
    rules[n] = y;
    double bottom = y > top + 44 ? y : top + 44;
    jm_dl_get(dl, label)->cell = (jm_box){MARGIN, top, LABEL_W - PAD, bottom - top};
    /* rules under the heading and between rows, under the texts */
    jm_layer under = jm_dl_under(dl, table);
    jm_dl_line(dl, JM_ROLE_DECOR, MARGIN, top, cx[N_COLS], top, L->t->line, 1);
    jm_dl_line(dl, JM_ROLE_DECOR, x0, top + head_h, cx[N_COLS], top + head_h, L->t->muted, 1);
    for (size_t r = 1; r < n; r++) jm_dl_line(dl, JM_ROLE_DECOR, x0, rules[r], cx[N_COLS], rules[r], L->t->line, 1);
    jm_dl_line(dl, JM_ROLE_DECOR, MARGIN, bottom, cx[N_COLS], bottom, L->t->line, 1);
    jm_dl_end_under(dl, under);
    return bottom;
}

/* ---- for the legend ---- */

double jm_lay_priority_pill(jm_lay *L, jm_role role, jm_priority p, double x, double y, double maxw, double *h)
{
    return priority_pill(L, role, p, x, y, maxw, h);
}

double jm_lay_status_mark(jm_lay *L, jm_role role, jm_status s, double x, double y, double w)
{
    return status_mark(L, role, s, x, y, w);
}

const char *jm_lay_heading(jm_lay *L, jm_word w) { return heading(L, w); }
