/* The command line's growable byte buffer (the library's own is not part of
 * the public API): append bytes, printf-append, reserve; one sticky flag
 * when memory runs out. The bytes stay NUL-terminated after every add. */
#ifndef JMAP_CLI_BUF_H
#define JMAP_CLI_BUF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

typedef struct cli_buf {
    char *data;         /* malloc'd; NULL while nothing was added */
    size_t len, cap;
    bool failed;        /* out of memory: something was not added */
} cli_buf;

/* Room for `more` bytes past len (and a NUL); false when memory ran out. */
bool cli_buf_reserve(cli_buf *b, size_t more);
bool cli_buf_add(cli_buf *b, const void *data, size_t len);
bool cli_buf_vprintf(cli_buf *b, const char *fmt, va_list ap)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 0)))
#endif
    ;
/* A jmap_write_fn over a cli_buf: the map drawn into memory. */
int cli_buf_write(void *ctx, const unsigned char *data, size_t len);
/* Frees the bytes; b can be used again. */
void cli_buf_free(cli_buf *b);

#endif
