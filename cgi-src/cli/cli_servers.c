/* cli_servers.c — `clusterctl servers list|add|show|rm`, with the pages'
 * validation (valid.h) and action log entries.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_int.h"
#include "valid.h"

#define PAGE_MAX      1000
#define DEFAULT_LIMIT 100

/* ---- list ---- */

struct page {
    struct server *rows;
    size_t n;
};

static int
collect(void *ctx, const struct server *s)
{
    struct page *p = ctx;
    p->rows[p->n++] = *s;
    return 0;
}

static const char *
or_dash(const char *s)
{
    return s[0] ? s : "-";
}

static int
width(const struct page *p, size_t off, const char *label)
{
    size_t w = strlen(label);
    for (size_t i = 0; i < p->n; i++) {
        const char *v = (const char *)&p->rows[i] + off;
        size_t n = strlen(or_dash(v));
        if (n > w)
            w = n;
    }
    return (int)(w > 40 ? 40 : w);
}

static void
print_page(struct cli *c, const struct page *p, int header)
{
    const char *l_id = cli_text(c, "field_id", NULL, NULL);
    char h_id[64], h_type[64], h_ip[64], h_region[64], h_status[64];
    snprintf(h_id, sizeof h_id, "%s", l_id);
    snprintf(h_type, sizeof h_type, "%s",
             cli_text(c, "field_type", NULL, NULL));
    snprintf(h_ip, sizeof h_ip, "%s", cli_text(c, "field_ip", NULL, NULL));
    snprintf(h_region, sizeof h_region, "%s",
             cli_text(c, "field_region", NULL, NULL));
    snprintf(h_status, sizeof h_status, "%s",
             cli_text(c, "field_status", NULL, NULL));
    int wi = width(p, offsetof(struct server, id), h_id);
    int wt = width(p, offsetof(struct server, type), h_type);
    int wa = width(p, offsetof(struct server, ip), h_ip);
    int wr = width(p, offsetof(struct server, region), h_region);
    int ws = width(p, offsetof(struct server, status), h_status);
    if (header)
        printf("%-*s  %-*s  %-*s  %-*s  %-*s  %s\n", wi, h_id, wt, h_type, wa,
               h_ip, wr, h_region, ws, h_status,
               cli_text(c, "field_name", NULL, NULL));
    for (size_t i = 0; i < p->n; i++) {
        const struct server *s = &p->rows[i];
        printf("%-*s  %-*s  %-*s  %-*s  %-*s  %s\n", wi, s->id, wt, s->type, wa,
               s->ip, wr, or_dash(s->region), ws, s->status, s->name);
    }
}

/* Streams one page as JSON array members ("," between them). */
static int
json_page(const struct page *p, size_t *written)
{
    for (size_t i = 0; i < p->n; i++) {
        json_t *v = cli_json_server(&p->rows[i]);
        if (v == NULL)
            return -1;
        if ((*written)++ > 0)
            fputc(',', stdout);
        int rc = json_dumpf(v, stdout, JSON_COMPACT);
        json_decref(v);
        if (rc < 0)
            return -1;
    }
    return 0;
}

static int
sort_of(const char *s, enum server_sort *out)
{
    static const char *const names[SORT__MAX] = {"id", "name",   "type",
                                                 "ip", "region", "status"};
    for (int i = 0; i < SORT__MAX; i++)
        if (strcmp(s, names[i]) == 0) {
            *out = (enum server_sort)i;
            return 0;
        }
    return -1;
}

static int
check_filters(const struct server_query *q, struct err *e)
{
    if (q->type && valid_server_type("type", q->type, e) < 0)
        return -1;
    if (q->status && valid_state("status", q->status, e) < 0)
        return -1;
    if (q->region && valid_region("region", q->region, e) < 0)
        return -1;
    if (q->cluster && valid_ident("cluster", q->cluster, e) < 0)
        return -1;
    if (q->q && valid_text("q", q->q, e) < 0)
        return -1;
    return 0;
}

static int
list(struct cli *c, int argc, char **argv)
{
    struct server_query q = {0};
    const char *limit_opt = NULL, *sort_opt = NULL, *pos[1];
    int all = 0, desc = 0, rc;
    const struct cli_opt opts[] = {
        {"type", 0, 1, &q.type, NULL},     {"region", 0, 1, &q.region, NULL},
        {"status", 0, 1, &q.status, NULL}, {"cluster", 0, 1, &q.cluster, NULL},
        {"search", 'q', 1, &q.q, NULL},    {"sort", 0, 1, &sort_opt, NULL},
        {"desc", 0, 0, NULL, &desc},       {"limit", 0, 1, &limit_opt, NULL},
        {"all", 0, 0, NULL, &all},         {NULL, 0, 0, NULL, NULL}};
    long long limit = DEFAULT_LIMIT, total = 0;
    size_t npos, shown = 0, written = 0;
    struct page p = {0};
    struct err e;

    err_clear(&e);
    if ((rc = cli_args(c, argc, argv, opts, pos, 0, &npos)) != 0)
        return rc;
    if (c->help)
        return cli_help(c, "servers_list");
    if (limit_opt != NULL &&
        (rc = cli_number(c, "--limit", limit_opt, 1, PAGE_MAX, &limit)) != 0)
        return rc;
    if (sort_opt != NULL && sort_of(sort_opt, &q.sort) < 0)
        return cli_usage(c, "err_bad_sort", sort_opt, NULL);
    q.desc = desc;
    if (check_filters(&q, &e) < 0)
        return cli_fail(c, &e);
    if ((p.rows = calloc(PAGE_MAX, sizeof *p.rows)) == NULL)
        return CLI_FAIL;
    if (cli_db_open(c, 0, &e) < 0 ||
        store_server_count(c->st, &q, 1000000, &total, &e) < 0)
        goto fail;
    if (c->json)
        fputs("{\"servers\":[", stdout);
    char after_key[VALID_HOST_MAX + 1], after_id[VALID_ID_MAX + 1];
    for (int page = 0;; page++) {
        p.n = 0;
        q.limit = all ? PAGE_MAX : (size_t)limit;
        if (store_server_list(c->st, &q, collect, &p, &e) < 0)
            goto fail;
        if (c->json ? json_page(&p, &written) < 0
                    : (print_page(c, &p, page == 0), 0))
            goto fail;
        shown += p.n;
        if (!all || p.n < PAGE_MAX)
            break;
        /* Keyset paging: continue after the last row. */
        store_server_sort_key(&p.rows[p.n - 1], q.sort, after_key,
                              sizeof after_key);
        snprintf(after_id, sizeof after_id, "%s", p.rows[p.n - 1].id);
        q.after_key = after_key;
        q.after_id = after_id;
    }
    if (cli_db_commit(c, &e) < 0)
        goto fail;
    free(p.rows);
    if (c->json) {
        printf("],\"total\":%lld,\"total_exact\":%s}\n",
               total > 1000000 ? 1000000 : total,
               total > 1000000 ? "false" : "true");
        return fflush(stdout) == 0 ? CLI_OK : CLI_FAIL;
    }
    char a[24], b[24];
    snprintf(a, sizeof a, "%zu", shown);
    snprintf(b, sizeof b, "%lld", total);
    cli_say(c, "cli_servers_shown", a, b);
    return CLI_OK;
fail:
    free(p.rows);
    if (c->json && e.code == ERR_OK)
        return CLI_FAIL;
    return cli_fail(c, &e);
}

/* ---- add ---- */

static int
add(struct cli *c, int argc, char **argv)
{
    const char *type = NULL, *ip = NULL, *name = NULL, *region = NULL;
    const char *ports = NULL, *status = NULL, *x = NULL, *y = NULL, *pos[1];
    const struct cli_opt opts[] = {
        {"type", 0, 1, &type, NULL},   {"ip", 0, 1, &ip, NULL},
        {"name", 0, 1, &name, NULL},   {"region", 0, 1, &region, NULL},
        {"ports", 0, 1, &ports, NULL}, {"status", 0, 1, &status, NULL},
        {"x", 0, 1, &x, NULL},         {"y", 0, 1, &y, NULL},
        {NULL, 0, 0, NULL, NULL}};
    struct server s;
    size_t npos;
    struct err e;
    int xset = 0, yset = 0;
    int rc = cli_args(c, argc, argv, opts, pos, 1, &npos);

    if (rc != 0)
        return rc;
    if (c->help)
        return cli_help(c, "servers_add");
    if (npos != 1)
        return cli_usage(c, "cli_err_need_id", NULL, NULL);
    /* The pages' rules (input.c): name defaults to the id, status to
     * unknown, x and y come together. */
    memset(&s, 0, sizeof s);
    if (name == NULL || name[0] == '\0')
        name = pos[0];
    if (status == NULL || status[0] == '\0')
        status = "unknown";
    if (valid_ident("id", pos[0], &e) < 0 || valid_name("name", name, &e) < 0 ||
        valid_server_type("type", type ? type : "", &e) < 0 ||
        valid_host("ip", ip ? ip : "", &e) < 0 ||
        valid_region("region", region, &e) < 0 ||
        valid_ports("ports", ports, s.ports, sizeof s.ports, &e) < 0 ||
        valid_state("status", status, &e) < 0 ||
        valid_coord("x", x, &s.x, &xset, &e) < 0 ||
        valid_coord("y", y, &s.y, &yset, &e) < 0)
        return cli_fail(c, &e);
    if (xset != yset) {
        err_set(&e, ERR_INVALID, xset ? "y" : "x", "err_required", NULL, NULL);
        return cli_fail(c, &e);
    }
    s.has_pos = xset;
    snprintf(s.id, sizeof s.id, "%s", pos[0]);
    snprintf(s.name, sizeof s.name, "%s", name);
    snprintf(s.type, sizeof s.type, "%s", type);
    snprintf(s.ip, sizeof s.ip, "%s", ip);
    snprintf(s.region, sizeof s.region, "%s", region ? region : "");
    snprintf(s.status, sizeof s.status, "%s", status);
    if (cli_db_open(c, 1, &e) < 0 || store_server_add(c->st, &s, &e) < 0 ||
        store_server_get(c->st, s.id, &s, &e) < 0 || cli_db_commit(c, &e) < 0)
        return cli_fail(c, &e);
    const struct kv params[] = {{"id", s.id},         {"name", s.name},
                                {"type", s.type},     {"ip", s.ip},
                                {"region", s.region}, {"ports", s.ports},
                                {"status", s.status}};
    cli_log(c, "create", "server", s.id, params,
            sizeof params / sizeof params[0]);
    if (c->json)
        return cli_json(c, cli_json_server(&s));
    cli_say(c, "cli_server_added", s.id, NULL);
    return CLI_OK;
}

/* ---- show ---- */

struct details {
    json_t *clusters, *conns;
    long long nconns;
};

static int
one_cluster(void *ctx, const char *name)
{
    struct details *d = ctx;
    json_array_append_new(d->clusters, json_string(name));
    return 0;
}

static int
one_conn(void *ctx, const struct connection *k)
{
    struct details *d = ctx;
    json_array_append_new(
        d->conns, json_pack("{s:I, s:s, s:s, s:s}", "id", (json_int_t)k->id,
                            "from", k->from, "to", k->to, "type", k->type));
    d->nconns++;
    return 0;
}

static void
show_text(struct cli *c, const struct server *s, const struct details *d)
{
    char ports[160], created[32], updated[32], pos[80], key[32];
    json_t *v;
    size_t i;

    cli_ports_text(s, ports, sizeof ports);
    if (s->ports[0] == '\0')
        snprintf(ports + strlen(ports), sizeof ports - strlen(ports), " %s",
                 cli_text(c, "cli_ports_default", NULL, NULL));
    snprintf(created, sizeof created, "%s",
             json_string_value(v = cli_json_time(s->created)));
    json_decref(v);
    snprintf(updated, sizeof updated, "%s",
             json_string_value(v = cli_json_time(s->updated)));
    json_decref(v);
    if (s->has_pos)
        snprintf(pos, sizeof pos, "%g, %g", s->x, s->y);
    else
        snprintf(pos, sizeof pos, "-");
    const char *rows[][2] = {{"field_id", s->id},
                             {"field_name", s->name},
                             {"field_type", s->type},
                             {"field_ip", s->ip},
                             {"field_region", or_dash(s->region)},
                             {"field_ports", ports},
                             {"field_status", s->status},
                             {"cli_field_position", pos},
                             {"cli_field_created", created},
                             {"cli_field_updated", updated}};
    for (size_t r = 0; r < sizeof rows / sizeof rows[0]; r++)
        printf("%s: %s\n", cli_text(c, rows[r][0], NULL, NULL), rows[r][1]);
    printf("%s:", cli_text(c, "field_clusters", NULL, NULL));
    json_array_foreach(d->clusters, i, v)
        printf("%s %s", i ? "," : "", json_string_value(v));
    printf("%s\n", json_array_size(d->clusters) ? "" : " -");
    snprintf(key, sizeof key, "%lld", d->nconns);
    printf("%s\n", cli_text(c, "cli_server_connections", key, NULL));
    json_array_foreach(d->conns, i, v)
    {
        printf("  %s -> %s (%s)\n",
               json_string_value(json_object_get(v, "from")),
               json_string_value(json_object_get(v, "to")),
               json_string_value(json_object_get(v, "type")));
    }
}

static int
show(struct cli *c, int argc, char **argv)
{
    const char *pos[1];
    struct details d = {json_array(), json_array(), 0};
    struct server s;
    size_t npos;
    struct err e;
    int rc = cli_args(c, argc, argv, NULL, pos, 1, &npos);

    if (rc == 0 && c->help)
        rc = cli_help(c, "servers_show");
    else if (rc == 0 && npos != 1)
        rc = cli_usage(c, "cli_err_need_id", NULL, NULL);
    else if (rc == 0 && d.clusters && d.conns) {
        if (valid_ident("id", pos[0], &e) < 0 || cli_db_open(c, 0, &e) < 0 ||
            store_server_get(c->st, pos[0], &s, &e) < 0 ||
            store_server_clusters(c->st, s.id, one_cluster, &d, &e) < 0 ||
            store_conn_list_server(c->st, s.id, 10000, one_conn, &d, &e) < 0 ||
            cli_db_commit(c, &e) < 0) {
            rc = cli_fail(c, &e);
        } else if (c->json) {
            json_t *v = cli_json_server(&s);
            if (v != NULL) {
                json_object_set(v, "clusters", d.clusters);
                json_object_set(v, "connections", d.conns);
            }
            rc = cli_json(c, v);
        } else {
            show_text(c, &s, &d);
        }
    }
    json_decref(d.clusters);
    json_decref(d.conns);
    return rc;
}

/* ---- rm ---- */

static int
rm(struct cli *c, int argc, char **argv)
{
    const char *pos[PAGE_MAX];
    size_t npos;
    struct err e;
    int rc = cli_args(c, argc, argv, NULL, pos, PAGE_MAX, &npos);

    if (rc != 0)
        return rc;
    if (c->help)
        return cli_help(c, "servers_rm");
    if (npos == 0)
        return cli_usage(c, "cli_err_need_id", NULL, NULL);
    for (size_t i = 0; i < npos; i++)
        if (valid_ident("id", pos[i], &e) < 0)
            return cli_fail(c, &e);
    /* All or none: one transaction. */
    if (cli_db_open(c, 1, &e) < 0)
        return cli_fail(c, &e);
    for (size_t i = 0; i < npos; i++)
        if (store_server_delete(c->st, pos[i], &e) < 0) {
            cli_db_close(c);
            return cli_fail(c, &e);
        }
    if (cli_db_commit(c, &e) < 0)
        return cli_fail(c, &e);
    json_t *ids = json_array();
    for (size_t i = 0; i < npos; i++) {
        const struct kv param = {"id", (char *)pos[i]};
        cli_log(c, "delete", "server", pos[i], &param, 1);
        json_array_append_new(ids, json_string(pos[i]));
        cli_say(c, "cli_server_deleted", pos[i], NULL);
    }
    if (c->json)
        return cli_json(c, json_pack("{s:o}", "deleted", ids));
    json_decref(ids);
    return CLI_OK;
}

int
cli_cmd_servers(struct cli *c, int argc, char **argv)
{
    static const struct cli_sub SUB[] = {{"list", list},
                                         {"add", add},
                                         {"show", show},
                                         {"rm", rm},
                                         {"standby", cli_servers_standby}};
    return cli_subcommand(c, argc, argv, "servers", SUB,
                          sizeof SUB / sizeof SUB[0]);
}
