#include <stdbool.h>
#include <stdio.h>
/* The jmap program: one function per command. */
#ifndef JMAP_CLI_H
#define JMAP_CLI_H

enum { EXIT_OK = 0, EXIT_INPUT = 1, EXIT_USAGE = 2, EXIT_IO = 3 };

int cli_check(int argc, char **argv);
int cli_build(int argc, char **argv);
int cli_init(int argc, char **argv);
int cli_schema(int argc, char **argv);
int cli_import(int argc, char **argv); /* import.c: a Mermaid journey as a journey file */
int cli_watch(int argc, char **argv);
int cli_stats(int argc, char **argv); /* stats.c */
int cli_diff(int argc, char **argv);  /* build.c: build's options, two inputs */
/* Prints the help of a command (NULL for the overview); false when there is no such command. */
int cli_help(const char *command, FILE *f);
/* Prints "jmap: MESSAGE" and a usage hint for the command; returns EXIT_USAGE. */
int cli_usage_error(const char *command, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
bool cli_is_help(const char *arg);

/* The starters of `jmap init`, one a built-in language (src/cli/starters/),
 * English first; the list ends with a NULL code. */
typedef struct cli_starter {
    const char *code;
    const char *text;
} cli_starter;
extern const cli_starter cli_starters[];

#endif
