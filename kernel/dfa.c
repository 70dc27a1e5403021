// SPDX-License-Identifier: GPL-2.0
/*
 * moat - the path layer's automaton: bounds check and match
 *
 * moatctl compiles a profile's file rules (AppArmor globs) into one
 * deterministic automaton over the bytes of a path, as apparmor_parser
 * does, so that a check costs one table lookup per byte whatever the number
 * of rules. The kernel never compiles: it receives the tables, checks every
 * entry against the table sizes before it accepts them, and then walks them
 * without further checks.
 */

#include <linux/errno.h>
#include <linux/mm.h>
#include <linux/overflow.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "moat.h"

/* Joins the repeated top-level attributes of one type into buf, in order. */
static int moat_dfa_gather(const struct nlattr *head, int len, int type,
			   void *buf, size_t size,
			   struct netlink_ext_ack *extack)
{
	const struct nlattr *nla;
	size_t off = 0;
	int rem;

	nla_for_each_attr(nla, head, len, rem) {
		if (nla_type(nla) != type)
			continue;
		if (nla_len(nla) > size - off) {
			NL_SET_ERR_MSG_ATTR(extack, nla,
					    "automaton pieces exceed states x classes");
			return -EINVAL;
		}
		memcpy(buf + off, nla_data(nla), nla_len(nla));
		off += nla_len(nla);
	}
	if (off != size) {
		NL_SET_ERR_MSG(extack,
			       "automaton pieces do not match states x classes");
		return -EINVAL;
	}
	return 0;
}

/**
 * moat_dfa_build() - check and copy an automaton from netlink attributes
 * @dfa: filled on success; moat_dfa_free() releases it
 * @paths: the attributes nested in %MOAT_A_PROFILE_PATHS, already parsed
 *	(indexed by &enum moat_path_attr) and validated by moat_path_policy
 * @head: the request's top-level attributes, holding the
 *	%MOAT_A_DFA_TRANS and %MOAT_A_DFA_ACCEPT pieces
 * @len: bytes at @head
 * @extack: extended ack for error messages, may be NULL
 *
 * Every transition must name a state below the state count, every class
 * map entry a class below the class count, the start state must exist and
 * state 0 must be dead (all its transitions to 0, nothing granted), and the
 * pieces must add up to exactly states x classes transitions and one
 * accept entry per state, with no permission bit moat does not know. After
 * this, moat_dfa_match() needs no checks.
 *
 * Context: process context, may sleep (GFP_KERNEL allocations).
 * Return: 0, or
 *	-EINVAL for a missing or inconsistent attribute (extack says which),
 *	-ENOMEM when memory runs out.
 */
int moat_dfa_build(struct moat_dfa *dfa, struct nlattr **paths,
		   const struct nlattr *head, int len,
		   struct netlink_ext_ack *extack)
{
	size_t ntrans, i;
	u32 s, c;
	int err;

	memset(dfa, 0, sizeof(*dfa));
	if (!paths[MOAT_PATH_A_DFA_STATES] || !paths[MOAT_PATH_A_DFA_CLASSES] ||
	    !paths[MOAT_PATH_A_DFA_START] || !paths[MOAT_PATH_A_DFA_CLASSMAP]) {
		NL_SET_ERR_MSG(extack,
			       "path layer without states, classes, start or class map");
		return -EINVAL;
	}
	dfa->nstates = nla_get_u32(paths[MOAT_PATH_A_DFA_STATES]);
	dfa->nclasses = nla_get_u32(paths[MOAT_PATH_A_DFA_CLASSES]);
	dfa->start = nla_get_u32(paths[MOAT_PATH_A_DFA_START]);
	if (dfa->start >= dfa->nstates) {
		NL_SET_ERR_MSG_ATTR(extack, paths[MOAT_PATH_A_DFA_START],
				    "start state out of range");
		return -EINVAL;
	}
	memcpy(dfa->classmap, nla_data(paths[MOAT_PATH_A_DFA_CLASSMAP]),
	       sizeof(dfa->classmap));
	for (i = 0; i < ARRAY_SIZE(dfa->classmap); i++) {
		if (dfa->classmap[i] >= dfa->nclasses) {
			NL_SET_ERR_MSG_ATTR(extack,
					    paths[MOAT_PATH_A_DFA_CLASSMAP],
					    "class map names a class out of range");
			return -EINVAL;
		}
	}

	/* Both counts are bounded by the policy (65535 x 256): no overflow. */
	ntrans = (size_t)dfa->nstates * dfa->nclasses;
	dfa->trans = kvmalloc_array(ntrans, sizeof(*dfa->trans),
				    GFP_KERNEL_ACCOUNT);
	dfa->accept = kvmalloc_array(dfa->nstates, sizeof(*dfa->accept),
				     GFP_KERNEL_ACCOUNT);
	if (!dfa->trans || !dfa->accept) {
		err = -ENOMEM;
		goto fail;
	}
	err = moat_dfa_gather(head, len, MOAT_A_DFA_TRANS, dfa->trans,
			      ntrans * sizeof(*dfa->trans), extack);
	if (!err)
		err = moat_dfa_gather(head, len, MOAT_A_DFA_ACCEPT, dfa->accept,
				      dfa->nstates * sizeof(*dfa->accept),
				      extack);
	if (err)
		goto fail;

	for (i = 0; i < ntrans; i++) {
		if (dfa->trans[i] >= dfa->nstates) {
			NL_SET_ERR_MSG(extack, "a transition leads to a state out of range");
			err = -EINVAL;
			goto fail;
		}
	}
	for (c = 0; c < dfa->nclasses; c++) {
		if (dfa->trans[c]) {
			NL_SET_ERR_MSG(extack, "state 0 is not dead: it has a transition");
			err = -EINVAL;
			goto fail;
		}
	}
	if (dfa->accept[0].allow || dfa->accept[0].allow_owner ||
	    dfa->accept[0].deny || dfa->accept[0].deny_owner) {
		NL_SET_ERR_MSG(extack, "state 0 is not dead: it grants or denies");
		err = -EINVAL;
		goto fail;
	}
	for (s = 0; s < dfa->nstates; s++) {
		const struct moat_dfa_accept *a = &dfa->accept[s];

		if ((a->allow | a->allow_owner | a->deny | a->deny_owner) &
		    ~MOAT_FILE_ALL) {
			NL_SET_ERR_MSG(extack, "an accept entry has unknown permission bits");
			err = -EINVAL;
			goto fail;
		}
	}
	return 0;
fail:
	moat_dfa_free(dfa);
	return err;
}

/**
 * moat_dfa_free() - release the tables of an automaton
 * @dfa: automaton filled by moat_dfa_build(), or zeroed
 *
 * Context: any context that may call kvfree().
 */
void moat_dfa_free(struct moat_dfa *dfa)
{
	kvfree(dfa->trans);
	kvfree(dfa->accept);
	dfa->trans = NULL;
	dfa->accept = NULL;
}

/**
 * moat_dfa_match() - walk a path through the automaton
 * @dfa: automaton accepted by moat_dfa_build()
 * @path: NUL-terminated path name
 *
 * One table lookup per byte of @path; stops early in the dead state.
 *
 * Context: any context; does not sleep.
 * Return: what the final state grants and denies.
 */
const struct moat_dfa_accept *moat_dfa_match(const struct moat_dfa *dfa,
					     const char *path)
{
	u32 state = dfa->start;
	const u8 *p = (const u8 *)path;

	while (*p && state)
		state = dfa->trans[state * dfa->nclasses + dfa->classmap[*p++]];
	return &dfa->accept[state];
}
