#include <stdbool.h>
#include <stdio.h>
/* The jmap program: one function per command. */
#ifndef JMAP_CLI_H
#define JMAP_CLI_H

#include "commands.h"
#include "usage.h"

enum { EXIT_OK = 0, EXIT_INPUT = 1, EXIT_USAGE = 2, EXIT_IO = 3 };

/* Each command's function (commands.c holds the table): self is the
 * command's own entry, its name and help. */
int cli_check(const cli_command *self, int argc, char **argv);
int cli_build(const cli_command *self, int argc, char **argv);
int cli_init(const cli_command *self, int argc, char **argv);
int cli_schema(const cli_command *self, int argc, char **argv);
int cli_import(const cli_command *self, int argc, char **argv); /* import.c: a Mermaid journey as a journey file */
int cli_watch(const cli_command *self, int argc, char **argv);
int cli_stats(const cli_command *self, int argc, char **argv); /* stats.c */
int cli_diff(const cli_command *self, int argc, char **argv);  /* build.c: build's options, two inputs */
int cli_completion(const cli_command *self, int argc, char **argv); /* complete.c: also `__complete` */
int cli_serve(const cli_command *self, int argc, char **argv); /* serve_stdio.c: builds asked for on standard input */
int cli_site(const cli_command *self, int argc, char **argv);  /* site.c: a static site of many maps */

/* The starters of `jmap init`, one a built-in language (src/cli/starters/),
 * English first; the list ends with a NULL code. */
typedef struct cli_starter {
    const char *code;
    const char *text;
} cli_starter;
extern const cli_starter cli_starters[];

#endif
