/* The loader's part for values computed from research data (format 1.2):
 * reading the mappings (data_load.c), then the data files and the values
 * (data.c). */
#ifndef JMAP_LOAD_DATA_H
#define JMAP_LOAD_DATA_H

#include "load/walk.h"
#include "model/data.h"

/* Whether v is a computed value: a mapping with a `from` key. */
bool ld_is_calc(const jm_node *v);
/* Reads the computed value v of `key` into a new jm_calc, added to the
 * journey's list; NULL when it could not be (reported). */
jm_calc *ld_calc(loader *ld, const char *key, const jm_node *v, jm_calc_use use);
/* Tells the computed values of t's emotion and target that they are t's. */
void ld_calcs_of(jm_touchpoint *t);
/* A metric written as a computed value: its calc keys and `target`,
 * `better`. False when it is not kept (reported). */
bool ld_metric_calc(loader *ld, const jm_node *k, const jm_node *v, jm_metric *m);
/* The metric's verdict once its value is known (act.c). */
jm_verdict ld_metric_verdict(const jm_metric *m);

/* Reads the data files the journey's computed values and `columns` need
 * and computes them, before jm_resolve: errors at their places. */
void jm_data_resolve(jmap_doc *doc, jmap_journey *j);

/* After jm_resolve: the rows of sources with `columns` as the emotions of
 * the touchpoints they name. */
void jm_data_bind(jmap_doc *doc, jmap_journey *j);
/* Whether some source of j binds its rows with `columns`. */
bool jm_data_binds(const jmap_journey *j);

#endif
