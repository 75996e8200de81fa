/* jmap's vocabulary: the keys, the lookup by key and language, language tags,
 * and numbers in a language's digits. The words themselves are in
 * words_tables.c, one table a language. */
#include "model/words.h"

#include <stdio.h>
#include <string.h>

#include "model/limits.h"
#include "model/model.h"

const char *const jm_word_keys[JM_W_COUNT] = {
#define JM_LANE(name, key) [JM_W_##name] = key,
#include "model/lanes.def"
#undef JM_LANE
    [JM_W_GOALS] = "goals",
    [JM_W_NEEDS] = "needs",
    [JM_W_FRUSTRATIONS] = "frustrations",
    [JM_W_AGE] = "age",
    [JM_W_CHANNELS] = "channels",
    [JM_W_EMOTION] = "emotion",
    [JM_W_MOMENT] = "moment",
    [JM_W_LINE_OF_INTERACTION] = "line-of-interaction",
    [JM_W_LINE_OF_VISIBILITY] = "line-of-visibility",
    [JM_W_LINE_OF_INTERNAL_INTERACTION] = "line-of-internal-interaction",
    [JM_W_PERSONA_VIEW] = "persona-view",
    [JM_W_CURRENT] = "current",
    [JM_W_FUTURE] = "future",
    [JM_W_TARGET] = "target",
    [JM_W_PRIORITY] = "priority",
    [JM_W_HIGH] = "high",
    [JM_W_MEDIUM] = "medium",
    [JM_W_LOW] = "low",
    [JM_W_STATUS] = "status",
    [JM_W_QUOTE_OPEN] = "quote-open",
    [JM_W_QUOTE_CLOSE] = "quote-close",
    [JM_W_ADDED] = "added",
    [JM_W_REMOVED] = "removed",
    [JM_W_CHANGED] = "changed",
    [JM_W_EARLIER_SCORE] = "earlier-score",
    [JM_W_FIXED] = "fixed",
    [JM_W_NEW] = "new",
    [JM_W_DIFF_TOUCHPOINTS] = "diff-touchpoints",
    [JM_W_DIFF_MEAN] = "diff-mean-emotion",
    [JM_W_DIFF_PAINS] = "diff-pains",
    [JM_W_STAGE] = "stage",
    [JM_W_TOUCHPOINT] = "touchpoint",
    [JM_W_STATUS_IDEA] = "status-idea",
    [JM_W_STATUS_PLANNED] = "status-planned",
    [JM_W_STATUS_DOING] = "status-doing",
    [JM_W_STATUS_DONE] = "status-done",
    [JM_W_PERSONAS] = "personas",
    [JM_W_LANES] = "lanes",
    [JM_W_CHANNEL] = "channel",
    [JM_W_MAP_TABLE] = "map-table",
    [JM_W_TARGET_MET] = "target-met",
    [JM_W_TARGET_MISSED] = "target-missed",
    [JM_W_WAITING] = "waiting",
    [JM_W_ACTIVE] = "active",
    [JM_W_TIME_SUMMARY] = "time-summary",
    [JM_W_STAGE_TOTAL] = "stage-total",
    [JM_W_LOSS] = "loss",
    [JM_W_LARGEST_LOSS] = "largest-loss",
    [JM_W_FAIL_POINT] = "fail-point",
    [JM_W_REACH] = "reach",
    [JM_W_UNIT_S] = "unit-s",
    [JM_W_UNIT_MIN] = "unit-min",
    [JM_W_UNIT_H] = "unit-h",
    [JM_W_UNIT_D] = "unit-d",
    [JM_W_UNIT_W] = "unit-w",
    [JM_W_PERCENT] = "percent",
    [JM_W_DETAIL] = "detail",
    /* research (1.2) */
#define JM_SOURCE_KIND(name, key, solicited) [JM_W_SOURCE_##name] = "source-" key,
#include "model/source_kinds.def"
#undef JM_SOURCE_KIND
    [JM_W_SOLICITED] = "solicited",
    [JM_W_UNSOLICITED] = "unsolicited",
    [JM_W_SAMPLE_N] = "n",
    [JM_W_ASSUMPTION] = "assumption",
    [JM_W_CITATION] = "citation",
    [JM_W_OPTIONAL] = "optional",
    [JM_W_PATH_JUMP] = "path-jump",
    [JM_W_PATH_RETURN] = "path-return",
    [JM_W_PATH_EXIT] = "path-exit",
#define JM_CHANNEL(name, id, kind, stroke, fill) [JM_W_CH_##name] = id,
#include "model/channels.def"
#undef JM_CHANNEL
};

const char *jm_word_text(const jm_language *lang, jm_word w)
{
    if ((unsigned)w >= JM_W_COUNT) return "";
    if (!lang) lang = jm_languages[0];
    return lang->words[w];
}

int jm_word_find(const char *key, size_t len)
{
    for (int w = 0; w < JM_W_COUNT; w++)
        if (strlen(jm_word_keys[w]) == len && memcmp(jm_word_keys[w], key, len) == 0) return w;
    return -1;
}

static size_t primary_len(const char *tag, size_t len)
{
    size_t n = 0;
    while (n < len && tag[n] != '-') n++;
    return n;
}

static bool same_ci(const char *a, size_t alen, const char *b)
{
    if (strlen(b) != alen) return false;
    for (size_t i = 0; i < alen; i++) {
        char c = a[i];
        if (c >= 'A' && c <= 'Z') c = (char)(c + 32);
        if (c != b[i]) return false;
    }
    return true;
}

const jm_language *jm_language_find(const char *tag, size_t len)
{
    size_t p = primary_len(tag, len);
    for (size_t i = 0; i < jm_language_count; i++)
        if (same_ci(tag, p, jm_languages[i]->code)) return jm_languages[i];
    return NULL;
}

static bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
static bool is_alnum(char c) { return is_alpha(c) || (c >= '0' && c <= '9'); }

/* BCP 47's shape (RFC 5646 section 2.1), without checking the registry: a
 * primary subtag of 2-3 or 5-8 letters (or `x`/`i` for private and
 * grandfathered tags), then subtags of 1-8 letters and digits. */
bool jm_lang_tag_valid(const char *tag, size_t len)
{
    if (len == 0 || len > JM_MAX_LANG_TAG) return false;
    size_t i = 0, n_sub = 0;
    while (i <= len) {
        size_t start = i;
        while (i < len && tag[i] != '-') i++;
        size_t sub = i - start;
        if (sub == 0 || sub > 8) return false;
        for (size_t k = start; k < i; k++) {
            if (n_sub == 0 ? !is_alpha(tag[k]) : !is_alnum(tag[k])) return false;
        }
        if (n_sub == 0 && !(sub == 1 ? (tag[0] == 'x' || tag[0] == 'X' || tag[0] == 'i' || tag[0] == 'I')
                                     : sub <= 3))
            return false;
        if (n_sub == 0 && sub == 1 && i == len) return false; /* `x` alone */
        n_sub++;
        i++;
    }
    return true;
}

const jm_language *jm_language_named(const char *s, size_t len)
{
    for (size_t i = 0; i < jm_language_count; i++) {
        const jm_language *l = jm_languages[i];
        if (same_ci(s, len, l->english) || (strlen(l->name) == len && memcmp(l->name, s, len) == 0)) return l;
    }
    if (same_ci(s, len, "farsi")) return jm_language_find("fa", 2);
    return NULL;
}

bool jm_lang_rtl(const char *tag, size_t len)
{
    /* languages written in Arabic, Hebrew, Syriac or Thaana script by default */
    static const char *const rtl[] = {"ar", "arc", "ckb", "dv", "fa", "he", "iw", "ks", "ku-arab", "pa-arab",
                                      "ps", "sd", "syr", "ug", "ur", "yi"};
    size_t p = primary_len(tag, len);
    for (size_t i = 0; i < sizeof rtl / sizeof *rtl; i++)
        if (same_ci(tag, p, rtl[i])) return true;
    return false;
}

char *jm_words_join(char *buf, size_t size, const char *const *names, size_t n, const char *conj)
{
    size_t o = 0;
    if (size) buf[0] = '\0';
    for (size_t i = 0; i < n && o < size; i++) {
        int k = snprintf(buf + o, size - o, "%s%s%s%s", i == 0 ? "" : i + 1 == n ? " " : ", ",
                         i && i + 1 == n ? conj : "", i && i + 1 == n ? " " : "", names[i]);
        if (k < 0) break;
        o += (size_t)k;
    }
    return buf;
}

char *jm_words_number(const jm_language *lang, double v, char *buf, size_t size)
{
    char ascii[64];
    snprintf(ascii, sizeof ascii, "%g", v);
    return jm_words_digits(lang, ascii, buf, size);
}

char *jm_words_digits(const jm_language *lang, const char *ascii, char *buf, size_t size)
{
    if (!lang) lang = jm_languages[0];
    size_t o = 0;
    for (const char *p = ascii; *p && o + 8 < size; p++) {
        const char *put = NULL;
        size_t plen = 1;
        char one[2] = {*p, '\0'};
        if (*p >= '0' && *p <= '9') {
            /* the digit's UTF-8 sequence in lang->digits */
            const char *d = lang->digits;
            for (int k = 0; k < *p - '0'; k++) {
                d++;
                while (((unsigned char)*d & 0xC0) == 0x80) d++;
            }
            const char *e = d + 1;
            while (((unsigned char)*e & 0xC0) == 0x80) e++;
            put = d;
            plen = (size_t)(e - d);
        } else if (*p == '.') {
            put = lang->decimal;
            plen = strlen(put);
        } else if (*p == '-') {
            put = lang->minus;
            plen = strlen(put);
        } else {
            put = one;
        }
        memcpy(buf + o, put, plen);
        o += plen;
    }
    buf[o] = '\0';
    return buf;
}

const char *jm_journey_word(const jmap_journey *j, jm_word w)
{
    if ((unsigned)w >= JM_W_COUNT) return "";
    if (j->labels && j->labels[w].s) return j->labels[w].s;
    const char *s = jm_word_text(j->language, w);
    return s ? s : jm_word_text(NULL, w);
}
