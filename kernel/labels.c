// SPDX-License-Identifier: GPL-2.0
/*
 * moat - label layer: labels, the label policy, and the per-inode label cache
 *
 * SELinux's MCS model, cut to what keeps containers apart: a label is a type
 * and a set of categories (container_file_t:c12,c480). A subject's label is
 * its attachment's; an object's is its security.moat xattr, or the
 * profile's default type when it has none. An access needs a rule allowing
 * the subject's type the permission on the object's type, and the subject's
 * categories to include the object's.
 *
 * Reading an xattr may sleep, so labels are read only in hooks that run in
 * their caller's context (in module mode, the redirect attach of
 * attach_kprobe.c) and cached per inode: in the inode's LSM blob when moat
 * is built in (inode_blob.c), in a table keyed by inode in the module
 * (inode_table.c). The hooks that run in atomic context use the cache.
 * setxattr, removexattr and inode_free invalidate it.
 */

#define pr_fmt(fmt) "moat: " fmt

#include <linux/bitmap.h>
#include <linux/bsearch.h>
#include <linux/ctype.h>
#include <linux/dcache.h>
#include <linux/errno.h>
#include <linux/fs.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/string.h>
#include <linux/xattr.h>

#include "moat.h"

/**
 * moat_label_parse() - parse a label's text (an xattr value)
 * @s: the text, TYPE[:cN[,cN]...] with ranges cA.cB; need not end in NUL
 * @len: bytes at @s; a trailing NUL is ignored
 * @out: filled on success
 *
 * The same rules as moatctl's label_parse(): types of 1..63 of [a-z0-9_]
 * starting with a letter, categories below %MOAT_LABEL_CATS, none twice.
 *
 * Context: any context.
 * Return: 0, or -EINVAL for anything else.
 */
int moat_label_parse(const char *s, size_t len, struct moat_label *out)
{
	size_t i = 0, t;

	memset(out, 0, sizeof(*out));
	if (len && s[len - 1] == '\0')
		len--;
	while (i < len && s[i] != ':') {
		if (i >= MOAT_NAME_MAX - 1 ||
		    !(islower(s[i]) || (i && (isdigit(s[i]) || s[i] == '_'))))
			return -EINVAL;
		out->type[i] = s[i];
		i++;
	}
	if (!i)
		return -EINVAL;
	if (i == len)
		return 0;
	i++;	/* ':' */
	if (i == len)
		return -EINVAL;
	for (;;) {
		unsigned int lo = 0, hi, n;

		for (t = 0; t < 2; t++) {
			if (i >= len || s[i] != 'c' || ++i >= len ||
			    !isdigit(s[i]) || (s[i] == '0' && i + 1 < len &&
					       isdigit(s[i + 1])))
				return -EINVAL;
			n = 0;
			while (i < len && isdigit(s[i])) {
				n = n * 10 + (s[i++] - '0');
				if (n >= MOAT_LABEL_CATS)
					return -EINVAL;
			}
			if (!t)
				lo = n;
			if (t || i == len || s[i] != '.')
				break;
			i++;
		}
		hi = t ? n : lo;
		if (hi < lo || (t && hi == lo))
			return -EINVAL;
		for (n = lo; n <= hi; n++)
			if (__test_and_set_bit(n, out->cats))
				return -EINVAL;
		if (i == len)
			return 0;
		if (s[i++] != ',')
			return -EINVAL;
	}
}

static int moat_lrule_cmp(const void *a, const void *b)
{
	const struct moat_label_rule *x = a, *y = b;
	int c = strcmp(x->subject, y->subject);

	return c ? c : strcmp(x->object, y->object);
}

/**
 * moat_labels_build() - build a label layer from netlink attributes
 * @attr: the %MOAT_A_PROFILE_LABELS attribute
 * @head: the request's top-level attributes, with the %MOAT_A_LABEL_RULE
 *	rules (each validated against moat_lrule_policy)
 * @len: bytes at @head
 * @extack: extended ack for error messages, may be NULL
 *
 * Context: process context, may sleep (GFP_KERNEL allocations).
 * Return: the new label layer, or ERR_PTR() of -EINVAL (a missing or
 *	malformed attribute, a type name that is not one, a rule twice, two
 *	fs_default for one file system), -E2BIG (more than
 *	%MOAT_LABEL_RULES_MAX rules or %MOAT_LABEL_FS_MAX fs_default), -ENOMEM.
 */
struct moat_label_policy *moat_labels_build(const struct nlattr *attr,
					    const struct nlattr *head, int len,
					    struct netlink_ext_ack *extack)
{
	struct nlattr *tb[MOAT_LABELS_A_MAX + 1], *rtb[MOAT_LRULE_A_MAX + 1];
	struct moat_label_policy *lp;
	const struct nlattr *nla;
	struct moat_label check;
	unsigned int n = 0, i;
	int rem, err;

	err = nla_parse_nested(tb, MOAT_LABELS_A_MAX, attr, moat_labels_policy,
			       extack);
	if (err)
		return ERR_PTR(err);
	if (NL_REQ_ATTR_CHECK(extack, attr, tb, MOAT_LABELS_A_DEFAULT_TYPE))
		return ERR_PTR(-EINVAL);
	nla_for_each_attr(nla, head, len, rem)
		if (nla_type(nla) == MOAT_A_LABEL_RULE)
			n++;
	if (n > MOAT_LABEL_RULES_MAX) {
		NL_SET_ERR_MSG(extack, "too many label rules");
		return ERR_PTR(-E2BIG);
	}
	lp = kvzalloc(struct_size(lp, rules, n), GFP_KERNEL_ACCOUNT);
	if (!lp)
		return ERR_PTR(-ENOMEM);
	lp->size = struct_size(lp, rules, n);
	nla_strscpy(lp->default_type, tb[MOAT_LABELS_A_DEFAULT_TYPE],
		    sizeof(lp->default_type));
	if (moat_label_parse(lp->default_type, strlen(lp->default_type),
			     &check) || strcmp(check.type, lp->default_type)) {
		NL_SET_ERR_MSG_ATTR(extack, tb[MOAT_LABELS_A_DEFAULT_TYPE],
				    "not a type name");
		err = -EINVAL;
		goto fail;
	}
	nla_for_each_attr(nla, head, len, rem) {
		struct moat_label_rule *r = &lp->rules[lp->nrules];

		if (nla_type(nla) != MOAT_A_LABEL_RULE)
			continue;
		err = nla_parse_nested(rtb, MOAT_LRULE_A_MAX, nla,
				       moat_lrule_policy, extack);
		if (err)
			goto fail;
		if (!rtb[MOAT_LRULE_A_SUBJECT] || !rtb[MOAT_LRULE_A_OBJECT] ||
		    !rtb[MOAT_LRULE_A_PERMS]) {
			NL_SET_ERR_MSG_ATTR(extack, nla,
					    "label rule without subject, object or perms");
			err = -EINVAL;
			goto fail;
		}
		nla_strscpy(r->subject, rtb[MOAT_LRULE_A_SUBJECT],
			    sizeof(r->subject));
		nla_strscpy(r->object, rtb[MOAT_LRULE_A_OBJECT],
			    sizeof(r->object));
		r->perms = nla_get_u32(rtb[MOAT_LRULE_A_PERMS]);
		if (moat_label_parse(r->subject, strlen(r->subject), &check) ||
		    strcmp(check.type, r->subject) ||
		    moat_label_parse(r->object, strlen(r->object), &check) ||
		    strcmp(check.type, r->object)) {
			NL_SET_ERR_MSG_ATTR(extack, nla, "not a type name");
			err = -EINVAL;
			goto fail;
		}
		lp->nrules++;
	}
	nla_for_each_attr(nla, head, len, rem) {
		struct nlattr *ftb[MOAT_LFS_A_MAX + 1];
		struct moat_label_fs *f;

		if (nla_type(nla) != MOAT_A_LABEL_FS)
			continue;
		if (lp->nfs == MOAT_LABEL_FS_MAX) {
			NL_SET_ERR_MSG_ATTR(extack, nla,
					    "too many fs_default statements");
			err = -E2BIG;
			goto fail;
		}
		err = nla_parse_nested(ftb, MOAT_LFS_A_MAX, nla, moat_lfs_policy,
				       extack);
		if (err)
			goto fail;
		if (!ftb[MOAT_LFS_A_FSTYPE] || !ftb[MOAT_LFS_A_TYPE]) {
			NL_SET_ERR_MSG_ATTR(extack, nla,
					    "fs_default without a file system or type");
			err = -EINVAL;
			goto fail;
		}
		f = &lp->fs[lp->nfs];
		nla_strscpy(f->fstype, ftb[MOAT_LFS_A_FSTYPE], sizeof(f->fstype));
		nla_strscpy(f->type, ftb[MOAT_LFS_A_TYPE], sizeof(f->type));
		if (!f->fstype[0] ||
		    moat_label_parse(f->type, strlen(f->type), &check) ||
		    strcmp(check.type, f->type)) {
			NL_SET_ERR_MSG_ATTR(extack, nla, "not a type name");
			err = -EINVAL;
			goto fail;
		}
		for (i = 0; i < lp->nfs; i++) {
			if (!strcmp(lp->fs[i].fstype, f->fstype)) {
				NL_SET_ERR_MSG_ATTR(extack, nla,
						    "two fs_default for one file system");
				err = -EINVAL;
				goto fail;
			}
		}
		lp->nfs++;
	}
	sort(lp->rules, lp->nrules, sizeof(lp->rules[0]), moat_lrule_cmp, NULL);
	for (i = 1; i < lp->nrules; i++) {
		if (!moat_lrule_cmp(&lp->rules[i - 1], &lp->rules[i])) {
			NL_SET_ERR_MSG(extack, "two label rules for one pair of types");
			err = -EINVAL;
			goto fail;
		}
	}
	return lp;
fail:
	kvfree(lp);
	return ERR_PTR(err);
}

/**
 * moat_labels_free() - free a label layer
 * @lp: from moat_labels_build(), or NULL
 *
 * Context: any context that may call kvfree().
 */
void moat_labels_free(struct moat_label_policy *lp)
{
	kvfree(lp);
}

/**
 * moat_label_allowed() - what a subject may do to an object
 * @lp: the subject's profile's label layer
 * @subj: the subject's label
 * @obj: the object's label; %NULL for a file without one (its file
 *	system's fs_default type, else the default type; no categories)
 * @fstype: the object's file system type name
 *
 * Context: any context; RCU read side keeps @lp alive.
 * Return: the MOAT_LABEL_* the rules grant, or 0 when the subject's
 *	categories do not include the object's.
 */
u32 moat_label_allowed(const struct moat_label_policy *lp,
		       const struct moat_label *subj,
		       const struct moat_label *obj, const char *fstype)
{
	const char *otype = lp->default_type;
	struct moat_label_rule key;
	const struct moat_label_rule *r;
	u32 i;

	if (obj && !bitmap_subset(obj->cats, subj->cats, MOAT_LABEL_CATS))
		return 0;
	if (obj) {
		otype = obj->type;
	} else {
		for (i = 0; i < lp->nfs; i++)
			if (!strcmp(lp->fs[i].fstype, fstype))
				otype = lp->fs[i].type;
	}
	strscpy(key.subject, subj->type, sizeof(key.subject));
	strscpy(key.object, otype, sizeof(key.object));
	r = bsearch(&key, lp->rules, lp->nrules, sizeof(lp->rules[0]),
		    moat_lrule_cmp);
	return r ? r->perms : 0;
}

/* ---- the per-inode cache ------------------------------------------------ */

/*
 * Bumped before and after every change of a security.moat: a label read
 * while it moved is not cached (moat_label_read() compares).
 */
atomic64_t moat_label_changes = ATOMIC64_INIT(0);

/**
 * moat_label_cache_changed() - a new security.moat of an inode is in place
 * @inode: the inode
 *
 * Context: any context; does not sleep.
 */
void moat_label_cache_changed(struct inode *inode)
{
	atomic64_inc(&moat_label_changes);
	moat_label_cache_forget(inode);
}

/**
 * moat_label_cache_put() - remember an inode's label
 * @inode: the inode
 * @labelled: whether it has a label
 * @label: the label, when @labelled
 * @gfp: allocation flags (GFP_NOFS inside a file system's create path)
 *
 * Context: process context; may sleep unless @gfp says otherwise. Without
 * memory the label is simply not cached: it is read again next time.
 */
void moat_label_cache_put(struct inode *inode, bool labelled,
			  const struct moat_label *label, gfp_t gfp)
{
	moat_label_cache_fill(inode, labelled, label, gfp, false, 0);
}

/* Parse and cache what __vfs_getxattr() returned. */
static int moat_label_read_done(struct inode *inode, const char *buf,
				ssize_t n, struct moat_label *out, s64 gen)
{
	if (n == -ENODATA || n == -EOPNOTSUPP) {
		moat_label_cache_fill(inode, false, NULL, GFP_KERNEL, true, gen);
		return 0;
	}
	if (n == -ERANGE || (n >= 0 && moat_label_parse(buf, n, out))) {
		memset(out, 0, sizeof(*out));
		bitmap_fill(out->cats, MOAT_LABEL_CATS);
		moat_label_cache_fill(inode, true, out, GFP_KERNEL, true, gen);
		return 1;
	}
	if (n < 0)
		return n;
	moat_label_cache_fill(inode, true, out, GFP_KERNEL, true, gen);
	return 1;
}

/**
 * moat_label_read() - an inode's label, from the cache or its xattr
 * @dentry: a dentry of the inode
 * @out: the label, when there is one
 *
 * A malformed label counts as a label nobody may use (type "", every
 * category): fail closed.
 *
 * Context: process context, may sleep (reads the xattr); no locks held.
 * Return: 1 if the inode has a label, 0 if it has none (or the file
 *	system keeps no xattrs), or a negative errno from reading it.
 */
int moat_label_read(struct dentry *dentry, struct moat_label *out)
{
	struct inode *inode = d_backing_inode(dentry);
	char stack[MOAT_NAME_MAX + 6 * 64], *buf = stack;
	size_t size = sizeof(stack);
	ssize_t n;
	s64 gen;
	int ret;

	if (!inode)
		return 0;
	ret = moat_label_cache_get(inode, out);
	if (ret != -ENOENT)
		return ret;
	gen = atomic64_read(&moat_label_changes);
	n = __vfs_getxattr(dentry, inode, MOAT_LABEL_XATTR, buf, size);
	if (n == -ERANGE) {
		/* a label with many scattered categories */
		size = MOAT_NAME_MAX + 6 * MOAT_LABEL_CATS;
		buf = kmalloc(size, GFP_KERNEL);
		if (!buf)
			return -ENOMEM;
		n = __vfs_getxattr(dentry, inode, MOAT_LABEL_XATTR, buf, size);
	}
	ret = moat_label_read_done(inode, buf, n, out, gen);
	if (buf != stack)
		kfree(buf);
	return ret;
}

/**
 * moat_label_write() - label an inode (a file a confined task created)
 * @dentry: a dentry of the inode
 * @label: the label to give it
 *
 * Context: process context, may sleep; takes the inode's lock.
 * Return: 0, -ENOMEM, or the error of setting the xattr (-EOPNOTSUPP where
 *	the file system keeps none).
 */
int moat_label_write(struct dentry *dentry, const struct moat_label *label)
{
	struct inode *inode = d_backing_inode(dentry);
	size_t size = MOAT_NAME_MAX + 6 * MOAT_LABEL_CATS, len;
	char *buf = kmalloc(size, GFP_KERNEL);
	int err;

	if (!buf)
		return -ENOMEM;
	len = moat_label_format(label, buf, size);
	inode_lock(inode);
	err = __vfs_setxattr(&init_user_ns, dentry, inode, MOAT_LABEL_XATTR,
			     buf, len, 0);
	inode_unlock(inode);
	kfree(buf);
	if (!err)
		moat_label_cache_put(inode, true, label, GFP_KERNEL);
	return err;
}

/**
 * moat_label_format() - a label's text
 * @label: the label
 * @buf: output
 * @size: bytes at @buf
 *
 * Categories ascending, runs of three or more as cA.cB, as moatctl prints.
 *
 * Context: any context.
 * Return: the length written, without a NUL.
 */
size_t moat_label_format(const struct moat_label *label, char *buf,
			 size_t size)
{
	unsigned int lo, hi = 0;
	size_t n;
	bool first = true;

	n = scnprintf(buf, size, "%s", label->type);
	for_each_set_bitrange(lo, hi, label->cats, MOAT_LABEL_CATS) {
		const char *sep = first ? ":" : ",";

		first = false;
		if (hi - lo >= 3)
			n += scnprintf(buf + n, size - n, "%sc%u.c%u", sep, lo,
				       hi - 1);
		else if (hi - lo == 2)
			n += scnprintf(buf + n, size - n, "%sc%u,c%u", sep, lo,
				       lo + 1);
		else
			n += scnprintf(buf + n, size - n, "%sc%u", sep, lo);
	}
	return n;
}
