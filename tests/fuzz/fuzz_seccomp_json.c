// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer harness: Docker's seccomp JSON -> struct sys_profile
 * (ctl/seccomp_json.c, seccomp_json_compile_buffer(), what moatctl load
 * and compile run on a .json profile). json-c and libseccomp are not
 * instrumented; moatctl's own walk of the parsed tree is.
 */

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "../../ctl/profile.h"
#include "../../ctl/seccomp_json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct { unsigned int major, minor; } kernels[] = {
		{ 6, 1 }, { 4, 14 },
	};
	struct seccomp_opts opts;
	struct seccomp_report report;
	struct sys_profile p;
	char err[1024];
	size_t k;

	for (k = 0; k < sizeof(kernels) / sizeof(kernels[0]); k++) {
		/* Docker's default bounding set, then every capability */
		opts = (struct seccomp_opts){
			.caps = k ? ~0ULL : seccomp_docker_default_caps(),
			.kernel_major = kernels[k].major,
			.kernel_minor = kernels[k].minor,
		};
		memset(&p, 0, sizeof(p));
		err[0] = '\0';
		if (!seccomp_json_compile_buffer("fuzz.json", (const char *)data,
						 size, &opts, &p, &report, err,
						 sizeof(err)))
			sys_profile_free(&p);
		/* the error message must be a string */
		(void)strlen(err);
	}
	return 0;
}
