#!/usr/bin/env bash
# Sensor sweep benchmark (docs/performance.md): ipmiprov, ipmitool and FreeIPMI
# read the same ipmi_sim machine of N sensors through a relay that counts
# every IPMI request; cold (no SDR cache) and warm (SDR cache present).
#
#   bench/run-sensors-bench.sh [BUILD_DIR] [SIZES...]     default: build 80 700
#
# Cipher suite 0 is used by every tool so that the relay can read the
# requests (their payloads are in clear); all of it stays on 127.0.0.1.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top/build}
shift || true
sizes=("$@")
((${#sizes[@]})) || sizes=(80 700)
source "$top/bench/bench-lib.sh"

COLUMNS=("0a/20 0a/22 0a/23" "04/2d" "04/27" "06/34")
echo "| sensors | command | ms (median of $runs) | IPMI requests | session | SDR (info, reserve, get) | Get Sensor Reading | Get Sensor Thresholds | Send Message |"
echo "|---:|---|---:|---:|---:|---:|---:|---:|---:|"
for size in "${sizes[@]}"; do
  start_sim "$size"
  export IPMIPROV_CACHE_DIR=$work/ipmiprov-cache
  row "ipmiprov sensors (cold)" "rm -rf $work/ipmiprov-cache" "${lan_ipmiprov[@]}" sensors
  row "ipmiprov sensors (warm)" ":" "${lan_ipmiprov[@]}" sensors
  row "ipmiprov sensors --thresholds (warm)" ":" "${lan_ipmiprov[@]}" sensors --thresholds
  row "ipmiprov cim enumerate CIM_Sensor (warm)" ":" "${lan_ipmiprov[@]}" cim enumerate CIM_Sensor
  row "ipmitool sensor" ":" "${lan_ipmitool[@]}" sensor
  ipmitool -I lanplus -C 0 -H 127.0.0.1 -p "$sim_port" -U ipmiusr -P test sdr dump "$work/ipmitool.sdr" >/dev/null
  row "ipmitool -S cache sensor" ":" "${lan_ipmitool[@]}" -S "$work/ipmitool.sdr" sensor
  row "ipmitool sdr elist" ":" "${lan_ipmitool[@]}" sdr elist
  row "ipmitool -S cache sdr elist" ":" "${lan_ipmitool[@]}" -S "$work/ipmitool.sdr" sdr elist
  row "ipmi-sensors (cold)" "rm -rf $work/freeipmi; mkdir -m 700 $work/freeipmi" \
    ipmi-sensors "${lan_freeipmi[@]}" --quiet-cache --sdr-cache-directory "$work/freeipmi"
  row "ipmi-sensors (warm)" ":" ipmi-sensors "${lan_freeipmi[@]}" --quiet-cache --sdr-cache-directory "$work/freeipmi"
done
