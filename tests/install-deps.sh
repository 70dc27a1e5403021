#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Installs what building and testing moat needs on Debian 12, with apt-get:
# the test kernel (linux-image-amd64) and its headers, qemu, busybox, the
# libraries moatctl links (libnl-3, libseccomp, json-c, libcap), cmocka,
# gcc-multilib for the 32-bit probe, sparse and linux-source-6.1 for lint
# and for the in-tree kernels (with flex, bison, bc, libelf and python3 for
# the kernel build and kunit.py), and apparmor (apparmor_parser and /etc/apparmor.d: the includes of
# AppArmor-syntax profiles, and the differential test against AppArmor);
# for tests/install.sh (make install, DKMS, the unit, the completion, the
# man page): dkms, systemd (systemd-analyze), bash-completion, groff-base
# and man-db (the man page lint), util-linux (setpriv: dkms runs
# unprivileged); for the fuzz harnesses (tests/fuzz/, make fuzz): clang
# and libclang-rt-14-dev (libFuzzer and the sanitizers' runtimes).
set -euo pipefail

sudo=
[ "$(id -u)" -eq 0 ] || sudo=sudo
export DEBIAN_FRONTEND=noninteractive

$sudo apt-get update
$sudo apt-get install -y --no-install-recommends \
	make gcc libc6-dev gcc-multilib pkg-config \
	linux-image-amd64 linux-headers-amd64 kmod \
	qemu-system-x86 busybox-static cpio gzip \
	libnl-3-dev libnl-genl-3-dev libseccomp-dev libjson-c-dev libcap-dev \
	libcmocka-dev \
	sparse linux-source-6.1 xz-utils perl apparmor \
	flex bison bc libelf-dev libssl-dev python3 \
	dkms systemd bash-completion groff-base man-db util-linux \
	clang libclang-rt-14-dev
