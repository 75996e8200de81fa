/* Hyphenation at syllable breaks (src/layout/hyphen.h). */
#include "layout/hyphen.h"

#include <hyphen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define SOFT_HYPHEN "\xc2\xad"

/* A pattern file, read once and indexed: loading all of it into libhyphen
 * costs 2.6 s for German (77 000 lines), so each text gets a dictionary of
 * the few hundred patterns that can match its words, found through an index
 * by the pattern's first three bytes. */
typedef struct pat_line {
    int at, len;        /* the whole line in data */
    int key;            /* line_key of its letters; -1: kept always (a directive, a comment) */
    int letters, n_letters; /* the pattern's letters (before a '/'), without digits and dots, in `letters`:
                             * with two levels (German compounds) a dot also matches inside a word, at the
                             * border of its parts, so a pattern is kept when its letters occur in a word */
} pat_line;

typedef struct patterns {
    PangoLanguage *lang;
    char *data;         /* the file; NULL: the language has none */
    size_t size;
    char *letters;      /* each pattern's letters, digits left out */
    pat_line *lines;
    int n_lines;
    int *by_key;        /* line indexes sorted by key */
    int *key_start;     /* [65537]: where each key's lines start in by_key */
    unsigned char *mark;/* per line, while one dictionary is made */
    bool utf8;
    char cset[64];
} patterns;

struct jm_hyph {
    patterns *e;
    size_t n, cap;
};

jm_hyph *jm_hyph_new(void) { return calloc(1, sizeof(jm_hyph)); }

static void patterns_free(patterns *p)
{
    free(p->data);
    free(p->letters);
    free(p->lines);
    free(p->by_key);
    free(p->key_start);
    free(p->mark);
}

void jm_hyph_free(jm_hyph *h)
{
    if (!h) return;
    for (size_t i = 0; i < h->n; i++) patterns_free(&h->e[i]);
    free(h->e);
    free(h);
}

/* Letters only: a tag never reaches the file system as a path. */
static bool alpha_run(const char *s, size_t n)
{
    if (!n) return false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) return false;
    }
    return true;
}

static char *read_file(const char *primary, const char *region, size_t *size)
{
    char path[256];
    snprintf(path, sizeof path, JM_HYPHEN_DIR "/hyph_%s%s%s.dic", primary, region ? "_" : "", region ? region : "");
    if (access(path, R_OK) != 0) return NULL;
    gchar *data = NULL;
    gsize n = 0;
    if (!g_file_get_contents(path, &data, &n, NULL)) return NULL;
    char *out = malloc(n + 1);
    if (out) {
        memcpy(out, data, n);
        out[n] = '\0';
        *size = n;
    }
    g_free(data);
    return out;
}

/* The pattern file of a tag ("de", "de-CH", "pt-BR"): its region's, else
 * the language's own file, else that of the language's main country
 * (hyph_de_DE, hyph_pl_PL, hyph_ru_RU); English is hyph_en_US. */
static char *file_for(PangoLanguage *lang, size_t *size)
{
    const char *tag = pango_language_to_string(lang);
    size_t p = strcspn(tag, "-_");
    if (p < 2 || p > 3 || !alpha_run(tag, p)) return NULL;
    char primary[4] = {0}, region[3] = {0}, upper[4] = {0};
    for (size_t i = 0; i < p; i++) {
        primary[i] = (char)(tag[i] | 0x20);
        upper[i] = (char)(tag[i] & ~0x20);
    }
    if (tag[p]) {
        const char *r = tag + p + 1;
        if (strcspn(r, "-_") == 2 && alpha_run(r, 2)) {
            region[0] = (char)(r[0] & ~0x20);
            region[1] = (char)(r[1] & ~0x20);
        }
    }
    char *d = region[0] ? read_file(primary, region, size) : NULL;
    if (!d) d = read_file(primary, NULL, size);
    if (!d) d = read_file(primary, strcmp(primary, "en") == 0 ? "US" : upper, size);
    return d;
}

/* The bucket of the letters l[0, n): a hash of their first three bytes (of
 * fewer when shorter), so that a bucket holds the few patterns that can
 * start at a place of a word. */
static int line_key(const char *l, int n)
{
    if (n <= 0) return -1;
    unsigned h = (unsigned)(n < 3 ? n : 3) * 2654435761u;
    for (int i = 0; i < n && i < 3; i++) h = (h ^ (unsigned char)l[i]) * 16777619u;
    return (int)(h >> 16);
}

/* Splits the file into lines and indexes its patterns. False when out of memory. */
static bool index_patterns(patterns *p)
{
    int n = 0;
    for (size_t i = 0; i < p->size; i++) n += p->data[i] == '\n';
    n++;
    p->lines = calloc((size_t)n, sizeof *p->lines);
    p->letters = malloc(p->size + 1);
    p->mark = calloc((size_t)n, 1);
    p->by_key = malloc((size_t)n * sizeof *p->by_key);
    p->key_start = calloc(65537, sizeof *p->key_start);
    if (!p->lines || !p->letters || !p->mark || !p->by_key || !p->key_start) return false;
    int k = 0, li = 0;
    for (size_t at = 0; at < p->size && li < n;) {
        size_t e = at;
        while (e < p->size && p->data[e] != '\n') e++;
        pat_line *L = &p->lines[li];
        L->at = (int)at;
        L->len = (int)(e - at);
        while (L->len > 0 && (p->data[at + L->len - 1] == '\r' || p->data[at + L->len - 1] == ' ')) L->len--;
        L->key = -1;
        const char *s = p->data + at;
        char c = L->len ? s[0] : '%';
        bool pattern = li > 0 && c != '%' && c != '#' && !(c >= 'A' && c <= 'Z');
        if (pattern) {
            L->letters = k;
            for (int i = 0; i < L->len && s[i] != '/'; i++)
                if (!(s[i] >= '0' && s[i] <= '9') && s[i] != '.') p->letters[k++] = s[i];
            L->n_letters = k - L->letters;
            L->key = line_key(p->letters + L->letters, L->n_letters);
        }
        if (L->key >= 0) p->key_start[L->key + 1]++;
        li++;
        at = e + 1;
    }
    p->n_lines = li;
    for (int i = 0; i < 65536; i++) p->key_start[i + 1] += p->key_start[i];
    int *fill = malloc(65536 * sizeof *fill);
    if (!fill) return false;
    memcpy(fill, p->key_start, 65536 * sizeof *fill);
    for (int i = 0; i < li; i++)
        if (p->lines[i].key >= 0) p->by_key[fill[p->lines[i].key]++] = i;
    free(fill);
    /* the first line names the charset */
    int cl = p->lines[0].len < (int)sizeof p->cset - 1 ? p->lines[0].len : (int)sizeof p->cset - 1;
    memcpy(p->cset, p->data, (size_t)cl);
    p->cset[cl] = '\0';
    p->utf8 = strcmp(p->cset, "UTF-8") == 0;
    return true;
}

static patterns *patterns_for(jm_hyph *h, PangoLanguage *lang)
{
    for (size_t i = 0; i < h->n; i++)
        if (h->e[i].lang == lang) return h->e[i].data ? &h->e[i] : NULL;
    if (h->n == h->cap) {
        size_t cap = h->cap ? h->cap * 2 : 4;
        patterns *e = realloc(h->e, cap * sizeof *e);
        if (!e) return NULL; /* out of memory: no hyphenation, asked again next time */
        h->e = e;
        h->cap = cap;
    }
    patterns p = {.lang = lang};
    p.data = file_for(lang, &p.size);
    if (p.data && !index_patterns(&p)) {
        patterns_free(&p);
        return NULL;
    }
    h->e[h->n++] = p;
    return p.data ? &h->e[h->n - 1] : NULL;
}

/* Whether the pattern's letters occur in w: each candidate is tried on the
 * word whose two bytes found it, so the work is linear in the words. */
/* A libhyphen dictionary of the directives of p and of its patterns that can
 * match one of the words (in the file's charset). */
static HyphenDict *dict_of(patterns *p, GPtrArray *words)
{
    /* the patterns that start at each place of each word: linear in the words */
    for (guint i = 0; i < words->len; i++) {
        const char *w = g_ptr_array_index(words, i);
        int wl = (int)strlen(w);
        for (int k = 0; k < wl; k++)
            for (int m = 1; m <= 3 && k + m <= wl; m++) {
                int key = line_key(w + k, m);
                for (int x = p->key_start[key]; x < p->key_start[key + 1]; x++) {
                    int li = p->by_key[x];
                    const pat_line *L = &p->lines[li];
                    if (!p->mark[li] && (L->n_letters < 3 ? L->n_letters == m : m == 3) && L->n_letters <= wl - k &&
                        memcmp(w + k, p->letters + L->letters, (size_t)L->n_letters) == 0)
                        p->mark[li] = 1;
                }
            }
    }
    GString *buf = g_string_sized_new(4096);
    for (int i = 0; i < p->n_lines; i++) {
        const pat_line *L = &p->lines[i];
        if (L->key < 0 || p->mark[i]) {
            g_string_append_len(buf, p->data + L->at, L->len);
            g_string_append_c(buf, '\n');
        }
        p->mark[i] = 0;
    }
    FILE *f = fmemopen(buf->str, buf->len, "r");
    HyphenDict *d = f ? hnj_hyphen_load_file(f) : NULL;
    if (f) fclose(f);
    g_string_free(buf, TRUE);
    return d;
}

static bool is_letter(gunichar c) { return g_unichar_isalpha(c) || g_unichar_ismark(c); }

/* The word w (n characters, UTF-8) as the patterns spell it: lower case, in
 * their charset; NULL when it cannot be (a letter the charset lacks, or
 * whose lower case is two). */
static char *dict_form(const patterns *p, const char *w, size_t bytes, size_t n)
{
    char *low = g_utf8_strdown(w, (gssize)bytes);
    if (!low || (size_t)g_utf8_strlen(low, -1) != n) {
        g_free(low);
        return NULL;
    }
    if (p->utf8) return low;
    gsize wrote = 0;
    char *word = g_convert(low, -1, p->cset, "UTF-8", NULL, &wrote, NULL);
    g_free(low);
    if (word && wrote != n) {
        g_free(word);
        word = NULL;
    }
    return word;
}

/* Marks after[i] (a break after the word's i-th character) for the
 * dictionary's breaks in word (its dict_form, n characters). */
static bool hyphenate(HyphenDict *d, const char *word, size_t n, bool *after)
{
    size_t wlen = strlen(word);
    char *hy = calloc(wlen + 5, 1);
    char **rep = NULL;
    int *pos = NULL, *cut = NULL;
    bool ok = false;
    if (!hy) return false;
    int lh = d->lhmin > 2 ? d->lhmin : 2, rh = d->rhmin > 2 ? d->rhmin : 2;
    int clh = d->clhmin > 2 ? d->clhmin : 2, crh = d->crhmin > 2 ? d->crhmin : 2;
    if (hnj_hyphen_hyphenate3(d, word, (int)wlen, hy, NULL, &rep, &pos, &cut, lh, rh, clh, crh) == 0) {
        /* byte j ends character i: a break after it */
        const char *p = word;
        for (size_t i = 0; i < n; i++) {
            const char *next = d->utf8 ? g_utf8_next_char(p) : p + 1;
            size_t j = (size_t)(next - word) - 1;
            /* a non-standard break (a letter changes: Zucker, Zuk-ker) is not taken */
            after[i] = (hy[j] & 1) && !(rep && rep[j]) && i + 1 < n;
            ok |= after[i];
            p = next;
        }
    }
    if (rep) {
        for (size_t j = 0; j < wlen; j++) free(rep[j]);
        free(rep);
    }
    free(pos);
    free(cut);
    free(hy);
    return ok;
}

/* A run of letters at w: its end; *n its characters. */
static const char *letters(const char *w, const char *end, size_t *n)
{
    *n = 0;
    while (w < end && is_letter(g_utf8_get_char(w))) {
        w = g_utf8_next_char(w);
        ++*n;
    }
    return w;
}

static bool eligible(PangoLanguage *lang, const char *w, size_t n)
{
    return n >= 4 && n <= JM_HYPHEN_MAX_WORD &&
           pango_language_includes_script(lang, (PangoScript)g_unichar_get_script(g_utf8_get_char(w)));
}

/* Calls each(word, bytes, n, ctx) for each word of the spans that may be hyphenated. */
typedef void (*word_fn)(const char *w, size_t bytes, size_t n, void *ctx);

static void each_word(PangoLanguage *lang, const char *s, const jm_span *spans, size_t n_spans, word_fn fn, void *ctx)
{
    for (size_t i = 0; i < n_spans; i++) {
        const char *p = s + spans[i].a, *end = s + spans[i].b;
        while (p < end) {
            size_t n;
            const char *e = letters(p, end, &n);
            if (eligible(lang, p, n)) fn(p, (size_t)(e - p), n, ctx);
            p = e < end ? g_utf8_next_char(e) : e;
        }
    }
}

typedef struct gather {
    const patterns *p;
    GPtrArray *forms;   /* each word's dict_form, or NULL */
    GPtrArray *dotted;  /* the forms, for the choice of patterns */
} gather;

static void gather_word(const char *w, size_t bytes, size_t n, void *ctx)
{
    gather *g = ctx;
    char *f = dict_form(g->p, w, bytes, n);
    g_ptr_array_add(g->forms, f);
    if (f) g_ptr_array_add(g->dotted, g_strdup(f));
}

char *jm_hyph_insert(jm_hyph *h, PangoLanguage *lang, const char *s, size_t len, const jm_span *spans, size_t n,
                     size_t *out_len)
{
    patterns *p = h && lang ? patterns_for(h, lang) : NULL;
    if (!p) return NULL;
    gather g = {p, g_ptr_array_new_with_free_func(g_free), g_ptr_array_new_with_free_func(g_free)};
    each_word(lang, s, spans, n, gather_word, &g);
    HyphenDict *d = g.dotted->len ? dict_of(p, g.dotted) : NULL;
    char *result = NULL;
    if (d) {
        GString *out = g_string_sized_new(len + 16);
        bool any = false, after[JM_HYPHEN_MAX_WORD];
        guint k = 0;
        int at = 0;
        for (size_t i = 0; i < n; i++) {
            const char *q = s + spans[i].a, *end = s + spans[i].b;
            g_string_append_len(out, s + at, spans[i].a - at);
            while (q < end) {
                size_t m;
                const char *e = letters(q, end, &m);
                const char *form = eligible(lang, q, m) ? g_ptr_array_index(g.forms, k++) : NULL;
                if (form && hyphenate(d, form, m, after)) {
                    for (size_t c = 0; c < m; c++) {
                        const char *next = g_utf8_next_char(q);
                        g_string_append_len(out, q, next - q);
                        if (after[c]) g_string_append(out, SOFT_HYPHEN);
                        q = next;
                    }
                    any = true;
                } else {
                    g_string_append_len(out, q, e - q);
                }
                q = e;
                if (q < end) { /* what is not a letter, as it is */
                    const char *next = g_utf8_next_char(q);
                    g_string_append_len(out, q, next - q);
                    q = next;
                }
            }
            at = spans[i].b;
        }
        g_string_append_len(out, s + at, (gssize)len - at);
        hnj_hyphen_free(d);
        if (any) {
            *out_len = out->len;
            result = g_string_free(out, FALSE);
        } else {
            g_string_free(out, TRUE);
        }
    }
    g_ptr_array_free(g.forms, TRUE);
    g_ptr_array_free(g.dotted, TRUE);
    return result;
}
