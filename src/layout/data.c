/* What the map draws of values computed from data (model/data.h): the
 * value in the map's digits and its sample size, "n = 212". */
#include <stdio.h>
#include <string.h>

#include "layout/parts.h"
#include "model/data.h"

const char *jm_lay_digits(jm_lay *L, const char *ascii)
{
    const char *out = "";
    char one[16];
    for (const char *p = ascii; *p && out; p++) {
        if (*p >= '0' && *p <= '9')
            out = jm_dl_sprintf(&L->dl, "%s%s", out, jm_words_number(L->j->language, *p - '0', one, sizeof one));
        else
            out = jm_dl_sprintf(&L->dl, "%s%c", out, *p);
    }
    return out;
}

const char *jm_lay_sample_n(jm_lay *L, size_t n)
{
    char ascii[32];
    snprintf(ascii, sizeof ascii, "%zu", n);
    const char *d = jm_lay_digits(L, ascii);
    return d ? jm_dl_sprintf(&L->dl, "%s\xc2\xa0=\xc2\xa0%s", jm_lay_word(L, JM_W_SAMPLE_N), d) : NULL;
}
