/* cli_diagnose.c — `clusterctl diagnose [--sample N]`: the database
 * (intact, this module's, schema version), the monitoring daemon, Webmin's
 * and the module's configuration (readable, the module granted to someone,
 * nothing writable by every user), free disk space where the database
 * lives, and a sample of probe targets (name resolves, port answers).
 * Every problem comes with what to do. Exit 1 when a check fails.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "app.h"
#include "backup.h"
#include "cli_int.h"
#include "store_int.h"

#define CONNECT_MS     1000
#define SAMPLE_DEFAULT 5
#define SAMPLE_MAX     50
#define LOW_MIB        100
#define FULL_MIB       10

enum level { L_OK, L_WARN, L_FAIL };

struct diag {
    struct cli *c;
    json_t *checks, *targets;
    int worst;
    int db_ok;        /* the database passed: its servers may be tried */
    struct buf lines; /* the targets, printed after their summary */
};

/* Records one finding: its message (key, args) and, for a problem, what
 * to do (hint key, arg). */
static void
found(struct diag *d, const char *check, enum level lv, const char *key,
      const char *a1, const char *a2, const char *hint, const char *h1)
{
    static const char *const names[] = {"ok", "warn", "fail"};
    static const char *const labels[] = {"cli_diag_ok", "cli_diag_warn",
                                         "cli_diag_fail"};
    char msg[1024], tip[1024] = "", label[32];

    snprintf(msg, sizeof msg, "%s", cli_text(d->c, key, a1, a2));
    if (hint != NULL)
        snprintf(tip, sizeof tip, "%s", cli_text(d->c, hint, h1, NULL));
    if ((int)lv > d->worst)
        d->worst = (int)lv;
    if (d->c->json) {
        json_array_append_new(
            d->checks, json_pack("{s:s, s:s, s:s, s:o}", "check", check,
                                 "status", names[lv], "message", msg, "hint",
                                 hint ? json_string(tip) : json_null()));
        return;
    }
    snprintf(label, sizeof label, "%s", cli_text(d->c, labels[lv], NULL, NULL));
    printf("[%-4s] %s\n", label, msg);
    if (hint != NULL)
        printf("       -> %s\n", tip);
}

/* ---- database ---- */

static void
check_database(struct diag *d)
{
    struct cli *c = d->c;
    struct backup_info info;
    struct stat sb;
    struct err e;
    char schema[24];

    cli_db_resolve(c);
    if (stat(c->db_path, &sb) < 0) {
        found(d, "database", L_WARN, "cli_diag_db_missing", c->db_path, NULL,
              "cli_hint_db_missing", NULL);
        return;
    }
    if (backup_check(c->db_path, &info, &e) < 0) {
        char why[512];
        const char *hint = strcmp(e.key, "xport_err_db_newer") == 0
                               ? "cli_hint_db_newer"
                           : strcmp(e.key, "xport_err_not_ours") == 0 ||
                                   strcmp(e.key, "xport_err_not_db") == 0
                               ? "cli_hint_db_not_ours"
                               : "cli_hint_db_damaged";
        snprintf(why, sizeof why, "%s",
                 cli_text(c, e.key, e.arg[0][0] ? e.arg[0] : NULL, NULL));
        found(d, "database", L_FAIL, "cli_diag_db_bad", c->db_path, why, hint,
              NULL);
        return;
    }
    snprintf(schema, sizeof schema, "%d", info.schema);
    d->db_ok = 1;
    if (info.schema < (int)STORE_MIGRATION_COUNT)
        found(d, "database", L_WARN, "cli_diag_db_old", c->db_path, schema,
              NULL, NULL);
    else
        found(d, "database", L_OK, "cli_diag_db_ok", c->db_path, schema, NULL,
              NULL);
    if (sb.st_mode & S_IWOTH)
        found(d, "database", L_FAIL, "cli_diag_world_writable", c->db_path,
              NULL, "cli_hint_world_writable", c->db_path);
}

/* ---- daemon ---- */

static void
check_daemon(struct diag *d)
{
    struct cli_daemon_state s;
    char pid[24];

    cli_daemon_state(d->c, &s);
    snprintf(pid, sizeof pid, "%lld", s.pid);
    if (s.running)
        found(d, "daemon", L_OK, "cli_daemon_running", pid, NULL, NULL, NULL);
    else if (!s.systemd)
        found(d, "daemon", L_WARN, "cli_daemon_no_systemd", NULL, NULL,
              "cli_hint_daemon_nosystemd", CLI_DAEMON);
    else if (!s.installed)
        found(d, "daemon", L_WARN, "cli_daemon_not_installed_state", CLI_DAEMON,
              NULL, "cli_hint_daemon_install", CLI_DAEMON);
    else
        found(d, "daemon", L_WARN, "cli_daemon_stopped", NULL, NULL,
              "cli_hint_daemon_start", NULL);
}

/* ---- Webmin configuration ---- */

/* A file that should be readable and not writable by every user;
 * reports a problem and returns 0 when it is not so. */
static int
config_file(struct diag *d, const char *path, enum level missing)
{
    struct stat sb;
    if (stat(path, &sb) < 0 || access(path, R_OK) < 0) {
        found(d, "webmin", missing, "cli_diag_unreadable", path, NULL,
              "cli_hint_unreadable", NULL);
        return 0;
    }
    if (sb.st_mode & S_IWOTH) {
        found(d, "webmin", L_FAIL, "cli_diag_world_writable", path, NULL,
              "cli_hint_world_writable", path);
        return 0;
    }
    return 1;
}

/* The users of webmin.acl ("user: mod1 mod2 ...") who have the module,
 * as "a, b" into out; their number, or -1 when it cannot be read. */
static int
module_users(const char *acl, char *out, size_t outlen)
{
    size_t len = 0, used = 0;
    char *text = cfgfile_read_all(acl, &len);
    int n = 0;

    out[0] = '\0';
    if (text == NULL)
        return -1;
    for (char *line = text; line < text + len;) {
        char *end = memchr(line, '\n', (size_t)(text + len - line));
        if (end == NULL)
            end = text + len;
        *end = '\0';
        char *colon = strchr(line, ':');
        if (colon != NULL) {
            *colon = '\0';
            /* Whole words only: "unlimited-cluster2" is another module. */
            for (char *w = colon + 1; *w;) {
                w += strspn(w, " \t\r");
                size_t k = strcspn(w, " \t\r");
                if (k == strlen(APP_MODULE) && strncmp(w, APP_MODULE, k) == 0) {
                    int wrote = snprintf(out + used, outlen - used, "%s%s",
                                         n ? ", " : "", line);
                    if (wrote > 0 && (size_t)wrote < outlen - used)
                        used += (size_t)wrote;
                    n++;
                    break;
                }
                w += k;
            }
        }
        line = end + 1;
    }
    free(text);
    return n;
}

static void
check_webmin(struct diag *d)
{
    struct cli *c = d->c;
    char path[CLI_PATH_MAX + 64], users[512];
    struct stat sb;
    int clean = 1;

    if (stat(c->webmin_config, &sb) < 0 || !S_ISDIR(sb.st_mode)) {
        found(d, "webmin", L_FAIL, "cli_diag_webmin_dir", c->webmin_config,
              NULL, "cli_hint_webmin_dir", NULL);
        return;
    }
    snprintf(path, sizeof path, "%s/config", c->webmin_config);
    clean &= config_file(d, path, L_WARN);
    snprintf(path, sizeof path, "%s/webmin.acl", c->webmin_config);
    if (config_file(d, path, L_FAIL)) {
        int n = module_users(path, users, sizeof users);
        if (n <= 0) {
            found(d, "webmin", L_WARN, "cli_diag_acl_none", path, NULL,
                  "cli_hint_acl_none", NULL);
            clean = 0;
        } else {
            found(d, "webmin", L_OK, "cli_diag_acl_ok", users, NULL, NULL,
                  NULL);
        }
    } else {
        clean = 0;
    }
    snprintf(path, sizeof path, "%s/%s/config", c->webmin_config, APP_MODULE);
    if (stat(path, &sb) < 0) {
        found(d, "webmin", L_WARN, "cli_diag_module_config_missing", path, NULL,
              "cli_hint_module_config", NULL);
        clean = 0;
    } else {
        clean &= config_file(d, path, L_FAIL);
    }
    /* The users' module ACLs. */
    snprintf(path, sizeof path, "%s/%s", c->webmin_config, APP_MODULE);
    DIR *dir = opendir(path);
    for (struct dirent *de; dir != NULL && (de = readdir(dir)) != NULL;) {
        size_t n = strlen(de->d_name);
        if (n < 5 || strcmp(de->d_name + n - 4, ".acl") != 0)
            continue;
        char acl[CLI_PATH_MAX + 400];
        snprintf(acl, sizeof acl, "%s/%.255s", path, de->d_name);
        clean &= config_file(d, acl, L_WARN);
    }
    if (dir != NULL)
        closedir(dir);
    if (clean)
        found(d, "webmin", L_OK, "cli_diag_config_ok", c->webmin_config, NULL,
              NULL, NULL);
}

/* ---- disk ---- */

static void
check_disk(struct diag *d)
{
    char dir[CLI_PATH_MAX], mib[24], pct[24];
    struct statvfs vs;

    snprintf(dir, sizeof dir, "%s", d->c->db_path);
    char *slash = strrchr(dir, '/');
    if (slash == NULL)
        snprintf(dir, sizeof dir, ".");
    else if (slash != dir)
        *slash = '\0';
    /* Before the first page the folder may not exist: measure the
     * nearest folder that does (where it will be made). */
    int rc;
    while ((rc = statvfs(dir, &vs)) < 0 && errno == ENOENT &&
           (slash = strrchr(dir, '/')) != NULL && slash != dir)
        *slash = '\0';
    if (rc < 0) {
        found(d, "disk", L_WARN, "cli_diag_disk_unknown", dir, NULL, NULL,
              NULL);
        return;
    }
    unsigned long long avail = (unsigned long long)vs.f_bavail * vs.f_frsize;
    unsigned long long total = (unsigned long long)vs.f_blocks * vs.f_frsize;
    unsigned long long free_mib = avail / (1024 * 1024);
    snprintf(mib, sizeof mib, "%llu", free_mib);
    snprintf(pct, sizeof pct, "%llu%%", total ? avail * 100 / total : 0);
    if (free_mib < FULL_MIB)
        found(d, "disk", L_FAIL, "cli_diag_disk_low", mib, pct, "cli_hint_disk",
              NULL);
    else if (free_mib < LOW_MIB || (total && avail * 100 / total < 5))
        found(d, "disk", L_WARN, "cli_diag_disk_low", mib, pct, "cli_hint_disk",
              NULL);
    else
        found(d, "disk", L_OK, "cli_diag_disk_ok", mib, pct, NULL, NULL);
}

/* ---- probe targets ---- */

enum reach { R_OPEN, R_REFUSED, R_SILENT, R_UNRESOLVED };

/* Resolves host and opens a TCP connection to port (bounded wait). */
static enum reach
reach(const char *host, int port)
{
    struct addrinfo hints = {0}, *res = NULL;
    char svc[16];
    enum reach r = R_SILENT;

    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    snprintf(svc, sizeof svc, "%d", port);
    if (getaddrinfo(host, svc, &hints, &res) != 0 || res == NULL)
        return R_UNRESOLVED;
    int fd =
        socket(res->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd >= 0) {
        int rc = connect(fd, res->ai_addr, res->ai_addrlen);
        if (rc == 0) {
            r = R_OPEN;
        } else if (errno == ECONNREFUSED) {
            r = R_REFUSED;
        } else if (errno == EINPROGRESS) {
            struct pollfd p = {fd, POLLOUT, 0};
            int soerr = 0;
            socklen_t len = sizeof soerr;
            if (poll(&p, 1, CONNECT_MS) == 1 &&
                getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &len) == 0)
                r = soerr == 0              ? R_OPEN
                    : soerr == ECONNREFUSED ? R_REFUSED
                                            : R_SILENT;
        }
        close(fd);
    }
    freeaddrinfo(res);
    return r;
}

struct sample {
    struct diag *d;
    long long tried, bad;
};

static int
try_target(void *ctx, const struct server *s)
{
    static const char *const keys[] = {
        "cli_diag_target_open", "cli_diag_target_refused",
        "cli_diag_target_silent", "cli_diag_target_unresolved"};
    struct sample *k = ctx;
    char ports[160], what[400], port_s[16];
    int port = 0;

    cli_ports_text(s, ports, sizeof ports);
    for (const char *p = ports; *p >= '0' && *p <= '9' && port < 65536; p++)
        port = port * 10 + (*p - '0');
    if (port <= 0 || port > 65535)
        return 0;
    enum reach r = reach(s->ip, port);
    snprintf(port_s, sizeof port_s, "%d", port);
    snprintf(what, sizeof what, "%s (%s, %s %d)", s->id, s->ip,
             cli_text(k->d->c, "cli_port", NULL, NULL), port);
    k->tried++;
    k->bad += r != R_OPEN;
    if (k->d->c->json)
        json_array_append_new(
            k->d->targets,
            json_pack("{s:s, s:s, s:i, s:b, s:b, s:b}", "id", s->id, "ip",
                      s->ip, "port", port, "resolved", r != R_UNRESOLVED,
                      "reachable", r == R_OPEN || r == R_REFUSED, "open",
                      r == R_OPEN));
    else
        buf_addf(&k->d->lines, "       %s\n",
                 cli_text(k->d->c, keys[r], what, port_s));
    return 0;
}

static void
check_targets(struct diag *d, long long sample)
{
    struct server_query q = {0};
    struct sample k = {d, 0, 0};
    struct err e;
    char a[24], b[24];

    if (sample == 0)
        return;
    q.sort = SORT_ID;
    q.limit = (size_t)sample;
    if (cli_db_open(d->c, 0, &e) < 0 ||
        store_server_list(d->c->st, &q, try_target, &k, &e) < 0) {
        cli_db_close(d->c);
        found(d, "targets", L_WARN, "cli_diag_targets_unknown", NULL, NULL,
              NULL, NULL);
        return;
    }
    cli_db_close(d->c);
    snprintf(a, sizeof a, "%lld", k.bad);
    snprintf(b, sizeof b, "%lld", k.tried);
    if (k.tried == 0)
        found(d, "targets", L_OK, "cli_diag_targets_none", NULL, NULL, NULL,
              NULL);
    else if (k.bad == 0)
        found(d, "targets", L_OK, "cli_diag_targets_ok", b, NULL, NULL, NULL);
    else
        found(d, "targets", L_WARN, "cli_diag_targets_bad", a, b,
              "cli_hint_targets", NULL);
    if (!d->c->json)
        fputs(buf_cstr(&d->lines), stdout);
}

int
cli_cmd_diagnose(struct cli *c, int argc, char **argv)
{
    const char *sample_opt = NULL, *pos[1];
    const struct cli_opt opts[] = {{"sample", 0, 1, &sample_opt, NULL},
                                   {NULL, 0, 0, NULL, NULL}};
    struct diag d = {c, NULL, NULL, L_OK, 0, {0}};
    long long sample = SAMPLE_DEFAULT;
    size_t npos;
    int rc = cli_args(c, argc, argv, opts, pos, 0, &npos);

    if (rc != 0)
        return rc;
    if (c->help)
        return cli_help(c, "diagnose");
    if (sample_opt != NULL && (rc = cli_number(c, "--sample", sample_opt, 0,
                                               SAMPLE_MAX, &sample)) != 0)
        return rc;
    d.checks = json_array();
    d.targets = json_array();
    buf_init(&d.lines, 64 * 1024);
    check_database(&d);
    check_daemon(&d);
    check_webmin(&d);
    check_disk(&d);
    /* Only a database that passed its check is opened (never created). */
    if (d.db_ok)
        check_targets(&d, sample);
    buf_free(&d.lines);
    rc = d.worst == L_FAIL ? CLI_FAIL : CLI_OK;
    if (c->json) {
        if (cli_json(c, json_pack("{s:b, s:o, s:o}", "ok", rc == CLI_OK,
                                  "checks", d.checks, "targets", d.targets)) !=
            CLI_OK)
            rc = CLI_FAIL;
    } else {
        json_decref(d.checks);
        json_decref(d.targets);
    }
    return rc;
}
