/* cli_status.c — `clusterctl status`: totals, servers by status and type,
 * the daemon and the database, as text or as the JSON the Perl hooks
 * read ({"servers","connections","clusters","by_status","by_type",
 * "alerts_active","daemon":{"running","pid"},"db":{"path","schema"}}).
 * SPDX-License-Identifier: BSD-3-Clause */
#include <stdio.h>
#include <string.h>

#include "cli_int.h"
#include "store_alerts.h"
#include "types.h"

/* Counts of one dimension, looked up by key. */
struct counts {
    const char *keys[16];
    long long n[16];
    size_t len;
};

static int
add_count(void *ctx, const char *key, long long n)
{
    struct counts *k = ctx;
    for (size_t i = 0; i < k->len; i++)
        if (strcmp(k->keys[i], key) == 0)
            k->n[i] = n;
    return 0;
}

/* {"key": n, ...} over every key of the vocabulary, zeros included, so
 * that scripts always find each key. */
static json_t *
count_object(const struct counts *k)
{
    json_t *o = json_object();
    for (size_t i = 0; o != NULL && i < k->len; i++)
        json_object_set_new(o, k->keys[i], json_integer(k->n[i]));
    return o;
}

/* "Active 3, Warning 1" (labels from lang/, prefix "state_" or "type_"),
 * non-zero counts only. */
static void
count_text(struct cli *c, const struct counts *k, const char *prefix, char *out,
           size_t outlen)
{
    size_t used = 0;
    out[0] = '\0';
    for (size_t i = 0; i < k->len; i++) {
        char key[48];
        if (k->n[i] == 0)
            continue;
        snprintf(key, sizeof key, "%s%s", prefix, k->keys[i]);
        int w =
            snprintf(out + used, outlen - used, "%s%s %lld", used ? ", " : "",
                     cli_text(c, key, NULL, NULL), k->n[i]);
        if (w < 0 || (size_t)w >= outlen - used)
            break;
        used += (size_t)w;
    }
    if (used == 0)
        snprintf(out, outlen, "-");
}

static void
daemon_text(struct cli *c, const struct cli_daemon_state *d)
{
    char pid[24];
    snprintf(pid, sizeof pid, "%lld", d->pid);
    if (d->running)
        cli_say(c, "cli_daemon_running", pid, NULL);
    else if (!d->systemd)
        cli_say(c, "cli_daemon_no_systemd", NULL, NULL);
    else if (!d->installed)
        cli_say(c, "cli_daemon_not_installed_state", CLI_DAEMON, NULL);
    else
        cli_say(c, "cli_daemon_stopped", NULL, NULL);
}

int
cli_cmd_status(struct cli *c, int argc, char **argv)
{
    struct counts by_status = {.len = SERVER_STATE_COUNT};
    struct counts by_type = {.len = SERVER_TYPE_COUNT};
    struct store_totals t;
    struct alert_counts alerts;
    struct cli_daemon_state d;
    const char *pos[1];
    size_t npos;
    struct err e;
    int schema, rc = cli_args(c, argc, argv, NULL, pos, 0, &npos);

    if (rc != 0)
        return rc;
    if (c->help)
        return cli_help(c, "status");
    for (size_t i = 0; i < SERVER_STATE_COUNT; i++)
        by_status.keys[i] = SERVER_STATES[i];
    for (size_t i = 0; i < SERVER_TYPE_COUNT; i++)
        by_type.keys[i] = SERVER_TYPES[i].name;
    if (cli_db_open(c, 0, &e) < 0 || store_totals(c->st, &t, &e) < 0 ||
        store_count_by(c->st, "status", add_count, &by_status, &e) < 0 ||
        store_count_by(c->st, "type", add_count, &by_type, &e) < 0 ||
        store_alert_counts(c->st, &alerts, &e) < 0)
        return cli_fail(c, &e);
    schema = store_schema_version(c->st);
    if (cli_db_commit(c, &e) < 0)
        return cli_fail(c, &e);
    cli_daemon_state(c, &d);
    if (c->json)
        /* alerts_active: alerts firing now (pending ones are not yet). */
        return cli_json(
            c,
            json_pack("{s:I, s:I, s:I, s:o, s:o, s:I, s:{s:b, s:o}, "
                      "s:{s:s, s:i}}",
                      "servers", (json_int_t)t.servers, "connections",
                      (json_int_t)t.connections, "clusters",
                      (json_int_t)t.clusters, "by_status",
                      count_object(&by_status), "by_type",
                      count_object(&by_type), "alerts_active",
                      (json_int_t)alerts.firing, "daemon", "running", d.running,
                      "pid", d.pid ? json_integer(d.pid) : json_null(), "db",
                      "path", c->db_path, "schema", schema));
    char n[24], text[1024];
    snprintf(n, sizeof n, "%d", schema);
    cli_say(c, "cli_status_db", c->db_path, n);
    snprintf(n, sizeof n, "%lld", t.servers);
    cli_say(c, "cli_status_servers", n, NULL);
    snprintf(n, sizeof n, "%lld", t.connections);
    cli_say(c, "cli_status_connections", n, NULL);
    snprintf(n, sizeof n, "%lld", t.clusters);
    cli_say(c, "cli_status_clusters", n, NULL);
    count_text(c, &by_status, "state_", text, sizeof text);
    cli_say(c, "cli_status_by_status", text, NULL);
    count_text(c, &by_type, "type_", text, sizeof text);
    cli_say(c, "cli_status_by_type", text, NULL);
    snprintf(n, sizeof n, "%lld", alerts.firing);
    cli_say(c, "cli_status_alerts", n, NULL);
    daemon_text(c, &d);
    return CLI_OK;
}
