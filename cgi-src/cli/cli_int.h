/* cli_int.h — what the clusterctl files share: the run's context (paths,
 * language, database, output mode), argument parsing, output in human
 * text or JSON, the action log, and the subcommands.
 * SPDX-License-Identifier: BSD-3-Clause */
#ifndef UC_CLI_INT_H
#define UC_CLI_INT_H

#include <stddef.h>
#include <stdio.h>

#include <jansson.h>

#include "buf.h"
#include "cfgfile.h"
#include "err.h"
#include "lang.h"
#include "store.h"
#include "xport.h"

/* Exit statuses. */
#define CLI_OK    0
#define CLI_FAIL  1 /* the command could not do its job */
#define CLI_USAGE 2 /* the command line is malformed */

#define CLI_PATH_MAX 4096

/* Where the database path came from. */
enum cli_db_from { DB_FROM_OPTION, DB_FROM_ENV, DB_FROM_CONFIG, DB_FROM_VAR };

struct cli {
    const char *cmd;    /* the subcommand running ("servers") */
    int json;           /* --json */
    int help;           /* --help or -h */
    const char *db_opt; /* --db */
    char db_path[CLI_PATH_MAX];
    enum cli_db_from db_from;
    char webmin_config[CLI_PATH_MAX]; /* $WEBMIN_CONFIG or /etc/webmin */
    char webmin_var[CLI_PATH_MAX];    /* $WEBMIN_VAR or /var/webmin */
    char var_dir[CLI_PATH_MAX];       /* <webmin_var>/modules/<module> */
    char module_dir[CLI_PATH_MAX];    /* where the binary is: lang/ */
    struct cfgmap global;             /* <webmin_config>/config */
    struct cfgmap config;             /* <webmin_config>/<module>/config */
    struct lang lang;
    char user[64]; /* for the action log */
    int log_seq;
    struct store *st; /* open after cli_db_open */
    int in_manage;    /* run from the menu: no exit, same output */
};

/* ---- context (cli_ctx.c) ---- */

/* Environment, configs, language; never fails (missing files are
 * reported where they matter). */
void cli_init(struct cli *c);
void cli_free(struct cli *c);

/* Resolves c->db_path: --db, UC_DB, the module config's db_path, else
 * <webmin_var>/modules/unlimited-cluster/cluster.db. */
void cli_db_resolve(struct cli *c);

/* mkdir -p of path's folder, 0700 (the data is root's), as the pages do. */
void cli_make_parent(const char *path);

/* Opens the store (creating the file and its folder if needed) and begins
 * a transaction (write = BEGIN IMMEDIATE). 0, or -1 with e set. */
int cli_db_open(struct cli *c, int write, struct err *e);

/* Commits (0, or -1 with e set) / rolls back, and closes the store. */
int cli_db_commit(struct cli *c, struct err *e);
void cli_db_close(struct cli *c);

/* Appends one line to Webmin's action log (script "clusterctl") when
 * <webmin_var> exists and the global config asks for logging; params
 * (may be NULL) as key/value pairs. */
void cli_log(struct cli *c, const char *action, const char *type,
             const char *object, const struct kv *params, size_t nparams);

/* ---- arguments (cli_args.c) ---- */

struct cli_opt {
    const char *name;   /* "type" for --type */
    char letter;        /* 'o' for -o, or 0 */
    int has_value;      /* takes a value (--type web, --type=web, -o F) */
    const char **value; /* where the value goes (has_value) */
    int *flag;          /* set to 1 (no value) */
};

/* Parses argv[1..argc) (argv[0] names the command, for messages): the
 * options in opts (NULL-name terminated; may be NULL) plus --db, --json,
 * --help/-h anywhere; "--" ends options; the rest goes to pos (at most
 * max, else a usage error). Returns 0, or CLI_USAGE after saying why. */
int cli_args(struct cli *c, int argc, char **argv, const struct cli_opt *opts,
             const char **pos, size_t max, size_t *npos);

/* A whole number min..max from s into *out: 0, or CLI_USAGE after saying
 * which option was wrong. */
int cli_number(struct cli *c, const char *opt, const char *s, long long min,
               long long max, long long *out);

/* ---- output (cli_out.c) ---- */

/* The lang text of key with $1 $2 (borrowed until the next call). */
const char *cli_text(struct cli *c, const char *key, const char *a1,
                     const char *a2);

/* Prints the text of key and a newline on stdout (not in JSON mode). */
void cli_say(struct cli *c, const char *key, const char *a1, const char *a2);

/* Prints a line made by the caller (not in JSON mode). */
void cli_line(struct cli *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Reports e: "clusterctl: [Field: ]message" on stderr; in JSON mode also
 * {"error":{"code","field","message","key"}} on stdout. Returns CLI_FAIL. */
int cli_fail(struct cli *c, const struct err *e);

/* A usage error: the message of key on stderr and where to read more.
 * Returns CLI_USAGE. */
int cli_usage(struct cli *c, const char *key, const char *a1, const char *a2);

/* A command with subcommands ("clusterctl servers list"): runs the one
 * argv[1] names with argv shifted by one; without one, --help shows the
 * command's help and anything else is a usage error listing them. */
struct cli_sub {
    const char *name;
    int (*run)(struct cli *c, int argc, char **argv);
};
int cli_subcommand(struct cli *c, int argc, char **argv, const char *command,
                   const struct cli_sub *subs, size_t nsubs);

/* Prints the help of usage key "cli_usage_<name>" (with its
 * "cli_help_<name>") on stdout. Returns CLI_OK. */
int cli_help(struct cli *c, const char *name);

/* Writes v (stolen) as one line of compact JSON on stdout. Returns CLI_OK,
 * or CLI_FAIL when v is NULL (out of memory) or stdout fails. */
int cli_json(struct cli *c, json_t *v);

/* "2026-11-29T08:00:00Z" for t, as a JSON string. */
json_t *cli_json_time(long long t);

/* The API's server object (see the team brief): id name type ip region
 * ports (effective) ports_override status position created updated. */
json_t *cli_json_server(const struct server *s);

/* The effective ports of s as text "80 443" (its own, else its type's). */
void cli_ports_text(const struct server *s, char *out, size_t outlen);

/* Terminal progress for long imports and exports: only when stderr is a
 * terminal; a line rewritten in place at most ~10 times a second. */
struct cli_progress {
    struct cli *c;
    int tty;
    int phase;
    double last;
    int shown;
};
void cli_progress_init(struct cli_progress *p, struct cli *c);
/* An xport_progress_fn (ctx = struct cli_progress *). */
void cli_progress_cb(void *ctx, enum xport_phase phase, long long done,
                     long long total);
void cli_progress_end(struct cli_progress *p);

/* ---- the daemon (cli_daemon.c) ---- */

#define CLI_DAEMON "unlimited-clusterd"

struct cli_daemon_state {
    int systemd;   /* systemd runs this machine */
    int installed; /* the unit is known to systemd */
    int running;
    long long pid; /* 0 when unknown */
};

/* What is known of the monitoring daemon (never fails). */
void cli_daemon_state(struct cli *c, struct cli_daemon_state *d);

/* ---- subcommands ---- */

int cli_cmd_status(struct cli *c, int argc, char **argv);
int cli_cmd_daemon(struct cli *c, int argc,
                   char **argv); /* start stop restart */
int cli_cmd_logs(struct cli *c, int argc, char **argv);
int cli_cmd_servers(struct cli *c, int argc, char **argv);
int cli_servers_standby(struct cli *c, int argc, char **argv); /* standby */
int cli_cmd_connect(struct cli *c, int argc, char **argv);
int cli_cmd_disconnect(struct cli *c, int argc, char **argv);
int cli_cmd_cluster(struct cli *c, int argc, char **argv);
int cli_cmd_export(struct cli *c, int argc, char **argv);
int cli_cmd_import(struct cli *c, int argc, char **argv);
int cli_cmd_backup(struct cli *c, int argc, char **argv);
int cli_cmd_restore(struct cli *c, int argc, char **argv);
int cli_cmd_diagnose(struct cli *c, int argc, char **argv);
int cli_cmd_manage(struct cli *c, int argc, char **argv);
int cli_cmd_rules(struct cli *c, int argc, char **argv);  /* cli_rules.c */
int cli_cmd_alerts(struct cli *c, int argc, char **argv); /* cli_alerts.c */

/* Runs one subcommand by name with argv[0] = name (the menu uses it). */
int cli_dispatch(struct cli *c, int argc, char **argv);

#endif
