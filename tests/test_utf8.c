/* UTF-8: validation (overlongs, surrogates, truncated sequences, code points
 * past U+10FFFF), decoding, counting, and the first strong direction. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "base/utf8.h"

/* Byte strings are given with their length, for those that hold NUL. */
typedef struct bytes {
    const char *s;
    size_t len;
    size_t bad;                 /* offset of the first bad byte; len when valid */
    const char *what;
} bytes;

#define B(lit, bad, what) {lit, sizeof(lit) - 1, bad, what}
#define OK(lit, what) {lit, sizeof(lit) - 1, sizeof(lit) - 1, what}

static void check_all(const bytes *c, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        size_t got = jm_utf8_check(c[i].s, c[i].len);
        if (got != c[i].bad) fail_msg("%s: first bad byte at %zu, want %zu", c[i].what, got, c[i].bad);
        assert_int_equal(jm_utf8_valid(c[i].s, c[i].len), c[i].bad == c[i].len);
    }
}

static void test_valid_utf8(void **state)
{
    (void)state;
    static const bytes cases[] = {
        OK("", "empty"),
        OK("title: t\n", "ASCII"),
        OK("a\0b", "NUL is valid UTF-8 (the loader refuses it on its own)"),
        OK("\x7f", "U+007F, the last 1-byte"),
        OK("\xc2\x80", "U+0080, the first 2-byte"),
        OK("\xc3\xa9", "U+00E9 e acute"),
        OK("\xdf\xbf", "U+07FF, the last 2-byte"),
        OK("\xe0\xa0\x80", "U+0800, the first 3-byte"),
        OK("\xe2\x82\xac", "U+20AC euro"),
        OK("\xed\x9f\xbf", "U+D7FF, just below the surrogates"),
        OK("\xee\x80\x80", "U+E000, just above the surrogates"),
        OK("\xef\xbb\xbf", "U+FEFF byte order mark"),
        OK("\xef\xbf\xbf", "U+FFFF"),
        OK("\xf0\x90\x80\x80", "U+10000, the first 4-byte"),
        OK("\xf0\x9f\x98\x8c", "U+1F60C emoji"),
        OK("\xf4\x8f\xbf\xbf", "U+10FFFF, the last code point"),
        OK("\xd8\xa7\xd9\x81\xd8\xaa\xd8\xaa\xd8\xa7\xd8\xad", "Persian"),
    };
    check_all(cases, sizeof cases / sizeof *cases);
}

static void test_overlongs(void **state)
{
    (void)state;
    static const bytes cases[] = {
        B("\xc0\xaf", 0, "overlong '/' in 2 bytes"),
        B("\xc0\x80", 0, "overlong NUL"),
        B("\xc1\xbf", 0, "overlong U+007F"),
        B("ab\xe0\x80\xaf", 2, "overlong '/' in 3 bytes"),
        B("\xe0\x9f\xbf", 0, "overlong U+07FF"),
        B("\xf0\x80\x80\xaf", 0, "overlong '/' in 4 bytes"),
        B("\xf0\x8f\xbf\xbf", 0, "overlong U+FFFF"),
    };
    check_all(cases, sizeof cases / sizeof *cases);
}

static void test_surrogates(void **state)
{
    (void)state;
    static const bytes cases[] = {
        B("\xed\xa0\x80", 0, "U+D800"),
        B("x\xed\xbf\xbf", 1, "U+DFFF"),
        B("\xed\xa0\xbd\xed\xb8\x8c", 0, "a surrogate pair written as CESU-8"),
    };
    check_all(cases, sizeof cases / sizeof *cases);
}

static void test_beyond_u10ffff(void **state)
{
    (void)state;
    static const bytes cases[] = {
        B("\xf4\x90\x80\x80", 0, "U+110000"),
        B("\xf5\x80\x80\x80", 0, "lead byte F5"),
        B("\xf7\xbf\xbf\xbf", 0, "U+1FFFFF"),
        B("\xf8\x88\x80\x80\x80", 0, "a 5-byte form"),
        B("\xfc\x84\x80\x80\x80\x80", 0, "a 6-byte form"),
        B("ok\xfe", 2, "byte FE"),
        B("ok\xff", 2, "byte FF"),
    };
    check_all(cases, sizeof cases / sizeof *cases);
}

static void test_truncated_and_broken_sequences(void **state)
{
    (void)state;
    static const bytes cases[] = {
        B("\xc3", 0, "a 2-byte lead at the end"),
        B("abc\xe2\x82", 3, "a 3-byte sequence cut after 2"),
        B("\xf0\x9f\x98", 0, "a 4-byte sequence cut after 3"),
        B("\xc3" "a", 0, "a 2-byte lead followed by ASCII"),
        B("\xe2\x28\xa1", 0, "a 3-byte lead with a bad second byte"),
        B("\xe2\x82\x28", 0, "a 3-byte lead with a bad third byte"),
        B("\xf0\x9f\x41\x80", 0, "a 4-byte lead with a bad third byte"),
        B("\xf0\x9f\x98\x41", 0, "a 4-byte lead with a bad fourth byte"),
        B("a\x80", 1, "a lone continuation byte"),
        B("\xc3\xa9\xa9", 2, "one continuation too many"),
        B("\xc3\0", 0, "a lead byte followed by NUL"),
    };
    check_all(cases, sizeof cases / sizeof *cases);
    /* the length given is the end, whatever bytes follow it in memory */
    static const char euro_then_more[] = "\xe2\x82\xac\xe2\x82\xac";
    assert_int_equal(jm_utf8_check(euro_then_more, 2), 0);
    assert_int_equal(jm_utf8_check(euro_then_more, 5), 3);
    assert_int_equal(jm_utf8_check(euro_then_more, 6), 6);
}

/* Exactly 66 noncharacters: U+FDD0..U+FDEF and the last two of each plane. */
static void test_noncharacters(void **state)
{
    (void)state;
    int n = 0;
    for (uint32_t c = 0; c <= 0x10FFFF; c++) n += jm_is_noncharacter(c);
    assert_int_equal(n, 66);
    assert_true(jm_is_noncharacter(0xFFFE));
    assert_true(jm_is_noncharacter(0xFFFF));
    assert_true(jm_is_noncharacter(0xFDD0));
    assert_true(jm_is_noncharacter(0xFDEF));
    assert_true(jm_is_noncharacter(0x1FFFE));
    assert_true(jm_is_noncharacter(0x10FFFF));
    assert_false(jm_is_noncharacter(0xFDCF));
    assert_false(jm_is_noncharacter(0xFDF0));
    assert_false(jm_is_noncharacter(0xFFFD));
    assert_false(jm_is_noncharacter(0x1FFFD));
    assert_false(jm_is_noncharacter(0x110000 | 0xFFFE));
}

static void test_seqlen(void **state)
{
    (void)state;
    assert_int_equal(jm_utf8_seqlen('a'), 1);
    assert_int_equal(jm_utf8_seqlen(0x80), 1); /* continuation: a stray byte */
    assert_int_equal(jm_utf8_seqlen(0xC0), 1); /* never valid */
    assert_int_equal(jm_utf8_seqlen(0xC1), 1);
    assert_int_equal(jm_utf8_seqlen(0xC2), 2);
    assert_int_equal(jm_utf8_seqlen(0xDF), 2);
    assert_int_equal(jm_utf8_seqlen(0xE0), 3);
    assert_int_equal(jm_utf8_seqlen(0xEF), 3);
    assert_int_equal(jm_utf8_seqlen(0xF0), 4);
    assert_int_equal(jm_utf8_seqlen(0xF4), 4);
    assert_int_equal(jm_utf8_seqlen(0xF5), 1);
    assert_int_equal(jm_utf8_seqlen(0xFF), 1);
}

static void test_decode_and_count(void **state)
{
    (void)state;
    static const char s[] = "a\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x8c\xf4\x8f\xbf\xbf";
    static const uint32_t want[] = {0x61, 0xE9, 0x20AC, 0x1F60C, 0x10FFFF};
    const char *p = s, *end = s + sizeof s - 1;
    for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
        assert_true(p < end);
        assert_int_equal(jm_utf8_next(&p, end), want[i]);
    }
    assert_ptr_equal(p, end);
    assert_int_equal(jm_utf8_chars(s, sizeof s - 1), 5);
    assert_int_equal(jm_utf8_chars("", 0), 0);
    assert_int_equal(jm_utf8_chars("\xc3\x96""d\xc3\xb6n", 6), 4); /* Ödön */
}

static void test_first_strong(void **state)
{
    (void)state;
    static const struct {
        const char *s;
        jm_strong want;
        const char *what;
    } cases[] = {
        {"", JM_STRONG_NONE, "empty"},
        {"2024 - 2025 !?", JM_STRONG_NONE, "digits and punctuation only"},
        {"\xf0\x9f\x98\x8c \xe2\x86\x92", JM_STRONG_NONE, "emoji and an arrow only"},
        {"Buying a car", JM_STRONG_LTR, "Latin"},
        {"\xc3\x96""d\xc3\xb6n", JM_STRONG_LTR, "Latin with diacritics"},
        {"\xd0\x9f\xd0\xbe\xd0\xba\xd1\x83\xd0\xbf\xd0\xba\xd0\xb0", JM_STRONG_LTR, "Cyrillic"},
        {"\xe6\x97\xa5\xe6\x9c\xac", JM_STRONG_LTR, "CJK"},
        {"\xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d", JM_STRONG_RTL, "Hebrew"},
        {"\xd8\xa7\xd9\x81\xd8\xaa\xd8\xaa\xd8\xa7\xd8\xad", JM_STRONG_RTL, "Persian"},
        {"2024 \xd8\xaa\xd9\x82\xd8\xb1\xd9\x8a\xd8\xb1", JM_STRONG_RTL, "ASCII digits, then Arabic"},
        {"\xc2\xab\xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d\xc2\xbb", JM_STRONG_RTL, "guillemets, then Hebrew"},
        {"\xf0\x9f\x98\x8c \xd8\xb3\xd9\x84\xd8\xa7\xd9\x85", JM_STRONG_RTL, "emoji, then Arabic"},
        {"(\"Hello\") \xd7\xa9", JM_STRONG_LTR, "Latin before Hebrew"},
        {"\xd7\xa9 Hello", JM_STRONG_RTL, "Hebrew before Latin"},
        {"\xe2\x80\x8c\xd8\xa8", JM_STRONG_RTL, "zero-width non-joiner, then Arabic"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        jm_strong got = jm_first_strong(cases[i].s, strlen(cases[i].s));
        if (got != cases[i].want) fail_msg("%s: got %d, want %d", cases[i].what, got, cases[i].want);
    }
    /* only the given length is looked at */
    assert_int_equal(jm_first_strong("123 abc", 4), JM_STRONG_NONE);
}

/* Unicode's bidi classes: Arabic-Indic digits are numbers (weak), not letters;
 * the explicit marks LRM and RLM are strong. */
static void test_first_strong_follows_bidi_classes(void **state)
{
    (void)state;
    static const struct {
        const char *s;
        jm_strong want;
        const char *what;
    } cases[] = {
        {"\xd9\xa2\xd9\xa0\xd9\xa2\xd9\xa4 Report", JM_STRONG_LTR, "Arabic-Indic digits (AN), then Latin"},
        {"\xdb\xb1\xdb\xb4\xdb\xb0\xdb\xb2 Report", JM_STRONG_LTR, "Extended Arabic-Indic digits (EN), then Latin"},
        {"\xdb\xb1\xdb\xb4\xdb\xb0\xdb\xb2", JM_STRONG_NONE, "Persian digits only"},
        {"\xe2\x80\x8f" "2024", JM_STRONG_RTL, "RIGHT-TO-LEFT MARK"},
        {"\xe2\x80\x8e\xd7\xa9", JM_STRONG_LTR, "LEFT-TO-RIGHT MARK, then Hebrew"},
    };
    int wrong = 0;
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        jm_strong got = jm_first_strong(cases[i].s, strlen(cases[i].s));
        if (got != cases[i].want) {
            print_error("%s: got %d, want %d\n", cases[i].what, got, cases[i].want);
            wrong++;
        }
    }
    assert_int_equal(wrong, 0);
}

/* What reaches a terminal: controls, C1, bidi controls and separators
 * escaped, invalid bytes as \xHH, everything else as written. */
static void test_escape_hidden(void **state)
{
    (void)state;
    static const struct { const char *in; size_t len; const char *out; } cases[] = {
        {"plain é 字 👍", 0, "plain é 字 👍"},
        {"\x1b]52;c;aGk=\a", 0, "\\x1b]52;c;aGk=\\x07"},
        {"a\tb\nc\rd\x7f", 0, "a\\tb\\nc\\rd\\x7f"},
        {"nel \xC2\x85 csi \xC2\x9B", 0, "nel \\u0085 csi \\u009b"},
        {"rlo \xE2\x80\xAE lri \xE2\x81\xA6 ls \xE2\x80\xA8 zwnj \xE2\x80\x8C", 0,
         "rlo \\u202e lri \\u2066 ls \\u2028 zwnj \xE2\x80\x8C"},
        {"bad \xff \x9b \xC3", 0, "bad \\xff \\x9b \\xc3"},
        {"nul\0end", 7, "nul\\x00end"},
        {"back\\slash", 0, "back\\slash"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t len = cases[i].len ? cases[i].len : strlen(cases[i].in);
        char out[128];
        size_t need = jm_escape_hidden(cases[i].in, len, out, sizeof out);
        assert_string_equal(out, cases[i].out);
        assert_int_equal(need, strlen(cases[i].out));
        assert_int_equal(jm_escape_hidden(cases[i].in, len, NULL, 0), need);
    }
    /* cut to the room given, always terminated */
    char small[6];
    assert_int_equal(jm_escape_hidden("ab\x1b" "cd", 5, small, sizeof small), 8);
    assert_string_equal(small, "ab\\x1");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid_utf8),
        cmocka_unit_test(test_overlongs),
        cmocka_unit_test(test_surrogates),
        cmocka_unit_test(test_beyond_u10ffff),
        cmocka_unit_test(test_truncated_and_broken_sequences),
        cmocka_unit_test(test_noncharacters),
        cmocka_unit_test(test_seqlen),
        cmocka_unit_test(test_decode_and_count),
        cmocka_unit_test(test_first_strong),
        cmocka_unit_test(test_first_strong_follows_bidi_classes),
        cmocka_unit_test(test_escape_hidden),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
