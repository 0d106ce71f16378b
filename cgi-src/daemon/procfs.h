/* procfs.h — host metrics of the machine the daemon runs on, read from
 * /proc (and statvfs) into the same raw shape as a node_exporter scrape,
 * for servers whose address is this machine.
 * SPDX-License-Identifier: BSD-3-Clause */
#ifndef UC_PROCFS_H
#define UC_PROCFS_H

#include <stddef.h>

#include "nodeexp.h"

/* 1 when host names this machine: 127.0.0.1, ::1, "localhost", or the
 * name gethostname() gives (with or without its domain), compared
 * ignoring ASCII case. Other 127.x.y.z addresses are not "this machine":
 * the tests and benches use them as stand-ins for remote servers. */
int procfs_is_local(const char *host);

/* Parsers over file contents (pure; each returns 0, or -1 when the text
 * lacks what it needs). clk_tck is sysconf(_SC_CLK_TCK). */
int procfs_parse_stat(const char *buf, size_t len, double clk_tck,
                      struct nodeexp_raw *r);
int procfs_parse_meminfo(const char *buf, size_t len, struct nodeexp_raw *r);
int procfs_parse_netdev(const char *buf, size_t len, struct nodeexp_raw *r);
int procfs_parse_snmp(const char *buf, size_t len, struct nodeexp_raw *r);
int procfs_parse_loadavg(const char *buf, size_t len, struct nodeexp_raw *r);

/* Reads everything: /proc/stat, meminfo, net/dev, net/snmp, loadavg,
 * uptime, and statvfs() of the local disk filesystems in /proc/mounts
 * (ext2/3/4 xfs btrfs zfs f2fs vfat exfat jfs reiserfs ntfs ntfs3: never a
 * network filesystem, whose statvfs can hang). NX_TIME is now and NX_BOOT
 * now - uptime. 0, or -1 when /proc/stat cannot be read (why in errbuf). */
int procfs_read(struct nodeexp_raw *r, char *errbuf, size_t errlen);

#endif
