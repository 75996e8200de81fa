/* Relative paths as journeys write them (`include`, `detail`): made plain,
 * kept inside their folder, and turned into a link that can only ever be a
 * relative path. */
#ifndef JMAP_RELPATH_H
#define JMAP_RELPATH_H

#include <stddef.h>

/* s[0..len) made plain into out (room for len + 1 bytes): "./a//b/../c" is
 * "a/c". NULL, with a reason for the user in *why, when it is empty, holds
 * a NUL or a '\', is absolute ("/x", "C:x"), or leads out of its folder
 * (a ".." above it); else out. */
const char *jm_relpath_plain(const char *s, size_t len, char *out, const char **why);

/* The folder part of a file's name, with its '/' ("maps/a.yaml" -> 4:
 * "maps/"); 0 for a name without one. */
size_t jm_relpath_dir_len(const char *file);

/* The link to the output of a detail file p (plain, as above): its last
 * extension replaced by ext ("svg"), every byte but ASCII letters, digits,
 * '-', '.', '_', '~' and '/' percent-encoded, a first segment with ':'
 * made "./" first. Into out like snprintf; returns the length it needs.
 * It never starts with a scheme ("javascript:"), '/' or "//". */
size_t jm_relpath_href(const char *p, const char *ext, char *out, size_t size);

#endif
