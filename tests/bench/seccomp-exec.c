// SPDX-License-Identifier: GPL-2.0
/*
 * seccomp-exec - run a command under a Docker seccomp profile, as runc would
 *
 * usage: seccomp-exec [-v] [--no-new-privs] PROFILE.json -- COMMAND [ARGS...]
 *
 * Reads a seccomp profile in Docker's JSON format (Docker's default.json),
 * resolves it as `docker run` does with no --cap-add or --security-opt
 * (Docker's 14 default capabilities, this machine's architecture and the
 * running kernel's release for minKernel), builds the filter with libseccomp
 * as runc does (one rule per syscall name, argument conditions ANDed unless
 * two name the same argument, names libseccomp does not know skipped, rules
 * whose action is the default left out), loads it and execs COMMAND.
 *
 * As runc, it leaves no_new_privs alone unless asked (--no-new-privs, which
 * is docker run's --security-opt no-new-privileges), so loading the filter
 * needs CAP_SYS_ADMIN. runc's ENOSYS stub for syscalls newer than the
 * profile (patchbpf) is not reproduced: a few more instructions at the
 * head of the filter.
 *
 * This is the benchmarks' own reading of the format, written apart from
 * moatctl's compiler (ctl/seccomp_json.c), so the two check each other.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/utsname.h>
#include <unistd.h>
#include <json-c/json.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* docker run's default capabilities (oci.DefaultCapabilities) */
static const char *const default_caps[] = {
	"CHOWN", "DAC_OVERRIDE", "FSETID", "FOWNER", "MKNOD", "NET_RAW",
	"SETGID", "SETUID", "SETFCAP", "SETPCAP", "NET_BIND_SERVICE",
	"SYS_CHROOT", "KILL", "AUDIT_WRITE",
};

static int verbose;
static unsigned int kernel_version[3];
static const char *native_goarch;	/* Docker's name of this architecture */
static const char *native_scmp;		/* its SCMP_ARCH_ name */

static void die(const char *fmt, const char *arg)
{
	fprintf(stderr, "seccomp-exec: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\n");
	exit(1);
}

static json_object *member(json_object *obj, const char *key)
{
	json_object *val;

	return json_object_object_get_ex(obj, key, &val) ? val : NULL;
}

static size_t array_len(json_object *arr)
{
	return json_object_is_type(arr, json_type_array) ?
		json_object_array_length(arr) : 0;
}

static int array_has(json_object *arr, const char *s)
{
	size_t i;

	for (i = 0; i < array_len(arr); i++)
		if (!strcmp(json_object_get_string(json_object_array_get_idx(arr, i)), s))
			return 1;
	return 0;
}

static int has_cap(const char *name)
{
	size_t i;

	if (!strncmp(name, "CAP_", 4))
		name += 4;
	for (i = 0; i < ARRAY_SIZE(default_caps); i++)
		if (!strcmp(default_caps[i], name))
			return 1;
	return 0;
}

/* "X.Y[.Z...]" into v[3]; missing parts are 0. */
static void parse_version(const char *s, unsigned int v[3])
{
	int i;

	for (i = 0; i < 3; i++) {
		v[i] = strtoul(s, (char **)&s, 10);
		if (*s != '.')
			break;
		s++;
	}
	for (i++; i < 3; i++)
		v[i] = 0;
}

/* Is the running kernel at least "X.Y[.Z]"? */
static int kernel_at_least(const char *min)
{
	unsigned int v[3];
	int i;

	parse_version(min, v);
	for (i = 0; i < 3; i++)
		if (kernel_version[i] != v[i])
			return kernel_version[i] > v[i];
	return 1;
}

/* Docker's includes: every condition named must hold. */
static int includes_hold(json_object *inc)
{
	json_object *caps = member(inc, "caps"), *arches = member(inc, "arches");
	json_object *min = member(inc, "minKernel");
	size_t i;

	if (!inc)
		return 1;
	if (array_len(arches) && !array_has(arches, native_goarch))
		return 0;
	for (i = 0; i < array_len(caps); i++)
		if (!has_cap(json_object_get_string(json_object_array_get_idx(caps, i))))
			return 0;
	return !min || kernel_at_least(json_object_get_string(min));
}

/* Docker's excludes: any condition named that holds excludes the rule. */
static int excludes_hold(json_object *exc)
{
	json_object *caps = member(exc, "caps"), *arches = member(exc, "arches");
	json_object *min = member(exc, "minKernel");
	size_t i;

	if (!exc)
		return 0;
	if (array_has(arches, native_goarch))
		return 1;
	for (i = 0; i < array_len(caps); i++)
		if (has_cap(json_object_get_string(json_object_array_get_idx(caps, i))))
			return 1;
	return min && kernel_at_least(json_object_get_string(min));
}

/* An action name and its errnoRet (EPERM if absent, as runc) as libseccomp's. */
static uint32_t parse_action(json_object *name, json_object *errno_ret)
{
	const char *s = name ? json_object_get_string(name) : "";
	int ret = errno_ret ? json_object_get_int(errno_ret) : EPERM;

	if (!strcmp(s, "SCMP_ACT_ALLOW"))
		return SCMP_ACT_ALLOW;
	if (!strcmp(s, "SCMP_ACT_ERRNO"))
		return SCMP_ACT_ERRNO(ret);
	if (!strcmp(s, "SCMP_ACT_TRACE"))
		return SCMP_ACT_TRACE(ret);
	if (!strcmp(s, "SCMP_ACT_KILL") || !strcmp(s, "SCMP_ACT_KILL_THREAD"))
		return SCMP_ACT_KILL;
	if (!strcmp(s, "SCMP_ACT_KILL_PROCESS"))
		return SCMP_ACT_KILL_PROCESS;
	if (!strcmp(s, "SCMP_ACT_TRAP"))
		return SCMP_ACT_TRAP;
	if (!strcmp(s, "SCMP_ACT_LOG"))
		return SCMP_ACT_LOG;
	die("unsupported action %s", s);
	return 0;
}

static enum scmp_compare parse_op(const char *s)
{
	static const struct { const char *name; enum scmp_compare op; } ops[] = {
		{ "SCMP_CMP_NE", SCMP_CMP_NE }, { "SCMP_CMP_LT", SCMP_CMP_LT },
		{ "SCMP_CMP_LE", SCMP_CMP_LE }, { "SCMP_CMP_EQ", SCMP_CMP_EQ },
		{ "SCMP_CMP_GE", SCMP_CMP_GE }, { "SCMP_CMP_GT", SCMP_CMP_GT },
		{ "SCMP_CMP_MASKED_EQ", SCMP_CMP_MASKED_EQ },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(ops); i++)
		if (!strcmp(ops[i].name, s))
			return ops[i].op;
	die("unknown comparison %s", s);
	return 0;
}

/* "SCMP_ARCH_X86_64" -> libseccomp's token, or 0 if it does not know it. */
static uint32_t arch_token(const char *name)
{
	char low[32];
	size_t i;

	if (!strncmp(name, "SCMP_ARCH_", 10))
		name += 10;
	for (i = 0; name[i] && i < sizeof(low) - 1; i++)
		low[i] = name[i] >= 'A' && name[i] <= 'Z' ? name[i] - 'A' + 'a' : name[i];
	low[i] = '\0';
	return seccomp_arch_resolve_name(low);
}

static void add_arch(scmp_filter_ctx ctx, const char *name)
{
	uint32_t arch = arch_token(name);
	int rc;

	if (!arch)
		die("unknown architecture %s", name);
	rc = seccomp_arch_add(ctx, arch);
	if (rc && rc != -EEXIST)
		die("cannot add architecture %s", name);
}

/* Docker: "architectures" as given, or archMap's entry for this machine. */
static void add_arches(scmp_filter_ctx ctx, json_object *prof)
{
	json_object *list = member(prof, "architectures");
	json_object *map = member(prof, "archMap");
	size_t i, j;

	for (i = 0; i < array_len(list); i++)
		add_arch(ctx, json_object_get_string(json_object_array_get_idx(list, i)));
	for (i = 0; i < array_len(map); i++) {
		json_object *ent = json_object_array_get_idx(map, i);
		json_object *arch = member(ent, "architecture");
		json_object *subs = member(ent, "subArchitectures");

		if (!arch || strcmp(json_object_get_string(arch), native_scmp))
			continue;
		add_arch(ctx, native_scmp);
		for (j = 0; j < array_len(subs); j++)
			add_arch(ctx, json_object_get_string(json_object_array_get_idx(subs, j)));
		break;
	}
}

/* The rule's args as conditions; returns their count (at most 6). */
static unsigned int parse_args(json_object *args, struct scmp_arg_cmp *cmp,
			       int *same_index)
{
	unsigned int i, j, n = array_len(args);

	if (n > 6)
		die("more than 6 argument conditions%s", "");
	*same_index = 0;
	for (i = 0; i < n; i++) {
		json_object *a = json_object_array_get_idx(args, i);
		json_object *op = member(a, "op"), *two = member(a, "valueTwo");
		json_object *index = member(a, "index"), *value = member(a, "value");

		if (!op || !index || !value)
			die("an argument condition needs index, value and op%s", "");
		cmp[i].arg = json_object_get_int(index);
		cmp[i].op = parse_op(json_object_get_string(op));
		cmp[i].datum_a = json_object_get_uint64(value);
		cmp[i].datum_b = two ? json_object_get_uint64(two) : 0;
		for (j = 0; j < i; j++)
			*same_index |= cmp[j].arg == cmp[i].arg;
	}
	return n;
}

/* One rule for NR: the conditions ANDed, or ORed if two name one argument (runc). */
static void add_rule(scmp_filter_ctx ctx, const char *name, uint32_t act,
		     struct scmp_arg_cmp *cmp, unsigned int n, int same_index)
{
	int nr = seccomp_syscall_resolve_name(name);
	unsigned int i;
	int rc = 0;

	if (nr == __NR_SCMP_ERROR) {
		if (verbose)
			fprintf(stderr, "seccomp-exec: skipping %s (unknown to libseccomp)\n",
				name);
		return;
	}
	if (!same_index)
		rc = seccomp_rule_add_array(ctx, act, nr, n, cmp);
	for (i = 0; same_index && i < n && !rc; i++)
		rc = seccomp_rule_add_array(ctx, act, nr, 1, &cmp[i]);
	if (rc)
		die("cannot add a rule for %s", name);
}

static void add_syscalls(scmp_filter_ctx ctx, json_object *prof, uint32_t def)
{
	json_object *calls = member(prof, "syscalls");
	size_t i, j;

	for (i = 0; i < array_len(calls); i++) {
		json_object *c = json_object_array_get_idx(calls, i);
		json_object *names = member(c, "names"), *name = member(c, "name");
		struct scmp_arg_cmp cmp[6];
		unsigned int n;
		int same_index;
		uint32_t act;

		if (!includes_hold(member(c, "includes")) ||
		    excludes_hold(member(c, "excludes")))
			continue;
		act = parse_action(member(c, "action"), member(c, "errnoRet"));
		if (act == def)
			continue;	/* libseccomp refuses it; runc skips it */
		n = parse_args(member(c, "args"), cmp, &same_index);
		if (name)
			add_rule(ctx, json_object_get_string(name), act, cmp, n, same_index);
		for (j = 0; j < array_len(names); j++)
			add_rule(ctx, json_object_get_string(json_object_array_get_idx(names, j)),
				 act, cmp, n, same_index);
	}
}

static void native_arch(void)
{
	struct utsname u;

	if (uname(&u))
		die("uname: %s", strerror(errno));
	parse_version(u.release, kernel_version);
	switch (seccomp_arch_native()) {
	case SCMP_ARCH_X86_64:
		native_goarch = "amd64";
		native_scmp = "SCMP_ARCH_X86_64";
		break;
	case SCMP_ARCH_AARCH64:
		native_goarch = "arm64";
		native_scmp = "SCMP_ARCH_AARCH64";
		break;
	default:
		die("unsupported architecture%s", "");
	}
}

static int usage(void)
{
	fprintf(stderr, "usage: seccomp-exec [-v] [--no-new-privs] PROFILE.json -- %s\n",
		"COMMAND [ARGS...]");
	return 2;
}

int main(int argc, char **argv)
{
	int i = 1, nnp = 0, rc;
	scmp_filter_ctx ctx;
	json_object *prof;
	uint32_t def;

	for (; i < argc && argv[i][0] == '-' && strcmp(argv[i], "--"); i++) {
		if (!strcmp(argv[i], "-v"))
			verbose = 1;
		else if (!strcmp(argv[i], "--no-new-privs"))
			nnp = 1;
		else
			return usage();
	}
	if (argc - i < 3 || strcmp(argv[i + 1], "--"))
		return usage();
	native_arch();
	prof = json_object_from_file(argv[i]);
	if (!prof)
		die("cannot read %s", argv[i]);
	def = parse_action(member(prof, "defaultAction"), member(prof, "defaultErrnoRet"));
	ctx = seccomp_init(def);
	if (!ctx)
		die("seccomp_init failed%s", "");
	/* runc: no_new_privs is the runtime's business, not the filter's */
	if (seccomp_attr_set(ctx, SCMP_FLTATR_CTL_NNP, 0))
		die("cannot clear the NNP attribute%s", "");
	add_arches(ctx, prof);
	add_syscalls(ctx, prof, def);
	if (nnp && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
		die("PR_SET_NO_NEW_PRIVS: %s", strerror(errno));
	rc = seccomp_load(ctx);
	if (rc)
		die("seccomp_load: %s", strerror(-rc));
	seccomp_release(ctx);
	json_object_put(prof);
	execvp(argv[i + 2], argv + i + 2);
	die("exec: %s", strerror(errno));
	return 1;
}
