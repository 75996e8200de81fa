/* jmap watch: one build, on a save. Reads the input (and the theme file),
 * refusing anything but a regular file without blocking on it (a FIFO, a
 * device), loads and draws, checks every output it is about to write
 * against what it read (a numbered output, or one that a link leads to, may
 * name the input), writes the output through cli_out (a temporary renamed
 * into place; unchanged bytes leave the file untouched), renders the page's
 * SVG into memory, and reports: diagnostics on standard error, and the
 * build's state (one line of JSON) to the server. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "cli.h"
#include "diagnostics.h"
#include "io.h"
#include "names.h"
#include "reader.h"
#include "watch.h"


/* ---- reading ---- */

const char *watch_why_unreadable(int e, mode_t mode)
{
    if (e != WATCH_NOT_REGULAR) return strerror(e);
    return S_ISFIFO(mode)   ? "not a regular file but a named pipe (FIFO)"
           : S_ISCHR(mode)  ? "not a regular file but a character device"
           : S_ISBLK(mode)  ? "not a regular file but a block device"
           : S_ISSOCK(mode) ? "not a regular file but a socket"
                            : "not a regular file";
}

/* Reads a regular file whole (at most JMAP_MAX_INPUT bytes and one more, for
 * the loader to say it is too big). Opened without blocking and looked at
 * before anything is read: anything else is refused (WATCH_NOT_REGULAR), so
 * a FIFO put in the input's place never stalls the watch. Returns 0, an
 * errno value or WATCH_NOT_REGULAR; *st describes what was opened. */
static int read_regular(const char *path, char **data, size_t *len, struct stat *st)
{
    *data = NULL;
    *len = 0;
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) return errno;
    int e = fstat(fd, st) != 0        ? errno
            : S_ISDIR(st->st_mode)  ? EISDIR
            : !S_ISREG(st->st_mode) ? WATCH_NOT_REGULAR
                                    : 0;
    size_t cap = e || st->st_size <= 0 ? 65536 : (size_t)st->st_size + 1, n = 0;
    if (cap > JMAP_MAX_INPUT + 1) cap = JMAP_MAX_INPUT + 1;
    char *buf = e ? NULL : malloc(cap + 1);
    if (!e && !buf) e = ENOMEM;
    while (!e) {
        if (n == cap) {
            if (cap > JMAP_MAX_INPUT) break;
            size_t ncap = cap * 2 > JMAP_MAX_INPUT + 1 ? JMAP_MAX_INPUT + 1 : cap * 2;
            char *nb = realloc(buf, ncap + 1);
            if (!nb) { e = ENOMEM; break; }
            buf = nb;
            cap = ncap;
        }
        ssize_t r = read(fd, buf + n, cap - n);
        if (r < 0 && errno == EINTR) continue;
        if (r < 0) e = errno == EAGAIN ? EIO : errno;
        if (r <= 0) break;
        n += (size_t)r;
    }
    close(fd);
    if (e) {
        free(buf);
        return e;
    }
    buf[n] = '\0';
    *data = buf;
    *len = n;
    return 0;
}

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
    bool retry;                 /* failed for want of an output: try the same bytes again */
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

/* What a build read: the files an output must never be. */
typedef struct read_files {
    struct stat input, theme;
    bool has_theme;
} read_files;

static bool same_inode(const struct stat *a, const struct stat *b)
{
    return a->st_dev == b->st_dev && a->st_ino == b->st_ino;
}

/* Why the output path must not be written, or NULL. Looked at on every
 * build, through any link: a link made since the start, or a numbered
 * output, may lead to the input or the theme (as read, or as named now). */
static const char *refusal(const watch *w, const char *path, const read_files *rf)
{
    struct stat st;
    if (stat(path, &st) != 0) return NULL; /* a new file, or one cli_out_open reports */
    if (!S_ISREG(st.st_mode)) return "it is not a regular file; watch replaces a file on each build";
    if (same_inode(&st, &rf->input) || cli_same_file(path, w->input))
        return "it is the input; jmap never overwrites what it reads";
    if (w->theme && ((rf->has_theme && same_inode(&st, &rf->theme)) || cli_same_file(path, w->theme)))
        return "it is the --theme file; jmap never overwrites what it reads";
    return NULL;
}

/* A failure for want of an output: the same bytes saved again try again. */
static void cannot_write(result *rs, const char *path, const char *why)
{
    note(rs, path, "cannot write '%s': %s", path, why);
    rs->ok = false;
    rs->retry = true;
}

/* Draws journeys [first, first+count) into the file path. */
static void write_output(watch *w, result *rs, const jmap_doc *doc, size_t first, size_t count, const char *path)
{
    cli_out o;
    int e = cli_out_open(&o, path);
    if (e) {
        cannot_write(rs, path, strerror(e));
        return;
    }
    char err[1024];
    jmap_render_request req;
    jmap_render_request_init(&req, sizeof req);
    req.doc = doc;
    req.first = first;
    req.count = count;
    req.options = &w->opt;
    req.write = cli_out_write;
    req.write_ctx = &o;
    jmap_result rc = jmap_render(w->r, &req, err, sizeof err);
    if (rc != JMAP_OK) {
        cli_out_abort(&o);
        if (o.err) {
            cannot_write(rs, path, strerror(o.err));
        } else {
            note(rs, w->input, "%s: error: %s", w->input, err);
            rs->ok = false;
        }
        return;
    }
    e = cli_out_commit(&o);
    if (e) cannot_write(rs, path, strerror(e));
}

/* The k-th of the build's n_files outputs: -o, or NAME-K.EXT for each journey. */
static char *output_name(const watch *w, size_t k, size_t n_files)
{
    return n_files == 1 ? strdup(w->output) : cli_numbered(w->output, k + 1);
}

/* Every output checked first, then drawn: none is written when one is refused. */
static void write_outputs(watch *w, result *rs, const jmap_doc *doc, const read_files *rf)
{
    size_t n = jmap_doc_journey_count(doc);
    size_t n_files = n == 1 || w->opt.format == JMAP_PDF ? 1 : n;
    for (size_t k = 0; k < n_files && rs->ok; k++) {
        char *p = output_name(w, k, n_files);
        const char *why = p ? refusal(w, p, rf) : strerror(ENOMEM);
        if (why) cannot_write(rs, p ? p : w->output, why);
        free(p);
    }
    for (size_t k = 0; k < n_files && rs->ok; k++) {
        char *p = output_name(w, k, n_files);
        if (!p) cannot_write(rs, w->output, strerror(ENOMEM));
        else if (n_files == 1) write_output(w, rs, doc, 0, n, p);
        else write_output(w, rs, doc, k, 1, p);
        free(p);
    }
}

static struct watch_sig dep_sig(const char *path)
{
    struct stat st;
    struct watch_sig s = {0, 0, 0, 0, false};
    if (stat(path, &st) == 0)
        s = (struct watch_sig){(long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec, (long long)st.st_size,
                               (long long)st.st_ino, true};
    return s;
}

bool watch_deps_moved(const watch *w)
{
    for (int i = 0; i < w->n_deps; i++) {
        struct watch_sig a = w->dep_sigs[i], b = dep_sig(w->deps[i]);
        if (a.exists != b.exists || a.sec != b.sec || a.nsec != b.nsec || a.size != b.size || a.ino != b.ino)
            return true;
    }
    return false;
}

/* The files doc includes become the watch's (watched from the next event on). */
static void keep_deps(watch *w, const jmap_doc *doc)
{
    size_t n = jmap_doc_file_count(doc);
    int k = 0;
    bool same = true;
    for (size_t i = 1; i < n && k < WATCH_DEPS; i++, k++)
        same = same && k < w->n_deps && strcmp(w->deps[k], jmap_doc_file(doc, i)) == 0;
    for (int i = 0; same && i < w->n_deps; i++) w->dep_sigs[i] = dep_sig(w->deps[i]);
    if (same && k == w->n_deps) return;
    for (int i = 0; i < w->n_deps; i++) free(w->deps[i]);
    w->n_deps = 0;
    for (size_t i = 1; i < n && w->n_deps < WATCH_DEPS; i++) {
        char *d = strdup(jmap_doc_file(doc, i));
        if (!d) continue;
        w->dep_sigs[w->n_deps] = dep_sig(d);
        w->deps[w->n_deps++] = d;
    }
    w->deps_changed = true;
}

/* Reads the input (and the theme file), loads and draws. Returns 1 when the
 * bytes are those of the last build reported (nothing to do), else 0 with
 * the result in rs; *svg holds the page's map when serving. */
/* Remembers the data files doc read, when they are not those of the last build. */
static void data_files(watch *w, const jmap_doc *doc)
{
    size_t n = jmap_doc_data_file_count(doc);
    if (n > WATCH_DATA) n = WATCH_DATA;
    bool same = (int)n == w->n_data_files;
    for (size_t i = 0; i < n && same; i++) same = strcmp(jmap_doc_data_file(doc, i), w->data_files[i]) == 0;
    if (same) return;
    for (int i = 0; i < w->n_data_files; i++) free(w->data_files[i]);
    w->n_data_files = 0;
    for (size_t i = 0; i < n; i++) {
        char *p = strdup(jmap_doc_data_file(doc, i));
        if (p) w->data_files[w->n_data_files++] = p;
    }
    w->data_files_changed = true;
}

static int build(watch *w, result *rs, cli_buf *svg, char **bytes, size_t *blen)
{
    char *data = NULL, *tdata = NULL;
    size_t len = 0, tlen = 0;
    read_files rf;
    memset(&rf, 0, sizeof rf);
    int e = read_regular(w->input, &data, &len, &rf.input);
    int te = w->theme ? read_regular(w->theme, &tdata, &tlen, &rf.theme) : 0;
    rf.has_theme = w->theme && !te;
    /* what was read (the input's length, its bytes, the theme's), to tell a
     * save that changed nothing from one that did; unless the last build
     * could not write an output, which the same bytes may now reach */
    *bytes = NULL;
    *blen = 0;
    if (!e && !te) {
        /* and each data file's size and time of change: a new export is a change */
        struct stat ds[WATCH_DATA];
        size_t dlen = (size_t)w->n_data_files * sizeof ds[0];
        memset(ds, 0, sizeof ds);
        for (int i = 0; i < w->n_data_files; i++) {
            struct stat st;
            if (stat(w->data_files[i], &st) == 0) {
                ds[i].st_size = st.st_size;
                ds[i].st_mtim = st.st_mtim;
                ds[i].st_ino = st.st_ino;
            }
        }
        *blen = sizeof len + len + tlen + dlen;
        *bytes = malloc(*blen);
        if (*bytes) {
            memcpy(*bytes, &len, sizeof len);
            if (len) memcpy(*bytes + sizeof len, data, len);
            if (tlen) memcpy(*bytes + sizeof len + len, tdata, tlen);
            if (dlen) memcpy(*bytes + sizeof len + len + tlen, ds, dlen);
            /* (with files included, one of those may be what changed) */
            if (w->reported && !w->retry && !w->n_deps && *blen == w->last_len &&
                memcmp(*bytes, w->last, *blen) == 0) {
                free(data);
                free(tdata);
                return 1;
            }
        }
    }
    rs->ok = true;
    jmap_doc *theme_doc = NULL, *doc = NULL;
    if (te) {
        note(rs, w->theme, "cannot read the theme '%s': %s", w->theme, watch_why_unreadable(te, rf.theme.st_mode));
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
        note(rs, w->input, "cannot read '%s': %s", w->input, watch_why_unreadable(e, rf.input.st_mode));
        rs->ok = false;
    } else {
        doc = cli_load(data, len, w->input, 0, cli_data_load(&w->data));
        data_files(w, doc);
        keep_deps(w, doc);
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
        rs->journeys = jmap_doc_journey_count(doc);
        if (w->srv) {
            jmap_render_options o = w->opt;
            o.format = JMAP_SVG;
            char err[1024];
            jmap_render_request req;
            jmap_render_request_init(&req, sizeof req);
            req.doc = doc;
            req.options = &o;
            req.write = cli_buf_write;
            req.write_ctx = svg;
            jmap_result rc = jmap_render(w->r, &req, err, sizeof err);
            if (rc != JMAP_OK) {
                note(rs, w->input, "%s: error: %s", w->input, err);
                rs->ok = false;
            }
        }
        if (rs->ok && w->output) write_outputs(w, rs, doc, &rf);
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
        w->retry = rs.retry;
        bytes = NULL;
    }
    free(bytes);
    cli_buf_free(&svg);
    free(rs.text);
    free(rs.json);
    return done;
}

