// SPDX-License-Identifier: GPL-2.0
/*
 * moatctl attach - confine a cgroup v2 subtree with a loaded profile
 *
 * The cgroup is passed to the kernel as an open directory descriptor, so it
 * is the directory this process resolved, whatever its namespaces.
 */

#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "moatctl.h"

int cmd_attach(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "replace", no_argument, NULL, 'r' },
		{ "complain", no_argument, NULL, 'c' },
		{ "on-exec", no_argument, NULL, 'e' },
		{ "label", required_argument, NULL, 'l' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	struct label label, *lp = NULL;
	uint32_t flags = 0;
	struct ipc *ipc;
	char msg[256];
	int c, fd, err, ret = 0;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'r':
			flags |= MOAT_ATTACH_F_REPLACE;
			break;
		case 'c':
			flags |= MOAT_ATTACH_F_COMPLAIN;
			break;
		case 'e':
			flags |= MOAT_ATTACH_F_ON_EXEC;
			break;
		case 'l':
			if (label_parse(optarg, &label, msg, sizeof(msg))) {
				fprintf(stderr, "%s: attach: --label %s: %s\n",
					PROG, optarg, msg);
				return 1;
			}
			lp = &label;
			break;
		case 'h':
			help_of("attach");
			return 0;
		default:
			return bad_option("attach", argv);
		}
	}
	if (optind != argc - 2) {
		usage_of("attach");
		return 1;
	}
	fd = open(argv[optind + 1], O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "%s: attach: %s: %m\n", PROG, argv[optind + 1]);
		return 1;
	}
	if (ipc_connect("attach", &ipc)) {
		close(fd);
		return 1;
	}
	err = ipc_attach(ipc, argv[optind], fd, lp, flags);
	if (err)
		ret = report_error("attach", ipc, err);
	else
		printf("attached %s to %s%s%s\n", argv[optind], argv[optind + 1],
		       flags & MOAT_ATTACH_F_COMPLAIN ? " (complain mode)" : "",
		       flags & MOAT_ATTACH_F_ON_EXEC ?
		       " (from the subtree's next execve)" : "");
	ipc_close(ipc);
	close(fd);
	return ret;
}
