/* jmap build: the command line, and the plan. Every input is read and loaded
 * and every output named and checked before anything is written; then the
 * batch (batch.c) draws. */
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
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
#include "io.h"
#include "oom.h"
#include "options.h"
#include "input.h"
#include "names.h"


/* ---- output names ---- */

/* The input's file name without directory and extension. */
static char *stem(const char *input)
{
    if (strcmp(input, "-") == 0) return strdup("stdin");
    const char *base = strrchr(input, '/');
    base = base ? base + 1 : input;
    char *s = strdup(base);
    if (!s) return NULL;
    char *dot = strrchr(s, '.');
    if (dot && dot != s) *dot = '\0';
    return s;
}

static char *path_join(const char *dir, const char *name, const char *ext)
{
    size_t dl = strlen(dir);
    bool slash = dl && dir[dl - 1] == '/';
    size_t need = dl + 1 + strlen(name) + 1 + strlen(ext) + 1;
    char *p = malloc(need);
    if (p) snprintf(p, need, "%s%s%s.%s", dir, slash || !dl ? "" : "/", name, ext);
    return p;
}

static bool is_dir(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* ---- options ---- */

/* --theme NAME or FILE: a built-in name, else a YAML theme file. */
static int load_theme(const char *command, const char *arg, jmap_render_options *opt, jmap_doc **doc)
{
    if (cli_builtin_theme(arg)) {
        opt->theme = arg;
        return 0;
    }
    char *data = NULL;
    size_t len = 0;
    int e = cli_read_file(arg, JMAP_MAX_INPUT, &data, &len);
    if (e == ENOENT && !strchr(arg, '/') && !strchr(arg, '.')) {
        char names[128];
        jmap_vocab_join(JMAP_VOCAB_THEMES, "or", names, sizeof names);
        return cli_usage_error(command, "--theme takes %s, or a theme file, not '%s'", names, arg);
    }
    if (e) {
        fprintf(stderr, "jmap: cannot read the theme '%s': %s\n", arg, strerror(e));
        return EXIT_IO;
    }
    *doc = jmap_load_theme(data, len, arg);
    free(data);
    if (!*doc) return EXIT_IO;
    if (jmap_doc_error_count(*doc)) {
        cli_print_diags_text(stderr, *doc, true);
        jmap_doc_free(*doc);
        *doc = NULL;
        return EXIT_INPUT;
    }
    opt->theme_doc = *doc;
    return 0;
}

/* SOURCE_DATE_EPOCH: a whole number of seconds from 1970 to the end of 9999.
 * Anything else is a warning, and the PDF then carries no date. */
static void source_date(build_plan *pl)
{
    const char *s = getenv("SOURCE_DATE_EPOCH");
    if (!s || pl->opt.format != JMAP_PDF) return;
    long long v = 0;
    bool ok = *s != '\0';
    for (const char *p = s; *p && ok; p++) {
        if (*p < '0' || *p > '9' || v > 253402300799LL) ok = false;
        else v = v * 10 + (*p - '0');
    }
    if (ok && v <= 253402300799LL) {
        pl->opt.has_date = 1;
        pl->opt.date = v;
    } else if (!pl->quiet) {
        fprintf(stderr, "jmap: warning: SOURCE_DATE_EPOCH='%s' is not a whole number of seconds from 0 to "
                        "253402300799 (the end of 9999); the PDF carries no date\n", s);
    }
}

/* ---- the plan ---- */

static bool add_output(build_plan *pl, size_t *cap, size_t job, size_t first, size_t count, char *path)
{
    if (!path) return false;
    if (pl->n_outputs == *cap) {
        size_t ncap = *cap ? *cap * 2 : 16;
        build_output *o = realloc(pl->outputs, ncap * sizeof *o);
        if (!o) { free(path); return false; }
        pl->outputs = o;
        *cap = ncap;
    }
    pl->outputs[pl->n_outputs++] = (build_output){job, first, count, path, NULL};
    pl->jobs[job].outputs_left++;
    return true;
}

/* Reads and loads one input, keeping what it says in its log. With
 * `keep_bytes`, a valid input then keeps only its bytes (build_render loads
 * it again where it is drawn), so that a batch holds one input loaded at a
 * time, not all of them; an input with errors keeps nothing. */
static void load_one(build_job *jb, bool warnings, bool keep_bytes, const jmap_load_options *load)
{
    char *text = NULL;
    size_t tlen = 0;
    FILE *mem = open_memstream(&text, &tlen);
    if (!mem) {
        build_log(jb, "jmap: out of memory reading '%s'\n", jb->name);
        jb->status = EXIT_IO;
        return;
    }
    char *data = NULL;
    size_t len = 0;
    cli_load_how how = {.out = mem, .warnings = warnings, .oom_names = true, .keep = &data, .keep_len = &len,
                        .load = load};
    jb->status = cli_load_input(jb->input, jb->name, &how, &jb->doc);
    fclose(mem);
    if (tlen) build_log(jb, "%s", text);
    free(text);
    jb->n_journeys = jmap_doc_journey_count(jb->doc);
    if (keep_bytes) {
        jmap_doc_free(jb->doc);
        jb->doc = NULL;
        if (jb->status == EXIT_OK) {
            jb->data = data;
            jb->len = len;
            data = NULL;
        }
    }
    free(data);
}

typedef struct loading {
    build_plan *pl;
    atomic_size_t next;
} loading;

static void *load_some(void *arg)
{
    loading *ld = arg;
    for (size_t i; (i = atomic_fetch_add(&ld->next, 1)) < ld->pl->n_jobs;) load_one(&ld->pl->jobs[i], !ld->pl->quiet, !ld->pl->diff && ld->pl->n_jobs > 1,
                 ld->pl->load); /* one input stays loaded: its data files are not read twice */
    return NULL;
}

/* Reads and loads every input, -j at a time: loading touches no font, so
 * threads are safe here, and they are all joined before any worker process
 * is forked. Then gives each loaded input its outputs, in input order. */
static int load_inputs(build_plan *pl)
{
    loading ld = {pl, 0};
    int n = pl->workers;
    if ((size_t)n > pl->n_jobs) n = (int)pl->n_jobs;
    pthread_t tids[256];
    int started = 0;
    for (int t = 1; t < n; t++)
        if (pthread_create(&tids[started], NULL, load_some, &ld) == 0) started++;
    load_some(&ld);
    for (int t = 0; t < started; t++) pthread_join(tids[t], NULL);

    size_t cap = 0;
    for (size_t i = 0; i < pl->n_jobs; i++) {
        build_job *jb = &pl->jobs[i];
        if ((!jb->doc && !jb->data) || jb->status != EXIT_OK) continue;
        size_t n_journeys = jb->n_journeys;
        bool ok = true;
        if (n_journeys == 1 || pl->opt.format == JMAP_PDF) {
            ok = add_output(pl, &cap, i, 0, n_journeys, strdup(jb->out));
        } else if (strcmp(jb->out, "-") == 0) {
            build_log(jb, "%s: error: the file holds %zu journeys; standard output takes one SVG or PNG (use -f pdf, "
                          "or a file or directory for -o)\n", jb->name, n_journeys);
            jb->status = EXIT_INPUT;
        } else {
            for (size_t k = 0; k < n_journeys && ok; k++)
                ok = add_output(pl, &cap, i, k, 1, cli_numbered(jb->out, k + 1));
        }
        if (!ok) return EXIT_IO;
    }
    return 0;
}

/* Where each input goes, from -o (NULL: beside the input). */
static int name_outputs(build_plan *pl, const char *output)
{
    bool to_dir = false;
    if (output) {
        size_t ol = strlen(output);
        to_dir = strcmp(output, "-") != 0 && (is_dir(output) || output[ol - 1] == '/');
    }
    const char *ext = cli_format_ext[pl->opt.format];
    for (size_t i = 0; i < pl->n_jobs; i++) {
        build_job *jb = &pl->jobs[i];
        char *st = stem(jb->input);
        if (!st) return EXIT_IO;
        if (pl->diff && !output) { /* beside AFTER, never over its own map */
            char *d = malloc(strlen(st) + 6);
            if (d) sprintf(d, "%s-diff", st);
            free(st);
            if (!(st = d)) return EXIT_IO;
        }
        if (to_dir) {
            jb->out = path_join(output, st, ext);
        } else if (output) {
            jb->out = strdup(output);
        } else {
            const char *slash = strrchr(jb->input, '/');
            char *dir = strndup(jb->input, slash ? (size_t)(slash - jb->input) : 0);
            jb->out = dir ? path_join(dir, st, ext) : NULL;
            free(dir);
        }
        free(st);
        if (!jb->out) return EXIT_IO;
    }
    return 0;
}

/* The command line's own mistakes, found before anything is read. */
static int check_command_line(build_plan *pl, const char *output, bool format_given, const char *theme_arg)
{
    size_t n_in = pl->diff ? 1 : pl->n_jobs; /* diff draws AFTER alone */
    size_t stdin_users = theme_arg && cli_names_stdin(theme_arg);
    for (size_t i = 0; i < pl->n_jobs; i++) stdin_users += cli_names_stdin(pl->jobs[i].input);
    if (stdin_users > 1)
        return cli_usage_error(pl->command, "standard input can be read once: give '-' (or /dev/stdin) once");
    if (!output) {
        for (size_t i = 0; i < pl->n_jobs; i++)
            if (strcmp(pl->jobs[i].input, "-") == 0) return cli_usage_error(pl->command, "standard input needs -o");
        return 0;
    }
    size_t ol = strlen(output);
    bool to_stdout = strcmp(output, "-") == 0;
    bool to_dir = !to_stdout && ol && (is_dir(output) || output[ol - 1] == '/');
    if (ol == 0) return cli_usage_error(pl->command, "-o needs a file, a directory or -");
    if (to_stdout && !format_given) return cli_usage_error(pl->command, "-o - needs -f svg, png, pdf or html");
    if (to_stdout && n_in > 1) return cli_usage_error(pl->command, "-o - takes one input");
    if (!to_dir && !to_stdout && n_in > 1)
        return cli_usage_error(pl->command, "several inputs need -o DIR/ (a directory), not a file");
    if (!to_dir && !to_stdout && !format_given && !cli_format_from_ext(output, &pl->opt.format))
        return cli_usage_error(pl->command, "cannot tell the format of '%s': name it .svg, .png or .pdf, or use -f",
                               output);
    return 0;
}

static void free_plan(build_plan *pl)
{
    for (size_t i = 0; i < pl->n_jobs; i++) {
        free(pl->jobs[i].out);
        cli_buf_free(&pl->jobs[i].log);
        free(pl->jobs[i].data);
        jmap_doc_free(pl->jobs[i].doc);
    }
    for (size_t k = 0; k < pl->n_outputs; k++) free(pl->outputs[k].path);
    free(pl->outputs);
    free(pl->jobs);
}

/* build, and diff (the same options and outputs; two inputs, BEFORE and
 * AFTER, the map of AFTER drawn with what changed since BEFORE marked). */
static int build_or_diff(const cli_command *self, int argc, char **argv, jmap_renderer **keep)
{
    const char *command = self->name;
    build_plan pl;
    memset(&pl, 0, sizeof pl);
    pl.command = command;
    pl.diff = strcmp(command, "diff") == 0;
    pl.drawing = SIZE_MAX;
    pl.keep = keep;
    cli_draw_args args = {0};
    jmap_render_options_init(&args.opt, sizeof args.opt);
    const char *output = NULL, *theme_arg = NULL;
    bool format_given = false;
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    pl.workers = cores > 0 ? (int)(cores < 256 ? cores : 256) : 1;
    pl.jobs = calloc((size_t)argc + 1, sizeof *pl.jobs);
    if (!pl.jobs) return EXIT_IO;
    int rc = 0;
    bool options_done = false;
    for (int i = 1; i < argc && rc == 0; i++) {
        const char *a = argv[i];
        if (options_done || a[0] != '-' || a[1] == '\0') {
            pl.jobs[pl.n_jobs].input = a;
            pl.jobs[pl.n_jobs++].name = cli_input_name(a);
            continue;
        }
        if (strcmp(a, "--") == 0) { options_done = true; continue; }
        if (cli_is_help(a)) { fputs(self->help, stdout); free(pl.jobs); return EXIT_OK; }
        if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0) { pl.quiet = true; continue; }
        int e = cli_draw_option(command, pl.diff ? 0 : CLI_TAKES_JOBS, argc, argv, &i, &args);
        if (e == CLI_NOT_MINE) e = cli_usage_error(command, "unknown option '%s'", a);
        if (e) {
            rc = e;
            break;
        }
    }
    pl.opt = args.opt;
    pl.data = args.data;
    pl.load = cli_data_load(&pl.data); /* set once: the loading threads only read it */
    output = args.output;
    theme_arg = args.theme;
    format_given = args.format_given;
    if (args.workers) pl.workers = args.workers;
    if (!rc && pl.n_jobs == 0) rc = cli_usage_error(command, "no input file given");
    if (!rc && pl.diff && pl.n_jobs != 2)
        rc = cli_usage_error(command, "diff takes two inputs, BEFORE and AFTER, not %zu", pl.n_jobs);
    if (pl.diff || keep) pl.workers = 1; /* jmap serve draws in its own process, with its kept renderer */
    if (!rc) rc = check_command_line(&pl, output, format_given, theme_arg);
    if (!rc && pl.opt.page_width > 0 && pl.opt.format != JMAP_PDF)
        rc = cli_usage_error(command, "--page makes a PDF poster: build a .pdf, or give -f pdf");
    jmap_doc *theme_doc = NULL;
    if (!rc && theme_arg) rc = load_theme(command, theme_arg, &pl.opt, &theme_doc);
    if (!rc && (name_outputs(&pl, output) || load_inputs(&pl))) {
        fprintf(stderr, "jmap: out of memory\n");
        rc = EXIT_IO;
    }
    if (!rc && pl.diff) { /* BEFORE is compared, not drawn; with errors in it, nothing is drawn */
        const build_job *before = &pl.jobs[0];
        bool ok = before->doc && before->status == EXIT_OK && jmap_doc_journey_count(before->doc);
        if (ok) pl.opt.diff_before = jmap_doc_journey(before->doc, 0);
        size_t kept = 0;
        for (size_t k = 0; k < pl.n_outputs; k++) {
            if (ok && pl.outputs[k].job == 1) pl.outputs[kept++] = pl.outputs[k];
            else free(pl.outputs[k].path);
        }
        pl.n_outputs = kept;
        pl.jobs[0].outputs_left = 0;
        if (!ok) pl.jobs[1].outputs_left = 0;
    }
    const char *theme_file = theme_doc ? theme_arg : NULL;
    if (!rc) rc = build_check_outputs(&pl, theme_file);
    if (rc) {
        free_plan(&pl);
        jmap_doc_free(theme_doc);
        return rc;
    }
    source_date(&pl);
    pl.progress = !pl.quiet && pl.n_jobs > 1 && isatty(STDERR_FILENO);
    build_batch(&pl);
    int status = EXIT_OK;
    size_t failed = 0;
    for (size_t i = 0; i < pl.n_jobs; i++) {
        if (pl.jobs[i].status > status) status = pl.jobs[i].status;
        failed += pl.jobs[i].status != EXIT_OK;
    }
    if (pl.n_jobs > 1 && failed && !pl.quiet) fprintf(stderr, "jmap: %zu of %zu inputs failed\n", failed, pl.n_jobs);
    free_plan(&pl);
    jmap_doc_free(theme_doc);
    return status;
}

int cli_build(const cli_command *self, int argc, char **argv) { return build_or_diff(self, argc, argv, NULL); }

int cli_build_keeping(const cli_command *self, int argc, char **argv, jmap_renderer **keep)
{
    return build_or_diff(self, argc, argv, keep);
}

int cli_diff(const cli_command *self, int argc, char **argv) { return build_or_diff(self, argc, argv, NULL); }
