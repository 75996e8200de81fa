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
 * Everything is drawn in this thread, with one renderer; the server's
 * threads only copy what it publishes. Signals (SIGINT, SIGTERM, SIGHUP) are
 * read from a signalfd in the same poll, between builds, so an output is
 * never left half-named, and they end the watch with status 0. */
#define _GNU_SOURCE
#include <errno.h>
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
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "diagnostics.h"
#include "io.h"
#include "options.h"
#include "model/words.h"
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
    if (w->n_names == 4) return 0;
    const char *slash = strrchr(path, '/');
    watched *n = &w->names[w->n_names];
    n->dir = slash ? strndup(path, slash == path ? 1 : (size_t)(slash - path)) : strdup(".");
    n->base = strdup(slash ? slash + 1 : path);
    n->wd = -1;
    if (!n->dir || !n->base) return ENOMEM;
    w->n_names++;
    return 0;
}

/* The file as given and, when it is a symlink or reached through one, the
 * file it resolves to: an edit of either starts a build. */
static int add_file(watch *w, const char *path)
{
    int e = add_name(w, path);
    char *real = realpath(path, NULL);
    if (!e && real) {
        char *given_dir = realpath(w->names[w->n_names - 1].dir, NULL);
        const char *rs = strrchr(real, '/');
        bool same = given_dir && strlen(given_dir) == (size_t)(rs - real) &&
                    strncmp(given_dir, real, (size_t)(rs - real)) == 0 &&
                    strcmp(rs + 1, w->names[w->n_names - 1].base) == 0;
        if (!same) e = add_name(w, real);
        free(given_dir);
    }
    free(real);
    return e;
}

/* (Re)adds the directory watches; true when every one is in place. */
static bool add_watches(watch *w)
{
    const uint32_t mask = IN_CLOSE_WRITE | IN_MODIFY | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE | IN_DELETE |
                          IN_ATTRIB | IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR;
    bool all = true;
    for (int i = 0; i < w->n_names; i++) {
        watched *n = &w->names[i];
        if (n->wd >= 0) continue;
        n->wd = inotify_add_watch(w->ino, n->dir, mask);
        if (n->wd < 0) all = false;
    }
    return all;
}

/* Reads the pending events. Returns whether one concerns a watched name;
 * *open_write tells whether the last write seen is still open. */
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
            for (int i = 0; i < w->n_names; i++) {
                watched *n = &w->names[i];
                if (ev->wd != n->wd) continue;
                if (ev->mask & (IN_IGNORED | IN_DELETE_SELF | IN_MOVE_SELF)) {
                    /* the directory itself went away or moved: watch it again when it is back */
                    if (ev->mask & IN_IGNORED) n->wd = -1;
                    else inotify_rm_watch(w->ino, n->wd), n->wd = -1;
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
    /* the same directory may be watched under two names: one wd, any name can be lost */
    if (w->lost)
        for (int i = 0; i < w->n_names; i++) w->names[i].wd = -1;
    return hit;
}

/* ---- the command line ---- */

static bool builtin_theme(const char *t)
{
    for (int i = 0; i < JM_THEME_COUNT; i++)
        if (strcmp(t, jm_theme_names[i]) == 0) return true;
    return false;
}

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
    w->output = args.output;
    w->theme = args.theme;
    w->format_given = args.format_given;
    w->serve_spec = args.serve;
    if (!w->input) return cli_usage_error("watch", "no input file given");
    if (cli_names_stdin(w->input)) return cli_usage_error("watch", "watch needs a file, not standard input");
    if (w->theme && cli_names_stdin(w->theme))
        return cli_usage_error("watch", "--theme needs a name or a file, not standard input");
    if (w->theme && builtin_theme(w->theme)) {
        w->opt.theme = w->theme;
        w->theme = NULL;
    } else if (w->theme && !strchr(w->theme, '/') && !strchr(w->theme, '.') && access(w->theme, F_OK) != 0) {
        char names[128];
        jm_words_join(names, sizeof names, jm_theme_names, JM_THEME_COUNT, "or");
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

/* ---- the loop ---- */

static int loop(watch *w, int sfd)
{
    long long first = 0, last = 0, due = -1, rewatch = -1;
    bool open_write = false;
    for (;;) {
        long long now = now_ms();
        if (w->lost && rewatch < 0) rewatch = now + REWATCH_MS;
        long long next = due;
        if (rewatch >= 0 && (next < 0 || rewatch < next)) next = rewatch;
        int timeout = next < 0 ? -1 : next <= now ? 0 : (int)(next - now);
        struct pollfd fds[2] = {{sfd, POLLIN, 0}, {w->ino, POLLIN, 0}};
        int n = poll(fds, 2, timeout);
        if (n < 0 && errno != EINTR) return EXIT_IO;
        if (n > 0 && fds[0].revents) {
            struct signalfd_siginfo si;
            if (read(sfd, &si, sizeof si) == (ssize_t)sizeof si) return EXIT_OK;
        }
        now = now_ms();
        if (n > 0 && fds[1].revents && read_events(w, &open_write)) {
            if (due < 0) first = now;
            last = now;
            due = last + DEBOUNCE_MS < first + MAXWAIT_MS ? last + DEBOUNCE_MS : first + MAXWAIT_MS;
        }
        if (rewatch >= 0 && now >= rewatch) {
            rewatch = -1;
            if (add_watches(w)) {
                w->lost = false;
                if (due < 0) first = last = now, due = now; /* it may have changed while unwatched */
            }
        }
        if (due >= 0 && now >= due) {
            long long settle = last + (open_write ? SETTLE_OPEN_MS : SETTLE_MS);
            if (watch_attempt(w, now >= settle)) {
                due = -1;
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
    w.opt.scale = 1;
    w.ino = -1;
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
    } else if (!rc && S_ISDIR(st.st_mode)) {
        fprintf(stderr, "jmap: cannot read '%s': %s\n", w.input, strerror(EISDIR));
        rc = EXIT_IO;
    }
    if (!rc && (add_file(&w, w.input) || (w.theme && add_file(&w, w.theme)))) {
        fprintf(stderr, "jmap: out of memory\n");
        rc = EXIT_IO;
    }
    if (!rc) {
        w.ino = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
        if (w.ino < 0 || !add_watches(&w)) {
            fprintf(stderr, "jmap: cannot watch '%s' for changes: %s\n", w.input, strerror(errno));
            rc = EXIT_IO;
        }
    }
    /* the signals that end the watch are read in the loop; blocked before the
     * server starts its threads, so that they inherit the mask */
    sigset_t stop, old;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    sigaddset(&stop, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &stop, &old);
    int sfd = rc ? -1 : signalfd(-1, &stop, SFD_CLOEXEC | SFD_NONBLOCK);
    if (!rc && sfd < 0) {
        fprintf(stderr, "jmap: cannot wait for signals: %s\n", strerror(errno));
        rc = EXIT_IO;
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
        watch_attempt(&w, true);
        if (w.srv) {
            /* the address, on standard output: the one thing asked for */
            printf("%s\n", url);
            fflush(stdout);
        }
        if (!w.quiet)
            fprintf(stderr, "jmap: watching %s%s; Ctrl-C stops\n", w.input, w.srv ? ", serving the page above" : "");
        rc = loop(&w, sfd);
        if (!w.quiet) fprintf(stderr, "jmap: stopped watching %s\n", w.input);
    }
    serve_stop(w.srv);
    if (sfd >= 0) close(sfd);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (w.ino >= 0) close(w.ino);
    jmap_renderer_free(w.r);
    for (int i = 0; i < w.n_names; i++) {
        free(w.names[i].dir);
        free(w.names[i].base);
    }
    free(w.last);
    free(owned_output);
    return rc;
}
