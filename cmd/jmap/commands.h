/* The table of jmap's commands (commands.c): what main.c dispatches to and
 * what `jmap help` prints. */
#ifndef JMAP_CLI_COMMANDS_H
#define JMAP_CLI_COMMANDS_H

#include <stddef.h>
#include <stdio.h>

typedef struct cli_command cli_command;
struct cli_command {
    const char *name;
    /* runs the command: argv[0] is its name; self is its own entry */
    int (*run)(const cli_command *self, int argc, char **argv);
    const char *line;   /* its line in the overview (jmap --help) */
    const char *help;   /* jmap help NAME, jmap NAME --help */
};

extern const cli_command cli_commands[];
extern const size_t cli_command_count;

/* The command called name; NULL when there is none. */
const cli_command *cli_command_find(const char *name);
/* Prints the overview: every command's line, `help` and `--version`. */
void cli_overview(FILE *f);

#endif
