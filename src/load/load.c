/* The loader: YAML documents -> typed journeys (load.h). The walker is
 * load_walk.c; `lang` and `labels` are load_words.c's. */
#include "load/load.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/scalar.h"
#include "base/strmap.h"
#include "base/suggest.h"
#include "base/utf8.h"
#include "load/data.h"
#include "load/research.h"
#include "load/walk.h"
#include "load/yamltree.h"


#define OFF(type, member) offsetof(type, member)

/* ---- personas and channels ---- */

static const field persona_fields[] = {
    {"name", T_TEXT, OFF(jm_persona, name)},
    {"id", T_ID, OFF(jm_persona, id)},
    {"role", T_TEXT, OFF(jm_persona, role)},
    {"age", T_SCALAR, OFF(jm_persona, age)},
    {"occupation", T_TEXT, OFF(jm_persona, occupation)},
    {"family", T_TEXT, OFF(jm_persona, family)},
    {"goals", T_LIST, OFF(jm_persona, goals)},
    {"needs", T_LIST, OFF(jm_persona, needs)},
    {"frustrations", T_LIST, OFF(jm_persona, frustrations)},
    {"quote", T_OTHER, 0},
    {"color", T_COLOR, OFF(jm_persona, color)},
};
/* `quote`, a text or {text, source} (1.2) */
static void persona_other(loader *ld, const char *key, const jm_node *k, const jm_node *v, void *obj)
{
    jm_persona *p = obj;
    ld_cited_text(ld, key, k, v, &p->quote, &p->quote_source);
}
static const schema persona_schema = {"persona", persona_fields, sizeof persona_fields / sizeof *persona_fields,
                                      "name", persona_other, LD_PERSONAS};

static void channel_other(loader *ld, const char *key, const jm_node *k, const jm_node *v, void *obj)
{
    jm_channel *c = obj;
    jm_str s;
    if (!ld_get_text(ld, key, k, v, &s)) return;
    if (strcmp(key, "icon") == 0) {
        const char *near = jm_suggest(s.s, s.len, jm_builtin_channel_ids, JM_CH_BUILTIN_COUNT);
        for (int i = 0; i < JM_CH_BUILTIN_COUNT; i++)
            if (strcmp(s.s, jm_builtin_channel_ids[i]) == 0) {
                c->icon = s;
                c->icon_id = i;
                return;
            }
        if (near)
            jm_error(ld->doc, v->pos, "unknown icon '%s' (did you mean '%s'?)", s.s, near);
        else
            jm_error(ld->doc, v->pos, "unknown icon '%s': use the name of a built-in channel, such as web, store or phone", s.s);
    } else { /* kind */
        if (strcmp(s.s, "physical") == 0) c->physical = true;
        else if (strcmp(s.s, "digital") == 0) c->physical = false;
        else {
            jm_error(ld->doc, v->pos, "invalid kind '%s': use physical or digital", s.s);
            return;
        }
        c->kind = s;
    }
}

static const field channel_fields[] = {
    {"id", T_ID, OFF(jm_channel, id)},
    {"name", T_TEXT, OFF(jm_channel, name)},
    {"icon", T_OTHER, 0},
    {"kind", T_OTHER, 0},
};
static const schema channel_schema = {"channel", channel_fields, sizeof channel_fields / sizeof *channel_fields, "id",
                                      channel_other, LD_CHANNELS};

/* The pairs of a free-form mapping (metric names, persona ids): keys must be
 * strings, `x-` keys are skipped, a repeated key is reported; fn sees the rest. */
/* ---- touchpoints ---- */

/* A score as written: `emotion` or `target`. */
typedef struct score_sink {
    const char *key;
    jm_score *items;
    size_t n;
    const char *prev;           /* the last score as written: the `2` of {ann: 2,5} */
} score_sink;

static void score_value(loader *ld, const char *key, const jm_node *v, jm_score *out)
{
    out->pos = v->pos;
    if (ld_is_calc(v)) { /* computed from data (1.2): its number comes in jm_data_resolve */
        out->value = NAN;
        out->calc = ld_calc(ld, key, v, strcmp(key, "target") == 0 ? JM_CALC_TARGET : JM_CALC_EMOTION);
        if (out->calc) out->calc->value_out = &out->value;
        return;
    }
    if (!ld_get_number(ld, key, v, &out->value)) out->value = NAN; /* reported once, here */
}

static void persona_score(loader *ld, const jm_node *k, const jm_node *v, void *ctx)
{
    score_sink *sk = ctx;
    if (ld_comma_split(k, v, sk->prev)) { /* {ann: 2,5} */
        char lead[96];
        snprintf(lead, sizeof lead, "'%.20s' is not a persona of '%s'", k->s, sk->key);
        ld_decimal_comma(ld, k->pos, lead, sk->prev, k->s, false);
        sk->prev = NULL;
        return;
    }
    sk->prev = v->kind == JM_SCALAR && v->plain ? v->s : NULL;
    jm_score *s = &sk->items[sk->n++];
    s->persona = ld_to_str(k, k);
    score_value(ld, sk->key, v, s);
    if (s->calc) s->calc->persona = s->persona;
}

/* `emotion` or `target`: a number, or a mapping of persona id to number. */
static void scores(loader *ld, const char *key, const jm_node *v, jm_score **items, size_t *n, jm_pos *pos)
{
    *pos = v->pos;
    if (v->kind == JM_SEQ) {
        jm_error(ld->doc, v->pos, "'%s' must be a number or a mapping of persona id to number, not a list", key);
        return;
    }
    if (v->kind == JM_SCALAR || ld_is_calc(v)) {
        *items = jm_alloc(ld->a, sizeof **items);
        if (!*items) return;
        score_value(ld, key, v, &(*items)[0]);
        *n = 1;
        return;
    }
    score_sink sk = {key, jm_alloc(ld->a, (v->n / 2 + 1) * sizeof *sk.items), 0, NULL};
    if (!sk.items) return;
    ld_each_pair(ld, v, persona_score, &sk);
    *items = sk.items;
    *n = sk.n;
}

static void touchpoint_other(loader *ld, const char *key, const jm_node *k, const jm_node *v, void *obj)
{
    jm_touchpoint *t = obj;
    /* research (1.2) */
    if (strcmp(key, "source") == 0 || strcmp(key, "assumed") == 0) ld_touchpoint_research(ld, key, k, v, t);
    else if (strcmp(key, "thinking") == 0) {
        jm_cites *c = NULL;
        ld_cited_text(ld, key, k, v, &t->thinking, &c);
        if (c && ld_research(ld, t)) t->research->thinking = c;
    } else if (strcmp(key, "pains") == 0) {
        jm_cites *c = NULL;
        ld_cited_list(ld, key, k, v, &t->pains, &c);
        if (c && ld_research(ld, t)) t->research->pains = c;
    } else if (strcmp(key, "moment") == 0) ld_get_bool(ld, key, v, &t->moment);
    else if (strcmp(key, "metrics") == 0) ld_metrics(ld, v, &t->metrics, &t->n_metrics);
    else if (strcmp(key, "opportunities") == 0) ld_opportunities(ld, k, v, t);
    else if (strcmp(key, "optional") == 0) ld_get_bool(ld, key, v, &t->optional);
    else if (strcmp(key, "target") == 0) scores(ld, key, v, &t->targets, &t->n_targets, &t->target_pos);
    else if (ld_flowtime_key(ld, key, k, v, t) || ld_blueprint_key(ld, key, k, v, t)) return; /* 1.2 */
    else scores(ld, key, v, &t->scores, &t->n_scores, &t->emotion_pos);
    ld_calcs_of(t); /* computed values (1.2) know their touchpoint */
}

static const field touchpoint_fields[] = {
    {"name", T_TEXT, OFF(jm_touchpoint, name)},
    {"id", T_ID, OFF(jm_touchpoint, id)},
    {"channel", T_TEXT, OFF(jm_touchpoint, channel)},
    {"personas", T_LIST, OFF(jm_touchpoint, personas)},
    {"emotion", T_OTHER, 0},
    {"target", T_OTHER, 0},
    {"feeling", T_TEXT, OFF(jm_touchpoint, feeling)},
    {"doing", T_TEXT, OFF(jm_touchpoint, doing)},
    {"thinking", T_OTHER, 0},
    {"pains", T_OTHER, 0},
    {"opportunities", T_OTHER, 0},
    {"evidence", T_LIST, OFF(jm_touchpoint, evidence)},
    {"frontstage", T_OTHER, 0}, /* items may be {text, wait, duration, fail}: load/flowtime.c */
    {"backstage", T_OTHER, 0},
    {"support", T_OTHER, 0},
    {"owner", T_TEXT, OFF(jm_touchpoint, owner)},
    {"metrics", T_OTHER, 0},
    {"moment", T_OTHER, 0},
    /* 1.2: flow and time (load/flowtime.c) */
    {"reach", T_OTHER, 0},
    {"duration", T_OTHER, 0},
    {"wait", T_OTHER, 0},
    {"fail", T_OTHER, 0},
    {"detail", T_TEXT, OFF(jm_touchpoint, detail)},
    /* research (1.2) */
    {"source", T_OTHER, 0},
    {"assumed", T_OTHER, 0},
    /* paths (1.2): checked once every id is known (load/paths.c) */
    {"next", T_LIST, OFF(jm_touchpoint, next)},
    {"optional", T_OTHER, 0},
};
static const schema touchpoint_schema = {"touchpoint", touchpoint_fields,
                                         sizeof touchpoint_fields / sizeof *touchpoint_fields, "name",
                                         touchpoint_other, LD_NONE};

/* ---- stages ---- */

static void stage_other(loader *ld, const char *key, const jm_node *k, const jm_node *v, void *obj)
{
    jm_stage *st = obj;
    if (strcmp(key, "source") == 0) { /* research (1.2) */
        ld_cites(ld, k, v, &st->source);
        return;
    }
    if (strcmp(key, "metrics") == 0) {
        ld_metrics(ld, v, &st->metrics, &st->n_metrics);
        return;
    }
    /* touchpoints, counted against the limit as they are read */
    if (v->kind == JM_SCALAR && v->plain && v->len == 0) return;
    if (v->kind != JM_SEQ) {
        jm_error(ld->doc, v->pos, "'touchpoints' must be a list of touchpoints, not %s", ld_kind_word(v));
        return;
    }
    if (!ld_count(ld, LD_TOUCHPOINTS, v->n, v->pos)) return;
    st->touchpoints = jm_alloc(ld->a, (v->n ? v->n : 1) * sizeof *st->touchpoints);
    if (!st->touchpoints) return;
    for (size_t i = 0; i < v->n; i++) {
        if (ld->touchpoints >= JM_MAX_TOUCHPOINTS) {
            if (!ld->touchpoint_limit_reported)
                jm_error(ld->doc, v->kids[i]->pos, "more than %d touchpoints: split the journey into several maps",
                         JM_MAX_TOUCHPOINTS);
            ld->touchpoint_limit_reported = true;
            return;
        }
        ld->touchpoints++;
        jm_touchpoint *t = &st->touchpoints[st->n_touchpoints];
        memset(t, 0, sizeof *t); /* a touchpoint that is not a mapping leaves its slot to the next */
        t->pos = v->kids[i]->pos;
        /* one without a name is kept: its channel, personas and emotions are checked too */
        if (ld_walk_map(ld, &touchpoint_schema, v->kids[i], t) || v->kids[i]->kind == JM_MAP) st->n_touchpoints++;
    }
}

static const field stage_fields[] = {
    {"name", T_TEXT, OFF(jm_stage, name)},
    {"id", T_ID, OFF(jm_stage, id)},
    {"goal", T_TEXT, OFF(jm_stage, goal)},
    {"metrics", T_OTHER, 0},
    {"touchpoints", T_OTHER, 0},
    {"detail", T_TEXT, OFF(jm_stage, detail)},
    {"source", T_OTHER, 0}, /* research (1.2) */
};
static const schema stage_schema = {"stage", stage_fields, sizeof stage_fields / sizeof *stage_fields, "name",
                                    stage_other, LD_STAGES};

/* ---- theme ---- */

static void theme_other(loader *ld, const char *key, const jm_node *k, const jm_node *v, void *obj)
{
    (void)k;
    jm_theme_spec *t = obj;
    if (strcmp(key, "font-size") == 0) {
        double size;
        if (!ld_get_number(ld, "'font-size'", v, &size)) return;
        if (size < 4 || size > 72) {
            jm_error(ld->doc, v->pos, "'font-size' must be between 4 and 72 points, not %g", size);
            return;
        }
        t->font_size = size;
        t->font_size_pos = v->pos;
        return;
    }
    /* stage-colors */
    if (!ld_get_list(ld, key, k, v, &t->stage_colors)) return;
    jm_rgb rgb;
    for (size_t i = 0; i < t->stage_colors.n; i++) {
        const jm_str *c = &t->stage_colors.items[i];
        if (!jm_parse_color(c->s, c->len, &rgb)) {
            jm_error(ld->doc, c->pos, "invalid colour '%s' in 'stage-colors': use #rgb or #rrggbb", c->s);
            t->stage_colors.n = 0;
            return;
        }
    }
    if (t->stage_colors.n > 12) {
        jm_error(ld->doc, t->stage_colors.items[12].pos, "'stage-colors' takes at most 12 colours");
        t->stage_colors.n = 12;
    }
}

static const field theme_fields[] = {
    {"base", T_TEXT, OFF(jm_theme_spec, base)},
    {"font", T_TEXT, OFF(jm_theme_spec, font)},
    {"font-size", T_OTHER, 0},
    {"background", T_COLOR, OFF(jm_theme_spec, background)},
    {"text", T_COLOR, OFF(jm_theme_spec, text)},
    {"stage-colors", T_OTHER, 0},
    {"positive", T_COLOR, OFF(jm_theme_spec, positive)},
    {"neutral", T_COLOR, OFF(jm_theme_spec, neutral)},
    {"negative", T_COLOR, OFF(jm_theme_spec, negative)},
    {"pain", T_COLOR, OFF(jm_theme_spec, pain)},
    {"opportunity", T_COLOR, OFF(jm_theme_spec, opportunity)},
};
static const schema theme_schema = {"theme", theme_fields, sizeof theme_fields / sizeof *theme_fields, NULL,
                                    theme_other, LD_NONE};

/* ---- the journey ---- */

static void scale(loader *ld, const jm_node *v, jmap_journey *j)
{
    j->scale_pos = v->pos;
    if (v->kind != JM_SEQ || v->n != 2) {
        jm_error(ld->doc, v->pos, "'scale' must be a list of two numbers [low, high], such as [1, 5]");
        j->scale_invalid = true;
        return;
    }
    double lo, hi;
    bool ok_lo = ld_get_number(ld, "the low end of 'scale'", v->kids[0], &lo);
    bool ok_hi = ld_get_number(ld, "the high end of 'scale'", v->kids[1], &hi);
    j->scale_invalid = true;
    if (!ok_lo || !ok_hi) return;
    if (lo >= hi) {
        jm_error(ld->doc, v->pos, "invalid scale [%g, %g]: the low end must be less than the high end", lo, hi);
        return;
    }
    if (fabs(lo) > JM_MAX_SCALE || fabs(hi) > JM_MAX_SCALE) {
        jm_error(ld->doc, v->pos,
                 "invalid scale [%g, %g]: its ends must lie between -1e300 and 1e300, or its span high - low "
                 "cannot be computed",
                 lo, hi);
        return;
    }
    j->scale_invalid = false;
    j->scale_lo = lo;
    j->scale_hi = hi;
}

static void lanes(loader *ld, const jm_node *k, const jm_node *v, jmap_journey *j)
{
    jm_list list;
    memset(&list, 0, sizeof list);
    if (v->kind != JM_SEQ) {
        jm_error(ld->doc, v->pos, "'lanes' must be a list of lane names, such as [touchpoints, emotions, pains]");
        return;
    }
    if (!ld_get_list(ld, "lanes", k, v, &list)) return;
    j->lanes_given = true;
    j->lanes_pos = v->pos;
    bool used[JM_LANE_COUNT] = {false};
    for (size_t i = 0; i < list.n; i++) {
        const jm_str *s = &list.items[i];
        int lane = -1;
        for (int l = 0; l < JM_LANE_COUNT; l++)
            if (strcmp(s->s, jm_lane_names[l]) == 0) lane = l;
        if (lane < 0) {
            const char *near = jm_suggest(s->s, s->len, jm_lane_names, JM_LANE_COUNT);
            if (near) jm_error(ld->doc, s->pos, "unknown lane '%s' (did you mean '%s'?)", s->s, near);
            else {
                char names[256];
                jm_words_join(names, sizeof names, jm_lane_names, JM_LANE_COUNT, "and");
                jm_error(ld->doc, s->pos, "unknown lane '%s': the lanes are %s", s->s, names);
            }
            continue;
        }
        if (used[lane]) {
            jm_error(ld->doc, s->pos, "lane '%s' is listed twice", s->s);
            continue;
        }
        used[lane] = true;
        j->lanes[j->n_lanes++] = (jm_lane)lane;
    }
}

static void journey_other(loader *ld, const char *key, const jm_node *k, const jm_node *v, void *obj)
{
    jmap_journey *j = obj;
    if (ld->shared_only && !jm_include_takes(key)) return; /* an included file's other keys are not read */
    if (strcmp(key, "title") == 0) {
        ld->title_seen = true;
        ld_get_text(ld, key, k, v, &j->title);
    } else if (strcmp(key, "jmap") == 0) {
        double version;
        if (v->kind == JM_SCALAR && jm_parse_number(v->s, v->len, &version) && version == 1) return;
        jm_error(ld->doc, v->pos, "unsupported format version '%s': this jmap reads version 1",
                 v->kind == JM_SCALAR ? v->s : ld_kind_word(v));
    } else if (strcmp(key, "scale") == 0) {
        scale(ld, v, j);
    } else if (strcmp(key, "direction") == 0) {
        jm_str s;
        if (!ld_get_text(ld, key, k, v, &s)) return;
        j->direction_pos = v->pos;
        if (strcmp(s.s, "ltr") == 0) j->direction_given = JM_DIR_LTR;
        else if (strcmp(s.s, "rtl") == 0) j->direction_given = JM_DIR_RTL;
        else if (strcmp(s.s, "auto") == 0) j->direction_given = JM_DIR_AUTO;
        else jm_error(ld->doc, v->pos, "invalid direction '%s': use ltr, rtl or auto", s.s);
    } else if (strcmp(key, "state") == 0) {
        if (!ld_get_text(ld, key, k, v, &j->state)) return;
        if (strcmp(j->state.s, "future") == 0) j->future = true;
        else if (strcmp(j->state.s, "current") != 0) {
            const char *const states[] = {"current", "future"};
            const char *near = jm_suggest(j->state.s, j->state.len, states, 2);
            if (near) jm_error(ld->doc, v->pos, "invalid state '%s' (did you mean '%s'?)", j->state.s, near);
            else jm_error(ld->doc, v->pos, "invalid state '%s': use current or future", j->state.s);
        }
    } else if (strcmp(key, "personas") == 0) {
        if (v->kind == JM_SEQ && v->n > JM_MAX_PERSONAS) {
            jm_error(ld->doc, v->kids[JM_MAX_PERSONAS]->pos, "more than %d personas: a map draws a curve for each, "
                     "so split them across maps", JM_MAX_PERSONAS);
            j->personas_incomplete = true;
            return;
        }
        bool complete;
        j->personas = ld_walk_list(ld, &persona_schema, key, v, sizeof(jm_persona), &j->n_personas, &complete);
        j->personas_incomplete = !complete;
    } else if (strcmp(key, "channels") == 0) {
        bool complete;
        j->channels = ld_walk_list(ld, &channel_schema, key, v, sizeof(jm_channel), &j->n_declared_channels, &complete);
        j->channels_incomplete = !complete;
    } else if (strcmp(key, "stages") == 0) {
        ld->stages_seen = true;
        bool complete;
        j->stages = ld_walk_list(ld, &stage_schema, key, v, sizeof(jm_stage), &j->n_stages, &complete);
        if ((v->kind == JM_SEQ && v->n == 0) || (v->kind == JM_SCALAR && v->plain && v->len == 0))
            jm_error(ld->doc, v->pos, "'stages' must list at least one stage");
    } else if (strcmp(key, "sources") == 0) { /* research (1.2) */
        ld_sources(ld, v, j);
    } else if (strcmp(key, "lanes") == 0) {
        lanes(ld, k, v, j);
    } else if (strcmp(key, "lang") == 0) {
        jm_load_lang(ld->doc, k, v, j);
    } else if (strcmp(key, "labels") == 0) {
        jm_load_labels(ld->doc, k, v, j);
    } else if (strcmp(key, "theme") == 0) {
        j->theme_spec.pos = v->pos;
        if (v->kind == JM_SCALAR) j->theme_spec.base = ld_to_str(k, v);
        else if (v->kind == JM_MAP) ld_walk_map(ld, &theme_schema, v, &j->theme_spec);
        else jm_error(ld->doc, v->pos, "'theme' must be a theme name or a mapping, not a list");
    }
}

static const field journey_fields[] = {
    {"jmap", T_OTHER, 0},
    {"title", T_OTHER, 0},
    {"description", T_TEXT, OFF(jmap_journey, description)},
    {"lang", T_OTHER, 0},
    {"labels", T_OTHER, 0},
    {"scale", T_OTHER, 0},
    {"direction", T_OTHER, 0},
    {"state", T_OTHER, 0},
    {"personas", T_OTHER, 0},
    {"channels", T_OTHER, 0},
    {"stages", T_OTHER, 0},
    {"lanes", T_OTHER, 0},
    {"theme", T_OTHER, 0},
    {"include", T_LIST, OFF(jmap_journey, include)},
    {"sources", T_OTHER, 0}, /* research (1.2) */
};
static const schema journey_schema = {"journey", journey_fields, sizeof journey_fields / sizeof *journey_fields,
                                      NULL, journey_other, LD_NONE};

static jmap_journey *load_journey(loader *ld, const jm_node *root, int index)
{
    /* a document that is no mapping costs no journey */
    if (root->kind == JM_SCALAR && root->plain && root->len == 0) {
        jm_error(ld->doc, root->pos, "this document is empty: a journey needs at least title: and stages:");
        return NULL;
    }
    if (root->kind != JM_MAP) {
        jm_error(ld->doc, root->pos, "the top level of a journey must be a mapping (keys such as title: and stages:), "
                 "not %s", ld_kind_word(root));
        return NULL;
    }
    jmap_journey *j = jm_alloc(ld->a, sizeof *j);
    if (!j) return NULL;
    j->doc_index = index;
    j->scale_lo = 1;
    j->scale_hi = 5;
    ld->j = j;
    ld->touchpoints = 0;
    ld->touchpoint_limit_reported = false;
    ld->stages_seen = ld->title_seen = false;
    ld_walk_map(ld, &journey_schema, root, j);
    if (!ld->title_seen && !ld_misspelt_as(&journey_schema, root, "title"))
        jm_error(ld->doc, root->pos, "missing required key 'title' in journey");
    if (!ld->stages_seen && !ld_misspelt_as(&journey_schema, root, "stages"))
        jm_error(ld->doc, root->pos, "missing required key 'stages' in journey");
    j->n_touchpoints = ld->touchpoints;
    return j;
}

/* The documents of the input, their nodes in *tree (the caller frees it);
 * NULL with `empty` reported when there is none and nothing else was. */
static jm_node **parse_roots(jmap_doc *doc, jm_arena *tree, size_t *n_roots, const char *empty)
{
    jm_arena_init(tree, jm_doc_mem(doc));
    jm_node **roots = jm_yaml_parse(doc, tree, n_roots);
    if (!roots) {
        jm_arena_free(tree);
        if (doc->n_errors == 0) jm_error(doc, (jm_pos){1, 1}, "%s", empty);
    }
    return roots;
}

void jm_load(jmap_doc *doc)
{
    loader ld = {.doc = doc, .a = &doc->arena};
    size_t n_roots = 0;
    /* the YAML tree is read once, into the journeys: its nodes go as soon as
     * they are (the journeys keep only the text, in the doc's arena) */
    jm_arena tree;
    jm_node **roots =
        parse_roots(doc, &tree, &n_roots, "the file holds no journey: it needs at least title: and stages:");
    if (!roots) return;
    doc->journeys = jm_alloc(&doc->arena, n_roots * sizeof *doc->journeys);
    for (size_t i = 0; i < n_roots && doc->journeys; i++) {
        jmap_journey *j = load_journey(&ld, roots[i], (int)i);
        if (j) doc->journeys[doc->n_journeys++] = j;
    }
    jm_arena_free(&tree);
}

void jm_load_shared(jmap_doc *doc)
{
    loader ld = {.doc = doc, .a = &doc->arena, .shared_only = true};
    size_t n_roots = 0;
    jm_arena tree;
    jm_arena_init(&tree, jm_doc_mem(doc));
    jm_node **roots = jm_yaml_parse(doc, &tree, &n_roots);
    jmap_journey *j = jm_alloc(&doc->arena, sizeof *j);
    if (roots && j) {
        ld.j = j;
        if (n_roots > 1)
            jm_error(doc, roots[1]->pos, "an included file holds one document: its personas, channels, sources, "
                     "labels, theme and lang");
        if (roots[0]->kind == JM_MAP) ld_walk_map(&ld, &journey_schema, roots[0], j);
        else if (!(roots[0]->kind == JM_SCALAR && roots[0]->plain && roots[0]->len == 0))
            jm_error(doc, roots[0]->pos, "the top level of an included file must be a mapping (keys such as "
                     "personas:), not %s", ld_kind_word(roots[0]));
    }
    doc->shared = j;
    jm_arena_free(&tree);
}

void jm_load_theme_spec(jmap_doc *doc, jm_theme_spec *spec)
{
    loader ld = {.doc = doc, .a = &doc->arena};
    size_t n_roots = 0;
    jm_arena tree;
    jm_node **roots = parse_roots(doc, &tree, &n_roots, "the theme file is empty: it needs a mapping such as base: dark");
    if (!roots) return;
    if (n_roots > 1) jm_error(doc, roots[1]->pos, "a theme file holds one theme, not several documents");
    if (roots[0]->kind == JM_SCALAR) spec->base = ld_to_str(NULL, roots[0]);
    else ld_walk_map(&ld, &theme_schema, roots[0], spec);
    jm_arena_free(&tree);
}
