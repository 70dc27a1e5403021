// SPDX-License-Identifier: GPL-2.0
/*
 * moatctl - moat's denial records, read back for derive --from-log
 *
 * A record is one line of key=value fields starting at moat="DENIED" (or
 * "ALLOWED": complain mode, a denial that was let through), wherever the
 * line has it: after "audit: type=1400 audit(T:N): " in the kernel log,
 * "type=AVC msg=audit(T:N): " in audit.log, or "moat: ". Strings a task
 * controls (name, comm, peer) are either quoted printable ASCII without
 * quotes or blanks, or unquoted hex of the raw bytes.
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

static void copy_field(char *dst, size_t size, const char *v, size_t len)
{
	if (len >= size)
		len = size - 1;
	memcpy(dst, v, len);
	dst[len] = '\0';
}

/* The record's time, from what precedes "moat=": audit(T:N) or [ boot ]. */
static void record_time(const char *line, const char *m, double boot_to_real,
			struct moat_record *r)
{
	const char *a = memmem(line, m - line, "audit(", 6);
	const char *p = line;
	char *end;
	double t;

	if (a) {
		errno = 0;
		t = strtod(a + 6, &end);
		if (!errno && end != a + 6 && (*end == ':' || *end == ')')) {
			r->has_time = true;
			r->time = t;
		}
		return;
	}
	/* a kernel log line: "<5>[  123.456789] ", or a saved dmesg */
	if (*p == '<') {
		p++;
		while (isdigit((unsigned char)*p))
			p++;
		if (*p++ != '>')
			return;
	}
	if (*p != '[')
		return;
	p++;
	while (*p == ' ')
		p++;
	errno = 0;
	t = strtod(p, &end);
	if (errno || end == p || *end != ']' || !isdigit((unsigned char)*p))
		return;
	r->has_time = true;
	r->time = t + boot_to_real;
}

int moat_record_parse(const char *line, double boot_to_real,
		      struct moat_record *r)
{
	const char *m = line, *p;
	bool have_moat = false;

	memset(r, 0, sizeof(*r));
	r->abi = -1;
	r->syscall = -1;
	r->pid = -1;
	for (;;) {
		m = strstr(m, "moat=\"");
		if (!m)
			return 0;
		if (m == line || m[-1] == ' ' || m[-1] == ':')
			break;
		m++;
	}
	record_time(line, m, boot_to_real, r);
	for (p = m; *p;) {
		const char *key, *val;
		size_t klen, vlen;
		bool quoted = false;

		while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
			p++;
		if (!*p)
			break;
		key = p;
		while (isalnum((unsigned char)*p) || *p == '_')
			p++;
		klen = p - key;
		if (!klen || *p != '=')
			goto bad;
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

			free(*dst);
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
			if (errno || end == num || *end || v < 0)
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
	return 1;
bad:
	moat_record_free(r);
	return -1;
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

	if (ret == 0)
		return 0;
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

		if (!r.name || r.name[0] != '/' || !letters[0] ||
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
