// SPDX-License-Identifier: GPL-2.0
/*
 * moat - module init and exit
 *
 * moat confines cgroup v2 subtrees (containers) with profiles loaded over
 * generic netlink. This file only orders the pieces: the attachment table,
 * the syscall probe, the hooks, then the control plane; the reverse on exit.
 */

#define pr_fmt(fmt) "moat: " fmt

#include <linux/init.h>
#include <linux/module.h>
#include <linux/rcupdate.h>

#include "moat.h"

static int __init moat_init(void)
{
	int err;

	err = moat_cgroups_init();
	if (err)
		return err;
	err = moat_paths_init();
	if (err)
		goto err_cgroups;
	err = moat_label_cache_init();
	if (err)
		goto err_paths_only;
	err = moat_syscalls_init();
	if (err)
		goto err_paths;
	err = moat_hooks_init();
	if (err)
		goto err_syscalls;
	err = moat_failsafe_init();
	if (err)
		goto err_hooks;
	err = moat_netlink_init();
	if (err)
		goto err_failsafe;

	pr_info("enforcing: syscall layer (x86_64, i386, x32) on %s, hooks: %s; control over generic netlink \"%s\" v%d\n",
		moat_syscalls_uses_kprobes() ? "kprobes" : "sys_enter",
		moat_attach_mode(), MOAT_GENL_NAME, MOAT_GENL_VERSION);
	return 0;

err_failsafe:
	moat_failsafe_exit();
err_hooks:
	moat_hooks_exit();
err_syscalls:
	moat_syscalls_exit();
err_paths:
	moat_label_cache_exit();
err_paths_only:
	moat_paths_exit();
err_cgroups:
	moat_cgroups_exit();
	return err;
}

static void __exit moat_exit(void)
{
	/* No new control operations; running ones have finished. */
	moat_netlink_exit();
	mutex_lock(&moat_policy_lock);
	moat_detach_all();
	moat_profiles_free_all();
	mutex_unlock(&moat_policy_lock);
	/* No probe runs after this; then let RCU frees finish. */
	moat_failsafe_exit();
	moat_hooks_exit();
	moat_syscalls_exit();
	rcu_barrier();
	moat_label_cache_exit();
	moat_paths_exit();
	moat_cgroups_exit();
	pr_info("unloaded\n");
}

module_init(moat_init);
module_exit(moat_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("The moat authors");
MODULE_DESCRIPTION("moat: per-cgroup syscall and path confinement for containers");
MODULE_VERSION(MOAT_VERSION);
