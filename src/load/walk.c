/* The loader's walker: typed values from YAML nodes (numbers, colours, ids,
 * texts within their limits, lists), and mappings walked by a table of
 * fields, with duplicate and unknown keys reported and suggestions made. */
#include "load/walk.h"

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

/* ---- values ---- */

const char *ld_kind_word(const jm_node *n)
{
    switch (n->kind) {
    case JM_SEQ: return "a list";
    case JM_MAP: return "a mapping";
    default: return "a string";
    }
}

/* Texts longer than a map can show are refused where they stand. */
bool ld_text_fits(loader *ld, const char *key, const jm_node *v)
{
    if (v->len <= JM_MAX_TEXT) return true; /* bytes: no more characters than that */
    size_t chars = jm_utf8_chars(v->s, v->len);
    if (chars <= JM_MAX_TEXT) return true;
    jm_error(ld->doc, v->pos, "'%s' is %zu characters long; a text in a journey map has at most %d", key, chars,
             JM_MAX_TEXT);
    return false;
}

jm_str ld_to_str(const jm_node *key, const jm_node *v)
{
    jm_str s = {v->s, v->len, v->pos, key ? key->pos : v->pos};
    return s;
}

/* A text value: any scalar, taken as written. */
bool ld_get_text(loader *ld, const char *key, const jm_node *k, const jm_node *v, jm_str *out)
{
    if (v->kind != JM_SCALAR) {
        jm_error(ld->doc, v->pos, "'%s' must be a string, not %s", key, ld_kind_word(v));
        return false;
    }
    if (!ld_text_fits(ld, key, v)) return false;
    *out = ld_to_str(k, v);
    return true;
}

/* A list value: a string (one item) or a list of strings. An empty plain value is an empty list. */
bool ld_get_list(loader *ld, const char *key, const jm_node *k, const jm_node *v, jm_list *out)
{
    out->pos = v->pos;
    if (v->kind == JM_MAP) {
        jm_error(ld->doc, v->pos, "'%s' must be a string or a list of strings, not a mapping", key);
        return false;
    }
    if (v->kind == JM_SCALAR) {
        if (v->plain && v->len == 0) return true;
        if (!ld_text_fits(ld, key, v)) return false;
        out->items = jm_alloc(ld->a, sizeof(jm_str));
        if (!out->items) return false;
        out->items[0] = ld_to_str(k, v);
        out->n = 1;
        return true;
    }
    out->items = jm_alloc(ld->a, (v->n ? v->n : 1) * sizeof(jm_str));
    if (!out->items) return false;
    bool ok = true;
    for (size_t i = 0; i < v->n; i++) {
        const jm_node *item = v->kids[i];
        if (item->kind != JM_SCALAR) {
            jm_error(ld->doc, item->pos, "each item of '%s' must be a string, not %s", key, ld_kind_word(item));
            ok = false;
            continue;
        }
        if (!ld_text_fits(ld, key, item)) {
            ok = false;
            continue;
        }
        out->items[out->n++] = ld_to_str(item, item);
    }
    return ok;
}

/* digits, a sign before them if sign, a '%' after them if percent */
static bool digits_only(const char *s, size_t len, bool sign, bool percent)
{
    if (sign && len && (*s == '-' || *s == '+')) { s++; len--; }
    if (percent && len && s[len - 1] == '%') len--;
    if (!len) return false;
    for (size_t i = 0; i < len; i++)
        if (s[i] < '0' || s[i] > '9') return false;
    return true;
}

bool ld_comma_split(const jm_node *k, const jm_node *v, const char *prev)
{
    return k->kind == JM_SCALAR && k->plain && digits_only(k->s, k->len, false, true) && v->kind == JM_SCALAR &&
           v->plain && v->len == 0 && prev && digits_only(prev, strlen(prev), true, false);
}

void ld_decimal_comma(loader *ld, jm_pos at, const char *lead, const char *whole, const char *frac, bool quotes)
{
    if (quotes)
        jm_error(ld->doc, at,
                 "%s: if '%s,%s' is one number with a decimal comma, write %s.%s (a decimal point) or put it in "
                 "quotes: '%s,%s'",
                 lead, whole, frac, whole, frac, whole, frac);
    else
        jm_error(ld->doc, at, "%s: if '%s,%s' is one number with a decimal comma, write %s.%s (a decimal point)", lead,
                 whole, frac, whole, frac);
}

bool ld_get_number(loader *ld, const char *what, const jm_node *v, double *out)
{
    if (v->kind != JM_SCALAR || !jm_parse_number(v->s, v->len, out)) {
        const char *comma = v->kind == JM_SCALAR ? memchr(v->s, ',', v->len) : NULL;
        if (comma && digits_only(v->s, (size_t)(comma - v->s), true, false) &&
            digits_only(comma + 1, v->len - (size_t)(comma + 1 - v->s), false, false)) { /* emotion: 3,5 */
            char lead[160], whole[64];
            snprintf(lead, sizeof lead, "%s must be a number, not '%.64s'", what, v->s);
            snprintf(whole, sizeof whole, "%.*s", (int)(comma - v->s), v->s);
            ld_decimal_comma(ld, v->pos, lead, whole, comma + 1, false);
        } else if (v->kind == JM_SCALAR)
            jm_error(ld->doc, v->pos, "%s must be a number, not '%s'", what, v->s);
        else
            jm_error(ld->doc, v->pos, "%s must be a number, not %s", what, ld_kind_word(v));
        return false;
    }
    return true;
}

bool ld_get_bool(loader *ld, const char *key, const jm_node *v, bool *out)
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
    if (!ld_get_text(ld, key, k, v, out)) return false;
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
    if (!ld_get_text(ld, key, k, v, out)) return false;
    if (!jm_parse_color(v->s, v->len, &rgb)) {
        jm_error(ld->doc, v->pos, "invalid colour '%s' for '%s': use #rgb or #rrggbb", v->s, key);
        out->s = NULL;
        return false;
    }
    return true;
}

/* ---- mappings, driven by a table of fields ---- */





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
        jm_error(ld->doc, k->pos, "a key must be a plain string, not %s", ld_kind_word(k));
        return false;
    }
    return true;
}

static void apply_field(loader *ld, const schema *sc, const field *f, const jm_node *k, const jm_node *v, void *obj)
{
    void *slot = (char *)obj + f->off;
    switch (f->type) {
    case T_TEXT: ld_get_text(ld, f->key, k, v, slot); break;
    case T_LIST: ld_get_list(ld, f->key, k, v, slot); break;
    case T_ID: get_id(ld, f->key, k, v, slot); break;
    case T_COLOR: get_color(ld, f->key, k, v, slot); break;
    case T_SCALAR:
        if (v->kind != JM_SCALAR)
            jm_error(ld->doc, v->pos, "'%s' must be a number or a string, not %s", f->key, ld_kind_word(v));
        else if (ld_text_fits(ld, f->key, v))
            *(jm_str *)slot = ld_to_str(k, v);
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
            else jm_error(ld->doc, v->kids[i]->pos, "'<<' merges mappings only, not %s", ld_kind_word(v->kids[i]));
        return;
    }
    jm_error(ld->doc, v->pos, "'<<' merges mappings only, not %s", ld_kind_word(v));
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
            const jm_node *pv = i >= 2 ? map->kids[i - 1] : NULL;
            if (!merged && pv && pv->kind == JM_SCALAR && pv->plain && ld_comma_split(k, v, pv->s)) { /* {emotion: 3,5} */
                const field *pf = NULL;
                for (size_t fi = 0; fi < sc->n; fi++)
                    if (strcmp(sc->fields[fi].key, map->kids[i - 2]->s) == 0) pf = &sc->fields[fi];
                char lead[160];
                snprintf(lead, sizeof lead, "'%.20s' is not a key of a %s", k->s, sc->kind);
                /* a text takes '3,5' in quotes; a score or an id does not */
                bool quotes = pf && (pf->type == T_TEXT || pf->type == T_SCALAR || pf->type == T_LIST);
                ld_decimal_comma(ld, k->pos, lead, pv->s, k->s, quotes);
            } else if (!merged) {
                unknown_key(ld, sc, k);
            }
            continue;
        }
        if (sc->required && strcmp(f->key, sc->required) == 0) *has_required = true;
        apply_field(ld, sc, f, k, v, obj);
    }
    for (size_t i = 0; i < n_merges; i++) merge(ld, sc, merges[i], obj, seen, has_required, merge_depth);
}

/* True when a key of map is a misspelling of `name` (already reported as such). */
bool ld_misspelt_as(const schema *sc, const jm_node *map, const char *name)
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

bool ld_walk_map(loader *ld, const schema *sc, const jm_node *map, void *obj)
{
    if (map->kind != JM_MAP) {
        jm_error(ld->doc, map->pos, "a %s must be a mapping of keys to values, not %s", sc->kind, ld_kind_word(map));
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
        if (!ld_misspelt_as(sc, map, sc->required))
            jm_error(ld->doc, map->pos, "missing required key '%s' in %s", sc->required, sc->kind);
        return false;
    }
    return true;
}

/* A list of mappings, each walked with sc into a new item of `size` bytes.
 * An item with errors (a required key missing) is kept, so that what it
 * holds is checked too; an item that is not a mapping is left out, and
 * then, or when the value is not a list, *complete is set to false. */
static const struct {
    const char *what;
    size_t max;
} file_limits[LD_COUNTED] = {
    [LD_TOUCHPOINTS] = {"touchpoints", JM_MAX_FILE_TOUCHPOINTS},
    [LD_STAGES] = {"stages", JM_MAX_FILE_STAGES},
    [LD_PERSONAS] = {"personas", JM_MAX_FILE_PERSONAS},
    [LD_CHANNELS] = {"channels", JM_MAX_FILE_CHANNELS},
    [LD_METRICS] = {"metrics", JM_MAX_FILE_METRICS},
    [LD_SOURCES] = {"sources", JM_MAX_FILE_SOURCES},
};

bool ld_count(loader *ld, ld_counted what, size_t n, jm_pos pos)
{
    if (what == LD_NONE) return true;
    if (n <= file_limits[what].max - ld->counted[what]) {
        ld->counted[what] += n;
        return true;
    }
    if (!ld->count_reported[what])
        jm_error(ld->doc, pos, "the file holds more than %zu %s, all its journeys together: split it into several files",
                 file_limits[what].max, file_limits[what].what);
    ld->count_reported[what] = true;
    ld->counted[what] = file_limits[what].max;
    return false;
}

void *ld_walk_list(loader *ld, const schema *sc, const char *key, const jm_node *v, size_t size, size_t *n,
                       bool *complete)
{
    *n = 0;
    *complete = true;
    if (v->kind == JM_SCALAR && v->plain && v->len == 0) return NULL;
    if (v->kind != JM_SEQ) {
        jm_error(ld->doc, v->pos, "'%s' must be a list of %ss, not %s", key, sc->kind, ld_kind_word(v));
        *complete = false;
        return NULL;
    }
    if (!ld_count(ld, sc->counted, v->n, v->pos)) {
        *complete = false;
        return NULL;
    }
    char *items = jm_alloc(ld->a, (v->n ? v->n : 1) * size);
    if (!items) return NULL;
    for (size_t i = 0; i < v->n; i++) {
        /* a failed item leaves its slot to the next one: start each from zero */
        memset(items + *n * size, 0, size);
        ld_walk_map(ld, sc, v->kids[i], items + *n * size);
        if (v->kids[i]->kind == JM_MAP) (*n)++;
        else *complete = false;
    }
    return items;
}


void ld_each_pair(loader *ld, const jm_node *map, pair_fn fn, void *ctx)
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

