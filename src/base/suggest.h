/* "Did you mean ...?": the nearest candidate to a misspelt word. */
#ifndef JMAP_SUGGEST_H
#define JMAP_SUGGEST_H

#include <stddef.h>

/* Optimal string alignment distance (Levenshtein plus transpositions) between
 * two byte strings, capped at limit+1 so long inputs stay cheap. */
size_t jm_edit_distance(const char *a, size_t alen, const char *b, size_t blen, size_t limit);
/* The closest candidate that is near enough to be a likely typo, or NULL. */
const char *jm_suggest(const char *word, size_t len, const char *const *cands, size_t n);

#endif
