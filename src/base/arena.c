#include "base/arena.h"

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

/* ---- the caller's allocator ---- */

static void *std_calloc(void *ctx, size_t count, size_t size)
{
    (void)ctx;
    return calloc(count, size);
}

static void *std_realloc(void *ctx, void *p, size_t size)
{
    (void)ctx;
    return realloc(p, size);
}

static void std_free(void *ctx, void *p)
{
    (void)ctx;
    free(p);
}

static const jmap_mem std_mem = {std_calloc, std_realloc, std_free, NULL};

const jmap_mem *jmap_mem_default(void) { return &std_mem; }

void *jm_mem_alloc(const jmap_mem *mem, size_t size)
{
    if (!mem) mem = &std_mem;
    return mem->realloc(mem->ctx, NULL, size ? size : 1);
}

void *jm_mem_calloc(const jmap_mem *mem, size_t count, size_t size)
{
    if (!mem) mem = &std_mem;
    return mem->calloc(mem->ctx, count ? count : 1, size ? size : 1);
}

void *jm_mem_realloc(const jmap_mem *mem, void *p, size_t size)
{
    if (!mem) mem = &std_mem;
    return mem->realloc(mem->ctx, p, size ? size : 1);
}

void jm_mem_free(const jmap_mem *mem, void *p)
{
    if (!p) return;
    if (!mem) mem = &std_mem;
    mem->free(mem->ctx, p);
}

static void *track_calloc(void *ctx, size_t count, size_t size)
{
    jm_mem_track *t = ctx;
    void *p = t->user.calloc(t->user.ctx, count, size);
    if (!p) t->failed = true;
    return p;
}

static void *track_realloc(void *ctx, void *p, size_t size)
{
    jm_mem_track *t = ctx;
    void *q = t->user.realloc(t->user.ctx, p, size);
    if (!q) t->failed = true;
    return q;
}

static void track_free(void *ctx, void *p)
{
    jm_mem_track *t = ctx;
    t->user.free(t->user.ctx, p);
}

void jm_mem_track_init(jm_mem_track *t, const jmap_mem *user)
{
    t->user = user ? *user : std_mem;
    t->mem = (jmap_mem){track_calloc, track_realloc, track_free, t};
    t->failed = false;
}

/* ---- the arena ---- */

void jm_arena_init(jm_arena *a, const jmap_mem *mem)
{
    memset(a, 0, sizeof *a);
    a->mem = mem;
}

void jm_arena_free(jm_arena *a)
{
    jm_arena_block *b = a->head;
    while (b) {
        jm_arena_block *next = b->next;
        jm_mem_free(a->mem, b);
        b = next;
    }
    const jmap_mem *mem = a->mem;
    memset(a, 0, sizeof *a);
    a->mem = mem;
}

/* size bytes at an offset that is a multiple of align (a power of two, at
 * most JM_ALIGN): the arena's blocks start aligned for any type. */
static void *arena_take(jm_arena *a, size_t size, size_t align)
{
    size_t need = (size + align - 1) / align * align;
    if (need < size) { a->failed = 1; return NULL; }
    if (need == 0) need = align;
    jm_arena_block *b = a->head;
    size_t off = b ? (b->off + align - 1) / align * align : 0;
    if (!b || off > b->cap || b->cap - off < need) {
        size_t cap = need > JM_BLOCK_MIN ? need : JM_BLOCK_MIN;
        if (cap > SIZE_MAX - sizeof *b) { a->failed = 1; return NULL; }
        b = jm_mem_alloc(a->mem, sizeof *b + cap);
        if (!b) { a->failed = 1; return NULL; }
        b->cap = cap;
        b->off = 0;
        off = 0;
        /* A big block goes behind the current one, so the current keeps serving small requests. */
        if (a->head && need > JM_BLOCK_MIN / 4) {
            b->next = a->head->next;
            a->head->next = b;
        } else {
            b->next = a->head;
            a->head = b;
        }
    }
    void *p = (char *)b->data + off;
    a->used += off + need - b->off;
    b->off = off + need;
    memset(p, 0, need);
    return p;
}

void *jm_alloc(jm_arena *a, size_t size) { return arena_take(a, size, JM_ALIGN); }

void *jm_alloc_packed(jm_arena *a, size_t size, size_t align)
{
    if (align == 0 || align > JM_ALIGN || (align & (align - 1))) align = JM_ALIGN;
    return arena_take(a, size, align);
}

char *jm_strndup(jm_arena *a, const char *s, size_t len)
{
    if (len == SIZE_MAX) { a->failed = 1; return NULL; }
    char *p = arena_take(a, len + 1, 1); /* text needs no alignment: a one-letter scalar costs two bytes */
    if (!p) return NULL;
    if (len) memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

char *jm_strdup(jm_arena *a, const char *s) { return jm_strndup(a, s, strlen(s)); }

char *jm_vsprintf(jm_arena *a, const char *fmt, va_list ap)
{
    va_list again;
    va_copy(again, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    char *p = n < 0 ? NULL : jm_alloc(a, (size_t)n + 1);
    if (p) vsnprintf(p, (size_t)n + 1, fmt, again);
    va_end(again);
    return p;
}

char *jm_sprintf(jm_arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *p = jm_vsprintf(a, fmt, ap);
    va_end(ap);
    return p;
}

void jm_vec_init(jm_vec *v, size_t item_size, const jmap_mem *mem)
{
    memset(v, 0, sizeof *v);
    v->size = item_size;
    v->mem = mem;
}

void *jm_vec_push(jm_vec *v)
{
    if (v->n == v->cap) {
        size_t cap = v->cap ? v->cap * 2 : 8;
        if (cap > SIZE_MAX / v->size) return NULL;
        void *items = jm_mem_realloc(v->mem, v->items, cap * v->size);
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
        /* a type's alignment divides its size: the largest power of two that does is enough */
        size_t align = v->size & -v->size;
        out = jm_alloc_packed(a, v->n * v->size, align);
        if (out) memcpy(out, v->items, v->n * v->size);
    }
    jm_mem_free(v->mem, v->items);
    v->items = NULL;
    v->n = v->cap = 0;
    return out;
}

void jm_vec_release(jm_vec *v)
{
    jm_mem_free(v->mem, v->items);
    v->items = NULL;
    v->n = v->cap = 0;
}
