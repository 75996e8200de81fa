#include "arena.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct jm_arena_block {
    jm_arena_block *next;
    size_t cap, off;
    max_align_t data[];
};

#define JM_BLOCK_MIN (64 * 1024)
#define JM_ALIGN (sizeof(max_align_t))

void jm_arena_init(jm_arena *a) { memset(a, 0, sizeof *a); }

void jm_arena_free(jm_arena *a)
{
    jm_arena_block *b = a->head;
    while (b) {
        jm_arena_block *next = b->next;
        free(b);
        b = next;
    }
    memset(a, 0, sizeof *a);
}

void *jm_alloc(jm_arena *a, size_t size)
{
    size_t need = (size + JM_ALIGN - 1) / JM_ALIGN * JM_ALIGN;
    if (need < size) { a->failed = 1; return NULL; }
    if (need == 0) need = JM_ALIGN;
    jm_arena_block *b = a->head;
    if (!b || b->cap - b->off < need) {
        size_t cap = need > JM_BLOCK_MIN ? need : JM_BLOCK_MIN;
        if (cap > SIZE_MAX - sizeof *b) { a->failed = 1; return NULL; }
        b = malloc(sizeof *b + cap);
        if (!b) { a->failed = 1; return NULL; }
        b->cap = cap;
        b->off = 0;
        /* A big block goes behind the current one, so the current keeps serving small requests. */
        if (a->head && need > JM_BLOCK_MIN / 4) {
            b->next = a->head->next;
            a->head->next = b;
        } else {
            b->next = a->head;
            a->head = b;
        }
    }
    void *p = (char *)b->data + b->off;
    b->off += need;
    a->used += need;
    memset(p, 0, need);
    return p;
}

char *jm_strndup(jm_arena *a, const char *s, size_t len)
{
    char *p = jm_alloc(a, len + 1);
    if (!p) return NULL;
    if (len) memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

char *jm_strdup(jm_arena *a, const char *s) { return jm_strndup(a, s, strlen(s)); }

char *jm_sprintf(jm_arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) return NULL;
    char *p = jm_alloc(a, (size_t)n + 1);
    if (!p) return NULL;
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return p;
}

void jm_vec_init(jm_vec *v, size_t item_size)
{
    memset(v, 0, sizeof *v);
    v->size = item_size;
}

void *jm_vec_push(jm_vec *v)
{
    if (v->n == v->cap) {
        size_t cap = v->cap ? v->cap * 2 : 8;
        void *items = realloc(v->items, cap * v->size);
        if (!items) return NULL;
        v->items = items;
        v->cap = cap;
    }
    void *slot = (char *)v->items + v->n * v->size;
    memset(slot, 0, v->size);
    v->n++;
    return slot;
}

void *jm_vec_freeze(jm_vec *v, jm_arena *a)
{
    void *out = NULL;
    if (v->n) {
        out = jm_alloc(a, v->n * v->size);
        if (out) memcpy(out, v->items, v->n * v->size);
    }
    free(v->items);
    v->items = NULL;
    v->n = v->cap = 0;
    return out;
}

void jm_vec_release(jm_vec *v)
{
    free(v->items);
    v->items = NULL;
    v->n = v->cap = 0;
}
