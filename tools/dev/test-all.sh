#!/usr/bin/env bash
# The README's second command, and what CI runs: installs, builds with
# -Werror, runs every test; then again under AddressSanitizer and
# UndefinedBehaviorSanitizer. Ends with ctest's summary.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
jobs=$(nproc)
"$top/tools/dev/install-deps.sh"

build_and_test() {
  local dir=$1; shift
  echo "== configure $dir $*"
  cmake -S "$top" -B "$top/$dir" -DIPMIPROV_WERROR=ON "$@" >/dev/null
  echo "== build $dir"
  cmake --build "$top/$dir" -j "$jobs"
  echo "== test $dir"
  (cd "$top/$dir" && ctest --output-on-failure -j "$jobs" --timeout 600)
}

build_and_test build-asan -DCMAKE_BUILD_TYPE=Debug -DIPMIPROV_SANITIZE=ON
build_and_test build -DCMAKE_BUILD_TYPE=RelWithDebInfo
