/* jmap schema: print the JSON Schema of the journey format. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "diagnostics.h"
#include "jmap/jmap.h"

/* src/cli/schema.json, embedded at build time by cmake/embed.cmake. Its
 * @NAME@ tokens are filled from jmap's vocabulary (jmap_vocab_*), so that the
 * schema names what the loader accepts. */
extern const char jmap_schema_json[];

static void json_array(jmap_vocab v)
{
    fputc('[', stdout);
    for (size_t i = 0; i < jmap_vocab_count(v); i++) {
        if (i) fputs(", ", stdout);
        cli_json_string(stdout, jmap_vocab_name(v, i));
    }
    fputc(']', stdout);
}

static void text_list(jmap_vocab v)
{
    for (size_t i = 0; i < jmap_vocab_count(v); i++) fprintf(stdout, "%s%s", i ? ", " : "", jmap_vocab_name(v, i));
}

static bool is_channel(const char *key)
{
    for (size_t i = 0; i < jmap_vocab_count(JMAP_VOCAB_CHANNELS); i++)
        if (strcmp(key, jmap_vocab_name(JMAP_VOCAB_CHANNELS, i)) == 0) return true;
    return false;
}

static void label_properties(void)
{
    fputs("{\n", stdout);
    size_t n = jmap_vocab_count(JMAP_VOCAB_WORDS);
    for (size_t w = 0; w < n; w++) {
        char desc[512];
        const char *key = jmap_vocab_name(JMAP_VOCAB_WORDS, w);
        const char *en = jmap_word(NULL, key);
        /* a template holds its slot once (jmap.h: jmap_word) */
        const char *slot = strstr(en, "{age}") ? "age" : strstr(en, "{persona}") ? "persona" : NULL;
        if (is_channel(key))
            snprintf(desc, sizeof desc, "The name of the built-in channel %s; in English \"%s\".", key, en);
        else if (slot && strcmp(slot, "age") == 0)
            snprintf(desc, sizeof desc, "A template with {age}, beside a persona's role; in English \"%s\".", en);
        else if (slot)
            snprintf(desc, sizeof desc, "A template with {persona}, under the title of one persona's view; in English \"%s\".", en);
        else
            snprintf(desc, sizeof desc, "In English \"%s\".", en);
        fputs("        ", stdout);
        cli_json_string(stdout, key);
        fputs(": {\"$ref\": \"#/$defs/text\", ", stdout);
        if (slot) fprintf(stdout, "\"pattern\": \"\\\\{%s\\\\}\", ", slot);
        fputs("\"description\": ", stdout);
        cli_json_string(stdout, desc);
        fputs(w + 1 < n ? "},\n" : "}\n", stdout);
    }
    fputs("      }", stdout);
}

/* Writes the schema with its tokens filled in. */
static void print_schema(void)
{
    const char *p = jmap_schema_json;
    for (;;) {
        const char *at = strchr(p, '@');
        const char *end = at ? strchr(at + 1, '@') : NULL;
        if (!at || !end) break;
        fwrite(p, 1, (size_t)(at - p), stdout);
        size_t len = (size_t)(end - at + 1);
#define IS(tok) (len == sizeof(tok) - 1 && strncmp(at, tok, len) == 0)
        if (IS("@CHANNEL_IDS@")) json_array(JMAP_VOCAB_CHANNELS);
        else if (IS("@CHANNEL_LIST@")) text_list(JMAP_VOCAB_CHANNELS);
        else if (IS("@LANE_NAMES@")) json_array(JMAP_VOCAB_LANES);
        else if (IS("@LANE_LIST@")) text_list(JMAP_VOCAB_LANES);
        else if (IS("@THEME_NAMES@")) json_array(JMAP_VOCAB_THEMES);
        else if (IS("@THEME_LIST@")) text_list(JMAP_VOCAB_THEMES);
        else if (IS("@LANGUAGES@")) json_array(JMAP_VOCAB_LANGUAGES);
        else if (IS("@LANGUAGE_LIST@")) text_list(JMAP_VOCAB_LANGUAGES);
        else if (IS("@LABEL_PROPERTIES@")) label_properties();
        else if (IS("@SOURCE_KINDS@")) json_array(JMAP_VOCAB_SOURCE_KINDS);
        else if (IS("@SOURCE_KIND_LIST@")) text_list(JMAP_VOCAB_SOURCE_KINDS);
        else { /* not a token: an @ of the text */
            fwrite(at, 1, 1, stdout);
            p = at + 1;
            continue;
        }
#undef IS
        p = end + 1;
    }
    fputs(p, stdout);
}

int cli_schema(const cli_command *self, int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (cli_is_help(argv[i])) {
            fputs(self->help, stdout);
            return EXIT_OK;
        }
    }
    if (argc > 1) {
        if (argv[1][0] == '-' && argv[1][1] != '\0') return cli_usage_error("schema", "unknown option '%s'", argv[1]);
        return cli_usage_error("schema", "'schema' takes no arguments, not '%s'", argv[1]);
    }
    /* a failed write is reported by main, as for every command */
    print_schema();
    return EXIT_OK;
}
