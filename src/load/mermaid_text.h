/* Between the Mermaid reader (mermaid.c) and its text handling
 * (mermaid_text.c): character classes as Mermaid's lexer and JavaScript see
 * them, and the decoding of a name or title. Internal to the reader. */
#ifndef JMAP_MERMAID_TEXT_H
#define JMAP_MERMAID_TEXT_H

#include <stdbool.h>
#include <stddef.h>

/* Length of the JavaScript space (\s) at s[i], or 0. */
size_t jm_mm_space_at(const char *s, size_t n, size_t i);
/* The offset after the JavaScript spaces from s[i]. */
size_t jm_mm_skip_spaces(const char *s, size_t n, size_t i);
/* [A-Za-z0-9_] */
bool jm_mm_word_char(char c);
/* Length of the entity code `#name;` or `#123;` at s[i], or 0. */
size_t jm_mm_entity_at(const char *s, size_t n, size_t i);
/* Whether s[i...] starts with word, in any case. */
bool jm_mm_ci_at(const char *s, size_t n, size_t i, const char *word);
/* End of a run of characters that are not in `stop` (entities kept whole). */
size_t jm_mm_run(const char *s, size_t n, size_t i, const char *stop);
/* Offset of the '\n' ending the line at s[i], or n. */
size_t jm_mm_line_end(const char *s, size_t n, size_t i);
/* The end of a front-matter block that starts s, or 0; its YAML is [*ys, *ye). */
size_t jm_mm_front_matter(const char *s, size_t n, size_t *ys, size_t *ye);
/* [from, to) without JavaScript spaces at its start / its end (String.trim()). */
size_t jm_mm_trim_start(const char *s, size_t from, size_t to);
size_t jm_mm_trim_end(const char *s, size_t from, size_t to);
/* Decodes the trimmed text [from, to) of s into out (room for
 * 2 * (to - from) + 1 bytes): entity codes as their characters, <br> and line
 * breaks as '\n'. NUL-terminated; returns its length. */
size_t jm_mm_decode(const char *s, size_t from, size_t to, char *out);

#endif
