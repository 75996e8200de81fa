/* Layout: a resolved journey -> a list of positioned boxes, text runs and
 * paths. Pure geometry: text is measured through Pango, nothing is drawn.
 * The list is built through src/dlist.h; the parts of the page are laid out
 * in layout_personas.c, layout_grid.c, layout_emotion.c and layout_legend.c. */
#ifndef JMAP_LAYOUT_H
#define JMAP_LAYOUT_H

#include <pango/pango.h>
#include <stdint.h>

#include "base/arena.h"
#include "model/model.h"
#include "base/path.h"
#include "layout/text.h"

typedef struct jm_box {
    double x, y, w, h;
} jm_box;

typedef enum { JM_ITEM_RECT, JM_ITEM_TEXT, JM_ITEM_PATH } jm_item_kind;

/* What an item is, so tests can check geometry by meaning. */
typedef enum {
    JM_ROLE_DECOR,          /* backgrounds, rules, tints */
    JM_ROLE_TITLE, JM_ROLE_DESCRIPTION,
    JM_ROLE_PERSONA,        /* persona card text */
    JM_ROLE_STAGE,          /* stage header text */
    JM_ROLE_LANE_LABEL,
    JM_ROLE_CELL,           /* text in a lane cell */
    JM_ROLE_CARD,           /* a touchpoint card (rect) */
    JM_ROLE_ICON,
    JM_ROLE_CURVE,          /* an emotion curve (path) */
    JM_ROLE_TARGET,         /* a curve of targets, a target's mark or its link to the point (path) */
    JM_ROLE_POINT,          /* an emotion point (path) */
    JM_ROLE_MOMENT,         /* a moment-that-matters marker (path) */
    JM_ROLE_FEELING,        /* the feeling label by a point */
    JM_ROLE_BAND,           /* the emotion band (rect) */
    JM_ROLE_LEGEND,
    JM_ROLE_METRIC,
    JM_ROLE_DIFF,           /* jmap diff's marks: a tag on a card, a score's ghost and arrow */
    JM_ROLE_ACTION,         /* the action plan's table: headings and cells */
} jm_role;

/* Line patterns: the rules use JM_DASH_RULE; personas' curves take the others
 * (marks.c: a pattern and a mark shape each, the pair never repeats), so
 * curves differ in print and to colour-blind eyes, not by hue alone. */
typedef enum {
    JM_DASH_NONE, JM_DASH_RULE, JM_DASH_LONG, JM_DASH_DOT, JM_DASH_DASH_DOT,
    JM_DASH_TARGET,         /* short dashes, none of the current curves' patterns */
    JM_DASH_SHORT, JM_DASH_DASH_DOT_DOT, JM_DASH_LONG_SHORT, JM_DASH_LONG_SHORT_SHORT, JM_DASH_DOT_PAIR,
    JM_DASH_COUNT
} jm_dash;

/* Each pattern's dash and gap lengths, in units, for every painter. */
typedef struct jm_dash_def {
    int n;
    double len[6];
} jm_dash_def;
extern const jm_dash_def jm_dash_defs[JM_DASH_COUNT];

/* Where an item stands in the map's reading order: its stage, lane row and
 * touchpoint column (-1: none). A lane's title has no column. */
typedef struct jm_place {
    int stage, row, col;
} jm_place;

typedef struct jm_item {
    jm_item_kind kind;
    jm_role role;
    jm_box box;             /* where it is; a text's box is its wrap width by its height */
    jm_box cell;            /* text: the box it must stay inside */
    jm_rgb fill, stroke;
    float fill_alpha, stroke_alpha;     /* 0 for none */
    double line_width, radius;
    int dash;               /* a jm_dash pattern; 0 draws a solid line */
    bool round;
    bool keep_shape;        /* a sign that reads alike in every script (a check mark): a right-to-left
                             * map moves it to its mirrored place without reflecting it */
    PangoLayout *text;      /* JM_ITEM_TEXT; owned */
    jm_seg *segs;           /* JM_ITEM_PATH */
    size_t n_segs;
    int persona;            /* curves and points: the persona index, or -1 */
    jm_place at;            /* its place in the reading order */
    const char *alt;        /* what a shape says to a screen reader (a score), or NULL */
    int part;               /* the innermost part (jm_part) it is drawn for, or -1 */
} jm_item;

/* The parts of the map as the SVG names them (classes.def): each a class,
 * its data- attributes and the part around it. */
typedef enum {
#define JM_DATA(NAME, attr, field) JM_DATA_##NAME,
#define JM_PART(NAME, cls, attrs)
#include "layout/classes.def"
#undef JM_DATA
#undef JM_PART
    JM_DATA_COUNT
} jm_data_key;
#define JM_D(NAME) (1u << JM_DATA_##NAME)

typedef enum {
#define JM_DATA(NAME, attr, field)
#define JM_PART(NAME, cls, attrs) JM_PART_##NAME,
#include "layout/classes.def"
#undef JM_DATA
#undef JM_PART
    JM_PART_COUNT
} jm_part_class;

/* The ids a part belongs to, one field an attribute; NULL: not known. */
typedef struct jm_part_data {
#define JM_DATA(NAME, attr, field) const char *field;
#define JM_PART(NAME, cls, attrs)
#include "layout/classes.def"
#undef JM_DATA
#undef JM_PART
} jm_part_data;

#define JM_PART_DEPTH 4     /* parts inside parts, at most (a moment's star on a card) */

typedef struct jm_part {
    jm_part_class cls;
    int parent;             /* the part around it, or -1 */
    int depth;              /* 0 for a part inside none */
    const char *data[JM_DATA_COUNT]; /* the class's attributes ("" when not known), NULL for the others */
} jm_part;

/* The class's name ("jm-point"), an attribute's ("data-score"), and the
 * attributes (JM_D bits) of a class. */
const char *jm_part_class_name(jm_part_class c);
const char *jm_part_attr_name(jm_data_key k);
unsigned jm_part_attrs(jm_part_class c);
/* 1.2: the detail file a part links to (a card or a stage with data-detail),
 * or NULL; its link is jm_relpath_href's. */
const char *jm_part_link(const jm_part *p);

typedef struct jm_layout {
    jm_mem_track mem;       /* every allocation of the layout */
    jm_arena arena;
    double width, height;
    jm_rgb background;
    jm_item *items;
    size_t n_items, cap_items;
    jm_part *parts;         /* what the items are drawn for (jm_item.part) */
    size_t n_parts, cap_parts;
    const char *title;      /* for document metadata */
    const char *description; /* the journey's description, or NULL */
    const char *lang;       /* the journey's language tag as written, or NULL */
    size_t n_columns;       /* the touchpoint columns of the whole map */
    double grid_h;          /* the height of the grid (all its rows) */
} jm_layout;

typedef struct jm_layout_options {
    int persona;            /* draw one persona's view; -1 for all */
    const jm_theme *theme;  /* overrides the journey's theme; NULL keeps it */
    const jmap_mem *mem;    /* where the layout's memory comes from; NULL: the default */
    size_t wrap;            /* rows of at most this many touchpoint columns; 0: one row */
    bool wrap_auto;         /* pick the rows so that the page is at most about twice as wide as high */
    const struct jm_diff *diff; /* jmap diff (diff.h): draw its journey instead, with what changed marked */
} jm_layout_options;

/* The rows of at most how many columns make the page that costs least by
 * cost(ctx, width, height), guessed from the one-row layout `one` without
 * laying anything out (the header and the legend taken as they are there);
 * n_columns or more: one row is cheapest. Ties go to fewer rows. */
size_t jm_layout_cheapest_rows(const jm_layout *one, double (*cost)(void *ctx, double w, double h), void *ctx);

/* The columns a row may hold for the page to be at most `width` units wide (>= 1). */
size_t jm_layout_columns_within(double width);

/* A lower bound of the width jm_layout_journey gives, without measuring any
 * text: the margins, the lane labels and a column a touchpoint. */
double jm_layout_min_width(const jmap_journey *j, const jm_layout_options *opt);

/* Lays out one journey. Returns NULL when memory runs out. */
jm_layout *jm_layout_journey(jm_text_ctx *text, const jmap_journey *j, const jm_layout_options *opt);
void jm_layout_free(jm_layout *l);

/* A 64-bit digest of everything the layout draws (layout_digest.c), the
 * faces and glyphs of its text included: the same page, the same digest.
 * variant: whatever else tells two outputs of the layout apart (the SVG's
 * text mode). */
uint64_t jm_layout_digest(const jm_layout *l, unsigned variant);

#endif
