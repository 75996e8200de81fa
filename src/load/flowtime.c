/* The loader's part for flow and time (format 1.2): a touchpoint's `reach`,
 * `wait`, `duration` and `fail`, and the items of `frontstage`, `backstage`
 * and `support` written as {text, wait, duration, fail}. model/flowtime.h
 * holds what they become. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/decimal.h"
#include "load/data.h"
#include "load/walk.h"

static bool is_null(const jm_node *v) { return v->kind == JM_SCALAR && v->plain && v->len == 0; }

/* t's flow and time, made when its first key of them is read: a touchpoint
 * without them costs a pointer (docs/memory.md). NULL when out of memory. */
static jm_flowtime *ft_of(loader *ld, jm_touchpoint *t)
{
    if (!t->ft) {
        t->ft = jm_alloc(ld->a, sizeof *t->ft);
        if (t->ft) memset(t->ft, 0, sizeof *t->ft);
    }
    return t->ft;
}

/* ---- reach ---- */

/* `reach`: a whole number >= 0. A computed value (1.2 research data) is
 * read by its own loader and handed to jm_ft_set_reach: a mapping here is
 * left to it when it exists (reach_computed). */
static void reach(loader *ld, const jm_node *v, jm_touchpoint *t)
{
    if (ld_is_calc(v)) { /* computed from data: set in jm_data_resolve (load/data.c) */
        jm_calc *c = ld_calc(ld, "reach", v, JM_CALC_REACH);
        jm_flowtime *ft = ft_of(ld, t);
        if (c) c->touchpoint = ft ? t : NULL;
        if (ft) ft->reach_calc = c;
        return;
    }
    if (v->kind != JM_SCALAR) {
        jm_error(ld->doc, v->pos, "'reach' must be a whole number of customers (such as 'reach: 1200'), not %s",
                 ld_kind_word(v));
        return;
    }
    jm_decimal d;
    if (!jm_decimal_parse(v->s, v->len, &d)) {
        jm_error(ld->doc, v->pos,
                 "'reach' must be a whole number of customers (such as 'reach: 1200'), not '%.40s'", v->s);
        return;
    }
    if (d.neg && d.n) {
        jm_error(ld->doc, v->pos, "'reach' must be 0 or more, not '%.40s': it counts customers", v->s);
        return;
    }
    if (d.n && d.exp < (long long)d.n) { /* 0.DIGITS x 10^exp has digits after the point */
        jm_error(ld->doc, v->pos, "'reach' must be a whole number, not '%.40s': it counts customers", v->s);
        return;
    }
    if (d.n && d.exp > 16) { /* more than 16 digits before the point: past 10^15 */
        jm_error(ld->doc, v->pos, "'reach' of '%.40s' is more than jmap reads (%.0f)", v->s, JM_REACH_MAX);
        return;
    }
    double r = d.n ? strtod(v->s, NULL) : 0;
    if (!(r >= 0 && r <= JM_REACH_MAX)) {
        jm_error(ld->doc, v->pos, "'reach' of '%.40s' is more than jmap reads (%.0f)", v->s, JM_REACH_MAX);
        return;
    }
    jm_flowtime *ft = ft_of(ld, t);
    if (ft) jm_ft_set_reach(ft, r, v->pos);
}

/* ---- wait and duration ---- */

/* The units, their seconds; the one table of them (docs/journey-format.md). */
static const struct {
    const char *unit;
    double seconds;
} units[] = {{"s", 1}, {"min", 60}, {"h", 3600}, {"d", 86400}, {"w", 604800}};
#define N_UNITS (sizeof units / sizeof *units)

/* `wait` or `duration`: a number and a unit, "25min", "1.5h"; the space
 * between them optional. False (reported) for anything else. */
static bool span(loader *ld, const char *key, const jm_node *k, const jm_node *v, jm_span *out)
{
    if (v->kind != JM_SCALAR || is_null(v)) {
        jm_error(ld->doc, v->pos, "'%s' must be a number and a unit, such as '25min' or '2d', not %s", key,
                 is_null(v) ? "nothing" : ld_kind_word(v));
        return false;
    }
    const char *s = v->s;
    size_t len = v->len, i = 0;
    if (i < len && (s[i] == '-' || s[i] == '+')) i++;
    size_t num0 = i;
    while (i < len && ((s[i] >= '0' && s[i] <= '9') || s[i] == '.')) i++;
    size_t num_end = i;
    while (i < len && s[i] == ' ') i++;
    const char *unit = s + i;
    size_t unit_len = len - i;
    jm_decimal d;
    if (num_end == num0 || !jm_decimal_parse(s, num_end, &d)) {
        jm_error(ld->doc, v->pos, "'%s' must be a number and a unit, such as '25min' or '2d', not '%.40s'", key, s);
        return false;
    }
    if (d.neg && d.n) {
        jm_error(ld->doc, v->pos, "'%s' must not be negative: '%.40s'", key, s);
        return false;
    }
    if (unit_len == 0) {
        jm_error(ld->doc, v->pos, "'%s' of '%.40s' has no unit: write s, min, h, d or w after the number, such as '%.*smin'",
                 key, s, (int)(num_end > 20 ? 20 : num_end), s);
        return false;
    }
    double per = 0;
    for (size_t u = 0; u < N_UNITS; u++)
        if (strlen(units[u].unit) == unit_len && memcmp(units[u].unit, unit, unit_len) == 0) per = units[u].seconds;
    if (per == 0) {
        if (unit_len == 1 && unit[0] == 'm')
            jm_error(ld->doc, v->pos, "'%s' of '%.40s': minutes are 'min' ('%.*smin'); 'm' could be minutes or months", key,
                     s, (int)(num_end > 20 ? 20 : num_end), s);
        else
            jm_error(ld->doc, v->pos, "'%s' of '%.40s' has an unknown unit '%.*s': the units are s, min, h, d and w", key, s,
                     (int)(unit_len > 20 ? 20 : unit_len), unit);
        return false;
    }
    double seconds = round(strtod(s, NULL) * per * 1000) / 1000; /* to the millisecond */
    if (!(seconds <= JM_SPAN_MAX)) {
        jm_error(ld->doc, v->pos, "'%s' of '%.40s' is longer than jmap reads (100 years)", key, s);
        return false;
    }
    out->seconds = seconds;
    out->written = ld_to_str(k, v);
    return true;
}

/* ---- fail ---- */

static void fail(loader *ld, const jm_node *k, const jm_node *v, jm_list *out)
{
    jm_list l = {0};
    if (ld_get_list(ld, "fail", k, v, &l)) *out = l;
}

/* The keys of a touchpoint read here; true when key is one of them. */
bool ld_flowtime_key(loader *ld, const char *key, const jm_node *k, const jm_node *v, jm_touchpoint *t)
{
    bool timed = strcmp(key, "wait") == 0 || strcmp(key, "duration") == 0 || strcmp(key, "fail") == 0;
    if (strcmp(key, "reach") == 0) {
        reach(ld, v, t);
        return true;
    }
    if (!timed) return false;
    jm_flowtime *ft = ft_of(ld, t);
    if (!ft) return true;
    if (strcmp(key, "wait") == 0) span(ld, key, k, v, &ft->own.wait);
    else if (strcmp(key, "duration") == 0) span(ld, key, k, v, &ft->own.duration);
    else fail(ld, k, v, &ft->own.fail);
    return true;
}

/* ---- blueprint items ---- */

typedef struct bp_item {
    jm_str text;
    jm_timed timed;
} bp_item;

static void bp_other(loader *ld, const char *key, const jm_node *k, const jm_node *v, void *obj)
{
    bp_item *it = obj;
    if (strcmp(key, "fail") == 0) fail(ld, k, v, &it->timed.fail);
    else span(ld, key, k, v, strcmp(key, "wait") == 0 ? &it->timed.wait : &it->timed.duration);
}

static const field bp_fields[] = {
    {"text", T_TEXT, OFF(bp_item, text)},
    {"wait", T_OTHER, 0},
    {"duration", T_OTHER, 0},
    {"fail", T_OTHER, 0},
};
static const schema bp_schema = {"blueprint item", bp_fields, sizeof bp_fields / sizeof *bp_fields, "text", bp_other,
                                 LD_NONE};

static const char *const bp_keys[JM_BP_COUNT] = {"frontstage", "backstage", "support"};

/* `frontstage`, `backstage` or `support`: a string or a list whose items
 * are strings or {text, wait, duration, fail}. */
bool ld_blueprint_key(loader *ld, const char *key, const jm_node *k, const jm_node *v, jm_touchpoint *t)
{
    int lane = -1;
    for (int b = 0; b < JM_BP_COUNT; b++)
        if (strcmp(key, bp_keys[b]) == 0) lane = b;
    if (lane < 0) return false;
    jm_list *out = lane == JM_BP_FRONTSTAGE ? &t->frontstage : lane == JM_BP_BACKSTAGE ? &t->backstage : &t->support;
    bool any_map = false;
    if (v->kind == JM_SEQ)
        for (size_t i = 0; i < v->n; i++) any_map |= v->kids[i]->kind == JM_MAP;
    if (!any_map) { /* plain texts: read as every list is */
        ld_get_list(ld, key, k, v, out);
        return true;
    }
    out->pos = v->pos;
    out->items = jm_alloc(ld->a, v->n * sizeof *out->items);
    jm_timed *timed = jm_alloc(ld->a, v->n * sizeof *timed);
    if (!out->items || !timed) return true;
    memset(timed, 0, v->n * sizeof *timed);
    for (size_t i = 0; i < v->n; i++) {
        const jm_node *item = v->kids[i];
        if (item->kind == JM_SCALAR) {
            if (ld_text_fits(ld, key, item)) out->items[out->n++] = ld_to_str(item, item);
            continue;
        }
        if (item->kind != JM_MAP) {
            jm_error(ld->doc, item->pos,
                     "each item of '%s' must be a string or a mapping {text, wait, duration, fail}, not %s", key,
                     ld_kind_word(item));
            continue;
        }
        bp_item w;
        memset(&w, 0, sizeof w);
        if (!ld_walk_map(ld, &bp_schema, item, &w) || !w.text.s) continue;
        timed[out->n] = w.timed;
        out->items[out->n++] = w.text;
    }
    jm_flowtime *ft = ft_of(ld, t);
    if (ft) ft->items[lane] = timed;
    return true;
}
