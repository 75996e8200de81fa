/* A bump allocator: everything a journey owns is freed in one call. */
#ifndef JMAP_ARENA_H
#define JMAP_ARENA_H

#include <stddef.h>

typedef struct jm_arena_block jm_arena_block;

typedef struct jm_arena {
    jm_arena_block *head;
    size_t used;      /* bytes handed out, for memory accounting */
    int failed;       /* set when an allocation could not be served */
} jm_arena;

void jm_arena_init(jm_arena *a);
void jm_arena_free(jm_arena *a);
/* Zeroed memory aligned for any type; NULL (and a->failed) when out of memory. */
void *jm_alloc(jm_arena *a, size_t size);
/* A NUL-terminated copy of len bytes (which may contain NUL). */
char *jm_strndup(jm_arena *a, const char *s, size_t len);
char *jm_strdup(jm_arena *a, const char *s);
char *jm_sprintf(jm_arena *a, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* A growable array of fixed-size items, stored in malloc memory until it is
 * frozen into the arena. */
typedef struct jm_vec {
    void *items;
    size_t n, cap, size;
} jm_vec;

void jm_vec_init(jm_vec *v, size_t item_size);
void *jm_vec_push(jm_vec *v);          /* zeroed slot; NULL when out of memory */
void *jm_vec_freeze(jm_vec *v, jm_arena *a); /* moves items into the arena and resets v */
void jm_vec_release(jm_vec *v);

#endif
