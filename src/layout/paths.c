/* Layout: the paths lane (1.2), an arc diagram above the touchpoints
 * (docs/paths.md). Each step that is not simply "to the next column" is an
 * arrow: a leg up from its touchpoint's column, a run along a track of its
 * own, a leg down to the other touchpoint's column. An exit runs a little
 * way along its track and leaves; on a wrapped map an arrow to another row
 * runs to the row's edge and names the touchpoint it goes to (or comes
 * from) beyond it.
 *
 * Tracks: the arrows, shortest first, each take the track just above the
 * highest track any arrow already placed over the same stretch holds (a
 * skyline kept in a segment tree: O(log n) an arrow). So a shorter arrow
 * lies inside every longer one over it, and two arrows never share a piece
 * of track. Legs: in each column, those whose arrow runs to the left come
 * first, lowest track outermost, then those that run to the right, highest
 * track first: no leg crosses an arrow of its own column. */
#include "layout/parts.h"

#include <stdlib.h>
#include <string.h>

#include "analyse/paths.h"
#include "model/theme.h"

#define TRACK_H 12.0    /* between two tracks */
#define LEG_GAP 7.0     /* between two legs of a column, at most */
#define HEAD 6.0        /* an arrowhead's length */
#define PORT_FONT 9.0   /* the largest size of a port's name: one line within a track */
#define PORT_CHARS 120  /* bytes of a port's name measured at most: more than its line holds */

typedef struct arrow {
    const jm_touchpoint *tp;    /* the touchpoint it leaves */
    long from, to;              /* whole-map columns; to -1 for an exit */
    jm_step_kind kind;
    const char *from_id, *to_id;
    const char *from_name, *to_name;
} arrow;

struct jm_paths_plan {
    arrow *arrows;
    size_t n;
    size_t *at, *at_first;      /* the arrows with an end at column c: at[at_first[c] .. at_first[c + 1]) */
    bool kinds[JM_STEP_KIND_COUNT];
    bool optional;              /* a shown touchpoint is optional */
};

/* One arrow on a row: its span in half-columns (see span()), its track,
 * where its legs stand. */
typedef struct placed {
    const arrow *a;
    long f, t;                  /* row columns; outside [0, n) for another row's */
    long lo, hi;                /* its span, in units */
    int track;
    double xf, xt;              /* the legs' x (or the row's edge) */
} placed;

typedef struct leg {
    size_t arrow;               /* into the row's placed */
    int track;                  /* its arrow's */
    long col;
    bool to_right;              /* its arrow runs to the right of it */
    bool is_to;                 /* the leg the arrow ends on */
} leg;

/* ---- the plan: the whole map's arrows ---- */

double jm_lay_paths_prepare(jm_lay *L, bool wrapped)
{
    L->paths = NULL;
    bool shown = false;
    for (size_t i = 0; i < L->j->n_lanes; i++) shown |= L->j->lanes[i] == JM_LANE_PATHS;
    jm_step *steps = NULL;
    size_t n = shown ? jm_path_steps(L->j, NULL, &steps) : 0;
    if (n == (size_t)-1) {
        L->dl.failed = true;
        return 0;
    }
    struct jm_paths_plan *p = jm_dl_alloc(&L->dl, sizeof *p);
    size_t total = 0;
    for (size_t s = 0; s < L->j->n_stages; s++) total += L->j->stages[s].n_touchpoints;
    long *col_of = jm_dl_alloc(&L->dl, (total + 1) * sizeof *col_of);
    arrow *arrows = jm_dl_alloc(&L->dl, (n ? n : 1) * sizeof *arrows);
    if (!p || !col_of || !arrows) {
        jm_mem_free(NULL, steps);
        return 0;
    }
    memset(p, 0, sizeof *p);
    /* the column of each touchpoint, -1 when the view hides it */
    size_t *first = jm_dl_alloc(&L->dl, (L->j->n_stages + 1) * sizeof *first);
    if (!first) {
        jm_mem_free(NULL, steps);
        return 0;
    }
    size_t ix = 0;
    for (size_t s = 0; s < L->j->n_stages; s++) {
        first[s] = ix;
        ix += L->j->stages[s].n_touchpoints;
    }
    for (size_t i = 0; i < ix; i++) col_of[i] = -1;
    for (size_t c = 0; c < L->n_cols; c++) {
        const jm_column *col = &L->cols[c];
        if (!col->tp) continue;
        col_of[first[col->stage] + (size_t)(col->tp - L->j->stages[col->stage].touchpoints)] = (long)c;
        p->optional |= col->tp->optional;
    }
    for (size_t i = 0; i < n; i++) {
        const jm_step *st = &steps[i];
        long f = st->from_ix < ix ? col_of[st->from_ix] : -1;
        long t = st->to && st->to_ix < ix ? col_of[st->to_ix] : -1;
        if (f < 0 || (st->to && t < 0)) continue; /* the view hides one end */
        arrow *a = &arrows[p->n++];
        *a = (arrow){st->from, f, st->to ? t : -1, st->kind, st->from->id.s, st->to ? st->to->id.s : "end", st->from->name.s,
                     st->to ? st->to->name.s : NULL};
        p->kinds[st->kind] = true;
    }
    jm_mem_free(NULL, steps);
    p->arrows = arrows;
    /* the arrows by the columns of their ends, so that each row of a
     * wrapped map looks at its own arrows only */
    p->at_first = jm_dl_alloc(&L->dl, (L->n_cols + 2) * sizeof *p->at_first);
    p->at = jm_dl_alloc(&L->dl, (2 * p->n + 1) * sizeof *p->at);
    if (!p->at_first || !p->at) return 0;
    memset(p->at_first, 0, (L->n_cols + 2) * sizeof *p->at_first);
    for (size_t i = 0; i < p->n; i++) {
        p->at_first[p->arrows[i].from + 1]++;
        if (p->arrows[i].to >= 0) p->at_first[p->arrows[i].to + 1]++;
    }
    for (size_t c = 0; c < L->n_cols; c++) p->at_first[c + 1] += p->at_first[c];
    size_t *fill = jm_dl_alloc(&L->dl, (L->n_cols + 1) * sizeof *fill);
    if (!fill) return 0;
    memcpy(fill, p->at_first, (L->n_cols + 1) * sizeof *fill);
    for (size_t i = 0; i < p->n; i++) {
        p->at[fill[p->arrows[i].from]++] = i;
        if (p->arrows[i].to >= 0) p->at[fill[p->arrows[i].to]++] = i;
    }
    L->paths = p;
    bool ports = false;
    for (size_t i = 0; i < p->n; i++) ports |= p->arrows[i].to >= 0;
    return wrapped && ports ? LABEL_W : 0;
}

/* ---- the skyline: range maximum, range assignment ---- */

typedef struct sky {
    int *max, *set;             /* set: a pending assignment, 0 for none */
    long n;
} sky;

static void sky_push(sky *s, long node)
{
    if (!s->set[node]) return;
    for (long k = 2 * node; k <= 2 * node + 1; k++) s->max[k] = s->set[k] = s->set[node];
    s->set[node] = 0;
}

static int sky_max(sky *s, long node, long l, long r, long lo, long hi)
{
    if (hi < l || r < lo) return 0;
    if (lo <= l && r <= hi) return s->max[node];
    sky_push(s, node);
    long m = (l + r) / 2;
    int a = sky_max(s, 2 * node, l, m, lo, hi), b = sky_max(s, 2 * node + 1, m + 1, r, lo, hi);
    return a > b ? a : b;
}

static void sky_set(sky *s, long node, long l, long r, long lo, long hi, int v)
{
    if (hi < l || r < lo) return;
    if (lo <= l && r <= hi) {
        s->max[node] = s->set[node] = v;
        return;
    }
    sky_push(s, node);
    long m = (l + r) / 2;
    sky_set(s, 2 * node, l, m, lo, hi, v);
    sky_set(s, 2 * node + 1, m + 1, r, lo, hi, v);
    s->max[node] = s->max[2 * node] > s->max[2 * node + 1] ? s->max[2 * node] : s->max[2 * node + 1];
}

/* ---- packing a few arrows closer ---- */

/* Up to PACK_MAX arrows on a row are packed tighter than the skyline does:
 * each, shortest first, takes the lowest track free over its whole span
 * that lies above every arrow inside it. It looks at every arrow placed
 * before it (quadratic), so more arrows take the skyline. */
#define PACK_MAX 256

static int pack(placed *ps, size_t m, jm_dl *dl)
{
    bool *used = jm_dl_alloc(dl, (m + 2) * sizeof *used);
    if (!used) return -1;
    int tracks = 0;
    for (size_t i = 0; i < m; i++) {
        memset(used, 0, (m + 2) * sizeof *used);
        int least = 1;
        for (size_t k = 0; k < i; k++) {
            if (ps[k].hi < ps[i].lo || ps[i].hi < ps[k].lo) continue;
            used[ps[k].track] = true;
            if (ps[k].lo >= ps[i].lo && ps[k].hi <= ps[i].hi && ps[k].track >= least) least = ps[k].track + 1;
        }
        int t = least;
        while (used[t]) t++;
        ps[i].track = t;
        if (t > tracks) tracks = t;
    }
    return tracks;
}

/* ---- a row ---- */

/* Spans, in units: column c's left half is 2c + 1, its right half 2c + 2;
 * 0 is the row's left edge, 2n + 2 its right edge. An arrow covers the
 * halves between its legs: those of two arrows that meet at a column from
 * either side do not overlap. */
static void span(placed *p, long n)
{
    long f = p->f, t = p->a->to < 0 ? p->f : p->t;
    if (p->a->to < 0) { /* an exit: the right half of its column */
        p->lo = p->hi = 2 * f + 2;
        return;
    }
    long lo = f < t ? f : t, hi = f < t ? t : f;
    p->lo = lo < 0 ? 0 : 2 * lo + 2;
    p->hi = hi >= n ? 2 * n + 2 : 2 * hi + 1;
}

static int by_length(const void *a, const void *b)
{
    const placed *x = a, *y = b;
    long lx = x->hi - x->lo, ly = y->hi - y->lo;
    if (lx != ly) return lx < ly ? -1 : 1;
    if (x->lo != y->lo) return x->lo < y->lo ? -1 : 1;
    return x->a < y->a ? -1 : x->a > y->a;
}

static int by_leg(const void *a, const void *b)
{
    const leg *x = a, *y = b;
    if (x->col != y->col) return x->col < y->col ? -1 : 1;
    if (x->to_right != y->to_right) return x->to_right ? 1 : -1;
    int tx = x->track, ty = y->track;
    if (tx != ty) return x->to_right ? (tx > ty ? -1 : 1) : (tx < ty ? -1 : 1);
    return x->arrow < y->arrow ? -1 : x->arrow > y->arrow;
}

/* The arrow's colour, width and pattern. */
static void arrow_style(jm_lay *L, jm_step_kind k, jm_rgb *c, int *dash)
{
    *c = k == JM_STEP_EXIT ? L->t->negative : k == JM_STEP_BYPASS ? L->t->muted : L->t->text;
    *dash = k == JM_STEP_RETURN ? JM_DASH_RULE : k == JM_STEP_BYPASS ? JM_DASH_SHORT : 0;
}

/* An arrowhead whose tip is (x, y), pointing (dx, dy) (a unit axis). */
static void head(jm_lay *L, double x, double y, int dx, int dy, jm_rgb c)
{
    jm_pen pen = jm_dl_path(&L->dl, JM_ROLE_DECOR, 4);
    double bx = x - dx * HEAD, by = y - dy * HEAD, w = HEAD * 0.55;
    jm_pen_seg(&L->dl, &pen, JM_SEG_MOVE, x, y);
    jm_pen_seg(&L->dl, &pen, JM_SEG_LINE, bx + dy * w, by + dx * w);
    jm_pen_seg(&L->dl, &pen, JM_SEG_LINE, bx - dy * w, by - dx * w);
    jm_pen_seg(&L->dl, &pen, JM_SEG_CLOSE, 0, 0);
    jm_item *it = jm_dl_get(&L->dl, jm_dl_path_end(&L->dl, &pen));
    it->fill = c;
    it->fill_alpha = 1;
}

/* A polyline of n points, stroked. */
static void line(jm_lay *L, const double *xy, size_t n, jm_rgb c, int dash)
{
    jm_pen pen = jm_dl_path(&L->dl, JM_ROLE_DECOR, n);
    for (size_t i = 0; i < n; i++) jm_pen_seg(&L->dl, &pen, i ? JM_SEG_LINE : JM_SEG_MOVE, xy[2 * i], xy[2 * i + 1]);
    jm_item *it = jm_dl_get(&L->dl, jm_dl_path_end(&L->dl, &pen));
    it->stroke = c;
    it->stroke_alpha = 1;
    it->line_width = 1.4;
    it->dash = dash;
}

/* The name of the touchpoint in another row, beyond the row's edge: at the
 * right of the grid, or in the lane titles' column at the left. */
static void port_name(jm_lay *L, const char *name, bool right, double edge, double ty)
{
    if (!name) return;
    jm_font f = L->f_small;
    if (f.size > PORT_FONT) f.size = PORT_FONT;
    double w = LABEL_W - PAD - 8;
    /* one line: cut to what fits, with an ellipsis */
    size_t len = strlen(name);
    if (len > PORT_CHARS) { /* no more than a line holds: a long name is not measured whole for every arrow */
        len = PORT_CHARS;
        while (len > 0 && ((unsigned char)name[len] & 0xC0) == 0x80) len--;
    }
    char *s = jm_dl_sprintf(&L->dl, "%.*s", (int)len, name);
    if (!s) return;
    double tw;
    while ((tw = jm_text_natural_width(L->tx, s, strlen(s), &f) + 1) > w && len > 1) {
        size_t cut = len * 3 / 4;
        while (cut > 0 && ((unsigned char)name[cut] & 0xC0) == 0x80) cut--;
        if (cut == 0) break;
        len = cut;
        s = jm_dl_sprintf(&L->dl, "%.*s\xe2\x80\xa6", (int)len, name);
        if (!s) return;
    }
    if (tw > w) tw = w;
    /* as wide as the name: it stays by the edge when a right-to-left map is mirrored */
    jm_box at = right ? (jm_box){edge + HEAD + 4, ty - f.size * 0.62, tw, 0} : (jm_box){edge - HEAD - 4 - tw, ty - f.size * 0.62, tw, 0};
    jm_lay_text_z(L, (jm_text_style){JM_ROLE_CELL, &f, right ? JM_ALIGN_START : JM_ALIGN_END, L->t->muted}, s, at);
}

static void draw(jm_lay *L, const placed *p, long n, double base, double top_track)
{
    jm_rgb c;
    int dash;
    arrow_style(L, p->a->kind, &c, &dash);
    const jm_diff_mark *mark = jm_diff_find(L->diff, p->a->tp);
    if (mark && (mark->kind == JM_DIFF_ADDED || (mark->kind == JM_DIFF_CHANGED && (mark->lanes & (1u << JM_LANE_PATHS)))))
        c = jm_lay_diff_color(L, mark->kind); /* jmap diff: where it leads is new */
    double ty = top_track - (double)(p->track - 1) * TRACK_H;
    double left = L->grid_x, right = L->grid_x + L->grid_w;
    jm_part_data d = {.from = p->a->from_id, .to = p->a->to_id, .kind = jm_step_kind_names[p->a->kind]};
    jm_dl_part_begin(&L->dl, JM_PART_PATH, d);
    bool from_in = p->f >= 0 && p->f < n, to_in = p->a->to >= 0 && p->t >= 0 && p->t < n;
    if (p->a->to < 0) { /* an exit: up, along, out */
        const jm_column *col = &L->cols[p->f];
        double xe = col->x + COL_W - HEAD - 6;
        line(L, (double[]){p->xf, base + 1, p->xf, ty, xe, ty}, 3, c, dash);
        head(L, xe + HEAD, ty, 1, 0, c);
        jm_dl_line(&L->dl, JM_ROLE_DECOR, xe + HEAD + 2, ty - 5, xe + HEAD + 2, ty + 5, c, 1.4);
    } else if (from_in && to_in) {
        line(L, (double[]){p->xf, base + 1, p->xf, ty, p->xt, ty, p->xt, base + 7 - HEAD}, 4, c, dash);
        head(L, p->xt, base + 7, 0, 1, c);
    } else if (from_in) { /* to another row: along to the row's edge, then its name */
        bool r = p->t >= n;
        double edge = r ? right : left;
        line(L, (double[]){p->xf, base + 1, p->xf, ty, edge + (r ? -HEAD : HEAD), ty}, 3, c, dash);
        head(L, edge, ty, r ? 1 : -1, 0, c);
        port_name(L, p->a->to_name, r, edge, ty);
    } else { /* from another row: from the row's edge, with the name of where it comes from */
        bool r = p->f >= n;
        double edge = r ? right : left;
        line(L, (double[]){edge, ty, p->xt, ty, p->xt, base + 7 - HEAD}, 3, c, dash);
        head(L, p->xt, base + 7, 0, 1, c);
        jm_dl_line(&L->dl, JM_ROLE_DECOR, edge, ty - 4, edge, ty + 4, c, 1.4);
        port_name(L, p->a->from_name, r, edge + (r ? -HEAD + 2 : HEAD - 2), ty);
    }
    if (from_in) jm_dl_circle(&L->dl, JM_ROLE_DECOR, p->xf, base + 1, 2.4, c);
    jm_dl_part_end(&L->dl);
}

/* The arrows of this row: those with an end among its columns. */
/* The arrows of this row: those with an end among its columns, each once,
 * in the plan's order; *out from dl (NULL when none). */
static size_t row_arrows(jm_lay *L, placed **out, long n)
{
    const struct jm_paths_plan *plan = L->paths;
    long c0 = (long)L->col0;
    size_t count = plan->at_first[c0 + n] - plan->at_first[c0];
    *out = count ? jm_dl_alloc(&L->dl, count * sizeof **out) : NULL;
    if (!*out) return 0;
    size_t m = 0;
    for (long c = c0; c < c0 + n; c++)
        for (size_t k = plan->at_first[c]; k < plan->at_first[c + 1]; k++) {
            const arrow *a = &plan->arrows[plan->at[k]];
            long f = a->from - c0, t = a->to < 0 ? -1 : a->to - c0;
            if (a->from != c && f >= 0 && f < n) continue; /* both ends in the row: taken at its from-column */
            (*out)[m] = (placed){.a = a, .f = f, .t = t};
            span(&(*out)[m], n);
            m++;
        }
    return m;
}

double jm_lay_paths(jm_lay *L, double y)
{
    jm_dl *dl = &L->dl;
    double title_h = L->f_label.size * 1.3 + 4; /* the lane's title and its repeats in gutters, above the tracks */
    double top = PAD + 2 + title_h + 6;
    if (!L->paths || !L->paths->n) return top + PAD;
    long n = (long)L->n_cols;
    placed *ps;
    size_t m = row_arrows(L, &ps, n);
    if (!m) return top + PAD;
    leg *legs = jm_dl_alloc(dl, 2 * m * sizeof *legs);
    long units = 2 * n + 3, size = 1;
    while (size < units) size *= 2;
    sky s = {jm_dl_alloc(dl, 2 * (size_t)size * sizeof(int)), jm_dl_alloc(dl, 2 * (size_t)size * sizeof(int)), units};
    if (!legs || !s.max || !s.set) return top + PAD;
    memset(s.max, 0, 2 * (size_t)size * sizeof(int));
    memset(s.set, 0, 2 * (size_t)size * sizeof(int));
    qsort(ps, m, sizeof *ps, by_length);
    int tracks = m <= PACK_MAX ? pack(ps, m, dl) : -1;
    if (tracks < 0) {
        tracks = 0;
        for (size_t i = 0; i < m; i++) {
            ps[i].track = sky_max(&s, 1, 0, units - 1, ps[i].lo, ps[i].hi) + 1;
            sky_set(&s, 1, 0, units - 1, ps[i].lo, ps[i].hi, ps[i].track);
            if (ps[i].track > tracks) tracks = ps[i].track;
        }
    }
    /* the legs, column by column */
    size_t nl = 0;
    for (size_t i = 0; i < m; i++) {
        const placed *p = &ps[i];
        bool exit = p->a->to < 0;
        if (p->f >= 0 && p->f < n) legs[nl++] = (leg){i, p->track, p->f, exit || p->t > p->f, false};
        if (!exit && p->t >= 0 && p->t < n) legs[nl++] = (leg){i, p->track, p->t, p->f > p->t, true};
    }
    qsort(legs, nl, sizeof *legs, by_leg);
    for (size_t a = 0; a < nl;) {
        size_t b = a;
        while (b < nl && legs[b].col == legs[a].col) b++;
        double room = COL_W - 2 * CARD_INSET - 24, gap = (double)(b - a) > 1 ? room / (double)(b - a - 1) : 0;
        if (gap > LEG_GAP) gap = LEG_GAP;
        double cx = L->cols[legs[a].col].x + COL_W / 2, x0 = cx - gap * (double)(b - a - 1) / 2;
        for (size_t k = a; k < b; k++) {
            placed *p = &ps[legs[k].arrow];
            double x = x0 + gap * (double)(k - a);
            if (legs[k].is_to) p->xt = x;
            else p->xf = x;
        }
        a = b;
    }
    double h = top + (double)(tracks - 1) * TRACK_H + 10;
    double base = y + h, top_track = base - 10;
    for (size_t i = 0; i < m; i++) draw(L, &ps[i], n, base, top_track);
    return h;
}

/* ---- an optional touchpoint, the legend ---- */

double jm_lay_optional_tag(jm_lay *L, jm_ref card, double x, double y, double w)
{
    jm_dl *dl = &L->dl;
    jm_item *bg = jm_dl_get(dl, card);
    bg->dash = JM_DASH_RULE;
    if (jm_rgb_same(bg->stroke, L->t->line)) { /* not a moment's, nor a diff's mark */
        bg->line_width = 1.5;
        bg->stroke = L->t->muted;
    }
    const char *word = jm_lay_word(L, JM_W_OPTIONAL);
    double tw = jm_text_natural_width(L->tx, word, strlen(word), &L->f_small) + 1;
    if (tw > w - 12) tw = w - 12;
    jm_dl_part_begin(dl, JM_PART_OPTIONAL, jm_lay_here(L));
    jm_group g = jm_dl_group(dl);
    double th = jm_lay_text_z(L, (jm_text_style){JM_ROLE_CELL, &L->f_small, JM_ALIGN_START, L->t->muted}, word,
                              (jm_box){x + 6, y + 2, tw, 0});
    jm_layer under = jm_dl_under(dl, g);
    jm_ref pill = jm_dl_rect(dl, JM_ROLE_DECOR, (jm_box){x, y, tw + 12, th + 4}, L->t->background, 1, (th + 4) / 2);
    jm_dl_outline(dl, pill, L->t->muted, 1, 1);
    jm_dl_get(dl, pill)->dash = JM_DASH_RULE;
    jm_dl_end_under(dl, under);
    jm_dl_part_end(dl);
    return th + 4;
}

bool jm_lay_paths_kind_drawn(const jm_lay *L, int kind)
{
    if (!L->paths) return false;
    if (kind < 0) return L->paths->optional;
    return kind < JM_STEP_KIND_COUNT && L->paths->kinds[kind];
}

double jm_lay_path_key(jm_lay *L, int kind, double x, double y)
{
    jm_rgb c;
    int dash;
    arrow_style(L, (jm_step_kind)kind, &c, &dash);
    if (kind == JM_STEP_EXIT) {
        line(L, (double[]){x, y + 14, x, y + 6, x + 16, y + 6}, 3, c, dash);
        head(L, x + 16 + HEAD, y + 6, 1, 0, c);
        jm_dl_line(&L->dl, JM_ROLE_DECOR, x + 24, y + 1, x + 24, y + 11, c, 1.4);
        return 28;
    }
    line(L, (double[]){x, y + 16, x, y + 4, x + 22, y + 4, x + 22, y + 16 - HEAD}, 4, c, dash);
    head(L, x + 22, y + 16, 0, 1, c);
    jm_dl_circle(&L->dl, JM_ROLE_DECOR, x, y + 16, 2.4, c);
    return 28;
}
