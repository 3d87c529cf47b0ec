#!/usr/bin/env bash
# SEL read benchmark (docs/performance.md): ipmiprov, ipmitool and FreeIPMI
# list the same ipmi_sim SEL of N entries through a relay that counts every
# IPMI request. ipmiprov is measured on a first read (no stored SEL), a
# repeated read with nothing new, and a read after 10 new entries.
#
#   bench/run-sel-bench.sh [BUILD_DIR] [SIZES...]     default: build 200 2000
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top/build}
shift || true
sizes=("$@")
((${#sizes[@]})) || sizes=(200 2000)
source "$top/bench/bench-lib.sh"

# Ten PS1-style entries through Add SEL Entry, straight to the simulator (not counted).
add_ten() {
  for _ in $(seq 10); do
    ipmitool -I lanplus -C 0 -H 127.0.0.1 -p "$sim_port" -U ipmiusr -P test \
      raw 0x0a 0x44 0 0 2 0 0 0 0 0x20 0 4 8 0x0d 0x6f 1 0xff 0xff >/dev/null
  done
}

COLUMNS=("0a/40" "0a/42" "0a/43" "0a/20 0a/22 0a/23" "0a/5c")
echo "| entries | command | ms (median of $runs) | IPMI requests | session | Get SEL Info | Reserve SEL | Get SEL Entry | SDR (info, reserve, get) | Get SEL Time UTC Offset |"
echo "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|"
for size in "${sizes[@]}"; do
  start_sim 80 "$size"
  export IPMIPROV_CACHE_DIR=$work/ipmiprov-cache
  # The SDR cache is warm for every ipmiprov row: this table is about the SEL.
  measure "${lan_ipmiprov[@]}" sensors
  row "ipmiprov sel list (first read)" "rm -f $work/ipmiprov-cache/sel-*" "${lan_ipmiprov[@]}" sel list
  row "ipmiprov sel list (nothing new)" ":" "${lan_ipmiprov[@]}" sel list
  runs_saved=$runs
  runs=1
  row "ipmiprov sel list (10 new)" "add_ten" "${lan_ipmiprov[@]}" sel list
  runs=$runs_saved
  row "ipmiprov cim enumerate CIM_LogRecord" ":" "${lan_ipmiprov[@]}" cim enumerate CIM_LogRecord
  row "ipmitool sel list" ":" "${lan_ipmitool[@]}" sel list
  row "ipmitool sel elist" ":" "${lan_ipmitool[@]}" sel elist
  mkdir -m 700 -p "$work/freeipmi"
  measure ipmi-sensors "${lan_freeipmi[@]}" --quiet-cache --sdr-cache-directory "$work/freeipmi"  # its SDR cache
  row "ipmi-sel" ":" ipmi-sel "${lan_freeipmi[@]}" --quiet-cache --sdr-cache-directory "$work/freeipmi"
done
