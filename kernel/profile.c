// SPDX-License-Identifier: GPL-2.0
/*
 * moat - named profiles and atomic replacement
 *
 * A profile is a name and a pointer to its current ruleset. Loading under an
 * existing name builds the new ruleset first, then swaps the pointer with
 * RCU: a task sees either the old ruleset or the new one, never a mix, and
 * a load that fails leaves the old one in place untouched. Attachments point
 * at the profile, not at a ruleset, so a replace reaches every attached
 * cgroup at once.
 *
 * All changes happen under moat_policy_lock; the hooks only read, under RCU.
 */

#define pr_fmt(fmt) "moat: " fmt

#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <net/netlink.h>

#include "moat.h"

/* Serialises every change to profiles and attachments; hooks never take it. */
DEFINE_MUTEX(moat_policy_lock);

static LIST_HEAD(moat_profiles);
static unsigned int moat_nr_profiles;

static bool moat_name_alnum(char c)
{
	/* ASCII only: the kernel's isalnum() also takes Latin-1 letters. */
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9');
}

/**
 * moat_profile_name_valid() - check a profile name
 * @name: NUL-terminated string of less than %MOAT_NAME_MAX bytes
 *
 * Names appear in logs and in moatctl's output, so they are kept to
 * 1..63 bytes of [A-Za-z0-9_.:-], starting with a letter or digit.
 *
 * Context: any context.
 * Return: 0 if valid, -EINVAL if not.
 */
int moat_profile_name_valid(const char *name)
{
	size_t i;

	if (!moat_name_alnum(name[0]))
		return -EINVAL;
	for (i = 0; name[i]; i++)
		if (!moat_name_alnum(name[i]) && !strchr("_.:-", name[i]))
			return -EINVAL;
	return i < MOAT_NAME_MAX ? 0 : -EINVAL;
}

/**
 * moat_profile_find() - look a profile up by name
 * @name: NUL-terminated profile name
 *
 * Context: moat_policy_lock held.
 * Return: the profile, or NULL if none has that name.
 */
struct moat_profile *moat_profile_find(const char *name)
{
	struct moat_profile *profile;

	lockdep_assert_held(&moat_policy_lock);
	list_for_each_entry(profile, &moat_profiles, node)
		if (!strcmp(profile->name, name))
			return profile;
	return NULL;
}

/**
 * moat_profile_load() - create a profile or atomically replace its ruleset
 * @name: valid profile name (see moat_profile_name_valid())
 * @rs: ruleset from moat_ruleset_build(), not yet published
 * @flags: MOAT_LOAD_F_* flags
 * @extack: extended ack for error messages, may be NULL
 *
 * On success the profile owns @rs and the ruleset it replaced, if any, is
 * freed after an RCU grace period; tasks in attached cgroups are decided by
 * @rs from their next syscall. On failure nothing changed and the caller
 * still owns @rs.
 *
 * Context: process context, moat_policy_lock held; may sleep.
 * Return: 0 on success,
 *	-EEXIST if the name is taken and @flags has %MOAT_LOAD_F_NOREPLACE,
 *	-ENOSPC if %MOAT_PROFILES_MAX profiles are loaded already,
 *	-ENOMEM when memory runs out.
 */
int moat_profile_load(const char *name, struct moat_ruleset *rs, u32 flags,
		      struct netlink_ext_ack *extack)
{
	struct moat_profile *profile;
	struct moat_ruleset *old;

	lockdep_assert_held(&moat_policy_lock);
	profile = moat_profile_find(name);
	if (profile) {
		if (flags & MOAT_LOAD_F_NOREPLACE) {
			NL_SET_ERR_MSG(extack, "a profile with that name is loaded");
			return -EEXIST;
		}
		old = rcu_replace_pointer(profile->ruleset, rs,
					  lockdep_is_held(&moat_policy_lock));
		profile->generation++;
		moat_ruleset_free_deferred(old);
		return 0;
	}

	if (moat_nr_profiles >= MOAT_PROFILES_MAX) {
		NL_SET_ERR_MSG(extack, "too many profiles loaded");
		return -ENOSPC;
	}
	profile = kzalloc(sizeof(*profile), GFP_KERNEL_ACCOUNT);
	if (!profile)
		return -ENOMEM;
	strscpy(profile->name, name, sizeof(profile->name));
	RCU_INIT_POINTER(profile->ruleset, rs);
	profile->generation = 1;
	list_add_tail(&profile->node, &moat_profiles);
	moat_nr_profiles++;
	return 0;
}

static void moat_profile_free(struct moat_profile *profile)
{
	list_del(&profile->node);
	moat_nr_profiles--;
	/*
	 * A syscall that found this profile through an attachment detached
	 * a moment ago may still be reading it: free after a grace period.
	 */
	moat_ruleset_free_deferred(rcu_dereference_protected(profile->ruleset, true));
	kfree_rcu(profile, rcu);
}

/**
 * moat_profile_remove() - remove a profile that no cgroup is attached to
 * @name: NUL-terminated profile name
 * @extack: extended ack for error messages, may be NULL
 *
 * A profile in use is never removed from under a cgroup: detach first.
 *
 * Context: process context, moat_policy_lock held.
 * Return: 0 on success, -ENOENT if no profile has that name, -EBUSY if a
 *	cgroup is attached to it.
 */
int moat_profile_remove(const char *name, struct netlink_ext_ack *extack)
{
	struct moat_profile *profile;

	lockdep_assert_held(&moat_policy_lock);
	profile = moat_profile_find(name);
	if (!profile) {
		NL_SET_ERR_MSG(extack, "no profile with that name");
		return -ENOENT;
	}
	if (profile->attachments) {
		NL_SET_ERR_MSG(extack, "profile is attached to a cgroup: detach it first");
		return -EBUSY;
	}
	moat_profile_free(profile);
	return 0;
}

/**
 * moat_profile_count() - number of loaded profiles
 *
 * Context: moat_policy_lock held.
 * Return: the count.
 */
unsigned int moat_profile_count(void)
{
	lockdep_assert_held(&moat_policy_lock);
	return moat_nr_profiles;
}

/**
 * moat_profile_list() - the list of loaded profiles, in load order
 *
 * Context: moat_policy_lock held while the list is walked.
 * Return: the list head; entries are &struct moat_profile.node.
 */
struct list_head *moat_profile_list(void)
{
	lockdep_assert_held(&moat_policy_lock);
	return &moat_profiles;
}

/**
 * moat_profiles_free_all() - free every profile at module exit
 *
 * Context: process context, moat_policy_lock held, after every attachment
 * was detached.
 */
void moat_profiles_free_all(void)
{
	struct moat_profile *profile, *next;

	lockdep_assert_held(&moat_policy_lock);
	list_for_each_entry_safe(profile, next, &moat_profiles, node) {
		WARN_ON_ONCE(profile->attachments);
		moat_profile_free(profile);
	}
}
