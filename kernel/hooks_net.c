// SPDX-License-Identifier: GPL-2.0
/*
 * moat - network hooks
 *
 * On i386, socket(2) and socketpair(2) are also reachable through
 * socketcall(2), which passes their arguments in memory, out of the sys_enter
 * probe's reach. Docker's profile allows socketcall, so its socket-family
 * rule would not hold there. When a socket is created inside an i386
 * socketcall, moat decides it as the direct syscall with the arguments the
 * kernel has already copied in: the profile's rule holds on every entry.
 */

#include <linux/errno.h>
#include <linux/net.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/sched/task_stack.h>
#include <asm/syscall.h>
#include <asm/unistd.h>

#include "moat.h"

/* An i386 socket created through socketcall(2): decide the direct syscall. */
static int moat_socketcall_check(int family, int type, int protocol)
{
	unsigned long args[6] = { (u32)family, (u32)type, (u32)protocol };
	struct pt_regs *regs = task_pt_regs(current);
	unsigned long call[6];
	const struct moat_profile *profile;
	unsigned int nr;
	int err = 0;

	if (!moat_in_ia32_syscall() ||
	    syscall_get_nr(current, regs) != MOAT_NR_IA32_SOCKETCALL)
		return 0;
	/* socketcall(call, args): the first argument says which */
	syscall_get_arguments(current, regs, call);
	switch ((u32)call[0]) {
	case SYS_SOCKET:
		nr = MOAT_NR_IA32_SOCKET;
		break;
	case SYS_SOCKETPAIR:
		nr = MOAT_NR_IA32_SOCKETPAIR;
		break;
	default:
		return 0;
	}

	rcu_read_lock();
	profile = moat_profile_of(task_dfl_cgroup(current));
	if (profile) {
		const struct moat_ruleset *rs = rcu_dereference(profile->ruleset);

		if (rs->layers & MOAT_LAYER_SYSCALLS)
			err = moat_sys_decide(&rs->sys, MOAT_ABI_I386, nr, args);
		if (err)
			err = moat_sys_denied(profile, MOAT_ABI_I386, nr, err);
	}
	rcu_read_unlock();
	return err;
}

/**
 * moat_socket_create() - the socket_create hook
 * @family: address family (AF_*)
 * @type: socket type
 * @protocol: protocol
 * @kern: nonzero for a socket the kernel creates for itself
 *
 * The path layer's network rules decide the family (AppArmor's
 * "network FAMILY,"); then, for an i386 socketcall(2), the syscall layer
 * decides as for the direct syscall.
 *
 * Context: process context; takes the RCU read lock, does not sleep.
 * Return: 0 to allow; -EACCES if the path layer does not grant @family or
 *	denies it; or the negative errno of the profile's syscall rule for the
 *	direct i386 socket(2)/socketpair(2) when a confined task creates the
 *	socket through socketcall(2).
 */
int moat_socket_create(int family, int type, int protocol, int kern)
{
	const struct moat_path_policy *pp;
	const struct moat_profile *p;
	int err = 0;

	if (kern || !static_branch_unlikely(&moat_confining))
		return 0;
	rcu_read_lock();
	pp = moat_current_path(&p);
	if (pp && (family < 0 || family > 63 ||
		   !(pp->net_allow & BIT_ULL(family)) ||
		   (pp->net_deny & BIT_ULL(family)))) {
		char fields[48];

		snprintf(fields, sizeof(fields), "family=%d sock_type=%d",
			 family, type);
		err = moat_other_denied("create", p, MOAT_LAYER_PATHS, fields,
					-EACCES);
	}
	rcu_read_unlock();
	if (err)
		return err;
	return moat_socketcall_check(family, type, protocol);
}
