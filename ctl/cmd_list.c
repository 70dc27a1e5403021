// SPDX-License-Identifier: GPL-2.0
/* moatctl list - loaded profiles and attached cgroups */

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "moatctl.h"

static int print_profile(const struct ipc_profile *p, void *arg)
{
	int *n = arg;

	char states[16] = "-", layers[32];

	if (!(*n)++)
		printf("%-24s %10s %8s %7s %7s %9s  %s\n", "PROFILE", "GENERATION",
		       "ATTACHED", "RULES", "STATES", "MEMORY", "LAYERS");
	if (p->layers & MOAT_LAYER_PATHS)
		snprintf(states, sizeof(states), "%u", p->dfa_states);
	layers[0] = '\0';
	if (p->layers & MOAT_LAYER_SYSCALLS)
		strcat(layers, ",syscall");
	if (p->layers & MOAT_LAYER_PATHS)
		strcat(layers, ",path");
	if (p->layers & MOAT_LAYER_LABELS)
		strcat(layers, ",labels");
	printf("%-24s %10" PRIu64 " %8u %7u %7s %8uK  %s\n", p->name,
	       p->generation, p->attachments, p->rules, states,
	       (p->memory + 1023) / 1024, layers[0] ? layers + 1 : "-");
	return 0;
}

static int print_attachment(const struct ipc_attachment *a, void *arg)
{
	int *n = arg;

	char label[MOAT_NAME_MAX + 6 * MOAT_LABEL_CATS] = "";

	if (!(*n)++)
		printf("\n%-12s %-24s %s\n", "CGROUP_ID", "PROFILE", "CGROUP");
	if (a->has_label)
		label_format(&a->label, label, sizeof(label));
	printf("%-12" PRIu64 " %-24s %s%s%s\n", a->cgroup_id, a->profile,
	       a->path, a->has_label ? "  label=" : "", label);
	return 0;
}

int cmd_list(int argc, char **argv)
{
	struct ipc *ipc;
	int err, np = 0, na = 0;

	if (argc == 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		help_of("list");
		return 0;
	}
	if (argc != 1) {
		usage_of("list");
		return 1;
	}
	if (ipc_connect("list", &ipc))
		return 1;
	err = ipc_profiles(ipc, print_profile, &np);
	if (!err)
		err = ipc_attachments(ipc, print_attachment, &na);
	if (err) {
		err = report_error("list", ipc, err);
		ipc_close(ipc);
		return err;
	}
	ipc_close(ipc);
	if (!np)
		printf("no profiles loaded\n");
	if (!na)
		printf("%sno cgroups attached\n", np ? "\n" : "");
	return 0;
}
