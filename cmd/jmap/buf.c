#include "buf.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool cli_buf_reserve(cli_buf *b, size_t more)
{
    if (b->failed) return false;
    if (b->cap - b->len > more) return true; /* room for more and a NUL */
    size_t cap = b->cap ? b->cap : 256;
    while (cap - b->len <= more && cap <= SIZE_MAX / 2) cap *= 2;
    char *d = cap - b->len > more ? realloc(b->data, cap) : NULL;
    if (!d) {
        b->failed = true;
        return false;
    }
    b->data = d;
    b->cap = cap;
    return true;
}

bool cli_buf_add(cli_buf *b, const void *data, size_t len)
{
    if (!cli_buf_reserve(b, len)) return false;
    if (len) memcpy(b->data + b->len, data, len);
    b->len += len;
    b->data[b->len] = '\0';
    return true;
}

bool cli_buf_vprintf(cli_buf *b, const char *fmt, va_list ap)
{
    va_list again;
    va_copy(again, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    bool ok = n >= 0 && cli_buf_reserve(b, (size_t)n);
    if (ok) {
        vsnprintf(b->data + b->len, (size_t)n + 1, fmt, again);
        b->len += (size_t)n;
    }
    va_end(again);
    return ok;
}

int cli_buf_write(void *ctx, const unsigned char *data, size_t len) { return cli_buf_add(ctx, data, len) ? 0 : -1; }

void cli_buf_free(cli_buf *b)
{
    free(b->data);
    *b = (cli_buf){0};
}
