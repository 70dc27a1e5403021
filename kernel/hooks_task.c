// SPDX-License-Identifier: GPL-2.0
/*
 * moat - task hooks: a confined task stays inside its confinement domain
 *
 * A confinement domain is everything one attachment covers: the attached
 * cgroup and its descendants, less any descendant attached on its own. A
 * confined task may not act on tasks of another domain or on unconfined
 * ones (ptrace, /proc/PID/mem, process_vm_writev, pidfd_getfd: everything
 * that asks ptrace_may_access(); perf_event_open on them), and may not move
 * tasks across domains: not itself out, not into a nested cgroup attached
 * to a weaker profile, not outside tasks in. Otherwise a confined task would
 * run what its profile denies through a task confined less, or leave. The
 * path and label layers will add per-profile ptrace and signal rules; this
 * is the floor under them.
 */

#include <linux/cgroup.h>
#include <linux/errno.h>
#include <linux/perf_event.h>
#include <linux/pid.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/sched/task.h>
#include <linux/sched/task_stack.h>
#include <linux/security.h>
#include <asm/syscall.h>
#include <uapi/linux/sched.h>

#include "moat.h"

/**
 * moat_ptrace_access_check() - confine ptrace access to the domain
 * @child: the task to be accessed
 * @mode: PTRACE_MODE_* flags
 *
 * The security_ptrace_access_check() hook: a confined tracer may only
 * reach tasks confined by its own attachment.
 *
 * Context: any context, called under task_lock(@child); takes the RCU read
 * lock, does not sleep.
 * Return: 0 to allow, -EACCES if the current task is confined and @child
 *	is not confined by the same attachment.
 */
int moat_ptrace_access_check(struct task_struct *child, unsigned int mode)
{
	struct moat_attachment *att;
	int err = 0;

	rcu_read_lock();
	att = moat_task_attachment(current);
	if (att && moat_task_attachment(child) != att)
		err = -EACCES;
	rcu_read_unlock();
	return err;
}

/**
 * moat_cgroup_attach_check() - keep cgroup migrations inside the domain
 * @dst: the cgroup tasks move to
 * @leader: the task (or thread group leader) that moves
 *
 * Guards cgroup_attach_task(), which every write to cgroup.procs or
 * cgroup.threads reaches: a confined task may only move tasks of its own
 * domain to cgroups of its own domain. Moves within other hierarchies
 * (cgroup v1) do not change what moat confines and pass.
 *
 * Context: process context, cgroup_mutex held; takes the RCU read lock,
 * does not sleep.
 * Return: 0 to allow, -EACCES otherwise.
 */
int moat_cgroup_attach_check(struct cgroup *dst, struct task_struct *leader)
{
	struct moat_attachment *att;
	int err = 0;

	if (dst->root != &cgrp_dfl_root)
		return 0;
	rcu_read_lock();
	att = moat_task_attachment(current);
	if (att && (moat_attachment_of(dst) != att ||
		    moat_task_attachment(leader) != att))
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
	if (moat_task_attachment(current))
		err = -EACCES;
	rcu_read_unlock();
	return err;
}

/**
 * moat_perf_event_open() - the perf_event_open hook
 * @attr: the event's attributes
 * @type: PERF_SECURITY_OPEN, _CPU or _KERNEL
 *
 * With CAP_PERFMON the kernel skips ptrace_may_access() for perf's target,
 * so the ptrace floor does not cover it. For a confined task, moat reads
 * the target from the syscall's own arguments: itself or a task of its
 * domain passes; another task, a whole cgroup (PERF_FLAG_PID_CGROUP) or a
 * whole CPU (pid -1) does not.
 *
 * Context: process context, inside perf_event_open(2); takes the RCU read
 * lock, does not sleep.
 * Return: 0 to allow, -EACCES otherwise.
 */
int moat_perf_event_open(struct perf_event_attr *attr, int type)
{
	struct moat_attachment *att;
	struct task_struct *task;
	unsigned long args[6];
	int err = 0;
	pid_t pid;

	if (type != PERF_SECURITY_OPEN)
		return 0;
	rcu_read_lock();
	att = moat_task_attachment(current);
	if (!att)
		goto out;
	/* perf_event_open(attr, pid, cpu, group_fd, flags) */
	syscall_get_arguments(current, task_pt_regs(current), args);
	pid = (int)args[1];
	if ((args[4] & PERF_FLAG_PID_CGROUP) || pid == -1) {
		err = -EACCES;
	} else if (pid) {
		task = pid_task(find_vpid(pid), PIDTYPE_PID);
		if (task && moat_task_attachment(task) != att)
			err = -EACCES;
	}
out:
	rcu_read_unlock();
	return err;
}
