// SPDX-License-Identifier: GPL-2.0
/*
 * moat - task hooks: a confined task stays inside its subtree
 *
 * A task confined by an attachment may not act on tasks outside the
 * attached subtree (ptrace, /proc/PID/mem, process_vm_writev, pidfd_getfd:
 * everything that asks ptrace_may_access()), and may not move itself or
 * others out of it, or move outside tasks in. Otherwise a confined task
 * would run what its profile denies through an unconfined one, or leave.
 * The path and label layers will add per-profile ptrace and signal rules;
 * this is the floor under them.
 */

#include <linux/cgroup.h>
#include <linux/errno.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/sched/task.h>
#include <uapi/linux/sched.h>

#include "moat.h"

/**
 * moat_ptrace_access_check() - confine ptrace access to the subtree
 * @child: the task to be accessed
 * @mode: PTRACE_MODE_* flags
 *
 * The security_ptrace_access_check() hook: a confined tracer may only
 * reach tasks in its own attached subtree.
 *
 * Context: any context, called under task_lock(@child); takes the RCU read
 * lock, does not sleep.
 * Return: 0 to allow, -EACCES if the current task is confined and @child
 *	is outside its subtree.
 */
int moat_ptrace_access_check(struct task_struct *child, unsigned int mode)
{
	struct cgroup *subtree;
	int err = 0;

	rcu_read_lock();
	subtree = moat_current_subtree();
	if (subtree && !cgroup_is_descendant(task_dfl_cgroup(child), subtree))
		err = -EACCES;
	rcu_read_unlock();
	return err;
}

/**
 * moat_cgroup_attach_check() - keep cgroup migrations inside the subtree
 * @dst: the cgroup tasks move to
 * @leader: the task (or thread group leader) that moves
 *
 * Guards cgroup_attach_task(), which every write to cgroup.procs or
 * cgroup.threads reaches: a confined task may only move tasks of its own
 * subtree to cgroups of its own subtree. Moves within other hierarchies
 * (cgroup v1) do not change what moat confines and pass.
 *
 * Context: process context, cgroup_mutex held; takes the RCU read lock,
 * does not sleep.
 * Return: 0 to allow, -EACCES otherwise.
 */
int moat_cgroup_attach_check(struct cgroup *dst, struct task_struct *leader)
{
	struct cgroup *subtree;
	int err = 0;

	if (dst->root != &cgrp_dfl_root)
		return 0;
	rcu_read_lock();
	subtree = moat_current_subtree();
	if (subtree && (!cgroup_is_descendant(dst, subtree) ||
			!cgroup_is_descendant(task_dfl_cgroup(leader), subtree)))
		err = -EACCES;
	rcu_read_unlock();
	return err;
}

/**
 * moat_cgroup_fork_check() - no clone3(CLONE_INTO_CGROUP) for confined tasks
 * @kargs: the clone arguments
 *
 * Guards cgroup_can_fork(). A child created straight into another cgroup
 * could start outside the subtree; confined tasks fork into their own
 * cgroup and move children with cgroup.procs, which is checked.
 *
 * Context: process context, in copy_process(); takes the RCU read lock,
 * does not sleep.
 * Return: 0 to allow, -EACCES if a confined task asks for CLONE_INTO_CGROUP.
 */
int moat_cgroup_fork_check(struct kernel_clone_args *kargs)
{
	int err = 0;

	if (!(kargs->flags & CLONE_INTO_CGROUP))
		return 0;
	rcu_read_lock();
	if (moat_current_subtree())
		err = -EACCES;
	rcu_read_unlock();
	return err;
}
