/* libyaml events -> a small tree of positioned nodes, with every limit of the
 * format enforced while the events arrive (depth, alias expansion, size).
 * Aliases share the node they name; they are never copied. */
#ifndef JMAP_YAMLTREE_H
#define JMAP_YAMLTREE_H

#include <stdint.h>

#include "model/doc.h"
#include "model/limits.h"

typedef enum { JM_SCALAR, JM_SEQ, JM_MAP } jm_kind;

typedef struct jm_node {
    /* packed: a file holds up to JM_MAX_NODES of them (40 bytes each) */
    unsigned char kind;         /* a jm_kind */
    bool plain;                 /* a plain (unquoted) scalar */
    bool open;                  /* still being built (an alias to it would recurse) */
    unsigned char height;       /* levels below and including this one: at most JM_MAX_DEPTH */
    uint32_t weight;            /* nodes in this subtree, aliases expanded: at most JM_MAX_NODES + JM_MAX_ALIAS_NODES */
    jm_pos pos;
    const char *s;              /* scalar text, NUL-terminated */
    uint32_t len;               /* bytes of s: an input is at most 16 MiB */
    uint32_t n;                 /* kids */
    struct jm_node **kids;      /* a mapping holds key, value, key, value... */
} jm_node;

_Static_assert(JM_MAX_DEPTH + 1 < 256, "a node's height fits its byte");
_Static_assert((JM_MAX_NODES + JM_MAX_ALIAS_NODES) < 4294967295u, "a node's weight fits its 32 bits");

/* Parses every document of the input: the nodes into `tree` (an arena the
 * caller frees once it has read them), their text into doc's arena, where
 * the journeys keep it. Returns the roots (one per document) and their
 * count, or NULL after reporting errors. */
jm_node **jm_yaml_parse(jmap_doc *doc, jm_arena *tree, size_t *n_roots);

#endif
