// SPDX-License-Identifier: GPL-2.0
/*
 * moat - module build: the syscall layer on kprobes
 *
 * A probe on the sys_enter tracepoint sends every syscall of every task
 * through the entry slow path, confined or not, as long as it is
 * registered. Instead, the module watches only the syscalls that a loaded
 * profile may refuse: when a profile is loaded, before it is published,
 * moat_sys_kprobes_need() places a kprobe on the function each such
 * syscall number dispatches to, for each ABI (__x64_sys_*, __ia32_sys_*
 * or __ia32_compat_sys_*, and the __x64_* functions x32 numbers reach).
 * The pre-handler decides the syscall the current task entered, by the
 * number the entry code saved in orig_ax and the ABI the task is in
 * (moat_syscall_check()), and vetoes it as the hooks' kprobes do. Every
 * other syscall, of every task, runs unwatched; a watched one costs an
 * unconfined task one kprobe hit and one cgroup lookup.
 *
 * The kprobes stay until the module is unloaded: always a superset of what
 * the loaded profiles need, never less. Numbers the kernel does not
 * implement dispatch to the ABI's sys_ni_syscall stub, and one kprobe
 * there covers them all. Numbers beyond the kernel's table reach no
 * function: the entry code returns ENOSYS for them, moat or not.
 *
 * The function names come from the kernel's own generated tables
 * (asm/syscalls_64.h, _32.h, _x32.h), the lists arch/x86/entry/syscall_*.c
 * build their dispatch from.
 */

#define pr_fmt(fmt) "moat: " fmt

#include <linux/bitmap.h>
#include <linux/bitops.h>
#include <linux/kprobes.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/rculist.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "moat.h"

/* A syscall number and the name of the function it dispatches to. */
struct moat_sys_fn {
	unsigned int nr;
	const char *name;
};

#define __SYSCALL(nr, sym) { nr, "__x64_" #sym },
static const struct moat_sys_fn moat_x64_fn[] = {
#include <asm/syscalls_64.h>
};

#undef __SYSCALL

#ifdef CONFIG_IA32_EMULATION
#define __SYSCALL_WITH_COMPAT(nr, native, compat) __SYSCALL(nr, compat)
#define __SYSCALL(nr, sym) { nr, "__ia32_" #sym },
static const struct moat_sys_fn moat_ia32_fn[] = {
#include <asm/syscalls_32.h>
};

#undef __SYSCALL
#undef __SYSCALL_WITH_COMPAT
#endif

#ifdef CONFIG_X86_X32_ABI
#define __SYSCALL(nr, sym) { nr, "__x64_" #sym },
static const struct moat_sys_fn moat_x32_fn[] = {
#include <asm/syscalls_x32.h>
};

#undef __SYSCALL
#endif

/* Above any ABI's table on x86 (x32's ends at 547). */
#define MOAT_SYS_WATCH_MAX	1024

/*
 * One ABI's dispatch: the functions of its numbers, in ascending order
 * (numbers left out go to @ni), and which numbers are watched.
 */
struct moat_sys_table {
	const struct moat_sys_fn *fn;
	unsigned int nr_fn;
	const char *ni;
	unsigned long watched[BITS_TO_LONGS(MOAT_SYS_WATCH_MAX)];
};

static struct moat_sys_table moat_sys_tables[__MOAT_ABI_COUNT] = {
	[MOAT_ABI_X86_64] = { moat_x64_fn, ARRAY_SIZE(moat_x64_fn),
			      "__x64_sys_ni_syscall" },
#ifdef CONFIG_IA32_EMULATION
	[MOAT_ABI_I386] = { moat_ia32_fn, ARRAY_SIZE(moat_ia32_fn),
			    "__ia32_sys_ni_syscall" },
#endif
#ifdef CONFIG_X86_X32_ABI
	[MOAT_ABI_X32] = { moat_x32_fn, ARRAY_SIZE(moat_x32_fn),
			   "__x64_sys_ni_syscall" },
#endif
};

struct moat_sys_kprobe {
	struct kprobe kp;
	struct list_head node;
};

/* Kprobes placed so far; added under the mutex, read under RCU. */
static LIST_HEAD(moat_sys_kprobes);
static DEFINE_MUTEX(moat_sys_kprobes_lock);
static unsigned int moat_sys_kprobes_nr;

static int moat_sys_kprobe_pre(struct kprobe *p, struct pt_regs *regs)
{
	struct pt_regs *uregs;
	int err;

	if (!static_branch_unlikely(&moat_confining))
		return 0;
	/* the syscall the task entered, whatever the probed function */
	uregs = task_pt_regs(current);
	err = moat_syscall_check(uregs, uregs->orig_ax);
	return err ? moat_kprobe_veto(regs, err) : 0;
}

static int moat_sys_kprobe_add(const char *name)
{
	struct moat_sys_kprobe *k;
	int err;

	list_for_each_entry(k, &moat_sys_kprobes, node)
		if (!strcmp(k->kp.symbol_name, name))
			return 0;
	k = kzalloc(sizeof(*k), GFP_KERNEL);
	if (!k)
		return -ENOMEM;
	k->kp.symbol_name = name;
	k->kp.pre_handler = moat_sys_kprobe_pre;
	k->kp.post_handler = moat_kprobe_post;
	err = register_kprobe(&k->kp);
	if (err) {
		pr_err("cannot place a kprobe on %s: %d\n", name, err);
		kfree(k);
		return err;
	}
	list_add_tail_rcu(&k->node, &moat_sys_kprobes);
	WRITE_ONCE(moat_sys_kprobes_nr, moat_sys_kprobes_nr + 1);
	return 0;
}

/* Watch the numbers of one ABI that @rs may refuse. */
static int moat_sys_kprobes_abi(const struct moat_ruleset *rs,
				struct moat_sys_table *t, enum moat_abi abi)
{
	unsigned int nr, len, i = 0;
	int err;

	if (!t->nr_fn)
		return 0;	/* the kernel has no such ABI */
	len = t->fn[t->nr_fn - 1].nr + 1;
	if (len > MOAT_SYS_WATCH_MAX) {
		pr_err("syscall table of %u numbers: moat watches up to %u\n",
		       len, MOAT_SYS_WATCH_MAX);
		return -E2BIG;
	}
	for (nr = 0; nr < len; nr++) {
		const char *name = t->ni;

		if (i < t->nr_fn && t->fn[i].nr == nr)
			name = t->fn[i++].name;
		if (test_bit(nr, t->watched) || !moat_sys_restricts(rs, abi, nr))
			continue;
		err = moat_sys_kprobe_add(name);
		if (err)
			return err;
		__set_bit(nr, t->watched);
	}
	return 0;
}

/**
 * moat_sys_kprobes_need() - watch every syscall a ruleset may refuse
 * @rs: a built ruleset about to be published
 * @extack: extended ack for the error message, may be NULL
 *
 * For each ABI and number that moat_sys_restricts() says @rs may refuse
 * and no kprobe watches yet, places a kprobe on the function the number
 * dispatches to. Kprobes placed before an error stay: they only watch.
 *
 * Context: process context, may sleep (register_kprobe()).
 * Return: 0 when every such syscall is watched; -ENOMEM; -E2BIG if the
 *	kernel's syscall table is larger than moat expects; or the error of
 *	register_kprobe() (-ENOENT, -EINVAL: the function is missing or
 *	cannot be probed), logged with the function's name. On error @rs
 *	must not be published.
 */
int moat_sys_kprobes_need(const struct moat_ruleset *rs,
			  struct netlink_ext_ack *extack)
{
	unsigned int abi;
	int err = 0;

	mutex_lock(&moat_sys_kprobes_lock);
	for (abi = 0; abi < __MOAT_ABI_COUNT && !err; abi++)
		err = moat_sys_kprobes_abi(rs, &moat_sys_tables[abi], abi);
	mutex_unlock(&moat_sys_kprobes_lock);
	if (err)
		NL_SET_ERR_MSG(extack, "cannot watch a restricted syscall (see the kernel log)");
	return err;
}

/**
 * moat_sys_kprobes_missed() - syscalls the syscall layer's kprobes missed
 *
 * Context: any context.
 * Return: the sum of their nmissed counters: hits while another kprobe
 *	handler ran on the same CPU, whose syscalls were not decided.
 */
u64 moat_sys_kprobes_missed(void)
{
	struct moat_sys_kprobe *k;
	u64 missed = 0;

	rcu_read_lock();
	list_for_each_entry_rcu(k, &moat_sys_kprobes, node)
		missed += READ_ONCE(k->kp.nmissed);
	rcu_read_unlock();
	return missed;
}

/**
 * moat_sys_kprobes_count() - syscall functions the syscall layer watches
 *
 * Context: any context; racy against a concurrent profile load.
 * Return: the number of kprobes placed.
 */
unsigned int moat_sys_kprobes_count(void)
{
	return READ_ONCE(moat_sys_kprobes_nr);
}

/**
 * moat_sys_kprobes_exit() - remove the syscall layer's kprobes
 *
 * Context: process context, may sleep: waits until no handler runs and no
 * task is still on its way out through moat's text (RCU Tasks). No profile
 * load may run concurrently (the control plane is gone).
 */
void moat_sys_kprobes_exit(void)
{
	struct moat_sys_kprobe *k, *tmp;
	struct kprobe **kps;
	unsigned int i = 0;

	/* one grace period for all, rather than one per kprobe */
	kps = kmalloc_array(moat_sys_kprobes_nr, sizeof(*kps), GFP_KERNEL);
	list_for_each_entry(k, &moat_sys_kprobes, node) {
		if (kps)
			kps[i++] = &k->kp;
		else
			unregister_kprobe(&k->kp);
	}
	if (kps)
		unregister_kprobes(kps, i);
	kfree(kps);
	synchronize_rcu_tasks();
	list_for_each_entry_safe(k, tmp, &moat_sys_kprobes, node) {
		list_del(&k->node);
		kfree(k);
	}
	moat_sys_kprobes_nr = 0;
}
