// SPDX-License-Identifier: GPL-2.0
/*
 * moat - built-in LSM: per-inode labels in the inode security blob
 *
 * moat's share of each inode's blob (reserved through moat_blob_sizes in
 * attach_lsm.c) is one RCU-protected pointer to the label moat last read
 * for the inode: the label, none (no security.moat), or a tombstone while
 * security.moat changes. Entries are allocated only for inodes moat has
 * read, and replaced whole (an exchange), never edited in place; the
 * inode_free_security hook drops the entry before the blob goes. The
 * module keeps the same entries in a table keyed by inode (inode_table.c).
 */

#include <linux/atomic.h>
#include <linux/fs.h>
#include <linux/lsm_hooks.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>

#include "moat.h"

/**
 * struct moat_label_entry - what moat knows of an inode's label
 * @labelled: the inode has a security.moat label, @label
 * @changing: a tombstone: security.moat is being changed; read the xattr
 * @label: the label, when @labelled
 * @rcu: frees the entry after a grace period once replaced
 */
struct moat_label_entry {
	bool labelled;
	bool changing;
	struct moat_label label;
	struct rcu_head rcu;
};

static atomic_t moat_label_entries = ATOMIC_INIT(0);

/* NULL for an inode allocated before the LSMs were initialised. */
static struct moat_inode *moat_inode(const struct inode *inode)
{
	if (unlikely(!inode->i_security))
		return NULL;
	return inode->i_security + moat_blob_sizes.lbs_inode;
}

/* Put @new in place of whatever is there; free what was. */
static void moat_inode_swap(struct moat_inode *mi,
			    struct moat_label_entry *new)
{
	struct moat_label_entry *old;

	old = unrcu_pointer(xchg(&mi->entry, RCU_INITIALIZER(new)));
	if (old)
		kfree_rcu(old, rcu);
	if (old && !new)
		atomic_dec(&moat_label_entries);
	else if (!old && new)
		atomic_inc(&moat_label_entries);
}

/**
 * moat_label_cache_init() - set up the label cache
 *
 * Context: process context. The blob space was reserved at boot: nothing
 * to do.
 * Return: 0.
 */
int moat_label_cache_init(void)
{
	return 0;
}

/**
 * moat_label_cache_exit() - free every entry
 *
 * Context: process context. Entries go with their inodes
 * (inode_free_security): nothing to do.
 */
void moat_label_cache_exit(void)
{
}

/**
 * moat_label_cache_get() - the cached label of an inode
 * @inode: the inode
 * @out: the label, when there is one
 *
 * Context: any context; takes the RCU read lock.
 * Return: 1 if @inode has a label (copied to @out), 0 if it has none (the
 *	default type applies), -ENOENT if moat has not read it yet or it is
 *	changing.
 */
int moat_label_cache_get(struct inode *inode, struct moat_label *out)
{
	struct moat_inode *mi = moat_inode(inode);
	struct moat_label_entry *e;
	int ret = -ENOENT;

	if (!mi)
		return -ENOENT;
	rcu_read_lock();
	e = rcu_dereference(mi->entry);
	if (e && !e->changing) {
		ret = e->labelled;
		if (ret)
			*out = e->label;
	}
	rcu_read_unlock();
	return ret;
}

/**
 * moat_label_cache_changing() - security.moat of an inode is about to change
 * @inode: the inode
 *
 * Puts a tombstone in the inode's blob until the change is done, and makes
 * every label read under way not cache what it read.
 *
 * Context: any context; does not sleep (GFP_ATOMIC).
 * Return: 0, or -ENOMEM (also for an inode without a blob): then the change
 *	must be refused, or the old label could stay cached.
 */
int moat_label_cache_changing(struct inode *inode)
{
	struct moat_inode *mi = moat_inode(inode);
	struct moat_label_entry *e;

	if (!mi)
		return -ENOMEM;
	e = kzalloc(sizeof(*e), GFP_ATOMIC);
	if (!e)
		return -ENOMEM;
	e->changing = true;
	atomic64_inc(&moat_label_changes);
	moat_inode_swap(mi, e);
	return 0;
}

/**
 * moat_label_cache_forget() - drop an inode's cached label
 * @inode: the inode; its label changed, or it is being freed
 *
 * Context: any context; does not sleep.
 */
void moat_label_cache_forget(struct inode *inode)
{
	struct moat_inode *mi = moat_inode(inode);

	if (mi && rcu_access_pointer(mi->entry))
		moat_inode_swap(mi, NULL);
}

/**
 * moat_label_cache_fill() - cache an inode's label, unless it is changing
 * @inode: the inode
 * @labelled: whether it has a label
 * @label: the label, when @labelled
 * @gfp: allocation flags
 * @check: drop what was cached if a change of any label began after @gen
 * @gen: moat_label_changes when the label was read
 *
 * Context: process context; may sleep unless @gfp says otherwise. Without
 * memory nothing is cached.
 */
void moat_label_cache_fill(struct inode *inode, bool labelled,
			   const struct moat_label *label, gfp_t gfp,
			   bool check, s64 gen)
{
	struct moat_inode *mi = moat_inode(inode);
	struct moat_label_entry __rcu **slot;
	struct moat_label_entry *e, *old;

	if (!mi)
		return;
	e = kzalloc(sizeof(*e), gfp);
	if (!e)
		return;		/* uncached: read again next time */
	e->labelled = labelled;
	if (labelled)
		e->label = *label;
	slot = &mi->entry;
	rcu_read_lock();
	for (;;) {
		old = rcu_dereference(*slot);
		if (old && old->changing) {
			/* a change is under way: cache nothing */
			rcu_read_unlock();
			kfree(e);
			return;
		}
		if (cmpxchg((struct moat_label_entry __force **)slot, old, e) ==
		    old)
			break;
	}
	if (old)
		kfree_rcu(old, rcu);
	else
		atomic_inc(&moat_label_entries);
	/*
	 * A change began while the label was read: drop what was read. Still
	 * in the read-side section, so @e cannot have been freed and reused.
	 */
	if (check && atomic64_read(&moat_label_changes) != gen &&
	    cmpxchg((struct moat_label_entry __force **)slot, e, NULL) == e) {
		atomic_dec(&moat_label_entries);
		kfree_rcu(e, rcu);
	}
	rcu_read_unlock();
}

/**
 * moat_label_cache_count() - inodes whose label is cached
 *
 * Context: any context.
 * Return: the number of entries.
 */
unsigned int moat_label_cache_count(void)
{
	return atomic_read(&moat_label_entries);
}
