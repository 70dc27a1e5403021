// SPDX-License-Identifier: GPL-2.0
/*
 * moat - KUnit: the path automaton (dfa.c): its bounds check rejects every
 * table that could make the walk leave its arrays, and the walk finds what
 * the tables say.
 */

#include <kunit/test.h>
#include <linux/slab.h>

#include "kunit_msg.h"

/*
 * The automaton of "/a r," and "deny /b w," over four byte classes:
 * 0 other, 1 '/', 2 'a', 3 'b'. State 0 is dead, 1 the start.
 */
#define T_STATES	5
#define T_CLASSES	4

static const u16 t_trans[T_STATES * T_CLASSES] = {
	0, 0, 0, 0,	/* 0: dead */
	0, 2, 0, 0,	/* 1: start, '/' -> 2 */
	0, 0, 3, 4,	/* 2: after "/" */
	0, 0, 0, 0,	/* 3: "/a" */
	0, 0, 0, 0,	/* 4: "/b" */
};

static const struct moat_dfa_accept t_accept[T_STATES] = {
	[3] = { .allow = MOAT_FILE_READ },
	[4] = { .deny = MOAT_FILE_WRITE },
};

struct t_dfa {
	u32 states, classes, start;
	u8 classmap[256];
	u16 trans[T_STATES * T_CLASSES];
	struct moat_dfa_accept accept[T_STATES];
	int trans_len;		/* bytes of @trans sent */
	int split;		/* send the transitions in two pieces */
};

static void t_dfa_init(struct t_dfa *d)
{
	memset(d, 0, sizeof(*d));
	d->states = T_STATES;
	d->classes = T_CLASSES;
	d->start = 1;
	d->classmap['/'] = 1;
	d->classmap['a'] = 2;
	d->classmap['b'] = 3;
	memcpy(d->trans, t_trans, sizeof(t_trans));
	memcpy(d->accept, t_accept, sizeof(t_accept));
	d->trans_len = sizeof(d->trans);
}

static void t_dfa_put(struct moat_kmsg *m, const struct t_dfa *d)
{
	struct nlattr *nest = moat_kmsg_nest(m, MOAT_A_PROFILE_PATHS);

	moat_kmsg_u32(m, MOAT_PATH_A_DFA_STATES, d->states);
	moat_kmsg_u32(m, MOAT_PATH_A_DFA_CLASSES, d->classes);
	moat_kmsg_u32(m, MOAT_PATH_A_DFA_START, d->start);
	moat_kmsg_put(m, MOAT_PATH_A_DFA_CLASSMAP, d->classmap,
		      sizeof(d->classmap));
	moat_kmsg_end(m, nest);
	if (d->split) {
		moat_kmsg_put(m, MOAT_A_DFA_TRANS, d->trans, d->split);
		moat_kmsg_put(m, MOAT_A_DFA_TRANS, (const char *)d->trans +
			      d->split, d->trans_len - d->split);
	} else {
		moat_kmsg_put(m, MOAT_A_DFA_TRANS, d->trans, d->trans_len);
	}
	moat_kmsg_put(m, MOAT_A_DFA_ACCEPT, d->accept, sizeof(d->accept));
}

static int t_dfa_load(struct kunit *test, const struct t_dfa *d)
{
	struct moat_kmsg m;
	int err;

	moat_kmsg_init(test, &m, 4096);
	t_dfa_put(&m, d);
	err = moat_kmsg_load_err(&m);
	moat_kmsg_free(&m);
	return err;
}

static void moat_dfa_walk(struct kunit *test)
{
	struct moat_ruleset *rs;
	struct moat_kmsg m;
	struct t_dfa d;
	char *longpath;

	t_dfa_init(&d);
	moat_kmsg_init(test, &m, 4096);
	t_dfa_put(&m, &d);
	rs = moat_kmsg_build(&m, NULL);
	moat_kmsg_free(&m);
	KUNIT_ASSERT_FALSE(test, IS_ERR(rs));
	KUNIT_ASSERT_NOT_NULL(test, rs->path);

	KUNIT_EXPECT_EQ(test, moat_dfa_match(&rs->path->dfa, "/a")->allow,
			MOAT_FILE_READ);
	KUNIT_EXPECT_EQ(test, moat_dfa_match(&rs->path->dfa, "/b")->deny,
			MOAT_FILE_WRITE);
	/* a longer name runs into the dead state: nothing granted */
	KUNIT_EXPECT_EQ(test, moat_dfa_match(&rs->path->dfa, "/ab")->allow, 0U);
	KUNIT_EXPECT_EQ(test, moat_dfa_match(&rs->path->dfa, "/a/")->allow, 0U);
	KUNIT_EXPECT_EQ(test, moat_dfa_match(&rs->path->dfa, "")->allow, 0U);
	KUNIT_EXPECT_EQ(test, moat_dfa_match(&rs->path->dfa, "\xff")->allow, 0U);

	/* a name of 8 KiB (moat's longest) of bytes of every class */
	longpath = kmalloc(8192, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, longpath);
	memset(longpath, 'a', 8191);
	longpath[0] = '/';
	longpath[8191] = '\0';
	KUNIT_EXPECT_EQ(test, moat_dfa_match(&rs->path->dfa, longpath)->allow,
			0U);
	kfree(longpath);
	moat_ruleset_free(rs);
}

static void moat_dfa_pieces(struct kunit *test)
{
	struct t_dfa d;

	t_dfa_init(&d);
	d.split = 6;	/* three transitions, then the rest */
	KUNIT_EXPECT_EQ(test, t_dfa_load(test, &d), 0);
	d.split = 0;
	d.trans_len -= 2;	/* one transition short */
	KUNIT_EXPECT_EQ(test, t_dfa_load(test, &d), -EINVAL);
}

static void moat_dfa_out_of_range(struct kunit *test)
{
	struct t_dfa d;

	/* a transition to a state that does not exist */
	t_dfa_init(&d);
	d.trans[2 * T_CLASSES + 2] = T_STATES;
	KUNIT_EXPECT_EQ(test, t_dfa_load(test, &d), -EINVAL);
	/* the largest u16 */
	t_dfa_init(&d);
	d.trans[T_STATES * T_CLASSES - 1] = 0xffff;
	KUNIT_EXPECT_EQ(test, t_dfa_load(test, &d), -EINVAL);
	/* a byte mapped to a class past the table's width */
	t_dfa_init(&d);
	d.classmap[0xff] = T_CLASSES;
	KUNIT_EXPECT_EQ(test, t_dfa_load(test, &d), -EINVAL);
	/* a start state that does not exist */
	t_dfa_init(&d);
	d.start = T_STATES;
	KUNIT_EXPECT_EQ(test, t_dfa_load(test, &d), -EINVAL);
	/* a cycle back from the last state to one out of range */
	t_dfa_init(&d);
	d.trans[4 * T_CLASSES + 1] = 4;
	d.trans[4 * T_CLASSES + 2] = T_STATES + 1;
	KUNIT_EXPECT_EQ(test, t_dfa_load(test, &d), -EINVAL);
}

static void moat_dfa_dead_state(struct kunit *test)
{
	struct t_dfa d;

	/* state 0 must stay dead: no way out of it ... */
	t_dfa_init(&d);
	d.trans[1] = 2;
	KUNIT_EXPECT_EQ(test, t_dfa_load(test, &d), -EINVAL);
	/* ... and nothing granted or denied in it */
	t_dfa_init(&d);
	d.accept[0].allow = MOAT_FILE_READ;
	KUNIT_EXPECT_EQ(test, t_dfa_load(test, &d), -EINVAL);
	t_dfa_init(&d);
	d.accept[0].deny_owner = MOAT_FILE_WRITE;
	KUNIT_EXPECT_EQ(test, t_dfa_load(test, &d), -EINVAL);
}

static void moat_dfa_unknown_perms(struct kunit *test)
{
	struct t_dfa d;

	t_dfa_init(&d);
	d.accept[3].allow = MOAT_FILE_ALL + 1;
	KUNIT_EXPECT_EQ(test, t_dfa_load(test, &d), -EINVAL);
	t_dfa_init(&d);
	d.accept[4].deny_owner = 0x80000000U;
	KUNIT_EXPECT_EQ(test, t_dfa_load(test, &d), -EINVAL);
}

static void moat_dfa_sizes(struct kunit *test)
{
	struct t_dfa d;

	/* zero states or classes, or too many: the policy's ranges */
	t_dfa_init(&d);
	d.states = 0;
	KUNIT_EXPECT_EQ(test, t_dfa_load(test, &d), -ERANGE);
	t_dfa_init(&d);
	d.states = MOAT_DFA_STATES_MAX + 1;
	KUNIT_EXPECT_EQ(test, t_dfa_load(test, &d), -ERANGE);
	t_dfa_init(&d);
	d.classes = MOAT_DFA_CLASSES_MAX + 1;
	KUNIT_EXPECT_EQ(test, t_dfa_load(test, &d), -ERANGE);
	/* counts that disagree with the tables sent */
	t_dfa_init(&d);
	d.states = T_STATES - 1;
	KUNIT_EXPECT_EQ(test, t_dfa_load(test, &d), -EINVAL);
	t_dfa_init(&d);
	d.classes = T_CLASSES + 1;
	KUNIT_EXPECT_EQ(test, t_dfa_load(test, &d), -EINVAL);
}

static struct kunit_case moat_dfa_cases[] = {
	KUNIT_CASE(moat_dfa_walk),
	KUNIT_CASE(moat_dfa_pieces),
	KUNIT_CASE(moat_dfa_out_of_range),
	KUNIT_CASE(moat_dfa_dead_state),
	KUNIT_CASE(moat_dfa_unknown_perms),
	KUNIT_CASE(moat_dfa_sizes),
	{}
};

static struct kunit_suite moat_dfa_suite = {
	.name = "moat-dfa",
	.test_cases = moat_dfa_cases,
};

kunit_test_suite(moat_dfa_suite);
