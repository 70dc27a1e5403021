// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer harness: an AppArmor-syntax profile, parsed (ctl/apparmor.c)
 * and its file rules compiled into one DFA (ctl/dfa_compile.c), through
 * path_layer_compile_string() as moatctl load/compile does; then a few
 * paths are matched against the automaton (path_layer_decide()).
 *
 * Includes: <magic> ones are read from tests/fuzz/apparmor.d
 * (FUZZ_INCLUDE_DIR, set by the Makefile), never /etc/apparmor.d, and
 * "relative" ones from the same directory (the profile is named as if it
 * were a file there). An input whose include could leave that directory
 * (an absolute path, "..", a backslash escape) is skipped, so the harness
 * reads nothing of the host's but that directory.
 */

#define _GNU_SOURCE
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "../../ctl/profile.h"
#include "fuzz_common.h"

#ifndef FUZZ_INCLUDE_DIR
#error "FUZZ_INCLUDE_DIR: the harness's include directory (tests/fuzz/apparmor.d)"
#endif

static bool blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

/* false if some include in text could name a file outside FUZZ_INCLUDE_DIR */
static bool includes_confined(const char *text)
{
	const char *p = text;

	while ((p = strstr(p, "include"))) {
		const char *eol = strchr(p, '\n'), *q = p + 7;
		size_t n;

		if (!eol)
			eol = p + strlen(p);
		n = eol - p;
		if (memmem(p, n, "..", 2) || memchr(p, '\\', n))
			return false;
		while (q < eol && blank(*q))
			q++;
		if (eol - q > 2 && !strncmp(q, "if", 2)) {
			q += 2;
			while (q < eol && blank(*q))
				q++;
			if (eol - q >= 6 && !strncmp(q, "exists", 6))
				q += 6;
		}
		while (q < eol && (blank(*q) || *q == '"' || *q == '<'))
			q++;
		if (q < eol && *q == '/')
			return false;
		p += 7;
	}
	return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const paths[] = {
		"/", "/etc/passwd", "/proc/self/attr/current", "/tmp/a/b/c",
		"/sys/kernel/security/x", "/dev/null", "/home/u/.ssh/id_rsa",
		"/a//b", "",
	};
	const struct aa_opts opts = { .include_dir = FUZZ_INCLUDE_DIR };
	struct path_layer pl;
	char err[2048];
	char *text;
	size_t i;

	/* a profile with a huge literal only tests the allocator */
	if (size > 64 * 1024)
		return -1;
	text = fuzz_cstr(data, size);
	if (!includes_confined(text)) {
		free(text);
		return -1;	/* not added to the corpus */
	}
	err[0] = '\0';
	if (!path_layer_compile_string(text, FUZZ_INCLUDE_DIR "/fuzz.apparmor",
				       &opts, &pl, err, sizeof(err))) {
		for (i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
			uint32_t denied;

			path_layer_decide(&pl, paths[i], false, &denied);
			path_layer_decide(&pl, paths[i], true, NULL);
		}
		path_layer_free(&pl);
	}
	(void)strlen(err);
	free(text);
	return 0;
}
