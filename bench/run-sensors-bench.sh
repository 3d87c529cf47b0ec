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
runs=3

cmake --build "$build" -j "$(nproc)" --target ipmiprov ipmiprov_bench_fixture ipmiprov_bench_relay >/dev/null
ipmiprov=$build/tools/ipmiprov
work=$(mktemp -d /tmp/ipmiprov-bench.XXXXXX)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { "$build/bench/ipmiprov_bench_relay" --free-port; }

start_sim() {  # $1 = sensors
  local dir=$work/sim$1 port
  mkdir -p "$dir/state"
  port=$(free_port)
  sed "s/@PORT@/$port/; s#@STATEDIR@#$dir/state#" "$top/tests/fixtures/ipmi_sim/lan.conf.in" >"$dir/lan.conf"
  "$build/bench/ipmiprov_bench_fixture" "$1" >"$dir/bmc.emu" 2>/dev/null
  ipmi_sim -c "$dir/lan.conf" -f "$dir/bmc.emu" -s "$dir/state" -n >"$dir/sim.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 50); do
    ipmitool -I lanplus -C 0 -H 127.0.0.1 -p "$port" -U ipmiusr -P test -N 1 -R 1 raw 6 1 >/dev/null 2>&1 && break
    sleep 0.2
  done
  sim_port=$port
  # One relay port per machine: SDR caches are keyed by the address they read from.
  relay_port=$(free_port)
}

# Runs "$@" through a fresh relay; sets elapsed_ms and report.
measure() {
  local report_file=$work/report.json
  "$build/bench/ipmiprov_bench_relay" "$relay_port" "$sim_port" "$report_file" &
  local relay=$!
  sleep 0.2
  local cmd=("${@//@PORT@/$relay_port}")
  local start end
  start=$(date +%s%N)
  "${cmd[@]}" >"$work/out.txt" 2>"$work/err.txt" || { echo "failed: ${cmd[*]}" >&2; cat "$work/err.txt" >&2; }
  end=$(date +%s%N)
  kill "$relay"; wait "$relay" 2>/dev/null || true
  elapsed_ms=$(((end - start) / 1000000))
  report=$(cat "$report_file")
}

count() {  # $1 = "netfn/cmd" in the last report
  local n
  n=$(grep -o "\"$1\": [0-9]*" <<<"$report" | grep -o '[0-9]*$' || true)
  echo "${n:-0}"
}

median() { printf '%s\n' "$@" | sort -n | sed -n "$((($# + 1) / 2))p"; }

# One row: label, a command to run before each measured run (not counted), the measured command.
row() {
  local label=$1 prepare=$2; shift 2
  local times=()
  for _ in $(seq $runs); do
    eval "$prepare"
    measure "$@"
    times+=("$elapsed_ms")
  done
  local total session sdr reading thresholds send
  total=$(grep -o '"[0-9a-f][0-9a-f]/[0-9a-f][0-9a-f]": [0-9]*' <<<"$report" | awk '{ sum += $NF } END { print sum + 0 }')
  session=$(($(count 06/38) + $(count 06/3b) + $(count 06/3c) + $(count 06/54) + $(count 06/39) + $(count 06/3a)))
  sdr=$(($(count 0a/23) + $(count 0a/22) + $(count 0a/20)))
  reading=$(count 04/2d)
  thresholds=$(count 04/27)
  send=$(count 06/34)
  printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$sensors" "$label" "$(median "${times[@]}")" \
    "$total" "$session" "$sdr" "$reading" "$thresholds" "$send"
}

lan_ipmitool=(ipmitool -I lanplus -C 0 -H 127.0.0.1 -p @PORT@ -U ipmiusr -P test)
lan_freeipmi=(-h 127.0.0.1:@PORT@ -u ipmiusr -p test -D LAN_2_0 -W opensesspriv -I 0)
lan_ipmiprov=("$ipmiprov" --lan 127.0.0.1:@PORT@ -U ipmiusr -P test -C 0)

echo "| sensors | command | ms (median of $runs) | IPMI requests | session | SDR (info, reserve, get) | Get Sensor Reading | Get Sensor Thresholds | Send Message |"
echo "|---:|---|---:|---:|---:|---:|---:|---:|---:|"
for sensors in "${sizes[@]}"; do
  start_sim "$sensors"
  export IPMIPROV_CACHE_DIR=$work/ipmiprov-cache
  row "ipmiprov sensors (cold)" "rm -rf $work/ipmiprov-cache" "${lan_ipmiprov[@]}" sensors
  row "ipmiprov sensors (warm)" ":" "${lan_ipmiprov[@]}" sensors
  row "ipmiprov sensors --thresholds (warm)" ":" "${lan_ipmiprov[@]}" sensors --thresholds
  row "ipmitool sensor" ":" "${lan_ipmitool[@]}" sensor
  ipmitool -I lanplus -C 0 -H 127.0.0.1 -p "$sim_port" -U ipmiusr -P test sdr dump "$work/ipmitool.sdr" >/dev/null
  row "ipmitool -S cache sensor" ":" "${lan_ipmitool[@]}" -S "$work/ipmitool.sdr" sensor
  row "ipmitool sdr elist" ":" "${lan_ipmitool[@]}" sdr elist
  row "ipmitool -S cache sdr elist" ":" "${lan_ipmitool[@]}" -S "$work/ipmitool.sdr" sdr elist
  row "ipmi-sensors (cold)" "rm -rf $work/freeipmi; mkdir -m 700 $work/freeipmi" \
    ipmi-sensors "${lan_freeipmi[@]}" --quiet-cache --sdr-cache-directory "$work/freeipmi"
  row "ipmi-sensors (warm)" ":" ipmi-sensors "${lan_freeipmi[@]}" --quiet-cache --sdr-cache-directory "$work/freeipmi"
done
