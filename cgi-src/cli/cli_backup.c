/* cli_backup.c — `clusterctl backup FILE` (a consistent snapshot while
 * pages write) and `clusterctl restore FILE` (checked first; the previous
 * database is kept as <db>.before-restore), through backup.h.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "backup.h"
#include "cli_int.h"

static json_t *
info_json(const struct backup_info *i)
{
    return json_pack("{s:I, s:i, s:I, s:I, s:I}", "bytes", (json_int_t)i->bytes,
                     "schema", i->schema, "servers", (json_int_t)i->servers,
                     "connections", (json_int_t)i->connections, "clusters",
                     (json_int_t)i->clusters);
}

/* The one FILE argument of backup and restore. */
static int
file_arg(struct cli *c, int argc, char **argv, const char **file)
{
    const char *pos[1];
    size_t npos;
    int rc = cli_args(c, argc, argv, NULL, pos, 1, &npos);
    if (rc != 0)
        return rc;
    if (c->help)
        return -1;
    if (npos != 1 || pos[0][0] == '\0')
        return cli_usage(c, "cli_err_need_file", NULL, NULL);
    *file = pos[0];
    return 0;
}

int
cli_cmd_backup(struct cli *c, int argc, char **argv)
{
    struct backup_info info;
    const char *file = NULL;
    struct err e;
    char n[24];
    int rc = file_arg(c, argc, argv, &file);

    if (rc < 0)
        return cli_help(c, "backup");
    if (rc != 0)
        return rc;
    cli_db_resolve(c);
    if (backup_create(c->db_path, file, &info, &e) < 0)
        return cli_fail(c, &e);
    cli_log(c, "backup", "estate", file, NULL, 0);
    if (c->json) {
        json_t *v = info_json(&info);
        if (v != NULL) {
            json_object_set_new(v, "backup", json_string(file));
            json_object_set_new(v, "db", json_string(c->db_path));
        }
        return cli_json(c, v);
    }
    snprintf(n, sizeof n, "%lld", info.servers);
    cli_say(c, "cli_backup_done", file, n);
    return CLI_OK;
}

int
cli_cmd_restore(struct cli *c, int argc, char **argv)
{
    struct backup_info info;
    const char *file = NULL;
    char keep[CLI_PATH_MAX + 32], n[24];
    struct stat sb;
    struct err e;
    int rc = file_arg(c, argc, argv, &file), had;

    if (rc < 0)
        return cli_help(c, "restore");
    if (rc != 0)
        return rc;
    cli_db_resolve(c);
    had = stat(c->db_path, &sb) == 0;
    cli_make_parent(c->db_path); /* as a first page would make it */
    if (backup_restore(c->db_path, file, &info, &e) < 0)
        return cli_fail(c, &e);
    snprintf(keep, sizeof keep, "%s.before-restore", c->db_path);
    cli_log(c, "restore", "estate", file, NULL, 0);
    if (c->json) {
        json_t *v = info_json(&info);
        if (v != NULL) {
            json_object_set_new(v, "restored", json_string(file));
            json_object_set_new(v, "db", json_string(c->db_path));
            json_object_set_new(v, "previous",
                                had ? json_string(keep) : json_null());
        }
        return cli_json(c, v);
    }
    snprintf(n, sizeof n, "%lld", info.servers);
    cli_say(c, "cli_restore_done", file, n);
    if (had)
        cli_say(c, "cli_restore_kept", keep, NULL);
    return CLI_OK;
}
