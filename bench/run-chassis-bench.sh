#!/usr/bin/env bash
# Chassis benchmark (docs/performance.md#chassis): ipmiprov, ipmitool and
# FreeIPMI ask the same ipmi_sim (chassis control by the tests' script,
# tests/fixtures/ipmi_sim/chassis-control.sh) for the chassis status, set
# the boot device and power-cycle it, through a relay that counts every
# IPMI request. ipmiprov's status is one command for what ipmitool needs
# four for (status, restart cause, POH, boot flags: two are refused by
# ipmi_sim, C1h, and counted all the same). The CIM side of the chassis
# (issue 23) too: the identify LED turned off by `cim modify`, and one raw
# Get Device ID through IPMIProv_BMC.RequestResponse, beside `raw`,
# ipmitool's and FreeIPMI's.
#
#   bench/run-chassis-bench.sh [BUILD_DIR]      default: build
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top/build}
runs=${runs:-5}
source "$top/bench/bench-lib.sh"
mkdir -p "$work/chassis"
sim_extra="chassis_control \"$top/tests/fixtures/ipmi_sim/chassis-control.sh $work/chassis\""
start_sim 80
size=80
# What ipmiprov's status shows, from ipmitool: four commands (PORT: the relay's).
status_four() {
  local tool=(ipmitool -I lanplus -C 0 -H 127.0.0.1 -p "$1" -U ipmiusr -P test)
  "${tool[@]}" chassis status >/dev/null
  "${tool[@]}" chassis restart_cause >/dev/null 2>&1 || true
  "${tool[@]}" chassis poh >/dev/null 2>&1 || true
  "${tool[@]}" chassis bootparam get 5 >/dev/null
}
export -f status_four

COLUMNS=("00/01" "00/07 00/0f 00/09" "00/02" "00/08" "00/04" "06/01")
echo "| sensors | command | ms (median of $runs) | IPMI requests | session | Get Chassis Status | restart cause, POH, boot flags | Chassis Control | Set System Boot Options | Chassis Identify | Get Device ID |"
echo "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
row "ipmiprov chassis status" ":" "${lan_ipmiprov[@]}" --no-daemon chassis status
row "ipmitool chassis status" ":" "${lan_ipmitool[@]}" chassis status
# shellcheck disable=SC2016 # $1 is bash -c's argument, the relay's port
row "ipmitool: status, restart_cause, poh, bootparam get 5 (4 runs)" ":" \
  bash -c 'status_four "$1"' _ @PORT@
row "ipmi-chassis --get-chassis-status" ":" ipmi-chassis "${lan_freeipmi[@]}" --get-chassis-status
row "ipmiprov chassis bootdev pxe" ":" "${lan_ipmiprov[@]}" --no-daemon chassis bootdev pxe
row "ipmitool chassis bootdev pxe" ":" "${lan_ipmitool[@]}" chassis bootdev pxe
row "ipmi-chassis --set-boot-flags --boot-device=PXE" ":" \
  ipmi-chassis "${lan_freeipmi[@]}" --set-boot-flags --boot-device=PXE
row "ipmiprov chassis power cycle --yes" ":" "${lan_ipmiprov[@]}" --no-daemon chassis power cycle --yes
row "ipmitool chassis power cycle" ":" "${lan_ipmitool[@]}" chassis power cycle
row "ipmi-chassis --chassis-control=POWER-CYCLE" ":" \
  ipmi-chassis "${lan_freeipmi[@]}" --chassis-control=POWER-CYCLE
row "ipmiprov cim modify IPMIProv_IndicatorLED --property ActivationState=4" ":" \
  "${lan_ipmiprov[@]}" --no-daemon --no-cache cim modify IPMIProv_IndicatorLED --property ActivationState=4
row "ipmitool chassis identify 0" ":" "${lan_ipmitool[@]}" chassis identify 0
# (FreeIPMI's ipmi-chassis --chassis-identify=TURN-OFF gets no answer from
# ipmi_sim: a session timeout after 9 tries, 20 s; not a row.)
row "ipmiprov cim invoke IPMIProv_BMC RequestResponse (Get Device ID)" ":" \
  "${lan_ipmiprov[@]}" --no-daemon --no-cache cim invoke IPMIProv_BMC RequestResponse \
  --param NetworkFunction=6 --param Command=1
row "ipmiprov raw 6 1" ":" "${lan_ipmiprov[@]}" --no-daemon raw 6 1
row "ipmitool raw 6 1" ":" "${lan_ipmitool[@]}" raw 6 1
row "ipmi-raw 0 6 1" ":" ipmi-raw "${lan_freeipmi[@]}" 0 6 1
