/* What a journey would draw, counted from the model alone. */
#include "model/bounds.h"

#include <stdio.h>

#include "model/sources.h"

/* A citation mark: a pill and its number a source cited (a few at most, and
 * a "+N"), drawn where it is written (1.2). */
static void count_cites(jm_draw_size *d, const jm_cites *c)
{
    if (!c || !c->ids.n) return;
    size_t n = c->ids.n < 7 ? c->ids.n : 7;
    d->items += 2 * n;
    d->text_bytes += 4 * n;
}

/* The research (1.2): the sources list (a number, a name, its details a
 * row) and every citation mark. */
static void count_research(jm_draw_size *d, const jmap_journey *j)
{
    for (size_t i = 0; i < j->n_sources; i++) {
        d->items += 4;
        d->text_bytes += j->sources[i].name.len + 64;
    }
    for (size_t p = 0; p < j->n_personas; p++) count_cites(d, j->personas[p].quote_source);
    for (size_t s = 0; s < j->n_stages; s++) {
        const jm_stage *st = &j->stages[s];
        count_cites(d, st->source);
        for (size_t t = 0; t < st->n_touchpoints; t++) {
            const jm_touchpoint *tp = &st->touchpoints[t];
            count_cites(d, jm_tp_source(tp));
            count_cites(d, jm_tp_thinking_source(tp));
            for (size_t k = 0; k < tp->pains.n; k++) count_cites(d, jm_tp_pain_source(tp, k));
            for (size_t k = 0; k < tp->opportunities.n; k++) count_cites(d, jm_tp_opportunity_source(tp, k));
        }
    }
}

static void count_str(jm_draw_size *d, const jm_str *s)
{
    if (!s->len) return;
    d->text_bytes += s->len;
    d->items++;
}

static void count_list(jm_draw_size *d, const jm_list *l)
{
    for (size_t i = 0; i < l->n; i++) count_str(d, &l->items[i]);
}

static void count_metrics(jm_draw_size *d, const jm_metric *m, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        count_str(d, &m[i].name);
        count_str(d, &m[i].value);
        count_str(d, &m[i].target);
    }
}

jm_draw_size jm_draw_size_of(const jmap_journey *j)
{
    jm_draw_size d = {0, 0};
    count_str(&d, &j->title);
    count_str(&d, &j->description);
    for (size_t p = 0; p < j->n_personas; p++) {
        const jm_persona *pp = &j->personas[p];
        const jm_str *f[] = {&pp->name, &pp->role, &pp->age, &pp->occupation, &pp->family, &pp->quote};
        for (size_t i = 0; i < sizeof f / sizeof *f; i++) count_str(&d, f[i]);
        count_list(&d, &pp->goals);
        count_list(&d, &pp->needs);
        count_list(&d, &pp->frustrations);
    }
    size_t curves = j->n_personas ? j->n_personas : 1;
    for (size_t s = 0; s < j->n_stages; s++) {
        const jm_stage *st = &j->stages[s];
        count_str(&d, &st->name);
        if (!st->name.len) d.items++; /* its header and column are drawn all the same */
        count_str(&d, &st->goal);
        count_metrics(&d, st->metrics, st->n_metrics);
        for (size_t t = 0; t < st->n_touchpoints; t++) {
            const jm_touchpoint *tp = &st->touchpoints[t];
            const jm_str *f[] = {&tp->name, &tp->feeling, &tp->doing, &tp->thinking, &tp->owner};
            for (size_t i = 0; i < sizeof f / sizeof *f; i++) count_str(&d, f[i]);
            count_list(&d, &tp->pains);
            count_list(&d, &tp->opportunities);
            count_metrics(&d, tp->metrics, tp->n_metrics);
            for (size_t o = 0; o < tp->opportunities.n && tp->opportunity; o++) {
                const jm_opportunity *op = &tp->opportunity[o];
                /* under its text: the pill, the status, the owner; in the action plan: its row */
                d.items += (op->priority != 0) + (op->status != 0);
                count_str(&d, &op->owner);
                if (op->priority) {
                    d.text_bytes += tp->opportunities.items[o].len + st->name.len + tp->name.len + op->owner.len;
                    d.items += 6;
                }
            }
            count_list(&d, &tp->evidence);
            count_list(&d, &tp->frontstage);
            count_list(&d, &tp->backstage);
            count_list(&d, &tp->support);
            if (tp->channel_ix >= 0 && (size_t)tp->channel_ix < j->n_channels) {
                d.text_bytes += j->channels[tp->channel_ix].name.len; /* the card's channel label */
                d.items++;
            }
            d.items += curves * (tp->n_targets ? 2 : 1); /* at most one point a curve, and its target */
        }
    }
    count_research(&d, j);
    return d;
}

bool jm_draw_size_message(const jmap_journey *j, char *buf, size_t size)
{
    jm_draw_size d = jm_draw_size_of(j);
    const char *title = j->title.s ? j->title.s : "";
    if (d.text_bytes > JM_MAX_MAP_TEXT)
        snprintf(buf, size,
                 "the journey '%.80s' has %.1f MiB of text; a map draws at most %u MiB: split it into several journeys",
                 title, (double)d.text_bytes / (1024.0 * 1024.0), JM_MAX_MAP_TEXT / (1024u * 1024u));
    else if (d.items > JM_MAX_MAP_ITEMS)
        snprintf(buf, size,
                 "the journey '%.80s' would draw %zu texts, list items and emotion points; a map draws at most %u: "
                 "split it into several journeys",
                 title, d.items, JM_MAX_MAP_ITEMS);
    else
        return false;
    return true;
}
