#include "base/suggest.h"

#include <ctype.h>
#include <string.h>

#define JM_SUGGEST_MAX_LEN 64

size_t jm_edit_distance(const char *a, size_t alen, const char *b, size_t blen, size_t limit)
{
    if (alen > JM_SUGGEST_MAX_LEN || blen > JM_SUGGEST_MAX_LEN) return limit + 1;
    size_t diff = alen > blen ? alen - blen : blen - alen;
    if (diff > limit) return limit + 1;
    size_t d[JM_SUGGEST_MAX_LEN + 1][JM_SUGGEST_MAX_LEN + 1];
    for (size_t i = 0; i <= alen; i++) d[i][0] = i;
    for (size_t j = 0; j <= blen; j++) d[0][j] = j;
    for (size_t i = 1; i <= alen; i++) {
        for (size_t j = 1; j <= blen; j++) {
            int ca = tolower((unsigned char)a[i - 1]), cb = tolower((unsigned char)b[j - 1]);
            size_t cost = ca == cb ? 0 : 1;
            size_t best = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < best) best = d[i][j - 1] + 1;
            if (d[i - 1][j - 1] + cost < best) best = d[i - 1][j - 1] + cost;
            if (i > 1 && j > 1 && ca == tolower((unsigned char)b[j - 2]) &&
                tolower((unsigned char)a[i - 2]) == cb && d[i - 2][j - 2] + 1 < best)
                best = d[i - 2][j - 2] + 1;
            d[i][j] = best;
        }
    }
    return d[alen][blen] > limit ? limit + 1 : d[alen][blen];
}

const char *jm_suggest(const char *word, size_t len, const char *const *cands, size_t n)
{
    /* one edit for short words, two from five letters, three from nine */
    size_t limit = len < 5 ? 1 : len < 9 ? 2 : 3;
    const char *best = NULL;
    size_t best_d = limit + 1;
    for (size_t i = 0; i < n; i++) {
        if (!cands[i]) continue;
        size_t clen = strlen(cands[i]);
        size_t d = jm_edit_distance(word, len, cands[i], clen, limit);
        /* a word that is a prefix of a candidate is a likely abbreviation */
        if (d > limit && len >= 3 && len < clen && strncmp(word, cands[i], len) == 0) d = limit;
        if (d < best_d) {
            best_d = d;
            best = cands[i];
        }
    }
    return best;
}
