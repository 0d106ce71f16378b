# t0100-usage.sh — help for every command, and the exit status 2 for every
# kind of malformed command line (nothing written to the database).
# shellcheck shell=bash

cc --help
expect 0 "--help lists the commands" "clusterctl import FILE"
check "--help mentions --db and the exit statuses" out_has "--db PATH"
cc
expect 2 "no command is a usage error" "clusterctl status"
check "usage error goes to stderr only" out_empty

for sub in status start stop restart logs servers connect disconnect cluster \
    export import backup restore diagnose manage; do
    cc "$sub" --help
    expect 0 "$sub --help" "Usage:"
done
for sub in "servers list" "servers add" "servers show" "servers rm" \
    "cluster create" "cluster list" "cluster show" "cluster rm"; do
    # shellcheck disable=SC2086
    cc $sub --help
    expect 0 "$sub --help" "clusterctl $sub"
done
cc --help servers
expect 0 "--help before the command helps that command" "clusterctl servers list|add"

cc frobnicate
expect 2 "unknown command" "unknown command “frobnicate”"
check "unknown command says where to read more" err_has "clusterctl --help"
cc status --bogus
expect 2 "unknown option" "unknown option “--bogus”"
check "unknown option points at the command's help" err_has "clusterctl status --help"
cc --db
expect 2 "--db without a value" "option --db needs a value"
cc servers
expect 2 "servers without a subcommand" "list add show rm"
cc servers explode
expect 2 "unknown servers subcommand" "unknown subcommand “explode”"
cc cluster
expect 2 "cluster without a subcommand"
cc servers add
expect 2 "servers add without an id" "give one server id"
cc servers add a b --type web --ip 1.2.3.4
expect 2 "servers add with two ids" "unexpected argument “b”"
cc servers list --limit 0
expect 2 "--limit 0" "must be between 1 and 1000"
cc servers list --limit 12x
expect 2 "--limit not a number" "--limit"
cc servers list --sort colour
expect 2 "--sort unknown"
cc connect only-one
expect 2 "connect with one id" "FROM and TO"
cc import
expect 2 "import without a file" "give one file"
cc import x.json --mode sideways
expect 2 "import --mode unknown" "“sideways” is not an import mode"
cc export --format pdf
expect 2 "export --format unknown" "“pdf” is not an export format"
cc logs -n lots
expect 2 "logs -n not a number"
cc backup
expect 2 "backup without a file"
cc restore a b
expect 2 "restore with two files"
cc diagnose --sample 99
expect 2 "diagnose --sample too large"
check "no usage error created a database" test ! -e "$DB"

# The aliases are the same commands.
for a in export import backup restore diagnose; do
    run "cluster-$a" --help
    expect 0 "cluster-$a --help" "clusterctl $a"
done
ln -s "$STAGE/uc.bin" "$T/cluster-frob"
(cd "$T/work" && env -i PATH=/usr/bin:/bin "$T/cluster-frob" >"$OUT" 2>"$ERR")
RC=$?
expect 2 "an unknown alias is a usage error" "unknown command “cluster-frob”"
rm -f "$T/cluster-frob"
