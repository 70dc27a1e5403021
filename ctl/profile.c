// SPDX-License-Identifier: GPL-2.0
/*
 * moatctl - the flat profile: storage, and what it decides
 *
 * sys_decide() states the kernel's decision rule (kernel/syscalls.c,
 * moat_sys_decide()) over the flat form, so that a profile can be shown and
 * tested without a kernel: ENOSYS at or above ENOSYS_FROM; else the
 * unconditional rule of the syscall; else its conditional rules in order,
 * then the default; an ABI the profile leaves out answers EPERM.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <libgen.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <seccomp.h>

#include "profile.h"

static const char *const abi_names[__MOAT_ABI_COUNT] = {
	[MOAT_ABI_X86_64] = "x86_64",
	[MOAT_ABI_I386] = "i386",
	[MOAT_ABI_X32] = "x32",
};

const char *abi_name(enum moat_abi abi)
{
	return abi < __MOAT_ABI_COUNT ? abi_names[abi] : "?";
}

char *profile_name_from_file(const char *file)
{
	char *copy = strdup(file), *base, *dot, *name;

	if (!copy)
		return NULL;
	base = basename(copy);
	dot = strrchr(base, '.');
	if (dot && dot != base)
		*dot = '\0';
	name = strdup(base);
	free(copy);
	return name;
}

char *syscall_name(enum moat_abi abi, uint32_t nr)
{
	static const uint32_t arch[__MOAT_ABI_COUNT] = {
		[MOAT_ABI_X86_64] = SCMP_ARCH_X86_64,
		[MOAT_ABI_I386] = SCMP_ARCH_X86,
		[MOAT_ABI_X32] = SCMP_ARCH_X32,
	};

	if (abi >= __MOAT_ABI_COUNT || nr >= MOAT_SYS_NR_MAX)
		return NULL;
	/* libseccomp numbers x32 syscalls with the x32 bit */
	return seccomp_syscall_resolve_num_arch(arch[abi],
		abi == MOAT_ABI_X32 ? (int)(nr | 0x40000000U) : (int)nr);
}

int abi_from_name(const char *name)
{
	int abi;

	for (abi = 0; abi < __MOAT_ABI_COUNT; abi++)
		if (!strcmp(abi_names[abi], name))
			return abi;
	return -1;
}

void sys_profile_free(struct sys_profile *p)
{
	int abi;

	for (abi = 0; abi < __MOAT_ABI_COUNT; abi++) {
		free(p->abi[abi].rules);
		p->abi[abi].rules = NULL;
		p->abi[abi].nrules = 0;
		p->abi[abi].cap = 0;
	}
}

struct sys_rule *sys_abi_add(struct sys_abi *abi)
{
	struct sys_rule *r;

	if (abi->nrules == abi->cap) {
		size_t cap = abi->cap ? abi->cap * 2 : 256;

		r = realloc(abi->rules, cap * sizeof(*r));
		if (!r)
			return NULL;
		abi->rules = r;
		abi->cap = cap;
	}
	r = &abi->rules[abi->nrules++];
	memset(r, 0, sizeof(*r));
	return r;
}

void sys_decide(const struct sys_profile *p, enum moat_abi abi, uint32_t nr,
		struct sys_decision *d)
{
	const struct sys_abi *t = &p->abi[abi];
	size_t i;

	memset(d, 0, sizeof(*d));
	if (!t->present) {
		d->err = EPERM;
		return;
	}
	if (t->enosys_from && nr >= t->enosys_from) {
		d->enosys = true;
		d->err = ENOSYS;
		return;
	}
	d->err = p->default_action == MOAT_ACT_ERRNO ? p->default_err : 0;
	for (i = 0; i < t->nrules; i++) {
		const struct sys_rule *r = &t->rules[i];

		if (r->nr != nr)
			continue;
		if (!r->ncmp) {
			d->err = r->action == MOAT_ACT_ERRNO ? r->err : 0;
			d->ncond = 0;
			return;
		}
		if (d->ncond < sizeof(d->cond) / sizeof(d->cond[0]))
			d->cond[d->ncond++] = r;
	}
}

static int cmp_match(const struct sys_cmp *c, uint64_t arg)
{
	if (c->width == 32)
		arg &= 0xffffffffULL;
	switch (c->op) {
	case MOAT_CMP_NE: return arg != c->value;
	case MOAT_CMP_LT: return arg < c->value;
	case MOAT_CMP_LE: return arg <= c->value;
	case MOAT_CMP_EQ: return arg == c->value;
	case MOAT_CMP_GE: return arg >= c->value;
	case MOAT_CMP_GT: return arg > c->value;
	case MOAT_CMP_MASKED_EQ: return (arg & c->mask) == c->value;
	}
	return 0;
}

/* The errno (0: allow) for one call with its arguments. */
int sys_decide_args(const struct sys_profile *p, enum moat_abi abi,
		    uint32_t nr, const uint64_t args[6])
{
	struct sys_decision d;
	size_t i, j;

	sys_decide(p, abi, nr, &d);
	for (i = 0; i < d.ncond; i++) {
		const struct sys_rule *r = d.cond[i];

		for (j = 0; j < r->ncmp; j++) {
			uint64_t a = args[r->cmp[j].index];

			if (abi == MOAT_ABI_I386)
				a &= 0xffffffffULL;
			if (!cmp_match(&r->cmp[j], a))
				break;
		}
		if (j == r->ncmp)
			return r->action == MOAT_ACT_ERRNO ? r->err : 0;
	}
	return d.err;
}

static void append(char **buf, size_t *len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void append(char **buf, size_t *len, const char *fmt, ...)
{
	va_list ap;
	char *s = NULL;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (n < 0 || !*buf)
		goto out;
	{
		char *grown = realloc(*buf, *len + n + 1);

		if (!grown) {
			free(*buf);
			*buf = NULL;
			goto out;
		}
		*buf = grown;
		memcpy(*buf + *len, s, n + 1);
		*len += n;
	}
out:
	free(s);
}

static const char *op_str(uint8_t op)
{
	static const char *const s[] = {
		[MOAT_CMP_NE] = "!=", [MOAT_CMP_LT] = "<", [MOAT_CMP_LE] = "<=",
		[MOAT_CMP_EQ] = "==", [MOAT_CMP_GE] = ">=", [MOAT_CMP_GT] = ">",
	};

	return op < MOAT_CMP_MASKED_EQ ? s[op] : "?";
}

/*
 * Renders a decision the way docker-default-x86_64-expected.tsv spells it:
 * ALLOW, ERRNO(1), or ARGS(ALLOW if arg0 == 8 | ... | else ERRNO(1 EPERM)).
 */
char *sys_decision_str(const struct sys_decision *d)
{
	char *buf = strdup("");
	size_t len = 0, i, j;

	if (!d->ncond) {
		if (d->err)
			append(&buf, &len, "ERRNO(%u)", d->err);
		else
			append(&buf, &len, "ALLOW");
		return buf;
	}
	append(&buf, &len, "ARGS(");
	for (i = 0; i < d->ncond; i++) {
		const struct sys_rule *r = d->cond[i];

		if (r->action == MOAT_ACT_ERRNO)
			append(&buf, &len, "ERRNO(%u) if ", r->err);
		else
			append(&buf, &len, "ALLOW if ");
		for (j = 0; j < r->ncmp; j++) {
			const struct sys_cmp *c = &r->cmp[j];

			if (j)
				append(&buf, &len, " && ");
			if (c->op == MOAT_CMP_MASKED_EQ)
				append(&buf, &len, "(arg%u & 0x%llx) == 0x%llx",
				       c->index, (unsigned long long)c->mask,
				       (unsigned long long)c->value);
			else
				append(&buf, &len, "arg%u %s %llu", c->index,
				       op_str(c->op), (unsigned long long)c->value);
		}
		append(&buf, &len, " | ");
	}
	if (d->err)
		append(&buf, &len, "else ERRNO(%u %s))", d->err,
		       strerrorname_np(d->err) ? strerrorname_np(d->err) : "?");
	else
		append(&buf, &len, "else ALLOW)");
	return buf;
}
