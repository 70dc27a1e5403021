// SPDX-License-Identifier: GPL-2.0
/*
 * moatctl diff - what one profile allows that another does not
 *
 * Both files are compiled as load would compile them and compared by
 * decision (policy_diff.c). Exit status as diff(1): 0 the same, 1 they
 * differ, 2 trouble.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include "moatctl.h"
#include "policy_diff.h"

#define PATH_LINES_MAX 50

/*
 * --cap-add, --cap-drop, --kernel as compile has them, for diff and derive:
 * add and drop are collected by the caller, resolved here.
 */
int policy_opts_resolve(const char *cmd, char *const *add, size_t nadd,
			char *const *drop, size_t ndrop, bool kernel_given,
			struct seccomp_opts *opts)
{
	char err[256];

	opts->caps = seccomp_docker_default_caps();
	if (seccomp_caps_tweak(&opts->caps, add, nadd, drop, ndrop, err,
			       sizeof(err))) {
		fprintf(stderr, "%s: %s: %s\n", PROG, cmd, err);
		return -1;
	}
	if (!kernel_given) {
		struct utsname u;

		/* As Docker does: the running kernel's major.minor. */
		if (uname(&u) == 0)
			sscanf(u.release, "%u.%u", &opts->kernel_major,
			       &opts->kernel_minor);
	}
	return 0;
}

int policy_kernel_arg(const char *cmd, const char *arg,
		      struct seccomp_opts *opts)
{
	if (parse_kernel_version(arg, &opts->kernel_major, &opts->kernel_minor)) {
		fprintf(stderr, "%s: %s: --kernel wants MAJOR.MINOR (as Docker compares minKernel), not \"%s\"\n",
			PROG, cmd, arg);
		return -1;
	}
	return 0;
}

struct path_print_ctx {
	FILE *out;
	size_t lines;
	size_t more;
};

static void path_diff_print(const struct path_diff_entry *e, void *arg)
{
	struct path_print_ctx *c = arg;
	uint32_t gained = (e->b & ~e->a) | (e->b_owner & ~e->a_owner);
	uint32_t lost = (e->a & ~e->b) | (e->a_owner & ~e->b_owner);
	char a[8], b[8], ao[8], bo[8];

	if (c->lines >= PATH_LINES_MAX) {
		c->more++;
		return;
	}
	c->lines++;
	file_perms_str(e->a, a);
	file_perms_str(e->b, b);
	file_perms_str(e->a_owner, ao);
	file_perms_str(e->b_owner, bo);
	fprintf(c->out, "%c ", gained && lost ? '~' : gained ? '+' : '-');
	path_print(c->out, e->witness, e->len);
	fprintf(c->out, ": %s -> %s", a, b);
	if (e->a != e->a_owner || e->b != e->b_owner)
		fprintf(c->out, "; owner: %s -> %s", ao, bo);
	fputc('\n', c->out);
}

static int diff_json(const char *fa, const char *fb,
		     const struct seccomp_opts *opts)
{
	struct sys_profile a, b;
	char err[512];
	long n;

	if (seccomp_json_compile_file(fa, opts, &a, NULL, err, sizeof(err))) {
		fprintf(stderr, "%s: diff: %s\n", PROG, err);
		return 2;
	}
	if (seccomp_json_compile_file(fb, opts, &b, NULL, err, sizeof(err))) {
		fprintf(stderr, "%s: diff: %s\n", PROG, err);
		sys_profile_free(&a);
		return 2;
	}
	if (a.default_action != b.default_action || a.default_err != b.default_err)
		printf("# default action: %s(%u) -> %s(%u) (shown per syscall below)\n",
		       a.default_action == MOAT_ACT_ALLOW ? "ALLOW" : "ERRNO",
		       a.default_err,
		       b.default_action == MOAT_ACT_ALLOW ? "ALLOW" : "ERRNO",
		       b.default_err);
	n = sys_profile_diff(&a, &b, sys_diff_print, stdout);
	sys_profile_free(&a);
	sys_profile_free(&b);
	if (n < 0) {
		fprintf(stderr, "%s: diff: out of memory\n", PROG);
		return 2;
	}
	return n ? 1 : 0;
}

static int diff_apparmor(const char *fa, const char *fb)
{
	struct path_print_ctx ctx = { .out = stdout };
	struct path_layer a, b;
	size_t suppressed = 0;
	long n, m;
	char err[1024];

	if (path_layer_compile(fa, NULL, &a, err, sizeof(err))) {
		fprintf(stderr, "%s: diff: %s\n", PROG, err);
		return 2;
	}
	if (path_layer_compile(fb, NULL, &b, err, sizeof(err))) {
		fprintf(stderr, "%s: diff: %s\n", PROG, err);
		path_layer_free(&a);
		return 2;
	}
	m = aa_rules_diff(&a.aa, &b.aa, stdout);
	n = path_dfa_diff(&a.dfa, &b.dfa, NULL, true, path_diff_print, &ctx,
			  &suppressed);
	path_layer_free(&a);
	path_layer_free(&b);
	if (n < 0 || m < 0) {
		fprintf(stderr, "%s: diff: out of memory\n", PROG);
		return 2;
	}
	if (ctx.more)
		printf("# ... and %zu more paths that differ (the first %d shown)\n",
		       ctx.more, PATH_LINES_MAX);
	if (suppressed)
		printf("# %zu more automaton states differ below the paths shown, in the same way\n",
		       suppressed);
	return n || m ? 1 : 0;
}

int cmd_diff(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "cap-add", required_argument, NULL, 'a' },
		{ "cap-drop", required_argument, NULL, 'd' },
		{ "kernel", required_argument, NULL, 'k' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	char **add = calloc(argc, sizeof(char *));
	char **drop = calloc(argc, sizeof(char *));
	struct seccomp_opts opts = { 0 };
	size_t nadd = 0, ndrop = 0;
	bool kernel_given = false;
	int c, ret = 2, ja, jb;
	const char *fa, *fb;

	if (!add || !drop)
		goto out;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'a':
			add[nadd++] = optarg;
			break;
		case 'd':
			drop[ndrop++] = optarg;
			break;
		case 'k':
			if (policy_kernel_arg("diff", optarg, &opts))
				goto out;
			kernel_given = true;
			break;
		case 'h':
			help_of("diff");
			ret = 0;
			goto out;
		default:
			bad_option("diff", argv);
			goto out;
		}
	}
	if (argc - optind != 2) {
		fprintf(stderr, "%s: diff: give two profile files, A and B\n", PROG);
		usage_of("diff");
		goto out;
	}
	fa = argv[optind];
	fb = argv[optind + 1];
	if (policy_opts_resolve("diff", add, nadd, drop, ndrop, kernel_given,
				&opts))
		goto out;
	ja = file_is_seccomp_json(fa);
	jb = file_is_seccomp_json(fb);
	if (ja != jb) {
		fprintf(stderr, "%s: diff: \"%s\" is %s but \"%s\" is %s: compare two of a kind\n",
			PROG, fa, ja ? "a seccomp JSON" : "AppArmor-syntax text",
			fb, jb ? "a seccomp JSON" : "AppArmor-syntax text");
		goto out;
	}
	{
		const char *dot_a = strrchr(fa, '.'), *dot_b = strrchr(fb, '.');

		if ((dot_a && !strcmp(dot_a, ".labels")) ||
		    (dot_b && !strcmp(dot_b, ".labels"))) {
			fprintf(stderr, "%s: diff: label policies are not compared (diff them as text)\n",
				PROG);
			goto out;
		}
	}
	if (!ja && (nadd || ndrop || kernel_given)) {
		fprintf(stderr, "%s: diff: --cap-add, --cap-drop and --kernel apply to seccomp JSON profiles\n",
			PROG);
		goto out;
	}
	fflush(stdout);
	ret = ja ? diff_json(fa, fb, &opts) : diff_apparmor(fa, fb);
out:
	free(add);
	free(drop);
	return ret;
}
