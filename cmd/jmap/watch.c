/* jmap watch: rebuilds a map each time its file is saved, and with --serve
 * shows it on a page that updates itself (serve.c).
 *
 * Editors save in several ways: in place (one or many writes), or by writing
 * another file and renaming it over the input, or by moving the input away
 * first. So the input's directory is watched (inotify), not the file, and
 * the events that name the input (or the --theme file) start a build:
 *
 * - events are gathered for DEBOUNCE_MS after the last one, at most
 *   MAXWAIT_MS after the first, so that a save of several writes is built
 *   once, well within a fifth of a second of the write;
 * - a build that fails is not reported at once while the file may still be
 *   being written: it is tried again when the writes have been quiet for
 *   SETTLE_MS (SETTLE_OPEN_MS while the writer still holds the file open),
 *   so that a save caught half-written never flickers an error;
 * - a failed build keeps the last good output and the last good map on the
 *   page, and reports its diagnostics (standard error, and the page).
 *
 * The names followed are resolved again on every event: each symlink on the
 * way from the name given to its file has its directory watched, so that a
 * link made or retargeted, and then an edit of its new target, start builds.
 * When the kernel's event queue overflows (events lost), everything is
 * watched anew and built.
 *
 * Everything is drawn in this thread, with one renderer; the server's
 * threads only copy what it publishes. Signals (SIGINT, SIGTERM, SIGHUP) are
 * taken by a thread of their own that never touches a file: between builds
 * it wakes the loop (a pipe in the same poll), which returns; during a build,
 * which a hung file system may never end, it ends the process itself once no
 * output is being named, its temporary removed. Either way, status 0. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "diagnostics.h"
#include "io.h"
#include "options.h"
#include "serve.h"
#include "watch.h"
#include "jmap/jmap.h"

#define DEBOUNCE_MS 25
#define MAXWAIT_MS 100
#define SETTLE_MS 300
#define SETTLE_OPEN_MS 1000
#define REWATCH_MS 500

static long long now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}


/* ---- the watched names ---- */

static int add_name(watch *w, const char *path)
{
    if (w->n_names == WATCH_NAMES) return 0;
    const char *slash = strrchr(path, '/');
    watched *n = &w->names[w->n_names];
    n->dir = slash ? strndup(path, slash == path ? 1 : (size_t)(slash - path)) : strdup(".");
    n->base = strdup(slash ? slash + 1 : path);
    n->wd = -1;
    if (!n->dir || !n->base) {
        free(n->dir);
        free(n->base);
        return ENOMEM;
    }
    for (int i = 0; i < w->n_names; i++)
        if (strcmp(w->names[i].dir, n->dir) == 0 && strcmp(w->names[i].base, n->base) == 0) {
            free(n->dir);
            free(n->base);
            return 0;
        }
    w->n_names++;
    return 0;
}

/* Where the symlink path leads, one step; NULL when it is not a link. */
static char *link_target(const char *path)
{
    char target[PATH_MAX];
    ssize_t n = readlink(path, target, sizeof target);
    if (n <= 0 || (size_t)n == sizeof target) return NULL;
    target[n] = '\0';
    const char *slash = strrchr(path, '/');
    if (target[0] == '/' || !slash) return strdup(target);
    size_t dir = (size_t)(slash - path) + 1, need = dir + (size_t)n + 1;
    char *p = malloc(need);
    if (p) snprintf(p, need, "%.*s%s", (int)dir, path, target);
    return p;
}

/* The file as given, each symlink on the way to its file (a link
 * retargeted is an event in the link's directory), and the file reached:
 * an edit of any of them starts a build. */
static int add_file(watch *w, const char *path)
{
    char *cur = strdup(path);
    int e = cur ? 0 : ENOMEM;
    for (int hop = 0; cur && !e; hop++) {
        e = add_name(w, cur);
        char *next = hop < WATCH_HOPS ? link_target(cur) : NULL;
        free(cur);
        cur = next;
    }
    free(cur);
    char *real = e ? NULL : realpath(path, NULL);
    if (real) e = add_name(w, real);
    free(real);
    return e;
}

static void free_names(watched *names, int n)
{
    for (int i = 0; i < n; i++) {
        free(names[i].dir);
        free(names[i].base);
    }
}

/* Resolves the names again (a link may have been made or retargeted) and
 * watches their directories, dropping the watches no name needs now. With
 * rearm, every watch is dropped and made anew (after an overflow). Sets
 * w->lost when a directory cannot be watched. Returns 0 or ENOMEM. */
static int resolve(watch *w, bool rearm)
{
    const uint32_t mask = IN_CLOSE_WRITE | IN_MODIFY | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE | IN_DELETE |
                          IN_ATTRIB | IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR;
    watched old[WATCH_NAMES];
    int n_old = w->n_names;
    memcpy(old, w->names, sizeof old);
    if (rearm)
        for (int i = 0; i < n_old; i++)
            if (old[i].wd >= 0) inotify_rm_watch(w->ino, old[i].wd), old[i].wd = -1;
    w->n_names = 0;
    int e = add_file(w, w->input);
    if (!e && w->theme) e = add_file(w, w->theme);
    for (int i = 0; i < w->n_data_files && !e; i++) e = add_file(w, w->data_files[i]);
    for (int i = 0; i < w->n_deps && !e; i++) e = add_file(w, w->deps[i]);
    w->deps_changed = false;
    bool all = true;
    for (int i = 0; i < w->n_names; i++) {
        watched *n = &w->names[i];
        n->wd = inotify_add_watch(w->ino, n->dir, mask); /* the same wd for a directory already watched */
        if (n->wd < 0) all = false;
    }
    for (int i = 0; i < n_old; i++) {
        bool kept = old[i].wd < 0;
        for (int j = 0; j < w->n_names && !kept; j++) kept = w->names[j].wd == old[i].wd;
        for (int j = 0; j < i && !kept; j++) kept = old[j].wd == old[i].wd; /* dropped already */
        if (!kept) inotify_rm_watch(w->ino, old[i].wd);
    }
    free_names(old, n_old);
    w->lost = e || !all;
    return e;
}

/* Reads the pending events. Returns whether one concerns a watched name
 * (or events were lost: w->overflow); *open_write tells whether the last
 * write seen is still open. */
static bool read_events(watch *w, bool *open_write)
{
    char buf[16384] __attribute__((aligned(__alignof__(struct inotify_event))));
    bool hit = false;
    for (;;) {
        ssize_t len = read(w->ino, buf, sizeof buf);
        if (len <= 0) break;
        for (char *p = buf; p < buf + len;) {
            const struct inotify_event *ev = (const struct inotify_event *)(void *)p;
            p += sizeof *ev + ev->len;
            if (ev->mask & IN_Q_OVERFLOW) {
                /* the queue was full: what happened meanwhile is unknown */
                w->overflow = true;
                hit = true;
                continue;
            }
            for (int i = 0; i < w->n_names; i++) {
                watched *n = &w->names[i];
                if (ev->wd != n->wd) continue;
                if (ev->mask & (IN_IGNORED | IN_DELETE_SELF | IN_MOVE_SELF)) {
                    /* the directory itself went away or moved: watch it again when it is back */
                    w->lost = true;
                    hit = true;
                    continue;
                }
                if (ev->len == 0 || strcmp(ev->name, n->base) != 0) continue;
                hit = true;
                if (ev->mask & IN_MODIFY) *open_write = true;
                if (ev->mask & (IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE)) *open_write = false;
            }
        }
    }
    return hit;
}

/* ---- the command line ---- */

/* Options as build takes them (options.c), but -j, and --serve. */
static int parse(watch *w, int argc, char **argv, bool *help)
{
    cli_draw_args args = {.opt = w->opt};
    bool options_done = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (options_done || a[0] != '-' || a[1] == '\0') {
            if (w->input) return cli_usage_error("watch", "watch takes one input, not '%s' too", a);
            w->input = a;
            continue;
        }
        if (strcmp(a, "--") == 0) { options_done = true; continue; }
        if (cli_is_help(a)) { *help = true; return 0; }
        if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0) { w->quiet = true; continue; }
        int e = cli_draw_option("watch", CLI_TAKES_SERVE, argc, argv, &i, &args);
        if (e == CLI_NOT_MINE) return cli_usage_error("watch", "unknown option '%s'", a);
        if (e) return e;
    }
    w->opt = args.opt;
    w->data = args.data;
    w->output = args.output;
    w->theme = args.theme;
    w->format_given = args.format_given;
    w->serve_spec = args.serve;
    if (!w->input) return cli_usage_error("watch", "no input file given");
    if (cli_names_stdin(w->input)) return cli_usage_error("watch", "watch needs a file, not standard input");
    if (w->theme && cli_names_stdin(w->theme))
        return cli_usage_error("watch", "--theme needs a name or a file, not standard input");
    if (w->theme && cli_builtin_theme(w->theme)) {
        w->opt.theme = w->theme;
        w->theme = NULL;
    } else if (w->theme && !strchr(w->theme, '/') && !strchr(w->theme, '.') && access(w->theme, F_OK) != 0) {
        char names[128];
        jmap_vocab_join(JMAP_VOCAB_THEMES, "or", names, sizeof names);
        return cli_usage_error("watch", "--theme takes %s, or a theme file, not '%s'", names, w->theme);
    }
    return 0;
}

/* Where the map goes: -o, else INPUT's stem .svg beside it (none with --serve). */
static int name_output(watch *w, char **owned)
{
    *owned = NULL;
    if (w->output) {
        size_t ol = strlen(w->output);
        struct stat st;
        if (ol == 0) return cli_usage_error("watch", "-o needs a file");
        if (strcmp(w->output, "-") == 0 || cli_names_stdin(w->output) ||
            (stat(w->output, &st) == 0 && !S_ISREG(st.st_mode)) || w->output[ol - 1] == '/')
            return cli_usage_error("watch", "-o needs a file that watch can replace on each build, not '%s'",
                                   w->output);
        if (!w->format_given && !cli_format_from_ext(w->output, &w->opt.format))
            return cli_usage_error("watch", "cannot tell the format of '%s': name it .svg, .png or .pdf, or use -f",
                                   w->output);
    } else if (!w->serve_spec) {
        const char *slash = strrchr(w->input, '/'), *base = slash ? slash + 1 : w->input;
        const char *dot = strrchr(base, '.');
        size_t stem = dot && dot != base ? (size_t)(dot - w->input) : strlen(w->input);
        const char *ext = cli_format_ext[w->opt.format];
        size_t need = stem + strlen(ext) + 2;
        *owned = malloc(need);
        if (!*owned) return EXIT_IO;
        snprintf(*owned, need, "%.*s.%s", (int)stem, w->input, ext);
        w->output = *owned;
    }
    if (w->output) {
        const char *what = strcmp(w->output, w->input) == 0 || cli_same_file(w->output, w->input) ? "the input"
                           : w->theme && (strcmp(w->output, w->theme) == 0 || cli_same_file(w->output, w->theme))
                               ? "the --theme file"
                               : NULL;
        if (what)
            return cli_usage_error("watch", "the output '%s' is %s; jmap never overwrites what it reads", w->output,
                                   what);
    }
    if (w->opt.page_width > 0 && w->opt.format != JMAP_PDF)
        return cli_usage_error("watch", "--page makes a PDF poster: watch a .pdf, or give -f pdf");
    return 0;
}

/* ---- the signals ---- */

static void stop_signals(sigset_t *set)
{
    sigemptyset(set);
    sigaddset(set, SIGINT);
    sigaddset(set, SIGTERM);
    sigaddset(set, SIGHUP);
}

/* A line on standard error that never waits: the loop's thread may be stuck
 * writing there (a reader that stopped reading), and stdio's lock with it. */
static void say_now(const char *fmt, const char *arg)
{
    char line[PATH_MAX + 64];
    int n = snprintf(line, sizeof line, fmt, arg);
    struct pollfd p = {STDERR_FILENO, POLLOUT, 0};
    if (n > 0 && poll(&p, 1, 0) == 1 && (p.revents & POLLOUT))
        (void)!write(STDERR_FILENO, line, (size_t)n < sizeof line ? (size_t)n : sizeof line - 1);
}

/* Takes SIGINT, SIGTERM and SIGHUP (every other thread blocks them) and
 * never touches a file: between builds it wakes the loop, which returns;
 * during a build, which may never end (a hung file system), it ends the
 * process itself, once no output is being named, leaving no temporary. */
static void *signal_thread(void *arg)
{
    watch *w = arg;
    sigset_t set;
    stop_signals(&set);
    int sig = 0;
    while (sigwait(&set, &sig) == 0) { /* after the first, until cancelled: absorbed while the loop ends */
        pthread_mutex_lock(&w->lock);
        bool first = !w->stopping, busy = w->building;
        w->stopping = true;
        pthread_mutex_unlock(&w->lock);
        if (busy) {
            if (!w->quiet) say_now("jmap: stopped watching %s\n", w->input);
            cli_out_exit(EXIT_OK);
        }
        if (first) (void)!write(w->wake[1], "", 1);
    }
    return NULL;
}

/* A build, unless the watch is stopping (the loop then wakes at once). */
static bool attempt(watch *w, bool final)
{
    pthread_mutex_lock(&w->lock);
    bool stopping = w->stopping;
    w->building = !stopping;
    pthread_mutex_unlock(&w->lock);
    if (stopping) return true;
    bool done = watch_attempt(w, final);
    if (w->data_files_changed) { /* the data files it read are watched from now on */
        w->data_files_changed = false;
        resolve(w, false);
    }
    pthread_mutex_lock(&w->lock);
    w->building = false;
    pthread_mutex_unlock(&w->lock);
    return done;
}

/* ---- the loop ---- */

static int loop(watch *w)
{
    long long first = 0, last = 0, due = -1, rewatch = -1;
    if (watch_deps_moved(w)) first = last = due = now_ms(); /* an included file saved while the first build ran */
    bool open_write = false;
    for (;;) {
        long long now = now_ms();
        if (w->lost && rewatch < 0) rewatch = now + REWATCH_MS;
        long long next = due;
        if (rewatch >= 0 && (next < 0 || rewatch < next)) next = rewatch;
        int timeout = next < 0 ? -1 : next <= now ? 0 : (int)(next - now);
        struct pollfd fds[2] = {{w->wake[0], POLLIN, 0}, {w->ino, POLLIN, 0}};
        int n = poll(fds, 2, timeout);
        if (n < 0 && errno != EINTR) return EXIT_IO;
        if (n > 0 && fds[0].revents) return EXIT_OK;
        now = now_ms();
        if (n > 0 && fds[1].revents && read_events(w, &open_write)) {
            /* links may have been made or retargeted; after an overflow,
             * anything may have happened: watched anew, and built */
            if (w->overflow) open_write = false;
            resolve(w, w->overflow);
            w->overflow = false;
            if (due < 0) first = now;
            last = now;
            due = last + DEBOUNCE_MS < first + MAXWAIT_MS ? last + DEBOUNCE_MS : first + MAXWAIT_MS;
        }
        if (rewatch >= 0 && now >= rewatch) {
            rewatch = -1;
            resolve(w, false);
            if (!w->lost && due < 0) first = last = now, due = now; /* it may have changed while unwatched */
        }
        if (due >= 0 && now >= due) {
            long long settle = last + (open_write ? SETTLE_OPEN_MS : SETTLE_MS);
            if (attempt(w, now >= settle)) {
                due = -1;
                if (w->deps_changed) resolve(w, false); /* it includes other files now */
                if (watch_deps_moved(w)) first = last = due = now; /* ... saved before it was watched */
            } else {
                due = settle; /* or sooner, when the next write comes */
                first = now;
            }
        }
    }
}

int cli_watch(const cli_command *self, int argc, char **argv)
{
    watch w;
    memset(&w, 0, sizeof w);
    jmap_render_options_init(&w.opt, sizeof w.opt);
    w.ino = -1;
    w.wake[0] = w.wake[1] = -1;
    pthread_mutex_init(&w.lock, NULL);
    bool help = false;
    int rc = parse(&w, argc, argv, &help);
    if (help) {
        fputs(self->help, stdout);
        return EXIT_OK;
    }
    char *owned_output = NULL;
    if (!rc) rc = name_output(&w, &owned_output);
    struct stat st;
    if (!rc && stat(w.input, &st) != 0) {
        fprintf(stderr, "jmap: cannot read '%s': %s\n", w.input, strerror(errno));
        rc = EXIT_IO;
    } else if (!rc && !S_ISREG(st.st_mode)) {
        fprintf(stderr, "jmap: cannot read '%s': %s\n", w.input,
                watch_why_unreadable(S_ISDIR(st.st_mode) ? EISDIR : WATCH_NOT_REGULAR, st.st_mode));
        rc = EXIT_IO;
    }
    if (!rc) {
        w.ino = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
        if (w.ino < 0 || resolve(&w, false) || w.lost) {
            fprintf(stderr, "jmap: cannot watch '%s' for changes: %s\n", w.input, strerror(errno));
            rc = EXIT_IO;
        }
    }
    /* the signals that end the watch are taken by a thread of their own;
     * blocked here, before the server starts its threads, so that every
     * other thread inherits the mask */
    sigset_t stop, old;
    stop_signals(&stop);
    pthread_sigmask(SIG_BLOCK, &stop, &old);
    pthread_t sig_tid;
    bool sig_thread = false;
    if (!rc && pipe2(w.wake, O_CLOEXEC | O_NONBLOCK) != 0) {
        fprintf(stderr, "jmap: cannot wait for signals: %s\n", strerror(errno));
        rc = EXIT_IO;
    }
    if (!rc) {
        int e = pthread_create(&sig_tid, NULL, signal_thread, &w);
        sig_thread = e == 0;
        if (e) {
            fprintf(stderr, "jmap: cannot wait for signals: %s\n", strerror(e));
            rc = EXIT_IO;
        }
    }
    if (!rc) {
        w.r = jmap_renderer_new();
        if (!w.r) {
            fprintf(stderr, "jmap: out of memory\n");
            rc = EXIT_IO;
        }
    }
    char url[320];
    if (!rc && w.serve_spec) {
        char err[512];
        rc = serve_start(&w.srv, w.serve_spec, url, sizeof url, err, sizeof err);
        if (rc == EXIT_USAGE) cli_usage_error("watch", "%s", err);
        else if (rc) fputs(err, stderr);
    }
    if (!rc) {
        attempt(&w, true);
        if (w.deps_changed) resolve(&w, false);
        if (w.srv) {
            /* the address, on standard output: the one thing asked for */
            printf("%s\n", url);
            fflush(stdout);
        }
        if (!w.quiet)
            fprintf(stderr, "jmap: watching %s%s; Ctrl-C stops\n", w.input, w.srv ? ", serving the page above" : "");
        rc = loop(&w);
        if (!w.quiet) fprintf(stderr, "jmap: stopped watching %s\n", w.input);
    }
    if (sig_thread) {
        pthread_cancel(sig_tid); /* sigwait is a cancellation point */
        pthread_join(sig_tid, NULL);
    }
    serve_stop(w.srv);
    for (int i = 0; i < 2; i++)
        if (w.wake[i] >= 0) close(w.wake[i]);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (w.ino >= 0) close(w.ino);
    jmap_renderer_free(w.r);
    free_names(w.names, w.n_names);
    for (int i = 0; i < w.n_data_files; i++) free(w.data_files[i]);
    for (int i = 0; i < w.n_deps; i++) free(w.deps[i]);
    free(w.last);
    free(owned_output);
    pthread_mutex_destroy(&w.lock);
    return rc;
}
