/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cgjoin.h - the VM test programs' move of themselves into a cgroup
 */
#ifndef MOAT_TESTS_CGJOIN_H
#define MOAT_TESTS_CGJOIN_H

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

/* Writes our pid into @cgroup/cgroup.procs; exits 2 (as @prog) if it cannot. */
static inline void cg_join(const char *prog, const char *cgroup)
{
	char path[4096], pid[32];
	int fd, len;

	snprintf(path, sizeof(path), "%s/cgroup.procs", cgroup);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	len = snprintf(pid, sizeof(pid), "%d\n", getpid());
	if (fd < 0 || write(fd, pid, len) != len) {
		fprintf(stderr, "%s: cannot join %s: %m\n", prog, cgroup);
		exit(2);
	}
	close(fd);
}

#endif
