/* multicall.c — one binary for every page. Each page keeps its own thin
 * main() in cgi-src/cgi/<page>.c (compiled as cgi_main_<page>); this main
 * picks one by the name it was started as, like busybox, so the module
 * ships one copy of SQLite instead of one per page: <page>.cgi are
 * symbolic links to uc.bin. Started as clusterctl (or one of its aliases,
 * cluster-export and friends) it is the command-line tool.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

int
main(int argc, char **argv)
{
    /* miniserv and lighttpd start a CGI by its path, so argv[0] names the
     * page; SCRIPT_NAME (the URL) covers a server that resolves links. */
    const char *names[2] = {argc > 0 ? base_name(argv[0]) : "",
                            base_name(getenv("SCRIPT_NAME"))};
    if (strcmp(names[0], "clusterctl") == 0 ||
        strncmp(names[0], "cluster-", 8) == 0)
        return clusterctl_main(argc, argv);
    for (size_t k = 0; k < 2; k++)
        for (size_t i = 0; i < sizeof pages / sizeof pages[0]; i++)
            if (strcmp(names[k], pages[i].name) == 0)
                return pages[i].run();
    /* Not started as a page: nothing to show, and nothing on stderr. */
    fputs("Status: 404 Not Found\r\nContent-type: text/plain\r\n\r\n", stdout);
    return 0;
}
