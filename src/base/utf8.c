#include "base/utf8.h"

#include "jmap/jmap.h"

int jm_utf8_seqlen(unsigned char c)
{
    if (c < 0x80) return 1;
    if (c >= 0xC2 && c <= 0xDF) return 2;
    if (c >= 0xE0 && c <= 0xEF) return 3;
    if (c >= 0xF0 && c <= 0xF4) return 4;
    return 1;
}

size_t jm_utf8_check(const char *str, size_t len)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0;
    while (i < len) {
        unsigned char c = s[i];
        if (c < 0x80) { i++; continue; }
        int n = jm_utf8_seqlen(c);
        if (n == 1 || i + (size_t)n > len) return i;
        unsigned char c1 = s[i + 1];
        /* reject overlongs, surrogates and code points past U+10FFFF */
        if ((c == 0xE0 && c1 < 0xA0) || (c == 0xED && c1 > 0x9F) ||
            (c == 0xF0 && c1 < 0x90) || (c == 0xF4 && c1 > 0x8F))
            return i;
        for (int k = 1; k < n; k++)
            if ((s[i + (size_t)k] & 0xC0) != 0x80) return i;
        i += (size_t)n;
    }
    return len;
}

bool jm_utf8_valid(const char *s, size_t len) { return jm_utf8_check(s, len) == len; }

uint32_t jm_utf8_next(const char **pp, const char *end)
{
    const unsigned char *p = (const unsigned char *)*pp;
    int n = jm_utf8_seqlen(*p);
    if ((const char *)p + n > end) n = 1;
    uint32_t cp;
    switch (n) {
    case 2: cp = ((uint32_t)(p[0] & 0x1F) << 6) | (p[1] & 0x3F); break;
    case 3: cp = ((uint32_t)(p[0] & 0x0F) << 12) | ((uint32_t)(p[1] & 0x3F) << 6) | (p[2] & 0x3F); break;
    case 4:
        cp = ((uint32_t)(p[0] & 0x07) << 18) | ((uint32_t)(p[1] & 0x3F) << 12) |
             ((uint32_t)(p[2] & 0x3F) << 6) | (p[3] & 0x3F);
        break;
    default: cp = p[0]; break;
    }
    *pp = (const char *)p + n;
    return cp;
}

bool jm_is_noncharacter(uint32_t c)
{
    return (c >= 0xFDD0 && c <= 0xFDEF) || (c <= 0x10FFFF && (c & 0xFFFE) == 0xFFFE);
}

bool jm_is_hidden(uint32_t c)
{
    return c < 0x20 || (c >= 0x7F && c <= 0x9F) || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) ||
           c == 0x2028 || c == 0x2029;
}

static const char hex_digits[] = "0123456789abcdef";

/* "\\x" or "\\u" and n hex digits of v. */
static size_t hex_escape(char kind, uint32_t v, size_t n, char out[8])
{
    out[0] = '\\';
    out[1] = kind;
    for (size_t i = 0; i < n; i++) out[2 + i] = hex_digits[(v >> (4 * (n - 1 - i))) & 0xF];
    out[2 + n] = '\0';
    return 2 + n;
}

size_t jm_hidden_escape(uint32_t c, char out[8])
{
    out[0] = '\0';
    if (!jm_is_hidden(c)) return 0;
    if (c == '\t' || c == '\n' || c == '\r') {
        out[0] = '\\';
        out[1] = c == '\t' ? 't' : c == '\n' ? 'n' : 'r';
        out[2] = '\0';
        return 2;
    }
    return c < 0x80 ? hex_escape('x', c, 2, out) : hex_escape('u', c, 4, out);
}

size_t jm_escape_hidden(const char *s, size_t len, char *out, size_t size)
{
    size_t o = 0;
    const char *p = s, *end = s + len;
    while (p < end) {
        const char *at = p;
        char esc[8];
        size_t n;
        size_t seq = (size_t)jm_utf8_seqlen((unsigned char)*p), rest = (size_t)(end - p);
        if (jm_utf8_check(p, seq < rest ? seq : rest) == 0) {
            n = hex_escape('x', (unsigned char)*p++, 2, esc); /* a byte that is not valid UTF-8 */
        } else {
            n = jm_hidden_escape(jm_utf8_next(&p, end), esc);
        }
        const char *piece = n ? esc : at;
        if (!n) n = (size_t)(p - at);
        for (size_t i = 0; i < n; i++, o++)
            if (o + 1 < size) out[o] = piece[i];
    }
    if (size) out[o < size ? o : size - 1] = '\0';
    return o;
}

size_t jm_utf8_chars(const char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80) n++;
    return n;
}

static bool is_rtl(uint32_t c)
{
    /* Arabic digits and number signs are weak (bidi classes AN, EN), not strong */
    if ((c >= 0x0600 && c <= 0x0605) || (c >= 0x0660 && c <= 0x0669) || c == 0x066B || c == 0x066C ||
        (c >= 0x06F0 && c <= 0x06F9) || c == 0x06DD || c == 0x08E2)
        return false;
    if (c == 0x200F) return true; /* RIGHT-TO-LEFT MARK */
    return (c >= 0x0590 && c <= 0x08FF) || (c >= 0xFB1D && c <= 0xFDFF) ||
           (c >= 0xFE70 && c <= 0xFEFF) || (c >= 0x10800 && c <= 0x10FFF) ||
           (c >= 0x1E800 && c <= 0x1EFFF);
}

/* Letters of left-to-right scripts; digits, punctuation, symbols and emoji are neutral. */
static bool is_ltr_letter(uint32_t c)
{
    if (c < 0x80) return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
    if (c == 0x200E) return true; /* LEFT-TO-RIGHT MARK */
    if (c < 0xC0 || c == 0xD7 || c == 0xF7) return false;
    if ((c >= 0x0590 && c <= 0x08FF) || (c >= 0xFB1D && c <= 0xFDFF) || (c >= 0xFE70 && c <= 0xFEFF))
        return false; /* the weak characters of right-to-left blocks */
    if (c >= 0x2000 && c <= 0x2BFF) return false;   /* punctuation, arrows, shapes */
    if (c >= 0x3000 && c <= 0x303F) return false;   /* CJK punctuation */
    if (c >= 0xFE00 && c <= 0xFE6F) return false;   /* variation selectors, small forms */
    if (c >= 0xFF00 && c <= 0xFF20) return false;   /* full-width punctuation and digits */
    if (c >= 0x1F000) return false;                  /* emoji and pictographs */
    return true;
}

jm_strong jm_first_strong(const char *s, size_t len)
{
    const char *p = s, *end = s + len;
    while (p < end) {
        uint32_t c = jm_utf8_next(&p, end);
        if (is_rtl(c)) return JM_STRONG_RTL;
        if (is_ltr_letter(c)) return JM_STRONG_LTR;
    }
    return JM_STRONG_NONE;
}

size_t jm_line_break(const char *str, size_t len)
{
    const unsigned char *s = (const unsigned char *)str;
    if (len == 0) return 0;
    if (s[0] == '\n') return 1;
    if (s[0] == '\r') return len > 1 && s[1] == '\n' ? 2 : 1;
    return 0;
}

size_t jm_yaml_break(const char *str, size_t len)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t b = jm_line_break(str, len);
    if (b) return b;
    if (len > 1 && s[0] == 0xC2 && s[1] == 0x85) return 2;
    if (len > 2 && s[0] == 0xE2 && s[1] == 0x80 && (s[2] == 0xA8 || s[2] == 0xA9)) return 3;
    return 0;
}

void jm_line_col(const char *s, size_t len, size_t off, int *line, int *col)
{
    if (off > len) off = len;
    int l = 1;
    size_t start = 0;
    for (size_t i = 0; i < off;) {
        size_t b = jm_line_break(s + i, len - i);
        if (b && i + b <= off) {
            l++;
            i += b;
            start = i;
        } else {
            i++;
        }
    }
    *line = l;
    *col = (int)jm_utf8_chars(s + start, off - start) + 1;
}

const char *jm_line_at(const char *s, size_t len, int line, size_t *line_len)
{
    size_t i = 0;
    for (int l = 1; l < line; l++) {
        size_t b = 0;
        while (i < len && (b = jm_line_break(s + i, len - i)) == 0) i++;
        if (i >= len) return NULL;
        i += b;
    }
    size_t e = i;
    while (e < len && jm_line_break(s + e, len - e) == 0) e++;
    *line_len = e - i;
    return s + i;
}

size_t jmap_escape_text(const char *s, size_t len, char *out, size_t size)
{
    return jm_escape_hidden(s ? s : "", s ? len : 0, out, size);
}

int jmap_char_hidden(unsigned long c) { return c <= 0x10FFFF && jm_is_hidden((uint32_t)c); }
