#!/usr/bin/env bash
# The fuzz targets of tests/fuzz (docs/reliability.md): installs clang and its
# libFuzzer runtime from Debian, builds build-fuzz/ (ASan + UBSan + libFuzzer),
# and runs each target for SECONDS on a scratch copy of its seed corpus, one
# after the other. Whatever a target finds (a crash, a leak, a hang past 10 s,
# memory past 2 GiB) is kept in build-fuzz/findings/TARGET/ and fails the run.
#
#   tools/dev/fuzz.sh                  # every target, 6 s each (what CI runs)
#   tools/dev/fuzz.sh --seconds 600 sel_entry bmc_replies
#   build-fuzz/tests/fuzz/fuzz_sel_entry FILE   # reproduce one finding
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
build=${FUZZ_BUILD_DIR:-$top/build-fuzz}
out=${FUZZ_WORK_DIR:-$build}  # scratch corpora, logs and findings
seconds=6
targets=()
while (($#)); do
  case $1 in
    --seconds) seconds=$2; shift 2 ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) targets+=("$1"); shift ;;
  esac
done

"$top/tools/dev/install-deps.sh" --with-fuzz
if [ ! -f "$build/CMakeCache.txt" ]; then
  launcher=()
  if [ "${IPMIPROV_CCACHE:-1}" = 1 ] && command -v ccache >/dev/null; then
    launcher=(-DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
  fi
  # -O1 with line tables, as OSS-Fuzz builds fuzz targets: every finding has
  # its lines, for less compile time than -O2 -g.
  CC=clang CXX=clang++ cmake -S "$top" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -gline-tables-only" -DCMAKE_C_FLAGS_RELWITHDEBINFO="-O1 -gline-tables-only" \
    -DIPMIPROV_FUZZ=ON -DIPMIPROV_WERROR=OFF "${launcher[@]}" >/dev/null
fi
cmake --build "$build" -j "$(nproc)" --target fuzzers
((${#targets[@]})) || mapfile -t targets < <(ls "$top/tests/fuzz/corpus")

dictionary_of() {
  case $1 in
    sim_fixture|daemon_protocol|stored_files) echo "-dict=$top/tests/fuzz/dict/json.dict" ;;
    cli_args) echo "-dict=$top/tests/fuzz/dict/cli.dict" ;;
  esac
}

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
failed=()
printf '%-16s %10s %8s %8s %8s  %s\n' target runs exec/s cov ft findings
for target in "${targets[@]}"; do
  work="$out/fuzz-work/$target" findings="$out/findings/$target"
  rm -rf "$work" "$findings" && mkdir -p "$work" "$findings"
  log="$out/fuzz-work/$target.log"
  # The seeds stay as they are; what the run learns goes to the scratch corpus.
  status=0
  # shellcheck disable=SC2046
  "$build/tests/fuzz/fuzz_$target" "$work" "$top/tests/fuzz/corpus/$target" $(dictionary_of "$target") \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$findings/" </dev/null >"$log" 2>&1 || status=$?
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  cov=$(grep -oE 'cov: [0-9]+' "$log" | tail -1 | cut -d' ' -f2 || true)
  ft=$(grep -oE 'ft: [0-9]+' "$log" | tail -1 | cut -d' ' -f2 || true)
  found=$(find "$findings" -type f | wc -l)
  printf '%-16s %10s %8s %8s %8s  %s\n' "$target" "${runs:-?}" "${speed:-?}" "${cov:-?}" "${ft:-?}" "$found"
  if ((status != 0 || found > 0)); then
    failed+=("$target")
    grep -E 'ERROR|SUMMARY|runtime error|Test unit written|does not conform|not an object' "$log" | head -20 >&2 || true
  fi
done
if ((${#failed[@]})); then
  echo "fuzz: findings in ${failed[*]} (inputs in $out/findings/, logs in $out/fuzz-work/)" >&2
  exit 1
fi
echo "fuzz: ${#targets[@]} targets, ${seconds} s each, no findings"
