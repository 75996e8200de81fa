/* jmap site: many journeys as a static site. site.c finds and loads the
 * journeys, pairs current and future maps and draws the pages through
 * build's batch (-j, progress, outputs left untouched when unchanged);
 * site_pages.c writes the markup of its own: the index, a page's links, a
 * broken journey's page. Every text of a journey or a file name goes through
 * jmap_escape_markup, every path in a link is percent-encoded. */
#ifndef JMAP_CLI_SITE_H
#define JMAP_CLI_SITE_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "jmap/jmap.h"

/* One page of the site: a journey, or an input that has errors. */
typedef struct site_page {
    size_t input;               /* its input's index */
    size_t journey;             /* its journey in the input */
    char *rel;                  /* its path in the site without extension: "sub/name", "name-2" */
    const jmap_journey *j;      /* NULL for a broken input's page */
    jmap_stats *stats;          /* NULL for a broken input's page */
    size_t pair;                /* the page of the same journey in the other state; SIZE_MAX: none */
    size_t met, missed;         /* metrics met and missed */
    char *nav;                  /* the page's own links (site_pages.c) */
    jmap_render_options opt;    /* the plan's options with nav */
} site_page;

typedef struct site_input {
    char *path;                 /* as found */
    char *rel;                  /* its path in the site without extension */
    jmap_doc *doc;
    cli_buf diags;              /* its diagnostics, as text, for a broken input's page */
    bool broken;                /* it has errors (or could not be read): its page shows why */
} site_input;

typedef struct site {
    site_input *inputs;
    size_t n_inputs;
    site_page *pages;
    size_t n_pages;
} site;

/* The text of a page's nav (links to the index and to the other state, and
 * the gaps between them), into pg->nav. False when memory ran out. */
bool site_page_nav(const site *s, size_t k);
/* The page of a broken input: its diagnostics. */
bool site_broken_page(const site *s, size_t k, cli_buf *out);
/* The index: a card per page. */
bool site_index(const site *s, cli_buf *out);
/* s as markup text (jmap_escape_markup), and a path as a link's target
 * (percent-encoded: no scheme, no markup), onto b. */
void site_text(cli_buf *b, const char *s);
void site_href(cli_buf *b, const char *path);

#endif
