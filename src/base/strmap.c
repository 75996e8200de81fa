#include "base/strmap.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static uint64_t hash(const char *s, size_t len)
{
    uint64_t h = 1469598103934665603ULL; /* FNV-1a */
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ULL;
    }
    return h;
}

void jm_strmap_init(jm_strmap *m, const jmap_mem *mem)
{
    memset(m, 0, sizeof *m);
    m->mem = mem;
}

void jm_strmap_release(jm_strmap *m)
{
    jm_mem_free(m->mem, m->slots);
    m->slots = NULL;
    m->cap = m->n = 0;
}

static jm_strmap_slot *find(const jm_strmap *m, const char *key, size_t len)
{
    size_t mask = m->cap - 1;
    for (size_t i = hash(key, len) & mask;; i = (i + 1) & mask) {
        jm_strmap_slot *s = &m->slots[i];
        if (!s->key || (s->len == len && memcmp(s->key, key, len) == 0)) return s;
    }
}

void *jm_strmap_get(const jm_strmap *m, const char *key, size_t len)
{
    if (!m->cap) return NULL;
    jm_strmap_slot *s = find(m, key, len);
    return s->key ? s->value : NULL;
}

static bool grow(jm_strmap *m)
{
    size_t cap = m->cap ? m->cap * 2 : 16;
    jm_strmap_slot *old = m->slots;
    size_t oldcap = m->cap;
    m->slots = jm_mem_calloc(m->mem, cap, sizeof *m->slots);
    if (!m->slots) { m->slots = old; return false; }
    m->cap = cap;
    for (size_t i = 0; i < oldcap; i++)
        if (old[i].key) *find(m, old[i].key, old[i].len) = old[i];
    jm_mem_free(m->mem, old);
    return true;
}

bool jm_strmap_put(jm_strmap *m, const char *key, size_t len, void *value)
{
    if ((m->n + 1) * 4 > m->cap * 3 && !grow(m)) return false;
    jm_strmap_slot *s = find(m, key, len);
    if (!s->key) {
        s->key = key;
        s->len = len;
        m->n++;
    }
    s->value = value;
    return true;
}
