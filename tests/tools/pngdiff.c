/* pngdiff A.png B.png [TOLERANCE [RADIUS [DIFF.png]]]: compares two images
 * of the same size and prints "W H DIFFERING" where DIFFERING counts the
 * pixels of A whose colour differs in some channel by more than TOLERANCE
 * (0-255, default 0) from every pixel of B within RADIUS pixels (default 0:
 * the same pixel), both images composited over white. A radius of 1 lets an
 * edge antialiased a pixel further on pass, and nothing else. DIFF.png gets
 * the differing pixels in red over a pale A. Exit 0, or 2 when an image cannot be read or
 * the sizes differ (then it prints both sizes). For the end-to-end tests:
 * pixel ratios, never golden images. */
#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned char *load(const char *path, png_image *img)
{
    memset(img, 0, sizeof *img);
    img->version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_file(img, path)) return NULL;
    img->format = PNG_FORMAT_RGB;
    unsigned char *px = malloc(PNG_IMAGE_SIZE(*img));
    png_color white = {255, 255, 255};
    if (!px || !png_image_finish_read(img, &white, px, 0, NULL)) {
        free(px);
        return NULL;
    }
    return px;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: pngdiff A.png B.png [TOLERANCE]\n");
        return 2;
    }
    int tol = argc > 3 ? atoi(argv[3]) : 0, rad = argc > 4 ? atoi(argv[4]) : 0;
    png_image a, b;
    unsigned char *pa = load(argv[1], &a), *pb = load(argv[2], &b);
    if (!pa || !pb) {
        fprintf(stderr, "pngdiff: cannot read %s\n", pa ? argv[2] : argv[1]);
        return 2;
    }
    if (a.width != b.width || a.height != b.height) {
        printf("%u %u %u %u\n", a.width, a.height, b.width, b.height);
        return 2;
    }
    unsigned long diff = 0;
    int w = (int)a.width, h = (int)a.height;
    unsigned char *mark = argc > 5 ? calloc((size_t)w * h, 3) : NULL;
    for (int py = 0; py < h; py++)
        for (int px = 0; px < w; px++) {
            const unsigned char *x = pa + 3 * ((size_t)py * w + px);
            int near = 0;
            for (int dy = -rad; dy <= rad && !near; dy++)
                for (int dx = -rad; dx <= rad && !near; dx++) {
                    int qx = px + dx, qy = py + dy;
                    if (qx < 0 || qy < 0 || qx >= w || qy >= h) continue;
                    const unsigned char *y = pb + 3 * ((size_t)qy * w + qx);
                    near = abs(x[0] - y[0]) <= tol && abs(x[1] - y[1]) <= tol && abs(x[2] - y[2]) <= tol;
                }
            if (!near) diff++;
            if (mark) {
                unsigned char *m = mark + 3 * ((size_t)py * w + px);
                for (int c = 0; c < 3; c++) m[c] = (unsigned char)(191 + x[c] / 4);
                if (!near) m[0] = 255, m[1] = 0, m[2] = 0;
            }
        }
    printf("%u %u %lu\n", a.width, a.height, diff);
    if (mark) {
        png_image out;
        memset(&out, 0, sizeof out);
        out.version = PNG_IMAGE_VERSION;
        out.width = a.width;
        out.height = a.height;
        out.format = PNG_FORMAT_RGB;
        png_image_write_to_file(&out, argv[5], 0, mark, 0, NULL);
        free(mark);
    }
    free(pa);
    free(pb);
    return 0;
}
