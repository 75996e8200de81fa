/* The drawing options shared by build and watch (options.h). */
#include "options.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli.h"
#include "serve.h"

enum { O_OUTPUT, O_FORMAT, O_PERSONA, O_THEME, O_SCALE, O_JOBS, O_SVG_TEXT, O_ID_PREFIX, O_PAGE, O_WRAP, O_SERVE };

static const struct {
    const char *short_name, *long_name;
    unsigned needs; /* a CLI_TAKES_ flag, or 0 for every command */
} options[] = {
    [O_OUTPUT] = {"-o", "--output", 0},       [O_FORMAT] = {"-f", "--format", 0},
    [O_PERSONA] = {NULL, "--persona", 0},     [O_THEME] = {NULL, "--theme", 0},
    [O_SCALE] = {NULL, "--scale", 0},         [O_JOBS] = {"-j", "--jobs", CLI_TAKES_JOBS},
    [O_SVG_TEXT] = {NULL, "--svg-text", 0},   [O_ID_PREFIX] = {NULL, "--id-prefix", 0},
    [O_PAGE] = {NULL, "--page", 0},           [O_WRAP] = {NULL, "--wrap", 0},
    [O_SERVE] = {NULL, "--serve", CLI_TAKES_SERVE},
};

/* A decimal number (digits, at most one point), lo..hi. */
static bool decimal(const char *s, double lo, double hi, double *out)
{
    int digits = 0, points = 0;
    for (const char *p = s; *p; p++) {
        if (*p >= '0' && *p <= '9') digits++;
        else if (*p == '.') points++;
        else return false;
    }
    double v = digits && points <= 1 ? strtod(s, NULL) : -1;
    if (!(v >= lo && v <= hi)) return false;
    *out = v;
    return true;
}

/* A whole number in decimal digits, lo..hi. */
static bool whole(const char *s, long lo, long hi, long *out)
{
    long v = 0;
    if (!*s) return false;
    for (const char *p = s; *p; p++) {
        if (*p < '0' || *p > '9' || v > hi) return false;
        v = v * 10 + (*p - '0');
    }
    if (v < lo || v > hi) return false;
    *out = v;
    return true;
}

int cli_draw_option(const char *cmd, unsigned takes, int argc, char **argv, int *i, cli_draw_args *a)
{
    const char *arg = argv[*i], *val = NULL;
    int which = -1;
    for (int k = 0; k < (int)(sizeof options / sizeof *options) && which < 0; k++) {
        if (options[k].needs && !(options[k].needs & takes)) continue;
        const char *s = options[k].short_name, *l = options[k].long_name;
        size_t ll = strlen(l);
        if ((s && strcmp(arg, s) == 0) || strcmp(arg, l) == 0) which = k;
        else if (s && strncmp(arg, s, 2) == 0 && arg[2]) which = k, val = arg + 2;
        else if (strncmp(arg, l, ll) == 0 && arg[ll] == '=') which = k, val = arg + ll + 1;
    }
    if (which < 0) return cli_data_option(cmd, argc, argv, i, &a->data);
    if (!val) {
        if (*i + 1 >= argc) return cli_usage_error(cmd, "%s needs a value", arg);
        val = argv[++*i];
    }
    long n;
    switch (which) {
    case O_OUTPUT: a->output = val; break;
    case O_FORMAT:
        a->format_given = true;
        if (strcmp(val, "svg") == 0) a->opt.format = JMAP_SVG;
        else if (strcmp(val, "png") == 0) a->opt.format = JMAP_PNG;
        else if (strcmp(val, "pdf") == 0) a->opt.format = JMAP_PDF;
        else if (strcmp(val, "html") == 0) a->opt.format = JMAP_HTML;
        else return cli_usage_error(cmd, "-f takes svg, png, pdf or html, not '%s'", val);
        break;
    case O_PERSONA: a->opt.persona = val; break;
    case O_THEME: a->theme = val; break;
    case O_SCALE:
        if (!decimal(val, 0.1, 16, &a->opt.scale))
            return cli_usage_error(cmd, "--scale takes a number from 0.1 to 16, not '%s'", val);
        break;
    case O_JOBS:
        if (!whole(val, 1, 256, &n)) return cli_usage_error(cmd, "-j takes a whole number from 1 to 256, not '%s'", val);
        a->workers = (int)n;
        break;
    case O_SVG_TEXT:
        if (strcmp(val, "text") == 0) a->opt.svg_text = JMAP_SVG_TEXT_TEXT;
        else if (strcmp(val, "outlines") == 0) a->opt.svg_text = JMAP_SVG_TEXT_OUTLINES;
        else return cli_usage_error(cmd, "--svg-text takes text or outlines, not '%s'", val);
        break;
    case O_ID_PREFIX:
        if (!jmap_id_prefix_valid(val))
            return cli_usage_error(cmd, "--id-prefix takes a letter or '_' followed by letters, digits, '_', '-' or "
                                        "'.' (at most 64), or '' for none, not '%s'", val);
        a->opt.id_prefix = val;
        break;
    case O_PAGE:
        if (!jmap_paper_size(val, &a->opt.page_width, &a->opt.page_height))
            return cli_usage_error(cmd, "--page takes a4, a3, a2, letter or tabloid, each optionally -landscape "
                                        "(a3-landscape), not '%s'", val);
        break;
    case O_WRAP:
        if (strcmp(val, "auto") == 0) a->opt.wrap = JMAP_WRAP_AUTO;
        else if (strcmp(val, "off") == 0) a->opt.wrap = JMAP_WRAP_OFF;
        else if (whole(val, 1, 100000, &n)) {
            a->opt.wrap = JMAP_WRAP_COLUMNS;
            a->opt.wrap_columns = (unsigned)n;
        }
        else return cli_usage_error(cmd, "--wrap takes a number of touchpoints from 1 to 100000, auto or off, not '%s'",
                                    val);
        break;
    case O_SERVE:
        if (!serve_spec_valid(val))
            return cli_usage_error(cmd, "--serve takes [HOST:]PORT (PORT from 0 to 65535), not '%s'", val);
        a->serve = val;
        break;
    }
    return 0;
}

const char *const cli_format_ext[CLI_FORMAT_COUNT] = {"svg", "png", "pdf", "html"};

bool cli_format_from_ext(const char *path, jmap_format *f)
{
    const char *dot = strrchr(path, '.'), *slash = strrchr(path, '/');
    if (!dot || (slash && dot < slash)) return false;
    for (int i = 0; i < CLI_FORMAT_COUNT; i++)
        if (strcasecmp(dot + 1, cli_format_ext[i]) == 0) {
            *f = (jmap_format)i;
            return true;
        }
    return false;
}

bool cli_builtin_theme(const char *name)
{
    for (size_t i = 0; i < jmap_vocab_count(JMAP_VOCAB_THEMES); i++)
        if (strcmp(name, jmap_vocab_name(JMAP_VOCAB_THEMES, i)) == 0) return true;
    return false;
}
