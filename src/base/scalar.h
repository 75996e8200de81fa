/* Scalars written as text: decimal numbers, #rgb colours, ids. */
#ifndef JMAP_SCALAR_H
#define JMAP_SCALAR_H

#include <stdbool.h>
#include <stddef.h>

typedef struct jm_rgb {
    float r, g, b;              /* 0..1 */
} jm_rgb;

/* Parses a YAML-style decimal number; false for anything else (NaN, inf, hex...). */
bool jm_parse_number(const char *s, size_t len, double *out);
/* True when s is `#rgb` or `#rrggbb`; sets *out. */
bool jm_parse_color(const char *s, size_t len, jm_rgb *out);
/* True when s matches [a-z0-9][a-z0-9_-]* */
bool jm_valid_id(const char *s, size_t len);

#endif
