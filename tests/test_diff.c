/* jmap diff without drawing: jm_diff_make's marks and the layout of a diff
 * (tags on the right cards, the removed touchpoint back in its place and
 * faded, ghost points for moved scores, the legend), on examples/diff/. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyse/diff.h"
#include "jmap/jmap.h"
#include "layout/layout.h"
#include "model/model.h"
#include "layout/text.h"

#ifndef JMAP_SOURCE_DIR
#define JMAP_SOURCE_DIR "."
#endif

static jmap_doc *load_file(const char *name)
{
    char path[1024];
    const char *root = getenv("JMAP_SOURCE_DIR");
    snprintf(path, sizeof path, "%s/examples/diff/%s", root ? root : JMAP_SOURCE_DIR, name);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    static char buf[1 << 16];
    size_t n = fread(buf, 1, sizeof buf, f);
    fclose(f);
    jmap_doc *doc = jmap_load(buf, n, name);
    assert_non_null(doc);
    assert_int_equal(jmap_doc_error_count(doc), 0);
    return doc;
}

static const jm_touchpoint *named(const jmap_journey *j, const char *name)
{
    for (size_t s = 0; s < j->n_stages; s++)
        for (size_t k = 0; k < j->stages[s].n_touchpoints; k++)
            if (strcmp(j->stages[s].touchpoints[k].name.s, name) == 0) return &j->stages[s].touchpoints[k];
    return NULL;
}

static void test_marks(void **state)
{
    (void)state;
    jmap_doc *b = load_file("checkout-before.yaml"), *a = load_file("checkout-after.yaml");
    jm_diff *d = jm_diff_make(jmap_doc_journey(b, 0), jmap_doc_journey(a, 0), NULL);
    assert_non_null(d);
    assert_int_equal(d->n_added, 2);
    assert_int_equal(d->n_removed, 1);
    assert_int_equal(d->n_changed, 3);
    const jmap_journey *j = &d->journey;
    assert_int_equal(j->n_touchpoints, 9);
    /* the removed one stands between its neighbours of BEFORE */
    const jm_stage *delivery = &j->stages[1];
    assert_int_equal(delivery->n_touchpoints, 3);
    assert_string_equal(delivery->touchpoints[1].name.s, "Creates an account");
    const jm_diff_mark *m = jm_diff_find(d, &delivery->touchpoints[1]);
    assert_int_equal(m->kind, JM_DIFF_REMOVED);
    assert_true(isnan(delivery->touchpoints[1].emotion[0]));
    assert_true(m->before[0] == 1.5);
    assert_int_equal(jm_diff_find(d, named(j, "Pays with a phone wallet"))->kind, JM_DIFF_ADDED);
    assert_int_equal(jm_diff_find(d, named(j, "Reviews the basket"))->kind, JM_DIFF_SAME);
    m = jm_diff_find(d, named(j, "Pays by card"));
    assert_int_equal(m->kind, JM_DIFF_CHANGED);
    assert_true(m->before[0] == 2);

    /* laid out: six tags on cards, none over another text; the legend's tags */
    jm_text_ctx *tx = jm_text_ctx_new();
    assert_non_null(tx);
    jm_layout_options opt = {.persona = -1, .diff = d};
    jm_layout *l = jm_layout_journey(tx, jmap_doc_journey(a, 0), &opt);
    assert_non_null(l);
    size_t tags = 0, ghosts = 0;
    for (size_t i = 0; i < l->n_items; i++) {
        const jm_item *it = &l->items[i];
        if (it->role != JM_ROLE_DIFF) continue;
        if (it->kind == JM_ITEM_TEXT) {
            tags++;
            for (size_t k = 0; k < l->n_items; k++) {
                const jm_item *o = &l->items[k];
                if (o->kind != JM_ITEM_TEXT || o->role == JM_ROLE_DIFF) continue;
                bool apart = o->box.x >= it->box.x + it->box.w || it->box.x >= o->box.x + o->box.w ||
                             o->box.y >= it->box.y + it->box.h || it->box.y >= o->box.y + o->box.h;
                assert_true(apart);
            }
        }
        if (it->kind == JM_ITEM_PATH && it->fill_alpha > 0 && it->stroke_alpha > 0) ghosts++;
    }
    assert_int_equal(tags, 6);
    assert_true(ghosts >= 4); /* three moved scores and the removed one's */
    jm_layout_free(l);
    jm_text_ctx_free(tx);
    jm_diff_free(d, NULL);
    jmap_doc_free(a);
    jmap_doc_free(b);
}

/* A touchpoint whose only change is what it measures or plans is changed. */
static void test_metrics_and_plans_change_a_touchpoint(void **state)
{
    (void)state;
    static const char before[] = "title: T\nstages:\n  - name: S\n    touchpoints:\n"
                                 "      - {name: a, metrics: {NPS: {value: 30, target: 40}}}\n"
                                 "      - {name: b, opportunities: [{text: x, priority: high, status: idea}]}\n"
                                 "      - {name: c, metrics: {CSAT: 4}, opportunities: [y]}\n";
    static const char after[] = "title: T\nstages:\n  - name: S\n    touchpoints:\n"
                                "      - {name: a, metrics: {NPS: {value: 30, target: 35}}}\n"
                                "      - {name: b, opportunities: [{text: x, priority: high, status: doing}]}\n"
                                "      - {name: c, metrics: {CSAT: 4}, opportunities: [y]}\n";
    jmap_doc *b = jmap_load(before, sizeof before - 1, "b.yaml"), *a = jmap_load(after, sizeof after - 1, "a.yaml");
    assert_int_equal(jmap_doc_error_count(b) + jmap_doc_error_count(a), 0);
    jm_diff *d = jm_diff_make(jmap_doc_journey(b, 0), jmap_doc_journey(a, 0), NULL);
    assert_non_null(d);
    const jmap_journey *j = &d->journey;
    assert_int_equal(jm_diff_find(d, named(j, "a"))->kind, JM_DIFF_CHANGED);
    assert_int_equal(jm_diff_find(d, named(j, "b"))->kind, JM_DIFF_CHANGED);
    assert_int_equal(jm_diff_find(d, named(j, "c"))->kind, JM_DIFF_SAME);
    jm_diff_free(d, NULL);
    jmap_doc_free(a);
    jmap_doc_free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_marks),
                                       cmocka_unit_test(test_metrics_and_plans_change_a_touchpoint)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
