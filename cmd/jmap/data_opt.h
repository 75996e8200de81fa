/* --data ID=PATH (1.2): every command that reads journeys takes it, as many
 * times as there are sources to replace. */
#ifndef JMAP_CLI_DATA_OPT_H
#define JMAP_CLI_DATA_OPT_H

#include <stddef.h>

#include "jmap/jmap.h"

#define CLI_MAX_DATA 64

typedef struct cli_data {
    const char *items[CLI_MAX_DATA]; /* "ID=PATH", as given */
    size_t n;
    jmap_load_options load;     /* set up by cli_data_load */
} cli_data;

/* --data at argv[*i] (moving *i past its value): 0, a usage error's exit
 * status, or CLI_NOT_MINE (options.h) when it is another option. */
int cli_data_option(const char *command, int argc, char **argv, int *i, cli_data *d);
/* The load options that read the journeys with d's replacements (NULL when
 * d is NULL); d must stay where it is while they are used. */
const jmap_load_options *cli_data_load(cli_data *d);

#endif
