/* Built-in themes, theme overrides, and colour contrast. */
#ifndef JMAP_THEME_H
#define JMAP_THEME_H

#include "model/model.h"

/* The names are words.h's: jm_theme_names, JM_THEME_COUNT. */

/* Fills *t with the built-in theme `name`; false when there is none. */
bool jm_theme_builtin(const char *name, jm_theme *t);
/* WCAG 2 contrast ratio between two colours (1 to 21). */
double jm_contrast(jm_rgb a, jm_rgb b);
/* Black-ish or white text, whichever reads better on bg. */
jm_rgb jm_text_on(jm_rgb bg, const jm_theme *t);
/* WCAG 2.1's non-text contrast: a mark or a curve against what lies behind it. */
#define JM_MARK_CONTRAST 3.0

/* The grounds a mark of the map can lie on in theme t: the background, the
 * card surface, the emotion band's washes and the stages' column tints,
 * composited as cairo paints them. Returns how many (at most
 * JM_THEME_GROUNDS) into out. */
#define JM_THEME_GROUNDS 38
size_t jm_theme_grounds(const jm_theme *t, jm_rgb *out);
/* The lowest contrast of c against every ground of t. */
double jm_theme_mark_contrast(const jm_theme *t, jm_rgb c);
/* c, or where it falls below JM_MARK_CONTRAST on some ground of t, c made
 * darker (on a light theme) or lighter (on a dark one) in its own hue until
 * it does not: the colour drawn for a mark (a persona's curve, a score's
 * point). Deterministic. */
jm_rgb jm_theme_mark(const jm_theme *t, jm_rgb c);
/* Whether two colours are the same to the byte (#rrggbb). */
bool jm_rgb_same(jm_rgb a, jm_rgb b);

/* a mixed with b: t=0 gives a, t=1 gives b. */
jm_rgb jm_mix(jm_rgb a, jm_rgb b, double t);

#endif
