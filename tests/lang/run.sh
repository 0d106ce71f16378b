#!/usr/bin/env bash
# run.sh STAGE — the language completeness suite (make langtest): lang/en and
# lang/es hold the same keys, none empty, with the same $1/$2 placeholders;
# every key the C pages and the Perl hooks use exists; every help page and
# every CGI page's help exists in English and Spanish; config.info and
# config.info.es match; module.info has its Spanish descriptions. What is
# checked and how keys are found is documented atop check.pl. Prints
# `ok N - ...` / `not ok N - ...` and `lang: N passed, M failed`; exits 1 on
# any failure.
# SPDX-License-Identifier: BSD-3-Clause
set -euo pipefail

if [ $# -ne 1 ]; then
    echo "usage: $0 STAGE" >&2
    exit 2
fi
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
stage=$(cd "$1" && pwd)
root=$(cd "$here/../.." && pwd)
exec perl "$here/check.pl" "$stage" "$root"
