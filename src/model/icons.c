/* Channel icons and the parser of their path language (see icons.h). */
#include "model/icons.h"

#include <math.h>
#include <stdbool.h>
#include <stddef.h>

/* One entry per jm_builtin_channel, in its order: both are channels.def's
 * rows, where the icons are drawn; `other` comes last. */
static const jm_icon icons[] = {
#define JM_CHANNEL(name, id, kind, stroke, fill) {stroke, fill},
#include "model/channels.def"
#undef JM_CHANNEL
};

enum { ICON_COUNT = sizeof icons / sizeof icons[0] };

const jm_icon *jm_icon_get(int id)
{
    if (id < 0 || id >= ICON_COUNT)
        id = ICON_COUNT - 1;
    return &icons[id];
}

/* ---- the path language ---- */

/* Where segments go: the first max of them into out, the rest only counted. */
typedef struct emitter {
    jm_seg *out;
    int max, n;
    double x, y, scale;         /* grid (gx, gy) -> (x + gx*scale, y + gy*scale) */
} emitter;

static void emit(emitter *e, jm_seg_kind kind, double x1, double y1,
                 double x2, double y2, double x, double y)
{
    if (e->n < e->max) {
        jm_seg *s = &e->out[e->n];
        *s = (jm_seg){ .kind = kind };
        if (kind == JM_SEG_CURVE) {
            s->x1 = e->x + x1 * e->scale;
            s->y1 = e->y + y1 * e->scale;
            s->x2 = e->x + x2 * e->scale;
            s->y2 = e->y + y2 * e->scale;
        }
        if (kind != JM_SEG_CLOSE) {
            s->x = e->x + x * e->scale;
            s->y = e->y + y * e->scale;
        }
    }
    e->n++;
}

static void move_to(emitter *e, double x, double y)
{
    emit(e, JM_SEG_MOVE, 0, 0, 0, 0, x, y);
}

static void line_to(emitter *e, double x, double y)
{
    emit(e, JM_SEG_LINE, 0, 0, 0, 0, x, y);
}

static void curve_to(emitter *e, double x1, double y1, double x2, double y2,
                     double x, double y)
{
    emit(e, JM_SEG_CURVE, x1, y1, x2, y2, x, y);
}

static void close_path(emitter *e)
{
    emit(e, JM_SEG_CLOSE, 0, 0, 0, 0, 0, 0);
}

/* Control distance of a quarter circle of radius 1 drawn as one cubic. */
#define KAPPA 0.5522847498307936

static bool circle(emitter *e, double cx, double cy, double r)
{
    if (!(r > 0))
        return false;
    double k = KAPPA * r;
    move_to(e, cx + r, cy);
    curve_to(e, cx + r, cy + k, cx + k, cy + r, cx, cy + r);
    curve_to(e, cx - k, cy + r, cx - r, cy + k, cx - r, cy);
    curve_to(e, cx - r, cy - k, cx - k, cy - r, cx, cy - r);
    curve_to(e, cx + k, cy - r, cx + r, cy - k, cx + r, cy);
    close_path(e);
    return true;
}

static bool round_rect(emitter *e, double x, double y, double w, double h,
                       double r)
{
    if (!(w > 0) || !(h > 0) || !(r >= 0) || r > w / 2 || r > h / 2)
        return false;
    double x2 = x + w, y2 = y + h;
    if (r == 0) {
        move_to(e, x, y);
        line_to(e, x2, y);
        line_to(e, x2, y2);
        line_to(e, x, y2);
        close_path(e);
        return true;
    }
    double k = KAPPA * r;
    move_to(e, x + r, y);
    line_to(e, x2 - r, y);
    curve_to(e, x2 - r + k, y, x2, y + r - k, x2, y + r);
    line_to(e, x2, y2 - r);
    curve_to(e, x2, y2 - r + k, x2 - r + k, y2, x2 - r, y2);
    line_to(e, x + r, y2);
    curve_to(e, x + r - k, y2, x, y2 - r + k, x, y2 - r);
    line_to(e, x, y + r);
    curve_to(e, x, y + r - k, x + r - k, y, x + r, y);
    close_path(e);
    return true;
}

static bool is_sep(char c)
{
    return c == ' ' || c == ',' || c == '\t' || c == '\n' || c == '\r';
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static bool is_letter(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

static const char *skip_seps(const char *p)
{
    while (is_sep(*p))
        p++;
    return p;
}

/* [+-]digits[.digits], ended by a separator, a letter or the end. Parsed by
 * hand so that the locale's decimal point cannot matter. */
static bool read_number(const char **pp, double *v)
{
    const char *p = skip_seps(*pp);
    bool neg = *p == '-';
    if (*p == '-' || *p == '+')
        p++;
    if (!is_digit(*p))
        return false;
    double n = 0;
    while (is_digit(*p))
        n = n * 10 + (*p++ - '0');
    if (*p == '.') {
        p++;
        if (!is_digit(*p))
            return false;
        double frac = 0, div = 1;
        while (is_digit(*p)) {
            frac = frac * 10 + (*p++ - '0');
            div *= 10;
        }
        n += frac / div;
    }
    if (*p && !is_sep(*p) && !is_letter(*p))
        return false;
    if (!isfinite(n))
        return false;
    *v = neg ? -n : n;
    *pp = p;
    return true;
}

/* How many numbers a command takes; -1 for an unknown command. */
static int arity(char cmd)
{
    switch (cmd) {
    case 'M': case 'L': return 2;
    case 'C': return 6;
    case 'Z': return 0;
    case 'O': return 3;
    case 'R': return 5;
    default: return -1;
    }
}

/* Runs one command; *open tells whether a subpath is open for L, C and Z. */
static bool run(emitter *e, char cmd, const double *a, bool *open)
{
    switch (cmd) {
    case 'M':
        move_to(e, a[0], a[1]);
        *open = true;
        return true;
    case 'L':
        if (*open)
            line_to(e, a[0], a[1]);
        return *open;
    case 'C':
        if (*open)
            curve_to(e, a[0], a[1], a[2], a[3], a[4], a[5]);
        return *open;
    case 'Z':
        if (!*open)
            return false;
        close_path(e);
        *open = false;
        return true;
    case 'O':
        *open = false;
        return circle(e, a[0], a[1], a[2]);
    case 'R':
        *open = false;
        return round_rect(e, a[0], a[1], a[2], a[3], a[4]);
    default:
        return false;
    }
}

int jm_icon_segments(const char *src, double x, double y, double size,
                     jm_seg *out, int max)
{
    emitter e = { .out = out, .max = out && max > 0 ? max : 0,
                  .x = x, .y = y, .scale = size / 24.0 };
    bool open = false;
    const char *p = src ? src : "";
    for (;;) {
        p = skip_seps(p);
        if (!*p)
            return e.n;
        char cmd = *p++;
        int n = arity(cmd);
        if (n < 0)
            return -1;
        double a[6];
        for (int i = 0; i < n; i++)
            if (!read_number(&p, &a[i]))
                return -1;
        if (!run(&e, cmd, a, &open))
            return -1;
    }
}
