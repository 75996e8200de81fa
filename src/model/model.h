/* The typed journey model. Built by load.c, completed by resolve.c, read by
 * layout.c. Every value keeps the source position it came from. All memory
 * belongs to the arena of the jmap_doc that holds the journey. */
#ifndef JMAP_MODEL_H
#define JMAP_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/scalar.h"
#include "jmap/jmap.h"
#include "model/words.h"

typedef struct jm_pos {
    int line, col;              /* 1-based; 0 when absent */
} jm_pos;

typedef struct jm_str {
    const char *s;              /* NUL-terminated; NULL when the key is absent */
    size_t len;                 /* bytes, not counting the NUL */
    jm_pos pos;                 /* where the value stands */
    jm_pos key;                 /* where its key stands */
} jm_str;

typedef struct jm_list {
    jm_str *items;
    size_t n;
    jm_pos pos;
} jm_list;

#include "model/flowtime.h" /* 1.2: reach, wait, duration, fail; uses jm_str and jm_list */
/* Sources, citations and assumptions (1.2): model/sources.h. */
struct jm_source;
struct jm_cites;
struct jm_research;

/* The built-in channels, in the spec's order; also the icon numbers. One a
 * row of channels.def, the table of them. */
typedef enum {
#define JM_CHANNEL(name, id, kind, stroke, fill) JM_CH_##name,
#include "model/channels.def"
#undef JM_CHANNEL
    JM_CH_BUILTIN_COUNT
} jm_builtin_channel;

/* Their ids and names are words.h's (jm_builtin_channel_ids, JM_W_CH_WEB...). */
_Static_assert((int)JM_W_FIRST_CHANNEL + (int)JM_CH_BUILTIN_COUNT == (int)JM_W_COUNT,
               "the channels' words are the last words, one a channel");
_Static_assert((int)JM_CH_OTHER == (int)JM_CH_BUILTIN_COUNT - 1, "`other` is the last channel: the icon of any other id");
/* Whether a built-in channel is physical (channels.def's kind); channels.c. */
extern const bool jm_builtin_channel_physical[JM_CH_BUILTIN_COUNT];

/* The lanes, in their default order (the spec's), one a row of lanes.def. */
typedef enum {
#define JM_LANE(name, key) JM_LANE_##name,
#include "model/lanes.def"
#undef JM_LANE
    JM_LANE_COUNT
} jm_lane;

/* Their names are words.h's (jm_lane_names; a jm_lane is its jm_word). */
#define JM_LANE(name, key) _Static_assert((int)JM_LANE_##name == (int)JM_W_##name, "a jm_lane is its jm_word");
#include "model/lanes.def"
#undef JM_LANE

typedef enum { JM_DIR_AUTO, JM_DIR_LTR, JM_DIR_RTL } jm_direction;

/* Where a persona, a channel, a source or the theme came from when an
 * `include` brought it (1.2; load/include.c): its positions are that file's. */
typedef struct jm_origin {
    jmap_doc *doc;              /* the included file's doc; NULL: the journey's own file */
    jm_pos via;                 /* the `include` entry of the journey's own file that brought it */
} jm_origin;

typedef struct jm_persona {
    jm_str id, name, role, age, occupation, family, quote, color;
    jm_list goals, needs, frustrations;
    struct jm_cites *quote_source; /* `quote: {text, source}` (1.2); NULL when it cites none */
    jm_pos pos;
    jm_origin from;
    /* resolved */
    jm_rgb rgb;
} jm_persona;

typedef struct jm_channel {
    jm_str id, name, icon, kind;
    jm_pos pos;
    jm_origin from;
    /* resolved */
    int icon_id;                /* a jm_builtin_channel */
    bool physical;
} jm_channel;

/* A metric, on a stage or a touchpoint: `name: value`, or `name: {value,
 * target, better}`. value and target are shown as written. */
typedef enum { JM_VERDICT_NONE, JM_VERDICT_MET, JM_VERDICT_MISSED } jm_verdict;

struct jm_calc; /* a value computed from research data (1.2): model/data.h */

typedef struct jm_metric {
    jm_str name, value, target, better; /* target and better: s NULL when absent */
    struct jm_calc *calc;       /* the value computed from data (1.2); NULL when written */
    bool lower_better;          /* better: lower */
    /* resolved */
    jm_verdict verdict;         /* NONE unless value and target are both numbers */
} jm_metric;

/* An item of `opportunities`, beside its text in the touchpoint's list: its
 * priority, owner and status when it was written as a mapping. */
typedef enum { JM_PRIORITY_NONE, JM_PRIORITY_HIGH, JM_PRIORITY_MEDIUM, JM_PRIORITY_LOW } jm_priority;
typedef enum { JM_STATUS_NONE, JM_STATUS_IDEA, JM_STATUS_PLANNED, JM_STATUS_DOING, JM_STATUS_DONE } jm_status;

typedef struct jm_opportunity {
    jm_priority priority;
    jm_status status;
    jm_str owner;               /* s NULL when absent */
} jm_opportunity;

typedef struct jm_score {
    jm_str persona;             /* absent for a single score */
    double value;
    jm_pos pos;
    struct jm_calc *calc;       /* the value computed from data (1.2); NULL when written */
} jm_score;

typedef struct jm_touchpoint {
    jm_str id, name, channel, feeling, doing, thinking, owner;
    jm_list personas, pains, opportunities, evidence, frontstage, backstage, support;
    jm_opportunity *opportunity; /* [opportunities.n]: each one's priority, owner, status */
    jm_metric *metrics;
    size_t n_metrics;
    jm_score *scores;           /* as written: one without persona, or one per persona */
    size_t n_scores;
    jm_pos emotion_pos;
    jm_score *targets;          /* `target`, the score aimed for, in the same shape */
    size_t n_targets;
    jm_pos target_pos;
    bool moment;
    bool optional;              /* paths (1.2), beside `moment` to share its padding */
    struct jm_research *research; /* `source`, cited texts and items, `assumed` (1.2); NULL for none */
    /* paths (1.2): `next` as written (touchpoint ids of the journey, or
     * `end`; n 0 and pos.line 0 when absent: to the touchpoint after it),
     * and `optional` (src/load/paths.c checks them, src/analyse/paths.c
     * reads the steps) */
    jm_list next;
    jm_pos pos;
    /* 1.2: reach, wait, duration, fail (model/flowtime.h, load/flowtime.c);
     * NULL when none is given: read it through jm_ft(t) */
    jm_flowtime *ft;
    jm_str detail;              /* 1.2: a detailed map's journey file, its path made plain (include.c); s NULL: none */
    /* resolved */
    int channel_ix;             /* index into journey channels, -1 for none */
    bool *has_persona;          /* [n_personas]; NULL when the map has no personas */
    double *emotion;            /* [max(1, n_personas)], NaN where unscored */
    double *target;             /* [max(1, n_personas)], NaN where no target */
} jm_touchpoint;

/* The persona filter of a view: `view` is a persona's index, or -1 for the
 * whole journey (every persona, every touchpoint). Whether persona p is
 * drawn in it, and whether touchpoint t is (its persona goes through it). */
static inline bool jm_view_has_persona(long view, size_t p) { return view < 0 || (size_t)view == p; }
static inline bool jm_view_has_touchpoint(long view, const jm_touchpoint *t)
{
    return view < 0 || !t->has_persona || t->has_persona[view];
}

typedef struct jm_stage {
    jm_str id, name, goal;
    jm_metric *metrics;
    size_t n_metrics;
    jm_touchpoint *touchpoints;
    size_t n_touchpoints;
    struct jm_cites *source;    /* `source` (1.2); NULL when absent */
    jm_pos pos;
    jm_str detail;              /* 1.2: as a touchpoint's */
} jm_stage;

/* The theme as written: a built-in name, or a mapping of overrides. */
typedef struct jm_theme_spec {
    jm_str base;                /* the name, or the mapping's `base` */
    jm_str font, background, text, positive, neutral, negative, pain, opportunity;
    jm_list stage_colors;
    double font_size;           /* 0 when not given */
    jm_pos font_size_pos;
    jm_pos pos;
    jm_origin from;             /* 1.2: a theme an `include` brought */
} jm_theme_spec;

typedef struct jm_theme {
    const char *name;           /* built-in it starts from */
    const char *font;           /* Pango family list */
    double font_size;           /* body text, points */
    jm_rgb background, text, muted, surface, line;
    jm_rgb stage_colors[12];
    size_t n_stage_colors;
    jm_rgb stage_text;          /* text on stage headers */
    jm_rgb positive, neutral, negative, pain, opportunity;
} jm_theme;

struct jmap_journey {
    jm_str title, description;
    double scale_lo, scale_hi;
    bool scale_invalid;         /* reported; emotions are not checked against it */
    jm_pos scale_pos;
    jm_direction direction_given;
    jm_pos direction_pos;
    jm_persona *personas;
    size_t n_personas;
    jm_channel *channels;       /* declared first, then the built-ins */
    size_t n_channels, n_declared_channels;
    jm_stage *stages;
    size_t n_stages;
    jm_lane lanes[JM_LANE_COUNT];
    size_t n_lanes;
    bool lanes_given;
    jm_pos lanes_pos;
    jm_theme_spec theme_spec;
    jm_theme theme;
    jm_str state;               /* `state` as written; s NULL when absent (current) */
    bool future;                /* state: future */
    jm_str lang;                /* the language tag as written; s NULL when absent */
    const jm_language *language; /* its built-in words; NULL for English (no lang, or one jmap lacks) */
    jm_str *labels;             /* [JM_W_COUNT] `labels` as written, s NULL where not given; NULL without `labels` */
    jm_list include;            /* 1.2: the files whose personas, channels, sources, labels, theme and lang it takes */
    /* Set by load and resolve when a persona or a channel failed to load or
     * has no id known (`nmae: Maria`, `id: Maria!`, `personas: 5`): a
     * reference that matches none may have meant it, so it is not reported. */
    bool personas_incomplete, channels_incomplete;
    /* `sources` (1.2), in file order; sources_incomplete as the two above */
    struct jm_source *sources;
    size_t n_sources;
    bool sources_incomplete;
    /* resolved */
    bool rtl;
    size_t n_touchpoints;
    int doc_index;              /* 0-based document number in the stream */
    struct jm_calc *calcs, *calcs_last; /* values computed from data (1.2), in file order; NULL for none */
    struct jm_data_state *data; /* load/data.c's tables while loading; NULL without data */
};

/* Every word the map draws: its label, else its language's, else English
 * (words.c). */
const char *jm_journey_word(const jmap_journey *j, jm_word w);

#endif
