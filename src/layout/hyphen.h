/* Hyphenation at syllable breaks: the hyphenation dictionaries of a
 * language (libhyphen with the patterns of Debian's hyphen-* packages,
 * LibreOffice's), loaded once per text context and language. Part of the
 * layout stage: text.c asks for soft hyphens in the words that Pango could
 * only break between two letters. */
#ifndef JMAP_HYPHEN_H
#define JMAP_HYPHEN_H

#include <pango/pango.h>
#include <stdbool.h>
#include <stddef.h>

/* Where the patterns are: hyph_LL_RR.dic, hyph_LL.dic (Debian's hyphen-*). */
#define JM_HYPHEN_DIR "/usr/share/hyphen"
/* Longer runs of letters are not words of a language: no dictionary is asked
 * (this also keeps the work in proportion to the text). */
#define JM_HYPHEN_MAX_WORD 96

typedef struct jm_hyph jm_hyph;

jm_hyph *jm_hyph_new(void);
void jm_hyph_free(jm_hyph *h);

/* A byte range [a, b) of a text. */
typedef struct jm_span {
    int a, b;
} jm_span;

/* The text s (len bytes) with a soft hyphen (U+00AD) at every syllable break
 * that lang's dictionary allows in the words inside spans (in order, not
 * overlapping). NULL when lang has no dictionary or no break was found;
 * else a g_malloc'd string, its length in *out_len. */
char *jm_hyph_insert(jm_hyph *h, PangoLanguage *lang, const char *s, size_t len, const jm_span *spans, size_t n,
                     size_t *out_len);

#endif
