#!/usr/bin/env bash
# fetch-kernel.sh [CACHE_DIR]
# Debian's amd64 kernel for the real-kernel tests, without installing it:
# `apt-get download` of the image package behind linux-image-amd64, and of
# what it holds only vmlinuz and the IPMI modules (with the modules they
# need) are kept, in CACHE_DIR/<package>/ (default
# ${IPMIPROV_KERNEL_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/ipmiprov/kernel}).
# Once there it is not fetched again, even offline. Prints the kept
# directory: vmlinuz, modules/*.ko, and modules.kcs / modules.ssif, the
# insmod order for each interface.
set -euo pipefail
cache=${1:-${IPMIPROV_KERNEL_CACHE:-${XDG_CACHE_HOME:-${HOME:-/root}/.cache}/ipmiprov/kernel}}
mkdir -p "$cache"

# linux-image-amd64 is a metapackage; the versioned package it depends on
# names the kernel (linux-image-6.1.0-NN-amd64).
resolve_package() {
  apt-cache depends linux-image-amd64 2>/dev/null | awk '/Depends: linux-image-[0-9]/ { print $2; exit }'
}
package=$(resolve_package)
if [ -z "$package" ] && [ "$(id -u)" -eq 0 ]; then
  DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 || true
  package=$(resolve_package)
fi
if [ -z "$package" ]; then
  # Offline or no package lists: the newest kernel already kept will do.
  kept=$(ls -d "$cache"/linux-image-*/ 2>/dev/null | sort -V | tail -1)
  [ -n "$kept" ] && [ -f "$kept/modules.kcs" ] && { echo "${kept%/}"; exit 0; }
  echo "fetch-kernel: cannot resolve linux-image-amd64 (apt-get update?) and nothing is cached in $cache" >&2
  exit 1
fi
kept=$cache/$package
if [ -f "$kept/modules.kcs" ] && [ -f "$kept/modules.ssif" ]; then
  echo "$kept"
  exit 0
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
chmod 755 "$work"   # apt's sandbox user writes the download here
echo "fetch-kernel: downloading $package" >&2
(cd "$work" && apt-get download -q "$package" >&2)
dpkg-deb -x "$work"/"$package"_*.deb "$work/root"
version=${package#linux-image-}
moddir=$work/root/lib/modules/$version
[ -f "$work/root/boot/vmlinuz-$version" ] || { echo "fetch-kernel: no vmlinuz-$version in $package" >&2; exit 1; }

rm -rf "$kept.partial"
mkdir -p "$kept.partial/modules"
cp "$work/root/boot/vmlinuz-$version" "$kept.partial/vmlinuz"

# module_path NAME: the .ko of a module (names use - and _ alike).
module_path() {
  local pattern=${1//[-_]/[-_]}
  find "$moddir" -name "$pattern.ko*" | head -1
}
# load_order NAME: the module's dependencies (from its modinfo), then itself.
load_order() {
  local path dependency
  path=$(module_path "$1")
  [ -n "$path" ] || { echo "fetch-kernel: module $1 is not in $package" >&2; return 1; }
  for dependency in $(modinfo -F depends "$path" | tr ',' ' '); do
    load_order "$dependency"
  done
  echo "$path"
}
# KCS: ipmi_si; SSIF: ipmi_ssif on the ICH9 SMBus (i2c-i801) of QEMU's q35.
for interface in kcs ssif; do
  case $interface in
    kcs) wanted="ipmi_devintf ipmi_si" ;;
    ssif) wanted="ipmi_devintf i2c-i801 ipmi_ssif" ;;
  esac
  : >"$kept.partial/modules.$interface"
  for module in $wanted; do
    for path in $(load_order "$module"); do
      name=$(basename "$path")
      case $name in
        *.ko.xz) xz -dc "$path" >"$kept.partial/modules/${name%.xz}"; name=${name%.xz} ;;
        *.ko.zst) zstd -qdc "$path" >"$kept.partial/modules/${name%.zst}"; name=${name%.zst} ;;
        *) cp "$path" "$kept.partial/modules/" ;;
      esac
      grep -qxF "$name" "$kept.partial/modules.$interface" || echo "$name" >>"$kept.partial/modules.$interface"
    done
  done
done
rm -rf "$kept"
mv "$kept.partial" "$kept"
echo "$kept"
