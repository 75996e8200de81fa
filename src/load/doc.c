/* The public entry points for loading: jmap_load and the doc accessors. */
#include <stdlib.h>
#include <string.h>

#include "model/doc.h"
#include "load/data.h"
#include "load/load.h"
#include "load/mermaid.h"
#include "load/resolve.h"
#include "model/sources.h"
#include "load/include.h"
#include "base/utf8.h"

_Static_assert(JMAP_MAX_INPUT == JM_MAX_INPUT, "jmap.h's JMAP_MAX_INPUT is the loader's limit");

const char *jmap_version(void) { return JMAP_VERSION; }
int jmap_version_number(void) { return JMAP_VERSION_NUMBER; }

/* Rejects what libyaml would misread before it reads it: UTF-16, bad UTF-8, NUL. */
static bool check_bytes(jmap_doc *doc)
{
    const unsigned char *s = (const unsigned char *)doc->src;
    size_t len = doc->len;
    if (len >= 2 && ((s[0] == 0xFF && s[1] == 0xFE) || (s[0] == 0xFE && s[1] == 0xFF))) {
        jm_error(doc, (jm_pos){1, 1}, "the file is UTF-16; jmap reads UTF-8: save it as UTF-8");
        return false;
    }
    size_t bad = jm_utf8_check(doc->src, len);
    const void *nul = memchr(doc->src, 0, bad);
    if (nul) bad = (size_t)((const char *)nul - doc->src);
    if (bad < len) {
        /* position of the bad byte: lines are counted on the valid text before it */
        jm_pos pos;
        jm_line_col(doc->src, bad, bad, &pos.line, &pos.col);
        if (s[bad] == 0)
            jm_error(doc, pos, "the file contains a NUL byte; a journey file is UTF-8 text");
        else
            jm_error(doc, pos, "the file is not valid UTF-8 (byte 0x%02X): save it as UTF-8", s[bad]);
        return false;
    }
    return true;
}

typedef enum { LOAD_JOURNEYS, LOAD_THEME } load_kind;

static void load_options_copy(jmap_load_options *o, const jmap_load_options *opt);

/* The diagnostics of the input, then of each file it includes in the order
 * they were first read (each file's first JM_MAX_ERRORS by position), as
 * one list of the input's doc. */
static void combine(jmap_doc *doc)
{
    size_t n = doc->diags.n;
    jmap_doc **kids = doc->children.items;
    for (size_t i = 0; i < doc->children.n; i++) {
        jmap_doc *k = kids[i];
        jm_diags_finish(k);
        n += k->diags.n;
        doc->n_errors += k->n_errors;
        doc->truncated |= k->truncated;
        if (k->mem.failed || k->arena.failed) doc->mem.failed = true;
    }
    if (n == doc->diags.n) return;
    jmap_diag *all = jm_alloc(&doc->arena, n * sizeof *all);
    if (!all) return;
    size_t o = doc->diags.n;
    if (o) memcpy(all, doc->sorted, o * sizeof *all);
    for (size_t i = 0; i < doc->children.n; i++) {
        if (kids[i]->diags.n) memcpy(all + o, kids[i]->sorted, kids[i]->diags.n * sizeof *all);
        o += kids[i]->diags.n;
    }
    doc->sorted = all;
    doc->diags.n = n;
}

/* A doc that ran out of memory anywhere while loading (however the loader
 * took it) reports that alone: what else it found may be an effect of the
 * missing memory. Its journeys are never handed out. */
static void finish(jmap_doc *doc)
{
    jm_diags_finish(doc);
    combine(doc);
    if (!doc->mem.failed && !doc->arena.failed) return;
    jm_vec_release(&doc->diags);
    doc->oom = (jmap_diag){doc->file, 0, 0, JMAP_ERROR, "out of memory"};
    doc->sorted = &doc->oom;
    doc->diags.n = 1;
    doc->n_errors = 1;
    doc->truncated = false;
}

/* A doc of `len` bytes named file, its bytes copied and checked; NULL when
 * memory runs out. *fits is false when they are too many to read. */
static jmap_doc *doc_new(const char *data, size_t len, const char *file, const jmap_mem *mem, bool *fits)
{
    if (!mem) mem = jmap_mem_default();
    jmap_doc *doc = mem->calloc(mem->ctx, 1, sizeof *doc);
    if (!doc) return NULL;
    jm_mem_track_init(&doc->mem, mem);
    jm_arena_init(&doc->arena, jm_doc_mem(doc));
    jm_vec_init(&doc->diags, sizeof(jmap_diag), jm_doc_mem(doc));
    jm_vec_init(&doc->nears, sizeof(jm_pending_near), jm_doc_mem(doc));
    jm_vec_init(&doc->children, sizeof(jmap_doc *), jm_doc_mem(doc));
    jm_vec_init(&doc->files, sizeof(const char *), jm_doc_mem(doc));
    doc->file = jm_strdup(&doc->arena, file ? file : "<input>");
    if (!doc->file) {
        jmap_doc_free(doc);
        return NULL;
    }
    *fits = len <= JM_MAX_INPUT;
    if (!*fits) {
        /* too big to read at all: keep none of it */
        doc->src = "";
        jm_error(doc, (jm_pos){1, 1}, "the file is larger than the limit of %u MiB", JM_MAX_INPUT / (1024u * 1024u));
        return doc;
    }
    doc->len = len;
    doc->src = jm_strndup(&doc->arena, data ? data : "", len);
    if (!doc->src) {
        jmap_doc_free(doc);
        return NULL;
    }
    return doc;
}

jmap_doc *jm_doc_child(jmap_doc *top, const char *file, const char *data, size_t len, bool *readable)
{
    bool fits;
    jmap_doc *k = doc_new(data, len, file, &top->mem.user, &fits);
    jmap_doc **slot = k ? jm_vec_push(&top->children) : NULL;
    if (!slot) {
        jmap_doc_free(k);
        top->mem.failed = true;
        return NULL;
    }
    *slot = k;
    *readable = fits && check_bytes(k);
    return k;
}

static jmap_doc *load(const char *data, size_t len, const char *file, load_kind kind, const jmap_mem *mem,
                      const jmap_load_request *req)
{
    bool fits;
    jmap_doc *doc = doc_new(data, len, file, mem, &fits);
    if (!doc) return NULL;
    const char **self = jm_vec_push(&doc->files);
    if (self) *self = doc->file;
    if (!fits) {
        finish(doc);
        return doc;
    }
    if (check_bytes(doc)) {
        if (kind == LOAD_JOURNEYS && jm_is_mermaid(doc->src, doc->len, doc->file)) {
            jm_mermaid_load(doc);
        } else if (kind == LOAD_JOURNEYS) {
            jm_load(doc);
            jm_includer in;
            jm_includer_init(&in, doc, req);
            doc->load_options = req ? req->options : NULL;
            for (size_t i = 0; i < doc->n_journeys; i++) {
                jm_include_merge(&in, doc, doc->journeys[i]);
                jm_data_resolve(doc, doc->journeys[i]);
                jm_resolve(doc, doc->journeys[i]);
                jm_data_bind(doc, doc->journeys[i]);
                jm_details(&in, doc->journeys[i]);
            }
            doc->load_options = NULL;
            jm_includer_release(&in);
            if (doc->n_errors) jm_mermaid_markdown_note(doc);
        } else {
            jm_theme_spec spec;
            memset(&spec, 0, sizeof spec);
            jm_load_theme_spec(doc, &spec);
            doc->theme = jm_alloc(&doc->arena, sizeof *doc->theme);
            if (doc->theme) jm_theme_from_spec(doc, &spec, doc->theme);
        }
    }
    finish(doc);
    return doc;
}

jmap_doc *jmap_load(const char *data, size_t len, const char *file)
{
    return load(data, len, file, LOAD_JOURNEYS, NULL, NULL);
}

jmap_doc *jmap_load_with(const char *data, size_t len, const char *file, const jmap_mem *mem)
{
    return load(data, len, file, LOAD_JOURNEYS, mem, NULL);
}

void jmap_load_request_init(jmap_load_request *req, size_t size)
{
    if (!req || size == 0) return;
    memset(req, 0, size);
    req->size = size;
}

jmap_doc *jmap_load_request_run(const jmap_load_request *req)
{
    if (!req || req->size == 0) return NULL;
    /* the fields this library knows, the defaults for those the caller's header lacked */
    jmap_load_request r;
    jmap_load_request_init(&r, sizeof r);
    memcpy(&r, req, req->size < sizeof r ? req->size : sizeof r);
    r.size = sizeof r;
    /* the data options too, as jmap_load_opt reads them */
    jmap_load_options o;
    if (r.options) {
        load_options_copy(&o, r.options);
        r.options = &o;
    }
    return load(r.data, r.len, r.file, LOAD_JOURNEYS, r.mem, &r);
}

size_t jmap_doc_file_count(const jmap_doc *doc) { return doc ? doc->files.n : 0; }

const char *jmap_doc_file(const jmap_doc *doc, size_t i)
{
    return doc && i < doc->files.n ? ((const char *const *)doc->files.items)[i] : NULL;
}

jmap_doc *jmap_load_theme(const char *data, size_t len, const char *file)
{
    return load(data, len, file, LOAD_THEME, NULL, NULL);
}

jmap_doc *jmap_load_theme_with(const char *data, size_t len, const char *file, const jmap_mem *mem)
{
    return load(data, len, file, LOAD_THEME, mem, NULL);
}

/* The data options this library knows, from a struct of the caller's size. */
static void load_options_copy(jmap_load_options *o, const jmap_load_options *opt)
{
    jmap_load_options_init(o, sizeof *o);
    if (opt && opt->size >= sizeof opt->size) memcpy(o, opt, opt->size < sizeof *o ? opt->size : sizeof *o);
    o->size = sizeof *o;
}

void jmap_load_options_init(jmap_load_options *opt, size_t size)
{
    if (!opt || size < sizeof opt->size) return;
    memset(opt, 0, size);
    opt->size = size;
}

jmap_doc *jmap_load_opt(const char *data, size_t len, const char *file, const jmap_load_options *opt)
{
    /* a load request that includes nothing (no reader: an `include` is an error) */
    jmap_load_request req;
    jmap_load_request_init(&req, sizeof req);
    req.data = data;
    req.len = len;
    req.file = file;
    req.mem = opt && opt->size > offsetof(jmap_load_options, mem) ? opt->mem : NULL;
    req.options = opt;
    return jmap_load_request_run(&req);
}

void jmap_doc_free(jmap_doc *doc)
{
    if (!doc) return;
    jmap_doc **kids = doc->children.items;
    for (size_t i = 0; i < doc->children.n; i++) jmap_doc_free(kids[i]);
    jm_vec_release(&doc->children);
    jm_vec_release(&doc->files);
    jm_vec_release(&doc->diags);
    jm_vec_release(&doc->nears);
    jm_vec_release(&doc->others);
    jm_vec_release(&doc->data_files);
    jm_arena_free(&doc->arena);
    jmap_mem user = doc->mem.user;
    user.free(user.ctx, doc);
}

size_t jmap_doc_journey_count(const jmap_doc *doc) { return doc && doc->n_errors == 0 ? doc->n_journeys : 0; }

const jmap_journey *jmap_doc_journey(const jmap_doc *doc, size_t i)
{
    return i < jmap_doc_journey_count(doc) ? doc->journeys[i] : NULL;
}

const char *jmap_doc_journey_file(const jmap_doc *doc, size_t *len)
{
    bool ok = doc && doc->yaml && doc->n_errors == 0;
    if (len) *len = ok ? doc->yaml_len : 0;
    return ok ? doc->yaml : NULL;
}

const char *jmap_journey_title(const jmap_journey *j) { return j && j->title.s ? j->title.s : ""; }

size_t jmap_journey_source_count(const jmap_journey *j) { return j ? j->n_sources : 0; }

const char *jmap_journey_source_id(const jmap_journey *j, size_t i)
{
    return j && i < j->n_sources && j->sources[i].id.s ? j->sources[i].id.s : NULL;
}
