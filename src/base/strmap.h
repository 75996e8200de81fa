/* A string-keyed hash map for the loader's lookups (anchors, keys, ids). */
#ifndef JMAP_STRMAP_H
#define JMAP_STRMAP_H

#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"

typedef struct jm_strmap_slot {
    const char *key;   /* not owned */
    size_t len;
    void *value;
} jm_strmap_slot;

typedef struct jm_strmap {
    jm_strmap_slot *slots;
    size_t cap, n;
    const jmap_mem *mem;
} jm_strmap;

void jm_strmap_init(jm_strmap *m, const jmap_mem *mem);
void jm_strmap_release(jm_strmap *m);  /* frees the slots; m stays usable */
void *jm_strmap_get(const jm_strmap *m, const char *key, size_t len);
/* Sets key to value, replacing an earlier value. Returns false when out of memory. */
bool jm_strmap_put(jm_strmap *m, const char *key, size_t len, void *value);

#endif
