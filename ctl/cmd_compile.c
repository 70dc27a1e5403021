// SPDX-License-Identifier: GPL-2.0
/*
 * moatctl compile - show what a profile decides per syscall, without a kernel
 *
 * Also home of the options that load shares: the container's capabilities
 * (Docker's 14 defaults, changed by --cap-add/--cap-drop as docker run has
 * them) and the kernel version that minKernel conditions are resolved for.
 */

#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include <seccomp.h>
#include <sys/capability.h>

#include "moatctl.h"

/* "6.1" -> 6, 1. Docker's minKernel has major.minor only. */
int parse_kernel_version(const char *s, unsigned int *major,
			 unsigned int *minor)
{
	unsigned long v[2];
	char *end;
	int i;

	for (i = 0; i < 2; i++) {
		if (!isdigit((unsigned char)*s))
			return -1;
		errno = 0;
		v[i] = strtoul(s, &end, 10);
		if (errno || v[i] > 65535 || *end != (i ? '\0' : '.'))
			return -1;
		s = end + 1;
	}
	*major = v[0];
	*minor = v[1];
	return 0;
}

int compile_args_parse(int argc, char **argv, const char *cmd,
		       struct compile_args *ca)
{
	static const struct option longopts[] = {
		{ "name", required_argument, NULL, 'n' },
		{ "cap-add", required_argument, NULL, 'a' },
		{ "cap-drop", required_argument, NULL, 'd' },
		{ "kernel", required_argument, NULL, 'k' },
		{ "no-replace", no_argument, NULL, 'N' },
		{ "abi", required_argument, NULL, 'A' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	char **add = calloc(argc, sizeof(char *));
	char **drop = calloc(argc, sizeof(char *));
	size_t nadd = 0, ndrop = 0;
	bool is_load = !strcmp(cmd, "load");
	char err[256];
	int c, ret = -1;

	memset(ca, 0, sizeof(*ca));
	ca->opts.caps = seccomp_docker_default_caps();
	if (!add || !drop)
		goto out;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "n:vh", longopts, NULL)) != -1) {
		switch (c) {
		case 'n':
			if (!is_load)
				goto load_only;
			ca->name = optarg;
			break;
		case 'a':
			add[nadd++] = optarg;
			break;
		case 'd':
			drop[ndrop++] = optarg;
			break;
		case 'k':
			if (parse_kernel_version(optarg, &ca->opts.kernel_major,
						 &ca->opts.kernel_minor)) {
				fprintf(stderr, "%s: %s: --kernel wants MAJOR.MINOR (as Docker compares minKernel), not \"%s\"\n",
					PROG, cmd, optarg);
				goto out;
			}
			ca->kernel_given = true;
			break;
		case 'N':
			if (!is_load)
				goto load_only;
			ca->no_replace = true;
			break;
		case 'A':
			if (is_load || abi_from_name(optarg) < 0) {
				fprintf(stderr, "%s: %s: --abi is one of x86_64, i386, x32\n",
					PROG, cmd);
				goto out;
			}
			ca->abi = optarg;
			break;
		case 'v':
			ca->verbose = true;
			break;
		case 'h':
			help_of(cmd);
			ret = 2;
			goto out;
		default:
			bad_option(cmd, argv);
			goto out;
		}
	}
	if (optind >= argc) {
		fprintf(stderr, "%s: %s: no FILE given\n", PROG, cmd);
		goto bad;
	}
	if (optind < argc - 1) {
		fprintf(stderr, "%s: %s: unexpected argument \"%s\"\n", PROG,
			cmd, argv[optind + 1]);
		goto bad;
	}
	ca->file = argv[optind];
	if (seccomp_caps_tweak(&ca->opts.caps, add, nadd, drop, ndrop, err,
			       sizeof(err))) {
		fprintf(stderr, "%s: %s: %s\n", PROG, cmd, err);
		goto out;
	}
	if (!ca->kernel_given) {
		struct utsname u;

		/* As Docker does: the running kernel's major.minor. */
		if (uname(&u) == 0)
			sscanf(u.release, "%u.%u", &ca->opts.kernel_major,
			       &ca->opts.kernel_minor);
		ca->kernel_from_uname = true;
	}
	ret = 0;
	goto out;
load_only:
	fprintf(stderr, "%s: %s: %s is an option of load only\n", PROG, cmd,
		c == 'n' ? "--name" : "--no-replace");
bad:
	usage_of(cmd);
out:
	free(add);
	free(drop);
	return ret;
}

int compile_args_run(const char *cmd, const struct compile_args *ca,
		     struct sys_profile *out, struct seccomp_report *rep)
{
	char err[512];

	if (seccomp_json_compile_file(ca->file, &ca->opts, out, rep, err,
				      sizeof(err))) {
		fprintf(stderr, "%s: %s: %s\n", PROG, cmd, err);
		return 1;
	}
	return 0;
}

/* Names libseccomp does not know are skipped, as runc skips them: say so. */
void compile_note(const char *cmd, const struct compile_args *ca,
		  const struct seccomp_report *rep)
{
	const struct scmp_version *v = seccomp_version();

	if (!rep->unknown_count)
		return;
	fprintf(stderr, "%s: %s: note: skipped %zu syscall name%s that libseccomp %u.%u.%u does not know, as runc does%s%s%s\n",
		PROG, cmd, rep->unknown_count, rep->unknown_count == 1 ? "" : "s",
		v->major, v->minor, v->micro,
		ca->verbose ? ": " : " (newer syscalls; -v lists them)",
		ca->verbose ? rep->unknown : "", "");
}

/* "CAP_CHOWN, CAP_DAC_OVERRIDE, ..." into @buf. */
static void caps_str(uint64_t caps, char *buf, size_t len)
{
	size_t off = 0;
	int cap;

	buf[0] = '\0';
	for (cap = 0; cap < 64 && off < len; cap++) {
		char *name;

		if (!(caps & (1ULL << cap)))
			continue;
		name = cap_to_name(cap);
		off += snprintf(buf + off, len - off, "%s%s", off ? " " : "",
				name ? name : "?");
		cap_free(name);
	}
	if (!caps)
		snprintf(buf, len, "none");
}

int cmd_compile(int argc, char **argv)
{
	struct compile_args ca;
	struct seccomp_report rep;
	struct sys_profile p;
	char capbuf[1024];
	int abi, ret;

	ret = compile_args_parse(argc, argv, "compile", &ca);
	if (ret)
		return ret == 2 ? 0 : 1;
	if (compile_args_run("compile", &ca, &p, &rep))
		return 1;
	compile_note("compile", &ca, &rep);

	caps_str(ca.opts.caps, capbuf, sizeof(capbuf));
	printf("# %s: default %s", ca.file,
	       p.default_action == MOAT_ACT_ALLOW ? "ALLOW" : "ERRNO");
	if (p.default_action == MOAT_ACT_ERRNO)
		printf("(%u)", p.default_err);
	printf(", kernel %u.%u%s\n# capabilities: %s\n", ca.opts.kernel_major,
	       ca.opts.kernel_minor,
	       ca.kernel_from_uname ? " (this machine's; --kernel to change)" : "",
	       capbuf);
	printf("# abi\tnr\tname\tdecision\n");
	for (abi = 0; abi < __MOAT_ABI_COUNT; abi++) {
		static const uint32_t scmp[] = {
			[MOAT_ABI_X86_64] = SCMP_ARCH_X86_64,
			[MOAT_ABI_I386] = SCMP_ARCH_X86,
			[MOAT_ABI_X32] = SCMP_ARCH_X32,
		};
		uint32_t nr, top;

		if (ca.abi && abi_from_name(ca.abi) != abi)
			continue;
		if (!p.abi[abi].present) {
			printf("%s\t-\t-\tERRNO(1) (ABI not in the profile)\n",
			       abi_name(abi));
			continue;
		}
		top = p.abi[abi].enosys_from ? p.abi[abi].enosys_from : MOAT_SYS_NR_MAX;
		for (nr = 0; nr < top; nr++) {
			struct sys_decision d;
			char *name, *s;

			name = seccomp_syscall_resolve_num_arch(scmp[abi],
				abi == MOAT_ABI_X32 ? (int)(nr | 0x40000000U) : (int)nr);
			if (!name)
				continue;
			sys_decide(&p, abi, nr, &d);
			s = sys_decision_str(&d);
			printf("%s\t%u\t%s\t%s\n", abi_name(abi), nr, name,
			       s ? s : "?");
			free(s);
			free(name);
		}
		if (p.abi[abi].enosys_from)
			printf("%s\t>=%u\t*\tERRNO(38)\n", abi_name(abi),
			       p.abi[abi].enosys_from);
	}
	sys_profile_free(&p);
	return 0;
}
