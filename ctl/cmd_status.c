// SPDX-License-Identifier: GPL-2.0
/* moatctl status - whether moat is loaded and enforcing */

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "moatctl.h"

int cmd_status(int argc, char **argv)
{
	struct ipc_status st;
	struct ipc *ipc;
	int err, abi, n = 0;

	if (argc == 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		help_of("status");
		return 0;
	}
	if (argc != 1) {
		usage_of("status");
		return 1;
	}
	if (ipc_connect("status", &ipc))
		return 1;
	err = ipc_status(ipc, &st);
	if (err) {
		err = report_error("status", ipc, err);
		ipc_close(ipc);
		return err;
	}
	ipc_close(ipc);
	printf("moat %s on Linux %u.%u.%u: %s\n", st.version,
	       st.kernel_version >> 16, (st.kernel_version >> 8) & 0xff,
	       st.kernel_version & 0xff,
	       st.state == MOAT_STATE_ENFORCING ? "enforcing" :
	       st.state == MOAT_STATE_DEGRADED ?
			"DEGRADED: hook calls were missed, some checks did not run" :
	       st.state == MOAT_STATE_FAILED ?
			"NOT ENFORCING the hooks: kprobes do not fire (kprobes disabled or ftrace off)" :
			"state unknown");
	printf("syscall ABIs: ");
	for (abi = 0; abi < __MOAT_ABI_COUNT; abi++)
		if (st.abi_mask & (1U << abi))
			printf("%s%s", n++ ? ", " : "", abi_name(abi));
	if (st.syscall_kprobes < 0)
		printf("\nsyscall layer: every syscall, from sys_enter");
	else
		printf("\nsyscall layer: kprobes on %d syscall functions (those the loaded profiles restrict)",
		       st.syscall_kprobes);
	printf("\nprofiles: %u\nattached cgroups: %u\ndenials: %" PRIu64 "\nhook calls missed: %" PRIu64 "\n",
	       st.profiles, st.attachments, st.denials, st.missed);
	if (st.state == MOAT_STATE_ENFORCING)
		return 0;
	fprintf(stderr, "%s: status: moat is not fully enforcing (see the first line)\n",
		PROG);
	return 1;
}
