/* The loader: YAML documents -> typed journeys, checked against the schema
 * (types, keys, value formats). References and defaults are resolve.c's. */
#ifndef JMAP_LOAD_H
#define JMAP_LOAD_H

#include "model/doc.h"
#include "model/limits.h"

typedef struct jm_node jm_node;

/* Fills doc->journeys from doc->src; reports problems into doc. */
void jm_load(jmap_doc *doc);
/* Reads doc->src as an included file into doc->shared: only the keys an
 * include takes (jm_include_takes); reports problems into doc. */
void jm_load_shared(jmap_doc *doc);
/* Whether a journey's top-level key is one an include takes (include.c). */
bool jm_include_takes(const char *key);
/* Reads doc->src as a theme mapping into *spec; reports problems into doc. */
void jm_load_theme_spec(jmap_doc *doc, jm_theme_spec *spec);

/* `lang` and `labels` of a journey (load_words.c). */
void jm_load_lang(jmap_doc *doc, const jm_node *k, const jm_node *v, jmap_journey *j);
void jm_load_labels(jmap_doc *doc, const jm_node *k, const jm_node *v, jmap_journey *j);


#endif
