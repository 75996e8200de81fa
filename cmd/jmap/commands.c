/* The commands of jmap: each one's name, its function, its line in the
 * overview and its help. The table is read by main.c (dispatch, `jmap help`)
 * alone; a command gets its own entry when it runs, so that no command calls
 * back into the dispatcher. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "commands.h"

static const char overview_head[] =
    "jmap - compile customer journey maps from YAML to SVG, PNG and PDF\n"
    "\n"
    "Usage:\n";

static const char overview_tail[] =
    "  jmap help COMMAND                            explain a command\n"
    "  jmap --version\n"
    "\n"
    "Example:\n"
    "  jmap init trip.yaml && jmap build trip.yaml -o trip.svg\n"
    "\n"
    "Exit status: 0 done; 1 an input has errors; 2 bad command line; 3 a file could not be read or written.\n";

static const char help_build[] =
    "Usage: jmap build INPUT... [-o OUTPUT] [options]\n"
    "\n"
    "Compiles journey files (and Mermaid journeys: .mmd) into maps. INPUT is a file,\n"
    "or - for standard input.\n"
    "\n"
    "Options:\n"
    "  -o, --output OUTPUT   a file (.svg, .png, .pdf or .html picks the format), - for\n"
    "                        standard output (needs -f), or a directory (existing, or\n"
    "                        ending in /) that receives STEM.FORMAT per input. Default:\n"
    "                        the input's name with .svg, beside it.\n"
    "  -f, --format FORMAT   svg, png, pdf or html; overrides the extension\n"
    "      --persona ID      draw one persona's view: its touchpoints, its curve\n"
    "      --theme NAME|FILE default, dark, print, high-contrast, or a YAML file with a\n"
    "                        theme mapping (base: dark, stage-colors: [...]), overriding\n"
    "                        the journey's own theme\n"
    "      --scale N         PNG pixels per unit (default 1; 2 for high-density screens)\n"
    "      --svg-text MODE   text: real text with its fonts embedded (default); outlines:\n"
    "                        glyph outlines, for renderers that must match without fonts\n"
    "      --wrap N|auto|off rows of at most N touchpoints; auto: at most about twice\n"
    "                        as wide as high (default: off; a PNG wider than 32 767\n"
    "                        pixels is wrapped rather than refused)\n"
    "      --page SIZE       PDF: a poster tiled over pages of a4, a3, a2, letter or\n"
    "                        tabloid (-landscape: a3-landscape), an overview first\n"
    "      --id-prefix P     SVG: every id starts with P ('' for none), so that maps\n"
    "                        inlined in one HTML page never share an id (default: jm,\n"
    "                        12 hex digits of a hash of what the map draws, and -)\n"
    "  -j, --jobs N          maps drawn at once, each in a worker process (default: the\n"
    "                        number of cores)\n"
    "      --data ID=PATH    read source ID's rows from PATH (any path) instead of its\n"
    "                        file, which is read beside the journey; repeatable\n"
    "  -q, --quiet           print nothing but errors\n"
    "\n"
    "A file with several YAML documents gives one PDF page per journey, or numbered\n"
    "SVG/PNG files (NAME-1.svg, NAME-2.svg...). Every input is loaded and every output\n"
    "named before anything is written. Outputs are written to a temporary file and\n"
    "renamed into place, so a failed build never leaves a truncated map; an output\n"
    "whose bytes are already there is left untouched.\n"
    "\n"
    "Examples:\n"
    "  jmap build journey.yaml -o map.svg\n"
    "  jmap build maps/*.yaml -o out/ -f png --scale 2\n"
    "  cat journey.yaml | jmap build - -o - -f svg > map.svg\n";

static const char help_check[] =
    "Usage: jmap check INPUT... [--diagnostics text|json] [--require-sources]\n"
    "\n"
    "Loads and validates journey files and draws nothing. Every error is reported as\n"
    "FILE:LINE:COLUMN: error: MESSAGE with the source line and a caret.\n"
    "\n"
    "Options:\n"
    "  --require-sources     every touchpoint, pain and opportunity that cites no source\n"
    "                        (itself, through its touchpoint or stage, or through a value\n"
    "                        computed from a source) and is not `assumed` is an error\n"
    "  --diagnostics text    human-readable, on standard error (the default)\n"
    "  --diagnostics json    one JSON array of {file, line, column, severity, message}\n"
    "                        on standard output, for editors and CI annotations\n"
    "  --data ID=PATH        read source ID's rows from PATH instead of its file\n"
    "  -q, --quiet           print nothing but errors\n"
    "\n"
    "Example:\n"
    "  jmap check maps/*.yaml --diagnostics json > problems.json\n";

static const char help_stats[] =
    "Usage: jmap stats INPUT... [--json]\n"
    "\n"
    "Prints what the numbers of each journey say, for the whole journey and for each\n"
    "persona: the mean emotion, the lowest and the highest point (touchpoint, stage,\n"
    "score), the largest drop between two consecutive scored touchpoints, the mean of\n"
    "each stage, the mean gap to target, the count of pains and of opportunities by\n"
    "priority, the moments that matter, and each metric with a target, met or missed;\n"
    "and what the research covers: the touchpoints, pains and opportunities that cite\n"
    "a source, and the assumptions; and each value computed from data, with its n.\n"
    "The whole journey scores a touchpoint with the mean of its personas' scores.\n"
    "Inputs are read as by check (Mermaid journeys too); errors are reported as by\n"
    "check, and an input with errors gives no numbers.\n"
    "\n"
    "Options:\n"
    "  --json   one JSON document on standard output instead of a table; its keys\n"
    "           are listed in docs/cli.md\n"
    "  --data ID=PATH   read source ID's rows from PATH instead of its file\n"
    "\n"
    "Exit status as for check: 0 done; 1 an input has errors; 2 bad command line;\n"
    "3 an input could not be read.\n"
    "\n"
    "Examples:\n"
    "  jmap stats journey.yaml\n"
    "  jmap stats maps/*.yaml --json > stats.json\n";

static const char help_diff[] =
    "Usage: jmap diff BEFORE AFTER [-o OUTPUT] [options]\n"
    "\n"
    "Draws AFTER's map with what changed since BEFORE marked on it, for reviewing a\n"
    "change to a map: touchpoints added, changed (their text or channel) and removed\n"
    "(drawn faded where they stood in BEFORE) each carry a tag; a score that moved\n"
    "keeps a hollow point at its old value with an arrow to the new one; the legend\n"
    "names the marks in the map's language. Touchpoints are matched by id (made from\n"
    "the name when absent), personas by id. Errors in either file are reported as by\n"
    "build, and nothing is drawn.\n"
    "\n"
    "Options (as for build):\n"
    "  -o, --output OUTPUT   a file (.svg, .png or .pdf), - (needs -f) or a directory.\n"
    "                        Default: AFTER's name with -diff.svg, beside it\n"
    "  -f, --format FORMAT   svg, png or pdf\n"
    "      --persona ID      one persona's view\n"
    "      --theme NAME|FILE a built-in theme or a theme file\n"
    "      --scale N         PNG pixels per unit\n"
    "      --svg-text, --wrap, --page, --id-prefix, --data   as for build\n"
    "  -q, --quiet           print nothing but errors\n"
    "\n"
    "Example (a pull request's change to map.yaml):\n"
    "  git show HEAD~1:map.yaml > old.yaml && jmap diff old.yaml map.yaml -o diff.png\n";

static const char help_watch[] =
    "Usage: jmap watch INPUT [-o OUTPUT] [--serve [HOST:]PORT] [options]\n"
    "\n"
    "Rebuilds the map each time INPUT is saved (within a fifth of a second), prints\n"
    "the diagnostics of a build that fails, and keeps the last good output.\n"
    "Ctrl-C stops it, with status 0.\n"
    "\n"
    "Options:\n"
    "  -o, --output FILE     the map (.svg, .png or .pdf). Default: the input's name\n"
    "                        with .svg, beside it; with --serve and no -o, no file\n"
    "      --serve [HOST:]PORT  serve a page that shows the map and updates itself on\n"
    "                        every save, with a failed build's errors over the last\n"
    "                        good map. HOST is 127.0.0.1 unless given; PORT 0 picks a\n"
    "                        free one. The page's address is printed on standard output.\n"
    "  -f, --format FORMAT   svg, png or pdf; overrides the extension\n"
    "      --persona ID      draw one persona's view\n"
    "      --theme NAME|FILE a built-in theme or a theme file (watched too)\n"
    "      --scale N         PNG pixels per unit\n"
    "      --svg-text, --id-prefix, --page, --wrap   as for build\n"
    "      --data ID=PATH    as for build; the data files read are watched too\n"
    "  -q, --quiet           print nothing but errors (and the page's address)\n"
    "\n"
    "Examples:\n"
    "  jmap watch journey.yaml -o map.svg\n"
    "  jmap watch journey.yaml --serve 8080     # then open http://127.0.0.1:8080/\n";

static const char help_init[] =
    "Usage: jmap init [FILE] [--lang LANG]\n"
    "\n"
    "Writes a commented starter journey (three stages, a persona, a few touchpoints)\n"
    "to FILE, journey.yaml by default. Never overwrites an existing file.\n"
    "\n"
    "Options:\n"
    "  --lang LANG   the starter, comments included, in one of the languages jmap\n"
    "                has words for: en, uk, ru, fa, pl, de, fr, es\n"
    "\n"
    "Example:\n"
    "  jmap init onboarding.yaml && jmap build onboarding.yaml\n"
    "  jmap init podroz.yaml --lang pl\n";

static const char help_import[] =
    "Usage: jmap import INPUT.mmd [-o FILE.yaml]\n"
    "\n"
    "Writes a Mermaid journey diagram as a journey file, with a comment that says\n"
    "where it came from, to FILE.yaml (or standard output: no -o, or -o -). Building\n"
    "the file gives the same map, byte for byte, as building the diagram; the file\n"
    "can then grow the lanes Mermaid has no room for. Errors in the diagram are\n"
    "reported as for build, at their line and column in the diagram.\n"
    "\n"
    "Options:\n"
    "  -o, --output FILE.yaml   the journey file to write; - or none: standard output\n"
    "\n"
    "build and check read Mermaid journeys directly: a file ending in .mmd or\n"
    ".mermaid, or whose first line (after blank lines, %% comments and front\n"
    "matter) is 'journey'.\n"
    "\n"
    "Example:\n"
    "  jmap import docs/diagrams/signup.mmd -o signup.yaml && jmap build signup.yaml\n";

static const char help_site[] =
    "Usage: jmap site INPUT... -o DIR/ [options]\n"
    "\n"
    "Builds a static site of many maps: DIR/index.html, a card per journey (its\n"
    "thumbnail, title, state, personas, mean emotion, lowest point, metrics met and\n"
    "missed, open high-priority actions), sortable by the lowest moment, by missed\n"
    "metrics and by open high-priority actions; and per journey DIR/REL.html (as\n"
    "-f html, with links to the index and between a current and a future map, and\n"
    "the gaps between them) and DIR/REL.svg. INPUT is a file or a folder, searched\n"
    "for *.yaml, *.yml and *.mmd; REL is the file's path in its folder without the\n"
    "extension. A YAML file with no top-level 'stages' (personas, sources, a theme\n"
    "that journeys include) is not a journey of the site. A current map and a future\n"
    "map are paired by name (NAME-current, NAME-future) or else by the same title.\n"
    "\n"
    "An input with errors gets a page with its diagnostics and the site is still\n"
    "built (exit status 1). Pages are deterministic, and a page whose bytes are\n"
    "already there is left untouched.\n"
    "\n"
    "Options:\n"
    "  -o, --output DIR/     the site's folder (made when missing)\n"
    "      --persona ID      draw one persona's view in every map\n"
    "      --theme NAME      default, dark, print or high-contrast\n"
    "      --wrap N|auto|off rows of at most N touchpoints (as for build)\n"
    "  -j, --jobs N          maps drawn at once (default: the number of cores)\n"
    "  -q, --quiet           print nothing but errors\n"
    "\n"
    "Example:\n"
    "  jmap site maps/ -o public/\n";

static const char help_schema[] =
    "Usage: jmap schema\n"
    "\n"
    "Prints a JSON Schema (draft 2020-12) of the journey format, so that editors with\n"
    "a YAML language server complete and check journey files as they are typed.\n"
    "\n"
    "Example:\n"
    "  jmap schema > journey.schema.json\n";

static const char help_completion[] =
    "Usage: jmap completion bash|zsh|fish\n"
    "\n"
    "Prints a completion script for the shell: commands, options, option values\n"
    "(formats, themes, languages, paper sizes, the personas of the journey on the\n"
    "line) and journey files by extension. The script asks this jmap for its\n"
    "candidates, so it never falls behind it. The Debian package installs all three.\n"
    "\n"
    "Examples:\n"
    "  source <(jmap completion bash)                       # bash, in ~/.bashrc\n"
    "  jmap completion zsh > \"${fpath[1]}/_jmap\"             # zsh\n"
    "  jmap completion fish > ~/.config/fish/completions/jmap.fish\n";
static const char help_serve[] =
    "Usage: jmap serve --stdio\n"
    "\n"
    "Draws maps asked for one after another on standard input, in one process, so\n"
    "that a documentation build pays for starting jmap and setting up its fonts\n"
    "once instead of once a map (the MkDocs, Markdown, Sphinx and pandoc\n"
    "integrations use it). Each request is a line `build ARGC LENGTH`, then ARGC\n"
    "lines with one argument of `jmap build` each, then LENGTH bytes that the build\n"
    "reads as its standard input (the input `-`). Each answer is a line\n"
    "`status EXIT OUTLENGTH ERRLENGTH`, then what that build wrote on standard\n"
    "output, then what it wrote on standard error: the exit status, the map and the\n"
    "diagnostics of `jmap build` run alone with those arguments, byte for byte.\n"
    "The loop ends at the end of standard input (exit 0); a request it cannot read\n"
    "ends it with exit 2 and a message.\n"
    "\n"
    "Options:\n"
    "  --stdio   requests on standard input, answers on standard output (required)\n"
    "\n"
    "Example:\n"
    "  printf 'build 5 %s\\n-\\n-o\\n-\\n-f\\nsvg\\n' $(wc -c < trip.yaml) | cat - trip.yaml | jmap serve --stdio\n";

const cli_command cli_commands[] = {
    {"build", cli_build,
     "  jmap build INPUT... [-o OUTPUT] [options]   draw maps\n",
     help_build},
    {"check", cli_check,
     "  jmap check INPUT... [--diagnostics text|json]  validate, draw nothing\n",
     help_check},
    {"stats", cli_stats,
     "  jmap stats INPUT... [--json]                 the numbers of each journey and persona\n",
     help_stats},
    {"diff", cli_diff,
     "  jmap diff BEFORE AFTER [-o OUTPUT] [options] AFTER's map with the changes marked\n",
     help_diff},
    {"import", cli_import,
     "  jmap import INPUT.mmd [-o FILE.yaml]         a Mermaid journey as a journey file\n",
     help_import},
    {"watch", cli_watch,
     "  jmap watch INPUT [-o OUTPUT] [--serve PORT]  rebuild on every save; a live page\n",
     help_watch},
    {"site", cli_site,
     "  jmap site INPUT... -o DIR/ [options]         a static site: an index and a page per map\n",
     help_site},
    {"init", cli_init,
     "  jmap init [FILE] [--lang LANG]               write a starter journey\n",
     help_init},
    {"serve", cli_serve,
     "  jmap serve --stdio                           draw the maps asked for on standard input\n",
     help_serve},
    {"schema", cli_schema,
     "  jmap schema                                  print the JSON Schema of the format\n",
     help_schema},
    {"completion", cli_completion,
     "  jmap completion bash|zsh|fish                a shell completion script\n",
     help_completion},
};
const size_t cli_command_count = sizeof cli_commands / sizeof cli_commands[0];

const cli_command *cli_command_find(const char *name)
{
    for (size_t i = 0; i < cli_command_count; i++)
        if (strcmp(name, cli_commands[i].name) == 0) return &cli_commands[i];
    return NULL;
}

void cli_overview(FILE *f)
{
    fputs(overview_head, f);
    for (size_t i = 0; i < cli_command_count; i++) fputs(cli_commands[i].line, f);
    fputs(overview_tail, f);
}
