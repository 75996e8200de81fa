#define _GNU_SOURCE /* O_TMPFILE, linkat, O_PATH */
#include "io.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

/* ---- the standard descriptors ---- */

static bool closed_at_start[3];

int cli_std_guard(void)
{
    for (int fd = 0; fd < 3; fd++) {
        if (fcntl(fd, F_GETFD) != -1 || errno != EBADF) continue;
        closed_at_start[fd] = true;
        /* opened the wrong way round, so that reading or writing it fails
         * (EBADF) as it would have on the closed descriptor */
        int n = open("/dev/null", fd == 0 ? O_WRONLY : O_RDONLY);
        if (n < 0) return errno;
        if (n != fd) { /* the lowest free descriptor is fd itself: this cannot happen */
            close(n);
            return EBADF;
        }
    }
    return 0;
}

bool cli_stdin_closed(void) { return closed_at_start[0]; }
bool cli_stdout_closed(void) { return closed_at_start[1]; }

bool cli_quiet_errno(int e) { return e == EPIPE; }

int cli_finish_stdout(int status)
{
    int e = 0;
    if (fflush(stdout) != 0 || ferror(stdout)) e = errno ? errno : EIO;
    if (!e) return status;
    if (!cli_quiet_errno(e))
        fprintf(stderr, "jmap: cannot write to standard output: %s\n",
                e == EBADF ? "it is closed" : strerror(e));
    return EXIT_IO;
}

/* ---- reading ---- */

int cli_read_file(const char *path, size_t limit, char **data, size_t *len)
{
    bool std_in = strcmp(path, "-") == 0;
    if (std_in && closed_at_start[0]) return EBADF;
    int fd = std_in ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return errno;
    struct stat st;
    if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
        if (!std_in) close(fd);
        return EISDIR;
    }
    size_t cap = 64 * 1024, n = 0;
    if (S_ISREG(st.st_mode) && st.st_size > 0) cap = (size_t)st.st_size + 1;
    if (cap > limit + 1) cap = limit + 1;
    char *buf = malloc(cap + 1);
    if (!buf) {
        if (!std_in) close(fd);
        return ENOMEM;
    }
    for (;;) {
        if (n == cap) {
            if (cap > limit) break; /* read limit+1 bytes: enough to know it is too big */
            size_t ncap = cap * 2 > limit + 1 ? limit + 1 : cap * 2;
            char *nb = realloc(buf, ncap + 1);
            if (!nb) { free(buf); if (!std_in) close(fd); return ENOMEM; }
            buf = nb;
            cap = ncap;
        }
        ssize_t r = read(fd, buf + n, cap - n);
        if (r < 0) {
            if (errno == EINTR) continue;
            int e = errno;
            free(buf);
            if (!std_in) close(fd);
            return e;
        }
        if (r == 0) break;
        n += (size_t)r;
    }
    if (!std_in) close(fd);
    buf[n] = '\0';
    *data = buf;
    *len = n;
    return 0;
}

/* The descriptor a path names by number: /dev/stdout, /dev/fd/1,
 * /proc/self/fd/1 ...; -1 for any other path. */
static int fd_path(const char *path)
{
    static const char *const named[] = {"/dev/stdin", "/dev/stdout", "/dev/stderr"};
    for (int i = 0; i < 3; i++)
        if (strcmp(path, named[i]) == 0) return i;
    const char *digits = NULL;
    if (strncmp(path, "/dev/fd/", 8) == 0) digits = path + 8;
    else if (strncmp(path, "/proc/self/fd/", 14) == 0) digits = path + 14;
    if (!digits || !*digits) return -1;
    long n = 0;
    for (const char *p = digits; *p; p++) {
        if (*p < '0' || *p > '9' || n > INT_MAX / 10) return -1;
        n = n * 10 + (*p - '0');
    }
    return (int)n;
}

bool cli_names_stdin(const char *path) { return strcmp(path, "-") == 0 || fd_path(path) == 0; }

/* ---- writing ---- */

/* Named temporaries still on disk, for an interrupt to remove. */
static pthread_mutex_t list_lock = PTHREAD_MUTEX_INITIALIZER;
static cli_out *named_head;

static void track_locked(cli_out *o, bool add)
{
    if (add) {
        o->prev = NULL;
        o->next = named_head;
        if (named_head) named_head->prev = o;
        named_head = o;
    } else {
        if (o->prev) o->prev->next = o->next;
        else if (named_head == o) named_head = o->next;
        if (o->next) o->next->prev = o->prev;
        o->prev = o->next = NULL;
    }
}

static void track(cli_out *o, bool add)
{
    pthread_mutex_lock(&list_lock);
    track_locked(o, add);
    pthread_mutex_unlock(&list_lock);
}

/* Held while a finished output gets its name: a shutdown waits for it, so it
 * never races a file into existence after removing the temporaries. */
static pthread_mutex_t commit_lock = PTHREAD_MUTEX_INITIALIZER;

static void remove_temporaries(void)
{
    pthread_mutex_lock(&commit_lock);
    pthread_mutex_lock(&list_lock);
    for (cli_out *o = named_head; o; o = o->next)
        if (o->tmp[0]) unlinkat(o->dirfd, o->tmp, 0);
}

void cli_out_exit(int status)
{
    remove_temporaries(); /* the locks stay held: no output is named after this */
    _exit(status);
}

void cli_out_shutdown(int sig)
{
    remove_temporaries();
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

int cli_make_dirs(const char *dir)
{
    char *tmp = strdup(dir);
    if (!tmp) return ENOMEM;
    size_t n = strlen(tmp);
    int e = 0;
    for (size_t i = 1; i <= n && !e; i++) {
        if (tmp[i] != '/' && tmp[i] != '\0') continue;
        char c = tmp[i];
        tmp[i] = '\0';
        if (mkdir(tmp, 0777) != 0 && errno != EEXIST) e = errno;
        tmp[i] = c;
    }
    free(tmp);
    if (e) return e;
    struct stat st;
    if (stat(dir, &st) != 0) return errno;
    return S_ISDIR(st.st_mode) ? 0 : ENOTDIR;
}

/* A fresh name .jmap-XXXXXX: short whatever the output's name, so a valid
 * output name never makes a temporary name too long. */
static void temp_name(char out[16])
{
    static const char letters[] = "abcdefghijklmnopqrstuvwxyz0123456789";
    unsigned char r[6] = {0};
    if (getrandom(r, sizeof r, GRND_NONBLOCK) != (ssize_t)sizeof r) {
        uintptr_t x = (uintptr_t)out ^ ((uintptr_t)getpid() << 16) ^ (uintptr_t)clock();
        for (int i = 0; i < 6; i++) r[i] = (unsigned char)(x >> (i * 5));
    }
    memcpy(out, ".jmap-", 6);
    for (int i = 0; i < 6; i++) out[6 + i] = letters[r[i] % 36];
    out[12] = '\0';
}

static int open_in_place(cli_out *o, int fd)
{
    o->in_place = true;
    o->fd = fd;
    return fd < 0 ? errno : 0;
}

int cli_out_open(cli_out *o, const char *path)
{
    memset(o, 0, sizeof *o);
    o->path = path;
    o->fd = -1;
    o->dirfd = -1;
    if (strcmp(path, "-") == 0) {
        if (closed_at_start[1]) return EBADF;
        return open_in_place(o, dup(STDOUT_FILENO));
    }
    int n = fd_path(path);
    if (n >= 0) { /* /dev/stdout and friends: the descriptor itself, at its offset */
        if (n < 3 && closed_at_start[n]) return EBADF;
        return open_in_place(o, fcntl(n, F_DUPFD_CLOEXEC, 3));
    }
    struct stat st, lst;
    bool exists = stat(path, &st) == 0;
    if (exists && !S_ISREG(st.st_mode)) {
        /* /dev/null, a pipe, a terminal, a symlink to one: written in place */
        if (S_ISDIR(st.st_mode)) return EISDIR;
        return open_in_place(o, open(path, O_WRONLY | O_CLOEXEC | O_NOCTTY));
    }
    /* a symlink to a regular file: the file it names is replaced, the link stays */
    if (exists && lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode)) o->target = realpath(path, NULL);
    else o->target = strdup(path);
    if (!o->target) return errno ? errno : ENOMEM;
    char *slash = strrchr(o->target, '/');
    o->base = slash ? slash + 1 : o->target;
    if (!*o->base) { cli_out_abort(o); return EISDIR; }
    if (slash) {
        *slash = '\0';
        const char *dir = slash == o->target ? "/" : o->target;
        if (!exists) {
            int e = cli_make_dirs(dir);
            if (e) { *slash = '/'; cli_out_abort(o); return e; }
        }
        o->dirfd = open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
        *slash = '/';
    } else {
        o->dirfd = open(".", O_PATH | O_DIRECTORY | O_CLOEXEC);
    }
    if (o->dirfd < 0) { int e = errno; cli_out_abort(o); return e; }
#ifdef O_TMPFILE
    /* First choice: a file with no name until it is complete, so that even a
     * SIGKILL in the middle of writing leaves nothing behind. */
    o->fd = openat(o->dirfd, ".", O_TMPFILE | O_RDWR | O_CLOEXEC, 0666);
    if (o->fd >= 0) {
        o->anonymous = true;
        return 0;
    }
#endif
    /* Otherwise a named temporary, removed on failure and on a signal: made
     * under the list's lock, so that an interrupt never removes the list's
     * names just before this one comes into being */
    pthread_mutex_lock(&list_lock);
    track_locked(o, true);
    for (int attempt = 0; attempt < 100 && o->fd < 0; attempt++) {
        temp_name(o->tmp);
        o->fd = openat(o->dirfd, o->tmp, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (o->fd < 0 && errno != EEXIST) break;
    }
    int e = o->fd < 0 ? errno : 0;
    if (e) {
        o->tmp[0] = '\0';
        track_locked(o, false);
    }
    pthread_mutex_unlock(&list_lock);
    if (e) cli_out_abort(o);
    return e;
}

int cli_write_all(int fd, const void *data, size_t len)
{
    const unsigned char *p = data;
    while (len) {
        ssize_t w = write(fd, p, len);
        if (w < 0) {
            if (errno == EINTR) continue;
            return errno;
        }
        p += w;
        len -= (size_t)w;
    }
    return 0;
}

int cli_out_write(void *ctx, const unsigned char *data, size_t len)
{
    cli_out *o = ctx;
    if (!o->err) o->err = cli_write_all(o->fd, data, len);
    return o->err ? -1 : 0;
}

/* True when the file `base` in dirfd holds exactly the bytes of fd. */
static bool same_bytes(cli_out *o)
{
    struct stat a, b;
    if (fstat(o->fd, &a) != 0 || fstatat(o->dirfd, o->base, &b, 0) != 0) return false;
    if (!S_ISREG(b.st_mode) || a.st_size != b.st_size) return false;
    int old = openat(o->dirfd, o->base, O_RDONLY | O_CLOEXEC);
    if (old < 0) return false;
    bool same = true;
    char x[65536], y[65536];
    for (off_t off = 0; same && off < a.st_size;) {
        ssize_t r = pread(o->fd, x, sizeof x, off);
        if (r <= 0 || pread(old, y, (size_t)r, off) != r || memcmp(x, y, (size_t)r) != 0) same = false;
        else off += r;
    }
    close(old);
    return same;
}

/* Gives the anonymous file its name. A new output is linked straight to its
 * final name (*done is set); an existing one gets a temporary name first, for
 * the rename that replaces the old file in one step. */
static int name_anonymous(cli_out *o, bool *done)
{
    char proc[64];
    snprintf(proc, sizeof proc, "/proc/self/fd/%d", o->fd);
    if (linkat(AT_FDCWD, proc, o->dirfd, o->base, AT_SYMLINK_FOLLOW) == 0) {
        *done = true;
        return 0;
    }
    if (errno != EEXIST) return errno;
    track(o, true); /* under the commit lock: no interrupt meanwhile */
    for (int attempt = 0; attempt < 100; attempt++) {
        temp_name(o->tmp);
        if (linkat(AT_FDCWD, proc, o->dirfd, o->tmp, AT_SYMLINK_FOLLOW) == 0) return 0;
        if (errno != EEXIST) break;
    }
    int e = errno;
    o->tmp[0] = '\0';
    track(o, false);
    return e;
}

int cli_out_commit(cli_out *o)
{
    if (o->in_place) {
        int e = o->err;
        if (close(o->fd) != 0 && !e && errno != EINTR) e = errno;
        o->fd = -1;
        return e;
    }
    int e = o->err;
    pthread_mutex_lock(&commit_lock);
    if (!e && same_bytes(o)) { /* make, watchers and servers see no change */
        o->unchanged = true;
        pthread_mutex_unlock(&commit_lock);
        cli_out_abort(o);
        return 0;
    }
    bool done = false;
    if (!e && o->anonymous) e = name_anonymous(o, &done);
    if (close(o->fd) != 0 && !e && errno != EINTR) e = errno;
    o->fd = -1;
    if (!e && !done && renameat(o->dirfd, o->tmp, o->dirfd, o->base) != 0) e = errno;
    if (o->tmp[0]) {
        if (e) unlinkat(o->dirfd, o->tmp, 0);
        o->tmp[0] = '\0';
        track(o, false);
    }
    pthread_mutex_unlock(&commit_lock);
    cli_out_abort(o);
    return e;
}

void cli_out_abort(cli_out *o)
{
    if (o->fd >= 0) close(o->fd);
    o->fd = -1;
    if (o->tmp[0]) {
        unlinkat(o->dirfd, o->tmp, 0);
        o->tmp[0] = '\0';
        track(o, false);
    }
    if (o->dirfd >= 0) close(o->dirfd);
    o->dirfd = -1;
    free(o->target);
    o->target = NULL;
}

bool cli_same_file(const char *a, const char *b)
{
    struct stat sa, sb;
    if (stat(a, &sa) != 0 || stat(b, &sb) != 0) return false;
    return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

bool cli_is_open_file(const char *path, int fd)
{
    struct stat sa, sb;
    if (stat(path, &sa) != 0 || fstat(fd, &sb) != 0) return false;
    return S_ISREG(sa.st_mode) && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}
