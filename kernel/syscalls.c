// SPDX-License-Identifier: GPL-2.0
/*
 * moat - syscall layer: ruleset tables, decisions, and the sys_enter probe
 *
 * A profile's syscall layer is one table per ABI, indexed by syscall number.
 * Each entry holds the errno to return (0: allow) and, for syscalls with
 * argument rules, the range of conditional rules to try first. The tables
 * are built once, when a profile is loaded, and never change afterwards;
 * deciding a syscall is one bounds check, one load and, for a handful of
 * syscalls, a few comparisons.
 *
 * The decision is enforced from the sys_enter tracepoint, which runs after
 * ptrace and seccomp and before the syscall table is indexed. Setting
 * orig_ax to -1 makes the entry code skip the syscall and return ax, since
 * fb13b11d5387 ("entry: Respect changes to system call number by
 * trace_sys_enter()"), which is in 6.1.84 and later.
 */

#define pr_fmt(fmt) "moat: " fmt

#include <linux/errno.h>
#include <linux/jump_label.h>
#include <linux/moduleparam.h>
#include <linux/nospec.h>
#include <linux/percpu.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/tracepoint.h>
#include <linux/version.h>
#include <net/netlink.h>
#include <asm/syscall.h>
#include <asm/unistd.h>
#include <uapi/linux/mount.h>

#include "moat.h"

static DEFINE_PER_CPU(u64, moat_denial_count);

/*
 * What the first pass over a profile's attributes learns: the sizes of the
 * tables and the per-ABI settings. The second pass uses next_cmp and filled
 * (per ABI and syscall number) as cursors while it writes the rules in.
 */
struct moat_sys_census {
	u32 nr_entries[__MOAT_ABI_COUNT];
	u32 enosys_from[__MOAT_ABI_COUNT];
	bool has_abi[__MOAT_ABI_COUNT];
	u16 default_err;
	u32 nr_conds;
	u32 nr_cmps;
	u32 nr_rules;
	/* per ABI and syscall number: conditional rules, U16_MAX if unconditional */
	u16 *conds_per_nr[__MOAT_ABI_COUNT];
	u32 next_cmp;
	u16 *filled[__MOAT_ABI_COUNT];
};

static int moat_sys_check_cmp(const struct nlattr *attr, enum moat_abi abi,
			      struct moat_sys_cmp *out,
			      struct netlink_ext_ack *extack)
{
	struct nlattr *tb[MOAT_ARG_A_MAX + 1];
	u64 limit;
	int err;

	err = nla_parse_nested(tb, MOAT_ARG_A_MAX, attr, moat_arg_policy,
			       extack);
	if (err)
		return err;
	if (NL_REQ_ATTR_CHECK(extack, attr, tb, MOAT_ARG_A_INDEX) ||
	    NL_REQ_ATTR_CHECK(extack, attr, tb, MOAT_ARG_A_OP) ||
	    NL_REQ_ATTR_CHECK(extack, attr, tb, MOAT_ARG_A_VALUE))
		return -EINVAL;

	out->index = nla_get_u8(tb[MOAT_ARG_A_INDEX]);
	out->op = nla_get_u8(tb[MOAT_ARG_A_OP]);
	out->value = nla_get_u64(tb[MOAT_ARG_A_VALUE]);
	out->width = tb[MOAT_ARG_A_WIDTH] ?
		     nla_get_u8(tb[MOAT_ARG_A_WIDTH]) : 64;
	if (out->width != 32 && out->width != 64) {
		NL_SET_ERR_MSG_ATTR(extack, tb[MOAT_ARG_A_WIDTH],
				    "argument width must be 32 or 64");
		return -EINVAL;
	}
	if (abi == MOAT_ABI_I386)
		out->width = 32;

	if (out->op == MOAT_CMP_MASKED_EQ) {
		if (!tb[MOAT_ARG_A_MASK]) {
			NL_SET_ERR_MSG_ATTR(extack, attr,
					    "masked comparison without a mask");
			return -EINVAL;
		}
		out->mask = nla_get_u64(tb[MOAT_ARG_A_MASK]);
	} else {
		if (tb[MOAT_ARG_A_MASK]) {
			NL_SET_ERR_MSG_ATTR(extack, tb[MOAT_ARG_A_MASK],
					    "mask given for an unmasked comparison");
			return -EINVAL;
		}
		out->mask = U64_MAX;
	}

	limit = out->width == 32 ? U32_MAX : U64_MAX;
	if (out->value > limit || (out->op == MOAT_CMP_MASKED_EQ &&
				   out->mask > limit)) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "operand wider than the argument");
		return -EINVAL;
	}
	out->mask &= limit;
	return 0;
}

/*
 * Walks one rule. With @sys NULL it validates and counts into @census; with
 * @sys it writes the rule into the tables that the first pass sized.
 */
static int moat_sys_walk_rule(const struct nlattr *attr,
			      struct moat_sys_census *census,
			      struct moat_sys_policy *sys,
			      struct netlink_ext_ack *extack)
{
	struct nlattr *tb[MOAT_RULE_A_MAX + 1];
	struct moat_sys_entry *entry;
	struct moat_sys_cond *cond;
	const struct nlattr *arg;
	u16 *slot, err_val = 0;
	u32 nr, ncmp = 0;
	enum moat_abi abi;
	bool is_errno;
	int rem, err;

	err = nla_parse_nested(tb, MOAT_RULE_A_MAX, attr, moat_rule_policy,
			       extack);
	if (err)
		return err;
	if (NL_REQ_ATTR_CHECK(extack, attr, tb, MOAT_RULE_A_ABI) ||
	    NL_REQ_ATTR_CHECK(extack, attr, tb, MOAT_RULE_A_NR) ||
	    NL_REQ_ATTR_CHECK(extack, attr, tb, MOAT_RULE_A_ACTION))
		return -EINVAL;

	abi = nla_get_u8(tb[MOAT_RULE_A_ABI]);
	if (!census->has_abi[abi]) {
		NL_SET_ERR_MSG_ATTR(extack, tb[MOAT_RULE_A_ABI],
				    "rule for an ABI the profile does not declare");
		return -EINVAL;
	}

	nr = nla_get_u32(tb[MOAT_RULE_A_NR]);
	is_errno = nla_get_u8(tb[MOAT_RULE_A_ACTION]) == MOAT_ACT_ERRNO;
	if (is_errno != !!tb[MOAT_RULE_A_ERRNO]) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "an errno is given iff the action is ERRNO");
		return -EINVAL;
	}
	if (tb[MOAT_RULE_A_ERRNO])
		err_val = nla_get_u16(tb[MOAT_RULE_A_ERRNO]);
	if (nr >= census->enosys_from[abi]) {
		NL_SET_ERR_MSG_ATTR(extack, tb[MOAT_RULE_A_NR],
				    "rule for a syscall at or above ENOSYS_FROM");
		return -EINVAL;
	}
	if (tb[MOAT_RULE_A_ARGS]) {
		nla_for_each_nested(arg, tb[MOAT_RULE_A_ARGS], rem)
			ncmp++;
		if (ncmp == 0 || ncmp > MOAT_SYS_ARGS_MAX) {
			NL_SET_ERR_MSG_ATTR(extack, tb[MOAT_RULE_A_ARGS],
					    "a rule compares 1 to 6 arguments");
			return -EINVAL;
		}
	}

	if (sys)
		goto fill;

	/* First pass: validate and count. */
	slot = &census->conds_per_nr[abi][nr];
	if (*slot == U16_MAX || (*slot && !ncmp)) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "unconditional rule for a syscall that has other rules");
		return -EINVAL;
	}
	if (ncmp) {
		struct moat_sys_cmp cmp;

		nla_for_each_nested(arg, tb[MOAT_RULE_A_ARGS], rem) {
			err = moat_sys_check_cmp(arg, abi, &cmp, extack);
			if (err)
				return err;
		}
		(*slot)++;
		census->nr_conds++;
		census->nr_cmps += ncmp;
	} else {
		*slot = U16_MAX;
	}
	census->nr_entries[abi] = max(census->nr_entries[abi], nr + 1);
	if (++census->nr_rules > MOAT_SYS_RULES_MAX) {
		NL_SET_ERR_MSG_ATTR(extack, attr, "too many rules");
		return -E2BIG;
	}
	return 0;

fill:
	/* Second pass: the attributes were checked by the first. */
	entry = &sys->abi[abi].entries[nr];
	if (!ncmp) {
		entry->err = err_val;
		return 0;
	}
	cond = &sys->conds[entry->first_cond + census->filled[abi][nr]++];
	cond->err = err_val;
	cond->ncmp = ncmp;
	cond->first_cmp = census->next_cmp;
	nla_for_each_nested(arg, tb[MOAT_RULE_A_ARGS], rem) {
		err = moat_sys_check_cmp(arg, abi,
					 &sys->cmps[census->next_cmp++], extack);
		if (WARN_ON_ONCE(err))
			return err;
	}
	return 0;
}

/* The profile-wide settings: default action and errno, the ABIs. */
static int moat_sys_census_settings(const struct nlattr *sys_attr,
				    struct moat_sys_census *census,
				    struct netlink_ext_ack *extack)
{
	struct nlattr *tb[MOAT_SYS_A_MAX + 1];
	struct nlattr *atb[MOAT_ABI_A_MAX + 1];
	const struct nlattr *abi_attr;
	bool is_errno;
	int rem, err;

	err = nla_parse_nested(tb, MOAT_SYS_A_MAX, sys_attr, moat_sys_policy,
			       extack);
	if (err)
		return err;
	if (NL_REQ_ATTR_CHECK(extack, sys_attr, tb, MOAT_SYS_A_DEFAULT_ACTION))
		return -EINVAL;
	is_errno = nla_get_u8(tb[MOAT_SYS_A_DEFAULT_ACTION]) == MOAT_ACT_ERRNO;
	if (is_errno != !!tb[MOAT_SYS_A_DEFAULT_ERRNO]) {
		NL_SET_ERR_MSG_ATTR(extack, sys_attr,
				    "a default errno is given iff the default action is ERRNO");
		return -EINVAL;
	}
	if (tb[MOAT_SYS_A_DEFAULT_ERRNO])
		census->default_err = nla_get_u16(tb[MOAT_SYS_A_DEFAULT_ERRNO]);
	if (!tb[MOAT_SYS_A_ABIS])
		return 0;

	nla_for_each_nested(abi_attr, tb[MOAT_SYS_A_ABIS], rem) {
		enum moat_abi abi;

		err = nla_parse_nested(atb, MOAT_ABI_A_MAX, abi_attr,
				       moat_abi_policy, extack);
		if (err)
			return err;
		if (NL_REQ_ATTR_CHECK(extack, abi_attr, atb, MOAT_ABI_A_ID))
			return -EINVAL;
		abi = nla_get_u8(atb[MOAT_ABI_A_ID]);
		if (census->has_abi[abi]) {
			NL_SET_ERR_MSG_ATTR(extack, atb[MOAT_ABI_A_ID],
					    "ABI given twice");
			return -EINVAL;
		}
		census->has_abi[abi] = true;
		census->enosys_from[abi] = atb[MOAT_ABI_A_ENOSYS_FROM] ?
			nla_get_u32(atb[MOAT_ABI_A_ENOSYS_FROM]) : U32_MAX;
	}
	return 0;
}

/* Every %MOAT_A_SYSCALL_RULE among the attributes at @head: count, or fill. */
static int moat_sys_walk_rules(const struct nlattr *head, int len,
			       struct moat_sys_census *census,
			       struct moat_sys_policy *sys,
			       struct netlink_ext_ack *extack)
{
	const struct nlattr *attr;
	int rem, err;

	nla_for_each_attr(attr, head, len, rem) {
		if (nla_type(attr) != MOAT_A_SYSCALL_RULE)
			continue;
		err = moat_sys_walk_rule(attr, census, sys, extack);
		if (err)
			return err;
	}
	return 0;
}

/* Lays the tables out behind the ruleset header, from the census. */
static void moat_sys_layout(struct moat_ruleset *rs,
			    const struct moat_sys_census *census,
			    size_t total_entries)
{
	struct moat_sys_policy *sys = &rs->sys;
	struct moat_sys_entry *entries = (struct moat_sys_entry *)(rs + 1);
	u32 first = 0, nr;
	int abi;

	sys->nr_rules = census->nr_rules;
	sys->conds = (struct moat_sys_cond *)(entries + total_entries);
	sys->cmps = (struct moat_sys_cmp *)(sys->conds + census->nr_conds);

	for (abi = 0; abi < __MOAT_ABI_COUNT; abi++) {
		struct moat_sys_abi *t = &sys->abi[abi];

		t->entries = entries;
		t->nr_entries = census->nr_entries[abi];
		if (census->has_abi[abi]) {
			t->enosys_from = census->enosys_from[abi];
			t->other_err = census->default_err;
		} else {
			/* An ABI the profile leaves out is closed. */
			t->enosys_from = U32_MAX;
			t->other_err = EPERM;
		}
		for (nr = 0; nr < t->nr_entries; nr++) {
			u16 n = census->conds_per_nr[abi][nr];

			entries[nr].err = census->default_err;
			entries[nr].first_cond = first;
			if (n != U16_MAX) {
				entries[nr].ncond = n;
				first += n;
			}
		}
		entries += t->nr_entries;
	}
}

/**
 * moat_ruleset_build() - build an immutable ruleset from netlink attributes
 * @sys_attr: the %MOAT_A_PROFILE_SYSCALLS attribute, already validated
 *	against moat_sys_policy by the generic netlink core; NULL for a
 *	profile without a syscall layer
 * @path_attr: the %MOAT_A_PROFILE_PATHS attribute, or NULL for a profile
 *	without a path layer (see moat_path_build())
 * @labels_attr: the %MOAT_A_PROFILE_LABELS attribute, or NULL for a profile
 *	without a label layer (see moat_labels_build())
 * @head: the request's top-level attributes, among them the
 *	%MOAT_A_SYSCALL_RULE rules (each validated against moat_rule_policy)
 * @len: bytes at @head
 * @extack: extended ack for error messages, may be NULL
 *
 * Checks what the policies cannot express (required attributes, an errno
 * iff the action is ERRNO, rules only for declared ABIs, one unconditional
 * rule per syscall and then no other, rule numbers below ENOSYS_FROM,
 * operand widths, no rules or tables of a layer the profile does not
 * have), then lays the tables out in one allocation. Nothing is published
 * here.
 *
 * Context: process context, may sleep (GFP_KERNEL allocations).
 * Return: the new ruleset, or ERR_PTR() of
 *	-EINVAL for a malformed attribute set (extack names the attribute),
 *	or no layer at all,
 *	-E2BIG for more than %MOAT_SYS_RULES_MAX rules or
 *	%MOAT_PEER_RULES_MAX peer rules,
 *	-ENOMEM when memory runs out.
 */
struct moat_ruleset *moat_ruleset_build(const struct nlattr *sys_attr,
					const struct nlattr *path_attr,
					const struct nlattr *labels_attr,
					const struct nlattr *head, int len,
					struct netlink_ext_ack *extack)
{
	struct moat_label_policy *lp = NULL;
	struct moat_path_policy *pp = NULL;
	struct moat_sys_census census = {};
	struct moat_ruleset *rs = NULL;
	size_t size, total_entries = 0;
	int abi, err = 0;

	/* Per ABI and syscall number: rules counted, then rules placed. */
	for (abi = 0; abi < __MOAT_ABI_COUNT; abi++) {
		census.conds_per_nr[abi] = kvcalloc(MOAT_SYS_NR_MAX, sizeof(u16),
						    GFP_KERNEL);
		census.filled[abi] = kvcalloc(MOAT_SYS_NR_MAX, sizeof(u16),
					      GFP_KERNEL);
		if (!census.conds_per_nr[abi] || !census.filled[abi]) {
			err = -ENOMEM;
			goto out;
		}
	}
	if (!sys_attr && !path_attr && !labels_attr) {
		NL_SET_ERR_MSG(extack, "a profile needs a syscall, path or label layer");
		err = -EINVAL;
		goto out;
	}
	/* Without a syscall layer no ABI is declared: any rule is refused. */
	if (sys_attr)
		err = moat_sys_census_settings(sys_attr, &census, extack);
	if (!err)
		err = moat_sys_walk_rules(head, len, &census, NULL, extack);
	if (err)
		goto out;
	if (path_attr) {
		pp = moat_path_build(path_attr, head, len, extack);
		if (IS_ERR(pp)) {
			err = PTR_ERR(pp);
			pp = NULL;
			goto out;
		}
	} else if (nla_find(head, len, MOAT_A_DFA_TRANS) ||
		   nla_find(head, len, MOAT_A_DFA_ACCEPT) ||
		   nla_find(head, len, MOAT_A_PEER_RULE)) {
		NL_SET_ERR_MSG(extack, "automaton tables or peer rules without a path layer");
		err = -EINVAL;
		goto out;
	}
	if (labels_attr) {
		lp = moat_labels_build(labels_attr, head, len, extack);
		if (IS_ERR(lp)) {
			err = PTR_ERR(lp);
			lp = NULL;
			goto out;
		}
	} else if (nla_find(head, len, MOAT_A_LABEL_RULE) ||
		   nla_find(head, len, MOAT_A_LABEL_FS)) {
		NL_SET_ERR_MSG(extack, "label rules or fs_default without a label layer");
		err = -EINVAL;
		goto out;
	}

	for (abi = 0; abi < __MOAT_ABI_COUNT; abi++)
		total_entries += census.nr_entries[abi];
	size = sizeof(*rs) +
	       total_entries * sizeof(struct moat_sys_entry) +
	       census.nr_conds * sizeof(struct moat_sys_cond) +
	       census.nr_cmps * sizeof(struct moat_sys_cmp);
	rs = kvzalloc(size, GFP_KERNEL_ACCOUNT);
	if (!rs) {
		err = -ENOMEM;
		goto out;
	}
	rs->size = size;
	moat_sys_layout(rs, &census, total_entries);
	err = moat_sys_walk_rules(head, len, &census, &rs->sys, extack);
	WARN_ON_ONCE(err);
	if (sys_attr)
		rs->layers |= MOAT_LAYER_SYSCALLS;
	if (pp) {
		rs->layers |= MOAT_LAYER_PATHS;
		rs->path = pp;
		rs->size += pp->size;
		pp = NULL;
	}
	if (lp) {
		rs->layers |= MOAT_LAYER_LABELS;
		rs->labels = lp;
		rs->size += lp->size;
		lp = NULL;
	}
out:
	moat_path_free(pp);
	moat_labels_free(lp);
	for (abi = 0; abi < __MOAT_ABI_COUNT; abi++) {
		kvfree(census.conds_per_nr[abi]);
		kvfree(census.filled[abi]);
	}
	if (err) {
		kvfree(rs);
		return ERR_PTR(err);
	}
	return rs;
}

/**
 * moat_ruleset_free() - free a ruleset that was never published
 * @rs: ruleset from moat_ruleset_build(), or NULL
 *
 * A published ruleset is freed with moat_ruleset_free_deferred() instead.
 *
 * Context: any context that may call kvfree().
 */
void moat_ruleset_free(struct moat_ruleset *rs)
{
	if (rs) {
		moat_path_free(rs->path);
		moat_labels_free(rs->labels);
	}
	kvfree(rs);
}

/**
 * moat_ruleset_free_deferred() - free a published ruleset after readers
 * @rs: ruleset that was replaced or whose profile was removed
 *
 * Both layers are freed after an RCU grace period: a hook that found @rs
 * before the swap may still be using it.
 *
 * Context: any context.
 */
void moat_ruleset_free_deferred(struct moat_ruleset *rs)
{
	moat_path_free_deferred(rs->path);
	if (rs->labels)
		kvfree_rcu(rs->labels);
	kvfree_rcu(rs, rcu);
}

/**
 * moat_count_denial() - count one denial of any layer
 *
 * Context: any context.
 */
void moat_count_denial(void)
{
	this_cpu_inc(moat_denial_count);
}

static bool moat_cmp_match(const struct moat_sys_cmp *cmp, u64 arg)
{
	if (cmp->width == 32)
		arg = (u32)arg;
	switch (cmp->op) {
	case MOAT_CMP_NE:
		return arg != cmp->value;
	case MOAT_CMP_LT:
		return arg < cmp->value;
	case MOAT_CMP_LE:
		return arg <= cmp->value;
	case MOAT_CMP_EQ:
		return arg == cmp->value;
	case MOAT_CMP_GE:
		return arg >= cmp->value;
	case MOAT_CMP_GT:
		return arg > cmp->value;
	case MOAT_CMP_MASKED_EQ:
		return (arg & cmp->mask) == cmp->value;
	}
	/* Unreachable: the op was range-checked at load. Fail closed. */
	return false;
}

/**
 * moat_sys_decide() - decide one syscall against a syscall policy
 * @sys: the policy, from a published ruleset
 * @abi: ABI the syscall was issued through
 * @nr: syscall number within @abi (x32: without the x32 bit); any value
 * @args: the six syscall arguments (i386: zero-extended 32-bit values)
 *
 * Return: 0 to allow the syscall, or the negative errno it returns instead:
 *	-ENOSYS at or above the ABI's ENOSYS_FROM, else the errno of the
 *	first matching rule, else the syscall's or the profile's default.
 *
 * Context: any context; no locks, no allocation. The caller keeps @sys
 * alive (RCU read side).
 */
int moat_sys_decide(const struct moat_sys_policy *sys, enum moat_abi abi,
		    unsigned int nr, const unsigned long *args)
{
	const struct moat_sys_abi *t = &sys->abi[abi];
	const struct moat_sys_entry *entry;
	unsigned int i, j;

	if (nr >= t->enosys_from)
		return -ENOSYS;
	if (nr >= t->nr_entries)
		return -t->other_err;
	entry = &t->entries[array_index_nospec(nr, t->nr_entries)];
	for (i = 0; i < entry->ncond; i++) {
		const struct moat_sys_cond *cond = &sys->conds[entry->first_cond + i];
		const struct moat_sys_cmp *cmp = &sys->cmps[cond->first_cmp];

		for (j = 0; j < cond->ncmp; j++)
			if (!moat_cmp_match(&cmp[j], args[cmp[j].index]))
				break;
		if (j == cond->ncmp)
			return -cond->err;
	}
	return -entry->err;
}

/*
 * Most steps of the new mount API have no LSM hook in 6.1: cloning a tree
 * (open_tree(OPEN_TREE_CLONE)), fsopen/fsconfig/fsmount, reconfiguring a
 * mounted file system through fspick, mount_setattr. A path layer that does
 * not grant mount refuses them here, before they run. The numbers are the
 * same on all three ABIs (x32 without its bit).
 */
static bool moat_is_mount_api_nr(unsigned int nr)
{
	switch (nr) {
	case __NR_open_tree:
	case __NR_move_mount:
	case __NR_fsopen:
	case __NR_fsconfig:
	case __NR_fsmount:
	case __NR_fspick:
	case __NR_mount_setattr:
		return true;
	default:
		return false;
	}
}

/*
 * The floor: a confined task never unloads a kernel module, whatever its
 * profile and capabilities allow: a forced unload of moat (rmmod -f, with
 * CAP_SYS_MODULE granted) would lift every attachment.
 */
static bool moat_is_floor_nr(enum moat_abi abi, unsigned int nr)
{
	if (abi == MOAT_ABI_I386)
		return nr == MOAT_NR_IA32_DELETE_MODULE;
	return nr == __NR_delete_module;
}

static bool moat_is_mount_api(unsigned int nr, const unsigned long *args)
{
	if (nr == __NR_open_tree)
		return args[2] & OPEN_TREE_CLONE;
	return moat_is_mount_api_nr(nr);
}

static int moat_mount_api_check(const struct moat_profile *profile,
				const struct moat_path_policy *pp,
				unsigned int nr, const unsigned long *args)
{
	if (!moat_is_mount_api(nr, args) ||
	    ((pp->mount_allow & MOAT_MNT_MOUNT) &&
	     !(pp->mount_deny & MOAT_MNT_MOUNT)))
		return 0;
	/* the record's syscall= names the mount API step */
	return moat_other_denied("mount", profile, MOAT_LAYER_PATHS, NULL,
				 -EACCES);
}

/**
 * moat_sys_restricts() - whether a ruleset may refuse a syscall
 * @rs: a built ruleset
 * @abi: ABI of the syscall
 * @nr: syscall number within @abi (x32: without the x32 bit)
 *
 * False only when moat_syscall_check() allows @nr on @abi for a task
 * under @rs whatever the arguments, so that the syscall need not be
 * watched for it.
 *
 * Context: any context.
 * Return: true if some call of @nr may be refused.
 */
bool moat_sys_restricts(const struct moat_ruleset *rs, enum moat_abi abi,
			unsigned int nr)
{
	const struct moat_sys_abi *t = &rs->sys.abi[abi];
	const struct moat_sys_entry *entry;

	if (moat_is_floor_nr(abi, nr))
		return true;
	/* the mount API steps that moat_mount_api_check() refuses */
	if (rs->path && moat_is_mount_api_nr(nr))
		return true;
	if (!(rs->layers & MOAT_LAYER_SYSCALLS))
		return false;
	if (nr >= t->enosys_from)
		return true;
	if (nr >= t->nr_entries)
		return t->other_err;
	entry = &t->entries[nr];
	return entry->ncond || entry->err;
}

/**
 * moat_syscall_check() - decide the syscall the current task enters
 * @regs: the task's user registers, as the entry code saved them
 * @id: the syscall number the entry code dispatches (orig_ax)
 *
 * Looks up the profile of the current task's cgroup and decides the
 * syscall by its syscall layer, then by its path layer's mount rule for
 * the steps of the new mount API. Denials are counted and logged.
 *
 * Context: the syscall's entry, before it runs: the sys_enter tracepoint
 * or a kprobe on the syscall's function, preemption disabled. Takes the
 * RCU read lock itself.
 * Return: 0 to let the syscall run, or the negative errno it returns
 *	instead (the profile's errno for the syscall, -ENOSYS, -EACCES for a
 *	mount API step, or -EPERM for delete_module, which the floor refuses
 *	every confined task).
 */
int moat_syscall_check(struct pt_regs *regs, long id)
{
	const struct moat_profile *profile;
	struct moat_attachment *att;
	const struct moat_ruleset *rs;
	unsigned long args[6];
	enum moat_abi abi;
	unsigned int nr;
	int err, i;

	rcu_read_lock();
	att = moat_task_attachment(current);
	if (!att) {
		rcu_read_unlock();
		return 0;
	}
	profile = rcu_dereference(att->profile);
	rs = rcu_dereference(profile->ruleset);

	/*
	 * Classify as the entry code dispatches: it indexes its tables with
	 * the low 32 bits of the number (int), whatever the upper bits hold.
	 */
	syscall_get_arguments(current, regs, args);
	abi = moat_syscall_abi(id, &nr);
	/* The ia32 syscall stubs read only the low halves. */
	if (abi == MOAT_ABI_I386)
		for (i = 0; i < ARRAY_SIZE(args); i++)
			args[i] = (u32)args[i];

	if (moat_is_floor_nr(abi, nr)) {
		err = moat_floor_denied(att, "delete_module", -EPERM);
		rcu_read_unlock();
		return err;
	}
	err = 0;
	if (rs->layers & MOAT_LAYER_SYSCALLS) {
		err = moat_sys_decide(&rs->sys, abi, nr, args);
		if (err)
			err = moat_sys_denied(profile, abi, nr, err);
	}
	if (!err && rs->path)
		err = moat_mount_api_check(profile, rs->path, nr, args);
	rcu_read_unlock();
	return err;
}

static void moat_sys_enter(void *data, struct pt_regs *regs, long id)
{
	int err;

	/*
	 * -1: no syscall will run (a tracer or seccomp skipped it and set the
	 * return value); the entry code then leaves ax alone, and so does moat.
	 */
	if (!static_branch_unlikely(&moat_confining) || (int)id == -1)
		return;
	err = moat_syscall_check(regs, id);
	if (err)
		moat_skip_syscall(regs, err);	/* it returns err */
}

/**
 * moat_sys_denied() - report a syscall-layer denial
 * @profile: the profile that denied it
 * @abi: ABI of the syscall
 * @nr: syscall number within @abi
 * @err: the negative errno the profile returns
 *
 * Context: any context; RCU read side, which keeps @profile alive.
 * Return: @err, or 0 when the task's attachment is in complain mode (the
 *	syscall then runs); see moat_deny().
 */
int moat_sys_denied(const struct moat_profile *profile, enum moat_abi abi,
		    unsigned int nr, int err)
{
	const struct moat_denial d = {
		.op = "syscall",
		.profile = profile,
		.layer = MOAT_LAYER_SYSCALLS,
		.sys_abi = abi,
		.sys_nr = nr,
		.err = err,
	};

	return moat_deny(&d);
}

/**
 * moat_denials() - syscalls denied since the module was loaded
 *
 * Context: any context.
 * Return: the count, summed over CPUs; racy against concurrent denials.
 */
u64 moat_denials(void)
{
	u64 sum = 0;
	int cpu;

	for_each_possible_cpu(cpu)
		sum += per_cpu(moat_denial_count, cpu);
	return sum;
}

/*
 * A sys_enter probe can only skip a syscall on kernels that re-read the
 * syscall number after the tracepoint: fb13b11d5387 ("entry: Respect changes
 * to system call number by trace_sys_enter()"), in 6.9 and in the stable
 * releases below. Elsewhere the denied syscall would run: refuse to load.
 */
static const struct {
	unsigned int series;
	unsigned int first_fixed;
} moat_fixed_stable[] = {
	{ KERNEL_VERSION(6, 1, 0), KERNEL_VERSION(6, 1, 84) },
	{ KERNEL_VERSION(6, 6, 0), KERNEL_VERSION(6, 6, 24) },
	{ KERNEL_VERSION(6, 7, 0), KERNEL_VERSION(6, 7, 12) },
	{ KERNEL_VERSION(6, 8, 0), KERNEL_VERSION(6, 8, 3) },
};

static bool moat_kernel_supported(unsigned int version)
{
	unsigned int series = version & ~0xffU;
	size_t i;

	if (version >= KERNEL_VERSION(6, 9, 0))
		return true;
	for (i = 0; i < ARRAY_SIZE(moat_fixed_stable); i++)
		if (moat_fixed_stable[i].series == series)
			return version >= moat_fixed_stable[i].first_fixed;
	return false;
}

/**
 * moat_sys_enter_can_skip() - whether a sys_enter probe can skip a syscall
 *
 * Context: any context.
 * Return: true on kernels that re-read the syscall number after the
 *	sys_enter tracepoint (see moat_fixed_stable[]).
 */
bool moat_sys_enter_can_skip(void)
{
	return moat_kernel_supported(MOAT_KERNEL_RELEASE);
}

static bool moat_sys_enter_skips(void)
{
	if (moat_sys_enter_can_skip())
		return true;
	pr_err("kernel %u.%u.%u cannot skip a syscall from sys_enter (needs 6.1.84+, 6.6.24+, 6.7.12+, 6.8.3+ or 6.9+): not loading\n",
	       MOAT_KERNEL_RELEASE >> 16, (MOAT_KERNEL_RELEASE >> 8) & 0xff,
	       MOAT_KERNEL_RELEASE & 0xff);
	return false;
}

static struct tracepoint *moat_tp_sys_enter;

static void moat_find_sys_enter(struct tracepoint *tp, void *priv)
{
	if (!strcmp(tp->name, "sys_enter"))
		*(struct tracepoint **)priv = tp;
}

/**
 * moat_sys_enter_tp() - the kernel's sys_enter tracepoint
 *
 * Context: process context (the first call looks it up).
 * Return: the tracepoint, or NULL without CONFIG_FTRACE_SYSCALLS (and on
 *	user-mode Linux, built for the KUnit tests, which has no tracepoints).
 */
struct tracepoint *moat_sys_enter_tp(void)
{
	if (IS_ENABLED(CONFIG_TRACEPOINTS) && !moat_tp_sys_enter)
		for_each_kernel_tracepoint(moat_find_sys_enter,
					   &moat_tp_sys_enter);
	return moat_tp_sys_enter;
}

/*
 * How the module enforces the syscall layer (moat.syscall_tracepoint=1:
 * sys_enter, as the built-in LSM always does). The module's default is
 * kprobes on the functions of the syscalls loaded profiles restrict, so
 * that every other syscall, of every task, runs as if moat were not there.
 */
#ifdef MODULE
static bool moat_sys_tracepoint;
module_param_named(syscall_tracepoint, moat_sys_tracepoint, bool, 0444);
MODULE_PARM_DESC(syscall_tracepoint,
		 "enforce the syscall layer from sys_enter (every task's syscalls take the slow path) instead of kprobes on the restricted syscalls");
#else
static const bool moat_sys_tracepoint = true;
#endif

/**
 * moat_syscalls_uses_kprobes() - whether the syscall layer is on kprobes
 *
 * Context: any context.
 * Return: true if restricted syscalls are watched by kprobes on their
 *	functions (the module's default), false if every syscall passes the
 *	sys_enter tracepoint.
 */
bool moat_syscalls_uses_kprobes(void)
{
	return !moat_sys_tracepoint;
}

/**
 * moat_syscalls_prepare() - make sure a ruleset's syscalls are watched
 * @rs: a built ruleset about to be published
 * @extack: extended ack for the error message, may be NULL
 *
 * On the sys_enter tracepoint every syscall is watched already. On
 * kprobes, places a kprobe on each syscall function @rs may refuse and no
 * kprobe watches yet (moat_sys_kprobes_need()).
 *
 * Context: process context, may sleep.
 * Return: 0, or the error of moat_sys_kprobes_need(): -ENOMEM, or the
 *	error of register_kprobe() for a function that cannot be probed. On
 *	error @rs must not be published.
 */
int moat_syscalls_prepare(const struct moat_ruleset *rs,
			  struct netlink_ext_ack *extack)
{
	if (!moat_syscalls_uses_kprobes())
		return 0;
	return moat_sys_kprobes_need(rs, extack);
}

/**
 * moat_syscalls_init() - attach the syscall layer
 *
 * Context: process context, may sleep. With the sys_enter tracepoint,
 * registers the probe, which sets SYSCALL_WORK_SYSCALL_TRACEPOINT on every
 * task, so every task's syscalls take the entry slow path while moat is
 * loaded (while nothing is attached the probe returns at a static branch).
 * With kprobes there is nothing to do until a profile is loaded
 * (moat_syscalls_prepare()).
 * Return: 0, -ENOENT if the kernel has no sys_enter tracepoint
 *	(CONFIG_FTRACE_SYSCALLS off), -EOPNOTSUPP if it cannot skip a
 *	syscall from there (moat_sys_enter_skips()), or the error of
 *	tracepoint_probe_register().
 */
int moat_syscalls_init(void)
{
	int err;

	if (moat_syscalls_uses_kprobes())
		return 0;
	if (!moat_sys_enter_skips())
		return -EOPNOTSUPP;
	if (!moat_sys_enter_tp()) {
		pr_err("no sys_enter tracepoint: the kernel needs CONFIG_FTRACE_SYSCALLS\n");
		return -ENOENT;
	}
	err = tracepoint_probe_register(moat_tp_sys_enter, moat_sys_enter, NULL);
	if (err)
		pr_err("cannot attach to sys_enter: %d\n", err);
	return err;
}

/**
 * moat_syscalls_exit() - detach the syscall layer
 *
 * Context: process context, may sleep: waits until no CPU runs the probe
 * or a kprobe's handler, and no task is on its way out through moat's
 * text.
 */
void moat_syscalls_exit(void)
{
	if (moat_syscalls_uses_kprobes()) {
		moat_sys_kprobes_exit();
		return;
	}
	if (!IS_ENABLED(CONFIG_TRACEPOINTS))
		return;
	tracepoint_probe_unregister(moat_tp_sys_enter, moat_sys_enter, NULL);
	tracepoint_synchronize_unregister();
}
