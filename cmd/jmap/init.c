/* jmap init: write a commented starter journey, never over an existing file. */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "io.h"
#include "jmap/jmap.h"

/* The starter in the language of a tag (`uk`, `pt-BR`: its primary subtag);
 * NULL when jmap has no words, or no starter, for it. */
static const char *starter_for(const char *tag)
{
    const char *code = jmap_language_code(tag);
    if (!code) return NULL;
    for (const cli_starter *s = cli_starters; s->code; s++)
        if (strcmp(s->code, code) == 0) return s->text;
    return NULL;
}

static int unknown_lang(const char *tag)
{
    char list[256];
    list[0] = '\0';
    size_t n = 0, len = 0;
    for (size_t i = 0; i < jmap_vocab_count(JMAP_VOCAB_LANGUAGES); i++)
        if (starter_for(jmap_vocab_name(JMAP_VOCAB_LANGUAGES, i))) n++;
    for (size_t i = 0, k = 0; i < jmap_vocab_count(JMAP_VOCAB_LANGUAGES) && len < sizeof list; i++) {
        const char *code = jmap_vocab_name(JMAP_VOCAB_LANGUAGES, i);
        if (!starter_for(code)) continue;
        k++;
        int w = snprintf(list + len, sizeof list - len, "%s%s", k == 1 ? "" : k == n ? " or " : ", ", code);
        if (w > 0) len += (size_t)w;
    }
    return cli_usage_error("init", "--lang takes %s, not '%s'", list, tag);
}

static int write_stdout(const char *text, size_t len)
{
    fwrite(text, 1, len, stdout); /* a failed write is reported by main */
    return EXIT_OK;
}

static int write_new_file(const char *path, const char *text, size_t len)
{
    /* init a/b/x.yaml makes a/b, as build makes the directories of its outputs */
    const char *slash = strrchr(path, '/');
    if (slash && slash != path) {
        char *dir = strndup(path, (size_t)(slash - path));
        int e = dir ? cli_make_dirs(dir) : ENOMEM;
        if (e) fprintf(stderr, "jmap: cannot create the directory '%s': %s\n", dir ? dir : path, strerror(e));
        free(dir);
        if (e) return EXIT_IO;
    }
    int fd;
    do fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    while (fd < 0 && errno == EINTR);
    if (fd < 0) {
        if (errno == EEXIST)
            fprintf(stderr, "jmap: '%s' already exists; jmap init never overwrites a file\n", path);
        else
            fprintf(stderr, "jmap: cannot create '%s': %s\n", path, strerror(errno));
        return EXIT_IO;
    }
    /* The file is ours from here: on any failure, remove it rather than leave half a journey. */
    int e = cli_write_all(fd, text, len);
    if (close(fd) != 0 && !e && errno != EINTR) e = errno;
    if (e) {
        unlink(path);
        fprintf(stderr, "jmap: cannot write '%s': %s\n", path, strerror(e));
        return EXIT_IO;
    }
    return EXIT_OK;
}

int cli_init(const cli_command *self, int argc, char **argv)
{
    bool quiet = false, options_done = false;
    const char *path = NULL, *lang = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!options_done && a[0] == '-' && a[1] != '\0') {
            if (strcmp(a, "--") == 0) { options_done = true; continue; }
            if (cli_is_help(a)) { fputs(self->help, stdout); return EXIT_OK; }
            if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0) { quiet = true; continue; }
            if (strcmp(a, "--lang") == 0 || strncmp(a, "--lang=", 7) == 0) {
                if (a[6] == '=') lang = a + 7;
                else if (i + 1 < argc) lang = argv[++i];
                else return cli_usage_error("init", "--lang needs a language, such as uk");
                continue;
            }
            return cli_usage_error("init", "unknown option '%s'", a);
        }
        if (path) return cli_usage_error("init", "'init' takes one FILE, not '%s' and '%s'", path, a);
        path = a;
    }
    if (!path) path = "journey.yaml";
    if (path[0] == '\0') return cli_usage_error("init", "the file name is empty");

    const char *starter = starter_for(lang ? lang : "en");
    if (!starter) return unknown_lang(lang);
    size_t len = strlen(starter);
    if (strcmp(path, "-") == 0) return write_stdout(starter, len);

    /* cli.md: nothing is printed on success unless asked for */
    (void)quiet;
    return write_new_file(path, starter, len);
}
