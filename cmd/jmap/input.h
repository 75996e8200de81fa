/* Loading one input of the command line: read, loaded, reported. */
#ifndef JMAP_CLI_INPUT_H
#define JMAP_CLI_INPUT_H

#include <stdbool.h>
#include <stdio.h>

#include "jmap/jmap.h"

/* Where and how cli_load_input reports. */
typedef struct cli_load_how {
    FILE *out;          /* a read error and the diagnostics */
    int *json_first;    /* not NULL: they are JSON objects of an array being
                         * written on out (check --diagnostics json), and
                         * running out of memory is told on standard error */
    bool warnings;      /* print warnings too, not errors alone */
    bool oom_names;     /* "out of memory reading 'NAME'" rather than "out of memory" */
} cli_load_how;

/* Reads input ("-": standard input), loads it as name ("<stdin>" for "-"
 * when NULL) and prints what it says. Returns EXIT_OK, EXIT_INPUT (errors in
 * it: the doc is still given) or EXIT_IO (it could not be read, or memory
 * ran out: no doc); the doc, or NULL, in *doc. */
int cli_load_input(const char *input, const char *name, const cli_load_how *how, jmap_doc **doc);

/* The name an input is reported by: "<stdin>" for "-". */
const char *cli_input_name(const char *input);

#endif
