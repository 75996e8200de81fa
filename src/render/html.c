/* The HTML page (html.h): one self-contained document that a person opens
 * from a mail attachment, a CI artifact or a site.
 *
 *  - nothing is fetched: the style and the script are inline, the map's
 *    fonts are the SVG's embedded subsets (data: URLs), and the
 *    Content-Security-Policy forbids every request (default-src 'none') and
 *    every script but ours (allowed by its hash);
 *  - the map is the SVG as jmap draws it, inline; its parts carry their
 *    classes and data- attributes (docs/svg-classes.md), which the script
 *    reads to switch personas and lanes and to show a card's full text;
 *  - the journey is there a second time as a table (stage, touchpoint,
 *    channel, what the customer does and thinks, a score per persona,
 *    pains, opportunities, metrics), for screen readers and spreadsheets;
 *    the script takes a card's full text from its row;
 *  - every journey text goes through the markup escaper; ids and names only
 *    ever stand in escaped attribute values and text, never in the script
 *    or the style. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "base/arena.h"
#include "base/decimal.h"
#include "base/relpath.h"
#include "model/model.h"
#include "model/sources.h"
#include "model/words.h"
#include "paint/markup.h"
#include "render/html.h"

typedef struct page {
    jm_buf *b;
    const jmap_journey *j;
} page;

static void emit(void *ctx, const char *s, size_t n) { jm_buf_add(ctx, s, n); }
static void raw(page *p, const char *s) { jm_buf_puts(p->b, s); }
static void text(page *p, const char *s)
{
    if (s) jm_markup_escape(emit, p->b, s, strlen(s));
}
static void word(page *p, jm_word w) { text(p, jm_journey_word(p->j, w)); }

/* <tag attr="escaped value"> */
static void open_attr(page *p, const char *tag_and_attr, const char *value)
{
    raw(p, tag_and_attr);
    raw(p, "=\"");
    text(p, value);
    raw(p, "\">");
}

static void number(page *p, double v)
{
    char s[JM_PLAIN_DECIMAL];
    jm_plain_decimal(v, s);
    raw(p, s);
}

/* ---- the head and the switches ---- */

static void head(page *p)
{
    const jmap_journey *j = p->j;
    raw(p, "<!DOCTYPE html>\n<html");
    if (j->lang.s) {
        raw(p, " lang=\"");
        text(p, j->lang.s);
        raw(p, "\"");
    }
    raw(p, j->rtl ? " dir=\"rtl\">\n" : " dir=\"ltr\">\n");
    raw(p, "<head>\n<meta charset=\"utf-8\">\n"
           "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
           "font-src data:; img-src data:; script-src 'sha256-");
    raw(p, jm_html_script_sha256);
    raw(p, "'; base-uri 'none'; form-action 'none'\">\n"
           "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
           "<meta name=\"generator\" content=\"jmap " JMAP_VERSION "\">\n<title>");
    text(p, j->title.s);
    raw(p, "</title>\n<style>\n");
    raw(p, jm_html_style);
    raw(p, "</style>\n</head>\n<body>\n");
}

static void switch_box(page *p, const char *attr, const char *value, const char *label)
{
    raw(p, "<label><input type=\"checkbox\" checked ");
    raw(p, attr);
    raw(p, "=\"");
    text(p, value);
    raw(p, "\"> ");
    text(p, label);
    raw(p, "</label>\n");
}

/* The switches: hidden until the script that works them runs. */
static void switches(page *p)
{
    const jmap_journey *j = p->j;
    raw(p, "<div id=\"jm-switches\" hidden>\n");
    if (j->n_personas) {
        raw(p, "<fieldset><legend>");
        word(p, JM_W_PERSONAS);
        raw(p, "</legend>\n");
        for (size_t i = 0; i < j->n_personas; i++)
            switch_box(p, "data-persona", j->personas[i].id.s,
                       j->personas[i].name.s ? j->personas[i].name.s : j->personas[i].id.s);
        raw(p, "</fieldset>\n");
    }
    raw(p, "<fieldset><legend>");
    word(p, JM_W_LANES);
    raw(p, "</legend>\n");
    for (size_t i = 0; i < j->n_lanes; i++)
        switch_box(p, "data-lane", jm_lane_names[j->lanes[i]], jm_journey_word(j, (jm_word)j->lanes[i]));
    raw(p, "</fieldset>\n</div>\n");
}

/* A name, as a link to its detailed map's page when it has one (1.2:
 * `detail`, a relative path made plain, percent-encoded with no scheme). */
static void name_linked(page *p, const char *name, const jm_str *detail)
{
    if (!detail->s) {
        text(p, name);
        return;
    }
    size_t need = jm_relpath_href(detail->s, "html", NULL, 0);
    char *href = jm_mem_alloc(p->b->mem, need + 1);
    if (!href) {
        p->b->failed = true;
        return;
    }
    jm_relpath_href(detail->s, "html", href, need + 1);
    raw(p, "<a class=\"jm-detail\" href=\"");
    jm_markup_escape(emit, p->b, href, need);
    raw(p, "\">");
    text(p, name);
    raw(p, "</a>");
    jm_mem_free(p->b->mem, href);
}

/* ---- the table ---- */

/* The columns past stage and touchpoint, in order; a list column is shown
 * when some touchpoint has an item in it. */
enum { COL_CHANNEL, COL_DOING, COL_THINKING, COL_FEELING, COL_SCORES, COL_PAINS, COL_OPPS, COL_METRICS,
       COL_EVIDENCE, COL_FRONTSTAGE, COL_BACKSTAGE, COL_SUPPORT, COL_OWNER, COL_COUNT };

static const jm_word col_word[COL_COUNT] = {
    [COL_CHANNEL] = JM_W_CHANNEL,         [COL_DOING] = JM_W_DOING,         [COL_THINKING] = JM_W_THINKING,
    [COL_FEELING] = JM_W_EMOTIONS,        [COL_SCORES] = JM_W_EMOTION,      [COL_PAINS] = JM_W_PAINS,
    [COL_OPPS] = JM_W_OPPORTUNITIES,      [COL_METRICS] = JM_W_METRICS,     [COL_EVIDENCE] = JM_W_EVIDENCE,
    [COL_FRONTSTAGE] = JM_W_FRONTSTAGE,   [COL_BACKSTAGE] = JM_W_BACKSTAGE, [COL_SUPPORT] = JM_W_SUPPORT,
    [COL_OWNER] = JM_W_OWNER,
};

static const jm_list *list_of(const jm_touchpoint *t, int col)
{
    switch (col) {
    case COL_PAINS: return &t->pains;
    case COL_OPPS: return &t->opportunities;
    case COL_EVIDENCE: return &t->evidence;
    case COL_FRONTSTAGE: return &t->frontstage;
    case COL_BACKSTAGE: return &t->backstage;
    case COL_SUPPORT: return &t->support;
    default: return NULL;
    }
}

static const jm_str *str_of(const jm_touchpoint *t, int col)
{
    switch (col) {
    case COL_DOING: return &t->doing;
    case COL_THINKING: return &t->thinking;
    case COL_FEELING: return &t->feeling;
    case COL_OWNER: return &t->owner;
    default: return NULL;
    }
}

static bool col_used(const jmap_journey *j, int col)
{
    if (col == COL_CHANNEL || col == COL_SCORES || col == COL_PAINS || col == COL_OPPS || col == COL_METRICS)
        return true;
    for (size_t s = 0; s < j->n_stages; s++)
        for (size_t k = 0; k < j->stages[s].n_touchpoints; k++) {
            const jm_touchpoint *t = &j->stages[s].touchpoints[k];
            const jm_list *l = list_of(t, col);
            const jm_str *v = str_of(t, col);
            if ((l && l->n) || (v && v->s)) return true;
        }
    return false;
}

static void metric(page *p, const jm_metric *m)
{
    text(p, m->name.s);
    raw(p, ": ");
    text(p, m->value.s);
    if (m->target.s) {
        raw(p, " (");
        word(p, JM_W_TARGET);
        raw(p, " ");
        text(p, m->target.s);
        if (m->verdict != JM_VERDICT_NONE) {
            raw(p, "; ");
            word(p, m->verdict == JM_VERDICT_MET ? JM_W_TARGET_MET : JM_W_TARGET_MISSED);
        }
        raw(p, ")");
    }
}

static jm_word priority_word(jm_priority pr)
{
    return pr == JM_PRIORITY_HIGH ? JM_W_HIGH : pr == JM_PRIORITY_MEDIUM ? JM_W_MEDIUM : JM_W_LOW;
}

static jm_word status_word(jm_status st)
{
    return st == JM_STATUS_IDEA      ? JM_W_STATUS_IDEA
           : st == JM_STATUS_PLANNED ? JM_W_STATUS_PLANNED
           : st == JM_STATUS_DOING   ? JM_W_STATUS_DOING
                                     : JM_W_STATUS_DONE;
}

static void opportunity(page *p, const jm_touchpoint *t, size_t o)
{
    text(p, t->opportunities.items[o].s);
    const jm_opportunity *op = t->opportunity ? &t->opportunity[o] : NULL;
    if (!op || (!op->priority && !op->status && !op->owner.s)) return;
    const char *sep = " (";
    if (op->priority) {
        raw(p, sep);
        word(p, JM_W_PRIORITY);
        raw(p, ": ");
        word(p, priority_word(op->priority));
        sep = "; ";
    }
    if (op->status) {
        raw(p, sep);
        word(p, JM_W_STATUS);
        raw(p, ": ");
        word(p, status_word(op->status));
        sep = "; ";
    }
    if (op->owner.s) {
        raw(p, sep);
        word(p, JM_W_OWNER);
        raw(p, ": ");
        text(p, op->owner.s);
    }
    raw(p, ")");
}

static void cell(page *p, const jm_touchpoint *t, int col)
{
    const jmap_journey *j = p->j;
    if (col == COL_SCORES) {
        size_t n = j->n_personas ? j->n_personas : 1;
        for (size_t i = 0; i < n; i++) {
            double v = t->emotion ? t->emotion[i] : NAN;
            raw(p, "<td class=\"jm-num\">");
            if (isfinite(v)) number(p, v);
            raw(p, "</td>");
        }
        return;
    }
    raw(p, "<td>");
    if (col == COL_CHANNEL && t->channel_ix >= 0 && (size_t)t->channel_ix < j->n_channels)
        text(p, j->channels[t->channel_ix].name.s);
    const jm_str *v = str_of(t, col);
    if (v) text(p, v->s);
    const jm_list *l = list_of(t, col);
    for (size_t i = 0; l && i < l->n; i++) {
        if (i) raw(p, "<br>");
        if (col == COL_OPPS) opportunity(p, t, i);
        else text(p, l->items[i].s);
    }
    if (col == COL_METRICS)
        for (size_t i = 0; i < t->n_metrics; i++) {
            if (i) raw(p, "<br>");
            metric(p, &t->metrics[i]);
        }
    raw(p, "</td>");
}

static void header_row(page *p, const bool *used)
{
    const jmap_journey *j = p->j;
    raw(p, "<thead><tr><th scope=\"col\">");
    word(p, JM_W_STAGE);
    raw(p, "</th><th scope=\"col\">");
    word(p, JM_W_TOUCHPOINT);
    raw(p, "</th>");
    for (int c = 0; c < COL_COUNT; c++) {
        if (!used[c]) continue;
        if (c == COL_SCORES && j->n_personas) {
            for (size_t i = 0; i < j->n_personas; i++) {
                raw(p, "<th scope=\"col\">");
                word(p, JM_W_EMOTION);
                raw(p, ": ");
                text(p, j->personas[i].name.s ? j->personas[i].name.s : j->personas[i].id.s);
                raw(p, "</th>");
            }
            continue;
        }
        raw(p, "<th scope=\"col\">");
        word(p, col_word[c]);
        raw(p, "</th>");
    }
    raw(p, "</tr></thead>\n");
}

/* A stage's own metrics: a row of the stage with no touchpoint. */
static void stage_row(page *p, const jm_stage *s, const bool *used)
{
    open_attr(p, "<tr data-stage", s->id.s);
    raw(p, "<th scope=\"row\">");
    name_linked(p, s->name.s, &s->detail);
    raw(p, "</th><td></td>");
    for (int c = 0; c < COL_COUNT; c++) {
        if (!used[c]) continue;
        size_t n = c == COL_SCORES && p->j->n_personas ? p->j->n_personas : 1;
        for (size_t i = 0; i < n; i++) {
            raw(p, "<td>");
            for (size_t m = 0; c == COL_METRICS && m < s->n_metrics; m++) {
                if (m) raw(p, "<br>");
                metric(p, &s->metrics[m]);
            }
            raw(p, "</td>");
        }
    }
    raw(p, "</tr>\n");
}

static void table(page *p)
{
    const jmap_journey *j = p->j;
    bool used[COL_COUNT];
    for (int c = 0; c < COL_COUNT; c++) used[c] = col_used(j, c);
    raw(p, "<h2 id=\"jm-table-title\">");
    word(p, JM_W_MAP_TABLE);
    raw(p, "</h2>\n<div class=\"jm-table-wrap\" role=\"region\" aria-labelledby=\"jm-table-title\" tabindex=\"0\">\n"
           "<table class=\"jm-table\" id=\"jm-table\"><caption>");
    text(p, j->title.s);
    raw(p, "</caption>\n");
    header_row(p, used);
    raw(p, "<tbody>\n");
    for (size_t s = 0; s < j->n_stages; s++) {
        const jm_stage *st = &j->stages[s];
        if (st->n_metrics || st->detail.s) stage_row(p, st, used);
        for (size_t k = 0; k < st->n_touchpoints; k++) {
            const jm_touchpoint *t = &st->touchpoints[k];
            raw(p, "<tr data-stage=\"");
            text(p, st->id.s);
            raw(p, "\" data-touchpoint=\"");
            text(p, t->id.s);
            raw(p, "\" data-personas=\"");
            for (size_t i = 0; t->has_persona && i < j->n_personas; i++)
                if (t->has_persona[i]) {
                    text(p, j->personas[i].id.s);
                    raw(p, " ");
                }
            raw(p, "\"><td>");
            name_linked(p, st->name.s, &st->detail);
            raw(p, "</td><th scope=\"row\">");
            name_linked(p, t->name.s, &t->detail);
            raw(p, "</th>");
            for (int c = 0; c < COL_COUNT; c++)
                if (used[c]) cell(p, t, c);
            raw(p, "</tr>\n");
        }
    }
    raw(p, "</tbody>\n</table>\n</div>\n");
}

/* ---- the sources (1.2) ---- */

/* Every source, numbered as on the map's citation marks: its name, kind,
 * date, sample size and file, as text (a file is never a link). */
static void sources(page *p)
{
    const jmap_journey *j = p->j;
    if (!j->n_sources) return;
    raw(p, "<section class=\"jm-sources\" aria-labelledby=\"jm-sources-title\">\n<h2 id=\"jm-sources-title\">");
    word(p, JM_W_SOURCES);
    raw(p, "</h2>\n<ol>\n");
    for (size_t i = 0; i < j->n_sources; i++) {
        const jm_source *src = &j->sources[i];
        char num[32];
        snprintf(num, sizeof num, "%d", src->number);
        raw(p, "<li value=\"");
        raw(p, num);
        raw(p, "\" data-source=\"");
        text(p, src->id.s);
        raw(p, "\">");
        text(p, src->name.s ? src->name.s : src->id.s);
        raw(p, " (");
        word(p, (jm_word)(JM_W_SOURCE_SURVEY + src->kind_ix));
        if (src->date.s) {
            raw(p, ", ");
            text(p, src->date.s);
        }
        if (src->size.s) {
            raw(p, ", ");
            word(p, JM_W_SAMPLE_N);
            raw(p, " = ");
            text(p, src->size.s);
        }
        if (src->file.s) {
            raw(p, ", <span class=\"jm-file\">");
            text(p, src->file.s);
            raw(p, "</span>");
        }
        raw(p, ")</li>\n");
    }
    raw(p, "</ol>\n</section>\n");
}

/* ---- the page ---- */

/* The SVG document (NUL-terminated) without its XML declaration: an
 * element of the page. */
static void inline_svg(page *p, const char *svg, size_t len)
{
    const char *start = strstr(svg, "<svg");
    if (!start) return;
    jm_buf_add(p->b, start, len - (size_t)(start - svg));
}

bool jm_html_page(jm_buf *out, const jmap_journey *j, const char *svg, size_t svg_len, const char *nav)
{
    page p = {out, j};
    head(&p);
    if (nav) raw(&p, nav);
    raw(&p, "<header>\n<h1>");
    text(&p, j->title.s);
    raw(&p, " <span class=\"jm-state\">");
    word(&p, j->future ? JM_W_FUTURE : JM_W_CURRENT);
    raw(&p, "</span></h1>\n</header>\n<main>\n");
    switches(&p);
    raw(&p, "<figure class=\"jm-map\">\n");
    inline_svg(&p, svg, svg_len);
    raw(&p, "</figure>\n<div id=\"jm-tip\" role=\"tooltip\" hidden></div>\n");
    table(&p);
    sources(&p);
    raw(&p, "</main>\n<script>"); /* the hash covers the script's bytes alone */
    raw(&p, jm_html_script);
    raw(&p, "</script>\n</body>\n</html>\n");
    return !out->failed;
}
