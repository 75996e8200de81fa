/* Layout: the emotions lane: the band with its scale, a curve a persona,
 * the points, the moments that matter and the feelings beside them. */
#include "layout/parts.h"
#include "model/limits.h"

#include <math.h>

/* The y of a score inside the band [top, top + h]. */
static double score_y(const jm_lay *L, double v, double top, double h)
{
    double t = (v - L->j->scale_lo) / (L->j->scale_hi - L->j->scale_lo);
    return top + h - t * h;
}

static double mean_score(const jm_lay *L, const jm_touchpoint *tp, bool *any)
{
    double sum = 0;
    int n = 0;
    size_t np = L->j->n_personas ? L->j->n_personas : 1;
    for (size_t p = 0; p < np; p++) {
        if (!jm_view_has_persona(L->persona, p)) continue;
        if (!isnan(tp->emotion[p])) { sum += tp->emotion[p]; n++; }
    }
    *any = n > 0;
    return n ? sum / n : (L->j->scale_lo + L->j->scale_hi) / 2;
}

/* Persona p's scored columns around a row's end, found by one walk over
 * the whole map's columns for all the rows (the rows' ends only move
 * right): each column is looked at at most twice. */
typedef struct jm_edge_scan {
    size_t pos;  /* the columns before pos are walked */
    long last;   /* the last scored column before pos; -1 for none */
    long next;   /* the first scored column at or after pos (n_all_cols: none); -1 not looked for yet */
} jm_edge_scan;

static bool scored_at(const jm_lay *L, size_t c, size_t p)
{
    return L->all_cols[c].tp && !isnan(L->all_cols[c].tp->emotion[p]);
}

/* On a wrapped row, where persona p's curve crosses the row's left (or
 * right) end: on the straight line from its last scored point before the
 * end to its first after, in the whole map's columns, so that the curve
 * leaves one row and enters the next at the same height. False when the
 * map is not wrapped or the curve does not cross that end. */
static bool row_edge(jm_lay *L, size_t p, bool left, double top, double band_h, double *y)
{
    if (!L->all_cols) return false;
    size_t end = left ? L->col0 : L->col0 + L->n_cols; /* the first column after the end */
    if (end == 0 || end >= L->n_all_cols) return false;
    if (!L->edges) {
        size_t np = L->j->n_personas ? L->j->n_personas : 1;
        L->edges = jm_dl_alloc(&L->dl, np * sizeof *L->edges);
        if (!L->edges) return false;
        for (size_t q = 0; q < np; q++) L->edges[q] = (jm_edge_scan){0, -1, -1};
    }
    jm_edge_scan *e = &L->edges[p];
    if (end < e->pos) *e = (jm_edge_scan){0, -1, -1}; /* the ends move right; else walk again */
    for (; e->pos < end; e->pos++)
        if (scored_at(L, e->pos, p)) e->last = (long)e->pos;
    if (e->next < (long)e->pos) { /* look from here on, once */
        size_t c = e->pos;
        while (c < L->n_all_cols && !scored_at(L, c, p)) c++;
        e->next = (long)c;
    }
    long a = e->last, b = e->next < (long)L->n_all_cols ? e->next : -1;
    if (a < 0 || b < 0) return false;
    double ya = score_y(L, L->all_cols[a].tp->emotion[p], top, band_h);
    double yb = score_y(L, L->all_cols[b].tp->emotion[p], top, band_h);
    double t = ((double)end - ((double)a + 0.5)) / ((double)b - (double)a); /* in columns, centre to centre */
    *y = ya + t * (yb - ya);
    return true;
}

/* Monotone cubic (Fritsch-Carlson) through the points: never overshoots.
 * m and d are scratch room for n slopes each. */
static void curve(jm_lay *L, const double *xs, const double *ys, size_t n, double *m, double *d, jm_rgb color,
                  int persona, bool target)
{
    jm_dl *dl = &L->dl;
    if (n == 1 && !target && persona >= 0 && L->j->n_personas > 1 && L->persona < 0) {
        /* a persona with a single point, among others: a short stroke of its
         * line through it says whose point it is, as a curve would */
        jm_pen pen = jm_dl_path(dl, JM_ROLE_DECOR, 2);
        jm_pen_seg(dl, &pen, JM_SEG_MOVE, xs[0] - 22, ys[0]);
        jm_pen_seg(dl, &pen, JM_SEG_LINE, xs[0] + 22, ys[0]);
        jm_ref ref = jm_dl_path_end(dl, &pen);
        jm_dl_outline(dl, ref, color, 1, 2.5);
        jm_item *it = jm_dl_get(dl, ref);
        it->round = true;
        it->persona = persona;
        it->dash = jm_lay_persona_dash(persona);
        return;
    }
    if (n < 2) return;
    jm_pen pen = jm_dl_path(dl, target ? JM_ROLE_TARGET : JM_ROLE_CURVE, n + 1);
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
    jm_pen_seg(dl, &pen, JM_SEG_MOVE, xs[0], ys[0]);
    for (size_t i = 0; i + 1 < n; i++) {
        double h = xs[i + 1] - xs[i];
        jm_pen_curve(dl, &pen, xs[i] + h / 3, ys[i] + m[i] * h / 3, xs[i + 1] - h / 3, ys[i + 1] - m[i + 1] * h / 3,
                     xs[i + 1], ys[i + 1]);
    }
    jm_ref ref = jm_dl_path_end(dl, &pen);
    /* a target's curve: lighter, thinner, in short dashes, under the current one */
    jm_dl_outline(dl, ref, color, target ? 0.55f : 1, target ? 2 : 2.5);
    jm_item *it = jm_dl_get(dl, ref);
    it->round = !target;
    it->persona = persona;
    it->dash = target ? JM_DASH_TARGET : jm_lay_persona_dash(persona);
}

/* jmap diff: persona p's curve before the change, faint, under the others:
 * through the old score of each column that had one (a touchpoint kept or
 * removed), in the persona's line pattern. */
static void old_curve(jm_lay *L, size_t p, double *xs, double *ys, double *m, double *d, double top, double band_h)
{
    size_t n = 0;
    for (size_t c = 0; c < L->n_cols; c++) {
        const jm_diff_mark *mark = jm_diff_find(L->diff, L->cols[c].tp);
        if (!mark || isnan(mark->before[p])) continue;
        xs[n] = L->cols[c].x + COL_W / 2;
        ys[n++] = score_y(L, mark->before[p], top, band_h);
    }
    jm_group g = jm_dl_group(&L->dl);
    int persona = L->j->n_personas ? (int)p : -1;
    curve(L, xs, ys, n, m, d, persona >= 0 ? jm_lay_persona_color(L, persona) : L->t->text, persona, false);
    size_t k;
    jm_item *it = jm_dl_items(&L->dl, g, &k);
    for (size_t i = 0; i < k; i++) {
        it[i].role = JM_ROLE_DIFF;
        it[i].stroke_alpha = 0.3f;
        it[i].line_width = 2;
    }
}

/* Persona p's targets: a curve of its own, a ring at each target, and a thin
 * link from each point to its target, so that the gap reads at a glance. */
static void targets(jm_lay *L, size_t p, double *xs, double *ys, double *m, double *d, double top, double band_h)
{
    const jmap_journey *j = L->j;
    jm_dl *dl = &L->dl;
    jm_rgb color = j->n_personas ? jm_lay_persona_color(L, (int)p) : L->t->text;
    int persona = j->n_personas ? (int)p : -1;
    size_t n = 0;
    for (size_t c = 0; c < L->n_cols; c++) {
        const jm_touchpoint *tp = L->cols[c].tp;
        if (!tp || !tp->target || isnan(tp->target[p])) continue;
        xs[n] = L->cols[c].x + COL_W / 2;
        ys[n] = score_y(L, tp->target[p], top, band_h);
        n++;
    }
    if (!n) return;
    curve(L, xs, ys, n, m, d, color, persona, true);
    for (size_t c = 0; c < L->n_cols; c++) {
        const jm_touchpoint *tp = L->cols[c].tp;
        if (!tp || !tp->target || isnan(tp->target[p])) continue;
        double cx = L->cols[c].x + COL_W / 2, ty = score_y(L, tp->target[p], top, band_h);
        if (!isnan(tp->emotion[p]) && tp->emotion[p] != tp->target[p]) {
            double py = score_y(L, tp->emotion[p], top, band_h);
            jm_ref link = jm_dl_line(dl, JM_ROLE_TARGET, cx, py, cx, ty, color, 1.5);
            jm_dl_get(dl, link)->stroke_alpha = 0.45f;
            jm_dl_get(dl, link)->persona = persona;
        }
        jm_ref ring = jm_dl_circle(dl, JM_ROLE_TARGET, cx, ty, POINT_R - 1, L->t->background);
        jm_dl_outline(dl, ring, color, 0.8f, 1.5);
        jm_dl_get(dl, ring)->persona = persona;
    }
}

/* A feeling beside its point, above it for a low score and below for a
 * high one, on a halo of the background; under the band when no stretch of
 * the band beside or between the marks holds it (band_height bounds the
 * band). Returns how far it reaches below the band's room, 0 inside it. */
static double feeling(jm_lay *L, size_t c, double v, double py, double top, double band_h)
{
    jm_dl *dl = &L->dl;
    const jm_touchpoint *tp = L->cols[c].tp;
    const jm_theme *t = L->t;
    double r = tp->moment ? MOMENT_R : POINT_R;
    jm_ref halo = jm_dl_rect(dl, JM_ROLE_DECOR, (jm_box){0, 0, 0, 0}, t->background, 0.85f, 4);
    double h;
    jm_ref label = jm_dl_text(dl, (jm_text_style){JM_ROLE_FEELING, &L->f_small, JM_ALIGN_CENTER, t->text},
                              tp->feeling.s, tp->feeling.len, (jm_box){L->cols[c].x + PAD, 0, COL_W - 2 * PAD, 0}, &h);
    if (!jm_dl_live(dl, halo) || !jm_dl_live(dl, label)) return 0;
    /* clear of every mark in the column: every shown persona's point (a star
     * on a moment), and every target's ring; above the marks for a low
     * score, below them for a high one, else in a gap between two marks */
    enum { MAX_MARKS = 2 * (JM_MAX_PERSONAS + 1) };
    double mt[MAX_MARKS], mb[MAX_MARKS]; /* each mark's top and bottom */
    size_t n = 0;
    size_t np = L->j->n_personas ? L->j->n_personas : 1;
    for (size_t p = 0; p < np && n + 2 <= MAX_MARKS; p++) {
        if (!jm_view_has_persona(L->persona, p)) continue;
        if (!isnan(tp->emotion[p])) {
            double y = score_y(L, tp->emotion[p], top, band_h);
            mt[n] = y - r, mb[n++] = y + r;
        }
        if (tp->target && !isnan(tp->target[p])) {
            double y = score_y(L, tp->target[p], top, band_h);
            mt[n] = y - POINT_R, mb[n++] = y + POINT_R;
        }
    }
    if (!n) mt[n] = py - r, mb[n++] = py + r;
    for (size_t a = 1; a < n; a++) /* by their tops */
        for (size_t b = a; b > 0 && mt[b] < mt[b - 1]; b--) {
            double tt = mt[b], tb = mb[b];
            mt[b] = mt[b - 1], mb[b] = mb[b - 1];
            mt[b - 1] = tt, mb[b - 1] = tb;
        }
    double hi = mt[0], lo = mb[0];
    for (size_t a = 0; a < n; a++) lo = fmax(lo, mb[a]);
    double above = hi - 6 - h, below = lo + 6, min_y = top - MOMENT_R, max_y = top + band_h + MOMENT_R - h;
    bool up = v < (L->j->scale_lo + L->j->scale_hi) / 2; /* above a low score, below a high one */
    double ly, under = 0, band_end = top + band_h + MOMENT_R;
    if (up && above >= min_y) ly = above;
    else if (!up && below <= max_y) ly = below;
    else if (above >= min_y) ly = above;
    else if (below <= max_y) ly = below;
    else { /* the widest gap between two marks, if the label fits in it */
        double best = -1, at = 0, reach = mb[0];
        for (size_t a = 1; a < n; a++) {
            double gap = mt[a] - reach;
            if (gap >= h + 8 && gap > best) best = gap, at = reach + (gap - h) / 2;
            reach = fmax(reach, mb[a]);
        }
        if (best >= 0) ly = at;
        else { /* under the band, clear of every mark */
            ly = band_end + 6;
            under = 6 + h + 4;
        }
    }
    jm_item *it = jm_dl_get(dl, label);
    it->box.y = ly;
    it->cell = (jm_box){L->cols[c].x, top - MOMENT_R, COL_W, band_h + 2 * MOMENT_R + under};
    PangoRectangle ink;
    pango_layout_get_extents(it->text, NULL, &ink);
    double lw = (double)ink.width / PANGO_SCALE, lx = (double)ink.x / PANGO_SCALE;
    jm_box box = {it->box.x + lx - 4, ly - 1, lw + 8, h + 2};
    jm_dl_get(dl, halo)->box = box;
    return under;
}

/* The marks (points and targets) of a column in the view drawn. */
static size_t marks_of(const jm_lay *L, const jm_touchpoint *tp)
{
    size_t marks = 0, np = L->j->n_personas ? L->j->n_personas : 1;
    for (size_t p = 0; p < np; p++) {
        if (!jm_view_has_persona(L->persona, p)) continue;
        marks += !isnan(tp->emotion[p]) + (tp->target && !isnan(tp->target[p]));
    }
    return marks;
}

/* How tall a column's feeling (h tall, 0 for none) and its k marks need the
 * band: with k marks in a column, some stretch of the band between or
 * beside them is always tall enough for the feeling when the band is
 * (k + 1) (h + 14) + 2 k MOMENT_R tall. That product is bounded by BAND_K
 * times what the column draws (its marks and its feeling, one above the
 * other), so that the band stays in proportion to what is drawn (a column
 * of 200 marks and another with a feeling of 5 000 letters made a band
 * hundreds of thousands of units tall); a feeling that no stretch then
 * holds goes under the band (feeling()). Ordinary maps, whose columns hold
 * a few marks and a few lines, are not affected by the bound. */
#define BAND_K 4.0

static double column_need(double h, size_t k)
{
    if (h <= 0) return 0;
    double need = (double)(k + 1) * (h + 14) + (double)k * 2 * MOMENT_R;
    double bound = BAND_K * ((double)k * 2 * MOMENT_R + h + 14);
    return need < bound ? need : bound;
}

/* The band's height: room for the tallest feeling above and below a point,
 * and what each column's feeling and marks need (column_need). On a wrapped
 * map, over every row (the band is as tall, its scale the same, on each),
 * measured on the first row and kept for the others. */
static double band_height(jm_lay *L)
{
    if (L->all_cols && L->band_h > 0) return L->band_h;
    const jm_column *cols = L->all_cols ? L->all_cols : L->cols;
    size_t n_cols = L->all_cols ? L->n_all_cols : L->n_cols;
    double fw = COL_W - 2 * PAD, feel_h = 0, need = 0;
    for (size_t c = 0; c < n_cols; c++) {
        const jm_touchpoint *tp = cols[c].tp;
        if (!tp || !tp->feeling.s || !tp->feeling.len) continue;
        PangoLayout *pl = jm_text_layout(L->tx, tp->feeling.s, tp->feeling.len, &L->f_small, fw, JM_ALIGN_CENTER);
        double h;
        jm_text_size(pl, NULL, &h);
        g_object_unref(pl);
        if (h > feel_h) feel_h = h;
        size_t k = marks_of(L, tp);
        need = fmax(need, column_need(h, k > 1 ? k : 1));
    }
    double room = feel_h > 0 ? feel_h + MOMENT_R + 8 : MOMENT_R;
    double band_h = fmax(fmax(2 * room + 24, 150), need);
    if (L->all_cols) L->band_h = band_h;
    return band_h;
}

double jm_lay_emotions(jm_lay *L, double y)
{
    jm_dl *dl = &L->dl;
    const jmap_journey *j = L->j;
    const jm_theme *t = L->t;
    double band_h = band_height(L);
    double top = y + PAD + MOMENT_R, bottom = top + band_h, mid = (top + bottom) / 2;

    /* the band: a faint wash above and below neutral, a dashed neutral line */
    jm_dl_rect(dl, JM_ROLE_BAND, (jm_box){L->grid_x, top, L->grid_w, band_h}, t->positive, 0, 0);
    jm_dl_rect(dl, JM_ROLE_DECOR, (jm_box){L->grid_x, top, L->grid_w, band_h / 2}, t->positive, 0.05f, 0);
    jm_dl_rect(dl, JM_ROLE_DECOR, (jm_box){L->grid_x, mid, L->grid_w, band_h / 2}, t->negative, 0.05f, 0);
    jm_ref neutral = jm_dl_line(dl, JM_ROLE_DECOR, L->grid_x, mid, L->grid_x + L->grid_w, mid, t->neutral, 1);
    jm_dl_get(dl, neutral)->dash = JM_DASH_RULE;
    /* scale numbers beside the band */
    double ticks[3] = {j->scale_hi, (j->scale_lo + j->scale_hi) / 2, j->scale_lo};
    dl->at.col = -2; /* the scale reads after the lane's title, before its first cell */
    for (int i = 0; i < 3; i++) {
        const char *s = jm_lay_number(L, ticks[i]);
        double ty = score_y(L, ticks[i], top, band_h) - L->f_small.size * 0.65;
        jm_lay_text_z(L, (jm_text_style){JM_ROLE_LANE_LABEL, &L->f_small, JM_ALIGN_END, t->muted}, s,
                      (jm_box){L->grid_x - TICK_W - 4, ty, TICK_W, 0});
    }

    dl->at.col = -1;
    /* curves, one per persona shown (or one for a map without personas) */
    size_t np = j->n_personas ? j->n_personas : 1;
    size_t cap = L->n_cols + 3; /* the points, and where the curve leaves and enters a wrapped row */
    double *xs = jm_dl_alloc(dl, 4 * cap * sizeof *xs);
    if (!xs) return band_h + 2 * MOMENT_R;
    double *ys = xs + cap, *m = ys + cap, *d = m + cap;
    for (size_t p = 0; p < np && L->diff; p++) /* a diff's old curves first, under everything */
        if (jm_view_has_persona(L->persona, p)) old_curve(L, p, xs, ys, m, d, top, band_h);
    for (size_t p = 0; p < np; p++) /* the targets first: the current curves go over them */
        if (jm_view_has_persona(L->persona, p)) targets(L, p, xs, ys, m, d, top, band_h);
    for (size_t p = 0; p < np; p++) {
        if (!jm_view_has_persona(L->persona, p)) continue;
        size_t n = 0;
        double edge_y;
        if (row_edge(L, p, true, top, band_h, &edge_y)) {
            xs[n] = L->grid_x;
            ys[n++] = edge_y;
        }
        for (size_t c = 0; c < L->n_cols; c++) {
            const jm_touchpoint *tp = L->cols[c].tp;
            if (!tp || isnan(tp->emotion[p])) continue;
            xs[n] = L->cols[c].x + COL_W / 2;
            ys[n] = score_y(L, tp->emotion[p], top, band_h);
            n++;
        }
        if (row_edge(L, p, false, top, band_h, &edge_y)) {
            xs[n] = L->grid_x + L->grid_w;
            ys[n++] = edge_y;
        }
        jm_rgb color = j->n_personas ? jm_lay_persona_color(L, (int)p) : t->text;
        curve(L, xs, ys, n, m, d, color, j->n_personas ? (int)p : -1, false);
    }
    /* points, moments and feelings */
    jm_place lane_at = dl->at;
    double under = 0; /* the feelings under the band */
    for (size_t c = 0; c < L->n_cols; c++) {
        const jm_touchpoint *tp = L->cols[c].tp;
        if (!tp) continue;
        dl->at = (jm_place){(int)L->cols[c].stage, lane_at.row, (int)c};
        double cx = L->cols[c].x + COL_W / 2;
        const jm_diff_mark *mark = jm_diff_find(L->diff, tp);
        for (size_t p = 0; p < np; p++) {
            if (!jm_view_has_persona(L->persona, p)) continue;
            if (mark && !isnan(mark->before[p]) && mark->before[p] != tp->emotion[p])
                jm_lay_diff_move(L, c, p, cx, score_y(L, mark->before[p], top, band_h),
                                 isnan(tp->emotion[p]) ? 0 : score_y(L, tp->emotion[p], top, band_h),
                                 !isnan(tp->emotion[p]));
            if (isnan(tp->emotion[p])) continue;
            double py = score_y(L, tp->emotion[p], top, band_h);
            jm_ref pt = jm_dl_circle(dl, JM_ROLE_POINT, cx, py, POINT_R, jm_lay_score_color(L, tp->emotion[p]));
            jm_dl_outline(dl, pt, t->background, 1, 2);
            jm_dl_get(dl, pt)->persona = j->n_personas ? (int)p : -1;
            jm_dl_get(dl, pt)->alt =
                j->n_personas > 1 ? jm_dl_sprintf(dl, "%s: emotion %g (%g to %g)", j->personas[p].name.s, tp->emotion[p],
                                                  j->scale_lo, j->scale_hi)
                                  : jm_dl_sprintf(dl, "Emotion %g (%g to %g)", tp->emotion[p], j->scale_lo, j->scale_hi);
        }
        bool any;
        double v = mean_score(L, tp, &any);
        double py = score_y(L, v, top, band_h);
        if (tp->moment) { /* a star on each curve that has a point here; at neutral when none has */
            for (size_t p = 0; p < np && any; p++) {
                if (!jm_view_has_persona(L->persona, p) || isnan(tp->emotion[p])) continue;
                double sy = score_y(L, tp->emotion[p], top, band_h);
                jm_ref st = jm_dl_star(dl, JM_ROLE_MOMENT, cx, sy, MOMENT_R, jm_lay_score_color(L, tp->emotion[p]));
                jm_dl_outline(dl, st, t->text, 1, 1.5);
            }
            if (!any) {
                jm_ref st = jm_dl_star(dl, JM_ROLE_MOMENT, cx, py, MOMENT_R, t->neutral);
                jm_dl_outline(dl, st, t->text, 1, 1.5);
            }
        }
        if (tp->feeling.s && tp->feeling.len) under = fmax(under, feeling(L, c, v, py, top, band_h));
    }
    /* the scale again in each gutter of a long row, on halos over the curves that cross it */
    for (size_t g = 0; g < L->n_gutters; g++) {
        dl->at = (jm_place){(int)L->gutter_stage[g], lane_at.row, -2};
        double right = L->gutters[g] + GUTTER_W - 4;
        for (int i = 0; i < 3; i++) {
            const char *s = jm_lay_number(L, ticks[i]);
            if (!s) continue;
            double ty = score_y(L, ticks[i], top, band_h) - L->f_small.size * 0.65;
            double tw = jm_text_natural_width(L->tx, s, strlen(s), &L->f_small) + 2;
            jm_group tick = jm_dl_group(dl);
            double th = jm_lay_text_z(L, (jm_text_style){JM_ROLE_LANE_LABEL, &L->f_small, JM_ALIGN_END, t->muted}, s,
                                      (jm_box){right - TICK_W, ty, TICK_W, 0});
            jm_lay_halo(L, tick, (jm_box){right - tw - 3, ty - 1, tw + 6, th + 2});
        }
    }
    dl->at = lane_at;
    return band_h + 2 * MOMENT_R + under;
}
