// SPDX-License-Identifier: GPL-2.0
/*
 * moat - built-in build: the hook handlers registered as an LSM
 *
 * The same handlers the module binds with kprobes (attach_kprobe.c), here
 * in an LSM hook table. moat keeps no exclusive state: it stacks with
 * AppArmor, SELinux and the rest ("moat" in CONFIG_LSM or lsm=). Its
 * only blob is one pointer per inode (struct moat_inode, inode_blob.c):
 * what a task may do follows from its cgroup, so nothing is kept per cred
 * or per task.
 *
 * The LSM is initialised early in boot, before the subsystems moat's
 * control plane needs: this only registers the hooks (inert until a cgroup
 * is attached); main.c's initcall brings up the rest.
 *
 * Where the two builds differ, and why:
 * - Label checks run in the LSM hooks themselves (they may sleep); the
 *   module has to redirect labelled tasks to wrappers that can.
 * - inode_init_security returns the label as the LSM's initial xattr; the
 *   module hands it to the file system from a wrapper.
 * - Moving tasks between cgroups: no LSM hook sees cgroup_attach_task()
 *   or cgroup_can_fork(), which the module probes. Built in, moat guards
 *   the writes to cgroup.procs and cgroup.threads (file_permission, for
 *   the destination) and the permission the cgroup core asks on the
 *   common ancestor's cgroup.procs (inode_permission, for the source, and
 *   for clone3's CLONE_INTO_CGROUP).
 * - inode_setxattr and inode_removexattr: in 6.1, an LSM that supplies
 *   them replaces the capability check of security.* names, so moat
 *   makes it itself, as SELinux and Smack do.
 */

#define pr_fmt(fmt) "moat: " fmt

#include <linux/cache.h>
#include <linux/dcache.h>
#include <linux/init.h>
#include <linux/lsm_hooks.h>
#include <linux/security.h>

#include "moat.h"

/**
 * moat_attach_mode() - how this build attaches its hooks
 *
 * Context: any context.
 * Return: "built-in LSM", for the log.
 */
const char *moat_attach_mode(void)
{
	return "built-in LSM";
}

/* moat's share of the LSM blobs; the framework turns sizes into offsets */
struct lsm_blob_sizes moat_blob_sizes __lsm_ro_after_init = {
	.lbs_inode = sizeof(struct moat_inode),
};

static bool moat_lsm_enabled __ro_after_init;

/* 6.1: moat's answer stands for the capability check too (see above). */
static int moat_lsm_inode_setxattr(struct user_namespace *mnt_userns,
				   struct dentry *dentry, const char *name,
				   const void *value, size_t size, int flags)
{
	int err;

	err = moat_label_inode_setxattr(mnt_userns, dentry, name, value, size,
					flags);
	return err ? err : cap_inode_setxattr(dentry, name, value, size, flags);
}

static int moat_lsm_inode_removexattr(struct user_namespace *mnt_userns,
				      struct dentry *dentry, const char *name)
{
	int err;

	err = moat_label_inode_removexattr(mnt_userns, dentry, name);
	return err ? err : cap_inode_removexattr(mnt_userns, dentry, name);
}

static struct security_hook_list moat_hooks[] __lsm_ro_after_init = {
	/* tasks: ptrace, signals, capabilities, scheduling (hooks_task.c) */
	LSM_HOOK_INIT(ptrace_access_check, moat_ptrace_access_check),
	LSM_HOOK_INIT(ptrace_traceme, moat_ptrace_traceme),
	LSM_HOOK_INIT(task_kill, moat_task_kill),
	LSM_HOOK_INIT(capable, moat_capable),
	LSM_HOOK_INIT(task_setnice, moat_task_setnice),
	LSM_HOOK_INIT(task_setioprio, moat_task_setioprio),
	LSM_HOOK_INIT(task_setscheduler, moat_task_setscheduler),
	LSM_HOOK_INIT(task_movememory, moat_task_movememory),
#ifdef CONFIG_PERF_EVENTS
	LSM_HOOK_INIT(perf_event_open, moat_perf_event_open),
#endif
	LSM_HOOK_INIT(file_permission, moat_cgroup_file_permission),
	LSM_HOOK_INIT(inode_permission, moat_cgroup_inode_permission),

	/* the path layer (hooks_fs.c), then the label layer (hooks_label.c) */
	LSM_HOOK_INIT(file_open, moat_file_open),
	LSM_HOOK_INIT(file_open, moat_label_file_open),
	LSM_HOOK_INIT(file_permission, moat_label_file_permission),
	LSM_HOOK_INIT(bprm_check_security, moat_bprm_check_security),
	LSM_HOOK_INIT(mmap_file, moat_mmap_file),
	LSM_HOOK_INIT(mmap_file, moat_label_mmap_file),
	LSM_HOOK_INIT(file_mprotect, moat_file_mprotect),
	LSM_HOOK_INIT(file_lock, moat_file_lock),
	LSM_HOOK_INIT(file_fcntl, moat_file_fcntl),
	LSM_HOOK_INIT(path_mknod, moat_path_mknod),
	LSM_HOOK_INIT(path_mkdir, moat_path_mkdir),
	LSM_HOOK_INIT(path_rmdir, moat_path_rmdir),
	LSM_HOOK_INIT(path_unlink, moat_path_unlink),
	LSM_HOOK_INIT(path_unlink, moat_label_path_unlink),
	LSM_HOOK_INIT(path_symlink, moat_path_symlink),
	LSM_HOOK_INIT(path_link, moat_path_link),
	LSM_HOOK_INIT(path_rename, moat_path_rename),
	LSM_HOOK_INIT(path_rename, moat_label_path_rename),
	LSM_HOOK_INIT(path_truncate, moat_path_truncate),
	LSM_HOOK_INIT(path_truncate, moat_label_path_setattr),
	LSM_HOOK_INIT(path_chmod, moat_path_chmod),
	LSM_HOOK_INIT(path_chmod, moat_label_path_chmod),
	LSM_HOOK_INIT(path_chown, moat_path_chown),
	LSM_HOOK_INIT(path_chown, moat_label_path_chown),
	LSM_HOOK_INIT(sb_mount, moat_sb_mount),
	LSM_HOOK_INIT(sb_umount, moat_sb_umount),
	LSM_HOOK_INIT(sb_pivotroot, moat_sb_pivotroot),
	LSM_HOOK_INIT(move_mount, moat_move_mount),

	/* security.moat (hooks_label.c) */
	LSM_HOOK_INIT(inode_init_security, moat_label_inode_init_security),
	LSM_HOOK_INIT(inode_setxattr, moat_lsm_inode_setxattr),
	LSM_HOOK_INIT(inode_post_setxattr, moat_label_inode_post_setxattr),
	LSM_HOOK_INIT(inode_removexattr, moat_lsm_inode_removexattr),
	LSM_HOOK_INIT(inode_free_security, moat_label_inode_free),

	/* network families (hooks_net.c) */
	LSM_HOOK_INIT(socket_create, moat_socket_create),
};

/**
 * moat_absolute_path() - a path's name from the root of its mount namespace
 * @path: the object
 * @buf: buffer for the name
 * @buflen: bytes at @buf
 *
 * d_absolute_path(): a name from the namespace root, not from the task's
 * root, so that chroot does not rename what a profile names (AppArmor
 * names paths the same way).
 *
 * Context: any context; does not sleep.
 * Return: a pointer into @buf, or ERR_PTR(-ENAMETOOLONG) if the name does
 *	not fit, ERR_PTR(-EINVAL) if the path is not reachable from any
 *	namespace root (a detached mount).
 */
char *moat_absolute_path(const struct path *path, char *buf, int buflen)
{
	return d_absolute_path(path, buf, buflen);
}

/**
 * moat_hooks_init() - check that the LSM hooks are in place
 *
 * Context: process context (an initcall). The hooks were registered at
 * boot by moat_lsm_init(), if "moat" is in the LSM order (CONFIG_LSM or
 * lsm=).
 * Return: 0, or -EOPNOTSUPP if moat is not an enabled LSM: then nothing
 *	else of moat starts, as nothing could be enforced.
 */
int moat_hooks_init(void)
{
	if (!moat_lsm_enabled) {
		pr_info("not in the LSM order (CONFIG_LSM, lsm=): disabled\n");
		return -EOPNOTSUPP;
	}
	return 0;
}

/**
 * moat_hooks_exit() - nothing: LSM hooks stay for the kernel's lifetime
 *
 * Context: process context.
 */
void moat_hooks_exit(void)
{
}

/**
 * moat_hooks_selftest() - check that the hooks run
 *
 * Context: any context.
 * Return: 0: LSM hooks cannot be switched off at run time.
 */
int moat_hooks_selftest(void)
{
	return 0;
}

/**
 * moat_hooks_missed() - hook calls moat did not see
 *
 * Context: any context.
 * Return: 0: every LSM hook call reaches moat.
 */
u64 moat_hooks_missed(void)
{
	return 0;
}

static int __init moat_lsm_init(void)
{
	security_add_hooks(moat_hooks, ARRAY_SIZE(moat_hooks), "moat");
	moat_lsm_enabled = true;
	pr_info("LSM hooks registered\n");
	return 0;
}

DEFINE_LSM(moat) = {
	.name = "moat",
	.init = moat_lsm_init,
	.blobs = &moat_blob_sizes,
};
