#!/usr/bin/env python3
# gen_estate.py SERVERS CONNECTIONS [CLUSTERS] > estate.json — a native
# document (docs/format.md) of a realistic estate, for bench/import.sh:
# the nine types in fill.c's shares, ids <type>-<env>-<n>, names, IPv4 and
# some host names, regions, statuses, a few positions and probe settings,
# connections wired by role (load balancer -> web, web -> database and
# cache, monitoring -> anything, then random pairs), and clusters. The same
# document on every run (fixed seed), laid out as clusterctl export writes
# it: entries sorted, one per line.
# SPDX-License-Identifier: BSD-3-Clause
import json
import random
import sys

KINDS = [("web", "web", 30), ("database", "db", 12), ("dns", "dns", 5),
         ("cache", "cache", 10), ("loadbalancer", "lb", 5),
         ("filesystem", "fs", 10), ("monitoring", "mon", 5),
         ("backup", "backup", 10), ("security", "sec", 13)]
ENVS = ["prod", "prod", "prod", "staging", "staging", "dev"]
REGIONS = ["us-east-1", "us-west-2", "eu-west-1", "eu-central-1",
           "ap-southeast-1", None]
STATES = ["active"] * 4 + ["warning", "inactive", "unknown"]
CONN_FOR = {("loadbalancer", "web"): "http", ("web", "database"): "database",
            ("web", "cache"): "cache"}
STAMP = "2026-11-29T08:00:00Z"


def main():
    n = int(sys.argv[1])
    m = int(sys.argv[2])
    nclusters = int(sys.argv[3]) if len(sys.argv) > 3 else 50
    rnd = random.Random(20261129)
    weights = [k[2] for k in KINDS]
    servers = []
    for i in range(n):
        kind, prefix, _ = rnd.choices(KINDS, weights)[0]
        env = rnd.choice(ENVS)
        sid = "%s-%s-%06d" % (prefix, env, i)
        ip = ("%s%d.%s.example.com" % (prefix, i, env) if i % 10 == 0 else
              "10.%d.%d.%d" % (i >> 16 & 255, i >> 8 & 255, i & 255))
        s = {"id": sid, "name": "%s %s %d" % (kind.capitalize(), env, i),
             "type": kind, "ip": ip, "region": rnd.choice(REGIONS),
             "ports": [8443] if i % 50 == 0 else None,
             "status": rnd.choice(STATES),
             "position": ({"x": float(i % 300), "y": float(i // 300)}
                          if i % 7 == 0 else None),
             "probe": ({"node_port": 9100, "http_port": None,
                        "http_scheme": None, "http_path": "/healthz",
                        "http_status": None, "maintenance": False}
                       if i % 100 == 0 else None),
             "created": STAMP, "updated": STAMP}
        servers.append(s)
    by_type = {}
    for s in servers:
        by_type.setdefault(s["type"], []).append(s["id"])
    pairs = {}

    def connect(a, b, kind):
        key = (min(a, b), max(a, b))
        if a != b and key not in pairs:
            pairs[key] = {"from": a, "to": b, "type": kind, "created": STAMP}

    # By role first, then random pairs until there are m.
    for (src, dst), kind in CONN_FOR.items():
        targets = by_type.get(dst, [])
        for a in by_type.get(src, []):
            if len(pairs) >= m // 2 or not targets:
                break
            connect(a, rnd.choice(targets), kind)
    ids = [s["id"] for s in servers]
    for a in by_type.get("monitoring", []):
        if len(pairs) >= m * 2 // 3:
            break
        connect(a, rnd.choice(ids), "monitoring")
    while len(pairs) < m and n > 1:
        connect(rnd.choice(ids), rnd.choice(ids), "standard")
    clusters = []
    for c in range(nclusters):
        members = sorted(set(rnd.sample(ids, min(n, rnd.randint(10, 1000)))),
                         key=str.lower)
        clusters.append({"name": "cluster-%03d" % c,
                         "description": "Generated cluster %d" % c,
                         "created": STAMP, "updated": STAMP,
                         "servers": members})

    out = sys.stdout
    enc = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False)

    def section(name, items, last=False):
        out.write(',\n"%s":[' % name)
        for i, item in enumerate(items):
            out.write(("\n" if i == 0 else ",\n") + enc.encode(item))
        out.write("\n]" if items else "]")

    out.write('{"format":"unlimited-cluster","version":1,"exported":"%s"'
              % STAMP)
    section("servers", sorted(servers, key=lambda s: s["id"].lower()))
    section("connections", sorted(pairs.values(),
                                  key=lambda c: (c["from"].lower(),
                                                 c["to"].lower())))
    section("clusters", clusters)
    out.write("}\n")


if __name__ == "__main__":
    main()
