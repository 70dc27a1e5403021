// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer harness: moat's denial records as moatctl derive --from-log
 * reads them (ctl/denial_log.c). The input is a log: every line goes
 * through moat_record_parse() and derive_scan_line(), once as for a JSON
 * base (syscall holes) and once as for an AppArmor-syntax base (path
 * holes); the whole input is also one /dev/kmsg record
 * (kmsg_record_line()) and, up to its first newline, a --since argument
 * (parse_since()).
 */

#define _GNU_SOURCE
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../ctl/derive.h"
#include "fuzz_common.h"

static FILE *devnull;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	devnull = fopen("/dev/null", "w");
	return devnull ? 0 : -1;
}

static void scan(const char *text, bool want_syscalls)
{
	struct derive_scan s = {
		.profile = "docker-default",
		.want_syscalls = want_syscalls,
		.has_since = !want_syscalls,
		.since = 1764480000.0,
		.boot_to_real = 1764480000.0,
	};
	char *copy = strdup(text), *line, *save = NULL;
	size_t i;

	if (!copy)
		abort();
	for (line = strtok_r(copy, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		struct moat_record r;

		if (moat_record_parse(line, s.boot_to_real, &r) == MOAT_RECORD_OK)
			moat_record_free(&r);
		if (derive_scan_line(&s, line))
			break;
	}
	for (i = 0; i < s.nholes; i++)
		if (!s.holes[i].what)
			abort();
	derive_scan_free(&s);
	free(copy);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_cstr(data, size), *nl;
	double since;

	scan(text, true);
	scan(text, false);
	/* kmsg records are bytes with a length, not strings */
	kmsg_record_line((const char *)data, size, devnull);
	nl = strchr(text, '\n');
	if (nl)
		*nl = '\0';
	parse_since(text, 1764480000.0, &since);
	free(text);
	return 0;
}
