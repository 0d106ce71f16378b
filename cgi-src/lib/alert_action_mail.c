/* alert_action_mail.c — the e-mail action: a plain-text message about the
 * alert, handed to the local sendmail ("sendmail -oi -t", message on
 * stdin) or, when Module Config has smtp_url, sent by SMTP
 * (alert_action_smtp.c). Addresses are bare local@domain and every header
 * value loses its control characters, so no alert data can add a header
 * or a recipient.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "alert_action_int.h"

#define MESSAGE_MAX (256 * 1024)

/* A header value: control characters as spaces. */
static int
add_header(struct buf *b, const char *name, const char *value)
{
    char clean[512];
    aa_clean_line(value, clean, sizeof clean);
    return buf_addf(b, "%s: %s\n", name, clean);
}

/* The subject in ASCII: anything else (and control characters) as '?'. */
static int
add_subject(struct buf *b, const struct alert_notice *n)
{
    char raw[300], clean[300];
    size_t i;
    snprintf(raw, sizeof raw, "[unlimited-cluster] %s %s: %s on %s",
             n->event && *n->event ? n->event : "alert",
             n->severity ? n->severity : "", n->rule ? n->rule : "",
             n->server ? n->server : "");
    for (i = 0; raw[i]; i++) {
        unsigned char c = (unsigned char)raw[i];
        clean[i] = c < 0x20 || c >= 0x7f ? '?' : (char)c;
    }
    clean[i] = '\0';
    return buf_addf(b, "Subject: %s\n", clean);
}

/* One "Label: value" body line, the value on one line. */
static int
add_line(struct buf *b, const char *label, const char *value)
{
    char clean[1024];
    if (!value || !*value)
        return 0;
    aa_clean_line(value, clean, sizeof clean);
    return buf_addf(b, "%-11s %s\n", label, clean);
}

static int
add_time(struct buf *b, const char *label, long long t)
{
    char iso[21];
    aa_iso_time(t, iso);
    return add_line(b, label, iso);
}

int
aa_mail_message(const char *from, char rcpt[][256], int nrcpt,
                const struct alert_notice *n, long long now, struct buf *b)
{
    char date[64], line[512], num[2][32];
    time_t t = (time_t)now;
    struct tm tm;
    int i, bad = 0;

    if (!gmtime_r(&t, &tm) ||
        strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S +0000", &tm) == 0)
        date[0] = '\0';
    bad |= add_header(b, "From", from);
    bad |= buf_add(b, "To: ");
    for (i = 0; i < nrcpt; i++)
        bad |= buf_addf(b, "%s%s", i ? ", " : "", rcpt[i]);
    bad |= buf_addc(b, '\n');
    bad |= add_subject(b, n);
    if (date[0])
        bad |= add_header(b, "Date", date);
    bad |= buf_add(b, "MIME-Version: 1.0\n"
                      "Content-Type: text/plain; charset=UTF-8\n"
                      "Content-Transfer-Encoding: 8bit\n"
                      "Auto-Submitted: auto-generated\n");
    bad |= add_header(b, "X-UC-Event", n->event);
    bad |= add_header(b, "X-UC-Rule", n->rule);
    bad |= add_header(b, "X-UC-Server", n->server);
    bad |= buf_addc(b, '\n');

    /* The body: what happened, then the details, one per line. */
    snprintf(num[0], sizeof num[0], "%.15g", n->threshold);
    if (isfinite(n->value))
        snprintf(num[1], sizeof num[1], "%.15g", n->value);
    else
        snprintf(num[1], sizeof num[1], "unknown");
    snprintf(line, sizeof line, "%s %s %s (value %s)",
             n->metric ? n->metric : "", n->op ? n->op : "", num[0], num[1]);
    bad |= add_line(b, "Alert:", n->rule);
    bad |= add_line(b, "Event:", n->event);
    bad |= add_line(b, "Severity:", n->severity);
    bad |= add_line(b, "Condition:", line);
    bad |= add_line(b, "Server:", n->server);
    bad |= add_line(b, "Name:", n->server_name);
    bad |= add_line(b, "Address:", n->server_ip);
    bad |= add_line(b, "Type:", n->server_type);
    bad |= add_line(b, "Region:", n->region);
    bad |= add_line(b, "Cluster:", n->cluster);
    bad |= add_line(b, "Cause:", n->cause);
    bad |= add_time(b, "Started:", n->started);
    bad |= add_time(b, "At:", n->at);
    bad |= add_time(b, "Predicted:", n->predicted);
    bad |= add_line(b, "Reason:", n->reason);
    if (n->ndependants > 0) {
        bad |= buf_addf(b, "\nAlso affected, through this server (%d):\n",
                        n->ndependants);
        for (i = 0; i < n->ndependants && i < 100; i++)
            bad |= add_line(b, "  -", n->dependants[i]);
        if (n->ndependants > 100)
            bad |= buf_addf(b, "  ... and %d more\n", n->ndependants - 100);
    }
    bad |= buf_add(b, "\n-- \nunlimited-cluster alerts\n");
    return bad ? -1 : 0;
}

static int
sendmail_run(const struct alert_action_conf *c, const struct buf *msg,
             long long deadline_ms, struct alert_action_result *r)
{
    char *argv[] = {(char *)c->sendmail, (char *)"-oi", (char *)"-t", NULL};
    char *env[] = {(char *)"PATH=/usr/sbin:/usr/bin:/sbin:/bin", NULL};
    if (c->sendmail[0] != '/')
        return aa_fail(r, "action_err_sendmail",
                       "the sendmail path must be absolute");
    if (aa_proc_run(argv, env, msg->p, msg->len, deadline_ms, r) != 0) {
        char why[sizeof r->error];
        snprintf(why, sizeof why, "%s", r->error);
        return aa_fail(r, r->key[0] ? r->key : "action_err_sendmail",
                       "sendmail: %s", why);
    }
    return 0;
}

int
aa_mail_send(const struct alert_action_conf *c, const char *to,
             const struct alert_notice *n, long long deadline_ms,
             struct alert_action_result *r)
{
    char rcpt[AA_RCPT_MAX][256];
    struct buf msg;
    int nrcpt, rc;

    if (!to || !*to)
        return aa_fail(r, "action_err_no_email",
                       "no recipient (rule target or notify_email)");
    nrcpt = aa_addr_split(to, rcpt, AA_RCPT_MAX);
    if (nrcpt < 0)
        return aa_fail(r, "action_err_address",
                       "a recipient is not a plain address like "
                       "ops@example.com");
    if (!aa_addr_valid(c->mail_from))
        return aa_fail(r, "action_err_address",
                       "the sender (mail_from) is not a plain address");
    buf_init(&msg, MESSAGE_MAX);
    if (aa_mail_message(c->mail_from, rcpt, nrcpt, n, (long long)time(NULL),
                        &msg) != 0) {
        buf_free(&msg);
        return aa_fail(r, "action_err_message", "the message is too long");
    }
    if (c->smtp_url[0])
        rc = aa_smtp_send(c, rcpt, nrcpt, &msg, deadline_ms, r);
    else
        rc = sendmail_run(c, &msg, deadline_ms, r);
    buf_free(&msg);
    return rc;
}
