/* jmap watch, inside: the state of a watch, shared by the loop (watch.c)
 * and the build it runs on each save (watch_build.c). */
#ifndef JMAP_CLI_WATCH_H
#define JMAP_CLI_WATCH_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "data_opt.h"
#include "serve.h"
#include "jmap/jmap.h"

/* A file name that starts a build, and the directory watch that sees it. */
typedef struct watched {
    char *dir, *base;
    int wd;
} watched;

/* Links followed from a name given to its file, each one's name watched. */
#define WATCH_HOPS 8
/* Data files of the journey's sources watched too (1.2): the first ones. */
#define WATCH_DATA 8
/* The files the input includes that are watched (1.2), at most. */
#define WATCH_DEPS 64
/* The input, the theme, the data files and the files included: each as
 * given, each link on the way, and the file reached. */
#define WATCH_NAMES ((2 + WATCH_DATA + WATCH_DEPS) * (WATCH_HOPS + 2))

/* A file that is not a regular file (a FIFO, a device): refused, never read. */
#define WATCH_NOT_REGULAR (-1)

typedef struct watch {
    const char *input, *output, *theme, *serve_spec;
    jmap_render_options opt;
    cli_data data;              /* --data */
    char *data_files[WATCH_DATA]; /* the data files the last build read, as it opened them */
    int n_data_files;
    bool data_files_changed;    /* ... and they are not those watched: resolve again */
    bool quiet, format_given;
    watched names[WATCH_NAMES]; /* resolved again on every event */
    int n_names;
    int ino;
    bool lost;                  /* a directory could not be watched: try again every REWATCH_MS */
    bool overflow;              /* the event queue overflowed: events were lost */
    jmap_renderer *r;
    serve *srv;
    char *last;                 /* the input and theme bytes of the last build reported */
    size_t last_len;
    bool reported;              /* whether `last` is valid */
    bool failing;               /* the last build reported failed */
    bool retry;                 /* ... for want of an output, not for its bytes: built again on a save */
    char *deps[WATCH_DEPS];     /* 1.2: the files the last build's input included (those not found too) */
    struct watch_sig {          /* ... each as it was just after that build read it */
        long long sec, nsec, size, ino;
        bool exists;
    } dep_sigs[WATCH_DEPS];
    int n_deps;
    bool deps_changed;          /* ... since their names were last watched */
    /* The signal thread and the loop: the loop is woken through wake[] to
     * stop, or, while it builds (which may never end on a hung file
     * system), the signal thread ends the process itself. */
    pthread_mutex_t lock;
    bool building, stopping;
    int wake[2];
} watch;

/* Why a file cannot be read, for "cannot read 'X': ...": e is an errno value or WATCH_NOT_REGULAR. */
const char *watch_why_unreadable(int e, mode_t mode);

/* Builds and reports (standard error, and the page when serving). With
 * final false, a failure is not reported (the file may be half-written) and
 * false is returned, for a later attempt. */
bool watch_attempt(watch *w, bool final);

/* Whether a file the last build included has changed since it was read
 * (1.2): a save made before its name was watched is built too. */
bool watch_deps_moved(const watch *w);

#endif
