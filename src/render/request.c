/* The render request and options of jmap.h: their initialisers, how a struct
 * of another size is taken (the ABI promise of docs/api.md), and the checks
 * of every option. */
#include "render/request.h"

#include <stdio.h>
#include <string.h>

#define WRAP_COLUMNS_MAX 100000u

void jmap_render_options_init(jmap_render_options *opt, size_t size)
{
    if (!opt || size < sizeof opt->size) return;
    memset(opt, 0, size);
    jmap_render_options d = {.size = size, .format = JMAP_SVG, .scale = 1, .wrap = JMAP_WRAP_DEFAULT};
    memcpy(opt, &d, size < sizeof d ? size : sizeof d);
}

void jmap_render_request_init(jmap_render_request *req, size_t size)
{
    if (!req || size < sizeof req->size) return;
    memset(req, 0, size);
    jmap_render_request d = {.size = size, .count = 1};
    memcpy(req, &d, size < sizeof d ? size : sizeof d);
}

/* Takes a struct the caller made at its own size into *out (already holding
 * the defaults): the fields both know are copied; a larger struct, from a
 * newer header, may only carry zeros past what this library knows. */
static bool take_sized(const void *in, size_t size, void *out, size_t ours, const char *what, char *err,
                       size_t errsize)
{
    if (size < sizeof(size_t) || size > 4096) {
        snprintf(err, errsize, "the %s were not set up (call %s_init first)", what,
                 strcmp(what, "options") == 0 ? "jmap_render_options" : "jmap_render_request");
        return false;
    }
    const unsigned char *b = in;
    for (size_t i = ours; i < size; i++)
        if (b[i]) {
            snprintf(err, errsize, "the %s use fields that this jmap (%s) does not know: the program was built "
                                   "with a newer jmap.h", what, JMAP_VERSION);
            return false;
        }
    memcpy(out, in, size < ours ? size : ours);
    return true;
}

static bool check_options(const jmap_render_options *opt, char *err, size_t errsize)
{
    if ((unsigned)opt->format > JMAP_HTML) {
        snprintf(err, errsize, "unknown output format %d", (int)opt->format);
        return false;
    }
    if ((unsigned)opt->svg_text > JMAP_SVG_TEXT_OUTLINES) {
        snprintf(err, errsize, "unknown SVG text mode %d", (int)opt->svg_text);
        return false;
    }
    if ((unsigned)opt->wrap > JMAP_WRAP_OFF ||
        (opt->wrap == JMAP_WRAP_COLUMNS && (opt->wrap_columns < 1 || opt->wrap_columns > WRAP_COLUMNS_MAX))) {
        snprintf(err, errsize, "wrap must be JMAP_WRAP_DEFAULT, JMAP_WRAP_AUTO, JMAP_WRAP_OFF or JMAP_WRAP_COLUMNS "
                               "with 1 to %u columns", WRAP_COLUMNS_MAX);
        return false;
    }
    if (!(opt->scale >= 0 && opt->scale <= 1000)) { /* also NaN */
        snprintf(err, errsize, "the scale must be from 0 (meaning 1) to 1000");
        return false;
    }
    if (opt->has_date && (opt->date < 0 || opt->date > 253402300799LL)) {
        snprintf(err, errsize, "the date must be from 0 to 253402300799 seconds since 1970 (the year 9999)");
        return false;
    }
    if ((opt->format == JMAP_SVG || opt->format == JMAP_HTML) && opt->id_prefix && !jmap_id_prefix_valid(opt->id_prefix)) {
        snprintf(err, errsize, "the id prefix must be a letter or '_' followed by letters, digits, '_', '-' or '.', "
                               "at most 64 bytes");
        return false;
    }
    if (opt->format == JMAP_PDF && (opt->page_width || opt->page_height) &&
        !(opt->page_width >= 144 && opt->page_height >= 144 && opt->page_width <= 14400 && opt->page_height <= 14400)) {
        snprintf(err, errsize, "a poster's page must be from 144 to 14400 points on each side");
        return false;
    }
    return true;
}

bool jm_render_request_take(const jmap_render_request *in, jmap_render_request *req, jmap_render_options *opt,
                            char *err, size_t errsize)
{
    if (!in) {
        snprintf(err, errsize, "no request");
        return false;
    }
    jmap_render_request_init(req, sizeof *req);
    if (!take_sized(in, in->size, req, sizeof *req, "request", err, errsize)) return false;
    req->size = sizeof *req;
    jmap_render_options_init(opt, sizeof *opt);
    if (req->options && !take_sized(req->options, req->options->size, opt, sizeof *opt, "options", err, errsize))
        return false;
    opt->size = sizeof *opt;
    req->options = opt;
    if (!req->write) {
        snprintf(err, errsize, "the request has no write function");
        return false;
    }
    return check_options(opt, err, errsize);
}

int jmap_paper_size(const char *name, double *width, double *height)
{
    static const struct {
        const char *name;
        double w, h; /* portrait, in points */
    } papers[] = {
#define JM_PAPER(name, w, h) {name, w, h},
#include "model/papers.def"
#undef JM_PAPER
    };
    if (!name) return 0;
    size_t n = strlen(name);
    static const char land[] = "-landscape";
    bool landscape = n > sizeof land - 1 && strcmp(name + n - (sizeof land - 1), land) == 0;
    if (landscape) n -= sizeof land - 1;
    for (size_t i = 0; i < sizeof papers / sizeof *papers; i++)
        if (strlen(papers[i].name) == n && strncmp(papers[i].name, name, n) == 0) {
            if (width) *width = landscape ? papers[i].h : papers[i].w;
            if (height) *height = landscape ? papers[i].w : papers[i].h;
            return 1;
        }
    return 0;
}

int jmap_id_prefix_valid(const char *s)
{
    if (!s) return 0;
    size_t n = strlen(s);
    if (n == 0) return 1;
    if (n > 64 || !((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || *s == '_')) return 0;
    for (const char *p = s; *p; p++)
        if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_' ||
              *p == '-' || *p == '.'))
            return 0;
    return 1;
}

