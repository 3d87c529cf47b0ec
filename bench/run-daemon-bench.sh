#!/usr/bin/env bash
# Daemon benchmark (docs/performance.md#daemon): ipmiprovd in front of an
# ipmi_sim machine of SENSORS sensors and SEL entries.
#  1. The CLI through the daemon (answered from its snapshots) against the
#     CLI reading the BMC itself and against FreeIPMI, all warm (SDR caches
#     present): wall time, median of $runs, and the BMC requests the daemon
#     sent meanwhile.
#  2. Enumerations through the provider ABI with 1 and 50 concurrent
#     sessions: sessions that keep what they enumerated (the daemon answers
#     "unchanged" while its snapshot is), and a new session for every
#     enumeration (everything received and decoded: what a changed snapshot
#     costs); the BMC requests per refresh interval meanwhile.
#  3. The daemon's resident memory at the start, after the 50-client runs
#     and, with SOAK seconds, after that long of clients connecting and
#     leaving (CLI processes and ABI sessions), sampled every minute.
#
#   bench/run-daemon-bench.sh [BUILD_DIR] [SENSORS] [SEL] [SECONDS] [SOAK]
#   default: build 700 2000 20 0
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top/build}
sensors=${2:-700}
sel=${3:-2000}
seconds=${4:-20}
soak=${5:-0}
source "$top/bench/bench-lib.sh"
cmake --build "$build" -j "$(nproc)" --target ipmiprovd ipmiprov ipmiprov_bench_abi ipmiprov_abi >/dev/null

start_sim "$sensors" "$sel"
interval=5
echo test >"$work/password"
"$build/tools/ipmiprovd" --lan "127.0.0.1:$sim_port" --user ipmiusr --password-file "$work/password" \
  --socket "$work/ipmiprovd.sock" --cache-dir "$work/cache" --state-dir "$work/state" --config /dev/null \
  --interval "$interval" --sel-interval "$interval" --max-age 60 >"$work/ipmiprovd.log" 2>&1 &
daemon=$!
pids+=("$daemon")
bench=$build/bench/ipmiprov_bench_abi
socket=$work/ipmiprovd.sock
# Ready once the first snapshots are in (the daemon's warm-up), bounded.
for _ in $(seq 600); do grep -q "ipmiprovd: serving " "$work/ipmiprovd.log" && break; sleep 0.1; done
grep "ipmiprovd: serving " "$work/ipmiprovd.log" | sed 's/^ipmiprovd: /warm-up: /'
rss() { awk '/VmRSS/ { print $2 " kB" }' "/proc/$daemon/status"; }
echo "daemon memory at start: $(rss)"
requests() { "$bench" "$socket" --stats | grep -o '"bmc_requests":[0-9]*' | grep -o '[0-9]*$'; }

# timed LABEL COMMAND...: the median wall time of $runs runs, in ms.
timed() {
  local label=$1 times=() start end before after
  shift
  before=$(requests)
  for _ in $(seq "$runs"); do
    start=$(date +%s%N)
    "$@" >"$work/out.txt" 2>"$work/err.txt" || { echo "failed: $*" >&2; cat "$work/err.txt" >&2; }
    end=$(date +%s%N)
    times+=($(((end - start) / 1000000)))
  done
  after=$(requests)
  echo "| $label | $(median "${times[@]}") | $(wc -l <"$work/out.txt") | $((after - before)) |"
}

export IPMIPROV_CACHE_DIR=$work/cli-cache
mkdir -m 700 -p "$work/freeipmi"
direct=("$build/tools/ipmiprov" --lan "127.0.0.1:$sim_port" -U ipmiusr -P test)
freeipmi=(ipmi-sensors -h "127.0.0.1:$sim_port" -u ipmiusr -p test -l user -W opensesspriv --bridge-sensors
  --quiet-cache --sdr-cache-directory "$work/freeipmi")
"${direct[@]}" sensors >/dev/null  # the SDR caches, filled once: every row is warm
"${freeipmi[@]}" >/dev/null
echo
echo "| command (warm, $sensors sensors, $sel SEL entries) | ms (median of $runs) | lines | BMC requests through the daemon |"
echo "|---|---:|---:|---:|"
timed "ipmiprov --daemon sensors --json" "$build/tools/ipmiprov" --daemon "$socket" sensors --json
timed "ipmiprov --daemon sensors" "$build/tools/ipmiprov" --daemon "$socket" sensors
timed "ipmiprov --daemon sel list" "$build/tools/ipmiprov" --daemon "$socket" sel list
timed "ipmiprov --daemon cim enumerate CIM_NumericSensor" "$build/tools/ipmiprov" --daemon "$socket" \
  cim enumerate CIM_NumericSensor
timed "ipmiprov --lan sensors --json (no daemon)" "${direct[@]}" sensors --json
timed "ipmi-sensors --bridge-sensors (FreeIPMI)" "${freeipmi[@]}"

echo
echo "| class | sessions | each enumeration | instances | enumerations/s | p50 ms | p95 ms | BMC requests per ${interval} s interval |"
echo "|---|---:|---|---:|---:|---:|---:|---:|"
for cls in CIM_Sensor CIM_LogRecord; do
  for mode in kept new; do
    # New sessions: 10 at a time. 50 threads that each connect and hang up
    # in a loop keep more than the daemon's 64 slots in flux, and it says
    # "busy" to some (as it should), which is not what is measured here.
    counts=(1 50)
    [ "$mode" = new ] && counts=(1 10)
    for clients in "${counts[@]}"; do
      extra=()
      label="same session"
      if [ "$mode" = new ]; then
        extra=(--session-each)
        label="new session"
      fi
      before=$(requests)
      result=$("$bench" "$socket" "$cls" "$clients" "$seconds" "${extra[@]}")
      after=$(requests)
      field() { grep -o "\"$1\":[0-9.e+-]*" <<<"$result" | cut -d: -f2; }
      per_interval=$(awk -v r=$((after - before)) -v s="$(field elapsed_s)" -v i="$interval" \
        'BEGIN { printf "%.0f", r * i / s }')
      printf '| %s | %s | %s | %s | %.0f | %.2f | %.2f | %s |\n' "$cls" "$clients" "$label" "$(field instances)" \
        "$(field per_second)" "$(field p50_ms)" "$(field p95_ms)" "$per_interval"
    done
  done
done
echo
echo "daemon memory after the 50-client runs: $(rss) (peak $(awk '/VmHWM/ { print $2 " kB" }' "/proc/$daemon/status"))"

if ((soak > 0)); then
  # Clients connecting and leaving for SOAK seconds: ABI sessions opened for
  # every enumeration, and CLI processes one after another.
  "$bench" "$socket" CIM_Sensor 8 "$soak" --session-each >"$work/soak-abi.json" &
  abi=$!
  end=$((SECONDS + soak))
  next_sample=$((SECONDS + 60))
  echo "soak: $(rss) at 0 s"
  while ((SECONDS < end)); do
    "$build/tools/ipmiprov" --daemon "$socket" sensors --json >/dev/null
    "$build/tools/ipmiprov" --daemon "$socket" sel list >/dev/null
    if ((SECONDS >= next_sample)); then
      echo "soak: $(rss) at $((soak - end + SECONDS)) s"
      next_sample=$((SECONDS + 60))
    fi
  done
  wait "$abi"
  echo "soak: $(rss) at the end ($soak s; ABI: $(grep -o '"enumerations":[0-9]*' "$work/soak-abi.json" | cut -d: -f2) enumerations, $(grep -o '"failures":[0-9]*' "$work/soak-abi.json" | cut -d: -f2) failures)"
fi
