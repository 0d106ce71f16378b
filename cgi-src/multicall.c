/* multicall.c — one binary for every page. Each page keeps its own thin
 * main() in cgi-src/cgi/<page>.c (compiled as cgi_main_<page>); this main
 * picks one by the name it was started as, like busybox, so the module
 * ships one copy of SQLite instead of one per page: <page>.cgi are
 * symbolic links to uc.bin. Started as clusterctl (or one of its aliases,
 * cluster-export and friends) it is the command-line tool.
 *
 * Built with UC_STATIC_PAGES (the Makefile's default) this is the pages'
 * binary, linked -static-pie: a page then starts without the dynamic
 * loader (about 16% of a JSON API request, measured). A static program
 * cannot load libcurl, so what may need it runs in uc-dyn.bin, the same
 * code linked dynamically, beside it: the command-line tool, and the
 * requests that test-fire an alert rule (whose action may be a webhook or
 * SMTP mail). They are recognised before anything is read, so the other
 * binary gets the request whole (environment, arguments, unread body).
 * SPDX-License-Identifier: BSD-3-Clause */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

#define CGI(sym, file) int cgi_main_##sym(void);
#include "cgis.h"
#undef CGI

static const struct {
    const char *name;
    int (*run)(void);
} pages[] = {
#define CGI(sym, file) {file, cgi_main_##sym},
#include "cgis.h"
#undef CGI
};

static const char *
base_name(const char *path)
{
    const char *slash = path ? strrchr(path, '/') : NULL;
    return slash ? slash + 1 : (path ? path : "");
}

static int
is_cli(const char *name)
{
    return strcmp(name, "clusterctl") == 0 || strncmp(name, "cluster-", 8) == 0;
}

#ifdef UC_STATIC_PAGES
#define TWIN "uc-dyn.bin"

/* 1 when the request may run an alert action: save_rule.cgi (its test
 * button is a form field, in the body), POST /rules/{name}/test. */
static int
needs_twin(const char *page)
{
    const char *path = getenv("PATH_INFO"), *name, *last;
    if (strcmp(page, "save_rule.cgi") == 0)
        return 1;
    if (strcmp(page, "nph-api.cgi") != 0 || path == NULL ||
        strncmp(path, "/rules/", 7) != 0)
        return 0;
    name = path + 7;
    last = strrchr(name, '/');
    return last != NULL && last > name && strcmp(last, "/test") == 0;
}

/* Replaces this process with uc-dyn.bin from this binary's folder, same
 * arguments (argv[0] still names the page or command) and environment;
 * returns only when that failed. */
static void
run_twin(char **argv)
{
    char path[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", path, sizeof path - 1);
    char *slash;

    if (n <= 0)
        return;
    path[n] = '\0';
    slash = strrchr(path, '/');
    if (slash == NULL || (size_t)(slash + 1 - path) + sizeof TWIN > sizeof path)
        return;
    memcpy(slash + 1, TWIN, sizeof TWIN);
    execv(path, argv);
}
#endif

int
main(int argc, char **argv)
{
    /* miniserv and lighttpd start a CGI by its path, so argv[0] names the
     * page; SCRIPT_NAME (the URL) covers a server that resolves links. */
    const char *names[2] = {argc > 0 ? base_name(argv[0]) : "",
                            base_name(getenv("SCRIPT_NAME"))};
#ifdef UC_STATIC_PAGES
    if (argc > 0 && is_cli(names[0])) {
        run_twin(argv);
        fprintf(stderr, "%s: cannot start %s beside this program\n", names[0],
                TWIN);
        return 1;
    }
#else
    if (is_cli(names[0]))
        return clusterctl_main(argc, argv);
#endif
    for (size_t k = 0; k < 2; k++)
        for (size_t i = 0; i < sizeof pages / sizeof pages[0]; i++)
            if (strcmp(names[k], pages[i].name) == 0) {
#ifdef UC_STATIC_PAGES
                /* Failing that, the page runs here and an action that
                 * needs libcurl reports it missing. */
                if (argc > 0 && needs_twin(pages[i].name))
                    run_twin(argv);
#endif
                return pages[i].run();
            }
    /* Not started as a page: nothing to show, and nothing on stderr. */
    fputs("Status: 404 Not Found\r\nContent-type: text/plain\r\n\r\n", stdout);
    return 0;
}
