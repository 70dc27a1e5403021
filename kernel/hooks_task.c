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
 * run what its profile denies through a task confined less, or leave. This
 * is the floor; a profile's path layer adds AppArmor's ptrace, signal and
 * capability rules on top.
 */

#include <linux/cgroup.h>
#include <linux/cred.h>
#include <linux/string.h>
#include <linux/errno.h>
#include <linux/fs.h>
#include <linux/kernfs.h>
#include <linux/perf_event.h>
#include <linux/pid.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/sched/task.h>
#include <linux/sched/task_stack.h>
#include <linux/security.h>
#include <asm/syscall.h>
#include <asm/unistd.h>
#include <uapi/linux/magic.h>
#include <uapi/linux/sched.h>

#include "moat.h"

/*
 * AppArmor's ptrace and signal checks (security/apparmor/ptrace.c and
 * ipc.c, 6.1): the requester's profile must allow the request toward the
 * other task's label, and the other task's profile must allow the matching
 * "by" request (tracedby, readby, receive) from the requester's label. A
 * tracer with no path layer is not checked on its side, and as in AppArmor
 * an unconfined tracer skips the tracee's check too; an unconfined sender
 * does not (so "signal (receive) peer=unconfined" is what lets the host
 * stop a container).
 */
static int moat_ptrace_peers(struct task_struct *tracer,
			     struct task_struct *tracee, u32 request)
{
	const struct moat_path_policy *rpp, *epp;
	const char *rlabel, *elabel;
	u32 by = request == MOAT_PTRACE_READ ? MOAT_PTRACE_READBY :
					       MOAT_PTRACE_TRACEDBY;
	bool rdenies, edenies;
	int err = 0;

	rlabel = moat_task_label(tracer, &rpp);
	elabel = moat_task_label(tracee, &epp);
	rdenies = rpp && !moat_peer_allowed(rpp, MOAT_PEER_PTRACE, request, 0,
					    elabel);
	edenies = epp && strcmp(rlabel, "unconfined") &&
		  !moat_peer_allowed(epp, MOAT_PEER_PTRACE, by, 0, rlabel);
	if (rdenies || edenies)
		err = -EACCES;
	if (err) {
		const char *req = request == MOAT_PTRACE_READ ? "read" : "trace";
		char fields[MOAT_NAME_MAX + 16];
		struct moat_denial d = {
			.op = "ptrace",
			.layer = MOAT_LAYER_PATHS,
			.requested = req,
			.denied = req,
			.fields = fields,
			.err = err,
			/* the other task's profile refuses: not ours to lift */
			.enforce = tracer == current ? edenies : rdenies,
		};

		moat_current_path(&d.profile);
		snprintf(fields, sizeof(fields), "peer=\"%s\"",
			 tracer == current ? elabel : rlabel);
		if (d.profile)
			err = moat_deny(&d);
		else
			moat_count_denial();
	}
	return err;
}

/**
 * moat_ptrace_access_check() - confine ptrace access
 * @child: the task to be accessed
 * @mode: PTRACE_MODE_* flags: READ asks read, ATTACH asks trace
 *
 * The security_ptrace_access_check() hook. A confined tracer may only reach
 * tasks confined by its own attachment; then the path layer's ptrace rules
 * apply between the two labels.
 *
 * Context: any context, called under task_lock(@child); takes the RCU read
 * lock, does not sleep.
 * Return: 0 to allow, -EACCES if the current task is confined and @child
 *	is not confined by the same attachment, or a ptrace rule refuses.
 */
int moat_ptrace_access_check(struct task_struct *child, unsigned int mode)
{
	struct moat_attachment *att;
	int err = 0;

	rcu_read_lock();
	att = moat_task_attachment(current);
	if (att && moat_task_attachment(child) != att)
		err = moat_floor_denied(att, "ptrace", -EACCES);
	else
		err = moat_ptrace_peers(current, child,
					(mode & PTRACE_MODE_READ) ?
					MOAT_PTRACE_READ : MOAT_PTRACE_TRACE);
	rcu_read_unlock();
	return err;
}

/**
 * moat_ptrace_traceme() - the ptrace_traceme hook
 * @parent: the task that will trace the current task
 *
 * PTRACE_TRACEME asks for trace by @parent: @parent must be in the current
 * task's attachment if the current task is confined, and the ptrace rules
 * must allow @parent to trace it.
 *
 * Context: process context; takes the RCU read lock, does not sleep.
 * Return: 0 to allow, -EACCES if refused.
 */
int moat_ptrace_traceme(struct task_struct *parent)
{
	struct moat_attachment *att;
	int err;

	rcu_read_lock();
	att = moat_task_attachment(current);
	if (att && moat_task_attachment(parent) != att)
		err = moat_floor_denied(att, "ptrace", -EACCES);
	else
		err = moat_ptrace_peers(parent, current, MOAT_PTRACE_TRACE);
	rcu_read_unlock();
	return err;
}

/**
 * moat_task_kill() - the task_kill hook: signal rules between labels
 * @p: the task signalled
 * @info: signal information
 * @sig: signal number, 0 for the existence check
 * @cred: credentials of a sender other than current (USB async I/O
 *	completion), or NULL
 *
 * The sender's profile must allow send to @p's label and @p's profile
 * must allow receive from the sender's label. Signals sent on behalf of
 * another task (@cred set) are not mediated: moat cannot tell that
 * sender's cgroup.
 *
 * Context: any context that may send a signal; takes the RCU read lock,
 * does not sleep.
 * Return: 0 to allow, -EACCES if a signal rule refuses.
 */
int moat_task_kill(struct task_struct *p, struct kernel_siginfo *info,
		   int sig, const struct cred *cred)
{
	const struct moat_path_policy *spp, *tpp;
	const char *slabel, *tlabel;
	bool sdenies, tdenies;
	int err = 0;

	if (cred || !static_branch_unlikely(&moat_confining))
		return 0;
	rcu_read_lock();
	slabel = moat_task_label(current, &spp);
	tlabel = moat_task_label(p, &tpp);
	sdenies = spp && !moat_peer_allowed(spp, MOAT_PEER_SIGNAL,
					    MOAT_SIGNAL_SEND, sig, tlabel);
	tdenies = tpp && !moat_peer_allowed(tpp, MOAT_PEER_SIGNAL,
					    MOAT_SIGNAL_RECEIVE, sig, slabel);
	if (sdenies || tdenies) {
		char fields[MOAT_NAME_MAX + 32];
		struct moat_denial d = {
			.op = "signal",
			.layer = MOAT_LAYER_PATHS,
			.requested = "send",
			.denied = "send",
			.fields = fields,
			.err = -EACCES,
			/* the target's receive rule refuses: not ours to lift */
			.enforce = tdenies,
		};

		moat_current_path(&d.profile);
		snprintf(fields, sizeof(fields), "signal=%d peer=\"%s\"", sig,
			 tlabel);
		err = d.err;
		if (d.profile)
			err = moat_deny(&d);
		else
			moat_count_denial();
	}
	rcu_read_unlock();
	return err;
}

/**
 * moat_capable() - the capable hook: capability rules
 * @cred: credentials checked (those of the current task, or of the opener
 *	of a file)
 * @ns: user namespace the capability is asked in
 * @cap: CAP_* number
 * @opts: CAP_OPT_* (CAP_OPT_NOAUDIT: no log line)
 *
 * Decided for the current task's profile: a capability the path layer
 * does not grant, or denies, is refused even where the credentials hold
 * it (the kernel's own check runs first and still applies).
 *
 * Context: any process context; takes the RCU read lock, does not sleep.
 * Return: 0 to allow, -EPERM (the capability convention) if refused.
 */
int moat_capable(const struct cred *cred, struct user_namespace *ns,
		 int cap, unsigned int opts)
{
	const struct moat_path_policy *pp;
	const struct moat_profile *profile;
	int err = 0;

	if (!static_branch_unlikely(&moat_confining) || in_interrupt())
		return 0;
	rcu_read_lock();
	pp = moat_current_path(&profile);
	if (pp && (cap < 0 || cap > 63 || !(pp->cap_allow & BIT_ULL(cap)) ||
		   (pp->cap_deny & BIT_ULL(cap)))) {
		err = -EPERM;
		if (!(opts & CAP_OPT_NOAUDIT)) {
			char fields[24];

			snprintf(fields, sizeof(fields), "capability=%d", cap);
			err = moat_other_denied("capable", profile,
						MOAT_LAYER_PATHS, fields, err);
		} else if (moat_complaining(profile)) {
			err = 0;
		}
	}
	rcu_read_unlock();
	return err;
}

/**
 * moat_same_domain() - whether the current task may act on another task
 * @p: the other task, kept alive by the caller
 *
 * Context: RCU read side or any context that keeps @p alive; takes the RCU
 * read lock itself.
 * Return: true if the current task is not confined, or @p is confined by
 *	the same attachment.
 */
bool moat_same_domain(struct task_struct *p)
{
	struct moat_attachment *att;
	bool same;

	if (!static_branch_unlikely(&moat_confining))
		return true;
	rcu_read_lock();
	att = moat_task_attachment(current);
	same = !att || moat_task_attachment(p) == att;
	rcu_read_unlock();
	return same;
}

/**
 * moat_task_setnice() - the task_setnice hook: no priority changes across
 *	domains
 * @p: the task whose nice value changes
 * @nice: the new value
 *
 * Context: process context; does not sleep.
 * Return: 0, or -EACCES if the current task is confined and @p is in
 *	another domain.
 */
int moat_task_setnice(struct task_struct *p, int nice)
{
	return moat_same_domain(p) ? 0 : -EACCES;
}

/**
 * moat_task_setioprio() - the task_setioprio hook: the same rule
 * @p: the task whose I/O priority changes
 * @ioprio: the new value
 *
 * Context: process context; does not sleep.
 * Return: 0, or -EACCES if the current task is confined and @p is in
 *	another domain.
 */
int moat_task_setioprio(struct task_struct *p, int ioprio)
{
	return moat_same_domain(p) ? 0 : -EACCES;
}

/**
 * moat_task_setscheduler() - the task_setscheduler hook: the same rule
 *	(policy, priority and CPU affinity)
 * @p: the task whose scheduling changes
 *
 * Context: process context; does not sleep.
 * Return: 0, or -EACCES if the current task is confined and @p is in
 *	another domain.
 */
int moat_task_setscheduler(struct task_struct *p)
{
	return moat_same_domain(p) ? 0 : -EACCES;
}

/**
 * moat_task_movememory() - the task_movememory hook: the same rule
 *	(migrate_pages, move_pages)
 * @p: the task whose memory moves
 *
 * Context: process context; does not sleep.
 * Return: 0, or -EACCES if the current task is confined and @p is in
 *	another domain.
 */
int moat_task_movememory(struct task_struct *p)
{
	return moat_same_domain(p) ? 0 : -EACCES;
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
	if (att && (moat_domain_of(dst) != att ||
		    moat_task_attachment(leader) != att))
		err = moat_floor_denied(att, "cgroup", -EACCES);
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
	struct moat_attachment *att;
	int err = 0;

	if (!(kargs->flags & CLONE_INTO_CGROUP))
		return 0;
	rcu_read_lock();
	att = moat_task_attachment(current);
	if (att)
		err = moat_floor_denied(att, "clone", -EACCES);
	rcu_read_unlock();
	return err;
}

/*
 * The cgroup a file of the cgroup v2 hierarchy controls (kernfs keeps it
 * in its directory's priv, cleared under RCU when the cgroup goes), or
 * NULL for any other inode; *procs tells cgroup.procs and cgroup.threads,
 * which move tasks, from the other control files.
 * Context: RCU read-side section.
 */
static struct cgroup *moat_cgroup_file(const struct inode *inode, bool *procs)
{
	struct kernfs_node *kn;

	if (inode->i_sb->s_magic != CGROUP2_SUPER_MAGIC ||
	    !S_ISREG(inode->i_mode))
		return NULL;
	kn = inode->i_private;
	if (!kn || !kn->parent)
		return NULL;
	*procs = !strcmp(kn->name, "cgroup.procs") ||
		 !strcmp(kn->name, "cgroup.threads");
	return rcu_dereference(*(void __rcu __force **)&kn->parent->priv);
}

/**
 * moat_cgroup_file_permission() - the file_permission hook: writes to the
 *	control files of cgroups outside the domain
 * @file: the file written
 * @mask: MAY_WRITE and others
 *
 * A confined task may write the control files only of cgroups of its own
 * domain: not cgroup.procs or cgroup.threads of another (moving tasks
 * there), nor cgroup.kill, cgroup.freeze or a limit of another (killing,
 * freezing or starving tasks that signal and ptrace rules keep it from).
 * Both builds: the module probes security_file_permission() for it.
 *
 * Context: process context, in vfs_write() and friends before the file's
 * write; takes the RCU read lock, does not sleep.
 * Return: 0 to allow, -EACCES otherwise.
 */
int moat_cgroup_file_permission(struct file *file, int mask)
{
	struct moat_attachment *att;
	struct cgroup *cgrp;
	bool procs;
	int err = 0;

	if (!static_branch_unlikely(&moat_confining) ||
	    !(mask & (MAY_WRITE | MAY_APPEND)) ||
	    file_inode(file)->i_sb->s_magic != CGROUP2_SUPER_MAGIC)
		return 0;
	rcu_read_lock();
	att = moat_task_attachment(current);
	cgrp = att ? moat_cgroup_file(file_inode(file), &procs) : NULL;
	/* a removed cgroup (NULL) refuses the write itself */
	if (cgrp && moat_domain_of(cgrp) != att)
		err = moat_floor_denied(att, "cgroup", -EACCES);
	rcu_read_unlock();
	return err;
}

/*
 * Whether every cgroup in @top's subtree belongs to the domain @att: a
 * task moved with @top as the common ancestor then comes from the domain.
 * Context: RCU read-side section.
 */
static bool moat_subtree_in_domain(struct cgroup *top,
				   struct moat_attachment *att)
{
	struct cgroup_subsys_state *pos;

	css_for_each_descendant_pre(pos, &top->self)
		if (moat_domain_of(pos->cgroup) != att)
			return false;
	return true;
}

/**
 * moat_cgroup_inode_permission() - the inode_permission hook: moving tasks
 * @inode: the inode asked for
 * @mask: MAY_WRITE and others
 *
 * Built-in LSM only (the module probes cgroup_attach_task() and
 * cgroup_can_fork() instead, moat_cgroup_attach_check()); writes to other
 * control files are checked at the write (moat_cgroup_file_permission()),
 * as in the module, not at open, which the path layer decides. Moving a
 * task: the
 * cgroup core asks MAY_WRITE on cgroup.procs of the common ancestor of the
 * source and destination cgroups (cgroup_may_write(), for cgroup.procs and
 * cgroup.threads writes and for clone3's CLONE_INTO_CGROUP); no LSM hook
 * sees the task moved, so the whole subtree of that ancestor must belong
 * to the domain: a move that could take a task out of a nested attachment
 * is refused. And, as in the module (moat_cgroup_fork_check()), a confined
 * task cannot create a child straight into a cgroup.
 *
 * Context: process context, also in RCU path walk (MAY_NOT_BLOCK); takes
 * the RCU read lock, does not sleep.
 * Return: 0 to allow, -EACCES otherwise.
 */
int moat_cgroup_inode_permission(struct inode *inode, int mask)
{
	struct moat_attachment *att;
	struct cgroup *cgrp;
	bool procs = false;
	int err = 0;

	if (!static_branch_unlikely(&moat_confining) ||
	    !(mask & (MAY_WRITE | MAY_APPEND)) ||
	    inode->i_sb->s_magic != CGROUP2_SUPER_MAGIC)
		return 0;
	rcu_read_lock();
	att = moat_task_attachment(current);
	cgrp = att ? moat_cgroup_file(inode, &procs) : NULL;
	if (cgrp && procs &&
	    (!cgroup_is_descendant(cgrp, att->cgrp) ||
	     !moat_subtree_in_domain(cgrp, att) ||
	     (syscall_get_nr(current, task_pt_regs(current)) &
	      ~MOAT_X32_SYSCALL_BIT) == __NR_clone3))
		err = moat_floor_denied(att, "cgroup", -EACCES);
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

	if (type != MOAT_PERF_SECURITY_OPEN)
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
	if (err)
		err = moat_floor_denied(att, "perf_event_open", err);
out:
	rcu_read_unlock();
	return err;
}
