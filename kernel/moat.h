/* SPDX-License-Identifier: GPL-2.0 */
/*
 * moat - internal declarations shared by the kernel sources
 */
#ifndef _SECURITY_MOAT_MOAT_H
#define _SECURITY_MOAT_MOAT_H

#include <linux/atomic.h>
#include <linux/bitmap.h>
#include <linux/cgroup.h>
#include <linux/jump_label.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/ptrace.h>
#include <net/netlink.h>
#include <linux/ratelimit_types.h>
#include <linux/rcupdate.h>
#include <linux/rhashtable-types.h>
#include <linux/sched/task.h>
#include <linux/security.h>
#include <linux/types.h>
#include <linux/version.h>

#include "uapi/moat.h"

#define MOAT_VERSION	"0.1.0"

/* Set by kernel/Makefile from the kernel tree's VERSION, PATCHLEVEL, SUBLEVEL. */
#ifndef MOAT_KERNEL_RELEASE
#error "MOAT_KERNEL_RELEASE must be set by the build (kernel/Makefile)"
#endif

/*
 * The x86 syscall ABIs besides x86_64: i386 (int $0x80, 32-bit programs)
 * and x32 (numbers with __X32_SYSCALL_BIT). User-mode Linux, where the
 * KUnit tests run, has only its native ABI.
 */
#ifdef CONFIG_X86
#include <asm/unistd.h>
#define moat_in_ia32_syscall()	in_ia32_syscall()
#define MOAT_X32_SYSCALL_BIT	__X32_SYSCALL_BIT
#define MOAT_NR_IA32_SOCKETCALL	__NR_ia32_socketcall
#define MOAT_NR_IA32_SOCKET	__NR_ia32_socket
#define MOAT_NR_IA32_SOCKETPAIR	__NR_ia32_socketpair
#define MOAT_NR_IA32_DELETE_MODULE	__NR_ia32_delete_module
/* From sys_enter: the entry code then skips the syscall and returns @err. */
static inline void moat_skip_syscall(struct pt_regs *regs, int err)
{
	regs->orig_ax = -1;
	regs->ax = err;
}
#else
#define moat_in_ia32_syscall()	false
#define MOAT_X32_SYSCALL_BIT	0
#define MOAT_NR_IA32_SOCKETCALL	(-1)
#define MOAT_NR_IA32_SOCKET	(-1)
#define MOAT_NR_IA32_SOCKETPAIR	(-1)
#define MOAT_NR_IA32_DELETE_MODULE	(-1)
static inline void moat_skip_syscall(struct pt_regs *regs, int err)
{
	PT_REGS_SYSCALL_NR(regs) = -1;
	PT_REGS_SET_SYSCALL_RETURN(regs, err);
}
#endif

struct perf_event_attr;
/* perf's hook types, defined only where perf events are built */
#ifdef CONFIG_PERF_EVENTS
#define MOAT_PERF_SECURITY_OPEN	PERF_SECURITY_OPEN
#else
#define MOAT_PERF_SECURITY_OPEN	0
#endif

/* Limits on what the control plane accepts; see Documentation/netlink-abi.rst. */
#define MOAT_PROFILES_MAX	4096
#define MOAT_ATTACHMENTS_MAX	65536

/**
 * struct moat_sys_cmp - one argument comparison of a conditional rule
 * @value: operand, already truncated to @width bits
 * @mask: AND-ed with the argument before comparing; all ones except for
 *	%MOAT_CMP_MASKED_EQ
 * @index: argument index, 0..5
 * @op: &enum moat_cmp
 * @width: 32 or 64: bits of the argument that the syscall reads
 */
struct moat_sys_cmp {
	u64 value;
	u64 mask;
	u8 index;
	u8 op;
	u8 width;
};

/**
 * struct moat_sys_cond - a rule with argument comparisons
 * @first_cmp: index of its first comparison in &moat_sys_policy.cmps
 * @ncmp: number of comparisons, all of which must hold, 1..6
 * @err: errno returned when the rule matches, 0 to allow
 */
struct moat_sys_cond {
	u32 first_cmp;
	u8 ncmp;
	u16 err;
};

/**
 * struct moat_sys_entry - decision for one syscall number of one ABI
 * @first_cond: index of its first conditional rule in &moat_sys_policy.conds
 * @ncond: number of conditional rules, tried in order
 * @err: errno when no conditional rule matches (or there is none), 0 to allow
 */
struct moat_sys_entry {
	u32 first_cond;
	u16 ncond;
	u16 err;
};

/**
 * struct moat_sys_abi - one ABI's syscall table
 * @entries: decisions for numbers 0 .. @nr_entries - 1
 * @nr_entries: size of @entries
 * @enosys_from: numbers at or above this return ENOSYS (U32_MAX: none)
 * @other_err: errno for numbers in [@nr_entries, @enosys_from), 0 to allow
 */
struct moat_sys_abi {
	struct moat_sys_entry *entries;
	u32 nr_entries;
	u32 enosys_from;
	u16 other_err;
};

/**
 * struct moat_sys_policy - the syscall layer of a ruleset
 * @abi: per &enum moat_abi tables
 * @conds: all conditional rules
 * @cmps: all argument comparisons
 * @nr_rules: rules received, over all ABIs
 */
struct moat_sys_policy {
	struct moat_sys_abi abi[__MOAT_ABI_COUNT];
	struct moat_sys_cond *conds;
	struct moat_sys_cmp *cmps;
	u32 nr_rules;
};

/**
 * struct moat_dfa - the path layer's automaton (see kernel/dfa.c)
 * @nstates: states, the dead state 0 included
 * @nclasses: byte classes
 * @start: state before the first byte
 * @classmap: class of each byte
 * @trans: @nstates x @nclasses next states, row-major; all below @nstates
 * @accept: what each state grants and denies
 */
struct moat_dfa {
	u32 nstates;
	u32 nclasses;
	u32 start;
	u8 classmap[256];
	u16 *trans;
	struct moat_dfa_accept *accept;
};

/**
 * struct moat_peer_rule - one signal or ptrace rule
 * @signals: signal rules: bit n - 1 for signal n
 * @perms: MOAT_SIGNAL_* or MOAT_PTRACE_*
 * @class: &enum moat_peer_class
 * @deny: the rule denies
 * @signal_exists: signal rules: covers signal 0 (existence check)
 * @peer: the peer's label; empty for any peer
 */
struct moat_peer_rule {
	u64 signals;
	u32 perms;
	u8 class;
	bool deny;
	bool signal_exists;
	char peer[MOAT_NAME_MAX];
};

/**
 * struct moat_path_policy - the path layer of a ruleset (AppArmor's model)
 * @dfa: file rules
 * @cap_allow: capabilities granted (bit per CAP_*)
 * @cap_deny: capabilities denied
 * @net_allow: address families a socket may be created in
 * @net_deny: address families denied
 * @mount_allow: MOAT_MNT_* granted
 * @mount_deny: MOAT_MNT_* denied
 * @flags: MOAT_PATH_F_*
 * @npeers: entries in @peers
 * @peers: signal and ptrace rules
 * @size: bytes held, tables included
 * @rcu: frees the layer after a grace period once its ruleset is replaced
 */
struct moat_path_policy {
	struct moat_dfa dfa;
	u64 cap_allow;
	u64 cap_deny;
	u64 net_allow;
	u64 net_deny;
	u32 mount_allow;
	u32 mount_deny;
	u32 flags;
	u32 npeers;
	struct moat_peer_rule *peers;
	size_t size;
	struct rcu_head rcu;
};

/**
 * struct moat_label - a label: a type and a category set
 * @type: NUL-terminated type name
 * @cats: bit n for category cn
 * @rcu: frees an attachment's label after a grace period
 */
struct moat_label {
	char type[MOAT_NAME_MAX];
	DECLARE_BITMAP(cats, MOAT_LABEL_CATS);
	struct rcu_head rcu;
};

/**
 * struct moat_label_rule - subject type may use these on object type
 * @subject: subject type
 * @object: object type
 * @perms: MOAT_LABEL_*
 */
struct moat_label_rule {
	char subject[MOAT_NAME_MAX];
	char object[MOAT_NAME_MAX];
	u32 perms;
};

/**
 * struct moat_label_fs - the type of unlabelled files on one file system type
 * @fstype: file system type name (struct file_system_type's name)
 * @type: their type
 */
struct moat_label_fs {
	char fstype[MOAT_NAME_MAX];
	char type[MOAT_NAME_MAX];
};

/**
 * struct moat_label_policy - the label layer of a ruleset
 * @default_type: type of files without a label
 * @size: bytes held
 * @nfs: entries in @fs
 * @fs: per file system type defaults, before @default_type
 * @nrules: entries in @rules
 * @rules: sorted by subject, then object (one allocation with the policy)
 */
struct moat_label_policy {
	char default_type[MOAT_NAME_MAX];
	size_t size;
	u32 nfs;
	struct moat_label_fs fs[MOAT_LABEL_FS_MAX];
	u32 nrules;
	struct moat_label_rule rules[];
};

/**
 * struct moat_ruleset - immutable compiled policy of one profile version
 * @rcu: frees the ruleset after a grace period once replaced
 * @size: bytes allocated for it, tables included (one allocation)
 * @layers: MOAT_LAYER_* the profile holds
 * @sys: syscall layer, when @layers has %MOAT_LAYER_SYSCALLS
 * @path: path layer, or NULL; a separate allocation
 * @labels: label layer, or NULL; a separate allocation
 *
 * Never changed after it is published: a profile load builds a new one and
 * swaps it in with RCU.
 */
struct moat_ruleset {
	struct rcu_head rcu;
	size_t size;
	u32 layers;
	struct moat_sys_policy sys;
	struct moat_path_policy *path;
	struct moat_label_policy *labels;
};

/**
 * struct moat_profile - a named, replaceable profile
 * @node: entry in the profile list, under moat_policy_lock
 * @ruleset: current ruleset; replaced atomically, read under RCU
 * @generation: number of loads under this name, 1 for the first
 * @attachments: cgroups attached to it, under moat_policy_lock
 * @rcu: frees the profile after a grace period once removed
 * @name: NUL-terminated profile name
 */
struct moat_profile {
	struct list_head node;
	struct moat_ruleset __rcu *ruleset;
	u64 generation;
	unsigned int attachments;
	struct rcu_head rcu;
	char name[MOAT_NAME_MAX];
};

/**
 * struct moat_attachment - a cgroup v2 subtree confined by a profile
 * @hnode: entry in the attachment hash table, keyed by @cgrp
 * @cgrp: the attached cgroup; a reference is held while attached
 * @profile: the profile enforced for the subtree; read under RCU
 * @label: the subject label of the subtree's tasks, or NULL; read under RCU
 * @node: entry in the attachment list, under moat_policy_lock
 * @rcu: frees the attachment after a grace period once detached
 * @mode: &enum moat_mode; written under moat_policy_lock, read locklessly
 * @rs: rate limit of the subtree's denial reports (audit and netlink)
 * @denials: denials in the subtree since it was attached
 * @dropped: reports @rs dropped since it was attached
 * @unreported: reports dropped since the last one sent
 * @pending: 1 while an %MOAT_ATTACH_F_ON_EXEC attachment waits for the
 *	subtree's first execve: lookups pass over it until then
 */
struct moat_attachment {
	struct rhash_head hnode;
	struct cgroup *cgrp;
	struct moat_profile __rcu *profile;
	struct moat_label __rcu *label;
	struct list_head node;
	struct rcu_head rcu;
	u32 mode;
	struct ratelimit_state rs;
	atomic64_t denials;
	atomic64_t dropped;
	atomic64_t unreported;
	u32 pending;
};

/* Denial reports per attachment: at most BURST per INTERVAL (jiffies). */
#define MOAT_EVENTS_INTERVAL	(5 * HZ)
#define MOAT_EVENTS_BURST	100

/**
 * struct moat_denial - a denial, as a layer reports it to moat_deny()
 * @op: operation: "syscall", or AppArmor's name ("open", "signal", ...)
 * @profile: the profile that decided
 * @layer: the MOAT_LAYER_* that decided
 * @name: the object (a path or file name), or NULL
 * @requested: what was requested (rwalkmx letters, "send", ...), or NULL
 * @denied: what of it was refused, or NULL
 * @fields: the operation's other fields, already in the audit record's
 *	form (peer="...", capname="..."), or NULL
 * @sys_abi: syscall layer only: the &enum moat_abi of the refused syscall
 * @sys_nr: syscall layer only: its number within @sys_abi (other layers
 *	report the syscall in progress, from the task's registers)
 * @err: the negative errno the layer decided
 * @enforce: enforced whatever the current task's mode: the other task's
 *	profile decided (its receive, tracedby or readby rule), or the floor
 *	between domains did; complain mode must not widen another domain
 */
struct moat_denial {
	const char *op;
	const struct moat_profile *profile;
	u32 layer;
	const char *name;
	const char *requested;
	const char *denied;
	const char *fields;
	enum moat_abi sys_abi;
	unsigned int sys_nr;
	int err;
	bool enforce;
};

extern struct mutex moat_policy_lock;

/* profile.c */
struct moat_profile *moat_profile_find(const char *name);
int moat_profile_load(const char *name, struct moat_ruleset *rs, u32 flags,
		      struct netlink_ext_ack *extack);
int moat_profile_remove(const char *name, struct netlink_ext_ack *extack);
unsigned int moat_profile_count(void);
struct list_head *moat_profile_list(void);
void moat_profiles_free_all(void);
int moat_profile_name_valid(const char *name);

/* cgroups.c */
DECLARE_STATIC_KEY_FALSE(moat_confining);
int moat_cgroups_init(void);
void moat_cgroups_exit(void);
int moat_attach(struct cgroup *cgrp, struct moat_profile *profile,
		struct moat_label *label, u32 flags,
		struct netlink_ext_ack *extack);
int moat_detach(u64 id, struct netlink_ext_ack *extack);
int moat_set_mode(u64 id, u32 mode, struct netlink_ext_ack *extack);
void moat_prune_removed(void);
void moat_attachment_exec(void);
struct moat_attachment *moat_attachment_of(struct cgroup *cgrp);
struct moat_attachment *moat_domain_of(struct cgroup *cgrp);
struct moat_profile *moat_profile_of(struct cgroup *cgrp);
struct moat_attachment *moat_task_attachment(struct task_struct *task);
bool moat_current_confined(void);
unsigned int moat_attachment_count(void);
struct list_head *moat_attachment_list(void);
void moat_detach_all(void);

/* syscalls.c */
struct moat_ruleset *moat_ruleset_build(const struct nlattr *sys_attr,
					const struct nlattr *path_attr,
					const struct nlattr *labels_attr,
					const struct nlattr *head, int len,
					struct netlink_ext_ack *extack);
void moat_ruleset_free(struct moat_ruleset *rs);
void moat_ruleset_free_deferred(struct moat_ruleset *rs);
void moat_count_denial(void);
int moat_sys_decide(const struct moat_sys_policy *sys, enum moat_abi abi,
		    unsigned int nr, const unsigned long *args);
bool moat_sys_restricts(const struct moat_ruleset *rs, enum moat_abi abi,
			unsigned int nr);
int moat_syscall_check(struct pt_regs *regs, long id);
bool moat_syscalls_uses_kprobes(void);
int moat_syscalls_prepare(const struct moat_ruleset *rs,
			  struct netlink_ext_ack *extack);
bool moat_sys_enter_can_skip(void);
struct tracepoint *moat_sys_enter_tp(void);
int moat_syscalls_init(void);
void moat_syscalls_exit(void);
u64 moat_denials(void);
int moat_sys_denied(const struct moat_profile *profile, enum moat_abi abi,
		    unsigned int nr, int err);

/* Letters of MOAT_FILE_* (AppArmor's) and MOAT_LABEL_* bits, bit 0 first. */
#define MOAT_FILE_LETTERS	"rwalkmx"
/* read write append exec create unlink Relabel */
#define MOAT_LABEL_LETTERS	"rwaxcuR"

/*
 * moat_perm_letters() - @perms as letters into @out (strlen(@letters) + 1
 * bytes): the letter of each bit set.
 */
static inline void moat_perm_letters(u32 perms, const char *letters,
				     char *out)
{
	int i;

	for (i = 0; letters[i]; i++)
		if (perms & BIT(i))
			*out++ = letters[i];
	*out = '\0';
}

/**
 * moat_syscall_abi() - the ABI and number of a syscall, as dispatched
 * @id: the number the entry code dispatches (orig_ax); not -1
 * @nr: out: the number within the ABI (x32: without the x32 bit)
 *
 * The entry code indexes its tables with the low 32 bits of the number,
 * whatever the upper bits hold; moat classifies the same way.
 *
 * Context: the current task's syscall.
 * Return: the &enum moat_abi.
 */
static inline enum moat_abi moat_syscall_abi(long id, unsigned int *nr)
{
	if (moat_in_ia32_syscall()) {
		*nr = (u32)id;
		return MOAT_ABI_I386;
	}
	if ((u32)id & MOAT_X32_SYSCALL_BIT) {
		*nr = (u32)id - MOAT_X32_SYSCALL_BIT;
		return MOAT_ABI_X32;
	}
	*nr = (u32)id;
	return MOAT_ABI_X86_64;
}

/* events.c */
const char *moat_abi_name(unsigned int abi);
int moat_deny(const struct moat_denial *d);
u64 moat_events_dropped(void);
bool moat_complaining(const struct moat_profile *profile);
int moat_floor_denied(struct moat_attachment *att, const char *op, int err);
void moat_attachment_events_init(struct moat_attachment *att, u32 mode);

/* labels.c */
int moat_label_parse(const char *s, size_t len, struct moat_label *out);
size_t moat_label_format(const struct moat_label *label, char *buf,
			 size_t size);
struct moat_label_policy *moat_labels_build(const struct nlattr *attr,
					    const struct nlattr *head, int len,
					    struct netlink_ext_ack *extack);
void moat_labels_free(struct moat_label_policy *lp);
u32 moat_label_allowed(const struct moat_label_policy *lp,
		       const struct moat_label *subj,
		       const struct moat_label *obj, const char *fstype);
extern atomic64_t moat_label_changes;
void moat_label_cache_changed(struct inode *inode);
void moat_label_cache_put(struct inode *inode, bool labelled,
			  const struct moat_label *label, gfp_t gfp);
int moat_label_read(struct dentry *dentry, struct moat_label *out);
int moat_label_write(struct dentry *dentry, const struct moat_label *label);

struct moat_label_entry;

/**
 * struct moat_inode - moat's part of an inode's LSM security blob
 *	(built-in only; the module keeps the same entries in inode_table.c)
 * @entry: the label entry of the inode, or NULL if moat has not read it
 */
struct moat_inode {
	struct moat_label_entry __rcu *entry;
};

/*
 * inode_table.c (module) or inode_blob.c (built-in): the label cache, one
 * entry per inode whose label moat has read
 */
int moat_label_cache_init(void);
void moat_label_cache_exit(void);
int moat_label_cache_get(struct inode *inode, struct moat_label *out);
void moat_label_cache_forget(struct inode *inode);
int moat_label_cache_changing(struct inode *inode);
void moat_label_cache_fill(struct inode *inode, bool labelled,
			   const struct moat_label *label, gfp_t gfp,
			   bool check, s64 gen);
unsigned int moat_label_cache_count(void);

/* hooks_label.c: the label layer's hooks */
bool moat_current_has_labels(void);
int moat_label_file_open(struct file *file);
int moat_label_path_unlink(const struct path *dir, struct dentry *dentry);
int moat_label_create_check(const struct path *dir, struct dentry *dentry);
int moat_label_path_setattr(const struct path *path);
int moat_label_path_rename(const struct path *old_dir,
			   struct dentry *old_dentry,
			   const struct path *new_dir,
			   struct dentry *new_dentry, unsigned int flags);
int moat_label_mmap_file(struct file *file, unsigned long reqprot,
			 unsigned long prot, unsigned long flags);
int moat_label_path_chmod(const struct path *path, umode_t mode);
int moat_label_path_chown(const struct path *path, kuid_t uid, kgid_t gid);
int moat_label_file_permission(struct file *file, int mask);
int moat_label_inode_setxattr(struct user_namespace *mnt_userns,
			      struct dentry *dentry, const char *name,
			      const void *value, size_t size, int flags);
int moat_label_inode_removexattr(struct user_namespace *mnt_userns,
				 struct dentry *dentry, const char *name);
void moat_label_inode_free(struct inode *inode);
void moat_label_inode_post_setxattr(struct dentry *dentry, const char *name,
				    const void *value, size_t size, int flags);
int moat_label_inode_init_security(struct inode *inode, struct inode *dir,
				   const struct qstr *qstr, const char **name,
				   void **value, size_t *len);

/* dfa.c */
int moat_dfa_build(struct moat_dfa *dfa, struct nlattr **paths,
		   const struct nlattr *head, int len,
		   struct netlink_ext_ack *extack);
void moat_dfa_free(struct moat_dfa *dfa);
const struct moat_dfa_accept *moat_dfa_match(const struct moat_dfa *dfa,
					     const char *path);

/* paths.c */
int moat_paths_init(void);
void moat_paths_exit(void);
struct moat_path_policy *moat_path_build(const struct nlattr *attr,
					 const struct nlattr *head, int len,
					 struct netlink_ext_ack *extack);
void moat_path_free(struct moat_path_policy *pp);
void moat_path_free_deferred(struct moat_path_policy *pp);
const struct moat_path_policy *
moat_current_path(const struct moat_profile **profile);
const char *moat_task_label(struct task_struct *task,
			    const struct moat_path_policy **pp);
bool moat_peer_allowed(const struct moat_path_policy *pp, u8 class, u32 perm,
		       int sig, const char *peer);
/* moat_log_string(): bytes shown, and the buffer that holds them in hex */
#define MOAT_LOG_STRING_MAX	128
#define MOAT_LOG_STRING_BUF	(2 * MOAT_LOG_STRING_MAX + 3)
const char *moat_log_string(char *out, const char *s);
int moat_path_denied(const char *op, const struct moat_profile *profile,
		     const char *name, u32 requested, u32 denied, int err);
int moat_other_denied(const char *op, const struct moat_profile *profile,
		      u32 layer, const char *fields, int err);
int moat_path_check(const char *op, const struct path *path, u32 request,
		    kuid_t owner, bool isdir);
int moat_path_link_check(const struct path *old, const struct path *new,
			 kuid_t owner);

/* hooks_fs.c: one handler per hook, with the hook's signature */
int moat_file_open(struct file *file);
int moat_bprm_check_security(struct linux_binprm *bprm);
int moat_mmap_file(struct file *file, unsigned long reqprot,
		   unsigned long prot, unsigned long flags);
int moat_file_lock(struct file *file, unsigned int cmd);
int moat_file_mprotect(struct vm_area_struct *vma, unsigned long reqprot,
		       unsigned long prot);
int moat_file_fcntl(struct file *file, unsigned int cmd, unsigned long arg);
int moat_path_mknod(const struct path *dir, struct dentry *dentry,
		    umode_t mode, unsigned int dev);
int moat_path_mkdir(const struct path *dir, struct dentry *dentry,
		    umode_t mode);
int moat_path_rmdir(const struct path *dir, struct dentry *dentry);
int moat_path_unlink(const struct path *dir, struct dentry *dentry);
int moat_path_symlink(const struct path *dir, struct dentry *dentry,
		      const char *old_name);
int moat_path_link(struct dentry *old_dentry, const struct path *new_dir,
		   struct dentry *new_dentry);
int moat_path_rename(const struct path *old_dir, struct dentry *old_dentry,
		     const struct path *new_dir, struct dentry *new_dentry,
		     unsigned int flags);
int moat_path_truncate(const struct path *path);
int moat_path_chmod(const struct path *path, umode_t mode);
int moat_path_chown(const struct path *path, kuid_t uid, kgid_t gid);
int moat_sb_mount(const char *dev_name, const struct path *path,
		  const char *type, unsigned long flags, void *data);
int moat_sb_umount(struct vfsmount *mnt, int flags);
int moat_sb_pivotroot(const struct path *old_path,
		      const struct path *new_path);
int moat_move_mount(const struct path *from_path, const struct path *to_path);

/* hooks_task.c: one handler per hook, with the hook's signature */
int moat_ptrace_access_check(struct task_struct *child, unsigned int mode);
int moat_ptrace_traceme(struct task_struct *parent);
int moat_task_setnice(struct task_struct *p, int nice);
int moat_task_setioprio(struct task_struct *p, int ioprio);
int moat_task_setscheduler(struct task_struct *p);
int moat_task_movememory(struct task_struct *p);
bool moat_same_domain(struct task_struct *p);
int moat_task_kill(struct task_struct *p, struct kernel_siginfo *info,
		   int sig, const struct cred *cred);
int moat_capable(const struct cred *cred, struct user_namespace *ns,
		 int cap, unsigned int opts);
int moat_cgroup_attach_check(struct cgroup *dst, struct task_struct *leader);
int moat_cgroup_fork_check(struct kernel_clone_args *kargs);
int moat_cgroup_file_permission(struct file *file, int mask);
int moat_cgroup_inode_permission(struct inode *inode, int mask);
int moat_perf_event_open(struct perf_event_attr *attr, int type);

/* hooks_net.c */
int moat_socket_create(int family, int type, int protocol, int kern);

/*
 * attach_kprobe.c (module: the hooks above bound by kprobes) or
 * attach_lsm.c (built-in: DEFINE_LSM)
 */
extern struct lsm_blob_sizes moat_blob_sizes;
const char *moat_attach_mode(void);
char *moat_absolute_path(const struct path *path, char *buf, int buflen);
int moat_hooks_init(void);
void moat_hooks_exit(void);
int moat_hooks_selftest(void);
u64 moat_hooks_missed(void);

/* attach_kprobe.c and syscall_kprobe.c: the module's syscall layer */
#ifdef MODULE
struct kprobe;
int moat_kprobe_veto(struct pt_regs *regs, int err);
void moat_kprobe_post(struct kprobe *p, struct pt_regs *regs,
		      unsigned long flags);
int moat_sys_kprobes_need(const struct moat_ruleset *rs,
			  struct netlink_ext_ack *extack);
void moat_sys_kprobes_exit(void);
u64 moat_sys_kprobes_missed(void);
unsigned int moat_sys_kprobes_count(void);
#else
static inline int moat_sys_kprobes_need(const struct moat_ruleset *rs,
					struct netlink_ext_ack *extack)
{
	return -EOPNOTSUPP;
}

static inline void moat_sys_kprobes_exit(void)
{
}

static inline unsigned int moat_sys_kprobes_count(void)
{
	return 0;
}
#endif

/*
 * failsafe.c (module only: the built-in LSM's hooks cannot be switched
 * off, and it enforces the syscall layer from sys_enter)
 */
#ifdef MODULE
int moat_failsafe_init(void);
void moat_failsafe_exit(void);
bool moat_failsafe_active(void);
#else
static inline int moat_failsafe_init(void)
{
	return 0;
}

static inline void moat_failsafe_exit(void)
{
}

static inline bool moat_failsafe_active(void)
{
	return false;
}
#endif

/* netlink.c */
extern const struct nla_policy moat_sys_policy[MOAT_SYS_A_MAX + 1];
extern const struct nla_policy moat_abi_policy[MOAT_ABI_A_MAX + 1];
extern const struct nla_policy moat_rule_policy[MOAT_RULE_A_MAX + 1];
extern const struct nla_policy moat_arg_policy[MOAT_ARG_A_MAX + 1];
extern const struct nla_policy moat_path_policy[MOAT_PATH_A_MAX + 1];
extern const struct nla_policy moat_peer_policy[MOAT_PEER_A_MAX + 1];
extern const struct nla_policy moat_labels_policy[MOAT_LABELS_A_MAX + 1];
extern const struct nla_policy moat_lrule_policy[MOAT_LRULE_A_MAX + 1];
extern const struct nla_policy moat_lfs_policy[MOAT_LFS_A_MAX + 1];
extern const struct nla_policy moat_load_policy[MOAT_A_MAX + 1];
void moat_netlink_event(const struct moat_denial *d, u64 cgroup_id,
			bool complain, enum moat_abi abi, int nr, u64 dropped);
int moat_netlink_init(void);
void moat_netlink_exit(void);

#endif /* _SECURITY_MOAT_MOAT_H */
