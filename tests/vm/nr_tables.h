/* SPDX-License-Identifier: GPL-2.0 */
/* Syscall numbers per ABI, from the kernel's UAPI headers (nr_tables.c). */
#ifndef PROBE_NR_TABLES_H
#define PROBE_NR_TABLES_H

/* The syscalls the probe makes, by name. */
#define PROBE_SYSCALLS(X) \
	X(getpid) X(mount) X(umount2) X(reboot) X(kexec_load) X(init_module) \
	X(bpf) X(keyctl) X(unshare) X(setns) X(fork) X(clone) X(clone3) \
	X(personality) X(socket) X(exit_group) X(socketcall)

long nr_native(const char *name);
long nr_i386(const char *name);
long nr_x32(const char *name);

#endif
