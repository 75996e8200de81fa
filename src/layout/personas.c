/* Layout: the persona cards, in rows as wide as the page's content. */
#include "layout/parts.h"

#include <string.h>

static void bullet_dot(jm_lay *L, double x, double y, jm_rgb color)
{
    jm_dl_circle(&L->dl, JM_ROLE_DECOR, x + 3, y, 2.5, color);
}

/* A card's sections (goals, needs, frustrations, the quote) stand side by
 * side in columns at least SECTION_MIN wide (a card of one column is
 * PERSONA_W wide) and at most SECTION_MAX, a comfortable measure; the cards
 * share the width of the page (as many to a row as fit at PERSONA_W), so
 * that a map of one persona does not show a narrow card beside a page of
 * nothing. */
#define SECTION_MIN (PERSONA_W - 2 * GAP - 6)
#define SECTION_MAX 520.0
#define SECTIONS 4

typedef struct card_shape {
    double w;         /* the card */
    size_t cols;      /* columns of sections */
    double col_w;     /* a column's width */
} card_shape;

static size_t sections(const jm_persona *p)
{
    return (p->goals.n > 0) + (p->needs.n > 0) + (p->frustrations.n > 0) + (p->quote.s && p->quote.len);
}

/* One persona card's content at (x, y); returns its height. */
static double persona_card(jm_lay *L, const jm_persona *p, double x, double y, const card_shape *shape)
{
    const double inner = shape->w - 2 * GAP - 6;
    double cx = x + 6 + GAP, cy = y + GAP;
    const jm_theme *t = L->t;
    const jm_rgb own = jm_lay_persona_color(L, (int)(p - L->j->personas));
    cy += jm_lay_text(L, (jm_text_style){JM_ROLE_PERSONA, &L->f_persona, JM_ALIGN_START, t->text}, p->name.s,
                      p->name.len, (jm_box){cx, cy, inner, 0});
    /* role · age N · occupation · family, the separators kept with the word
     * before them, of a kind that no digit of the script reads like */
    const jm_str *meta[4] = {&p->role, &p->age, &p->occupation, &p->family};
    const char *items[4];
    size_t n_items = 0;
    for (int i = 0; i < 4; i++) {
        const jm_str *m = meta[i];
        if (!m->s || !m->len) continue;
        items[n_items] = i == 1 ? jm_lay_template(L, jm_lay_word(L, JM_W_AGE), JM_AGE_SLOT, m->s) : m->s;
        if (!items[n_items++]) return 0;
    }
    const char *sep = jm_text_list_separator(L->tx, items, n_items);
    char *line = "";
    for (size_t i = 0; i < n_items; i++) {
        line = jm_dl_sprintf(&L->dl, "%s%s%s", line, i ? sep : "", items[i]);
        if (!line) return 0;
    }
    if (*line) {
        cy += 4;
        cy += jm_lay_text_z(L, (jm_text_style){JM_ROLE_PERSONA, &L->f_small, JM_ALIGN_START, t->muted}, line,
                            (jm_box){cx, cy, inner, 0});
    }
    /* the sections, row after row of columns */
    double col_y[SECTIONS], top = cy;
    for (size_t c = 0; c < SECTIONS; c++) col_y[c] = top;
    const double sw = shape->col_w;
    size_t k = 0;
    const jm_list *lists[3] = {&p->goals, &p->needs, &p->frustrations};
    const char *heads[3] = {jm_lay_word(L, JM_W_GOALS), jm_lay_word(L, JM_W_NEEDS), jm_lay_word(L, JM_W_FRUSTRATIONS)};
    for (int i = 0; i < 3; i++) {
        if (!lists[i]->n) continue;
        size_t c = k++ % shape->cols;
        double sx = cx + (double)c * (sw + GAP), sy = col_y[c] + 12;
        sy += jm_lay_text_z(L, (jm_text_style){JM_ROLE_PERSONA, &L->f_label, JM_ALIGN_START, t->muted}, heads[i],
                            (jm_box){sx, sy, sw, 0}) + 3;
        for (size_t n = 0; n < lists[i]->n; n++) {
            const jm_str *s = &lists[i]->items[n];
            double h = jm_lay_text(L, (jm_text_style){JM_ROLE_PERSONA, &L->f_small, JM_ALIGN_START, t->text}, s->s,
                                   s->len, (jm_box){sx + 12, sy, sw - 12, 0});
            bullet_dot(L, sx, sy + L->f_small.size * 0.7, i == 2 ? t->pain : own);
            sy += h + 2;
        }
        col_y[c] = sy;
    }
    if (p->quote.s && p->quote.len) {
        size_t c = k++ % shape->cols;
        double sx = cx + (double)c * (sw + GAP), sy = col_y[c] + 12;
        double cite_w = jm_lay_cite_width(L, p->quote_source); /* its sources' marks (1.2) */
        const char *q = jm_lay_quoted(L, p->quote.s, p->quote.len);
        if (q) jm_lay_cite(L, p->quote_source, jm_lay_cite_end(L, p->quote_source, q, strlen(q), &L->f_quote, sx, sw), sy + 1);
        sy += jm_lay_text_z(L, (jm_text_style){JM_ROLE_PERSONA, &L->f_quote, JM_ALIGN_START, t->text}, q,
                            (jm_box){sx, sy, sw - cite_w, 0});
        col_y[c] = sy;
    }
    for (size_t c = 0; c < SECTIONS; c++)
        if (col_y[c] > cy) cy = col_y[c];
    return cy + GAP - y;
}

/* The cards' shape: as many to a row as fit at PERSONA_W, sharing the
 * width; the sections in as many columns as fit in a card. */
static card_shape shape_of(const jm_lay *L, size_t shown, size_t *per_row)
{
    const jmap_journey *j = L->j;
    size_t fit = (size_t)((L->content_w + GAP) / (PERSONA_W + GAP));
    if (fit < 1) fit = 1;
    *per_row = fit < shown ? fit : shown;
    double share = (L->content_w - (double)(*per_row - 1) * GAP) / (double)*per_row;
    size_t most = 1;
    for (size_t p = 0; p < j->n_personas; p++)
        if (jm_view_has_persona(L->persona, p) && sections(&j->personas[p]) > most) most = sections(&j->personas[p]);
    card_shape s = {share > PERSONA_W ? share : PERSONA_W, 1, SECTION_MIN};
    size_t cols = (size_t)((s.w - 6 - 2 * GAP + GAP) / (SECTION_MIN + GAP));
    if (cols > most) cols = most;
    if (cols < 1) cols = 1;
    s.cols = cols;
    s.col_w = (s.w - 6 - 2 * GAP - (double)(cols - 1) * GAP) / (double)cols;
    if (s.col_w > SECTION_MAX) s.col_w = SECTION_MAX;
    return s;
}

double jm_lay_personas(jm_lay *L, double y)
{
    const jmap_journey *j = L->j;
    size_t shown = 0;
    for (size_t p = 0; p < j->n_personas; p++) shown += jm_view_has_persona(L->persona, p);
    if (!shown) return y;
    y += 24;
    size_t per_row;
    card_shape shape = shape_of(L, shown, &per_row);
    /* each card's background and colour bar, sized when its row's height is known */
    jm_ref *backs = jm_dl_alloc(&L->dl, per_row * 2 * sizeof *backs);
    if (!backs) return y;
    size_t p = 0;
    while (p < j->n_personas) {
        jm_group row = jm_dl_group(&L->dl);
        double row_h = 0;
        size_t k = 0;
        for (; p < j->n_personas && k < per_row; p++) {
            if (!jm_view_has_persona(L->persona, p)) continue;
            double x = MARGIN + (double)k * (shape.w + GAP);
            jm_dl_part_begin(&L->dl, JM_PART_PERSONA, (jm_part_data){.persona = jm_lay_persona_id(L, (int)p)});
            backs[k * 2] = jm_dl_rect(&L->dl, JM_ROLE_DECOR, (jm_box){x, 0, shape.w, 0}, L->t->surface, 1, 10);
            jm_dl_outline(&L->dl, backs[k * 2], L->t->line, 1, 1);
            backs[k * 2 + 1] = jm_dl_rect(&L->dl, JM_ROLE_DECOR, (jm_box){x, 0, 6, 0}, jm_lay_persona_color(L, (int)p), 1, 3);
            double h = persona_card(L, &j->personas[p], x, 0, &shape);
            if (h > row_h) row_h = h;
            jm_dl_part_end(&L->dl);
            k++;
        }
        for (size_t c = 0; c < k * 2; c++) jm_dl_get(&L->dl, backs[c])->box.h = row_h;
        if (k) {
            jm_dl_shift(&L->dl, row, y);
            y += row_h + GAP;
        }
    }
    return y - GAP;
}
