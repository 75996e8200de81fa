/* Every script set right (issue 25, item 4), on the layout's display list:
 * no letter spacing on scripts whose letters join nor on CJK; no synthetic
 * italic; list separators that no digit of the script reads like; long
 * words broken only at a syllable (with a hyphen) or, without a dictionary,
 * without a hyphen; one size for the text cells of an action plan's row. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jmap/jmap.h"
#include "layout/layout.h"
#include "model/doc.h"

static jm_text_ctx *tx;

typedef struct laid {
    jmap_doc *doc;
    jm_layout *l;
} laid;

static laid lay(const char *yaml)
{
    jmap_doc *doc = jmap_load(yaml, strlen(yaml), "scripts.yaml");
    assert_non_null(doc);
    if (jmap_doc_error_count(doc)) {
        char buf[1024];
        jmap_diag_format(doc, jmap_doc_diag(doc, 0), buf, sizeof buf);
        fail_msg("does not load: %s", buf);
    }
    jm_layout_options opt = {.persona = -1};
    jm_layout *l = jm_layout_journey(tx, doc->journeys[0], &opt);
    assert_non_null(l);
    return (laid){doc, l};
}

static void done(laid x)
{
    jm_layout_free(x.l);
    jmap_doc_free(x.doc);
}

static const char *text_of(const jm_item *it) { return it->text ? pango_layout_get_text(it->text) : ""; }

/* A copy of s without its soft hyphens. */
static char *plain(const char *s)
{
    char *out = malloc(strlen(s) + 1), *o = out;
    assert_non_null(out);
    for (; *s; s++) {
        if ((unsigned char)s[0] == 0xc2 && (unsigned char)s[1] == 0xad) {
            s++;
            continue;
        }
        *o++ = *s;
    }
    *o = '\0';
    return out;
}

static bool has_script(const char *s, GUnicodeScript script)
{
    for (; *s; s = g_utf8_next_char(s))
        if (g_unichar_get_script(g_utf8_get_char(s)) == script) return true;
    return false;
}

static bool letter_spaced(const jm_item *it)
{
    PangoAttrList *attrs = pango_layout_get_attributes(it->text);
    if (!attrs) return false;
    bool spaced = false;
    GSList *list = pango_attr_list_get_attributes(attrs);
    for (GSList *a = list; a; a = a->next) {
        PangoAttribute *at = a->data;
        if (at->klass->type == PANGO_ATTR_LETTER_SPACING && ((PangoAttrInt *)at)->value != 0) spaced = true;
        pango_attribute_destroy(at);
    }
    g_slist_free(list);
    return spaced;
}

/* A map in lang with the given words in every lane, a persona, an action plan. */
static char *map_in(const char *lang, const char *name, const char *text, const char *extra)
{
    char *s = g_strdup_printf(
        "lang: %s\ntitle: \"%s\"\npersonas:\n  - name: \"%s\"\n    role: \"%s\"\n    age: \"۳۸\"\n"
        "    occupation: \"%s\"\n    goals: [\"%s\"]\n    quote: \"%s\"\n"
        "stages:\n  - name: \"%s\"\n    goal: \"%s\"\n    touchpoints:\n"
        "      - name: \"%s\"\n        emotion: 2\n        doing: \"%s\"\n        thinking: \"%s\"\n"
        "        pains: [\"%s\"]\n        owner: \"%s\"\n"
        "        opportunities: [{text: \"%s\", priority: high, status: doing}]\n%s"
        "lanes: [touchpoints, doing, thinking, emotions, pains, opportunities, backstage, owner, metrics, actions]\n",
        lang, name, name, text, text, text, text, name, text, name, text, text, text, name, text, extra ? extra : "");
    return s;
}

static laid lay_map(const char *lang, const char *name, const char *text)
{
    char *yaml = map_in(lang, name, text, NULL);
    laid x = lay(yaml);
    g_free(yaml);
    return x;
}

/* ---- letter spacing ---- */

static void test_joining_scripts_and_cjk_are_not_letter_spaced(void **state)
{
    (void)state;
    static const struct {
        const char *lang, *name, *text;
        GUnicodeScript script;
    } maps[] = {
        {"fa", "افتتاح حساب", "در گروه دوستانش می‌پرسد", G_UNICODE_SCRIPT_ARABIC},
        {"ar", "فتح حساب", "يقارن الأسعار في ثلاثة مواقع", G_UNICODE_SCRIPT_ARABIC},
        {"ja", "予約", "電話より予約が簡単", G_UNICODE_SCRIPT_HAN},
    };
    for (size_t m = 0; m < sizeof maps / sizeof *maps; m++) {
        laid x = lay_map(maps[m].lang, maps[m].name, maps[m].text);
        int titles = 0;
        for (size_t i = 0; i < x.l->n_items; i++) {
            const jm_item *it = &x.l->items[i];
            if (it->kind != JM_ITEM_TEXT || !has_script(text_of(it), maps[m].script)) continue;
            titles += it->role == JM_ROLE_LANE_LABEL;
            if (letter_spaced(it)) fail_msg("%s: '%s' is letter-spaced", maps[m].lang, text_of(it));
            if (it->role != JM_ROLE_LANE_LABEL) continue;
            /* a lane title's letters, all of them, inside its column (no overhang allowed) */
            PangoRectangle ink;
            pango_layout_get_extents(it->text, &ink, NULL);
            double x0 = it->box.x + (double)ink.x / PANGO_SCALE, x1 = x0 + (double)ink.width / PANGO_SCALE;
            if (x0 < it->cell.x - 0.01 || x1 > it->cell.x + it->cell.w + 0.01)
                fail_msg("%s: lane title '%s' [%.2f, %.2f] leaves its column [%.2f, %.2f]", maps[m].lang,
                         text_of(it), x0, x1, it->cell.x, it->cell.x + it->cell.w);
        }
        if (strcmp(maps[m].lang, "fa") == 0) assert_true(titles >= 5); /* its own words */
        done(x);
    }
    /* Latin capitals keep their tracking */
    laid x = lay_map("en", "Opening", "Compares prices");
    int spaced = 0;
    for (size_t i = 0; i < x.l->n_items; i++)
        spaced += x.l->items[i].role == JM_ROLE_LANE_LABEL && letter_spaced(&x.l->items[i]);
    assert_true(spaced >= 5);
    done(x);
}

/* ---- italics ---- */

static PangoStyle style_of(PangoFontDescription *d)
{
    PangoStyle s = pango_font_description_get_style(d);
    pango_font_description_free(d);
    return s;
}

/* Runs of an italic text: *synthetic counts those slanted from an upright
 * face, *italic those drawn from a slanted face. */
static void count_slants(const jm_item *it, int *synthetic, int *italic)
{
    PangoLayoutIter *iter = pango_layout_get_iter(it->text);
    do {
        PangoLayoutRun *run = pango_layout_iter_get_run_readonly(iter);
        if (!run) continue;
        PangoFont *f = run->item->analysis.font;
        if (style_of(pango_font_describe(f)) == PANGO_STYLE_NORMAL) continue;
        PangoFontFace *face = pango_font_get_face(f);
        if (face && style_of(pango_font_face_describe(face)) == PANGO_STYLE_NORMAL) ++*synthetic;
        else ++*italic;
    } while (pango_layout_iter_next_run(iter));
    pango_layout_iter_free(iter);
}

static void test_scripts_without_italics_are_set_upright(void **state)
{
    (void)state;
    static const char *const maps[][3] = {
        {"fa", "افتتاح حساب", "در گروه دوستانش می‌پرسد"},
        {"ja", "予約", "電話より予約がずっと簡単"},
        {"zh", "预约", "终于约上了！比打电话容易多了。"},
        {"ko", "예약", "전화보다 예약이 훨씬 쉬워졌어요"},
    };
    for (size_t m = 0; m < sizeof maps / sizeof *maps; m++) {
        laid x = lay_map(maps[m][0], maps[m][1], maps[m][2]);
        int synthetic = 0, italic = 0, texts = 0;
        for (size_t i = 0; i < x.l->n_items; i++) {
            const jm_item *it = &x.l->items[i];
            if (it->kind != JM_ITEM_TEXT || !strstr(text_of(it), maps[m][2])) continue;
            texts++;
            count_slants(it, &synthetic, &italic);
        }
        assert_true(texts >= 5);
        if (synthetic) {
            for (size_t i = 0; i < x.l->n_items; i++) {
                int s0 = 0, i0 = 0;
                if (x.l->items[i].kind == JM_ITEM_TEXT) count_slants(&x.l->items[i], &s0, &i0);
                if (s0) print_error("slanted: '%s'\n", text_of(&x.l->items[i]));
            }
            fail_msg("%s: %d runs slanted from an upright face", maps[m][0], synthetic);
        }
        done(x);
    }
    /* Latin keeps its italic face: the goal and the quote */
    laid x = lay_map("en", "Opening", "Compares prices");
    int synthetic = 0, italic = 0;
    for (size_t i = 0; i < x.l->n_items; i++)
        if (x.l->items[i].kind == JM_ITEM_TEXT) count_slants(&x.l->items[i], &synthetic, &italic);
    assert_int_equal(synthetic, 0);
    assert_true(italic >= 2);
    done(x);
}

/* ---- separators ---- */

/* The persona card's line of role, age and occupation. */
static const char *meta_line(const jm_layout *l, const char *role)
{
    for (size_t i = 0; i < l->n_items; i++)
        if (l->items[i].role == JM_ROLE_PERSONA && strstr(text_of(&l->items[i]), role) &&
            strcmp(text_of(&l->items[i]), role) != 0)
            return text_of(&l->items[i]);
    return NULL;
}

static void test_list_separators_are_not_read_as_digits(void **state)
{
    (void)state;
    /* ۳۸ beside a middle dot reads ۳۸۰ (the Persian zero is a dot) */
    laid x = lay_map("fa", "افتتاح حساب", "طراح گرافیک");
    const char *line = meta_line(x.l, "طراح گرافیک");
    assert_non_null(line);
    assert_non_null(strstr(line, "۳۸"));
    if (strstr(line, "\xc2\xb7")) fail_msg("a middle dot beside Persian digits: '%s'", line);
    assert_non_null(strstr(line, "\xd8\x8c")); /* the Arabic comma */
    done(x);
    /* Devanagari digits (० is a small circle): a bar */
    char *yaml = g_strdup("title: T\npersonas:\n  - name: P\n    role: डिज़ाइनर\n    age: \"३८\"\n"
                          "stages:\n  - name: S\n    touchpoints: [{name: A}]\n");
    x = lay(yaml);
    line = meta_line(x.l, "डिज़ाइनर");
    assert_non_null(line);
    assert_null(strstr(line, "\xc2\xb7"));
    assert_non_null(strstr(line, "|"));
    done(x);
    g_free(yaml);
    /* Latin keeps the middle dot */
    yaml = g_strdup("title: T\npersonas:\n  - name: P\n    role: Designer\n    age: 38\n"
                    "stages:\n  - name: S\n    touchpoints: [{name: A}]\n");
    x = lay(yaml);
    g_free(yaml);
    line = meta_line(x.l, "Designer");
    assert_non_null(line);
    assert_non_null(strstr(line, "\xc2\xa0\xc2\xb7 "));
    done(x);
}

/* ---- hyphenation ---- */

/* The places where word is broken across the lines of it (as offsets into
 * word, soft hyphens left out); returns their number. */
static int breaks_in(const jm_item *it, const char *word, size_t *at, int max)
{
    const char *s = text_of(it);
    int n = 0;
    GSList *lines = pango_layout_get_lines_readonly(it->text);
    char *whole = plain(s);
    const char *w = strstr(whole, word);
    if (!w) {
        free(whole);
        return -1;
    }
    size_t w0 = (size_t)(w - whole), w1 = w0 + strlen(word);
    for (GSList *x = lines ? lines->next : NULL; x; x = x->next) {
        const PangoLayoutLine *line = x->data;
        char *before = g_strndup(s, (gsize)line->start_index);
        char *p = plain(before);
        size_t k = strlen(p);
        if (k > w0 && k < w1 && n < max) at[n++] = k - w0;
        free(p);
        g_free(before);
    }
    free(whole);
    return n;
}

/* True when the line before offset `start` of the item ends with a hyphen
 * drawn by Pango (a glyph more than the characters in the line's last run,
 * or a soft hyphen's). */
static bool hyphen_drawn_before(const jm_item *it, int start)
{
    GSList *lines = pango_layout_get_lines_readonly(it->text);
    const char *s = text_of(it);
    for (GSList *x = lines; x && x->next; x = x->next) {
        const PangoLayoutLine *next = x->next->data;
        if (next->start_index != start) continue;
        const PangoLayoutLine *line = x->data;
        if (start >= 2 && (unsigned char)s[start - 2] == 0xc2 && (unsigned char)s[start - 1] == 0xad) return true;
        int glyphs = 0, chars = (int)g_utf8_strlen(s + line->start_index, line->length);
        for (GSList *r = line->runs; r; r = r->next) glyphs += ((PangoGlyphItem *)r->data)->glyphs->num_glyphs;
        return glyphs > chars;
    }
    return false;
}

static void test_long_words_break_only_at_a_syllable(void **state)
{
    (void)state;
    /* the syllables, as a German reader divides them */
    static const struct {
        const char *word, *syllables;
    } words[] = {
        {"Kundenbeziehungsmanagementabteilungsleitung", "Kun-den-be-zie-hungs-ma-nage-ment-ab-tei-lungs-lei-tung"},
        {"Informationsbeschaffungsphase", "In-for-ma-ti-ons-be-schaf-fungs-pha-se"},
    };
    for (size_t k = 0; k < sizeof words / sizeof *words; k++) {
        laid x = lay_map("de", "Eröffnung", words[k].word);
        /* the allowed places: after each syllable */
        size_t allowed[32], n_allowed = 0, len = 0;
        for (const char *p = words[k].syllables; *p; p++) {
            if (*p == '-') allowed[n_allowed++] = len;
            else len++;
        }
        int broken = 0;
        for (size_t i = 0; i < x.l->n_items; i++) {
            const jm_item *it = &x.l->items[i];
            if (it->kind != JM_ITEM_TEXT) continue;
            size_t at[16];
            int n = breaks_in(it, words[k].word, at, 16);
            for (int b = 0; b < n; b++) {
                bool ok = false;
                for (size_t a = 0; a < n_allowed; a++) ok |= at[b] == allowed[a];
                if (!ok)
                    fail_msg("'%s' broken after '%.*s', not at a syllable", words[k].word, (int)at[b],
                             words[k].word);
                broken++;
            }
            /* and a hyphen where it is broken */
            GSList *lines = pango_layout_get_lines_readonly(it->text);
            for (GSList *l = lines ? lines->next : NULL; n > 0 && l; l = l->next) {
                const PangoLayoutLine *line = l->data;
                int off = (int)g_utf8_pointer_to_offset(text_of(it), text_of(it) + line->start_index);
                int n_attrs;
                const PangoLogAttr *la = pango_layout_get_log_attrs_readonly(it->text, &n_attrs);
                if (off < n_attrs && !la[off].is_white && text_of(it)[line->start_index - 1] != ' ')
                    assert_true(hyphen_drawn_before(it, line->start_index));
            }
        }
        assert_true(broken >= 2);
        done(x);
    }
}

/* A language without a hyphenation dictionary (Esperanto here): a word
 * too long for its column is broken between two letters, without a hyphen. */
static void test_without_a_dictionary_a_long_word_breaks_without_a_hyphen(void **state)
{
    (void)state;
    const char *word = "Malsanulejoadministradkonsilantarokunvenejoj";
    laid x = lay_map("eo", "Malfermo", word);
    int broken = 0;
    for (size_t i = 0; i < x.l->n_items; i++) {
        const jm_item *it = &x.l->items[i];
        if (it->kind != JM_ITEM_TEXT || !strstr(text_of(it), word)) continue;
        GSList *lines = pango_layout_get_lines_readonly(it->text);
        for (GSList *l = lines ? lines->next : NULL; l; l = l->next) {
            const PangoLayoutLine *line = l->data;
            if (text_of(it)[line->start_index - 1] == ' ') continue;
            broken++;
            if (hyphen_drawn_before(it, line->start_index))
                fail_msg("'%s' broken with a hyphen at byte %d", text_of(it), line->start_index);
        }
    }
    assert_true(broken >= 2);
    done(x);
}

/* ---- the action plan ---- */

static double size_of(const jm_item *it)
{
    return (double)pango_font_description_get_size(pango_layout_get_font_description(it->text)) / PANGO_SCALE;
}

static void test_an_action_plan_row_has_one_size(void **state)
{
    (void)state;
    static const char *const maps[][3] = {
        {"ja", "予約と受付の手続き", "電話より予約がずっと簡単になりました待ち時間もありません"},
        {"de", "Kontaktaufnahme", "Kundenbeziehungsmanagementabteilungsleitung"},
    };
    for (size_t m = 0; m < sizeof maps / sizeof *maps; m++) {
        laid x = lay_map(maps[m][0], maps[m][1], maps[m][2]);
        double sizes[8];
        int n = 0;
        for (size_t i = 0; i < x.l->n_items; i++) {
            const jm_item *it = &x.l->items[i];
            if (it->role != JM_ROLE_ACTION || it->kind != JM_ITEM_TEXT) continue;
            char *t = plain(text_of(it));
            if ((strcmp(t, maps[m][1]) == 0 || strcmp(t, maps[m][2]) == 0) && n < 8) sizes[n++] = size_of(it);
            free(t);
        }
        assert_int_equal(n, 4); /* opportunity, stage, touchpoint, owner */
        for (int k = 1; k < n; k++)
            if (sizes[k] != sizes[0]) fail_msg("%s: a row mixes sizes %.2f and %.2f", maps[m][0], sizes[0], sizes[k]);
        done(x);
    }
}

static int setup(void **state)
{
    (void)state;
    tx = jm_text_ctx_new();
    return tx ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    jm_text_ctx_free(tx);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_joining_scripts_and_cjk_are_not_letter_spaced),
        cmocka_unit_test(test_scripts_without_italics_are_set_upright),
        cmocka_unit_test(test_list_separators_are_not_read_as_digits),
        cmocka_unit_test(test_long_words_break_only_at_a_syllable),
        cmocka_unit_test(test_without_a_dictionary_a_long_word_breaks_without_a_hyphen),
        cmocka_unit_test(test_an_action_plan_row_has_one_size),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
