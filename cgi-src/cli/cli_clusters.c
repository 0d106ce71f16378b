/* cli_clusters.c — `clusterctl cluster create|list|show|rm`. `cluster list
 * --json` gives {"clusters":[{"name","description","members"}]}; `cluster
 * show NAME --json` the shape the Perl hooks read: {"name","description",
 * "members","by_status":{...},"servers":[{"id","name","type","status"}]}.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <stdio.h>
#include <string.h>

#include "cli_int.h"
#include "types.h"
#include "valid.h"

#define MAX_MEMBERS 10000 /* on one command line */
#define PAGE        1000

/* ---- show ---- */

struct members {
    struct cli *c;
    json_t *list;
    long long by_status[8];
    size_t n;
    char last[VALID_ID_MAX + 1];
};

static int
one_member(void *ctx, const struct server *s)
{
    struct members *m = ctx;
    for (size_t i = 0; i < SERVER_STATE_COUNT; i++)
        if (strcmp(SERVER_STATES[i], s->status) == 0)
            m->by_status[i]++;
    if (m->c->json)
        json_array_append_new(m->list, json_pack("{s:s, s:s, s:s, s:s}", "id",
                                                 s->id, "name", s->name, "type",
                                                 s->type, "status", s->status));
    else
        printf("  %-24s  %-12s  %-8s  %s\n", s->id, s->type, s->status,
               s->name);
    snprintf(m->last, sizeof m->last, "%s", s->id);
    m->n++;
    return 0;
}

/* Every member by id, a page at a time. */
static int
walk_members(struct cli *c, const char *name, struct members *m, struct err *e)
{
    struct server_query q = {0};
    char after[VALID_ID_MAX + 1];
    q.cluster = name;
    q.sort = SORT_ID;
    q.limit = PAGE;
    for (;;) {
        size_t before = m->n;
        if (store_server_list(c->st, &q, one_member, m, e) < 0)
            return -1;
        if (m->n - before < PAGE)
            return 0;
        snprintf(after, sizeof after, "%s", m->last);
        q.after_key = after;
        q.after_id = after;
    }
}

static int
show(struct cli *c, int argc, char **argv)
{
    const char *pos[1];
    struct members m = {.c = c};
    struct cluster k;
    size_t npos;
    struct err e;
    char n[24];
    int rc = cli_args(c, argc, argv, NULL, pos, 1, &npos);

    if (rc != 0)
        return rc;
    if (c->help)
        return cli_help(c, "cluster_show");
    if (npos != 1)
        return cli_usage(c, "cli_err_need_name", NULL, NULL);
    if (valid_ident("name", pos[0], &e) < 0 || cli_db_open(c, 0, &e) < 0 ||
        store_cluster_get(c->st, pos[0], &k, &e) < 0)
        return cli_fail(c, &e);
    if (!c->json) {
        snprintf(n, sizeof n, "%lld", k.members);
        cli_say(c, "cli_cluster_head", k.name, n);
        if (k.description[0])
            printf("%s\n", k.description);
    }
    m.list = json_array();
    if (m.list == NULL || walk_members(c, k.name, &m, &e) < 0 ||
        cli_db_commit(c, &e) < 0) {
        json_decref(m.list);
        return cli_fail(c, &e);
    }
    if (!c->json) {
        json_decref(m.list);
        return CLI_OK;
    }
    json_t *by = json_object();
    for (size_t i = 0; by != NULL && i < SERVER_STATE_COUNT; i++)
        json_object_set_new(by, SERVER_STATES[i], json_integer(m.by_status[i]));
    return cli_json(c, json_pack("{s:s, s:s, s:I, s:o, s:o}", "name", k.name,
                                 "description", k.description, "members",
                                 (json_int_t)k.members, "by_status", by,
                                 "servers", m.list));
}

/* ---- list ---- */

static int
one_cluster(void *ctx, const struct cluster *k)
{
    struct members *m = ctx;
    if (m->c->json)
        json_array_append_new(m->list,
                              json_pack("{s:s, s:s, s:I}", "name", k->name,
                                        "description", k->description,
                                        "members", (json_int_t)k->members));
    else
        printf("%-24s  %8lld  %s\n", k->name, k->members, k->description);
    m->n++;
    return 0;
}

static int
list(struct cli *c, int argc, char **argv)
{
    const char *pos[1];
    struct members m = {.c = c};
    size_t npos;
    struct err e;
    int rc = cli_args(c, argc, argv, NULL, pos, 0, &npos);

    if (rc != 0)
        return rc;
    if (c->help)
        return cli_help(c, "cluster_list");
    if ((m.list = json_array()) == NULL)
        return CLI_FAIL;
    if (!c->json)
        printf("%-24s  %8s  %s\n", cli_text(c, "field_cluster", NULL, NULL),
               "#", cli_text(c, "field_description", NULL, NULL));
    if (cli_db_open(c, 0, &e) < 0 ||
        store_cluster_list(c->st, one_cluster, &m, &e) < 0 ||
        cli_db_commit(c, &e) < 0) {
        json_decref(m.list);
        return cli_fail(c, &e);
    }
    if (c->json)
        return cli_json(c, json_pack("{s:o}", "clusters", m.list));
    json_decref(m.list);
    return CLI_OK;
}

/* ---- create, rm ---- */

static int
create(struct cli *c, int argc, char **argv)
{
    static const char *pos[MAX_MEMBERS + 1];
    const char *desc = "";
    int autoconnect = 0;
    const struct cli_opt opts[] = {{"description", 'd', 1, &desc, NULL},
                                   {"autoconnect", 0, 0, NULL, &autoconnect},
                                   {NULL, 0, 0, NULL, NULL}};
    long long added = 0;
    size_t npos;
    struct err e;
    int rc = cli_args(c, argc, argv, opts, pos, MAX_MEMBERS + 1, &npos);

    if (rc != 0)
        return rc;
    if (c->help)
        return cli_help(c, "cluster_create");
    if (npos < 1)
        return cli_usage(c, "cli_err_need_name", NULL, NULL);
    if (valid_ident("name", pos[0], &e) < 0 ||
        valid_text("description", desc, &e) < 0)
        return cli_fail(c, &e);
    for (size_t i = 1; i < npos; i++)
        if (valid_ident("servers", pos[i], &e) < 0)
            return cli_fail(c, &e);
    if (cli_db_open(c, 1, &e) < 0 ||
        store_cluster_create(c->st, pos[0], desc, pos + 1, npos - 1, &e) < 0 ||
        (autoconnect &&
         store_cluster_autoconnect(c->st, pos[0], &added, &e) < 0) ||
        cli_db_commit(c, &e) < 0) {
        cli_db_close(c);
        return cli_fail(c, &e);
    }
    static struct kv params[MAX_MEMBERS + 2];
    size_t np = 0;
    params[np++] = (struct kv){"name", (char *)pos[0]};
    params[np++] = (struct kv){"description", (char *)desc};
    for (size_t i = 1; i < npos; i++)
        params[np++] = (struct kv){"servers", (char *)pos[i]};
    cli_log(c, "create", "cluster", pos[0], params, np);
    char n[24];
    snprintf(n, sizeof n, "%lld", added);
    if (autoconnect) {
        struct kv p = {"added", n};
        cli_log(c, "autoconnect", "cluster", pos[0], &p, 1);
    }
    if (c->json)
        return cli_json(c, json_pack("{s:s, s:s, s:I, s:I}", "name", pos[0],
                                     "description", desc, "members",
                                     (json_int_t)(npos - 1), "connected",
                                     (json_int_t)added));
    cli_say(c, "cli_cluster_created", pos[0], NULL);
    if (autoconnect)
        cli_say(c, "cli_cluster_wired", n, NULL);
    return CLI_OK;
}

static int
rm(struct cli *c, int argc, char **argv)
{
    const char *pos[1];
    size_t npos;
    struct err e;
    int rc = cli_args(c, argc, argv, NULL, pos, 1, &npos);

    if (rc != 0)
        return rc;
    if (c->help)
        return cli_help(c, "cluster_rm");
    if (npos != 1)
        return cli_usage(c, "cli_err_need_name", NULL, NULL);
    if (valid_ident("name", pos[0], &e) < 0 || cli_db_open(c, 1, &e) < 0 ||
        store_cluster_delete(c->st, pos[0], &e) < 0 || cli_db_commit(c, &e) < 0)
        return cli_fail(c, &e);
    struct kv param = {"name", (char *)pos[0]};
    cli_log(c, "delete", "cluster", pos[0], &param, 1);
    if (c->json)
        return cli_json(c, json_pack("{s:s}", "deleted", pos[0]));
    cli_say(c, "cli_cluster_deleted", pos[0], NULL);
    return CLI_OK;
}

int
cli_cmd_cluster(struct cli *c, int argc, char **argv)
{
    static const struct cli_sub SUB[] = {
        {"create", create}, {"list", list}, {"show", show}, {"rm", rm}};
    return cli_subcommand(c, argc, argv, "cluster", SUB,
                          sizeof SUB / sizeof SUB[0]);
}
