/* Shell completion (docs/completion.md): `jmap completion bash|zsh|fish`
 * prints a script that asks `jmap __complete WORD...` for the candidates of
 * the last word, so that what completes is what this jmap accepts: the
 * commands of the table (commands.c), each command's options (the table
 * below, held equal to the help texts and the parsers by
 * tests/e2e/test_completion.py), and option values from the library's
 * vocabulary (themes, languages, papers) or from the journey named on the
 * line (--persona).
 *
 * __complete prints one candidate a line, or one line that asks the shell
 * for files: ":files EXT..." (files with these extensions, and folders),
 * ":dirs" or ":any". */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "io.h"
#include "jmap/jmap.h"

/* what an option's value is */
typedef enum {
    V_NONE,     /* a flag */
    V_WORD,     /* free text: nothing to offer */
    V_OUTPUT,   /* a file or folder to write */
    V_FORMAT, V_THEME, V_LANG, V_PAPER, V_PERSONA, V_DATA, V_SVG_TEXT, V_WRAP, V_DIAGNOSTICS,
} value_kind;

/* which commands take an option */
enum {
    C_BUILD = 1u << 0, C_CHECK = 1u << 1, C_STATS = 1u << 2, C_DIFF = 1u << 3,
    C_IMPORT = 1u << 4, C_WATCH = 1u << 5, C_INIT = 1u << 6, C_SCHEMA = 1u << 7, C_COMPLETION = 1u << 8, C_SERVE = 1u << 9,
    C_SITE = 1u << 10,
};
#define C_DRAW (C_BUILD | C_DIFF | C_WATCH)

static const struct {
    const char *name;
    unsigned bit;
    const char *inputs; /* what its operands are: extensions, "" for none, NULL any file */
} commands[] = {
    {"build", C_BUILD, "yaml yml mmd mermaid"},  {"check", C_CHECK, "yaml yml mmd mermaid"},
    {"stats", C_STATS, "yaml yml mmd mermaid"},  {"diff", C_DIFF, "yaml yml mmd mermaid"},
    {"import", C_IMPORT, "mmd mermaid"},         {"watch", C_WATCH, "yaml yml mmd mermaid"},
    {"init", C_INIT, "yaml yml"},                {"schema", C_SCHEMA, ""},
    {"completion", C_COMPLETION, ""},                {"serve", C_SERVE, ""},
    {"site", C_SITE, "yaml yml mmd mermaid"},
};

static const struct {
    const char *short_name, *long_name;
    unsigned commands;
    value_kind value;
} options[] = {
    {"-o", "--output", C_DRAW | C_IMPORT | C_SITE, V_OUTPUT},
    {"-f", "--format", C_DRAW, V_FORMAT},
    {NULL, "--persona", C_DRAW | C_SITE, V_PERSONA},
    {NULL, "--theme", C_DRAW | C_SITE, V_THEME},
    {NULL, "--scale", C_DRAW, V_WORD},
    {NULL, "--svg-text", C_DRAW, V_SVG_TEXT},
    {NULL, "--wrap", C_DRAW | C_SITE, V_WRAP},
    {NULL, "--page", C_DRAW, V_PAPER},
    {NULL, "--id-prefix", C_DRAW, V_WORD},
    {"-j", "--jobs", C_BUILD | C_SITE, V_WORD},
    {NULL, "--serve", C_WATCH, V_WORD},
    {"-q", "--quiet", C_DRAW | C_CHECK | C_SITE, V_NONE},
    {NULL, "--diagnostics", C_CHECK, V_DIAGNOSTICS},
    {NULL, "--json", C_STATS, V_NONE},
    {NULL, "--lang", C_INIT, V_LANG},
    {NULL, "--data", C_DRAW | C_CHECK | C_STATS, V_DATA},
    {NULL, "--require-sources", C_CHECK, V_NONE},
    {NULL, "--stdio", C_SERVE, V_NONE},
    {"-h", "--help", ~0u, V_NONE},
};
enum { N_OPTIONS = sizeof options / sizeof *options, N_COMMANDS = sizeof commands / sizeof *commands };

static const char *const formats[] = {"svg", "png", "pdf", "html"};
static const char *const svg_text[] = {"text", "outlines"};
static const char *const wraps[] = {"auto", "off"};
static const char *const diagnostics[] = {"text", "json"};
static const char *const shells[] = {"bash", "zsh", "fish"};

static bool starts(const char *s, const char *prefix) { return strncmp(s, prefix, strlen(prefix)) == 0; }

static void offer(const char *word, const char *cur)
{
    if (starts(word, cur)) puts(word);
}

static void offer_list(const char *const *words, size_t n, const char *cur)
{
    for (size_t i = 0; i < n; i++) offer(words[i], cur);
}

static void offer_vocab(jmap_vocab v, const char *cur, bool landscape)
{
    for (size_t i = 0; i < jmap_vocab_count(v); i++) {
        const char *name = jmap_vocab_name(v, i);
        offer(name, cur);
        if (landscape) {
            char both[64];
            snprintf(both, sizeof both, "%s-landscape", name);
            offer(both, cur);
        }
    }
}

static int find_command(const char *name)
{
    for (int i = 0; i < N_COMMANDS; i++)
        if (strcmp(commands[i].name, name) == 0) return i;
    return -1;
}

static int find_option(const char *word, unsigned bit)
{
    for (int i = 0; i < N_OPTIONS; i++)
        if ((options[i].commands & bit) &&
            ((options[i].short_name && strcmp(word, options[i].short_name) == 0) ||
             strcmp(word, options[i].long_name) == 0))
            return i;
    return -1;
}

/* The first journey file among the operands, loaded; NULL when there is none. */
static jmap_doc *first_journey(int argc, char **argv, unsigned bit)
{
    for (int i = 1; i + 1 < argc; i++) {
        int o = find_option(argv[i], bit);
        if (o >= 0) {
            i += options[o].value != V_NONE;
            continue;
        }
        if (argv[i][0] == '-') continue;
        char *data = NULL;
        size_t len = 0;
        if (cli_read_file(argv[i], JMAP_MAX_INPUT, &data, &len) != 0) continue;
        jmap_doc *doc = jmap_load(data, len, argv[i]);
        free(data);
        return doc;
    }
    return NULL;
}

/* The ids of the personas (or, for --data, of the sources followed by
 * '=') of the first journey on the line. */
static void offer_ids(int argc, char **argv, unsigned bit, const char *cur, bool sources)
{
    jmap_doc *doc = first_journey(argc, argv, bit);
    for (size_t j = 0; doc && j < jmap_doc_journey_count(doc); j++) {
        const jmap_journey *jn = jmap_doc_journey(doc, j);
        if (sources) {
            for (size_t i = 0; i < jmap_journey_source_count(jn); i++) {
                char id[256];
                snprintf(id, sizeof id, "%s=", jmap_journey_source_id(jn, i));
                offer(id, cur);
            }
            continue;
        }
        jmap_stats *s = jmap_journey_stats(jn);
        for (size_t p = 0; s && p < s->n_personas; p++)
            if (s->personas[p].persona_id) offer(s->personas[p].persona_id, cur);
        jmap_stats_free(s);
    }
    jmap_doc_free(doc);
}

static void offer_value(value_kind v, int argc, char **argv, unsigned bit, const char *cur)
{
    switch (v) {
    case V_OUTPUT: puts(":any"); break;
    case V_FORMAT: offer_list(formats, sizeof formats / sizeof *formats, cur); break;
    case V_THEME: offer_vocab(JMAP_VOCAB_THEMES, cur, false); if (!*cur || strchr(cur, '/') || strchr(cur, '.')) puts(":files yaml yml"); break;
    case V_LANG: offer_vocab(JMAP_VOCAB_LANGUAGES, cur, false); break;
    case V_PAPER: offer_vocab(JMAP_VOCAB_PAPERS, cur, true); break;
    case V_PERSONA: offer_ids(argc, argv, bit, cur, false); break;
    case V_DATA:
        if (strchr(cur, '=')) puts(":any");
        else offer_ids(argc, argv, bit, cur, true);
        break;
    case V_SVG_TEXT: offer_list(svg_text, sizeof svg_text / sizeof *svg_text, cur); break;
    case V_WRAP: offer_list(wraps, sizeof wraps / sizeof *wraps, cur); break;
    case V_DIAGNOSTICS: offer_list(diagnostics, sizeof diagnostics / sizeof *diagnostics, cur); break;
    case V_NONE:
    case V_WORD: break;
    }
}

/* argv: "__complete", then the words after "jmap", the last one the word
 * being completed (maybe empty). */
static int complete(int argc, char **argv)
{
    if (argc < 2) return EXIT_OK;
    const char *cur = argv[argc - 1];
    if (argc == 2) { /* the command */
        for (size_t i = 0; i < cli_command_count; i++) offer(cli_commands[i].name, cur);
        offer("help", cur);
        if (cur[0] == '-') offer("--help", cur), offer("--version", cur);
        return EXIT_OK;
    }
    if (strcmp(argv[1], "help") == 0) {
        if (argc == 3)
            for (size_t i = 0; i < cli_command_count; i++) offer(cli_commands[i].name, cur);
        return EXIT_OK;
    }
    int c = find_command(argv[1]);
    if (c < 0) return EXIT_OK;
    unsigned bit = commands[c].bit;
    int prev = argc >= 4 ? find_option(argv[argc - 2], bit) : -1;
    if (prev >= 0 && options[prev].value != V_NONE) {
        offer_value(options[prev].value, argc - 1, argv + 1, bit, cur);
        return EXIT_OK;
    }
    if (cur[0] == '-') {
        for (int i = 0; i < N_OPTIONS; i++)
            if (options[i].commands & bit) offer(options[i].long_name, cur);
        return EXIT_OK;
    }
    if (bit == C_COMPLETION) offer_list(shells, sizeof shells / sizeof *shells, cur);
    else if (!commands[c].inputs) puts(":any");
    else if (commands[c].inputs[0]) printf(":files %s\n", commands[c].inputs);
    return EXIT_OK;
}

/* The scripts: each hands the words to `jmap __complete` and turns a
 * ":files" answer into its shell's own file completion. */
static const char bash_script[] =
    "# bash completion for jmap (jmap completion bash; docs/completion.md)\n"
    "_jmap() {\n"
    "    local cur=${COMP_WORDS[COMP_CWORD]} IFS=$'\\n' reply w e ext\n"
    "    reply=($(\"${COMP_WORDS[0]}\" __complete \"${COMP_WORDS[@]:1:COMP_CWORD}\" 2>/dev/null))\n"
    "    COMPREPLY=()\n"
    "    case ${reply[0]} in\n"
    "    ':files '*)\n"
    "        compopt -o filenames 2>/dev/null\n"
    "        for w in $(compgen -d -- \"$cur\"); do COMPREPLY+=(\"$w\"); done\n"
    "        IFS=' ' read -r -a ext <<<\"${reply[0]#:files }\"\n"
    "        for w in $(compgen -f -- \"$cur\"); do\n"
    "            for e in \"${ext[@]}\"; do [[ -f $w && $w == *.\"$e\" ]] && COMPREPLY+=(\"$w\"); done\n"
    "        done ;;\n"
    "    :any) compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -f -- \"$cur\")) ;;\n"
    "    *) COMPREPLY=(\"${reply[@]}\")\n"
    "       [[ ${reply[0]} == *= ]] && compopt -o nospace 2>/dev/null ;;  # --data ID=: the path follows\n"
    "    esac\n"
    "}\n"
    "complete -F _jmap jmap\n";

static const char zsh_script[] =
    "#compdef jmap\n"
    "# zsh completion for jmap (jmap completion zsh; docs/completion.md)\n"
    "_jmap() {\n"
    "    local -a reply\n"
    "    reply=(\"${(@f)$(${words[1]} __complete \"${(@)words[2,CURRENT]}\" 2>/dev/null)}\")\n"
    "    case $reply[1] in\n"
    "    ':files '*) _files -g \"*.(${(j:|:)${(s: :)reply[1]#:files }})\" ;;\n"
    "    :any) _files ;;\n"
    "    *) (( ${#reply[@]} )) && [[ -n $reply[1] ]] && compadd -a reply ;;\n"
    "    esac\n"
    "}\n"
    "if [[ $zsh_eval_context[-1] == loadautofunc ]]; then _jmap \"$@\"; else compdef _jmap jmap; fi\n";

static const char fish_script[] =
    "# fish completion for jmap (jmap completion fish; docs/completion.md)\n"
    "function __jmap_complete\n"
    "    set -l words (commandline -opc) (commandline -ct)\n"
    "    set -l reply ($words[1] __complete $words[2..-1] 2>/dev/null)\n"
    "    switch \"$reply[1]\"\n"
    "        case ':files *'\n"
    "            set -l exts (string split ' ' (string replace ':files ' '' $reply[1]))\n"
    "            for f in (__fish_complete_path (commandline -ct))\n"
    "                set -l path (string split -f1 \\t -- $f)\n"
    "                if string match -q '*/' -- $path\n"
    "                    echo $path\n"
    "                else\n"
    "                    for e in $exts\n"
    "                        string match -q \"*.$e\" -- $path; and echo $path\n"
    "                    end\n"
    "                end\n"
    "            end\n"
    "        case ':any'\n"
    "            __fish_complete_path (commandline -ct)\n"
    "        case '*'\n"
    "            printf '%s\\n' $reply\n"
    "    end\n"
    "end\n"
    "complete -c jmap -f -a '(__jmap_complete)'\n";

int cli_completion(const cli_command *self, int argc, char **argv)
{
    if (argc >= 1 && strcmp(argv[0], "__complete") == 0) return complete(argc, argv);
    if (argc == 2 && cli_is_help(argv[1])) {
        fputs(self->help, stdout);
        return EXIT_OK;
    }
    if (argc != 2) return cli_usage_error(self->name, "needs a shell: bash, zsh or fish");
    const char *script = strcmp(argv[1], "bash") == 0  ? bash_script
                         : strcmp(argv[1], "zsh") == 0 ? zsh_script
                         : strcmp(argv[1], "fish") == 0 ? fish_script
                                                         : NULL;
    if (!script) return cli_usage_error(self->name, "no completion for '%s': bash, zsh or fish", argv[1]);
    fputs(script, stdout);
    return EXIT_OK;
}
