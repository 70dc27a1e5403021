// SPDX-License-Identifier: GPL-2.0
/*
 * One ABI's syscall numbers, from that ABI's UAPI header. Built once per
 * ABI (see the Makefile): NR_HEADER names the header, NR_FN the function.
 * The headers cannot meet in one file: each defines the same __NR_ names.
 */
#include <string.h>

#ifdef NR_X32
/* asm/unistd_x32.h spells numbers with __X32_SYSCALL_BIT, from asm/unistd.h */
#ifndef __X32_SYSCALL_BIT
#define __X32_SYSCALL_BIT 0x40000000
#endif
#endif

#include NR_HEADER

#include "nr_tables.h"

/* i386 only */
#ifndef __NR_socketcall
#define __NR_socketcall -1
#endif

#define ENTRY(name) { #name, __NR_##name },

static const struct {
	const char *name;
	long nr;
} table[] = { PROBE_SYSCALLS(ENTRY) };

long NR_FN(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(table) / sizeof(table[0]); i++)
		if (!strcmp(table[i].name, name))
			return table[i].nr;
	return -1;
}
