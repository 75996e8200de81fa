/* Layout: the persona cards, in rows as wide as the page's content. */
#include "layout/parts.h"

#include <string.h>

static void bullet_dot(jm_lay *L, double x, double y, jm_rgb color)
{
    jm_dl_circle(&L->dl, JM_ROLE_DECOR, x + 3, y, 2.5, color);
}

/* One persona card's content at (x, y); returns its height. */
static double persona_card(jm_lay *L, const jm_persona *p, double x, double y)
{
    const double inner = PERSONA_W - 2 * GAP - 6;
    double cx = x + 6 + GAP, cy = y + GAP;
    const jm_theme *t = L->t;
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
    const jm_list *lists[3] = {&p->goals, &p->needs, &p->frustrations};
    const char *heads[3] = {jm_lay_word(L, JM_W_GOALS), jm_lay_word(L, JM_W_NEEDS), jm_lay_word(L, JM_W_FRUSTRATIONS)};
    for (int i = 0; i < 3; i++) {
        if (!lists[i]->n) continue;
        cy += 12;
        cy += jm_lay_text_z(L, (jm_text_style){JM_ROLE_PERSONA, &L->f_label, JM_ALIGN_START, t->muted}, heads[i],
                            (jm_box){cx, cy, inner, 0}) + 3;
        for (size_t k = 0; k < lists[i]->n; k++) {
            const jm_str *s = &lists[i]->items[k];
            double h = jm_lay_text(L, (jm_text_style){JM_ROLE_PERSONA, &L->f_small, JM_ALIGN_START, t->text}, s->s,
                                   s->len, (jm_box){cx + 12, cy, inner - 12, 0});
            bullet_dot(L, cx, cy + L->f_small.size * 0.7, i == 2 ? t->pain : p->rgb);
            cy += h + 2;
        }
    }
    if (p->quote.s && p->quote.len) {
        cy += 12;
        cy += jm_lay_text_z(L, (jm_text_style){JM_ROLE_PERSONA, &L->f_quote, JM_ALIGN_START, t->text},
                            jm_lay_quoted(L, p->quote.s, p->quote.len), (jm_box){cx, cy, inner, 0});
    }
    return cy + GAP - y;
}

double jm_lay_personas(jm_lay *L, double y)
{
    const jmap_journey *j = L->j;
    if (!j->n_personas) return y;
    y += 24;
    size_t per_row = (size_t)((L->content_w + GAP) / (PERSONA_W + GAP));
    if (per_row < 1) per_row = 1;
    /* each card's background and colour bar, sized when its row's height is known */
    size_t row_max = per_row < j->n_personas ? per_row : j->n_personas;
    jm_ref *backs = jm_dl_alloc(&L->dl, row_max * 2 * sizeof *backs);
    if (!backs) return y;
    for (size_t p0 = 0; p0 < j->n_personas; p0 += per_row) {
        jm_group row = jm_dl_group(&L->dl);
        double row_h = 0;
        size_t k = 0;
        for (size_t p = p0; p < j->n_personas && p < p0 + per_row; p++) {
            if (!jm_view_has_persona(L->persona, p)) continue;
            double x = MARGIN + (double)k * (PERSONA_W + GAP);
            backs[k * 2] = jm_dl_rect(&L->dl, JM_ROLE_DECOR, (jm_box){x, 0, PERSONA_W, 0}, L->t->surface, 1, 10);
            jm_dl_outline(&L->dl, backs[k * 2], L->t->line, 1, 1);
            backs[k * 2 + 1] = jm_dl_rect(&L->dl, JM_ROLE_DECOR, (jm_box){x, 0, 6, 0}, j->personas[p].rgb, 1, 3);
            double h = persona_card(L, &j->personas[p], x, 0);
            if (h > row_h) row_h = h;
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
