#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# check-config.sh .config FRAGMENT...
#
# Every option a fragment sets must be in the final .config as set: Kconfig
# drops what a missing dependency forbids without a word.
set -euo pipefail
cfg=$1
shift
bad=0
for frag in "$@"; do
	while IFS= read -r line; do
		case $line in CONFIG_*=*) ;; *) continue ;; esac
		grep -qxF -- "$line" "$cfg" || {
			echo "check-config.sh: $frag wants $line; .config has: $(grep -E "^(# )?${line%%=*}[= ]" "$cfg" || echo nothing)" >&2
			bad=1
		}
	done < "$frag"
done
exit $bad
