/* jmap schema: print the JSON Schema of the journey format. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "diagnostics.h"
#include "model/model.h"

/* src/cli/schema.json, embedded at build time by cmake/embed.cmake. Its
 * @NAME@ tokens are filled from jmap's vocabulary (src/words.h), so that the
 * schema names what the loader accepts. */
extern const char jmap_schema_json[];

static void json_array(const char *const *names, size_t n)
{
    fputc('[', stdout);
    for (size_t i = 0; i < n; i++) {
        if (i) fputs(", ", stdout);
        cli_json_string(stdout, names[i]);
    }
    fputc(']', stdout);
}

static void text_list(const char *const *names, size_t n)
{
    for (size_t i = 0; i < n; i++) fprintf(stdout, "%s%s", i ? ", " : "", names[i]);
}

static void label_properties(void)
{
    fputs("{\n", stdout);
    for (int w = 0; w < JM_W_COUNT; w++) {
        char desc[512];
        const char *en = jm_word_text(NULL, (jm_word)w);
        if (w >= JM_W_FIRST_CHANNEL)
            snprintf(desc, sizeof desc, "The name of the built-in channel %s; in English \"%s\".", jm_word_keys[w], en);
        else if (w == JM_W_AGE)
            snprintf(desc, sizeof desc, "A template with {age}, beside a persona's role; in English \"%s\".", en);
        else if (w == JM_W_PERSONA_VIEW)
            snprintf(desc, sizeof desc, "A template with {persona}, under the title of one persona's view; in English \"%s\".", en);
        else
            snprintf(desc, sizeof desc, "In English \"%s\".", en);
        fputs("        ", stdout);
        cli_json_string(stdout, jm_word_keys[w]);
        fputs(": {\"$ref\": \"#/$defs/text\", ", stdout);
        if (w == JM_W_AGE) fputs("\"pattern\": \"\\\\{age\\\\}\", ", stdout);
        if (w == JM_W_PERSONA_VIEW) fputs("\"pattern\": \"\\\\{persona\\\\}\", ", stdout);
        fputs("\"description\": ", stdout);
        cli_json_string(stdout, desc);
        fputs(w + 1 < JM_W_COUNT ? "},\n" : "}\n", stdout);
    }
    fputs("      }", stdout);
}

/* Writes the schema with its tokens filled in. */
static void print_schema(void)
{
    const char *codes[16];
    size_t n_lang = 0;
    for (size_t i = 0; i < jm_language_count && n_lang < 16; i++) codes[n_lang++] = jm_languages[i]->code;
    const char *p = jmap_schema_json;
    for (;;) {
        const char *at = strchr(p, '@');
        const char *end = at ? strchr(at + 1, '@') : NULL;
        if (!at || !end) break;
        fwrite(p, 1, (size_t)(at - p), stdout);
        size_t len = (size_t)(end - at + 1);
#define IS(tok) (len == sizeof(tok) - 1 && strncmp(at, tok, len) == 0)
        if (IS("@CHANNEL_IDS@")) json_array(jm_builtin_channel_ids, JM_CH_BUILTIN_COUNT);
        else if (IS("@CHANNEL_LIST@")) text_list(jm_builtin_channel_ids, JM_CH_BUILTIN_COUNT);
        else if (IS("@LANE_NAMES@")) json_array(jm_lane_names, JM_LANE_COUNT);
        else if (IS("@LANE_LIST@")) text_list(jm_lane_names, JM_LANE_COUNT);
        else if (IS("@THEME_NAMES@")) json_array(jm_theme_names, JM_THEME_COUNT);
        else if (IS("@THEME_LIST@")) text_list(jm_theme_names, JM_THEME_COUNT);
        else if (IS("@LANGUAGES@")) json_array(codes, n_lang);
        else if (IS("@LANGUAGE_LIST@")) text_list(codes, n_lang);
        else if (IS("@LABEL_PROPERTIES@")) label_properties();
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
