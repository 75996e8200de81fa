/* jmap: the command line over libjmap. main() dispatches to the commands
 * of the table (commands.c); nothing here is called back. */
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "io.h"
#include "oom.h"
#include "jmap/jmap.h"

static int run(int argc, char **argv)
{
    /* fontconfig picks faces by the language of the process's locale (LANG,
     * LC_ALL, LC_CTYPE, read from the environment, generated or not): Han
     * characters come from another face under zh_CN than under ja_JP. Its
     * FC_LANG wins over them; set before anything starts fontconfig, so that
     * the same input gives the same bytes on every machine. Here and not in
     * the library: fontconfig adds these languages to every match (after the
     * language the library gives each run of text, src/text.c), reads them
     * once per process, and has no call to set them; a library must not
     * change its caller's environment. Pango's own preferred languages
     * (LANGUAGE, PANGO_LANGUAGE) the library keeps out by itself. */
    setenv("FC_LANG", "en", 1);
    if (argc < 2) return cli_usage_error(NULL, "no command given");
    const char *cmd = argv[1];
    if (cli_is_help(cmd)) {
        cli_overview(stdout);
        return EXIT_OK;
    }
    if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "-V") == 0) {
        printf("jmap %s\n", jmap_version());
        return EXIT_OK;
    }
    if (strcmp(cmd, "help") == 0) {
        if (argc > 3) return cli_usage_error(NULL, "'help' takes one command");
        if (argc < 3) {
            cli_overview(stdout);
            return EXIT_OK;
        }
        const cli_command *c = cli_command_find(argv[2]);
        if (!c) return cli_usage_error(NULL, "no command '%s'", argv[2]);
        fputs(c->help, stdout);
        return EXIT_OK;
    }
    if (strcmp(cmd, "__complete") == 0) /* what the completion scripts ask */
        return cli_completion(cli_command_find("completion"), argc - 1, argv + 1);
    const cli_command *c = cli_command_find(cmd);
    if (c) return c->run(c, argc - 1, argv + 1);
    if (cmd[0] == '-') return cli_usage_error(NULL, "unknown option '%s'", cmd);
    return cli_usage_error(NULL, "unknown command '%s'", cmd);
}

int main(int argc, char **argv)
{
    /* descriptors 0, 1 and 2 are open before anything else is, so that no
     * file opened later takes the place of a closed one */
    if (cli_std_guard() != 0) return EXIT_IO;
    /* a reader that went away is a failed write (exit 3), reported quietly */
    signal(SIGPIPE, SIG_IGN);
    /* memory that runs out inside GLib is exit 3 and a message, not SIGTRAP */
    cli_oom_guard();
    return cli_finish_stdout(run(argc, argv));
}
