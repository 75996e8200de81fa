/* Inside the layout stage: what the parts of the page share. layout.c lays
 * out the title and drives the parts; each part adds its items through the
 * display-list builder (dlist.h) and returns the y below it. */
#ifndef JMAP_LAYOUT_PARTS_H
#define JMAP_LAYOUT_PARTS_H

#include "analyse/diff.h"
#include "layout/dlist.h"
#include "layout/layout.h"

/* Geometry, in units (px at scale 1). */
#define MARGIN 40.0
#define LABEL_W 150.0
#define COL_W 200.0
#define PAD 10.0
#define CARD_INSET 6.0
#define MIN_CONTENT_W 900.0
#define PERSONA_W 300.0
#define GAP 16.0
#define POINT_R 5.5
#define MOMENT_R 10.0
#define ICON 18.0
#define MARKER 14.0      /* bullet marker column */
#define TICK_W 28.0      /* scale numbers beside the emotion band */
/* A long row repeats its lane titles in a gutter between two stages, once
 * at least REPEAT_COLS columns have passed since the last titles (about two
 * screen widths), on rows of more than REPEAT_MIN columns. */
#define REPEAT_COLS 10
#define REPEAT_MIN 16
#define GUTTER_W LABEL_W

typedef struct jm_column {
    const jm_touchpoint *tp;    /* NULL for an empty stage's column */
    size_t stage;
    double x;                   /* left edge */
} jm_column;

/* Whether the lane titles are repeated before column c of a row of n (since:
 * columns since the last titles). */
static inline bool jm_lay_gutter_before(const jm_column *cols, size_t n, size_t c, size_t since)
{
    return n > REPEAT_MIN && c > 0 && cols[c].stage != cols[c - 1].stage && since >= REPEAT_COLS;
}

/* The width of a row of columns cols[0, n): the columns and their gutters. */
static inline double jm_lay_row_width(const jm_column *cols, size_t n)
{
    double w = 0;
    for (size_t c = 0, since = 0; c < n; c++, since++) {
        if (jm_lay_gutter_before(cols, n, c, since)) {
            w += GUTTER_W;
            since = 0;
        }
        w += COL_W;
    }
    return w;
}

typedef struct jm_lay {
    jm_dl dl;
    jm_text_ctx *tx;
    const jmap_journey *j;
    const jm_theme *t;
    int persona;                /* -1 for every persona */
    const jm_diff *diff;        /* jmap diff's marks, or NULL */
    jm_column *cols;
    size_t n_cols;
    size_t *stage_first, *stage_count;
    double grid_x, grid_w, page_w, content_w;
    double least_content_w;     /* what the title, the cards and the plan need, however few the columns */
    double *gutters;            /* the left edge of each gutter of repeated lane titles */
    size_t *gutter_stage;       /* the stage after each */
    size_t n_gutters;
    /* a wrapped map (layout_wrap.c): the row being laid out is a journey of
     * its own, made of a run of the whole map's columns */
    const size_t *stage_ix;     /* the whole journey's index of each stage of L->j; NULL unwrapped */
    const jm_column *all_cols;  /* the whole map's columns; NULL unwrapped */
    size_t n_all_cols, col0;    /* and where this row's first column stands among them */
    double band_h;              /* the emotion band's height on every row, once measured; 0 before */
    struct jm_edge_scan *edges; /* per persona, where its curve crosses the rows' ends (layout_emotion.c) */
    struct jm_flow_scan *flow;  /* the whole map's reach, losses and times, once scanned (flowtime.c) */
    struct jm_paths_plan *paths; /* the paths lane's arrows over the whole map (paths.c), or NULL */
    jm_font f_title, f_desc, f_stage, f_goal, f_label, f_body, f_bold, f_small, f_quote, f_value, f_persona;
} jm_lay;

/* Text at (at.x, at.y) wrapped to at.w (jm_dl_text); returns its height. */
double jm_lay_text(jm_lay *L, jm_text_style st, const char *s, size_t len, jm_box at);
double jm_lay_text_z(jm_lay *L, jm_text_style st, const char *s, jm_box at);

/* f, shrunk to at most `least` of its size so that each word of s fits in w. */
jm_font jm_lay_fit_words(jm_lay *L, const char *s, size_t len, const jm_font *f, double w, double least);
jm_rgb jm_lay_stage_color(const jm_lay *L, size_t s);
jm_rgb jm_lay_score_color(const jm_lay *L, double v);
jm_rgb jm_lay_persona_color(const jm_lay *L, int p);

/* Each persona's own marks (marks.c, docs/drawing.md): a colour, a mark
 * shape and a line pattern; the shape and pattern pair of two personas
 * never repeats up to JM_MAX_PERSONAS. p < 0: no persona (a circle, solid). */
typedef enum {
    JM_MARK_CIRCLE, JM_MARK_SQUARE, JM_MARK_DIAMOND, JM_MARK_TRIANGLE_UP, JM_MARK_TRIANGLE_DOWN, JM_MARK_PLUS,
    JM_MARK_CROSS, JM_MARK_HEXAGON, JM_MARK_BOWTIE, JM_MARK_HOURGLASS, JM_MARK_TRIANGLE_RIGHT, JM_MARK_TRIANGLE_LEFT,
    JM_MARK_COUNT
} jm_mark_shape;
int jm_lay_persona_dash(int p);
jm_mark_shape jm_lay_persona_shape(int p);
/* A closed mark of that shape centred on (cx, cy), inside the square of
 * half-side r (its box is centred on the point), filled with fill. */
jm_ref jm_lay_mark(jm_lay *L, jm_role role, jm_mark_shape shape, double cx, double cy, double r, jm_rgb fill);
/* Persona p's mark for a score (filled with its colour) or for a target
 * (hollow: the background inside its colour), of persona -1 on a map
 * without personas; its persona is set. */
#define TARGET_R (POINT_R + 1.5)
jm_ref jm_lay_point_mark(jm_lay *L, int p, double cx, double cy, jm_rgb fill);
/* On a map without personas a point's shape tells its score's side of the
 * scale as its colour does, so that a score reads in grey (`print`) and
 * without colour vision: a triangle pointing down below neutral, a circle
 * at neutral, a triangle pointing up above. jm_lay_score_mark draws it
 * (filled with the score's colour) as a point. */
jm_mark_shape jm_lay_score_shape(const jm_lay *L, double v);
jm_ref jm_lay_score_mark(jm_lay *L, jm_role role, double v, double cx, double cy);
jm_ref jm_lay_target_mark(jm_lay *L, int p, double cx, double cy);
/* Where each shown persona's marks stand in each column, as an offset from
 * the column's centre: personas whose marks (a point, a target and the link
 * between them) would cover each other stand side by side, in persona order.
 * unit: the band's units per score. NULL when every offset is 0. */
float *jm_lay_dodge(jm_lay *L, double unit);
static inline double jm_lay_dodge_at(const jm_lay *L, const float *dodge, size_t c, size_t p)
{
    return dodge ? dodge[c * L->j->n_personas + p] : 0;
}
/* The text in quotation marks of its own script; NULL when out of memory. */
const char *jm_lay_quoted(jm_lay *L, const char *s, size_t len);
jm_box jm_lay_stage_box(const jm_lay *L, size_t s);
/* The map's word w (words.h): its label, its language's, or English. */
const char *jm_lay_word(const jm_lay *L, jm_word w);
/* tmpl with its slot ("{age}") replaced by value; NULL when out of memory. */
const char *jm_lay_template(jm_lay *L, const char *tmpl, const char *slot, const char *value);
/* A number jmap writes (an axis tick), in the map language's digits. */
const char *jm_lay_number(jm_lay *L, double v);
/* Values computed from data (layout/data.c): ascii's digits in the map
 * language's digits; "n = 212" likewise. NULL when out of memory. */
const char *jm_lay_digits(jm_lay *L, const char *ascii);
const char *jm_lay_sample_n(jm_lay *L, size_t n);

/* A halo of the background under the items of g (a label over lines and
 * curves): a rounded rect b painted just before them. */
void jm_lay_halo(jm_lay *L, jm_group g, jm_box b);

/* The columns of L->j (those of L->persona's view), at L->grid_x. */
bool jm_lay_columns(jm_lay *L);
/* The grid, wrapped onto rows of at most per_row columns (layout_wrap.c);
 * sets L->page_w to the widest row's. Returns the y below the last row. */
double jm_lay_rows(jm_lay *L, size_t per_row, double y);
/* The width of the widest of those rows' grids. */
double jm_lay_rows_width(const jm_lay *L, size_t per_row);

/* The paths lane (paths.c): its arrows over the whole map's columns, made
 * once before the grid (returns the width a wrapped map needs at the right
 * of its rows for the names of the touchpoints its arrows go to, 0 for
 * none); the lane of a row at y (returns its height); an optional
 * touchpoint's tag on its card (dashes its edge; returns the tag's height);
 * whether the map draws an arrow of a kind (a jm_step_kind; -1: an optional
 * touchpoint), and a key of that kind at (x, y) for the legend (returns its
 * width). */
double jm_lay_paths_prepare(jm_lay *L, bool wrapped);
double jm_lay_paths(jm_lay *L, double y);
double jm_lay_optional_tag(jm_lay *L, jm_ref card, double x, double y, double w);
bool jm_lay_paths_kind_drawn(const jm_lay *L, int kind);
double jm_lay_path_key(jm_lay *L, int kind, double x, double y);

/* The parts of the page, top to bottom. */
double jm_lay_personas(jm_lay *L, double y);       /* layout_personas.c */
double jm_lay_grid(jm_lay *L, double y);           /* layout_grid.c */
double jm_lay_emotions(jm_lay *L, double y);       /* layout_emotion.c: the lane's band, curves and points */
double jm_lay_legend(jm_lay *L, double y);         /* layout_legend.c */

/* Measuring and acting (layout_act.c): metric chips flowing from x0 within
 * maxw (returns their height); an opportunity's priority, status and owner
 * under its text (returns the height, 0 for none); the action plan below the
 * map, when its lane is shown (returns the y below it). */
double jm_lay_metric_chips(jm_lay *L, const jm_metric *m, size_t n, double x0, double maxw, double y);
double jm_lay_opportunity_meta(jm_lay *L, const jm_opportunity *o, double x, double y, double w);
double jm_lay_actions(jm_lay *L, double y);
/* The sign of a metric met (a check) or missed (a cross), centred at (cx, cy). */
void jm_lay_verdict_sign(jm_lay *L, jm_role role, jm_verdict v, double cx, double cy);

/* jmap diff's marks (layout_diff.c): the colour of a mark; a tag naming it on
 * a card (returns its height); a score's move in the emotion lane; the
 * legend of the marks; and the fading of removed touchpoints' columns. */
jm_rgb jm_lay_diff_color(const jm_lay *L, jm_diff_kind k);
double jm_lay_diff_tag(jm_lay *L, jm_diff_kind k, double x, double y, double w);
/* What a diff adds to the parts (layout_diff.c): the summary under the
 * title (returns the y below it); on a card, its channel line ("old ->
 * new") and what is drawn under its name (returns the height); in a text
 * cell, the old text struck through (returns its height); in a list, how
 * the list changed, whether item i is new and the tag of an item gone or
 * new; a line through each line of a text. */
double jm_lay_diff_summary(jm_lay *L, double y);
jm_str jm_lay_diff_channel(jm_lay *L, const jm_touchpoint *tp);
double jm_lay_diff_card(jm_lay *L, const jm_touchpoint *tp, jm_ref name, double x, double y, double w);
double jm_lay_diff_was(jm_lay *L, const jm_touchpoint *tp, jm_lane lane, double x, double y, double w);
const jm_diff_list *jm_lay_diff_list(const jm_lay *L, const jm_touchpoint *tp, jm_lane lane);
bool jm_lay_diff_fresh(const jm_lay *L, const jm_touchpoint *tp, jm_lane lane, size_t i);
double jm_lay_diff_item_tag(jm_lay *L, jm_lane lane, bool gone, double x, double y, double w);
void jm_lay_diff_strike(jm_lay *L, jm_ref r, const jm_font *f, jm_rgb c);
void jm_lay_diff_move(jm_lay *L, size_t c, size_t p, double cx, double old_y, double new_y, bool has_new);
void jm_lay_diff_fade(jm_lay *L);

/* A list item's marker in a lane (a pain's minus, an opportunity's plus, a
 * square) at x, centred on my; the legend shows the same (layout_grid.c). */
void jm_lay_bullet_mark(jm_lay *L, jm_lane lane, double x, double my, bool muted);
/* The action plan's marks for the legend (layout_act.c): a priority's pill
 * at (x, y) (returns its width, its height into *h), a status's steps and
 * word (returns the height), a heading in capitals. */
double jm_lay_priority_pill(jm_lay *L, jm_role role, jm_priority p, double x, double y, double maxw, double *h);
double jm_lay_status_mark(jm_lay *L, jm_role role, jm_status s, double x, double y, double w);
const char *jm_lay_heading(jm_lay *L, jm_word w);

/* Flow and time (flowtime.c, 1.2): the flow and time lanes' cells, drawn
 * from the row's top (returns their height); the journey's times under the
 * time lane's title; a card's fail points and a blueprint item's times and
 * fail points (each returns the height it adds); the circled F of a fail
 * point centred at (cx, cy); seconds in the map's units ("2 d 3 h"). */
double jm_lay_flow(jm_lay *L);
double jm_lay_time(jm_lay *L);
double jm_lay_time_summary(jm_lay *L, double x, double y, double w);
double jm_lay_card_fails(jm_lay *L, const jm_touchpoint *tp, double x, double y, double w);
double jm_lay_bp_item(jm_lay *L, const jm_touchpoint *tp, jm_lane lane, size_t i, double x, double y, double w);
void jm_lay_fail_mark(jm_lay *L, jm_role role, double cx, double cy);
const char *jm_lay_span(jm_lay *L, double seconds);
/* Research (sources.c, 1.2): the width of a citation mark for c (0 when it
 * shows none) and the mark drawn ending at x_end on the line that starts at
 * y (returns its width); a citation's pill for the legend (returns its
 * width); an assumed touchpoint's card outline made dashed, and the
 * legend's sample of one; the sources list below the map, when its lane is
 * shown (returns the y below it). */
double jm_lay_cite_width(jm_lay *L, const struct jm_cites *c);
double jm_lay_cite(jm_lay *L, const struct jm_cites *c, double x_end, double y);
/* Where the mark for c ends when it follows the text s set in f from x in
 * w: just after a text that leaves room on its line, else at x + w; and
 * the width to wrap that text to, so that its box stays clear of the mark. */
double jm_lay_cite_text_w(jm_lay *L, const struct jm_cites *c, const char *s, size_t len, const jm_font *f, double w);
double jm_lay_cite_end(jm_lay *L, const struct jm_cites *c, const char *s, size_t len, const jm_font *f, double x,
                       double w);
double jm_lay_cite_sample(jm_lay *L, double x, double y);
void jm_lay_assumed_outline(jm_lay *L, jm_ref card);
void jm_lay_assumed_sample(jm_lay *L, jm_box b);
double jm_lay_sources(jm_lay *L, double y);

/* The SVG's parts (classes.def): the ids of where the builder stands (its
 * place's stage and touchpoint column), and a persona's id ("" for none:
 * a map without personas). */
static inline jm_part_data jm_lay_here(const jm_lay *L)
{
    jm_part_data d = {0};
    int s = L->dl.at.stage, c = L->dl.at.col;
    if (s >= 0 && (size_t)s < L->j->n_stages) d.stage = L->j->stages[s].id.s;
    if (c >= 0 && (size_t)c < L->n_cols && L->cols[c].tp) {
        d.touchpoint = L->cols[c].tp->id.s;
        d.stage = L->j->stages[L->cols[c].stage].id.s;
    }
    return d;
}

/* 1.2 (layout/detail.c): the mark that a card or a stage opens a detailed
 * map, its box's top right corner at (right, y), as the part jm-detail of
 * the place the builder stands at (detail: its file; NULL for the legend's,
 * no part); returns its width. */
#define DETAIL_MARK 14.0
double jm_lay_detail_mark(jm_lay *L, jm_role role, double right, double y, jm_rgb color, const char *detail);

static inline const char *jm_lay_persona_id(const jm_lay *L, int p)
{
    return p >= 0 && (size_t)p < L->j->n_personas && L->j->personas[p].id.s ? L->j->personas[p].id.s : "";
}

#endif
