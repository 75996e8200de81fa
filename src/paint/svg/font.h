/* The faces an SVG's text uses, embedded as subsets (HarfBuzz's subsetter)
 * in @font-face rules, so that a browser draws the very glyphs the PNG
 * shows without the fonts installed. Part of the SVG device (svg.c). */
#ifndef JMAP_SVG_FONT_H
#define JMAP_SVG_FONT_H

#include <pango/pango.h>
#include <stdbool.h>
#include <stddef.h>

#include "jmap/jmap.h"

typedef struct jm_svg_fonts jm_svg_fonts;

/* NULL when memory runs out. */
jm_svg_fonts *jm_svg_fonts_new(const jmap_mem *mem);
void jm_svg_fonts_free(jm_svg_fonts *f);

/* The SVG's id prefix, put before every embedded face's name too: CSS in an
 * SVG inlined in a page is the page's, so two maps must not share a name.
 * prefix lives as long as f. */
void jm_svg_fonts_set_prefix(jm_svg_fonts *f, const char *prefix);

/* Notes the faces a text is drawn with and the characters each draws.
 * False when memory runs out. */
bool jm_svg_fonts_add(jm_svg_fonts *f, PangoLayout *text);

/* Writes the CSS font-family list of a text: its faces' embedded names in
 * order of use, the family it asked for, its faces' installed families, a
 * generic family. */
typedef void (*jm_svg_emit)(void *ctx, const char *s, size_t len);
void jm_svg_fonts_family(jm_svg_fonts *f, PangoLayout *text, jm_svg_emit emit, void *ctx);

/* Writes an @font-face rule a face, each with its subset in base64.
 * False when a face cannot be subset (HarfBuzz ran out of memory). */
bool jm_svg_fonts_css(jm_svg_fonts *f, jm_svg_emit emit, void *ctx);

#endif
