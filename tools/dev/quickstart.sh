#!/usr/bin/env bash
# The README's first command: installs, builds, and runs the main job against
# /dev/ipmi0 when the machine has one, else against the built-in simulated BMC.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
"$top/tools/dev/install-deps.sh"
cmake -S "$top" -B "$top/build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DIPMIPROV_BUILD_TESTS=OFF >/dev/null
cmake --build "$top/build" -j "$(nproc)" --target ipmiprov >/dev/null
ipmiprov=("$top/build/tools/ipmiprov")
if [ -e /dev/ipmi0 ] || [ -e /dev/ipmi/0 ] || [ -e /dev/ipmidev/0 ]; then
  echo "== BMC on the kernel IPMI device"
else
  echo "== no /dev/ipmi0 here: using the built-in simulated BMC (--sim builtin)"
  ipmiprov+=(--sim builtin)
fi
for command in info sensors; do
  echo "== ipmiprov $command"
  "${ipmiprov[@]}" "$command"
done
