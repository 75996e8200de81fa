/* The CSV/TSV reader (load/csv.c) and the computes (load/compute.c), against
 * tables and results worked out by hand. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "load/compute.h"
#include "load/csv.h"
#include "model/limits.h"

/* the cases below name only the fields they need */
#if defined(__GNUC__)
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
#endif

typedef struct table {
    jm_arena arena;
    jm_csv csv;
    jm_vec errors;
} table;

static void read_sep(table *t, const char *data, size_t len, char sep)
{
    jm_arena_init(&t->arena, NULL);
    jm_vec_init(&t->errors, sizeof(jm_csv_error), NULL);
    assert_true(jm_csv_read(data, len, sep, &t->arena, &t->csv, &t->errors, 50));
}
static void read_csv(table *t, const char *data) { read_sep(t, data, strlen(data), ','); }

static void done(table *t)
{
    jm_vec_release(&t->errors);
    jm_arena_free(&t->arena);
}

static const char *cell(const table *t, size_t row, size_t col)
{
    assert_true(row <= t->csv.n_rows && col < t->csv.n_cols);
    return jm_csv_str(&t->csv, jm_csv_at(&t->csv, row, col));
}

static const jm_csv_error *err(const table *t, size_t i)
{
    assert_true(i < t->errors.n);
    return &((const jm_csv_error *)t->errors.items)[i];
}

static void expect_error(const table *t, size_t i, jm_csv_error_kind kind, uint32_t line, uint32_t col)
{
    const jm_csv_error *e = err(t, i);
    char msg[256];
    jm_csv_error_message(e, msg, sizeof msg);
    if (e->kind != kind || e->line != line || e->col != col)
        fail_msg("error %zu: kind %d at %u:%u (%s), expected kind %d at %u:%u", i, e->kind, e->line, e->col, msg, kind,
                 line, col);
}

static void test_plain(void **state)
{
    (void)state;
    table t;
    read_csv(&t, "a,b,c\n1,2,3\n4,,6\n");
    assert_int_equal(t.errors.n, 0);
    assert_int_equal(t.csv.n_cols, 3);
    assert_int_equal(t.csv.n_rows, 2);
    assert_string_equal(cell(&t, 0, 2), "c");
    assert_string_equal(cell(&t, 2, 1), "");
    assert_string_equal(cell(&t, 2, 2), "6");
    assert_int_equal(jm_csv_at(&t.csv, 2, 0)->line, 3);
    assert_int_equal(jm_csv_column(&t.csv, " b ", 3), 1);
    assert_int_equal(jm_csv_column(&t.csv, "d", 1), -1);
    done(&t);
}

static void test_quotes_and_newlines(void **state)
{
    (void)state;
    table t;
    /* a quoted comma, a doubled quote, a field over three lines; the row
     * after it starts on line 5 */
    read_csv(&t, "id,comment,score\n1,\"slow, very slow\",2\n2,\"said \"\"hi\"\"\nthen\nleft\",3\n3,ok,4");
    assert_int_equal(t.errors.n, 0);
    assert_int_equal(t.csv.n_rows, 3);
    assert_string_equal(cell(&t, 1, 1), "slow, very slow");
    assert_string_equal(cell(&t, 2, 1), "said \"hi\"\nthen\nleft");
    assert_int_equal(jm_csv_at(&t.csv, 2, 1)->line, 3);
    assert_int_equal(jm_csv_at(&t.csv, 2, 2)->line, 5); /* after the newlines of the field before it */
    assert_int_equal(jm_csv_at(&t.csv, 3, 0)->line, 6);
    assert_string_equal(cell(&t, 3, 2), "4"); /* no line end at the end of the file */
    assert_int_equal(t.csv.lines, 6);
    done(&t);
}

static void test_bom_crlf(void **state)
{
    (void)state;
    table t;
    read_csv(&t, "\xEF\xBB\xBFname,score\r\nann,\"4\"\r\nbob,5\r\n");
    assert_int_equal(t.errors.n, 0);
    assert_string_equal(cell(&t, 0, 0), "name"); /* the BOM is not part of the first header */
    assert_string_equal(cell(&t, 1, 1), "4");
    assert_string_equal(cell(&t, 2, 1), "5"); /* no \r left */
    assert_int_equal(jm_csv_at(&t.csv, 2, 0)->line, 3);
    done(&t);
    /* a CR alone ends a line, as in an editor, inside quotes too */
    read_csv(&t, "a,b\r1,\"x\ry\"\r2,3");
    assert_int_equal(t.errors.n, 0);
    assert_int_equal(t.csv.n_rows, 2);
    assert_string_equal(cell(&t, 1, 1), "x\ry");
    assert_int_equal(jm_csv_at(&t.csv, 2, 0)->line, 4);
    done(&t);
}

static void test_tsv(void **state)
{
    (void)state;
    assert_int_equal(jm_csv_separator("data/x.tsv"), '\t');
    assert_int_equal(jm_csv_separator("X.TSV"), '\t');
    assert_int_equal(jm_csv_separator("x.csv"), ',');
    assert_int_equal(jm_csv_separator("tsv"), ',');
    table t;
    const char *d = "a\tb\n1,5\t2\n";
    read_sep(&t, d, strlen(d), '\t');
    assert_int_equal(t.errors.n, 0);
    assert_string_equal(cell(&t, 1, 0), "1,5");
    done(&t);
}

static void test_blank_lines_skipped(void **state)
{
    (void)state;
    table t;
    read_csv(&t, "a,b\n\n1,2\r\n\n\n3,4\n\n");
    assert_int_equal(t.errors.n, 0);
    assert_int_equal(t.csv.n_rows, 2);
    assert_int_equal(jm_csv_at(&t.csv, 1, 0)->line, 3);
    assert_int_equal(jm_csv_at(&t.csv, 2, 1)->line, 6);
    done(&t);
}

static void test_ragged(void **state)
{
    (void)state;
    table t;
    read_csv(&t, "a,b,c\n1,2\n1,2,3\n1,2,3,4\n");
    assert_int_equal(t.errors.n, 2);
    expect_error(&t, 0, JM_CSV_RAGGED, 2, 3); /* the missing third field */
    assert_int_equal(err(&t, 0)->got, 2);
    assert_int_equal(err(&t, 0)->want, 3);
    expect_error(&t, 1, JM_CSV_RAGGED, 4, 4); /* the field too many */
    char msg[128];
    jm_csv_error_message(err(&t, 1), msg, sizeof msg);
    assert_string_equal(msg, "this row has 4 fields, the header has 3");
    assert_int_equal(t.csv.n_rows, 3); /* kept rectangular */
    assert_string_equal(cell(&t, 1, 2), "");
    done(&t);
}

static void test_invalid_utf8(void **state)
{
    (void)state;
    table t;
    read_csv(&t, "a,b\nok,caf\xE9\n\"\xFF\",x\nfine,\"quoted \xC3\"\n");
    assert_int_equal(t.errors.n, 3);
    expect_error(&t, 0, JM_CSV_NOT_UTF8, 2, 2);
    expect_error(&t, 1, JM_CSV_NOT_UTF8, 3, 1);
    expect_error(&t, 2, JM_CSV_NOT_UTF8, 4, 2);
    done(&t);
}

static void test_empty_and_header_only(void **state)
{
    (void)state;
    table t;
    read_csv(&t, "");
    assert_int_equal(t.errors.n, 1);
    expect_error(&t, 0, JM_CSV_EMPTY, 1, 1);
    done(&t);
    read_csv(&t, "\xEF\xBB\xBF\r\n\n");
    expect_error(&t, 0, JM_CSV_EMPTY, 1, 1);
    done(&t);
    read_csv(&t, "a,b,c\n");
    assert_int_equal(t.errors.n, 1);
    expect_error(&t, 0, JM_CSV_NO_ROWS, 1, 1);
    assert_int_equal(t.csv.n_cols, 3);
    assert_int_equal(t.csv.n_rows, 0);
    done(&t);
}

static void test_open_quote(void **state)
{
    (void)state;
    table t;
    read_csv(&t, "a,b\n1,2\n3,\"never\nclosed,4\n5,6\n");
    assert_int_equal(t.errors.n, 1);
    expect_error(&t, 0, JM_CSV_OPEN_QUOTE, 3, 2);
    assert_int_equal(t.csv.n_rows, 1); /* the rows before it */
    done(&t);
    read_csv(&t, "\"a");
    expect_error(&t, 0, JM_CSV_OPEN_QUOTE, 1, 1);
    assert_int_equal(t.csv.n_cols, 0);
    done(&t);
}

static void test_text_after_quote(void **state)
{
    (void)state;
    table t;
    read_csv(&t, "a,b\n\"x\"y,2\n3,\"z\" \n");
    assert_int_equal(t.errors.n, 2);
    expect_error(&t, 0, JM_CSV_AFTER_QUOTE, 2, 1);
    expect_error(&t, 1, JM_CSV_AFTER_QUOTE, 3, 2);
    done(&t);
}

static void test_duplicate_header(void **state)
{
    (void)state;
    table t;
    read_csv(&t, "score,x, score ,,\n1,2,3,4,5\n");
    assert_int_equal(t.errors.n, 1);
    expect_error(&t, 0, JM_CSV_DUP_HEADER, 1, 3);
    assert_int_equal(err(&t, 0)->want, 1);
    done(&t);
}

static void test_all_errors_at_once_up_to_the_limit(void **state)
{
    (void)state;
    char data[4096] = "a,b\n";
    for (int i = 0; i < 100; i++) strcat(data, "1\n");
    table t;
    read_csv(&t, data);
    assert_int_equal(t.errors.n, 50); /* the limit given */
    expect_error(&t, 49, JM_CSV_RAGGED, 51, 2);
    done(&t);
}

static void test_limits(void **state)
{
    (void)state;
    table t;
    /* the size is checked before anything is read */
    read_sep(&t, "a", (size_t)JM_MAX_INPUT + 1, ',');
    expect_error(&t, 0, JM_CSV_TOO_BIG, 1, 1);
    done(&t);
    /* a million rows and one more */
    size_t rows = JM_MAX_DATA_ROWS + 1, len = 2 + rows * 2;
    char *big = malloc(len);
    assert_non_null(big);
    memcpy(big, "a\n", 2);
    for (size_t i = 0; i < rows; i++) memcpy(big + 2 + i * 2, "1\n", 2);
    read_sep(&t, big, len, ',');
    assert_int_equal(t.errors.n, 1);
    expect_error(&t, 0, JM_CSV_TOO_MANY_ROWS, (uint32_t)rows + 1, 1);
    done(&t);
    read_sep(&t, big, len - 2, ','); /* exactly a million */
    assert_int_equal(t.errors.n, 0);
    assert_int_equal(t.csv.n_rows, JM_MAX_DATA_ROWS);
    done(&t);
    free(big);
}

/* ---- computes ---- */

static const char *survey = "store,recommend,ease,comment,csat\n"
                            "north,10,4,\"great, fast\",5\n"
                            "north,9,5,,4\n"
                            "south,6,2,slow,2\n"
                            "south,0,1,broken,1\n"
                            "east,7,3,ok,3\n"
                            "north, 8 ,,,5\n"
                            "south,3,4.5,slow,4\n";

typedef struct ask {
    jm_compute_kind kind;
    const char *column;
    const char *where_col;      /* NULL: no where */
    const char *where_vals[3];
    const char *share[3];
} ask;

static jm_computed run(const table *t, ask a, jm_vec *cell_errors)
{
    jm_compute_req req = {.kind = a.kind};
    if (a.column) {
        long c = jm_csv_column(&t->csv, a.column, strlen(a.column));
        assert_true(c >= 0);
        req.col = (size_t)c;
    }
    size_t lens[3] = {0}, slens[3] = {0};
    jm_where w;
    size_t nv = 0, ns = 0;
    while (nv < 3 && a.where_vals[nv]) lens[nv] = strlen(a.where_vals[nv]), nv++;
    while (ns < 3 && a.share[ns]) slens[ns] = strlen(a.share[ns]), ns++;
    if (a.where_col) {
        w.col = (size_t)jm_csv_column(&t->csv, a.where_col, strlen(a.where_col));
        w.values = (jm_texts){a.where_vals, lens, nv};
        req.where = &w;
        req.n_where = 1;
    }
    req.share = (jm_texts){a.share, slens, ns};
    jm_computed out;
    assert_true(jm_compute(&t->csv, &req, &out, cell_errors, 50, NULL));
    return out;
}

static void expect(const table *t, ask a, const char *text, const char *plain, size_t n)
{
    jm_vec errors;
    jm_vec_init(&errors, sizeof(jm_cell_error), NULL);
    jm_computed out = run(t, a, &errors);
    if (errors.n) fail_msg("%s: %zu errors", jm_compute_names[a.kind], errors.n);
    if (strcmp(out.text, text) || strcmp(out.plain, plain) || out.n != n)
        fail_msg("%s of %s: '%s' ('%s'), n = %zu; expected '%s' ('%s'), n = %zu", jm_compute_names[a.kind],
                 a.column ? a.column : "-", out.text, out.plain, out.n, text, plain, n);
    jm_vec_release(&errors);
}

static void test_computes_by_hand(void **state)
{
    (void)state;
    table t;
    read_csv(&t, survey);
    assert_int_equal(t.errors.n, 0);
    /* ease: 4 5 2 1 3 _ 4.5 -> 19.5 / 6 = 3.25 -> 3.3 (half away from zero) */
    expect(&t, (ask){JM_COMPUTE_MEAN, "ease"}, "3.3", "3.3", 6);
    /* sorted 1 2 3 4 4.5 5: (3 + 4) / 2 = 3.5 */
    expect(&t, (ask){JM_COMPUTE_MEDIAN, "ease"}, "3.5", "3.5", 6);
    expect(&t, (ask){JM_COMPUTE_SUM, "ease"}, "19.5", "19.5", 6);
    expect(&t, (ask){JM_COMPUTE_MIN, "ease"}, "1", "1", 6);
    expect(&t, (ask){JM_COMPUTE_MAX, "ease"}, "5", "5", 6);
    /* north: 4 5 -> 4.5 (the empty cell skipped) */
    expect(&t, (ask){JM_COMPUTE_MEAN, "ease", "store", {"north"}}, "4.5", "4.5", 2);
    /* an odd count: north and east 4 5 3 -> 4 */
    expect(&t, (ask){JM_COMPUTE_MEDIAN, "ease", "store", {"north", " east "}}, "4.0", "4.0", 3);
    expect(&t, (ask){JM_COMPUTE_COUNT, NULL, "store", {"south"}}, "3", "3", 3);
    expect(&t, (ask){JM_COMPUTE_COUNT, NULL}, "7", "7", 7);
    /* comments: great, fast / slow / broken / ok / slow: 4 distinct of 5 */
    expect(&t, (ask){JM_COMPUTE_DISTINCT, "comment"}, "4", "4", 5);
    /* slow or broken among 5 answers: 3/5 = 60% */
    expect(&t, (ask){JM_COMPUTE_SHARE, "comment", NULL, {0}, {"slow", "broken"}}, "60%", "60", 5);
    /* recommend: 10 9 6 0 7 8 3: promoters 2, detractors 3, of 7:
     * (2 - 3) / 7 = -14.28...% -> -14 */
    expect(&t, (ask){JM_COMPUTE_NPS, "recommend"}, "-14", "-14", 7);
    /* north: 10 9 8 -> +67 (66.67) */
    expect(&t, (ask){JM_COMPUTE_NPS, "recommend", "store", {"north"}}, "+67", "67", 3);
    /* csat: 5 4 2 1 3 5 4: 4 of 7 = 57.14 -> 57% */
    expect(&t, (ask){JM_COMPUTE_CSAT, "csat"}, "57%", "57", 7);
    done(&t);
}

static void test_rounding_half_away_from_zero(void **state)
{
    (void)state;
    table t;
    /* -12.5 as a whole: an NPS of 1 promoter, 0 passive, 3 detractors of 8?
     * simpler: means of two cells, exact halves of a tenth */
    read_csv(&t, "v,w,x,y\n-1.2,1.2,0.1,0\n-1.3,1.3,0.2,0\n");
    expect(&t, (ask){JM_COMPUTE_MEAN, "v"}, "-1.3", "-1.3", 2); /* -1.25 */
    expect(&t, (ask){JM_COMPUTE_MEAN, "w"}, "1.3", "1.3", 2);   /* 1.25 */
    /* 0.15: a double holds 0.1499999..., the exact sum does not */
    expect(&t, (ask){JM_COMPUTE_MEAN, "x"}, "0.2", "0.2", 2);
    expect(&t, (ask){JM_COMPUTE_MEAN, "y"}, "0.0", "0.0", 2);
    expect(&t, (ask){JM_COMPUTE_SUM, "x"}, "0.3", "0.3", 2);
    done(&t);
    /* NPS of exactly -12.5: 8 answers, 1 promoter, 2 detractors -> -12.5 -> -13 */
    read_csv(&t, "r\n10\n6\n5\n8\n8\n8\n7\n7\n");
    expect(&t, (ask){JM_COMPUTE_NPS, "r"}, "-13", "-13", 8);
    done(&t);
    /* +12.5 -> +13; 0 has no sign */
    read_csv(&t, "r,s\n10,10\n10,0\n6,8\n8,8\n8,8\n8,8\n7,7\n7,7\n");
    expect(&t, (ask){JM_COMPUTE_NPS, "r"}, "+13", "13", 8);
    expect(&t, (ask){JM_COMPUTE_NPS, "s"}, "0", "0", 8);
    /* share of 1 in 8: 12.5% -> 13% */
    expect(&t, (ask){JM_COMPUTE_SHARE, "r", NULL, {0}, {"6"}}, "13%", "13", 8);
    done(&t);
}

static void test_median_of_many(void **state)
{
    (void)state;
    /* a permutation of 0..999, then the same with each value twice and one 5000 */
    static char data[32768];
    size_t o = (size_t)snprintf(data, sizeof data, "v,w\n");
    for (int i = 0; i < 1000; i++) o += (size_t)snprintf(data + o, sizeof data - o, "%d,%d\n", (i * 7919) % 1000, (i * 7919) % 1000 / 2);
    o += (size_t)snprintf(data + o, sizeof data - o, ",5000\n");
    table t;
    read_csv(&t, data);
    assert_int_equal(t.errors.n, 0);
    expect(&t, (ask){JM_COMPUTE_MEDIAN, "v"}, "499.5", "499.5", 1000); /* (499 + 500) / 2 */
    /* 0 0 1 1 ... 499 499 and 5000: 1001 values, the middle one is 250 */
    expect(&t, (ask){JM_COMPUTE_MEDIAN, "w"}, "250.0", "250.0", 1001);
    expect(&t, (ask){JM_COMPUTE_MAX, "w"}, "5000", "5000", 1001);
    done(&t);
}

static void expect_cell_error(const char *csv, ask a, jm_cell_error_kind kind, uint32_t line, uint32_t col,
                              const char *message)
{
    table t;
    read_csv(&t, csv);
    assert_int_equal(t.errors.n, 0);
    jm_vec errors;
    jm_vec_init(&errors, sizeof(jm_cell_error), NULL);
    jm_computed out = run(&t, a, &errors);
    assert_int_equal(errors.n, 1);
    const jm_cell_error *e = errors.items;
    jm_compute_req req = {.kind = a.kind, .lo = 1, .hi = 5};
    char msg[256];
    jm_cell_error_message(e, &req, msg, sizeof msg);
    if (e->kind != kind || e->line != line || e->col != col || strcmp(msg, message))
        fail_msg("%d at %u:%u '%s'; expected %d at %u:%u '%s'", e->kind, e->line, e->col, msg, kind, line, col, message);
    assert_string_equal(out.text, ""); /* never a number made up */
    jm_vec_release(&errors);
    done(&t);
}

static void test_cell_errors(void **state)
{
    (void)state;
    expect_cell_error("a,b\nx,3\ny,n/a\n", (ask){JM_COMPUTE_MEAN, "b"}, JM_CELL_NOT_NUMBER, 3, 2,
                      "'n/a' is not a number (mean needs numbers)");
    expect_cell_error("a,b\nx,\"3,5\"\n", (ask){JM_COMPUTE_MEDIAN, "b"}, JM_CELL_NOT_NUMBER, 2, 2,
                      "'3,5' is not a number (median needs numbers)");
    expect_cell_error("b\n11\n", (ask){JM_COMPUTE_NPS, "b"}, JM_CELL_NOT_NPS, 2, 1,
                      "an NPS answer is a whole number from 0 to 10, not '11'");
    expect_cell_error("b\n7.5\n", (ask){JM_COMPUTE_NPS, "b"}, JM_CELL_NOT_NPS, 2, 1,
                      "an NPS answer is a whole number from 0 to 10, not '7.5'");
    expect_cell_error("b\n0\n", (ask){JM_COMPUTE_CSAT, "b"}, JM_CELL_NOT_CSAT, 2, 1,
                      "a CSAT answer is a whole number from 1 to 5, not '0'");
    expect_cell_error("b\n0.0000000001\n", (ask){JM_COMPUTE_SUM, "b"}, JM_CELL_TOO_PRECISE, 2, 1,
                      "'0.0000000001' has more than 18 digits before the point or 9 after it");
}

static void test_scale_check(void **state)
{
    (void)state;
    table t;
    read_csv(&t, "s\n1\n5\n5.5\n0.99\n");
    jm_compute_req req = {.kind = JM_COMPUTE_MEAN, .col = 0, .check_scale = true, .lo = 1, .hi = 5};
    jm_vec errors;
    jm_vec_init(&errors, sizeof(jm_cell_error), NULL);
    jm_computed out;
    assert_true(jm_compute(&t.csv, &req, &out, &errors, 50, NULL));
    assert_int_equal(errors.n, 2);
    const jm_cell_error *e = errors.items;
    assert_int_equal(e[0].line, 4);
    assert_int_equal(e[1].line, 5);
    char msg[128];
    jm_cell_error_message(&e[0], &req, msg, sizeof msg);
    assert_string_equal(msg, "5.5 is outside the scale [1, 5]");
    jm_vec_release(&errors);
    done(&t);
}

static void test_empty_selection(void **state)
{
    (void)state;
    table t;
    read_csv(&t, survey);
    jm_vec errors;
    jm_vec_init(&errors, sizeof(jm_cell_error), NULL);
    jm_computed out = run(&t, (ask){JM_COMPUTE_MEAN, "ease", "store", {"west"}}, &errors);
    assert_int_equal(out.n, 0);
    assert_string_equal(out.text, "");
    jm_vec_release(&errors);
    done(&t);
}

static void test_names(void **state)
{
    (void)state;
    assert_int_equal(jm_compute_kind_of("nps", 3), JM_COMPUTE_NPS);
    assert_int_equal(jm_compute_kind_of("mean", 4), JM_COMPUTE_MEAN);
    assert_int_equal(jm_compute_kind_of("average", 7), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain),
        cmocka_unit_test(test_quotes_and_newlines),
        cmocka_unit_test(test_bom_crlf),
        cmocka_unit_test(test_tsv),
        cmocka_unit_test(test_blank_lines_skipped),
        cmocka_unit_test(test_ragged),
        cmocka_unit_test(test_invalid_utf8),
        cmocka_unit_test(test_empty_and_header_only),
        cmocka_unit_test(test_open_quote),
        cmocka_unit_test(test_text_after_quote),
        cmocka_unit_test(test_duplicate_header),
        cmocka_unit_test(test_all_errors_at_once_up_to_the_limit),
        cmocka_unit_test(test_limits),
        cmocka_unit_test(test_computes_by_hand),
        cmocka_unit_test(test_rounding_half_away_from_zero),
        cmocka_unit_test(test_median_of_many),
        cmocka_unit_test(test_cell_errors),
        cmocka_unit_test(test_scale_check),
        cmocka_unit_test(test_empty_selection),
        cmocka_unit_test(test_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
