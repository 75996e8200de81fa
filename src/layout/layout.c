/* Layout: the page's frame (columns, fonts, title), the helpers its parts
 * share, and the entry points. */
#include "layout/parts.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "model/theme.h"
#include "base/utf8.h"

/* ---- texts ---- */

double jm_lay_text(jm_lay *L, jm_text_style st, const char *s, size_t len, jm_box at)
{
    double h;
    jm_dl_text(&L->dl, st, s, len, at, &h);
    return h;
}

double jm_lay_text_z(jm_lay *L, jm_text_style st, const char *s, jm_box at)
{
    return jm_lay_text(L, st, s, s ? strlen(s) : 0, at);
}

/* The text in the map language's quotation marks (labels' quote-open and
 * quote-close, else the language's); without `lang`, in those of its own
 * script: «...» for right-to-left text, “...” otherwise. As it is when it
 * already starts with a quotation mark. */
const char *jm_lay_quoted(jm_lay *L, const char *s, size_t len)
{
    const jmap_journey *j = L->j;
    const char *open = jm_lay_word(L, JM_W_QUOTE_OPEN), *close = jm_lay_word(L, JM_W_QUOTE_CLOSE);
    if (strncmp(s, "\xe2\x80\x9c", 3) == 0 || strncmp(s, "\xc2\xab", 2) == 0 || strncmp(s, "\xe2\x80\x9e", 3) == 0 ||
        s[0] == '"' || s[0] == '\'' || (*open && strncmp(s, open, strlen(open)) == 0))
        return s;
    if (j->language || (j->labels && (j->labels[JM_W_QUOTE_OPEN].s || j->labels[JM_W_QUOTE_CLOSE].s)))
        return jm_dl_sprintf(&L->dl, "%s%s%s", open, s, close);
    bool rtl = jm_first_strong(s, len) == JM_STRONG_RTL;
    return jm_dl_sprintf(&L->dl, rtl ? "\xc2\xab%s\xc2\xbb" : "\xe2\x80\x9c%s\xe2\x80\x9d", s);
}

/* ---- words ---- */

const char *jm_lay_word(const jm_lay *L, jm_word w)
{
    const char *s = L->j->words[w];
    return s ? s : jm_word_text(NULL, w);
}

const char *jm_lay_template(jm_lay *L, const char *tmpl, const char *slot, const char *value)
{
    const char *at = strstr(tmpl, slot);
    if (!at) return jm_dl_sprintf(&L->dl, "%s", tmpl);
    return jm_dl_sprintf(&L->dl, "%.*s%s%s", (int)(at - tmpl), tmpl, value, at + strlen(slot));
}

const char *jm_lay_number(jm_lay *L, double v)
{
    char buf[128];
    return jm_dl_sprintf(&L->dl, "%s", jm_words_number(L->j->language, v, buf, sizeof buf));
}

/* ---- colours ---- */

/* f, made smaller (down to `least` of its size) so that the longest word of
 * s fits in w: a German compound in a narrow header is shrunk rather than
 * broken between two letters. A word is what lies between two places where
 * a line may break: CJK text, which breaks between its characters, is
 * never shrunk for the length of a sentence. */
jm_font jm_lay_fit_words(jm_lay *L, const char *s, size_t len, const jm_font *f, double w, double least)
{
    jm_font out = *f;
    double widest = len ? jm_text_widest_word(L->tx, s, len, f) : 0;
    if (widest > w - 2 && widest > 0) { /* a little room: spaced text wraps a hair before its measure */
        double k = (w - 2) / widest * 0.97;
        if (k < least) k = least;
        out.size = f->size * k;
        out.letter_spacing = f->letter_spacing * k; /* spaced capitals shrink as a whole */
    }
    return out;
}

void jm_lay_halo(jm_lay *L, jm_group g, jm_box b)
{
    jm_layer under = jm_dl_under(&L->dl, g);
    jm_dl_rect(&L->dl, JM_ROLE_DECOR, b, L->t->background, 1, 3);
    jm_dl_end_under(&L->dl, under);
}

jm_rgb jm_lay_stage_color(const jm_lay *L, size_t s)
{
    if (L->stage_ix) s = L->stage_ix[s]; /* a stage keeps its colour on every row */
    return L->t->stage_colors[s % (L->t->n_stage_colors ? L->t->n_stage_colors : 1)];
}

/* A score's colour: negative, neutral and positive mixed; kept at 3:1 on
 * the band (jm_theme_mark), as a mix of two colours that pass may not. */
jm_rgb jm_lay_score_color(const jm_lay *L, double v)
{
    double t = (v - L->j->scale_lo) / (L->j->scale_hi - L->j->scale_lo);
    if (t < 0.5) return jm_theme_mark(L->t, jm_mix(L->t->negative, L->t->neutral, t * 2));
    return jm_theme_mark(L->t, jm_mix(L->t->neutral, L->t->positive, (t - 0.5) * 2));
}

/* A persona's colour, made to keep 3:1 on every ground of the theme (the
 * loader warns when the file's own colour is changed so in its theme). */
jm_rgb jm_lay_persona_color(const jm_lay *L, int p)
{
    if (p < 0 || L->j->n_personas == 0) return L->t->text;
    return jm_theme_mark(L->t, L->j->personas[p].rgb);
}

/* ---- fonts ---- */

static void fonts(jm_lay *L)
{
    const char *fam = L->t->font;
    double s = L->t->font_size;
    /* A short type scale: eight faces in all. Each distinct size, weight
     * and style costs a fontconfig sort (about 1.5 ms) and its own set of
     * glyph outlines in an SVG (docs/platform-notes.md). */
    L->f_title = (jm_font){fam, s * 2.2, true, false, 0};
    L->f_desc = (jm_font){fam, s * 1.15, false, false, 0};
    L->f_stage = (jm_font){fam, s * 1.25, true, false, 0};
    L->f_goal = (jm_font){fam, s, false, true, 0};
    L->f_label = (jm_font){fam, s * 0.8, true, false, s * 0.06};
    L->f_body = (jm_font){fam, s, false, false, 0};
    L->f_bold = (jm_font){fam, s * 1.05, true, false, 0};
    L->f_small = (jm_font){fam, s * 0.85, false, false, 0};
    L->f_quote = L->f_goal;
    L->f_value = L->f_stage;
    L->f_persona = L->f_stage;
}

/* ---- columns ---- */

static size_t count_columns(const jm_lay *L)
{
    const jmap_journey *j = L->j;
    size_t n = 0;
    for (size_t s = 0; s < j->n_stages; s++) {
        size_t k = 0;
        for (size_t i = 0; i < j->stages[s].n_touchpoints; i++) k += jm_view_has_touchpoint(L->persona, &j->stages[s].touchpoints[i]);
        n += k ? k : 1;
    }
    return n;
}

double jm_layout_min_width(const jmap_journey *j, const jm_layout_options *opt)
{
    if (opt && opt->diff) j = &opt->diff->journey;
    jm_lay L = {.j = j, .persona = opt ? opt->persona : -1};
    if (L.persona >= (int)j->n_personas) L.persona = -1;
    return 2 * MARGIN + LABEL_W + (double)count_columns(&L) * COL_W;
}

bool jm_lay_columns(jm_lay *L)
{
    const jmap_journey *j = L->j;
    size_t n = count_columns(L);
    L->cols = jm_dl_alloc(&L->dl, (n ? n : 1) * sizeof *L->cols);
    L->stage_first = jm_dl_alloc(&L->dl, (j->n_stages + 1) * sizeof(size_t));
    L->stage_count = jm_dl_alloc(&L->dl, (j->n_stages + 1) * sizeof(size_t));
    if (!L->cols || !L->stage_first || !L->stage_count) return false;
    L->grid_x = MARGIN + LABEL_W;
    L->n_cols = 0;
    for (size_t s = 0; s < j->n_stages; s++) {
        L->stage_first[s] = L->n_cols;
        for (size_t i = 0; i < j->stages[s].n_touchpoints; i++) {
            const jm_touchpoint *tp = &j->stages[s].touchpoints[i];
            if (!jm_view_has_touchpoint(L->persona, tp)) continue;
            L->cols[L->n_cols++] = (jm_column){tp, s, 0};
        }
        if (L->n_cols == L->stage_first[s]) L->cols[L->n_cols++] = (jm_column){NULL, s, 0};
        L->stage_count[s] = L->n_cols - L->stage_first[s];
    }
    L->gutters = jm_dl_alloc(&L->dl, (j->n_stages + 1) * sizeof *L->gutters);
    L->gutter_stage = jm_dl_alloc(&L->dl, (j->n_stages + 1) * sizeof *L->gutter_stage);
    if (!L->gutters || !L->gutter_stage) return false;
    L->n_gutters = 0;
    double x = L->grid_x;
    size_t since = 0; /* columns since the last lane titles */
    for (size_t c = 0; c < L->n_cols; c++) {
        if (jm_lay_gutter_before(L->cols, L->n_cols, c, since)) {
            L->gutter_stage[L->n_gutters] = L->cols[c].stage;
            L->gutters[L->n_gutters++] = x;
            x += GUTTER_W;
            since = 0;
        }
        L->cols[c].x = x;
        x += COL_W;
        since++;
    }
    L->grid_w = x - L->grid_x;
    L->content_w = LABEL_W + L->grid_w;
    if (L->content_w < L->least_content_w) L->content_w = L->least_content_w;
    L->page_w = L->content_w + 2 * MARGIN;
    return true;
}

jm_box jm_lay_stage_box(const jm_lay *L, size_t s)
{
    double x = L->cols[L->stage_first[s]].x;
    return (jm_box){x, 0, (double)L->stage_count[s] * COL_W, 0};
}

/* ---- the title ---- */

/* The state badge (`state`: current or future) at (x, y); returns its width. */
static double state_badge(jm_lay *L, double x, double y, double *height)
{
    const char *w = jm_lay_word(L, L->j->future ? JM_W_FUTURE : JM_W_CURRENT);
    double tw = jm_text_natural_width(L->tx, w, strlen(w), &L->f_label) + 1;
    jm_rgb bg = L->j->future ? L->t->positive : L->t->surface;
    jm_group g = jm_dl_group(&L->dl);
    double th = jm_lay_text_z(L,
                              (jm_text_style){JM_ROLE_TITLE, &L->f_label, JM_ALIGN_START, L->j->future ? jm_text_on(bg, L->t) : L->t->text},
                              w, (jm_box){x + 10, y + 5, tw, 0});
    jm_layer under = jm_dl_under(&L->dl, g);
    jm_ref r = jm_dl_rect(&L->dl, JM_ROLE_DECOR, (jm_box){x, y, tw + 20, th + 10}, bg, 1, (th + 10) / 2);
    if (!L->j->future) jm_dl_outline(&L->dl, r, L->t->line, 1, 1);
    jm_dl_end_under(&L->dl, under);
    *height = th + 10;
    return tw + 20;
}

static double title_block(jm_lay *L, double y)
{
    const jmap_journey *j = L->j;
    double title_w = j->state.s ? jm_text_natural_width(L->tx, j->title.s, j->title.len, &L->f_title) : 0;
    double top = y, bw = 0, bh;
    if (j->state.s) {
        const char *w = jm_lay_word(L, j->future ? JM_W_FUTURE : JM_W_CURRENT);
        bw = jm_text_natural_width(L->tx, w, strlen(w), &L->f_label) + 21;
    }
    bool beside = j->state.s && title_w + 16 + bw <= L->content_w; /* a title of one line that leaves room */
    y += jm_lay_text(L, (jm_text_style){JM_ROLE_TITLE, &L->f_title, JM_ALIGN_START, L->t->text}, j->title.s,
                     j->title.len, (jm_box){MARGIN, y, beside ? title_w + 1 : L->content_w, 0});
    if (j->state.s) { /* the badge beside the title, else under it */
        if (beside) {
            state_badge(L, MARGIN + title_w + 16, top + L->f_title.size * 0.45, &bh);
        } else {
            y += 6;
            state_badge(L, MARGIN, y, &bh);
            y += bh;
        }
    }
    if (j->description.s && j->description.len) {
        y += 6;
        y += jm_lay_text(L, (jm_text_style){JM_ROLE_DESCRIPTION, &L->f_desc, JM_ALIGN_START, L->t->muted},
                         j->description.s, j->description.len, (jm_box){MARGIN, y, L->content_w, 0});
    }
    if (L->persona >= 0) { /* the view named where it cannot be missed: on a label of the persona's colour */
        y += 10;
        const char *s = jm_lay_template(L, jm_lay_word(L, JM_W_PERSONA_VIEW), JM_PERSONA_SLOT,
                                        j->personas[L->persona].name.s);
        jm_rgb c = jm_lay_persona_color(L, L->persona);
        double tw = s ? jm_text_natural_width(L->tx, s, strlen(s), &L->f_bold) + 2 : 0;
        if (tw > L->content_w - 24) tw = L->content_w - 24;
        jm_dl_part_begin(&L->dl, JM_PART_VIEW, (jm_part_data){.persona = jm_lay_persona_id(L, L->persona)});
        jm_group g = jm_dl_group(&L->dl);
        double th = jm_lay_text_z(L, (jm_text_style){JM_ROLE_DESCRIPTION, &L->f_bold, JM_ALIGN_START, jm_text_on(c, L->t)},
                                  s, (jm_box){MARGIN + 12, y + 6, tw, 0});
        jm_layer under = jm_dl_under(&L->dl, g);
        jm_dl_rect(&L->dl, JM_ROLE_DECOR, (jm_box){MARGIN, y, tw + 24, th + 12}, c, 1, 6);
        jm_dl_end_under(&L->dl, under);
        jm_dl_part_end(&L->dl);
        y += th + 12;
    }
    return y;
}

/* ---- the entry points ---- */

/* The narrowest content a map of few columns may have: the title on one
 * line (with its badge), a persona card, the persona view's line; the
 * action plan's table wants MIN_CONTENT_W. A small map is as wide as that,
 * not MIN_CONTENT_W wide with its grid at the left. */
static double least_content(jm_lay *L)
{
    const jmap_journey *j = L->j;
    for (size_t i = 0; i < j->n_lanes; i++)
        if (j->lanes[i] == JM_LANE_ACTIONS || (j->lanes[i] == JM_LANE_SOURCES && j->n_sources)) return MIN_CONTENT_W;
    double w = jm_text_natural_width(L->tx, j->title.s, j->title.len, &L->f_title) + 2;
    if (j->state.s) {
        const char *b = jm_lay_word(L, j->future ? JM_W_FUTURE : JM_W_CURRENT);
        w += 16 + jm_text_natural_width(L->tx, b, strlen(b), &L->f_label) + 21;
    }
    for (size_t p = 0; p < j->n_personas; p++)
        if (jm_view_has_persona(L->persona, p)) w = fmax(w, PERSONA_W);
    return fmin(w, MIN_CONTENT_W);
}

#define ROWS_GAP 36.0 /* between two rows of a wrapped map (wrap.c's ROW_GAP) */

/* One layout, its rows of at most per_row columns (0: one row); *grid_h is
 * the height of the grid (all its rows). */
static jm_layout *lay_out(jm_text_ctx *tx, const jmap_journey *j, const jm_layout_options *opt, size_t per_row,
                          double *grid_h)
{
    const jmap_mem *mem = opt && opt->mem ? opt->mem : jmap_mem_default();
    jm_layout *out = mem->calloc(mem->ctx, 1, sizeof *out);
    if (!out) return NULL;
    jm_mem_track_init(&out->mem, mem);
    jm_arena_init(&out->arena, &out->mem.mem);
    jm_lay L = {.tx = tx, .j = j, .t = opt && opt->theme ? opt->theme : &j->theme};
    /* shaping, line breaking and the faces picked follow the map's language */
    jm_text_set_language(tx, j->lang.s ? j->lang.s : "en");
    jm_dl_init(&L.dl, out, tx);
    L.persona = opt ? opt->persona : -1;
    if (L.persona >= (int)j->n_personas) L.persona = -1;
    L.diff = opt ? opt->diff : NULL;
    fonts(&L);
    L.least_content_w = least_content(&L);
    if (!jm_lay_columns(&L)) {
        jm_layout_free(out);
        return NULL;
    }
    bool wrapped = per_row > 0 && per_row < L.n_cols;
    if (wrapped) { /* the title, the personas and the legend take the width of a row */
        L.content_w = LABEL_W + jm_lay_rows_width(&L, per_row);
        if (L.content_w < L.least_content_w) L.content_w = L.least_content_w;
        L.page_w = L.content_w + 2 * MARGIN;
    }
    out->title = j->title.s;
    out->description = j->description.len ? j->description.s : NULL;
    out->lang = j->lang.s;
    out->background = L.t->background;
    double y = MARGIN;
    y = title_block(&L, y);
    if (L.diff) y = jm_lay_diff_summary(&L, y);
    y = jm_lay_personas(&L, y);
    double grid_top = y;
    y = wrapped ? jm_lay_rows(&L, per_row, y) : jm_lay_grid(&L, y);
    if (grid_h) *grid_h = y - grid_top;
    out->grid_h = y - grid_top;
    out->n_columns = L.n_cols;
    y = jm_lay_actions(&L, y);
    y = jm_lay_sources(&L, y);
    y = jm_lay_legend(&L, y);
    out->width = ceil(L.page_w);
    out->height = ceil(y + MARGIN);
    if (L.diff) jm_lay_diff_fade(&L);
    if (j->rtl) jm_dl_mirror(&L.dl, L.page_w);
    if (jm_dl_failed(&L.dl)) {
        jm_layout_free(out);
        return NULL;
    }
    return out;
}

/* The rows of `auto`: the fewest that keep the page at most about twice as
 * wide as high, each row taken as tall as the one-row map's grid. */
static size_t auto_rows(const jm_layout *one, double grid_h, size_t n_cols)
{
    double rest = one->height - grid_h;
    for (size_t k = 1; k < n_cols; k++) {
        size_t per = (n_cols + k - 1) / k;
        double w = 2 * MARGIN + LABEL_W + (double)per * COL_W;
        double h = rest + (double)k * grid_h + (double)(k - 1) * ROWS_GAP;
        if (w <= 2 * h) return per;
    }
    return 1;
}

/* The page of rows of `per` columns guessed from the one-row page: as wide
 * as a row, as tall as the one-row page with the grid k times over. */
static void guess_rows(const jm_layout *one, size_t per, double *w, double *h)
{
    size_t n = one->n_columns ? one->n_columns : 1, k = (n + per - 1) / per;
    *w = 2 * MARGIN + fmax(LABEL_W + (double)per * COL_W, MIN_CONTENT_W);
    *h = one->height + (double)(k - 1) * (one->grid_h + ROWS_GAP);
}

size_t jm_layout_cheapest_rows(const jm_layout *one, double (*cost)(void *ctx, double w, double h), void *ctx)
{
    size_t n = one->n_columns ? one->n_columns : 1, best = n;
    double best_cost = cost(ctx, one->width, one->height);
    for (size_t k = 2; k <= n; k++) {
        size_t per = (n + k - 1) / k;
        if ((n + per - 1) / per != k) continue; /* the same rows as fewer k */
        double w, h;
        guess_rows(one, per, &w, &h);
        double c = cost(ctx, w, h);
        if (c < best_cost) {
            best_cost = c;
            best = per;
        }
    }
    return best;
}

jm_layout *jm_layout_journey(jm_text_ctx *tx, const jmap_journey *j, const jm_layout_options *opt)
{
    if (opt && opt->diff) j = &opt->diff->journey;
    if (!opt || !opt->wrap_auto) return lay_out(tx, j, opt, opt ? opt->wrap : 0, NULL);
    double grid_h = 0;
    jm_layout *one = lay_out(tx, j, opt, 0, &grid_h);
    if (!one) return NULL;
    jm_lay L = {.j = j, .persona = opt->persona};
    if (L.persona >= (int)j->n_personas) L.persona = -1;
    size_t n = count_columns(&L), per = auto_rows(one, grid_h, n);
    if (per >= n) return one;
    jm_layout_free(one);
    return lay_out(tx, j, opt, per, NULL);
}

void jm_layout_free(jm_layout *l)
{
    if (!l) return;
    for (size_t i = 0; i < l->n_items; i++)
        if (l->items[i].text) g_object_unref(l->items[i].text);
    jm_mem_free(&l->mem.mem, l->items);
    jm_mem_free(&l->mem.mem, l->parts);
    jm_arena_free(&l->arena);
    jmap_mem user = l->mem.user;
    user.free(user.ctx, l);
}
