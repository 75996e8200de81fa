/* Relative paths (relpath.h). */
#include "base/relpath.h"

#include <stdbool.h>
#include <string.h>

const char *jm_relpath_plain(const char *s, size_t len, char *out, const char **why)
{
    if (len == 0) {
        *why = "the path is empty";
        return NULL;
    }
    if (memchr(s, '\0', len) || memchr(s, '\\', len)) {
        *why = "a path is written with '/' and holds no '\\' or NUL";
        return NULL;
    }
    if (s[0] == '/' || s[0] == '~' ||
        (len >= 2 && s[1] == ':' && ((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z')))) {
        *why = "the path is absolute: write it relative to the file's folder";
        return NULL;
    }
    size_t o = 0, depth = 0;
    for (size_t i = 0; i < len;) {
        size_t e = i;
        while (e < len && s[e] != '/') e++;
        size_t n = e - i;
        if (n == 0 || (n == 1 && s[i] == '.')) {
            /* nothing */
        } else if (n == 2 && s[i] == '.' && s[i + 1] == '.') {
            if (depth == 0) {
                *why = "the path leads out of the file's folder: it may only name files in that folder or below";
                return NULL;
            }
            depth--;
            while (o > 0 && out[o - 1] != '/') o--; /* drop the last segment and its '/' */
            if (o > 0) o--;
        } else {
            if (o) out[o++] = '/';
            memcpy(out + o, s + i, n);
            o += n;
            depth++;
        }
        i = e + (e < len);
    }
    if (o == 0 || (len && s[len - 1] == '/')) {
        *why = o == 0 ? "the path names the file's folder, not a file" : "the path names a folder, not a file";
        return NULL;
    }
    out[o] = '\0';
    return out;
}

size_t jm_relpath_dir_len(const char *file)
{
    const char *slash = strrchr(file, '/');
    return slash ? (size_t)(slash - file) + 1 : 0;
}

static void put(char *out, size_t size, size_t *o, char c)
{
    if (*o + 1 < size) out[*o] = c;
    (*o)++;
}

size_t jm_relpath_href(const char *p, const char *ext, char *out, size_t size)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t len = strlen(p), base = len;
    const char *slash = strrchr(p, '/');
    const char *name = slash ? slash + 1 : p;
    const char *dot = strrchr(name, '.');
    if (dot && dot > name) base = (size_t)(dot - p); /* ".hidden" keeps its name */
    size_t o = 0;
    /* a first segment with ':' would read as a scheme: it is encoded, and
     * "./" before it says so to any reader that decodes first */
    const char *first_end = strchr(p, '/');
    if (memchr(p, ':', first_end ? (size_t)(first_end - p) : len)) {
        put(out, size, &o, '.');
        put(out, size, &o, '/');
    }
    for (size_t i = 0; i < base; i++) {
        unsigned char c = (unsigned char)p[i];
        bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                     c == '.' || c == '_' || c == '~' || c == '/';
        if (plain) {
            put(out, size, &o, (char)c);
        } else {
            put(out, size, &o, '%');
            put(out, size, &o, hex[c >> 4]);
            put(out, size, &o, hex[c & 15]);
        }
    }
    put(out, size, &o, '.');
    for (const char *e = ext; *e; e++) put(out, size, &o, *e);
    if (size) out[o < size ? o : size - 1] = '\0';
    return o;
}
