/* libyaml events -> a small tree of positioned nodes, with every limit of the
 * format enforced while the events arrive (depth, alias expansion, size).
 * Aliases share the node they name; they are never copied. */
#ifndef JMAP_YAMLTREE_H
#define JMAP_YAMLTREE_H

#include "model/doc.h"
#include "model/limits.h"

typedef enum { JM_SCALAR, JM_SEQ, JM_MAP } jm_kind;

typedef struct jm_node {
    jm_kind kind;
    bool plain;                 /* a plain (unquoted) scalar */
    bool open;                  /* still being built (an alias to it would recurse) */
    jm_pos pos;
    const char *s;              /* scalar text, NUL-terminated */
    size_t len;
    struct jm_node **kids;      /* a mapping holds key, value, key, value... */
    size_t n;
    size_t weight;              /* nodes in this subtree, aliases expanded */
    int height;
} jm_node;

/* Parses every document of the input into doc's arena. Returns the roots
 * (one per document) and their count, or NULL after reporting errors. */
jm_node **jm_yaml_parse(jmap_doc *doc, size_t *n_roots);

#endif
