// SPDX-License-Identifier: GPL-2.0
/*
 * moat - attachments: which cgroup v2 subtrees a profile confines
 *
 * An attachment binds a profile to a cgroup and covers the cgroup's whole
 * subtree, less any cgroup below it attached on its own: a task is confined
 * by the attachment of its deepest attached ancestor (its own cgroup
 * included). The cgroups one attachment covers are its domain. Lookups walk the task's ancestors,
 * deepest first, in a hash table keyed by cgroup; a bitmap of the levels
 * that hold attachments lets the walk skip the rest, so a task whose
 * ancestry holds no attachment pays a few loads and no lookup.
 *
 * While anything is attached, the module holds a reference on itself:
 * rmmod fails with EBUSY rather than lifting confinement. Only a forced
 * unload (rmmod -f) gets past that, and then moat_detach_all() runs.
 */

#define pr_fmt(fmt) "moat: " fmt

#include <linux/bitops.h>
#include <linux/cgroup.h>
#include <linux/module.h>
#include <linux/rhashtable.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <net/netlink.h>

#include "moat.h"

DEFINE_STATIC_KEY_FALSE(moat_confining);

static struct rhashtable moat_attach_ht;
static const struct rhashtable_params moat_attach_params = {
	.key_len = sizeof(struct cgroup *),
	.key_offset = offsetof(struct moat_attachment, cgrp),
	.head_offset = offsetof(struct moat_attachment, hnode),
	.automatic_shrinking = true,
};

static LIST_HEAD(moat_attachments);
static unsigned int moat_nr_attachments;

/* Bit L set: some attachment sits at cgroup level L (bit 63: level >= 63). */
static unsigned long moat_attach_levels;

/* Attachments waiting for their subtree's first execve (ON_EXEC). */
static atomic_t moat_nr_pending = ATOMIC_INIT(0);

static unsigned int moat_level_bit(int level)
{
	return min(level, BITS_PER_LONG - 1);
}

static struct moat_attachment *moat_lookup(struct cgroup *cgrp, bool pending)
{
	unsigned long levels = READ_ONCE(moat_attach_levels);
	struct moat_attachment *att;
	int level;

	for (level = cgrp->level; level >= 0; level--) {
		if (!(levels & BIT(moat_level_bit(level))))
			continue;
		att = rhashtable_lookup(&moat_attach_ht, &cgrp->ancestors[level],
					moat_attach_params);
		if (att && (pending || !READ_ONCE(att->pending)))
			return att;
	}
	return NULL;
}

/**
 * moat_attachment_of() - the attachment that confines a cgroup
 * @cgrp: a cgroup v2 cgroup, kept alive by the caller (a task in it, or RCU)
 *
 * Context: RCU read side; any context, no sleeping, no allocation.
 * Return: the attachment of @cgrp's deepest attached ancestor (@cgrp itself
 *	included) that is not pending (%MOAT_ATTACH_F_ON_EXEC before the
 *	subtree's first execve), or NULL if none.
 */
struct moat_attachment *moat_attachment_of(struct cgroup *cgrp)
{
	return moat_lookup(cgrp, false);
}

/**
 * moat_domain_of() - the domain a cgroup belongs to, for the floor
 * @cgrp: a cgroup v2 cgroup, kept alive by the caller
 *
 * As moat_attachment_of(), but a pending (%MOAT_ATTACH_F_ON_EXEC)
 * attachment counts from the attach on: a confined task must not move
 * into a pending subtree and have an execve there start a profile other
 * than its own.
 *
 * Context: RCU read side; any context, no sleeping, no allocation.
 * Return: the deepest attachment of @cgrp's ancestry, pending or not, or
 *	NULL.
 */
struct moat_attachment *moat_domain_of(struct cgroup *cgrp)
{
	return moat_lookup(cgrp, true);
}

/**
 * moat_attachment_exec() - a task execs: start its pending attachment
 *
 * Context: process context, in execve, once the exec check has passed;
 * takes the RCU read lock, does not sleep. An %MOAT_ATTACH_F_ON_EXEC
 * attachment confines nothing until a task of its subtree calls execve;
 * from this call on it confines the whole subtree, the new program
 * included. Costs one atomic read while nothing is pending.
 */
void moat_attachment_exec(void)
{
	struct moat_attachment *att;

	if (!atomic_read(&moat_nr_pending))
		return;
	rcu_read_lock();
	att = moat_lookup(task_dfl_cgroup(current), true);
	/* one winner among concurrent execs; detach races the same way */
	if (att && cmpxchg(&att->pending, 1, 0) == 1)
		atomic_dec(&moat_nr_pending);
	rcu_read_unlock();
}

/**
 * moat_profile_of() - the profile that confines a cgroup
 * @cgrp: a cgroup v2 cgroup, kept alive by the caller (a task in it, or RCU)
 *
 * Context: RCU read side; any context, no sleeping, no allocation.
 * Return: the profile of @cgrp's deepest attached ancestor, or NULL.
 */
struct moat_profile *moat_profile_of(struct cgroup *cgrp)
{
	struct moat_attachment *att = moat_attachment_of(cgrp);

	return att ? rcu_dereference(att->profile) : NULL;
}

/**
 * moat_task_attachment() - the attachment that confines a task
 * @task: any task, kept alive by the caller
 *
 * Context: RCU read side; any context, no sleeping, no allocation.
 * Return: the attachment of the deepest attached ancestor of @task's
 *	cgroup v2 cgroup, or NULL if @task is not confined.
 */
struct moat_attachment *moat_task_attachment(struct task_struct *task)
{
	return moat_attachment_of(task_dfl_cgroup(task));
}

/**
 * moat_current_confined() - whether moat confines the calling task
 *
 * Context: process context; takes the RCU read lock.
 * Return: true if an attachment confines the caller.
 */
bool moat_current_confined(void)
{
	bool confined;

	rcu_read_lock();
	confined = moat_task_attachment(current);
	rcu_read_unlock();
	return confined;
}

static void moat_recompute_levels(void)
{
	struct moat_attachment *att;
	unsigned long levels = 0;

	list_for_each_entry(att, &moat_attachments, node)
		levels |= BIT(moat_level_bit(att->cgrp->level));
	WRITE_ONCE(moat_attach_levels, levels);
}

/**
 * moat_attach() - confine a cgroup subtree with a profile
 * @cgrp: cgroup v2 cgroup; the caller keeps its own reference, moat takes one
 * @profile: a loaded profile
 * @label: the subject label of the subtree's tasks (kmalloc'ed), or NULL;
 *	on success the attachment owns it
 * @flags: MOAT_ATTACH_F_* flags
 * @extack: extended ack for error messages, may be NULL
 *
 * Tasks in the subtree are decided by @profile from their next syscall.
 * With %MOAT_ATTACH_F_REPLACE an attached cgroup switches profile in one
 * step, with no moment unconfined. The attachment is in complain mode with
 * %MOAT_ATTACH_F_COMPLAIN, else in enforce mode (a replace sets it too).
 * With %MOAT_ATTACH_F_ON_EXEC (not with REPLACE) it confines nothing until
 * a task of the subtree calls execve (moat_attachment_exec()).
 *
 * Context: process context, moat_policy_lock held; may sleep.
 * Return: 0 on success,
 *	-EINVAL for the root cgroup or a threaded cgroup, or ON_EXEC with
 *	REPLACE,
 *	-EEXIST if @cgrp is attached and %MOAT_ATTACH_F_REPLACE is not set,
 *	-ENOSPC if %MOAT_ATTACHMENTS_MAX cgroups are attached already,
 *	-ENODEV if the module is being unloaded,
 *	-ENOMEM when memory runs out.
 */
int moat_attach(struct cgroup *cgrp, struct moat_profile *profile,
		struct moat_label *label, u32 flags,
		struct netlink_ext_ack *extack)
{
	struct moat_attachment *att;
	struct moat_profile *old;
	int err;

	lockdep_assert_held(&moat_policy_lock);
	if (!cgroup_parent(cgrp)) {
		NL_SET_ERR_MSG(extack, "cannot attach to the root cgroup");
		return -EINVAL;
	}
	/* ON_EXEC would lift a running confinement until the next execve */
	if ((flags & MOAT_ATTACH_F_ON_EXEC) && (flags & MOAT_ATTACH_F_REPLACE)) {
		NL_SET_ERR_MSG(extack, "ON_EXEC is for a new attachment, not with REPLACE");
		return -EINVAL;
	}
	/*
	 * A threaded cgroup holds some threads of a process whose other
	 * threads, sharing its memory, may sit outside: attach the domain.
	 */
	if (cgrp->dom_cgrp != cgrp) {
		NL_SET_ERR_MSG(extack, "cannot attach a threaded cgroup: attach its domain cgroup");
		return -EINVAL;
	}

	att = rhashtable_lookup_fast(&moat_attach_ht, &cgrp, moat_attach_params);
	if (att) {
		if (!(flags & MOAT_ATTACH_F_REPLACE)) {
			NL_SET_ERR_MSG(extack, "cgroup is attached already");
			return -EEXIST;
		}
		old = rcu_dereference_protected(att->profile,
						lockdep_is_held(&moat_policy_lock));
		/* the new profile starts in the mode asked for, like an attach */
		WRITE_ONCE(att->mode, flags & MOAT_ATTACH_F_COMPLAIN ?
			   MOAT_MODE_COMPLAIN : MOAT_MODE_ENFORCE);
		/* a replace confines at once, pending or not */
		if (xchg(&att->pending, 0))
			atomic_dec(&moat_nr_pending);
		rcu_assign_pointer(att->profile, profile);
		old->attachments--;
		profile->attachments++;
		kfree_rcu(rcu_replace_pointer(att->label, label,
					      lockdep_is_held(&moat_policy_lock)),
			  rcu);
		return 0;
	}

	if (moat_nr_attachments >= MOAT_ATTACHMENTS_MAX) {
		NL_SET_ERR_MSG(extack, "too many cgroups attached");
		return -ENOSPC;
	}
	/*
	 * The first attachment pins the module. try_module_get() fails once
	 * an unload has begun: then this attach must fail, not be lifted by
	 * the exit that is already on its way.
	 */
	if (!moat_nr_attachments && !try_module_get(THIS_MODULE)) {
		NL_SET_ERR_MSG(extack, "moat is being unloaded");
		return -ENODEV;
	}
	att = kzalloc(sizeof(*att), GFP_KERNEL_ACCOUNT);
	if (att) {
		att->cgrp = cgrp;
		moat_attachment_events_init(att, flags & MOAT_ATTACH_F_COMPLAIN ?
					    MOAT_MODE_COMPLAIN :
					    MOAT_MODE_ENFORCE);
		att->pending = !!(flags & MOAT_ATTACH_F_ON_EXEC);
		RCU_INIT_POINTER(att->profile, profile);
		RCU_INIT_POINTER(att->label, label);
		err = rhashtable_insert_fast(&moat_attach_ht, &att->hnode,
					     moat_attach_params);
	} else {
		err = -ENOMEM;
	}
	if (err) {
		kfree(att);
		if (!moat_nr_attachments)
			module_put(THIS_MODULE);
		return err;
	}
	cgroup_get(cgrp);
	if (att->pending)
		atomic_inc(&moat_nr_pending);
	list_add_tail(&att->node, &moat_attachments);
	profile->attachments++;
	/* Insert first, then let lookups see the level: both under RCU. */
	WRITE_ONCE(moat_attach_levels,
		   moat_attach_levels | BIT(moat_level_bit(cgrp->level)));
	if (moat_nr_attachments++ == 0)
		static_branch_enable(&moat_confining);
	return 0;
}

static void moat_attachment_remove(struct moat_attachment *att)
{
	struct moat_profile *profile;

	profile = rcu_dereference_protected(att->profile,
					    lockdep_is_held(&moat_policy_lock));
	WARN_ON_ONCE(rhashtable_remove_fast(&moat_attach_ht, &att->hnode,
					    moat_attach_params));
	list_del(&att->node);
	if (xchg(&att->pending, 0))
		atomic_dec(&moat_nr_pending);
	profile->attachments--;
	moat_recompute_levels();
	/* Lookups compare the key, never dereference it: drop it now. */
	cgroup_put(att->cgrp);
	kfree_rcu(rcu_dereference_protected(att->label, true), rcu);
	kfree_rcu(att, rcu);
	moat_nr_attachments--;
}

static void moat_attachments_changed(void)
{
	if (moat_nr_attachments == 0) {
		static_branch_disable(&moat_confining);
		module_put(THIS_MODULE);
	}
}

/**
 * moat_prune_removed() - lift the attachments of removed cgroups
 *
 * Context: process context, moat_policy_lock held; may sleep. Called before
 * every control operation: no task can enter a removed cgroup, so its
 * attachment confines nothing and only pins the cgroup.
 */
void moat_prune_removed(void)
{
	struct moat_attachment *att, *next;
	bool pruned = false;

	lockdep_assert_held(&moat_policy_lock);
	list_for_each_entry_safe(att, next, &moat_attachments, node) {
		if (!css_is_dying(&att->cgrp->self))
			continue;
		pr_info("cgroup %llu was removed: its attachment is lifted\n",
			cgroup_id(att->cgrp));
		moat_attachment_remove(att);
		pruned = true;
	}
	if (pruned)
		moat_attachments_changed();
}

/**
 * moat_detach() - lift a cgroup's attachment
 * @id: cgroup v2 id of the attached cgroup
 * @extack: extended ack for error messages, may be NULL
 *
 * Tasks in the subtree are then decided by the next attached ancestor, if
 * any, from their next syscall.
 *
 * Context: process context, moat_policy_lock held; may sleep.
 * Return: 0 on success, -ENOENT if no attachment has that cgroup.
 */
int moat_detach(u64 id, struct netlink_ext_ack *extack)
{
	struct moat_attachment *att;

	lockdep_assert_held(&moat_policy_lock);
	list_for_each_entry(att, &moat_attachments, node) {
		if (cgroup_id(att->cgrp) != id)
			continue;
		moat_attachment_remove(att);
		moat_attachments_changed();
		return 0;
	}
	NL_SET_ERR_MSG(extack, "cgroup is not attached");
	return -ENOENT;
}

/**
 * moat_set_mode() - switch an attachment between enforce and complain mode
 * @id: cgroup v2 id of the attached cgroup
 * @mode: &enum moat_mode
 * @extack: extended ack for error messages, may be NULL
 *
 * Tasks in the subtree follow the new mode from their next decision.
 *
 * Context: process context, moat_policy_lock held.
 * Return: 0 on success, -ENOENT if no attachment has that cgroup.
 */
int moat_set_mode(u64 id, u32 mode, struct netlink_ext_ack *extack)
{
	struct moat_attachment *att;

	lockdep_assert_held(&moat_policy_lock);
	list_for_each_entry(att, &moat_attachments, node) {
		if (cgroup_id(att->cgrp) != id)
			continue;
		WRITE_ONCE(att->mode, mode);
		return 0;
	}
	NL_SET_ERR_MSG(extack, "cgroup is not attached");
	return -ENOENT;
}

/**
 * moat_detach_all() - lift every attachment, at module exit
 *
 * Context: process context, moat_policy_lock held; may sleep. Attachments
 * are left at exit only when the unload was forced (rmmod -f).
 */
void moat_detach_all(void)
{
	struct moat_attachment *att, *next;

	lockdep_assert_held(&moat_policy_lock);
	if (moat_nr_attachments)
		pr_warn("forced unload: lifting %u attachments\n",
			moat_nr_attachments);
	list_for_each_entry_safe(att, next, &moat_attachments, node)
		moat_attachment_remove(att);
	static_branch_disable(&moat_confining);
}

/**
 * moat_attachment_count() - number of attached cgroups
 *
 * Context: moat_policy_lock held.
 * Return: the count.
 */
unsigned int moat_attachment_count(void)
{
	lockdep_assert_held(&moat_policy_lock);
	return moat_nr_attachments;
}

/**
 * moat_attachment_list() - the list of attachments, in attach order
 *
 * Context: moat_policy_lock held while the list is walked.
 * Return: the list head; entries are &struct moat_attachment.node.
 */
struct list_head *moat_attachment_list(void)
{
	lockdep_assert_held(&moat_policy_lock);
	return &moat_attachments;
}

/**
 * moat_cgroups_init() - set up the attachment table
 *
 * Context: process context, may sleep.
 * Return: 0, or -ENOMEM.
 */
int moat_cgroups_init(void)
{
	return rhashtable_init(&moat_attach_ht, &moat_attach_params);
}

/**
 * moat_cgroups_exit() - tear the attachment table down
 *
 * Context: process context, after moat_detach_all() and after the hooks
 * are gone.
 */
void moat_cgroups_exit(void)
{
	rhashtable_destroy(&moat_attach_ht);
}
