# SPDX-License-Identifier: GPL-2.0
#
# moat: the kernel module (kernel/, built by Kbuild) and moatctl (ctl/).
#
#   make              build moat.ko and moatctl
#   make check        unit tests, fuzzing smoke, the VM suites (module, built
#                     in, and escape/hostile/race on the debug kernel), KUnit
#                     and lint; ends "N passed, N failed" (make check-debug:
#                     every VM suite on the debug kernel)
#   make intree       moat built into Debian's linux-source-6.1 (security/moat/)
#   make demo         boot the test VM and show moat confining a container cgroup
#   make bench        benchmarks, moat against seccomp and AppArmor (BENCHMARKS.md)
#   make lint         checkpatch --strict, sparse, kernel-doc on kernel/
#   make fuzz         libFuzzer on moatctl's parsers, FUZZ_TIME seconds each
#                     (Documentation/testing.rst)
#   make install      moat.ko, moatctl, its man page and completion, the
#                     profiles in /etc/moat and moat.service (DESTDIR, PREFIX;
#                     make uninstall undoes it)
#   make dkms-source  the module's source for DKMS in /usr/src/moat-VERSION
#
# KDIR is the kernel build tree the module is built against: the installed
# Debian linux-headers-*-amd64, never the running kernel's (the host may run
# another kernel entirely). VMLINUZ is the matching kernel image for the VM.

KDIR ?= $(shell ls -d /usr/src/linux-headers-*-amd64 2>/dev/null | sort -V | tail -n 1)
KVER ?= $(patsubst linux-headers-%,%,$(notdir $(KDIR)))
VMLINUZ ?= /boot/vmlinuz-$(KVER)
O ?= build

CC ?= gcc
CFLAGS ?= -O2 -g
WARN := -Wall -Wextra -Wno-unused-parameter
PKGS := libnl-genl-3.0 json-c libseccomp
CTL_CFLAGS = $(CFLAGS) $(WARN) $(shell pkg-config --cflags $(PKGS))
CTL_LIBS = $(shell pkg-config --libs $(PKGS)) -lcap

CTL_SRCS := $(wildcard ctl/*.c)
CTL_LIB_SRCS := $(filter-out ctl/moatctl.c $(wildcard ctl/cmd_*.c),$(CTL_SRCS))
CTL_HDRS := $(wildcard ctl/*.h) kernel/uapi/moat.h
KERNEL_SRCS := $(wildcard kernel/*.c kernel/*.h kernel/uapi/*.h) kernel/Makefile Kbuild
# nr_table.c is built once per ABI, each time with that ABI's UAPI header
NR_ABIS := native i386 x32
NR_HDR_native := <sys/syscall.h>
NR_HDR_i386 := <asm/unistd_32.h>
NR_HDR_x32 := <asm/unistd_x32.h>
NR_OBJS64 := $(foreach a,$(NR_ABIS),$(O)/nr64_$(a).o)
NR_OBJS32 := $(foreach a,$(NR_ABIS),$(O)/nr32_$(a).o)
VM_PROGS := $(O)/moatctl $(O)/probe $(O)/probe32 $(O)/runas $(O)/nlbad $(O)/pathprobe \
	$(O)/pathbench $(O)/moatbench $(O)/seccomp-exec $(O)/atk $(O)/esc $(O)/nlhostile \
	$(O)/racer

.PHONY: all module ctl clean check unit vm lint demo initramfs bench intree \
	intree-debug intree-patch check-intree check-debug kunit install uninstall \
	dkms-source fuzz fuzz-build

all: module ctl

module: kernel/moat.ko

kernel/moat.ko: $(KERNEL_SRCS)
	@test -d "$(KDIR)" || { echo "no kernel headers: install linux-headers-amd64 or set KDIR" >&2; exit 1; }
	$(MAKE) -C $(KDIR) M=$(CURDIR) CONFIG_SECURITY_MOAT=m modules

ctl: ctl/moatctl

ctl/moatctl: $(CTL_SRCS) $(CTL_HDRS)
	$(CC) $(CTL_CFLAGS) -o $@ $(CTL_SRCS) $(CTL_LIBS)

$(O):
	mkdir -p $@

$(O)/moatctl: ctl/moatctl | $(O)
	cp $< $@

$(O)/nr64_%.o: tests/vm/nr_table.c tests/vm/nr_tables.h | $(O)
	$(CC) -O2 $(WARN) -c -o $@ -DNR_HEADER='$(NR_HDR_$*)' -DNR_FN=nr_$* \
		$(if $(filter x32,$*),-DNR_X32) $<

$(O)/nr32_%.o: tests/vm/nr_table.c tests/vm/nr_tables.h | $(O)
	$(CC) -m32 -O2 $(WARN) -c -o $@ -DNR_HEADER='$(NR_HDR_$*)' -DNR_FN=nr_$* \
		$(if $(filter x32,$*),-DNR_X32) $<

$(O)/probe: tests/vm/probe.c tests/vm/cgjoin.h tests/vm/nr_tables.h $(NR_OBJS64)
	$(CC) -O2 $(WARN) -static -no-pie -o $@ $< $(NR_OBJS64)

$(O)/probe32: tests/vm/probe.c tests/vm/cgjoin.h tests/vm/nr_tables.h $(NR_OBJS32)
	$(CC) -m32 -O2 $(WARN) -static -no-pie -o $@ $< $(NR_OBJS32)

$(O)/pathprobe: tests/vm/pathprobe.c | $(O)
	$(CC) -O2 $(WARN) -static -o $@ $<

$(O)/pathbench: tests/bench/pathbench.c | $(O)
	$(CC) -O2 $(WARN) -static -o $@ $<

$(O)/moatbench: tests/bench/moatbench.c | $(O)
	$(CC) -O2 $(WARN) -static -o $@ $<

# Docker's JSON as a real seccomp filter (static: json-c and libseccomp
# have static archives in Debian's -dev packages)
$(O)/seccomp-exec: tests/bench/seccomp-exec.c | $(O)
	$(CC) -O2 $(WARN) $(shell pkg-config --cflags json-c libseccomp) -static -o $@ $< \
		$(shell pkg-config --libs json-c libseccomp)

$(O)/runas: tests/vm/runas.c | $(O)
	$(CC) -O2 $(WARN) -static -o $@ $<

$(O)/atk: tests/vm/atk.c kernel/uapi/moat.h | $(O)
	$(CC) -O2 $(WARN) -static -o $@ $<

$(O)/esc: tests/vm/esc.c | $(O)
	$(CC) -O2 $(WARN) -static -o $@ $<

$(O)/racer: tests/vm/racer.c tests/vm/cgjoin.h | $(O)
	$(CC) -O2 $(WARN) -static -o $@ $<

$(O)/nlbad: tests/vm/nlbad.c kernel/uapi/moat.h | $(O)
	$(CC) $(CTL_CFLAGS) -o $@ $< $(CTL_LIBS)

# raw generic netlink, no libnl: static like the other probes
$(O)/nlhostile: tests/vm/nlhostile.c kernel/uapi/moat.h | $(O)
	$(CC) -O2 $(WARN) -static -o $@ $<

# The same sources, built as if for 6.1.83 (before the sys_enter fix):
# the VM suite checks that this module refuses to load.
$(O)/old-kernel/kernel/moat.ko: $(KERNEL_SRCS) | $(O)
	rm -rf $(O)/old-kernel && mkdir -p $(O)/old-kernel
	cp -r kernel Kbuild $(O)/old-kernel/
	rm -f $(O)/old-kernel/kernel/*.o $(O)/old-kernel/kernel/*.ko $(O)/old-kernel/kernel/.*.cmd
	$(MAKE) -C $(KDIR) M=$(CURDIR)/$(O)/old-kernel CONFIG_SECURITY_MOAT=m \
		MOAT_KERNEL_RELEASE='KERNEL_VERSION(6, 1, 83)' modules

$(O)/initramfs.cpio.gz: kernel/moat.ko $(O)/old-kernel/kernel/moat.ko $(VM_PROGS) $(wildcard tests/vm/*.sh tests/vm/init tests/vm/data/* policy/*)
	tests/vm/mkinitramfs.sh $@ $(KVER) $(O)

initramfs: $(O)/initramfs.cpio.gz

UNIT_TESTS := $(patsubst tests/unit/%.c,$(O)/%,$(wildcard tests/unit/test_*.c))

$(O)/test_%: tests/unit/test_%.c $(CTL_LIB_SRCS) $(CTL_HDRS) | $(O)
	$(CC) $(CTL_CFLAGS) -o $@ $< $(CTL_LIB_SRCS) $(CTL_LIBS) -lcmocka

unit: $(UNIT_TESTS)
	@for t in $(UNIT_TESTS); do \
		MOAT_TOP=$(CURDIR) MOAT_UNISTD64=$(KDIR)/arch/x86/include/generated/uapi/asm/unistd_64.h \
		CMOCKA_MESSAGE_OUTPUT=TAP $$t || exit 1; done

# Fuzzing (tests/fuzz/, Documentation/testing.rst): the ctl/ library built
# again with clang, ASan, UBSan and libFuzzer's coverage into $(O)/fuzz/,
# one harness per parser. make fuzz runs each for FUZZ_TIME seconds
# (tests/fuzz/run.sh: new inputs go to $(O)/fuzz/corpus/, crashes to
# $(O)/fuzz/artifacts/); it fails if any harness crashes, leaks or hangs.
FUZZ_CC ?= clang
FUZZ_TIME ?= 60
FUZZ_SAN := -fsanitize=address,undefined -fno-sanitize-recover=undefined
FUZZ_CFLAGS = -O1 -g -fno-omit-frame-pointer $(FUZZ_SAN) $(WARN) \
	$(shell pkg-config --cflags $(PKGS))
FUZZ_HARNESSES := $(patsubst tests/fuzz/fuzz_%.c,%,$(wildcard tests/fuzz/fuzz_*.c))
FUZZ_BINS := $(patsubst %,$(O)/fuzz/fuzz_%,$(FUZZ_HARNESSES))
FUZZ_LIB_OBJS := $(patsubst ctl/%.c,$(O)/fuzz/%.o,$(CTL_LIB_SRCS))
# kept: make would delete them as intermediates, and print so after make
# check's last line ("N passed, N failed")
.SECONDARY: $(FUZZ_LIB_OBJS)

$(O)/fuzz/%.o: ctl/%.c $(CTL_HDRS)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c -o $@ $<

$(O)/fuzz/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz_common.h $(FUZZ_LIB_OBJS) $(CTL_HDRS)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer \
		-DFUZZ_INCLUDE_DIR='"$(CURDIR)/tests/fuzz/apparmor.d"' \
		-o $@ $< $(FUZZ_LIB_OBJS) $(CTL_LIBS)

fuzz-build: $(FUZZ_BINS)

fuzz: $(FUZZ_BINS)
	O=$(O) tests/fuzz/run.sh $(FUZZ_TIME)

vm: $(O)/initramfs.cpio.gz
	tests/vm/run-vm.sh $(VMLINUZ) $(O)/initramfs.cpio.gz syscall
	tests/vm/run-vm.sh $(VMLINUZ) $(O)/initramfs.cpio.gz paths
	tests/vm/run-vm.sh $(VMLINUZ) $(O)/initramfs.cpio.gz labels
	tests/vm/run-vm.sh $(VMLINUZ) $(O)/initramfs.cpio.gz workflow
	tests/vm/run-vm.sh $(VMLINUZ) $(O)/initramfs.cpio.gz run-hook 900
	tests/vm/run-vm.sh $(VMLINUZ) $(O)/initramfs.cpio.gz escape 1200
	tests/vm/run-vm.sh $(VMLINUZ) $(O)/initramfs.cpio.gz hostile 1200
	tests/vm/run-vm.sh $(VMLINUZ) $(O)/initramfs.cpio.gz race 900

demo: all $(O)/initramfs.cpio.gz
	@tests/vm/run-vm.sh $(VMLINUZ) $(O)/initramfs.cpio.gz demo 300 > $(O)/demo.log; rc=$$?; \
		sed -n '/MOAT-VM-START/,/MOAT-VM-END/{s/.*\(MOAT-VM-START\)/\1/;/^\[ *[0-9]*\.[0-9]*\] /d;p}' $(O)/demo.log; \
		[ $$rc -eq 0 ] || { echo "demo failed (exit $$rc); the whole console is in $(O)/demo.log" >&2; exit $$rc; }

# Benchmarks (not tests): numbers, no pass/fail thresholds.
$(O)/dfabench: tests/bench/dfabench.c $(CTL_LIB_SRCS) $(CTL_HDRS) | $(O)
	$(CC) $(CTL_CFLAGS) -o $@ $< $(CTL_LIB_SRCS) $(CTL_LIBS)

# make bench: the path check per byte (dfabench on the host, bench-paths in
# the VM), then moat against seccomp and AppArmor (tests/vm/bench.sh, full
# mode). $(O)/bench.txt: every figure, one a line ("PATHS" lines: the path
# check's); $(O)/bench.md: the tables for BENCHMARKS.md (tests/bench/table.sh
# --update BENCHMARKS.md $(O)/bench.txt puts them in); the consoles are in
# $(O)/bench-paths.log and $(O)/bench.log.
bench: all $(O)/initramfs.cpio.gz $(O)/dfabench
	$(O)/dfabench policy/docker-default.apparmor 2>/dev/null | tee $(O)/bench-dfa.out
	@tests/vm/run-vm.sh $(VMLINUZ) $(O)/initramfs.cpio.gz bench-paths 1800 > $(O)/bench-paths.log; rc=$$?; \
		grep -E '^(# |unconfined |moat |labels |apparmor )' $(O)/bench-paths.log | tee $(O)/bench-paths.out; \
		[ $$rc -eq 0 ] || { echo "bench-paths failed (exit $$rc): see $(O)/bench-paths.log" >&2; exit $$rc; }
	@echo "moat against seccomp and AppArmor (tests/vm/bench.sh, about 13 minutes)..."
	@MOAT_VM_APPEND=moatbench=full tests/vm/run-vm.sh $(VMLINUZ) $(O)/initramfs.cpio.gz bench 5400 > $(O)/bench.log; rc=$$?; \
		{ sed -n '/^BENCH-BEGIN/,/^BENCH-END/{/^BENCH-/d;/^\[ *[0-9]*\.[0-9]*\] /d;p}' $(O)/bench.log; \
		  sed 's/^/PATHS dfabench: /' $(O)/bench-dfa.out; sed 's/^/PATHS bench-paths: /' $(O)/bench-paths.out; \
		} > $(O)/bench.txt; \
		tests/bench/table.sh $(O)/bench.txt > $(O)/bench.md && cat $(O)/bench.md; \
		grep -E '^(not ok|# vm:)' $(O)/bench.log; \
		[ $$rc -eq 0 ] || { echo "bench failed (exit $$rc): see $(O)/bench.log" >&2; exit $$rc; }

# In-tree: moat as a built-in LSM (security/moat/) of Debian's 6.1 source.
# KSRC is a kernel tree to wire moat into; by default Debian's
# linux-source-6.1, unpacked under $(O). Each kernel builds in its own
# object directory, so one tree serves all three (test, debug, KUnit).
KSRC_TAR ?= $(shell ls /usr/src/linux-source-6.1.tar.* 2>/dev/null | head -n 1)
KSRC ?= $(O)/linux-source-6.1
KJOBS ?= $(shell nproc)
INTREE_OBJ := $(O)/intree
DEBUG_OBJ := $(O)/intree-debug
INTREE_IMAGE := $(INTREE_OBJ)/arch/x86/boot/bzImage
DEBUG_IMAGE := $(DEBUG_OBJ)/arch/x86/boot/bzImage

$(KSRC)/Makefile: | $(O)
	@test -n "$(KSRC_TAR)" || { echo "no /usr/src/linux-source-6.1.tar.*: apt-get install linux-source-6.1, or set KSRC" >&2; exit 1; }
	tar -xf $(KSRC_TAR) -C $(dir $(KSRC))
	touch $@

$(KSRC)/security/moat/.moat-wired: $(KSRC)/Makefile tests/intree/wire.sh $(wildcard kernel/*.c kernel/*.h)
	tests/intree/wire.sh $(KSRC)

# $(1): object directory, $(2): config fragments on top of tinyconfig
define intree_kernel
	mkdir -p $(1)
	$(MAKE) -C $(KSRC) O=$(CURDIR)/$(1) ARCH=x86_64 tinyconfig >/dev/null
	cd $(KSRC) && scripts/kconfig/merge_config.sh -m -O $(CURDIR)/$(1) $(CURDIR)/$(1)/.config $(foreach f,$(2),$(CURDIR)/$(f)) >/dev/null
	$(MAKE) -C $(KSRC) O=$(CURDIR)/$(1) ARCH=x86_64 olddefconfig >/dev/null
	tests/intree/check-config.sh $(1)/.config $(2)
	$(MAKE) -C $(KSRC) O=$(CURDIR)/$(1) ARCH=x86_64 -j$(KJOBS) bzImage
endef

$(INTREE_IMAGE): $(KSRC)/security/moat/.moat-wired tests/intree/vm.config $(KERNEL_SRCS) kernel/Kconfig
	$(call intree_kernel,$(INTREE_OBJ),tests/intree/vm.config)

$(DEBUG_IMAGE): $(KSRC)/security/moat/.moat-wired tests/intree/vm.config tests/intree/debug.config $(KERNEL_SRCS) kernel/Kconfig
	$(call intree_kernel,$(DEBUG_OBJ),tests/intree/vm.config tests/intree/debug.config)

intree: $(INTREE_IMAGE)

intree-debug: $(DEBUG_IMAGE)

intree-patch: | $(O)
	@test -n "$(KSRC_TAR)" || { echo "no /usr/src/linux-source-6.1.tar.*: apt-get install linux-source-6.1" >&2; exit 1; }
	tests/intree/patch.sh $(KSRC_TAR) $(O)/intree-patch

# The VM suite against the built-in LSM, with AppArmor stacked.
INTREE_APPEND := lsm=landlock,lockdown,yama,integrity,apparmor,moat

check-intree: $(INTREE_IMAGE) $(O)/initramfs.cpio.gz
	KDIR=$(KDIR) O=$(O) tests/intree/run.sh intree $(INTREE_IMAGE) "$(INTREE_APPEND)"

check-debug: $(DEBUG_IMAGE) $(O)/initramfs.cpio.gz
	KDIR=$(KDIR) O=$(O) tests/intree/run.sh debug $(DEBUG_IMAGE) "$(INTREE_APPEND)"

# KUnit on user-mode Linux: kunit.py builds and runs kernel/.kunitconfig.
kunit: $(KSRC)/security/moat/.moat-wired
	tests/intree/kunit.sh $(KSRC) $(O)/kunit

lint: module
	KDIR=$(KDIR) O=$(O) KSRC=$(KSRC) tests/lint.sh

check: all $(UNIT_TESTS) $(FUZZ_BINS) $(O)/initramfs.cpio.gz $(INTREE_IMAGE) $(DEBUG_IMAGE)
	KDIR=$(KDIR) VMLINUZ=$(VMLINUZ) O=$(O) KSRC=$(KSRC) INTREE_IMAGE=$(INTREE_IMAGE) \
		INTREE_APPEND="$(INTREE_APPEND)" DEBUG_IMAGE=$(DEBUG_IMAGE) tests/run.sh

# Installing on a host (Documentation/admin-guide.rst, "Installing on a
# host"). DESTDIR stages the whole tree (a package build); PREFIX places
# moatctl, its man page, the boot script and the unit; the module, /etc/moat
# and the bash completion go where kmod, the admin and bash-completion look
# for them, whatever PREFIX is. install depends on the built files, never on
# "all": run as root after "make", it installs what was built and rebuilds
# nothing that is up to date.
DESTDIR ?=
PREFIX ?= /usr/local
SBINDIR := $(PREFIX)/sbin
MAN8DIR := $(PREFIX)/share/man/man8
LIBEXECDIR := $(PREFIX)/libexec/moat
UNITDIR := $(PREFIX)/lib/systemd/system
MODDIR := /lib/modules/$(KVER)/extra
PROFILEDIR := /etc/moat/profiles
BASHCOMPDIR := /usr/share/bash-completion/completions
PROFILES := policy/docker-default.json policy/docker-default.apparmor
# for the completion of derive --allow-syscall: the headers' x86_64 syscalls
UNISTD64 := $(KDIR)/arch/x86/include/generated/uapi/asm/unistd_64.h
MOAT_VERSION := $(shell sed -n 's/^\#define MOAT_VERSION[[:space:]]*"\(.*\)"/\1/p' kernel/moat.h)
DKMS_FILES := dkms.conf Kbuild kernel/Makefile kernel/Kconfig \
	$(filter-out %.mod.c,$(wildcard kernel/*.c)) $(wildcard kernel/*.h kernel/uapi/*.h)

install: kernel/moat.ko ctl/moatctl ctl/moatctl.8 packaging/moat.service.in \
		packaging/moat-load-profiles packaging/moatctl.bash-completion $(PROFILES)
	install -d $(DESTDIR)$(MODDIR) $(DESTDIR)$(SBINDIR) $(DESTDIR)$(MAN8DIR) \
		$(DESTDIR)$(LIBEXECDIR) $(DESTDIR)$(UNITDIR) $(DESTDIR)$(PROFILEDIR) \
		$(DESTDIR)$(BASHCOMPDIR)
	install -m 644 kernel/moat.ko $(DESTDIR)$(MODDIR)/moat.ko
	install -m 755 ctl/moatctl $(DESTDIR)$(SBINDIR)/moatctl
	install -m 644 ctl/moatctl.8 $(DESTDIR)$(MAN8DIR)/moatctl.8
	install -m 755 packaging/moat-load-profiles $(DESTDIR)$(LIBEXECDIR)/moat-load-profiles
	sed -e 's|@SBINDIR@|$(SBINDIR)|g' -e 's|@LIBEXECDIR@|$(LIBEXECDIR)|g' \
		packaging/moat.service.in > $(DESTDIR)$(UNITDIR)/moat.service
	chmod 644 $(DESTDIR)$(UNITDIR)/moat.service
	sed -e "s|@SYSCALLS@|$$(sed -n 's/^#define __NR_\([a-z0-9_]*\) .*/\1/p' $(UNISTD64) | sort | tr '\n' ' ')|" \
		packaging/moatctl.bash-completion > $(DESTDIR)$(BASHCOMPDIR)/moatctl
	chmod 644 $(DESTDIR)$(BASHCOMPDIR)/moatctl
	@# the profiles are configuration: one the admin changed is kept
	@for f in $(PROFILES); do \
		d=$(DESTDIR)$(PROFILEDIR)/$${f##*/}; \
		if [ ! -e $$d ] || cmp -s $$f $$d; then \
			echo "install -m 644 $$f $$d"; install -m 644 $$f $$d || exit 1; \
		else \
			echo "keeping $$d (changed; the shipped one is $$f)"; \
		fi; \
	done
	@# in a staging DESTDIR depmod may fail (no modules.builtin, ...): a
	@# package runs it on the host; a real install must succeed
	$(if $(DESTDIR),depmod -b $(DESTDIR) $(KVER) || echo "depmod -b $(DESTDIR) failed; run depmod $(KVER) on the host" >&2,depmod $(KVER))

# Removes what install put there (profiles only if unchanged), and the
# directories it made if they are left empty.
uninstall:
	rm -f $(DESTDIR)$(MODDIR)/moat.ko $(DESTDIR)$(SBINDIR)/moatctl \
		$(DESTDIR)$(MAN8DIR)/moatctl.8 $(DESTDIR)$(LIBEXECDIR)/moat-load-profiles \
		$(DESTDIR)$(UNITDIR)/moat.service $(DESTDIR)$(BASHCOMPDIR)/moatctl
	@for f in $(PROFILES); do \
		d=$(DESTDIR)$(PROFILEDIR)/$${f##*/}; \
		if cmp -s $$f $$d; then echo "rm -f $$d"; rm -f $$d; \
		elif [ -e $$d ]; then echo "keeping $$d (changed)"; fi; \
	done
	@for d in $(DESTDIR)$(LIBEXECDIR) $(DESTDIR)$(PROFILEDIR) $(DESTDIR)/etc/moat \
		$(DESTDIR)$(MODDIR); do rmdir $$d 2>/dev/null || true; done
	$(if $(DESTDIR),depmod -b $(DESTDIR) $(KVER) || true,depmod $(KVER))

# DKMS (dkms.conf): the sources it builds from, nothing built. Then, as
# root: dkms install moat/$(MOAT_VERSION)
dkms-source: $(DKMS_FILES)
	@grep -q '^PACKAGE_VERSION="$(MOAT_VERSION)"$$' dkms.conf || \
		{ echo "dkms.conf: PACKAGE_VERSION is not $(MOAT_VERSION) (kernel/moat.h)" >&2; exit 1; }
	rm -rf $(DESTDIR)/usr/src/moat-$(MOAT_VERSION)
	install -d $(DESTDIR)/usr/src/moat-$(MOAT_VERSION)/kernel/uapi
	install -m 644 dkms.conf Kbuild $(DESTDIR)/usr/src/moat-$(MOAT_VERSION)/
	install -m 644 kernel/Makefile kernel/Kconfig $(filter-out %.mod.c,$(wildcard kernel/*.c)) $(wildcard kernel/*.h) \
		$(DESTDIR)/usr/src/moat-$(MOAT_VERSION)/kernel/
	install -m 644 $(wildcard kernel/uapi/*.h) $(DESTDIR)/usr/src/moat-$(MOAT_VERSION)/kernel/uapi/

clean:
	$(MAKE) -C $(KDIR) M=$(CURDIR) CONFIG_SECURITY_MOAT=m clean 2>/dev/null || true
	rm -rf $(O) ctl/moatctl
