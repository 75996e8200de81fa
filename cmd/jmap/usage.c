/* The usage helpers every command shares. */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "usage.h"

int cli_usage_error(const char *command, const char *fmt, ...)
{
    va_list ap;
    fputs("jmap: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    if (command) fprintf(stderr, "\nUsage: see 'jmap help %s'\n", command);
    else fputs("\nUsage: jmap build|check|stats|diff|watch|import|init|serve|schema ... (see 'jmap --help')\n", stderr);
    return EXIT_USAGE;
}

bool cli_is_help(const char *arg) { return strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0; }
