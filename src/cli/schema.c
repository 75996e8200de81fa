/* jmap schema: print the JSON Schema of the journey format. */
#include <stdio.h>

#include "cli.h"

/* src/cli/schema.json, embedded at build time by cmake/embed.cmake. */
extern const char jmap_schema_json[];

int cli_schema(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (cli_is_help(argv[i])) {
            cli_help("schema", stdout);
            return EXIT_OK;
        }
    }
    if (argc > 1) {
        if (argv[1][0] == '-' && argv[1][1] != '\0') return cli_usage_error("schema", "unknown option '%s'", argv[1]);
        return cli_usage_error("schema", "'schema' takes no arguments, not '%s'", argv[1]);
    }
    /* a failed write is reported by main, as for every command */
    fputs(jmap_schema_json, stdout);
    return EXIT_OK;
}
