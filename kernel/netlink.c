// SPDX-License-Identifier: GPL-2.0
/*
 * moat - generic netlink family "moat": policies on top, operations below
 *
 * The kernel never parses policy text: moatctl compiles profiles into the
 * attributes of uapi/moat.h and the policies here bound every one of them.
 * Commands that change policy need CAP_MAC_ADMIN in the initial user
 * namespace and are refused to tasks that moat confines.
 */

#define pr_fmt(fmt) "moat: " fmt

#include <linux/capability.h>
#include <linux/cgroup.h>
#include <linux/slab.h>
#include <linux/version.h>
#include <net/genetlink.h>
#include <net/netlink.h>
#include <net/sock.h>

#include "moat.h"

const struct nla_policy moat_arg_policy[MOAT_ARG_A_MAX + 1] = {
	[MOAT_ARG_A_INDEX]	= NLA_POLICY_MAX(NLA_U8, MOAT_SYS_ARGS_MAX - 1),
	[MOAT_ARG_A_OP]		= NLA_POLICY_MAX(NLA_U8, MOAT_CMP_MAX),
	[MOAT_ARG_A_VALUE]	= { .type = NLA_U64 },
	[MOAT_ARG_A_MASK]	= { .type = NLA_U64 },
	[MOAT_ARG_A_WIDTH]	= NLA_POLICY_RANGE(NLA_U8, 32, 64),
};

const struct nla_policy moat_rule_policy[MOAT_RULE_A_MAX + 1] = {
	[MOAT_RULE_A_ABI]	= NLA_POLICY_MAX(NLA_U8, MOAT_ABI_MAX),
	[MOAT_RULE_A_NR]	= NLA_POLICY_MAX(NLA_U32, MOAT_SYS_NR_MAX - 1),
	[MOAT_RULE_A_ACTION]	= NLA_POLICY_MAX(NLA_U8, MOAT_ACT_MAX),
	[MOAT_RULE_A_ERRNO]	= NLA_POLICY_RANGE(NLA_U16, 1, MOAT_ERRNO_MAX),
	[MOAT_RULE_A_ARGS]	= NLA_POLICY_NESTED_ARRAY(moat_arg_policy),
};

const struct nla_policy moat_abi_policy[MOAT_ABI_A_MAX + 1] = {
	[MOAT_ABI_A_ID]		= NLA_POLICY_MAX(NLA_U8, MOAT_ABI_MAX),
	[MOAT_ABI_A_ENOSYS_FROM] = NLA_POLICY_MAX(NLA_U32, MOAT_SYS_NR_MAX),
};

const struct nla_policy moat_sys_policy[MOAT_SYS_A_MAX + 1] = {
	[MOAT_SYS_A_DEFAULT_ACTION] = NLA_POLICY_MAX(NLA_U8, MOAT_ACT_MAX),
	[MOAT_SYS_A_DEFAULT_ERRNO] = NLA_POLICY_RANGE(NLA_U16, 1, MOAT_ERRNO_MAX),
	[MOAT_SYS_A_ABIS]	= NLA_POLICY_NESTED_ARRAY(moat_abi_policy),
};

/* Bounds past what the policy's own s16 min/max can hold. */
static struct netlink_range_validation moat_dfa_states_range = {
	.min = 1,
	.max = MOAT_DFA_STATES_MAX,
};

static struct netlink_range_validation moat_dfa_start_range = {
	.max = MOAT_DFA_STATES_MAX - 1,
};

const struct nla_policy moat_path_policy[MOAT_PATH_A_MAX + 1] = {
	[MOAT_PATH_A_FLAGS]	= NLA_POLICY_MASK(NLA_U32, MOAT_PATH_F_ALL),
	[MOAT_PATH_A_DFA_STATES] = NLA_POLICY_FULL_RANGE(NLA_U32, &moat_dfa_states_range),
	[MOAT_PATH_A_DFA_CLASSES] = NLA_POLICY_RANGE(NLA_U32, 1, MOAT_DFA_CLASSES_MAX),
	[MOAT_PATH_A_DFA_START]	= NLA_POLICY_FULL_RANGE(NLA_U32, &moat_dfa_start_range),
	[MOAT_PATH_A_DFA_CLASSMAP] = NLA_POLICY_EXACT_LEN(256),
	[MOAT_PATH_A_CAP_ALLOW]	= { .type = NLA_U64 },
	[MOAT_PATH_A_CAP_DENY]	= { .type = NLA_U64 },
	[MOAT_PATH_A_NET_ALLOW]	= { .type = NLA_U64 },
	[MOAT_PATH_A_NET_DENY]	= { .type = NLA_U64 },
	[MOAT_PATH_A_MOUNT_ALLOW] = NLA_POLICY_MASK(NLA_U32, MOAT_MNT_ALL),
	[MOAT_PATH_A_MOUNT_DENY] = NLA_POLICY_MASK(NLA_U32, MOAT_MNT_ALL),
};

const struct nla_policy moat_peer_policy[MOAT_PEER_A_MAX + 1] = {
	[MOAT_PEER_A_CLASS]	= NLA_POLICY_MAX(NLA_U8, MOAT_PEER_MAX),
	[MOAT_PEER_A_DENY]	= { .type = NLA_FLAG },
	[MOAT_PEER_A_PERMS]	= NLA_POLICY_RANGE(NLA_U32, 1, MOAT_PTRACE_ALL),
	[MOAT_PEER_A_SIGNALS]	= { .type = NLA_U64 },
	[MOAT_PEER_A_SIGNAL_EXISTS] = { .type = NLA_FLAG },
	[MOAT_PEER_A_PEER]	= { .type = NLA_NUL_STRING, .len = MOAT_NAME_MAX - 1 },
};

const struct nla_policy moat_labels_policy[MOAT_LABELS_A_MAX + 1] = {
	[MOAT_LABELS_A_DEFAULT_TYPE] = { .type = NLA_NUL_STRING, .len = MOAT_NAME_MAX - 1 },
};

const struct nla_policy moat_lrule_policy[MOAT_LRULE_A_MAX + 1] = {
	[MOAT_LRULE_A_SUBJECT]	= { .type = NLA_NUL_STRING, .len = MOAT_NAME_MAX - 1 },
	[MOAT_LRULE_A_OBJECT]	= { .type = NLA_NUL_STRING, .len = MOAT_NAME_MAX - 1 },
	[MOAT_LRULE_A_PERMS]	= NLA_POLICY_MASK(NLA_U32, MOAT_LABEL_ALL),
};

const struct nla_policy moat_lfs_policy[MOAT_LFS_A_MAX + 1] = {
	[MOAT_LFS_A_FSTYPE]	= { .type = NLA_NUL_STRING, .len = MOAT_NAME_MAX - 1 },
	[MOAT_LFS_A_TYPE]	= { .type = NLA_NUL_STRING, .len = MOAT_NAME_MAX - 1 },
};

const struct nla_policy moat_load_policy[MOAT_A_MAX + 1] = {
	[MOAT_A_FLAGS]		= NLA_POLICY_MASK(NLA_U32, MOAT_LOAD_F_ALL),
	[MOAT_A_PROFILE_NAME]	= { .type = NLA_NUL_STRING, .len = MOAT_NAME_MAX - 1 },
	[MOAT_A_PROFILE_SYSCALLS] = NLA_POLICY_NESTED(moat_sys_policy),
	/* repeated; the core validates every one, not only the last */
	[MOAT_A_SYSCALL_RULE]	= NLA_POLICY_NESTED(moat_rule_policy),
	[MOAT_A_PROFILE_PATHS]	= NLA_POLICY_NESTED(moat_path_policy),
	/* repeated pieces of the path automaton, joined in order */
	[MOAT_A_DFA_TRANS]	= { .type = NLA_BINARY },
	[MOAT_A_DFA_ACCEPT]	= { .type = NLA_BINARY },
	[MOAT_A_PEER_RULE]	= NLA_POLICY_NESTED(moat_peer_policy),
	[MOAT_A_PROFILE_LABELS]	= NLA_POLICY_NESTED(moat_labels_policy),
	[MOAT_A_LABEL_RULE]	= NLA_POLICY_NESTED(moat_lrule_policy),
	[MOAT_A_LABEL_FS]	= NLA_POLICY_NESTED(moat_lfs_policy),
};

static const struct nla_policy moat_remove_policy[MOAT_A_MAX + 1] = {
	[MOAT_A_PROFILE_NAME]	= { .type = NLA_NUL_STRING, .len = MOAT_NAME_MAX - 1 },
};

static const struct nla_policy moat_attach_policy[MOAT_A_MAX + 1] = {
	[MOAT_A_FLAGS]		= NLA_POLICY_MASK(NLA_U32, MOAT_ATTACH_F_ALL),
	[MOAT_A_PROFILE_NAME]	= { .type = NLA_NUL_STRING, .len = MOAT_NAME_MAX - 1 },
	[MOAT_A_CGROUP_FD]	= NLA_POLICY_MIN(NLA_S32, 0),
	[MOAT_A_LABEL_TYPE]	= { .type = NLA_NUL_STRING, .len = MOAT_NAME_MAX - 1 },
	[MOAT_A_LABEL_CATS]	= NLA_POLICY_EXACT_LEN(MOAT_LABEL_CATS / 8),
};

static const struct nla_policy moat_detach_policy[MOAT_A_MAX + 1] = {
	[MOAT_A_CGROUP_FD]	= NLA_POLICY_MIN(NLA_S32, 0),
	[MOAT_A_CGROUP_ID]	= { .type = NLA_U64 },
};

static const struct nla_policy moat_mode_policy[MOAT_A_MAX + 1] = {
	[MOAT_A_CGROUP_FD]	= NLA_POLICY_MIN(NLA_S32, 0),
	[MOAT_A_CGROUP_ID]	= { .type = NLA_U64 },
	[MOAT_A_MODE]		= NLA_POLICY_MAX(NLA_U32, MOAT_MODE_MAX),
};

enum moat_mcgrp {
	MOAT_MCGRP_EVENTS_ID,
};

static const struct genl_multicast_group moat_mcgrps[] = {
	/* events name other containers' files: CAP_SYS_ADMIN to listen */
	[MOAT_MCGRP_EVENTS_ID] = {
		.name = MOAT_MCGRP_EVENTS,
		.flags = GENL_MCAST_CAP_SYS_ADMIN,
	},
};

/* Internal flag on operations that change policy. */
#define MOAT_NL_ADMIN	BIT(0)

static struct genl_family moat_genl_family;

static int moat_nl_pre_doit(const struct genl_ops *ops, struct sk_buff *skb,
			    struct genl_info *info)
{
	if (!(ops->internal_flags & MOAT_NL_ADMIN))
		return 0;
	/* Checks both the socket's opener and the caller, in init_user_ns. */
	if (!netlink_capable(skb, CAP_MAC_ADMIN)) {
		NL_SET_ERR_MSG(info->extack,
			       "needs CAP_MAC_ADMIN in the initial user namespace");
		return -EPERM;
	}
	if (moat_current_confined()) {
		NL_SET_ERR_MSG(info->extack,
			       "a task confined by moat cannot change policy");
		return -EPERM;
	}
	return 0;
}

static int moat_nl_profile_name(struct genl_info *info, const char **name)
{
	struct nlattr *attr = info->attrs[MOAT_A_PROFILE_NAME];

	if (GENL_REQ_ATTR_CHECK(info, MOAT_A_PROFILE_NAME))
		return -EINVAL;
	*name = nla_data(attr);
	if (moat_profile_name_valid(*name)) {
		NL_SET_ERR_MSG_ATTR(info->extack, attr,
				    "profile names are [A-Za-z0-9_.:-], starting with a letter or digit");
		return -EINVAL;
	}
	return 0;
}

static int moat_nl_get_status(struct sk_buff *skb, struct genl_info *info)
{
	u32 state = MOAT_STATE_ENFORCING;
	struct sk_buff *msg;
	u64 missed;
	void *hdr;
	int err = -EMSGSIZE;

	msg = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &moat_genl_family, 0,
				MOAT_CMD_GET_STATUS);
	if (!hdr)
		goto fail;

	missed = moat_hooks_missed();
	if (moat_hooks_selftest())
		state = MOAT_STATE_FAILED;
	else if (missed)
		state = MOAT_STATE_DEGRADED;

	mutex_lock(&moat_policy_lock);
	moat_prune_removed();
	if (nla_put_string(msg, MOAT_A_VERSION, MOAT_VERSION) ||
	    nla_put_u32(msg, MOAT_A_KERNEL_VERSION, MOAT_KERNEL_RELEASE) ||
	    nla_put_u32(msg, MOAT_A_STATE, state) ||
	    nla_put_u64_64bit(msg, MOAT_A_MISSED, missed, MOAT_A_PAD) ||
	    nla_put_u32(msg, MOAT_A_ABI_MASK, BIT(__MOAT_ABI_COUNT) - 1) ||
	    nla_put_u32(msg, MOAT_A_PROFILE_COUNT, moat_profile_count()) ||
	    nla_put_u32(msg, MOAT_A_ATTACHMENT_COUNT, moat_attachment_count()) ||
	    nla_put_u64_64bit(msg, MOAT_A_DENIALS, moat_denials(), MOAT_A_PAD) ||
	    nla_put_u64_64bit(msg, MOAT_A_EVENTS_DROPPED, moat_events_dropped(),
			      MOAT_A_PAD) ||
	    (moat_failsafe_active() && nla_put_flag(msg, MOAT_A_FAIL_CLOSED)) ||
	    (moat_syscalls_uses_kprobes() &&
	     nla_put_u32(msg, MOAT_A_SYSCALL_KPROBES,
			 moat_sys_kprobes_count()))) {
		mutex_unlock(&moat_policy_lock);
		goto fail;
	}
	mutex_unlock(&moat_policy_lock);

	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
fail:
	nlmsg_free(msg);
	return err;
}

static int moat_nl_load_profile(struct sk_buff *skb, struct genl_info *info)
{
	struct moat_ruleset *rs;
	const char *name;
	u32 flags = 0;
	int err;

	err = moat_nl_profile_name(info, &name);
	if (err)
		return err;
	if (!strcmp(name, "unconfined")) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[MOAT_A_PROFILE_NAME],
				    "\"unconfined\" is the label of tasks outside every profile");
		return -EINVAL;
	}
	if (info->attrs[MOAT_A_FLAGS])
		flags = nla_get_u32(info->attrs[MOAT_A_FLAGS]);

	/* Build (and allocate) everything before taking the lock. */
	rs = moat_ruleset_build(info->attrs[MOAT_A_PROFILE_SYSCALLS],
				info->attrs[MOAT_A_PROFILE_PATHS],
				info->attrs[MOAT_A_PROFILE_LABELS],
				genlmsg_data(info->genlhdr),
				genlmsg_len(info->genlhdr), info->extack);
	if (IS_ERR(rs))
		return PTR_ERR(rs);
	err = moat_syscalls_prepare(rs, info->extack);
	if (err) {
		moat_ruleset_free(rs);
		return err;
	}

	mutex_lock(&moat_policy_lock);
	moat_prune_removed();
	err = moat_profile_load(name, rs, flags, info->extack);
	mutex_unlock(&moat_policy_lock);
	if (err)
		moat_ruleset_free(rs);
	return err;
}

static int moat_nl_remove_profile(struct sk_buff *skb, struct genl_info *info)
{
	const char *name;
	int err;

	err = moat_nl_profile_name(info, &name);
	if (err)
		return err;
	mutex_lock(&moat_policy_lock);
	moat_prune_removed();
	err = moat_profile_remove(name, info->extack);
	mutex_unlock(&moat_policy_lock);
	return err;
}

static int moat_nl_fill_profile(struct sk_buff *skb,
				struct netlink_callback *cb,
				const struct moat_profile *profile)
{
	const struct moat_ruleset *rs;
	void *hdr;

	rs = rcu_dereference_protected(profile->ruleset,
				       lockdep_is_held(&moat_policy_lock));
	hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
			  &moat_genl_family, NLM_F_MULTI, MOAT_CMD_GET_PROFILE);
	if (!hdr)
		return -EMSGSIZE;
	if (nla_put_string(skb, MOAT_A_PROFILE_NAME, profile->name) ||
	    nla_put_u64_64bit(skb, MOAT_A_PROFILE_GENERATION,
			      profile->generation, MOAT_A_PAD) ||
	    nla_put_u32(skb, MOAT_A_PROFILE_ATTACHMENTS, profile->attachments) ||
	    nla_put_u32(skb, MOAT_A_PROFILE_RULES, rs->sys.nr_rules) ||
	    nla_put_u32(skb, MOAT_A_PROFILE_MEMORY,
			min_t(size_t, rs->size, U32_MAX)) ||
	    nla_put_u32(skb, MOAT_A_PROFILE_LAYERS, rs->layers) ||
	    (rs->path && nla_put_u32(skb, MOAT_A_PROFILE_DFA_STATES,
				     rs->path->dfa.nstates))) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

/* cb->args[0]: entries already sent. */
static int moat_nl_dump_profiles(struct sk_buff *skb,
				 struct netlink_callback *cb)
{
	const struct moat_profile *profile;
	long idx = 0;

	mutex_lock(&moat_policy_lock);
	moat_prune_removed();
	list_for_each_entry(profile, moat_profile_list(), node) {
		if (idx++ < cb->args[0])
			continue;
		if (moat_nl_fill_profile(skb, cb, profile)) {
			idx--;
			break;
		}
	}
	mutex_unlock(&moat_policy_lock);
	cb->args[0] = idx;
	return skb->len;
}

static struct cgroup *moat_nl_cgroup(struct genl_info *info)
{
	struct cgroup *cgrp;

	if (GENL_REQ_ATTR_CHECK(info, MOAT_A_CGROUP_FD))
		return ERR_PTR(-EINVAL);
	cgrp = cgroup_get_from_fd(nla_get_s32(info->attrs[MOAT_A_CGROUP_FD]));
	if (IS_ERR(cgrp))
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[MOAT_A_CGROUP_FD],
				    "not an open cgroup v2 directory");
	return cgrp;
}

/* The subject label of an attach request, or NULL; ERR_PTR on error. */
static struct moat_label *moat_nl_label(struct genl_info *info)
{
	struct nlattr *type = info->attrs[MOAT_A_LABEL_TYPE];
	struct nlattr *cats = info->attrs[MOAT_A_LABEL_CATS];
	struct moat_label *label;

	if (!type) {
		if (cats) {
			NL_SET_ERR_MSG_ATTR(info->extack, cats,
					    "categories without a type");
			return ERR_PTR(-EINVAL);
		}
		return NULL;
	}
	label = kzalloc(sizeof(*label), GFP_KERNEL_ACCOUNT);
	if (!label)
		return ERR_PTR(-ENOMEM);
	if (moat_label_parse(nla_data(type), strlen(nla_data(type)), label) ||
	    strcmp(label->type, nla_data(type))) {
		kfree(label);
		NL_SET_ERR_MSG_ATTR(info->extack, type, "not a type name");
		return ERR_PTR(-EINVAL);
	}
	if (cats)
		bitmap_from_arr32(label->cats, nla_data(cats), MOAT_LABEL_CATS);
	return label;
}

static int moat_nl_attach(struct sk_buff *skb, struct genl_info *info)
{
	struct moat_profile *profile;
	struct moat_label *label;
	struct cgroup *cgrp;
	const char *name;
	u32 flags = 0;
	int err;

	err = moat_nl_profile_name(info, &name);
	if (err)
		return err;
	if (info->attrs[MOAT_A_FLAGS])
		flags = nla_get_u32(info->attrs[MOAT_A_FLAGS]);
	label = moat_nl_label(info);
	if (IS_ERR(label))
		return PTR_ERR(label);
	cgrp = moat_nl_cgroup(info);
	if (IS_ERR(cgrp)) {
		kfree(label);
		return PTR_ERR(cgrp);
	}

	mutex_lock(&moat_policy_lock);
	moat_prune_removed();
	profile = moat_profile_find(name);
	if (profile) {
		const struct moat_ruleset *rs;

		rs = rcu_dereference_protected(profile->ruleset,
					       lockdep_is_held(&moat_policy_lock));
		if (rs->labels && !label) {
			NL_SET_ERR_MSG(info->extack,
				       "the profile has a label layer: give the cgroup's label");
			err = -EINVAL;
		} else {
			err = moat_attach(cgrp, profile, label, flags,
					  info->extack);
			if (!err)
				label = NULL;	/* the attachment owns it */
		}
	} else {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[MOAT_A_PROFILE_NAME],
				    "no profile with that name");
		err = -ENOENT;
	}
	mutex_unlock(&moat_policy_lock);
	cgroup_put(cgrp);
	kfree(label);
	return err;
}

/* The cgroup a request names by CGROUP_FD or CGROUP_ID, as an id. */
static int moat_nl_cgroup_id(struct genl_info *info, u64 *id)
{
	struct cgroup *cgrp;

	if (!info->attrs[MOAT_A_CGROUP_FD] == !info->attrs[MOAT_A_CGROUP_ID]) {
		NL_SET_ERR_MSG(info->extack,
			       "give exactly one of CGROUP_FD and CGROUP_ID");
		return -EINVAL;
	}
	if (info->attrs[MOAT_A_CGROUP_ID]) {
		*id = nla_get_u64(info->attrs[MOAT_A_CGROUP_ID]);
		return 0;
	}
	cgrp = moat_nl_cgroup(info);
	if (IS_ERR(cgrp))
		return PTR_ERR(cgrp);
	*id = cgroup_id(cgrp);
	cgroup_put(cgrp);
	return 0;
}

static int moat_nl_set_mode(struct sk_buff *skb, struct genl_info *info)
{
	u64 id;
	int err;

	if (GENL_REQ_ATTR_CHECK(info, MOAT_A_MODE))
		return -EINVAL;
	err = moat_nl_cgroup_id(info, &id);
	if (err)
		return err;
	mutex_lock(&moat_policy_lock);
	moat_prune_removed();
	err = moat_set_mode(id, nla_get_u32(info->attrs[MOAT_A_MODE]),
			    info->extack);
	mutex_unlock(&moat_policy_lock);
	return err;
}

static int moat_nl_detach(struct sk_buff *skb, struct genl_info *info)
{
	u64 id;
	int err;

	err = moat_nl_cgroup_id(info, &id);
	if (err)
		return err;

	mutex_lock(&moat_policy_lock);
	moat_prune_removed();
	err = moat_detach(id, info->extack);
	mutex_unlock(&moat_policy_lock);
	return err;
}

static int moat_nl_fill_attachment(struct sk_buff *skb,
				   struct netlink_callback *cb,
				   const struct moat_attachment *att,
				   char *path, size_t path_len)
{
	u32 cats[MOAT_LABEL_CATS / 32];
	const struct moat_profile *profile;
	const struct moat_label *label;
	void *hdr;
	int len;

	profile = rcu_dereference_protected(att->profile,
					    lockdep_is_held(&moat_policy_lock));
	/* The path as the reader's cgroup namespace shows it. */
	len = cgroup_path_ns(att->cgrp, path, path_len,
			     current->nsproxy->cgroup_ns);
	if (len < 0 || len >= path_len)
		strscpy(path, "?", path_len);

	hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
			  &moat_genl_family, NLM_F_MULTI,
			  MOAT_CMD_GET_ATTACHMENT);
	if (!hdr)
		return -EMSGSIZE;
	label = rcu_dereference_protected(att->label,
					  lockdep_is_held(&moat_policy_lock));
	if (label)
		bitmap_to_arr32(cats, label->cats, MOAT_LABEL_CATS);
	if (nla_put_u64_64bit(skb, MOAT_A_CGROUP_ID, cgroup_id(att->cgrp),
			      MOAT_A_PAD) ||
	    nla_put_string(skb, MOAT_A_CGROUP_PATH, path) ||
	    nla_put_string(skb, MOAT_A_PROFILE_NAME, profile->name) ||
	    nla_put_u32(skb, MOAT_A_MODE, READ_ONCE(att->mode)) ||
	    (READ_ONCE(att->pending) && nla_put_flag(skb, MOAT_A_PENDING)) ||
	    nla_put_u64_64bit(skb, MOAT_A_DENIALS,
			      atomic64_read(&att->denials), MOAT_A_PAD) ||
	    nla_put_u64_64bit(skb, MOAT_A_EVENTS_DROPPED,
			      atomic64_read(&att->dropped), MOAT_A_PAD) ||
	    (label && (nla_put_string(skb, MOAT_A_LABEL_TYPE, label->type) ||
		       nla_put(skb, MOAT_A_LABEL_CATS, sizeof(cats), cats)))) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

/* cb->args[0]: entries already sent. */
static int moat_nl_dump_attachments(struct sk_buff *skb,
				    struct netlink_callback *cb)
{
	const struct moat_attachment *att;
	long idx = 0;
	char *path;

	path = kmalloc(PATH_MAX, GFP_KERNEL);
	if (!path)
		return -ENOMEM;
	mutex_lock(&moat_policy_lock);
	moat_prune_removed();
	list_for_each_entry(att, moat_attachment_list(), node) {
		if (idx++ < cb->args[0])
			continue;
		if (moat_nl_fill_attachment(skb, cb, att, path, PATH_MAX)) {
			idx--;
			break;
		}
	}
	mutex_unlock(&moat_policy_lock);
	kfree(path);
	cb->args[0] = idx;
	return skb->len;
}

static const struct genl_ops moat_genl_ops[] = {
	{
		.cmd = MOAT_CMD_GET_STATUS,
		.doit = moat_nl_get_status,
	},
	{
		.cmd = MOAT_CMD_LOAD_PROFILE,
		.doit = moat_nl_load_profile,
		.policy = moat_load_policy,
		.maxattr = MOAT_A_MAX,
		.internal_flags = MOAT_NL_ADMIN,
	},
	{
		.cmd = MOAT_CMD_REMOVE_PROFILE,
		.doit = moat_nl_remove_profile,
		.policy = moat_remove_policy,
		.maxattr = MOAT_A_MAX,
		.internal_flags = MOAT_NL_ADMIN,
	},
	{
		.cmd = MOAT_CMD_GET_PROFILE,
		.dumpit = moat_nl_dump_profiles,
	},
	{
		.cmd = MOAT_CMD_ATTACH,
		.doit = moat_nl_attach,
		.policy = moat_attach_policy,
		.maxattr = MOAT_A_MAX,
		.internal_flags = MOAT_NL_ADMIN,
	},
	{
		.cmd = MOAT_CMD_DETACH,
		.doit = moat_nl_detach,
		.policy = moat_detach_policy,
		.maxattr = MOAT_A_MAX,
		.internal_flags = MOAT_NL_ADMIN,
	},
	{
		.cmd = MOAT_CMD_GET_ATTACHMENT,
		.dumpit = moat_nl_dump_attachments,
	},
	{
		.cmd = MOAT_CMD_SET_MODE,
		.doit = moat_nl_set_mode,
		.policy = moat_mode_policy,
		.maxattr = MOAT_A_MAX,
		.internal_flags = MOAT_NL_ADMIN,
	},
};

static struct genl_family moat_genl_family __ro_after_init = {
	.name = MOAT_GENL_NAME,
	.version = MOAT_GENL_VERSION,
	.module = THIS_MODULE,
	.ops = moat_genl_ops,
	.n_ops = ARRAY_SIZE(moat_genl_ops),
	/* Every command: strict attributes, reserved header byte zero. */
	.resv_start_op = MOAT_CMD_GET_STATUS,
	.pre_doit = moat_nl_pre_doit,
	.mcgrps = moat_mcgrps,
	.n_mcgrps = ARRAY_SIZE(moat_mcgrps),
	/* Only from the initial network namespace: containers cannot reach it. */
	.netnsok = false,
};

/* A name of any length, cut to MOAT_EV_NAME_MAX bytes and NUL-terminated. */
#define MOAT_EV_NAME_MAX	4095

static int moat_nl_put_name(struct sk_buff *msg, const char *name)
{
	size_t len = strnlen(name, MOAT_EV_NAME_MAX);
	struct nlattr *attr;

	attr = nla_reserve(msg, MOAT_EV_A_NAME, len + 1);
	if (!attr)
		return -EMSGSIZE;
	memcpy(nla_data(attr), name, len);
	((char *)nla_data(attr))[len] = '\0';
	return 0;
}

/**
 * moat_netlink_event() - multicast one denial to the "events" group
 * @d: the denial
 * @cgroup_id: the attached cgroup, 0 if none matched
 * @complain: the attachment is in complain mode: the operation went on
 * @abi: &enum moat_abi of @nr
 * @nr: the syscall (refused, or in progress), -1 if none
 * @dropped: reports of the attachment dropped since the last one sent
 *
 * Sent only while someone listens. A message that cannot be built or sent
 * (no memory, a full socket buffer) is lost to that listener, as netlink
 * multicast loses it: the listener's socket reports the overrun (ENOBUFS).
 *
 * Context: any context the hooks run in; RCU read side (keeps
 * @d->profile alive); does not sleep.
 */
void moat_netlink_event(const struct moat_denial *d, u64 cgroup_id,
			bool complain, enum moat_abi abi, int nr, u64 dropped)
{
	struct sk_buff *msg;
	struct nlattr *ev;
	void *hdr;

	if (!genl_has_listeners(&moat_genl_family, &init_net,
				MOAT_MCGRP_EVENTS_ID))
		return;
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_ATOMIC | __GFP_NOWARN);
	if (!msg)
		return;
	hdr = genlmsg_put(msg, 0, 0, &moat_genl_family, 0, MOAT_CMD_EVENT);
	if (!hdr)
		goto fail;
	ev = nla_nest_start(msg, MOAT_A_EVENT);
	if (!ev ||
	    nla_put_u64_64bit(msg, MOAT_EV_A_TIME, ktime_get_real_ns(),
			      MOAT_EV_A_PAD) ||
	    nla_put_u32(msg, MOAT_EV_A_MODE, complain ? MOAT_MODE_COMPLAIN :
			MOAT_MODE_ENFORCE) ||
	    nla_put_u32(msg, MOAT_EV_A_LAYER, d->layer) ||
	    nla_put_string(msg, MOAT_EV_A_OPERATION, d->op) ||
	    nla_put_string(msg, MOAT_EV_A_PROFILE, d->profile->name) ||
	    nla_put_u64_64bit(msg, MOAT_EV_A_CGROUP_ID, cgroup_id,
			      MOAT_EV_A_PAD) ||
	    (d->name && moat_nl_put_name(msg, d->name)) ||
	    (d->requested &&
	     nla_put_string(msg, MOAT_EV_A_REQUESTED, d->requested)) ||
	    (d->denied && nla_put_string(msg, MOAT_EV_A_DENIED, d->denied)) ||
	    (d->fields && *d->fields &&
	     nla_put_string(msg, MOAT_EV_A_FIELDS, d->fields)) ||
	    nla_put_u8(msg, MOAT_EV_A_ABI, abi) ||
	    (nr >= 0 && nla_put_u32(msg, MOAT_EV_A_SYSCALL, nr)) ||
	    nla_put_u32(msg, MOAT_EV_A_ERRNO, -d->err) ||
	    nla_put_u32(msg, MOAT_EV_A_PID, task_tgid_nr(current)) ||
	    nla_put_string(msg, MOAT_EV_A_COMM, current->comm) ||
	    nla_put_u64_64bit(msg, MOAT_EV_A_DROPPED, dropped, MOAT_EV_A_PAD))
		goto fail;
	nla_nest_end(msg, ev);
	genlmsg_end(msg, hdr);
	genlmsg_multicast(&moat_genl_family, msg, 0, MOAT_MCGRP_EVENTS_ID,
			  GFP_ATOMIC);
	return;
fail:
	nlmsg_free(msg);
}

/**
 * moat_netlink_init() - register the "moat" generic netlink family
 *
 * Context: process context, may sleep.
 * Return: 0, or the error of genl_register_family() (-EEXIST if a family
 *	of that name exists, -ENOMEM).
 */
int moat_netlink_init(void)
{
	return genl_register_family(&moat_genl_family);
}

/**
 * moat_netlink_exit() - unregister the family; waits for running operations
 *
 * Context: process context, may sleep.
 */
void moat_netlink_exit(void)
{
	genl_unregister_family(&moat_genl_family);
}
