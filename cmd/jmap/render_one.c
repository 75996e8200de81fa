/* jmap build: one output of the plan drawn into a descriptor, in this
 * process or in a worker process (batch.c). */
#include <stdint.h>
#include <string.h>
#include <stdio.h>

#include "build.h"
#include "cli.h"
#include "diagnostics.h"
#include "io.h"
#include "oom.h"
#include "reader.h"

typedef struct fd_sink {
    int fd, err;
} fd_sink;

static int fd_write(void *ctx, const unsigned char *data, size_t len)
{
    fd_sink *s = ctx;
    if (!s->err) s->err = cli_write_all(s->fd, data, len);
    return s->err ? -1 : 0;
}

void build_drawn(build_plan *pl)
{
    if (pl->drawing >= pl->n_jobs) return;
    build_job *jb = &pl->jobs[pl->drawing];
    jmap_doc_free(jb->doc);
    jb->doc = NULL;
    pl->drawing = SIZE_MAX;
}

/* The doc of the job, loaded again from its bytes when it is not loaded:
 * the input drawn before is freed first. NULL when memory ran out. */
static const jmap_doc *job_doc(build_plan *pl, size_t job)
{
    build_job *jb = &pl->jobs[job];
    if (jb->doc || !jb->data) return jb->doc;
    build_drawn(pl);
    jb->doc = cli_load(jb->data, jb->len, jb->name, 0, pl->load);
    if (jb->doc && jmap_doc_journey_count(jb->doc) != jb->n_journeys) { /* out of memory on the way */
        jmap_doc_free(jb->doc);
        jb->doc = NULL;
    }
    if (jb->doc) pl->drawing = job;
    return jb->doc;
}

int build_render(build_plan *pl, size_t k, jmap_renderer **r, int fd, char *msg, size_t msgsize)
{
    const build_output *o = &pl->outputs[k];
    const build_job *jb = &pl->jobs[o->job];
    /* names as shown on a terminal: a file's name holds any byte */
    char shown[512], name[512];
    cli_shown(strcmp(o->path, "-") == 0 ? "standard output" : o->path, shown, sizeof shown);
    cli_shown(jb->name, name, sizeof name);
    const jmap_doc *doc = job_doc(pl, o->job);
    if (!doc) {
        snprintf(msg, msgsize, "jmap: out of memory loading '%s' to draw it\n", name);
        return EXIT_IO;
    }
    size_t left_mib = 0;
    if (!*r && !cli_room_to_draw(&left_mib)) {
        snprintf(msg, msgsize, "jmap: out of memory: the address-space limit (ulimit -v) leaves %zu MiB, and drawing "
                               "needs at least %d MiB\n", left_mib, CLI_DRAW_MIN_MIB);
        return EXIT_IO;
    }
    if (!*r) *r = jmap_renderer_new();
    if (!*r) {
        snprintf(msg, msgsize, "jmap: cannot set up fonts and text shaping\n");
        return EXIT_IO;
    }
    fd_sink sink = {fd, 0};
    char err[1024];
    jmap_render_request req;
    jmap_render_request_init(&req, sizeof req);
    req.doc = doc;
    req.first = o->first;
    req.count = o->count;
    req.options = o->opt ? o->opt : &pl->opt;
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
