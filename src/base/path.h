/* Path segments: the one vector shape that layout hands to the painter. */
#ifndef JMAP_PATH_H
#define JMAP_PATH_H

typedef enum { JM_SEG_MOVE, JM_SEG_LINE, JM_SEG_CURVE, JM_SEG_CLOSE } jm_seg_kind;

typedef struct jm_seg {
    jm_seg_kind kind;
    double x1, y1, x2, y2;      /* control points, JM_SEG_CURVE only */
    double x, y;                /* end point (unused for JM_SEG_CLOSE) */
} jm_seg;

#endif
