/* cli_daemon.c — the monitoring daemon (unlimited-clusterd): its state and
 * start/stop/restart, through systemctl where systemd runs the machine;
 * without systemd, a pid file in the module's var folder tells whether it
 * runs. UC_SYSTEMCTL (the systemctl program) and UC_SYSTEMD_RUN (the
 * folder whose presence means "systemd runs": /run/systemd/system) may be
 * set by tests.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cli_int.h"

#define UNIT          CLI_DAEMON ".service"
#define RUN_TIMEOUT_S 120 /* systemctl start waits for the unit */

static const char *
env_or(const char *name, const char *def)
{
    const char *v = getenv(name);
    return v != NULL && v[0] != '\0' ? v : def;
}

/* Runs argv (PATH searched), its stdout into out (at most outlen - 1
 * bytes kept), stderr passed through when show_err. Returns the exit
 * status, or -1 when it could not run or ran past the timeout (killed). */
static int
run(char *const argv[], char *out, size_t outlen, int show_err, int timeout_s)
{
    int fds[2];
    pid_t pid;
    size_t used = 0;
    int status = 0;
    time_t deadline = time(NULL) + timeout_s;

    if (outlen > 0)
        out[0] = '\0';
    if (pipe(fds) < 0)
        return -1;
    if ((pid = fork()) < 0) {
        close(fds[0]);
        close(fds[1]);
        return -1;
    }
    if (pid == 0) {
        dup2(fds[1], STDOUT_FILENO);
        close(fds[0]);
        close(fds[1]);
        if (!show_err) {
            int null = open("/dev/null", O_WRONLY);
            if (null >= 0)
                dup2(null, STDERR_FILENO);
        }
        execvp(argv[0], argv);
        _exit(127);
    }
    close(fds[1]);
    for (;;) {
        struct pollfd p = {fds[0], POLLIN, 0};
        int left = (int)(deadline - time(NULL));
        if (left <= 0 || poll(&p, 1, left * 1000) <= 0)
            break;
        char chunk[512];
        ssize_t n = read(fds[0], chunk, sizeof chunk);
        if (n <= 0)
            break;
        for (ssize_t i = 0; i < n && used + 1 < outlen; i++)
            out[used++] = chunk[i];
        if (outlen > 0)
            out[used] = '\0';
    }
    close(fds[0]);
    if (time(NULL) >= deadline)
        kill(pid, SIGKILL);
    if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status))
        return -1;
    return WEXITSTATUS(status);
}

/* The value of "Key=value" in systemctl show's output, into out. */
static void
show_value(const char *text, const char *key, char *out, size_t outlen)
{
    size_t n = strlen(key);
    out[0] = '\0';
    for (const char *p = text; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : p)
        if (strncmp(p, key, n) == 0 && p[n] == '=') {
            size_t len = strcspn(p + n + 1, "\n");
            snprintf(out, outlen, "%.*s", (int)len, p + n + 1);
            return;
        }
}

/* Without systemd: a pid file the daemon writes, checked against /proc. */
static void
pid_file_state(struct cli *c, struct cli_daemon_state *d)
{
    char path[CLI_PATH_MAX + 32], comm[64] = "";
    long long pid = 0;
    FILE *f;

    snprintf(path, sizeof path, "%s/%s.pid", c->var_dir, CLI_DAEMON);
    if ((f = fopen(path, "r")) == NULL)
        return;
    if (fscanf(f, "%lld", &pid) != 1)
        pid = 0;
    fclose(f);
    if (pid <= 1 || (kill((pid_t)pid, 0) < 0 && errno != EPERM))
        return;
    snprintf(path, sizeof path, "/proc/%lld/comm", pid);
    if ((f = fopen(path, "r")) != NULL) {
        if (fgets(comm, sizeof comm, f) == NULL)
            comm[0] = '\0';
        fclose(f);
    }
    /* comm holds at most 15 characters of the program's name. */
    if (strncmp(comm, CLI_DAEMON, 15) == 0) {
        d->installed = 1;
        d->running = 1;
        d->pid = pid;
    }
}

void
cli_daemon_state(struct cli *c, struct cli_daemon_state *d)
{
    struct stat sb;
    char out[1024], v[64];
    char *argv[] = {(char *)env_or("UC_SYSTEMCTL", "systemctl"),
                    "show",
                    "-p",
                    "LoadState",
                    "-p",
                    "ActiveState",
                    "-p",
                    "MainPID",
                    UNIT,
                    NULL};

    memset(d, 0, sizeof *d);
    d->systemd =
        stat(env_or("UC_SYSTEMD_RUN", "/run/systemd/system"), &sb) == 0 &&
        S_ISDIR(sb.st_mode);
    if (!d->systemd) {
        pid_file_state(c, d);
        return;
    }
    if (run(argv, out, sizeof out, 0, 10) != 0)
        return;
    show_value(out, "LoadState", v, sizeof v);
    d->installed = strcmp(v, "loaded") == 0;
    show_value(out, "ActiveState", v, sizeof v);
    d->running = d->installed && strcmp(v, "active") == 0;
    show_value(out, "MainPID", v, sizeof v);
    d->pid = 0;
    for (const char *p = v; d->running && *p >= '0' && *p <= '9'; p++)
        d->pid = d->pid * 10 + (*p - '0');
}

int
cli_cmd_daemon(struct cli *c, int argc, char **argv)
{
    const char *verb = argv[0];
    const char *pos[1];
    size_t n;
    struct cli_daemon_state d;
    struct err e;
    int rc = cli_args(c, argc, argv, NULL, pos, 0, &n);

    if (rc != 0)
        return rc;
    if (c->help)
        return cli_help(c, "daemon");
    cli_daemon_state(c, &d);
    if (!d.systemd) {
        err_set(&e, ERR_INVALID, "", "cli_daemon_no_systemd_do", CLI_DAEMON,
                NULL);
        return cli_fail(c, &e);
    }
    if (!d.installed) {
        err_set(&e, ERR_NOT_FOUND, "", "cli_daemon_not_installed", UNIT, NULL);
        return cli_fail(c, &e);
    }
    char *cmd[] = {(char *)env_or("UC_SYSTEMCTL", "systemctl"), (char *)verb,
                   UNIT, NULL};
    int status = run(cmd, NULL, 0, 1, RUN_TIMEOUT_S);
    if (status != 0) {
        char code[16];
        snprintf(code, sizeof code, "%d", status);
        err_set(&e, ERR_INTERNAL, "", "cli_daemon_failed", verb, code);
        return cli_fail(c, &e);
    }
    struct kv param = {"unit", UNIT};
    cli_log(c, verb, "daemon", CLI_DAEMON, &param, 1);
    cli_daemon_state(c, &d);
    if (c->json)
        return cli_json(
            c, json_pack("{s:s, s:b, s:{s:b, s:o}}", "action", verb, "ok", 1,
                         "daemon", "running", d.running, "pid",
                         d.pid ? json_integer(d.pid) : json_null()));
    char key[48];
    snprintf(key, sizeof key, "cli_daemon_done_%s", verb);
    cli_say(c, key, CLI_DAEMON, NULL);
    return CLI_OK;
}
