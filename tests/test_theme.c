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
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
