/* Running out of memory inside GLib, Pango or fontconfig: exit 3 with a
 * message, never a signal (docs/memory.md).
 *
 * jmap's own allocations, libyaml's, cairo's and libpng's report failure and
 * end as exit 3 the ordinary way. GLib's g_malloc and g_thread_new cannot
 * fail: they call g_error, which logs the message and then stops the process
 * with SIGTRAP (status 133). The log comes first, so a handler of fatal GLib
 * messages can end the process itself: nothing can be resumed (GLib is in the
 * middle of a call that must not return), so it removes the build's named
 * temporaries, says what ran out and exits with 3. In a worker process (a
 * fork of the batch) the temporaries are the parent's: the worker only says
 * so and exits 3, and the parent fails that one map (batch.c). */
#include <dlfcn.h>
#include <glib.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "cli.h"
#include "io.h"
#include "oom.h"

static pid_t guard_pid; /* the process that installed the guard: not a worker */

static void say(const char *s) { (void)!write(STDERR_FILENO, s, strlen(s)); }

static void on_glib_log(const gchar *domain, GLogLevelFlags level, const gchar *message, gpointer data)
{
    if (!(level & (G_LOG_LEVEL_ERROR | G_LOG_FLAG_FATAL))) {
        g_log_default_handler(domain, level, message, data);
        return;
    }
    /* g_malloc: "failed to allocate N bytes"; g_thread_new: "creating thread ..." */
    bool memory = message && (strstr(message, "allocate") || strstr(message, "thread"));
    say(memory ? "jmap: out of memory (" : "jmap: fatal error in GLib (");
    say(message ? message : "no message");
    say(")\n");
    if (getpid() == guard_pid) cli_out_exit(EXIT_IO);
    _exit(EXIT_IO);
}

/* Touches `bytes` of stack below this frame, so that they are mapped before
 * any limit on the address space is reached: a stack that cannot grow is
 * SIGSEGV, with no message (the handler above runs on this stack too). */
static __attribute__((noinline)) void reserve_stack(size_t bytes)
{
    volatile char *p = __builtin_alloca(bytes);
    for (size_t i = 0; i < bytes; i += 4096) p[i] = 0;
}

bool cli_room_to_draw(size_t *left_mib)
{
    struct rlimit rl;
    if (getrlimit(RLIMIT_AS, &rl) != 0 || rl.rlim_cur == RLIM_INFINITY) return true;
    unsigned long pages = 0;
    FILE *f = fopen("/proc/self/statm", "re");
    if (!f) return true;
    int got = fscanf(f, "%lu", &pages);
    fclose(f);
    if (got != 1) return true;
    size_t used = (size_t)pages * (size_t)sysconf(_SC_PAGESIZE);
    size_t left = rl.rlim_cur > used ? (size_t)rl.rlim_cur - used : 0;
    *left_mib = left / (1024 * 1024);
    return *left_mib >= CLI_DRAW_MIN_MIB;
}

void cli_oom_guard(void)
{
    guard_pid = getpid();
    g_log_set_default_handler(on_glib_log, NULL);
    reserve_stack(1024 * 1024);
    /* glibc loads libgcc_s on the first pthread_cancel (the batch's signal
     * thread) and aborts when it cannot: loaded now, while memory is there */
    void *gcc_s = dlopen("libgcc_s.so.1", RTLD_NOW | RTLD_NODELETE);
    (void)gcc_s;
}
