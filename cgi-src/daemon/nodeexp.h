/* nodeexp.h — a strict parser for the Prometheus text exposition format as
 * node_exporter serves it, keeping the few series the daemon turns into
 * host metrics, and the arithmetic from two scrapes to those metrics.
 * Pure functions over buffers (fuzzed by tests/fuzz/fuzz_nodeexp.c).
 * SPDX-License-Identifier: BSD-3-Clause */
#ifndef UC_NODEEXP_H
#define UC_NODEEXP_H

#include <stddef.h>
#include <stdint.h>

#include "store_probe.h"

/* Raw values of one scrape (or one read of /proc, procfs.h). */
enum nodeexp_field {
    NX_CPU_IDLE,  /* node_cpu_seconds_total{mode="idle"}, summed */
    NX_CPU_TOTAL, /* node_cpu_seconds_total, every mode summed */
    NX_MEM_TOTAL, /* node_memory_MemTotal_bytes */
    NX_MEM_AVAIL, /* node_memory_MemAvailable_bytes */
    NX_NET_RX,    /* node_network_receive_bytes_total, kept devices */
    NX_NET_TX,    /* node_network_transmit_bytes_total, kept devices */
    NX_TCP_ESTAB, /* node_netstat_Tcp_CurrEstab */
    NX_TIME,      /* node_time_seconds */
    NX_BOOT,      /* node_boot_time_seconds */
    NX_LOAD1,     /* node_load1 */
    NX_LOAD5,
    NX_LOAD15,
    NX__MAX
};

/* Filesystems kept per scrape; more are ignored. */
#define NODEEXP_FS_MAX 64

struct nodeexp_fs {
    uint64_t key; /* hash of device and mountpoint */
    double size, avail;
    unsigned have; /* 1 size, 2 avail */
};

struct nodeexp_raw {
    unsigned have; /* bit 1u << NX_* for each value seen */
    double v[NX__MAX];
    size_t nfs;
    struct nodeexp_fs fs[NODEEXP_FS_MAX];
    size_t samples; /* sample lines parsed */
};

struct nodeexp_error {
    size_t line;      /* 1-based */
    const char *what; /* static text */
};

/* Parses the whole exposition text buf[0..len) (not NUL-terminated) into
 * *out. Strict: every line must be a well-formed comment, HELP, TYPE or
 * sample line (names, labels with \\ \" \n escapes, UTF-8 label values,
 * a float value, an optional integer timestamp); NUL, CR and anything
 * else fail the whole scrape. Returns 0, or -1 with *err set. */
int nodeexp_parse(const char *buf, size_t len, struct nodeexp_raw *out,
                  struct nodeexp_error *err);

/* Host metrics (store_probe.h's PM_*) from a scrape and the one before it
 * (prev may be NULL: no rates then). dt_s is the time between the scrapes
 * by the daemon's clock, used when node_time_seconds is missing.
 * Unknown values are NAN. */
void nodeexp_metrics(const struct nodeexp_raw *prev,
                     const struct nodeexp_raw *cur, double dt_s,
                     double out[PM__MAX]);

/* % used of the fullest filesystem with both size and avail, or NAN. */
double nodeexp_disk_used(const struct nodeexp_raw *r);

/* 1 when a network device / filesystem type is left out of the sums:
 * lo and virtual devices (veth* docker* br-* virbr* vnet* cni* flannel*
 * cali* tunl* vxlan* kube-* dummy*); pseudo and in-memory filesystems
 * (tmpfs ramfs devtmpfs overlay squashfs iso9660 nsfs autofs fuse.lxcfs
 * rootfs). */
int nodeexp_net_skipped(const char *dev, size_t n);
int nodeexp_fs_skipped(const char *fstype, size_t n);

/* The same lists as PromQL regular expressions (prometheus.c). */
extern const char NODEEXP_NET_SKIP_RE[];
extern const char NODEEXP_FS_SKIP_RE[];

/* FNV-1a over device, a 0 byte, mountpoint (nodeexp_fs.key). */
uint64_t nodeexp_fs_key(const char *dev, size_t dn, const char *mnt, size_t mn);

#endif
