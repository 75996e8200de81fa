/* The vocabulary (src/model/words.h): every table complete, keys unique, tags,
 * templates and numbers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "model/model.h"
#include "model/words.h"

static void every_table_is_complete(void **state)
{
    (void)state;
    assert_true(jm_language_count >= 8);
    assert_string_equal(jm_languages[0]->code, "en");
    for (size_t i = 0; i < jm_language_count; i++) {
        const jm_language *l = jm_languages[i];
        for (int w = 0; w < JM_W_COUNT; w++) {
            const char *s = l->words[w];
            if (!s || !*s) fail_msg("%s has no word for %s", l->code, jm_word_keys[w]);
        }
        assert_non_null(strstr(l->words[JM_W_AGE], JM_AGE_SLOT));
        assert_non_null(strstr(l->words[JM_W_PERSONA_VIEW], JM_PERSONA_SLOT));
        assert_ptr_equal(jm_language_find(l->code, strlen(l->code)), l);
        /* ten digits */
        size_t chars = 0;
        for (const char *p = l->digits; *p; p++) chars += ((unsigned char)*p & 0xC0) != 0x80;
        assert_int_equal(chars, 10);
    }
}

static void keys_are_unique_and_found(void **state)
{
    (void)state;
    for (int w = 0; w < JM_W_COUNT; w++) {
        assert_non_null(jm_word_keys[w]);
        assert_int_equal(jm_word_find(jm_word_keys[w], strlen(jm_word_keys[w])), w);
    }
    assert_int_equal(jm_word_find("painz", 5), -1);
    assert_string_equal(jm_lane_names[JM_LANE_PAINS], "pains");
    assert_string_equal(jm_lane_names[JM_LANE_METRICS], "metrics");
    assert_string_equal(jm_builtin_channel_ids[JM_CH_WEB], "web");
    assert_string_equal(jm_builtin_channel_ids[JM_CH_OTHER], "other");
    assert_string_equal(jm_word_text(NULL, JM_W_CH_WEB), "Website");
    assert_string_equal(jm_word_text(NULL, (jm_word)JM_LANE_PAINS), "PAIN POINTS");
}

/* Each built-in channel (channels.def) has its name in every language, and
 * no two channels share a name in one language: the legend tells them apart
 * by it. A row added to channels.def without its words fails here. */
static void every_channel_has_its_words(void **state)
{
    (void)state;
    for (size_t i = 0; i < jm_language_count; i++) {
        const jm_language *l = jm_languages[i];
        for (int b = 0; b < JM_CH_BUILTIN_COUNT; b++) {
            const char *s = l->words[JM_W_FIRST_CHANNEL + b];
            if (!s || !*s) fail_msg("%s has no word for the channel %s", l->code, jm_builtin_channel_ids[b]);
            for (int c = 0; c < b; c++)
                if (strcmp(s, l->words[JM_W_FIRST_CHANNEL + c]) == 0)
                    fail_msg("%s names the channels %s and %s alike: '%s'", l->code, jm_builtin_channel_ids[c],
                             jm_builtin_channel_ids[b], s);
        }
    }
}

/* The channels' table: ids in the spec's order with `other` last, the word
 * of each channel keyed by its id, and the spec's physical channels. */
static void channels_table(void **state)
{
    (void)state;
    static const char *const physical[] = {"store", "print", "mail", "event", "delivery"};
    assert_string_equal(jm_builtin_channel_ids[0], "web");
    assert_string_equal(jm_builtin_channel_ids[JM_CH_BUILTIN_COUNT - 1], "other");
    size_t n_physical = 0;
    for (int b = 0; b < JM_CH_BUILTIN_COUNT; b++) {
        const char *id = jm_builtin_channel_ids[b];
        assert_int_equal(jm_word_find(id, strlen(id)), JM_W_FIRST_CHANNEL + b);
        bool want = false;
        for (size_t k = 0; k < sizeof physical / sizeof *physical; k++) want |= strcmp(id, physical[k]) == 0;
        if (jm_builtin_channel_physical[b] != want) fail_msg("%s should be %s", id, want ? "physical" : "digital");
        n_physical += jm_builtin_channel_physical[b];
    }
    assert_int_equal(n_physical, sizeof physical / sizeof *physical);
}

/* The lanes' table: names in the default order, a lane's word its own. */
static void lanes_table(void **state)
{
    (void)state;
    assert_string_equal(jm_lane_names[0], "evidence");
    assert_string_equal(jm_lane_names[JM_LANE_TOUCHPOINTS], "touchpoints");
    assert_string_equal(jm_lane_names[JM_LANE_ACTIONS], "actions");
    assert_string_equal(jm_lane_names[JM_LANE_COUNT - 1], "sources"); /* 1.2: the sources list, last */
    for (int l = 0; l < JM_LANE_COUNT; l++)
        assert_int_equal(jm_word_find(jm_lane_names[l], strlen(jm_lane_names[l])), l);
    assert_int_equal(JM_LANE_COUNT, JM_W_GOALS);
}

static void tags(void **state)
{
    (void)state;
    static const char *const good[] = {"en", "uk", "pt-BR", "sr-Latn-RS", "zh-Hant", "es-419", "x-klingon", "UK",
                                       "de-CH-1996", "i-navajo"};
    static const char *const bad[] = {"", "e", "english", "pt_BR", "en-", "-en", "en--us", "en us", "en-123456789",
                                      "x", "abcd", "12"};
    for (size_t i = 0; i < sizeof good / sizeof *good; i++)
        if (!jm_lang_tag_valid(good[i], strlen(good[i]))) fail_msg("'%s' is a valid tag", good[i]);
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        if (jm_lang_tag_valid(bad[i], strlen(bad[i]))) fail_msg("'%s' is not a valid tag", bad[i]);
    assert_string_equal(jm_language_find("uk-UA", 5)->code, "uk");
    assert_string_equal(jm_language_find("FA", 2)->code, "fa");
    assert_null(jm_language_find("ukr", 3));
    assert_null(jm_language_find("zh-Hant", 7));
    assert_true(jm_lang_rtl("fa", 2) && jm_lang_rtl("ar-EG", 5) && jm_lang_rtl("he", 2));
    assert_false(jm_lang_rtl("uk", 2) || jm_lang_rtl("en-US", 5) || jm_lang_rtl("ur", 0));
    assert_string_equal(jm_language_named("Ukrainian", 9)->code, "uk");
    assert_string_equal(jm_language_named("farsi", 5)->code, "fa");
    assert_null(jm_language_named("klingon", 7));
}

static void numbers(void **state)
{
    (void)state;
    char buf[64];
    assert_string_equal(jm_words_number(NULL, 2.5, buf, sizeof buf), "2.5");
    assert_string_equal(jm_words_number(NULL, -2, buf, sizeof buf), "-2");
    assert_string_equal(jm_words_number(jm_language_find("de", 2), 2.5, buf, sizeof buf), "2,5");
    assert_string_equal(jm_words_number(jm_language_find("uk", 2), -1.5, buf, sizeof buf), "\xe2\x88\x92" "1,5");
    assert_string_equal(jm_words_number(jm_language_find("fa", 2), -2.5, buf, sizeof buf), "\xe2\x88\x92۲٫۵");
    assert_string_equal(jm_words_number(jm_language_find("fa", 2), 1234567890, buf, sizeof buf), "۱٫۲۳۴۵۷e+۰۹");
    char names[64];
    static const char *const three[] = {"a", "b", "c"};
    assert_string_equal(jm_words_join(names, sizeof names, three, 3, "or"), "a, b or c");
    assert_string_equal(jm_words_join(names, sizeof names, three, 1, "or"), "a");
    assert_string_equal(jm_words_join(names, 4, three, 3, "or"), "a, ");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_table_is_complete),
        cmocka_unit_test(keys_are_unique_and_found),
        cmocka_unit_test(every_channel_has_its_words),
        cmocka_unit_test(channels_table),
        cmocka_unit_test(lanes_table),
        cmocka_unit_test(tags),
        cmocka_unit_test(numbers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
