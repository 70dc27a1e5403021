// SPDX-License-Identifier: GPL-2.0
/*
 * moatctl monitor - stream denials as moat reports them
 *
 * Joins the "events" multicast group of the moat family and prints one
 * line per denial (in complain mode: per would-be denial), or one JSON
 * object per line with -j. The kernel rate-limits events per attachment;
 * what it dropped is announced by the next event that gets through, and
 * what this socket could not keep up with is reported on stderr.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <json-c/json.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "moatctl.h"

struct cgroup_name {
	uint64_t id;
	char path[4096];
};

struct monitor {
	struct ipc *ipc;
	bool json;
	bool filter;
	uint64_t filter_id;
	long count;		/* events left to print; -1: no end */
	struct cgroup_name *names;
	size_t nnames;
	bool refreshed;		/* the names were read for the current event */
};

static int remember(const struct ipc_attachment *a, void *arg)
{
	struct monitor *m = arg;
	struct cgroup_name *n;

	n = realloc(m->names, (m->nnames + 1) * sizeof(*n));
	if (!n)
		return -ENOMEM;
	m->names = n;
	n[m->nnames].id = a->cgroup_id;
	snprintf(n[m->nnames].path, sizeof(n->path), "%s", a->path);
	m->nnames++;
	return 0;
}

/*
 * The attachments' paths, read on a separate socket (the monitor's own one
 * receives events). Events of a cgroup attached after the start re-read them.
 */
static void read_names(struct monitor *m)
{
	struct ipc *ipc;

	free(m->names);
	m->names = NULL;
	m->nnames = 0;
	if (ipc_open(&ipc))
		return;
	ipc_attachments(ipc, remember, m);
	ipc_close(ipc);
}

static const char *cgroup_of(struct monitor *m, uint64_t id)
{
	size_t i;

	for (i = 0; i < m->nnames; i++)
		if (m->names[i].id == id)
			return m->names[i].path;
	if (!m->refreshed) {
		m->refreshed = true;
		read_names(m);
		return cgroup_of(m, id);
	}
	return NULL;
}

static const char *errno_name(uint32_t err, char *buf, size_t len)
{
	const char *name = strerrorname_np((int)err);

	if (name)
		return name;
	snprintf(buf, len, "%u", err);
	return buf;
}

/* A string as the audit record writes it: quoted if plain, else hex. */
static void print_string(const char *s)
{
	const unsigned char *p;

	for (p = (const unsigned char *)s; *p; p++)
		if (*p <= 0x20 || *p >= 0x7f || *p == '"')
			break;
	if (!*p) {
		printf("\"%s\"", s);
		return;
	}
	for (p = (const unsigned char *)s; *p; p++)
		printf("%02X", *p);
}

static void print_plain(struct monitor *m, const struct ipc_event *ev,
			const char *cgroup, const char *sys, const char *err)
{
	char when[64];
	time_t t = (time_t)(ev->time_ns / 1000000000);
	struct tm tm;

	localtime_r(&t, &tm);
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%S", &tm);
	printf("%s.%03u %s %s %s pid=%u comm=", when,
	       (unsigned int)(ev->time_ns / 1000000 % 1000),
	       ev->mode == MOAT_MODE_COMPLAIN ? "would deny" : "denied",
	       ev->profile, cgroup, ev->pid);
	print_string(ev->comm);
	if (!strcmp(ev->operation, "syscall")) {
		printf(" syscall %s (%s %" PRId64 ")", sys, abi_name(ev->abi),
		       ev->syscall);
	} else {
		printf(" %s", ev->operation);
		if (ev->name[0]) {
			putchar(' ');
			print_string(ev->name);
		}
		if (ev->requested[0])
			printf(" requested=%s", ev->requested);
		if (ev->denied[0])
			printf(" denied=%s", ev->denied);
		if (ev->fields[0])
			printf(" %s", ev->fields);
		if (ev->syscall >= 0)
			printf(" (in %s)", sys);
	}
	printf(": %s", err);
	if (ev->dropped)
		printf(" [%" PRIu64 " earlier events dropped by the rate limit]",
		       ev->dropped);
	putchar('\n');
	(void)m;
}

static void print_json(const struct ipc_event *ev, const char *cgroup,
		       const char *sys, const char *err)
{
	struct json_object *o = json_object_new_object();

	json_object_object_add(o, "time", json_object_new_double(ev->time_ns / 1e9));
	json_object_object_add(o, "verdict", json_object_new_string(
		ev->mode == MOAT_MODE_COMPLAIN ? "would deny" : "denied"));
	json_object_object_add(o, "mode", json_object_new_string(
		ev->mode == MOAT_MODE_COMPLAIN ? "complain" : "enforce"));
	json_object_object_add(o, "operation", json_object_new_string(ev->operation));
	json_object_object_add(o, "profile", json_object_new_string(ev->profile));
	json_object_object_add(o, "cgroup_id", json_object_new_uint64(ev->cgroup_id));
	json_object_object_add(o, "cgroup", json_object_new_string(cgroup));
	if (ev->name[0])
		json_object_object_add(o, "name", json_object_new_string(ev->name));
	if (ev->requested[0])
		json_object_object_add(o, "requested", json_object_new_string(ev->requested));
	if (ev->denied[0])
		json_object_object_add(o, "denied", json_object_new_string(ev->denied));
	if (ev->fields[0])
		json_object_object_add(o, "fields", json_object_new_string(ev->fields));
	json_object_object_add(o, "abi", json_object_new_string(abi_name(ev->abi)));
	if (ev->syscall >= 0) {
		json_object_object_add(o, "syscall", json_object_new_int64(ev->syscall));
		json_object_object_add(o, "syscall_name", json_object_new_string(sys));
	}
	json_object_object_add(o, "errno", json_object_new_int((int)ev->err));
	json_object_object_add(o, "error", json_object_new_string(err));
	json_object_object_add(o, "pid", json_object_new_int64(ev->pid));
	json_object_object_add(o, "comm", json_object_new_string(ev->comm));
	json_object_object_add(o, "dropped", json_object_new_uint64(ev->dropped));
	puts(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN |
						    JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(o);
}

static int on_event(const struct ipc_event *ev, void *arg)
{
	struct monitor *m = arg;
	char ebuf[16], sbuf[24], cbuf[32];
	const char *cgroup, *err;
	char *sys = NULL;

	if (m->filter && ev->cgroup_id != m->filter_id)
		return 0;
	m->refreshed = false;
	cgroup = cgroup_of(m, ev->cgroup_id);
	if (!cgroup) {
		snprintf(cbuf, sizeof(cbuf), "cgroup:%" PRIu64, ev->cgroup_id);
		cgroup = cbuf;
	}
	if (ev->syscall >= 0)
		sys = syscall_name(ev->abi, (uint32_t)ev->syscall);
	if (!sys && ev->syscall >= 0)
		snprintf(sbuf, sizeof(sbuf), "%" PRId64, ev->syscall);
	err = errno_name(ev->err, ebuf, sizeof(ebuf));
	if (m->json)
		print_json(ev, cgroup, sys ? sys : sbuf, err);
	else
		print_plain(m, ev, cgroup, sys ? sys : sbuf, err);
	free(sys);
	if (m->count > 0 && --m->count == 0)
		return 1;
	return 0;
}

static void on_lost(void *arg)
{
	(void)arg;
	fprintf(stderr, "%s: monitor: this listener fell behind: the kernel dropped events for it (its socket buffer was full)\n",
		PROG);
}

/* The attachment that confines dir: dir's own, or its nearest attached ancestor's. */
static int filter_of(struct monitor *m, const char *dir)
{
	char path[PATH_MAX], *p;
	struct stat st;
	size_t i;

	if (!realpath(dir, path) || stat(path, &st) || !S_ISDIR(st.st_mode)) {
		fprintf(stderr, "%s: monitor: %s: %s\n", PROG, dir,
			errno ? strerror(errno) : "not a directory");
		return -1;
	}
	m->filter = true;
	m->filter_id = st.st_ino;
	read_names(m);
	for (p = path; *p; ) {
		if (stat(p, &st))
			break;
		for (i = 0; i < m->nnames; i++) {
			if (m->names[i].id == (uint64_t)st.st_ino) {
				m->filter_id = st.st_ino;
				return 0;
			}
		}
		if (!strcmp(p, "/"))
			break;
		p = dirname(p);
	}
	return 0;
}

int cmd_monitor(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "count", required_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	struct monitor m = { .count = -1 };
	char *end;
	int c, err, ret = 0;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "jn:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'j':
			m.json = true;
			break;
		case 'n':
			m.count = strtol(optarg, &end, 10);
			if (*end || m.count <= 0) {
				fprintf(stderr, "%s: monitor: --count %s: not a positive number\n",
					PROG, optarg);
				return 1;
			}
			break;
		case 'h':
			help_of("monitor");
			return 0;
		default:
			return bad_option("monitor", argv);
		}
	}
	if (argc - optind > 1) {
		usage_of("monitor");
		return 1;
	}
	if (optind < argc && filter_of(&m, argv[optind]))
		return 1;
	/* one line per event, also into a pipe or a file */
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (ipc_connect("monitor", &m.ipc)) {
		free(m.names);
		return 1;
	}
	if (!m.filter)
		read_names(&m);
	err = ipc_monitor(m.ipc, on_event, on_lost, &m);
	if (err < 0) {
		if (err == -EPERM)
			fprintf(stderr, "%s: monitor: joining the events group needs CAP_SYS_ADMIN\n",
				PROG);
		else
			report_error("monitor", m.ipc, err);
		ret = 1;
	}
	ipc_close(m.ipc);
	free(m.names);
	return ret;
}
