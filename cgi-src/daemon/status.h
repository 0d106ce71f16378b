/* status.h — how a round of checks becomes a server status (pure
 * functions, unit-tested in tests/unit/test_daemon.c).
 * - A round with no checks (all disabled) leaves the server "unknown".
 * - Every check failed: a failed round. fail_count failed rounds in a row
 *   make the server "inactive"; before that it keeps its status.
 * - Some checks failed, or the slowest successful check took longer than
 *   latency_warn_ms: a degraded round, status "warning".
 * - All checks answered in time: "active".
 * - An inactive server needs ok_count good (or degraded) rounds in a row
 *   before it is active (or warning) again.
 * SPDX-License-Identifier: BSD-3-Clause */
#ifndef UC_STATUS_H
#define UC_STATUS_H

/* What one round collected (round.c fills it). */
struct round {
    int checks, failed;
    double tcp_sum_ms;
    int tcp_ok;
    double http_ms, icmp_ms, latency_max_ms;
    int http_code;
    long long http_bytes;
    char error[256];
};

enum round_result { RR_NONE, RR_OK, RR_DEGRADED, RR_FAIL };

enum round_result round_result(const struct round *r, double warn_ms);

/* The status after a round of result rr, from cur ("unknown", "active",
 * "warning", "inactive"); updates the consecutive counters *fails and
 * *oks. Returns a static string. */
const char *status_next(const char *cur, int *fails, int *oks,
                        enum round_result rr, int fail_count, int ok_count);

#endif
