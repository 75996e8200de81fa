/* jmap build, inside: the plan that the command line makes (every input
 * loaded, every output named and checked before anything is written), and
 * the batch that draws it, in this process or in worker processes. */
#ifndef JMAP_CLI_BUILD_H
#define JMAP_CLI_BUILD_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "commands.h"
#include "data_opt.h"
#include "jmap/jmap.h"

typedef struct build_job {
    const char *input;          /* as given; "-" for standard input */
    const char *name;           /* for messages */
    char *out;                  /* its output; for several journeys, the name the numbers go into */
    jmap_doc *doc;              /* loaded; NULL when it could not be read, or while only its bytes are kept */
    char *data;                 /* its bytes, kept to load it again where it is drawn (build_job_doc) */
    size_t len;
    size_t n_journeys;          /* its journeys, counted when it was first loaded */
    int status;                 /* the worst exit status of this input so far */
    cli_buf log;                /* what to print on standard error, in input order */
    size_t outputs_left;        /* outputs not yet finished */
} build_job;

typedef struct build_output {
    size_t job;                 /* index of its input */
    size_t first, count;        /* the journeys it draws */
    char *path;                 /* "-" for standard output */
    const jmap_render_options *opt; /* how it is drawn; NULL: the plan's (jmap site: a page's own links) */
} build_output;

typedef struct build_plan {
    build_job *jobs;
    size_t n_jobs;
    build_output *outputs;
    size_t n_outputs;
    jmap_render_options opt;
    int workers;                /* -j */
    bool quiet, progress;
    const char *command;        /* "build", or "diff": jobs[0] is BEFORE, drawn in none of the outputs */
    bool diff;
    size_t drawing;             /* the job whose doc is loaded again to draw here; SIZE_MAX: none */
    jmap_renderer **keep;       /* jmap serve: the renderer kept from one build to the next (fonts set up once); NULL: none */
    cli_data data;              /* --data */
    const jmap_load_options *load; /* &data.load, set up */
} build_plan;

/* build with the renderer *keep (made on first use, kept for the next call):
 * jmap serve's builds set up fonts once (serve_stdio.c). */
int cli_build_keeping(const cli_command *self, int argc, char **argv, jmap_renderer **keep);

/* Appends to a job's log, printf-style. */
void build_log(build_job *jb, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* An input is never written to, and no two outputs share a file: checked
 * for every output, numbered ones included, before anything is written
 * (build_outputs.c). Returns 0, or the exit status of the message printed. */
int build_check_outputs(const build_plan *pl, const char *theme_file);

/* render_one.c: draws output k of the plan into fd with renderer *r (made on first use).
 * Returns an exit status (0, EXIT_INPUT, EXIT_IO) and, when not 0, a
 * message for standard error in msg. A batch holds one input loaded at a
 * time: once planned, an input keeps only its bytes, and is loaded again
 * where its outputs are drawn (in this process or a worker), the input
 * drawn before it freed; the outputs of one input come one after another. */
int build_render(build_plan *pl, size_t k, jmap_renderer **r, int fd, char *msg, size_t msgsize);
/* Frees the doc loaded again to draw here, if any. */
void build_drawn(build_plan *pl);

/* batch.c: draws every output of the plan, commits them, and prints the jobs' logs in
 * input order. Several outputs at once (pl->workers > 1) are drawn in worker
 * processes: cairo 1.16 and FreeType are not safe to share between threads
 * (docs/platform-notes.md). */
void build_batch(build_plan *pl);

#endif
