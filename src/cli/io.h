/* The command line's file handling: reading inputs, writing outputs safely. */
#ifndef JMAP_CLI_IO_H
#define JMAP_CLI_IO_H

#include <stdbool.h>
#include <stddef.h>

/* Reads a whole file ("-" for standard input), at most `limit` bytes plus one.
 * Returns 0, or an errno value. *data is malloc'd. */
int cli_read_file(const char *path, size_t limit, char **data, size_t *len);

/* An output being written: a temporary file beside the target (nameless with
 * O_TMPFILE where the file system has it), renamed into place by
 * cli_out_commit, removed by cli_out_abort. "-" writes to stdout. */
typedef struct cli_out {
    const char *path;
    char *tmp;
    int fd;
    int err;            /* first errno seen */
    bool to_stdout;
    bool anonymous;     /* an O_TMPFILE file: no name until committed */
    bool in_place;      /* a device or pipe: written directly */
} cli_out;

int cli_out_open(cli_out *o, const char *path);
int cli_out_write(void *ctx, const unsigned char *data, size_t len);
int cli_out_commit(cli_out *o);
void cli_out_abort(cli_out *o);
/* Ends the process by signal `sig` once no output is being named, removing
 * the temporaries of outputs still open. Not for signal handlers: call it
 * from a thread that waits for signals (sigwait). */
void cli_out_shutdown(int sig)
#if defined(__GNUC__)
    __attribute__((noreturn))
#endif
    ;

/* True when two paths name the same existing file. */
bool cli_same_file(const char *a, const char *b);

#endif
