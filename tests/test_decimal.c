/* Exact decimal comparison (decimal.c): what met or missed is decided on. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "base/decimal.h"

static int cmp(const char *a, const char *b)
{
    jm_decimal x, y;
    if (!jm_decimal_parse(a, strlen(a), &x)) fail_msg("'%s' not read", a);
    if (!jm_decimal_parse(b, strlen(b), &y)) fail_msg("'%s' not read", b);
    int c = jm_decimal_cmp(&x, &y), r = jm_decimal_cmp(&y, &x);
    if (c != -r) fail_msg("'%s' against '%s': %d, the other way %d", a, b, c, r);
    return c;
}

static void test_equal_however_written(void **state)
{
    (void)state;
    static const char *const pairs[][2] = {
        {"1", "1.0"}, {"1", "01"}, {"100", "1e2"}, {"100", "1E+2"}, {"100.000", "1e2"}, {"0.5", ".5"},
        {"5", "5."}, {"0", "-0"}, {"0", "0e999"}, {"-0.0", "+0"}, {"0.001", "1e-3"}, {"12.5", "1250e-2"},
        {"-3", "-3.000"}, {"1e000000000000000000000001", "10"},
    };
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++)
        if (cmp(pairs[i][0], pairs[i][1]) != 0) fail_msg("'%s' and '%s' differ", pairs[i][0], pairs[i][1]);
}

static void test_order_without_rounding(void **state)
{
    (void)state;
    /* each is less than the next: doubles round many of them together */
    static const char *const up[] = {
        "-1e309", "-1e308", "-1.0000000000000001", "-1", "-0.99999999999999999", "-1e-400", "0", "1e-400",
        "2e-400", "0.99999999999999999", "1", "1.0000000000000001", "1.00000000000000011", "12345678901234567890122",
        "12345678901234567890123", "1e308", "1e309", "9.99e99999999999999999", "1e100000000000000000", "1e999999999999999999",
    };
    for (size_t i = 0; i + 1 < sizeof up / sizeof up[0]; i++)
        if (cmp(up[i], up[i + 1]) != -1) fail_msg("'%s' is not less than '%s'", up[i], up[i + 1]);
}

static void test_only_numbers_are_read(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "", "+", "-", ".", "e5", "1e", "1e+", "1.2.3", "0x10", "1,5", " 1", "1 ", "inf", "nan", "--1", "1e5.5",
        "1e1234567890123456789", /* an exponent of 19 digits */
        "12345678901234567890123456789012345678901234567890123456789012345", /* 65 bytes */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        jm_decimal d;
        if (jm_decimal_parse(bad[i], strlen(bad[i]), &d)) fail_msg("'%s' read as a number", bad[i]);
    }
    jm_decimal d;
    assert_true(jm_decimal_parse("1e000000000000000000000000000009", 31, &d)); /* leading zeros do not count */
    assert_true(jm_decimal_parse("1e-123456789012345678", 21, &d));
    assert_true(jm_decimal_parse("1.5x", 3, &d)); /* the length given, not the NUL */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_equal_however_written),
        cmocka_unit_test(test_order_without_rounding),
        cmocka_unit_test(test_only_numbers_are_read),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
