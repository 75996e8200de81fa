/* Computed values as written (data.h): `{from, column, where, compute, values}`. */
#include <math.h>
#include <string.h>

#include "base/suggest.h"
#include "load/compute.h"
#include "load/data.h"
#include "model/doc.h"

static const char *const calc_keys[] = {"from", "column", "where", "compute", "values"};
#define N_CALC_KEYS (sizeof calc_keys / sizeof *calc_keys)
/* a metric's: the same and its own */
static const char *const metric_calc_keys[] = {"from", "column", "where", "compute", "values", "target", "better"};
#define N_METRIC_CALC_KEYS (sizeof metric_calc_keys / sizeof *metric_calc_keys)

bool ld_is_calc(const jm_node *v)
{
    if (v->kind != JM_MAP) return false;
    for (size_t i = 0; i + 1 < v->n; i += 2)
        if (v->kids[i]->kind == JM_SCALAR && strcmp(v->kids[i]->s, "from") == 0) return true;
    return false;
}

typedef struct calc_sink {
    jm_calc *c;
    jm_metric *m;               /* a metric's: target and better are its own */
    bool ok;
} calc_sink;

static void where_pair(loader *ld, const jm_node *k, const jm_node *v, void *ctx)
{
    jm_calc *c = ctx;
    if (v->kind == JM_MAP) {
        jm_error(ld->doc, v->pos, "'where' names a column and a value or a list of values, not a mapping");
        return;
    }
    size_t i = c->n_where;
    c->where_keys[i] = ld_to_str(k, k);
    if (!ld_get_list(ld, "where", k, v, &c->where_values[i])) return;
    if (c->where_values[i].n == 0) {
        jm_error(ld->doc, v->pos, "'where' of column '%s' has no value: write the value its rows must hold", k->s);
        return;
    }
    c->n_where++;
}

static void calc_pair(loader *ld, const jm_node *k, const jm_node *v, void *ctx)
{
    calc_sink *sk = ctx;
    jm_calc *c = sk->c;
    const char *const *keys = sk->m ? metric_calc_keys : calc_keys;
    size_t n_keys = sk->m ? N_METRIC_CALC_KEYS : N_CALC_KEYS;
    size_t which = 0;
    while (which < n_keys && strcmp(k->s, keys[which]) != 0) which++;
    if (which == n_keys) {
        const char *near = jm_suggest(k->s, k->len, keys, n_keys);
        if (near) jm_error(ld->doc, k->pos, "unknown key '%s' in a computed value (did you mean '%s'?)", k->s, near);
        else
            jm_error(ld->doc, k->pos, "unknown key '%s' in a computed value: use from, column, where, compute%s", k->s,
                     sk->m ? ", values, target and better" : " and values");
        sk->ok = false;
        return;
    }
    const char *key = keys[which];
    bool got = true;
    switch (which) {
    case 0: got = ld_get_text(ld, key, k, v, &c->from); break;
    case 1: got = ld_get_text(ld, key, k, v, &c->column); break;
    case 2:
        c->where_pos = v->pos;
        if (v->kind != JM_MAP) {
            jm_error(ld->doc, v->pos, "'where' must be a mapping of column name to value, not %s", ld_kind_word(v));
            got = false;
            break;
        }
        c->where_keys = jm_alloc(ld->a, (v->n / 2 + 1) * sizeof *c->where_keys);
        c->where_values = jm_alloc(ld->a, (v->n / 2 + 1) * sizeof *c->where_values);
        if (!c->where_keys || !c->where_values) return;
        ld_each_pair(ld, v, where_pair, c);
        break;
    case 3:
        got = ld_get_text(ld, key, k, v, &c->compute);
        if (got && jm_compute_kind_of(c->compute.s, c->compute.len) < 0) {
            const char *near = jm_suggest(c->compute.s, c->compute.len, jm_compute_names, JM_COMPUTE_KINDS);
            if (near)
                jm_error(ld->doc, v->pos, "unknown compute '%s' (did you mean '%s'?)", c->compute.s, near);
            else
                jm_error(ld->doc, v->pos,
                         "unknown compute '%s': use mean, median, sum, min, max, count, distinct, share, nps or csat",
                         c->compute.s);
            got = false;
        }
        break;
    case 4: got = ld_get_list(ld, key, k, v, &c->values); break;
    case 5: got = ld_get_text(ld, key, k, v, &sk->m->target); break;
    case 6:
        got = ld_get_text(ld, key, k, v, &sk->m->better);
        if (got && strcmp(v->s, "higher") != 0 && strcmp(v->s, "lower") != 0) {
            jm_error(ld->doc, v->pos, "'better' must be higher or lower, not '%s'", v->s);
            got = false;
        }
        if (got) sk->m->lower_better = v->s[0] == 'l';
        break;
    }
    if (!got) sk->ok = false;
}

static jm_calc *read_calc(loader *ld, const char *key, const jm_node *v, jm_calc_use use, jm_metric *m)
{
    jm_calc *c = jm_alloc(ld->a, sizeof *c);
    if (!c) return NULL;
    c->pos = v->pos;
    c->use = use;
    c->source_ix = -1;
    c->metric = m;
    calc_sink sk = {c, m, true};
    ld_each_pair(ld, v, calc_pair, &sk);
    if (!sk.ok || !c->from.s) return NULL;
    int kind = c->compute.s ? jm_compute_kind_of(c->compute.s, c->compute.len) : JM_COMPUTE_MEAN;
    if (!c->compute.s && use == JM_CALC_METRIC) {
        jm_error(ld->doc, v->pos, "a metric computed from data needs 'compute': %s",
                 "mean, median, sum, min, max, count, distinct, share, nps or csat");
        return NULL;
    }
    if (!c->compute.s && use == JM_CALC_REACH) {
        jm_error(ld->doc, v->pos, "a reach computed from data needs 'compute': sum, count, distinct, min or max");
        return NULL;
    }
    if (!c->column.s && kind != JM_COMPUTE_COUNT) {
        jm_error(ld->doc, v->pos, "'%s' computed from '%s' needs 'column': the header of the column to read", key,
                 c->from.s);
        return NULL;
    }
    if (kind == JM_COMPUTE_SHARE && c->values.n == 0) {
        jm_error(ld->doc, c->compute.pos, "'share' needs 'values': the answers whose share is counted");
        return NULL;
    }
    if (kind != JM_COMPUTE_SHARE && c->values.n) {
        jm_error(ld->doc, c->values.pos, "'values' is read by 'compute: share' only");
        return NULL;
    }
    jmap_journey *j = ld->j;
    if (j->calcs_last) j->calcs_last->next = c;
    else j->calcs = c;
    j->calcs_last = c;
    return c;
}

jm_calc *ld_calc(loader *ld, const char *key, const jm_node *v, jm_calc_use use)
{
    return read_calc(ld, key, v, use, NULL);
}

bool ld_metric_calc(loader *ld, const jm_node *k, const jm_node *v, jm_metric *m)
{
    jm_calc *c = read_calc(ld, k->s, v, JM_CALC_METRIC, m);
    if (!c) return false;
    m->calc = c;
    m->value.pos = v->pos;
    m->value.key = k->pos;
    return true;
}

void ld_calcs_of(jm_touchpoint *t)
{
    for (size_t i = 0; i < t->n_scores; i++)
        if (t->scores[i].calc) t->scores[i].calc->touchpoint = t;
    for (size_t i = 0; i < t->n_targets; i++)
        if (t->targets[i].calc) t->targets[i].calc->touchpoint = t;
}
