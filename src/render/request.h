/* What jmap_render is asked: the caller's request and options taken in
 * whatever size the caller was built with, defaults for what it does not
 * know, and every option checked before anything is drawn. */
#ifndef JMAP_RENDER_REQUEST_H
#define JMAP_RENDER_REQUEST_H

#include <stdbool.h>
#include <stddef.h>

#include "jmap/jmap.h"

/* Copies *in into *req and its options into *opt (defaults where in has
 * none), checked; false with a message in err when either cannot be used. */
bool jm_render_request_take(const jmap_render_request *in, jmap_render_request *req, jmap_render_options *opt,
                            char *err, size_t errsize);

#endif
