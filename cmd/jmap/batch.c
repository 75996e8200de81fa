/* The batch: every output of a plan drawn, committed and reported.
 *
 * One output at a time is drawn in this process. Several at once are drawn
 * in worker processes, never threads: cairo 1.16's scaled fonts and the
 * FreeType faces behind them belong to the whole process, and two threads
 * drawing text at once crash in FreeType (docs/platform-notes.md). Workers are
 * forked once every input is loaded and planned, so each inherits the inputs'
 * bytes, loads again the one it draws (one at a time: build_render) and
 * starts its own fonts; the parent alone opens, names and removes files,
 * writes to the terminal and takes signals. A worker receives the descriptor
 * of an output's temporary file over a socket, draws into it and answers
 * with a status and a message; a worker that dies fails only the output it
 * was drawing, and another takes its place. */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "build.h"
#include "cli.h"
#include "io.h"

void build_log(build_job *jb, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    cli_buf_vprintf(&jb->log, fmt, ap);
    va_end(ap);
}

/* ---- reporting, in input order ---- */

typedef struct run {
    build_plan *pl;
    size_t printed;     /* jobs whose log is printed */
    size_t done;        /* jobs finished */
    cli_out *outs;      /* one per output */
} run;

static void flush_logs(run *rn)
{
    build_plan *pl = rn->pl;
    while (rn->printed < pl->n_jobs && pl->jobs[rn->printed].outputs_left == 0) {
        build_job *jb = &pl->jobs[rn->printed++];
        if (!jb->log.len) continue;
        if (pl->progress) fputs("\r\033[K", stderr);
        fwrite(jb->log.data, 1, jb->log.len, stderr);
        cli_buf_free(&jb->log);
    }
    if (pl->progress && rn->done < pl->n_jobs)
        fprintf(stderr, "\r\033[Kjmap: %zu of %zu maps", rn->done, pl->n_jobs);
    fflush(stderr);
}

static void raise_status(build_job *jb, int status)
{
    if (status > jb->status) jb->status = status;
}

static const char *shown(const char *path) { return strcmp(path, "-") == 0 ? "standard output" : path; }

static void open_error(build_job *jb, const char *path, int e)
{
    if (e == EBADF && strcmp(path, "-") == 0) build_log(jb, "jmap: cannot write to standard output: it is closed\n");
    else if (!cli_quiet_errno(e)) build_log(jb, "jmap: cannot write '%s': %s\n", shown(path), strerror(e));
    raise_status(jb, EXIT_IO);
}

/* Output k is drawn (status 0) or failed: name it or remove it, and report. */
static void finish(run *rn, size_t k, int status, const char *msg)
{
    build_plan *pl = rn->pl;
    build_output *o = &pl->outputs[k];
    build_job *jb = &pl->jobs[o->job];
    cli_out *out = &rn->outs[k];
    if (status == EXIT_OK) {
        int e = cli_out_commit(out);
        if (e) open_error(jb, o->path, e);
        else if (msg && *msg && !pl->quiet) build_log(jb, "%s", msg); /* a note: a PNG wrapped by itself */
    } else {
        cli_out_abort(out);
        if (msg && *msg) build_log(jb, "%s", msg);
        raise_status(jb, status);
    }
    if (--jb->outputs_left == 0) rn->done++;
    flush_logs(rn);
}

/* Opens output k; false (reported) when it cannot be. */
static bool start(run *rn, size_t k)
{
    build_output *o = &rn->pl->outputs[k];
    int e = cli_out_open(&rn->outs[k], o->path);
    if (!e) return true;
    open_error(&rn->pl->jobs[o->job], o->path, e);
    build_job *jb = &rn->pl->jobs[o->job];
    if (--jb->outputs_left == 0) rn->done++;
    flush_logs(rn);
    return false;
}

static void run_here(run *rn, size_t from)
{
    jmap_renderer *r = rn->pl->keep ? *rn->pl->keep : NULL;
    char msg[2048];
    for (size_t k = from; k < rn->pl->n_outputs; k++) {
        if (!start(rn, k)) continue;
        msg[0] = '\0';
        int status = build_render(rn->pl, k, &r, rn->outs[k].fd, msg, sizeof msg);
        finish(rn, k, status, msg);
    }
    build_drawn(rn->pl);
    if (rn->pl->keep) *rn->pl->keep = r;
    else jmap_renderer_free(r);
}

/* Interrupts are taken by one thread, with sigwait: it removes the named
 * temporaries and ends the process once no output is being named (the other
 * threads block the signals, so no handler ever runs in the middle of their
 * work). Workers die with the process. */
static void *signal_thread(void *arg)
{
    sigset_t *set = arg;
    int sig = 0;
    if (sigwait(set, &sig) == 0) cli_out_shutdown(sig);
    return NULL;
}

/* Draws outputs [from, n) here, a thread taking the signals of `stop`. */
static void run_here_guarded(run *rn, size_t from, sigset_t *stop)
{
    pthread_t sig_tid;
    bool sig_thread = pthread_create(&sig_tid, NULL, signal_thread, stop) == 0;
    run_here(rn, from);
    if (sig_thread) {
        pthread_cancel(sig_tid); /* sigwait is a cancellation point */
        pthread_join(sig_tid, NULL);
    }
}

/* ---- worker processes ---- */

typedef struct answer {
    uint32_t k;
    int32_t status;
    char msg[2048];
} answer;

typedef struct worker {
    pid_t pid;
    int sock;           /* -1: no worker in this slot */
    long k;             /* the output it draws; -1 when idle */
} worker;

static int send_job(int sock, uint32_t k, int fd)
{
    char ctl[CMSG_SPACE(sizeof(int))];
    memset(ctl, 0, sizeof ctl);
    struct iovec iov = {&k, sizeof k};
    struct msghdr m = {0};
    m.msg_iov = &iov;
    m.msg_iovlen = 1;
    m.msg_control = ctl;
    m.msg_controllen = sizeof ctl;
    struct cmsghdr *c = CMSG_FIRSTHDR(&m);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(c), &fd, sizeof fd);
    ssize_t w;
    do w = sendmsg(sock, &m, MSG_NOSIGNAL);
    while (w < 0 && errno == EINTR);
    return w == (ssize_t)sizeof k ? 0 : -1;
}

/* A job: output index and its descriptor; false at the end of the work. */
static bool receive_job(int sock, uint32_t *k, int *fd)
{
    char ctl[CMSG_SPACE(sizeof(int))];
    struct iovec iov = {k, sizeof *k};
    struct msghdr m = {0};
    m.msg_iov = &iov;
    m.msg_iovlen = 1;
    m.msg_control = ctl;
    m.msg_controllen = sizeof ctl;
    ssize_t r;
    do r = recvmsg(sock, &m, MSG_CMSG_CLOEXEC);
    while (r < 0 && errno == EINTR);
    if (r != (ssize_t)sizeof *k) return false;
    struct cmsghdr *c = CMSG_FIRSTHDR(&m);
    if (!c || c->cmsg_type != SCM_RIGHTS) return false;
    memcpy(fd, CMSG_DATA(c), sizeof *fd);
    return true;
}

static void worker_main(build_plan *pl, int sock, pid_t parent)
{
    /* the parent takes the signals; a worker dies with it */
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(0);
    sigset_t none;
    sigemptyset(&none);
    signal(SIGINT, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    signal(SIGHUP, SIG_DFL);
    pthread_sigmask(SIG_SETMASK, &none, NULL);
    /* nothing of the parent's stays open here but the socket and the standard descriptors */
    if (sock != 3) {
        dup2(sock, 3);
        sock = 3;
    }
    close_range(4, ~0u, 0);
    jmap_renderer *r = NULL;
    uint32_t k;
    int fd;
    static answer a;
    while (receive_job(sock, &k, &fd)) {
        memset(&a, 0, sizeof a);
        a.k = k;
        a.status = k < pl->n_outputs ? build_render(pl, k, &r, fd, a.msg, sizeof a.msg) : EXIT_IO;
        close(fd);
        size_t len = offsetof(answer, msg) + strlen(a.msg) + 1;
        if (send(sock, &a, len, MSG_NOSIGNAL) < 0) break;
    }
    build_drawn(pl);
    jmap_renderer_free(r);
    /* no exit handlers: the parent's buffers and temporaries are not ours */
    _exit(0);
}

static bool spawn(build_plan *pl, worker *w)
{
    int sv[2];
    w->sock = -1;
    w->k = -1;
    if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) != 0) return false;
    pid_t parent = getpid();
    fflush(stderr);
    pid_t pid = fork();
    if (pid < 0) {
        close(sv[0]);
        close(sv[1]);
        return false;
    }
    if (pid == 0) {
        close(sv[0]);
        worker_main(pl, sv[1], parent);
    }
    close(sv[1]);
    w->pid = pid;
    w->sock = sv[0];
    return true;
}

/* Gives idle worker w the next output; false when there is none left. */
static bool dispatch(run *rn, worker *w, size_t *next)
{
    while (*next < rn->pl->n_outputs) {
        size_t k = (*next)++;
        if (!start(rn, k)) continue;
        if (send_job(w->sock, (uint32_t)k, rn->outs[k].fd) != 0) {
            (*next)--; /* the worker is gone: its end is seen by poll, the output goes to another */
            cli_out_abort(&rn->outs[k]);
            return true;
        }
        w->k = (long)k;
        return true;
    }
    return false;
}

static void reap(run *rn, worker *w)
{
    close(w->sock);
    w->sock = -1;
    int st = 0;
    while (waitpid(w->pid, &st, 0) < 0 && errno == EINTR) {}
    if (w->k >= 0) {
        size_t k = (size_t)w->k;
        build_job *jb = &rn->pl->jobs[rn->pl->outputs[k].job];
        char msg[512];
        if (WIFSIGNALED(st))
            snprintf(msg, sizeof msg, "jmap: drawing '%s' stopped: its worker process was killed by signal %d (%s)\n",
                     jb->name, WTERMSIG(st), strsignal(WTERMSIG(st)));
        else
            snprintf(msg, sizeof msg, "jmap: drawing '%s' stopped: its worker process ended (status %d)\n", jb->name,
                     WIFEXITED(st) ? WEXITSTATUS(st) : -1);
        w->k = -1;
        finish(rn, k, EXIT_IO, msg);
    }
}

/* sigfd: the signals to end on, read here: no thread of this process may
 * run while it forks (a thread that holds a lock at that moment leaves it
 * held in the child for ever: AddressSanitizer's allocator did). */
static void run_workers(run *rn, int n, int sigfd, sigset_t *stop)
{
    worker *ws = calloc((size_t)n, sizeof *ws);
    struct pollfd *pfd = calloc((size_t)n + 1, sizeof *pfd);
    answer *a = malloc(sizeof *a);
    size_t next = 0;
    int live = 0;
    if (ws && pfd && a)
        for (int i = 0; i < n; i++) live += spawn(rn->pl, &ws[i]);
    for (int i = 0; i < n && ws; i++)
        if (ws[i].sock >= 0 && !dispatch(rn, &ws[i], &next)) break;
    int respawns = 0;
    for (;;) {
        int busy = 0;
        for (int i = 0; i < n && ws; i++) {
            pfd[i].fd = ws[i].k >= 0 ? ws[i].sock : -1;
            pfd[i].events = POLLIN;
            pfd[i].revents = 0;
            busy += ws[i].k >= 0;
        }
        if (!busy) break;
        pfd[n].fd = sigfd;
        pfd[n].events = POLLIN;
        pfd[n].revents = 0;
        if (poll(pfd, (nfds_t)n + 1, -1) < 0) {
            if (errno == EINTR) continue;
            break;
        }
        struct signalfd_siginfo si;
        if (pfd[n].revents && read(sigfd, &si, sizeof si) == (ssize_t)sizeof si)
            cli_out_shutdown((int)si.ssi_signo); /* workers die with this process */
        for (int i = 0; i < n; i++) {
            worker *w = &ws[i];
            if (pfd[i].fd < 0 || !pfd[i].revents) continue;
            ssize_t r = recv(w->sock, a, sizeof *a, 0);
            if (r > (ssize_t)offsetof(answer, msg) && w->k >= 0 && a->k == (uint32_t)w->k) {
                a->msg[sizeof a->msg - 1] = '\0';
                size_t k = (size_t)w->k;
                w->k = -1;
                finish(rn, k, a->status, a->msg);
                dispatch(rn, w, &next);
                continue;
            }
            if (r < 0 && errno == EINTR) continue;
            /* the worker died: its output fails, another worker takes the rest */
            reap(rn, w);
            live--;
            if (next < rn->pl->n_outputs && respawns < 2 * n && spawn(rn->pl, w)) {
                respawns++;
                live++;
                dispatch(rn, w, &next);
            }
        }
    }
    /* no worker could start, or all died: what is left is drawn here */
    if (next < rn->pl->n_outputs) run_here_guarded(rn, next, stop);
    for (int i = 0; ws && i < n; i++)
        if (ws[i].sock >= 0) {
            ws[i].k = -1;
            reap(rn, &ws[i]); /* the closed socket ends it */
        }
    (void)live;
    free(a);
    free(pfd);
    free(ws);
}

/* ---- the batch ---- */

void build_batch(build_plan *pl)
{
    run rn = {pl, 0, 0, calloc(pl->n_outputs ? pl->n_outputs : 1, sizeof(cli_out))};
    for (size_t i = 0; i < pl->n_jobs; i++)
        if (pl->jobs[i].outputs_left == 0) rn.done++;
    if (!rn.outs) {
        for (size_t k = 0; k < pl->n_outputs; k++) {
            build_job *jb = &pl->jobs[pl->outputs[k].job];
            raise_status(jb, EXIT_IO);
            jb->outputs_left = 0;
        }
        build_log(&pl->jobs[0], "jmap: out of memory\n");
        flush_logs(&rn);
        return;
    }
    for (size_t k = 0; k < pl->n_outputs; k++) rn.outs[k].fd = rn.outs[k].dirfd = -1;

    sigset_t stop, old_mask;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    sigaddset(&stop, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &stop, &old_mask); /* inherited by every thread made below */
    signal(SIGPIPE, SIG_IGN);
    flush_logs(&rn);
    int n = pl->workers;
    if ((size_t)n > pl->n_outputs) n = (int)pl->n_outputs;
    int sigfd = n > 1 ? signalfd(-1, &stop, SFD_CLOEXEC) : -1;
    if (sigfd >= 0) {
        run_workers(&rn, n, sigfd, &stop);
        close(sigfd);
    } else {
        run_here_guarded(&rn, 0, &stop);
    }
    pthread_sigmask(SIG_SETMASK, &old_mask, NULL);
    if (pl->progress) fputs("\r\033[K", stderr);
    flush_logs(&rn);
    free(rn.outs);
}
