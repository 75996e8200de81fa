#include "load/resolve.h"

#include "load/flowtime_check.h"

#include <math.h>
#include <stdio.h>
#include <stdint.h>
#include <string.h>

#include "model/bounds.h"
#include "base/scalar.h"
#include "base/strmap.h"

#include "load/load.h"
#include "load/research.h"
#include "load/paths.h"
#include "base/suggest.h"
#include "model/theme.h"
#include "base/utf8.h"

/* Colours for personas that name none: distinct, and dark enough for a curve on white. */
/* Twelve colours, as many as the personas' mark shapes (layout/marks.c):
 * the first six as before, then six more apart from them in hue. */
static const char *const persona_palette[] = {"#2563eb", "#db2777", "#0d9488", "#9333ea", "#ca8a04", "#475569",
                                              "#dc2626", "#0891b2", "#65a30d", "#c026d3", "#ea580c", "#1e3a8a"};

char *jm_id_from_name(jm_arena *a, const char *name, size_t len)
{
    char *out = jm_alloc(a, len + 1);
    if (!out) return NULL;
    size_t o = 0;
    bool dash = false;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)name[i];
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z')) {
            if (dash && o > 0) out[o++] = '-';
            dash = false;
            out[o++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
        } else {
            dash = true;
        }
    }
    out[o] = '\0';
    return o ? out : NULL;
}

/* ---- ids ---- */

typedef struct id_owner {
    jm_str *id;
    const jm_str *name;         /* where a made id came from */
} id_owner;

static void make_id(jmap_doc *doc, jm_str *id, const jm_str *name, const char *kind, size_t n)
{
    if (id->s) return;
    char *made = name->s ? jm_id_from_name(&doc->arena, name->s, name->len) : NULL;
    if (!made) made = jm_sprintf(&doc->arena, "%s-%zu", kind, n);
    if (!made) return;
    id->s = made;
    id->len = strlen(made);
    id->pos = name->pos;
    id->key = name->key;
}

/* True when an item's id cannot be known: the one written is invalid (and
 * reported), or it has neither id nor name (a missing name is reported).
 * No id is made for it then, so nothing is reported about a made-up one. */
static bool id_unknown(const jm_str *id, const jm_str *name)
{
    return !id->s && (id->key.line || !name->s);
}

/* The doc a record's positions belong to: an included file's, or doc. */
static jmap_doc *doc_of(jmap_doc *doc, const jm_origin *from) { return from && from->doc ? from->doc : doc; }

/* One id given twice: in one file, there; from two files (an include), at
 * the later one's place in the journey's own file, naming both. */
void jm_duplicate_id(jmap_doc *doc, const char *kind, const jm_str *a, const jm_origin *fa, const jm_str *b,
                     const jm_origin *fb)
{
    jmap_doc *da = doc_of(doc, fa), *db = doc_of(doc, fb);
    if (da == db) {
        jm_error(db, b->pos, "duplicate %s id '%s' (first used at line %d)", kind, b->s, a->pos.line);
        return;
    }
    jm_error(doc, fb && fb->doc ? fb->via : b->pos, "duplicate %s id '%s': at %s:%d:%d and at %s:%d:%d", kind, b->s,
             da->file, a->pos.line, a->pos.col, db->file, b->pos.line, b->pos.col);
}

/* Reports repeated ids; fills index (id -> position + 1) when given. from:
 * where each came from (NULL: all from doc). */
static void unique_ids(jmap_doc *doc, const char *kind, jm_str *const *ids, const jm_origin *const *from, size_t n,
                       jm_strmap *index)
{
    jm_strmap local;
    jm_strmap_init(&local, jm_doc_mem(doc));
    jm_strmap *m = index ? index : &local;
    for (size_t i = 0; i < n; i++) {
        if (!ids[i]->s) continue;
        size_t prev = (size_t)(uintptr_t)jm_strmap_get(m, ids[i]->s, ids[i]->len);
        if (prev)
            jm_duplicate_id(doc, kind, ids[prev - 1], from ? from[prev - 1] : NULL, ids[i], from ? from[i] : NULL);
        else
            jm_strmap_put(m, ids[i]->s, ids[i]->len, (void *)(uintptr_t)(i + 1));
    }
    jm_strmap_release(&local);
}

static void personas(jmap_doc *doc, jmap_journey *j, jm_strmap *index)
{
    jm_str **ids = jm_alloc(&doc->arena, (j->n_personas + 1) * sizeof *ids);
    const jm_origin **from = jm_alloc(&doc->arena, (j->n_personas + 1) * sizeof *from);
    if (!ids || !from) return;
    for (size_t i = 0; i < j->n_personas; i++) {
        jm_persona *p = &j->personas[i];
        if (id_unknown(&p->id, &p->name)) j->personas_incomplete = true;
        else make_id(doc, &p->id, &p->name, "persona", i + 1);
        ids[i] = &p->id;
        from[i] = &p->from;
        if (!p->color.s || !jm_parse_color(p->color.s, p->color.len, &p->rgb)) {
            const char *c = persona_palette[i % (sizeof persona_palette / sizeof *persona_palette)];
            jm_parse_color(c, strlen(c), &p->rgb);
        }
    }
    unique_ids(doc, "persona", ids, from, j->n_personas, index);
}

/* A persona colour of the file that keeps less than 3:1 against a ground of
 * the map's theme is drawn darker or lighter (jm_theme_mark): say so. */
static void persona_contrast(jmap_doc *doc, const jmap_journey *j)
{
    for (size_t i = 0; i < j->n_personas; i++) {
        const jm_persona *p = &j->personas[i];
        if (!p->color.s) continue;
        jm_rgb drawn = jm_theme_mark(&j->theme, p->rgb);
        if (jm_rgb_same(drawn, p->rgb)) continue;
        jm_warn(doc_of(doc, &p->from), p->color.pos,
                "the colour '%s' of persona '%s' has %.1f:1 contrast in the theme '%s', below the 3:1 a mark "
                "needs: drawn as #%02lx%02lx%02lx",
                p->color.s, p->name.s ? p->name.s : p->id.s, jm_theme_mark_contrast(&j->theme, p->rgb),
                j->theme.name ? j->theme.name : "of the map", lround(drawn.r * 255), lround(drawn.g * 255),
                lround(drawn.b * 255));
    }
}

static void channels(jmap_doc *doc, jmap_journey *j, jm_strmap *index)
{
    jm_channel *all = jm_alloc(&doc->arena, (j->n_declared_channels + JM_CH_BUILTIN_COUNT) * sizeof *all);
    jm_str **ids = jm_alloc(&doc->arena, (j->n_declared_channels + 1) * sizeof *ids);
    const jm_origin **from = jm_alloc(&doc->arena, (j->n_declared_channels + 1) * sizeof *from);
    if (!all || !ids || !from) return;
    size_t n = 0;
    for (size_t i = 0; i < j->n_declared_channels; i++) {
        jm_channel *c = &all[n];
        *c = j->channels[i];
        if (!c->id.s) { /* reported by the loader */
            j->channels_incomplete = true;
            continue;
        }
        if (!c->icon.s) {
            c->icon_id = JM_CH_OTHER;
            for (int b = 0; b < JM_CH_BUILTIN_COUNT; b++)
                if (strcmp(c->id.s, jm_builtin_channel_ids[b]) == 0) c->icon_id = b;
        }
        if (!c->name.s) c->name = c->id;
        ids[n] = &c->id;
        from[n] = &c->from;
        n++;
    }
    j->n_declared_channels = n;
    unique_ids(doc, "channel", ids, from, n, index);
    /* the built-ins, but for those a declared channel replaces */
    for (int b = 0; b < JM_CH_BUILTIN_COUNT; b++) {
        const char *id = jm_builtin_channel_ids[b];
        if (jm_strmap_get(index, id, strlen(id))) continue;
        jm_channel *c = &all[n++];
        c->id.s = id;
        c->id.len = strlen(id);
        c->name.s = jm_journey_word(j, (jm_word)(JM_W_FIRST_CHANNEL + b));
        c->name.len = strlen(c->name.s);
        c->icon_id = b;
        c->physical = jm_builtin_channel_physical[b];
        jm_strmap_put(index, c->id.s, c->id.len, (void *)(uintptr_t)n);
    }
    j->channels = all;
    j->n_channels = n;
}

/* ---- references ---- */

/* What resolving one journey needs at hand: id -> index + 1 maps. */
typedef struct resolver {
    jmap_doc *doc;
    jmap_journey *j;
    jm_strmap personas, channels;
    const char **persona_ids, **channel_ids;   /* suggestion candidates */
    size_t n_persona_ids, n_channel_ids;
    bool people;                /* touchpoints get their personas and scores (the file's points allow) */
} resolver;

static int find(const jm_strmap *m, const jm_str *id)
{
    return (int)(uintptr_t)jm_strmap_get(m, id->s, id->len) - 1;
}

static void unknown_ref(jmap_doc *doc, const jm_str *ref, const char *kind, const char *const *cands, size_t n,
                        const char *hint)
{
    jm_error_near(doc, ref->pos, &(jm_near){ref->s, ref->len, cands, n}, hint, "unknown %s '%s'", kind, ref->s);
}

static const char **candidates(jmap_doc *doc, size_t n, size_t *count, const char *(*get)(const jmap_journey *, size_t),
                               const jmap_journey *j)
{
    if (n > JM_SUGGEST_CANDIDATES) n = JM_SUGGEST_CANDIDATES;
    const char **c = jm_alloc(&doc->arena, (n + 1) * sizeof *c);
    if (c)
        for (size_t i = 0; i < n; i++) c[i] = get(j, i);
    *count = c ? n : 0;
    return c;
}

static const char *persona_id_at(const jmap_journey *j, size_t i) { return j->personas[i].id.s; }
static const char *channel_id_at(const jmap_journey *j, size_t i) { return j->channels[i].id.s; }

static void touchpoint_channel(resolver *rs, jm_touchpoint *t)
{
    t->channel_ix = -1;
    if (!t->channel.s || t->channel.len == 0) return;
    t->channel_ix = find(&rs->channels, &t->channel);
    if (t->channel_ix >= 0 || rs->j->channels_incomplete) return;
    /* a few of the built-in ones as examples: web, mobile, email, phone or chat */
    char some[128], hint[192];
    jm_words_join(some, sizeof some, jm_builtin_channel_ids, 5, "or");
    snprintf(hint, sizeof hint, ": declare it under 'channels', or use a built-in one such as %s", some);
    unknown_ref(rs->doc, &t->channel, "channel", rs->channel_ids, rs->n_channel_ids, hint);
}

static bool in_scale(jmap_doc *doc, const jmap_journey *j, const char *what, const jm_score *s)
{
    if (isnan(s->value)) return false; /* not a number: reported by the loader */
    if (j->scale_invalid) return true;  /* a bad scale is reported; nothing to check against */
    if (s->value >= j->scale_lo && s->value <= j->scale_hi) return true;
    jm_error(doc, s->pos, "%s %g is outside the scale [%g, %g]", what, s->value, j->scale_lo, j->scale_hi);
    return false;
}

/* `emotion` or `target` (what) as written -> out[persona], NaN where none. */
static void touchpoint_scores(resolver *rs, jm_touchpoint *t, const char *what, const jm_score *scores, size_t n,
                              jm_pos pos, double **outp)
{
    jmap_doc *doc = rs->doc;
    jmap_journey *j = rs->j;
    size_t np = j->n_personas;
    double *out = jm_alloc(&doc->arena, (np ? np : 1) * sizeof(double));
    *outp = out;
    if (!out) return;
    for (size_t i = 0; i < (np ? np : 1); i++) out[i] = NAN;
    bool sure = !j->personas_incomplete; /* else an unknown persona may be one that failed to load */
    if (np == 0) {
        if (n == 1 && !scores[0].persona.s) {
            if (in_scale(doc, j, what, &scores[0])) out[0] = scores[0].value;
        } else if (n && sure) {
            jm_error(doc, pos, "%s is given per persona, but the map declares no personas", what);
        } else {
            for (size_t i = 0; i < n; i++) in_scale(doc, j, what, &scores[i]); /* whoever they were for */
        }
        return;
    }
    if (!t->has_persona) return;
    for (size_t i = 0; i < n; i++) {
        const jm_score *s = &scores[i];
        if (!s->persona.s) {
            if (!in_scale(doc, j, what, s)) continue;
            for (size_t p = 0; p < np; p++)
                if (t->has_persona[p]) out[p] = s->value;
            continue;
        }
        int p = find(&rs->personas, &s->persona);
        if (p < 0) {
            if (sure) unknown_ref(doc, &s->persona, "persona", rs->persona_ids, rs->n_persona_ids, "");
            else in_scale(doc, j, what, s); /* perhaps a persona that failed to load: its score is checked still */
            continue;
        }
        if (!t->has_persona[p]) {
            jm_error(doc, s->persona.pos, "persona '%s' is not among this touchpoint's personas", s->persona.s);
            continue;
        }
        if (in_scale(doc, j, what, s)) out[p] = s->value;
    }
}

static void touchpoint_people(resolver *rs, jm_touchpoint *t)
{
    jmap_doc *doc = rs->doc;
    jmap_journey *j = rs->j;
    size_t np = j->n_personas;
    bool sure = !j->personas_incomplete;
    if (np == 0) {
        if (t->personas.n && sure)
            jm_error(doc, t->personas.items[0].pos, "unknown persona '%s': the map declares no personas",
                     t->personas.items[0].s);
    } else {
        t->has_persona = jm_alloc(&doc->arena, np * sizeof(bool));
        if (t->has_persona) {
            if (t->personas.n == 0)
                for (size_t i = 0; i < np; i++) t->has_persona[i] = true;
            for (size_t i = 0; i < t->personas.n; i++) {
                const jm_str *ref = &t->personas.items[i];
                int p = find(&rs->personas, ref);
                if (p >= 0) t->has_persona[p] = true;
                else if (sure) unknown_ref(doc, ref, "persona", rs->persona_ids, rs->n_persona_ids, "");
            }
        }
    }
    touchpoint_scores(rs, t, "emotion", t->scores, t->n_scores, t->emotion_pos, &t->emotion);
    touchpoint_scores(rs, t, "target", t->targets, t->n_targets, t->target_pos, &t->target);
}

/* Touchpoint ids, unique within the journey: those written are reported when
 * repeated; one is made from the name of each touchpoint without one
 * (touchpoint-N, N its number in the journey, when the name gives nothing),
 * with -2, -3... appended while it is taken, since names repeat in real
 * journeys. Ids written come first: a made one never takes theirs. */
static void touchpoint_ids(resolver *rs)
{
    jmap_journey *j = rs->j;
    jmap_doc *doc = rs->doc;
    jm_strmap taken;
    jm_strmap_init(&taken, jm_doc_mem(doc));
    for (size_t s = 0; s < j->n_stages; s++)
        for (size_t t = 0; t < j->stages[s].n_touchpoints; t++) {
            jm_str *id = &j->stages[s].touchpoints[t].id;
            if (!id->s) continue;
            const jm_str *prev = jm_strmap_get(&taken, id->s, id->len);
            if (prev) jm_error(doc, id->pos, "duplicate touchpoint id '%s' (first used at line %d)", id->s,
                               prev->pos.line);
            else jm_strmap_put(&taken, id->s, id->len, id);
        }
    jm_strmap next; /* base -> the last suffix used */
    jm_strmap_init(&next, jm_doc_mem(doc));
    size_t n = 0;
    for (size_t s = 0; s < j->n_stages; s++)
        for (size_t t = 0; t < j->stages[s].n_touchpoints; t++) {
            jm_touchpoint *tp = &j->stages[s].touchpoints[t];
            n++;
            if (tp->id.s || id_unknown(&tp->id, &tp->name)) continue;
            char *base = jm_id_from_name(&doc->arena, tp->name.s, tp->name.len);
            if (!base) base = jm_sprintf(&doc->arena, "touchpoint-%zu", n);
            if (!base) continue; /* out of memory: reported by the arena */
            /* the next suffix to try for this base, so that a thousand
             * touchpoints of one name cost a thousand tries, not a million */
            size_t k = (size_t)(uintptr_t)jm_strmap_get(&next, base, strlen(base));
            char *made = k ? NULL : base;
            if (!k) k = 1;
            while (!made || jm_strmap_get(&taken, made, strlen(made))) {
                made = jm_sprintf(&doc->arena, "%s-%zu", base, ++k);
                if (!made) break;
            }
            if (!made) continue;
            jm_strmap_put(&next, base, strlen(base), (void *)(uintptr_t)k);
            tp->id = (jm_str){.s = made, .len = strlen(made), .pos = tp->name.pos, .key = tp->name.key};
            jm_strmap_put(&taken, tp->id.s, tp->id.len, &tp->id);
        }
    jm_strmap_release(&taken);
    jm_strmap_release(&next);
}

static void stages(resolver *rs)
{
    jmap_journey *j = rs->j;
    jm_str **ids = jm_alloc(&rs->doc->arena, (j->n_stages + 1) * sizeof *ids);
    if (!ids) return;
    for (size_t s = 0; s < j->n_stages; s++) {
        jm_stage *st = &j->stages[s];
        if (!id_unknown(&st->id, &st->name)) make_id(rs->doc, &st->id, &st->name, "stage", s + 1);
        ids[s] = &st->id;
        for (size_t t = 0; t < st->n_touchpoints; t++) {
            touchpoint_channel(rs, &st->touchpoints[t]);
            if (rs->people) touchpoint_people(rs, &st->touchpoints[t]);
        }
    }
    unique_ids(rs->doc, "stage", ids, NULL, j->n_stages, NULL);
    touchpoint_ids(rs);
    jm_resolve_paths(rs->doc, j);
}

/* ---- lanes, direction, theme ---- */

static void default_lanes(jmap_doc *doc, jmap_journey *j)
{
    bool has[JM_LANE_COUNT] = {false};
    jm_flowtime_resolve(doc, j, has); /* 1.2: the flow and time lanes; reach that grows */
    if (j->lanes_given) return;
    for (size_t s = 0; s < j->n_stages; s++) {
        const jm_stage *st = &j->stages[s];
        if (st->n_metrics) has[JM_LANE_METRICS] = true;
        for (size_t i = 0; i < st->n_touchpoints; i++) {
            const jm_touchpoint *t = &st->touchpoints[i];
            has[JM_LANE_TOUCHPOINTS] = true;
            if (t->doing.s && t->doing.len) has[JM_LANE_DOING] = true;
            if (t->thinking.s && t->thinking.len) has[JM_LANE_THINKING] = true;
            if (t->n_scores || t->n_targets || (t->feeling.s && t->feeling.len)) has[JM_LANE_EMOTIONS] = true;
            if (t->pains.n) has[JM_LANE_PAINS] = true;
            if (t->opportunities.n) has[JM_LANE_OPPORTUNITIES] = true;
            if (t->evidence.n) has[JM_LANE_EVIDENCE] = true;
            if (t->frontstage.n) has[JM_LANE_FRONTSTAGE] = true;
            if (t->backstage.n) has[JM_LANE_BACKSTAGE] = true;
            if (t->support.n) has[JM_LANE_SUPPORT] = true;
            if (t->owner.s && t->owner.len) has[JM_LANE_OWNER] = true;
            if (t->next.n || t->optional) has[JM_LANE_PATHS] = true;
            if (t->n_metrics) has[JM_LANE_METRICS] = true;
            for (size_t o = 0; o < t->opportunities.n && t->opportunity; o++)
                if (t->opportunity[o].priority) has[JM_LANE_ACTIONS] = true;
        }
    }
    if (j->n_sources) has[JM_LANE_SOURCES] = true; /* research (1.2) */
    j->n_lanes = 0;
    for (int l = 0; l < JM_LANE_COUNT; l++)
        if (has[l]) j->lanes[j->n_lanes++] = (jm_lane)l;
}

static void set_color(const jm_str *s, jm_rgb *out)
{
    if (s->s) jm_parse_color(s->s, s->len, out);
}

bool jm_theme_from_spec(jmap_doc *doc, const jm_theme_spec *spec, jm_theme *t)
{
    const char *base = spec->base.s ? spec->base.s : "default";
    if (!jm_theme_builtin(base, t)) {
        if (doc) {
            const char *near = jm_suggest(spec->base.s, spec->base.len, jm_theme_names, JM_THEME_COUNT);
            if (near) jm_error(doc, spec->base.pos, "unknown theme '%s' (did you mean '%s'?)", base, near);
            else {
                char names[128];
                jm_words_join(names, sizeof names, jm_theme_names, JM_THEME_COUNT, "or");
                jm_error(doc, spec->base.pos, "unknown theme '%s': use %s", base, names);
            }
        }
        jm_theme_builtin("default", t);
        return false;
    }
    if (spec->font.s && spec->font.len) t->font = spec->font.s;
    if (spec->font_size > 0) t->font_size = spec->font_size;
    set_color(&spec->background, &t->background);
    set_color(&spec->text, &t->text);
    set_color(&spec->positive, &t->positive);
    set_color(&spec->neutral, &t->neutral);
    set_color(&spec->negative, &t->negative);
    set_color(&spec->pain, &t->pain);
    set_color(&spec->opportunity, &t->opportunity);
    if (spec->background.s || spec->text.s) {
        /* keep the derived tones in step with a new background or text colour */
        t->muted = jm_mix(t->text, t->background, 0.3);
        t->surface = jm_mix(t->background, t->text, 0.04);
        t->line = jm_mix(t->background, t->text, 0.18);
    }
    if (spec->stage_colors.n) {
        t->n_stage_colors = 0;
        for (size_t i = 0; i < spec->stage_colors.n && i < 12; i++)
            set_color(&spec->stage_colors.items[i], &t->stage_colors[t->n_stage_colors++]);
    }
    return true;
}

/* Each touchpoint holds a score and a target for each persona: the file's
 * journeys together hold at most JM_MAX_FILE_POINTS, or a file of a few
 * hundred KB (100 personas, thousands of `{}`) would take gigabytes. False
 * (reported once a file) when this journey's would go past. */
static bool file_points(jmap_doc *doc, const jmap_journey *j)
{
    size_t points = j->n_touchpoints * (j->n_personas ? j->n_personas : 1);
    if (points <= JM_MAX_FILE_POINTS - doc->points) {
        doc->points += points;
        return true;
    }
    if (!doc->points_reported)
        jm_error(doc, j->title.s ? j->title.pos : j->title.key,
                 "the journeys of this file have more than %d emotion points together (one a touchpoint for each "
                 "persona): split it into several files", JM_MAX_FILE_POINTS);
    doc->points_reported = true;
    doc->points = JM_MAX_FILE_POINTS;
    return false;
}

void jm_resolve(jmap_doc *doc, jmap_journey *j)
{
    resolver rs = {.doc = doc, .j = j};
    jm_strmap_init(&rs.personas, jm_doc_mem(doc));
    jm_strmap_init(&rs.channels, jm_doc_mem(doc));
    personas(doc, j, &rs.personas);
    channels(doc, j, &rs.channels);
    rs.persona_ids = candidates(doc, j->n_personas, &rs.n_persona_ids, persona_id_at, j);
    rs.channel_ids = candidates(doc, j->n_channels, &rs.n_channel_ids, channel_id_at, j);
    rs.people = file_points(doc, j);
    stages(&rs);
    jm_resolve_research(doc, j);
    jm_strmap_release(&rs.personas);
    jm_strmap_release(&rs.channels);
    default_lanes(doc, j);
    jm_theme_from_spec(doc_of(doc, &j->theme_spec.from), &j->theme_spec, &j->theme);
    persona_contrast(doc, j);
    if (j->direction_given == JM_DIR_AUTO && j->lang.s)
        j->rtl = jm_lang_rtl(j->lang.s, j->lang.len);
    else if (j->direction_given == JM_DIR_AUTO)
        j->rtl = j->title.s && jm_first_strong(j->title.s, j->title.len) == JM_STRONG_RTL;
    else
        j->rtl = j->direction_given == JM_DIR_RTL;
    char msg[256];
    if (jm_draw_size_message(j, msg, sizeof msg))
        jm_error(doc, j->title.s ? j->title.pos : (j->n_stages ? j->stages[0].pos : j->title.key), "%s", msg);
}
