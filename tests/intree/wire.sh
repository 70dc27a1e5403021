#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# wire.sh [--copy] KSRC
#
# Wires moat into the kernel tree KSRC as security/moat/ (make intree):
# security/moat/ gets a symbolic link to each source file of kernel/ (so
# the tree builds this checkout's sources, and never picks up an object
# of the module build), security/Kconfig sources its Kconfig and appends
# "moat" to every default LSM order, and security/Makefile descends into
# it. Running it again changes nothing. With --copy, the files are copied
# instead (make intree-patch, for a patch series).
set -euo pipefail

link="ln -s"
if [ "${1:-}" = --copy ]; then
	link="cp"
	shift
fi
ksrc=$(cd "$1" && pwd)
top=$(cd "$(dirname "$0")/../.." && pwd)
[ -f "$ksrc/security/Kconfig" ] && [ -f "$ksrc/security/Makefile" ] ||
	{ echo "wire.sh: $ksrc is not a kernel tree" >&2; exit 1; }

dst=$ksrc/security/moat
if [ -e "$dst" ] && [ ! -e "$dst/.moat-wired" ]; then
	echo "wire.sh: $dst exists and was not made by wire.sh" >&2
	exit 1
fi
rm -rf "$dst"
mkdir -p "$dst/uapi"
for f in "$top"/kernel/*.c "$top"/kernel/*.h "$top"/kernel/Makefile \
	 "$top"/kernel/Kconfig "$top"/kernel/.kunitconfig; do
	case $f in *.mod.c) continue ;; esac
	$link "$f" "$dst/$(basename "$f")"
done
for f in "$top"/kernel/uapi/*.h; do
	$link "$f" "$dst/uapi/$(basename "$f")"
done
[ "$link" = cp ] || echo "$top" > "$dst/.moat-wired"

kconfig=$ksrc/security/Kconfig
if ! grep -q '^source "security/moat/Kconfig"' "$kconfig"; then
	sed -i '/^source "security\/landlock\/Kconfig"/a source "security/moat/Kconfig"' "$kconfig"
	grep -q '^source "security/moat/Kconfig"' "$kconfig" ||
		{ echo "wire.sh: no landlock line in $kconfig to follow" >&2; exit 1; }
fi
# every default of "config LSM" ends with moat
sed -i '/^config LSM$/,/^[[:space:]]*help/{/^[[:space:]]*default "/{/[",]moat[",]/!s/^\([[:space:]]*default "[^"]*\)"/\1,moat"/}}' "$kconfig"

mk=$ksrc/security/Makefile
if ! grep -q 'CONFIG_SECURITY_MOAT' "$mk"; then
	sed -i '/^obj-$(CONFIG_SECURITY_LANDLOCK)/a obj-$(CONFIG_SECURITY_MOAT)\t\t+= moat/' "$mk"
	grep -q 'CONFIG_SECURITY_MOAT' "$mk" ||
		{ echo "wire.sh: no landlock line in $mk to follow" >&2; exit 1; }
fi
echo "moat wired into $ksrc as security/moat/"
