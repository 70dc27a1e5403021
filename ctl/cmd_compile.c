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
		{ "path", required_argument, NULL, 'p' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	char **add = calloc(argc, sizeof(char *));
	char **drop = calloc(argc, sizeof(char *));
	size_t nadd = 0, ndrop = 0;
	bool is_load = strcmp(cmd, "compile") != 0;	/* load, or run's load */
	char err[256];
	int c, ret = -1;

	memset(ca, 0, sizeof(*ca));
	ca->opts.caps = seccomp_docker_default_caps();
	ca->paths = calloc(argc, sizeof(char *));
	if (!add || !drop || !ca->paths)
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
		case 'p':
			if (is_load) {
				bad_option(cmd, argv);
				goto out;
			}
			ca->paths[ca->npaths++] = optarg;
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
	for (; optind < argc; optind++) {
		const char *f = argv[optind];
		const char *dot = strrchr(f, '.');
		const char **slot = file_is_seccomp_json(f) ? &ca->file :
				    dot && !strcmp(dot, ".labels") ?
				    &ca->label_file : &ca->aa_file;

		if (*slot) {
			fprintf(stderr, "%s: %s: two %s files (\"%s\" and \"%s\"): give at most one seccomp JSON, one AppArmor-syntax profile and one .labels policy\n",
				PROG, cmd, slot == &ca->file ? "seccomp JSON" :
				slot == &ca->label_file ? "label policy" :
				"AppArmor-syntax", *slot, f);
			goto bad;
		}
		*slot = f;
	}
	if (!ca->file && (nadd || ndrop || ca->kernel_given || ca->abi)) {
		fprintf(stderr, "%s: %s: --cap-add, --cap-drop, --kernel and --abi apply to a seccomp JSON profile, and none was given\n",
			PROG, cmd);
		goto bad;
	}
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

void compile_args_free(struct compile_args *ca)
{
	free(ca->paths);
	ca->paths = NULL;
}

int compile_paths_run(const char *cmd, const struct compile_args *ca,
		      struct path_layer *out)
{
	char err[1024];
	size_t i;

	if (path_layer_compile(ca->aa_file, NULL, out, err, sizeof(err))) {
		fprintf(stderr, "%s: %s: %s\n", PROG, cmd, err);
		return 1;
	}
	for (i = 0; i < out->aa.nnotes; i++)
		fprintf(stderr, "%s: %s: note: %s\n", PROG, cmd,
			out->aa.notes[i]);
	return 0;
}

int compile_args_run(const char *cmd, const struct compile_args *ca,
		     struct sys_profile *out, struct seccomp_report *rep)
{
	char err[512];

	memset(out, 0, sizeof(*out));
	memset(rep, 0, sizeof(*rep));
	if (!ca->file)
		return 0;

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

static void perms_str(uint32_t perms, char *buf)
{
	static const char letters[] = "rwalkmx";
	int i;

	for (i = 0; letters[i]; i++)
		if (perms & (1U << i))
			*buf++ = letters[i];
	*buf = '\0';
}

static void print_paths(const struct compile_args *ca,
			const struct path_layer *pl)
{
	const struct aa_profile *aa = &pl->aa;
	char capbuf[1024];
	int n;

	printf("# %s: profile %s, %zu file rules -> %u states, %u byte classes\n",
	       ca->aa_file, aa->name, aa->nfiles, pl->dfa.nstates,
	       pl->dfa.nclasses);
	printf("# flags:%s%s\n",
	       aa->flags & MOAT_PATH_F_ATTACH_DISCONNECTED ? " attach_disconnected" : "",
	       aa->flags & MOAT_PATH_F_MEDIATE_DELETED ? " mediate_deleted" : "");
	caps_str(aa->cap_allow & ~aa->cap_deny, capbuf, sizeof(capbuf));
	printf("# capabilities granted: %s\n", capbuf);
	printf("# network families granted:");
	for (n = 0; n < 64; n++)
		if ((aa->net_allow & ~aa->net_deny) & (1ULL << n))
			printf(" %d", n);
	printf("\n# mount %s, umount %s, pivot_root %s\n",
	       (aa->mount_allow & ~aa->mount_deny) & MOAT_MNT_MOUNT ? "granted" : "denied",
	       (aa->mount_allow & ~aa->mount_deny) & MOAT_MNT_UMOUNT ? "granted" : "denied",
	       (aa->mount_allow & ~aa->mount_deny) & MOAT_MNT_PIVOT_ROOT ? "granted" : "denied");
	printf("# %zu signal and ptrace rules\n", aa->npeers);
	if (ca->npaths)
		printf("# path\tgranted\tgranted to the owner\n");
	for (n = 0; n < ca->npaths; n++) {
		char g[8], go[8];

		perms_str(path_layer_decide(pl, ca->paths[n], false, NULL), g);
		perms_str(path_layer_decide(pl, ca->paths[n], true, NULL), go);
		printf("%s\t%s\t%s\n", ca->paths[n], g[0] ? g : "-",
		       go[0] ? go : "-");
	}
}

int cmd_compile(int argc, char **argv)
{
	struct compile_args ca;
	struct seccomp_report rep;
	struct sys_profile p;
	char capbuf[1024];
	int abi, ret, n;

	ret = compile_args_parse(argc, argv, "compile", &ca);
	if (ret)
		return ret == 2 ? 0 : 1;
	if (ca.aa_file) {
		struct path_layer pl;

		if (compile_paths_run("compile", &ca, &pl))
			return 1;
		if (profile_name_check(pl.aa.name))
			fprintf(stderr, "%s: compile: note: \"%s\" cannot be a moat profile name (reserved, or not 1..63 of [A-Za-z0-9_.:-]): load it with --name NAME\n",
				PROG, pl.aa.name);
		for (n = 0; n < ca.npaths; n++) {
			if (ca.paths[n][0] != '/') {
				fprintf(stderr, "%s: compile: --path %s: name an absolute path, as the kernel does\n",
					PROG, ca.paths[n]);
				path_layer_free(&pl);
				return 1;
			}
		}
		print_paths(&ca, &pl);
		path_layer_free(&pl);
	}
	if (ca.label_file) {
		struct label_policy lp;
		char err[512];
		size_t i;

		if (label_policy_parse_file(ca.label_file, &lp, err,
					    sizeof(err))) {
			fprintf(stderr, "%s: compile: %s\n", PROG, err);
			return 1;
		}
		static const char *const names[] = {
			"read", "write", "append", "exec", "create", "unlink",
			"relabel",
		};

		printf("# %s: label layer, default type %s, %zu rule%s (rules for one pair of types merged)\n",
		       ca.label_file, lp.default_type, lp.nrules,
		       lp.nrules == 1 ? "" : "s");
		printf("default_type %s;\n", lp.default_type);
		for (i = 0; i < lp.nfs; i++)
			printf("fs_default %s %s;\n", lp.fs[i].fstype,
			       lp.fs[i].type);
		for (i = 0; i < lp.nrules; i++) {
			size_t b;

			printf("allow %s %s :", lp.rules[i].subject,
			       lp.rules[i].object);
			for (b = 0; b < sizeof(names) / sizeof(names[0]); b++)
				if (lp.rules[i].perms & (1U << b))
					printf(" %s", names[b]);
			printf(";\n");
			if (lp.rules[i].perms & MOAT_LABEL_RELABEL)
				fprintf(stderr, "%s: compile: note: relabel (%s %s) grants nothing in this release: no confined task may change security.moat\n",
					PROG, lp.rules[i].subject,
					lp.rules[i].object);
		}
		label_policy_free(&lp);
	}
	if (!ca.file) {
		compile_args_free(&ca);
		return 0;
	}
	if (ca.npaths) {
		fprintf(stderr, "%s: compile: --path needs an AppArmor-syntax profile\n",
			PROG);
		return 1;
	}
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
	compile_args_free(&ca);
	return 0;
}
