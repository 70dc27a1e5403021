// SPDX-License-Identifier: GPL-2.0
/*
 * moatctl load - compile a Docker seccomp profile and load it
 *
 * A file that does not compile never reaches the kernel; a profile the
 * kernel refuses leaves the loaded one as it was (the kernel swaps only a
 * fully built ruleset in).
 */

#define _GNU_SOURCE
#include <errno.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "moatctl.h"

/* "policy/docker-default.json" -> "docker-default" */
static char *name_from_file(const char *file)
{
	char *copy = strdup(file), *base, *dot, *name;

	if (!copy)
		return NULL;
	base = basename(copy);
	dot = strrchr(base, '.');
	if (dot && dot != base)
		*dot = '\0';
	name = strdup(base);
	free(copy);
	return name;
}

struct readback {
	const char *name;
	long rules;
};

static int find_rules(const struct ipc_profile *p, void *arg)
{
	struct readback *rb = arg;

	if (!strcmp(p->name, rb->name))
		rb->rules = p->rules;
	return 0;
}

int cmd_load(int argc, char **argv)
{
	struct seccomp_report rep;
	struct compile_args ca;
	struct ipc_status st;
	struct sys_profile p;
	struct ipc *ipc;
	size_t rules = 0;
	char *name;
	int abi, ret, err;

	ret = compile_args_parse(argc, argv, "load", &ca);
	if (ret)
		return ret == 2 ? 0 : 1;
	name = ca.name ? strdup(ca.name) : name_from_file(ca.file);
	if (!name)
		return 1;
	if (profile_name_check(name)) {
		fprintf(stderr, "%s: load: \"%s\" is not a profile name: use 1..63 of [A-Za-z0-9_.:-], starting with a letter or digit (--name NAME)\n",
			PROG, name);
		free(name);
		return 1;
	}
	/* The file first: a broken file is reported whether moat is loaded or not. */
	if (compile_args_run("load", &ca, &p, &rep)) {
		free(name);
		return 1;
	}
	if (ipc_connect("load", &ipc)) {
		sys_profile_free(&p);
		free(name);
		return 1;
	}
	if (!ca.kernel_given) {
		unsigned int major, minor;

		/* minKernel is about the kernel moat enforces on. */
		err = ipc_status(ipc, &st);
		if (err) {
			ret = report_error("load", ipc, err);
			goto out;
		}
		major = st.kernel_version >> 16;
		minor = (st.kernel_version >> 8) & 0xff;
		if (major != ca.opts.kernel_major || minor != ca.opts.kernel_minor) {
			sys_profile_free(&p);
			ca.opts.kernel_major = major;
			ca.opts.kernel_minor = minor;
			if (compile_args_run("load", &ca, &p, &rep)) {
				ret = 1;
				goto out_close;
			}
		}
	}
	compile_note("load", &ca, &rep);
	err = ipc_load(ipc, name, &p,
		       ca.no_replace ? MOAT_LOAD_F_NOREPLACE : 0);
	for (abi = 0; abi < __MOAT_ABI_COUNT; abi++)
		rules += p.abi[abi].present ? p.abi[abi].nrules : 0;
	if (!err) {
		/* Read the profile back: the kernel must hold every rule sent. */
		struct readback rb = { .name = name, .rules = -1 };

		err = ipc_profiles(ipc, find_rules, &rb);
		if (!err && rb.rules != (long)rules) {
			fprintf(stderr, "%s: load: the kernel holds %ld rules of profile %s, %zu were sent\n",
				PROG, rb.rules, name, rules);
			ret = 1;
			goto out;
		}
	}
	if (err) {
		ret = report_error("load", ipc, err);
	} else {
		printf("loaded profile %s: %zu syscall rules (", name, rules);
		for (abi = 0; abi < __MOAT_ABI_COUNT; abi++) {
			if (!p.abi[abi].present)
				continue;
			printf("%s%s %zu", abi ? ", " : "", abi_name(abi),
			       p.abi[abi].nrules);
			if (p.abi[abi].enosys_from)
				printf(" ENOSYS>=%u", p.abi[abi].enosys_from);
		}
		printf(")\n");
		ret = 0;
	}
out:
	sys_profile_free(&p);
out_close:
	ipc_close(ipc);
	free(name);
	return ret;
}
