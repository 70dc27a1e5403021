// SPDX-License-Identifier: GPL-2.0
/*
 * moatctl run - run one command confined, in a transient cgroup
 *
 * Creates PARENT/run.PID (cgroup v2), attaches a profile to it and starts
 * the command directly inside it (clone3 with CLONE_INTO_CGROUP), so that
 * the command is confined from its exec, with no window. When the command
 * ends, whatever it left in the cgroup is killed (cgroup.kill), the cgroup
 * is removed and its attachment lifted, and moatctl exits with the
 * command's status (128 + N after signal N).
 *
 * With profile files instead of a loaded profile's name, they are loaded
 * as 'moatctl load' loads them, as a transient profile (run.PID) that is
 * removed at the end. A setup failure leaves nothing behind and never runs
 * the command.
 */

#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <linux/magic.h>
#include <linux/sched.h>

#include "moatctl.h"

#define RUN_PARENT_DEFAULT "/sys/fs/cgroup/moat.run"
#define RUN_PROFILE_DEFAULT "docker-default"
#define MAX_FILES 3	/* a seccomp JSON, an AppArmor profile, a .labels */

struct run {
	const char *profile;		/* attached: a loaded name or run.PID */
	char transient[MOAT_NAME_MAX];	/* the profile run loaded, or "" */
	const char *parent;
	int parent_fd;
	char cg_name[32];
	int cg_fd;			/* the transient cgroup, or -1 */
	uint64_t cg_id;
	bool attached;
};

/* What the child reports on its close-on-exec pipe when it cannot exec. */
struct child_err {
	int stage;	/* 1: joining the cgroup, 2: exec */
	int err;
};

/* A --profile argument naming files to compile, not a loaded profile. */
static bool is_profile_file(const char *s)
{
	static const char *const exts[] = { ".json", ".apparmor", ".labels" };
	size_t i, n = strlen(s), e;

	if (strchr(s, '/'))
		return true;
	for (i = 0; i < sizeof(exts) / sizeof(exts[0]); i++) {
		e = strlen(exts[i]);
		if (n > e && !strcmp(s + n - e, exts[i]))
			return true;
	}
	return false;
}

struct name_find {
	const char *name;
	bool found;
};

static int find_profile(const struct ipc_profile *p, void *arg)
{
	struct name_find *nf = arg;

	if (!strcmp(p->name, nf->name))
		nf->found = true;
	return 0;
}

static int profile_loaded(struct ipc *ipc, const char *name, bool *found)
{
	struct name_find nf = { .name = name };
	int err = ipc_profiles(ipc, find_profile, &nf);

	*found = nf.found;
	return err;
}

/* Loads @files as the transient profile run.PID[.N], through load's code. */
static int load_transient(struct run *r, const char **files, int nfiles,
			  char **caps, int ncaps)
{
	char *av[4 + 2 * 64 + 1 + MAX_FILES + 1 + 1];
	struct ipc *ipc;
	bool found = true;
	int i, n, ac = 0, err;

	if (ipc_connect("run", &ipc))
		return -1;
	for (n = 0; n < 100 && found; n++) {
		if (n)
			snprintf(r->transient, sizeof(r->transient), "run.%d.%d",
				 (int)getpid(), n);
		else
			snprintf(r->transient, sizeof(r->transient), "run.%d",
				 (int)getpid());
		err = profile_loaded(ipc, r->transient, &found);
		if (err) {
			report_error("run", ipc, err);
			ipc_close(ipc);
			r->transient[0] = '\0';
			return -1;
		}
	}
	ipc_close(ipc);
	if (found) {
		fprintf(stderr, "%s: run: no free transient profile name (run.%d.N)\n",
			PROG, (int)getpid());
		r->transient[0] = '\0';
		return -1;
	}
	av[ac++] = "run";
	av[ac++] = "--name";
	av[ac++] = r->transient;
	av[ac++] = "--no-replace";
	for (i = 0; i < ncaps; i++)
		av[ac++] = caps[i];	/* "--cap-add", CAP, ... in pairs */
	av[ac++] = "--";
	for (i = 0; i < nfiles; i++)
		av[ac++] = (char *)files[i];
	av[ac] = NULL;
	if (load_files(ac, av, "run", NULL)) {
		r->transient[0] = '\0';	/* nothing was loaded */
		return -1;
	}
	r->profile = r->transient;
	return 0;
}

/* Creates PARENT (if missing) and PARENT/run.PID[.N], and opens both. */
static int make_cgroup(struct run *r)
{
	struct statfs sfs;
	struct stat st;
	int n;

	if (mkdir(r->parent, 0755) && errno != EEXIST) {
		fprintf(stderr, "%s: run: cannot create %s: %m\n", PROG, r->parent);
		return -1;
	}
	r->parent_fd = open(r->parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (r->parent_fd < 0) {
		fprintf(stderr, "%s: run: %s: %m\n", PROG, r->parent);
		return -1;
	}
	if (fstatfs(r->parent_fd, &sfs) || sfs.f_type != CGROUP2_SUPER_MAGIC) {
		fprintf(stderr, "%s: run: %s is not a cgroup v2 directory (--parent DIR, MOAT_RUN_PARENT)\n",
			PROG, r->parent);
		return -1;
	}
	for (n = 0; n < 100; n++) {
		if (n)
			snprintf(r->cg_name, sizeof(r->cg_name), "run.%d.%d",
				 (int)getpid(), n);
		else
			snprintf(r->cg_name, sizeof(r->cg_name), "run.%d",
				 (int)getpid());
		if (!mkdirat(r->parent_fd, r->cg_name, 0755))
			break;
		if (errno != EEXIST) {
			fprintf(stderr, "%s: run: cannot create cgroup %s/%s: %m\n",
				PROG, r->parent, r->cg_name);
			return -1;
		}
	}
	if (n == 100) {
		fprintf(stderr, "%s: run: no free cgroup name under %s\n", PROG,
			r->parent);
		return -1;
	}
	r->cg_fd = openat(r->parent_fd, r->cg_name,
			  O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (r->cg_fd < 0 || fstat(r->cg_fd, &st)) {
		fprintf(stderr, "%s: run: %s/%s: %m\n", PROG, r->parent, r->cg_name);
		if (r->cg_fd >= 0)
			close(r->cg_fd);
		r->cg_fd = -1;
		unlinkat(r->parent_fd, r->cg_name, AT_REMOVEDIR);
		return -1;
	}
	r->cg_id = st.st_ino;	/* a cgroup's id is its directory's inode */
	return 0;
}

/* "populated 0" in cgroup.events: no task left in the subtree. */
static int cgroup_populated(int events_fd)
{
	char buf[256], *p;
	ssize_t n = pread(events_fd, buf, sizeof(buf) - 1, 0);

	if (n < 0)
		return -1;
	buf[n] = '\0';
	p = strstr(buf, "populated ");
	return p ? p[strlen("populated ")] != '0' : -1;
}

/* Without cgroup.kill (before 5.14): SIGKILL each process listed, once. */
static void kill_listed(int cg_fd)
{
	int fd = openat(cg_fd, "cgroup.procs", O_RDONLY | O_CLOEXEC);
	FILE *f = fd >= 0 ? fdopen(fd, "r") : NULL;
	int pid;

	if (!f) {
		if (fd >= 0)
			close(fd);
		return;
	}
	while (fscanf(f, "%d", &pid) == 1)
		kill(pid, SIGKILL);
	fclose(f);
}

static void kill_cgroup(int cg_fd)
{
	int fd = openat(cg_fd, "cgroup.kill", O_WRONLY | O_CLOEXEC);

	if (fd >= 0) {
		if (write(fd, "1", 1) != 1)
			kill_listed(cg_fd);
		close(fd);
	} else {
		kill_listed(cg_fd);
	}
}

/*
 * Kills whatever the command left in the cgroup and waits until it is
 * empty (cgroup.events: populated 0; it signals a change with POLLPRI).
 */
static void drain_cgroup(struct run *r)
{
	int fd = openat(r->cg_fd, "cgroup.events", O_RDONLY | O_CLOEXEC);
	time_t start = time(NULL);
	bool told = false;
	struct pollfd pfd;

	if (fd < 0) {
		fprintf(stderr, "%s: run: %s/%s/cgroup.events: %m\n", PROG,
			r->parent, r->cg_name);
		return;
	}
	pfd.fd = fd;
	pfd.events = POLLPRI;
	while (cgroup_populated(fd) == 1) {
		kill_cgroup(r->cg_fd);
		if (cgroup_populated(fd) != 1)
			break;
		poll(&pfd, 1, 200);
		if (!told && time(NULL) - start >= 10) {
			fprintf(stderr, "%s: run: still waiting for the tasks left in %s/%s to die\n",
				PROG, r->parent, r->cg_name);
			told = true;
		}
	}
	close(fd);
}

/* Removes the cgroup at @name under @dir_fd, child cgroups first. */
static int rmdir_cgroup(int dir_fd, const char *name, int depth)
{
	struct dirent *de;
	DIR *d;
	int fd;

	fd = openat(dir_fd, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	d = fdopendir(fd);
	if (!d) {
		close(fd);
		return -1;
	}
	while (depth < 64 && (de = readdir(d))) {
		if (de->d_type == DT_DIR && strcmp(de->d_name, ".") &&
		    strcmp(de->d_name, ".."))
			rmdir_cgroup(dirfd(d), de->d_name, depth + 1);
	}
	closedir(d);
	return unlinkat(dir_fd, name, AT_REMOVEDIR);
}

/*
 * Undoes the setup: the cgroup emptied and removed, its attachment lifted,
 * the transient profile removed. Returns 0 if all of it went; what stays
 * is named on stderr.
 */
static int teardown(struct run *r)
{
	struct ipc *ipc = NULL;
	int err, ret = 0, tries;
	bool gone = true;

	if (r->cg_fd >= 0) {
		drain_cgroup(r);
		/* a task may take a moment after populated 0 to leave */
		for (tries = 0; rmdir_cgroup(r->parent_fd, r->cg_name, 0); tries++) {
			if (errno != EBUSY || tries == 50) {
				fprintf(stderr, "%s: run: cannot remove cgroup %s/%s: %m (it stays attached; see moatctl(8), RUN)\n",
					PROG, r->parent, r->cg_name);
				gone = false;
				ret = -1;
				break;
			}
			usleep(20000);
		}
		close(r->cg_fd);
		r->cg_fd = -1;
	}
	if (!r->attached && !r->transient[0])
		return ret;
	if (ipc_open(&ipc)) {
		fprintf(stderr, "%s: run: cannot reach moat to clean up\n", PROG);
		return -1;
	}
	/* removed first, then detached: the cgroup is never unconfined */
	if (r->attached && gone) {
		err = ipc_detach_id(ipc, r->cg_id);
		if (err && err != -ENOENT) {
			report_error("run", ipc, err);
			ret = -1;
		}
		r->attached = false;
	}
	if (r->transient[0] && gone) {
		err = ipc_remove(ipc, r->transient);
		if (err && err != -ENOENT) {
			report_error("run", ipc, err);
			ret = -1;
		}
		r->transient[0] = '\0';
	} else if (r->transient[0]) {
		fprintf(stderr, "%s: run: profile %s stays loaded\n", PROG,
			r->transient);
	}
	ipc_close(ipc);
	return ret;
}

static int attach(struct run *r, const struct label *label, uint32_t flags)
{
	struct ipc *ipc;
	bool found;
	int err;

	if (ipc_connect("run", &ipc))
		return -1;
	err = profile_loaded(ipc, r->profile, &found);
	if (!err && !found) {
		fprintf(stderr, "%s: run: profile \"%s\" is not loaded (moatctl load FILE..., or --profile FILE... to load one for this run)\n",
			PROG, r->profile);
		ipc_close(ipc);
		return -1;
	}
	if (!err)
		err = ipc_attach(ipc, r->profile, r->cg_fd, label, flags);
	if (err) {
		report_error("run", ipc, err);
		ipc_close(ipc);
		return -1;
	}
	r->attached = true;
	ipc_close(ipc);
	return 0;
}

/*
 * The child: in the cgroup already (clone3), or joins it first (the
 * fallback); then the caller's signal mask back, and exec. Failures go
 * to the parent on @errfd; the command never runs outside the cgroup.
 */
static void child(int cg_fd, bool join, int errfd, const sigset_t *mask,
		  char **argv)
{
	struct child_err ce = { 0, 0 };
	int fd;

	if (join) {
		fd = openat(cg_fd, "cgroup.procs", O_WRONLY | O_CLOEXEC);
		if (fd < 0 || write(fd, "0", 1) != 1) {
			ce.stage = 1;
			ce.err = errno;
			if (write(errfd, &ce, sizeof(ce)) < 0)
				_exit(1);
			_exit(1);
		}
		close(fd);
	}
	signal(SIGCHLD, SIG_DFL);
	sigprocmask(SIG_SETMASK, mask, NULL);
	execvp(argv[0], argv);
	ce.stage = 2;
	ce.err = errno;
	if (write(errfd, &ce, sizeof(ce)) < 0)
		_exit(127);
	_exit(ce.err == ENOENT ? 127 : 126);
}

static pid_t start(struct run *r, char **argv, const sigset_t *mask,
		   struct child_err *ce)
{
	struct clone_args args;
	bool join = false;
	int pfd[2];
	ssize_t n;
	pid_t pid;

	if (pipe2(pfd, O_CLOEXEC)) {
		fprintf(stderr, "%s: run: pipe: %m\n", PROG);
		return -1;
	}
	memset(&args, 0, sizeof(args));
	args.flags = CLONE_INTO_CGROUP;
	args.exit_signal = SIGCHLD;
	args.cgroup = (uint64_t)r->cg_fd;
	pid = syscall(SYS_clone3, &args, sizeof(args));
	if (pid < 0 && errno == ENOSYS) {
		join = true;	/* no clone3: the child joins, then execs */
		pid = fork();
	}
	if (pid == 0) {
		close(pfd[0]);
		child(r->cg_fd, join, pfd[1], mask, argv);
	}
	close(pfd[1]);
	if (pid < 0) {
		fprintf(stderr, "%s: run: cannot start %s in %s/%s: %m\n", PROG,
			argv[0], r->parent, r->cg_name);
		close(pfd[0]);
		return -1;
	}
	/* EOF: the exec went through */
	do {
		n = read(pfd[0], ce, sizeof(*ce));
	} while (n < 0 && errno == EINTR);
	close(pfd[0]);
	if (n != sizeof(*ce))
		ce->stage = 0;
	return pid;
}

/* Forwards the terminating signals to the command until it ends. */
static int wait_child(pid_t pid, const sigset_t *set)
{
	siginfo_t si;
	int status, sig;

	for (;;) {
		if (waitpid(pid, &status, WNOHANG) == pid)
			break;
		sig = sigwaitinfo(set, &si);
		if (sig > 0 && sig != SIGCHLD)
			kill(pid, sig);
	}
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return 1;
}

int cmd_run(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "profile", required_argument, NULL, 'p' },
		{ "label", required_argument, NULL, 'l' },
		{ "parent", required_argument, NULL, 'P' },
		{ "complain", no_argument, NULL, 'C' },
		{ "cap-add", required_argument, NULL, 'a' },
		{ "cap-drop", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	const char *profiles[MAX_FILES + 1];
	struct run r = { .parent_fd = -1, .cg_fd = -1 };
	char *caps[2 * 64], **cmd;
	struct label label, *lp = NULL;
	sigset_t set, oldmask, pending;
	struct child_err ce;
	int nprofiles = 0, ncaps = 0, nfiles = 0, c, i, ret = 1;
	uint32_t flags = 0;
	char msg[256];
	pid_t pid;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+h", longopts, NULL)) != -1) {
		switch (c) {
		case 'p':
			if (nprofiles == MAX_FILES + 1) {
				fprintf(stderr, "%s: run: too many --profile files (a seccomp JSON, an AppArmor profile, a .labels policy)\n",
					PROG);
				return 1;
			}
			profiles[nprofiles++] = optarg;
			break;
		case 'l':
			if (label_parse(optarg, &label, msg, sizeof(msg))) {
				fprintf(stderr, "%s: run: --label %s: %s\n", PROG,
					optarg, msg);
				return 1;
			}
			lp = &label;
			break;
		case 'P':
			r.parent = optarg;
			break;
		case 'C':
			flags |= MOAT_ATTACH_F_COMPLAIN;
			break;
		case 'a':
		case 'd':
			if (ncaps == (int)(sizeof(caps) / sizeof(caps[0]))) {
				fprintf(stderr, "%s: run: too many --cap-add/--cap-drop\n",
					PROG);
				return 1;
			}
			caps[ncaps++] = c == 'a' ? "--cap-add" : "--cap-drop";
			caps[ncaps++] = optarg;
			break;
		case 'h':
			help_of("run");
			return 0;
		default:
			return bad_option("run", argv);
		}
	}
	if (optind >= argc) {
		fprintf(stderr, "%s: run: no command given\n", PROG);
		usage_of("run");
		return 1;
	}
	cmd = argv + optind;	/* before load's getopt moves optind */
	for (i = 0; i < nprofiles; i++)
		nfiles += is_profile_file(profiles[i]);
	if (nfiles && nfiles != nprofiles) {
		fprintf(stderr, "%s: run: --profile names either a loaded profile or its files, not both\n",
			PROG);
		return 1;
	}
	if (!nfiles && nprofiles > 1) {
		fprintf(stderr, "%s: run: one loaded profile at a time (--profile %s, --profile %s)\n",
			PROG, profiles[0], profiles[1]);
		return 1;
	}
	if (!nfiles && ncaps) {
		fprintf(stderr, "%s: run: --cap-add and --cap-drop apply when --profile names files to compile; profile \"%s\" is loaded, hence compiled already\n",
			PROG, nprofiles ? profiles[0] : RUN_PROFILE_DEFAULT);
		return 1;
	}
	r.profile = nprofiles ? profiles[0] : RUN_PROFILE_DEFAULT;
	if (!r.parent) {
		r.parent = getenv("MOAT_RUN_PARENT");
		if (!r.parent || !*r.parent)
			r.parent = RUN_PARENT_DEFAULT;
	}

	/*
	 * The terminating signals wait, blocked, from here: before the
	 * command starts, they end the setup; after, they are forwarded.
	 */
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGQUIT);
	sigaddset(&set, SIGCHLD);
	sigprocmask(SIG_BLOCK, &set, &oldmask);
	signal(SIGCHLD, SIG_DFL);	/* not SIG_IGN: the command is waited for */

	if (nfiles && load_transient(&r, profiles, nfiles, caps, ncaps))
		goto out;
	if (make_cgroup(&r) || attach(&r, lp, flags))
		goto out;
	sigpending(&pending);
	for (i = 1; i < NSIG; i++) {
		if (i != SIGCHLD && sigismember(&set, i) &&
		    sigismember(&pending, i)) {
			fprintf(stderr, "%s: run: signal %d before the command started\n",
				PROG, i);
			ret = 128 + i;
			goto out;
		}
	}
	fflush(NULL);
	pid = start(&r, cmd, &oldmask, &ce);
	if (pid < 0)
		goto out;
	if (ce.stage) {
		waitpid(pid, NULL, 0);
		if (ce.stage == 1) {
			fprintf(stderr, "%s: run: cannot join %s/%s: %s\n", PROG,
				r.parent, r.cg_name, strerror(ce.err));
		} else {
			fprintf(stderr, "%s: run: %s: %s\n", PROG, cmd[0],
				strerror(ce.err));
			ret = ce.err == ENOENT ? 127 : 126;
		}
		goto out;
	}
	ret = wait_child(pid, &set);
out:
	/*
	 * The command's status stands whatever the cleanup says (it warns).
	 * The signals stay blocked: one that came late must not end moatctl
	 * with its own status instead.
	 */
	teardown(&r);
	if (r.parent_fd >= 0)
		close(r.parent_fd);
	return ret;
}
