#!/usr/bin/env bash
# Inventory benchmark (docs/performance.md#inventory): ipmiprov, ipmitool and
# FreeIPMI read the FRU inventory, the LAN configuration, the users and the
# BMC's identity from the same ipmi_sim (80 sensors, and the tests' FRU
# devices: tests/fixtures/ipmi_sim/fru.emu, a second controller at 30h
# among them), through a relay that counts every IPMI request.
#
#   bench/run-inventory-bench.sh [BUILD_DIR]      default: build
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top/build}
runs=${runs:-5}
source "$top/bench/bench-lib.sh"
sim_emu_extra=$top/tests/fixtures/ipmi_sim/fru.emu
start_sim 80
size=80
cache=$work/cache
freeipmi_cache=$work/freeipmi-cache
mkdir -p "$cache" "$freeipmi_cache"
chmod 700 "$freeipmi_cache"
export TZ=UTC

COLUMNS=("06/01" "0a/20 0a/22 0a/23" "0a/10" "0a/11" "06/34 06/33")
echo "| sensors | command | ms (median of $runs) | IPMI requests | session | Get Device ID | SDR | FRU Inventory Area Info | Read FRU Data | bridged (Send/Get Message) |"
echo "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|"
row "ipmiprov fru (every device, SDR cache warm)" ":" \
  "${lan_ipmiprov[@]}" --no-daemon --cache-dir "$cache" fru
row "ipmiprov fru --no-cache (every device, SDR read)" ":" "${lan_ipmiprov[@]}" --no-daemon --no-cache fru
row "ipmitool fru print (every device, SDR read)" ":" "${lan_ipmitool[@]}" fru print
row "ipmi-fru --bridge-fru (every device, SDR cache warm)" ":" \
  ipmi-fru "${lan_freeipmi[@]}" --bridge-fru --sdr-cache-directory "$freeipmi_cache"
row "ipmiprov fru --id 0" ":" "${lan_ipmiprov[@]}" --no-daemon --cache-dir "$cache" fru --id 0
row "ipmitool fru print 0" ":" "${lan_ipmitool[@]}" fru print 0
row "ipmiprov fru --id 3 (600 bytes)" ":" "${lan_ipmiprov[@]}" --no-daemon --cache-dir "$cache" fru --id 3
row "ipmitool fru print 3" ":" "${lan_ipmitool[@]}" fru print 3
row "ipmi-fru -e 3" ":" ipmi-fru "${lan_freeipmi[@]}" -e 3 --sdr-cache-directory "$freeipmi_cache"
row "ipmiprov cim enumerate CIM_PhysicalElement (SDR cache warm)" ":" \
  "${lan_ipmiprov[@]}" --no-daemon --cache-dir "$cache" cim enumerate CIM_PhysicalElement

echo
COLUMNS=("06/01" "06/37" "06/42" "0c/02" "06/44" "06/46")
echo "| sensors | command | ms (median of $runs) | IPMI requests | session | Get Device ID | Get System GUID | Get Channel Info | Get LAN Config Parameters | Get User Access | Get User Name |"
echo "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
row "ipmiprov lan (finds the LAN channels)" ":" "${lan_ipmiprov[@]}" --no-daemon lan
row "ipmiprov lan --channel 1" ":" "${lan_ipmiprov[@]}" --no-daemon lan --channel 1
row "ipmitool lan print 1" ":" "${lan_ipmitool[@]}" lan print 1
row "bmc-config --checkout --section=Lan_Conf" ":" bmc-config "${lan_freeipmi[@]}" --checkout --section=Lan_Conf
row "ipmiprov users --channel 1" ":" "${lan_ipmiprov[@]}" --no-daemon users --channel 1
row "ipmitool user list 1" ":" "${lan_ipmitool[@]}" user list 1
row "ipmiprov info (with the system GUID)" ":" "${lan_ipmiprov[@]}" --no-daemon info
row "ipmitool mc info" ":" "${lan_ipmitool[@]}" mc info
row "ipmitool mc guid" ":" "${lan_ipmitool[@]}" mc guid
row "bmc-info --get-system-guid" ":" bmc-info "${lan_freeipmi[@]}" --get-system-guid
