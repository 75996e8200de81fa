/* Layout: the mark of a card or a stage that opens a detailed map (1.2):
 * a page with an arrow leaving it by its top right corner, the sign of a
 * link that opens more. */
#include "layout/parts.h"

double jm_lay_detail_mark(jm_lay *L, jm_role role, double right, double y, jm_rgb color, const char *detail)
{
    jm_dl *dl = &L->dl;
    const double s = DETAIL_MARK, x = right - s;
    jm_part_data d = jm_lay_here(L);
    d.detail = detail;
    if (detail) jm_dl_part_begin(dl, JM_PART_DETAIL, d);
    /* the page: open at its top right corner, where the arrow leaves */
    jm_pen page = jm_dl_path(dl, role, 6);
    jm_pen_seg(dl, &page, JM_SEG_MOVE, x + s * 0.45, y + s * 0.2);
    jm_pen_seg(dl, &page, JM_SEG_LINE, x + 1, y + s * 0.2);
    jm_pen_seg(dl, &page, JM_SEG_LINE, x + 1, y + s - 1);
    jm_pen_seg(dl, &page, JM_SEG_LINE, x + s * 0.8, y + s - 1);
    jm_pen_seg(dl, &page, JM_SEG_LINE, x + s * 0.8, y + s * 0.55);
    jm_dl_outline(dl, jm_dl_path_end(dl, &page), color, 1, 1.5);
    /* the arrow, out of the corner */
    jm_pen arrow = jm_dl_path(dl, role, 5);
    jm_pen_seg(dl, &arrow, JM_SEG_MOVE, x + s * 0.42, y + s * 0.58);
    jm_pen_seg(dl, &arrow, JM_SEG_LINE, x + s - 1, y + 1);
    jm_pen_seg(dl, &arrow, JM_SEG_MOVE, x + s * 0.58, y + 1);
    jm_pen_seg(dl, &arrow, JM_SEG_LINE, x + s - 1, y + 1);
    jm_pen_seg(dl, &arrow, JM_SEG_LINE, x + s - 1, y + s * 0.42);
    jm_ref a = jm_dl_path_end(dl, &arrow);
    jm_dl_outline(dl, a, color, 1, 1.5);
    jm_dl_get(dl, a)->round = true;
    if (detail) jm_dl_part_end(dl);
    return s;
}
