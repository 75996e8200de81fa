/* The command line's file handling: the standard descriptors, reading inputs,
 * writing outputs safely, and the temporaries an interrupt must remove. */
#ifndef JMAP_CLI_IO_H
#define JMAP_CLI_IO_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* Makes sure descriptors 0, 1 and 2 are open (on /dev/null when they were
 * closed), so that no file jmap opens later takes their place and receives
 * diagnostics or a map meant for them. Called first thing in main. Returns 0
 * or an errno value. */
int cli_std_guard(void);
/* Whether standard input / output was closed when jmap started. */
bool cli_stdin_closed(void);
bool cli_stdout_closed(void);
/* Flushes standard output and reports a failed write ("jmap: cannot write to
 * standard output: ..."; nothing for a broken pipe, whose reader is gone).
 * Returns the exit status: `status`, or EXIT_IO (3) when the write failed. */
int cli_finish_stdout(int status);
/* True for an errno of a pipe whose reader went away: reported quietly. */
bool cli_quiet_errno(int e);

/* Reads a whole file ("-" for standard input), at most `limit` bytes plus one.
 * Returns 0, or an errno value. *data is malloc'd. */
int cli_read_file(const char *path, size_t limit, char **data, size_t *len);

/* True when path names standard input itself: "-", /dev/stdin, /dev/fd/0,
 * /proc/self/fd/0. */
bool cli_names_stdin(const char *path);

/* An output being written. A regular file is written to a temporary beside it
 * (nameless with O_TMPFILE where the file system has it, else a short name
 * .jmap-XXXXXX) and renamed into place by cli_out_commit, or left untouched
 * when its bytes are already there. "-", /dev/stdout, /dev/fd/N and any path
 * that is not a regular file (a pipe, a terminal, a device, a symlink to one)
 * is written in place. */
typedef struct cli_out {
    const char *path;
    char *target;       /* the file replaced: path, or a symlink's final target */
    int dirfd;          /* the target's directory */
    const char *base;   /* the target's name in it */
    char tmp[16];       /* a named temporary's name in dirfd; "" when none */
    int fd;
    int err;            /* first errno seen while writing */
    bool in_place;      /* written directly: stdout, a device, a pipe */
    bool anonymous;     /* an O_TMPFILE file: no name until committed */
    bool unchanged;     /* set by commit: the bytes were already there */
    struct cli_out *prev, *next; /* the list of named temporaries */
} cli_out;

/* Opens the output; makes the parent directories of a new file. Returns 0 or
 * an errno value (EBADF: "-" while standard output was closed). */
int cli_out_open(cli_out *o, const char *path);
/* A jmap_write_fn over a cli_out, or over an int fd (cli_fd_write). */
int cli_out_write(void *ctx, const unsigned char *data, size_t len);
/* Writes all of data to fd; returns 0 or an errno value. */
int cli_write_all(int fd, const void *data, size_t len);
/* Gives the output its name (or keeps the old file when its bytes are the
 * same), closes it. Returns 0 or an errno value. */
int cli_out_commit(cli_out *o);
void cli_out_abort(cli_out *o);
/* Ends the process by signal `sig` once no output is being named, removing
 * the named temporaries of outputs still open. Not for signal handlers: call
 * it from a thread that waits for signals (sigwait). */
void cli_out_shutdown(int sig)
#if defined(__GNUC__)
    __attribute__((noreturn))
#endif
    ;

/* Ends the process with `status` once no output is being named, removing the
 * named temporaries of outputs still open (out of memory: oom.c). */
void cli_out_exit(int status)
#if defined(__GNUC__)
    __attribute__((noreturn))
#endif
    ;

/* Makes a directory and its parents. Returns 0 or an errno value. */
int cli_make_dirs(const char *dir);

/* True when two paths name the same existing file. */
bool cli_same_file(const char *a, const char *b);
/* True when path names the file open on descriptor fd. */
bool cli_is_open_file(const char *path, int fd);

#endif
