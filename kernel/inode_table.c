// SPDX-License-Identifier: GPL-2.0
/*
 * moat - module build: per-inode labels in a table keyed by inode
 *
 * A module cannot reserve room in the inode (the LSM blob sizes are fixed
 * at boot), so moat.ko keeps the labels it has read in an rhashtable keyed
 * by the inode's address. The built-in LSM keeps them in the inode blob
 * instead (inode_blob.c); both give labels.c the same functions.
 */

#include <linux/atomic.h>
#include <linux/fs.h>
#include <linux/rhashtable.h>
#include <linux/slab.h>

#include "moat.h"

/*
 * One entry per inode whose label moat has read: the label, or none (no
 * security.moat xattr). Keyed by the inode's address, so the entry must go
 * before the inode's memory does: inode_free removes it.
 *
 * While security.moat is being changed the entry is a tombstone
 * (changing): readers read the xattr themselves and cache nothing, so a
 * read that raced with the change cannot leave the old label behind. A set
 * clears the tombstone when it is done (inode_post_setxattr); a removal
 * has no such hook in 6.1, and its tombstone stays until the inode goes.
 */
struct moat_label_entry {
	struct rhash_head node;
	struct inode *inode;
	bool labelled;
	bool changing;
	struct moat_label label;
	struct rcu_head rcu;
};

static const struct rhashtable_params moat_label_params = {
	.key_len = sizeof(struct inode *),
	.key_offset = offsetof(struct moat_label_entry, inode),
	.head_offset = offsetof(struct moat_label_entry, node),
	.automatic_shrinking = true,
};

static struct rhashtable moat_label_cache;
static atomic_t moat_label_entries = ATOMIC_INIT(0);

/**
 * moat_label_cache_init() - set up the label cache
 *
 * Context: process context, may sleep.
 * Return: 0, or the error of rhashtable_init().
 */
int moat_label_cache_init(void)
{
	return rhashtable_init(&moat_label_cache, &moat_label_params);
}

static void moat_label_entry_free(void *ptr, void *arg)
{
	kfree(ptr);
}

/**
 * moat_label_cache_exit() - free every entry
 *
 * Context: process context, after every hook is gone.
 */
void moat_label_cache_exit(void)
{
	rhashtable_free_and_destroy(&moat_label_cache, moat_label_entry_free,
				    NULL);
}

/**
 * moat_label_cache_get() - the cached label of an inode
 * @inode: the inode
 * @out: the label, when there is one
 *
 * Context: any context; takes the RCU read lock.
 * Return: 1 if @inode has a label (copied to @out), 0 if it has none (the
 *	default type applies), -ENOENT if moat has not read it yet.
 */
int moat_label_cache_get(struct inode *inode, struct moat_label *out)
{
	struct moat_label_entry *e;
	int ret = -ENOENT;

	rcu_read_lock();
	e = rhashtable_lookup(&moat_label_cache, &inode, moat_label_params);
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
 * Puts a tombstone in place of the inode's entry until the change is done
 * (see the comment at struct moat_label_entry), and makes every label read
 * under way not cache what it read.
 *
 * Context: any context; does not sleep (GFP_ATOMIC).
 * Return: 0, or -ENOMEM: then the change must be refused, or the old label
 *	could stay cached.
 */
int moat_label_cache_changing(struct inode *inode)
{
	struct moat_label_entry *e = kzalloc(sizeof(*e), GFP_ATOMIC);
	struct moat_label_entry *old;
	int err = 0;

	if (!e)
		return -ENOMEM;
	e->inode = inode;
	e->changing = true;
	atomic64_inc(&moat_label_changes);
	rcu_read_lock();
	for (;;) {
		old = rhashtable_lookup_get_insert_fast(&moat_label_cache,
							&e->node,
							moat_label_params);
		if (!old) {
			atomic_inc(&moat_label_entries);
			break;
		}
		if (IS_ERR(old)) {
			kfree(e);
			err = PTR_ERR(old);
			break;
		}
		if (!rhashtable_replace_fast(&moat_label_cache, &old->node,
					     &e->node, moat_label_params)) {
			kfree_rcu(old, rcu);
			break;
		}
		/* the old entry went meanwhile: insert again */
	}
	rcu_read_unlock();
	return err;
}

/**
 * moat_label_cache_forget() - drop an inode's cached label
 * @inode: the inode; its label changed, or it is being freed
 *
 * Context: any context; does not sleep.
 */
void moat_label_cache_forget(struct inode *inode)
{
	struct moat_label_entry *e;

	/* inode_free calls this for every inode: most often nothing is cached */
	if (!atomic_read(&moat_label_entries))
		return;
	rcu_read_lock();
	e = rhashtable_lookup(&moat_label_cache, &inode, moat_label_params);
	if (e && !rhashtable_remove_fast(&moat_label_cache, &e->node,
					 moat_label_params)) {
		atomic_dec(&moat_label_entries);
		kfree_rcu(e, rcu);
	}
	rcu_read_unlock();
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
	struct moat_label_entry *e = kzalloc(sizeof(*e), gfp);
	struct moat_label_entry *old;

	if (!e)
		return;		/* uncached: read again next time */
	e->inode = inode;
	e->labelled = labelled;
	if (labelled)
		e->label = *label;
	rcu_read_lock();
	old = rhashtable_lookup_get_insert_fast(&moat_label_cache, &e->node,
						moat_label_params);
	if (old && !IS_ERR(old) && !old->changing &&
	    !rhashtable_replace_fast(&moat_label_cache, &old->node, &e->node,
				     moat_label_params)) {
		kfree_rcu(old, rcu);
	} else if (old) {
		kfree(e);	/* a change is under way: cache nothing */
		e = NULL;
	} else {
		atomic_inc(&moat_label_entries);
	}
	/* a change began while the label was read: drop what was read */
	if (e && check && atomic64_read(&moat_label_changes) != gen &&
	    !rhashtable_remove_fast(&moat_label_cache, &e->node,
				    moat_label_params)) {
		atomic_dec(&moat_label_entries);
		kfree_rcu(e, rcu);
	}
	rcu_read_unlock();
}

/**
 * moat_label_cache_count() - entries in the label cache
 *
 * Context: any context.
 * Return: the number of inodes whose label is cached.
 */
unsigned int moat_label_cache_count(void)
{
	return atomic_read(&moat_label_entries);
}
