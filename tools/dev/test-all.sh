#!/usr/bin/env bash
# The README's second command, and what CI runs: installs, builds with
# -Werror and runs every test under AddressSanitizer and
# UndefinedBehaviorSanitizer, then optimised after clang-format and
# clang-tidy (tools/dev/lint.sh). Ends with ctest's summary.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
jobs=$(nproc)
"$top/tools/dev/install-deps.sh" --with-kernel

configure_and_build() {
  local dir=$1; shift
  echo "== configure $dir $*"
  cmake -S "$top" -B "$top/$dir" -DIPMIPROV_WERROR=ON "$@" >/dev/null
  echo "== build $dir"
  cmake --build "$top/$dir" -j "$jobs"
}
run_tests() {
  echo "== test $1"
  (cd "$top/$1" && ctest --output-on-failure -j "$jobs" --timeout 600)
}

configure_and_build build-asan -DCMAKE_BUILD_TYPE=Debug -DIPMIPROV_SANITIZE=ON
run_tests build-asan
configure_and_build build -DCMAKE_BUILD_TYPE=RelWithDebInfo
"$top/tools/dev/lint.sh" "$top/build"
run_tests build
