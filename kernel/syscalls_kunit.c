// SPDX-License-Identifier: GPL-2.0
/*
 * moat - KUnit: the syscall layer's decisions (syscalls.c): argument
 * predicates with Docker's default profile's own rules (clone flags,
 * personality, socket family), per-rule errno, ENOSYS above the newest
 * syscall, and undeclared ABIs.
 */

#include <kunit/test.h>

#include "kunit_msg.h"

/* x86_64 numbers (arch/x86/entry/syscalls/syscall_64.tbl) */
#define NR_GETPID	39
#define NR_SOCKET	41
#define NR_CLONE	56
#define NR_PERSONALITY	135
#define NR_CLONE3	435
#define NR_NEWEST	450	/* set_mempolicy_home_node, 6.1's last */
/* i386 numbers (syscall_32.tbl) */
#define NR32_GETPID	20
#define NR32_PERSONALITY 136

/**
 * moat_kunit_sys_layer() - add a syscall layer header to a test request
 * @m: the request
 * @abis: &enum moat_abi values declared
 * @nabis: entries in @abis
 * @enosys_from: x86_64's ENOSYS_FROM, 0 for none
 *
 * The default action is ERRNO with EPERM, as in Docker's profile.
 *
 * Context: process context (KUnit).
 */
void moat_kunit_sys_layer(struct moat_kmsg *m, const u8 *abis, int nabis,
			  u32 enosys_from)
{
	struct nlattr *sys, *arr, *abi;
	int i;

	sys = moat_kmsg_nest(m, MOAT_A_PROFILE_SYSCALLS);
	moat_kmsg_u8(m, MOAT_SYS_A_DEFAULT_ACTION, MOAT_ACT_ERRNO);
	moat_kmsg_u16(m, MOAT_SYS_A_DEFAULT_ERRNO, EPERM);
	arr = moat_kmsg_nest(m, MOAT_SYS_A_ABIS);
	for (i = 0; i < nabis; i++) {
		abi = moat_kmsg_nest(m, i + 1);
		moat_kmsg_u8(m, MOAT_ABI_A_ID, abis[i]);
		if (abis[i] == MOAT_ABI_X86_64 && enosys_from)
			moat_kmsg_u32(m, MOAT_ABI_A_ENOSYS_FROM, enosys_from);
		moat_kmsg_end(m, abi);
	}
	moat_kmsg_end(m, arr);
	moat_kmsg_end(m, sys);
}

/**
 * moat_kunit_rule() - add a syscall rule to a test request
 * @m: the request
 * @abi: &enum moat_abi
 * @nr: syscall number
 * @err: errno the rule returns, 0 to allow
 * @args: argument comparisons, all of which must hold
 * @nargs: entries in @args (0: unconditional)
 *
 * Context: process context (KUnit).
 */
void moat_kunit_rule(struct moat_kmsg *m, u8 abi, u32 nr, u16 err,
		     const struct moat_kunit_arg *args, int nargs)
{
	struct nlattr *rule, *arr, *arg;
	int i;

	rule = moat_kmsg_nest(m, MOAT_A_SYSCALL_RULE);
	moat_kmsg_u8(m, MOAT_RULE_A_ABI, abi);
	moat_kmsg_u32(m, MOAT_RULE_A_NR, nr);
	moat_kmsg_u8(m, MOAT_RULE_A_ACTION, err ? MOAT_ACT_ERRNO :
						  MOAT_ACT_ALLOW);
	if (err)
		moat_kmsg_u16(m, MOAT_RULE_A_ERRNO, err);
	if (nargs) {
		arr = moat_kmsg_nest(m, MOAT_RULE_A_ARGS);
		for (i = 0; i < nargs; i++) {
			arg = moat_kmsg_nest(m, i + 1);
			moat_kmsg_u8(m, MOAT_ARG_A_INDEX, args[i].index);
			moat_kmsg_u8(m, MOAT_ARG_A_OP, args[i].op);
			moat_kmsg_u64(m, MOAT_ARG_A_VALUE, args[i].value);
			if (args[i].op == MOAT_CMP_MASKED_EQ)
				moat_kmsg_u64(m, MOAT_ARG_A_MASK, args[i].mask);
			if (args[i].width)
				moat_kmsg_u8(m, MOAT_ARG_A_WIDTH,
					     args[i].width);
			moat_kmsg_end(m, arg);
		}
		moat_kmsg_end(m, arr);
	}
	moat_kmsg_end(m, rule);
}

static const u8 t_abis[] = { MOAT_ABI_X86_64, MOAT_ABI_I386 };

/* Docker's default.json: clone without namespace flags, mask 0x7E020000 */
static const struct moat_kunit_arg t_clone = {
	.index = 0, .op = MOAT_CMP_MASKED_EQ, .mask = 0x7E020000, .value = 0,
};

/* its five personality values (int argument: 32 bits) */
static const u64 t_personas[] = { 0x0, 0x8, 0x20000, 0x20008, 0xffffffff };

/* and its socket rule: any family but AF_VSOCK (40) */
static const struct moat_kunit_arg t_socket = {
	.index = 0, .op = MOAT_CMP_NE, .value = 40,
};

static struct moat_ruleset *t_build(struct kunit *test)
{
	struct moat_kunit_arg persona = { .index = 0, .op = MOAT_CMP_EQ,
					  .width = 32 };
	struct moat_ruleset *rs;
	struct moat_kmsg m;
	size_t i;

	moat_kmsg_init(test, &m, 8192);
	moat_kunit_sys_layer(&m, t_abis, ARRAY_SIZE(t_abis), NR_NEWEST + 1);
	moat_kunit_rule(&m, MOAT_ABI_X86_64, NR_GETPID, 0, NULL, 0);
	moat_kunit_rule(&m, MOAT_ABI_X86_64, NR_CLONE, 0, &t_clone, 1);
	for (i = 0; i < ARRAY_SIZE(t_personas); i++) {
		persona.value = t_personas[i];
		moat_kunit_rule(&m, MOAT_ABI_X86_64, NR_PERSONALITY, 0,
				&persona, 1);
	}
	moat_kunit_rule(&m, MOAT_ABI_X86_64, NR_SOCKET, 0, &t_socket, 1);
	moat_kunit_rule(&m, MOAT_ABI_X86_64, NR_CLONE3, ENOSYS, NULL, 0);
	moat_kunit_rule(&m, MOAT_ABI_I386, NR32_GETPID, 0, NULL, 0);
	persona.value = 0x8;
	moat_kunit_rule(&m, MOAT_ABI_I386, NR32_PERSONALITY, 0, &persona, 1);
	rs = moat_kmsg_build(&m, NULL);
	moat_kmsg_free(&m);
	KUNIT_ASSERT_FALSE(test, IS_ERR(rs));
	return rs;
}

static int t_decide(struct moat_ruleset *rs, enum moat_abi abi,
		    unsigned int nr, unsigned long a0)
{
	unsigned long args[6] = { a0 };

	return moat_sys_decide(&rs->sys, abi, nr, args);
}

static void moat_sys_clone_flags(struct kunit *test)
{
	struct moat_ruleset *rs = t_build(test);

	KUNIT_EXPECT_EQ(test, t_decide(rs, MOAT_ABI_X86_64, NR_CLONE, 17), 0);
	/* CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD */
	KUNIT_EXPECT_EQ(test, t_decide(rs, MOAT_ABI_X86_64, NR_CLONE,
				       0x10f00), 0);
	KUNIT_EXPECT_EQ(test, t_decide(rs, MOAT_ABI_X86_64, NR_CLONE,
				       0x10000000 | 17), -EPERM); /* NEWUSER */
	KUNIT_EXPECT_EQ(test, t_decide(rs, MOAT_ABI_X86_64, NR_CLONE,
				       0x00020000), -EPERM);	/* NEWNS */
	KUNIT_EXPECT_EQ(test, t_decide(rs, MOAT_ABI_X86_64, NR_CLONE,
				       0x40000000), -EPERM);	/* NEWNET */
	/* clone3's flags are in memory: ENOSYS, glibc falls back to clone */
	KUNIT_EXPECT_EQ(test, t_decide(rs, MOAT_ABI_X86_64, NR_CLONE3, 0),
			-ENOSYS);
	moat_ruleset_free(rs);
}

static void moat_sys_personality(struct kunit *test)
{
	struct moat_ruleset *rs = t_build(test);
	size_t i;

	for (i = 0; i < ARRAY_SIZE(t_personas); i++)
		KUNIT_EXPECT_EQ(test, t_decide(rs, MOAT_ABI_X86_64,
					       NR_PERSONALITY, t_personas[i]),
				0);
	KUNIT_EXPECT_EQ(test, t_decide(rs, MOAT_ABI_X86_64, NR_PERSONALITY,
				       0x0400000), -EPERM);	/* READ_IMPLIES_EXEC */
	/* the syscall reads 32 bits: upper garbage is what it ignores */
	KUNIT_EXPECT_EQ(test, t_decide(rs, MOAT_ABI_X86_64, NR_PERSONALITY,
				       0xdead000000000008UL), 0);
	KUNIT_EXPECT_EQ(test, t_decide(rs, MOAT_ABI_I386, NR32_PERSONALITY, 8),
			0);
	KUNIT_EXPECT_EQ(test, t_decide(rs, MOAT_ABI_I386, NR32_PERSONALITY, 0),
			-EPERM);
	moat_ruleset_free(rs);
}

static void moat_sys_socket_family(struct kunit *test)
{
	struct moat_ruleset *rs = t_build(test);

	KUNIT_EXPECT_EQ(test, t_decide(rs, MOAT_ABI_X86_64, NR_SOCKET, 2), 0);
	KUNIT_EXPECT_EQ(test, t_decide(rs, MOAT_ABI_X86_64, NR_SOCKET, 1), 0);
	KUNIT_EXPECT_EQ(test, t_decide(rs, MOAT_ABI_X86_64, NR_SOCKET, 40),
			-EPERM);
	moat_ruleset_free(rs);
}

static void moat_sys_numbers(struct kunit *test)
{
	struct moat_ruleset *rs = t_build(test);

	KUNIT_EXPECT_EQ(test, t_decide(rs, MOAT_ABI_X86_64, NR_GETPID, 0), 0);
	/* named by no rule: the default */
	KUNIT_EXPECT_EQ(test, t_decide(rs, MOAT_ABI_X86_64, NR_GETPID + 1, 0),
			-EPERM);
	KUNIT_EXPECT_EQ(test, t_decide(rs, MOAT_ABI_X86_64, NR_NEWEST, 0),
			-EPERM);
	/* newer than the profile: ENOSYS, as runc answers */
	KUNIT_EXPECT_EQ(test, t_decide(rs, MOAT_ABI_X86_64, NR_NEWEST + 1, 0),
			-ENOSYS);
	KUNIT_EXPECT_EQ(test, t_decide(rs, MOAT_ABI_X86_64, 0x7fffffff, 0),
			-ENOSYS);
	KUNIT_EXPECT_EQ(test, t_decide(rs, MOAT_ABI_X86_64, U32_MAX, 0),
			-ENOSYS);
	/* i386 has no ENOSYS_FROM here: a huge number is just unnamed */
	KUNIT_EXPECT_EQ(test, t_decide(rs, MOAT_ABI_I386, NR32_GETPID, 0), 0);
	KUNIT_EXPECT_EQ(test, t_decide(rs, MOAT_ABI_I386, 0x7fffffff, 0),
			-EPERM);
	/* x32 is not declared: every syscall is refused */
	KUNIT_EXPECT_EQ(test, t_decide(rs, MOAT_ABI_X32, NR_GETPID, 0), -EPERM);
	moat_ruleset_free(rs);
}

static void moat_sys_unsigned_ops(struct kunit *test)
{
	static const struct {
		u8 op;
		u64 value;
		unsigned long arg;
		int want;
	} c[] = {
		{ MOAT_CMP_LT, 10, 9, 0 },
		{ MOAT_CMP_LT, 10, 10, -EPERM },
		{ MOAT_CMP_LT, 10, -1UL, -EPERM },	/* unsigned */
		{ MOAT_CMP_LE, 10, 10, 0 },
		{ MOAT_CMP_LE, 10, 11, -EPERM },
		{ MOAT_CMP_GE, 1UL << 63, -1UL, 0 },
		{ MOAT_CMP_GE, 1UL << 63, 5, -EPERM },
		{ MOAT_CMP_GT, 0, 1, 0 },
		{ MOAT_CMP_GT, 0, 0, -EPERM },
		{ MOAT_CMP_EQ, 7, 7, 0 },
		{ MOAT_CMP_EQ, 7, 7 | (1UL << 32), -EPERM },	/* 64 bits */
		{ MOAT_CMP_NE, 7, 8, 0 },
		{ MOAT_CMP_NE, 7, 7, -EPERM },
	};
	struct moat_kunit_arg a = { .index = 1 };
	struct moat_ruleset *rs;
	struct moat_kmsg m;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(c); i++) {
		unsigned long args[6] = { 0, c[i].arg };

		moat_kmsg_init(test, &m, 1024);
		moat_kunit_sys_layer(&m, t_abis, 1, 0);
		a.op = c[i].op;
		a.value = c[i].value;
		moat_kunit_rule(&m, MOAT_ABI_X86_64, 100, 0, &a, 1);
		rs = moat_kmsg_build(&m, NULL);
		moat_kmsg_free(&m);
		KUNIT_ASSERT_FALSE(test, IS_ERR(rs));
		KUNIT_EXPECT_EQ_MSG(test, moat_sys_decide(&rs->sys,
							  MOAT_ABI_X86_64, 100,
							  args),
				    c[i].want, "case %zu", i);
		moat_ruleset_free(rs);
	}
}

static struct kunit_case moat_sys_cases[] = {
	KUNIT_CASE(moat_sys_clone_flags),
	KUNIT_CASE(moat_sys_personality),
	KUNIT_CASE(moat_sys_socket_family),
	KUNIT_CASE(moat_sys_numbers),
	KUNIT_CASE(moat_sys_unsigned_ops),
	{}
};

static struct kunit_suite moat_sys_suite = {
	.name = "moat-syscall-args",
	.test_cases = moat_sys_cases,
};

kunit_test_suite(moat_sys_suite);
