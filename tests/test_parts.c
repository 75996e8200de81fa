/* The SVG's parts (layout/classes.def) through the display-list builder and
 * the paint order: items stamped with the part open, parts nested and
 * bounded in depth (a refused begin's end closes nothing), a part opened
 * again, numbers as attributes, and a device's order that keeps each
 * part's items together where its first text stands. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <string.h>

#include "layout/dlist.h"
#include "paint/paint.h"

typedef struct fixture {
    jm_layout *l;
    jm_dl dl;
} fixture;

static void start(fixture *f)
{
    const jmap_mem *mem = jmap_mem_default();
    f->l = mem->calloc(mem->ctx, 1, sizeof *f->l);
    assert_non_null(f->l);
    jm_mem_track_init(&f->l->mem, mem);
    jm_arena_init(&f->l->arena, &f->l->mem.mem);
    jm_dl_init(&f->dl, f->l, NULL);
}

static jm_ref rect(fixture *f) { return jm_dl_rect(&f->dl, JM_ROLE_DECOR, (jm_box){1, 2, 3, 4}, (jm_rgb){0}, 1, 0); }

static void test_items_take_the_part_open(void **state)
{
    (void)state;
    fixture f;
    start(&f);
    jm_ref none = rect(&f);
    int card = jm_dl_part_begin(&f.dl, JM_PART_CARD, (jm_part_data){.stage = "s", .touchpoint = "t"});
    jm_ref in_card = rect(&f);
    int moment = jm_dl_part_begin(&f.dl, JM_PART_MOMENT, (jm_part_data){.touchpoint = "t"});
    jm_ref in_moment = rect(&f);
    jm_dl_part_end(&f.dl);
    jm_ref after = rect(&f);
    jm_dl_part_end(&f.dl);
    jm_ref out = rect(&f);
    assert_int_equal(jm_dl_get(&f.dl, none)->part, -1);
    assert_int_equal(jm_dl_get(&f.dl, in_card)->part, card);
    assert_int_equal(jm_dl_get(&f.dl, in_moment)->part, moment);
    assert_int_equal(jm_dl_get(&f.dl, after)->part, card);
    assert_int_equal(jm_dl_get(&f.dl, out)->part, -1);
    assert_int_equal(f.l->parts[moment].parent, card);
    assert_int_equal(f.l->parts[moment].depth, 1);
    /* the class's attributes are there, empty when not given; no others */
    assert_string_equal(f.l->parts[card].data[JM_DATA_TOUCHPOINT], "t");
    assert_null(f.l->parts[card].data[JM_DATA_SCORE]);
    int pt = jm_dl_part_begin(&f.dl, JM_PART_POINT, (jm_part_data){.touchpoint = "t"});
    assert_string_equal(f.l->parts[pt].data[JM_DATA_PERSONA], "");
    assert_string_equal(f.l->parts[pt].data[JM_DATA_SCORE], "");
    jm_dl_part_end(&f.dl);
    assert_string_equal(jm_part_class_name(JM_PART_TARGET_CURVE), "jm-target-curve");
    assert_string_equal(jm_part_attr_name(JM_DATA_SCORE), "data-score");
    assert_false(jm_dl_failed(&f.dl));
    jm_layout_free(f.l);
}

static void test_too_deep_a_part_is_refused_and_its_end_closes_nothing(void **state)
{
    (void)state;
    fixture f;
    start(&f);
    int ix[JM_PART_DEPTH];
    for (int d = 0; d < JM_PART_DEPTH; d++) ix[d] = jm_dl_part_begin(&f.dl, JM_PART_CELL, (jm_part_data){0});
    assert_int_equal(jm_dl_part_begin(&f.dl, JM_PART_PAIN, (jm_part_data){0}), -1);
    jm_ref r = rect(&f);
    assert_int_equal(jm_dl_get(&f.dl, r)->part, ix[JM_PART_DEPTH - 1]);
    jm_dl_part_end(&f.dl); /* the refused one's */
    r = rect(&f);
    assert_int_equal(jm_dl_get(&f.dl, r)->part, ix[JM_PART_DEPTH - 1]);
    for (int d = 0; d < JM_PART_DEPTH; d++) jm_dl_part_end(&f.dl);
    r = rect(&f);
    assert_int_equal(jm_dl_get(&f.dl, r)->part, -1);
    jm_dl_part_end(&f.dl); /* one end too many: harmless */
    assert_int_equal(f.dl.part, -1);
    jm_layout_free(f.l);
}

static void test_a_part_opened_again(void **state)
{
    (void)state;
    fixture f;
    start(&f);
    int a = jm_dl_part_begin(&f.dl, JM_PART_STAGE, (jm_part_data){.stage = "a"});
    jm_dl_part_end(&f.dl);
    int b = jm_dl_part_begin(&f.dl, JM_PART_STAGE, (jm_part_data){.stage = "b"});
    jm_dl_part_end(&f.dl);
    assert_int_equal(jm_dl_part_resume(&f.dl, a), a);
    jm_ref r = rect(&f);
    jm_dl_part_end(&f.dl);
    assert_int_equal(jm_dl_get(&f.dl, r)->part, a);
    /* only from the part around it: inside b, a cannot be opened, and its end closes nothing */
    jm_dl_part_resume(&f.dl, b);
    assert_int_equal(jm_dl_part_resume(&f.dl, a), -1);
    jm_dl_part_end(&f.dl);
    r = rect(&f);
    assert_int_equal(jm_dl_get(&f.dl, r)->part, b);
    jm_dl_part_end(&f.dl);
    assert_int_equal(jm_dl_part_resume(&f.dl, 99), -1);
    jm_dl_part_end(&f.dl);
    assert_int_equal(f.dl.part, -1);
    jm_layout_free(f.l);
}

static void test_numbers_as_attributes(void **state)
{
    (void)state;
    fixture f;
    start(&f);
    const struct {
        double v;
        const char *s;
    } cases[] = {{3.5, "3.5"}, {-2, "-2"}, {0.1 + 0.2, "0.3"}, {1.0 / 3, "0.333333"}, {-0.0, "0"},
                 {-0.0000001, "0"}, {4.25, "4.25"}, {100, "100"}, {NAN, ""}, {INFINITY, ""}};
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) assert_string_equal(jm_dl_decimal(&f.dl, cases[i].v), cases[i].s);
    const char *big = jm_dl_decimal(&f.dl, 1e300);
    assert_int_equal(strlen(big), 301);
    assert_int_equal(big[0], '1');
    jm_layout_free(f.l);
}

/* A device's order: each part's places together, where its first text (an
 * alternative text here) stands; a part without text where its first shape
 * stands; the rest as they were. */
static void test_the_order_keeps_parts_together(void **state)
{
    (void)state;
    fixture f;
    start(&f);
    /* items: 0 A-shape, 1 loose, 2 B-shape (B has text), 3 C-shape (no text), 4 A-shape, 5 loose */
    int A = jm_dl_part_begin(&f.dl, JM_PART_POINT, (jm_part_data){0});
    jm_ref a0 = rect(&f);
    jm_dl_part_end(&f.dl);
    rect(&f);
    int B = jm_dl_part_begin(&f.dl, JM_PART_FEELING, (jm_part_data){0});
    jm_ref b = rect(&f);
    jm_dl_part_end(&f.dl);
    int C = jm_dl_part_begin(&f.dl, JM_PART_CURVE, (jm_part_data){0});
    rect(&f);
    jm_dl_part_end(&f.dl);
    jm_dl_part_resume(&f.dl, A);
    jm_ref a1 = rect(&f);
    jm_dl_part_end(&f.dl);
    rect(&f);
    jm_dl_get(&f.dl, b)->alt = "b";  /* read first */
    jm_dl_get(&f.dl, a1)->alt = "a"; /* read second */
    (void)a0;
    (void)C;
    size_t *order, n;
    assert_true(jm_paint_order(f.l, jmap_mem_default(), &order, &n));
    assert_int_equal(n, 8);
    assert_true(jm_paint_order_parts(f.l, jmap_mem_default(), order, n));
    const size_t want[8] = {1, 3, 5, 2, 2 | JM_PAINT_ALT, 0, 4, 4 | JM_PAINT_ALT};
    for (size_t k = 0; k < n; k++) assert_int_equal(order[k], want[k]);
    jm_box bounds[3];
    jm_paint_part_bounds(f.l, bounds);
    assert_true(bounds[A].x == 1 && bounds[A].y == 2 && bounds[A].w == 3 && bounds[A].h == 4);
    (void)B;
    jm_mem_free(jmap_mem_default(), order);
    jm_layout_free(f.l);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_items_take_the_part_open),
        cmocka_unit_test(test_too_deep_a_part_is_refused_and_its_end_closes_nothing),
        cmocka_unit_test(test_a_part_opened_again),
        cmocka_unit_test(test_numbers_as_attributes),
        cmocka_unit_test(test_the_order_keeps_parts_together),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
