/* Layout: jmap diff's marks on the map. A card added, changed or removed
 * carries a tag naming what happened, in the map's language, in the mark's
 * colour; a removed touchpoint's column is faded; a score that moved keeps a
 * hollow ghost point at its old value with a thin arrow to the new one. */
#include "layout/parts.h"

#include <math.h>
#include <string.h>

jm_rgb jm_lay_diff_color(const jm_lay *L, jm_diff_kind k)
{
    switch (k) {
    case JM_DIFF_ADDED: return L->t->positive;
    case JM_DIFF_REMOVED: return L->t->pain;
    case JM_DIFF_CHANGED: return L->t->opportunity;
    default: return L->t->line;
    }
}

static const char *tag_text(jm_lay *L, jm_diff_kind k)
{
    jm_word w = k == JM_DIFF_ADDED ? JM_W_ADDED : k == JM_DIFF_REMOVED ? JM_W_REMOVED : JM_W_CHANGED;
    const char *sign = k == JM_DIFF_ADDED ? "+" : k == JM_DIFF_REMOVED ? "\xe2\x88\x92" : "\xe2\x97\x8f";
    return jm_dl_sprintf(&L->dl, "%s %s", sign, jm_lay_word(L, w));
}

double jm_lay_diff_tag(jm_lay *L, jm_diff_kind k, double x, double y, double w)
{
    if (k == JM_DIFF_SAME) return 0;
    const char *s = tag_text(L, k);
    if (!s) return 0;
    jm_rgb c = jm_lay_diff_color(L, k);
    double tw = jm_text_natural_width(L->tx, s, strlen(s), &L->f_label) + 2;
    if (tw > w - 12) tw = w - 12;
    jm_ref bg = jm_dl_rect(&L->dl, JM_ROLE_DIFF, (jm_box){x, y, tw + 12, 0}, c, 1, 4);
    double h = jm_lay_text(L, (jm_text_style){JM_ROLE_DIFF, &L->f_label, JM_ALIGN_START, L->t->background}, s,
                           strlen(s), (jm_box){x + 6, y + 3, tw, 0});
    jm_dl_get(&L->dl, bg)->box.h = h + 6;
    return h + 6;
}

void jm_lay_diff_move(jm_lay *L, size_t c, size_t p, double cx, double old_y, double new_y, bool has_new)
{
    (void)c;
    jm_dl *dl = &L->dl;
    jm_rgb col = L->diff && L->j->n_personas ? jm_lay_persona_color(L, (int)p) : L->t->text;
    jm_ref ghost = jm_dl_circle(dl, JM_ROLE_DIFF, cx, old_y, POINT_R, L->t->background);
    jm_dl_outline(dl, ghost, col, 1, 1.5);
    jm_dl_get(dl, ghost)->persona = L->j->n_personas ? (int)p : -1;
    if (!has_new) return;
    double dy = new_y - old_y, len = fabs(dy);
    if (len < 2 * POINT_R + 8) return; /* too close for an arrow: the two points say it */
    double dir = dy > 0 ? 1 : -1;
    double y0 = old_y + dir * (POINT_R + 1.5), y1 = new_y - dir * (POINT_R + 2);
    jm_dl_line(dl, JM_ROLE_DIFF, cx, y0, cx, y1, col, 1.2);
    jm_pen pen = jm_dl_path(dl, JM_ROLE_DIFF, 4);
    jm_pen_seg(dl, &pen, JM_SEG_MOVE, cx - 4, y1 - dir * 6);
    jm_pen_seg(dl, &pen, JM_SEG_LINE, cx, y1);
    jm_pen_seg(dl, &pen, JM_SEG_LINE, cx + 4, y1 - dir * 6);
    jm_ref head = jm_dl_path_end(dl, &pen);
    jm_dl_outline(dl, head, col, 1, 1.2);
    jm_dl_get(dl, head)->fill_alpha = 0;
}

static jm_rgb fade(jm_rgb c, jm_rgb bg)
{
    const float k = 0.6f;
    return (jm_rgb){c.r + (bg.r - c.r) * k, c.g + (bg.g - c.g) * k, c.b + (bg.b - c.b) * k};
}

void jm_lay_diff_fade(jm_lay *L)
{
    size_t n;
    jm_item *items = jm_dl_items(&L->dl, (jm_group){0}, &n);
    for (size_t i = 0; i < n; i++) {
        int c = items[i].at.col;
        if (items[i].role == JM_ROLE_DIFF) continue;
        if (c < 0 || (size_t)c >= L->n_cols || !L->cols[c].tp) continue;
        const jm_diff_mark *m = jm_diff_find(L->diff, L->cols[c].tp);
        if (!m || m->kind != JM_DIFF_REMOVED) continue;
        items[i].fill = fade(items[i].fill, L->t->background);
        items[i].stroke = fade(items[i].stroke, L->t->background);
    }
}
