#!/usr/bin/env bash
# The Debian packages, built and installed for real (ctest -L package; a
# Release build configured with -DCMAKE_INSTALL_PREFIX=/usr): `cpack -G DEB`,
# then `dpkg -i` of every package into an empty root, with the maintainer
# scripts run outside a chroot (--force-script-chrootless: they honour
# DPKG_ROOT and touch only that tree), then the installed programs, files
# and metadata checked. The running system is not changed.
#   tests/package/check-packages.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=$1 source=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() {
    echo "check-packages: $*" >&2
    exit 1
}

(cd "$build" && cpack -G DEB -B "$work/debs" >"$work/cpack.log" 2>&1) || {
    cat "$work/cpack.log" >&2
    fail "cpack -G DEB failed"
}
arch=$(dpkg --print-architecture)
declare -A deb
for package in ipmiprov ipmiprovd libipmiprov1 libipmiprov-dev ipmiprov-cmpi; do
    deb[$package]=$(ls "$work"/debs/"${package}"_*_"$arch".deb 2>/dev/null || true)
    [[ -f ${deb[$package]} ]] || fail "no package $package in $(ls "$work/debs")"
done
version=$(dpkg-deb -f "${deb[ipmiprov]}" Version)

# Lintian, Debian's checker, has nothing to say but what the project cannot
# settle itself: the maintainer address (a distributor's: -DCPACK_PACKAGE_CONTACT),
# the copyright notice (no licence is stated yet), and CPack's own ldconfig
# calls beside our trigger.
lintian --fail-on error,warning --suppress-tags \
    bogus-mail-host,bogus-mail-host-in-debian-changelog,copyright-without-copyright-notice,maintscript-calls-ldconfig \
    "${deb[@]}" >"$work/lintian.log" 2>&1 || fail "lintian: $(grep -E '^[EW]:' "$work/lintian.log")"

# An empty root: dpkg's database, and the group file the postinst adds to.
root=$work/root
mkdir -p "$root/var/lib/dpkg/info" "$root/var/lib/dpkg/updates" "$root/var/lib/dpkg/triggers" "$root/etc"
touch "$root/var/lib/dpkg/status" "$root/var/lib/dpkg/available"
printf 'root:x:0:0:root:/root:/bin/sh\n' >"$root/etc/passwd"
printf 'root:x:0:\n' >"$root/etc/group"
printf 'root:*::\n' >"$root/etc/gshadow"
dpkg_root=(dpkg --root="$root" --log=/dev/null --force-script-chrootless --force-not-root)
# Their library dependencies (libc6, Boost, ...) are not in the empty root.
"${dpkg_root[@]}" --force-depends -i "${deb[@]}" >"$work/dpkg.log" 2>&1 || {
    cat "$work/dpkg.log" >&2
    fail "dpkg -i failed"
}
status=$(dpkg-query --admindir="$root/var/lib/dpkg" -W -f='${Package} ${Status}\n')
[[ $(grep -c ' install ok installed$' <<<"$status") == 5 ]] || fail "not all installed: $status"

# The CLI runs from the tree, on the simulated BMC.
libdir=$(dirname "$(cd "$root" && find usr/lib -name 'libipmiprov.so.1' | head -1)")
[[ $libdir == usr/lib/* ]] || fail "libipmiprov.so.1 not installed"
sensors=$(LD_LIBRARY_PATH=$root/$libdir "$root/usr/bin/ipmiprov" --sim builtin sensors)
grep -q 'CPU Temp' <<<"$sensors" || fail "ipmiprov --sim builtin sensors: $sensors"
daemon_help=$("$root/usr/sbin/ipmiprovd" --help)
grep -q -- --socket <<<"$daemon_help" || fail "ipmiprovd --help: $daemon_help"

# The daemon's package: its conffile, its group, its unit.
conffiles=$(dpkg-query --admindir="$root/var/lib/dpkg" -W -f='${Conffiles}' ipmiprovd)
grep -q '^ /etc/ipmiprov/ipmiprovd.conf ' <<<"$conffiles" || fail "conffiles: '$conffiles'"
grep -qx 'read-group = ipmiprov *# besides root, who may read' "$root/etc/ipmiprov/ipmiprovd.conf" ||
    fail "ipmiprovd.conf does not name the read group"
grep -q '^ipmiprov:x:' "$root/etc/group" || fail "the postinst did not create the group ipmiprov"
unit=$root/usr/lib/systemd/system/ipmiprovd.service
exec_start=$(sed -n 's/^ExecStart=//p' "$unit")
[[ -x $root/${exec_start%% *} ]] || fail "ExecStart $exec_start is not installed"
! grep -q '^Condition' "$unit" || fail "the unit has a condition: $(grep '^Condition' "$unit")"
grep -q '^Documentation=man:ipmiprovd(8)' "$unit" || fail "Documentation= of the unit"
for doc in $(sed -n 's/^Documentation=//p' "$unit" "$root/usr/lib/systemd/system/ipmiprov-os-events.service"); do
    case $doc in
    file:*) [[ -f $root/${doc#file:} ]] || fail "Documentation $doc is not installed" ;;
    man:*)
        page=${doc#man:} name=${page%%(*} section=${page#*(}
        section=${section%)}
        [[ -f $root/usr/share/man/man$section/$name.$section.gz ]] || fail "Documentation $doc is not installed"
        ;;
    esac
done

# Manual pages: gzip -9n, and groff has nothing to warn about.
for page in man1/ipmiprov.1 man8/ipmiprovd.8 man5/ipmiprovd.conf.5; do
    file=$root/usr/share/man/$page.gz
    [[ -f $file ]] || fail "$page.gz is not installed"
    warnings=$(zcat "$file" | groff -man -Tutf8 -ww -z 2>&1)
    [[ -z $warnings ]] || fail "groff warns about $page: $warnings"
    grep -q '^NAME' <<<"$(MANWIDTH=80 man -l "$file" 2>/dev/null)" || fail "man -l $page shows no NAME"
done
zcat "$root/usr/share/man/man1/ipmiprov.1.gz" | grep -q 'sdr names' || fail "ipmiprov(1) lacks sdr names"

# The library for a C program: pkg-config into the tree, header, link.
export PKG_CONFIG_SYSROOT_DIR=$root PKG_CONFIG_LIBDIR=$root/$libdir/pkgconfig
flags=$(pkg-config --cflags --libs ipmiprov) || fail "pkg-config ipmiprov"
[[ $flags == *"-I$root/usr/include"* && $flags == *-lipmiprov* ]] || fail "pkg-config gave '$flags'"
printf '#include <ipmiprov/provider.h>\nint main(void) { return 0; }\n' >"$work/host.c"
# shellcheck disable=SC2086
cc -o "$work/host" "$work/host.c" $flags || fail "a C program does not build with pkg-config's flags"
[[ -L $root/$libdir/libipmiprov.so ]] || fail "no libipmiprov.so link"
grep -q 'libipmiprov\.so$' <<<"$(dpkg-deb -c "${deb[libipmiprov1]}")" && fail "libipmiprov1 has the .so link"
[[ $(dpkg-deb -f "${deb[ipmiprov-cmpi]}" Depends) == *"libipmiprov1 (= $version)"* ]] ||
    fail "ipmiprov-cmpi does not depend on libipmiprov1 (= $version)"
[[ $(dpkg-deb -f "${deb[ipmiprovd]}" Depends) == *"ipmiprov (= $version)"* ]] || fail "ipmiprovd's Depends"
[[ -f $root/$libdir/cmpi/libipmiprov_cmpi.so && -f $root/usr/share/ipmiprov/cim-schemas/sfcb/ipmiprov.reg ]] ||
    fail "the CMPI adapter or its registration is not installed"
# The alert rules with the daemon, as Prometheus reads them (promtool: tools/dev/install-deps.sh).
promtool check rules "$root/usr/share/ipmiprov/prometheus/ipmiprov-alerts.yml" >"$work/rules.log" 2>&1 ||
    fail "the installed alert rules: $(cat "$work/rules.log")"
for package in "${!deb[@]}"; do
    [[ -f $root/usr/share/doc/$package/copyright && -f $root/usr/share/doc/$package/changelog.gz ]] ||
        fail "$package has no copyright or changelog.gz"
done

# The completion as installed, with the installed program.
LD_LIBRARY_PATH=$root/$libdir "$source/tests/package/completion-test.sh" \
    "$root/usr/share/bash-completion/completions/ipmiprov" "$root/usr/bin/ipmiprov"

# Purge: the conffile goes, the postrm runs in the tree.
# What the daemon kept: its store goes with a purge, its SEL archives stay.
mkdir -p "$root/var/lib/ipmiprov/sel-archive" "$root/var/cache/ipmiprov"
touch "$root/var/lib/ipmiprov/snapshots.json" "$root/var/lib/ipmiprov/sel-archive/sel-1.bin"
"${dpkg_root[@]}" --force-depends --purge ipmiprovd ipmiprov-cmpi libipmiprov-dev >"$work/purge.log" 2>&1 || {
    cat "$work/purge.log" >&2
    fail "dpkg --purge failed"
}
[[ ! -e $root/etc/ipmiprov/ipmiprovd.conf ]] || fail "the conffile outlived a purge"
[[ ! -e $root/var/lib/ipmiprov/snapshots.json && ! -e $root/var/cache/ipmiprov ]] ||
    fail "the daemon's store or cache outlived a purge"
[[ -f $root/var/lib/ipmiprov/sel-archive/sel-1.bin ]] || fail "a purge deleted the SEL archives"
echo "check-packages: 5 packages built, installed into an empty root, checked and purged"
