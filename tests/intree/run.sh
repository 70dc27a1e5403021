#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# run.sh MODE BZIMAGE APPEND
#
# The VM suites (syscall, paths, labels, workflow, escape, hostile, race)
# against an
# in-tree kernel with moat built in: MODE "intree" (make check-intree) or "debug" (make check-debug,
# the kernel with KASAN, lockdep, kmemleak, ...). APPEND holds the kernel
# parameters (lsm=...). Prints each suite's TAP; for the debug kernel, also
# one check per sanitiser that the console shows none of its reports.
# MOAT_SUITES overrides the list of suites. Exit status 0 iff everything
# passed.
set -uo pipefail

mode=$1 image=$2 append=$3
top=$(cd "$(dirname "$0")/../.." && pwd)
: "${O:=build}"
initrd=$O/initramfs.cpio.gz
timeout=1200
if [ "$mode" = debug ]; then
	export MOAT_VM_MEM=2048
	timeout=3000
fi
export MOAT_VM_APPEND=$append
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT

rc=0
for s in ${MOAT_SUITES:-syscall paths labels workflow escape hostile race}; do
	echo "# $mode kernel: $s"
	"$top/tests/vm/run-vm.sh" "$image" "$initrd" "$s" "$timeout" > "$logs/$s.log" 2>&1
	src=$?
	cat "$logs/$s.log"
	if [ "$src" -ne 0 ]; then
		rc=1
		grep -q '^MOAT-VM-END' "$logs/$s.log" ||
			echo "not ok - $mode kernel: the $s suite did not reach its end"
	fi
done

n=0
# the kernel's messages only, not the tests' own TAP lines
cat "$logs"/*.log | grep -vE '^(ok|not ok) [0-9]+ - |^#' > "$logs/console"
report() {
	n=$((n + 1))
	if grep -qE -- "$2" "$logs/console"; then
		echo "not ok - $mode kernel console: $1"
		grep -hE -B2 -A20 -- "$2" "$logs/console" | head -60 | sed 's/^/# /'
		rc=1
	else
		echo "ok - $mode kernel console: $1"
	fi
}
report "no BUG: report (KASAN, list corruption, sleeping in atomic)" 'BUG:'
report "no WARNING:" 'WARNING:'
report "no kmemleak report" 'kmemleak: .*new suspected memory leaks|unreferenced object'
report "no lockdep report" 'possible circular locking|possible recursive locking|inconsistent lock state|suspicious RCU usage'
report "no sleeping function called from invalid context" 'sleeping function called from invalid context'
report "no Oops or panic" 'Oops|Kernel panic'
exit $rc
