/* The loader: YAML documents -> typed journeys, checked against the schema
 * (types, keys, value formats). References and defaults are resolve.c's. */
#ifndef JMAP_LOAD_H
#define JMAP_LOAD_H

#include "doc.h"

#define JM_MAX_INPUT (16u * 1024u * 1024u)
#define JM_MAX_TOUCHPOINTS 10000
#define JM_MAX_PERSONAS 100        /* a curve each: more would be unreadable */
/* In one file, all its journeys together (each a structure of 100 to 500
 * bytes, however short its text): loading stays in proportion to the input. */
#define JM_MAX_FILE_TOUCHPOINTS 100000
#define JM_MAX_FILE_STAGES 100000
#define JM_MAX_FILE_PERSONAS 10000
#define JM_MAX_FILE_CHANNELS 100000
#define JM_MAX_FILE_METRICS 100000
/* emotion and target points: a touchpoint's for each persona of its journey */
#define JM_MAX_FILE_POINTS 1000000
#define JM_MAX_TEXT 5000           /* characters in one text value: a cell holds a few sentences */
/* The ends of a scale lie within +-JM_MAX_SCALE, so that its span, its
 * midpoint and small multiples of them stay finite: no NaN or infinity can
 * come out of placing a score on it. */
#define JM_MAX_SCALE 1e300

#define JM_MAX_LABEL 200           /* characters in one of `labels`: a word or a short phrase */

typedef struct jm_node jm_node;

/* Fills doc->journeys from doc->src; reports problems into doc. */
void jm_load(jmap_doc *doc);
/* Reads doc->src as a theme mapping into *spec; reports problems into doc. */
void jm_load_theme_spec(jmap_doc *doc, jm_theme_spec *spec);

/* `lang` and `labels` of a journey (load_words.c). */
void jm_load_lang(jmap_doc *doc, const jm_node *k, const jm_node *v, jmap_journey *j);
void jm_load_labels(jmap_doc *doc, const jm_node *k, const jm_node *v, jmap_journey *j);

/* Parses a YAML-style decimal number; false for anything else (NaN, inf, hex...). */
bool jm_parse_number(const char *s, size_t len, double *out);
/* True when s is `#rgb` or `#rrggbb`; sets *out. */
bool jm_parse_color(const char *s, size_t len, jm_rgb *out);
/* True when s matches [a-z0-9][a-z0-9_-]* */
bool jm_valid_id(const char *s, size_t len);

#endif
