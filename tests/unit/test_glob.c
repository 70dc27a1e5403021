// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests (cmocka) of moatctl's glob -> DFA compiler (ctl/dfa_compile.c).
 *
 * The match table was worked out by hand from apparmor_parser's meaning of
 * globs (parser_regex.c: convert_aaregex_to_pcre(), filter_slashes(); the
 * libapparmor_re grammar), not by running the compiler. The other tests
 * cover how permissions compose, syntax errors, the size of a Docker-like
 * profile, and a differential check against POSIX regexes built the way
 * apparmor_parser builds its PCRE.
 */

#include <regex.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "../../ctl/dfa.h"

#define R	MOAT_FILE_READ
#define W	MOAT_FILE_WRITE
#define A	MOAT_FILE_APPEND
#define L	MOAT_FILE_LINK
#define K	MOAT_FILE_LOCK
#define M	MOAT_FILE_MMAP_EXEC
#define X	MOAT_FILE_EXEC
#define ALL	MOAT_FILE_ALL

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/* Every structural promise dfa.h and the kernel's loader make. */
static void check_dfa(const struct dfa *d)
{
	uint32_t s, c;

	assert_true(d->nstates >= 1 && d->nstates <= MOAT_DFA_STATES_MAX);
	assert_true(d->nclasses >= 1 && d->nclasses <= MOAT_DFA_CLASSES_MAX);
	assert_true(d->start < d->nstates);
	for (c = 0; c < 256; c++)
		assert_true(d->classmap[c] < d->nclasses);
	for (s = 0; s < d->nstates; s++) {
		const struct moat_dfa_accept *a = &d->accept[s];

		for (c = 0; c < d->nclasses; c++)
			assert_true(d->trans[s * d->nclasses + c] < d->nstates);
		/* NUL's class leads nowhere */
		assert_int_equal(d->trans[s * d->nclasses + d->classmap[0]], 0);
		assert_int_equal((a->allow | a->allow_owner | a->deny |
				  a->deny_owner) & ~ALL, 0);
	}
	for (c = 0; c < d->nclasses; c++)
		assert_int_equal(d->trans[c], 0);
	assert_int_equal(d->accept[0].allow | d->accept[0].allow_owner |
			 d->accept[0].deny | d->accept[0].deny_owner, 0);
}

/*
 * Minimal and trimmed: every state but the dead one is reachable from the
 * start, and Moore's refinement (from "same accept tuple") finds no two
 * equivalent states.
 */
static void check_minimal(const struct dfa *d)
{
	uint32_t n = d->nstates, k = d->nclasses, s, t, c, nblk, prev = 0;
	uint32_t *blk = calloc(n, sizeof(*blk)), *nb = calloc(n, sizeof(*nb));
	uint32_t *queue = calloc(n, sizeof(*queue)), head = 0, nq = 0;
	bool *seen = calloc(n, sizeof(*seen));

	assert_non_null(blk);
	assert_non_null(nb);
	assert_non_null(queue);
	assert_non_null(seen);
	seen[0] = true;
	seen[d->start] = true;
	queue[nq++] = d->start;
	while (head < nq) {
		s = queue[head++];
		for (c = 0; c < k; c++) {
			t = d->trans[s * k + c];
			if (!seen[t]) {
				seen[t] = true;
				queue[nq++] = t;
			}
		}
	}
	for (s = 0; s < n; s++)
		assert_true(seen[s]);

	/* blocks numbered by their first state; quadratic, tests only */
	for (;;) {
		nblk = 0;
		for (s = 0; s < n; s++) {
			for (t = 0; t < s; t++) {
				if (nb[t] != t || blk[s] != blk[t] ||
				    memcmp(&d->accept[s], &d->accept[t],
					   sizeof(d->accept[s])))
					continue;
				for (c = 0; c < k; c++)
					if (blk[d->trans[s * k + c]] !=
					    blk[d->trans[t * k + c]])
						break;
				if (c == k)
					break;
			}
			nb[s] = t < s ? t : s;
			nblk += nb[s] == s;
		}
		memcpy(blk, nb, n * sizeof(*blk));
		if (nblk == prev)
			break;
		prev = nblk;
	}
	assert_int_equal(nblk, n);
	free(blk);
	free(nb);
	free(queue);
	free(seen);
}

static void compile_ok(const struct dfa_rule *rules, size_t n, struct dfa *d)
{
	char err[512] = "";
	int ret = dfa_compile(rules, n, d, err, sizeof(err));

	if (ret)
		printf("# dfa_compile: %s\n", err);
	assert_int_equal(ret, 0);
	check_dfa(d);
	if (d->nstates <= 2000)
		check_minimal(d);
}

static const struct moat_dfa_accept *acc_of(const struct dfa *d,
					    const char *path)
{
	return &d->accept[dfa_match(d, path)];
}

/* The kernel's decision, as kernel/dfa.c's callers make it. */
static bool permitted(const struct moat_dfa_accept *a, uint32_t req,
		      bool owner)
{
	uint32_t granted = a->allow | (owner ? a->allow_owner : 0);
	uint32_t denied = a->deny | (owner ? a->deny_owner : 0);

	return (req & granted) == req && !(req & denied);
}

struct gcase {
	const char *glob;
	const char *path;
	bool match;
};

#define Y(g, p)	{ g, p, true }
#define N(g, p)	{ g, p, false }

/* 50 bytes, for long paths */
#define L50 "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMN"

/*
 * The Docker default profile's file rules (moby's profiles/apparmor
 * template; @{PROC} is /proc/, its doubled slash already collapsed).
 */
#define DK_PROC_TOP	"/proc/*"
#define DK_PROC_NONPID	"/proc/{[^1-9/],[^1-9/][^0-9/],[^1-9s/][^0-9y/][^0-9s/],[^1-9/][^0-9/][^0-9/][^0-9/]*}/**"
#define DK_PROC_SYS	"/proc/sys/[^k]**"
#define DK_PROC_KERNEL	"/proc/sys/kernel/{?,??,[^s][^h][^m]**}"
#define DK_SYS_F	"/sys/[^f]*/**"
#define DK_SYS_FS	"/sys/f[^s]*/**"
#define DK_SYS_FS_C	"/sys/fs/[^c]*/**"
#define DK_SYS_FS_CG	"/sys/fs/c[^g]*/**"
#define DK_SYS_FS_CGR	"/sys/fs/cg[^r]*/**"
#define DK_FIRMWARE	"/sys/firmware/**"
#define DK_POWERCAP	"/sys/devices/virtual/powercap/**"
#define DK_SECURITY	"/sys/kernel/security/**"

static const struct gcase cases[] = {
	/* literal paths: the whole path against the whole glob */
	Y("/etc/passwd", "/etc/passwd"),
	N("/etc/passwd", "/etc/passwd/"),
	N("/etc/passwd", "/etc/passw"),
	N("/etc/passwd", "/etc/passwdx"),
	N("/etc/passwd", "/etc//passwd"),
	N("/etc/passwd", "/ETC/passwd"),
	N("/etc/passwd", "x/etc/passwd"),
	Y("/", "/"),
	N("/", "/a"),
	N("/", ""),
	Y("/etc/", "/etc/"),
	N("/etc/", "/etc"),
	Y("/a b", "/a b"),
	Y("/usr/lib/x86_64-linux-gnu/libc.so.6",
	  "/usr/lib/x86_64-linux-gnu/libc.so.6"),
	N("/usr/lib/x86_64-linux-gnu/libc.so.6",
	  "/usr/lib/x86_64-linux-gnu/libcXso.6"),
	/* regex characters that globs do not have are literal */
	N("/a.b", "/axb"),
	Y("/a.b", "/a.b"),
	Y("/a+", "/a+"),
	N("/a+", "/aa"),
	Y("/(a|b)", "/(a|b)"),
	N("/(a|b)", "/a"),
	Y("/^$", "/^$"),
	N("/^a", "/a"),
	/* ',' outside { } and '@' not before '{' are literal */
	Y("/a,b", "/a,b"),
	N("/a,b", "/a"),
	Y("/a@b", "/a@b"),
	Y("/caf\xc3\xa9", "/caf\xc3\xa9"),
	N("/caf\xc3\xa9", "/cafe"),

	/* '*': any run of bytes but '/', possibly empty inside a component */
	Y("/tmp/*", "/tmp/a"),
	Y("/tmp/*", "/tmp/abc"),
	Y("/tmp/*", "/tmp/.hidden"),
	Y("/tmp/*", "/tmp/caf\xc3\xa9"),
	N("/tmp/*", "/tmp/"),
	N("/tmp/*", "/tmp"),
	N("/tmp/*", "/tmp/a/b"),
	N("/tmp/*", "/tmp/a/"),
	N("/tmp/*", "/tmpx"),
	N("/*", "/"),
	Y("/*", "/a"),
	Y("/*", "/abc"),
	N("/*", "/a/"),
	N("/*", "//"),
	Y("/tmp/*/", "/tmp/a/"),
	Y("/tmp/*/", "/tmp/abc/"),
	N("/tmp/*/", "/tmp//"),
	N("/tmp/*/", "/tmp/a"),
	N("/tmp/*/", "/tmp/a/b/"),
	Y("/tmp/*/x", "/tmp/a/x"),
	Y("/tmp/*/x", "/tmp/ab/x"),
	N("/tmp/*/x", "/tmp//x"),
	N("/tmp/*/x", "/tmp/a/b/x"),
	N("/tmp/*/x", "/tmp/x"),
	Y("/a*", "/a"),
	Y("/a*", "/abc"),
	N("/a*", "/a/"),
	N("/a*", "/b"),
	N("/a*", "/a/b"),
	N("/a*", "/ba"),
	Y("/*a", "/a"),
	Y("/*a", "/ba"),
	Y("/*a", "/bba"),
	N("/*a", "/"),
	N("/*a", "/b"),
	N("/*a", "/a/a"),
	N("/*a", "/ab"),
	Y("/x/*.so", "/x/.so"),
	Y("/x/*.so", "/x/a.so"),
	Y("/x/*.so", "/x/libc.so"),
	N("/x/*.so", "/x/a.so.1"),
	N("/x/*.so", "/x/a/b.so"),
	N("/x/*.so", "/x/so"),
	Y("/*.txt", "/.txt"),
	Y("/*.txt", "/a.txt"),
	N("/*.txt", "/a/b.txt"),
	Y("/a*b*c", "/abc"),
	Y("/a*b*c", "/aXbYc"),
	Y("/a*b*c", "/abbc"),
	Y("/a*b*c", "/abcc"),
	N("/a*b*c", "/ac"),
	N("/a*b*c", "/ab/c"),
	N("/a*b*c", "/acb"),
	Y("/*/*", "/a/b"),
	Y("/*/*", "/abc/def"),
	N("/*/*", "/a/"),
	N("/*/*", "/a/b/c"),
	N("/*/*", "/a"),
	Y("/x/a*/", "/x/a/"),
	Y("/x/a*/", "/x/ab/"),
	N("/x/a*/", "/x/b/"),
	Y("/dev/pts/[0-9]*", "/dev/pts/0"),
	Y("/dev/pts/[0-9]*", "/dev/pts/12"),
	Y("/dev/pts/[0-9]*", "/dev/pts/1x"),
	N("/dev/pts/[0-9]*", "/dev/pts/"),
	N("/dev/pts/[0-9]*", "/dev/pts/ptmx"),

	/* '**': any run of bytes, '/' included */
	N(DK_FIRMWARE, "/sys/firmware/"),
	Y(DK_FIRMWARE, "/sys/firmware/a"),
	Y(DK_FIRMWARE, "/sys/firmware/a/b/"),
	Y(DK_FIRMWARE, "/sys/firmware/efi/efivars/x-1"),
	N(DK_FIRMWARE, "/sys/firmware"),
	N(DK_FIRMWARE, "/sys/firmwarex/a"),
	N(DK_FIRMWARE, "/sys/firmware//"),
	N("/**", "/"),
	Y("/**", "/a"),
	Y("/**", "/a/"),
	Y("/**", "/a/b/c"),
	N("/**", "//a"),
	Y("/a**", "/a"),
	Y("/a**", "/a/b"),
	Y("/a**", "/abc/d/"),
	N("/a**", "/b"),
	Y("/**/x", "/a/x"),
	Y("/**/x", "/a/b/x"),
	N("/**/x", "//x"),
	N("/**/x", "/x"),
	N("/**/x", "/a/xy"),
	Y("/**x", "/x"),
	Y("/**x", "/a/bx"),
	N("/**x", "/a/b"),
	N("/**x", "/x/"),
	Y("/x/**/", "/x/a/"),
	Y("/x/**/", "/x/a/b/"),
	N("/x/**/", "/x/a"),
	N("/x/**/", "/x//"),
	N("/x/**/", "/x/"),
	Y("/a/**/b/**", "/a/x/b/y"),
	Y("/a/**/b/**", "/a/x/y/b/z/w"),
	N("/a/**/b/**", "/a/b/y"),
	N("/a/**/b/**", "/a/x/b/"),
	Y("/usr/**.so", "/usr/lib/libc.so"),
	Y("/usr/**.so", "/usr/.so"),
	N("/usr/**.so", "/usr/lib/libc.so.6"),
	/* three or more stars act as two */
	N("/a/***", "/a/"),
	Y("/a/***", "/a/b"),
	Y("/a/***", "/a/b/c"),
	Y("/a***b", "/a/x/b"),
	Y("/a***b", "/ab"),
	N("/a/****", "/a/"),
	Y("/a/****", "/a/x/y"),

	/* '?': one byte but '/' */
	Y("/a?c", "/abc"),
	Y("/a?c", "/a.c"),
	N("/a?c", "/a/c"),
	N("/a?c", "/ac"),
	N("/a?c", "/abbc"),
	Y("/??", "/ab"),
	N("/??", "/a"),
	N("/??", "/abc"),
	N("/??", "//a"),
	N("/??", "/a/"),
	N("/?", "/"),
	Y("/?", "/x"),
	N("/?", "/\xc3\xa9"),
	Y("/??", "/\xc3\xa9"),
	Y("/tmp/?*", "/tmp/a"),
	Y("/tmp/?*", "/tmp/abc"),
	N("/tmp/?*", "/tmp/"),
	Y("/?/", "/a/"),
	N("/?/", "//"),

	/* character classes */
	Y("/[abc]", "/a"),
	Y("/[abc]", "/c"),
	N("/[abc]", "/d"),
	N("/[abc]", "/ab"),
	N("/[abc]", "/"),
	Y("/[a-c]x", "/bx"),
	N("/[a-c]x", "/dx"),
	N("/[a-c]x", "/Bx"),
	Y("/[0-9][0-9]", "/42"),
	N("/[0-9][0-9]", "/4a"),
	N("/[0-9][0-9]", "/4"),
	Y("/[z-a]", "/m"),		/* reversed bounds are swapped */
	N("/[z-a]", "/A"),
	Y("/[A-Za-z_]", "/Q"),
	Y("/[A-Za-z_]", "/_"),
	N("/[A-Za-z_]", "/-"),
	Y("/[^a]", "/b"),
	N("/[^a]", "/a"),
	Y("/[^a]", "//"),		/* a negated class matches '/' */
	N("/[^a]", "/"),
	Y("/[^a]", "/\xff"),
	Y("/x[^s]y", "/x/y"),
	Y("/x[^s]y", "/xay"),
	N("/x[^s]y", "/xsy"),
	N("/[^/]", "//"),
	Y("/[^/]", "/a"),
	N("/[^0-9]", "/5"),
	Y("/[^0-9]", "/x"),
	Y("/[-a]", "/-"),
	Y("/[-a]", "/a"),
	N("/[-a]", "/b"),
	Y("/[a-]", "/-"),
	Y("/[a-]", "/a"),
	Y("/[\\]]", "/]"),
	N("/[\\]]", "/\\"),
	Y("/[\\\\]", "/\\"),
	N("/[\\\\]", "/]"),
	N("/[^^]", "/^"),
	Y("/[^^]", "/x"),
	Y("/[a^]", "/^"),
	Y("/[a^]", "/a"),
	N("/[a^]", "/b"),
	Y("/[{,}]", "/{"),
	Y("/[{,}]", "/,"),
	Y("/[{,}]", "/}"),
	N("/[{,}]", "/a"),
	Y("/[*]", "/*"),
	N("/[*]", "/a"),
	Y("/[?]", "/?"),
	N("/[?]", "/a"),
	Y("/a[/]b", "/a/b"),
	Y("/[[]", "/["),
	Y("/[.]", "/."),
	N("/[.]", "/a"),
	/* apparmor_parser reads an escaped '-' as a range, '\^' first as negation */
	N("/[a\\-z]", "/-"),
	Y("/[a\\-z]", "/z"),
	Y("/[a\\-z]", "/m"),
	Y("/[\\^a]", "/b"),
	N("/[\\^a]", "/a"),
	Y("/[\\^a]", "/^"),
	Y("/[\\x41-\\x43]", "/B"),
	N("/[\\x41-\\x43]", "/D"),
	Y("/[a-c][^a-c]", "/ad"),
	Y("/[a-c][^a-c]", "/a/"),
	N("/[a-c][^a-c]", "/aa"),

	/* alternation, nested, with empty alternatives */
	Y("/{a,b}", "/a"),
	Y("/{a,b}", "/b"),
	N("/{a,b}", "/c"),
	N("/{a,b}", "/ab"),
	N("/{a,b}", "/"),
	Y("/{usr/,}lib", "/lib"),
	Y("/{usr/,}lib", "/usr/lib"),
	N("/{usr/,}lib", "/usrlib"),
	N("/{usr/,}lib", "/usr/"),
	Y("/lib{,32,64}", "/lib"),
	Y("/lib{,32,64}", "/lib32"),
	Y("/lib{,32,64}", "/lib64"),
	N("/lib{,32,64}", "/lib6"),
	N("/lib{,32,64}", "/lib3264"),
	Y("/{a{b,c},d}", "/ab"),
	Y("/{a{b,c},d}", "/ac"),
	Y("/{a{b,c},d}", "/d"),
	N("/{a{b,c},d}", "/a"),
	N("/{a{b,c},d}", "/ad"),
	Y("/{,{,x}y}", "/"),
	Y("/{,{,x}y}", "/y"),
	Y("/{,{,x}y}", "/xy"),
	N("/{,{,x}y}", "/x"),
	Y("/{a,b,}", "/"),
	Y("/{a,b,}", "/a"),
	Y("/{,}", "/"),
	N("/{,}", "/a"),
	Y("/{a,{b,{c,{d,{e,f}}}}}", "/f"),
	Y("/{a,{b,{c,{d,{e,f}}}}}", "/e"),
	N("/{a,{b,{c,{d,{e,f}}}}}", "/g"),
	Y("/{a,b}/{c,d}", "/a/c"),
	Y("/{a,b}/{c,d}", "/b/d"),
	N("/{a,b}/{c,d}", "/a/b"),
	Y("/{a,b}{c,d}", "/ac"),
	Y("/{a,b}{c,d}", "/bd"),
	N("/{a,b}{c,d}", "/ab"),
	Y("/{a,[0-9]?,x*y}", "/a"),
	Y("/{a,[0-9]?,x*y}", "/5q"),
	N("/{a,[0-9]?,x*y}", "/5"),
	Y("/{a,[0-9]?,x*y}", "/xy"),
	Y("/{a,[0-9]?,x*y}", "/xaay"),
	N("/{a,[0-9]?,x*y}", "/x/y"),
	Y("/{a,b}*", "/a"),
	Y("/{a,b}*", "/abc"),
	N("/{a,b}*", "/c"),
	/* stars right after '{' or ',', or before ',' or '}', may be empty */
	Y("/{**,}", "/"),
	Y("/{**,}", "/a/b"),
	Y("/{**,}", "/etc/"),
	Y("/{**,}", "//"),
	N("/{**,}", ""),
	Y("/{*,x}", "/"),
	Y("/{*,x}", "/abc"),
	N("/{*,x}", "/a/b"),
	Y("/x/{a/*,b}", "/x/a/"),
	Y("/x/{a/*,b}", "/x/a/c"),
	Y("/x/{a/*,b}", "/x/b"),
	N("/x/{a/*,b}", "/x/a/c/d"),
	Y("/x/{b,a/*}", "/x/a/"),
	N("/x/{a,b}/*", "/x/a/"),
	Y("/x/{a,b}/*", "/x/a/c"),
	N("/x/{a,b}/*", "/x/c/d"),
	Y("/etc/ld.so.conf.d/{,*.conf}", "/etc/ld.so.conf.d/"),
	Y("/etc/ld.so.conf.d/{,*.conf}", "/etc/ld.so.conf.d/x.conf"),
	N("/etc/ld.so.conf.d/{,*.conf}", "/etc/ld.so.conf.d/x"),
	Y("/usr/share/zoneinfo/{,**}", "/usr/share/zoneinfo/"),
	Y("/usr/share/zoneinfo/{,**}", "/usr/share/zoneinfo/Europe/Paris"),
	N("/usr/share/zoneinfo/{,**}", "/usr/share/zoneinfo"),

	/* escapes */
	Y("/a\\*b", "/a*b"),
	N("/a\\*b", "/axb"),
	N("/a\\*b", "/ab"),
	Y("/a\\?", "/a?"),
	N("/a\\?", "/ab"),
	Y("/\\{a,b\\}", "/{a,b}"),
	N("/\\{a,b\\}", "/a"),
	Y("/a\\[b\\]", "/a[b]"),
	N("/a\\[b\\]", "/ab"),
	Y("/a\\\\b", "/a\\b"),
	N("/a\\\\b", "/ab"),
	Y("/{a\\,b,c}", "/a,b"),
	Y("/{a\\,b,c}", "/c"),
	N("/{a\\,b,c}", "/a"),
	Y("/\\x41", "/A"),
	N("/\\x41", "/x41"),
	Y("/\\101", "/A"),
	Y("/\\d065", "/A"),
	Y("/a\\tb", "/a\tb"),
	Y("/\\x", "/x"),		/* \x without digits: an 'x' */
	Y("/a\\qb", "/aqb"),
	Y("/a\\/b", "/a/b"),
	Y("/\\@\\{x\\}", "/@{x}"),
	Y("/\\*/**", "/*/a"),
	N("/\\*/**", "/b/a"),
	Y("/dir/\\**", "/dir/*"),
	Y("/dir/\\**", "/dir/*x"),
	N("/dir/\\**", "/dir/x"),
	N("/dir/\\**", "/dir/"),

	/* runs of '/' collapse before the glob is read */
	Y("/proc//*", "/proc/1"),
	N("/proc//*", "/proc/"),
	N("/proc//*", "/proc//1"),
	Y("//etc///passwd", "/etc/passwd"),
	N("//etc///passwd", "//etc/passwd"),
	Y("/a//", "/a/"),
	N("/a//", "/a//"),
	Y("/proc//sys/kernel", "/proc/sys/kernel"),
	Y("/sys//firmware//**", "/sys/firmware/x"),
	N("/sys//firmware//**", "/sys/firmware/"),
	Y("/{a//b,c}", "/a/b"),
	Y("/a\\//b", "/a/b"),		/* text "\//" -> "\/" */
	N("/a/\\/b", "/a/b"),		/* "/\/" keeps both slashes */
	Y("/a/\\/b", "/a//b"),
	/* collapsing is textual: "/{/run/,...}" keeps "//" */
	N("/{/run/,/var/run/}systemd/journal/socket",
	  "/run/systemd/journal/socket"),
	Y("/{/run/,/var/run/}systemd/journal/socket",
	  "//run/systemd/journal/socket"),
	Y("/{,var/}run/systemd/journal/socket",
	  "/var/run/systemd/journal/socket"),

	/* long paths */
	Y("/" L50 "/" L50 "/" L50 "/" L50, "/" L50 "/" L50 "/" L50 "/" L50),
	N("/" L50 "/" L50 "/" L50 "/" L50, "/" L50 "/" L50 "/" L50 "/" L50 "x"),
	N("/" L50 "/" L50 "/" L50 "/" L50, "/" L50 "/" L50 "/" L50 "/"),
	Y("/**", "/" L50 "/" L50 "/" L50 "/" L50 "/" L50 "/" L50 "/" L50),
	Y("/*/" L50, "/x/" L50),
	N("/*/" L50, "/x/y/" L50),
	Y("/" L50 "/**/z", "/" L50 "/a/b/" L50 "/z"),
	N("/" L50 "/**/z", "/" L50 "/a/b/" L50 "/zz"),
	Y("/" L50 "*", "/" L50 L50 L50),
	N("/" L50 "*", "/" L50 L50 "/" L50),

	/* abstractions/base-like rules */
	Y("/{usr/,}lib{,32,64}/**", "/lib/x"),
	Y("/{usr/,}lib{,32,64}/**", "/usr/lib64/a/b"),
	N("/{usr/,}lib{,32,64}/**", "/usr/lib32/"),
	N("/{usr/,}lib{,32,64}/**", "/lib/"),
	N("/{usr/,}lib{,32,64}/**", "/usr/libexec/x"),
	N("/{usr/,}lib{,32,64}/**", "/usr/local/lib/x"),
	Y("/{usr/,}lib{,32,64}/**.so*", "/lib/libc.so.6"),
	Y("/{usr/,}lib{,32,64}/**.so*",
	  "/usr/lib/x86_64-linux-gnu/libm.so"),
	Y("/{usr/,}lib{,32,64}/**.so*", "/lib/.so"),
	N("/{usr/,}lib{,32,64}/**.so*", "/lib/libc.a"),
	N("/{usr/,}lib{,32,64}/**.so*", "/lib/a/b.so.1/c"),
	Y("/usr/lib/*-linux-gnu*/gconv/*.so",
	  "/usr/lib/x86_64-linux-gnu/gconv/UTF-16.so"),
	Y("/usr/lib/*-linux-gnu*/gconv/*.so", "/usr/lib/-linux-gnu/gconv/a.so"),
	Y("/usr/lib/*-linux-gnu*/gconv/*.so",
	  "/usr/lib/x86_64-linux-gnu/gconv/.so"),
	N("/usr/lib/*-linux-gnu*/gconv/*.so",
	  "/usr/lib/x86_64-linux-gnu/gconv/gconv-modules"),
	Y("/proc/{[1-9],[1-9][0-9],[1-9][0-9][0-9]}/{maps,auxv,status}",
	  "/proc/1/maps"),
	Y("/proc/{[1-9],[1-9][0-9],[1-9][0-9][0-9]}/{maps,auxv,status}",
	  "/proc/42/status"),
	Y("/proc/{[1-9],[1-9][0-9],[1-9][0-9][0-9]}/{maps,auxv,status}",
	  "/proc/999/auxv"),
	N("/proc/{[1-9],[1-9][0-9],[1-9][0-9][0-9]}/{maps,auxv,status}",
	  "/proc/1000/maps"),
	N("/proc/{[1-9],[1-9][0-9],[1-9][0-9][0-9]}/{maps,auxv,status}",
	  "/proc/0/maps"),
	N("/proc/{[1-9],[1-9][0-9],[1-9][0-9][0-9]}/{maps,auxv,status}",
	  "/proc/01/maps"),
	N("/proc/{[1-9],[1-9][0-9],[1-9][0-9][0-9]}/{maps,auxv,status}",
	  "/proc/1/environ"),
	N("/proc/{[1-9],[1-9][0-9],[1-9][0-9][0-9]}/{maps,auxv,status}",
	  "/proc/self/maps"),

	/* docker-default: /proc */
	Y(DK_PROC_TOP, "/proc/sysrq-trigger"),
	Y(DK_PROC_TOP, "/proc/1"),
	Y(DK_PROC_TOP, "/proc/kcore"),
	Y(DK_PROC_TOP, "/proc/self"),
	N(DK_PROC_TOP, "/proc/1/status"),
	N(DK_PROC_TOP, "/proc/"),
	N(DK_PROC_NONPID, "/proc/1/status"),
	N(DK_PROC_NONPID, "/proc/123/status"),
	N(DK_PROC_NONPID, "/proc/4567/task/4567/stat"),
	N(DK_PROC_NONPID, "/proc/1234567/x"),
	Y(DK_PROC_NONPID, "/proc/self/status"),
	Y(DK_PROC_NONPID, "/proc/thread-self/attr/current"),
	Y(DK_PROC_NONPID, "/proc/net/dev"),
	Y(DK_PROC_NONPID, "/proc/tty/drivers"),
	Y(DK_PROC_NONPID, "/proc/fs/nfsd/x"),
	Y(DK_PROC_NONPID, "/proc/a/x"),
	Y(DK_PROC_NONPID, "/proc/0/x"),
	N(DK_PROC_NONPID, "/proc/01/x"),
	N(DK_PROC_NONPID, "/proc/sys/net/ipv4/ip_forward"),
	N(DK_PROC_NONPID, "/proc/sysrq-trigger"),
	N(DK_PROC_NONPID, "/proc/net/"),
	N(DK_PROC_NONPID, "/proc/net"),
	Y(DK_PROC_NONPID, "/proc/acpi/wakeup"),
	Y(DK_PROC_NONPID, "/proc/sysvipc/shm"),
	Y(DK_PROC_NONPID, "/proc/s/x"),
	Y(DK_PROC_NONPID, "/proc/sy/x"),
	N(DK_PROC_NONPID, "/proc/sys/x"),
	N(DK_PROC_NONPID, "/proc/1a/x"),
	N(DK_PROC_NONPID, "/proc/a1/x"),
	N(DK_PROC_NONPID, "/proc/bus/pci/devices"),	/* 3rd 's' */
	Y(DK_PROC_NONPID, "/proc/irq/0/x"),
	N(DK_PROC_NONPID, "/proc/xyz/x"),		/* 2nd 'y' */
	Y(DK_PROC_NONPID, "/proc/abcd/x"),
	N(DK_PROC_NONPID, "/proc/ab1d/x"),
	Y(DK_PROC_SYS, "/proc/sys/net/ipv4/ip_forward"),
	Y(DK_PROC_SYS, "/proc/sys/vm/overcommit_memory"),
	Y(DK_PROC_SYS, "/proc/sys/fs/file-max"),
	Y(DK_PROC_SYS, "/proc/sys/n"),
	Y(DK_PROC_SYS, "/proc/sys//x"),
	N(DK_PROC_SYS, "/proc/sys/kernel/hostname"),
	N(DK_PROC_SYS, "/proc/sys/"),
	N(DK_PROC_SYS, "/proc/sys/k"),
	N(DK_PROC_SYS, "/proc/sysrq-trigger"),
	Y(DK_PROC_KERNEL, "/proc/sys/kernel/hostname"),
	Y(DK_PROC_KERNEL, "/proc/sys/kernel/ab"),
	Y(DK_PROC_KERNEL, "/proc/sys/kernel/x"),
	Y(DK_PROC_KERNEL, "/proc/sys/kernel/core_pattern"),
	Y(DK_PROC_KERNEL, "/proc/sys/kernel/random/uuid"),
	Y(DK_PROC_KERNEL, "/proc/sys/kernel/a/b"),
	Y(DK_PROC_KERNEL, "/proc/sys/kernel/sh"),
	Y(DK_PROC_KERNEL, "/proc/sys/kernel/xy/"),
	Y(DK_PROC_KERNEL, "/proc/sys/kernel/ns_last_pid"),
	Y(DK_PROC_KERNEL, "/proc/sys/kernel/osrelease"),
	Y(DK_PROC_KERNEL, "/proc/sys/kernel/msgmax"),
	N(DK_PROC_KERNEL, "/proc/sys/kernel/shmmax"),
	N(DK_PROC_KERNEL, "/proc/sys/kernel/shmall"),
	N(DK_PROC_KERNEL, "/proc/sys/kernel/shmmni"),
	N(DK_PROC_KERNEL, "/proc/sys/kernel/shm_rmid_forced"),
	N(DK_PROC_KERNEL, "/proc/sys/kernel/sem"),
	N(DK_PROC_KERNEL, "/proc/sys/kernel/sched_child_runs_first"),
	N(DK_PROC_KERNEL, "/proc/sys/kernel/threads-max"),
	N(DK_PROC_KERNEL, "/proc/sys/kernel/yama/ptrace_scope"),
	N(DK_PROC_KERNEL, "/proc/sys/kernel/shm"),
	N(DK_PROC_KERNEL, "/proc/sys/kernel/s/x"),
	N(DK_PROC_KERNEL, "/proc/sys/kernel/"),
	N(DK_PROC_KERNEL, "/proc/sys/kernel"),

	/* docker-default: /sys */
	Y(DK_SYS_F, "/sys/kernel/mm/transparent_hugepage/enabled"),
	Y(DK_SYS_F, "/sys/class/net/eth0/address"),
	Y(DK_SYS_F, "/sys/devices/system/cpu/online"),
	Y(DK_SYS_F, "/sys/k/x"),
	N(DK_SYS_F, "/sys/fs/cgroup/x"),
	N(DK_SYS_F, "/sys/firmware/x"),
	N(DK_SYS_F, "/sys/kernel"),
	N(DK_SYS_F, "/sys/kernel/"),
	Y(DK_SYS_FS, "/sys/firmware/efi/efivars/x"),
	Y(DK_SYS_FS, "/sys/fx/y"),
	N(DK_SYS_FS, "/sys/fs/cgroup/x"),
	N(DK_SYS_FS, "/sys/fs/fuse/connections"),
	N(DK_SYS_FS, "/sys/f/x"),
	Y(DK_SYS_FS_C, "/sys/fs/fuse/connections/1/abort"),
	Y(DK_SYS_FS_C, "/sys/fs/ext4/features/lazy_itable_init"),
	Y(DK_SYS_FS_C, "/sys/fs/bpf/x"),
	N(DK_SYS_FS_C, "/sys/fs/cgroup/x"),
	N(DK_SYS_FS_C, "/sys/fs/fuse"),
	Y(DK_SYS_FS_CG, "/sys/fs/cx/y"),
	N(DK_SYS_FS_CG, "/sys/fs/cgroup/x"),
	N(DK_SYS_FS_CG, "/sys/fs/c/x"),
	Y(DK_SYS_FS_CGR, "/sys/fs/cgx/y"),
	N(DK_SYS_FS_CGR, "/sys/fs/cgroup/x"),
	N(DK_SYS_FS_CGR, "/sys/fs/cgroup2/x"),
	Y(DK_SECURITY, "/sys/kernel/security/apparmor/profiles"),
	N(DK_SECURITY, "/sys/kernel/security/"),
	N(DK_SECURITY, "/sys/kernel/security"),
	N(DK_SECURITY, "/sys/kernel/securityfs/x"),
	Y(DK_POWERCAP, "/sys/devices/virtual/powercap/intel-rapl/energy_uj"),
	N(DK_POWERCAP, "/sys/devices/virtual/powercap"),
};

/* One rule per glob: does the path end in a state that grants it? */
static void test_glob_table(void **state)
{
	size_t i, failed = 0, n = ARRAY_SIZE(cases);
	struct dfa d = { 0 };
	const char *compiled = NULL;

	for (i = 0; i < n; i++) {
		const struct gcase *c = &cases[i];
		bool got;

		if (!compiled || strcmp(compiled, c->glob)) {
			struct dfa_rule r = { c->glob, R, false, false };

			dfa_free(&d);
			compile_ok(&r, 1, &d);
			compiled = c->glob;
		}
		got = acc_of(&d, c->path)->allow == R;
		if (got != c->match) {
			printf("# FAIL: glob '%s' path '%s': expected %s\n",
			       c->glob, c->path,
			       c->match ? "match" : "no match");
			failed++;
		}
	}
	dfa_free(&d);
	printf("# %zu glob/path cases, %zu failed\n", n, failed);
	assert_true(n >= 300);
	assert_int_equal(failed, 0);
}

static const struct dfa_rule docker_rules[] = {
	{ "/{**,}", ALL, false, false },	/* file, */
	{ DK_PROC_TOP, W, true, false },
	{ DK_PROC_NONPID, W, true, false },
	{ DK_PROC_SYS, W, true, false },
	{ DK_PROC_KERNEL, W, true, false },
	{ "/proc/sysrq-trigger", R | W | K | L | X, true, false },
	{ "/proc/kcore", R | W | K | L | X, true, false },
	{ DK_SYS_F, W | K | L | X, true, false },
	{ DK_SYS_FS, W | K | L | X, true, false },
	{ DK_SYS_FS_C, W | K | L | X, true, false },
	{ DK_SYS_FS_CG, W | K | L | X, true, false },
	{ DK_SYS_FS_CGR, W | K | L | X, true, false },
	{ DK_FIRMWARE, R | W | K | L | X, true, false },
	{ DK_POWERCAP, R | W | K | L | X, true, false },
	{ DK_SECURITY, R | W | K | L | X, true, false },
};

struct pcase {
	const char *path;
	uint32_t deny;
};

/* docker-default as one automaton: what each path is denied */
static void test_docker_default(void **state)
{
	static const struct pcase pc[] = {
		{ "/etc/passwd", 0 },
		{ "/dev/null", 0 },
		{ "/proc/1/status", 0 },
		{ "/proc/self/status", W | A },
		{ "/proc/sys/kernel/hostname", W | A },
		{ "/proc/sys/kernel/shmmax", 0 },
		{ "/proc/sys/kernel/threads-max", 0 },
		{ "/proc/sys/kernel/yama/ptrace_scope", 0 },
		{ "/proc/sys/net/ipv4/ip_forward", W | A },
		{ "/proc/sysrq-trigger", R | W | A | K | L | X },
		{ "/proc/kcore", R | W | A | K | L | X },
		{ "/proc/1", W | A },
		{ "/proc/uptime", W | A },
		{ "/sys/fs/cgroup/cpu.max", 0 },
		{ "/sys/fs/cgroup", 0 },
		{ "/sys/fs/fuse/connections/1/abort", W | A | K | L | X },
		{ "/sys/kernel/mm/transparent_hugepage/enabled",
		  W | A | K | L | X },
		{ "/sys/firmware/efi/x", R | W | A | K | L | X },
		{ "/sys/firmware/", 0 },
		{ "/sys/kernel/security/apparmor/profiles",
		  R | W | A | K | L | X },
		{ "/sys/devices/virtual/powercap/intel-rapl/x",
		  R | W | A | K | L | X },
	};
	struct dfa d;
	size_t i;

	compile_ok(docker_rules, ARRAY_SIZE(docker_rules),
		   &d);
	for (i = 0; i < ARRAY_SIZE(pc); i++) {
		const struct moat_dfa_accept *a = acc_of(&d, pc[i].path);

		if (a->deny != pc[i].deny || a->allow != ALL)
			printf("# %s: allow 0x%x deny 0x%x, expected deny 0x%x\n",
			       pc[i].path, a->allow, a->deny, pc[i].deny);
		assert_int_equal(a->allow, ALL);
		assert_int_equal(a->deny, pc[i].deny);
		assert_int_equal(a->allow_owner | a->deny_owner, 0);
	}
	/* the decisions the brief spells out */
	assert_false(permitted(acc_of(&d, "/proc/sys/kernel/hostname"), W,
			       false));
	assert_true(permitted(acc_of(&d, "/proc/sys/kernel/hostname"), R,
			      false));
	assert_true(permitted(acc_of(&d, "/proc/sys/kernel/shmmax"), W,
			      false));
	assert_true(permitted(acc_of(&d, "/proc/sys/kernel/threads-max"), W,
			      false));
	assert_false(permitted(acc_of(&d, "/proc/sysrq-trigger"), R, false));
	assert_true(permitted(acc_of(&d, "/proc/sysrq-trigger"), M, false));
	assert_false(permitted(acc_of(&d, "/sys/fs/fuse/connections/1/abort"),
			       A, false));
	/* nothing outside '/' */
	assert_int_equal(dfa_match(&d, "relative/path"), 0);
	dfa_free(&d);
}

/* Rule order never matters: the same rules give the same tables. */
static void assert_same_dfa(const struct dfa *x, const struct dfa *y)
{
	assert_int_equal(x->nstates, y->nstates);
	assert_int_equal(x->nclasses, y->nclasses);
	assert_int_equal(x->start, y->start);
	assert_memory_equal(x->classmap, y->classmap, sizeof(x->classmap));
	assert_memory_equal(x->trans, y->trans, (size_t)x->nstates *
			    x->nclasses * sizeof(*x->trans));
	assert_memory_equal(x->accept, y->accept,
			    x->nstates * sizeof(*x->accept));
}

static void test_deny_wins_any_order(void **state)
{
	const struct dfa_rule fwd[] = {
		{ "/a/**", R | W, false, false },
		{ "/a/secret", W, true, false },
	};
	const struct dfa_rule rev[] = { fwd[1], fwd[0] };
	struct dfa d1, d2;
	const struct moat_dfa_accept *a;

	compile_ok(fwd, 2, &d1);
	compile_ok(rev, 2, &d2);
	assert_same_dfa(&d1, &d2);
	a = acc_of(&d1, "/a/secret");
	assert_int_equal(a->allow, R | W | A);
	assert_int_equal(a->deny, W | A);
	assert_true(permitted(a, R, false));
	assert_false(permitted(a, W, false));
	assert_false(permitted(a, W, true));
	assert_false(permitted(a, A, false));
	a = acc_of(&d1, "/a/public");
	assert_true(permitted(a, R | W, false));
	assert_int_equal(a->deny, 0);
	dfa_free(&d1);
	dfa_free(&d2);
}

static void test_owner_rules(void **state)
{
	const struct dfa_rule rules[] = {
		{ "/home/**", R | W, false, true },
		{ "/tmp/**", R | W, false, false },
		{ "/tmp/x", W, true, true },
	};
	struct dfa d;
	const struct moat_dfa_accept *a;

	compile_ok(rules, 3, &d);
	a = acc_of(&d, "/home/u/f");
	assert_int_equal(a->allow, 0);
	assert_int_equal(a->allow_owner, R | W | A);
	assert_true(permitted(a, R | W, true));
	assert_false(permitted(a, R, false));
	a = acc_of(&d, "/tmp/x");
	assert_int_equal(a->allow, R | W | A);
	assert_int_equal(a->deny_owner, W | A);
	assert_int_equal(a->deny, 0);
	assert_true(permitted(a, W, false));
	assert_false(permitted(a, W, true));
	assert_true(permitted(a, R, true));
	a = acc_of(&d, "/tmp/y");
	assert_true(permitted(a, W, true));
	dfa_free(&d);
}

static void test_write_implies_append(void **state)
{
	const struct dfa_rule rules[] = {
		{ "/log", W, false, false },
		{ "/log2", W, true, false },
		{ "/log3", A, false, false },
		{ "/log4", W, false, true },
		{ "/log5", W, true, true },
	};
	struct dfa d;

	compile_ok(rules, 5, &d);
	assert_int_equal(acc_of(&d, "/log")->allow, W | A);
	assert_int_equal(acc_of(&d, "/log2")->deny, W | A);
	assert_int_equal(acc_of(&d, "/log3")->allow, A);
	assert_int_equal(acc_of(&d, "/log4")->allow_owner, W | A);
	assert_int_equal(acc_of(&d, "/log5")->deny_owner, W | A);
	dfa_free(&d);
}

static void test_union_of_overlapping(void **state)
{
	const struct dfa_rule rules[] = {
		{ "/a/*", R, false, false },
		{ "/a/b", W, false, false },
		{ "/a/{b,c}", K, false, false },
		{ "/a/**", M, false, true },
		{ "/a/c", X, true, false },
		{ "/{a,z}/[bd]", L, true, true },
	};
	struct dfa d;
	const struct moat_dfa_accept *a;

	compile_ok(rules, 6, &d);
	a = acc_of(&d, "/a/b");
	assert_int_equal(a->allow, R | W | A | K);
	assert_int_equal(a->allow_owner, M);
	assert_int_equal(a->deny, 0);
	assert_int_equal(a->deny_owner, L);
	a = acc_of(&d, "/a/c");
	assert_int_equal(a->allow, R | K);
	assert_int_equal(a->deny, X);
	assert_int_equal(a->deny_owner, 0);
	a = acc_of(&d, "/a/d");
	assert_int_equal(a->allow, R);
	assert_int_equal(a->deny_owner, L);
	a = acc_of(&d, "/a/d/e");
	assert_int_equal(a->allow, 0);
	assert_int_equal(a->allow_owner, M);
	a = acc_of(&d, "/z/b");
	assert_int_equal(a->allow | a->allow_owner | a->deny, 0);
	assert_int_equal(a->deny_owner, L);
	dfa_free(&d);
}

static void test_empty_and_unmatched(void **state)
{
	const struct dfa_rule rules[] = {
		{ "/etc/passwd", R, false, false },
		{ "/etc/nothing", 0, false, false },	/* grants nothing */
	};
	struct dfa d;
	uint32_t s;

	compile_ok(NULL, 0, &d);
	assert_int_equal(d.nstates, 1);
	assert_int_equal(d.start, 0);
	assert_int_equal(dfa_match(&d, "/anything"), 0);
	assert_int_equal(dfa_match(&d, ""), 0);
	dfa_free(&d);
	assert_null(d.trans);
	assert_null(d.accept);
	assert_int_equal(d.nstates, 0);

	compile_ok(rules, 2, &d);
	assert_int_equal(acc_of(&d, "/etc/passwd")->allow, R);
	/* a prefix of a rule: a live state that grants nothing */
	s = dfa_match(&d, "/etc/passw");
	assert_int_not_equal(s, 0);
	assert_int_equal(d.accept[s].allow | d.accept[s].allow_owner |
			 d.accept[s].deny | d.accept[s].deny_owner, 0);
	assert_int_equal(dfa_match(&d, "/etc/shadow"), 0);
	assert_int_equal(dfa_match(&d, "/etc/nothing"), 0);
	assert_int_equal(dfa_match(&d, "/x"), 0);
	/* the empty path ends in the start state, which grants nothing */
	assert_int_equal(dfa_match(&d, ""), d.start);
	assert_int_equal(d.accept[d.start].allow, 0);
	dfa_free(&d);
}

static void test_bad_perms(void **state)
{
	const struct dfa_rule r = { "/x", 0x80, false, false };
	struct dfa d;
	char err[256];

	assert_int_equal(dfa_compile(&r, 1, &d, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "permission"));
	assert_null(d.trans);
}

struct ecase {
	const char *glob;
	const char *msg;	/* expected in the error message */
};

static void test_glob_check(void **state)
{
	static const struct ecase bad[] = {
		{ "/a{b", "unbalanced '{'" },
		{ "/{a,b", "unbalanced '{'" },
		{ "/{a,{b,c}", "unbalanced '{'" },
		{ "/{a,[b}]", "unbalanced '{'" },
		{ "/a}b", "unbalanced '}'" },
		{ "/{a,b}}", "unbalanced '}'" },
		{ "/a,b}", "unbalanced '}'" },
		{ "/a[b", "unbalanced '['" },
		{ "/[a-", "unbalanced '['" },
		{ "/[", "unbalanced '['" },
		{ "/a]b", "unbalanced ']'" },
		{ "/a[]", "empty character class" },
		{ "/a[^]", "empty character class" },
		{ "/a[]b]", "empty character class" },
		{ "/a\\", "trailing '\\'" },
		{ "/[a\\", "trailing '\\'" },
		{ "/@{HOME}/x", "variable" },
		{ "/x/@{foo}", "variable" },
		{ "/{a}", "without ','" },
		{ "/{}", "without ','" },
		{ "/{a,{b}}", "without ','" },
		{ "@{HOME}/x", "start with '/'" },
		{ "a/b", "start with '/'" },
		{ "*", "start with '/'" },
		{ "", "empty" },
	};
	static const char *const good[] = {
		"/", "/a,b", "/a@b", "/a@\\{x\\}", "/[@{]", "/[\\]]",
		"/{a,b}", "/{,}", "/**", "/a\\\\", "/\\{", "/\\}", "/\\[",
		"/\\]", "/[{}]", "/[,]", "/{[,],x}",
	};
	char err[256], deep[256];
	size_t i;
	int d;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		err[0] = '\0';
		if (glob_check(bad[i].glob, err, sizeof(err)) != -1 ||
		    !strstr(err, bad[i].msg))
			printf("# glob_check('%s'): '%s', expected '%s'\n",
			       bad[i].glob, err, bad[i].msg);
		assert_int_equal(glob_check(bad[i].glob, err, sizeof(err)), -1);
		assert_non_null(strstr(err, bad[i].msg));
	}
	assert_int_equal(glob_check(NULL, err, sizeof(err)), -1);
	/* the offset is where the construct opens, in the glob as written */
	assert_int_equal(glob_check("//x//{a", err, sizeof(err)), -1);
	assert_non_null(strstr(err, "at offset 5"));

	for (i = 0; i < ARRAY_SIZE(good); i++) {
		err[0] = '\0';
		if (glob_check(good[i], err, sizeof(err)))
			printf("# glob_check('%s'): %s\n", good[i], err);
		assert_int_equal(glob_check(good[i], err, sizeof(err)), 0);
	}
	/* ']' right after '[' closes the class (apparmor_parser's reading) */
	assert_int_equal(glob_check("/[]]x]", err, sizeof(err)), -1);

	/* apparmor_parser's nesting limit: 49 levels of { } pass, 50 fail */
	for (d = 49; d <= 50; d++) {
		int j, n = 0;

		deep[n++] = '/';
		for (j = 0; j < d; j++)
			deep[n++] = '{';
		deep[n++] = 'a';
		for (j = 0; j < d; j++) {
			deep[n++] = ',';
			deep[n++] = '}';
		}
		deep[n] = '\0';
		assert_int_equal(glob_check(deep, err, sizeof(err)),
				 d == 49 ? 0 : -1);
	}
	assert_non_null(strstr(err, "nested too deeply"));
}

static void test_compile_error_names_rule(void **state)
{
	const struct dfa_rule rules[] = {
		{ "/ok/**", R, false, false },
		{ "/bad/{x", R, true, false },
	};
	struct dfa d;
	char err[256];

	assert_int_equal(dfa_compile(rules, 2, &d, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "/bad/{x"));
	assert_non_null(strstr(err, "unbalanced '{'"));
	assert_null(d.trans);
	assert_int_equal(d.nstates, 0);
}

/* docker-default's file rules, abstractions/base-like rules, and file, */
static const struct dfa_rule big_rules[] = {
	{ "/{**,}", ALL, false, false },
	{ DK_PROC_TOP, W, true, false },
	{ DK_PROC_NONPID, W, true, false },
	{ DK_PROC_SYS, W, true, false },
	{ DK_PROC_KERNEL, W, true, false },
	{ "/proc/sysrq-trigger", R | W | K | L | X, true, false },
	{ "/proc/kcore", R | W | K | L | X, true, false },
	{ DK_SYS_F, W | K | L | X, true, false },
	{ DK_SYS_FS, W | K | L | X, true, false },
	{ DK_SYS_FS_C, W | K | L | X, true, false },
	{ DK_SYS_FS_CG, W | K | L | X, true, false },
	{ DK_SYS_FS_CGR, W | K | L | X, true, false },
	{ DK_FIRMWARE, R | W | K | L | X, true, false },
	{ DK_POWERCAP, R | W | K | L | X, true, false },
	{ DK_SECURITY, R | W | K | L | X, true, false },
	{ "/{usr/,}lib{,32,64}/**", R, false, false },
	{ "/{usr/,}lib{,32,64}/**.so*", M | R, false, false },
	{ "/usr/lib/*-linux-gnu*/gconv/*.so", M | R, false, false },
	{ "/usr/lib/locale/**", M | R, false, false },
	{ "/usr/share/locale/**", R, false, false },
	{ "/usr/share/zoneinfo/{,**}", R, false, false },
	{ "/proc/{[1-9],[1-9][0-9],[1-9][0-9][0-9]}/{maps,auxv,status}", R,
	  false, false },
	{ "/proc/[0-9]*/{maps,auxv,status}", R, false, true },
	{ "/proc/[0-9]*/attr/{apparmor/,}current", R, false, false },
	{ "/proc/sys/kernel/{version,ngroups_max,cap_last_cap}", R, false,
	  false },
	{ "/proc/sys/vm/overcommit_memory", R, false, false },
	{ "/proc/{meminfo,stat,cpuinfo,filesystems}", R, false, false },
	{ "/sys/devices/system/cpu/{,online,possible,present}", R, false,
	  false },
	{ "/sys/devices/system/node/node[0-9]*/meminfo", R, false, false },
	{ "/{/run/,/var/run/}systemd/journal/socket", W, false, false },
	{ "/{,var/}run/systemd/journal/{socket,stdout}", W, false, false },
	{ "/dev/log", W, false, false },
	{ "/dev/{null,zero,full}", R | W, false, false },
	{ "/dev/{,u}random", R, false, false },
	{ "/dev/tty", R | W, false, false },
	{ "/dev/pts/[0-9]*", R | W, false, true },
	{ "/etc/ld.so.cache", M | R, false, false },
	{ "/etc/ld.so.conf", R, false, false },
	{ "/etc/ld.so.conf.d/{,*.conf}", R, false, false },
	{ "/etc/ld.so.preload", R, false, false },
	{ "/etc/locale{,.alias,.conf}", R, false, false },
	{ "/etc/localtime", R, false, false },
	{ "/etc/{passwd,group,nsswitch.conf,host.conf,hosts,resolv.conf}", R,
	  false, false },
	{ "/usr/share/X11/locale/**", R, false, false },
	{ "/{usr/,}bin/{,ba,da}sh", M | R | X, false, false },
	{ "/{usr/,}{s,}bin/**", R | X, false, false },
	{ "/var/lib/*/**", R | W | K, false, true },
	{ "/tmp/**", R | W | K | L, false, true },
	{ "/home/*/.cache/**", R | W, false, true },
	{ "/home/*/.ssh/**", R | W, true, false },
	{ "/etc/shadow", R | W, true, false },
	{ "/etc/{g,}shadow-", R | W, true, false },
	{ "/**/.git/**", W, true, false },
	{ "/**.pem", R, true, true },
};

static void test_docker_base_size(void **state)
{
	size_t n = ARRAY_SIZE(big_rules);
	struct timespec t0, t1;
	struct dfa d;
	double ms;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	compile_ok(big_rules, n, &d);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ms = (t1.tv_sec - t0.tv_sec) * 1e3 + (t1.tv_nsec - t0.tv_nsec) / 1e6;
	printf("# docker-default + base-like + file: %zu rules -> %u states, %u classes, %.1f ms\n",
	       n, d.nstates, d.nclasses, ms);
	assert_true(d.nstates < 20000);
	assert_true(d.nclasses <= 80);
	assert_true(ms < 1000.0);

	/* a few decisions through the big automaton */
	assert_int_equal(acc_of(&d, "/proc/sys/kernel/hostname")->deny, W | A);
	assert_int_equal(acc_of(&d, "/proc/sys/kernel/version")->deny, W | A);
	assert_int_equal(acc_of(&d, "/proc/sys/kernel/shmmax")->deny, 0);
	assert_int_equal(acc_of(&d, "/etc/shadow")->deny, R | W | A);
	assert_int_equal(acc_of(&d, "/etc/gshadow-")->deny, R | W | A);
	assert_int_equal(acc_of(&d, "/srv/x/.git/config")->deny, W | A);
	assert_int_equal(acc_of(&d, "/srv/x/.git/config")->allow, ALL);
	assert_int_equal(acc_of(&d, "/etc/ssl/key.pem")->deny_owner, R);
	assert_int_equal(acc_of(&d, "/proc/12/status")->allow_owner, R);
	assert_int_equal(acc_of(&d, "/sys/fs/cgroup/memory.max")->deny, 0);
	dfa_free(&d);
}

/* More states than the kernel takes: a clear error. */
static void test_state_limit(void **state)
{
	/* the DFA must remember which of the last 17 bytes were 'a' */
	const struct dfa_rule r = {
		"/**a????????????????", R, false, false
	};
	struct dfa d;
	char err[512];

	assert_int_equal(dfa_compile(&r, 1, &d, err, sizeof(err)), -1);
	printf("# %s\n", err);
	assert_non_null(strstr(err, "65535"));
	assert_null(d.trans);
}

/*
 * Matching is one table lookup per byte: the automaton keeps no pointer
 * to the rules (they are gone before matching), and a hand-written walk
 * of trans[] gives dfa_match()'s answer.
 */
static void test_per_byte_walk(void **state)
{
	static const char *const paths[] = {
		"/proc/sys/kernel/hostname", "/proc/1/status", "/sys/fs/x/y",
		"/", "/etc/passwd", "/sys/firmware/a/b/c/d/e/f/g/h",
	};
	struct dfa_rule rules[3];
	struct dfa d;
	size_t i, j;

	rules[0] = (struct dfa_rule){ strdup("/proc/sys/kernel/{?,??,[^s][^h][^m]**}"),
				      W, true, false };
	rules[1] = (struct dfa_rule){ strdup("/{**,}"), R, false, false };
	rules[2] = (struct dfa_rule){ strdup("/sys/firmware/**"), R, true,
				      false };
	compile_ok(rules, 3, &d);
	for (i = 0; i < 3; i++) {
		memset((char *)rules[i].glob, 'Z', strlen(rules[i].glob));
		free((char *)rules[i].glob);
	}
	memset(rules, 0xa5, sizeof(rules));

	for (i = 0; i < ARRAY_SIZE(paths); i++) {
		const unsigned char *p = (const unsigned char *)paths[i];
		uint32_t s = d.start, steps = 0;

		for (j = 0; p[j] && s; j++, steps++)
			s = d.trans[s * d.nclasses + d.classmap[p[j]]];
		assert_int_equal(s, dfa_match(&d, paths[i]));
		assert_true(steps <= strlen(paths[i]));
	}
	assert_int_equal(acc_of(&d, "/proc/sys/kernel/hostname")->deny, W | A);
	assert_int_equal(acc_of(&d, "/sys/firmware/a")->deny, R);
	assert_int_equal(acc_of(&d, "/etc/passwd")->allow, R);
	dfa_free(&d);
}

/*
 * Differential check: random globs, also compiled into POSIX EREs the way
 * apparmor_parser builds its PCRE (slash runs collapsed; '*' -> [^/]*,
 * '**' -> .*, '?' -> [^/], a whole-component star run prefixed by [^/];
 * { , } -> ( | )), random rule sets, random paths.
 */
static unsigned int rnd_state = 12345;

static unsigned int rnd(unsigned int n)
{
	rnd_state = rnd_state * 1103515245U + 12345U;
	return (rnd_state >> 16) % n;
}

static void gen_items(char *g, size_t *n, int depth)
{
	static const char *const atoms[] = {
		"a", "b", "/", "/", "*", "**", "***", "?", "[ab]", "[^a]",
		"[^/b]", "\\*", "//", "c",
	};
	int i, count = 1 + rnd(4);

	for (i = 0; i < count; i++) {
		if (depth < 2 && !rnd(5)) {
			int k, alts = 2 + rnd(2);

			g[(*n)++] = '{';
			for (k = 0; k < alts; k++) {
				if (k)
					g[(*n)++] = ',';
				if (rnd(4))
					gen_items(g, n, depth + 1);
			}
			g[(*n)++] = '}';
		} else {
			const char *a = atoms[rnd(ARRAY_SIZE(atoms))];

			memcpy(g + *n, a, strlen(a));
			*n += strlen(a);
		}
	}
	g[*n] = '\0';
}

static void glob_to_ere(const char *glob, char *ere)
{
	char s[256];
	size_t i, j = 0, o = 0;

	for (i = 0; glob[i]; i++)
		if (!(glob[i] == '/' && j && s[j - 1] == '/'))
			s[j++] = glob[i];
	s[j] = '\0';
	ere[o++] = '^';
	for (i = 0; s[i];) {
		if (s[i] == '\\') {
			ere[o++] = '\\';
			ere[o++] = s[i + 1];
			i += 2;
		} else if (s[i] == '*') {
			size_t run = 0;

			while (s[i + run] == '*')
				run++;
			if (ere[o - 1] == '/' &&
			    (s[i + run] == '/' || !s[i + run]))
				o += sprintf(ere + o, "[^/]");
			o += sprintf(ere + o, run > 1 ? ".*" : "[^/]*");
			i += run;
		} else if (s[i] == '?') {
			o += sprintf(ere + o, "[^/]");
			i++;
		} else if (s[i] == '[') {
			while (s[i] != ']')
				ere[o++] = s[i++];
			ere[o++] = s[i++];
		} else {
			ere[o++] = s[i] == '{' ? '(' : s[i] == '}' ? ')' :
				   s[i] == ',' ? '|' : s[i];
			i++;
		}
	}
	ere[o++] = '$';
	ere[o] = '\0';
}

static void test_differential_regex(void **state)
{
	unsigned int iter, hits = 0, checks = 0;

	for (iter = 0; iter < 400; iter++) {
		struct dfa_rule rules[5];
		char globs[5][256], ere[768];
		regex_t re[5];
		struct dfa d, d2;
		struct dfa_rule rev[5];
		unsigned int nr = 1 + rnd(5), i, p;

		for (i = 0; i < nr; i++) {
			size_t n = 1;

			globs[i][0] = '/';
			gen_items(globs[i], &n, 0);
			glob_to_ere(globs[i], ere);
			assert_int_equal(regcomp(&re[i], ere,
						 REG_EXTENDED | REG_NOSUB), 0);
			rules[i].glob = globs[i];
			rules[i].perms = 1 + rnd(ALL);
			rules[i].deny = !rnd(3);
			rules[i].owner = !rnd(3);
		}
		compile_ok(rules, nr, &d);
		for (i = 0; i < nr; i++)
			rev[i] = rules[nr - 1 - i];
		compile_ok(rev, nr, &d2);
		assert_same_dfa(&d, &d2);
		dfa_free(&d2);

		for (p = 0; p < 150; p++) {
			static const char alpha[] = "ab/c*";
			struct moat_dfa_accept want = { 0 };
			const struct moat_dfa_accept *got;
			char path[16];
			unsigned int len = rnd(9), k;

			path[0] = '/';
			for (k = 1; k <= len; k++)
				path[k] = alpha[rnd(p & 1 ? 3 : 5)];
			path[k] = '\0';
			for (i = 0; i < nr; i++) {
				uint32_t pm = rules[i].perms;

				if (regexec(&re[i], path, 0, NULL, 0))
					continue;
				hits++;
				if (pm & W)
					pm |= A;
				if (rules[i].deny && rules[i].owner)
					want.deny_owner |= pm;
				else if (rules[i].deny)
					want.deny |= pm;
				else if (rules[i].owner)
					want.allow_owner |= pm;
				else
					want.allow |= pm;
			}
			got = acc_of(&d, path);
			checks++;
			if (memcmp(got, &want, sizeof(want))) {
				printf("# path '%s':", path);
				for (i = 0; i < nr; i++)
					printf(" '%s'", globs[i]);
				printf("\n");
			}
			assert_memory_equal(got, &want, sizeof(want));
		}
		for (i = 0; i < nr; i++)
			regfree(&re[i]);
		dfa_free(&d);
	}
	printf("# differential: %u paths checked, %u rule matches\n", checks,
	       hits);
	assert_true(hits > checks / 10);
}

/*
 * Found by tests/fuzz/fuzz_apparmor.c: "file," (the rule "/{**,}" with
 * every permission) left a class with no members while the signature
 * vector was still empty, and its hash was taken at NULL + 0 (undefined;
 * UBSan: "applying zero offset to null pointer"). Seen only under
 * -fsanitize=undefined; here the result is checked.
 */
static void test_fuzz_match_all(void **state)
{
	const struct dfa_rule all[] = { { "/{**,}", ALL, false, false } };
	struct dfa d;

	compile_ok(all, 1, &d);
	assert_int_equal(acc_of(&d, "/")->allow, ALL);
	assert_int_equal(acc_of(&d, "/etc/passwd")->allow, ALL);
	assert_int_equal(acc_of(&d, "/a/b/")->allow, ALL);
	assert_int_equal(dfa_match(&d, "x"), 0);
	dfa_free(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_glob_table),
		cmocka_unit_test(test_docker_default),
		cmocka_unit_test(test_deny_wins_any_order),
		cmocka_unit_test(test_owner_rules),
		cmocka_unit_test(test_write_implies_append),
		cmocka_unit_test(test_union_of_overlapping),
		cmocka_unit_test(test_empty_and_unmatched),
		cmocka_unit_test(test_bad_perms),
		cmocka_unit_test(test_glob_check),
		cmocka_unit_test(test_compile_error_names_rule),
		cmocka_unit_test(test_docker_base_size),
		cmocka_unit_test(test_state_limit),
		cmocka_unit_test(test_per_byte_walk),
		cmocka_unit_test(test_differential_regex),
		cmocka_unit_test(test_fuzz_match_all),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
