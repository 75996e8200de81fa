/* Loading one input of the command line: read, loaded, reported. */
#ifndef JMAP_CLI_INPUT_H
#define JMAP_CLI_INPUT_H

#include <stdbool.h>
#include <stdio.h>

#include "commands.h"
#include "jmap/jmap.h"

/* Where and how cli_load_input reports. */
typedef struct cli_load_how {
    FILE *out;          /* a read error and the diagnostics */
    int *json_first;    /* not NULL: they are JSON objects of an array being
                         * written on out (check --diagnostics json), and
                         * running out of memory is told on standard error */
    bool warnings;      /* print warnings too, not errors alone */
    bool oom_names;     /* "out of memory reading 'NAME'" rather than "out of memory" */
    char **keep;        /* not NULL: the input's bytes are handed over here (with *keep_len) rather than freed */
    size_t *keep_len;
    const jmap_load_options *load; /* where data files are read (--data); NULL: the defaults */
    bool details;       /* check each `detail` file too (check) */
    bool require_sources; /* check --require-sources (1.2): what cites no source is an error */
} cli_load_how;

/* Reads input ("-": standard input), loads it as name ("<stdin>" for "-"
 * when NULL) and prints what it says. Returns EXIT_OK, EXIT_INPUT (errors in
 * it: the doc is still given) or EXIT_IO (it could not be read, or memory
 * ran out, in reading or loading: no doc); the doc, or NULL, in *doc. */
int cli_load_input(const char *input, const char *name, const cli_load_how *how, jmap_doc **doc);

/* The inputs of a command that takes several (check, stats): every word of
 * its command line that is not an option, and every word after "--". */
typedef struct cli_inputs {
    const char **names;     /* as given; "-" for standard input */
    size_t n;
} cli_inputs;

/* A command's own option at argv[*i] (it may take argv[++*i]): 0, or a usage
 * error's status. */
typedef int cli_option_fn(void *ctx, int argc, char **argv, int *i);

enum { CLI_HELPED = -1 };

/* Reads the command line of a command that takes several inputs: the inputs
 * go to in, -h and --help print self's help, every other option goes to
 * `option`. Returns 0 (in to be freed with cli_inputs_free), CLI_HELPED (the
 * help is printed: exit 0), or the status to exit with: EXIT_USAGE (no
 * input, standard input named twice, an option's error) or EXIT_IO. */
int cli_inputs_parse(cli_inputs *in, const cli_command *self, int argc, char **argv, cli_option_fn *option,
                     void *ctx);
void cli_inputs_free(cli_inputs *in);

/* The name an input is reported by: "<stdin>" for "-". */
const char *cli_input_name(const char *input);

#endif
