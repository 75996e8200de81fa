/* Layout: jmap diff's marks on the map. A card added, changed or removed
 * carries a tag naming what happened, in the map's language, in the mark's
 * colour, and a changed card says what changed under its name; a removed
 * touchpoint's column is faded and its name struck through; an item gone
 * from a list of a kept touchpoint is struck through (a pain: "Fixed"), an
 * item new to it tagged; a text that changed keeps its old wording struck
 * through above the new; a score that moved keeps a hollow ghost point at
 * its old value with a thin arrow to the new one; a summary under the title
 * counts it all. docs/cli.md (How a diff is drawn) describes the result. */
#include "layout/parts.h"

#include <math.h>
#include <string.h>

#define EN_DASH "\xe2\x80\x93"

/* "from → to" as the map reads: the arrow points from the old to the new
 * in the map's direction. */
static const char *arrow(const jm_lay *L) { return L->j->rtl ? " \xe2\x86\x90 " : " \xe2\x86\x92 "; }

/* A score as the card and the summary write it: one decimal at most, in
 * the map's digits; a dash for none. */
static const char *score_text(jm_lay *L, double v)
{
    return isnan(v) ? EN_DASH : jm_lay_number(L, round(v * 10) / 10);
}

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

/* A tag: text s on a rounded rect of colour c at (x, y), at most w wide;
 * returns its height. */
static double pill(jm_lay *L, const char *s, jm_rgb c, double x, double y, double w)
{
    if (!s) return 0;
    double tw = jm_text_natural_width(L->tx, s, strlen(s), &L->f_label) + 2;
    if (tw > w - 12) tw = w - 12;
    jm_ref bg = jm_dl_rect(&L->dl, JM_ROLE_DIFF, (jm_box){x, y, tw + 12, 0}, c, 1, 4);
    double h = jm_lay_text(L, (jm_text_style){JM_ROLE_DIFF, &L->f_label, JM_ALIGN_START, L->t->background}, s,
                           strlen(s), (jm_box){x + 6, y + 3, tw, 0});
    jm_dl_get(&L->dl, bg)->box.h = h + 6;
    return h + 6;
}

double jm_lay_diff_tag(jm_lay *L, jm_diff_kind k, double x, double y, double w)
{
    if (k == JM_DIFF_SAME) return 0;
    return pill(L, tag_text(L, k), jm_lay_diff_color(L, k), x, y, w);
}

/* The tag of an item of a list: gone (a pain fixed, another item removed)
 * or new (a pain new, another item added). */
double jm_lay_diff_item_tag(jm_lay *L, jm_lane lane, bool gone, double x, double y, double w)
{
    bool pain = lane == JM_LANE_PAINS;
    jm_word word = gone ? (pain ? JM_W_FIXED : JM_W_REMOVED) : (pain ? JM_W_NEW : JM_W_ADDED);
    const char *sign = gone ? (pain ? "\xe2\x9c\x93" : "\xe2\x88\x92") : "+";
    jm_rgb c = gone ? (pain ? L->t->positive : L->t->pain) : (pain ? L->t->pain : L->t->positive);
    return pill(L, jm_dl_sprintf(&L->dl, "%s %s", sign, jm_lay_word(L, word)), c, x, y, w);
}

/* A line through each line of text item r, drawn in the text's own frame
 * (a right-to-left map moves it with the text, unreflected). */
void jm_lay_diff_strike(jm_lay *L, jm_ref r, const jm_font *f, jm_rgb c)
{
    jm_dl *dl = &L->dl;
    if (!jm_dl_live(dl, r) || !jm_dl_get(dl, r)->text) return;
    jm_item *it = jm_dl_get(dl, r);
    PangoLayout *pl = it->text;
    jm_box box = it->box;
    PangoLayoutIter *iter = pango_layout_get_iter(pl);
    do {
        PangoRectangle logical;
        pango_layout_iter_get_line_extents(iter, NULL, &logical);
        if (logical.width <= 0) continue;
        double y = box.y + (double)pango_layout_iter_get_baseline(iter) / PANGO_SCALE - f->size * 0.3;
        double x0 = box.x + (double)logical.x / PANGO_SCALE, x1 = x0 + (double)logical.width / PANGO_SCALE;
        jm_ref line = jm_dl_line(dl, JM_ROLE_DIFF, x0, y, x1, y, c, 1.2);
        jm_item *li = jm_dl_get(dl, line);
        li->box = box; /* the text's frame: mirrored as the text is */
        li->keep_shape = true;
    } while (pango_layout_iter_next_line(iter));
    pango_layout_iter_free(iter);
}

/* Text s, muted and struck through, at (x, y) in w; returns its height. */
static double struck(jm_lay *L, const char *s, size_t len, const jm_font *f, double x, double y, double w)
{
    double h;
    jm_ref r = jm_dl_text(&L->dl, (jm_text_style){JM_ROLE_DIFF, f, JM_ALIGN_START, L->t->muted}, s, len,
                          (jm_box){x, y, w, 0}, &h);
    jm_lay_diff_strike(L, r, f, L->t->muted);
    return h;
}

const jm_diff_list *jm_lay_diff_list(const jm_lay *L, const jm_touchpoint *tp, jm_lane lane)
{
    const jm_diff_mark *m = jm_diff_find(L->diff, tp);
    return m && m->lists && jm_diff_lane_list(tp, lane) ? &m->lists[lane] : NULL;
}

bool jm_lay_diff_fresh(const jm_lay *L, const jm_touchpoint *tp, jm_lane lane, size_t i)
{
    const jm_diff_mark *m = jm_diff_find(L->diff, tp);
    if (!m) return false;
    if (m->kind == JM_DIFF_ADDED) return lane == JM_LANE_PAINS; /* every pain of a touchpoint added is new */
    return m->lists && m->lists[lane].fresh && m->lists[lane].fresh[i];
}

double jm_lay_diff_was(jm_lay *L, const jm_touchpoint *tp, jm_lane lane, double x, double y, double w)
{
    const jm_diff_mark *m = jm_diff_find(L->diff, tp);
    if (!m || m->kind != JM_DIFF_CHANGED || !(m->lanes & (1u << lane))) return 0;
    const jm_str *old = lane == JM_LANE_DOING ? &m->old->doing : lane == JM_LANE_THINKING ? &m->old->thinking
                      : lane == JM_LANE_OWNER ? &m->old->owner : NULL;
    if (!old || !old->s || !old->len) return 0;
    double h = struck(L, old->s, old->len, &L->f_small, x, y, w);
    return h > 0 ? h + 6 : 0;
}

/* The channel line of a card: the channel's name, or "old → new" when it
 * changed; s NULL for none. */
jm_str jm_lay_diff_channel(jm_lay *L, const jm_touchpoint *tp)
{
    const jm_channel *now = tp->channel_ix >= 0 ? &L->j->channels[tp->channel_ix] : NULL;
    jm_str name = now ? now->name : (jm_str){0};
    const jm_diff_mark *m = jm_diff_find(L->diff, tp);
    if (!m || !(m->what & JM_DIFF_CHANNEL)) return name;
    const jmap_journey *b = L->diff->before;
    const jm_str *was = m->old->channel_ix >= 0 ? &b->channels[m->old->channel_ix].name : NULL;
    const char *s = jm_dl_sprintf(&L->dl, "%.*s%s%.*s", was ? (int)was->len : 3, was ? was->s : EN_DASH, arrow(L),
                                  now ? (int)now->name.len : 3, now ? now->name.s : EN_DASH);
    return s ? (jm_str){.s = s, .len = strlen(s)} : name;
}

/* Under a card's name: a removed card's name struck through; a changed
 * card's old name struck through, each score that moved (from -> to) and
 * the lanes whose text changed. Returns the height added. */
double jm_lay_diff_card(jm_lay *L, const jm_touchpoint *tp, jm_ref name, double x, double y, double w)
{
    const jm_diff_mark *m = jm_diff_find(L->diff, tp);
    if (!m) return 0;
    if (m->kind == JM_DIFF_REMOVED) jm_lay_diff_strike(L, name, &L->f_bold, L->t->muted);
    if (m->kind != JM_DIFF_CHANGED) return 0;
    double y0 = y;
    if (m->what & JM_DIFF_NAME) y += 4 + struck(L, m->old->name.s, m->old->name.len, &L->f_small, x, y + 4, w);
    const jmap_journey *j = L->j;
    size_t np = j->n_personas ? j->n_personas : 1;
    for (size_t p = 0; p < np && (m->what & JM_DIFF_SCORE); p++) {
        double was = m->before[p], is = tp->emotion[p];
        if (!jm_view_has_persona(L->persona, p) || (isnan(was) && isnan(is)) || was == is) continue;
        bool by_name = j->n_personas > 1 && L->persona < 0;
        const char *who = by_name ? j->personas[p].name.s : jm_lay_word(L, JM_W_EMOTION);
        const char *a = score_text(L, was), *b = score_text(L, is);
        const char *s = a && b ? jm_dl_sprintf(&L->dl, "%s %s%s%s", who, a, arrow(L), b) : NULL;
        y += 4 + jm_lay_text_z(L, (jm_text_style){JM_ROLE_DIFF, &L->f_small, JM_ALIGN_START, L->t->text}, s,
                               (jm_box){x, y + 4, w, 0});
    }
    /* the lanes whose text changed, by their titles, and a moment that matters gained or lost */
    const char *words[JM_LANE_COUNT + 1];
    size_t k = 0;
    for (int l = 0; l < JM_LANE_COUNT; l++)
        if (m->lanes & (1u << l)) words[k++] = jm_lay_word(L, (jm_word)l);
    if (m->what & JM_DIFF_MOMENT) words[k++] = jm_lay_word(L, JM_W_MOMENT);
    const char *sep = j->rtl ? "\xd8\x8c " : ", "; /* the Arabic comma on a right-to-left map */
    const char *list = k ? words[0] : NULL;
    for (size_t i = 1; i < k && list; i++) list = jm_dl_sprintf(&L->dl, "%s%s%s", list, sep, words[i]);
    if (list)
        y += 4 + jm_lay_text_z(L, (jm_text_style){JM_ROLE_DIFF, &L->f_small, JM_ALIGN_START, L->t->muted}, list,
                               (jm_box){x, y + 4, w, 0});
    return y - y0;
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

/* The summary under the title: the touchpoints added, removed and changed;
 * the mean emotion before and after; the pains fixed and new, each part a
 * template of the map's language with its numbers in the map's digits,
 * flowing across the width. Returns the y below it. */
double jm_lay_diff_summary(jm_lay *L, double y)
{
    jm_diff_summary sum;
    jm_diff_summarise(L->diff, L->persona, &sum);
    const char *parts[3];
    size_t n = 0;
    const char *t = jm_lay_word(L, JM_W_DIFF_TOUCHPOINTS);
    t = jm_lay_template(L, t, JM_ADDED_SLOT, jm_lay_number(L, (double)sum.added));
    if (t) t = jm_lay_template(L, t, JM_REMOVED_SLOT, jm_lay_number(L, (double)sum.removed));
    if (t) t = jm_lay_template(L, t, JM_CHANGED_SLOT, jm_lay_number(L, (double)sum.changed));
    parts[n++] = t;
    if (!isnan(sum.mean_before) || !isnan(sum.mean_after)) {
        const char *m = jm_lay_template(L, jm_lay_word(L, JM_W_DIFF_MEAN), JM_BEFORE_SLOT, score_text(L, sum.mean_before));
        if (m) m = jm_lay_template(L, m, JM_AFTER_SLOT, score_text(L, sum.mean_after));
        parts[n++] = m;
    }
    if (sum.fixed || sum.fresh) {
        const char *p = jm_lay_template(L, jm_lay_word(L, JM_W_DIFF_PAINS), JM_FIXED_SLOT, jm_lay_number(L, (double)sum.fixed));
        if (p) p = jm_lay_template(L, p, JM_NEW_SLOT, jm_lay_number(L, (double)sum.fresh));
        parts[n++] = p;
    }
    double x = MARGIN, top = y + 10, row_h = 0, right = MARGIN + L->content_w;
    for (size_t i = 0; i < n; i++) {
        if (!parts[i]) continue;
        double w = jm_text_natural_width(L->tx, parts[i], strlen(parts[i]), &L->f_body) + 2;
        if (w > L->content_w) w = L->content_w;
        if (x > MARGIN && x + w > right) { /* on a line of its own */
            x = MARGIN;
            top += row_h + 4;
            row_h = 0;
        }
        double h = jm_lay_text_z(L, (jm_text_style){JM_ROLE_DIFF, &L->f_body, JM_ALIGN_START, L->t->text}, parts[i],
                                 (jm_box){x, top, w, 0});
        row_h = fmax(row_h, h);
        x += w + 32;
    }
    return top + row_h;
}
