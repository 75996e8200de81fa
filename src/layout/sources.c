/* Layout: the research behind the map (format 1.2). A citation mark by what
 * cites a source: a small raised pill holding the source's number, one a
 * source, at the end of the first line of the text it belongs to (the end
 * is the right in a left-to-right map and the left once a right-to-left map
 * is mirrored); an assumed touchpoint's card outlined in dashes; and the
 * sources list below the map, each entry numbered as its marks are, with
 * its kind, solicited or not, its size and its date, in the map's words. */
#include "layout/parts.h"

#include <stdio.h>
#include <string.h>

#include "model/sources.h"

/* A mark shows at most this many sources; more are counted in a "+N". */
#define CITE_MAX 6
#define CITE_GAP 2.0

/* A whole number in the map's digits, however long (jm_lay_number's %g
 * would write 1e+06). */
static const char *whole(jm_lay *L, unsigned long long v)
{
    char ascii[32], one[16];
    snprintf(ascii, sizeof ascii, "%llu", v);
    const char *out = "";
    for (const char *p = ascii; *p && out; p++)
        out = jm_dl_sprintf(&L->dl, "%s%s", out, jm_words_number(L->j->language, *p - '0', one, sizeof one));
    return out ? out : "";
}

/* The number drawn for a source: the map's digits. */
static const char *number_text(jm_lay *L, int number) { return whole(L, (unsigned long long)number); }

static double pill_width(jm_lay *L, const char *s)
{
    return jm_text_natural_width(L->tx, s, strlen(s), &L->f_label) + 7;
}

static double pill_height(const jm_lay *L) { return L->f_label.size + 5; }

/* A pill holding s at (x, y), raised above the line that starts at y. */
static double pill(jm_lay *L, jm_role role, const char *s, double x, double y)
{
    double w = pill_width(L, s), h = pill_height(L);
    jm_group g = jm_dl_group(&L->dl);
    jm_lay_text_z(L, (jm_text_style){role, &L->f_label, JM_ALIGN_CENTER, L->t->text}, s,
                  (jm_box){x + 1, y - 3 + 2.5, w - 2, 0});
    jm_layer under = jm_dl_under(&L->dl, g);
    jm_ref bg = jm_dl_rect(&L->dl, JM_ROLE_DECOR, (jm_box){x, y - 3, w, h}, L->t->surface, 1, h / 2);
    jm_dl_outline(&L->dl, bg, L->t->muted, 1, 1);
    jm_dl_end_under(&L->dl, under);
    return w;
}

/* The sources a mark shows: those resolved, each once, at most CITE_MAX;
 * *more: how many more it cites. Returns how many went into ix. */
static size_t shown(const jm_cites *c, int *ix, size_t *more)
{
    size_t n = 0;
    *more = 0;
    for (size_t i = 0; c && c->ix && i < c->ids.n; i++) {
        if (c->ix[i] < 0) continue;
        bool again = false;
        for (size_t k = 0; k < n; k++) again |= ix[k] == c->ix[i];
        if (again) continue;
        if (n < CITE_MAX) ix[n++] = c->ix[i];
        else (*more)++; /* a repeat past the first CITE_MAX may be counted: a mark of "+N" is all it costs */
    }
    return n;
}

double jm_lay_cite_width(jm_lay *L, const struct jm_cites *c)
{
    int ix[CITE_MAX];
    size_t more, n = shown(c, ix, &more);
    double w = 0;
    for (size_t k = 0; k < n; k++) w += pill_width(L, number_text(L, L->j->sources[ix[k]].number)) + CITE_GAP;
    if (more) w += pill_width(L, jm_dl_sprintf(&L->dl, "+%s", number_text(L, (int)more))) + CITE_GAP;
    return w ? w + 2 : 0;
}

double jm_lay_cite(jm_lay *L, const struct jm_cites *c, double x_end, double y)
{
    double w = jm_lay_cite_width(L, c);
    if (w <= 0) return 0;
    int ix[CITE_MAX];
    size_t more, n = shown(c, ix, &more);
    double x = x_end - w + 2;
    for (size_t k = 0; k < n; k++) {
        const jm_source *s = &L->j->sources[ix[k]];
        jm_part_data d = jm_lay_here(L);
        d.source = s->id.s;
        jm_dl_part_begin(&L->dl, JM_PART_CITATION, d);
        x += pill(L, JM_ROLE_CELL, number_text(L, s->number), x, y) + CITE_GAP;
        jm_dl_part_end(&L->dl);
    }
    if (more) pill(L, JM_ROLE_CELL, jm_dl_sprintf(&L->dl, "+%s", number_text(L, (int)more)), x, y);
    return w;
}

double jm_lay_cite_end(jm_lay *L, const struct jm_cites *c, const char *s, size_t len, const jm_font *f, double x,
                       double w)
{
    double cw = jm_lay_cite_width(L, c);
    if (cw <= 0) return x + w;
    double nw = s && len ? jm_text_natural_width(L->tx, s, len, f) : 0;
    double end = x + nw + 3 + cw;
    return end < x + w ? end : x + w;
}

double jm_lay_cite_sample(jm_lay *L, double x, double y) { return pill(L, JM_ROLE_LEGEND, number_text(L, 1), x, y); }

void jm_lay_assumed_outline(jm_lay *L, jm_ref card)
{
    jm_item *it = jm_dl_get(&L->dl, card);
    it->dash = JM_DASH_LONG;
    it->stroke = L->t->text;
    it->line_width = 1.6;
}

void jm_lay_assumed_sample(jm_lay *L, jm_box b)
{
    jm_ref r = jm_dl_rect(&L->dl, JM_ROLE_LEGEND, b, L->t->surface, 1, 4);
    jm_dl_outline(&L->dl, r, L->t->text, 1, 1.6);
    jm_dl_get(&L->dl, r)->dash = JM_DASH_LONG;
}

/* ---- the sources list ---- */

static bool lane_shown(const jmap_journey *j)
{
    for (size_t i = 0; i < j->n_lanes; i++)
        if (j->lanes[i] == JM_LANE_SOURCES) return true;
    return false;
}

/* kind · solicited · n = 212 · 2026-09, in the map's words and digits. */
static const char *details(jm_lay *L, const jm_source *s)
{
    const char *items[4];
    size_t n = 0;
    items[n++] = jm_lay_word(L, (jm_word)(JM_W_SOURCE_SURVEY + (int)s->kind_ix));
    items[n++] = jm_lay_word(L, s->solicited ? JM_W_SOLICITED : JM_W_UNSOLICITED);
    if (s->size.s) items[n++] = jm_dl_sprintf(&L->dl, "%s\xc2\xa0=\xc2\xa0%s", jm_lay_word(L, JM_W_SAMPLE_N),
                                              whole(L, s->size_n));
    if (s->date.s) items[n++] = s->date.s;
    for (size_t i = 0; i < n; i++)
        if (!items[i]) return NULL;
    const char *sep = jm_text_list_separator(L->tx, items, n);
    const char *line = "";
    /* in a right-to-left map, a mark after each item keeps "n = 212" and a
     * date, runs of left-to-right characters, in their places */
    const char *rlm = L->j->rtl ? "\xe2\x80\x8f" : "";
    for (size_t i = 0; i < n && line; i++) line = jm_dl_sprintf(&L->dl, "%s%s%s%s", line, i ? sep : "", items[i], rlm);
    return line;
}

double jm_lay_sources(jm_lay *L, double y)
{
    const jmap_journey *j = L->j;
    if (!lane_shown(j) || !j->n_sources) return y;
    jm_dl *dl = &L->dl;
    dl->at = (jm_place){-1, -1, -1}; /* read after the grid and the action plan */
    double x0 = L->grid_x, width = L->content_w - LABEL_W;
    if (width > 1400) width = 1400;
    const double num_w = 40, name_w = (width - num_w) * 0.45, det_w = width - num_w - name_w;
    y += 28;
    double top = y;
    const char *title = jm_lay_word(L, JM_W_SOURCES);
    double lh;
    jm_dl_part_begin(dl, JM_PART_LANE, (jm_part_data){.lane = jm_lane_names[JM_LANE_SOURCES]});
    jm_ref label = jm_dl_text(dl, (jm_text_style){JM_ROLE_LANE_LABEL, &L->f_label, JM_ALIGN_START, L->t->muted}, title,
                              strlen(title), (jm_box){MARGIN, y + PAD + 2, LABEL_W - PAD, 0}, &lh);
    jm_dl_part_end(dl);
    y += PAD / 2;
    for (size_t i = 0; i < j->n_sources; i++) {
        const jm_source *s = &j->sources[i];
        jm_dl_part_begin(dl, JM_PART_SOURCE, (jm_part_data){.source = s->id.s});
        jm_group row = jm_dl_group(dl);
        double yy = y + PAD / 2 + 3;
        pill(L, JM_ROLE_CELL, number_text(L, s->number), x0, yy);
        double h = pill_height(L) - 3;
        const char *name = s->name.s ? s->name.s : s->id.s;
        double nh = jm_lay_text_z(L, (jm_text_style){JM_ROLE_CELL, &L->f_bold, JM_ALIGN_START, L->t->text}, name,
                                  (jm_box){x0 + num_w, yy - 2, name_w - PAD, 0});
        if (nh > h) h = nh;
        const char *det = details(L, s);
        double dh = jm_lay_text_z(L, (jm_text_style){JM_ROLE_CELL, &L->f_body, JM_ALIGN_START, L->t->muted}, det,
                                  (jm_box){x0 + num_w + name_w, yy - 1, det_w, 0});
        if (dh > h) h = dh;
        double row_h = h + PAD;
        size_t nr;
        jm_item *it = jm_dl_items(dl, row, &nr);
        for (size_t k = 0; k < nr; k++)
            if (it[k].kind == JM_ITEM_TEXT) it[k].cell = (jm_box){it[k].box.x - 1, y, it[k].box.w + 2, row_h};
        jm_dl_part_end(dl);
        y += row_h;
    }
    double bottom = y + PAD / 2 > top + 44 ? y + PAD / 2 : top + 44;
    jm_dl_get(dl, label)->cell = (jm_box){MARGIN, top, LABEL_W - PAD, bottom - top};
    jm_dl_line(dl, JM_ROLE_DECOR, MARGIN, top, x0 + width, top, L->t->line, 1);
    jm_dl_line(dl, JM_ROLE_DECOR, MARGIN, bottom, x0 + width, bottom, L->t->line, 1);
    return bottom;
}
