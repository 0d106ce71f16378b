/* daemon.h — unlimited-clusterd's shared state: the one event loop, the
 * targets (servers), the checks in flight and the pieces that drive them.
 * Everything runs on one thread except the DNS worker (dns.c).
 * SPDX-License-Identifier: BSD-3-Clause */
#ifndef UC_DAEMON_H
#define UC_DAEMON_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>

#include "dconf.h"
#include "nodeexp.h"
#include "status.h"
#include "store_probe.h"

#define DAEMON_VERSION "1.0"

/* ---- the event loop ---- */

struct daemon;

/* Every epoll registration's data.ptr points at one of these. */
struct evh {
    void (*fn)(struct daemon *d, struct evh *h, uint32_t events);
};

/* Copies src into dst[size] (cut to fit, always terminated): what
 * snprintf(dst, size, "%s", src) does, for the per-result copies of the
 * hot path, where snprintf cost several times as much. */
static inline void
str_copy(char *dst, size_t size, const char *src)
{
    size_t n = strnlen(src, size - 1);
    memcpy(dst, src, n);
    dst[n] = '\0';
}

int64_t mono_ms(void);
int64_t mono_us(void);
double cpu_seconds(void); /* user + system time of the process */

/* ---- checks ---- */

enum check_kind { CK_TCP, CK_HTTP, CK_ICMP, CK_SCRAPE, CK__MAX };
extern const char *const CHECK_KIND_NAMES[CK__MAX]; /* "tcp" ... */

struct target;

/* A response body being read: kept (keep = 1) up to max bytes; past max
 * the transfer is aborted and capped set. */
struct sink {
    char *body;
    size_t len, cap, max;
    long long bytes;
    int keep, capped;
};

struct check {
    struct evh h; /* TCP socket readiness */
    enum check_kind kind;
    struct target *t;
    uint16_t port;
    int fd;
    int64_t start_us;
    int64_t deadline_ms;
    struct check *prev, *next; /* wait queue or timeout list */
    int listed;                /* 0 none, 1 waiting, 2 timeout list */
    /* HTTP and scrapes */
    void *easy;
    void *connect_to; /* curl_slist for a host name */
    struct sink sink;
    char errbuf[256]; /* CURL_ERROR_SIZE */
    /* ICMP */
    uint16_t seq;
    int icmp_family;
};

/* A doubly linked FIFO of checks. */
struct checkq {
    struct check *head, *tail;
    size_t n;
};
void checkq_push(struct checkq *q, struct check *c);
struct check *checkq_pop(struct checkq *q);
void checkq_remove(struct checkq *q, struct check *c);

/* ---- targets ---- */

/* Counters kept from the last scrape for rates. */
struct prev_raw {
    unsigned have;
    double cpu_idle, cpu_total, rx, tx, time;
    int64_t mono_ms;
};

/* A server's probe settings as the daemon keeps them: store_probe.h's
 * struct probe_settings without the 256-byte path inline (most servers
 * have none; at 10,000 servers every byte of a target is 10 kB). */
struct target_settings {
    int node_port, http_port, http_status, maintenance;
    char http_scheme[8];
    const char *http_path; /* "" or a malloc'd copy */
};

/* One server. Kept small (~900 bytes): the strings that are usually short
 * or empty (address, path, metrics error) are allocated to their size,
 * and the round's record (struct round, 320 bytes) only exists while a
 * round runs. */
struct target {
    long long rid; /* servers.rid, the history's key */
    char id[VALID_ID_MAX + 1];
    char type[16];
    char *host; /* malloc'd */
    uint16_t ports[VALID_PORTS_MAX];
    int nports;
    struct target_settings set;
    uint64_t fp; /* fingerprint of the fields above */
    int local;   /* metrics from /proc */
    int literal; /* host is an IP address */
    struct sockaddr_storage addr;
    socklen_t addrlen;
    int have_addr;
    int64_t dns_wait_since; /* first lookup pending since (ms), 0 none */
    /* schedule */
    int64_t due_ms;
    size_t heap_i; /* SIZE_MAX when not scheduled */
    uint32_t phase_ms;
    /* the round in progress: r from round_start until it is batched */
    int running, pending;
    struct round *r;
    /* status */
    char status[16], db_status[16];
    int fails, oks;
    long long status_since;
    int maint_written; /* "maintenance" state already stored */
    /* metrics */
    struct prev_raw prev;
    double m[PM__MAX];
    long long metrics_at;
    char metrics_source[16];
    const char *metrics_error; /* "" or malloc'd: target_metrics_error */
    long long metrics_logged;  /* metrics_at last sent to the history */
    /* bookkeeping */
    int seen, removed;
    int fresh;            /* added or changed: write its first round at once */
    struct target *hnext; /* hash chain by id */
};

/* ---- pieces (one file each) ---- */

/* targets.c: the table, the schedule heap, reloading from the store. */
struct target *targets_find(struct daemon *d, const char *id);
int targets_reload(struct daemon *d, int first);
void targets_free_all(struct daemon *d);
void sched_put(struct daemon *d, struct target *t, int64_t due_ms);
struct target *sched_pop_due(struct daemon *d, int64_t now_ms);
int64_t sched_next_due(struct daemon *d);
void sched_remove(struct daemon *d, struct target *t);
void sched_rephase(struct daemon *d);
int64_t sched_aligned(const struct daemon *d, const struct target *t,
                      int64_t now);
uint32_t target_phase(const char *id, uint32_t interval_ms);
void target_release(struct daemon *d, struct target *t);
/* Sets (NULL or "" clears) the target's metrics error, at most
 * PROBE_ERROR_MAX bytes. */
void target_metrics_error(struct target *t, const char *msg);
/* The round record of t, allocated when missing (NULL: out of memory);
 * round_free gives it back once the round is batched. */
struct round *round_get(struct daemon *d, struct target *t);
void round_free(struct daemon *d, struct target *t);

/* round.c: starting a target's checks and collecting their results. */
void round_start(struct daemon *d, struct target *t);
void check_done(struct daemon *d, struct check *c, int ok, double ms,
                const char *err);
void checks_pump(struct daemon *d);

/* tcp.c */
void tcp_start(struct daemon *d, struct check *c);
void tcp_expire(struct daemon *d, int64_t now_ms);
int64_t tcp_next_deadline(struct daemon *d);

/* icmp.c */
int icmp_open(struct daemon *d);
void icmp_close(struct daemon *d);
void icmp_start(struct daemon *d, struct check *c);
void icmp_expire(struct daemon *d, int64_t now_ms);
int64_t icmp_next_deadline(struct daemon *d);

/* curlm.c: the libcurl multi handle on our epoll. Curl sockets are
 * registered with data.u64 = CURL_TAG | fd. */
#define CURL_TAG (1ULL << 63)
int curlm_open(struct daemon *d);
void curlm_event(struct daemon *d, int fd, uint32_t events);
void curlm_close(struct daemon *d);
int curlm_add(struct daemon *d, void *easy);
void curlm_timeout(struct daemon *d, int64_t now_ms);
int64_t curlm_next_deadline(struct daemon *d);

/* http.c: the HTTP check and the node_exporter scrape. */
void http_start(struct daemon *d, struct check *c);
void scrape_start(struct daemon *d, struct check *c);
void http_easy_done(struct daemon *d, void *easy, int curl_code);
void http_abort_all(struct daemon *d);
void http_pool_free(void);
/* Options every transfer shares (protocols, no redirects, no proxy, no
 * DNS cache, timeouts, the body cap through s). 0, or -1 when libcurl
 * refuses one (too old: CURLOPT_PROTOCOLS_STR needs 7.85). */
int http_easy_setup(void *easy, const struct dconf *cf, const char *url,
                    long timeout_ms, struct sink *s, char *errbuf);
void sink_free(struct sink *s);
int http_check_url(const struct dconf *cf, const char *url, int verbose);
int http_url(const struct target *t, const struct dconf *cf, char *out,
             size_t outlen, int *expect);

/* prom.c: metrics from a Prometheus server. */
void prom_tick(struct daemon *d, int64_t now_ms);
void prom_easy_done(struct daemon *d, void *easy, int curl_code);
void prom_reset(struct daemon *d);
int prom_owns(struct daemon *d, void *easy);
void prom_abort_all(struct daemon *d);
int prom_busy(struct daemon *d);
int prom_open(struct daemon *d);
void prom_close(struct daemon *d);

/* dns.c: names resolved off the loop, cached. */
int dns_open(struct daemon *d);
void dns_close(struct daemon *d);
/* 1 address copied, 0 pending (ask again later), -1 failed (why in err). */
int dns_lookup(struct daemon *d, const char *host, struct sockaddr_storage *ss,
               socklen_t *len, char *err, size_t errlen);

/* flush.c: writing a batch of results, counters and history. */
int batch_add(struct daemon *d, struct target *t, const char *status_write,
              int clear);
int flush_all(struct daemon *d);
void counters_add(struct daemon *d, enum check_kind k, int failed, double ms);
int hist_open_d(struct daemon *d);
void hist_close_d(struct daemon *d);
void hist_tick(struct daemon *d, int64_t now_ms);

/* metrics.c: local /proc and scraped text into a target's metrics. */
void metrics_from_raw(struct target *t, const struct nodeexp_raw *raw,
                      const char *source);
void metrics_local(struct daemon *d, struct target *t);

/* ---- the daemon ---- */

struct counters {
    double probes[CK__MAX], failures[CK__MAX], seconds[CK__MAX];
    double rounds, overruns, flushes, flush_failures, flush_seconds;
    double dns_failures, prom_queries, prom_failures, status_changes;
    double hist_series, hist_memory, hist_disk, hist_appended, hist_dropped;
};

struct batch_entry;
struct hist_ctx;

struct daemon {
    struct dconf cf;
    struct store *st;
    int epfd;
    int stop;
    int stopping; /* shutting down: results are no longer recorded */
    int once;
    int reload_cf;
    /* targets */
    struct target **tab; /* hash by id */
    size_t tabsize, ntargets;
    struct target **heap;
    size_t nheap, heapcap;
    long long data_version;
    /* checks */
    struct checkq wait_sock, wait_curl; /* not started yet */
    struct checkq tcp_live, icmp_live;  /* started, by deadline */
    struct checkq curl_live;            /* transfers running */
    size_t inflight_sock, inflight_curl;
    struct check *free_checks;
    /* round bookkeeping for --once */
    size_t rounds_running;
    /* icmp */
    int icmp_fd[2]; /* v4, v6 */
    struct evh icmp_h[2];
    char icmp_mode[160];
    uint16_t icmp_ident, icmp_seq;
    struct check **icmp_slot; /* by seq */
    /* curl */
    void *multi;
    int64_t curl_deadline_ms; /* -1 none */
    /* dns */
    struct dns *dns;
    /* prometheus */
    struct prom *prom;
    /* results not yet written */
    struct batch_entry *batch;
    size_t nbatch, batchcap;
    struct hist_ctx *hist;
    struct counters cnt;
    int counters_dirty;
    int64_t round_t0_us, round_t1_us; /* --once: first start, last end */
    double round_cpu0, round_cpu1;    /* and the process CPU seconds */
    int flush_soon; /* a status changed or a new server was probed */
    int64_t last_flush_ms;
    long long started;
    int64_t last_tick_ms;
    /* log throttle */
    int transitions_logged;
    int transitions_dropped;
    /* alert rules (alerts.c, docs/alerts.md): alerts_init at start,
     * alerts_sample per written round and alerts_flush after each batch
     * (flush.c), alerts_close at the end; NULL when off */
    struct alerts *alerts;
};
struct alerts;
int alerts_init(struct daemon *d);
void alerts_sample(struct daemon *d, const struct probe_current *c);
void alerts_flush(struct daemon *d);
void alerts_close(struct daemon *d);

/* Logs a status change (at most a few per second; the rest counted). */
void log_transition(struct daemon *d, const struct target *t, const char *from,
                    const char *to);

#endif
