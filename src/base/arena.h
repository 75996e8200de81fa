/* Memory: the caller's allocator (jmap_mem), a bump allocator, growable
 * arrays. Everything here takes its memory from a jmap_mem, never from
 * malloc directly, so that a test can make any allocation fail. */
#ifndef JMAP_ARENA_H
#define JMAP_ARENA_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#include "jmap/jmap.h"

/* Calls through mem (NULL: the default). jm_mem_alloc is malloc. */
void *jm_mem_alloc(const jmap_mem *mem, size_t size);
void *jm_mem_calloc(const jmap_mem *mem, size_t count, size_t size);
void *jm_mem_realloc(const jmap_mem *mem, void *p, size_t size);
void jm_mem_free(const jmap_mem *mem, void *p);

/* An allocator that forwards to another and remembers that one of its
 * allocations failed: one sticky flag for all the memory of a doc or a
 * layout, however deep the failure was and whoever ignored it. `mem` is what
 * to hand out; the struct must not move while it is in use. */
typedef struct jm_mem_track {
    jmap_mem mem;
    jmap_mem user;
    bool failed;
} jm_mem_track;

void jm_mem_track_init(jm_mem_track *t, const jmap_mem *user);

typedef struct jm_arena_block jm_arena_block;

typedef struct jm_arena {
    const jmap_mem *mem;
    jm_arena_block *head;
    size_t used;      /* bytes handed out, for memory accounting */
    int failed;       /* set when an allocation could not be served */
} jm_arena;

void jm_arena_init(jm_arena *a, const jmap_mem *mem);
void jm_arena_free(jm_arena *a);
/* Zeroed memory aligned for any type; NULL (and a->failed) when out of memory. */
void *jm_alloc(jm_arena *a, size_t size);
/* Zeroed memory at a multiple of align (a power of two up to the alignment
 * of any type): for many small records of one type, packed. */
void *jm_alloc_packed(jm_arena *a, size_t size, size_t align);
/* A NUL-terminated copy of len bytes (which may contain NUL). */
char *jm_strndup(jm_arena *a, const char *s, size_t len);
char *jm_strdup(jm_arena *a, const char *s);
char *jm_sprintf(jm_arena *a, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
char *jm_vsprintf(jm_arena *a, const char *fmt, va_list ap)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 0)))
#endif
    ;

/* A growable array of fixed-size items, stored in the allocator's memory
 * until it is frozen into the arena. */
typedef struct jm_vec {
    void *items;
    size_t n, cap, size;
    const jmap_mem *mem;
} jm_vec;

void jm_vec_init(jm_vec *v, size_t item_size, const jmap_mem *mem);
void *jm_vec_push(jm_vec *v);          /* zeroed slot; NULL when out of memory */
void *jm_vec_freeze(jm_vec *v, jm_arena *a); /* moves items into the arena and resets v */
void jm_vec_release(jm_vec *v);        /* frees the items; v stays usable */

#endif
