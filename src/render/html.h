/* The HTML page (jmap_format JMAP_HTML): the map's SVG, already drawn, put
 * inline in one self-contained page with the journey itself as a table.
 * The page and its table are written from the model, every journey text
 * through the one markup escaper (paint/markup.h). */
#ifndef JMAP_RENDER_HTML_H
#define JMAP_RENDER_HTML_H

#include <stddef.h>

#include "jmap/jmap.h"
#include "base/buf.h"

/* Writes the page of journey j around svg[0..svg_len) (an SVG document as
 * jmap's SVG writer makes it) into out. nav: markup put as given at the top
 * of the body, or NULL. Returns false when memory ran out. */
bool jm_html_page(jm_buf *out, const jmap_journey *j, const char *svg, size_t svg_len, const char *nav);

/* html_assets.c: the page's style and script, and the script's SHA-256
 * (base64) that its Content-Security-Policy allows. */
extern const char jm_html_style[];
extern const char jm_html_script[];
extern const char jm_html_script_sha256[];

#endif
