// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests (cmocka) of moatctl's AppArmor profile parser (ctl/apparmor.c).
 *
 * The main test reads policy/docker-default.apparmor, Docker's generated
 * profile, unmodified, with its includes from the real /etc/apparmor.d
 * (Debian's apparmor package), and checks what it says, rule by rule. The
 * self-contained variant (no includes, @{PROC} defined in the file, profile
 * "default") is derived from it here the way Docker's template derives it.
 * Every other test writes its own fixture files into a mkdtemp() directory
 * that also serves as the include directory, so it does not depend on
 * /etc/apparmor.d. Each error case checks the exact "FILE:LINE: " prefix and
 * that the message names what was refused.
 *
 * Environment: MOAT_TOP (repository top).
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
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>
#include <linux/capability.h>

#include <cmocka.h>

#include "../../ctl/apparmor.h"

#define ALL_NETS	((1ULL << AF_MAX) - 1)
#define ALL_CAPS	((2ULL << CAP_LAST_CAP) - 1)
#define RWKLX		(MOAT_FILE_READ | MOAT_FILE_WRITE | MOAT_FILE_LOCK | \
			 MOAT_FILE_LINK | MOAT_FILE_EXEC)

static char tmpdir[256];
static char errbuf[2048];

/* ---- helpers ------------------------------------------------------------ */

static void fixture_path(char *buf, size_t len, const char *name)
{
	snprintf(buf, len, "%s/%s", tmpdir, name);
}

static void write_fixture(const char *name, const char *text)
{
	char path[512], *slash;
	FILE *f;

	fixture_path(path, sizeof(path), name);
	slash = strrchr(path, '/');
	if (slash > path + strlen(tmpdir)) {
		*slash = '\0';
		mkdir(path, 0755);
		*slash = '/';
	}
	f = fopen(path, "w");
	assert_non_null(f);
	assert_int_equal(fputs(text, f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
}

/* Parse fixture name (written from text) with the temporary include dir. */
static int parse_fixture(const char *name, const char *text, struct aa_profile *p)
{
	struct aa_opts opts = { .include_dir = tmpdir };
	char path[512];

	write_fixture(name, text);
	fixture_path(path, sizeof(path), name);
	errbuf[0] = '\0';
	return aa_parse_file(path, &opts, p, errbuf, sizeof(errbuf));
}

static void must_parse(const char *name, const char *text, struct aa_profile *p)
{
	if (parse_fixture(name, text, p))
		fail_msg("%s: unexpected error: %s", name, errbuf);
}

static const struct aa_file_rule *find_file(const struct aa_profile *p,
					    const char *glob, bool deny,
					    bool owner)
{
	size_t i;

	for (i = 0; i < p->nfiles; i++)
		if (!strcmp(p->files[i].glob, glob) && p->files[i].deny == deny &&
		    p->files[i].owner == owner)
			return &p->files[i];
	return NULL;
}

static uint32_t file_perms(const struct aa_profile *p, const char *glob,
			   bool deny, bool owner)
{
	const struct aa_file_rule *r = find_file(p, glob, deny, owner);

	if (!r)
		fail_msg("no %s%srule for '%s'", deny ? "deny " : "",
			 owner ? "owner " : "", glob);
	return r->perms;
}

static size_t count_files(const struct aa_profile *p, const char *glob)
{
	size_t i, n = 0;

	for (i = 0; i < p->nfiles; i++)
		n += !strcmp(p->files[i].glob, glob);
	return n;
}

/* Number of peer rules of class with exactly these perms and peer (NULL: any). */
static size_t count_peers(const struct aa_profile *p, uint8_t class,
			  uint32_t perms, const char *peer)
{
	size_t i, n = 0;

	for (i = 0; i < p->npeers; i++) {
		const struct aa_peer_rule *r = &p->peers[i];

		if (r->class != class || r->perms != perms || r->deny)
			continue;
		if (peer ? (r->peer && !strcmp(r->peer, peer)) : !r->peer)
			n++;
	}
	return n;
}

static size_t count_notes(const struct aa_profile *p, const char *needle)
{
	size_t i, n = 0;

	for (i = 0; i < p->nnotes; i++)
		n += strstr(p->notes[i], needle) != NULL;
	return n;
}

static bool is_source(const struct aa_profile *p, const char *file)
{
	size_t i;

	for (i = 0; i < p->nsources; i++)
		if (p->sources[i] == file)
			return true;
	return false;
}

/* Every rule's file must point into p->sources, with a line. */
static void check_origins(const struct aa_profile *p)
{
	size_t i;

	for (i = 0; i < p->nfiles; i++) {
		assert_true(is_source(p, p->files[i].file));
		assert_true(p->files[i].line > 0);
	}
	for (i = 0; i < p->npeers; i++) {
		assert_true(is_source(p, p->peers[i].file));
		assert_true(p->peers[i].line > 0);
	}
}

static bool has_source_suffix(const struct aa_profile *p, const char *suffix)
{
	size_t i, l = strlen(suffix);

	for (i = 0; i < p->nsources; i++) {
		size_t n = strlen(p->sources[i]);

		if (n >= l && !strcmp(p->sources[i] + n - l, suffix))
			return true;
	}
	return false;
}

static char *read_all(const char *path)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = fopen(path, "r");

	if (!f)
		return NULL;
	if (getdelim(&text, &len, '\0', f) < 0) {
		free(text);
		text = NULL;
	}
	fclose(f);
	return text;
}

static void policy_path(char *buf, size_t len, const char *rel)
{
	const char *top = getenv("MOAT_TOP");

	snprintf(buf, len, "%s/%s", top ? top : ".", rel);
}

/* ---- Docker's profile ---------------------------------------------------- */

static void check_docker_shape(const struct aa_profile *p, const char *name)
{
	assert_string_equal(p->name, name);
	assert_int_equal(p->flags, MOAT_PATH_F_ATTACH_DISCONNECTED |
				   MOAT_PATH_F_MEDIATE_DELETED);
	assert_true(p->net_allow == ALL_NETS);
	assert_true(p->net_deny == 1ULL << AF_ALG);
	assert_true(p->cap_allow == ALL_CAPS);
	assert_true(p->cap_deny == 0);
	assert_int_equal(p->mount_allow, MOAT_MNT_UMOUNT);
	assert_int_equal(p->mount_deny, MOAT_MNT_MOUNT);

	/* file, */
	assert_int_equal(file_perms(p, "/{**,}", false, false), MOAT_FILE_ALL);

	/* @{PROC} is "/proc/": the double slash stays for the glob compiler */
	assert_int_equal(file_perms(p, "/proc//*", true, false), MOAT_FILE_WRITE);
	assert_int_equal(file_perms(p, "/proc//{[^1-9/],[^1-9/][^0-9/],[^1-9s/][^0-9y/][^0-9s/],[^1-9/][^0-9/][^0-9/][^0-9/]*}/**",
				    true, false), MOAT_FILE_WRITE);
	assert_int_equal(file_perms(p, "/proc//sys/[^k]**", true, false),
			 MOAT_FILE_WRITE);
	assert_int_equal(file_perms(p, "/proc//sys/kernel/{?,??,[^s][^h][^m]**}",
				    true, false), MOAT_FILE_WRITE);
	assert_int_equal(file_perms(p, "/proc//sysrq-trigger", true, false), RWKLX);
	assert_int_equal(file_perms(p, "/proc//kcore", true, false), RWKLX);
	assert_int_equal(file_perms(p, "/sys/[^f]*/**", true, false),
			 RWKLX & ~MOAT_FILE_READ);
	assert_int_equal(file_perms(p, "/sys/fs/cg[^r]*/**", true, false),
			 RWKLX & ~MOAT_FILE_READ);
	assert_int_equal(file_perms(p, "/sys/firmware/**", true, false), RWKLX);
	assert_int_equal(file_perms(p, "/sys/kernel/security/**", true, false),
			 RWKLX);

	/* signal (receive) peer=unconfined / runc / crun, peer="unconfined" */
	assert_true(count_peers(p, MOAT_PEER_SIGNAL, MOAT_SIGNAL_RECEIVE,
				"unconfined") >= 2);
	assert_int_equal(count_peers(p, MOAT_PEER_SIGNAL, MOAT_SIGNAL_RECEIVE,
				     "runc"), 1);
	assert_int_equal(count_peers(p, MOAT_PEER_SIGNAL, MOAT_SIGNAL_RECEIVE,
				     "crun"), 1);
	/* signal (send,receive) peer="NAME" */
	assert_true(count_peers(p, MOAT_PEER_SIGNAL, MOAT_SIGNAL_ALL, name) >= 1);
	/* ptrace (trace,tracedby,read,readby) peer="NAME" */
	assert_int_equal(count_peers(p, MOAT_PEER_PTRACE, MOAT_PTRACE_ALL, name), 1);
	check_origins(p);
}

static void test_docker_default(void **state)
{
	struct aa_profile p;
	char path[4096];
	size_t i, n;

	(void)state;
	if (access("/etc/apparmor.d/abstractions/base", R_OK))
		fail_msg("/etc/apparmor.d/abstractions/base is missing: install Debian's apparmor package");
	policy_path(path, sizeof(path), "policy/docker-default.apparmor");
	if (aa_parse_file(path, NULL, &p, errbuf, sizeof(errbuf)))
		fail_msg("%s", errbuf);
	check_docker_shape(&p, "docker-default");

	/* read from /etc/apparmor.d, every file named once */
	assert_true(has_source_suffix(&p, "/tunables/global"));
	assert_true(has_source_suffix(&p, "/tunables/home"));
	assert_true(has_source_suffix(&p, "/abstractions/base"));
	assert_true(has_source_suffix(&p, "/abstractions/crypto"));
	assert_string_equal(p.sources[0], path);

	/* the profile's own rules are recorded where they are written */
	{
		const struct aa_file_rule *r = find_file(&p, "/{**,}", false, false);

		assert_non_null(r);
		assert_string_equal(r->file, path);
		assert_int_equal(r->line, 14);
		r = find_file(&p, "/proc//sysrq-trigger", true, false);
		assert_non_null(r);
		assert_int_equal(r->line, 32);
	}

	/* abstractions/base: signal (receive) peer=unconfined, signal peer=@{profile_name} */
	assert_int_equal(count_peers(&p, MOAT_PEER_SIGNAL, MOAT_SIGNAL_RECEIVE,
				     "unconfined"), 3);
	assert_int_equal(count_peers(&p, MOAT_PEER_SIGNAL, MOAT_SIGNAL_ALL,
				     "docker-default"), 2);
	/* signal (receive, send) set=("exists") */
	for (i = 0, n = 0; i < p.npeers; i++) {
		const struct aa_peer_rule *r = &p.peers[i];

		if (r->class == MOAT_PEER_SIGNAL && r->has_signals) {
			assert_true(r->signal_exists);
			assert_true(r->signals == 0);
			assert_null(r->peer);
			assert_int_equal(r->perms, MOAT_SIGNAL_ALL);
			n++;
		}
	}
	assert_int_equal(n, 1);
	/* ptrace (readby), ptrace (tracedby), ptrace (read) peer=@{profile_name} */
	assert_int_equal(count_peers(&p, MOAT_PEER_PTRACE, MOAT_PTRACE_READBY,
				     NULL), 1);
	assert_int_equal(count_peers(&p, MOAT_PEER_PTRACE, MOAT_PTRACE_TRACEDBY,
				     NULL), 1);
	assert_int_equal(count_peers(&p, MOAT_PEER_PTRACE, MOAT_PTRACE_READ,
				     "docker-default"), 1);

	/* owner @{HOME}/.Private/...: @{HOME} has two values, under /home/ and /root/ */
	assert_int_equal(file_perms(&p, "/home//*//.Private/", false, true),
			 MOAT_FILE_READ);
	assert_int_equal(file_perms(&p, "/root//.Private/", false, true),
			 MOAT_FILE_READ);
	assert_int_equal(file_perms(&p, "/home//*//.Private/**", false, true),
			 MOAT_FILE_MMAP_EXEC | MOAT_FILE_READ | MOAT_FILE_EXEC |
			 MOAT_FILE_WRITE | MOAT_FILE_LINK | MOAT_FILE_LOCK);
	assert_int_equal(count_files(&p, "/root//.Private/**"), 1);
	assert_int_equal(file_perms(&p, "/home//.ecryptfs/*/.Private/", false, true),
			 MOAT_FILE_READ);

	/* more of base, through @{run}, @{etc_ro}, @{multiarch}, @{pid} */
	assert_int_equal(file_perms(&p, "/run//systemd/journal/stdout", false, false),
			 MOAT_FILE_READ | MOAT_FILE_WRITE);
	assert_int_equal(file_perms(&p, "/var/run//systemd/journal/stdout", false,
				    false), MOAT_FILE_READ | MOAT_FILE_WRITE);
	assert_int_equal(file_perms(&p, "/usr/etc//ld.so.cache", false, false),
			 MOAT_FILE_READ | MOAT_FILE_MMAP_EXEC);
	assert_int_equal(file_perms(&p, "/usr/lib/*-linux-gnu*/gconv/*.so", false,
				    false), MOAT_FILE_READ | MOAT_FILE_MMAP_EXEC);
	assert_non_null(find_file(&p, "/proc//{[1-9],[1-9][0-9],[1-9][0-9][0-9],[1-9][0-9][0-9][0-9],[1-9][0-9][0-9][0-9][0-9],[1-9][0-9][0-9][0-9][0-9][0-9],[1-4][0-9][0-9][0-9][0-9][0-9][0-9]}/{maps,auxv,status}",
				  false, false));
	/* abstractions/crypto */
	assert_int_equal(file_perms(&p, "/proc//sys/crypto/fips_enabled", false,
				    false), MOAT_FILE_READ);

	/* base's four unix rules, each noted */
	assert_int_equal(count_notes(&p, "unix rule: moat mediates AF_UNIX sockets only at creation"), 4);
	assert_int_equal(count_notes(&p, "/abstractions/base:"), 4);
	aa_profile_free(&p);
	assert_null(p.name);
}

/* docker-default-selfcontained: the same profile without includes. */
static void test_docker_selfcontained(void **state)
{
	struct aa_profile p;
	char path[4096], *text, *out, *line, *save = NULL;
	size_t cap;

	(void)state;
	policy_path(path, sizeof(path), "policy/docker-default.apparmor");
	text = read_all(path);
	assert_non_null(text);
	cap = strlen(text) + 64;
	out = calloc(1, cap);
	assert_non_null(out);
	for (line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		const char *l = line + strspn(line, " \t");
		char *q;

		if (!strncmp(l, "abi ", 4) || !strncmp(l, "#include", 8))
			continue;
		if (!strncmp(l, "profile ", 8))
			strcat(out, "@{PROC}=/proc/\n\n");
		while ((q = strstr(line, "\"docker-default\"")))
			memmove(q + 1, q + 8, strlen(q + 8) + 1);
		strcat(out, line);
		strcat(out, "\n");
	}
	free(text);
	assert_non_null(strstr(out, "profile \"default\" flags="));
	assert_null(strstr(out, "include"));

	must_parse("docker-default-selfcontained.apparmor", out, &p);
	free(out);
	check_docker_shape(&p, "default");
	assert_int_equal(p.nfiles, 15);
	assert_int_equal(p.npeers, 6);
	assert_int_equal(p.nnotes, 0);
	assert_int_equal(p.nsources, 1);
	aa_profile_free(&p);
}

/* ---- the language, piece by piece ---------------------------------------- */

/* Without tunables/global, its variables are built in. */
static void test_builtin_tunables(void **state)
{
	struct aa_profile p;

	(void)state;
	must_parse("builtin.aa",
		   "#include <tunables/global>\n"
		   "profile builtin {\n"
		   "  @{HOME}/x r,\n"
		   "  @{PROC}/@{pid}/maps r,\n"
		   "  @{run}/foo w,\n"
		   "  @{sys}/a r,\n"
		   "  /usr/lib/@{multiarch}/b/ r,\n"
		   "  @{etc_ro}/e r,\n"
		   "}\n", &p);
	assert_int_equal(p.nfiles, 9);
	assert_string_equal(p.files[0].glob, "/home//*//x");
	assert_string_equal(p.files[1].glob, "/root//x");
	assert_non_null(strstr(p.files[2].glob, "/proc//{[1-9],[1-9][0-9],"));
	assert_string_equal(p.files[3].glob, "/run//foo");
	assert_string_equal(p.files[4].glob, "/var/run//foo");
	assert_string_equal(p.files[5].glob, "/sys//a");
	assert_string_equal(p.files[6].glob, "/usr/lib/*-linux-gnu*/b/");
	assert_string_equal(p.files[8].glob, "/usr/etc//e");
	aa_profile_free(&p);
	/* a file set that does not include it has no such variables */
	assert_int_equal(parse_fixture("nobuiltin.aa",
				       "profile nb {\n  @{HOME}/x r,\n}\n", &p), -1);
	assert_non_null(strstr(errbuf, "@{HOME}"));
}

static void test_variables(void **state)
{
	struct aa_profile p;

	(void)state;
	must_parse("vars.aa",
		   "# values, quotes, +=, nesting, braces with commas\n"
		   "@{A} = /a /b\n"
		   "@{A} += \"/c d\"   # a comment\n"
		   "@{B}=@{A}x\n"
		   "@{C}={one,two} \\\n"
		   "     three\n"
		   "@{E}=\"\"\n"
		   "profile vars {\n"
		   "  @{B}/@{A} r,\n"
		   "  /c/@{C}@{E} w,\n"
		   "  \"/q/@{A} z\" k,\n"
		   "  signal peer=@{profile_name},\n"
		   "}\n", &p);
	assert_string_equal(p.name, "vars");
	assert_int_equal(p.nfiles, 9 + 2 + 3);
	assert_string_equal(p.files[0].glob, "/ax//a");
	assert_string_equal(p.files[1].glob, "/ax//b");
	assert_string_equal(p.files[2].glob, "/ax//c d");
	assert_string_equal(p.files[8].glob, "/c dx//c d");
	assert_string_equal(p.files[9].glob, "/c/{one,two}");
	assert_string_equal(p.files[10].glob, "/c/three");
	assert_int_equal(p.files[10].line, 10);
	assert_string_equal(p.files[13].glob, "/q//c d z");
	assert_int_equal(p.npeers, 1);
	assert_string_equal(p.peers[0].peer, "vars");
	aa_profile_free(&p);
}

static void test_includes(void **state)
{
	struct aa_profile p;
	char path[512];
	size_t i;

	(void)state;
	write_fixture("inc/vars", "@{V}=/v\n");
	write_fixture("inc/d/10-b", "  /b r,\n");
	write_fixture("inc/d/01-a", "  /a r,\n");
	write_fixture("inc/d/.hidden", "  bogus,\n");
	write_fixture("inc/d/20-c~", "  bogus,\n");
	write_fixture("inc/d/30-d.dpkg-old", "  bogus,\n");
	write_fixture("inc/rel", "  include \"rel2\"\n");
	write_fixture("inc/rel2", "  @{V}/rel w,\n");
	must_parse("inc/main.aa",
		   "abi <abi/3.0>,\n"
		   "include <inc/vars>\n"
		   "#include \"vars\"\n"	/* the same file again: read once */
		   "include if exists <inc/nothere>\n"
		   "#include if exists <inc/nothere/either>\n"
		   "profile inc {\n"
		   "  include <inc/d>\n"
		   "  #include <inc/rel>\n"
		   "  abi <abi/3.0>,\n"
		   "}\n", &p);
	assert_int_equal(p.nfiles, 3);
	assert_string_equal(p.files[0].glob, "/a");
	assert_string_equal(p.files[1].glob, "/b");
	assert_string_equal(p.files[2].glob, "/v/rel");
	fixture_path(path, sizeof(path), "inc/rel2");
	assert_string_equal(p.files[2].file, path);
	assert_int_equal(p.files[2].line, 1);
	for (i = 0; i < p.nsources; i++)
		assert_null(strstr(p.sources[i], "bogus"));
	assert_int_equal(p.nsources, 6);
	check_origins(&p);
	aa_profile_free(&p);

	/* aa_parse_string: "..." includes are relative to the name's directory */
	{
		struct aa_opts opts = { .include_dir = tmpdir };
		char name[512];

		fixture_path(name, sizeof(name), "inc/string.aa");
		assert_int_equal(aa_parse_string("include \"vars\"\nprofile s {\n  @{V} r,\n}\n",
						 name, &opts, &p, errbuf,
						 sizeof(errbuf)), 0);
		assert_string_equal(p.files[0].glob, "/v");
		assert_string_equal(p.files[0].file, name);
		aa_profile_free(&p);
	}
}

static void test_file_rules(void **state)
{
	struct aa_profile p;

	(void)state;
	must_parse("files.aa",
		   "profile files {\n"
		   "  /r r,\n"
		   "  rw /permsfirst,\n"
		   "  file /kw a,\n"
		   "  file lk /kwpf,\n"
		   "  owner /o rw,\n"
		   "  deny owner /do w,\n"
		   "  allow /al m,\n"
		   "  /bin/ix ix, /bin/px Px,\n"
		   "  /bin/pix Pix,\n"
		   "  /bin/cux mrCUx,\n"
		   "  deny /bin/x x,\n"
		   "  \"/with space/#not a comment\" r,\n"
		   "  /multi/line\n"
		   "      r,   # a rule over two lines\n"
		   "  /a,b r,\n"
		   "  /cls/[,{]x r,\n"
		   "  owner file,\n"
		   "  deny file,\n"
		   "}\n", &p);
	assert_int_equal(file_perms(&p, "/r", false, false), MOAT_FILE_READ);
	assert_int_equal(file_perms(&p, "/permsfirst", false, false),
			 MOAT_FILE_READ | MOAT_FILE_WRITE);
	assert_int_equal(file_perms(&p, "/kw", false, false), MOAT_FILE_APPEND);
	assert_int_equal(file_perms(&p, "/kwpf", false, false),
			 MOAT_FILE_LINK | MOAT_FILE_LOCK);
	assert_int_equal(file_perms(&p, "/o", false, true),
			 MOAT_FILE_READ | MOAT_FILE_WRITE);
	assert_int_equal(file_perms(&p, "/do", true, true), MOAT_FILE_WRITE);
	assert_int_equal(file_perms(&p, "/al", false, false), MOAT_FILE_MMAP_EXEC);
	/* an exec mode grants m too, as the kernel's AppArmor does */
	assert_int_equal(file_perms(&p, "/bin/ix", false, false),
			 MOAT_FILE_EXEC | MOAT_FILE_MMAP_EXEC);
	assert_int_equal(file_perms(&p, "/bin/px", false, false),
			 MOAT_FILE_EXEC | MOAT_FILE_MMAP_EXEC);
	assert_int_equal(file_perms(&p, "/bin/pix", false, false),
			 MOAT_FILE_EXEC | MOAT_FILE_MMAP_EXEC);
	assert_int_equal(file_perms(&p, "/bin/cux", false, false),
			 MOAT_FILE_EXEC | MOAT_FILE_READ | MOAT_FILE_MMAP_EXEC);
	assert_int_equal(file_perms(&p, "/bin/x", true, false), MOAT_FILE_EXEC);
	assert_int_equal(file_perms(&p, "/with space/#not a comment", false, false),
			 MOAT_FILE_READ);
	assert_int_equal(find_file(&p, "/multi/line", false, false)->line, 14);
	assert_int_equal(file_perms(&p, "/a,b", false, false), MOAT_FILE_READ);
	assert_int_equal(file_perms(&p, "/cls/[,{]x", false, false), MOAT_FILE_READ);
	assert_int_equal(file_perms(&p, "/{**,}", false, true), MOAT_FILE_ALL);
	assert_int_equal(file_perms(&p, "/{**,}", true, false), MOAT_FILE_ALL);
	assert_int_equal(p.nfiles, 18);
	aa_profile_free(&p);
}

static void test_other_rules(void **state)
{
	struct aa_profile p;

	(void)state;
	must_parse("other.aa",
		   "/usr/bin/other flags=(enforce namespace_relative, attach_disconnected) {\n"
		   "  capability chown setuid\n"
		   "      sys_admin,\n"
		   "  deny capability sys_module,\n"
		   "  network inet,\n"
		   "  network inet6,\n"
		   "  allow network netlink,\n"
		   "  deny network packet,\n"
		   "  remount,\n"
		   "  unmount,\n"
		   "  deny pivot_root,\n"
		   "}\n", &p);
	assert_string_equal(p.name, "/usr/bin/other");
	assert_int_equal(p.flags, MOAT_PATH_F_ATTACH_DISCONNECTED);
	assert_true(p.cap_allow == (1ULL << CAP_CHOWN | 1ULL << CAP_SETUID |
				    1ULL << CAP_SYS_ADMIN));
	assert_true(p.cap_deny == 1ULL << CAP_SYS_MODULE);
	assert_true(p.net_allow == (1ULL << AF_INET | 1ULL << AF_INET6 |
				    1ULL << AF_NETLINK));
	assert_true(p.net_deny == 1ULL << AF_PACKET);
	assert_int_equal(p.mount_allow, MOAT_MNT_MOUNT | MOAT_MNT_UMOUNT);
	assert_int_equal(p.mount_deny, MOAT_MNT_PIVOT_ROOT);
	assert_int_equal(p.nnotes, 0);
	aa_profile_free(&p);

	must_parse("other2.aa",
		   "profile other2 /usr/bin/other2 {\n"
		   "  capability,\n"
		   "  deny network,\n"
		   "  mount,\n"
		   "  deny umount,\n"
		   "  pivot_root,\n"
		   "}\n", &p);
	assert_string_equal(p.name, "other2");
	assert_int_equal(p.flags, 0);
	assert_true(p.cap_allow == ALL_CAPS);
	assert_true(p.net_deny == ALL_NETS);
	assert_int_equal(p.mount_allow, MOAT_MNT_MOUNT | MOAT_MNT_PIVOT_ROOT);
	assert_int_equal(p.mount_deny, MOAT_MNT_UMOUNT);
	assert_int_equal(count_notes(&p, "attachment '/usr/bin/other2' ignored"), 1);
	aa_profile_free(&p);
}

static void test_signal_ptrace(void **state)
{
	struct aa_profile p;
	const struct aa_peer_rule *r;

	(void)state;
	must_parse("peers.aa",
		   "@{PEERS}=one \"two\"\n"
		   "profile peers {\n"
		   "  signal (send) set=(hup, \"kill\" rtmin+0 rtmin+32 emt) peer=foo,\n"
		   "  signal w,\n"
		   "  signal receive peer = bar,\n"
		   "  signal (r) set=term,\n"
		   "  deny signal (send receive) peer=@{PEERS},\n"
		   "  ptrace r,\n"
		   "  ptrace w,\n"
		   "  ptrace (rw),\n"
		   "  ptrace (read readby),\n"
		   "  deny ptrace (tracedby) peer=\"x\",\n"
		   "  ptrace trace peer=peers,\n"
		   "}\n", &p);
	assert_int_equal(p.npeers, 12);
	r = &p.peers[0];
	assert_int_equal(r->class, MOAT_PEER_SIGNAL);
	assert_int_equal(r->perms, MOAT_SIGNAL_SEND);
	assert_true(r->has_signals);
	assert_false(r->signal_exists);
	/* hup 1, kill 9, rtmin+0 = 32, rtmin+32 = 64; emt: none on x86 */
	assert_true(r->signals == (1ULL << 0 | 1ULL << 8 | 1ULL << 31 | 1ULL << 63));
	assert_string_equal(r->peer, "foo");
	assert_int_equal(r->line, 3);
	assert_int_equal(p.peers[1].perms, MOAT_SIGNAL_SEND);
	assert_false(p.peers[1].has_signals);
	assert_null(p.peers[1].peer);
	assert_int_equal(p.peers[2].perms, MOAT_SIGNAL_RECEIVE);
	assert_string_equal(p.peers[2].peer, "bar");
	assert_true(p.peers[3].signals == 1ULL << 14);
	assert_int_equal(p.peers[3].perms, MOAT_SIGNAL_RECEIVE);
	/* a peer variable with two values: two rules */
	assert_true(p.peers[4].deny && p.peers[5].deny);
	assert_string_equal(p.peers[4].peer, "one");
	assert_string_equal(p.peers[5].peer, "two");
	assert_int_equal(p.peers[5].perms, MOAT_SIGNAL_ALL);
	/* ptrace: r is read and w is trace, as apparmor_parser has them */
	assert_int_equal(p.peers[6].class, MOAT_PEER_PTRACE);
	assert_int_equal(p.peers[6].perms, MOAT_PTRACE_READ);
	assert_int_equal(p.peers[7].perms, MOAT_PTRACE_TRACE);
	assert_int_equal(p.peers[8].perms, MOAT_PTRACE_READ | MOAT_PTRACE_TRACE);
	assert_int_equal(p.peers[9].perms, MOAT_PTRACE_READ | MOAT_PTRACE_READBY);
	assert_true(p.peers[10].deny);
	assert_int_equal(p.peers[10].perms, MOAT_PTRACE_TRACEDBY);
	assert_string_equal(p.peers[10].peer, "x");
	assert_string_equal(p.peers[11].peer, "peers");
	check_origins(&p);
	aa_profile_free(&p);
}

static void test_unix(void **state)
{
	struct aa_profile p;

	(void)state;
	must_parse("unix1.aa",
		   "profile u1 {\n"
		   "  unix (send, receive) type=stream,\n"
		   "  unix (send) peer=(label=u1), unix (shutdown),\n"
		   "}\n", &p);
	assert_true(p.net_allow == 0);
	assert_int_equal(p.nnotes, 2);
	assert_non_null(strstr(p.notes[0], "unix1.aa:2: unix rule"));
	assert_non_null(strstr(p.notes[1], "unix1.aa:3: unix rule"));
	aa_profile_free(&p);

	must_parse("unix2.aa",
		   "profile u2 {\n"
		   "  unix (create),\n"
		   "}\n", &p);
	assert_true(p.net_allow == 1ULL << AF_UNIX);
	assert_int_equal(p.nnotes, 1);
	aa_profile_free(&p);

	must_parse("unix3.aa",
		   "profile u3 {\n"
		   "  unix peer=(label=@{profile_name}),\n"
		   "}\n", &p);
	assert_true(p.net_allow == 1ULL << AF_UNIX);
	aa_profile_free(&p);
}

/* ---- errors ------------------------------------------------------------- */

struct err_case {
	const char *name;	/* test name, and the fixture's file name */
	const char *text;
	const char *err_file;	/* where the error is (NULL: the fixture) */
	int line;
	const char *needle;	/* the message names this */
	const char *needle2;	/* and this, if set */
};

static const struct err_case err_cases[] = {
	{ "err_unknown_keyword", "profile t {\n  frobnicate /x,\n}\n", NULL, 2,
	  "unknown rule keyword 'frobnicate'", NULL },
	{ "err_missing_comma", "profile t {\n  capability\n  file,\n}\n", NULL, 2,
	  "missing ',' before 'file'", NULL },
	{ "err_missing_comma_deny", "profile t {\n  file,\n  deny mount\n  deny /x w,\n}\n",
	  NULL, 3, "missing ',' before 'deny'", NULL },
	{ "err_audit", "profile t {\n  /x r,\n  audit /x r,\n}\n", NULL, 3,
	  "audit rules", "not supported by moat" },
	{ "err_dbus", "profile t {\n\n  dbus,\n}\n", NULL, 3, "dbus",
	  "not supported by moat" },
	{ "err_dbus_deny", "profile t {\n  deny dbus send bus=system,\n}\n",
	  NULL, 2, "dbus", NULL },
	{ "err_network_type", "profile t {\n  network inet stream,\n}\n", NULL, 2,
	  "'inet stream'", "not supported by moat" },
	{ "err_network_proto", "profile t {\n  network tcp,\n}\n", NULL, 2,
	  "'tcp'", "not supported by moat" },
	{ "err_mount_cond", "profile t {\n  mount fstype=proc,\n}\n", NULL, 2,
	  "mount", "fstype=proc" },
	{ "err_umount_path", "profile t {\n  umount /mnt/,\n}\n", NULL, 2,
	  "umount", "/mnt/" },
	{ "err_exec_transition", "profile t {\n  /bin/x Px -> other,\n}\n", NULL,
	  2, "exec transitions", "->" },
	{ "err_link", "profile t {\n  link /a -> /b,\n}\n", NULL, 2, "link rules",
	  NULL },
	{ "err_peer_glob", "profile t {\n  signal peer=foo*,\n}\n", NULL, 2,
	  "peer globs", "foo*" },
	{ "err_peer_glob_var", "@{P}=a{b,c}\nprofile t {\n  ptrace peer=@{P},\n}\n",
	  NULL, 3, "peer globs", NULL },
	{ "err_peer_cond", "profile t {\n  signal peer=(label=foo),\n}\n", NULL, 2,
	  "peer=(", NULL },
	{ "err_undefined_var", "profile t {\n  /x r,\n  @{NOPE}/x r,\n}\n", NULL, 3,
	  "undefined variable @{NOPE}", NULL },
	{ "err_var_loop", "@{a}=@{b}/x\n@{b}=/y @{a}\nprofile t {\n  @{a} r,\n}\n",
	  NULL, 4, "@{a}", "@{b}" },
	{ "err_var_self", "@{s}=@{s}\nprofile t {\n  @{s} r,\n}\n", NULL, 3,
	  "refers to itself", NULL },
	{ "err_var_redefined", "@{a}=/x\n@{a}=/y\nprofile t {\n}\n", NULL, 2,
	  "@{a} is already defined", NULL },
	{ "err_var_append_undefined", "@{a}+=/x\nprofile t {\n}\n", NULL, 1,
	  "undefined variable @{a}", NULL },
	{ "err_var_in_profile", "profile t {\n  @{a}=/x\n}\n", NULL, 2,
	  "@{a}", "inside a profile" },
	{ "err_var_trailing_comma", "@{a}=/x,\nprofile t {\n}\n", NULL, 1,
	  "@{a}", "','" },
	{ "err_var_cond_assign", "@{a}?=/x\nprofile t {\n}\n", NULL, 1, "'?='",
	  NULL },
	{ "err_bool_var", "$foo=true\nprofile t {\n}\n", NULL, 1,
	  "boolean variables", NULL },
	{ "err_unterminated_profile", "# x\nprofile t {\n  /x r,\n", NULL, 2,
	  "profile 't' is not closed", NULL },
	{ "err_two_profiles", "profile a {\n}\n\nprofile b {\n}\n", NULL, 4,
	  "second profile ('b')", NULL },
	{ "err_child_profile", "profile a {\n  profile b {\n  }\n}\n", NULL, 2,
	  "child profiles ('b')", NULL },
	{ "err_hat", "profile a {\n  ^hat {\n  }\n}\n", NULL, 2, "hats", NULL },
	{ "err_missing_include", "#include <abstractions/nothere>\nprofile t {\n}\n",
	  NULL, 1, "<abstractions/nothere>", NULL },
	{ "err_missing_include_quoted", "profile t {\n  include \"nothere\"\n}\n",
	  NULL, 2, "\"nothere\"", NULL },
	{ "err_include_loop", "include \"err_include_loop.inc\"\nprofile t {\n}\n",
	  "err_include_loop.inc", 1, "include loop", "err_include_loop.aa" },
	{ "err_bad_perm", "profile t {\n  /x rq,\n}\n", NULL, 2, "'q'", "'rq'" },
	{ "err_bad_perm_upper", "profile t {\n  /x R,\n}\n", NULL, 2, "'R'", NULL },
	{ "err_w_and_a", "profile t {\n  /x wa,\n}\n", NULL, 2, "'w' and 'a'", NULL },
	{ "err_bare_x_allow", "profile t {\n  /x rx,\n}\n", NULL, 2, "'x'",
	  "deny" },
	{ "err_exec_mode_deny", "profile t {\n  deny /x ix,\n}\n", NULL, 2, "'ix'",
	  "deny" },
	{ "err_two_exec_modes", "profile t {\n  /x ixpx,\n}\n", NULL, 2,
	  "conflicting exec modes", NULL },
	{ "err_no_perms", "profile t {\n  /x,\n}\n", NULL, 2, "'/x'",
	  "without permissions" },
	{ "err_relative_path", "@{R}=rel\nprofile t {\n  @{R}/x r,\n}\n", NULL, 3,
	  "'rel/x'", "not absolute" },
	{ "err_unknown_capability", "profile t {\n  capability chown frob,\n}\n",
	  NULL, 2, "unknown capability 'frob'", NULL },
	{ "err_unknown_family", "profile t {\n  network frobnet,\n}\n", NULL, 2,
	  "unknown network family 'frobnet'", NULL },
	{ "err_flag_complain", "profile t flags=(attach_disconnected,complain) {\n}\n",
	  NULL, 1, "'complain'", "not supported by moat" },
	{ "err_flag_disconnected_path",
	  "profile t flags=(attach_disconnected.path=/x) {\n}\n", NULL, 1,
	  "attach_disconnected.path", NULL },
	{ "err_rule_outside", "\n/x r,\nprofile t {\n}\n", NULL, 2,
	  "outside a profile", "'/x'" },
	{ "err_unterminated_rule", "profile t {\n  /x r,\n  /y r\n", NULL, 3,
	  "unterminated rule", "','" },
	{ "err_missing_comma_brace", "profile t {\n  /y r\n}\n", NULL, 2,
	  "unterminated rule", "'}'" },
	{ "err_unterminated_quote", "profile t {\n  \"/y r,\n}\n", NULL, 2,
	  "unterminated quoted string", NULL },
	{ "err_deny_unix", "profile t {\n  deny unix (create),\n}\n", NULL, 2,
	  "deny unix", NULL },
	{ "err_unix_perm", "profile t {\n  unix (frob),\n}\n", NULL, 2, "'frob'",
	  NULL },
	{ "err_owner_capability", "profile t {\n  owner capability,\n}\n", NULL, 2,
	  "'owner'", "capability" },
	{ "err_signal_name", "profile t {\n  signal set=(hup, nosuch),\n}\n", NULL,
	  2, "'nosuch'", NULL },
	{ "err_signal_rtmin", "profile t {\n  signal set=(rtmin+33),\n}\n", NULL,
	  2, "'rtmin+33'", NULL },
	{ "err_signal_perm", "profile t {\n  signal (trace),\n}\n", NULL, 2,
	  "'trace'", NULL },
	{ "err_ptrace_cond", "profile t {\n  ptrace set=(hup),\n}\n", NULL, 2,
	  "'set=(hup)'", NULL },
	{ "err_rlimit", "profile t {\n  set rlimit nofile <= 10,\n}\n", NULL, 2,
	  "rlimit", NULL },
	{ "err_change_profile", "profile t {\n  change_profile -> foo,\n}\n", NULL,
	  2, "change_profile", NULL },
	{ "err_userns", "profile t {\n  userns,\n}\n", NULL, 2, "userns", NULL },
	{ "err_mqueue", "profile t {\n  mqueue,\n}\n", NULL, 2, "mqueue", NULL },
	{ "err_alias", "alias /a/ -> /b/,\nprofile t {\n}\n", NULL, 1, "alias",
	  NULL },
	{ "err_if", "profile t {\n  if $x {\n  }\n}\n", NULL, 2, "'if'", NULL },
	{ "err_qualifier_block", "profile t {\n  deny {\n  }\n}\n", NULL, 2,
	  "'deny {'", NULL },
	{ "err_xattrs", "profile t /x xattrs=(a=b) {\n}\n", NULL, 1, "xattrs",
	  NULL },
	{ "err_quoted_bare_name", "\"foo\" {\n}\n", NULL, 1, "\"foo\"",
	  "'profile'" },
	{ "err_namespace", "profile :ns:t {\n}\n", NULL, 1, "namespaces", NULL },
	{ "err_peer_stack", "profile t {\n  signal peer=a//&b,\n}\n", NULL, 2,
	  "'a//&b'", NULL },
	{ "err_no_profile", "@{a}=/x\n", NULL, 1, "no profile", NULL },
	{ "err_stray_brace", "profile t {\n}\n}\n", NULL, 3, "unexpected '}'",
	  NULL },
	{ "err_include_text_after", "include <x> /y r,\nprofile t {\n}\n", NULL,
	  1, "after include", NULL },
	{ "err_empty_rule", "profile t {\n  ,\n}\n", NULL, 2, "empty rule", NULL },
};

static void run_err_case(void **state)
{
	const struct err_case *c = *state;
	struct aa_profile p;
	char name[256], prefix[1024], path[512];

	snprintf(name, sizeof(name), "%s.aa", c->name);
	if (!strcmp(c->name, "err_include_loop"))
		write_fixture("err_include_loop.inc", "include \"err_include_loop.aa\"\n");
	memset(&p, 0xa5, sizeof(p));
	assert_int_equal(parse_fixture(name, c->text, &p), -1);
	/* nothing is left allocated, and the profile reads empty */
	assert_null(p.name);
	assert_int_equal(p.nfiles, 0);
	assert_int_equal(p.nsources, 0);
	fixture_path(path, sizeof(path), c->err_file ? c->err_file : name);
	snprintf(prefix, sizeof(prefix), "%s:%d: ", path, c->line);
	if (strncmp(errbuf, prefix, strlen(prefix)))
		fail_msg("expected prefix '%s', got '%s'", prefix, errbuf);
	if (!strstr(errbuf, c->needle))
		fail_msg("'%s' does not name '%s'", errbuf, c->needle);
	if (c->needle2 && !strstr(errbuf, c->needle2))
		fail_msg("'%s' does not name '%s'", errbuf, c->needle2);
}

/* A chain of includes deeper than 32. */
static void test_err_include_depth(void **state)
{
	struct aa_profile p;
	char name[64], text[128], prefix[600], path[512];
	int i;

	(void)state;
	for (i = 1; i <= 34; i++) {
		snprintf(name, sizeof(name), "deep/%02d", i);
		snprintf(text, sizeof(text), "include <deep/%02d>\n", i + 1);
		write_fixture(name, i == 34 ? "\n" : text);
	}
	assert_int_equal(parse_fixture("deep.aa",
				       "include <deep/01>\nprofile t {\n}\n", &p), -1);
	fixture_path(path, sizeof(path), "deep/32");
	snprintf(prefix, sizeof(prefix), "%s:1: ", path);
	if (strncmp(errbuf, prefix, strlen(prefix)))
		fail_msg("expected prefix '%s', got '%s'", prefix, errbuf);
	assert_non_null(strstr(errbuf, "deeper than 32"));

	/* 32 levels are fine */
	write_fixture("deep/32", "\n");
	must_parse("deep.aa", "include <deep/01>\nprofile t {\n}\n", &p);
	aa_profile_free(&p);
}

static void test_err_unreadable(void **state)
{
	struct aa_profile p;

	(void)state;
	assert_int_equal(aa_parse_file("/nonexistent/moat.aa", NULL, &p, errbuf,
				       sizeof(errbuf)), -1);
	assert_true(!strncmp(errbuf, "/nonexistent/moat.aa:", 21));
	assert_null(p.name);
}

/* ---- main --------------------------------------------------------------- */

static int rm_entry(const char *path, const struct stat *st, int flag,
		    struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static int setup(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof(tmpdir), "%s/moat-aa-XXXXXX",
		 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	return nftw(tmpdir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

int main(void)
{
	static const struct CMUnitTest fixed[] = {
		cmocka_unit_test(test_docker_default),
		cmocka_unit_test(test_docker_selfcontained),
		cmocka_unit_test(test_builtin_tunables),
		cmocka_unit_test(test_variables),
		cmocka_unit_test(test_includes),
		cmocka_unit_test(test_file_rules),
		cmocka_unit_test(test_other_rules),
		cmocka_unit_test(test_signal_ptrace),
		cmocka_unit_test(test_unix),
		cmocka_unit_test(test_err_include_depth),
		cmocka_unit_test(test_err_unreadable),
	};
	size_t nfixed = sizeof(fixed) / sizeof(fixed[0]);
	size_t nerr = sizeof(err_cases) / sizeof(err_cases[0]), i;
	struct CMUnitTest *tests = calloc(nfixed + nerr, sizeof(*tests));
	int ret;

	if (!tests)
		return 1;
	memcpy(tests, fixed, sizeof(fixed));
	for (i = 0; i < nerr; i++) {
		tests[nfixed + i].name = err_cases[i].name;
		tests[nfixed + i].test_func = run_err_case;
		tests[nfixed + i].initial_state = (void *)&err_cases[i];
	}
	ret = _cmocka_run_group_tests("apparmor", tests, nfixed + nerr, setup,
				      teardown);
	free(tests);
	return ret;
}
