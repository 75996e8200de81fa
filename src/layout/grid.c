/* Layout: the grid of stages (columns) by lanes (rows): the stage headers,
 * the touchpoint cards, the text cells, the metrics, the line of visibility
 * and the rules and tints behind it all. The emotions lane is
 * layout_emotion.c's. */
#include "layout/parts.h"

#include "model/sources.h"
#include "model/theme.h"

static jm_box col_box(const jm_lay *L, size_t c) { return (jm_box){L->cols[c].x, 0, COL_W, 0}; }

/* ---- stage headers ---- */

/* Whether the map shows its metrics lane. */
static bool metrics_shown(const jmap_journey *j)
{
    for (size_t i = 0; i < j->n_lanes; i++)
        if (j->lanes[i] == JM_LANE_METRICS) return true;
    return false;
}

/* The stages' own metrics, in their headers under the goals (at y), across
 * the stage: in the metrics lane they stood under touchpoint columns and
 * read as those touchpoints'. Returns the height they take (0 for none). */
static double stage_metrics(jm_lay *L, double y)
{
    const jmap_journey *j = L->j;
    if (!metrics_shown(j)) return 0;
    double h = 0;
    for (size_t s = 0; s < j->n_stages; s++) {
        const jm_stage *st = &j->stages[s];
        if (!st->n_metrics) continue;
        jm_box b = jm_lay_stage_box(L, s);
        L->dl.at = (jm_place){(int)s, -1, -1};
        double mh = jm_lay_metric_chips(L, st->metrics, st->n_metrics, b.x + 3 + PAD, b.w - 6 - 2 * PAD, y + PAD);
        if (mh + 2 * PAD > h) h = mh + 2 * PAD;
    }
    L->dl.at = (jm_place){-1, -1, -1};
    return h;
}

static double stage_headers(jm_lay *L, double y)
{
    const jmap_journey *j = L->j;
    jm_dl *dl = &L->dl;
    jm_group head = jm_dl_group(dl);
    double band_h = 0, goal_h = 0;
    /* measure: names at y = PAD, goals at y = 0 until the tallest name is known */
    jm_ref *goals = jm_dl_alloc(dl, (j->n_stages + 1) * sizeof *goals);
    int *parts = jm_dl_alloc(dl, (j->n_stages + 1) * sizeof *parts);
    if (!goals || !parts) return y;
    for (size_t s = 0; s < j->n_stages; s++) {
        jm_box b = jm_lay_stage_box(L, s);
        jm_rgb on = jm_text_on(jm_lay_stage_color(L, s), L->t);
        dl->at = (jm_place){(int)s, -1, -1};
        jm_part_data here = jm_lay_here(L);
        const char *detail = j->stages[s].detail.s; /* 1.2: the stage opens a detailed map */
        here.detail = detail;
        parts[s] = jm_dl_part_begin(dl, JM_PART_STAGE, here);
        double mark = detail ? jm_lay_detail_mark(L, JM_ROLE_STAGE, b.x + b.w - 3 - PAD, PAD + 2, on, detail) + 6 : 0;
        const jm_str *name = &j->stages[s].name;
        double cite_w = jm_lay_cite_width(L, j->stages[s].source); /* its sources' marks at the name's end */
        jm_font f = jm_lay_fit_words(L, name->s, name->len, &L->f_stage, b.w - 6 - 2 * PAD - cite_w - mark, 0.72);
        double name_w =
            jm_lay_cite_text_w(L, j->stages[s].source, name->s, name->len, &f, b.w - 6 - 2 * PAD - mark);
        double h = jm_lay_text(L, (jm_text_style){JM_ROLE_STAGE, &f, JM_ALIGN_START, on}, name->s, name->len,
                               (jm_box){b.x + 3 + PAD, PAD, name_w, 0});
        jm_lay_cite(L, j->stages[s].source,
                    jm_lay_cite_end(L, j->stages[s].source, name->s, name->len, &f, b.x + 3 + PAD,
                                    b.w - 6 - 2 * PAD - mark),
                    PAD + 2);
        if (h + 2 * PAD > band_h) band_h = h + 2 * PAD;
        const jm_str *g = &j->stages[s].goal;
        double gh;
        goals[s] = jm_dl_text(dl, (jm_text_style){JM_ROLE_STAGE, &L->f_goal, JM_ALIGN_START, L->t->text}, g->s, g->len,
                              (jm_box){b.x + 3 + PAD, 0, b.w - 6 - 2 * PAD, 0}, &gh);
        if (gh > 0 && gh + 2 * PAD > goal_h) goal_h = gh + 2 * PAD;
        jm_dl_part_end(dl);
    }
    dl->at = (jm_place){-1, -1, -1};
    /* goals sit under the tallest name band */
    for (size_t s = 0; s < j->n_stages; s++) {
        jm_item *g = jm_dl_get(dl, goals[s]);
        g->box.y = band_h + PAD;
        g->cell.y = band_h + PAD;
    }
    /* each stage text's cell is its header box (a metric chip keeps its own) */
    size_t n;
    jm_item *items = jm_dl_items(dl, head, &n);
    for (size_t i = 0; i < n; i++) {
        jm_item *it = &items[i];
        it->cell = (jm_box){it->box.x - PAD, 0, it->box.w + 2 * PAD, band_h + goal_h};
    }
    double metrics_h = stage_metrics(L, band_h + goal_h);
    /* the backgrounds, under the texts */
    jm_layer under = jm_dl_under(dl, head);
    for (size_t s = 0; s < j->n_stages; s++) {
        jm_box b = jm_lay_stage_box(L, s);
        jm_rgb c = jm_lay_stage_color(L, s);
        jm_dl_part_resume(dl, parts[s]);
        if (goal_h + metrics_h > 0)
            jm_dl_rect(dl, JM_ROLE_DECOR, (jm_box){b.x + 3, 0, b.w - 6, band_h + goal_h + metrics_h}, c, 0.14f, 8);
        jm_dl_rect(dl, JM_ROLE_DECOR, (jm_box){b.x + 3, 0, b.w - 6, band_h}, c, 1, 8);
        jm_dl_part_end(dl);
    }
    jm_dl_end_under(dl, under);
    jm_dl_shift(dl, head, y);
    return y + band_h + goal_h + metrics_h;
}

/* A lane's title is its word (words.h: a jm_lane is its jm_word). */
static const char *lane_title(const jm_lay *L, jm_lane l) { return jm_lay_word(L, (jm_word)l); }

/* ---- cells ---- */

void jm_lay_bullet_mark(jm_lay *L, jm_lane lane, double x, double my, bool muted)
{
    jm_dl *dl = &L->dl;
    if (lane == JM_LANE_PAINS) {
        jm_dl_circle(dl, JM_ROLE_DECOR, x + 6, my, 5.5, muted ? L->t->muted : L->t->pain);
        jm_dl_line(dl, JM_ROLE_DECOR, x + 3.5, my, x + 8.5, my, L->t->background, 1.6);
    } else if (lane == JM_LANE_OPPORTUNITIES) {
        jm_dl_circle(dl, JM_ROLE_DECOR, x + 6, my, 5.5, muted ? L->t->muted : L->t->opportunity);
        jm_dl_line(dl, JM_ROLE_DECOR, x + 3.5, my, x + 8.5, my, L->t->background, 1.6);
        jm_dl_line(dl, JM_ROLE_DECOR, x + 6, my - 2.5, x + 6, my + 2.5, L->t->background, 1.6);
    } else {
        jm_ref sq = jm_dl_rect(dl, JM_ROLE_DECOR, (jm_box){x + 2, my - 4, 8, 8}, L->t->muted, 0, 1.5);
        jm_dl_outline(dl, sq, L->t->muted, 1, 1.4);
    }
}

/* Bullets with a marker; returns the height. tp: whose list it is, for
 * jmap diff's marks of new items; gone: a list of items gone (jmap diff),
 * drawn muted and struck through. */
static double bullets(jm_lay *L, const jm_list *list, const jm_opportunity *meta, double x, double y, double w,
                      jm_lane lane, const jm_touchpoint *tp, bool gone)
{
    jm_dl *dl = &L->dl;
    double h0 = y;
    int part = lane == JM_LANE_PAINS ? JM_PART_PAIN : lane == JM_LANE_OPPORTUNITIES ? JM_PART_OPPORTUNITY : -1;
    for (size_t i = 0; i < list->n; i++) {
        const jm_str *s = &list->items[i];
        if (part >= 0) jm_dl_part_begin(dl, (jm_part_class)part, jm_lay_here(L));
        const jm_cites *cites = !tp || gone ? NULL
                                : lane == JM_LANE_PAINS ? jm_tp_pain_source(tp, i)
                                : lane == JM_LANE_OPPORTUNITIES ? jm_tp_opportunity_source(tp, i) : NULL;
        double text_w = jm_lay_cite_text_w(L, cites, s->s, s->len, &L->f_body, w - MARKER - 4), h;
        jm_ref text = jm_dl_text(dl, (jm_text_style){JM_ROLE_CELL, &L->f_body, JM_ALIGN_START, gone ? L->t->muted : L->t->text},
                                 s->s, s->len, (jm_box){x + MARKER + 4, y, text_w, 0}, &h);
        jm_lay_cite(L, cites, jm_lay_cite_end(L, cites, s->s, s->len, &L->f_body, x + MARKER + 4, w - MARKER - 4), y + 1);
        if (gone) jm_lay_diff_strike(L, text, &L->f_body, L->t->muted);
        if (gone || (tp && jm_lay_diff_fresh(L, tp, lane, i)))
            h += 4 + jm_lay_diff_item_tag(L, lane, gone, x + MARKER + 4, y + h + 4, w - MARKER - 4);
        jm_lay_bullet_mark(L, lane, x, y + L->f_body.size * 0.72, gone);
        if (tp && !gone) h += jm_lay_bp_item(L, tp, lane, i, x + MARKER + 4, y + h, w - MARKER - 4); /* 1.2 */
        if (meta) {
            double mh = jm_lay_opportunity_meta(L, &meta[i], x + MARKER + 4, y + h + 4, w - MARKER - 4);
            if (mh > 0) h += 4 + mh;
        }
        if (part >= 0) jm_dl_part_end(dl);
        y += h + (i + 1 < list->n ? (meta ? 10 : 6) : 0);
    }
    return y - h0;
}

static double card(jm_lay *L, size_t c, double y)
{
    jm_dl *dl = &L->dl;
    const jm_column *col = &L->cols[c];
    const jm_touchpoint *tp = col->tp;
    const jm_theme *t = L->t;
    double x = col->x + CARD_INSET, w = COL_W - 2 * CARD_INSET, inner = w - 2 * 12;
    jm_ref bg = jm_dl_rect(dl, JM_ROLE_CARD, (jm_box){x, y, w, 0}, t->surface, 1, 8);
    jm_dl_outline(dl, bg, tp->moment ? t->text : t->line, 1, tp->moment ? 1.5 : 1);
    if (jm_tp_assumed(tp)) jm_lay_assumed_outline(L, bg); /* a hypothesis, drawn apart (1.2) */
    double cy = y + 12;
    double badge = tp->moment ? 22 : 0;
    /* a touchpoint only some personas go through: a dot in each one's colour */
    size_t n_dots = 0;
    const jmap_journey *j = L->j;
    if (j->n_personas > 1 && L->persona < 0 && tp->has_persona) {
        for (size_t p = 0; p < j->n_personas; p++) n_dots += jm_view_has_touchpoint((long)p, tp);
        if (n_dots == j->n_personas) n_dots = 0;
    }
    if (n_dots) {
        double dx = x + w - 12 - badge - 5;
        for (size_t p = j->n_personas; p-- > 0;) {
            if (!jm_view_has_touchpoint((long)p, tp)) continue;
            jm_ref dot = jm_dl_circle(dl, JM_ROLE_ICON, dx, y + 12 + ICON / 2, 4.5, jm_lay_persona_color(L, (int)p));
            jm_dl_get(dl, dot)->persona = (int)p;
            dx -= 12;
        }
        badge += (double)n_dots * 12 + 4;
    }
    if (tp->detail.s) { /* 1.2: it opens a detailed map */
        badge += jm_lay_detail_mark(L, JM_ROLE_ICON, x + w - 12 - badge, y + 12 + (ICON - DETAIL_MARK) / 2, t->muted,
                                    tp->detail.s) + 6;
    }
    jm_str channel = jm_lay_diff_channel(L, tp); /* its name; on a diff, "old -> new" when it changed */
    if (channel.s) {
        if (tp->channel_ix >= 0) jm_dl_icon(dl, L->j->channels[tp->channel_ix].icon_id, x + 12, cy, ICON, t->muted);
        double h = jm_lay_text(L, (jm_text_style){JM_ROLE_CELL, &L->f_small, JM_ALIGN_START, t->muted}, channel.s,
                               channel.len, (jm_box){x + 12 + ICON + 6, cy + 1, inner - ICON - 6 - badge, 0});
        cy += (h > ICON ? h : ICON) + 6;
    } else if (tp->moment || n_dots || tp->detail.s) {
        cy += ICON + 6;
    }
    if (tp->moment) {
        jm_dl_part_begin(dl, JM_PART_MOMENT, jm_lay_here(L));
        jm_dl_star(dl, JM_ROLE_MOMENT, x + w - 12 - 8, y + 12 + 8, 8, t->text);
        jm_dl_part_end(dl);
    }
    const jm_diff_mark *mark = jm_diff_find(L->diff, tp);
    if (mark && mark->kind != JM_DIFF_SAME) {
        jm_dl_outline(dl, bg, jm_lay_diff_color(L, mark->kind), 1, 2.5);
        cy += jm_lay_diff_tag(L, mark->kind, x + 12, cy, inner) + 6;
    }
    if (tp->optional) cy += jm_lay_optional_tag(L, bg, x + 12, cy, inner) + 6;
    double name_h, name_w = jm_lay_cite_text_w(L, jm_tp_source(tp), tp->name.s, tp->name.len, &L->f_bold, inner);
    jm_ref name = jm_dl_text(dl, (jm_text_style){JM_ROLE_CELL, &L->f_bold, JM_ALIGN_START, t->text}, tp->name.s,
                             tp->name.len, (jm_box){x + 12, cy, name_w, 0}, &name_h);
    jm_lay_cite(L, jm_tp_source(tp), jm_lay_cite_end(L, jm_tp_source(tp), tp->name.s, tp->name.len, &L->f_bold, x + 12, inner),
                cy + 1);
    cy += name_h;
    if (mark) cy += jm_lay_diff_card(L, tp, name, x + 12, cy, inner);
    cy += jm_lay_card_fails(L, tp, x + 12, cy, inner); /* 1.2 */
    cy += 12;
    jm_dl_get(dl, bg)->box.h = cy - y;
    return cy - y;
}

static double text_cell(jm_lay *L, size_t c, jm_lane lane, double y)
{
    const jm_touchpoint *tp = L->cols[c].tp;
    double x = L->cols[c].x + PAD, w = COL_W - 2 * PAD;
    double was = L->diff ? jm_lay_diff_was(L, tp, lane, x, y, w) : 0; /* a diff: the old text, struck through */
    y += was;
    const jm_list *list = jm_diff_lane_list(tp, lane);
    if (list) { /* its items; on a diff, then the items gone from it */
        double h = bullets(L, list, lane == JM_LANE_OPPORTUNITIES ? tp->opportunity : NULL, x, y, w, lane, tp, false);
        const jm_diff_list *change = jm_lay_diff_list(L, tp, lane);
        if (!change || !change->n_gone) return h;
        double gap = h > 0 ? 10 : 0;
        jm_list gone = {(jm_str *)change->gone, change->n_gone, {0}};
        return h + gap + bullets(L, &gone, NULL, x, y + h + gap, w, lane, NULL, true);
    }
    switch (lane) {
    case JM_LANE_DOING:
        return was + jm_lay_text(L, (jm_text_style){JM_ROLE_CELL, &L->f_body, JM_ALIGN_START, L->t->text}, tp->doing.s,
                                 tp->doing.len, (jm_box){x, y, w, 0});
    case JM_LANE_OWNER:
        return was + jm_lay_text(L, (jm_text_style){JM_ROLE_CELL, &L->f_body, JM_ALIGN_START, L->t->text}, tp->owner.s,
                                 tp->owner.len, (jm_box){x, y, w, 0});
    case JM_LANE_THINKING: {
        if (was > 0) y += 4; /* clear of the bubble's edge */
        if (!tp->thinking.s || !tp->thinking.len) return 0;
        const char *q = jm_lay_quoted(L, tp->thinking.s, tp->thinking.len);
        if (!q) return 0;
        jm_ref bubble = jm_dl_rect(&L->dl, JM_ROLE_DECOR, (jm_box){x - 4, y - 4, w + 8, 0}, L->t->surface, 1, 8);
        jm_dl_outline(&L->dl, bubble, L->t->line, 1, 1);
        double q_w = jm_lay_cite_text_w(L, jm_tp_thinking_source(tp), q, strlen(q), &L->f_quote, w - 8);
        double h = jm_lay_text_z(L, (jm_text_style){JM_ROLE_CELL, &L->f_quote, JM_ALIGN_START, L->t->text}, q,
                                 (jm_box){x + 4, y + 4, q_w, 0});
        jm_lay_cite(L, jm_tp_thinking_source(tp),
                    jm_lay_cite_end(L, jm_tp_thinking_source(tp), q, strlen(q), &L->f_quote, x + 4, w - 8), y + 5);
        jm_dl_get(&L->dl, bubble)->box.h = h + 16;
        return (was > 0 ? was + 4 : 0) + h + 8;
    }
    default: return 0;
    }
}

/* ---- rows ---- */

static double lane_row(jm_lay *L, jm_lane lane, double y)
{
    jm_dl *dl = &L->dl;
    jm_group row = jm_dl_group(dl);
    double h = 0;
    /* the emotions lane keeps room for the scale numbers beside the band */
    const double label_w = lane == JM_LANE_EMOTIONS ? LABEL_W - PAD - TICK_W - 6 : LABEL_W - PAD;
    if (lane == JM_LANE_EMOTIONS) {
        h = jm_lay_emotions(L, y) + 2 * PAD;
    } else if (lane == JM_LANE_FLOW || lane == JM_LANE_TIME) { /* 1.2: flowtime.c */
        h = lane == JM_LANE_FLOW ? jm_lay_flow(L) : jm_lay_time(L);
        jm_dl_shift(dl, row, y);
    } else if (lane == JM_LANE_PATHS) {
        h = jm_lay_paths(L, y);
    } else if (lane == JM_LANE_METRICS) {
        /* each touchpoint's metrics in its column (the stages' are in their headers) */
        h = 0;
        double ty = PAD;
        for (size_t c = 0; c < L->n_cols; c++) {
            const jm_touchpoint *tp = L->cols[c].tp;
            if (!tp || !tp->n_metrics) continue;
            dl->at.stage = (int)L->cols[c].stage;
            dl->at.col = (int)c;
            double mh = jm_lay_metric_chips(L, tp->metrics, tp->n_metrics, L->cols[c].x + PAD, COL_W - 2 * PAD, ty);
            if (ty + mh + PAD > h) h = ty + mh + PAD;
        }
        jm_dl_shift(dl, row, y);
    } else {
        for (size_t c = 0; c < L->n_cols; c++) {
            if (!L->cols[c].tp) continue;
            jm_group cell = jm_dl_group(dl);
            dl->at.stage = (int)L->cols[c].stage;
            dl->at.col = (int)c;
            jm_part_data here = jm_lay_here(L);
            here.lane = lane == JM_LANE_TOUCHPOINTS ? NULL : jm_lane_names[lane];
            if (lane == JM_LANE_TOUCHPOINTS) here.detail = L->cols[c].tp->detail.s;
            jm_dl_part_begin(dl, lane == JM_LANE_TOUCHPOINTS ? JM_PART_CARD : JM_PART_CELL, here);
            double ch = lane == JM_LANE_TOUCHPOINTS ? card(L, c, PAD) : text_cell(L, c, lane, PAD);
            jm_dl_part_end(dl);
            if (lane != JM_LANE_TOUCHPOINTS) jm_dl_set_cells(dl, cell, col_box(L, c));
            else jm_dl_set_cells(dl, cell, (jm_box){L->cols[c].x + CARD_INSET, PAD, COL_W - 2 * CARD_INSET, ch});
            if (ch + 2 * PAD > h) h = ch + 2 * PAD;
        }
        /* touchpoint cards stretch to the row */
        size_t n;
        jm_item *items = jm_dl_items(dl, row, &n);
        if (lane == JM_LANE_TOUCHPOINTS)
            for (size_t i = 0; i < n; i++)
                if (items[i].role == JM_ROLE_CARD) items[i].box.h = h - 2 * PAD;
        jm_dl_shift(dl, row, y);
    }
    dl->at.stage = 0; /* a lane's title reads before its first cell */
    dl->at.col = -1;
    size_t n_cells;
    jm_dl_items(dl, row, &n_cells);
    double lh;
    jm_dl_part_begin(dl, JM_PART_LANE, (jm_part_data){.lane = jm_lane_names[lane]});
    jm_ref label = jm_dl_text(dl, (jm_text_style){JM_ROLE_LANE_LABEL, &L->f_label, JM_ALIGN_START, L->t->muted},
                              lane_title(L, lane), strlen(lane_title(L, lane)),
                              (jm_box){MARGIN, y + PAD + 2, label_w, 0}, &lh);
    if (lane == JM_LANE_TIME) lh += 6 + jm_lay_time_summary(L, MARGIN, y + PAD + 2 + lh + 6, label_w); /* 1.2 */
    jm_dl_part_end(dl);
    if (lh + 2 * PAD > h) h = lh + 2 * PAD;
    /* the title again in each gutter of a long row, read with the stage after it */
    jm_ref *again = L->n_gutters ? jm_dl_alloc(dl, L->n_gutters * sizeof *again) : NULL;
    for (size_t g = 0; again && g < L->n_gutters; g++) {
        dl->at.stage = (int)L->gutter_stage[g];
        jm_dl_part_begin(dl, JM_PART_LANE, (jm_part_data){.lane = jm_lane_names[lane]});
        jm_group title = jm_dl_group(dl);
        const char *lt = lane_title(L, lane);
        double gw = lane == JM_LANE_EMOTIONS ? label_w : GUTTER_W - 2 * PAD; /* room for the scale, as at the left */
        again[g] = jm_dl_text(dl, (jm_text_style){JM_ROLE_LANE_LABEL, &L->f_label, JM_ALIGN_START, L->t->muted}, lt,
                              strlen(lt), (jm_box){L->gutters[g] + PAD, y + PAD + 2, gw, 0}, &lh);
        if (lh + 2 * PAD > h) h = lh + 2 * PAD;
        if (lane == JM_LANE_EMOTIONS && jm_dl_live(dl, again[g])) {
            /* the curves cross the gutter: the title stands on a halo over them */
            double tw = jm_text_natural_width(L->tx, lt, strlen(lt), &L->f_label) + 2;
            jm_lay_halo(L, title, (jm_box){L->gutters[g] + PAD - 4, y + PAD + 2 - 3, (tw < gw ? tw : gw) + 8, lh + 6});
        }
        jm_dl_part_end(dl);
    }
    if (h < 44) h = 44;
    jm_dl_get(dl, label)->cell = (jm_box){MARGIN, y, label_w, h};
    for (size_t g = 0; again && g < L->n_gutters; g++)
        if (jm_dl_live(dl, again[g])) jm_dl_get(dl, again[g])->cell = (jm_box){L->gutters[g], y, GUTTER_W, h};
    /* cells of this row: their column and the row's height */
    if (lane != JM_LANE_TOUCHPOINTS) {
        jm_item *items = jm_dl_items(dl, row, &(size_t){0});
        for (size_t i = 0; i < n_cells; i++) {
            jm_item *it = &items[i];
            if (it->kind != JM_ITEM_TEXT || it->role == JM_ROLE_METRIC || it->role == JM_ROLE_LANE_LABEL ||
                it->role == JM_ROLE_FEELING)
                continue;
            it->cell.y = y;
            it->cell.h = h;
        }
    }
    return h;
}

static void grid_decor(jm_lay *L, double top, double bottom, const double *row_tops, size_t n_rows)
{
    jm_dl *dl = &L->dl;
    const jm_theme *t = L->t;
    for (size_t s = 0; s < L->j->n_stages; s++) {
        jm_box b = jm_lay_stage_box(L, s);
        jm_dl_rect(dl, JM_ROLE_DECOR, (jm_box){b.x + 3, top, b.w - 6, bottom - top}, jm_lay_stage_color(L, s), 0.035f,
                   0);
        if (s > 0) jm_dl_line(dl, JM_ROLE_DECOR, b.x, top, b.x, bottom, t->line, 1);
    }
    for (size_t r = 0; r < n_rows; r++)
        jm_dl_line(dl, JM_ROLE_DECOR, MARGIN, row_tops[r], L->grid_x + L->grid_w, row_tops[r], t->line, 1);
    jm_dl_line(dl, JM_ROLE_DECOR, MARGIN, bottom, L->grid_x + L->grid_w, bottom, t->line, 1);
}

/* The service blueprint's lines, each drawn its own way: the line of
 * interaction solid, the line of visibility dashed, the line of internal
 * interaction dotted; each named on a halo at the start of the grid. */
static void blueprint_line(jm_lay *L, double y, jm_word word)
{
    jm_dl *dl = &L->dl;
    jm_ref lv = jm_dl_line(dl, JM_ROLE_DECOR, MARGIN, y + 14, L->grid_x + L->grid_w, y + 14, L->t->muted, 1.2);
    jm_item *line = jm_dl_get(dl, lv);
    line->dash = word == JM_W_LINE_OF_VISIBILITY ? JM_DASH_RULE : word == JM_W_LINE_OF_INTERNAL_INTERACTION ? JM_DASH_DOT : 0;
    line->round = word == JM_W_LINE_OF_INTERNAL_INTERACTION;
    if (line->round) line->line_width = 2;
    jm_group label = jm_dl_group(dl);
    const char *name = jm_lay_word(L, word);
    double w = jm_text_natural_width(L->tx, name, strlen(name), &L->f_label) + 2;
    double lh = jm_lay_text_z(L, (jm_text_style){JM_ROLE_LANE_LABEL, &L->f_label, JM_ALIGN_START, L->t->muted}, name,
                              (jm_box){L->grid_x + 14, y + 8, w, 0});
    jm_lay_halo(L, label, (jm_box){L->grid_x + 8, y + 8 - 3, w + 12, lh + 6});
}

/* The line drawn above lane i of the map's lanes, or -1: the line of
 * interaction above frontstage, the line of visibility above backstage (above
 * support when no backstage lane is shown), the line of internal interaction
 * between backstage and support; only between two lanes that are shown. */
static int line_above(const jmap_journey *j, size_t i)
{
    if (i == 0) return -1;
    bool backstage = false, backstage_above = false;
    for (size_t k = 0; k < j->n_lanes; k++) {
        backstage |= j->lanes[k] == JM_LANE_BACKSTAGE;
        if (k < i) backstage_above |= j->lanes[k] == JM_LANE_BACKSTAGE;
    }
    switch (j->lanes[i]) {
    case JM_LANE_FRONTSTAGE: return JM_W_LINE_OF_INTERACTION;
    case JM_LANE_BACKSTAGE: return JM_W_LINE_OF_VISIBILITY;
    case JM_LANE_SUPPORT:
        if (!backstage) return JM_W_LINE_OF_VISIBILITY;
        return backstage_above && j->lanes[i - 1] == JM_LANE_BACKSTAGE ? JM_W_LINE_OF_INTERNAL_INTERACTION : -1;
    default: return -1;
    }
}

double jm_lay_grid(jm_lay *L, double y)
{
    const jmap_journey *j = L->j;
    y += 28;
    y = stage_headers(L, y) + 6;
    jm_group lanes = jm_dl_group(&L->dl);
    double top = y;
    double row_tops[JM_LANE_COUNT + 1];
    size_t n_rows = 0;
    for (size_t i = 0; i < j->n_lanes && n_rows < JM_LANE_COUNT + 1; i++) {
        jm_lane lane = j->lanes[i];
        if (lane == JM_LANE_ACTIONS || lane == JM_LANE_SOURCES) continue; /* below the map: act.c, sources.c */
        int line = line_above(j, i);
        if (line >= 0) {
            L->dl.at = (jm_place){0, (int)n_rows, -1};
            y += 6;
            blueprint_line(L, y, (jm_word)line);
            y += 28;
        }
        L->dl.at = (jm_place){0, (int)n_rows, -1};
        row_tops[n_rows++] = y;
        y += lane_row(L, lane, y);
    }
    L->dl.at = (jm_place){-1, -1, -1};
    jm_layer under = jm_dl_under(&L->dl, lanes);
    grid_decor(L, top, y, row_tops, n_rows);
    jm_dl_end_under(&L->dl, under);
    return y;
}
