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
    assert_int_equal(d->n_changed, 6);
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
    m = jm_diff_find(d, named(j, "Reviews the basket"));
    assert_int_equal(m->kind, JM_DIFF_CHANGED); /* its score, and a pain fixed */
    assert_int_equal(m->what, JM_DIFF_SCORE);
    assert_int_equal(m->lanes, 1u << JM_LANE_PAINS);
    m = jm_diff_find(d, named(j, "Pays by card"));
    assert_int_equal(m->kind, JM_DIFF_CHANGED);
    assert_true(m->before[0] == 2);
    /* a pain fixed, a pain new */
    assert_non_null(m->lists);
    assert_int_equal(m->lists[JM_LANE_PAINS].n_gone, 1);
    assert_string_equal(m->lists[JM_LANE_PAINS].gone[0].s, "3-D Secure times out");
    assert_true(m->lists[JM_LANE_PAINS].fresh && m->lists[JM_LANE_PAINS].fresh[0]);
    m = jm_diff_find(d, named(j, "Order confirmation"));
    assert_int_equal(m->what, JM_DIFF_NAME | JM_DIFF_CHANNEL);
    assert_string_equal(m->old->name.s, "Confirmation email");
    m = jm_diff_find(d, named(j, "Applies a discount code"));
    assert_int_equal(m->lanes, (1u << JM_LANE_DOING) | (1u << JM_LANE_PAINS) | (1u << JM_LANE_OPPORTUNITIES));
    assert_int_equal(m->lists[JM_LANE_PAINS].n_gone, 2);
    assert_null(m->lists[JM_LANE_PAINS].fresh);
    assert_int_equal(jm_diff_find(d, named(j, "Chooses a delivery slot"))->what, 0);
    /* every lane of either map: BEFORE's opportunities after the pains */
    assert_int_equal(j->n_lanes, 5);
    assert_int_equal(j->lanes[3], JM_LANE_PAINS);
    assert_int_equal(j->lanes[4], JM_LANE_OPPORTUNITIES);
    /* the summary: BEFORE's 7 scores and AFTER's 8 */
    jm_diff_summary sum;
    jm_diff_summarise(d, -1, &sum);
    assert_int_equal(sum.added, 2);
    assert_int_equal(sum.removed, 1);
    assert_int_equal(sum.changed, 6);
    assert_int_equal(sum.fixed, 4);
    assert_int_equal(sum.fresh, 2);
    assert_true(fabs(sum.mean_before - 19.0 / 7) < 1e-9);
    assert_true(fabs(sum.mean_after - 30.5 / 8) < 1e-9);
    jm_diff_summary view;
    jm_diff_summarise(d, 0, &view);
    assert_memory_equal(&view, &sum, sizeof sum);

    /* laid out: six tags on cards, none over another text; the legend's tags */
    jm_text_ctx *tx = jm_text_ctx_new();
    assert_non_null(tx);
    jm_layout_options opt = {.persona = -1, .diff = d};
    jm_layout *l = jm_layout_journey(tx, jmap_doc_journey(a, 0), &opt);
    assert_non_null(l);
    size_t tags = 0, fixed = 0, fresh = 0, ghosts = 0, old_curves = 0;
    for (size_t i = 0; i < l->n_items; i++) {
        const jm_item *it = &l->items[i];
        if (it->role != JM_ROLE_DIFF) continue;
        if (it->kind == JM_ITEM_TEXT) {
            const char *s = pango_layout_get_text(it->text);
            tags += strcmp(s, "+ Added") == 0 || strcmp(s, "\xe2\x88\x92 Removed") == 0 ||
                    strcmp(s, "\xe2\x97\x8f Changed") == 0;
            fixed += strcmp(s, "\xe2\x9c\x93 Fixed") == 0;
            fresh += strcmp(s, "+ New") == 0;
            for (size_t k = 0; k < l->n_items; k++) { /* clear of every other text */
                const jm_item *o = &l->items[k];
                if (o->kind != JM_ITEM_TEXT || k == i) continue;
                bool apart = o->box.x >= it->box.x + it->box.w || it->box.x >= o->box.x + o->box.w ||
                             o->box.y >= it->box.y + it->box.h || it->box.y >= o->box.y + o->box.h;
                assert_true(apart);
            }
        }
        if (it->kind == JM_ITEM_PATH && it->fill_alpha > 0 && it->stroke_alpha > 0) ghosts++;
        if (it->kind == JM_ITEM_PATH && it->fill_alpha == 0 && it->stroke_alpha < 0.5f && it->persona == 0 &&
            it->n_segs == 7) /* the old curve: a move and six curves through BEFORE's seven scores */
            old_curves++;
    }
    assert_int_equal(tags, 10); /* nine cards, and "Removed" on the opportunity gone */
    assert_int_equal(fixed, 4);
    assert_int_equal(fresh, 2);
    assert_int_equal(old_curves, 1);
    assert_true(ghosts >= 4); /* moved scores and the removed one's */
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

/* A touchpoint whose only change is its score is changed; each
 * language's summary words hold their slots. */
static void test_score_alone_and_the_summary_words(void **state)
{
    (void)state;
    static const char before[] = "title: T\nstages:\n  - name: S\n    touchpoints:\n"
                                 "      - {name: a, emotion: 2}\n      - {name: b, emotion: 3}\n";
    static const char after[] = "title: T\nstages:\n  - name: S\n    touchpoints:\n"
                                "      - {name: a, emotion: 4}\n      - {name: b, emotion: 3}\n";
    jmap_doc *b = jmap_load(before, sizeof before - 1, "b.yaml"), *a = jmap_load(after, sizeof after - 1, "a.yaml");
    jm_diff *d = jm_diff_make(jmap_doc_journey(b, 0), jmap_doc_journey(a, 0), NULL);
    assert_non_null(d);
    const jm_diff_mark *m = jm_diff_find(d, named(&d->journey, "a"));
    assert_int_equal(m->kind, JM_DIFF_CHANGED);
    assert_int_equal(m->what, JM_DIFF_SCORE);
    assert_int_equal(m->lanes, 0);
    assert_int_equal(jm_diff_find(d, named(&d->journey, "b"))->kind, JM_DIFF_SAME);
    jm_diff_summary sum;
    jm_diff_summarise(d, -1, &sum);
    assert_true(sum.changed == 1 && sum.mean_before == 2.5 && sum.mean_after == 3.5);
    jm_diff_free(d, NULL);
    jmap_doc_free(a);
    jmap_doc_free(b);
    for (size_t i = 0; i < jm_language_count; i++) {
        const char *const *w = jm_languages[i]->words;
        const char *t = w[JM_W_DIFF_TOUCHPOINTS], *m2 = w[JM_W_DIFF_MEAN], *p = w[JM_W_DIFF_PAINS];
        assert_non_null(strstr(t, JM_ADDED_SLOT));
        assert_non_null(strstr(t, JM_REMOVED_SLOT));
        assert_non_null(strstr(t, JM_CHANGED_SLOT));
        assert_non_null(strstr(m2, JM_BEFORE_SLOT));
        assert_non_null(strstr(m2, JM_AFTER_SLOT));
        assert_non_null(strstr(p, JM_FIXED_SLOT));
        assert_non_null(strstr(p, JM_NEW_SLOT));
        /* from -> to reads in the map's direction */
        bool rtl = jm_lang_rtl(jm_languages[i]->code, strlen(jm_languages[i]->code));
        assert_non_null(strstr(m2, rtl ? "\xe2\x86\x90" : "\xe2\x86\x92"));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_marks), cmocka_unit_test(test_score_alone_and_the_summary_words),
                                       cmocka_unit_test(test_metrics_and_plans_change_a_touchpoint)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
