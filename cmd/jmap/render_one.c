/* jmap build: one output of the plan drawn into a descriptor, in this
 * process or in a worker process (batch.c). */
#include <string.h>
#include <stdio.h>

#include "build.h"
#include "cli.h"
#include "io.h"

typedef struct fd_sink {
    int fd, err;
} fd_sink;

static int fd_write(void *ctx, const unsigned char *data, size_t len)
{
    fd_sink *s = ctx;
    if (!s->err) s->err = cli_write_all(s->fd, data, len);
    return s->err ? -1 : 0;
}

int build_render(const build_plan *pl, size_t k, jmap_renderer **r, int fd, char *msg, size_t msgsize)
{
    const build_output *o = &pl->outputs[k];
    const build_job *jb = &pl->jobs[o->job];
    const char *shown = strcmp(o->path, "-") == 0 ? "standard output" : o->path;
    if (!*r) *r = jmap_renderer_new();
    if (!*r) {
        snprintf(msg, msgsize, "jmap: cannot set up fonts and text shaping\n");
        return EXIT_IO;
    }
    fd_sink sink = {fd, 0};
    char err[1024];
    jmap_result rc = jmap_render(*r, jb->doc, o->first, o->count, &pl->opt, fd_write, &sink, err, sizeof err);
    if (rc == JMAP_OK) {
        if (err[0]) snprintf(msg, msgsize, "jmap: %s: %s\n", shown, err);
        return EXIT_OK;
    }
    if (sink.err) {
        if (cli_quiet_errno(sink.err)) msg[0] = '\0';
        else snprintf(msg, msgsize, "jmap: cannot write '%s': %s\n", shown, strerror(sink.err));
        return EXIT_IO;
    }
    snprintf(msg, msgsize, "%s: error: %s\n", jb->name, err);
    return rc == JMAP_ERR_INPUT ? EXIT_INPUT : EXIT_IO; /* fonts, memory, a write: 3 */
}
