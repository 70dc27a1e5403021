/* SPDX-License-Identifier: GPL-2.0 */
/*
 * moatctl - a profile that is its base plus exactly the holes asked for
 *
 * derive.c edits a seccomp JSON (json-c) or an AppArmor-syntax text, then
 * compiles base and result and checks with policy_diff.c that nothing
 * but the holes changed; denial_log.c reads moat's denial records and
 * proposes the holes that would have let them through.
 */
#ifndef MOATCTL_DERIVE_H
#define MOATCTL_DERIVE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "profile.h"
#include "seccomp_json.h"

struct derive_path {
	const char *path;	/* canonical (path_is_canonical()), taken literally */
	uint32_t perms;		/* MOAT_FILE_* */
};

struct derive_req {
	const char *base;
	const char *out;		/* "-": standard output */
	struct seccomp_opts opts;	/* for compiling a JSON base */
	const struct aa_opts *aa_opts;	/* NULL: /etc/apparmor.d */
	char *const *syscalls;
	size_t nsyscalls;
	const struct derive_path *paths;
	size_t npaths;
};

/*
 * Derive, verify and write req->out (atomically; nothing on failure).
 * Messages (one summary line per hole, the load command) go to msg, which
 * may be NULL. Returns 0, or -1 with the reason in err.
 */
int derive_run(const struct derive_req *req, FILE *msg, char *err,
	       size_t errlen);

/*
 * The steps of derive_run, on text: *out gets the new text (malloc'd).
 * Return 0 or -1 with err.
 */
int derive_syscalls(const char *base, const char *text, size_t len,
		    const struct seccomp_opts *opts, char *const *names,
		    size_t n, char **out, FILE *msg, char *err, size_t errlen);
int derive_paths(const char *base, const char *text,
		 const struct aa_opts *opts, const struct derive_path *holes,
		 size_t n, char **out, FILE *msg, char *err, size_t errlen);

/*
 * Whether path is named as the kernel names an object: absolute, without
 * an empty ("//"), "." or ".." component; a trailing '/' names a directory.
 */
bool path_is_canonical(const char *path);
/*
 * path made canonical lexically (malloc'd; NULL for a relative path or no
 * memory). *dotdot: the length of what precedes the last ".." component
 * (0 if none, or "/.."): the result is the kernel's name only if no
 * component of that prefix is a symbolic link.
 */
char *path_lexical(const char *path, size_t *dotdot);

/* PATH as an AppArmor rule writes it literally (escaped, quoted if needed). */
char *aa_literal_path(const char *path);

/*
 * What BASE denies of perms on path (MOAT_FILE_*, owner or not), and in why
 * the deny rules that do it ("FILE:LINE: text"). 0 if nothing.
 */
uint32_t path_layer_denies(const struct path_layer *pl, const char *path,
			   uint32_t perms, char *why, size_t whylen);

/* The profile name moat would load BASE under (AppArmor name, or file stem). */
char *derive_profile_name(const char *base, const struct aa_opts *opts);

/* ---- denial_log.c -------------------------------------------------------- */

/* One denial record of moat's, decoded. */
struct moat_record {
	bool allowed;		/* moat="ALLOWED": complain mode */
	char op[32];
	char profile[128];
	char *name, *comm, *peer;	/* decoded; NULL if absent */
	int abi;		/* enum moat_abi, -1 if absent */
	long syscall;		/* -1 if absent */
	char requested[32], denied[32];
	long pid;
	bool has_time;
	double time;		/* Unix time */
};

enum {
	MOAT_RECORD_OK = 1,		/* a record */
	MOAT_RECORD_NONE = 0,		/* the line does not mention moat=" */
	MOAT_RECORD_BAD = -1,		/* a moat record that does not parse */
	MOAT_RECORD_FOREIGN = -2,	/* mentions moat=", not as the kernel
					   writes a record (a forgery?) */
};

/*
 * Parse one line. boot_to_real: CLOCK_REALTIME - CLOCK_BOOTTIME in seconds,
 * for a kernel log's "[  123.456789]" stamp. Returns MOAT_RECORD_*.
 */
int moat_record_parse(const char *line, double boot_to_real,
		      struct moat_record *r);
void moat_record_free(struct moat_record *r);

struct derive_hole {
	bool syscall;		/* else a path */
	char *what;		/* syscall name, or path */
	uint32_t perms;		/* path: MOAT_FILE_* denied (union) */
	size_t count;
	long pid;		/* the first record's */
	char *comm;
};

struct derive_scan {
	/* in */
	const char *profile;
	bool want_syscalls;	/* a JSON base: syscall denials; else paths */
	bool has_since;
	double since;
	double boot_to_real;
	/* out */
	struct derive_hole *holes;
	size_t nholes, cap;
	size_t records, counted, other_profile, malformed, no_time, too_old;
	size_t ignored;		/* MOAT_RECORD_FOREIGN lines */
	struct {
		char what[48];
		size_t count;
	} skipped[32];
	size_t nskipped;
};

int derive_scan_line(struct derive_scan *s, const char *line);
int derive_scan_file(struct derive_scan *s, FILE *f);
void derive_scan_free(struct derive_scan *s);
/*
 * One /dev/kmsg record ("PRI,SEQ,USEC,FLAGS[,...];TEXT\n[ KEY=VALUE\n]...")
 * written to out as the line klogctl() would give for it,
 * "<PRI>[SECONDS.USEC] TEXT\n", TEXT with the kernel's \xNN escapes: a
 * newline inside a message (a USER_AVC's msg='...', which user space
 * chooses) stays inside its record's line instead of starting a line
 * klogctl() would prefix as the kernel's. Returns 0, or -1 (not a record).
 */
int kmsg_record_line(const char *rec, size_t len, FILE *out);
/* "10m", "2h", "30s", "1d" ago, or a Unix time; -1 if neither. */
int parse_since(const char *arg, double now, double *since);

#endif
