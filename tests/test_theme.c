/* Built-in themes: every text colour against everything it is drawn on has a
 * contrast ratio of at least 4.5:1 (WCAG AA), as the format spec promises.
 *
 * The pairs, read from src/layout/layout.c (what is drawn behind each text):
 *
 *   text   on background   title (title_block); legend names and scale numbers (legend)
 *   muted  on background   description and "Persona view" (title_block); lane labels (lane_row);
 *                          emotion scale numbers (emotions_lane); "LINE OF VISIBILITY" on its
 *                          background-coloured plate (grid); legend headings (legend)
 *   text   on surface      persona card name, bullets and quote (persona_card); touchpoint card
 *                          name (card); thinking bubble (text_cell); metric value (metrics_cell)
 *   muted  on surface      persona details line and GOALS/NEEDS/FRUSTRATIONS (persona_card);
 *                          card channel name (card); metric name (metrics_cell)
 *   jm_text_on(stage colour) on the stage colour      stage names (stage_headers)
 *   text   on stage tint   stage goals: the stage colour at alpha 0.14 over the background
 *                          (stage_headers)
 *   text   on column tint  doing, owner, pains, opportunities, backstage: the stage colour at
 *                          alpha 0.035 over the background (grid_decor, text_cell, bullets)
 *   text   on emotion wash feeling labels (emotions_lane): positive or negative at alpha 0.05,
 *                          over the column tint, over the background; checked bare as well as
 *                          under the label's halo (background at alpha 0.85)
 *   text   on emotion wash over the plain background, as the bands would be without tint
 *
 * Composites are computed as cairo paints them: OVER in sRGB, no linearisation. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "model/model.h"
#include "model/theme.h"
#include "jmap/jmap.h"

#define AA 4.5

static jm_rgb rgb(unsigned hex)
{
    return (jm_rgb){(float)((hex >> 16) & 255) / 255.0f, (float)((hex >> 8) & 255) / 255.0f,
                    (float)(hex & 255) / 255.0f};
}

/* fg at alpha over bg. */
static jm_rgb over(jm_rgb fg, double alpha, jm_rgb bg)
{
    return (jm_rgb){(float)(bg.r + (fg.r - bg.r) * alpha), (float)(bg.g + (fg.g - bg.g) * alpha),
                    (float)(bg.b + (fg.b - bg.b) * alpha)};
}

static unsigned hex_of(jm_rgb c)
{
    return (unsigned)lround(c.r * 255) << 16 | (unsigned)lround(c.g * 255) << 8 | (unsigned)lround(c.b * 255);
}

/* Counts and reports a pair below AA. */
static int low(const char *theme, const char *what, jm_rgb fg, jm_rgb bg)
{
    double c = jm_contrast(fg, bg);
    if (c >= AA) return 0;
    print_error("%s: %s: #%06x on #%06x is %.2f:1, below %.1f:1\n", theme, what, hex_of(fg), hex_of(bg), c, AA);
    return 1;
}

static void test_contrast_matches_known_values(void **state)
{
    (void)state;
    jm_rgb black = rgb(0x000000), white = rgb(0xffffff);
    assert_float_equal(jm_contrast(black, white), 21.0, 1e-6);
    assert_float_equal(jm_contrast(white, black), 21.0, 1e-6);
    assert_float_equal(jm_contrast(white, white), 1.0, 1e-9);
    assert_float_equal(jm_contrast(rgb(0x3a7bd5), rgb(0x3a7bd5)), 1.0, 1e-9);
    /* the usual WCAG reference greys: #777 fails AA on white, #767676 passes */
    assert_float_equal(jm_contrast(rgb(0x777777), white), 4.48, 0.005);
    assert_float_equal(jm_contrast(rgb(0x767676), white), 4.54, 0.005);
    /* symmetric */
    assert_float_equal(jm_contrast(rgb(0x1d4e89), rgb(0xf4f6f8)), jm_contrast(rgb(0xf4f6f8), rgb(0x1d4e89)), 1e-9);
}

static void test_every_builtin_theme_loads(void **state)
{
    (void)state;
    size_t n = 0;
    for (; jm_theme_names[n]; n++) {
        jm_theme t;
        assert_true(jm_theme_builtin(jm_theme_names[n], &t));
        assert_string_equal(t.name, jm_theme_names[n]);
        assert_true(t.n_stage_colors > 0 && t.n_stage_colors <= 12);
        assert_true(t.font_size > 0);
    }
    assert_int_equal(n, JM_THEME_COUNT);
    jm_theme t;
    assert_false(jm_theme_builtin("no-such-theme", &t));
}

static void test_text_and_muted_read_on_background_and_surface(void **state)
{
    (void)state;
    int bad = 0;
    for (size_t i = 0; jm_theme_names[i]; i++) {
        jm_theme t;
        assert_true(jm_theme_builtin(jm_theme_names[i], &t));
        bad += low(t.name, "text on background", t.text, t.background);
        bad += low(t.name, "muted on background", t.muted, t.background);
        bad += low(t.name, "text on surface", t.text, t.surface);
        bad += low(t.name, "muted on surface", t.muted, t.surface);
    }
    assert_int_equal(bad, 0);
}

static void test_stage_names_read_on_their_stage_colour(void **state)
{
    (void)state;
    int bad = 0;
    for (size_t i = 0; jm_theme_names[i]; i++) {
        jm_theme t;
        assert_true(jm_theme_builtin(jm_theme_names[i], &t));
        for (size_t s = 0; s < t.n_stage_colors; s++) {
            char what[64];
            snprintf(what, sizeof what, "stage name on stage colour %zu", s + 1);
            bad += low(t.name, what, jm_text_on(t.stage_colors[s], &t), t.stage_colors[s]);
        }
    }
    assert_int_equal(bad, 0);
}

static void test_stage_goals_read_on_the_stage_tint(void **state)
{
    (void)state;
    int bad = 0;
    for (size_t i = 0; jm_theme_names[i]; i++) {
        jm_theme t;
        assert_true(jm_theme_builtin(jm_theme_names[i], &t));
        for (size_t s = 0; s < t.n_stage_colors; s++) {
            char what[64];
            snprintf(what, sizeof what, "goal on stage %zu tint (0.14)", s + 1);
            bad += low(t.name, what, t.text, over(t.stage_colors[s], 0.14, t.background));
        }
    }
    assert_int_equal(bad, 0);
}

static void test_cells_read_on_the_column_tint(void **state)
{
    (void)state;
    int bad = 0;
    for (size_t i = 0; jm_theme_names[i]; i++) {
        jm_theme t;
        assert_true(jm_theme_builtin(jm_theme_names[i], &t));
        for (size_t s = 0; s < t.n_stage_colors; s++) {
            char what[64];
            snprintf(what, sizeof what, "cell on stage %zu column tint (0.035)", s + 1);
            bad += low(t.name, what, t.text, over(t.stage_colors[s], 0.035, t.background));
        }
    }
    assert_int_equal(bad, 0);
}

static void test_feelings_read_on_the_emotion_band(void **state)
{
    (void)state;
    int bad = 0;
    for (size_t i = 0; jm_theme_names[i]; i++) {
        jm_theme t;
        assert_true(jm_theme_builtin(jm_theme_names[i], &t));
        const jm_rgb washes[2] = {t.positive, t.negative};
        const char *names[2] = {"positive", "negative"};
        for (int w = 0; w < 2; w++) {
            char what[96];
            snprintf(what, sizeof what, "text on the %s wash (0.05)", names[w]);
            bad += low(t.name, what, t.text, over(washes[w], 0.05, t.background));
            for (size_t s = 0; s < t.n_stage_colors; s++) {
                jm_rgb under = over(washes[w], 0.05, over(t.stage_colors[s], 0.035, t.background));
                snprintf(what, sizeof what, "feeling on the %s wash over stage %zu tint", names[w], s + 1);
                bad += low(t.name, what, t.text, under);
                snprintf(what, sizeof what, "feeling on its halo, %s wash, stage %zu", names[w], s + 1);
                bad += low(t.name, what, t.text, over(t.background, 0.85, under));
            }
        }
    }
    assert_int_equal(bad, 0);
}

/* ---- marks: WCAG 2.1 non-text contrast, 3:1 ---- */

#define MARK 3.0

/* Counts and reports a mark below 3:1 on a ground. */
static int low_mark(const char *theme, const char *what, jm_rgb fg, jm_rgb bg, const char *ground)
{
    double c = jm_contrast(fg, bg);
    if (c >= MARK) return 0;
    print_error("%s: %s: #%06x on %s #%06x is %.2f:1, below %.1f:1\n", theme, what, hex_of(fg), ground, hex_of(bg), c,
                MARK);
    return 1;
}

/* Every ground a mark lies on, as the layout paints it: the background; the
 * card surface (the persona dots and bars, channel icons, the moment star on
 * a card); each stage's column tint (0.035: bullets' glyphs, check boxes); the
 * emotion band's washes (0.05) over each tint (points, curves, stars). */
static int low_on_every_ground(const jm_theme *t, const char *what, jm_rgb c)
{
    int bad = low_mark(t->name, what, c, t->background, "background");
    bad += low_mark(t->name, what, c, t->surface, "surface");
    for (size_t s = 0; s < t->n_stage_colors; s++) {
        jm_rgb tint = over(t->stage_colors[s], 0.035, t->background);
        bad += low_mark(t->name, what, c, tint, "column tint");
        bad += low_mark(t->name, what, c, over(t->positive, 0.05, tint), "positive wash");
        bad += low_mark(t->name, what, c, over(t->negative, 0.05, tint), "negative wash");
    }
    return bad;
}

/* The colours a built-in theme gives its marks, as they are. */
static void test_every_mark_colour_keeps_3_to_1_on_every_ground(void **state)
{
    (void)state;
    int bad = 0;
    for (size_t i = 0; jm_theme_names[i]; i++) {
        jm_theme t;
        assert_true(jm_theme_builtin(jm_theme_names[i], &t));
        bad += low_on_every_ground(&t, "score 'positive'", t.positive);
        bad += low_on_every_ground(&t, "score 'neutral' (and the neutral line)", t.neutral);
        bad += low_on_every_ground(&t, "score 'negative'", t.negative);
        bad += low_on_every_ground(&t, "pain glyph", t.pain);
        bad += low_on_every_ground(&t, "opportunity glyph", t.opportunity);
        bad += low_on_every_ground(&t, "icon, check box, line of visibility (muted)", t.muted);
        bad += low_on_every_ground(&t, "moment star outline (text)", t.text);
    }
    assert_int_equal(bad, 0);
}

/* The colours the layout draws from others: every score between two of the
 * scale's colours, and a persona's colour whatever the file says (the
 * default palette, the colours that fell short on `dark`, a grid of
 * colours), pass through jm_theme_mark and keep 3:1. */
static void test_mixed_scores_and_any_persona_colour_keep_3_to_1(void **state)
{
    (void)state;
    int bad = 0;
    static const unsigned given[] = {0x2563eb, 0xdb2777, 0x0d9488, 0x9333ea, 0xca8a04, 0x475569,
                                     0x1e3a8a, 0x7d3c98, 0xffff00, 0x000000, 0xffffff, 0x111827};
    for (size_t i = 0; jm_theme_names[i]; i++) {
        jm_theme t;
        assert_true(jm_theme_builtin(jm_theme_names[i], &t));
        for (int k = 0; k <= 8; k++) {
            double f = k / 8.0;
            char what[64];
            snprintf(what, sizeof what, "score at %.3f of the scale", f);
            jm_rgb c = f < 0.5 ? jm_mix(t.negative, t.neutral, f * 2) : jm_mix(t.neutral, t.positive, (f - 0.5) * 2);
            bad += low_on_every_ground(&t, what, jm_theme_mark(&t, c));
        }
        for (size_t k = 0; k < sizeof given / sizeof *given; k++) {
            char what[64];
            snprintf(what, sizeof what, "persona colour #%06x", given[k]);
            bad += low_on_every_ground(&t, what, jm_theme_mark(&t, rgb(given[k])));
        }
        for (unsigned r = 0; r < 256; r += 51)
            for (unsigned g = 0; g < 256; g += 51)
                for (unsigned b = 0; b < 256; b += 51)
                    bad += low_on_every_ground(&t, "a persona colour of the grid",
                                               jm_theme_mark(&t, rgb(r << 16 | g << 8 | b)));
        /* a colour that passes is kept as it is */
        assert_true(jm_rgb_same(jm_theme_mark(&t, t.text), t.text));
    }
    assert_int_equal(bad, 0);
}

/* In grey, the scale's ends and its middle stay apart: scores 1, 3 and 5
 * are three different greys (print had 1 and 5 both black), the ends at
 * least 1.5:1 apart. */
static void test_the_scale_ends_differ_in_grey(void **state)
{
    (void)state;
    for (size_t i = 0; jm_theme_names[i]; i++) {
        jm_theme t;
        assert_true(jm_theme_builtin(jm_theme_names[i], &t));
        jm_rgb lo = jm_theme_mark(&t, t.negative), mid = jm_theme_mark(&t, t.neutral), hi = jm_theme_mark(&t, t.positive);
        double ends = jm_contrast(lo, hi);
        if (ends < 1.5 || jm_rgb_same(lo, mid) || jm_rgb_same(mid, hi))
            fail_msg("%s: scores 1, 3 and 5 are #%06x, #%06x, #%06x (ends %.2f:1 apart)", t.name, hex_of(lo),
                     hex_of(mid), hex_of(hi), ends);
    }
}

/* A file's persona colour that falls below 3:1 in its theme is drawn
 * adjusted, and the loader says so in a warning at the colour (the map still
 * builds); a colour that passes brings no warning. */
static void test_a_persona_colour_below_3_to_1_is_adjusted_with_a_warning(void **state)
{
    (void)state;
    const char *yaml = "title: T\ntheme: dark\npersonas:\n  - {id: a, name: Ann, color: \"#1e3a8a\"}\n"
                       "  - {id: b, name: Bo, color: \"#4ade80\"}\nstages:\n  - name: S\n    touchpoints:\n"
                       "      - {name: A, emotion: 3}\n";
    jmap_doc *doc = jmap_load(yaml, strlen(yaml), "dark.yaml");
    assert_non_null(doc);
    assert_int_equal(jmap_doc_error_count(doc), 0);
    int warnings = 0;
    for (size_t i = 0; i < jmap_doc_diag_count(doc); i++) {
        const jmap_diag *d = jmap_doc_diag(doc, i);
        if (d->severity != JMAP_WARNING || !strstr(d->message, "contrast")) continue;
        warnings++;
        assert_non_null(strstr(d->message, "Ann"));
        assert_non_null(strstr(d->message, "#1e3a8a"));
        assert_int_equal(d->line, 4);
    }
    assert_int_equal(warnings, 1);
    jmap_doc_free(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_contrast_matches_known_values),
        cmocka_unit_test(test_every_builtin_theme_loads),
        cmocka_unit_test(test_text_and_muted_read_on_background_and_surface),
        cmocka_unit_test(test_stage_names_read_on_their_stage_colour),
        cmocka_unit_test(test_stage_goals_read_on_the_stage_tint),
        cmocka_unit_test(test_cells_read_on_the_column_tint),
        cmocka_unit_test(test_feelings_read_on_the_emotion_band),
        cmocka_unit_test(test_every_mark_colour_keeps_3_to_1_on_every_ground),
        cmocka_unit_test(test_mixed_scores_and_any_persona_colour_keep_3_to_1),
        cmocka_unit_test(test_the_scale_ends_differ_in_grey),
        cmocka_unit_test(test_a_persona_colour_below_3_to_1_is_adjusted_with_a_warning),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
