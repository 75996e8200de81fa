/* Decimal numbers compared exactly as written: "1.0000000000000001" is more
 * than "1", "1e309" more than "1e308", with no rounding to a double. */
#ifndef JMAP_DECIMAL_H
#define JMAP_DECIMAL_H

#include <stdbool.h>
#include <stddef.h>

#define JM_DECIMAL_TEXT 64     /* the longest number read, in bytes */
#define JM_DECIMAL_EXP_DIGITS 18 /* an exponent of more digits (past its leading zeros) is not read */

typedef struct jm_decimal {
    bool neg;
    size_t n;                  /* significant digits: none for zero */
    char digits[JM_DECIMAL_TEXT];
    long long exp;             /* the value is 0.DIGITS times 10^exp */
} jm_decimal;

/* Reads [+-]DIGITS[.DIGITS][(e|E)[+-]DIGITS] (".5" and "5." too), the whole
 * of s[0..len); false for anything else, or past the limits above. */
bool jm_decimal_parse(const char *s, size_t len, jm_decimal *out);
/* -1, 0 or 1 as a is less than, equal to or more than b ("-0" equals "0"). */
int jm_decimal_cmp(const jm_decimal *a, const jm_decimal *b);

/* v as a plain decimal with '.' whatever the locale, at most 6 decimals,
 * no trailing zeros: "3.5", "-2", "0" ("" for NaN and infinities). */
#define JM_PLAIN_DECIMAL 400
void jm_plain_decimal(double v, char out[JM_PLAIN_DECIMAL]);

#endif
