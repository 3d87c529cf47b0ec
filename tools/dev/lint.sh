#!/usr/bin/env bash
# Style and static checks: clang-format must have nothing to change, and
# clang-tidy (.clang-tidy) must be quiet on every source file of the project.
#   tools/dev/lint.sh [BUILD_DIR]     (a configured build: compile_commands.json)
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$top/build}
cd "$top"
mapfile -t sources < <(git ls-files '*.cpp' '*.hpp')
echo "== clang-format (${#sources[@]} files)"
clang-format --dry-run --Werror "${sources[@]}"
echo "== clang-tidy"
mapfile -t units < <(git ls-files '*.cpp')
# run-clang-tidy takes regular expressions; anchor each file.
run-clang-tidy -p "$build" -j "$(nproc)" -quiet \
  "${units[@]/#/$top/}" >"$build/clang-tidy.log" 2>&1 || {
  grep -E "warning:|error:" "$build/clang-tidy.log" | sort -u >&2
  echo "clang-tidy: see $build/clang-tidy.log" >&2
  exit 1
}
echo "clang-tidy: quiet"
