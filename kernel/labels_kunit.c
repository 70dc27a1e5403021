// SPDX-License-Identifier: GPL-2.0
/*
 * moat - KUnit: labels (labels.c): the label grammar as the xattr holds
 * it, formatting, and what a rule grants under category dominance.
 */

#include <kunit/test.h>
#include <linux/slab.h>

#include "kunit_msg.h"

static int t_parse(const char *s, struct moat_label *l)
{
	return moat_label_parse(s, strlen(s), l);
}

static void moat_label_grammar(struct kunit *test)
{
	static const char * const good[] = {
		"container_t", "container_t:c0", "t:c1,c2", "a1_b:c0.c1023",
		"x:c3.c5,c9",
	};
	static const char * const bad[] = {
		"", ":c1", "Container_t", "1type", "_t", "t:", "t:c", "t:c1,",
		"t:c1024", "t:c01", "t:c1,c1", "t:c5.c3", "t:c3.c3", "t:c1.c4,c2",
		"t:d1", "t:c1 ", "t c1", "t:c-1", "t:c99999999999",
		/* 64 bytes of type: one more than a type may hold */
		"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
	};
	struct moat_label l;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(good); i++)
		KUNIT_EXPECT_EQ_MSG(test, t_parse(good[i], &l), 0, "%s", good[i]);
	for (i = 0; i < ARRAY_SIZE(bad); i++)
		KUNIT_EXPECT_EQ_MSG(test, t_parse(bad[i], &l), -EINVAL, "%s",
				    bad[i]);

	/* the xattr's trailing NUL is not part of the label */
	KUNIT_EXPECT_EQ(test, moat_label_parse("t:c7", 5, &l), 0);
	KUNIT_EXPECT_STREQ(test, l.type, "t");
	KUNIT_EXPECT_TRUE(test, test_bit(7, l.cats));
	KUNIT_EXPECT_EQ(test, bitmap_weight(l.cats, MOAT_LABEL_CATS), 1U);
	/* an embedded NUL is not */
	KUNIT_EXPECT_EQ(test, moat_label_parse("t\0:c1", 5, &l), -EINVAL);
	/* 63 bytes of type is the most */
	KUNIT_EXPECT_EQ(test, moat_label_parse(bad[ARRAY_SIZE(bad) - 1],
					       MOAT_NAME_MAX - 1, &l), 0);
}

static void moat_label_format_roundtrip(struct kunit *test)
{
	static const struct {
		const char *in, *out;
	} c[] = {
		{ "t", "t" },
		{ "t:c1", "t:c1" },
		{ "t:c2,c1", "t:c1,c2" },
		{ "t:c1,c2,c3", "t:c1.c3" },
		{ "t:c0.c1023", "t:c0.c1023" },
		{ "t:c9,c4.c6,c1", "t:c1,c4.c6,c9" },
	};
	char buf[MOAT_NAME_MAX + 6 * 16];
	struct moat_label l, again;
	size_t i, n;

	for (i = 0; i < ARRAY_SIZE(c); i++) {
		KUNIT_ASSERT_EQ(test, t_parse(c[i].in, &l), 0);
		n = moat_label_format(&l, buf, sizeof(buf));
		KUNIT_EXPECT_EQ(test, n, strlen(c[i].out));
		KUNIT_EXPECT_STREQ(test, buf, c[i].out);
		KUNIT_ASSERT_EQ(test, moat_label_parse(buf, n, &again), 0);
		KUNIT_EXPECT_TRUE(test, bitmap_equal(l.cats, again.cats,
						     MOAT_LABEL_CATS));
	}
}

static void t_lrule(struct moat_kmsg *m, const char *subj, const char *obj,
		    u32 perms)
{
	struct nlattr *r = moat_kmsg_nest(m, MOAT_A_LABEL_RULE);

	moat_kmsg_str(m, MOAT_LRULE_A_SUBJECT, subj);
	moat_kmsg_str(m, MOAT_LRULE_A_OBJECT, obj);
	moat_kmsg_u32(m, MOAT_LRULE_A_PERMS, perms);
	moat_kmsg_end(m, r);
}

/*
 * container_t may read, write and create container_file_t, and only read
 * the default type (usr_t) or files on proc (proc_t, an fs_default).
 */
static struct moat_ruleset *t_policy(struct kunit *test)
{
	struct moat_ruleset *rs;
	struct nlattr *n;
	struct moat_kmsg m;

	moat_kmsg_init(test, &m, 2048);
	n = moat_kmsg_nest(&m, MOAT_A_PROFILE_LABELS);
	moat_kmsg_str(&m, MOAT_LABELS_A_DEFAULT_TYPE, "usr_t");
	moat_kmsg_end(&m, n);
	t_lrule(&m, "container_t", "container_file_t",
		MOAT_LABEL_READ | MOAT_LABEL_WRITE | MOAT_LABEL_CREATE);
	t_lrule(&m, "container_t", "usr_t", MOAT_LABEL_READ);
	t_lrule(&m, "container_t", "proc_t", MOAT_LABEL_READ | MOAT_LABEL_EXEC);
	t_lrule(&m, "admin_t", "container_file_t", MOAT_LABEL_ALL);
	n = moat_kmsg_nest(&m, MOAT_A_LABEL_FS);
	moat_kmsg_str(&m, MOAT_LFS_A_FSTYPE, "proc");
	moat_kmsg_str(&m, MOAT_LFS_A_TYPE, "proc_t");
	moat_kmsg_end(&m, n);
	rs = moat_kmsg_build(&m, NULL);
	moat_kmsg_free(&m);
	KUNIT_ASSERT_FALSE(test, IS_ERR(rs));
	KUNIT_ASSERT_NOT_NULL(test, rs->labels);
	return rs;
}

static void moat_label_dominance(struct kunit *test)
{
	struct moat_ruleset *rs = t_policy(test);
	const struct moat_label_policy *lp = rs->labels;
	struct moat_label c1, c2, c12, f1, f2, f12, fnone, other;
	const u32 rwc = MOAT_LABEL_READ | MOAT_LABEL_WRITE | MOAT_LABEL_CREATE;

	KUNIT_ASSERT_EQ(test, t_parse("container_t:c1", &c1), 0);
	KUNIT_ASSERT_EQ(test, t_parse("container_t:c2", &c2), 0);
	KUNIT_ASSERT_EQ(test, t_parse("container_t:c1,c2", &c12), 0);
	KUNIT_ASSERT_EQ(test, t_parse("container_file_t:c1", &f1), 0);
	KUNIT_ASSERT_EQ(test, t_parse("container_file_t:c2", &f2), 0);
	KUNIT_ASSERT_EQ(test, t_parse("container_file_t:c1,c2", &f12), 0);
	KUNIT_ASSERT_EQ(test, t_parse("container_file_t", &fnone), 0);
	KUNIT_ASSERT_EQ(test, t_parse("other_t:c1", &other), 0);

	/* its own category: the rule's permissions */
	KUNIT_EXPECT_EQ(test, moat_label_allowed(lp, &c1, &f1, "tmpfs"), rwc);
	/* another container's category: nothing, whatever the rule says */
	KUNIT_EXPECT_EQ(test, moat_label_allowed(lp, &c1, &f2, "tmpfs"), 0U);
	KUNIT_EXPECT_EQ(test, moat_label_allowed(lp, &c2, &f1, "tmpfs"), 0U);
	/* a file in two categories needs both */
	KUNIT_EXPECT_EQ(test, moat_label_allowed(lp, &c1, &f12, "tmpfs"), 0U);
	KUNIT_EXPECT_EQ(test, moat_label_allowed(lp, &c12, &f12, "tmpfs"),
			rwc);
	/* the subject's categories dominate: more is fine */
	KUNIT_EXPECT_EQ(test, moat_label_allowed(lp, &c12, &f1, "tmpfs"), rwc);
	/* no categories on the object: every subject dominates it */
	KUNIT_EXPECT_EQ(test, moat_label_allowed(lp, &c2, &fnone, "tmpfs"),
			rwc);
	/* a type no rule names: nothing */
	KUNIT_EXPECT_EQ(test, moat_label_allowed(lp, &c1, &other, "tmpfs"), 0U);
	/* unlabelled: the file system's type, else the default type */
	KUNIT_EXPECT_EQ(test, moat_label_allowed(lp, &c1, NULL, "proc"),
			MOAT_LABEL_READ | MOAT_LABEL_EXEC);
	KUNIT_EXPECT_EQ(test, moat_label_allowed(lp, &c1, NULL, "tmpfs"),
			MOAT_LABEL_READ);
	/* rules are per subject type */
	KUNIT_EXPECT_EQ(test, moat_label_allowed(lp, &other, &f1, "tmpfs"), 0U);
	moat_ruleset_free(rs);
}

static struct kunit_case moat_label_cases[] = {
	KUNIT_CASE(moat_label_grammar),
	KUNIT_CASE(moat_label_format_roundtrip),
	KUNIT_CASE(moat_label_dominance),
	{}
};

static struct kunit_suite moat_label_suite = {
	.name = "moat-labels",
	.test_cases = moat_label_cases,
};

kunit_test_suite(moat_label_suite);
