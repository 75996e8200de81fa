#include "load.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "strmap.h"
#include "suggest.h"
#include "utf8.h"
#include "yamltree.h"

typedef struct loader {
    jmap_doc *doc;
    jm_arena *a;
    jmap_journey *j;
    size_t touchpoints;
    bool touchpoint_limit_reported;
    bool stages_seen, title_seen;
} loader;

/* ---- values ---- */

bool jm_parse_number(const char *s, size_t len, double *out)
{
    size_t i = 0;
    if (i < len && (s[i] == '+' || s[i] == '-')) i++;
    size_t digits = 0;
    while (i < len && isdigit((unsigned char)s[i])) { i++; digits++; }
    if (i < len && s[i] == '.') {
        i++;
        while (i < len && isdigit((unsigned char)s[i])) { i++; digits++; }
    }
    if (!digits) return false;
    if (i < len && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        if (i < len && (s[i] == '+' || s[i] == '-')) i++;
        size_t exp = 0;
        while (i < len && isdigit((unsigned char)s[i])) { i++; exp++; }
        if (!exp) return false;
    }
    if (i != len || len > 64) return false;
    char buf[72];
    memcpy(buf, s, len);
    buf[len] = '\0';
    double v = strtod(buf, NULL);
    if (!isfinite(v)) return false;
    *out = v;
    return true;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    c = (char)tolower((unsigned char)c);
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

bool jm_parse_color(const char *s, size_t len, jm_rgb *out)
{
    if ((len != 4 && len != 7) || s[0] != '#') return false;
    int v[6];
    for (size_t i = 1; i < len; i++)
        if ((v[i - 1] = hexval(s[i])) < 0) return false;
    if (len == 4) {
        out->r = (float)(v[0] * 17) / 255.0f;
        out->g = (float)(v[1] * 17) / 255.0f;
        out->b = (float)(v[2] * 17) / 255.0f;
    } else {
        out->r = (float)(v[0] * 16 + v[1]) / 255.0f;
        out->g = (float)(v[2] * 16 + v[3]) / 255.0f;
        out->b = (float)(v[4] * 16 + v[5]) / 255.0f;
    }
    return true;
}

bool jm_valid_id(const char *s, size_t len)
{
    if (len == 0) return false;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (i > 0 && (c == '-' || c == '_'));
        if (!ok) return false;
    }
    return true;
}

static const char *kind_word(const jm_node *n)
{
    switch (n->kind) {
    case JM_SEQ: return "a list";
    case JM_MAP: return "a mapping";
    default: return "a string";
    }
}

/* Texts longer than a map can show are refused where they stand. */
static bool text_fits(loader *ld, const char *key, const jm_node *v)
{
    if (v->len <= JM_MAX_TEXT) return true; /* bytes: no more characters than that */
    size_t chars = jm_utf8_chars(v->s, v->len);
    if (chars <= JM_MAX_TEXT) return true;
    jm_error(ld->doc, v->pos, "'%s' is %zu characters long; a text in a journey map has at most %d", key, chars,
             JM_MAX_TEXT);
    return false;
}

static jm_str to_str(const jm_node *key, const jm_node *v)
{
    jm_str s = {v->s, v->len, v->pos, key ? key->pos : v->pos};
    return s;
}

/* A text value: any scalar, taken as written. */
static bool get_text(loader *ld, const char *key, const jm_node *k, const jm_node *v, jm_str *out)
{
    if (v->kind != JM_SCALAR) {
        jm_error(ld->doc, v->pos, "'%s' must be a string, not %s", key, kind_word(v));
        return false;
    }
    if (!text_fits(ld, key, v)) return false;
    *out = to_str(k, v);
    return true;
}

/* A list value: a string (one item) or a list of strings. An empty plain value is an empty list. */
static bool get_list(loader *ld, const char *key, const jm_node *k, const jm_node *v, jm_list *out)
{
    out->pos = v->pos;
    if (v->kind == JM_MAP) {
        jm_error(ld->doc, v->pos, "'%s' must be a string or a list of strings, not a mapping", key);
        return false;
    }
    if (v->kind == JM_SCALAR) {
        if (v->plain && v->len == 0) return true;
        if (!text_fits(ld, key, v)) return false;
        out->items = jm_alloc(ld->a, sizeof(jm_str));
        if (!out->items) return false;
        out->items[0] = to_str(k, v);
        out->n = 1;
        return true;
    }
    out->items = jm_alloc(ld->a, (v->n ? v->n : 1) * sizeof(jm_str));
    if (!out->items) return false;
    bool ok = true;
    for (size_t i = 0; i < v->n; i++) {
        const jm_node *item = v->kids[i];
        if (item->kind != JM_SCALAR) {
            jm_error(ld->doc, item->pos, "each item of '%s' must be a string, not %s", key, kind_word(item));
            ok = false;
            continue;
        }
        if (!text_fits(ld, key, item)) {
            ok = false;
            continue;
        }
        out->items[out->n++] = to_str(item, item);
    }
    return ok;
}

static bool get_number(loader *ld, const char *what, const jm_node *v, double *out)
{
    if (v->kind != JM_SCALAR || !jm_parse_number(v->s, v->len, out)) {
        if (v->kind == JM_SCALAR)
            jm_error(ld->doc, v->pos, "%s must be a number, not '%s'", what, v->s);
        else
            jm_error(ld->doc, v->pos, "%s must be a number, not %s", what, kind_word(v));
        return false;
    }
    return true;
}

static bool get_bool(loader *ld, const char *key, const jm_node *v, bool *out)
{
    static const char *const yes[] = {"true", "yes", "on"}, *const no[] = {"false", "no", "off"};
    if (v->kind == JM_SCALAR) {
        for (size_t i = 0; i < 3; i++) {
            if (strcasecmp(v->s, yes[i]) == 0) { *out = true; return true; }
            if (strcasecmp(v->s, no[i]) == 0) { *out = false; return true; }
        }
    }
    jm_error(ld->doc, v->pos, "'%s' must be true or false", key);
    return false;
}

static bool get_id(loader *ld, const char *key, const jm_node *k, const jm_node *v, jm_str *out)
{
    if (!get_text(ld, key, k, v, out)) return false;
    if (!jm_valid_id(v->s, v->len)) {
        jm_error(ld->doc, v->pos,
                 "invalid id '%s': use lower-case letters, digits, '-' and '_', starting with a letter or digit",
                 v->s);
        out->s = NULL;
        return false;
    }
    return true;
}

static bool get_color(loader *ld, const char *key, const jm_node *k, const jm_node *v, jm_str *out)
{
    jm_rgb rgb;
    if (!get_text(ld, key, k, v, out)) return false;
    if (!jm_parse_color(v->s, v->len, &rgb)) {
        jm_error(ld->doc, v->pos, "invalid colour '%s' for '%s': use #rgb or #rrggbb", v->s, key);
        out->s = NULL;
        return false;
    }
    return true;
}

/* ---- mappings, driven by a table of fields ---- */

typedef enum { T_TEXT, T_LIST, T_ID, T_COLOR, T_SCALAR, T_OTHER } vtype;

typedef struct field {
    const char *key;
    vtype type;
    size_t off;
} field;

typedef struct schema schema;
typedef void (*other_fn)(loader *ld, const char *key, const jm_node *k, const jm_node *v, void *obj);

struct schema {
    const char *kind;           /* "touchpoint", for messages */
    const field *fields;
    size_t n;
    const char *required;       /* at most one required key per kind */
    other_fn other;
};

/* Remembers the keys of one mapping to find duplicates. */
typedef struct seen_keys {
    const jm_node *small[24];
    size_t n;
    jm_strmap big;
} seen_keys;

/* Returns the earlier key with the same text, or NULL (and remembers this one). */
static const jm_node *seen_before(seen_keys *s, const jm_node *k)
{
    if (s->n < 24) {
        for (size_t i = 0; i < s->n; i++)
            if (s->small[i]->len == k->len && memcmp(s->small[i]->s, k->s, k->len) == 0) return s->small[i];
        s->small[s->n++] = k;
        if (s->n < 24) return NULL;
        for (size_t i = 0; i < s->n; i++)
            jm_strmap_put(&s->big, s->small[i]->s, s->small[i]->len, (void *)s->small[i]);
        return NULL;
    }
    const jm_node *prev = jm_strmap_get(&s->big, k->s, k->len);
    if (prev) return prev;
    jm_strmap_put(&s->big, k->s, k->len, (void *)k);
    return NULL;
}

static bool key_ok(loader *ld, const jm_node *k)
{
    if (k->kind != JM_SCALAR) {
        jm_error(ld->doc, k->pos, "a key must be a plain string, not %s", kind_word(k));
        return false;
    }
    return true;
}

static void apply_field(loader *ld, const schema *sc, const field *f, const jm_node *k, const jm_node *v, void *obj)
{
    void *slot = (char *)obj + f->off;
    switch (f->type) {
    case T_TEXT: get_text(ld, f->key, k, v, slot); break;
    case T_LIST: get_list(ld, f->key, k, v, slot); break;
    case T_ID: get_id(ld, f->key, k, v, slot); break;
    case T_COLOR: get_color(ld, f->key, k, v, slot); break;
    case T_SCALAR:
        if (v->kind != JM_SCALAR)
            jm_error(ld->doc, v->pos, "'%s' must be a number or a string, not %s", f->key, kind_word(v));
        else if (text_fits(ld, f->key, v))
            *(jm_str *)slot = to_str(k, v);
        break;
    case T_OTHER: sc->other(ld, f->key, k, v, obj); break;
    }
}

static void unknown_key(loader *ld, const schema *sc, const jm_node *k)
{
    const char *cands[24];
    size_t n = 0;
    for (size_t i = 0; i < sc->n && n < 24; i++) cands[n++] = sc->fields[i].key;
    const char *near = jm_suggest(k->s, k->len, cands, n);
    if (near)
        jm_error(ld->doc, k->pos, "unknown key '%s' in %s (did you mean '%s'?)", k->s, sc->kind, near);
    else
        jm_error(ld->doc, k->pos, "unknown key '%s' in %s", k->s, sc->kind);
}

static void walk_pairs(loader *ld, const schema *sc, const jm_node *map, void *obj, seen_keys *seen,
                       bool merged, bool *has_required, int merge_depth);

/* `<<: *base` or `<<: [*a, *b]`: keys of the merged mappings that the mapping does not set itself. */
static void merge(loader *ld, const schema *sc, const jm_node *v, void *obj, seen_keys *seen, bool *has_required,
                  int merge_depth)
{
    if (merge_depth > 8) return;
    if (v->kind == JM_MAP) {
        walk_pairs(ld, sc, v, obj, seen, true, has_required, merge_depth + 1);
        return;
    }
    if (v->kind == JM_SEQ) {
        for (size_t i = 0; i < v->n; i++)
            if (v->kids[i]->kind == JM_MAP) walk_pairs(ld, sc, v->kids[i], obj, seen, true, has_required, merge_depth + 1);
            else jm_error(ld->doc, v->kids[i]->pos, "'<<' merges mappings only, not %s", kind_word(v->kids[i]));
        return;
    }
    jm_error(ld->doc, v->pos, "'<<' merges mappings only, not %s", kind_word(v));
}

static void walk_pairs(loader *ld, const schema *sc, const jm_node *map, void *obj, seen_keys *seen,
                       bool merged, bool *has_required, int merge_depth)
{
    const jm_node *merges[8];
    size_t n_merges = 0;
    for (size_t i = 0; i + 1 < map->n; i += 2) {
        const jm_node *k = map->kids[i], *v = map->kids[i + 1];
        if (!key_ok(ld, k)) continue;
        if (k->plain && strcmp(k->s, "<<") == 0) {
            if (n_merges < 8) merges[n_merges++] = v;
            continue;
        }
        const jm_node *prev = seen_before(seen, k);
        if (prev) {
            if (!merged) jm_error(ld->doc, k->pos, "duplicate key '%s' (first given at line %d)", k->s, prev->pos.line);
            continue;
        }
        if (strncmp(k->s, "x-", 2) == 0) continue;
        const field *f = NULL;
        for (size_t fi = 0; fi < sc->n; fi++)
            if (strcmp(sc->fields[fi].key, k->s) == 0 && strlen(k->s) == k->len) f = &sc->fields[fi];
        if (!f) {
            if (!merged) unknown_key(ld, sc, k);
            continue;
        }
        if (sc->required && strcmp(f->key, sc->required) == 0) *has_required = true;
        apply_field(ld, sc, f, k, v, obj);
    }
    for (size_t i = 0; i < n_merges; i++) merge(ld, sc, merges[i], obj, seen, has_required, merge_depth);
}

/* True when a key of map is a misspelling of `name` (already reported as such). */
static bool misspelt_as(const schema *sc, const jm_node *map, const char *name)
{
    const char *cands[24];
    size_t n = 0;
    for (size_t i = 0; i < sc->n && n < 24; i++) cands[n++] = sc->fields[i].key;
    for (size_t i = 0; i + 1 < map->n; i += 2) {
        const jm_node *k = map->kids[i];
        if (k->kind != JM_SCALAR || strcmp(k->s, name) == 0) continue;
        const char *near = jm_suggest(k->s, k->len, cands, n);
        if (near && strcmp(near, name) == 0) return true;
    }
    return false;
}

static bool walk_map(loader *ld, const schema *sc, const jm_node *map, void *obj)
{
    if (map->kind != JM_MAP) {
        jm_error(ld->doc, map->pos, "a %s must be a mapping of keys to values, not %s", sc->kind, kind_word(map));
        return false;
    }
    seen_keys seen;
    memset(&seen, 0, sizeof seen);
    jm_strmap_init(&seen.big, jm_doc_mem(ld->doc));
    bool has_required = false;
    walk_pairs(ld, sc, map, obj, &seen, false, &has_required, 0);
    jm_strmap_release(&seen.big);
    if (sc->required && !has_required) {
        /* `nmae: x` was reported as "did you mean 'name'?": once is enough */
        if (!misspelt_as(sc, map, sc->required))
            jm_error(ld->doc, map->pos, "missing required key '%s' in %s", sc->required, sc->kind);
        return false;
    }
    return true;
}

/* A list of mappings, each walked with sc into a new item of `size` bytes.
 * An item with errors (a required key missing) is kept, so that what it
 * holds is checked too; an item that is not a mapping is left out, and
 * then, or when the value is not a list, *complete is set to false. */
static void *walk_list(loader *ld, const schema *sc, const char *key, const jm_node *v, size_t size, size_t *n,
                       bool *complete)
{
    *n = 0;
    *complete = true;
    if (v->kind == JM_SCALAR && v->plain && v->len == 0) return NULL;
    if (v->kind != JM_SEQ) {
        jm_error(ld->doc, v->pos, "'%s' must be a list of %ss, not %s", key, sc->kind, kind_word(v));
        *complete = false;
        return NULL;
    }
    char *items = jm_alloc(ld->a, (v->n ? v->n : 1) * size);
    if (!items) return NULL;
    for (size_t i = 0; i < v->n; i++) {
        /* a failed item leaves its slot to the next one: start each from zero */
        memset(items + *n * size, 0, size);
        walk_map(ld, sc, v->kids[i], items + *n * size);
        if (v->kids[i]->kind == JM_MAP) (*n)++;
        else *complete = false;
    }
    return items;
}

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
    {"quote", T_TEXT, OFF(jm_persona, quote)},
    {"color", T_COLOR, OFF(jm_persona, color)},
};
static const schema persona_schema = {"persona", persona_fields, sizeof persona_fields / sizeof *persona_fields,
                                      "name", NULL};

static void channel_other(loader *ld, const char *key, const jm_node *k, const jm_node *v, void *obj)
{
    jm_channel *c = obj;
    jm_str s;
    if (!get_text(ld, key, k, v, &s)) return;
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
                                      channel_other};

/* The pairs of a free-form mapping (metric names, persona ids): keys must be
 * strings, `x-` keys are skipped, a repeated key is reported; fn sees the rest. */
typedef void (*pair_fn)(loader *ld, const jm_node *k, const jm_node *v, void *ctx);

static void each_pair(loader *ld, const jm_node *map, pair_fn fn, void *ctx)
{
    seen_keys seen;
    memset(&seen, 0, sizeof seen);
    jm_strmap_init(&seen.big, jm_doc_mem(ld->doc));
    for (size_t i = 0; i + 1 < map->n; i += 2) {
        const jm_node *k = map->kids[i], *v = map->kids[i + 1];
        if (!key_ok(ld, k)) continue;
        if (strncmp(k->s, "x-", 2) == 0) continue; /* an extension, ignored anywhere */
        const jm_node *prev = seen_before(&seen, k);
        if (prev) {
            jm_error(ld->doc, k->pos, "duplicate key '%s' (first given at line %d)", k->s, prev->pos.line);
            continue;
        }
        fn(ld, k, v, ctx);
    }
    jm_strmap_release(&seen.big);
}

/* ---- touchpoints ---- */

static void emotion_value(loader *ld, const jm_node *v, jm_score *out)
{
    out->pos = v->pos;
    if (!get_number(ld, "emotion", v, &out->value)) out->value = NAN; /* reported once, here */
}

static void persona_score(loader *ld, const jm_node *k, const jm_node *v, void *ctx)
{
    jm_touchpoint *t = ctx;
    jm_score *s = &t->scores[t->n_scores++];
    s->persona = to_str(k, k);
    emotion_value(ld, v, s);
}

static void touchpoint_other(loader *ld, const char *key, const jm_node *k, const jm_node *v, void *obj)
{
    (void)k;
    jm_touchpoint *t = obj;
    if (strcmp(key, "moment") == 0) {
        get_bool(ld, key, v, &t->moment);
        return;
    }
    /* emotion: a number, or a mapping of persona id to number */
    t->emotion_pos = v->pos;
    if (v->kind == JM_SEQ) {
        jm_error(ld->doc, v->pos, "'emotion' must be a number or a mapping of persona id to number, not a list");
        return;
    }
    if (v->kind == JM_SCALAR) {
        t->scores = jm_alloc(ld->a, sizeof *t->scores);
        if (!t->scores) return;
        emotion_value(ld, v, &t->scores[0]);
        t->n_scores = 1;
        return;
    }
    t->scores = jm_alloc(ld->a, (v->n / 2 + 1) * sizeof *t->scores);
    if (!t->scores) return;
    each_pair(ld, v, persona_score, t);
}

static const field touchpoint_fields[] = {
    {"name", T_TEXT, OFF(jm_touchpoint, name)},
    {"channel", T_TEXT, OFF(jm_touchpoint, channel)},
    {"personas", T_LIST, OFF(jm_touchpoint, personas)},
    {"emotion", T_OTHER, 0},
    {"feeling", T_TEXT, OFF(jm_touchpoint, feeling)},
    {"doing", T_TEXT, OFF(jm_touchpoint, doing)},
    {"thinking", T_TEXT, OFF(jm_touchpoint, thinking)},
    {"pains", T_LIST, OFF(jm_touchpoint, pains)},
    {"opportunities", T_LIST, OFF(jm_touchpoint, opportunities)},
    {"backstage", T_LIST, OFF(jm_touchpoint, backstage)},
    {"owner", T_TEXT, OFF(jm_touchpoint, owner)},
    {"moment", T_OTHER, 0},
};
static const schema touchpoint_schema = {"touchpoint", touchpoint_fields,
                                         sizeof touchpoint_fields / sizeof *touchpoint_fields, "name",
                                         touchpoint_other};

/* ---- stages ---- */

static void metric(loader *ld, const jm_node *k, const jm_node *v, void *ctx)
{
    jm_stage *st = ctx;
    if (v->kind != JM_SCALAR) {
        jm_error(ld->doc, v->pos, "metric '%s' must have a single value, not %s", k->s, kind_word(v));
        return;
    }
    if (!text_fits(ld, "metrics", k) || !text_fits(ld, "metrics", v)) return;
    jm_metric *m = &st->metrics[st->n_metrics++];
    m->name = to_str(k, k);
    m->value = to_str(k, v);
}

static void metrics(loader *ld, const jm_node *v, jm_stage *st)
{
    if (v->kind == JM_SCALAR && v->plain && v->len == 0) return;
    if (v->kind != JM_MAP) {
        jm_error(ld->doc, v->pos, "'metrics' must be a mapping of metric name to value, not %s", kind_word(v));
        return;
    }
    st->metrics = jm_alloc(ld->a, (v->n / 2 + 1) * sizeof *st->metrics);
    if (!st->metrics) return;
    each_pair(ld, v, metric, st);
}

static void stage_other(loader *ld, const char *key, const jm_node *k, const jm_node *v, void *obj)
{
    (void)k;
    jm_stage *st = obj;
    if (strcmp(key, "metrics") == 0) {
        metrics(ld, v, st);
        return;
    }
    /* touchpoints, counted against the limit as they are read */
    if (v->kind == JM_SCALAR && v->plain && v->len == 0) return;
    if (v->kind != JM_SEQ) {
        jm_error(ld->doc, v->pos, "'touchpoints' must be a list of touchpoints, not %s", kind_word(v));
        return;
    }
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
        if (walk_map(ld, &touchpoint_schema, v->kids[i], t) || v->kids[i]->kind == JM_MAP) st->n_touchpoints++;
    }
}

static const field stage_fields[] = {
    {"name", T_TEXT, OFF(jm_stage, name)},
    {"id", T_ID, OFF(jm_stage, id)},
    {"goal", T_TEXT, OFF(jm_stage, goal)},
    {"metrics", T_OTHER, 0},
    {"touchpoints", T_OTHER, 0},
};
static const schema stage_schema = {"stage", stage_fields, sizeof stage_fields / sizeof *stage_fields, "name",
                                    stage_other};

/* ---- theme ---- */

static void theme_other(loader *ld, const char *key, const jm_node *k, const jm_node *v, void *obj)
{
    (void)k;
    jm_theme_spec *t = obj;
    if (strcmp(key, "font-size") == 0) {
        double size;
        if (!get_number(ld, "'font-size'", v, &size)) return;
        if (size < 4 || size > 72) {
            jm_error(ld->doc, v->pos, "'font-size' must be between 4 and 72 points, not %g", size);
            return;
        }
        t->font_size = size;
        t->font_size_pos = v->pos;
        return;
    }
    /* stage-colors */
    if (!get_list(ld, key, k, v, &t->stage_colors)) return;
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
                                    theme_other};

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
    bool ok_lo = get_number(ld, "the low end of 'scale'", v->kids[0], &lo);
    bool ok_hi = get_number(ld, "the high end of 'scale'", v->kids[1], &hi);
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
    if (!get_list(ld, "lanes", k, v, &list)) return;
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
    if (strcmp(key, "title") == 0) {
        ld->title_seen = true;
        get_text(ld, key, k, v, &j->title);
    } else if (strcmp(key, "jmap") == 0) {
        double version;
        if (v->kind == JM_SCALAR && jm_parse_number(v->s, v->len, &version) && version == 1) return;
        jm_error(ld->doc, v->pos, "unsupported format version '%s': this jmap reads version 1",
                 v->kind == JM_SCALAR ? v->s : kind_word(v));
    } else if (strcmp(key, "scale") == 0) {
        scale(ld, v, j);
    } else if (strcmp(key, "direction") == 0) {
        jm_str s;
        if (!get_text(ld, key, k, v, &s)) return;
        j->direction_pos = v->pos;
        if (strcmp(s.s, "ltr") == 0) j->direction_given = JM_DIR_LTR;
        else if (strcmp(s.s, "rtl") == 0) j->direction_given = JM_DIR_RTL;
        else if (strcmp(s.s, "auto") == 0) j->direction_given = JM_DIR_AUTO;
        else jm_error(ld->doc, v->pos, "invalid direction '%s': use ltr, rtl or auto", s.s);
    } else if (strcmp(key, "personas") == 0) {
        if (v->kind == JM_SEQ && v->n > JM_MAX_PERSONAS) {
            jm_error(ld->doc, v->kids[JM_MAX_PERSONAS]->pos, "more than %d personas: a map draws a curve for each, "
                     "so split them across maps", JM_MAX_PERSONAS);
            j->personas_incomplete = true;
            return;
        }
        bool complete;
        j->personas = walk_list(ld, &persona_schema, key, v, sizeof(jm_persona), &j->n_personas, &complete);
        j->personas_incomplete = !complete;
    } else if (strcmp(key, "channels") == 0) {
        bool complete;
        j->channels = walk_list(ld, &channel_schema, key, v, sizeof(jm_channel), &j->n_declared_channels, &complete);
        j->channels_incomplete = !complete;
    } else if (strcmp(key, "stages") == 0) {
        ld->stages_seen = true;
        bool complete;
        j->stages = walk_list(ld, &stage_schema, key, v, sizeof(jm_stage), &j->n_stages, &complete);
        if ((v->kind == JM_SEQ && v->n == 0) || (v->kind == JM_SCALAR && v->plain && v->len == 0))
            jm_error(ld->doc, v->pos, "'stages' must list at least one stage");
    } else if (strcmp(key, "lanes") == 0) {
        lanes(ld, k, v, j);
    } else if (strcmp(key, "lang") == 0) {
        jm_load_lang(ld->doc, k, v, j);
    } else if (strcmp(key, "labels") == 0) {
        jm_load_labels(ld->doc, k, v, j);
    } else if (strcmp(key, "theme") == 0) {
        j->theme_spec.pos = v->pos;
        if (v->kind == JM_SCALAR) j->theme_spec.base = to_str(k, v);
        else if (v->kind == JM_MAP) walk_map(ld, &theme_schema, v, &j->theme_spec);
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
    {"personas", T_OTHER, 0},
    {"channels", T_OTHER, 0},
    {"stages", T_OTHER, 0},
    {"lanes", T_OTHER, 0},
    {"theme", T_OTHER, 0},
};
static const schema journey_schema = {"journey", journey_fields, sizeof journey_fields / sizeof *journey_fields,
                                      NULL, journey_other};

static jmap_journey *load_journey(loader *ld, const jm_node *root, int index)
{
    jmap_journey *j = jm_alloc(ld->a, sizeof *j);
    if (!j) return NULL;
    j->doc_index = index;
    j->scale_lo = 1;
    j->scale_hi = 5;
    ld->j = j;
    ld->touchpoints = 0;
    ld->touchpoint_limit_reported = false;
    if (root->kind == JM_SCALAR && root->plain && root->len == 0) {
        jm_error(ld->doc, root->pos, "this document is empty: a journey needs at least title: and stages:");
        return NULL;
    }
    if (root->kind != JM_MAP) {
        jm_error(ld->doc, root->pos, "the top level of a journey must be a mapping (keys such as title: and stages:), "
                 "not %s", kind_word(root));
        return NULL;
    }
    ld->stages_seen = ld->title_seen = false;
    walk_map(ld, &journey_schema, root, j);
    if (!ld->title_seen && !misspelt_as(&journey_schema, root, "title"))
        jm_error(ld->doc, root->pos, "missing required key 'title' in journey");
    if (!ld->stages_seen && !misspelt_as(&journey_schema, root, "stages"))
        jm_error(ld->doc, root->pos, "missing required key 'stages' in journey");
    j->n_touchpoints = ld->touchpoints;
    return j;
}

void jm_load(jmap_doc *doc)
{
    loader ld = {.doc = doc, .a = &doc->arena};
    size_t n_roots = 0;
    jm_node **roots = jm_yaml_parse(doc, &n_roots);
    if (!roots) {
        if (doc->n_errors == 0)
            jm_error(doc, (jm_pos){1, 1}, "the file holds no journey: it needs at least title: and stages:");
        return;
    }
    doc->journeys = jm_alloc(&doc->arena, n_roots * sizeof *doc->journeys);
    if (!doc->journeys) return;
    for (size_t i = 0; i < n_roots; i++) {
        jmap_journey *j = load_journey(&ld, roots[i], (int)i);
        if (j) doc->journeys[doc->n_journeys++] = j;
    }
}

void jm_load_theme_spec(jmap_doc *doc, jm_theme_spec *spec)
{
    loader ld = {.doc = doc, .a = &doc->arena};
    size_t n_roots = 0;
    jm_node **roots = jm_yaml_parse(doc, &n_roots);
    if (!roots) {
        if (doc->n_errors == 0) jm_error(doc, (jm_pos){1, 1}, "the theme file is empty: it needs a mapping such as base: dark");
        return;
    }
    if (n_roots > 1) jm_error(doc, roots[1]->pos, "a theme file holds one theme, not several documents");
    if (roots[0]->kind == JM_SCALAR) spec->base = to_str(NULL, roots[0]);
    else walk_map(&ld, &theme_schema, roots[0], spec);
}
