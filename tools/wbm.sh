#!/usr/bin/env bash
# wbm.sh STAGE OUT — pack the staged module folder into a Webmin module
# package (OUT, e.g. dist/unlimited-cluster.wbm.gz): a gzipped tar holding the
# single top-level folder unlimited-cluster/, owned by root, deterministic
# (sorted names, fixed mtime, gzip -n). Then list it and check its contents.
set -euo pipefail

if [ $# -ne 2 ]; then
    echo "usage: $0 STAGE OUT" >&2
    exit 2
fi
stage=${1%/}
out=$2
module=unlimited-cluster
# Fixed timestamp: SOURCE_DATE_EPOCH if the caller sets one, else 2024-01-01.
mtime=${SOURCE_DATE_EPOCH:-1704067200}

if [ ! -f "$stage/module.info" ]; then
    echo "wbm.sh: $stage/module.info is missing: run 'make stage' first" >&2
    exit 1
fi

mkdir -p "$(dirname "$out")"
tmp=$(mktemp "$(dirname "$out")/.wbm.XXXXXX")
trap 'rm -f "$tmp"' EXIT

# The folder in the archive is always named $module, whatever STAGE's name.
tar -C "$(dirname "$stage")" \
    --sort=name --format=gnu --owner=0 --group=0 --numeric-owner \
    --mtime="@$mtime" --mode='u+rwX,go+rX,go-w' \
    --transform="s,^$(basename "$stage"),$module," \
    -cf - "$(basename "$stage")" | gzip -n -9 >"$tmp"
chmod 0644 "$tmp" # mktemp made it 0600; a package is readable like any file
mv "$tmp" "$out"
trap - EXIT

# Self-check.
fail=0
check() { echo "wbm.sh: check failed: $*" >&2; fail=1; }
listing=$(tar -tzf "$out")
tops=$(printf '%s\n' "$listing" | sed -e 's,^\./,,' -e 's,/.*,,' | sort -u)
[ "$tops" = "$module" ] || check "top-level entries are not just $module/: $(echo "$tops" | tr '\n' ' ')"
printf '%s\n' "$listing" | grep -qx "$module/module.info" || check "$module/module.info missing"
bad=$(printf '%s\n' "$listing" | grep -E '\.(c|h|o|db)$|(^|/)tests(/|$)' || true)
[ -z "$bad" ] || check "forbidden entries: $(echo "$bad" | tr '\n' ' ')"
owners=$(tar -tvzf "$out" | awk '{print $2}' | sort -u)
[ "$owners" = "0/0" ] || check "entries not owned by 0/0: $owners"
ncgi=$(printf '%s\n' "$listing" | grep -c "^$module/[^/]*\.cgi$" || true)
# A page is either an executable or a link to uc.bin, the multi-call binary.
nonexec=$(tar -tvzf "$out" | awk '($6 ~ /\.cgi$/ || $6 ~ /\/uc(-dyn)?\.bin$/) &&
    $1 !~ /^-rwxr-xr-x/ && !($1 ~ /^l/ && $8 == "uc.bin") {print $6}')
[ -z "$nonexec" ] || check "CGIs not mode 0755 nor links to uc.bin: $nonexec"

if [ "$fail" -ne 0 ]; then
    rm -f "$out"
    exit 1
fi
echo "wbm.sh: $out: $(printf '%s\n' "$listing" | wc -l) entries, $ncgi CGIs," \
    "$(wc -c <"$out") bytes, sha256 $(sha256sum "$out" | cut -c1-16)"
