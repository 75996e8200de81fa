/* jmap watch, inside: the state of a watch, shared by the loop (watch.c)
 * and the build it runs on each save (watch_build.c). */
#ifndef JMAP_CLI_WATCH_H
#define JMAP_CLI_WATCH_H

#include <stdbool.h>
#include <stddef.h>

#include "serve.h"
#include "jmap/jmap.h"

/* A file name that starts a build, and the directory watch that sees it. */
typedef struct watched {
    char *dir, *base;
    int wd;
} watched;

typedef struct watch {
    const char *input, *output, *theme, *serve_spec;
    jmap_render_options opt;
    bool quiet, format_given;
    watched names[4];           /* the input and the theme, as given and as resolved */
    int n_names;
    int ino;
    bool lost;                  /* a watched directory went away: try again every REWATCH_MS */
    jmap_renderer *r;
    serve *srv;
    char *last;                 /* the input and theme bytes of the last build reported */
    size_t last_len;
    bool reported;              /* whether `last` is valid */
    bool failing;               /* the last build reported failed */
} watch;

/* Builds and reports (standard error, and the page when serving). With
 * final false, a failure is not reported (the file may be half-written) and
 * false is returned, for a later attempt. */
bool watch_attempt(watch *w, bool final);

#endif
