/* test_alert_action_run.c — the alert actions run for real, on loopback
 * only: a command gets the documented environment, one that outlives the
 * deadline is killed with its process group, a sendmail script receives
 * the message, an SMTP receiver gets it through libcurl, an HTTP receiver
 * gets the webhook JSON (and a receiver that fails twice shows the
 * retries and the back-off), hooks run as commands or URLs, and failover
 * moves connections to the standby in a real SQLite database.
 * SPDX-License-Identifier: BSD-3-Clause */
#define _GNU_SOURCE /* strcasestr */
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include <jansson.h>
#include <sqlite3.h>

#include "alert_action.h"
#include "alert_action_int.h"
#include "store.h"
#include "store_failover.h"
#include "store_int.h"
#include "storefx.h"

static char dir[64];

static struct alert_notice
notice(void)
{
    static const char *const deps[] = {"web1", "web2"};
    struct alert_notice n = {
        .event = "firing",
        .alert_id = 7,
        .rule = "cpu_high",
        .metric = "cpu",
        .op = ">",
        .threshold = 80,
        .value = 93.5,
        .severity = "warning",
        .server = "web1",
        .server_name = "Web one",
        .server_ip = "10.0.0.11",
        .server_type = "web",
        .region = "eu",
        .cluster = "prod",
        .cause = "",
        .dependants = deps,
        .ndependants = 2,
        .started = 1795939200,
        .at = 1795939500,
        .predicted = 0,
        .reason = "cpu 93.5 > 80 for 5m",
    };
    return n;
}

static void
conf_for_tests(struct alert_action_conf *c)
{
    alert_action_conf_default(c);
    c->timeout_s = 10;
    c->backoff_ms = 100;
    snprintf(c->mail_from, sizeof c->mail_from, "uc@example.com");
}

static char *
slurp(const char *name)
{
    char path[256];
    size_t len;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return cfgfile_read_all(path, &len);
}

static const char *
line_value(const char *text, const char *name, char *out, size_t outlen)
{
    size_t n = strlen(name);
    const char *p = text;
    while (p && *p) {
        if (strncmp(p, name, n) == 0 && p[n] == '=') {
            size_t len = strcspn(p + n + 1, "\n");
            if (len >= outlen)
                len = outlen - 1;
            memcpy(out, p + n + 1, len);
            out[len] = '\0';
            return out;
        }
        p = strchr(p, '\n');
        if (p)
            p++;
    }
    return NULL;
}

#define ASSERT_ENV(text, name, want)                \
    do {                                            \
        char v_[512];                               \
        if (!line_value(text, name, v_, sizeof v_)) \
            fail_msg("%s missing", name);           \
        assert_string_equal(v_, want);              \
    } while (0)

/* ---- a loopback HTTP receiver, in a child process ---- */

struct rx {
    pid_t pid;
    int port;
};

static long long
mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int
listen_loopback(int *port)
{
    struct sockaddr_in a;
    socklen_t alen = sizeof a;
    int fd = socket(AF_INET, SOCK_STREAM, 0), one = 1;
    assert_true(fd >= 0);
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof a), 0);
    assert_int_equal(listen(fd, 16), 0);
    assert_int_equal(getsockname(fd, (struct sockaddr *)&a, &alen), 0);
    *port = ntohs(a.sin_port);
    return fd;
}

static void
write_all(int fd, const char *p, size_t n)
{
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w <= 0)
            return;
        p += w;
        n -= (size_t)w;
    }
}

/* Serves plan, a comma-separated answer per request (the last repeats):
 * a status ("200", "500", "302", "404"), "hang" (no answer) or "big"
 * (200 with 200 KiB). Each request is saved as <dir>/req.<i>: a first
 * line "t=<monotonic ms>", the request head, then the body. */
static void
rx_child(int lfd, const char *plan)
{
    int i;
    alarm(60); /* never outlive the test */
    for (i = 0; i < 64; i++) {
        char req[65536], path[256], tok[16], resp[512];
        const char *p = plan, *cl;
        size_t len = 0, want = 0, head = 0;
        int c = accept(lfd, NULL, NULL), k;
        long long t;
        FILE *f;
        if (c < 0)
            continue;
        t = mono_ms();
        while (len < sizeof req - 1) {
            ssize_t got = read(c, req + len, sizeof req - 1 - len);
            char *end;
            if (got <= 0)
                break;
            len += (size_t)got;
            req[len] = '\0';
            end = strstr(req, "\r\n\r\n");
            if (end && !head) {
                head = (size_t)(end - req) + 4;
                cl = strcasestr(req, "\r\nContent-Length:");
                want = cl ? (size_t)strtoul(cl + 17, NULL, 10) : 0;
            }
            if (head && len >= head + want)
                break;
        }
        snprintf(path, sizeof path, "%s/req.%d", dir, i);
        f = fopen(path, "w");
        if (f) {
            fprintf(f, "t=%lld\n", t);
            fwrite(req, 1, len, f);
            fclose(f);
        }
        for (k = 0; k <= i; k++) { /* the i-th token, or the last */
            size_t tl = strcspn(p, ",");
            snprintf(tok, sizeof tok, "%.*s", (int)tl, p);
            if (!p[tl])
                break;
            p += tl + 1;
        }
        if (strcmp(tok, "hang") == 0) {
            sleep(20);
        } else if (strcmp(tok, "big") == 0) {
            static char big[200 * 1024];
            memset(big, 'x', sizeof big);
            snprintf(resp, sizeof resp,
                     "HTTP/1.1 200 OK\r\nContent-Length: "
                     "%zu\r\nConnection: close\r\n\r\n",
                     sizeof big);
            write_all(c, resp, strlen(resp));
            write_all(c, big, sizeof big);
        } else {
            snprintf(resp, sizeof resp,
                     "HTTP/1.1 %s X\r\nContent-Length: 8\r\n"
                     "Location: http://127.0.0.1:1/elsewhere\r\n"
                     "Connection: close\r\n\r\nanswer%.2s",
                     tok, tok);
            write_all(c, resp, strlen(resp));
        }
        shutdown(c, SHUT_WR);
        close(c);
    }
    _exit(0);
}

static void
rx_start(struct rx *x, const char *plan)
{
    int lfd = listen_loopback(&x->port);
    x->pid = fork();
    assert_true(x->pid >= 0);
    if (x->pid == 0)
        rx_child(lfd, plan);
    close(lfd);
}

static void
rx_stop(struct rx *x)
{
    kill(x->pid, SIGKILL);
    waitpid(x->pid, NULL, 0);
}

static int
count_requests(void)
{
    char path[256];
    int i;
    for (i = 0; i < 64; i++) {
        snprintf(path, sizeof path, "%s/req.%d", dir, i);
        if (access(path, F_OK) != 0)
            return i;
    }
    return i;
}

static void
clear_requests(void)
{
    char path[256];
    int i;
    for (i = 0; i < 64; i++) {
        snprintf(path, sizeof path, "%s/req.%d", dir, i);
        unlink(path);
    }
}

static json_t *
request_json(int i, long long *t)
{
    char name[32], *text, *body;
    json_error_t je;
    json_t *j;
    snprintf(name, sizeof name, "req.%d", i);
    text = slurp(name);
    assert_non_null(text);
    if (t)
        *t = strtoll(text + 2, NULL, 10);
    assert_non_null(strstr(text, "POST /hook HTTP/1.1\r\n"));
    assert_non_null(strcasestr(text, "\r\nContent-Type: application/json\r\n"));
    body = strstr(text, "\r\n\r\n");
    assert_non_null(body);
    j = json_loads(body + 4, JSON_REJECT_DUPLICATES, &je);
    if (!j)
        fail_msg("bad JSON (%s): %s", je.text, body + 4);
    free(text);
    return j;
}

/* ---- fixtures ---- */

/* What each test starts from (its state): the test configuration, the
 * notice of notice(), an empty result, and no saved requests. */
struct run {
    struct alert_action_conf c;
    struct alert_action_result r;
    struct alert_notice n;
};

static int
each(void **state)
{
    static struct run t;
    memset(&t, 0, sizeof t);
    conf_for_tests(&t.c);
    t.n = notice();
    clear_requests();
    *state = &t;
    return 0;
}

/* Runs kind for t's notice with t's configuration, into t->r. */
static int
act(struct run *t, enum alert_action kind, const char *target, struct store *st)
{
    return alert_action_run(&t->c, kind, target, &t->n, st, &t->r);
}

static int
setup(void **state)
{
    (void)state;
    assert_int_equal(testfs_mkdtemp(dir, sizeof dir, "test_alert_action"), 0);
    return 0;
}

static int
teardown(void **state)
{
    (void)state;
    assert_int_equal(testfs_rmtree(dir), 0);
    return 0;
}

/* ---- record ---- */

static void
test_record_does_nothing_but_succeed(void **state)
{
    struct run *t = *state;
    assert_int_equal(act(t, AA_RECORD, "", NULL), 0);
    assert_int_equal(t->r.ok, 1);
    assert_int_equal(t->r.attempts, 0);
    assert_string_equal(t->r.error, "");
}

/* ---- command ---- */

static void
test_command_gets_documented_environment(void **state)
{
    struct run *t = *state;
    char *env;
    snprintf(t->c.command, sizeof t->c.command, "env > '%s/env.out'; echo done",
             dir);
    t->n.reason = "cpu high; $(touch /tmp/uc-pwned) `id`";
    assert_int_equal(act(t, AA_COMMAND, "ticket 9", NULL), 0);
    assert_int_equal(t->r.ok, 1);
    assert_int_equal(t->r.exit_code, 0);
    assert_string_equal(t->r.output, "done ");
    env = slurp("env.out");
    assert_non_null(env);
    ASSERT_ENV(env, "UC_EVENT", "firing");
    ASSERT_ENV(env, "UC_ACTION", "command");
    ASSERT_ENV(env, "UC_ALERT_ID", "7");
    ASSERT_ENV(env, "UC_RULE", "cpu_high");
    ASSERT_ENV(env, "UC_METRIC", "cpu");
    ASSERT_ENV(env, "UC_OP", ">");
    ASSERT_ENV(env, "UC_THRESHOLD", "80");
    ASSERT_ENV(env, "UC_VALUE", "93.5");
    ASSERT_ENV(env, "UC_SEVERITY", "warning");
    ASSERT_ENV(env, "UC_SERVER", "web1");
    ASSERT_ENV(env, "UC_SERVER_NAME", "Web one");
    ASSERT_ENV(env, "UC_SERVER_IP", "10.0.0.11");
    ASSERT_ENV(env, "UC_SERVER_TYPE", "web");
    ASSERT_ENV(env, "UC_REGION", "eu");
    ASSERT_ENV(env, "UC_CLUSTER", "prod");
    ASSERT_ENV(env, "UC_CAUSE", "");
    ASSERT_ENV(env, "UC_DEPENDANTS", "web1 web2");
    ASSERT_ENV(env, "UC_STARTED", "1795939200");
    ASSERT_ENV(env, "UC_AT", "1795939500");
    ASSERT_ENV(env, "UC_TIME", "2026-11-29T08:05:00Z");
    ASSERT_ENV(env, "UC_TARGET", "ticket 9");
    /* Alert data is a value, never code. */
    ASSERT_ENV(env, "UC_REASON", "cpu high; $(touch /tmp/uc-pwned) `id`");
    assert_int_equal(access("/tmp/uc-pwned", F_OK), -1);
    free(env);
}

static void
test_command_failure_reports_exit_and_output(void **state)
{
    struct run *t = *state;
    char line[600];
    snprintf(t->c.command, sizeof t->c.command, "echo boom >&2; exit 3");
    assert_int_equal(act(t, AA_COMMAND, "", NULL), -1);
    assert_int_equal(t->r.ok, 0);
    assert_int_equal(t->r.exit_code, 3);
    assert_string_equal(t->r.output, "boom ");
    assert_string_equal(t->r.key, "action_err_exit");
    alert_action_summary(AA_COMMAND, &t->r, line, sizeof line);
    assert_non_null(strstr(line, "command failed, exit 3"));
    assert_non_null(strstr(line, "[boom ]"));
}

static void
test_command_output_capped(void **state)
{
    struct run *t = *state;
    snprintf(t->c.command, sizeof t->c.command,
             "head -c 1000000 /dev/zero | tr '\\000' x");
    assert_int_equal(act(t, AA_COMMAND, "", NULL), 0);
    assert_int_equal(strlen(t->r.output), sizeof t->r.output - 1);
    assert_int_equal(t->r.output[0], 'x');
}

/* 1 when pid is gone or a zombie waiting for init. */
static int
gone(pid_t pid)
{
    char path[64], *stat;
    size_t len;
    int z;
    snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
    stat = cfgfile_read_all(path, &len);
    if (!stat)
        return 1;
    z = strstr(stat, ") Z ") != NULL;
    free(stat);
    return z;
}

static void
test_command_past_deadline_killed_with_its_group(void **state)
{
    struct run *t = *state;
    long long t0 = mono_ms(), took;
    char *pidtext;
    pid_t bg;
    int i;
    t->c.timeout_s = 1;
    snprintf(t->c.command, sizeof t->c.command,
             "sleep 30 & echo $! > '%s/bg.pid'; echo started; sleep 30", dir);
    assert_int_equal(act(t, AA_COMMAND, "", NULL), -1);
    took = mono_ms() - t0;
    assert_int_equal(t->r.timed_out, 1);
    assert_string_equal(t->r.key, "action_err_timeout");
    assert_string_equal(t->r.output, "started ");
    assert_true(took >= 1000 && took < 3000);
    pidtext = slurp("bg.pid");
    assert_non_null(pidtext);
    bg = (pid_t)atoi(pidtext);
    free(pidtext);
    assert_true(bg > 1);
    for (i = 0; i < 100 && !gone(bg); i++)
        usleep(10000);
    assert_true(gone(bg)); /* the background child died with the group */
}

static void
test_command_unset_refused(void **state)
{
    struct run *t = *state;
    /* The rule's target is never run. */
    assert_int_equal(act(t, AA_COMMAND, "touch /tmp/uc-pwned", NULL), -1);
    assert_string_equal(t->r.key, "action_err_no_command");
    assert_int_equal(access("/tmp/uc-pwned", F_OK), -1);
}

/* ---- e-mail ---- */

static void
put_script(const char *name, const char *body)
{
    char path[256];
    testfs_put(dir, name, body);
    snprintf(path, sizeof path, "%s/%s", dir, name);
    assert_int_equal(chmod(path, 0755), 0);
}

static void
test_email_through_sendmail_script(void **state)
{
    struct run *t = *state;
    char script[512], *args, *msg;
    snprintf(script, sizeof script,
             "#!/bin/sh\necho \"$@\" > '%s/sm.args'\ncat > '%s/sm.msg'\n", dir,
             dir);
    put_script("sendmail", script);
    snprintf(t->c.sendmail, sizeof t->c.sendmail, "%s/sendmail", dir);
    t->n.rule = "cpu\nBcc: evil@example.net";
    assert_int_equal(
        act(t, AA_EMAIL, "ops@example.com, oncall@example.com", NULL), 0);
    assert_int_equal(t->r.exit_code, 0);
    args = slurp("sm.args");
    msg = slurp("sm.msg");
    assert_non_null(args);
    assert_non_null(msg);
    assert_string_equal(args, "-oi -t\n");
    assert_true(strncmp(msg,
                        "From: uc@example.com\n"
                        "To: ops@example.com, oncall@example.com\n",
                        60) == 0);
    assert_null(strstr(msg, "\nBcc:"));
    assert_non_null(strstr(msg, "\n\nAlert:      cpu Bcc: evil@example.net\n"));
    assert_non_null(strstr(msg, "Condition:  cpu > 80 (value 93.5)\n"));
    free(args);
    free(msg);
}

static void
test_email_default_recipient_and_bad_target(void **state)
{
    struct run *t = *state;
    char script[512], *msg;
    snprintf(script, sizeof script, "#!/bin/sh\ncat > '%s/sm2.msg'\n", dir);
    put_script("sendmail2", script);
    snprintf(t->c.sendmail, sizeof t->c.sendmail, "%s/sendmail2", dir);
    assert_int_equal(act(t, AA_EMAIL, "", NULL), -1);
    assert_string_equal(t->r.key, "action_err_no_email");
    snprintf(t->c.notify_email, sizeof t->c.notify_email, "team@example.com");
    assert_int_equal(act(t, AA_EMAIL, "a@example.com\r\nBcc: e@vil.org", NULL),
                     -1);
    assert_string_equal(t->r.key, "action_err_address");
    assert_null(slurp("sm2.msg")); /* refused before anything ran */
    assert_int_equal(act(t, AA_EMAIL, "", NULL), 0);
    msg = slurp("sm2.msg");
    assert_non_null(msg);
    assert_non_null(strstr(msg, "\nTo: team@example.com\n"));
    free(msg);
}

static void
test_email_sendmail_failure_reported(void **state)
{
    struct run *t = *state;
    put_script("sendmail3", "#!/bin/sh\ncat >/dev/null\necho 'queue full'\n"
                            "exit 75\n");
    snprintf(t->c.sendmail, sizeof t->c.sendmail, "%s/sendmail3", dir);
    assert_int_equal(act(t, AA_EMAIL, "ops@example.com", NULL), -1);
    assert_int_equal(t->r.exit_code, 75);
    assert_string_equal(t->r.output, "queue full ");
    assert_non_null(strstr(t->r.error, "sendmail:"));
}

/* A loopback SMTP receiver: saves the envelope and the data to smtp.txt. */
static void
smtp_child(int lfd)
{
    char line[4096], path[256];
    FILE *in, *out, *save;
    int c, data = 0;
    alarm(30);
    c = accept(lfd, NULL, NULL);
    if (c < 0)
        _exit(1);
    in = fdopen(c, "r");
    out = fdopen(dup(c), "w");
    snprintf(path, sizeof path, "%s/smtp.txt", dir);
    save = fopen(path, "w");
    if (!in || !out || !save)
        _exit(1);
    setvbuf(out, NULL, _IONBF, 0);
    fputs("220 test ESMTP\r\n", out);
    while (fgets(line, sizeof line, in)) {
        if (data) {
            if (strcmp(line, ".\r\n") == 0) {
                data = 0;
                fputs("250 queued\r\n", out);
            } else {
                fputs(line, save);
            }
            continue;
        }
        if (strncasecmp(line, "EHLO", 4) == 0)
            fputs("250-test\r\n250 8BITMIME\r\n", out);
        else if (strncasecmp(line, "MAIL FROM:", 10) == 0 ||
                 strncasecmp(line, "RCPT TO:", 8) == 0) {
            fputs(line, save);
            fputs("250 ok\r\n", out);
        } else if (strncasecmp(line, "DATA", 4) == 0) {
            data = 1;
            fputs("354 go\r\n", out);
        } else if (strncasecmp(line, "QUIT", 4) == 0) {
            fputs("221 bye\r\n", out);
            break;
        } else
            fputs("250 ok\r\n", out);
    }
    fclose(save);
    _exit(0);
}

static void
test_email_through_smtp(void **state)
{
    struct run *t = *state;
    int lfd, port, status;
    pid_t pid;
    char *got;
    lfd = listen_loopback(&port);
    pid = fork();
    assert_true(pid >= 0);
    if (pid == 0)
        smtp_child(lfd);
    close(lfd);
    snprintf(t->c.smtp_url, sizeof t->c.smtp_url, "smtp://127.0.0.1:%d", port);
    assert_int_equal(
        act(t, AA_EMAIL, "ops@example.com oncall@example.com", NULL), 0);
    assert_int_equal(waitpid(pid, &status, 0), pid);
    got = slurp("smtp.txt");
    assert_non_null(got);
    assert_non_null(strstr(got, "MAIL FROM:<uc@example.com>\r\n"));
    assert_non_null(strstr(got, "RCPT TO:<ops@example.com>\r\n"));
    assert_non_null(strstr(got, "RCPT TO:<oncall@example.com>\r\n"));
    assert_non_null(strstr(got, "\r\nSubject: [unlimited-cluster] firing "
                                "warning: cpu_high on web1\r\n"));
    assert_non_null(strstr(got, "\r\nServer:     web1\r\n"));
    free(got);
}

/* ---- webhook ---- */

static void
hook_url(char *out, size_t len, int port)
{
    snprintf(out, len, "http://127.0.0.1:%d/hook", port);
}

/* Starts a receiver answering plan and points t's webhook_url at it. */
static void
rx_webhook(struct run *t, struct rx *x, const char *plan)
{
    rx_start(x, plan);
    hook_url(t->c.webhook_url, sizeof t->c.webhook_url, x->port);
}

static void
test_webhook_delivers_documented_json(void **state)
{
    struct run *t = *state;
    struct rx x;
    json_t *j;
    char url[128];
    rx_webhook(t, &x, "200");
    assert_int_equal(act(t, AA_WEBHOOK, "", NULL), 0);
    assert_int_equal(t->r.http_status, 200);
    assert_int_equal(t->r.attempts, 1);
    assert_string_equal(t->r.output, "answer20");
    j = request_json(0, NULL);
    assert_string_equal(json_string_value(json_object_get(j, "event")),
                        "firing");
    assert_string_equal(json_string_value(json_object_get(j, "action")),
                        "webhook");
    assert_string_equal(json_string_value(json_object_get(j, "rule")),
                        "cpu_high");
    assert_true(json_number_value(json_object_get(j, "value")) == 93.5);
    assert_string_equal(
        json_string_value(json_object_get(json_object_get(j, "server"), "ip")),
        "10.0.0.11");
    assert_string_equal(json_string_value(json_object_get(j, "at")),
                        "2026-11-29T08:05:00Z");
    json_decref(j);
    /* The rule's own URL wins over Module Config's. */
    snprintf(t->c.webhook_url, sizeof t->c.webhook_url, "http://127.0.0.1:1/x");
    hook_url(url, sizeof url, x.port);
    assert_int_equal(act(t, AA_WEBHOOK, url, NULL), 0);
    assert_int_equal(count_requests(), 2);
    j = request_json(1, NULL);
    assert_true(json_is_null(json_object_get(j, "target")));
    json_decref(j);
    rx_stop(&x);
}

static void
test_webhook_retries_with_backoff(void **state)
{
    struct run *t = *state;
    struct rx x;
    long long sent[3];
    int i;
    t->c.backoff_ms = 200;
    rx_webhook(t, &x, "500,503,200");
    assert_int_equal(act(t, AA_WEBHOOK, "", NULL), 0);
    assert_int_equal(t->r.attempts, 3);
    assert_int_equal(t->r.http_status, 200);
    assert_int_equal(count_requests(), 3);
    for (i = 0; i < 3; i++)
        json_decref(request_json(i, &sent[i]));
    /* 200 ms, then 400 ms between the tries (upper bounds loose: the
     * machine may be busy). */
    assert_true(sent[1] - sent[0] >= 200 && sent[1] - sent[0] < 1200);
    assert_true(sent[2] - sent[1] >= 400 && sent[2] - sent[1] < 1400);
    rx_stop(&x);
}

static void
test_webhook_gives_up_after_retries(void **state)
{
    struct run *t = *state;
    struct rx x;
    t->c.webhook_retries = 2;
    t->c.backoff_ms = 10;
    rx_webhook(t, &x, "500");
    assert_int_equal(act(t, AA_WEBHOOK, "", NULL), -1);
    assert_int_equal(t->r.attempts, 3);
    assert_int_equal(t->r.http_status, 500);
    assert_string_equal(t->r.key, "action_err_http");
    assert_int_equal(count_requests(), 3);
    rx_stop(&x);
}

static void
test_webhook_no_retry_on_client_error_or_redirect(void **state)
{
    struct run *t = *state;
    struct rx x;
    rx_webhook(t, &x, "404,302");
    assert_int_equal(act(t, AA_WEBHOOK, "", NULL), -1);
    assert_int_equal(t->r.attempts, 1);
    assert_int_equal(t->r.http_status, 404);
    /* A redirect is not followed (the Location is port 1). */
    assert_int_equal(act(t, AA_WEBHOOK, "", NULL), -1);
    assert_int_equal(t->r.attempts, 1);
    assert_int_equal(t->r.http_status, 302);
    assert_int_equal(count_requests(), 2);
    rx_stop(&x);
}

static void
test_webhook_deadline_bounds_a_hanging_receiver(void **state)
{
    struct run *t = *state;
    struct rx x;
    long long t0, took;
    t->c.timeout_s = 1;
    rx_webhook(t, &x, "hang");
    t0 = mono_ms();
    assert_int_equal(act(t, AA_WEBHOOK, "", NULL), -1);
    took = mono_ms() - t0;
    assert_int_equal(t->r.timed_out, 1);
    assert_int_equal(t->r.attempts, 1);
    assert_true(took >= 900 && took < 2000);
    rx_stop(&x);
}

static void
test_webhook_deadline_bounds_retries(void **state)
{
    struct run *t = *state;
    struct rx x;
    long long t0, took;
    t->c.timeout_s = 2;
    t->c.webhook_retries = 10;
    t->c.backoff_ms = 700; /* 700 + 1400 > 2000: a third try never starts */
    rx_webhook(t, &x, "500");
    t0 = mono_ms();
    assert_int_equal(act(t, AA_WEBHOOK, "", NULL), -1);
    took = mono_ms() - t0;
    assert_int_equal(t->r.attempts, 2);
    assert_true(took < 2300);
    rx_stop(&x);
}

static void
test_webhook_refused_connection_retried_then_fails(void **state)
{
    struct run *t = *state;
    int lfd, port;
    t->c.webhook_retries = 2;
    t->c.backoff_ms = 10;
    lfd = listen_loopback(&port);
    close(lfd); /* nobody listens there now */
    hook_url(t->c.webhook_url, sizeof t->c.webhook_url, port);
    assert_int_equal(act(t, AA_WEBHOOK, "", NULL), -1);
    assert_int_equal(t->r.attempts, 3);
    assert_int_equal(t->r.http_status, 0);
    assert_non_null(strstr(t->r.error, "not delivered after 3 attempts"));
}

static void
test_webhook_big_answer_capped_still_delivered(void **state)
{
    struct run *t = *state;
    struct rx x;
    rx_webhook(t, &x, "big");
    assert_int_equal(act(t, AA_WEBHOOK, "", NULL), 0);
    assert_int_equal(t->r.http_status, 200);
    assert_int_equal(strlen(t->r.output), sizeof t->r.output - 1);
    rx_stop(&x);
}

static void
test_webhook_only_http(void **state)
{
    struct run *t = *state;
    assert_int_equal(act(t, AA_WEBHOOK, "file:///etc/passwd", NULL), -1);
    assert_string_equal(t->r.key, "action_err_url");
    assert_int_equal(t->r.attempts, 0);
    assert_int_equal(act(t, AA_WEBHOOK, "", NULL), -1);
    assert_string_equal(t->r.key, "action_err_no_webhook");
}

/* ---- hooks ---- */

static void
test_scale_hooks_command_and_url(void **state)
{
    struct run *t = *state;
    struct rx x;
    json_t *j;
    char *env;
    snprintf(t->c.scale_up_hook, sizeof t->c.scale_up_hook, "env > '%s/up.env'",
             dir);
    assert_int_equal(act(t, AA_SCALE_UP, "asg-web", NULL), 0);
    env = slurp("up.env");
    assert_non_null(env);
    ASSERT_ENV(env, "UC_ACTION", "scale_up");
    ASSERT_ENV(env, "UC_CLUSTER", "prod");
    ASSERT_ENV(env, "UC_SERVER", "web1");
    ASSERT_ENV(env, "UC_REASON", "cpu 93.5 > 80 for 5m");
    ASSERT_ENV(env, "UC_TARGET", "asg-web");
    free(env);

    rx_start(&x, "200");
    hook_url(t->c.scale_down_hook, sizeof t->c.scale_down_hook, x.port);
    assert_int_equal(act(t, AA_SCALE_DOWN, "", NULL), 0);
    j = request_json(0, NULL);
    assert_string_equal(json_string_value(json_object_get(j, "action")),
                        "scale_down");
    assert_string_equal(json_string_value(json_object_get(j, "cluster")),
                        "prod");
    assert_null(json_object_get(j, "standby"));
    json_decref(j);
    rx_stop(&x);

    t->c.scale_down_hook[0] = '\0';
    assert_int_equal(act(t, AA_SCALE_DOWN, "", NULL), -1);
    assert_string_equal(t->r.key, "action_err_no_hook");
}

/* ---- failover, in a real database ---- */

static void
add_server(struct store *st, const char *id, const char *type)
{
    struct server s = storefx_active(id, type, "");
    storefx_put(st, &s);
}

static void
add_conn(struct store *st, const char *from, const char *to, const char *type)
{
    struct err e;
    if (store_conn_add(st, from, to, type, &e) != 0)
        fail_msg("connect %s %s: %s", from, to, e.key);
}

static struct store *
estate(const char *name)
{
    static const char *const PROD[] = {"db1", "db2", "web1", "web2", "web3"};
    char path[256];
    struct store *st;
    struct err e;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    assert_int_equal(store_open(path, &st, &e), 0);
    assert_int_equal(store_begin(st, 1, &e), 0);
    add_server(st, "db1", "database");
    add_server(st, "db2", "database");
    add_server(st, "web1", "web");
    add_server(st, "web2", "web");
    add_server(st, "web3", "web");
    add_server(st, "other1", "web");
    assert_int_equal(store_cluster_create(st, "prod", "", PROD, 5, &e), 0);
    add_conn(st, "web1", "db1", "database");
    add_conn(st, "db1", "web2", "standard");
    add_conn(st, "web3", "db1", "database");
    add_conn(st, "web3", "db2", "database");   /* already on the standby */
    add_conn(st, "db1", "db2", "standard");    /* replication */
    add_conn(st, "other1", "db1", "database"); /* outside the cluster */
    assert_int_equal(store_failover_standby_set(st, "DB1", "db2", &e), 0);
    assert_int_equal(store_commit(st, &e), 0);
    return st;
}

/* "from>to:type" of every connection, sorted, space-separated. */
static void
conns(struct store *st, char *out, size_t len)
{
    sqlite3_stmt *s;
    size_t used = 0;
    out[0] = '\0';
    assert_int_equal(sqlite3_prepare_v2(st->db,
                                        "SELECT from_id || '>' || to_id ||"
                                        " ':' || type FROM connections"
                                        " ORDER BY 1",
                                        -1, &s, NULL),
                     SQLITE_OK);
    while (sqlite3_step(s) == SQLITE_ROW) {
        int w = snprintf(out + used, len - used, "%s%s", used ? " " : "",
                         (const char *)sqlite3_column_text(s, 0));
        assert_true(w > 0 && (size_t)w < len - used);
        used += (size_t)w;
    }
    sqlite3_finalize(s);
}

static void
test_failover_moves_connections_to_standby(void **state)
{
    struct run *t = *state;
    struct store *st = estate("fo1.db");
    char got[1024], line[600], *env;
    snprintf(t->c.failover_hook, sizeof t->c.failover_hook, "env > '%s/fo.env'",
             dir);
    t->n.rule = "server_down";
    t->n.server = "DB1"; /* ids compare ignoring case */
    t->n.cluster = "prod";

    /* A test fire never moves anything. */
    t->n.event = "test";
    assert_int_equal(act(t, AA_FAILOVER, "", st), 0);
    assert_int_equal(t->r.moved, -1);
    conns(st, got, sizeof got);
    assert_string_equal(got, "db1>db2:standard db1>web2:standard "
                             "other1>db1:database web1>db1:database "
                             "web3>db1:database web3>db2:database");

    t->n.event = "firing";
    assert_int_equal(act(t, AA_FAILOVER, "", st), 0);
    assert_int_equal(t->r.moved, 2);
    assert_int_equal(t->r.skipped, 2);
    assert_string_equal(t->r.standby, "db2");
    conns(st, got, sizeof got);
    /* Direction and type kept; web3's duplicate and the db1-db2 link
     * dropped; other1 is outside the cluster and stays. */
    assert_string_equal(got, "db2>web2:standard other1>db1:database "
                             "web1>db2:database web3>db2:database");
    env = slurp("fo.env");
    assert_non_null(env);
    ASSERT_ENV(env, "UC_ACTION", "failover");
    ASSERT_ENV(env, "UC_STANDBY", "db2");
    ASSERT_ENV(env, "UC_MOVED", "2");
    free(env);
    alert_action_summary(AA_FAILOVER, &t->r, line, sizeof line);
    assert_non_null(strstr(line, "failover ok, 2 connections moved to db2 "
                                 "(2 skipped)"));
    store_close(st);
}

static void
test_failover_without_cluster_moves_all_and_no_hook_is_fine(void **state)
{
    struct run *t = *state;
    struct store *st = estate("fo2.db");
    char got[1024];
    /* no failover_hook: the switch-over is the action */
    t->n.server = "db1";
    t->n.cluster = "";
    assert_int_equal(act(t, AA_FAILOVER, "", st), 0);
    assert_int_equal(t->r.moved, 3);
    conns(st, got, sizeof got);
    assert_string_equal(got, "db2>web2:standard other1>db2:database "
                             "web1>db2:database web3>db2:database");
    /* Again: nothing left to move. */
    assert_int_equal(act(t, AA_FAILOVER, "", st), 0);
    assert_int_equal(t->r.moved, 0);
    store_close(st);
}

static void
test_failover_without_standby_or_hook_fails(void **state)
{
    struct run *t = *state;
    struct store *st = estate("fo3.db");
    struct store_failover_result fr;
    struct err e;
    char before[1024], after[1024];
    conns(st, before, sizeof before);
    t->n.server = "web1"; /* has no standby */
    assert_int_equal(act(t, AA_FAILOVER, "", st), -1);
    assert_string_equal(t->r.key, "action_err_no_hook");
    assert_int_equal(t->r.moved, -1);
    t->n.server = "ghost";
    assert_int_equal(act(t, AA_FAILOVER, "", st), -1);
    assert_string_equal(t->r.key, "action_err_switch");
    assert_int_equal(store_failover(st, "ghost", "", &fr, &e), -1);
    assert_int_equal(e.code, ERR_NOT_FOUND);
    conns(st, after, sizeof after);
    assert_string_equal(before, after);
    store_close(st);
}

static void
test_failover_standby_set_validates(void **state)
{
    struct store *st = estate("fo5.db");
    struct err e;
    char got[VALID_ID_MAX + 1];
    (void)state;
    assert_int_equal(store_begin(st, 1, &e), 0);
    assert_int_equal(store_failover_standby(st, "db1", got, &e), 0);
    assert_string_equal(got, "db2");
    assert_int_equal(store_failover_standby_set(st, "db1", "DB1", &e), -1);
    assert_string_equal(e.key, "action_err_standby_self");
    assert_int_equal(store_failover_standby_set(st, "db1", "ghost", &e), -1);
    assert_int_equal(e.code, ERR_NOT_FOUND);
    assert_string_equal(e.field, "standby");
    assert_int_equal(store_failover_standby_set(st, "ghost", "db2", &e), -1);
    assert_string_equal(e.field, "id");
    assert_int_equal(store_failover_standby(st, "db1", got, &e), 0);
    assert_string_equal(got, "db2"); /* refusals changed nothing */
    /* web1 has no probe_settings row yet: one is made. */
    assert_int_equal(store_failover_standby_set(st, "web1", "web2", &e), 0);
    assert_int_equal(store_failover_standby(st, "web1", got, &e), 0);
    assert_string_equal(got, "web2");
    assert_int_equal(store_failover_standby_set(st, "db1", "", &e), 0);
    assert_int_equal(store_failover_standby(st, "db1", got, &e), 0);
    assert_string_equal(got, "");
    assert_int_equal(store_commit(st, &e), 0);
    store_close(st);
}

static void
test_failover_hook_url_gets_standby(void **state)
{
    struct run *t = *state;
    struct store *st = estate("fo4.db");
    struct rx x;
    json_t *j;
    rx_start(&x, "200");
    hook_url(t->c.failover_hook, sizeof t->c.failover_hook, x.port);
    t->n.server = "db1";
    assert_int_equal(act(t, AA_FAILOVER, "", st), 0);
    j = request_json(0, NULL);
    assert_string_equal(json_string_value(json_object_get(j, "action")),
                        "failover");
    assert_string_equal(json_string_value(json_object_get(j, "standby")),
                        "db2");
    assert_int_equal(json_integer_value(json_object_get(j, "moved")), 2);
    json_decref(j);
    rx_stop(&x);
    store_close(st);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_record_does_nothing_but_succeed, each),
        cmocka_unit_test_setup(test_command_gets_documented_environment, each),
        cmocka_unit_test_setup(test_command_failure_reports_exit_and_output,
                               each),
        cmocka_unit_test_setup(test_command_output_capped, each),
        cmocka_unit_test_setup(test_command_past_deadline_killed_with_its_group,
                               each),
        cmocka_unit_test_setup(test_command_unset_refused, each),
        cmocka_unit_test_setup(test_email_through_sendmail_script, each),
        cmocka_unit_test_setup(test_email_default_recipient_and_bad_target,
                               each),
        cmocka_unit_test_setup(test_email_sendmail_failure_reported, each),
        cmocka_unit_test_setup(test_email_through_smtp, each),
        cmocka_unit_test_setup(test_webhook_delivers_documented_json, each),
        cmocka_unit_test_setup(test_webhook_retries_with_backoff, each),
        cmocka_unit_test_setup(test_webhook_gives_up_after_retries, each),
        cmocka_unit_test_setup(
            test_webhook_no_retry_on_client_error_or_redirect, each),
        cmocka_unit_test_setup(test_webhook_deadline_bounds_a_hanging_receiver,
                               each),
        cmocka_unit_test_setup(test_webhook_deadline_bounds_retries, each),
        cmocka_unit_test_setup(
            test_webhook_refused_connection_retried_then_fails, each),
        cmocka_unit_test_setup(test_webhook_big_answer_capped_still_delivered,
                               each),
        cmocka_unit_test_setup(test_webhook_only_http, each),
        cmocka_unit_test_setup(test_scale_hooks_command_and_url, each),
        cmocka_unit_test_setup(test_failover_moves_connections_to_standby,
                               each),
        cmocka_unit_test_setup(
            test_failover_without_cluster_moves_all_and_no_hook_is_fine, each),
        cmocka_unit_test_setup(test_failover_without_standby_or_hook_fails,
                               each),
        cmocka_unit_test_setup(test_failover_standby_set_validates, each),
        cmocka_unit_test_setup(test_failover_hook_url_gets_standby, each),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
