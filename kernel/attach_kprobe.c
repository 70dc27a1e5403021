// SPDX-License-Identifier: GPL-2.0
/*
 * moat - module build: bind the hook handlers with kprobes
 *
 * A module cannot register LSM hooks (security_add_hooks() is __init). It
 * can stand in front of the functions that call them: a kprobe on the entry
 * of security_ptrace_access_check() and friends runs the handler with the
 * function's arguments, read from pt_regs; to deny, it sets ax to the errno
 * and ip to a function that only returns, so the caller sees the error and
 * the original never runs (the kernel's error-injection override works the
 * same way). To allow, it lets the original run, so the LSMs behind it
 * (AppArmor, ...) still decide.
 *
 * The kprobes are ftrace-based on this kernel and carry a post handler, so
 * that they are armed with FTRACE_OPS_FL_IPMODIFY, the mode in which a
 * handler may change ip. They are all registered at load or the module does
 * not load; a canary kprobe on a function of moat's own shows whether
 * kprobes fire at all (they do not while /sys/kernel/debug/kprobes/enabled
 * is 0, or with ftrace off), and moat_hooks_missed() counts hook calls a
 * kprobe missed (re-entered on one CPU): both make moat report that it is
 * not enforcing.
 */

#define pr_fmt(fmt) "moat: " fmt

#include <linux/atomic.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/wait_bit.h>
#include <linux/xattr.h>
#include <linux/binfmts.h>
#include <linux/cred.h>
#include <linux/fs.h>
#include <linux/mman.h>
#include <linux/mount.h>
#include <linux/personality.h>
#include <linux/kprobes.h>
#include <linux/ptrace.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/sched/task.h>

#include "moat.h"

/**
 * moat_attach_mode() - how this build attaches its hooks
 *
 * Context: any context.
 * Return: "kprobes", for the log.
 */
const char *moat_attach_mode(void)
{
	return "kprobes";
}

struct moat_kprobe {
	struct kprobe kp;
	/* the hook handler, given the probed function's arguments */
	int (*handler)(struct pt_regs *regs);
	/*
	 * Redirect: where a task under a label layer continues instead of
	 * the probed function (a wrapper with its signature that may sleep
	 * and then calls the original, found in @orig).
	 */
	void *redirect;
	void **orig;
	/* also while nothing is attached (label cache invalidation) */
	bool always;
};

static int moat_kp_ptrace_access_check(struct pt_regs *regs)
{
	return moat_ptrace_access_check((struct task_struct *)regs->di,
					(unsigned int)regs->si);
}

static int moat_kp_socket_create(struct pt_regs *regs)
{
	return moat_socket_create((int)regs->di, (int)regs->si,
				  (int)regs->dx, (int)regs->cx);
}

static int moat_kp_cgroup_attach_task(struct pt_regs *regs)
{
	return moat_cgroup_attach_check((struct cgroup *)regs->di,
					(struct task_struct *)regs->si);
}

static int moat_kp_perf_event_open(struct pt_regs *regs)
{
	return moat_perf_event_open((struct perf_event_attr *)regs->di,
				    (int)regs->si);
}

static int moat_kp_cgroup_can_fork(struct pt_regs *regs)
{
	return moat_cgroup_fork_check((struct kernel_clone_args *)regs->si);
}

static int moat_kp_ptrace_traceme(struct pt_regs *regs)
{
	return moat_ptrace_traceme((struct task_struct *)regs->di);
}

static int moat_kp_task_kill(struct pt_regs *regs)
{
	return moat_task_kill((struct task_struct *)regs->di,
			      (struct kernel_siginfo *)regs->si, (int)regs->dx,
			      (const struct cred *)regs->cx);
}

static int moat_kp_capable(struct pt_regs *regs)
{
	return moat_capable((const struct cred *)regs->di,
			    (struct user_namespace *)regs->si, (int)regs->dx,
			    (unsigned int)regs->cx);
}

static int moat_kp_file_permission(struct pt_regs *regs)
{
	return moat_cgroup_file_permission((struct file *)regs->di,
					   (int)regs->si);
}

static int moat_kp_file_open(struct pt_regs *regs)
{
	return moat_file_open((struct file *)regs->di);
}

static int moat_kp_bprm_check(struct pt_regs *regs)
{
	return moat_bprm_check_security((struct linux_binprm *)regs->di);
}

/*
 * security_mmap_file(file, prot, flags) works out the hook's prot itself:
 * a readable mapping is also executable under READ_IMPLIES_EXEC, unless
 * the file's mount forbids exec (mmap_prot() in security/security.c).
 */
static unsigned long moat_mmap_prot(struct file *file, unsigned long prot)
{
	/* path_noexec(), which is not exported */
	if ((prot & (PROT_READ | PROT_EXEC)) == PROT_READ &&
	    (current->personality & READ_IMPLIES_EXEC) &&
	    (!file || !((file->f_path.mnt->mnt_flags & MNT_NOEXEC) ||
			(file->f_path.mnt->mnt_sb->s_iflags & SB_I_NOEXEC))))
		prot |= PROT_EXEC;
	return prot;
}

static int moat_kp_mmap_file(struct pt_regs *regs)
{
	struct file *file = (struct file *)regs->di;

	return moat_mmap_file(file, regs->si, moat_mmap_prot(file, regs->si),
			      regs->dx);
}

static int moat_kp_file_lock(struct pt_regs *regs)
{
	return moat_file_lock((struct file *)regs->di, (unsigned int)regs->si);
}

static int moat_kp_path_mknod(struct pt_regs *regs)
{
	return moat_path_mknod((const struct path *)regs->di,
			       (struct dentry *)regs->si, (umode_t)regs->dx,
			       (unsigned int)regs->cx);
}

static int moat_kp_path_mkdir(struct pt_regs *regs)
{
	return moat_path_mkdir((const struct path *)regs->di,
			       (struct dentry *)regs->si, (umode_t)regs->dx);
}

static int moat_kp_path_rmdir(struct pt_regs *regs)
{
	return moat_path_rmdir((const struct path *)regs->di,
			       (struct dentry *)regs->si);
}

static int moat_kp_path_unlink(struct pt_regs *regs)
{
	return moat_path_unlink((const struct path *)regs->di,
				(struct dentry *)regs->si);
}

static int moat_kp_path_symlink(struct pt_regs *regs)
{
	return moat_path_symlink((const struct path *)regs->di,
				 (struct dentry *)regs->si,
				 (const char *)regs->dx);
}

static int moat_kp_path_link(struct pt_regs *regs)
{
	return moat_path_link((struct dentry *)regs->di,
			      (const struct path *)regs->si,
			      (struct dentry *)regs->dx);
}

static int moat_kp_path_rename(struct pt_regs *regs)
{
	return moat_path_rename((const struct path *)regs->di,
				(struct dentry *)regs->si,
				(const struct path *)regs->dx,
				(struct dentry *)regs->cx,
				(unsigned int)regs->r8);
}

static int moat_kp_path_truncate(struct pt_regs *regs)
{
	return moat_path_truncate((const struct path *)regs->di);
}

static int moat_kp_path_chmod(struct pt_regs *regs)
{
	return moat_path_chmod((const struct path *)regs->di,
			       (umode_t)regs->si);
}

static int moat_kp_path_chown(struct pt_regs *regs)
{
	return moat_path_chown((const struct path *)regs->di,
			       KUIDT_INIT((uid_t)regs->si),
			       KGIDT_INIT((gid_t)regs->dx));
}

static int moat_kp_sb_mount(struct pt_regs *regs)
{
	return moat_sb_mount((const char *)regs->di,
			     (const struct path *)regs->si,
			     (const char *)regs->dx, regs->cx,
			     (void *)regs->r8);
}

static int moat_kp_sb_umount(struct pt_regs *regs)
{
	return moat_sb_umount((struct vfsmount *)regs->di, (int)regs->si);
}

static int moat_kp_sb_pivotroot(struct pt_regs *regs)
{
	return moat_sb_pivotroot((const struct path *)regs->di,
				 (const struct path *)regs->si);
}

static int moat_kp_move_mount(struct pt_regs *regs)
{
	return moat_move_mount((const struct path *)regs->di,
			       (const struct path *)regs->si);
}

static int moat_kp_inode_setxattr(struct pt_regs *regs)
{
	return moat_label_inode_setxattr((struct user_namespace *)regs->di,
					 (struct dentry *)regs->si,
					 (const char *)regs->dx,
					 (const void *)regs->cx, regs->r8,
					 (int)regs->r9);
}

static int moat_kp_inode_removexattr(struct pt_regs *regs)
{
	return moat_label_inode_removexattr((struct user_namespace *)regs->di,
					    (struct dentry *)regs->si,
					    (const char *)regs->dx);
}

static int moat_kp_inode_post_setxattr(struct pt_regs *regs)
{
	moat_label_inode_post_setxattr((struct dentry *)regs->di,
				       (const char *)regs->si,
				       (const void *)regs->dx, regs->cx,
				       (int)regs->r8);
	return 0;
}

static int moat_kp_inode_free(struct pt_regs *regs)
{
	moat_label_inode_free((struct inode *)regs->di);
	return 0;
}

/*
 * The redirect wrappers: the probed function's signature, run in its
 * caller's context (they may sleep), counted so that unloading waits for
 * tasks sleeping in them.
 */
static atomic_t moat_in_wrappers = ATOMIC_INIT(0);
static int (*moat_orig_file_open)(struct file *file);
static int (*moat_orig_path_unlink)(const struct path *dir,
				    struct dentry *dentry);

static void moat_wrapper_exit(void)
{
	if (atomic_dec_and_test(&moat_in_wrappers))
		wake_up_var(&moat_in_wrappers);
}

static int moat_rd_file_open(struct file *file)
{
	int err;

	atomic_inc(&moat_in_wrappers);
	err = moat_label_file_open(file);
	if (!err)
		err = moat_orig_file_open(file);
	moat_wrapper_exit();
	return err;
}

static int (*moat_orig_inode_init_security)(struct inode *inode,
					    struct inode *dir,
					    const struct qstr *qstr,
					    const initxattrs init,
					    void *fs_data);

/* No check on the way in: the wrapper adds moat's xattr after the LSMs'. */
static int moat_kp_none(struct pt_regs *regs)
{
	return 0;
}

static int moat_rd_inode_init_security(struct inode *inode, struct inode *dir,
				       const struct qstr *qstr,
				       const initxattrs init, void *fs_data)
{
	struct xattr xattrs[2] = { };
	void *value = NULL;
	int err;

	atomic_inc(&moat_in_wrappers);
	err = moat_orig_inode_init_security(inode, dir, qstr, init, fs_data);
	if (!err)
		err = moat_label_inode_init_security(inode, dir, qstr,
						     init ? &xattrs[0].name : NULL,
						     &value,
						     &xattrs[0].value_len);
	if (!err && xattrs[0].name) {
		/* what security_inode_init_security() does with the LSMs' */
		xattrs[0].value = value;
		err = init(inode, xattrs, fs_data);
		kfree(value);
		if (err == -EOPNOTSUPP)
			err = 0;	/* a file system without xattrs */
	}
	moat_wrapper_exit();
	return err;
}

static int (*moat_orig_file_permission)(struct file *file, int mask);
static int (*moat_orig_mmap_file)(struct file *file, unsigned long prot,
				  unsigned long flags);
static int (*moat_orig_path_truncate)(const struct path *path);
static int (*moat_orig_path_chmod)(const struct path *path, umode_t mode);
static int (*moat_orig_path_chown)(const struct path *path, kuid_t uid,
				   kgid_t gid);
static int (*moat_orig_path_rename)(const struct path *old_dir,
				    struct dentry *old_dentry,
				    const struct path *new_dir,
				    struct dentry *new_dentry,
				    unsigned int flags);

static int moat_rd_file_permission(struct file *file, int mask)
{
	int err;

	atomic_inc(&moat_in_wrappers);
	err = moat_label_file_permission(file, mask);
	if (!err)
		err = moat_orig_file_permission(file, mask);
	moat_wrapper_exit();
	return err;
}

static int moat_rd_mmap_file(struct file *file, unsigned long prot,
			     unsigned long flags)
{
	int err;

	atomic_inc(&moat_in_wrappers);
	err = moat_label_mmap_file(file, prot, moat_mmap_prot(file, prot),
				   flags);
	if (!err)
		err = moat_orig_mmap_file(file, prot, flags);
	moat_wrapper_exit();
	return err;
}

static int moat_rd_path_truncate(const struct path *path)
{
	int err;

	atomic_inc(&moat_in_wrappers);
	err = moat_label_path_setattr(path);
	if (!err)
		err = moat_orig_path_truncate(path);
	moat_wrapper_exit();
	return err;
}

static int moat_rd_path_chmod(const struct path *path, umode_t mode)
{
	int err;

	atomic_inc(&moat_in_wrappers);
	err = moat_label_path_chmod(path, mode);
	if (!err)
		err = moat_orig_path_chmod(path, mode);
	moat_wrapper_exit();
	return err;
}

static int moat_rd_path_chown(const struct path *path, kuid_t uid, kgid_t gid)
{
	int err;

	atomic_inc(&moat_in_wrappers);
	err = moat_label_path_chown(path, uid, gid);
	if (!err)
		err = moat_orig_path_chown(path, uid, gid);
	moat_wrapper_exit();
	return err;
}

static int moat_rd_path_rename(const struct path *old_dir,
			       struct dentry *old_dentry,
			       const struct path *new_dir,
			       struct dentry *new_dentry, unsigned int flags)
{
	int err;

	atomic_inc(&moat_in_wrappers);
	err = moat_label_path_rename(old_dir, old_dentry, new_dir, new_dentry,
				     flags);
	if (!err)
		err = moat_orig_path_rename(old_dir, old_dentry, new_dir,
					    new_dentry, flags);
	moat_wrapper_exit();
	return err;
}

static int moat_rd_path_unlink(const struct path *dir, struct dentry *dentry)
{
	int err;

	atomic_inc(&moat_in_wrappers);
	err = moat_label_path_unlink(dir, dentry);
	if (!err)
		err = moat_orig_path_unlink(dir, dentry);
	moat_wrapper_exit();
	return err;
}

#define MOAT_KPROBE(sym, fn) { .kp.symbol_name = #sym, .handler = fn }
#define MOAT_REDIRECT(sym, fn, wrapper, original) \
	{ .kp.symbol_name = #sym, .handler = fn, .redirect = wrapper, \
	  .orig = (void **)&(original) }
#define MOAT_ALWAYS(sym, fn) { .kp.symbol_name = #sym, .handler = fn, \
			       .always = true }

static int moat_kp_file_mprotect(struct pt_regs *regs)
{
	return moat_file_mprotect((struct vm_area_struct *)regs->di, regs->si,
				  regs->dx);
}

static int moat_kp_file_fcntl(struct pt_regs *regs)
{
	return moat_file_fcntl((struct file *)regs->di, (unsigned int)regs->si,
			       regs->dx);
}

static int moat_kp_task_setnice(struct pt_regs *regs)
{
	return moat_task_setnice((struct task_struct *)regs->di, (int)regs->si);
}

static int moat_kp_task_setioprio(struct pt_regs *regs)
{
	return moat_task_setioprio((struct task_struct *)regs->di,
				   (int)regs->si);
}

static int moat_kp_task_setscheduler(struct pt_regs *regs)
{
	return moat_task_setscheduler((struct task_struct *)regs->di);
}

static int moat_kp_task_movememory(struct pt_regs *regs)
{
	return moat_task_movememory((struct task_struct *)regs->di);
}

static struct moat_kprobe moat_kprobes[] = {
	MOAT_KPROBE(security_file_mprotect, moat_kp_file_mprotect),
	MOAT_KPROBE(security_file_fcntl, moat_kp_file_fcntl),
	MOAT_KPROBE(security_task_setnice, moat_kp_task_setnice),
	MOAT_KPROBE(security_task_setioprio, moat_kp_task_setioprio),
	MOAT_KPROBE(security_task_setscheduler, moat_kp_task_setscheduler),
	MOAT_KPROBE(security_task_movememory, moat_kp_task_movememory),
	MOAT_KPROBE(security_ptrace_traceme, moat_kp_ptrace_traceme),
	MOAT_KPROBE(security_task_kill, moat_kp_task_kill),
	MOAT_KPROBE(security_capable, moat_kp_capable),
	MOAT_REDIRECT(security_file_open, moat_kp_file_open, moat_rd_file_open,
		      moat_orig_file_open),
	MOAT_KPROBE(security_bprm_check, moat_kp_bprm_check),
	MOAT_REDIRECT(security_mmap_file, moat_kp_mmap_file, moat_rd_mmap_file,
		      moat_orig_mmap_file),
	MOAT_KPROBE(security_file_lock, moat_kp_file_lock),
	MOAT_KPROBE(security_path_mknod, moat_kp_path_mknod),
	MOAT_KPROBE(security_path_mkdir, moat_kp_path_mkdir),
	MOAT_KPROBE(security_path_rmdir, moat_kp_path_rmdir),
	MOAT_REDIRECT(security_path_unlink, moat_kp_path_unlink,
		      moat_rd_path_unlink, moat_orig_path_unlink),
	MOAT_REDIRECT(security_file_permission, moat_kp_file_permission,
		      moat_rd_file_permission, moat_orig_file_permission),
	MOAT_ALWAYS(security_inode_post_setxattr, moat_kp_inode_post_setxattr),
	MOAT_ALWAYS(security_inode_setxattr, moat_kp_inode_setxattr),
	MOAT_ALWAYS(security_inode_removexattr, moat_kp_inode_removexattr),
	MOAT_ALWAYS(security_inode_free, moat_kp_inode_free),
	MOAT_REDIRECT(security_inode_init_security, moat_kp_none,
		      moat_rd_inode_init_security,
		      moat_orig_inode_init_security),
	MOAT_KPROBE(security_path_symlink, moat_kp_path_symlink),
	MOAT_KPROBE(security_path_link, moat_kp_path_link),
	MOAT_REDIRECT(security_path_rename, moat_kp_path_rename,
		      moat_rd_path_rename, moat_orig_path_rename),
	MOAT_REDIRECT(security_path_truncate, moat_kp_path_truncate,
		      moat_rd_path_truncate, moat_orig_path_truncate),
	MOAT_REDIRECT(security_path_chmod, moat_kp_path_chmod,
		      moat_rd_path_chmod, moat_orig_path_chmod),
	MOAT_REDIRECT(security_path_chown, moat_kp_path_chown,
		      moat_rd_path_chown, moat_orig_path_chown),
	MOAT_KPROBE(security_sb_mount, moat_kp_sb_mount),
	MOAT_KPROBE(security_sb_umount, moat_kp_sb_umount),
	MOAT_KPROBE(security_sb_pivotroot, moat_kp_sb_pivotroot),
	MOAT_KPROBE(security_move_mount, moat_kp_move_mount),
	{ .kp.symbol_name = "security_ptrace_access_check",
	  .handler = moat_kp_ptrace_access_check },
	{ .kp.symbol_name = "security_socket_create",
	  .handler = moat_kp_socket_create },
	{ .kp.symbol_name = "security_perf_event_open",
	  .handler = moat_kp_perf_event_open },
	{ .kp.symbol_name = "cgroup_attach_task",
	  .handler = moat_kp_cgroup_attach_task },
	{ .kp.symbol_name = "cgroup_can_fork",
	  .handler = moat_kp_cgroup_can_fork },
};

/*
 * Where a denied call "returns" from: ax already holds the errno. It runs
 * with the probed function's stack, so it must not touch ax or the stack.
 */
static noinline void moat_kprobe_return(void)
{
	asm volatile("");
}

/**
 * moat_kprobe_veto() - make the probed function return an errno unrun
 * @regs: the registers a kprobe's pre-handler was given, at the entry of
 *	the probed function
 * @err: negative errno the function returns to its caller
 *
 * For a kprobe placed with a post handler (moat_kprobe_post()), so that
 * it may change ip.
 *
 * Context: a kprobe pre-handler.
 * Return: 1, which the pre-handler returns: kprobes then resume at the
 *	new ip.
 */
int moat_kprobe_veto(struct pt_regs *regs, int err)
{
	regs->ax = err;
	instruction_pointer_set(regs, (unsigned long)moat_kprobe_return);
	return 1;
}

static int moat_kprobe_pre(struct kprobe *p, struct pt_regs *regs)
{
	struct moat_kprobe *mk = container_of(p, struct moat_kprobe, kp);
	int err;

	if (!mk->always && !static_branch_unlikely(&moat_confining))
		return 0;
	/*
	 * Called by its own redirect wrapper: the checks ran on the way in;
	 * let the original (and the LSMs behind it) run. sp points at the
	 * return address, which lies in moat's text.
	 */
	if (mk->redirect &&
	    within_module(*(unsigned long *)kernel_stack_pointer(regs),
			  THIS_MODULE))
		return 0;
	err = mk->handler(regs);
	if (err)
		return moat_kprobe_veto(regs, err);
	if (mk->redirect && moat_current_has_labels()) {
		instruction_pointer_set(regs, (unsigned long)mk->redirect);
		return 1;
	}
	return 0;
}

/**
 * moat_kprobe_post() - the post handler of moat's kprobes
 * @p: the kprobe
 * @regs: registers after the probed instruction
 * @flags: unused
 *
 * Does nothing and never runs after a veto: its presence arms the kprobe
 * with FTRACE_OPS_FL_IPMODIFY, the mode in which a pre-handler may change
 * ip (moat_kprobe_veto()).
 *
 * Context: kprobe handler.
 */
void moat_kprobe_post(struct kprobe *p, struct pt_regs *regs,
		      unsigned long flags)
{
}

static atomic_t moat_canary_hits = ATOMIC_INIT(0);

static noinline int moat_kprobe_canary(int x)
{
	asm volatile("");
	return x;
}

static int moat_canary_pre(struct kprobe *p, struct pt_regs *regs)
{
	atomic_inc(&moat_canary_hits);
	return 0;
}

static struct kprobe moat_canary = {
	.addr = (kprobe_opcode_t *)moat_kprobe_canary,
	.pre_handler = moat_canary_pre,
};

static char *(*moat_d_absolute_path)(const struct path *path, char *buf,
				     int buflen);

/**
 * moat_absolute_path() - a path's name from the root of its mount namespace
 * @path: the object
 * @buf: buffer for the name
 * @buflen: bytes at @buf
 *
 * d_absolute_path(), which the kernel does not export to modules: its
 * address is found at load through a kprobe on it (moat_hooks_init()).
 * A name from the namespace root, not from the task's root, so that
 * chroot does not rename what a profile names (AppArmor names paths the
 * same way).
 *
 * Context: any context; does not sleep.
 * Return: a pointer into @buf, or ERR_PTR(-ENAMETOOLONG) if the name does
 *	not fit, ERR_PTR(-EINVAL) if the path is not reachable from any
 *	namespace root (a detached mount).
 */
char *moat_absolute_path(const struct path *path, char *buf, int buflen)
{
	return moat_d_absolute_path(path, buf, buflen);
}

/* The address of a kernel function, from a kprobe placed on it and removed. */
static void *moat_kernel_symbol(const char *name)
{
	struct kprobe kp = { .symbol_name = name };
	void *addr;

	if (register_kprobe(&kp))
		return NULL;
	addr = kp.addr;
	unregister_kprobe(&kp);
	return addr;
}

/**
 * moat_hooks_selftest() - check that moat's kprobes fire
 *
 * Context: process context; does not sleep. Calls a function of moat's own
 * that a kprobe watches: the kprobe does not run while kprobes are disabled
 * globally (/sys/kernel/debug/kprobes/enabled) or function tracing is off.
 * Return: 0 if the canary kprobe fired, -EIO if it did not.
 */
int moat_hooks_selftest(void)
{
	int (*canary)(int) = moat_kprobe_canary;
	int before = atomic_read(&moat_canary_hits);

	OPTIMIZER_HIDE_VAR(canary);
	canary(0);
	return atomic_read(&moat_canary_hits) != before ? 0 : -EIO;
}

/**
 * moat_hooks_missed() - hook calls the kprobes missed since load
 *
 * Context: any context. A kprobe hit while another kprobe handler runs on
 * the same CPU is missed: its handler, and so moat's check, does not run.
 * Return: the sum of the nmissed counters of the hooks' kprobes and of
 *	the syscall layer's.
 */
u64 moat_hooks_missed(void)
{
	u64 missed = 0;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(moat_kprobes); i++)
		missed += READ_ONCE(moat_kprobes[i].kp.nmissed);
	return missed + moat_sys_kprobes_missed();
}

/**
 * moat_hooks_init() - register the kprobes and check that they fire
 *
 * Context: process context, may sleep. Also finds d_absolute_path() for
 * moat_absolute_path().
 * Return: 0; -EOPNOTSUPP on a kernel built with IBT; -ENOENT if
 *	d_absolute_path() cannot be found; the error of register_kprobe() for
 *	the first probe that cannot be placed (the symbol is missing, or not
 *	probeable); or -EIO if the canary does not fire. Nothing stays
 *	registered on error.
 */
int moat_hooks_init(void)
{
	size_t i;
	int err;

	/*
	 * An indirect call to a function found this way faults where the
	 * CPU enforces IBT (the function has no ENDBR at the address we call).
	 */
	if (IS_ENABLED(CONFIG_X86_KERNEL_IBT)) {
		pr_err("kernel built with IBT: the module cannot call d_absolute_path()\n");
		return -EOPNOTSUPP;
	}
	moat_d_absolute_path = moat_kernel_symbol("d_absolute_path");
	if (!moat_d_absolute_path) {
		pr_err("cannot find d_absolute_path()\n");
		return -ENOENT;
	}

	err = register_kprobe(&moat_canary);
	if (err) {
		pr_err("cannot place the canary kprobe: %d\n", err);
		return err;
	}
	for (i = 0; i < ARRAY_SIZE(moat_kprobes); i++) {
		moat_kprobes[i].kp.pre_handler = moat_kprobe_pre;
		moat_kprobes[i].kp.post_handler = moat_kprobe_post;
		err = register_kprobe(&moat_kprobes[i].kp);
		if (err) {
			pr_err("cannot attach to %s: %d\n",
			       moat_kprobes[i].kp.symbol_name, err);
			goto fail;
		}
		if (moat_kprobes[i].orig)
			*moat_kprobes[i].orig = moat_kprobes[i].kp.addr;
	}
	err = moat_hooks_selftest();
	if (err) {
		pr_err("kprobes do not fire (disabled in /sys/kernel/debug/kprobes/enabled, or ftrace off)\n");
		goto fail;
	}
	return 0;
fail:
	while (i--)
		unregister_kprobe(&moat_kprobes[i].kp);
	unregister_kprobe(&moat_canary);
	return err;
}

/**
 * moat_hooks_exit() - unregister the kprobes
 *
 * Context: process context, may sleep: waits until no task can still be
 * on its way through moat_kprobe_return() (RCU Tasks) or inside a redirect
 * wrapper, so the module text may go.
 */
void moat_hooks_exit(void)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(moat_kprobes); i++)
		unregister_kprobe(&moat_kprobes[i].kp);
	unregister_kprobe(&moat_canary);
	synchronize_rcu_tasks();
	/* tasks asleep in a redirect wrapper (reading a label), then their way out */
	wait_var_event(&moat_in_wrappers, !atomic_read(&moat_in_wrappers));
	synchronize_rcu_tasks();
}
