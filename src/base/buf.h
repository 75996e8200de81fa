/* A growable byte buffer over the caller's allocator (jmap_mem), with one
 * sticky failure flag: once memory runs out every later call is harmless
 * and `failed` says so at the end. The bytes stay NUL-terminated after
 * every add (data is NULL while nothing was added). */
#ifndef JMAP_BUF_H
#define JMAP_BUF_H

#include <stdbool.h>
#include <stddef.h>

#include "jmap/jmap.h"

typedef struct jm_buf {
    const jmap_mem *mem;
    char *data;
    size_t len, cap;
    bool failed;        /* out of memory: something was not added */
} jm_buf;

void jm_buf_init(jm_buf *b, const jmap_mem *mem);
/* Room for `more` bytes past len (and a NUL); false when memory ran out. */
bool jm_buf_reserve(jm_buf *b, size_t more);
/* Appends len bytes (data may be NULL when len is 0). */
bool jm_buf_add(jm_buf *b, const void *data, size_t len);
bool jm_buf_puts(jm_buf *b, const char *s);
bool jm_buf_printf(jm_buf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* Frees the bytes; b can be used again. */
void jm_buf_free(jm_buf *b);

#endif
