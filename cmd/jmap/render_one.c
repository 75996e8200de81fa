/* jmap build: one output of the plan drawn into a descriptor, in this
 * process or in a worker process (batch.c). */
#include <string.h>
#include <stdio.h>

#include "build.h"
#include "cli.h"
#include "diagnostics.h"
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
    /* names as shown on a terminal: a file's name holds any byte */
    char shown[512], name[512];
    cli_shown(strcmp(o->path, "-") == 0 ? "standard output" : o->path, shown, sizeof shown);
    cli_shown(jb->name, name, sizeof name);
    if (!*r) *r = jmap_renderer_new();
    if (!*r) {
        snprintf(msg, msgsize, "jmap: cannot set up fonts and text shaping\n");
        return EXIT_IO;
    }
    fd_sink sink = {fd, 0};
    char err[1024];
    jmap_render_request req;
    jmap_render_request_init(&req, sizeof req);
    req.doc = jb->doc;
    req.first = o->first;
    req.count = o->count;
    req.options = &pl->opt;
    req.write = fd_write;
    req.write_ctx = &sink;
    jmap_result rc = jmap_render(*r, &req, err, sizeof err);
    if (rc == JMAP_OK) {
        if (err[0]) snprintf(msg, msgsize, "jmap: %s: %s\n", shown, err);
        return EXIT_OK;
    }
    if (sink.err) {
        if (cli_quiet_errno(sink.err)) msg[0] = '\0';
        else snprintf(msg, msgsize, "jmap: cannot write '%s': %s\n", shown, strerror(sink.err));
        return EXIT_IO;
    }
    snprintf(msg, msgsize, "%s: error: %s\n", name, err);
    return rc == JMAP_ERR_INPUT ? EXIT_INPUT : EXIT_IO; /* fonts, memory, a write: 3 */
}
