/* Every public function of jmap.h, called as a program outside jmap would:
 * with include/ alone on the include path, compiled as C and as C++ (the
 * same file; tests/CMakeLists.txt builds both), the error paths included
 * (NULL, out of range, buffers of size 0 and 1), as cmark's api_test does.
 * No test framework: a tally, and exit 1 on a failure. */
#include <jmap/jmap.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failed, passed;

#define CHECK(cond)                                                                 \
    do {                                                                            \
        if (cond) passed++;                                                         \
        else {                                                                      \
            failed++;                                                               \
            fprintf(stderr, "%s:%d: FAIL: %s\n", __FILE__, __LINE__, #cond);        \
        }                                                                           \
    } while (0)

static const char JOURNEY[] = "jmap: 1\n"
                              "title: API test\n"
                              "lang: de\n"
                              "personas:\n"
                              "  - {id: ana, name: Ana}\n"
                              "  - {id: bo, name: Bo}\n"
                              "stages:\n"
                              "  - name: One\n"
                              "    metrics: {NPS: {value: 40, target: 50}}\n"
                              "    touchpoints:\n"
                              "      - {id: a, name: A, channel: web, emotion: {ana: 4, bo: 2}}\n"
                              "      - {id: b, name: B, channel: phone, emotion: {ana: 2, bo: 3}, moment: true}\n";

typedef struct sink {
    size_t bytes;
    size_t refuse_after; /* 0: never */
} sink;

static int count_bytes(void *ctx, const unsigned char *data, size_t len)
{
    sink *s = (sink *)ctx;
    (void)data;
    if (s->refuse_after && s->bytes + len > s->refuse_after) return -1;
    s->bytes += len;
    return 0;
}

static void *my_calloc(void *ctx, size_t n, size_t size)
{
    ++*(size_t *)ctx;
    return calloc(n, size);
}
static void *my_realloc(void *ctx, void *p, size_t size)
{
    ++*(size_t *)ctx;
    return realloc(p, size);
}
static void my_free(void *ctx, void *p)
{
    (void)ctx;
    free(p);
}

static void test_version(void)
{
    CHECK(strcmp(jmap_version(), JMAP_VERSION) == 0);
    CHECK(jmap_version_number() == JMAP_VERSION_NUMBER);
    CHECK(JMAP_VERSION_NUMBER == ((JMAP_VERSION_MAJOR << 16) | (JMAP_VERSION_MINOR << 8) | JMAP_VERSION_PATCH));
    char v[32];
    snprintf(v, sizeof v, "%d.%d.%d", JMAP_VERSION_MAJOR, JMAP_VERSION_MINOR, JMAP_VERSION_PATCH);
    CHECK(strcmp(v, JMAP_VERSION) == 0);
}

static void test_vocab(void)
{
    for (int v = 0; v < JMAP_VOCAB_COUNT; v++) {
        size_t n = jmap_vocab_count((jmap_vocab)v);
        CHECK(n > 0);
        for (size_t i = 0; i < n; i++) CHECK(jmap_vocab_name((jmap_vocab)v, i) && *jmap_vocab_name((jmap_vocab)v, i));
        CHECK(jmap_vocab_name((jmap_vocab)v, n) == NULL);
        char buf[2048];
        size_t need = jmap_vocab_join((jmap_vocab)v, NULL, buf, sizeof buf);
        CHECK(need == strlen(buf));
        CHECK(jmap_vocab_join((jmap_vocab)v, "or", NULL, 0) == need);
        char one[1] = {'x'};
        CHECK(jmap_vocab_join((jmap_vocab)v, "and", one, 1) >= need && one[0] == '\0');
    }
    CHECK(jmap_vocab_count(JMAP_VOCAB_COUNT) == 0);
    CHECK(jmap_vocab_count((jmap_vocab)-1) == 0);
    CHECK(jmap_vocab_name(JMAP_VOCAB_COUNT, 0) == NULL);
    CHECK(strcmp(jmap_vocab_name(JMAP_VOCAB_LANGUAGES, 0), "en") == 0);
    CHECK(jmap_journey_source_count(NULL) == 0 && jmap_journey_source_id(NULL, 0) == NULL);
    CHECK(strcmp(jmap_vocab_name(JMAP_VOCAB_PAPERS, 0), "a4") == 0 && jmap_paper_size(jmap_vocab_name(JMAP_VOCAB_PAPERS, 4), NULL, NULL));
    char themes[256];
    jmap_vocab_join(JMAP_VOCAB_THEMES, "or", themes, sizeof themes);
    CHECK(strstr(themes, "dark") && strstr(themes, " or "));

    CHECK(jmap_language_code(NULL) == NULL);
    CHECK(jmap_language_code("") == NULL);
    CHECK(jmap_language_code("english") == NULL);
    CHECK(jmap_language_code("xx") == NULL);
    CHECK(jmap_language_code("de-AT") && strcmp(jmap_language_code("de-AT"), "de") == 0);
    CHECK(jmap_language_code("EN") && strcmp(jmap_language_code("EN"), "en") == 0);

    CHECK(jmap_word(NULL, NULL) == NULL);
    CHECK(jmap_word("de", "no-such-word") == NULL);
    CHECK(jmap_word(NULL, "pains") && strcmp(jmap_word(NULL, "pains"), jmap_word("xx", "pains")) == 0);
    CHECK(jmap_word("de", "pains") && strcmp(jmap_word("de", "pains"), jmap_word(NULL, "pains")) != 0);
    CHECK(jmap_word(NULL, "web") != NULL);
}

static void test_escape(void)
{
    char out[64];
    const char raw[] = "a\x1b]52;c\x07 \xc2\x85 \xe2\x80\xae \xff";
    size_t need = jmap_escape_text(raw, strlen(raw), out, sizeof out);
    CHECK(need == strlen(out));
    CHECK(strcmp(out, "a\\x1b]52;c\\x07 \\u0085 \\u202e \\xff") == 0);
    char one[1] = {'x'};
    CHECK(jmap_escape_text(raw, strlen(raw), one, 1) == need && one[0] == '\0');
    CHECK(jmap_escape_text(raw, strlen(raw), NULL, 0) == need);
    CHECK(jmap_escape_text("plain", 5, out, sizeof out) == 5 && strcmp(out, "plain") == 0);
    CHECK(jmap_escape_text(NULL, 3, out, sizeof out) == 0 && out[0] == '\0');
    CHECK(jmap_char_hidden(0x1b) && jmap_char_hidden(0x85) && jmap_char_hidden(0x202e));
    CHECK(!jmap_char_hidden('a') && !jmap_char_hidden(0x4e2d) && !jmap_char_hidden(0x110000));
}

static void test_load(void)
{
    CHECK(jmap_mem_default() && jmap_mem_default()->calloc && jmap_mem_default()->free);
    jmap_doc *doc = jmap_load(JOURNEY, strlen(JOURNEY), "api.yaml");
    CHECK(doc != NULL);
    CHECK(jmap_doc_error_count(doc) == 0);
    CHECK(jmap_doc_out_of_memory(doc) == 0);
    CHECK(jmap_doc_out_of_memory(NULL) == 0);
    CHECK(jmap_doc_journey_count(doc) == 1);
    CHECK(jmap_doc_journey(doc, 1) == NULL);
    const jmap_journey *j = jmap_doc_journey(doc, 0);
    CHECK(j && strcmp(jmap_journey_title(j), "API test") == 0);
    size_t len = 1;
    CHECK(jmap_doc_journey_file(doc, &len) == NULL); /* not read from Mermaid */
    CHECK(jmap_doc_diag(doc, jmap_doc_diag_count(doc)) == NULL);

    /* NULL and nonsense */
    CHECK(jmap_doc_error_count(NULL) == 0);
    CHECK(jmap_doc_diag_count(NULL) == 0);
    CHECK(jmap_doc_diag(NULL, 0) == NULL);
    CHECK(jmap_doc_journey_count(NULL) == 0);
    CHECK(jmap_doc_journey(NULL, 0) == NULL);
    CHECK(strcmp(jmap_journey_title(NULL), "") == 0);
    CHECK(jmap_doc_journey_file(NULL, &len) == NULL);
    jmap_doc_free(NULL);

    /* a bad input: diagnostics with positions, formatted into any buffer size */
    const char bad[] = "jmap: 1\ntitle: Bad\nstages:\n  - name: S\n    touchpoints:\n      - {name: T, channel: webb}\n";
    jmap_doc *b = jmap_load(bad, strlen(bad), "bad.yaml");
    CHECK(b && jmap_doc_error_count(b) == 1 && jmap_doc_journey_count(b) == 0);
    const jmap_diag *d = jmap_doc_diag(b, 0);
    CHECK(d && d->line == 6 && d->column > 0 && d->severity == JMAP_ERROR && strstr(d->message, "webb"));
    char buf[512];
    size_t need = jmap_diag_format(b, d, buf, sizeof buf);
    CHECK(need == strlen(buf) && strncmp(buf, "bad.yaml:6:", 11) == 0);
    char one[1] = {'x'};
    CHECK(jmap_diag_format(b, d, one, 1) == need && one[0] == '\0');
    CHECK(jmap_diag_format(b, d, NULL, 0) == need);
    jmap_doc_free(b);

    /* empty input, NULL data with length 0 */
    jmap_doc *e = jmap_load("", 0, "empty.yaml");
    CHECK(e && jmap_doc_error_count(e) >= 1);
    jmap_doc_free(e);
    e = jmap_load(NULL, 0, NULL);
    CHECK(e && jmap_doc_journey_count(e) == 0);
    jmap_doc_free(e);

    /* memory of our own */
    size_t calls = 0;
    jmap_mem mem = {my_calloc, my_realloc, my_free, &calls};
    jmap_doc *m = jmap_load_with(JOURNEY, strlen(JOURNEY), "api.yaml", &mem);
    CHECK(m && jmap_doc_journey_count(m) == 1 && calls > 0);
    jmap_doc_free(m);
    m = jmap_load_with(JOURNEY, strlen(JOURNEY), "api.yaml", NULL);
    CHECK(m && jmap_doc_journey_count(m) == 1);
    jmap_doc_free(m);

    /* themes */
    const char theme[] = "base: dark\npositive: \"#00aa00\"\n";
    jmap_doc *t = jmap_load_theme(theme, strlen(theme), "t.yaml");
    CHECK(t && jmap_doc_error_count(t) == 0 && jmap_doc_journey_count(t) == 0);
    jmap_doc_free(t);
    t = jmap_load_theme_with("base: nope\n", 11, "t.yaml", NULL);
    CHECK(t && jmap_doc_error_count(t) == 1);
    jmap_doc_free(t);

    /* statistics */
    jmap_stats *s = jmap_journey_stats(j);
    CHECK(s && s->n_personas == 2 && s->journey.touchpoints == 2 && s->journey.n_moments == 1);
    CHECK(s && s->journey.n_metrics == 1 && s->journey.metrics[0].met == 0);
    CHECK(s && fabs(s->personas[0].mean - 3) < 1e-9);
    jmap_stats_free(s);
    jmap_stats_free(NULL);
    CHECK(jmap_journey_stats(NULL) == NULL);
    jmap_doc_free(doc);
}

static jmap_result render(jmap_renderer *r, const jmap_doc *doc, const jmap_render_options *opt, sink *out,
                          char *msg, size_t size)
{
    jmap_render_request req;
    jmap_render_request_init(&req, sizeof req);
    req.doc = doc;
    req.options = opt;
    req.write = count_bytes;
    req.write_ctx = out;
    return jmap_render(r, &req, msg, size);
}

static void test_render(void)
{
    double w = 0, h = 0;
    CHECK(jmap_paper_size("a4", &w, &h) == 1 && w < h);
    CHECK(jmap_paper_size("a4-landscape", &w, &h) == 1 && w > h);
    CHECK(jmap_paper_size("a4", NULL, NULL) == 1);
    CHECK(jmap_paper_size("a5", &w, &h) == 0 && jmap_paper_size(NULL, &w, &h) == 0);
    CHECK(jmap_id_prefix_valid("map-1.") == 1 && jmap_id_prefix_valid("") == 1);
    CHECK(jmap_id_prefix_valid("1map") == 0 && jmap_id_prefix_valid(NULL) == 0 && jmap_id_prefix_valid("a b") == 0);

    jmap_doc *doc = jmap_load(JOURNEY, strlen(JOURNEY), "api.yaml");
    jmap_renderer *r = jmap_renderer_new();
    CHECK(r != NULL);
    jmap_render_options opt;
    jmap_render_options_init(&opt, sizeof opt);
    CHECK(opt.size == sizeof opt && opt.format == JMAP_SVG && opt.scale == 1 && opt.wrap == JMAP_WRAP_DEFAULT);
    char msg[512];
    for (int f = JMAP_SVG; f <= JMAP_PDF; f++) {
        opt.format = (jmap_format)f;
        sink out = {0, 0};
        CHECK(render(r, doc, &opt, &out, msg, sizeof msg) == JMAP_OK && out.bytes > 500 && msg[0] == '\0');
        sink none = {0, 1};
        CHECK(render(r, doc, &opt, &none, msg, sizeof msg) == JMAP_ERR_WRITE && msg[0]);
        CHECK(render(r, doc, &opt, &none, NULL, 0) == JMAP_ERR_WRITE);
        char one[1] = {'x'};
        CHECK(render(r, doc, &opt, &none, one, 1) == JMAP_ERR_WRITE && one[0] == '\0');
    }
    sink out = {0, 0};
    CHECK(render(r, doc, NULL, &out, msg, sizeof msg) == JMAP_OK && out.bytes > 500); /* NULL options: defaults */

    /* options refused before anything is written */
    jmap_render_options bad = opt;
    bad.persona = "nobody";
    out.bytes = 0;
    CHECK(render(r, doc, &bad, &out, msg, sizeof msg) == JMAP_ERR_INPUT && out.bytes == 0 && strstr(msg, "nobody"));
    bad = opt;
    bad.theme = "neon";
    CHECK(render(r, doc, &bad, &out, msg, sizeof msg) == JMAP_ERR_INPUT && out.bytes == 0);
    bad = opt;
    bad.wrap = JMAP_WRAP_COLUMNS;
    bad.wrap_columns = 0;
    CHECK(render(r, doc, &bad, &out, msg, sizeof msg) == JMAP_ERR_INPUT && out.bytes == 0);
    bad.wrap = (jmap_wrap)7;
    CHECK(render(r, doc, &bad, &out, msg, sizeof msg) == JMAP_ERR_INPUT && out.bytes == 0);
    bad = opt;
    bad.format = (jmap_format)9;
    CHECK(render(r, doc, &bad, &out, msg, sizeof msg) == JMAP_ERR_INPUT && out.bytes == 0);
    bad = opt;
    bad.format = JMAP_SVG;
    bad.id_prefix = "9";
    CHECK(render(r, doc, &bad, &out, msg, sizeof msg) == JMAP_ERR_INPUT && out.bytes == 0);
    bad = opt;
    bad.size = 0; /* never set up */
    CHECK(render(r, doc, &bad, &out, msg, sizeof msg) == JMAP_ERR_INPUT && strstr(msg, "jmap_render_options_init"));
    jmap_render_options wrapped = opt;
    wrapped.format = JMAP_SVG;
    wrapped.wrap = JMAP_WRAP_COLUMNS;
    wrapped.wrap_columns = 1;
    CHECK(render(r, doc, &wrapped, &out, msg, sizeof msg) == JMAP_OK);

    /* an older caller's smaller options: the rest are defaults */
    jmap_render_options older;
    jmap_render_options_init(&older, sizeof(size_t) + sizeof(jmap_format));
    CHECK(older.size == sizeof(size_t) + sizeof(jmap_format));
    CHECK(render(r, doc, &older, &out, msg, sizeof msg) == JMAP_OK);

    /* the request's own errors */
    jmap_render_request req;
    jmap_render_request_init(&req, sizeof req);
    CHECK(req.size == sizeof req && req.count == 1 && req.first == 0);
    req.doc = doc;
    CHECK(jmap_render(r, &req, msg, sizeof msg) == JMAP_ERR_INPUT); /* no write function */
    req.write = count_bytes;
    req.write_ctx = &out;
    req.first = 1;
    CHECK(jmap_render(r, &req, msg, sizeof msg) == JMAP_ERR_INPUT);
    req.first = 0;
    req.count = 2;
    CHECK(jmap_render(r, &req, msg, sizeof msg) == JMAP_ERR_INPUT);
    req.count = 1;
    req.doc = NULL;
    CHECK(jmap_render(r, &req, msg, sizeof msg) == JMAP_ERR_INPUT);
    CHECK(jmap_render(r, NULL, msg, sizeof msg) == JMAP_ERR_INPUT);
    CHECK(jmap_render(NULL, &req, msg, sizeof msg) == JMAP_ERR_INPUT);
    jmap_render_options_init(NULL, sizeof opt);
    jmap_render_request_init(NULL, sizeof req);

    jmap_renderer_free(r);
    jmap_renderer_free(NULL);
    size_t calls = 0;
    jmap_mem mem = {my_calloc, my_realloc, my_free, &calls};
    r = jmap_renderer_new_with(&mem);
    CHECK(r && render(r, doc, &opt, &out, msg, sizeof msg) == JMAP_OK && calls > 0);
    jmap_renderer_free(r);
    jmap_doc_free(doc);
}

int main(void)
{
    test_version();
    test_vocab();
    test_escape();
    test_load();
    test_render();
    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
