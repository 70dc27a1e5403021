// SPDX-License-Identifier: GPL-2.0
/*
 * moatctl - generic netlink facade (libnl-3, libnl-genl-3)
 *
 * libnl's default error handling turns the kernel's errno into one of its
 * own NLE_* codes and drops the extended ack; moatctl installs its own
 * error callback to keep both.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/netlink.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/netlink.h>

#include "ipc.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

struct ipc {
	struct nl_sock *sk;
	int family;
	char errmsg[256];
};

/* State of one request: set by the callbacks below. */
struct request {
	struct ipc *ipc;
	int err;
	int done;
	int (*valid)(struct nlattr **tb, void *arg);
	void *arg;
};

int ipc_open(struct ipc **out)
{
	struct ipc *ipc;
	int one = 1, fam;

	ipc = calloc(1, sizeof(*ipc));
	if (!ipc)
		return -ENOMEM;
	ipc->sk = nl_socket_alloc();
	if (!ipc->sk) {
		free(ipc);
		return -ENOMEM;
	}
	if (genl_connect(ipc->sk) < 0) {
		nl_socket_free(ipc->sk);
		free(ipc);
		return -EPROTONOSUPPORT;
	}
	/* Ask for the kernel's error messages; large profiles need room. */
	setsockopt(nl_socket_get_fd(ipc->sk), SOL_NETLINK, NETLINK_EXT_ACK,
		   &one, sizeof(one));
	nl_socket_set_buffer_size(ipc->sk, 1 << 20, 4 << 20);
	{
		/* Past wmem_max, for large profiles: needs CAP_NET_ADMIN, as loading does. */
		int sndbuf = 8 << 20;

		setsockopt(nl_socket_get_fd(ipc->sk), SOL_SOCKET, SO_SNDBUFFORCE,
			   &sndbuf, sizeof(sndbuf));
	}

	fam = genl_ctrl_resolve(ipc->sk, MOAT_GENL_NAME);
	if (fam < 0) {
		nl_socket_free(ipc->sk);
		free(ipc);
		return -ENOENT;
	}
	ipc->family = fam;
	*out = ipc;
	return 0;
}

void ipc_close(struct ipc *ipc)
{
	if (!ipc)
		return;
	nl_socket_free(ipc->sk);
	free(ipc);
}

const char *ipc_errmsg(const struct ipc *ipc)
{
	return ipc->errmsg;
}

static int on_error(struct sockaddr_nl *nla, struct nlmsgerr *e, void *arg)
{
	struct request *req = arg;
	struct nlmsghdr *nlh = (struct nlmsghdr *)((char *)e - NLMSG_HDRLEN);
	size_t off, len;

	(void)nla;
	req->err = e->error;
	req->done = 1;
	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return NL_STOP;
	/* TLVs follow the error and the echoed request (just its header if capped). */
	off = sizeof(*e);
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off += e->msg.nlmsg_len - sizeof(e->msg);
	if (NLMSG_HDRLEN + off > nlh->nlmsg_len)
		return NL_STOP;
	len = nlh->nlmsg_len - NLMSG_HDRLEN - off;
	{
		struct nlattr *tlv = (struct nlattr *)((char *)e + off);
		struct nlattr *tb[NLMSGERR_ATTR_MAX + 1];

		if (nla_parse(tb, NLMSGERR_ATTR_MAX, tlv, len, NULL) == 0 &&
		    tb[NLMSGERR_ATTR_MSG])
			snprintf(req->ipc->errmsg, sizeof(req->ipc->errmsg),
				 "%s", nla_get_string(tb[NLMSGERR_ATTR_MSG]));
	}
	return NL_STOP;
}

static int on_ack(struct nl_msg *msg, void *arg)
{
	struct request *req = arg;

	(void)msg;
	req->done = 1;
	return NL_STOP;
}

static int on_valid(struct nl_msg *msg, void *arg)
{
	struct request *req = arg;
	struct nlattr *tb[MOAT_A_MAX + 1];
	int err;

	if (!req->valid)
		return NL_OK;
	err = genlmsg_parse(nlmsg_hdr(msg), 0, tb, MOAT_A_MAX, NULL);
	if (err < 0) {
		req->err = -EBADMSG;
		return NL_STOP;
	}
	err = req->valid(tb, req->arg);
	if (err) {
		req->err = err;
		return NL_STOP;
	}
	return NL_OK;
}

/* Sends @msg (consumed) and waits for the ack, the end of a dump, or an error. */
static int transact(struct ipc *ipc, struct nl_msg *msg,
		    int (*valid)(struct nlattr **tb, void *arg), void *arg)
{
	struct request req = { .ipc = ipc, .valid = valid, .arg = arg };
	struct nl_cb *cb;
	int ret;

	ipc->errmsg[0] = '\0';
	cb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!cb) {
		nlmsg_free(msg);
		return -ENOMEM;
	}
	nl_cb_err(cb, NL_CB_CUSTOM, on_error, &req);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, on_ack, &req);
	nl_cb_set(cb, NL_CB_FINISH, NL_CB_CUSTOM, on_ack, &req);
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, on_valid, &req);

	ret = nl_send_auto(ipc->sk, msg);
	nlmsg_free(msg);
	if (ret < 0) {
		nl_cb_put(cb);
		return ret == -NLE_MSGSIZE ? -EMSGSIZE : -EIO;
	}
	while (!req.done && !req.err) {
		ret = nl_recvmsgs(ipc->sk, cb);
		if (ret < 0 && !req.err)
			req.err = -EIO;
	}
	nl_cb_put(cb);
	return req.err;
}

static struct nl_msg *request(struct ipc *ipc, uint8_t cmd, int flags,
			      size_t size)
{
	struct nl_msg *msg = size ? nlmsg_alloc_size(size) : nlmsg_alloc();

	if (!msg)
		return NULL;
	if (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, ipc->family, 0,
			 flags, cmd, MOAT_GENL_VERSION)) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

static int status_valid(struct nlattr **tb, void *arg)
{
	struct ipc_status *st = arg;

	if (tb[MOAT_A_VERSION])
		snprintf(st->version, sizeof(st->version), "%s",
			 nla_get_string(tb[MOAT_A_VERSION]));
	if (tb[MOAT_A_KERNEL_VERSION])
		st->kernel_version = nla_get_u32(tb[MOAT_A_KERNEL_VERSION]);
	if (tb[MOAT_A_STATE])
		st->state = nla_get_u32(tb[MOAT_A_STATE]);
	if (tb[MOAT_A_ABI_MASK])
		st->abi_mask = nla_get_u32(tb[MOAT_A_ABI_MASK]);
	if (tb[MOAT_A_PROFILE_COUNT])
		st->profiles = nla_get_u32(tb[MOAT_A_PROFILE_COUNT]);
	if (tb[MOAT_A_ATTACHMENT_COUNT])
		st->attachments = nla_get_u32(tb[MOAT_A_ATTACHMENT_COUNT]);
	if (tb[MOAT_A_DENIALS])
		st->denials = nla_get_u64(tb[MOAT_A_DENIALS]);
	if (tb[MOAT_A_MISSED])
		st->missed = nla_get_u64(tb[MOAT_A_MISSED]);
	if (tb[MOAT_A_EVENTS_DROPPED])
		st->dropped = nla_get_u64(tb[MOAT_A_EVENTS_DROPPED]);
	st->fail_closed = tb[MOAT_A_FAIL_CLOSED] != NULL;
	st->syscall_kprobes = tb[MOAT_A_SYSCALL_KPROBES] ?
		(int32_t)nla_get_u32(tb[MOAT_A_SYSCALL_KPROBES]) : -1;
	return 0;
}

int ipc_status(struct ipc *ipc, struct ipc_status *st)
{
	struct nl_msg *msg = request(ipc, MOAT_CMD_GET_STATUS, NLM_F_ACK, 0);

	memset(st, 0, sizeof(*st));
	if (!msg)
		return -ENOMEM;
	return transact(ipc, msg, status_valid, st);
}

/*
 * libnl returns an error from nla_nest_end() (and drops the nest) when a
 * nest outgrows the 64 KiB an attribute can hold: every step is checked.
 */
static int put_rule(struct nl_msg *msg, uint8_t abi, const struct sys_rule *r)
{
	struct nlattr *rule, *args, *arg;
	int i;

	rule = nla_nest_start(msg, NLA_F_NESTED | MOAT_A_SYSCALL_RULE);
	if (!rule ||
	    nla_put_u8(msg, MOAT_RULE_A_ABI, abi) ||
	    nla_put_u32(msg, MOAT_RULE_A_NR, r->nr) ||
	    nla_put_u8(msg, MOAT_RULE_A_ACTION, r->action) ||
	    (r->action == MOAT_ACT_ERRNO &&
	     nla_put_u16(msg, MOAT_RULE_A_ERRNO, r->err)))
		return -EMSGSIZE;
	if (r->ncmp) {
		args = nla_nest_start(msg, NLA_F_NESTED | MOAT_RULE_A_ARGS);
		if (!args)
			return -EMSGSIZE;
		for (i = 0; i < r->ncmp; i++) {
			const struct sys_cmp *c = &r->cmp[i];

			arg = nla_nest_start(msg, NLA_F_NESTED | (i + 1));
			if (!arg ||
			    nla_put_u8(msg, MOAT_ARG_A_INDEX, c->index) ||
			    nla_put_u8(msg, MOAT_ARG_A_OP, c->op) ||
			    nla_put_u64(msg, MOAT_ARG_A_VALUE, c->value) ||
			    (c->op == MOAT_CMP_MASKED_EQ &&
			     nla_put_u64(msg, MOAT_ARG_A_MASK, c->mask)) ||
			    nla_put_u8(msg, MOAT_ARG_A_WIDTH, c->width) ||
			    nla_nest_end(msg, arg) < 0)
				return -EMSGSIZE;
		}
		if (nla_nest_end(msg, args) < 0)
			return -EMSGSIZE;
	}
	return nla_nest_end(msg, rule) < 0 ? -EMSGSIZE : 0;
}

static int put_syscalls(struct nl_msg *msg, const struct sys_profile *p)
{
	struct nlattr *sys, *abis, *abi;
	size_t i;
	int a, idx = 0;

	sys = nla_nest_start(msg, NLA_F_NESTED | MOAT_A_PROFILE_SYSCALLS);
	if (!sys ||
	    nla_put_u8(msg, MOAT_SYS_A_DEFAULT_ACTION, p->default_action) ||
	    (p->default_action == MOAT_ACT_ERRNO &&
	     nla_put_u16(msg, MOAT_SYS_A_DEFAULT_ERRNO, p->default_err)))
		return -EMSGSIZE;
	abis = nla_nest_start(msg, NLA_F_NESTED | MOAT_SYS_A_ABIS);
	if (!abis)
		return -EMSGSIZE;
	for (a = 0; a < __MOAT_ABI_COUNT; a++) {
		const struct sys_abi *t = &p->abi[a];

		if (!t->present)
			continue;
		abi = nla_nest_start(msg, NLA_F_NESTED | ++idx);
		if (!abi || nla_put_u8(msg, MOAT_ABI_A_ID, a) ||
		    (t->enosys_from &&
		     nla_put_u32(msg, MOAT_ABI_A_ENOSYS_FROM, t->enosys_from)) ||
		    nla_nest_end(msg, abi) < 0)
			return -EMSGSIZE;
	}
	if (nla_nest_end(msg, abis) < 0 || nla_nest_end(msg, sys) < 0)
		return -EMSGSIZE;

	/* The rules: top-level attributes, one each, beyond any nest's 64 KiB. */
	for (a = 0; a < __MOAT_ABI_COUNT; a++) {
		const struct sys_abi *t = &p->abi[a];

		for (i = 0; t->present && i < t->nrules; i++)
			if (put_rule(msg, a, &t->rules[i]))
				return -EMSGSIZE;
	}
	return 0;
}

/* A table in top-level pieces: one attribute holds at most 64 KiB. */
#define PIECE_MAX 32768

static int put_pieces(struct nl_msg *msg, int type, const void *data,
		      size_t len)
{
	const char *p = data;

	while (len) {
		size_t n = len < PIECE_MAX ? len : PIECE_MAX;

		if (nla_put(msg, type, n, p))
			return -EMSGSIZE;
		p += n;
		len -= n;
	}
	return 0;
}

static int put_peer(struct nl_msg *msg, const struct aa_peer_rule *r)
{
	struct nlattr *nest = nla_nest_start(msg, NLA_F_NESTED | MOAT_A_PEER_RULE);

	if (!nest ||
	    nla_put_u8(msg, MOAT_PEER_A_CLASS, r->class) ||
	    (r->deny && nla_put_flag(msg, MOAT_PEER_A_DENY)) ||
	    nla_put_u32(msg, MOAT_PEER_A_PERMS, r->perms) ||
	    (r->has_signals &&
	     nla_put_u64(msg, MOAT_PEER_A_SIGNALS, r->signals)) ||
	    (r->has_signals && r->signal_exists &&
	     nla_put_flag(msg, MOAT_PEER_A_SIGNAL_EXISTS)) ||
	    (r->peer && nla_put_string(msg, MOAT_PEER_A_PEER, r->peer)))
		return -EMSGSIZE;
	return nla_nest_end(msg, nest) < 0 ? -EMSGSIZE : 0;
}

static int put_paths(struct nl_msg *msg, const struct path_layer *pl)
{
	const struct dfa *d = &pl->dfa;
	const struct aa_profile *aa = &pl->aa;
	struct nlattr *nest;
	size_t i;

	nest = nla_nest_start(msg, NLA_F_NESTED | MOAT_A_PROFILE_PATHS);
	if (!nest ||
	    nla_put_u32(msg, MOAT_PATH_A_FLAGS, aa->flags) ||
	    nla_put_u32(msg, MOAT_PATH_A_DFA_STATES, d->nstates) ||
	    nla_put_u32(msg, MOAT_PATH_A_DFA_CLASSES, d->nclasses) ||
	    nla_put_u32(msg, MOAT_PATH_A_DFA_START, d->start) ||
	    nla_put(msg, MOAT_PATH_A_DFA_CLASSMAP, sizeof(d->classmap),
		    d->classmap) ||
	    nla_put_u64(msg, MOAT_PATH_A_CAP_ALLOW, aa->cap_allow) ||
	    nla_put_u64(msg, MOAT_PATH_A_CAP_DENY, aa->cap_deny) ||
	    nla_put_u64(msg, MOAT_PATH_A_NET_ALLOW, aa->net_allow) ||
	    nla_put_u64(msg, MOAT_PATH_A_NET_DENY, aa->net_deny) ||
	    nla_put_u32(msg, MOAT_PATH_A_MOUNT_ALLOW, aa->mount_allow) ||
	    nla_put_u32(msg, MOAT_PATH_A_MOUNT_DENY, aa->mount_deny) ||
	    nla_nest_end(msg, nest) < 0)
		return -EMSGSIZE;
	if (put_pieces(msg, MOAT_A_DFA_TRANS, d->trans,
		       (size_t)d->nstates * d->nclasses * sizeof(*d->trans)) ||
	    put_pieces(msg, MOAT_A_DFA_ACCEPT, d->accept,
		       (size_t)d->nstates * sizeof(*d->accept)))
		return -EMSGSIZE;
	for (i = 0; i < aa->npeers; i++)
		if (put_peer(msg, &aa->peers[i]))
			return -EMSGSIZE;
	return 0;
}

static int put_labels(struct nl_msg *msg, const struct label_policy *lp)
{
	struct nlattr *nest;
	size_t i;

	nest = nla_nest_start(msg, NLA_F_NESTED | MOAT_A_PROFILE_LABELS);
	if (!nest ||
	    nla_put_string(msg, MOAT_LABELS_A_DEFAULT_TYPE, lp->default_type) ||
	    nla_nest_end(msg, nest) < 0)
		return -EMSGSIZE;
	for (i = 0; i < lp->nfs; i++) {
		nest = nla_nest_start(msg, NLA_F_NESTED | MOAT_A_LABEL_FS);
		if (!nest ||
		    nla_put_string(msg, MOAT_LFS_A_FSTYPE, lp->fs[i].fstype) ||
		    nla_put_string(msg, MOAT_LFS_A_TYPE, lp->fs[i].type) ||
		    nla_nest_end(msg, nest) < 0)
			return -EMSGSIZE;
	}
	for (i = 0; i < lp->nrules; i++) {
		const struct label_rule *r = &lp->rules[i];

		nest = nla_nest_start(msg, NLA_F_NESTED | MOAT_A_LABEL_RULE);
		if (!nest ||
		    nla_put_string(msg, MOAT_LRULE_A_SUBJECT, r->subject) ||
		    nla_put_string(msg, MOAT_LRULE_A_OBJECT, r->object) ||
		    nla_put_u32(msg, MOAT_LRULE_A_PERMS, r->perms) ||
		    nla_nest_end(msg, nest) < 0)
			return -EMSGSIZE;
	}
	return 0;
}

int ipc_load(struct ipc *ipc, const char *name, const struct sys_profile *p,
	     const struct path_layer *pl, const struct label_policy *lp,
	     uint32_t flags)
{
	size_t size = 4096;
	struct nl_msg *msg;
	int a;

	/* Worst case per rule: nest, ABI, nr, action, errno, six comparisons. */
	for (a = 0; p && a < __MOAT_ABI_COUNT; a++)
		size += p->abi[a].nrules * (40 + MOAT_SYS_ARGS_MAX * 48);
	if (pl) {
		size_t tables = (size_t)pl->dfa.nstates *
				(pl->dfa.nclasses * sizeof(uint16_t) +
				 sizeof(struct moat_dfa_accept));

		/* the tables, a header per piece, the nest, the peer rules */
		size += tables + (tables / PIECE_MAX + 2) * 8 + 1024 +
			pl->aa.npeers * (64 + MOAT_NAME_MAX);
	}
	if (lp)
		size += 1024 + (lp->nrules + lp->nfs) * (32 + 2 * MOAT_NAME_MAX);
	msg = request(ipc, MOAT_CMD_LOAD_PROFILE, NLM_F_ACK, size);
	if (!msg)
		return -ENOMEM;
	if (nla_put_string(msg, MOAT_A_PROFILE_NAME, name) ||
	    (flags && nla_put_u32(msg, MOAT_A_FLAGS, flags)) ||
	    (p && put_syscalls(msg, p)) || (pl && put_paths(msg, pl)) ||
	    (lp && put_labels(msg, lp))) {
		nlmsg_free(msg);
		snprintf(ipc->errmsg, sizeof(ipc->errmsg),
			 "the profile does not fit in one netlink message");
		return -EMSGSIZE;
	}
	return transact(ipc, msg, NULL, NULL);
}

int ipc_remove(struct ipc *ipc, const char *name)
{
	struct nl_msg *msg = request(ipc, MOAT_CMD_REMOVE_PROFILE, NLM_F_ACK, 0);

	if (!msg)
		return -ENOMEM;
	if (nla_put_string(msg, MOAT_A_PROFILE_NAME, name)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	return transact(ipc, msg, NULL, NULL);
}

struct profile_dump {
	int (*cb)(const struct ipc_profile *p, void *arg);
	void *arg;
};

static int profile_valid(struct nlattr **tb, void *arg)
{
	struct profile_dump *d = arg;
	struct ipc_profile p = { 0 };

	if (!tb[MOAT_A_PROFILE_NAME])
		return -EBADMSG;
	snprintf(p.name, sizeof(p.name), "%s", nla_get_string(tb[MOAT_A_PROFILE_NAME]));
	if (tb[MOAT_A_PROFILE_GENERATION])
		p.generation = nla_get_u64(tb[MOAT_A_PROFILE_GENERATION]);
	if (tb[MOAT_A_PROFILE_ATTACHMENTS])
		p.attachments = nla_get_u32(tb[MOAT_A_PROFILE_ATTACHMENTS]);
	if (tb[MOAT_A_PROFILE_RULES])
		p.rules = nla_get_u32(tb[MOAT_A_PROFILE_RULES]);
	if (tb[MOAT_A_PROFILE_MEMORY])
		p.memory = nla_get_u32(tb[MOAT_A_PROFILE_MEMORY]);
	if (tb[MOAT_A_PROFILE_LAYERS])
		p.layers = nla_get_u32(tb[MOAT_A_PROFILE_LAYERS]);
	if (tb[MOAT_A_PROFILE_DFA_STATES])
		p.dfa_states = nla_get_u32(tb[MOAT_A_PROFILE_DFA_STATES]);
	return d->cb(&p, d->arg);
}

int ipc_profiles(struct ipc *ipc,
		 int (*cb)(const struct ipc_profile *p, void *arg), void *arg)
{
	struct nl_msg *msg = request(ipc, MOAT_CMD_GET_PROFILE, NLM_F_DUMP, 0);
	struct profile_dump d = { cb, arg };

	if (!msg)
		return -ENOMEM;
	return transact(ipc, msg, profile_valid, &d);
}

int ipc_attach(struct ipc *ipc, const char *name, int cgroup_fd,
	       const struct label *label, uint32_t flags)
{
	struct nl_msg *msg = request(ipc, MOAT_CMD_ATTACH, NLM_F_ACK, 0);

	if (!msg)
		return -ENOMEM;
	if (nla_put_string(msg, MOAT_A_PROFILE_NAME, name) ||
	    nla_put_u32(msg, MOAT_A_CGROUP_FD, (uint32_t)cgroup_fd) ||
	    (flags && nla_put_u32(msg, MOAT_A_FLAGS, flags)) ||
	    (label && (nla_put_string(msg, MOAT_A_LABEL_TYPE, label->type) ||
		       nla_put(msg, MOAT_A_LABEL_CATS, sizeof(label->cats),
			       label->cats)))) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	return transact(ipc, msg, NULL, NULL);
}

int ipc_detach_fd(struct ipc *ipc, int cgroup_fd)
{
	struct nl_msg *msg = request(ipc, MOAT_CMD_DETACH, NLM_F_ACK, 0);

	if (!msg)
		return -ENOMEM;
	if (nla_put_u32(msg, MOAT_A_CGROUP_FD, (uint32_t)cgroup_fd)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	return transact(ipc, msg, NULL, NULL);
}

int ipc_detach_id(struct ipc *ipc, uint64_t cgroup_id)
{
	struct nl_msg *msg = request(ipc, MOAT_CMD_DETACH, NLM_F_ACK, 0);

	if (!msg)
		return -ENOMEM;
	if (nla_put_u64(msg, MOAT_A_CGROUP_ID, cgroup_id)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	return transact(ipc, msg, NULL, NULL);
}

struct attachment_dump {
	int (*cb)(const struct ipc_attachment *a, void *arg);
	void *arg;
};

static int attachment_valid(struct nlattr **tb, void *arg)
{
	struct attachment_dump *d = arg;
	struct ipc_attachment a;

	memset(&a, 0, sizeof(a));
	if (!tb[MOAT_A_CGROUP_ID] || !tb[MOAT_A_PROFILE_NAME])
		return -EBADMSG;
	a.cgroup_id = nla_get_u64(tb[MOAT_A_CGROUP_ID]);
	snprintf(a.profile, sizeof(a.profile), "%s", nla_get_string(tb[MOAT_A_PROFILE_NAME]));
	if (tb[MOAT_A_CGROUP_PATH])
		snprintf(a.path, sizeof(a.path), "%s", nla_get_string(tb[MOAT_A_CGROUP_PATH]));
	if (tb[MOAT_A_MODE])
		a.mode = nla_get_u32(tb[MOAT_A_MODE]);
	if (tb[MOAT_A_DENIALS])
		a.denials = nla_get_u64(tb[MOAT_A_DENIALS]);
	if (tb[MOAT_A_EVENTS_DROPPED])
		a.dropped = nla_get_u64(tb[MOAT_A_EVENTS_DROPPED]);
	a.pending = tb[MOAT_A_PENDING] != NULL;
	if (tb[MOAT_A_LABEL_TYPE]) {
		a.has_label = true;
		snprintf(a.label.type, sizeof(a.label.type), "%s",
			 nla_get_string(tb[MOAT_A_LABEL_TYPE]));
		if (tb[MOAT_A_LABEL_CATS] &&
		    nla_len(tb[MOAT_A_LABEL_CATS]) == sizeof(a.label.cats))
			memcpy(a.label.cats, nla_data(tb[MOAT_A_LABEL_CATS]),
			       sizeof(a.label.cats));
	}
	return d->cb(&a, d->arg);
}

int ipc_attachments(struct ipc *ipc,
		    int (*cb)(const struct ipc_attachment *a, void *arg),
		    void *arg)
{
	struct nl_msg *msg = request(ipc, MOAT_CMD_GET_ATTACHMENT, NLM_F_DUMP, 0);
	struct attachment_dump d = { cb, arg };

	if (!msg)
		return -ENOMEM;
	return transact(ipc, msg, attachment_valid, &d);
}

int ipc_set_mode_fd(struct ipc *ipc, int cgroup_fd, uint32_t mode)
{
	struct nl_msg *msg = request(ipc, MOAT_CMD_SET_MODE, NLM_F_ACK, 0);

	if (!msg)
		return -ENOMEM;
	if (nla_put_u32(msg, MOAT_A_CGROUP_FD, (uint32_t)cgroup_fd) ||
	    nla_put_u32(msg, MOAT_A_MODE, mode)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	return transact(ipc, msg, NULL, NULL);
}

static void copy_string(char *dst, size_t size, const struct nlattr *a)
{
	size_t len;

	if (!a) {
		dst[0] = '\0';
		return;
	}
	len = strnlen(nla_data(a), nla_len(a));
	if (len >= size)
		len = size - 1;
	memcpy(dst, nla_data(a), len);
	dst[len] = '\0';
}

static int event_parse(struct nlattr *nest, struct ipc_event *ev)
{
	static struct nla_policy pol[MOAT_EV_A_MAX + 1] = {
		[MOAT_EV_A_TIME] = { .type = NLA_U64 },
		[MOAT_EV_A_MODE] = { .type = NLA_U32 },
		[MOAT_EV_A_LAYER] = { .type = NLA_U32 },
		[MOAT_EV_A_CGROUP_ID] = { .type = NLA_U64 },
		[MOAT_EV_A_ABI] = { .type = NLA_U8 },
		[MOAT_EV_A_SYSCALL] = { .type = NLA_U32 },
		[MOAT_EV_A_ERRNO] = { .type = NLA_U32 },
		[MOAT_EV_A_PID] = { .type = NLA_U32 },
		[MOAT_EV_A_DROPPED] = { .type = NLA_U64 },
	};
	struct nlattr *tb[MOAT_EV_A_MAX + 1];

	if (nla_parse_nested(tb, MOAT_EV_A_MAX, nest, pol) < 0 ||
	    !tb[MOAT_EV_A_OPERATION] || !tb[MOAT_EV_A_PROFILE])
		return -EBADMSG;
	memset(ev, 0, sizeof(*ev));
	if (tb[MOAT_EV_A_TIME])
		ev->time_ns = nla_get_u64(tb[MOAT_EV_A_TIME]);
	if (tb[MOAT_EV_A_MODE])
		ev->mode = nla_get_u32(tb[MOAT_EV_A_MODE]);
	if (tb[MOAT_EV_A_LAYER])
		ev->layer = nla_get_u32(tb[MOAT_EV_A_LAYER]);
	if (tb[MOAT_EV_A_CGROUP_ID])
		ev->cgroup_id = nla_get_u64(tb[MOAT_EV_A_CGROUP_ID]);
	if (tb[MOAT_EV_A_ABI])
		ev->abi = nla_get_u8(tb[MOAT_EV_A_ABI]);
	ev->syscall = tb[MOAT_EV_A_SYSCALL] ?
		(int64_t)nla_get_u32(tb[MOAT_EV_A_SYSCALL]) : -1;
	if (tb[MOAT_EV_A_ERRNO])
		ev->err = nla_get_u32(tb[MOAT_EV_A_ERRNO]);
	if (tb[MOAT_EV_A_PID])
		ev->pid = nla_get_u32(tb[MOAT_EV_A_PID]);
	if (tb[MOAT_EV_A_DROPPED])
		ev->dropped = nla_get_u64(tb[MOAT_EV_A_DROPPED]);
	copy_string(ev->operation, sizeof(ev->operation), tb[MOAT_EV_A_OPERATION]);
	copy_string(ev->profile, sizeof(ev->profile), tb[MOAT_EV_A_PROFILE]);
	copy_string(ev->name, sizeof(ev->name), tb[MOAT_EV_A_NAME]);
	copy_string(ev->requested, sizeof(ev->requested), tb[MOAT_EV_A_REQUESTED]);
	copy_string(ev->denied, sizeof(ev->denied), tb[MOAT_EV_A_DENIED]);
	copy_string(ev->fields, sizeof(ev->fields), tb[MOAT_EV_A_FIELDS]);
	copy_string(ev->comm, sizeof(ev->comm), tb[MOAT_EV_A_COMM]);
	return 0;
}

struct monitor {
	int (*cb)(const struct ipc_event *ev, void *arg);
	void *arg;
	int ret;
};

static int monitor_valid(struct nl_msg *msg, void *arg)
{
	struct monitor *m = arg;
	struct genlmsghdr *gh = nlmsg_data(nlmsg_hdr(msg));
	struct nlattr *tb[MOAT_A_MAX + 1];
	struct ipc_event *ev;

	/* only the kernel's own events: a privileged process could send to the group */
	if (gh->cmd != MOAT_CMD_EVENT || nlmsg_get_src(msg)->nl_pid != 0)
		return NL_OK;
	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, MOAT_A_MAX, NULL) < 0 ||
	    !tb[MOAT_A_EVENT])
		return NL_OK;
	ev = malloc(sizeof(*ev));
	if (!ev) {
		m->ret = -ENOMEM;
		return NL_STOP;
	}
	if (!event_parse(tb[MOAT_A_EVENT], ev))
		m->ret = m->cb(ev, m->arg);
	free(ev);
	return m->ret ? NL_STOP : NL_OK;
}

int ipc_monitor(struct ipc *ipc, int (*cb)(const struct ipc_event *ev, void *arg),
		void (*lost)(void *arg), void *arg)
{
	struct monitor m = { cb, arg, 0 };
	int grp, ret;

	grp = genl_ctrl_resolve_grp(ipc->sk, MOAT_GENL_NAME, MOAT_MCGRP_EVENTS);
	if (grp < 0)
		return -ENOENT;
	nl_socket_disable_seq_check(ipc->sk);
	ret = nl_socket_add_membership(ipc->sk, grp);
	if (ret < 0)
		return ret == -NLE_PERM ? -EPERM : -EIO;
	nl_socket_modify_cb(ipc->sk, NL_CB_VALID, NL_CB_CUSTOM, monitor_valid, &m);
	for (;;) {
		ret = nl_recvmsgs_default(ipc->sk);
		if (m.ret)
			return m.ret;
		if (ret == -NLE_NOMEM) {
			/* ENOBUFS: the kernel dropped events for this socket */
			if (lost)
				lost(arg);
			continue;
		}
		if (ret < 0)
			return -EIO;
	}
}
