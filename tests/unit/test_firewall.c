/* test_firewall.c — the ufw and nftables text made for a server: exact
 * output for each kind of server and peer, ports by protocol, public web
 * ports, and values that try to break out of comments, quotes or lines.
 * (tests/cgi/t0800-firewall.sh checks the same text with nft -c and
 * ufw --dry-run where they are installed.)
 * SPDX-License-Identifier: BSD-3-Clause */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "firewall.h"

/* The fixed parts of every file. */
#define UFW_HEAD(id, type, addr, file)                                      \
    "#!/bin/sh\n"                                                           \
    "# ufw rules for server " id " (" type ", " addr "),\n"                 \
    "# made by Unlimited Cluster. Review them, then run this script as "    \
    "root on\n"                                                             \
    "# that server: sh " file "\n"                                          \
    "# It only adds \"allow\" rules and changes nothing else: keep ufw's "  \
    "default\n"                                                             \
    "# incoming policy at deny (ufw default deny incoming) so that no one " \
    "else\n"                                                                \
    "# gets in. Running it again skips the rules that already exist.\n"
#define UFW_START                                                             \
    "set -e\n"                                                                \
    "command -v ufw >/dev/null 2>&1 || { echo \"ufw is not installed\" >&2; " \
    "exit 1; }\n"
#define NFT_HEAD(id, type, addr, file)                                       \
    "#!/usr/sbin/nft -f\n"                                                   \
    "# nftables rules for server " id " (" type ", " addr "),\n"             \
    "# made by Unlimited Cluster. Review them, then load them as root on "   \
    "that\n"                                                                 \
    "# server: nft -f " file "\n"                                            \
    "# They live in their own table, inet unlimited_cluster, which loading " \
    "this\n"                                                                 \
    "# file again replaces; the rest of the ruleset is left alone. A drop "  \
    "policy\n"                                                               \
    "# in another chain still applies: allow these ports there too.\n"
#define NFT_DROPPED "# Anyone else is dropped on these ports.\n"
#define NFT_START                                             \
    "table inet unlimited_cluster\n"                          \
    "delete table inet unlimited_cluster\n"                   \
    "table inet unlimited_cluster {\n"                        \
    "\tchain input {\n"                                       \
    "\t\ttype filter hook input priority 0; policy accept;\n" \
    "\t\tiifname \"lo\" accept\n"                             \
    "\t\tct state established,related accept\n"
#define NFT_END "\t}\n}\n"

static struct server
server(const char *id, const char *type, const char *ip, const char *ports)
{
    struct server s;
    memset(&s, 0, sizeof s);
    snprintf(s.id, sizeof s.id, "%s", id);
    snprintf(s.type, sizeof s.type, "%s", type);
    snprintf(s.ip, sizeof s.ip, "%s", ip);
    snprintf(s.ports, sizeof s.ports, "%s", ports);
    return s;
}

/* Renders s with peers into a fresh buffer and compares with want. */
static void
expect(enum fw_format f, const struct server *s, const struct fw_peer *peers,
       size_t n, int public_web, const char *want)
{
    struct buf b;
    struct fw_options o = {.public_web = public_web};
    buf_init(&b, 1u << 20);
    assert_int_equal(fw_render(&b, f, s, peers, n, &o), 0);
    assert_string_equal(buf_cstr(&b), want);
    buf_free(&b);
}

static void
test_format_parse(void **state)
{
    enum fw_format f = FW_NFT;
    (void)state;
    assert_int_equal(fw_format_parse("ufw", &f), 0);
    assert_int_equal(f, FW_UFW);
    assert_int_equal(fw_format_parse("nft", &f), 0);
    assert_int_equal(f, FW_NFT);
    assert_int_equal(fw_format_parse("UFW", &f), -1);
    assert_int_equal(fw_format_parse("nftables", &f), -1);
    assert_int_equal(fw_format_parse("", &f), -1);
    assert_int_equal(fw_format_parse(NULL, &f), -1);
    assert_int_equal(f, FW_NFT);
}

static void
test_port_protocols(void **state)
{
    (void)state;
    assert_int_equal(fw_port_protocols(53), FW_TCP | FW_UDP);
    assert_int_equal(fw_port_protocols(514), FW_TCP | FW_UDP);
    assert_int_equal(fw_port_protocols(1194), FW_TCP | FW_UDP);
    assert_int_equal(fw_port_protocols(123), FW_UDP);
    assert_int_equal(fw_port_protocols(161), FW_UDP);
    assert_int_equal(fw_port_protocols(500), FW_UDP);
    assert_int_equal(fw_port_protocols(4500), FW_UDP);
    assert_int_equal(fw_port_protocols(51820), FW_UDP);
    /* Every typical port of the nine types but DNS is TCP only. */
    int tcp_only[] = {80,    443,  8080, 3306, 5432, 27017, 6379,
                      11211, 1936, 22,   445,  9090, 3000,  873};
    for (size_t i = 0; i < sizeof tcp_only / sizeof tcp_only[0]; i++)
        assert_int_equal(fw_port_protocols(tcp_only[i]), FW_TCP);
}

static void
test_public_allowed_for_web_and_loadbalancer_only(void **state)
{
    (void)state;
    assert_int_equal(fw_public_allowed("web"), 1);
    assert_int_equal(fw_public_allowed("loadbalancer"), 1);
    assert_int_equal(fw_public_allowed("database"), 0);
    assert_int_equal(fw_public_allowed("security"), 0);
    assert_int_equal(fw_public_allowed("Web"), 0);
    assert_int_equal(fw_public_allowed(NULL), 0);
}

static void
test_server_ports_from_type_or_own_list(void **state)
{
    int p[FW_MAX_PORTS];
    struct server s = server("a", "database", "10.0.0.1", "");
    (void)state;
    assert_int_equal(fw_server_ports(&s, p), 3);
    assert_int_equal(p[0], 3306);
    assert_int_equal(p[1], 5432);
    assert_int_equal(p[2], 27017);

    s = server("a", "database", "10.0.0.1", "6432 5432");
    assert_int_equal(fw_server_ports(&s, p), 2);
    assert_int_equal(p[0], 6432);
    assert_int_equal(p[1], 5432);

    /* Not canonical (never stored so): bad tokens skipped, repeats once. */
    s = server("a", "web", "10.0.0.1", "80 x 0 70000,80,,443 999999 -1");
    assert_int_equal(fw_server_ports(&s, p), 2);
    assert_int_equal(p[0], 80);
    assert_int_equal(p[1], 443);

    s = server("a", "toaster", "10.0.0.1", "");
    assert_int_equal(fw_server_ports(&s, p), 0);

    s = server("a", "web", "10.0.0.1",
               "1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18");
    assert_int_equal(fw_server_ports(&s, p), FW_MAX_PORTS);
    assert_int_equal(p[FW_MAX_PORTS - 1], 16);
}

static void
test_filename_is_safe(void **state)
{
    char name[128];
    (void)state;
    fw_filename(name, sizeof name, FW_UFW, "db-01");
    assert_string_equal(name, "firewall-db-01.sh");
    fw_filename(name, sizeof name, FW_NFT, "web_1.eu");
    assert_string_equal(name, "firewall-web_1.eu.nft");
    fw_filename(name, sizeof name, FW_UFW, "../a\"b;\r\nc d");
    assert_string_equal(name, "firewall-_._a_b___c_d.sh");
    fw_filename(name, sizeof name, FW_NFT, "");
    assert_string_equal(name, "firewall--.nft");
}

/* A database server with an IPv4 peer, a host name, a repeated address,
 * an IPv6 peer written loosely and an unspecified address. */
static const struct fw_peer DB_PEERS[] = {
    {"web-01", "10.0.0.5"}, {"web-02", "web2.example.com"},
    {"web-03", "10.0.0.5"}, {"web-04", "2001:DB8:0::5"},
    {"z", "0.0.0.0"},
};

/* A web server with public ports; ::ffff:10.0.0.9 arrives as IPv4. */
static const struct fw_peer WEB_PEERS[] = {
    {"lb-1", "10.0.0.2"},
    {"mon", "::ffff:10.0.0.9"},
};

/* Fields are validated before they are stored, but the generator treats
 * them as data anyway: nothing may end a comment line, a quoted comment or
 * a command, and addresses are re-printed from their parsed form. */
static const struct fw_peer HOSTILE_PEERS[] = {
    {"a'; rm -rf / #\n", "10.0.0.7"},
    {"ok", "evil.example'\n;reboot"},
    {"q\"x", " 10.0.0.8"},
};

/* One peer, on IPv4 and on IPv6; a single peer for the cases about ports. */
static const struct fw_peer DNS_PEERS_V4[] = {{"web-01", "10.0.0.5"}};
static const struct fw_peer DNS_PEERS_V6[] = {{"web-01", "2001:db8::7"}};
static const struct fw_peer ONE_PEER[] = {{"b", "10.0.0.2"}};

/* One IPv6 address spelled two ways, and the unspecified address. */
static const struct fw_peer V6_PEERS[] = {
    {"a", "2001:db8::5"}, {"b", "2001:DB8:0:0:0:0:0:5"}, {"c", "::"}};

/* The exact files: each row is a test of its own, named by its first
 * field, that renders the server with the first npeers peers (and the
 * public web option) and compares the whole text. One line of output per
 * line here. */
struct render_case {
    const char *name;
    enum fw_format format;
    struct {
        const char *id, *type, *ip, *ports;
    } srv;
    const struct fw_peer *peers;
    size_t npeers;
    int public_web;
    const char *want;
};

/* clang-format off */
static const struct render_case RENDER[] = {
    {"test_ufw_database_peers", FW_UFW,
     {"db-01", "database", "10.0.0.10", ""},
     DB_PEERS, 5, 0,
     UFW_HEAD("db-01", "database", "10.0.0.10", "firewall-db-01.sh")
     "# Open only to the connected servers: 3306/tcp 5432/tcp 27017/tcp\n"
     UFW_START
     "ufw allow from 10.0.0.5 to any port 3306,5432,27017 proto tcp comment 'uc web-01'\n"
     "# web-02 (web2.example.com): ufw needs an IP address, not a host name; add this rule by hand.\n"
     "# web-03 (10.0.0.5): same address as web-01, allowed above.\n"
     "ufw allow from 2001:db8::5 to any port 3306,5432,27017 proto tcp comment 'uc web-04'\n"
     "# z (0.0.0.0): not a usable source address; no rule was made.\n"},
    {"test_nft_database_peers", FW_NFT,
     {"db-01", "database", "10.0.0.10", ""},
     DB_PEERS, 5, 0,
     NFT_HEAD("db-01", "database", "10.0.0.10", "firewall-db-01.nft")
     "# Open only to the connected servers: 3306/tcp 5432/tcp 27017/tcp\n"
     NFT_DROPPED
     NFT_START
     "\t\tip saddr 10.0.0.5 tcp dport { 3306, 5432, 27017 } accept comment \"web-01\"\n"
     "\t\t# web-02 (web2.example.com): nft needs an IP address, not a host name; add this rule by hand.\n"
     "\t\t# web-03 (10.0.0.5): same address as web-01, allowed above.\n"
     "\t\tip6 saddr 2001:db8::5 tcp dport { 3306, 5432, 27017 } accept comment \"web-04\"\n"
     "\t\t# z (0.0.0.0): not a usable source address; no rule was made.\n"
     "\t\ttcp dport { 3306, 5432, 27017 } drop\n"
     NFT_END},
    {"test_ufw_web_public", FW_UFW,
     {"web-01", "web", "192.0.2.1", ""},
     WEB_PEERS, 2, 1,
     UFW_HEAD("web-01", "web", "192.0.2.1", "firewall-web-01.sh")
     "# Open to everyone: 80/tcp 443/tcp\n"
     "# Open only to the connected servers: 8080/tcp\n"
     UFW_START
     "ufw allow from any to any port 80,443 proto tcp comment 'uc public web'\n"
     "ufw allow from 10.0.0.2 to any port 8080 proto tcp comment 'uc lb-1'\n"
     "ufw allow from 10.0.0.9 to any port 8080 proto tcp comment 'uc mon'\n"},
    {"test_nft_web_public", FW_NFT,
     {"web-01", "web", "192.0.2.1", ""},
     WEB_PEERS, 2, 1,
     NFT_HEAD("web-01", "web", "192.0.2.1", "firewall-web-01.nft")
     "# Open to everyone: 80/tcp 443/tcp\n"
     "# Open only to the connected servers: 8080/tcp\n"
     NFT_DROPPED
     NFT_START
     "\t\ttcp dport { 80, 443 } accept comment \"public web\"\n"
     "\t\tip saddr 10.0.0.2 tcp dport { 8080 } accept comment \"lb-1\"\n"
     "\t\tip saddr 10.0.0.9 tcp dport { 8080 } accept comment \"mon\"\n"
     "\t\ttcp dport { 8080 } drop\n"
     NFT_END},
    {"test_web_without_public_keeps_80_443_to_peers", FW_NFT,
     {"lb", "loadbalancer", "192.0.2.2", ""},
     WEB_PEERS, 1, 0,
     NFT_HEAD("lb", "loadbalancer", "192.0.2.2", "firewall-lb.nft")
     "# Open only to the connected servers: 80/tcp 443/tcp 1936/tcp\n"
     NFT_DROPPED
     NFT_START
     "\t\tip saddr 10.0.0.2 tcp dport { 80, 443, 1936 } accept comment \"lb-1\"\n"
     "\t\ttcp dport { 80, 443, 1936 } drop\n"
     NFT_END},
    /* DNS: 53 over TCP and UDP; public asked for a type that cannot have it. */
    {"test_nft_dns_both_protocols_and_public_refused", FW_NFT,
     {"ns1", "dns", "10.0.0.53", ""},
     DNS_PEERS_V4, 1, 1,
     NFT_HEAD("ns1", "dns", "10.0.0.53", "firewall-ns1.nft")
     "# Public web ports were asked for, but only 80 and 443 of web and load\n"
     "# balancer servers are made public.\n"
     "# Open only to the connected servers: 53/tcp 53/udp\n"
     NFT_DROPPED
     NFT_START
     "\t\tip saddr 10.0.0.5 tcp dport { 53 } accept comment \"web-01\"\n"
     "\t\tip saddr 10.0.0.5 udp dport { 53 } accept comment \"web-01\"\n"
     "\t\ttcp dport { 53 } drop\n"
     "\t\tudp dport { 53 } drop\n"
     NFT_END},
    {"test_ufw_dns_udp_rule", FW_UFW,
     {"ns1", "dns", "ns1.example.org", ""},
     DNS_PEERS_V6, 1, 0,
     UFW_HEAD("ns1", "dns", "ns1.example.org", "firewall-ns1.sh")
     "# Open only to the connected servers: 53/tcp 53/udp\n"
     UFW_START
     "ufw allow from 2001:db8::7 to any port 53 proto tcp comment 'uc web-01'\n"
     "ufw allow from 2001:db8::7 to any port 53 proto udp comment 'uc web-01'\n"},
    {"test_no_peers_lets_no_one_in_nft", FW_NFT,
     {"cache-1", "cache", "10.0.0.6", ""},
     NULL, 0, 0,
     NFT_HEAD("cache-1", "cache", "10.0.0.6", "firewall-cache-1.nft")
     "# Open only to the connected servers: 6379/tcp 11211/tcp\n"
     NFT_DROPPED
     "# No connected server has an IP address: no one else may reach these ports.\n"
     NFT_START
     "\t\ttcp dport { 6379, 11211 } drop\n"
     NFT_END},
    {"test_no_peers_lets_no_one_in_ufw", FW_UFW,
     {"cache-1", "cache", "10.0.0.6", ""},
     NULL, 0, 0,
     UFW_HEAD("cache-1", "cache", "10.0.0.6", "firewall-cache-1.sh")
     "# Open only to the connected servers: 6379/tcp 11211/tcp\n"
     "# No connected server has an IP address: no one else may reach these ports.\n"
     UFW_START},
    {"test_no_ports_ufw", FW_UFW,
     {"odd", "toaster", "10.0.0.1", ""},
     ONE_PEER, 1, 0,
     UFW_HEAD("odd", "toaster", "10.0.0.1", "firewall-odd.sh")
     "# This server has no ports to open.\n"
     UFW_START},
    {"test_no_ports_nft", FW_NFT,
     {"odd", "toaster", "10.0.0.1", ""},
     ONE_PEER, 1, 0,
     NFT_HEAD("odd", "toaster", "10.0.0.1", "firewall-odd.nft")
     "# This server has no ports to open.\n"
     NFT_START
     NFT_END},
    /* ufw takes at most 15 ports per rule. */
    {"test_ufw_splits_long_port_lists", FW_UFW,
     {"many", "web", "10.0.0.1", "1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16"},
     ONE_PEER, 1, 0,
     UFW_HEAD("many", "web", "10.0.0.1", "firewall-many.sh")
     "# Open only to the connected servers: 1/tcp 2/tcp 3/tcp 4/tcp 5/tcp 6/tcp 7/tcp 8/tcp 9/tcp 10/tcp 11/tcp 12/tcp 13/tcp 14/tcp 15/tcp 16/tcp\n"
     UFW_START
     "ufw allow from 10.0.0.2 to any port 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15 proto tcp comment 'uc b'\n"
     "ufw allow from 10.0.0.2 to any port 16 proto tcp comment 'uc b'\n"},
    {"test_hostile_values_stay_data_ufw", FW_UFW,
     {"x'y\"z", "database\nevil", "1.2.3.4 $(reboot)'", "5432 x 70000,5432 53"},
     HOSTILE_PEERS, 3, 0,
     UFW_HEAD("x_y_z", "database_evil", "1.2.3.4___reboot__", "firewall-x_y_z.sh")
     "# Open only to the connected servers: 5432/tcp 53/tcp 53/udp\n"
     UFW_START
     "ufw allow from 10.0.0.7 to any port 5432,53 proto tcp comment 'uc a___rm_-rf_____'\n"
     "ufw allow from 10.0.0.7 to any port 53 proto udp comment 'uc a___rm_-rf_____'\n"
     "# ok (evil.example___reboot): ufw needs an IP address, not a host name; add this rule by hand.\n"
     "# q_x (_10.0.0.8): ufw needs an IP address, not a host name; add this rule by hand.\n"},
    {"test_hostile_values_stay_data_nft", FW_NFT,
     {"x'y\"z", "database\nevil", "1.2.3.4 $(reboot)'", "5432 53"},
     HOSTILE_PEERS, 3, 0,
     NFT_HEAD("x_y_z", "database_evil", "1.2.3.4___reboot__", "firewall-x_y_z.nft")
     "# Open only to the connected servers: 5432/tcp 53/tcp 53/udp\n"
     NFT_DROPPED
     NFT_START
     "\t\tip saddr 10.0.0.7 tcp dport { 5432, 53 } accept comment \"a___rm_-rf_____\"\n"
     "\t\tip saddr 10.0.0.7 udp dport { 53 } accept comment \"a___rm_-rf_____\"\n"
     "\t\t# ok (evil.example___reboot): nft needs an IP address, not a host name; add this rule by hand.\n"
     "\t\t# q_x (_10.0.0.8): nft needs an IP address, not a host name; add this rule by hand.\n"
     "\t\ttcp dport { 5432, 53 } drop\n"
     "\t\tudp dport { 53 } drop\n"
     NFT_END},
    {"test_repeated_ipv6_in_other_spelling", FW_NFT,
     {"m", "monitoring", "10.0.0.1", ""},
     V6_PEERS, 3, 0,
     NFT_HEAD("m", "monitoring", "10.0.0.1", "firewall-m.nft")
     "# Open only to the connected servers: 9090/tcp 3000/tcp\n"
     NFT_DROPPED
     NFT_START
     "\t\tip6 saddr 2001:db8::5 tcp dport { 9090, 3000 } accept comment \"a\"\n"
     "\t\t# b (2001:db8::5): same address as a, allowed above.\n"
     "\t\t# c (::): not a usable source address; no rule was made.\n"
     "\t\ttcp dport { 9090, 3000 } drop\n"
     NFT_END},
};
/* clang-format on */

static void
test_render(void **state)
{
    const struct render_case *c = *state;
    struct server s = server(c->srv.id, c->srv.type, c->srv.ip, c->srv.ports);
    expect(c->format, &s, c->peers, c->npeers, c->public_web, c->want);
}

/* Long hostile values are cut, never allowed to run on. */
static void
test_long_values_are_truncated(void **state)
{
    char id[300], addr[300];
    struct buf b;
    struct fw_options o = {0};
    memset(id, 'a', sizeof id - 1);
    id[sizeof id - 1] = '\0';
    memset(addr, 'h', sizeof addr - 1);
    addr[sizeof addr - 1] = '\0';
    struct fw_peer peers[] = {{id, addr}};
    struct server s = server("db", "database", "10.0.0.1", "");
    (void)state;
    buf_init(&b, 1u << 20);
    assert_int_equal(fw_render(&b, FW_UFW, &s, peers, 1, &o), 0);
    const char *line = strstr(buf_cstr(&b), "\n# aaa");
    assert_non_null(line);
    const char *end = strchr(line + 1, '\n');
    assert_non_null(end);
    /* "# " + 64 id bytes + " (" + 253 address bytes + the sentence. */
    assert_true((size_t)(end - line) < 2 + 64 + 2 + 253 + 100);
    buf_free(&b);
}

static void
test_full_buffer_fails(void **state)
{
    struct buf b;
    struct fw_options o = {0};
    struct server s = server("db-01", "database", "10.0.0.10", "");
    (void)state;
    buf_init(&b, 200);
    assert_int_equal(fw_render(&b, FW_NFT, &s, DB_PEERS, 5, &o), -1);
    buf_free(&b);
}

int
main(void)
{
    static const struct CMUnitTest fixed[] = {
        cmocka_unit_test(test_format_parse),
        cmocka_unit_test(test_port_protocols),
        cmocka_unit_test(test_public_allowed_for_web_and_loadbalancer_only),
        cmocka_unit_test(test_server_ports_from_type_or_own_list),
        cmocka_unit_test(test_filename_is_safe),
        cmocka_unit_test(test_long_values_are_truncated),
        cmocka_unit_test(test_full_buffer_fails),
    };
    struct CMUnitTest tests[sizeof fixed / sizeof fixed[0] +
                            sizeof RENDER / sizeof RENDER[0]];
    size_t n = sizeof fixed / sizeof fixed[0];
    memcpy(tests, fixed, sizeof fixed);
    for (size_t i = 0; i < sizeof RENDER / sizeof RENDER[0]; i++)
        tests[n + i] = (struct CMUnitTest){.name = RENDER[i].name,
                                           .test_func = test_render,
                                           .initial_state = (void *)&RENDER[i]};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
