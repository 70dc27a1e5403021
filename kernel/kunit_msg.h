/* SPDX-License-Identifier: GPL-2.0 */
/*
 * moat - KUnit helpers: build a profile request as moatctl sends it, and
 * load it the way the generic netlink core and netlink.c do (validation
 * against moat_load_policy, then moat_ruleset_build()), without publishing.
 * Included only by the *_kunit.c suites.
 */
#ifndef _SECURITY_MOAT_KUNIT_MSG_H
#define _SECURITY_MOAT_KUNIT_MSG_H

#include <kunit/test.h>
#include <linux/err.h>
#include <linux/mm.h>
#include <linux/string.h>
#include <net/netlink.h>

#include "moat.h"

/* A request's attributes, in a buffer large enough for hostile sizes. */
struct moat_kmsg {
	char *buf;
	int len;
	int size;
	struct kunit *test;
};

static inline void moat_kmsg_init(struct kunit *test, struct moat_kmsg *m,
				  int size)
{
	m->buf = kvzalloc(size, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, m->buf);
	m->len = 0;
	m->size = size;
	m->test = test;
}

static inline void moat_kmsg_free(struct moat_kmsg *m)
{
	kvfree(m->buf);
}

static inline struct nlattr *moat_kmsg_put(struct moat_kmsg *m, int type,
					   const void *data, int len)
{
	struct nlattr *nla = (struct nlattr *)(m->buf + m->len);

	KUNIT_ASSERT_LE(m->test, m->len + nla_total_size(len), m->size);
	nla->nla_type = type;
	nla->nla_len = nla_attr_size(len);
	if (len)
		memcpy(nla_data(nla), data, len);
	m->len += nla_total_size(len);
	return nla;
}

static inline void moat_kmsg_u8(struct moat_kmsg *m, int type, u8 v)
{
	moat_kmsg_put(m, type, &v, sizeof(v));
}

static inline void moat_kmsg_u16(struct moat_kmsg *m, int type, u16 v)
{
	moat_kmsg_put(m, type, &v, sizeof(v));
}

static inline void moat_kmsg_u32(struct moat_kmsg *m, int type, u32 v)
{
	moat_kmsg_put(m, type, &v, sizeof(v));
}

static inline void moat_kmsg_u64(struct moat_kmsg *m, int type, u64 v)
{
	moat_kmsg_put(m, type, &v, sizeof(v));
}

static inline void moat_kmsg_str(struct moat_kmsg *m, int type, const char *s)
{
	moat_kmsg_put(m, type, s, strlen(s) + 1);
}

/* Open a nested attribute; moat_kmsg_end() closes it. */
static inline struct nlattr *moat_kmsg_nest(struct moat_kmsg *m, int type)
{
	return moat_kmsg_put(m, type | NLA_F_NESTED, NULL, 0);
}

static inline void moat_kmsg_end(struct moat_kmsg *m, struct nlattr *nest)
{
	nest->nla_len = m->buf + m->len - (char *)nest;
}

/*
 * Load @m as the LOAD_PROFILE command does, up to the publish: the
 * ruleset, or ERR_PTR() of the errno a user would get. @msg gets the
 * extack message (NULL if none).
 */
static inline struct moat_ruleset *moat_kmsg_build(struct moat_kmsg *m,
						   const char **msg)
{
	struct nlattr *tb[MOAT_A_MAX + 1];
	struct netlink_ext_ack extack = {};
	const struct nlattr *head = (const struct nlattr *)m->buf;
	struct moat_ruleset *rs;
	int err;

	err = nla_parse(tb, MOAT_A_MAX, head, m->len, moat_load_policy,
			&extack);
	if (err) {
		rs = ERR_PTR(err);
	} else {
		rs = moat_ruleset_build(tb[MOAT_A_PROFILE_SYSCALLS],
					tb[MOAT_A_PROFILE_PATHS],
					tb[MOAT_A_PROFILE_LABELS], head, m->len,
					&extack);
	}
	if (msg)
		*msg = extack._msg;
	return rs;
}

/* The errno of loading @m: 0 when it loads (the ruleset is freed). */
static inline int moat_kmsg_load_err(struct moat_kmsg *m)
{
	struct moat_ruleset *rs = moat_kmsg_build(m, NULL);

	if (IS_ERR(rs))
		return PTR_ERR(rs);
	moat_ruleset_free(rs);
	return 0;
}

/* One argument comparison of a test rule (syscalls_kunit.c) */
struct moat_kunit_arg {
	u8 index, op, width;
	u64 value, mask;
};

void moat_kunit_sys_layer(struct moat_kmsg *m, const u8 *abis, int nabis,
			  u32 enosys_from);
void moat_kunit_rule(struct moat_kmsg *m, u8 abi, u32 nr, u16 err,
		     const struct moat_kunit_arg *args, int nargs);

#endif /* _SECURITY_MOAT_KUNIT_MSG_H */
