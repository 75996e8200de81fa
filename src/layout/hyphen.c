/* Hyphenation at syllable breaks (src/layout/hyphen.h). */
#include "layout/hyphen.h"

#include <hyphen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define SOFT_HYPHEN "\xc2\xad"

typedef struct dict_entry {
    PangoLanguage *lang;
    HyphenDict *dict;  /* NULL: the language has none */
} dict_entry;

struct jm_hyph {
    dict_entry *e;
    size_t n, cap;
};

jm_hyph *jm_hyph_new(void) { return calloc(1, sizeof(jm_hyph)); }

void jm_hyph_free(jm_hyph *h)
{
    if (!h) return;
    for (size_t i = 0; i < h->n; i++)
        if (h->e[i].dict) hnj_hyphen_free(h->e[i].dict);
    free(h->e);
    free(h);
}

/* Letters only: a tag never reaches the file system as a path. */
static bool alpha_run(const char *s, size_t n, bool digits)
{
    if (!n) return false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (digits && c >= '0' && c <= '9'))) return false;
    }
    return true;
}

static HyphenDict *try_load(const char *primary, const char *region)
{
    char path[256];
    snprintf(path, sizeof path, JM_HYPHEN_DIR "/hyph_%s%s%s.dic", primary, region ? "_" : "", region ? region : "");
    if (access(path, R_OK) != 0) return NULL;
    return hnj_hyphen_load(path);
}

/* The dictionary of a tag ("de", "de-CH", "pt-BR"): its region's, else the
 * language's own file, else that of the language's main country
 * (hyph_de_DE, hyph_pl_PL, hyph_ru_RU); English is hyph_en_US. */
static HyphenDict *load_for(PangoLanguage *lang)
{
    const char *tag = pango_language_to_string(lang);
    size_t p = strcspn(tag, "-_");
    if (p < 2 || p > 3 || !alpha_run(tag, p, false)) return NULL;
    char primary[4] = {0}, region[9] = {0}, upper[4] = {0};
    for (size_t i = 0; i < p; i++) {
        primary[i] = (char)(tag[i] | 0x20);
        upper[i] = (char)(tag[i] & ~0x20);
    }
    if (tag[p]) {
        const char *r = tag + p + 1;
        size_t rn = strcspn(r, "-_");
        if (rn == 2 && alpha_run(r, rn, false)) {
            region[0] = (char)(r[0] & ~0x20);
            region[1] = (char)(r[1] & ~0x20);
        }
    }
    HyphenDict *d = region[0] ? try_load(primary, region) : NULL;
    if (!d) d = try_load(primary, NULL);
    if (!d) d = try_load(primary, strcmp(primary, "en") == 0 ? "US" : upper);
    return d;
}

static HyphenDict *dict_for(jm_hyph *h, PangoLanguage *lang)
{
    for (size_t i = 0; i < h->n; i++)
        if (h->e[i].lang == lang) return h->e[i].dict;
    if (h->n == h->cap) {
        size_t cap = h->cap ? h->cap * 2 : 4;
        dict_entry *e = realloc(h->e, cap * sizeof *e);
        if (!e) return NULL; /* out of memory: no hyphenation, asked again next time */
        h->e = e;
        h->cap = cap;
    }
    HyphenDict *d = load_for(lang);
    h->e[h->n++] = (dict_entry){lang, d};
    return d;
}

static bool is_letter(gunichar c) { return g_unichar_isalpha(c) || g_unichar_ismark(c); }

/* Marks after[i] (a break after the word's i-th character) for the
 * dictionary's breaks in the word w (n characters, UTF-8). */
static bool hyphenate(HyphenDict *d, const char *w, size_t bytes, size_t n, bool *after)
{
    char *low = g_utf8_strdown(w, (gssize)bytes);
    if (!low) return false;
    bool ok = false;
    char *word = NULL;
    size_t wlen = 0;
    if ((size_t)g_utf8_strlen(low, -1) != n) goto done; /* a letter whose lower case is two */
    if (d->utf8) {
        word = low;
        low = NULL;
        wlen = strlen(word);
    } else {
        gsize wrote = 0;
        word = g_convert(low, -1, d->cset, "UTF-8", NULL, &wrote, NULL);
        if (!word || wrote != n) goto done; /* a letter the dictionary's charset lacks */
        wlen = wrote;
    }
    char *hy = calloc(wlen + 5, 1);
    char **rep = NULL;
    int *pos = NULL, *cut = NULL;
    if (!hy) goto done;
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
done:
    g_free(word);
    g_free(low);
    return ok;
}

/* Appends s[a, b) to out, a soft hyphen at each break of its words. */
static bool hyphenate_span(HyphenDict *d, PangoLanguage *lang, GString *out, const char *s, int a, int b)
{
    bool any = false, after[JM_HYPHEN_MAX_WORD];
    const char *p = s + a, *end = s + b;
    while (p < end) {
        const char *w = p;
        size_t n = 0;
        while (p < end && is_letter(g_utf8_get_char(p))) {
            p = g_utf8_next_char(p);
            n++;
        }
        bool hy = n >= 4 && n <= JM_HYPHEN_MAX_WORD &&
                  pango_language_includes_script(lang, (PangoScript)g_unichar_get_script(g_utf8_get_char(w))) &&
                  hyphenate(d, w, (size_t)(p - w), n, after);
        if (hy) {
            const char *q = w;
            for (size_t i = 0; i < n; i++) {
                const char *next = g_utf8_next_char(q);
                g_string_append_len(out, q, next - q);
                if (after[i]) g_string_append(out, SOFT_HYPHEN);
                q = next;
            }
            any = true;
        } else {
            g_string_append_len(out, w, p - w);
        }
        if (p < end) { /* what is not a letter, as it is */
            const char *next = g_utf8_next_char(p);
            g_string_append_len(out, p, next - p);
            p = next;
        }
    }
    return any;
}

char *jm_hyph_insert(jm_hyph *h, PangoLanguage *lang, const char *s, size_t len, const jm_span *spans, size_t n,
                     size_t *out_len)
{
    HyphenDict *d = h && lang ? dict_for(h, lang) : NULL;
    if (!d) return NULL;
    GString *out = g_string_sized_new(len + 16);
    bool any = false;
    int at = 0;
    for (size_t i = 0; i < n; i++) {
        g_string_append_len(out, s + at, spans[i].a - at);
        any |= hyphenate_span(d, lang, out, s, spans[i].a, spans[i].b);
        at = spans[i].b;
    }
    g_string_append_len(out, s + at, (gssize)len - at);
    if (!any) {
        g_string_free(out, TRUE);
        return NULL;
    }
    *out_len = out->len;
    return g_string_free(out, FALSE);
}
