/* Layout: the legend under the grid: the channels used, the emotion scale,
 * the moment marker, the personas' curves (and the dots that say who goes
 * through a card), the target's curve and ring, the metrics' verdicts, the
 * pains' and opportunities' markers, the priorities and statuses: every
 * mark the map draws, each shown only when the map draws it, in rows that
 * wrap at the content's width. Every channel a shown card uses is listed,
 * however many. */
#include "layout/parts.h"

#include <math.h>
#include <string.h>

#include "model/sources.h"

typedef struct flow {
    double x, y, row_h, right;
} flow;

#define MIN_ROW 22.0

/* An entry's word w (tw wide) after its key (key_w wide), and the flow on past it. */
static void key_label(jm_lay *L, flow *f, const char *w, double tw, double key_w)
{
    double th = jm_lay_text_z(L, (jm_text_style){JM_ROLE_LEGEND, &L->f_small, JM_ALIGN_START, L->t->text}, w,
                              (jm_box){f->x + key_w, f->y + 3, tw, 0});
    if (th + 6 > f->row_h) f->row_h = th + 6;
    f->x += key_w + tw + 20;
}

/* Starts a new row when an entry w wide does not fit in this one. */
static void advance(flow *f, double w)
{
    if (f->x > MARGIN && f->x + w > f->right) {
        f->x = MARGIN;
        f->y += f->row_h + 8;
        f->row_h = MIN_ROW;
    }
}

/* A section's head (CHANNELS, EMOTION); the gap after it lies outside its
 * box, so that it survives rtl mirroring. */
static void head(jm_lay *L, flow *f, const char *s, double extra)
{
    double w = jm_text_natural_width(L->tx, s, strlen(s), &L->f_label) + 12;
    advance(f, w + extra);
    jm_lay_text_z(L, (jm_text_style){JM_ROLE_LEGEND, &L->f_label, JM_ALIGN_START, L->t->muted}, s,
                  (jm_box){f->x, f->y + 5, w - 11, 0});
    f->x += w;
}

static void channels(jm_lay *L, flow *f)
{
    const jmap_journey *j = L->j;
    bool cards = false;
    for (size_t i = 0; i < j->n_lanes; i++) cards |= j->lanes[i] == JM_LANE_TOUCHPOINTS;
    if (!cards || !j->n_channels) return;
    bool *used = jm_dl_alloc(&L->dl, j->n_channels * sizeof *used);
    if (!used) return;
    for (size_t c = 0; c < L->n_cols; c++) {
        const jm_touchpoint *tp = L->cols[c].tp;
        if (tp && tp->channel_ix >= 0 && (size_t)tp->channel_ix < j->n_channels) used[tp->channel_ix] = true;
    }
    bool headed = false;
    for (size_t c = 0; c < j->n_channels; c++) {
        if (!used[c]) continue;
        if (!headed) {
            head(L, f, jm_lay_word(L, JM_W_CHANNELS), 0);
            headed = true;
        }
        const jm_channel *ch = &j->channels[c];
        double tw = jm_text_natural_width(L->tx, ch->name.s, ch->name.len, &L->f_small) + 1;
        if (tw > 240) tw = 240;
        advance(f, ICON + 6 + tw + 18);
        jm_dl_icon(&L->dl, ch->icon_id, f->x, f->y + 2, ICON, L->t->muted);
        double th = jm_lay_text(L, (jm_text_style){JM_ROLE_LEGEND, &L->f_small, JM_ALIGN_START, L->t->text}, ch->name.s,
                                ch->name.len, (jm_box){f->x + ICON + 6, f->y + 3, tw, 0});
        if (th + 6 > f->row_h) f->row_h = th + 6;
        f->x += ICON + 6 + tw + 18;
    }
    if (headed) f->x += 16;
}

static void emotion_scale(jm_lay *L, flow *f)
{
    const jmap_journey *j = L->j;
    const jm_theme *t = L->t;
    head(L, f, jm_lay_word(L, JM_W_EMOTION), 5 * 18 + 120);
    const char *lo = jm_lay_number(L, j->scale_lo), *hi = jm_lay_number(L, j->scale_hi);
    if (!lo || !hi) return;
    double lw = jm_text_natural_width(L->tx, lo, strlen(lo), &L->f_small) + 1;
    jm_lay_text_z(L, (jm_text_style){JM_ROLE_LEGEND, &L->f_small, JM_ALIGN_START, t->text}, lo,
                  (jm_box){f->x, f->y + 3, lw, 0});
    f->x += lw + 8;
    for (int i = 0; i < 5; i++) {
        double v = j->scale_lo + (j->scale_hi - j->scale_lo) * i / 4.0;
        jm_lay_score_mark(L, JM_ROLE_LEGEND, v, f->x + 7, f->y + 11);
        f->x += 18;
    }
    f->x += 4;
    double hw = jm_text_natural_width(L->tx, hi, strlen(hi), &L->f_small) + 1;
    jm_lay_text_z(L, (jm_text_style){JM_ROLE_LEGEND, &L->f_small, JM_ALIGN_START, t->text}, hi,
                  (jm_box){f->x, f->y + 3, hw, 0});
    f->x += hw + 28;
}

/* 1.2: the fail point's circled F (flowtime.c), when a shown card or item has one. */
static void fail_key(jm_lay *L, flow *f)
{
    bool any = false;
    for (size_t c = 0; c < L->n_cols && !any; c++) any = L->cols[c].tp && jm_ft_has_fail(L->cols[c].tp);
    if (!any) return;
    const char *m = jm_lay_word(L, JM_W_FAIL_POINT);
    double tw = jm_text_natural_width(L->tx, m, strlen(m), &L->f_small) + 1;
    advance(f, 24 + tw + 28);
    jm_lay_fail_mark(L, JM_ROLE_LEGEND, f->x + 9, f->y + 11);
    jm_lay_text_z(L, (jm_text_style){JM_ROLE_LEGEND, &L->f_small, JM_ALIGN_START, L->t->text}, m,
                  (jm_box){f->x + 24, f->y + 3, tw, 0});
    f->x += 24 + tw + 28;
}

static void moment(jm_lay *L, flow *f)
{
    const char *m = jm_lay_word(L, JM_W_MOMENT);
    double tw = jm_text_natural_width(L->tx, m, strlen(m), &L->f_small) + 1;
    advance(f, 24 + tw + 28);
    jm_ref st = jm_dl_star(&L->dl, JM_ROLE_LEGEND, f->x + 9, f->y + 11, 9, L->t->neutral);
    jm_dl_outline(&L->dl, st, L->t->text, 1, 1.5);
    jm_lay_text_z(L, (jm_text_style){JM_ROLE_LEGEND, &L->f_small, JM_ALIGN_START, L->t->text}, m,
                  (jm_box){f->x + 24, f->y + 3, tw, 0});
    f->x += 24 + tw + 28;
}

/* 1.2: the mark of a card or a stage that opens a detailed map */
static void detail(jm_lay *L, flow *f)
{
    const char *m = jm_lay_word(L, JM_W_DETAIL);
    double tw = jm_text_natural_width(L->tx, m, strlen(m), &L->f_small) + 1;
    advance(f, DETAIL_MARK + 8 + tw + 28);
    jm_lay_detail_mark(L, JM_ROLE_LEGEND, f->x + DETAIL_MARK, f->y + 4, L->t->muted, NULL);
    jm_lay_text_z(L, (jm_text_style){JM_ROLE_LEGEND, &L->f_small, JM_ALIGN_START, L->t->text}, m,
                  (jm_box){f->x + DETAIL_MARK + 8, f->y + 3, tw, 0});
    f->x += DETAIL_MARK + 8 + tw + 28;
}

/* Whether a card carries the dots of the personas that go through it (a
 * touchpoint only some personas go through, on the whole map's view). */
static bool persona_dots(const jm_lay *L)
{
    const jmap_journey *j = L->j;
    if (j->n_personas < 2 || L->persona >= 0) return false;
    bool cards = false;
    for (size_t i = 0; i < j->n_lanes; i++) cards |= j->lanes[i] == JM_LANE_TOUCHPOINTS;
    for (size_t c = 0; cards && c < L->n_cols; c++) {
        const jm_touchpoint *tp = L->cols[c].tp;
        if (!tp || !tp->has_persona) continue;
        for (size_t p = 0; p < j->n_personas; p++)
            if (!tp->has_persona[p]) return true;
    }
    return false;
}

/* Each persona's line (when the curves are drawn) and dot (when the cards
 * carry them), and its name. */
static void persona_curves(jm_lay *L, flow *f, bool line, bool dots)
{
    const jmap_journey *j = L->j;
    const double dot = dots ? 12 : 0; /* the dot on a card in the persona's colour, after its line */
    const double lw = line ? 28 : 0;
    for (size_t p = 0; p < j->n_personas; p++) {
        if (!jm_view_has_persona(L->persona, p)) continue;
        const jm_persona *pp = &j->personas[p];
        double tw = jm_text_natural_width(L->tx, pp->name.s, pp->name.len, &L->f_small) + 1;
        if (tw > 240) tw = 240;
        advance(f, lw + dot + tw + 20);
        if (line) { /* its line, its pattern and its mark, as on the curve */
            jm_ref ln = jm_dl_line(&L->dl, JM_ROLE_LEGEND, f->x, f->y + 11, f->x + 22, f->y + 11, jm_lay_persona_color(L, (int)p), 2.5);
            jm_item *it = jm_dl_get(&L->dl, ln);
            it->round = true;
            it->dash = jm_lay_persona_dash((int)p);
            jm_ref mk = jm_lay_mark(L, JM_ROLE_LEGEND, jm_lay_persona_shape((int)p), f->x + 11, f->y + 11, POINT_R, jm_lay_persona_color(L, (int)p));
            jm_dl_outline(&L->dl, mk, L->t->background, 1, 1.5);
        }
        if (dots) jm_dl_circle(&L->dl, JM_ROLE_LEGEND, f->x + lw + 4, f->y + 11, 4.5, jm_lay_persona_color(L, (int)p));
        double th = jm_lay_text(L, (jm_text_style){JM_ROLE_LEGEND, &L->f_small, JM_ALIGN_START, L->t->text}, pp->name.s,
                                pp->name.len, (jm_box){f->x + lw + dot, f->y + 3, tw, 0});
        if (th + 6 > f->row_h) f->row_h = th + 6;
        f->x += lw + dot + tw + 20;
    }
}

/* The markers of the pains and the opportunities, named by their lanes. */
static void markers(jm_lay *L, flow *f)
{
    const jmap_journey *j = L->j;
    static const jm_lane lanes[2] = {JM_LANE_PAINS, JM_LANE_OPPORTUNITIES};
    for (int k = 0; k < 2; k++) {
        bool shown = false, any = false;
        for (size_t i = 0; i < j->n_lanes; i++) shown |= j->lanes[i] == lanes[k];
        for (size_t c = 0; shown && c < L->n_cols; c++)
            any |= L->cols[c].tp && (k ? L->cols[c].tp->opportunities.n : L->cols[c].tp->pains.n) > 0;
        if (!any) continue;
        const char *w = jm_lay_word(L, (jm_word)lanes[k]);
        double tw = jm_text_natural_width(L->tx, w, strlen(w), &L->f_small) + 1;
        if (tw > 240) tw = 240;
        advance(f, 20 + tw + 20);
        jm_lay_bullet_mark(L, lanes[k], f->x, f->y + 11, false);
        key_label(L, f, w, tw, 20);
    }
}

/* The priorities' pills and the statuses' steps, when an opportunity has
 * one: each level, so that the scale reads. */
static void priorities(jm_lay *L, flow *f)
{
    const jmap_journey *j = L->j;
    bool shown = false, pri = false, st = false;
    for (size_t i = 0; i < j->n_lanes; i++)
        shown |= j->lanes[i] == JM_LANE_OPPORTUNITIES || j->lanes[i] == JM_LANE_ACTIONS;
    for (size_t c = 0; shown && c < L->n_cols; c++) {
        const jm_touchpoint *tp = L->cols[c].tp;
        for (size_t i = 0; tp && tp->opportunity && i < tp->opportunities.n; i++) {
            pri |= tp->opportunity[i].priority != JM_PRIORITY_NONE;
            st |= tp->opportunity[i].status != JM_STATUS_NONE;
        }
    }
    if (pri) {
        head(L, f, jm_lay_heading(L, JM_W_PRIORITY), 60);
        for (jm_priority p = JM_PRIORITY_HIGH; p <= JM_PRIORITY_LOW; p++) {
            const char *w = jm_lay_word(L, p == JM_PRIORITY_HIGH ? JM_W_HIGH : p == JM_PRIORITY_MEDIUM ? JM_W_MEDIUM : JM_W_LOW);
            advance(f, jm_text_natural_width(L->tx, w, strlen(w), &L->f_label) + 14 + 8);
            double h;
            f->x += jm_lay_priority_pill(L, JM_ROLE_LEGEND, p, f->x, f->y + 2, 240, &h) + 8;
            if (h + 4 > f->row_h) f->row_h = h + 4;
        }
        f->x += 20;
    }
    if (st) {
        head(L, f, jm_lay_heading(L, JM_W_STATUS), 60);
        static const jm_word words[4] = {JM_W_STATUS_IDEA, JM_W_STATUS_PLANNED, JM_W_STATUS_DOING, JM_W_STATUS_DONE};
        for (jm_status s = JM_STATUS_IDEA; s <= JM_STATUS_DONE; s++) {
            const char *w = jm_lay_word(L, words[s - JM_STATUS_IDEA]);
            double tw = jm_text_natural_width(L->tx, w, strlen(w), &L->f_small) + 1;
            if (tw > 240) tw = 240;
            advance(f, 26 + tw + 16);
            double h = jm_lay_status_mark(L, JM_ROLE_LEGEND, s, f->x, f->y + 3, 26 + tw);
            if (h + 6 > f->row_h) f->row_h = h + 6;
            f->x += 26 + tw + 16;
        }
        f->x += 4;
    }
}

/* Research (1.2): the citation's pill, when the map draws one, and the
 * dashed card of an assumption, when a card shown is one. */
static void research(jm_lay *L, flow *f)
{
    bool cites = false, assumed = false, cards = false;
    const jmap_journey *j = L->j;
    for (size_t i = 0; i < j->n_lanes; i++) cards |= j->lanes[i] == JM_LANE_TOUCHPOINTS;
    const jm_part *parts = L->dl.out->parts;
    for (size_t i = 0; i < L->dl.out->n_parts && !cites; i++) cites = parts[i].cls == JM_PART_CITATION;
    for (size_t c = 0; cards && c < L->n_cols; c++) assumed |= L->cols[c].tp && jm_tp_assumed(L->cols[c].tp);
    if (cites) {
        const char *w = jm_lay_word(L, JM_W_CITATION);
        double tw = jm_text_natural_width(L->tx, w, strlen(w), &L->f_small) + 1;
        if (tw > 240) tw = 240;
        advance(f, 24 + tw + 20);
        jm_lay_cite_sample(L, f->x, f->y + 7);
        key_label(L, f, w, tw, 24);
    }
    if (assumed) {
        const char *w = jm_lay_word(L, JM_W_ASSUMPTION);
        double tw = jm_text_natural_width(L->tx, w, strlen(w), &L->f_small) + 1;
        if (tw > 240) tw = 240;
        advance(f, 30 + tw + 20);
        jm_lay_assumed_sample(L, (jm_box){f->x, f->y + 3, 22, 16});
        key_label(L, f, w, tw, 30);
    }
}

/* Which curve is the journey as it is and which the one aimed for. */
static void target_key(jm_lay *L, flow *f)
{
    const jm_word words[2] = {JM_W_CURRENT, JM_W_TARGET};
    for (int k = 0; k < 2; k++) {
        const char *w = jm_lay_word(L, words[k]);
        double tw = jm_text_natural_width(L->tx, w, strlen(w), &L->f_small) + 1;
        if (tw > 240) tw = 240;
        advance(f, 28 + tw + 20);
        /* as on the curves: a score's line and filled mark; a target's thin line on its ribbon, its mark hollow */
        if (k) {
            jm_ref rb = jm_dl_line(&L->dl, JM_ROLE_LEGEND, f->x, f->y + 11, f->x + 22, f->y + 11, L->t->text, 7);
            jm_dl_get(&L->dl, rb)->stroke_alpha = 0.2f;
            jm_dl_get(&L->dl, rb)->round = true;
        }
        jm_ref ln = jm_dl_line(&L->dl, JM_ROLE_LEGEND, f->x, f->y + 11, f->x + 22, f->y + 11, L->t->text, k ? 1.5 : 2.5);
        jm_dl_get(&L->dl, ln)->round = true;
        jm_ref mk = jm_dl_circle(&L->dl, JM_ROLE_LEGEND, f->x + 11, f->y + 11, k ? TARGET_R : POINT_R,
                                 k ? L->t->background : L->t->text);
        jm_dl_outline(&L->dl, mk, k ? L->t->text : L->t->background, 1, k ? 1.8 : 1.5);
        key_label(L, f, w, tw, 28);
    }
}

/* The signs of metrics that meet or miss their target, when the map has any. */
static void verdicts(jm_lay *L, flow *f)
{
    const jmap_journey *j = L->j;
    bool shown = false, seen[3] = {false};
    for (size_t i = 0; i < j->n_lanes; i++) shown |= j->lanes[i] == JM_LANE_METRICS;
    if (!shown) return;
    for (size_t s = 0; s < j->n_stages; s++)
        for (size_t m = 0; m < j->stages[s].n_metrics; m++) seen[j->stages[s].metrics[m].verdict] = true;
    for (size_t c = 0; c < L->n_cols; c++)
        for (size_t m = 0; L->cols[c].tp && m < L->cols[c].tp->n_metrics; m++) seen[L->cols[c].tp->metrics[m].verdict] = true;
    static const jm_verdict order[2] = {JM_VERDICT_MET, JM_VERDICT_MISSED};
    for (int k = 0; k < 2; k++) {
        if (!seen[order[k]]) continue;
        const char *w = jm_lay_word(L, order[k] == JM_VERDICT_MET ? JM_W_TARGET_MET : JM_W_TARGET_MISSED);
        double tw = jm_text_natural_width(L->tx, w, strlen(w), &L->f_small) + 1;
        if (tw > 240) tw = 240;
        advance(f, 20 + tw + 20);
        jm_lay_verdict_sign(L, JM_ROLE_LEGEND, order[k], f->x + 7, f->y + 11);
        key_label(L, f, w, tw, 20);
    }
}

/* jmap diff: which tags the lists of the map's lanes show: [0] an item
 * gone, [1] an item new, each for a pain and for another lane's item. */
static void item_tags_seen(jm_lay *L, bool pain_seen[2], bool other_seen[2])
{
    const jmap_journey *j = L->j;
    for (size_t i = 0; i < j->n_lanes; i++) {
        jm_lane lane = j->lanes[i];
        bool *seen = lane == JM_LANE_PAINS ? pain_seen : other_seen;
        for (size_t c = 0; c < L->n_cols; c++) {
            const jm_touchpoint *tp = L->cols[c].tp;
            const jm_list *list = tp ? jm_diff_lane_list(tp, lane) : NULL;
            if (!list) continue;
            const jm_diff_list *change = jm_lay_diff_list(L, tp, lane);
            seen[0] |= change && change->n_gone;
            for (size_t k = 0; k < list->n && !seen[1]; k++) seen[1] |= jm_lay_diff_fresh(L, tp, lane, k);
        }
    }
}

/* A tag of the legend, drawn by tag(), at the flow's place. */
static void legend_tag(jm_lay *L, flow *f, double (*tag)(jm_lay *, int, double, double, double), int which)
{
    advance(f, 150);
    jm_group g = jm_dl_group(&L->dl);
    double h = tag(L, which, f->x, f->y, 150);
    if (h + 4 > f->row_h) f->row_h = h + 4;
    size_t n;
    jm_item *it = jm_dl_items(&L->dl, g, &n);
    double w = n ? it[0].box.w : 100;
    for (size_t k = 0; k < n; k++) it[k].role = JM_ROLE_LEGEND;
    f->x += w + 20;
}

static double kind_tag(jm_lay *L, int k, double x, double y, double w) { return jm_lay_diff_tag(L, (jm_diff_kind)k, x, y, w); }
static double pain_tag(jm_lay *L, int gone, double x, double y, double w)
{
    return jm_lay_diff_item_tag(L, JM_LANE_PAINS, gone, x, y, w);
}

/* jmap diff: the tags of the marks that the map shows, and the ghost of an
 * earlier score with its arrow on the faint earlier curve. */
static void diff_marks(jm_lay *L, flow *f, bool moved)
{
    bool seen[4] = {false}, pain_seen[2] = {false}, other_seen[2] = {false};
    for (size_t c = 0; c < L->n_cols; c++) {
        const jm_diff_mark *m = jm_diff_find(L->diff, L->cols[c].tp);
        if (m) seen[m->kind] = true;
    }
    item_tags_seen(L, pain_seen, other_seen);
    seen[JM_DIFF_REMOVED] |= other_seen[0]; /* another lane's item gone or new: the cards' tags */
    seen[JM_DIFF_ADDED] |= other_seen[1];
    static const jm_diff_kind kinds[] = {JM_DIFF_ADDED, JM_DIFF_CHANGED, JM_DIFF_REMOVED};
    for (size_t i = 0; i < 3; i++)
        if (seen[kinds[i]]) legend_tag(L, f, kind_tag, (int)kinds[i]);
    if (pain_seen[0]) legend_tag(L, f, pain_tag, 1);
    if (pain_seen[1]) legend_tag(L, f, pain_tag, 0);
    if (!moved) return;
    const char *e = jm_lay_word(L, JM_W_EARLIER_SCORE);
    double tw = jm_text_natural_width(L->tx, e, strlen(e), &L->f_small) + 1;
    advance(f, 14 + 46 + tw + 28);
    const double x = f->x + 14; /* room for the faint curve before the ghost */
    jm_ref old = jm_dl_line(&L->dl, JM_ROLE_LEGEND, f->x, f->y + 11, x + 7, f->y + 11, L->t->text, 2);
    jm_dl_get(&L->dl, old)->stroke_alpha = 0.3f;
    jm_ref ghost = jm_dl_circle(&L->dl, JM_ROLE_LEGEND, x + 7, f->y + 11, POINT_R, L->t->background);
    jm_dl_outline(&L->dl, ghost, L->t->text, 1, 1.5);
    jm_dl_line(&L->dl, JM_ROLE_LEGEND, x + 7 + POINT_R + 2, f->y + 11, x + 36, f->y + 11, L->t->text, 1.2);
    jm_pen pen = jm_dl_path(&L->dl, JM_ROLE_LEGEND, 3);
    jm_pen_seg(&L->dl, &pen, JM_SEG_MOVE, x + 31, f->y + 7);
    jm_pen_seg(&L->dl, &pen, JM_SEG_LINE, x + 37, f->y + 11);
    jm_pen_seg(&L->dl, &pen, JM_SEG_LINE, x + 31, f->y + 15);
    jm_ref head = jm_dl_path_end(&L->dl, &pen);
    jm_dl_outline(&L->dl, head, L->t->text, 1, 1.2);
    jm_dl_get(&L->dl, head)->fill_alpha = 0;
    jm_lay_text_z(L, (jm_text_style){JM_ROLE_LEGEND, &L->f_small, JM_ALIGN_START, L->t->text}, e,
                  (jm_box){x + 46, f->y + 3, tw, 0});
    f->x = x + 46 + tw + 28;
}

/* The paths lane's arrows and an optional touchpoint's tag (paths.c). */
static void paths_keys(jm_lay *L, flow *f)
{
    static const jm_word words[] = {JM_W_PATH_JUMP, JM_W_PATH_RETURN, JM_W_PATH_EXIT};
    for (int k = 0; k < 3; k++) {
        if (!jm_lay_paths_kind_drawn(L, k)) continue;
        const char *w = jm_lay_word(L, words[k]);
        double tw = jm_text_natural_width(L->tx, w, strlen(w), &L->f_small) + 1;
        advance(f, 34 + tw + 20);
        key_label(L, f, w, tw, jm_lay_path_key(L, k, f->x, f->y + 2) + 6);
    }
    if (jm_lay_paths_kind_drawn(L, -1)) {
        const char *w = jm_lay_word(L, JM_W_OPTIONAL);
        double tw = jm_text_natural_width(L->tx, w, strlen(w), &L->f_small) + 1;
        advance(f, 34 + tw + 20);
        jm_ref r = jm_dl_rect(&L->dl, JM_ROLE_LEGEND, (jm_box){f->x, f->y + 3, 24, 16}, L->t->surface, 1, 3);
        jm_dl_outline(&L->dl, r, L->t->muted, 1, 1.5);
        jm_dl_get(&L->dl, r)->dash = JM_DASH_RULE;
        key_label(L, f, w, tw, 30);
    }
}

double jm_lay_legend(jm_lay *L, double y)
{
    const jmap_journey *j = L->j;
    jm_group legend = jm_dl_group(&L->dl);
    jm_dl_part_begin(&L->dl, JM_PART_LEGEND, (jm_part_data){0});
    flow f = {MARGIN, y + 28, MIN_ROW, MARGIN + L->content_w};
    bool any_moment = false, any_score = false, any_target = false, any_detail = false;
    bool cards = false;
    for (size_t i = 0; i < j->n_lanes; i++) cards |= j->lanes[i] == JM_LANE_TOUCHPOINTS;
    for (size_t s = 0; s < j->n_stages; s++) any_detail |= j->stages[s].detail.s != NULL;
    for (size_t c = 0; c < L->n_cols; c++) {
        const jm_touchpoint *tp = L->cols[c].tp;
        if (!tp) continue;
        any_moment |= tp->moment;
        any_detail |= cards && tp->detail.s != NULL;
        size_t np = j->n_personas ? j->n_personas : 1;
        for (size_t p = 0; p < np; p++) any_score |= !isnan(tp->emotion[p]);
        for (size_t p = 0; p < np && tp->target; p++) any_target |= !isnan(tp->target[p]);
    }
    bool emotions = false;
    for (size_t i = 0; i < j->n_lanes; i++) emotions |= j->lanes[i] == JM_LANE_EMOTIONS;
    channels(L, &f);
    /* the colours of scores, where points take them: on a map with personas
     * a point takes its persona's colour, and the band's scale tells the score */
    if (any_score && emotions && !j->n_personas) emotion_scale(L, &f);
    if (any_moment) moment(L, &f);
    fail_key(L, &f);
    if (any_detail) detail(L, &f);
    bool dots = persona_dots(L);
    if (j->n_personas && (emotions || dots)) persona_curves(L, &f, emotions, dots);
    if (any_target && emotions) target_key(L, &f);
    verdicts(L, &f);
    paths_keys(L, &f);
    markers(L, &f);
    research(L, &f);
    priorities(L, &f);
    if (L->diff) {
        bool moved = false;
        size_t np = j->n_personas ? j->n_personas : 1;
        for (size_t c = 0; c < L->n_cols && emotions; c++) {
            const jm_diff_mark *m = jm_diff_find(L->diff, L->cols[c].tp);
            for (size_t p = 0; m && p < np; p++)
                moved |= jm_view_has_persona(L->persona, p) && !isnan(m->before[p]) &&
                         m->before[p] != L->cols[c].tp->emotion[p];
        }
        diff_marks(L, &f, moved);
    }
    jm_dl_part_end(&L->dl);
    size_t n;
    jm_dl_items(&L->dl, legend, &n);
    return n ? f.y + f.row_h : y;
}
