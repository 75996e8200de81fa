/* The kinds of source and the checks of a source's values that do not need
 * the YAML (sources.h). */
#include "model/sources.h"

#include <string.h>

const char *const jm_source_kind_names[JM_SK_COUNT] = {
#define JM_SOURCE_KIND(name, key, solicited) [JM_SK_##name] = key,
#include "model/source_kinds.def"
#undef JM_SOURCE_KIND
};

const bool jm_source_kind_solicited[JM_SK_COUNT] = {
#define JM_SOURCE_KIND(name, key, solicited) [JM_SK_##name] = solicited,
#include "model/source_kinds.def"
#undef JM_SOURCE_KIND
};

const jm_source *jm_source_find(const jmap_journey *j, const char *id, size_t len)
{
    for (size_t i = 0; i < j->n_sources; i++) {
        const jm_str *s = &j->sources[i].id;
        if (s->s && s->len == len && memcmp(s->s, id, len) == 0) return &j->sources[i];
    }
    return NULL;
}

static int digits(const char *s, size_t n)
{
    int v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

bool jm_source_date_valid(const char *date, size_t len)
{
    if (len != 4 && len != 7 && len != 10) return false;
    int year = digits(date, 4);
    if (year < 0) return false;
    if (len == 4) return true;
    if (date[4] != '-') return false;
    int month = digits(date + 5, 2);
    if (month < 1 || month > 12) return false;
    if (len == 7) return true;
    if (date[7] != '-') return false;
    int day = digits(date + 8, 2);
    static const int days[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    if (day < 1 || day > days[month - 1]) return false;
    return !(month == 2 && day == 29 && !leap);
}

const char *jm_source_path_problem(const char *path, size_t len)
{
    if (len == 0) return "is empty";
    if (memchr(path, '\0', len)) return "holds a NUL character";
    if (path[0] == '/' || path[0] == '\\') return "is absolute: write it relative to the journey file's folder";
    if (len >= 2 && path[1] == ':' && ((path[0] >= 'a' && path[0] <= 'z') || (path[0] >= 'A' && path[0] <= 'Z')))
        return "is absolute: write it relative to the journey file's folder";
    if (path[0] == '~') return "starts with '~': write it relative to the journey file's folder";
    /* walk the components: `..` may go back up only as far as it went down */
    long depth = 0;
    size_t i = 0;
    while (i < len) {
        size_t start = i;
        while (i < len && path[i] != '/' && path[i] != '\\') i++;
        size_t n = i - start;
        if (n == 2 && path[start] == '.' && path[start + 1] == '.') {
            if (--depth < 0) return "leads out of the journey file's folder ('..' above it)";
        } else if (n > 0 && !(n == 1 && path[start] == '.')) {
            depth++;
        }
        i++; /* the separator */
    }
    if (depth <= 0) return "names the journey file's folder, not a file";
    return NULL;
}

bool jm_tp_cites_computed(const jmap_journey *j, const jm_touchpoint *t)
{
    (void)j;
    (void)t;
    return false; /* no value is computed yet: the data reader's to fill in */
}
