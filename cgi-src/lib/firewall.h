/* firewall.h — firewall rules for one server: its type's ports (or its own
 * port list) open only to the servers connected to it, and 80/443 of web
 * and load balancer servers open to everyone when asked; written as a ufw
 * shell script or an `nft -f` file. Text generation only: the module never
 * applies the rules anywhere.
 * SPDX-License-Identifier: BSD-3-Clause */
#ifndef UC_FIREWALL_H
#define UC_FIREWALL_H

#include <stddef.h>
#include "buf.h"
#include "store.h"

#define FW_MAX_PORTS     16 /* ports of one server (as valid_ports allows) */
#define FW_UFW_MAX_PORTS 15 /* ports in one ufw rule (its multiport limit) */
#define FW_TABLE         "unlimited_cluster" /* our nftables table */

enum fw_format { FW_UFW, FW_NFT };

/* Protocol bits for a port. */
#define FW_TCP 0x1u
#define FW_UDP 0x2u

/* A server connected to the one the rules are for (either direction). */
struct fw_peer {
    const char *id;   /* its server id, for comments */
    const char *addr; /* its ip field: IPv4, IPv6 or a host name */
};

struct fw_options {
    int public_web; /* open 80 and 443 of web/loadbalancer servers to all */
};

/* "ufw" or "nft" -> *out; returns 0, or -1 for anything else. */
int fw_format_parse(const char *s, enum fw_format *out);

/* The protocols a port is opened for: FW_TCP, plus FW_UDP for 53 (DNS),
 * 514 (syslog) and 1194 (OpenVPN), FW_UDP alone for 123 (NTP), 161 (SNMP),
 * 500 and 4500 (IPsec) and 51820 (WireGuard). */
unsigned fw_port_protocols(int port);

/* 1 when servers of this type may have 80 and 443 public (web,
 * loadbalancer), else 0. */
int fw_public_allowed(const char *type);

/* The ports the rules cover: s->ports ("80 443"; tokens that are not
 * 1..65535 are skipped) or, when empty, the typical ports of s->type.
 * Writes at most FW_MAX_PORTS into ports, without repeats; returns the
 * count (0 for an unknown type with no ports of its own). */
size_t fw_server_ports(const struct server *s, int *ports);

/* Appends the rules for s to b: format f, peers[0..n) the connected
 * servers (IPv4 and IPv6 addresses get rules; a host name, an unspecified
 * address or a repeated address gets a comment line saying why it has
 * none; nothing is resolved). Every value from s and peers is written
 * either re-printed from its parsed form (addresses, ports) or reduced to
 * [A-Za-z0-9._:-] (ids, types, names in comments), so no value can break
 * out of a comment, a quoted string or a line. Returns 0, or -1 when b is
 * full (b then holds part of the text). */
int fw_render(struct buf *b, enum fw_format f, const struct server *s,
              const struct fw_peer *peers, size_t n,
              const struct fw_options *o);

/* A download file name: "firewall-<id>.sh" (ufw) or "firewall-<id>.nft",
 * the id reduced to [A-Za-z0-9._-] (other bytes become '_'; a leading '.'
 * too). Writes into out (size >= 80 holds every valid id). */
void fw_filename(char *out, size_t outlen, enum fw_format f, const char *id);

#endif
