/* Research behind the map (format 1.2): the `sources` of a journey and what
 * cites them (`source` on stages, touchpoints, `thinking`, a persona's
 * `quote`, items of `pains` and `opportunities`), and `assumed` touchpoints.
 * Loaded by load/research.c, resolved there (ids numbered, citations
 * looked up), drawn by layout/sources.c. The data reader (CSV files and the
 * values computed from them) reads a source's `file` and `columns` here.
 *
 * model.h's records hold pointers to these (NULL where nothing is written,
 * so that a map without research costs nothing). */
#ifndef JMAP_MODEL_SOURCES_H
#define JMAP_MODEL_SOURCES_H

#include <stdbool.h>
#include <stddef.h>

#include "model/model.h"

/* The kinds of source, one a row of source_kinds.def. */
typedef enum {
#define JM_SOURCE_KIND(name, key, solicited) JM_SK_##name,
#include "model/source_kinds.def"
#undef JM_SOURCE_KIND
    JM_SK_COUNT
} jm_source_kind;

/* Their names as the format writes them ("survey"...), and whether each is
 * solicited when `solicited` is not given (sources.c). */
extern const char *const jm_source_kind_names[JM_SK_COUNT];
extern const bool jm_source_kind_solicited[JM_SK_COUNT];

/* `columns` of a source: the header names that bind its rows to the map, as
 * written (s NULL where not given). */
typedef struct jm_source_columns {
    jm_str touchpoint, persona, emotion;
    jm_pos pos;                 /* the mapping; line 0 when `columns` is absent */
} jm_source_columns;

typedef struct jm_source {
    jm_str id, name;
    jm_str kind;                /* as written; s NULL when absent (then `other`) */
    jm_str date;                /* YYYY, YYYY-MM or YYYY-MM-DD, checked */
    jm_str size;                /* as written: a whole number, checked */
    jm_str file;                /* as written, relative to the journey's folder, checked not to lead out
                                 * of it (no absolute path, no `..` above it); s NULL when absent */
    jm_source_columns columns;
    bool solicited;             /* as given, else the kind's default */
    jm_pos solicited_pos;       /* line 0 when not given */
    jm_pos pos;
    jm_origin from;             /* 1.2: a source an `include` brought (load/include.c) */
    /* loaded */
    jm_source_kind kind_ix;
    unsigned long long size_n;  /* size as a number; valid when size.s */
    /* resolved */
    int number;                 /* 1-based, its number in the sources list and on citation marks */
} jm_source;

/* A `source` value: one id or a list of ids of the journey's sources. NULL
 * or ids.n 0: no citation. */
typedef struct jm_cites {
    jm_list ids;                /* as written; ids.n 0 when absent */
    int *ix;                    /* resolved, [ids.n]: index into the journey's sources, -1 where unknown */
} jm_cites;

/* What a touchpoint says about its research. */
typedef struct jm_research {
    jm_cites *source;           /* `source`; NULL when absent */
    jm_cites *thinking;         /* `thinking: {text, source}`; NULL when plain */
    jm_cites *pains;            /* [pains.n], one a pain (ids.n 0 for a plain one); NULL when none cites */
    jm_cites *opportunities;    /* [opportunities.n], likewise */
    bool assumed;               /* `assumed: true`: a hypothesis, not researched yet */
    jm_pos assumed_pos;         /* line 0 when not given */
} jm_research;

static inline bool jm_cites_any(const jm_cites *c) { return c && c->ids.n > 0; }

/* The citations of item i of a list (pains, opportunities) that may be
 * NULL: NULL when the item cites nothing itself. */
static inline const jm_cites *jm_cites_at(const jm_cites *list, size_t i)
{
    return list && list[i].ids.n ? &list[i] : NULL;
}

/* A touchpoint's own citations and items; NULL where none. */
static inline const jm_cites *jm_tp_source(const jm_touchpoint *t) { return t->research ? t->research->source : NULL; }
static inline const jm_cites *jm_tp_thinking_source(const jm_touchpoint *t)
{
    return t->research ? t->research->thinking : NULL;
}
static inline const jm_cites *jm_tp_pain_source(const jm_touchpoint *t, size_t i)
{
    return t->research ? jm_cites_at(t->research->pains, i) : NULL;
}
static inline const jm_cites *jm_tp_opportunity_source(const jm_touchpoint *t, size_t i)
{
    return t->research ? jm_cites_at(t->research->opportunities, i) : NULL;
}
static inline bool jm_tp_assumed(const jm_touchpoint *t) { return t->research && t->research->assumed; }

/* The source whose id is id[0..len) in j, or NULL. Linear; the resolver
 * keeps a map for the many lookups of a journey. */
const jm_source *jm_source_find(const jmap_journey *j, const char *id, size_t len);

/* True when date[0..len) is YYYY, YYYY-MM or YYYY-MM-DD and a real date. */
bool jm_source_date_valid(const char *date, size_t len);

/* NULL when path[0..len) may be a source's `file` (relative, not leading
 * out of the journey's folder), else why not, as the end of a sentence:
 * "is absolute". A symlink that points outside is found when it is read. */
const char *jm_source_path_problem(const char *path, size_t len);

/* THE HOOK FOR COMPUTED VALUES (sources.c): true when touchpoint t of j
 * cites a source through a value computed from one (its emotion, its
 * target, a metric of its own computed from a source's rows: "a value
 * computed from a source cites it by itself"). `jmap check
 * --require-sources` and `jmap stats` count such a touchpoint, its pains
 * and its opportunities as cited. The data reader fills it in; until then
 * nothing is computed and it says false. */
bool jm_tp_cites_computed(const jmap_journey *j, const jm_touchpoint *t);

#endif
