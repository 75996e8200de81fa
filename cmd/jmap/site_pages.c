/* jmap site: the markup of its own (site.h): the index, a journey page's
 * links, a broken input's page. No script: the index is sorted by radio
 * buttons and CSS (each card carries its rank in each order), so it sorts
 * the same with scripts off, and the Content-Security-Policy forbids every
 * script and every request but the site's own thumbnails. */
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diagnostics.h"
#include "site.h"

static void add(cli_buf *b, const char *s) { cli_buf_add(b, s, strlen(s)); }

static void addf(cli_buf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
static void addf(cli_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    cli_buf_vprintf(b, fmt, ap);
    va_end(ap);
}

void site_text(cli_buf *b, const char *s)
{
    if (!s) return;
    size_t len = strlen(s), need = jmap_escape_markup(s, len, NULL, 0);
    if (!cli_buf_reserve(b, need + 1)) return;
    jmap_escape_markup(s, len, b->data + b->len, need + 1);
    b->len += need;
}

/* A file name as shown: control characters escaped, then as markup text. */
static void file_text(cli_buf *b, const char *s)
{
    char shown[2048];
    cli_shown(s, shown, sizeof shown);
    site_text(b, shown);
}

/* An input as the site names it: its path in its folder, with its extension. */
static void input_name(cli_buf *b, const site_input *in)
{
    const char *dot = strrchr(in->path, '.'), *slash = strrchr(in->path, '/');
    size_t n = strlen(in->rel) + (dot && (!slash || dot > slash) ? strlen(dot) : 0) + 1;
    char *name = malloc(n);
    if (!name) {
        b->failed = true;
        return;
    }
    snprintf(name, n, "%s%s", in->rel, dot && (!slash || dot > slash) ? dot : "");
    file_text(b, name);
    free(name);
}

void site_href(cli_buf *b, const char *path)
{
    static const char hex[] = "0123456789ABCDEF";
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        unsigned char c = *p;
        bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                     c == '_' || c == '.' || c == '~' || c == '/';
        if (plain) {
            cli_buf_add(b, p, 1);
        } else {
            char e[3] = {'%', hex[c >> 4], hex[c & 15]};
            cli_buf_add(b, e, 3);
        }
    }
}

/* "../" for each folder between the page and the top of the site. */
static void up(cli_buf *b, const char *rel)
{
    for (const char *p = rel; *p; p++)
        if (*p == '/') add(b, "../");
}

/* href="..." from page `from` to page `to` (both paths in the site). */
static void href(cli_buf *b, const char *from, const char *to, const char *ext)
{
    add(b, "href=\"./");
    up(b, from);
    site_href(b, to);
    addf(b, ".%s\"", ext);
}

static void link_to(cli_buf *b, const char *from, const char *to, const char *ext)
{
    add(b, "<a ");
    href(b, from, to, ext);
    add(b, ">");
}

static void number(cli_buf *b, double v, bool sign)
{
    if (isnan(v)) add(b, "–");
    else addf(b, sign ? "%+.2f" : "%.2f", v);
}

/* ---- a journey page's links ---- */

static const jmap_stat_stage *stage_in(const jmap_stat_view *v, const char *id)
{
    for (size_t i = 0; i < v->n_stages; i++)
        if (v->stages[i].stage_id && id && strcmp(v->stages[i].stage_id, id) == 0) return &v->stages[i];
    return NULL;
}

/* The gaps between a current map and its future one, stage by stage. */
static void gaps(cli_buf *b, const site_page *cur, const site_page *fut)
{
    const jmap_stat_view *c = &cur->stats->journey, *f = &fut->stats->journey;
    add(b, "<table><caption>Current and future, stage by stage (mean emotion)</caption>\n"
           "<thead><tr><th scope=\"col\">Stage</th><th scope=\"col\">Current</th><th scope=\"col\">Future</th>"
           "<th scope=\"col\">Gap</th></tr></thead>\n<tbody>\n");
    for (size_t i = 0; i < c->n_stages; i++) {
        const jmap_stat_stage *sc = &c->stages[i], *sf = stage_in(f, sc->stage_id);
        add(b, "<tr><th scope=\"row\">");
        site_text(b, sc->stage);
        add(b, "</th><td>");
        number(b, sc->mean, false);
        add(b, "</td><td>");
        number(b, sf ? sf->mean : NAN, false);
        add(b, "</td><td>");
        number(b, sf ? sf->mean - sc->mean : NAN, true);
        add(b, "</td></tr>\n");
    }
    add(b, "<tr><th scope=\"row\">Whole journey</th><td>");
    number(b, c->mean, false);
    add(b, "</td><td>");
    number(b, f->mean, false);
    add(b, "</td><td>");
    number(b, f->mean - c->mean, true);
    addf(b, "</td></tr>\n<tr><th scope=\"row\">Metrics missed</th><td>%zu</td><td>%zu</td><td>%+lld</td></tr>\n",
         cur->missed, fut->missed, (long long)fut->missed - (long long)cur->missed);
    add(b, "</tbody></table>\n");
}

bool site_page_nav(const site *s, size_t k)
{
    site_page *pg = &s->pages[k];
    cli_buf b = {0};
    add(&b, "<nav class=\"jm-site-nav\" aria-label=\"Site\" lang=\"en\">");
    link_to(&b, pg->rel, "index", "html");
    add(&b, "All journeys</a>\n");
    if (pg->pair != SIZE_MAX) {
        const site_page *other = &s->pages[pg->pair];
        add(&b, other->stats->future ? "<span>Future map: " : "<span>Current map: ");
        link_to(&b, pg->rel, other->rel, "html");
        site_text(&b, other->stats->title);
        add(&b, "</a></span>\n<details><summary>Gaps between the current and the future map</summary>\n");
        if (pg->stats->future) gaps(&b, other, pg);
        else gaps(&b, pg, other);
        add(&b, "</details>\n");
    }
    add(&b, "</nav>\n");
    if (b.failed) {
        cli_buf_free(&b);
        return false;
    }
    pg->nav = b.data;
    return true;
}

/* ---- the pages of the site's own ---- */

static const char style[] =
    ":root{color-scheme:light dark;--bg:#fff;--fg:#1b1b1f;--muted:#5b5b66;--line:#c9c9d1;--accent:#0b57d0;"
    "--card:#f7f7fa;--bad:#b3261e}\n"
    "@media (prefers-color-scheme:dark){:root{--bg:#17171b;--fg:#ececf1;--muted:#a9a9b5;--line:#45454f;"
    "--accent:#8ab4f8;--card:#222228;--bad:#f2b8b5}}\n"
    "*{box-sizing:border-box}\n"
    "body{margin:0;padding:1rem 1.25rem 2rem;background:var(--bg);color:var(--fg);font:16px/1.45 system-ui,"
    "-apple-system,\"Segoe UI\",Roboto,\"Noto Sans\",\"DejaVu Sans\",sans-serif}\n"
    "a{color:var(--accent)}\nh1{font-size:1.6rem;margin:.2rem 0 .3rem}\n"
    ".jm-sort{display:flex;flex-wrap:wrap;gap:.3rem 1rem;align-items:center;margin:.8rem 0}\n"
    ".jm-sort label{white-space:nowrap}\n"
    ".jm-cards{list-style:none;margin:0;padding:0;display:grid;gap:1rem;"
    "grid-template-columns:repeat(auto-fill,minmax(min(100%,20rem),1fr))}\n"
    ".jm-cards>li{background:var(--card);border:1px solid var(--line);border-radius:.5rem;padding:.7rem .9rem;"
    "display:flex;flex-direction:column;gap:.3rem;min-width:0}\n"
    ".jm-cards h2{font-size:1.1rem;margin:.2rem 0;overflow-wrap:anywhere}\n"
    ".jm-thumb{display:block;background:#fff;border:1px solid var(--line);border-radius:.3rem;overflow:hidden;"
    "aspect-ratio:16/9}\n"
    ".jm-thumb img{display:block;width:100%;height:100%;object-fit:contain;object-position:top left}\n"
    "[dir=rtl] .jm-thumb img{object-position:top right}\n"
    ".jm-meta{margin:0;color:var(--muted);font-size:.9rem;overflow-wrap:anywhere}\n"
    ".jm-cards dl{margin:0;display:grid;grid-template-columns:minmax(6rem,42%) 1fr;gap:.1rem .8rem;font-size:.9rem}\n"
    ".jm-cards dt{color:var(--muted)}\n.jm-cards dd{margin:0;overflow-wrap:anywhere}\n"
    ".jm-bad{color:var(--bad);font-weight:600}\n"
    ".jm-diags{border:1px solid var(--bad);border-radius:.4rem;padding:.6rem .9rem;overflow:auto;"
    "white-space:pre-wrap;font:14px/1.4 ui-monospace,\"DejaVu Sans Mono\",monospace}\n"
    "body:has(#jm-sort-low:checked) .jm-cards>li{order:var(--low)}\n"
    "body:has(#jm-sort-missed:checked) .jm-cards>li{order:var(--missed)}\n"
    "body:has(#jm-sort-open:checked) .jm-cards>li{order:var(--open)}\n"
    "@media print{.jm-sort{display:none}.jm-cards>li{break-inside:avoid}}\n";

static void head(cli_buf *b, const char *title)
{
    add(b, "<!DOCTYPE html>\n<html lang=\"en\" dir=\"ltr\">\n<head>\n<meta charset=\"utf-8\">\n"
           "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
           "img-src 'self'; base-uri 'none'; form-action 'none'\">\n"
           "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
           "<meta name=\"generator\" content=\"jmap " JMAP_VERSION "\">\n<title>");
    site_text(b, title);
    add(b, "</title>\n<style>\n");
    add(b, style);
    add(b, "</style>\n</head>\n<body>\n");
}

bool site_broken_page(const site *s, size_t k, cli_buf *out)
{
    const site_page *pg = &s->pages[k];
    const site_input *in = &s->inputs[pg->input];
    char shown[2048];
    cli_shown(in->rel, shown, sizeof shown);
    head(out, shown);
    add(out, "<nav class=\"jm-site-nav\" aria-label=\"Site\">");
    link_to(out, pg->rel, "index", "html");
    add(out, "All journeys</a></nav>\n<main>\n<h1>");
    input_name(out, in);
    add(out, "</h1>\n<p class=\"jm-bad\">This journey has errors and no map was drawn:</p>\n<pre class=\"jm-diags\">");
    site_text(out, in->diags.data);
    add(out, "</pre>\n</main>\n</body>\n</html>\n");
    return !out->failed;
}

/* ---- the index ---- */

typedef struct ranked {
    size_t page;
    double key;
} ranked;

static int by_key(const void *a, const void *b)
{
    const ranked *x = a, *y = b;
    if (x->key != y->key) return x->key < y->key ? -1 : 1;
    return x->page < y->page ? -1 : x->page > y->page;
}

/* rank[page] in the order of key (smallest first, ties in page order). */
static bool ranks(const site *s, size_t *rank, double (*key)(const site_page *))
{
    ranked *r = calloc(s->n_pages ? s->n_pages : 1, sizeof *r);
    if (!r) return false;
    for (size_t k = 0; k < s->n_pages; k++) r[k] = (ranked){k, key(&s->pages[k])};
    qsort(r, s->n_pages, sizeof *r, by_key);
    for (size_t k = 0; k < s->n_pages; k++) rank[r[k].page] = k + 1;
    free(r);
    return true;
}

/* Broken inputs first in every order: they need looking at. */
static double key_low(const site_page *p)
{
    if (!p->stats) return -INFINITY;
    double v = p->stats->journey.lowest.score;
    return isnan(v) ? INFINITY : v;
}
static double key_missed(const site_page *p) { return p->stats ? -(double)p->missed : -INFINITY; }
static double key_open(const site_page *p) { return p->stats ? -(double)p->stats->journey.open_high : -INFINITY; }

static void personas(cli_buf *b, const jmap_stats *st)
{
    for (size_t i = 0; i < st->n_personas; i++) {
        add(b, i ? ", " : " · ");
        site_text(b, st->personas[i].persona);
    }
}

static void card(cli_buf *b, const site *s, size_t k)
{
    const site_page *pg = &s->pages[k];
    const jmap_stats *st = pg->stats;
    if (!st) {
        add(b, "<h2>");
        link_to(b, "", pg->rel, "html");
        input_name(b, &s->inputs[pg->input]);
        add(b, "</a></h2>\n<p class=\"jm-bad\">Has errors: no map drawn</p>\n");
        return;
    }
    add(b, "<a class=\"jm-thumb\" tabindex=\"-1\" aria-hidden=\"true\" ");
    href(b, "", pg->rel, "html");
    add(b, "><img alt=\"\" loading=\"lazy\" src=\"./");
    site_href(b, pg->rel);
    add(b, ".svg\"></a>\n<h2 dir=\"auto\">");
    link_to(b, "", pg->rel, "html");
    site_text(b, st->title);
    add(b, "</a></h2>\n<p class=\"jm-meta\" dir=\"auto\">");
    add(b, st->future ? "Future state" : "Current state");
    personas(b, st);
    add(b, "</p>\n<dl>\n<dt>Mean emotion</dt><dd>");
    number(b, st->journey.mean, false);
    add(b, "</dd>\n<dt>Lowest point</dt><dd dir=\"auto\">");
    number(b, st->journey.lowest.score, false);
    if (st->journey.lowest.touchpoint) {
        add(b, " — ");
        site_text(b, st->journey.lowest.touchpoint);
        add(b, " (");
        site_text(b, st->journey.lowest.stage);
        add(b, ")");
    }
    addf(b, "</dd>\n<dt>Metrics</dt><dd>%zu met, %zu missed</dd>\n", pg->met, pg->missed);
    addf(b, "<dt>Open high-priority actions</dt><dd>%zu</dd>\n", st->journey.open_high);
    if (pg->pair != SIZE_MAX) {
        const site_page *o = &s->pages[pg->pair];
        add(b, o->stats->future ? "<dt>Future map</dt><dd>" : "<dt>Current map</dt><dd>");
        link_to(b, "", o->rel, "html");
        site_text(b, o->stats->title);
        add(b, "</a> (mean emotion ");
        const jmap_stats *cur = st->future ? o->stats : st, *fut = st->future ? st : o->stats;
        number(b, fut->journey.mean - cur->journey.mean, true);
        add(b, " in the future)</dd>\n");
    }
    add(b, "</dl>\n");
}

bool site_index(const site *s, cli_buf *out)
{
    size_t n = s->n_pages, broken = 0;
    size_t *r = calloc(3 * (n ? n : 1), sizeof *r);
    if (!r || !ranks(s, r, key_low) || !ranks(s, r + n, key_missed) || !ranks(s, r + 2 * n, key_open)) {
        free(r);
        return false;
    }
    for (size_t k = 0; k < n; k++) broken += !s->pages[k].stats;
    head(out, "Journey maps");
    addf(out, "<header><h1>Journey maps</h1>\n<p>%zu %s", n - broken, n - broken == 1 ? "journey" : "journeys");
    if (broken) addf(out, ", <span class=\"jm-bad\">%zu with errors</span>", broken);
    add(out, "</p></header>\n<main>\n<fieldset class=\"jm-sort\"><legend>Sort by</legend>\n"
             "<label><input type=\"radio\" name=\"jm-sort\" id=\"jm-sort-name\" checked> file name</label>\n"
             "<label><input type=\"radio\" name=\"jm-sort\" id=\"jm-sort-low\"> lowest moment</label>\n"
             "<label><input type=\"radio\" name=\"jm-sort\" id=\"jm-sort-missed\"> missed metrics</label>\n"
             "<label><input type=\"radio\" name=\"jm-sort\" id=\"jm-sort-open\"> open high-priority actions</label>\n"
             "</fieldset>\n<ol class=\"jm-cards\">\n");
    for (size_t k = 0; k < n; k++) {
        const site_page *pg = &s->pages[k];
        addf(out, "<li style=\"--low:%zu;--missed:%zu;--open:%zu\"", r[k], r[n + k], r[2 * n + k]);
        if (pg->stats) {
            double low = pg->stats->journey.lowest.score; /* a plain number, as the SVG's data-score */
            if (isnan(low)) add(out, " data-lowest=\"");
            else addf(out, " data-lowest=\"%.6g", low);
            addf(out, "\" data-missed=\"%zu\" data-open=\"%zu\">\n", pg->missed, pg->stats->journey.open_high);
        } else {
            add(out, " data-broken=\"\">\n");
        }
        card(out, s, k);
        add(out, "</li>\n");
    }
    add(out, "</ol>\n</main>\n</body>\n</html>\n");
    free(r);
    return !out->failed;
}
