/* --data ID=PATH (data_opt.h). */
#include "data_opt.h"

#include <string.h>

#include "cli.h"
#include "options.h"

int cli_data_option(const char *command, int argc, char **argv, int *i, cli_data *d)
{
    const char *a = argv[*i], *val;
    if (strncmp(a, "--data=", 7) == 0) val = a + 7;
    else if (strcmp(a, "--data") != 0) return CLI_NOT_MINE;
    else if (*i + 1 >= argc) return cli_usage_error(command, "--data needs ID=PATH: a source's id and the file of its rows");
    else val = argv[++*i];
    const char *eq = strchr(val, '=');
    if (!eq || eq == val || !eq[1])
        return cli_usage_error(command, "--data takes ID=PATH (a source's id and the file of its rows), not '%s'", val);
    if (d->n >= CLI_MAX_DATA) return cli_usage_error(command, "--data is given more than %d times", CLI_MAX_DATA);
    d->items[d->n++] = val;
    return 0;
}

const jmap_load_options *cli_data_load(cli_data *d)
{
    if (!d) return NULL;
    jmap_load_options_init(&d->load, sizeof d->load);
    d->load.data = d->items;
    d->load.n_data = d->n;
    return &d->load;
}
