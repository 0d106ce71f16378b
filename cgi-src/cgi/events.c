/* events.c — events.cgi: the change journal (store_events.h) for the
 * browser, as Server-Sent Events or, as the fallback, by polling.
 *   GET                 text/event-stream: "hello", then every change
 *                       (id: seq, data: JSON, see events_json.h) within
 *                       ~150 ms of its commit; a comment every hb seconds
 *                       (it also moves the resume point past changes this
 *                       user may not see); ends after ttl seconds (the
 *                       browser reconnects with Last-Event-ID).
 *   GET ?since=N        resume after seq N (or the Last-Event-ID header).
 *   GET ?poll=1&since=N JSON {"events":[...],"last":N,"reset":bool,
 *                       "retry_ms":n} at once (no stream).
 *   ?ttl=1..300 (300), ?hb=1..15 (15): shorter for tests and proxies.
 * After 2 s of silence a bare newline goes out (an empty SSE record,
 * ignored by browsers): the web server only learns that the browser left
 * when it writes, and we only when our write fails, so this frees the
 * stream's slot within seconds of a tab closing.
 * At most EVENTS_PER_USER streams per user at once (miniserv allows 25
 * connections per address): slots are fcntl locks on one file per user
 * under the module's var folder, freed by the kernel whatever happens to
 * the process. One more stream gets 429 and JSON: the client polls.
 * The stream is written straight to stdout (miniserv forwards it line by
 * line); app_run's own response then goes to /dev/null.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "app.h"
#include "events_json.h"
#include "fdio.h"
#include "log.h"
#include "store_events.h"
#include "store_probe.h"

#define EVENTS_PER_USER 4
#define TTL_MAX_S       300  /* stream lifetime */
#define HB_MAX_S        15   /* heartbeat interval */
#define TICK_MS         150  /* how often the journal is looked at */
#define BATCH           500  /* rows read at a time */
#define POLL_MAX        2000 /* events in one poll answer */
#define RETRY_MS        2000 /* the browser's reconnect delay */
#define PROBE_MS        2000 /* silence after which a bare newline is sent */
#define POLL_EVERY_MS   2000 /* what a polling client is told */

static const struct field fields[] = {
    {"poll", 0}, {"since", 0}, {"ttl", 0}, {"hb", 0}};
static const struct page page = {
    .script = "events.cgi",
    .flags = PAGE_API,
    .fields = fields,
    .nfields = sizeof fields / sizeof fields[0],
};

/* A decimal number 0..max from text (NULL/"" -> *out unchanged, 0). */
static int
number(const char *field, const char *s, long long min, long long max,
       long long *out, struct err *e)
{
    long long v = 0;
    size_t i = 0;

    if (s == NULL || s[0] == '\0')
        return 0;
    for (; s[i] != '\0'; i++) {
        if (s[i] < '0' || s[i] > '9' || i >= 18)
            return err_set(e, ERR_INVALID, field, "err_bad_number", NULL, NULL);
        v = v * 10 + (s[i] - '0');
    }
    if (v < min || v > max) {
        char lo[24], hi[24];
        snprintf(lo, sizeof lo, "%lld", min);
        snprintf(hi, sizeof hi, "%lld", max);
        return err_set(e, ERR_INVALID, field, "err_out_of_range", lo, hi);
    }
    *out = v;
    return 0;
}

static long long
now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void
sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
        ;
}

/* ---- output ---- */

static int
dump_cb(const char *buffer, size_t size, void *data)
{
    return buf_addn(data, buffer, size);
}

/* "id: N\ndata: {...}\n\n" for one event (its JSON on one line). */
static int
sse_event(struct buf *b, long long id, json_t *v)
{
    if (id > 0 && buf_addf(b, "id: %lld\n", id) < 0)
        return -1;
    if (buf_add(b, "data: ") < 0 ||
        json_dump_callback(v, dump_cb, b, JSON_COMPACT) < 0)
        return -1;
    return buf_add(b, "\n\n");
}

/* ---- reading the journal ---- */

struct reader {
    struct store *st;
    struct buf *out;
    json_t *list;   /* poll mode: the events; else NULL (SSE into out) */
    long long sent; /* seq of the last event written */
    struct err *e;
};

static int
one_event(void *ctx, const struct store_event *ev)
{
    struct reader *r = ctx;
    json_t *v = NULL;

    if (events_json(r->st, ev, &v, r->e) < 0)
        return -1;
    if (v == NULL)
        return 0;
    int rc = r->list != NULL ? json_array_append_new(r->list, v)
                             : sse_event(r->out, ev->seq, v);
    if (r->list == NULL)
        json_decref(v);
    if (rc < 0)
        return err_set(r->e, ERR_INTERNAL, "", "err_internal", NULL, NULL);
    r->sent = ev->seq;
    return 0;
}

/* Where a reader starts: after since, or at the newest event when since
 * is -1 (nothing given) or cannot be resumed (*reset = 1). */
static int
start_point(struct store *st, long long since, long long *from, int *reset,
            struct err *e)
{
    long long oldest, newest;

    *reset = 0;
    if (store_events_bounds(st, &oldest, &newest, e) < 0)
        return -1;
    if (since < 0) {
        *from = newest;
    } else if (store_events_gap(since, oldest, newest)) {
        *from = newest;
        *reset = 1;
    } else {
        *from = since;
    }
    return 0;
}

/* ---- poll mode: one JSON answer ---- */

static int
poll_answer(struct app *a, long long since, struct err *e)
{
    struct reader r = {.st = a->st, .out = &a->out, .e = e};
    long long from, last;
    int reset;

    if (start_point(a->st, since, &from, &reset, e) < 0)
        return -1;
    if ((r.list = json_array()) == NULL)
        return err_set(e, ERR_INTERNAL, "", "err_internal", NULL, NULL);
    last = from;
    /* Only when resuming: a first poll just learns where the journal is. */
    if (since >= 0 && !reset) {
        while (json_array_size(r.list) < POLL_MAX) {
            long long prev = last;
            if (store_events_read(a->st, prev, BATCH, one_event, &r, &last,
                                  e) != 0) {
                json_decref(r.list);
                return -1;
            }
            if (last == prev)
                break;
        }
    }
    json_t *doc =
        json_pack("{s:o, s:I, s:b, s:i}", "events", r.list, "last",
                  (json_int_t)last, "reset", reset, "retry_ms", POLL_EVERY_MS);
    int rc = doc == NULL ||
             json_dump_callback(doc, dump_cb, &a->out, JSON_COMPACT) < 0;
    json_decref(doc);
    if (rc)
        return err_set(e, ERR_INTERNAL, "", "err_internal", NULL, NULL);
    return 0;
}

/* ---- the per-user cap ---- */

/* Takes one of the user's stream slots: a write lock on byte i of
 * <var>/events-<user>.lock. Returns the open fd (keep it open: closing
 * any fd of the file frees the lock), -2 when every slot is taken, -1 on
 * failure (logged). */
static int
take_slot(const struct app *a)
{
    char name[200], path[1400];
    size_t n = 0;
    const char *u = a->user ? a->user : "";

    for (; *u && n + 4 < sizeof name; u++) {
        unsigned char c = (unsigned char)*u;
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
            (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.')
            name[n++] = (char)c;
        else
            n += (size_t)snprintf(name + n, sizeof name - n, "%%%02X", c);
    }
    name[n] = '\0';
    snprintf(path, sizeof path, "%s/events-%s.lock", a->var_dir, name);
    int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0) {
        log_msg("events: cannot open %s: %s", path, strerror(errno));
        return -1;
    }
    for (int i = 0; i < EVENTS_PER_USER; i++) {
        struct flock fl = {
            .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = i, .l_len = 1};
        if (fcntl(fd, F_SETLK, &fl) == 0)
            return fd;
    }
    close(fd);
    return -2;
}

static int
too_many(struct app *a, struct err *e)
{
    char max[8];
    struct buf msg;
    snprintf(max, sizeof max, "%d", EVENTS_PER_USER);
    buf_init(&msg, 1024);
    lang_plain(&msg, &a->lang, "events_err_too_many", max, NULL);
    json_t *doc = json_pack(
        "{s:{s:s, s:s, s:s, s:s}, s:s, s:i}", "error", "code", "too_many",
        "field", "", "message", buf_cstr(&msg), "key", "events_err_too_many",
        "poll", "events.cgi?poll=1", "retry_ms", POLL_EVERY_MS);
    buf_free(&msg);
    int rc = doc == NULL ||
             json_dump_callback(doc, dump_cb, &a->out, JSON_COMPACT) < 0;
    json_decref(doc);
    if (rc)
        return err_set(e, ERR_INTERNAL, "", "err_internal", NULL, NULL);
    a->status = 429;
    app_header(a, "Retry-After", "60");
    return 0;
}

/* ---- the stream ---- */

struct stream {
    struct app *a;
    long long cursor; /* the last seq read */
    long long told;   /* the last id the browser was given */
    long long wrote;  /* now_ms() of the last write */
    struct buf out;
};

static int
flush(struct stream *s)
{
    int rc = fd_write_all(STDOUT_FILENO, s->out.p ? s->out.p : "", s->out.len);
    buf_reset(&s->out);
    return rc;
}

/* 1 when the reader of stdout is gone: a pipe whose other end closed
 * polls as POLLERR (lighttpd closes it when the browser leaves; miniserv
 * only notices at our next write, the heartbeat). */
static int
client_gone(void)
{
    struct pollfd p = {.fd = STDOUT_FILENO, .events = 0};
    return poll(&p, 1, 0) > 0 && (p.revents & (POLLERR | POLLHUP)) != 0;
}

/* Reads what is new (in its own short read transaction) into s->out. */
static int
catch_up(struct stream *s, struct err *e)
{
    struct reader r = {.st = s->a->st, .out = &s->out, .e = e};
    int rc = 0;

    if (store_begin(s->a->st, 0, e) < 0)
        return -1;
    for (int round = 0; round < 8 && rc == 0; round++) {
        long long prev = s->cursor;
        r.sent = 0;
        rc = store_events_read(s->a->st, prev, BATCH, one_event, &r, &s->cursor,
                               e);
        if (r.sent > 0)
            s->told = r.sent;
        if (s->cursor == prev)
            break;
    }
    if (rc != 0) {
        store_rollback(s->a->st);
        return -1;
    }
    return store_commit(s->a->st, e);
}

static int
hello(struct stream *s, int reset, int ttl, int hb)
{
    json_t *v = json_pack("{s:s, s:I, s:I, s:i, s:i}", "kind", "hello", "last",
                          (json_int_t)s->cursor, "now", (json_int_t)time(NULL),
                          "ttl", ttl, "hb", hb);
    int rc = v == NULL || buf_addf(&s->out, "retry: %d\n", RETRY_MS) < 0 ||
             sse_event(&s->out, s->cursor, v) < 0;
    json_decref(v);
    if (rc == 0 && reset) {
        v = json_pack("{s:I, s:I, s:s}", "seq", (json_int_t)s->cursor, "at",
                      (json_int_t)time(NULL), "kind", "reset");
        rc = v == NULL || sse_event(&s->out, s->cursor, v) < 0;
        json_decref(v);
    }
    s->told = s->cursor;
    return rc ? -1 : 0;
}

static int
stream_headers(void)
{
    static const char h[] = "Content-type: text/event-stream; charset=UTF-8\r\n"
                            "Cache-Control: no-store\r\n"
                            "X-Accel-Buffering: no\r\n"
                            "X-Content-Type-Options: nosniff\r\n"
                            "X-Frame-Options: SAMEORIGIN\r\n"
                            "Content-Security-Policy: default-src 'none'; "
                            "frame-ancestors 'self'\r\n"
                            "\r\n";
    return fd_write_all(STDOUT_FILENO, h, sizeof h - 1);
}

/* Streams until ttl passes or the client goes. Store failures end the
 * stream (the browser reconnects), they are only logged. */
static void
stream_run(struct stream *s, int reset, int ttl, int hb)
{
    struct err e;
    long long start = now_ms(), next_hb = start + hb * 1000LL;
    long long seen_version = -1;

    err_clear(&e);
    if (stream_headers() < 0 || hello(s, reset, ttl, hb) < 0 || flush(s) < 0)
        return;
    s->wrote = now_ms();
    while (now_ms() - start < ttl * 1000LL) {
        long long v;
        if (store_data_version(s->a->st, &v, &e) < 0) {
            log_msg("events: %s", e.key);
            return;
        }
        if (v != seen_version) {
            seen_version = v;
            if (catch_up(s, &e) < 0) {
                log_msg("events: %s (%s)", e.key, e.arg[0]);
                return;
            }
        }
        if (now_ms() >= next_hb) {
            next_hb += hb * 1000LL;
            /* Also moves the browser's Last-Event-ID past rows it was
             * not shown (an id line with no data dispatches nothing). */
            if (buf_add(&s->out, ": hb\n") < 0 ||
                (s->cursor > s->told &&
                 buf_addf(&s->out, "id: %lld\n", s->cursor) < 0) ||
                buf_add(&s->out, "\n") < 0)
                return;
            s->told = s->cursor > s->told ? s->cursor : s->told;
        }
        if (s->out.len == 0 && now_ms() - s->wrote >= PROBE_MS &&
            buf_add(&s->out, "\n") < 0)
            return;
        if (s->out.len > 0) {
            if (flush(s) < 0)
                return; /* the client went away */
            s->wrote = now_ms();
        }
        if (client_gone())
            return;
        sleep_ms(TICK_MS);
    }
}

static int
sse(struct app *a, long long since, int ttl, int hb, struct err *e)
{
    struct stream s = {.a = a};
    int reset, fd;

    if ((fd = take_slot(a)) == -2)
        return too_many(a, e);
    if (fd < 0)
        return err_set(e, ERR_INTERNAL, "", "err_internal", NULL, NULL);
    if (start_point(a->st, since, &s.cursor, &reset, e) < 0 ||
        store_commit(a->st, e) < 0) {
        close(fd);
        return -1;
    }
    signal(SIGPIPE, SIG_IGN); /* a gone client is a failed write */
    buf_init(&s.out, 64u * 1024 * 1024);
    stream_run(&s, reset, ttl, hb);
    buf_free(&s.out);
    close(fd);
    /* The response was sent; what app_run writes next goes nowhere. */
    int null = open("/dev/null", O_WRONLY | O_CLOEXEC);
    if (null >= 0) {
        dup2(null, STDOUT_FILENO);
        close(null);
    }
    return store_begin(a->st, 0, e); /* app_run commits it */
}

static int
handle(struct app *a, struct err *e)
{
    enum req_method m = req_method_parse(a->env.method);
    long long since = -1, ttl = TTL_MAX_S, hb = HB_MAX_S, poll = 0;
    const char *s = app_param(a, "since");

    if (m != METHOD_GET && m != METHOD_HEAD)
        return err_set(e, ERR_METHOD, "", "events_err_get_only", NULL, NULL);
    if (s == NULL || s[0] == '\0')
        s = getenv("HTTP_LAST_EVENT_ID"); /* not in struct req_env */
    if (number("since", s, 0, 999999999999999999LL, &since, e) < 0 ||
        number("ttl", app_param(a, "ttl"), 1, TTL_MAX_S, &ttl, e) < 0 ||
        number("hb", app_param(a, "hb"), 1, HB_MAX_S, &hb, e) < 0 ||
        number("poll", app_param(a, "poll"), 0, 1, &poll, e) < 0)
        return -1;
    if (poll)
        return poll_answer(a, since, e);
    if (m == METHOD_HEAD) {
        a->content_type = "text/event-stream; charset=UTF-8";
        return 0;
    }
    return sse(a, since, (int)ttl, (int)hb, e);
}

int
main(void)
{
    return app_run(&page, handle);
}
