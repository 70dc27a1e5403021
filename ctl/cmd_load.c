// SPDX-License-Identifier: GPL-2.0
/*
 * moatctl load - compile a profile's layers and load them as one profile
 *
 * A seccomp JSON gives the syscall layer, an AppArmor-syntax profile the
 * path layer; either or both, in one atomic load.
 * A file that does not compile never reaches the kernel; a profile the
 * kernel refuses leaves the loaded one as it was (the kernel swaps only a
 * fully built ruleset in).
 */

#define _GNU_SOURCE
#include <errno.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "moatctl.h"

struct readback {
	const char *name;
	long rules;
	uint32_t dfa_states;
};

static int find_rules(const struct ipc_profile *p, void *arg)
{
	struct readback *rb = arg;

	if (!strcmp(p->name, rb->name)) {
		rb->rules = p->rules;
		rb->dfa_states = p->dfa_states;
	}
	return 0;
}

/*
 * load_files() - what 'moatctl load' does, for load and for 'moatctl run'
 * @argc, @argv: load's arguments (files and options); argv[0] is skipped
 * @cmd: the command named in messages ("load", "run")
 * @out: where the "loaded profile" line goes; NULL: nowhere (run, which
 *	keeps the command's output its own)
 *
 * Return: 0 on success, 1 on an error (reported), 2 after --help.
 */
int load_files(int argc, char **argv, const char *cmd, FILE *out)
{
	struct seccomp_report rep;
	struct compile_args ca;
	struct ipc_status st;
	struct sys_profile p;
	struct path_layer pl;
	struct label_policy lp;
	struct ipc *ipc;
	char lerr[512];
	size_t rules = 0;
	char *name = NULL;
	int abi, ret, err;

	ret = compile_args_parse(argc, argv, cmd, &ca);
	if (ret)
		return ret == 2 ? 2 : 1;
	ret = 1;
	memset(&p, 0, sizeof(p));
	memset(&pl, 0, sizeof(pl));
	memset(&lp, 0, sizeof(lp));
	if (ca.label_file &&
	    label_policy_parse_file(ca.label_file, &lp, lerr, sizeof(lerr))) {
		fprintf(stderr, "%s: %s: %s\n", PROG, cmd, lerr);
		compile_args_free(&ca);
		return 1;
	}
	/* The files first: a broken file is reported whether moat is loaded or not. */
	if (ca.aa_file && compile_paths_run(cmd, &ca, &pl)) {
		label_policy_free(&lp);
		compile_args_free(&ca);
		return 1;
	}
	if (ca.name)
		name = strdup(ca.name);
	else if (ca.aa_file)
		name = strdup(pl.aa.name);
	else
		name = profile_name_from_file(ca.file ? ca.file : ca.label_file);
	if (!name)
		goto out_paths;
	if (!strcmp(name, "unconfined")) {
		fprintf(stderr, "%s: %s: \"unconfined\" is reserved: it is the label of tasks outside every profile (--name NAME)\n",
			PROG, cmd);
		goto out_paths;
	}
	if (profile_name_check(name)) {
		fprintf(stderr, "%s: %s: \"%s\" is not a profile name: use 1..63 of [A-Za-z0-9_.:-], starting with a letter or digit (--name NAME)\n",
			PROG, cmd, name);
		goto out_paths;
	}
	if (compile_args_run(cmd, &ca, &p, &rep))
		goto out_paths;
	if (ipc_connect(cmd, &ipc))
		goto out_sys;
	if (ca.file && !ca.kernel_given) {
		unsigned int major, minor;

		/* minKernel is about the kernel moat enforces on. */
		err = ipc_status(ipc, &st);
		if (err) {
			report_error(cmd, ipc, err);
			goto out;
		}
		major = st.kernel_version >> 16;
		minor = (st.kernel_version >> 8) & 0xff;
		if (major != ca.opts.kernel_major || minor != ca.opts.kernel_minor) {
			sys_profile_free(&p);
			ca.opts.kernel_major = major;
			ca.opts.kernel_minor = minor;
			if (compile_args_run(cmd, &ca, &p, &rep))
				goto out;
		}
	}
	if (ca.file)
		compile_note(cmd, &ca, &rep);
	err = ipc_load(ipc, name, ca.file ? &p : NULL, ca.aa_file ? &pl : NULL,
		       ca.label_file ? &lp : NULL,
		       ca.no_replace ? MOAT_LOAD_F_NOREPLACE : 0);
	for (abi = 0; abi < __MOAT_ABI_COUNT; abi++)
		rules += p.abi[abi].present ? p.abi[abi].nrules : 0;
	if (!err) {
		/* Read the profile back: the kernel must hold everything sent. */
		struct readback rb = { .name = name, .rules = -1 };

		err = ipc_profiles(ipc, find_rules, &rb);
		if (!err && (rb.rules != (long)rules ||
			     rb.dfa_states != (ca.aa_file ? pl.dfa.nstates : 0))) {
			fprintf(stderr, "%s: %s: the kernel holds %ld rules and %u path states of profile %s; %zu and %u were sent\n",
				PROG, cmd, rb.rules, rb.dfa_states, name, rules,
				ca.aa_file ? pl.dfa.nstates : 0);
			goto out;
		}
	}
	if (err) {
		report_error(cmd, ipc, err);
		goto out;
	}
	ret = 0;
	if (!out)
		goto out;	/* run: quiet */
	fprintf(out, "loaded profile %s:", name);
	if (ca.file) {
		fprintf(out, " syscall layer %zu rules (", rules);
		for (abi = 0; abi < __MOAT_ABI_COUNT; abi++) {
			if (!p.abi[abi].present)
				continue;
			fprintf(out, "%s%s %zu", abi ? ", " : "",
				abi_name(abi), p.abi[abi].nrules);
			if (p.abi[abi].enosys_from)
				fprintf(out, " ENOSYS>=%u", p.abi[abi].enosys_from);
		}
		fprintf(out, ")%s", ca.aa_file ? ";" : "");
	}
	if (ca.aa_file)
		fprintf(out, " path layer %zu file rules in %u states, %zu signal/ptrace rules%s",
			pl.aa.nfiles, pl.dfa.nstates, pl.aa.npeers,
			ca.label_file ? ";" : "");
	if (ca.label_file)
		fprintf(out, " label layer %zu rules, default type %s",
			lp.nrules, lp.default_type);
	fprintf(out, "\n");
out:
	ipc_close(ipc);
out_sys:
	sys_profile_free(&p);
out_paths:
	if (ca.aa_file)
		path_layer_free(&pl);
	label_policy_free(&lp);
	compile_args_free(&ca);
	free(name);
	return ret;
}

int cmd_load(int argc, char **argv)
{
	int ret = load_files(argc, argv, "load", stdout);

	return ret == 2 ? 0 : ret;
}
