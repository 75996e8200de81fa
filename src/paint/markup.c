/* The markup escaper (markup.h) and its public face, jmap_escape_markup. */
#include <string.h>

#include "jmap/jmap.h"
#include "paint/markup.h"

void jm_markup_escape(jm_emit_fn emit, void *ctx, const char *s, size_t len)
{
    size_t from = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        const char *rep = c == '&'    ? "&amp;"
                          : c == '<'  ? "&lt;"
                          : c == '>'  ? "&gt;"
                          : c == '"'  ? "&quot;"
                                      : NULL;
        if (!rep && c < 0x20) rep = " "; /* not allowed in XML 1.0 (tabs and newlines: a space) */
        if (!rep) continue;
        if (i > from) emit(ctx, s + from, i - from);
        emit(ctx, rep, strlen(rep));
        from = i + 1;
    }
    if (len > from) emit(ctx, s + from, len - from);
}

typedef struct fixed_out {
    char *out;
    size_t size, len;
} fixed_out;

static void to_fixed(void *ctx, const char *s, size_t n)
{
    fixed_out *f = ctx;
    for (size_t i = 0; i < n; i++, f->len++)
        if (f->len + 1 < f->size) f->out[f->len] = s[i];
}

size_t jmap_escape_markup(const char *s, size_t len, char *out, size_t size)
{
    fixed_out f = {out, size, 0};
    if (s) jm_markup_escape(to_fixed, &f, s, len);
    if (size) out[f.len < size ? f.len : size - 1] = '\0';
    return f.len;
}
