/* Loading one input: read (a file or standard input), loaded, its read
 * error or diagnostics printed. check, stats, import and build all load
 * through here. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>

#include "cli.h"
#include "diagnostics.h"
#include "input.h"
#include "io.h"
#include "reader.h"


int cli_inputs_parse(cli_inputs *in, const cli_command *self, int argc, char **argv, cli_option_fn *option,
                     void *ctx)
{
    *in = (cli_inputs){calloc(argc > 0 ? (size_t)argc : 1, sizeof *in->names), 0};
    if (!in->names) return EXIT_IO;
    int rc = 0;
    bool options_done = false;
    for (int i = 1; i < argc && !rc; i++) {
        const char *a = argv[i];
        if (options_done || a[0] != '-' || a[1] == '\0') in->names[in->n++] = a;
        else if (strcmp(a, "--") == 0) options_done = true;
        else if (cli_is_help(a)) {
            fputs(self->help, stdout);
            rc = CLI_HELPED;
        } else {
            rc = option(ctx, argc, argv, &i);
        }
    }
    if (!rc && in->n == 0) rc = cli_usage_error(self->name, "no input file given");
    size_t stdin_users = 0;
    for (size_t i = 0; i < in->n && !rc; i++) stdin_users += cli_names_stdin(in->names[i]);
    if (stdin_users > 1)
        rc = cli_usage_error(self->name, "standard input can be read once: give '-' (or /dev/stdin) once");
    if (rc) cli_inputs_free(in);
    return rc;
}

void cli_inputs_free(cli_inputs *in)
{
    free(in->names);
    in->names = NULL;
}

const char *cli_input_name(const char *input) { return strcmp(input, "-") == 0 ? "<stdin>" : input; }

int cli_load_input(const char *input, const char *name, const cli_load_how *how, jmap_doc **doc)
{
    if (!name) name = cli_input_name(input);
    *doc = NULL;
    char *data = NULL;
    size_t len = 0;
    int e = cli_read_file(input, JMAP_MAX_INPUT, &data, &len);
    if (e) {
        bool closed = strcmp(input, "-") == 0 && e == EBADF;
        if (how->json_first) {
            char msg[512];
            if (closed) snprintf(msg, sizeof msg, "cannot read standard input: it is closed");
            else snprintf(msg, sizeof msg, "cannot read '%s': %s", input, strerror(e));
            cli_print_json_diag(how->out, name, msg, how->json_first);
        } else if (closed) {
            fputs("jmap: cannot read standard input: it is closed\n", how->out);
        } else {
            fprintf(how->out, "jmap: cannot read '%s': %s\n", input, strerror(e));
        }
        return EXIT_IO;
    }
    *doc = cli_load(data, len, name, how->details, how->load);
    if (*doc && how->require_sources) jmap_doc_require_sources(*doc);
    if (how->keep) {
        *how->keep = data;
        *how->keep_len = len;
    } else {
        free(data);
    }
    if (!*doc) {
        FILE *f = how->json_first ? stderr : how->out;
        if (how->oom_names) fprintf(f, "jmap: out of memory reading '%s'\n", name);
        else fputs("jmap: out of memory\n", f);
        return EXIT_IO;
    }
    if (how->json_first) cli_print_diags_json(how->out, *doc, how->json_first);
    else cli_print_diags_text(how->out, *doc, how->warnings);
    if (jmap_doc_out_of_memory(*doc)) { /* its one error says so */
        jmap_doc_free(*doc);
        *doc = NULL;
        return EXIT_IO;
    }
    return jmap_doc_error_count(*doc) ? EXIT_INPUT : EXIT_OK;
}
