/* The Mermaid journey reader, called directly (jm_mermaid_parse and
 * jm_is_mermaid): the detection rule, the statements people write (titles,
 * accessibility texts, sections, tasks with and without actors, spaces and
 * tabs, <br> and entity codes, scores outside 1-5), and each error at the
 * exact line and column of its diagnostic. tests/e2e/test_mermaid.py checks
 * the same diagrams through the program; this checks what the reader hands
 * to the writer. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/doc.h"
#include "jmap/jmap.h"
#include "load/mermaid.h"

/* ---- helpers ---- */

/* A diagram read by the reader alone, into a doc of its own. */
typedef struct rd {
    jmap_doc doc;
    jm_arena scratch;
    mm_diagram d;
} rd;

static rd *parse_named(const char *src, const char *file)
{
    rd *r = calloc(1, sizeof *r);
    assert_non_null(r);
    jm_mem_track_init(&r->doc.mem, jmap_mem_default());
    jm_arena_init(&r->doc.arena, jm_doc_mem(&r->doc));
    jm_vec_init(&r->doc.diags, sizeof(jmap_diag), jm_doc_mem(&r->doc));
    r->doc.file = file;
    r->doc.src = src;
    r->doc.len = strlen(src);
    jm_arena_init(&r->scratch, jm_doc_mem(&r->doc));
    jm_mermaid_parse(&r->doc, &r->scratch, &r->d);
    return r;
}

static rd *parse(const char *src) { return parse_named(src, "t.mmd"); }

static void done(rd *r)
{
    assert_false(r->doc.mem.failed);
    jm_mermaid_release(&r->d);
    jm_arena_free(&r->scratch);
    jm_vec_release(&r->doc.diags);
    jm_arena_free(&r->doc.arena);
    free(r);
}

static const jmap_diag *diag(const rd *r, size_t i)
{
    assert_true(i < r->doc.diags.n);
    return (const jmap_diag *)r->doc.diags.items + i;
}

static void dump(const rd *r)
{
    for (size_t i = 0; i < r->doc.diags.n; i++) {
        const jmap_diag *g = diag(r, i);
        print_error("    %d:%d: %s: %s\n", g->line, g->column, g->severity == JMAP_ERROR ? "error" : "warning",
                    g->message);
    }
}

/* The reader found nothing wrong (warnings allowed). */
static void assert_clean(const rd *r)
{
    if (r->doc.n_errors) dump(r);
    assert_int_equal(r->doc.n_errors, 0);
}

/* Diagnostic i has the severity, the position and the words (all of them, '|' between). */
static void assert_diag(const rd *r, size_t i, jmap_severity sev, int line, int col, const char *words)
{
    const jmap_diag *g = diag(r, i);
    bool ok = g->severity == sev && g->line == line && g->column == col;
    char buf[512];
    snprintf(buf, sizeof buf, "%s", words);
    for (char *w = strtok(buf, "|"); w; w = strtok(NULL, "|"))
        if (!strstr(g->message, w)) ok = false;
    if (!ok) {
        print_error("  wanted %s at %d:%d with '%s'; got:\n", sev == JMAP_ERROR ? "error" : "warning", line, col,
                    words);
        dump(r);
    }
    assert_true(ok);
}

/* The first and only error: at line:col, with the words. */
static void assert_one_error(const char *src, int line, int col, const char *words)
{
    rd *r = parse(src);
    if (r->doc.n_errors != 1) dump(r);
    assert_int_equal(r->doc.n_errors, 1);
    size_t i = 0;
    while (diag(r, i)->severity != JMAP_ERROR) i++;
    assert_diag(r, i, JMAP_ERROR, line, col, words);
    done(r);
}

/* The same through jmap_load, as the user sees it: the one error, at line:col. */
static void assert_loaded_error(const char *src, int line, int col, const char *words)
{
    jmap_doc *doc = jmap_load(src, strlen(src), "t.mmd");
    assert_non_null(doc);
    assert_int_equal(jmap_doc_error_count(doc), 1);
    const jmap_diag *g = jmap_doc_diag(doc, 0);
    if (g->line != line || g->column != col || !strstr(g->message, words))
        print_error("  wanted %d:%d '%s'; got %d:%d: %s\n", line, col, words, g->line, g->column, g->message);
    assert_int_equal(g->line, line);
    assert_int_equal(g->column, col);
    assert_non_null(strstr(g->message, words));
    assert_int_equal(jmap_doc_journey_count(doc), 0);
    jmap_doc_free(doc);
}

static void assert_text(const mm_text *t, const char *want)
{
    assert_non_null(t->s);
    assert_int_equal(t->len, strlen(want));
    assert_memory_equal(t->s, want, t->len);
}

static void assert_at(const mm_text *t, int line, int col)
{
    assert_int_equal(t->pos.line, line);
    assert_int_equal(t->pos.col, col);
}

static const mm_text *section(const rd *r, size_t i)
{
    assert_true(i < r->d.sections.n);
    return (const mm_text *)r->d.sections.items + i;
}

static const mm_task *task(const rd *r, size_t i)
{
    assert_true(i < r->d.tasks.n);
    return (const mm_task *)r->d.tasks.items + i;
}

static const mm_text *actor(const rd *r, size_t i)
{
    assert_true(i < r->d.actors.n);
    return (const mm_text *)r->d.actors.items + i;
}

static bool is_mm(const char *s, const char *file) { return jm_is_mermaid(s, s ? strlen(s) : 0, file); }

/* ---- detection ---- */

static void test_detect_by_name(void **state)
{
    (void)state;
    /* the name decides, whatever the content */
    assert_true(is_mm("title: T\nstages: []\n", "a.mmd"));
    assert_true(is_mm("", "dir/b.mermaid"));
    assert_true(is_mm(NULL, "c.MMD"));
    assert_false(is_mm("title: T\n", "a.mmd.yaml"));
    assert_false(is_mm("title: T\n", "mmd"));
    assert_false(is_mm(NULL, "a.yaml"));
}

static void test_detect_by_first_line(void **state)
{
    (void)state;
    assert_true(is_mm("journey\n  section A\n", NULL));
    assert_true(is_mm("journey", "stdin"));
    assert_true(is_mm("\n\n   \t\njourney   \nsection A\n", "x.txt"));
    assert_true(is_mm("%% notes\n  %% more notes\n\n  journey\n", "x.txt"));
    assert_true(is_mm("journey title on the same line\n", NULL));
    assert_true(is_mm("\xEF\xBB\xBFjourney\n", NULL)); /* after a BOM */
    /* the first line that is neither blank nor a %% comment is not `journey` */
    assert_false(is_mm("title: T\njourney\n", "x.yaml"));
    assert_false(is_mm("Journey\n", NULL));       /* Mermaid's keyword is lower case */
    assert_false(is_mm("journeys\n", NULL));
    assert_false(is_mm("journey:\n", NULL));
    assert_false(is_mm("flowchart LR\n", NULL));
    assert_false(is_mm("%% only a comment\n\n", NULL));
    assert_false(is_mm("", NULL));
    assert_false(is_mm("# journey\njourney\n", NULL));
}

static void test_detect_after_front_matter(void **state)
{
    (void)state;
    assert_true(is_mm("---\ntitle: T\n---\njourney\n", NULL));
    assert_true(is_mm("---  \ntitle: T\nconfig:\n  theme: dark\n---\n\n%% c\njourney\nsection S\n", NULL));
    assert_true(is_mm("---\ntitle: T\n---  \n\n\njourney\n", NULL));
    /* a front matter that is not closed, or not at the very start, is no front matter */
    assert_false(is_mm("---\ntitle: T\njourney\n", NULL));
    assert_false(is_mm("\n---\ntitle: T\n---\njourney\n", NULL));
    assert_false(is_mm("---\ntitle: T\n  ---\njourney\n", NULL));
    /* a YAML document that starts with --- is not Mermaid */
    assert_false(is_mm("---\ntitle: T\nstages: []\n", "j.yaml"));
}

static const char markdown[] = "# Onboarding\n\nSome text.\n\n```mermaid\njourney\n  section A\n    x: 3: Me\n```\n";

static void test_markdown_fence_is_not_read(void **state)
{
    (void)state;
    assert_false(is_mm(markdown, "doc.md"));
    /* through jmap_load: the one error is at the fence, the YAML errors are dropped */
    jmap_doc *doc = jmap_load(markdown, strlen(markdown), "doc.md");
    assert_non_null(doc);
    assert_int_equal(jmap_doc_error_count(doc), 1);
    assert_int_equal(jmap_doc_diag_count(doc), 1);
    const jmap_diag *g = jmap_doc_diag(doc, 0);
    assert_int_equal(g->line, 5);
    assert_int_equal(g->column, 1);
    assert_non_null(strstr(g->message, "a Mermaid diagram inside a Markdown file is not read"));
    assert_non_null(strstr(g->message, "ending in .mmd"));
    assert_int_equal(jmap_doc_journey_count(doc), 0);
    jmap_doc_free(doc);
    /* the note itself, for a ~~~ fence indented in a file that is not Markdown */
    const char *txt = "notes\n  ~~~ Mermaid\n  journey\n  ~~~\n";
    rd *r = calloc(1, sizeof *r);
    assert_non_null(r);
    jm_mem_track_init(&r->doc.mem, jmap_mem_default());
    jm_arena_init(&r->doc.arena, jm_doc_mem(&r->doc));
    jm_vec_init(&r->doc.diags, sizeof(jmap_diag), jm_doc_mem(&r->doc));
    r->doc.file = "notes.txt";
    r->doc.src = txt;
    r->doc.len = strlen(txt);
    jm_mermaid_markdown_note(&r->doc);
    assert_int_equal(r->doc.n_errors, 1);
    assert_diag(r, 0, JMAP_ERROR, 2, 1, "inside a Markdown file is not read");
    jm_vec_release(&r->doc.diags);
    jm_arena_free(&r->doc.arena);
    free(r);
    /* no fence (```mermaidx is another language): no note */
    const char *other = "```mermaidx\njourney\n```\n";
    jmap_doc *d2 = jmap_load(other, strlen(other), "other.md");
    assert_non_null(d2);
    for (size_t i = 0; i < jmap_doc_diag_count(d2); i++)
        assert_null(strstr(jmap_doc_diag(d2, i)->message, "Markdown file is not read"));
    jmap_doc_free(d2);
}

/* ---- what people write ---- */

static void test_title_acc_title_acc_descr(void **state)
{
    (void)state;
    rd *r = parse("journey\n  title My working day\n  accTitle: An accessible title\n"
                  "  accDescr: One line of description\nsection S\n  Work: 3\n");
    assert_clean(r);
    assert_int_equal(r->doc.diags.n, 0);
    assert_text(&r->d.title, "My working day");
    assert_at(&r->d.title, 2, 9);
    assert_text(&r->d.acc_title, "An accessible title");
    assert_at(&r->d.acc_title, 3, 13);
    assert_text(&r->d.descr, "One line of description");
    assert_at(&r->d.descr, 4, 13);
    assert_null(r->d.fm_title.s);
    done(r);

    /* accDescr { ... } over lines: the lines' own indentation goes */
    r = parse("journey\naccTitle :Spaced\n  accDescr {\n    Two\n    lines\n  }\nsection S\nx: 3\n");
    assert_clean(r);
    assert_text(&r->d.acc_title, "Spaced");
    assert_text(&r->d.descr, "Two\nlines");
    assert_at(&r->d.descr, 4, 5);
    assert_null(r->d.title.s);
    done(r);

    /* accDescr { ... } on one line */
    r = parse("journey\naccDescr { All on one line }\nsection S\nx: 3\n");
    assert_clean(r);
    assert_text(&r->d.descr, "All on one line");
    done(r);

    /* the front matter's title, and its config ignored with a warning */
    r = parse("---\ntitle: From front matter\nconfig:\n  theme: forest\n---\njourney\nsection S\nx: 3\n");
    assert_clean(r);
    assert_text(&r->d.fm_title, "From front matter");
    assert_at(&r->d.fm_title, 2, 8);
    assert_null(r->d.title.s);
    assert_int_equal(r->doc.diags.n, 1);
    assert_diag(r, 0, JMAP_WARNING, 3, 1, "'config' is ignored");
    done(r);

    /* a front matter title that YAML reads as null is none */
    r = parse("---\ntitle: null\n---\njourney\nsection S\nx: 3\n");
    assert_clean(r);
    assert_null(r->d.fm_title.s);
    done(r);

    /* a %%{init}%% directive: a warning at its place */
    r = parse("%%{init: {'theme': 'forest'}}%%\njourney\nsection S\nx: 3\n");
    assert_clean(r);
    assert_int_equal(r->doc.diags.n, 1);
    assert_diag(r, 0, JMAP_WARNING, 1, 1, "Mermaid directive ignored");
    done(r);
}

static void test_blank_lines_and_comments_before_journey(void **state)
{
    (void)state;
    /* what the detection rule calls a journey, the reader reads (Mermaid trims the start) */
    const char *const texts[] = {
        "\n\njourney\nsection S\nx: 3\n",
        "\n%% c\n  \n\tjourney\nsection S\nx: 3\n",
        "\xEF\xBB\xBF\r\n\r\njourney\r\nsection S\r\nx: 3\r\n",
        "---\ntitle: T\n---\n\n%% c\n\njourney\nsection S\nx: 3\n",
    };
    for (size_t k = 0; k < sizeof texts / sizeof *texts; k++) {
        assert_true(is_mm(texts[k], NULL));
        rd *r = parse(texts[k]);
        assert_clean(r);
        assert_int_equal(r->d.tasks.n, 1);
        done(r);
    }
}

static void test_sections_and_tasks_before_the_first(void **state)
{
    (void)state;
    rd *r = parse("journey\n  Early: 4\n  Earlier still: 2\nsection Alpha\n  a1: 3\nsection Empty\n"
                  "section Beta gamma\n  b1: 2\n  b2: 1\n");
    assert_clean(r);
    assert_int_equal(r->d.sections.n, 3);
    assert_text(section(r, 0), "Alpha");
    assert_at(section(r, 0), 4, 9);
    assert_text(section(r, 1), "Empty");
    assert_text(section(r, 2), "Beta gamma");
    assert_int_equal(r->d.tasks.n, 5);
    assert_text(&task(r, 0)->name, "Early");
    assert_int_equal(task(r, 0)->section, SIZE_MAX);
    assert_int_equal(task(r, 1)->section, SIZE_MAX);
    assert_text(&task(r, 2)->name, "a1");
    assert_int_equal(task(r, 2)->section, 0);
    assert_text(&task(r, 3)->name, "b1");
    assert_int_equal(task(r, 3)->section, 2);
    assert_int_equal(task(r, 4)->section, 2);
    assert_text(&task(r, 4)->score, "1");
    done(r);

    /* sections alone are a diagram (empty stages) */
    r = parse("journey\nsection Only\n");
    assert_clean(r);
    assert_int_equal(r->d.sections.n, 1);
    assert_int_equal(r->d.tasks.n, 0);
    done(r);
}

static void test_tasks_with_and_without_actors(void **state)
{
    (void)state;
    rd *r = parse("journey\nsection S\n  Sign up: 3: Me, You\n  Alone: 5\n  Again: 4: You,Me , You,\n"
                  "  Bot: 2: AI\n");
    assert_clean(r);
    assert_int_equal(r->d.tasks.n, 4);
    /* actors in order of first appearance, each once */
    assert_int_equal(r->d.actors.n, 3);
    assert_text(actor(r, 0), "Me");
    assert_at(actor(r, 0), 3, 15);
    assert_text(actor(r, 1), "You");
    assert_text(actor(r, 2), "AI");
    const mm_task *t = task(r, 0);
    assert_text(&t->name, "Sign up");
    assert_at(&t->name, 3, 3);
    assert_text(&t->score, "3");
    assert_at(&t->score, 3, 12);
    assert_int_equal(t->n_actors, 2);
    assert_int_equal(t->actors[0], 0);
    assert_int_equal(t->actors[1], 1);
    /* no actors: the task concerns every persona */
    assert_text(&task(r, 1)->name, "Alone");
    assert_text(&task(r, 1)->score, "5");
    assert_int_equal(task(r, 1)->n_actors, 0);
    /* repeated and empty actors are dropped */
    t = task(r, 2);
    assert_int_equal(t->n_actors, 2);
    assert_int_equal(t->actors[0], 1);
    assert_int_equal(t->actors[1], 0);
    assert_int_equal(task(r, 3)->n_actors, 1);
    assert_int_equal(task(r, 3)->actors[0], 2);
    done(r);
}

static void test_spaces_and_tabs(void **state)
{
    (void)state;
    rd *r = parse("\tjourney   \n\ttitle\tTabbed  title\t\n\tsection\tSign in  \n"
                  "\t\tSignin   :   3   :   Me   \n\t\tNo space:3:You\n"
                  "\t\tIdeographic\xE3\x80\x80space\xE3\x80\x80:\xE3\x80\x80" "4\n");
    assert_clean(r);
    assert_text(&r->d.title, "Tabbed  title");
    assert_at(&r->d.title, 2, 8);
    assert_text(section(r, 0), "Sign in");
    assert_at(section(r, 0), 3, 10);
    const mm_task *t = task(r, 0);
    assert_text(&t->name, "Signin");
    assert_at(&t->name, 4, 3);
    assert_text(&t->score, "3");
    assert_at(&t->score, 4, 16);
    assert_int_equal(t->n_actors, 1);
    assert_text(actor(r, 0), "Me");
    assert_at(actor(r, 0), 4, 24);
    assert_text(&task(r, 1)->name, "No space");
    assert_text(&task(r, 1)->score, "3");
    assert_text(actor(r, 1), "You");
    /* U+3000 is a JavaScript space: trimmed like one; columns count characters */
    assert_text(&task(r, 2)->name, "Ideographic\xE3\x80\x80space");
    assert_text(&task(r, 2)->score, "4");
    assert_at(&task(r, 2)->score, 6, 23);
    done(r);

    /* CRLF line ends are line ends */
    r = parse("journey\r\nsection S\r\n  a: 3: Me\r\n");
    assert_clean(r);
    assert_text(section(r, 0), "S");
    assert_text(actor(r, 0), "Me");
    done(r);
}

static void test_br_and_entities_in_names(void **state)
{
    (void)state;
    rd *r = parse("journey\ntitle Day<br>two\nsection Sign<br/>in\n  Read <br> docs: 5\n"
                  "  A<br/>B<BR />C: 4: Jo<br>Smith\n  Fix #35;12 #amp; more: 3\n  Time#58; noon#59;: 2\n");
    assert_clean(r);
    assert_text(&r->d.title, "Day\ntwo");
    assert_text(section(r, 0), "Sign\nin");
    assert_text(&task(r, 0)->name, "Read\ndocs");
    assert_text(&task(r, 1)->name, "A\nB\nC");
    assert_text(actor(r, 0), "Jo\nSmith");
    assert_text(&task(r, 2)->name, "Fix #12 & more");
    assert_text(&task(r, 3)->name, "Time: noon;");
    done(r);

    /* not a <br>: kept as written */
    r = parse("journey\nsection S\n  a <b> c: 3\n  x <br : 3\n");
    assert_clean(r);
    assert_text(&task(r, 0)->name, "a <b> c");
    assert_text(&task(r, 1)->name, "x <br");
    done(r);
}

static void test_scores_widen_the_scale(void **state)
{
    (void)state;
    rd *r = parse("journey\nsection S\n  Half: 2.5: Me\n  Top: 7\n  Below: -1: Me\n  Small: 0.5\n  Edge: 5\n"
                  "  One: 1\n");
    assert_clean(r);
    assert_int_equal(r->d.tasks.n, 6);
    assert_text(&task(r, 0)->score, "2.5");
    assert_text(&task(r, 1)->score, "7");
    assert_text(&task(r, 2)->score, "-1");
    /* the scale takes in the lowest and the highest */
    assert_text(&r->d.lo, "-1");
    assert_text(&r->d.hi, "7");
    /* a warning naming each score outside 1 to 5, at the score; none for 2.5, 1 or 5 */
    assert_int_equal(r->doc.diags.n, 3);
    assert_diag(r, 0, JMAP_WARNING, 4, 8, "score 7 is outside Mermaid's 1 to 5|widened");
    assert_diag(r, 1, JMAP_WARNING, 5, 10, "score -1 is outside");
    assert_diag(r, 2, JMAP_WARNING, 6, 10, "score 0.5 is outside");
    done(r);

    /* within 1 to 5: the scale stays [1, 5], no warning */
    r = parse("journey\nsection S\n  a: 1.5\n  b: 4.75\n");
    assert_clean(r);
    assert_int_equal(r->doc.diags.n, 0);
    assert_text(&r->d.lo, "1");
    assert_text(&r->d.hi, "5");
    done(r);
}

/* ---- errors, each at its line and column ---- */

static void test_error_arrow_where_colon_belongs(void **state)
{
    (void)state;
    assert_one_error("journey\nsection S\n  Task -> 3: User\n", 3, 8,
                     "'->' where ':' belongs|the score 'User'|as in 'Task: 3: User'");
    /* no ':' at all: the whole line is a name */
    assert_one_error("journey\nsection S\n  Task -> 3\n", 3, 3, "'->' where ':' belongs|as in 'Task: 3'");
}

static void test_error_colon_inside_the_name(void **state)
{
    (void)state;
    assert_one_error("journey\nsection S\n  Step 1: Log in: 5: Me\n", 3, 9,
                     "a ':' inside the task name|the score 'Log in'|#58;");
    assert_one_error("journey\nsection Q1: Research\n  Tea: 3\n", 2, 11, "a ':' in a section name");
}

static void test_error_no_statement(void **state)
{
    (void)state;
    assert_one_error("journey\nsection S\n  Foo bar\n", 3, 3, "'Foo bar' is not a statement|as in 'Foo bar: 3: Me'");
    assert_one_error("journey\nsection S\n  Tea: high: Me\n", 3, 8, "the score 'high' is not a number");
    assert_one_error("journey\nsection S\n  Tea: \n", 3, 7, "the score is missing");
    assert_one_error("journey\nsection S\n  Fix #12: 3\n", 3, 7, "'#' starts a comment|#35;");
    assert_one_error("journey\nsection S\n  Tea; coffee: 3\n", 3, 6, "';' is not allowed");
    assert_one_error("journey\nsection S\n  Tea: 3: A: B\n", 3, 12, "a third ':'");
    assert_one_error("journey\nsection S\n  Title page: 5\n", 3, 3, "as the diagram's title");
    assert_one_error("journey\nsection S\n  Journey map: 5\n", 3, 3, "'journey' here");
    assert_one_error("journey\nsection S\n  : 3\n", 3, 3, "a task needs a name before ':'");

    /* every bad line is reported, each at its place; the good ones are read */
    rd *r = parse("journey\nsection S\n a -> 1\n b: x\n c: 2\n d\n");
    assert_int_equal(r->doc.n_errors, 3);
    assert_diag(r, 0, JMAP_ERROR, 3, 2, "'->' where ':' belongs");
    assert_diag(r, 1, JMAP_ERROR, 4, 5, "the score 'x' is not a number");
    assert_diag(r, 2, JMAP_ERROR, 6, 2, "'d' is not a statement");
    assert_int_equal(r->d.tasks.n, 1);
    assert_text(&task(r, 0)->name, "c");
    done(r);
}

static void test_error_empty_diagram(void **state)
{
    (void)state;
    assert_one_error("", 1, 1, "the diagram is empty");
    assert_one_error("%% only a comment\n\n", 1, 1, "the diagram is empty");
    assert_one_error("---\ntitle: T\n---\n", 1, 1, "the diagram is empty");
    /* `journey` and nothing to draw: the reader reports it at the end of the
     * input, which the doc shows at the end of the last line with text */
    assert_one_error("journey\ntitle Only a title\n", 3, 1, "no sections and no tasks");
    assert_one_error("journey\n", 2, 1, "no sections and no tasks");
    assert_one_error("journey", 1, 8, "no sections and no tasks");
    assert_loaded_error("journey\ntitle Only a title\n", 2, 19, "the diagram has no sections and no tasks");
    assert_loaded_error("journey\n\n\n", 1, 8, "the diagram has no sections and no tasks");
    assert_loaded_error("", 1, 1, "the diagram is empty");
    /* not a journey */
    assert_one_error("flowchart LR\n  A --> B\n", 1, 1, "a 'flowchart', not a 'journey'");
    assert_one_error("Journey\nsection S\nx: 3\n", 1, 1, "'journey' in lower case");
    assert_one_error("```mermaid\njourney\n```\n", 1, 1, "inside a Markdown fence");
    assert_one_error("\n\n  hello\n", 3, 3, "starts with a line 'journey', not 'hello'");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_detect_by_name),
        cmocka_unit_test(test_detect_by_first_line),
        cmocka_unit_test(test_detect_after_front_matter),
        cmocka_unit_test(test_markdown_fence_is_not_read),
        cmocka_unit_test(test_title_acc_title_acc_descr),
        cmocka_unit_test(test_blank_lines_and_comments_before_journey),
        cmocka_unit_test(test_sections_and_tasks_before_the_first),
        cmocka_unit_test(test_tasks_with_and_without_actors),
        cmocka_unit_test(test_spaces_and_tabs),
        cmocka_unit_test(test_br_and_entities_in_names),
        cmocka_unit_test(test_scores_widen_the_scale),
        cmocka_unit_test(test_error_arrow_where_colon_belongs),
        cmocka_unit_test(test_error_colon_inside_the_name),
        cmocka_unit_test(test_error_no_statement),
        cmocka_unit_test(test_error_empty_diagram),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
