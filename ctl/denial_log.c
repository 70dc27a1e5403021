// SPDX-License-Identifier: GPL-2.0
/*
 * moatctl - moat's denial records, read back for derive --from-log
 *
 * A record is one line of key=value fields starting at moat="DENIED" (or
 * "ALLOWED": complain mode, a denial that was let through), in one of the
 * forms the kernel writes it (kernel/events.c, moat_audit()) and no other:
 *
 *   [node=HOST ]type=AVC msg=audit(T:N): moat="...            (audit.log)
 *   PREFIX audit: type=1400 audit(T:N): moat="...   (kernel log, no auditd)
 *   PREFIX moat: moat="...                          (kernel log, audit off)
 *
 * where PREFIX is nothing, "<N>" with N a kernel facility's (0..7: what
 * user space writes to /dev/kmsg has facility 1 or more), a syslog or
 * journal prefix ending in "kernel: ", then optionally "[  123.456789] ".
 * Anything else that mentions moat=" (a USER_AVC record, which any task
 * with CAP_AUDIT_WRITE can write with moat's fields inside msg='...') is
 * not moat's. Within a record every key is one the kernel writes, once,
 * and nothing but blanks follows the last field. Strings a task controls
 * (name, comm, peer) are either quoted printable ASCII without quotes or
 * blanks, or unquoted hex of the raw bytes.
 */

#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "derive.h"
#include "policy_diff.h"

void moat_record_free(struct moat_record *r)
{
	free(r->name);
	free(r->comm);
	free(r->peer);
	r->name = r->comm = r->peer = NULL;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower((unsigned char)c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* An untrusted string: "quoted" as is, else hex of the bytes. */
static char *untrusted(const char *v, size_t len, bool quoted)
{
	char *s = malloc(len / 2 + len + 1);
	size_t i;

	if (!s)
		return NULL;
	if (quoted) {
		/* the kernel quotes only printable ASCII without blanks */
		for (i = 0; i < len; i++)
			if ((unsigned char)v[i] <= 0x20 || (unsigned char)v[i] >= 0x7f)
				goto bad;
		memcpy(s, v, len);
		s[len] = '\0';
		return s;
	}
	if (len % 2)
		goto bad;
	for (i = 0; i < len; i += 2) {
		int hi = hexval(v[i]), lo = hexval(v[i + 1]);

		if (hi < 0 || lo < 0 || (!hi && !lo))
			goto bad;
		s[i / 2] = hi << 4 | lo;
	}
	s[len / 2] = '\0';
	return s;
bad:
	free(s);
	return NULL;
}

/* -?DIGITS, unquoted, as the kernel writes numbers */
static bool integer(const char *v, size_t len, bool quoted)
{
	size_t i = len && v[0] == '-';

	if (quoted || i == len)
		return false;
	for (; i < len; i++)
		if (!isdigit((unsigned char)v[i]))
			return false;
	return true;
}

static void copy_field(char *dst, size_t size, const char *v, size_t len)
{
	if (len >= size)
		len = size - 1;
	memcpy(dst, v, len);
	dst[len] = '\0';
}

/* "DIGITS[.DIGITS]": a time stamp; *end after it. */
static bool stamp(const char *p, double *t, const char **end)
{
	char *e;

	if (!isdigit((unsigned char)*p))
		return false;
	errno = 0;
	*t = strtod(p, &e);
	if (errno || e == p)
		return false;
	/* strtod takes "1e5", "0x1", "inf": the kernel writes none of them */
	for (; p < e; p++)
		if (!isdigit((unsigned char)*p) && *p != '.')
			return false;
	*end = e;
	return true;
}

/* "audit(SECONDS.MS:SERIAL): " as the kernel writes it; NULL if not. */
static const char *audit_header(const char *p, struct moat_record *r)
{
	double t;

	if (strncmp(p, "audit(", 6) || !stamp(p + 6, &t, &p) || *p++ != ':' ||
	    !isdigit((unsigned char)*p))
		return NULL;
	while (isdigit((unsigned char)*p))
		p++;
	if (strncmp(p, "): ", 3))
		return NULL;
	r->has_time = true;
	r->time = t;
	return p + 3;
}

/* "[  123.456789] ", a kernel log's boot-time stamp; p itself if none. */
static const char *boot_stamp(const char *p, double boot_to_real,
			      struct moat_record *r)
{
	const char *q = p;
	double t;

	if (*q++ != '[')
		return p;
	while (*q == ' ')
		q++;
	if (!stamp(q, &t, &q) || strncmp(q, "] ", 2))
		return p;
	r->has_time = true;
	r->time = t + boot_to_real;
	return q + 2;
}

/*
 * A syslog or journal line's prefix up to and including "kernel: ": its
 * time stamp (one to three words) and host name, none of them ending in
 * ':' (a tag) or holding '=' or a quote (a message). p itself if none.
 */
static const char *syslog_prefix(const char *p)
{
	const char *k = strstr(p, " kernel: "), *q;
	int words = 0;

	if (!k)
		return p;
	for (q = p; q < k; q++) {
		if (*q == '=' || *q == '"' || *q == '\'' ||
		    (*q == ':' && (q[1] == ' ' || q + 1 == k)))
			return p;
		if (*q != ' ' && (q == p || q[-1] == ' '))
			words++;
	}
	return words >= 2 && words <= 4 ? k + 9 : p;
}

/*
 * Where moat="..." starts if the line is a record the kernel wrote, in one
 * of the forms it writes (see the top of the file); NULL if not.
 */
static const char *record_start(const char *line, double boot_to_real,
				struct moat_record *r)
{
	const char *p = line, *q;

	/* audit.log: [node=HOST ]type=AVC msg=audit(T:N): moat=" */
	if (!strncmp(p, "node=", 5)) {
		q = strchr(p, ' ');
		if (!q || q == p + 5 || memchr(p, '"', q - p) || memchr(p, '\'', q - p))
			return NULL;
		p = q + 1;
	}
	if (!strncmp(p, "type=", 5)) {
		if (strncmp(p, "type=AVC msg=", 13))
			return NULL;
		p = audit_header(p + 13, r);
		return p && !strncmp(p, "moat=\"", 6) ? p : NULL;
	}
	if (p != line)
		return NULL;

	/* the kernel log: klogctl() and /dev/kmsg give the facility and level */
	if (*p == '<') {
		int n = 0;

		p++;
		if (!isdigit((unsigned char)*p))
			return NULL;
		while (isdigit((unsigned char)*p) && n < 1000)
			n = n * 10 + *p++ - '0';
		/* facility 0 is the kernel's; /dev/kmsg writes get 1 or more */
		if (*p++ != '>' || n > 7)
			return NULL;
	} else {
		p = syslog_prefix(p);
	}
	p = boot_stamp(p, boot_to_real, r);
	if (!strncmp(p, "audit: type=1400 ", 17)) {
		r->has_time = false;	/* the audit stamp is the real time */
		p = audit_header(p + 17, r);
	} else if (!strncmp(p, "moat: ", 6)) {
		p += 6;
	} else {
		return NULL;
	}
	return p && !strncmp(p, "moat=\"", 6) ? p : NULL;
}

/* The keys moat_audit() writes, with the layers' own fields. */
static const char *const record_keys[] = {
	"moat", "operation", "profile", "cgroup", "name", "requested",
	"denied", "abi", "syscall", "error", "pid", "comm", "dropped",
	"signal", "peer", "family", "sock_type", "capability", "scontext",
	"tcontext", "info",
};

static int record_key(const char *key, size_t klen)
{
	size_t i;

	for (i = 0; i < sizeof(record_keys) / sizeof(record_keys[0]); i++)
		if (strlen(record_keys[i]) == klen &&
		    !memcmp(record_keys[i], key, klen))
			return i;
	return -1;
}

int moat_record_parse(const char *line, double boot_to_real,
		      struct moat_record *r)
{
	const char *m, *p;
	bool have_moat = false;
	uint32_t seen = 0;

	memset(r, 0, sizeof(*r));
	r->abi = -1;
	r->syscall = -1;
	r->pid = -1;
	if (!strstr(line, "moat=\""))
		return MOAT_RECORD_NONE;
	m = record_start(line, boot_to_real, r);
	if (!m) {
		memset(r, 0, sizeof(*r));
		r->abi = -1;
		r->syscall = -1;
		r->pid = -1;
		return MOAT_RECORD_FOREIGN;
	}
	for (p = m; *p;) {
		const char *key, *val;
		size_t klen, vlen;
		bool quoted = false;
		int k;

		if (p != m) {
			/* the record ends in blanks; one blank between fields */
			if (p[strspn(p, " \t\r\n")] == '\0')
				break;
			if (*p++ != ' ')
				goto bad;
		}
		key = p;
		while (isalnum((unsigned char)*p) || *p == '_')
			p++;
		klen = p - key;
		if (!klen || *p != '=')
			goto bad;
		k = record_key(key, klen);
		if (k < 0 || (seen & 1u << k))
			goto bad;
		seen |= 1u << k;
		p++;
		if (*p == '"') {
			val = ++p;
			p = strchr(p, '"');
			if (!p)
				goto bad;
			vlen = p - val;
			p++;
			quoted = true;
		} else {
			val = p;
			while (*p && !isspace((unsigned char)*p))
				p++;
			vlen = p - val;
		}
#define KEY(s) (klen == sizeof(s) - 1 && !memcmp(key, s, klen))
		if (KEY("moat") || KEY("operation") || KEY("profile") ||
		    KEY("requested") || KEY("denied") || KEY("info")) {
			if (!quoted)
				goto bad;
		} else if (KEY("abi")) {
			if (quoted)
				goto bad;
		} else if (KEY("name") || KEY("comm") || KEY("peer") ||
			   KEY("scontext") || KEY("tcontext")) {
			char *u = untrusted(val, vlen, quoted);

			if (!u)
				goto bad;
			free(u);
		} else if (!integer(val, vlen, quoted)) {
			goto bad;	/* cgroup, error, pid, signal, ... */
		}
		if (KEY("moat")) {
			if (vlen == 6 && !memcmp(val, "DENIED", 6))
				r->allowed = false;
			else if (vlen == 7 && !memcmp(val, "ALLOWED", 7))
				r->allowed = true;
			else
				goto bad;
			have_moat = true;
		} else if (KEY("operation")) {
			copy_field(r->op, sizeof(r->op), val, vlen);
		} else if (KEY("profile")) {
			copy_field(r->profile, sizeof(r->profile), val, vlen);
		} else if (KEY("name") || KEY("comm") || KEY("peer")) {
			char **dst = KEY("name") ? &r->name : KEY("comm") ? &r->comm : &r->peer;

			*dst = untrusted(val, vlen, quoted);
			if (!*dst)
				goto bad;
		} else if (KEY("abi")) {
			char a[16];

			copy_field(a, sizeof(a), val, vlen);
			r->abi = abi_from_name(a);
			if (r->abi < 0)
				goto bad;
		} else if (KEY("syscall") || KEY("pid")) {
			char num[24], *end;
			long v;

			copy_field(num, sizeof(num), val, vlen);
			errno = 0;
			v = strtol(num, &end, 10);
			/* syscall=-1: none (a kernel thread) */
			if (errno || end == num || *end ||
			    v < (KEY("syscall") ? -1 : 0))
				goto bad;
			if (KEY("pid"))
				r->pid = v;
			else
				r->syscall = v;
		} else if (KEY("requested")) {
			copy_field(r->requested, sizeof(r->requested), val, vlen);
		} else if (KEY("denied")) {
			copy_field(r->denied, sizeof(r->denied), val, vlen);
		}
		/* cgroup, error, signal, dropped, ...: not needed */
#undef KEY
	}
	if (!have_moat || !r->op[0] || !r->profile[0])
		goto bad;
	if (!strcmp(r->op, "syscall") && (r->abi < 0 || r->syscall < 0))
		goto bad;
	return MOAT_RECORD_OK;
bad:
	moat_record_free(r);
	return MOAT_RECORD_BAD;
}

static void skip(struct derive_scan *s, const char *what)
{
	size_t i;

	for (i = 0; i < s->nskipped; i++) {
		if (!strcmp(s->skipped[i].what, what)) {
			s->skipped[i].count++;
			return;
		}
	}
	if (s->nskipped < sizeof(s->skipped) / sizeof(s->skipped[0])) {
		i = s->nskipped++;
		snprintf(s->skipped[i].what, sizeof(s->skipped[i].what), "%s", what);
		s->skipped[i].count = 1;
		return;
	}
	/* full: the last slot collects the rest */
	i = s->nskipped - 1;
	snprintf(s->skipped[i].what, sizeof(s->skipped[i].what), "other operations");
	s->skipped[i].count++;
}

static int add_hole(struct derive_scan *s, bool syscall, const char *what,
		    uint32_t perms, const struct moat_record *r)
{
	struct derive_hole *h;
	size_t i;

	for (i = 0; i < s->nholes; i++) {
		h = &s->holes[i];
		if (h->syscall == syscall && !strcmp(h->what, what)) {
			h->perms |= perms;
			h->count++;
			return 0;
		}
	}
	if (s->nholes == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 16;

		h = realloc(s->holes, cap * sizeof(*h));
		if (!h)
			return -1;
		s->holes = h;
		s->cap = cap;
	}
	h = &s->holes[s->nholes];
	*h = (struct derive_hole){
		.syscall = syscall, .what = strdup(what), .perms = perms,
		.count = 1, .pid = r->pid,
		.comm = r->comm ? strdup(r->comm) : NULL,
	};
	if (!h->what) {
		free(h->comm);
		return -1;
	}
	s->nholes++;
	return 0;
}

int derive_scan_line(struct derive_scan *s, const char *line)
{
	struct moat_record r;
	int ret = moat_record_parse(line, s->boot_to_real, &r);

	if (ret == MOAT_RECORD_NONE)
		return 0;
	if (ret == MOAT_RECORD_FOREIGN) {
		s->ignored++;
		return 0;
	}
	if (ret < 0) {
		s->malformed++;
		return 0;
	}
	s->records++;
	ret = 0;
	if (strcmp(r.profile, s->profile)) {
		s->other_profile++;
		goto out;
	}
	if (!r.has_time) {
		s->no_time++;
	} else if (s->has_since && r.time < s->since) {
		s->too_old++;
		goto out;
	}
	if (!strcmp(r.op, "syscall")) {
		char *name;

		if (!s->want_syscalls) {
			skip(s, "syscall (fixed in the seccomp JSON)");
			goto out;
		}
		name = sys_name(r.abi, r.syscall);
		if (!name) {
			skip(s, "syscall with a number libseccomp does not name");
			goto out;
		}
		s->counted++;
		ret = add_hole(s, true, name, 0, &r);
		free(name);
		goto out;
	}
	if (s->want_syscalls) {
		char what[48];

		snprintf(what, sizeof(what), "%s (not a syscall)", r.op);
		skip(s, what);
		goto out;
	}
	{
		uint32_t perms = 0;
		const char *letters = r.denied[0] ? r.denied : r.requested;

		if (!r.name || !path_is_canonical(r.name) || !letters[0] ||
		    file_perms_parse(letters, &perms) || !perms) {
			skip(s, r.op);
			goto out;
		}
		s->counted++;
		ret = add_hole(s, false, r.name, perms, &r);
	}
out:
	moat_record_free(&r);
	return ret;
}

int derive_scan_file(struct derive_scan *s, FILE *f)
{
	char *line = NULL;
	size_t cap = 0;
	int ret = 0;

	while (!ret && getline(&line, &cap, f) >= 0)
		ret = derive_scan_line(s, line);
	free(line);
	return ret;
}

void derive_scan_free(struct derive_scan *s)
{
	size_t i;

	for (i = 0; i < s->nholes; i++) {
		free(s->holes[i].what);
		free(s->holes[i].comm);
	}
	free(s->holes);
	s->holes = NULL;
	s->nholes = s->cap = 0;
}

int kmsg_record_line(const char *rec, size_t len, FILE *out)
{
	const char *end = rec + len, *p = rec, *semi, *nl;
	unsigned long long v[3];
	int i;

	semi = memchr(rec, ';', len);
	if (!semi)
		return -1;
	for (i = 0; i < 3; i++) {
		char *e;

		if (!isdigit((unsigned char)*p))
			return -1;
		errno = 0;
		v[i] = strtoull(p, &e, 10);
		if (errno || e > semi || (*e != ',' && *e != ';') ||
		    (i < 2 && *e != ','))
			return -1;
		p = e + 1;
	}
	if (v[0] > 0xffff)
		return -1;
	/* the text ends at the first newline: what follows is " KEY=VALUE" */
	p = semi + 1;
	nl = memchr(p, '\n', end - p);
	if (!nl)
		nl = end;
	fprintf(out, "<%llu>[%5llu.%06llu] %.*s\n", v[0], v[2] / 1000000,
		v[2] % 1000000, (int)(nl - p), p);
	return 0;
}

int parse_since(const char *arg, double now, double *since)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(arg, &end);
	if (errno || end == arg || v < 0 || !isdigit((unsigned char)*arg))
		return -1;
	if (!*end) {
		*since = v;
		return 0;
	}
	if (end[1])
		return -1;
	switch (*end) {
	case 's':
		break;
	case 'm':
		v *= 60;
		break;
	case 'h':
		v *= 3600;
		break;
	case 'd':
		v *= 86400;
		break;
	default:
		return -1;
	}
	*since = now - v;
	return 0;
}
