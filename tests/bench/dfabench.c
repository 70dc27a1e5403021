// SPDX-License-Identifier: GPL-2.0
/*
 * dfabench - the path layer's automaton walk alone, on the host CPU
 *
 * usage: dfabench PROFILE.apparmor
 *
 * Compiles the profile's file rules as moatctl does and times
 * dfa_match() (the same loop as kernel/dfa.c's moat_dfa_match()) over
 * paths of growing length, for the automaton of the profile and for one
 * with ten times the rules. Prints ns per path byte: a check costs time
 * proportional to the path's length, not to the number of rules.
 */

#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../../ctl/profile.h"

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static void bench(const char *what, const struct dfa *d)
{
	static const size_t lengths[] = { 32, 64, 256, 1024, 4000 };
	static char path[4096];
	volatile uint32_t sink = 0;
	size_t i, k;

	printf("# %s: %u states, %u classes\n", what, d->nstates, d->nclasses);
	for (i = 0; i < sizeof(lengths) / sizeof(lengths[0]); i++) {
		size_t len = lengths[i], iters = 20000000 / len;
		double t0, ns;

		/* /proc/sys/kernel/aaaa...: a path the automaton walks to its end */
		strcpy(path, "/proc/sys/kernel/");
		memset(path + 17, 'a', len - 17);
		path[len] = '\0';
		t0 = now_ns();
		for (k = 0; k < iters; k++)
			sink += dfa_match(d, path);
		ns = (now_ns() - t0) / iters;
		printf("%s\t%zu bytes\t%.1f ns\t%.3f ns/byte\n", what, len, ns,
		       ns / len);
	}
	(void)sink;
}

int main(int argc, char **argv)
{
	struct path_layer pl;
	struct dfa_rule *rules;
	struct dfa big;
	char err[1024];
	size_t i, n;

	if (argc != 2) {
		fprintf(stderr, "usage: dfabench PROFILE.apparmor\n");
		return 2;
	}
	if (path_layer_compile(argv[1], NULL, &pl, err, sizeof(err))) {
		fprintf(stderr, "dfabench: %s\n", err);
		return 1;
	}
	bench("profile", &pl.dfa);

	/* ten times the rules: the profile's, plus nine renamed copies */
	n = pl.aa.nfiles * 10;
	rules = calloc(n, sizeof(*rules));
	if (!rules)
		return 1;
	for (i = 0; i < n; i++) {
		const struct aa_file_rule *r = &pl.aa.files[i % pl.aa.nfiles];
		char *g;

		if (i < pl.aa.nfiles)
			g = strdup(r->glob);
		else if (asprintf(&g, "/copy%zu%s", i / pl.aa.nfiles, r->glob) < 0)
			return 1;
		rules[i] = (struct dfa_rule){ g, r->perms, r->deny, r->owner };
	}
	if (dfa_compile(rules, n, &big, err, sizeof(err))) {
		fprintf(stderr, "dfabench: %s\n", err);
		return 1;
	}
	bench("10x rules", &big);
	for (i = 0; i < n; i++)
		free((char *)rules[i].glob);
	free(rules);
	dfa_free(&big);
	path_layer_free(&pl);
	return 0;
}
