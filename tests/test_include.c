/* The library's side of `include` and `detail` (1.2): files come only
 * through the caller's reader (jmap_load_request), a reader that fails is
 * an error at the include, each file is read once however many paths lead
 * to it, the doc lists the files it is made of, diagnostics of an included
 * file name it and show its own source line, and a detail's link can only
 * be a relative path. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/relpath.h"
#include "jmap/jmap.h"

/* An in-memory folder: names and texts, and how often each was read. */
typedef struct file {
    const char *path, *text;
    int reads;
} file;

typedef struct folder {
    file *files;
    size_t n;
    int released;
    char last_folder[64];
} folder;

static int mem_read(void *ctx, const char *path, const char *in, const char **data, size_t *len, char *why,
                    size_t why_size)
{
    folder *f = ctx;
    snprintf(f->last_folder, sizeof f->last_folder, "%s", in);
    for (size_t i = 0; i < f->n; i++)
        if (strcmp(f->files[i].path, path) == 0) {
            f->files[i].reads++;
            *data = f->files[i].text;
            *len = strlen(f->files[i].text);
            return 0;
        }
    snprintf(why, why_size, "not in the test's folder");
    return 1;
}

static void mem_release(void *ctx, const char *data, size_t len)
{
    (void)data;
    (void)len;
    ((folder *)ctx)->released++;
}

static jmap_doc *load(folder *f, const char *name, const char *text, int details)
{
    jmap_reader r = {mem_read, mem_release, f};
    jmap_load_request req;
    jmap_load_request_init(&req, sizeof req);
    req.data = text;
    req.len = strlen(text);
    req.file = name;
    req.reader = &r;
    req.check_details = details;
    jmap_doc *doc = jmap_load_request_run(&req);
    assert_non_null(doc);
    return doc;
}

#define MAP "title: T\nstages:\n  - name: S\n    touchpoints:\n      - name: A\n        emotion: {ann: 3}\n"

static void no_reader_is_an_error_at_the_include(void **state)
{
    (void)state;
    const char *text = "include: p.yaml\n" MAP;
    jmap_doc *doc = jmap_load(text, strlen(text), "m.yaml");
    assert_true(jmap_doc_error_count(doc) >= 1);
    const jmap_diag *d = jmap_doc_diag(doc, 0);
    assert_int_equal(d->line, 1);
    assert_int_equal(d->column, 10);
    assert_non_null(strstr(d->message, "cannot include 'p.yaml'"));
    jmap_doc_free(doc);
}

static void a_failing_reader_says_why(void **state)
{
    (void)state;
    folder f = {0};
    jmap_doc *doc = load(&f, "maps/m.yaml", "include: [shared/p.yaml]\n" MAP, 0);
    assert_int_equal(jmap_doc_error_count(doc), 1); /* the unknown persona is not reported as well */
    const jmap_diag *d = jmap_doc_diag(doc, 0);
    assert_string_equal(d->file, "maps/m.yaml");
    assert_int_equal(d->line, 1);
    assert_int_equal(d->column, 11);
    assert_string_equal(d->message, "cannot include 'maps/shared/p.yaml': not in the test's folder");
    assert_string_equal(f.last_folder, "maps");
    /* what the doc is made of: the input, and the file asked for */
    assert_int_equal(jmap_doc_file_count(doc), 2);
    assert_string_equal(jmap_doc_file(doc, 0), "maps/m.yaml");
    assert_string_equal(jmap_doc_file(doc, 1), "maps/shared/p.yaml");
    assert_null(jmap_doc_file(doc, 2));
    jmap_doc_free(doc);
}

static void each_file_is_read_once(void **state)
{
    (void)state;
    /* 8 levels of 2 files, each including both of the next: 256 paths */
    static char paths[16][16], texts[16][96];
    file files[16];
    for (int level = 1, i = 0; level <= 8; level++)
        for (int k = 0; k < 2; k++, i++) {
            snprintf(paths[i], sizeof paths[i], "l%d-%d.yaml", level, k);
            if (level < 8)
                snprintf(texts[i], sizeof texts[i], "include: [l%d-0.yaml, l%d-1.yaml]\nchannels: [{id: c%d-%d}]\n",
                         level + 1, level + 1, level, k);
            else
                snprintf(texts[i], sizeof texts[i], "personas: [{id: ann, name: Ann%d}]\n", k);
            files[i] = (file){paths[i], texts[i], 0};
        }
    /* ann comes from the last level's first file alone */
    snprintf(texts[15], sizeof texts[15], "channels: [{id: last}]\n");
    folder f = {files, 16, 0, ""};
    jmap_doc *doc = load(&f, "m.yaml", "include: [l1-0.yaml, l1-1.yaml]\n" MAP, 0);
    for (size_t i = 0; i < jmap_doc_diag_count(doc); i++) {
        char buf[512];
        jmap_diag_format(doc, jmap_doc_diag(doc, i), buf, sizeof buf);
        print_message("%s", buf);
    }
    assert_int_equal(jmap_doc_error_count(doc), 0);
    for (int i = 0; i < 16; i++) assert_int_equal(files[i].reads, 1);
    assert_int_equal(f.released, 16);
    assert_int_equal(jmap_doc_file_count(doc), 17);
    jmap_doc_free(doc);
}

static void an_included_files_error_shows_its_own_line(void **state)
{
    (void)state;
    file files[] = {{"p.yaml", "# people\npersonas:\n  - id: ann\n    name: Ann\n    color: nope\n", 0}};
    folder f = {files, 1, 0, ""};
    jmap_doc *doc = load(&f, "m.yaml", "include: p.yaml\n" MAP, 0);
    assert_int_equal(jmap_doc_error_count(doc), 1);
    const jmap_diag *d = jmap_doc_diag(doc, 0);
    assert_string_equal(d->file, "p.yaml");
    assert_int_equal(d->line, 5);
    assert_int_equal(d->column, 12);
    char buf[512];
    jmap_diag_format(doc, d, buf, sizeof buf);
    assert_non_null(strstr(buf, "p.yaml:5:12: error: "));
    assert_non_null(strstr(buf, "\n      color: nope\n             ^\n"));
    assert_int_equal(jmap_doc_journey_count(doc), 0);
    jmap_doc_free(doc);
}

static void a_detail_is_checked_through_the_reader(void **state)
{
    (void)state;
    file files[] = {{"sub/good.yaml", MAP "personas: [{id: ann, name: Ann}]\n", 0},
                    {"sub/bad.yaml", "title: Bad\n", 0}};
    folder f = {files, 2, 0, ""};
    const char *text = "personas: [{id: ann, name: Ann}]\n" MAP "        detail: good.yaml\n"
                       "      - name: B\n        detail: bad.yaml\n      - name: C\n        detail: none.yaml\n"
                       "      - name: D\n        detail: good.yaml\n";
    jmap_doc *doc = load(&f, "sub/m.yaml", text, 1);
    assert_int_equal(jmap_doc_error_count(doc), 2);
    assert_non_null(strstr(jmap_doc_diag(doc, 0)->message, "'sub/bad.yaml' is not a journey"));
    assert_non_null(strstr(jmap_doc_diag(doc, 1)->message, "'sub/none.yaml' cannot be read"));
    assert_int_equal(files[0].reads, 1); /* named twice, read once */
    assert_int_equal(jmap_doc_file_count(doc), 1); /* details are not what the map is made of */
    jmap_doc_free(doc);
    /* without check_details, no detail file is read */
    files[0].reads = files[1].reads = 0;
    doc = load(&f, "sub/m.yaml", text, 0);
    assert_int_equal(jmap_doc_error_count(doc), 0);
    assert_int_equal(files[0].reads + files[1].reads, 0);
    jmap_doc_free(doc);
}

static void plain_paths_and_their_links(void **state)
{
    (void)state;
    static const struct {
        const char *in, *plain, *href;
    } ok[] = {{"a.yaml", "a.yaml", "a.svg"},
              {"./x//y/../b.yml", "x/b.yml", "x/b.svg"},
              {"javascript:alert(1)", "javascript:alert(1)", "./javascript%3Aalert%281%29.svg"},
              {"a b/ü.yaml", "a b/ü.yaml", "a%20b/%C3%BC.svg"},
              {".hidden", ".hidden", ".hidden.svg"},
              {"v1.2/map", "v1.2/map", "v1.2/map.svg"}};
    for (size_t i = 0; i < sizeof ok / sizeof *ok; i++) {
        char out[64], href[96];
        const char *why = NULL;
        assert_non_null(jm_relpath_plain(ok[i].in, strlen(ok[i].in), out, &why));
        assert_string_equal(out, ok[i].plain);
        size_t n = jm_relpath_href(out, "svg", href, sizeof href);
        assert_int_equal(n, strlen(ok[i].href));
        assert_string_equal(href, ok[i].href);
        char small[4];
        assert_int_equal(jm_relpath_href(out, "svg", small, sizeof small), n); /* cut, still terminated */
        assert_int_equal(strlen(small), 3);
    }
    static const char *const bad[] = {"", "/etc/passwd", "../x.yaml", "a/../../x", "C:x", "~/x", "a\\b", "dir/",
                                      ".", "a/.."};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        char out[32];
        const char *why = NULL;
        assert_null(jm_relpath_plain(bad[i], strlen(bad[i]), out, &why));
        assert_non_null(why);
    }
}

static void a_request_not_set_up_is_refused(void **state)
{
    (void)state;
    jmap_load_request req;
    memset(&req, 0, sizeof req);
    assert_null(jmap_load_request_run(&req));
    assert_null(jmap_load_request_run(NULL));
    /* an older caller's smaller struct: the fields it knows */
    jmap_load_request_init(&req, sizeof req);
    req.data = MAP "personas: [{id: ann, name: Ann}]\n";
    req.len = strlen(req.data);
    req.size = offsetof(jmap_load_request, reader);
    jmap_doc *doc = jmap_load_request_run(&req);
    assert_non_null(doc);
    assert_int_equal(jmap_doc_error_count(doc), 0);
    jmap_doc_free(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(no_reader_is_an_error_at_the_include),
        cmocka_unit_test(a_failing_reader_says_why),
        cmocka_unit_test(each_file_is_read_once),
        cmocka_unit_test(an_included_files_error_shows_its_own_line),
        cmocka_unit_test(a_detail_is_checked_through_the_reader),
        cmocka_unit_test(plain_paths_and_their_links),
        cmocka_unit_test(a_request_not_set_up_is_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
