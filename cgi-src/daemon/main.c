/* main.c — unlimited-clusterd: the monitoring daemon. One process, one
 * epoll loop: it probes every server of the estate (TCP per port, HTTP for
 * web servers and load balancers, ICMP echo, node_exporter metrics or
 * Prometheus), decides their status and writes results once a second.
 * Order of start (slowcgi's): fds 0-2, options, config, daemon or not,
 * pidfile lock, database, signals, loop. SIGHUP reloads the config,
 * SIGTERM stops cleanly (flush, close). docs/monitoring.md explains it.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <curl/curl.h>
#include <sqlite3.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <malloc.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/file.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "daemon.h"
#include "log.h"

int64_t
mono_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

double
cpu_seconds(void)
{
    struct rusage ru;
    if (getrusage(RUSAGE_SELF, &ru) < 0)
        return 0;
    return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
           (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
}

int64_t
mono_ms(void)
{
    return mono_us() / 1000;
}

static void
usage(FILE *f)
{
    fprintf(f,
            "usage: unlimited-clusterd [--config DIR] [--var DIR] [--db PATH]\n"
            "                          [--pidfile PATH] [--foreground] "
            "[--once]\n"
            "       unlimited-clusterd --check URL\n"
            "  --config DIR   Webmin's config folder (WEBMIN_CONFIG, "
            "/etc/webmin)\n"
            "  --var DIR      Webmin's var folder (WEBMIN_VAR, /var/webmin)\n"
            "  --db PATH      the database (default: module config db_path,\n"
            "                 else VAR/modules/unlimited-cluster/cluster.db)\n"
            "  --pidfile PATH (default VAR/modules/unlimited-cluster/"
            "unlimited-clusterd.pid)\n"
            "  --foreground   do not detach (also when run by systemd)\n"
            "  --once         probe every server once, write, exit\n"
            "  --check URL    one HTTP check with the daemon's settings, "
            "printed\n");
}

/* fds 0-2 open (to /dev/null if closed), so no file lands on them. */
static void
sanitize_fds(void)
{
    for (;;) {
        int fd = open("/dev/null", O_RDWR);
        if (fd < 0)
            return;
        if (fd > 2) {
            close(fd);
            return;
        }
    }
}

static int
mkdirs(const char *path)
{
    char p[DCONF_PATH_MAX];
    snprintf(p, sizeof p, "%s", path);
    for (char *s = p + 1; *s; s++) {
        if (*s != '/')
            continue;
        *s = '\0';
        if (mkdir(p, 0700) < 0 && errno != EEXIST)
            return -1;
        *s = '/';
    }
    return mkdir(p, 0700) < 0 && errno != EEXIST ? -1 : 0;
}

/* Takes the pidfile's lock (one daemon per database) and writes our pid;
 * the fd stays open (and locked) until exit. -1 when another holds it. */
static int
pidfile_lock(const char *path)
{
    int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    char buf[32];
    if (fd < 0) {
        log_msg("daemon: cannot open %s: %s", path, strerror(errno));
        fprintf(stderr, "unlimited-clusterd: cannot open %s: %s\n", path,
                strerror(errno));
        return -1;
    }
    if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
        ssize_t n = read(fd, buf, sizeof buf - 1);
        buf[n > 0 ? n : 0] = '\0';
        buf[strcspn(buf, "\n")] = '\0';
        fprintf(stderr, "unlimited-clusterd: already running (pid %s)\n",
                buf[0] ? buf : "?");
        close(fd);
        return -1;
    }
    int n = snprintf(buf, sizeof buf, "%ld\n", (long)getpid());
    if (ftruncate(fd, 0) < 0 || write(fd, buf, (size_t)n) != n)
        log_msg("daemon: cannot write %s", path);
    return fd;
}

/* Detaches; the parent exits when the child reports (through a pipe)
 * that it started, with its status. Returns the write end in the child. */
static int
daemonize(void)
{
    int p[2];
    if (pipe(p) < 0)
        return -1;
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid > 0) {
        char c = 1;
        close(p[1]);
        ssize_t n = read(p[0], &c, 1);
        _exit(n == 1 && c == 0 ? 0 : 1);
    }
    close(p[0]);
    setsid();
    if (chdir("/") < 0)
        return -1;
    return p[1];
}

static void
detach_done(int fd, int ok)
{
    char c = ok ? 0 : 1;
    if (fd < 0)
        return;
    if (write(fd, &c, 1) != 1)
        log_msg("daemon: cannot report start to the parent");
    close(fd);
    if (ok) {
        int null = open("/dev/null", O_RDWR);
        if (null >= 0) {
            dup2(null, 0);
            dup2(null, 1);
            dup2(null, 2);
            if (null > 2)
                close(null);
        }
    }
}

/* ---- state in the database ---- */

static void
state_write(struct daemon *d)
{
    char buf[64], src[600];
    struct err e;
    if (store_begin(d->st, 1, &e) < 0)
        return;
    snprintf(buf, sizeof buf, "%ld", (long)getpid());
    store_daemon_state_set(d->st, "pid", buf, &e);
    snprintf(buf, sizeof buf, "%lld", d->started);
    store_daemon_state_set(d->st, "started", buf, &e);
    store_daemon_state_set(d->st, "stopped", "", &e);
    store_daemon_state_set(d->st, "version", DAEMON_VERSION, &e);
    snprintf(buf, sizeof buf, "%d", d->cf.interval_s);
    store_daemon_state_set(d->st, "interval", buf, &e);
    store_daemon_state_set(d->st, "icmp", d->icmp_mode, &e);
    if (!d->cf.metrics)
        snprintf(src, sizeof src, "off");
    else if (d->cf.prometheus_url[0])
        snprintf(src, sizeof src, "prometheus %s", d->cf.prometheus_url);
    else
        snprintf(src, sizeof src, "node_exporter");
    store_daemon_state_set(d->st, "metrics_source", src, &e);
    snprintf(buf, sizeof buf, "%lld", (long long)time(NULL));
    store_daemon_state_set(d->st, "heartbeat", buf, &e);
    if (store_commit(d->st, &e) < 0)
        store_rollback(d->st);
}

static void
state_stopped(struct daemon *d)
{
    char buf[32];
    struct err e;
    if (store_begin(d->st, 1, &e) < 0)
        return;
    snprintf(buf, sizeof buf, "%lld", (long long)time(NULL));
    store_daemon_state_set(d->st, "stopped", buf, &e);
    store_daemon_state_set(d->st, "pid", "", &e);
    if (store_commit(d->st, &e) < 0)
        store_rollback(d->st);
}

/* ---- signals and config ---- */

static struct evh sig_h;
static int sig_fd = -1;

static void
sig_event(struct daemon *d, struct evh *h, uint32_t events)
{
    struct signalfd_siginfo si;
    (void)h;
    (void)events;
    while (read(sig_fd, &si, sizeof si) == (ssize_t)sizeof si) {
        if (si.ssi_signo == SIGHUP)
            d->reload_cf = 1;
        else
            d->stop = 1;
    }
}

static void
reload_config(struct daemon *d)
{
    struct dconf nc = d->cf;
    struct dconf old = d->cf;

    d->reload_cf = 0;
    dconf_load(&nc);
    if (strcmp(nc.db_path, old.db_path) != 0) {
        log_msg("daemon: db_path changed to %s: restart the daemon to use it",
                nc.db_path);
        snprintf(nc.db_path, sizeof nc.db_path, "%s", old.db_path);
    }
    d->cf = nc;
    if (old.interval_s != nc.interval_s)
        sched_rephase(d);
    if (old.icmp != nc.icmp) {
        icmp_close(d);
        icmp_open(d);
    }
    if (strcmp(old.prometheus_url, nc.prometheus_url) != 0 ||
        old.prometheus_window_s != nc.prometheus_window_s ||
        old.metrics != nc.metrics)
        prom_reset(d);
    if (old.history != nc.history) {
        hist_close_d(d);
        hist_open_d(d);
    }
    state_write(d);
    targets_reload(d, 0);
    log_msg("daemon: configuration reloaded (interval %d s, metrics from %s, "
            "ICMP %s)",
            d->cf.interval_s,
            d->cf.prometheus_url[0] ? d->cf.prometheus_url : "node_exporter",
            d->icmp_mode);
}

/* Keeps the log under 10 MiB: one older file, daemon.log.1. */
static void
log_rotate(const struct daemon *d)
{
    struct stat sb;
    char old[DCONF_PATH_MAX + 4];
    if (stat(d->cf.log_path, &sb) < 0 || sb.st_size < 10 * 1024 * 1024)
        return;
    snprintf(old, sizeof old, "%s.1", d->cf.log_path);
    if (rename(d->cf.log_path, old) == 0)
        log_msg("daemon: log rotated (previous lines in %s)", old);
}

/* Once a second: notice estate edits, metrics from Prometheus, write. */
static void
tick(struct daemon *d, int64_t now)
{
    static int64_t next_rotate;
    long long v;
    struct err e;

    d->last_tick_ms = now;
    if (d->transitions_dropped > 0)
        log_msg("daemon: %d more status changes not logged",
                d->transitions_dropped);
    d->transitions_logged = d->transitions_dropped = 0;
    if (store_data_version(d->st, &v, &e) == 0 && v != d->data_version) {
        d->data_version = v;
        targets_reload(d, 0);
    }
    prom_tick(d, now);
    if (!d->once) /* --once writes its round once, at the end */
        flush_all(d);
    hist_tick(d, now);
    if (now >= next_rotate) {
        next_rotate = now + 60000;
        log_rotate(d);
        /* Give back the free pages inside the heap (a reload, the hourly
         * history seal, a burst of queued checks leave holes that
         * glibc keeps otherwise): RSS stays at what is in use. */
        malloc_trim(0);
    }
}

static int64_t
min_deadline(int64_t a, int64_t b)
{
    if (a < 0)
        return b;
    if (b < 0)
        return a;
    return a < b ? a : b;
}

static int
once_done(struct daemon *d)
{
    return d->nheap == 0 && d->rounds_running == 0 && d->wait_sock.n == 0 &&
           d->wait_curl.n == 0 && !prom_busy(d);
}

static void
loop(struct daemon *d)
{
    struct epoll_event ev[512];

    while (!d->stop && !(d->once && once_done(d))) {
        int64_t now = mono_ms();
        int64_t next = d->last_tick_ms + 1000;
        int busy_queue = (d->wait_sock.n > 0 &&
                          d->inflight_sock < (size_t)d->cf.max_inflight) ||
                         (d->wait_curl.n > 0 &&
                          d->inflight_curl < (size_t)d->cf.http_max_inflight);
        next = min_deadline(next, sched_next_due(d));
        next = min_deadline(next, tcp_next_deadline(d));
        next = min_deadline(next, icmp_next_deadline(d));
        next = min_deadline(next, curlm_next_deadline(d));
        if (d->flush_soon && !d->once)
            next = min_deadline(next, d->last_flush_ms + 100);
        int timeout = busy_queue || next <= now ? 0 : (int)(next - now);
        int n = epoll_wait(d->epfd, ev, 512, timeout);
        if (n < 0 && errno != EINTR) {
            log_msg("daemon: epoll_wait: %s", strerror(errno));
            break;
        }
        for (int i = 0; i < n; i++) {
            if (ev[i].data.u64 & CURL_TAG)
                curlm_event(d, (int)(ev[i].data.u64 & 0xffffffffu),
                            ev[i].events);
            else {
                struct evh *h = ev[i].data.ptr;
                h->fn(d, h, ev[i].events);
            }
        }
        now = mono_ms();
        tcp_expire(d, now);
        icmp_expire(d, now);
        curlm_timeout(d, now);
        /* Start due rounds while the queues are short (bounded memory:
         * the rest stay in the schedule a moment longer). */
        size_t qmax =
            4 * (size_t)(d->cf.max_inflight + d->cf.http_max_inflight);
        struct target *t;
        while (!(d->once && prom_busy(d)) && d->wait_sock.n < qmax &&
               d->wait_curl.n < qmax && (t = sched_pop_due(d, now)) != NULL)
            round_start(d, t);
        checks_pump(d);
        if (d->reload_cf)
            reload_config(d);
        if (now - d->last_tick_ms >= 1000)
            tick(d, now);
        else if (d->flush_soon && !d->once && now - d->last_flush_ms >= 100)
            flush_all(d); /* news (status changes, new servers) go early */
        if (d->once && once_done(d))
            break;
    }
}

/* --once: how long the round took, for benchmarks and the curious. */
static void
once_summary(const struct daemon *d)
{
    double checks = 0, failed = 0;
    double s = (double)(d->round_t1_us - d->round_t0_us) / 1e6;
    for (int k = 0; k < CK__MAX; k++) {
        checks += d->cnt.probes[k];
        failed += d->cnt.failures[k];
    }
    double cpu = d->round_cpu1 - d->round_cpu0;
    log_msg("daemon: one round: %.0f servers, %.0f checks (%.0f failed) in "
            "%.3f s = %.0f checks/s, %.1f us CPU per check",
            d->cnt.rounds, checks, failed, s, s > 0 ? checks / s : 0,
            checks > 0 ? cpu * 1e6 / checks : 0);
}

/* Ends every check still running without recording its round. */
static void
abort_all(struct daemon *d)
{
    struct check *c;
    d->stopping = 1;
    while ((c = checkq_pop(&d->wait_sock)) != NULL)
        check_done(d, c, 0, 0, "stopped");
    while ((c = checkq_pop(&d->wait_curl)) != NULL)
        check_done(d, c, 0, 0, "stopped");
    d->cf.timeout_ms = 0;
    tcp_expire(d, INT64_MAX);
    curlm_close(d);
    icmp_close(d);
    while ((c = d->free_checks) != NULL) {
        d->free_checks = c->next;
        free(c);
    }
}

static void
raise_nofile(struct daemon *d)
{
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) < 0)
        return;
    rl.rlim_cur = rl.rlim_max;
    setrlimit(RLIMIT_NOFILE, &rl);
    getrlimit(RLIMIT_NOFILE, &rl);
    long room = (long)rl.rlim_cur - 64 - 2L * d->cf.http_max_inflight;
    if (room < (long)d->cf.max_inflight) {
        d->cf.max_inflight = room > 16 ? (int)room : 16;
        log_msg("daemon: open file limit %ld: max_inflight lowered to %d",
                (long)rl.rlim_cur, d->cf.max_inflight);
    }
}

/* Everything that needs the database and the loop; 0 or -1 (logged). */
static int
start(struct daemon *d)
{
    struct err e;
    sigset_t set;
    struct epoll_event ev = {.events = EPOLLIN};

    /* SQLite is used from this thread only: no per-call mutexes, no
     * memory statistics (measurably cheaper batch writes). */
    sqlite3_config(SQLITE_CONFIG_MULTITHREAD);
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    /* Robustness (docs/robustness.md): pages check only the header and
     * the schema page on open; the daemon checks the whole file once. */
    if (store_open(d->cf.db_path, &d->st, &e) < 0 ||
        store_check_quick(d->st, &e) < 0) {
        store_close(d->st); /* nothing may be written into a damaged file */
        d->st = NULL;
        log_msg("daemon: cannot open the database %s (%s)", d->cf.db_path,
                e.key);
        fprintf(stderr, "unlimited-clusterd: cannot open the database %s\n",
                d->cf.db_path);
        return -1;
    }
    store_busy_timeout(d->st, 250);
    if ((d->epfd = epoll_create1(EPOLL_CLOEXEC)) < 0)
        return -1;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGHUP);
    sigprocmask(SIG_BLOCK, &set, NULL); /* before any thread starts */
    signal(SIGPIPE, SIG_IGN);
    if ((sig_fd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC)) < 0)
        return -1;
    sig_h.fn = sig_event;
    ev.data.ptr = &sig_h;
    epoll_ctl(d->epfd, EPOLL_CTL_ADD, sig_fd, &ev);
    raise_nofile(d);
    if (dns_open(d) < 0 || curlm_open(d) < 0 || prom_open(d) < 0 ||
        icmp_open(d) < 0 || hist_open_d(d) < 0)
        return -1;
    d->started = (long long)time(NULL);
    store_data_version(d->st, &d->data_version, &e);
    if (targets_reload(d, 1) < 0)
        return -1;
    state_write(d);
    alerts_init(d);
    d->last_tick_ms = mono_ms();
    if (d->once)
        prom_tick(d, d->last_tick_ms);
    return 0;
}

static void
finish(struct daemon *d)
{
    abort_all(d);
    if (d->st != NULL) {
        flush_all(d);
        state_stopped(d);
    }
    alerts_close(d);
    hist_close_d(d);
    prom_close(d);
    dns_close(d);
    targets_free_all(d);
    free(d->batch);
    store_close(d->st);
    if (sig_fd >= 0)
        close(sig_fd);
    if (d->epfd >= 0)
        close(d->epfd);
}

int
main(int argc, char **argv)
{
    static const struct option opts[] = {
        {"config", required_argument, NULL, 'c'},
        {"var", required_argument, NULL, 'v'},
        {"db", required_argument, NULL, 'd'},
        {"pidfile", required_argument, NULL, 'p'},
        {"foreground", no_argument, NULL, 'f'},
        {"once", no_argument, NULL, 'o'},
        {"check", required_argument, NULL, 'k'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    static struct daemon dd;
    struct daemon *d = &dd;
    const char *config = getenv("WEBMIN_CONFIG"), *var = getenv("WEBMIN_VAR");
    const char *pidfile = NULL, *check = NULL;
    int foreground = 0, opt, rc = 1, lockfd, detach_fd = -1;

    sanitize_fds();
    /* One malloc arena: the DNS workers allocate little, and an arena per
     * thread would keep up to 64 MiB of address space and its own free
     * pages each. */
    mallopt(M_ARENA_MAX, 1);
    d->epfd = -1;
    d->icmp_fd[0] = d->icmp_fd[1] = -1;
    while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (opt) {
        case 'c':
            config = optarg;
            break;
        case 'v':
            var = optarg;
            break;
        case 'd':
            snprintf(d->cf.db_opt, sizeof d->cf.db_opt, "%s", optarg);
            break;
        case 'p':
            pidfile = optarg;
            break;
        case 'f':
            foreground = 1;
            break;
        case 'o':
            d->once = 1;
            break;
        case 'k':
            check = optarg;
            break;
        case 'h':
            usage(stdout);
            return 0;
        default:
            usage(stderr);
            return 2;
        }
    }
    if (optind != argc) {
        usage(stderr);
        return 2;
    }
    snprintf(d->cf.config_dir, sizeof d->cf.config_dir, "%s",
             config && *config ? config : "/etc/webmin");
    snprintf(d->cf.var_dir, sizeof d->cf.var_dir, "%s",
             var && *var ? var : "/var/webmin");
    char moddir[DCONF_DIR_MAX + 32];
    snprintf(moddir, sizeof moddir, "%.2047s/modules/unlimited-cluster",
             d->cf.var_dir);
    if (check == NULL && mkdirs(moddir) < 0) {
        fprintf(stderr, "unlimited-clusterd: cannot create %s: %s\n", moddir,
                strerror(errno));
        return 1;
    }
    snprintf(d->cf.log_path, sizeof d->cf.log_path, "%s/daemon.log", moddir);
    snprintf(d->cf.pidfile, sizeof d->cf.pidfile, "%s", pidfile ? pidfile : "");
    if (pidfile == NULL)
        snprintf(d->cf.pidfile, sizeof d->cf.pidfile,
                 "%s/unlimited-clusterd.pid", moddir);
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
        return 1;
    if (check != NULL) {
        dconf_load(&d->cf);
        rc = http_check_url(&d->cf, check, 1);
        curl_global_cleanup();
        return rc;
    }
    log_set_path(d->cf.log_path);
    dconf_load(&d->cf);
    if (!foreground && !d->once && getenv("INVOCATION_ID") == NULL &&
        (detach_fd = daemonize()) < 0) {
        fprintf(stderr, "unlimited-clusterd: cannot detach: %s\n",
                strerror(errno));
        return 1;
    }
    if ((lockfd = pidfile_lock(d->cf.pidfile)) < 0) {
        detach_done(detach_fd, 0);
        return 1;
    }
    log_msg("daemon: starting (version %s, database %s, interval %d s%s)",
            DAEMON_VERSION, d->cf.db_path, d->cf.interval_s,
            d->once ? ", one round" : "");
    if (start(d) < 0) {
        log_msg("daemon: start failed");
        detach_done(detach_fd, 0);
        finish(d);
        goto out;
    }
    detach_done(detach_fd, 1);
    loop(d);
    if (d->once)
        once_summary(d);
    log_msg("daemon: stopping");
    finish(d);
    log_msg("daemon: stopped");
    rc = 0;
out:
    unlink(d->cf.pidfile);
    close(lockfd);
    curl_global_cleanup();
    return rc;
}
