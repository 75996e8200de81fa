/* The loader's part for the map's own words: `lang` (a language tag) and
 * `labels` (a mapping of word keys to the words to draw), checked against
 * jmap's vocabulary (words.h). */
#include <stdio.h>
#include <string.h>

#include "load/load.h"
#include "base/suggest.h"
#include "base/utf8.h"
#include "load/yamltree.h"

static const char *kind_of(const jm_node *n)
{
    return n->kind == JM_SEQ ? "a list" : n->kind == JM_MAP ? "a mapping" : "a string";
}

static jm_str str_of(const jm_node *k, const jm_node *v)
{
    jm_str s = {v->s, v->len, v->pos, k->pos};
    return s;
}

static void languages(char *buf, size_t size)
{
    const char *codes[16];
    size_t n = 0;
    for (size_t i = 0; i < jm_language_count && n < 16; i++) codes[n++] = jm_languages[i]->code;
    jm_words_join(buf, size, codes, n, "and");
}

void jm_load_lang(jmap_doc *doc, const jm_node *k, const jm_node *v, jmap_journey *j)
{
    if (v->kind != JM_SCALAR) {
        jm_error(doc, v->pos, "'lang' must be a language tag such as uk or pt-BR, not %s", kind_of(v));
        return;
    }
    if (!jm_lang_tag_valid(v->s, v->len) || strlen(v->s) != v->len) {
        if (v->len && v->len <= JM_MAX_LANG_TAG && strchr(v->s, '_')) {
            char fixed[JM_MAX_LANG_TAG + 1];
            memcpy(fixed, v->s, v->len);
            fixed[v->len] = '\0';
            for (char *p = fixed; *p; p++)
                if (*p == '_') *p = '-';
            if (jm_lang_tag_valid(fixed, v->len)) {
                jm_error(doc, v->pos, "invalid language tag '%s': subtags are joined by '-': write %s", v->s, fixed);
                return;
            }
        }
        const jm_language *named = jm_language_named(v->s, v->len);
        if (named) jm_error(doc, v->pos, "invalid language tag '%s': write its tag, %s", v->s, named->code);
        else jm_error(doc, v->pos, "invalid language tag '%s': use a tag such as en, uk, fa or pt-BR", v->s);
        return;
    }
    j->lang = str_of(k, v);
    j->language = jm_language_find(v->s, v->len);
    if (!j->language) {
        char have[128];
        languages(have, sizeof have);
        jm_warn(doc, v->pos, "jmap has no built-in words for language '%s': English words are used where 'labels' "
                "gives none (jmap has %s)", v->s, have);
    }
}

/* A template word must hold its placeholders: "вік {age}". */
static const struct {
    jm_word w;
    const char *slots[3]; /* up to three; NULL after the last */
    const char *what;     /* what goes there */
} templates[] = {
    {JM_W_AGE, {JM_AGE_SLOT}, "age"},
    {JM_W_PERSONA_VIEW, {JM_PERSONA_SLOT}, "persona's name"},
    {JM_W_DIFF_TOUCHPOINTS, {JM_ADDED_SLOT, JM_REMOVED_SLOT, JM_CHANGED_SLOT}, "count"},
    {JM_W_DIFF_MEAN, {JM_BEFORE_SLOT, JM_AFTER_SLOT}, "mean"},
    {JM_W_DIFF_PAINS, {JM_FIXED_SLOT, JM_NEW_SLOT}, "count"},
};

static bool template_ok(jmap_doc *doc, jm_word w, const jm_node *v)
{
    for (size_t t = 0; t < sizeof templates / sizeof templates[0]; t++) {
        if (templates[t].w != w) continue;
        for (size_t k = 0; k < 3 && templates[t].slots[k]; k++) {
            const char *slot = templates[t].slots[k];
            if (strstr(v->s, slot)) continue;
            jm_error(doc, v->pos, "the label '%s' is a template: write %s where the %s goes, as in \"%s\"",
                     jm_word_keys[w], slot, templates[t].what, jm_word_text(NULL, w));
            return false;
        }
    }
    return true;
}

void jm_load_labels(jmap_doc *doc, const jm_node *k, const jm_node *v, jmap_journey *j)
{
    (void)k;
    if (v->kind == JM_SCALAR && v->plain && v->len == 0) return;
    if (v->kind != JM_MAP) {
        jm_error(doc, v->pos, "'labels' must be a mapping of word to text, such as {pains: Болі}, not %s", kind_of(v));
        return;
    }
    /* only a map that gives labels pays for their table */
    if (!j->labels && !(j->labels = jm_alloc(&doc->arena, JM_W_COUNT * sizeof *j->labels))) return;
    for (size_t i = 0; i + 1 < v->n; i += 2) {
        const jm_node *key = v->kids[i], *val = v->kids[i + 1];
        if (key->kind != JM_SCALAR) {
            jm_error(doc, key->pos, "a key must be a plain string, not %s", kind_of(key));
            continue;
        }
        if (strncmp(key->s, "x-", 2) == 0) continue;
        int w = jm_word_find(key->s, key->len);
        if (w < 0) {
            const char *near = jm_suggest(key->s, key->len, jm_word_keys, JM_W_COUNT);
            if (near) jm_error(doc, key->pos, "unknown key '%s' in labels (did you mean '%s'?)", key->s, near);
            else jm_error(doc, key->pos, "unknown key '%s' in labels: labels name a lane, a built-in channel or "
                          "another word jmap draws (see 'jmap schema')", key->s);
            continue;
        }
        jm_str *slot = &j->labels[w];
        if (slot->key.line) {
            jm_error(doc, key->pos, "duplicate key '%s' (first given at line %d)", key->s, slot->key.line);
            continue;
        }
        slot->key = key->pos;
        if (val->kind != JM_SCALAR) {
            jm_error(doc, val->pos, "the label '%s' must be a string, not %s", key->s, kind_of(val));
            continue;
        }
        size_t chars = jm_utf8_chars(val->s, val->len);
        if (chars > JM_MAX_LABEL) {
            jm_error(doc, val->pos, "the label '%s' is %zu characters long; a label has at most %d", key->s, chars,
                     JM_MAX_LABEL);
            continue;
        }
        if (!template_ok(doc, (jm_word)w, val)) continue;
        *slot = str_of(key, val);
    }
}
