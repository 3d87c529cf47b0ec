#!/usr/bin/env bash
# Metrics benchmark (docs/performance.md, issue 25): what a Prometheus scrape
# of an ipmi_sim machine of N sensors costs, through the relay that counts
# every IPMI request:
#  - Debian's prometheus-ipmi-exporter (/ipmi?target=…&module=…, with the
#    Accept header of Prometheus 2.42), which runs FreeIPMI's programs at
#    every scrape (its SDR cache is cold at the first only): its default
#    collectors (bmc, ipmi, chassis, dcmi) and sel, once as configured out of
#    the box (module lun0) and once with ipmimonitoring's --bridge-sensors
#    (module bridged), without which FreeIPMI skips the sensors of LUNs other
#    than 0;
#  - ipmiprovd --metrics-listen (GET /metrics from its snapshots), with the
#    Accept header of Prometheus 2.42 (OpenMetrics) and without one, after its
#    first snapshot; its sensor and SEL intervals are an hour, so that only
#    the scrapes are counted; its warm-up and one sensor round (a client's
#    --fresh) are counted apart;
#  - ipmiprov sensors --format prometheus over LAN, SDR cache warm (one-shot).
# Per row: wall time of a scrape (curl's time_total; the CLI: the process),
# median and max of $scrapes, BMC requests per scrape, bytes, the samples
# (lines but comments), the sensors (one *_state sample each), the readings
# (value samples but NaN), and the LUNs of the sensors (labels; the exporter
# has none).
#
#   bench/run-metrics-bench.sh [BUILD_DIR] [SIZES...]     default: build 80 700
#   scrapes=N (default 10)
#
# Cipher suite 0 everywhere (FreeIPMI's -I 0 through the exporter's
# custom_args), so that the relay can read the requests; all of it stays on
# 127.0.0.1.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top/build}
shift || true
sizes=("$@")
((${#sizes[@]})) || sizes=(80 700)
scrapes=${scrapes:-10}
source "$top/bench/bench-lib.sh"
cmake --build "$build" -j "$(nproc)" --target ipmiprovd >/dev/null
exporter=${exporter:-/usr/bin/prometheus-ipmi-exporter}
# What Prometheus 2.42 sends.
prometheus_accept='application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1'

# A port free for UDP on 127.0.0.1 and with no TCP listener there.
free_tcp_port() {
  local port
  for _ in $(seq 20); do
    port=$(free_port)
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return; }
  done
  echo "no free TCP port" >&2
  return 1
}

# http_get URL [ACCEPT]: the body into $work/body.txt; sets http_ms and
# http_format.
http_get() {
  local out code secs type
  out=$(curl -sS --max-time 120 -o "$work/body.txt" -H "Accept: ${2:-*/*}" \
    -w '%{http_code} %{size_download} %{time_total} %{content_type}' "$1") || true
  read -r code _ secs type <<<"$out"
  [ "$code" = 200 ] || { echo "failed: GET $1: ${out:-no answer}" >&2; return 1; }
  http_ms=$(awk -v s="$secs" 'BEGIN { printf "%.1f", s * 1000 }')
  case $type in
    application/openmetrics-text*) http_format=OpenMetrics ;;
    text/plain*) http_format="Prometheus text" ;;
    *) http_format=$type ;;
  esac
}

# wait_for SECONDS PID COMMAND...: until COMMAND succeeds while PID lives.
wait_for() {
  local tenths=$(($1 * 10)) pid=$2
  shift 2
  for _ in $(seq "$tenths"); do
    "$@" >/dev/null 2>&1 && return 0
    kill -0 "$pid" 2>/dev/null || return 1
    sleep 0.1
  done
  return 1
}

maximum() { printf '%s\n' "$@" | sort -n | tail -1; }
# The median, and the first when it differs (a cold SDR cache).
per_scrape() {
  local m
  m=$(median "$@")
  [ "$1" = "$m" ] && echo "$m" || echo "$m (first: $1)"
}

# The sensors (one *_state sample each: ipmi_chassis_power_state is not
# one), the readings and the sensors' LUNs in $work/body.txt.
sensor_samples() { grep -cE '^ipmi_(temperature|fan_speed|voltage|current|power|sensor)_state[{ ]' "$work/body.txt" || true; }
reading_samples() {  # not NaN (the exporter's discrete sensors)
  grep -E '^ipmi_(temperature_celsius|fan_speed_rpm|voltage_volts|current_amperes|power_watts|sensor_value)[{ ]' \
    "$work/body.txt" | grep -cv ' NaN$' || true
}
sensor_luns() {
  local luns
  luns=$({ grep -oE '^ipmi_(temperature|fan_speed|voltage|current|power|sensor)_state\{.*lun="[0-9]+"' "$work/body.txt" ||
    true; } | grep -o 'lun="[0-9]*"$' | tr -dc '0-9\n' | sort -un | paste -sd, -)
  echo "${luns:-—}"
}

# scrape_row LABEL FORMAT REQUESTS: times[] and the last body.
scrape_row() {
  echo "| $size | $1 | $(median "${times[@]}") | $(maximum "${times[@]}") | $3 | $(wc -c <"$work/body.txt") | $2 |" \
    "$(grep -cv '^#' "$work/body.txt") | $(sensor_samples) | $(reading_samples) | $(sensor_luns) |"
}

# The exporter's config: one module per LUN coverage, the rest as in
# Debian's /etc/prometheus/ipmi_remote.yml; ipmi_sim wants FreeIPMI's
# opensesspriv workaround; ipmimonitoring's SDR cache (it reads the SDR
# again when that is out of date) in $work, one per module and machine
# (FreeIPMI names it by host:port), not in ~/.freeipmi. The exporter passes
# the target to FreeIPMI as -h HOST:PORT, so the target is the relay's port.
exporter_module() {  # NAME [EXTRA IPMIMONITORING ARGUMENT]
  mkdir -m 700 "$work/freeipmi-$1"
  cat <<EOF
  $1:
    user: ipmiusr
    pass: test
    driver: LAN_2_0
    privilege: admin
    timeout: 10000
    workaround_flags: [opensesspriv]
    collectors: [bmc, ipmi, chassis, dcmi, sel]
    custom_args:
      bmc: ["-I", "0"]
      ipmi: ["-I", "0", "--sdr-cache-directory", "$work/freeipmi-$1"${2:+, \"$2\"}]
      chassis: ["-I", "0"]
      dcmi: ["-I", "0"]
      sel: ["-I", "0"]
EOF
}
{
  echo "modules:"
  exporter_module lun0
  exporter_module bridged --bridge-sensors
} >"$work/ipmi_exporter.yml"
# The exporter's FIFOs (TMPDIR) stay in $work.
mkdir -p "$work/exporter-tmp"
exporter_port=$(free_tcp_port)
TMPDIR=$work/exporter-tmp "$exporter" --config.file="$work/ipmi_exporter.yml" \
  --web.listen-address="127.0.0.1:$exporter_port" >"$work/exporter.log" 2>&1 &
exporter_pid=$!
pids+=("$exporter_pid")
wait_for 10 "$exporter_pid" curl -sf -o /dev/null "http://127.0.0.1:$exporter_port/" ||
  { echo "prometheus-ipmi-exporter did not start:" >&2; cat "$work/exporter.log" >&2; exit 1; }

has_metrics_listen=0
[[ $("$build/tools/ipmiprovd" --help) != *--metrics-listen* ]] || has_metrics_listen=1
echo test >"$work/password"
export IPMIPROV_CACHE_DIR=$work/cli-cache
notes=()

echo "| sensors | scrape | ms (median of $scrapes) | ms (max) | BMC requests per scrape | bytes | format | samples | sensors | readings | LUNs |"
echo "|---:|---|---:|---:|---:|---:|---|---:|---:|---:|---|"
for size in "${sizes[@]}"; do
  start_sim "$size"

  for module in lun0 bridged; do
    times=() requests=()
    for _ in $(seq "$scrapes"); do
      relay_start
      http_get "http://127.0.0.1:$exporter_port/ipmi?target=127.0.0.1:$relay_port&module=$module" "$prometheus_accept"
      relay_stop
      times+=("$http_ms")
      requests+=("$(total_requests)")
    done
    scrape_row "prometheus-ipmi-exporter ($module)" "$http_format" "$(per_scrape "${requests[@]}")"
    note="$size sensors, exporter ($module): $(grep -E '^ipmi_up' "$work/body.txt" | sed 's/ipmi_up//' | paste -sd' ' -)"
    note+="; its ipmi_scrape_duration_seconds $(awk '/^ipmi_scrape_duration_seconds/ { print $2 }' "$work/body.txt")"
    note+="; the last scrape: $(count 04/2d) Get Sensor Reading, $(count 06/34) Send Message (bridged),"
    note+=" $(count 0a/20 0a/22 0a/23) SDR,"
    note+=" $(($(grep -o '"session_setup": [0-9]*' <<<"$report" | grep -o '[0-9]*$') / 3)) sessions"
    notes+=("$note")
  done

  if ((has_metrics_listen)); then
    daemon_port=$(free_tcp_port)
    metrics=http://127.0.0.1:$daemon_port/metrics
    relay_start  # the warm-up
    "$build/tools/ipmiprovd" --lan "127.0.0.1:$relay_port" --user ipmiusr --password-file "$work/password" -C 0 \
      --socket "$work/ipmiprovd-$size.sock" --cache-dir "$work/daemon-cache-$size" \
      --state-dir "$work/daemon-state-$size" --config /dev/null --interval 3600 --sel-interval 3600 \
      --metrics-listen "127.0.0.1:$daemon_port" >"$work/ipmiprovd-$size.log" 2>&1 &
    daemon=$!
    pids+=("$daemon")
    # Ready once warmed up (the log says "serving") and /metrics has the sensors.
    up() { grep -q "ipmiprovd: serving " "$work/ipmiprovd-$size.log" && curl -sf -o "$work/up.txt" "$metrics" &&
      grep -q '^ipmi_up{collector="ipmi"} 1' "$work/up.txt"; }
    wait_for 120 "$daemon" up ||
      { echo "ipmiprovd did not serve its metrics:" >&2; cat "$work/ipmiprovd-$size.log" >&2; exit 1; }
    relay_stop
    warmup=$(total_requests)
    counter() { awk '/^ipmiprov_bmc_requests_total/ { print $2 }' "$work/body.txt"; }
    during=0
    for accept in "$prometheus_accept" ""; do
      times=()
      relay_start  # the scrapes
      for _ in $(seq "$scrapes"); do
        http_get "$metrics" "$accept"
        times+=("$http_ms")
        [ -n "${first_counter:-}" ] || first_counter=$(counter)
      done
      relay_stop
      during=$((during + $(total_requests)))
      label="ipmiprovd /metrics (no Accept)"
      [ -z "$accept" ] || label="ipmiprovd /metrics (Prometheus 2.42's Accept)"
      scrape_row "$label" "$http_format" "$(awk -v r="$(total_requests)" -v n="$scrapes" 'BEGIN { print r / n }')"
    done
    relay_start  # one sensor round, on demand
    "$build/tools/ipmiprov" --daemon "$work/ipmiprovd-$size.sock" sensors --fresh >/dev/null
    relay_stop
    round=$(total_requests)
    note="$size sensors, ipmiprovd: $during BMC requests during its $((2 * scrapes)) scrapes (relay; its"
    note+=" ipmiprov_bmc_requests_total from ${first_counter:-?} to $(counter)); warm-up (SDR cache cold, first"
    note+=" snapshots): $warmup requests; one sensor round (ipmiprov --daemon sensors --fresh): $round requests"
    notes+=("$note")
    unset first_counter
    relay_start  # its Close Session
    kill "$daemon"
    wait "$daemon" 2>/dev/null || true
    relay_stop
  else
    notes+=("$size sensors: ipmiprovd has no --metrics-listen in $build: not measured")
  fi

  rm -rf "$IPMIPROV_CACHE_DIR"
  measure "${lan_ipmiprov[@]}" sensors  # the SDR cache, warm (kept by address: the relay's)
  times=() requests=()
  for _ in $(seq "$scrapes"); do
    measure "${lan_ipmiprov[@]}" sensors --format prometheus
    cp "$work/out.txt" "$work/body.txt"
    times+=("$elapsed_ms")
    requests+=("$(total_requests)")
  done
  scrape_row "ipmiprov sensors --format prometheus (LAN, SDR cache warm)" "Prometheus text" "$(per_scrape "${requests[@]}")"
done
echo
printf -- '- %s\n' "${notes[@]}"
