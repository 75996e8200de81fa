/* The loader's and the resolver's part for research (format 1.2): the
 * `sources` list, `source` on stages, touchpoints and items, texts and
 * items written as {text, source}, and `assumed`. research.c. */
#ifndef JMAP_LOAD_RESEARCH_H
#define JMAP_LOAD_RESEARCH_H

#include "load/walk.h"
#include "model/sources.h"

/* `sources` of a journey. */
void ld_sources(loader *ld, const jm_node *v, jmap_journey *j);
/* `source`: an id or a list of ids, into a new *out (left NULL on error). */
void ld_cites(loader *ld, const jm_node *k, const jm_node *v, jm_cites **out);
/* A text that may be written as {text, source} (`thinking`, `quote`). */
void ld_cited_text(loader *ld, const char *key, const jm_node *k, const jm_node *v, jm_str *text, jm_cites **cites);
/* The touchpoint's research record, made when first needed; NULL when
 * memory ran out. */
jm_research *ld_research(loader *ld, jm_touchpoint *t);
/* The touchpoint's keys of research: `source` and `assumed`. */
void ld_touchpoint_research(loader *ld, const char *key, const jm_node *k, const jm_node *v, jm_touchpoint *t);
/* A list (`pains`) whose items may be written as {text, source}: *cites
 * gets one jm_cites an item, or stays NULL when none is a mapping. */
void ld_cited_list(loader *ld, const char *key, const jm_node *k, const jm_node *v, jm_list *out, jm_cites **cites);

/* Numbers the sources, reports repeated ids and citations of unknown ones. */
void jm_resolve_research(jmap_doc *doc, jmap_journey *j);

#endif
