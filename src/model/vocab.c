/* The public face of the vocabulary (jmap.h: jmap_vocab_*, jmap_word,
 * jmap_language_code): the names the format accepts, read from the tables of
 * words.h, so that the command line, completions and schemas never write
 * them again. */
#include <stdio.h>
#include <string.h>

#include "model/model.h"
#include "model/sources.h"
#include "model/words.h"

typedef struct vocab_list {
    const char *const *names;
    size_t n;
} vocab_list;

static vocab_list list_of(jmap_vocab v)
{
    switch (v) {
    case JMAP_VOCAB_THEMES: return (vocab_list){jm_theme_names, JM_THEME_COUNT};
    case JMAP_VOCAB_CHANNELS: return (vocab_list){jm_builtin_channel_ids, JM_CH_BUILTIN_COUNT};
    case JMAP_VOCAB_LANES: return (vocab_list){jm_lane_names, JM_LANE_COUNT};
    case JMAP_VOCAB_WORDS: return (vocab_list){jm_word_keys, JM_W_COUNT};
    case JMAP_VOCAB_LANGUAGES: return (vocab_list){NULL, jm_language_count};
    case JMAP_VOCAB_SOURCE_KINDS: return (vocab_list){jm_source_kind_names, JM_SK_COUNT};
    default: return (vocab_list){NULL, 0};
    }
}

size_t jmap_vocab_count(jmap_vocab v) { return list_of(v).n; }

const char *jmap_vocab_name(jmap_vocab v, size_t i)
{
    vocab_list l = list_of(v);
    if (i >= l.n) return NULL;
    return v == JMAP_VOCAB_LANGUAGES ? jm_languages[i]->code : l.names[i];
}

size_t jmap_vocab_join(jmap_vocab v, const char *conj, char *buf, size_t size)
{
    size_t n = jmap_vocab_count(v), need = 0;
    if (!conj) conj = "or";
    if (buf && size) buf[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        const char *sep = i == 0 ? "" : i + 1 < n ? ", " : " ";
        const char *c = i && i + 1 == n ? conj : "";
        const char *sp = i && i + 1 == n ? " " : "";
        char *at = buf && need < size ? buf + need : NULL;
        int k = snprintf(at, at ? size - need : 0, "%s%s%s%s", sep, c, sp, jmap_vocab_name(v, i));
        if (k < 0) break;
        need += (size_t)k;
    }
    return need;
}

const char *jmap_language_code(const char *tag)
{
    if (!tag) return NULL;
    size_t len = strlen(tag);
    if (!jm_lang_tag_valid(tag, len)) return NULL;
    const jm_language *l = jm_language_find(tag, len);
    return l ? l->code : NULL;
}

const char *jmap_word(const char *lang, const char *key)
{
    if (!key) return NULL;
    int w = jm_word_find(key, strlen(key));
    if (w < 0) return NULL;
    const jm_language *l = lang ? jm_language_find(lang, strlen(lang)) : NULL;
    return jm_word_text(l, (jm_word)w);
}
