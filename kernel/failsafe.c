// SPDX-License-Identifier: GPL-2.0
/*
 * moat - fail closed when the module's kprobes stop firing (module only)
 *
 * The module's hooks and its syscall layer are kprobes. Root on the host
 * can switch every kprobe off (/sys/kernel/debug/kprobes/enabled) or
 * function tracing (/proc/sys/kernel/ftrace_enabled, which kprobes on
 * ftrace need), and then none of moat's checks runs. A canary
 * (moat_hooks_selftest()) is tried once a second; while it does not fire,
 * moat refuses every syscall of every confined task (and of every task
 * under a pending --on-exec attachment) from the sys_enter tracepoint,
 * which neither switch affects, except those that end the task or return
 * from a signal handler, and says so in the kernel log and in moatctl
 * status. When the canary fires again, the tracepoint probe goes.
 * Until the next canary a confined task can run unchecked: at most a second.
 *
 * On a kernel that cannot skip a syscall from sys_enter (before 6.1.84,
 * see moat_sys_enter_can_skip()) the task is killed instead.
 */

#define pr_fmt(fmt) "moat: " fmt

#include <linux/cgroup.h>
#include <linux/sched/signal.h>
#include <linux/tracepoint.h>
#include <linux/workqueue.h>
#include <asm/unistd.h>

#include "moat.h"

#define MOAT_FAILSAFE_PERIOD	HZ

static void moat_failsafe_check(struct work_struct *work);
static DECLARE_DELAYED_WORK(moat_failsafe_work, moat_failsafe_check);
/* written by the work only (and at exit, after it is cancelled) */
static bool moat_failsafe_on;

/* Read once at init: whether sys_enter can skip a syscall (else SIGKILL). */
static bool moat_failsafe_can_skip __ro_after_init;
/* The work has said that it cannot fail closed (once, until it can). */
static bool moat_failsafe_warned;

/* The syscalls a refused task still needs: to exit, to leave a handler. */
static bool moat_failsafe_spares(long id)
{
	unsigned int nr;

	switch (moat_syscall_abi(id, &nr)) {
	case MOAT_ABI_I386:
		return nr == __NR_ia32_exit || nr == __NR_ia32_exit_group ||
		       nr == __NR_ia32_sigreturn ||
		       nr == __NR_ia32_rt_sigreturn;
	case MOAT_ABI_X32:
		return nr == __NR_exit || nr == __NR_exit_group ||
		       nr == __NR_x32_rt_sigreturn;
	default:
		return nr == __NR_exit || nr == __NR_exit_group ||
		       nr == __NR_rt_sigreturn;
	}
}

static void moat_failsafe_enter(void *data, struct pt_regs *regs, long id)
{
	bool confined;

	if (!static_branch_unlikely(&moat_confining) || (int)id == -1 ||
	    moat_failsafe_spares(id))
		return;
	/*
	 * A pending (--on-exec) attachment counts: its activation at execve
	 * is a kprobe too, so an exec now would start the container's
	 * program with nothing confining it.
	 */
	rcu_read_lock();
	confined = moat_domain_of(task_dfl_cgroup(current));
	rcu_read_unlock();
	if (!confined)
		return;
	moat_count_denial();
	if (moat_failsafe_can_skip)
		moat_skip_syscall(regs, -EPERM);
	else
		force_sig(SIGKILL);
}

static void moat_failsafe_check(struct work_struct *work)
{
	struct tracepoint *tp = moat_sys_enter_tp();
	bool failing = moat_hooks_selftest() != 0;

	if (!failing) {
		moat_failsafe_warned = false;
		if (moat_failsafe_on) {
			tracepoint_probe_unregister(tp, moat_failsafe_enter, NULL);
			tracepoint_synchronize_unregister();
			WRITE_ONCE(moat_failsafe_on, false);
			pr_warn("kprobes fire again: confined tasks are checked again\n");
		}
	} else if (!moat_failsafe_on) {
		if (tp && !tracepoint_probe_register(tp, moat_failsafe_enter, NULL)) {
			WRITE_ONCE(moat_failsafe_on, true);
			pr_crit("kprobes do not fire (kprobes disabled or ftrace off): every syscall of confined tasks is refused until they do (fail closed)\n");
		} else if (!moat_failsafe_warned) {
			moat_failsafe_warned = true;
			pr_crit("kprobes do not fire and sys_enter cannot be attached: confined tasks are NOT checked\n");
		}
	}
	schedule_delayed_work(&moat_failsafe_work, MOAT_FAILSAFE_PERIOD);
}

/**
 * moat_failsafe_active() - whether moat refuses every confined syscall
 *
 * Context: any context.
 * Return: true while the kprobes do not fire and the fail-closed probe on
 *	sys_enter is in place.
 */
bool moat_failsafe_active(void)
{
	return READ_ONCE(moat_failsafe_on);
}

/**
 * moat_failsafe_init() - start checking, once a second, that kprobes fire
 *
 * Context: process context, after moat_hooks_init().
 * Return: 0.
 */
int moat_failsafe_init(void)
{
	moat_failsafe_can_skip = moat_sys_enter_can_skip();
	schedule_delayed_work(&moat_failsafe_work, MOAT_FAILSAFE_PERIOD);
	return 0;
}

/**
 * moat_failsafe_exit() - stop checking; remove the fail-closed probe
 *
 * Context: process context, may sleep; before moat_hooks_exit().
 */
void moat_failsafe_exit(void)
{
	cancel_delayed_work_sync(&moat_failsafe_work);
	if (moat_failsafe_on) {
		tracepoint_probe_unregister(moat_sys_enter_tp(),
					    moat_failsafe_enter, NULL);
		tracepoint_synchronize_unregister();
		moat_failsafe_on = false;
	}
}
