// SPDX-License-Identifier: GPL-2.0
/*
 * moatctl - compare two compiled profiles by what they decide
 *
 * The syscall layer: sys_decide() on both, for every ABI and every number
 * below MOAT_SYS_NR_MAX, compared as sys_decision_str() renders them
 * (so argument rules, errnos and the ENOSYS stub all count).
 *
 * The path layer: two automata accept the same names with the same grants
 * if and only if every pair of states that one name reaches in both grants
 * the same. The pairs are walked breadth first from the two start states
 * over the bytes (NUL excluded: a name never holds one), one byte standing
 * for all bytes both byte->class maps treat alike, so each differing pair
 * comes with a shortest name that reaches it. States are never compared by
 * number: adding a rule may renumber or split them.
 */

#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <seccomp.h>
#include <sys/capability.h>

#include "policy_diff.h"

#define X32_BIT 0x40000000U

uint32_t sys_scmp_arch(enum moat_abi abi)
{
	switch (abi) {
	case MOAT_ABI_I386:
		return SCMP_ARCH_X86;
	case MOAT_ABI_X32:
		return SCMP_ARCH_X32;
	default:
		return SCMP_ARCH_X86_64;
	}
}

char *sys_name(enum moat_abi abi, uint32_t nr)
{
	return seccomp_syscall_resolve_num_arch(sys_scmp_arch(abi),
		abi == MOAT_ABI_X32 ? (int)(nr | X32_BIT) : (int)nr);
}

/* 2 allows, 1 depends on the arguments, 0 refuses */
static int allow_rank(const struct sys_decision *d)
{
	if (d->ncond)
		return 1;
	return d->err ? 0 : 2;
}

struct sys_run {
	bool open;
	uint32_t first, last;
	char *a, *b;
	char sign;
};

static void run_flush(struct sys_run *r, enum moat_abi abi, sys_diff_fn fn,
		      void *arg)
{
	struct sys_diff_entry e = {
		.abi = abi, .nr = r->first, .nr_last = r->last,
		.a = r->a, .b = r->b, .sign = r->sign,
	};

	if (!r->open)
		return;
	if (fn)
		fn(&e, arg);
	free(r->a);
	free(r->b);
	memset(r, 0, sizeof(*r));
}

long sys_profile_diff(const struct sys_profile *a, const struct sys_profile *b,
		      sys_diff_fn fn, void *arg)
{
	long count = 0;
	int abi;

	for (abi = 0; abi < __MOAT_ABI_COUNT; abi++) {
		struct sys_run run = { 0 };
		uint32_t nr;

		if (a->abi[abi].present != b->abi[abi].present) {
			struct sys_diff_entry e = {
				.abi = abi, .abi_only = true,
				.a = a->abi[abi].present ? "present" : "absent",
				.b = b->abi[abi].present ? "present" : "absent",
				.sign = b->abi[abi].present ? '+' : '-',
			};

			if (fn)
				fn(&e, arg);
			count++;
			continue;
		}
		if (!a->abi[abi].present)
			continue;
		for (nr = 0; nr < MOAT_SYS_NR_MAX; nr++) {
			struct sys_decision da, db;
			char *sa, *sb, *name, sign;
			int ra, rb;

			sys_decide(a, abi, nr, &da);
			sys_decide(b, abi, nr, &db);
			sa = sys_decision_str(&da);
			sb = sys_decision_str(&db);
			if (!sa || !sb) {
				free(sa);
				free(sb);
				run_flush(&run, abi, NULL, NULL);
				return -1;
			}
			if (!strcmp(sa, sb)) {
				free(sa);
				free(sb);
				run_flush(&run, abi, fn, arg);
				continue;
			}
			count++;
			ra = allow_rank(&da);
			rb = allow_rank(&db);
			sign = rb > ra ? '+' : rb < ra ? '-' : '~';
			name = sys_name(abi, nr);
			if (name) {
				struct sys_diff_entry e = {
					.abi = abi, .nr = nr, .nr_last = nr,
					.name = name, .a = sa, .b = sb,
					.sign = sign,
				};

				run_flush(&run, abi, fn, arg);
				if (fn)
					fn(&e, arg);
				free(name);
				free(sa);
				free(sb);
				continue;
			}
			if (run.open && run.last + 1 == nr &&
			    !strcmp(run.a, sa) && !strcmp(run.b, sb)) {
				run.last = nr;
				free(sa);
				free(sb);
				continue;
			}
			run_flush(&run, abi, fn, arg);
			run = (struct sys_run){
				.open = true, .first = nr, .last = nr,
				.a = sa, .b = sb, .sign = sign,
			};
		}
		run_flush(&run, abi, fn, arg);
	}
	return count;
}

void sys_diff_print(const struct sys_diff_entry *e, void *file)
{
	FILE *f = file;

	if (e->abi_only) {
		fprintf(f, "%c %s: ABI %s in A, %s in B (absent: every syscall ERRNO(1))\n",
			e->sign, abi_name(e->abi), e->a, e->b);
		return;
	}
	if (e->name)
		fprintf(f, "%c %s %u %s: %s -> %s\n", e->sign, abi_name(e->abi),
			e->nr, e->name, e->a, e->b);
	else if (e->nr == e->nr_last)
		fprintf(f, "%c %s %u (no syscall): %s -> %s\n", e->sign,
			abi_name(e->abi), e->nr, e->a, e->b);
	else
		fprintf(f, "%c %s %u-%u (no syscalls): %s -> %s\n", e->sign,
			abi_name(e->abi), e->nr, e->nr_last, e->a, e->b);
}

/* ---- the path layer ------------------------------------------------------ */

void dfa_state_grants(const struct dfa *d, uint32_t s, uint32_t *g,
		      uint32_t *g_owner)
{
	const struct moat_dfa_accept *a;

	if (!d->accept || s >= d->nstates) {
		*g = *g_owner = 0;
		return;
	}
	a = &d->accept[s];
	*g = a->allow & ~a->deny;
	*g_owner = (a->allow | a->allow_owner) & ~(a->deny | a->deny_owner);
}

void file_perms_str(uint32_t perms, char *buf)
{
	static const char letters[] = "rwalkmx";
	char *p = buf;
	int i;

	for (i = 0; letters[i]; i++)
		if (perms & (1U << i))
			*p++ = letters[i];
	if (p == buf)
		*p++ = '-';
	*p = '\0';
}

int file_perms_parse(const char *s, uint32_t *perms)
{
	static const char letters[] = "rwalkmx";
	const char *l;

	*perms = 0;
	for (; *s; s++) {
		l = strchr(letters, *s);
		if (!l)
			return -1;
		*perms |= 1U << (l - letters);
	}
	return 0;
}

void path_print(FILE *f, const char *s, size_t len)
{
	bool plain = len > 0;
	size_t i;

	for (i = 0; i < len; i++)
		if ((unsigned char)s[i] <= 0x20 || (unsigned char)s[i] >= 0x7f ||
		    s[i] == '"' || s[i] == '\\')
			plain = false;
	if (plain) {
		fwrite(s, 1, len, f);
		return;
	}
	fputc('"', f);
	for (i = 0; i < len; i++) {
		unsigned char c = s[i];

		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c < 0x20 || c >= 0x7f)
			fprintf(f, "\\x%02x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

struct pnode {
	uint32_t sa, sb, pos;
	uint32_t parent;	/* UINT32_MAX: the start */
	uint32_t depth;
	unsigned char byte;
	bool reported;
};

struct pwalk {
	struct pnode *nodes;
	size_t n, cap;
	uint64_t *keys;		/* open addressing; 0: empty (keys are +1) */
	uint32_t *vals;
	size_t hcap;
};

static uint64_t pkey(uint32_t sa, uint32_t sb, uint32_t pos)
{
	return ((uint64_t)pos << 32 | (uint64_t)sb << 16 | sa) + 1;
}

static size_t phash(uint64_t k, size_t cap)
{
	k ^= k >> 33;
	k *= 0xff51afd7ed558ccdULL;
	k ^= k >> 33;
	return k & (cap - 1);
}

static int pgrow(struct pwalk *w)
{
	size_t ncap = w->hcap ? w->hcap * 2 : 4096, i;
	uint64_t *keys = calloc(ncap, sizeof(*keys));
	uint32_t *vals = calloc(ncap, sizeof(*vals));

	if (!keys || !vals) {
		free(keys);
		free(vals);
		return -1;
	}
	for (i = 0; i < w->hcap; i++) {
		size_t h;

		if (!w->keys[i])
			continue;
		for (h = phash(w->keys[i], ncap); keys[h]; h = (h + 1) & (ncap - 1))
			;
		keys[h] = w->keys[i];
		vals[h] = w->vals[i];
	}
	free(w->keys);
	free(w->vals);
	w->keys = keys;
	w->vals = vals;
	w->hcap = ncap;
	return 0;
}

/* Adds the node unless known; returns 0, or -1 (no memory). */
static int padd(struct pwalk *w, const struct pnode *nd)
{
	uint64_t k = pkey(nd->sa, nd->sb, nd->pos);
	size_t h;

	if ((w->n + 1) * 2 > w->hcap && pgrow(w))
		return -1;
	for (h = phash(k, w->hcap); w->keys[h]; h = (h + 1) & (w->hcap - 1))
		if (w->keys[h] == k)
			return 0;
	if (w->n == w->cap) {
		size_t ncap = w->cap ? w->cap * 2 : 1024;
		struct pnode *grown = realloc(w->nodes, ncap * sizeof(*grown));

		if (!grown)
			return -1;
		w->nodes = grown;
		w->cap = ncap;
	}
	w->keys[h] = k;
	w->vals[h] = w->n;
	w->nodes[w->n++] = *nd;
	return 0;
}

/* Bytes in the order their names read best: one stands for its class. */
static void nice_order(unsigned char order[255])
{
	static const char first[] =
		"abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ/._-";
	bool used[256] = { false };
	size_t n = 0;
	int c;

	for (c = 0; first[c]; c++) {
		order[n++] = first[c];
		used[(unsigned char)first[c]] = true;
	}
	for (c = 0x21; c < 0x7f; c++)
		if (!used[c])
			order[n++] = c, used[c] = true;
	for (c = 1; c < 256; c++)
		if (!used[c])
			order[n++] = c;
}

static bool same_change(const struct dfa *a, const struct dfa *b,
			const struct pnode *x, const struct pnode *y)
{
	uint32_t g[4], h[4];

	dfa_state_grants(a, x->sa, &g[0], &g[1]);
	dfa_state_grants(b, x->sb, &g[2], &g[3]);
	dfa_state_grants(a, y->sa, &h[0], &h[1]);
	dfa_state_grants(b, y->sb, &h[2], &h[3]);
	return !memcmp(g, h, sizeof(g));
}

long path_dfa_diff(const struct dfa *a, const struct dfa *b,
		   const char *literal, bool dedupe, path_diff_fn fn,
		   void *arg, size_t *suppressed)
{
	size_t lit_len = literal ? strlen(literal) : 0, i, nclass = 0;
	uint32_t off = lit_len + 1;
	unsigned char order[255], rep[255];
	uint32_t ckey[255];
	struct pwalk w = { 0 };
	char *witness = NULL;
	long count = -1;

	if (!a->trans || !b->trans)
		return -1;
	/* one byte per (class in a, class in b, byte of the literal or not) */
	nice_order(order);
	for (i = 0; i < 255; i++) {
		unsigned char c = order[i];
		uint32_t k = a->classmap[c] | (uint32_t)b->classmap[c] << 9;
		size_t j;

		if (literal && memchr(literal, c, lit_len))
			k |= (uint32_t)(c + 1) << 18;
		for (j = 0; j < nclass; j++)
			if (ckey[j] == k)
				break;
		if (j == nclass) {
			ckey[nclass] = k;
			rep[nclass++] = c;
		}
	}
	if (padd(&w, &(struct pnode){ .sa = a->start, .sb = b->start,
				      .pos = literal ? 0 : off,
				      .parent = UINT32_MAX }))
		goto out;
	count = 0;
	for (i = 0; i < w.n; i++) {
		struct pnode nd = w.nodes[i];
		uint32_t ga, gao, gb, gbo;
		size_t j;

		dfa_state_grants(a, nd.sa, &ga, &gao);
		dfa_state_grants(b, nd.sb, &gb, &gbo);
		if ((ga != gb || gao != gbo) && i) {
			bool skip = false;
			uint32_t p;

			count++;
			if (dedupe) {
				for (p = nd.parent; p != UINT32_MAX; p = w.nodes[p].parent)
					if (w.nodes[p].reported &&
					    same_change(a, b, &w.nodes[p], &nd)) {
						skip = true;
						break;
					}
			}
			if (skip) {
				if (suppressed)
					(*suppressed)++;
			} else {
				struct path_diff_entry e = {
					.len = nd.depth,
					.a = ga, .a_owner = gao,
					.b = gb, .b_owner = gbo,
					.on_literal = literal && nd.pos == lit_len,
				};
				char *grown = realloc(witness, nd.depth + 1);

				if (!grown) {
					count = -1;
					goto out;
				}
				witness = grown;
				witness[nd.depth] = '\0';
				for (p = i; w.nodes[p].parent != UINT32_MAX;
				     p = w.nodes[p].parent)
					witness[w.nodes[p].depth - 1] = w.nodes[p].byte;
				e.witness = witness;
				w.nodes[i].reported = true;
				if (fn)
					fn(&e, arg);
			}
		}
		if (!nd.sa && !nd.sb)
			continue;	/* dead in both: nothing below differs */
		for (j = 0; j < nclass; j++) {
			unsigned char c = rep[j];
			struct pnode next = {
				.sa = nd.sa ? a->trans[(size_t)nd.sa * a->nclasses + a->classmap[c]] : 0,
				.sb = nd.sb ? b->trans[(size_t)nd.sb * b->nclasses + b->classmap[c]] : 0,
				.pos = nd.pos < lit_len && (unsigned char)literal[nd.pos] == c ?
				       nd.pos + 1 : off,
				.parent = i,
				.depth = nd.depth + 1,
				.byte = c,
			};

			if (padd(&w, &next)) {
				count = -1;
				goto out;
			}
		}
	}
out:
	free(witness);
	free(w.nodes);
	free(w.keys);
	free(w.vals);
	return count;
}

/* ---- the other rules of an AppArmor-syntax profile ----------------------- */

static int peer_str(const struct aa_peer_rule *r, char **out)
{
	static const char *const sig_perms[] = { "send", "receive" };
	static const char *const pt_perms[] = { "trace", "tracedby", "read", "readby" };
	bool sig = r->class == MOAT_PEER_SIGNAL;
	char buf[1024];
	size_t off = 0, i, n = sig ? 2 : 4;
	bool first = true;

	off += snprintf(buf + off, sizeof(buf) - off, "%s%s (", r->deny ? "deny " : "",
			sig ? "signal" : "ptrace");
	for (i = 0; i < n; i++) {
		if (!(r->perms & (1U << i)))
			continue;
		off += snprintf(buf + off, sizeof(buf) - off, "%s%s",
				first ? "" : ",", sig ? sig_perms[i] : pt_perms[i]);
		first = false;
	}
	off += snprintf(buf + off, sizeof(buf) - off, ")");
	if (sig && r->has_signals) {
		first = true;
		off += snprintf(buf + off, sizeof(buf) - off, " set=(");
		for (i = 0; i < 64 && off < sizeof(buf); i++) {
			if (!(r->signals & (1ULL << i)))
				continue;
			off += snprintf(buf + off, sizeof(buf) - off, "%s%zu",
					first ? "" : ",", i + 1);
			first = false;
		}
		if (r->signal_exists && off < sizeof(buf))
			off += snprintf(buf + off, sizeof(buf) - off, "%sexists",
					first ? "" : ",");
		if (off < sizeof(buf))
			off += snprintf(buf + off, sizeof(buf) - off, ")");
	}
	if (r->peer && off < sizeof(buf))
		snprintf(buf + off, sizeof(buf) - off, " peer=%s", r->peer);
	*out = strdup(buf);
	return *out ? 0 : -1;
}

static int str_cmp(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

static char **peer_strs(const struct aa_profile *p, size_t *n)
{
	char **v = calloc(p->npeers + 1, sizeof(*v));
	size_t i, k = 0;

	*n = 0;
	if (!v)
		return NULL;
	for (i = 0; i < p->npeers; i++) {
		if (peer_str(&p->peers[i], &v[i])) {
			while (i--)
				free(v[i]);
			free(v);
			return NULL;
		}
	}
	qsort(v, p->npeers, sizeof(*v), str_cmp);
	for (i = 0; i < p->npeers; i++) {
		if (k && !strcmp(v[k - 1], v[i])) {
			free(v[i]);
			continue;
		}
		v[k++] = v[i];
	}
	*n = k;
	return v;
}

static void flags_str(uint32_t flags, char *buf, size_t len)
{
	snprintf(buf, len, "%s%s%s",
		 flags & MOAT_PATH_F_ATTACH_DISCONNECTED ? "attach_disconnected" : "",
		 (flags & MOAT_PATH_F_ATTACH_DISCONNECTED) &&
		 (flags & MOAT_PATH_F_MEDIATE_DELETED) ? "," : "",
		 flags & MOAT_PATH_F_MEDIATE_DELETED ? "mediate_deleted" : "");
	if (!*buf)
		snprintf(buf, len, "(none)");
}

long aa_rules_diff(const struct aa_profile *a, const struct aa_profile *b,
		   FILE *out)
{
	static const char *const mnt[] = { "mount", "umount", "pivot_root" };
	uint64_t ca = a->cap_allow & ~a->cap_deny, cb = b->cap_allow & ~b->cap_deny;
	uint64_t na = a->net_allow & ~a->net_deny, nb = b->net_allow & ~b->net_deny;
	uint32_t ma = a->mount_allow & ~a->mount_deny;
	uint32_t mb = b->mount_allow & ~b->mount_deny;
	char **pa, **pb;
	size_t npa, npb, i, j;
	long count = 0;
	int bit;

	if (a->flags != b->flags) {
		char fa[64], fb[64];

		flags_str(a->flags, fa, sizeof(fa));
		flags_str(b->flags, fb, sizeof(fb));
		if (out)
			fprintf(out, "~ flags: %s -> %s\n", fa, fb);
		count++;
	}
	for (bit = 0; bit < 64; bit++) {
		uint64_t m = 1ULL << bit;

		if ((ca ^ cb) & m) {
			char *name = cap_to_name(bit);

			if (out)
				fprintf(out, "%c capability %s\n", cb & m ? '+' : '-',
					name ? name : "?");
			cap_free(name);
			count++;
		}
		if ((na ^ nb) & m) {
			const char *name = aa_family_name(bit);

			if (out)
				fprintf(out, "%c network %s (family %d)\n",
					nb & m ? '+' : '-', name ? name : "?", bit);
			count++;
		}
	}
	for (bit = 0; bit < 3; bit++) {
		if (!((ma ^ mb) & (1U << bit)))
			continue;
		if (out)
			fprintf(out, "%c %s\n", mb & (1U << bit) ? '+' : '-', mnt[bit]);
		count++;
	}
	pa = peer_strs(a, &npa);
	pb = peer_strs(b, &npb);
	if (!pa || !pb) {
		count = -1;
		goto out;
	}
	/* a rule in one only: an allow there allows more, a deny less */
	for (i = j = 0; i < npa || j < npb;) {
		int c = i == npa ? 1 : j == npb ? -1 : strcmp(pa[i], pb[j]);
		const char *r = c < 0 ? pa[i] : pb[j];
		bool deny = !strncmp(r, "deny ", 5);

		if (!c) {
			i++;
			j++;
			continue;
		}
		if (out)
			fprintf(out, "%c %s   [rule only in %c]\n",
				(c > 0) != deny ? '+' : '-', r, c < 0 ? 'A' : 'B');
		count++;
		if (c < 0)
			i++;
		else
			j++;
	}
out:
	for (i = 0; pa && i < npa; i++)
		free(pa[i]);
	for (i = 0; pb && i < npb; i++)
		free(pb[i]);
	free(pa);
	free(pb);
	return count;
}
