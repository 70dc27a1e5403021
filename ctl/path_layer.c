// SPDX-License-Identifier: GPL-2.0
/*
 * moatctl - the path layer: parse an AppArmor-syntax profile (apparmor.c),
 * compile its file rules into one automaton (dfa_compile.c)
 */

#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "profile.h"

/* The file rules of out->aa (parsed) into out->dfa; frees out->aa on failure. */
static int path_layer_build(struct path_layer *out, char *err, size_t errlen)
{
	struct dfa_rule *rules;
	size_t i;
	int ret;

	rules = calloc(out->aa.nfiles ? out->aa.nfiles : 1, sizeof(*rules));
	if (!rules) {
		snprintf(err, errlen, "out of memory");
		aa_profile_free(&out->aa);
		return -1;
	}
	for (i = 0; i < out->aa.nfiles; i++) {
		const struct aa_file_rule *r = &out->aa.files[i];

		rules[i] = (struct dfa_rule){
			.glob = r->glob,
			.perms = r->perms,
			.deny = r->deny,
			.owner = r->owner,
		};
	}
	ret = dfa_compile(rules, out->aa.nfiles, &out->dfa, err, errlen);
	free(rules);
	if (ret) {
		aa_profile_free(&out->aa);
		return -1;
	}
	return 0;
}

int path_layer_compile(const char *file, const struct aa_opts *opts,
		       struct path_layer *out, char *err, size_t errlen)
{
	memset(out, 0, sizeof(*out));
	if (aa_parse_file(file, opts, &out->aa, err, errlen))
		return -1;
	return path_layer_build(out, err, errlen);
}

/* The same from text; name stands for the file (messages, "..." includes). */
int path_layer_compile_string(const char *text, const char *name,
			      const struct aa_opts *opts,
			      struct path_layer *out, char *err, size_t errlen)
{
	memset(out, 0, sizeof(*out));
	if (aa_parse_string(text, name, opts, &out->aa, err, errlen))
		return -1;
	return path_layer_build(out, err, errlen);
}

void path_layer_free(struct path_layer *pl)
{
	aa_profile_free(&pl->aa);
	dfa_free(&pl->dfa);
}

/* What the kernel will grant for @path: the same rule as kernel/paths.c. */
uint32_t path_layer_decide(const struct path_layer *pl, const char *path,
			   bool owner, uint32_t *denied)
{
	const struct moat_dfa_accept *a = &pl->dfa.accept[dfa_match(&pl->dfa, path)];
	uint32_t allow = a->allow, deny = a->deny;

	if (owner) {
		allow |= a->allow_owner;
		deny |= a->deny_owner;
	}
	if (denied)
		*denied = deny;
	return allow & ~deny;
}

/* 1 if @file is a seccomp JSON profile (a ".json" name or a leading '{'). */
int file_is_seccomp_json(const char *file)
{
	const char *dot = strrchr(file, '.');
	FILE *f;
	int c;

	if (dot && !strcmp(dot, ".json"))
		return 1;
	f = fopen(file, "r");
	if (!f)
		return 0;
	while ((c = fgetc(f)) != EOF && isspace(c))
		;
	fclose(f);
	return c == '{';
}
