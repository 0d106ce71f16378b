/* alerts_bench.c — the cost of alert evaluation at scale (bench/alerts.sh
 * builds and runs it): an estate of SERVERS servers (web, database,
 * cache, load balancer; every web server connected to a database and a
 * load balancer) in a fresh database, RULES rules over 8 metrics (all,
 * type and region scopes, two forecast rules), loaded the way the daemon
 * loads them (store_alert_load). Then CYCLES cycles of 15 simulated
 * seconds: each second a fifteenth of the servers reports a round (8
 * metrics wandering around 40; 1 % of the servers spend 150 s at 95 and
 * 150 s at 40, so their rules go pending, fire and resolve),
 * which goes through the daemon's path — the server looked up by id,
 * ae_engine_sample, and once a second ae_engine_settle and the
 * transitions written in one write transaction (store_alert_write). The
 * process CPU time (user + system) per cycle divided by 15 s is the
 * share of one core evaluation costs at one sample per server per 15 s.
 * Prints key=value lines.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sqlite3.h>

#include "alert_eval.h"
#include "store_alert_state.h"
#include "store_int.h"

static double
cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static uint32_t seed = 12345;

#define HOT_EVERY 100 /* 1 server in 100 runs hot */

static double
rnd(void) /* [0, 1) */
{
    seed = seed * 1664525u + 1013904223u;
    return (double)(seed >> 8) / (double)(1u << 24);
}

static int
exec(struct store *st, const char *sql)
{
    char *msg = NULL;
    if (sqlite3_exec(st->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        fprintf(stderr, "alerts_bench: %s: %s\n", sql, msg ? msg : "?");
        sqlite3_free(msg);
        return -1;
    }
    return 0;
}

/* The estate and the rules, straight into the tables. */
static int
fill(struct store *st, int n, int nrules)
{
    static const char *const types[] = {
        "web", "web",      "web",      "web",   "web",
        "web", "database", "database", "cache", "loadbalancer"};
    static const char *const regions[] = {"eu", "us", "ap"};
    sqlite3_stmt *s, *c;
    char id[32], peer[32];

    if (exec(st, "BEGIN") < 0)
        return -1;
    if (sqlite3_prepare_v2(st->db,
                           "INSERT INTO servers (id, name, type, ip, region,"
                           " created, updated) VALUES (?1, ?1, ?2, ?3, ?4,"
                           " 1, 1)",
                           -1, &s, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(st->db,
                           "INSERT OR IGNORE INTO connections (from_id, to_id,"
                           " type, created) VALUES (?, ?, ?, 1)",
                           -1, &c, NULL) != SQLITE_OK)
        return -1;
    for (int i = 0; i < n; i++) {
        char ip[32];
        snprintf(id, sizeof id, "srv-%05d", i);
        snprintf(ip, sizeof ip, "10.%d.%d.%d", i >> 16, (i >> 8) & 255,
                 i & 255);
        sqlite3_bind_text(s, 1, id, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(s, 2, types[i % 10], -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 3, ip, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(s, 4, regions[i % 3], -1, SQLITE_STATIC);
        if (sqlite3_step(s) != SQLITE_DONE)
            return -1;
        sqlite3_reset(s);
    }
    /* each web server (i % 10 < 6) uses the database of its block of ten
     * and sits behind its load balancer */
    for (int i = 0; i < n; i++) {
        if (i % 10 >= 6)
            continue;
        int base = i - i % 10;
        for (int k = 0; k < 2; k++) {
            int to = base + (k == 0 ? 6 : 9);
            if (to >= n)
                continue;
            snprintf(id, sizeof id, "srv-%05d", i);
            snprintf(peer, sizeof peer, "srv-%05d", to);
            sqlite3_bind_text(c, 1, id, -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(c, 2, peer, -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(c, 3, k == 0 ? "database" : "http", -1,
                              SQLITE_STATIC);
            if (sqlite3_step(c) != SQLITE_DONE)
                return -1;
            sqlite3_reset(c);
        }
    }
    sqlite3_finalize(s);
    sqlite3_finalize(c);
    /* 3 shipped rules + 17 more over the 8 metrics */
    static const char *const metric[] = {"cpu",     "memory", "disk",
                                         "latency", "up",     "connections",
                                         "net_in",  "load"};
    static const char *const scope[] = {"all", "all", "all", "type", "region"};
    static const char *const scope_v[] = {"", "", "", "web", "eu"};
    sqlite3_stmt *r;
    if (sqlite3_prepare_v2(
            st->db,
            "INSERT INTO rules (name, metric, op, threshold, clear_at, for_s,"
            " hold_s, predict_s, scope, scope_value, created, updated)"
            " VALUES (?, ?, '>', ?, ?, ?, 60, ?, ?, ?, 1, 1)",
            -1, &r, NULL) != SQLITE_OK)
        return -1;
    for (int i = 0; i < nrules - 3; i++) {
        char name[32];
        const char *m = metric[i % 8];
        double thr = strcmp(m, "up") == 0            ? 2 /* never */
                     : strcmp(m, "latency") == 0     ? 400
                     : strcmp(m, "connections") == 0 ? 900
                     : strcmp(m, "net_in") == 0      ? 9e6
                     : strcmp(m, "load") == 0        ? 8
                                                     : 85 + (i % 3) * 3;
        snprintf(name, sizeof name, "bench_%02d", i);
        sqlite3_bind_text(r, 1, name, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(r, 2, m, -1, SQLITE_STATIC);
        sqlite3_bind_double(r, 3, thr);
        sqlite3_bind_double(r, 4, thr * 0.9);
        sqlite3_bind_int(r, 5, 60 + 30 * (i % 4));
        /* two forecast rules: disk and memory within the hour */
        sqlite3_bind_int(r, 6, i == 1 || i == 2 ? 3600 : 0);
        sqlite3_bind_text(r, 7, scope[i % 5], -1, SQLITE_STATIC);
        sqlite3_bind_text(r, 8, scope_v[i % 5], -1, SQLITE_STATIC);
        if (sqlite3_step(r) != SQLITE_DONE)
            return -1;
        sqlite3_reset(r);
    }
    sqlite3_finalize(r);
    return exec(st, "COMMIT");
}

int
main(int argc, char **argv)
{
    const char *dbpath = argc > 1 ? argv[1] : "/tmp/alerts_bench.db";
    int n = argc > 2 ? atoi(argv[2]) : 10000;
    int nrules = argc > 3 ? atoi(argv[3]) : 20;
    int cycles = argc > 4 ? atoi(argv[4]) : 20;
    struct store *st;
    struct err e;
    struct ae_engine en;
    struct alert_topo topo;
    struct alert_overrides ov;

    if (n < 10 || nrules < 3 || cycles < 1) {
        fprintf(stderr, "usage: alerts_bench DB [SERVERS RULES CYCLES]\n");
        return 2;
    }
    remove(dbpath);
    if (store_open(dbpath, &st, &e) < 0 || fill(st, n, nrules) < 0) {
        fprintf(stderr, "alerts_bench: cannot build the estate (%s)\n", e.key);
        return 1;
    }
    alert_overrides_read(&ov, NULL);
    memset(&en, 0, sizeof en);
    en.notify_interval_s = 300;
    int64_t now = 1800000000;
    double c0 = cpu_now();
    if (store_begin(st, 1, &e) < 0 ||
        store_alert_load(st, &ov, &en, &topo, now, 1, &e) < 0 ||
        store_commit(st, &e) < 0) {
        fprintf(stderr, "alerts_bench: load failed (%s)\n", e.key);
        return 1;
    }
    double load_s = cpu_now() - c0;

    /* per server: its id and a state for the random walks */
    double *base = malloc((size_t)n * 8 * sizeof *base);
    char(*ids)[32] = malloc((size_t)n * sizeof *ids);
    if (base == NULL || ids == NULL)
        return 1;
    for (int i = 0; i < n; i++) {
        snprintf(ids[i], sizeof ids[i], "srv-%05d", i);
        for (int m = 0; m < 8; m++)
            base[i * 8 + m] = 35 + 10 * rnd();
    }
    size_t transitions = 0, notified = 0, samples = 0;
    double worst = 0, total = 0, settle_cpu = 0, write_cpu = 0;
    for (int cy = 0; cy < cycles; cy++) {
        double t0 = cpu_now();
        for (int sec = 0; sec < 15; sec++) {
            now++;
            for (int i = sec; i < n; i += 15) {
                double v[AM__COUNT];
                double *b = &base[i * 8];
                /* values wander around 40 (mean-reverting noise); 1 %
                 * of the servers run hot: 10 cycles (150 s) at 95, 10
                 * back at 40, out of step with each other, so their
                 * rules fire and resolve */
                int hot = i % HOT_EVERY == 0;
                int high = (cy + i / HOT_EVERY) % 20 < 10;
                for (int m = 0; m < 8; m++) {
                    b[m] += (40 - b[m]) * 0.05 + (rnd() - 0.5) * 2;
                    if (hot)
                        b[m] = (high ? 95 : 40) + (rnd() - 0.5) * 2;
                }
                v[AM_CPU] = b[0];
                v[AM_MEMORY] = b[1];
                v[AM_DISK] = b[2];
                v[AM_LATENCY] = b[3] * 5;
                v[AM_UP] = 1;
                v[AM_CONNECTIONS] = b[5] * 10;
                v[AM_NET_IN] = b[6] * 1e5;
                v[AM_NET_OUT] = NAN;
                v[AM_LOAD] = b[7] / 10;
                v[AM_UPTIME] = NAN;
                /* the daemon's path: find by id, then step */
                int32_t si = ae_engine_find(&en, ids[i]);
                if (si >= 0)
                    ae_engine_sample(&en, (uint32_t)si, v, now, now, 0, 0);
                samples++;
            }
            double s0 = cpu_now();
            ae_engine_settle(&en, now);
            double s1 = cpu_now();
            settle_cpu += s1 - s0;
            if (en.nout > 0) {
                if (store_begin(st, 1, &e) < 0 ||
                    store_alert_write(st, &en, &e) < 0 ||
                    store_commit(st, &e) < 0) {
                    fprintf(stderr, "alerts_bench: write failed (%s)\n", e.key);
                    return 1;
                }
                store_alert_committed(&en);
                for (size_t k = 0; k < en.nout; k++)
                    notified += en.out[k].notify;
                transitions += en.nout;
                ae_engine_clear_out(&en);
            }
            write_cpu += cpu_now() - s1;
        }
        double dt = cpu_now() - t0;
        if (getenv("VERBOSE") != NULL)
            fprintf(stderr, "cycle %d: %.1f ms CPU, %zu transitions so far\n",
                    cy, dt * 1000, transitions);
        total += dt;
        if (dt > worst)
            worst = dt;
    }
    double mean = total / cycles;
    printf("servers=%d\nrules=%zu\npairs=%zu\nforecast_models=%zu\n", n,
           en.nrules, en.nslots, en.nholts);
    printf("load_cpu_ms=%.1f\n", load_s * 1000);
    printf("cycles=%d\nsamples=%zu\ntransitions=%zu\nnotified=%zu\n", cycles,
           samples, transitions, notified);
    printf("cpu_ms_per_cycle_mean=%.2f\ncpu_ms_per_cycle_worst=%.2f\n",
           mean * 1000, worst * 1000);
    printf("settle_ms_per_cycle=%.2f\nwrite_ms_per_cycle=%.2f\n",
           settle_cpu * 1000 / cycles, write_cpu * 1000 / cycles);
    printf("ns_per_sample=%.0f\n", total / (double)samples * 1e9);
    printf("eval_ms_per_cycle=%.2f\n", (total - write_cpu) * 1000 / cycles);
    printf("write_us_per_transition=%.1f\n",
           transitions ? write_cpu * 1e6 / (double)transitions : 0);
    printf("core_share_percent=%.3f\ncore_share_worst_percent=%.3f\n",
           mean / 15 * 100, worst / 15 * 100);
    ae_engine_free(&en);
    alert_topo_free(&topo);
    free(base);
    free(ids);
    store_close(st);
    remove(dbpath);
    return 0;
}
