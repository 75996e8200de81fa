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
/* Character count of s[0..len). */
size_t jm_utf8_chars(const char *s, size_t len);

typedef enum { JM_STRONG_NONE, JM_STRONG_LTR, JM_STRONG_RTL } jm_strong;
/* The direction of the first strong character of s. */
jm_strong jm_first_strong(const char *s, size_t len);

#endif
