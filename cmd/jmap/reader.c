/* The command line's reader of included files (reader.h). */
#define _DEFAULT_SOURCE /* realpath */
#include "reader.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "io.h"

/* Whether the real path of `path` lies inside the real folder `folder`. */
static int inside(const char *path, const char *folder)
{
    char *rp = realpath(path, NULL), *rf = realpath(folder[0] ? folder : ".", NULL);
    int ok = 0;
    if (rp && rf) {
        size_t n = strlen(rf);
        ok = strncmp(rp, rf, n) == 0 && (rp[n] == '/' || (n == 1 && rf[0] == '/'));
    }
    free(rp);
    free(rf);
    return ok;
}

static int read_one(void *ctx, const char *path, const char *folder, const char **data, size_t *len, char *why,
                    size_t why_size)
{
    (void)ctx;
    struct stat st;
    if (stat(path, &st) != 0) {
        snprintf(why, why_size, "%s", errno == ENOENT ? "no such file" : strerror(errno));
        return -1;
    }
    if (!S_ISREG(st.st_mode)) {
        snprintf(why, why_size, "%s", S_ISDIR(st.st_mode) ? "it is a folder, not a file" : "it is not a regular file");
        return -1;
    }
    if (!inside(path, folder)) {
        snprintf(why, why_size, "it is a symbolic link to a file outside the folder of the file that names it");
        return -1;
    }
    char *buf = NULL;
    int e = cli_read_file(path, JMAP_MAX_INPUT, &buf, len);
    if (e) {
        snprintf(why, why_size, "%s", strerror(e));
        return -1;
    }
    *data = buf;
    return 0;
}

static void release_one(void *ctx, const char *data, size_t len)
{
    (void)ctx;
    (void)len;
    free((char *)data);
}

static const jmap_reader reader = {read_one, release_one, NULL};

const jmap_reader *cli_reader(void) { return &reader; }

jmap_doc *cli_load(const char *data, size_t len, const char *name, int details, const jmap_load_options *data_opt)
{
    jmap_load_request req;
    jmap_load_request_init(&req, sizeof req);
    req.data = data;
    req.len = len;
    req.file = name;
    req.reader = &reader;
    req.check_details = details;
    req.options = data_opt;
    return jmap_load_request_run(&req);
}
