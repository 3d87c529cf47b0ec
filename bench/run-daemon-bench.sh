#!/usr/bin/env bash
# Daemon benchmark (docs/performance.md#daemon): ipmiprovd in front of an
# ipmi_sim machine of SENSORS sensors and SEL entries; enumerations through
# the provider ABI from the daemon's cache with 1 and 50 concurrent
# sessions; the BMC requests per refresh interval meanwhile; the daemon's memory.
#
#   bench/run-daemon-bench.sh [BUILD_DIR] [SENSORS] [SEL] [SECONDS]   default: build 700 2000 20
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top/build}
sensors=${2:-700}
sel=${3:-2000}
seconds=${4:-20}
source "$top/bench/bench-lib.sh"
cmake --build "$build" -j "$(nproc)" --target ipmiprovd ipmiprov_bench_abi >/dev/null

start_sim "$sensors" "$sel"
interval=5
echo test >"$work/password"
"$build/tools/ipmiprovd" --lan "127.0.0.1:$sim_port" --user ipmiusr --password-file "$work/password" \
  --socket "$work/ipmiprovd.sock" --cache-dir "$work/cache" --config /dev/null \
  --interval "$interval" --sel-interval "$interval" --max-age 60 >"$work/ipmiprovd.log" 2>&1 &
daemon=$!
pids+=("$daemon")
bench=$build/bench/ipmiprov_bench_abi
for _ in $(seq 300); do "$bench" "$work/ipmiprovd.sock" --stats >/dev/null 2>&1 && break; sleep 0.1; done
# Warm: the first enumerations read everything once.
"$bench" "$work/ipmiprovd.sock" CIM_Sensor 1 0.1 >/dev/null
"$bench" "$work/ipmiprovd.sock" CIM_LogRecord 1 0.1 >/dev/null

requests() { "$bench" "$work/ipmiprovd.sock" --stats | grep -o '"bmc_requests":[0-9]*' | grep -o '[0-9]*$'; }

echo "| class | sessions | instances | enumerations/s | p50 ms | p95 ms | BMC requests per ${interval} s interval |"
echo "|---|---:|---:|---:|---:|---:|---:|"
for cls in CIM_Sensor CIM_LogRecord; do
  for clients in 1 50; do
    before=$(requests)
    result=$("$bench" "$work/ipmiprovd.sock" "$cls" "$clients" "$seconds")
    after=$(requests)
    field() { grep -o "\"$1\":[0-9.e+-]*" <<<"$result" | cut -d: -f2; }
    per_interval=$(awk -v r=$((after - before)) -v s="$(field elapsed_s)" -v i="$interval" 'BEGIN { printf "%.0f", r * i / s }')
    printf '| %s | %s | %s | %.0f | %.2f | %.2f | %s |\n' "$cls" "$clients" "$(field instances)" \
      "$(field per_second)" "$(field p50_ms)" "$(field p95_ms)" "$per_interval"
  done
done
grep -E "VmRSS|VmHWM" "/proc/$daemon/status" | tr -s ' \t' ' ' | sed 's/^/daemon memory: /'
