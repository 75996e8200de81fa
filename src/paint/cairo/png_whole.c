/* A PNG encoded whole by libdeflate (png_whole.h). */
#include "paint/cairo/png_whole.h"

#include <libdeflate.h>
#include <stdint.h>
#include <string.h>
#include <zlib.h>

#include "base/arena.h"

bool jm_png_whole_fits(int w, int h)
{
    return ((size_t)w * 3 + 1) * (size_t)h <= JM_PNG_WHOLE_BYTES;
}

bool jm_png_whole_init(jm_png_whole *z, const jmap_mem *mem, int w, int h)
{
    *z = (jm_png_whole){.mem = mem, .row_len = (size_t)w * 3 + 1, .w = w, .h = h};
    z->raw = jm_mem_alloc(mem, z->row_len * (size_t)h);
    if (!z->raw) return false;
    for (int y = 0; y < h; y++) z->raw[(size_t)y * z->row_len] = 0; /* filter None, as the streamed PNG */
    return true;
}

unsigned char *jm_png_whole_row(jm_png_whole *z, int y)
{
    return z->raw + (size_t)y * z->row_len + 1;
}

static void put32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)(v >> 24), p[1] = (unsigned char)(v >> 16), p[2] = (unsigned char)(v >> 8), p[3] = (unsigned char)v;
}

/* One chunk: length, type, data, CRC of type and data. */
static int chunk(jmap_write_fn write, void *ctx, const char type[4], const unsigned char *data, size_t len)
{
    unsigned char head[8], tail[4];
    put32(head, (uint32_t)len);
    memcpy(head + 4, type, 4);
    uint32_t crc = libdeflate_crc32(0, head + 4, 4);
    if (len) crc = libdeflate_crc32(crc, data, len);
    put32(tail, crc);
    return write(ctx, head, 8) || (len && write(ctx, data, len)) || write(ctx, tail, 4) ? -1 : 0;
}

/* The rows, when libdeflate's output did not fit its buffer (an image that
 * is not flat colours): zlib's fastest level, streamed in IDAT chunks. */
static int idat_zlib(jm_png_whole *z, jmap_write_fn write, void *ctx, unsigned char *out, size_t cap)
{
    z_stream s;
    memset(&s, 0, sizeof s);
    if (deflateInit(&s, 1) != Z_OK) return -2;
    s.next_in = z->raw;
    s.avail_in = (uInt)(z->row_len * (size_t)z->h); /* at most JM_PNG_WHOLE_BYTES */
    int rc = 0, zr;
    do {
        s.next_out = out;
        s.avail_out = (uInt)cap;
        zr = deflate(&s, Z_FINISH);
        if (zr == Z_STREAM_ERROR) rc = -2;
        else if (cap - s.avail_out && chunk(write, ctx, "IDAT", out, cap - s.avail_out)) rc = -1;
    } while (!rc && zr != Z_STREAM_END);
    deflateEnd(&s);
    return rc;
}

int jm_png_whole_write(jm_png_whole *z, jmap_write_fn write, void *ctx)
{
    static const unsigned char sig[8] = {137, 'P', 'N', 'G', '\r', '\n', 26, '\n'};
    unsigned char ihdr[13], phys[9];
    put32(ihdr, (uint32_t)z->w);
    put32(ihdr + 4, (uint32_t)z->h);
    ihdr[8] = 8, ihdr[9] = 2, ihdr[10] = 0, ihdr[11] = 0, ihdr[12] = 0; /* 8-bit RGB, deflate, adaptive, none */
    put32(phys, 3780);
    put32(phys + 4, 3780);
    phys[8] = 1; /* 3 780 px a metre: 96 dpi */
    if (write(ctx, sig, 8) || chunk(write, ctx, "IHDR", ihdr, 13) || chunk(write, ctx, "pHYs", phys, 9)) return -1;

    size_t len = z->row_len * (size_t)z->h;
    /* Flat colours compress twenty-fold and more: a buffer of a quarter of
     * the rows is ample; an image that needs more goes through zlib. */
    size_t cap = len / 4 + 4096;
    unsigned char *out = jm_mem_alloc(z->mem, cap);
    struct libdeflate_compressor *c = out ? libdeflate_alloc_compressor(1) : NULL;
    if (!c) {
        jm_mem_free(z->mem, out);
        return -2;
    }
    size_t n = libdeflate_zlib_compress(c, z->raw, len, out, cap);
    libdeflate_free_compressor(c);
    int rc = n ? chunk(write, ctx, "IDAT", out, n) : idat_zlib(z, write, ctx, out, cap);
    jm_mem_free(z->mem, out);
    if (rc) return rc;
    return chunk(write, ctx, "IEND", NULL, 0);
}

void jm_png_whole_free(jm_png_whole *z)
{
    jm_mem_free(z->mem, z->raw);
    z->raw = NULL;
}
