/* jmap watch --serve: the preview page's HTTP server (libmicrohttpd).
 *
 * It serves three things from memory and nothing else: the page (GET /), the
 * last good map (GET /map.svg) and a stream of Server-Sent Events (GET
 * /events) that announces each build. It never opens a file: every byte it
 * sends was handed to it by serve_publish, whole, under a lock, so a reader
 * never sees a map being replaced. Any other path is 404, any other method
 * on these paths 405. */
#ifndef JMAP_CLI_SERVE_H
#define JMAP_CLI_SERVE_H

#include <stdbool.h>
#include <stddef.h>

typedef struct serve serve;

/* Listens on spec, "[HOST:]PORT" (HOST 127.0.0.1 when absent; an IPv6
 * address in brackets; PORT 0 picks a free one) and starts serving. On
 * success returns 0 and writes the page's address ("http://HOST:PORT/") into
 * url. Returns EXIT_USAGE for a spec that is not an address, EXIT_IO when the
 * address cannot be listened on; err then holds the message. */
int serve_start(serve **out, const char *spec, char *url, size_t urlsize, char *err, size_t errsize);

/* Whether spec has the form [HOST:]PORT; for the command line's checks. */
bool serve_spec_valid(const char *spec);

/* Publishes a build: svg (NULL keeps the current map; the bytes are copied)
 * and state, one line of JSON sent to every event stream as it is. Each
 * call is a new version for the pages. */
void serve_publish(serve *s, const char *svg, size_t svg_len, const char *state);

/* Ends every event stream, closes the connections and frees the server. */
void serve_stop(serve *s);

#endif
