/* cli.h — clusterctl, the module's command-line tool, reached through the
 * multi-call binary as clusterctl or as one of its aliases (cluster-export,
 * cluster-import, cluster-backup, cluster-restore, cluster-diagnose, which
 * mean "clusterctl export" and so on).
 * SPDX-License-Identifier: BSD-3-Clause */
#ifndef UC_CLI_H
#define UC_CLI_H

/* Exit status: 0 ok, 1 failure, 2 usage. */
int clusterctl_main(int argc, char **argv);

#endif
