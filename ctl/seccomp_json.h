/* SPDX-License-Identifier: GPL-2.0 */
#ifndef MOATCTL_SECCOMP_JSON_H
#define MOATCTL_SECCOMP_JSON_H

#include <stddef.h>
#include <stdint.h>

#include "profile.h"

/* What Docker resolves when a container starts, and moatctl resolves at load. */
struct seccomp_opts {
	uint64_t caps;			/* bounding set: bit n is capability n */
	unsigned int kernel_major;	/* for minKernel, as Docker compares it */
	unsigned int kernel_minor;
};

/* Notes for the user about what was compiled (never errors). */
struct seccomp_report {
	size_t rules_kept;		/* rule objects whose conditions held */
	size_t rules_dropped;		/* rule objects dropped by includes/excludes */
	size_t unknown_count;		/* names libseccomp does not know on any ABI */
	char unknown[1024];		/* the first of them, comma separated */
};

uint64_t seccomp_docker_default_caps(void);
int seccomp_caps_tweak(uint64_t *caps, char *const *add, size_t nadd,
		       char *const *drop, size_t ndrop, char *err, size_t errlen);

int seccomp_json_compile_buffer(const char *file, const char *text,
				size_t len, const struct seccomp_opts *opts,
				struct sys_profile *out,
				struct seccomp_report *report,
				char *err, size_t errlen);
int seccomp_json_compile_file(const char *file,
			      const struct seccomp_opts *opts,
			      struct sys_profile *out,
			      struct seccomp_report *report,
			      char *err, size_t errlen);

#endif
