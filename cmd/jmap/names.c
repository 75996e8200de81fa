#include "names.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *cli_numbered(const char *path, size_t k)
{
    const char *dot = strrchr(path, '.'), *slash = strrchr(path, '/');
    if (!dot || (slash && dot < slash)) dot = path + strlen(path);
    size_t need = strlen(path) + 24;
    char *p = malloc(need);
    if (p) snprintf(p, need, "%.*s-%zu%s", (int)(dot - path), path, k, dot);
    return p;
}
