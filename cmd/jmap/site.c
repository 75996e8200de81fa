/* jmap site INPUT... -o DIR/: a static site of many maps (site.h). The
 * inputs are files and folders (searched for *.yaml, *.yml and *.mmd, in
 * name order); a YAML file with no top-level `stages` (personas, sources, a
 * theme that journeys include) is no journey of the site. Each journey gets
 * DIR/REL.html (as -f html, with the site's links), drawn by build's batch
 * (-j workers, progress on a terminal), and DIR/REL.svg (its thumbnail on
 * the index), the SVG inline in that page; every file is left untouched
 * when its bytes are already there.
 * An input with errors gets a page with its diagnostics, and the site is
 * still built (exit status 1). */
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "build.h"
#include "cli.h"
#include "diagnostics.h"
#include "input.h"
#include "io.h"
#include "names.h"
#include "options.h"
#include "reader.h"
#include "site.h"

/* ---- finding the inputs ---- */

typedef struct found {
    char **path, **rel;
    size_t n, cap;
} found;

static bool journey_ext(const char *name)
{
    const char *dot = strrchr(name, '.');
    return dot && (strcasecmp(dot, ".yaml") == 0 || strcasecmp(dot, ".yml") == 0 || strcasecmp(dot, ".mmd") == 0);
}

/* rel without its extension */
static char *rel_stem(const char *rel)
{
    char *s = strdup(rel);
    if (!s) return NULL;
    char *dot = strrchr(s, '.'), *slash = strrchr(s, '/');
    if (dot && dot != s && (!slash || dot > slash + 1)) *dot = '\0';
    return s;
}

static bool add_found(found *f, const char *path, const char *rel)
{
    if (f->n == f->cap) {
        size_t cap = f->cap ? f->cap * 2 : 32;
        char **p = realloc(f->path, cap * sizeof *p);
        if (!p) return false;
        f->path = p;
        char **r = realloc(f->rel, cap * sizeof *r);
        if (!r) return false;
        f->rel = r;
        f->cap = cap;
    }
    f->path[f->n] = strdup(path);
    f->rel[f->n] = rel_stem(rel);
    if (!f->path[f->n] || !f->rel[f->n]) return false;
    f->n++;
    return true;
}

static int by_name(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* The journey files under dir (rel: its path in the site, "" at the top),
 * in name order; hidden files and folders are passed over. */
static int walk(found *f, const char *dir, const char *rel, int depth)
{
    if (depth > 32) return 0;
    DIR *d = opendir(dir);
    if (!d) {
        fprintf(stderr, "jmap: cannot read the folder '%s': %s\n", dir, strerror(errno));
        return EXIT_IO;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    int rc = 0;
    for (struct dirent *e; (e = readdir(d));) {
        if (e->d_name[0] == '.') continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 32;
            char **p = realloc(names, cap * sizeof *p);
            if (!p) { rc = EXIT_IO; break; }
            names = p;
        }
        if (!(names[n] = strdup(e->d_name))) { rc = EXIT_IO; break; }
        n++;
    }
    closedir(d);
    if (n) qsort(names, n, sizeof *names, by_name);
    for (size_t i = 0; i < n && rc == 0; i++) {
        size_t pl = strlen(dir) + strlen(names[i]) + 2, rl = strlen(rel) + strlen(names[i]) + 2;
        char *p = malloc(pl), *r = malloc(rl);
        if (!p || !r) rc = EXIT_IO;
        else {
            snprintf(p, pl, "%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/", names[i]);
            snprintf(r, rl, "%s%s%s", rel, *rel ? "/" : "", names[i]);
            struct stat st;
            if (stat(p, &st) == 0 && S_ISDIR(st.st_mode)) rc = walk(f, p, r, depth + 1);
            else if (stat(p, &st) == 0 && S_ISREG(st.st_mode) && journey_ext(names[i]) && !add_found(f, p, r))
                rc = EXIT_IO;
        }
        free(p);
        free(r);
    }
    for (size_t i = 0; i < n; i++) free(names[i]);
    free(names);
    return rc;
}

/* A YAML file is a journey when some line starts with `stages:` (a key at
 * the top level); a Mermaid diagram always is. */
static bool is_journey(const char *path, const char *data, size_t len)
{
    const char *dot = strrchr(path, '.');
    if (dot && strcasecmp(dot, ".mmd") == 0) return true;
    for (size_t i = 0; i + 7 <= len; i++)
        if ((i == 0 || data[i - 1] == '\n') && memcmp(data + i, "stages:", 7) == 0) return true;
    return false;
}

/* ---- loading, and the pages ---- */

static bool add_page(site *s, size_t *cap, size_t input, size_t journey, char *rel)
{
    if (!rel) return false;
    if (s->n_pages == *cap) {
        size_t ncap = *cap ? *cap * 2 : 16;
        site_page *p = realloc(s->pages, ncap * sizeof *p);
        if (!p) { free(rel); return false; }
        s->pages = p;
        *cap = ncap;
    }
    site_page *pg = &s->pages[s->n_pages++];
    memset(pg, 0, sizeof *pg);
    pg->input = input;
    pg->journey = journey;
    pg->rel = rel;
    pg->pair = SIZE_MAX;
    return true;
}

static void count_metrics(site_page *pg)
{
    const jmap_stat_view *v = &pg->stats->journey;
    for (size_t m = 0; m < v->n_metrics; m++) {
        if (v->metrics[m].met == 1) pg->met++;
        if (v->metrics[m].met == 0) pg->missed++;
    }
}

/* Loads input i; its pages (one per journey, or one for its errors). */
static int load(site *s, size_t *cap, size_t i, bool quiet)
{
    site_input *in = &s->inputs[i];
    char *data = NULL;
    size_t len = 0;
    int e = cli_read_file(in->path, JMAP_MAX_INPUT, &data, &len);
    char shown[1024];
    cli_shown(in->path, shown, sizeof shown);
    if (e) {
        fprintf(stderr, "jmap: cannot read '%s': %s\n", shown, strerror(e));
        cli_buf_add(&in->diags, "cannot read the file: ", 22);
        cli_buf_add(&in->diags, strerror(e), strlen(strerror(e)));
        in->broken = true;
        return add_page(s, cap, i, 0, strdup(in->rel)) ? EXIT_INPUT : EXIT_IO;
    }
    in->doc = cli_load(data, len, in->path, 0, NULL); /* data files: beside each journey */
    free(data);
    if (!in->doc || jmap_doc_out_of_memory(in->doc)) {
        fprintf(stderr, "jmap: out of memory reading '%s'\n", shown);
        return EXIT_IO;
    }
    cli_print_diags_text(stderr, in->doc, !quiet);
    size_t n = jmap_doc_journey_count(in->doc);
    if (jmap_doc_error_count(in->doc) || n == 0) {
        in->broken = true;
        for (size_t k = 0; k < jmap_doc_diag_count(in->doc); k++) {
            char line[4096];
            size_t need = jmap_diag_format(in->doc, jmap_doc_diag(in->doc, k), line, sizeof line);
            cli_buf_add(&in->diags, line, need < sizeof line ? need : sizeof line - 1);
            cli_buf_add(&in->diags, "\n", 1);
        }
        return add_page(s, cap, i, 0, strdup(in->rel)) ? EXIT_INPUT : EXIT_IO;
    }
    for (size_t k = 0; k < n; k++) {
        char *rel = n == 1 ? strdup(in->rel) : cli_numbered(in->rel, k + 1);
        if (!add_page(s, cap, i, k, rel)) return EXIT_IO;
        site_page *pg = &s->pages[s->n_pages - 1];
        pg->j = jmap_doc_journey(in->doc, k);
        pg->stats = jmap_journey_stats(pg->j);
        if (!pg->stats) return EXIT_IO;
        count_metrics(pg);
    }
    return EXIT_OK;
}

/* ---- current and future ---- */

/* rel's stem without -current or -future; its length, or 0 when it ends in neither. */
static size_t base_len(const char *rel, bool *future)
{
    size_t n = strlen(rel);
    if (n > 7 && strcmp(rel + n - 7, "-future") == 0) { *future = true; return n - 7; }
    if (n > 8 && strcmp(rel + n - 8, "-current") == 0) { *future = false; return n - 8; }
    return 0;
}

/* A page's key for pairing: its name without -current/-future, or its title. */
typedef struct pair_key {
    const char *s;
    size_t len;
    bool future;
    size_t page;
} pair_key;

static int by_key(const void *x, const void *y)
{
    const pair_key *a = x, *b = y;
    size_t n = a->len < b->len ? a->len : b->len;
    int c = memcmp(a->s, b->s, n);
    if (c || a->len != b->len) return c ? c : a->len < b->len ? -1 : 1;
    if (a->future != b->future) return a->future ? 1 : -1;
    return a->page < b->page ? -1 : a->page > b->page;
}

/* Pairs, within each run of equal keys (the current maps first, then the
 * future ones, each in page order), the i-th current map not yet paired with
 * the i-th future one not yet paired. n log n, for sites of any size. */
static void pair_by(site *s, pair_key *keys, size_t n)
{
    qsort(keys, n, sizeof *keys, by_key);
    for (size_t i = 0; i < n;) {
        size_t end = i, first_future;
        while (end < n && keys[end].len == keys[i].len && memcmp(keys[end].s, keys[i].s, keys[i].len) == 0) end++;
        for (first_future = i; first_future < end && !keys[first_future].future; first_future++) {}
        size_t f = first_future;
        for (size_t c = i; c < first_future; c++) {
            site_page *cur = &s->pages[keys[c].page];
            if (cur->pair != SIZE_MAX) continue;
            while (f < end && s->pages[keys[f].page].pair != SIZE_MAX) f++;
            if (f == end) break;
            cur->pair = keys[f].page;
            s->pages[keys[f].page].pair = keys[c].page;
        }
        i = end;
    }
}

/* A current map and a future map are a pair when their names are the same
 * but for -current/-future, or else when their titles are the same. */
static bool pair_up(site *s)
{
    pair_key *keys = calloc(s->n_pages ? s->n_pages : 1, sizeof *keys);
    if (!keys) return false;
    size_t n = 0;
    for (size_t k = 0; k < s->n_pages; k++) {
        const site_page *p = &s->pages[k];
        bool future = false;
        size_t len = p->stats ? base_len(p->rel, &future) : 0;
        if (len && future == (p->stats->future != 0)) keys[n++] = (pair_key){p->rel, len, future, k};
    }
    pair_by(s, keys, n);
    n = 0;
    for (size_t k = 0; k < s->n_pages; k++) {
        const site_page *p = &s->pages[k];
        if (p->stats && p->pair == SIZE_MAX && p->stats->title)
            keys[n++] = (pair_key){p->stats->title, strlen(p->stats->title), p->stats->future != 0, k};
    }
    pair_by(s, keys, n);
    free(keys);
    return true;
}

/* ---- the command ---- */

static void free_site(site *s)
{
    for (size_t k = 0; k < s->n_pages; k++) {
        free(s->pages[k].rel);
        free(s->pages[k].nav);
        jmap_stats_free(s->pages[k].stats);
    }
    for (size_t i = 0; i < s->n_inputs; i++) {
        free(s->inputs[i].path);
        free(s->inputs[i].rel);
        jmap_doc_free(s->inputs[i].doc);
        cli_buf_free(&s->inputs[i].diags);
    }
    free(s->pages);
    free(s->inputs);
}

static char *out_path(const char *dir, const char *rel, const char *ext)
{
    size_t n = strlen(dir) + strlen(rel) + strlen(ext) + 3;
    char *p = malloc(n);
    if (p) snprintf(p, n, "%s%s%s.%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/", rel, ext);
    return p;
}

/* Writes bytes to path, untouched when they are already there. */
static int write_file(const char *path, const cli_buf *b)
{
    cli_out o;
    int e = cli_out_open(&o, path);
    if (!e) {
        e = cli_write_all(o.fd, b->data ? b->data : "", b->len);
        if (e) cli_out_abort(&o);
        else e = cli_out_commit(&o);
    }
    if (e) {
        char shown[1024];
        cli_shown(path, shown, sizeof shown);
        fprintf(stderr, "jmap: cannot write '%s': %s\n", shown, strerror(e));
        return EXIT_IO;
    }
    return 0;
}

static int parse(const cli_command *self, int argc, char **argv, found *f, cli_draw_args *args, build_plan *pl)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (a[0] != '-' || a[1] == '\0') {
            struct stat st;
            if (stat(a, &st) != 0) {
                char shown[1024];
                cli_shown(a, shown, sizeof shown);
                fprintf(stderr, "jmap: cannot read '%s': %s\n", shown, strerror(errno));
                return EXIT_IO;
            }
            int rc = 0;
            if (S_ISDIR(st.st_mode)) rc = walk(f, a, "", 0);
            else {
                const char *base = strrchr(a, '/');
                if (!add_found(f, a, base ? base + 1 : a)) rc = EXIT_IO;
            }
            if (rc) return rc;
            continue;
        }
        if (cli_is_help(a)) {
            fputs(self->help, stdout);
            return CLI_HELPED;
        }
        if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0) { pl->quiet = true; continue; }
        int e = cli_draw_option(self->name, CLI_TAKES_JOBS, argc, argv, &i, args);
        if (e == CLI_NOT_MINE) e = cli_usage_error(self->name, "unknown option '%s'", a);
        if (e) return e;
    }
    if (args->format_given) return cli_usage_error(self->name, "a site is HTML pages: -f is not taken");
    if (!args->output || !*args->output) return cli_usage_error(self->name, "a site needs -o DIR/");
    if (args->opt.page_width > 0) return cli_usage_error(self->name, "--page makes a PDF poster, not a site");
    if (f->n == 0) return cli_usage_error(self->name, "no journey file given (files, or folders with .yaml, .yml or .mmd)");
    return 0;
}

static int plan_pages(site *s, build_plan *pl, const char *dir)
{
    pl->jobs = calloc(s->n_inputs ? s->n_inputs : 1, sizeof *pl->jobs);
    pl->outputs = calloc(s->n_pages + 1, sizeof *pl->outputs);
    if (!pl->jobs || !pl->outputs) return EXIT_IO;
    pl->n_jobs = s->n_inputs;
    for (size_t i = 0; i < s->n_inputs; i++) {
        pl->jobs[i].input = s->inputs[i].path;
        pl->jobs[i].name = s->inputs[i].path;
        pl->jobs[i].doc = s->inputs[i].broken ? NULL : s->inputs[i].doc;
        pl->jobs[i].n_journeys = pl->jobs[i].doc ? jmap_doc_journey_count(pl->jobs[i].doc) : 0;
    }
    for (size_t k = 0; k < s->n_pages; k++) {
        site_page *pg = &s->pages[k];
        if (!pg->j) continue;
        if (!site_page_nav(s, k)) return EXIT_IO;
        pg->opt = pl->opt;
        pg->opt.format = JMAP_HTML;
        pg->opt.html_nav = pg->nav;
        char *path = out_path(dir, pg->rel, "html");
        if (!path) return EXIT_IO;
        pl->outputs[pl->n_outputs++] = (build_output){pg->input, pg->journey, 1, path, &pg->opt};
        pl->jobs[pg->input].outputs_left++;
    }
    return 0;
}

/* The thumbnail of a page: the SVG inline in it, which is the map's SVG
 * document but for its XML declaration (the same bytes `build` writes: the
 * page's SVG is drawn with the same options), taken from the page rather
 * than drawn twice. Journey text in the SVG is escaped, so the first "<svg"
 * and the "</svg>" that ends the figure bound it. */
static int thumbnail(const char *dir, const site_page *pg)
{
    char *html = out_path(dir, pg->rel, "html"), *svg = out_path(dir, pg->rel, "svg");
    char *data = NULL;
    size_t len = 0;
    int rc = 0;
    if (!html || !svg) rc = EXIT_IO;
    else if (cli_read_file(html, SIZE_MAX / 2, &data, &len) == 0) { /* a page not written: its error is told */
        static const char decl[] = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", end[] = "</svg>\n</figure>";
        const char *a = strstr(data, "<svg "), *b = a ? strstr(a, end) : NULL;
        if (a && b) {
            cli_buf out = {0};
            cli_buf_add(&out, decl, sizeof decl - 1);
            cli_buf_add(&out, a, (size_t)(b - a) + 7);
            rc = out.failed ? EXIT_IO : write_file(svg, &out);
            cli_buf_free(&out);
        }
    }
    free(data);
    free(html);
    free(svg);
    return rc;
}

int cli_site(const cli_command *self, int argc, char **argv)
{
    found f = {0};
    cli_draw_args args = {0};
    jmap_render_options_init(&args.opt, sizeof args.opt);
    build_plan pl;
    memset(&pl, 0, sizeof pl);
    pl.command = self->name;
    pl.drawing = SIZE_MAX;
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    pl.workers = cores > 0 ? (int)(cores < 256 ? cores : 256) : 1;
    site s = {0};
    int rc = parse(self, argc, argv, &f, &args, &pl);
    jmap_doc *theme_doc = NULL;
    if (!rc && args.theme) {
        if (cli_builtin_theme(args.theme)) args.opt.theme = args.theme;
        else rc = cli_usage_error(self->name, "a site takes a built-in theme: --theme %s", "default, dark, print or high-contrast");
    }
    if (args.workers) pl.workers = args.workers;
    pl.opt = args.opt;
    pl.opt.format = JMAP_SVG;
    size_t cap = 0;
    int status = EXIT_OK;
    if (!rc) {
        s.inputs = calloc(f.n ? f.n : 1, sizeof *s.inputs);
        if (!s.inputs) rc = EXIT_IO;
    }
    for (size_t i = 0; i < f.n && !rc; i++) {
        char *data = NULL;
        size_t len = 0;
        /* a file that journeys include is passed over; one that cannot be read gets its page */
        if (cli_read_file(f.path[i], JMAP_MAX_INPUT, &data, &len) == 0 && !is_journey(f.path[i], data, len)) {
            free(data);
            continue;
        }
        free(data);
        site_input *in = &s.inputs[s.n_inputs++];
        in->path = f.path[i];
        in->rel = f.rel[i];
        f.path[i] = f.rel[i] = NULL;
        int st = load(&s, &cap, s.n_inputs - 1, pl.quiet);
        if (st == EXIT_IO) rc = EXIT_IO;
        else if (st > status) status = st;
    }
    for (size_t i = 0; i < f.n; i++) {
        free(f.path[i]);
        free(f.rel[i]);
    }
    free(f.path);
    free(f.rel);
    if (!rc) {
        rc = pair_up(&s) ? plan_pages(&s, &pl, args.output) : EXIT_IO;
    }
    if (!rc) rc = build_check_outputs(&pl, NULL);
    if (!rc) {
        pl.progress = !pl.quiet && pl.n_outputs > 2 && isatty(STDERR_FILENO);
        build_batch(&pl);
        for (size_t i = 0; i < pl.n_jobs; i++)
            if (pl.jobs[i].status > status) status = pl.jobs[i].status;
        for (size_t k = 0; k < s.n_pages && !rc; k++)
            if (s.pages[k].j) rc = thumbnail(args.output, &s.pages[k]);
        cli_buf b = {0};
        for (size_t k = 0; k < s.n_pages && !rc; k++) {
            if (s.pages[k].j) continue;
            char *path = out_path(args.output, s.pages[k].rel, "html");
            b.len = 0;
            if (!path || !site_broken_page(&s, k, &b)) rc = EXIT_IO;
            else rc = write_file(path, &b);
            free(path);
        }
        char *index = out_path(args.output, "index", "html");
        b.len = 0;
        if (!rc && (!index || !site_index(&s, &b))) rc = EXIT_IO;
        if (!rc) rc = write_file(index, &b);
        free(index);
        cli_buf_free(&b);
    }
    for (size_t i = 0; i < pl.n_jobs; i++) cli_buf_free(&pl.jobs[i].log);
    for (size_t k = 0; k < pl.n_outputs; k++) free(pl.outputs[k].path);
    free(pl.outputs);
    free(pl.jobs);
    free_site(&s);
    jmap_doc_free(theme_doc);
    if (rc == CLI_HELPED) return EXIT_OK;
    return rc ? rc : status;
}
