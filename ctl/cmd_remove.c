// SPDX-License-Identifier: GPL-2.0
/* moatctl remove - remove a loaded profile that no cgroup is attached to */

#include <stdio.h>
#include <string.h>

#include "moatctl.h"

int cmd_remove(int argc, char **argv)
{
	struct ipc *ipc;
	int err, ret = 0;

	if (argc == 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		help_of("remove");
		return 0;
	}
	if (argc != 2) {
		usage_of("remove");
		return 1;
	}
	if (ipc_connect("remove", &ipc))
		return 1;
	err = ipc_remove(ipc, argv[1]);
	if (err)
		ret = report_error("remove", ipc, err);
	else
		printf("removed profile %s\n", argv[1]);
	ipc_close(ipc);
	return ret;
}
