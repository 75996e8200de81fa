/* Reading a source's data file (data.h): the path rules of the format
 * (relative to the journey's folder, never out of it) or a `--data`
 * replacement, the limits, and the file's own errors at its lines. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "load/data_file.h"
#include "model/doc.h"
#include "model/limits.h"

/* The replacement --data gives source id, or NULL. */
static const char *replacement(const jmap_load_options *o, const jm_str *id)
{
    if (!o || !id->s) return NULL;
    const char *found = NULL;
    for (size_t i = 0; i < o->n_data; i++) {
        const char *d = o->data[i];
        if (d && strncmp(d, id->s, id->len) == 0 && d[id->len] == '=') found = d + id->len + 1; /* the last wins */
    }
    return found;
}

/* The folder that file paths are relative to: o's dir, else the folder of
 * file (the journey's, or the included file's that names the source). */
static const char *base_dir(const jmap_load_options *o, const char *f, char *buf, size_t size)
{
    if (o && o->dir && o->dir[0]) return o->dir;
    const char *slash = f ? strrchr(f, '/') : NULL;
    if (!slash || strcmp(f, "<stdin>") == 0) return ".";
    size_t n = (size_t)(slash - f);
    if (n == 0) return "/";
    if (n >= size) return ".";
    memcpy(buf, f, n);
    buf[n] = '\0';
    return buf;
}

/* Whether path, once its links are followed, lies inside dir. */
static bool stays_inside(const char *dir, const char *path)
{
    char *rd = realpath(dir, NULL), *rp = realpath(path, NULL);
    bool ok = false;
    if (rd && rp) {
        size_t n = strlen(rd);
        ok = strncmp(rd, rp, n) == 0 && (rp[n] == '/' || rp[n] == '\0' || (n == 1 && rd[0] == '/'));
    } else {
        ok = !rp; /* a path that does not resolve fails when it is opened, with its reason */
    }
    free(rd);
    free(rp);
    return ok;
}

/* The file's bytes into the doc's arena; errno-like code, 0 on success. */
static int read_all(jmap_doc *doc, const char *path, char **data, size_t *len)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return errno;
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        int e = S_ISDIR(st.st_mode) ? EISDIR : errno ? errno : EINVAL;
        close(fd);
        return e;
    }
    if ((unsigned long long)st.st_size > JM_MAX_INPUT) {
        close(fd);
        return EFBIG;
    }
    size_t cap = (size_t)st.st_size, n = 0;
    char *buf = jm_alloc(&doc->arena, cap + 1);
    if (!buf) {
        close(fd);
        return ENOMEM;
    }
    while (n < cap) {
        ssize_t r = read(fd, buf + n, cap - n);
        if (r < 0 && errno == EINTR) continue;
        if (r < 0) {
            int e = errno;
            close(fd);
            return e;
        }
        if (r == 0) break;
        n += (size_t)r;
    }
    close(fd);
    *data = buf;
    *len = n;
    return 0;
}

static void file_error(jmap_doc *doc, const jm_source *src, const char *given, int e)
{
    jmap_doc *named = src->from.doc && !given ? src->from.doc : doc; /* the file that names it */
    char why[128];
    if (e == EFBIG) snprintf(why, sizeof why, "it is larger than the limit of %u MiB", JM_MAX_INPUT / (1024u * 1024u));
    else snprintf(why, sizeof why, "%s", strerror(e));
    if (given)
        jm_error(doc, (jm_pos){0, 0}, "cannot read '%s', given by --data %s=%s: %s", given, src->id.s, given, why);
    else
        jm_error(named, src->file.pos, "cannot read the data file '%s' of source '%s': %s", src->file.s, src->id.s,
                 why);
}

bool jm_data_file_read(jmap_doc *doc, const jm_source *src, jm_pos at, jm_data_table *out)
{
    memset(out, 0, sizeof *out);
    const jmap_load_options *o = doc->load_options;
    const char *given = replacement(o, &src->id);
    char dirbuf[PATH_MAX];
    char *path;
    if (given) {
        path = jm_strdup(&doc->arena, given);
    } else {
        if (!src->file.s) {
            jm_error(doc, at, "source '%s' has no file to compute from: give it 'file:' (or run with --data %s=PATH)",
                     src->id.s, src->id.s);
            return false;
        }
        if (jm_source_path_problem(src->file.s, src->file.len)) return false; /* reported */
        /* a source an `include` brought: its file is beside the included file, its errors there */
        jmap_doc *named = src->from.doc ? src->from.doc : doc;
        if (o && o->no_files) {
            jm_error(named, src->file.pos, "data files are not read here: give the rows of source '%s' another way",
                     src->id.s);
            return false;
        }
        const char *dir = src->from.doc ? base_dir(NULL, src->from.doc->file, dirbuf, sizeof dirbuf)
                                        : base_dir(o, doc->file, dirbuf, sizeof dirbuf);
        path = strcmp(dir, ".") == 0 ? jm_strdup(&doc->arena, src->file.s)
                                     : jm_sprintf(&doc->arena, "%s/%s", dir, src->file.s);
        if (path && !stays_inside(dir, path)) {
            jm_error(named, src->file.pos,
                     "the data file '%s' is a link that leads out of the journey's folder: a build reads only "
                     "files inside it (or give the file with --data %s=PATH)",
                     src->file.s, src->id.s);
            return false;
        }
    }
    if (!path) return false;
    if (!doc->data_files.size) jm_vec_init(&doc->data_files, sizeof(const char *), jm_doc_mem(doc));
    if (doc->data_files.n >= JM_MAX_DATA_FILES) {
        jm_error(doc, given ? (jm_pos){0, 0} : src->file.pos, "more than %d data files in one input",
                 JM_MAX_DATA_FILES);
        return false;
    }
    const char **slot = jm_vec_push(&doc->data_files);
    if (slot) *slot = path;
    char *data = NULL;
    size_t len = 0;
    int e = read_all(doc, path, &data, &len);
    if (e) {
        file_error(doc, src, given, e);
        return false;
    }
    out->name = jm_doc_add_file(doc, path, data, len, jm_csv_separator(path));
    if (!out->name) return false;
    jm_vec errors;
    jm_vec_init(&errors, sizeof(jm_csv_error), jm_doc_mem(doc));
    bool ok = jm_csv_read(data, len, jm_csv_separator(path), &doc->arena, &out->csv, &errors, JM_MAX_ERRORS);
    for (size_t i = 0; i < errors.n; i++) {
        const jm_csv_error *ce = &((const jm_csv_error *)errors.items)[i];
        char msg[256];
        jm_csv_error_message(ce, msg, sizeof msg);
        jm_error_in(doc, out->name, (jm_pos){(int)ce->line, (int)ce->col}, "%s", msg);
    }
    ok = ok && errors.n == 0;
    jm_vec_release(&errors);
    if (!ok) return false;
    /* the header names, for "did you mean" */
    out->headers = jm_alloc(&doc->arena, (out->csv.n_cols ? out->csv.n_cols : 1) * sizeof *out->headers);
    if (!out->headers) return false;
    for (size_t c = 0; c < out->csv.n_cols; c++) out->headers[c] = jm_csv_str(&out->csv, jm_csv_at(&out->csv, 0, c));
    out->ok = true;
    if (!src->size.s) { /* the sources list shows the rows read where no size is given */
        jm_source *s = (jm_source *)src;
        s->size.s = jm_sprintf(&doc->arena, "%zu", out->csv.n_rows);
        s->size.len = s->size.s ? strlen(s->size.s) : 0;
        s->size_n = out->csv.n_rows;
    }
    return true;
}

size_t jmap_doc_data_file_count(const jmap_doc *doc) { return doc ? doc->data_files.n : 0; }

const char *jmap_doc_data_file(const jmap_doc *doc, size_t i)
{
    if (!doc || i >= doc->data_files.n) return NULL;
    return ((const char *const *)doc->data_files.items)[i];
}
