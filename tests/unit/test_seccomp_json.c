// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests (cmocka) of moatctl's Docker seccomp JSON compiler.
 *
 * The main tests compile policy/docker-default.json and compare, for every
 * syscall of the test kernel's x86_64 table (its unistd_64.h), the decision
 * with tests/unit/data/docker-default-x86_64-expected.tsv, which was worked
 * out from the same JSON independently. The i386 and x32 tables must give
 * every name the same decision through their own numbering.
 *
 * Environment: MOAT_TOP (repository top), MOAT_UNISTD64 (the test kernel's
 * arch/x86/include/generated/uapi/asm/unistd_64.h).
 */

#define _GNU_SOURCE
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <seccomp.h>
#include <sys/capability.h>

#include "../../ctl/profile.h"
#include "../../ctl/seccomp_json.h"

#define MAX_NR 1024

struct expected {
	char name[64];
	char with_caps[512];
	char no_caps[512];
};

static struct expected expected[MAX_NR];
static char kernel_names[MAX_NR][64];	/* the 6.1 kernel's x86_64 table */
static char top[4096];

static void path_of(char *buf, size_t len, const char *rel)
{
	snprintf(buf, len, "%s/%s", top, rel);
}

static void load_expected(void)
{
	char path[4200], line[2048];
	FILE *f;

	path_of(path, sizeof(path), "tests/unit/data/docker-default-x86_64-expected.tsv");
	f = fopen(path, "r");
	assert_non_null(f);
	while (fgets(line, sizeof(line), f)) {
		char *nr = strtok(line, "\t\n"), *name = strtok(NULL, "\t\n");
		char *with = strtok(NULL, "\t\n"), *without = strtok(NULL, "\t\n");
		long n;

		if (!nr || !without || !strcmp(nr, "nr"))
			continue;
		n = strtol(nr, NULL, 10);
		assert_true(n >= 0 && n < MAX_NR);
		snprintf(expected[n].name, sizeof(expected[n].name), "%s", name);
		snprintf(expected[n].with_caps, sizeof(expected[n].with_caps), "%s", with);
		snprintf(expected[n].no_caps, sizeof(expected[n].no_caps), "%s", without);
	}
	fclose(f);
}

static void load_kernel_table(void)
{
	const char *path = getenv("MOAT_UNISTD64");
	char line[512], name[64];
	size_t count = 0;
	FILE *f;
	int nr;

	assert_non_null(path);
	f = fopen(path, "r");
	assert_non_null(f);
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "#define __NR_%63s %d", name, &nr) != 2 ||
		    !strcmp(name, "syscalls"))	/* __NR_syscalls: the count */
			continue;
		assert_true(nr >= 0 && nr < MAX_NR);
		snprintf(kernel_names[nr], sizeof(kernel_names[nr]), "%s", name);
		count++;
	}
	fclose(f);
	/* Linux 6.1's x86_64 table: 0..334 and 424..450, 362 syscalls */
	assert_int_equal(count, 362);
}

static int setup(void **state)
{
	const char *t = getenv("MOAT_TOP");

	(void)state;
	snprintf(top, sizeof(top), "%s", t ? t : ".");
	load_expected();
	load_kernel_table();
	return 0;
}

static void compile(const char *rel, uint64_t caps, unsigned int major,
		    unsigned int minor, struct sys_profile *p)
{
	struct seccomp_opts opts = {
		.caps = caps, .kernel_major = major, .kernel_minor = minor,
	};
	char path[4200], err[512] = "";
	int ret;

	path_of(path, sizeof(path), rel);
	ret = seccomp_json_compile_file(path, &opts, p, NULL, err, sizeof(err));
	if (ret)
		fail_msg("%s", err);
}

static char *decision(const struct sys_profile *p, enum moat_abi abi,
		      uint32_t nr)
{
	struct sys_decision d;

	sys_decide(p, abi, nr, &d);
	return sys_decision_str(&d);
}

/* Every syscall of the 6.1 kernel, compared with the expected table. */
static void compare_x86_64(uint64_t caps, bool with_caps, int *refused)
{
	struct sys_profile p;
	int nr, compared = 0, mismatches = 0;

	compile("policy/docker-default.json", caps, 6, 1, &p);
	*refused = 0;
	for (nr = 0; nr < MAX_NR; nr++) {
		const char *want;
		char *got;

		if (!kernel_names[nr][0])
			continue;
		if (strcmp(expected[nr].name, kernel_names[nr]))
			fail_msg("syscall %d is %s in the kernel but %s in the table",
				 nr, kernel_names[nr], expected[nr].name);
		want = with_caps ? expected[nr].with_caps : expected[nr].no_caps;
		got = decision(&p, MOAT_ABI_X86_64, nr);
		if (strcmp(got, want)) {
			print_error("# %d %s: want %s, got %s\n", nr,
				    kernel_names[nr], want, got);
			mismatches++;
		}
		if (!strncmp(got, "ERRNO(", 6))
			(*refused)++;
		free(got);
		compared++;
	}
	sys_profile_free(&p);
	print_message("# compared %d syscalls, %d refused\n", compared, *refused);
	assert_int_equal(compared, 362);
	assert_int_equal(mismatches, 0);
}

static void docker_default_caps_x86_64(void **state)
{
	int refused;

	(void)state;
	compare_x86_64(seccomp_docker_default_caps(), true, &refused);
	/*
	 * 67 of 6.1's 362 syscalls are refused with Docker's 14 default caps:
	 * 66 with EPERM and clone3 with ENOSYS. (The reference table's rows up
	 * to 450 hold 68: it also has uprobe, 336, which 6.1 does not.)
	 */
	assert_int_equal(refused, 67);
}

static void no_caps_x86_64(void **state)
{
	int refused;

	(void)state;
	compare_x86_64(0, false, &refused);
	/* and chroot too, without CAP_SYS_CHROOT */
	assert_int_equal(refused, 68);
}

static void specific_decisions(void **state)
{
	struct sys_profile p;
	char *s;

	(void)state;
	compile("policy/docker-default.json", seccomp_docker_default_caps(), 6, 1, &p);
	s = decision(&p, MOAT_ABI_X86_64, 435);
	assert_string_equal(s, "ERRNO(38)");	/* clone3 */
	free(s);
	s = decision(&p, MOAT_ABI_X86_64, 161);
	assert_string_equal(s, "ALLOW");	/* chroot, with CAP_SYS_CHROOT */
	free(s);
	sys_profile_free(&p);

	compile("policy/docker-default.json", 0, 6, 1, &p);
	s = decision(&p, MOAT_ABI_X86_64, 161);
	assert_string_equal(s, "ERRNO(1)");	/* chroot, no caps */
	free(s);
	sys_profile_free(&p);
}

static int call(const struct sys_profile *p, enum moat_abi abi, uint32_t nr,
		uint64_t a0)
{
	uint64_t args[6] = { a0 };

	return sys_decide_args(p, abi, nr, args);
}

static void argument_rules(void **state)
{
	struct sys_profile p;
	int abi;

	(void)state;
	compile("policy/docker-default.json", seccomp_docker_default_caps(), 6, 1, &p);
	for (abi = 0; abi < __MOAT_ABI_COUNT; abi++) {
		uint32_t socket_nr = abi == MOAT_ABI_I386 ? 359 : 41;
		uint32_t pers_nr = abi == MOAT_ABI_I386 ? 136 : 135;
		uint32_t clone_nr = abi == MOAT_ABI_I386 ? 120 : 56;

		assert_int_equal(call(&p, abi, socket_nr, 2), 0);	/* AF_INET */
		assert_int_equal(call(&p, abi, socket_nr, 39), 0);
		assert_int_equal(call(&p, abi, socket_nr, 41), 0);
		assert_int_equal(call(&p, abi, socket_nr, 38), EPERM);	/* AF_ALG */
		assert_int_equal(call(&p, abi, socket_nr, 40), EPERM);	/* AF_VSOCK */
		/* the kernel reads family as int: the upper half does not help */
		assert_int_equal(call(&p, abi, socket_nr, 0x100000028ULL), EPERM);
		assert_int_equal(call(&p, abi, pers_nr, 0), 0);
		assert_int_equal(call(&p, abi, pers_nr, 8), 0);
		assert_int_equal(call(&p, abi, pers_nr, 0x20000), 0);
		assert_int_equal(call(&p, abi, pers_nr, 0x20008), 0);
		assert_int_equal(call(&p, abi, pers_nr, 0xffffffff), 0);
		assert_int_equal(call(&p, abi, pers_nr, 0x40000), EPERM);
		assert_int_equal(call(&p, abi, clone_nr, 17 /* SIGCHLD */), 0);
		assert_int_equal(call(&p, abi, clone_nr, 0x20000 | 17), EPERM);	/* NEWNS */
		assert_int_equal(call(&p, abi, clone_nr, 0x10000000 | 17), EPERM);	/* NEWUSER */
		assert_int_equal(call(&p, abi, clone_nr, 0x40000000 | 17), EPERM);	/* NEWNET */
	}
	sys_profile_free(&p);

	/* With CAP_SYS_ADMIN Docker allows namespaces and clone3. */
	compile("policy/docker-default.json",
		seccomp_docker_default_caps() | 1ULL << CAP_SYS_ADMIN, 6, 1, &p);
	assert_int_equal(call(&p, MOAT_ABI_X86_64, 56, 0x20000 | 17), 0);
	assert_int_equal(call(&p, MOAT_ABI_X86_64, 435, 0), 0);
	assert_int_equal(call(&p, MOAT_ABI_X86_64, 165, 0), 0);	/* mount */
	sys_profile_free(&p);
}

/* Each ABI's number for a name, as libseccomp and the i386 mux table say. */
static int nr_on(enum moat_abi abi, const char *name)
{
	static const uint32_t arch[] = {
		[MOAT_ABI_X86_64] = SCMP_ARCH_X86_64,
		[MOAT_ABI_I386] = SCMP_ARCH_X86,
		[MOAT_ABI_X32] = SCMP_ARCH_X32,
	};
	int nr = seccomp_syscall_resolve_name_arch(arch[abi], name);
	int mux, call_nr, direct;

	if (nr < 0 && abi == MOAT_ABI_I386 &&
	    !i386_mux(name, nr, &mux, &call_nr, &direct))
		return direct;
	if (nr >= 0 && abi == MOAT_ABI_X32)
		nr &= ~0x40000000;
	return nr;
}

static void same_by_name(enum moat_abi abi)
{
	struct sys_profile p;
	int nr, compared = 0, mismatches = 0;

	compile("policy/docker-default.json", seccomp_docker_default_caps(), 6, 1, &p);
	for (nr = 0; nr < MAX_NR; nr++) {
		int other;
		char *want, *got;

		if (!kernel_names[nr][0])
			continue;
		other = nr_on(abi, kernel_names[nr]);
		if (other < 0)
			continue;	/* not on this ABI */
		want = decision(&p, MOAT_ABI_X86_64, nr);
		got = decision(&p, abi, other);
		if (strcmp(want, got)) {
			print_error("# %s %s (%d): want %s, got %s\n", abi_name(abi),
				    kernel_names[nr], other, want, got);
			mismatches++;
		}
		free(want);
		free(got);
		compared++;
	}
	print_message("# %s: compared %d names\n", abi_name(abi), compared);
	assert_true(compared > 300);
	assert_int_equal(mismatches, 0);
	sys_profile_free(&p);
}

static void i386_same_by_name(void **state)
{
	struct sys_profile p;
	char *s;

	(void)state;
	same_by_name(MOAT_ABI_I386);
	compile("policy/docker-default.json", seccomp_docker_default_caps(), 6, 1, &p);
	/* i386-only names of the profile */
	s = decision(&p, MOAT_ABI_I386, 102);	/* socketcall */
	assert_string_equal(s, "ALLOW");
	free(s);
	s = decision(&p, MOAT_ABI_I386, 212);	/* chown32 */
	assert_string_equal(s, "ALLOW");
	free(s);
	s = decision(&p, MOAT_ABI_I386, 21);	/* mount */
	assert_string_equal(s, "ERRNO(1)");
	free(s);
	sys_profile_free(&p);
}

static void x32_same_by_name(void **state)
{
	struct sys_profile p;
	char *s;

	(void)state;
	same_by_name(MOAT_ABI_X32);
	compile("policy/docker-default.json", seccomp_docker_default_caps(), 6, 1, &p);
	s = decision(&p, MOAT_ABI_X32, 514);	/* x32's own ioctl */
	assert_string_equal(s, "ALLOW");
	free(s);
	s = decision(&p, MOAT_ABI_X32, 16);	/* the 64-bit ioctl: not x32's */
	assert_string_equal(s, "ERRNO(1)");
	free(s);
	s = decision(&p, MOAT_ABI_X32, 528);	/* x32 kexec_load */
	assert_string_equal(s, "ERRNO(1)");
	free(s);
	sys_profile_free(&p);
}

static void enosys_above_newest(void **state)
{
	struct sys_profile p;
	int abi;

	(void)state;
	compile("policy/docker-default.json", seccomp_docker_default_caps(), 6, 1, &p);
	for (abi = 0; abi < __MOAT_ABI_COUNT; abi++) {
		const struct sys_abi *t = &p.abi[abi];
		uint32_t max = 0;
		size_t i;
		char *s;

		assert_true(t->present);
		for (i = 0; i < t->nrules; i++)
			if (t->rules[i].nr > max)
				max = t->rules[i].nr;
		/* the newest syscall the profile names is the last not ENOSYS */
		assert_int_equal(t->enosys_from, max + 1);
		s = decision(&p, abi, max + 1);
		assert_string_equal(s, "ERRNO(38)");
		free(s);
		assert_int_equal(sys_decide_args(&p, abi, 0x7fffffff, (uint64_t[6]){ 0 }),
				 ENOSYS);
	}
	sys_profile_free(&p);
}

static void min_kernel(void **state)
{
	struct sys_profile p;
	char *s;

	(void)state;
	/* ptrace: includes.minKernel 4.8 */
	compile("policy/docker-default.json", seccomp_docker_default_caps(), 4, 7, &p);
	s = decision(&p, MOAT_ABI_X86_64, 101);
	assert_string_equal(s, "ERRNO(1)");
	free(s);
	sys_profile_free(&p);
	compile("policy/docker-default.json", seccomp_docker_default_caps(), 4, 8, &p);
	s = decision(&p, MOAT_ABI_X86_64, 101);
	assert_string_equal(s, "ALLOW");
	free(s);
	sys_profile_free(&p);
}

static void caps_tweak(void **state)
{
	char *add[] = { "SYS_ADMIN", "cap_bpf" }, *drop[] = { "CAP_CHOWN" };
	char *all[] = { "ALL" }, *bogus[] = { "CAP_FLY" };
	uint64_t caps = seccomp_docker_default_caps(), dflt = caps;
	char err[128];

	(void)state;
	assert_int_equal(__builtin_popcountll(dflt), 14);
	assert_int_equal(seccomp_caps_tweak(&caps, add, 2, drop, 1, err, sizeof(err)), 0);
	assert_int_equal(caps, (dflt & ~(1ULL << CAP_CHOWN)) |
			 1ULL << CAP_SYS_ADMIN | 1ULL << CAP_BPF);
	caps = dflt;
	assert_int_equal(seccomp_caps_tweak(&caps, add, 1, all, 1, err, sizeof(err)), 0);
	assert_int_equal(caps, 1ULL << CAP_SYS_ADMIN);
	caps = dflt;
	assert_int_equal(seccomp_caps_tweak(&caps, all, 1, drop, 1, err, sizeof(err)), 0);
	assert_true(caps & (1ULL << CAP_SYS_MODULE));
	assert_false(caps & (1ULL << CAP_CHOWN));
	caps = dflt;
	assert_int_equal(seccomp_caps_tweak(&caps, bogus, 1, NULL, 0, err, sizeof(err)),
			 -EINVAL);
	assert_string_equal(err, "unknown capability \"CAP_FLY\"");
	assert_int_equal(caps, dflt);
}

/* Compiles @json; returns 0 or the error, with the message in @err. */
static int compile_text(const char *json, struct sys_profile *p, char *err,
			size_t len)
{
	struct seccomp_opts opts = {
		.caps = seccomp_docker_default_caps(), .kernel_major = 6,
		.kernel_minor = 1,
	};

	err[0] = '\0';
	return seccomp_json_compile_buffer("t.json", json, strlen(json), &opts,
					   p, NULL, err, len);
}

static void bad_input(void **state)
{
	static const struct {
		const char *json;
		const char *msg;
	} cases[] = {
		{ "{\n  \"defaultAction\": \"SCMP_ACT_ERRNO\",\n  oops\n}",
		  "t.json:3:3: " },
		{ "{\"defaultAction\": \"SCMP_ACT_ERRNO\"", "t.json:1:" },
		{ "{\"defaultAction\": \"SCMP_ACT_ERRNO\"} x",
		  "t.json:1:37: unexpected character" },
		{ "[]", "t.json: (top): a seccomp profile is a JSON object" },
		{ "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"sycalls\": []}",
		  "t.json: (top): unknown key \"sycalls\"" },
		{ "{\"defaultAction\": \"SCMP_ACT_KILL\"}",
		  "t.json: defaultAction: action SCMP_ACT_KILL is not supported" },
		{ "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"defaultErrnoRet\": 0}",
		  "t.json: defaultAction: defaultErrnoRet 0" },
		{ "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [{\"names\": [\"read\"], \"action\": \"SCMP_ACT_BOGUS\"}]}",
		  "t.json: syscalls[0]: unknown action \"SCMP_ACT_BOGUS\"" },
		{ "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [{\"name\": \"read\", \"names\": [\"read\"], \"action\": \"SCMP_ACT_ALLOW\"}]}",
		  "t.json: syscalls[0]: both 'name' and 'names'" },
		{ "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [{\"names\": [\"read\"], \"action\": \"SCMP_ACT_ALLOW\", \"args\": [{\"index\": 6, \"value\": 1, \"op\": \"SCMP_CMP_EQ\"}]}]}",
		  "t.json: syscalls[0].args[0]: index must be 0..5" },
		{ "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [{\"names\": [\"read\"], \"action\": \"SCMP_ACT_ALLOW\", \"args\": [{\"index\": 0, \"value\": 1, \"op\": \"SCMP_CMP_ALMOST\"}]}]}",
		  "t.json: syscalls[0].args[0]: op must be one of" },
		{ "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [{\"names\": [\"socket\"], \"action\": \"SCMP_ACT_ALLOW\", \"args\": [{\"index\": 0, \"value\": 4294967296, \"op\": \"SCMP_CMP_EQ\"}]}]}",
		  "does not fit argument 0, which the kernel reads as 32 bits" },
		{ "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [{\"names\": [\"read\"], \"action\": \"SCMP_ACT_ALLOW\"}, {\"names\": [\"read\"], \"action\": \"SCMP_ACT_ERRNO\", \"errnoRet\": 5}]}",
		  "x86_64 syscall 0 has two rules without arguments that disagree" },
		/* found by tests/fuzz/fuzz_seccomp_json.c: the message read the
		   syscall's number from freed memory (ASan: heap-use-after-free) */
		{ "{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"syscalls\":[{\"names\":[\"clone3\"],\"action\":\"SCMP_ACT_ALLOW\"},{\"names\":[\"clone3\"],\"action\":\"SCMP_ACT_ERRNO\",\"errnoRet\":3}]}",
		  "t.json: syscalls: x86_64 syscall 435 has two rules without arguments that disagree" },
		{ "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [{\"names\": [\"read\"], \"action\": \"SCMP_ACT_ALLOW\", \"includes\": {\"minKernel\": \"six\"}}]}",
		  "t.json: syscalls[0].includes: minKernel must be a string \"MAJOR.MINOR\"" },
		{ "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"architectures\": [\"SCMP_ARCH_X86\"], \"archMap\": []}",
		  "t.json: architectures: both 'architectures' and 'archMap'" },
	};
	struct sys_profile p;
	char err[512];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int ret = compile_text(cases[i].json, &p, err, sizeof(err));

		if (ret != -EINVAL || !strstr(err, cases[i].msg))
			fail_msg("case %zu: ret %d, message \"%s\", wanted \"%s\"",
				 i, ret, err, cases[i].msg);
	}
}

static void runc_semantics(void **state)
{
	struct sys_profile p;
	char err[512];
	char *s;

	(void)state;
	/* A rule with the default action is skipped but still counts for ENOSYS. */
	assert_int_equal(compile_text("{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": ["
				      "{\"names\": [\"read\"], \"action\": \"SCMP_ACT_ALLOW\"},"
				      "{\"names\": [\"futex_waitv\"], \"action\": \"SCMP_ACT_ERRNO\"}]}",
				      &p, err, sizeof(err)), 0);
	assert_int_equal(p.abi[MOAT_ABI_X86_64].nrules, 1);
	assert_int_equal(p.abi[MOAT_ABI_X86_64].enosys_from, 450);
	/* No archMap: only the native ABI; the others are closed. */
	assert_false(p.abi[MOAT_ABI_I386].present);
	s = decision(&p, MOAT_ABI_I386, 3);
	assert_string_equal(s, "ERRNO(1)");
	free(s);
	sys_profile_free(&p);

	/* Two comparisons of one argument: one rule each, ORed (runc). */
	assert_int_equal(compile_text("{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": ["
				      "{\"names\": [\"personality\"], \"action\": \"SCMP_ACT_ALLOW\", \"args\": ["
				      "{\"index\": 0, \"value\": 1, \"op\": \"SCMP_CMP_EQ\"},"
				      "{\"index\": 0, \"value\": 2, \"op\": \"SCMP_CMP_EQ\"}]}]}",
				      &p, err, sizeof(err)), 0);
	assert_int_equal(call(&p, MOAT_ABI_X86_64, 135, 1), 0);
	assert_int_equal(call(&p, MOAT_ABI_X86_64, 135, 2), 0);
	assert_int_equal(call(&p, MOAT_ABI_X86_64, 135, 3), EPERM);
	sys_profile_free(&p);

	/* An unconditional rule wins over conditional ones (libseccomp). */
	assert_int_equal(compile_text("{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": ["
				      "{\"names\": [\"personality\"], \"action\": \"SCMP_ACT_ERRNO\", \"errnoRet\": 22, \"args\": ["
				      "{\"index\": 0, \"value\": 1, \"op\": \"SCMP_CMP_EQ\"}]},"
				      "{\"names\": [\"personality\"], \"action\": \"SCMP_ACT_ERRNO\", \"errnoRet\": 13}]}",
				      &p, err, sizeof(err)), 0);
	assert_int_equal(call(&p, MOAT_ABI_X86_64, 135, 1), 13);
	assert_int_equal(call(&p, MOAT_ABI_X86_64, 135, 2), 13);
	/* default ALLOW: no ENOSYS stub */
	assert_int_equal(p.abi[MOAT_ABI_X86_64].enosys_from, 0);
	sys_profile_free(&p);

	/* i386 socket(2): on the direct syscall and on socketcall(SYS_SOCKET) */
	assert_int_equal(compile_text("{\"defaultAction\": \"SCMP_ACT_ERRNO\", "
				      "\"architectures\": [\"SCMP_ARCH_X86_64\", \"SCMP_ARCH_X86\"], \"syscalls\": ["
				      "{\"names\": [\"socket\"], \"action\": \"SCMP_ACT_ALLOW\"}]}",
				      &p, err, sizeof(err)), 0);
	assert_int_equal(call(&p, MOAT_ABI_I386, 359, 40), 0);
	assert_int_equal(call(&p, MOAT_ABI_I386, 102, 1), 0);	/* SYS_SOCKET */
	assert_int_equal(call(&p, MOAT_ABI_I386, 102, 3), EPERM);	/* SYS_CONNECT */
	sys_profile_free(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(docker_default_caps_x86_64),
		cmocka_unit_test(no_caps_x86_64),
		cmocka_unit_test(specific_decisions),
		cmocka_unit_test(argument_rules),
		cmocka_unit_test(i386_same_by_name),
		cmocka_unit_test(x32_same_by_name),
		cmocka_unit_test(enosys_above_newest),
		cmocka_unit_test(min_kernel),
		cmocka_unit_test(caps_tweak),
		cmocka_unit_test(bad_input),
		cmocka_unit_test(runc_semantics),
	};

	return cmocka_run_group_tests_name("seccomp_json", tests, setup, NULL);
}
