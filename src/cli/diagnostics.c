#include "diagnostics.h"

#include <stdlib.h>

void cli_print_diags_text(FILE *f, const jmap_doc *doc)
{
    char buf[2048];
    size_t n = jmap_doc_diag_count(doc);
    for (size_t i = 0; i < n; i++) {
        const jmap_diag *d = jmap_doc_diag(doc, i);
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
    if (total > n && n > 0)
        fprintf(f, "%s: %zu more errors not shown (the first %zu are above)\n", jmap_doc_diag(doc, 0)->file,
                total - n, n);
}

void cli_json_string(FILE *f, const char *s)
{
    fputc('"', f);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '"': fputs("\\\"", f); break;
        case '\\': fputs("\\\\", f); break;
        case '\n': fputs("\\n", f); break;
        case '\r': fputs("\\r", f); break;
        case '\t': fputs("\\t", f); break;
        default:
            if (*p < 0x20) fprintf(f, "\\u%04x", *p);
            else fputc(*p, f);
        }
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
