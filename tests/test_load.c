/* Loading and validating journey files: every error class of the format
 * spec's Errors section and every rule of its Values section, each checked
 * for the exact line and column of the diagnostic and the key words of its
 * message; the resolved model for the rules that produce values; and the
 * limits (depth, aliases, touchpoints, size), each with a bound on the work
 * the load does (its allocations, in proportion to the input), so that no
 * input makes the loader slow whatever the machine's speed; how cost grows
 * with the input is checked in tests/e2e/test_patho_*.py. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/doc.h"
#include "jmap/jmap.h"
#include "model/model.h"

#define FNAME "t.yaml"

/* ---- helpers ---- */

/* An expected diagnostic: position and the phrases its message must contain,
 * separated by '|'. */
typedef struct want {
    int line, col;
    const char *words;
} want;

static jmap_doc *load_n(const char *data, size_t len)
{
    jmap_doc *doc = jmap_load(data, len, FNAME);
    assert_non_null(doc);
    return doc;
}

static jmap_doc *load(const char *yaml) { return load_n(yaml, strlen(yaml)); }

static bool has_words(const char *msg, const char *words)
{
    char buf[512];
    snprintf(buf, sizeof buf, "%s", words);
    for (char *w = strtok(buf, "|"); w; w = strtok(NULL, "|"))
        if (!strstr(msg, w)) return false;
    return true;
}

static void dump(const jmap_doc *doc)
{
    size_t n = jmap_doc_diag_count(doc);
    print_error("  got %zu diagnostics (%zu errors):\n", n, jmap_doc_error_count(doc));
    for (size_t i = 0; i < n; i++) {
        const jmap_diag *d = jmap_doc_diag(doc, i);
        print_error("    %d:%d: %s\n", d->line, d->column, d->message);
    }
}

/* The index of the table case being checked, for failure messages; -1 outside tables. */
static int table_case = -1;

/* Fails at the caller's line unless doc has exactly these diagnostics, in this order. */
static void check_diags(const char *file, int line, const char *yaml, jmap_doc *doc, const want *w, size_t n)
{
    bool ok = jmap_doc_diag_count(doc) == n && jmap_doc_error_count(doc) == n;
    for (size_t i = 0; ok && i < n; i++) {
        const jmap_diag *d = jmap_doc_diag(doc, i);
        ok = d->line == w[i].line && d->column == w[i].col && d->severity == JMAP_ERROR &&
             strcmp(d->file, FNAME) == 0 && has_words(d->message, w[i].words);
    }
    if (!ok) {
        if (table_case >= 0) print_error("table case %d\n", table_case);
        if (yaml && strlen(yaml) < 2000) print_error("input:\n%s\n", yaml);
        print_error("  expected %zu diagnostics:\n", n);
        for (size_t i = 0; i < n; i++) print_error("    %d:%d: ...%s...\n", w[i].line, w[i].col, w[i].words);
        dump(doc);
        jmap_doc_free(doc);
        _fail(file, line);
    }
}

static void expect_n(const char *file, int line, const char *data, size_t len, const want *w, size_t n)
{
    jmap_doc *doc = load_n(data, len);
    check_diags(file, line, len < 2000 ? data : NULL, doc, w, n);
    jmap_doc_free(doc);
}

/* EXPECT(yaml, {line, col, "words"}, ...): exactly these diagnostics. */
#define EXPECT(yaml, ...)                                                                   \
    do {                                                                                    \
        const want w_[] = {__VA_ARGS__};                                                    \
        expect_n(__FILE__, __LINE__, (yaml), strlen(yaml), w_, sizeof w_ / sizeof *w_);     \
    } while (0)
/* The same for inputs holding NUL bytes: the length is the literal's. */
#define EXPECT_BYTES(lit, ...)                                                              \
    do {                                                                                    \
        const want w_[] = {__VA_ARGS__};                                                    \
        expect_n(__FILE__, __LINE__, (lit), sizeof(lit) - 1, w_, sizeof w_ / sizeof *w_);   \
    } while (0)

/* Loads yaml, which must have no diagnostic at all; returns the doc. */
static jmap_doc *ok_at(const char *file, int line, const char *yaml, size_t len)
{
    jmap_doc *doc = load_n(yaml, len);
    check_diags(file, line, yaml, doc, NULL, 0);
    if (jmap_doc_journey_count(doc) == 0) {
        print_error("no journey loaded\n");
        jmap_doc_free(doc);
        _fail(file, line);
    }
    return doc;
}
#define LOAD_OK(yaml) ok_at(__FILE__, __LINE__, (yaml), strlen(yaml))
#define EXPECT_OK(yaml) jmap_doc_free(LOAD_OK(yaml))

/* A table of inputs, each expected to give exactly one diagnostic. */
typedef struct one_case {
    const char *yaml;
    int line, col;
    const char *words;
} one_case;

static void expect_table(const char *file, int line, const one_case *c, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        want w = {c[i].line, c[i].col, c[i].words};
        table_case = (int)i;
        expect_n(file, line, c[i].yaml, strlen(c[i].yaml), &w, 1);
    }
    table_case = -1;
}
#define EXPECT_TABLE(cases) expect_table(__FILE__, __LINE__, cases, sizeof cases / sizeof *cases)

static const jmap_journey *journey(const jmap_doc *doc, size_t i)
{
    const jmap_journey *j = jmap_doc_journey(doc, i);
    assert_non_null(j);
    return j;
}

static const jm_touchpoint *tp(const jmap_journey *j, size_t stage, size_t t)
{
    assert_true(stage < j->n_stages);
    assert_true(t < j->stages[stage].n_touchpoints);
    return &j->stages[stage].touchpoints[t];
}

/* A growing string for generated inputs. */
typedef struct buf {
    char *s;
    size_t n, cap;
} buf;

static void add(buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int need = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    assert_true(need >= 0);
    if (b->n + (size_t)need + 1 > b->cap) {
        b->cap = (b->n + (size_t)need + 1) * 2;
        b->s = realloc(b->s, b->cap);
        assert_non_null(b->s);
    }
    va_start(ap, fmt);
    vsnprintf(b->s + b->n, (size_t)need + 1, fmt, ap);
    va_end(ap);
    b->n += (size_t)need;
}

/* ---- the work a load does: what it asks of its allocator ---- */

typedef struct work {
    size_t calls, bytes;   /* allocations, and the bytes they asked for */
} work;

static void *w_calloc(void *ctx, size_t count, size_t size)
{
    work *w = ctx;
    w->calls++;
    w->bytes += count * size;
    return calloc(count, size);
}

static void *w_realloc(void *ctx, void *p, size_t size)
{
    work *w = ctx;
    w->calls++;
    w->bytes += size;
    return realloc(p, size);
}

static void w_free(void *ctx, void *p)
{
    (void)ctx;
    free(p);
}

/* Per byte of input, at most: a load whose work grows faster than its input
 * (an alias bomb expanded, a nesting not cut at its limit) goes far past
 * it, whatever the speed of the machine. */
enum { WORK_CALLS_PER_BYTE = 2, WORK_BYTES_PER_BYTE = 128, WORK_FIXED = 1 << 20 };

static void check_work(const char *file, int line, const work *w, size_t len)
{
    if (w->calls <= WORK_CALLS_PER_BYTE * len + WORK_FIXED && w->bytes <= WORK_BYTES_PER_BYTE * len + WORK_FIXED)
        return;
    print_error("loading %zu bytes made %zu allocations of %zu bytes in all\n", len, w->calls, w->bytes);
    _fail(file, line);
}

static jmap_doc *load_counted(const char *data, size_t len, work *w)
{
    jmap_mem mem = {w_calloc, w_realloc, w_free, w};
    jmap_doc *doc = jmap_load_with(data, len, FNAME, &mem);
    assert_non_null(doc);
    return doc;
}

/* Loads data and checks the diagnostics, and that the load did work in
 * proportion to the input (check_work). */
static void expect_bounded(const char *file, int line, const char *data, size_t len, const want *w, size_t n)
{
    work done = {0, 0};
    jmap_doc *doc = load_counted(data, len, &done);
    check_diags(file, line, NULL, doc, w, n);
    jmap_doc_free(doc);
    if (getenv("JMAP_SHOW_WORK")) print_message("%zu bytes: %zu allocations, %zu bytes\n", len, done.calls, done.bytes);
    check_work(file, line, &done, len);
}
#define EXPECT_BOUNDED(data, len, ...)                                                      \
    do {                                                                                    \
        const want w_[] = {__VA_ARGS__};                                                    \
        expect_bounded(__FILE__, __LINE__, (data), (len), w_, sizeof w_ / sizeof *w_);      \
    } while (0)
#define EXPECT_BOUNDED_OK(data, len) expect_bounded(__FILE__, __LINE__, (data), (len), NULL, 0)

#define MINIMAL "title: t\nstages:\n  - name: a\n"

/* ---- YAML and bytes ---- */

static void test_yaml_syntax_error(void **state)
{
    (void)state;
    EXPECT("title: t: u\nstages:\n  - name: a\n", {1, 9, "YAML syntax error|':'"});
    EXPECT("title: t\nstages:\n  - name: a\n   goal: b\n", {4, 4, "YAML syntax error"});
}

static void test_tab_indentation(void **state)
{
    (void)state;
    EXPECT("title: t\nstages:\n\t- name: a\n", {3, 1, "YAML syntax error|tab"});
    EXPECT("title: t\nstages:\n  - name: a\n    touchpoints:\n\t  - name: b\n", {5, 1, "tab"});
}

static void test_unterminated_quote_points_at_opening_quote(void **state)
{
    (void)state;
    EXPECT("title: t\nstages:\n  - name: \"abc\n", {3, 11, "quoted string is never closed"});
    EXPECT("title: t\nstages:\n  - name: 'abc\n", {3, 11, "never closed"});
    EXPECT("title: t\nstages:\n  - name: a\n    goal: \"b\n    touchpoints: []\n", {4, 11, "never closed"});
}

static void test_invalid_utf8(void **state)
{
    (void)state;
    EXPECT("title: a\xff\nstages:\n  - name: a\n", {1, 9, "not valid UTF-8|0xFF"});
    /* line 3, after multi-byte characters: the column counts characters */
    EXPECT("title: t\nstages:\n  - name: \xc5\x81\xc3\xb3\xff\n", {3, 13, "not valid UTF-8"});
    /* a sequence cut short by the end of the file */
    EXPECT("title: t\nstages:\n  - name: a\xc3", {3, 12, "not valid UTF-8"});
    /* an overlong encoding of '/' and an encoded surrogate */
    EXPECT("title: \xc0\xaf\n", {1, 8, "not valid UTF-8"});
    EXPECT("title: t\nstages: \xed\xa0\x80\n", {2, 9, "not valid UTF-8"});
}

/* Noncharacters (U+FDD0..U+FDEF, U+nFFFE, U+nFFFF) cannot reach an SVG (XML
 * 1.0) or a PDF (cairo refuses them): refused where they stand, raw or as an
 * escape. C0 controls written as escapes are drawn; raw ones are YAML errors;
 * surrogates cannot be written at all. */
static void test_noncharacters(void **state)
{
    (void)state;
#define NC "the noncharacter U+"
    /* raw: libyaml refuses U+FFFE and U+FFFF itself; the other 64 reach the tree */
    EXPECT("title: A \xef\xbf\xbe b\nstages:\n  - name: a\n", {1, 10, NC "FFFE|not allowed|SVG and PDF"});
    EXPECT("title: t\nstages:\n  - name: \xef\xbf\xbf\n", {3, 11, NC "FFFF|not allowed"});
    EXPECT("title: t\nstages:\n  - name: \xc5\x81 \xef\xb7\x90\n", {3, 13, NC "FDD0|not allowed"});
    EXPECT("title: t\nstages:\n  - name: a \xef\xb7\xaf b \xf0\x9f\xbf\xbe\n",
           {3, 13, NC "FDEF"}, {3, 17, NC "1FFFE"});
    EXPECT("title: t\nstages:\n  - name: '\xf4\x8f\xbf\xbf'\n", {3, 12, NC "10FFFF"});
    EXPECT("title: t\nstages:\n  - name: a\n    goal: |\n      one\n      two \xf3\xbf\xbf\xbe\n",
           {6, 11, NC "FFFFE"});
    /* in a key too */
    EXPECT("title: t\n\xef\xb7\x90: x\nstages:\n  - name: a\n", {2, 1, NC "FDD0"}, {2, 1, "unknown key"});
    /* escapes in double-quoted scalars, at the backslash */
    EXPECT("title: \"A \\uFFFE b\"\nstages:\n  - name: a\n",
           {1, 11, "the escape '\\uFFFE' gives the noncharacter U+FFFE|not allowed"});
    EXPECT("title: t\nstages:\n  - name: \"\\\\uFDD0 \\uFDD0 \\U0010FFFF \\uFDCF\"\n",
           {3, 20, "'\\uFDD0'|U+FDD0"}, {3, 27, "'\\U0010FFFF'|U+10FFFF"});
    EXPECT("title: t\nstages:\n  - name: \"a\n      \\\"b\\\" \\U0002FFFF\"\n", {4, 13, "U+2FFFF"});
    /* not noncharacters: the neighbours, escaped \\u written plain or single-quoted */
    EXPECT_OK("title: \"\\uFDCF \\uFDF0 \\uFFFD \\U0001FFFD \\U00100000\"\nstages:\n  - name: a\n");
    EXPECT_OK("title: a \\uFFFE b\nstages:\n  - name: 'x \\uFFFF'\n");
    /* C0 controls and DEL as escapes are text to draw; raw, YAML refuses them */
    EXPECT_OK("title: \"\\x01 \\e \\x7f \\x85 \\v \\b \\x1f\"\nstages:\n  - name: a\n");
    EXPECT("title: a\x1b" "b\nstages:\n  - name: a\n", {1, 9, "control character 0x1B"});
    /* a surrogate escape, or one past U+10FFFF, is an error at the escape */
    EXPECT("title: \"\\uD800\"\nstages:\n  - name: a\n", {1, 9, "the escape '\\uD800' is a UTF-16 surrogate"});
    EXPECT("title: t\nstages:\n  - name: \"ab \\uDFFF\"\n", {3, 15, "'\\uDFFF'|surrogate"});
    EXPECT("title: \"\\U00110000\"\nstages:\n  - name: a\n", {1, 9, "'\\U00110000' is past U+10FFFF"});
#undef NC
}

static void test_nul_byte(void **state)
{
    (void)state;
    EXPECT_BYTES("title: t\nstages:\n  - name: \0a\n", {3, 11, "NUL"});
    EXPECT_BYTES("\0", {1, 1, "NUL"});
}

static void test_utf16_bom_refused(void **state)
{
    (void)state;
    EXPECT_BYTES("\xff\xfet\0i\0t\0l\0e\0:\0 \0t\0\n\0", {1, 1, "UTF-16"});
    EXPECT_BYTES("\xfe\xff\0t\0i\0t\0l\0e\0:\0 \0t\0\n", {1, 1, "UTF-16"});
}

static void test_utf8_bom_accepted(void **state)
{
    (void)state;
    jmap_doc *doc = LOAD_OK("\xef\xbb\xbftitle: t\nstages:\n  - name: a\n");
    assert_string_equal(journey(doc, 0)->title.s, "t");
    jmap_doc_free(doc);
    /* the mark is not a character: columns on line 1 are unchanged */
    EXPECT("\xef\xbb\xbftitel: t\nstages:\n  - name: a\n", {1, 1, "unknown key 'titel'|did you mean 'title'"});
}

/* A misspelt required key is one mistake: one error, with the suggestion,
 * and no "missing required key" beside it. */
static void test_misspelt_required_key_is_one_error(void **state)
{
    (void)state;
    EXPECT("Title: t\nstages:\n  - name: a\n", {1, 1, "unknown key 'Title' in journey|did you mean 'title'"});
    EXPECT("title: t\nstagse:\n  - name: a\n", {2, 1, "unknown key 'stagse' in journey|did you mean 'stages'"});
    EXPECT("title: t\nstages:\n  - nmae: a\n", {3, 5, "unknown key 'nmae' in stage|did you mean 'name'"});
    /* a key that suggests nothing leaves the missing key reported */
    EXPECT("title: t\nstages:\n  - label: a\n", {3, 5, "unknown key 'label' in stage"},
           {3, 5, "missing required key 'name' in stage"});
}

/* Errors at load time do not hide the errors that resolving finds: an item
 * with errors is still checked (its emotions, channel, references), and a
 * persona or channel that failed to load causes no "unknown persona" or
 * "unknown channel" where a reference may have meant it. */
static void test_errors_after_load_errors(void **state)
{
    (void)state;
    /* the issue's case: a stage whose name is misspelt, an emotion outside the scale */
    EXPECT("title: t\nstages:\n  - nmae: X\n    touchpoints:\n      - name: a\n        emotion: 9\n",
           {3, 5, "unknown key 'nmae' in stage|did you mean 'name'"}, {6, 18, "emotion 9 is outside the scale [1, 5]"});
    EXPECT("title: t\nstages:\n  - label: X\n    touchpoints:\n      - name: a\n        emotion: 9\n",
           {3, 5, "unknown key 'label' in stage"}, {3, 5, "missing required key 'name' in stage"},
           {6, 18, "emotion 9 is outside"});
    /* a touchpoint without a name: its channel and emotion are checked */
    EXPECT("title: t\nstages:\n  - name: s\n    touchpoints:\n      - nmae: a\n        channel: webb\n"
           "        emotion: 0\n",
           {5, 9, "unknown key 'nmae' in touchpoint"}, {6, 18, "unknown channel 'webb'|did you mean 'web'"},
           {7, 18, "emotion 0 is outside"});
    /* a scale that failed to load: emotions are not checked against [1, 5] */
    EXPECT("title: t\nscale: [1, x]\nstages:\n  - nmae: s\n    touchpoints:\n      - name: a\n        emotion: 9\n",
           {2, 12, "high end of 'scale' must be a number"}, {4, 5, "unknown key 'nmae'"});
    /* a persona whose name is misspelt: no "unknown persona 'maria'", the scores are checked */
    EXPECT("title: t\npersonas:\n  - nmae: Maria\n  - name: Tom\nstages:\n  - name: s\n    touchpoints:\n"
           "      - name: a\n        personas: [maria, tom]\n        emotion: {maria: 9, tom: 7}\n",
           {3, 5, "unknown key 'nmae' in persona"}, {10, 26, "emotion 9 is outside"},
           {10, 34, "emotion 7 is outside"});
    /* a persona with a bad name or a bad id: the same */
    EXPECT("title: t\npersonas:\n  - name: [Maria]\nstages:\n  - name: s\n    touchpoints:\n"
           "      - name: a\n        personas: [maria]\n",
           {3, 11, "'name' must be a string"});
    EXPECT("title: t\npersonas:\n  - name: Maria\n    id: Maria!\nstages:\n  - name: s\n    touchpoints:\n"
           "      - name: a\n        personas: [Maria!]\n        emotion: {Maria!: 6}\n",
           {4, 9, "invalid id 'Maria!'"}, {10, 27, "emotion 6 is outside"});
    /* a persona without a name but with an id is known by its id: other references are still checked */
    EXPECT("title: t\npersonas:\n  - id: ann\n    nmae: Ann\nstages:\n  - name: s\n    touchpoints:\n"
           "      - name: a\n        personas: [ann, bob]\n",
           {4, 5, "unknown key 'nmae' in persona"}, {9, 25, "unknown persona 'bob'"});
    /* personas that did not load at all: no "the map declares no personas" */
    EXPECT("title: t\npersonas: 5\nstages:\n  - name: s\n    touchpoints:\n      - name: a\n"
           "        personas: [ann]\n        emotion: {ann: 9}\n",
           {2, 11, "'personas' must be a list of personas"}, {8, 24, "emotion 9 is outside"});
    EXPECT("title: t\npersonas:\n  - Maria\nstages:\n  - name: s\n    touchpoints:\n      - name: a\n"
           "        personas: [maria]\n",
           {3, 5, "a persona must be a mapping"});
    /* a channel without an id: a reference to an unknown channel may have meant it */
    EXPECT("title: t\nchannels:\n  - name: Dealer\nstages:\n  - name: s\n    touchpoints:\n      - name: a\n"
           "        channel: dealer\n        emotion: 0\n",
           {3, 5, "missing required key 'id' in channel"}, {9, 18, "emotion 0 is outside"});
    /* with every channel loaded, an unknown one is reported as ever */
    EXPECT("title: t\nchannels:\n  - id: dealer\n    icon: shop\nstages:\n  - name: s\n    touchpoints:\n"
           "      - name: a\n        channel: dealr\n",
           {4, 11, "unknown icon 'shop'"}, {9, 18, "unknown channel 'dealr'|did you mean 'dealer'"});
    /* two stages without names make up no ids to call duplicates */
    EXPECT("title: t\nstages:\n  - nmae: a\n  - nmae: b\n", {3, 5, "unknown key 'nmae'"}, {4, 5, "unknown key 'nmae'"});
    /* but written ids are still checked */
    EXPECT("title: t\nstages:\n  - nmae: a\n    id: x\n  - name: b\n    id: x\n", {3, 5, "unknown key 'nmae'"},
           {6, 9, "duplicate stage id 'x'"});
}

static void test_crlf_and_cr_line_ends(void **state)
{
    (void)state;
    EXPECT("title: t\r\nstages:\r\n  - name: a\r\n    emotoin: 1\r\n", {4, 5, "unknown key 'emotoin'"});
    EXPECT("title: t\r\nstages:\r\n  - name: a\xff\r\n", {3, 12, "not valid UTF-8"});
    EXPECT("title: t\r\nstages:\r\n\t- name: a\r\n", {3, 1, "tab"});
    /* old Mac line ends, CR alone */
    EXPECT("title: t\rstages:\r  - name: a\r    emotoin: 1\r", {4, 5, "unknown key 'emotoin'"});
    EXPECT("title: t\rstages:\r  - name: a\xff\r", {3, 12, "not valid UTF-8"});
    jmap_doc *doc = LOAD_OK("title: t\r\nstages:\r\n  - name: a\r\n");
    assert_string_equal(journey(doc, 0)->stages[0].name.s, "a");
    jmap_doc_free(doc);
}

/* ---- structure ---- */

static void test_top_level_not_a_mapping(void **state)
{
    (void)state;
    static const one_case cases[] = {
        {"- title: t\n- stages: []\n", 1, 1, "top level|must be a mapping|not a list"},
        {"just words\n", 1, 1, "top level|must be a mapping|not a string"},
        {"# a comment\n\n\"quoted\"\n", 3, 1, "top level|mapping"},
    };
    EXPECT_TABLE(cases);
}

static void test_empty_file(void **state)
{
    (void)state;
    static const one_case cases[] = {
        {"", 1, 1, "no journey"},
        {"# only a comment\n", 1, 1, "no journey"},
        {"\n\n   \n", 1, 1, "no journey"},
    };
    EXPECT_TABLE(cases);
}

static void test_missing_required_keys(void **state)
{
    (void)state;
    static const one_case cases[] = {
        {"stages:\n  - name: a\n", 1, 1, "missing required key 'title' in journey"},
        {"description: d\ntitle: t\n", 1, 1, "missing required key 'stages' in journey"},
        {"title: t\nstages: []\n", 2, 9, "'stages' must list at least one stage"},
        {"title: t\nstages:\n", 2, 8, "'stages' must list at least one stage"},
        {"title: t\nstages:\n  - id: a\n", 3, 5, "missing required key 'name' in stage"},
        {"title: t\nstages:\n  - name: a\n    touchpoints:\n      - channel: web\n", 5, 9,
         "missing required key 'name' in touchpoint"},
        {"title: t\npersonas:\n  - role: r\nstages:\n  - name: a\n", 3, 5, "missing required key 'name' in persona"},
        {"title: t\nchannels:\n  - name: Kiosk\nstages:\n  - name: a\n", 3, 5, "missing required key 'id' in channel"},
        {"title: t\nstages:\n  - {goal: g}\n", 3, 5, "missing required key 'name' in stage"},
    };
    EXPECT_TABLE(cases);
}

static void test_unknown_key(void **state)
{
    (void)state;
    static const one_case cases[] = {
        {"title: t\nstages:\n  - name: a\n    touchpoints:\n      - name: b\n        emotoin: 3\n", 6, 9,
         "unknown key 'emotoin' in touchpoint (did you mean 'emotion'?)"},
        {"title: t\nstages:\n  - name: a\n    touchpoints:\n      - name: b\n        zzzzqq: 3\n", 6, 9,
         "unknown key 'zzzzqq' in touchpoint"},
        {"titel: t\ntitle: t\nstages:\n  - name: a\n", 1, 1, "unknown key 'titel' in journey (did you mean 'title'?)"},
        {"title: t\nstages:\n  - name: a\n    gaol: g\n", 4, 5, "unknown key 'gaol' in stage (did you mean 'goal'?)"},
        {"title: t\npersonas:\n  - name: p\n    image: a.png\nstages:\n  - name: a\n", 4, 5,
         "unknown key 'image' in persona"},
        {"title: t\nchannels:\n  - id: c\n    icno: web\nstages:\n  - name: a\n", 4, 5,
         "unknown key 'icno' in channel (did you mean 'icon'?)"},
    };
    EXPECT_TABLE(cases);
    /* a far word gets no suggestion at all */
    jmap_doc *doc = load("title: t\nstages:\n  - name: a\n    zzzzqq: 1\n");
    assert_int_equal(jmap_doc_diag_count(doc), 1);
    assert_null(strstr(jmap_doc_diag(doc, 0)->message, "did you mean"));
    jmap_doc_free(doc);
}

static void test_duplicate_key(void **state)
{
    (void)state;
    static const one_case cases[] = {
        {"title: t\ntitle: u\nstages:\n  - name: a\n", 2, 1, "duplicate key 'title'|line 1"},
        {"title: t\nstages:\n  - name: a\n    goal: g\n\n    goal: h\n", 6, 5, "duplicate key 'goal'|line 4"},
        {"title: t\nstages:\n  - {name: a, name: b}\n", 3, 15, "duplicate key 'name'|line 3"},
        {"title: t\nstages:\n  - name: a\n    metrics:\n      NPS: 1\n      NPS: 2\n", 6, 7,
         "duplicate key 'NPS'|line 5"},
        {"title: t\npersonas: [{name: a}]\nstages:\n  - name: a\n    touchpoints:\n      - name: b\n"
         "        emotion:\n          a: 3\n          a: 4\n",
         9, 11, "duplicate key 'a'|line 8"},
    };
    EXPECT_TABLE(cases);
}

static void test_extension_keys_ignored_everywhere(void **state)
{
    (void)state;
    jmap_doc *doc = LOAD_OK("x-top: {any: [thing]}\n"
                            "title: t\n"
                            "personas:\n"
                            "  - name: P\n"
                            "    x-p: [1, 2]\n"
                            "channels:\n"
                            "  - id: kiosk\n"
                            "    x-c: 1\n"
                            "theme:\n"
                            "  base: dark\n"
                            "  x-t: {a: b}\n"
                            "stages:\n"
                            "  - name: a\n"
                            "    x-s: 1\n"
                            "    touchpoints:\n"
                            "      - name: b\n"
                            "        x-tp: {nested: [deep]}\n");
    jmap_doc_free(doc);
}

/* The spec's "accepted anywhere and ignored" includes the persona-to-score mapping. */
static void test_extension_key_in_emotion_mapping_ignored(void **state)
{
    (void)state;
    jmap_doc *doc = LOAD_OK("title: t\npersonas: [{name: Ann}]\nstages:\n  - name: a\n    touchpoints:\n"
                            "      - name: b\n        emotion: {ann: 3, x-note: unsure}\n");
    assert_true(tp(journey(doc, 0), 0, 0)->emotion[0] == 3);
    jmap_doc_free(doc);
}

/* ---- types ---- */

static void test_wrong_types(void **state)
{
    (void)state;
    static const one_case cases[] = {
        {"title: t\ndescription: {a: b}\nstages:\n  - name: a\n", 2, 14, "'description' must be a string|mapping"},
        {"title: t\nstages:\n  - name: [a, b]\n", 3, 11, "'name' must be a string|list"},
        {"title: t\nstages:\n  - name: a\n    goal: [x]\n", 4, 11, "'goal' must be a string|list"},
        {"title: t\nstages:\n  - name: a\n    touchpoints:\n      - name: b\n        doing: [x]\n", 6, 16,
         "'doing' must be a string|list"},
        {"title: t\nstages:\n  - name: a\n    touchpoints:\n      - name: b\n        pains: {a: b}\n", 6, 16,
         "'pains' must be a string or a list of strings|mapping"},
        {"title: t\nstages:\n  - name: a\n    touchpoints:\n      - name: b\n        opportunities: [ok, [a]]\n", 6, 29,
         "each item of 'opportunities' must be a string|list"},
        {"title: t\nstages:\n  - name: a\n    touchpoints:\n      - name: b\n        moment: maybe\n", 6, 17,
         "'moment' must be true or false"},
        {"title: t\nstages:\n  - name: a\n    touchpoints:\n      - name: b\n        emotion: [1]\n", 6, 18,
         "'emotion' must be a number|list"},
        {"title: t\npersonas: {a: b}\nstages:\n  - name: a\n", 2, 11, "'personas' must be a list of personas|mapping"},
        {"title: t\nchannels: web\nstages:\n  - name: a\n", 2, 11, "'channels' must be a list of channels|string"},
        {"title: t\nstages: {a: b}\n", 2, 9, "'stages' must be a list of stages|mapping"},
        {"title: t\nstages:\n  - just a name\n", 3, 5, "a stage must be a mapping|string"},
        {"title: t\nstages:\n  - name: a\n    touchpoints: x\n", 4, 18, "'touchpoints' must be a list|string"},
        {"title: t\nstages:\n  - name: a\n    touchpoints:\n      - [a]\n", 5, 9, "a touchpoint must be a mapping|list"},
        {"title: t\nstages:\n  - name: a\n    metrics: [a]\n", 4, 14, "'metrics' must be a mapping|list"},
        {"title: t\nstages:\n  - name: a\n    metrics: {CSAT: [1]}\n", 4, 21, "metric 'CSAT' must be a value or a mapping|not a list"},
        {"title: t\npersonas:\n  - name: p\n    age: [3]\nstages:\n  - name: a\n", 4, 10,
         "'age' must be a number or a string|list"},
        {"title: t\npersonas:\n  - name: p\n    quote: {a: b}\nstages:\n  - name: a\n", 4, 12,
         "'quote' must be a string|mapping"},
        {"title: t\ntheme: [dark]\nstages:\n  - name: a\n", 2, 8, "'theme' must be a theme name or a mapping|list"},
        {"title: t\nlanes: {a: b}\nstages:\n  - name: a\n", 2, 8, "'lanes' must be a list of lane names"},
        {"? [a]\n: b\ntitle: t\nstages:\n  - name: a\n", 1, 3, "a key must be a plain string|list"},
    };
    EXPECT_TABLE(cases);
}

/* A title of the wrong type is one error, not also a "missing title". */
static void test_wrong_type_title_is_one_error(void **state)
{
    (void)state;
    EXPECT("title: [a]\nstages:\n  - name: a\n", {1, 8, "'title' must be a string|list"});
}

static void test_implicit_yaml_types_are_strings(void **state)
{
    (void)state;
    jmap_doc *doc = LOAD_OK("title: 2024\n"
                            "personas:\n"
                            "  - name: no\n"
                            "    age: 34\n"
                            "  - name: 2024\n"
                            "    age: thirty-four\n"
                            "    role: null\n"
                            "stages:\n"
                            "  - name: yes\n"
                            "    touchpoints:\n"
                            "      - name: ~\n"
                            "        owner: null\n"
                            "        feeling: true\n"
                            "        doing: 1.50\n"
                            "        moment: yes\n");
    const jmap_journey *j = journey(doc, 0);
    assert_string_equal(j->title.s, "2024");
    assert_string_equal(j->personas[0].name.s, "no");
    assert_string_equal(j->personas[0].age.s, "34");
    assert_string_equal(j->personas[1].name.s, "2024");
    assert_string_equal(j->personas[1].age.s, "thirty-four");
    assert_string_equal(j->personas[1].role.s, "null");
    assert_string_equal(j->stages[0].name.s, "yes");
    const jm_touchpoint *t = tp(j, 0, 0);
    assert_string_equal(t->name.s, "~");
    assert_string_equal(t->owner.s, "null");
    assert_string_equal(t->feeling.s, "true");
    assert_string_equal(t->doing.s, "1.50");
    assert_true(t->moment);
    /* the persona made from `name: no` is `no` */
    assert_string_equal(j->personas[0].id.s, "no");
    jmap_doc_free(doc);
}

static void test_plain_scalar_is_a_one_item_list(void **state)
{
    (void)state;
    jmap_doc *doc = LOAD_OK("title: t\n"
                            "personas:\n"
                            "  - name: Ann\n"
                            "    goals: A safe car\n"
                            "    needs: [Clear prices, Time]\n"
                            "  - name: Bob\n"
                            "stages:\n"
                            "  - name: a\n"
                            "    touchpoints:\n"
                            "      - name: b\n"
                            "        personas: bob\n"
                            "        pains: Slow, and dear\n"
                            "        backstage: [One]\n");
    const jmap_journey *j = journey(doc, 0);
    assert_int_equal(j->personas[0].goals.n, 1);
    assert_string_equal(j->personas[0].goals.items[0].s, "A safe car");
    assert_int_equal(j->personas[0].needs.n, 2);
    const jm_touchpoint *t = tp(j, 0, 0);
    assert_int_equal(t->pains.n, 1);
    assert_string_equal(t->pains.items[0].s, "Slow, and dear");
    assert_int_equal(t->backstage.n, 1);
    assert_int_equal(t->personas.n, 1);
    assert_false(t->has_persona[0]);
    assert_true(t->has_persona[1]);
    jmap_doc_free(doc);
}

/* ---- ids ---- */

static void test_duplicate_ids(void **state)
{
    (void)state;
    static const one_case cases[] = {
        {"title: t\npersonas:\n  - name: A\n    id: a\n  - name: B\n    id: a\nstages:\n  - name: s\n", 6, 9,
         "duplicate persona id 'a'|line 4"},
        /* a made id collides with a given one */
        {"title: t\npersonas:\n  - name: X\n    id: maria-nowak\n  - name: Maria Nowak\nstages:\n  - name: s\n", 5, 11,
         "duplicate persona id 'maria-nowak'|line 4"},
        {"title: t\nchannels:\n  - id: c\n  - id: c\nstages:\n  - name: s\n", 4, 9, "duplicate channel id 'c'|line 3"},
        {"title: t\nstages:\n  - name: Buy\n  - name: buy\n", 4, 11, "duplicate stage id 'buy'|line 3"},
        {"title: t\nstages:\n  - name: One\n    id: s\n  - name: Two\n    id: s\n", 6, 9, "duplicate stage id 's'|line 4"},
    };
    EXPECT_TABLE(cases);
    /* the same id in two kinds is fine */
    EXPECT_OK("title: t\npersonas: [{name: a}]\nchannels: [{id: a}]\nstages: [{name: a}]\n");
}

static void test_id_made_from_name(void **state)
{
    (void)state;
    jmap_doc *doc = LOAD_OK("title: t\n"
                            "personas:\n"
                            "  - name: Maria Nowak\n"
                            "  - name: \xd0\x9c\xd0\xb0\xd1\x80\xd0\xb8\xd1\x8f\n" /* Мария: no ASCII */
                            "  - name: \"\xc3\x96""d\xc3\xb6n & Co\"\n"               /* Ödön & Co */
                            "  - name: \"  --Dr. J. O'Neil, 2nd--  \"\n"
                            "  - name: tom\n"
                            "    id: t_1\n"
                            "stages:\n"
                            "  - name: Awareness\n"
                            "  - name: \"!!!\"\n"
                            "  - name: \xd8\xae\xd8\xb1\xdb\x8c\xd8\xaf\n" /* خرید */
                            "  - name: Kauf 2\n");
    const jmap_journey *j = journey(doc, 0);
    assert_string_equal(j->personas[0].id.s, "maria-nowak");
    assert_string_equal(j->personas[1].id.s, "persona-2");
    assert_string_equal(j->personas[2].id.s, "d-n-co");
    assert_string_equal(j->personas[3].id.s, "dr-j-o-neil-2nd");
    assert_string_equal(j->personas[4].id.s, "t_1");
    assert_string_equal(j->stages[0].id.s, "awareness");
    assert_string_equal(j->stages[1].id.s, "stage-2");
    assert_string_equal(j->stages[2].id.s, "stage-3");
    assert_string_equal(j->stages[3].id.s, "kauf-2");
    jmap_doc_free(doc);
}

static void test_touchpoint_ids(void **state)
{
    (void)state;
    jmap_doc *doc = LOAD_OK("title: t\n"
                            "stages:\n"
                            "  - name: A\n"
                            "    touchpoints:\n"
                            "      - name: Pays\n"                 /* pays */
                            "      - name: Pays\n"                 /* pays-2: names repeat */
                            "      - name: \xd0\x9e\xd0\xbf\n"  /* touchpoint-3 */
                            "  - name: B\n"
                            "    touchpoints:\n"
                            "      - name: Pays\n"                 /* pays-4: pays-3 is written below */
                            "      - {name: Other, id: pays-3}\n"
                            "      - {name: Checkout, id: pays-2x}\n");
    const jmap_journey *j = journey(doc, 0);
    assert_string_equal(j->stages[0].touchpoints[0].id.s, "pays");
    assert_string_equal(j->stages[0].touchpoints[1].id.s, "pays-2");
    assert_string_equal(j->stages[0].touchpoints[2].id.s, "touchpoint-3");
    assert_string_equal(j->stages[1].touchpoints[0].id.s, "pays-4");
    assert_string_equal(j->stages[1].touchpoints[1].id.s, "pays-3");
    jmap_doc_free(doc);
    static const one_case cases[] = {
        /* written twice by hand, in two stages */
        {"title: t\nstages:\n  - name: s\n    touchpoints:\n      - {name: a, id: x}\n"
         "  - name: u\n    touchpoints:\n      - {name: b, id: x}\n",
         8, 23, "duplicate touchpoint id 'x'|line 5"},
        {"title: t\nstages:\n  - name: s\n    touchpoints:\n      - {name: a, id: Bad!}\n", 5, 23,
         "invalid id 'Bad!'"},
    };
    EXPECT_TABLE(cases);
}

static void test_blueprint_lanes_take_lists(void **state)
{
    (void)state;
    jmap_doc *doc = LOAD_OK("title: t\nstages:\n  - name: s\n    touchpoints:\n"
                            "      - name: a\n        evidence: Receipt\n        frontstage: [Greets, Checks in]\n"
                            "        support: [Booking system]\n");
    const jmap_journey *j = journey(doc, 0);
    const jm_touchpoint *t = &j->stages[0].touchpoints[0];
    assert_int_equal(t->evidence.n, 1);
    assert_int_equal(t->frontstage.n, 2);
    assert_int_equal(t->support.n, 1);
    /* without lanes, the blueprint's lanes are shown in the spec's order */
    assert_int_equal(j->n_lanes, 4);
    assert_int_equal(j->lanes[0], JM_LANE_EVIDENCE);
    assert_int_equal(j->lanes[1], JM_LANE_TOUCHPOINTS);
    assert_int_equal(j->lanes[2], JM_LANE_FRONTSTAGE);
    assert_int_equal(j->lanes[3], JM_LANE_SUPPORT);
    jmap_doc_free(doc);
    static const one_case cases[] = {
        {"title: t\nstages:\n  - name: s\n    touchpoints:\n      - name: a\n        frontstage: {a: b}\n", 6, 21,
         "frontstage"},
    };
    EXPECT_TABLE(cases);
}

static void test_state_and_target(void **state)
{
    (void)state;
    jmap_doc *doc = LOAD_OK("title: t\nstate: future\npersonas: [{name: A}, {name: B}]\nstages:\n  - name: s\n"
                            "    touchpoints:\n      - {name: x, emotion: 2, target: {a: 4}}\n"
                            "      - {name: y, target: 5}\n");
    const jmap_journey *j = journey(doc, 0);
    assert_true(j->future);
    const jm_touchpoint *x = &j->stages[0].touchpoints[0], *y = &j->stages[0].touchpoints[1];
    assert_true(x->target[0] == 4 && isnan(x->target[1]));
    assert_true(y->target[0] == 5 && y->target[1] == 5 && isnan(y->emotion[0]));
    jmap_doc_free(doc);
    static const one_case cases[] = {
        {"title: t\nstate: futur\nstages:\n  - name: s\n", 2, 8, "invalid state 'futur'|future"},
        {"title: t\nstate: ideal\nstages:\n  - name: s\n", 2, 8, "invalid state 'ideal'|current or future"},
        {"title: t\nstages:\n  - name: s\n    touchpoints:\n      - {name: a, target: 7}\n", 5, 27,
         "target 7 is outside the scale [1, 5]"},
        {"title: t\nstages:\n  - name: s\n    touchpoints:\n      - {name: a, target: high}\n", 5, 27, "target"},
        {"title: t\npersonas: [{name: A}, {name: B}]\nstages:\n  - name: s\n    touchpoints:\n"
         "      - {name: a, personas: [a], target: {b: 4}}\n",
         6, 43, "persona 'b' is not among this touchpoint's personas"},
        {"title: t\npersonas: [{name: Ann}]\nstages:\n  - name: s\n    touchpoints:\n"
         "      - {name: a, target: {an: 4}}\n",
         6, 28, "unknown persona 'an'|did you mean 'ann'"},
        {"title: t\nstages:\n  - name: s\n    touchpoints:\n      - {name: a, target: [4]}\n", 5, 27,
         "'target' must be a number or a mapping"},
    };
    EXPECT_TABLE(cases);
}

/* Measuring and acting: metrics with targets, prioritised opportunities. */
static void test_metrics_and_opportunities(void **state)
{
    (void)state;
    jmap_doc *doc = LOAD_OK("title: t\nstages:\n  - name: s\n    metrics: {CSAT: '4,2'}\n    touchpoints:\n"
                            "      - name: a\n        metrics:\n          NPS: {value: 31, target: 40}\n"
                            "          Wait: {value: 3, target: 5, better: lower}\n"
                            "          Conv: {value: 2.1%, target: 2 %}\n          Note: {value: soon, target: 4}\n"
                            "          FA: {value: \xdb\xb5\xdb\xb4\xd9\xaa, target: \xdb\xb7\xdb\xb0\xd9\xaa}\n"
                            "        opportunities:\n          - plain\n"
                            "          - {text: Fix, priority: high, owner: Ops, status: doing}\n");
    const jmap_journey *j = journey(doc, 0);
    const jm_stage *st = &j->stages[0];
    assert_int_equal(st->n_metrics, 1);
    assert_string_equal(st->metrics[0].value.s, "4,2");
    assert_int_equal(st->metrics[0].verdict, JM_VERDICT_NONE);
    const jm_touchpoint *a = &st->touchpoints[0];
    assert_int_equal(a->n_metrics, 5);
    assert_int_equal(a->metrics[0].verdict, JM_VERDICT_MISSED);
    assert_int_equal(a->metrics[1].verdict, JM_VERDICT_MET);
    assert_int_equal(a->metrics[2].verdict, JM_VERDICT_MET);
    assert_int_equal(a->metrics[3].verdict, JM_VERDICT_NONE);
    assert_int_equal(a->metrics[4].verdict, JM_VERDICT_MISSED); /* Persian digits: 54% against 70% */
    assert_int_equal(a->opportunities.n, 2);
    assert_string_equal(a->opportunities.items[1].s, "Fix");
    assert_int_equal(a->opportunity[0].priority, JM_PRIORITY_NONE);
    assert_int_equal(a->opportunity[1].priority, JM_PRIORITY_HIGH);
    assert_int_equal(a->opportunity[1].status, JM_STATUS_DOING);
    assert_string_equal(a->opportunity[1].owner.s, "Ops");
    /* the action plan is shown when an opportunity has a priority */
    assert_int_equal(j->lanes[j->n_lanes - 1], JM_LANE_ACTIONS);
    jmap_doc_free(doc);
    /* merge keys, in a metric and among metrics; % on one side only is not compared */
    doc = LOAD_OK("title: t\nx-c: &c {NPS: {value: 30, target: 40}, CSAT: 4}\nx-b: &b {target: 50%, better: lower}\n"
                  "stages:\n  - name: s\n    metrics:\n      <<: *c\n      CSAT: 4.5\n"
                  "      Conv: {<<: *b, value: 40%}\n      Mixed: {value: 50%, target: 0.4}\n");
    st = &journey(doc, 0)->stages[0];
    assert_int_equal(st->n_metrics, 4);
    assert_string_equal(st->metrics[0].value.s, "4.5"); /* CSAT as written wins */
    assert_int_equal(st->metrics[1].verdict, JM_VERDICT_MET); /* Conv: 40% at most 50% */
    assert_int_equal(st->metrics[2].verdict, JM_VERDICT_NONE); /* Mixed */
    assert_string_equal(st->metrics[3].name.s, "NPS");
    assert_int_equal(st->metrics[3].verdict, JM_VERDICT_MISSED);
    jmap_doc_free(doc);
#define TP "title: t\nstages:\n  - name: s\n    touchpoints:\n      - name: a\n"
    static const one_case cases[] = {
        {"title: t\nstages:\n  - name: s\n    metrics: {CSAT: 4,2}\n", 4, 23,
         "metric '2' has no value|write 4.2|'4,2'"},
        {TP "        metrics: {X: {value: 4,2, target: 5}}\n", 6, 32, "decimal comma"},
        {TP "        metrics:\n          CSAT:\n", 7, 11, "metric 'CSAT' has no value"},
        {TP "        metrics: {CSAT: {target: 5}}\n", 6, 25, "metric 'CSAT' has no value"},
        {TP "        metrics: {CSAT: {value: 4, better: more}}\n", 6, 44, "'better' must be higher or lower"},
        {TP "        metrics: {CSAT: {value: 4, goal: 5}}\n", 6, 36, "unknown key 'goal' in metric"},
        {TP "        metrics: {NPS: {value: 31, target: forty}}\n", 6, 44,
         "target 'forty' of metric 'NPS' must be a number, as its value 31 is"},
        {TP "        metrics: {CSAT: {value: 4, targte: 5}}\n", 6, 36, "did you mean 'target'"},
        {TP "        opportunities: [{text: x, priority: urgent}]\n", 6, 45, "'priority' must be high, medium or low"},
        {TP "        opportunities: [{text: x, status: doen}]\n", 6, 43, "did you mean 'done'"},
        {TP "        opportunities: [{priority: low}]\n", 6, 25, "missing required key 'text' in opportunity"},
        {TP "        metrics: {E: {value: 1, target: }}\n", 6, 41, "'target' of metric 'E' is empty"},
        {TP "        metrics: {H: {}}\n", 6, 22, "metric 'H' has no value"},
        {TP "        metrics: {C: {value: 3,4%}}\n", 6, 32, "'4%' is not a key of a metric|decimal comma"},
        {TP "        opportunities: {text: x}\n", 6, 24, "not a mapping|list item"},
        {TP "        opportunities: [[x]]\n", 6, 25, "must be a string or a mapping"},
    };
#undef TP
    EXPECT_TABLE(cases);
}

static void test_invalid_id(void **state)
{
    (void)state;
    static const one_case cases[] = {
        {"title: t\npersonas:\n  - name: M\n    id: Maria\nstages:\n  - name: a\n", 4, 9, "invalid id 'Maria'"},
        {"title: t\npersonas:\n  - name: M\n    id: -m\nstages:\n  - name: a\n", 4, 9, "invalid id '-m'"},
        {"title: t\npersonas:\n  - name: M\n    id: \"a b\"\nstages:\n  - name: a\n", 4, 9, "invalid id 'a b'"},
        {"title: t\nstages:\n  - name: a\n    id: _s\n", 4, 9, "invalid id '_s'"},
        {"title: t\nstages:\n  - name: a\n    id: \"\"\n", 4, 9, "invalid id ''"},
        {"title: t\nchannels:\n  - id: caf\xc3\xa9\nstages:\n  - name: a\n", 3, 9, "invalid id"},
        {"title: t\nchannels:\n  - id: [a]\nstages:\n  - name: a\n", 3, 9, "'id' must be a string|list"},
    };
    EXPECT_TABLE(cases);
    EXPECT_OK("title: t\npersonas:\n  - {name: a, id: 9x_y-z}\n  - {name: b, id: \"0\"}\nstages:\n  - name: a\n");
}

/* ---- references ---- */

static void test_unknown_persona(void **state)
{
    (void)state;
    static const one_case cases[] = {
        {"title: t\npersonas: [{name: Maria Nowak}]\nstages:\n  - name: a\n    touchpoints:\n"
         "      - name: b\n        personas: [maria-nowk]\n",
         7, 20, "unknown persona 'maria-nowk' (did you mean 'maria-nowak'?)"},
        {"title: t\npersonas: [{name: Maria Nowak}]\nstages:\n  - name: a\n    touchpoints:\n"
         "      - name: b\n        personas: [maria-nowak, zzzzzz]\n",
         7, 33, "unknown persona 'zzzzzz'"},
        {"title: t\npersonas: [{name: Maria Nowak}]\nstages:\n  - name: a\n    touchpoints:\n"
         "      - name: b\n        emotion: {mria-nowak: 3}\n",
         7, 19, "unknown persona 'mria-nowak' (did you mean 'maria-nowak'?)"},
        {"title: t\nstages:\n  - name: a\n    touchpoints:\n      - name: b\n        personas: [ann]\n", 6, 20,
         "unknown persona 'ann'|declares no personas"},
    };
    EXPECT_TABLE(cases);
    jmap_doc *doc = load(cases[1].yaml);
    assert_null(strstr(jmap_doc_diag(doc, 0)->message, "did you mean"));
    jmap_doc_free(doc);
}

static void test_unknown_channel(void **state)
{
    (void)state;
    static const one_case cases[] = {
        {"title: t\nchannels: [{id: dealer}]\nstages:\n  - name: a\n    touchpoints:\n"
         "      - name: b\n        channel: dealr\n",
         7, 18, "unknown channel 'dealr' (did you mean 'dealer'?)"},
        {"title: t\nstages:\n  - name: a\n    touchpoints:\n      - name: b\n        channel: emial\n", 6, 18,
         "unknown channel 'emial' (did you mean 'email'?)"},
        {"title: t\nstages:\n  - name: a\n    touchpoints:\n      - name: b\n        channel: fax\n", 6, 18,
         "unknown channel 'fax'|channels"},
    };
    EXPECT_TABLE(cases);
    jmap_doc *doc = load(cases[2].yaml);
    assert_null(strstr(jmap_doc_diag(doc, 0)->message, "did you mean"));
    jmap_doc_free(doc);
}

static void test_builtin_channels_known(void **state)
{
    (void)state;
    static const char *const ids[] = {"web", "mobile", "email", "phone", "chat", "social", "store",
                                      "sms", "tv", "print", "mail", "event", "qr", "search",
                                      "review", "self-service", "delivery", "video", "other"};
    for (size_t i = 0; i < sizeof ids / sizeof *ids; i++) {
        char yaml[256];
        snprintf(yaml, sizeof yaml, "title: t\nstages:\n  - name: a\n    touchpoints:\n      - {name: b, channel: %s}\n",
                 ids[i]);
        jmap_doc *doc = LOAD_OK(yaml);
        const jmap_journey *j = journey(doc, 0);
        const jm_touchpoint *t = tp(j, 0, 0);
        assert_true(t->channel_ix >= 0);
        assert_string_equal(j->channels[t->channel_ix].id.s, ids[i]);
        int b = 0; /* its place in the built-in table: its icon */
        while (b < JM_CH_BUILTIN_COUNT && strcmp(jm_builtin_channel_ids[b], ids[i]) != 0) b++;
        assert_int_equal(j->channels[t->channel_ix].icon_id, b);
        jmap_doc_free(doc);
    }
}

static void test_declared_channels(void **state)
{
    (void)state;
    jmap_doc *doc = LOAD_OK("title: t\n"
                            "channels:\n"
                            "  - id: dealer\n"
                            "    name: Dealership\n"
                            "    icon: store\n"
                            "    kind: physical\n"
                            "  - id: kiosk\n"
                            "  - id: web\n"
                            "    name: Our site\n"
                            "stages:\n"
                            "  - name: a\n"
                            "    touchpoints:\n"
                            "      - {name: b, channel: dealer}\n"
                            "      - {name: c, channel: web}\n"
                            "      - {name: d, channel: kiosk}\n"
                            "      - {name: e, channel: phone}\n"
                            "      - {name: f}\n");
    const jmap_journey *j = journey(doc, 0);
    assert_int_equal(j->n_declared_channels, 3);
    /* `web` is redeclared, so the built-ins add 18, not 19 */
    assert_int_equal(j->n_channels, 3 + JM_CH_BUILTIN_COUNT - 1);
    size_t webs = 0;
    for (size_t i = 0; i < j->n_channels; i++) webs += strcmp(j->channels[i].id.s, "web") == 0;
    assert_int_equal(webs, 1);

    const jm_channel *dealer = &j->channels[tp(j, 0, 0)->channel_ix];
    assert_string_equal(dealer->id.s, "dealer");
    assert_string_equal(dealer->name.s, "Dealership");
    assert_int_equal(dealer->icon_id, JM_CH_STORE);
    assert_true(dealer->physical);

    const jm_channel *web = &j->channels[tp(j, 0, 1)->channel_ix];
    assert_string_equal(web->name.s, "Our site");
    assert_int_equal(web->icon_id, JM_CH_WEB);

    const jm_channel *kiosk = &j->channels[tp(j, 0, 2)->channel_ix];
    assert_string_equal(kiosk->name.s, "kiosk");
    assert_int_equal(kiosk->icon_id, JM_CH_OTHER);

    assert_int_equal(j->channels[tp(j, 0, 3)->channel_ix].icon_id, JM_CH_PHONE);
    assert_int_equal(tp(j, 0, 4)->channel_ix, -1);
    jmap_doc_free(doc);
}

static void test_icon_and_kind(void **state)
{
    (void)state;
    static const one_case cases[] = {
        {"title: t\nchannels:\n  - id: c\n    icon: stroe\nstages:\n  - name: a\n", 4, 11,
         "unknown icon 'stroe' (did you mean 'store'?)"},
        {"title: t\nchannels:\n  - id: c\n    icon: banana\nstages:\n  - name: a\n", 4, 11, "unknown icon 'banana'"},
        {"title: t\nchannels:\n  - id: c\n    kind: virtual\nstages:\n  - name: a\n", 4, 11,
         "invalid kind 'virtual'|physical or digital"},
        {"title: t\nchannels:\n  - id: c\n    icon: [web]\nstages:\n  - name: a\n", 4, 11, "'icon' must be a string"},
    };
    EXPECT_TABLE(cases);
    jmap_doc *doc = load(cases[1].yaml);
    assert_null(strstr(jmap_doc_diag(doc, 0)->message, "did you mean"));
    jmap_doc_free(doc);
    doc = LOAD_OK("title: t\nchannels:\n  - {id: app, kind: digital, icon: mobile}\nstages:\n  - name: a\n");
    assert_false(journey(doc, 0)->channels[0].physical);
    assert_int_equal(journey(doc, 0)->channels[0].icon_id, JM_CH_MOBILE);
    jmap_doc_free(doc);
}

/* ---- emotions and the scale ---- */

#define TP_EMOTION(v) "title: t\nstages:\n  - name: a\n    touchpoints:\n      - name: b\n        emotion: " v "\n"
#define TP_EMOTION_SCALED(scale, v)                                                          \
    "title: t\nscale: " scale "\nstages:\n  - name: a\n    touchpoints:\n      - name: b\n        emotion: " v "\n"

static void test_emotion_outside_scale(void **state)
{
    (void)state;
    static const one_case cases[] = {
        {TP_EMOTION("6"), 6, 18, "emotion 6 is outside the scale [1, 5]"},
        {TP_EMOTION("0"), 6, 18, "emotion 0 is outside the scale [1, 5]"},
        {TP_EMOTION("0.99"), 6, 18, "emotion 0.99 is outside the scale"},
        {TP_EMOTION("5.01"), 6, 18, "emotion 5.01 is outside the scale"},
        {TP_EMOTION("-1"), 6, 18, "emotion -1 is outside"},
        {TP_EMOTION_SCALED("[-2, 2]", "2.5"), 7, 18, "emotion 2.5 is outside the scale [-2, 2]"},
        {TP_EMOTION_SCALED("[-2, 2]", "-3"), 7, 18, "emotion -3 is outside the scale [-2, 2]"},
        {TP_EMOTION_SCALED("[0, 10]", "11"), 7, 18, "outside the scale [0, 10]"},
    };
    EXPECT_TABLE(cases);
    static const char *const inside[] = {
        TP_EMOTION("1"),       TP_EMOTION("5"),    TP_EMOTION("3.5"),  TP_EMOTION("4.25"),
        TP_EMOTION("\"2\""),   TP_EMOTION("+2"),   TP_EMOTION("3e0"),
        TP_EMOTION_SCALED("[-2, 2]", "-2"), TP_EMOTION_SCALED("[-2, 2]", "0"),
        TP_EMOTION_SCALED("[-2, 2]", "-0.5"), TP_EMOTION_SCALED("[0.5, 1.5]", "1.25"),
    };
    for (size_t i = 0; i < sizeof inside / sizeof *inside; i++) EXPECT_OK(inside[i]);

    jmap_doc *doc = LOAD_OK(TP_EMOTION_SCALED("[-2, 2]", "-1.5"));
    const jmap_journey *j = journey(doc, 0);
    assert_true(j->scale_lo == -2 && j->scale_hi == 2);
    assert_true(tp(j, 0, 0)->emotion[0] == -1.5);
    jmap_doc_free(doc);
    doc = LOAD_OK(MINIMAL);
    assert_true(journey(doc, 0)->scale_lo == 1 && journey(doc, 0)->scale_hi == 5);
    jmap_doc_free(doc);
}

#define PERSONAS3 "title: t\npersonas:\n  - name: Ann\n  - name: Bob\n  - name: Cy\nstages:\n  - name: a\n    touchpoints:\n"

/* Not-a-number scores: one clear error each, nothing else. */
static void test_emotion_not_a_number(void **state)
{
    (void)state;
    static const one_case cases[] = {
        {TP_EMOTION(".nan"), 6, 18, "emotion must be a number|'.nan'"},
        {TP_EMOTION(".NaN"), 6, 18, "emotion must be a number"},
        {TP_EMOTION(".inf"), 6, 18, "emotion must be a number|'.inf'"},
        {TP_EMOTION("-.inf"), 6, 18, "emotion must be a number"},
        {TP_EMOTION("1e999"), 6, 18, "emotion must be a number|'1e999'"},
        {TP_EMOTION("happy"), 6, 18, "emotion must be a number|'happy'"},
        {TP_EMOTION("0x3"), 6, 18, "emotion must be a number"},
        {TP_EMOTION("\"\""), 6, 18, "emotion must be a number"},
        /* on a scale that holds 0, a word must not pass as 0 */
        {TP_EMOTION_SCALED("[-2, 2]", "happy"), 7, 18, "emotion must be a number"},
        /* a persona's score */
        {PERSONAS3 "      - name: b\n        emotion: {ann: 3, cy: [1]}\n", 10, 31, "emotion must be a number|list"},
        {PERSONAS3 "      - name: b\n        emotion: {ann: 3, cy: lots}\n", 10, 31, "emotion must be a number|'lots'"},
    };
    EXPECT_TABLE(cases);
}


static void test_emotion_per_persona_rules(void **state)
{
    (void)state;
    static const one_case cases[] = {
        {"title: t\nstages:\n  - name: a\n    touchpoints:\n      - name: b\n        emotion: {ann: 3}\n", 6, 18,
         "emotion is given per persona|no personas"},
        {PERSONAS3 "      - name: b\n        personas: [ann]\n        emotion: {bob: 3}\n", 11, 19,
         "persona 'bob' is not among this touchpoint's personas"},
        {PERSONAS3 "      - name: b\n        emotion: {ann: 3, cy: 9}\n", 10, 31, "emotion 9 is outside the scale"},
    };
    EXPECT_TABLE(cases);
}

static void test_emotion_resolved(void **state)
{
    (void)state;
    jmap_doc *doc = LOAD_OK(PERSONAS3 "      - name: all, one score\n        emotion: 4\n"
                                      "      - name: some, one score\n        personas: [ann, cy]\n        emotion: 2\n"
                                      "      - name: per persona\n        emotion: {ann: 5, bob: 1.5}\n"
                                      "      - name: unscored\n");
    const jmap_journey *j = journey(doc, 0);
    const jm_touchpoint *t = tp(j, 0, 0);
    assert_true(t->emotion[0] == 4 && t->emotion[1] == 4 && t->emotion[2] == 4);
    for (size_t p = 0; p < 3; p++) assert_true(t->has_persona[p]);

    t = tp(j, 0, 1);
    assert_true(t->emotion[0] == 2 && isnan(t->emotion[1]) && t->emotion[2] == 2);
    assert_true(t->has_persona[0] && !t->has_persona[1] && t->has_persona[2]);

    t = tp(j, 0, 2);
    assert_true(t->emotion[0] == 5 && t->emotion[1] == 1.5 && isnan(t->emotion[2]));

    t = tp(j, 0, 3);
    assert_int_equal(t->n_scores, 0);
    for (size_t p = 0; p < 3; p++) assert_true(isnan(t->emotion[p]));
    jmap_doc_free(doc);

    /* without personas: one slot, NaN when unscored */
    doc = LOAD_OK("title: t\nstages:\n  - name: a\n    touchpoints:\n      - {name: b, emotion: 2}\n      - {name: c}\n");
    j = journey(doc, 0);
    assert_null(tp(j, 0, 0)->has_persona);
    assert_true(tp(j, 0, 0)->emotion[0] == 2);
    assert_true(isnan(tp(j, 0, 1)->emotion[0]));
    jmap_doc_free(doc);
}

/* ---- other values ---- */

static void test_bad_colour(void **state)
{
    (void)state;
#define COLOUR(v) "title: t\npersonas:\n  - name: p\n    color: " v "\nstages:\n  - name: a\n"
    static const one_case cases[] = {
        {COLOUR("\"#ggg\""), 4, 12, "invalid colour '#ggg'|#rgb or #rrggbb"},
        {COLOUR("\"#12345\""), 4, 12, "invalid colour '#12345'"},
        {COLOUR("red"), 4, 12, "invalid colour 'red'"},
        {COLOUR("\"#1234567\""), 4, 12, "invalid colour"},
        {COLOUR("\"123456\""), 4, 12, "invalid colour"},
        {COLOUR("\"# 12345\""), 4, 12, "invalid colour"},
        {"title: t\ntheme:\n  text: \"#xyz\"\nstages:\n  - name: a\n", 3, 9, "invalid colour '#xyz'"},
        {"title: t\ntheme:\n  stage-colors: [\"#fff\", blue]\nstages:\n  - name: a\n", 3, 26,
         "invalid colour 'blue'|stage-colors"},
    };
    EXPECT_TABLE(cases);
    jmap_doc *doc = LOAD_OK("title: t\npersonas:\n  - {name: a, color: \"#A3C\"}\n  - {name: b, color: \"#c0392b\"}\n"
                            "stages:\n  - name: a\n");
    const jmap_journey *j = journey(doc, 0);
    assert_true(fabsf(j->personas[0].rgb.r - 0xAA / 255.0f) < 1e-6f);
    assert_true(fabsf(j->personas[0].rgb.b - 0xCC / 255.0f) < 1e-6f);
    assert_true(fabsf(j->personas[1].rgb.r - 0xC0 / 255.0f) < 1e-6f);
    assert_true(fabsf(j->personas[1].rgb.g - 0x39 / 255.0f) < 1e-6f);
    jmap_doc_free(doc);
#undef COLOUR
}

static void test_bad_scale(void **state)
{
    (void)state;
#define SCALE(v) "title: t\nscale: " v "\nstages:\n  - name: a\n"
    static const one_case cases[] = {
        {SCALE("[5, 1]"), 2, 8, "invalid scale [5, 1]|low end must be less than the high end"},
        {SCALE("[3, 3]"), 2, 8, "invalid scale [3, 3]"},
        {SCALE("[1]"), 2, 8, "'scale' must be a list of two numbers"},
        {SCALE("[1, 2, 3]"), 2, 8, "two numbers"},
        {SCALE("5"), 2, 8, "two numbers"},
        {SCALE("{low: 1, high: 5}"), 2, 8, "two numbers"},
        {SCALE("[low, 5]"), 2, 9, "low end of 'scale' must be a number|'low'"},
        {SCALE("[1, high]"), 2, 12, "high end of 'scale' must be a number|'high'"},
        {SCALE("[1, .inf]"), 2, 12, "must be a number"},
        /* a span that overflows: nothing may divide by it (no NaN in the output) */
        {SCALE("[-1e308, 1e308]"), 2, 8, "invalid scale [-1e+308, 1e+308]|span high - low"},
        {SCALE("[1e301, 1e302]"), 2, 8, "invalid scale|between -1e300 and 1e300"},
        {SCALE("[-1e301, 0]"), 2, 8, "invalid scale|between -1e300 and 1e300"},
    };
    EXPECT_TABLE(cases);
    EXPECT_OK(SCALE("[0.5, 1.5]"));
    EXPECT_OK(SCALE("[-10, 10]"));
    EXPECT_OK(SCALE("[-1e300, 1e300]"));
#undef SCALE
}

static void test_direction(void **state)
{
    (void)state;
#define DIR(title, dir) "title: " title "\n" dir "stages:\n  - name: a\n"
    static const one_case cases[] = {
        {DIR("t", "direction: up\n"), 2, 12, "invalid direction 'up'|ltr, rtl or auto"},
        {DIR("t", "direction: LTR\n"), 2, 12, "invalid direction 'LTR'"},
        {DIR("t", "direction: [ltr]\n"), 2, 12, "'direction' must be a string"},
    };
    EXPECT_TABLE(cases);

    static const struct {
        const char *yaml;
        bool rtl;
    } dirs[] = {
        {DIR("Buying a car", ""), false},
        {DIR("Buying a car", "direction: auto\n"), false},
        {DIR("\xd8\xa7\xd9\x81\xd8\xaa\xd8\xaa\xd8\xa7\xd8\xad \xd8\xad\xd8\xb3\xd8\xa7\xd8\xa8", ""), true}, /* Persian */
        {DIR("\xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d", "direction: auto\n"), true},                            /* Hebrew */
        {DIR("\"2024 \xd8\xaa\xd9\x82\xd8\xb1\xd9\x8a\xd8\xb1\"", ""), true},    /* digits, then Arabic */
        {DIR("\"\xc2\xab\xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d\xc2\xbb\"", ""), true},  /* «Hebrew» */
        {DIR("\"2024: A year\"", ""), false},
        {DIR("\xd0\x9f\xd0\xbe\xd0\xba\xd1\x83\xd0\xbf\xd0\xba\xd0\xb0", ""), false}, /* Cyrillic */
        {DIR("Buying a car", "direction: rtl\n"), true},
        {DIR("\xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d", "direction: ltr\n"), false},
    };
    for (size_t i = 0; i < sizeof dirs / sizeof *dirs; i++) {
        jmap_doc *doc = LOAD_OK(dirs[i].yaml);
        bool rtl = journey(doc, 0)->rtl;
        jmap_doc_free(doc);
        if (rtl != dirs[i].rtl) fail_msg("direction case %zu: rtl is %d\n%s", i, rtl, dirs[i].yaml);
    }
#undef DIR
}

static void test_lanes(void **state)
{
    (void)state;
#define LANES(v) "title: t\nlanes: " v "\nstages:\n  - name: a\n"
    static const one_case cases[] = {
        {LANES("[touchpoints, emotons]"), 2, 22, "unknown lane 'emotons' (did you mean 'emotions'?)"},
        {LANES("[touchpoints, zzzzzzzz]"), 2, 22, "unknown lane 'zzzzzzzz'|touchpoints, flow, doing"},
        {LANES("[pains, touchpoints, pains]"), 2, 29, "lane 'pains' is listed twice"},
    };
    EXPECT_TABLE(cases);
    jmap_doc *doc = load(LANES("[touchpoints, zzzzzzzz]"));
    assert_null(strstr(jmap_doc_diag(doc, 0)->message, "did you mean"));
    jmap_doc_free(doc);

    /* given lanes: exactly those, in that order */
    doc = LOAD_OK(LANES("[pains, touchpoints, metrics]"));
    const jmap_journey *j = journey(doc, 0);
    assert_true(j->lanes_given);
    assert_int_equal(j->n_lanes, 3);
    assert_int_equal(j->lanes[0], JM_LANE_PAINS);
    assert_int_equal(j->lanes[1], JM_LANE_TOUCHPOINTS);
    assert_int_equal(j->lanes[2], JM_LANE_METRICS);
    jmap_doc_free(doc);
#undef LANES

    /* default: the lanes with content, in the spec's order (an empty value or list is no content) */
    doc = LOAD_OK("title: t\n"
                  "stages:\n"
                  "  - name: a\n"
                  "    metrics: {NPS: 3}\n"
                  "    touchpoints:\n"
                  "      - name: b\n"
                  "        owner: Sales\n"
                  "        doing: Reads\n"
                  "        emotion: 3\n"
                  "  - name: c\n"
                  "    touchpoints:\n"
                  "      - name: d\n"
                  "        backstage: Checks\n"
                  "        pains:\n"
                  "        opportunities: []\n");
    j = journey(doc, 0);
    assert_false(j->lanes_given);
    static const jm_lane expect[] = {JM_LANE_TOUCHPOINTS, JM_LANE_DOING, JM_LANE_EMOTIONS, JM_LANE_BACKSTAGE,
                                     JM_LANE_OWNER, JM_LANE_METRICS};
    assert_int_equal(j->n_lanes, sizeof expect / sizeof *expect);
    for (size_t i = 0; i < j->n_lanes; i++) assert_int_equal(j->lanes[i], expect[i]);
    jmap_doc_free(doc);

    /* every lane, when every lane has content (the action plan needs a prioritised opportunity) */
    doc = LOAD_OK("title: t\nstages:\n  - name: a\n    metrics: {NPS: 3}\n    touchpoints:\n"
                  "      - {name: b, doing: d, thinking: t, feeling: f, pains: p, opportunities: o, backstage: b, "
                  "owner: o, evidence: e, frontstage: f, support: s, reach: 5, wait: 2d, optional: true}\n");
    j = journey(doc, 0);
    assert_int_equal(j->n_lanes, JM_LANE_ACTIONS);
    for (size_t i = 0; i < j->n_lanes; i++) assert_int_equal(j->lanes[i], (jm_lane)i);
    jmap_doc_free(doc);
}

static void test_theme(void **state)
{
    (void)state;
    static const char *const names[] = {"default", "dark", "print", "high-contrast"};
    for (size_t i = 0; i < 4; i++) {
        char yaml[128];
        snprintf(yaml, sizeof yaml, "title: t\ntheme: %s\nstages:\n  - name: a\n", names[i]);
        jmap_doc *doc = LOAD_OK(yaml);
        assert_string_equal(journey(doc, 0)->theme.name, names[i]);
        jmap_doc_free(doc);
    }
    jmap_doc *doc = LOAD_OK(MINIMAL);
    assert_string_equal(journey(doc, 0)->theme.name, "default");
    jmap_doc_free(doc);

    static const one_case cases[] = {
        {"title: t\ntheme: drak\nstages:\n  - name: a\n", 2, 8, "unknown theme 'drak' (did you mean 'dark'?)"},
        {"title: t\ntheme: neon\nstages:\n  - name: a\n", 2, 8, "unknown theme 'neon'|default, dark, print"},
        {"title: t\ntheme:\n  base: hihg-contrast\nstages:\n  - name: a\n", 3, 9,
         "unknown theme 'hihg-contrast' (did you mean 'high-contrast'?)"},
        {"title: t\ntheme:\n  base: dark\n  backgrund: \"#000\"\nstages:\n  - name: a\n", 4, 3,
         "unknown key 'backgrund' in theme (did you mean 'background'?)"},
        {"title: t\ntheme:\n  font-size: 2\nstages:\n  - name: a\n", 3, 14, "'font-size' must be between 4 and 72"},
        {"title: t\ntheme:\n  font-size: big\nstages:\n  - name: a\n", 3, 14, "'font-size' must be a number"},
    };
    EXPECT_TABLE(cases);
    doc = load(cases[1].yaml);
    assert_null(strstr(jmap_doc_diag(doc, 0)->message, "did you mean"));
    jmap_doc_free(doc);

    doc = LOAD_OK("title: t\n"
                  "theme:\n"
                  "  base: dark\n"
                  "  font: Noto Serif\n"
                  "  font-size: 14\n"
                  "  background: \"#000\"\n"
                  "  negative: \"#ff0000\"\n"
                  "  stage-colors: [\"#fff\", \"#00ff00\"]\n"
                  "stages:\n  - name: a\n");
    const jm_theme *th = &journey(doc, 0)->theme;
    assert_string_equal(th->name, "dark");
    assert_string_equal(th->font, "Noto Serif");
    assert_true(th->font_size == 14);
    assert_true(th->background.r == 0 && th->background.g == 0 && th->background.b == 0);
    assert_true(th->negative.r == 1 && th->negative.g == 0 && th->negative.b == 0);
    assert_int_equal(th->n_stage_colors, 2);
    assert_true(th->stage_colors[1].r == 0 && th->stage_colors[1].g == 1 && th->stage_colors[1].b == 0);
    jm_theme dark;
    memset(&dark, 0, sizeof dark);
    jmap_doc *plain = LOAD_OK("title: t\ntheme: dark\nstages:\n  - name: a\n");
    dark = journey(plain, 0)->theme;
    jmap_doc_free(plain);
    /* what is not overridden comes from the base */
    assert_true(th->positive.r == dark.positive.r && th->positive.g == dark.positive.g &&
                th->positive.b == dark.positive.b);
    jmap_doc_free(doc);
}

static void test_format_version(void **state)
{
    (void)state;
    static const one_case cases[] = {
        {"jmap: 2\ntitle: t\nstages:\n  - name: a\n", 1, 7, "unsupported format version '2'|version 1"},
        {"jmap: x\ntitle: t\nstages:\n  - name: a\n", 1, 7, "unsupported format version 'x'"},
        {"jmap: 1.5\ntitle: t\nstages:\n  - name: a\n", 1, 7, "unsupported format version"},
    };
    EXPECT_TABLE(cases);
    EXPECT_OK("jmap: 1\ntitle: t\nstages:\n  - name: a\n");
}

/* ---- documents and diagnostics ---- */

static void test_several_documents(void **state)
{
    (void)state;
    jmap_doc *doc = LOAD_OK("title: First\nstages:\n  - name: a\n---\ntitle: Second\nstages:\n  - name: b\n"
                            "---\ntitle: Third\nstages:\n  - name: c\n");
    assert_int_equal(jmap_doc_journey_count(doc), 3);
    assert_string_equal(jmap_journey_title(journey(doc, 0)), "First");
    assert_string_equal(jmap_journey_title(journey(doc, 1)), "Second");
    assert_string_equal(jmap_journey_title(journey(doc, 2)), "Third");
    assert_int_equal(journey(doc, 2)->doc_index, 2);
    jmap_doc_free(doc);

    /* each document is checked on its own; lines count through the stream */
    const char *yaml = "title: A\npersonas: [{name: ann}]\nstages:\n  - name: a\n"
                       "---\ntitle: B\nstages:\n  - name: b\n    touchpoints:\n      - {name: c, personas: [ann]}\n";
    EXPECT(yaml, {10, 30, "unknown persona 'ann'"});
    doc = load(yaml);
    assert_int_equal(jmap_doc_journey_count(doc), 0); /* an input with any error gives no journey */
    jmap_doc_free(doc);
    /* anchors do not cross documents */
    EXPECT("x-a: &a 1\ntitle: A\nstages: [{name: a}]\n---\nx-b: *a\ntitle: B\nstages: [{name: b}]\n",
           {5, 6, "unknown alias '*a'"});
}

static void test_error_limit(void **state)
{
    (void)state;
    buf b = {0};
    for (int i = 0; i < 60; i++) add(&b, "unknown%02d: 1\n", i);
    add(&b, "title: t\nstages:\n  - name: a\n");
    jmap_doc *doc = load_n(b.s, b.n);
    assert_int_equal(jmap_doc_error_count(doc), 60);
    assert_int_equal(jmap_doc_diag_count(doc), 50);
    for (size_t i = 0; i < 50; i++) {
        const jmap_diag *d = jmap_doc_diag(doc, i);
        assert_int_equal(d->line, (int)i + 1);
        assert_int_equal(d->column, 1);
    }
    assert_null(jmap_doc_diag(doc, 50));
    assert_int_equal(jmap_doc_journey_count(doc), 0);
    jmap_doc_free(doc);
    free(b.s);
}

static void test_diagnostics_ordered_by_position(void **state)
{
    (void)state;
    /* found in this order: line 2 and 7 while loading, then line 5 and 7:20 while resolving */
    EXPECT("title: t\nzzzzzzzz: 1\nstages:\n  - name: a\n    touchpoints:\n      - {name: b, channel: fax}\n"
           "      - {name: c, channel: faxx, emotoin: 3}\n",
           {2, 1, "unknown key 'zzzzzzzz'"}, {6, 28, "unknown channel 'fax'"},
           {7, 28, "unknown channel 'faxx'"}, {7, 34, "unknown key 'emotoin'"});
}

/* Splits the formatted text into its three lines and checks the caret's place. */
static void check_format(const jmap_doc *doc, size_t i, const char *head, const char *src_line, int col)
{
    const jmap_diag *d = jmap_doc_diag(doc, i);
    assert_non_null(d);
    char out[1024];
    size_t need = jmap_diag_format(doc, d, out, sizeof out);
    assert_int_equal(need, strlen(out));
    char *l1 = out, *l2 = strchr(l1, '\n');
    assert_non_null(l2);
    *l2++ = '\0';
    char *l3 = strchr(l2, '\n');
    assert_non_null(l3);
    *l3++ = '\0';
    char *end = strchr(l3, '\n');
    assert_non_null(end);
    *end = '\0';
    assert_string_equal(end + 1, "");
    assert_string_equal(l1, head);
    /* line 2: an indent, then the source line as it is (no \r) */
    size_t indent = strlen(l2) - strlen(src_line);
    assert_true(strlen(l2) >= strlen(src_line));
    assert_string_equal(l2 + indent, src_line);
    for (size_t k = 0; k < indent; k++) assert_int_equal(l2[k], ' ');
    /* line 3: the same indent, one blank per character before the column (tabs kept), a caret */
    assert_int_equal(strlen(l3), indent + (size_t)col);
    assert_memory_equal(l3, l2, indent);
    const char *p = src_line;
    for (int c = 1; c < col; c++) {
        char want_ch = *p == '\t' ? '\t' : ' ';
        assert_int_equal(l3[indent + (size_t)c - 1], want_ch);
        p++;
        while (((unsigned char)*p & 0xC0) == 0x80) p++;
    }
    assert_int_equal(l3[indent + (size_t)col - 1], '^');
}

static void test_diag_format(void **state)
{
    (void)state;
    jmap_doc *doc = load("title: t\nstages:\n  - name: a\n    emotoin: 1\n"
                         "  - {name: \xc3\x96""d\xc3\xb6n \xc5\x81\xc3\xb3""d\xc5\xba, emotoin: 2}\n"
                         "  - {name: b,\temotoin: 3}\r\n"
                         "  - {name: \xd8\xae\xd8\xb1\xdb\x8c\xd8\xaf, gaol: x}\n"
                         "  - {name: \xc5\x81\xc3\xb3""d\xc5\xba,\tgaol: x}\n");
    assert_int_equal(jmap_doc_diag_count(doc), 5);
    check_format(doc, 0, "t.yaml:4:5: error: unknown key 'emotoin' in stage",
                 "    emotoin: 1", 5);
    /* multi-byte characters before the column: the caret counts characters */
    check_format(doc, 1, "t.yaml:5:23: error: unknown key 'emotoin' in stage",
                 "  - {name: \xc3\x96""d\xc3\xb6n \xc5\x81\xc3\xb3""d\xc5\xba, emotoin: 2}", 23);
    /* a tab before the column stays a tab, so the caret lines up in a terminal */
    check_format(doc, 2, "t.yaml:6:15: error: unknown key 'emotoin' in stage",
                 "  - {name: b,\temotoin: 3}", 15);
    check_format(doc, 3, "t.yaml:7:18: error: unknown key 'gaol' in stage (did you mean 'goal'?)",
                 "  - {name: \xd8\xae\xd8\xb1\xdb\x8c\xd8\xaf, gaol: x}", 18);
    /* multi-byte characters, then a tab, before the column */
    check_format(doc, 4, "t.yaml:8:18: error: unknown key 'gaol' in stage (did you mean 'goal'?)",
                 "  - {name: \xc5\x81\xc3\xb3""d\xc5\xba,\tgaol: x}", 18);

    /* like snprintf: the full length is returned, the buffer is always terminated */
    const jmap_diag *d = jmap_doc_diag(doc, 0);
    size_t need = jmap_diag_format(doc, d, NULL, 0);
    char small[10];
    assert_int_equal(jmap_diag_format(doc, d, small, sizeof small), need);
    assert_string_equal(small, "t.yaml:4:");
    char *big = malloc(need + 1);
    assert_non_null(big);
    assert_int_equal(jmap_diag_format(doc, d, big, need + 1), need);
    assert_int_equal(strlen(big), need);
    free(big);
    jmap_doc_free(doc);
}

/* A diagnostic on a line that holds the bad byte is still a C string of three
 * lines (message, source line, caret line), the caret at the bad byte. */
static void check_bad_byte_format(const char *data, size_t len, const char *head, const char *src_start, int col)
{
    jmap_doc *doc = load_n(data, len);
    assert_int_equal(jmap_doc_diag_count(doc), 1);
    char out[512];
    size_t need = jmap_diag_format(doc, jmap_doc_diag(doc, 0), out, sizeof out);
    jmap_doc_free(doc);
    assert_true(need < sizeof out);
    assert_int_equal(strlen(out), need); /* no NUL inside */
    assert_true(strncmp(out, head, strlen(head)) == 0);
    char *l2 = strchr(out, '\n');
    assert_non_null(l2);
    char *l3 = strchr(l2 + 1, '\n');
    assert_non_null(l3);
    l3++;
    /* the source line as printed starts with src_start, after the indent */
    const char *shown = strstr(l2 + 1, src_start);
    assert_non_null(shown);
    size_t indent = (size_t)(shown - (l2 + 1));
    assert_int_equal(strspn(l2 + 1, " "), indent + strspn(src_start, " "));
    assert_int_equal(strlen(l3), indent + (size_t)col + 1);
    assert_int_equal(l3[indent + (size_t)col - 1], '^');
    assert_int_equal(l3[indent + (size_t)col], '\n');
}

static void test_diag_format_on_nul_line(void **state)
{
    (void)state;
    static const char nul[] = "title: t\nstages:\n  - name: \0a\n";
    check_bad_byte_format(nul, sizeof nul - 1, "t.yaml:3:11: error: ", "  - name: ", 11);
}

static void test_diag_format_on_invalid_utf8_line(void **state)
{
    (void)state;
    static const char bad[] = "title: t\nstages:\n  - name: \xc3\xa9\xff\n";
    check_bad_byte_format(bad, sizeof bad - 1, "t.yaml:3:12: error: ", "  - name: ", 12);
}

static void test_merge_keys(void **state)
{
    (void)state;
    jmap_doc *doc = LOAD_OK("x-stage: &base\n"
                            "  name: Base name\n"
                            "  goal: From the base\n"
                            "x-tp: &tp\n"
                            "  channel: web\n"
                            "  emotion: 2\n"
                            "title: t\n"
                            "stages:\n"
                            "  - name: Own name\n"
                            "    <<: *base\n"
                            "  - <<: *base\n"
                            "    goal: Own goal\n"
                            "    touchpoints:\n"
                            "      - <<: *tp\n"
                            "        name: b\n"
                            "        emotion: 4\n"
                            "  - <<: [*base]\n"
                            "    id: third\n");
    const jmap_journey *j = journey(doc, 0);
    assert_int_equal(j->n_stages, 3);
    assert_string_equal(j->stages[0].name.s, "Own name");
    assert_string_equal(j->stages[0].goal.s, "From the base");
    assert_string_equal(j->stages[1].name.s, "Base name");
    assert_string_equal(j->stages[1].goal.s, "Own goal");
    const jm_touchpoint *t = tp(j, 1, 0);
    assert_string_equal(t->channel.s, "web");
    assert_true(t->emotion[0] == 4);
    assert_string_equal(j->stages[2].name.s, "Base name");
    assert_string_equal(j->stages[2].id.s, "third");
    jmap_doc_free(doc);

    /* a merged mapping may itself merge another */
    doc = LOAD_OK("x-a: &a {goal: From a}\nx-b: &b {<<: *a, name: From b}\ntitle: t\nstages:\n  - <<: *b\n");
    assert_string_equal(journey(doc, 0)->stages[0].name.s, "From b");
    assert_string_equal(journey(doc, 0)->stages[0].goal.s, "From a");
    jmap_doc_free(doc);

    EXPECT("title: t\nstages:\n  - name: a\n    <<: text\n", {4, 9, "'<<' merges mappings only|string"});
    /* in a list of merges, each item is checked */
    EXPECT("x-a: &a {goal: g}\ntitle: t\nstages:\n  - name: a\n    <<: [*a, [b]]\n", {5, 14, "'<<' merges mappings only|list"});
    /* merged keys are checked too */
    EXPECT("x-a: &a {goal: [g]}\ntitle: t\nstages:\n  - name: a\n    <<: *a\n", {1, 16, "'goal' must be a string"});
}

/* ---- limits ---- */

#define OPEN40 "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["
#define CLOSE40 "]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]"

static void test_limit_deep_flow_nesting(void **state)
{
    (void)state;
    size_t n = 100000;
    char *s = malloc(n + 1);
    assert_non_null(s);
    memset(s, '[', n);
    s[n] = '\0';
    EXPECT_BOUNDED(s, n, {1, 65, "nesting is deeper than 64 levels"});
    free(s);
}

/* A journey whose deepest container is `levels` deep: the root, then a chain
 * of mappings under an extension key. Sets *line and *col to where the
 * container at depth 65 would start. */
static char *block_nest(int levels, int *line, int *col)
{
    buf b = {0};
    add(&b, "title: t\nstages:\n  - name: a\nx-deep:\n");
    int ln = 5;
    for (int d = 2; d <= levels; d++, ln++) {
        if (d == 65) { /* one past the spec's limit of 64 */
            *line = ln;
            *col = 2 * (d - 1) + 1;
        }
        add(&b, "%*sk%d:%s\n", 2 * (d - 1), "", d, d == levels ? " leaf" : "");
    }
    return b.s;
}

static void test_limit_deep_block_nesting(void **state)
{
    (void)state;
    int line = 0, col = 0;
    char *s = block_nest(64, &line, &col);
    EXPECT_BOUNDED_OK(s, strlen(s));
    free(s);
    s = block_nest(65, &line, &col);
    assert_int_equal(line, 68);
    EXPECT_BOUNDED(s, strlen(s), {line, col, "nesting is deeper than 64 levels"});
    free(s);
}

static void test_limit_alias_bomb(void **state)
{
    (void)state;
    buf b = {0};
    add(&b, "title: t\nstages:\n  - name: a\n");
    add(&b, "x-a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    int bad_line = 0, bad_col = 0;
    for (char c = 'b'; c <= 'i'; c++) {
        int line = 5 + (c - 'b');
        add(&b, "x-%c: &%c [", c, c);
        /* the first alias to `e` takes the expansion past 100 000 nodes */
        if (c == 'f') {
            bad_line = line;
            bad_col = (int)strlen("x-f: &f [") + 1;
        }
        for (int k = 0; k < 9; k++) add(&b, "%s*%c", k ? ", " : "", c - 1);
        add(&b, "]\n");
    }
    EXPECT_BOUNDED(b.s, b.n, {bad_line, bad_col, "aliases expand to more than 100000 nodes"});
    free(b.s);
    /* a few levels of the same shape are fine */
    EXPECT_OK("title: t\nstages:\n  - name: a\nx-a: &a [lol, lol, lol]\nx-b: &b [*a, *a, *a]\nx-c: [*b, *b, *b]\n");
}

/* An alias counts for the depth of what it names, where it is used. */
static void test_limit_alias_depth(void **state)
{
    (void)state;
    buf b = {0};
    add(&b, "title: t\nstages:\n  - name: a\nx-a: &a %.*s%.*s\n", 40, OPEN40, 40, CLOSE40);
    /* the root mapping, 23 lists, then the 40 the alias names: 64 levels, the limit */
    add(&b, "x-b: %.*s*a%.*s\n", 23, OPEN40, 23, CLOSE40);
    EXPECT_BOUNDED_OK(b.s, b.n);
    /* one more: 65, as too deep as 65 levels written out */
    add(&b, "x-c: %.*s*a%.*s\n", 24, OPEN40, 24, CLOSE40);
    EXPECT_BOUNDED(b.s, b.n, {6, 30, "alias '*a'|deeper than 64 levels"});
    free(b.s);
}

static void test_limit_alias_errors(void **state)
{
    (void)state;
    EXPECT("title: t\nstages:\n  - name: a\n    goal: *nope\n", {4, 11, "unknown alias '*nope'|anchor"});
    EXPECT("title: t\nstages:\n  - &s\n    name: a\n    x-self: *s\n", {5, 13, "alias '*s'|contains it"});
    /* an alias to a string is that string */
    jmap_doc *doc = LOAD_OK("title: &t Shared\nstages:\n  - name: *t\n");
    assert_string_equal(journey(doc, 0)->stages[0].name.s, "Shared");
    jmap_doc_free(doc);
}

/* A journey with counts[i] touchpoints in stage i; sets *line_of_10001 to
 * the line of the 10 001st touchpoint (its mapping starts in column 9). */
static char *touchpoints(const size_t *counts, size_t n_stages, size_t *len, int *line_of_10001)
{
    buf b = {0};
    add(&b, "title: t\nstages:\n");
    int line = 3;
    size_t k = 0;
    for (size_t s = 0; s < n_stages; s++) {
        add(&b, "  - name: s%zu\n    touchpoints:\n", s);
        line += 2;
        for (size_t i = 0; i < counts[s]; i++, k++, line++) {
            if (k == 10000) *line_of_10001 = line;
            add(&b, (k & 1) ? "      - {name: t%zu, emotion: 3}\n" : "      - name: t%zu\n", k);
        }
    }
    *len = b.n;
    return b.s;
}

static void test_limit_touchpoints(void **state)
{
    (void)state;
    size_t len;
    int line = 0;
    static const size_t exactly[] = {10000}, split[] = {5000, 5000};
    for (int pass = 0; pass < 2; pass++) {
        char *s = pass ? touchpoints(split, 2, &len, &line) : touchpoints(exactly, 1, &len, &line);
        work done = {0, 0};
        jmap_doc *doc = load_counted(s, len, &done);
        assert_int_equal(jmap_doc_error_count(doc), 0);
        assert_int_equal(journey(doc, 0)->n_touchpoints, 10000);
        jmap_doc_free(doc);
        check_work(__FILE__, __LINE__, &done, len);
        free(s);
    }

    static const size_t one_over[] = {10001};
    char *s = touchpoints(one_over, 1, &len, &line);
    assert_int_equal(line, 10005);
    EXPECT_BOUNDED(s, len, {line, 9, "more than 10000 touchpoints"});
    free(s);

    /* the count runs across stages, and the limit is reported once */
    static const size_t across[] = {5000, 5005, 3};
    s = touchpoints(across, 3, &len, &line);
    assert_int_equal(line, 10007);
    EXPECT_BOUNDED(s, len, {line, 9, "more than 10000 touchpoints"});
    free(s);
}

/* A journey of stages holding one touchpoint with `pains` one-letter pains
 * each (or one pain of `text` bytes): the draw bounds, counted as build counts. */
static char *pains_journey(size_t stages, size_t pains, size_t text)
{
    size_t cap = 64 + stages * (128 + pains * 3 + text);
    char *s = malloc(cap), *p = s;
    assert_non_null(s);
    p += sprintf(p, "title: Big\nstages:\n");
    for (size_t i = 0; i < stages; i++) {
        p += sprintf(p, "  - name: s%zu\n    touchpoints:\n      - name: t\n        pains: [", i);
        for (size_t k = 0; k < pains; k++) p += sprintf(p, k ? ", p" : "p");
        if (text) {
            memset(p, 'x', text);
            p += text;
        }
        p += sprintf(p, "]\n");
    }
    return s;
}

static void test_limit_what_a_map_draws(void **state)
{
    (void)state;
    /* the title, then per stage: its name, a touchpoint name, its point and the pains */
    char *s = pains_journey(2000, 26, 0); /* 1 + 2000 * 29 = 58 001 */
    EXPECT_OK(s);
    free(s);
    s = pains_journey(2000, 27, 0); /* 60 001 */
    EXPECT(s, {1, 8, "would draw 60001 texts, list items and emotion points; a map draws at most 60000"});
    free(s);
    /* 1 MiB of text: "Big", the stage names s0..s399 (1 490 bytes), and per
     * stage a touchpoint "t" and a pain of 1 + n bytes: 1 493 + 400 * (2 + n) */
    s = pains_journey(400, 1, 2615); /* 1 048 293 bytes */
    EXPECT_OK(s);
    free(s);
    s = pains_journey(400, 1, 2616); /* 1 048 693 bytes */
    EXPECT(s, {1, 8, "has 1.0 MiB of text; a map draws at most 1 MiB"});
    free(s);
}

static void test_limit_input_size(void **state)
{
    (void)state;
    size_t limit = 16u * 1024u * 1024u;
    char *s = malloc(limit + 1);
    assert_non_null(s);
    /* a valid journey padded with a comment to exactly the limit is read */
    const char *head = "title: t\nstages:\n  - name: a\n#";
    size_t hl = strlen(head);
    memcpy(s, head, hl);
    memset(s + hl, 'x', limit - hl - 1);
    s[limit - 1] = '\n';
    jmap_doc_free(ok_at(__FILE__, __LINE__, s, limit));
    /* one byte more is refused before parsing */
    s[limit - 1] = 'x';
    s[limit] = '\n';
    EXPECT_BOUNDED(s, limit + 1, {1, 1, "larger than the limit of 16 MiB"});
    free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_yaml_syntax_error),
        cmocka_unit_test(test_tab_indentation),
        cmocka_unit_test(test_unterminated_quote_points_at_opening_quote),
        cmocka_unit_test(test_invalid_utf8),
        cmocka_unit_test(test_noncharacters),
        cmocka_unit_test(test_nul_byte),
        cmocka_unit_test(test_utf16_bom_refused),
        cmocka_unit_test(test_utf8_bom_accepted),
        cmocka_unit_test(test_misspelt_required_key_is_one_error),
        cmocka_unit_test(test_errors_after_load_errors),
        cmocka_unit_test(test_crlf_and_cr_line_ends),
        cmocka_unit_test(test_top_level_not_a_mapping),
        cmocka_unit_test(test_empty_file),
        cmocka_unit_test(test_missing_required_keys),
        cmocka_unit_test(test_unknown_key),
        cmocka_unit_test(test_duplicate_key),
        cmocka_unit_test(test_extension_keys_ignored_everywhere),
        cmocka_unit_test(test_extension_key_in_emotion_mapping_ignored),
        cmocka_unit_test(test_wrong_types),
        cmocka_unit_test(test_wrong_type_title_is_one_error),
        cmocka_unit_test(test_implicit_yaml_types_are_strings),
        cmocka_unit_test(test_plain_scalar_is_a_one_item_list),
        cmocka_unit_test(test_duplicate_ids),
        cmocka_unit_test(test_id_made_from_name),
        cmocka_unit_test(test_touchpoint_ids),
        cmocka_unit_test(test_state_and_target),
        cmocka_unit_test(test_metrics_and_opportunities),
        cmocka_unit_test(test_blueprint_lanes_take_lists),
        cmocka_unit_test(test_invalid_id),
        cmocka_unit_test(test_unknown_persona),
        cmocka_unit_test(test_unknown_channel),
        cmocka_unit_test(test_builtin_channels_known),
        cmocka_unit_test(test_declared_channels),
        cmocka_unit_test(test_icon_and_kind),
        cmocka_unit_test(test_emotion_outside_scale),
        cmocka_unit_test(test_emotion_not_a_number),
        cmocka_unit_test(test_emotion_per_persona_rules),
        cmocka_unit_test(test_emotion_resolved),
        cmocka_unit_test(test_bad_colour),
        cmocka_unit_test(test_bad_scale),
        cmocka_unit_test(test_direction),
        cmocka_unit_test(test_lanes),
        cmocka_unit_test(test_theme),
        cmocka_unit_test(test_format_version),
        cmocka_unit_test(test_several_documents),
        cmocka_unit_test(test_error_limit),
        cmocka_unit_test(test_diagnostics_ordered_by_position),
        cmocka_unit_test(test_diag_format),
        cmocka_unit_test(test_diag_format_on_nul_line),
        cmocka_unit_test(test_diag_format_on_invalid_utf8_line),
        cmocka_unit_test(test_merge_keys),
        cmocka_unit_test(test_limit_deep_flow_nesting),
        cmocka_unit_test(test_limit_deep_block_nesting),
        cmocka_unit_test(test_limit_alias_bomb),
        cmocka_unit_test(test_limit_alias_depth),
        cmocka_unit_test(test_limit_alias_errors),
        cmocka_unit_test(test_limit_touchpoints),
        cmocka_unit_test(test_limit_what_a_map_draws),
        cmocka_unit_test(test_limit_input_size),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
