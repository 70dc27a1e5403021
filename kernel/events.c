// SPDX-License-Identifier: GPL-2.0
/*
 * moat - denial reports: the count, the audit record, the netlink event,
 * and the attachment's mode
 *
 * Every layer reports a denial through moat_deny(), which decides what the
 * denial does: in enforce mode the operation fails with the errno the
 * layer chose; in complain mode (AppArmor's word) it goes on, and the
 * report says it would have been denied. Either way the denial is counted
 * (globally and per attachment) and, within the attachment's rate limit,
 * becomes
 *
 *  - an audit record of type AVC (1400, as SELinux and the LSM common
 *    audit code use), in AppArmor's field names, so that the greps users
 *    already have work:
 *    moat="DENIED" operation="open" profile="docker-default" cgroup=4242
 *    name="/proc/sys/kernel/hostname" requested="w" denied="w" abi=x86_64
 *    syscall=257 error=-13 pid=77 comm="sh"
 *    (moat="ALLOWED" in complain mode, as AppArmor writes). Without audit
 *    (audit=0, or CONFIG_AUDIT off) the same line goes to the kernel log;
 *  - a %MOAT_CMD_EVENT message multicast to the "events" group, which
 *    moatctl monitor prints.
 *
 * What the rate limit drops is counted per attachment, reported by the
 * attachment dump and carried by the next event that gets through
 * (dropped=N): never hidden.
 */

#define pr_fmt(fmt) "moat: " fmt

#include <linux/audit.h>
#include <linux/ratelimit.h>
#include <linux/sched.h>
#include <linux/sched/task_stack.h>
#include <linux/slab.h>
#include <asm/syscall.h>

#include "moat.h"

static const char *const moat_abi_names[__MOAT_ABI_COUNT] = {
	[MOAT_ABI_X86_64] = "x86_64",
	[MOAT_ABI_I386] = "i386",
	[MOAT_ABI_X32] = "x32",
};

/* A denial no attachment matches (a race with detach): a shared limit. */
static DEFINE_RATELIMIT_STATE(moat_orphan_rs, MOAT_EVENTS_INTERVAL,
			      MOAT_EVENTS_BURST);

/* Reports dropped by any rate limit since load, orphans included. */
static atomic64_t moat_reports_dropped = ATOMIC64_INIT(0);

/**
 * moat_events_dropped() - denial reports the rate limits dropped
 *
 * Context: any context.
 * Return: reports dropped since the module was loaded (or since boot,
 *	built in), over every attachment, detached ones included.
 */
u64 moat_events_dropped(void)
{
	return atomic64_read(&moat_reports_dropped);
}

/**
 * moat_abi_name() - the name moat gives an ABI in logs and events
 * @abi: &enum moat_abi
 *
 * Context: any context.
 * Return: "x86_64", "i386", "x32", or "?" when @abi is out of range.
 */
const char *moat_abi_name(unsigned int abi)
{
	return abi < __MOAT_ABI_COUNT ? moat_abi_names[abi] : "?";
}

/* The syscall the current task is in, classified as moat_syscall_check() does. */
static void moat_current_syscall(enum moat_abi *abi, int *nr)
{
	unsigned int n;
	long id;

	*abi = MOAT_ABI_X86_64;
	*nr = -1;
	if (current->flags & PF_KTHREAD)
		return;
	id = syscall_get_nr(current, task_pt_regs(current));
	if (id < 0)
		return;
	*abi = moat_syscall_abi(id, &n);
	*nr = n;
}

/*
 * One line, written to an audit record or, without audit, to a buffer for
 * the kernel log.
 */
struct moat_line {
	struct audit_buffer *ab;
	char *buf;
	size_t len;
};

#define MOAT_LINE_MAX	1024

/* Already formatted text (the layer's own fields), as it is. */
static void moat_line_raw(struct moat_line *l, const char *s)
{
	if (l->ab)
		audit_log_format(l->ab, " %s", s);
	else
		l->len += scnprintf(l->buf + l->len, MOAT_LINE_MAX - l->len,
				    " %s", s);
}

/* Fields other than untrusted strings: short, formatted here first. */
static __printf(2, 3) void moat_line_add(struct moat_line *l,
					 const char *fmt, ...)
{
	char piece[2 * MOAT_NAME_MAX + 128];
	va_list args;

	va_start(args, fmt);
	vscnprintf(piece, sizeof(piece), fmt, args);
	va_end(args);
	if (l->ab)
		audit_log_format(l->ab, "%s", piece);
	else
		l->len += scnprintf(l->buf + l->len, MOAT_LINE_MAX - l->len,
				    "%s", piece);
}

/*
 * An untrusted string, quoted or in hex as moat_log_string() decides; in
 * the audit record at full length, in the kernel log cut as it cuts.
 */
static void moat_line_string(struct moat_line *l, const char *key,
			     const char *s)
{
	char buf[MOAT_LOG_STRING_BUF];
	size_t i, n, len;

	if (!l->ab) {
		moat_line_add(l, " %s=%s", key, moat_log_string(buf, s));
		return;
	}
	len = strlen(s);
	for (i = 0; i < len; i++)
		if (s[i] <= 0x20 || s[i] >= 0x7f || s[i] == '"')
			break;
	if (i == len) {
		audit_log_format(l->ab, " %s=\"%s\"", key, s);
		return;
	}
	audit_log_format(l->ab, " %s=", key);
	for (i = 0; i < len; i += n) {
		n = min_t(size_t, len - i, MOAT_LOG_STRING_MAX);
		bin2hex(buf, s + i, n);
		buf[2 * n] = '\0';
		audit_log_format(l->ab, "%s", buf);
	}
}

static void moat_audit(const struct moat_denial *d, u64 cgroup_id,
		       bool complain, enum moat_abi abi, int nr, u64 dropped)
{
	struct moat_line l = { };

	l.ab = audit_log_start(audit_context(), GFP_ATOMIC | __GFP_NOWARN,
			       AUDIT_AVC);
	if (!l.ab) {
		l.buf = kmalloc(MOAT_LINE_MAX, GFP_ATOMIC | __GFP_NOWARN);
		if (!l.buf)
			return;
		l.buf[0] = '\0';
	}
	moat_line_add(&l, "moat=\"%s\" operation=\"%s\" profile=\"%s\" cgroup=%llu",
		      complain ? "ALLOWED" : "DENIED", d->op, d->profile->name,
		      cgroup_id);
	if (d->name)
		moat_line_string(&l, "name", d->name);
	if (d->requested)
		moat_line_add(&l, " requested=\"%s\"", d->requested);
	if (d->denied)
		moat_line_add(&l, " denied=\"%s\"", d->denied);
	if (d->fields && *d->fields)
		moat_line_raw(&l, d->fields);
	moat_line_add(&l, " abi=%s syscall=%d error=%d pid=%d",
		      moat_abi_name(abi), nr, d->err, task_tgid_nr(current));
	moat_line_string(&l, "comm", current->comm);
	if (dropped)
		moat_line_add(&l, " dropped=%llu", dropped);
	if (l.ab) {
		audit_log_end(l.ab);
	} else {
		pr_notice("%s\n", l.buf);
		kfree(l.buf);
	}
}

/**
 * moat_deny() - report a denial and decide what it does
 * @d: the denial; @d->profile must be the profile the current task's
 *	attachment enforced when the layer decided
 *
 * Counts the denial, and, unless the attachment's rate limit (at most
 * %MOAT_EVENTS_BURST reports per %MOAT_EVENTS_INTERVAL) drops it, writes
 * the audit record and sends the netlink event. The mode is the current
 * task's attachment's: when that attachment no longer holds @d->profile
 * (it was replaced or detached meanwhile), the denial is enforced, as
 * is one that another task's profile decided (@d->enforce).
 *
 * Context: any context the hooks run in; RCU read side, which keeps
 * @d->profile and the attachment alive; does not sleep (GFP_ATOMIC).
 * Return: @d->err in enforce mode, 0 in complain mode.
 */
int moat_deny(const struct moat_denial *d)
{
	struct moat_attachment *att;
	bool complain = false, report;
	u64 dropped = 0, id = 0;
	enum moat_abi abi;
	int nr;

	moat_count_denial();
	att = moat_task_attachment(current);
	if (att && rcu_access_pointer(att->profile) != d->profile)
		att = NULL;
	if (att) {
		id = cgroup_id(att->cgrp);
		complain = !d->enforce &&
			   READ_ONCE(att->mode) == MOAT_MODE_COMPLAIN;
		atomic64_inc(&att->denials);
		report = __ratelimit(&att->rs);
		if (report) {
			dropped = atomic64_xchg(&att->unreported, 0);
		} else {
			atomic64_inc(&att->dropped);
			atomic64_inc(&att->unreported);
		}
	} else {
		report = __ratelimit(&moat_orphan_rs);
	}
	if (!report) {
		atomic64_inc(&moat_reports_dropped);
		return complain ? 0 : d->err;
	}

	if (d->layer == MOAT_LAYER_SYSCALLS) {
		abi = d->sys_abi;
		nr = d->sys_nr;
	} else {
		moat_current_syscall(&abi, &nr);
	}
	moat_audit(d, id, complain, abi, nr, dropped);
	moat_netlink_event(d, id, complain, abi, nr, dropped);
	return complain ? 0 : d->err;
}

/**
 * moat_floor_denied() - report a denial by the floor between domains
 * @att: the current task's attachment
 * @op: the operation ("ptrace", "cgroup", "clone", "perf_event_open",
 *	"delete_module")
 * @err: the negative errno returned
 *
 * The floor (a confined task reaches no task or cgroup outside its
 * attachment's domain) is no profile's rule: it holds in complain mode too.
 *
 * Context: RCU read side, which keeps @att alive.
 * Return: @err.
 */
int moat_floor_denied(struct moat_attachment *att, const char *op, int err)
{
	const struct moat_denial d = {
		.op = op,
		.profile = rcu_dereference(att->profile),
		.layer = 0,
		.fields = "info=\"outside the attachment's domain\"",
		.err = err,
		.enforce = true,
	};

	return moat_deny(&d);
}

/**
 * moat_complaining() - whether the current task's denials are only reported
 * @profile: the profile the current task's attachment enforced when the
 *	layer decided
 *
 * For checks that are not reported (a capability probe with
 * CAP_OPT_NOAUDIT) but must follow the mode all the same.
 *
 * Context: RCU read side.
 * Return: true if the current task's attachment holds @profile in complain
 *	mode.
 */
bool moat_complaining(const struct moat_profile *profile)
{
	struct moat_attachment *att = moat_task_attachment(current);

	return att && rcu_access_pointer(att->profile) == profile &&
	       READ_ONCE(att->mode) == MOAT_MODE_COMPLAIN;
}

/**
 * moat_attachment_events_init() - set up an attachment's report state
 * @att: a new attachment, not yet visible to lookups
 * @mode: its &enum moat_mode
 *
 * Context: any context.
 */
void moat_attachment_events_init(struct moat_attachment *att, u32 mode)
{
	att->mode = mode;
	ratelimit_state_init(&att->rs, MOAT_EVENTS_INTERVAL, MOAT_EVENTS_BURST);
	/* what the limit drops is counted here, not printed by ___ratelimit() */
	ratelimit_set_flags(&att->rs, RATELIMIT_MSG_ON_RELEASE);
	atomic64_set(&att->denials, 0);
	atomic64_set(&att->dropped, 0);
	atomic64_set(&att->unreported, 0);
}
