#include "model/theme.h"

#include <math.h>
#include <string.h>

#include "base/scalar.h"
#include "model/words.h"

/* A built-in theme's palette: themes.def's row, as jm_theme_names[i] is its
 * name. */
typedef struct theme_def {
    const char *background, *text, *muted, *surface, *line;
    const char *stages[6];
    const char *positive, *neutral, *negative, *pain, *opportunity;
} theme_def;

/* One family, no list. No emoji font: Noto Color Emoji has digits, and Pango
 * would draw every digit from it; fontconfig falls back to it for emoji by
 * itself, and to the system's sans-serif (DejaVu Sans) when Noto Sans is
 * missing. A single family also halves the fontconfig sorts: Pango measures
 * each font's metrics through a description naming only the font's own
 * family, and a list would make that a second fontset (docs/platform-notes.md). */
#define JM_FONT "Noto Sans"

#define JM_COLOURS(...) {__VA_ARGS__}
static const theme_def defs[JM_THEME_COUNT] = {
#define JM_THEME(name, background, text, muted, surface, line, stages, positive, neutral, negative, pain, opp) \
    {background, text, muted, surface, line, JM_COLOURS stages, positive, neutral, negative, pain, opp},
#include "model/themes.def"
#undef JM_THEME
};

const char *const jm_theme_names[] = {
#define JM_THEME(name, ...) name,
#include "model/themes.def"
#undef JM_THEME
    NULL};

static jm_rgb hex(const char *s)
{
    jm_rgb c = {0, 0, 0};
    jm_parse_color(s, strlen(s), &c);
    return c;
}

bool jm_theme_builtin(const char *name, jm_theme *t)
{
    for (int i = 0; i < JM_THEME_COUNT; i++) {
        const theme_def *d = &defs[i];
        if (strcmp(jm_theme_names[i], name) != 0) continue;
        memset(t, 0, sizeof *t);
        t->name = jm_theme_names[i];
        t->font = JM_FONT;
        t->font_size = 12;
        t->background = hex(d->background);
        t->text = hex(d->text);
        t->muted = hex(d->muted);
        t->surface = hex(d->surface);
        t->line = hex(d->line);
        for (int k = 0; k < 6; k++) t->stage_colors[k] = hex(d->stages[k]);
        t->n_stage_colors = 6;
        t->positive = hex(d->positive);
        t->neutral = hex(d->neutral);
        t->negative = hex(d->negative);
        t->pain = hex(d->pain);
        t->opportunity = hex(d->opportunity);
        t->stage_text = jm_text_on(t->stage_colors[0], t);
        return true;
    }
    return false;
}

static double channel(double c) { return c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4); }

static double luminance(jm_rgb c)
{
    return 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b);
}

double jm_contrast(jm_rgb a, jm_rgb b)
{
    double la = luminance(a), lb = luminance(b);
    if (la < lb) { double t = la; la = lb; lb = t; }
    return (la + 0.05) / (lb + 0.05);
}

jm_rgb jm_text_on(jm_rgb bg, const jm_theme *t)
{
    (void)t;
    jm_rgb dark = {0.067f, 0.094f, 0.153f}, light = {1, 1, 1};
    return jm_contrast(bg, dark) >= jm_contrast(bg, light) ? dark : light;
}

jm_rgb jm_mix(jm_rgb a, jm_rgb b, double t)
{
    jm_rgb c = {(float)(a.r + (b.r - a.r) * t), (float)(a.g + (b.g - a.g) * t), (float)(a.b + (b.b - a.b) * t)};
    return c;
}

/* ---- marks: non-text contrast ---- */

static jm_rgb over(jm_rgb fg, double alpha, jm_rgb bg) { return jm_mix(bg, fg, alpha); }

/* The alphas the layout paints its washes with: the emotion band's halves
 * (emotion.c) and a stage's column tint (grid.c). */
#define BAND_WASH 0.05
#define COLUMN_TINT 0.035

size_t jm_theme_grounds(const jm_theme *t, jm_rgb *out)
{
    size_t n = 0;
    out[n++] = t->background;
    out[n++] = t->surface;
    size_t stages = t->n_stage_colors < 12 ? t->n_stage_colors : 12;
    if (!stages) {
        out[n++] = over(t->positive, BAND_WASH, t->background);
        out[n++] = over(t->negative, BAND_WASH, t->background);
    }
    for (size_t s = 0; s < stages; s++) { /* a column's tint, and the band's washes over it */
        jm_rgb tint = over(t->stage_colors[s], COLUMN_TINT, t->background);
        out[n++] = tint;
        out[n++] = over(t->positive, BAND_WASH, tint);
        out[n++] = over(t->negative, BAND_WASH, tint);
    }
    return n;
}

double jm_theme_mark_contrast(const jm_theme *t, jm_rgb c)
{
    jm_rgb g[JM_THEME_GROUNDS];
    size_t n = jm_theme_grounds(t, g);
    double least = 21;
    for (size_t i = 0; i < n; i++) least = fmin(least, jm_contrast(c, g[i]));
    return least;
}

jm_rgb jm_theme_mark(const jm_theme *t, jm_rgb c)
{
    if (jm_theme_mark_contrast(t, c) >= JM_MARK_CONTRAST) return c;
    const double aim = JM_MARK_CONTRAST + 0.05; /* clear of rounding in the composites */
    /* towards the end of the scale farther from the background */
    jm_rgb black = {0, 0, 0}, white = {1, 1, 1};
    jm_rgb to = jm_contrast(t->background, black) >= jm_contrast(t->background, white) ? black : white;
    for (int k = 1; k <= 40; k++) {
        jm_rgb m = jm_mix(c, to, k / 40.0);
        /* to the byte, as it is written (#rrggbb), so the check holds for what is drawn */
        m = (jm_rgb){(float)(lround(m.r * 255) / 255.0), (float)(lround(m.g * 255) / 255.0),
                     (float)(lround(m.b * 255) / 255.0)};
        if (jm_theme_mark_contrast(t, m) >= aim) return m;
    }
    return to;
}

bool jm_rgb_same(jm_rgb a, jm_rgb b)
{
    return lround(a.r * 255) == lround(b.r * 255) && lround(a.g * 255) == lround(b.g * 255) &&
           lround(a.b * 255) == lround(b.b * 255);
}
