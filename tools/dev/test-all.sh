#!/usr/bin/env bash
# The README's second command, and what CI runs: installs, then builds with
# -Werror and runs every test under AddressSanitizer and
# UndefinedBehaviorSanitizer; runs every fuzz target briefly (libFuzzer, ASan,
# UBSan: tools/dev/fuzz.sh); builds the daemon's tests under ThreadSanitizer
# and runs them; then builds optimised and runs every test that starts real
# programs again after clang-format and clang-tidy (tools/dev/lint.sh). Ends
# with ctest's summary and each stage's time.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
jobs=$(nproc)

# Each stage's time, printed at the end however the run ends.
stage_names=()
stage_seconds=()
stage_started=$SECONDS
stage_name=""
stage() {
  if [ -n "$stage_name" ]; then
    stage_names+=("$stage_name")
    stage_seconds+=($((SECONDS - stage_started)))
  fi
  stage_name=$1
  stage_started=$SECONDS
}
print_stage_times() {
  stage ""
  echo "== stage times (seconds)"
  for i in "${!stage_names[@]}"; do printf '%6d  %s\n' "${stage_seconds[$i]}" "${stage_names[$i]}"; done
  printf '%6d  total\n' "$SECONDS"
}
trap print_stage_times EXIT

stage "install"
"$top/tools/dev/install-deps.sh" --with-kernel --with-fuzz
# ccache (a Debian package; install-deps brings it): a machine that built
# before rebuilds only what changed. Off with IPMIPROV_CCACHE=0.
launcher=()
if [ "${IPMIPROV_CCACHE:-1}" = 1 ] && command -v ccache >/dev/null; then
  launcher=(-DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
  export CCACHE_BASEDIR=$top CCACHE_NOHASHDIR=1
  # The test suites' precompiled header (tests/CMakeLists.txt) is cached only so.
  export CCACHE_SLOPPINESS=pch_defines,time_macros,include_file_mtime,include_file_ctime
fi

configure_and_build() {
  local dir=$1 targets=$2; shift 2
  stage "build $dir"
  echo "== configure $dir $*"
  cmake -S "$top" -B "$top/$dir" -DIPMIPROV_WERROR=ON "${launcher[@]}" "$@" >/dev/null
  echo "== build $dir"
  # shellcheck disable=SC2086
  cmake --build "$top/$dir" -j "$jobs" $targets
}
run_tests() {
  local dir=$1; shift
  stage "test $dir"
  echo "== test $dir $*"
  (cd "$top/$dir" && ctest --output-on-failure -j "$jobs" --timeout 600 "$@")
}

# -Og -g1: a third less compile time than -O0 -g, and line numbers in every
# sanitizer report all the same.
configure_and_build build-asan "" -DCMAKE_BUILD_TYPE=Debug -DIPMIPROV_SANITIZE=ON -DIPMIPROV_BUILD_BENCH=OFF \
  -DCMAKE_CXX_FLAGS_DEBUG="-Og -g1" -DCMAKE_C_FLAGS_DEBUG="-Og -g1"
# The real-kernel tests boot QEMU guests (minutes): they run once, in the
# optimised stage below; the kernel transport's code runs under the
# sanitizers here against the fake kernel driver of the unit tests.
run_tests build-asan -LE kernel

stage "fuzz (build and run)"
echo "== fuzz"
"$top/tools/dev/fuzz.sh" --seconds "${IPMIPROV_FUZZ_SECONDS:-6}"

# The daemon's threads (shared rounds, the socket server, clients) and what
# they share with the engine, the ABI and the CMPI provider, under
# ThreadSanitizer: the unit tests of those parts, and the integration tests
# that run ipmiprovd itself (built here, so it runs under TSan too).
tsan_tests='^(Engine|Frame|Wire|SingleFlight|Access|HandlerOnSim|DaemonEvents|MetricsServer|DaemonMetrics|DaemonAgainstIpmiSim|AbiThroughTheDaemon|CmpiThroughDaemon|Fault)'
# -O1 -g1, as ThreadSanitizer's own manual builds: less compile time than -O2
# -g, and every report still has its lines.
configure_and_build build-tsan "--target unit_tests integration_tests ipmiprov ipmiprovd ipmiprov_abi ipmiprov_cmpi" \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DIPMIPROV_TSAN=ON \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1" -DCMAKE_C_FLAGS_RELWITHDEBINFO="-O1 -g1"
TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1" run_tests build-tsan -R "$tsan_tests" -LE kernel

# Optimised as users build it (-O3: Release). The programs, the libraries and
# the suites that run them (integration, real kernel, the exported symbols):
# the unit tests and the fuzz seeds ran under the sanitizers above, and here
# are only configured, for clang-tidy (tests/CMakeLists.txt,
# IPMIPROV_UNIT_TESTS_IN_ALL). For /usr, as Debian packages are: the
# package test (ctest -L package, tests/package) builds and installs them.
configure_and_build build "" -DCMAKE_BUILD_TYPE=Release -DIPMIPROV_UNIT_TESTS_IN_ALL=OFF -DCMAKE_INSTALL_PREFIX=/usr
stage "lint"
"$top/tools/dev/lint.sh" "$top/build"
run_tests build -E '^(unit_tests_NOT_BUILT|fuzz_corpus_.*)$'
