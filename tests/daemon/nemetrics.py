#!/usr/bin/env python3
# nemetrics.py URL [SECONDS] — what node_exporter itself reports, computed
# independently of the daemon's C parser: fetches URL/metrics twice,
# SECONDS apart (default 1), and prints name=value lines for mem, disk,
# load1, load5, uptime, tcp, cpu, net_in (the daemon's definitions: the
# fullest real filesystem; lo and virtual devices left out).
# SPDX-License-Identifier: BSD-3-Clause
import re
import sys
import time
import urllib.request

LINE = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})?\s+(\S+)')
LABEL = re.compile(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"')
NET_SKIP = re.compile(r'^(lo|veth.*|docker.*|br-.*|virbr.*|vnet.*|cni.*|'
                      r'flannel.*|cali.*|tunl.*|vxlan.*|kube-.*|dummy.*|'
                      r'ifb.*)$')
FS_SKIP = {"tmpfs", "ramfs", "devtmpfs", "overlay", "squashfs", "iso9660",
           "nsfs", "autofs", "fuse.lxcfs", "rootfs"}


def scrape(url):
    text = urllib.request.urlopen(url, timeout=5).read().decode()
    out = []
    for line in text.splitlines():
        m = LINE.match(line)
        if m:
            labels = dict(LABEL.findall(m.group(3) or ""))
            out.append((m.group(1), labels, float(m.group(4))))
    return out


def summary(samples):
    s = {"cpu_idle": 0.0, "cpu_total": 0.0, "rx": 0.0, "fs": {}}
    for name, lab, v in samples:
        if name == "node_cpu_seconds_total":
            s["cpu_total"] += v
            if lab.get("mode") == "idle":
                s["cpu_idle"] += v
        elif name in ("node_filesystem_size_bytes",
                      "node_filesystem_avail_bytes"):
            if lab.get("fstype") in FS_SKIP:
                continue
            key = (lab.get("device"), lab.get("mountpoint"))
            s["fs"].setdefault(key, {})[name.split("_")[2]] = v
        elif name == "node_network_receive_bytes_total":
            if not NET_SKIP.match(lab.get("device", "")):
                s["rx"] += v
        else:
            s[name] = v
    return s


def main():
    url = sys.argv[1].rstrip("/") + "/metrics"
    gap = float(sys.argv[2]) if len(sys.argv) > 2 else 1.0
    a = summary(scrape(url))
    time.sleep(gap)
    b = summary(scrape(url))
    mem = 100 * (1 - b["node_memory_MemAvailable_bytes"] /
                 b["node_memory_MemTotal_bytes"])
    disk = max(100 * (1 - f["avail"] / f["size"])
               for f in b["fs"].values() if f.get("size"))
    dt = b["node_time_seconds"] - a["node_time_seconds"]
    tot = b["cpu_total"] - a["cpu_total"]
    cpu = 100 * (1 - (b["cpu_idle"] - a["cpu_idle"]) / tot) if tot > 0 else 0
    print("mem=%.3f" % mem)
    print("disk=%.3f" % disk)
    print("load1=%.3f" % b["node_load1"])
    print("load5=%.3f" % b["node_load5"])
    print("uptime=%.0f" % (b["node_time_seconds"] - b["node_boot_time_seconds"]))
    print("tcp=%.0f" % b["node_netstat_Tcp_CurrEstab"])
    print("cpu=%.3f" % cpu)
    print("net_in=%.1f" % ((b["rx"] - a["rx"]) / dt if dt > 0 else 0))


if __name__ == "__main__":
    main()
