/* The little UTF-8 the loader needs: validation, decoding, direction. */
#ifndef JMAP_UTF8_H
#define JMAP_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Length of the sequence a lead byte starts (1 for a stray byte). */
int jm_utf8_seqlen(unsigned char lead);
/* Offset of the first byte that is not valid UTF-8, or len when all is valid. */
size_t jm_utf8_check(const char *s, size_t len);
bool jm_utf8_valid(const char *s, size_t len);
/* Decodes one code point at *p (valid UTF-8 assumed) and advances *p. */
uint32_t jm_utf8_next(const char **p, const char *end);
/* True for the 66 noncharacters: U+FDD0..U+FDEF and U+nFFFE, U+nFFFF in
 * every plane. XML 1.0 forbids U+FFFE and U+FFFF, and cairo refuses them
 * all in a PDF's text. */
bool jm_is_noncharacter(uint32_t c);
/* True for a character that a terminal acts on or that reorders or breaks
 * the text around it, rather than showing itself: C0 controls, DEL, C1
 * controls (U+0080..U+009F), the bidi embeddings, overrides and isolates
 * (U+202A..U+202E, U+2066..U+2069) and the line and paragraph separators
 * (U+2028, U+2029). */
bool jm_is_hidden(uint32_t c);
/* The escape of such a character as shown to a reader: \t, \n and \r,
 * \xHH below U+0080 (\x1b), \uHHHH above (\u0085, \u202e); written into
 * out with its NUL. 0 when c is shown as itself. */
size_t jm_hidden_escape(uint32_t c, char out[8]);
/* s[0..len) as shown to a reader, into out (at most size bytes with its
 * NUL): every hidden character escaped, and every byte that is not part of
 * valid UTF-8 as \xHH. Returns the length of the whole result, as snprintf
 * does. Every message and every text of a journey written on a terminal
 * passes here. */
size_t jm_escape_hidden(const char *s, size_t len, char *out, size_t size);

/* Character count of s[0..len). */
size_t jm_utf8_chars(const char *s, size_t len);

/* Bytes of the line break at s[0..len), or 0: LF, CR or CRLF, the breaks an
 * editor counts. Lines in diagnostics are an editor's lines. */
size_t jm_line_break(const char *s, size_t len);
/* The same, with the breaks YAML counts too: NEL (U+0085), LS (U+2028) and
 * PS (U+2029). libyaml's marks count lines this way. */
size_t jm_yaml_break(const char *s, size_t len);
/* Line and column (1-based, the column in characters) of byte offset off. */
void jm_line_col(const char *s, size_t len, size_t off, int *line, int *col);
/* Start and byte length (without its break) of line `line` (1-based); NULL past the end. */
const char *jm_line_at(const char *s, size_t len, int line, size_t *line_len);

typedef enum { JM_STRONG_NONE, JM_STRONG_LTR, JM_STRONG_RTL } jm_strong;
/* The direction of the first strong character of s. */
jm_strong jm_first_strong(const char *s, size_t len);

#endif
