// SPDX-License-Identifier: GPL-2.0
/* moatctl list - loaded profiles and attached cgroups, as text or JSON */

#include <getopt.h>
#include <inttypes.h>
#include <json-c/json.h>
#include <stdio.h>
#include <string.h>

#include "moatctl.h"

struct listing {
	int nprofiles;
	int nattachments;
	struct json_object *profiles;		/* -j: arrays, else NULL */
	struct json_object *attachments;
};

static void layer_names(uint32_t layers, char *buf, size_t len)
{
	snprintf(buf, len, "%s%s%s", layers & MOAT_LAYER_SYSCALLS ? ",syscall" : "",
		 layers & MOAT_LAYER_PATHS ? ",path" : "",
		 layers & MOAT_LAYER_LABELS ? ",labels" : "");
	if (buf[0])
		memmove(buf, buf + 1, strlen(buf));
}

static int print_profile(const struct ipc_profile *p, void *arg)
{
	struct listing *l = arg;
	char states[16] = "-", layers[32];
	struct json_object *o;

	layer_names(p->layers, layers, sizeof(layers));
	if (l->profiles) {
		o = json_object_new_object();
		json_object_object_add(o, "name", json_object_new_string(p->name));
		json_object_object_add(o, "generation", json_object_new_uint64(p->generation));
		json_object_object_add(o, "attachments", json_object_new_int64(p->attachments));
		json_object_object_add(o, "syscall_rules", json_object_new_int64(p->rules));
		json_object_object_add(o, "dfa_states", json_object_new_int64(p->dfa_states));
		json_object_object_add(o, "memory", json_object_new_int64(p->memory));
		json_object_object_add(o, "layers", json_object_new_string(layers));
		json_object_array_add(l->profiles, o);
		l->nprofiles++;
		return 0;
	}
	if (!l->nprofiles++)
		printf("%-24s %10s %8s %7s %7s %9s  %s\n", "PROFILE", "GENERATION",
		       "ATTACHED", "RULES", "STATES", "MEMORY", "LAYERS");
	if (p->layers & MOAT_LAYER_PATHS)
		snprintf(states, sizeof(states), "%u", p->dfa_states);
	printf("%-24s %10" PRIu64 " %8u %7u %7s %8uK  %s\n", p->name,
	       p->generation, p->attachments, p->rules, states,
	       (p->memory + 1023) / 1024, layers[0] ? layers : "-");
	return 0;
}

static int print_attachment(const struct ipc_attachment *a, void *arg)
{
	struct listing *l = arg;
	char label[MOAT_NAME_MAX + 6 * MOAT_LABEL_CATS] = "";
	const char *mode = a->mode == MOAT_MODE_COMPLAIN ?
		(a->pending ? "complain,exec" : "complain") :
		(a->pending ? "enforce,exec" : "enforce");
	struct json_object *o;

	if (a->has_label)
		label_format(&a->label, label, sizeof(label));
	if (l->attachments) {
		o = json_object_new_object();
		json_object_object_add(o, "cgroup_id", json_object_new_uint64(a->cgroup_id));
		json_object_object_add(o, "cgroup", json_object_new_string(a->path));
		json_object_object_add(o, "profile", json_object_new_string(a->profile));
		json_object_object_add(o, "mode", json_object_new_string(
			a->mode == MOAT_MODE_COMPLAIN ? "complain" : "enforce"));
		json_object_object_add(o, "pending_exec", json_object_new_boolean(a->pending));
		json_object_object_add(o, "denials", json_object_new_uint64(a->denials));
		json_object_object_add(o, "events_dropped", json_object_new_uint64(a->dropped));
		json_object_object_add(o, "label", a->has_label ?
				       json_object_new_string(label) : NULL);
		json_object_array_add(l->attachments, o);
		l->nattachments++;
		return 0;
	}
	if (!l->nattachments++)
		printf("\n%-12s %-24s %-13s %9s %9s %s\n", "CGROUP_ID", "PROFILE",
		       "MODE", "DENIALS", "DROPPED", "CGROUP");
	printf("%-12" PRIu64 " %-24s %-13s %9" PRIu64 " %9" PRIu64 " %s%s%s\n",
	       a->cgroup_id, a->profile, mode, a->denials, a->dropped, a->path,
	       a->has_label ? "  label=" : "", label);
	return 0;
}

int cmd_list(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	struct listing l = { 0 };
	struct json_object *top = NULL;
	struct ipc *ipc;
	int c, err;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "jh", longopts, NULL)) != -1) {
		switch (c) {
		case 'j':
			if (!top) {
				top = json_object_new_object();
				l.profiles = json_object_new_array();
				l.attachments = json_object_new_array();
				json_object_object_add(top, "profiles", l.profiles);
				json_object_object_add(top, "attachments", l.attachments);
			}
			break;
		case 'h':
			help_of("list");
			return 0;
		default:
			json_object_put(top);
			return bad_option("list", argv);
		}
	}
	if (optind != argc) {
		json_object_put(top);
		usage_of("list");
		return 1;
	}
	if (ipc_connect("list", &ipc)) {
		json_object_put(top);
		return 1;
	}
	err = ipc_profiles(ipc, print_profile, &l);
	if (!err)
		err = ipc_attachments(ipc, print_attachment, &l);
	if (err) {
		err = report_error("list", ipc, err);
		ipc_close(ipc);
		json_object_put(top);
		return err;
	}
	ipc_close(ipc);
	if (top) {
		puts(json_object_to_json_string_ext(top, JSON_C_TO_STRING_PRETTY |
						    JSON_C_TO_STRING_SPACED |
						    JSON_C_TO_STRING_NOSLASHESCAPE));
		json_object_put(top);
		return 0;
	}
	if (!l.nprofiles)
		printf("no profiles loaded\n");
	if (!l.nattachments)
		printf("%sno cgroups attached\n", l.nprofiles ? "\n" : "");
	return 0;
}
