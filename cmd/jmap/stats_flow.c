/* jmap stats' part for flow and time (1.2): the keys are docs/cli.md's. */
#include "stats_flow.h"

#include <math.h>

#include "diagnostics.h"

static void jend(FILE *f, const char *key, const char *id, double reach)
{
    fprintf(f, "\"%s\": ", key);
    if (!id) { fputs("null", f); return; }
    fputs("{\"touchpoint\": ", f);
    cli_json_string_or_null(f, id);
    fputs(", \"reach\": ", f);
    cli_json_number(f, reach);
    fputc('}', f);
}

void cli_stats_flow_json(FILE *f, const jmap_stat_flow *fl, const char *ind)
{
    fprintf(f, "\"flow\": {\n%s  \"reached\": %zu,\n%s  ", ind, fl->reached, ind);
    jend(f, "first", fl->first_id, fl->first_reach);
    fprintf(f, ",\n%s  ", ind);
    jend(f, "last", fl->last_id, fl->last_reach);
    fprintf(f, ",\n%s  \"conversion\": ", ind);
    cli_json_number(f, fl->conversion);
    fprintf(f, ",\n%s  \"steps\": [", ind);
    for (size_t i = 0; i < fl->n_steps; i++) {
        const jmap_stat_flow_step *s = &fl->steps[i];
        fprintf(f, "%s\n%s    {\"from\": ", i ? "," : "", ind);
        cli_json_string_or_null(f, s->from_id);
        fputs(", \"to\": ", f);
        cli_json_string_or_null(f, s->to_id);
        fputs(", \"from_reach\": ", f);
        cli_json_number(f, s->from_reach);
        fputs(", \"to_reach\": ", f);
        cli_json_number(f, s->to_reach);
        fputs(", \"loss\": ", f);
        cli_json_number(f, s->loss);
        fputc('}', f);
    }
    fprintf(f, "%s],\n%s  \"largest_loss\": ", fl->n_steps ? "\n  " : "", ind);
    if (fl->largest < 0) fputs("null", f);
    else {
        const jmap_stat_flow_step *s = &fl->steps[fl->largest];
        fputs("{\"from\": ", f);
        cli_json_string_or_null(f, s->from_id);
        fputs(", \"to\": ", f);
        cli_json_string_or_null(f, s->to_id);
        fputs(", \"loss\": ", f);
        cli_json_number(f, s->loss);
        fputc('}', f);
    }
    fprintf(f, ",\n%s  \"timed\": %zu,\n%s  \"active_seconds\": ", ind, fl->timed, ind);
    cli_json_number(f, fl->active);
    fprintf(f, ",\n%s  \"waiting_seconds\": ", ind);
    cli_json_number(f, fl->waiting);
    fprintf(f, ",\n%s  \"waiting_share\": ", ind);
    cli_json_number(f, fl->waiting_share);
    fprintf(f, ",\n%s  \"fail_points\": [", ind);
    for (size_t i = 0; i < fl->n_fails; i++) {
        const jmap_stat_fail *x = &fl->fails[i];
        fprintf(f, "%s\n%s    {\"touchpoint\": ", i ? "," : "", ind);
        cli_json_string_or_null(f, x->touchpoint_id);
        fputs(", \"stage\": ", f);
        cli_json_string_or_null(f, x->stage_id);
        fputs(", \"lane\": ", f);
        cli_json_string_or_null(f, x->lane);
        fputs(", \"item\": ", f);
        cli_json_string_or_null(f, x->item);
        fputs(", \"text\": ", f);
        cli_json_string_or_null(f, x->text);
        fputc('}', f);
    }
    fprintf(f, "%s]\n%s}", fl->n_fails ? "\n  " : "", ind);
}

static void tstr(FILE *f, const char *s) { cli_put_shown(f, s ? s : ""); }

/* seconds as "1d 2h 3min 4s" (the table is English, as the rest of it) */
static void tspan(FILE *f, double seconds)
{
    static const struct {
        double s;
        const char *u;
    } units[] = {{604800, "w"}, {86400, "d"}, {3600, "h"}, {60, "min"}, {1, "s"}};
    double left = round(seconds);
    int shown = 0;
    for (size_t i = 0; i < sizeof units / sizeof *units; i++) {
        double k = floor(left / units[i].s);
        if (k < 1) continue;
        left -= k * units[i].s;
        fprintf(f, "%s%.0f%s", shown++ ? " " : "", k, units[i].u);
    }
    if (!shown) fputs("0s", f);
}

void cli_stats_flow_table(FILE *f, const jmap_stat_flow *fl)
{
    if (!fl->reached && !fl->timed && !fl->n_fails) return;
    fputs("  flow and time\n", f);
    if (fl->reached) {
        fprintf(f, "  %-22s", "conversion");
        if (isnan(fl->conversion)) fputs("-", f);
        else fprintf(f, "%.2f%%", fl->conversion);
        fputs("  ", f);
        tstr(f, fl->first_id);
        fprintf(f, " %.0f -> ", fl->first_reach);
        tstr(f, fl->last_id);
        fprintf(f, " %.0f\n", fl->last_reach);
        for (size_t i = 0; i < fl->n_steps; i++) {
            const jmap_stat_flow_step *s = &fl->steps[i];
            fprintf(f, "  %-22s", i ? "" : "loss at each step");
            if (isnan(s->loss)) fputs("-", f);
            else fprintf(f, "%.2f%%", s->loss);
            fputs("  ", f);
            tstr(f, s->from_id);
            fputs(" -> ", f);
            tstr(f, s->to_id);
            fputs((long)i == fl->largest ? "  (largest)\n" : "\n", f);
        }
    }
    if (fl->timed) {
        fprintf(f, "  %-22s", "active time");
        tspan(f, fl->active);
        fprintf(f, "\n  %-22s", "waiting time");
        tspan(f, fl->waiting);
        if (!isnan(fl->waiting_share)) fprintf(f, "  (%.1f%% of the time)", fl->waiting_share);
        fputc('\n', f);
    }
    for (size_t i = 0; i < fl->n_fails; i++) {
        fprintf(f, "  %-22s", i ? "" : "fail points");
        tstr(f, fl->fails[i].touchpoint_id);
        if (fl->fails[i].item) {
            fputs(" / ", f);
            tstr(f, fl->fails[i].item);
        }
        fputs(": ", f);
        tstr(f, fl->fails[i].text);
        fputc('\n', f);
    }
}
