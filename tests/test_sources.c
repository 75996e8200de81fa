/* Research sources (src/model/sources.h, src/load/research.c,
 * src/analyse/evidence.c): the kinds' table and its defaults, dates, the
 * path rule of `file`, citations resolved to the sources' numbers, and the
 * coverage that stats and check --require-sources count. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "analyse/evidence.h"
#include "model/doc.h"
#include "model/sources.h"
#include "model/words.h"

static void kinds_table(void **state)
{
    (void)state;
    static const char *const spec[] = {"survey", "interviews", "analytics", "reviews", "support", "observation", "other"};
    assert_int_equal(JM_SK_COUNT, 7);
    for (int i = 0; i < JM_SK_COUNT; i++) {
        assert_string_equal(jm_source_kind_names[i], spec[i]);
        /* each kind's word is "source-" and its name */
        char key[64];
        strcpy(key, "source-");
        strcat(key, spec[i]);
        assert_int_equal(jm_word_find(key, strlen(key)), JM_W_SOURCE_SURVEY + i);
    }
    /* solicited by default: survey, interviews, observation (the spec's) */
    assert_true(jm_source_kind_solicited[JM_SK_SURVEY]);
    assert_true(jm_source_kind_solicited[JM_SK_INTERVIEWS]);
    assert_true(jm_source_kind_solicited[JM_SK_OBSERVATION]);
    assert_false(jm_source_kind_solicited[JM_SK_ANALYTICS]);
    assert_false(jm_source_kind_solicited[JM_SK_REVIEWS]);
    assert_false(jm_source_kind_solicited[JM_SK_SUPPORT]);
    assert_false(jm_source_kind_solicited[JM_SK_OTHER]);
}

static bool date_ok(const char *d) { return jm_source_date_valid(d, strlen(d)); }

static void dates(void **state)
{
    (void)state;
    assert_true(date_ok("2026"));
    assert_true(date_ok("2026-09"));
    assert_true(date_ok("2026-12-31"));
    assert_true(date_ok("2024-02-29"));
    assert_true(date_ok("2000-02-29"));
    assert_false(date_ok("1900-02-29"));
    assert_false(date_ok("2025-02-29"));
    assert_false(date_ok("2026-04-31"));
    assert_false(date_ok("2026-13"));
    assert_false(date_ok("2026-00"));
    assert_false(date_ok("2026-01-00"));
    assert_false(date_ok("2026-9"));
    assert_false(date_ok("2026/09"));
    assert_false(date_ok("26"));
    assert_false(date_ok(""));
    assert_false(date_ok("2026-09-01T00"));
    assert_false(date_ok("２０２６"));
}

static const char *path_problem(const char *p) { return jm_source_path_problem(p, strlen(p)); }

static void paths(void **state)
{
    (void)state;
    assert_null(path_problem("data.csv"));
    assert_null(path_problem("data/survey.csv"));
    assert_null(path_problem("./data/survey.csv"));
    assert_null(path_problem("a/../b.csv"));
    assert_null(path_problem("a//b.csv"));
    assert_null(path_problem("..a/b.csv")); /* a name that starts with two dots */
    assert_non_null(path_problem(""));
    assert_non_null(path_problem("/etc/passwd"));
    assert_non_null(path_problem("\\\\server\\share\\x.csv"));
    assert_non_null(path_problem("C:\\x.csv"));
    assert_non_null(path_problem("c:x.csv"));
    assert_non_null(path_problem("~/x.csv"));
    assert_non_null(path_problem("../x.csv"));
    assert_non_null(path_problem("a/../../x.csv"));
    assert_non_null(path_problem("a\\..\\..\\x.csv"));
    assert_non_null(path_problem("."));
    assert_non_null(path_problem("a/.."));
    assert_non_null(path_problem(".."));
    assert_non_null(jm_source_path_problem("a\0b", 3));
}

static const char journey[] =
    "title: T\n"
    "sources:\n"
    "  - {id: a, name: A, kind: survey, size: 12}\n"
    "  - {id: b, name: B, solicited: true}\n"
    "stages:\n"
    "  - name: S\n"
    "    source: b\n"
    "    touchpoints:\n"
    "      - name: One\n"
    "        pains: [p, {text: q, source: [a, b]}]\n"
    "  - name: R\n"
    "    touchpoints:\n"
    "      - name: Two\n"
    "        opportunities: [o, {text: x, source: a}]\n"
    "      - name: Three\n"
    "        assumed: true\n"
    "        pains: [r]\n";

static void resolved_and_covered(void **state)
{
    (void)state;
    jmap_doc *doc = jmap_load(journey, strlen(journey), "t.yaml");
    assert_non_null(doc);
    assert_int_equal(jmap_doc_error_count(doc), 0);
    const jmap_journey *j = jmap_doc_journey(doc, 0);
    assert_int_equal(j->n_sources, 2);
    assert_int_equal(j->sources[0].number, 1);
    assert_int_equal(j->sources[1].number, 2);
    assert_int_equal(j->sources[0].kind_ix, JM_SK_SURVEY);
    assert_true(j->sources[0].solicited);
    assert_int_equal(j->sources[0].size_n, 12);
    assert_int_equal(j->sources[1].kind_ix, JM_SK_OTHER);
    assert_true(j->sources[1].solicited); /* as given, over other's default */
    assert_ptr_equal(jm_source_find(j, "b", 1), &j->sources[1]);
    assert_null(jm_source_find(j, "c", 1));
    const jm_touchpoint *one = &j->stages[0].touchpoints[0];
    assert_null(jm_tp_pain_source(one, 0));
    const jm_cites *q = jm_tp_pain_source(one, 1);
    assert_non_null(q);
    assert_int_equal(q->ids.n, 2);
    assert_int_equal(q->ix[0], 0);
    assert_int_equal(q->ix[1], 1);
    assert_int_equal(j->stages[0].source->ix[0], 1);
    assert_true(jm_tp_assumed(&j->stages[1].touchpoints[1]));
    assert_false(jm_tp_assumed(one));
    assert_false(jm_tp_cites_computed(j, one)); /* nothing is computed yet */
    jm_coverage c = jm_journey_coverage(j);
    assert_int_equal(c.touchpoints, 3);
    assert_int_equal(c.touchpoints_cited, 1); /* One, through its stage */
    assert_int_equal(c.pains, 3);
    assert_int_equal(c.pains_cited, 2);
    assert_int_equal(c.opportunities, 2);
    assert_int_equal(c.opportunities_cited, 1);
    assert_int_equal(c.assumed, 1);
    /* require sources: Two and its plain opportunity */
    assert_int_equal(jmap_doc_require_sources(doc), 2);
    assert_int_equal(jmap_doc_diag_count(doc), 2);
    assert_int_equal(jmap_doc_diag(doc, 0)->line, 13);
    assert_int_equal(jmap_doc_diag(doc, 0)->column, 9);
    assert_int_equal(jmap_doc_diag(doc, 1)->line, 14);
    assert_int_equal(jmap_doc_diag(doc, 1)->column, 25);
    /* a second call adds nothing: the doc has errors now */
    assert_int_equal(jmap_doc_require_sources(doc), 0);
    assert_int_equal(jmap_doc_diag_count(doc), 2);
    jmap_doc_free(doc);
}

static void a_map_without_research_costs_no_record(void **state)
{
    (void)state;
    static const char plain[] = "title: T\nstages:\n  - name: S\n    touchpoints:\n      - name: A\n        pains: [p]\n";
    jmap_doc *doc = jmap_load(plain, strlen(plain), "p.yaml");
    const jmap_journey *j = jmap_doc_journey(doc, 0);
    assert_null(j->stages[0].source);
    assert_null(j->stages[0].touchpoints[0].research);
    assert_int_equal(jmap_doc_require_sources(doc), 2);
    jmap_doc_free(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(kinds_table),
        cmocka_unit_test(dates),
        cmocka_unit_test(paths),
        cmocka_unit_test(resolved_and_covered),
        cmocka_unit_test(a_map_without_research_costs_no_record),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
