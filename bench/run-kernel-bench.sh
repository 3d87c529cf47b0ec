#!/usr/bin/env bash
# bench/run-kernel-bench.sh [BUILD_DIR]
# Per-request latency through the real kernel driver (docs/performance.md,
# "Kernel driver"): a QEMU guest per interface (KCS, SSIF) with ipmi_sim as
# its BMC, as in the real-kernel tests (tests/qemu), timing Get Device ID
#  - in one process: ipmiprov's kernel transport (ipmiprov_bench_kernel),
#    `ipmitool exec` and FreeIPMI's `ipmi-raw --file` over N requests;
#  - one process per request: `ipmiprov raw`, `ipmitool raw`, `ipmi-raw`.
# N (default 500) and P (default 50) set the counts.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
build=$(realpath "${1:-$top/build}")
N=${N:-500}
P=${P:-50}
qemu=$top/tests/qemu
cmake --build "$build" -j "$(nproc)" --target ipmiprov ipmiprov_bench_kernel >/dev/null
work=$(mktemp -d /tmp/ipmiprov-kernel-bench.XXXXXX)
sim_pid=
cleanup() {
  [ -n "$sim_pid" ] && kill "$sim_pid" 2>/dev/null
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

kernel=$("$qemu/fetch-kernel.sh")
"$qemu/make-initramfs.sh" "$work/initramfs.cpio.gz" "$kernel" "$build/tools/ipmiprov" \
  "$build/bench/ipmiprov_bench_kernel" ipmitool ipmi-raw

cat >"$work/bench.sh" <<GUEST
for i in \$(seq $N); do echo "raw 0x06 0x01"; done >/tmp/ipmitool.txt
for i in \$(seq $N); do echo "00 06 01"; done >/tmp/ipmi-raw.txt
measure() { echo "RESULT \$1 \$2 \$(shift 2; ipmiprov_bench_kernel "\$@")"; }
ipmiprov raw 0x06 0x01 >/dev/null   # the first request finds the device
measure ipmiprov 1 requests $N
measure ipmitool $N runs 1 -- ipmitool exec /tmp/ipmitool.txt
measure ipmi-raw $N runs 1 -- ipmi-raw -D OPENIPMI --file /tmp/ipmi-raw.txt
measure "ipmiprov raw" 1 runs $P -- ipmiprov --device /dev/ipmi0 raw 0x06 0x01
measure "ipmitool raw" 1 runs $P -- ipmitool raw 0x06 0x01
measure "ipmi-raw" 1 runs $P -- ipmi-raw -D OPENIPMI 00 06 01
GUEST

free_tcp_port() {
  local port
  while :; do
    port=$((20000 + RANDOM % 20000))
    ss -Htln "sport = :$port" | grep -q . || { echo "$port"; return; }
  done
}
start_sim() {   # ipmi_sim with the fixture, its system interface on TCP $1
  local dir=$work/sim
  rm -rf "$dir"
  mkdir -p "$dir/state"
  sed "s/@PORT@/$(free_tcp_port)/; s#@STATEDIR@#$dir/state#; s#@LANCONFIG@#$top/tests/fixtures/ipmi_sim/lan-config.sh#" "$top/tests/fixtures/ipmi_sim/lan.conf.in" >"$dir/lan.conf"
  echo "serial 15 127.0.0.1 $1 codec VM" >>"$dir/lan.conf"
  ipmi_sim -c "$dir/lan.conf" -f "$top/tests/fixtures/ipmi_sim/bmc.emu" -s "$dir/state" -n \
    </dev/null >"$dir/log" 2>&1 &
  sim_pid=$!
  for _ in $(seq 100); do
    ss -Htln "sport = :$1" | grep -q . && return
    sleep 0.1
  done
  echo "ipmi_sim did not listen on $1" >&2
  cat "$dir/log" >&2
  exit 1
}

echo "| interface | program | processes | requests | p50 per request | p95 per request | mean per request |"
echo "|---|---|---|---:|---:|---:|---:|"
for interface in kcs ssif; do
  port=$(free_tcp_port)
  start_sim "$port"
  KERNEL_DIR=$kernel timeout 600 "$qemu/boot-guest.sh" "$interface" "$port" "$work/initramfs.cpio.gz" \
    "$work/bench.sh" "$work/guest" | tr -d '\r' >"$work/console-$interface.txt" || true
  kill "$sim_pid"
  wait "$sim_pid" 2>/dev/null || true
  sim_pid=
  grep -q '^RESULT ' "$work/console-$interface.txt" || { cat "$work/console-$interface.txt" >&2; exit 1; }
  # RESULT NAME PER_RUN {json}: per request = the run's time / requests in it.
  sed -n 's/^RESULT //p' "$work/console-$interface.txt" | while read -r line; do
    name=$(sed 's/ [0-9]* {.*//' <<<"$line")
    per_run=$(sed 's/.* \([0-9]*\) {.*/\1/' <<<"$line")
    json=$(sed 's/^[^{]*//' <<<"$line")
    count=$(sed 's/.*"count":\([0-9]*\).*/\1/' <<<"$json")
    field() { sed "s/.*\"$1\":\([0-9.e+]*\).*/\1/" <<<"$json"; }
    # A run of N requests in one process has only its mean per request.
    awk -v i="$interface" -v n="$name" -v per="$per_run" -v c="$count" -v p50="$(field p50_us)" \
      -v p95="$(field p95_us)" -v mean="$(field mean_us)" -v fail="$(field failures)" 'BEGIN {
        how = (per > 1 || n == "ipmiprov") ? "one" : "one per request"
        p50s = per > 1 ? "—" : sprintf("%.2f ms", p50 / 1000)
        p95s = per > 1 ? "—" : sprintf("%.2f ms", p95 / 1000)
        printf "| %s | %s | %s | %d | %s | %s | %.2f ms%s |\n", i, n, how, c * per, p50s, p95s,
          mean / per / 1000, (fail > 0 ? " (" fail " failed)" : "")
      }'
  done
done
