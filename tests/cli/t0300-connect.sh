# t0300-connect.sh — connect and disconnect, with their errors.
# shellcheck shell=bash

cc servers add a --type web --ip 10.0.0.1
cc servers add b --type database --ip 10.0.0.2
cc connect a b --type database --json
expect 0 "connect (JSON)"
json_is 'd' "{'from': 'a', 'to': 'b', 'type': 'database'}" "connect answers the pair"
check "stored with its type" [ "$(sql "SELECT type FROM connections")" = database ]
cc connect B A
expect 1 "the same pair the other way round" "These servers are already connected."
cc connect a a
expect 1 "a server to itself" "cannot be connected to itself"
cc connect a ghost
expect 1 "to an unknown server" "There is no server with id ghost."
cc connect a b --type fibre
expect 1 "an unknown type" "“fibre” is not a connection type."
check "one connection only" [ "$(sql "SELECT count(*) FROM connections")" = 1 ]
cc disconnect b a
expect 0 "disconnect in the other direction" "Disconnected b from a."
cc disconnect a b
expect 1 "disconnect what is not connected" "These servers are not connected."
cc connect a b
expect 0 "connect without a type" "Connected a to b."
check "standard by default" [ "$(sql "SELECT type FROM connections")" = standard ]
actions >"$T/actions"
check "connect is logged with from->to" grep -q '"connect" "connection" "a->b" from=.a. to=.b. type=.database.' "$T/actions"
check "disconnect is logged" grep -q '"disconnect" "connection" "b->a"' "$T/actions"
