/* jmap import: a Mermaid journey diagram written as a journey file. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "input.h"
#include "io.h"
#include "jmap/jmap.h"

int cli_import(const cli_command *self, int argc, char **argv)
{
    const char *input = NULL, *output = NULL;
    bool options_done = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!options_done && a[0] == '-' && a[1] != '\0') {
            if (strcmp(a, "--") == 0) { options_done = true; continue; }
            if (cli_is_help(a)) { fputs(self->help, stdout); return EXIT_OK; }
            if (strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0) {
                if (i + 1 >= argc) return cli_usage_error("import", "%s needs a file name", a);
                output = argv[++i];
                continue;
            }
            if (strncmp(a, "--output=", 9) == 0) { output = a + 9; continue; }
            return cli_usage_error("import", "unknown option '%s'", a);
        }
        if (input) return cli_usage_error("import", "import takes one input, not '%s' as well", a);
        input = a;
    }
    if (!input) return cli_usage_error("import", "no input file given");
    if (output && strcmp(output, "-") != 0 && strcmp(input, "-") != 0 && cli_same_file(input, output))
        return cli_usage_error("import", "'%s' is the input: an input is never written to", output);
    const char *name = cli_input_name(input);
    cli_load_how how = {.out = stderr, .warnings = true};
    jmap_doc *doc = NULL;
    if (cli_load_input(input, name, &how, &doc) == EXIT_IO) return EXIT_IO;
    size_t ylen = 0;
    const char *yaml = jmap_doc_journey_file(doc, &ylen);
    int status = EXIT_OK;
    if (jmap_doc_out_of_memory(doc)) status = EXIT_IO;
    else if (jmap_doc_error_count(doc)) status = EXIT_INPUT;
    else if (!yaml) {
        fprintf(stderr, "jmap: '%s' is not a Mermaid journey: import reads a .mmd file, or one whose first line "
                        "is 'journey'\n", name);
        status = EXIT_INPUT;
    } else {
        cli_out out;
        const char *path = output ? output : "-";
        int e = cli_out_open(&out, path);
        if (!e) {
            cli_out_write(&out, (const unsigned char *)yaml, ylen);
            e = cli_out_commit(&out); /* a failed write: the temporary is removed, nothing replaced */
        }
        if (e) {
            if (!cli_quiet_errno(e))
                fprintf(stderr, "jmap: cannot write '%s': %s\n", strcmp(path, "-") == 0 ? "standard output" : path,
                        strerror(e));
            status = EXIT_IO;
        }
    }
    jmap_doc_free(doc);
    return status;
}
