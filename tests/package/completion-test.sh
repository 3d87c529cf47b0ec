#!/usr/bin/env bash
# The bash completion (tools/completion/ipmiprov) against a real ipmiprov:
# sources it, sets COMP_WORDS as bash does at a TAB, and checks COMPREPLY.
# Sensor names come from an SDR cache the built-in simulated BMC filled.
#   tests/package/completion-test.sh COMPLETION_FILE IPMIPROV
set -euo pipefail
completion=$1 program=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
chmod 700 "$work"
"$program" --sim builtin --cache-dir "$work" sensors >/dev/null

set +u  # as in an interactive shell
# shellcheck disable=SC1090
source "$completion"
complete -p ipmiprov >/dev/null
failures=0
# expect WANTED WORD...: COMPREPLY for the last word is exactly WANTED.
expect() {
    local wanted=$1
    shift
    COMP_WORDS=("$@")
    COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
    COMPREPLY=()
    _ipmiprov
    local got
    got=$(printf '%s\n' "${COMPREPLY[@]}" | sort | paste -sd' ')
    if [[ $got != "$wanted" ]]; then
        echo "FAIL: ${COMP_WORDS[*]}<TAB> gave '$got', expected '$wanted'" >&2
        failures=$((failures + 1))
    fi
}
expect "sel sensor sensors" "$program" se
expect "--format" "$program" sensors --fo
expect "prometheus" "$program" sensors --format p
expect "json mof" "$program" cim get --format ""
expect "IPMIProv_NumericSensor" "$program" cim enumerate IPMIProv_Num
expect "CIM_NumericSensor" "$program" --sim builtin cim enumerate CIM_Numer
expect "CPU\\ Temp" "$program" --cache-dir "$work" sensors --name CP
expect "CPU Temp" "$program" --cache-dir "$work" sensors --name '"CP'
expect "Fan\\ 1 Fan\\ 2" "$program" --cache-dir "$work" sensors --name 'Fan\ '
expect "CPU\\ Temp" "$program" --cache-dir "$work" sensors --name 'CPU\ T'
expect "DIMM\\ A DIMM\\ B DIMM\\ C DIMM\\ D" "$program" --cache-dir "$work" sensor thresh DI
expect "lcr lnc lnr" "$program" sensors thresh "CPU Temp" l
expect "cycle" "$program" -H bmc.example -U admin chassis power c
expect "dump list names" "$program" --timeout 3 sdr ""
# An unreachable BMC on the line changes nothing: no connection is opened.
SECONDS=0
expect "Fan\\ 1 Fan\\ 2" "$program" -H 192.0.2.1 -U admin --cache-dir "$work" sensors --name Fan
((SECONDS < 3)) || { echo "FAIL: completion took ${SECONDS}s" >&2; failures=$((failures + 1)); }
if ((failures > 0)); then exit 1; fi
echo "completion: all cases as expected"
