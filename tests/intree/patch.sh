#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# patch.sh KSRC_TAR OUTDIR
#
# make intree-patch: a git format-patch series that adds moat to a
# linux-source-6.1 tree, for a distro to carry:
#   0001 security: add the moat LSM                 (security/moat/)
#   0002 security: build moat and add it to the LSM order (Kconfig, Makefile)
# Apply with "git am" or "patch -p1" at the top of the kernel tree.
set -euo pipefail

tarball=$1 out=$2
top=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# the two files the series changes, as the tarball has them
prefix=$(basename "$tarball"); prefix=${prefix%%.tar*}
tar -xf "$tarball" -C "$work" "$prefix/security/Kconfig" "$prefix/security/Makefile"
tree=$work/$prefix
git() { command git -C "$tree" -c user.name="moat" -c user.email="moat@localhost" \
	-c commit.gpgsign=false "$@"; }
git init -q
git add -A
git commit -q -m "linux-source-6.1: security/Kconfig, security/Makefile"
base=$(git rev-parse HEAD)

ver=$(sed -n 's/^#define MOAT_VERSION[[:space:]]*"\(.*\)"/\1/p' "$top/kernel/moat.h")
"$top/tests/intree/wire.sh" --copy "$tree" >/dev/null
git add security/moat
git commit -q -F - <<MSG
security: add the moat LSM

moat confines cgroup v2 subtrees (containers) with profiles of up to
three layers: a syscall denylist with Docker's seccomp semantics, path
rules in AppArmor's profile language, and SELinux/MCS-style labels in
the security.moat xattr. Profiles are compiled in user space by moatctl
and loaded over generic netlink ("moat" family).

moat stacks with the other LSMs: it has no exclusive blob and keeps one
pointer per inode. This adds the sources (moat $ver); the next patch
builds them.
MSG
git add -A
git commit -q -F - <<MSG
security: build moat and add it to the LSM order

Adds CONFIG_SECURITY_MOAT (and its KUnit tests) to security/Kconfig,
appends "moat" to every default CONFIG_LSM order, after the existing
LSMs, and builds security/moat/.
MSG
rm -rf "$out"
mkdir -p "$out"
git format-patch -q -o "$(cd "$out" && pwd)" "$base"..HEAD
ls "$out"
