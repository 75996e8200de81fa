#include "diagnostics.h"

#include <stdlib.h>
#include <math.h>
#include <string.h>


void cli_shown(const char *s, char *out, size_t size) { jmap_escape_text(s, strlen(s), out, size); }

void cli_put_shown(FILE *f, const char *s)
{
    char small[512];
    size_t len = strlen(s), need = jmap_escape_text(s, len, small, sizeof small);
    if (need < sizeof small) {
        fwrite(small, 1, need, f);
        return;
    }
    char *big = malloc(need + 1);
    if (!big) { fputs("(out of memory)", f); return; }
    jmap_escape_text(s, len, big, need + 1);
    fwrite(big, 1, need, f);
    free(big);
}

void cli_print_diags_text(FILE *f, const jmap_doc *doc, bool warnings)
{
    char buf[2048];
    size_t n = jmap_doc_diag_count(doc);
    for (size_t i = 0; i < n; i++) {
        const jmap_diag *d = jmap_doc_diag(doc, i);
        if (!warnings && d->severity != JMAP_ERROR) continue; /* -q: nothing but errors */
        size_t need = jmap_diag_format(doc, d, buf, sizeof buf);
        if (need < sizeof buf) {
            fputs(buf, f);
            continue;
        }
        char *big = malloc(need + 1);
        if (!big) continue;
        jmap_diag_format(doc, d, big, need + 1);
        fputs(big, f);
        free(big);
    }
    size_t total = jmap_doc_error_count(doc);
    if (total > n && n > 0) {
        cli_put_shown(f, jmap_doc_diag(doc, 0)->file);
        fprintf(f, ": %zu more errors not shown (the first %zu are above)\n", total - n, n);
    }
}

/* The length of the valid UTF-8 sequence at p (at most n bytes), 0 if none. */
static size_t utf8_valid(const unsigned char *p, size_t n)
{
    if (p[0] < 0x80) return 1;
    size_t len = p[0] >= 0xF0 ? 4 : p[0] >= 0xE0 ? 3 : p[0] >= 0xC2 ? 2 : 0;
    if (!len || len > n || p[0] > 0xF4) return 0;
    for (size_t i = 1; i < len; i++)
        if ((p[i] & 0xC0) != 0x80) return 0;
    if (len == 3 && ((p[0] == 0xE0 && p[1] < 0xA0) || (p[0] == 0xED && p[1] >= 0xA0))) return 0; /* overlong, surrogate */
    if (len == 4 && ((p[0] == 0xF0 && p[1] < 0x90) || (p[0] == 0xF4 && p[1] >= 0x90))) return 0; /* overlong, > U+10FFFF */
    return len;
}

/* A JSON string: always valid UTF-8, whatever bytes s holds (a file name may
 * hold any): each byte that is not part of valid UTF-8 becomes U+FFFD. Every
 * character that jmap_char_hidden names is escaped (\u0085, \u202e), not only
 * those JSON requires, so that the JSON shown on a terminal is safe too. */
void cli_json_string(FILE *f, const char *s)
{
    fputc('"', f);
    const unsigned char *p = (const unsigned char *)s;
    size_t n = strlen(s);
    while (n) {
        size_t len = utf8_valid(p, n);
        if (len == 0) {
            fputs("\xEF\xBF\xBD", f);
            len = 1;
        } else if (len > 1) {
            unsigned long c = p[0] & (0x7Fu >> len);
            for (size_t i = 1; i < len; i++) c = c << 6 | (p[i] & 0x3Fu);
            if (jmap_char_hidden(c)) fprintf(f, "\\u%04x", (unsigned)c); /* C1, bidi controls: valid JSON either way */
            else fwrite(p, 1, len, f);
        } else {
            switch (*p) {
            case '"': fputs("\\\"", f); break;
            case '\\': fputs("\\\\", f); break;
            case '\n': fputs("\\n", f); break;
            case '\r': fputs("\\r", f); break;
            case '\t': fputs("\\t", f); break;
            default:
                if (*p < 0x20 || *p == 0x7F) fprintf(f, "\\u%04x", *p);
                else fputc(*p, f);
            }
        }
        p += len;
        n -= len;
    }
    fputc('"', f);
}

static void json_object(FILE *f, const char *file, int line, int column, const char *severity, const char *message,
                        int *first)
{
    fputs(*first ? "\n  " : ",\n  ", f);
    *first = 0;
    fputs("{\"file\": ", f);
    cli_json_string(f, file);
    fprintf(f, ", \"line\": %d, \"column\": %d, \"severity\": ", line, column);
    cli_json_string(f, severity);
    fputs(", \"message\": ", f);
    cli_json_string(f, message);
    fputc('}', f);
}

void cli_print_diags_json(FILE *f, const jmap_doc *doc, int *first)
{
    size_t n = jmap_doc_diag_count(doc);
    for (size_t i = 0; i < n; i++) {
        const jmap_diag *d = jmap_doc_diag(doc, i);
        json_object(f, d->file, d->line, d->column, d->severity == JMAP_ERROR ? "error" : "warning", d->message,
                    first);
    }
}

void cli_print_json_diag(FILE *f, const char *file, const char *message, int *first)
{
    json_object(f, file, 0, 0, "error", message, first);
}

void cli_json_string_or_null(FILE *f, const char *s)
{
    if (s) cli_json_string(f, s);
    else fputs("null", f);
}

void cli_json_number(FILE *f, double x)
{
    if (isnan(x)) fputs("null", f);
    else fprintf(f, "%.10g", x);
}
