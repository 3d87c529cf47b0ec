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
# The build's commands without the test suites' precompiled header (GCC's
# .gch, which clang cannot read): every file is then checked as it stands
# alone, which also catches a test that leans on the header for an include.
tidy_db="$build/clang-tidy-db"
mkdir -p "$tidy_db"
sed -E 's# -Winvalid-pch##g; s# -include [^ ]*/cmake_pch\.hxx##g' "$build/compile_commands.json" \
  >"$tidy_db/compile_commands.json"
# run-clang-tidy takes regular expressions; anchor each file.
run-clang-tidy -p "$tidy_db" -j "$(nproc)" -quiet \
  "${units[@]/#/$top/}" >"$build/clang-tidy.log" 2>&1 || {
  grep -E "warning:|error:" "$build/clang-tidy.log" | sort -u >&2
  echo "clang-tidy: see $build/clang-tidy.log" >&2
  exit 1
}
echo "clang-tidy: quiet"
