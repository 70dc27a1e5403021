// SPDX-License-Identifier: GPL-2.0
/*
 * moatctl label - files' labels (the security.moat xattr) and cgroups'
 *
 *   label set PATH LABEL [-R]   write the label (canonical text); -R walks
 *                               the tree, reporting progress on stderr
 *   label get PATH              print the label, or "(none)"
 *   label remove PATH           remove the label
 *   label show CGROUP_DIR       the label of an attached cgroup's tasks
 *
 * Setting a label needs CAP_MAC_ADMIN in the initial user namespace and is
 * refused to confined tasks (the kernel says EPERM).
 */

#define _GNU_SOURCE
#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <time.h>

#include "moatctl.h"

static char label_text[MOAT_NAME_MAX + 6 * MOAT_LABEL_CATS];
static unsigned long labelled, failed;
static time_t last_report;

static int set_one(const char *path, const struct stat *st, int type,
		   struct FTW *ftw)
{
	time_t now;

	if (type == FTW_SL || type == FTW_NS || type == FTW_DNR)
		return 0;	/* symlinks are not followed; unreadable: skip */
	if (lsetxattr(path, MOAT_LABEL_XATTR, label_text, strlen(label_text),
		      0)) {
		fprintf(stderr, "%s: label: %s: %m\n", PROG, path);
		failed++;
		return errno == EPERM ? 1 : 0;	/* EPERM: stop, it is everywhere */
	}
	labelled++;
	now = time(NULL);
	if (now != last_report) {
		fprintf(stderr, "%s: label: %lu labelled...\n", PROG, labelled);
		last_report = now;
	}
	return 0;
}

static int label_set(const char *path, const char *text, bool recurse)
{
	struct label l;
	char err[256];

	if (label_parse(text, &l, err, sizeof(err))) {
		fprintf(stderr, "%s: label: %s: %s\n", PROG, text, err);
		return 1;
	}
	label_format(&l, label_text, sizeof(label_text));
	if (!recurse) {
		if (lsetxattr(path, MOAT_LABEL_XATTR, label_text,
			      strlen(label_text), 0)) {
			fprintf(stderr, "%s: label: %s: %m\n", PROG, path);
			return 1;
		}
		return 0;
	}
	last_report = time(NULL);
	nftw(path, set_one, 64, FTW_PHYS | FTW_MOUNT);
	fprintf(stderr, "%s: label: %lu labelled %s%s%s\n", PROG, labelled,
		label_text, failed ? ", failures: " : "", failed ? "see above" : "");
	return failed ? 1 : 0;
}

static int label_get(const char *path)
{
	char buf[MOAT_NAME_MAX + 6 * MOAT_LABEL_CATS + 1];
	ssize_t n = lgetxattr(path, MOAT_LABEL_XATTR, buf, sizeof(buf) - 1);

	if (n < 0 && (errno == ENODATA || errno == ENOTSUP)) {
		printf("(none)\n");
		return 0;
	}
	if (n < 0) {
		fprintf(stderr, "%s: label: %s: %m\n", PROG, path);
		return 1;
	}
	buf[n] = '\0';
	printf("%s\n", buf);
	return 0;
}

struct show {
	uint64_t id;
	bool found;
};

static int show_one(const struct ipc_attachment *a, void *arg)
{
	struct show *s = arg;
	char text[MOAT_NAME_MAX + 6 * MOAT_LABEL_CATS];

	if (a->cgroup_id != s->id)
		return 0;
	s->found = true;
	if (a->has_label) {
		label_format(&a->label, text, sizeof(text));
		printf("%s\n", text);
	} else {
		printf("(none)\n");
	}
	return 0;
}

static int label_show(const char *dir)
{
	struct show s = { 0 };
	struct ipc *ipc;
	struct stat st;
	int err;

	if (stat(dir, &st)) {
		fprintf(stderr, "%s: label: %s: %m\n", PROG, dir);
		return 1;
	}
	s.id = st.st_ino;
	if (ipc_connect("label", &ipc))
		return 1;
	err = ipc_attachments(ipc, show_one, &s);
	ipc_close(ipc);
	if (err)
		return report_error("label", NULL, err);
	if (!s.found) {
		fprintf(stderr, "%s: label: %s is not attached\n", PROG, dir);
		return 1;
	}
	return 0;
}

int cmd_label(int argc, char **argv)
{
	bool recurse = false;
	int i, n = 0;
	char *args[3];

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-R") || !strcmp(argv[i], "--recursive"))
			recurse = true;
		else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			help_of("label");
			return 0;
		} else if (argv[i][0] == '-' && argv[i][1])
			return bad_option("label", argv);
		else if (n < 3)
			args[n++] = argv[i];
		else
			n++;
	}
	if (n == 3 && !strcmp(args[0], "set"))
		return label_set(args[1], args[2], recurse);
	if (n == 2 && !strcmp(args[0], "get") && !recurse)
		return label_get(args[1]);
	if (n == 2 && !strcmp(args[0], "remove") && !recurse) {
		if (lremovexattr(args[1], MOAT_LABEL_XATTR)) {
			fprintf(stderr, "%s: label: %s: %m\n", PROG, args[1]);
			return 1;
		}
		return 0;
	}
	if (n == 2 && !strcmp(args[0], "show") && !recurse)
		return label_show(args[1]);
	usage_of("label");
	return 1;
}
