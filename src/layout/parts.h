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
int jm_lay_persona_dash(int p);
/* The text in quotation marks of its own script; NULL when out of memory. */
const char *jm_lay_quoted(jm_lay *L, const char *s, size_t len);
jm_box jm_lay_stage_box(const jm_lay *L, size_t s);
/* The map's word w (words.h): its label, its language's, or English. */
const char *jm_lay_word(const jm_lay *L, jm_word w);
/* tmpl with its slot ("{age}") replaced by value; NULL when out of memory. */
const char *jm_lay_template(jm_lay *L, const char *tmpl, const char *slot, const char *value);
/* A number jmap writes (an axis tick), in the map language's digits. */
const char *jm_lay_number(jm_lay *L, double v);

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

#endif
