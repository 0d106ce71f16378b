/* cli_ctx.c — clusterctl's context: Webmin's folders, the configs, the
 * language (LC_ALL/LC_MESSAGES/LANG starting with "es" means Spanish,
 * from the lang/ files next to the binary), the database path and store,
 * and the action log.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "app.h"
#include "cli_int.h"
#include "json_alloc.h"
#include "log.h"
#include "weblog.h"

static int
is_set(const char *s)
{
    return s != NULL && s[0] != '\0';
}

static void
copy(char *dst, size_t size, const char *src)
{
    snprintf(dst, size, "%s", src);
}

/* The folder of the running binary (links resolved), for lang/. */
static void
find_module_dir(struct cli *c)
{
    char exe[CLI_PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0) {
        copy(c->module_dir, sizeof c->module_dir, ".");
        return;
    }
    exe[n] = '\0';
    char *slash = strrchr(exe, '/');
    if (slash != NULL && slash != exe)
        *slash = '\0';
    copy(c->module_dir, sizeof c->module_dir, exe);
}

/* "es" when the locale asks for Spanish, else "en". */
static const char *
language(void)
{
    const char *vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
    for (size_t i = 0; i < 3; i++) {
        const char *v = getenv(vars[i]);
        if (is_set(v))
            return strncmp(v, "es", 2) == 0 ? "es" : "en";
    }
    return "en";
}

/* Who acts, for the action log: the sudo caller, else the login name. */
static void
find_user(struct cli *c)
{
    const char *u = getenv("SUDO_USER");
    char login[64];
    if (!is_set(u) && getlogin_r(login, sizeof login) == 0)
        u = login;
    if (!is_set(u))
        u = getenv("LOGNAME");
    if (!is_set(u))
        u = getenv("USER");
    copy(c->user, sizeof c->user, is_set(u) ? u : "root");
}

void
cli_init(struct cli *c)
{
    const char *cfg = getenv("WEBMIN_CONFIG"), *var = getenv("WEBMIN_VAR");
    char path[CLI_PATH_MAX + 64];
    struct stat sb;

    memset(c, 0, sizeof *c);
    store_single_thread();
    json_alloc_small();
    copy(c->webmin_config, sizeof c->webmin_config,
         is_set(cfg) ? cfg : "/etc/webmin");
    copy(c->webmin_var, sizeof c->webmin_var,
         is_set(var) ? var : "/var/webmin");
    snprintf(c->var_dir, sizeof c->var_dir, "%.3000s/modules/%s", c->webmin_var,
             APP_MODULE);
    find_module_dir(c);
    snprintf(path, sizeof path, "%s/config", c->webmin_config);
    cfgmap_read(&c->global, path);
    snprintf(path, sizeof path, "%s/%s/config", c->webmin_config, APP_MODULE);
    cfgmap_read(&c->config, path);
    if (lang_load(&c->lang, c->module_dir, language()) < 0)
        memset(&c->lang, 0, sizeof c->lang); /* keys then show as keys */
    if (stat(c->var_dir, &sb) == 0 && S_ISDIR(sb.st_mode)) {
        snprintf(path, sizeof path, "%s/module.log", c->var_dir);
        log_set_path(path);
    }
    find_user(c);
}

void
cli_free(struct cli *c)
{
    cli_db_close(c);
    cfgmap_free(&c->global);
    cfgmap_free(&c->config);
    lang_free(&c->lang);
}

void
cli_db_resolve(struct cli *c)
{
    const char *env = getenv("UC_DB"), *cfg = cfgmap_get(&c->config, "db_path");
    if (is_set(c->db_opt)) {
        copy(c->db_path, sizeof c->db_path, c->db_opt);
        c->db_from = DB_FROM_OPTION;
    } else if (is_set(env)) {
        copy(c->db_path, sizeof c->db_path, env);
        c->db_from = DB_FROM_ENV;
    } else if (is_set(cfg)) {
        copy(c->db_path, sizeof c->db_path, cfg);
        c->db_from = DB_FROM_CONFIG;
    } else {
        snprintf(c->db_path, sizeof c->db_path, "%.4000s/cluster.db",
                 c->var_dir);
        c->db_from = DB_FROM_VAR;
    }
}

void
cli_make_parent(const char *path)
{
    char dir[CLI_PATH_MAX];
    copy(dir, sizeof dir, path);
    char *slash = strrchr(dir, '/');
    if (slash == NULL || slash == dir)
        return;
    *slash = '\0';
    for (char *p = dir + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        mkdir(dir, 0700);
        *p = '/';
    }
    mkdir(dir, 0700);
}

int
cli_db_open(struct cli *c, int write, struct err *e)
{
    cli_db_resolve(c);
    cli_make_parent(c->db_path);
    if (store_open(c->db_path, &c->st, e) < 0)
        return -1;
    if (store_begin(c->st, write, e) < 0) {
        cli_db_close(c);
        return -1;
    }
    return 0;
}

int
cli_db_commit(struct cli *c, struct err *e)
{
    int rc = store_commit(c->st, e);
    cli_db_close(c);
    return rc;
}

void
cli_db_close(struct cli *c)
{
    store_close(c->st); /* rolls back an open transaction */
    c->st = NULL;
}

void
cli_log(struct cli *c, const char *action, const char *type, const char *object,
        const struct kv *params, size_t nparams)
{
    struct stat sb;
    if (stat(c->webmin_var, &sb) < 0 || !S_ISDIR(sb.st_mode))
        return; /* no Webmin here: nothing to log into */
    struct weblog_entry le = {
        .when = time(NULL),
        .pid = getpid(),
        .seq = c->log_seq++,
        .user = c->user,
        .session = NULL,
        .client = NULL,
        .module = APP_MODULE,
        .script = "clusterctl",
        .action = action,
        .type = type,
        .object = object,
        .params = params,
        .nparams = nparams,
    };
    if (weblog_append(&c->global, c->webmin_var, 0, &le) < 0)
        log_msg("clusterctl: cannot append to the Webmin action log");
}
