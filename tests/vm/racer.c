// SPDX-License-Identifier: GPL-2.0
/*
 * racer - a confined task's load for the race suite (tests/vm/race.sh)
 *
 *   racer [-c CGROUP_DIR] [-k ERRNO[,ERRNO]] [-d PATH] [-a PATH] [-l] SECONDS
 *
 * Loops for SECONDS: keyctl(2) through syscall and through int $0x80; an
 * open of the -d path (must fail with EACCES) and of the -a path (must
 * succeed); and every 64 rounds a fork whose child makes the keyctl check
 * again and exits with its verdict. keyctl must fail with one of the -k
 * errnos (default EPERM): the profiles the suite swaps in and out deny it
 * with different errnos, and no swap, migration or attach may let it
 * through. With -l (lax) every result is accepted and only counted: for
 * an unload under load, after which the results change.
 *
 * Prints one line, "racer PID: N rounds, M syscalls, F forks, U unexpected
 * (keyctl ok K, ...)", and exits 0 iff nothing unexpected happened (1
 * otherwise, 2 on a usage error). With -c it first moves itself into the
 * cgroup; the suite then moves it between cgroups from outside.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cgjoin.h"

#define KEYCTL_GET_KEYRING_ID		0
#define KEY_SPEC_SESSION_KEYRING	(-3)
#define NR_IA32_KEYCTL			288

static int want[8] = { EPERM };
static int nwant = 1;
static bool lax;
static unsigned long unexpected, keyctl_ok;

static long int80(long nr, long a, long b, long c)
{
	long ret;

	asm volatile ("int $0x80"
		      : "=a" (ret)
		      : "a" (nr), "b" (a), "c" (b), "d" (c)
		      : "memory", "r8", "r9", "r10", "r11");
	return ret;
}

static void note(const char *what, int err)
{
	if (unexpected++ < 5)
		fprintf(stderr, "racer %d: unexpected: %s: %s\n", getpid(), what,
			err ? strerror(err) : "success");
}

static bool keyctl_refused(int err)
{
	int i;

	for (i = 0; i < nwant; i++)
		if (err == want[i])
			return true;
	return false;
}

/* one keyctl through each entry; returns the number of unexpected results */
static int check_keyctl(void)
{
	long r;
	int bad = 0, err;

	r = syscall(SYS_keyctl, KEYCTL_GET_KEYRING_ID, KEY_SPEC_SESSION_KEYRING, 0);
	err = r < 0 ? errno : 0;
	if (!err)
		keyctl_ok++;
	if (!lax && !keyctl_refused(err)) {
		note("keyctl", err);
		bad++;
	}
	r = int80(NR_IA32_KEYCTL, KEYCTL_GET_KEYRING_ID, KEY_SPEC_SESSION_KEYRING, 0);
	err = r < 0 && r > -4096 ? (int)-r : 0;
	if (!err)
		keyctl_ok++;
	if (!lax && !keyctl_refused(err)) {
		note("keyctl via int $0x80", err);
		bad++;
	}
	return bad;
}

static void check_open(const char *path, int want_err)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	int err = fd < 0 ? errno : 0;

	if (fd >= 0)
		close(fd);
	if (!lax && err != want_err) {
		char what[4200];

		snprintf(what, sizeof(what), "open %s", path);
		note(what, err);
	}
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	const char *cgroup = NULL, *denied = NULL, *allowed = NULL;
	unsigned long rounds = 0, forks = 0, calls = 0;
	double end;
	char *s, *tok;
	int c;

	while ((c = getopt(argc, argv, "c:k:d:a:l")) != -1) {
		switch (c) {
		case 'c':
			cgroup = optarg;
			break;
		case 'k':
			nwant = 0;
			s = optarg;
			while ((tok = strsep(&s, ",")) && nwant < 8)
				want[nwant++] = atoi(tok);
			break;
		case 'd':
			denied = optarg;
			break;
		case 'a':
			allowed = optarg;
			break;
		case 'l':
			lax = true;
			break;
		default:
			goto usage;
		}
	}
	if (optind != argc - 1)
		goto usage;
	if (cgroup)
		cg_join("racer", cgroup);
	end = now() + atof(argv[optind]);
	while (now() < end) {
		rounds++;
		check_keyctl();
		calls += 2;
		if (denied) {
			check_open(denied, EACCES);
			calls++;
		}
		if (allowed) {
			check_open(allowed, 0);
			calls += 2;
		}
		if (rounds % 64 == 0) {
			pid_t pid = fork();
			int status;

			if (pid == 0)
				_exit(check_keyctl() ? 1 : 0);
			forks++;
			if (pid < 0) {
				note("fork", errno);
			} else if (waitpid(pid, &status, 0) != pid ||
				   !WIFEXITED(status) || WEXITSTATUS(status)) {
				if (unexpected++ < 5)
					fprintf(stderr, "racer %d: unexpected: child keyctl (status %#x)\n",
						getpid(), status);
			}
		}
	}
	printf("racer %d: %lu rounds, %lu syscalls, %lu forks, %lu unexpected (keyctl ok %lu)\n",
	       getpid(), rounds, calls, forks, unexpected, keyctl_ok);
	return unexpected ? 1 : 0;
usage:
	fprintf(stderr, "usage: racer [-c CGROUP] [-k ERRNO[,ERRNO]] [-d PATH] [-a PATH] [-l] SECONDS\n");
	return 2;
}
