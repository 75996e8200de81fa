/* Many files (include.h): what `include` takes, merged into a journey, and
 * `detail` paths made plain and checked. */
#include "load/include.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "base/relpath.h"
#include "load/load.h"
#include "model/sources.h"

/* The top-level keys an include takes: the rest of an included file is not read. */
static const char *const taken_keys[] = {"personas", "channels", "sources", "labels", "theme", "lang", "include"};

bool jm_include_takes(const char *key)
{
    for (size_t i = 0; i < sizeof taken_keys / sizeof *taken_keys; i++)
        if (strcmp(key, taken_keys[i]) == 0) return true;
    return false;
}

/* The records an include takes that have ids (each with its jm_origin):
 * where their array and count stand in a journey, their size, and where
 * their origin stands in them. A new kind is one row. */
typedef struct shared_kind {
    size_t items, count, size, from;
} shared_kind;

#define SHARED(array, n, type) {offsetof(jmap_journey, array), offsetof(jmap_journey, n), sizeof(type), offsetof(type, from)}
static const shared_kind shared_kinds[] = {
    SHARED(personas, n_personas, jm_persona),
    SHARED(channels, n_declared_channels, jm_channel),
    SHARED(sources, n_sources, jm_source),
};
#undef SHARED

static void **items_of(jmap_journey *j, const shared_kind *k) { return (void **)((char *)j + k->items); }
static size_t *count_of(jmap_journey *j, const shared_kind *k) { return (size_t *)((char *)j + k->count); }
static jm_origin *origin_of(void *rec, const shared_kind *k) { return (jm_origin *)((char *)rec + k->from); }

void jm_includer_init(jm_includer *in, jmap_doc *top, const jmap_load_request *req)
{
    memset(in, 0, sizeof *in);
    in->top = top;
    in->req = req;
    in->chain[0] = top->file;
    jm_strmap_init(&in->seen, jm_doc_mem(top));
    jm_strmap_put(&in->seen, top->file, strlen(top->file), top);
    top->on_chain = true;
}

void jm_includer_release(jm_includer *in)
{
    in->top->on_chain = false;
    jm_strmap_release(&in->seen);
}

/* "a.yaml -> b.yaml -> path": the chain from chain[from] on, then path. */
static const char *chain_text(jm_includer *in, size_t from, const char *path)
{
    jm_arena *a = &in->top->arena;
    const char *s = "";
    for (size_t i = from; i <= in->depth; i++) s = jm_sprintf(a, "%s%s -> ", s ? s : "", in->chain[i]);
    return s ? jm_sprintf(a, "%s%s", s, path) : NULL;
}

/* A path as written, relative to the folder of `file`, made plain and put
 * after that folder; NULL (reported at p as `what`) when it may not be. */
static const char *path_beside(jmap_doc *doc, const char *file, const jm_str *p, const char *what)
{
    char *plain = jm_alloc(&doc->arena, p->len + 1);
    if (!plain) return NULL;
    const char *why = NULL;
    if (!jm_relpath_plain(p->s, p->len, plain, &why)) {
        jm_error(doc, p->pos, "%s '%s': %s", what, p->s, why);
        return NULL;
    }
    size_t dl = jm_relpath_dir_len(file);
    return jm_sprintf(&doc->arena, "%.*s%s", (int)dl, file, plain);
}

/* The folder of a file's name, without its '/' ("" for none). */
static const char *folder_of(jm_arena *a, const char *file)
{
    size_t dl = jm_relpath_dir_len(file);
    return jm_strndup(a, file, dl > 1 ? dl - 1 : dl);
}

/* Reads path through the caller's reader into a new doc of top's; NULL
 * (reported at at in doc, prefixed by what) when it cannot be read. */
static jmap_doc *read_file(jm_includer *in, jmap_doc *doc, jm_pos at, const char *path, const char *what,
                           bool *readable)
{
    const jmap_reader *r = in->req ? in->req->reader : NULL;
    if (!r || !r->read) {
        jm_error(doc, at, "%s '%s': files are read only when the input is read from a file (with a reader)", what,
                 path);
        return NULL;
    }
    const char *data = NULL;
    size_t len = 0;
    char why[256] = "";
    if (r->read(r->ctx, path, folder_of(&in->top->arena, doc->file), &data, &len, why, sizeof why) != 0) {
        why[sizeof why - 1] = '\0';
        jm_error(doc, at, "%s '%s': %s", what, path, why[0] ? why : "it cannot be read");
        return NULL;
    }
    jmap_doc *k = NULL;
    if (len > JM_MAX_INPUT - in->bytes) {
        jm_error(doc, at, "%s '%s': the included files together are larger than the limit of %u MiB", what, path,
                 JM_MAX_INPUT / (1024u * 1024u));
    } else {
        in->bytes += len;
        k = jm_doc_child(in->top, path, data, len, readable);
    }
    if (r->release) r->release(r->ctx, data, len);
    return k;
}

/* The doc of the file an include entry names, read (and what it includes
 * merged into it) the first time; NULL when it cannot be had (reported). */
static jmap_doc *include_one(jm_includer *in, jmap_doc *doc, const jm_str *e)
{
    const char *path = path_beside(doc, doc->file, e, "cannot include");
    if (!path) return NULL;
    jmap_doc *k = jm_strmap_get(&in->seen, path, strlen(path));
    if (k && k->on_chain) {
        size_t from = 0;
        while (from < in->depth && strcmp(in->chain[from], path) != 0) from++;
        const char *c = chain_text(in, from, path);
        jm_error(doc, e->pos, "the includes go round in a circle: %s", c ? c : path);
        return NULL;
    }
    if (k) return k;
    if (in->depth + 1 > JM_MAX_INCLUDE_DEPTH) {
        const char *c = chain_text(in, 0, path);
        jm_error(doc, e->pos, "includes nest at most %d deep: %s", JM_MAX_INCLUDE_DEPTH, c ? c : path);
        return NULL;
    }
    if (in->top->children.n >= JM_MAX_INCLUDE_FILES) {
        if (!in->too_many)
            jm_error(doc, e->pos, "an input includes at most %d different files, all levels together",
                     JM_MAX_INCLUDE_FILES);
        in->too_many = true;
        return NULL;
    }
    const char **dep = jm_vec_push(&in->top->files);
    if (dep) *dep = path;
    bool readable = false;
    k = read_file(in, doc, e->pos, path, "cannot include", &readable);
    if (!k) return NULL;
    jm_strmap_put(&in->seen, k->file, strlen(k->file), k);
    if (!readable) return k;
    jm_load_shared(k);
    if (!k->shared) return k;
    k->on_chain = true;
    in->chain[++in->depth] = k->file;
    jm_include_merge(in, k, k->shared);
    in->depth--;
    k->on_chain = false;
    return k;
}

/* The records of one kind: those the includes bring (each once, however
 * many ways it comes), then the journey's own. */
static void merge_kind(jm_includer *in, jmap_doc *doc, jmap_journey *j, const shared_kind *sk, jmap_doc **got,
                       unsigned stamp)
{
    const jm_list *inc = &j->include;
    size_t total = *count_of(j, sk);
    for (size_t i = 0; i < inc->n; i++)
        if (got[i] && got[i]->shared) total += *count_of(got[i]->shared, sk);
    if (total == *count_of(j, sk)) return;
    char *out = jm_alloc(&doc->arena, total * sk->size);
    if (!out) return;
    size_t o = 0;
    for (size_t i = 0; i < inc->n; i++) {
        if (!got[i] || !got[i]->shared) continue;
        char *recs = *items_of(got[i]->shared, sk);
        size_t n = *count_of(got[i]->shared, sk);
        for (size_t r = 0; r < n; r++) {
            jm_origin from = *origin_of(recs + r * sk->size, sk);
            jmap_doc *origin = from.doc ? from.doc : got[i];
            if (origin->stamp == stamp && origin->entry != (unsigned)i) continue; /* came by an earlier entry */
            origin->stamp = stamp;
            origin->entry = (unsigned)i;
            memcpy(out + o * sk->size, recs + r * sk->size, sk->size);
            *origin_of(out + o * sk->size, sk) = (jm_origin){origin, inc->items[i].pos};
            o++;
        }
    }
    size_t own = *count_of(j, sk);
    if (own) memcpy(out + o * sk->size, *items_of(j, sk), own * sk->size);
    *items_of(j, sk) = out;
    *count_of(j, sk) = o + own;
    (void)in;
}

/* labels word by word, lang and theme whole: the journey's own, else the
 * last include that gives them. */
static void merge_words_theme(jmap_doc *doc, jmap_journey *j, jmap_doc **got)
{
    const jm_list *inc = &j->include;
    jm_str *labels = NULL;
    for (size_t i = inc->n; i-- > 0;) {
        const jmap_journey *s = got[i] ? got[i]->shared : NULL;
        if (!s) continue;
        if (!j->lang.s && s->lang.s) {
            j->lang = s->lang;
            j->language = s->language;
        }
        if (!j->theme_spec.pos.line && s->theme_spec.pos.line) {
            j->theme_spec = s->theme_spec;
            if (!j->theme_spec.from.doc) j->theme_spec.from.doc = got[i];
            j->theme_spec.from.via = inc->items[i].pos;
        }
        if (!s->labels) continue;
        if (!labels) {
            labels = jm_alloc(&doc->arena, JM_W_COUNT * sizeof *labels);
            if (!labels) return;
            if (j->labels) memcpy(labels, j->labels, JM_W_COUNT * sizeof *labels);
        }
        for (int w = 0; w < JM_W_COUNT; w++)
            if (!labels[w].s && s->labels[w].s) labels[w] = s->labels[w];
    }
    if (labels) j->labels = labels;
}

void jm_include_merge(jm_includer *in, jmap_doc *doc, jmap_journey *j)
{
    const jm_list *inc = &j->include;
    if (!inc->n) return;
    jmap_doc **got = jm_alloc(&doc->arena, inc->n * sizeof *got);
    if (!got) return;
    for (size_t i = 0; i < inc->n; i++) {
        got[i] = include_one(in, doc, &inc->items[i]);
        const jmap_journey *s = got[i] ? got[i]->shared : NULL;
        if (!got[i] || got[i]->n_errors || !s) {
            /* what it failed to give may be what a reference names */
            j->personas_incomplete = j->channels_incomplete = j->sources_incomplete = true;
            continue;
        }
        j->personas_incomplete |= s->personas_incomplete;
        j->channels_incomplete |= s->channels_incomplete;
        j->sources_incomplete |= s->sources_incomplete;
    }
    unsigned stamp = ++in->stamp;
    for (size_t k = 0; k < sizeof shared_kinds / sizeof *shared_kinds; k++)
        merge_kind(in, doc, j, &shared_kinds[k], got, stamp);
    merge_words_theme(doc, j, got);
    if (j->n_personas > JM_MAX_PERSONAS) {
        const jm_persona *p = &j->personas[JM_MAX_PERSONAS];
        jm_error(doc, p->from.doc ? p->from.via : p->pos,
                 "more than %d personas with those the includes bring: a map draws a curve for each, so split "
                 "them across maps", JM_MAX_PERSONAS);
        j->n_personas = JM_MAX_PERSONAS;
        j->personas_incomplete = true;
    }
}

/* ---- detail ---- */

/* Whether the detail map at path (named by d) can be read and is a
 * journey; reported at d when not. Each file is loaded once. */
static void check_detail(jm_includer *in, jm_strmap *checked, const jm_str *d, const char *path)
{
    jmap_doc *top = in->top;
    if (jm_strmap_get(checked, path, strlen(path))) return;
    jm_strmap_put(checked, path, strlen(path), (void *)path);
    const jmap_reader *r = in->req->reader;
    const char *data = NULL;
    size_t len = 0;
    char why[256] = "";
    if (!r || !r->read ||
        r->read(r->ctx, path, folder_of(&top->arena, top->file), &data, &len, why, sizeof why) != 0) {
        why[sizeof why - 1] = '\0';
        jm_error(top, d->pos, "the detail map '%s' cannot be read: %s", path, why[0] ? why : "no reader");
        return;
    }
    jmap_load_request q;
    jmap_load_request_init(&q, sizeof q);
    q.data = data;
    q.len = len;
    q.file = path;
    q.mem = &top->mem.user;
    q.reader = r;
    jmap_doc *dd = jmap_load_request_run(&q);
    if (r->release) r->release(r->ctx, data, len);
    if (!dd) {
        top->mem.failed = true;
        return;
    }
    const jmap_diag *first = NULL;
    for (size_t i = 0; i < jmap_doc_diag_count(dd) && !first; i++)
        if (jmap_doc_diag(dd, i)->severity == JMAP_ERROR) first = jmap_doc_diag(dd, i);
    if (jmap_doc_out_of_memory(dd)) top->mem.failed = true;
    else if (first)
        jm_error(top, d->pos, "the detail map '%s' is not a journey that loads: %s:%d:%d: %s", path, first->file,
                 first->line, first->column, first->message);
    jmap_doc_free(dd);
}

static void one_detail(jm_includer *in, jm_strmap *checked, jm_str *d)
{
    if (!d->s) return;
    jmap_doc *top = in->top;
    const char *path = path_beside(top, "", d, "invalid detail");
    if (!path) {
        d->s = NULL;
        return;
    }
    d->s = path;
    d->len = strlen(path);
    if (!in->req || !in->req->check_details) return;
    const char *full = jm_sprintf(&top->arena, "%.*s%s", (int)jm_relpath_dir_len(top->file), top->file, path);
    if (full) check_detail(in, checked, d, full);
}

void jm_details(jm_includer *in, jmap_journey *j)
{
    jm_strmap checked;
    jm_strmap_init(&checked, jm_doc_mem(in->top));
    for (size_t s = 0; s < j->n_stages; s++) {
        jm_stage *st = &j->stages[s];
        one_detail(in, &checked, &st->detail);
        for (size_t t = 0; t < st->n_touchpoints; t++) one_detail(in, &checked, &st->touchpoints[t].detail);
    }
    jm_strmap_release(&checked);
}
