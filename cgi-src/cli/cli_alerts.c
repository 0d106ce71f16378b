/* cli_alerts.c — `clusterctl alerts [list|history|ack ID|silence|silences|
 * unsilence ID]`: the active alerts with their root cause, the alert log,
 * acknowledging and silencing from the command line. --json prints the
 * API's shapes.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "alert_json.h"
#include "cli_int.h"
#include "store_alerts.h"
#include "valid.h"

struct out {
    struct cli *c;
    json_t *list;
    struct err *e;
};

static void
clock_text(long long t, char *out, size_t outlen)
{
    time_t tt = (time_t)t;
    struct tm tm;
    if (t <= 0 || gmtime_r(&tt, &tm) == NULL ||
        strftime(out, outlen, "%Y-%m-%d %H:%M:%SZ", &tm) == 0)
        snprintf(out, outlen, "-");
}

/* ---- list ---- */

static int
one_alert(void *ctx, const struct alert_row *a)
{
    struct out *o = ctx;
    char since[32], value[32] = "-";
    if (o->c->json) {
        json_t *doc = alert_json_alert(o->c->st, a, o->e);
        return doc == NULL || json_array_append_new(o->list, doc) < 0 ? -1 : 0;
    }
    clock_text(a->fired ? a->fired : a->started, since, sizeof since);
    if (a->has_value)
        snprintf(value, sizeof value, "%g", a->value);
    printf("%-6lld %-8s %-8s %-20s %-24s %10s  %s", a->id, a->state,
           a->severity, a->rule, a->server, value, since);
    if (a->cause[0])
        printf("  %s", cli_text(o->c, "alert_cli_caused_by", a->cause, NULL));
    if (a->dependants > 0) {
        char n[24];
        snprintf(n, sizeof n, "%lld", a->dependants);
        printf("  %s", cli_text(o->c, "alert_cli_root_of", n, NULL));
    }
    if (a->acked_at)
        printf("  %s", cli_text(o->c, "alert_cli_acked_by", a->acked_by, NULL));
    putchar('\n');
    return 0;
}

static int
list(struct cli *c, int argc, char **argv)
{
    const char *pos[1];
    struct alert_filter f = {0};
    const struct cli_opt opts[] = {{"state", 0, 1, &f.state, NULL},
                                   {"severity", 0, 1, &f.severity, NULL},
                                   {"server", 's', 1, &f.server, NULL},
                                   {NULL, 0, 0, NULL, NULL}};
    size_t npos;
    struct err e;
    struct alert_counts counts;
    struct out o = {c, NULL, &e};
    int rc = cli_args(c, argc, argv, opts, pos, 0, &npos);
    if (rc != 0)
        return rc;
    if (c->help)
        return cli_help(c, "alerts_list");
    if ((o.list = json_array()) == NULL)
        return CLI_FAIL;
    if (cli_db_open(c, 0, &e) < 0 ||
        store_alert_counts(c->st, &counts, &e) < 0) {
        json_decref(o.list);
        cli_db_close(c);
        return cli_fail(c, &e);
    }
    char firing[24], crit[24];
    snprintf(firing, sizeof firing, "%lld", counts.firing);
    snprintf(crit, sizeof crit, "%lld", counts.firing_critical);
    cli_say(c, "alert_cli_counts", firing, crit);
    if (store_alert_list(c->st, &f, one_alert, &o, &e) != 0 ||
        cli_db_commit(c, &e) < 0) {
        json_decref(o.list);
        cli_db_close(c);
        return cli_fail(c, &e);
    }
    if (c->json)
        return cli_json(c, json_pack("{s:o, s:o}", "alerts", o.list, "counts",
                                     alert_json_counts(&counts)));
    json_decref(o.list);
    return CLI_OK;
}

/* ---- history ---- */

static int
one_event(void *ctx, const struct alert_log_row *l)
{
    struct out *o = ctx;
    char at[32], value[32] = "";
    if (o->c->json)
        return json_array_append_new(o->list, alert_json_log(l)) < 0;
    clock_text(l->at, at, sizeof at);
    if (l->has_value)
        snprintf(value, sizeof value, "%g", l->value);
    printf("%-8lld %s  %-13s %-20s %-24s %-10s %-12s %s\n", l->id, at, l->event,
           l->rule, l->server, value, l->who, l->detail);
    return 0;
}

static int
history(struct cli *c, int argc, char **argv)
{
    const char *pos[1], *limit = NULL, *before = NULL, *server = NULL,
                        *rule = NULL;
    const struct cli_opt opts[] = {{"limit", 'n', 1, &limit, NULL},
                                   {"before", 0, 1, &before, NULL},
                                   {"server", 's', 1, &server, NULL},
                                   {"rule", 'r', 1, &rule, NULL},
                                   {NULL, 0, 0, NULL, NULL}};
    size_t npos;
    long long n = 50, from = 0, next = 0;
    struct err e;
    struct out o = {c, NULL, &e};
    int rc = cli_args(c, argc, argv, opts, pos, 0, &npos);
    if (rc != 0)
        return rc;
    if (c->help)
        return cli_help(c, "alerts_history");
    if ((limit &&
         (rc = cli_number(c, "limit", limit, 1, ALERT_PAGE_MAX, &n)) != 0) ||
        (before &&
         (rc = cli_number(c, "before", before, 1, (1LL << 62), &from)) != 0))
        return rc;
    if ((o.list = json_array()) == NULL)
        return CLI_FAIL;
    if (cli_db_open(c, 0, &e) < 0 ||
        store_alert_history(c->st, from, (size_t)n, server, rule, one_event, &o,
                            &next, &e) != 0 ||
        cli_db_commit(c, &e) < 0) {
        json_decref(o.list);
        cli_db_close(c);
        return cli_fail(c, &e);
    }
    if (c->json)
        return cli_json(c,
                        json_pack("{s:o, s:o}", "events", o.list, "next",
                                  next > 0 ? json_integer(next) : json_null()));
    json_decref(o.list);
    if (next > 0) {
        char b[24];
        snprintf(b, sizeof b, "%lld", next);
        cli_say(c, "alert_cli_more", b, NULL);
    }
    return CLI_OK;
}

/* ---- ack, silence, silences, unsilence ---- */

static int
ack(struct cli *c, int argc, char **argv)
{
    const char *pos[1];
    size_t npos;
    long long id;
    struct err e;
    struct alert_row a;
    int rc = cli_args(c, argc, argv, NULL, pos, 1, &npos);
    if (rc != 0)
        return rc;
    if (c->help)
        return cli_help(c, "alerts_ack");
    if (npos != 1)
        return cli_usage(c, "alert_cli_err_need_id", NULL, NULL);
    if ((rc = cli_number(c, "id", pos[0], 1, (1LL << 62), &id)) != 0)
        return rc;
    if (cli_db_open(c, 1, &e) < 0 ||
        store_alert_ack(c->st, id, c->user, &e) < 0 ||
        store_alert_get(c->st, id, &a, &e) < 0) {
        cli_db_close(c);
        return cli_fail(c, &e);
    }
    json_t *doc = c->json ? alert_json_alert(c->st, &a, &e) : NULL;
    if ((c->json && doc == NULL) || cli_db_commit(c, &e) < 0) {
        json_decref(doc);
        cli_db_close(c);
        return cli_fail(c, &e);
    }
    cli_log(c, "acknowledge", "alert", pos[0], NULL, 0);
    if (c->json)
        return cli_json(c, doc);
    cli_say(c, "alert_cli_acked", pos[0], NULL);
    return CLI_OK;
}

static int
silence(struct cli *c, int argc, char **argv)
{
    const char *pos[1], *rule = "", *server = "", *dur = NULL, *reason = "";
    const struct cli_opt opts[] = {{"rule", 'r', 1, &rule, NULL},
                                   {"server", 's', 1, &server, NULL},
                                   {"for", 'f', 1, &dur, NULL},
                                   {"reason", 0, 1, &reason, NULL},
                                   {NULL, 0, 0, NULL, NULL}};
    size_t npos;
    long long seconds;
    struct err e;
    struct silence s;
    int rc = cli_args(c, argc, argv, opts, pos, 0, &npos);
    if (rc != 0)
        return rc;
    if (c->help)
        return cli_help(c, "alerts_silence");
    if (dur == NULL)
        return cli_usage(c, "alert_cli_err_need_for", NULL, NULL);
    memset(&s, 0, sizeof s);
    if (strlen(rule) >= sizeof s.rule || strlen(server) >= sizeof s.server ||
        strlen(reason) >= sizeof s.reason)
        return cli_usage(c, "alert_cli_err_too_long", NULL, NULL);
    snprintf(s.rule, sizeof s.rule, "%s", rule);
    snprintf(s.server, sizeof s.server, "%s", server);
    snprintf(s.reason, sizeof s.reason, "%s", reason);
    snprintf(s.by, sizeof s.by, "%s", c->user);
    if (rule_duration_parse("duration", dur, ALERT_SILENCE_MAX, &seconds, &e) <
            0 ||
        cli_db_open(c, 1, &e) < 0 ||
        store_silence_add(c->st, &s, seconds, &e) < 0 ||
        cli_db_commit(c, &e) < 0) {
        cli_db_close(c);
        return cli_fail(c, &e);
    }
    cli_log(c, "silence", "alert", s.server[0] ? s.server : s.rule, NULL, 0);
    if (c->json)
        return cli_json(c, alert_json_silence(&s));
    char id[24], until[32];
    snprintf(id, sizeof id, "%lld", s.id);
    clock_text(s.until, until, sizeof until);
    cli_say(c, "alert_cli_silenced", id, until);
    return CLI_OK;
}

static int
one_silence(void *ctx, const struct silence *s)
{
    struct out *o = ctx;
    char until[32];
    if (o->c->json)
        return json_array_append_new(o->list, alert_json_silence(s)) < 0;
    clock_text(s->until, until, sizeof until);
    printf("%-6lld %-20s %-24s %s  %-12s %s\n", s->id,
           s->rule[0] ? s->rule : "*", s->server[0] ? s->server : "*", until,
           s->by, s->reason);
    return 0;
}

static int
silences(struct cli *c, int argc, char **argv)
{
    const char *pos[1];
    size_t npos;
    struct err e;
    struct out o = {c, NULL, &e};
    int rc = cli_args(c, argc, argv, NULL, pos, 0, &npos);
    if (rc != 0)
        return rc;
    if (c->help)
        return cli_help(c, "alerts_silences");
    if ((o.list = json_array()) == NULL)
        return CLI_FAIL;
    if (cli_db_open(c, 0, &e) < 0 ||
        store_silence_list(c->st, one_silence, &o, &e) != 0 ||
        cli_db_commit(c, &e) < 0) {
        json_decref(o.list);
        cli_db_close(c);
        return cli_fail(c, &e);
    }
    if (c->json)
        return cli_json(c, json_pack("{s:o}", "silences", o.list));
    json_decref(o.list);
    return CLI_OK;
}

static int
unsilence(struct cli *c, int argc, char **argv)
{
    const char *pos[1];
    size_t npos;
    long long id;
    struct err e;
    int rc = cli_args(c, argc, argv, NULL, pos, 1, &npos);
    if (rc != 0)
        return rc;
    if (c->help)
        return cli_help(c, "alerts_unsilence");
    if (npos != 1)
        return cli_usage(c, "alert_cli_err_need_id", NULL, NULL);
    if ((rc = cli_number(c, "id", pos[0], 1, (1LL << 62), &id)) != 0)
        return rc;
    if (cli_db_open(c, 1, &e) < 0 || store_silence_delete(c->st, id, &e) < 0 ||
        cli_db_commit(c, &e) < 0) {
        cli_db_close(c);
        return cli_fail(c, &e);
    }
    cli_log(c, "unsilence", "alert", pos[0], NULL, 0);
    if (c->json)
        return cli_json(c, json_pack("{s:I}", "deleted", (json_int_t)id));
    cli_say(c, "alert_cli_unsilenced", pos[0], NULL);
    return CLI_OK;
}

int
cli_cmd_alerts(struct cli *c, int argc, char **argv)
{
    static const struct cli_sub SUB[] = {
        {"list", list},       {"history", history},   {"ack", ack},
        {"silence", silence}, {"silences", silences}, {"unsilence", unsilence}};
    /* "clusterctl alerts" alone, or with options only, lists. */
    if (argc < 2 || (argv[1][0] == '-' && !c->help && strcmp(argv[1], "-h") &&
                     strcmp(argv[1], "--help")))
        return list(c, argc, argv);
    return cli_subcommand(c, argc, argv, "alerts", SUB,
                          sizeof SUB / sizeof SUB[0]);
}
