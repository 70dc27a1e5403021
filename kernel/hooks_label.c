// SPDX-License-Identifier: GPL-2.0
/*
 * moat - hooks of the label layer
 *
 * Which hooks may sleep decides what they can do. file_open and
 * path_unlink run in their caller's context (in module mode, the redirect
 * attach): they read the object's label (its security.moat xattr) when it
 * is not cached, and a file a confined task creates gets the task's label
 * there; so do file_permission (every read and write: a descriptor passed
 * from another container, or kept across a relabel, is refused on its next
 * use), mmap_file, and the path hooks that change a file (truncate, chmod,
 * chown, rename). Only the create check before mkdir, mknod and symlink
 * decides from the cache, where the directory's label is known.
 *
 * security.moat itself can be changed only by a task outside every
 * attachment that holds CAP_MAC_ADMIN in the initial user namespace (EPERM
 * otherwise), and only to a well-formed label (EINVAL).
 */

#define pr_fmt(fmt) "moat: " fmt

#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/dcache.h>
#include <linux/fcntl.h>
#include <linux/fs.h>
#include <linux/mman.h>
#include <linux/rcupdate.h>
#include <linux/security.h>
#include <linux/sched.h>
#include <linux/sched/mm.h>
#include <linux/string.h>
#include <linux/user_namespace.h>
#include <linux/xattr.h>

#include "moat.h"

/* The current task's label layer and subject label (NULL: none given). */
static const struct moat_label_policy *
moat_current_labels(const struct moat_profile **profile,
		    const struct moat_label **subj)
{
	struct moat_attachment *att;
	const struct moat_profile *p;
	const struct moat_ruleset *rs;

	if (!static_branch_unlikely(&moat_confining))
		return NULL;
	att = moat_task_attachment(current);
	if (!att)
		return NULL;
	p = rcu_dereference(att->profile);
	rs = rcu_dereference(p->ruleset);
	if (!rs->labels)
		return NULL;
	*profile = p;
	*subj = rcu_dereference(att->label);
	return rs->labels;
}

/**
 * moat_current_has_labels() - whether the current task is under a label layer
 *
 * Context: any context; takes the RCU read lock.
 * Return: true if the current task's profile has a label layer.
 */
bool moat_current_has_labels(void)
{
	const struct moat_profile *profile;
	const struct moat_label *subj;
	bool ret;

	rcu_read_lock();
	ret = moat_current_labels(&profile, &subj);
	rcu_read_unlock();
	return ret;
}

static int moat_label_denied(const char *op, const struct moat_profile *profile,
			     const struct moat_label *subj,
			     const struct moat_label *obj,
			     const char *deftype, const char *name, u32 request,
			     u32 granted, bool floor)
{
	char s[MOAT_NAME_MAX + 64], o[MOAT_NAME_MAX + 64];
	char fields[2 * MOAT_LOG_STRING_BUF + 32];
	char a[MOAT_LOG_STRING_BUF], b[MOAT_LOG_STRING_BUF];
	char req[8], den[8];
	struct moat_denial d = {
		.op = op,
		.profile = profile,
		.layer = MOAT_LAYER_LABELS,
		.name = name,
		.requested = req,
		.denied = den,
		.fields = fields,
		.err = -EACCES,
		.enforce = floor,
	};

	if (subj)
		moat_label_format(subj, s, sizeof(s));
	else
		strscpy(s, "(none)", sizeof(s));
	if (obj)
		moat_label_format(obj, o, sizeof(o));
	else
		strscpy(o, deftype, sizeof(o));
	moat_perm_letters(request, MOAT_LABEL_LETTERS, req);
	moat_perm_letters(request & ~granted, MOAT_LABEL_LETTERS, den);
	snprintf(fields, sizeof(fields), "scontext=%s tcontext=%s",
		 moat_log_string(a, s), moat_log_string(b, o));
	return moat_deny(&d);
}

/*
 * Decide @request on an object whose label is @obj (has: 1), none (has: 0),
 * for the current task. RCU read side taken here.
 */
static int moat_label_decide(const char *op, int has,
			     const struct moat_label *obj,
			     const struct dentry *dentry, u32 request)
{
	const char *name = (const char *)dentry->d_name.name;
	const char *fstype = dentry->d_sb->s_type->name;
	const struct moat_label_policy *lp;
	const struct moat_profile *profile;
	const struct moat_label *subj;
	u32 granted;
	int err = 0;

	rcu_read_lock();
	lp = moat_current_labels(&profile, &subj);
	if (lp) {
		granted = subj ? moat_label_allowed(lp, subj, has ? obj : NULL,
						    fstype) : 0;
		/*
		 * Categories keep containers apart, as the floor does: complain
		 * mode lifts only the type rules' denials, never a missing
		 * label or a category the subject lacks.
		 */
		if (request & ~granted)
			err = moat_label_denied(op, profile, subj,
						has ? obj : NULL,
						lp->default_type, name,
						request, granted,
						!subj || (has &&
							  !bitmap_subset(obj->cats,
									 subj->cats,
									 MOAT_LABEL_CATS)));
	}
	rcu_read_unlock();
	return err;
}

static u32 moat_label_open_request(const struct file *file)
{
	u32 request = 0;

	if (file->f_mode & FMODE_READ)
		request |= MOAT_LABEL_READ;
	if (file->f_mode & FMODE_WRITE)
		request |= (file->f_flags & O_APPEND) ? MOAT_LABEL_APPEND :
							MOAT_LABEL_WRITE;
	if (file->f_flags & O_TRUNC)
		request |= MOAT_LABEL_WRITE;
	return request;
}

/*
 * The label a file the current task creates gets: its attachment's. 1 with
 * @out set; 0 if the task is under no label layer (nothing to label);
 * -EACCES if its label layer gives it no label (fail closed).
 */
static int moat_current_subject(struct moat_label *out)
{
	const struct moat_label_policy *lp;
	const struct moat_profile *profile;
	const struct moat_label *subj;

	rcu_read_lock();
	lp = moat_current_labels(&profile, &subj);
	if (lp && subj)
		*out = *subj;
	rcu_read_unlock();
	if (!lp)
		return 0;
	return subj ? 1 : -EACCES;
}

/* Label a file the current task has just created with the task's label. */
static int moat_label_new_file(struct file *file)
{
	struct dentry *dentry = file->f_path.dentry, *parent;
	struct moat_label dir, label;
	int has, err;

	/* create is asked of the directory, as SELinux asks add_name */
	parent = dget_parent(dentry);
	has = moat_label_read(parent, &dir);
	err = has < 0 ? has :
	      moat_label_decide("create", has, &dir, parent,
				MOAT_LABEL_CREATE);
	dput(parent);
	if (err)
		return err;

	has = moat_current_subject(&label);
	if (has <= 0)
		return has;
	err = moat_label_write(dentry, &label);
	/* a file system without xattrs: its files have the default type */
	return err == -EOPNOTSUPP ? 0 : err;
}

/**
 * moat_label_file_open() - the label layer's file_open: read, write, append,
 *	or exec (an open made by execve); a new file gets the opener's label
 * @file: the file being opened
 *
 * Context: process context, may sleep (reads and writes security.moat); in
 * module mode, called from the file_open redirect wrapper.
 * Return: 0, -EACCES if the labels refuse it, or the errno of reading or
 *	writing the label.
 */
int moat_label_file_open(struct file *file)
{
	struct dentry *dentry = file->f_path.dentry;
	struct moat_label obj;
	u32 request;
	int has;

	if (dentry->d_sb->s_flags & SB_NOUSER || !moat_current_has_labels())
		return 0;
	/* O_CREAT that created it, or an O_TMPFILE (linkable later) */
	if ((file->f_mode & FMODE_CREATED) ||
	    (file->f_flags & __O_TMPFILE) == __O_TMPFILE)
		return moat_label_new_file(file);
	request = current->in_execve ? MOAT_LABEL_EXEC :
		  moat_label_open_request(file);
	has = moat_label_read(dentry, &obj);
	if (has < 0)
		return has;
	return moat_label_decide(current->in_execve ? "exec" : "open", has,
				 &obj, dentry, request);
}

/* Read @dentry's label (may sleep) and decide @request on it. */
static int moat_label_dentry_check(const char *op, struct dentry *dentry,
				   u32 request)
{
	struct moat_label obj;
	int has;

	if (!request || !d_backing_inode(dentry) ||
	    dentry->d_sb->s_flags & SB_NOUSER || !moat_current_has_labels())
		return 0;
	has = moat_label_read(dentry, &obj);
	if (has < 0)
		return has;
	return moat_label_decide(op, has, &obj, dentry, request);
}

/**
 * moat_label_path_unlink() - the label layer's path_unlink: unlink
 * @dir: parent directory
 * @dentry: the entry to remove
 *
 * Context: process context, may sleep (reads security.moat); in module
 * mode, called from the path_unlink redirect wrapper.
 * Return: 0, -EACCES if the labels refuse it, or the errno of reading the
 *	label.
 */
int moat_label_path_unlink(const struct path *dir, struct dentry *dentry)
{
	return moat_label_dentry_check("unlink", dentry, MOAT_LABEL_UNLINK);
}

/**
 * moat_label_path_setattr() - the label layer's path_truncate (and the
 *	check of chmod and chown): write on the file
 * @path: the file
 *
 * Context: process context, may sleep (reads security.moat); in module
 * mode, called from the path_truncate redirect wrapper.
 * Return: 0, -EACCES if the labels refuse it, or the errno of reading the
 *	label.
 */
int moat_label_path_setattr(const struct path *path)
{
	return moat_label_dentry_check("setattr", path->dentry,
				       MOAT_LABEL_WRITE);
}

/**
 * moat_label_path_chmod() - the label layer's path_chmod: write on the file
 * @path: the file
 * @mode: the new mode
 *
 * Context: process context, may sleep (reads security.moat); in module
 * mode, called from the path_chmod redirect wrapper.
 * Return: 0, -EACCES if the labels refuse it, or the errno of reading the
 *	label.
 */
int moat_label_path_chmod(const struct path *path, umode_t mode)
{
	return moat_label_path_setattr(path);
}

/**
 * moat_label_path_chown() - the label layer's path_chown: write on the file
 * @path: the file
 * @uid: the new owner
 * @gid: the new group
 *
 * Context: process context, may sleep (reads security.moat); in module
 * mode, called from the path_chown redirect wrapper.
 * Return: 0, -EACCES if the labels refuse it, or the errno of reading the
 *	label.
 */
int moat_label_path_chown(const struct path *path, kuid_t uid, kgid_t gid)
{
	return moat_label_path_setattr(path);
}

/**
 * moat_label_path_rename() - rename: unlink on what leaves or is replaced,
 *	create in the directory it goes to
 * @old_dir: directory of the old name
 * @old_dentry: the entry renamed
 * @new_dir: directory of the new name
 * @new_dentry: the new name (positive if it replaces a file)
 * @flags: RENAME_* flags; RENAME_EXCHANGE moves both ways
 *
 * Context: process context, may sleep (reads security.moat); in module
 * mode, called from the path_rename redirect wrapper.
 * Return: 0, -EACCES if the labels refuse it, or the errno of reading a
 *	label.
 */
int moat_label_path_rename(const struct path *old_dir,
			   struct dentry *old_dentry,
			   const struct path *new_dir,
			   struct dentry *new_dentry, unsigned int flags)
{
	int err;

	err = moat_label_dentry_check("rename", old_dentry, MOAT_LABEL_UNLINK);
	if (!err && d_backing_inode(new_dentry))
		err = moat_label_dentry_check("rename", new_dentry,
					      MOAT_LABEL_UNLINK);
	if (!err)
		err = moat_label_dentry_check("rename", new_dir->dentry,
					      MOAT_LABEL_CREATE);
	if (!err && (flags & RENAME_EXCHANGE))
		err = moat_label_dentry_check("rename", old_dir->dentry,
					      MOAT_LABEL_CREATE);
	return err;
}

/**
 * moat_label_mmap_file() - mmap: read, write for a shared writable mapping,
 *	exec for an executable one
 * @file: the file mapped, or NULL
 * @reqprot: protection the caller asked for
 * @prot: protection the kernel will apply (READ_IMPLIES_EXEC included)
 * @flags: MAP_* flags
 *
 * Context: process context (mmap_lock not held), may sleep (reads
 * security.moat); in module mode, called from the mmap_file redirect
 * wrapper.
 * Return: 0, -EACCES if the labels refuse it, or the errno of reading the
 *	label.
 */
int moat_label_mmap_file(struct file *file, unsigned long reqprot,
			 unsigned long prot, unsigned long flags)
{
	u32 request = MOAT_LABEL_READ;

	if (!file)
		return 0;
	if ((prot & PROT_WRITE) && (flags & MAP_TYPE) == MAP_SHARED)
		request |= MOAT_LABEL_WRITE;
	if (prot & PROT_EXEC)
		request |= MOAT_LABEL_EXEC;
	return moat_label_dentry_check("file_mmap", file->f_path.dentry,
				       request);
}

/**
 * moat_label_create_check() - create in a directory whose label is cached
 * @dir: the directory
 * @dentry: the new entry
 *
 * Called from the path_mknod, path_mkdir and path_symlink hooks, before
 * anything is created. A directory whose label is not cached yet is
 * checked after an open(O_CREAT) instead (moat_label_file_open()).
 *
 * Context: any process context; does not sleep.
 * Return: 0, or -EACCES if the labels refuse create.
 */
int moat_label_create_check(const struct path *dir, struct dentry *dentry)
{
	struct inode *inode = d_backing_inode(dir->dentry);
	struct moat_label obj;
	int has;

	if (!static_branch_unlikely(&moat_confining) || !inode ||
	    dir->dentry->d_sb->s_flags & SB_NOUSER)
		return 0;
	has = moat_label_cache_get(inode, &obj);
	if (has < 0)
		return 0;
	return moat_label_decide("create", has, &obj, dir->dentry,
				 MOAT_LABEL_CREATE);
}

/**
 * moat_label_file_permission() - the file_permission hook: each read and
 *	write of an open file
 * @file: the file
 * @mask: MAY_READ, MAY_WRITE, MAY_APPEND
 *
 * Every use of a descriptor of a regular file is decided with the current
 * labels: one opened before a relabel, or passed in from another container,
 * is refused on its next read or write. Ttys, fifos, sockets and devices
 * are decided when they are opened (a container's stdout is often the
 * host's tty or pipe).
 *
 * Context: process context, may sleep (reads security.moat when it is not
 * cached); in module mode, called from the file_permission redirect wrapper.
 * Return: 0, -EACCES if the labels refuse it, or the errno of reading the
 *	label.
 */
int moat_label_file_permission(struct file *file, int mask)
{
	u32 request = 0;

	/* data lives in regular files; ttys, fifos, devices: decided at open */
	if (!S_ISREG(file_inode(file)->i_mode))
		return 0;

	if (mask & MAY_READ)
		request |= MOAT_LABEL_READ;
	if (mask & (MAY_WRITE | MAY_APPEND))
		request |= (file->f_flags & O_APPEND) ? MOAT_LABEL_APPEND :
							MOAT_LABEL_WRITE;
	return moat_label_dentry_check("file_perm", file->f_path.dentry,
				       request);
}

/**
 * moat_label_inode_init_security() - the inode_init_security hook: create
 *	in a directory, and label what is made
 * @inode: the inode being created (any kind: file, directory, fifo, ...)
 * @dir: the directory it is created in
 * @qstr: the new entry's name (unused)
 * @name: set to the xattr's name after "security.", or NULL when the file
 *	system only asks whether create is allowed
 * @value: set to the label's text (kmalloc()ed; the caller frees it)
 * @len: set to the bytes at @value
 *
 * Asks create of @dir's label (read now if it is not cached: every mkdir,
 * mknod, symlink and create is checked before the inode is linked), then
 * gives the file system security.moat with the creating task's label to
 * store as the inode is made (tmpfs, ext4, xfs, ... store the LSMs'
 * initial xattrs). In module mode the inode_init_security redirect wrapper
 * calls this after security_inode_init_security() and hands the xattr to
 * the file system itself.
 *
 * Context: process context, in the file system's create path: @dir is
 * locked, a transaction may be open (allocations are made GFP_NOFS).
 * Return: 0, with @name, @value and @len set when there is a label to add
 *	(untouched otherwise, so that another LSM's initial xattr stays);
 *	-EACCES if the labels refuse create, if the task's label layer gives
 *	it no label, or if another LSM already holds 6.1's single initial
 *	xattr; -ENOMEM; or the error of reading @dir's label.
 */
int moat_label_inode_init_security(struct inode *inode, struct inode *dir,
				   const struct qstr *qstr, const char **name,
				   void **value, size_t *len)
{
	struct moat_label label, dlabel;
	size_t size = MOAT_NAME_MAX + 6 * MOAT_LABEL_CATS;
	struct dentry *alias;
	unsigned int nofs;
	char *buf;
	int err, has;

	if (!static_branch_unlikely(&moat_confining) || !moat_current_has_labels())
		return 0;
	alias = d_find_alias(dir);
	if (!alias)
		return -EACCES;		/* no name to read the label by: refuse */
	nofs = memalloc_nofs_save();
	has = moat_label_read(alias, &dlabel);
	memalloc_nofs_restore(nofs);
	err = has < 0 ? has : moat_label_decide("create", has, &dlabel, alias,
						MOAT_LABEL_CREATE);
	dput(alias);
	if (err || !name)
		return err;

	has = moat_current_subject(&label);
	if (has <= 0)
		return has;
	if (*name) {
		/*
		 * 6.1 has one initial xattr for all LSMs and an LSM before
		 * moat (SELinux, Smack) took it: an unlabelled file would
		 * escape the label layer, so refuse.
		 */
		pr_warn_ratelimited("cannot label a new file: another LSM holds 6.1's single initial xattr (%s)\n",
				    *name);
		return -EACCES;
	}
	buf = kmalloc(size, GFP_NOFS);
	if (!buf)
		return -ENOMEM;
	*name = MOAT_LABEL_XATTR + XATTR_SECURITY_PREFIX_LEN;
	*len = moat_label_format(&label, buf, size);
	*value = buf;
	/* if the file system fails to store it, the inode is never used */
	moat_label_cache_put(inode, true, &label, GFP_NOFS);
	return 0;
}

/* CAP_MAC_ADMIN in the initial user namespace, without asking the LSMs. */
static bool moat_mac_admin(void)
{
	const struct cred *cred = current_cred();

	return cred->user_ns == &init_user_ns &&
	       cap_raised(cred->cap_effective, CAP_MAC_ADMIN);
}

static int moat_label_xattr_check(struct dentry *dentry, const char *name,
				  const void *value, size_t size, bool set)
{
	struct moat_label label;
	struct inode *inode;

	if (strcmp(name, MOAT_LABEL_XATTR))
		return 0;
	/* decide first: a refused change must not touch the cache */
	if (static_branch_unlikely(&moat_confining) && moat_current_confined())
		return -EPERM;
	if (!moat_mac_admin())
		return -EPERM;
	if (set && moat_label_parse(value, size, &label))
		return -EINVAL;
	inode = d_backing_inode(dentry);
	/* no memory for the tombstone: refuse rather than keep a stale label */
	return inode ? moat_label_cache_changing(inode) : 0;
}

/**
 * moat_label_inode_setxattr() - the inode_setxattr hook: guard security.moat
 * @mnt_userns: user namespace of the mount
 * @dentry: the file
 * @name: xattr name
 * @value: new value
 * @size: bytes at @value
 * @flags: XATTR_CREATE, XATTR_REPLACE
 *
 * Also drops the file's cached label, so the next check reads the new one.
 *
 * Context: process context; does not sleep.
 * Return: 0; for security.moat, -EPERM for a confined task or one without
 *	CAP_MAC_ADMIN in the initial user namespace, -EINVAL for a value that
 *	is not a label, -ENOMEM if the cache cannot be fenced for the change.
 */
int moat_label_inode_setxattr(struct user_namespace *mnt_userns,
			      struct dentry *dentry, const char *name,
			      const void *value, size_t size, int flags)
{
	return moat_label_xattr_check(dentry, name, value, size, true);
}

/**
 * moat_label_inode_removexattr() - the inode_removexattr hook: guard
 *	security.moat
 * @mnt_userns: user namespace of the mount
 * @dentry: the file
 * @name: xattr name
 *
 * Context: process context; does not sleep.
 * Return: 0; for security.moat, -EPERM for a confined task or one without
 *	CAP_MAC_ADMIN in the initial user namespace, -ENOMEM if the cache
 *	cannot be fenced for the change.
 */
int moat_label_inode_removexattr(struct user_namespace *mnt_userns,
				 struct dentry *dentry, const char *name)
{
	return moat_label_xattr_check(dentry, name, NULL, 0, false);
}

/**
 * moat_label_inode_post_setxattr() - the inode_post_setxattr hook: a new
 *	security.moat is in place
 * @dentry: the file
 * @name: the xattr set
 * @value: its value
 * @size: bytes at @value
 * @flags: XATTR_CREATE, XATTR_REPLACE
 *
 * Drops the tombstone moat_label_inode_setxattr() put in the cache, so the
 * next check reads the new label.
 *
 * Context: process context, the inode locked; does not sleep.
 */
void moat_label_inode_post_setxattr(struct dentry *dentry, const char *name,
				    const void *value, size_t size, int flags)
{
	struct inode *inode = d_backing_inode(dentry);

	if (inode && !strcmp(name, MOAT_LABEL_XATTR))
		moat_label_cache_changed(inode);
}

/**
 * moat_label_inode_free() - the inode_free hook: forget the inode's label
 * @inode: the inode going away
 *
 * The cache is keyed by the inode's address: its entry must go first.
 *
 * Context: any context; does not sleep.
 */
void moat_label_inode_free(struct inode *inode)
{
	moat_label_cache_forget(inode);
}
