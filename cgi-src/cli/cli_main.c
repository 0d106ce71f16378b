/* cli_main.c — clusterctl's entry point: global options, the subcommand
 * (from the command line, or from the name an alias was started as:
 * cluster-export means "clusterctl export"), and dispatch.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "cli_int.h"

static const struct {
    const char *name;
    int (*run)(struct cli *c, int argc, char **argv);
} COMMANDS[] = {
    {"status", cli_cmd_status},   {"start", cli_cmd_daemon},
    {"stop", cli_cmd_daemon},     {"restart", cli_cmd_daemon},
    {"logs", cli_cmd_logs},       {"servers", cli_cmd_servers},
    {"connect", cli_cmd_connect}, {"disconnect", cli_cmd_disconnect},
    {"cluster", cli_cmd_cluster}, {"export", cli_cmd_export},
    {"import", cli_cmd_import},   {"backup", cli_cmd_backup},
    {"restore", cli_cmd_restore}, {"diagnose", cli_cmd_diagnose},
    {"manage", cli_cmd_manage},   {"rules", cli_cmd_rules},
    {"alerts", cli_cmd_alerts},
};
#define NCOMMANDS (sizeof COMMANDS / sizeof COMMANDS[0])

/* The aliases: cluster-<command>. */
static const char *const ALIASES[] = {"export", "import", "backup", "restore",
                                      "diagnose"};

int
cli_dispatch(struct cli *c, int argc, char **argv)
{
    for (size_t i = 0; i < NCOMMANDS; i++)
        if (strcmp(argv[0], COMMANDS[i].name) == 0) {
            c->cmd = COMMANDS[i].name;
            return COMMANDS[i].run(c, argc, argv);
        }
    return cli_usage(c, "cli_err_unknown_command", argv[0], NULL);
}

static const char *
base_name(const char *path)
{
    const char *slash = path ? strrchr(path, '/') : NULL;
    return slash ? slash + 1 : (path ? path : "");
}

/* The general help: every command's usage line. */
static int
general_help(struct cli *c, FILE *f)
{
    fprintf(f, "%s\n", cli_text(c, "cli_help_intro", NULL, NULL));
    fprintf(f, "%s\n", cli_text(c, "cli_usage", NULL, NULL));
    for (size_t i = 0; i < NCOMMANDS; i++) {
        char key[48];
        const char *name = COMMANDS[i].name;
        if (strcmp(name, "stop") == 0 || strcmp(name, "restart") == 0)
            continue; /* one line for the three */
        snprintf(key, sizeof key, "cli_usage_%s",
                 strcmp(name, "start") == 0 ? "daemon" : name);
        fprintf(f, "  %s\n", cli_text(c, key, NULL, NULL));
    }
    fprintf(f, "%s\n", cli_text(c, "cli_help_common", NULL, NULL));
    return CLI_OK;
}

/* Finds the subcommand after the global options before it; returns its
 * index in argv, or argc when there is none. */
static int
leading_options(struct cli *c, int argc, char **argv, int *rc)
{
    int i = 1;
    *rc = CLI_OK;
    for (; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--json") == 0) {
            c->json = 1;
        } else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            c->help = 1;
        } else if (strcmp(a, "--db") == 0) {
            if (i + 1 >= argc) {
                *rc = cli_usage(c, "cli_err_missing_value", "--db", NULL);
                return argc;
            }
            c->db_opt = argv[++i];
        } else if (strncmp(a, "--db=", 5) == 0) {
            c->db_opt = a + 5;
        } else if (a[0] == '-' && a[1] != '\0') {
            *rc = cli_usage(c, "cli_err_unknown_option", a, NULL);
            return argc;
        } else {
            break;
        }
    }
    return i;
}

int
clusterctl_main(int argc, char **argv)
{
    struct cli c;
    const char *self = base_name(argc > 0 ? argv[0] : "clusterctl");
    char *alias_argv[256];
    int rc;

    cli_init(&c);
    if (strncmp(self, "cluster-", 8) == 0) {
        /* cluster-export ARGS... = clusterctl export ARGS... */
        const char *cmd = NULL;
        for (size_t i = 0; i < sizeof ALIASES / sizeof ALIASES[0]; i++)
            if (strcmp(self + 8, ALIASES[i]) == 0)
                cmd = ALIASES[i];
        if (cmd == NULL || argc > 255) {
            rc = cli_usage(&c, "cli_err_unknown_command", self, NULL);
            goto out;
        }
        alias_argv[0] = (char *)cmd;
        for (int i = 1; i < argc; i++)
            alias_argv[i] = argv[i];
        rc = cli_dispatch(&c, argc, alias_argv);
        goto out;
    }
    int first = leading_options(&c, argc, argv, &rc);
    if (rc != CLI_OK)
        goto out;
    if (first >= argc) {
        if (c.help) {
            rc = general_help(&c, stdout);
        } else {
            general_help(&c, stderr);
            rc = CLI_USAGE;
        }
        goto out;
    }
    rc = cli_dispatch(&c, argc - first, argv + first);
out:
    fflush(stdout);
    cli_free(&c);
    return rc;
}
