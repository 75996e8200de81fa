/* Computed values (compute.h): exact decimal arithmetic on whole numbers. */
#include "load/compute.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/decimal.h"
#include "base/strmap.h"


__extension__ typedef __int128 i128;
__extension__ typedef unsigned __int128 u128;

/* A cell's number in billionths: 9 decimals and 18 digits before the point
 * at most, so that a million of them add up well inside 128 bits. */
#define FRAC_DIGITS 9
#define INT_DIGITS 18
static const i128 SCALE = 1000000000;

int jm_compute_kind_of(const char *s, size_t len)
{
    for (int k = 0; k < JM_COMPUTE_KINDS; k++)
        if (strlen(jm_compute_names[k]) == len && memcmp(jm_compute_names[k], s, len) == 0) return k;
    return -1;
}

bool jm_compute_numeric(jm_compute_kind k) { return k != JM_COMPUTE_COUNT && k != JM_COMPUTE_DISTINCT && k != JM_COMPUTE_SHARE; }

/* num / den rounded half away from zero; den > 0. */
static i128 div_round(i128 num, i128 den)
{
    i128 q = num / den, r = num % den;
    if (r < 0) r = -r;
    if (2 * r >= den) q += num < 0 ? -1 : 1;
    return q;
}

/* v written in decimal, with `decimals` digits after the point taken from a
 * value scaled by 10^decimals (trailing zeros kept), into buf. */
static void fmt_fixed(i128 v, int decimals, bool plus, char *buf, size_t size)
{
    char digits[64];
    size_t n = 0;
    bool neg = v < 0;
    u128 u = neg ? (u128)0 - (u128)v : (u128)v;
    do {
        digits[n++] = (char)('0' + (int)(u % 10));
        u /= 10;
    } while (u || n <= (size_t)decimals);
    char out[80];
    size_t o = 0;
    if (neg) out[o++] = '-';
    else if (plus && v > 0) out[o++] = '+';
    while (n) {
        if (n == (size_t)decimals) out[o++] = '.';
        out[o++] = digits[--n];
    }
    out[o] = '\0';
    snprintf(buf, size, "%s", out);
}

/* An exact value of billionths written shortest: "12.5", "7", "-0.25". */
static void fmt_exact(i128 v, char *buf, size_t size)
{
    int decimals = FRAC_DIGITS;
    while (decimals > 0 && v % 10 == 0) {
        v /= 10;
        decimals--;
    }
    fmt_fixed(v, decimals, false, buf, size);
}

typedef enum { NUM_OK, NUM_EMPTY, NUM_BAD, NUM_PRECISE } num_read;

/* The trimmed cell as billionths. */
static num_read read_num(const char *s, size_t len, i128 *out)
{
    jm_trim(&s, &len);
    if (!len) return NUM_EMPTY;
    jm_decimal d;
    if (!jm_decimal_parse(s, len, &d)) return NUM_BAD;
    if (d.n == 0) {
        *out = 0;
        return NUM_OK;
    }
    /* 0.DIGITS x 10^exp = DIGITS x 10^(exp - n) */
    long long shift = d.exp - (long long)d.n + FRAC_DIGITS;
    if (shift < 0 || d.exp > INT_DIGITS) return NUM_PRECISE;
    i128 v = 0;
    for (size_t i = 0; i < d.n; i++) v = v * 10 + (d.digits[i] - '0');
    for (long long i = 0; i < shift; i++) v *= 10;
    *out = d.neg ? -v : v;
    return NUM_OK;
}

static double to_double(i128 v, i128 scale) { return (double)v / (double)scale; }

static bool cell_is(const char *s, size_t len, const jm_texts *set)
{
    jm_trim(&s, &len);
    for (size_t i = 0; i < set->n; i++) {
        const char *v = set->s[i];
        size_t vl = set->len[i];
        jm_trim(&v, &vl);
        if (vl == len && memcmp(v, s, len) == 0) return true;
    }
    return false;
}

static bool row_passes(const jm_csv *t, size_t row, const jm_compute_req *req)
{
    for (size_t w = 0; w < req->n_where; w++) {
        const jm_csv_cell *c = jm_csv_at(t, row, req->where[w].col);
        if (!cell_is(jm_csv_str(t, c), c->len, &req->where[w].values)) return false;
    }
    return true;
}

void jm_cell_error_message(const jm_cell_error *e, const jm_compute_req *req, char *buf, size_t size)
{
    const char *name = jm_compute_names[req->kind];
    switch (e->kind) {
    case JM_CELL_NOT_NUMBER: snprintf(buf, size, "'%s' is not a number (%s needs numbers)", e->text, name); break;
    case JM_CELL_TOO_PRECISE:
        snprintf(buf, size, "'%s' has more than %d digits before the point or %d after it", e->text, INT_DIGITS,
                 FRAC_DIGITS);
        break;
    case JM_CELL_OUT_OF_SCALE:
        snprintf(buf, size, "%s is outside the scale [%g, %g]", e->text, req->lo, req->hi);
        break;
    case JM_CELL_NOT_NPS: snprintf(buf, size, "an NPS answer is a whole number from 0 to 10, not '%s'", e->text); break;
    case JM_CELL_NOT_CSAT: snprintf(buf, size, "a CSAT answer is a whole number from 1 to 5, not '%s'", e->text); break;
    }
}

/* The k-th smallest of v[0..n) (Hoare's selection, the middle as pivot):
 * linear on the whole, where sorting a million answers was most of the
 * cost of a median. v is reordered. */
static i128 select_kth(i128 *v, size_t n, size_t k)
{
    size_t lo = 0, hi = n - 1;
    while (lo < hi) {
        i128 pivot = v[lo + (hi - lo) / 2];
        size_t i = lo, j = hi;
        while (i <= j) {
            while (v[i] < pivot) i++;
            while (v[j] > pivot) j--;
            if (i <= j) {
                i128 t = v[i];
                v[i] = v[j];
                v[j] = t;
                i++;
                if (j == 0) break;
                j--;
            }
        }
        if (k <= j) hi = j;
        else if (k >= i) lo = i;
        else return v[k];
    }
    return v[k];
}

typedef struct acc {
    i128 sum, min, max;
    size_t n, hits;             /* hits: share, nps (promoters), csat */
    size_t detractors;
    i128 *all;                  /* median: every value */
    jm_strmap seen;             /* distinct */
    bool oom;
    bool bad;                   /* a cell was in error */
} acc;

static void push_error(jm_vec *errors, size_t max, jm_cell_error_kind k, const jm_csv *t, const jm_csv_cell *c,
                       size_t col, acc *a)
{
    a->bad = true;
    if (errors->n >= max) return;
    jm_cell_error *e = jm_vec_push(errors);
    if (!e) {
        a->oom = true;
        return;
    }
    *e = (jm_cell_error){k, c->line, (uint32_t)(col + 1), jm_csv_str(t, c)};
}

/* One row's cell into the accumulator. */
static void take(acc *a, const jm_csv *t, size_t row, const jm_compute_req *req, jm_vec *errors, size_t max)
{
    const jm_csv_cell *c = jm_csv_at(t, row, req->col);
    const char *s = jm_csv_str(t, c);
    size_t len = c->len;
    if (req->kind == JM_COMPUTE_COUNT) {
        a->n++;
        return;
    }
    if (!jm_compute_numeric(req->kind)) {
        jm_trim(&s, &len);
        if (!len) return;
        a->n++;
        if (req->kind == JM_COMPUTE_SHARE) {
            if (cell_is(s, len, &req->share)) a->hits++;
        } else if (!jm_strmap_get(&a->seen, s, len)) {
            if (!jm_strmap_put(&a->seen, s, len, (void *)1)) a->oom = true;
            a->hits++;
        }
        return;
    }
    i128 v;
    num_read r = read_num(s, len, &v);
    if (r == NUM_EMPTY) return;
    if (r != NUM_OK) {
        push_error(errors, max, r == NUM_BAD ? JM_CELL_NOT_NUMBER : JM_CELL_TOO_PRECISE, t, c, req->col, a);
        return;
    }
    if (req->kind == JM_COMPUTE_NPS && (v % SCALE != 0 || v < 0 || v > 10 * SCALE)) {
        push_error(errors, max, JM_CELL_NOT_NPS, t, c, req->col, a);
        return;
    }
    if (req->kind == JM_COMPUTE_CSAT && (v % SCALE != 0 || v < SCALE || v > 5 * SCALE)) {
        push_error(errors, max, JM_CELL_NOT_CSAT, t, c, req->col, a);
        return;
    }
    if (req->check_scale) {
        double d = to_double(v, SCALE);
        if (!(d >= req->lo && d <= req->hi)) {
            push_error(errors, max, JM_CELL_OUT_OF_SCALE, t, c, req->col, a);
            return;
        }
    }
    if (a->n == 0 || v < a->min) a->min = v;
    if (a->n == 0 || v > a->max) a->max = v;
    if (a->all) a->all[a->n] = v;
    a->n++;
    a->sum += v;
    if (req->kind == JM_COMPUTE_NPS) {
        if (v >= 9 * SCALE) a->hits++;
        else if (v <= 6 * SCALE) a->detractors++;
    } else if (req->kind == JM_COMPUTE_CSAT && v >= 4 * SCALE) {
        a->hits++;
    }
}

static void set_whole(jm_computed *out, i128 v, const char *suffix, bool plus)
{
    char num[JM_COMPUTED_TEXT];
    fmt_fixed(v, 0, false, out->plain, sizeof out->plain);
    fmt_fixed(v, 0, plus, num, sizeof num);
    snprintf(out->text, sizeof out->text, "%s%s", num, suffix);
    out->value = (double)v;
}

static void set_tenths(jm_computed *out, i128 tenths)
{
    fmt_fixed(tenths, 1, false, out->plain, sizeof out->plain);
    memcpy(out->text, out->plain, sizeof out->text);
    out->value = to_double(tenths, 10);
}

static void set_exact(jm_computed *out, i128 v)
{
    fmt_exact(v, out->plain, sizeof out->plain);
    memcpy(out->text, out->plain, sizeof out->text);
    out->value = to_double(v, SCALE);
}

static void result(const acc *a, const jm_compute_req *req, jm_computed *out)
{
    i128 n = (i128)a->n;
    switch (req->kind) {
    case JM_COMPUTE_MEAN: set_tenths(out, div_round(a->sum * 10, n * SCALE)); break;
    case JM_COMPUTE_MEDIAN: {
        size_t m = a->n / 2;
        i128 upper = select_kth(a->all, a->n, m);
        if (a->n % 2) {
            set_tenths(out, div_round(upper * 10, SCALE));
        } else { /* the lower middle: the largest of what lies below the upper one */
            i128 lower = a->all[0];
            for (size_t i = 1; i < m; i++)
                if (a->all[i] > lower) lower = a->all[i];
            set_tenths(out, div_round((lower + upper) * 10, 2 * SCALE));
        }
        break;
    }
    case JM_COMPUTE_SUM: set_exact(out, a->sum); break;
    case JM_COMPUTE_MIN: set_exact(out, a->min); break;
    case JM_COMPUTE_MAX: set_exact(out, a->max); break;
    case JM_COMPUTE_COUNT: set_whole(out, n, "", false); break;
    case JM_COMPUTE_DISTINCT: set_whole(out, (i128)a->hits, "", false); break;
    case JM_COMPUTE_SHARE:
    case JM_COMPUTE_CSAT: set_whole(out, div_round((i128)a->hits * 100, n), "%", false); break;
    case JM_COMPUTE_NPS: set_whole(out, div_round(((i128)a->hits - (i128)a->detractors) * 100, n), "", true); break;
    case JM_COMPUTE_KINDS: break;
    }
}

bool jm_compute(const jm_csv *t, const jm_compute_req *req, jm_computed *out, jm_vec *errors, size_t max_errors,
                const jmap_mem *mem)
{
    memset(out, 0, sizeof *out);
    acc a = {0};
    jm_strmap_init(&a.seen, mem);
    size_t n = req->rows ? req->n_rows : t->n_rows;
    if (req->kind == JM_COMPUTE_MEDIAN && n) {
        a.all = jm_mem_alloc(mem, n * sizeof *a.all);
        if (!a.all) return false;
    }
    for (size_t i = 0; i < n && !a.oom; i++) {
        size_t row = req->rows ? req->rows[i] : i + 1;
        if (row >= 1 && row <= t->n_rows && row_passes(t, row, req)) take(&a, t, row, req, errors, max_errors);
    }
    out->n = a.n;
    if (a.n && !a.bad && !a.oom) result(&a, req, out);
    jm_mem_free(mem, a.all);
    jm_strmap_release(&a.seen);
    return !a.oom;
}
