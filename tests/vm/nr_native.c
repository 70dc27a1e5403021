// SPDX-License-Identifier: GPL-2.0
/* native syscall numbers, from <sys/syscall.h>. */
#include <string.h>

#include <sys/syscall.h>

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

long nr_native(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(table) / sizeof(table[0]); i++)
		if (!strcmp(table[i].name, name))
			return table[i].nr;
	return -1;
}
