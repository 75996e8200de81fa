/* jmap watch: one build, on a save. Reads the input (and the theme file),
 * loads and draws, writes the output through cli_out (a temporary renamed
 * into place; unchanged bytes leave the file untouched), renders the page's
 * SVG into memory, and reports: diagnostics on standard error, and the
 * build's state (one line of JSON) to the server. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "cli.h"
#include "diagnostics.h"
#include "io.h"
#include "names.h"
#include "watch.h"

#define READ_LIMIT (16u * 1024u * 1024u)

/* ---- one build ---- */

typedef struct result {
    bool ok;
    char *text;                 /* what to print on standard error */
    size_t text_len;
    FILE *textf;
    char *json;                 /* the diagnostics as a JSON array */
    size_t json_len;
    FILE *jsonf;
    int first;
    size_t journeys;
} result;

static void note(result *rs, const char *file, const char *fmt, const char *arg, const char *why)
{
    char msg[1024];
    snprintf(msg, sizeof msg, fmt, arg, why);
    fprintf(rs->textf, "jmap: %s\n", msg);
    fputs(rs->first ? "\n  " : ",\n  ", rs->jsonf);
    rs->first = 0;
    fputs("{\"file\": ", rs->jsonf);
    cli_json_string(rs->jsonf, file);
    fputs(", \"line\": 0, \"column\": 0, \"severity\": \"error\", \"message\": ", rs->jsonf);
    cli_json_string(rs->jsonf, msg);
    fputc('}', rs->jsonf);
}

/* A doc's diagnostics, with each one's source line and caret. */
static void add_diags(result *rs, const jmap_doc *doc)
{
    cli_print_diags_text(rs->textf, doc, true);
    size_t n = jmap_doc_diag_count(doc);
    for (size_t i = 0; i < n; i++) {
        const jmap_diag *d = jmap_doc_diag(doc, i);
        char buf[4096];
        jmap_diag_format(doc, d, buf, sizeof buf);
        char *nl = strchr(buf, '\n'); /* the first line repeats what the page says apart */
        fputs(rs->first ? "\n  " : ",\n  ", rs->jsonf);
        rs->first = 0;
        fputs("{\"file\": ", rs->jsonf);
        cli_json_string(rs->jsonf, d->file);
        fprintf(rs->jsonf, ", \"line\": %d, \"column\": %d, \"severity\": \"%s\", \"message\": ", d->line, d->column,
                d->severity == JMAP_ERROR ? "error" : "warning");
        cli_json_string(rs->jsonf, d->message);
        fputs(", \"source\": ", rs->jsonf);
        cli_json_string(rs->jsonf, nl ? nl + 1 : "");
        fputc('}', rs->jsonf);
    }
}

/* Draws journeys [first, first+count) into the file path. */
static void write_output(watch *w, result *rs, const jmap_doc *doc, size_t first, size_t count, const char *path)
{
    cli_out o;
    int e = cli_out_open(&o, path);
    if (e) {
        note(rs, path, "cannot write '%s': %s", path, strerror(e));
        rs->ok = false;
        return;
    }
    char err[1024];
    jmap_result rc = jmap_render(w->r, doc, first, count, &w->opt, cli_out_write, &o, err, sizeof err);
    if (rc != JMAP_OK) {
        cli_out_abort(&o);
        if (o.err) note(rs, path, "cannot write '%s': %s", path, strerror(o.err));
        else note(rs, w->input, "%s: error: %s", w->input, err);
        rs->ok = false;
        return;
    }
    e = cli_out_commit(&o);
    if (e) {
        note(rs, path, "cannot write '%s': %s", path, strerror(e));
        rs->ok = false;
    }
}

/* Reads the input (and the theme file), loads and draws. Returns 1 when the
 * bytes are those of the last build reported (nothing to do), else 0 with
 * the result in rs; *svg holds the page's map when serving. */
static int build(watch *w, result *rs, cli_buf *svg, char **bytes, size_t *blen)
{
    char *data = NULL, *tdata = NULL;
    size_t len = 0, tlen = 0;
    int e = cli_read_file(w->input, READ_LIMIT, &data, &len);
    int te = w->theme ? cli_read_file(w->theme, READ_LIMIT, &tdata, &tlen) : 0;
    /* what was read (the input's length, its bytes, the theme's), to tell a
     * save that changed nothing from one that did */
    *bytes = NULL;
    *blen = 0;
    if (!e && !te) {
        *blen = sizeof len + len + tlen;
        *bytes = malloc(*blen);
        if (*bytes) {
            memcpy(*bytes, &len, sizeof len);
            if (len) memcpy(*bytes + sizeof len, data, len);
            if (tlen) memcpy(*bytes + sizeof len + len, tdata, tlen);
            if (w->reported && *blen == w->last_len && memcmp(*bytes, w->last, *blen) == 0) {
                free(data);
                free(tdata);
                return 1;
            }
        }
    }
    rs->ok = true;
    jmap_doc *theme_doc = NULL, *doc = NULL;
    if (te) {
        note(rs, w->theme, "cannot read the theme '%s': %s", w->theme, strerror(te));
        rs->ok = false;
    } else if (w->theme) {
        theme_doc = jmap_load_theme(tdata, tlen, w->theme);
        if (!theme_doc) {
            note(rs, w->theme, "out of memory reading '%s'%s", w->theme, "");
            rs->ok = false;
        } else {
            add_diags(rs, theme_doc);
            if (jmap_doc_error_count(theme_doc)) rs->ok = false;
            w->opt.theme_doc = theme_doc;
        }
    }
    if (e) {
        note(rs, w->input, "cannot read '%s': %s", w->input, strerror(e));
        rs->ok = false;
    } else {
        doc = jmap_load(data, len, w->input);
        if (!doc) {
            note(rs, w->input, "out of memory reading '%s'%s", w->input, "");
            rs->ok = false;
        } else {
            add_diags(rs, doc);
            if (jmap_doc_error_count(doc)) rs->ok = false;
        }
    }
    free(data);
    free(tdata);
    if (rs->ok) {
        size_t n = jmap_doc_journey_count(doc);
        rs->journeys = n;
        if (w->srv) {
            jmap_render_options o = w->opt;
            o.format = JMAP_SVG;
            char err[1024];
            jmap_result rc = jmap_render(w->r, doc, 0, 1, &o, cli_buf_write, svg, err, sizeof err);
            if (rc != JMAP_OK) {
                note(rs, w->input, "%s: error: %s", w->input, err);
                rs->ok = false;
            }
        }
        if (rs->ok && w->output) {
            if (n == 1 || w->opt.format == JMAP_PDF) {
                write_output(w, rs, doc, 0, n, w->output);
            } else {
                for (size_t k = 0; k < n && rs->ok; k++) {
                    char *p = cli_numbered(w->output, k + 1);
                    if (p) write_output(w, rs, doc, k, 1, p);
                    free(p);
                }
            }
        }
    }
    w->opt.theme_doc = NULL;
    jmap_doc_free(doc);
    jmap_doc_free(theme_doc);
    return 0;
}

/* The build's state for the pages: one line of JSON. */
static char *state_json(const watch *w, const result *rs)
{
    char *s = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&s, &n);
    if (!f) return NULL;
    time_t t = time(NULL);
    struct tm tm;
    char hms[16] = "";
    if (localtime_r(&t, &tm)) strftime(hms, sizeof hms, "%H:%M:%S", &tm);
    fprintf(f, "{\"ok\":%s,\"time\":\"%s\",\"journeys\":%zu,\"input\":", rs->ok ? "true" : "false", hms,
            rs->journeys);
    const char *slash = strrchr(w->input, '/');
    cli_json_string(f, slash ? slash + 1 : w->input);
    fputs(",\"diagnostics\":[", f);
    for (const char *p = rs->json ? rs->json : ""; *p; p++)
        if (*p != '\n') fputc(*p, f); /* one line: an event's data ends at a line break */
    fputs("]}", f);
    fclose(f);
    return s;
}

bool watch_attempt(watch *w, bool final)
{
    result rs;
    memset(&rs, 0, sizeof rs);
    rs.first = 1;
    rs.textf = open_memstream(&rs.text, &rs.text_len);
    rs.jsonf = open_memstream(&rs.json, &rs.json_len);
    cli_buf svg = {0};
    char *bytes = NULL;
    size_t blen = 0;
    if (!rs.textf || !rs.jsonf) {
        if (rs.textf) fclose(rs.textf);
        if (rs.jsonf) fclose(rs.jsonf);
        free(rs.text);
        free(rs.json);
        fprintf(stderr, "jmap: out of memory\n");
        return true;
    }
    int same = build(w, &rs, &svg, &bytes, &blen);
    fclose(rs.textf);
    fclose(rs.jsonf);
    bool done = true;
    if (same) {
        /* nothing changed since the last report */
    } else if (!rs.ok && !final) {
        done = false;
    } else {
        if (rs.text_len) fwrite(rs.text, 1, rs.text_len, stderr);
        if (rs.ok && !w->quiet) {
            time_t t = time(NULL);
            struct tm tm;
            char hms[16] = "";
            if (localtime_r(&t, &tm)) strftime(hms, sizeof hms, "%H:%M:%S", &tm);
            if (w->output) fprintf(stderr, "jmap: %s built %s\n", hms, w->output);
            else fprintf(stderr, "jmap: %s built %s\n", hms, w->input);
        }
        fflush(stderr);
        if (w->srv) {
            char *st = state_json(w, &rs);
            if (st) serve_publish(w->srv, rs.ok ? svg.data : NULL, svg.len, st);
            free(st);
        }
        free(w->last);
        w->last = bytes;
        w->last_len = blen;
        w->reported = bytes != NULL;
        w->failing = !rs.ok;
        bytes = NULL;
    }
    free(bytes);
    cli_buf_free(&svg);
    free(rs.text);
    free(rs.json);
    return done;
}

