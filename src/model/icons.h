/* Channel icons: line icons on a 24x24 grid, written in a tiny path language
 * and turned into path segments for any square on the page.
 *
 * The language, one command after another, numbers separated by spaces or
 * commas (decimals allowed, no exponents):
 *   M x y                  start a subpath
 *   L x y                  line to
 *   C x1 y1 x2 y2 x y      cubic curve to
 *   Z                      close the subpath
 *   O cx cy r              a whole circle, its own closed subpath
 *   R x y w h r            a rounded rectangle, its own closed subpath (r may
 *                          be 0, at most half the shorter side)
 * L, C and Z need a subpath opened by M; after Z, O or R, start again with M.
 *
 * `stroke` is stroked 2 grid units wide with round caps and joins; `fill`
 * (may be NULL) is filled. Filled shapes never overlap, so any fill rule
 * works. */
#ifndef JMAP_ICONS_H
#define JMAP_ICONS_H

#include "base/path.h"

typedef struct jm_icon {
    const char *stroke;
    const char *fill;
} jm_icon;

/* The icon of a jm_builtin_channel; the `other` icon for any other id. */
const jm_icon *jm_icon_get(int id);

/* Parses src (NULL counts as empty), maps the 24x24 grid onto the square of
 * side `size` whose top-left corner is (x, y), and writes at most max segments
 * to out (out may be NULL with max 0 to count only). Returns the number of
 * segments the whole of src needs, or -1 if src is malformed. */
int jm_icon_segments(const char *src, double x, double y, double size,
                     jm_seg *out, int max);

#endif
