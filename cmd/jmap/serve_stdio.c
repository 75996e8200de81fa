/* jmap serve --stdio: `jmap build` run again and again in one process, on
 * requests read from standard input (the protocol: help_serve in
 * commands.c, docs/cli.md). Each build is the command line's own, with its
 * standard input, output and error put on memory files for the time of the
 * build and sent back whole; the renderer (fonts, Pango's font map and
 * caches) is kept from one build to the next. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "build.h"
#include "cli.h"

enum {
    SERVE_MAX_ARGS = 64,           /* arguments of one build */
    SERVE_MAX_ARG = 4096,          /* bytes of one argument */
};
#define SERVE_MAX_INPUT ((size_t)256 << 20) /* bytes of one request's standard input */

typedef struct request {
    int argc;
    char *argv[SERVE_MAX_ARGS + 2]; /* "build", the arguments, NULL */
    char *data;
    size_t len;
} request;

static void request_free(request *rq)
{
    for (int i = 1; i < rq->argc; i++) free(rq->argv[i]);
    free(rq->data);
    memset(rq, 0, sizeof *rq);
}

/* Reads one request: 1, 0 at the end of input, -1 (with a message) when it
 * cannot be read. */
static int read_request(FILE *in, request *rq, char *why, size_t whysize)
{
    char line[SERVE_MAX_ARG + 2];
    if (!fgets(line, sizeof line, in)) return 0;
    int n;
    unsigned long long len;
    char end;
    if (sscanf(line, "build %d %llu%c", &n, &len, &end) != 3 || end != '\n' || n < 0 || n > SERVE_MAX_ARGS ||
        len > SERVE_MAX_INPUT) {
        snprintf(why, whysize, "a request is a line 'build ARGC LENGTH' (at most %d arguments and %zu MiB)",
                 SERVE_MAX_ARGS, SERVE_MAX_INPUT >> 20);
        return -1;
    }
    static char name[] = "build";
    rq->argv[0] = name;
    rq->argc = 1;
    for (int i = 0; i < n; i++) {
        if (!fgets(line, sizeof line, in) || !strchr(line, '\n')) {
            snprintf(why, whysize, "argument %d of a request is missing, or longer than %d bytes", i + 1, SERVE_MAX_ARG);
            return -1;
        }
        *strchr(line, '\n') = '\0';
        if (!(rq->argv[rq->argc] = strdup(line))) {
            snprintf(why, whysize, "out of memory");
            return -1;
        }
        rq->argc++;
    }
    rq->argv[rq->argc] = NULL;
    rq->len = (size_t)len;
    rq->data = malloc(rq->len ? rq->len : 1);
    if (!rq->data) {
        snprintf(why, whysize, "out of memory");
        return -1;
    }
    if (fread(rq->data, 1, rq->len, in) != rq->len) {
        snprintf(why, whysize, "a request ended before its %zu bytes of input", rq->len);
        return -1;
    }
    return 1;
}

static int write_all(int fd, const void *p, size_t n)
{
    const char *c = p;
    while (n) {
        ssize_t w = write(fd, c, n);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) return -1;
        c += w, n -= (size_t)w;
    }
    return 0;
}

/* Sends fd's whole content to out. */
static int send_file(int out, int fd, size_t len)
{
    char buf[1 << 16];
    for (off_t at = 0; (size_t)at < len;) {
        ssize_t r = pread(fd, buf, sizeof buf, at);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0 || write_all(out, buf, (size_t)r)) return -1;
        at += r;
    }
    return 0;
}

/* Runs one build with descriptors 0, 1 and 2 on memory files and sends the
 * answer to out. -1: the answer could not be sent, or no memory file made. */
static int serve_one(const cli_command *build, request *rq, jmap_renderer **keep, int out, int saved1, int saved2)
{
    int fin = memfd_create("jmap-in", MFD_CLOEXEC), fout = memfd_create("jmap-out", MFD_CLOEXEC),
        ferr = memfd_create("jmap-err", MFD_CLOEXEC);
    int rc = -1;
    if (fin >= 0 && fout >= 0 && ferr >= 0 && write_all(fin, rq->data, rq->len) == 0 &&
        lseek(fin, 0, SEEK_SET) == 0) {
        fflush(stdout);
        fflush(stderr);
        dup2(fin, 0), dup2(fout, 1), dup2(ferr, 2);
        int status = cli_build_keeping(build, rq->argc, rq->argv, keep);
        fflush(stdout);
        fflush(stderr);
        clearerr(stdout);
        clearerr(stdin);
        dup2(saved1, 1), dup2(saved2, 2);
        off_t no = lseek(fout, 0, SEEK_END), ne = lseek(ferr, 0, SEEK_END);
        char head[96];
        int h = snprintf(head, sizeof head, "status %d %lld %lld\n", status, (long long)no, (long long)ne);
        if (no >= 0 && ne >= 0 && write_all(out, head, (size_t)h) == 0 && send_file(out, fout, (size_t)no) == 0 &&
            send_file(out, ferr, (size_t)ne) == 0)
            rc = 0;
    }
    if (fin >= 0) close(fin);
    if (fout >= 0) close(fout);
    if (ferr >= 0) close(ferr);
    return rc;
}

int cli_serve(const cli_command *self, int argc, char **argv)
{
    bool stdio = false;
    for (int i = 1; i < argc; i++) {
        if (cli_is_help(argv[i])) {
            fputs(self->help, stdout);
            return EXIT_OK;
        }
        if (strcmp(argv[i], "--stdio") == 0) stdio = true;
        else return cli_usage_error(self->name, "unknown option '%s'", argv[i]);
    }
    if (!stdio) return cli_usage_error(self->name, "give --stdio: requests on standard input, answers on standard output");
    /* the requests and answers keep descriptors of their own: each build
     * gets 0, 1 and 2 to itself */
    int in = fcntl(0, F_DUPFD_CLOEXEC, 3), out = fcntl(1, F_DUPFD_CLOEXEC, 3), saved2 = fcntl(2, F_DUPFD_CLOEXEC, 3);
    FILE *req = in >= 0 ? fdopen(in, "rb") : NULL;
    if (!req || out < 0 || saved2 < 0) {
        fprintf(stderr, "jmap serve: cannot set up its descriptors: %s\n", strerror(errno));
        return EXIT_IO;
    }
    const cli_command *build = cli_command_find("build");
    jmap_renderer *keep = NULL;
    int status = EXIT_OK;
    for (;;) {
        request rq = {0};
        char why[256];
        int got = read_request(req, &rq, why, sizeof why);
        if (got == 0) break;
        if (got < 0) {
            dprintf(saved2, "jmap serve: %s\n", why);
            status = EXIT_USAGE;
            request_free(&rq);
            break;
        }
        int sent = serve_one(build, &rq, &keep, out, out, saved2);
        request_free(&rq);
        if (sent) {
            status = EXIT_IO; /* the reader went away, or no memory file: quietly */
            break;
        }
    }
    jmap_renderer_free(keep);
    fclose(req);
    close(out);
    close(saved2);
    return status;
}
