/* jmap check: load and validate, draw nothing. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


#include "cli.h"
#include "diagnostics.h"
#include "io.h"
#include "jmap/jmap.h"

#define READ_LIMIT (16u * 1024u * 1024u)

int cli_check(int argc, char **argv)
{
    bool json = false, quiet = false;
    const char **inputs = calloc((size_t)argc, sizeof *inputs);
    size_t n_inputs = 0;
    if (!inputs) return EXIT_IO;
    bool options_done = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!options_done && a[0] == '-' && a[1] != '\0') {
            if (strcmp(a, "--") == 0) { options_done = true; continue; }
            if (cli_is_help(a)) { cli_help("check", stdout); free(inputs); return EXIT_OK; }
            if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0) { quiet = true; continue; }
            const char *val = NULL;
            if (strncmp(a, "--diagnostics=", 14) == 0) val = a + 14;
            else if (strcmp(a, "--diagnostics") == 0) {
                if (i + 1 >= argc) { free(inputs); return cli_usage_error("check", "--diagnostics needs text or json"); }
                val = argv[++i];
            } else {
                free(inputs);
                return cli_usage_error("check", "unknown option '%s'", a);
            }
            if (strcmp(val, "json") == 0) json = true;
            else if (strcmp(val, "text") == 0) json = false;
            else { free(inputs); return cli_usage_error("check", "--diagnostics takes text or json, not '%s'", val); }
            continue;
        }
        inputs[n_inputs++] = a;
    }
    if (n_inputs == 0) { free(inputs); return cli_usage_error("check", "no input file given"); }
    size_t stdin_users = 0;
    for (size_t i = 0; i < n_inputs; i++) stdin_users += cli_names_stdin(inputs[i]);
    if (stdin_users > 1) {
        free(inputs);
        return cli_usage_error("check", "standard input can be read once: give '-' (or /dev/stdin) once");
    }

    int status = EXIT_OK, first = 1;
    if (json) fputs("[", stdout);
    for (size_t i = 0; i < n_inputs; i++) {
        const char *name = strcmp(inputs[i], "-") == 0 ? "<stdin>" : inputs[i];
        char *data = NULL;
        size_t len = 0;
        int e = cli_read_file(inputs[i], READ_LIMIT, &data, &len);
        if (e) {
            char msg[512];
            if (strcmp(inputs[i], "-") == 0 && e == EBADF) snprintf(msg, sizeof msg, "cannot read standard input: it is closed");
            else snprintf(msg, sizeof msg, "cannot read '%s': %s", inputs[i], strerror(e));
            if (json) cli_print_json_diag(stdout, name, msg, &first);
            else fprintf(stderr, "jmap: %s\n", msg);
            status = EXIT_IO;
            continue;
        }
        jmap_doc *doc = jmap_load(data, len, name);
        free(data);
        if (!doc) {
            fprintf(stderr, "jmap: out of memory\n");
            status = EXIT_IO;
            continue;
        }
        if (json) cli_print_diags_json(stdout, doc, &first);
        else cli_print_diags_text(stderr, doc, !quiet);
        if (jmap_doc_out_of_memory(doc)) status = EXIT_IO;
        else if (jmap_doc_error_count(doc) && status == EXIT_OK) status = EXIT_INPUT;
        jmap_doc_free(doc);
    }
    if (json) fputs(first ? "]\n" : "\n]\n", stdout);
    free(inputs);
    return status;
}
