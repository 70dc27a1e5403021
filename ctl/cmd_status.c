// SPDX-License-Identifier: GPL-2.0
/* moatctl status - whether moat is loaded and enforcing */

#include <getopt.h>
#include <inttypes.h>
#include <json-c/json.h>
#include <stdio.h>
#include <string.h>

#include "moatctl.h"

static const char *state_name(uint32_t state)
{
	switch (state) {
	case MOAT_STATE_ENFORCING:
		return "enforcing";
	case MOAT_STATE_DEGRADED:
		return "degraded";
	case MOAT_STATE_FAILED:
		return "failed";
	default:
		return "unknown";
	}
}

static void print_json(const struct ipc_status *st)
{
	struct json_object *o = json_object_new_object();
	struct json_object *abis = json_object_new_array();
	char kernel[32];
	int abi;

	snprintf(kernel, sizeof(kernel), "%u.%u.%u", st->kernel_version >> 16,
		 (st->kernel_version >> 8) & 0xff, st->kernel_version & 0xff);
	for (abi = 0; abi < __MOAT_ABI_COUNT; abi++)
		if (st->abi_mask & (1U << abi))
			json_object_array_add(abis, json_object_new_string(abi_name(abi)));
	json_object_object_add(o, "version", json_object_new_string(st->version));
	json_object_object_add(o, "kernel", json_object_new_string(kernel));
	json_object_object_add(o, "state", json_object_new_string(state_name(st->state)));
	json_object_object_add(o, "fail_closed", json_object_new_boolean(st->fail_closed));
	json_object_object_add(o, "abis", abis);
	json_object_object_add(o, "syscall_attach", json_object_new_string(
		st->syscall_kprobes < 0 ? "sys_enter" : "kprobes"));
	if (st->syscall_kprobes >= 0)
		json_object_object_add(o, "syscall_kprobes",
				       json_object_new_int(st->syscall_kprobes));
	json_object_object_add(o, "profiles", json_object_new_int64(st->profiles));
	json_object_object_add(o, "attachments", json_object_new_int64(st->attachments));
	json_object_object_add(o, "denials", json_object_new_uint64(st->denials));
	json_object_object_add(o, "reports_dropped", json_object_new_uint64(st->dropped));
	json_object_object_add(o, "hooks_missed", json_object_new_uint64(st->missed));
	puts(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PRETTY |
					    JSON_C_TO_STRING_SPACED |
					    JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(o);
}

int cmd_status(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	struct ipc_status st;
	struct ipc *ipc;
	bool json = false;
	int c, err, abi, n = 0;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "jh", longopts, NULL)) != -1) {
		switch (c) {
		case 'j':
			json = true;
			break;
		case 'h':
			help_of("status");
			return 0;
		default:
			return bad_option("status", argv);
		}
	}
	if (optind != argc) {
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
	if (json) {
		print_json(&st);
		return st.state == MOAT_STATE_ENFORCING ? 0 : 1;
	}
	printf("moat %s on Linux %u.%u.%u: %s\n", st.version,
	       st.kernel_version >> 16, (st.kernel_version >> 8) & 0xff,
	       st.kernel_version & 0xff,
	       st.state == MOAT_STATE_ENFORCING ? "enforcing" :
	       st.state == MOAT_STATE_DEGRADED ?
			"DEGRADED: hook calls were missed, some checks did not run" :
	       st.state == MOAT_STATE_FAILED ?
			(st.fail_closed ?
			 "NOT ENFORCING the hooks: kprobes do not fire (kprobes disabled or ftrace off); failing closed: every syscall of confined tasks is refused" :
			 "NOT ENFORCING the hooks: kprobes do not fire (kprobes disabled or ftrace off)") :
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
	printf("\nprofiles: %u\nattached cgroups: %u\ndenials: %" PRIu64 " (reports dropped by the rate limit: %" PRIu64 ")\nhook calls missed: %" PRIu64 "\n",
	       st.profiles, st.attachments, st.denials, st.dropped, st.missed);
	if (st.state == MOAT_STATE_ENFORCING)
		return 0;
	fprintf(stderr, "%s: status: moat is not fully enforcing (see the first line)\n",
		PROG);
	return 1;
}
