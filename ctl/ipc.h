/* SPDX-License-Identifier: GPL-2.0 */
/*
 * moatctl - the only interface to the kernel: generic netlink via libnl-genl-3
 *
 * Every function returns 0 or a negative errno as the kernel sent it;
 * ipc_errmsg() then gives the kernel's extended-ack message, if any.
 */
#ifndef MOATCTL_IPC_H
#define MOATCTL_IPC_H

#include <stdint.h>

#include <stdbool.h>

#include "labels.h"
#include "profile.h"

struct ipc;

struct ipc_status {
	char version[32];
	uint32_t kernel_version;	/* KERNEL_VERSION(a, b, c) */
	uint32_t state;			/* enum moat_state */
	uint32_t abi_mask;
	uint32_t profiles;
	uint32_t attachments;
	uint64_t denials;
	uint64_t missed;
	uint64_t dropped;		/* denial reports the rate limits dropped */
	bool fail_closed;		/* FAILED, and every confined syscall refused */
	int32_t syscall_kprobes;	/* -1: the syscall layer is on sys_enter */
};

struct ipc_profile {
	char name[MOAT_NAME_MAX];
	uint64_t generation;
	uint32_t attachments;
	uint32_t rules;
	uint32_t memory;
	uint32_t layers;	/* MOAT_LAYER_* */
	uint32_t dfa_states;
};

struct ipc_attachment {
	uint64_t cgroup_id;
	char path[4096];
	char profile[MOAT_NAME_MAX];
	bool has_label;
	struct label label;
	uint32_t mode;		/* enum moat_mode */
	uint64_t denials;	/* in this subtree since attached */
	uint64_t dropped;	/* reports the rate limit dropped */
	bool pending;		/* ON_EXEC, before the subtree's first execve */
};

/* One denial event (MOAT_CMD_EVENT); strings empty when absent. */
struct ipc_event {
	uint64_t time_ns;	/* CLOCK_REALTIME */
	uint32_t mode;		/* enum moat_mode: complain = would deny */
	uint32_t layer;		/* MOAT_LAYER_*, 0 for the floor */
	char operation[32];
	char profile[MOAT_NAME_MAX];
	uint64_t cgroup_id;
	char name[4096];
	char requested[32];
	char denied[32];
	char fields[1024];
	uint8_t abi;		/* enum moat_abi */
	int64_t syscall;	/* -1: none */
	uint32_t err;		/* positive errno */
	uint32_t pid;
	char comm[32];
	uint64_t dropped;	/* reports dropped just before this one */
};

int ipc_open(struct ipc **out);
void ipc_close(struct ipc *ipc);
const char *ipc_errmsg(const struct ipc *ipc);

int ipc_status(struct ipc *ipc, struct ipc_status *st);
int ipc_load(struct ipc *ipc, const char *name, const struct sys_profile *p,
	     const struct path_layer *pl, const struct label_policy *lp,
	     uint32_t flags);
int ipc_remove(struct ipc *ipc, const char *name);
int ipc_profiles(struct ipc *ipc,
		 int (*cb)(const struct ipc_profile *p, void *arg), void *arg);
int ipc_attach(struct ipc *ipc, const char *name, int cgroup_fd,
	       const struct label *label, uint32_t flags);
int ipc_detach_fd(struct ipc *ipc, int cgroup_fd);
int ipc_detach_id(struct ipc *ipc, uint64_t cgroup_id);
int ipc_set_mode_fd(struct ipc *ipc, int cgroup_fd, uint32_t mode);
/*
 * Joins the events group and calls cb for each event until it returns
 * non-zero (returned) or the socket fails. An overrun of the socket's
 * buffer (events lost to this listener) calls lost(arg), then goes on.
 */
int ipc_monitor(struct ipc *ipc, int (*cb)(const struct ipc_event *ev, void *arg),
		void (*lost)(void *arg), void *arg);
int ipc_attachments(struct ipc *ipc,
		    int (*cb)(const struct ipc_attachment *a, void *arg),
		    void *arg);

#endif
