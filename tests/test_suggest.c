/* "Did you mean ...?": the edit distance behind it and the thresholds that
 * decide when a misspelt word is near enough to suggest a candidate. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "base/suggest.h"

static size_t dist(const char *a, const char *b, size_t limit)
{
    return jm_edit_distance(a, strlen(a), b, strlen(b), limit);
}

static const char *suggest(const char *word, const char *const *cands, size_t n)
{
    return jm_suggest(word, strlen(word), cands, n);
}

static void test_edit_distance(void **state)
{
    (void)state;
    static const struct {
        const char *a, *b;
        size_t want;
    } cases[] = {
        {"", "", 0},
        {"name", "name", 0},
        {"", "abc", 3},
        {"abc", "", 3},
        {"name", "nam", 1},           /* deletion */
        {"nam", "name", 1},           /* insertion */
        {"name", "nome", 1},          /* substitution */
        {"kitten", "sitting", 3},
        {"flaw", "lawn", 2},
        {"emtoin", "emotion", 2},
        {"exxxion", "emotion", 3},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        size_t got = dist(cases[i].a, cases[i].b, 10);
        if (got != cases[i].want)
            fail_msg("distance('%s', '%s') = %zu, want %zu", cases[i].a, cases[i].b, got, cases[i].want);
        /* symmetric */
        assert_int_equal(dist(cases[i].b, cases[i].a, 10), cases[i].want);
    }
}

static void test_transposition_counts_one(void **state)
{
    (void)state;
    assert_int_equal(dist("emotoin", "emotion", 5), 1);
    assert_int_equal(dist("ab", "ba", 5), 1);
    assert_int_equal(dist("nmae", "name", 5), 1);
    assert_int_equal(dist("touchpionts", "touchpoints", 5), 1);
    /* optimal string alignment: a transposed pair is not edited again */
    assert_int_equal(dist("ca", "abc", 5), 3);
}

static void test_edit_distance_is_capped(void **state)
{
    (void)state;
    /* beyond the limit the answer is limit + 1, whatever the true distance */
    assert_int_equal(dist("abcdef", "uvwxyz", 2), 3);
    assert_int_equal(dist("kitten", "sitting", 2), 3);
    assert_int_equal(dist("kitten", "sitting", 3), 3);
    /* lengths alone too far apart */
    assert_int_equal(dist("a", "abcdefgh", 1), 2);
    /* very long words are not compared at all */
    char long_a[201], long_b[201];
    memset(long_a, 'a', 200);
    long_a[200] = '\0';
    memcpy(long_b, long_a, sizeof long_b);
    assert_int_equal(dist(long_a, long_b, 3), 4);
}

static void test_suggestion_thresholds(void **state)
{
    (void)state;
    /* one edit below five letters, two from five, three from nine */
    static const struct {
        const char *word, *cand;
        int suggested;
    } cases[] = {
        {"abcx", "abcd", 1},           /* 4 letters, 1 edit */
        {"abcd", "abxy", 0},           /* 4 letters, 2 edits */
        {"abcde", "abxye", 1},         /* 5 letters, 2 edits */
        {"abcdefgh", "abxyefgh", 1},   /* 8 letters, 2 edits */
        {"abcdefgh", "abxyzfgh", 0},   /* 8 letters, 3 edits */
        {"abcdefghi", "abxyzfghi", 1}, /* 9 letters, 3 edits */
        {"abcdefghi", "wxyzefghi", 0}, /* 9 letters, 4 edits */
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const char *c[] = {cases[i].cand};
        const char *got = suggest(cases[i].word, c, 1);
        if ((got != NULL) != cases[i].suggested)
            fail_msg("'%s' -> '%s': %s, want %s", cases[i].word, cases[i].cand, got ? "suggested" : "not suggested",
                     cases[i].suggested ? "suggested" : "not suggested");
    }
}

static const char *const touchpoint_keys[] = {"name",  "channel",       "personas",  "emotion",
                                              "feeling", "doing",       "thinking",  "pains",
                                              "opportunities", "backstage", "owner", "moment"};
#define N_TP (sizeof touchpoint_keys / sizeof *touchpoint_keys)

static void test_suggest_typical_typos(void **state)
{
    (void)state;
    static const struct {
        const char *word, *want;
    } cases[] = {
        {"emotoin", "emotion"},   {"emotions", "emotion"},   {"nmae", "name"},
        {"chanel", "channel"},    {"persona", "personas"},   {"opportunitys", "opportunities"},
        {"oportunitis", "opportunities"}, {"backstge", "backstage"}, {"Owner", "owner"},
        {"pain", "pains"},        {"opp", "opportunities"},  /* a prefix reads as an abbreviation */
        {"emotion", "emotion"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const char *got = suggest(cases[i].word, touchpoint_keys, N_TP);
        if (!got || strcmp(got, cases[i].want) != 0)
            fail_msg("'%s' -> '%s', want '%s'", cases[i].word, got ? got : "(none)", cases[i].want);
    }
}

static void test_no_suggestion_for_far_words(void **state)
{
    (void)state;
    static const char *const far[] = {"zzzzqq", "colour", "xyz", "price", "description", "op", "", "banana",
                                      "emotionalstate"};
    for (size_t i = 0; i < sizeof far / sizeof *far; i++) {
        const char *got = suggest(far[i], touchpoint_keys, N_TP);
        if (got) fail_msg("'%s' -> '%s', want no suggestion", far[i], got);
    }
    /* no candidates, no suggestion */
    assert_null(suggest("emotion", touchpoint_keys, 0));
}

static void test_suggest_picks_nearest(void **state)
{
    (void)state;
    static const char *const cands[] = {"test", "text", "next"};
    assert_string_equal(suggest("tex", cands, 3), "text");
    assert_string_equal(suggest("textt", cands, 3), "text");
    /* ties go to the earlier candidate, so the answer never depends on chance */
    static const char *const tie[] = {"bat", "hat"};
    assert_string_equal(suggest("cat", tie, 2), "bat");
    /* NULL entries (a NULL-terminated table) are skipped */
    static const char *const themes[] = {"default", "dark", "print", "high-contrast", NULL};
    assert_string_equal(suggest("drak", themes, 5), "dark");
    assert_string_equal(suggest("hihg-contrast", themes, 5), "high-contrast");
    assert_null(suggest("neon", themes, 5));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_edit_distance),
        cmocka_unit_test(test_transposition_counts_one),
        cmocka_unit_test(test_edit_distance_is_capped),
        cmocka_unit_test(test_suggestion_thresholds),
        cmocka_unit_test(test_suggest_typical_typos),
        cmocka_unit_test(test_no_suggestion_for_far_words),
        cmocka_unit_test(test_suggest_picks_nearest),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
