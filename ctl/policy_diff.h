/* SPDX-License-Identifier: GPL-2.0 */
/*
 * moatctl - what one compiled profile decides differently from another
 *
 * policy_diff.c compares by behaviour, never by representation: the
 * syscall layer decision by decision (sys_decide() on every ABI and
 * number), the path layer by walking the product of the two automata.
 * moatctl diff prints the results; moatctl derive checks with them that a
 * derived profile differs from its base by exactly the holes asked for.
 */
#ifndef MOATCTL_POLICY_DIFF_H
#define MOATCTL_POLICY_DIFF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "profile.h"

/*
 * One difference of the syscall layer. sign: '+' B allows more (ALLOW over
 * ARGS over ERRNO), '-' B allows less, '~' neither (another errno, other
 * argument rules). A run of numbers no syscall has on the ABI (the ENOSYS
 * boundary moved) is one entry, nr..nr_last, name NULL. abi_only: the ABI
 * is in one profile only (a, b say which).
 */
struct sys_diff_entry {
	enum moat_abi abi;
	uint32_t nr, nr_last;
	const char *name;
	const char *a, *b;
	char sign;
	bool abi_only;
};

typedef void (*sys_diff_fn)(const struct sys_diff_entry *e, void *arg);

/* Calls fn for every difference; returns their count, or -1 (no memory). */
long sys_profile_diff(const struct sys_profile *a, const struct sys_profile *b,
		      sys_diff_fn fn, void *arg);
/* "+ x86_64 250 keyctl: ERRNO(1) -> ALLOW" (arg: a FILE *). */
void sys_diff_print(const struct sys_diff_entry *e, void *file);
/* The libseccomp name of nr on abi (x32 without the x32 bit), or NULL: free() it. */
char *sys_name(enum moat_abi abi, uint32_t nr);
/* libseccomp's architecture token for an ABI. */
uint32_t sys_scmp_arch(enum moat_abi abi);

/*
 * One difference of the path layer: a pair of automaton states (one per
 * profile) whose grants differ, the shortest path name reaching it, and
 * what each grants (MOAT_FILE_*) to a task that is not / is the owner.
 * on_literal: the name is exactly the literal given to path_dfa_diff().
 */
struct path_diff_entry {
	const char *witness;	/* NUL-terminated; never holds a NUL byte */
	size_t len;
	uint32_t a, a_owner, b, b_owner;
	bool on_literal;
};

typedef void (*path_diff_fn)(const struct path_diff_entry *e, void *arg);

/*
 * Walks every pair of states reachable by one name in both automata (BFS
 * from the start states) and calls fn for each pair whose grants differ.
 * literal (may be NULL) is tracked alongside: pairs reached by exactly that
 * name are reported with on_literal, and apart from those reached by other
 * names too. dedupe: a pair is not reported if a shorter prefix of its
 * witness was reported with the same change ("and everything below"); the
 * count of those is added to *suppressed. Returns the number of differing
 * pairs (reported or not), or -1 (no memory).
 */
long path_dfa_diff(const struct dfa *a, const struct dfa *b,
		   const char *literal, bool dedupe, path_diff_fn fn,
		   void *arg, size_t *suppressed);

/* What a DFA state grants: non-owner and owner. */
void dfa_state_grants(const struct dfa *d, uint32_t s, uint32_t *g,
		      uint32_t *g_owner);

/* "rwa" for MOAT_FILE_* bits ("-" for none); buf of 8 bytes at least. */
void file_perms_str(uint32_t perms, char *buf);
/* MOAT_FILE_* from "rwalkmx" letters; -1 on another letter. */
int file_perms_parse(const char *s, uint32_t *perms);
/* A path name for humans: as is if printable without blanks or quotes, else quoted with \xNN. */
void path_print(FILE *f, const char *s, size_t len);

/*
 * The rules besides file rules: capabilities, network families, mount,
 * flags, signal and ptrace rules. Prints one '+'/'-'/'~' line per
 * difference to out (may be NULL); returns their count.
 */
long aa_rules_diff(const struct aa_profile *a, const struct aa_profile *b,
		   FILE *out);

#endif
