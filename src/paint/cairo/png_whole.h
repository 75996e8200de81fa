/* A PNG encoded whole: the rows of an image small enough to hold are kept
 * (each with its filter byte) and compressed at the end by libdeflate in one
 * call, which takes about half the instructions of zlib's fastest level for
 * a smaller file. Larger images are streamed by libpng (png.c). */
#ifndef JMAP_PNG_WHOLE_H
#define JMAP_PNG_WHOLE_H

#include <stdbool.h>
#include <stddef.h>

#include "jmap/jmap.h"

/* The largest image held whole, in bytes of filtered rows ((3 w + 1) h):
 * the typical map (5 530 x 1 400) is 23 MB. Measured peak of a whole image
 * just under the line: docs/performance.md. */
enum { JM_PNG_WHOLE_BYTES = 28 << 20 };

typedef struct jm_png_whole {
    const jmap_mem *mem;
    unsigned char *raw;
    size_t row_len;
    int w, h;
} jm_png_whole;

/* Whether a w x h image is encoded whole. */
bool jm_png_whole_fits(int w, int h);
/* false: out of memory. */
bool jm_png_whole_init(jm_png_whole *z, const jmap_mem *mem, int w, int h);
/* Where row y's 3 w bytes of RGB go. */
unsigned char *jm_png_whole_row(jm_png_whole *z, int y);
/* Writes the whole PNG (signature, IHDR, pHYs at 96 dpi, IDAT, IEND):
 * 0, -1 when write failed, -2 when out of memory. */
int jm_png_whole_write(jm_png_whole *z, jmap_write_fn write, void *ctx);
void jm_png_whole_free(jm_png_whole *z);

#endif
