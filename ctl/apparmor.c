// SPDX-License-Identifier: GPL-2.0
/*
 * moatctl - the AppArmor profile language, as far as moat speaks it
 *
 * One profile, with its includes and variables, is read into a struct
 * aa_profile: file rules with every variable expanded (one rule per
 * combination of values, as apparmor_parser does), capability, network and
 * mount masks, and signal/ptrace peer rules. The globs themselves are left
 * to the automaton compiler (dfa_compile.c).
 *
 * The subset, in short (Documentation/profile-language.rst has it all):
 *
 *  - preamble: comments, "abi <...>," (ignored), include / #include
 *    [if exists] <magic> | "path" | path (a directory includes each of its
 *    files, sorted, skipping what apparmor_parser skips), variables
 *    "@{NAME} = v1 v2" and "@{NAME} += v3";
 *  - exactly one profile: "profile NAME [ATTACHMENT] [flags=(...)] {" or
 *    "/path [flags=(...)] {"; the attachment is ignored (moat attaches
 *    profiles to cgroups, not to executables) and said so in a note;
 *  - rules, each "[allow|deny] [owner] ...,": file rules (path first or
 *    permissions first, "file,"), capability, network FAMILY, bare mount /
 *    remount / umount / unmount / pivot_root, signal, ptrace, and unix rules
 *    (noted: moat mediates AF_UNIX sockets only when they are created).
 *
 * Anything else is refused with "FILE:LINE: ... is not supported by moat",
 * never dropped: a rule moat cannot enforce as written must not be taken
 * for one it does. Errors apparmor_parser itself would report (undefined
 * variables, conflicting permissions, unknown names) are refused too.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/capability.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <linux/capability.h>

#include "apparmor.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

#define AA_DEFAULT_INCLUDE_DIR	"/etc/apparmor.d"
#define AA_INCLUDE_DEPTH_MAX	32
#define AA_VAR_DEPTH_MAX	64
/* Rules one written rule may expand into (cartesian product of variables). */
#define AA_EXPANSIONS_MAX	4096

/* Bare "network," and "capability,": every family / capability the headers know. */
#define AA_NET_ALL	((AF_MAX >= 64) ? ~0ULL : ((1ULL << AF_MAX) - 1))
#define AA_CAP_ALL	((CAP_LAST_CAP >= 63) ? ~0ULL : ((2ULL << CAP_LAST_CAP) - 1))

struct strv {
	char **v;
	size_t n;
};

struct aa_var {
	char *name;
	struct strv vals;	/* quotes removed, variables not yet expanded */
	const char *file;	/* NULL: built in */
	int line;
};

enum aa_state {
	ST_PREAMBLE,		/* before the profile */
	ST_PROFILE,		/* inside its braces */
	ST_DONE,		/* after its closing brace */
};

struct aa_parser {
	struct aa_profile *p;
	const char *include_dir;
	char *err;
	size_t errlen;
	bool failed;

	struct aa_var *vars;
	size_t nvars;
	bool builtins;		/* the built-in tunables were defined */

	/* realpaths of the files being read, outermost first (entries may be NULL) */
	char *stack[AA_INCLUDE_DEPTH_MAX + 1];
	int depth;		/* includes nested below the top file */
	struct strv done;	/* realpaths of files read to the end */

	enum aa_state state;
	const char *prof_file;
	int prof_line;
	int prof_depth;

	/* names of the variables being expanded, for loops */
	const char *chain[AA_VAR_DEPTH_MAX];
	int nchain;
};

struct src {
	const char *text;
	size_t len;
	size_t pos;
	int line;
	const char *file;	/* in p->sources */
};

/* ---- small helpers ---------------------------------------------------- */

static int fail(struct aa_parser *ps, const char *file, int line,
		const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static int fail(struct aa_parser *ps, const char *file, int line,
		const char *fmt, ...)
{
	va_list ap;
	int n;

	if (ps->failed)
		return -1;
	ps->failed = true;
	if (!ps->err || !ps->errlen)
		return -1;
	n = snprintf(ps->err, ps->errlen, "%s:%d: ", file ? file : "?", line);
	if (n < 0 || (size_t)n >= ps->errlen)
		return -1;
	va_start(ap, fmt);
	vsnprintf(ps->err + n, ps->errlen - n, fmt, ap);
	va_end(ap);
	return -1;
}

static int oom(struct aa_parser *ps, const char *file, int line)
{
	return fail(ps, file, line, "out of memory");
}

static int strv_push(struct strv *sv, char *s)
{
	char **v;

	if (!s)
		return -1;
	v = realloc(sv->v, (sv->n + 1) * sizeof(*v));
	if (!v) {
		free(s);
		return -1;
	}
	sv->v = v;
	sv->v[sv->n++] = s;
	return 0;
}

static void strv_free(struct strv *sv)
{
	size_t i;

	for (i = 0; i < sv->n; i++)
		free(sv->v[i]);
	free(sv->v);
	sv->v = NULL;
	sv->n = 0;
}

static bool strv_has(const struct strv *sv, const char *s)
{
	size_t i;

	for (i = 0; i < sv->n; i++)
		if (!strcmp(sv->v[i], s))
			return true;
	return false;
}

/* Remove element i, freeing it. */
static void strv_del(struct strv *sv, size_t i)
{
	free(sv->v[i]);
	memmove(&sv->v[i], &sv->v[i + 1], (sv->n - i - 1) * sizeof(*sv->v));
	sv->n--;
}

/* A growable string. */
struct buf {
	char *s;
	size_t len, cap;
	bool oom;
};

static void buf_addn(struct buf *b, const char *s, size_t n)
{
	if (b->oom)
		return;
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 64;
		char *p;

		while (cap < b->len + n + 1)
			cap *= 2;
		p = realloc(b->s, cap);
		if (!p) {
			b->oom = true;
			return;
		}
		b->s = p;
		b->cap = cap;
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

static void buf_addc(struct buf *b, char c)
{
	buf_addn(b, &c, 1);
}

/* Take the string out of b (never NULL unless out of memory). */
static char *buf_take(struct buf *b)
{
	char *s;

	if (b->oom) {
		free(b->s);
		s = NULL;
	} else {
		s = b->s ? b->s : strdup("");
	}
	memset(b, 0, sizeof(*b));
	return s;
}

static bool starts_with(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

static bool is_space(char c)
{
	return is_blank(c) || c == '\n';
}

static bool valid_var_name(const char *s, size_t n)
{
	size_t i;

	if (!n || !isalpha((unsigned char)s[0]))
		return false;
	for (i = 1; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '_')
			return false;
	return true;
}

/* A token that starts like a path (after unquoting): '/', '@{', '"'. */
static bool pathish(const char *t)
{
	return t[0] == '/' || starts_with(t, "@{") || t[0] == '"';
}

/*
 * Remove double quotes and resolve backslash escapes as apparmor_parser
 * does: an escaped glob character (* ? [ ] { } ^ , \) keeps its backslash
 * for the glob compiler, \" \' and an escaped blank stand for themselves,
 * \n \t \r and three octal digits for the bytes they name; any other
 * backslash is kept as written.
 */
static char *unquote(const char *s)
{
	struct buf b = { 0 };
	size_t i;

	for (i = 0; s[i]; i++) {
		char c = s[i], n;

		if (c == '"')
			continue;
		if (c != '\\' || !s[i + 1]) {
			buf_addc(&b, c);
			continue;
		}
		n = s[++i];
		if (strchr("*?[]{}^,\\", n)) {
			buf_addc(&b, '\\');
			buf_addc(&b, n);
		} else if (n == '"' || n == '\'' || n == ' ' || n == '\t' ||
			   n == '!' || n == '#') {
			buf_addc(&b, n);
		} else if (n == 'n') {
			buf_addc(&b, '\n');
		} else if (n == 't') {
			buf_addc(&b, '\t');
		} else if (n == 'r') {
			buf_addc(&b, '\r');
		} else if (n >= '0' && n <= '3' && s[i + 1] >= '0' &&
			   s[i + 1] <= '7' && s[i + 2] >= '0' && s[i + 2] <= '7') {
			char v = (char)((n - '0') * 64 + (s[i + 1] - '0') * 8 +
					(s[i + 2] - '0'));

			if (v && strchr("*?[]{}^,\\", v))
				buf_addc(&b, '\\');
			buf_addc(&b, v);
			i += 2;
		} else {
			buf_addc(&b, '\\');
			buf_addc(&b, n);
		}
	}
	return buf_take(&b);
}

/*
 * Split a "(a, b c)" list (or a single word) into unquoted words; commas
 * and blanks separate, quotes protect.
 */
static int split_list(const char *t, struct strv *out)
{
	size_t len = strlen(t), i;
	struct buf b = { 0 };
	bool inq = false;

	if (t[0] == '(') {
		if (len < 2 || t[len - 1] != ')')
			return -1;
		t++;
		len -= 2;
	}
	for (i = 0; i <= len; i++) {
		char c = i < len ? t[i] : '\0';

		if (c == '"')
			inq = !inq;
		if (!c || (!inq && (c == ',' || is_space(c)))) {
			char *w;

			if (!b.len && !b.oom)
				continue;
			w = buf_take(&b);
			if (!w)
				return -1;
			if (strv_push(out, unquote(w))) {
				free(w);
				return -1;
			}
			free(w);
			continue;
		}
		if (c == '\\' && i + 1 < len) {
			buf_addc(&b, c);
			c = t[++i];
		}
		buf_addc(&b, c);
	}
	free(b.s);
	return 0;
}

/* Join "key", "=", "value" (and "key=", "value"; "key", "=value") tokens. */
static int join_eq(struct strv *t, size_t from)
{
	size_t i;

	for (i = from; i < t->n; i++) {
		while (i + 1 < t->n) {
			size_t l = strlen(t->v[i]);
			char *j;

			if (!(l && t->v[i][l - 1] == '=') && t->v[i + 1][0] != '=')
				break;
			if (asprintf(&j, "%s%s", t->v[i], t->v[i + 1]) < 0)
				return -1;
			free(t->v[i]);
			t->v[i] = j;
			strv_del(t, i + 1);
		}
	}
	return 0;
}

/* ---- profile output ---------------------------------------------------- */

static const char *add_source(struct aa_parser *ps, const char *path)
{
	struct aa_profile *p = ps->p;
	char **v, *s = strdup(path);

	if (!s)
		return NULL;
	v = realloc(p->sources, (p->nsources + 1) * sizeof(*v));
	if (!v) {
		free(s);
		return NULL;
	}
	p->sources = v;
	p->sources[p->nsources++] = s;
	return s;
}

static int add_note(struct aa_parser *ps, const char *file, int line,
		    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static int add_note(struct aa_parser *ps, const char *file, int line,
		    const char *fmt, ...)
{
	struct aa_profile *p = ps->p;
	char *msg, *note, **v;
	va_list ap;
	size_t i;
	int r;

	va_start(ap, fmt);
	r = vasprintf(&msg, fmt, ap);
	va_end(ap);
	if (r < 0)
		return oom(ps, file, line);
	r = asprintf(&note, "%s:%d: %s", file, line, msg);
	free(msg);
	if (r < 0)
		return oom(ps, file, line);
	for (i = 0; i < p->nnotes; i++) {
		if (!strcmp(p->notes[i], note)) {
			free(note);
			return 0;
		}
	}
	v = realloc(p->notes, (p->nnotes + 1) * sizeof(*v));
	if (!v) {
		free(note);
		return oom(ps, file, line);
	}
	p->notes = v;
	p->notes[p->nnotes++] = note;
	return 0;
}

static int add_file_rule(struct aa_parser *ps, char *glob, uint32_t perms,
			 bool deny, bool owner, const char *file, int line)
{
	struct aa_profile *p = ps->p;
	struct aa_file_rule *v;

	if (!glob)
		return oom(ps, file, line);
	v = realloc(p->files, (p->nfiles + 1) * sizeof(*v));
	if (!v) {
		free(glob);
		return oom(ps, file, line);
	}
	p->files = v;
	v = &p->files[p->nfiles++];
	memset(v, 0, sizeof(*v));
	v->glob = glob;
	v->perms = perms;
	v->deny = deny;
	v->owner = owner;
	v->file = file;
	v->line = line;
	return 0;
}

static int add_peer_rule(struct aa_parser *ps, const struct aa_peer_rule *r,
			 const char *peer)
{
	struct aa_profile *p = ps->p;
	struct aa_peer_rule *v;
	char *copy = NULL;

	if (peer) {
		copy = strdup(peer);
		if (!copy)
			return oom(ps, r->file, r->line);
	}
	v = realloc(p->peers, (p->npeers + 1) * sizeof(*v));
	if (!v) {
		free(copy);
		return oom(ps, r->file, r->line);
	}
	p->peers = v;
	v = &p->peers[p->npeers++];
	*v = *r;
	v->peer = copy;
	return 0;
}

void aa_profile_free(struct aa_profile *p)
{
	size_t i;

	if (!p)
		return;
	free(p->name);
	for (i = 0; i < p->nfiles; i++)
		free(p->files[i].glob);
	free(p->files);
	for (i = 0; i < p->npeers; i++)
		free(p->peers[i].peer);
	free(p->peers);
	for (i = 0; i < p->nnotes; i++)
		free(p->notes[i]);
	free(p->notes);
	for (i = 0; i < p->nsources; i++)
		free(p->sources[i]);
	free(p->sources);
	memset(p, 0, sizeof(*p));
}

/* ---- variables --------------------------------------------------------- */

static struct aa_var *find_var(struct aa_parser *ps, const char *name)
{
	size_t i;

	for (i = 0; i < ps->nvars; i++)
		if (!strcmp(ps->vars[i].name, name))
			return &ps->vars[i];
	return NULL;
}

static struct aa_var *new_var(struct aa_parser *ps, const char *name,
			      const char *file, int line)
{
	struct aa_var *v = realloc(ps->vars, (ps->nvars + 1) * sizeof(*v));

	if (!v)
		return NULL;
	ps->vars = v;
	v = &ps->vars[ps->nvars];
	memset(v, 0, sizeof(*v));
	v->name = strdup(name);
	if (!v->name)
		return NULL;
	v->file = file;
	v->line = line;
	ps->nvars++;
	return v;
}

/* Split a value list ("a b "c d"") into v's values, quotes removed. */
static int var_add_values(struct aa_var *v, const char *text)
{
	struct buf b = { 0 };
	bool inq = false;
	size_t i;

	for (i = 0;; i++) {
		char c = text[i];

		if (c == '"')
			inq = !inq;
		if (!c || (!inq && is_space(c))) {
			char *w;

			if (b.len || b.oom || (i && text[i - 1] == '"')) {
				w = buf_take(&b);
				if (!w || strv_push(&v->vals, unquote(w))) {
					free(w);
					return -1;
				}
				free(w);
			}
			if (!c)
				break;
			continue;
		}
		buf_addc(&b, c);
	}
	return 0;
}

/*
 * The tunables Debian 12's apparmor 3.0.8 defines in
 * /etc/apparmor.d/tunables/global (and the files it includes: home,
 * multiarch, proc, kernelvars, xdg-user-dirs, share, etc, run), used when
 * that file cannot be found so that profiles written against it (Docker's
 * docker-default includes it) still read the same way.
 */
static const struct {
	const char *name, *values;
} builtin_tunables[] = {
	{ "HOME", "@{HOMEDIRS}/*/ /root/" },
	{ "HOMEDIRS", "/home/" },
	{ "multiarch", "*-linux-gnu*" },
	{ "PROC", "/proc/" },
	{ "pid", "{[1-9],[1-9][0-9],[1-9][0-9][0-9],[1-9][0-9][0-9][0-9],"
		 "[1-9][0-9][0-9][0-9][0-9],[1-9][0-9][0-9][0-9][0-9][0-9],"
		 "[1-4][0-9][0-9][0-9][0-9][0-9][0-9]}" },
	{ "tid", "@{pid}" },
	{ "pids", "@{pid}" },
	{ "uid", "{[0-9],[1-9][0-9],[1-9][0-9][0-9],[1-9][0-9][0-9][0-9],"
		 "[1-9][0-9][0-9][0-9][0-9],[1-9][0-9][0-9][0-9][0-9][0-9],"
		 "[1-9][0-9][0-9][0-9][0-9][0-9][0-9],"
		 "[1-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9],"
		 "[1-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9],"
		 "[1-4][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]}" },
	{ "uids", "@{uid}" },
	{ "sys", "/sys/" },
	{ "XDG_DESKTOP_DIR", "Desktop" },
	{ "XDG_DOWNLOAD_DIR", "Downloads" },
	{ "XDG_TEMPLATES_DIR", "Templates" },
	{ "XDG_PUBLICSHARE_DIR", "Public" },
	{ "XDG_DOCUMENTS_DIR", "Documents" },
	{ "XDG_MUSIC_DIR", "Music" },
	{ "XDG_PICTURES_DIR", "Pictures" },
	{ "XDG_VIDEOS_DIR", "Videos" },
	{ "flatpak_exports_root",
	  "{flatpak/exports,flatpak/{app,runtime}/*/*/*/*/export}" },
	{ "system_share_dirs",
	  "/{usr,usr/local,var/lib/@{flatpak_exports_root}}/share" },
	{ "user_share_dirs",
	  "@{HOME}/.local{,/share/@{flatpak_exports_root}}/share" },
	{ "etc_ro", "/etc/ /usr/etc/" },
	{ "etc_rw", "/etc/" },
	{ "run", "/run/ /var/run/" },
};

static int define_builtins(struct aa_parser *ps, const char *file, int line)
{
	size_t i;

	ps->builtins = true;
	for (i = 0; i < ARRAY_SIZE(builtin_tunables); i++) {
		struct aa_var *v;

		if (find_var(ps, builtin_tunables[i].name))
			continue;
		v = new_var(ps, builtin_tunables[i].name, NULL, 0);
		if (!v || var_add_values(v, builtin_tunables[i].values))
			return oom(ps, file, line);
	}
	return 0;
}

/*
 * Find the next "@{NAME}" in s. Returns its start (NULL: none) and sets
 * *name, *end; a malformed reference is an error (-1 in *bad).
 */
static const char *next_ref(const char *s, const char **name, size_t *nlen,
			    const char **end, bool *bad)
{
	const char *at;

	*bad = false;
	for (at = s; (at = strstr(at, "@{")); at += 2) {
		const char *close;

		if (at > s && at[-1] == '\\')
			continue;
		close = strchr(at + 2, '}');
		if (!close || !valid_var_name(at + 2, close - at - 2)) {
			*bad = true;
			return at;
		}
		*name = at + 2;
		*nlen = close - at - 2;
		*end = close + 1;
		return at;
	}
	return NULL;
}

struct expansion {
	struct aa_parser *ps;
	const char *file;
	int line;
	struct strv *out;
};

static int var_values(struct expansion *e, const char *name, struct strv *out);

/* Append prefix + every expansion of rest to e->out. */
static int expand_rest(struct expansion *e, const char *prefix, const char *rest)
{
	const char *name, *end, *at;
	struct strv vals = { 0 };
	char nm[256];
	size_t nlen, i;
	bool bad;
	int r = 0;

	at = next_ref(rest, &name, &nlen, &end, &bad);
	if (bad)
		return fail(e->ps, e->file, e->line,
			    "malformed variable reference in '%s'", rest);
	if (!at) {
		char *s;

		if (e->out->n >= AA_EXPANSIONS_MAX)
			return fail(e->ps, e->file, e->line,
				    "variables expand into more than %d rules",
				    AA_EXPANSIONS_MAX);
		if (asprintf(&s, "%s%s", prefix, rest) < 0 || strv_push(e->out, s))
			return oom(e->ps, e->file, e->line);
		return 0;
	}
	if (nlen >= sizeof(nm))
		return fail(e->ps, e->file, e->line, "variable name too long");
	memcpy(nm, name, nlen);
	nm[nlen] = '\0';
	if (var_values(e, nm, &vals)) {
		strv_free(&vals);
		return -1;
	}
	for (i = 0; i < vals.n && !r; i++) {
		char *p;

		if (asprintf(&p, "%s%.*s%s", prefix, (int)(at - rest), rest,
			     vals.v[i]) < 0) {
			r = oom(e->ps, e->file, e->line);
			break;
		}
		r = expand_rest(e, p, end);
		free(p);
	}
	strv_free(&vals);
	return r;
}

/* Every value of @{name}, fully expanded, in definition order. */
static int var_values(struct expansion *e, const char *name, struct strv *out)
{
	struct aa_parser *ps = e->ps;
	struct expansion sub = *e;
	struct aa_var *v;
	size_t i;
	int k, r = 0;

	if (!strcmp(name, "profile_name")) {
		if (!ps->p->name)
			return fail(ps, e->file, e->line,
				    "@{profile_name} used outside a profile");
		if (strv_push(out, strdup(ps->p->name)))
			return oom(ps, e->file, e->line);
		return 0;
	}
	v = find_var(ps, name);
	if (!v)
		return fail(ps, e->file, e->line, "undefined variable @{%s}", name);
	for (k = 0; k < ps->nchain; k++) {
		if (strcmp(ps->chain[k], name))
			continue;
		{
			struct buf b = { 0 };
			char *s;
			int j;

			for (j = k; j < ps->nchain; j++) {
				buf_addn(&b, "@{", 2);
				buf_addn(&b, ps->chain[j], strlen(ps->chain[j]));
				buf_addn(&b, "} -> ", 5);
			}
			buf_addn(&b, "@{", 2);
			buf_addn(&b, name, strlen(name));
			buf_addc(&b, '}');
			s = buf_take(&b);
			fail(ps, e->file, e->line,
			     "variable @{%s} refers to itself (%s)", name,
			     s ? s : "");
			free(s);
			return -1;
		}
	}
	if (ps->nchain >= AA_VAR_DEPTH_MAX)
		return fail(ps, e->file, e->line,
			    "variables nested deeper than %d", AA_VAR_DEPTH_MAX);
	ps->chain[ps->nchain++] = v->name;
	sub.out = out;
	for (i = 0; i < v->vals.n && !r; i++)
		r = expand_rest(&sub, "", v->vals.v[i]);
	ps->nchain--;
	return r;
}

/* Expand every variable in s: one string per combination of values. */
static int expand(struct aa_parser *ps, const char *s, const char *file,
		  int line, struct strv *out)
{
	struct expansion e = { ps, file, line, out };

	ps->nchain = 0;
	return expand_rest(&e, "", s);
}

/* ---- rule tables ------------------------------------------------------- */


static const struct {
	const char *name;
	int af;
} net_families[] = {
	{ "unix", AF_UNIX },
	{ "inet", AF_INET },
	{ "ax25", AF_AX25 },
	{ "ipx", AF_IPX },
	{ "appletalk", AF_APPLETALK },
	{ "netrom", AF_NETROM },
	{ "bridge", AF_BRIDGE },
	{ "atmpvc", AF_ATMPVC },
	{ "x25", AF_X25 },
	{ "inet6", AF_INET6 },
	{ "rose", AF_ROSE },
	{ "netbeui", AF_NETBEUI },
	{ "security", AF_SECURITY },
	{ "key", AF_KEY },
	{ "netlink", AF_NETLINK },
	{ "packet", AF_PACKET },
	{ "ash", AF_ASH },
	{ "econet", AF_ECONET },
	{ "atmsvc", AF_ATMSVC },
	{ "rds", AF_RDS },
	{ "sna", AF_SNA },
	{ "irda", AF_IRDA },
	{ "pppox", AF_PPPOX },
	{ "wanpipe", AF_WANPIPE },
	{ "llc", AF_LLC },
	{ "ib", AF_IB },
	{ "mpls", AF_MPLS },
	{ "can", AF_CAN },
	{ "tipc", AF_TIPC },
	{ "bluetooth", AF_BLUETOOTH },
	{ "iucv", AF_IUCV },
	{ "rxrpc", AF_RXRPC },
	{ "isdn", AF_ISDN },
	{ "phonet", AF_PHONET },
	{ "ieee802154", AF_IEEE802154 },
	{ "caif", AF_CAIF },
	{ "alg", AF_ALG },
	{ "nfc", AF_NFC },
	{ "vsock", AF_VSOCK },
	{ "kcm", AF_KCM },
	{ "qipcrtr", AF_QIPCRTR },
	{ "smc", AF_SMC },
	{ "xdp", AF_XDP },
	{ "mctp", AF_MCTP },
};

/* The family's name in network rules ("inet", "alg"), or NULL. */
const char *aa_family_name(int af)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(net_families); i++)
		if (net_families[i].af == af)
			return net_families[i].name;
	return NULL;
}

/* Socket types and protocols a network rule may name after the family. */
static const char *const net_qualifiers[] = {
	"stream", "dgram", "seqpacket", "rdm", "raw", "packet",
	"tcp", "udp", "icmp", NULL,
};

/*
 * Signal names of AppArmor's set=(...) with their Linux x86 numbers. "emt"
 * (SIGEMT) does not exist on x86: accepted, it names no signal here.
 */
static const struct {
	const char *name;
	int sig;
} signal_names[] = {
	{ "hup", 1 }, { "int", 2 }, { "quit", 3 }, { "ill", 4 },
	{ "trap", 5 }, { "abrt", 6 }, { "bus", 7 }, { "fpe", 8 },
	{ "kill", 9 }, { "usr1", 10 }, { "segv", 11 }, { "usr2", 12 },
	{ "pipe", 13 }, { "alrm", 14 }, { "term", 15 }, { "stkflt", 16 },
	{ "chld", 17 }, { "cont", 18 }, { "stop", 19 }, { "stp", 20 },
	{ "tstp", 20 }, { "ttin", 21 }, { "ttou", 22 }, { "urg", 23 },
	{ "xcpu", 24 }, { "xfsz", 25 }, { "vtalrm", 26 }, { "prof", 27 },
	{ "winch", 28 }, { "io", 29 }, { "poll", 29 }, { "pwr", 30 },
	{ "sys", 31 }, { "emt", 0 },
};

/*
 * The kernel's SIGRTMIN: AppArmor's rtmin+N is signal 32 + N (the kernel
 * maps signal numbers from its own SIGRTMIN, not from glibc's, which
 * reserves two), so rtmin+0 .. rtmin+32 are signals 32 .. 64.
 */
#define AA_KERNEL_SIGRTMIN	32
#define AA_RTMIN_MAX		32

/* Exec modes, longest first; all of them are x (and m) to moat. */
static const char *const exec_modes[] = {
	"pix", "Pix", "cix", "Cix", "pux", "PUx", "cux", "CUx",
	"ix", "px", "Px", "cx", "Cx", "ux", "Ux", NULL,
};

/* ---- rules ------------------------------------------------------------- */

struct rule {
	struct aa_parser *ps;
	const char *file;
	int line;
	bool deny;
	bool owner;
};

/*
 * Permissions of a file rule. apparmor_parser's own checks are kept: 'x'
 * alone only in deny rules, exec modes only in allow rules, one exec mode
 * per rule, never 'w' with 'a'.
 */
static int file_perms(struct rule *r, const char *s, uint32_t *out)
{
	uint32_t perms = 0;
	const char *exec = NULL;
	size_t i;

	if (!*s)
		return fail(r->ps, r->file, r->line, "file rule without permissions");
	for (i = 0; s[i];) {
		size_t k;

		switch (s[i]) {
		case 'r':
			perms |= MOAT_FILE_READ;
			i++;
			continue;
		case 'w':
			perms |= MOAT_FILE_WRITE;
			i++;
			continue;
		case 'a':
			perms |= MOAT_FILE_APPEND;
			i++;
			continue;
		case 'l':
			perms |= MOAT_FILE_LINK;
			i++;
			continue;
		case 'k':
			perms |= MOAT_FILE_LOCK;
			i++;
			continue;
		case 'm':
			perms |= MOAT_FILE_MMAP_EXEC;
			i++;
			continue;
		case 'x':
			if (!r->deny)
				return fail(r->ps, r->file, r->line,
					    "'x' without an exec mode (ix, px, cx, ux, ...) in '%s': a bare 'x' is only allowed in deny rules",
					    s);
			if (exec)
				return fail(r->ps, r->file, r->line,
					    "conflicting exec modes in '%s'", s);
			exec = "x";
			perms |= MOAT_FILE_EXEC;
			i++;
			continue;
		default:
			break;
		}
		for (k = 0; exec_modes[k]; k++)
			if (starts_with(s + i, exec_modes[k]))
				break;
		if (!exec_modes[k])
			return fail(r->ps, r->file, r->line,
				    "bad permission '%c' in '%s'", s[i], s);
		if (r->deny)
			return fail(r->ps, r->file, r->line,
				    "exec mode '%s' in a deny rule: deny rules take a bare 'x'",
				    exec_modes[k]);
		if (exec)
			return fail(r->ps, r->file, r->line,
				    "conflicting exec modes in '%s'", s);
		exec = exec_modes[k];
		/*
		 * An exec mode also grants the executable mapping (m) that
		 * running the file needs: the kernel's AppArmor lets a file
		 * granted only "ix" be mapped PROT_EXEC (measured by the
		 * differential test, tests/vm/data/custom.apparmor).
		 */
		perms |= MOAT_FILE_EXEC | MOAT_FILE_MMAP_EXEC;
		i += strlen(exec_modes[k]);
	}
	if ((perms & MOAT_FILE_WRITE) && (perms & MOAT_FILE_APPEND))
		return fail(r->ps, r->file, r->line,
			    "conflicting permissions 'w' and 'a' in '%s' (w implies a)",
			    s);
	*out = perms;
	return 0;
}

static int file_rule(struct rule *r, struct strv *t, size_t i)
{
	struct aa_parser *ps = r->ps;
	const char *path, *mode;
	struct strv globs = { 0 };
	uint32_t perms = 0;
	size_t k;
	char *u;
	int ret = 0;

	if (i < t->n && !strcmp(t->v[i], "file")) {
		i++;
		if (i == t->n) {
			/* "file,": every path, every permission */
			return add_file_rule(ps, strdup("/{**,}"), MOAT_FILE_ALL,
					     r->deny, r->owner, r->file, r->line);
		}
	}
	for (k = i; k < t->n; k++)
		if (strstr(t->v[k], "->"))
			return fail(ps, r->file, r->line,
				    "exec transitions ('->') are not supported by moat");
	if (t->n - i == 1)
		return fail(ps, r->file, r->line,
			    "file rule '%s' without permissions", t->v[i]);
	if (t->n - i > 2)
		return fail(ps, r->file, r->line,
			    "unexpected '%s' in file rule", t->v[i + 2]);
	if (pathish(t->v[i])) {
		path = t->v[i];
		mode = t->v[i + 1];
	} else if (pathish(t->v[i + 1])) {
		mode = t->v[i];
		path = t->v[i + 1];
	} else {
		return fail(ps, r->file, r->line,
			    "unexpected '%s' in file rule (a path starts with '/')",
			    t->v[i]);
	}
	if (file_perms(r, mode, &perms))
		return -1;
	u = unquote(path);
	if (!u)
		return oom(ps, r->file, r->line);
	if (expand(ps, u, r->file, r->line, &globs)) {
		free(u);
		strv_free(&globs);
		return -1;
	}
	free(u);
	for (k = 0; k < globs.n && !ret; k++) {
		if (globs.v[k][0] != '/') {
			ret = fail(ps, r->file, r->line,
				   "path '%s' is not absolute", globs.v[k]);
			break;
		}
		ret = add_file_rule(ps, globs.v[k], perms, r->deny, r->owner,
				    r->file, r->line);
		globs.v[k] = NULL;
	}
	strv_free(&globs);
	return ret;
}

static int capability_rule(struct rule *r, struct strv *t, size_t i)
{
	uint64_t caps = 0;
	size_t k;

	if (i == t->n)
		caps = AA_CAP_ALL;
	for (; i < t->n; i++) {
		char name[64];
		cap_value_t v;

		/*
		 * AppArmor's names are capabilities(7)'s, lower case, without
		 * CAP_: libcap's table, which the JSON compiler uses too.
		 */
		k = strspn(t->v[i], "abcdefghijklmnopqrstuvwxyz_");
		if (t->v[i][k] || !k || strlen(t->v[i]) > 48 ||
		    !strncmp(t->v[i], "cap_", 4) ||
		    (snprintf(name, sizeof(name), "cap_%s", t->v[i]),
		     cap_from_name(name, &v)) || v < 0 || v > CAP_LAST_CAP)
			return fail(r->ps, r->file, r->line,
				    "unknown capability '%s'", t->v[i]);
		caps |= 1ULL << v;
	}
	if (r->deny)
		r->ps->p->cap_deny |= caps;
	else
		r->ps->p->cap_allow |= caps;
	return 0;
}

static int network_rule(struct rule *r, struct strv *t, size_t i)
{
	uint64_t fams = AA_NET_ALL;
	size_t k;

	if (i < t->n) {
		for (k = 0; k < ARRAY_SIZE(net_families); k++)
			if (!strcmp(t->v[i], net_families[k].name))
				break;
		if (k == ARRAY_SIZE(net_families)) {
			for (k = 0; net_qualifiers[k]; k++)
				if (!strcmp(t->v[i], net_qualifiers[k]))
					break;
			if (net_qualifiers[k])
				return fail(r->ps, r->file, r->line,
					    "network socket type/protocol ('%s') is not supported by moat: name an address family only",
					    t->v[i]);
			if (t->v[i][0] == '(' || strchr(t->v[i], '='))
				return fail(r->ps, r->file, r->line,
					    "network permissions and conditions ('%s') are not supported by moat",
					    t->v[i]);
			return fail(r->ps, r->file, r->line,
				    "unknown network family '%s'", t->v[i]);
		}
		fams = 1ULL << net_families[k].af;
		if (i + 1 < t->n)
			return fail(r->ps, r->file, r->line,
				    "network socket type/protocol ('%s %s') is not supported by moat: name an address family only",
				    t->v[i], t->v[i + 1]);
	}
	if (r->deny)
		r->ps->p->net_deny |= fams;
	else
		r->ps->p->net_allow |= fams;
	return 0;
}

static int mount_rule(struct rule *r, struct strv *t, size_t i, uint32_t op)
{
	if (i < t->n)
		return fail(r->ps, r->file, r->line,
			    "%s rules with conditions or paths ('%s') are not supported by moat: only a bare '%s,'",
			    t->v[i - 1], t->v[i], t->v[i - 1]);
	if (r->deny)
		r->ps->p->mount_deny |= op;
	else
		r->ps->p->mount_allow |= op;
	return 0;
}

/* Parse "set=..." into rule->signals. */
static int signal_set(struct rule *r, struct aa_peer_rule *pr, const char *v)
{
	struct strv sigs = { 0 };
	size_t i, k;
	int ret = 0;

	if (split_list(v, &sigs)) {
		strv_free(&sigs);
		return fail(r->ps, r->file, r->line, "bad signal set '%s'", v);
	}
	pr->has_signals = true;
	for (i = 0; i < sigs.n && !ret; i++) {
		const char *s = sigs.v[i];

		if (!strcmp(s, "exists")) {
			pr->signal_exists = true;
			continue;
		}
		if (starts_with(s, "rtmin+")) {
			char *end;
			unsigned long n;

			errno = 0;
			n = strtoul(s + 6, &end, 10);
			if (!isdigit((unsigned char)s[6]) || *end || errno ||
			    n > AA_RTMIN_MAX) {
				ret = fail(r->ps, r->file, r->line,
					   "unknown signal '%s'", s);
				break;
			}
			pr->signals |= 1ULL << (AA_KERNEL_SIGRTMIN + n - 1);
			continue;
		}
		for (k = 0; k < ARRAY_SIZE(signal_names); k++)
			if (!strcmp(s, signal_names[k].name))
				break;
		if (k == ARRAY_SIZE(signal_names)) {
			ret = fail(r->ps, r->file, r->line,
				   "unknown signal '%s'", s);
			break;
		}
		if (signal_names[k].sig)
			pr->signals |= 1ULL << (signal_names[k].sig - 1);
	}
	strv_free(&sigs);
	return ret;
}

static int peer_perm(struct rule *r, uint8_t class, const char *w, uint32_t *perms)
{
	if (class == MOAT_PEER_SIGNAL) {
		if (!strcmp(w, "send") || !strcmp(w, "w") || !strcmp(w, "write"))
			*perms |= MOAT_SIGNAL_SEND;
		else if (!strcmp(w, "receive") || !strcmp(w, "r") ||
			 !strcmp(w, "read"))
			*perms |= MOAT_SIGNAL_RECEIVE;
		else if (!strcmp(w, "rw") || !strcmp(w, "wr"))
			*perms |= MOAT_SIGNAL_ALL;
		else
			return fail(r->ps, r->file, r->line,
				    "unknown signal permission '%s'", w);
		return 0;
	}
	/* as apparmor_parser: r is read, w (write) is trace */
	if (!strcmp(w, "trace") || !strcmp(w, "w") || !strcmp(w, "write"))
		*perms |= MOAT_PTRACE_TRACE;
	else if (!strcmp(w, "tracedby"))
		*perms |= MOAT_PTRACE_TRACEDBY;
	else if (!strcmp(w, "read") || !strcmp(w, "r"))
		*perms |= MOAT_PTRACE_READ;
	else if (!strcmp(w, "readby"))
		*perms |= MOAT_PTRACE_READBY;
	else if (!strcmp(w, "rw") || !strcmp(w, "wr"))
		*perms |= MOAT_PTRACE_READ | MOAT_PTRACE_TRACE;
	else
		return fail(r->ps, r->file, r->line,
			    "unknown ptrace permission '%s'", w);
	return 0;
}

/* Check one expanded peer label: a plain profile name. */
static int check_peer(struct rule *r, const char *peer)
{
	if (!*peer)
		return fail(r->ps, r->file, r->line, "empty peer");
	if (strpbrk(peer, "*?[{"))
		return fail(r->ps, r->file, r->line,
			    "peer globs are not supported by moat (peer '%s')",
			    peer);
	if (peer[0] == ':' || peer[0] == '&' || strstr(peer, "//"))
		return fail(r->ps, r->file, r->line,
			    "label namespaces, stacks and child profiles in peer ('%s') are not supported by moat",
			    peer);
	return 0;
}

/* signal and ptrace rules */
static int peer_rule(struct rule *r, struct strv *t, size_t i, uint8_t class)
{
	const char *kw = class == MOAT_PEER_SIGNAL ? "signal" : "ptrace";
	struct aa_peer_rule pr = { 0 };
	const char *peer = NULL;
	struct strv peers = { 0 };
	size_t k;
	int ret = 0;

	pr.class = class;
	pr.deny = r->deny;
	pr.file = r->file;
	pr.line = r->line;
	if (join_eq(t, i))
		return oom(r->ps, r->file, r->line);
	if (i < t->n && !strchr(t->v[i], '=')) {
		struct strv w = { 0 };

		if (split_list(t->v[i], &w)) {
			strv_free(&w);
			return fail(r->ps, r->file, r->line,
				    "bad %s permissions '%s'", kw, t->v[i]);
		}
		for (k = 0; k < w.n && !ret; k++)
			ret = peer_perm(r, class, w.v[k], &pr.perms);
		strv_free(&w);
		if (ret)
			return -1;
		i++;
	}
	if (!pr.perms)
		pr.perms = class == MOAT_PEER_SIGNAL ? MOAT_SIGNAL_ALL : MOAT_PTRACE_ALL;
	for (; i < t->n; i++) {
		const char *c = t->v[i];

		if (class == MOAT_PEER_SIGNAL && starts_with(c, "set=")) {
			if (signal_set(r, &pr, c + 4))
				return -1;
		} else if (starts_with(c, "peer=")) {
			if (peer)
				return fail(r->ps, r->file, r->line,
					    "more than one peer= in a %s rule", kw);
			peer = c + 5;
			if (peer[0] == '(')
				return fail(r->ps, r->file, r->line,
					    "%s peer=(...) conditions are not supported by moat",
					    kw);
		} else {
			return fail(r->ps, r->file, r->line,
				    "%s condition '%s' is not supported by moat",
				    kw, c);
		}
	}
	if (!peer)
		return add_peer_rule(r->ps, &pr, NULL);
	{
		char *u = unquote(peer);

		if (!u)
			return oom(r->ps, r->file, r->line);
		ret = expand(r->ps, u, r->file, r->line, &peers);
		free(u);
	}
	for (k = 0; k < peers.n && !ret; k++) {
		ret = check_peer(r, peers.v[k]);
		if (!ret)
			ret = add_peer_rule(r->ps, &pr, peers.v[k]);
	}
	strv_free(&peers);
	return ret;
}

static const char *const unix_perms[] = {
	"create", "bind", "listen", "accept", "connect", "shutdown", "getattr",
	"setattr", "getopt", "setopt", "send", "receive", "r", "w", "rw", "wr",
	"read", "write", NULL,
};

static const char *const unix_conds[] = {
	"type", "protocol", "addr", "label", "attr", "opt", "peer", NULL,
};

static bool in_list(const char *const *list, const char *s)
{
	size_t i;

	for (i = 0; list[i]; i++)
		if (!strcmp(list[i], s))
			return true;
	return false;
}

/*
 * unix rules: moat sees AF_UNIX sockets only when they are created (the
 * network mask). A rule that may create sockets grants AF_UNIX there; what
 * it says about addresses, peers and the other operations is not enforced,
 * and each rule gets a note that says so.
 */
static int unix_rule(struct rule *r, struct strv *t, size_t i)
{
	bool create = true;
	size_t k;

	if (r->deny)
		return fail(r->ps, r->file, r->line,
			    "deny unix rules are not supported by moat (it mediates AF_UNIX sockets only at creation: use 'deny network unix,')");
	if (join_eq(t, i))
		return oom(r->ps, r->file, r->line);
	if (i < t->n && !strchr(t->v[i], '=')) {
		struct strv w = { 0 };

		if (split_list(t->v[i], &w)) {
			strv_free(&w);
			return fail(r->ps, r->file, r->line,
				    "bad unix permissions '%s'", t->v[i]);
		}
		create = false;
		for (k = 0; k < w.n; k++) {
			if (!in_list(unix_perms, w.v[k])) {
				fail(r->ps, r->file, r->line,
				     "unknown unix permission '%s'", w.v[k]);
				strv_free(&w);
				return -1;
			}
			if (!strcmp(w.v[k], "create"))
				create = true;
		}
		strv_free(&w);
		i++;
	}
	for (; i < t->n; i++) {
		const char *eq = strchr(t->v[i], '=');
		char key[32];

		if (!eq || (size_t)(eq - t->v[i]) >= sizeof(key))
			return fail(r->ps, r->file, r->line,
				    "unexpected '%s' in unix rule", t->v[i]);
		memcpy(key, t->v[i], eq - t->v[i]);
		key[eq - t->v[i]] = '\0';
		if (!in_list(unix_conds, key))
			return fail(r->ps, r->file, r->line,
				    "unknown unix rule condition '%s'", key);
	}
	if (create)
		r->ps->p->net_allow |= 1ULL << AF_UNIX;
	return add_note(r->ps, r->file, r->line,
			"unix rule: moat mediates AF_UNIX sockets only at creation (network rules)");
}

/* Keywords of AppArmor rules moat does not take, for clear messages. */
static const struct {
	const char *kw, *what;
} unsupported[] = {
	{ "dbus", "dbus rules" },
	{ "mqueue", "mqueue rules" },
	{ "userns", "userns rules" },
	{ "io_uring", "io_uring rules" },
	{ "change_profile", "change_profile rules" },
	{ "rlimit", "rlimit rules" },
	{ "set", "'set rlimit' rules" },
	{ "alias", "alias rules" },
	{ "rewrite", "alias rules" },
	{ "link", "link rules" },
	{ "all", "'all' rules" },
	{ "if", "conditionals ('if')" },
	{ "else", "conditionals ('else')" },
	{ "hat", "hats" },
	{ "profile", "child profiles" },
	{ "priority", "rule priorities" },
	{ "prompt", "prompt rules" },
	{ "quiet", "quiet rules" },
	{ "kill", "kill rules" },
	{ "complain", "complain rules" },
};

static const char *unsupported_what(const char *kw)
{
	size_t i;

	if (kw[0] == '^')
		return "hats";
	for (i = 0; i < ARRAY_SIZE(unsupported); i++)
		if (!strcmp(kw, unsupported[i].kw))
			return unsupported[i].what;
	return NULL;
}

/* A comma-terminated statement inside the profile. */
/*
 * A word that starts a rule, inside another rule's words: the comma that
 * should end the first is missing ("capability" then "file," on the next
 * line reads as "capability file,"). "unix" is also a network family.
 */
static bool missing_comma(const struct strv *t, size_t kw, const char **word)
{
	static const char *const starts[] = {
		"deny", "allow", "owner", "audit", "file", "capability",
		"network", "mount", "remount", "umount", "unmount",
		"pivot_root", "signal", "ptrace", "unix", "dbus", "include",
		"#include", "profile", NULL,
	};
	size_t j, k;

	for (j = kw + 1; j < t->n; j++) {
		for (k = 0; starts[k]; k++) {
			if (strcmp(t->v[j], starts[k]))
				continue;
			if (!strcmp(starts[k], "unix") &&
			    !strcmp(t->v[kw], "network"))
				continue;
			*word = t->v[j];
			return true;
		}
	}
	return false;
}

static int parse_rule(struct aa_parser *ps, struct strv *t, const char *file,
		      int line)
{
	struct rule r = { ps, file, line, false, false };
	bool allow = false;
	const char *kw, *what;
	size_t i;

	for (i = 0; i < t->n; i++) {
		const char *q = t->v[i];

		if (!strcmp(q, "audit"))
			return fail(ps, file, line,
				    "audit rules are not supported by moat");
		if (!strcmp(q, "allow") || !strcmp(q, "deny")) {
			if (allow || r.deny)
				return fail(ps, file, line,
					    "more than one of allow/deny in a rule");
			if (r.owner)
				return fail(ps, file, line,
					    "'%s' must come before 'owner'", q);
			if (q[0] == 'd')
				r.deny = true;
			else
				allow = true;
		} else if (!strcmp(q, "owner") || !strcmp(q, "user")) {
			if (r.owner)
				return fail(ps, file, line, "'owner' given twice");
			r.owner = true;
		} else if (!strcmp(q, "other")) {
			return fail(ps, file, line,
				    "'other' rules are not supported by moat");
		} else if (starts_with(q, "priority=") || !strcmp(q, "priority")) {
			return fail(ps, file, line,
				    "rule priorities are not supported by moat");
		} else {
			break;
		}
	}
	if (i == t->n)
		return fail(ps, file, line, "rule without a body");
	kw = t->v[i];
	if (missing_comma(t, i, &what))
		return fail(ps, file, line,
			    "missing ',' before '%s': every rule ends with a comma",
			    what);

	/* "PATH PERMS", "PERMS PATH" (perms: letters of file modes only), "file ..." */
	if (!strcmp(kw, "file") || pathish(kw) ||
	    (i + 1 < t->n && pathish(t->v[i + 1]) &&
	     strspn(kw, "rwalkmxipucPUC") == strlen(kw)))
		return file_rule(&r, t, i);

	if (r.owner)
		return fail(ps, file, line,
			    "'owner' on %s rules is not supported by moat (file rules only)",
			    kw);
	i++;
	if (!strcmp(kw, "capability"))
		return capability_rule(&r, t, i);
	if (!strcmp(kw, "network"))
		return network_rule(&r, t, i);
	if (!strcmp(kw, "mount") || !strcmp(kw, "remount"))
		return mount_rule(&r, t, i, MOAT_MNT_MOUNT);
	if (!strcmp(kw, "umount") || !strcmp(kw, "unmount"))
		return mount_rule(&r, t, i, MOAT_MNT_UMOUNT);
	if (!strcmp(kw, "pivot_root"))
		return mount_rule(&r, t, i, MOAT_MNT_PIVOT_ROOT);
	if (!strcmp(kw, "signal"))
		return peer_rule(&r, t, i, MOAT_PEER_SIGNAL);
	if (!strcmp(kw, "ptrace"))
		return peer_rule(&r, t, i, MOAT_PEER_PTRACE);
	if (!strcmp(kw, "unix"))
		return unix_rule(&r, t, i);
	what = unsupported_what(kw);
	if (what)
		return fail(ps, file, line, "%s are not supported by moat", what);
	return fail(ps, file, line,
		    "unknown rule keyword '%s' (moat takes file, capability, network, mount, umount, pivot_root, signal, ptrace and unix rules)",
		    kw);
}

/* ---- profile header and statements ------------------------------------- */

static int profile_flags(struct aa_parser *ps, const char *v, const char *file,
			 int line)
{
	struct strv f = { 0 };
	size_t i;
	int ret = 0;

	if (split_list(v, &f)) {
		strv_free(&f);
		return fail(ps, file, line, "bad profile flags '%s'", v);
	}
	for (i = 0; i < f.n && !ret; i++) {
		if (!strcmp(f.v[i], "attach_disconnected"))
			ps->p->flags |= MOAT_PATH_F_ATTACH_DISCONNECTED;
		else if (!strcmp(f.v[i], "mediate_deleted"))
			ps->p->flags |= MOAT_PATH_F_MEDIATE_DELETED;
		else if (strcmp(f.v[i], "enforce") &&
			 strcmp(f.v[i], "namespace_relative"))
			ret = fail(ps, file, line,
				   "profile flag '%s' is not supported by moat",
				   f.v[i]);
	}
	strv_free(&f);
	return ret;
}

/* A statement ending in '{'. */
static int profile_header(struct aa_parser *ps, struct strv *t,
			  const char *file, int line)
{
	const char *name, *attach = NULL, *what;
	struct strv names = { 0 };
	bool path_named;
	size_t i;
	char *u;

	if (!t->n)
		return fail(ps, file, line, "'{' without a profile header");
	if (!strcmp(t->v[0], "profile")) {
		if (t->n < 2 || t->v[1][0] == '(' || starts_with(t->v[1], "flags="))
			return fail(ps, file, line, "profile without a name");
		name = t->v[1];
		i = 2;
		path_named = false;
	} else if (pathish(t->v[0])) {
		/* without the keyword, the name is a path (quoted or not) */
		name = t->v[0];
		i = 1;
		path_named = true;
		if (name[0] == '"' && name[1] != '/' && name[1] != '@')
			return fail(ps, file, line,
				    "profile %s without the 'profile' keyword: only a path may name it so",
				    name);
	} else {
		what = unsupported_what(t->v[0]);
		if (what)
			return fail(ps, file, line, "%s are not supported by moat",
				    what);
		if (!strcmp(t->v[0], "deny") || !strcmp(t->v[0], "allow") ||
		    !strcmp(t->v[0], "audit") || !strcmp(t->v[0], "owner"))
			return fail(ps, file, line,
				    "qualifier blocks ('%s {') are not supported by moat",
				    t->v[0]);
		if (t->v[0][0] == ':')
			return fail(ps, file, line,
				    "profile namespaces ('%s') are not supported by moat",
				    t->v[0]);
		return fail(ps, file, line, "'%s {' is not supported by moat",
			    t->v[0]);
	}
	if (ps->state == ST_PROFILE)
		return fail(ps, file, line,
			    "child profiles ('%s') are not supported by moat", name);
	if (ps->state == ST_DONE)
		return fail(ps, file, line,
			    "a second profile ('%s'): moat takes exactly one profile (the first, '%s', is at %s:%d)",
			    name, ps->p->name, ps->prof_file, ps->prof_line);
	if (name[0] == ':')
		return fail(ps, file, line,
			    "profile namespaces ('%s') are not supported by moat",
			    name);

	u = unquote(name);
	if (!u)
		return oom(ps, file, line);
	if (expand(ps, u, file, line, &names)) {
		free(u);
		strv_free(&names);
		return -1;
	}
	free(u);
	if (names.n != 1 || !names.v[0][0]) {
		strv_free(&names);
		return fail(ps, file, line,
			    "profile name '%s' must expand to exactly one name", name);
	}

	if (join_eq(t, i)) {
		strv_free(&names);
		return oom(ps, file, line);
	}
	for (; i < t->n; i++) {
		const char *c = t->v[i];

		if (starts_with(c, "flags=") || c[0] == '(') {
			if (profile_flags(ps, c[0] == '(' ? c : c + 6, file, line))
				break;
		} else if (starts_with(c, "xattrs=")) {
			fail(ps, file, line,
			     "xattrs attachment conditions are not supported by moat");
			break;
		} else if (starts_with(c, "priority=")) {
			fail(ps, file, line,
			     "profile priorities are not supported by moat");
			break;
		} else if (!path_named && !attach && pathish(c)) {
			attach = c;
		} else {
			fail(ps, file, line, "unexpected '%s' in profile header", c);
			break;
		}
	}
	if (ps->failed) {
		strv_free(&names);
		return -1;
	}
	ps->p->name = names.v[0];
	names.v[0] = NULL;
	strv_free(&names);
	ps->state = ST_PROFILE;
	ps->prof_file = file;
	ps->prof_line = line;
	ps->prof_depth = ps->depth;
	if (attach)
		return add_note(ps, file, line,
				"attachment '%s' ignored: moat attaches profiles to cgroups",
				attach);
	return 0;
}

static int statement(struct aa_parser *ps, struct strv *t, char term,
		     const char *file, int line)
{
	if (term == '{')
		return profile_header(ps, t, file, line);
	if (!t->n)
		return fail(ps, file, line, "empty rule (',' alone)");
	if (!strcmp(t->v[0], "abi")) {
		if (t->n != 2)
			return fail(ps, file, line, "bad abi rule");
		return 0;
	}
	if (ps->state != ST_PROFILE) {
		const char *what = unsupported_what(t->v[0]);

		if (what && strcmp(t->v[0], "profile"))
			return fail(ps, file, line, "%s are not supported by moat",
				    what);
		return fail(ps, file, line,
			    "rule '%s' outside a profile (rules belong inside 'profile NAME { ... }')",
			    t->v[0]);
	}
	return parse_rule(ps, t, file, line);
}

/* ---- reading ----------------------------------------------------------- */

static bool at_include(const struct src *s, size_t *kwlen)
{
	const char *p = s->text + s->pos;
	size_t left = s->len - s->pos;

	if (left > 8 && !strncmp(p, "#include", 8) &&
	    (is_blank(p[8]) || p[8] == '<' || p[8] == '"')) {
		*kwlen = 8;
		return true;
	}
	if (left > 7 && !strncmp(p, "include", 7) && is_blank(p[7])) {
		*kwlen = 7;
		return true;
	}
	return false;
}

/* Skip blanks, newlines and comments (not "#include"). */
static void skip_space(struct src *s)
{
	size_t k;

	while (s->pos < s->len) {
		char c = s->text[s->pos];

		if (c == '\n') {
			s->line++;
			s->pos++;
		} else if (is_blank(c)) {
			s->pos++;
		} else if (c == '#' && !at_include(s, &k)) {
			while (s->pos < s->len && s->text[s->pos] != '\n')
				s->pos++;
		} else {
			break;
		}
	}
}

static bool id_char(char c)
{
	return c && !is_space(c) && c != '"' && c != '!' && c != ',';
}

/* End the token being read (if any): push it to t. */
static int end_token(struct aa_parser *ps, struct src *s, int line,
		     struct buf *b, struct strv *t)
{
	if ((b->len || b->oom) && strv_push(t, buf_take(b)))
		return oom(ps, s->file, line);
	return 0;
}

/*
 * Read one statement into tokens, up to a ',' or a '{' that opens a block
 * (*term). Tokens are split at blanks, except inside quotes and (...);
 * '#' at the start of a token begins a comment.
 */
static int read_statement(struct aa_parser *ps, struct src *s, struct strv *t,
			  char *term)
{
	struct buf b = { 0 };
	int line = s->line, paren = 0, brace = 0;
	bool inq = false, tok_path = false;
	size_t k;

	while (s->pos < s->len) {
		char c = s->text[s->pos];

		if (inq) {
			buf_addc(&b, c);
			s->pos++;
			if (c == '\n')
				s->line++;
			if (c == '\\' && s->pos < s->len) {
				if (s->text[s->pos] == '\n')
					s->line++;
				buf_addc(&b, s->text[s->pos++]);
			} else if (c == '"') {
				inq = false;
			}
			continue;
		}
		if (is_space(c)) {
			if (c == '\n')
				s->line++;
			s->pos++;
			if (paren > 0) {
				if (b.len && b.s[b.len - 1] != ' ')
					buf_addc(&b, ' ');
			} else {
				if (end_token(ps, s, line, &b, t))
					return -1;
				brace = 0;
				tok_path = false;
			}
			continue;
		}
		if (c == '#' && !b.len) {
			if (at_include(s, &k))
				break;	/* unterminated rule */
			while (s->pos < s->len && s->text[s->pos] != '\n')
				s->pos++;
			continue;
		}
		if (!b.len)
			tok_path = c == '/' || c == '@';
		switch (c) {
		case '"':
			inq = true;
			break;
		case '\\':
			if (s->pos + 1 < s->len) {
				buf_addc(&b, c);
				c = s->text[++s->pos];
				if (c == '\n')
					s->line++;
			}
			break;
		case '[': {
			/* a character class: ',' '{' '}' inside are literal */
			size_t j = s->pos + 1;

			if (j < s->len && s->text[j] == '^')
				j++;
			if (j < s->len && s->text[j] == ']')
				j++;
			while (j < s->len && s->text[j] != ']' && s->text[j] != '\n') {
				if (s->text[j] == '\\' && j + 1 < s->len &&
				    s->text[j + 1] != '\n')
					j++;
				j++;
			}
			if (j < s->len && s->text[j] == ']') {
				buf_addn(&b, s->text + s->pos, j - s->pos);
				s->pos = j;
				c = ']';
			}
			break;
		}
		case '(':
			paren++;
			break;
		case ')':
			if (paren > 0)
				paren--;
			break;
		case '{':
			if (!paren && !brace &&
			    (!b.len || (!tok_path && (b.s[b.len - 1] == ')' ||
						     b.s[b.len - 1] == '"')))) {
				s->pos++;
				*term = '{';
				return end_token(ps, s, line, &b, t);
			}
			brace++;
			break;
		case '}':
			if (brace > 0) {
				brace--;
			} else if (!paren && !b.len) {
				/* a '}' where the rule's ',' belongs */
				free(b.s);
				return fail(ps, s->file, line,
					    "unterminated rule (missing ',' before '}')");
			}
			break;
		case ',':
			if (paren || brace)
				break;
			if (tok_path && s->pos + 1 < s->len &&
			    id_char(s->text[s->pos + 1]))
				break;	/* inside a path, as apparmor_parser reads it */
			s->pos++;
			*term = ',';
			return end_token(ps, s, line, &b, t);
		default:
			break;
		}
		buf_addc(&b, c);
		s->pos++;
	}
	free(b.s);
	if (inq)
		return fail(ps, s->file, line, "unterminated quoted string");
	return fail(ps, s->file, line, "unterminated rule (missing ',')");
}

/* "@{NAME} = values" / "+=" up to the end of the line. */
static int parse_assignment(struct aa_parser *ps, struct src *s)
{
	const char *p = s->text + s->pos, *close;
	int line = s->line;
	struct buf vals = { 0 };
	struct aa_var *v;
	bool append = false, inq = false;
	char name[256];
	char *text;
	size_t n;
	int ret;

	close = memchr(p, '}', s->len - s->pos);
	n = close - p - 2;
	if (n >= sizeof(name))
		return fail(ps, s->file, line, "variable name too long");
	memcpy(name, p + 2, n);
	name[n] = '\0';
	s->pos += n + 3;
	while (s->pos < s->len && is_blank(s->text[s->pos]))
		s->pos++;
	if (s->text[s->pos] == '+') {
		append = true;
		s->pos++;
	}
	s->pos++;	/* '=' */

	/* the values run to the end of the line ('\' continues it) or a comment */
	while (s->pos < s->len) {
		char c = s->text[s->pos];

		if (inq) {
			if (c == '\n')
				s->line++;
			if (c == '"')
				inq = false;
			buf_addc(&vals, c);
			s->pos++;
			continue;
		}
		if (c == '\n')
			break;
		if (c == '\\' && s->pos + 1 < s->len && s->text[s->pos + 1] == '\n') {
			buf_addc(&vals, ' ');
			s->line++;
			s->pos += 2;
			continue;
		}
		if (c == '#' && (!vals.len || is_blank(vals.s[vals.len - 1]))) {
			while (s->pos < s->len && s->text[s->pos] != '\n')
				s->pos++;
			break;
		}
		if (c == ',' && (s->pos + 1 >= s->len || !id_char(s->text[s->pos + 1]))) {
			free(vals.s);
			return fail(ps, s->file, line,
				    "variable assignment @{%s} ends in ',' (assignments take no trailing comma)",
				    name);
		}
		if (c == '"')
			inq = true;
		buf_addc(&vals, c);
		s->pos++;
	}
	if (inq) {
		free(vals.s);
		return fail(ps, s->file, line, "unterminated quoted string");
	}
	text = buf_take(&vals);
	if (!text)
		return oom(ps, s->file, line);

	if (ps->state == ST_PROFILE) {
		free(text);
		return fail(ps, s->file, line,
			    "variable @{%s} assigned inside a profile (variables are set before the profile)",
			    name);
	}
	if (!strcmp(name, "profile_name")) {
		free(text);
		return fail(ps, s->file, line, "@{profile_name} is built in");
	}
	v = find_var(ps, name);
	if (append && !v) {
		free(text);
		return fail(ps, s->file, line,
			    "'+=' to undefined variable @{%s}", name);
	}
	if (!append && v) {
		free(text);
		if (!v->file)
			return fail(ps, s->file, line,
				    "variable @{%s} is already defined (built in: tunables/global was not found)",
				    name);
		return fail(ps, s->file, line,
			    "variable @{%s} is already defined (at %s:%d)",
			    name, v->file, v->line);
	}
	if (!v)
		v = new_var(ps, name, s->file, line);
	n = v ? v->vals.n : 0;
	ret = !v || var_add_values(v, text);
	free(text);
	if (ret)
		return oom(ps, s->file, line);
	if (v->vals.n == n)
		return fail(ps, s->file, line,
			    "variable @{%s} assigned no value", name);
	return 0;
}

/* Is the text at s an assignment ("@{NAME}" blanks "=" or "+=")? */
static int assignment_kind(const struct src *s)
{
	const char *p = s->text + s->pos, *end = s->text + s->len, *close;

	if (end - p < 3 || p[0] != '@' || p[1] != '{')
		return 0;
	close = memchr(p, '}', end - p);
	if (!close || !valid_var_name(p + 2, close - p - 2))
		return 0;
	p = close + 1;
	while (p < end && is_blank(*p))
		p++;
	if (p < end && *p == '=')
		return 1;
	if (end - p >= 2 && p[0] == '+' && p[1] == '=')
		return 1;
	if (end - p >= 2 && (p[0] == '?' || p[0] == ':') && p[1] == '=')
		return -1;
	return 0;
}

static int parse_src(struct aa_parser *ps, struct src *s, const char *dir);

static bool skip_entry(const char *name)
{
	static const char *const suffixes[] = {
		".dpkg-new", ".dpkg-old", ".dpkg-dist", ".dpkg-bak",
		".rpmnew", ".rpmsave", ".orig", ".rej", "~", NULL,
	};
	size_t n = strlen(name), i;

	if (!n || name[0] == '.')
		return true;
	for (i = 0; suffixes[i]; i++) {
		size_t l = strlen(suffixes[i]);

		if (n >= l && !strcmp(name + n - l, suffixes[i]))
			return true;
	}
	return false;
}

static char *read_text(const char *path, size_t *len, int *err)
{
	FILE *f = fopen(path, "r");
	struct buf b = { 0 };
	char chunk[8192];
	size_t n;

	if (!f) {
		*err = errno;
		return NULL;
	}
	errno = 0;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_addn(&b, chunk, n);
	if (ferror(f)) {
		*err = errno ? errno : EIO;
		fclose(f);
		free(b.s);
		return NULL;
	}
	fclose(f);
	*len = b.len;
	if (b.oom)
		*err = ENOMEM;
	return buf_take(&b);
}

static int parse_text(struct aa_parser *ps, const char *text, size_t len,
		      const char *file, const char *dir)
{
	struct src s = { text, len, 0, 1, file };

	if (memchr(text, '\0', len))
		return fail(ps, file, 1, "file contains a NUL byte");
	return parse_src(ps, &s, dir);
}

/* Read one regular file included from file:line. */
static int include_file(struct aa_parser *ps, const char *path,
			const char *file, int line)
{
	char *real, *text, *dir, *slash;
	const char *src;
	size_t len = 0;
	int i, err = 0, ret;

	real = realpath(path, NULL);
	if (!real)
		return fail(ps, file, line, "cannot include '%s': %s", path,
			    strerror(errno));
	for (i = 0; i <= ps->depth; i++) {
		if (ps->stack[i] && !strcmp(ps->stack[i], real)) {
			free(real);
			return fail(ps, file, line,
				    "include loop: '%s' is already being read",
				    path);
		}
	}
	if (strv_has(&ps->done, real)) {
		/* apparmor_parser reads a file once, too */
		free(real);
		return 0;
	}
	if (ps->depth >= AA_INCLUDE_DEPTH_MAX) {
		free(real);
		return fail(ps, file, line,
			    "includes nested deeper than %d ('%s')",
			    AA_INCLUDE_DEPTH_MAX, path);
	}
	text = read_text(path, &len, &err);
	if (!text) {
		free(real);
		return fail(ps, file, line, "cannot read '%s': %s", path,
			    strerror(err));
	}
	src = add_source(ps, path);
	dir = strdup(path);
	if (!src || !dir) {
		free(real);
		free(text);
		free(dir);
		return oom(ps, file, line);
	}
	slash = strrchr(dir, '/');
	if (slash)
		*(slash == dir ? slash + 1 : slash) = '\0';
	ps->stack[++ps->depth] = real;
	ret = parse_text(ps, text, len, src, slash ? dir : ".");
	ps->stack[ps->depth--] = NULL;
	if (!ret && strv_push(&ps->done, real))
		ret = oom(ps, file, line);
	else if (ret)
		free(real);
	free(text);
	free(dir);
	return ret;
}

static int include_dir_entries(struct aa_parser *ps, const char *path,
			       const char *file, int line)
{
	struct dirent **ents;
	int n, i, ret = 0;

	n = scandir(path, &ents, NULL, alphasort);
	if (n < 0)
		return fail(ps, file, line, "cannot read directory '%s': %s",
			    path, strerror(errno));
	for (i = 0; i < n; i++) {
		struct stat st;
		char *p;

		if (ret || skip_entry(ents[i]->d_name)) {
			free(ents[i]);
			continue;
		}
		if (asprintf(&p, "%s/%s", path, ents[i]->d_name) < 0) {
			ret = oom(ps, file, line);
		} else {
			if (!stat(p, &st) && S_ISREG(st.st_mode))
				ret = include_file(ps, p, file, line);
			free(p);
		}
		free(ents[i]);
	}
	free(ents);
	return ret;
}

/* "include [if exists] <x>" / "#include ..." / include "x" / include x */
static int parse_include(struct aa_parser *ps, struct src *s, size_t kwlen,
			 const char *dir)
{
	const char *p, *end, *lim = s->text + s->len;
	bool optional = false, magic = false;
	char *target, *path;
	struct stat st;
	int line = s->line, ret;

	p = s->text + s->pos + kwlen;
	while (p < lim && is_blank(*p))
		p++;
	if (lim - p > 3 && !strncmp(p, "if", 2) && is_blank(p[2])) {
		const char *q = p + 2;

		while (q < lim && is_blank(*q))
			q++;
		if (lim - q >= 6 && !strncmp(q, "exists", 6) &&
		    (q + 6 == lim || is_space(q[6]))) {
			optional = true;
			p = q + 6;
			while (p < lim && is_blank(*p))
				p++;
		}
	}
	if (p < lim && *p == '<') {
		magic = true;
		p++;
		end = p;
		while (end < lim && *end != '>' && *end != '\n')
			end++;
		if (end == lim || *end != '>')
			return fail(ps, s->file, line, "unterminated include <...>");
		target = strndup(p, end - p);
		end++;
	} else if (p < lim && *p == '"') {
		end = ++p;
		while (end < lim && *end != '"' && *end != '\n')
			end++;
		if (end == lim || *end != '"')
			return fail(ps, s->file, line,
				    "unterminated include \"...\"");
		target = strndup(p, end - p);
		end++;
	} else {
		end = p;
		while (end < lim && !is_space(*end))
			end++;
		target = strndup(p, end - p);
	}
	if (!target)
		return oom(ps, s->file, line);
	/* <"name"> and surrounding blanks, as apparmor_parser allows */
	{
		char *u = unquote(target), *a = u, *z;

		free(target);
		if (!u)
			return oom(ps, s->file, line);
		while (is_blank(*a))
			a++;
		z = a + strlen(a);
		while (z > a && is_blank(z[-1]))
			*--z = '\0';
		target = strdup(a);
		free(u);
		if (!target)
			return oom(ps, s->file, line);
	}
	s->pos = end - s->text;
	/* only a comment may follow on the line */
	while (s->pos < s->len && is_blank(s->text[s->pos]))
		s->pos++;
	if (s->pos < s->len && s->text[s->pos] != '\n' && s->text[s->pos] != '#') {
		free(target);
		return fail(ps, s->file, line, "unexpected text after include");
	}
	if (!*target) {
		free(target);
		return fail(ps, s->file, line, "include without a file name");
	}

	if (magic || target[0] == '/')
		ret = asprintf(&path, "%s/%s", magic ? ps->include_dir : "",
			       magic ? target : target + 1);
	else
		ret = asprintf(&path, "%s/%s", dir, target);
	if (ret < 0) {
		free(target);
		return oom(ps, s->file, line);
	}
	if (stat(path, &st)) {
		int e = errno;

		if (magic && !strcmp(target, "tunables/global")) {
			/* stand in for it: see builtin_tunables */
			ret = ps->builtins ? 0 : define_builtins(ps, s->file, line);
		} else if (optional) {
			ret = 0;
		} else {
			ret = fail(ps, s->file, line, "cannot include %s%s%s (%s): %s",
				   magic ? "<" : "\"", target, magic ? ">" : "\"",
				   path, strerror(e));
		}
	} else if (S_ISDIR(st.st_mode)) {
		ret = include_dir_entries(ps, path, s->file, line);
	} else if (S_ISREG(st.st_mode)) {
		ret = include_file(ps, path, s->file, line);
	} else {
		ret = fail(ps, s->file, line, "cannot include '%s': not a file",
			   path);
	}
	free(target);
	free(path);
	return ret;
}

static int parse_src(struct aa_parser *ps, struct src *s, const char *dir)
{
	while (!ps->failed) {
		struct strv t = { 0 };
		size_t kwlen;
		char term = 0, c;
		int line, kind;

		skip_space(s);
		if (s->pos >= s->len)
			break;
		line = s->line;
		c = s->text[s->pos];
		if (at_include(s, &kwlen)) {
			if (parse_include(ps, s, kwlen, dir))
				return -1;
			continue;
		}
		kind = assignment_kind(s);
		if (kind < 0)
			return fail(ps, s->file, line,
				    "'?=' and ':=' variable assignments are not supported by moat");
		if (kind > 0) {
			if (parse_assignment(ps, s))
				return -1;
			continue;
		}
		if (c == '$')
			return fail(ps, s->file, line,
				    "boolean variables ('$...') are not supported by moat");
		if (c == '}') {
			s->pos++;
			if (ps->state != ST_PROFILE)
				return fail(ps, s->file, line, "unexpected '}'");
			if (ps->depth != ps->prof_depth)
				return fail(ps, s->file, line,
					    "'}' closes a profile opened in %s",
					    ps->prof_file);
			ps->state = ST_DONE;
			continue;
		}
		if (read_statement(ps, s, &t, &term)) {
			strv_free(&t);
			return -1;
		}
		if (statement(ps, &t, term, s->file, line)) {
			strv_free(&t);
			return -1;
		}
		strv_free(&t);
	}
	if (ps->failed)
		return -1;
	if (ps->state == ST_PROFILE && ps->depth == ps->prof_depth)
		return fail(ps, ps->prof_file, ps->prof_line,
			    "profile '%s' is not closed (missing '}')", ps->p->name);
	return 0;
}

/* ---- entry points ------------------------------------------------------ */

static int parse_top(const char *text, size_t len, const char *name,
		     const char *real, const struct aa_opts *opts,
		     struct aa_profile *out, char *err, size_t errlen)
{
	struct aa_parser ps;
	const char *src;
	char *dir, *slash;
	size_t i;
	int ret;

	memset(out, 0, sizeof(*out));
	memset(&ps, 0, sizeof(ps));
	ps.p = out;
	ps.err = err;
	ps.errlen = errlen;
	ps.include_dir = opts && opts->include_dir ? opts->include_dir :
			 AA_DEFAULT_INCLUDE_DIR;
	if (err && errlen)
		err[0] = '\0';

	src = add_source(&ps, name);
	dir = strdup(name);
	if (!src || !dir) {
		free(dir);
		ret = oom(&ps, name, 0);
		goto out;
	}
	slash = strrchr(dir, '/');
	if (slash)
		*(slash == dir ? slash + 1 : slash) = '\0';
	ps.stack[0] = real ? strdup(real) : NULL;
	ret = parse_text(&ps, text, len, src, slash ? dir : ".");
	free(dir);
	free(ps.stack[0]);
	if (!ret && ps.state == ST_PREAMBLE) {
		int lines = len && text[len - 1] != '\n';

		for (i = 0; i < len; i++)
			lines += text[i] == '\n';
		ret = fail(&ps, src, lines ? lines : 1, "no profile found");
	}
out:
	for (i = 0; i < ps.nvars; i++) {
		free(ps.vars[i].name);
		strv_free(&ps.vars[i].vals);
	}
	free(ps.vars);
	strv_free(&ps.done);
	if (ret || ps.failed) {
		aa_profile_free(out);
		return -1;
	}
	return 0;
}

int aa_parse_string(const char *text, const char *name,
		    const struct aa_opts *opts, struct aa_profile *out,
		    char *err, size_t errlen)
{
	char *real;
	int ret;

	if (!name)
		name = "<string>";
	real = realpath(name, NULL);
	ret = parse_top(text, strlen(text), name, real, opts, out, err, errlen);
	free(real);
	return ret;
}

int aa_parse_file(const char *path, const struct aa_opts *opts,
		  struct aa_profile *out, char *err, size_t errlen)
{
	char *text, *real;
	size_t len = 0;
	int e = 0, ret;

	memset(out, 0, sizeof(*out));
	text = read_text(path, &len, &e);
	if (!text) {
		if (err && errlen)
			snprintf(err, errlen, "%s: cannot read: %s", path,
				 strerror(e));
		return -1;
	}
	real = realpath(path, NULL);
	ret = parse_top(text, len, path, real, opts, out, err, errlen);
	free(real);
	free(text);
	return ret;
}
