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
/* a mixed with b: t=0 gives a, t=1 gives b. */
jm_rgb jm_mix(jm_rgb a, jm_rgb b, double t);

#endif
