/* Values computed from research data (format 1.2): a mapping with `from`
 * (a source with a file), `column`, `where`, `compute` and `values` that
 * stands for a number: an emotion or a target (whole or per persona), a
 * metric's value. Loaded by load/data_load.c, computed by load/data.c
 * (which reads the source's file), drawn with its n. */
#ifndef JMAP_MODEL_DATA_H
#define JMAP_MODEL_DATA_H

#include <stdbool.h>
#include <stddef.h>

#include "model/model.h"

/* Fewer rows than this make a value uncertain: drawn apart, and a warning. */
#define JM_DATA_FEW 5

/* The computes (load/compute.h), one a row of compute.def. */
#define JM_COMPUTE(name, word) JM_COMPUTE_##name,
typedef enum {
#include "model/compute.def"
    JM_COMPUTE_KINDS
} jm_compute_kind;
#undef JM_COMPUTE
/* Their names in the format ("mean", "nps"...), in the order above (data.c). */
extern const char *const jm_compute_names[JM_COMPUTE_KINDS];

typedef enum { JM_CALC_EMOTION, JM_CALC_TARGET, JM_CALC_METRIC, JM_CALC_REACH } jm_calc_use;

typedef struct jm_calc {
    jm_str from, column, compute;
    jm_str *where_keys;         /* [n_where] the header names of `where` */
    jm_list *where_values;      /* [n_where] the values each may hold */
    size_t n_where;
    jm_pos where_pos;           /* line 0 without `where` */
    jm_list values;             /* share: the answers counted */
    jm_pos pos;                 /* the mapping */
    jm_calc_use use;
    jm_str persona;             /* the persona it is for, or s NULL */
    jm_touchpoint *touchpoint;  /* the touchpoint it belongs to, or NULL (a stage's metric) */
    double *value_out;          /* where the number goes: a jm_score's value */
    jm_metric *metric;          /* or the metric whose value it is */
    struct jm_calc *next;       /* the journey's computed values, in file order */
    /* computed (load/data.c) */
    int source_ix;              /* index into the journey's sources; -1 until found */
    bool done;                  /* computed without error */
    jm_compute_kind kind;       /* the compute done */
    size_t n;                   /* rows whose cell was used */
    char text[48];              /* as drawn: "3.4", "82%", "+23" */
    char plain[48];             /* a plain decimal: "3.4", "82", "23" */
} jm_calc;

/* The computed value behind persona p's point (or target) of t, or NULL
 * when the point was written as a number (or is not there). */
const jm_calc *jm_point_calc(const jmap_journey *j, const jm_touchpoint *t, size_t p, bool target);
/* Whether a compute estimates from a sample (a mean, a median, a
 * percentage): only those are uncertain on few rows; a sum, a count, a
 * minimum or a maximum of rows is what it is. */
static inline bool jm_compute_samples(jm_compute_kind k)
{
    return k == JM_COMPUTE_MEAN || k == JM_COMPUTE_MEDIAN || k == JM_COMPUTE_SHARE || k == JM_COMPUTE_NPS ||
           k == JM_COMPUTE_CSAT;
}
/* Whether a computed value rests on too few rows to be trusted. */
static inline bool jm_calc_uncertain(const jm_calc *c)
{
    return c && c->done && jm_compute_samples(c->kind) && c->n < JM_DATA_FEW;
}

#endif
