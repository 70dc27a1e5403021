// SPDX-License-Identifier: GPL-2.0
/*
 * moatctl - the label layer: labels and label policy files
 *
 * A label is TYPE[:CATS] in the spirit of SELinux MCS: TYPE is 1..63 of
 * [a-z0-9_] starting with a letter, CATS a comma-separated list of
 * categories cN (0 <= N < MOAT_LABEL_CATS, no leading zeros) or ranges
 * cA.cB (A < B), each category at most once. The canonical text lists the
 * categories ascending and writes runs of three or more as cA.cB.
 *
 * A label policy file is a list of statements, each ending with ';':
 *
 *	default_type unlabeled_t;
 *	allow SUBJECTS OBJECTS : PERMS;
 *
 * where SUBJECTS and OBJECTS are a type or a set "{ a b ... }" and PERMS
 * is one or more of read write append exec create unlink relabel, or "*".
 * '#' starts a comment that runs to the end of the line. A statement may
 * span lines and a line may hold several statements. Rules only allow:
 * an allow with sets becomes one rule per (subject, object) pair, and the
 * rules of one pair are merged into one whose permissions are the union.
 *
 * A subject may use an object only if the subject's categories include
 * all of the object's; then it may do what the rules for the two types
 * allow.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "labels.h"

/* ---- labels -------------------------------------------------------------- */

static const char *type_problem(const char *s, size_t len)
{
	size_t i;

	if (len == 0)
		return "empty type";
	if (len >= MOAT_NAME_MAX)
		return "type longer than 63 characters";
	if (s[0] < 'a' || s[0] > 'z')
		return "type must start with a letter a-z";
	for (i = 0; i < len; i++) {
		char c = s[i];

		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		      c == '_'))
			return "type may only hold a-z, 0-9 and _";
	}
	return NULL;
}

static bool cat_test(const uint8_t *cats, unsigned int n)
{
	return cats[n / 8] >> (n % 8) & 1;
}

static void cat_set(uint8_t *cats, unsigned int n)
{
	cats[n / 8] |= 1U << (n % 8);
}

/*
 * One category "cN" at *pp: advances *pp past it. Returns the number, or
 * -1 (the text did not start with "c", had no digits, had a leading zero
 * or was out of range).
 */
static int parse_cat(const char **pp)
{
	const char *p = *pp;
	const char *d;
	int n = 0;

	if (*p != 'c')
		return -1;
	d = ++p;
	while (*p >= '0' && *p <= '9') {
		if (p - d >= 4)
			return -1;	/* more digits than any category has */
		n = n * 10 + (*p - '0');
		p++;
	}
	if (p == d || (d[0] == '0' && p - d > 1) || n >= MOAT_LABEL_CATS)
		return -1;
	*pp = p;
	return n;
}

/* The length of the category element at p (up to ',' or the end). */
static int elem_len(const char *p)
{
	size_t n = strcspn(p, ",");

	return n > 32 ? 32 : (int)n;
}

int label_parse(const char *s, struct label *out, char *err, size_t errlen)
{
	const char *colon, *p;
	size_t tlen;
	const char *why;

	memset(out, 0, sizeof(*out));
	if (!s || !*s) {
		snprintf(err, errlen, "empty label");
		return -1;
	}
	colon = strchr(s, ':');
	tlen = colon ? (size_t)(colon - s) : strlen(s);
	why = type_problem(s, tlen);
	if (why) {
		snprintf(err, errlen, "bad type '%.*s': %s",
			 (int)(tlen > 64 ? 64 : tlen), s, why);
		return -1;
	}
	memcpy(out->type, s, tlen);
	out->type[tlen] = '\0';
	if (!colon)
		return 0;

	p = colon + 1;
	if (!*p) {
		snprintf(err, errlen, "empty category list after ':'");
		goto fail;
	}
	for (;;) {
		const char *start = p;
		int lo, hi, n;

		if (*p == ',' || !*p) {
			snprintf(err, errlen, "empty category in '%s'",
				 colon + 1);
			goto fail;
		}
		lo = parse_cat(&p);
		if (lo < 0) {
			snprintf(err, errlen,
				 "bad category '%.*s' (c0..c%d, no leading zeros)",
				 elem_len(start), start, MOAT_LABEL_CATS - 1);
			goto fail;
		}
		hi = lo;
		if (*p == '.') {
			p++;
			hi = parse_cat(&p);
			if (hi < 0) {
				snprintf(err, errlen,
					 "bad category range '%.*s' (cA.cB, c0..c%d)",
					 elem_len(start), start,
					 MOAT_LABEL_CATS - 1);
				goto fail;
			}
			if (hi <= lo) {
				snprintf(err, errlen,
					 "bad category range '%.*s': c%d is not below c%d",
					 elem_len(start), start, lo, hi);
				goto fail;
			}
		}
		if (*p && *p != ',') {
			snprintf(err, errlen,
				 "bad category '%.*s' (c0..c%d, no leading zeros)",
				 elem_len(start), start, MOAT_LABEL_CATS - 1);
			goto fail;
		}
		for (n = lo; n <= hi; n++) {
			if (cat_test(out->cats, n)) {
				snprintf(err, errlen,
					 "category c%d given more than once", n);
				goto fail;
			}
			cat_set(out->cats, n);
		}
		if (!*p)
			return 0;
		p++;	/* ',' */
	}

fail:
	memset(out, 0, sizeof(*out));
	return -1;
}

/* snprintf that appends at *pos and never writes past len. */
static void append(char *buf, size_t len, size_t *pos, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (*pos >= len)
		return;
	va_start(ap, fmt);
	n = vsnprintf(buf + *pos, len - *pos, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	*pos += (size_t)n;
}

void label_format(const struct label *l, char *buf, size_t len)
{
	size_t pos = 0;
	bool first = true;
	unsigned int n = 0, end;

	if (!len)
		return;
	buf[0] = '\0';
	append(buf, len, &pos, "%s", l->type);
	while (n < MOAT_LABEL_CATS) {
		if (!cat_test(l->cats, n)) {
			n++;
			continue;
		}
		end = n;
		while (end + 1 < MOAT_LABEL_CATS && cat_test(l->cats, end + 1))
			end++;
		append(buf, len, &pos, "%c", first ? ':' : ',');
		first = false;
		if (end - n >= 2)
			append(buf, len, &pos, "c%u.c%u", n, end);
		else if (end > n)
			append(buf, len, &pos, "c%u,c%u", n, end);
		else
			append(buf, len, &pos, "c%u", n);
		n = end + 1;
	}
}

bool label_dominates(const struct label *a, const struct label *b)
{
	size_t i;

	for (i = 0; i < sizeof(a->cats); i++)
		if ((a->cats[i] & b->cats[i]) != b->cats[i])
			return false;
	return true;
}

/* ---- label policy files -------------------------------------------------- */

enum tok_kind {
	T_EOF,
	T_WORD,
	T_LBRACE,
	T_RBRACE,
	T_COLON,
	T_SEMI,
};

struct token {
	enum tok_kind kind;
	const char *s;
	size_t len;
	int line;
};

struct parser {
	const char *name;
	const char *p;		/* the next unread character */
	int line;		/* p's line */
	struct token cur;
	int prev_line;		/* the line of the token before cur */
	char *err;
	size_t errlen;
	struct label_policy *out;
	size_t cap;
	int default_line;	/* 0: no default_type yet */
};

static int fail(struct parser *ps, int line, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (!ps->errlen)
		return -1;
	n = snprintf(ps->err, ps->errlen, "%s:%d: ", ps->name, line);
	if (n < 0 || (size_t)n >= ps->errlen)
		return -1;
	va_start(ap, fmt);
	vsnprintf(ps->err + n, ps->errlen - n, fmt, ap);
	va_end(ap);
	return -1;
}

/* Reads the next token into ps->cur. */
static void advance(struct parser *ps)
{
	const char *p = ps->p;
	struct token *t = &ps->cur;

	ps->prev_line = t->line;
	for (;;) {
		if (*p == '\n') {
			ps->line++;
			p++;
		} else if (*p == ' ' || *p == '\t' || *p == '\r' ||
			   *p == '\v' || *p == '\f') {
			p++;
		} else if (*p == '#') {
			while (*p && *p != '\n')
				p++;
		} else {
			break;
		}
	}
	t->s = p;
	t->len = 1;
	t->line = ps->line;
	switch (*p) {
	case '\0':
		t->kind = T_EOF;
		t->len = 0;
		break;
	case '{':
		t->kind = T_LBRACE;
		break;
	case '}':
		t->kind = T_RBRACE;
		break;
	case ':':
		t->kind = T_COLON;
		break;
	case ';':
		t->kind = T_SEMI;
		break;
	default:
		t->kind = T_WORD;
		t->len = strcspn(p, " \t\r\v\f\n#{}:;");
		break;
	}
	ps->p = p + t->len;
}

/* A token as "%.*s" arguments, cut short for messages. */
#define TOK(t) (int)((t)->kind == T_EOF ? 11 : (t)->len > 64 ? 64 : (t)->len), \
	       ((t)->kind == T_EOF ? "end of file" : (t)->s)

static bool is_word(const struct token *t, const char *w)
{
	return t->kind == T_WORD && t->len == strlen(w) &&
	       !memcmp(t->s, w, t->len);
}

static bool is_keyword(const struct token *t)
{
	return is_word(t, "allow") || is_word(t, "default_type") ||
	       is_word(t, "fs_default");
}

/* cur as a type name into name[MOAT_NAME_MAX]; what is it for @what. */
static int take_type(struct parser *ps, char *name, const char *what)
{
	const struct token *t = &ps->cur;
	const char *why;

	if (t->kind != T_WORD)
		return fail(ps, t->line, "expected %s, found '%.*s'", what,
			    TOK(t));
	why = type_problem(t->s, t->len);
	if (why)
		return fail(ps, t->line, "bad type name '%.*s': %s", TOK(t),
			    why);
	memcpy(name, t->s, t->len);
	name[t->len] = '\0';
	advance(ps);
	return 0;
}

struct typeset {
	char (*names)[MOAT_NAME_MAX];
	size_t n, cap;
};

static int set_add(struct parser *ps, struct typeset *set, const char *name)
{
	size_t i;

	for (i = 0; i < set->n; i++)
		if (!strcmp(set->names[i], name))
			return 0;
	if (set->n == set->cap) {
		size_t cap = set->cap ? set->cap * 2 : 8;
		void *names = realloc(set->names, cap * sizeof(*set->names));

		if (!names)
			return fail(ps, ps->cur.line, "out of memory");
		set->names = names;
		set->cap = cap;
	}
	strcpy(set->names[set->n++], name);
	return 0;
}

/* A type or "{ type ... }" at cur. */
static int parse_typeset(struct parser *ps, struct typeset *set,
			 const char *what)
{
	char name[MOAT_NAME_MAX];
	int open_line;

	if (ps->cur.kind != T_LBRACE) {
		if (take_type(ps, name, what))
			return -1;
		return set_add(ps, set, name);
	}
	open_line = ps->cur.line;
	advance(ps);
	while (ps->cur.kind == T_WORD) {
		if (take_type(ps, name, what) || set_add(ps, set, name))
			return -1;
	}
	if (ps->cur.kind == T_EOF || ps->cur.kind == T_SEMI ||
	    ps->cur.kind == T_COLON)
		return fail(ps, ps->prev_line,
			    "missing '}' of the %s set opened on line %d",
			    what, open_line);
	if (ps->cur.kind != T_RBRACE)
		return fail(ps, ps->cur.line, "unexpected '%.*s' in %s set",
			    TOK(&ps->cur), what);
	if (!set->n)
		return fail(ps, ps->cur.line, "empty %s set", what);
	advance(ps);
	return 0;
}

static const struct {
	const char *name;
	uint32_t bit;
} perm_names[] = {
	{ "read", MOAT_LABEL_READ },
	{ "write", MOAT_LABEL_WRITE },
	{ "append", MOAT_LABEL_APPEND },
	{ "exec", MOAT_LABEL_EXEC },
	{ "create", MOAT_LABEL_CREATE },
	{ "unlink", MOAT_LABEL_UNLINK },
	{ "relabel", MOAT_LABEL_RELABEL },
	{ "*", MOAT_LABEL_ALL },
};

static int add_rule(struct parser *ps, const char *subject,
		    const char *object, uint32_t perms, int line)
{
	struct label_policy *p = ps->out;
	struct label_rule *r;
	size_t i;

	for (i = 0; i < p->nrules; i++) {
		r = &p->rules[i];
		if (!strcmp(r->subject, subject) &&
		    !strcmp(r->object, object)) {
			r->perms |= perms;
			return 0;
		}
	}
	if (p->nrules >= MOAT_LABEL_RULES_MAX)
		return fail(ps, line, "more than %d rules (allow %s %s)",
			    MOAT_LABEL_RULES_MAX, subject, object);
	if (p->nrules == ps->cap) {
		size_t cap = ps->cap ? ps->cap * 2 : 16;

		r = realloc(p->rules, cap * sizeof(*r));
		if (!r)
			return fail(ps, line, "out of memory");
		p->rules = r;
		ps->cap = cap;
	}
	r = &p->rules[p->nrules++];
	memset(r, 0, sizeof(*r));
	strcpy(r->subject, subject);
	strcpy(r->object, object);
	r->perms = perms;
	r->line = line;
	return 0;
}

/* The end of a statement: cur must be ';'. */
static int expect_semi(struct parser *ps, const char *what)
{
	if (ps->cur.kind == T_SEMI) {
		advance(ps);
		return 0;
	}
	if (ps->cur.kind == T_EOF || is_keyword(&ps->cur) ||
	    ps->cur.line != ps->prev_line)
		return fail(ps, ps->prev_line, "missing ';' after %s", what);
	return fail(ps, ps->cur.line, "unexpected '%.*s' in %s (missing ';'?)",
		    TOK(&ps->cur), what);
}

static int parse_allow(struct parser *ps)
{
	struct typeset subj = { 0 }, obj = { 0 };
	int line = ps->cur.line;
	uint32_t perms = 0;
	size_t i, j;
	int ret = -1;

	advance(ps);
	if (parse_typeset(ps, &subj, "subject type") ||
	    parse_typeset(ps, &obj, "object type"))
		goto out;
	if (ps->cur.kind != T_COLON) {
		if (ps->cur.kind == T_WORD && ps->cur.line == ps->prev_line &&
		    !is_keyword(&ps->cur))
			fail(ps, ps->cur.line,
			     "missing ':' before '%.*s' in allow",
			     TOK(&ps->cur));
		else
			fail(ps, ps->prev_line,
			     "missing ':' after the object type in allow");
		goto out;
	}
	advance(ps);
	while (ps->cur.kind == T_WORD && !is_keyword(&ps->cur)) {
		for (i = 0; i < sizeof(perm_names) / sizeof(perm_names[0]); i++)
			if (is_word(&ps->cur, perm_names[i].name))
				break;
		if (i == sizeof(perm_names) / sizeof(perm_names[0])) {
			fail(ps, ps->cur.line,
			     "unknown permission '%.*s' (read write append exec create unlink relabel *)",
			     TOK(&ps->cur));
			goto out;
		}
		perms |= perm_names[i].bit;
		advance(ps);
	}
	if (!perms && ps->cur.kind == T_SEMI) {
		fail(ps, ps->cur.line, "allow without permissions");
		goto out;
	}
	if (expect_semi(ps, "allow"))
		goto out;
	if (!perms) {
		fail(ps, line, "allow without permissions");
		goto out;
	}
	for (i = 0; i < subj.n; i++)
		for (j = 0; j < obj.n; j++)
			if (add_rule(ps, subj.names[i], obj.names[j], perms,
				     line))
				goto out;
	ret = 0;
out:
	free(subj.names);
	free(obj.names);
	return ret;
}

static int parse_default_type(struct parser *ps)
{
	int line = ps->cur.line;
	char name[MOAT_NAME_MAX];

	if (ps->default_line)
		return fail(ps, line,
			    "default_type given twice (first on line %d)",
			    ps->default_line);
	advance(ps);
	if (ps->cur.kind == T_WORD && is_keyword(&ps->cur))
		return fail(ps, ps->prev_line, "default_type without a type");
	if (ps->cur.kind != T_WORD)
		return fail(ps, ps->cur.line == line ? line : ps->prev_line,
			    "default_type without a type");
	if (take_type(ps, name, "a type"))
		return -1;
	if (expect_semi(ps, "default_type"))
		return -1;
	strcpy(ps->out->default_type, name);
	ps->default_line = line;
	return 0;
}

/* fs_default FSTYPE TYPE; : the type of unlabelled files on that file system */
static int parse_fs_default(struct parser *ps)
{
	int line = ps->cur.line;
	struct label_fs_default d;
	size_t i;

	advance(ps);
	if (ps->cur.kind != T_WORD || is_keyword(&ps->cur))
		return fail(ps, line, "fs_default without a file system type");
	if (take_type(ps, d.fstype, "a file system type"))
		return -1;
	if (ps->cur.kind != T_WORD || is_keyword(&ps->cur))
		return fail(ps, line, "fs_default without a type");
	if (take_type(ps, d.type, "a type"))
		return -1;
	if (expect_semi(ps, "fs_default"))
		return -1;
	for (i = 0; i < ps->out->nfs; i++)
		if (!strcmp(ps->out->fs[i].fstype, d.fstype))
			return fail(ps, line, "fs_default for '%s' given twice",
				    d.fstype);
	if (ps->out->nfs == MOAT_LABEL_FS_MAX)
		return fail(ps, line, "more than %d fs_default statements",
			    MOAT_LABEL_FS_MAX);
	ps->out->fs[ps->out->nfs++] = d;
	return 0;
}

/* The number of the last line of text (1 for an empty text). */
static int last_line(const char *text)
{
	int n = 1;
	const char *p;

	for (p = text; *p; p++)
		if (*p == '\n' && p[1])
			n++;
	return n;
}

int label_policy_parse_string(const char *text, const char *name,
			      struct label_policy *out, char *err,
			      size_t errlen)
{
	struct parser ps = {
		.name = name ? name : "<string>",
		.p = text ? text : "",
		.line = 1,
		.err = err,
		.errlen = errlen,
		.out = out,
	};

	memset(out, 0, sizeof(*out));
	if (errlen)
		err[0] = '\0';
	advance(&ps);
	while (ps.cur.kind != T_EOF) {
		if (is_word(&ps.cur, "allow")) {
			if (parse_allow(&ps))
				goto fail;
		} else if (is_word(&ps.cur, "default_type")) {
			if (parse_default_type(&ps))
				goto fail;
		} else if (is_word(&ps.cur, "fs_default")) {
			if (parse_fs_default(&ps))
				goto fail;
		} else if (ps.cur.kind == T_WORD) {
			fail(&ps, ps.cur.line,
			     "unknown keyword '%.*s' (allow, default_type, fs_default)",
			     TOK(&ps.cur));
			goto fail;
		} else if (ps.cur.kind == T_SEMI) {
			fail(&ps, ps.cur.line, "empty statement");
			goto fail;
		} else {
			fail(&ps, ps.cur.line,
			     "unexpected '%.*s' at the start of a statement",
			     TOK(&ps.cur));
			goto fail;
		}
	}
	if (!ps.default_line) {
		fail(&ps, last_line(text ? text : ""), "missing default_type");
		goto fail;
	}
	return 0;

fail:
	label_policy_free(out);
	return -1;
}

int label_policy_parse_file(const char *path, struct label_policy *out,
			    char *err, size_t errlen)
{
	char *text = NULL;
	size_t cap = 0, len, i;
	ssize_t n;
	int ret, line = 1;
	FILE *f;

	memset(out, 0, sizeof(*out));
	f = fopen(path, "r");
	if (!f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	n = getdelim(&text, &cap, '\0', f);
	if (n < 0 && ferror(f)) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		free(text);
		fclose(f);
		return -1;
	}
	fclose(f);
	if (n < 0) {		/* an empty file */
		free(text);
		text = NULL;
	} else {
		len = strlen(text);
		if (len != (size_t)n) {
			for (i = 0; i < len; i++)
				if (text[i] == '\n')
					line++;
			snprintf(err, errlen, "%s:%d: NUL byte in the file",
				 path, line);
			free(text);
			return -1;
		}
	}
	ret = label_policy_parse_string(text ? text : "", path, out, err,
					errlen);
	free(text);
	return ret;
}

void label_policy_free(struct label_policy *p)
{
	if (!p)
		return;
	free(p->rules);
	memset(p, 0, sizeof(*p));
}

uint32_t label_policy_decide(const struct label_policy *p,
			     const struct label *subject,
			     const struct label *object)
{
	uint32_t perms = 0;
	size_t i;

	if (!p || !subject || !object || !label_dominates(subject, object))
		return 0;
	for (i = 0; i < p->nrules; i++) {
		const struct label_rule *r = &p->rules[i];

		if (!strcmp(r->subject, subject->type) &&
		    !strcmp(r->object, object->type))
			perms |= r->perms;
	}
	return perms;
}
