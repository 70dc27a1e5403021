// SPDX-License-Identifier: GPL-2.0
/*
 * runas - run a command in a cgroup and/or as another user, for the VM tests
 *
 *   runas [-c CGROUP_DIR] [-u UID] [-g GID] -- COMMAND [ARG...]
 *
 * Joins the cgroup first (as root), then drops to GID and UID with no
 * supplementary groups (which clears every capability), then executes.
 */

#define _GNU_SOURCE
#include <fcntl.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	long uid = -1, gid = -1;
	char path[4096], pid[32];
	int c, fd, len;

	while ((c = getopt(argc, argv, "+c:u:g:")) != -1) {
		switch (c) {
		case 'c':
			snprintf(path, sizeof(path), "%s/cgroup.procs", optarg);
			fd = open(path, O_WRONLY | O_CLOEXEC);
			len = snprintf(pid, sizeof(pid), "%d\n", getpid());
			if (fd < 0 || write(fd, pid, len) != len) {
				fprintf(stderr, "runas: cannot join %s: %m\n", optarg);
				return 2;
			}
			close(fd);
			break;
		case 'u':
			uid = strtol(optarg, NULL, 10);
			break;
		case 'g':
			gid = strtol(optarg, NULL, 10);
			break;
		default:
			goto usage;
		}
	}
	if (optind >= argc)
		goto usage;
	if (gid >= 0 && (setgroups(0, NULL) || setgid(gid))) {
		perror("runas: setgid");
		return 2;
	}
	if (uid >= 0 && setuid(uid)) {
		perror("runas: setuid");
		return 2;
	}
	execvp(argv[optind], argv + optind);
	fprintf(stderr, "runas: %s: %m\n", argv[optind]);
	return 127;
usage:
	fprintf(stderr, "usage: runas [-c CGROUP] [-u UID] [-g GID] -- COMMAND [ARG...]\n");
	return 2;
}
