// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests (cmocka) of moatctl's label layer (ctl/labels.c).
 *
 * Labels: a table of texts, each with its exact canonical form or its
 * exact error, and round trips through label_format(). Dominance: subsets
 * both ways, empty sets, the c1023 edge. Policies: every fixture is written
 * into a mkdtemp() directory and read with label_policy_parse_file(), so
 * each error case checks the exact "FILE:LINE: " prefix with the real path
 * and that the message names what was refused.
 *
 * Environment: none needed (MOAT_TOP is not used).
 */

#define _GNU_SOURCE
#include <ftw.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "../../ctl/labels.h"

static char tmpdir[4096];

/* ---- helpers --------------------------------------------------------------- */

static void write_file(const char *name, const char *text, size_t len,
		       char *path, size_t pathlen)
{
	FILE *f;

	snprintf(path, pathlen, "%s/%s", tmpdir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

/* Parses text as file "name" in tmpdir; path gets the file's path. */
static int parse_text(const char *name, const char *text,
		      struct label_policy *p, char *err, size_t errlen,
		      char *path, size_t pathlen)
{
	write_file(name, text, strlen(text), path, pathlen);
	return label_policy_parse_file(path, p, err, errlen);
}

static void must_parse(const char *text, struct label_policy *p)
{
	char err[512] = "", path[4200];

	if (parse_text("ok.labels", text, p, err, sizeof(err), path,
		       sizeof(path)))
		fail_msg("unexpected error: %s", err);
}

static const struct label_rule *find_rule(const struct label_policy *p,
					  const char *subject,
					  const char *object)
{
	size_t i;

	for (i = 0; i < p->nrules; i++)
		if (!strcmp(p->rules[i].subject, subject) &&
		    !strcmp(p->rules[i].object, object))
			return &p->rules[i];
	return NULL;
}

static uint32_t rule_perms(const struct label_policy *p, const char *subject,
			   const char *object)
{
	const struct label_rule *r = find_rule(p, subject, object);

	return r ? r->perms : 0;
}

static struct label L(const char *s)
{
	struct label l;
	char err[256];

	if (label_parse(s, &l, err, sizeof(err)))
		fail_msg("label_parse(\"%s\"): %s", s, err);
	return l;
}

/* ---- labels ---------------------------------------------------------------- */

struct label_case {
	const char *in;
	const char *canon;	/* NULL: an error */
	const char *err;	/* the exact error */
};

static const struct label_case label_cases[] = {
	/* valid */
	{ "t", "t", NULL },
	{ "container_file_t", "container_file_t", NULL },
	{ "a0_9", "a0_9", NULL },
	{ "t:c0", "t:c0", NULL },
	{ "t:c1023", "t:c1023", NULL },
	{ "container_file_t:c12,c480", "container_file_t:c12,c480", NULL },
	{ "t:c480,c12", "t:c12,c480", NULL },
	{ "t:c1,c2", "t:c1,c2", NULL },
	{ "t:c2,c1", "t:c1,c2", NULL },
	{ "t:c1,c2,c3", "t:c1.c3", NULL },
	{ "t:c3,c1,c2", "t:c1.c3", NULL },
	{ "t:c0.c1", "t:c0,c1", NULL },
	{ "t:c0.c2", "t:c0.c2", NULL },
	{ "t:c0.c15", "t:c0.c15", NULL },
	{ "t:c0.c1023", "t:c0.c1023", NULL },
	{ "t:c1022.c1023", "t:c1022,c1023", NULL },
	{ "t:c1021.c1023", "t:c1021.c1023", NULL },
	{ "t:c0.c3,c5,c7.c9", "t:c0.c3,c5,c7.c9", NULL },
	{ "t:c0.c3,c4", "t:c0.c4", NULL },
	{ "t:c1,c2,c4,c5", "t:c1,c2,c4,c5", NULL },
	{ "t:c1,c3,c5", "t:c1,c3,c5", NULL },
	{ "t:c10,c11,c12,c20,c21", "t:c10.c12,c20,c21", NULL },
	{ "t:c5.c6,c7", "t:c5.c7", NULL },
	{ "t:c100,c99,c101,c7", "t:c7,c99.c101", NULL },
	{ "x123456789012345678901234567890123456789012345678901234567890_t",
	  "x123456789012345678901234567890123456789012345678901234567890_t",
	  NULL },
	/* invalid types */
	{ "", NULL, "empty label" },
	{ ":c1", NULL, "bad type '': empty type" },
	{ "Container_t", NULL,
	  "bad type 'Container_t': type must start with a letter a-z" },
	{ "1t", NULL, "bad type '1t': type must start with a letter a-z" },
	{ "_t", NULL, "bad type '_t': type must start with a letter a-z" },
	{ "a-b", NULL, "bad type 'a-b': type may only hold a-z, 0-9 and _" },
	{ "aB", NULL, "bad type 'aB': type may only hold a-z, 0-9 and _" },
	{ "t :c1", NULL, "bad type 't ': type may only hold a-z, 0-9 and _" },
	{ " t", NULL, "bad type ' t': type must start with a letter a-z" },
	{ "x1234567890123456789012345678901234567890123456789012345678901_t",
	  NULL,
	  "bad type 'x1234567890123456789012345678901234567890123456789012345678901_t': type longer than 63 characters" },
	/* invalid categories */
	{ "t:", NULL, "empty category list after ':'" },
	{ "t:c1,", NULL, "empty category in 'c1,'" },
	{ "t:,c1", NULL, "empty category in ',c1'" },
	{ "t:c1,,c2", NULL, "empty category in 'c1,,c2'" },
	{ "t:c1024", NULL, "bad category 'c1024' (c0..c1023, no leading zeros)" },
	{ "t:c99999", NULL, "bad category 'c99999' (c0..c1023, no leading zeros)" },
	{ "t:c01", NULL, "bad category 'c01' (c0..c1023, no leading zeros)" },
	{ "t:c00", NULL, "bad category 'c00' (c0..c1023, no leading zeros)" },
	{ "t:c", NULL, "bad category 'c' (c0..c1023, no leading zeros)" },
	{ "t:1", NULL, "bad category '1' (c0..c1023, no leading zeros)" },
	{ "t:C1", NULL, "bad category 'C1' (c0..c1023, no leading zeros)" },
	{ "t:c-1", NULL, "bad category 'c-1' (c0..c1023, no leading zeros)" },
	{ "t:c1x", NULL, "bad category 'c1x' (c0..c1023, no leading zeros)" },
	{ "t:c1 ", NULL, "bad category 'c1 ' (c0..c1023, no leading zeros)" },
	{ "t: c1", NULL, "bad category ' c1' (c0..c1023, no leading zeros)" },
	{ "t:c1, c2", NULL, "bad category ' c2' (c0..c1023, no leading zeros)" },
	{ "t:c1:c2", NULL, "bad category 'c1:c2' (c0..c1023, no leading zeros)" },
	{ "t:c1;c2", NULL, "bad category 'c1;c2' (c0..c1023, no leading zeros)" },
	{ "t:c1,c1", NULL, "category c1 given more than once" },
	{ "t:c0.c5,c3", NULL, "category c3 given more than once" },
	{ "t:c0.c5,c5.c9", NULL, "category c5 given more than once" },
	{ "t:c4,c2.c7", NULL, "category c4 given more than once" },
	{ "t:c5.c5", NULL, "bad category range 'c5.c5': c5 is not below c5" },
	{ "t:c9.c2", NULL, "bad category range 'c9.c2': c9 is not below c2" },
	{ "t:c1.", NULL, "bad category range 'c1.' (cA.cB, c0..c1023)" },
	{ "t:c1.5", NULL, "bad category range 'c1.5' (cA.cB, c0..c1023)" },
	{ "t:c1.c1024", NULL, "bad category range 'c1.c1024' (cA.cB, c0..c1023)" },
	{ "t:c1.c02", NULL, "bad category range 'c1.c02' (cA.cB, c0..c1023)" },
	{ "t:c1.c2.c3", NULL, "bad category 'c1.c2.c3' (c0..c1023, no leading zeros)" },
	{ "t:c1-c3", NULL, "bad category 'c1-c3' (c0..c1023, no leading zeros)" },
};

static void test_label_table(void **state)
{
	size_t i;

	(void)state;
	assert_true(sizeof(label_cases) / sizeof(label_cases[0]) >= 40);
	for (i = 0; i < sizeof(label_cases) / sizeof(label_cases[0]); i++) {
		const struct label_case *c = &label_cases[i];
		struct label l, again;
		char err[256] = "", buf[8192];
		int ret = label_parse(c->in, &l, err, sizeof(err));

		if (c->canon) {
			if (ret)
				fail_msg("\"%s\": unexpected error: %s", c->in,
					 err);
			label_format(&l, buf, sizeof(buf));
			if (strcmp(buf, c->canon))
				fail_msg("\"%s\": formatted \"%s\", want \"%s\"",
					 c->in, buf, c->canon);
			/* the canonical text parses to the same label */
			assert_int_equal(label_parse(buf, &again, err,
						     sizeof(err)), 0);
			assert_memory_equal(&l, &again, sizeof(l));
		} else {
			if (!ret)
				fail_msg("\"%s\": accepted, want error \"%s\"",
					 c->in, c->err);
			if (strcmp(err, c->err))
				fail_msg("\"%s\": error \"%s\", want \"%s\"",
					 c->in, err, c->err);
		}
	}
}

static void test_label_bits(void **state)
{
	struct label l = L("t:c0,c9,c1023");
	int n, set = 0;

	(void)state;
	assert_string_equal(l.type, "t");
	assert_int_equal(l.cats[0], 0x01);
	assert_int_equal(l.cats[1], 0x02);
	assert_int_equal(l.cats[127], 0x80);
	for (n = 0; n < MOAT_LABEL_CATS; n++)
		set += l.cats[n / 8] >> (n % 8) & 1;
	assert_int_equal(set, 3);

	l = L("t:c0.c1023");
	for (n = 0; n < MOAT_LABEL_CATS / 8; n++)
		assert_int_equal(l.cats[n], 0xff);
}

/* Every pattern of c0..c9 (and the same at c1014..c1023) round trips. */
static void test_label_round_trip_exhaustive(void **state)
{
	unsigned int mask, n, base;
	char err[256], buf[8192];

	(void)state;
	for (base = 0; base <= 1014; base += 1014) {
		for (mask = 0; mask < 1024; mask++) {
			struct label l, again;

			memset(&l, 0, sizeof(l));
			strcpy(l.type, "t");
			for (n = 0; n < 10; n++)
				if (mask >> n & 1)
					l.cats[(base + n) / 8] |=
						1U << ((base + n) % 8);
			label_format(&l, buf, sizeof(buf));
			if (label_parse(buf, &again, err, sizeof(err)))
				fail_msg("\"%s\": %s", buf, err);
			assert_memory_equal(&l, &again, sizeof(l));
			/* a range if and only if there is a run of 3+ */
			assert_int_equal(strchr(buf, '.') != NULL,
					 (mask & mask >> 1 & mask >> 2) != 0);
		}
	}
}

static void test_label_format_truncates(void **state)
{
	struct label l = L("container_t:c1,c5.c9");
	char buf[8];

	(void)state;
	memset(buf, 'X', sizeof(buf));
	label_format(&l, buf, sizeof(buf));
	assert_string_equal(buf, "contain");
	label_format(&l, buf, 1);
	assert_string_equal(buf, "");

	/* every other category: the longest canonical text */
	{
		struct label all;
		static char big[8192];
		int n;

		memset(&all, 0, sizeof(all));
		strcpy(all.type, "t");
		for (n = 0; n < MOAT_LABEL_CATS; n += 2)
			all.cats[n / 8] |= 1U << (n % 8);
		label_format(&all, big, sizeof(big));
		assert_int_equal(strncmp(big, "t:c0,c2,c4,", 11), 0);
		assert_non_null(strstr(big, ",c1020,c1022"));
		assert_int_equal(big[strlen(big) - 1], '2');
	}
}

/* ---- dominance ------------------------------------------------------------- */

static void test_dominates(void **state)
{
	struct label none = L("a_t"), none2 = L("b_t");
	struct label c1 = L("s_t:c1"), c12 = L("o_t:c1,c2");
	struct label c12b = L("x_t:c2,c1"), c3 = L("t:c3");
	struct label c1023 = L("t:c1023"), c1022 = L("t:c1022");
	struct label all = L("t:c0.c1023"), most = L("t:c0.c1022");

	(void)state;
	/* a superset dominates, a subset does not */
	assert_true(label_dominates(&c12, &c1));
	assert_false(label_dominates(&c1, &c12));
	/* disjoint sets: neither */
	assert_false(label_dominates(&c1, &c3));
	assert_false(label_dominates(&c3, &c1));
	/* equal sets: both ways, whatever the types */
	assert_true(label_dominates(&c12, &c12b));
	assert_true(label_dominates(&c12b, &c12));
	assert_true(label_dominates(&c1, &c1));
	/* the empty set: dominated by all, dominates only itself */
	assert_true(label_dominates(&none, &none2));
	assert_true(label_dominates(&c1, &none));
	assert_true(label_dominates(&all, &none));
	assert_false(label_dominates(&none, &c1));
	assert_false(label_dominates(&none, &c1023));
	/* the last category */
	assert_true(label_dominates(&c1023, &c1023));
	assert_false(label_dominates(&c1022, &c1023));
	assert_false(label_dominates(&c1023, &c1022));
	assert_true(label_dominates(&all, &c1023));
	assert_false(label_dominates(&most, &c1023));
	assert_true(label_dominates(&most, &c1022));
	assert_false(label_dominates(&most, &all));
	assert_true(label_dominates(&all, &most));
}

/* ---- policies -------------------------------------------------------------- */

static const char example[] =
	"# the example of the label policy language\n"
	"default_type unlabeled_t;\n"
	"allow container_t container_file_t : read write append exec create unlink;\n"
	"allow container_t unlabeled_t : read exec;\n"
	"allow container_t { container_file_t tmp_t } : read;      # a set\n"
	"allow container_t container_file_t : *;                    # all\n";

static void test_policy_example(void **state)
{
	struct label_policy p;
	const struct label_rule *r;

	(void)state;
	must_parse(example, &p);
	assert_string_equal(p.default_type, "unlabeled_t");
	assert_int_equal(p.nrules, 3);
	r = find_rule(&p, "container_t", "container_file_t");
	assert_non_null(r);
	assert_int_equal(r->perms, MOAT_LABEL_ALL);
	assert_int_equal(r->line, 3);
	r = find_rule(&p, "container_t", "unlabeled_t");
	assert_non_null(r);
	assert_int_equal(r->perms, MOAT_LABEL_READ | MOAT_LABEL_EXEC);
	assert_int_equal(r->line, 4);
	r = find_rule(&p, "container_t", "tmp_t");
	assert_non_null(r);
	assert_int_equal(r->perms, MOAT_LABEL_READ);
	assert_int_equal(r->line, 5);
	label_policy_free(&p);
	assert_null(p.rules);
	assert_int_equal(p.nrules, 0);
	label_policy_free(&p);	/* twice is harmless */
}

static void test_policy_perms(void **state)
{
	static const struct {
		const char *perms;
		uint32_t want;
	} cases[] = {
		{ "read", MOAT_LABEL_READ },
		{ "write", MOAT_LABEL_WRITE },
		{ "append", MOAT_LABEL_APPEND },
		{ "exec", MOAT_LABEL_EXEC },
		{ "create", MOAT_LABEL_CREATE },
		{ "unlink", MOAT_LABEL_UNLINK },
		{ "relabel", MOAT_LABEL_RELABEL },
		{ "*", MOAT_LABEL_ALL },
		{ "read *", MOAT_LABEL_ALL },
		{ "read read", MOAT_LABEL_READ },
		{ "read write append exec create unlink relabel",
		  MOAT_LABEL_ALL },
		{ "unlink exec", MOAT_LABEL_UNLINK | MOAT_LABEL_EXEC },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct label_policy p;
		char text[256];

		snprintf(text, sizeof(text),
			 "default_type u_t;\nallow s_t o_t : %s;\n",
			 cases[i].perms);
		must_parse(text, &p);
		assert_int_equal(p.nrules, 1);
		assert_int_equal(rule_perms(&p, "s_t", "o_t"), cases[i].want);
		label_policy_free(&p);
	}
}

static void test_policy_sets_and_merging(void **state)
{
	struct label_policy p;

	(void)state;
	must_parse("default_type u_t;\n"
		   "allow { a_t b_t } { x_t y_t z_t } : read;\n"
		   "allow a_t x_t : write;\n"
		   "allow { b_t b_t } y_t : exec;   # a duplicate in a set\n"
		   "allow {a_t} {z_t x_t}:append;\n"
		   "allow a_t x_t : read;\n", &p);
	assert_int_equal(p.nrules, 6);
	assert_int_equal(rule_perms(&p, "a_t", "x_t"),
			 MOAT_LABEL_READ | MOAT_LABEL_WRITE |
			 MOAT_LABEL_APPEND);
	assert_int_equal(find_rule(&p, "a_t", "x_t")->line, 2);
	assert_int_equal(rule_perms(&p, "a_t", "y_t"), MOAT_LABEL_READ);
	assert_int_equal(rule_perms(&p, "a_t", "z_t"),
			 MOAT_LABEL_READ | MOAT_LABEL_APPEND);
	assert_int_equal(rule_perms(&p, "b_t", "x_t"), MOAT_LABEL_READ);
	assert_int_equal(rule_perms(&p, "b_t", "y_t"),
			 MOAT_LABEL_READ | MOAT_LABEL_EXEC);
	assert_int_equal(rule_perms(&p, "b_t", "z_t"), MOAT_LABEL_READ);
	/* a direction is a pair of its own */
	assert_null(find_rule(&p, "x_t", "a_t"));
	label_policy_free(&p);
}

static void test_policy_layout(void **state)
{
	struct label_policy p;
	const struct label_rule *r;

	(void)state;
	/* several statements on one line, one over several lines */
	must_parse("\n\n   # only a comment\n"
		   "allow a_t b_t : read; allow a_t c_t : write;default_type u_t;\n"
		   "allow\n"
		   "  { a_t   # subjects\n"
		   "    d_t }\n"
		   "\tb_t\n"
		   "  :\n"
		   "  exec   # and more\n"
		   "  unlink\n"
		   ";\n"
		   "allow a_t b_t:create;", &p);
	assert_string_equal(p.default_type, "u_t");
	assert_int_equal(p.nrules, 3);
	r = find_rule(&p, "a_t", "b_t");
	assert_int_equal(r->perms, MOAT_LABEL_READ | MOAT_LABEL_EXEC |
			 MOAT_LABEL_UNLINK | MOAT_LABEL_CREATE);
	assert_int_equal(r->line, 4);
	assert_int_equal(rule_perms(&p, "a_t", "c_t"), MOAT_LABEL_WRITE);
	r = find_rule(&p, "d_t", "b_t");
	assert_int_equal(r->perms, MOAT_LABEL_EXEC | MOAT_LABEL_UNLINK);
	assert_int_equal(r->line, 5);
	label_policy_free(&p);

	/* only default_type: no rules; CRLF line ends */
	must_parse("default_type u_t;\r\n# nothing else\r\n", &p);
	assert_string_equal(p.default_type, "u_t");
	assert_int_equal(p.nrules, 0);
	label_policy_free(&p);
}

static void test_policy_string(void **state)
{
	struct label_policy p;
	char err[256];

	(void)state;
	assert_int_equal(label_policy_parse_string(example, "ex", &p, err,
						   sizeof(err)), 0);
	assert_int_equal(p.nrules, 3);
	label_policy_free(&p);
	assert_int_equal(label_policy_parse_string("allow a_t b_t : reed;",
						   "mem", &p, err,
						   sizeof(err)), -1);
	assert_string_equal(err, "mem:1: unknown permission 'reed' (read write append exec create unlink relabel *)");
	assert_null(p.rules);
	assert_int_equal(p.nrules, 0);
}

static void test_policy_rules_max(void **state)
{
	size_t size = 64 + (size_t)(MOAT_LABEL_RULES_MAX + 1) * 40;
	char *text = malloc(size), err[512], path[4200], want[4400];
	struct label_policy p;
	size_t pos;
	int i, ret;

	(void)state;
	assert_non_null(text);
	/* exactly the limit, with duplicates merged on the way */
	pos = snprintf(text, size, "default_type u_t;\n");
	for (i = 0; i < MOAT_LABEL_RULES_MAX; i++)
		pos += snprintf(text + pos, size - pos,
				"allow s_t o%d_t : read;\n", i);
	pos += snprintf(text + pos, size - pos, "allow s_t o0_t : write;\n");
	ret = parse_text("max.labels", text, &p, err, sizeof(err), path,
			 sizeof(path));
	if (ret)
		fail_msg("%s", err);
	assert_int_equal(p.nrules, MOAT_LABEL_RULES_MAX);
	assert_int_equal(rule_perms(&p, "s_t", "o0_t"),
			 MOAT_LABEL_READ | MOAT_LABEL_WRITE);
	label_policy_free(&p);

	/* one more */
	pos += snprintf(text + pos, size - pos,
			"allow s_t o%d_t : read;\n", MOAT_LABEL_RULES_MAX);
	ret = parse_text("over.labels", text, &p, err, sizeof(err), path,
			 sizeof(path));
	assert_int_equal(ret, -1);
	snprintf(want, sizeof(want), "%s:%d: more than %d rules (allow s_t o%d_t)",
		 path, MOAT_LABEL_RULES_MAX + 3, MOAT_LABEL_RULES_MAX,
		 MOAT_LABEL_RULES_MAX);
	assert_string_equal(err, want);
	assert_null(p.rules);

	/* a set that expands past the limit */
	pos = snprintf(text, size, "default_type u_t;\nallow {");
	for (i = 0; i < 65; i++)
		pos += snprintf(text + pos, size - pos, " s%d_t", i);
	pos += snprintf(text + pos, size - pos, " }\n{");
	for (i = 0; i < 64; i++)
		pos += snprintf(text + pos, size - pos, " o%d_t", i);
	snprintf(text + pos, size - pos, " } : read;\n");
	ret = parse_text("set.labels", text, &p, err, sizeof(err), path,
			 sizeof(path));
	assert_int_equal(ret, -1);
	snprintf(want, sizeof(want), "%s:2: more than %d rules (allow s64_t o0_t)",
		 path, MOAT_LABEL_RULES_MAX);
	assert_string_equal(err, want);
	free(text);
}

/* ---- policy errors --------------------------------------------------------- */

struct err_case {
	const char *name;
	const char *text;
	int line;
	const char *msg;	/* the exact message after "FILE:LINE: " */
};

#define DT "default_type u_t;\n"

static const struct err_case err_cases[] = {
	{ "unknown_keyword", DT "alow a_t b_t : read;\n", 2,
	  "unknown keyword 'alow' (allow, default_type, fs_default)" },
	{ "unknown_keyword_first", "deny a_t b_t : read;\n" DT, 1,
	  "unknown keyword 'deny' (allow, default_type, fs_default)" },
	{ "keyword_case", DT "\n\nAllow a_t b_t : read;\n", 4,
	  "unknown keyword 'Allow' (allow, default_type, fs_default)" },
	{ "bad_subject", DT "allow A_t b_t : read;\n", 2,
	  "bad type name 'A_t': type must start with a letter a-z" },
	{ "bad_object", DT "allow a_t b-t : read;\n", 2,
	  "bad type name 'b-t': type may only hold a-z, 0-9 and _" },
	{ "bad_type_in_set", DT "allow a_t {\n b_t\n 9_t } : read;\n", 4,
	  "bad type name '9_t': type must start with a letter a-z" },
	{ "long_type", DT "allow a_t x1234567890123456789012345678901234567890123456789012345678901_t : read;\n", 2,
	  "bad type name 'x1234567890123456789012345678901234567890123456789012345678901_t': type longer than 63 characters" },
	{ "bad_default_type", "default_type Unlabeled;\n", 1,
	  "bad type name 'Unlabeled': type must start with a letter a-z" },
	{ "star_as_type", DT "allow * b_t : read;\n", 2,
	  "bad type name '*': type must start with a letter a-z" },
	{ "label_as_type", DT "allow a_t b_t:c1 : read;\n", 2,
	  "unknown permission 'c1' (read write append exec create unlink relabel *)" },
	{ "unknown_perm", DT "allow a_t b_t : read wirte;\n", 2,
	  "unknown permission 'wirte' (read write append exec create unlink relabel *)" },
	{ "unknown_perm_case", DT "allow a_t b_t :\n READ;\n", 3,
	  "unknown permission 'READ' (read write append exec create unlink relabel *)" },
	{ "unknown_perm_all", DT "allow a_t b_t : all;\n", 2,
	  "unknown permission 'all' (read write append exec create unlink relabel *)" },
	{ "missing_colon", DT "allow a_t b_t read;\n", 2,
	  "missing ':' before 'read' in allow" },
	{ "missing_colon_eol", DT "allow a_t b_t\n;\n", 2,
	  "missing ':' after the object type in allow" },
	{ "missing_colon_set", DT "allow { a_t } { b_t } read;\n", 2,
	  "missing ':' before 'read' in allow" },
	{ "missing_object", DT "allow a_t : read;\n", 2,
	  "expected object type, found ':'" },
	{ "missing_subject", DT "allow ;\n", 2,
	  "expected subject type, found ';'" },
	{ "missing_semi_eof", DT "allow a_t b_t : read", 2,
	  "missing ';' after allow" },
	{ "missing_semi_next", DT "allow a_t b_t : read\nallow a_t c_t : read;\n", 2,
	  "missing ';' after allow" },
	{ "missing_semi_dt", "default_type u_t\nallow a_t b_t : read;\n", 1,
	  "missing ';' after default_type" },
	{ "missing_semi_dt_eof", "# x\ndefault_type u_t", 2,
	  "missing ';' after default_type" },
	{ "missing_semi_dt_word", "default_type u_t v_t;\n", 1,
	  "unexpected 'v_t' in default_type (missing ';'?)" },
	{ "missing_semi_brace", DT "allow a_t b_t : read { c_t };\n", 2,
	  "unexpected '{' in allow (missing ';'?)" },
	{ "default_type_twice", DT "allow a_t b_t : read;\n\ndefault_type v_t;\n", 4,
	  "default_type given twice (first on line 1)" },
	{ "default_type_twice_same", "default_type u_t; default_type u_t;\n", 1,
	  "default_type given twice (first on line 1)" },
	{ "default_type_missing", "allow a_t b_t : read;\n# end\n", 2,
	  "missing default_type" },
	{ "default_type_missing_noeol", "allow a_t b_t : read;\n\n\nallow a_t b_t : exec;", 4,
	  "missing default_type" },
	{ "empty_file", "", 1, "missing default_type" },
	{ "default_type_no_type", "default_type ;\n", 1,
	  "default_type without a type" },
	{ "default_type_no_type_kw", "default_type\nallow a_t b_t : read;\n", 1,
	  "default_type without a type" },
	{ "no_perms", DT "allow a_t b_t : ;\n", 2,
	  "allow without permissions" },
	{ "empty_set", DT "allow { } b_t : read;\n", 2,
	  "empty subject type set" },
	{ "empty_object_set", DT "allow a_t {\n} : read;\n", 3,
	  "empty object type set" },
	{ "unclosed_set", DT "allow { a_t b_t : read;\n", 2,
	  "missing '}' of the subject type set opened on line 2" },
	{ "nested_set", DT "allow { a_t { b_t } } c_t : read;\n", 2,
	  "unexpected '{' in subject type set" },
	{ "stray_brace", DT "}\n", 2,
	  "unexpected '}' at the start of a statement" },
	{ "empty_statement", DT "allow a_t b_t : read;;\n", 2,
	  "empty statement" },
	{ "colon_twice", DT "allow a_t b_t : read : write;\n", 2,
	  "unexpected ':' in allow (missing ';'?)" },
};

static void run_err_case(void **state)
{
	const struct err_case *c = *state;
	struct label_policy p;
	char err[512] = "", path[4200], want[4800];
	char name[128];

	snprintf(name, sizeof(name), "%s.labels", c->name);
	assert_int_equal(parse_text(name, c->text, &p, err, sizeof(err), path,
				    sizeof(path)), -1);
	snprintf(want, sizeof(want), "%s:%d: %s", path, c->line, c->msg);
	assert_string_equal(err, want);
	assert_null(p.rules);
	assert_int_equal(p.nrules, 0);
}

static void test_err_unreadable(void **state)
{
	struct label_policy p;
	char err[512], path[4200], want[4400];

	(void)state;
	snprintf(path, sizeof(path), "%s/does-not-exist.labels", tmpdir);
	assert_int_equal(label_policy_parse_file(path, &p, err, sizeof(err)),
			 -1);
	snprintf(want, sizeof(want), "%s: No such file or directory", path);
	assert_string_equal(err, want);
	assert_null(p.rules);
}

static void test_err_nul_byte(void **state)
{
	static const char text[] = "default_type u_t;\nallow a_t\0 b_t : read;\n";
	struct label_policy p;
	char err[512], path[4200], want[4400];

	(void)state;
	write_file("nul.labels", text, sizeof(text) - 1, path, sizeof(path));
	assert_int_equal(label_policy_parse_file(path, &p, err, sizeof(err)),
			 -1);
	snprintf(want, sizeof(want), "%s:2: NUL byte in the file", path);
	assert_string_equal(err, want);
}

static void test_err_short_buffer(void **state)
{
	struct label_policy p;
	char err[8];

	(void)state;
	memset(err, 'X', sizeof(err));
	assert_int_equal(label_policy_parse_string("allow;", "a-long-name",
						   &p, err, sizeof(err)), -1);
	assert_string_equal(err, "a-long-");
}

/* ---- decisions ------------------------------------------------------------- */

static void test_policy_fs_default(void **state)
{
	struct label_policy p;
	char err[256];

	assert_int_equal(label_policy_parse_string(
		"default_type u_t;\nfs_default devpts pts_t;\n"
		"fs_default proc proc_t;\nallow c_t pts_t : read write;\n",
		"fs", &p, err, sizeof(err)), 0);
	assert_int_equal(p.nfs, 2);
	assert_string_equal(p.fs[0].fstype, "devpts");
	assert_string_equal(p.fs[0].type, "pts_t");
	assert_string_equal(p.fs[1].fstype, "proc");
	assert_string_equal(p.fs[1].type, "proc_t");
	label_policy_free(&p);

	assert_int_equal(label_policy_parse_string(
		"default_type u_t;\nfs_default proc a_t;\nfs_default proc b_t;\n",
		"fs", &p, err, sizeof(err)), -1);
	assert_string_equal(err, "fs:3: fs_default for 'proc' given twice");
	assert_int_equal(label_policy_parse_string(
		"default_type u_t;\nfs_default proc;\n", "fs", &p, err,
		sizeof(err)), -1);
	assert_non_null(strstr(err, "fs:2: "));
}

static void test_decide(void **state)
{
	struct label_policy p;
	struct label s1 = L("container_t:c1"), s12 = L("container_t:c1,c2");
	struct label o1 = L("container_file_t:c1");
	struct label o12 = L("container_file_t:c1,c2");
	struct label o_none = L("container_file_t"), u = L("unlabeled_t");
	struct label tmp1 = L("tmp_t:c1"), other = L("other_t");
	struct label s_none = L("container_t"), s_all = L("container_t:c0.c1023");
	struct label o1023 = L("container_file_t:c1023");

	(void)state;
	must_parse("default_type unlabeled_t;\n"
		   "allow container_t container_file_t : read write;\n"
		   "allow container_t unlabeled_t : read exec;\n"
		   "allow { container_t other_t } tmp_t : read;\n"
		   "allow container_t container_file_t : append;\n", &p);

	/* the object has a category the subject lacks: nothing */
	assert_int_equal(label_policy_decide(&p, &s1, &o12), 0);
	assert_int_equal(label_policy_decide(&p, &s_none, &o1), 0);
	assert_int_equal(label_policy_decide(&p, &s_all, &o1023),
			 MOAT_LABEL_READ | MOAT_LABEL_WRITE |
			 MOAT_LABEL_APPEND);
	assert_int_equal(label_policy_decide(&p, &s12, &o1023), 0);
	/* dominance holds: the rules (ORed) */
	assert_int_equal(label_policy_decide(&p, &s12, &o1),
			 MOAT_LABEL_READ | MOAT_LABEL_WRITE |
			 MOAT_LABEL_APPEND);
	assert_int_equal(label_policy_decide(&p, &s12, &o12),
			 MOAT_LABEL_READ | MOAT_LABEL_WRITE |
			 MOAT_LABEL_APPEND);
	assert_int_equal(label_policy_decide(&p, &s1, &o1),
			 MOAT_LABEL_READ | MOAT_LABEL_WRITE |
			 MOAT_LABEL_APPEND);
	assert_int_equal(label_policy_decide(&p, &s1, &o_none),
			 MOAT_LABEL_READ | MOAT_LABEL_WRITE |
			 MOAT_LABEL_APPEND);
	assert_int_equal(label_policy_decide(&p, &s1, &u),
			 MOAT_LABEL_READ | MOAT_LABEL_EXEC);
	assert_int_equal(label_policy_decide(&p, &s12, &tmp1),
			 MOAT_LABEL_READ);
	/* an unknown pair, or a rule the other way round: nothing */
	assert_int_equal(label_policy_decide(&p, &s12, &other), 0);
	assert_int_equal(label_policy_decide(&p, &o_none, &s_none), 0);
	assert_int_equal(label_policy_decide(&p, &u, &u), 0);
	/* other_t may read tmp_t, not unlabeled_t */
	assert_int_equal(label_policy_decide(&p, &other, &u), 0);
	{
		struct label other1 = L("other_t:c1");

		assert_int_equal(label_policy_decide(&p, &other1, &tmp1),
				 MOAT_LABEL_READ);
		assert_int_equal(label_policy_decide(&p, &other, &tmp1), 0);
	}
	label_policy_free(&p);

	/* an empty policy allows nothing */
	must_parse("default_type u_t;\n", &p);
	assert_int_equal(label_policy_decide(&p, &s12, &o1), 0);
	label_policy_free(&p);
}

/* ---- main ------------------------------------------------------------------ */

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
	snprintf(tmpdir, sizeof(tmpdir), "%s/moat-labels-XXXXXX",
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
		cmocka_unit_test(test_label_table),
		cmocka_unit_test(test_label_bits),
		cmocka_unit_test(test_label_round_trip_exhaustive),
		cmocka_unit_test(test_label_format_truncates),
		cmocka_unit_test(test_dominates),
		cmocka_unit_test(test_policy_example),
		cmocka_unit_test(test_policy_perms),
		cmocka_unit_test(test_policy_sets_and_merging),
		cmocka_unit_test(test_policy_layout),
		cmocka_unit_test(test_policy_string),
		cmocka_unit_test(test_policy_rules_max),
		cmocka_unit_test(test_err_unreadable),
		cmocka_unit_test(test_err_nul_byte),
		cmocka_unit_test(test_err_short_buffer),
		cmocka_unit_test(test_policy_fs_default),
		cmocka_unit_test(test_decide),
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
	ret = _cmocka_run_group_tests("labels", tests, nfixed + nerr, setup,
				      teardown);
	free(tests);
	return ret;
}
