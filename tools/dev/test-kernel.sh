#!/usr/bin/env bash
# The real-kernel tests alone (docs/testing.md): installs what they need,
# fetches Debian's kernel once, builds, and runs ipmiprov, ipmiprovd and
# ipmitool in QEMU guests against /dev/ipmi0 over KCS and SSIF, each compared
# with `ipmiprov --lan` against the same ipmi_sim. BUILD_DIR (default build)
# picks the build tree.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
build=${BUILD_DIR:-$top/build}
"$top/tools/dev/install-deps.sh" --with-kernel
configure=()
[ -f "$build/CMakeCache.txt" ] || configure=(-DCMAKE_BUILD_TYPE=RelWithDebInfo)
cmake -S "$top" -B "$build" "${configure[@]}" >/dev/null
cmake --build "$build" -j "$(nproc)" --target kernel_tests
cd "$build" && ctest --output-on-failure -L kernel
