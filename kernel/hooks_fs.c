// SPDX-License-Identifier: GPL-2.0
/*
 * moat - file system hooks of the path layer
 *
 * Each handler maps its hook to AppArmor's request, the way AppArmor's own
 * hook does in security/apparmor/lsm.c (Linux 6.1): what is asked of which
 * name, and whose uid the owner rules compare with. Creating, deleting,
 * renaming, truncating, chmod and chown are all w (AppArmor's w covers
 * them); an open asks r, w, or a for O_APPEND writes; exec asks x.
 */

#include <linux/binfmts.h>
#include <linux/cred.h>
#include <linux/dcache.h>
#include <linux/fcntl.h>
#include <linux/fs.h>
#include <linux/mman.h>
#include <linux/mount.h>
#include <linux/path.h>
#include <linux/sched.h>

#include "moat.h"

static kuid_t moat_inode_owner(const struct path *path)
{
	struct inode *inode = d_backing_inode(path->dentry);

	return i_uid_into_mnt(mnt_user_ns(path->mnt), inode);
}

static int moat_check_inode(const char *op, const struct path *path,
			    u32 request)
{
	struct inode *inode = d_backing_inode(path->dentry);

	if (!inode)
		return 0;
	return moat_path_check(op, path, request, moat_inode_owner(path),
			       S_ISDIR(inode->i_mode));
}

/*
 * The permissions an open asks for, after AppArmor's
 * aa_map_file_to_perms(): O_APPEND turns a write into an append, O_TRUNC
 * asks for write, O_CREAT for create (part of w).
 */
static u32 moat_open_request(const struct file *file)
{
	u32 request = 0;

	if (file->f_mode & FMODE_WRITE)
		request |= MOAT_FILE_WRITE;
	if (file->f_mode & FMODE_READ)
		request |= MOAT_FILE_READ;
	if ((file->f_flags & O_APPEND) && (request & MOAT_FILE_WRITE))
		request = (request & ~MOAT_FILE_WRITE) | MOAT_FILE_APPEND;
	if (file->f_flags & (O_TRUNC | O_CREAT))
		request |= MOAT_FILE_WRITE;
	return request;
}

/**
 * moat_file_open() - the file_open hook: r, w or a on the opened name
 * @file: the file being opened
 *
 * Opens made by execve are left to moat_bprm_check_security(), as
 * AppArmor leaves them to its exec check.
 *
 * Context: process context; does not sleep.
 * Return: 0 or an errno of moat_path_check().
 */
int moat_file_open(struct file *file)
{
	if (current->in_execve)
		return 0;
	return moat_check_inode("open", &file->f_path, moat_open_request(file));
}

/**
 * moat_bprm_check_security() - the bprm_check_security hook: x on the binary
 * @bprm: the exec being prepared; bprm->file is the file to run
 *
 * Exec modes (ix, px, ux, ...) all count as x: the task stays in its
 * cgroup and so under its profile. An allowed exec also starts a pending
 * (ON_EXEC) attachment of the task's subtree: the new program is confined.
 *
 * Context: process context; does not sleep.
 * Return: 0 or an errno of moat_path_check().
 */
int moat_bprm_check_security(struct linux_binprm *bprm)
{
	int err;

	err = moat_check_inode("exec", &bprm->file->f_path, MOAT_FILE_EXEC);
	if (!err)
		moat_attachment_exec();
	return err;
}

/**
 * moat_mmap_file() - the mmap_file hook: m for an executable mapping
 * @file: the file mapped, or NULL for anonymous memory
 * @reqprot: protection the caller asked for
 * @prot: protection the kernel will apply
 * @flags: MAP_* flags
 *
 * r and w were decided when the file was opened; only PROT_EXEC asks
 * something new (AppArmor's m). Mappings made by execve (the binary, its
 * interpreter) are covered by the exec check, as in AppArmor.
 *
 * Context: process context; does not sleep.
 * Return: 0 or an errno of moat_path_check().
 */
int moat_mmap_file(struct file *file, unsigned long reqprot,
		   unsigned long prot, unsigned long flags)
{
	if (!file || !(prot & PROT_EXEC) || current->in_execve)
		return 0;
	return moat_check_inode("file_mmap", &file->f_path,
				MOAT_FILE_MMAP_EXEC);
}

/**
 * moat_file_lock() - the file_lock hook: k, and w for a write lock
 * @file: the locked file
 * @cmd: lock type (F_RDLCK, F_WRLCK, F_UNLCK)
 *
 * Context: process context; does not sleep.
 * Return: 0 or an errno of moat_path_check().
 */
int moat_file_lock(struct file *file, unsigned int cmd)
{
	u32 request = MOAT_FILE_LOCK;

	if (cmd == F_WRLCK)
		request |= MOAT_FILE_WRITE;
	return moat_check_inode("file_lock", &file->f_path, request);
}

/**
 * moat_file_mprotect() - the file_mprotect hook: m to make a file mapping
 *	executable
 * @vma: the mapping
 * @reqprot: protection the caller asked for
 * @prot: protection the kernel will apply (READ_IMPLIES_EXEC included)
 *
 * Without it, a file mapped readable could be made executable afterwards
 * where the profile refuses m.
 *
 * Context: process context, mmap_lock held; does not sleep.
 * Return: 0 or an errno of moat_path_check().
 */
int moat_file_mprotect(struct vm_area_struct *vma, unsigned long reqprot,
		       unsigned long prot)
{
	if (!vma->vm_file || !(prot & PROT_EXEC))
		return 0;
	return moat_check_inode("file_mprotect", &vma->vm_file->f_path,
				MOAT_FILE_MMAP_EXEC);
}

/**
 * moat_file_fcntl() - the file_fcntl hook: dropping O_APPEND asks w
 * @file: the file
 * @cmd: fcntl command
 * @arg: its argument
 *
 * A file opened for append under a profile that grants a but not w would
 * otherwise become writable anywhere by F_SETFL without O_APPEND. (AppArmor
 * re-checks each write instead, in its file_permission hook.)
 *
 * Context: process context; does not sleep.
 * Return: 0 or an errno of moat_path_check().
 */
int moat_file_fcntl(struct file *file, unsigned int cmd, unsigned long arg)
{
	if (cmd != F_SETFL || !(file->f_mode & FMODE_WRITE) ||
	    !(file->f_flags & O_APPEND) || (arg & O_APPEND))
		return 0;
	return moat_check_inode("file_fcntl", &file->f_path, MOAT_FILE_WRITE);
}

static int moat_check_create(const char *op, const struct path *dir,
			     struct dentry *dentry, bool isdir)
{
	struct path path = { .mnt = dir->mnt, .dentry = dentry };
	int err;

	/* An object being created belongs to its creator. */
	err = moat_path_check(op, &path, MOAT_FILE_WRITE, current_fsuid(),
			      isdir);
	return err ? err : moat_label_create_check(dir, dentry);
}

static int moat_check_delete(const char *op, const struct path *dir,
			     struct dentry *dentry)
{
	struct path path = { .mnt = dir->mnt, .dentry = dentry };

	return moat_check_inode(op, &path, MOAT_FILE_WRITE);
}

/**
 * moat_path_mknod() - the path_mknod hook: w on the new name
 * @dir: parent directory
 * @dentry: the new entry (also for open(O_CREAT) of a new file)
 * @mode: mode of the new file
 * @dev: device number
 *
 * Context: process context; does not sleep.
 * Return: 0 or an errno of moat_path_check().
 */
int moat_path_mknod(const struct path *dir, struct dentry *dentry,
		    umode_t mode, unsigned int dev)
{
	return moat_check_create("mknod", dir, dentry, false);
}

/**
 * moat_path_mkdir() - the path_mkdir hook: w on the new directory
 * @dir: parent directory
 * @dentry: the new entry
 * @mode: mode of the new directory
 *
 * Context: process context; does not sleep.
 * Return: 0 or an errno of moat_path_check().
 */
int moat_path_mkdir(const struct path *dir, struct dentry *dentry,
		    umode_t mode)
{
	return moat_check_create("mkdir", dir, dentry, true);
}

/**
 * moat_path_symlink() - the path_symlink hook: w on the new name
 * @dir: parent directory
 * @dentry: the new entry
 * @old_name: the link's contents (not checked, as in AppArmor)
 *
 * Context: process context; does not sleep.
 * Return: 0 or an errno of moat_path_check().
 */
int moat_path_symlink(const struct path *dir, struct dentry *dentry,
		      const char *old_name)
{
	return moat_check_create("symlink", dir, dentry, false);
}

/**
 * moat_path_rmdir() - the path_rmdir hook: w on the directory
 * @dir: parent directory
 * @dentry: the directory to remove
 *
 * Context: process context; does not sleep.
 * Return: 0 or an errno of moat_path_check().
 */
int moat_path_rmdir(const struct path *dir, struct dentry *dentry)
{
	return moat_check_delete("rmdir", dir, dentry);
}

/**
 * moat_path_unlink() - the path_unlink hook: w on the name
 * @dir: parent directory
 * @dentry: the entry to remove
 *
 * Context: process context; does not sleep.
 * Return: 0 or an errno of moat_path_check().
 */
int moat_path_unlink(const struct path *dir, struct dentry *dentry)
{
	return moat_check_delete("unlink", dir, dentry);
}

/**
 * moat_path_link() - the path_link hook: l on the new name, within the target
 * @old_dentry: the existing file
 * @new_dir: directory of the new name
 * @new_dentry: the new name
 *
 * Context: process context; does not sleep.
 * Return: 0 or an errno of moat_path_link_check().
 */
int moat_path_link(struct dentry *old_dentry, const struct path *new_dir,
		   struct dentry *new_dentry)
{
	struct path old = { .mnt = new_dir->mnt, .dentry = old_dentry };
	struct path new = { .mnt = new_dir->mnt, .dentry = new_dentry };

	if (!d_backing_inode(old_dentry))
		return 0;
	return moat_path_link_check(&old, &new, moat_inode_owner(&old));
}

/**
 * moat_path_rename() - the path_rename hook: r and w on the old name, w on the new
 * @old_dir: directory of the old name
 * @old_dentry: the entry renamed
 * @new_dir: directory of the new name
 * @new_dentry: the new name
 * @flags: RENAME_* flags; with RENAME_EXCHANGE both names are checked
 *	both ways
 *
 * Context: process context; does not sleep.
 * Return: 0 or an errno of moat_path_check().
 */
int moat_path_rename(const struct path *old_dir, struct dentry *old_dentry,
		     const struct path *new_dir, struct dentry *new_dentry,
		     unsigned int flags)
{
	struct path old = { .mnt = old_dir->mnt, .dentry = old_dentry };
	struct path new = { .mnt = new_dir->mnt, .dentry = new_dentry };
	struct inode *inode = d_backing_inode(old_dentry);
	kuid_t owner;
	bool isdir;
	int err;

	if (!inode)
		return 0;
	owner = moat_inode_owner(&old);
	isdir = S_ISDIR(inode->i_mode);
	if (flags & RENAME_EXCHANGE) {
		struct inode *other = d_backing_inode(new_dentry);
		kuid_t oowner = moat_inode_owner(&new);
		bool odir = other && S_ISDIR(other->i_mode);

		err = moat_path_check("rename_src", &new,
				      MOAT_FILE_READ | MOAT_FILE_WRITE, oowner,
				      odir);
		if (!err)
			err = moat_path_check("rename_dest", &old,
					      MOAT_FILE_WRITE, oowner, odir);
		if (err)
			return err;
	}
	err = moat_path_check("rename_src", &old,
			      MOAT_FILE_READ | MOAT_FILE_WRITE, owner, isdir);
	if (!err)
		err = moat_path_check("rename_dest", &new, MOAT_FILE_WRITE,
				      owner, isdir);
	return err;
}

/**
 * moat_path_truncate() - the path_truncate hook: w
 * @path: the file truncated
 *
 * Context: process context; does not sleep.
 * Return: 0 or an errno of moat_path_check().
 */
int moat_path_truncate(const struct path *path)
{
	return moat_check_inode("truncate", path, MOAT_FILE_WRITE);
}

/**
 * moat_path_chmod() - the path_chmod hook: w
 * @path: the file
 * @mode: the new mode
 *
 * Context: process context; does not sleep.
 * Return: 0 or an errno of moat_path_check().
 */
int moat_path_chmod(const struct path *path, umode_t mode)
{
	return moat_check_inode("chmod", path, MOAT_FILE_WRITE);
}

/**
 * moat_path_chown() - the path_chown hook: w
 * @path: the file
 * @uid: the new owner
 * @gid: the new group
 *
 * Context: process context; does not sleep.
 * Return: 0 or an errno of moat_path_check().
 */
int moat_path_chown(const struct path *path, kuid_t uid, kgid_t gid)
{
	return moat_check_inode("chown", path, MOAT_FILE_WRITE);
}

/* Mount rules are bare (mount, umount, pivot_root): one bit per operation. */
static int moat_mount_check(const char *op, u32 request)
{
	const struct moat_path_policy *pp;
	const struct moat_profile *profile;
	int err = 0;

	rcu_read_lock();
	pp = moat_current_path(&profile);
	if (pp && (!(pp->mount_allow & request) || (pp->mount_deny & request)))
		err = moat_other_denied(op, profile, MOAT_LAYER_PATHS, NULL,
					-EACCES);
	rcu_read_unlock();
	return err;
}

/**
 * moat_sb_mount() - the sb_mount hook: mount(2) in all its forms
 * @dev_name: source
 * @path: mount point
 * @type: file system type
 * @flags: MS_* flags (remount, bind, move and propagation changes are
 *	mounts too, as in AppArmor)
 * @data: options
 *
 * Context: process context; does not sleep.
 * Return: 0, or -EACCES if the profile does not grant mount.
 */
int moat_sb_mount(const char *dev_name, const struct path *path,
		  const char *type, unsigned long flags, void *data)
{
	return moat_mount_check("mount", MOAT_MNT_MOUNT);
}

/**
 * moat_move_mount() - the move_mount hook: attaching a mount made with
 *	the new mount API (fsmount, open_tree) counts as mount
 * @from_path: the mount moved
 * @to_path: where it goes
 *
 * Context: process context; does not sleep.
 * Return: 0, or -EACCES if the profile does not grant mount.
 */
int moat_move_mount(const struct path *from_path, const struct path *to_path)
{
	return moat_mount_check("move_mount", MOAT_MNT_MOUNT);
}

/**
 * moat_sb_umount() - the sb_umount hook
 * @mnt: the mount
 * @flags: MNT_* umount flags
 *
 * Context: process context; does not sleep.
 * Return: 0, or -EACCES if the profile does not grant umount.
 */
int moat_sb_umount(struct vfsmount *mnt, int flags)
{
	return moat_mount_check("umount", MOAT_MNT_UMOUNT);
}

/**
 * moat_sb_pivotroot() - the sb_pivotroot hook
 * @old_path: where the old root goes
 * @new_path: the new root
 *
 * Context: process context; does not sleep.
 * Return: 0, or -EACCES if the profile does not grant pivot_root.
 */
int moat_sb_pivotroot(const struct path *old_path,
		      const struct path *new_path)
{
	return moat_mount_check("pivotroot", MOAT_MNT_PIVOT_ROOT);
}
