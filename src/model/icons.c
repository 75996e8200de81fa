/* Channel icons and the parser of their path language (see icons.h). */
#include "model/icons.h"

#include <math.h>
#include <stdbool.h>
#include <stddef.h>

/* One entry per jm_builtin_channel, kept in the enum's order (model.h) by
 * hand so that this file needs no other header; `other` comes last. */
static const jm_icon icons[] = {
    /* web: a globe */
    { "O 12 12 10 M 2 12 L 22 12 "
      "M 12 2 C 14.8 4.7 16 8.2 16 12 C 16 15.8 14.8 19.3 12 22 "
      "C 9.2 19.3 8 15.8 8 12 C 8 8.2 9.2 4.7 12 2 Z", NULL },
    /* mobile: a smartphone with a home bar */
    { "R 6 2 12 20 2.5 M 11 18 L 13 18", NULL },
    /* email: an envelope, flap closed */
    { "R 2 4.5 20 15 2 M 2.5 7 L 12 13 L 21.5 7", NULL },
    /* phone: a handset */
    { "M 3 6 C 3 14.28 9.72 21 18 21 L 19 21 C 20.1 21 21 20.1 21 19 "
      "L 21 16.5 C 21 15.7 20.4 15.1 19.6 15 L 16.6 14.7 "
      "C 16.1 14.65 15.6 14.9 15.3 15.3 L 14.8 16 C 11.6 14.8 9.2 12.4 8 9.2 "
      "L 8.7 8.7 C 9.1 8.4 9.35 7.9 9.3 7.4 L 9 4.4 C 8.9 3.6 8.3 3 7.5 3 "
      "L 5 3 C 3.9 3 3 3.9 3 5 Z", NULL },
    /* chat: two speech bubbles */
    { "M 15 6 L 15 5.5 C 15 4.12 13.88 3 12.5 3 L 5.5 3 "
      "C 4.12 3 3 4.12 3 5.5 L 3 15 L 6 12 "
      "M 11.5 9 L 18.5 9 C 19.88 9 21 10.12 21 11.5 L 21 21 L 18 18 "
      "L 11.5 18 C 10.12 18 9 16.88 9 15.5 L 9 11.5 C 9 10.12 10.12 9 11.5 9 Z",
      NULL },
    /* social: three linked nodes */
    { "O 18 5 3 O 6 12 3 O 18 19 3 "
      "M 8.59 10.49 L 15.41 6.51 M 8.59 13.51 L 15.41 17.49", NULL },
    /* store: a shop front under a scalloped awning */
    { "M 2 8 L 4 3 L 20 3 L 22 8 "
      "C 22 9.4 20.9 10.5 19.5 10.5 C 18.1 10.5 17 9.4 17 8 "
      "C 17 9.4 15.9 10.5 14.5 10.5 C 13.1 10.5 12 9.4 12 8 "
      "C 12 9.4 10.9 10.5 9.5 10.5 C 8.1 10.5 7 9.4 7 8 "
      "C 7 9.4 5.9 10.5 4.5 10.5 C 3.1 10.5 2 9.4 2 8 Z "
      "M 4 12.5 L 4 21 L 20 21 L 20 12.5 M 10 21 L 10 16 L 14 16 L 14 21", NULL },
    /* sms: a speech bubble with typing dots */
    { "M 6 3.5 L 18 3.5 C 19.66 3.5 21 4.84 21 6.5 L 21 14.5 "
      "C 21 16.16 19.66 17.5 18 17.5 L 11 17.5 L 6.5 21 L 7 17.5 L 6 17.5 "
      "C 4.34 17.5 3 16.16 3 14.5 L 3 6.5 C 3 4.84 4.34 3.5 6 3.5 Z",
      "O 8 10.5 1.25 O 12 10.5 1.25 O 16 10.5 1.25" },
    /* tv: a screen with rabbit-ear antennas */
    { "R 2 7 20 14 2 M 7.5 2.5 L 12 7 L 16.5 2.5", NULL },
    /* print: a folded newspaper */
    { "M 5 21 L 19 21 C 20.1 21 21 20.1 21 19 L 21 5 C 21 3.9 20.1 3 19 3 "
      "L 9 3 C 7.9 3 7 3.9 7 5 L 7 19 C 7 20.1 6.1 21 5 21 "
      "C 3.9 21 3 20.1 3 19 L 3 10 C 3 9.45 3.45 9 4 9 L 7 9 "
      "R 10.5 6.5 7 4 1 M 11 15 L 17 15 M 11 18 L 15 18", NULL },
    /* mail: a roadside mailbox, flag up */
    { "M 7 8 L 17 8 C 19.21 8 21 9.79 21 12 L 21 18 L 3 18 L 3 12 "
      "C 3 9.79 4.79 8 7 8 C 9.21 8 11 9.79 11 12 L 11 18 "
      "M 14 18 L 14 22 M 16 13 L 16 2 L 19.5 2 L 19.5 5 L 16 5", NULL },
    /* event: a calendar page */
    { "R 3 4.5 18 17 2 M 8 2 L 8 6.5 M 16 2 L 16 6.5 M 3 10 L 21 10",
      "O 8 14 1.1 O 12 14 1.1 O 16 14 1.1 O 8 17.5 1.1 O 12 17.5 1.1" },
    /* qr: three finder squares and a scatter of modules */
    { "R 3 3 6 6 1 R 15 3 6 6 1 R 3 15 6 6 1 "
      "M 14 14 L 17 14 L 17 17 M 21 14 L 21 15 M 14 21 L 14 20 "
      "M 17.5 21 L 21 21 L 21 18.5",
      "R 5 5 2 2 0.3 R 17 5 2 2 0.3 R 5 17 2 2 0.3" },
    /* search: a magnifying glass */
    { "O 10.25 10.25 7.5 M 15.75 15.75 L 21.25 21.25", NULL },
    /* review: a five-pointed star */
    { "M 12 2.96 L 14.59 9.4 L 21.51 9.86 L 16.18 14.31 L 17.88 21.05 "
      "L 12 17.36 L 6.12 21.05 L 7.82 14.31 L 2.49 9.86 L 9.41 9.4 Z", NULL },
    /* self-service: a person at a standing terminal */
    { "O 6.5 8 2.5 M 2 21 L 2 18.5 C 2 16 4 14 6.5 14 C 9 14 11 16 11 18.5 "
      "L 11 21 R 14 3 8 9 1.5 M 18 12 L 18 21 M 15 21 L 21 21", NULL },
    /* delivery: a box truck */
    { "M 4 15.5 L 3.5 15.5 C 2.67 15.5 2 14.83 2 14 L 2 6 "
      "C 2 5.17 2.67 4.5 3.5 4.5 L 12.5 4.5 C 13.33 4.5 14 5.17 14 6 L 14 15.5 "
      "M 10 15.5 L 14.5 15.5 M 14 8.5 L 18 8.5 L 22 12.5 L 22 14 "
      "C 22 14.83 21.33 15.5 20.5 15.5 O 7 17.5 2 O 17.5 17.5 2", NULL },
    /* video: a video camera */
    { "R 2 6 13 12 2.5 M 16 10 L 20.5 7.5 C 21.2 7.1 22 7.6 22 8.4 "
      "L 22 15.6 C 22 16.4 21.2 16.9 20.5 16.5 L 16 14", NULL },
    /* other: a circle with three dots */
    { "O 12 12 10", "O 7.5 12 1.25 O 12 12 1.25 O 16.5 12 1.25" },
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
