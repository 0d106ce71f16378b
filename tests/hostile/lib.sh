# lib.sh — helpers of the hostile-input suite (sourced by run.sh): table
# values expanded into exact bytes, one request to a built CGI the way
# miniserv runs it (fork+exec, its environment, cwd = module folder, the
# body on stdin from a file, so NUL bytes and lying lengths are possible),
# and the response split into status, headers and body.
# shellcheck shell=bash disable=SC2034  # STATUS, HEADERS: read by run.sh

: "${STAGE:?}" "${T:?}"
# shellcheck source=tests/lib/miniserv.sh
. "$ROOT/tests/lib/miniserv.sh"
PASS=0
FAIL=0

# expand TEXT: the bytes a table cell stands for, on stdout. "{N*S}" is S
# repeated N times (S holds no braces); then printf %b escapes (\xHH, \r,
# \n, \t, \\). "-" alone is empty.
expand() {
    local s=$1 out="" pre n rep chunk
    [ "$s" = - ] && return 0
    local re='\{([0-9]+)\*([^{}]*)\}' whole
    while [[ $s =~ $re ]]; do
        whole=${BASH_REMATCH[0]} n=${BASH_REMATCH[1]} rep=${BASH_REMATCH[2]}
        pre=${s%%"$whole"*}
        s=${s#*"$whole"}
        chunk=""
        while [ "$n" -gt 0 ]; do # by doubling: ${x// /...} is quadratic
            [ $((n & 1)) -eq 1 ] && chunk+=$rep
            rep+=$rep
            n=$((n >> 1))
        done
        out+=$pre$chunk
    done
    printf '%b' "$out$s"
}

# request METHOD TARGET CTYPE BODYFILE [NAME=VALUE...]: runs the CGI of
# TARGET ("page.cgi[/path/info][?query]", already expanded). CTYPE "-"
# sends no Content-Type; a non-empty BODYFILE sets CONTENT_LENGTH to its
# size. Later NAME=VALUE pairs override (CONTENT_LENGTH=7 lies). Sets
# STATUS (or "exitN"/"timeout"), HEADERS, and the body in $OUT.body.
request() {
    local method=$1 target=$2 ctype=$3 bodyfile=$4
    shift 4
    local script=${target%%\?*} query=""
    [[ $target == *\?* ]] && query=${target#*\?}
    local path_info=""
    if [[ $script == *.cgi/* ]]; then
        path_info=/${script#*.cgi/}
        script=${script%%.cgi/*}.cgi
    fi
    local -a env
    miniserv_env env admin "$method" "$script" "$path_info" "$query"
    env+=("HTTP_REFERER=http://$HOST/unlimited-cluster/")
    [ -n "$path_info" ] && env+=("PATH_INFO=$path_info")
    [ "$ctype" != - ] && env+=("CONTENT_TYPE=$ctype")
    [ -s "$bodyfile" ] && env+=("CONTENT_LENGTH=$(wc -c <"$bodyfile")")
    env+=("$@")
    (cd "$STAGE" && timeout 10 env -i "${env[@]}" "$STAGE/$script" \
        <"$bodyfile" >"$OUT" 2>"$OUT.err")
    local rc=$?
    split_response "$OUT"
    if [ "$rc" -eq 124 ]; then STATUS=timeout
    elif [ "$rc" -ne 0 ]; then STATUS="exit$rc"; fi
    return 0
}

# split_response FILE: STATUS and HEADERS from a CGI's output (an nph
# status line, else Status:, else Location: means 302, else 200); the
# body goes to $OUT.body.
split_response() {
    local f=$1 line first=""
    HEADERS=""
    {
        while IFS= read -r line; do
            line=${line%$'\r'}
            [ -z "$line" ] && break
            [ -z "$first" ] && first=$line
            HEADERS+=$line$'\n'
        done
        cat >"$OUT.body"
    } <"$f"
    STATUS=200
    if [[ $first =~ ^HTTP/1\.[01]\ ([0-9]{3}) ]]; then
        STATUS=${BASH_REMATCH[1]}
    elif [[ $HEADERS =~ (^|$'\n')Status:\ ([0-9]{3}) ]]; then
        STATUS=${BASH_REMATCH[2]}
    elif [[ $HEADERS =~ (^|$'\n')Location:\  ]]; then
        STATUS=302
    fi
}

# json_error FILE: "key@field" of an API error body, empty when the body
# is not a JSON error (sqlite3 starts far faster than jq).
json_error() {
    sqlite3 -batch :memory: "SELECT json_extract(t, '\$.error.key') || '@' ||
        json_extract(t, '\$.error.field') FROM (SELECT CAST(readfile('$1') AS TEXT) AS t)
        WHERE json_valid(t)" 2>/dev/null
}

ok() { PASS=$((PASS + 1)); echo "ok $((PASS + FAIL)) - $*"; }
not_ok() {
    FAIL=$((FAIL + 1)); echo "not ok $((PASS + FAIL)) - $1"
    shift
    local line
    for line in "$@"; do printf '#   %s\n' "$line"; done
}

db_dump() { sqlite3 -readonly -batch -cmd '.timeout 5000' "$DB" .dump; }
sql() { sqlite3 -readonly -batch -cmd '.timeout 5000' "$DB" "$1"; }

# lang_prefix KEY: the English text of KEY up to its first "$" argument,
# HTML-escaped as the pages print it (what an error page must show).
lang_prefix() {
    local text
    text=$(sed -n "s/^$1=//p" "$ROOT/lang/en" | head -n 1)
    text=${text%%\$*}
    text=${text//&/&amp;}
    text=${text//</&lt;}
    text=${text//>/&gt;}
    text=${text//\"/&quot;}
    text=${text//\'/&#39;}
    printf '%s' "$text"
}

# body_excerpt: the start of the last body, tags stripped, one line.
body_excerpt() {
    tr '\n' ' ' <"$OUT.body" | sed -e 's/<[^>]*>/ /g' \
        -e 's/[[:space:]][[:space:]]*/ /g' | cut -c1-240
}
