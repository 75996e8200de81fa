/* What every command does with its command line's mistakes and its -h. */
#ifndef JMAP_CLI_USAGE_H
#define JMAP_CLI_USAGE_H

#include <stdbool.h>

/* Prints "jmap: MESSAGE" and a usage hint for the command (NULL: jmap
 * itself); returns EXIT_USAGE. */
int cli_usage_error(const char *command, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* -h or --help */
bool cli_is_help(const char *arg);

#endif
