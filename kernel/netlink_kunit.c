// SPDX-License-Identifier: GPL-2.0
/*
 * moat - KUnit: hostile attribute sets. Each request is validated as the
 * generic netlink core validates LOAD_PROFILE (moat_load_policy, strict),
 * then built (moat_ruleset_build()); each must fail with its exact errno.
 */

#include <kunit/test.h>

#include "kunit_msg.h"

static const u8 t_x86_64[] = { MOAT_ABI_X86_64 };
static const u8 t_i386[] = { MOAT_ABI_I386 };

static int t_load(struct moat_kmsg *m)
{
	int err = moat_kmsg_load_err(m);

	moat_kmsg_free(m);
	return err;
}

/* A request with an x86_64 syscall layer and one rule, then @extra. */
static int t_one_rule(struct kunit *test, const struct moat_kunit_arg *a,
		      int nargs, u16 err)
{
	struct moat_kmsg m;

	moat_kmsg_init(test, &m, 2048);
	moat_kunit_sys_layer(&m, t_x86_64, 1, 0);
	moat_kunit_rule(&m, MOAT_ABI_X86_64, 56, err, a, nargs);
	return t_load(&m);
}

static void moat_nl_valid_baseline(struct kunit *test)
{
	struct moat_kunit_arg a = { .index = 0, .op = MOAT_CMP_EQ, .value = 1 };

	/* the hostile cases below differ from this in one thing */
	KUNIT_EXPECT_EQ(test, t_one_rule(test, &a, 1, 0), 0);
	KUNIT_EXPECT_EQ(test, t_one_rule(test, NULL, 0, EPERM), 0);
}

static void moat_nl_empty(struct kunit *test)
{
	struct moat_kmsg m;

	/* no layer at all */
	moat_kmsg_init(test, &m, 64);
	KUNIT_EXPECT_EQ(test, t_load(&m), -EINVAL);
}

static void moat_nl_unknown_and_truncated(struct kunit *test)
{
	struct moat_kmsg m;
	struct nlattr *nla;

	/* an attribute type moat does not know (strict validation) */
	moat_kmsg_init(test, &m, 2048);
	moat_kunit_sys_layer(&m, t_x86_64, 1, 0);
	moat_kmsg_u32(&m, MOAT_A_MAX + 1, 0);
	KUNIT_EXPECT_EQ(test, t_load(&m), -EINVAL);
	/* ... or nested one level down */
	moat_kmsg_init(test, &m, 2048);
	nla = moat_kmsg_nest(&m, MOAT_A_PROFILE_SYSCALLS);
	moat_kmsg_u8(&m, MOAT_SYS_A_DEFAULT_ACTION, MOAT_ACT_ALLOW);
	moat_kmsg_u32(&m, MOAT_SYS_A_MAX + 1, 0);
	moat_kmsg_end(&m, nla);
	KUNIT_EXPECT_EQ(test, t_load(&m), -EINVAL);
	/* an attribute claiming more bytes than the message has */
	moat_kmsg_init(test, &m, 2048);
	moat_kunit_sys_layer(&m, t_x86_64, 1, 0);
	nla = moat_kmsg_put(&m, MOAT_A_FLAGS, "\0\0\0\0", 4);
	nla->nla_len += 64;
	KUNIT_EXPECT_EQ(test, t_load(&m), -EINVAL);
	/* a u32 of two bytes (strict validation: EINVAL, not a warning) */
	moat_kmsg_init(test, &m, 2048);
	moat_kunit_sys_layer(&m, t_x86_64, 1, 0);
	moat_kmsg_put(&m, MOAT_A_FLAGS, "\0", 2);
	KUNIT_EXPECT_EQ(test, t_load(&m), -EINVAL);
	/* a nested attribute that is not nested */
	moat_kmsg_init(test, &m, 2048);
	moat_kmsg_u32(&m, MOAT_A_PROFILE_SYSCALLS, 0);
	KUNIT_EXPECT_EQ(test, t_load(&m), -EINVAL);
}

static void moat_nl_rule_ranges(struct kunit *test)
{
	struct moat_kunit_arg a = { .index = 0, .op = MOAT_CMP_EQ, .value = 1 };
	struct moat_kmsg m;

	/* errno 0 and past MOAT_ERRNO_MAX: the policy's range */
	KUNIT_EXPECT_EQ(test, t_one_rule(test, NULL, 0, MOAT_ERRNO_MAX + 1),
			-ERANGE);
	/* argument index 6, operator past the last, width 16 */
	a.index = MOAT_SYS_ARGS_MAX;
	KUNIT_EXPECT_EQ(test, t_one_rule(test, &a, 1, 0), -ERANGE);
	a.index = 0;
	a.op = MOAT_CMP_MAX + 1;
	KUNIT_EXPECT_EQ(test, t_one_rule(test, &a, 1, 0), -ERANGE);
	a.op = MOAT_CMP_EQ;
	a.width = 16;
	KUNIT_EXPECT_EQ(test, t_one_rule(test, &a, 1, 0), -ERANGE);
	a.width = 0;
	/* a syscall number past MOAT_SYS_NR_MAX */
	moat_kmsg_init(test, &m, 2048);
	moat_kunit_sys_layer(&m, t_x86_64, 1, 0);
	moat_kunit_rule(&m, MOAT_ABI_X86_64, MOAT_SYS_NR_MAX, 0, NULL, 0);
	KUNIT_EXPECT_EQ(test, t_load(&m), -ERANGE);
	/* an ABI that does not exist */
	moat_kmsg_init(test, &m, 2048);
	moat_kunit_sys_layer(&m, t_x86_64, 1, 0);
	moat_kunit_rule(&m, MOAT_ABI_MAX + 1, 1, 0, NULL, 0);
	KUNIT_EXPECT_EQ(test, t_load(&m), -ERANGE);
}

static void moat_nl_rule_consistency(struct kunit *test)
{
	struct moat_kunit_arg a[7] = { };
	struct moat_kmsg m;
	int i;
	struct nlattr *rule, *arr, *arg;

	/* a masked comparison without its mask */
	moat_kmsg_init(test, &m, 2048);
	moat_kunit_sys_layer(&m, t_x86_64, 1, 0);
	rule = moat_kmsg_nest(&m, MOAT_A_SYSCALL_RULE);
	moat_kmsg_u8(&m, MOAT_RULE_A_ABI, MOAT_ABI_X86_64);
	moat_kmsg_u32(&m, MOAT_RULE_A_NR, 56);
	moat_kmsg_u8(&m, MOAT_RULE_A_ACTION, MOAT_ACT_ALLOW);
	arr = moat_kmsg_nest(&m, MOAT_RULE_A_ARGS);
	arg = moat_kmsg_nest(&m, 1);
	moat_kmsg_u8(&m, MOAT_ARG_A_INDEX, 0);
	moat_kmsg_u8(&m, MOAT_ARG_A_OP, MOAT_CMP_MASKED_EQ);
	moat_kmsg_u64(&m, MOAT_ARG_A_VALUE, 0);
	moat_kmsg_end(&m, arg);
	moat_kmsg_end(&m, arr);
	moat_kmsg_end(&m, rule);
	KUNIT_EXPECT_EQ(test, t_load(&m), -EINVAL);
	/* seven comparisons: a syscall has six arguments */
	for (i = 0; i < 7; i++) {
		a[i].index = i % 6;
		a[i].op = MOAT_CMP_NE;
	}
	KUNIT_EXPECT_EQ(test, t_one_rule(test, a, 7, 0), -EINVAL);
	/* an operand wider than a 32-bit argument */
	a[0].op = MOAT_CMP_EQ;
	a[0].width = 32;
	a[0].value = 1ULL << 32;
	KUNIT_EXPECT_EQ(test, t_one_rule(test, a, 1, 0), -EINVAL);
	/* an i386 rule's operand must fit in 32 bits */
	moat_kmsg_init(test, &m, 2048);
	moat_kunit_sys_layer(&m, t_i386, 1, 0);
	a[0].width = 0;
	moat_kunit_rule(&m, MOAT_ABI_I386, 136, 0, a, 1);
	KUNIT_EXPECT_EQ(test, t_load(&m), -EINVAL);
	/* a rule for an ABI the profile does not declare */
	moat_kmsg_init(test, &m, 2048);
	moat_kunit_sys_layer(&m, t_x86_64, 1, 0);
	moat_kunit_rule(&m, MOAT_ABI_I386, 20, 0, NULL, 0);
	KUNIT_EXPECT_EQ(test, t_load(&m), -EINVAL);
	/* two unconditional rules for one syscall */
	moat_kmsg_init(test, &m, 2048);
	moat_kunit_sys_layer(&m, t_x86_64, 1, 0);
	moat_kunit_rule(&m, MOAT_ABI_X86_64, 39, 0, NULL, 0);
	moat_kunit_rule(&m, MOAT_ABI_X86_64, 39, EPERM, NULL, 0);
	KUNIT_EXPECT_EQ(test, t_load(&m), -EINVAL);
	/* a conditional rule, then an unconditional one for the same syscall */
	moat_kmsg_init(test, &m, 2048);
	moat_kunit_sys_layer(&m, t_x86_64, 1, 0);
	a[0].value = 1;
	moat_kunit_rule(&m, MOAT_ABI_X86_64, 39, 0, a, 1);
	moat_kunit_rule(&m, MOAT_ABI_X86_64, 39, EPERM, NULL, 0);
	KUNIT_EXPECT_EQ(test, t_load(&m), -EINVAL);
	/* a rule at or above ENOSYS_FROM */
	moat_kmsg_init(test, &m, 2048);
	moat_kunit_sys_layer(&m, t_x86_64, 1, 100);
	moat_kunit_rule(&m, MOAT_ABI_X86_64, 100, 0, NULL, 0);
	KUNIT_EXPECT_EQ(test, t_load(&m), -EINVAL);
	/* an ABI declared twice */
	{
		static const u8 twice[] = { MOAT_ABI_X86_64, MOAT_ABI_X86_64 };

		moat_kmsg_init(test, &m, 2048);
		moat_kunit_sys_layer(&m, twice, 2, 0);
		KUNIT_EXPECT_EQ(test, t_load(&m), -EINVAL);
	}
}

static void moat_nl_errno_iff_errno_action(struct kunit *test)
{
	struct nlattr *rule, *sys;
	struct moat_kmsg m;

	/* ERRNO without an errno */
	moat_kmsg_init(test, &m, 2048);
	moat_kunit_sys_layer(&m, t_x86_64, 1, 0);
	rule = moat_kmsg_nest(&m, MOAT_A_SYSCALL_RULE);
	moat_kmsg_u8(&m, MOAT_RULE_A_ABI, MOAT_ABI_X86_64);
	moat_kmsg_u32(&m, MOAT_RULE_A_NR, 1);
	moat_kmsg_u8(&m, MOAT_RULE_A_ACTION, MOAT_ACT_ERRNO);
	moat_kmsg_end(&m, rule);
	KUNIT_EXPECT_EQ(test, t_load(&m), -EINVAL);
	/* ALLOW with an errno */
	moat_kmsg_init(test, &m, 2048);
	moat_kunit_sys_layer(&m, t_x86_64, 1, 0);
	rule = moat_kmsg_nest(&m, MOAT_A_SYSCALL_RULE);
	moat_kmsg_u8(&m, MOAT_RULE_A_ABI, MOAT_ABI_X86_64);
	moat_kmsg_u32(&m, MOAT_RULE_A_NR, 1);
	moat_kmsg_u8(&m, MOAT_RULE_A_ACTION, MOAT_ACT_ALLOW);
	moat_kmsg_u16(&m, MOAT_RULE_A_ERRNO, EPERM);
	moat_kmsg_end(&m, rule);
	KUNIT_EXPECT_EQ(test, t_load(&m), -EINVAL);
	/* a default ERRNO action without its errno */
	moat_kmsg_init(test, &m, 2048);
	sys = moat_kmsg_nest(&m, MOAT_A_PROFILE_SYSCALLS);
	moat_kmsg_u8(&m, MOAT_SYS_A_DEFAULT_ACTION, MOAT_ACT_ERRNO);
	moat_kmsg_end(&m, sys);
	KUNIT_EXPECT_EQ(test, t_load(&m), -EINVAL);
}

static void moat_nl_huge_counts(struct kunit *test)
{
	struct moat_kmsg m;
	int i;

	/* one rule more than MOAT_SYS_RULES_MAX: E2BIG, nothing built */
	moat_kmsg_init(test, &m, (MOAT_SYS_RULES_MAX + 1) * 80 + 1024);
	moat_kunit_sys_layer(&m, t_x86_64, 1, 0);
	for (i = 0; i <= MOAT_SYS_RULES_MAX; i++) {
		struct moat_kunit_arg a = { .op = MOAT_CMP_EQ, .value = i };

		moat_kunit_rule(&m, MOAT_ABI_X86_64, i % MOAT_SYS_NR_MAX, 0,
				&a, 1);
	}
	KUNIT_EXPECT_EQ(test, t_load(&m), -E2BIG);
}

static void moat_nl_labels(struct kunit *test)
{
	struct nlattr *n, *r;
	struct moat_kmsg m;
	int i;

	/* a default type that is not a type */
	moat_kmsg_init(test, &m, 1024);
	n = moat_kmsg_nest(&m, MOAT_A_PROFILE_LABELS);
	moat_kmsg_str(&m, MOAT_LABELS_A_DEFAULT_TYPE, "Usr_t");
	moat_kmsg_end(&m, n);
	KUNIT_EXPECT_EQ(test, t_load(&m), -EINVAL);
	/* 64 bytes of type: no NUL within the policy's length */
	moat_kmsg_init(test, &m, 1024);
	n = moat_kmsg_nest(&m, MOAT_A_PROFILE_LABELS);
	moat_kmsg_str(&m, MOAT_LABELS_A_DEFAULT_TYPE,
		      "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
	moat_kmsg_end(&m, n);
	KUNIT_EXPECT_EQ(test, t_load(&m), -EINVAL);
	/* a rule granting a permission moat does not know */
	moat_kmsg_init(test, &m, 1024);
	n = moat_kmsg_nest(&m, MOAT_A_PROFILE_LABELS);
	moat_kmsg_str(&m, MOAT_LABELS_A_DEFAULT_TYPE, "usr_t");
	moat_kmsg_end(&m, n);
	r = moat_kmsg_nest(&m, MOAT_A_LABEL_RULE);
	moat_kmsg_str(&m, MOAT_LRULE_A_SUBJECT, "a_t");
	moat_kmsg_str(&m, MOAT_LRULE_A_OBJECT, "b_t");
	moat_kmsg_u32(&m, MOAT_LRULE_A_PERMS, MOAT_LABEL_ALL + 1);
	moat_kmsg_end(&m, r);
	KUNIT_EXPECT_EQ(test, t_load(&m), -EINVAL);
	/* more fs_default statements than MOAT_LABEL_FS_MAX */
	moat_kmsg_init(test, &m, 64 * 1024);
	n = moat_kmsg_nest(&m, MOAT_A_PROFILE_LABELS);
	moat_kmsg_str(&m, MOAT_LABELS_A_DEFAULT_TYPE, "usr_t");
	moat_kmsg_end(&m, n);
	for (i = 0; i <= MOAT_LABEL_FS_MAX; i++) {
		char fstype[16];

		snprintf(fstype, sizeof(fstype), "fs%d", i);
		r = moat_kmsg_nest(&m, MOAT_A_LABEL_FS);
		moat_kmsg_str(&m, MOAT_LFS_A_FSTYPE, fstype);
		moat_kmsg_str(&m, MOAT_LFS_A_TYPE, "tmp_t");
		moat_kmsg_end(&m, r);
	}
	KUNIT_EXPECT_EQ(test, t_load(&m), -E2BIG);
}

/* A layer's top-level tables and rules without the layer's nest. */
static void moat_nl_layerless(struct kunit *test)
{
	static const u16 trans[2] = {};
	static const struct moat_dfa_accept acc = {};
	struct nlattr *r;
	struct moat_kmsg m;

	moat_kmsg_init(test, &m, 1024);
	moat_kunit_sys_layer(&m, t_x86_64, 1, 0);
	moat_kmsg_put(&m, MOAT_A_DFA_TRANS, trans, sizeof(trans));
	KUNIT_EXPECT_EQ(test, t_load(&m), -EINVAL);
	moat_kmsg_init(test, &m, 1024);
	moat_kunit_sys_layer(&m, t_x86_64, 1, 0);
	moat_kmsg_put(&m, MOAT_A_DFA_ACCEPT, &acc, sizeof(acc));
	KUNIT_EXPECT_EQ(test, t_load(&m), -EINVAL);
	moat_kmsg_init(test, &m, 1024);
	moat_kunit_sys_layer(&m, t_x86_64, 1, 0);
	r = moat_kmsg_nest(&m, MOAT_A_PEER_RULE);
	moat_kmsg_u8(&m, MOAT_PEER_A_CLASS, MOAT_PEER_SIGNAL);
	moat_kmsg_u32(&m, MOAT_PEER_A_PERMS, MOAT_SIGNAL_SEND);
	moat_kmsg_end(&m, r);
	KUNIT_EXPECT_EQ(test, t_load(&m), -EINVAL);
	moat_kmsg_init(test, &m, 1024);
	moat_kunit_sys_layer(&m, t_x86_64, 1, 0);
	r = moat_kmsg_nest(&m, MOAT_A_LABEL_FS);
	moat_kmsg_str(&m, MOAT_LFS_A_FSTYPE, "tmpfs");
	moat_kmsg_str(&m, MOAT_LFS_A_TYPE, "tmp_t");
	moat_kmsg_end(&m, r);
	KUNIT_EXPECT_EQ(test, t_load(&m), -EINVAL);
}

static struct kunit_case moat_nl_cases[] = {
	KUNIT_CASE(moat_nl_valid_baseline),
	KUNIT_CASE(moat_nl_empty),
	KUNIT_CASE(moat_nl_unknown_and_truncated),
	KUNIT_CASE(moat_nl_rule_ranges),
	KUNIT_CASE(moat_nl_rule_consistency),
	KUNIT_CASE(moat_nl_errno_iff_errno_action),
	KUNIT_CASE(moat_nl_huge_counts),
	KUNIT_CASE(moat_nl_labels),
	KUNIT_CASE(moat_nl_layerless),
	{}
};

static struct kunit_suite moat_nl_suite = {
	.name = "moat-profile-validation",
	.test_cases = moat_nl_cases,
};

kunit_test_suite(moat_nl_suite);
