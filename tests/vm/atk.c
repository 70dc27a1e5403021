// SPDX-License-Identifier: GPL-2.0
/*
 * atk - attack helper for tests/vm/attack.sh (raw generic netlink, static)
 *
 *   atk nl CMD ATTR...      one request of the moat family; prints OK or the
 *                           errno name. CMD: a number or set_mode, attach,
 *                           detach, load, remove, event. ATTR: fd:PATH,
 *                           fdn:N, id:N, idof:PATH (inode of PATH), mode:N,
 *                           mode8:N (a 1-byte MODE), flags:N, name:S, unk:N
 *                           (attribute type N, u32 0), label:S
 *   atk join                join the "events" group; OK or errno
 *   atk forge CGID COMM NAME  multicast a forged MOAT_CMD_EVENT to "events"
 *   atk userns SUB...       unshare(CLONE_NEWUSER) (uid 0 inside), then SUB
 *   atk comm NAME keyctl|open PATH   set comm to NAME, then the operation
 *   atk spin N              N keyctl() calls; prints how many were refused
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "../../kernel/uapi/moat.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

static char buf[65536];
static int fam_id, grp_id;

static struct nlattr *put(char *msg, int *len, int type, const void *data, int dlen)
{
	struct nlattr *a = (struct nlattr *)(msg + *len);

	a->nla_type = type;
	a->nla_len = NLA_HDRLEN + dlen;
	if (dlen)
		memcpy((char *)a + NLA_HDRLEN, data, dlen);
	*len += NLA_ALIGN(a->nla_len);
	return a;
}

static int nl_sock(void)
{
	int s = socket(AF_NETLINK, SOCK_RAW, NETLINK_GENERIC);
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };

	if (s < 0 || bind(s, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		perror("socket");
		exit(2);
	}
	return s;
}

/* send msg (nlmsghdr at msg), read the ack; returns -errno or 0 */
static int transact(int s, char *msg, int len)
{
	struct nlmsghdr *h = (struct nlmsghdr *)msg;
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	int n;

	h->nlmsg_len = len;
	if (sendto(s, msg, len, 0, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		return -errno;
	for (;;) {
		n = recv(s, buf, sizeof(buf), 0);
		if (n < 0)
			return -errno;
		for (h = (struct nlmsghdr *)buf; NLMSG_OK(h, (unsigned)n); h = NLMSG_NEXT(h, n)) {
			if (h->nlmsg_type == NLMSG_ERROR)
				return ((struct nlmsgerr *)NLMSG_DATA(h))->error;
			if (h->nlmsg_type == NLMSG_DONE)
				return 0;
		}
	}
}

static void resolve(int s)
{
	char msg[256];
	int len = NLMSG_HDRLEN + GENL_HDRLEN, n;
	struct nlmsghdr *h = (struct nlmsghdr *)msg;
	struct genlmsghdr *g = NLMSG_DATA(h);
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };

	memset(msg, 0, sizeof(msg));
	h->nlmsg_type = GENL_ID_CTRL;
	h->nlmsg_flags = NLM_F_REQUEST;
	h->nlmsg_seq = 1;
	g->cmd = CTRL_CMD_GETFAMILY;
	g->version = 1;
	put(msg, &len, CTRL_ATTR_FAMILY_NAME, MOAT_GENL_NAME, sizeof(MOAT_GENL_NAME));
	h->nlmsg_len = len;
	sendto(s, msg, len, 0, (struct sockaddr *)&sa, sizeof(sa));
	n = recv(s, buf, sizeof(buf), 0);
	h = (struct nlmsghdr *)buf;
	if (n < 0 || h->nlmsg_type == NLMSG_ERROR) {
		fprintf(stderr, "atk: no moat family\n");
		exit(2);
	}
	{
		struct nlattr *a = (struct nlattr *)((char *)NLMSG_DATA(h) + GENL_HDRLEN);
		int rem = h->nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN;

		while (rem >= NLA_HDRLEN && a->nla_len >= NLA_HDRLEN && a->nla_len <= rem) {
			int t = a->nla_type & NLA_TYPE_MASK;

			if (t == CTRL_ATTR_FAMILY_ID)
				fam_id = *(uint16_t *)((char *)a + NLA_HDRLEN);
			if (t == CTRL_ATTR_MCAST_GROUPS) {
				struct nlattr *grp = (struct nlattr *)((char *)a + NLA_HDRLEN);
				int grem = a->nla_len - NLA_HDRLEN;

				while (grem >= NLA_HDRLEN && grp->nla_len >= NLA_HDRLEN) {
					struct nlattr *x = (struct nlattr *)((char *)grp + NLA_HDRLEN);
					int xrem = grp->nla_len - NLA_HDRLEN;

					while (xrem >= NLA_HDRLEN && x->nla_len >= NLA_HDRLEN) {
						if ((x->nla_type & NLA_TYPE_MASK) == CTRL_ATTR_MCAST_GRP_ID)
							grp_id = *(uint32_t *)((char *)x + NLA_HDRLEN);
						xrem -= NLA_ALIGN(x->nla_len);
						x = (struct nlattr *)((char *)x + NLA_ALIGN(x->nla_len));
					}
					grem -= NLA_ALIGN(grp->nla_len);
					grp = (struct nlattr *)((char *)grp + NLA_ALIGN(grp->nla_len));
				}
			}
			rem -= NLA_ALIGN(a->nla_len);
			a = (struct nlattr *)((char *)a + NLA_ALIGN(a->nla_len));
		}
	}
}

static void result(int err)
{
	printf("%s\n", err ? strerrorname_np(-err) : "OK");
}

static int cmd_of(const char *s)
{
	if (!strcmp(s, "set_mode"))
		return MOAT_CMD_SET_MODE;
	if (!strcmp(s, "attach"))
		return MOAT_CMD_ATTACH;
	if (!strcmp(s, "detach"))
		return MOAT_CMD_DETACH;
	if (!strcmp(s, "load"))
		return MOAT_CMD_LOAD_PROFILE;
	if (!strcmp(s, "remove"))
		return MOAT_CMD_REMOVE_PROFILE;
	if (!strcmp(s, "event"))
		return MOAT_CMD_EVENT;
	return atoi(s);
}

static int do_nl(int argc, char **argv)
{
	static char msg[8192];
	int s = nl_sock(), len = NLMSG_HDRLEN + GENL_HDRLEN, i;
	struct nlmsghdr *h = (struct nlmsghdr *)msg;
	struct genlmsghdr *g = NLMSG_DATA(h);

	resolve(s);
	memset(msg, 0, sizeof(msg));
	h->nlmsg_type = fam_id;
	h->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	h->nlmsg_seq = 2;
	g->cmd = cmd_of(argv[0]);
	g->version = MOAT_GENL_VERSION;
	for (i = 1; i < argc; i++) {
		char *v = strchr(argv[i], ':');
		uint32_t u;
		uint64_t q;
		uint8_t b;

		if (!v)
			return 2;
		*v++ = '\0';
		if (!strcmp(argv[i], "fd")) {
			int fd = open(v, O_RDONLY);

			u = fd;
			put(msg, &len, MOAT_A_CGROUP_FD, &u, 4);
		} else if (!strcmp(argv[i], "fdn")) {
			u = strtol(v, NULL, 0);
			put(msg, &len, MOAT_A_CGROUP_FD, &u, 4);
		} else if (!strcmp(argv[i], "id")) {
			q = strtoull(v, NULL, 0);
			put(msg, &len, MOAT_A_CGROUP_ID, &q, 8);
		} else if (!strcmp(argv[i], "idof")) {
			struct stat st;

			stat(v, &st);
			q = st.st_ino;
			put(msg, &len, MOAT_A_CGROUP_ID, &q, 8);
		} else if (!strcmp(argv[i], "mode")) {
			u = strtoul(v, NULL, 0);
			put(msg, &len, MOAT_A_MODE, &u, 4);
		} else if (!strcmp(argv[i], "mode8")) {
			b = strtoul(v, NULL, 0);
			put(msg, &len, MOAT_A_MODE, &b, 1);
		} else if (!strcmp(argv[i], "flags")) {
			u = strtoul(v, NULL, 0);
			put(msg, &len, MOAT_A_FLAGS, &u, 4);
		} else if (!strcmp(argv[i], "name")) {
			put(msg, &len, MOAT_A_PROFILE_NAME, v, strlen(v) + 1);
		} else if (!strcmp(argv[i], "label")) {
			put(msg, &len, MOAT_A_LABEL_TYPE, v, strlen(v) + 1);
		} else if (!strcmp(argv[i], "unk")) {
			u = 0;
			put(msg, &len, strtol(v, NULL, 0), &u, 4);
		} else {
			return 2;
		}
	}
	result(transact(s, msg, len));
	return 0;
}

static int do_join(void)
{
	int s = nl_sock();

	resolve(s);
	if (setsockopt(s, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, &grp_id, sizeof(grp_id)) < 0)
		result(-errno);
	else
		result(0);
	return 0;
}

static int do_forge(char **argv)
{
	static char msg[8192];
	int s = nl_sock(), len = NLMSG_HDRLEN + GENL_HDRLEN;
	struct nlmsghdr *h = (struct nlmsghdr *)msg;
	struct genlmsghdr *g = NLMSG_DATA(h);
	struct nlattr *ev;
	uint64_t q;
	uint32_t u;
	uint8_t b = 0;
	int evstart;

	resolve(s);
	memset(msg, 0, sizeof(msg));
	h->nlmsg_type = fam_id;
	g->cmd = MOAT_CMD_EVENT;
	g->version = MOAT_GENL_VERSION;
	evstart = len;
	ev = put(msg, &len, NLA_F_NESTED | MOAT_A_EVENT, NULL, 0);
	q = 1764485000ULL * 1000000000ULL;
	put(msg, &len, MOAT_EV_A_TIME, &q, 8);
	u = MOAT_MODE_ENFORCE;
	put(msg, &len, MOAT_EV_A_MODE, &u, 4);
	u = MOAT_LAYER_SYSCALLS;
	put(msg, &len, MOAT_EV_A_LAYER, &u, 4);
	put(msg, &len, MOAT_EV_A_OPERATION, "syscall", 8);
	put(msg, &len, MOAT_EV_A_PROFILE, "docker-default", 15);
	q = strtoull(argv[0], NULL, 0);
	put(msg, &len, MOAT_EV_A_CGROUP_ID, &q, 8);
	put(msg, &len, MOAT_EV_A_ABI, &b, 1);
	u = 250;
	put(msg, &len, MOAT_EV_A_SYSCALL, &u, 4);
	u = 1;
	put(msg, &len, MOAT_EV_A_ERRNO, &u, 4);
	u = 1;
	put(msg, &len, MOAT_EV_A_PID, &u, 4);
	put(msg, &len, MOAT_EV_A_COMM, argv[1], strlen(argv[1]) + 1);
	if (argv[2])
		put(msg, &len, MOAT_EV_A_NAME, argv[2], strlen(argv[2]) + 1);
	q = 0;
	put(msg, &len, MOAT_EV_A_DROPPED, &q, 8);
	ev->nla_len = len - evstart;
	h->nlmsg_len = len;
	/* to the group (by id, NETLINK_ADD_MEMBERSHIP numbering) */
	{
		struct sockaddr_nl dst = { .nl_family = AF_NETLINK, .nl_pid = 0 };

		if (grp_id < 32) {
			dst.nl_groups = 1U << (grp_id - 1);
		} else {
			fprintf(stderr, "atk: group id %d >= 32\n", grp_id);
			return 2;
		}
		if (sendto(s, msg, len, 0, (struct sockaddr *)&dst, sizeof(dst)) < 0) {
			result(-errno);
			return 0;
		}
	}
	result(0);
	return 0;
}

static void write_file(const char *p, const char *s)
{
	int fd = open(p, O_WRONLY);

	if (fd >= 0) {
		if (write(fd, s, strlen(s)) < 0)
			perror(p);
		close(fd);
	}
}

static int run(int argc, char **argv);

static int do_userns(int argc, char **argv)
{
	char m[64];
	uid_t uid = getuid();
	gid_t gid = getgid();

	if (unshare(CLONE_NEWUSER) < 0) {
		result(-errno);
		return 0;
	}
	write_file("/proc/self/setgroups", "deny");
	snprintf(m, sizeof(m), "0 %u 1", uid);
	write_file("/proc/self/uid_map", m);
	snprintf(m, sizeof(m), "0 %u 1", gid);
	write_file("/proc/self/gid_map", m);
	return run(argc, argv);
}

static int do_comm(int argc, char **argv)
{
	long r;

	prctl(PR_SET_NAME, argv[0]);
	if (!strcmp(argv[1], "keyctl")) {
		r = syscall(SYS_keyctl, 0, 0, 0, 0, 0);
		result(r < 0 ? -errno : 0);
	} else if (!strcmp(argv[1], "open") && argc == 3) {
		r = open(argv[2], O_WRONLY);
		result(r < 0 ? -errno : 0);
	} else {
		return 2;
	}
	return 0;
}

static int do_spin(char **argv)
{
	long n = strtol(argv[0], NULL, 0), i, refused = 0;

	for (i = 0; i < n; i++)
		if (syscall(SYS_keyctl, 0, 0, 0, 0, 0) < 0 && errno == EPERM)
			refused++;
	printf("%ld\n", refused);
	return 0;
}

static int run(int argc, char **argv)
{
	if (argc < 1)
		return 2;
	if (!strcmp(argv[0], "nl") && argc >= 2)
		return do_nl(argc - 1, argv + 1);
	if (!strcmp(argv[0], "join"))
		return do_join();
	if (!strcmp(argv[0], "forge") && argc >= 3)
		return do_forge(argv + 1);
	if (!strcmp(argv[0], "userns"))
		return do_userns(argc - 1, argv + 1);
	if (!strcmp(argv[0], "comm") && argc >= 3)
		return do_comm(argc - 1, argv + 1);
	if (!strcmp(argv[0], "spin") && argc == 2)
		return do_spin(argv + 1);
	return 2;
}

int main(int argc, char **argv)
{
	int r = run(argc - 1, argv + 1);

	if (r == 2)
		fprintf(stderr, "atk: bad usage\n");
	return r;
}
