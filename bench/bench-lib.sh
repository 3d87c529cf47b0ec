# Shared by the bench/run-*-bench.sh scripts: an ipmi_sim machine on
# 127.0.0.1, a request-counting relay in front of it, and one table row per
# measured command. Source it after setting `build`.
set -euo pipefail
runs=${runs:-3}
work=$(mktemp -d /tmp/ipmiprov-bench.XXXXXX)
pids=()
cleanup() {
  for pid in "${pids[@]}" ${relay_pid:-}; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

cmake --build "$build" -j "$(nproc)" --target ipmiprov ipmiprov_bench_fixture ipmiprov_bench_relay >/dev/null

free_port() { "$build/bench/ipmiprov_bench_relay" --free-port; }

# start_sim SENSORS [SEL_ENTRIES]: sets sim_port and relay_port.
start_sim() {
  local dir=$work/sim-$1-${2:-0} port
  mkdir -p "$dir/state"
  port=$(free_port)
  sed "s/@PORT@/$port/; s#@STATEDIR@#$dir/state#; s#@LANCONFIG@#$top/tests/fixtures/ipmi_sim/lan-config.sh#" "$top/tests/fixtures/ipmi_sim/lan.conf.in" >"$dir/lan.conf"
  # sim_extra: lines for the MC's section (run-chassis-bench.sh: chassis_control)
  [ -z "${sim_extra:-}" ] || echo "$sim_extra" >>"$dir/lan.conf"
  "$build/bench/ipmiprov_bench_fixture" "$@" >"$dir/bmc.emu" 2>/dev/null
  # sim_emu_extra: an emulator file to insert before the last `mc_enable 0x20`
  # (run-inventory-bench.sh: the tests' fru.emu)
  if [ -n "${sim_emu_extra:-}" ]; then
    awk -v extra="$sim_emu_extra" '/^mc_enable 0x20$/ { while ((getline line < extra) > 0) print line } { print }' \
      "$dir/bmc.emu" >"$dir/bmc.emu.new" && mv "$dir/bmc.emu.new" "$dir/bmc.emu"
  fi
  ipmi_sim -c "$dir/lan.conf" -f "$dir/bmc.emu" -s "$dir/state" -n >"$dir/sim.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 100); do
    ipmitool -I lanplus -C 0 -H 127.0.0.1 -p "$port" -U ipmiusr -P test -N 1 -R 1 raw 6 1 >/dev/null 2>&1 && break
    sleep 0.2
  done
  sim_port=$port
  # One relay port per machine: caches are keyed by the address they read from.
  relay_port=$(free_port)
}

# relay_start, then relay_stop: a fresh relay on relay_port counts what
# passes between them (run-metrics-bench.sh: a daemon's requests, which
# outlive one command); relay_stop sets report.
relay_start() {
  "$build/bench/ipmiprov_bench_relay" "$relay_port" "$sim_port" "$work/report.json" &
  relay_pid=$!
  sleep 0.2
}
relay_stop() {
  kill "$relay_pid"
  wait "$relay_pid" 2>/dev/null || true
  relay_pid=
  report=$(cat "$work/report.json")
}

# Runs "$@" (with @PORT@ replaced by the relay's port) through a fresh relay;
# sets elapsed_ms and report.
measure() {
  relay_start
  local cmd=("${@//@PORT@/$relay_port}")
  local start end
  start=$(date +%s%N)
  "${cmd[@]}" >"$work/out.txt" 2>"$work/err.txt" || { echo "failed: ${cmd[*]}" >&2; cat "$work/err.txt" >&2; }
  end=$(date +%s%N)
  relay_stop
  elapsed_ms=$(((end - start) / 1000000))
}

count() {  # count NETFN/CMD...: their sum in the last report
  local sum=0 n key
  for key in "$@"; do
    n=$(grep -o "\"$key\": [0-9]*" <<<"$report" | grep -o '[0-9]*$' || true)
    sum=$((sum + ${n:-0}))
  done
  echo "$sum"
}

total_requests() {  # every request in the last report (which may have none)
  { grep -o '"[0-9a-f][0-9a-f]/[0-9a-f][0-9a-f]": [0-9]*' <<<"$report" || true; } |
    awk '{ sum += $NF } END { print sum + 0 }'
}

median() { printf '%s\n' "$@" | sort -n | sed -n "$((($# + 1) / 2))p"; }

# 06/3d: Get Session Info, which ipmiprov asks once a session for the privilege it was granted
session_commands=(06/38 06/3b 06/3c 06/54 06/39 06/3a 06/3d)

# row LABEL PREPARE COMMAND...: runs PREPARE (not measured) then COMMAND,
# $runs times; prints size, label, median ms, all requests, session requests
# and one column per entry of the COLUMNS array (space-separated netfn/cmd).
row() {
  local label=$1 prepare=$2
  shift 2
  local times=()
  for _ in $(seq "$runs"); do
    eval "$prepare"
    measure "$@"
    times+=("$elapsed_ms")
  done
  local line column
  line="| $size | $label | $(median "${times[@]}") | $(total_requests) | $(count "${session_commands[@]}")"
  for column in "${COLUMNS[@]}"; do
    # shellcheck disable=SC2086
    line+=" | $(count $column)"
  done
  echo "$line |"
}

lan_ipmitool=(ipmitool -I lanplus -C 0 -H 127.0.0.1 -p @PORT@ -U ipmiusr -P test)
lan_freeipmi=(-h 127.0.0.1:@PORT@ -u ipmiusr -p test -D LAN_2_0 -W opensesspriv -I 0)
lan_ipmiprov=("$build/tools/ipmiprov" --lan 127.0.0.1:@PORT@ -U ipmiusr -P test -C 0)
