# seed.sh — the estate every hostile case starts from, written through the
# pages themselves: names, descriptions and a search that hold HTML and
# script markers (<x-uc-7> and friends), which validation allows in those
# fields and which must never come out of a page unescaped.
# shellcheck shell=bash

# The texts users control, each with a marker.
SEED_WEB1_NAME='Web <x-uc-7> "dq" '"'"'sq'"'"' & </script><script>alert(1)</script>'
SEED_DB1_NAME="DB'); DROP TABLE servers;-- <x-uc-7>"
# shellcheck disable=SC2016  # literal ${...}: a template-injection probe
SEED_LB1_NAME='LB <img src=x onerror=alert(1)> <x-uc-7> {{7*7}} ${7*7}'
SEED_C1_DESC='<x-uc-7><svg onload=alert(1)> "'"'"'> </textarea></title>'

# uri TEXT: TEXT percent-encoded (every byte but [A-Za-z0-9._~-]).
uri() {
    local s=$1 out="" c i
    local LC_ALL=C
    for ((i = 0; i < ${#s}; i++)); do
        c=${s:i:1}
        case "$c" in
            [A-Za-z0-9._~-]) out+=$c ;;
            *) printf -v c '%%%02X' "'$c"; out+=$c ;;
        esac
    done
    printf '%s' "$out"
}

# form_post SCRIPT BODY: POST a urlencoded form; 0 when it redirected.
form_post() {
    printf '%s' "$2" >"$T/seed.body"
    request POST "$1" application/x-www-form-urlencoded "$T/seed.body"
    [ "$STATUS" = 302 ]
}

seed_estate() {
    form_post add_server.cgi "id=web1&name=$(uri "$SEED_WEB1_NAME")&type=web&ip=10.0.0.1&region=us-east-1&ports=80+443" &&
    form_post add_server.cgi "id=db1&name=$(uri "$SEED_DB1_NAME")&type=database&ip=db.example.com&region=eu-west-1" &&
    form_post add_server.cgi "id=lb1&name=$(uri "$SEED_LB1_NAME")&type=loadbalancer&ip=2001:db8::1&x=10&y=20" &&
    form_post create_cluster.cgi "name=c1&description=$(uri "$SEED_C1_DESC")&servers=web1&servers=db1" &&
    form_post connect.cgi "from=lb1&to=web1&type=http"
}
