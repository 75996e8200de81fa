/* jmap check: load and validate, draw nothing. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


#include "cli.h"
#include "data_opt.h"
#include "options.h"
#include "input.h"
#include "io.h"
#include "jmap/jmap.h"

typedef struct check_options {
    bool json, quiet, require_sources;
    cli_data data;              /* --data */
} check_options;

static int check_option(void *ctx, int argc, char **argv, int *i)
{
    check_options *o = ctx;
    const char *a = argv[*i], *val = NULL;
    int d = cli_data_option("check", argc, argv, i, &o->data);
    if (d != CLI_NOT_MINE) return d;
    if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0) {
        o->quiet = true;
        return 0;
    }
    if (strcmp(a, "--require-sources") == 0) {
        o->require_sources = true;
        return 0;
    }
    if (strncmp(a, "--diagnostics=", 14) == 0) val = a + 14;
    else if (strcmp(a, "--diagnostics") != 0) return cli_usage_error("check", "unknown option '%s'", a);
    else if (*i + 1 >= argc) return cli_usage_error("check", "--diagnostics needs text or json");
    else val = argv[++*i];
    if (strcmp(val, "json") == 0) o->json = true;
    else if (strcmp(val, "text") == 0) o->json = false;
    else return cli_usage_error("check", "--diagnostics takes text or json, not '%s'", val);
    return 0;
}

int cli_check(const cli_command *self, int argc, char **argv)
{
    check_options o = {false, false, false, {{0}, 0, {0}}};
    cli_inputs in;
    int rc = cli_inputs_parse(&in, self, argc, argv, check_option, &o);
    if (rc) return rc == CLI_HELPED ? EXIT_OK : rc;
    bool json = o.json, quiet = o.quiet;
    const jmap_load_options *load = cli_data_load(&o.data);

    int status = EXIT_OK, first = 1;
    if (json) fputs("[", stdout);
    for (size_t i = 0; i < in.n; i++) {
        cli_load_how how = {.out = json ? stdout : stderr, .json_first = json ? &first : NULL, .warnings = !quiet,
                            .load = load, .details = true, .require_sources = o.require_sources};
        jmap_doc *doc = NULL;
        int st = cli_load_input(in.names[i], NULL, &how, &doc);
        if (st == EXIT_IO) status = EXIT_IO;
        else if (st == EXIT_INPUT && status == EXIT_OK) status = EXIT_INPUT;
        jmap_doc_free(doc);
    }
    if (json) fputs(first ? "]\n" : "\n]\n", stdout);
    cli_inputs_free(&in);
    return status;
}
