#!/usr/bin/env bash
# run.sh STAGE — the hostile-input suite. Seeds an estate whose names and
# descriptions carry HTML markers, then:
#  1. runs every case of cases.tsv against the built CGIs as miniserv runs
#     them (status, error key or message, stored data unchanged, nothing on
#     stderr, no injected header, no raw marker in any answer);
#  2. pages through every listing one item at a time (limits.sh);
#  3. crawls every page (crawl.sh) and asserts no unescaped user data;
#  4. sends the "+" cases and a few path tricks through lighttpd (http.sh).
# Prints "ok N - ..." / "not ok N - ..." and "hostile: N passed, M failed";
# exits 1 on any failure. ONLY=name-substring runs the matching cases only.
set -uo pipefail
STAGE=$(cd "${1:?usage: run.sh STAGE}" && pwd)
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
T=$(mktemp -d "${TMPDIR:-/tmp}/uc-hostile.XXXXXX")
trap 'rm -rf "$T"' EXIT
trap 'exit 130' INT TERM
export STAGE T ROOT
for tool in sqlite3 curl; do
    command -v "$tool" >/dev/null || { echo "run.sh: $tool is missing"; exit 1; }
done
# shellcheck source=tests/hostile/lib.sh
. "$HERE/lib.sh"
# shellcheck source=tests/hostile/seed.sh
. "$HERE/seed.sh"

fresh_webmin
if ! seed_estate; then
    echo "not ok 1 - seed the estate (status $STATUS)"
    sed 's/^/#   /' "$OUT" | head -20
    exit 1
fi
PRISTINE=$T/pristine.db
cp "$DB" "$PRISTINE"
BASE_DUMP=$(db_dump)

restore_db() {
    rm -f "$DB-wal" "$DB-shm"
    cp "$PRISTINE" "$DB"
}

# check_common NAME: what holds for every answer to a hostile request.
check_common() {
    local name=$1 bad=()
    [ -s "$OUT.err" ] && bad+=("stderr: $(head -c 200 "$OUT.err")")
    local lc=${HEADERS,,} n=0 line
    [[ $lc == *$'\nx-injected'* || $lc == x-injected* ]] && bad+=("an injected header came out")
    while IFS= read -r line; do
        [[ ${line,,} == location:* ]] && n=$((n + 1))
    done <<<"$HEADERS"
    [ "$n" -gt 1 ] && bad+=("two Location headers")
    if [[ $lc == *$'\ncontent-type: text/html'* ]] &&
        grep -qF -e '<x-uc-' -e '<script>alert' -e '<img src=x' "$OUT.body"; then
        bad+=("raw marker in HTML: $(grep -oF -m1 -e '<x-uc-' -e '<script>alert' -e '<img src=x' "$OUT.body")")
    fi
    if [ ${#bad[@]} -gt 0 ]; then
        not_ok "$name: answer is clean" "${bad[@]}"
    fi
}

# check_error NAME STATUS EXPECT CHECK: a 4xx naming the problem, nothing
# changed.
check_error() {
    local name=$1 status=$2 expect=$3 chk=${4:--} why=() key field got
    [ "$STATUS" = "$status" ] || why+=("status $STATUS, expected $status")
    if [[ $STATUS == 5* || $STATUS == exit* || $STATUS == timeout ]]; then
        why+=("server error: $(body_excerpt)")
    fi
    if [[ $expect == *@* ]]; then # the API's JSON error
        key=${expect%@*} field=${expect#*@}
        [ "$field" = - ] && field=""
        got=$(json_error "$OUT.body")
        if [ -z "$got" ]; then
            why+=("not a JSON error: $(head -c 200 "$OUT.body")")
        elif [ "$key" != - ] && [ "$got" != "$key@$field" ]; then
            why+=("error $got, expected $key@$field: $(head -c 300 "$OUT.body")")
        fi
    elif [ "$expect" = - ]; then # some error, any key
        local lc=${HEADERS,,}
        if [[ $lc == *$'\ncontent-type: application/json'* ||
            $lc == content-type:\ application/json* ]]; then
            got=$(json_error "$OUT.body")
            [ -n "${got%@*}" ] || why+=("no error key: $(head -c 200 "$OUT.body")")
        elif ! grep -q 'class="uc-error"' "$OUT.body"; then
            why+=("no error message: $(body_excerpt)")
        fi
    else # a page: the message, escaped
        local text
        text=$(lang_prefix "$expect")
        grep -qF -- "$text" "$OUT.body" ||
            why+=("no message '$text' ($expect): $(body_excerpt)")
    fi
    if [ "$chk" != - ]; then # a JSON path of the body ("$.errors[0].key => x")
        local path=${chk%% => *} want=${chk#* => }
        got=$(sqlite3 -batch :memory: "SELECT json_extract(CAST(readfile('$OUT.body')
            AS TEXT), '$path')" 2>/dev/null)
        [ "$got" = "$want" ] || why+=("$path is '$got', expected '$want'")
    fi
    if [ "$(db_dump)" != "$BASE_DUMP" ]; then
        why+=("stored data changed")
        restore_db
    fi
    if [ ${#why[@]} -eq 0 ]; then ok "$name: $STATUS $expect"
    else not_ok "$name" "${why[@]}"; fi
}

# check_ok NAME STATUS CHECK: an accepted request stored the value as sent.
check_ok() {
    local name=$1 status=$2 chk=$3 why=() q want got
    [ "$STATUS" = "$status" ] || why+=("status $STATUS, expected $status: $(body_excerpt)")
    if [ "$chk" != - ]; then
        q=${chk%% => *}
        want=$(expand "${chk#* => }")
        got=$(sql "$q" 2>&1)
        [ "$got" = "$want" ] || why+=("$q gave '$got', expected '$want'")
    fi
    if [ ${#why[@]} -eq 0 ]; then ok "$name: stored as sent"
    else not_ok "$name" "${why[@]}"; fi
    restore_db
}

ctype_of() {
    case "$1" in
        form) echo application/x-www-form-urlencoded ;;
        json) echo application/json ;;
        *) expand "$1" ;;
    esac
}

# run_table: every case of cases.tsv through request().
run_table() {
    local name method target ctype body envs status expect chk
    local -a extra
    while IFS=$'\t' read -r name method target ctype body envs status expect chk; do
        [[ -z $name || $name == \#* ]] && continue
        name=${name#+}
        [ -n "${ONLY:-}" ] && [[ $name != *"$ONLY"* ]] && continue
        expand "$body" >"$T/body"
        extra=()
        if [ "$envs" != - ]; then
            local rest=$envs item
            while [ -n "$rest" ]; do
                item=${rest%%;;*}
                extra+=("$(expand "$item")")
                [[ $rest == *";;"* ]] && rest=${rest#*;;} || rest=""
            done
        fi
        request "$(expand "$method")" "$(expand "$target")" \
            "$(ctype_of "$ctype")" "$T/body" "${extra[@]}"
        check_common "$name"
        if [ "$expect" = ok ]; then
            check_ok "$name" "$status" "$chk"
        else
            check_error "$name" "$status" "$expect" "$chk"
        fi
    done <"$HERE/cases.tsv"
}

start=$(date +%s)
echo "# hostile: cases.tsv against $STAGE (miniserv's CGI environment)"
run_table
if [ -z "${ONLY:-}" ]; then
    echo "# hostile: table $(($(date +%s) - start)) s; list limits"
    # shellcheck source=tests/hostile/limits.sh
    . "$HERE/limits.sh"
    echo "# hostile: HTML escaping crawl"
    # shellcheck source=tests/hostile/crawl.sh
    . "$HERE/crawl.sh"
    echo "# hostile: crawl done at $(($(date +%s) - start)) s; through lighttpd"
    # shellcheck source=tests/hostile/http.sh
    . "$HERE/http.sh"
fi
echo "# hostile: $(($(date +%s) - start)) s"
echo "hostile: $PASS passed, $FAIL failed"
[ "$FAIL" -eq 0 ]
