// SPDX-License-Identifier: GPL-2.0
/*
 * moat - path layer: the policy object, path names, and decisions
 *
 * The path layer is AppArmor's model, from a profile AppArmor itself could
 * load (moatctl compiles the text): file rules on path names, mount rules,
 * network families, capabilities, and signal and ptrace rules between
 * labels. A confined task's label is its profile's name; a task no
 * attachment covers is "unconfined". Within a class, what no rule grants is
 * denied and a deny rule always wins; rule order does not matter.
 *
 * Path names follow AppArmor (security/apparmor/path.c): from the root of
 * the mount namespace the mount belongs to (d_absolute_path()), so that
 * chroot renames nothing; a container's names are those it sees after
 * pivot_root. Directories get a trailing '/'. A deleted file keeps its name
 * with mediate_deleted, else the access fails with ENOENT. A file that no
 * namespace root reaches (a kernel-internal mount, a detached mount made by
 * open_tree or fsmount, a lazily unmounted tree) is named from its file
 * system's root with attach_disconnected, else the access is denied.
 * Pseudo filesystems (pipes, sockets, anonymous inodes: SB_NOUSER) are not
 * mediated, as in AppArmor.
 */

#define pr_fmt(fmt) "moat: " fmt

#include <linux/cred.h>
#include <linux/dcache.h>
#include <linux/errno.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/magic.h>
#include <linux/mount.h>
#include <linux/path.h>
#include <linux/percpu.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "moat.h"

/*
 * Names up to 8 KiB, as AppArmor's buffers (aa_g_path_max, 2 * PATH_MAX):
 * a name longer than PATH_MAX can still be reached by openat() from deep
 * inside a tree.
 */
#define MOAT_NAME_LEN	(2 * PATH_MAX)

/* Two names per CPU (rename and link need both), used with preemption off. */
struct moat_namebuf {
	char name[2][MOAT_NAME_LEN];
};

static struct moat_namebuf __percpu *moat_namebufs;

/**
 * moat_paths_init() - allocate the per-CPU path name buffers
 *
 * Context: process context, may sleep.
 * Return: 0, or -ENOMEM.
 */
int moat_paths_init(void)
{
	moat_namebufs = alloc_percpu(struct moat_namebuf);
	return moat_namebufs ? 0 : -ENOMEM;
}

/**
 * moat_paths_exit() - free the per-CPU path name buffers
 *
 * Context: process context, after every hook is gone.
 */
void moat_paths_exit(void)
{
	free_percpu(moat_namebufs);
	moat_namebufs = NULL;
}

static void moat_path_free_rcu(struct rcu_head *head)
{
	moat_path_free(container_of(head, struct moat_path_policy, rcu));
}

/**
 * moat_path_free() - free a path layer
 * @pp: path layer from moat_path_build(), or NULL
 *
 * Context: any context that may call kvfree().
 */
void moat_path_free(struct moat_path_policy *pp)
{
	if (!pp)
		return;
	moat_dfa_free(&pp->dfa);
	kfree(pp->peers);
	kfree(pp);
}

/**
 * moat_path_free_deferred() - free a published path layer after readers
 * @pp: path layer of a ruleset that was replaced or removed, or NULL
 *
 * Context: any context.
 */
void moat_path_free_deferred(struct moat_path_policy *pp)
{
	if (pp)
		call_rcu(&pp->rcu, moat_path_free_rcu);
}

static int moat_peer_parse(struct moat_peer_rule *r, const struct nlattr *nla,
			   struct netlink_ext_ack *extack)
{
	struct nlattr *tb[MOAT_PEER_A_MAX + 1];
	int err;

	err = nla_parse_nested(tb, MOAT_PEER_A_MAX, nla, moat_peer_policy,
			       extack);
	if (err)
		return err;
	if (!tb[MOAT_PEER_A_CLASS] || !tb[MOAT_PEER_A_PERMS]) {
		NL_SET_ERR_MSG_ATTR(extack, nla, "peer rule without class or permissions");
		return -EINVAL;
	}
	r->class = nla_get_u8(tb[MOAT_PEER_A_CLASS]);
	r->perms = nla_get_u32(tb[MOAT_PEER_A_PERMS]);
	r->deny = nla_get_flag(tb[MOAT_PEER_A_DENY]);
	if (r->perms & ~(r->class == MOAT_PEER_SIGNAL ? MOAT_SIGNAL_ALL :
							MOAT_PTRACE_ALL)) {
		NL_SET_ERR_MSG_ATTR(extack, tb[MOAT_PEER_A_PERMS],
				    "unknown permission for the rule's class");
		return -EINVAL;
	}
	if (tb[MOAT_PEER_A_SIGNALS]) {
		if (r->class != MOAT_PEER_SIGNAL) {
			NL_SET_ERR_MSG_ATTR(extack, tb[MOAT_PEER_A_SIGNALS],
					    "signal set on a ptrace rule");
			return -EINVAL;
		}
		r->signals = nla_get_u64(tb[MOAT_PEER_A_SIGNALS]);
		r->signal_exists = nla_get_flag(tb[MOAT_PEER_A_SIGNAL_EXISTS]);
	} else {
		if (tb[MOAT_PEER_A_SIGNAL_EXISTS]) {
			NL_SET_ERR_MSG_ATTR(extack, tb[MOAT_PEER_A_SIGNAL_EXISTS],
					    "existence check without a signal set");
			return -EINVAL;
		}
		r->signals = U64_MAX;
		r->signal_exists = true;
	}
	if (tb[MOAT_PEER_A_PEER]) {
		nla_strscpy(r->peer, tb[MOAT_PEER_A_PEER], sizeof(r->peer));
		if (!r->peer[0]) {
			NL_SET_ERR_MSG_ATTR(extack, tb[MOAT_PEER_A_PEER],
					    "empty peer label");
			return -EINVAL;
		}
	}
	return 0;
}

/**
 * moat_path_build() - build a path layer from netlink attributes
 * @attr: the %MOAT_A_PROFILE_PATHS attribute (validated against
 *	moat_path_policy by the generic netlink core)
 * @head: the request's top-level attributes: the %MOAT_A_DFA_TRANS and
 *	%MOAT_A_DFA_ACCEPT pieces and the %MOAT_A_PEER_RULE rules
 * @len: bytes at @head
 * @extack: extended ack for error messages, may be NULL
 *
 * Context: process context, may sleep (GFP_KERNEL allocations).
 * Return: the new path layer, or ERR_PTR() of -EINVAL for a malformed or
 *	inconsistent attribute set (extack says which), -E2BIG for more than
 *	%MOAT_PEER_RULES_MAX peer rules, -ENOMEM when memory runs out.
 */
struct moat_path_policy *moat_path_build(const struct nlattr *attr,
					 const struct nlattr *head, int len,
					 struct netlink_ext_ack *extack)
{
	struct nlattr *tb[MOAT_PATH_A_MAX + 1];
	struct moat_path_policy *pp;
	const struct nlattr *nla;
	unsigned int npeers = 0;
	int rem, err;

	err = nla_parse_nested(tb, MOAT_PATH_A_MAX, attr, moat_path_policy,
			       extack);
	if (err)
		return ERR_PTR(err);
	nla_for_each_attr(nla, head, len, rem)
		if (nla_type(nla) == MOAT_A_PEER_RULE)
			npeers++;
	if (npeers > MOAT_PEER_RULES_MAX) {
		NL_SET_ERR_MSG(extack, "too many peer rules");
		return ERR_PTR(-E2BIG);
	}

	pp = kzalloc(sizeof(*pp), GFP_KERNEL_ACCOUNT);
	if (!pp)
		return ERR_PTR(-ENOMEM);
	if (npeers) {
		pp->peers = kcalloc(npeers, sizeof(*pp->peers),
				    GFP_KERNEL_ACCOUNT);
		if (!pp->peers) {
			kfree(pp);
			return ERR_PTR(-ENOMEM);
		}
	}
	nla_for_each_attr(nla, head, len, rem) {
		if (nla_type(nla) != MOAT_A_PEER_RULE)
			continue;
		err = moat_peer_parse(&pp->peers[pp->npeers++], nla, extack);
		if (err)
			goto fail;
	}
	err = moat_dfa_build(&pp->dfa, tb, head, len, extack);
	if (err)
		goto fail;

	if (tb[MOAT_PATH_A_FLAGS])
		pp->flags = nla_get_u32(tb[MOAT_PATH_A_FLAGS]);
	if (tb[MOAT_PATH_A_CAP_ALLOW])
		pp->cap_allow = nla_get_u64(tb[MOAT_PATH_A_CAP_ALLOW]);
	if (tb[MOAT_PATH_A_CAP_DENY])
		pp->cap_deny = nla_get_u64(tb[MOAT_PATH_A_CAP_DENY]);
	if (tb[MOAT_PATH_A_NET_ALLOW])
		pp->net_allow = nla_get_u64(tb[MOAT_PATH_A_NET_ALLOW]);
	if (tb[MOAT_PATH_A_NET_DENY])
		pp->net_deny = nla_get_u64(tb[MOAT_PATH_A_NET_DENY]);
	if (tb[MOAT_PATH_A_MOUNT_ALLOW])
		pp->mount_allow = nla_get_u32(tb[MOAT_PATH_A_MOUNT_ALLOW]);
	if (tb[MOAT_PATH_A_MOUNT_DENY])
		pp->mount_deny = nla_get_u32(tb[MOAT_PATH_A_MOUNT_DENY]);
	pp->size = sizeof(*pp) + pp->npeers * sizeof(*pp->peers) +
		   (size_t)pp->dfa.nstates * pp->dfa.nclasses *
			sizeof(*pp->dfa.trans) +
		   (size_t)pp->dfa.nstates * sizeof(*pp->dfa.accept);
	return pp;
fail:
	moat_path_free(pp);
	return ERR_PTR(err);
}

/**
 * moat_current_path() - the path layer that confines the calling task
 * @profile: set to the confining profile when there is one
 *
 * Context: RCU read side (or preemption off); no sleeping.
 * Return: the path layer of the current task's profile, or NULL when the
 *	task is not confined or its profile has no path layer.
 */
const struct moat_path_policy *
moat_current_path(const struct moat_profile **profile)
{
	const struct moat_ruleset *rs;
	const struct moat_profile *p;

	if (!static_branch_unlikely(&moat_confining))
		return NULL;
	p = moat_profile_of(task_dfl_cgroup(current));
	if (!p)
		return NULL;
	rs = rcu_dereference(p->ruleset);
	*profile = p;
	return rs->path;
}

/**
 * moat_task_label() - the label of a task, as peer rules name it
 * @task: any task, kept alive by the caller
 * @pp: set to the path layer of @task's profile, or NULL
 *
 * Context: RCU read side; no sleeping.
 * Return: the name of the profile confining @task, or "unconfined".
 */
const char *moat_task_label(struct task_struct *task,
			    const struct moat_path_policy **pp)
{
	const struct moat_profile *p;
	const struct moat_ruleset *rs;

	*pp = NULL;
	if (!static_branch_unlikely(&moat_confining))
		return "unconfined";
	p = moat_profile_of(task_dfl_cgroup(task));
	if (!p)
		return "unconfined";
	rs = rcu_dereference(p->ruleset);
	*pp = rs->path;
	return p->name;
}

/**
 * moat_peer_allowed() - decide one request against a profile's peer rules
 * @pp: path layer of the profile that decides
 * @class: &enum moat_peer_class
 * @perm: one MOAT_SIGNAL_* or MOAT_PTRACE_* permission
 * @sig: signal number (0 for the existence check); ignored for ptrace
 * @peer: the other task's label
 *
 * Context: any context; no sleeping.
 * Return: true if an allow rule covers the request and no deny rule does.
 */
bool moat_peer_allowed(const struct moat_path_policy *pp, u8 class, u32 perm,
		       int sig, const char *peer)
{
	bool allowed = false;
	unsigned int i;

	for (i = 0; i < pp->npeers; i++) {
		const struct moat_peer_rule *r = &pp->peers[i];

		if (r->class != class || !(r->perms & perm))
			continue;
		if (r->peer[0] && strcmp(r->peer, peer))
			continue;
		if (class == MOAT_PEER_SIGNAL &&
		    !(sig == 0 ? r->signal_exists :
		      (sig <= 64 && (r->signals & BIT_ULL(sig - 1)))))
			continue;
		if (r->deny)
			return false;
		allowed = true;
	}
	return allowed;
}

/*
 * Name @path into buf (MOAT_NAME_LEN bytes), as AppArmor's d_namespace_path()
 * does for @flags. Returns 0 with *name set, or a negative errno with *name
 * set to whatever part of the name exists (for the log).
 */
static int moat_path_name(const struct path *path, char *buf, bool isdir,
			  u32 flags, const char **name)
{
	/* as AppArmor: room for the trailing '/' of a directory */
	int buflen = MOAT_NAME_LEN - isdir;
	struct dentry *dentry = path->dentry;
	bool connected = true;
	char *res;
	size_t len;

	*name = "";
	if (path->mnt->mnt_flags & MNT_INTERNAL) {
		/* Kernel-internal mount: no name from any root. */
		res = dentry_path_raw(dentry, buf, buflen);
		if (IS_ERR(res))
			return PTR_ERR(res);
		if (dentry->d_sb->s_magic == PROC_SUPER_MAGIC &&
		    !strncmp(res, "/sys/", 5) && res - buf >= 5) {
			/* sysctl's internal proc mount: AppArmor says /proc */
			res -= 5;
			memcpy(res, "/proc", 5);
		} else {
			connected = false;
		}
	} else {
		/* From the namespace root: chroot renames nothing. */
		res = moat_absolute_path(path, buf, buflen);
		if (IS_ERR(res) && PTR_ERR(res) != -ENAMETOOLONG) {
			/* a detached mount: named from its file system's root */
			connected = false;
			res = dentry_path_raw(dentry, buf, buflen);
		}
		if (IS_ERR(res))
			return PTR_ERR(res);
	}
	*name = res;
	if (d_unlinked(dentry) && d_is_positive(dentry) &&
	    !(flags & MOAT_PATH_F_MEDIATE_DELETED))
		return -ENOENT;
	if (!connected && !(flags & MOAT_PATH_F_ATTACH_DISCONNECTED))
		return -EACCES;
	len = strlen(res);
	if (isdir && !(len == 1 && res[0] == '/')) {
		/* the last byte was left free: buflen above */
		res[len] = '/';
		res[len + 1] = '\0';
	}
	return 0;
}

static const struct moat_dfa_accept *
moat_name_perms(const struct moat_path_policy *pp, const char *name,
		bool owner, u32 *granted)
{
	const struct moat_dfa_accept *a = moat_dfa_match(&pp->dfa, name);
	u32 allow = a->allow, deny = a->deny;

	if (owner) {
		allow |= a->allow_owner;
		deny |= a->deny_owner;
	}
	*granted = allow & ~deny;
	return a;
}

/**
 * moat_log_string() - an untrusted string, safe for a log line
 * @out: buffer, at least 2 * %MOAT_LOG_STRING_MAX + 3 bytes
 * @s: the string (a path name, a task's comm)
 *
 * AppArmor's rule for untrusted strings (audit_log_untrustedstring()): a
 * string of printable ASCII other than '"' is printed in quotes; any other
 * string (a newline, a quote, a control or non-ASCII byte) is printed as
 * hex digits, unquoted, so that no name can end a log line or forge a
 * field. At most %MOAT_LOG_STRING_MAX bytes of @s are shown.
 *
 * Context: any context.
 * Return: @out.
 */
const char *moat_log_string(char *out, const char *s)
{
	size_t i, n = strnlen(s, MOAT_LOG_STRING_MAX);
	bool plain = true;

	for (i = 0; i < n; i++)
		if (s[i] <= 0x20 || s[i] >= 0x7f || s[i] == '"')
			plain = false;
	if (plain) {
		out[0] = '"';
		memcpy(out + 1, s, n);
		out[n + 1] = '"';
		out[n + 2] = '\0';
	} else {
		bin2hex(out, s, n);
		out[2 * n] = '\0';
	}
	return out;
}

/**
 * moat_path_denied() - report a path-layer denial of a file
 * @op: operation, as AppArmor names it ("open", "mkdir", "link", ...)
 * @profile: the profile that denied it
 * @name: the path name; may be empty
 * @requested: MOAT_FILE_* requested
 * @denied: MOAT_FILE_* refused
 * @err: the negative errno decided
 *
 * The report carries AppArmor's field names (see moat_deny()).
 *
 * Context: any context; RCU read side, which keeps @profile alive.
 * Return: @err, or 0 in complain mode.
 */
int moat_path_denied(const char *op, const struct moat_profile *profile,
		     const char *name, u32 requested, u32 denied, int err)
{
	char req[8], den[8];
	struct moat_denial d = {
		.op = op,
		.profile = profile,
		.layer = MOAT_LAYER_PATHS,
		.name = name,
		.requested = req,
		.denied = den,
		.err = err,
	};

	moat_perm_letters(requested, MOAT_FILE_LETTERS, req);
	moat_perm_letters(denied, MOAT_FILE_LETTERS, den);
	return moat_deny(&d);
}

/**
 * moat_other_denied() - report a denial that names no file
 * @op: operation, as AppArmor names it ("signal", "ptrace", "capable",
 *	"create", "mount", ...)
 * @profile: the profile that denied it
 * @layer: the MOAT_LAYER_* that decided
 * @fields: the operation's own fields, already formatted in AppArmor's
 *	names (requested="send" peer="unconfined", capname="sys_admin",
 *	family=38, ...), or NULL
 * @err: the negative errno decided
 *
 * Context: any context; RCU read side, which keeps @profile alive.
 * Return: @err, or 0 in complain mode.
 */
int moat_other_denied(const char *op, const struct moat_profile *profile,
		      u32 layer, const char *fields, int err)
{
	const struct moat_denial d = {
		.op = op,
		.profile = profile,
		.layer = layer,
		.fields = fields,
		.err = err,
	};

	return moat_deny(&d);
}

/**
 * moat_path_check() - decide a file access by path name
 * @op: operation name for the log
 * @path: the object
 * @request: MOAT_FILE_* requested
 * @owner: the uid owning the object (the inode's, or the creator's fsuid
 *	for an object being created); owner rules apply when it is the
 *	caller's fsuid
 * @isdir: the object is a directory (its name gets a trailing '/')
 *
 * Context: process context; takes the RCU read lock and disables
 * preemption while it uses this CPU's name buffer; does not sleep.
 * Return: 0 to allow (also when the caller is not confined or its profile
 *	has no path layer, and for pseudo filesystems), -EACCES when the
 *	profile does not grant @request or denies part of it, -ENOENT for the
 *	exec of a deleted file without mediate_deleted, -ENAMETOOLONG when
 *	the name does not fit in 8 KiB.
 */
int moat_path_check(const char *op, const struct path *path, u32 request,
		    kuid_t owner, bool isdir)
{
	const struct moat_path_policy *pp;
	const struct moat_profile *profile;
	struct moat_namebuf *nb;
	const char *name;
	u32 granted;
	int err = 0;

	if (!static_branch_unlikely(&moat_confining) ||
	    path->dentry->d_sb->s_flags & SB_NOUSER)
		return 0;
	rcu_read_lock();
	pp = moat_current_path(&profile);
	if (!pp)
		goto out;
	nb = get_cpu_ptr(moat_namebufs);
	/*
	 * As AppArmor's aa_path_perm() (PATH_DELEGATE_DELETED): a deleted
	 * file that is opened again, mapped, locked or changed is decided by
	 * its old name; only exec (and link) need mediate_deleted.
	 */
	err = moat_path_name(path, nb->name[0], isdir,
			     request == MOAT_FILE_EXEC ? pp->flags :
			     pp->flags | MOAT_PATH_F_MEDIATE_DELETED, &name);
	if (!err) {
		moat_name_perms(pp, name, uid_eq(current_fsuid(), owner),
				&granted);
		if (request & ~granted)
			err = -EACCES;
	} else {
		granted = 0;
	}
	if (err)
		err = moat_path_denied(op, profile, name, request,
				       request & ~granted, err);
	put_cpu_ptr(moat_namebufs);
out:
	rcu_read_unlock();
	return err;
}

/**
 * moat_path_link_check() - decide a hard link as AppArmor does
 * @old: the existing file
 * @new: the name the link will have
 * @owner: owner of the existing file
 *
 * The link name needs l, and what the link name grants besides l must be
 * a subset of what the target grants: a link may not open more than the
 * file it points to.
 *
 * Context: process context; RCU read side taken; preemption off while the
 * name buffers are used; does not sleep.
 * Return: 0 to allow, -EACCES if denied, or an errno of moat_path_check().
 */
int moat_path_link_check(const struct path *old, const struct path *new,
			 kuid_t owner)
{
	const struct moat_path_policy *pp;
	const struct moat_profile *profile;
	const char *lname, *tname = "";
	struct moat_namebuf *nb;
	u32 lgranted = 0, tgranted = 0;
	bool own;
	int err = 0;

	if (!static_branch_unlikely(&moat_confining) ||
	    old->dentry->d_sb->s_flags & SB_NOUSER)
		return 0;
	rcu_read_lock();
	pp = moat_current_path(&profile);
	if (!pp)
		goto out;
	own = uid_eq(current_fsuid(), owner);
	nb = get_cpu_ptr(moat_namebufs);
	err = moat_path_name(new, nb->name[0], false, pp->flags, &lname);
	if (!err)
		err = moat_path_name(old, nb->name[1], false, pp->flags, &tname);
	if (!err) {
		moat_name_perms(pp, lname, own, &lgranted);
		moat_name_perms(pp, tname, own, &tgranted);
		if (!(lgranted & MOAT_FILE_LINK) ||
		    (lgranted & ~MOAT_FILE_LINK & ~tgranted))
			err = -EACCES;
	}
	if (err)
		err = moat_path_denied("link", profile, lname, MOAT_FILE_LINK,
				       MOAT_FILE_LINK, err);
	put_cpu_ptr(moat_namebufs);
out:
	rcu_read_unlock();
	return err;
}
