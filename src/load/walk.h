/* The loader's walker (load_walk.c): typed values from YAML nodes, and
 * mappings walked by a table of fields. Private to load*.c. */
#ifndef JMAP_LOAD_WALK_H
#define JMAP_LOAD_WALK_H

#include <stddef.h>

#include "load/load.h"
#include "load/yamltree.h"

/* What a file may hold of each kind of record, all its journeys together
 * (docs/format.md): each costs a structure of a hundred bytes or more, however
 * little text it holds (`{}`), so that loading stays in proportion to the
 * input. LD_NONE: not counted. */
typedef enum { LD_NONE, LD_TOUCHPOINTS, LD_STAGES, LD_PERSONAS, LD_CHANNELS, LD_METRICS, LD_SOURCES, LD_COUNTED } ld_counted;

typedef struct loader {
    jmap_doc *doc;
    size_t counted[LD_COUNTED];
    bool count_reported[LD_COUNTED];
    jm_arena *a;
    jmap_journey *j;
    size_t touchpoints;
    bool touchpoint_limit_reported;
    bool stages_seen, title_seen;
    bool shared_only;           /* an included file: only what an include takes is read (jm_load_shared) */
} loader;

typedef enum { T_TEXT, T_LIST, T_ID, T_COLOR, T_SCALAR, T_OTHER } vtype;

typedef struct field {
    const char *key;
    vtype type;
    size_t off;
} field;

typedef struct schema schema;
typedef void (*other_fn)(loader *ld, const char *key, const jm_node *k, const jm_node *v, void *obj);

struct schema {
    const char *kind;           /* "touchpoint", for messages */
    const field *fields;
    size_t n;
    const char *required;       /* at most one required key per kind */
    other_fn other;
    ld_counted counted;         /* counted against the file's limit, in ld_walk_list */
};

typedef void (*pair_fn)(loader *ld, const jm_node *k, const jm_node *v, void *ctx);

#define OFF(type, member) offsetof(type, member)

const char *ld_kind_word(const jm_node *n);
bool ld_text_fits(loader *ld, const char *key, const jm_node *v);
jm_str ld_to_str(const jm_node *key, const jm_node *v);
bool ld_get_text(loader *ld, const char *key, const jm_node *k, const jm_node *v, jm_str *out);
bool ld_get_list(loader *ld, const char *key, const jm_node *k, const jm_node *v, jm_list *out);
bool ld_get_number(loader *ld, const char *what, const jm_node *v, double *out);
bool ld_get_bool(loader *ld, const char *key, const jm_node *v, bool *out);
/* Counts n more records of a kind against the file's limit; false (reported
 * once, at pos) when they would go past it: then none of them is made. */
bool ld_count(loader *ld, ld_counted what, size_t n, jm_pos pos);
bool ld_walk_map(loader *ld, const schema *sc, const jm_node *map, void *obj);
void *ld_walk_list(loader *ld, const schema *sc, const char *key, const jm_node *v, size_t size, size_t *n,
                   bool *complete);
/* True when the mapping holds a key that is a misspelling of name (already
 * reported as "did you mean"). */
bool ld_misspelt_as(const schema *sc, const jm_node *map, const char *name);
void ld_each_pair(loader *ld, const jm_node *map, pair_fn fn, void *ctx);

/* A decimal comma (common in Polish, Ukrainian, German, French...). Inside
 * {...} YAML reads `{emotion: 3,5}` or `{CSAT: 4,2}` as two pairs: the value
 * `3` (prev) and a key `5` without a value (k, v). True when k, v and prev
 * are those two halves of one number. */
bool ld_comma_split(const jm_node *k, const jm_node *v, const char *prev);
/* Reports at `at` "LEAD: if 'W,F' is one number with a decimal comma, write
 * W.F (a decimal point)", and " or put it in quotes: 'W,F'" when a text is
 * welcome there too. The one explanation of a decimal comma, for metrics
 * and scores alike. */
void ld_decimal_comma(loader *ld, jm_pos at, const char *lead, const char *whole, const char *frac, bool quotes);

/* load_act.c: `metrics` of a stage or a touchpoint; `opportunities` of a touchpoint. */
void ld_metrics(loader *ld, const jm_node *v, jm_metric **items, size_t *n);
void ld_opportunities(loader *ld, const jm_node *k, const jm_node *v, jm_touchpoint *t);

/* load/flowtime.c (1.2): a touchpoint's `reach`, `wait`, `duration`, `fail`;
 * and `frontstage`, `backstage`, `support`, whose items may be {text, wait,
 * duration, fail}. Each true when key is one of its keys (read, reported). */
bool ld_flowtime_key(loader *ld, const char *key, const jm_node *k, const jm_node *v, jm_touchpoint *t);
bool ld_blueprint_key(loader *ld, const char *key, const jm_node *k, const jm_node *v, jm_touchpoint *t);

#endif
