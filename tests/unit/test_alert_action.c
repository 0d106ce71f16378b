/* test_alert_action.c — the pure parts of the alert actions: damping,
 * address checks, the command environment, the webhook JSON, the mail
 * message (no header injection), the Module Config keys and the summary.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <jansson.h>

#include "alert_action.h"
#include "alert_action_int.h"

static const char *const DEPS[] = {"web1", "web2", "web3"};

static struct alert_notice
notice(void)
{
    struct alert_notice n = {
        .event = "firing",
        .alert_id = 42,
        .rule = "server_down",
        .metric = "up",
        .op = "<",
        .threshold = 1,
        .value = 0,
        .severity = "critical",
        .server = "db1",
        .server_name = "Database 1",
        .server_ip = "10.0.0.5",
        .server_type = "database",
        .region = "eu-west-1",
        .cluster = "prod",
        .cause = "",
        .dependants = DEPS,
        .ndependants = 3,
        .started = 1795939200, /* 2026-11-29T08:00:00Z */
        .at = 1795939230,
        .predicted = 0,
        .reason = "db1 down for 30 s",
    };
    return n;
}

/* ---- damping ---- */

static void
test_damp_first_notification_always_allowed(void **state)
{
    (void)state;
    assert_int_equal(alert_action_may_notify(0, 1000, 300), 1);
}

static void
test_damp_within_interval_refused(void **state)
{
    (void)state;
    assert_int_equal(alert_action_may_notify(1000, 1001, 300), 0);
    assert_int_equal(alert_action_may_notify(1000, 1299, 300), 0);
    assert_int_equal(alert_action_next_notify(1000, 1100, 300), 1300);
}

static void
test_damp_after_interval_allowed(void **state)
{
    (void)state;
    assert_int_equal(alert_action_may_notify(1000, 1300, 300), 1);
    assert_int_equal(alert_action_may_notify(1000, 5000, 300), 1);
    assert_int_equal(alert_action_next_notify(1000, 1300, 300), 1300);
}

static void
test_damp_zero_interval_never_damps(void **state)
{
    (void)state;
    assert_int_equal(alert_action_may_notify(1000, 1000, 0), 1);
    assert_int_equal(alert_action_may_notify(1000, 1000, -5), 1);
}

static void
test_damp_clock_going_back(void **state)
{
    (void)state;
    /* A little back: still damped. Further back than an interval: the
     * stored time is not trusted. */
    assert_int_equal(alert_action_may_notify(1000, 900, 300), 0);
    assert_int_equal(alert_action_may_notify(1000, 699, 300), 1);
}

/* ---- addresses ---- */

static void
test_addr_plain_accepted(void **state)
{
    (void)state;
    assert_int_equal(aa_addr_valid("ops@example.com"), 1);
    assert_int_equal(aa_addr_valid("a.b+alerts@mail.example.org"), 1);
    assert_int_equal(aa_addr_valid("root@localhost"), 1);
}

static void
test_addr_injection_refused(void **state)
{
    static const char *const BAD[] = {"",
                                      "ops",
                                      "@example.com",
                                      "ops@",
                                      "a@b@c",
                                      "ops@example.com\r\nBcc: x@y.z",
                                      "ops@example.com\n",
                                      "Ops <ops@example.com>",
                                      "\"a b\"@example.com",
                                      "a b@example.com",
                                      "ops@exa mple.com",
                                      "-oQ/tmp@example.com",
                                      "ops@example.com,other@example.com",
                                      "ops;x@example.com",
                                      ".ops@example.com",
                                      "ops.@example.com",
                                      "o..ps@example.com",
                                      "ops@.example.com",
                                      "ops@example.com.",
                                      "ops@-example.com",
                                      "ops@[127.0.0.1]",
                                      "ops@exam_ple.com"};
    size_t i;
    (void)state;
    for (i = 0; i < sizeof BAD / sizeof BAD[0]; i++) {
        if (aa_addr_valid(BAD[i]))
            fail_msg("accepted %s", BAD[i]);
    }
}

static void
test_addr_split_lists(void **state)
{
    char out[4][256];
    (void)state;
    assert_int_equal(aa_addr_split("a@x.org, b@y.org c@z.org", out, 4), 3);
    assert_string_equal(out[0], "a@x.org");
    assert_string_equal(out[1], "b@y.org");
    assert_string_equal(out[2], "c@z.org");
    assert_int_equal(aa_addr_split(" ,a@x.org,, ", out, 4), 1);
    assert_int_equal(aa_addr_split("a@x.org, bad", out, 4), -1);
    assert_int_equal(aa_addr_split("", out, 4), -1);
    assert_int_equal(aa_addr_split(" , ", out, 4), -1);
    assert_int_equal(
        aa_addr_split("a@x.org b@x.org c@x.org d@x.org e@x.org", out, 4), -1);
    assert_int_equal(aa_addr_split("a@x.org\r\nBcc: e@vil.org", out, 4), -1);
}

/* ---- environment ---- */

static const char *
env_get(char **env, const char *name)
{
    size_t n = strlen(name);
    for (; *env; env++)
        if (strncmp(*env, name, n) == 0 && (*env)[n] == '=')
            return *env + n + 1;
    return NULL;
}

static void
test_env_documented_variables(void **state)
{
    struct alert_notice n = notice();
    struct buf b;
    char *env[AA_ENV_MAX];
    (void)state;
    buf_init(&b, 65536);
    assert_int_equal(
        aa_env_build(&n, "command", "ticket-7", NULL, -1, &b, env, AA_ENV_MAX),
        0);
    assert_string_equal(env_get(env, "PATH"),
                        "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:"
                        "/sbin:/bin");
    assert_string_equal(env_get(env, "UC_EVENT"), "firing");
    assert_string_equal(env_get(env, "UC_ACTION"), "command");
    assert_string_equal(env_get(env, "UC_ALERT_ID"), "42");
    assert_string_equal(env_get(env, "UC_RULE"), "server_down");
    assert_string_equal(env_get(env, "UC_METRIC"), "up");
    assert_string_equal(env_get(env, "UC_OP"), "<");
    assert_string_equal(env_get(env, "UC_THRESHOLD"), "1");
    assert_string_equal(env_get(env, "UC_VALUE"), "0");
    assert_string_equal(env_get(env, "UC_SEVERITY"), "critical");
    assert_string_equal(env_get(env, "UC_SERVER"), "db1");
    assert_string_equal(env_get(env, "UC_SERVER_NAME"), "Database 1");
    assert_string_equal(env_get(env, "UC_SERVER_IP"), "10.0.0.5");
    assert_string_equal(env_get(env, "UC_SERVER_TYPE"), "database");
    assert_string_equal(env_get(env, "UC_REGION"), "eu-west-1");
    assert_string_equal(env_get(env, "UC_CLUSTER"), "prod");
    assert_string_equal(env_get(env, "UC_CAUSE"), "");
    assert_string_equal(env_get(env, "UC_DEPENDANTS"), "web1 web2 web3");
    assert_string_equal(env_get(env, "UC_DEPENDANTS_COUNT"), "3");
    assert_string_equal(env_get(env, "UC_STARTED"), "1795939200");
    assert_string_equal(env_get(env, "UC_AT"), "1795939230");
    assert_string_equal(env_get(env, "UC_TIME"), "2026-11-29T08:00:30Z");
    assert_string_equal(env_get(env, "UC_PREDICTED"), "");
    assert_string_equal(env_get(env, "UC_REASON"), "db1 down for 30 s");
    assert_string_equal(env_get(env, "UC_TARGET"), "ticket-7");
    assert_string_equal(env_get(env, "UC_STANDBY"), "");
    assert_string_equal(env_get(env, "UC_MOVED"), "");
    buf_free(&b);
}

static void
test_env_values_cleaned_and_caller_env_not_leaked(void **state)
{
    struct alert_notice n = notice();
    struct buf b;
    char *env[AA_ENV_MAX];
    (void)state;
    setenv("UC_TEST_SECRET", "s3cret", 1);
    setenv("HTTP_COOKIE", "sid=1", 1);
    n.reason = "line one\nline two\r\x01";
    n.value = 93.25;
    n.predicted = 1795940000;
    buf_init(&b, 65536);
    assert_int_equal(
        aa_env_build(&n, "failover", "", "db2", 2, &b, env, AA_ENV_MAX), 0);
    assert_string_equal(env_get(env, "UC_REASON"), "line one line two  ");
    assert_string_equal(env_get(env, "UC_VALUE"), "93.25");
    assert_string_equal(env_get(env, "UC_PREDICTED"), "1795940000");
    assert_string_equal(env_get(env, "UC_STANDBY"), "db2");
    assert_string_equal(env_get(env, "UC_MOVED"), "2");
    assert_null(env_get(env, "UC_TEST_SECRET"));
    assert_null(env_get(env, "HTTP_COOKIE"));
    buf_free(&b);
}

static void
test_env_overflow_refused(void **state)
{
    struct alert_notice n = notice();
    struct buf b;
    char *env[AA_ENV_MAX];
    (void)state;
    buf_init(&b, 64); /* far too small */
    assert_int_equal(
        aa_env_build(&n, "command", "", NULL, -1, &b, env, AA_ENV_MAX), -1);
    buf_free(&b);
    buf_init(&b, 65536);
    assert_int_equal(aa_env_build(&n, "command", "", NULL, -1, &b, env, 5), -1);
    buf_free(&b);
}

/* ---- JSON ---- */

static json_t *
body_of(const struct alert_notice *n, const char *action, const char *target,
        const char *standby, int moved)
{
    struct buf b;
    json_error_t je;
    json_t *j;
    buf_init(&b, 1 << 20);
    assert_int_equal(aa_json_body(n, action, target, standby, moved, &b), 0);
    j = json_loadb(b.p, b.len, JSON_REJECT_DUPLICATES, &je);
    if (!j)
        fail_msg("bad JSON: %s in %s", je.text, buf_cstr(&b));
    buf_free(&b);
    return j;
}

static void
test_json_documented_body(void **state)
{
    struct alert_notice n = notice();
    json_t *j, *s;
    (void)state;
    j = body_of(&n, "webhook", "", NULL, -1);
    assert_int_equal(json_integer_value(json_object_get(j, "version")), 1);
    assert_string_equal(json_string_value(json_object_get(j, "event")),
                        "firing");
    assert_string_equal(json_string_value(json_object_get(j, "action")),
                        "webhook");
    assert_int_equal(json_integer_value(json_object_get(j, "alert_id")), 42);
    assert_string_equal(json_string_value(json_object_get(j, "rule")),
                        "server_down");
    assert_string_equal(json_string_value(json_object_get(j, "metric")), "up");
    assert_string_equal(json_string_value(json_object_get(j, "op")), "<");
    assert_true(json_number_value(json_object_get(j, "threshold")) == 1.0);
    assert_true(json_number_value(json_object_get(j, "value")) == 0.0);
    assert_string_equal(json_string_value(json_object_get(j, "severity")),
                        "critical");
    s = json_object_get(j, "server");
    assert_true(json_is_object(s));
    assert_string_equal(json_string_value(json_object_get(s, "id")), "db1");
    assert_string_equal(json_string_value(json_object_get(s, "name")),
                        "Database 1");
    assert_string_equal(json_string_value(json_object_get(s, "ip")),
                        "10.0.0.5");
    assert_string_equal(json_string_value(json_object_get(s, "type")),
                        "database");
    assert_string_equal(json_string_value(json_object_get(s, "region")),
                        "eu-west-1");
    assert_string_equal(json_string_value(json_object_get(j, "cluster")),
                        "prod");
    assert_true(json_is_null(json_object_get(j, "cause")));
    assert_int_equal(json_array_size(json_object_get(j, "dependants")), 3);
    assert_string_equal(
        json_string_value(json_array_get(json_object_get(j, "dependants"), 2)),
        "web3");
    assert_string_equal(json_string_value(json_object_get(j, "started")),
                        "2026-11-29T08:00:00Z");
    assert_string_equal(json_string_value(json_object_get(j, "at")),
                        "2026-11-29T08:00:30Z");
    assert_true(json_is_null(json_object_get(j, "predicted")));
    assert_string_equal(json_string_value(json_object_get(j, "reason")),
                        "db1 down for 30 s");
    assert_true(json_is_null(json_object_get(j, "target")));
    /* Only a failover hook says where connections went. */
    assert_null(json_object_get(j, "standby"));
    assert_null(json_object_get(j, "moved"));
    assert_int_equal(json_object_size(j), 19);
    json_decref(j);
}

static void
test_json_failover_and_nulls(void **state)
{
    struct alert_notice n = notice();
    json_t *j;
    (void)state;
    n.event = "test";
    n.alert_id = 0;
    n.cluster = "";
    n.region = "";
    n.cause = "lb1";
    n.ndependants = 0;
    n.predicted = 1795940000;
    j = body_of(&n, "failover", "ticket", "db2", 3);
    assert_true(json_is_null(json_object_get(j, "alert_id")));
    assert_true(json_is_null(json_object_get(j, "cluster")));
    assert_true(
        json_is_null(json_object_get(json_object_get(j, "server"), "region")));
    assert_string_equal(json_string_value(json_object_get(j, "cause")), "lb1");
    assert_int_equal(json_array_size(json_object_get(j, "dependants")), 0);
    assert_string_equal(json_string_value(json_object_get(j, "predicted")),
                        "2026-11-29T08:13:20Z");
    assert_string_equal(json_string_value(json_object_get(j, "standby")),
                        "db2");
    assert_int_equal(json_integer_value(json_object_get(j, "moved")), 3);
    assert_string_equal(json_string_value(json_object_get(j, "target")),
                        "ticket");
    json_decref(j);
}

static void
test_json_escapes_and_refuses_bad_utf8(void **state)
{
    struct alert_notice n = notice();
    struct buf b;
    (void)state;
    n.reason = "</script>\"quoted\" caf\xc3\xa9";
    buf_init(&b, 1 << 20);
    assert_int_equal(aa_json_body(&n, "webhook", "", NULL, -1, &b), 0);
    assert_non_null(
        strstr(buf_cstr(&b), "<\\/script>\\\"quoted\\\" caf\\u00E9"));
    n.reason = "bad \xff byte";
    assert_int_equal(aa_json_body(&n, "webhook", "", NULL, -1, &b), -1);
    buf_free(&b);
}

/* ---- mail message ---- */

static void
test_mail_message_headers_cannot_be_injected(void **state)
{
    struct alert_notice n = notice();
    char rcpt[2][256] = {"ops@example.com", "oncall@example.com"};
    struct buf b;
    const char *p, *body;
    (void)state;
    n.rule = "cpu\r\nBcc: evil@example.net";
    n.server_name = "Web\nX-Evil: 1";
    n.reason = "a\r\n.\r\nMAIL FROM:<x@y.z>";
    buf_init(&b, 1 << 18);
    assert_int_equal(
        aa_mail_message("uc@example.com", rcpt, 2, &n, 1795939230, &b), 0);
    p = buf_cstr(&b);
    body = strstr(p, "\n\n");
    assert_non_null(body);
    {
        static const char HEAD[] =
            "From: uc@example.com\n"
            "To: ops@example.com, oncall@example.com\n"
            "Subject: [unlimited-cluster] firing critical: "
            "cpu??Bcc: evil@example.net on db1\n"
            "Date: Sun, 29 Nov 2026 08:00:30 +0000\n";
        assert_memory_equal(p, HEAD, sizeof HEAD - 1);
    }
    assert_non_null(strstr(p, "\nX-UC-Rule: cpu  Bcc: evil@example.net\n"));
    assert_null(strstr(p, "\nBcc:"));
    assert_null(strstr(p, "\nX-Evil"));
    assert_null(strstr(p, "\r"));
    assert_null(strstr(p, "\n.\n"));
    assert_non_null(strstr(body, "Name:       Web X-Evil: 1\n"));
    assert_non_null(strstr(body, "Condition:  up < 1 (value 0)\n"));
    assert_non_null(strstr(body, "  -         web2\n"));
    buf_free(&b);
}

static void
test_mail_subject_is_ascii(void **state)
{
    struct alert_notice n = notice();
    char rcpt[1][256] = {"ops@example.com"};
    struct buf b;
    (void)state;
    n.rule = "caf\xc3\xa9";
    buf_init(&b, 1 << 18);
    assert_int_equal(aa_mail_message("uc@example.com", rcpt, 1, &n, 1, &b), 0);
    assert_non_null(strstr(buf_cstr(&b), "critical: caf?? on db1\n"));
    /* The body keeps UTF-8 (8bit). */
    assert_non_null(strstr(buf_cstr(&b), "Alert:      caf\xc3\xa9\n"));
    buf_free(&b);
}

/* ---- Module Config ---- */

static void
load(const char *text, struct alert_action_conf *c, int want_rc,
     const char *want_field)
{
    struct cfgmap m = {0};
    struct err e;
    assert_int_equal(cfgmap_parse(&m, text, strlen(text)), 0);
    assert_int_equal(alert_action_conf_load(c, &m, &e), want_rc);
    if (want_field)
        assert_string_equal(e.field, want_field);
    cfgmap_free(&m);
}

static void
test_conf_defaults(void **state)
{
    struct alert_action_conf c;
    (void)state;
    load("", &c, 0, NULL);
    assert_string_equal(c.sendmail, "/usr/sbin/sendmail");
    assert_int_equal(c.timeout_s, 30);
    assert_int_equal(c.webhook_retries, 3);
    assert_int_equal(c.notify_interval_s, 300);
    assert_string_equal(c.smtp_url, "");
    assert_int_equal(aa_addr_valid(c.mail_from), 1);
}

static void
test_conf_values_read(void **state)
{
    struct alert_action_conf c;
    (void)state;
    load("notify_email=a@x.org, b@x.org\nmail_from=uc@x.org\n"
         "smtp_url=smtps://user:pw@mail.x.org:465\nsendmail=/opt/sm\n"
         "webhook_url=https://hooks.x.org/a\nwebhook_retries=5\n"
         "command=/usr/local/bin/page --all\n"
         "scale_up_hook=https://ci.x.org/scale\n"
         "scale_down_hook=/usr/local/bin/down\nfailover_hook=\n"
         "action_timeout=12\nnotify_interval=0\n",
         &c, 0, NULL);
    assert_string_equal(c.notify_email, "a@x.org, b@x.org");
    assert_string_equal(c.mail_from, "uc@x.org");
    assert_string_equal(c.smtp_url, "smtps://user:pw@mail.x.org:465");
    assert_string_equal(c.sendmail, "/opt/sm");
    assert_string_equal(c.webhook_url, "https://hooks.x.org/a");
    assert_int_equal(c.webhook_retries, 5);
    assert_string_equal(c.command, "/usr/local/bin/page --all");
    assert_string_equal(c.scale_up_hook, "https://ci.x.org/scale");
    assert_string_equal(c.scale_down_hook, "/usr/local/bin/down");
    assert_string_equal(c.failover_hook, "");
    assert_int_equal(c.timeout_s, 12);
    assert_int_equal(c.notify_interval_s, 0);
}

static void
test_conf_bad_values_keep_defaults(void **state)
{
    struct alert_action_conf c;
    (void)state;
    load("webhook_url=ftp://x.org/\n", &c, -1, "webhook_url");
    assert_string_equal(c.webhook_url, "");
    load("smtp_url=http://mail.x.org\n", &c, -1, "smtp_url");
    assert_string_equal(c.smtp_url, "");
    load("sendmail=sendmail\n", &c, -1, "sendmail");
    assert_string_equal(c.sendmail, "/usr/sbin/sendmail");
    load("notify_email=Ops <ops@x.org>\n", &c, -1, "notify_email");
    assert_string_equal(c.notify_email, "");
    load("mail_from=a@x.org\rBcc: b@y.org\n", &c, -1, "mail_from");
    assert_int_equal(aa_addr_valid(c.mail_from), 1);
    load("action_timeout=0\n", &c, -1, "action_timeout");
    assert_int_equal(c.timeout_s, 30);
    load("action_timeout=301\n", &c, -1, "action_timeout");
    load("webhook_retries=11\n", &c, -1, "webhook_retries");
    assert_int_equal(c.webhook_retries, 3);
    load("notify_interval=-1\n", &c, -1, "notify_interval");
    load("notify_interval=99999999999\n", &c, -1, "notify_interval");
    assert_int_equal(c.notify_interval_s, 300);
    load("failover_hook=gopher://x.org\n", &c, -1, "failover_hook");
    assert_string_equal(c.failover_hook, "");
    /* The first bad key is reported; the good ones are still read. */
    load("action_timeout=abc\nwebhook_retries=2\nsendmail=x\n", &c, -1,
         "sendmail");
    assert_int_equal(c.webhook_retries, 2);
}

/* ---- summary ---- */

static void
test_summary_lines(void **state)
{
    struct alert_action_result r;
    char line[200];
    (void)state;
    memset(&r, 0, sizeof r);
    r.ok = 1;
    r.attempts = 3;
    r.http_status = 200;
    r.exit_code = -1;
    r.moved = -1;
    r.elapsed_ms = 3012;
    alert_action_summary(AA_WEBHOOK, &r, line, sizeof line);
    assert_string_equal(line, "webhook ok, HTTP 200, 3 attempts, 3012 ms");
    memset(&r, 0, sizeof r);
    r.exit_code = 2;
    r.moved = 2;
    r.skipped = 1;
    snprintf(r.standby, sizeof r.standby, "db2");
    snprintf(r.error, sizeof r.error, "/bin/sh exited with status 2");
    snprintf(r.output, sizeof r.output, "no such host");
    r.elapsed_ms = 5;
    alert_action_summary(AA_FAILOVER, &r, line, sizeof line);
    assert_string_equal(line, "failover failed, 2 connections moved to db2 "
                              "(1 skipped), exit 2, 5 ms: /bin/sh exited "
                              "with status 2 [no such host]");
    alert_action_summary(AA_FAILOVER, &r, line, 20);
    assert_int_equal(strlen(line), 19);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_damp_first_notification_always_allowed),
        cmocka_unit_test(test_damp_within_interval_refused),
        cmocka_unit_test(test_damp_after_interval_allowed),
        cmocka_unit_test(test_damp_zero_interval_never_damps),
        cmocka_unit_test(test_damp_clock_going_back),
        cmocka_unit_test(test_addr_plain_accepted),
        cmocka_unit_test(test_addr_injection_refused),
        cmocka_unit_test(test_addr_split_lists),
        cmocka_unit_test(test_env_documented_variables),
        cmocka_unit_test(test_env_values_cleaned_and_caller_env_not_leaked),
        cmocka_unit_test(test_env_overflow_refused),
        cmocka_unit_test(test_json_documented_body),
        cmocka_unit_test(test_json_failover_and_nulls),
        cmocka_unit_test(test_json_escapes_and_refuses_bad_utf8),
        cmocka_unit_test(test_mail_message_headers_cannot_be_injected),
        cmocka_unit_test(test_mail_subject_is_ascii),
        cmocka_unit_test(test_conf_defaults),
        cmocka_unit_test(test_conf_values_read),
        cmocka_unit_test(test_conf_bad_values_keep_defaults),
        cmocka_unit_test(test_summary_lines),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
