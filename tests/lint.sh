#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Lint of kernel/, as TAP: checkpatch.pl --strict (from Debian's
# linux-source-6.1), sparse, kernel-doc -Wall, kernel-doc present on every
# non-static function, and a W=1 module build without warnings.
#
# Environment: KDIR (kernel build tree), O (build directory), KSRC (the
# kernel tree moat is wired into, optional).
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
: "${KDIR:?}" "${O:=build}"
n=0 failed=0
srcs=$(ls kernel/*.c kernel/*.h kernel/uapi/*.h | grep -v "\.mod\.c$")

result() {	# result DESC OUTPUT_FILE: ok if the file is empty
	n=$((n + 1))
	if [ -s "$2" ]; then
		echo "not ok $n - $1"
		sed 's/^/# /' "$2" | head -n 60
		failed=$((failed + 1))
	else
		echo "ok $n - $1"
	fi
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# checkpatch.pl and its data files, from the kernel source package
cp_dir=$O/checkpatch
if [ ! -x "$cp_dir/scripts/checkpatch.pl" ]; then
	tarball=$(ls /usr/src/linux-source-*.tar.xz 2>/dev/null | tail -n 1)
	if [ -n "$tarball" ]; then
		mkdir -p "$cp_dir"
		base=$(basename "$tarball" .tar.xz)
		tar -xJf "$tarball" -C "$cp_dir" --strip-components=1 \
			"$base/scripts/checkpatch.pl" "$base/scripts/spelling.txt" \
			"$base/scripts/const_structs.checkpatch"
	fi
fi
if [ -x "$cp_dir/scripts/checkpatch.pl" ]; then
	# shellcheck disable=SC2086
	# ENOSYS: moat returns it for exactly what checkpatch reserves it for,
	# syscall numbers a profile treats as not existing (runc's rule).
	"$cp_dir/scripts/checkpatch.pl" --strict --no-tree --terse --show-types \
		--ignore FILE_PATH_CHANGES,ENOSYS -f $srcs 2>&1 |
		grep -v -e '^total:' -e 'has no obvious style problems' \
			-e '^$' -e 'NOTE: ' > "$tmp/checkpatch" || true
else
	echo "checkpatch.pl not found: install linux-source-6.1" > "$tmp/checkpatch"
fi
result "checkpatch.pl --strict: kernel/ is clean" "$tmp/checkpatch"

# Builds for sparse and W=1 happen in a copy, not to disturb kernel/moat.ko.
tree=$top/$O/lint-tree
rm -rf "$tree" && mkdir -p "$tree" && cp -r kernel Kbuild "$tree/"
rm -f "$tree"/kernel/*.o "$tree"/kernel/*.ko "$tree"/kernel/.*.cmd

# sparse, through Kbuild (C=2 checks every file)
if command -v sparse >/dev/null; then
	make -s -C "$KDIR" M="$tree" CONFIG_SECURITY_MOAT=m C=2 CHECK=sparse \
		modules > "$tmp/sparse.all" 2>&1
	grep -E "^$tree/kernel/.*(warning|error):" "$tmp/sparse.all" > "$tmp/sparse" || true
else
	echo "sparse not installed" > "$tmp/sparse"
fi
result "sparse: kernel/ is clean" "$tmp/sparse"

# kernel-doc: well-formed comments
# shellcheck disable=SC2086
"$KDIR/scripts/kernel-doc" -none -v $srcs 2>&1 |
	grep -v -e ': info: ' -e '^[0-9]* warnings\?$' > "$tmp/kdoc"
result "kernel-doc -v: kernel/ is clean" "$tmp/kdoc"

# kernel-doc: every non-static function has one
: > "$tmp/undoc"
for f in kernel/*.c; do
	for fn in $(grep -E '^[a-z][a-z0-9_ *]*[ *](moat_[a-z0-9_]+)\(' "$f" |
		    grep -v '^static' | sed -E 's/.*[ *](moat_[a-z0-9_]+)\(.*/\1/'); do
		grep -q "^ \* $fn() - " "$f" || echo "$f: $fn() has no kernel-doc" >> "$tmp/undoc"
	done
done
result "every non-static function in kernel/ has kernel-doc" "$tmp/undoc"

# W=1 build without warnings
make -s -C "$KDIR" M="$tree" CONFIG_SECURITY_MOAT=m W=1 clean >/dev/null 2>&1
make -s -C "$KDIR" M="$tree" CONFIG_SECURITY_MOAT=m W=1 modules 2>&1 |
	grep -iE 'warning|error' > "$tmp/w1" || true
result "the module builds with W=1 and no warnings" "$tmp/w1"

# The built-in files (attach_lsm.c, inode_blob.c) are compiled only in a
# kernel tree: sparse over security/moat/ of the in-tree kernel (make
# intree), and no compiler warning in its build log.
if [ -n "${KSRC:-}" ] && [ -f "$O/intree/.config" ]; then
	make -s -C "$KSRC" O="$top/$O/intree" ARCH=x86_64 C=2 CHECK=sparse \
		security/moat/ > "$tmp/isparse.all" 2>&1
	grep -E "(warning|error):" "$tmp/isparse.all" > "$tmp/isparse" || true
	result "sparse and gcc: security/moat/ of the in-tree kernel is clean" "$tmp/isparse"
fi

echo "# lint: $((n - failed)) passed, $failed failed"
[ "$failed" -eq 0 ]
