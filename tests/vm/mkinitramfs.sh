#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# mkinitramfs.sh OUT.cpio.gz KVER BUILD_DIR
#
# Builds the test VM's initramfs: busybox for the shell, kmod (insmod,
# modprobe, rmmod, depmod), moatctl and apparmor_parser with their shared
# libraries, /etc/apparmor.d's abi, tunables and abstractions, the
# static test programs, moat.ko under /lib/modules/KVER/extra, the kernel's
# own vsock and af_alg modules (so that "allowed" socket families really
# work unconfined), policy/ and the VM test scripts.
set -euo pipefail

out=$1 kver=$2 build=$3
top=$(cd "$(dirname "$0")/../.." && pwd)
stage=$(mktemp -d)
chmod 0755 "$stage"
trap 'rm -rf "$stage"' EXIT

mkdir -p "$stage"/{bin,sbin,usr/bin,usr/sbin,lib,lib64,proc,sys,dev,tmp,mnt,run,etc,tests,policy}
mkdir -p "$stage/lib/modules/$kver/extra"

# A binary and the shared libraries it loads, at their own paths.
install_bin() {
	local src=$1 dst=$2 lib
	install -D -m 0755 "$src" "$stage$dst"
	for lib in $(ldd "$src" 2>/dev/null | grep -o '/[^ ]*' || true); do
		[ -e "$stage$lib" ] || install -D -m 0755 "$lib" "$stage$lib"
	done
}

install -m 0755 /bin/busybox "$stage/bin/busybox"
install_bin /usr/bin/kmod /usr/bin/kmod
for t in insmod rmmod modprobe depmod lsmod modinfo; do
	ln -s ../bin/kmod "$stage/usr/sbin/$t"
done
ln -s ../usr/bin/kmod "$stage/sbin/modprobe"	# the kernel's modprobe_path
install_bin "$build/moatctl" /usr/sbin/moatctl
for t in probe probe32 runas nlbad nlhostile pathprobe pathbench moatbench seccomp-exec atk esc racer; do
	install_bin "$build/$t" "/usr/bin/$t"
done

install -m 0644 "$top/kernel/moat.ko" "$stage/lib/modules/$kver/extra/moat.ko"
install -D -m 0644 "$build/old-kernel/kernel/moat.ko" "$stage/root/moat-6.1.83.ko"
for m in net/vmw_vsock/vsock.ko crypto/af_alg.ko crypto/algif_hash.ko; do
	src=/lib/modules/$kver/kernel/$m
	[ -e "$src" ] || src=$src.xz
	[ -e "$src" ] && install -D -m 0644 "$src" "$stage/lib/modules/$kver/kernel/$m${src##*.ko}"
done
cp /lib/modules/"$kver"/modules.{order,builtin,builtin.modinfo} "$stage/lib/modules/$kver/" 2>/dev/null || true

cp "$top"/policy/*.json "$top"/policy/*.apparmor "$stage/policy/"
# AppArmor's own parser and the files profiles include: the path layer's
# includes, and the differential test that loads the same profile into
# AppArmor.
install_bin /usr/sbin/apparmor_parser /usr/sbin/apparmor_parser
mkdir -p "$stage/etc/apparmor.d" "$stage/etc/apparmor"
for d in abi tunables abstractions; do
	cp -r "/etc/apparmor.d/$d" "$stage/etc/apparmor.d/"
done
[ -e /etc/apparmor/parser.conf ] && cp /etc/apparmor/parser.conf "$stage/etc/apparmor/"
# Debian pins the policy ABI apparmor_parser compiles for (parser.conf)
[ -d /usr/share/apparmor-features ] && mkdir -p "$stage/usr/share" &&
	cp -r /usr/share/apparmor-features "$stage/usr/share/"
cp "$top"/tests/vm/*.sh "$stage/tests/"
cp -r "$top"/tests/vm/data "$stage/tests/data"
install -m 0755 "$top/tests/vm/init" "$stage/init"
echo 'root:x:0:0:root:/root:/bin/sh' > "$stage/etc/passwd"
echo 'nobody:x:1000:1000:nobody:/:/bin/sh' >> "$stage/etc/passwd"

(cd "$stage" && find . | cpio -o -H newc --quiet | gzip -1) > "$out"
