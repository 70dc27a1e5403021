/* SPDX-License-Identifier: GPL-2.0 */
#ifndef MOATCTL_H
#define MOATCTL_H

#include <stdbool.h>
#include <stdio.h>

#include "ipc.h"
#include "labels.h"
#include "seccomp_json.h"

#define PROG "moatctl"

struct command {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *usage;
	const char *help;
	const char *options;
};

int cmd_status(int argc, char **argv);
int cmd_load(int argc, char **argv);
int cmd_compile(int argc, char **argv);
int cmd_remove(int argc, char **argv);
int cmd_list(int argc, char **argv);
int cmd_attach(int argc, char **argv);
int cmd_detach(int argc, char **argv);
int cmd_label(int argc, char **argv);
int cmd_mode(int argc, char **argv);
int cmd_monitor(int argc, char **argv);
int cmd_diff(int argc, char **argv);
int cmd_derive(int argc, char **argv);
int cmd_run(int argc, char **argv);
int cmd_oci_hook(int argc, char **argv);

/* Options shared by load and compile: how Docker would start the container. */
struct compile_args {
	const char *file;	/* seccomp JSON: the syscall layer, or NULL */
	const char *aa_file;	/* AppArmor-syntax text: the path layer, or NULL */
	const char *label_file;	/* label policy (.labels): the label layer, or NULL */
	const char **paths;	/* compile --path: names to decide */
	int npaths;
	const char *name;
	struct seccomp_opts opts;
	bool kernel_given;
	bool kernel_from_uname;
	bool no_replace;
	bool verbose;
	const char *abi;
};

int compile_args_parse(int argc, char **argv, const char *cmd,
		       struct compile_args *ca);
int compile_args_run(const char *cmd, const struct compile_args *ca,
		     struct sys_profile *out, struct seccomp_report *rep);
int compile_paths_run(const char *cmd, const struct compile_args *ca,
		      struct path_layer *out);
void compile_args_free(struct compile_args *ca);
int load_files(int argc, char **argv, const char *cmd, FILE *out);
void compile_note(const char *cmd, const struct compile_args *ca,
		  const struct seccomp_report *rep);

/* diff and derive: --cap-add/--cap-drop/--kernel resolved as compile does */
int policy_opts_resolve(const char *cmd, char *const *add, size_t nadd,
			char *const *drop, size_t ndrop, bool kernel_given,
			struct seccomp_opts *opts);
int policy_kernel_arg(const char *cmd, const char *arg,
		      struct seccomp_opts *opts);

void usage_of(const char *cmd);
void help_of(const char *cmd);
int bad_option(const char *cmd, char **argv);
int parse_kernel_version(const char *s, unsigned int *major,
			 unsigned int *minor);
int ipc_connect(const char *cmd, struct ipc **ipc);
int report_error(const char *cmd, const struct ipc *ipc, int err);
int profile_name_check(const char *name);

#endif
