/* Resolve: defaults, generated ids, references, the scale, lanes and theme.
 * Runs after load on every journey of a doc; reports into the doc. */
#ifndef JMAP_RESOLVE_H
#define JMAP_RESOLVE_H

#include "model/doc.h"

void jm_resolve(jmap_doc *doc, jmap_journey *j);
/* Makes an id from a name as the spec says; NULL when nothing is left. */
char *jm_id_from_name(jm_arena *a, const char *name, size_t len);
/* Builds the theme a spec describes; reports an unknown base into doc (may be NULL). */
bool jm_theme_from_spec(jmap_doc *doc, const jm_theme_spec *spec, jm_theme *out);
/* An id given twice, a before b: in one file, reported there; from two
 * files (an include), at b's place in the journey's own file (its include
 * entry when b was included), naming both (1.2). */
void jm_duplicate_id(jmap_doc *doc, const char *kind, const jm_str *a, const jm_origin *fa, const jm_str *b,
                     const jm_origin *fb);

#endif
