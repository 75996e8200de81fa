/* jmap stats: a journey's numbers (jmap_journey_stats), as a table or as
 * one JSON document (its keys: docs/cli.md). */
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "diagnostics.h"
#include "input.h"
#include "io.h"
#include "jmap/jmap.h"

static const char *const priority_names[JMAP_PRIORITY_COUNT] = {"high", "medium", "low", "none"};

/* ---- JSON ---- */

static void jstr(FILE *f, const char *s)
{
    if (s) cli_json_string(f, s);
    else fputs("null", f);
}

static void jnum(FILE *f, double x)
{
    if (isnan(x)) fputs("null", f);
    else fprintf(f, "%.10g", x);
}

/* , "key": "value" */
static void jfield(FILE *f, const char *key, const char *value)
{
    fprintf(f, ", \"%s\": ", key);
    jstr(f, value);
}

static void jpoint(FILE *f, const jmap_stat_point *pt)
{
    if (isnan(pt->score)) { fputs("null", f); return; }
    fputs("{\"touchpoint\": ", f);
    jstr(f, pt->touchpoint_id);
    jfield(f, "name", pt->touchpoint);
    jfield(f, "stage", pt->stage_id);
    jfield(f, "stage_name", pt->stage);
    fputs(", \"score\": ", f);
    jnum(f, pt->score);
    fputs("}", f);
}

/* What a persona's view shares with the whole journey's is written once,
 * in the journey's: a persona's view lists the stages whose numbers differ
 * for it, and the moments and metrics of the touchpoints that name their
 * personas and include it. The journey's moments and metrics say which
 * every persona takes (`everyone`). Written in full for every persona, a
 * journey's metrics made an output hundreds of times its input. */
typedef struct shared {
    const jmap_stat_view *journey; /* NULL when writing the journey's own view */
    bool *moment_everyone, *metric_everyone; /* [journey's n_moments], [n_metrics] */
} shared;

static bool same_moment(const jmap_stat_moment *a, const jmap_stat_moment *b)
{
    /* the same journey's strings: the same touchpoint has the same id */
    return a->touchpoint_id == b->touchpoint_id && a->stage_id == b->stage_id;
}

static bool same_metric(const jmap_stat_metric *a, const jmap_stat_metric *b)
{
    return a->name == b->name && a->touchpoint_id == b->touchpoint_id && a->stage_id == b->stage_id;
}

static bool same_number(double a, double b) { return (isnan(a) && isnan(b)) || a == b; }

/* The journey's index of each of a persona's moments (or metrics): a
 * persona's are the journey's, in order, less those it does not take. */
#define MATCH(out, pv, pn, jv, jn, same)                                                                             \
    do {                                                                                                             \
        size_t k_ = 0;                                                                                               \
        for (size_t i_ = 0; i_ < (pn); i_++) {                                                                       \
            while (k_ < (jn) && !same(&(jv)[k_], &(pv)[i_])) k_++;                                                   \
            (out)[i_] = k_ < (jn) ? k_++ : (size_t)-1;                                                               \
        }                                                                                                            \
    } while (0)

static void jmoment(FILE *f, const jmap_stat_moment *m, bool everyone, bool first)
{
    fputs(first ? "{\"touchpoint\": " : ", {\"touchpoint\": ", f);
    jstr(f, m->touchpoint_id);
    fputs(", \"name\": ", f);
    jstr(f, m->touchpoint);
    fputs(", \"stage\": ", f);
    jstr(f, m->stage_id);
    fprintf(f, ", \"everyone\": %s}", everyone ? "true" : "false");
}

static void jmetric(FILE *f, const jmap_stat_metric *m, bool everyone, bool first, const char *ind)
{
    fprintf(f, "%s\n%s    {\"name\": ", first ? "" : ",", ind);
    jstr(f, m->name);
    fputs(", \"value\": ", f);
    jstr(f, m->value);
    fputs(", \"stage\": ", f);
    jstr(f, m->stage_id);
    fputs(", \"touchpoint\": ", f);
    jstr(f, m->touchpoint_id);
    fputs(", \"target\": ", f);
    jstr(f, m->target);
    fprintf(f, ", \"better\": \"%s\", \"met\": %s, \"everyone\": %s}", m->better_lower ? "lower" : "higher",
            m->met < 0 ? "null" : m->met ? "true" : "false", everyone ? "true" : "false");
}

static void jview(FILE *f, const jmap_stat_view *v, const char *ind, const shared *sh, size_t *ix)
{
    const jmap_stat_view *jv = sh->journey;
    fprintf(f, "{\n%s  \"persona\": ", ind);
    jstr(f, v->persona_id);
    fprintf(f, ",\n%s  \"name\": ", ind);
    jstr(f, v->persona);
    fprintf(f, ",\n%s  \"touchpoints\": %zu,\n%s  \"scored\": %zu,\n%s  \"mean\": ", ind, v->touchpoints, ind, v->scored, ind);
    jnum(f, v->mean);
    fprintf(f, ",\n%s  \"lowest\": ", ind);
    jpoint(f, &v->lowest);
    fprintf(f, ",\n%s  \"highest\": ", ind);
    jpoint(f, &v->highest);
    fprintf(f, ",\n%s  \"largest_drop\": ", ind);
    if (isnan(v->drop)) fputs("null", f);
    else {
        fputs("{\"from\": ", f);
        jpoint(f, &v->drop_from);
        fputs(", \"to\": ", f);
        jpoint(f, &v->drop_to);
        fputs(", \"drop\": ", f);
        jnum(f, v->drop);
        fputs("}", f);
    }
    fprintf(f, ",\n%s  \"stages\": [", ind);
    size_t written = 0;
    for (size_t i = 0; i < v->n_stages; i++) {
        if (jv && i < jv->n_stages && v->stages[i].scored == jv->stages[i].scored &&
            same_number(v->stages[i].mean, jv->stages[i].mean))
            continue; /* as in the journey's view */
        fprintf(f, "%s\n%s    {\"stage\": ", written++ ? "," : "", ind);
        jstr(f, v->stages[i].stage_id);
        jfield(f, "name", v->stages[i].stage);
        fputs(", \"mean\": ", f);
        jnum(f, v->stages[i].mean);
        fprintf(f, ", \"scored\": %zu}", v->stages[i].scored);
    }
    if (written) fprintf(f, "\n%s  ", ind);
    fprintf(f, "],\n%s  \"target_gap\": ", ind);
    jnum(f, v->target_gap);
    fprintf(f, ",\n%s  \"targets\": %zu,\n%s  \"pains\": %zu,\n%s  \"opportunities\": {", ind, v->targets, ind, v->pains, ind);
    for (int i = 0; i < JMAP_PRIORITY_COUNT; i++)
        fprintf(f, "%s\"%s\": %zu", i ? ", " : "", priority_names[i], v->opportunities[i]);
    fprintf(f, "},\n%s  \"moments\": [", ind);
    written = 0;
    if (jv) MATCH(ix, v->moments, v->n_moments, jv->moments, jv->n_moments, same_moment);
    for (size_t i = 0; i < v->n_moments; i++) {
        bool everyone = sh->moment_everyone[jv ? ix[i] : i];
        if (jv && everyone) continue;
        jmoment(f, &v->moments[i], everyone, !written++);
    }
    fprintf(f, "],\n%s  \"metrics\": [", ind);
    written = 0;
    if (jv) MATCH(ix, v->metrics, v->n_metrics, jv->metrics, jv->n_metrics, same_metric);
    for (size_t i = 0; i < v->n_metrics; i++) {
        bool everyone = sh->metric_everyone[jv ? ix[i] : i];
        if (jv && everyone) continue;
        jmetric(f, &v->metrics[i], everyone, !written++, ind);
    }
    if (written) fprintf(f, "\n%s  ", ind);
    fprintf(f, "]\n%s}", ind);
}

/* Which of the journey's moments and metrics every persona takes. */
static void count_shared(const jmap_stats *s, shared *sh, size_t *ix, size_t *count)
{
    const jmap_stat_view *jv = &s->journey;
    size_t n = jv->n_moments > jv->n_metrics ? jv->n_moments : jv->n_metrics;
    for (int pass = 0; pass < 2; pass++) {
        size_t jn = pass ? jv->n_metrics : jv->n_moments;
        bool *everyone = pass ? sh->metric_everyone : sh->moment_everyone;
        memset(count, 0, (n + 1) * sizeof *count);
        for (size_t p = 0; p < s->n_personas; p++) {
            const jmap_stat_view *v = &s->personas[p];
            size_t pn = pass ? v->n_metrics : v->n_moments;
            if (pass) MATCH(ix, v->metrics, pn, jv->metrics, jn, same_metric);
            else MATCH(ix, v->moments, pn, jv->moments, jn, same_moment);
            for (size_t i = 0; i < pn; i++)
                if (ix[i] < jn) count[ix[i]]++;
        }
        for (size_t k = 0; k < jn; k++) everyone[k] = count[k] == s->n_personas;
    }
}

/* What the research covers (1.2). */
static void jevidence(FILE *f, const jmap_stat_evidence *e)
{
    fprintf(f,
            "{\"sources\": %zu, \"touchpoints\": %zu, \"touchpoints_cited\": %zu, \"pains\": %zu, "
            "\"pains_cited\": %zu, \"opportunities\": %zu, \"opportunities_cited\": %zu, \"assumed\": %zu}",
            e->sources, e->touchpoints, e->touchpoints_cited, e->pains, e->pains_cited, e->opportunities,
            e->opportunities_cited, e->assumed);
}

/* False, with nothing written, when memory runs out. */
static bool json_journey(FILE *f, const char *file, size_t doc_ix, const jmap_stats *s, bool first)
{
    const jmap_stat_view *jv = &s->journey;
    size_t n = (jv->n_moments > jv->n_metrics ? jv->n_moments : jv->n_metrics) + 1;
    shared sh = {NULL, calloc(n, sizeof(bool)), calloc(n, sizeof(bool))};
    size_t *ix = calloc(n, sizeof *ix), *count = calloc(n, sizeof *count);
    bool ok = sh.moment_everyone && sh.metric_everyone && ix && count;
    if (!ok) goto done;
    count_shared(s, &sh, ix, count);
    fprintf(f, "%s\n    {\"file\": ", first ? "" : ",");
    jstr(f, file);
    fprintf(f, ",\n     \"document\": %zu,\n     \"title\": ", doc_ix + 1);
    jstr(f, s->title);
    fputs(",\n     \"scale\": [", f);
    jnum(f, s->scale_lo);
    fputs(", ", f);
    jnum(f, s->scale_hi);
    fputs("],\n     \"journey\": ", f);
    jview(f, jv, "     ", &sh, ix);
    fputs(",\n     \"personas\": [", f);
    sh.journey = jv;
    for (size_t p = 0; p < s->n_personas; p++) {
        fputs(p ? ", " : "", f);
        jview(f, &s->personas[p], "     ", &sh, ix);
    }
    fputs("],\n     \"evidence\": ", f);
    jevidence(f, &s->evidence);
    fputs("}", f);
done:
    free(sh.moment_everyone);
    free(sh.metric_everyone);
    free(ix);
    free(count);
    return ok;
}

/* ---- table ---- */

/* The journey's texts are shown as cli_put_shown shows them: a title
 * written "\e]52;..." does not reach the terminal as a control sequence. */
static void tstr(FILE *f, const char *s) { cli_put_shown(f, s ? s : ""); }

/* "NAME (STAGE)" */
static void tplace(FILE *f, const char *touchpoint, const char *stage)
{
    tstr(f, touchpoint);
    fputs(" (", f);
    tstr(f, stage);
    fputc(')', f);
}

static void tnum(FILE *f, double x)
{
    if (isnan(x)) fputs("-", f);
    else fprintf(f, "%.2f", x);
}

static void tpoint(FILE *f, const char *label, const jmap_stat_point *pt)
{
    fprintf(f, "  %-22s", label);
    if (isnan(pt->score)) { fputs("-\n", f); return; }
    tnum(f, pt->score);
    fputs("  ", f);
    tplace(f, pt->touchpoint, pt->stage);
    fputc('\n', f);
}

static void table_view(FILE *f, const jmap_stat_view *v)
{
    if (v->persona) {
        fputs("\nPersona: ", f);
        tplace(f, v->persona, v->persona_id);
        fputc('\n', f);
    } else {
        fputs("\nWhole journey\n", f);
    }
    fprintf(f, "  %-22s%zu (%zu scored)\n", "touchpoints", v->touchpoints, v->scored);
    fprintf(f, "  %-22s", "mean emotion");
    tnum(f, v->mean);
    fputc('\n', f);
    tpoint(f, "lowest", &v->lowest);
    tpoint(f, "highest", &v->highest);
    fprintf(f, "  %-22s", "largest drop");
    if (isnan(v->drop)) fputs("-\n", f);
    else {
        tnum(f, v->drop);
        fputs("  ", f);
        tstr(f, v->drop_from.touchpoint);
        fputs(" (", f);
        tnum(f, v->drop_from.score);
        fputs(") -> ", f);
        tstr(f, v->drop_to.touchpoint);
        fputs(" (", f);
        tnum(f, v->drop_to.score);
        fputs(")\n", f);
    }
    for (size_t i = 0; i < v->n_stages; i++) {
        char label[64];
        snprintf(label, sizeof label, "%s", i ? "" : "stage means");
        fprintf(f, "  %-22s", label);
        tnum(f, v->stages[i].mean);
        fputs("  ", f);
        tstr(f, v->stages[i].stage);
        fputc('\n', f);
    }
    fprintf(f, "  %-22s", "mean gap to target");
    tnum(f, v->target_gap);
    if (v->targets) fprintf(f, "  (%zu touchpoints)", v->targets);
    fputc('\n', f);
    fprintf(f, "  %-22s%zu\n", "pains", v->pains);
    fprintf(f, "  %-22shigh %zu, medium %zu, low %zu, no priority %zu\n", "opportunities",
            v->opportunities[JMAP_PRIORITY_HIGH], v->opportunities[JMAP_PRIORITY_MEDIUM],
            v->opportunities[JMAP_PRIORITY_LOW], v->opportunities[JMAP_PRIORITY_NONE]);
    fprintf(f, "  %-22s", "moments that matter");
    if (!v->n_moments) fputs("-\n", f);
    for (size_t i = 0; i < v->n_moments; i++) {
        fputs(i ? "                        " : "", f);
        tplace(f, v->moments[i].touchpoint, v->moments[i].stage);
        fputc('\n', f);
    }
    size_t shown = 0;
    for (size_t i = 0; i < v->n_metrics; i++) {
        const jmap_stat_metric *m = &v->metrics[i];
        if (!m->target) continue;
        fprintf(f, "  %-22s", shown++ ? "" : "metrics with a target");
        tstr(f, m->name);
        fputc(' ', f);
        tstr(f, m->value);
        fputs(", target ", f);
        tstr(f, m->target);
        fprintf(f, ": %s\n", m->met < 0 ? "not comparable" : m->met ? "met" : "missed");
    }
    if (!shown) fprintf(f, "  %-22s-\n", "metrics with a target");
}

static void table_journey(FILE *f, const char *file, size_t doc_ix, size_t n_docs, const jmap_stats *s)
{
    tstr(f, file);
    if (n_docs > 1) fprintf(f, " (journey %zu)", doc_ix + 1);
    fputs(": ", f);
    tstr(f, s->title);
    fputc('\n', f);
    fputs("  scale ", f);
    tnum(f, s->scale_lo);
    fputs(" to ", f);
    tnum(f, s->scale_hi);
    fputc('\n', f);
    table_view(f, &s->journey);
    for (size_t p = 0; p < s->n_personas; p++) table_view(f, &s->personas[p]);
    const jmap_stat_evidence *e = &s->evidence; /* research (1.2) */
    fputs("\nResearch\n", f);
    fprintf(f, "  %-22s%zu\n", "sources", e->sources);
    fprintf(f, "  %-22s%zu of %zu\n", "touchpoints cited", e->touchpoints_cited, e->touchpoints);
    fprintf(f, "  %-22s%zu of %zu\n", "pains cited", e->pains_cited, e->pains);
    fprintf(f, "  %-22s%zu of %zu\n", "opportunities cited", e->opportunities_cited, e->opportunities);
    fprintf(f, "  %-22s%zu\n", "assumptions", e->assumed);
}

static int stats_option(void *ctx, int argc, char **argv, int *i)
{
    (void)argc;
    if (strcmp(argv[*i], "--json") != 0) return cli_usage_error("stats", "unknown option '%s'", argv[*i]);
    *(bool *)ctx = true;
    return 0;
}

int cli_stats(const cli_command *self, int argc, char **argv)
{
    bool json = false;
    cli_inputs in;
    int rc = cli_inputs_parse(&in, self, argc, argv, stats_option, &json);
    if (rc) return rc == CLI_HELPED ? EXIT_OK : rc;

    int status = EXIT_OK;
    bool first = true;
    if (json) fputs("{\"journeys\": [", stdout);
    for (size_t i = 0; i < in.n; i++) {
        const char *name = cli_input_name(in.names[i]);
        cli_load_how how = {.out = stderr, .warnings = true};
        jmap_doc *doc = NULL;
        int st = cli_load_input(in.names[i], name, &how, &doc);
        if (st == EXIT_IO) {
            status = EXIT_IO;
            continue;
        }
        if (st == EXIT_INPUT) {
            if (status == EXIT_OK) status = EXIT_INPUT;
            jmap_doc_free(doc);
            continue;
        }
        size_t n = jmap_doc_journey_count(doc);
        for (size_t k = 0; k < n; k++) {
            jmap_stats *s = jmap_journey_stats(jmap_doc_journey(doc, k));
            if (!s) { fprintf(stderr, "jmap: out of memory\n"); status = EXIT_IO; break; }
            if (json && !json_journey(stdout, name, k, s, first)) {
                fprintf(stderr, "jmap: out of memory\n");
                status = EXIT_IO;
                jmap_stats_free(s);
                break;
            }
            if (!json) {
                if (!first) fputc('\n', stdout);
                table_journey(stdout, name, k, n, s);
            }
            first = false;
            jmap_stats_free(s);
        }
        jmap_doc_free(doc);
    }
    if (json) fputs(first ? "]}\n" : "\n]}\n", stdout);
    cli_inputs_free(&in);
    return status;
}
