// SPDX-License-Identifier: GPL-2.0
/*
 * nlbad - send the moat family one malformed request, print the errno
 *
 *   nlbad CASE PROFILE_NAME
 *
 * Every case is a MOAT_CMD_LOAD_PROFILE for PROFILE_NAME whose syscall
 * layer would allow everything if the kernel took it; the VM tests check
 * that the kernel refuses it and the profile in place keeps enforcing.
 * Prints "OK" or the errno's name, like probe. Speaks libnl directly,
 * not through moatctl, so that it can send what moatctl never would.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/netlink.h>

#include "../../kernel/uapi/moat.h"

static int result;

static int on_error(struct sockaddr_nl *nla, struct nlmsgerr *e, void *arg)
{
	(void)nla;
	(void)arg;
	result = e->error;
	return NL_STOP;
}

static int on_ack(struct nl_msg *msg, void *arg)
{
	(void)msg;
	(void)arg;
	result = 0;
	return NL_STOP;
}

/* One rule on @abi; args: -1 for none, else one EQ comparison of arg0. */
static void rule(struct nl_msg *msg, uint8_t abi, uint32_t nr, uint8_t action,
		 int err, int64_t arg_value)
{
	struct nlattr *r = nla_nest_start(msg, NLA_F_NESTED | MOAT_A_SYSCALL_RULE);

	nla_put_u8(msg, MOAT_RULE_A_ABI, abi);
	nla_put_u32(msg, MOAT_RULE_A_NR, nr);
	nla_put_u8(msg, MOAT_RULE_A_ACTION, action);
	if (err >= 0)
		nla_put_u16(msg, MOAT_RULE_A_ERRNO, err);
	if (arg_value >= 0) {
		struct nlattr *args = nla_nest_start(msg, NLA_F_NESTED | MOAT_RULE_A_ARGS);
		struct nlattr *a = nla_nest_start(msg, NLA_F_NESTED | 1);

		nla_put_u8(msg, MOAT_ARG_A_INDEX, 0);
		nla_put_u8(msg, MOAT_ARG_A_OP, MOAT_CMP_EQ);
		nla_put_u64(msg, MOAT_ARG_A_VALUE, arg_value);
		nla_nest_end(msg, a);
		nla_nest_end(msg, args);
	}
	nla_nest_end(msg, r);
}

static int build(struct nl_msg *msg, const char *c)
{
	struct nlattr *sys, *abis, *abi;
	uint8_t abi_id = MOAT_ABI_X86_64;

	if (!strcmp(c, "unknown-flag"))
		nla_put_u32(msg, MOAT_A_FLAGS, 1U << 7);
	if (!strcmp(c, "unknown-attr"))
		nla_put_u32(msg, MOAT_A_MAX + 1, 0);
	if (!strcmp(c, "foreign-attr"))	/* an attribute of another command */
		nla_put_u32(msg, MOAT_A_CGROUP_FD, 0);
	if (!strcmp(c, "i386-wide-operand"))
		abi_id = MOAT_ABI_I386;

	sys = nla_nest_start(msg, NLA_F_NESTED | MOAT_A_PROFILE_SYSCALLS);
	nla_put_u8(msg, MOAT_SYS_A_DEFAULT_ACTION,
		   !strcmp(c, "bad-action") ? 7 : MOAT_ACT_ALLOW);
	if (!strcmp(c, "errno-without-errno-action"))
		nla_put_u16(msg, MOAT_SYS_A_DEFAULT_ERRNO, 1);
	abis = nla_nest_start(msg, NLA_F_NESTED | MOAT_SYS_A_ABIS);
	abi = nla_nest_start(msg, NLA_F_NESTED | 1);
	nla_put_u8(msg, MOAT_ABI_A_ID, abi_id);
	if (!strcmp(c, "rule-above-enosys"))
		nla_put_u32(msg, MOAT_ABI_A_ENOSYS_FROM, 100);
	nla_nest_end(msg, abi);
	if (!strcmp(c, "duplicate-abi")) {
		abi = nla_nest_start(msg, NLA_F_NESTED | 2);
		nla_put_u8(msg, MOAT_ABI_A_ID, MOAT_ABI_X86_64);
		nla_nest_end(msg, abi);
	}
	nla_nest_end(msg, abis);
	nla_nest_end(msg, sys);

	if (!strcmp(c, "errno-zero"))
		rule(msg, abi_id, 165, MOAT_ACT_ERRNO, 0, -1);
	else if (!strcmp(c, "nr-too-big"))
		rule(msg, abi_id, MOAT_SYS_NR_MAX, MOAT_ACT_ALLOW, -1, -1);
	else if (!strcmp(c, "rule-above-enosys"))
		rule(msg, abi_id, 165, MOAT_ACT_ALLOW, -1, -1);
	else if (!strcmp(c, "two-unconditional")) {
		rule(msg, abi_id, 165, MOAT_ACT_ALLOW, -1, -1);
		rule(msg, abi_id, 165, MOAT_ACT_ERRNO, 1, -1);
	} else if (!strcmp(c, "i386-wide-operand"))
		rule(msg, abi_id, 21, MOAT_ACT_ALLOW, -1, 1LL << 40);
	else if (!strcmp(c, "undeclared-abi"))
		rule(msg, MOAT_ABI_X32, 165, MOAT_ACT_ALLOW, -1, -1);
	else if (!strcmp(c, "bad-rule-late")) {
		/* a valid rule, then a broken one: nothing of it may stick */
		rule(msg, abi_id, 165, MOAT_ACT_ALLOW, -1, -1);
		rule(msg, abi_id, 166, MOAT_ACT_ERRNO, 0, -1);
	} else
		rule(msg, abi_id, 165, MOAT_ACT_ALLOW, -1, -1);
	return 0;
}

int main(int argc, char **argv)
{
	struct nl_sock *sk;
	struct nl_msg *msg;
	struct nl_cb *cb;
	int fam;

	if (argc != 3) {
		fprintf(stderr, "usage: nlbad CASE PROFILE_NAME\n");
		return 2;
	}
	sk = nl_socket_alloc();
	if (!sk || genl_connect(sk) < 0)
		return 2;
	fam = genl_ctrl_resolve(sk, MOAT_GENL_NAME);
	if (fam < 0) {
		fprintf(stderr, "nlbad: moat is not loaded\n");
		return 2;
	}
	msg = nlmsg_alloc();
	genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, fam, 0, NLM_F_ACK,
		    MOAT_CMD_LOAD_PROFILE, MOAT_GENL_VERSION);
	nla_put_string(msg, MOAT_A_PROFILE_NAME, argv[2]);
	build(msg, argv[1]);

	cb = nl_cb_alloc(NL_CB_DEFAULT);
	nl_cb_err(cb, NL_CB_CUSTOM, on_error, NULL);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, on_ack, NULL);
	result = 1;
	if (nl_send_auto(sk, msg) < 0)
		return 2;
	while (result == 1)
		if (nl_recvmsgs(sk, cb) < 0 && result == 1)
			return 2;
	printf("%s\n", result ? strerrorname_np(-result) : "OK");
	return 0;
}
