// SPDX-License-Identifier: GPL-2.0
/*
 * moatctl mode - switch an attached cgroup between enforce and complain
 *
 * In complain mode moat decides as in enforce mode and reports each
 * would-be denial (moatctl monitor, the audit log), but lets it happen.
 * The tasks stay confined: the floor between containers, the refusal to
 * leave the subtree and the control plane's refusals still hold.
 */

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "moatctl.h"

int cmd_mode(int argc, char **argv)
{
	struct ipc *ipc;
	uint32_t mode;
	int fd, err, ret = 0;

	if (argc == 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		help_of("mode");
		return 0;
	}
	if (argc != 3) {
		usage_of("mode");
		return 1;
	}
	if (!strcmp(argv[1], "enforce")) {
		mode = MOAT_MODE_ENFORCE;
	} else if (!strcmp(argv[1], "complain")) {
		mode = MOAT_MODE_COMPLAIN;
	} else {
		fprintf(stderr, "%s: mode: \"%s\" is not a mode: enforce or complain\n",
			PROG, argv[1]);
		return 1;
	}
	fd = open(argv[2], O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "%s: mode: %s: %m\n", PROG, argv[2]);
		return 1;
	}
	if (ipc_connect("mode", &ipc)) {
		close(fd);
		return 1;
	}
	err = ipc_set_mode_fd(ipc, fd, mode);
	if (err)
		ret = report_error("mode", ipc, err);
	else
		printf("%s: %s mode\n", argv[2], argv[1]);
	ipc_close(ipc);
	close(fd);
	return ret;
}
