/* Layout: flow and time (format 1.2; docs/flow-and-time.md). The flow lane
 * draws each touchpoint's reach as a band whose height is proportional to
 * it, and the loss between two consecutive touchpoints with a reach as a
 * percentage, the largest one marked; the time lane each touchpoint's wait
 * and duration and each stage's totals, the journey's beside its title; a
 * fail point is a circled F on its card, or under its blueprint item. */
#include "layout/parts.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define FLOW_H 80.0      /* the band of the largest reach */
#define FLOW_INSET 24.0  /* the band's inset from its column's sides */
#define FAIL_R 7.0       /* the fail mark's radius */

/* ---- what the whole map's columns say (wrapped rows share it) ---- */

struct jm_flow_scan {
    size_t n;                   /* the whole map's columns */
    double max_reach;
    long *prev;                 /* [n] the column before with a reach, -1 for none */
    double *loss;               /* [n] percent lost since prev, NaN where none */
    long largest;               /* the column of the largest loss, -1 for none */
    double active, waiting;     /* the journey's, over the columns shown */
    double *stage_active, *stage_waiting; /* [the whole journey's stages] */
};

static const jm_column *whole_cols(const jm_lay *L, size_t *n)
{
    *n = L->all_cols ? L->n_all_cols : L->n_cols;
    return L->all_cols ? L->all_cols : L->cols;
}

static double pct1(double v) { return round(v * 10) / 10; }

static const struct jm_flow_scan *scan(jm_lay *L)
{
    if (L->flow) return L->flow;
    size_t n;
    const jm_column *cols = whole_cols(L, &n);
    size_t n_stages = L->stage_ix ? 0 : L->j->n_stages;
    for (size_t c = 0; c < n; c++)
        if (cols[c].stage + 1 > n_stages) n_stages = cols[c].stage + 1;
    struct jm_flow_scan *f = jm_dl_alloc(&L->dl, sizeof *f);
    if (!f) return NULL;
    memset(f, 0, sizeof *f);
    f->n = n;
    f->prev = jm_dl_alloc(&L->dl, (n + 1) * sizeof *f->prev);
    f->loss = jm_dl_alloc(&L->dl, (n + 1) * sizeof *f->loss);
    f->stage_active = jm_dl_alloc(&L->dl, (n_stages + 1) * sizeof(double));
    f->stage_waiting = jm_dl_alloc(&L->dl, (n_stages + 1) * sizeof(double));
    if (!f->prev || !f->loss || !f->stage_active || !f->stage_waiting) return NULL;
    memset(f->stage_active, 0, (n_stages + 1) * sizeof(double));
    memset(f->stage_waiting, 0, (n_stages + 1) * sizeof(double));
    f->largest = -1;
    long last = -1;
    double most = 0;
    for (size_t c = 0; c < n; c++) {
        const jm_touchpoint *tp = cols[c].tp;
        f->prev[c] = -1;
        f->loss[c] = NAN;
        if (!tp) continue;
        f->active += jm_ft_duration(tp);
        f->waiting += jm_ft_wait(tp);
        f->stage_active[cols[c].stage] += jm_ft_duration(tp);
        f->stage_waiting[cols[c].stage] += jm_ft_wait(tp);
        if (!jm_ft(tp)->has_reach) continue;
        if (jm_ft(tp)->reach > f->max_reach) f->max_reach = jm_ft(tp)->reach;
        f->prev[c] = last;
        if (last >= 0) {
            double a = jm_ft(cols[last].tp)->reach;
            if (a > 0 && jm_ft(tp)->reach < a) {
                f->loss[c] = pct1((a - jm_ft(tp)->reach) / a * 100);
                if (f->loss[c] > most) {
                    most = f->loss[c];
                    f->largest = (long)c;
                }
            }
        }
        last = (long)c;
    }
    L->flow = f;
    return f;
}

/* ---- numbers and times in the map's words ---- */

/* v with at most one decimal, in the map's digits. */
static const char *number1(jm_lay *L, double v)
{
    char ascii[48], buf[160];
    snprintf(ascii, sizeof ascii, "%.1f", pct1(v));
    size_t len = strlen(ascii);
    if (len > 2 && strcmp(ascii + len - 2, ".0") == 0) ascii[len - 2] = '\0';
    return jm_dl_sprintf(&L->dl, "%s", jm_words_digits(L->j->language, ascii, buf, sizeof buf));
}

static const char *percent(jm_lay *L, double v)
{
    const char *n = number1(L, v);
    return n ? jm_lay_template(L, jm_lay_word(L, JM_W_PERCENT), JM_N_SLOT, n) : NULL;
}

const char *jm_lay_span(jm_lay *L, double seconds)
{
    static const struct {
        double s;
        jm_word w;
    } parts[] = {{604800, JM_W_UNIT_W}, {86400, JM_W_UNIT_D}, {3600, JM_W_UNIT_H}, {60, JM_W_UNIT_MIN}, {1, JM_W_UNIT_S}};
    double left = round(seconds);
    if (seconds > 0 && left < 1) /* under a second */
        return jm_lay_template(L, jm_lay_word(L, JM_W_UNIT_S), JM_N_SLOT, number1(L, seconds));
    const char *out = NULL;
    int shown = 0;
    for (size_t i = 0; i < sizeof parts / sizeof *parts && shown < 2; i++) {
        double k = floor(left / parts[i].s);
        if (k < 1 && !(shown == 0 && i + 1 == sizeof parts / sizeof *parts)) {
            if (shown) break; /* the two largest units next to each other, or one */
            continue;
        }
        left -= k * parts[i].s;
        const char *one = jm_lay_template(L, jm_lay_word(L, parts[i].w), JM_N_SLOT, number1(L, k));
        if (!one) return NULL;
        out = out ? jm_dl_sprintf(&L->dl, "%s %s", out, one) : one;
        shown++;
    }
    return out;
}

/* ---- fail points ---- */

void jm_lay_fail_mark(jm_lay *L, jm_role role, double cx, double cy)
{
    jm_ref c = jm_dl_circle(&L->dl, role, cx, cy, FAIL_R, L->t->background);
    jm_dl_outline(&L->dl, c, L->t->negative, 1, 1.6);
    jm_font f = L->f_label;
    f.size = FAIL_R * 1.5;
    f.letter_spacing = 0;
    jm_lay_text_z(L, (jm_text_style){role, &f, JM_ALIGN_CENTER, L->t->negative}, "F",
                  (jm_box){cx - FAIL_R, cy - f.size * 0.62, 2 * FAIL_R, 0});
}

/* Fail points as a list: each a jm-fail of its circled F and its text. */
static double fail_list(jm_lay *L, const jm_list *fails, double x, double y, double w)
{
    double y0 = y;
    for (size_t i = 0; i < fails->n; i++) {
        jm_dl_part_begin(&L->dl, JM_PART_FAIL, jm_lay_here(L));
        double h = jm_lay_text(L, (jm_text_style){JM_ROLE_CELL, &L->f_small, JM_ALIGN_START, L->t->text},
                               fails->items[i].s, fails->items[i].len,
                               (jm_box){x + 2 * FAIL_R + 5, y + 1, w - 2 * FAIL_R - 5, 0});
        jm_lay_fail_mark(L, JM_ROLE_ICON, x + FAIL_R, y + FAIL_R);
        jm_dl_part_end(&L->dl);
        if (h < 2 * FAIL_R) h = 2 * FAIL_R;
        y += h + (i + 1 < fails->n ? 4 : 0);
    }
    return y - y0;
}

double jm_lay_card_fails(jm_lay *L, const jm_touchpoint *tp, double x, double y, double w)
{
    if (!jm_ft(tp)->own.fail.n) return 0;
    return 8 + fail_list(L, &jm_ft(tp)->own.fail, x, y + 8, w);
}

double jm_lay_bp_item(jm_lay *L, const jm_touchpoint *tp, jm_lane lane, size_t i, double x, double y, double w)
{
    int b = lane == JM_LANE_FRONTSTAGE ? JM_BP_FRONTSTAGE : lane == JM_LANE_BACKSTAGE ? JM_BP_BACKSTAGE
          : lane == JM_LANE_SUPPORT ? JM_BP_SUPPORT : -1;
    if (b < 0 || !jm_ft(tp)->items[b]) return 0;
    const jm_timed *t = &jm_ft(tp)->items[b][i];
    double h = 0;
    const char *times = NULL;
    if (jm_span_given(&t->wait))
        times = jm_dl_sprintf(&L->dl, "%s %s", jm_lay_word(L, JM_W_WAITING), jm_lay_span(L, t->wait.seconds));
    if (jm_span_given(&t->duration)) {
        const char *d = jm_dl_sprintf(&L->dl, "%s %s", jm_lay_word(L, JM_W_ACTIVE), jm_lay_span(L, t->duration.seconds));
        times = times ? jm_dl_sprintf(&L->dl, "%s · %s", times, d) : d;
    }
    if (times)
        h += 3 + jm_lay_text_z(L, (jm_text_style){JM_ROLE_CELL, &L->f_small, JM_ALIGN_START, L->t->muted}, times,
                               (jm_box){x, y + 3, w, 0});
    if (t->fail.n) h += 4 + fail_list(L, &t->fail, x, y + h + 4, w);
    return h;
}

/* ---- the flow lane ---- */

/* The band's top in the lane (relative to the row's top) and its box in column c. */
#define BAND_TOP (PAD + 22.0)

static jm_box band_box(const struct jm_flow_scan *f, const jm_column *col)
{
    double h = f->max_reach > 0 ? FLOW_H * jm_ft(col->tp)->reach / f->max_reach : 0;
    return (jm_box){col->x + FLOW_INSET, BAND_TOP + (FLOW_H - h) / 2, COL_W - 2 * FLOW_INSET, h};
}

double jm_lay_flow(jm_lay *L)
{
    const struct jm_flow_scan *f = scan(L);
    if (!f) return 0;
    jm_dl *dl = &L->dl;
    size_t c0 = L->all_cols ? L->col0 : 0;
    double bottom = BAND_TOP + FLOW_H;
    double h = bottom + PAD;
    jm_rgb band = L->t->opportunity;
    for (size_t c = 0; c < L->n_cols; c++) {
        const jm_touchpoint *tp = L->cols[c].tp;
        if (!tp || !jm_ft(tp)->has_reach) continue;
        size_t wc = c0 + c;
        dl->at.stage = (int)L->cols[c].stage;
        dl->at.col = (int)c;
        jm_box b = band_box(f, &L->cols[c]);
        /* the stream from the touchpoint before, when it stands in this row */
        long p = f->prev[wc];
        if (p >= 0 && (size_t)p >= c0) {
            jm_box a = band_box(f, &L->cols[(size_t)p - c0]);
            jm_pen pen = jm_dl_path(dl, JM_ROLE_DECOR, 6);
            jm_pen_seg(dl, &pen, JM_SEG_MOVE, a.x + a.w, a.y);
            jm_pen_seg(dl, &pen, JM_SEG_LINE, b.x, b.y);
            jm_pen_seg(dl, &pen, JM_SEG_LINE, b.x, b.y + b.h);
            jm_pen_seg(dl, &pen, JM_SEG_LINE, a.x + a.w, a.y + a.h);
            jm_pen_seg(dl, &pen, JM_SEG_CLOSE, 0, 0);
            jm_ref r = jm_dl_path_end(dl, &pen);
            if (jm_dl_live(dl, r)) {
                jm_dl_get(dl, r)->fill = band;
                jm_dl_get(dl, r)->fill_alpha = 0.22f;
            }
        }
        char reach[40];
        snprintf(reach, sizeof reach, "%.0f", jm_ft(tp)->reach);
        jm_part_data d = jm_lay_here(L);
        d.reach = jm_dl_sprintf(dl, "%s", reach);
        jm_dl_part_begin(dl, JM_PART_FLOW, d);
        jm_dl_rect(dl, JM_ROLE_DECOR, b, band, 0.85f, 0); /* not the emotion band (JM_ROLE_BAND) */
        char buf[120];
        jm_lay_text_z(L, (jm_text_style){JM_ROLE_CELL, &L->f_bold, JM_ALIGN_CENTER, L->t->text},
                      jm_dl_sprintf(dl, "%s", jm_words_digits(L->j->language, reach, buf, sizeof buf)),
                      (jm_box){L->cols[c].x + PAD, PAD, COL_W - 2 * PAD, 0});
        if (!isnan(f->loss[wc])) { /* the loss since the touchpoint before, leaving the band downwards */
            bool largest = f->largest == (long)wc;
            jm_rgb col = largest ? L->t->negative : L->t->muted;
            double lx = b.x - 8, ly = b.y + b.h;
            jm_dl_line(dl, JM_ROLE_DECOR, lx, ly, lx, bottom + 8, col, largest ? 2.2 : 1.4);
            jm_pen head = jm_dl_path(dl, JM_ROLE_DECOR, 4);
            jm_pen_seg(dl, &head, JM_SEG_MOVE, lx - 4, bottom + 5);
            jm_pen_seg(dl, &head, JM_SEG_LINE, lx + 4, bottom + 5);
            jm_pen_seg(dl, &head, JM_SEG_LINE, lx, bottom + 11);
            jm_pen_seg(dl, &head, JM_SEG_CLOSE, 0, 0);
            jm_ref hr = jm_dl_path_end(dl, &head);
            if (jm_dl_live(dl, hr)) {
                jm_dl_get(dl, hr)->fill = col;
                jm_dl_get(dl, hr)->fill_alpha = 1;
            }
            const char *minus = number1(L, -f->loss[wc]);
            const char *s = minus ? jm_lay_template(L, jm_lay_word(L, JM_W_PERCENT), JM_N_SLOT, minus) : NULL;
            if (largest && s) s = jm_dl_sprintf(dl, "%s · %s", s, jm_lay_word(L, JM_W_LARGEST_LOSS));
            double th = jm_lay_text_z(L, (jm_text_style){JM_ROLE_CELL, largest ? &L->f_bold : &L->f_small, JM_ALIGN_START, col},
                                      s, (jm_box){lx + 8, bottom + 4, L->cols[c].x + COL_W - PAD - lx - 8, 0});
            if (bottom + 4 + th + PAD > h) h = bottom + 4 + th + PAD;
        }
        jm_dl_part_end(dl);
    }
    return h;
}

/* ---- the time lane ---- */

/* Whether column c (of this row) is its stage's last in the whole map. */
static bool stage_ends(const jm_lay *L, size_t c)
{
    size_t n_all;
    const jm_column *all = whole_cols(L, &n_all);
    size_t wc = (L->all_cols ? L->col0 : 0) + c;
    return wc + 1 >= n_all || all[wc + 1].stage != all[wc].stage;
}

static double time_line(jm_lay *L, jm_word w, double seconds, bool bold, double x, double y, double width)
{
    const char *s = jm_dl_sprintf(&L->dl, "%s %s", jm_lay_word(L, w), jm_lay_span(L, seconds));
    return jm_lay_text_z(L, (jm_text_style){JM_ROLE_CELL, bold ? &L->f_bold : &L->f_small, JM_ALIGN_START,
                                            w == JM_W_WAITING ? L->t->muted : L->t->text},
                         s, (jm_box){x, y, width, 0});
}

double jm_lay_time(jm_lay *L)
{
    const struct jm_flow_scan *f = scan(L);
    if (!f) return 0;
    jm_dl *dl = &L->dl;
    double h = 0;
    for (size_t c = 0; c < L->n_cols; c++) {
        const jm_touchpoint *tp = L->cols[c].tp;
        double x = L->cols[c].x + PAD, w = COL_W - 2 * PAD, y = PAD;
        dl->at.stage = (int)L->cols[c].stage;
        dl->at.col = (int)c;
        if (tp && jm_span_given(&jm_ft(tp)->own.wait)) y += time_line(L, JM_W_WAITING, jm_ft(tp)->own.wait.seconds, false, x, y, w) + 2;
        if (tp && jm_span_given(&jm_ft(tp)->own.duration)) y += time_line(L, JM_W_ACTIVE, jm_ft(tp)->own.duration.seconds, false, x, y, w) + 2;
        if (stage_ends(L, c)) {
            size_t s = L->all_cols ? L->all_cols[L->col0 + c].stage : L->cols[c].stage;
            double a = f->stage_active[s], wt = f->stage_waiting[s];
            if (a > 0 || wt > 0) {
                y += 6;
                jm_dl_line(dl, JM_ROLE_DECOR, x, y, x + w, y, L->t->line, 1);
                y += 4;
                y += jm_lay_text_z(L, (jm_text_style){JM_ROLE_CELL, &L->f_label, JM_ALIGN_START, L->t->muted},
                                   jm_lay_word(L, JM_W_STAGE_TOTAL), (jm_box){x, y, w, 0}) + 2;
                if (wt > 0) y += time_line(L, JM_W_WAITING, wt, true, x, y, w) + 2;
                if (a > 0) y += time_line(L, JM_W_ACTIVE, a, true, x, y, w) + 2;
            }
        }
        if (y + PAD > h) h = y + PAD;
    }
    return h;
}

double jm_lay_time_summary(jm_lay *L, double x, double y, double w)
{
    const struct jm_flow_scan *f = scan(L);
    if (!f || (f->active <= 0 && f->waiting <= 0)) return 0;
    const char *s = jm_lay_template(L, jm_lay_word(L, JM_W_TIME_SUMMARY), JM_ACTIVE_SLOT, jm_lay_span(L, f->active));
    if (s) s = jm_lay_template(L, s, JM_WAITING_SLOT, jm_lay_span(L, f->waiting));
    if (s) s = jm_lay_template(L, s, JM_SHARE_SLOT, percent(L, f->waiting / (f->active + f->waiting) * 100));
    if (!s) return 0;
    return jm_lay_text_z(L, (jm_text_style){JM_ROLE_CELL, &L->f_small, JM_ALIGN_START, L->t->text}, s, (jm_box){x, y, w, 0});
}
