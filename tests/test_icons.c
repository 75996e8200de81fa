/* Channel icons: every icon parses and stays in its box; the parser counts,
 * maps and rejects as icons.h promises. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <string.h>

#include "model/icons.h"

enum {
    CHANNELS = 0                /* the rows of channels.def: JM_CH_BUILTIN_COUNT */
#define JM_CHANNEL(name, id, kind, stroke, fill) +1
#include "model/channels.def"
#undef JM_CHANNEL
    ,
    OTHER = CHANNELS - 1,       /* JM_CH_OTHER, the last row */
    MAX_SEGS = 512
};

/* Where icons are placed for the checks: deliberately off the origin. */
static const double X = 10, Y = 20, SIZE = 48;

static void assert_near(double got, double want)
{
    if (fabs(got - want) > 1e-9)
        fail_msg("got %.12g, want %.12g", got, want);
}

static int count(const char *src)
{
    return jm_icon_segments(src, X, Y, SIZE, NULL, 0);
}

static void assert_point_within(double x, double y, double margin,
                                const char *what, int id)
{
    double lo_x = X + margin, hi_x = X + SIZE - margin;
    double lo_y = Y + margin, hi_y = Y + SIZE - margin;
    const double eps = 1e-9;
    if (x < lo_x - eps || x > hi_x + eps || y < lo_y - eps || y > hi_y + eps)
        fail_msg("icon %d %s: point (%g, %g) outside [%g..%g]x[%g..%g]", id,
                 what, x, y, lo_x, hi_x, lo_y, hi_y);
}

/* Every point, control points included, lies at least margin inside the
 * square, and each path starts with a move. */
static void assert_path_within(const char *src, double margin,
                               const char *what, int id)
{
    jm_seg segs[MAX_SEGS];
    int n = jm_icon_segments(src, X, Y, SIZE, segs, MAX_SEGS);
    assert_in_range(n, 0, MAX_SEGS);
    if (n > 0)
        assert_int_equal(segs[0].kind, JM_SEG_MOVE);
    for (int i = 0; i < n; i++) {
        const jm_seg *s = &segs[i];
        if (s->kind == JM_SEG_CURVE) {
            assert_point_within(s->x1, s->y1, margin, what, id);
            assert_point_within(s->x2, s->y2, margin, what, id);
        }
        if (s->kind != JM_SEG_CLOSE)
            assert_point_within(s->x, s->y, margin, what, id);
    }
}

static void every_icon_parses(void **state)
{
    (void)state;
    for (int id = 0; id < CHANNELS; id++) {
        const jm_icon *icon = jm_icon_get(id);
        assert_non_null(icon);
        assert_non_null(icon->stroke);
        int stroke = count(icon->stroke);
        int fill = count(icon->fill);
        if (stroke < 0 || fill < 0)
            fail_msg("icon %d is malformed", id);
        if (stroke + fill < 1)
            fail_msg("icon %d is empty", id);
    }
}

static void icons_stay_in_their_square(void **state)
{
    (void)state;
    double half_stroke = SIZE / 24.0;   /* strokes are 2 grid units wide */
    for (int id = 0; id < CHANNELS; id++) {
        const jm_icon *icon = jm_icon_get(id);
        assert_path_within(icon->stroke, half_stroke, "stroke", id);
        assert_path_within(icon->fill, 0, "fill", id);
    }
}

static void icons_are_distinct(void **state)
{
    (void)state;
    for (int a = 0; a < CHANNELS; a++)
        for (int b = a + 1; b < CHANNELS; b++)
            if (strcmp(jm_icon_get(a)->stroke, jm_icon_get(b)->stroke) == 0)
                fail_msg("icons %d and %d draw the same", a, b);
}

static void out_of_range_is_other(void **state)
{
    (void)state;
    const jm_icon *other = jm_icon_get(OTHER);
    assert_ptr_equal(jm_icon_get(-1), other);
    assert_ptr_equal(jm_icon_get(CHANNELS), other);
    assert_ptr_equal(jm_icon_get(1000000), other);
    assert_ptr_not_equal(jm_icon_get(0), other);
}

static void assert_seg_equal(const jm_seg *a, const jm_seg *b)
{
    assert_int_equal(a->kind, b->kind);
    assert_true(a->x1 == b->x1 && a->y1 == b->y1);
    assert_true(a->x2 == b->x2 && a->y2 == b->y2);
    assert_true(a->x == b->x && a->y == b->y);
}

/* Counting, filling and filling a short buffer all report the same total;
 * a short buffer is written up to max and not beyond. */
static void assert_counts_agree(const char *src)
{
    int n = count(src);
    assert_true(n >= 0);

    jm_seg full[MAX_SEGS];
    assert_int_equal(jm_icon_segments(src, X, Y, SIZE, full, MAX_SEGS), n);

    jm_seg part[MAX_SEGS];
    int max = n / 2;
    memset(part, 0xA5, sizeof part);
    unsigned char untouched[sizeof(jm_seg)];
    memset(untouched, 0xA5, sizeof untouched);
    assert_int_equal(jm_icon_segments(src, X, Y, SIZE, part, max), n);
    for (int i = 0; i < max; i++)
        assert_seg_equal(&part[i], &full[i]);
    assert_memory_equal(&part[max], untouched, sizeof untouched);
}

static void counting_agrees_with_filling(void **state)
{
    (void)state;
    for (int id = 0; id < CHANNELS; id++) {
        assert_counts_agree(jm_icon_get(id)->stroke);
        if (jm_icon_get(id)->fill)
            assert_counts_agree(jm_icon_get(id)->fill);
    }
    /* NULL with a positive max still only counts. */
    assert_int_equal(jm_icon_segments("O 12 12 10", 0, 0, 24, NULL, 8), 6);
}

static void empty_sources_have_no_segments(void **state)
{
    (void)state;
    assert_int_equal(count(NULL), 0);
    assert_int_equal(count(""), 0);
    assert_int_equal(count(" \t\n, "), 0);
}

static void malformed_sources_are_rejected(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "X 1 2",                /* unknown command */
        "m 1 2",                /* commands are upper case */
        "M 1",                  /* too few numbers */
        "M 1 2 3",              /* a number where a command belongs */
        "M",
        "C 1 2 3 4 5 6",        /* no subpath open */
        "L 1 2",
        "Z",
        "M 1 2 Z L 3 4",        /* Z ends the subpath */
        "O 12 12 10 L 3 4",     /* so do O and R */
        "R 2 2 4 4 1 Z",
        "M 1 2 L 3",
        "M 1.2.3 4",
        "M 1. 2",
        "M .5 2",
        "M 1-2",
        "M 1e2 3",
        "M - 3",
        "M 1 2 L x 3",
        "O 12 12 0",            /* circles need a radius */
        "O 12 12 -1",
        "R 2 2 0 4 0",          /* rectangles need an area */
        "R 2 2 4 -4 0",
        "R 2 2 4 4 -1",
        "R 2 2 4 8 2.5",        /* radius beyond half the shorter side */
        "M 1 2 L 3 4 ;",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int got = count(bad[i]);
        if (got != -1)
            fail_msg("\"%s\" gave %d, want -1", bad[i], got);
        jm_seg segs[4];
        assert_int_equal(jm_icon_segments(bad[i], 0, 0, 24, segs, 4), -1);
    }
}

static void grid_maps_onto_the_square(void **state)
{
    (void)state;
    jm_seg s[8];
    assert_int_equal(
        jm_icon_segments("M 0 0 L 24,24 C 6 -12 18 12.5 12 24 Z", 100, 50, 48,
                         s, 8),
        4);
    assert_int_equal(s[0].kind, JM_SEG_MOVE);
    assert_near(s[0].x, 100);
    assert_near(s[0].y, 50);
    assert_int_equal(s[1].kind, JM_SEG_LINE);
    assert_near(s[1].x, 148);
    assert_near(s[1].y, 98);
    assert_int_equal(s[2].kind, JM_SEG_CURVE);
    assert_near(s[2].x1, 112);
    assert_near(s[2].y1, 26);
    assert_near(s[2].x2, 136);
    assert_near(s[2].y2, 75);
    assert_near(s[2].x, 124);
    assert_near(s[2].y, 98);
    assert_int_equal(s[3].kind, JM_SEG_CLOSE);
}

static void circles_are_four_curves(void **state)
{
    (void)state;
    jm_seg s[8];
    assert_int_equal(jm_icon_segments("O 12 12 6", 0, 0, 48, s, 8), 6);
    assert_int_equal(s[0].kind, JM_SEG_MOVE);
    assert_near(s[0].x, 36);
    assert_near(s[0].y, 24);
    for (int i = 1; i <= 4; i++) {
        assert_int_equal(s[i].kind, JM_SEG_CURVE);
        assert_near(hypot(s[i].x - 24, s[i].y - 24), 12);
    }
    assert_near(s[4].x, 36);
    assert_near(s[4].y, 24);
    assert_int_equal(s[5].kind, JM_SEG_CLOSE);
}

static void rectangles_round_their_corners(void **state)
{
    (void)state;
    jm_seg s[12];
    assert_int_equal(jm_icon_segments("R 2 4 10 6 0", 0, 0, 24, s, 12), 5);
    assert_near(s[0].x, 2);
    assert_near(s[0].y, 4);
    assert_near(s[2].x, 12);
    assert_near(s[2].y, 10);
    assert_int_equal(s[4].kind, JM_SEG_CLOSE);

    assert_int_equal(jm_icon_segments("R 2 4 10 6 3", 0, 0, 24, s, 12), 10);
    assert_int_equal(s[0].kind, JM_SEG_MOVE);
    assert_near(s[0].x, 5);
    assert_near(s[0].y, 4);
    for (int i = 1; i < 9; i++)
        assert_int_equal(s[i].kind, i % 2 ? JM_SEG_LINE : JM_SEG_CURVE);
    assert_near(s[8].x, 5);
    assert_near(s[8].y, 4);
    assert_int_equal(s[9].kind, JM_SEG_CLOSE);
}

static void numbers_take_signs_decimals_and_commas(void **state)
{
    (void)state;
    jm_seg s[2];
    assert_int_equal(jm_icon_segments("M-1.5,+2.25L 0.125 10", 0, 0, 24, s, 2),
                     2);
    assert_near(s[0].x, -1.5);
    assert_near(s[0].y, 2.25);
    assert_near(s[1].x, 0.125);
    assert_near(s[1].y, 10);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_icon_parses),
        cmocka_unit_test(icons_stay_in_their_square),
        cmocka_unit_test(icons_are_distinct),
        cmocka_unit_test(out_of_range_is_other),
        cmocka_unit_test(counting_agrees_with_filling),
        cmocka_unit_test(empty_sources_have_no_segments),
        cmocka_unit_test(malformed_sources_are_rejected),
        cmocka_unit_test(grid_maps_onto_the_square),
        cmocka_unit_test(circles_are_four_curves),
        cmocka_unit_test(rectangles_round_their_corners),
        cmocka_unit_test(numbers_take_signs_decimals_and_commas),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
