/* Computed values as the map reads them (data.h). */
#include "model/data.h"

#include <string.h>

#define JM_COMPUTE(name, word) word,
const char *const jm_compute_names[JM_COMPUTE_KINDS] = {
#include "model/compute.def"
};
#undef JM_COMPUTE

const jm_calc *jm_point_calc(const jmap_journey *j, const jm_touchpoint *t, size_t p, bool target)
{
    const jm_score *s = target ? t->targets : t->scores;
    size_t n = target ? t->n_targets : t->n_scores;
    const jm_str *id = p < j->n_personas ? &j->personas[p].id : NULL;
    const jm_calc *whole = NULL;
    for (size_t i = 0; i < n; i++) {
        if (!s[i].persona.s) {
            whole = s[i].calc;
            continue;
        }
        if (id && id->s && s[i].persona.len == id->len && memcmp(s[i].persona.s, id->s, id->len) == 0) return s[i].calc;
    }
    return whole;
}
