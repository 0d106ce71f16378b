# t0150-dbpath.sh — which database: --db, else UC_DB, else the module
# config's db_path, else $WEBMIN_VAR/modules/unlimited-cluster/cluster.db;
# WEBMIN_CONFIG and WEBMIN_VAR default to /etc/webmin and /var/webmin.
# shellcheck shell=bash

cc status --json
json_is 'd["db"]["path"]' "$DB" "default: under WEBMIN_VAR"
check "the folder and database were made, private" [ "$(stat -c %a "$(dirname "$DB")")" = 700 ]
echo "db_path=$T/work/from-config.db" >>"$WEBMIN_CONFIG/unlimited-cluster/config"
cc status --json
json_is 'd["db"]["path"]' "$T/work/from-config.db" "the module config's db_path"
CLI_ENV=("UC_DB=$T/work/from-env.db")
cc status --json
json_is 'd["db"]["path"]' "$T/work/from-env.db" "UC_DB over db_path"
cc status --json --db "$T/work/from-option.db"
json_is 'd["db"]["path"]' "$T/work/from-option.db" "--db (after the command) over UC_DB"
cc --db="$T/work/first.db" status --json
json_is 'd["db"]["path"]' "$T/work/first.db" "--db=PATH before the command"
CLI_ENV=()
# Without WEBMIN_CONFIG/WEBMIN_VAR: Webmin's usual folders (diagnose only
# looks, it creates nothing).
(cd "$T/work" && env -i PATH=/usr/bin:/bin LANG=C "$STAGE/clusterctl" diagnose \
    --sample 0 >"$OUT" 2>"$ERR")
RC=$?
if [ -e /var/webmin/modules/unlimited-cluster/cluster.db ]; then
    check "defaults: /var/webmin (a real install here)" out_has "/var/webmin/modules/unlimited-cluster/cluster.db"
else
    check "defaults: /var/webmin/modules/unlimited-cluster/cluster.db" \
        out_has "There is no database at /var/webmin/modules/unlimited-cluster/cluster.db yet."
fi
if [ -d /etc/webmin ]; then
    check "defaults: /etc/webmin (a real install here)" true
else
    check "defaults: /etc/webmin" out_has "Webmin's configuration folder /etc/webmin does not exist."
fi
