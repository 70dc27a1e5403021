// SPDX-License-Identifier: GPL-2.0
/*
 * moatbench - what a confined task pays per operation
 *
 * usage: moatbench [-c CPU] [-n ITERATIONS] [-r ROUNDS] [-s SCALE] [WORKLOAD...]
 *        moatbench -t COMMAND [ARGS...]
 *
 * Times ROUNDS rounds of ITERATIONS operations of each WORKLOAD (default:
 * all, in the order below) and prints one line per workload:
 *
 *	WORKLOAD MEDIAN_NS_PER_OP ERRNO MIN MAX
 *
 * MEDIAN, MIN and MAX are over the rounds; ERRNO is the name of the errno
 * the workload's system call gave on its last iteration ("0": success).
 * Each workload has its own iteration count, about 0.2 s a round under TCG
 * (fork and execve cost about ten thousand getpids there); -s multiplies
 * them all, -n sets them all. -c pins the benchmark, and so the children
 * it forks, to one CPU: a child then runs where its parent waits, and its
 * wake-up does not depend on another (virtual) CPU being scheduled.
 *
 *	getpid    syscall(SYS_getpid): the cost of entering the kernel
 *	open8     open+close of a file 8 directories deep under /tmp
 *	openproc  open+close of /proc/self/status
 *	stat      stat of a missing path (ENOENT)
 *	fork      fork, the child _exits, waitpid
 *	execve    vfork, execve of this (static) binary, which exits at once,
 *	          waitpid: one complete exec
 *	denied    keyctl(0x7fffffff): EOPNOTSUPP where allowed, EPERM where
 *	          Docker's default seccomp profile refuses it
 *
 * -t runs COMMAND once, its standard output sent to /dev/null, and prints
 * its wall time in milliseconds (the driver's cost-of-control figures);
 * the exit status is COMMAND's.
 *
 * Exit status: 0, or 1 if a workload failed where it cannot (an open, a
 * fork, an exec, a stat that does not answer ENOENT), 2 on a usage error.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define MAX_ROUNDS 100
#define EXIT_ARG "--moatbench-exit"
#define DEEP_DIR "/tmp/moatbench/d1/d2/d3/d4/d5/d6/d7"
#define DEEP_FILE DEEP_DIR "/file"
#define MISSING "/tmp/moatbench/d1/d2/missing"

static char self[PATH_MAX];

/* One operation; returns 0 or an errno value, or -1: failed for good. */
typedef int (*op_fn)(void);

struct workload {
	const char *name;
	op_fn op;
	long iters;	/* default iterations per round */
	int want;	/* the answer it must give: 0, an errno, or ANY */
};

#define ANY (-1)

static int op_getpid(void)
{
	syscall(SYS_getpid);
	return 0;
}

static int open_close(const char *path)
{
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return errno;
	close(fd);
	return 0;
}

static int op_open8(void)
{
	return open_close(DEEP_FILE);
}

static int op_openproc(void)
{
	return open_close("/proc/self/status");
}

static int op_stat(void)
{
	struct stat st;

	return stat(MISSING, &st) ? errno : 0;
}

static int op_fork(void)
{
	int status;
	pid_t pid = fork();

	if (pid < 0)
		return errno;
	if (pid == 0)
		_exit(0);
	if (waitpid(pid, &status, 0) != pid)
		return errno;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

static int op_execve(void)
{
	/* the child's execve errno: vfork shares our memory until it execs */
	static volatile int child_errno;
	char *argv[] = { "moatbench", EXIT_ARG, NULL };
	char *envp[] = { NULL };
	int status;
	pid_t pid;

	child_errno = 0;
	pid = vfork();
	if (pid < 0)
		return errno;
	if (pid == 0) {
		execve(self, argv, envp);
		child_errno = errno;
		_exit(127);
	}
	if (waitpid(pid, &status, 0) != pid)
		return errno;
	if (child_errno)
		return child_errno;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

static int op_denied(void)
{
	return syscall(SYS_keyctl, 0x7fffffff, 0, 0, 0, 0) < 0 ? errno : 0;
}

static const struct workload workloads[] = {
	{ "getpid",	op_getpid,	400000,	0 },
	{ "open8",	op_open8,	10000,	0 },
	{ "openproc",	op_openproc,	8000,	0 },
	{ "stat",	op_stat,	10000,	ENOENT },
	{ "fork",	op_fork,	25,	0 },
	{ "execve",	op_execve,	20,	0 },
	{ "denied",	op_denied,	400000,	ANY },
};

#define NR_WORKLOADS ARRAY_SIZE(workloads)

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static const char *errno_name(int err)
{
	static char buf[16];

	switch (err) {
	case 0:		return "0";
	case EPERM:	return "EPERM";
	case ENOENT:	return "ENOENT";
	case EACCES:	return "EACCES";
	case ENOSYS:	return "ENOSYS";
	case EOPNOTSUPP: return "EOPNOTSUPP";
	case EINVAL:	return "EINVAL";
	case EAGAIN:	return "EAGAIN";
	case ENOMEM:	return "ENOMEM";
	case EFAULT:	return "EFAULT";
	case ECHILD:	return "ECHILD";
	}
	snprintf(buf, sizeof(buf), "E%d", err);
	return buf;
}

/* mkdir -p DEEP_DIR and create DEEP_FILE. */
static int make_tree(void)
{
	char path[] = DEEP_DIR;
	char *p;
	int fd;

	for (p = path + 1; ; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		*p = '\0';
		if (mkdir(path, 0755) && errno != EEXIST) {
			perror(path);
			return -1;
		}
		if (p == path + sizeof(path) - 1)
			break;
		*p = '/';
	}
	fd = open(DEEP_FILE, O_WRONLY | O_CREAT, 0644);
	if (fd < 0) {
		perror(DEEP_FILE);
		return -1;
	}
	close(fd);
	return 0;
}

/* Runs one workload; prints its line. Returns 0, or -1 if it failed. */
static int run(const struct workload *w, long iters, long rounds)
{
	double t[MAX_ROUNDS];
	int err = 0;
	long r, k;

	for (r = 0; r < rounds; r++) {
		double t0 = now_ns();

		for (k = 0; k < iters; k++)
			err = w->op();
		t[r] = (now_ns() - t0) / iters;
	}
	qsort(t, rounds, sizeof(t[0]), cmp_double);
	printf("%s %.0f %s %.0f %.0f\n", w->name, t[rounds / 2],
	       err < 0 ? "FAILED" : errno_name(err), t[0], t[rounds - 1]);
	fflush(stdout);
	if (err < 0 || (w->want != ANY && err != w->want)) {
		fprintf(stderr, "moatbench: %s: unexpected %s\n", w->name,
			err < 0 ? "failure" : errno_name(err));
		return -1;
	}
	return 0;
}

/* -t: fork+exec COMMAND (its stdout to /dev/null), wait, print the wall time in ms. */
static int time_command(char **argv)
{
	double t0 = now_ns();
	int status, fd;
	pid_t pid = fork();

	if (pid < 0) {
		perror("fork");
		return 1;
	}
	if (pid == 0) {
		fd = open("/dev/null", O_WRONLY);
		if (fd >= 0)
			dup2(fd, STDOUT_FILENO);
		execvp(argv[0], argv);
		perror(argv[0]);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) != pid) {
		perror("waitpid");
		return 1;
	}
	printf("%.1f\n", (now_ns() - t0) / 1e6);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}

static const struct workload *find_workload(const char *name)
{
	size_t i;

	for (i = 0; i < NR_WORKLOADS; i++)
		if (!strcmp(workloads[i].name, name))
			return &workloads[i];
	return NULL;
}

static int pin(const char *arg)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(atoi(arg), &set);
	if (sched_setaffinity(0, sizeof(set), &set)) {
		perror("moatbench: sched_setaffinity");
		return -1;
	}
	return 0;
}

static int usage(void)
{
	size_t i;

	fprintf(stderr, "usage: moatbench [-c CPU] [-n ITERATIONS] [-r ROUNDS] [-s SCALE] [WORKLOAD...]\n"
		"       moatbench -t COMMAND [ARGS...]\nworkloads:");
	for (i = 0; i < NR_WORKLOADS; i++)
		fprintf(stderr, " %s", workloads[i].name);
	fprintf(stderr, "\n");
	return 2;
}

int main(int argc, char **argv)
{
	long iters = 0, rounds = 5;
	double scale = 1.0;
	int c, i, failed = 0;
	ssize_t len;

	/* the execve workload's child: exit before anything else */
	if (argc == 2 && !strcmp(argv[1], EXIT_ARG))
		_exit(0);
	while ((c = getopt(argc, argv, "+c:n:r:s:t")) != -1) {
		switch (c) {
		case 'c':
			if (pin(optarg))
				return 1;
			break;
		case 'n':
			iters = atol(optarg);
			if (iters <= 0)
				return usage();
			break;
		case 'r':
			rounds = atol(optarg);
			if (rounds <= 0 || rounds > MAX_ROUNDS)
				return usage();
			break;
		case 's':
			scale = atof(optarg);
			if (scale <= 0)
				return usage();
			break;
		case 't':
			if (optind >= argc)
				return usage();
			return time_command(argv + optind);
		default:
			return usage();
		}
	}
	for (i = optind; i < argc; i++)
		if (!find_workload(argv[i])) {
			fprintf(stderr, "moatbench: no workload %s\n", argv[i]);
			return usage();
		}
	len = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (len < 0) {
		perror("/proc/self/exe");
		return 1;
	}
	self[len] = '\0';
	if (make_tree())
		return 1;
	for (i = 0; i < (int)NR_WORKLOADS; i++) {
		const struct workload *w = &workloads[i];
		long n = iters ? iters : (long)(w->iters * scale);
		int j, chosen = optind == argc;

		for (j = optind; j < argc; j++)
			chosen |= !strcmp(argv[j], w->name);
		if (chosen && run(w, n > 0 ? n : 1, rounds))
			failed = 1;
	}
	return failed;
}
