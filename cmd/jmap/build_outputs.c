/* jmap build: an input is never written to, and no two outputs write one
 * file. Each path is looked at once (stat), and the paths are compared by
 * sorting them, by name and by device and inode: n log n for n outputs,
 * where comparing each output with every other and with every input made
 * millions of system calls for a few thousand outputs. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "build.h"
#include "cli.h"

/* What a path is to this run; the order is the order of precedence of the
 * messages (an output that is an input and the theme is called an input). */
enum { AS_INPUT, AS_THEME, AS_OUTPUT };

typedef struct file_ref {
    const char *path;
    int as;
    size_t k;         /* AS_OUTPUT: the output's index */
    struct stat st;
    bool exists;
} file_ref;

typedef struct output_verdict {
    unsigned reads;   /* bits 1 << AS_INPUT, 1 << AS_THEME */
    size_t first;     /* the first output that writes the same file */
    bool is_stdin;    /* the regular file that standard input reads */
} output_verdict;

static int order(const file_ref *a, const file_ref *b)
{
    if (a->as != b->as) return a->as < b->as ? -1 : 1;
    return a->k < b->k ? -1 : a->k > b->k;
}

static int by_path(const void *x, const void *y)
{
    const file_ref *a = x, *b = y;
    int c = strcmp(a->path, b->path);
    return c ? c : order(a, b);
}

static bool same_id(const file_ref *a, const file_ref *b)
{
    return a->st.st_dev == b->st.st_dev && a->st.st_ino == b->st.st_ino;
}

/* Files that exist first, in order of device and inode. */
static int by_id(const void *x, const void *y)
{
    const file_ref *a = x, *b = y;
    if (a->exists != b->exists) return a->exists ? -1 : 1;
    if (a->exists && !same_id(a, b)) {
        if (a->st.st_dev != b->st.st_dev) return a->st.st_dev < b->st.st_dev ? -1 : 1;
        return a->st.st_ino < b->st.st_ino ? -1 : 1;
    }
    return order(a, b);
}

/* Each group of refs [i, j) that name one file tells its outputs what else
 * reads or writes it. */
static void judge_groups(const file_ref *refs, size_t n, bool (*same)(const file_ref *, const file_ref *),
                         output_verdict *v)
{
    for (size_t i = 0, j; i < n; i = j) {
        unsigned reads = 0;
        size_t first = SIZE_MAX;
        for (j = i; j < n && (j == i || same(&refs[i], &refs[j])); j++) {
            if (refs[j].as != AS_OUTPUT) reads |= 1u << refs[j].as;
            else if (refs[j].k < first) first = refs[j].k;
        }
        for (size_t m = i; m < j; m++) {
            if (refs[m].as != AS_OUTPUT) continue;
            output_verdict *o = &v[refs[m].k];
            o->reads |= reads;
            if (first < o->first) o->first = first;
        }
    }
}

static bool same_path(const file_ref *a, const file_ref *b) { return strcmp(a->path, b->path) == 0; }
static bool same_file(const file_ref *a, const file_ref *b) { return a->exists && b->exists && same_id(a, b); }

static const file_ref *add_ref(file_ref *refs, size_t *n, const char *path, int as, size_t k)
{
    file_ref *r = &refs[(*n)++];
    r->path = path;
    r->as = as;
    r->k = k;
    r->exists = stat(path, &r->st) == 0;
    return r;
}

int build_check_outputs(const build_plan *pl, const char *theme_file)
{
    size_t cap = pl->n_jobs + pl->n_outputs + 1;
    file_ref *refs = malloc(cap * sizeof *refs);
    output_verdict *v = malloc((pl->n_outputs + 1) * sizeof *v);
    if (!refs || !v) {
        free(refs);
        free(v);
        fprintf(stderr, "jmap: out of memory\n");
        return EXIT_IO;
    }
    struct stat in; /* the file that standard input reads */
    bool in_file = fstat(STDIN_FILENO, &in) == 0;
    size_t n = 0;
    for (size_t i = 0; i < pl->n_jobs; i++)
        if (strcmp(pl->jobs[i].input, "-") != 0) add_ref(refs, &n, pl->jobs[i].input, AS_INPUT, i);
    if (theme_file) add_ref(refs, &n, theme_file, AS_THEME, 0);
    for (size_t k = 0; k < pl->n_outputs; k++) {
        v[k] = (output_verdict){0, SIZE_MAX, false};
        if (strcmp(pl->outputs[k].path, "-") == 0) continue;
        const file_ref *r = add_ref(refs, &n, pl->outputs[k].path, AS_OUTPUT, k);
        v[k].is_stdin = in_file && r->exists && S_ISREG(r->st.st_mode) && r->st.st_dev == in.st_dev &&
                        r->st.st_ino == in.st_ino;
    }
    qsort(refs, n, sizeof *refs, by_path);
    judge_groups(refs, n, same_path, v);
    qsort(refs, n, sizeof *refs, by_id);
    judge_groups(refs, n, same_file, v);

    int rc = 0;
    for (size_t k = 0; k < pl->n_outputs && !rc; k++) {
        const build_output *o = &pl->outputs[k];
        if (strcmp(o->path, "-") == 0) continue;
        const char *what = v[k].reads & (1u << AS_INPUT)   ? "an input"
                           : v[k].reads & (1u << AS_THEME) ? "the --theme file"
                           : v[k].is_stdin                 ? "the file standard input reads"
                                                           : NULL;
        if (what)
            rc = cli_usage_error(pl->command, "the output '%s' is %s; jmap never overwrites what it reads", o->path,
                                 what);
        else if (v[k].first < k)
            rc = cli_usage_error(pl->command, "'%s' and '%s' would both write '%s'; give the inputs different names",
                                 pl->jobs[pl->outputs[v[k].first].job].name, pl->jobs[o->job].name, o->path);
    }
    free(refs);
    free(v);
    return rc;
}
