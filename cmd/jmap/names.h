/* Output names the commands share. */
#ifndef JMAP_CLI_NAMES_H
#define JMAP_CLI_NAMES_H

#include <stddef.h>

/* NAME.svg -> NAME-3.svg: the name of journey k of a file of several
 * (build, watch). malloc'd; NULL when out of memory. */
char *cli_numbered(const char *path, size_t k);

#endif
