// SPDX-License-Identifier: GPL-2.0
/*
 * moatctl detach - lift a cgroup's confinement
 *
 * By directory, or by cgroup id (from 'moatctl list') for a cgroup that was
 * removed while attached.
 */

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "moatctl.h"

int cmd_detach(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "id", required_argument, NULL, 'i' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	const char *id_arg = NULL;
	struct ipc *ipc;
	int c, fd = -1, err, ret = 0;
	uint64_t id = 0;
	char *end;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'i':
			id_arg = optarg;
			break;
		case 'h':
			help_of("detach");
			return 0;
		default:
			return bad_option("detach", argv);
		}
	}
	if (id_arg ? optind != argc : optind != argc - 1) {
		usage_of("detach");
		return 1;
	}
	if (id_arg) {
		errno = 0;
		id = strtoull(id_arg, &end, 10);
		if (errno || *end || !isdigit((unsigned char)*id_arg)) {
			fprintf(stderr, "%s: detach: \"%s\" is not a cgroup id\n",
				PROG, id_arg);
			return 1;
		}
	} else {
		fd = open(argv[optind], O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (fd < 0) {
			fprintf(stderr, "%s: detach: %s: %m\n", PROG, argv[optind]);
			return 1;
		}
	}
	if (ipc_connect("detach", &ipc)) {
		if (fd >= 0)
			close(fd);
		return 1;
	}
	err = id_arg ? ipc_detach_id(ipc, id) : ipc_detach_fd(ipc, fd);
	if (err)
		ret = report_error("detach", ipc, err);
	else if (id_arg)
		printf("detached cgroup %" PRIu64 "\n", id);
	else
		printf("detached %s\n", argv[optind]);
	ipc_close(ipc);
	if (fd >= 0)
		close(fd);
	return ret;
}
