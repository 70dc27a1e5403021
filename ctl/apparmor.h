/* SPDX-License-Identifier: GPL-2.0 */
/*
 * moatctl - the AppArmor profile language, as far as moat speaks it
 *
 * apparmor.c parses one profile (with its includes and variables) into
 * this form. Documentation/profile-language.rst lists the subset; anything
 * outside it is an error naming file, line and construct.
 */
#ifndef MOATCTL_APPARMOR_H
#define MOATCTL_APPARMOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../kernel/uapi/moat.h"

struct aa_file_rule {
	char *glob;		/* variables expanded: one rule per combination */
	uint32_t perms;		/* MOAT_FILE_*; exec modes (ix, px, ...) are x */
	bool deny;
	bool owner;
	const char *file;	/* where the rule was written (owned by the profile) */
	int line;
};

struct aa_peer_rule {
	uint8_t class;		/* enum moat_peer_class */
	bool deny;
	uint32_t perms;		/* MOAT_SIGNAL_* / MOAT_PTRACE_*; no list: all */
	bool has_signals;	/* set=(...) given */
	uint64_t signals;	/* bit n - 1 for signal n, 1..64 */
	bool signal_exists;	/* set=(... "exists" ...) */
	char *peer;		/* NULL: any peer */
	const char *file;
	int line;
};

struct aa_profile {
	char *name;		/* as written, without quotes */
	uint32_t flags;		/* MOAT_PATH_F_* */
	struct aa_file_rule *files;
	size_t nfiles;
	struct aa_peer_rule *peers;
	size_t npeers;
	uint64_t cap_allow, cap_deny;	/* bit per CAP_* */
	uint64_t net_allow, net_deny;	/* bit per AF_* */
	uint32_t mount_allow, mount_deny;	/* MOAT_MNT_* */
	char **notes;		/* accepted rules moat does not mediate, one line each */
	size_t nnotes;
	char **sources;		/* every file read, for rule->file */
	size_t nsources;
};

struct aa_opts {
	const char *include_dir;	/* NULL: /etc/apparmor.d */
};

/*
 * Parse the profile in path. Returns 0, or -1 with "FILE:LINE: message" in
 * err (the message names the construct that is not understood).
 */
int aa_parse_file(const char *path, const struct aa_opts *opts,
		  struct aa_profile *out, char *err, size_t errlen);
/* The same from a string; name is used as FILE in messages and for "..." includes. */
int aa_parse_string(const char *text, const char *name,
		    const struct aa_opts *opts, struct aa_profile *out,
		    char *err, size_t errlen);
void aa_profile_free(struct aa_profile *p);
/* A network family's name as rules write it ("inet", "alg"), or NULL. */
const char *aa_family_name(int af);

#endif
