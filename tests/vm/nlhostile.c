// SPDX-License-Identifier: GPL-2.0
/*
 * nlhostile - hostile requests to the moat generic netlink family
 *
 *   nlhostile [-a ATTACHED_CG] [-s SCRATCH_CG] [-p PROFILE] [-r N] [-S SEED]
 *
 * Speaks raw generic netlink over a plain socket (no libnl): resolves the
 * family itself, builds every message by hand and reads the acks with
 * NETLINK_EXT_ACK on. The deterministic cases send, per command, truncated,
 * oversized, wrongly nested, duplicated, out-of-range and unknown
 * attributes, unknown commands and bad headers, and profiles valid in form
 * but absurd in content; each asserts the exact errno and, after every
 * refused request, that the profile and attachment lists are byte-identical
 * to before; after each batch a child in ATTACHED_CG (which has PROFILE,
 * docker-default, attached) checks that keyctl still gets EPERM and getpid
 * still works. With -r N, N seeded random mutations of valid LOAD, ATTACH
 * and SET_MODE messages follow, asserting only that an ack with 0 or a
 * negative errno arrives and that GET_STATUS still answers.
 *
 * Prints TAP lines and "# nlhostile: N messages, N cases".
 */

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../../kernel/uapi/moat.h"

#define NOACK	1	/* "errno" of a message the kernel drops without an ack */

static int sk, fam;
static uint32_t seq = 1;
static unsigned long nmsgs, ncases, nfail;
static const char *attached_cg = "/sys/fs/cgroup/ctr";
static const char *scratch_cg = "/sys/fs/cgroup/hostile";
static const char *target = "docker-default";
static char extack_msg[512];
static unsigned long errno_count[4200];
static unsigned long noack_count, stray_acks;

/* ---- messages ------------------------------------------------------------ */

struct msg {
	unsigned char *buf;
	size_t len, cap;
	size_t nest[16];
	int depth;
};

static void m_room(struct msg *m, size_t n)
{
	if (m->len + n <= m->cap)
		return;
	while (m->len + n > m->cap)
		m->cap = m->cap ? m->cap * 2 : 4096;
	m->buf = realloc(m->buf, m->cap);
	if (!m->buf) {
		perror("nlhostile: realloc");
		exit(2);
	}
}

static struct nlmsghdr *m_hdr(struct msg *m)
{
	return (struct nlmsghdr *)m->buf;
}

static void m_begin_raw(struct msg *m, uint16_t type, uint16_t flags,
			uint8_t cmd, uint8_t version)
{
	struct nlmsghdr *nlh;
	struct genlmsghdr *g;

	m->len = 0;
	m->depth = 0;
	m_room(m, NLMSG_HDRLEN + GENL_HDRLEN);
	memset(m->buf, 0, NLMSG_HDRLEN + GENL_HDRLEN);
	nlh = m_hdr(m);
	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	g = (struct genlmsghdr *)(m->buf + NLMSG_HDRLEN);
	g->cmd = cmd;
	g->version = version;
	m->len = NLMSG_HDRLEN + GENL_HDRLEN;
}

static void m_begin(struct msg *m, uint8_t cmd)
{
	m_begin_raw(m, fam, NLM_F_ACK, cmd, MOAT_GENL_VERSION);
}

static void put(struct msg *m, uint16_t type, const void *data, size_t len)
{
	struct nlattr *a;
	size_t total = NLA_ALIGN(NLA_HDRLEN + len);

	m_room(m, total);
	a = (struct nlattr *)(m->buf + m->len);
	a->nla_type = type;
	a->nla_len = NLA_HDRLEN + len > 0xffff ? 0xffff : NLA_HDRLEN + len;
	memset(m->buf + m->len + NLA_HDRLEN, 0, total - NLA_HDRLEN);
	if (len)
		memcpy(m->buf + m->len + NLA_HDRLEN, data, len);
	m->len += total;
}

static void put_u8(struct msg *m, uint16_t t, uint8_t v) { put(m, t, &v, 1); }
static void put_u16(struct msg *m, uint16_t t, uint16_t v) { put(m, t, &v, 2); }
static void put_u32(struct msg *m, uint16_t t, uint32_t v) { put(m, t, &v, 4); }
static void put_u64(struct msg *m, uint16_t t, uint64_t v) { put(m, t, &v, 8); }
static void put_str(struct msg *m, uint16_t t, const char *s)
{
	put(m, t, s, strlen(s) + 1);
}

/* A string of @n bytes 'a' plus its NUL. */
static void put_long_str(struct msg *m, uint16_t t, size_t n)
{
	char *s = malloc(n + 1);

	memset(s, 'a', n);
	s[n] = 0;
	put(m, t, s, n + 1);
	free(s);
}

static void nest(struct msg *m, uint16_t type)
{
	m->nest[m->depth++] = m->len;
	put(m, type | NLA_F_NESTED, NULL, 0);
}

/* A nest without NLA_F_NESTED. */
static void nest_flat(struct msg *m, uint16_t type)
{
	m->nest[m->depth++] = m->len;
	put(m, type, NULL, 0);
}

static void end(struct msg *m)
{
	struct nlattr *a = (struct nlattr *)(m->buf + m->nest[--m->depth]);

	a->nla_len = m->len - m->nest[m->depth];
}

/* ---- socket -------------------------------------------------------------- */

static unsigned char *rbuf;
#define RBUF_SIZE (1 << 20)

/* Sends @len bytes of @m (its nlmsg_len as it stands); returns the seq. */
static uint32_t m_send_raw(struct msg *m, size_t len)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	uint32_t s = seq++;

	if (len >= NLMSG_HDRLEN)
		m_hdr(m)->nlmsg_seq = s;
	nmsgs++;
	if (sendto(sk, m->buf, len, 0, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		return 0;
	return s;
}

static uint32_t m_send(struct msg *m)
{
	m_hdr(m)->nlmsg_len = m->len;
	return m_send_raw(m, m->len);
}

static void parse_extack(struct nlmsghdr *nlh)
{
	struct nlmsgerr *e = NLMSG_DATA(nlh);
	size_t off = sizeof(*e);
	struct nlattr *a;

	extack_msg[0] = 0;
	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off += e->msg.nlmsg_len - NLMSG_HDRLEN;
	while (NLMSG_HDRLEN + off + NLA_HDRLEN <= nlh->nlmsg_len) {
		a = (struct nlattr *)((char *)e + off);
		if (a->nla_len < NLA_HDRLEN)
			break;
		if ((a->nla_type & NLA_TYPE_MASK) == NLMSGERR_ATTR_MSG)
			snprintf(extack_msg, sizeof(extack_msg), "%.*s",
				 (int)(a->nla_len - NLA_HDRLEN),
				 (char *)a + NLA_HDRLEN);
		off += NLA_ALIGN(a->nla_len);
	}
}

typedef void (*reply_fn)(struct nlmsghdr *nlh, void *arg);

/*
 * Reads until the ack (or NLMSG_DONE) of @s; passes every reply to @fn.
 * Returns 0 or the negative errno, or NOACK when the socket timed out.
 */
static int wait_ack(uint32_t s, reply_fn fn, void *arg)
{
	for (;;) {
		ssize_t n = recv(sk, rbuf, RBUF_SIZE, 0);
		struct nlmsghdr *nlh;

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return NOACK;
		}
		for (nlh = (struct nlmsghdr *)rbuf; NLMSG_OK(nlh, n);
		     nlh = NLMSG_NEXT(nlh, n)) {
			if (nlh->nlmsg_seq != s) {
				if (nlh->nlmsg_type == NLMSG_ERROR)
					stray_acks++;
				continue;
			}
			if (nlh->nlmsg_type == NLMSG_ERROR) {
				parse_extack(nlh);
				return ((struct nlmsgerr *)NLMSG_DATA(nlh))->error;
			}
			if (nlh->nlmsg_type == NLMSG_DONE)
				return 0;
			if (fn)
				fn(nlh, arg);
		}
	}
}

static void set_timeout(int sec)
{
	struct timeval tv = { .tv_sec = sec };

	setsockopt(sk, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
}

/* Attributes of a genl reply. */
static struct nlattr *reply_attrs(struct nlmsghdr *nlh, int *len)
{
	*len = nlh->nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN;
	return (struct nlattr *)((char *)NLMSG_DATA(nlh) + GENL_HDRLEN);
}

#define for_each_attr(a, head, len, rem) \
	for (a = head, rem = len; rem >= (int)NLA_HDRLEN && a->nla_len >= NLA_HDRLEN && \
	     a->nla_len <= rem; rem -= NLA_ALIGN(a->nla_len), \
	     a = (struct nlattr *)((char *)a + NLA_ALIGN(a->nla_len)))

static void *nla_data_(struct nlattr *a) { return (char *)a + NLA_HDRLEN; }

static void family_reply(struct nlmsghdr *nlh, void *arg)
{
	struct nlattr *a;
	int len, rem;

	for_each_attr(a, reply_attrs(nlh, &len), len, rem)
		if ((a->nla_type & NLA_TYPE_MASK) == CTRL_ATTR_FAMILY_ID)
			*(int *)arg = *(uint16_t *)nla_data_(a);
}

static void open_socket(void)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	int one = 1, big = 256 << 20;
	struct msg m = {};
	int id = -1, err;

	sk = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	if (sk < 0 || bind(sk, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		perror("nlhostile: netlink socket");
		exit(2);
	}
	setsockopt(sk, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	setsockopt(sk, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));
	setsockopt(sk, SOL_SOCKET, SO_SNDBUFFORCE, &big, sizeof(big));
	setsockopt(sk, SOL_SOCKET, SO_RCVBUFFORCE, &big, sizeof(big));
	set_timeout(60);
	rbuf = malloc(RBUF_SIZE);

	m_begin_raw(&m, GENL_ID_CTRL, NLM_F_ACK, CTRL_CMD_GETFAMILY, 1);
	put_str(&m, CTRL_ATTR_FAMILY_NAME, MOAT_GENL_NAME);
	err = wait_ack(m_send(&m), family_reply, &id);
	if (err || id < 0) {
		fprintf(stderr, "nlhostile: no moat family (%d)\n", err);
		exit(2);
	}
	fam = id;
	free(m.buf);
}

/* ---- state snapshots ------------------------------------------------------ */

struct snap {
	char *s;
	size_t len, cap;
};

static void snap_add(struct snap *sn, const char *fmt, ...)
{
	va_list ap;
	char tmp[512];
	int n;

	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	if (sn->len + n + 1 > sn->cap) {
		sn->cap = (sn->len + n + 1) * 2;
		sn->s = realloc(sn->s, sn->cap);
	}
	memcpy(sn->s + sn->len, tmp, n + 1);
	sn->len += n;
}

/* Names, generations, rule counts, layers, states, attachments: no counters. */
static void snap_reply(struct nlmsghdr *nlh, void *arg)
{
	struct nlattr *a;
	int len, rem;

	for_each_attr(a, reply_attrs(nlh, &len), len, rem) {
		void *d = nla_data_(a);

		switch (a->nla_type & NLA_TYPE_MASK) {
		case MOAT_A_PROFILE_NAME:
		case MOAT_A_CGROUP_PATH:
		case MOAT_A_LABEL_TYPE:
			snap_add(arg, "s%d=%s ", a->nla_type, (char *)d);
			break;
		case MOAT_A_PROFILE_GENERATION:
		case MOAT_A_CGROUP_ID:
			snap_add(arg, "q%d=%llu ", a->nla_type,
				 (unsigned long long)*(uint64_t *)d);
			break;
		case MOAT_A_PROFILE_ATTACHMENTS:
		case MOAT_A_PROFILE_RULES:
		case MOAT_A_PROFILE_MEMORY:
		case MOAT_A_PROFILE_LAYERS:
		case MOAT_A_PROFILE_DFA_STATES:
		case MOAT_A_MODE:
			snap_add(arg, "u%d=%u ", a->nla_type, *(uint32_t *)d);
			break;
		case MOAT_A_PENDING:
			snap_add(arg, "pending ");
			break;
		}
	}
	snap_add(arg, "\n");
}

static int dump(uint8_t cmd, reply_fn fn, void *arg)
{
	struct msg m = {};
	int err;

	m_begin_raw(&m, fam, NLM_F_DUMP, cmd, MOAT_GENL_VERSION);
	err = wait_ack(m_send(&m), fn, arg);
	free(m.buf);
	return err;
}

static char *snapshot(void)
{
	struct snap sn = {};

	snap_add(&sn, "profiles:\n");
	if (dump(MOAT_CMD_GET_PROFILE, snap_reply, &sn))
		snap_add(&sn, "dump failed\n");
	snap_add(&sn, "attachments:\n");
	if (dump(MOAT_CMD_GET_ATTACHMENT, snap_reply, &sn))
		snap_add(&sn, "dump failed\n");
	return sn.s;
}

/* ---- TAP ------------------------------------------------------------------ */

static void tap(int good, const char *fmt, ...)
{
	va_list ap;

	ncases++;
	if (!good)
		nfail++;
	printf("%sok %lu - ", good ? "" : "not ", ncases);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
}

static const char *ename(int err)
{
	static char buf[32];

	if (err == NOACK)
		return "no ack";
	if (err == 0)
		return "0";
	snprintf(buf, sizeof(buf), "%s", strerrorname_np(-err) ?: "?");
	return buf;
}

static char *baseline;
static const char *cmdname[] = {
	"UNSPEC", "GET_STATUS", "LOAD", "REMOVE", "GET_PROFILE", "ATTACH",
	"DETACH", "GET_ATTACHMENT", "SET_MODE", "EVENT",
};

static const char *cname(uint8_t cmd)
{
	static char buf[16];

	if (cmd < sizeof(cmdname) / sizeof(cmdname[0]))
		return cmdname[cmd];
	snprintf(buf, sizeof(buf), "cmd%u", cmd);
	return buf;
}

/*
 * Sends @m (@len bytes, nlmsg_len as set when @len is 0), asserts the ack
 * is @want and, for a refused request, that the lists are as in baseline.
 * For NOACK, a GET_STATUS follows and must be answered before any ack.
 */
static int expect_len(struct msg *m, size_t len, int want, const char *fmt, ...)
{
	char desc[400], *after = NULL;
	uint8_t cmd = m->len > NLMSG_HDRLEN ? m->buf[NLMSG_HDRLEN] : 0;
	va_list ap;
	uint32_t s;
	int got;

	va_start(ap, fmt);
	vsnprintf(desc, sizeof(desc), fmt, ap);
	va_end(ap);
	extack_msg[0] = 0;
	if (!len) {
		m_hdr(m)->nlmsg_len = m->len;
		len = m->len;
	}
	s = m_send_raw(m, len);
	if (!s) {
		got = -errno;	/* the send itself failed */
		snprintf(extack_msg, sizeof(extack_msg), "sendto: %m");
	} else if (want == NOACK) {
		struct msg st = {};

		/* the next request's answer proves the first got none */
		m_begin(&st, MOAT_CMD_GET_STATUS);
		m_hdr(&st)->nlmsg_len = st.len;
		stray_acks = 0;
		m_send_raw(&st, st.len);
		got = wait_ack(seq - 1, NULL, NULL) == 0 && !stray_acks ? NOACK : -EIO;
		free(st.buf);
	} else {
		got = wait_ack(s, NULL, NULL);
	}
	if (got == NOACK)
		noack_count++;
	else if (got < 0 && -got < 4200)
		errno_count[-got]++;
	if (got != 0 && baseline) {
		after = snapshot();
		if (strcmp(after, baseline)) {
			tap(0, "%s: %s: %s, but the state changed:\n# before:\n%s# after:\n%s",
			    cname(cmd), desc, ename(got), baseline, after);
			free(after);
			return got;
		}
		free(after);
	}
	if (got == want)
		tap(1, "%s: %s: %s%s%s", cname(cmd), desc, ename(got),
		    extack_msg[0] ? " # " : "", extack_msg);
	else {
		char w[32];

		snprintf(w, sizeof(w), "%s", ename(want));
		tap(0, "%s: %s: want %s, got %s%s%s", cname(cmd), desc, w,
		    ename(got), extack_msg[0] ? " # " : "", extack_msg);
	}
	return got;
}

#define expect(m, want, ...) expect_len(m, 0, want, __VA_ARGS__)

/* keyctl in the attached cgroup still gets EPERM, getpid still works */
static void probe_attached(const char *when)
{
	int st, fd;
	pid_t pid;

	pid = fork();
	if (pid == 0) {
		char b[16];
		long r;

		fd = open(attached_cg, O_RDONLY | O_DIRECTORY);
		if (fd < 0)
			_exit(10);
		close(fd);
		char procs[300];

		snprintf(b, sizeof(b), "%d", getpid());
		snprintf(procs, sizeof(procs), "%s/cgroup.procs", attached_cg);
		fd = open(procs, O_WRONLY);
		if (fd < 0 || write(fd, b, strlen(b)) < 0)
			_exit(11);
		close(fd);
		r = syscall(SYS_keyctl, 0, 0, 0, 0, 0);
		if (r != -1 || errno != EPERM)
			_exit(12);
		if (syscall(SYS_getpid) != getpid())
			_exit(13);
		_exit(0);
	}
	waitpid(pid, &st, 0);
	tap(WIFEXITED(st) && WEXITSTATUS(st) == 0,
	    "%s: the attached cgroup still enforces %s (keyctl EPERM, getpid works; child status %d)",
	    when, target, WIFEXITED(st) ? WEXITSTATUS(st) : -1);
}

static int status_ok(void)
{
	struct msg m = {};
	int err;

	m_begin(&m, MOAT_CMD_GET_STATUS);
	err = wait_ack(m_send(&m), NULL, NULL);
	free(m.buf);
	return err == 0;
}

/* ---- profile pieces ------------------------------------------------------- */

static void load_begin(struct msg *m, const char *name)
{
	m_begin(m, MOAT_CMD_LOAD_PROFILE);
	if (name)
		put_str(m, MOAT_A_PROFILE_NAME, name);
}

/* default ALLOW (or ERRNO @deferr), the ABIs in @abis, x86_64 ENOSYS_FROM @ef */
static void sys_layer(struct msg *m, unsigned int abis, int deferr, int ef)
{
	int i, n = 1;

	nest(m, MOAT_A_PROFILE_SYSCALLS);
	put_u8(m, MOAT_SYS_A_DEFAULT_ACTION, deferr > 0 ? MOAT_ACT_ERRNO : MOAT_ACT_ALLOW);
	if (deferr > 0)
		put_u16(m, MOAT_SYS_A_DEFAULT_ERRNO, deferr);
	nest(m, MOAT_SYS_A_ABIS);
	for (i = 0; i < __MOAT_ABI_COUNT; i++) {
		if (!(abis & (1U << i)))
			continue;
		nest(m, n++);
		put_u8(m, MOAT_ABI_A_ID, i);
		if (i == 0 && ef >= 0)
			put_u32(m, MOAT_ABI_A_ENOSYS_FROM, ef);
		end(m);
	}
	end(m);
	end(m);
}

static void rule(struct msg *m, int abi, uint32_t nr, int err)
{
	nest(m, MOAT_A_SYSCALL_RULE);
	put_u8(m, MOAT_RULE_A_ABI, abi);
	put_u32(m, MOAT_RULE_A_NR, nr);
	put_u8(m, MOAT_RULE_A_ACTION, err > 0 ? MOAT_ACT_ERRNO : MOAT_ACT_ALLOW);
	if (err > 0)
		put_u16(m, MOAT_RULE_A_ERRNO, err);
	end(m);
}

/* A rule with @ncmp comparisons arg0 == i. */
static void crule(struct msg *m, int abi, uint32_t nr, int err, int ncmp)
{
	int i;

	nest(m, MOAT_A_SYSCALL_RULE);
	put_u8(m, MOAT_RULE_A_ABI, abi);
	put_u32(m, MOAT_RULE_A_NR, nr);
	put_u8(m, MOAT_RULE_A_ACTION, err > 0 ? MOAT_ACT_ERRNO : MOAT_ACT_ALLOW);
	if (err > 0)
		put_u16(m, MOAT_RULE_A_ERRNO, err);
	nest(m, MOAT_RULE_A_ARGS);
	for (i = 0; i < ncmp; i++) {
		nest(m, i + 1);
		put_u8(m, MOAT_ARG_A_INDEX, i % 6);
		put_u8(m, MOAT_ARG_A_OP, MOAT_CMP_EQ);
		put_u64(m, MOAT_ARG_A_VALUE, i);
		end(m);
	}
	end(m);
	end(m);
}

/*
 * The path layer of a 3-state automaton over 2 classes: state 1 reads
 * class 1 into state 2, which grants r. @opt picks a fault.
 */
struct dfa_opt {
	int states, classes, start;
	int classmap_len;
	int classmap_val;	/* -1: bytes 'a'..'z' class 1, rest 0 */
	int trans_delta;	/* entries more (+) or fewer (-) */
	int accept_delta;
	int bad_trans;		/* value written into state 2's class 1 entry, -1 none */
	int dead_trans;		/* state 0 class 1 entry, -1 none */
	uint32_t accept_bits;
	int pieces;		/* DFA_TRANS split into this many pieces */
	int no_trans;
};

static const struct dfa_opt dfa_ok = {
	.states = 3, .classes = 2, .start = 1, .classmap_len = 256,
	.classmap_val = -1, .bad_trans = -1, .dead_trans = -1,
	.accept_bits = MOAT_FILE_READ, .pieces = 1,
};

static void path_layer(struct msg *m, const struct dfa_opt *o)
{
	unsigned char cmap[512];
	uint16_t *trans;
	struct moat_dfa_accept *acc;
	int nt, na, i, s, c, off, piece;

	memset(cmap, 0, sizeof(cmap));
	for (i = 0; i < (int)sizeof(cmap); i++)
		cmap[i] = o->classmap_val >= 0 ? o->classmap_val :
			  (i >= 'a' && i <= 'z');
	nest(m, MOAT_A_PROFILE_PATHS);
	put_u32(m, MOAT_PATH_A_DFA_STATES, o->states);
	put_u32(m, MOAT_PATH_A_DFA_CLASSES, o->classes);
	put_u32(m, MOAT_PATH_A_DFA_START, o->start);
	put(m, MOAT_PATH_A_DFA_CLASSMAP, cmap, o->classmap_len);
	end(m);

	nt = o->states * o->classes + o->trans_delta;
	na = o->states + o->accept_delta;
	trans = calloc(nt > 0 ? nt : 1, sizeof(*trans));
	acc = calloc(na > 0 ? na : 1, sizeof(*acc));
	for (s = 1; s < o->states && s < 3; s++)
		for (c = 0; c < o->classes; c++)
			if (s * o->classes + c < nt)
				trans[s * o->classes + c] = c == 1 ? 2 : 0;
	if (o->bad_trans >= 0 && 2 * o->classes + 1 < nt)
		trans[2 * o->classes + 1] = o->bad_trans;
	if (o->dead_trans >= 0 && nt > 1)
		trans[1] = o->dead_trans;
	if (na > 2)
		acc[2].allow = o->accept_bits;
	if (!o->no_trans) {
		for (piece = 0, off = 0; piece < o->pieces; piece++) {
			int bytes = nt * 2 / o->pieces;

			if (piece == o->pieces - 1)
				bytes = nt * 2 - off;
			put(m, MOAT_A_DFA_TRANS, (char *)trans + off, bytes);
			off += bytes;
		}
	}
	put(m, MOAT_A_DFA_ACCEPT, acc, na * sizeof(*acc));
	free(trans);
	free(acc);
}

static void labels_layer(struct msg *m, const char *deftype)
{
	nest(m, MOAT_A_PROFILE_LABELS);
	put_str(m, MOAT_LABELS_A_DEFAULT_TYPE, deftype);
	end(m);
}

static void lrule(struct msg *m, const char *subj, const char *obj, uint32_t perms)
{
	nest(m, MOAT_A_LABEL_RULE);
	put_str(m, MOAT_LRULE_A_SUBJECT, subj);
	put_str(m, MOAT_LRULE_A_OBJECT, obj);
	put_u32(m, MOAT_LRULE_A_PERMS, perms);
	end(m);
}

static void lfs(struct msg *m, const char *fstype, const char *type)
{
	nest(m, MOAT_A_LABEL_FS);
	put_str(m, MOAT_LFS_A_FSTYPE, fstype);
	put_str(m, MOAT_LFS_A_TYPE, type);
	end(m);
}

static void peer(struct msg *m, int class, uint32_t perms, const char *p)
{
	nest(m, MOAT_A_PEER_RULE);
	put_u8(m, MOAT_PEER_A_CLASS, class);
	put_u32(m, MOAT_PEER_A_PERMS, perms);
	if (p)
		put_str(m, MOAT_PEER_A_PEER, p);
	end(m);
}

/* A valid one-layer load of @name: default ALLOW, getppid EPERM. */
static void valid_load(struct msg *m, const char *name)
{
	load_begin(m, name);
	sys_layer(m, 1, 0, -1);
	rule(m, MOAT_ABI_X86_64, SYS_getppid, EPERM);
}

static void remove_profile(const char *name)
{
	struct msg m = {};

	m_begin(&m, MOAT_CMD_REMOVE_PROFILE);
	put_str(&m, MOAT_A_PROFILE_NAME, name);
	expect(&m, 0, "remove scratch profile %s", name);
	free(m.buf);
}

/* Accepted on a scratch profile: loads, then is removed again. */
static void scratch_ok(struct msg *m, const char *name, const char *fmt, ...)
{
	char desc[300];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(desc, sizeof(desc), fmt, ap);
	va_end(ap);
	if (expect(m, 0, "%s", desc) == 0)
		remove_profile(name);
}

static int cg_fd(const char *path)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0) {
		fprintf(stderr, "nlhostile: %s: %m\n", path);
		exit(2);
	}
	return fd;
}

/* ---- deterministic cases -------------------------------------------------- */

static const uint8_t all_cmds[] = {
	MOAT_CMD_GET_STATUS, MOAT_CMD_LOAD_PROFILE, MOAT_CMD_REMOVE_PROFILE,
	MOAT_CMD_GET_PROFILE, MOAT_CMD_ATTACH, MOAT_CMD_DETACH,
	MOAT_CMD_GET_ATTACHMENT, MOAT_CMD_SET_MODE,
};

static int is_dump(uint8_t cmd)
{
	return cmd == MOAT_CMD_GET_PROFILE || cmd == MOAT_CMD_GET_ATTACHMENT;
}

static void begin_cmd(struct msg *m, uint8_t cmd)
{
	m_begin_raw(m, fam, NLM_F_ACK | (is_dump(cmd) ? NLM_F_DUMP : 0), cmd,
		    MOAT_GENL_VERSION);
}

static void cases_headers(void)
{
	struct msg m = {};
	unsigned int i;

	for (i = 0; i < sizeof(all_cmds); i++) {
		uint8_t c = all_cmds[i];
		struct genlmsghdr *g;

		begin_cmd(&m, c);
		m_hdr(&m)->nlmsg_len = m.len;
		expect_len(&m, 10, NOACK, "netlink header cut (10 bytes sent)");

		begin_cmd(&m, c);
		put_u32(&m, MOAT_A_FLAGS, 0);
		m_hdr(&m)->nlmsg_len = m.len + 64;
		expect_len(&m, m.len, NOACK, "nlmsg_len 64 bytes beyond the datagram");

		begin_cmd(&m, c);
		m_hdr(&m)->nlmsg_len = NLMSG_HDRLEN + 2;
		expect_len(&m, NLMSG_HDRLEN + 2, -EINVAL, "genl header cut (2 of 4 bytes)");

		begin_cmd(&m, c);
		put_str(&m, MOAT_A_PROFILE_NAME, "x");
		((struct nlattr *)(m.buf + NLMSG_HDRLEN + GENL_HDRLEN))->nla_len = 200;
		expect(&m, -EINVAL, "attribute length beyond the message");

		begin_cmd(&m, c);
		put_u32(&m, MOAT_A_MAX + 1, 0);
		expect(&m, -EINVAL, "unknown attribute type %d", MOAT_A_MAX + 1);

		begin_cmd(&m, c);
		put_u32(&m, 0x3fff, 0);
		expect(&m, -EINVAL, "unknown attribute type 0x3fff");

		begin_cmd(&m, c);
		put_u32(&m, MOAT_A_UNSPEC, 0);
		expect(&m, -EINVAL, "attribute type 0 (UNSPEC)");

		begin_cmd(&m, c);
		put_str(&m, MOAT_A_VERSION, "1");
		expect(&m, -EINVAL, "a reply-only attribute (VERSION) in a request");

		begin_cmd(&m, c);
		g = (struct genlmsghdr *)(m.buf + NLMSG_HDRLEN);
		g->reserved = 1;
		expect(&m, -EINVAL, "non-zero reserved genl header byte");

		begin_cmd(&m, c);
		put(&m, MOAT_A_PROFILE_NAME, "ab", 3);
		m.len -= 1;	/* the attribute's padding byte cut off */
		expect(&m, c == MOAT_CMD_REMOVE_PROFILE ? -ENOENT : -EINVAL,
		       "message ends inside an attribute's padding");
	}

	/* unknown commands and wrong kinds */
	{
		static const uint8_t bad[] = { MOAT_CMD_UNSPEC, MOAT_CMD_EVENT,
					       __MOAT_CMD_MAX, 100, 255 };

		for (i = 0; i < sizeof(bad); i++) {
			m_begin(&m, bad[i]);
			expect(&m, -EOPNOTSUPP, "unknown command %u (doit)", bad[i]);
			m_begin_raw(&m, fam, NLM_F_ACK | NLM_F_DUMP, bad[i], 1);
			expect(&m, -EOPNOTSUPP, "unknown command %u (dump)", bad[i]);
		}
	}
	m_begin(&m, MOAT_CMD_GET_PROFILE);
	expect(&m, -EOPNOTSUPP, "a dump-only command as doit");
	m_begin(&m, MOAT_CMD_GET_ATTACHMENT);
	expect(&m, -EOPNOTSUPP, "a dump-only command as doit");
	m_begin_raw(&m, fam, NLM_F_ACK | NLM_F_DUMP, MOAT_CMD_GET_STATUS, 1);
	expect(&m, -EOPNOTSUPP, "a doit-only command as dump");
	m_begin_raw(&m, fam, NLM_F_ACK | NLM_F_DUMP, MOAT_CMD_LOAD_PROFILE, 1);
	expect(&m, -EOPNOTSUPP, "a doit-only command as dump");

	/* the genl version is not checked by the core: the family ignores it */
	m_begin_raw(&m, fam, NLM_F_ACK, MOAT_CMD_GET_STATUS, 0);
	expect(&m, 0, "genl version 0 (ignored by the generic netlink core)");
	m_begin_raw(&m, fam, NLM_F_ACK, MOAT_CMD_GET_STATUS, 255);
	expect(&m, 0, "genl version 255 (ignored)");
	m_begin_raw(&m, fam, NLM_F_ACK, MOAT_CMD_REMOVE_PROFILE, 2);
	put_str(&m, MOAT_A_PROFILE_NAME, "no-such-profile");
	expect(&m, -ENOENT, "genl version 2, removing an unknown profile");
	/* a family id nobody has */
	m_begin_raw(&m, 0xfff0, NLM_F_ACK, MOAT_CMD_GET_STATUS, 1);
	expect(&m, -ENOENT, "a family id that does not exist");
	free(m.buf);
}

static void cases_load_bounds(void)
{
	struct msg m = {};
	const char *T = target;
	struct dfa_opt o;

	/* syscall layer policy bounds */
	load_begin(&m, T);
	nest(&m, MOAT_A_PROFILE_SYSCALLS);
	put_u8(&m, MOAT_SYS_A_DEFAULT_ACTION, 2);
	end(&m);
	expect(&m, -ERANGE, "default action 2");

	load_begin(&m, T);
	nest(&m, MOAT_A_PROFILE_SYSCALLS);
	put_u8(&m, MOAT_SYS_A_DEFAULT_ACTION, MOAT_ACT_ERRNO);
	put_u16(&m, MOAT_SYS_A_DEFAULT_ERRNO, 0);
	end(&m);
	expect(&m, -ERANGE, "default errno 0");

	load_begin(&m, T);
	nest(&m, MOAT_A_PROFILE_SYSCALLS);
	put_u8(&m, MOAT_SYS_A_DEFAULT_ACTION, MOAT_ACT_ERRNO);
	put_u16(&m, MOAT_SYS_A_DEFAULT_ERRNO, 4096);
	end(&m);
	expect(&m, -ERANGE, "default errno 4096");

	load_begin(&m, T);
	nest(&m, MOAT_A_PROFILE_SYSCALLS);
	put_u8(&m, MOAT_SYS_A_DEFAULT_ACTION, MOAT_ACT_ERRNO);
	end(&m);
	expect(&m, -EINVAL, "default action ERRNO without a default errno");

	load_begin(&m, T);
	nest(&m, MOAT_A_PROFILE_SYSCALLS);
	put_u8(&m, MOAT_SYS_A_DEFAULT_ACTION, MOAT_ACT_ALLOW);
	put_u16(&m, MOAT_SYS_A_DEFAULT_ERRNO, 1);
	end(&m);
	expect(&m, -EINVAL, "default errno with default action ALLOW");

	load_begin(&m, T);
	nest(&m, MOAT_A_PROFILE_SYSCALLS);
	end(&m);
	expect(&m, -EINVAL, "syscall layer without a default action");

	load_begin(&m, T);
	nest(&m, MOAT_A_PROFILE_SYSCALLS);
	put_u8(&m, MOAT_SYS_A_DEFAULT_ACTION, 0);
	nest(&m, MOAT_SYS_A_ABIS);
	nest(&m, 1);
	put_u8(&m, MOAT_ABI_A_ID, 3);
	end(&m);
	end(&m);
	end(&m);
	expect(&m, -ERANGE, "ABI id 3");

	load_begin(&m, T);
	nest(&m, MOAT_A_PROFILE_SYSCALLS);
	put_u8(&m, MOAT_SYS_A_DEFAULT_ACTION, 0);
	nest(&m, MOAT_SYS_A_ABIS);
	nest(&m, 1);
	end(&m);
	end(&m);
	end(&m);
	expect(&m, -EINVAL, "ABI element without an id");

	load_begin(&m, T);
	sys_layer(&m, 1, 0, MOAT_SYS_NR_MAX + 1);
	expect(&m, -ERANGE, "ENOSYS_FROM %d", MOAT_SYS_NR_MAX + 1);

	load_begin(&m, "hostile-scratch");
	sys_layer(&m, 1, 0, MOAT_SYS_NR_MAX);
	rule(&m, 0, SYS_getppid, EPERM);
	scratch_ok(&m, "hostile-scratch", "ENOSYS_FROM %d (the maximum)", MOAT_SYS_NR_MAX);

	load_begin(&m, T);
	sys_layer(&m, 1, 0, -1);
	rule(&m, 3, 1, 0);
	expect(&m, -ERANGE, "rule ABI 3");

	load_begin(&m, T);
	sys_layer(&m, 1, 0, -1);
	rule(&m, 0, MOAT_SYS_NR_MAX, 0);
	expect(&m, -ERANGE, "rule NR %d (MOAT_SYS_NR_MAX)", MOAT_SYS_NR_MAX);

	load_begin(&m, T);
	sys_layer(&m, 1, 0, -1);
	rule(&m, 0, 0xffffffffu, 0);
	expect(&m, -ERANGE, "rule NR 0xffffffff");

	load_begin(&m, T);
	sys_layer(&m, 1, 0, -1);
	nest(&m, MOAT_A_SYSCALL_RULE);
	put_u8(&m, MOAT_RULE_A_ABI, 0);
	put_u32(&m, MOAT_RULE_A_NR, 1);
	put_u8(&m, MOAT_RULE_A_ACTION, 2);
	end(&m);
	expect(&m, -ERANGE, "rule action 2");

	load_begin(&m, T);
	sys_layer(&m, 1, 0, -1);
	nest(&m, MOAT_A_SYSCALL_RULE);
	put_u8(&m, MOAT_RULE_A_ABI, 0);
	put_u32(&m, MOAT_RULE_A_NR, 1);
	put_u8(&m, MOAT_RULE_A_ACTION, MOAT_ACT_ERRNO);
	put_u16(&m, MOAT_RULE_A_ERRNO, 0);
	end(&m);
	expect(&m, -ERANGE, "rule errno 0");

	load_begin(&m, T);
	sys_layer(&m, 1, 0, -1);
	rule(&m, 0, 1, 4096);
	expect(&m, -ERANGE, "rule errno 4096");

	load_begin(&m, T);
	sys_layer(&m, 1, 0, -1);
	nest(&m, MOAT_A_SYSCALL_RULE);
	put_u8(&m, MOAT_RULE_A_ABI, 0);
	put_u32(&m, MOAT_RULE_A_NR, 1);
	put_u8(&m, MOAT_RULE_A_ACTION, MOAT_ACT_ERRNO);
	end(&m);
	expect(&m, -EINVAL, "ERRNO action without errno");

	load_begin(&m, T);
	sys_layer(&m, 1, 0, -1);
	nest(&m, MOAT_A_SYSCALL_RULE);
	put_u8(&m, MOAT_RULE_A_ABI, 0);
	put_u32(&m, MOAT_RULE_A_NR, 1);
	put_u8(&m, MOAT_RULE_A_ACTION, MOAT_ACT_ALLOW);
	put_u16(&m, MOAT_RULE_A_ERRNO, 1);
	end(&m);
	expect(&m, -EINVAL, "errno with ALLOW action");

	load_begin(&m, T);
	sys_layer(&m, 1, 0, -1);
	nest(&m, MOAT_A_SYSCALL_RULE);
	put_u8(&m, MOAT_RULE_A_ABI, 0);
	put_u8(&m, MOAT_RULE_A_ACTION, MOAT_ACT_ALLOW);
	end(&m);
	expect(&m, -EINVAL, "rule without NR");

	/* argument comparisons */
	{
		static const struct { int idx, op, width; uint64_t val; int mask; int want; const char *d; } a[] = {
			{ 6, MOAT_CMP_EQ, 0, 0, -1, -ERANGE, "arg index 6" },
			{ 255, MOAT_CMP_EQ, 0, 0, -1, -ERANGE, "arg index 255" },
			{ 0, MOAT_CMP_MAX + 1, 0, 0, -1, -ERANGE, "cmp op 7" },
			{ 0, 255, 0, 0, -1, -ERANGE, "cmp op 255" },
			{ 0, MOAT_CMP_EQ, 31, 0, -1, -ERANGE, "width 31" },
			{ 0, MOAT_CMP_EQ, 65, 0, -1, -ERANGE, "width 65" },
			{ 0, MOAT_CMP_EQ, 33, 0, -1, -EINVAL, "width 33 (in the policy range, not 32 or 64)" },
			{ 0, MOAT_CMP_EQ, 32, 1ULL << 32, -1, -EINVAL, "width 32, value 2^32" },
			{ 0, MOAT_CMP_MASKED_EQ, 0, 0, -1, -EINVAL, "MASKED_EQ without mask" },
			{ 0, MOAT_CMP_EQ, 0, 0, 1, -EINVAL, "mask with EQ" },
			{ 0, MOAT_CMP_MASKED_EQ, 32, 0, 2, -EINVAL, "width 32, mask 2^32+" },
		};
		unsigned int i;

		for (i = 0; i < sizeof(a) / sizeof(a[0]); i++) {
			load_begin(&m, T);
			sys_layer(&m, 1, 0, -1);
			nest(&m, MOAT_A_SYSCALL_RULE);
			put_u8(&m, MOAT_RULE_A_ABI, 0);
			put_u32(&m, MOAT_RULE_A_NR, 1);
			put_u8(&m, MOAT_RULE_A_ACTION, 0);
			nest(&m, MOAT_RULE_A_ARGS);
			nest(&m, 1);
			put_u8(&m, MOAT_ARG_A_INDEX, a[i].idx);
			put_u8(&m, MOAT_ARG_A_OP, a[i].op);
			put_u64(&m, MOAT_ARG_A_VALUE, a[i].val);
			if (a[i].mask == 1)
				put_u64(&m, MOAT_ARG_A_MASK, 1);
			if (a[i].mask == 2)
				put_u64(&m, MOAT_ARG_A_MASK, 0x1ffffffffULL);
			if (a[i].width)
				put_u8(&m, MOAT_ARG_A_WIDTH, a[i].width);
			end(&m);
			end(&m);
			end(&m);
			expect(&m, a[i].want, "%s", a[i].d);
		}
	}

	load_begin(&m, T);
	sys_layer(&m, 1 << MOAT_ABI_I386, 0, -1);
	nest(&m, MOAT_A_SYSCALL_RULE);
	put_u8(&m, MOAT_RULE_A_ABI, MOAT_ABI_I386);
	put_u32(&m, MOAT_RULE_A_NR, 1);
	put_u8(&m, MOAT_RULE_A_ACTION, 0);
	nest(&m, MOAT_RULE_A_ARGS);
	nest(&m, 1);
	put_u8(&m, MOAT_ARG_A_INDEX, 0);
	put_u8(&m, MOAT_ARG_A_OP, MOAT_CMP_EQ);
	put_u64(&m, MOAT_ARG_A_VALUE, 1ULL << 40);
	end(&m);
	end(&m);
	end(&m);
	expect(&m, -EINVAL, "i386 rule with a 64-bit operand");

	load_begin(&m, T);
	sys_layer(&m, 1, 0, -1);
	crule(&m, 0, 1, 0, 7);
	expect(&m, -EINVAL, "7 comparisons in one rule");

	load_begin(&m, T);
	sys_layer(&m, 1, 0, -1);
	crule(&m, 0, 1, 0, 0);
	expect(&m, -EINVAL, "an empty ARGS array");

	/* path layer bounds */
	o = dfa_ok;
	o.states = 0;
	load_begin(&m, T);
	path_layer(&m, &o);
	expect(&m, -ERANGE, "DFA states 0");
	o = dfa_ok;
	o.states = 65536;
	o.no_trans = 1;
	o.accept_delta = -65533;
	load_begin(&m, T);
	path_layer(&m, &o);
	expect(&m, -ERANGE, "DFA states 65536");
	o = dfa_ok;
	o.classes = 0;
	load_begin(&m, T);
	path_layer(&m, &o);
	expect(&m, -ERANGE, "DFA classes 0");
	o = dfa_ok;
	o.classes = 257;
	load_begin(&m, T);
	path_layer(&m, &o);
	expect(&m, -ERANGE, "DFA classes 257");
	o = dfa_ok;
	o.start = 3;
	load_begin(&m, T);
	path_layer(&m, &o);
	expect(&m, -EINVAL, "DFA start 3 = states");
	o = dfa_ok;
	o.start = 65535;
	load_begin(&m, T);
	path_layer(&m, &o);
	expect(&m, -ERANGE, "DFA start 65535 (beyond any state count)");
	o = dfa_ok;
	o.classmap_len = 255;
	load_begin(&m, T);
	path_layer(&m, &o);
	expect(&m, -ERANGE, "classmap of 255 bytes");
	o = dfa_ok;
	o.classmap_len = 257;
	load_begin(&m, T);
	path_layer(&m, &o);
	expect(&m, -ERANGE, "classmap of 257 bytes");
	o = dfa_ok;
	o.classmap_val = 2;
	load_begin(&m, T);
	path_layer(&m, &o);
	expect(&m, -EINVAL, "classmap naming class 2 of 2");
	o = dfa_ok;
	o.accept_bits = 0x80;
	load_begin(&m, T);
	path_layer(&m, &o);
	expect(&m, -EINVAL, "accept entry with perms 0x80 (beyond MOAT_FILE_ALL)");

	load_begin(&m, T);
	nest(&m, MOAT_A_PROFILE_PATHS);
	put_u32(&m, MOAT_PATH_A_FLAGS, 0x4);
	end(&m);
	expect(&m, -EINVAL, "path flags 0x4 (beyond MOAT_PATH_F_ALL)");
	load_begin(&m, T);
	nest(&m, MOAT_A_PROFILE_PATHS);
	put_u32(&m, MOAT_PATH_A_MOUNT_ALLOW, 0x8);
	end(&m);
	expect(&m, -EINVAL, "mount allow 0x8 (beyond MOAT_MNT_ALL)");
	load_begin(&m, T);
	nest(&m, MOAT_A_PROFILE_PATHS);
	put_u32(&m, MOAT_PATH_A_MOUNT_DENY, 0xffffffff);
	end(&m);
	expect(&m, -EINVAL, "mount deny 0xffffffff");
	load_begin(&m, T);
	nest(&m, MOAT_A_PROFILE_PATHS);
	end(&m);
	expect(&m, -EINVAL, "path layer without states, classes, start, classmap");

	/* peer rules */
	load_begin(&m, T);
	path_layer(&m, &dfa_ok);
	peer(&m, 2, 1, NULL);
	expect(&m, -ERANGE, "peer class 2");
	load_begin(&m, T);
	path_layer(&m, &dfa_ok);
	peer(&m, MOAT_PEER_SIGNAL, 0, NULL);
	expect(&m, -ERANGE, "peer perms 0");
	load_begin(&m, T);
	path_layer(&m, &dfa_ok);
	peer(&m, MOAT_PEER_PTRACE, 0x10, NULL);
	expect(&m, -ERANGE, "ptrace perms 0x10 (beyond MOAT_PTRACE_ALL)");
	load_begin(&m, T);
	path_layer(&m, &dfa_ok);
	peer(&m, MOAT_PEER_SIGNAL, 0x4, NULL);
	expect(&m, -EINVAL, "signal perms 0x4 (beyond MOAT_SIGNAL_ALL, within the policy)");
	load_begin(&m, T);
	path_layer(&m, &dfa_ok);
	peer(&m, MOAT_PEER_SIGNAL, 1, "");
	expect(&m, -EINVAL, "empty peer label");

	/* labels */
	load_begin(&m, T);
	labels_layer(&m, "t");
	lrule(&m, "a", "b", 0x80);
	expect(&m, -EINVAL, "label rule perms 0x80 (beyond MOAT_LABEL_ALL)");
	load_begin(&m, T);
	labels_layer(&m, "T");
	expect(&m, -EINVAL, "default type \"T\" (not a type name)");
	load_begin(&m, T);
	nest(&m, MOAT_A_PROFILE_LABELS);
	end(&m);
	expect(&m, -EINVAL, "label layer without a default type");
	load_begin(&m, T);
	labels_layer(&m, "t");
	lrule(&m, "a", "b", 1);
	lrule(&m, "a", "b", 2);
	expect(&m, -EINVAL, "two label rules for one pair");
	load_begin(&m, T);
	labels_layer(&m, "t");
	lfs(&m, "tmpfs", "a");
	lfs(&m, "tmpfs", "b");
	expect(&m, -EINVAL, "two fs_default for one file system");
	load_begin(&m, T);
	sys_layer(&m, 1, 0, -1);
	lrule(&m, "a", "b", 1);
	expect(&m, -EINVAL, "label rules without a label layer");

	/* load flags, names */
	load_begin(&m, T);
	put_u32(&m, MOAT_A_FLAGS, 0x2);
	sys_layer(&m, 1, 0, -1);
	expect(&m, -EINVAL, "load flags 0x2 (beyond MOAT_LOAD_F_ALL)");
	load_begin(&m, T);
	put_u32(&m, MOAT_A_FLAGS, MOAT_LOAD_F_NOREPLACE);
	sys_layer(&m, 1, 0, -1);
	expect(&m, -EEXIST, "NOREPLACE on a loaded profile");
	load_begin(&m, NULL);
	sys_layer(&m, 1, 0, -1);
	expect(&m, -EINVAL, "no profile name");
	load_begin(&m, "");
	sys_layer(&m, 1, 0, -1);
	expect(&m, -EINVAL, "empty profile name");
	load_begin(&m, "unconfined");
	sys_layer(&m, 1, 0, -1);
	expect(&m, -EINVAL, "profile name \"unconfined\"");
	load_begin(&m, "../etc");
	sys_layer(&m, 1, 0, -1);
	expect(&m, -EINVAL, "profile name \"../etc\"");
	load_begin(&m, NULL);
	put_long_str(&m, MOAT_A_PROFILE_NAME, MOAT_NAME_MAX);
	sys_layer(&m, 1, 0, -1);
	expect(&m, -EINVAL, "profile name of 64 bytes");
	load_begin(&m, NULL);
	put(&m, MOAT_A_PROFILE_NAME, "abc", 3);
	sys_layer(&m, 1, 0, -1);
	expect(&m, -EINVAL, "profile name without its NUL");
	/* NLA_NUL_STRING: what follows the first NUL is not looked at */
	load_begin(&m, NULL);
	put(&m, MOAT_A_PROFILE_NAME, "hostile-nul\0../../x", 21);
	sys_layer(&m, 1, 0, -1);
	scratch_ok(&m, "hostile-nul", "profile name \"hostile-nul\\0../../x\": loads as \"hostile-nul\"");
	{
		char nm[80];

		/* a NUL early, then more than the policy's 63 bytes */
		memset(nm, 'b', sizeof(nm));
		memcpy(nm, "hostile\0", 8);
		nm[sizeof(nm) - 1] = 0;
		load_begin(&m, NULL);
		put(&m, MOAT_A_PROFILE_NAME, nm, sizeof(nm));
		sys_layer(&m, 1, 0, -1);
		expect(&m, -ERANGE, "profile name \"hostile\\0\" + 71 bytes (NUL early, too long)");
	}
	load_begin(&m, T);
	expect(&m, -EINVAL, "no layer at all");
	free(m.buf);
}

static void cases_nesting(void)
{
	struct msg m = {};
	const char *T = target;

	load_begin(&m, T);
	nest_flat(&m, MOAT_A_PROFILE_SYSCALLS);
	put_u8(&m, MOAT_SYS_A_DEFAULT_ACTION, 0);
	end(&m);
	expect(&m, -EINVAL, "PROFILE_SYSCALLS without NLA_F_NESTED");

	load_begin(&m, T);
	sys_layer(&m, 1, 0, -1);
	nest_flat(&m, MOAT_A_SYSCALL_RULE);
	put_u8(&m, MOAT_RULE_A_ABI, 0);
	put_u32(&m, MOAT_RULE_A_NR, 1);
	put_u8(&m, MOAT_RULE_A_ACTION, 0);
	end(&m);
	expect(&m, -EINVAL, "SYSCALL_RULE without NLA_F_NESTED");

	load_begin(&m, T);
	nest(&m, MOAT_A_PROFILE_SYSCALLS);
	put_u8(&m, MOAT_SYS_A_DEFAULT_ACTION, 0);
	nest_flat(&m, MOAT_SYS_A_ABIS);
	nest(&m, 1);
	put_u8(&m, MOAT_ABI_A_ID, 0);
	end(&m);
	end(&m);
	end(&m);
	expect(&m, -EINVAL, "SYS_ABIS array without NLA_F_NESTED");

	load_begin(&m, T);
	nest(&m, MOAT_A_PROFILE_SYSCALLS);
	put_u8(&m, MOAT_SYS_A_DEFAULT_ACTION, 0);
	nest(&m, MOAT_SYS_A_ABIS);
	nest_flat(&m, 1);
	put_u8(&m, MOAT_ABI_A_ID, 0);
	end(&m);
	end(&m);
	end(&m);
	expect(&m, -EINVAL, "SYS_ABIS element without NLA_F_NESTED");

	load_begin(&m, T);
	sys_layer(&m, 1, 0, -1);
	nest(&m, MOAT_A_SYSCALL_RULE);
	put_u8(&m, MOAT_RULE_A_ABI, 0);
	put_u32(&m, MOAT_RULE_A_NR, 1);
	put_u8(&m, MOAT_RULE_A_ACTION, 0);
	nest(&m, MOAT_RULE_A_ARGS);
	nest_flat(&m, 1);
	put_u8(&m, MOAT_ARG_A_INDEX, 0);
	put_u8(&m, MOAT_ARG_A_OP, 0);
	put_u64(&m, MOAT_ARG_A_VALUE, 0);
	end(&m);
	end(&m);
	end(&m);
	expect(&m, -EINVAL, "ARGS element without NLA_F_NESTED");

	load_begin(&m, T);
	put_u32(&m, MOAT_A_PROFILE_SYSCALLS, 0);
	expect(&m, -EINVAL, "a u32 where PROFILE_SYSCALLS nests");

	load_begin(&m, T);
	put_u32(&m, MOAT_A_PROFILE_SYSCALLS | NLA_F_NESTED, 0);
	expect(&m, -EINVAL, "a u32 with NLA_F_NESTED where PROFILE_SYSCALLS nests");

	load_begin(&m, T);
	sys_layer(&m, 1, 0, -1);
	put_u8(&m, MOAT_A_SYSCALL_RULE | NLA_F_NESTED, 0);
	expect(&m, -ERANGE, "a u8 with NLA_F_NESTED where SYSCALL_RULE nests (shorter than a header)");

	load_begin(&m, T);
	put_str(&m, MOAT_A_PROFILE_NAME | NLA_F_NESTED, "x");
	sys_layer(&m, 1, 0, -1);
	expect(&m, -EINVAL, "NLA_F_NESTED on a string attribute");

	load_begin(&m, T);
	sys_layer(&m, 1, 0, -1);
	nest(&m, MOAT_A_SYSCALL_RULE);
	put_u8(&m, MOAT_RULE_A_ABI, 0);
	put_u32(&m, MOAT_RULE_A_NR, 1);
	put_u8(&m, MOAT_RULE_A_ACTION, 0);
	put_u64(&m, MOAT_RULE_A_ARGS, 0);
	end(&m);
	expect(&m, -EINVAL, "a u64 where ARGS nests");

	/* a nest of the wrong enum */
	load_begin(&m, T);
	nest(&m, MOAT_A_PROFILE_SYSCALLS);
	put_u32(&m, MOAT_PATH_A_DFA_STATES, 3);	/* SYS type 2: DEFAULT_ERRNO u16 */
	put_u32(&m, MOAT_PATH_A_DFA_CLASSES, 2);	/* SYS type 3: ABIS array */
	end(&m);
	expect(&m, -EINVAL, "path attributes in PROFILE_SYSCALLS");

	load_begin(&m, T);
	nest(&m, MOAT_A_PROFILE_PATHS);
	put_u8(&m, MOAT_SYS_A_DEFAULT_ACTION, 0);	/* PATH type 1: FLAGS u32 */
	end(&m);
	expect(&m, -EINVAL, "syscall attributes in PROFILE_PATHS (a u8 for a u32)");

	load_begin(&m, T);
	sys_layer(&m, 1, 0, -1);
	nest(&m, MOAT_A_SYSCALL_RULE);
	put_u8(&m, MOAT_ARG_A_INDEX, 0);	/* RULE type 1: ABI u8 */
	put_u8(&m, MOAT_ARG_A_OP, 0);		/* RULE type 2: NR u32 */
	put_u64(&m, MOAT_ARG_A_VALUE, 0);	/* RULE type 3: ACTION u8 */
	end(&m);
	expect(&m, -EINVAL, "argument attributes in SYSCALL_RULE (a u8 for a u32)");

	load_begin(&m, T);
	labels_layer(&m, "t");
	nest(&m, MOAT_A_LABEL_RULE);
	put_str(&m, MOAT_LFS_A_FSTYPE, "tmpfs");
	put_str(&m, MOAT_LFS_A_TYPE, "t");
	end(&m);
	expect(&m, -EINVAL, "an fs_default nest as LABEL_RULE (no perms)");

	load_begin(&m, T);
	labels_layer(&m, "t");
	nest(&m, MOAT_A_LABEL_FS);
	put_str(&m, MOAT_LRULE_A_SUBJECT, "a");
	put_str(&m, MOAT_LRULE_A_OBJECT, "b");
	put_u32(&m, MOAT_LRULE_A_PERMS, 1);
	end(&m);
	expect(&m, -EINVAL, "a label rule nest as LABEL_FS (type 3 unknown)");

	/* unknown attributes inside nests */
	load_begin(&m, T);
	nest(&m, MOAT_A_PROFILE_SYSCALLS);
	put_u8(&m, MOAT_SYS_A_DEFAULT_ACTION, 0);
	put_u32(&m, MOAT_SYS_A_MAX + 1, 0);
	end(&m);
	expect(&m, -EINVAL, "unknown attribute in PROFILE_SYSCALLS");

	load_begin(&m, T);
	sys_layer(&m, 1, 0, -1);
	nest(&m, MOAT_A_SYSCALL_RULE);
	put_u8(&m, MOAT_RULE_A_ABI, 0);
	put_u32(&m, MOAT_RULE_A_NR, 1);
	put_u8(&m, MOAT_RULE_A_ACTION, 0);
	put_u32(&m, MOAT_RULE_A_MAX + 1, 0);
	end(&m);
	expect(&m, -EINVAL, "unknown attribute in SYSCALL_RULE");

	load_begin(&m, T);
	sys_layer(&m, 1, 0, -1);
	nest(&m, MOAT_A_SYSCALL_RULE);
	put_u8(&m, MOAT_RULE_A_ABI, 0);
	put_u32(&m, MOAT_RULE_A_NR, 1);
	put_u8(&m, MOAT_RULE_A_ACTION, 0);
	nest(&m, MOAT_RULE_A_ARGS);
	nest(&m, 1);
	put_u8(&m, MOAT_ARG_A_INDEX, 0);
	put_u8(&m, MOAT_ARG_A_OP, 0);
	put_u64(&m, MOAT_ARG_A_VALUE, 0);
	put_u8(&m, MOAT_ARG_A_MAX + 1, 0);
	end(&m);
	end(&m);
	end(&m);
	expect(&m, -EINVAL, "unknown attribute in an ARGS element");

	load_begin(&m, T);
	path_layer(&m, &dfa_ok);
	nest(&m, MOAT_A_PEER_RULE);
	put_u8(&m, MOAT_PEER_A_CLASS, 0);
	put_u32(&m, MOAT_PEER_A_PERMS, 1);
	put_u8(&m, MOAT_PEER_A_MAX + 1, 0);
	end(&m);
	expect(&m, -EINVAL, "unknown attribute in PEER_RULE");

	/* attributes of the wrong size */
	load_begin(&m, T);
	nest(&m, MOAT_A_PROFILE_SYSCALLS);
	put_u32(&m, MOAT_SYS_A_DEFAULT_ACTION, 0);
	end(&m);
	expect(&m, -EINVAL, "a u32 for the u8 default action (oversized)");
	load_begin(&m, T);
	put_u64(&m, MOAT_A_FLAGS, 0);
	sys_layer(&m, 1, 0, -1);
	expect(&m, -EINVAL, "a u64 for the u32 flags (oversized)");
	load_begin(&m, T);
	put_u16(&m, MOAT_A_FLAGS, 0);
	sys_layer(&m, 1, 0, -1);
	expect(&m, -EINVAL, "a u16 for the u32 flags (short)");
	load_begin(&m, T);
	put(&m, MOAT_A_FLAGS, NULL, 0);
	sys_layer(&m, 1, 0, -1);
	expect(&m, -EINVAL, "an empty flags attribute");
	free(m.buf);
}

static void cases_duplicates(void)
{
	struct msg m = {};
	const char *T = target;

	load_begin(&m, "hostile-dup-a");
	put_str(&m, MOAT_A_PROFILE_NAME, "hostile-dup-b");
	sys_layer(&m, 1, 0, -1);
	scratch_ok(&m, "hostile-dup-b", "two PROFILE_NAME: the last one counts");

	load_begin(&m, "hostile-dup");
	nest(&m, MOAT_A_PROFILE_SYSCALLS);
	put_u8(&m, MOAT_SYS_A_DEFAULT_ACTION, MOAT_ACT_ERRNO);
	end(&m);
	sys_layer(&m, 1, 0, -1);
	scratch_ok(&m, "hostile-dup", "two PROFILE_SYSCALLS, the first semantically invalid: the last one counts");

	load_begin(&m, "hostile-dup");
	nest(&m, MOAT_A_PROFILE_SYSCALLS);
	put_u8(&m, MOAT_SYS_A_DEFAULT_ACTION, 2);
	end(&m);
	sys_layer(&m, 1, 0, -1);
	expect(&m, -ERANGE, "two PROFILE_SYSCALLS, the first out of range: every one is validated");

	load_begin(&m, "hostile-dup");
	nest(&m, MOAT_A_PROFILE_SYSCALLS);
	put_u8(&m, MOAT_SYS_A_DEFAULT_ACTION, MOAT_ACT_ERRNO);
	put_u8(&m, MOAT_SYS_A_DEFAULT_ACTION, MOAT_ACT_ALLOW);
	end(&m);
	scratch_ok(&m, "hostile-dup", "two DEFAULT_ACTION in one nest: the last one counts");

	load_begin(&m, "hostile-dup");
	put_u32(&m, MOAT_A_FLAGS, MOAT_LOAD_F_NOREPLACE);
	put_u32(&m, MOAT_A_FLAGS, 0);
	sys_layer(&m, 1, 0, -1);
	scratch_ok(&m, "hostile-dup", "two FLAGS: the last one counts");

	load_begin(&m, T);
	nest(&m, MOAT_A_PROFILE_SYSCALLS);
	put_u8(&m, MOAT_SYS_A_DEFAULT_ACTION, 0);
	nest(&m, MOAT_SYS_A_ABIS);
	nest(&m, 1);
	put_u8(&m, MOAT_ABI_A_ID, 0);
	end(&m);
	nest(&m, 2);
	put_u8(&m, MOAT_ABI_A_ID, 0);
	end(&m);
	end(&m);
	end(&m);
	expect(&m, -EINVAL, "an ABI given twice in SYS_ABIS");

	load_begin(&m, T);
	sys_layer(&m, 1, 0, -1);
	rule(&m, 0, SYS_getppid, 0);
	rule(&m, 0, SYS_getppid, 0);
	expect(&m, -EINVAL, "duplicate syscall rules for one (ABI, nr)");

	load_begin(&m, T);
	sys_layer(&m, 1, 0, -1);
	rule(&m, 0, SYS_getppid, 0);
	crule(&m, 0, SYS_getppid, EPERM, 1);
	expect(&m, -EINVAL, "an unconditional, then a conditional rule for one syscall");

	load_begin(&m, T);
	sys_layer(&m, 1, 0, -1);
	crule(&m, 0, SYS_getppid, EPERM, 1);
	rule(&m, 0, SYS_getppid, 0);
	expect(&m, -EINVAL, "a conditional, then an unconditional rule for one syscall");

	load_begin(&m, "hostile-dup");
	sys_layer(&m, 1, 0, -1);
	crule(&m, 0, SYS_getppid, EPERM, 1);
	crule(&m, 0, SYS_getppid, EPERM, 1);
	scratch_ok(&m, "hostile-dup", "two identical conditional rules (first match decides)");

	load_begin(&m, T);
	sys_layer(&m, 1, 0, -1);
	rule(&m, MOAT_ABI_X32, SYS_getppid, 0);
	expect(&m, -EINVAL, "a rule for an ABI not in SYS_ABIS");

	load_begin(&m, T);
	path_layer(&m, &dfa_ok);
	rule(&m, 0, SYS_getppid, 0);
	expect(&m, -EINVAL, "a syscall rule without a syscall layer");

	load_begin(&m, T);
	sys_layer(&m, 1, 0, 100);
	rule(&m, 0, 100, 0);
	expect(&m, -EINVAL, "a rule at ENOSYS_FROM");

	load_begin(&m, "hostile-dup");
	sys_layer(&m, 1, 0, -1);
	nest(&m, MOAT_A_SYSCALL_RULE);
	put_u8(&m, MOAT_RULE_A_ABI, 0);
	put_u32(&m, MOAT_RULE_A_NR, 1);
	put_u32(&m, MOAT_RULE_A_NR, 2);
	put_u8(&m, MOAT_RULE_A_ACTION, 0);
	end(&m);
	scratch_ok(&m, "hostile-dup", "two NR in one rule: the last one counts");

	load_begin(&m, "hostile-dup");
	path_layer(&m, &dfa_ok);
	path_layer(&m, &dfa_ok);
	expect(&m, -EINVAL, "two path layers and their tables twice (pieces too long)");
	free(m.buf);
}

static void cases_absurd(void)
{
	struct msg m = {};
	const char *T = target;
	struct dfa_opt o;
	char name[64];
	int i;

	/* path automata */
	o = dfa_ok;
	o.bad_trans = 3;
	load_begin(&m, T);
	path_layer(&m, &o);
	expect(&m, -EINVAL, "a transition to state 3 of 3");
	o = dfa_ok;
	o.bad_trans = 0xffff;
	load_begin(&m, T);
	path_layer(&m, &o);
	expect(&m, -EINVAL, "a transition to state 65535 of 3");
	o = dfa_ok;
	o.states = 4;
	o.bad_trans = 4;	/* 1 -> 2 -> 4: a walk that leaves the table */
	load_begin(&m, T);
	path_layer(&m, &o);
	expect(&m, -EINVAL, "a cycle 1 -> 2 -> 4, out of 4 states");
	o = dfa_ok;
	o.dead_trans = 1;
	load_begin(&m, T);
	path_layer(&m, &o);
	expect(&m, -EINVAL, "state 0 not dead (a transition)");
	o = dfa_ok;
	o.trans_delta = -1;
	load_begin(&m, T);
	path_layer(&m, &o);
	expect(&m, -EINVAL, "DFA_TRANS one entry short");
	o = dfa_ok;
	o.trans_delta = 1;
	load_begin(&m, T);
	path_layer(&m, &o);
	expect(&m, -EINVAL, "DFA_TRANS one entry long");
	o = dfa_ok;
	o.no_trans = 1;
	load_begin(&m, T);
	path_layer(&m, &o);
	expect(&m, -EINVAL, "no DFA_TRANS");
	o = dfa_ok;
	o.accept_delta = -1;
	load_begin(&m, T);
	path_layer(&m, &o);
	expect(&m, -EINVAL, "DFA_ACCEPT one state short");
	o = dfa_ok;
	o.accept_delta = 1;
	load_begin(&m, T);
	path_layer(&m, &o);
	expect(&m, -EINVAL, "DFA_ACCEPT one state long");
	o = dfa_ok;
	o.pieces = 3;	/* 12 bytes in pieces of 4, 4, 4 */
	load_begin(&m, "hostile-dfa");
	path_layer(&m, &o);
	scratch_ok(&m, "hostile-dfa", "DFA_TRANS in 3 pieces that add up");
	o = dfa_ok;
	o.pieces = 12;	/* single bytes: half entries */
	load_begin(&m, "hostile-dfa");
	path_layer(&m, &o);
	scratch_ok(&m, "hostile-dfa", "DFA_TRANS in 12 one-byte pieces that add up");
	load_begin(&m, "hostile-dfa");
	sys_layer(&m, 1, 0, -1);
	put(&m, MOAT_A_DFA_TRANS, "\0\0", 2);
	expect(&m, -EINVAL, "DFA_TRANS without a path layer");
	load_begin(&m, "hostile-dfa");
	sys_layer(&m, 1, 0, -1);
	peer(&m, MOAT_PEER_SIGNAL, 1, NULL);
	expect(&m, -EINVAL, "PEER_RULE without a path layer");
	load_begin(&m, "hostile-dfa");
	sys_layer(&m, 1, 0, -1);
	put(&m, MOAT_A_DFA_ACCEPT, "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0", 16);
	expect(&m, -EINVAL, "DFA_ACCEPT without a path layer");
	load_begin(&m, "hostile-dfa");
	sys_layer(&m, 1, 0, -1);
	lfs(&m, "tmpfs", "t");
	expect(&m, -EINVAL, "LABEL_FS without a label layer");
	load_begin(&m, "hostile-dfa");
	path_layer(&m, &dfa_ok);
	scratch_ok(&m, "hostile-dfa", "a path layer alone (no syscall layer)");
	o = dfa_ok;
	o.states = 65535;
	o.classes = 256;
	o.no_trans = 1;
	o.accept_delta = -65534;
	load_begin(&m, T);
	path_layer(&m, &o);
	expect(&m, -EINVAL, "65535 x 256 states and classes, no transitions sent");

	/* labels */
	load_begin(&m, T);
	nest(&m, MOAT_A_PROFILE_LABELS);
	put_long_str(&m, MOAT_LABELS_A_DEFAULT_TYPE, 65000);
	end(&m);
	expect(&m, -EINVAL, "a default label type of 64 KiB");
	load_begin(&m, T);
	labels_layer(&m, "t");
	for (i = 0; i <= MOAT_LABEL_RULES_MAX; i++) {
		snprintf(name, sizeof(name), "s%d", i);
		lrule(&m, name, "o", 1);
	}
	expect(&m, -E2BIG, "%d label rules", MOAT_LABEL_RULES_MAX + 1);
	load_begin(&m, "hostile-labels");
	labels_layer(&m, "t");
	for (i = 0; i < MOAT_LABEL_RULES_MAX; i++) {
		snprintf(name, sizeof(name), "s%d", i);
		lrule(&m, name, "o", 1);
	}
	for (i = 0; i < MOAT_LABEL_FS_MAX; i++) {
		snprintf(name, sizeof(name), "fs%d", i);
		lfs(&m, name, "t");
	}
	scratch_ok(&m, "hostile-labels", "%d label rules and %d fs_default (the maxima)",
		   MOAT_LABEL_RULES_MAX, MOAT_LABEL_FS_MAX);
	load_begin(&m, T);
	labels_layer(&m, "t");
	for (i = 0; i <= MOAT_LABEL_FS_MAX; i++) {
		snprintf(name, sizeof(name), "fs%d", i);
		lfs(&m, name, "t");
	}
	expect(&m, -E2BIG, "%d fs_default statements", MOAT_LABEL_FS_MAX + 1);

	/* peers */
	load_begin(&m, T);
	path_layer(&m, &dfa_ok);
	nest(&m, MOAT_A_PEER_RULE);
	put_u8(&m, MOAT_PEER_A_CLASS, 0);
	put_u32(&m, MOAT_PEER_A_PERMS, 1);
	put_long_str(&m, MOAT_PEER_A_PEER, 65000);
	end(&m);
	expect(&m, -EINVAL, "a peer rule with a 64 KiB peer name");
	load_begin(&m, T);
	path_layer(&m, &dfa_ok);
	for (i = 0; i <= MOAT_PEER_RULES_MAX; i++)
		peer(&m, MOAT_PEER_SIGNAL, 1, NULL);
	expect(&m, -E2BIG, "%d peer rules", MOAT_PEER_RULES_MAX + 1);

	/* syscall rule counts */
	load_begin(&m, T);
	sys_layer(&m, 7, 0, -1);
	for (i = 0; i <= MOAT_SYS_RULES_MAX; i++)
		crule(&m, i % 3, 1, 0, 1);
	expect(&m, -E2BIG, "%d syscall rules", MOAT_SYS_RULES_MAX + 1);

	load_begin(&m, T);
	sys_layer(&m, 7, 0, -1);
	for (i = 0; i < 1000000; i++) {
		if (i < MOAT_SYS_RULES_MAX + 16)
			crule(&m, i % 3, 1, 0, 1);
		else
			rule(&m, 0, 2, 0);
	}
	expect(&m, -E2BIG, "a million syscall rules (%zu bytes)", m.len);

	load_begin(&m, "hostile-max");
	sys_layer(&m, 7, 0, -1);
	for (i = 0; i < MOAT_SYS_RULES_MAX; i++) {
		if (i < 2 * MOAT_SYS_NR_MAX)
			rule(&m, i / MOAT_SYS_NR_MAX, i % MOAT_SYS_NR_MAX,
			     i % 2 ? 0 : 1 + i % 4095);
		else
			crule(&m, MOAT_ABI_X32, i % 7, EPERM, 1 + i % 6);
	}
	if (expect(&m, 0, "%d syscall rules (the maximum) load", MOAT_SYS_RULES_MAX) == 0) {
		struct snap sn = {};
		char want[64];

		dump(MOAT_CMD_GET_PROFILE, snap_reply, &sn);
		snprintf(want, sizeof(want), "s%d=hostile-max q%d=1 ", MOAT_A_PROFILE_NAME,
			 MOAT_A_PROFILE_GENERATION);
		tap(sn.s && strstr(sn.s, want) && strstr(strstr(sn.s, want), "u14=16384 "),
		    "LOAD: the profile holds %d rules, generation 1", MOAT_SYS_RULES_MAX);
		free(sn.s);
		valid_load(&m, "hostile-max");
		expect(&m, 0, "and a small profile replaces it");
		sn = (struct snap){};
		dump(MOAT_CMD_GET_PROFILE, snap_reply, &sn);
		snprintf(want, sizeof(want), "s%d=hostile-max q%d=2 ", MOAT_A_PROFILE_NAME,
			 MOAT_A_PROFILE_GENERATION);
		tap(sn.s && strstr(sn.s, want) && strstr(strstr(sn.s, want), "u14=1 "),
		    "LOAD: which holds 1 rule, generation 2");
		free(sn.s);
		remove_profile("hostile-max");
	}
	free(m.buf);
}

/* Fills the profile table: the 4097th profile is refused, ENOSPC. */
static void cases_profile_limit(void)
{
	struct msg m = {};
	char name[64], *full, *saved = baseline;
	int i, have, loaded = 0, failed = 0;
	const char *p;

	/* the profiles' lines, before the attachments' */
	for (have = 0, p = baseline; (p = strstr(p, "s10=")) &&
	     p < strstr(baseline, "attachments:"); p++)
		have++;
	for (i = 0; have + i < 4096; i++) {
		snprintf(name, sizeof(name), "hostile-p%d", i);
		valid_load(&m, name);
		if (wait_ack(m_send(&m), NULL, NULL))
			failed++;
		else
			loaded++;
	}
	tap(!failed, "LOAD: %d more profiles load, %d in all (%d refused)", loaded,
	    have + loaded, failed);
	full = snapshot();
	baseline = full;
	valid_load(&m, "hostile-one-too-many");
	expect(&m, -ENOSPC, "profile %d", have + loaded + 1);
	valid_load(&m, "hostile-p0");
	expect(&m, 0, "with the table full, replacing a loaded profile works");
	baseline = saved;
	free(full);
	for (i = 0; i < loaded; i++) {
		snprintf(name, sizeof(name), "hostile-p%d", i);
		m_begin(&m, MOAT_CMD_REMOVE_PROFILE);
		put_str(&m, MOAT_A_PROFILE_NAME, name);
		if (wait_ack(m_send(&m), NULL, NULL))
			failed++;
	}
	full = snapshot();
	tap(!failed && !strcmp(full, baseline), "REMOVE: the %d removed, the lists are as before",
	    loaded);
	free(full);
	valid_load(&m, "hostile-after-full");
	scratch_ok(&m, "hostile-after-full", "and a new profile loads again");
	free(m.buf);
}

static void cases_other_cmds(int attached_fd)
{
	struct msg m = {};
	int sfd = cg_fd(scratch_cg), filefd = open("/proc/self/status", O_RDONLY);
	unsigned char cats[256];

	memset(cats, 0, sizeof(cats));
	/* REMOVE */
	m_begin(&m, MOAT_CMD_REMOVE_PROFILE);
	expect(&m, -EINVAL, "no name");
	m_begin(&m, MOAT_CMD_REMOVE_PROFILE);
	put_str(&m, MOAT_A_PROFILE_NAME, "no-such");
	expect(&m, -ENOENT, "an unknown profile");
	m_begin(&m, MOAT_CMD_REMOVE_PROFILE);
	put_str(&m, MOAT_A_PROFILE_NAME, target);
	expect(&m, -EBUSY, "the attached profile");
	m_begin(&m, MOAT_CMD_REMOVE_PROFILE);
	put_long_str(&m, MOAT_A_PROFILE_NAME, 65000);
	expect(&m, -EINVAL, "a 64 KiB name");
	m_begin(&m, MOAT_CMD_REMOVE_PROFILE);
	put_str(&m, MOAT_A_PROFILE_NAME, target);
	put_u32(&m, MOAT_A_FLAGS, 0);
	expect(&m, -EINVAL, "FLAGS, an attribute REMOVE does not take");

	/* ATTACH */
	m_begin(&m, MOAT_CMD_ATTACH);
	put_str(&m, MOAT_A_PROFILE_NAME, target);
	expect(&m, -EINVAL, "no cgroup fd");
	m_begin(&m, MOAT_CMD_ATTACH);
	put_str(&m, MOAT_A_PROFILE_NAME, target);
	put_u32(&m, MOAT_A_CGROUP_FD, (uint32_t)-1);
	expect(&m, -ERANGE, "cgroup fd -1");
	m_begin(&m, MOAT_CMD_ATTACH);
	put_str(&m, MOAT_A_PROFILE_NAME, target);
	put_u32(&m, MOAT_A_CGROUP_FD, filefd);
	expect(&m, -EBADF, "a regular file's fd");
	m_begin(&m, MOAT_CMD_ATTACH);
	put_str(&m, MOAT_A_PROFILE_NAME, target);
	put_u32(&m, MOAT_A_CGROUP_FD, 100000);
	expect(&m, -EBADF, "fd 100000 (not open)");
	m_begin(&m, MOAT_CMD_ATTACH);
	put_str(&m, MOAT_A_PROFILE_NAME, "no-such");
	put_u32(&m, MOAT_A_CGROUP_FD, sfd);
	expect(&m, -ENOENT, "an unknown profile");
	m_begin(&m, MOAT_CMD_ATTACH);
	put_str(&m, MOAT_A_PROFILE_NAME, target);
	put_u32(&m, MOAT_A_CGROUP_FD, attached_fd);
	expect(&m, -EEXIST, "an attached cgroup without REPLACE");
	m_begin(&m, MOAT_CMD_ATTACH);
	put_str(&m, MOAT_A_PROFILE_NAME, target);
	put_u32(&m, MOAT_A_CGROUP_FD, sfd);
	put_u32(&m, MOAT_A_FLAGS, 0x8);
	expect(&m, -EINVAL, "flags 0x8 (beyond MOAT_ATTACH_F_ALL)");
	m_begin(&m, MOAT_CMD_ATTACH);
	put_str(&m, MOAT_A_PROFILE_NAME, target);
	put_u32(&m, MOAT_A_CGROUP_FD, sfd);
	put_u32(&m, MOAT_A_FLAGS, MOAT_ATTACH_F_REPLACE | MOAT_ATTACH_F_ON_EXEC);
	expect(&m, -EINVAL, "REPLACE with ON_EXEC");
	m_begin(&m, MOAT_CMD_ATTACH);
	put_str(&m, MOAT_A_PROFILE_NAME, target);
	put_u32(&m, MOAT_A_CGROUP_FD, sfd);
	put(&m, MOAT_A_LABEL_CATS, cats, 128);
	expect(&m, -EINVAL, "categories without a type");
	m_begin(&m, MOAT_CMD_ATTACH);
	put_str(&m, MOAT_A_PROFILE_NAME, target);
	put_u32(&m, MOAT_A_CGROUP_FD, sfd);
	put_str(&m, MOAT_A_LABEL_TYPE, "t");
	put(&m, MOAT_A_LABEL_CATS, cats, 127);
	expect(&m, -ERANGE, "label categories of 127 bytes");
	m_begin(&m, MOAT_CMD_ATTACH);
	put_str(&m, MOAT_A_PROFILE_NAME, target);
	put_u32(&m, MOAT_A_CGROUP_FD, sfd);
	put_str(&m, MOAT_A_LABEL_TYPE, "t");
	put(&m, MOAT_A_LABEL_CATS, cats, 129);
	expect(&m, -ERANGE, "label categories of 129 bytes");
	m_begin(&m, MOAT_CMD_ATTACH);
	put_str(&m, MOAT_A_PROFILE_NAME, target);
	put_u32(&m, MOAT_A_CGROUP_FD, sfd);
	put_long_str(&m, MOAT_A_LABEL_TYPE, 65000);
	expect(&m, -EINVAL, "a label type of 64 KiB");
	m_begin(&m, MOAT_CMD_ATTACH);
	put_str(&m, MOAT_A_PROFILE_NAME, target);
	put_u32(&m, MOAT_A_CGROUP_FD, sfd);
	put_str(&m, MOAT_A_LABEL_TYPE, "T:c1");
	expect(&m, -EINVAL, "a label type that is not a type name");
	m_begin(&m, MOAT_CMD_ATTACH);
	put_str(&m, MOAT_A_PROFILE_NAME, target);
	put_u64(&m, MOAT_A_CGROUP_ID, 1);
	expect(&m, -EINVAL, "CGROUP_ID, an attribute ATTACH does not take");

	/* SET_MODE */
	m_begin(&m, MOAT_CMD_SET_MODE);
	put_u32(&m, MOAT_A_CGROUP_FD, attached_fd);
	put_u32(&m, MOAT_A_MODE, MOAT_MODE_MAX + 1);
	expect(&m, -ERANGE, "mode 2");
	m_begin(&m, MOAT_CMD_SET_MODE);
	put_u32(&m, MOAT_A_CGROUP_FD, attached_fd);
	put_u32(&m, MOAT_A_MODE, 0xffffffff);
	expect(&m, -ERANGE, "mode 0xffffffff");
	m_begin(&m, MOAT_CMD_SET_MODE);
	put_u32(&m, MOAT_A_CGROUP_FD, attached_fd);
	expect(&m, -EINVAL, "no mode");
	m_begin(&m, MOAT_CMD_SET_MODE);
	put_u32(&m, MOAT_A_MODE, MOAT_MODE_COMPLAIN);
	expect(&m, -EINVAL, "no cgroup");
	m_begin(&m, MOAT_CMD_SET_MODE);
	put_u32(&m, MOAT_A_CGROUP_FD, attached_fd);
	put_u64(&m, MOAT_A_CGROUP_ID, 1);
	put_u32(&m, MOAT_A_MODE, MOAT_MODE_COMPLAIN);
	expect(&m, -EINVAL, "both CGROUP_FD and CGROUP_ID");
	m_begin(&m, MOAT_CMD_SET_MODE);
	put_u64(&m, MOAT_A_CGROUP_ID, 0xdeadbeefULL);
	put_u32(&m, MOAT_A_MODE, MOAT_MODE_COMPLAIN);
	expect(&m, -ENOENT, "an unattached cgroup id");
	m_begin(&m, MOAT_CMD_SET_MODE);
	put_u32(&m, MOAT_A_CGROUP_FD, sfd);
	put_u32(&m, MOAT_A_MODE, MOAT_MODE_COMPLAIN);
	expect(&m, -ENOENT, "an unattached cgroup fd");
	m_begin(&m, MOAT_CMD_SET_MODE);
	put_u32(&m, MOAT_A_CGROUP_ID, 1);
	put_u32(&m, MOAT_A_MODE, MOAT_MODE_COMPLAIN);
	expect(&m, -EINVAL, "a u32 CGROUP_ID (short)");
	m_begin(&m, MOAT_CMD_SET_MODE);
	put_u32(&m, MOAT_A_CGROUP_FD, attached_fd);
	put_u8(&m, MOAT_A_MODE, MOAT_MODE_COMPLAIN);
	expect(&m, -EINVAL, "a u8 mode (short)");

	/* DETACH */
	m_begin(&m, MOAT_CMD_DETACH);
	expect(&m, -EINVAL, "no cgroup");
	m_begin(&m, MOAT_CMD_DETACH);
	put_u64(&m, MOAT_A_CGROUP_ID, 0xdeadbeefULL);
	expect(&m, -ENOENT, "an unattached cgroup id");
	m_begin(&m, MOAT_CMD_DETACH);
	put_u32(&m, MOAT_A_CGROUP_FD, sfd);
	expect(&m, -ENOENT, "an unattached cgroup fd");
	m_begin(&m, MOAT_CMD_DETACH);
	put_u32(&m, MOAT_A_CGROUP_FD, filefd);
	expect(&m, -EBADF, "a regular file's fd");
	m_begin(&m, MOAT_CMD_DETACH);
	put_u32(&m, MOAT_A_CGROUP_FD, attached_fd);
	put_u64(&m, MOAT_A_CGROUP_ID, 1);
	expect(&m, -EINVAL, "both CGROUP_FD and CGROUP_ID");
	m_begin(&m, MOAT_CMD_DETACH);
	put_u32(&m, MOAT_A_CGROUP_FD, attached_fd);
	put_u32(&m, MOAT_A_MODE, 0);
	expect(&m, -EINVAL, "MODE, an attribute DETACH does not take");
	m_begin(&m, MOAT_CMD_DETACH);
	put_u64(&m, MOAT_A_CGROUP_FD, attached_fd);
	expect(&m, -EINVAL, "a u64 CGROUP_FD (oversized)");
	close(sfd);
	close(filefd);
	free(m.buf);
}

/* ---- random mutations ----------------------------------------------------- */

static uint64_t rng;

static uint32_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng >> 16);
}

/* One of the valid seeds: a small three-layer LOAD, an ATTACH, a SET_MODE. */
static void seed_msg(struct msg *m, int kind, int sfd)
{
	int i;

	switch (kind) {
	case 0:
		load_begin(m, "hostile-rand");
		sys_layer(m, 7, 0, 400);
		rule(m, 0, SYS_getppid, EPERM);
		crule(m, 1, 20, EACCES, 2);
		crule(m, 2, 39, 0, 1);
		break;
	case 1:
		load_begin(m, "hostile-rand");
		path_layer(m, &dfa_ok);
		peer(m, MOAT_PEER_SIGNAL, 3, "x");
		peer(m, MOAT_PEER_PTRACE, 15, NULL);
		break;
	case 2:
		load_begin(m, "hostile-rand");
		labels_layer(m, "t");
		for (i = 0; i < 3; i++)
			lrule(m, i ? "a" : "b", i == 2 ? "c" : "d", 3);
		lfs(m, "tmpfs", "t");
		break;
	case 3:
		m_begin(m, MOAT_CMD_ATTACH);
		put_str(m, MOAT_A_PROFILE_NAME, "hostile-rand");
		put_u32(m, MOAT_A_CGROUP_FD, sfd);
		put_u32(m, MOAT_A_FLAGS, MOAT_ATTACH_F_REPLACE);
		put_str(m, MOAT_A_LABEL_TYPE, "b");
		break;
	default:
		m_begin(m, MOAT_CMD_SET_MODE);
		put_u32(m, MOAT_A_CGROUP_FD, sfd);
		put_u32(m, MOAT_A_MODE, MOAT_MODE_COMPLAIN);
		break;
	}
}

static void mutate(struct msg *m)
{
	int n = 1 + rnd() % 4, k;
	size_t body = NLMSG_HDRLEN;

	for (k = 0; k < n; k++) {
		size_t span = m->len - body;

		if (!span) {
			m_room(m, 1);
			m->buf[m->len++] = 0;
			span = 1;
		}

		switch (rnd() % 5) {
		case 0:	/* bit flips */
		case 1:
			m->buf[body + rnd() % span] ^= 1 << (rnd() % 8);
			break;
		case 2: {	/* length change: cut or extend */
			size_t nl = body + rnd() % (span + 64);

			if (nl > m->len) {
				m_room(m, nl - m->len);
				while (m->len < nl)
					m->buf[m->len++] = rnd();
			} else {
				m->len = nl;
			}
			break;
		}
		case 3: {	/* an attribute's length field */
			size_t off = body + GENL_HDRLEN + (rnd() % (span / 4 + 1)) * 4;

			if (off + 2 <= m->len) {
				uint16_t v = rnd() % 3 ? rnd() % 64 : rnd();

				memcpy(m->buf + off, &v, 2);
			}
			break;
		}
		default: {	/* swap two top-level attributes */
			size_t offs[256], lens[256], off = body + GENL_HDRLEN;
			int na = 0, a, b;
			unsigned char *tmp;

			while (off + NLA_HDRLEN <= m->len && na < 256) {
				struct nlattr *at = (struct nlattr *)(m->buf + off);
				size_t l = NLA_ALIGN(at->nla_len);

				if (at->nla_len < NLA_HDRLEN || off + l > m->len)
					break;
				offs[na] = off;
				lens[na++] = l;
				off += l;
			}
			if (na < 2)
				break;
			a = rnd() % na;
			b = rnd() % na;
			if (a > b) {
				int t = a;

				a = b;
				b = t;
			}
			if (a == b)
				break;
			/* rebuild: [..a) b (a..b) a (b..] */
			tmp = malloc(m->len);
			memcpy(tmp, m->buf, offs[a]);
			off = offs[a];
			memcpy(tmp + off, m->buf + offs[b], lens[b]);
			off += lens[b];
			memcpy(tmp + off, m->buf + offs[a] + lens[a], offs[b] - offs[a] - lens[a]);
			off += offs[b] - offs[a] - lens[a];
			memcpy(tmp + off, m->buf + offs[a], lens[a]);
			off += lens[a];
			memcpy(tmp + off, m->buf + offs[b] + lens[b], m->len - offs[b] - lens[b]);
			memcpy(m->buf, tmp, m->len);
			free(tmp);
			break;
		}
		}
	}
}

static void random_mode(unsigned long n, uint64_t seed)
{
	struct msg m = {};
	unsigned long i, bad = 0, zero = 0, neg = 0;
	int sfd = cg_fd(scratch_cg);
	char *before = snapshot();

	rng = seed ? seed : 1;
	set_timeout(20);
	for (i = 0; i < n; i++) {
		int err;
		uint32_t s;

		seed_msg(&m, rnd() % 5, sfd);
		mutate(&m);
		m_hdr(&m)->nlmsg_len = m.len;
		s = m_send(&m);
		if (!s) {
			bad++;
			printf("# random %lu: sendto failed: %m\n", i);
			continue;
		}
		err = wait_ack(s, NULL, NULL);
		if (err == 0)
			zero++;
		else if (err < 0 && err > -4096)
			neg++;
		else {
			bad++;
			printf("# random %lu (seed %llu): ack %d\n", i,
			       (unsigned long long)seed, err);
		}
		if (i % 1000 == 999 && !status_ok()) {
			bad++;
			printf("# random %lu: GET_STATUS failed\n", i);
		}
	}
	tap(bad == 0, "random: %lu mutations (seed %llu): every one acked (%lu with 0, %lu with an errno)",
	    n, (unsigned long long)seed, zero, neg);
	tap(status_ok(), "random: GET_STATUS still answers");
	/* undo what random loads and attaches did */
	{
		struct msg d = {};

		m_begin(&d, MOAT_CMD_DETACH);
		put_u32(&d, MOAT_A_CGROUP_FD, sfd);
		m_hdr(&d)->nlmsg_len = d.len;
		wait_ack(m_send(&d), NULL, NULL);
		free(d.buf);
	}
	{
		struct snap sn = {};
		char *p, *q;

		dump(MOAT_CMD_GET_PROFILE, snap_reply, &sn);
		for (p = sn.s; p && (p = strstr(p, "s10=")); p = q) {
			char name[128], key[160];
			size_t l;

			p += 4;
			q = strchr(p, ' ');
			if (!q)
				break;
			l = q - p < 127 ? q - p : 127;
			memcpy(name, p, l);
			name[l] = 0;
			snprintf(key, sizeof(key), "s10=%s ", name);
			if (strstr(before, key))
				continue;
			m_begin(&m, MOAT_CMD_REMOVE_PROFILE);
			put_str(&m, MOAT_A_PROFILE_NAME, name);
			m_hdr(&m)->nlmsg_len = m.len;
			wait_ack(m_send(&m), NULL, NULL);
		}
		free(sn.s);
	}
	{
		char *after = snapshot();

		tap(!strcmp(after, before), "random: after clean-up, the lists are as before%s%s",
		    strcmp(after, before) ? ":\n# " : "", strcmp(after, before) ? after : "");
		free(after);
	}
	free(before);
	close(sfd);
	free(m.buf);
}

int main(int argc, char **argv)
{
	unsigned long nrand = 0;
	uint64_t seed = 1;
	int opt, afd;
	unsigned int e;

	while ((opt = getopt(argc, argv, "a:s:p:r:S:")) != -1) {
		switch (opt) {
		case 'a':
			attached_cg = optarg;
			break;
		case 's':
			scratch_cg = optarg;
			break;
		case 'p':
			target = optarg;
			break;
		case 'r':
			nrand = strtoul(optarg, NULL, 0);
			break;
		case 'S':
			seed = strtoull(optarg, NULL, 0);
			break;
		default:
			fprintf(stderr, "usage: nlhostile [-a ATTACHED_CG] [-s SCRATCH_CG] [-p PROFILE] [-r N] [-S SEED]\n");
			return 2;
		}
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	open_socket();
	afd = cg_fd(attached_cg);
	baseline = snapshot();
	printf("# baseline:\n# %s", baseline);
	probe_attached("before");

	cases_headers();
	probe_attached("after the header cases");
	cases_load_bounds();
	probe_attached("after the policy-bound cases");
	cases_nesting();
	probe_attached("after the nesting cases");
	cases_duplicates();
	probe_attached("after the duplicate cases");
	cases_absurd();
	probe_attached("after the absurd profiles");
	cases_profile_limit();
	probe_attached("after filling the profile table");
	cases_other_cmds(afd);
	probe_attached("after REMOVE, ATTACH, SET_MODE, DETACH cases");
	if (nrand) {
		close(afd);	/* no mutated fd number may name it */
		free(baseline);
		baseline = NULL;
		random_mode(nrand, seed);
		probe_attached("after the random mutations");
	}
	printf("# errno table:");
	for (e = 0; e < sizeof(errno_count) / sizeof(errno_count[0]); e++)
		if (errno_count[e])
			printf(" %s=%lu", strerrorname_np(e) ?: "?", errno_count[e]);
	printf(" no-ack=%lu\n", noack_count);
	printf("# nlhostile: %lu messages, %lu cases, %lu failed\n", nmsgs, ncases, nfail);
	return nfail ? 1 : 0;
}
