#include "base/buf.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "base/arena.h"

void jm_buf_init(jm_buf *b, const jmap_mem *mem) { *b = (jm_buf){.mem = mem}; }

bool jm_buf_reserve(jm_buf *b, size_t more)
{
    if (b->failed) return false;
    if (more >= SIZE_MAX - b->len) {
        b->failed = true;
        return false;
    }
    size_t need = b->len + more + 1;
    if (need <= b->cap) return true;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < need) cap = cap > SIZE_MAX / 2 ? need : cap * 2;
    char *d = jm_mem_realloc(b->mem, b->data, cap);
    if (!d) {
        b->failed = true;
        return false;
    }
    b->data = d;
    b->cap = cap;
    return true;
}

bool jm_buf_add(jm_buf *b, const void *data, size_t len)
{
    if (!jm_buf_reserve(b, len)) return false;
    if (len) memcpy(b->data + b->len, data, len);
    b->len += len;
    b->data[b->len] = '\0';
    return true;
}

bool jm_buf_puts(jm_buf *b, const char *s) { return jm_buf_add(b, s, strlen(s)); }

bool jm_buf_printf(jm_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || !jm_buf_reserve(b, (size_t)n)) return false;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return true;
}

void jm_buf_free(jm_buf *b)
{
    jm_mem_free(b->mem, b->data);
    jm_buf_init(b, b->mem);
}
