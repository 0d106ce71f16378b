# t1100-lang.sh — Spanish when LANG or LC_ALL starts with "es" (texts from
# lang/ in the module folder next to the binary); scripts' JSON unchanged.
# shellcheck shell=bash

CLI_ENV=("LANG=es_ES.UTF-8")
cc servers add web-1 --type web --ip 10.0.0.1
expect 0 "Spanish with LANG=es_ES" "Servidor web-1 añadido."
cc servers add bad --type web --ip nope..
expect 1 "Spanish errors, field labels too" "Dirección: debe ser una dirección IPv4"
cc status
check "Spanish status" out_has "Servidores: 1"
cc frob
expect 2 "Spanish usage errors" "orden desconocida “frob”"
cc status --json
json_is 'd["servers"]' 1 "JSON keys stay the same in Spanish"
CLI_ENV=("LANG=es_ES.UTF-8" "LC_ALL=C")
cc status
check "LC_ALL wins over LANG" out_has "Servers: 1"
CLI_ENV=("LC_ALL=es_MX.UTF-8")
cc --help
check "LC_ALL=es_MX gives Spanish help" out_has "Uso:"
CLI_ENV=()
