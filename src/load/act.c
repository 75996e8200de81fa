/* The loader's part for measuring and acting on the map: `metrics` (on
 * stages and touchpoints, a value or {value, target, better}) and the items
 * of `opportunities` (a text, or {text, priority, owner, status}). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "base/decimal.h"
#include "base/scalar.h"
#include "base/suggest.h"
#include "load/research.h"
#include "load/walk.h"

/* ---- metrics ---- */

static const char *const metric_keys[] = {"value", "target", "better"};

typedef struct metric_sink {
    jm_metric *items;
    size_t n, cap;
    bool merging;               /* adding the metrics of a merged mapping */
} metric_sink;

static bool all_digits(const char *s, size_t len)
{
    if (!len) return false;
    for (size_t i = 0; i < len; i++)
        if (s[i] < '0' || s[i] > '9') return false;
    return true;
}

/* "2", or the "4%" that YAML leaves over from {Conv: 3,4%}. */
static bool decimal_part(const char *s, size_t len)
{
    if (len && s[len - 1] == '%') len--;
    return all_digits(s, len);
}

static bool is_null(const jm_node *v) { return v->kind == JM_SCALAR && v->plain && v->len == 0; }

/* `CSAT:` has no value; nor has the `2` that YAML leaves over from
 * `{CSAT: 4,2}`, a decimal comma read as the separator of a flow mapping. */
static void no_value(loader *ld, const jm_node *k, const jm_node *v, const char *prev_value)
{
    if (ld_comma_split(k, v, prev_value)) {
        char lead[96];
        snprintf(lead, sizeof lead, "metric '%.20s' has no value", k->s);
        ld_decimal_comma(ld, k->pos, lead, prev_value, k->s, true);
    } else {
        jm_error(ld->doc, k->pos, "metric '%s' has no value: write one after the colon, such as '%s: 4.2'", k->s,
                 k->s);
    }
}

/* s in ASCII digits: Persian (U+06F0..) and Arabic-Indic (U+0660..) digits,
 * the Arabic decimal separator and percent sign, as written in fa or ar
 * maps, become 0-9, '.' and '%'. False when it does not fit in out. */
static bool ascii_digits(const char *s, size_t len, char *out, size_t size, size_t *n)
{
    size_t k = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        char a = (char)c;
        if ((c == 0xDB || c == 0xD9) && i + 1 < len && ((unsigned char)s[i + 1] & 0xC0u) == 0x80u) {
            unsigned cp = ((c & 0x1Fu) << 6) | ((unsigned char)s[i + 1] & 0x3Fu);
            if (cp >= 0x6F0 && cp <= 0x6F9) a = (char)('0' + (cp - 0x6F0));
            else if (cp >= 0x660 && cp <= 0x669) a = (char)('0' + (cp - 0x660));
            else if (cp == 0x66B) a = '.';
            else if (cp == 0x66A) a = '%';
            if (a != (char)c) i++;
        }
        if (k + 1 >= size) return false;
        out[k++] = a;
    }
    out[k] = '\0';
    *n = k;
    return true;
}

/* A value or a target, with a trailing '%' on both allowed: "2.1%" against "3%".
 * Read as the exact decimal written: met or missed is decided on the text,
 * never on a double that rounds 1.0000000000000001 to 1 or 1e309 to infinity. */
static bool metric_number(const jm_str *s, bool percent, jm_decimal *out)
{
    char buf[JM_DECIMAL_TEXT + 8];
    size_t len;
    if (!ascii_digits(s->s, s->len, buf, sizeof buf, &len)) return false;
    if (percent) {
        if (!len || buf[len - 1] != '%') return false;
        len--;
        while (len && buf[len - 1] == ' ') len--;
    }
    return jm_decimal_parse(buf, len, out);
}

/* 0: not a number; 1: a number; 2: a number with a trailing '%'. */
static int number_kind(const jm_str *s, jm_decimal *out)
{
    if (metric_number(s, false, out)) return 1;
    if (metric_number(s, true, out)) return 2;
    return 0;
}

/* Judged only when value and target are numbers of one kind: 2.1% against
 * 3%, or 4.2 against 4.5; 50% against 0.4 is not compared. */
static jm_verdict verdict(const jm_metric *m)
{
    jm_decimal v, t;
    if (!m->value.s || !m->target.s) return JM_VERDICT_NONE;
    int kv = number_kind(&m->value, &v), kt = number_kind(&m->target, &t);
    if (!kv || kv != kt) return JM_VERDICT_NONE;
    int c = jm_decimal_cmp(&v, &t);
    bool met = m->lower_better ? c <= 0 : c >= 0;
    return met ? JM_VERDICT_MET : JM_VERDICT_MISSED;
}

/* The pairs of a metric's mapping, and the mappings it merges (`<<: *base`),
 * whose keys count where the mapping does not set them itself. */
typedef struct metric_fields {
    jm_metric *m;
    bool merging;
    const jm_node *merges[8];
    size_t n_merges;
} metric_fields;

static bool is_merge_key(const jm_node *k) { return k->plain && strcmp(k->s, "<<") == 0; }

/* The pairs of the mappings that `<<: *a` or `<<: [*a, *b]` merges in. */
static void each_merged(loader *ld, const jm_node *g, pair_fn fn, void *ctx)
{
    if (g->kind == JM_MAP) {
        ld_each_pair(ld, g, fn, ctx);
    } else if (g->kind == JM_SEQ) {
        for (size_t e = 0; e < g->n; e++)
            if (g->kids[e]->kind == JM_MAP) ld_each_pair(ld, g->kids[e], fn, ctx);
            else jm_error(ld->doc, g->kids[e]->pos, "'<<' merges mappings only, not %s", ld_kind_word(g->kids[e]));
    } else {
        jm_error(ld->doc, g->pos, "'<<' merges mappings only, not %s", ld_kind_word(g));
    }
}

static void metric_field(loader *ld, const jm_node *k, const jm_node *v, void *ctx)
{
    metric_fields *mf = ctx;
    jm_metric *m = mf->m;
    if (is_merge_key(k)) {
        if (!mf->merging && mf->n_merges < 8) mf->merges[mf->n_merges++] = v;
        return;
    }
    size_t which = 0;
    while (which < 3 && strcmp(k->s, metric_keys[which]) != 0) which++;
    if (mf->merging && which < 3) { /* a key the mapping sets itself wins */
        const jm_str *set = which == 0 ? &m->value : which == 1 ? &m->target : &m->better;
        if (set->s || set->pos.line) return;
    }
    if (which == 3) {
        if (decimal_part(k->s, k->len) && is_null(v)) {
            jm_error(ld->doc, k->pos,
                     "'%s' is not a key of a metric: a decimal comma inside {...} splits a number in two; "
                     "write a decimal point (4.2) or put the number in quotes",
                     k->s);
            return;
        }
        const char *near = jm_suggest(k->s, k->len, metric_keys, 3);
        if (near)
            jm_error(ld->doc, k->pos, "unknown key '%s' in metric (did you mean '%s'?)", k->s, near);
        else
            jm_error(ld->doc, k->pos, "unknown key '%s' in metric: use value, target and better", k->s);
        return;
    }
    if (v->kind != JM_SCALAR) {
        jm_error(ld->doc, v->pos, "'%s' of a metric must be a number or a string, not %s", metric_keys[which],
                 ld_kind_word(v));
        return;
    }
    if (!ld_text_fits(ld, metric_keys[which], v)) return;
    if (which < 2 && is_null(v)) {
        jm_error(ld->doc, v->pos, "'%s' of metric '%s' is empty: write the %s", metric_keys[which], m->name.s,
                 which == 0 ? "measured value" : "value aimed for, or leave 'target' out");
        if (which == 0) m->value.pos = v->pos; /* given, though empty: not reported again as missing */
        else m->target.pos = v->pos;
        return;
    }
    jm_str s = ld_to_str(k, v);
    if (which == 0) m->value = s;
    else if (which == 1) m->target = s;
    else if (strcmp(v->s, "higher") == 0 || strcmp(v->s, "lower") == 0) {
        m->better = s;
        m->lower_better = v->s[0] == 'l';
    } else {
        jm_error(ld->doc, v->pos, "'better' must be higher or lower, not '%s'", v->s);
    }
}

static void metric(loader *ld, const jm_node *k, const jm_node *v, void *ctx)
{
    metric_sink *sk = ctx;
    if (is_merge_key(k)) return; /* applied after the metrics written (one level deep) */
    if (!ld_text_fits(ld, "metrics", k)) return;
    if (sk->merging) { /* a metric the mapping names itself wins */
        for (size_t i = 0; i < sk->n; i++)
            if (sk->items[i].name.len == k->len && memcmp(sk->items[i].name.s, k->s, k->len) == 0) return;
    }
    if (sk->n >= sk->cap) return;
    const char *prev = sk->n ? sk->items[sk->n - 1].value.s : NULL;
    if (is_null(v)) {
        no_value(ld, k, v, prev);
        return;
    }
    if (v->kind == JM_SEQ) {
        jm_error(ld->doc, v->pos, "metric '%s' must be a value or a mapping {value, target, better}, not a list",
                 k->s);
        return;
    }
    jm_metric *m = &sk->items[sk->n];
    memset(m, 0, sizeof *m);
    m->name = ld_to_str(k, k);
    if (v->kind == JM_SCALAR) {
        if (!ld_text_fits(ld, "metrics", v)) return;
        m->value = ld_to_str(k, v);
    } else {
        metric_fields mf = {m, false, {NULL}, 0};
        ld_each_pair(ld, v, metric_field, &mf);
        mf.merging = true;
        for (size_t i = 0; i < mf.n_merges; i++) each_merged(ld, mf.merges[i], metric_field, &mf);
        if (!m->value.s) {
            if (!m->value.pos.line)
                jm_error(ld->doc, v->pos, "metric '%s' has no value: add 'value:'%s", k->s,
                         m->target.s ? " beside its target" : "");
            return;
        }
        if (m->target.pos.line && !m->target.s) return; /* an empty target, reported */
    }
    jm_decimal num;
    if (m->target.s && number_kind(&m->value, &num) && !number_kind(&m->target, &num)) {
        /* a value measured against a target that cannot be compared with it */
        jm_error(ld->doc, m->target.pos, "target '%s' of metric '%s' must be a number, as its value %s is", m->target.s,
                 m->name.s, m->value.s);
        return;
    }
    m->verdict = verdict(m);
    sk->n++;
}

void ld_metrics(loader *ld, const jm_node *v, jm_metric **items, size_t *n)
{
    if (is_null(v)) return;
    if (v->kind != JM_MAP) {
        jm_error(ld->doc, v->pos, "'metrics' must be a mapping of metric name to value, not %s", ld_kind_word(v));
        return;
    }
    /* room for the metrics written and for those of the mappings merged in */
    size_t cap = v->n / 2 + 1;
    for (size_t i = 0; i + 1 < v->n; i += 2) {
        const jm_node *g = v->kids[i + 1];
        if (!is_merge_key(v->kids[i])) continue;
        if (g->kind == JM_MAP) cap += g->n / 2;
        for (size_t e = 0; g->kind == JM_SEQ && e < g->n; e++)
            if (g->kids[e]->kind == JM_MAP) cap += g->kids[e]->n / 2;
    }
    if (!ld_count(ld, LD_METRICS, cap, v->pos)) return;
    metric_sink sk = {jm_alloc(ld->a, cap * sizeof *sk.items), 0, cap, false};
    if (!sk.items) return;
    ld_each_pair(ld, v, metric, &sk);
    /* `<<: *common`: the metrics of the merged mappings that this one does not name itself */
    sk.merging = true;
    for (size_t i = 0; i + 1 < v->n; i += 2)
        if (is_merge_key(v->kids[i])) each_merged(ld, v->kids[i + 1], metric, &sk);
    *items = sk.items;
    *n = sk.n;
}

/* ---- opportunities ---- */

typedef struct opp_written {
    jm_str text, priority, owner, status;
    jm_cites *source;           /* research (1.2) */
} opp_written;

static void opp_other(loader *ld, const char *key, const jm_node *k, const jm_node *v, void *obj)
{
    (void)key;
    ld_cites(ld, k, v, &((opp_written *)obj)->source);
}

static const field opp_fields[] = {
    {"text", T_TEXT, OFF(opp_written, text)},
    {"priority", T_TEXT, OFF(opp_written, priority)},
    {"owner", T_TEXT, OFF(opp_written, owner)},
    {"status", T_TEXT, OFF(opp_written, status)},
    {"source", T_OTHER, 0},
};
static const schema opp_schema = {"opportunity", opp_fields, sizeof opp_fields / sizeof *opp_fields, "text", opp_other,
                                  LD_NONE};

static const char *const priorities[] = {"high", "medium", "low"};
static const char *const statuses[] = {"idea", "planned", "doing", "done"};

/* One of names, as a 1-based number; 0 (reported) for anything else. */
static int one_of(loader *ld, const char *key, const jm_str *s, const char *const *names, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(s->s, names[i]) == 0 && strlen(names[i]) == s->len) return (int)i + 1;
    const char *near = jm_suggest(s->s, s->len, names, n);
    char all[64] = "";
    for (size_t i = 0; i < n; i++) {
        strcat(all, names[i]);
        strcat(all, i + 2 < n ? ", " : i + 1 < n ? " or " : "");
    }
    if (near)
        jm_error(ld->doc, s->pos, "'%s' must be %s, not '%s' (did you mean '%s'?)", key, all, s->s, near);
    else
        jm_error(ld->doc, s->pos, "'%s' must be %s, not '%s'", key, all, s->s);
    return 0;
}

void ld_opportunities(loader *ld, const jm_node *k, const jm_node *v, jm_touchpoint *t)
{
    const char *key = "opportunities";
    jm_list *out = &t->opportunities;
    out->pos = v->pos;
    if (is_null(v)) return;
    if (v->kind == JM_MAP) {
        jm_error(ld->doc, v->pos,
                 "'%s' must be a string or a list, not a mapping; write one opportunity as a list item: "
                 "'- {text: ..., priority: high}'",
                 key);
        return;
    }
    size_t cap = v->kind == JM_SEQ && v->n ? v->n : 1;
    out->items = jm_alloc(ld->a, cap * sizeof *out->items);
    t->opportunity = jm_alloc(ld->a, cap * sizeof *t->opportunity);
    if (!out->items || !t->opportunity) return;
    memset(t->opportunity, 0, cap * sizeof *t->opportunity);
    if (v->kind == JM_SCALAR) {
        if (!ld_text_fits(ld, key, v)) return;
        out->items[out->n++] = ld_to_str(k, v);
        return;
    }
    for (size_t i = 0; i < v->n; i++) {
        const jm_node *item = v->kids[i];
        if (item->kind == JM_SCALAR) {
            if (ld_text_fits(ld, key, item)) out->items[out->n++] = ld_to_str(item, item);
            continue;
        }
        if (item->kind != JM_MAP) {
            jm_error(ld->doc, item->pos, "each item of '%s' must be a string or a mapping {text, priority, owner, "
                     "status}, not %s", key, ld_kind_word(item));
            continue;
        }
        opp_written w;
        memset(&w, 0, sizeof w);
        if (!ld_walk_map(ld, &opp_schema, item, &w) || !w.text.s) continue;
        jm_opportunity *o = &t->opportunity[out->n];
        if (w.priority.s) o->priority = (jm_priority)one_of(ld, "priority", &w.priority, priorities, 3);
        if (w.status.s) o->status = (jm_status)one_of(ld, "status", &w.status, statuses, 4);
        o->owner = w.owner;
        if (w.source && ld_research(ld, t)) { /* research (1.2) */
            jm_research *r = t->research;
            if (!r->opportunities) r->opportunities = jm_alloc(ld->a, cap * sizeof *r->opportunities);
            if (r->opportunities) r->opportunities[out->n] = *w.source;
        }
        out->items[out->n++] = w.text;
    }
}
