#!/usr/bin/env bash
# stage.sh STAGE CGIDIR [DAEMON] — build the exact tree that ships as the Webmin module
# folder: module.info, config-*-linux, lang/, images/, help/, the contents of
# module/, CGIDIR/uc.bin and the CGIDIR/*.cgi links to it, CGIDIR/uc-dyn.bin and
# the clusterctl links to it (debug info stripped, except for sanitizer builds).
# Nothing else (no sources, tests or data). Files are 0644, directories and
# CGIs 0755. STAGE is removed first.
set -euo pipefail

if [ $# -lt 2 ] || [ $# -gt 3 ]; then
    echo "usage: $0 STAGE CGIDIR [DAEMON]" >&2
    exit 2
fi
stage=$1
cgidir=$2
daemon=${3:-}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

case "$stage" in
    "" | / | . | ..) echo "stage.sh: refusing to use '$stage' as STAGE" >&2; exit 2 ;;
esac

rm -rf "$stage"
mkdir -p "$stage"

# copy_tree SRC DEST: copy a folder's files, skipping dotfiles, editor
# leftovers and anything that must never ship (sources, objects, databases).
copy_tree() {
    local src=$1 dest=$2
    [ -d "$src" ] || return 0
    (cd "$src" && find . \( -name '.*' ! -name . \) -prune -o -type f \
        ! -name '*~' ! -name '*.swp' ! -name '*.c' ! -name '*.h' \
        ! -name '*.o' ! -name '*.db' ! -name '*.db-*' -print0) |
        while IFS= read -r -d '' f; do
            mkdir -p "$dest/$(dirname "$f")"
            cp "$src/$f" "$dest/$f"
        done
}

if [ -f "$root/module.info" ]; then
    cp "$root/module.info" "$stage/"
else
    echo "stage.sh: warning: $root/module.info is missing" >&2
fi
for f in "$root"/config-*-linux; do
    [ -f "$f" ] && cp "$f" "$stage/"
done
for d in lang images help; do
    copy_tree "$root/$d" "$stage/$d"
done
copy_tree "$root/module" "$stage"

# The pages: one multi-call binary, uc.bin, and <page>.cgi links to it;
# clusterctl and its aliases are links to uc-dyn.bin, the same code linked
# dynamically (it also serves the requests that may need libcurl).
ncgi=0
for f in uc.bin uc-dyn.bin; do
    [ -f "$cgidir/$f" ] && cp "$cgidir/$f" "$stage/"
done
for f in "$cgidir"/clusterctl "$cgidir"/cluster-*; do
    [ -L "$f" ] && ln -s "$(readlink "$f")" "$stage/$(basename "$f")"
done
for f in "$cgidir"/*.cgi; do
    if [ -L "$f" ]; then
        ln -s "$(readlink "$f")" "$stage/$(basename "$f")"
    elif [ -f "$f" ]; then
        cp "$f" "$stage/"
    else
        continue
    fi
    ncgi=$((ncgi + 1))
done
[ "$ncgi" -gt 0 ] || echo "stage.sh: warning: no CGIs in $cgidir" >&2
# The monitoring daemon, when built.
if [ -n "$daemon" ] && [ -f "$daemon" ]; then
    cp "$daemon" "$stage/"
fi

# Ship without DWARF debug info (about 3x smaller; symbols stay for
# backtraces). Sanitizer builds keep it for readable reports; NOSTRIP=1
# keeps it too. build/cgi itself is never touched.
case "$cgidir" in */san/* | */san) nostrip=1 ;; *) nostrip=${NOSTRIP:-} ;; esac
if [ "$ncgi" -gt 0 ] && [ -z "$nostrip" ] && command -v strip >/dev/null; then
    find "$stage" -maxdepth 1 -type f \( -name '*.cgi' -o -name 'uc*.bin' \
        -o -name unlimited-clusterd \) -exec strip --strip-debug {} +
fi

find "$stage" -type d -exec chmod 0755 {} +
find "$stage" -type f -exec chmod 0644 {} +
find "$stage" -maxdepth 1 -type f \( -name '*.cgi' -o -name 'uc*.bin' \
    -o -name unlimited-clusterd \) -exec chmod 0755 {} +
