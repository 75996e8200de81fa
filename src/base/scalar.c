/* Scalars written as text: decimal numbers, #rgb colours, ids. The loader,
 * the Mermaid reader and the themes read them alike. */
#include "base/scalar.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

bool jm_parse_number(const char *s, size_t len, double *out)
{
    size_t i = 0;
    if (i < len && (s[i] == '+' || s[i] == '-')) i++;
    size_t digits = 0;
    while (i < len && isdigit((unsigned char)s[i])) { i++; digits++; }
    if (i < len && s[i] == '.') {
        i++;
        while (i < len && isdigit((unsigned char)s[i])) { i++; digits++; }
    }
    if (!digits) return false;
    if (i < len && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        if (i < len && (s[i] == '+' || s[i] == '-')) i++;
        size_t exp = 0;
        while (i < len && isdigit((unsigned char)s[i])) { i++; exp++; }
        if (!exp) return false;
    }
    if (i != len || len > 64) return false;
    char buf[72];
    memcpy(buf, s, len);
    buf[len] = '\0';
    double v = strtod(buf, NULL);
    if (!isfinite(v)) return false;
    *out = v;
    return true;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    c = (char)tolower((unsigned char)c);
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

bool jm_parse_color(const char *s, size_t len, jm_rgb *out)
{
    if ((len != 4 && len != 7) || s[0] != '#') return false;
    int v[6];
    for (size_t i = 1; i < len; i++)
        if ((v[i - 1] = hexval(s[i])) < 0) return false;
    if (len == 4) {
        out->r = (float)(v[0] * 17) / 255.0f;
        out->g = (float)(v[1] * 17) / 255.0f;
        out->b = (float)(v[2] * 17) / 255.0f;
    } else {
        out->r = (float)(v[0] * 16 + v[1]) / 255.0f;
        out->g = (float)(v[2] * 16 + v[3]) / 255.0f;
        out->b = (float)(v[4] * 16 + v[5]) / 255.0f;
    }
    return true;
}

bool jm_valid_id(const char *s, size_t len)
{
    if (len == 0) return false;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (i > 0 && (c == '-' || c == '_'));
        if (!ok) return false;
    }
    return true;
}
