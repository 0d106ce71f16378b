/* test_daemon.c — the monitoring daemon's pure parts: the node_exporter
 * text parser and the metrics from two scrapes, the /proc parsers, the
 * status rules and the config reader. The daemon's sources are compiled
 * in here (they are not in libcluster).
 * SPDX-License-Identifier: BSD-3-Clause */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "../../cgi-src/daemon/dconf.c"
#include "../../cgi-src/daemon/nodeexp.c"
#include "../../cgi-src/daemon/procfs.c"
#include "../../cgi-src/daemon/status.c"
#include "testfs.h"

static int
near(double a, double b, double eps)
{
    double d = a - b;
    return (d < 0 ? -d : d) <= eps;
}

static int
parse(const char *text, struct nodeexp_raw *r)
{
    struct nodeexp_error err;
    return nodeexp_parse(text, strlen(text), r, &err);
}

static const char SCRAPE1[] =
    "# HELP node_cpu_seconds_total Seconds the CPUs spent in each mode.\n"
    "# TYPE node_cpu_seconds_total counter\n"
    "node_cpu_seconds_total{cpu=\"0\",mode=\"idle\"} 100\n"
    "node_cpu_seconds_total{cpu=\"0\",mode=\"user\"} 50\n"
    "node_cpu_seconds_total{cpu=\"1\",mode=\"idle\"} 100\n"
    "node_cpu_seconds_total{cpu=\"1\",mode=\"system\"} 50\n"
    "node_memory_MemTotal_bytes 1000\n"
    "node_memory_MemAvailable_bytes 250\n"
    "node_filesystem_size_bytes{device=\"/dev/vda\",fstype=\"ext4\","
    "mountpoint=\"/\"} 1e+06\n"
    "node_filesystem_avail_bytes{device=\"/dev/vda\",fstype=\"ext4\","
    "mountpoint=\"/\"} 400000\n"
    "node_filesystem_size_bytes{device=\"/dev/vdb\",fstype=\"xfs\","
    "mountpoint=\"/data\"} 1000\n"
    "node_filesystem_avail_bytes{device=\"/dev/vdb\",fstype=\"xfs\","
    "mountpoint=\"/data\"} 100\n"
    "node_filesystem_size_bytes{device=\"tmpfs\",fstype=\"tmpfs\","
    "mountpoint=\"/run\"} 1000\n"
    "node_filesystem_avail_bytes{device=\"tmpfs\",fstype=\"tmpfs\","
    "mountpoint=\"/run\"} 0\n"
    "node_network_receive_bytes_total{device=\"eth0\"} 1000\n"
    "node_network_receive_bytes_total{device=\"lo\"} 999999\n"
    "node_network_receive_bytes_total{device=\"veth12ab\"} 777\n"
    "node_network_transmit_bytes_total{device=\"eth0\"} 2000\n"
    "node_netstat_Tcp_CurrEstab 12\n"
    "node_time_seconds 1000.5\n"
    "node_boot_time_seconds 400.5\n"
    "node_load1 0.5\n"
    "node_load5 0.25\n"
    "node_load15 1.5e-1\n"
    "node_other_metric{a=\"x\"} +Inf\n";

static void
test_parse_keeps_the_host_series(void **state)
{
    struct nodeexp_raw r;
    (void)state;
    assert_int_equal(parse(SCRAPE1, &r), 0);
    assert_true(near(r.v[NX_CPU_TOTAL], 300, 1e-9));
    assert_true(near(r.v[NX_CPU_IDLE], 200, 1e-9));
    assert_true(near(r.v[NX_NET_RX], 1000, 1e-9)); /* lo and veth left out */
    assert_true(near(r.v[NX_NET_TX], 2000, 1e-9));
    assert_true(near(r.v[NX_TCP_ESTAB], 12, 1e-9));
    assert_true(near(r.v[NX_LOAD15], 0.15, 1e-12));
    assert_int_equal(r.nfs, 2); /* tmpfs left out */
    assert_int_equal(r.samples, 23);
}

static void
test_metrics_from_two_scrapes(void **state)
{
    struct nodeexp_raw a, b;
    double m[PM__MAX];
    char text[4096];
    (void)state;
    assert_int_equal(parse(SCRAPE1, &a), 0);
    /* 10 s later: 20 CPU-seconds passed, 5 of them idle -> 75 % busy. */
    snprintf(text, sizeof text, "%s",
             "node_cpu_seconds_total{cpu=\"0\",mode=\"idle\"} 102\n"
             "node_cpu_seconds_total{cpu=\"0\",mode=\"user\"} 58\n"
             "node_cpu_seconds_total{cpu=\"1\",mode=\"idle\"} 103\n"
             "node_cpu_seconds_total{cpu=\"1\",mode=\"system\"} 57\n"
             "node_network_receive_bytes_total{device=\"eth0\"} 6000\n"
             "node_network_transmit_bytes_total{device=\"eth0\"} 2500\n"
             "node_time_seconds 1010.5\n");
    assert_int_equal(parse(text, &b), 0);
    nodeexp_metrics(&a, &b, 99 /* our clock: ignored, node_time wins */, m);
    assert_true(near(m[PM_CPU], 75, 1e-9));
    assert_true(near(m[PM_NET_IN], 500, 1e-9));
    assert_true(near(m[PM_NET_OUT], 50, 1e-9));
    /* first scrape alone: gauges, no rates */
    nodeexp_metrics(NULL, &a, 0, m);
    assert_true(isnan(m[PM_CPU]));
    assert_true(isnan(m[PM_NET_IN]));
    assert_true(near(m[PM_MEM], 75, 1e-9));
    assert_true(near(m[PM_DISK], 90, 1e-9)); /* the fullest: /data */
    assert_true(near(m[PM_UPTIME], 600, 1e-9));
    assert_true(near(m[PM_TCP_CONNS], 12, 1e-9));
    assert_true(near(m[PM_LOAD1], 0.5, 1e-12));
    assert_true(near(m[PM_LOAD5], 0.25, 1e-12));
}

/* A counter that went down (reboot) gives no rate, not a negative one. */
static void
test_metrics_counter_reset(void **state)
{
    struct nodeexp_raw a, b;
    double m[PM__MAX];
    (void)state;
    assert_int_equal(
        parse("node_network_receive_bytes_total{device=\"eth0\"} 5000\n", &a),
        0);
    assert_int_equal(
        parse("node_network_receive_bytes_total{device=\"eth0\"} 10\n", &b), 0);
    nodeexp_metrics(&a, &b, 10, m);
    assert_true(isnan(m[PM_NET_IN]));
    nodeexp_metrics(&b, &a, 10, m);
    assert_true(near(m[PM_NET_IN], 499, 1e-9)); /* our clock when no time */
}

static void
test_parse_accepts_format_details(void **state)
{
    struct nodeexp_raw r;
    (void)state;
    assert_int_equal(parse("", &r), 0);
    assert_int_equal(parse("\n\n   \n", &r), 0);
    assert_int_equal(parse("# any comment at all\n", &r), 0);
    assert_int_equal(parse("# HELP x with \\\\ and \\n escapes\n", &r), 0);
    assert_int_equal(parse("# TYPE x untyped\n", &r), 0);
    assert_int_equal(parse("x 1 1700000000000\n", &r), 0);
    assert_int_equal(parse("x{} 1\n", &r), 0);
    assert_int_equal(parse("x{a=\"1\",} -2.5e-3\n", &r), 0);
    assert_int_equal(parse("x { a = \"q\\\"\\\\\\n\" } NaN\n", &r), 0);
    assert_int_equal(parse("x\t-Inf\n", &r), 0);
    assert_int_equal(parse("ns:x_y 1", &r), 0); /* no final newline */
    assert_int_equal(parse("node_load1{a=\"\xc3\xa9t\xc3\xa9\"} 2\n", &r), 0);
    assert_true(near(r.v[NX_LOAD1], 2, 0));
}

static void
test_parse_rejects_malformed(void **state)
{
    static const char *const bad[] = {
        "x\n",                       /* no value */
        "x 1 2 3\n",                 /* too many fields */
        "1x 1\n",                    /* name starts with a digit */
        "x{a=1} 1\n",                /* unquoted label value */
        "x{a=\"1\" 1\n",             /* unterminated labels */
        "x{a=\"1} 1\n",              /* unterminated value */
        "x{a=\"\\t\"} 1\n",          /* unknown escape */
        "x{1a=\"1\"} 1\n",           /* bad label name */
        "x{a:b=\"1\"} 1\n",          /* ':' not in label names */
        "x 0x10\n",                  /* hex */
        "x 1e\n",                    /* empty exponent */
        "x infinity\n",              /* not Go's spelling */
        "x 1 12.5\n",                /* timestamp not an integer */
        "x 1\r\n",                   /* CR */
        "# TYPE x gaugex\n",         /* unknown type */
        "# TYPE x\n",                /* no type */
        "# TYPE 1x counter\n",       /* bad name */
        "# HELP x bad \\t escape\n", /* unknown escape */
        "x{a=\"\xff\"} 1\n",         /* not UTF-8 */
        "x1\n",                      /* no blank */
    };
    struct nodeexp_raw r;
    struct nodeexp_error err;
    (void)state;
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        if (nodeexp_parse(bad[i], strlen(bad[i]), &r, &err) != -1)
            fail_msg("accepted: %s", bad[i]);
        assert_int_equal(err.line, strchr(bad[i], '\r') ? 0 : 1);
        assert_non_null(err.what);
    }
    /* NUL inside the buffer */
    assert_int_equal(nodeexp_parse("x 1\0y 2\n", 8, &r, &err), -1);
    /* the line number of the first bad line */
    assert_int_equal(parse("a 1\nb 2\n\nc\n", &r), -1);
    assert_int_equal(nodeexp_parse("a 1\nb 2\n\nc\n", 10, &r, &err), -1);
    assert_int_equal(err.line, 4);
}

/* The real thing: node_exporter 1.5's output shape (a few lines). */
static void
test_parse_node_exporter_sample(void **state)
{
    const char *text =
        "# HELP go_gc_duration_seconds A summary of the pause duration.\n"
        "# TYPE go_gc_duration_seconds summary\n"
        "go_gc_duration_seconds{quantile=\"0\"} 2.3e-05\n"
        "go_gc_duration_seconds_sum 0.000348\n"
        "go_gc_duration_seconds_count 9\n"
        "# HELP node_uname_info Labeled system information.\n"
        "# TYPE node_uname_info gauge\n"
        "node_uname_info{domainname=\"(none)\",machine=\"x86_64\","
        "nodename=\"vm\",release=\"6.1.0\",sysname=\"Linux\","
        "version=\"#1 SMP PREEMPT_DYNAMIC Debian 6.1.55-1 (2023-09-29)\"} 1\n"
        "node_boot_time_seconds 1.795932057e+09\n"
        "node_time_seconds 1.795939865530704e+09\n";
    struct nodeexp_raw r;
    double m[PM__MAX];
    (void)state;
    assert_int_equal(parse(text, &r), 0);
    nodeexp_metrics(NULL, &r, 0, m);
    assert_true(near(m[PM_UPTIME], 7808.530704, 1e-3));
}

static void
test_skip_lists(void **state)
{
    (void)state;
    assert_true(nodeexp_net_skipped("lo", 2));
    assert_false(nodeexp_net_skipped("lo0", 3));
    assert_true(nodeexp_net_skipped("docker0", 7));
    assert_true(nodeexp_net_skipped("br-1234", 7));
    assert_false(nodeexp_net_skipped("eth0", 4));
    assert_false(nodeexp_net_skipped("enp3s0", 6));
    assert_true(nodeexp_fs_skipped("tmpfs", 5));
    assert_true(nodeexp_fs_skipped("overlay", 7));
    assert_false(nodeexp_fs_skipped("ext4", 4));
    assert_false(nodeexp_fs_skipped("tmpfsx", 6));
}

/* ---- /proc ---- */

static void
test_procfs_parsers(void **state)
{
    struct nodeexp_raw r;
    const char *stat = "cpu  100 10 50 800 20 0 5 15 7 0\n"
                       "cpu0 50 5 25 400 10 0 2 8 3 0\n";
    const char *mem = "MemTotal:       1000 kB\n"
                      "MemFree:         100 kB\n"
                      "MemAvailable:    250 kB\n";
    const char *dev = "Inter-|   Receive  |  Transmit\n"
                      " face |bytes packets errs drop fifo frame compressed "
                      "multicast|bytes ...\n"
                      "    lo: 5000 1 0 0 0 0 0 0 5000 1 0 0 0 0 0 0\n"
                      "  eth0: 1200 3 0 0 0 0 0 0 3400 4 0 0 0 0 0 0\n"
                      "docker0: 99 1 0 0 0 0 0 0 99 1 0 0 0 0 0 0\n";
    const char *snmp = "Ip: Forwarding DefaultTTL\nIp: 1 64\n"
                       "Tcp: RtoAlgorithm RtoMin RtoMax MaxConn ActiveOpens "
                       "PassiveOpens AttemptFails EstabResets CurrEstab\n"
                       "Tcp: 1 200 120000 -1 5 6 7 8 42\n";
    (void)state;
    memset(&r, 0, sizeof r);
    assert_int_equal(procfs_parse_stat(stat, strlen(stat), 100, &r), 0);
    assert_true(near(r.v[NX_CPU_TOTAL], 10.0, 1e-9)); /* 8 modes, no guest */
    assert_true(near(r.v[NX_CPU_IDLE], 8.0, 1e-9));
    assert_int_equal(procfs_parse_meminfo(mem, strlen(mem), &r), 0);
    assert_true(near(r.v[NX_MEM_TOTAL], 1024000, 1e-9));
    assert_true(near(r.v[NX_MEM_AVAIL], 256000, 1e-9));
    assert_int_equal(procfs_parse_netdev(dev, strlen(dev), &r), 0);
    assert_true(near(r.v[NX_NET_RX], 1200, 1e-9));
    assert_true(near(r.v[NX_NET_TX], 3400, 1e-9));
    assert_int_equal(procfs_parse_snmp(snmp, strlen(snmp), &r), 0);
    assert_true(near(r.v[NX_TCP_ESTAB], 42, 1e-9));
    assert_int_equal(
        procfs_parse_loadavg("0.83 1.19 0.80 2/345 6789\n", 26, &r), 0);
    assert_true(near(r.v[NX_LOAD5], 1.19, 1e-12));
    assert_int_equal(procfs_parse_stat("intr 1 2\n", 9, 100, &r), -1);
    assert_int_equal(procfs_parse_meminfo("MemTotal: x kB\n", 15, &r), -1);
    assert_int_equal(procfs_parse_loadavg("abc", 3, &r), -1);
}

static void
test_procfs_read_this_machine(void **state)
{
    struct nodeexp_raw r;
    double m[PM__MAX];
    char err[64];
    (void)state;
    assert_int_equal(procfs_read(&r, err, sizeof err), 0);
    nodeexp_metrics(NULL, &r, 0, m);
    assert_true(m[PM_MEM] > 0 && m[PM_MEM] < 100);
    assert_true(m[PM_UPTIME] > 0);
    assert_true(m[PM_LOAD1] >= 0);
    assert_true(r.have & (1u << NX_CPU_TOTAL));
}

static void
test_is_local(void **state)
{
    char name[256];
    (void)state;
    assert_true(procfs_is_local("127.0.0.1"));
    assert_true(procfs_is_local("::1"));
    assert_true(procfs_is_local("LocalHost"));
    assert_false(procfs_is_local("127.0.0.2"));
    assert_false(procfs_is_local("10.0.0.1"));
    assert_int_equal(gethostname(name, sizeof name), 0);
    assert_true(procfs_is_local(name));
}

/* ---- status rules ---- */

static void
test_round_result(void **state)
{
    struct round r;
    (void)state;
    memset(&r, 0, sizeof r);
    assert_int_equal(round_result(&r, 500), RR_NONE);
    r.checks = 3;
    assert_int_equal(round_result(&r, 500), RR_OK);
    r.latency_max_ms = 501;
    assert_int_equal(round_result(&r, 500), RR_DEGRADED);
    r.latency_max_ms = 1;
    r.failed = 1;
    assert_int_equal(round_result(&r, 500), RR_DEGRADED);
    r.failed = 3;
    assert_int_equal(round_result(&r, 500), RR_FAIL);
}

static void
test_status_needs_n_failures_and_m_successes(void **state)
{
    int fails = 0, oks = 0;
    const char *s = "unknown";
    (void)state;
    s = status_next(s, &fails, &oks, RR_OK, 3, 2);
    assert_string_equal(s, "active"); /* a new server: at once */
    s = status_next(s, &fails, &oks, RR_FAIL, 3, 2);
    assert_string_equal(s, "active");
    s = status_next(s, &fails, &oks, RR_FAIL, 3, 2);
    assert_string_equal(s, "active");
    s = status_next(s, &fails, &oks, RR_FAIL, 3, 2);
    assert_string_equal(s, "inactive");
    assert_int_equal(fails, 3);
    s = status_next(s, &fails, &oks, RR_OK, 3, 2);
    assert_string_equal(s, "inactive");
    assert_int_equal(fails, 0);
    s = status_next(s, &fails, &oks, RR_FAIL, 3, 2); /* the count restarts */
    s = status_next(s, &fails, &oks, RR_OK, 3, 2);
    assert_string_equal(s, "inactive");
    s = status_next(s, &fails, &oks, RR_DEGRADED, 3, 2);
    assert_string_equal(s, "warning");
    s = status_next(s, &fails, &oks, RR_OK, 3, 2);
    assert_string_equal(s, "active");
    s = status_next(s, &fails, &oks, RR_NONE, 3, 2);
    assert_string_equal(s, "unknown");
}

static void
test_status_unknown_stays_until_confirmed(void **state)
{
    int fails = 0, oks = 0;
    const char *s = "unknown";
    (void)state;
    s = status_next(s, &fails, &oks, RR_FAIL, 2, 2);
    assert_string_equal(s, "unknown");
    s = status_next(s, &fails, &oks, RR_FAIL, 2, 2);
    assert_string_equal(s, "inactive");
    fails = 0;
    s = status_next("warning", &fails, &oks, RR_FAIL, 2, 2);
    assert_string_equal(s, "warning");
}

/* ---- config ---- */

static void
test_dconf_int(void **state)
{
    long v = 0;
    (void)state;
    assert_int_equal(dconf_int("30", 1, 86400, &v), 0);
    assert_int_equal(v, 30);
    assert_int_equal(dconf_int("0", 1, 10, &v), -1);
    assert_int_equal(dconf_int("-1", -5, 10, &v), -1);
    assert_int_equal(dconf_int("1x", 0, 10, &v), -1);
    assert_int_equal(dconf_int("", 0, 10, &v), -1);
    assert_int_equal(dconf_int("9999999999999", 0, 10, &v), -1);
}

static void
test_dconf_load(void **state)
{
    char dir[64], sub[128];
    struct dconf cf;
    (void)state;
    assert_int_equal(testfs_mkdtemp(dir, sizeof dir, "test_dconf"), 0);
    snprintf(sub, sizeof sub, "%s/unlimited-cluster", dir);
    assert_int_equal(mkdir(sub, 0700), 0);
    testfs_put(sub, "config",
               "check_interval=5\nfail_count=4\nok_count=abc\n"
               "http_path=no-slash\nprometheus_url=http://127.0.0.1:9090/\n"
               "db_path=/tmp/x.db\nhttp_status=42\nicmp=0\n");
    memset(&cf, 0, sizeof cf);
    snprintf(cf.config_dir, sizeof cf.config_dir, "%s", dir);
    snprintf(cf.var_dir, sizeof cf.var_dir, "/var/x");
    assert_int_equal(dconf_load(&cf), 0);
    assert_int_equal(cf.interval_s, 5);
    assert_int_equal(cf.fail_count, 4);
    assert_int_equal(cf.ok_count, 2);       /* bad: default */
    assert_string_equal(cf.http_path, "/"); /* bad: default */
    assert_int_equal(cf.http_status, 0);    /* 42 is no status */
    assert_int_equal(cf.icmp, 0);
    assert_string_equal(cf.prometheus_url, "http://127.0.0.1:9090");
    assert_string_equal(cf.db_path, "/tmp/x.db");
    snprintf(cf.db_opt, sizeof cf.db_opt, "/other.db");
    testfs_put(sub, "config", "prometheus_url=file:///etc/passwd\n");
    assert_int_equal(dconf_load(&cf), 0);
    assert_string_equal(cf.prometheus_url, "");
    assert_string_equal(cf.db_path, "/other.db");
    assert_int_equal(cf.interval_s, 30);
    assert_int_equal(testfs_rmtree(dir), 0);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_keeps_the_host_series),
        cmocka_unit_test(test_metrics_from_two_scrapes),
        cmocka_unit_test(test_metrics_counter_reset),
        cmocka_unit_test(test_parse_accepts_format_details),
        cmocka_unit_test(test_parse_rejects_malformed),
        cmocka_unit_test(test_parse_node_exporter_sample),
        cmocka_unit_test(test_skip_lists),
        cmocka_unit_test(test_procfs_parsers),
        cmocka_unit_test(test_procfs_read_this_machine),
        cmocka_unit_test(test_is_local),
        cmocka_unit_test(test_round_result),
        cmocka_unit_test(test_status_needs_n_failures_and_m_successes),
        cmocka_unit_test(test_status_unknown_stays_until_confirmed),
        cmocka_unit_test(test_dconf_int),
        cmocka_unit_test(test_dconf_load),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
