/* jmap stats: a journey's numbers (jmap_journey_stats), as a table or as
 * one JSON document (its keys: docs/cli.md). */
#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "diagnostics.h"
#include "io.h"
#include "jmap/jmap.h"

#define READ_LIMIT (16u * 1024u * 1024u)

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

static void jpoint(FILE *f, const jmap_stat_point *pt)
{
    if (isnan(pt->score)) { fputs("null", f); return; }
    fputs("{\"touchpoint\": ", f);
    jstr(f, pt->touchpoint_id);
    fputs(", \"name\": ", f);
    jstr(f, pt->touchpoint);
    fputs(", \"stage\": ", f);
    jstr(f, pt->stage_id);
    fputs(", \"stage_name\": ", f);
    jstr(f, pt->stage);
    fputs(", \"score\": ", f);
    jnum(f, pt->score);
    fputs("}", f);
}

static void jview(FILE *f, const jmap_stat_view *v, const char *ind)
{
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
    for (size_t i = 0; i < v->n_stages; i++) {
        fprintf(f, "%s\n%s    {\"stage\": ", i ? "," : "", ind);
        jstr(f, v->stages[i].stage_id);
        fputs(", \"name\": ", f);
        jstr(f, v->stages[i].stage);
        fputs(", \"mean\": ", f);
        jnum(f, v->stages[i].mean);
        fprintf(f, ", \"scored\": %zu}", v->stages[i].scored);
    }
    if (v->n_stages) fprintf(f, "\n%s  ", ind);
    fprintf(f, "],\n%s  \"target_gap\": ", ind);
    jnum(f, v->target_gap);
    fprintf(f, ",\n%s  \"targets\": %zu,\n%s  \"pains\": %zu,\n%s  \"opportunities\": {", ind, v->targets, ind, v->pains, ind);
    for (int i = 0; i < JMAP_PRIORITY_COUNT; i++)
        fprintf(f, "%s\"%s\": %zu", i ? ", " : "", priority_names[i], v->opportunities[i]);
    fprintf(f, "},\n%s  \"moments\": [", ind);
    for (size_t i = 0; i < v->n_moments; i++) {
        fputs(i ? ", {\"touchpoint\": " : "{\"touchpoint\": ", f);
        jstr(f, v->moments[i].touchpoint_id);
        fputs(", \"name\": ", f);
        jstr(f, v->moments[i].touchpoint);
        fputs(", \"stage\": ", f);
        jstr(f, v->moments[i].stage_id);
        fputs("}", f);
    }
    fprintf(f, "],\n%s  \"metrics\": [", ind);
    for (size_t i = 0; i < v->n_metrics; i++) {
        const jmap_stat_metric *m = &v->metrics[i];
        fprintf(f, "%s\n%s    {\"name\": ", i ? "," : "", ind);
        jstr(f, m->name);
        fputs(", \"value\": ", f);
        jstr(f, m->value);
        fputs(", \"stage\": ", f);
        jstr(f, m->stage_id);
        fputs(", \"touchpoint\": ", f);
        jstr(f, m->touchpoint_id);
        fputs(", \"target\": ", f);
        jstr(f, m->target);
        fprintf(f, ", \"better\": \"%s\", \"met\": %s}", m->better_lower ? "lower" : "higher",
                m->met < 0 ? "null" : m->met ? "true" : "false");
    }
    if (v->n_metrics) fprintf(f, "\n%s  ", ind);
    fprintf(f, "]\n%s}", ind);
}

static void json_journey(FILE *f, const char *file, size_t doc_ix, const jmap_stats *s, bool first)
{
    fprintf(f, "%s\n    {\"file\": ", first ? "" : ",");
    jstr(f, file);
    fprintf(f, ",\n     \"document\": %zu,\n     \"title\": ", doc_ix + 1);
    jstr(f, s->title);
    fputs(",\n     \"scale\": [", f);
    jnum(f, s->scale_lo);
    fputs(", ", f);
    jnum(f, s->scale_hi);
    fputs("],\n     \"journey\": ", f);
    jview(f, &s->journey, "     ");
    fputs(",\n     \"personas\": [", f);
    for (size_t p = 0; p < s->n_personas; p++) {
        fputs(p ? ", " : "", f);
        jview(f, &s->personas[p], "     ");
    }
    fputs("]}", f);
}

/* ---- table ---- */

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
    fprintf(f, "  %s (%s)\n", pt->touchpoint, pt->stage);
}

static void table_view(FILE *f, const jmap_stat_view *v)
{
    if (v->persona) fprintf(f, "\nPersona: %s (%s)\n", v->persona, v->persona_id);
    else fputs("\nWhole journey\n", f);
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
        fprintf(f, "  %s (", v->drop_from.touchpoint);
        tnum(f, v->drop_from.score);
        fprintf(f, ") -> %s (", v->drop_to.touchpoint);
        tnum(f, v->drop_to.score);
        fputs(")\n", f);
    }
    for (size_t i = 0; i < v->n_stages; i++) {
        char label[64];
        snprintf(label, sizeof label, "%s", i ? "" : "stage means");
        fprintf(f, "  %-22s", label);
        tnum(f, v->stages[i].mean);
        fprintf(f, "  %s\n", v->stages[i].stage);
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
    for (size_t i = 0; i < v->n_moments; i++)
        fprintf(f, "%s%s (%s)\n", i ? "                        " : "", v->moments[i].touchpoint, v->moments[i].stage);
    size_t shown = 0;
    for (size_t i = 0; i < v->n_metrics; i++) {
        const jmap_stat_metric *m = &v->metrics[i];
        if (!m->target) continue;
        fprintf(f, "  %-22s%s %s, target %s: %s\n", shown++ ? "" : "metrics with a target", m->name, m->value,
                m->target, m->met < 0 ? "not comparable" : m->met ? "met" : "missed");
    }
    if (!shown) fprintf(f, "  %-22s-\n", "metrics with a target");
}

static void table_journey(FILE *f, const char *file, size_t doc_ix, size_t n_docs, const jmap_stats *s)
{
    if (n_docs > 1) fprintf(f, "%s (journey %zu): %s\n", file, doc_ix + 1, s->title);
    else fprintf(f, "%s: %s\n", file, s->title);
    fputs("  scale ", f);
    tnum(f, s->scale_lo);
    fputs(" to ", f);
    tnum(f, s->scale_hi);
    fputc('\n', f);
    table_view(f, &s->journey);
    for (size_t p = 0; p < s->n_personas; p++) table_view(f, &s->personas[p]);
}

int cli_stats(int argc, char **argv)
{
    bool json = false;
    const char **inputs = calloc((size_t)argc, sizeof *inputs);
    size_t n_inputs = 0;
    if (!inputs) return EXIT_IO;
    bool options_done = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!options_done && a[0] == '-' && a[1] != '\0') {
            if (strcmp(a, "--") == 0) { options_done = true; continue; }
            if (cli_is_help(a)) { cli_help("stats", stdout); free(inputs); return EXIT_OK; }
            if (strcmp(a, "--json") == 0) { json = true; continue; }
            free(inputs);
            return cli_usage_error("stats", "unknown option '%s'", a);
        }
        inputs[n_inputs++] = a;
    }
    if (n_inputs == 0) { free(inputs); return cli_usage_error("stats", "no input file given"); }
    size_t stdin_users = 0;
    for (size_t i = 0; i < n_inputs; i++) stdin_users += cli_names_stdin(inputs[i]);
    if (stdin_users > 1) {
        free(inputs);
        return cli_usage_error("stats", "standard input can be read once: give '-' (or /dev/stdin) once");
    }

    int status = EXIT_OK;
    bool first = true;
    if (json) fputs("{\"journeys\": [", stdout);
    for (size_t i = 0; i < n_inputs; i++) {
        const char *name = strcmp(inputs[i], "-") == 0 ? "<stdin>" : inputs[i];
        char *data = NULL;
        size_t len = 0;
        int e = cli_read_file(inputs[i], READ_LIMIT, &data, &len);
        if (e) {
            if (strcmp(inputs[i], "-") == 0 && e == EBADF) fprintf(stderr, "jmap: cannot read standard input: it is closed\n");
            else fprintf(stderr, "jmap: cannot read '%s': %s\n", inputs[i], strerror(e));
            status = EXIT_IO;
            continue;
        }
        jmap_doc *doc = jmap_load(data, len, name);
        free(data);
        if (!doc) {
            fprintf(stderr, "jmap: out of memory\n");
            status = EXIT_IO;
            continue;
        }
        cli_print_diags_text(stderr, doc, true);
        if (jmap_doc_error_count(doc)) {
            if (jmap_doc_out_of_memory(doc)) status = EXIT_IO;
            else if (status == EXIT_OK) status = EXIT_INPUT;
            jmap_doc_free(doc);
            continue;
        }
        size_t n = jmap_doc_journey_count(doc);
        for (size_t k = 0; k < n; k++) {
            jmap_stats *s = jmap_journey_stats(jmap_doc_journey(doc, k));
            if (!s) { fprintf(stderr, "jmap: out of memory\n"); status = EXIT_IO; break; }
            if (json) json_journey(stdout, name, k, s, first);
            else {
                if (!first) fputc('\n', stdout);
                table_journey(stdout, name, k, n, s);
            }
            first = false;
            jmap_stats_free(s);
        }
        jmap_doc_free(doc);
    }
    if (json) fputs(first ? "]}\n" : "\n]}\n", stdout);
    free(inputs);
    return status;
}
