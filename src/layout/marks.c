/* Layout: each persona's own marks in the emotions lane: a mark shape and a
 * line pattern besides its colour, the marks of a score (filled) and of a
 * target (hollow), and the dodge that keeps two personas' marks of a column
 * from covering each other (docs/drawing.md). */
#include "layout/parts.h"
#include "model/limits.h"

#include <math.h>
#include <stdlib.h>

/* The patterns of the personas' curves, in turn; the shapes go in turn
 * too, and each round of shapes moves the patterns on by one, so that the
 * pair of persona p is (p % shapes, (p % shapes + p / shapes) % patterns):
 * two personas with one shape are less than `patterns` rounds apart, so
 * their patterns differ. */
static const int persona_dashes[] = {JM_DASH_NONE,          JM_DASH_LONG,       JM_DASH_DOT,
                                     JM_DASH_DASH_DOT,      JM_DASH_SHORT,      JM_DASH_DASH_DOT_DOT,
                                     JM_DASH_LONG_SHORT,    JM_DASH_LONG_SHORT_SHORT, JM_DASH_DOT_PAIR};
#define N_DASHES (int)(sizeof persona_dashes / sizeof *persona_dashes)
_Static_assert((JM_MAX_PERSONAS - 1) / JM_MARK_COUNT < N_DASHES, "a persona's shape and pattern pair repeats");

const jm_dash_def jm_dash_defs[JM_DASH_COUNT] = {
    [JM_DASH_NONE] = {0, {0}},
    [JM_DASH_RULE] = {2, {5, 4}},
    [JM_DASH_LONG] = {2, {10, 5}},
    [JM_DASH_DOT] = {2, {0.1, 5}},
    [JM_DASH_DASH_DOT] = {4, {10, 4, 0.1, 4}},
    [JM_DASH_TARGET] = {2, {3, 3}},
    [JM_DASH_SHORT] = {2, {4, 4}},
    [JM_DASH_DASH_DOT_DOT] = {6, {10, 4, 0.1, 4, 0.1, 4}},
    [JM_DASH_LONG_SHORT] = {4, {16, 4, 4, 4}},
    [JM_DASH_LONG_SHORT_SHORT] = {6, {14, 4, 4, 4, 4, 4}},
    [JM_DASH_DOT_PAIR] = {4, {0.1, 4, 0.1, 10}},
};

int jm_lay_persona_dash(int p)
{
    if (p < 0) return JM_DASH_NONE;
    return persona_dashes[(p % JM_MARK_COUNT + p / JM_MARK_COUNT) % N_DASHES];
}

jm_mark_shape jm_lay_persona_shape(int p) { return p < 0 ? JM_MARK_CIRCLE : (jm_mark_shape)(p % JM_MARK_COUNT); }

/* The shapes' corners in the square [-1, 1]: every box centred on the
 * mark's centre, so that a mark stands where its box says. */
typedef struct corner {
    double x, y;
} corner;

#define ARM 0.36
static const corner plus[12] = {{-ARM, -1}, {ARM, -1}, {ARM, -ARM}, {1, -ARM}, {1, ARM}, {ARM, ARM},
                                {ARM, 1},   {-ARM, 1}, {-ARM, ARM}, {-1, ARM}, {-1, -ARM}, {-ARM, -ARM}};
static const struct {
    const corner *c;
    int n;
    double size; /* how much of r the shape takes, for an ink about as heavy as the circle's */
} shapes[JM_MARK_COUNT] = {
    [JM_MARK_CIRCLE] = {NULL, 0, 1},
    [JM_MARK_SQUARE] = {(const corner[]){{-1, -1}, {1, -1}, {1, 1}, {-1, 1}}, 4, 0.85},
    [JM_MARK_DIAMOND] = {(const corner[]){{0, -1}, {1, 0}, {0, 1}, {-1, 0}}, 4, 1.2},
    [JM_MARK_TRIANGLE_UP] = {(const corner[]){{0, -1}, {1, 1}, {-1, 1}}, 3, 1.1},
    [JM_MARK_TRIANGLE_DOWN] = {(const corner[]){{-1, -1}, {1, -1}, {0, 1}}, 3, 1.1},
    [JM_MARK_PLUS] = {plus, 12, 1.15},
    [JM_MARK_CROSS] = {plus, 12, 1.15}, /* the plus turned by 45 degrees */
    [JM_MARK_HEXAGON] = {(const corner[]){{-1, 0}, {-0.5, -0.87}, {0.5, -0.87}, {1, 0}, {0.5, 0.87}, {-0.5, 0.87}}, 6, 1.05},
    [JM_MARK_BOWTIE] = {(const corner[]){{-1, -0.9}, {0, -0.25}, {1, -0.9}, {1, 0.9}, {0, 0.25}, {-1, 0.9}}, 6, 1.1},
    [JM_MARK_HOURGLASS] = {(const corner[]){{-0.9, -1}, {0.9, -1}, {0.25, 0}, {0.9, 1}, {-0.9, 1}, {-0.25, 0}}, 6, 1.1},
    [JM_MARK_TRIANGLE_RIGHT] = {(const corner[]){{-1, -1}, {1, 0}, {-1, 1}}, 3, 1.1},
    [JM_MARK_TRIANGLE_LEFT] = {(const corner[]){{1, -1}, {-1, 0}, {1, 1}}, 3, 1.1},
};

jm_ref jm_lay_mark(jm_lay *L, jm_role role, jm_mark_shape shape, double cx, double cy, double r, jm_rgb fill)
{
    jm_dl *dl = &L->dl;
    if ((unsigned)shape >= JM_MARK_COUNT || !shapes[shape].c) return jm_dl_circle(dl, role, cx, cy, r, fill);
    r *= shapes[shape].size;
    int n = shapes[shape].n;
    jm_pen pen = jm_dl_path(dl, role, (size_t)n + 1);
    for (int i = 0; i < n; i++) {
        double x = shapes[shape].c[i].x, y = shapes[shape].c[i].y;
        if (shape == JM_MARK_CROSS) { /* turned, and brought back to the square */
            const double half = 0.70710678118654752; /* the sine of 45 degrees */
            double k = 1 / ((1 + ARM) * half);
            double tx = (x - y) * half * k, ty = (x + y) * half * k;
            x = tx, y = ty;
        }
        jm_pen_seg(dl, &pen, i ? JM_SEG_LINE : JM_SEG_MOVE, cx + x * r, cy + y * r);
    }
    jm_pen_seg(dl, &pen, JM_SEG_CLOSE, 0, 0);
    jm_ref ref = jm_dl_path_end(dl, &pen);
    jm_item *it = jm_dl_get(dl, ref);
    it->fill = fill;
    it->fill_alpha = 1;
    return ref;
}

jm_ref jm_lay_point_mark(jm_lay *L, int p, double cx, double cy, jm_rgb fill)
{
    jm_ref ref = jm_lay_mark(L, JM_ROLE_POINT, jm_lay_persona_shape(p), cx, cy, POINT_R, fill);
    jm_dl_outline(&L->dl, ref, L->t->background, 1, 1.5);
    jm_dl_get(&L->dl, ref)->persona = p;
    return ref;
}

jm_mark_shape jm_lay_score_shape(const jm_lay *L, double v)
{
    double mid = (L->j->scale_lo + L->j->scale_hi) / 2;
    return v < mid ? JM_MARK_TRIANGLE_DOWN : v > mid ? JM_MARK_TRIANGLE_UP : JM_MARK_CIRCLE;
}

jm_ref jm_lay_score_mark(jm_lay *L, jm_role role, double v, double cx, double cy)
{
    jm_ref ref = jm_lay_mark(L, role, jm_lay_score_shape(L, v), cx, cy, POINT_R, jm_lay_score_color(L, v));
    jm_dl_outline(&L->dl, ref, L->t->background, 1, 1.5);
    jm_dl_get(&L->dl, ref)->persona = -1;
    return ref;
}

jm_ref jm_lay_target_mark(jm_lay *L, int p, double cx, double cy)
{
    jm_ref ref = jm_lay_mark(L, JM_ROLE_TARGET, jm_lay_persona_shape(p), cx, cy, TARGET_R, L->t->background);
    jm_dl_outline(&L->dl, ref, jm_lay_persona_color(L, p), 1, 1.8);
    jm_dl_get(&L->dl, ref)->persona = p;
    return ref;
}

/* ---- the dodge ---- */

typedef struct span {
    double lo, hi; /* the marks' reach, in band units */
    int p;
} span;

static int by_lo(const void *a, const void *b)
{
    const span *x = a, *y = b;
    if (x->lo != y->lo) return x->lo < y->lo ? -1 : 1;
    return (x->p > y->p) - (x->p < y->p);
}

static int by_persona(const void *a, const void *b) { return (((const span *)a)->p > ((const span *)b)->p) - (((const span *)a)->p < ((const span *)b)->p); }

float *jm_lay_dodge(jm_lay *L, double unit)
{
    size_t np = L->j->n_personas;
    if (np < 2 || L->persona >= 0 || !L->n_cols) return NULL;
    float *xo = jm_dl_alloc(&L->dl, L->n_cols * np * sizeof *xo);
    span *s = jm_dl_alloc(&L->dl, np * sizeof *s);
    if (!xo || !s) return NULL;
    const double reach = TARGET_R + 1.5, step_max = 2 * reach + 2;
    for (size_t c = 0; c < L->n_cols; c++) {
        const jm_touchpoint *tp = L->cols[c].tp;
        for (size_t p = 0; p < np; p++) xo[c * np + p] = 0;
        if (!tp) continue;
        size_t n = 0;
        for (size_t p = 0; p < np; p++) {
            double v = tp->emotion[p], t = tp->target ? tp->target[p] : NAN;
            if (isnan(v) && isnan(t)) continue;
            double a = isnan(v) ? t : v, b = isnan(t) ? v : t;
            s[n++] = (span){fmin(a, b) * unit - reach, fmax(a, b) * unit + reach, (int)p};
        }
        qsort(s, n, sizeof *s, by_lo);
        for (size_t i = 0; i < n;) { /* each run of spans that reach into one another */
            size_t k = i + 1;
            double hi = s[i].hi;
            while (k < n && s[k].lo < hi) hi = fmax(hi, s[k++].hi);
            size_t m = k - i;
            if (m > 1) {
                qsort(s + i, m, sizeof *s, by_persona);
                double step = fmin(step_max, (COL_W - 2 * PAD - 2 * reach) / (double)(m - 1));
                for (size_t q = 0; q < m; q++)
                    xo[c * np + (size_t)s[i + q].p] = (float)(((double)q - (double)(m - 1) / 2) * step);
            }
            i = k;
        }
    }
    return xo;
}
