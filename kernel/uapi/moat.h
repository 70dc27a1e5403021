/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * moat - generic netlink ABI
 *
 * This header is shared, unchanged, by the kernel module and by moatctl.
 * Documentation/netlink-abi.rst describes every command and attribute.
 *
 * Conventions:
 * - Every request attribute is validated by an nla_policy; attributes that
 *   a command does not take are rejected (strict validation), as are flags
 *   the kernel does not know.
 * - Commands that change policy need CAP_MAC_ADMIN in the initial user
 *   namespace, both for the task that opened the socket and for the caller,
 *   and are refused (EPERM) to any task that moat itself confines.
 * - Errors are returned as negative errnos in the netlink ack, with an
 *   extended-ack message naming the offending attribute where one exists.
 */
#ifndef _UAPI_LINUX_MOAT_H
#define _UAPI_LINUX_MOAT_H

#include <linux/types.h>

#define MOAT_GENL_NAME		"moat"
#define MOAT_GENL_VERSION	1

/* Profile names: 1..63 bytes of [A-Za-z0-9_.:-], starting with [A-Za-z0-9]. */
#define MOAT_NAME_MAX		64

/* Syscall numbers in a profile are below this, per ABI (x32: without the x32 bit). */
#define MOAT_SYS_NR_MAX		2048
/* Syscall rules in one profile, over all ABIs. */
#define MOAT_SYS_RULES_MAX	16384
/* Argument comparisons per rule (a syscall has at most six arguments). */
#define MOAT_SYS_ARGS_MAX	6
/* Largest errno a rule may return (as seccomp: SECCOMP_RET_DATA holds 0..4095). */
#define MOAT_ERRNO_MAX		4095

/*
 * Path layer. File rules are compiled by moatctl into one deterministic
 * automaton over the bytes of a path: a class map (byte -> class), a
 * transition table of states x classes (__u16 state numbers, row-major) and
 * one &struct moat_dfa_accept per state. State 0 is the dead state (every
 * transition leads back to it, nothing is granted there).
 */
#define MOAT_DFA_STATES_MAX	65535
#define MOAT_DFA_CLASSES_MAX	256
/* Peer (signal, ptrace) rules in one profile. */
#define MOAT_PEER_RULES_MAX	1024

/* File permissions, AppArmor's r w a l k m x. A rule's w grants or denies a too. */
#define MOAT_FILE_READ		0x01U
#define MOAT_FILE_WRITE		0x02U
#define MOAT_FILE_APPEND	0x04U
#define MOAT_FILE_LINK		0x08U
#define MOAT_FILE_LOCK		0x10U
#define MOAT_FILE_MMAP_EXEC	0x20U
#define MOAT_FILE_EXEC		0x40U
#define MOAT_FILE_ALL		0x7fU

/**
 * struct moat_dfa_accept - what an automaton state grants and denies
 * @allow: MOAT_FILE_* granted to every task
 * @allow_owner: MOAT_FILE_* granted when the task's fsuid owns the file
 * @deny: MOAT_FILE_* denied to every task (a deny always wins)
 * @deny_owner: MOAT_FILE_* denied when the task's fsuid owns the file
 */
struct moat_dfa_accept {
	__u32 allow;
	__u32 allow_owner;
	__u32 deny;
	__u32 deny_owner;
};

/* Mount operations (%MOAT_PATH_A_MOUNT_ALLOW, %MOAT_PATH_A_MOUNT_DENY). */
#define MOAT_MNT_MOUNT		0x1U
#define MOAT_MNT_UMOUNT		0x2U
#define MOAT_MNT_PIVOT_ROOT	0x4U
#define MOAT_MNT_ALL		0x7U

/* %MOAT_PATH_A_FLAGS: AppArmor's profile flags of the same names. */
#define MOAT_PATH_F_ATTACH_DISCONNECTED	0x1U
#define MOAT_PATH_F_MEDIATE_DELETED	0x2U
#define MOAT_PATH_F_ALL			0x3U

/**
 * enum moat_peer_class - what a %MOAT_A_PEER_RULE is about
 * @MOAT_PEER_SIGNAL: signals; perms are MOAT_SIGNAL_*
 * @MOAT_PEER_PTRACE: ptrace; perms are MOAT_PTRACE_*
 * @__MOAT_PEER_COUNT: number of classes
 */
enum moat_peer_class {
	MOAT_PEER_SIGNAL,
	MOAT_PEER_PTRACE,
	__MOAT_PEER_COUNT
};

#define MOAT_PEER_MAX (__MOAT_PEER_COUNT - 1)

#define MOAT_SIGNAL_SEND	0x1U
#define MOAT_SIGNAL_RECEIVE	0x2U
#define MOAT_SIGNAL_ALL		0x3U
#define MOAT_PTRACE_TRACE	0x1U
#define MOAT_PTRACE_TRACEDBY	0x2U
#define MOAT_PTRACE_READ	0x4U
#define MOAT_PTRACE_READBY	0x8U
#define MOAT_PTRACE_ALL		0xfU

/**
 * enum moat_cmd - generic netlink commands of the "moat" family
 * @MOAT_CMD_UNSPEC: unused
 * @MOAT_CMD_GET_STATUS: doit; replies with %MOAT_A_VERSION, %MOAT_A_STATE ...
 * @MOAT_CMD_LOAD_PROFILE: doit; creates or atomically replaces a profile by
 *	name (%MOAT_A_PROFILE_NAME, %MOAT_A_PROFILE_SYSCALLS, %MOAT_A_FLAGS,
 *	%MOAT_A_SYSCALL_RULE repeated)
 * @MOAT_CMD_REMOVE_PROFILE: doit; removes an unattached profile
 * @MOAT_CMD_GET_PROFILE: dumpit; one message per loaded profile
 * @MOAT_CMD_ATTACH: doit; attaches a profile to a cgroup v2 directory
 *	(%MOAT_A_PROFILE_NAME, %MOAT_A_CGROUP_FD, %MOAT_A_FLAGS)
 * @MOAT_CMD_DETACH: doit; detaches by %MOAT_A_CGROUP_FD or %MOAT_A_CGROUP_ID
 * @MOAT_CMD_GET_ATTACHMENT: dumpit; one message per attached cgroup
 * @MOAT_CMD_SET_MODE: doit; switches an attachment (%MOAT_A_CGROUP_FD or
 *	%MOAT_A_CGROUP_ID) to %MOAT_A_MODE
 * @MOAT_CMD_EVENT: notification only, multicast to %MOAT_MCGRP_EVENTS: one
 *	denial (or, in complain mode, one would-be denial) in %MOAT_A_EVENT
 * @__MOAT_CMD_MAX: number of commands
 */
enum moat_cmd {
	MOAT_CMD_UNSPEC,
	MOAT_CMD_GET_STATUS,
	MOAT_CMD_LOAD_PROFILE,
	MOAT_CMD_REMOVE_PROFILE,
	MOAT_CMD_GET_PROFILE,
	MOAT_CMD_ATTACH,
	MOAT_CMD_DETACH,
	MOAT_CMD_GET_ATTACHMENT,
	MOAT_CMD_SET_MODE,
	MOAT_CMD_EVENT,
	__MOAT_CMD_MAX
};

#define MOAT_CMD_MAX (__MOAT_CMD_MAX - 1)

/*
 * Multicast group of denial events (%MOAT_CMD_EVENT). Joining it needs
 * CAP_SYS_ADMIN (the family lives in the initial network namespace only).
 */
#define MOAT_MCGRP_EVENTS	"events"

/**
 * enum moat_mode - what an attachment does with a denial
 * @MOAT_MODE_ENFORCE: refuse the operation, and report it
 * @MOAT_MODE_COMPLAIN: decide as in enforce mode and report the would-be
 *	denial, but let the operation go on (AppArmor's complain mode)
 * @__MOAT_MODE_COUNT: number of modes
 */
enum moat_mode {
	MOAT_MODE_ENFORCE,
	MOAT_MODE_COMPLAIN,
	__MOAT_MODE_COUNT
};

#define MOAT_MODE_MAX (__MOAT_MODE_COUNT - 1)

/**
 * enum moat_state - what %MOAT_A_STATE reports
 * @MOAT_STATE_ENFORCING: every attach point is in place and decisions are made
 * @MOAT_STATE_DEGRADED: hook calls were missed (%MOAT_A_MISSED): some checks
 *	did not run
 * @MOAT_STATE_FAILED: moat's kprobes do not fire (kprobes disabled, or
 *	function tracing off): the hooks are not checked at all
 */
enum moat_state {
	MOAT_STATE_ENFORCING = 1,
	MOAT_STATE_DEGRADED = 2,
	MOAT_STATE_FAILED = 3,
};

/**
 * enum moat_abi - syscall ABIs, as moat tells them apart on x86
 * @MOAT_ABI_X86_64: native 64-bit syscall
 * @MOAT_ABI_I386: 32-bit syscall (int $0x80, sysenter, 32-bit syscall),
 *	also when issued by a 64-bit process; arguments are 32 bits wide
 * @MOAT_ABI_X32: x32 syscall (64-bit entry, number carries the x32 bit);
 *	rule numbers are given without the x32 bit
 * @__MOAT_ABI_COUNT: number of ABIs
 */
enum moat_abi {
	MOAT_ABI_X86_64,
	MOAT_ABI_I386,
	MOAT_ABI_X32,
	__MOAT_ABI_COUNT
};

#define MOAT_ABI_MAX (__MOAT_ABI_COUNT - 1)

/**
 * enum moat_action - what a syscall rule does when it matches
 * @MOAT_ACT_ALLOW: the syscall runs
 * @MOAT_ACT_ERRNO: the syscall is skipped and returns -errno
 * @__MOAT_ACT_COUNT: number of actions
 */
enum moat_action {
	MOAT_ACT_ALLOW,
	MOAT_ACT_ERRNO,
	__MOAT_ACT_COUNT
};

#define MOAT_ACT_MAX (__MOAT_ACT_COUNT - 1)

/**
 * enum moat_cmp - argument comparison operators (seccomp's, same meaning)
 * @MOAT_CMP_NE: arg != value
 * @MOAT_CMP_LT: arg < value (unsigned)
 * @MOAT_CMP_LE: arg <= value (unsigned)
 * @MOAT_CMP_EQ: arg == value
 * @MOAT_CMP_GE: arg >= value (unsigned)
 * @MOAT_CMP_GT: arg > value (unsigned)
 * @MOAT_CMP_MASKED_EQ: (arg & mask) == value
 * @__MOAT_CMP_COUNT: number of operators
 */
enum moat_cmp {
	MOAT_CMP_NE,
	MOAT_CMP_LT,
	MOAT_CMP_LE,
	MOAT_CMP_EQ,
	MOAT_CMP_GE,
	MOAT_CMP_GT,
	MOAT_CMP_MASKED_EQ,
	__MOAT_CMP_COUNT
};

#define MOAT_CMP_MAX (__MOAT_CMP_COUNT - 1)

/* %MOAT_A_FLAGS for %MOAT_CMD_LOAD_PROFILE: fail with EEXIST if the name is taken. */
#define MOAT_LOAD_F_NOREPLACE	0x1U
#define MOAT_LOAD_F_ALL		MOAT_LOAD_F_NOREPLACE
/*
 * %MOAT_A_FLAGS for %MOAT_CMD_ATTACH: replace an existing attachment's
 * profile; attach in complain mode (default: enforce); confine nothing
 * until a task in the subtree calls execve (ON_EXEC: the container's
 * entrypoint, where runc applies seccomp and AppArmor; for a runtime hook
 * that runs before the runtime's own set-up; not with REPLACE).
 */
#define MOAT_ATTACH_F_REPLACE	0x1U
#define MOAT_ATTACH_F_COMPLAIN	0x2U
#define MOAT_ATTACH_F_ON_EXEC	0x4U
#define MOAT_ATTACH_F_ALL	(MOAT_ATTACH_F_REPLACE | MOAT_ATTACH_F_COMPLAIN | \
				 MOAT_ATTACH_F_ON_EXEC)

/**
 * enum moat_attr - top-level attributes
 * @MOAT_A_UNSPEC: unused
 * @MOAT_A_PAD: padding for 64-bit attributes
 * @MOAT_A_VERSION: string, reply: module version
 * @MOAT_A_KERNEL_VERSION: u32, reply: running kernel as KERNEL_VERSION(a, b, c)
 * @MOAT_A_STATE: u32, reply: &enum moat_state
 * @MOAT_A_ABI_MASK: u32, reply: bit per &enum moat_abi that moat enforces
 * @MOAT_A_PROFILE_COUNT: u32, reply: loaded profiles
 * @MOAT_A_ATTACHMENT_COUNT: u32, reply: attached cgroups
 * @MOAT_A_DENIALS: u64, reply: denials since load, all layers
 * @MOAT_A_FLAGS: u32, request: MOAT_LOAD_F_* or MOAT_ATTACH_F_*
 * @MOAT_A_PROFILE_NAME: NUL-terminated string, < %MOAT_NAME_MAX bytes
 * @MOAT_A_PROFILE_SYSCALLS: nested &enum moat_sys_attr: the syscall layer
 * @MOAT_A_PROFILE_GENERATION: u64, reply: bumped on every replace
 * @MOAT_A_PROFILE_ATTACHMENTS: u32, reply: cgroups using the profile
 * @MOAT_A_PROFILE_RULES: u32, reply: syscall rules over all ABIs
 * @MOAT_A_PROFILE_MEMORY: u32, reply: bytes of kernel memory the profile holds
 * @MOAT_A_CGROUP_FD: s32, request: open file descriptor of a cgroup v2 directory
 * @MOAT_A_CGROUP_ID: u64: cgroup v2 id (the directory's inode number)
 * @MOAT_A_CGROUP_PATH: string, reply: cgroup path in the caller's cgroup namespace
 * @MOAT_A_SYSCALL_RULE: nested &enum moat_rule_attr, request: one syscall
 *	rule of the profile being loaded; repeated, once per rule. Rules are
 *	top-level attributes so that a profile is not bound by the 64 KiB that
 *	one nested attribute can hold.
 * @MOAT_A_MISSED: u64, reply: hook calls that moat's kprobes missed since
 *	load (each one a check that did not run; see the admin guide)
 * @MOAT_A_PROFILE_PATHS: nested &enum moat_path_attr: the path layer
 * @MOAT_A_DFA_TRANS: binary, request: a piece of the path layer's transition
 *	table (__u16 entries, host byte order); repeated, the pieces are joined
 *	in order and must add up to exactly states x classes entries
 * @MOAT_A_DFA_ACCEPT: binary, request: a piece of the path layer's
 *	&struct moat_dfa_accept array; repeated like %MOAT_A_DFA_TRANS, one
 *	element per state in all
 * @MOAT_A_PEER_RULE: nested &enum moat_peer_attr, request: one signal or
 *	ptrace rule of the path layer; repeated
 * @MOAT_A_PROFILE_LAYERS: u32, reply: MOAT_LAYER_* the profile holds
 * @MOAT_A_PROFILE_DFA_STATES: u32, reply: states of the path automaton
 * @MOAT_A_PROFILE_LABELS: nested &enum moat_labels_attr: the label layer
 * @MOAT_A_LABEL_RULE: nested &enum moat_lrule_attr, request: one allow rule
 *	of the label layer; repeated
 * @MOAT_A_LABEL_TYPE: string < %MOAT_NAME_MAX: a label's type; in
 *	%MOAT_CMD_ATTACH, the subject label of the attached cgroup's tasks
 *	(required iff the profile has a label layer)
 * @MOAT_A_LABEL_CATS: binary, exactly %MOAT_LABEL_CATS / 8 bytes: a label's
 *	category set, bit n for category cn (optional: no categories)
 * @MOAT_A_LABEL_FS: nested &enum moat_lfs_attr, request: the type of
 *	unlabelled files on one file system type; repeated, at most
 *	%MOAT_LABEL_FS_MAX
 * @MOAT_A_SYSCALL_KPROBES: u32, reply: syscall functions the syscall layer
 *	watches with kprobes (module default); absent when it decides every
 *	syscall from the sys_enter tracepoint (built-in, or the module's
 *	syscall_tracepoint=1)
 * @MOAT_A_MODE: u32 &enum moat_mode: request (%MOAT_CMD_SET_MODE) and
 *	attachment reply
 * @MOAT_A_EVENTS_DROPPED: u64, reply: denial reports (audit records and
 *	events) a rate limit dropped: in an attachment reply, that
 *	attachment's (its %MOAT_A_DENIALS counts its denials alone); in the
 *	status reply, all since load, detached attachments included
 * @MOAT_A_EVENT: nested &enum moat_ev_attr: one event (%MOAT_CMD_EVENT)
 * @MOAT_A_PENDING: flag, attachment reply: attached with
 *	%MOAT_ATTACH_F_ON_EXEC and no task of the subtree has called execve
 *	yet: it confines nothing so far
 * @MOAT_A_FAIL_CLOSED: flag, status reply (module): the kprobes do not
 *	fire (%MOAT_STATE_FAILED) and moat refuses every syscall of confined
 *	tasks from the sys_enter tracepoint until they do
 * @__MOAT_A_COUNT: number of attributes
 */
enum moat_attr {
	MOAT_A_UNSPEC,
	MOAT_A_PAD,
	MOAT_A_VERSION,
	MOAT_A_KERNEL_VERSION,
	MOAT_A_STATE,
	MOAT_A_ABI_MASK,
	MOAT_A_PROFILE_COUNT,
	MOAT_A_ATTACHMENT_COUNT,
	MOAT_A_DENIALS,
	MOAT_A_FLAGS,
	MOAT_A_PROFILE_NAME,
	MOAT_A_PROFILE_SYSCALLS,
	MOAT_A_PROFILE_GENERATION,
	MOAT_A_PROFILE_ATTACHMENTS,
	MOAT_A_PROFILE_RULES,
	MOAT_A_PROFILE_MEMORY,
	MOAT_A_CGROUP_FD,
	MOAT_A_CGROUP_ID,
	MOAT_A_CGROUP_PATH,
	MOAT_A_SYSCALL_RULE,
	MOAT_A_MISSED,
	MOAT_A_PROFILE_PATHS,
	MOAT_A_DFA_TRANS,
	MOAT_A_DFA_ACCEPT,
	MOAT_A_PEER_RULE,
	MOAT_A_PROFILE_LAYERS,
	MOAT_A_PROFILE_DFA_STATES,
	MOAT_A_PROFILE_LABELS,
	MOAT_A_LABEL_RULE,
	MOAT_A_LABEL_TYPE,
	MOAT_A_LABEL_CATS,
	MOAT_A_LABEL_FS,
	MOAT_A_SYSCALL_KPROBES,
	MOAT_A_MODE,
	MOAT_A_EVENTS_DROPPED,
	MOAT_A_EVENT,
	MOAT_A_PENDING,
	MOAT_A_FAIL_CLOSED,
	__MOAT_A_COUNT
};

#define MOAT_A_MAX (__MOAT_A_COUNT - 1)

/* %MOAT_A_PROFILE_LAYERS */
#define MOAT_LAYER_SYSCALLS	0x1U
#define MOAT_LAYER_PATHS	0x2U
#define MOAT_LAYER_LABELS	0x4U

/**
 * enum moat_sys_attr - attributes nested in %MOAT_A_PROFILE_SYSCALLS
 * @MOAT_SYS_A_UNSPEC: unused
 * @MOAT_SYS_A_DEFAULT_ACTION: u8 &enum moat_action for syscalls no rule names
 * @MOAT_SYS_A_DEFAULT_ERRNO: u16, 1..%MOAT_ERRNO_MAX; required iff the
 *	default action is %MOAT_ACT_ERRNO
 * @MOAT_SYS_A_ABIS: array of nested &enum moat_abi_attr, one per ABI; an ABI
 *	the profile leaves out has every syscall denied with EPERM
 * @__MOAT_SYS_A_COUNT: number of attributes
 */
enum moat_sys_attr {
	MOAT_SYS_A_UNSPEC,
	MOAT_SYS_A_DEFAULT_ACTION,
	MOAT_SYS_A_DEFAULT_ERRNO,
	MOAT_SYS_A_ABIS,
	__MOAT_SYS_A_COUNT
};

#define MOAT_SYS_A_MAX (__MOAT_SYS_A_COUNT - 1)

/**
 * enum moat_abi_attr - one ABI's table, an element of %MOAT_SYS_A_ABIS
 * @MOAT_ABI_A_UNSPEC: unused
 * @MOAT_ABI_A_ID: u8 &enum moat_abi
 * @MOAT_ABI_A_ENOSYS_FROM: u32, optional: syscalls numbered this or higher
 *	return ENOSYS (runc's answer for syscalls newer than the profile)
 * @__MOAT_ABI_A_COUNT: number of attributes
 *
 * The ABI's rules are %MOAT_A_SYSCALL_RULE attributes naming it.
 */
enum moat_abi_attr {
	MOAT_ABI_A_UNSPEC,
	MOAT_ABI_A_ID,
	MOAT_ABI_A_ENOSYS_FROM,
	__MOAT_ABI_A_COUNT
};

#define MOAT_ABI_A_MAX (__MOAT_ABI_A_COUNT - 1)

/**
 * enum moat_rule_attr - one syscall rule, nested in %MOAT_A_SYSCALL_RULE
 * @MOAT_RULE_A_UNSPEC: unused
 * @MOAT_RULE_A_ABI: u8 &enum moat_abi, one of the ABIs in %MOAT_SYS_A_ABIS
 * @MOAT_RULE_A_NR: u32 syscall number, below %MOAT_SYS_NR_MAX
 * @MOAT_RULE_A_ACTION: u8 &enum moat_action
 * @MOAT_RULE_A_ERRNO: u16, 1..%MOAT_ERRNO_MAX; required iff action is ERRNO
 * @MOAT_RULE_A_ARGS: array of nested &enum moat_arg_attr, all of which must
 *	hold for the rule to match; without it the rule always matches
 * @__MOAT_RULE_A_COUNT: number of attributes
 *
 * Rules for one syscall: at most one rule without arguments, and then no
 * rule with arguments. Rules with arguments are tried in the order given and
 * the first that matches decides; if none matches, the default action does.
 */
enum moat_rule_attr {
	MOAT_RULE_A_UNSPEC,
	MOAT_RULE_A_ABI,
	MOAT_RULE_A_NR,
	MOAT_RULE_A_ACTION,
	MOAT_RULE_A_ERRNO,
	MOAT_RULE_A_ARGS,
	__MOAT_RULE_A_COUNT
};

#define MOAT_RULE_A_MAX (__MOAT_RULE_A_COUNT - 1)

/**
 * enum moat_arg_attr - one argument comparison, an element of %MOAT_RULE_A_ARGS
 * @MOAT_ARG_A_UNSPEC: unused
 * @MOAT_ARG_A_INDEX: u8 argument index, 0..5
 * @MOAT_ARG_A_OP: u8 &enum moat_cmp
 * @MOAT_ARG_A_VALUE: u64 operand
 * @MOAT_ARG_A_MASK: u64 mask; required iff op is %MOAT_CMP_MASKED_EQ
 * @MOAT_ARG_A_WIDTH: u8, 32 or 64 (default 64): bits of the argument the
 *	kernel uses; a 32-bit argument is truncated before the comparison, as
 *	the syscall itself truncates it. i386 arguments are always 32 bits, and
 *	an i386 rule's value and mask must fit in 32 bits.
 * @__MOAT_ARG_A_COUNT: number of attributes
 */
enum moat_arg_attr {
	MOAT_ARG_A_UNSPEC,
	MOAT_ARG_A_INDEX,
	MOAT_ARG_A_OP,
	MOAT_ARG_A_VALUE,
	MOAT_ARG_A_MASK,
	MOAT_ARG_A_WIDTH,
	__MOAT_ARG_A_COUNT
};

#define MOAT_ARG_A_MAX (__MOAT_ARG_A_COUNT - 1)

/*
 * Label layer. A label is a type and a set of categories, written
 * TYPE[:cN[,cN]...] (container_file_t:c12,c480), N below %MOAT_LABEL_CATS;
 * files carry theirs in the security.moat xattr.
 */
#define MOAT_LABEL_CATS		1024
#define MOAT_LABEL_RULES_MAX	4096
/* fs_default statements: the type of unlabelled files per file system type. */
#define MOAT_LABEL_FS_MAX	64
#define MOAT_LABEL_XATTR	"security.moat"

/* What a label rule grants a subject type on an object type. */
#define MOAT_LABEL_READ		0x01U
#define MOAT_LABEL_WRITE	0x02U
#define MOAT_LABEL_APPEND	0x04U
#define MOAT_LABEL_EXEC		0x08U
#define MOAT_LABEL_CREATE	0x10U
#define MOAT_LABEL_UNLINK	0x20U
#define MOAT_LABEL_RELABEL	0x40U
#define MOAT_LABEL_ALL		0x7fU

/**
 * enum moat_labels_attr - the label layer, nested in %MOAT_A_PROFILE_LABELS
 * @MOAT_LABELS_A_UNSPEC: unused
 * @MOAT_LABELS_A_DEFAULT_TYPE: string < %MOAT_NAME_MAX: the type of files
 *	without a security.moat xattr (no categories)
 * @__MOAT_LABELS_A_COUNT: number of attributes
 */
enum moat_labels_attr {
	MOAT_LABELS_A_UNSPEC,
	MOAT_LABELS_A_DEFAULT_TYPE,
	__MOAT_LABELS_A_COUNT
};

#define MOAT_LABELS_A_MAX (__MOAT_LABELS_A_COUNT - 1)

/**
 * enum moat_lrule_attr - one label rule, nested in %MOAT_A_LABEL_RULE
 * @MOAT_LRULE_A_UNSPEC: unused
 * @MOAT_LRULE_A_SUBJECT: string < %MOAT_NAME_MAX: the subject's type
 * @MOAT_LRULE_A_OBJECT: string < %MOAT_NAME_MAX: the object's type
 * @MOAT_LRULE_A_PERMS: u32 MOAT_LABEL_*
 * @__MOAT_LRULE_A_COUNT: number of attributes
 *
 * Rules only allow; what no rule allows is denied. Categories are not in
 * rules: every access also needs the subject's categories to include the
 * object's.
 */
enum moat_lrule_attr {
	MOAT_LRULE_A_UNSPEC,
	MOAT_LRULE_A_SUBJECT,
	MOAT_LRULE_A_OBJECT,
	MOAT_LRULE_A_PERMS,
	__MOAT_LRULE_A_COUNT
};

#define MOAT_LRULE_A_MAX (__MOAT_LRULE_A_COUNT - 1)

/**
 * enum moat_lfs_attr - one fs_default statement, nested in %MOAT_A_LABEL_FS
 * @MOAT_LFS_A_UNSPEC: unused
 * @MOAT_LFS_A_FSTYPE: string < %MOAT_NAME_MAX: a file system type name
 *	(proc, devpts, tmpfs, ...)
 * @MOAT_LFS_A_TYPE: string < %MOAT_NAME_MAX: the type of its unlabelled files
 * @__MOAT_LFS_A_COUNT: number of attributes
 */
enum moat_lfs_attr {
	MOAT_LFS_A_UNSPEC,
	MOAT_LFS_A_FSTYPE,
	MOAT_LFS_A_TYPE,
	__MOAT_LFS_A_COUNT
};

#define MOAT_LFS_A_MAX (__MOAT_LFS_A_COUNT - 1)

/**
 * enum moat_path_attr - the path layer, nested in %MOAT_A_PROFILE_PATHS
 * @MOAT_PATH_A_UNSPEC: unused
 * @MOAT_PATH_A_FLAGS: u32 MOAT_PATH_F_*
 * @MOAT_PATH_A_DFA_STATES: u32, 1..%MOAT_DFA_STATES_MAX, state 0 included
 * @MOAT_PATH_A_DFA_CLASSES: u32, 1..%MOAT_DFA_CLASSES_MAX
 * @MOAT_PATH_A_DFA_START: u32, the state before the first byte
 * @MOAT_PATH_A_DFA_CLASSMAP: binary, exactly 256 bytes: class of each byte
 * @MOAT_PATH_A_CAP_ALLOW: u64, bit per capability granted (capability rules)
 * @MOAT_PATH_A_CAP_DENY: u64, bit per capability denied
 * @MOAT_PATH_A_NET_ALLOW: u64, bit per address family a socket may be
 *	created in (network rules)
 * @MOAT_PATH_A_NET_DENY: u64, bit per address family denied
 * @MOAT_PATH_A_MOUNT_ALLOW: u32 MOAT_MNT_* granted
 * @MOAT_PATH_A_MOUNT_DENY: u32 MOAT_MNT_* denied
 * @__MOAT_PATH_A_COUNT: number of attributes
 *
 * A profile with a path layer mediates every class above: what no rule
 * grants is denied, and a deny always wins.
 */
enum moat_path_attr {
	MOAT_PATH_A_UNSPEC,
	MOAT_PATH_A_FLAGS,
	MOAT_PATH_A_DFA_STATES,
	MOAT_PATH_A_DFA_CLASSES,
	MOAT_PATH_A_DFA_START,
	MOAT_PATH_A_DFA_CLASSMAP,
	MOAT_PATH_A_CAP_ALLOW,
	MOAT_PATH_A_CAP_DENY,
	MOAT_PATH_A_NET_ALLOW,
	MOAT_PATH_A_NET_DENY,
	MOAT_PATH_A_MOUNT_ALLOW,
	MOAT_PATH_A_MOUNT_DENY,
	__MOAT_PATH_A_COUNT
};

#define MOAT_PATH_A_MAX (__MOAT_PATH_A_COUNT - 1)

/**
 * enum moat_peer_attr - one signal or ptrace rule, nested in %MOAT_A_PEER_RULE
 * @MOAT_PEER_A_UNSPEC: unused
 * @MOAT_PEER_A_CLASS: u8 &enum moat_peer_class
 * @MOAT_PEER_A_DENY: flag: the rule denies (a deny always wins)
 * @MOAT_PEER_A_PERMS: u32 MOAT_SIGNAL_* or MOAT_PTRACE_*
 * @MOAT_PEER_A_SIGNALS: u64, signal rules only, optional (default: every
 *	signal and the existence check): bit n - 1 for signal n (1..64)
 * @MOAT_PEER_A_SIGNAL_EXISTS: flag, with %MOAT_PEER_A_SIGNALS: the rule also
 *	covers signal 0, the existence check
 * @MOAT_PEER_A_PEER: string, optional (default: any peer): the peer's
 *	label, a profile name or "unconfined"
 * @__MOAT_PEER_A_COUNT: number of attributes
 */
enum moat_peer_attr {
	MOAT_PEER_A_UNSPEC,
	MOAT_PEER_A_CLASS,
	MOAT_PEER_A_DENY,
	MOAT_PEER_A_PERMS,
	MOAT_PEER_A_SIGNALS,
	MOAT_PEER_A_SIGNAL_EXISTS,
	MOAT_PEER_A_PEER,
	__MOAT_PEER_A_COUNT
};

#define MOAT_PEER_A_MAX (__MOAT_PEER_A_COUNT - 1)

/**
 * enum moat_ev_attr - one denial event, nested in %MOAT_A_EVENT
 * @MOAT_EV_A_UNSPEC: unused
 * @MOAT_EV_A_PAD: padding for 64-bit attributes
 * @MOAT_EV_A_TIME: u64, wall-clock time of the decision, ns since the epoch
 * @MOAT_EV_A_MODE: u32 &enum moat_mode of the attachment: in complain mode
 *	the operation went on (a would-be denial)
 * @MOAT_EV_A_LAYER: u32, the MOAT_LAYER_* that decided
 * @MOAT_EV_A_OPERATION: string: "syscall", or AppArmor's operation name
 *	("open", "exec", "mkdir", "mount", "signal", "ptrace", "capable",
 *	"create", ...)
 * @MOAT_EV_A_PROFILE: string: the profile that decided
 * @MOAT_EV_A_CGROUP_ID: u64: the attached cgroup (its directory's inode)
 * @MOAT_EV_A_NAME: string, optional: the object (a path name; a file
 *	name for the label layer), raw bytes, at most 4095
 * @MOAT_EV_A_REQUESTED: string, optional: what was requested (rwalkmx
 *	letters for files, "send", "trace", ...)
 * @MOAT_EV_A_DENIED: string, optional: what of it was refused
 * @MOAT_EV_A_FIELDS: string, optional: the operation's other fields, as in
 *	the audit record (peer="...", capname="...", family=...)
 * @MOAT_EV_A_ABI: u8 &enum moat_abi of the syscall in progress
 * @MOAT_EV_A_SYSCALL: u32: the syscall in progress (for the syscall layer,
 *	the one refused), within its ABI (x32: without the x32 bit)
 * @MOAT_EV_A_ERRNO: u32: the errno returned (in complain mode: that would
 *	have been returned)
 * @MOAT_EV_A_PID: u32: the task's pid, in the initial pid namespace
 * @MOAT_EV_A_COMM: string: the task's comm
 * @MOAT_EV_A_DROPPED: u64: events of this attachment dropped by its rate
 *	limit since the previous event sent
 * @__MOAT_EV_A_COUNT: number of attributes
 */
enum moat_ev_attr {
	MOAT_EV_A_UNSPEC,
	MOAT_EV_A_PAD,
	MOAT_EV_A_TIME,
	MOAT_EV_A_MODE,
	MOAT_EV_A_LAYER,
	MOAT_EV_A_OPERATION,
	MOAT_EV_A_PROFILE,
	MOAT_EV_A_CGROUP_ID,
	MOAT_EV_A_NAME,
	MOAT_EV_A_REQUESTED,
	MOAT_EV_A_DENIED,
	MOAT_EV_A_FIELDS,
	MOAT_EV_A_ABI,
	MOAT_EV_A_SYSCALL,
	MOAT_EV_A_ERRNO,
	MOAT_EV_A_PID,
	MOAT_EV_A_COMM,
	MOAT_EV_A_DROPPED,
	__MOAT_EV_A_COUNT
};

#define MOAT_EV_A_MAX (__MOAT_EV_A_COUNT - 1)

#endif /* _UAPI_LINUX_MOAT_H */
