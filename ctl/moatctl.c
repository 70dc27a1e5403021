// SPDX-License-Identifier: GPL-2.0
/*
 * moatctl - control tool for the moat security module
 *
 * One file per subcommand (cmd_*.c); ipc.c is the only one that speaks
 * netlink. See moatctl.8.
 */

#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "moatctl.h"

#ifndef MOAT_CTL_VERSION
#define MOAT_CTL_VERSION "0.1.0"
#endif

static const struct command commands[] = {
	{ "status", cmd_status, "status [-j]",
	  "show whether moat is loaded and enforcing",
	  "Prints the module and kernel versions, the state, the ABIs enforced and\n"
	  "counts of profiles, attached cgroups and denials. Exits 0 only\n"
	  "if moat is enforcing.\n"
	  "  -j, --json      one JSON object, for scripts\n" },
	{ "load", cmd_load,
	  "load FILE... [--name NAME] [--cap-add CAP]... [--cap-drop CAP]... [--kernel X.Y] [--no-replace] [-v]",
	  "compile a profile's layers and load them as one profile (atomic replace by name)",
	  "Each FILE is taken unmodified: a seccomp profile in Docker's JSON format\n"
	  "(the syscall layer; a .json name or a leading '{'), or an AppArmor-syntax\n"
	  "profile such as Docker's docker-default (the path layer), or a label\n"
	  "policy ending in .labels (the label layer). Give at most one of each; they\n"
	  "load as one profile, and a load replaces all its layers.\n"
	  "  --name NAME     profile name (default: the AppArmor profile's name, else\n"
	  "                  the JSON file's base name without extension)\n"
	  "  --cap-add CAP   add a capability to Docker's 14 defaults, as docker run\n"
	  "  --cap-drop CAP  remove one (CAP_SYS_ADMIN, SYS_ADMIN or ALL)\n"
	  "  --kernel X.Y    resolve minKernel for X.Y (default: the kernel moat runs on)\n"
	  "  --no-replace    fail if a profile of that name is loaded\n"
	  "  -v, --verbose   list the syscall names libseccomp does not know\n" },
	{ "compile", cmd_compile,
	  "compile FILE... [--cap-add CAP]... [--cap-drop CAP]... [--kernel X.Y] [--abi ABI] [--path PATH]... [-v]",
	  "show what a profile decides, without loading it",
	  "For a seccomp JSON, prints one line per syscall: ABI, number, name,\n"
	  "decision (ALLOW, ERRNO(n), or ARGS(...) for argument rules). For an\n"
	  "AppArmor-syntax profile, prints the path layer's summary and, for each\n"
	  "--path, the file permissions it grants (rwalkmx). For a .labels policy,\n"
	  "prints its rules. Needs no kernel module.\n"
	  "  --path PATH     decide PATH (a directory is named with a trailing /)\n"
	  "  --cap-add CAP, --cap-drop CAP   as for load\n"
	  "  --kernel X.Y    resolve minKernel for X.Y (default: this machine's kernel)\n"
	  "  --abi ABI       only x86_64, i386 or x32\n"
	  "  -v, --verbose   list the syscall names libseccomp does not know\n" },
	{ "diff", cmd_diff,
	  "diff A B [--cap-add CAP]... [--cap-drop CAP]... [--kernel X.Y]",
	  "show what one profile allows that another does not",
	  "A and B are two seccomp JSONs or two AppArmor-syntax profiles, compiled\n"
	  "as load compiles them and compared by decision. One line per difference:\n"
	  "'+' B allows more, '-' B allows less, '~' changed otherwise (another\n"
	  "errno, other argument rules). For JSON: ABI, number, name and both\n"
	  "decisions, on every ABI. For AppArmor: capabilities, network families,\n"
	  "mount, flags, signal and ptrace rules, then the file rules by behaviour:\n"
	  "a shortest path name per differing pair of automaton states and what\n"
	  "each profile grants it (rwalkmx; the owner's grants where they differ),\n"
	  "the first 50 shown. Exits 0 if they decide alike, 1 if not, 2 on error.\n"
	  "Needs no kernel module.\n"
	  "  --cap-add CAP, --cap-drop CAP, --kernel X.Y   as for compile\n" },
	{ "derive", cmd_derive,
	  "derive BASE [--allow-syscall NAME]... [--allow PATH PERMS]... [--from-log [--log FILE] [--since T] [--name NAME] [--yes]] -o FILE",
	  "write BASE plus exactly the named holes as a new profile",
	  "For a seccomp JSON BASE, --allow-syscall NAME allows NAME on every ABI\n"
	  "that has it, for all arguments: NAME leaves every rule that refuses it\n"
	  "or allows it on conditions, and one SCMP_ACT_ALLOW rule is added. For an\n"
	  "AppArmor-syntax BASE, --allow PATH PERMS adds the literal rule 'PATH\n"
	  "PERMS,' (PERMS of rwalkmx); a path BASE denies any of PERMS on is\n"
	  "refused, as a deny always wins. The result is compiled and compared\n"
	  "with BASE: if anything but the holes changed, nothing is written.\n"
	  "Needs no kernel module.\n"
	  "  -o FILE         where to write (atomically; not BASE; - for stdout)\n"
	  "  --from-log      propose holes from moat's denials of BASE's profile\n"
	  "                  and ask for each (complain-mode records count too)\n"
	  "  --log FILE      read denials from FILE (default: /var/log/audit/audit.log\n"
	  "                  if readable, else the kernel log)\n"
	  "  --since T       only records since T: a Unix time, or 30s, 10m, 2h, 1d ago\n"
	  "  --name NAME     the profile name in the records (default: the AppArmor\n"
	  "                  profile's name, else the JSON file's base name)\n"
	  "  -y, --yes       accept every proposal without asking\n"
	  "  --cap-add CAP, --cap-drop CAP, --kernel X.Y   as for compile (the check)\n" },
	{ "remove", cmd_remove, "remove NAME",
	  "remove a loaded profile that no cgroup is attached to", "" },
	{ "list", cmd_list, "list [-j]",
	  "list loaded profiles and attached cgroups",
	  "Attached cgroups are listed with their mode and their denials (with\n"
	  "the reports the rate limit dropped).\n"
	  "  -j, --json      one JSON object, for scripts\n" },
	{ "attach", cmd_attach, "attach PROFILE CGROUP_DIR [--label LABEL] [--replace] [--complain] [--on-exec]",
	  "confine a cgroup v2 subtree with a profile",
	  "Tasks in CGROUP_DIR and below are confined from their next syscall.\n"
	  "  --label LABEL   the tasks' label, TYPE[:cN,...] (needed when the\n"
	  "                  profile has a label layer)\n"
	  "  --replace       switch an attached cgroup to PROFILE in one step\n"
	  "                  (in enforce mode, unless --complain)\n"
	  "  --complain      attach in complain mode (see 'moatctl mode')\n"
	  "  --on-exec       confine nothing until a task of the subtree calls\n"
	  "                  execve (a container's entrypoint: for a runtime hook\n"
	  "                  that runs before the runtime's own set-up; not with\n"
	  "                  --replace)\n" },
	{ "mode", cmd_mode, "mode enforce|complain CGROUP_DIR",
	  "switch an attached cgroup between enforce and complain mode",
	  "In complain mode moat decides as in enforce mode and reports every\n"
	  "would-be denial ('moatctl monitor', the audit log: moat=\"ALLOWED\"),\n"
	  "but lets the operation go on. The tasks stay confined: they still\n"
	  "cannot reach other containers' tasks, leave the subtree or change\n"
	  "policy, and a denial by another container's profile still holds.\n" },
	{ "monitor", cmd_monitor, "monitor [-j] [-n COUNT] [CGROUP_DIR]",
	  "print denials as they happen",
	  "One line per denial (\"denied\") or, in complain mode, per would-be\n"
	  "denial (\"would deny\"): profile, cgroup, task, what was refused and\n"
	  "the errno. Each attachment's reports are rate-limited (100 per 5 s);\n"
	  "an event after a gap says how many were dropped, and 'moatctl list'\n"
	  "counts them. Needs CAP_SYS_ADMIN.\n"
	  "  CGROUP_DIR      only the attachment that confines CGROUP_DIR\n"
	  "  -j, --json      one JSON object per line\n"
	  "  -n, --count N   exit after N events\n" },
	{ "label", cmd_label, "label set PATH LABEL [-R] | label get PATH | label remove PATH | label show CGROUP_DIR",
	  "set, show or remove files' labels (the security.moat xattr)",
	  "  set PATH LABEL  label PATH (TYPE[:cN,...]; a symlink itself, not its\n"
	  "                  target); -R: the tree below PATH on its file system,\n"
	  "                  symlinks skipped, with progress on stderr\n"
	  "  get PATH        print PATH's label, or \"(none)\"\n"
	  "  remove PATH     remove PATH's label (it then has the default type)\n"
	  "  show CGROUP_DIR print the label of an attached cgroup's tasks\n"
	  "Setting and removing need CAP_MAC_ADMIN and CAP_SYS_ADMIN, outside every\n"
	  "attached cgroup.\n" },
	{ "detach", cmd_detach, "detach CGROUP_DIR | detach --id CGROUP_ID",
	  "lift a cgroup's confinement",
	  "  --id CGROUP_ID  the id 'moatctl list' prints, for a removed cgroup\n" },
	{ "run", cmd_run,
	  "run [--profile P]... [--label LABEL] [--parent DIR] [--complain] [--cap-add CAP]... [--cap-drop CAP]... [--] CMD [ARG]...",
	  "run a command confined, in a transient cgroup removed when it ends",
	  "Creates DIR/run.PID, attaches the profile, starts CMD inside it (confined\n"
	  "from its exec), forwards SIGINT, SIGTERM, SIGHUP and SIGQUIT to it, and\n"
	  "when CMD ends kills what is left in the cgroup, removes it and lifts the\n"
	  "attachment. Exits with CMD's status (128+N if signal N killed it), 1 if\n"
	  "the setup failed (CMD did not run), 126 or 127 if CMD could not run.\n"
	  "  --profile P     a loaded profile (default: docker-default), or files to\n"
	  "                  load as the transient profile run.PID, as load does (a\n"
	  "                  name with '/' or ending .json, .apparmor, .labels;\n"
	  "                  repeat it for each layer); removed at the end\n"
	  "  --label LABEL   the tasks' label, as for attach\n"
	  "  --parent DIR    the transient cgroup's parent, created if missing\n"
	  "                  (default: $MOAT_RUN_PARENT, else /sys/fs/cgroup/moat.run)\n"
	  "  --complain      attach in complain mode\n"
	  "  --cap-add CAP, --cap-drop CAP   as for load; only with profile files\n" },
	{ "oci-hook", cmd_oci_hook, "oci-hook",
	  "OCI runtime hook (createRuntime, prestart, poststop): attach by annotation",
	  "Reads the container's state (OCI runtime spec) on stdin. With the\n"
	  "annotation org.moat.profile=PROFILE, at createRuntime or prestart\n"
	  "(status \"creating\" or \"created\") it attaches PROFILE to the container\n"
	  "process's cgroup (org.moat.label=LABEL: --label; org.moat.mode=enforce or\n"
	  "complain); at poststop (status \"stopped\") it detaches it. Without the\n"
	  "annotation it does nothing. Any error exits non-zero: the runtime then\n"
	  "does not start the container.\n" },
};

#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

static void usage(FILE *f)
{
	size_t i;

	fprintf(f, "Usage: %s COMMAND [ARGS]\n\nCommands:\n", PROG);
	for (i = 0; i < NCOMMANDS; i++)
		fprintf(f, "  %-9s %s\n", commands[i].name, commands[i].help);
	fprintf(f, "\nRun '%s COMMAND --help' for a command's arguments; see moatctl(8).\n",
		PROG);
}

static void command_usage(const char *cmd, bool full)
{
	FILE *f = full ? stdout : stderr;
	size_t i;

	for (i = 0; i < NCOMMANDS; i++) {
		if (strcmp(commands[i].name, cmd))
			continue;
		fprintf(f, "Usage: %s %s\n", PROG, commands[i].usage);
		if (full)
			fprintf(f, "\n%s.\n%s%s", commands[i].help,
				*commands[i].options ? "\n" : "",
				commands[i].options);
	}
}

void usage_of(const char *cmd)
{
	command_usage(cmd, false);
}

void help_of(const char *cmd)
{
	command_usage(cmd, true);
}

int bad_option(const char *cmd, char **argv)
{
	fprintf(stderr, "%s: %s: bad option or missing argument: %s\n", PROG,
		cmd, argv[optind - 1]);
	usage_of(cmd);
	return 1;
}

int ipc_connect(const char *cmd, struct ipc **ipc)
{
	int err = ipc_open(ipc);

	if (!err)
		return 0;
	if (err == -ENOENT)
		fprintf(stderr, "%s: %s: moat is not loaded (no generic netlink family \"%s\")\n",
			PROG, cmd, MOAT_GENL_NAME);
	else
		fprintf(stderr, "%s: %s: cannot open generic netlink: %s\n",
			PROG, cmd, strerror(-err));
	return 1;
}

/* Prints the kernel's errno in words, with its extended-ack message. */
int report_error(const char *cmd, const struct ipc *ipc, int err)
{
	const char *msg = ipc ? ipc_errmsg(ipc) : "";

	if (*msg)
		fprintf(stderr, "%s: %s: %s (%s)\n", PROG, cmd, strerror(-err), msg);
	else
		fprintf(stderr, "%s: %s: %s\n", PROG, cmd, strerror(-err));
	return 1;
}

/* The kernel's rule (kernel/profile.c), checked here for a clearer error. */
int profile_name_check(const char *name)
{
	size_t i;

	if (!isascii((unsigned char)name[0]) || !isalnum((unsigned char)name[0]))
		return -1;
	for (i = 0; name[i]; i++)
		if (!isascii((unsigned char)name[i]) ||
		    (!isalnum((unsigned char)name[i]) && !strchr("_.:-", name[i])))
			return -1;
	if (!strcmp(name, "unconfined"))
		return -1;	/* the label of tasks outside every profile */
	return i < MOAT_NAME_MAX ? 0 : -1;
}

int main(int argc, char **argv)
{
	size_t i;

	if (argc < 2) {
		usage(stderr);
		return 1;
	}
	if (!strcmp(argv[1], "help") && argc == 3) {
		for (i = 0; i < NCOMMANDS; i++) {
			if (!strcmp(commands[i].name, argv[2])) {
				help_of(argv[2]);
				return 0;
			}
		}
		fprintf(stderr, "%s: help: unknown command \"%s\"\n", PROG, argv[2]);
		return 1;
	}
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") ||
	    !strcmp(argv[1], "help")) {
		usage(stdout);
		return 0;
	}
	if (!strcmp(argv[1], "-V") || !strcmp(argv[1], "--version")) {
		printf("%s %s (netlink ABI v%d)\n", PROG, MOAT_CTL_VERSION,
		       MOAT_GENL_VERSION);
		return 0;
	}
	for (i = 0; i < NCOMMANDS; i++)
		if (!strcmp(commands[i].name, argv[1]))
			return commands[i].fn(argc - 1, argv + 1);
	fprintf(stderr, "%s: unknown command \"%s\"\n", PROG, argv[1]);
	usage(stderr);
	return 1;
}
