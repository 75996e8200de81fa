/* The files an input includes (and the detail maps check reads), read for
 * the library (jmap_reader): regular files only, never through a symbolic
 * link that leads out of the including file's folder. */
#ifndef JMAP_CLI_READER_H
#define JMAP_CLI_READER_H

#include "jmap/jmap.h"

/* The command line's reader; its ctx is unused. */
const jmap_reader *cli_reader(void);

/* jmap_load_request_run over bytes named name, with cli_reader; details:
 * check each `detail` file too; data_opt: where data files are read
 * (--data), NULL: the defaults. NULL when memory runs out. */
jmap_doc *cli_load(const char *data, size_t len, const char *name, int details, const jmap_load_options *data_opt);

#endif
