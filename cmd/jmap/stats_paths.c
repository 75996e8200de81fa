/* jmap stats: the paths part (stats_paths.h). */
#include "stats_paths.h"

#include "diagnostics.h"

static const char *const kind_heads[JMAP_STEP_KIND_COUNT] = {"jumps ahead", "returns", "exits"};
static const char *const kind_keys[JMAP_STEP_KIND_COUNT] = {"jumps", "returns", "exits"};

void cli_stats_paths_json(FILE *f, const jmap_stats *s)
{
    fputs("\"paths\": {", f);
    for (int k = 0; k < JMAP_STEP_KIND_COUNT; k++) fprintf(f, "\"%s\": %zu, ", kind_keys[k], s->steps_of[k]);
    fprintf(f, "\"optional\": %zu, \"steps\": [", s->optional);
    for (size_t i = 0; i < s->n_steps; i++) {
        const jmap_stat_step *st = &s->steps[i];
        fprintf(f, "%s{\"kind\": \"%s\", \"from_id\": ", i ? ", " : "", st->kind_name);
        cli_json_string_or_null(f, st->from_id);
        fputs(", \"from\": ", f);
        cli_json_string_or_null(f, st->from);
        fputs(", \"to_id\": ", f);
        cli_json_string_or_null(f, st->to_id);
        fputs(", \"to\": ", f);
        cli_json_string_or_null(f, st->to);
        fputc('}', f);
    }
    fputs("]}", f);
}

void cli_stats_paths_table(FILE *f, const jmap_stats *s)
{
    if (!s->n_steps && !s->optional) return;
    fputs("\nPaths\n", f);
    for (int k = 0; k < JMAP_STEP_KIND_COUNT; k++) {
        fprintf(f, "  %-22s%zu\n", kind_heads[k], s->steps_of[k]);
        for (size_t i = 0; i < s->n_steps; i++) {
            const jmap_stat_step *st = &s->steps[i];
            if ((int)st->kind != k) continue;
            fputs("    ", f);
            cli_put_shown(f, st->from ? st->from : st->from_id);
            fputs(" -> ", f);
            cli_put_shown(f, st->to ? st->to : st->to_id ? st->to_id : "(leaves)");
            fputc('\n', f);
        }
    }
    fprintf(f, "  %-22s%zu\n", "optional touchpoints", s->optional);
}
