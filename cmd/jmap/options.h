/* The drawing options that build, watch (and the commands that draw like
 * build) share, parsed in one place: -o X, -oX, --output X, --output=X... */
#ifndef JMAP_CLI_OPTIONS_H
#define JMAP_CLI_OPTIONS_H

#include <stdbool.h>

#include "data_opt.h"
#include "jmap/jmap.h"

typedef struct cli_draw_args {
    jmap_render_options opt;    /* format, persona, scale, svg_text, id_prefix, page, wrap */
    const char *output;         /* -o */
    const char *theme;          /* --theme, as given: a built-in name or a file */
    bool format_given;          /* -f */
    int workers;                /* -j (build); 0 when not given */
    const char *serve;          /* --serve (watch) */
    cli_data data;              /* --data ID=PATH, every command */
} cli_draw_args;

enum {
    CLI_TAKES_JOBS = 1,         /* -j N */
    CLI_TAKES_SERVE = 2,        /* --serve [HOST:]PORT */
};

/* Not one of the drawing options: the caller reports it. */
#define CLI_NOT_MINE (-1)

/* The option at argv[*i]: when it is a drawing option that `command` takes
 * (`takes`: CLI_TAKES_...), reads it and its value (moving *i past a value
 * given apart) and returns 0, or the usage error's exit status when its value
 * is bad or missing; CLI_NOT_MINE when it is no drawing option. */
/* True when name is one of the built-in themes. */
bool cli_builtin_theme(const char *name);

int cli_draw_option(const char *command, unsigned takes, int argc, char **argv, int *i, cli_draw_args *a);

/* The file extension of each format, in jmap_format order: svg, png, pdf, html. */
enum { CLI_FORMAT_COUNT = JMAP_HTML + 1 };
extern const char *const cli_format_ext[CLI_FORMAT_COUNT];
/* The format a path's extension names (case-insensitive); false for none. */
bool cli_format_from_ext(const char *path, jmap_format *f);

#endif
