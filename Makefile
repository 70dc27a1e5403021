# SPDX-License-Identifier: GPL-2.0
#
# moat: the kernel module (kernel/, built by Kbuild) and moatctl (ctl/).
#
#   make              build moat.ko and moatctl
#   make check        unit tests, the VM suite and lint; ends "N passed, N failed"
#   make demo         boot the test VM and show moat confining a container cgroup
#   make lint         checkpatch --strict, sparse, kernel-doc on kernel/
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
	$(O)/pathbench

.PHONY: all module ctl clean check unit vm lint demo initramfs bench

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

$(O)/probe: tests/vm/probe.c tests/vm/nr_tables.h $(NR_OBJS64)
	$(CC) -O2 $(WARN) -static -no-pie -o $@ $< $(NR_OBJS64)

$(O)/probe32: tests/vm/probe.c tests/vm/nr_tables.h $(NR_OBJS32)
	$(CC) -m32 -O2 $(WARN) -static -no-pie -o $@ $< $(NR_OBJS32)

$(O)/pathprobe: tests/vm/pathprobe.c | $(O)
	$(CC) -O2 $(WARN) -static -o $@ $<

$(O)/pathbench: tests/bench/pathbench.c | $(O)
	$(CC) -O2 $(WARN) -static -o $@ $<

$(O)/runas: tests/vm/runas.c | $(O)
	$(CC) -O2 $(WARN) -static -o $@ $<

$(O)/nlbad: tests/vm/nlbad.c kernel/uapi/moat.h | $(O)
	$(CC) $(CTL_CFLAGS) -o $@ $< $(CTL_LIBS)

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

vm: $(O)/initramfs.cpio.gz
	tests/vm/run-vm.sh $(VMLINUZ) $(O)/initramfs.cpio.gz syscall
	tests/vm/run-vm.sh $(VMLINUZ) $(O)/initramfs.cpio.gz paths
	tests/vm/run-vm.sh $(VMLINUZ) $(O)/initramfs.cpio.gz labels

demo: all $(O)/initramfs.cpio.gz
	@tests/vm/run-vm.sh $(VMLINUZ) $(O)/initramfs.cpio.gz demo 300 > $(O)/demo.log; rc=$$?; \
		sed -n '/MOAT-VM-START/,/MOAT-VM-END/{s/.*\(MOAT-VM-START\)/\1/;/^\[ *[0-9]*\.[0-9]*\] /d;p}' $(O)/demo.log; \
		[ $$rc -eq 0 ] || { echo "demo failed (exit $$rc); the whole console is in $(O)/demo.log" >&2; exit $$rc; }

# Benchmarks (not tests): numbers, no pass/fail thresholds.
$(O)/dfabench: tests/bench/dfabench.c $(CTL_LIB_SRCS) $(CTL_HDRS) | $(O)
	$(CC) $(CTL_CFLAGS) -o $@ $< $(CTL_LIB_SRCS) $(CTL_LIBS)

bench: all $(O)/initramfs.cpio.gz $(O)/dfabench
	$(O)/dfabench policy/docker-default.apparmor 2>/dev/null
	@tests/vm/run-vm.sh $(VMLINUZ) $(O)/initramfs.cpio.gz bench-paths 1800 > $(O)/bench.log; rc=$$?; \
		grep -E '^(# |unconfined |moat |labels |apparmor )' $(O)/bench.log; exit $$rc

lint: module
	KDIR=$(KDIR) O=$(O) tests/lint.sh

check: all $(UNIT_TESTS) $(O)/initramfs.cpio.gz
	KDIR=$(KDIR) VMLINUZ=$(VMLINUZ) O=$(O) tests/run.sh

clean:
	$(MAKE) -C $(KDIR) M=$(CURDIR) CONFIG_SECURITY_MOAT=m clean 2>/dev/null || true
	rm -rf $(O) ctl/moatctl
