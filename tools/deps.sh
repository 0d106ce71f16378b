#!/usr/bin/env bash
# deps.sh — install the Debian packages needed to build, test, benchmark and
# run unlimited-cluster. Quiet when everything is present. As root it uses
# apt-get (apt-get update only when something is missing); otherwise it prints
# the exact sudo command and exits 1. It never leaves Debian's lighttpd system
# service running (that one listens on :80; ours runs on loopback).
set -euo pipefail

pkgs=(build-essential gcc clang make pkg-config libjansson-dev libsqlite3-dev
      libcmocka-dev libcurl4-openssl-dev lighttpd curl sqlite3 apache2-utils
      valgrind prometheus prometheus-node-exporter
      prometheus-blackbox-exporter chromium nftables ufw python3 python3-venv
      zlib1g-dev)

installed() {
    [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" = "install ok installed" ]
}

missing=()
for p in "${pkgs[@]}"; do
    installed "$p" || missing+=("$p")
done
# Node.js for the browser tests: any node with npm will do (the machine may
# carry NodeSource's nodejs, which bundles npm); else Debian's.
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    missing+=(nodejs npm)
fi
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
    echo "deps.sh: missing packages: ${missing[*]}" >&2
    echo "Run:" >&2
    echo "  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
    exit 1
fi

echo "deps.sh: installing ${missing[*]}"
had_lighttpd=0
installed lighttpd && had_lighttpd=1

# Keep services from starting during the install (Debian's policy-rc.d
# convention), unless the machine already has its own policy.
policy=/usr/sbin/policy-rc.d
own_policy=0
if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy"
    chmod 0755 "$policy"
    own_policy=1
fi
cleanup() { [ "$own_policy" -eq 1 ] && rm -f "$policy"; return 0; }
trap cleanup EXIT

export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q "${missing[@]}"

# If we installed lighttpd and its system service came up anyway, stop it.
if [ "$had_lighttpd" -eq 0 ] && installed lighttpd; then
    service lighttpd stop >/dev/null 2>&1 || true
fi

still=()
for p in "${missing[@]}"; do
    installed "$p" || still+=("$p")
done
if [ ${#still[@]} -ne 0 ]; then
    echo "deps.sh: still missing after apt-get: ${still[*]}" >&2
    exit 1
fi
echo "deps.sh: all dependencies installed"
