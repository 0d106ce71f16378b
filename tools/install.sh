#!/usr/bin/env bash
# install.sh WBM WEBMIN_ROOT — install the module package into an installed
# Webmin with Webmin's own install-module.pl. The config dir is
# $WEBMIN_CONFIG if set, else /etc/webmin. Exits 2 on bad arguments.
set -euo pipefail

if [ $# -lt 1 ] || [ $# -gt 2 ]; then
    echo "usage: $0 WBM WEBMIN_ROOT" >&2
    exit 2
fi
wbm=$1
root=${2:-}
config=${WEBMIN_CONFIG:-/etc/webmin}

if [ -z "$root" ]; then
    echo "install.sh: WEBMIN_ROOT is empty: say where Webmin is installed," >&2
    echo "  e.g. make install WEBMIN_ROOT=/usr/share/webmin" >&2
    exit 2
fi
if [ ! -f "$root/install-module.pl" ]; then
    echo "install.sh: $root/install-module.pl not found: WEBMIN_ROOT must be" \
        "the Webmin program directory (e.g. /usr/share/webmin)" >&2
    exit 2
fi
if [ ! -f "$wbm" ]; then
    echo "install.sh: package $wbm not found (run 'make wbm')" >&2
    exit 2
fi
if [ ! -f "$config/miniserv.conf" ]; then
    echo "install.sh: $config/miniserv.conf not found: set WEBMIN_CONFIG to" \
        "Webmin's config directory" >&2
    exit 2
fi

wbm=$(cd "$(dirname "$wbm")" && pwd)/$(basename "$wbm")
echo "install.sh: installing $wbm into $root (config $config)"
cd "$root"
perl "$root/install-module.pl" "$wbm" "$config"
echo "install.sh: done; open /unlimited-cluster/ in Webmin"
