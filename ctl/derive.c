// SPDX-License-Identifier: GPL-2.0
/*
 * moatctl - derive a profile: BASE plus exactly the holes asked for
 *
 * A seccomp JSON: --allow-syscall NAME takes NAME out of every rule that
 * would refuse it or allow it only under conditions (errno rules, argument
 * rules, rules with includes/excludes), drops rules left without names, and
 * appends one unconditional SCMP_ACT_ALLOW rule for it. The rest of the
 * file is kept as it is (json-c keeps key order; the text is printed back
 * in Docker's tab-indented style).
 *
 * An AppArmor-syntax text: --allow PATH PERMS adds one literal rule
 * before the profile's closing brace. A deny always wins in AppArmor, so a
 * path the base denies any of PERMS on is refused rather than widened.
 *
 * Either way the result is compiled and compared with the base by
 * decision (policy_diff.c): anything changed besides the holes fails the
 * derive, and nothing is written.
 */

#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <json-c/json.h>
#include <seccomp.h>

#include "derive.h"
#include "policy_diff.h"

#define X32_BIT 0x40000000U

static int __attribute__((format(printf, 3, 4)))
set_err(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -1;
}

static char *read_text(const char *file, size_t *len, char *err,
		       size_t errlen)
{
	char *text = NULL;
	size_t cap = 0, n;
	FILE *f = fopen(file, "r");

	*len = 0;
	if (!f) {
		set_err(err, errlen, "%s: %s", file, strerror(errno));
		return NULL;
	}
	do {
		if (*len + 4096 + 1 > cap) {
			char *grown;

			cap = cap ? cap * 2 : 65536;
			if (cap > (64U << 20)) {
				set_err(err, errlen, "%s: larger than 64 MiB", file);
				goto fail;
			}
			grown = realloc(text, cap);
			if (!grown) {
				set_err(err, errlen, "out of memory");
				goto fail;
			}
			text = grown;
		}
		n = fread(text + *len, 1, cap - *len - 1, f);
		*len += n;
	} while (n > 0);
	if (ferror(f)) {
		set_err(err, errlen, "%s: read error", file);
		goto fail;
	}
	fclose(f);
	if (!text)
		text = calloc(1, 1);
	else
		text[*len] = '\0';
	return text;
fail:
	free(text);
	fclose(f);
	return NULL;
}

/* ---- seccomp JSON -------------------------------------------------------- */

static struct json_object *jget(struct json_object *obj, const char *key)
{
	struct json_object *v = NULL;

	if (!json_object_is_type(obj, json_type_object) ||
	    !json_object_object_get_ex(obj, key, &v))
		return NULL;
	return json_object_is_type(v, json_type_null) ? NULL : v;
}

static bool jempty(struct json_object *v)
{
	if (!v)
		return true;
	if (json_object_is_type(v, json_type_array))
		return json_object_array_length(v) == 0;
	if (json_object_is_type(v, json_type_object))
		return json_object_object_length(v) == 0;
	return false;
}

static bool entry_names(struct json_object *e, const char *name)
{
	struct json_object *names = jget(e, "names"), *one = jget(e, "name");
	size_t i;

	if (one && json_object_is_type(one, json_type_string))
		return !strcmp(json_object_get_string(one), name);
	if (!names || !json_object_is_type(names, json_type_array))
		return false;
	for (i = 0; i < json_object_array_length(names); i++) {
		struct json_object *s = json_object_array_get_idx(names, i);

		if (json_object_is_type(s, json_type_string) &&
		    !strcmp(json_object_get_string(s), name))
			return true;
	}
	return false;
}

/* SCMP_ACT_ALLOW without arguments, includes or excludes. */
static bool plain_allow(struct json_object *e)
{
	struct json_object *a = jget(e, "action");

	return a && json_object_is_type(a, json_type_string) &&
	       !strcmp(json_object_get_string(a), "SCMP_ACT_ALLOW") &&
	       jempty(jget(e, "args")) && jempty(jget(e, "includes")) &&
	       jempty(jget(e, "excludes"));
}

/* Takes name out of every rule of syscalls that names it; 1 if any did. */
static int remove_name(struct json_object *syscalls, const char *name,
		       size_t *removed, size_t *dropped)
{
	size_t i = json_object_array_length(syscalls);

	while (i--) {
		struct json_object *e = json_object_array_get_idx(syscalls, i);
		struct json_object *names = jget(e, "names");
		size_t j;

		if (!entry_names(e, name))
			continue;
		(*removed)++;
		if (names && json_object_is_type(names, json_type_array)) {
			j = json_object_array_length(names);
			while (j--) {
				struct json_object *s = json_object_array_get_idx(names, j);

				if (json_object_is_type(s, json_type_string) &&
				    !strcmp(json_object_get_string(s), name))
					json_object_array_del_idx(names, j, 1);
			}
			if (json_object_array_length(names))
				continue;
		}
		json_object_array_del_idx(syscalls, i, 1);
		(*dropped)++;
	}
	return 0;
}

/* Where a syscall name lands: its numbers per ABI (-1 none), i386's multiplexer. */
struct sys_where {
	int nr[__MOAT_ABI_COUNT];
	int mux_nr, mux_call;	/* i386 socketcall(2)/ipc(2), -1 none */
};

static bool sys_where(const char *name, struct sys_where *w)
{
	bool known = false;
	int abi;

	w->mux_nr = w->mux_call = -1;
	for (abi = 0; abi < __MOAT_ABI_COUNT; abi++) {
		int nr = seccomp_syscall_resolve_name_arch(sys_scmp_arch(abi), name);

		w->nr[abi] = -1;
		if (nr == __NR_SCMP_ERROR)
			continue;
		known = true;
		if (nr < 0 && abi == MOAT_ABI_I386) {
			int mux, call, direct;

			if (!i386_mux(name, nr, &mux, &call, &direct)) {
				w->nr[abi] = direct;
				w->mux_nr = mux;
				w->mux_call = call;
			}
			continue;
		}
		if (nr < 0)
			continue;
		w->nr[abi] = abi == MOAT_ABI_X32 ? (int)(nr & ~X32_BIT) : nr;
	}
	return known;
}

struct sys_check {
	bool (*expected)[MOAT_SYS_NR_MAX];	/* [abi][nr] */
	size_t bad, boundary;
	char first_bad[512];
};

static void sys_check_entry(const struct sys_diff_entry *e, void *arg)
{
	struct sys_check *c = arg;
	FILE *f;

	if (!e->abi_only && e->name && c->expected[e->abi][e->nr])
		return;
	/* the ENOSYS stub's boundary moved: numbers no syscall has, still refused */
	if (!e->abi_only && !e->name && !strncmp(e->a, "ERRNO(", 6) &&
	    !strncmp(e->b, "ERRNO(", 6)) {
		c->boundary += e->nr_last - e->nr + 1;
		return;
	}
	if (c->bad++)
		return;
	f = fmemopen(c->first_bad, sizeof(c->first_bad) - 1, "w");
	if (f) {
		sys_diff_print(e, f);
		fclose(f);
	}
	c->first_bad[strcspn(c->first_bad, "\n")] = '\0';
}

/* Compile base and result, check that only the named syscalls changed. */
static int verify_syscalls(const char *base, const char *old, size_t oldlen,
			   const char *new, size_t newlen,
			   const struct seccomp_opts *opts, char *const *names,
			   size_t n, FILE *msg, char *err, size_t errlen)
{
	struct seccomp_opts variants[2] = { *opts, *opts };
	bool (*expected)[MOAT_SYS_NR_MAX] = calloc(__MOAT_ABI_COUNT, sizeof(*expected));
	struct sys_profile a, b;
	char cerr[512];
	size_t i, v;
	int abi, ret = -1;

	if (!expected)
		return set_err(err, errlen, "out of memory");
	for (i = 0; i < n; i++) {
		struct sys_where w;

		sys_where(names[i], &w);
		for (abi = 0; abi < __MOAT_ABI_COUNT; abi++)
			if (w.nr[abi] >= 0 && w.nr[abi] < MOAT_SYS_NR_MAX)
				expected[abi][w.nr[abi]] = true;
		if (w.mux_nr >= 0)
			expected[MOAT_ABI_I386][w.mux_nr] = true;
	}
	/* as asked, and with every capability (rules with includes kept) */
	variants[1].caps = ~0ULL >> 23;
	for (v = 0; v < 2; v++) {
		struct sys_check c = { .expected = expected };
		long diffs;

		if (seccomp_json_compile_buffer(base, old, oldlen, &variants[v],
						&a, NULL, cerr, sizeof(cerr))) {
			if (v)
				continue;	/* the base itself needs some cap off */
			set_err(err, errlen, "%s", cerr);
			goto out;
		}
		if (seccomp_json_compile_buffer(base, new, newlen, &variants[v],
						&b, NULL, cerr, sizeof(cerr))) {
			sys_profile_free(&a);
			set_err(err, errlen, "the derived profile does not compile: %s", cerr);
			goto out;
		}
		diffs = sys_profile_diff(&a, &b, sys_check_entry, &c);
		for (i = 0; diffs >= 0 && !c.bad && i < n; i++) {
			struct sys_where w;

			sys_where(names[i], &w);
			for (abi = 0; abi < __MOAT_ABI_COUNT; abi++) {
				struct sys_decision d;

				if (w.nr[abi] < 0 || !b.abi[abi].present)
					continue;
				sys_decide(&b, abi, w.nr[abi], &d);
				if (d.ncond || d.err) {
					c.bad++;
					snprintf(c.first_bad, sizeof(c.first_bad),
						 "%s is still not allowed on %s",
						 names[i], abi_name(abi));
					break;
				}
			}
		}
		sys_profile_free(&a);
		sys_profile_free(&b);
		if (diffs < 0) {
			set_err(err, errlen, "out of memory");
			goto out;
		}
		if (c.bad) {
			set_err(err, errlen, "the derived profile changes more than asked%s (%zu difference%s, first: %s): nothing written",
				v ? " with every capability" : "", c.bad,
				c.bad == 1 ? "" : "s", c.first_bad);
			goto out;
		}
		if (!v && c.boundary && msg)
			fprintf(msg, "note: %zu number%s above the newest syscall the base names now answer ERRNO instead of ENOSYS (the ENOSYS boundary moved)\n",
				c.boundary, c.boundary == 1 ? "" : "s");
	}
	ret = 0;
out:
	free(expected);
	return ret;
}

static void syscall_summary(FILE *msg, const char *name,
			    const struct sys_profile *p)
{
	struct sys_where w;
	bool first = true;
	int abi;

	if (!msg)
		return;
	sys_where(name, &w);
	fprintf(msg, "%s: allowed on", name);
	for (abi = 0; abi < __MOAT_ABI_COUNT; abi++) {
		if (w.nr[abi] < 0 || !p->abi[abi].present)
			continue;
		fprintf(msg, "%s %s (%d", first ? "" : ",", abi_name(abi), w.nr[abi]);
		if (abi == MOAT_ABI_I386 && w.mux_nr >= 0)
			fprintf(msg, "; and %s(2) call %d", w.mux_nr == 102 ? "socketcall" : "ipc",
				w.mux_call);
		fputc(')', msg);
		first = false;
	}
	if (first)
		fprintf(msg, " no ABI of the profile");
	for (abi = 0; abi < __MOAT_ABI_COUNT; abi++)
		if (w.nr[abi] < 0 && p->abi[abi].present)
			fprintf(msg, "; %s has no %s", abi_name(abi), name);
	fputc('\n', msg);
}

int derive_syscalls(const char *base, const char *text, size_t len,
		    const struct seccomp_opts *opts, char *const *names,
		    size_t n, char **out, FILE *msg, char *err, size_t errlen)
{
	struct json_object *root = NULL, *syscalls;
	struct json_tokener *tok;
	struct sys_profile probe;
	char cerr[512];
	const char *s;
	size_t i, j, holes = 0;
	bool *made = calloc(n ? n : 1, sizeof(bool));
	int ret = -1, flags;

	*out = NULL;
	if (!made)
		return set_err(err, errlen, "out of memory");
	/* the base must compile as it is */
	if (seccomp_json_compile_buffer(base, text, len, opts, &probe, NULL,
					cerr, sizeof(cerr))) {
		set_err(err, errlen, "%s", cerr);
		goto out;
	}
	sys_profile_free(&probe);
	for (i = 0; i < n; i++) {
		struct sys_where w;

		if (!sys_where(names[i], &w)) {
			const struct scmp_version *v = seccomp_version();

			set_err(err, errlen, "unknown syscall \"%s\" (libseccomp %u.%u.%u knows no such name on x86_64, i386 or x32): nothing written",
				names[i], v->major, v->minor, v->micro);
			goto out;
		}
	}
	tok = json_tokener_new();
	if (!tok) {
		set_err(err, errlen, "out of memory");
		goto out;
	}
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT);
	root = json_tokener_parse_ex(tok, text, (int)len);
	json_tokener_free(tok);
	if (!root) {
		set_err(err, errlen, "%s: not JSON", base);
		goto out;
	}
	syscalls = jget(root, "syscalls");
	if (!syscalls) {
		syscalls = json_object_new_array();
		json_object_object_add(root, "syscalls", syscalls);
	}
	for (i = 0; i < n; i++) {
		struct json_object *e, *nm;
		size_t removed = 0, dropped = 0, k;
		bool allowed = false;
		char comment[128];

		for (j = 0; j < i; j++)
			if (!strcmp(names[j], names[i]))
				break;
		if (j < i)
			continue;	/* named twice */
		for (k = 0; k < json_object_array_length(syscalls); k++) {
			e = json_object_array_get_idx(syscalls, k);
			if (entry_names(e, names[i]) && plain_allow(e))
				allowed = true;
		}
		if (allowed) {
			if (msg)
				fprintf(msg, "%s: already allowed by an unconditional SCMP_ACT_ALLOW rule: unchanged\n",
					names[i]);
			continue;
		}
		remove_name(syscalls, names[i], &removed, &dropped);
		e = json_object_new_object();
		nm = json_object_new_array();
		snprintf(comment, sizeof(comment), "moatctl derive: --allow-syscall %s",
			 names[i]);
		json_object_array_add(nm, json_object_new_string(names[i]));
		json_object_object_add(e, "names", nm);
		json_object_object_add(e, "action", json_object_new_string("SCMP_ACT_ALLOW"));
		json_object_object_add(e, "comment", json_object_new_string(comment));
		json_object_array_add(syscalls, e);
		if (msg && removed)
			fprintf(msg, "%s: taken out of %zu rule%s (%zu left without names, removed)\n",
				names[i], removed, removed == 1 ? "" : "s", dropped);
		made[i] = true;
		holes++;
	}
	if (!holes) {
		*out = strdup(text);
		ret = *out ? 0 : set_err(err, errlen, "out of memory");
		goto out;
	}
	/* Docker's files are tab-indented; two spaces is json-c's other style */
	flags = JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED |
		JSON_C_TO_STRING_NOSLASHESCAPE;
	s = strchr(text, '\n');
	if (!s || s[1] == '\t')
		flags |= JSON_C_TO_STRING_PRETTY_TAB;
	s = json_object_to_json_string_ext(root, flags);
	if (!s || asprintf(out, "%s%s", s,
			   len && text[len - 1] == '\n' ? "\n" : "") < 0) {
		*out = NULL;
		set_err(err, errlen, "out of memory");
		goto out;
	}
	if (verify_syscalls(base, text, len, *out, strlen(*out), opts, names, n,
			    msg, err, errlen))
		goto out;
	if (seccomp_json_compile_buffer(base, *out, strlen(*out), opts, &probe,
					NULL, cerr, sizeof(cerr)) == 0) {
		for (i = 0; i < n; i++)
			if (made[i])
				syscall_summary(msg, names[i], &probe);
		sys_profile_free(&probe);
	}
	ret = 0;
out:
	if (ret) {
		free(*out);
		*out = NULL;
	}
	json_object_put(root);
	free(made);
	return ret;
}

/* ---- AppArmor-syntax text ------------------------------------------------ */

bool path_is_canonical(const char *path)
{
	const char *c = path, *e;

	if (*path != '/')
		return false;
	while (*c) {
		c++;			/* the '/' */
		e = strchrnul(c, '/');
		/* "" is only the last component: "/", or a directory's "/tmp/" */
		if ((e == c && *e) || (e - c == 1 && c[0] == '.') ||
		    (e - c == 2 && c[0] == '.' && c[1] == '.'))
			return false;
		c = e;
	}
	return true;
}

char *path_lexical(const char *path, size_t *dotdot)
{
	size_t len = strlen(path), o = 0;
	const char *c = path, *e;
	bool dir = false;
	char *out;

	*dotdot = 0;
	if (*path != '/')
		return NULL;
	out = malloc(len + 2);
	if (!out)
		return NULL;
	while (*c) {
		c++;
		e = strchrnul(c, '/');
		dir = true;
		if (e - c == 2 && c[0] == '.' && c[1] == '.') {
			while (o && out[--o] != '/')
				;
			*dotdot = c - 1 - path;
		} else if (e > c && !(e - c == 1 && c[0] == '.')) {
			out[o++] = '/';
			memcpy(out + o, c, e - c);
			o += e - c;
			dir = false;
		}
		c = e;
	}
	if (!o || dir)
		out[o++] = '/';
	out[o] = '\0';
	return out;
}

char *aa_literal_path(const char *path)
{
	size_t len = strlen(path), i, o = 0;
	bool quote = false;
	char *s = malloc(len * 4 + 3);

	if (!s)
		return NULL;
	for (i = 0; i < len; i++)
		if ((unsigned char)path[i] <= 0x20 || (unsigned char)path[i] >= 0x7f)
			quote = true;
	if (quote)
		s[o++] = '"';
	for (i = 0; i < len; i++) {
		unsigned char c = path[i];

		if (strchr("*?[]{}^\\\",", c)) {
			s[o++] = '\\';
			s[o++] = c;
		} else if (c < 0x20 || c >= 0x7f) {
			o += sprintf(s + o, "\\%03o", c);
		} else {
			s[o++] = c;
		}
	}
	if (quote)
		s[o++] = '"';
	s[o] = '\0';
	return s;
}

/* The text of line @line of @file, trimmed; NULL if unreadable. */
static char *source_line(const char *file, int line)
{
	char *buf = NULL, *s, *e;
	size_t cap = 0;
	FILE *f = fopen(file, "r");
	int n = 0;

	if (!f)
		return NULL;
	while (getline(&buf, &cap, f) >= 0)
		if (++n == line)
			break;
	fclose(f);
	if (n != line) {
		free(buf);
		return NULL;
	}
	for (s = buf; isspace((unsigned char)*s); s++)
		;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	/* a trailing comment: "... w,  # why" */
	for (e = s; *e; e++) {
		if (*e == '#' && e > s && isspace((unsigned char)e[-1])) {
			while (e > s && isspace((unsigned char)e[-1]))
				e--;
			*e = '\0';
			break;
		}
	}
	memmove(buf, s, strlen(s) + 1);
	return buf;
}

uint32_t path_layer_denies(const struct path_layer *pl, const char *path,
			   uint32_t perms, char *why, size_t whylen)
{
	uint32_t denied = 0, den_owner = 0;
	size_t i, off = 0;

	if (why && whylen)
		why[0] = '\0';
	path_layer_decide(pl, path, false, &denied);
	path_layer_decide(pl, path, true, &den_owner);
	denied = (denied | den_owner) & perms;
	if (!denied || !why)
		return denied;
	/* which deny rules: compile each alone and match */
	for (i = 0; i < pl->aa.nfiles && off < whylen; i++) {
		const struct aa_file_rule *r = &pl->aa.files[i];
		struct dfa_rule one = {
			.glob = r->glob, .perms = r->perms, .deny = true,
			.owner = r->owner,
		};
		const struct moat_dfa_accept *acc;
		struct dfa d;
		char derr[256], *text;

		if (!r->deny || !(r->perms & perms))
			continue;
		if (dfa_compile(&one, 1, &d, derr, sizeof(derr)))
			continue;
		acc = &d.accept[dfa_match(&d, path)];
		if ((acc->deny | acc->deny_owner) & perms) {
			text = r->file ? source_line(r->file, r->line) : NULL;
			off += snprintf(why + off, whylen - off, "%s%s:%d: %s",
					off ? "; " : "", r->file ? r->file : "?",
					r->line, text ? text : r->glob);
			free(text);
		}
		dfa_free(&d);
	}
	return denied;
}

/* Where the rule goes: before the last top-level '}' (the profile's end). */
static long profile_end(const char *text)
{
	long depth = 0, last = -1;
	bool inq = false;
	size_t i;

	for (i = 0; text[i]; i++) {
		char c = text[i];

		if (inq) {
			if (c == '\\' && text[i + 1])
				i++;
			else if (c == '"')
				inq = false;
			continue;
		}
		if (c == '\\' && text[i + 1]) {
			i++;
		} else if (c == '"') {
			inq = true;
		} else if (c == '#' && (!i || isspace((unsigned char)text[i - 1]) ||
					text[i - 1] == ',')) {
			while (text[i + 1] && text[i + 1] != '\n')
				i++;
		} else if (c == '{') {
			depth++;
		} else if (c == '}' && depth > 0) {
			if (!--depth)
				last = i;
		}
	}
	return last;
}

struct path_check {
	size_t bad;
	char first_bad[512];
	bool lost;
};

static void path_check_entry(const struct path_diff_entry *e, void *arg)
{
	struct path_check *c = arg;
	FILE *f;

	if (e->on_literal && !(e->a & ~e->b) && !(e->a_owner & ~e->b_owner))
		return;
	if (c->bad++)
		return;
	f = fmemopen(c->first_bad, sizeof(c->first_bad) - 1, "w");
	if (f) {
		char a[8], b[8];

		file_perms_str(e->a, a);
		file_perms_str(e->b, b);
		path_print(f, e->witness, e->len);
		fprintf(f, ": %s -> %s", a, b);
		fclose(f);
	}
}

/* text with rule inserted before the profile's end; NULL on no memory */
static char *insert_rule(const char *text, long end, const char *rule)
{
	long at = end;
	char *out;

	while (at > 0 && (text[at - 1] == ' ' || text[at - 1] == '\t'))
		at--;
	if (at > 0 && text[at - 1] == '\n') {
		if (asprintf(&out, "%.*s  # moatctl derive\n  %s\n%s", (int)at,
			     text, rule, text + at) < 0)
			return NULL;
	} else if (asprintf(&out, "%.*s\n  # moatctl derive\n  %s\n%s",
			    (int)end, text, rule, text + end) < 0) {
		return NULL;
	}
	return out;
}

int derive_paths(const char *base, const char *text,
		 const struct aa_opts *opts, const struct derive_path *holes,
		 size_t n, char **out, FILE *msg, char *err, size_t errlen)
{
	struct path_layer prev, next;
	char cerr[1024], why[1024], *cur;
	size_t i;

	*out = NULL;
	if (path_layer_compile_string(text, base, opts, &prev, cerr, sizeof(cerr)))
		return set_err(err, errlen, "%s", cerr);
	cur = strdup(text);
	if (!cur) {
		path_layer_free(&prev);
		return set_err(err, errlen, "out of memory");
	}
	for (i = 0; i < n; i++) {
		const char *path = holes[i].path;
		uint32_t perms = holes[i].perms, denied, g, go;
		struct path_check c = { 0 };
		char ps[8], ds[8], *lit, *rule, *grown;
		long end, diffs;

		file_perms_str(perms, ps);
		if (!path_is_canonical(path)) {
			size_t dd;
			char *fix = path_lexical(path, &dd);

			if (!fix)
				set_err(err, errlen, "--allow %s: not a canonical absolute path (the kernel decides by the canonical path): give an absolute path",
					path);
			else if (!dd)
				set_err(err, errlen, "--allow %s: not a canonical absolute path (the kernel decides by the canonical path): give %s",
					path, fix);
			else
				set_err(err, errlen, "--allow %s: not a canonical absolute path (the kernel decides by the canonical path): give %s (if no component of %.*s is a symbolic link)",
					path, fix, (int)dd, path);
			free(fix);
			goto fail;
		}
		if (!perms || (perms & ~MOAT_FILE_ALL)) {
			set_err(err, errlen, "--allow %s: PERMS are letters of rwalkmx", path);
			goto fail;
		}
		denied = path_layer_denies(&prev, path, perms, why, sizeof(why));
		if (denied) {
			file_perms_str(denied, ds);
			set_err(err, errlen, "--allow %s %s: %s denies %s on %s%s%s; a deny always wins, and derive does not widen one: nothing written",
				path, ps, base, ds, path, *why ? " by " : "", why);
			goto fail;
		}
		g = path_layer_decide(&prev, path, false, NULL);
		go = path_layer_decide(&prev, path, true, NULL);
		if ((g & perms) == perms && (go & perms) == perms) {
			if (msg)
				fprintf(msg, "%s: %s already allowed: unchanged\n", path, ps);
			continue;
		}
		lit = aa_literal_path(path);
		if (!lit || asprintf(&rule, "%s %s,", lit, ps) < 0) {
			free(lit);
			set_err(err, errlen, "out of memory");
			goto fail;
		}
		free(lit);
		end = profile_end(cur);
		if (end < 0) {
			free(rule);
			set_err(err, errlen, "%s: no profile block ('{ ... }') to add the rule to", base);
			goto fail;
		}
		grown = insert_rule(cur, end, rule);
		if (!grown) {
			free(rule);
			set_err(err, errlen, "out of memory");
			goto fail;
		}
		free(cur);
		cur = grown;
		if (path_layer_compile_string(cur, base, opts, &next, cerr,
					      sizeof(cerr))) {
			set_err(err, errlen, "the derived profile does not compile (%s): %s",
				rule, cerr);
			free(rule);
			goto fail;
		}
		g = path_layer_decide(&next, path, false, NULL);
		go = path_layer_decide(&next, path, true, NULL);
		diffs = path_dfa_diff(&prev.dfa, &next.dfa, path, false,
				      path_check_entry, &c, NULL);
		if (diffs < 0 || aa_rules_diff(&prev.aa, &next.aa, NULL) != 0 ||
		    (g & perms) != perms || (go & perms) != perms || c.bad) {
			set_err(err, errlen, "the derived profile does not differ from %s by %s alone (%s): nothing written",
				base, rule,
				diffs < 0 ? "out of memory" :
				c.bad ? c.first_bad : "PERMS not granted or other rules changed");
			free(rule);
			path_layer_free(&next);
			goto fail;
		}
		file_perms_str(g, ds);
		if (msg) {
			fprintf(msg, "added rule %s  ", rule);
			path_print(msg, path, strlen(path));
			fprintf(msg, " now gets %s, no other path changes\n", ds);
		}
		free(rule);
		path_layer_free(&prev);
		prev = next;
	}
	path_layer_free(&prev);
	*out = cur;
	return 0;
fail:
	path_layer_free(&prev);
	free(cur);
	return -1;
}

/* ---- the whole of it ----------------------------------------------------- */

char *derive_profile_name(const char *base, const struct aa_opts *opts)
{
	char *name = NULL;

	if (!file_is_seccomp_json(base)) {
		struct aa_profile p;
		char err[256];

		if (aa_parse_file(base, opts, &p, err, sizeof(err)))
			return NULL;
		name = p.name ? strdup(p.name) : NULL;
		aa_profile_free(&p);
		return name;
	}
	return profile_name_from_file(base);
}

static int write_atomic(const char *path, const char *text, char *err,
			size_t errlen)
{
	size_t len = strlen(text), off = 0;
	char *tmp;
	mode_t mask;
	int fd;

	if (!strcmp(path, "-")) {
		if (fwrite(text, 1, len, stdout) != len || fflush(stdout))
			return set_err(err, errlen, "standard output: %s", strerror(errno));
		return 0;
	}
	if (asprintf(&tmp, "%s.moatctl-XXXXXX", path) < 0)
		return set_err(err, errlen, "out of memory");
	fd = mkstemp(tmp);
	if (fd < 0) {
		set_err(err, errlen, "%s: %s", tmp, strerror(errno));
		free(tmp);
		return -1;
	}
	mask = umask(0);
	umask(mask);
	if (fchmod(fd, 0666 & ~mask))
		goto fail;
	while (off < len) {
		ssize_t w = write(fd, text + off, len - off);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			goto fail;
		}
		off += w;
	}
	if (fsync(fd))
		goto fail;
	if (close(fd)) {
		fd = -1;
		goto fail;
	}
	fd = -1;
	if (rename(tmp, path))
		goto fail;
	free(tmp);
	return 0;
fail:
	set_err(err, errlen, "%s: %s", path, strerror(errno));
	if (fd >= 0)
		close(fd);
	unlink(tmp);
	free(tmp);
	return -1;
}

int derive_run(const struct derive_req *req, FILE *msg, char *err,
	       size_t errlen)
{
	bool json = file_is_seccomp_json(req->base);
	struct stat sb, so;
	char *text, *out = NULL, *name;
	size_t len;
	int ret;

	if (!req->out)
		return set_err(err, errlen, "-o FILE is required (-o - for standard output)");
	if (!req->nsyscalls && !req->npaths)
		return set_err(err, errlen, "nothing to derive: give --allow-syscall NAME (a seccomp JSON base) or --allow PATH PERMS (an AppArmor-syntax base)");
	if (json && req->npaths)
		return set_err(err, errlen, "--allow PATH PERMS is for an AppArmor-syntax base; %s is a seccomp JSON (use --allow-syscall NAME)",
			       req->base);
	if (!json && req->nsyscalls)
		return set_err(err, errlen, "--allow-syscall NAME is for a seccomp JSON base; %s is AppArmor-syntax text (use --allow PATH PERMS)",
			       req->base);
	if (strcmp(req->out, "-") &&
	    (!strcmp(req->out, req->base) ||
	     (!stat(req->base, &sb) && !stat(req->out, &so) &&
	      sb.st_dev == so.st_dev && sb.st_ino == so.st_ino)))
		return set_err(err, errlen, "-o %s is the base profile itself: derive writes a new file", req->out);
	text = read_text(req->base, &len, err, errlen);
	if (!text)
		return -1;
	if (json)
		ret = derive_syscalls(req->base, text, len, &req->opts,
				      req->syscalls, req->nsyscalls, &out, msg,
				      err, errlen);
	else
		ret = derive_paths(req->base, text, req->aa_opts, req->paths,
				   req->npaths, &out, msg, err, errlen);
	free(text);
	if (ret)
		return -1;
	ret = write_atomic(req->out, out, err, errlen);
	free(out);
	if (ret)
		return -1;
	if (!msg)
		return 0;
	name = derive_profile_name(req->base, req->aa_opts);
	if (!strcmp(req->out, "-"))
		fprintf(msg, "wrote the derived profile to standard output\n");
	else if (json)
		fprintf(msg, "wrote %s; load it with the profile's other layers (a load replaces them all):\n  moatctl load %s --name %s\n",
			req->out, req->out, name ? name : "NAME");
	else
		fprintf(msg, "wrote %s; load it with the profile's other layers (a load replaces them all):\n  moatctl load %s\n",
			req->out, req->out);
	free(name);
	return 0;
}
