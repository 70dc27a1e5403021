/* SPDX-License-Identifier: GPL-2.0 */
/*
 * moatctl - AppArmor globs compiled into one deterministic automaton
 *
 * dfa_compile.c turns the file rules of a profile (globs with AppArmor's
 * meaning, variables already expanded) into the table the kernel walks:
 * a byte -> class map, a states x classes transition table of uint16_t,
 * and one struct moat_dfa_accept per state. State 0 is the dead state.
 */
#ifndef MOATCTL_DFA_H
#define MOATCTL_DFA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../kernel/uapi/moat.h"

struct dfa_rule {
	const char *glob;	/* AppArmor glob, variables expanded, starts with '/' */
	uint32_t perms;		/* MOAT_FILE_*; w implies a (the compiler adds it) */
	bool deny;
	bool owner;
};

struct dfa {
	uint32_t nstates;	/* including the dead state 0 */
	uint32_t nclasses;
	uint32_t start;
	uint8_t classmap[256];
	uint16_t *trans;	/* nstates * nclasses, row-major */
	struct moat_dfa_accept *accept;	/* nstates */
};

/*
 * Check one glob's syntax. Returns 0, or -1 with a message in err
 * (e.g. "unbalanced '{'", "empty character class").
 */
int glob_check(const char *glob, char *err, size_t errlen);

/*
 * Compile rules into *out (minimised). Returns 0, or -1 with a message in
 * err naming the offending rule's glob (syntax) or the size limit
 * (more than MOAT_DFA_STATES_MAX states).
 */
int dfa_compile(const struct dfa_rule *rules, size_t n, struct dfa *out,
		char *err, size_t errlen);
void dfa_free(struct dfa *d);

/* Walk path (NUL-terminated) from the start state; returns the final state. */
uint32_t dfa_match(const struct dfa *d, const char *path);

#endif
