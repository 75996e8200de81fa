/* Journey text as markup's text: the one escaper of the SVG writer, the HTML
 * page and (through jmap_escape_markup) the command line's site pages. Text
 * and attribute values (always double-quoted) alike: & < > and " become
 * references; the characters XML 1.0 forbids (C0 controls, tabs and newlines
 * too) a space. Nothing a journey says can open a tag, close an attribute or
 * start a reference. */
#ifndef JMAP_PAINT_MARKUP_H
#define JMAP_PAINT_MARKUP_H

#include <stddef.h>

typedef void (*jm_emit_fn)(void *ctx, const char *s, size_t n);

void jm_markup_escape(jm_emit_fn emit, void *ctx, const char *s, size_t len);

#endif
