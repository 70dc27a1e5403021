// SPDX-License-Identifier: GPL-2.0
/*
 * moatctl derive - BASE plus exactly the named holes, as a new profile file
 *
 * The holes are named on the command line (--allow-syscall, --allow) or
 * proposed from moat's denial records (--from-log) and confirmed one by
 * one. derive.c does the editing and the checking; this file reads the
 * options, the log and the answers.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "derive.h"
#include "moatctl.h"
#include "policy_diff.h"

#define AUDIT_LOG "/var/log/audit/audit.log"

static double clock_secs(clockid_t id)
{
	struct timespec ts;

	if (clock_gettime(id, &ts))
		return 0;
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/*
 * The kernel ring buffer as a stream of klogctl()-style lines; NULL with
 * errno. Read from /dev/kmsg, record by record, not with klogctl(): that
 * gives a message with a newline as several lines, each with the kernel's
 * prefix, and a USER_AVC record printed without auditd carries a message
 * any task with CAP_AUDIT_WRITE chooses.
 */
static FILE *open_kernel_log(char **buf)
{
	char rec[8192 + 1];
	size_t len = 0;
	FILE *out;
	int fd, e;

	*buf = NULL;
	fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	out = open_memstream(buf, &len);
	if (!out) {
		e = errno;
		close(fd);
		errno = e;
		return NULL;
	}
	for (;;) {
		ssize_t n = read(fd, rec, sizeof(rec) - 1);

		if (n < 0 && errno == EPIPE)
			continue;	/* overwritten meanwhile: go on */
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN)
			break;
		if (n <= 0) {
			e = n ? errno : EIO;
			fclose(out);
			free(*buf);
			*buf = NULL;
			close(fd);
			errno = e;
			return NULL;
		}
		kmsg_record_line(rec, n, out);
	}
	close(fd);
	fputc('\n', out);
	if (fclose(out)) {
		free(*buf);
		*buf = NULL;
		return NULL;
	}
	return fmemopen(*buf, len, "r");
}

static bool ask(const char *question, bool yes)
{
	char line[64];

	if (yes) {
		fprintf(stderr, "%s [y/N] y (--yes)\n", question);
		return true;
	}
	fprintf(stderr, "%s [y/N] ", question);
	fflush(stderr);
	if (!fgets(line, sizeof(line), stdin))
		return false;
	return line[0] == 'y' || line[0] == 'Y';
}

struct from_log {
	const char *log;
	const char *since;
	const char *name;
	bool yes;
};

/*
 * Proposes holes from the log and asks for each; appends the accepted ones
 * to syscalls/paths. Returns 0 (possibly none accepted), 1 on error.
 */
static int holes_from_log(const char *base, bool json, const struct from_log *fl,
			  char **syscalls, size_t *nsys,
			  struct derive_path *paths, size_t *npaths,
			  struct derive_scan *scan, struct path_layer *pl,
			  bool *have_pl)
{
	double now = clock_secs(CLOCK_REALTIME);
	char *profile = fl->name ? strdup(fl->name) : derive_profile_name(base, NULL);
	const char *source = fl->log;
	char *kbuf = NULL, err[1024];
	bool tty = isatty(STDIN_FILENO);
	size_t i, asked = 0;
	FILE *f = NULL;
	int ret = 1;

	if (!profile) {
		fprintf(stderr, "%s: derive: cannot tell the profile name of %s: give --name NAME\n",
			PROG, base);
		return 1;
	}
	scan->profile = profile;
	scan->want_syscalls = json;
	scan->boot_to_real = now - clock_secs(CLOCK_BOOTTIME);
	if (fl->since) {
		if (parse_since(fl->since, now, &scan->since)) {
			fprintf(stderr, "%s: derive: --since wants a Unix time in seconds or a duration ago (30s, 10m, 2h, 1d), not \"%s\"\n",
				PROG, fl->since);
			goto out;
		}
		scan->has_since = true;
	}
	if (source) {
		f = strcmp(source, "-") ? fopen(source, "r") : stdin;
		if (!f) {
			fprintf(stderr, "%s: derive: %s: %s\n", PROG, source, strerror(errno));
			goto out;
		}
	} else if ((f = fopen(AUDIT_LOG, "r"))) {
		source = AUDIT_LOG;
	} else {
		source = "the kernel log";
		f = open_kernel_log(&kbuf);
		if (!f) {
			fprintf(stderr, "%s: derive: cannot read %s (%s) nor the kernel log, /dev/kmsg (%s): give --log FILE\n",
				PROG, AUDIT_LOG, strerror(ENOENT), strerror(errno));
			goto out;
		}
	}
	if (derive_scan_file(scan, f)) {
		fprintf(stderr, "%s: derive: out of memory\n", PROG);
		goto out;
	}
	fprintf(stderr, "%s: %zu moat record%s, %zu of profile \"%s\" counted",
		source, scan->records, scan->records == 1 ? "" : "s",
		scan->counted, profile);
	if (scan->other_profile)
		fprintf(stderr, ", %zu of other profiles ignored", scan->other_profile);
	if (scan->too_old)
		fprintf(stderr, ", %zu older than --since", scan->too_old);
	fprintf(stderr, "\n");
	if (scan->has_since && scan->no_time)
		fprintf(stderr, "note: %zu record%s without a time stamp kept\n",
			scan->no_time, scan->no_time == 1 ? "" : "s");
	if (scan->malformed)
		fprintf(stderr, "note: %zu moat line%s did not parse and %s skipped\n",
			scan->malformed, scan->malformed == 1 ? "" : "s",
			scan->malformed == 1 ? "was" : "were");
	if (scan->ignored)
		fprintf(stderr, "note: %zu line%s mention%s moat= but %s not kernel record%s: ignored\n",
			scan->ignored, scan->ignored == 1 ? "" : "s",
			scan->ignored == 1 ? "s" : "",
			scan->ignored == 1 ? "is" : "are",
			scan->ignored == 1 ? "" : "s");
	for (i = 0; i < scan->nskipped; i++)
		fprintf(stderr, "skipped: %s, %zu record%s (derive cannot make this hole in %s)\n",
			scan->skipped[i].what, scan->skipped[i].count,
			scan->skipped[i].count == 1 ? "" : "s", base);
	if (!json) {
		if (path_layer_compile(base, NULL, pl, err, sizeof(err))) {
			fprintf(stderr, "%s: derive: %s\n", PROG, err);
			goto out;
		}
		*have_pl = true;
	}
	if (!scan->nholes) {
		ret = 0;
		goto out;
	}
	if (!tty && !fl->yes) {
		for (i = 0; i < scan->nholes; i++) {
			char ps[8];

			file_perms_str(scan->holes[i].perms, ps);
			fprintf(stderr, "proposed: %s %s%s%s (denied %zu time%s)\n",
				scan->holes[i].syscall ? "--allow-syscall" : "--allow",
				scan->holes[i].what, scan->holes[i].syscall ? "" : " ",
				scan->holes[i].syscall ? "" : ps, scan->holes[i].count,
				scan->holes[i].count == 1 ? "" : "s");
		}
		fprintf(stderr, "%s: derive: standard input is not a terminal and --yes is not given: nothing written\n",
			PROG);
		goto out;
	}
	for (i = 0; i < scan->nholes; i++) {
		const struct derive_hole *h = &scan->holes[i];
		char q[1024], ps[8], why[512], pid[32] = "";
		FILE *qf = fmemopen(q, sizeof(q) - 1, "w");

		if (!qf)
			goto out;
		file_perms_str(h->perms, ps);
		if (!h->syscall) {
			uint32_t denied = path_layer_denies(pl, h->what, h->perms,
							    why, sizeof(why));

			if (denied) {
				char ds[8];

				file_perms_str(denied, ds);
				fclose(qf);
				fprintf(stderr, "cannot allow %s %s: %s denies %s there (%s); a deny always wins\n",
					h->what, ps, base, ds, why);
				continue;
			}
		}
		if (h->pid >= 0)
			snprintf(pid, sizeof(pid), "pid %ld ", h->pid);
		fprintf(qf, "Allow %s ", h->syscall ? "syscall" : "path");
		path_print(qf, h->what, strlen(h->what));
		if (!h->syscall)
			fprintf(qf, " %s", ps);
		fprintf(qf, " (denied %zu time%s, e.g. %scomm ", h->count,
			h->count == 1 ? "" : "s", pid);
		if (h->comm) {
			fputc('"', qf);
			path_print(qf, h->comm, strlen(h->comm));
			fputc('"', qf);
		} else {
			fputs("?", qf);
		}
		fputs(")?", qf);
		fclose(qf);
		asked++;
		if (!ask(q, fl->yes))
			continue;
		if (h->syscall) {
			syscalls[(*nsys)++] = h->what;
		} else {
			paths[*npaths].path = h->what;
			paths[(*npaths)++].perms = h->perms;
		}
	}
	ret = 0;
out:
	if (f && f != stdin)
		fclose(f);
	free(kbuf);
	free(profile);
	scan->profile = NULL;
	return ret;
}

int cmd_derive(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "allow-syscall", required_argument, NULL, 'A' },
		{ "allow", required_argument, NULL, 'P' },
		{ "output", required_argument, NULL, 'o' },
		{ "from-log", no_argument, NULL, 'F' },
		{ "log", required_argument, NULL, 'L' },
		{ "since", required_argument, NULL, 'S' },
		{ "yes", no_argument, NULL, 'y' },
		{ "name", required_argument, NULL, 'n' },
		{ "cap-add", required_argument, NULL, 'a' },
		{ "cap-drop", required_argument, NULL, 'd' },
		{ "kernel", required_argument, NULL, 'k' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	char **add = calloc(argc, sizeof(char *));
	char **drop = calloc(argc, sizeof(char *));
	char **syscalls = NULL;
	struct derive_path *paths = NULL;
	struct derive_scan scan = { 0 };
	struct derive_req req = { 0 };
	struct from_log fl = { 0 };
	struct path_layer pl;
	size_t nadd = 0, ndrop = 0, nsys = 0, npaths = 0;
	bool from_log = false, kernel_given = false, have_pl = false;
	char err[2048];
	int c, ret = 1;
	FILE *msg;

	syscalls = calloc(argc, sizeof(*syscalls));
	paths = calloc(argc, sizeof(*paths));
	if (!add || !drop || !syscalls || !paths)
		goto out;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "o:yh", longopts, NULL)) != -1) {
		switch (c) {
		case 'A':
			syscalls[nsys++] = optarg;
			break;
		case 'P':
			if (optind >= argc || argv[optind][0] == '-') {
				fprintf(stderr, "%s: derive: --allow wants PATH and PERMS (letters of rwalkmx)\n",
					PROG);
				usage_of("derive");
				goto out;
			}
			if (file_perms_parse(argv[optind], &paths[npaths].perms) ||
			    !paths[npaths].perms) {
				fprintf(stderr, "%s: derive: --allow %s %s: PERMS are letters of rwalkmx\n",
					PROG, optarg, argv[optind]);
				goto out;
			}
			paths[npaths++].path = optarg;
			optind++;
			break;
		case 'o':
			req.out = optarg;
			break;
		case 'F':
			from_log = true;
			break;
		case 'L':
			fl.log = optarg;
			break;
		case 'S':
			fl.since = optarg;
			break;
		case 'y':
			fl.yes = true;
			break;
		case 'n':
			fl.name = optarg;
			break;
		case 'a':
			add[nadd++] = optarg;
			break;
		case 'd':
			drop[ndrop++] = optarg;
			break;
		case 'k':
			if (policy_kernel_arg("derive", optarg, &req.opts))
				goto out;
			kernel_given = true;
			break;
		case 'h':
			help_of("derive");
			ret = 0;
			goto out;
		default:
			bad_option("derive", argv);
			goto out;
		}
	}
	if (argc - optind != 1) {
		fprintf(stderr, "%s: derive: give one BASE profile file\n", PROG);
		usage_of("derive");
		goto out;
	}
	req.base = argv[optind];
	if (policy_opts_resolve("derive", add, nadd, drop, ndrop, kernel_given,
				&req.opts))
		goto out;
	if (!from_log && (fl.log || fl.since || fl.yes || fl.name)) {
		fprintf(stderr, "%s: derive: --log, --since, --yes and --name go with --from-log\n",
			PROG);
		goto out;
	}
	if (!req.out) {
		fprintf(stderr, "%s: derive: -o FILE is required (-o - for standard output)\n",
			PROG);
		usage_of("derive");
		goto out;
	}
	if (access(req.base, R_OK)) {
		fprintf(stderr, "%s: derive: %s: %s\n", PROG, req.base, strerror(errno));
		goto out;
	}
	if (!file_is_seccomp_json(req.base) && (nadd || ndrop || kernel_given)) {
		fprintf(stderr, "%s: derive: --cap-add, --cap-drop and --kernel apply to a seccomp JSON base\n",
			PROG);
		goto out;
	}
	if (from_log) {
		size_t before = nsys + npaths;

		if (holes_from_log(req.base, file_is_seccomp_json(req.base), &fl,
				   syscalls, &nsys, paths, &npaths, &scan, &pl,
				   &have_pl))
			goto out;
		if (nsys + npaths == before && !before) {
			fprintf(stderr, "%s: derive: no hole %s: nothing written\n", PROG,
				scan.nholes ? "accepted" : "to propose");
			ret = 0;
			goto out;
		}
	}
	req.syscalls = syscalls;
	req.nsyscalls = nsys;
	req.paths = paths;
	req.npaths = npaths;
	msg = strcmp(req.out, "-") ? stdout : stderr;
	if (derive_run(&req, msg, err, sizeof(err))) {
		fprintf(stderr, "%s: derive: %s\n", PROG, err);
		goto out;
	}
	ret = 0;
out:
	if (have_pl)
		path_layer_free(&pl);
	derive_scan_free(&scan);
	free(syscalls);
	free(paths);
	free(add);
	free(drop);
	return ret;
}
