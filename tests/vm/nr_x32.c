// SPDX-License-Identifier: GPL-2.0
/* x32 syscall numbers, from <asm/unistd_x32.h>. */
#include <string.h>

/* The header spells numbers with __X32_SYSCALL_BIT, defined in asm/unistd.h. */
#ifndef __X32_SYSCALL_BIT
#define __X32_SYSCALL_BIT 0x40000000
#endif
#include <asm/unistd_x32.h>

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

long nr_x32(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(table) / sizeof(table[0]); i++)
		if (!strcmp(table[i].name, name))
			return table[i].nr;
	return -1;
}
