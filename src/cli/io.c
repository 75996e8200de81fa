#define _GNU_SOURCE /* O_TMPFILE, linkat */
#include "io.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int cli_read_file(const char *path, size_t limit, char **data, size_t *len)
{
    int fd = strcmp(path, "-") == 0 ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return errno;
    struct stat st;
    if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
        if (fd != STDIN_FILENO) close(fd);
        return EISDIR;
    }
    size_t cap = 64 * 1024, n = 0;
    if (S_ISREG(st.st_mode) && st.st_size > 0) cap = (size_t)st.st_size + 1;
    if (cap > limit + 1) cap = limit + 1;
    char *buf = malloc(cap + 1);
    if (!buf) {
        if (fd != STDIN_FILENO) close(fd);
        return ENOMEM;
    }
    for (;;) {
        if (n == cap) {
            if (cap > limit) break; /* read limit+1 bytes: enough to know it is too big */
            size_t ncap = cap * 2 > limit + 1 ? limit + 1 : cap * 2;
            char *nb = realloc(buf, ncap + 1);
            if (!nb) { free(buf); if (fd != STDIN_FILENO) close(fd); return ENOMEM; }
            buf = nb;
            cap = ncap;
        }
        ssize_t r = read(fd, buf + n, cap - n);
        if (r < 0) {
            if (errno == EINTR) continue;
            int e = errno;
            free(buf);
            if (fd != STDIN_FILENO) close(fd);
            return e;
        }
        if (r == 0) break;
        n += (size_t)r;
    }
    if (fd != STDIN_FILENO) close(fd);
    buf[n] = '\0';
    *data = buf;
    *len = n;
    return 0;
}

/* Temporaries still open, for the signal handler. */
#define MAX_OPEN 64
static pthread_mutex_t open_lock = PTHREAD_MUTEX_INITIALIZER;
static char *volatile open_tmps[MAX_OPEN];

static void track(char *tmp, bool add)
{
    pthread_mutex_lock(&open_lock);
    for (int i = 0; i < MAX_OPEN; i++) {
        if (add && !open_tmps[i]) { open_tmps[i] = tmp; break; }
        if (!add && open_tmps[i] == tmp) { open_tmps[i] = NULL; break; }
    }
    pthread_mutex_unlock(&open_lock);
}

/* Held while a finished output gets its name: a shutdown waits for it, so it
 * never races a file into existence after removing the temporaries. */
static pthread_mutex_t commit_lock = PTHREAD_MUTEX_INITIALIZER;

void cli_out_shutdown(int sig)
{
    pthread_mutex_lock(&commit_lock);
    pthread_mutex_lock(&open_lock);
    for (int i = 0; i < MAX_OPEN; i++)
        if (open_tmps[i]) unlink(open_tmps[i]);
    /* die of the signal, as the caller (a shell, make) expects; the locks stay
     * held, so no output is named after this */
    signal(sig, SIG_DFL);
    sigset_t one;
    sigemptyset(&one);
    sigaddset(&one, sig);
    pthread_sigmask(SIG_UNBLOCK, &one, NULL);
    raise(sig);
    _exit(128 + sig);
}

/* dir/.base.tmp-XXXXXX beside path */
static char *temp_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    size_t dirlen = slash ? (size_t)(slash - path + 1) : 0;
    const char *base = slash ? slash + 1 : path;
    size_t need = dirlen + strlen(base) + 32;
    char *tmp = malloc(need);
    if (tmp) snprintf(tmp, need, "%.*s.%s.tmp-XXXXXX", (int)dirlen, path, base);
    return tmp;
}

int cli_out_open(cli_out *o, const char *path)
{
    memset(o, 0, sizeof *o);
    o->path = path;
    o->fd = -1;
    if (strcmp(path, "-") == 0) {
        o->to_stdout = true;
        o->fd = STDOUT_FILENO;
        return 0;
    }
    struct stat st;
    if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
        /* /dev/null, a pipe, a terminal: written in place, never replaced by a file */
        if (S_ISDIR(st.st_mode)) return EISDIR;
        o->fd = open(path, O_WRONLY | O_CLOEXEC | O_NOCTTY);
        if (o->fd < 0) return errno;
        o->in_place = true;
        return 0;
    }
    o->tmp = temp_name(path);
    if (!o->tmp) return ENOMEM;
#ifdef O_TMPFILE
    /* First choice: a file with no name until it is complete, so that even a
     * SIGKILL in the middle of writing leaves nothing behind. */
    const char *slash = strrchr(path, '/');
    char *dir = slash ? strndup(path, (size_t)(slash - path) + (slash == path)) : strdup(".");
    if (!dir) return ENOMEM;
    o->fd = open(dir, O_TMPFILE | O_WRONLY | O_CLOEXEC, 0666);
    free(dir);
    if (o->fd >= 0) {
        o->anonymous = true;
        return 0;
    }
#endif
    /* Otherwise a named temporary, removed on failure and on a signal. */
    o->fd = mkstemp(o->tmp);
    if (o->fd < 0) {
        int e = errno;
        free(o->tmp);
        o->tmp = NULL;
        return e;
    }
    /* mkstemp makes the file 0600; give the output the usual mode under the umask */
    mode_t mask = umask(0);
    umask(mask);
    fchmod(o->fd, 0666 & ~mask);
    track(o->tmp, true);
    return 0;
}

/* Gives the anonymous file its temporary name, just before the rename. A new
 * output is linked straight to its final name, with no temporary name at all
 * (*done is then set). */
static int name_anonymous(cli_out *o, bool *done)
{
    char proc[64];
    snprintf(proc, sizeof proc, "/proc/self/fd/%d", o->fd);
    if (linkat(AT_FDCWD, proc, AT_FDCWD, o->path, AT_SYMLINK_FOLLOW) == 0) {
        *done = true;
        return 0;
    }
    if (errno != EEXIST) return errno;
    size_t n = strlen(o->tmp);
    for (int attempt = 0; attempt < 100; attempt++) {
        /* fill the XXXXXX with something unlikely to exist */
        unsigned long r = (unsigned long)getpid() * 2654435761u + (unsigned long)attempt * 40503u +
                          (unsigned long)(uintptr_t)o;
        for (size_t i = n - 6; i < n; i++) {
            o->tmp[i] = "abcdefghijklmnopqrstuvwxyz0123456789"[r % 36];
            r /= 36;
        }
        track(o->tmp, true);
        if (linkat(AT_FDCWD, proc, AT_FDCWD, o->tmp, AT_SYMLINK_FOLLOW) == 0) return 0;
        track(o->tmp, false);
        if (errno != EEXIST) return errno;
    }
    return EEXIST;
}

int cli_out_write(void *ctx, const unsigned char *data, size_t len)
{
    cli_out *o = ctx;
    while (len && !o->err) {
        ssize_t w = write(o->fd, data, len);
        if (w < 0) {
            if (errno == EINTR) continue;
            o->err = errno;
            break;
        }
        data += w;
        len -= (size_t)w;
    }
    return o->err ? -1 : 0;
}

int cli_out_commit(cli_out *o)
{
    if (o->to_stdout) return o->err;
    if (o->in_place) {
        int e = o->err;
        if (close(o->fd) != 0 && !e) e = errno;
        o->fd = -1;
        return e;
    }
    int e = o->err;
    pthread_mutex_lock(&commit_lock);
    bool named = !o->anonymous, done = false;
    if (!e && o->anonymous) {
        e = name_anonymous(o, &done);
        named = e == 0 && !done;
    }
    if (close(o->fd) != 0 && !e) e = errno;
    o->fd = -1;
    if (!e && !done && rename(o->tmp, o->path) != 0) e = errno;
    if (e && named) unlink(o->tmp);
    track(o->tmp, false);
    pthread_mutex_unlock(&commit_lock);
    free(o->tmp);
    o->tmp = NULL;
    return e;
}

void cli_out_abort(cli_out *o)
{
    if (o->to_stdout) return;
    if (o->in_place) {
        close(o->fd);
        o->fd = -1;
        return;
    }
    if (o->fd >= 0) close(o->fd);
    o->fd = -1;
    if (o->tmp) {
        if (!o->anonymous) unlink(o->tmp);
        track(o->tmp, false);
        free(o->tmp);
        o->tmp = NULL;
    }
}

bool cli_same_file(const char *a, const char *b)
{
    struct stat sa, sb;
    if (stat(a, &sa) != 0 || stat(b, &sb) != 0) return false;
    return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}
