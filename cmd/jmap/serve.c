/* jmap watch --serve: the preview page's HTTP server, on libmicrohttpd.
 *
 * One thread per connection (MHD_USE_THREAD_PER_CONNECTION): an event
 * stream's thread waits on a condition variable for the next build and
 * writes it; every other request is answered from memory at once. The
 * builds happen in the watch loop's thread, which alone draws (cairo and
 * FreeType are not safe to share between threads); this file only copies
 * bytes it was given. */
#define _GNU_SOURCE
#include "serve.h"

#include <errno.h>
#include <microhttpd.h>
#include <netdb.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

extern const char jmap_watch_page[]; /* src/cli/watch_page.html, embedded */

#define MAX_CONNECTIONS 128
#define IDLE_TIMEOUT 60   /* seconds without traffic before a connection is closed */
#define PING_SECONDS 15   /* an event stream gets a comment this often, to find readers that left */

struct serve {
    struct MHD_Daemon *daemon;
    bool loopback;              /* listening on loopback: requests must name a loopback host */
    pthread_mutex_t lock;
    pthread_cond_t changed;
    char *svg;                  /* the last good map, without its XML declaration; NULL before one */
    size_t svg_len;
    unsigned long map;          /* its version: 0 before the first good map */
    char *event;                /* the last build's "data: ..." event, whole */
    size_t event_len;
    unsigned long version;      /* builds published */
    bool stopping;
};

/* ---- the address ---- */

/* Splits "[HOST:]PORT" into host (NULL: loopback) and port. */
static bool parse_spec(const char *spec, char *host, size_t hostsize, unsigned *port)
{
    const char *colon = strrchr(spec, ':');
    const char *digits = colon ? colon + 1 : spec;
    if (!*digits || strlen(digits) > 5) return false;
    unsigned long v = 0;
    for (const char *p = digits; *p; p++) {
        if (*p < '0' || *p > '9') return false;
        v = v * 10 + (unsigned long)(*p - '0');
    }
    if (v > 65535) return false;
    *port = (unsigned)v;
    host[0] = '\0';
    if (!colon) return true;
    size_t hl = (size_t)(colon - spec);
    if (hl >= 2 && spec[0] == '[' && spec[hl - 1] == ']') { spec++; hl -= 2; } /* [::1]:8080 */
    if (hl == 0 || hl >= hostsize || memchr(spec, '[', hl) || memchr(spec, ']', hl)) return false;
    memcpy(host, spec, hl);
    host[hl] = '\0';
    return true;
}

bool serve_spec_valid(const char *spec)
{
    char host[256];
    unsigned port;
    return parse_spec(spec, host, sizeof host, &port);
}

static bool addr_is_loopback(const struct sockaddr *sa)
{
    if (sa->sa_family == AF_INET)
        return (ntohl(((const struct sockaddr_in *)(const void *)sa)->sin_addr.s_addr) >> 24) == 127;
    if (sa->sa_family == AF_INET6) {
        const struct in6_addr *a = &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr;
        return IN6_IS_ADDR_LOOPBACK(a);
    }
    return false;
}

/* A listening socket on host:port; -1 with a message in err. */
static int listen_on(const char *host, unsigned port, bool *loopback, bool *v6, unsigned *bound, char *err,
                     size_t errsize)
{
    struct addrinfo hints, *res = NULL;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_NUMERICSERV;
    char portstr[8];
    snprintf(portstr, sizeof portstr, "%u", port);
    int g = getaddrinfo(host, portstr, &hints, &res);
    if (g != 0) {
        snprintf(err, errsize, "jmap: cannot listen on '%s': %s\n", host, gai_strerror(g));
        return -1;
    }
    int fd = -1, e = 0;
    for (struct addrinfo *ai = res; ai && fd < 0; ai = ai->ai_next) {
        if (ai->ai_family != AF_INET && ai->ai_family != AF_INET6) continue;
        fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);
        if (fd < 0) { e = errno; continue; }
        int one = 1;
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        if (bind(fd, ai->ai_addr, ai->ai_addrlen) != 0 || listen(fd, 64) != 0) {
            e = errno;
            close(fd);
            fd = -1;
            continue;
        }
        *loopback = addr_is_loopback(ai->ai_addr);
        *v6 = ai->ai_family == AF_INET6;
    }
    freeaddrinfo(res);
    if (fd < 0) {
        snprintf(err, errsize, "jmap: cannot listen on %s port %u: %s\n", host, port, strerror(e ? e : EADDRNOTAVAIL));
        return -1;
    }
    struct sockaddr_storage ss;
    socklen_t sl = sizeof ss;
    *bound = port;
    if (getsockname(fd, (struct sockaddr *)&ss, &sl) == 0)
        *bound = ntohs(ss.ss_family == AF_INET6 ? ((struct sockaddr_in6 *)&ss)->sin6_port
                                                : ((struct sockaddr_in *)&ss)->sin_port);
    return fd;
}

/* ---- answers ---- */

static void common_headers(struct MHD_Response *r)
{
    MHD_add_response_header(r, "Cache-Control", "no-store");
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(r, "X-Frame-Options", "DENY");
}

static enum MHD_Result answer(struct MHD_Connection *c, unsigned status, struct MHD_Response *r)
{
    if (!r) return MHD_NO; /* out of memory: MHD closes the connection */
    common_headers(r);
    enum MHD_Result ret = MHD_queue_response(c, status, r);
    MHD_destroy_response(r);
    return ret;
}

static enum MHD_Result answer_text(struct MHD_Connection *c, unsigned status, const char *text, const char *allow)
{
    struct MHD_Response *r = MHD_create_response_from_buffer(strlen(text), (void *)text, MHD_RESPMEM_PERSISTENT);
    if (r) {
        MHD_add_response_header(r, "Content-Type", "text/plain; charset=utf-8");
        if (allow) MHD_add_response_header(r, "Allow", allow);
    }
    return answer(c, status, r);
}

/* The page, with the current map inline where it says <!--MAP-->. */
static enum MHD_Result answer_page(serve *s, struct MHD_Connection *c)
{
    const char *mark = strstr(jmap_watch_page, "<!--MAP-->");
    size_t head = mark ? (size_t)(mark - jmap_watch_page) : strlen(jmap_watch_page);
    const char *tail = mark ? mark + strlen("<!--MAP-->") : "";
    pthread_mutex_lock(&s->lock);
    char open[80];
    int ol = snprintf(open, sizeof open, "<div id=\"svgbox\" data-map=\"%lu\">", s->map);
    size_t len = head + (size_t)ol + s->svg_len + 6 + strlen(tail);
    char *html = malloc(len + 1);
    if (html) {
        char *p = html;
        memcpy(p, jmap_watch_page, head), p += head;
        memcpy(p, open, (size_t)ol), p += ol;
        if (s->svg_len) memcpy(p, s->svg, s->svg_len), p += s->svg_len;
        memcpy(p, "</div>", 6), p += 6;
        memcpy(p, tail, strlen(tail) + 1);
    }
    pthread_mutex_unlock(&s->lock);
    if (!html) return MHD_NO;
    struct MHD_Response *r = MHD_create_response_from_buffer(len, html, MHD_RESPMEM_MUST_FREE);
    if (!r) { free(html); return MHD_NO; }
    MHD_add_response_header(r, "Content-Type", "text/html; charset=utf-8");
    MHD_add_response_header(r, "Content-Security-Policy",
                            "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
                            "img-src 'self' data:; font-src data:; connect-src 'self'; base-uri 'none'; "
                            "form-action 'none'; frame-ancestors 'none'");
    return answer(c, MHD_HTTP_OK, r);
}

static enum MHD_Result answer_map(serve *s, struct MHD_Connection *c)
{
    pthread_mutex_lock(&s->lock);
    unsigned long map = s->map;
    size_t len = s->svg_len;
    char *copy = map ? malloc(len ? len : 1) : NULL;
    if (copy && len) memcpy(copy, s->svg, len);
    pthread_mutex_unlock(&s->lock);
    if (!map) return answer_text(c, MHD_HTTP_SERVICE_UNAVAILABLE, "no map has been built yet\n", NULL);
    if (!copy) return MHD_NO;
    struct MHD_Response *r = MHD_create_response_from_buffer(len, copy, MHD_RESPMEM_MUST_FREE);
    if (!r) { free(copy); return MHD_NO; }
    char v[24];
    snprintf(v, sizeof v, "%lu", map);
    MHD_add_response_header(r, "Content-Type", "image/svg+xml; charset=utf-8");
    MHD_add_response_header(r, "X-Jmap-Map", v);
    MHD_add_response_header(r, "Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
    return answer(c, MHD_HTTP_OK, r);
}

/* ---- the event stream ---- */

typedef struct stream {
    serve *s;
    unsigned long sent;   /* the version this reader has */
    char *buf;            /* what is being written to it */
    size_t len, pos;
} stream;

static const char ping[] = ": ping\n\n";

static ssize_t stream_read(void *cls, uint64_t offset, char *out, size_t max)
{
    (void)offset;
    stream *st = cls;
    serve *s = st->s;
    if (st->pos == st->len) {
        free(st->buf);
        st->buf = NULL;
        st->len = st->pos = 0;
        pthread_mutex_lock(&s->lock);
        if (!s->stopping && st->sent == s->version) {
            struct timespec until;
            clock_gettime(CLOCK_MONOTONIC, &until);
            until.tv_sec += PING_SECONDS;
            while (!s->stopping && st->sent == s->version)
                if (pthread_cond_timedwait(&s->changed, &s->lock, &until) == ETIMEDOUT) break;
        }
        if (s->stopping) {
            pthread_mutex_unlock(&s->lock);
            return MHD_CONTENT_READER_END_OF_STREAM;
        }
        if (st->sent != s->version && s->event) {
            st->buf = malloc(s->event_len);
            if (st->buf) {
                memcpy(st->buf, s->event, s->event_len);
                st->len = s->event_len;
                st->sent = s->version;
            }
        }
        pthread_mutex_unlock(&s->lock);
        if (!st->buf) { /* nothing new (or no memory): a ping keeps the line and finds readers gone */
            size_t n = sizeof ping - 1 < max ? sizeof ping - 1 : max;
            memcpy(out, ping, n);
            return (ssize_t)n;
        }
    }
    size_t n = st->len - st->pos < max ? st->len - st->pos : max;
    memcpy(out, st->buf + st->pos, n);
    st->pos += n;
    return (ssize_t)n;
}

static void stream_free(void *cls)
{
    stream *st = cls;
    free(st->buf);
    free(st);
}

static enum MHD_Result answer_events(serve *s, struct MHD_Connection *c, bool head)
{
    struct MHD_Response *r;
    if (head) {
        r = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
    } else {
        stream *st = calloc(1, sizeof *st);
        if (!st) return MHD_NO;
        st->s = s;
        r = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 16 * 1024, stream_read, st, stream_free);
        if (!r) { free(st); return MHD_NO; }
    }
    MHD_add_response_header(r, "Content-Type", "text/event-stream; charset=utf-8");
    MHD_add_response_header(r, "X-Accel-Buffering", "no");
    return answer(c, MHD_HTTP_OK, r);
}

/* ---- requests ---- */

/* Listening on loopback, a request must name a loopback host: a web page
 * elsewhere cannot read the map through a DNS name that it points at
 * 127.0.0.1 (DNS rebinding). A request without a Host (HTTP/1.0) is let in. */
static bool host_allowed(struct MHD_Connection *c)
{
    const char *h = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_HOST);
    if (!h) return true;
    size_t n = strlen(h);
    if (h[0] == '[') { /* [::1]:port */
        const char *end = strchr(h, ']');
        n = end ? (size_t)(end - h + 1) : n;
    } else {
        const char *colon = strchr(h, ':');
        if (colon) n = (size_t)(colon - h);
    }
    static const char *const names[] = {"localhost", "[::1]", "127.0.0.1"};
    for (int i = 0; i < 3; i++)
        if (strlen(names[i]) == n && strncasecmp(h, names[i], n) == 0) return true;
    if (n > 4 && strncmp(h, "127.", 4) == 0) {
        for (size_t i = 4; i < n; i++)
            if ((h[i] < '0' || h[i] > '9') && h[i] != '.') return false;
        return true;
    }
    return false;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                                  const char *version, const char *upload_data, size_t *upload_data_size,
                                  void **con_cls)
{
    (void)version, (void)upload_data, (void)con_cls;
    serve *s = cls;
    int what = strcmp(url, "/") == 0 ? 1 : strcmp(url, "/map.svg") == 0 ? 2 : strcmp(url, "/events") == 0 ? 3 : 0;
    bool get = strcmp(method, MHD_HTTP_METHOD_GET) == 0, head = strcmp(method, MHD_HTTP_METHOD_HEAD) == 0;
    /* the body of a request (a POST) is never read: the answer goes first */
    if (upload_data_size) *upload_data_size = 0;
    if (!what) return answer_text(c, MHD_HTTP_NOT_FOUND, "not found\n", NULL);
    if (!get && !head) return answer_text(c, MHD_HTTP_METHOD_NOT_ALLOWED, "method not allowed\n", "GET, HEAD");
    if (s->loopback && !host_allowed(c)) return answer_text(c, MHD_HTTP_FORBIDDEN, "forbidden\n", NULL);
    if (what == 1) return answer_page(s, c);
    if (what == 2) return answer_map(s, c);
    return answer_events(s, c, head);
}

/* URLs are compared as sent, never decoded: the three paths need no escapes,
 * and "/map.svg%00" or "/%2e%2e/" are then other paths (404), not a NUL that
 * ends a C string early or a dot-dot. */
static size_t keep_escapes(void *cls, struct MHD_Connection *c, char *s)
{
    (void)cls, (void)c;
    return strlen(s);
}

/* ---- start, publish, stop ---- */

int serve_start(serve **out, const char *spec, char *url, size_t urlsize, char *err, size_t errsize)
{
    char host[256];
    unsigned port = 0;
    if (!parse_spec(spec, host, sizeof host, &port)) {
        snprintf(err, errsize, "--serve takes [HOST:]PORT (PORT from 0 to 65535; 0 picks a free one), not '%s'", spec);
        return EXIT_USAGE;
    }
    bool given = host[0] != '\0';
    if (!given) strcpy(host, "127.0.0.1");
    bool loopback = false, v6 = false;
    unsigned bound = 0;
    int fd = listen_on(host, port, &loopback, &v6, &bound, err, errsize);
    if (fd < 0) return EXIT_IO;
    serve *s = calloc(1, sizeof *s);
    if (!s) {
        close(fd);
        snprintf(err, errsize, "jmap: out of memory\n");
        return EXIT_IO;
    }
    s->loopback = loopback;
    pthread_mutex_init(&s->lock, NULL);
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&s->changed, &ca);
    pthread_condattr_destroy(&ca);
    unsigned flags = MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_POLL;
    if (v6) flags |= MHD_USE_IPv6;
    s->daemon = MHD_start_daemon(flags, 0, NULL, NULL, on_request, s, MHD_OPTION_LISTEN_SOCKET, fd,
                                 MHD_OPTION_CONNECTION_LIMIT, (unsigned)MAX_CONNECTIONS, MHD_OPTION_CONNECTION_TIMEOUT,
                                 (unsigned)IDLE_TIMEOUT, MHD_OPTION_UNESCAPE_CALLBACK, keep_escapes, NULL,
                                 MHD_OPTION_END);
    if (!s->daemon) {
        close(fd);
        snprintf(err, errsize, "jmap: cannot start the HTTP server on %s port %u\n", host, bound);
        pthread_cond_destroy(&s->changed);
        pthread_mutex_destroy(&s->lock);
        free(s);
        return EXIT_IO;
    }
    bool bracket = strchr(host, ':') != NULL;
    snprintf(url, urlsize, "http://%s%s%s:%u/", bracket ? "[" : "", host, bracket ? "]" : "", bound);
    *out = s;
    return 0;
}

void serve_publish(serve *s, const char *svg, size_t svg_len, const char *state)
{
    char *copy = NULL;
    if (svg) { /* inline in a page: without the XML declaration */
        const char *start = memmem(svg, svg_len, "<svg", 4);
        if (start) {
            svg_len -= (size_t)(start - svg);
            svg = start;
        }
        copy = malloc(svg_len + 1);
        if (!copy) return; /* out of memory: the pages keep the map they have */
        memcpy(copy, svg, svg_len);
        copy[svg_len] = '\0';
    }
    pthread_mutex_lock(&s->lock);
    if (copy) {
        free(s->svg);
        s->svg = copy;
        s->svg_len = svg_len;
        s->map++;
    }
    s->version++;
    size_t need = strlen(state) + 96;
    char *ev = malloc(need);
    if (ev) {
        /* state is one line of JSON: {"version":V,"map":M,"build":STATE} */
        int n = snprintf(ev, need, "retry: 1000\nevent: state\ndata: {\"version\":%lu,\"map\":%lu,\"build\":%s}\n\n",
                         s->version, s->map, state);
        free(s->event);
        s->event = ev;
        s->event_len = n > 0 ? (size_t)n : 0;
    }
    pthread_cond_broadcast(&s->changed);
    pthread_mutex_unlock(&s->lock);
}

void serve_stop(serve *s)
{
    if (!s) return;
    pthread_mutex_lock(&s->lock);
    s->stopping = true;
    pthread_cond_broadcast(&s->changed);
    pthread_mutex_unlock(&s->lock);
    MHD_stop_daemon(s->daemon);
    pthread_cond_destroy(&s->changed);
    pthread_mutex_destroy(&s->lock);
    free(s->svg);
    free(s->event);
    free(s);
}
