#!/usr/bin/env bash
# Installs what ipmiprov needs to build and test, from Debian 12 packages.
# Idempotent: does nothing when everything is already there.
# --with-kernel also fetches Debian's kernel for the real-kernel tests;
# --with-fuzz adds clang and its libFuzzer runtime (tools/dev/fuzz.sh).
set -euo pipefail
with_kernel=false
with_fuzz=false
for option in "$@"; do
  case $option in
    --with-kernel) with_kernel=true ;;
    --with-fuzz) with_fuzz=true ;;
    *) echo "install-deps: unknown option $option" >&2; exit 2 ;;
  esac
done

packages=(
  build-essential cmake pkg-config clang-format clang-tidy ccache
  libopenipmi-dev libssl-dev libsystemd-dev libboost-program-options-dev nlohmann-json3-dev libgtest-dev libgmock-dev
  openipmi ipmitool freeipmi-tools
  # the metrics' oracle: promtool and Prometheus (tests/integration/metrics_test.cpp)
  prometheus
  # the Debian packages' checker (tests/package/check-packages.sh)
  lintian
  # an independent BMC for RMCP+ cipher suites 16 and 17 (tests/fixtures/sha256_bmc)
  python3-pyghmi
  # the real-kernel tests (tests/qemu): a guest machine, its userland, the modules' dependencies
  qemu-system-x86 busybox-static cpio kmod file
)
# the fuzz targets (tests/fuzz): clang with libFuzzer, ASan and UBSan; llvm for symbolized reports and coverage
$with_fuzz && packages+=(clang libclang-rt-dev llvm)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
# Debian's kernel for the real-kernel tests, downloaded once per machine
# (tests/qemu/fetch-kernel.sh keeps it under ~/.cache/ipmiprov/kernel).
fetch_kernel() {
  if $with_kernel; then "$(dirname "$0")/../../tests/qemu/fetch-kernel.sh" >/dev/null; fi
}
if ((${#missing[@]} == 0)); then
  fetch_kernel
  exit 0
fi
as_root=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "install-deps: run as root or install sudo" >&2; exit 1; }
  as_root=(sudo)
fi
echo "install-deps: installing ${missing[*]}" >&2
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fetch_kernel
