#!/usr/bin/env bash
# boot-guest.sh kcs|ssif BMC_PORT INITRAMFS SCRIPT WORKDIR
# Boots Debian's kernel (fetch-kernel.sh) under QEMU's software emulation with
# an IPMI BMC device that ipmi_sim serves on TCP 127.0.0.1:BMC_PORT (its
# `serial 15 ... codec VM` line; it must listen before this starts, or the
# driver finds no BMC), on KCS or SSIF, and runs SCRIPT as the guest's
# /test.sh (guest-init). The console (the guest's output) is this script's
# stdout; the guest powers off when SCRIPT ends. WORKDIR holds the initrd.
# KERNEL_DIR overrides the kernel directory.
set -euo pipefail
[ $# -eq 5 ] || { echo "usage: $0 kcs|ssif BMC_PORT INITRAMFS SCRIPT WORKDIR" >&2; exit 2; }
interface=$1 port=$2 initramfs=$3 script=$4 work=$5
here=$(cd "$(dirname "$0")" && pwd)
kernel=${KERNEL_DIR:-$("$here/fetch-kernel.sh")}
# KCS on the ISA bus of the pc machine; SSIF on the ICH9 SMBus of q35, whose
# device needs an I2C address (with 0 the kernel finds no interface).
case $interface in
  kcs) machine=pc device=isa-ipmi-kcs,bmc=bmc0 ;;
  ssif) machine=q35 device=smbus-ipmi,bmc=bmc0,address=0x10 ;;
  *) echo "boot-guest: the interface is kcs or ssif, not $interface" >&2; exit 2 ;;
esac
# The script travels as a second archive after the initramfs: the kernel
# unpacks both. An uncompressed archive must start 4-byte aligned.
mkdir -p "$work/script"
cp "$script" "$work/script/test.sh"
chmod 755 "$work/script/test.sh"
cp "$initramfs" "$work/initrd"
head -c $(((4 - $(stat -c %s "$work/initrd") % 4) % 4)) /dev/zero >>"$work/initrd"
(cd "$work/script" && echo test.sh | cpio -o -H newc --quiet -R 0:0) >>"$work/initrd"
# No network, no reboot: a panic or the guest's poweroff ends QEMU.
exec qemu-system-x86_64 -machine "$machine,accel=tcg" -m 512 -smp 1 \
  -nographic -no-reboot -nic none \
  -kernel "$kernel/vmlinuz" -initrd "$work/initrd" \
  -append "console=ttyS0 loglevel=3 panic=-1 waitdev=60 iface=$interface" \
  -chardev "socket,id=bmc,host=127.0.0.1,port=$port,reconnect=10" \
  -device ipmi-bmc-extern,chardev=bmc,id=bmc0 -device "$device" </dev/null
