/* cli_standby.c — `clusterctl servers standby ID [STANDBY | --none]`: shows,
 * sets or clears the server a failover moves ID's connections to
 * (docs/alerts.md, "Actions").
 * SPDX-License-Identifier: BSD-3-Clause */
#include <string.h>

#include "cli_int.h"
#include "store_failover.h"
#include "valid.h"

int
cli_servers_standby(struct cli *c, int argc, char **argv)
{
    const char *pos[2];
    int none = 0;
    const struct cli_opt opts[] = {{"none", 0, 0, NULL, &none},
                                   {NULL, 0, 0, NULL, NULL}};
    char standby[VALID_ID_MAX + 1] = "";
    size_t npos;
    struct err e;
    int rc = cli_args(c, argc, argv, opts, pos, 2, &npos);

    if (rc != 0)
        return rc;
    if (c->help)
        return cli_help(c, "servers_standby");
    if (npos == 0 || (npos == 2 && none))
        return cli_usage(c, "cli_err_need_id", NULL, NULL);
    if (valid_ident("id", pos[0], &e) < 0 ||
        (npos == 2 && valid_ident("standby", pos[1], &e) < 0))
        return cli_fail(c, &e);
    int write = npos == 2 || none;
    if (cli_db_open(c, write, &e) < 0)
        return cli_fail(c, &e);
    if ((write && store_failover_standby_set(c->st, pos[0],
                                             none ? NULL : pos[1], &e) < 0) ||
        store_failover_standby(c->st, pos[0], standby, &e) < 0) {
        cli_db_close(c);
        return cli_fail(c, &e);
    }
    if (cli_db_commit(c, &e) < 0)
        return cli_fail(c, &e);
    if (write) {
        const struct kv param = {"standby", standby};
        cli_log(c, "modify", "server", pos[0], &param, 1);
    }
    if (c->json)
        return cli_json(c, json_pack("{s:s, s:s?}", "id", pos[0], "standby",
                                     standby[0] ? standby : NULL));
    cli_say(c, standby[0] ? "cli_standby_is" : "cli_standby_none", pos[0],
            standby);
    return CLI_OK;
}
