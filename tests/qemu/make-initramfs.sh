#!/usr/bin/env bash
# make-initramfs.sh OUT.cpio.gz KERNEL_DIR PROGRAM...
# The real-kernel test guest's initramfs: busybox-static, tests/qemu/guest-init
# as /init, the IPMI modules kept by fetch-kernel.sh (KERNEL_DIR), and each
# PROGRAM (a path, or a name looked up in PATH) in /usr/bin with the shared
# libraries it needs at their host paths. Rebuilt only when an input is newer
# than OUT. Also /usr/share/misc/enterprise-numbers.txt, when the host has it.
set -euo pipefail
[ $# -ge 2 ] || { echo "usage: $0 OUT.cpio.gz KERNEL_DIR [PROGRAM...]" >&2; exit 2; }
out=$(realpath -m "$1")
kernel=$(realpath "$2")
shift 2
here=$(cd "$(dirname "$0")" && pwd)
programs=()
for program in "$@"; do
  path=$(command -v "$program" || true)
  [ -n "$path" ] || { echo "make-initramfs: no program $program" >&2; exit 1; }
  programs+=("$(realpath "$path")")
done
busybox=$(command -v busybox || true)
if [ -z "$busybox" ] || ! file -L "$busybox" | grep -q 'statically linked'; then
  echo "make-initramfs: needs a static busybox (apt-get install busybox-static)" >&2
  exit 1
fi

if [ -f "$out" ]; then
  newer=$(find "$0" "$here/guest-init" "$kernel" "${programs[@]}" -newer "$out" -print -quit)
  [ -z "$newer" ] && exit 0
fi

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root"/{bin,sbin,etc,proc,sys,dev,tmp,root,run,lib/modules,usr/bin,usr/sbin}
cp "$busybox" "$root/bin/busybox"
for applet in $("$busybox" --list); do
  [ -e "$root/bin/$applet" ] || ln -s busybox "$root/bin/$applet"
done
cp "$kernel"/modules/*.ko "$root/lib/modules/"
cp "$kernel"/modules.kcs "$kernel"/modules.ssif "$root/etc/"
cp "$here/guest-init" "$root/init"
chmod 755 "$root/init"

# Programs without their debug sections (they would triple the image), and
# every library ldd names, at the same path as on the host.
library_dirs=()
for path in "${programs[@]}"; do
  strip --strip-debug -o "$root/usr/bin/$(basename "$path")" "$path"
  if ldd "$path" >/dev/null 2>&1; then
    if ldd "$path" | grep -q 'not found'; then
      echo "make-initramfs: $path misses libraries:" >&2
      ldd "$path" >&2
      exit 1
    fi
    for library in $(ldd "$path" | grep -oE '/[^ ]+'); do
      [ -e "$root$library" ] || cp -L --parents "$library" "$root/"
      library_dirs+=("$(dirname "$library")")
    done
  fi
done
# The IANA registry that Debian's ipmitool brings: ipmitool and ipmiprov name
# manufacturers from it, in the guest as on the host.
registry=/usr/share/misc/enterprise-numbers.txt
[ -f "$registry" ] && cp --parents "$registry" "$root/"
echo "LD_LIBRARY_PATH=$(printf '%s\n' "${library_dirs[@]}" | sort -u | paste -sd:)" >"$root/etc/library-path"

mkdir -p "$(dirname "$out")"
(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc --quiet -R 0:0 | gzip -1) >"$out.partial"
mv "$out.partial" "$out"
