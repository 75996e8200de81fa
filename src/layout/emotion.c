/* Layout: the emotions lane: the band with its scale, a curve a persona,
 * the points, the moments that matter and the feelings beside them. */
#include "layout/parts.h"
#include "model/data.h"
#include "model/limits.h"

#include <math.h>

/* The y of a score inside the band [top, top + h]. */
static double score_y(const jm_lay *L, double v, double top, double h)
{
    double t = (v - L->j->scale_lo) / (L->j->scale_hi - L->j->scale_lo);
    return top + h - t * h;
}

/* Persona p's scored columns around a row's end, found by one walk over
 * the whole map's columns for all the rows (the rows' ends only move
 * right): each column is looked at at most twice. */
typedef struct jm_edge_scan {
    size_t pos;  /* the columns before pos are walked */
    long last;   /* the last scored column before pos; -1 for none */
    long next;   /* the first scored column at or after pos (n_all_cols: none); -1 not looked for yet */
    long last_skip, next_skip; /* the same for the columns persona p skips */
} jm_edge_scan;

/* Whether persona p does not go through tp: its curve breaks there. */
static bool skips(const jm_touchpoint *tp, size_t p) { return tp && tp->has_persona && !tp->has_persona[p]; }

static bool scored_at(const jm_lay *L, size_t c, size_t p)
{
    return L->all_cols[c].tp && !isnan(L->all_cols[c].tp->emotion[p]);
}

/* The first column at or after c that is scored (skip: that p skips). */
static long first_from(const jm_lay *L, size_t c, size_t p, bool skip)
{
    while (c < L->n_all_cols && !(skip ? skips(L->all_cols[c].tp, p) : scored_at(L, c, p))) c++;
    return (long)c;
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
        for (size_t q = 0; q < np; q++) L->edges[q] = (jm_edge_scan){0, -1, -1, -1, -1};
    }
    jm_edge_scan *e = &L->edges[p];
    if (end < e->pos) *e = (jm_edge_scan){0, -1, -1, -1, -1}; /* the ends move right; else walk again */
    for (; e->pos < end; e->pos++) {
        if (scored_at(L, e->pos, p)) e->last = (long)e->pos;
        if (skips(L->all_cols[e->pos].tp, p)) e->last_skip = (long)e->pos;
    }
    if (e->next < (long)e->pos) e->next = first_from(L, e->pos, p, false); /* look from here on, once */
    if (e->next_skip < (long)e->pos) e->next_skip = first_from(L, e->pos, p, true);
    long a = e->last, b = e->next < (long)L->n_all_cols ? e->next : -1;
    if (a < 0 || b < 0) return false;
    if (e->last_skip > a || e->next_skip < b) return false; /* the curve breaks across the end */
    double ya = score_y(L, L->all_cols[a].tp->emotion[p], top, band_h);
    double yb = score_y(L, L->all_cols[b].tp->emotion[p], top, band_h);
    double t = ((double)end - ((double)a + 0.5)) / ((double)b - (double)a); /* in columns, centre to centre */
    *y = ya + t * (yb - ya);
    return true;
}

/* Monotone cubic (Fritsch-Carlson) through the points: never overshoots.
 * m and d are scratch room for n slopes each. */
static jm_ref spline(jm_lay *L, jm_role role, const double *xs, const double *ys, size_t n, double *m, double *d)
{
    jm_dl *dl = &L->dl;
    jm_pen pen = jm_dl_path(dl, role, n + 1);
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
    return jm_dl_path_end(dl, &pen);
}

/* A persona's curve of scores: its colour, its pattern. A curve of targets
 * differs by more than lightness: a thin solid line of the same colour at
 * full strength on a wide faint ribbon, under the scores' curves, with
 * hollow marks (docs/drawing.md). */
static void curve(jm_lay *L, const double *xs, const double *ys, size_t n, double *m, double *d, jm_rgb color,
                  int persona, bool target)
{
    jm_dl *dl = &L->dl;
    if (n < 2) return;
    if (target) {
        jm_ref ribbon = spline(L, JM_ROLE_TARGET, xs, ys, n, m, d);
        jm_dl_outline(dl, ribbon, color, 0.2f, 7);
        jm_dl_get(dl, ribbon)->round = true;
        jm_dl_get(dl, ribbon)->persona = persona;
    }
    jm_ref ref = spline(L, target ? JM_ROLE_TARGET : JM_ROLE_CURVE, xs, ys, n, m, d);
    jm_dl_outline(dl, ref, color, 1, target ? 1.5 : 2.5);
    jm_item *it = jm_dl_get(dl, ref);
    it->round = true;
    it->persona = persona;
    it->dash = target ? JM_DASH_NONE : jm_lay_persona_dash(persona);
}

/* Persona p's curve of scores (or of targets), broken into runs across the
 * touchpoints p skips: a curve never passes through a touchpoint its
 * persona does not go through, where another persona's mark may stand. */
static void runs(jm_lay *L, size_t p, const float *dodge, double *xs, double *ys, double *m, double *d, double top,
                 double band_h, bool target)
{
    const jmap_journey *j = L->j;
    jm_rgb color = j->n_personas ? jm_lay_persona_color(L, (int)p) : L->t->text;
    int persona = j->n_personas ? (int)p : -1;
    size_t n = 0;
    double edge_y;
    bool any = false; /* a part only for a curve that has a point (or enters the row) */
    for (size_t c = 0; c < L->n_cols && !any; c++) {
        const double *v = L->cols[c].tp ? (target ? L->cols[c].tp->target : L->cols[c].tp->emotion) : NULL;
        any = v && !isnan(v[p]);
    }
    if (!target) any = any || row_edge(L, p, true, top, band_h, &edge_y) || row_edge(L, p, false, top, band_h, &edge_y);
    if (!any) return;
    jm_dl_part_begin(&L->dl, target ? JM_PART_TARGET_CURVE : JM_PART_CURVE,
                     (jm_part_data){.persona = jm_lay_persona_id(L, persona)});
    if (!target && row_edge(L, p, true, top, band_h, &edge_y)) {
        xs[n] = L->grid_x;
        ys[n++] = edge_y;
    }
    for (size_t c = 0; c < L->n_cols; c++) {
        const jm_touchpoint *tp = L->cols[c].tp;
        if (skips(tp, p)) {
            curve(L, xs, ys, n, m, d, color, persona, target);
            n = 0;
            continue;
        }
        const double *v = tp ? (target ? tp->target : tp->emotion) : NULL;
        if (!v || isnan(v[p])) continue;
        xs[n] = L->cols[c].x + COL_W / 2 + jm_lay_dodge_at(L, dodge, c, p);
        ys[n++] = score_y(L, v[p], top, band_h);
    }
    if (!target && row_edge(L, p, false, top, band_h, &edge_y)) {
        xs[n] = L->grid_x + L->grid_w;
        ys[n++] = edge_y;
    }
    curve(L, xs, ys, n, m, d, color, persona, target);
    jm_dl_part_end(&L->dl);
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

/* Persona p's targets: a curve of its own, a hollow mark at each target, and
 * a thin link from each point to its own target, so that the gap reads at a
 * glance. */
static void targets(jm_lay *L, size_t p, const float *dodge, double *xs, double *ys, double *m, double *d, double top,
                    double band_h)
{
    const jmap_journey *j = L->j;
    jm_dl *dl = &L->dl;
    jm_rgb color = j->n_personas ? jm_lay_persona_color(L, (int)p) : L->t->text;
    int persona = j->n_personas ? (int)p : -1;
    runs(L, p, dodge, xs, ys, m, d, top, band_h, true);
    for (size_t c = 0; c < L->n_cols; c++) {
        const jm_touchpoint *tp = L->cols[c].tp;
        if (!tp || !tp->target || isnan(tp->target[p])) continue;
        double cx = L->cols[c].x + COL_W / 2 + jm_lay_dodge_at(L, dodge, c, p), ty = score_y(L, tp->target[p], top, band_h);
        jm_dl_part_begin(dl, JM_PART_TARGET, (jm_part_data){.touchpoint = tp->id.s, .persona = jm_lay_persona_id(L, persona),
                                                            .score = jm_dl_decimal(dl, tp->target[p])});
        if (!isnan(tp->emotion[p]) && tp->emotion[p] != tp->target[p]) {
            double py = score_y(L, tp->emotion[p], top, band_h);
            /* thin, at full strength: faded, it fell below 3:1 on the band */
            jm_ref link = jm_dl_line(dl, JM_ROLE_TARGET, cx, py, cx, ty, color, 1);
            jm_dl_get(dl, link)->persona = persona;
        }
        jm_lay_target_mark(L, persona, cx, ty);
        jm_dl_part_end(dl);
    }
}

/* On a map of several personas a feeling says whose it is: the marks of the
 * personas whose points it describes stand before it, WHO_ROW a row. */
#define WHO_R 3.5
#define WHO_STEP 10.0
#define WHO_ROW 6

static size_t whose(const jm_lay *L, const jm_touchpoint *tp)
{
    if (L->j->n_personas < 2 || L->persona >= 0) return 0;
    size_t k = 0;
    for (size_t p = 0; p < L->j->n_personas; p++) k += !isnan(tp->emotion[p]);
    return k;
}

static double whose_w(size_t k) { return k ? (double)(k < WHO_ROW ? k : WHO_ROW) * WHO_STEP + 2 : 0; }

/* The height of a feeling h tall whose first line is lh tall, with k marks before it. */
static double whose_h(size_t k, double h, double lh)
{
    return k ? fmax(h, lh / 2 + (double)((k - 1) / WHO_ROW) * WHO_STEP + WHO_R + 1) : h;
}

typedef struct fmark {
    double x, y, r;
} fmark;

/* The distance from (x, y) to the box b (0 inside). */
static double to_box(jm_box b, double x, double y)
{
    double dx = x < b.x ? b.x - x : x > b.x + b.w ? x - b.x - b.w : 0;
    double dy = y < b.y ? b.y - y : y > b.y + b.h ? y - b.y - b.h : 0;
    return hypot(dx, dy);
}

/* Whether a feeling moved by dx to ly stands clear of every mark, nearer
 * one of its own points than any target (text: its ink box at ly = 0;
 * block: with the marks that say whose it is). */
static bool clear_at(double dx, double ly, jm_box text, jm_box block, const fmark *own, size_t n_own,
                     const fmark *other, size_t n_other)
{
    text.x += dx, block.x += dx;
    text.y += ly, block.y += ly;
    double d_own = INFINITY, d_other = INFINITY;
    for (size_t i = 0; i < n_own + n_other; i++) {
        const fmark *k = i < n_own ? &own[i] : &other[i - n_own];
        if (k->x + k->r > block.x - 2 && k->x - k->r < block.x + block.w + 2 && k->y + k->r > block.y - 2 &&
            k->y - k->r < block.y + block.h + 2)
            return false;
        double dist = to_box(text, k->x, k->y);
        if (i < n_own) d_own = fmin(d_own, dist);
        else d_other = fmin(d_other, dist);
    }
    return d_own <= d_other;
}

/* A feeling next to its own points, never placed by a target: above them
 * for a low score and below them for a high one, else on the other side,
 * else beside another of its points, on a halo of the background; under
 * the band when none of those holds it (band_height bounds the band). On a
 * map of several personas, the marks of whose points it describes stand
 * before it. Returns how far it reaches below the band's room, 0 inside. */
static double feeling(jm_lay *L, size_t c, const float *dodge, fmark *own, double top, double band_h)
{
    jm_dl *dl = &L->dl;
    const jm_touchpoint *tp = L->cols[c].tp;
    const jm_theme *t = L->t;
    double r = tp->moment ? MOMENT_R : POINT_R, cx = L->cols[c].x + COL_W / 2;
    size_t k_who = whose(L, tp);
    double mw = whose_w(k_who);
    jm_ref halo = jm_dl_rect(dl, JM_ROLE_DECOR, (jm_box){0, 0, 0, 0}, t->background, 0.85f, 4);
    double h;
    jm_ref label = jm_dl_text(dl, (jm_text_style){JM_ROLE_FEELING, &L->f_small, JM_ALIGN_CENTER, t->text},
                              tp->feeling.s, tp->feeling.len,
                              (jm_box){L->cols[c].x + PAD + mw, 0, COL_W - 2 * PAD - mw, 0}, &h);
    if (!jm_dl_live(dl, halo) || !jm_dl_live(dl, label)) return 0;
    jm_item *it = jm_dl_get(dl, label);
    PangoRectangle ink, logical; /* its ink is measured against the marks, its logical box kept clear of them */
    pango_layout_get_pixel_extents(it->text, &ink, &logical);
    double lx = logical.x, lw = logical.width;
    int lines = pango_layout_get_line_count(it->text);
    double lh = h / (lines > 0 ? lines : 1), hb = whose_h(k_who, h, lh);
    jm_box text = {it->box.x + ink.x, ink.y, ink.width, ink.height}, block = {it->box.x + lx - mw, 0, lw + mw, hb};
    /* its own points (or, with none, the neutral level), and every target */
    size_t np = L->j->n_personas ? L->j->n_personas : 1, n_own = 0, n_other = 0;
    fmark *other = own + np + 1; /* own: room for 2 (np + 1) marks */
    double sum = 0;
    for (size_t p = 0; p < np; p++) {
        if (!jm_view_has_persona(L->persona, p)) continue;
        double x = cx + jm_lay_dodge_at(L, dodge, c, p);
        if (!isnan(tp->emotion[p])) {
            own[n_own++] = (fmark){x, score_y(L, tp->emotion[p], top, band_h), r};
            sum += tp->emotion[p];
        }
        if (tp->target && !isnan(tp->target[p])) other[n_other++] = (fmark){x, score_y(L, tp->target[p], top, band_h), TARGET_R};
    }
    double mid = (L->j->scale_lo + L->j->scale_hi) / 2;
    bool up = n_own && sum / (double)n_own < mid; /* above a low score, below a high one */
    if (!n_own) own[n_own++] = (fmark){cx, score_y(L, mid, top, band_h), POINT_R};
    size_t hi = 0, lo = 0; /* the topmost and bottommost of its points */
    for (size_t i = 1; i < n_own; i++) {
        if (own[i].y < own[hi].y) hi = i;
        if (own[i].y > own[lo].y) lo = i;
    }
    double min_y = top - MOMENT_R, max_y = top + band_h + MOMENT_R - hb, best = INFINITY, ly = 0, dx = 0;
    for (size_t i = 0; i < n_own; i++)
        for (int below = 0; below < 2; below++) {
            double y = below ? own[i].y + own[i].r + 6 : own[i].y - own[i].r - 6 - hb;
            if (y < min_y || y > max_y || !clear_at(0, y, text, block, own, n_own, other, n_other)) continue;
            /* first the side the score calls for, by the outermost point; then the other side; then the rest */
            double rank = (size_t)(below ? lo : hi) == i ? (below != up ? 0 : 1) : 2 + fabs(own[i].y - own[hi].y);
            if (rank < best) best = rank, ly = y;
        }
    /* else level with one of its points, beside it, inside the column
     * (targets just above and below a point leave no room over or under it) */
    const double col_lo = L->cols[c].x + PAD, col_hi = L->cols[c].x + COL_W - PAD;
    for (size_t i = 0; isinf(best) && i < n_own; i++)
        for (int right = 1; right >= 0; right--) {
            double x = right ? own[i].x + own[i].r + 6 - block.x : own[i].x - own[i].r - 6 - (block.x + block.w);
            double y = own[i].y - hb / 2;
            if (block.x + x < col_lo || block.x + block.w + x > col_hi || y < min_y || y > max_y ||
                !clear_at(x, y, text, block, own, n_own, other, n_other))
                continue;
            best = 0, ly = y, dx = x;
            break;
        }
    double under = 0, band_end = top + band_h + MOMENT_R;
    if (isinf(best)) { /* under the band, clear of every mark */
        ly = band_end + 6;
        under = 6 + hb + 4;
    }
    it = jm_dl_get(dl, label);
    it->box.y = ly;
    it->box.x += dx;
    block.x += dx;
    it->cell = (jm_box){L->cols[c].x, top - MOMENT_R, COL_W, band_h + 2 * MOMENT_R + under};
    jm_dl_get(dl, halo)->box = (jm_box){block.x - 4, ly - 1, block.w + 8, hb + 2};
    for (size_t p = 0, i = 0; k_who && p < L->j->n_personas; p++) {
        if (isnan(tp->emotion[p])) continue;
        double x = block.x + (double)(i % WHO_ROW) * WHO_STEP + WHO_R, y = ly + lh / 2 + (double)(i / WHO_ROW) * WHO_STEP;
        jm_ref who = jm_lay_mark(L, JM_ROLE_FEELING, jm_lay_persona_shape((int)p), x, y, WHO_R, jm_lay_persona_color(L, (int)p));
        jm_dl_get(dl, who)->persona = (int)p;
        i++;
    }
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
        size_t k_who = whose(L, tp);
        PangoLayout *pl =
            jm_text_layout(L->tx, tp->feeling.s, tp->feeling.len, &L->f_small, fw - whose_w(k_who), JM_ALIGN_CENTER);
        double h;
        jm_text_size(pl, NULL, &h);
        int lines = pango_layout_get_line_count(pl);
        g_object_unref(pl);
        h = whose_h(k_who, h, h / (lines > 0 ? lines : 1));
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
    /* curves, one per persona shown (or one for a map without personas), in runs */
    size_t np = j->n_personas ? j->n_personas : 1;
    size_t cap = L->n_cols + 3; /* the points, and where the curve leaves and enters a wrapped row */
    double *xs = jm_dl_alloc(dl, 4 * cap * sizeof *xs);
    fmark *marks = jm_dl_alloc(dl, 2 * (np + 1) * sizeof *marks); /* a feeling's scratch */
    if (!xs || !marks) return band_h + 2 * MOMENT_R;
    double *ys = xs + cap, *m = ys + cap, *d = m + cap;
    const float *dodge = jm_lay_dodge(L, band_h / (j->scale_hi - j->scale_lo));
    for (size_t p = 0; p < np && L->diff; p++) /* a diff's old curves first, under everything */
        if (jm_view_has_persona(L->persona, p)) old_curve(L, p, xs, ys, m, d, top, band_h);
    for (size_t p = 0; p < np; p++) /* the targets first: the current curves go over them */
        if (jm_view_has_persona(L->persona, p)) targets(L, p, dodge, xs, ys, m, d, top, band_h);
    for (size_t p = 0; p < np; p++)
        if (jm_view_has_persona(L->persona, p)) runs(L, p, dodge, xs, ys, m, d, top, band_h, false);
    /* points (a star under the point of a moment) and feelings */
    jm_place lane_at = dl->at;
    double under = 0; /* the feelings under the band */
    for (size_t c = 0; c < L->n_cols; c++) {
        const jm_touchpoint *tp = L->cols[c].tp;
        if (!tp) continue;
        dl->at = (jm_place){(int)L->cols[c].stage, lane_at.row, (int)c};
        const jm_diff_mark *mark = jm_diff_find(L->diff, tp);
        bool any = false;
        for (size_t p = 0; p < np; p++) {
            if (!jm_view_has_persona(L->persona, p)) continue;
            double cx = L->cols[c].x + COL_W / 2 + jm_lay_dodge_at(L, dodge, c, p);
            if (mark && !isnan(mark->before[p]) && mark->before[p] != tp->emotion[p])
                jm_lay_diff_move(L, c, p, cx, score_y(L, mark->before[p], top, band_h),
                                 isnan(tp->emotion[p]) ? 0 : score_y(L, tp->emotion[p], top, band_h),
                                 !isnan(tp->emotion[p]));
            if (isnan(tp->emotion[p])) continue;
            any = true;
            double py = score_y(L, tp->emotion[p], top, band_h);
            /* a persona's point in its colour and shape; without personas, in the score's colour */
            jm_rgb fill = j->n_personas ? jm_lay_persona_color(L, (int)p) : jm_lay_score_color(L, tp->emotion[p]);
            if (tp->moment) {
                jm_dl_part_begin(dl, JM_PART_MOMENT, (jm_part_data){.touchpoint = tp->id.s, .persona = jm_lay_persona_id(L, (int)p)});
                jm_ref st = jm_dl_star(dl, JM_ROLE_MOMENT, cx, py, MOMENT_R, j->n_personas ? t->neutral : fill);
                jm_dl_outline(dl, st, t->text, 1, 1.5);
                jm_dl_get(dl, st)->alt = jm_lay_word(L, JM_W_MOMENT);
                jm_dl_part_end(dl);
            }
            const jm_calc *calc = jm_point_calc(j, tp, p, false);
            if (calc && !calc->done) calc = NULL;
            jm_dl_part_begin(dl, JM_PART_POINT, (jm_part_data){.touchpoint = tp->id.s, .persona = jm_lay_persona_id(L, (int)p),
                                                               .score = jm_dl_decimal(dl, tp->emotion[p]),
                                                               .n = calc ? jm_dl_sprintf(dl, "%zu", calc->n) : NULL});
            jm_ref pt = j->n_personas ? jm_lay_point_mark(L, (int)p, cx, py, fill)
                                      : jm_lay_score_mark(L, JM_ROLE_POINT, tp->emotion[p], cx, py);
            const char *alt =
                j->n_personas > 1 ? jm_dl_sprintf(dl, "%s: emotion %g (%g to %g)", j->personas[p].name.s, tp->emotion[p],
                                                  j->scale_lo, j->scale_hi)
                                  : jm_dl_sprintf(dl, "Emotion %g (%g to %g)", tp->emotion[p], j->scale_lo, j->scale_hi);
            if (calc && alt) alt = jm_dl_sprintf(dl, "%s, n = %zu%s", alt, calc->n,
                                                 jm_calc_uncertain(calc) ? " (uncertain)" : "");
            jm_dl_get(dl, pt)->alt = alt;
            if (jm_calc_uncertain(calc)) { /* too few rows: a faded point in a thin ring of its colour */
                jm_dl_get(dl, pt)->fill_alpha = 0.25f;
                jm_dl_outline(dl, pt, fill, 1, 1.6);
                jm_ref ring = jm_dl_circle(dl, JM_ROLE_POINT, cx, py, POINT_R + 4, fill);
                jm_dl_get(dl, ring)->fill_alpha = 0;
                jm_dl_outline(dl, ring, fill, 0.7f, 1);
            }
            jm_dl_part_end(dl);
        }
        if (tp->moment && !any) { /* a moment without a score: its star at neutral */
            jm_dl_part_begin(dl, JM_PART_MOMENT, (jm_part_data){.touchpoint = tp->id.s});
            jm_ref st = jm_dl_star(dl, JM_ROLE_MOMENT, L->cols[c].x + COL_W / 2, mid, MOMENT_R, t->neutral);
            jm_dl_outline(dl, st, t->text, 1, 1.5);
            jm_dl_get(dl, st)->alt = jm_lay_word(L, JM_W_MOMENT);
            jm_dl_part_end(dl);
        }
        if (tp->feeling.s && tp->feeling.len) {
            int whose = L->persona >= 0 ? L->persona : j->n_personas == 1 ? 0 : -1; /* several: the marks before it say */
            jm_dl_part_begin(dl, JM_PART_FEELING, (jm_part_data){.touchpoint = tp->id.s, .persona = jm_lay_persona_id(L, whose)});
            under = fmax(under, feeling(L, c, dodge, marks, top, band_h));
            jm_dl_part_end(dl);
        }
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
