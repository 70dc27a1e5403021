// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests (cmocka) of moatctl derive and diff: the derived profiles are
 * compiled and checked decision by decision with sys_decide() and
 * path_layer_decide() directly, not only through the diff code that
 * derive checks itself with.
 *
 * Environment: MOAT_TOP (repository top). AppArmor profiles include from
 * the real /etc/apparmor.d, as test_apparmor.c's docker-default test does.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <ftw.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <seccomp.h>

#include "../../ctl/derive.h"
#include "../../ctl/policy_diff.h"
#include "../../ctl/profile.h"
#include "../../ctl/seccomp_json.h"

static char top[4096];
static char tmpdir[64];
static char err[2048];

static void policy(char *buf, size_t len, const char *rel)
{
	snprintf(buf, len, "%s/policy/%s", top, rel);
}

static void tmp(char *buf, size_t len, const char *name)
{
	snprintf(buf, len, "%s/%s", tmpdir, name);
}

static struct seccomp_opts default_opts(void)
{
	return (struct seccomp_opts){
		.caps = seccomp_docker_default_caps(),
		.kernel_major = 6, .kernel_minor = 1,
	};
}

static void compile_json(const char *file, struct sys_profile *p)
{
	struct seccomp_opts o = default_opts();

	if (seccomp_json_compile_file(file, &o, p, NULL, err, sizeof(err)))
		fail_msg("%s", err);
}

static void compile_aa(const char *file, struct path_layer *pl)
{
	if (path_layer_compile(file, NULL, pl, err, sizeof(err)))
		fail_msg("%s", err);
}

static char *slurp(const char *file)
{
	char *text = NULL;
	size_t cap = 0;
	FILE *f = fopen(file, "r");
	ssize_t n;

	assert_non_null(f);
	n = getdelim(&text, &cap, '\0', f);
	fclose(f);
	assert_true(n >= 0);
	return text;
}

static bool exists(const char *file)
{
	return access(file, F_OK) == 0;
}

static int derive_json(const char *out, char **names, size_t n)
{
	char base[4200];
	struct derive_req req = {
		.base = base, .out = out, .opts = default_opts(),
		.syscalls = names, .nsyscalls = n,
	};

	policy(base, sizeof(base), "docker-default.json");
	err[0] = '\0';
	return derive_run(&req, NULL, err, sizeof(err));
}

static int derive_aa(const char *base, const char *out, const char *path,
		     const char *perms)
{
	struct derive_path p = { .path = path };
	struct derive_req req = {
		.base = base, .out = out, .paths = &p, .npaths = 1,
	};

	assert_int_equal(file_perms_parse(perms, &p.perms), 0);
	err[0] = '\0';
	return derive_run(&req, NULL, err, sizeof(err));
}

static int nr_of(enum moat_abi abi, const char *name)
{
	int nr = seccomp_syscall_resolve_name_arch(sys_scmp_arch(abi), name);

	assert_true(nr >= 0);
	return abi == MOAT_ABI_X32 ? nr & ~0x40000000 : nr;
}

/*
 * Every (ABI, number) decides alike in a and b, except the names given,
 * which b allows unconditionally on every ABI.
 */
static void check_only_allowed(const struct sys_profile *a,
			       const struct sys_profile *b,
			       const char *const *names, size_t n)
{
	int abi, changed = 0;
	uint32_t nr;
	size_t i;

	for (abi = 0; abi < __MOAT_ABI_COUNT; abi++) {
		for (nr = 0; nr < MOAT_SYS_NR_MAX; nr++) {
			struct sys_decision da, db;
			bool named = false;
			char *sa, *sb;

			for (i = 0; i < n; i++)
				if ((int)nr == nr_of(abi, names[i]))
					named = true;
			sys_decide(a, abi, nr, &da);
			sys_decide(b, abi, nr, &db);
			if (named) {
				assert_int_equal(db.ncond, 0);
				assert_int_equal(db.err, 0);
				assert_false(db.enosys);
				changed++;
				continue;
			}
			sa = sys_decision_str(&da);
			sb = sys_decision_str(&db);
			if (strcmp(sa, sb))
				fail_msg("%s %u changed: %s -> %s", abi_name(abi), nr, sa, sb);
			free(sa);
			free(sb);
		}
	}
	assert_int_equal(changed, 3 * (int)n);
}

/* ---- seccomp JSON --------------------------------------------------------- */

static void test_allow_syscall_keyctl(void **state)
{
	const char *names[] = { "keyctl" };
	struct sys_profile a, b;
	char out[128], base[4200];
	struct sys_decision d;

	(void)state;
	tmp(out, sizeof(out), "keyctl.json");
	policy(base, sizeof(base), "docker-default.json");
	assert_int_equal(derive_json(out, (char **)names, 1), 0);
	compile_json(base, &a);
	compile_json(out, &b);
	/* refused before, on every ABI */
	sys_decide(&a, MOAT_ABI_X86_64, 250, &d);
	assert_int_equal(d.err, EPERM);
	check_only_allowed(&a, &b, names, 1);
	sys_decide(&b, MOAT_ABI_X86_64, 250, &d);
	assert_int_equal(d.err, 0);
	sys_decide(&b, MOAT_ABI_I386, 288, &d);
	assert_int_equal(d.err, 0);
	sys_decide(&b, MOAT_ABI_X32, 250, &d);
	assert_int_equal(d.err, 0);
	/* the new rule, as the comment says */
	{
		char *text = slurp(out);

		assert_non_null(strstr(text, "\"comment\": \"moatctl derive: --allow-syscall keyctl\""));
		free(text);
	}
	sys_profile_free(&a);
	sys_profile_free(&b);
}

static void test_allow_syscall_clone3(void **state)
{
	const char *names[] = { "clone3" };
	struct sys_profile a, b;
	struct sys_decision d;
	char out[128], base[4200], *text;

	(void)state;
	tmp(out, sizeof(out), "clone3.json");
	policy(base, sizeof(base), "docker-default.json");
	assert_int_equal(derive_json(out, (char **)names, 1), 0);
	compile_json(base, &a);
	compile_json(out, &b);
	/* docker-default answers ENOSYS to clone3 without CAP_SYS_ADMIN */
	sys_decide(&a, MOAT_ABI_X86_64, nr_of(MOAT_ABI_X86_64, "clone3"), &d);
	assert_int_equal(d.err, ENOSYS);
	check_only_allowed(&a, &b, names, 1);
	/* clone3 appears in the new rule only */
	text = slurp(out);
	assert_non_null(strstr(text, "\"clone3\""));
	assert_null(strstr(strstr(text, "\"clone3\"") + 1, "\"clone3\""));
	free(text);
	sys_profile_free(&a);
	sys_profile_free(&b);
}

static void test_allow_syscall_unknown(void **state)
{
	const char *names[] = { "keyctl", "no_such_syscall" };
	char out[128];

	(void)state;
	tmp(out, sizeof(out), "unknown.json");
	assert_int_equal(derive_json(out, (char **)names, 2), -1);
	assert_non_null(strstr(err, "no_such_syscall"));
	assert_false(exists(out));
}

static void test_allow_syscall_already(void **state)
{
	const char *names[] = { "getpid" };
	char out[128], base[4200], *a, *b;

	(void)state;
	tmp(out, sizeof(out), "getpid.json");
	policy(base, sizeof(base), "docker-default.json");
	assert_int_equal(derive_json(out, (char **)names, 1), 0);
	a = slurp(base);
	b = slurp(out);
	assert_string_equal(a, b);
	free(a);
	free(b);
}

static void test_json_untouched_elsewhere(void **state)
{
	const char *names[] = { "keyctl" };
	char out[128], base[4200], *a, *b, *end;

	(void)state;
	/* the text up to the end of the last rule is byte for byte the base's */
	tmp(out, sizeof(out), "keyctl2.json");
	policy(base, sizeof(base), "docker-default.json");
	assert_int_equal(derive_json(out, (char **)names, 1), 0);
	a = slurp(base);
	b = slurp(out);
	end = strstr(a, "\n\t]\n}");
	assert_non_null(end);
	assert_null(strstr(end + 1, "\n\t]\n}"));
	assert_memory_equal(a, b, end - a);
	assert_non_null(strstr(b + (end - a), "\"keyctl\""));
	free(a);
	free(b);
}

static void test_wrong_kind_and_output(void **state)
{
	const char *names[] = { "keyctl" };
	struct derive_path p = { .path = "/tmp/x", .perms = MOAT_FILE_READ };
	char base[4200], aa[4200], out[128];
	struct derive_req req = { 0 };

	(void)state;
	policy(base, sizeof(base), "docker-default.json");
	policy(aa, sizeof(aa), "docker-default.apparmor");
	tmp(out, sizeof(out), "wrong.out");
	req = (struct derive_req){ .base = aa, .out = out, .syscalls = (char **)names,
				   .nsyscalls = 1 };
	assert_int_equal(derive_run(&req, NULL, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "--allow-syscall"));
	req = (struct derive_req){ .base = base, .out = out, .paths = &p, .npaths = 1,
				   .opts = default_opts() };
	assert_int_equal(derive_run(&req, NULL, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "--allow PATH"));
	assert_false(exists(out));
	/* never over the base itself */
	req = (struct derive_req){ .base = base, .out = base, .syscalls = (char **)names,
				   .nsyscalls = 1, .opts = default_opts() };
	assert_int_equal(derive_run(&req, NULL, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "base profile itself"));
}

/* ---- AppArmor-syntax text ------------------------------------------------- */

/* docker-default without "file,": a base that does not already allow /tmp/x */
static void narrow_base(char *out, size_t len)
{
	char base[4200], *text, *at;
	FILE *f;

	policy(base, sizeof(base), "docker-default.apparmor");
	tmp(out, len, "narrow.apparmor");
	text = slurp(base);
	at = strstr(text, "\n  file,\n");
	assert_non_null(at);
	memmove(at + 1, at + 9, strlen(at + 9) + 1);
	f = fopen(out, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	free(text);
}

static uint32_t grant(const struct path_layer *pl, const char *path, bool owner)
{
	return path_layer_decide(pl, path, owner, NULL);
}

struct found {
	int n, on_literal;
	char first[256];
};

static void collect(const struct path_diff_entry *e, void *arg)
{
	struct found *f = arg;

	if (!f->n++)
		snprintf(f->first, sizeof(f->first), "%s", e->witness);
	f->on_literal += e->on_literal;
}

static void test_allow_path(void **state)
{
	static const char *const neighbours[] = {
		"/tmp/xy", "/tmp/x/", "/tmp", "/tmp/", "/tmp/X", "/tmp/x/y", "/tmpx",
	};
	struct path_layer a, b;
	struct found f = { 0 };
	char base[128], out[128];
	size_t i;
	long n;

	(void)state;
	narrow_base(base, sizeof(base));
	tmp(out, sizeof(out), "tmpx.apparmor");
	assert_int_equal(derive_aa(base, out, "/tmp/x", "w"), 0);
	compile_aa(base, &a);
	compile_aa(out, &b);
	assert_int_equal(grant(&a, "/tmp/x", false), 0);
	assert_true(grant(&b, "/tmp/x", false) & MOAT_FILE_WRITE);
	assert_true(grant(&b, "/tmp/x", true) & MOAT_FILE_WRITE);
	for (i = 0; i < sizeof(neighbours) / sizeof(neighbours[0]); i++) {
		assert_int_equal(grant(&a, neighbours[i], false),
				 grant(&b, neighbours[i], false));
		assert_int_equal(grant(&a, neighbours[i], true),
				 grant(&b, neighbours[i], true));
	}
	/* the automaton diff finds /tmp/x, and only it */
	n = path_dfa_diff(&a.dfa, &b.dfa, NULL, true, collect, &f, NULL);
	assert_int_equal(n, 1);
	assert_string_equal(f.first, "/tmp/x");
	memset(&f, 0, sizeof(f));
	n = path_dfa_diff(&a.dfa, &b.dfa, "/tmp/x", false, collect, &f, NULL);
	assert_int_equal(n, 1);
	assert_int_equal(f.on_literal, 1);
	assert_int_equal(aa_rules_diff(&a.aa, &b.aa, NULL), 0);
	path_layer_free(&a);
	path_layer_free(&b);
}

static void test_allow_path_denied(void **state)
{
	char base[4200], out[128];

	(void)state;
	policy(base, sizeof(base), "docker-default.apparmor");
	tmp(out, sizeof(out), "hostname.apparmor");
	/* deny @{PROC}/sys/kernel/{?,??,[^s][^h][^m]**} w, */
	assert_int_equal(derive_aa(base, out, "/proc/sys/kernel/hostname", "w"), -1);
	assert_non_null(strstr(err, "denies w"));
	assert_non_null(strstr(err, "[^s][^h][^m]**"));
	assert_false(exists(out));
	/* deny @{PROC}/sysrq-trigger rwklx, refuses r as well */
	assert_int_equal(derive_aa(base, out, "/proc/sysrq-trigger", "r"), -1);
	assert_non_null(strstr(err, "sysrq-trigger"));
	assert_false(exists(out));
	/* /proc/sys/kernel/shmmax is not denied w: already allowed (file,) */
	assert_int_equal(derive_aa(base, out, "/proc/sys/kernel/shmmax", "w"), 0);
	assert_true(exists(out));
}

static void test_allow_path_canonical(void **state)
{
	static const struct {
		const char *path, *fix;
		size_t dotdot;
	} lexical[] = {
		{ "/etc/./shadow", "/etc/shadow", 0 },
		{ "/secret/../tmp/x", "/tmp/x", 7 },
		{ "/tmp//x", "/tmp/x", 0 },
		{ "//tmp/x", "/tmp/x", 0 },
		{ "/tmp/x/.", "/tmp/x/", 0 },
		{ "/tmp/x//", "/tmp/x/", 0 },
		{ "/tmp/x/..", "/tmp/", 6 },
		{ "/a/b/../../c", "/c", 7 },
		{ "/..", "/", 0 },
		{ "/../..", "/", 3 },
		{ "/.", "/", 0 },
	};
	static const char *const canonical[] = {
		"/", "/tmp/x", "/tmp/x/", "/tmp/.x", "/tmp/..x", "/tmp/x..", "/a b/.../c",
	};
	char base[128], out[128], *text, *fix;
	size_t i, dd;
	FILE *f;

	(void)state;
	for (i = 0; i < sizeof(canonical) / sizeof(canonical[0]); i++)
		assert_true(path_is_canonical(canonical[i]));
	for (i = 0; i < sizeof(lexical) / sizeof(lexical[0]); i++) {
		assert_false(path_is_canonical(lexical[i].path));
		fix = path_lexical(lexical[i].path, &dd);
		assert_non_null(fix);
		assert_string_equal(fix, lexical[i].fix);
		assert_true(path_is_canonical(fix));
		assert_int_equal(dd, lexical[i].dotdot);
		free(fix);
	}
	assert_false(path_is_canonical("tmp/x"));
	assert_false(path_is_canonical(""));
	assert_null(path_lexical("tmp/x", &dd));

	/* a base that denies /etc/shadow rw */
	narrow_base(base, sizeof(base));
	text = slurp(base);
	f = fopen(base, "w");
	assert_non_null(f);
	*strrchr(text, '}') = '\0';
	fprintf(f, "%s  deny /etc/shadow rw,\n}\n", text);
	fclose(f);
	free(text);
	tmp(out, sizeof(out), "canonical.apparmor");
	assert_int_equal(derive_aa(base, out, "/etc/shadow", "rw"), -1);
	assert_non_null(strstr(err, "denies rw"));

	/* the literal rule would never match: refused, not a no-op success */
	assert_int_equal(derive_aa(base, out, "/etc/./shadow", "rw"), -1);
	assert_string_equal(err, "--allow /etc/./shadow: not a canonical absolute path (the kernel decides by the canonical path): give /etc/shadow");
	assert_int_equal(derive_aa(base, out, "/etc//shadow", "r"), -1);
	assert_string_equal(err, "--allow /etc//shadow: not a canonical absolute path (the kernel decides by the canonical path): give /etc/shadow");
	assert_int_equal(derive_aa(base, out, "/secret/../tmp/x", "w"), -1);
	assert_string_equal(err, "--allow /secret/../tmp/x: not a canonical absolute path (the kernel decides by the canonical path): give /tmp/x (if no component of /secret is a symbolic link)");
	assert_int_equal(derive_aa(base, out, "/tmp//x", "w"), -1);
	assert_string_equal(err, "--allow /tmp//x: not a canonical absolute path (the kernel decides by the canonical path): give /tmp/x");
	assert_int_equal(derive_aa(base, out, "/tmp/x/.", "w"), -1);
	assert_string_equal(err, "--allow /tmp/x/.: not a canonical absolute path (the kernel decides by the canonical path): give /tmp/x/");
	assert_int_equal(derive_aa(base, out, "tmp/x", "w"), -1);
	assert_string_equal(err, "--allow tmp/x: not a canonical absolute path (the kernel decides by the canonical path): give an absolute path");
	assert_false(exists(out));

	/* a trailing '/' names a directory, as the kernel names one */
	assert_int_equal(derive_aa(base, out, "/tmp/d/", "r"), 0);
	assert_true(exists(out));
}

static void test_allow_path_glob_escaped(void **state)
{
	struct path_layer b;
	char base[128], out[128];
	char *lit;

	(void)state;
	narrow_base(base, sizeof(base));
	tmp(out, sizeof(out), "glob.apparmor");
	assert_int_equal(derive_aa(base, out, "/tmp/a*b", "r"), 0);
	compile_aa(out, &b);
	assert_int_equal(grant(&b, "/tmp/a*b", false), MOAT_FILE_READ);
	assert_int_equal(grant(&b, "/tmp/aXb", false), 0);
	assert_int_equal(grant(&b, "/tmp/ab", false), 0);
	path_layer_free(&b);

	assert_int_equal(derive_aa(base, out, "/tmp/{x,y} [z] @{HOME}", "rw"), 0);
	compile_aa(out, &b);
	assert_true(grant(&b, "/tmp/{x,y} [z] @{HOME}", false) & MOAT_FILE_WRITE);
	assert_int_equal(grant(&b, "/tmp/x z @{HOME}", false), 0);
	assert_int_equal(grant(&b, "/tmp/{x,y} z /root/", false), 0);
	path_layer_free(&b);

	lit = aa_literal_path("/a b\"c\n");
	assert_string_equal(lit, "\"/a b\\\"c\\012\"");
	free(lit);
}

/* ---- the log -------------------------------------------------------------- */

static const char *const sample[] = {
	"audit: type=1400 audit(1764480000.123:42): moat=\"DENIED\" operation=\"syscall\" profile=\"docker-default\" cgroup=4242 abi=x86_64 syscall=250 error=-1 pid=77 comm=\"keyctl\"",
	"type=AVC msg=audit(1764480100.5:43): moat=\"DENIED\" operation=\"open\" profile=\"docker-default\" cgroup=4242 name=\"/proc/sys/kernel/hostname\" requested=\"w\" denied=\"w\" abi=x86_64 syscall=257 error=-13 pid=77 comm=\"sh\"",
	"moat: moat=\"ALLOWED\" operation=\"open\" profile=\"docker-default\" cgroup=4242 name=\"/proc/sys/kernel/hostname\" requested=\"w\" denied=\"w\" abi=x86_64 syscall=257 error=-13 pid=77 comm=\"sh\"",
	"Nov 30 07:01:02 host kernel: moat: moat=\"DENIED\" operation=\"signal\" profile=\"p\" cgroup=1 requested=\"send\" denied=\"send\" signal=9 peer=\"unconfined\" abi=x86_64 syscall=62 error=-13 pid=5 comm=\"kill\" dropped=3",
};

static void test_record_parse(void **state)
{
	struct moat_record r;

	(void)state;
	assert_int_equal(moat_record_parse(sample[0], 0, &r), 1);
	assert_false(r.allowed);
	assert_string_equal(r.op, "syscall");
	assert_string_equal(r.profile, "docker-default");
	assert_int_equal(r.abi, MOAT_ABI_X86_64);
	assert_int_equal(r.syscall, 250);
	assert_int_equal(r.pid, 77);
	assert_string_equal(r.comm, "keyctl");
	assert_true(r.has_time);
	assert_true(r.time > 1764480000.1 && r.time < 1764480000.2);
	moat_record_free(&r);

	assert_int_equal(moat_record_parse(sample[2], 0, &r), 1);
	assert_true(r.allowed);
	assert_string_equal(r.name, "/proc/sys/kernel/hostname");
	assert_string_equal(r.denied, "w");
	assert_false(r.has_time);
	moat_record_free(&r);

	assert_int_equal(moat_record_parse(sample[3], 0, &r), 1);
	assert_string_equal(r.peer, "unconfined");
	assert_string_equal(r.op, "signal");
	moat_record_free(&r);

	/* hex, upper and lower case: "my comm" and a name with a newline */
	assert_int_equal(moat_record_parse("<5>[  100.250000] moat: moat=\"DENIED\" operation=\"open\" profile=\"x\" cgroup=1 name=2F746D702F610A62 requested=\"r\" denied=\"r\" abi=i386 syscall=5 error=-13 pid=9 comm=6d7920636f6d6d",
					   1000.0, &r), 1);
	assert_string_equal(r.name, "/tmp/a\nb");
	assert_string_equal(r.comm, "my comm");
	assert_int_equal(r.abi, MOAT_ABI_I386);
	assert_true(r.has_time);
	assert_true(r.time > 1100.2 && r.time < 1100.3);
	moat_record_free(&r);

	/* not moat's, and moat's that do not parse */
	assert_int_equal(moat_record_parse("kernel: eth0 link up", 0, &r), 0);
	assert_int_equal(moat_record_parse("apparmor=\"DENIED\" operation=\"open\"", 0, &r), 0);
	assert_int_equal(moat_record_parse("nomoat=\"DENIED\" operation=\"x\" profile=\"p\"", 0, &r), MOAT_RECORD_FOREIGN);
	assert_int_equal(moat_record_parse("moat: moat=\"DENIED\" operation=\"syscall\" profile=\"p\" abi=arm syscall=1", 0, &r), -1);
	assert_int_equal(moat_record_parse("moat: moat=\"DENIED\" operation=\"syscall\" profile=\"p\" syscall=1", 0, &r), -1);
	assert_int_equal(moat_record_parse("moat: moat=\"MAYBE\" operation=\"open\" profile=\"p\"", 0, &r), -1);
	assert_int_equal(moat_record_parse("moat: moat=\"DENIED\" operation=\"open\" profile=\"p\" name=2F7", 0, &r), -1);
	assert_int_equal(moat_record_parse("moat: moat=\"DENIED\" operation=\"open", 0, &r), -1);
}

/* the fields of a mount denial, as a forger writes them */
#define FORGED_MOUNT "moat=\"DENIED\" operation=\"syscall\" profile=\"docker-default\" cgroup=1 abi=x86_64 syscall=165 error=-1 pid=2 comm=\"x\" dropped=0"
#define SYSCALL_FIELDS(nr) "moat=\"DENIED\" operation=\"syscall\" profile=\"docker-default\" cgroup=4242 abi=x86_64 syscall=" #nr " error=-1 pid=77 comm=\"app\""

/* the forms the kernel writes, one syscall each */
static const char *const genuine[] = {
	"type=AVC msg=audit(1764480000.123:42): " SYSCALL_FIELDS(250),		/* keyctl */
	"node=web1 type=AVC msg=audit(1764480000.200:43): " SYSCALL_FIELDS(248),	/* add_key */
	"audit: type=1400 audit(1764480000.300:44): " SYSCALL_FIELDS(249),	/* request_key */
	"<5>[  100.250000] audit: type=1400 audit(1764480000.400:45): " SYSCALL_FIELDS(321),	/* bpf */
	"[  100.300000] moat: " SYSCALL_FIELDS(323),				/* userfaultfd */
	"<5>moat: " SYSCALL_FIELDS(298),					/* perf_event_open */
	"Nov 30 07:01:02 host kernel: audit: type=1400 audit(1764480000.500:46): " SYSCALL_FIELDS(155),	/* pivot_root */
	"2026-11-30T07:01:02.123456+00:00 host kernel: [  100.400000] moat: " SYSCALL_FIELDS(163) "  \r",	/* acct */
};

/* lines any task with CAP_AUDIT_WRITE, or a /dev/kmsg writer, can make */
static const char *const forged[] = {
	"type=USER_AVC msg=audit(1764480200.000:50): pid=1 uid=0 auid=4294967295 ses=4294967295 subj=unconfined msg='avc: x " FORGED_MOUNT "'",
	"type=USER_AVC msg=audit(1764480200.000:51): pid=1 uid=0 auid=4294967295 ses=4294967295 subj=unconfined msg='" FORGED_MOUNT "'",
	"node=web1 type=USER_AVC msg=audit(1764480200.000:52): pid=1 uid=0 msg='" FORGED_MOUNT "'",
	"audit: type=1107 audit(1764480200.000:53): pid=1 uid=0 auid=4294967295 ses=4294967295 subj=unconfined msg='avc: x " FORGED_MOUNT "'",
	"<5>[  200.000000] audit: type=1107 audit(1764480200.000:54): pid=1 uid=0 msg='" FORGED_MOUNT "'",
	"Nov 30 07:01:02 host kernel: audit: type=1107 audit(1764480200.000:55): pid=1 uid=0 msg='" FORGED_MOUNT "'",
	"Nov 30 07:01:02 host audit[1]: USER_AVC pid=1 uid=0 msg=' kernel: moat: " FORGED_MOUNT "'",
	"Nov 30 07:01:02 host myapp[1]: kernel: moat: " FORGED_MOUNT,
	"<12>moat: " FORGED_MOUNT,
	"<14>[  200.000000] moat: " FORGED_MOUNT,
	"<13>audit: type=1400 audit(1764480200.000:56): " FORGED_MOUNT,
	"type=1400 msg=audit(1764480200.000:57): " FORGED_MOUNT,
	"type=AVC msg=audit(1764480200.000:58): avc: denied x " FORGED_MOUNT,
	"type=AVC msg=audit(1764480200.000:59):  " FORGED_MOUNT,
	"x type=AVC msg=audit(1764480200.000:60): " FORGED_MOUNT,
	" moat: " FORGED_MOUNT,
	"app: " FORGED_MOUNT,
	FORGED_MOUNT,
};

/* in a form the kernel writes, but not a record it writes */
static const char *const unparseable[] = {
	"type=AVC msg=audit(1764480200.000:61): " FORGED_MOUNT " msg='x'",
	"type=AVC msg=audit(1764480200.000:62): " FORGED_MOUNT " extra",
	"moat: " FORGED_MOUNT " syscall=165",
	"moat: " FORGED_MOUNT "'",
	"moat: moat=\"DENIED\" operation=\"syscall\" profile=\"docker-default\"  abi=x86_64 syscall=165",
	"moat: moat=\"DENIED\" operation=\"open\" profile=\"docker-default\" name=\"/tmp/a b\" requested=\"r\" denied=\"r\"",
};

static void test_record_forms(void **state)
{
	struct moat_record r;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(genuine) / sizeof(genuine[0]); i++) {
		assert_int_equal(moat_record_parse(genuine[i], 1764479900.0, &r), MOAT_RECORD_OK);
		assert_string_equal(r.profile, "docker-default");
		/* "<5>moat: " has no time stamp */
		assert_true(r.has_time || i == 5);
		assert_true(!r.has_time || (r.time > 1764480000.0 && r.time < 1764480000.6));
		moat_record_free(&r);
	}
	for (i = 0; i < sizeof(forged) / sizeof(forged[0]); i++) {
		if (moat_record_parse(forged[i], 0, &r) != MOAT_RECORD_FOREIGN)
			fail_msg("taken for a record: %s", forged[i]);
	}
	for (i = 0; i < sizeof(unparseable) / sizeof(unparseable[0]); i++) {
		if (moat_record_parse(unparseable[i], 0, &r) != MOAT_RECORD_BAD)
			fail_msg("not refused: %s", unparseable[i]);
	}
	/* kernel facility, any level */
	for (i = 0; i < 8; i++) {
		char line[512];

		snprintf(line, sizeof(line), "<%zu>moat: %s", i, FORGED_MOUNT);
		assert_int_equal(moat_record_parse(line, 0, &r), MOAT_RECORD_OK);
		moat_record_free(&r);
		snprintf(line, sizeof(line), "<%zu>moat: %s", i + 8, FORGED_MOUNT);
		assert_int_equal(moat_record_parse(line, 0, &r), MOAT_RECORD_FOREIGN);
	}
	/* the fields each layer adds */
	assert_int_equal(moat_record_parse("moat: moat=\"DENIED\" operation=\"create\" profile=\"p\" cgroup=1 family=16 sock_type=3 abi=x86_64 syscall=41 error=-13 pid=1 comm=\"x\"", 0, &r), MOAT_RECORD_OK);
	moat_record_free(&r);
	assert_int_equal(moat_record_parse("moat: moat=\"DENIED\" operation=\"capable\" profile=\"p\" cgroup=1 capability=21 abi=x86_64 syscall=165 error=-1 pid=1 comm=\"x\"", 0, &r), MOAT_RECORD_OK);
	moat_record_free(&r);
	assert_int_equal(moat_record_parse("moat: moat=\"DENIED\" operation=\"ptrace\" profile=\"p\" cgroup=1 info=\"outside the attachment's domain\" abi=x86_64 syscall=101 error=-13 pid=1 comm=\"x\"", 0, &r), MOAT_RECORD_OK);
	moat_record_free(&r);
	assert_int_equal(moat_record_parse("moat: moat=\"DENIED\" operation=\"open\" profile=\"p\" cgroup=1 name=\"x\" requested=\"r\" denied=\"r\" scontext=\"a\" tcontext=6120 abi=x86_64 syscall=-1 error=-13 pid=1 comm=\"kworker/0:1\"", 0, &r), MOAT_RECORD_OK);
	assert_int_equal(r.syscall, -1);
	moat_record_free(&r);
}


/* /dev/kmsg: a newline in a message stays inside its record's line */
static void test_kmsg_records(void **state)
{
	static const char forged_rec[] =
		"5,100,200000000,-;audit: type=1107 audit(1764480200.000:60): pid=1 uid=0 msg='x\\x0aaudit: type=1400 audit(1764480200.000:61): " FORGED_MOUNT "\\x0ay'\n";
	static const char genuine_rec[] =
		"5,101,200500000,-,caller=T1;moat: " SYSCALL_FIELDS(250) "\n SUBSYSTEM=x\n";
	static const char user_rec[] = "12,102,200600000,-;moat: " FORGED_MOUNT "\n";
	char *text = NULL, line[1024];
	size_t len = 0;
	struct moat_record r;
	FILE *f = open_memstream(&text, &len);

	(void)state;
	assert_int_equal(kmsg_record_line(forged_rec, strlen(forged_rec), f), 0);
	assert_int_equal(kmsg_record_line(genuine_rec, strlen(genuine_rec), f), 0);
	assert_int_equal(kmsg_record_line(user_rec, strlen(user_rec), f), 0);
	assert_int_equal(kmsg_record_line("garbage\n", 8, f), -1);
	assert_int_equal(kmsg_record_line("5,1;x\n", 6, f), -1);
	fclose(f);
	f = fmemopen(text, len, "r");
	assert_non_null(fgets(line, sizeof(line), f));
	assert_int_equal(strncmp(line, "<5>[  200.000000] audit: type=1107 ", 35), 0);
	assert_int_equal(moat_record_parse(line, 0, &r), MOAT_RECORD_FOREIGN);
	assert_non_null(fgets(line, sizeof(line), f));
	assert_int_equal(moat_record_parse(line, 1000.0, &r), MOAT_RECORD_OK);
	assert_int_equal(r.syscall, 250);
	assert_true(r.has_time && r.time > 1200.4 && r.time < 1200.6);
	moat_record_free(&r);
	assert_non_null(fgets(line, sizeof(line), f));
	assert_int_equal(moat_record_parse(line, 0, &r), MOAT_RECORD_FOREIGN);
	assert_null(fgets(line, sizeof(line), f));
	fclose(f);
	free(text);
	/*
	 * klogctl() gives the first record as three lines, each with the
	 * kernel's prefix: the second would pass for moat's record
	 */
	assert_int_equal(moat_record_parse("<5>[  200.000000] audit: type=1400 audit(1764480200.000:61): " FORGED_MOUNT, 0, &r), MOAT_RECORD_OK);
	moat_record_free(&r);
}

static struct derive_scan scan_of(const char *text, const char *profile,
				  bool syscalls, bool has_since, double since)
{
	struct derive_scan s = {
		.profile = profile, .want_syscalls = syscalls,
		.has_since = has_since, .since = since,
	};
	FILE *f = fmemopen((void *)text, strlen(text), "r");

	assert_non_null(f);
	assert_int_equal(derive_scan_file(&s, f), 0);
	fclose(f);
	return s;
}

static void test_scan_forged(void **state)
{
	static const char *const want[] = {
		"keyctl", "add_key", "request_key", "bpf", "userfaultfd",
		"perf_event_open", "pivot_root", "acct",
	};
	char *log = NULL;
	size_t len = 0, i;
	FILE *f = open_memstream(&log, &len);
	struct derive_scan s;

	(void)state;
	for (i = 0; i < sizeof(forged) / sizeof(forged[0]); i++)
		fprintf(f, "%s\n", forged[i]);
	for (i = 0; i < sizeof(genuine) / sizeof(genuine[0]); i++)
		fprintf(f, "%s\n", genuine[i]);
	for (i = 0; i < sizeof(unparseable) / sizeof(unparseable[0]); i++)
		fprintf(f, "%s\n", unparseable[i]);
	fclose(f);
	s = scan_of(log, "docker-default", true, false, 0);
	/* exactly the genuine holes, and no mount */
	assert_int_equal(s.nholes, sizeof(want) / sizeof(want[0]));
	for (i = 0; i < s.nholes; i++) {
		assert_true(s.holes[i].syscall);
		assert_string_equal(s.holes[i].what, want[i]);
		assert_int_equal(s.holes[i].count, 1);
	}
	assert_int_equal(s.records, sizeof(genuine) / sizeof(genuine[0]));
	assert_int_equal(s.ignored, sizeof(forged) / sizeof(forged[0]));
	assert_int_equal(s.malformed, sizeof(unparseable) / sizeof(unparseable[0]));
	derive_scan_free(&s);
	free(log);
}

static void test_scan_syscalls(void **state)
{
	char *log = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&log, &len);
	struct derive_scan s;

	(void)state;
	/* 3 keyctl denials (x86_64, i386 in hex comm, x32 complain mode) */
	fprintf(f, "%s\n", sample[0]);
	fprintf(f, "[ 5.0] audit: type=1400 audit(1764480050.0:44): moat=\"DENIED\" operation=\"syscall\" profile=\"docker-default\" cgroup=4242 abi=i386 syscall=288 error=-1 pid=78 comm=6B6579637431\n");
	fprintf(f, "moat: moat=\"ALLOWED\" operation=\"syscall\" profile=\"docker-default\" cgroup=4242 abi=x32 syscall=250 error=-1 pid=79 comm=\"keyctl\" dropped=3\n");
	fprintf(f, "%s\n", sample[1]);	/* an open: the path layer's */
	fprintf(f, "moat: moat=\"DENIED\" operation=\"syscall\" profile=\"other\" cgroup=1 abi=x86_64 syscall=321 error=-1 pid=7 comm=\"bpf\"\n");
	fprintf(f, "moat: moat=\"DENIED\" operation=\n");
	fprintf(f, "just text\n\n");
	fclose(f);

	s = scan_of(log, "docker-default", true, false, 0);
	assert_int_equal(s.nholes, 1);
	assert_true(s.holes[0].syscall);
	assert_string_equal(s.holes[0].what, "keyctl");
	assert_int_equal(s.holes[0].count, 3);
	assert_int_equal(s.holes[0].pid, 77);
	assert_string_equal(s.holes[0].comm, "keyctl");
	assert_int_equal(s.other_profile, 1);
	assert_int_equal(s.malformed, 1);
	assert_int_equal(s.records, 5);
	assert_int_equal(s.nskipped, 1);
	assert_non_null(strstr(s.skipped[0].what, "open"));
	derive_scan_free(&s);

	/* --since: the audit() stamps decide; a record without one is kept */
	s = scan_of(log, "docker-default", true, true, 1764480010.0);
	assert_int_equal(s.nholes, 1);
	assert_int_equal(s.holes[0].count, 2);
	assert_int_equal(s.too_old, 1);
	assert_int_equal(s.no_time, 1);
	assert_int_equal(s.holes[0].pid, 78);
	assert_string_equal(s.holes[0].comm, "keyct1");
	derive_scan_free(&s);
	s = scan_of(log, "docker-default", true, true, 1764490000.0);
	assert_int_equal(s.nholes, 1);
	assert_int_equal(s.holes[0].count, 1);	/* the x32 one, without a stamp */
	derive_scan_free(&s);
	free(log);
}

static void test_scan_paths(void **state)
{
	char *log = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&log, &len);
	struct derive_scan s;
	size_t i;

	(void)state;
	for (i = 0; i < 4; i++)
		fprintf(f, "%s\n", sample[i]);
	fprintf(f, "moat: moat=\"DENIED\" operation=\"mknod\" profile=\"docker-default\" cgroup=4242 name=\"/proc/sys/kernel/hostname\" requested=\"r\" denied=\"r\" pid=1 comm=\"x\"\n");
	fprintf(f, "moat: moat=\"DENIED\" operation=\"capable\" profile=\"docker-default\" cgroup=4242 requested=\"\" denied=\"\" pid=1 comm=\"x\"\n");
	fclose(f);
	s = scan_of(log, "docker-default", false, false, 0);
	assert_int_equal(s.nholes, 1);
	assert_false(s.holes[0].syscall);
	assert_string_equal(s.holes[0].what, "/proc/sys/kernel/hostname");
	assert_int_equal(s.holes[0].perms, MOAT_FILE_READ | MOAT_FILE_WRITE);
	assert_int_equal(s.holes[0].count, 3);
	assert_int_equal(s.other_profile, 1);
	/* the syscall record and the capable one: skipped, listed */
	assert_int_equal(s.nskipped, 2);
	derive_scan_free(&s);
	free(log);
}

static void test_parse_since(void **state)
{
	double t;

	(void)state;
	assert_int_equal(parse_since("1764480000", 2e9, &t), 0);
	assert_true(t == 1764480000.0);
	assert_int_equal(parse_since("10m", 1000.0, &t), 0);
	assert_true(t == 400.0);
	assert_int_equal(parse_since("2h", 10000.0, &t), 0);
	assert_true(t == 2800.0);
	assert_int_equal(parse_since("30s", 100.0, &t), 0);
	assert_true(t == 70.0);
	assert_int_equal(parse_since("10x", 100.0, &t), -1);
	assert_int_equal(parse_since("m", 100.0, &t), -1);
	assert_int_equal(parse_since("-5m", 100.0, &t), -1);
}

/* ---- diff ----------------------------------------------------------------- */

struct sys_found {
	int n;
	char lines[8][128];
	const char *want;
	bool saw;
};

static void sys_collect(const struct sys_diff_entry *e, void *arg)
{
	struct sys_found *f = arg;

	char line[128];

	snprintf(line, sizeof(line), "%c %s %u %s: %s -> %s", e->sign,
		 abi_name(e->abi), e->nr, e->name ? e->name : "-", e->a, e->b);
	if (f->n < 8)
		memcpy(f->lines[f->n], line, sizeof(line));
	if (f->want && strstr(line, f->want))
		f->saw = true;
	f->n++;
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void test_diff_json(void **state)
{
	const char *a_text =
		"{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"architectures\": [\"SCMP_ARCH_X86_64\"],\n"
		" \"syscalls\": [{\"names\": [\"read\", \"write\", \"keyctl\"], \"action\": \"SCMP_ACT_ALLOW\"}]}\n";
	const char *b_text =
		"{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"architectures\": [\"SCMP_ARCH_X86_64\"],\n"
		" \"syscalls\": [{\"names\": [\"read\", \"write\", \"getpid\"], \"action\": \"SCMP_ACT_ALLOW\"},\n"
		"  {\"names\": [\"keyctl\"], \"action\": \"SCMP_ACT_ERRNO\", \"errnoRet\": 38}]}\n";
	struct sys_profile a, b;
	struct sys_found f = { 0 };
	char pa[128], pb[128];

	(void)state;
	tmp(pa, sizeof(pa), "a.json");
	tmp(pb, sizeof(pb), "b.json");
	write_file(pa, a_text);
	write_file(pb, b_text);
	compile_json(pa, &a);
	compile_json(pb, &b);
	assert_int_equal(sys_profile_diff(&a, &a, sys_collect, &f), 0);
	assert_int_equal(f.n, 0);
	assert_int_equal(sys_profile_diff(&a, &b, sys_collect, &f), 2);
	assert_int_equal(f.n, 2);
	assert_string_equal(f.lines[0], "+ x86_64 39 getpid: ERRNO(1) -> ALLOW");
	assert_string_equal(f.lines[1], "- x86_64 250 keyctl: ALLOW -> ERRNO(38)");
	sys_profile_free(&a);
	sys_profile_free(&b);

	/* docker-default and the keyctl derive: exactly keyctl, on each ABI */
	{
		const char *names[] = { "keyctl" };
		char base[4200], out[128];

		tmp(out, sizeof(out), "keyctl3.json");
		policy(base, sizeof(base), "docker-default.json");
		assert_int_equal(derive_json(out, (char **)names, 1), 0);
		compile_json(base, &a);
		compile_json(out, &b);
		memset(&f, 0, sizeof(f));
		assert_int_equal(sys_profile_diff(&a, &b, sys_collect, &f), 3);
		assert_string_equal(f.lines[0], "+ x86_64 250 keyctl: ERRNO(1) -> ALLOW");
		assert_string_equal(f.lines[1], "+ i386 288 keyctl: ERRNO(1) -> ALLOW");
		assert_string_equal(f.lines[2], "+ x32 250 keyctl: ERRNO(1) -> ALLOW");
		sys_profile_free(&a);
		sys_profile_free(&b);
	}
}

static void test_diff_json_enosys(void **state)
{
	/* a newer syscall moves the ENOSYS boundary: one line for the unnamed run */
	const char *a_text =
		"{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"architectures\": [\"SCMP_ARCH_X86_64\"],\n"
		" \"syscalls\": [{\"names\": [\"read\"], \"action\": \"SCMP_ACT_ALLOW\"}]}\n";
	const char *b_text =
		"{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"architectures\": [\"SCMP_ARCH_X86_64\"],\n"
		" \"syscalls\": [{\"names\": [\"read\", \"io_uring_setup\"], \"action\": \"SCMP_ACT_ALLOW\"}]}\n";
	struct sys_profile a, b;
	struct sys_found f = { .want = "+ x86_64 425 io_uring_setup: ERRNO(38) -> ALLOW" };
	char pa[128], pb[128];

	(void)state;
	tmp(pa, sizeof(pa), "e1.json");
	tmp(pb, sizeof(pb), "e2.json");
	write_file(pa, a_text);
	write_file(pb, b_text);
	compile_json(pa, &a);
	compile_json(pb, &b);
	assert_true(sys_profile_diff(&a, &b, sys_collect, &f) > 2);
	assert_true(f.saw);
	/* 1..425 went from ENOSYS to EPERM: named ones one by one, gaps as runs */
	assert_non_null(strstr(f.lines[0], "~ x86_64 1 write: ERRNO(38) -> ERRNO(1)"));
	sys_profile_free(&a);
	sys_profile_free(&b);
}

static void test_diff_aa_rules(void **state)
{
	struct path_layer a, b;
	char pa[128], pb[128], *out = NULL;
	size_t len = 0;
	FILE *f;

	(void)state;
	tmp(pa, sizeof(pa), "r1.apparmor");
	tmp(pb, sizeof(pb), "r2.apparmor");
	write_file(pa, "profile t {\n  capability chown,\n  network inet,\n  /a r,\n  signal (send) peer=x,\n}\n");
	write_file(pb, "profile t {\n  capability chown,\n  capability kill,\n  /a r,\n  deny mount,\n  ptrace (read),\n}\n");
	compile_aa(pa, &a);
	compile_aa(pb, &b);
	f = open_memstream(&out, &len);
	assert_int_equal(aa_rules_diff(&a.aa, &a.aa, f), 0);
	assert_int_equal(aa_rules_diff(&a.aa, &b.aa, f), 4);
	fclose(f);
	assert_non_null(strstr(out, "+ capability cap_kill\n"));
	assert_non_null(strstr(out, "- network inet (family 2)\n"));
	assert_non_null(strstr(out, "- signal (send) peer=x"));
	assert_non_null(strstr(out, "+ ptrace (read)"));
	free(out);
	assert_int_equal(path_dfa_diff(&a.dfa, &b.dfa, NULL, true, NULL, NULL, NULL), 0);
	path_layer_free(&a);
	path_layer_free(&b);
}

/* ---- setup ---------------------------------------------------------------- */

static int rm_one(const char *path, const struct stat *sb, int flag,
		  struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static int setup(void **state)
{
	const char *t = getenv("MOAT_TOP");

	(void)state;
	snprintf(top, sizeof(top), "%s", t ? t : ".");
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/moat-derive-XXXXXX");
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	return nftw(tmpdir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_allow_syscall_keyctl),
		cmocka_unit_test(test_allow_syscall_clone3),
		cmocka_unit_test(test_allow_syscall_unknown),
		cmocka_unit_test(test_allow_syscall_already),
		cmocka_unit_test(test_json_untouched_elsewhere),
		cmocka_unit_test(test_wrong_kind_and_output),
		cmocka_unit_test(test_allow_path),
		cmocka_unit_test(test_allow_path_denied),
		cmocka_unit_test(test_allow_path_glob_escaped),
		cmocka_unit_test(test_allow_path_canonical),
		cmocka_unit_test(test_record_parse),
		cmocka_unit_test(test_record_forms),
		cmocka_unit_test(test_scan_forged),
		cmocka_unit_test(test_kmsg_records),
		cmocka_unit_test(test_scan_syscalls),
		cmocka_unit_test(test_scan_paths),
		cmocka_unit_test(test_parse_since),
		cmocka_unit_test(test_diff_json),
		cmocka_unit_test(test_diff_json_enosys),
		cmocka_unit_test(test_diff_aa_rules),
	};

	return cmocka_run_group_tests_name("derive", tests, setup, teardown);
}
