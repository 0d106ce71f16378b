/* cli_conns.c — `clusterctl connect FROM TO [--type TYPE]` and
 * `clusterctl disconnect FROM TO`, checked and logged as connect.cgi and
 * disconnect.cgi do (object "FROM->TO").
 * SPDX-License-Identifier: BSD-3-Clause */
#include <stdio.h>
#include <string.h>

#include "cli_int.h"
#include "valid.h"

static int
pair(struct cli *c, int argc, char **argv, int connect)
{
    const char *type = NULL, *pos[2];
    const struct cli_opt opts[] = {{"type", 0, 1, &type, NULL},
                                   {NULL, 0, 0, NULL, NULL}};
    char obj[2 * VALID_ID_MAX + 3];
    size_t npos;
    struct err e;
    int rc = cli_args(c, argc, argv, connect ? opts : NULL, pos, 2, &npos);

    if (rc != 0)
        return rc;
    if (c->help)
        return cli_help(c, argv[0]);
    if (npos != 2)
        return cli_usage(c, "cli_err_need_pair", NULL, NULL);
    if (type == NULL || type[0] == '\0')
        type = "standard";
    if (valid_ident("from", pos[0], &e) < 0 ||
        valid_ident("to", pos[1], &e) < 0 ||
        valid_conn_type("type", type, &e) < 0)
        return cli_fail(c, &e);
    if (cli_db_open(c, 1, &e) < 0 ||
        (connect ? store_conn_add(c->st, pos[0], pos[1], type, &e)
                 : store_conn_delete(c->st, pos[0], pos[1], &e)) < 0 ||
        cli_db_commit(c, &e) < 0)
        return cli_fail(c, &e);
    snprintf(obj, sizeof obj, "%s->%s", pos[0], pos[1]);
    const struct kv params[] = {{"from", (char *)pos[0]},
                                {"to", (char *)pos[1]},
                                {"type", (char *)type}};
    cli_log(c, connect ? "connect" : "disconnect", "connection", obj, params,
            connect ? 3 : 2);
    if (c->json)
        return cli_json(
            c, connect ? json_pack("{s:s, s:s, s:s}", "from", pos[0], "to",
                                   pos[1], "type", type)
                       : json_pack("{s:s, s:s}", "from", pos[0], "to", pos[1]));
    cli_say(c, connect ? "cli_connected" : "cli_disconnected", pos[0], pos[1]);
    return CLI_OK;
}

int
cli_cmd_connect(struct cli *c, int argc, char **argv)
{
    return pair(c, argc, argv, 1);
}

int
cli_cmd_disconnect(struct cli *c, int argc, char **argv)
{
    return pair(c, argc, argv, 0);
}
