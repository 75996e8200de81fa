/* Exact comparison of decimal numbers as written (decimal.h). */
#include "base/decimal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool jm_decimal_parse(const char *s, size_t len, jm_decimal *out)
{
    if (len > JM_DECIMAL_TEXT) return false;
    memset(out, 0, sizeof *out);
    size_t i = 0;
    if (i < len && (s[i] == '+' || s[i] == '-')) out->neg = s[i++] == '-';
    /* mantissa: the digits after the leading zeros, and how many of them
     * stand before the point */
    size_t mantissa = 0;
    long long before_point = 0;
    bool point = false;
    for (; i < len && (is_digit(s[i]) || (s[i] == '.' && !point)); i++) {
        if (s[i] == '.') { point = true; continue; }
        mantissa++;
        if (out->n == 0 && s[i] == '0') {
            if (point) before_point--; /* 0.005: 0.5 times 10^-2 */
            continue;
        }
        out->digits[out->n++] = s[i];
        if (!point) before_point++;
    }
    if (!mantissa) return false;
    long long e = 0;
    if (i < len && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        bool neg = false;
        if (i < len && (s[i] == '+' || s[i] == '-')) neg = s[i++] == '-';
        size_t digits = 0, significant = 0;
        for (; i < len && is_digit(s[i]); i++, digits++) {
            if (!significant && s[i] == '0') continue;
            if (++significant > JM_DECIMAL_EXP_DIGITS) return false;
            e = e * 10 + (s[i] - '0');
        }
        if (!digits) return false;
        if (neg) e = -e;
    }
    if (i != len) return false;
    while (out->n && out->digits[out->n - 1] == '0') out->n--;
    if (!out->n) { /* zero, whatever its sign and exponent */
        out->neg = false;
        return true;
    }
    out->exp = before_point + e;
    return true;
}

int jm_decimal_cmp(const jm_decimal *a, const jm_decimal *b)
{
    /* zero has no sign: compare by sign first, then by magnitude */
    int sa = a->n == 0 ? 0 : a->neg ? -1 : 1, sb = b->n == 0 ? 0 : b->neg ? -1 : 1;
    if (sa != sb) return sa < sb ? -1 : 1;
    if (sa == 0) return 0;
    int mag;
    if (a->exp != b->exp) {
        mag = a->exp < b->exp ? -1 : 1;
    } else {
        size_t n = a->n < b->n ? a->n : b->n;
        int c = memcmp(a->digits, b->digits, n);
        mag = c < 0 ? -1 : c > 0 ? 1 : a->n == b->n ? 0 : a->n < b->n ? -1 : 1;
    }
    return sa < 0 ? -mag : mag;
}

void jm_plain_decimal(double v, char out[JM_PLAIN_DECIMAL])
{
    out[0] = 0;
    if (!isfinite(v)) return;
    char buf[JM_PLAIN_DECIMAL];
    snprintf(buf, sizeof buf, "%.6f", v == 0 ? 0.0 : v);
    /* the locale's decimal point, whatever its bytes, becomes '.' */
    size_t n = 0, i = 0;
    if (buf[i] == '-') out[n++] = buf[i++];
    while (buf[i] >= '0' && buf[i] <= '9') out[n++] = buf[i++];
    size_t dot = n;
    while (buf[i] && (buf[i] < '0' || buf[i] > '9')) i++;
    out[n++] = '.';
    while (buf[i] >= '0' && buf[i] <= '9') out[n++] = buf[i++];
    while (n > dot + 1 && out[n - 1] == '0') n--;
    if (n == dot + 1) n = dot; /* no fraction: no point */
    out[n] = 0;
    if (strcmp(out, "-0") == 0) strcpy(out, "0");
}
