/* jmap's vocabulary: every word jmap draws and every name the format accepts
 * for them, in one place. A word has a key (the name `labels` takes, and for
 * lanes and channels the name the format accepts) and a text in each built-in
 * language (words_tables.c). Adding a language is adding one table there.
 * The loader (names, suggestions), resolve (the words of a map), the layout
 * (words drawn), `jmap schema` and `jmap init` all read from here. The lanes,
 * the built-in channels and the themes are listed once each, in lanes.def,
 * channels.def and themes.def; everything here that names them is made from
 * those tables. */
#ifndef JMAP_WORDS_H
#define JMAP_WORDS_H

#include <stdbool.h>
#include <stddef.h>

/* The words, by key. The first JM_LANE_COUNT are the lanes in jm_lane order
 * (model.h); the built-in channels follow in jm_builtin_channel order. */
typedef enum {
    /* the lanes, in jm_lane order (lanes.def) */
#define JM_LANE(name, key) JM_W_##name,
#include "model/lanes.def"
#undef JM_LANE
    /* persona cards, the legend, the lines, templates, states, the action plan */
    JM_W_GOALS, JM_W_NEEDS, JM_W_FRUSTRATIONS, JM_W_AGE, JM_W_CHANNELS, JM_W_EMOTION, JM_W_MOMENT,
    JM_W_LINE_OF_INTERACTION, JM_W_LINE_OF_VISIBILITY, JM_W_LINE_OF_INTERNAL_INTERACTION, JM_W_PERSONA_VIEW,
    JM_W_CURRENT, JM_W_FUTURE, JM_W_TARGET, JM_W_PRIORITY, JM_W_HIGH, JM_W_MEDIUM, JM_W_LOW, JM_W_STATUS,
    JM_W_QUOTE_OPEN, JM_W_QUOTE_CLOSE,
    /* the marks of `jmap diff` */
    JM_W_ADDED, JM_W_REMOVED, JM_W_CHANGED, JM_W_EARLIER_SCORE, JM_W_FIXED, JM_W_NEW, JM_W_DIFF_TOUCHPOINTS,
    JM_W_DIFF_MEAN, JM_W_DIFF_PAINS,
    /* the action plan and the metrics */
    JM_W_STAGE, JM_W_TOUCHPOINT, JM_W_STATUS_IDEA, JM_W_STATUS_PLANNED, JM_W_STATUS_DOING, JM_W_STATUS_DONE, JM_W_TARGET_MET, JM_W_TARGET_MISSED,
    /* 1.2 flow and time (layout/flowtime.c) */
    JM_W_WAITING, JM_W_ACTIVE, JM_W_TIME_SUMMARY, JM_W_STAGE_TOTAL, JM_W_LOSS, JM_W_LARGEST_LOSS, JM_W_FAIL_POINT,
    JM_W_REACH, JM_W_UNIT_S, JM_W_UNIT_MIN, JM_W_UNIT_H, JM_W_UNIT_D, JM_W_UNIT_W, JM_W_PERCENT,
    /* the HTML page: its switches and its table */
    JM_W_PERSONAS, JM_W_LANES, JM_W_CHANNEL, JM_W_MAP_TABLE,
    /* 1.2: a card that opens a detailed map */
    JM_W_DETAIL,
    /* research (1.2): the kinds of source (source_kinds.def), the sources list, the legend */
#define JM_SOURCE_KIND(name, key, solicited) JM_W_SOURCE_##name,
#include "model/source_kinds.def"
#undef JM_SOURCE_KIND
    JM_W_SOLICITED, JM_W_UNSOLICITED, JM_W_SAMPLE_N, JM_W_ASSUMPTION, JM_W_CITATION,
    /* the paths lane: an optional touchpoint, the legend of its arrows */
    JM_W_OPTIONAL, JM_W_PATH_JUMP, JM_W_PATH_RETURN, JM_W_PATH_EXIT,
    /* the built-in channels' names, in jm_builtin_channel order (channels.def) */
#define JM_CHANNEL(name, id, kind, stroke, fill) JM_W_CH_##name,
#include "model/channels.def"
#undef JM_CHANNEL
    JM_W_COUNT
} jm_word;

/* The first channel's word, whichever channel channels.def lists first. */
#define JM_CHANNEL(name, id, kind, stroke, fill) +1
enum { JM_W_FIRST_CHANNEL = JM_W_COUNT - (0
#include "model/channels.def"
                                         ) };
#undef JM_CHANNEL

/* The key of each word: `pains`, `line-of-visibility`, `web`... */
extern const char *const jm_word_keys[JM_W_COUNT];

/* The names the format accepts, each kept once, here. */
#define jm_lane_names (jm_word_keys)                              /* [JM_LANE_COUNT] */
#define jm_builtin_channel_ids (jm_word_keys + JM_W_FIRST_CHANNEL) /* [JM_CH_BUILTIN_COUNT] */
extern const char *const jm_theme_names[];                      /* NULL-terminated; theme.c's */
#define JM_THEME(name, ...) +1
enum { JM_THEME_COUNT = 0 /* the rows of themes.def */
#include "model/themes.def"
};
#undef JM_THEME

/* Templates: the word holds this placeholder once. */
#define JM_AGE_SLOT "{age}"
#define JM_PERSONA_SLOT "{persona}"
/* The summary of a diff: diff-touchpoints holds the first three, diff-mean
 * the next two, diff-pains the last two. */
#define JM_ADDED_SLOT "{added}"
#define JM_REMOVED_SLOT "{removed}"
#define JM_CHANGED_SLOT "{changed}"
#define JM_BEFORE_SLOT "{before}"
#define JM_AFTER_SLOT "{after}"
#define JM_FIXED_SLOT "{fixed}"
#define JM_NEW_SLOT "{new}"
/* Flow and time: a unit and a percentage hold {n}; time-summary holds the
 * other three. */
#define JM_N_SLOT "{n}"
#define JM_ACTIVE_SLOT "{active}"
#define JM_WAITING_SLOT "{waiting}"
#define JM_SHARE_SLOT "{share}"

typedef struct jm_language {
    const char *code;           /* the primary subtag: "uk" */
    const char *name;           /* its own name for itself: "українська" */
    const char *english;        /* its name in English, lower case: "ukrainian" */
    const char *const *words;   /* [JM_W_COUNT] */
    const char *digits;         /* "0123456789" in its own script, 10 UTF-8 characters */
    const char *decimal;        /* the decimal separator */
    const char *minus;          /* the minus sign */
} jm_language;

/* The built-in languages, English first. */
extern const jm_language *const jm_languages[];
extern const size_t jm_language_count;

/* The word w in lang (NULL: English). */
const char *jm_word_text(const jm_language *lang, jm_word w);
/* The word whose key is key, or -1. */
int jm_word_find(const char *key, size_t len);
/* The built-in language of a tag's primary subtag (case-insensitive), or NULL. */
const jm_language *jm_language_find(const char *tag, size_t len);
/* True when tag is a well-formed language tag (BCP 47: `uk`, `pt-BR`,
 * `sr-Latn-RS`, `zh-Hant`...). A primary subtag of 5 to 8 letters, which BCP
 * 47 reserves and no language has, is refused: it is a name (`english`,
 * `Ukrainian`) written where a tag belongs. */
bool jm_lang_tag_valid(const char *tag, size_t len);
/* The built-in language whose English or own name is s (`Ukrainian`), or NULL. */
const jm_language *jm_language_named(const char *s, size_t len);
/* True when the tag's primary subtag is a language written right to left. */
bool jm_lang_rtl(const char *tag, size_t len);

/* "a, b, c or d" (conj "or") into buf; returns buf. */
char *jm_words_join(char *buf, size_t size, const char *const *names, size_t n, const char *conj);
/* A number as jmap writes it (%g) in the language's digits, decimal
 * separator and minus sign; lang NULL is English. Returns buf. */
char *jm_words_number(const jm_language *lang, double v, char *buf, size_t size);
/* A number already written in ASCII ("12000", "-4.5") in the language's
 * digits, decimal separator and minus sign. Returns buf. */
char *jm_words_digits(const jm_language *lang, const char *ascii, char *buf, size_t size);

#endif
