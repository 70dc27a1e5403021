#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# run-vm.sh VMLINUZ INITRD SCRIPT [TIMEOUT_SECONDS]
#
# Boots the test kernel under TCG (KVM hangs on the CI machines), runs
# /tests/SCRIPT.sh from the initramfs and prints the console, cleaned of
# terminal escapes. Exits 0 when the script reached its end, 1 otherwise.
# MOAT_VM_APPEND adds kernel parameters (lsm=...), MOAT_VM_MEM sets the
# memory in MiB (1024).
set -uo pipefail

vmlinuz=$1 initrd=$2 script=$3 timeout=${4:-900}
for f in "$vmlinuz" "$initrd"; do
	[ -r "$f" ] || { echo "run-vm.sh: cannot read $f" >&2; exit 2; }
done
command -v qemu-system-x86_64 >/dev/null ||
	{ echo "run-vm.sh: qemu-system-x86_64 missing: run tests/install-deps.sh" >&2; exit 2; }
log=$(mktemp)
trap 'rm -f "$log"' EXIT

timeout --foreground "$timeout" qemu-system-x86_64 -accel tcg -cpu max \
	-smp 2 -m "${MOAT_VM_MEM:-1024}" -nographic -no-reboot -monitor none \
	-kernel "$vmlinuz" -initrd "$initrd" \
	-append "console=ttyS0 quiet panic=-1 oops=panic syscall.x32=y ${MOAT_VM_APPEND:-} vmrun=$script" \
	</dev/null 2>&1 | tr -d '\r' | sed -u -e 's/\x1b\[[0-9;?]*[a-zA-Z]//g' -e 's/\x1bc//g' | tee "$log"
grep -q '^MOAT-VM-END rc=0' "$log"
