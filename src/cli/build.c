/* jmap build: inputs -> maps, several at once, every output written safely. */
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "diagnostics.h"
#include "io.h"
#include "jmap/jmap.h"

#define READ_LIMIT (16u * 1024u * 1024u)

typedef struct job {
    const char *input;          /* as given; "-" for stdin */
    const char *name;           /* for messages */
    char *out;                  /* output path; for several journeys, the name the numbers go into */
    int status;
    char *log;                  /* what to print on stderr, in input order */
    size_t log_len;
} job;

typedef struct plan {
    job *jobs;
    size_t n;
    jmap_render_options opt;
    bool format_given, quiet, progress;
    int threads;
    atomic_size_t next;
    pthread_mutex_t lock;
    char **claims;              /* outputs written or being written */
    size_t n_claims;
    size_t printed, done;
} plan;

static const char *const ext_of[] = {"svg", "png", "pdf"};

static void logf_(job *jb, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n <= 0) return;
    char *log = realloc(jb->log, jb->log_len + (size_t)n + 1);
    if (!log) return;
    jb->log = log;
    va_start(ap, fmt);
    vsnprintf(jb->log + jb->log_len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    jb->log_len += (size_t)n;
}

static void raise_status(job *jb, int status)
{
    if (status > jb->status) jb->status = status;
}

/* ---- output names ---- */

static bool format_from_ext(const char *path, jmap_format *f)
{
    const char *dot = strrchr(path, '.'), *slash = strrchr(path, '/');
    if (!dot || (slash && dot < slash)) return false;
    for (int i = 0; i < 3; i++)
        if (strcasecmp(dot + 1, ext_of[i]) == 0) {
            *f = (jmap_format)i;
            return true;
        }
    return false;
}

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

/* NAME.svg -> NAME-3.svg */
static char *numbered(const char *path, size_t k)
{
    const char *dot = strrchr(path, '.'), *slash = strrchr(path, '/');
    if (!dot || (slash && dot < slash)) dot = path + strlen(path);
    size_t need = strlen(path) + 24;
    char *p = malloc(need);
    if (p) snprintf(p, need, "%.*s-%zu%s", (int)(dot - path), path, k, dot);
    return p;
}

static bool is_dir(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

static int make_dirs(const char *dir)
{
    char tmp[PATH_MAX];
    size_t n = strlen(dir);
    if (n >= sizeof tmp) return ENAMETOOLONG;
    memcpy(tmp, dir, n + 1);
    for (size_t i = 1; i <= n; i++) {
        if (tmp[i] != '/' && tmp[i] != '\0') continue;
        char c = tmp[i];
        tmp[i] = '\0';
        if (mkdir(tmp, 0777) != 0 && errno != EEXIST) return errno;
        tmp[i] = c;
    }
    return is_dir(dir) ? 0 : ENOTDIR;
}

/* ---- one input ---- */

/* Claims path for job jb: false (with a message) when an input is that file
 * or another output of this run was already written there. Numbered outputs
 * (NAME-1.svg) are known only once an input is loaded, so this is checked as
 * they come, under the plan's lock. */
static bool claim(plan *pl, job *jb, const char *path)
{
    if (strcmp(path, "-") == 0) return true;
    bool ok = true;
    pthread_mutex_lock(&pl->lock);
    for (size_t i = 0; i < pl->n && ok; i++) {
        if (strcmp(pl->jobs[i].input, "-") != 0 &&
            (strcmp(pl->jobs[i].input, path) == 0 || cli_same_file(pl->jobs[i].input, path))) {
            logf_(jb, "jmap: the output '%s' is an input; jmap never overwrites its inputs\n", path);
            ok = false;
        }
    }
    for (size_t i = 0; i < pl->n_claims && ok; i++)
        if (strcmp(pl->claims[i], path) == 0) {
            logf_(jb, "jmap: '%s' would be written twice in one run; give the inputs different names\n", path);
            ok = false;
        }
    if (ok) {
        char **c = realloc(pl->claims, (pl->n_claims + 1) * sizeof *c);
        char *copy = strdup(path);
        if (c && copy) {
            pl->claims = c;
            pl->claims[pl->n_claims++] = copy;
        } else {
            if (c) pl->claims = c;
            free(copy);
        }
    }
    pthread_mutex_unlock(&pl->lock);
    if (!ok) raise_status(jb, EXIT_USAGE);
    return ok;
}

static void write_one(plan *pl, job *jb, jmap_renderer *r, const jmap_doc *doc, size_t first, size_t count,
                      const char *path)
{
    const char *shown = strcmp(path, "-") == 0 ? "standard output" : path;
    if (!claim(pl, jb, path)) return;
    if (!r) {
        logf_(jb, "jmap: cannot set up fonts and text shaping\n");
        raise_status(jb, EXIT_IO);
        return;
    }
    cli_out out;
    int e = cli_out_open(&out, path);
    if (e) {
        logf_(jb, "jmap: cannot write '%s': %s\n", shown, strerror(e));
        raise_status(jb, EXIT_IO);
        return;
    }
    char err[512];
    int rc = jmap_render(r, doc, first, count, &pl->opt, cli_out_write, &out, err, sizeof err);
    if (rc != 0) {
        int werr = out.err;
        cli_out_abort(&out);
        if (werr) {
            logf_(jb, "jmap: cannot write '%s': %s\n", shown, strerror(werr));
            raise_status(jb, EXIT_IO);
        } else {
            logf_(jb, "%s: error: %s\n", jb->name, err);
            raise_status(jb, rc == JMAP_ERR_INPUT ? EXIT_INPUT : EXIT_IO); /* fonts, memory, write: 3 */
        }
        return;
    }
    e = cli_out_commit(&out);
    if (e) {
        logf_(jb, "jmap: cannot write '%s': %s\n", shown, strerror(e));
        raise_status(jb, EXIT_IO);
    }
}

static void run_job(plan *pl, job *jb, jmap_renderer **r)
{
    char *data = NULL;
    size_t len = 0;
    int e = cli_read_file(jb->input, READ_LIMIT, &data, &len);
    if (e) {
        logf_(jb, "jmap: cannot read '%s': %s\n", jb->input, strerror(e));
        raise_status(jb, EXIT_IO);
        return;
    }
    jmap_doc *doc = jmap_load(data, len, jb->name);
    free(data);
    if (!doc) {
        logf_(jb, "jmap: out of memory reading '%s'\n", jb->name);
        raise_status(jb, EXIT_IO);
        return;
    }
    if (jmap_doc_error_count(doc)) {
        char *text = NULL;
        size_t tlen = 0;
        FILE *mem = open_memstream(&text, &tlen);
        if (mem) {
            cli_print_diags_text(mem, doc);
            fclose(mem);
            logf_(jb, "%s", text ? text : "");
            free(text);
        }
        raise_status(jb, EXIT_INPUT);
        jmap_doc_free(doc);
        return;
    }
    if (!*r) *r = jmap_renderer_new();
    size_t n = jmap_doc_journey_count(doc);
    if (n == 1 || pl->opt.format == JMAP_PDF) {
        write_one(pl, jb, *r, doc, 0, n, jb->out);
    } else if (strcmp(jb->out, "-") == 0) {
        logf_(jb, "%s: error: the file holds %zu journeys; standard output takes one SVG or PNG (use -f pdf, "
                  "or a file or directory for -o)\n", jb->name, n);
        raise_status(jb, EXIT_INPUT);
    } else {
        for (size_t i = 0; i < n; i++) {
            char *p = numbered(jb->out, i + 1);
            if (!p) { raise_status(jb, EXIT_IO); break; }
            write_one(pl, jb, *r, doc, i, 1, p);
            free(p);
        }
    }
    jmap_doc_free(doc);
}

/* ---- workers and reporting ---- */

static void flush_logs(plan *pl)
{
    /* under pl->lock: print finished jobs' logs in input order */
    while (pl->printed < pl->n && pl->jobs[pl->printed].log != (char *)-1) {
        job *jb = &pl->jobs[pl->printed];
        if (jb->log) {
            if (pl->progress) fputs("\r\033[K", stderr);
            fwrite(jb->log, 1, jb->log_len, stderr);
            free(jb->log);
            jb->log = NULL;
        }
        pl->printed++;
    }
    if (pl->progress && pl->done < pl->n) fprintf(stderr, "\r\033[Kjmap: %zu of %zu maps", pl->done, pl->n);
    fflush(stderr);
}

static void *worker(void *arg)
{
    plan *pl = arg;
    jmap_renderer *r = NULL;
    for (;;) {
        size_t i = atomic_fetch_add(&pl->next, 1);
        if (i >= pl->n) break;
        job *jb = &pl->jobs[i];
        job result = *jb;
        result.log = NULL;
        result.log_len = 0;
        run_job(pl, &result, &r);
        pthread_mutex_lock(&pl->lock);
        jb->status = result.status;
        jb->log = result.log;
        jb->log_len = result.log_len;
        pl->done++;
        flush_logs(pl);
        pthread_mutex_unlock(&pl->lock);
    }
    jmap_renderer_free(r);
    return NULL;
}

/* Interrupts are taken by one thread, with sigwait: it removes the temporaries
 * and ends the process once no output is being named (the workers block the
 * signals, so no handler ever runs in the middle of their work). */
static void *signal_thread(void *arg)
{
    sigset_t *set = arg;
    int sig = 0;
    if (sigwait(set, &sig) == 0) cli_out_shutdown(sig);
    return NULL;
}

/* ---- the command ---- */

/* --theme NAME or FILE: a built-in name, else a YAML theme file. */
static int load_theme(const char *arg, jmap_render_options *opt, jmap_doc **doc)
{
    static const char *const builtin[] = {"default", "dark", "print", "high-contrast"};
    for (int i = 0; i < 4; i++)
        if (strcmp(arg, builtin[i]) == 0) {
            opt->theme = arg;
            return 0;
        }
    char *data = NULL;
    size_t len = 0;
    int e = cli_read_file(arg, READ_LIMIT, &data, &len);
    if (e == ENOENT && !strchr(arg, '/') && !strchr(arg, '.'))
        return cli_usage_error("build", "--theme takes default, dark, print, high-contrast or a theme file, not '%s'",
                               arg);
    if (e) {
        fprintf(stderr, "jmap: cannot read the theme '%s': %s\n", arg, strerror(e));
        return EXIT_IO;
    }
    *doc = jmap_load_theme(data, len, arg);
    free(data);
    if (!*doc) return EXIT_IO;
    if (jmap_doc_error_count(*doc)) {
        cli_print_diags_text(stderr, *doc);
        jmap_doc_free(*doc);
        *doc = NULL;
        return EXIT_INPUT;
    }
    opt->theme_doc = *doc;
    return 0;
}

static int parse_number(const char *command, const char *opt, const char *s, double lo, double hi, double *out)
{
    char *end;
    double v = strtod(s, &end);
    if (!*s || *end || !(v >= lo && v <= hi))
        return cli_usage_error(command, "%s takes a number from %g to %g, not '%s'", opt, lo, hi, s);
    *out = v;
    return 0;
}

int cli_build(int argc, char **argv)
{
    plan pl;
    memset(&pl, 0, sizeof pl);
    pl.opt.scale = 1;
    const char *output = NULL, *theme_arg = NULL;
    jmap_doc *theme_doc = NULL;
    const char **inputs = calloc((size_t)argc + 1, sizeof *inputs);
    size_t n_inputs = 0;
    if (!inputs) return EXIT_IO;
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    pl.threads = cores > 0 ? (int)cores : 1;
    int rc = 0;
    bool options_done = false;
    for (int i = 1; i < argc && rc == 0; i++) {
        const char *a = argv[i];
        if (options_done || a[0] != '-' || a[1] == '\0') {
            inputs[n_inputs++] = a;
            continue;
        }
        if (strcmp(a, "--") == 0) { options_done = true; continue; }
        if (cli_is_help(a)) { cli_help("build", stdout); free(inputs); return EXIT_OK; }
        if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0) { pl.quiet = true; continue; }
        /* options with a value: -o X, -oX, --output X, --output=X */
        static const char *const with_value[][2] = {{"-o", "--output"}, {"-f", "--format"}, {NULL, "--persona"},
                                                    {NULL, "--theme"}, {NULL, "--scale"}, {"-j", "--jobs"}};
        int which = -1;
        const char *val = NULL;
        for (int k = 0; k < 6 && which < 0; k++) {
            const char *s = with_value[k][0], *l = with_value[k][1];
            size_t ll = strlen(l);
            if ((s && strcmp(a, s) == 0) || strcmp(a, l) == 0) which = k;
            else if (s && strncmp(a, s, 2) == 0 && a[2]) { which = k; val = a + 2; }
            else if (strncmp(a, l, ll) == 0 && a[ll] == '=') { which = k; val = a + ll + 1; }
        }
        if (which < 0) { rc = cli_usage_error("build", "unknown option '%s'", a); break; }
        if (!val) {
            if (i + 1 >= argc) { rc = cli_usage_error("build", "%s needs a value", a); break; }
            val = argv[++i];
        }
        double num = 0;
        switch (which) {
        case 0: output = val; break;
        case 1:
            pl.format_given = true;
            if (strcmp(val, "svg") == 0) pl.opt.format = JMAP_SVG;
            else if (strcmp(val, "png") == 0) pl.opt.format = JMAP_PNG;
            else if (strcmp(val, "pdf") == 0) pl.opt.format = JMAP_PDF;
            else rc = cli_usage_error("build", "-f takes svg, png or pdf, not '%s'", val);
            break;
        case 2: pl.opt.persona = val; break;
        case 3: theme_arg = val; break;
        case 4:
            rc = parse_number("build", "--scale", val, 0.1, 16, &num);
            pl.opt.scale = num;
            break;
        case 5:
            rc = parse_number("build", "-j", val, 1, 256, &num);
            pl.threads = (int)num;
            break;
        }
    }
    if (rc) { free(inputs); return rc; }
    if (n_inputs == 0) { free(inputs); return cli_usage_error("build", "no input file given"); }
    if (theme_arg) {
        rc = load_theme(theme_arg, &pl.opt, &theme_doc);
        if (rc) { free(inputs); return rc; }
    }

    /* where each input goes */
    bool to_dir = false, to_stdout = false;
    if (output) {
        size_t ol = strlen(output);
        to_stdout = strcmp(output, "-") == 0;
        to_dir = !to_stdout && (is_dir(output) || output[ol - 1] == '/');
        if (to_stdout && !pl.format_given) rc = cli_usage_error("build", "-o - needs -f svg, png or pdf");
        else if (to_stdout && n_inputs > 1) rc = cli_usage_error("build", "-o - takes one input");
        else if (!to_dir && !to_stdout && n_inputs > 1)
            rc = cli_usage_error("build", "several inputs need -o DIR/ (a directory), not a file");
        else if (!to_dir && !to_stdout && !pl.format_given && !format_from_ext(output, &pl.opt.format))
            rc = cli_usage_error("build", "cannot tell the format of '%s': name it .svg, .png or .pdf, or use -f",
                                 output);
    } else {
        for (size_t i = 0; i < n_inputs && !rc; i++)
            if (strcmp(inputs[i], "-") == 0) rc = cli_usage_error("build", "standard input needs -o");
    }
    if (rc) { free(inputs); return rc; }
    if (output && !to_dir && !to_stdout && strrchr(output, '/')) {
        /* -o build/maps/trip.svg: the directories are made as for -o DIR/ */
        char *parent = strndup(output, (size_t)(strrchr(output, '/') - output));
        int e = parent && *parent ? make_dirs(parent) : 0;
        if (e) fprintf(stderr, "jmap: cannot create the directory '%s': %s\n", parent, strerror(e));
        free(parent);
        if (e) { free(inputs); return EXIT_IO; }
    }
    if (to_dir) {
        int e = make_dirs(output);
        if (e) {
            fprintf(stderr, "jmap: cannot create the directory '%s': %s\n", output, strerror(e));
            free(inputs);
            return EXIT_IO;
        }
    }
    pl.jobs = calloc(n_inputs, sizeof *pl.jobs);
    if (!pl.jobs) { free(inputs); return EXIT_IO; }
    pl.n = n_inputs;
    const char *ext = ext_of[pl.opt.format];
    for (size_t i = 0; i < n_inputs && !rc; i++) {
        job *jb = &pl.jobs[i];
        jb->input = inputs[i];
        jb->name = strcmp(inputs[i], "-") == 0 ? "<stdin>" : inputs[i];
        char *st = stem(inputs[i]);
        if (!st) { rc = EXIT_IO; break; }
        if (to_dir) {
            jb->out = path_join(output, st, ext);
        } else if (output) {
            jb->out = strdup(output);
        } else {
            /* beside the input */
            const char *slash = strrchr(inputs[i], '/');
            char *dir = strndup(inputs[i], slash ? (size_t)(slash - inputs[i]) : 0);
            jb->out = dir ? path_join(dir, st, ext) : NULL;
            free(dir);
        }
        free(st);
        if (!jb->out) { rc = EXIT_IO; break; }
    }
    /* an input is never written to, and no two inputs share an output */
    for (size_t i = 0; i < pl.n && !rc; i++) {
        if (to_stdout) break;
        for (size_t k = 0; k < pl.n && !rc; k++) {
            if (strcmp(pl.jobs[k].input, "-") == 0) continue;
            if (strcmp(pl.jobs[i].out, pl.jobs[k].input) == 0 || cli_same_file(pl.jobs[i].out, pl.jobs[k].input))
                rc = cli_usage_error("build", "the output '%s' is an input; jmap never overwrites its inputs",
                                     pl.jobs[i].out);
            else if (k < i && strcmp(pl.jobs[i].out, pl.jobs[k].out) == 0)
                rc = cli_usage_error("build", "'%s' and '%s' would both write '%s'", pl.jobs[k].input,
                                     pl.jobs[i].input, pl.jobs[i].out);
        }
    }
    if (rc) {
        for (size_t i = 0; i < pl.n; i++) free(pl.jobs[i].out);
        free(pl.jobs);
        free(inputs);
        return rc;
    }

    sigset_t stop, old_mask;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    sigaddset(&stop, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &stop, &old_mask); /* inherited by every thread made below */
    pthread_t sig_tid;
    bool sig_thread = pthread_create(&sig_tid, NULL, signal_thread, &stop) == 0;
    signal(SIGPIPE, SIG_IGN);

    for (size_t i = 0; i < pl.n; i++) pl.jobs[i].log = (char *)-1; /* not finished */
    pthread_mutex_init(&pl.lock, NULL);
    atomic_init(&pl.next, 0);
    pl.progress = !pl.quiet && pl.n > 1 && isatty(STDERR_FILENO);
    int threads = pl.threads;
    if ((size_t)threads > pl.n) threads = (int)pl.n;
    if (threads <= 1) {
        worker(&pl);
    } else {
        pthread_t *tids = calloc((size_t)threads, sizeof *tids);
        int started = 0;
        for (int t = 0; tids && t < threads; t++)
            if (pthread_create(&tids[t], NULL, worker, &pl) == 0) started++;
        if (started == 0) worker(&pl);
        for (int t = 0; t < started; t++) pthread_join(tids[t], NULL);
        free(tids);
    }
    if (sig_thread) {
        pthread_cancel(sig_tid); /* sigwait is a cancellation point */
        pthread_join(sig_tid, NULL);
    }
    pthread_sigmask(SIG_SETMASK, &old_mask, NULL);
    if (pl.progress) fputs("\r\033[K", stderr);
    int status = EXIT_OK;
    size_t failed = 0;
    for (size_t i = 0; i < pl.n; i++) {
        if (pl.jobs[i].status > status) status = pl.jobs[i].status;
        failed += pl.jobs[i].status != EXIT_OK;
        free(pl.jobs[i].out);
    }
    if (pl.n > 1 && failed && !pl.quiet)
        fprintf(stderr, "jmap: %zu of %zu inputs failed\n", failed, pl.n);
    for (size_t i = 0; i < pl.n_claims; i++) free(pl.claims[i]);
    free(pl.claims);
    pthread_mutex_destroy(&pl.lock);
    jmap_doc_free(theme_doc);
    free(pl.jobs);
    free(inputs);
    return status;
}
