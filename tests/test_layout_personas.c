/* Several personas and their targets in the emotions lane, checked by
 * meaning on the display list (docs/drawing.md): each persona's marks have
 * their own colour, shape and line pattern; a curve breaks across the
 * touchpoints its persona skips; coinciding points stay visible; a feeling
 * stands by its own point and names whose it is; a target differs from a
 * score by more than lightness in every theme, its link joins the right two
 * marks. Then the same over generated maps of 1 to 8 personas, with targets
 * and without, in every built-in theme. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jmap/jmap.h"
#include "layout/layout.h"
#include "layout/parts.h"
#include "model/doc.h"
#include "model/model.h"
#include "model/theme.h"
#include "model/words.h"

static jm_text_ctx *tx;

typedef struct map {
    jmap_doc *doc;
    const jmap_journey *j;
    jm_layout *l;
    jm_theme theme;
} map;

static bool lay(map *m, const char *yaml, const char *theme)
{
    memset(m, 0, sizeof *m);
    m->doc = jmap_load(yaml, strlen(yaml), "test.yaml");
    assert_non_null(m->doc);
    if (jmap_doc_error_count(m->doc)) {
        char buf[1024];
        for (size_t i = 0; i < jmap_doc_diag_count(m->doc) && i < 3; i++) {
            jmap_diag_format(m->doc, jmap_doc_diag(m->doc, i), buf, sizeof buf);
            print_error("%s\n", buf);
        }
        fail_msg("does not load:\n%s", yaml);
    }
    m->j = m->doc->journeys[0];
    jm_layout_options opt = {.persona = -1};
    if (theme) {
        assert_true(jm_theme_builtin(theme, &m->theme));
        opt.theme = &m->theme;
    } else {
        m->theme = m->j->theme;
    }
    m->l = jm_layout_journey(tx, m->j, &opt);
    assert_non_null(m->l);
    return true;
}

static void unlay(map *m)
{
    jm_layout_free(m->l);
    jmap_doc_free(m->doc);
}

/* ---- what the items are ---- */

static double cx_of(const jm_item *it) { return it->box.x + it->box.w / 2; }
static double cy_of(const jm_item *it) { return it->box.y + it->box.h / 2; }

static bool is_point(const jm_item *it) { return it->role == JM_ROLE_POINT && it->kind == JM_ITEM_PATH; }
static bool is_link(const jm_item *it)
{
    return it->role == JM_ROLE_TARGET && it->kind == JM_ITEM_PATH && it->n_segs == 2 &&
           it->segs[1].kind == JM_SEG_LINE && fabs(it->segs[0].x - it->segs[1].x) < 0.01 && it->fill_alpha == 0;
}
static bool is_target_mark(const jm_item *it)
{
    return it->role == JM_ROLE_TARGET && it->kind == JM_ITEM_PATH && it->fill_alpha > 0;
}
/* The line of a target curve (the widest stroke of the persona's target
 * paths that is neither a link nor a mark is its ribbon, if it has one). */
static bool is_target_path(const jm_item *it)
{
    return it->role == JM_ROLE_TARGET && it->kind == JM_ITEM_PATH && it->fill_alpha == 0 && !is_link(it);
}

static const jm_item *band_of(const jm_layout *l)
{
    for (size_t i = 0; i < l->n_items; i++)
        if (l->items[i].role == JM_ROLE_BAND) return &l->items[i];
    return NULL;
}

static bool same_rgb(jm_rgb a, jm_rgb b)
{
    return fabsf(a.r - b.r) < 0.002f && fabsf(a.g - b.g) < 0.002f && fabsf(a.b - b.b) < 0.002f;
}

/* Distance from (x, y) to the box b (0 inside). */
static double to_box(jm_box b, double x, double y)
{
    double dx = x < b.x ? b.x - x : x > b.x + b.w ? x - b.x - b.w : 0;
    double dy = y < b.y ? b.y - y : y > b.y + b.h ? y - b.y - b.h : 0;
    return hypot(dx, dy);
}

static jm_box ink_box(const jm_item *f)
{
    PangoRectangle ink;
    pango_layout_get_pixel_extents(f->text, &ink, NULL);
    return (jm_box){f->box.x + ink.x, f->box.y + ink.y, ink.width, ink.height};
}

/* The shape of a mark, as its segments relative to its centre. */
static bool same_shape(const jm_item *a, const jm_item *b)
{
    if (a->n_segs != b->n_segs) return false;
    double ax = cx_of(a), ay = cy_of(a), bx = cx_of(b), by = cy_of(b);
    for (size_t k = 0; k < a->n_segs; k++) {
        const jm_seg *s = &a->segs[k], *t = &b->segs[k];
        if (s->kind != t->kind) return false;
        if (s->kind == JM_SEG_CLOSE) continue;
        if (fabs((s->x - ax) - (t->x - bx)) > 0.3 || fabs((s->y - ay) - (t->y - by)) > 0.3) return false;
    }
    return true;
}

static const char *const themes[] = {"default", "dark", "print", "high-contrast"};
#define N_THEMES (sizeof themes / sizeof *themes)

/* ---- the checks, each a count of problems, over any layout ---- */

static int report(int *n, const char *what, const char *fmt, ...)
{
    if (++*n <= 4) {
        char buf[512];
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(buf, sizeof buf, fmt, ap);
        va_end(ap);
        print_error("%s: %s\n", what, buf);
    }
    return *n;
}

/* No two personas' marks (points, target marks) on the same spot unseen:
 * their centres at least a mark's radius apart. */
static int marks_unseen(const map *m, const char *what)
{
    int n = 0;
    const jm_layout *l = m->l;
    for (size_t a = 0; a < l->n_items; a++) {
        const jm_item *x = &l->items[a];
        if (!is_point(x) && !is_target_mark(x)) continue;
        for (size_t b = a + 1; b < l->n_items; b++) {
            const jm_item *y = &l->items[b];
            if ((!is_point(y) && !is_target_mark(y)) || x->persona == y->persona) continue;
            if (hypot(cx_of(x) - cx_of(y), cy_of(x) - cy_of(y)) < POINT_R)
                report(&n, what, "personas %d and %d: marks at (%.1f, %.1f) and (%.1f, %.1f)", x->persona, y->persona,
                       cx_of(x), cy_of(x), cx_of(y), cy_of(y));
        }
    }
    return n;
}

/* The centre of column c of an unwrapped map without gutters. */
static double column_x(const map *m, size_t c) { return band_of(m->l)->box.x + ((double)c + 0.5) * COL_W; }

/* No curve of a persona (its scores' or its targets') spans a touchpoint
 * that persona skips. */
static int curves_through_skips(const map *m, const char *what)
{
    int n = 0;
    const jm_layout *l = m->l;
    size_t c = 0;
    for (size_t s = 0; s < m->j->n_stages; s++)
        for (size_t t = 0; t < m->j->stages[s].n_touchpoints; t++, c++) {
            const jm_touchpoint *tp = &m->j->stages[s].touchpoints[t];
            if (!tp->has_persona) continue;
            double x = column_x(m, c);
            for (size_t i = 0; i < l->n_items; i++) {
                const jm_item *it = &l->items[i];
                bool curve = (it->role == JM_ROLE_CURVE || is_target_path(it)) && it->kind == JM_ITEM_PATH;
                if (!curve || it->persona < 0 || tp->has_persona[it->persona]) continue;
                if (it->box.x < x - POINT_R && it->box.x + it->box.w > x + POINT_R)
                    report(&n, what, "persona %d's curve %.1f..%.1f runs through '%s' (x %.1f), which it skips",
                           it->persona, it->box.x, it->box.x + it->box.w, tp->name.s, x);
            }
        }
    return n;
}

/* Each feeling in the band stands nearer its own column's points than any
 * other mark (a target, another column's point); on a map of several
 * personas, the marks of the personas whose points it describes stand by
 * it. */
static int feelings_by_their_points(const map *m, const char *what)
{
    int n = 0;
    const jm_layout *l = m->l;
    const jm_item *band = band_of(l);
    for (size_t i = 0; i < l->n_items; i++) {
        const jm_item *f = &l->items[i];
        if (f->role != JM_ROLE_FEELING || !f->text) continue;
        jm_box ink = ink_box(f);
        if (ink.y > band->box.y + band->box.h) continue; /* under the band: no room in it */
        double col_left = band->box.x + floor((f->box.x - band->box.x) / COL_W) * COL_W;
        double own = INFINITY, other = INFINITY;
        bool whose[64] = {false}, marked[64] = {false};
        for (size_t k = 0; k < l->n_items; k++) {
            const jm_item *it = &l->items[k];
            if (!is_point(it) && !is_target_mark(it)) continue;
            double d = to_box(ink, cx_of(it), cy_of(it));
            bool here = cx_of(it) >= col_left && cx_of(it) < col_left + COL_W;
            if (is_point(it) && here) {
                own = fmin(own, d);
                if (it->persona >= 0 && it->persona < 64) whose[it->persona] = true;
            } else {
                other = fmin(other, d);
            }
        }
        if (own > other + 0.5)
            report(&n, what, "feeling '%s' is %.1f from its point but %.1f from another mark",
                   pango_layout_get_text(f->text), own, other);
        if (m->j->n_personas < 2) continue;
        for (size_t k = 0; k < l->n_items; k++) {
            const jm_item *it = &l->items[k];
            if (it->role != JM_ROLE_FEELING || it->kind != JM_ITEM_PATH || it->persona < 0 || it->persona >= 64) continue;
            /* on the feeling's lines, in a row of at most six marks before it */
            jm_box row = {ink.x - 6 * 10 - 6, ink.y - 12, ink.w + 2 * (6 * 10 + 6), ink.h + 24};
            if (to_box(row, cx_of(it), cy_of(it)) == 0) marked[it->persona] = true;
        }
        for (int p = 0; p < 64; p++)
            if (whose[p] && !marked[p])
                report(&n, what, "feeling '%s' does not say it is persona %d's", pango_layout_get_text(f->text), p);
    }
    return n;
}

/* Every two personas differ in colour or in the shape of their points or
 * the pattern of their curves (the shape and pattern pair never repeats). */
static int styles_repeat(const map *m, const char *what)
{
    int n = 0;
    const jm_layout *l = m->l;
    size_t np = m->j->n_personas;
    const jm_item **pt = calloc(np + 1, sizeof *pt), **cv = calloc(np + 1, sizeof *cv);
    for (size_t i = 0; i < l->n_items; i++) {
        const jm_item *it = &l->items[i];
        if (it->persona < 0 || (size_t)it->persona >= np) continue;
        if (is_point(it) && !pt[it->persona]) pt[it->persona] = it;
        if (it->role == JM_ROLE_CURVE && !cv[it->persona]) cv[it->persona] = it;
    }
    for (size_t a = 0; a < np; a++)
        for (size_t b = a + 1; b < np; b++) {
            if (!pt[a] || !pt[b]) continue;
            bool shape = same_shape(pt[a], pt[b]);
            bool dash = cv[a] && cv[b] && cv[a]->dash == cv[b]->dash;
            if (shape && (dash || !cv[a] || !cv[b]))
                report(&n, what, "personas %zu and %zu share a mark shape and a line pattern", a, b);
        }
    free(pt);
    free(cv);
    return n;
}

/* A target's marks and curve are the persona's colour at full strength, its
 * marks hollow (a point is filled), its curve of another width or pattern
 * than the scores'; each link joins a point and a target mark of its own
 * persona, one above the other. */
static int targets_mistakable(const map *m, const char *what)
{
    int n = 0;
    const jm_layout *l = m->l;
    for (size_t i = 0; i < l->n_items; i++) {
        const jm_item *it = &l->items[i];
        if (it->role != JM_ROLE_TARGET || it->kind != JM_ITEM_PATH) continue;
        jm_rgb want = it->persona >= 0 ? jm_theme_mark(&m->theme, m->j->personas[it->persona].rgb) : m->theme.text; /* made to keep 3:1 */
        if (is_target_mark(it)) {
            if (!same_rgb(it->stroke, want) || it->stroke_alpha < 0.99f)
                report(&n, what, "persona %d's target mark is not drawn in its colour at full strength", it->persona);
            if (same_rgb(it->fill, want) && it->fill_alpha > 0.5f)
                report(&n, what, "persona %d's target mark is filled like a point", it->persona);
        } else if (is_link(it)) {
            bool to_point = false, to_target = false;
            for (size_t k = 0; k < l->n_items; k++) {
                const jm_item *mk = &l->items[k];
                if (mk->persona != it->persona || (!is_point(mk) && !is_target_mark(mk))) continue;
                for (int e = 0; e < 2; e++) {
                    bool at = fabs(cx_of(mk) - it->segs[e].x) < 0.01 && fabs(cy_of(mk) - it->segs[e].y) < 0.6;
                    if (at && is_point(mk)) to_point = true;
                    if (at && is_target_mark(mk)) to_target = true;
                }
            }
            if (!to_point || !to_target)
                report(&n, what, "persona %d's link at x %.1f does not join its point and its target", it->persona,
                       it->segs[0].x);
        } else if (it->stroke_alpha >= 0.5f) { /* the target curve's line */
            if (!same_rgb(it->stroke, want) || it->stroke_alpha < 0.99f)
                report(&n, what, "persona %d's target curve is faded (alpha %.2f)", it->persona, it->stroke_alpha);
            for (size_t k = 0; k < l->n_items; k++) {
                const jm_item *c = &l->items[k];
                if (c->role == JM_ROLE_CURVE && c->persona == it->persona && c->dash == it->dash &&
                    fabs(c->line_width - it->line_width) < 0.5)
                    report(&n, what, "persona %d's target curve is drawn like its score curve", it->persona);
            }
        }
    }
    return n;
}

/* ---- the defects, one map each ---- */

static void test_a_skipped_touchpoint_breaks_the_curve(void **state)
{
    (void)state;
    map m;
    lay(&m,
        "title: T\npersonas: [{name: Ana}, {name: Leo}]\nstages:\n  - name: S\n    touchpoints:\n"
        "      - {name: a, emotion: {ana: 4, leo: 4}}\n"
        "      - {name: b, personas: [ana], emotion: 2, moment: true, target: 3}\n"
        "      - {name: c, emotion: {ana: 3, leo: 3}, target: 4}\n",
        NULL);
    assert_int_equal(curves_through_skips(&m, "skip"), 0);
    unlay(&m);
}

static void test_coinciding_points_and_targets_stay_visible(void **state)
{
    (void)state;
    map m;
    lay(&m,
        "title: T\npersonas: [{name: A}, {name: B}, {name: C}]\nstages:\n  - name: S\n    touchpoints:\n"
        "      - {name: a, emotion: 3, target: 4}\n"
        "      - {name: b, emotion: {a: 2, b: 2, c: 5}, target: {a: 4, b: 4}}\n",
        NULL);
    assert_int_equal(marks_unseen(&m, "coincide"), 0);
    assert_int_equal(targets_mistakable(&m, "coincide"), 0);
    unlay(&m);
}

static void test_a_feeling_stands_by_its_own_point_and_says_whose(void **state)
{
    (void)state;
    map m; /* examples/onboarding-current.yaml's "Lost": points near 2 and 1.5, targets at 4 */
    lay(&m,
        "title: T\npersonas: [{name: Lena}, {name: Marco}]\nstages:\n  - name: S\n    touchpoints:\n"
        "      - {name: a, emotion: 3, target: 4}\n"
        "      - {name: b, emotion: {lena: 2, marco: 1.5}, target: 4, feeling: Lost, moment: true}\n"
        "      - {name: c, emotion: {lena: 1.5, marco: 2}, target: {lena: 3.5, marco: 3.5}, feeling: Anxious}\n",
        NULL);
    assert_int_equal(feelings_by_their_points(&m, "feeling"), 0);
    unlay(&m);
}

static void test_targets_differ_from_scores_in_every_theme(void **state)
{
    (void)state;
    for (size_t t = 0; t < N_THEMES; t++) {
        map m;
        lay(&m,
            "title: T\npersonas: [{name: A}, {name: B}]\nstages:\n  - name: S\n    touchpoints:\n"
            "      - {name: a, emotion: {a: 1, b: 2}, target: 5}\n"
            "      - {name: b, emotion: 3, target: {a: 4}}\n"
            "      - {name: c, emotion: 5, target: 1}\n",
            themes[t]);
        assert_int_equal(targets_mistakable(&m, themes[t]), 0);
        unlay(&m);
    }
}

static void test_twelve_personas_each_have_their_own_colour_shape_and_pattern(void **state)
{
    (void)state;
    char yaml[4096];
    int o = snprintf(yaml, sizeof yaml, "title: T\npersonas:\n");
    for (int p = 0; p < 12; p++) o += snprintf(yaml + o, sizeof yaml - (size_t)o, "  - name: P%d\n", p);
    o += snprintf(yaml + o, sizeof yaml - (size_t)o, "stages:\n  - name: S\n    touchpoints:\n");
    for (int t = 0; t < 3; t++)
        o += snprintf(yaml + o, sizeof yaml - (size_t)o, "      - {name: t%d, emotion: %d}\n", t, 1 + 2 * t);
    map m;
    lay(&m, yaml, NULL);
    assert_int_equal(styles_repeat(&m, "12 personas"), 0);
    for (size_t a = 0; a < m.j->n_personas; a++)
        for (size_t b = a + 1; b < m.j->n_personas; b++)
            assert_false(same_rgb(m.j->personas[a].rgb, m.j->personas[b].rgb));
    /* every shape differs from every other among the first twelve */
    const jm_item *pt[12] = {NULL};
    for (size_t i = 0; i < m.l->n_items; i++)
        if (is_point(&m.l->items[i]) && m.l->items[i].persona >= 0 && !pt[m.l->items[i].persona])
            pt[m.l->items[i].persona] = &m.l->items[i];
    for (int a = 0; a < 12; a++)
        for (int b = a + 1; b < 12; b++) {
            assert_non_null(pt[a]);
            assert_false(same_shape(pt[a], pt[b]));
        }
    unlay(&m);
}

static void test_a_hundred_personas_never_repeat_a_shape_and_pattern(void **state)
{
    (void)state;
    size_t cap = 64 * 1024, o = 0;
    char *yaml = malloc(cap);
    o += (size_t)snprintf(yaml + o, cap - o, "title: T\npersonas:\n");
    for (int p = 0; p < 100; p++) o += (size_t)snprintf(yaml + o, cap - o, "  - name: P%d\n", p);
    o += (size_t)snprintf(yaml + o, cap - o, "stages:\n  - name: S\n    touchpoints:\n      - {name: a, emotion: 2}\n"
                                             "      - {name: b, emotion: 4}\n");
    map m;
    lay(&m, yaml, NULL);
    assert_int_equal(styles_repeat(&m, "100 personas"), 0);
    unlay(&m);
    free(yaml);
}

/* ---- generated maps: 1 to 8 personas, targets or none, every theme ---- */

static char *generate(int personas, bool with_targets, unsigned seed)
{
    size_t cap = 16 * 1024, o = 0;
    char *s = malloc(cap);
    unsigned r = seed * 2654435761u + 1;
#define RND() (r = r * 1103515245u + 12345u, (r >> 16) & 0x7fff)
    o += (size_t)snprintf(s + o, cap - o, "title: Generated\n");
    if (personas) o += (size_t)snprintf(s + o, cap - o, "personas:\n");
    for (int p = 0; p < personas; p++) o += (size_t)snprintf(s + o, cap - o, "  - name: Person %d\n", p + 1);
    o += (size_t)snprintf(s + o, cap - o, "stages:\n  - name: One\n    touchpoints:\n");
    static const char *const feelings[] = {"Lost", "Anxious", "Relieved at last", "Happy", "On hold too long"};
    for (int t = 0; t < 9; t++) {
        if (t == 5) o += (size_t)snprintf(s + o, cap - o, "  - name: Two\n    touchpoints:\n");
        o += (size_t)snprintf(s + o, cap - o, "      - name: T%d\n", t);
        bool only = personas > 1 && RND() % 3 == 0;
        bool in[8];
        for (int p = 0; p < personas; p++) in[p] = !only || RND() % 2 == 0 || p == t % personas;
        if (only) {
            o += (size_t)snprintf(s + o, cap - o, "        personas: [");
            for (int p = 0, first = 1; p < personas; p++)
                if (in[p]) o += (size_t)snprintf(s + o, cap - o, "%sperson-%d", first ? "" : ", ", p + 1), first = 0;
            o += (size_t)snprintf(s + o, cap - o, "]\n");
        }
        for (int k = 0; k < 1 + with_targets; k++) {
            if (k && RND() % 4 == 0) continue;
            o += (size_t)snprintf(s + o, cap - o, "        %s: ", k ? "target" : "emotion");
            if (personas < 2 || RND() % 4 == 0) {
                o += (size_t)snprintf(s + o, cap - o, "%u\n", 1 + RND() % 5);
                continue;
            }
            o += (size_t)snprintf(s + o, cap - o, "{");
            for (int p = 0, first = 1; p < personas; p++)
                if (in[p]) o += (size_t)snprintf(s + o, cap - o, "%sperson-%d: %u", first ? "" : ", ", p + 1, 1 + RND() % 5), first = 0;
            o += (size_t)snprintf(s + o, cap - o, "}\n");
        }
        if (RND() % 4) o += (size_t)snprintf(s + o, cap - o, "        feeling: %s\n", feelings[RND() % 5]);
        if (RND() % 5 == 0) o += (size_t)snprintf(s + o, cap - o, "        moment: true\n");
    }
    o += (size_t)snprintf(s + o, cap - o, "lanes: [touchpoints, emotions]\n");
#undef RND
    return s;
}

static void test_generated_maps_draw_every_persona_truthfully(void **state)
{
    (void)state;
    int problems = 0;
    for (int personas = 0; personas <= 8; personas++)
        for (int targets = 0; targets < 2; targets++)
            for (unsigned seed = 1; seed <= 3; seed++)
                for (size_t t = 0; t < N_THEMES; t++) {
                    char *yaml = generate(personas, targets, seed * 10 + (unsigned)personas);
                    char what[96];
                    snprintf(what, sizeof what, "%d personas, targets %d, seed %u, %s", personas, targets, seed, themes[t]);
                    map m;
                    lay(&m, yaml, themes[t]);
                    problems += marks_unseen(&m, what) + curves_through_skips(&m, what) +
                                feelings_by_their_points(&m, what) + styles_repeat(&m, what) +
                                targets_mistakable(&m, what);
                    unlay(&m);
                    free(yaml);
                }
    assert_int_equal(problems, 0);
}

static int setup(void **state)
{
    (void)state;
    tx = jm_text_ctx_new();
    return tx ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    jm_text_ctx_free(tx);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_a_skipped_touchpoint_breaks_the_curve),
        cmocka_unit_test(test_coinciding_points_and_targets_stay_visible),
        cmocka_unit_test(test_a_feeling_stands_by_its_own_point_and_says_whose),
        cmocka_unit_test(test_targets_differ_from_scores_in_every_theme),
        cmocka_unit_test(test_twelve_personas_each_have_their_own_colour_shape_and_pattern),
        cmocka_unit_test(test_a_hundred_personas_never_repeat_a_shape_and_pattern),
        cmocka_unit_test(test_generated_maps_draw_every_persona_truthfully),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
