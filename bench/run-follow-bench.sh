#!/usr/bin/env bash
# SEL subscription benchmark (docs/performance.md#sel-subscriptions):
# ipmiprovd (--sel-interval 2) in front of an ipmi_sim machine of SENSORS
# sensors and SEL entries; for 0, 1 and 20 `ipmiprov --daemon SOCK sel
# follow --json` an entry is added (Add SEL Entry, ipmitool) every 4 s for
# SECONDS: the BMC requests per minute the daemon sent, and the delay from
# each added entry to each follower's line (median and maximum).
#
#   bench/run-follow-bench.sh [BUILD_DIR] [SENSORS] [SEL] [SECONDS]
#   default: build 80 200 60
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top/build}
sensors=${2:-80}
sel=${3:-200}
seconds=${4:-60}
source "$top/bench/bench-lib.sh"
cmake --build "$build" -j "$(nproc)" --target ipmiprovd ipmiprov ipmiprov_bench_abi >/dev/null
start_sim "$sensors" "$sel"
echo test >"$work/password"
"$build/tools/ipmiprovd" --lan "127.0.0.1:$sim_port" --user ipmiusr --password-file "$work/password" \
  --socket "$work/ipmiprovd.sock" --cache-dir "$work/cache" --state-dir "$work/state" --config /dev/null \
  --interval 3600 --max-age 3600 --sel-interval 2 --sel-log none >"$work/ipmiprovd.log" 2>&1 &
pids+=($!)
for _ in $(seq 600); do grep -q "ipmiprovd: serving " "$work/ipmiprovd.log" && break; sleep 0.1; done
requests() { "$build/bench/ipmiprov_bench_abi" "$work/ipmiprovd.sock" --stats | grep -o '"bmc_requests":[0-9]*' | grep -o '[0-9]*$'; }
add_entry() {
  ipmitool -I lanplus -C 3 -H 127.0.0.1 -p "$sim_port" -U ipmiusr -P test raw 0x0a 0x44 0 0 2 0 0 0 0 0x20 0 4 7 "$1" 0x6f 0 0xff 0xff >/dev/null
}
echo "| followers | BMC requests per minute | entries added | delay to a follower, median ms | maximum ms |"
echo "|---:|---:|---:|---:|---:|"
for followers in 0 1 20; do
  followers_pids=()
  for i in $(seq "$followers"); do
    "$build/tools/ipmiprov" --daemon "$work/ipmiprovd.sock" sel follow --json 2>/dev/null |
      while IFS= read -r line; do echo "$(date +%s%N) $line"; done >"$work/follower-$followers-$i.log" &
    followers_pids+=($!)
  done
  sleep 2
  : >"$work/added-$followers.log"
  before=$(requests)
  start=$(date +%s%N)
  number=0
  while (($(date +%s%N) - start < seconds * 1000000000)); do
    number=$((number + 1))
    echo "$(date +%s%N) $((number % 256))" >>"$work/added-$followers.log"
    add_entry $((number % 256))
    sleep 4
  done
  elapsed_ms=$((($(date +%s%N) - start) / 1000000))
  after=$(requests)
  sleep 3
  pkill -f "ipmiprov --daemon $work/ipmiprovd.sock sel follow" 2>/dev/null || true
  for pid in "${followers_pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  delays=()
  if ((followers > 0)); then
    mapfile -t added < <(cut -d' ' -f1 "$work/added-$followers.log")
    for i in $(seq "$followers"); do
      mapfile -t got < <(cut -d' ' -f1 "$work/follower-$followers-$i.log")
      for k in "${!got[@]}"; do
        ((k < ${#added[@]})) && delays+=($(((got[k] - added[k]) / 1000000)))
      done
    done
  fi
  if ((${#delays[@]} > 0)); then
    med=$(median "${delays[@]}")
    max=$(printf '%s\n' "${delays[@]}" | sort -n | tail -1)
  else
    med=- max=-
  fi
  echo "| $followers | $(((after - before) * 60000 / elapsed_ms)) | $number | $med | $max |"
done
