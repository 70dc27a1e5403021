// SPDX-License-Identifier: GPL-2.0
/*
 * moatctl - AppArmor file globs compiled into one minimal DFA
 *
 * Each rule's glob is read with apparmor_parser's meaning (see parse_seq())
 * straight into a Thompson NFA whose accepting state carries the rule's
 * permissions. Bytes that no glob tells apart are folded into classes.
 * Rules that add the same permissions are made deterministic together
 * (subset construction) and minimised (Hopcroft's partition refinement);
 * these automata are then merged two by two (product, minimised again)
 * into one. The result is numbered canonically: the dead state is 0, the
 * others follow in breadth-first order from the start, so the same rules
 * in any order give the same tables.
 */

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dfa.h"

#define NONE		UINT32_MAX
/* apparmor_parser refuses { } nested this deep (its MAX_ALT_DEPTH). */
#define GROUP_DEPTH_MAX	50
/* Bounds on the automaton before minimisation (memory, not semantics). */
#define PRE_STATES_MAX	(4U * MOAT_DFA_STATES_MAX)
#define PRE_CELLS_MAX	(1U << 23)

static void seterr(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void seterr(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (!err || !errlen)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

/* A growable array of uint32_t. */
struct vec32 {
	uint32_t *v;
	size_t n, cap;
};

static int vec_reserve(struct vec32 *a, size_t want)
{
	uint32_t *nv;
	size_t cap;

	if (want <= a->cap)
		return 0;
	cap = a->cap ? a->cap : 64;
	while (cap < want)
		cap *= 2;
	nv = realloc(a->v, cap * sizeof(*nv));
	if (!nv)
		return -1;
	a->v = nv;
	a->cap = cap;
	return 0;
}

static int vec_push(struct vec32 *a, uint32_t x)
{
	if (a->n == a->cap && vec_reserve(a, a->n + 1))
		return -1;
	a->v[a->n++] = x;
	return 0;
}

static void vec_free(struct vec32 *a)
{
	free(a->v);
	memset(a, 0, sizeof(*a));
}

/* A set of the 256 byte values (or of up to 256 classes). */
struct bset {
	uint64_t w[4];
};

static void bset_add(struct bset *s, unsigned int c)
{
	s->w[c >> 6] |= 1ULL << (c & 63);
}

static bool bset_has(const struct bset *s, unsigned int c)
{
	return s->w[c >> 6] >> (c & 63) & 1;
}

/* Every byte but NUL, and every byte but NUL and '/'. */
static void bset_any(struct bset *s, bool slash)
{
	memset(s->w, 0xff, sizeof(s->w));
	s->w[0] &= ~1ULL;
	if (!slash)
		s->w[0] &= ~(1ULL << '/');
}

/*
 * Thompson NFA. A state either moves on a byte of its set (cset != NONE),
 * or has up to two empty moves, or accepts for a rule. Fragments under
 * construction end in an empty-move state whose eps[0] is still free.
 */
struct nstate {
	uint32_t cset;		/* index into nfa.sets, NONE: no byte move */
	uint32_t out;		/* target of the byte move */
	uint32_t eps[2];	/* empty moves, NONE if unused */
	uint32_t rule;		/* accepting for this rule, NONE if not */
};

struct nfa {
	struct nstate *st;
	size_t n, cap;
	struct bset *sets;	/* distinct byte sets, NUL never in one */
	size_t nsets, setcap;
	uint32_t *sethash;	/* open addressing: set index + 1, 0 free */
	size_t hashcap;
};

struct frag {
	uint32_t in, out;
};

static void nfa_free(struct nfa *a)
{
	free(a->st);
	free(a->sets);
	free(a->sethash);
	memset(a, 0, sizeof(*a));
}

static uint32_t nfa_new(struct nfa *a)
{
	struct nstate *ns;

	if (a->n == a->cap) {
		size_t cap = a->cap ? 2 * a->cap : 256;

		if (cap > NONE / 2)
			return NONE;
		ns = realloc(a->st, cap * sizeof(*ns));
		if (!ns)
			return NONE;
		a->st = ns;
		a->cap = cap;
	}
	ns = &a->st[a->n];
	ns->cset = NONE;
	ns->out = NONE;
	ns->eps[0] = NONE;
	ns->eps[1] = NONE;
	ns->rule = NONE;
	return a->n++;
}

static uint32_t bset_hash(const struct bset *s)
{
	uint64_t h = s->w[0] * 0x9e3779b97f4a7c15ULL;

	h ^= s->w[1] + (h << 6) + (h >> 2);
	h ^= s->w[2] * 0xff51afd7ed558ccdULL + (h >> 29);
	h ^= s->w[3] * 0xc4ceb9fe1a85ec53ULL + (h >> 31);
	return (uint32_t)(h ^ (h >> 32));
}

/* Index of byte set s, added if new; NONE when memory runs out. */
static uint32_t nfa_set(struct nfa *a, const struct bset *s)
{
	size_t i, mask;

	if (2 * (a->nsets + 1) > a->hashcap) {
		size_t cap = a->hashcap ? 2 * a->hashcap : 64;
		uint32_t *h = calloc(cap, sizeof(*h));

		if (!h)
			return NONE;
		for (i = 0; i < a->nsets; i++) {
			size_t j = bset_hash(&a->sets[i]) & (cap - 1);

			while (h[j])
				j = (j + 1) & (cap - 1);
			h[j] = i + 1;
		}
		free(a->sethash);
		a->sethash = h;
		a->hashcap = cap;
	}
	mask = a->hashcap - 1;
	for (i = bset_hash(s) & mask; a->sethash[i]; i = (i + 1) & mask) {
		uint32_t k = a->sethash[i] - 1;

		if (!memcmp(&a->sets[k], s, sizeof(*s)))
			return k;
	}
	if (a->nsets == a->setcap) {
		size_t cap = a->setcap ? 2 * a->setcap : 32;
		struct bset *ns = realloc(a->sets, cap * sizeof(*ns));

		if (!ns)
			return NONE;
		a->sets = ns;
		a->setcap = cap;
	}
	a->sets[a->nsets] = *s;
	a->sethash[i] = a->nsets + 1;
	return a->nsets++;
}

/* The glob parser: one glob, its slashes already collapsed. */
struct gparse {
	const char *s;
	const size_t *orig;	/* offset in the glob as written, per byte */
	size_t pos;
	int depth;		/* { } nesting */
	bool after_slash;	/* the previous item was a literal '/' */
	struct nfa *nfa;
	char *err;
	size_t errlen;
};

static int perr(struct gparse *p, size_t at, const char *msg)
{
	seterr(p->err, p->errlen, "%s at offset %zu", msg, p->orig[at]);
	return -1;
}

static int poom(struct gparse *p)
{
	seterr(p->err, p->errlen, "out of memory");
	return -1;
}

static int frag_empty(struct gparse *p, struct frag *f)
{
	uint32_t s = nfa_new(p->nfa);

	if (s == NONE)
		return poom(p);
	f->in = s;
	f->out = s;
	return 0;
}

/* One byte of set s. */
static int frag_set(struct gparse *p, const struct bset *s, struct frag *f)
{
	uint32_t set = nfa_set(p->nfa, s);
	uint32_t a = nfa_new(p->nfa), b = nfa_new(p->nfa);

	if (set == NONE || a == NONE || b == NONE)
		return poom(p);
	p->nfa->st[a].cset = set;
	p->nfa->st[a].out = b;
	f->in = a;
	f->out = b;
	return 0;
}

/* Any number (zero included) of bytes of set s. */
static int frag_star(struct gparse *p, const struct bset *s, struct frag *f)
{
	uint32_t set = nfa_set(p->nfa, s);
	uint32_t loop = nfa_new(p->nfa), eat = nfa_new(p->nfa);
	uint32_t out = nfa_new(p->nfa);

	if (set == NONE || loop == NONE || eat == NONE || out == NONE)
		return poom(p);
	p->nfa->st[loop].eps[0] = eat;
	p->nfa->st[loop].eps[1] = out;
	p->nfa->st[eat].cset = set;
	p->nfa->st[eat].out = loop;
	f->in = loop;
	f->out = out;
	return 0;
}

static void frag_cat(struct nfa *a, struct frag *f, const struct frag *g)
{
	a->st[f->out].eps[0] = g->in;
	f->out = g->out;
}

static int frag_byte(struct gparse *p, unsigned char c, struct frag *f)
{
	struct bset s = { { 0 } };

	if (c)
		bset_add(&s, c);
	return frag_set(p, &s, f);
}

/*
 * A backslash escape, p->pos on the backslash. As apparmor_parser reads
 * them: \NNN (octal, up to three digits), \xHH, \dNNN (decimal), \a \e \f
 * \n \r \t stand for that byte; a backslash before anything else makes that
 * character literal. *numeric tells the byte was given by its value.
 */
static int parse_escape(struct gparse *p, unsigned char *out, bool *numeric)
{
	const char *s = p->s;
	size_t at = p->pos;
	unsigned int v, nd;
	char c = s[at + 1];

	if (c == '\0')
		return perr(p, at, "trailing '\\'");
	p->pos = at + 2;
	*numeric = true;
	if (c >= '0' && c <= '7') {
		v = c - '0';
		for (nd = 1; nd < 3; nd++) {
			c = s[p->pos];
			if (c < '0' || c > '7' || v * 8 + (c - '0') > 255)
				break;
			v = v * 8 + (c - '0');
			p->pos++;
		}
		*out = v;
		return 0;
	}
	switch (c) {
	case 'x':
		v = 0;
		for (nd = 0; nd < 2; nd++) {
			c = s[p->pos];
			if (c >= '0' && c <= '9')
				v = v * 16 + (c - '0');
			else if (c >= 'a' && c <= 'f')
				v = v * 16 + (c - 'a' + 10);
			else if (c >= 'A' && c <= 'F')
				v = v * 16 + (c - 'A' + 10);
			else
				break;
			p->pos++;
		}
		break;
	case 'd':
		v = 0;
		for (nd = 0; nd < 3; nd++) {
			c = s[p->pos];
			if (c < '0' || c > '9' || v * 10 + (c - '0') > 255)
				break;
			v = v * 10 + (c - '0');
			p->pos++;
		}
		break;
	case 'a':
		*out = '\a';
		return 0;
	case 'e':
		*out = 033;
		return 0;
	case 'f':
		*out = '\f';
		return 0;
	case 'n':
		*out = '\n';
		return 0;
	case 'r':
		*out = '\r';
		return 0;
	case 't':
		*out = '\t';
		return 0;
	default:
		*out = c;
		*numeric = false;
		return 0;
	}
	/* \x or \d without digits: the letter itself */
	if (!nd) {
		*out = s[at + 1];
		*numeric = false;
		return 0;
	}
	*out = v;
	return 0;
}

static int class_char(struct gparse *p, unsigned char *c)
{
	bool numeric;

	if (p->s[p->pos] == '\\')
		return parse_escape(p, c, &numeric);
	*c = p->s[p->pos++];
	return 0;
}

/*
 * [set], [^set]. Ranges a-z (reversed bounds are swapped, as AppArmor
 * does); a '-' first or last is literal; inside the brackets every
 * character but ']' and '\' is literal; ']' right after '[' or '[^' closes
 * an empty class, which is an error. A negated class matches every byte
 * not listed, '/' included. As apparmor_parser reads them (checked with
 * apparmor_parser -D rule-exprs), an escaped '-' between two characters
 * still makes a range ([a\-z] is a-z) and an escaped '^' first still
 * negates ([\^a] is "not a").
 */
static int parse_class(struct gparse *p, struct frag *f)
{
	const char *s = p->s;
	size_t open = p->pos;
	struct bset set = { { 0 } };
	bool neg = false;
	unsigned int i;

	p->pos++;
	if (s[p->pos] == '^') {
		neg = true;
		p->pos++;
	} else if (s[p->pos] == '\\' && s[p->pos + 1] == '^') {
		neg = true;
		p->pos += 2;
	}
	if (s[p->pos] == ']')
		return perr(p, open, "empty character class");
	for (;;) {
		unsigned char lo, hi;

		if (s[p->pos] == '\0')
			return perr(p, open, "unbalanced '['");
		if (s[p->pos] == ']') {
			p->pos++;
			break;
		}
		if (class_char(p, &lo))
			return -1;
		if (s[p->pos] == '\\' && s[p->pos + 1] == '-' &&
		    s[p->pos + 2] != ']' && s[p->pos + 2] != '\0')
			p->pos++;	/* "\-" between two characters: a range */
		if (s[p->pos] == '-' && s[p->pos + 1] != ']' &&
		    s[p->pos + 1] != '\0') {
			p->pos++;
			if (class_char(p, &hi))
				return -1;
			if (lo > hi) {
				unsigned char t = lo;

				lo = hi;
				hi = t;
			}
			for (i = lo; i <= hi; i++)
				bset_add(&set, i);
		} else {
			bset_add(&set, lo);
		}
	}
	if (neg)
		for (i = 0; i < 4; i++)
			set.w[i] = ~set.w[i];
	set.w[0] &= ~1ULL;
	return frag_set(p, &set, f);
}

/*
 * A run of '*'. One star is any run of bytes but '/', two or more any run
 * at all. apparmor_parser's rule for a star run that is a whole path
 * component (a literal '/' right before it, and '/' or the end of the glob
 * right after it): it must match at least one byte, and not a '/', so that
 * the path "/dir/" is not matched by "/dir/" followed by stars.
 */
static int parse_stars(struct gparse *p, struct frag *f)
{
	const char *s = p->s;
	size_t n = 0;
	struct bset set;
	struct frag g;

	while (s[p->pos + n] == '*')
		n++;
	if (frag_empty(p, f))
		return -1;
	if (p->after_slash && (s[p->pos + n] == '/' || s[p->pos + n] == '\0')) {
		bset_any(&set, false);
		if (frag_set(p, &set, &g))
			return -1;
		frag_cat(p->nfa, f, &g);
	}
	bset_any(&set, n > 1);
	if (frag_star(p, &set, &g))
		return -1;
	frag_cat(p->nfa, f, &g);
	p->pos += n;
	return 0;
}

static int parse_seq(struct gparse *p, struct frag *f, bool in_group);

/*
 * {a,b,...}: two or more alternatives (empty ones allowed), each any glob.
 * apparmor_parser refuses {a} and {} ("Invalid number of items between {}").
 */
static int parse_group(struct gparse *p, struct frag *f)
{
	struct nfa *a = p->nfa;
	size_t open = p->pos;
	uint32_t head, end, prev = NONE;
	unsigned int nalt = 0;

	if (++p->depth >= GROUP_DEPTH_MAX)
		return perr(p, open, "'{' nested too deeply");
	p->pos++;
	head = nfa_new(a);
	end = nfa_new(a);
	if (head == NONE || end == NONE)
		return poom(p);
	for (;;) {
		struct frag alt;
		uint32_t split;

		if (parse_seq(p, &alt, true))
			return -1;
		split = nfa_new(a);
		if (split == NONE)
			return poom(p);
		a->st[split].eps[0] = alt.in;
		a->st[alt.out].eps[0] = end;
		if (prev == NONE)
			a->st[head].eps[0] = split;
		else
			a->st[prev].eps[1] = split;
		prev = split;
		nalt++;
		if (p->s[p->pos] == ',') {
			p->pos++;
			continue;
		}
		if (p->s[p->pos] == '}') {
			p->pos++;
			break;
		}
		return perr(p, open, "unbalanced '{'");
	}
	if (nalt < 2)
		return perr(p, open,
			    "'{...}' without ',' (an alternation needs two or more items)");
	p->depth--;
	f->in = head;
	f->out = end;
	return 0;
}

/*
 * A sequence of items up to the end of the glob, or, inside { }, up to the
 * ',' or '}' that ends the alternative. Outside { } a ',' is literal.
 * Characters without a glob meaning (. + | ( ) ^ $ and the rest) are
 * literal, as '/' is.
 */
static int parse_seq(struct gparse *p, struct frag *f, bool in_group)
{
	const char *s = p->s;

	if (frag_empty(p, f))
		return -1;
	/* after '{' or ',' no literal '/' precedes */
	p->after_slash = false;
	for (;;) {
		unsigned char c = s[p->pos];
		bool slash = false, numeric;
		struct frag item;
		struct bset set;
		int ret;

		if (c == '\0' || (in_group && (c == ',' || c == '}')))
			return 0;
		switch (c) {
		case '\\':
			ret = parse_escape(p, &c, &numeric);
			if (!ret)
				ret = frag_byte(p, c, &item);
			slash = c == '/' && !numeric;
			break;
		case '*':
			ret = parse_stars(p, &item);
			break;
		case '?':
			bset_any(&set, false);
			ret = frag_set(p, &set, &item);
			p->pos++;
			break;
		case '[':
			ret = parse_class(p, &item);
			break;
		case '{':
			ret = parse_group(p, &item);
			break;
		case '}':
			return perr(p, p->pos, "unbalanced '}'");
		case ']':
			return perr(p, p->pos, "unbalanced ']'");
		case '@':
			if (s[p->pos + 1] == '{')
				return perr(p, p->pos,
					    "unexpanded variable '@{...}'");
			/* fall through */
		default:
			ret = frag_byte(p, c, &item);
			slash = c == '/';
			p->pos++;
			break;
		}
		if (ret)
			return -1;
		frag_cat(p->nfa, f, &item);
		p->after_slash = slash;
	}
}

/*
 * Collapse every run of '/' into one, on the text as written (as
 * apparmor_parser's filter_slashes() does, so "\//" keeps its escaped
 * slash and drops the other). Unlike filter_slashes(), a leading "//" is
 * collapsed too: kernel paths never start with two slashes. *orig gets,
 * per byte of the result, its offset in glob.
 */
static char *collapse_slashes(const char *glob, size_t **orig)
{
	size_t len = strlen(glob), i, j = 0;
	char *out = malloc(len + 1);
	size_t *map = malloc((len + 1) * sizeof(*map));

	if (!out || !map) {
		free(out);
		free(map);
		return NULL;
	}
	for (i = 0; i < len; i++) {
		if (glob[i] == '/' && j && out[j - 1] == '/')
			continue;
		map[j] = i;
		out[j++] = glob[i];
	}
	map[j] = len;
	out[j] = '\0';
	*orig = map;
	return out;
}

/*
 * Parse glob into a, accepting for rule; *start gets its first state.
 * Returns 0, or -1 with a message in err.
 */
static int glob_to_nfa(const char *glob, uint32_t rule, struct nfa *a,
		       uint32_t *start, char *err, size_t errlen)
{
	struct gparse p = { 0 };
	struct frag f;
	uint32_t acc;
	size_t *orig;
	char *s;
	int ret = -1;

	if (!glob || !*glob) {
		seterr(err, errlen, "empty glob");
		return -1;
	}
	if (glob[0] != '/') {
		seterr(err, errlen, "glob does not start with '/'");
		return -1;
	}
	s = collapse_slashes(glob, &orig);
	if (!s) {
		seterr(err, errlen, "out of memory");
		return -1;
	}
	p.s = s;
	p.orig = orig;
	p.nfa = a;
	p.err = err;
	p.errlen = errlen;
	if (parse_seq(&p, &f, false))
		goto out;
	acc = nfa_new(a);
	if (acc == NONE) {
		poom(&p);
		goto out;
	}
	a->st[acc].rule = rule;
	a->st[f.out].eps[0] = acc;
	*start = f.in;
	ret = 0;
out:
	free(s);
	free(orig);
	return ret;
}

int glob_check(const char *glob, char *err, size_t errlen)
{
	struct nfa a = { 0 };
	uint32_t start;
	int ret;

	ret = glob_to_nfa(glob, 0, &a, &start, err, errlen);
	nfa_free(&a);
	return ret;
}

/*
 * A deterministic automaton under construction, over the build's byte
 * classes: n states, state 0 dead, nclasses transitions per state.
 */
struct idfa {
	uint32_t n, start;
	uint32_t *trans;
	struct moat_dfa_accept *acc;
};

static void idfa_free(struct idfa *a)
{
	free(a->trans);
	free(a->acc);
	memset(a, 0, sizeof(*a));
}

/* Everything the compilation holds between its steps. */
struct build {
	struct nfa nfa;
	uint32_t *rstart;	/* per rule: first NFA state */
	struct moat_dfa_accept *racc;	/* per rule: what it adds */

	unsigned int nclasses;
	uint8_t classmap[256];
	struct bset *setcls;	/* per byte set: the classes it contains */

	uint32_t *mark;		/* per NFA state: generation last seen */
	uint32_t gen;
	struct vec32 stack;
	uint32_t *clo_off;	/* per byte-move state: closure of its target */
	uint32_t *clo_len;
	struct vec32 clo;

	char *err;
	size_t errlen;
};

static int no_memory(struct build *b)
{
	seterr(b->err, b->errlen, "out of memory");
	return -1;
}

static int too_big(struct build *b, uint32_t n)
{
	seterr(b->err, b->errlen,
	       "the rules need too large an automaton (over %u states of %u byte classes before minimisation; moat takes at most %u states)",
	       n, b->nclasses, MOAT_DFA_STATES_MAX);
	return -1;
}

/* Room for one more state in a raw automaton of n states? */
static bool fits(const struct build *b, uint32_t n)
{
	return n < PRE_STATES_MAX &&
	       (size_t)(n + 1) * b->nclasses <= PRE_CELLS_MAX;
}

static void next_gen(struct build *b)
{
	if (++b->gen == 0) {
		memset(b->mark, 0, b->nfa.n * sizeof(*b->mark));
		b->gen = 1;
	}
}

static void acc_or(struct moat_dfa_accept *x, const struct moat_dfa_accept *y)
{
	x->allow |= y->allow;
	x->allow_owner |= y->allow_owner;
	x->deny |= y->deny;
	x->deny_owner |= y->deny_owner;
}

static bool acc_eq(const struct moat_dfa_accept *x,
		   const struct moat_dfa_accept *y)
{
	return x->allow == y->allow && x->allow_owner == y->allow_owner &&
	       x->deny == y->deny && x->deny_owner == y->deny_owner;
}

static uint32_t mix(const uint32_t *v, size_t n)
{
	uint32_t h = 2166136261U ^ (uint32_t)n;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= v[i];
		h *= 16777619U;
		h ^= h >> 15;
	}
	return h;
}

static uint32_t acc_hash(const struct moat_dfa_accept *a)
{
	uint32_t v[4] = { a->allow, a->allow_owner, a->deny, a->deny_owner };

	return mix(v, 4);
}

/*
 * Byte classes: refine {all bytes} by every byte set in use. NUL is in no
 * set, so its class (class 0) only ever leads to the dead state.
 */
static int make_classes(struct build *b)
{
	uint32_t cls[256] = { 0 }, newid[512];
	unsigned int next = 1, c;
	size_t k;

	for (k = 0; k < b->nfa.nsets; k++) {
		const struct bset *s = &b->nfa.sets[k];

		memset(newid, 0xff, sizeof(newid));
		next = 0;
		for (c = 0; c < 256; c++) {
			unsigned int key = cls[c] * 2 + bset_has(s, c);

			if (newid[key] == NONE)
				newid[key] = next++;
			cls[c] = newid[key];
		}
	}
	b->nclasses = next;
	for (c = 0; c < 256; c++)
		b->classmap[c] = cls[c];
	b->setcls = calloc(b->nfa.nsets ? b->nfa.nsets : 1,
			   sizeof(*b->setcls));
	if (!b->setcls)
		return no_memory(b);
	for (k = 0; k < b->nfa.nsets; k++)
		for (c = 0; c < 256; c++)
			if (bset_has(&b->nfa.sets[k], c))
				bset_add(&b->setcls[k], cls[c]);
	return 0;
}

/*
 * Append to out the states that matter (those with a byte move, and
 * accepting ones) reachable from x by empty moves and not yet marked with
 * the current generation.
 */
static int closure(struct build *b, uint32_t x, struct vec32 *out)
{
	const struct nstate *st = b->nfa.st;

	b->stack.n = 0;
	if (b->mark[x] == b->gen)
		return 0;
	b->mark[x] = b->gen;
	if (vec_push(&b->stack, x))
		return no_memory(b);
	while (b->stack.n) {
		uint32_t s = b->stack.v[--b->stack.n];
		int i;

		if (st[s].cset != NONE || st[s].rule != NONE) {
			if (vec_push(out, s))
				return no_memory(b);
			continue;
		}
		for (i = 1; i >= 0; i--) {
			uint32_t t = st[s].eps[i];

			if (t == NONE || b->mark[t] == b->gen)
				continue;
			b->mark[t] = b->gen;
			if (vec_push(&b->stack, t))
				return no_memory(b);
		}
	}
	return 0;
}

/* For every byte-move state, the closure of where the move leads. */
static int make_closures(struct build *b)
{
	size_t n = b->nfa.n, i;

	b->mark = calloc(n ? n : 1, sizeof(*b->mark));
	b->clo_off = calloc(n ? n : 1, sizeof(*b->clo_off));
	b->clo_len = calloc(n ? n : 1, sizeof(*b->clo_len));
	if (!b->mark || !b->clo_off || !b->clo_len)
		return no_memory(b);
	for (i = 0; i < n; i++) {
		if (b->nfa.st[i].cset == NONE)
			continue;
		next_gen(b);
		b->clo_off[i] = b->clo.n;
		if (closure(b, b->nfa.st[i].out, &b->clo))
			return -1;
		b->clo_len[i] = b->clo.n - b->clo_off[i];
	}
	return 0;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/*
 * Interning of keys (sorted NFA state sets, or state pairs) as the states
 * of a raw automaton under construction.
 */
struct intern {
	struct vec32 pool;	/* keys, back to back */
	struct vec32 off, len;
	uint32_t *ht;		/* open addressing: state + 1, 0 free */
	size_t htcap;
	struct idfa d;
	size_t acccap;
};

static void intern_free(struct intern *t)
{
	vec_free(&t->pool);
	vec_free(&t->off);
	vec_free(&t->len);
	free(t->ht);
	idfa_free(&t->d);
}

static int intern_grow(struct build *b, struct intern *t)
{
	size_t cap = t->htcap ? 2 * t->htcap : 1024, i;
	uint32_t *h = calloc(cap, sizeof(*h));

	if (!h)
		return no_memory(b);
	for (i = 0; i < t->d.n; i++) {
		size_t j = mix(t->pool.v + t->off.v[i], t->len.v[i]) &
			   (cap - 1);

		while (h[j])
			j = (j + 1) & (cap - 1);
		h[j] = i + 1;
	}
	free(t->ht);
	t->ht = h;
	t->htcap = cap;
	return 0;
}

/*
 * The state for key v (n words), created if new with a zeroed row and
 * accept tuple *acc. Returns its number, or NONE (error in b->err).
 */
static uint32_t intern(struct build *b, struct intern *t, const uint32_t *v,
		       size_t n, const struct moat_dfa_accept *acc)
{
	uint32_t id, k = b->nclasses;
	size_t slot, mask;

	if (2 * ((size_t)t->d.n + 1) > t->htcap && intern_grow(b, t))
		return NONE;
	mask = t->htcap - 1;
	for (slot = mix(v, n) & mask; t->ht[slot]; slot = (slot + 1) & mask) {
		id = t->ht[slot] - 1;
		if (t->len.v[id] != n)
			continue;
		if (!n || !memcmp(t->pool.v + t->off.v[id], v, n * sizeof(*v)))
			return id;
	}
	if (!fits(b, t->d.n)) {
		too_big(b, t->d.n);
		return NONE;
	}
	id = t->d.n;
	if (id == t->acccap) {
		size_t cap = t->acccap ? 2 * t->acccap : 1024;
		struct moat_dfa_accept *na;
		uint32_t *nt;

		na = realloc(t->d.acc, cap * sizeof(*na));
		if (na)
			t->d.acc = na;
		nt = realloc(t->d.trans, cap * k * sizeof(*nt));
		if (nt)
			t->d.trans = nt;
		if (!na || !nt) {
			no_memory(b);
			return NONE;
		}
		t->acccap = cap;
	}
	if (vec_reserve(&t->pool, t->pool.n + n) ||
	    vec_push(&t->off, t->pool.n) || vec_push(&t->len, n)) {
		no_memory(b);
		return NONE;
	}
	if (n)
		memcpy(t->pool.v + t->pool.n, v, n * sizeof(*v));
	t->pool.n += n;
	memset(t->d.trans + (size_t)id * k, 0, k * sizeof(*t->d.trans));
	t->d.acc[id] = *acc;
	t->ht[slot] = id + 1;
	t->d.n++;
	return id;
}

/* Hand the automaton built in t over to out. */
static void intern_take(struct intern *t, struct idfa *out)
{
	*out = t->d;
	memset(&t->d, 0, sizeof(t->d));
}

/*
 * Subset construction for the rules whose first NFA states are in starts.
 * State 0 is the empty set (dead); the start is the closure of starts.
 * Within a state, members are grouped by byte set, and classes that move
 * the same groups lead to the same set: each distinct choice of groups is
 * worked out once.
 */
struct subset_scratch {
	uint64_t *cur;		/* members with a byte move: set << 32 | state */
	size_t curcap, ncur;
	struct vec32 grp;	/* start of each group of equal sets in cur */
	struct vec32 next;	/* the set being built */
	struct vec32 sig;	/* per class: the groups that move */
	uint32_t off[256], len[256], hash[256], to[256];
};

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static uint32_t subset_target(struct build *b, struct intern *t,
			      struct subset_scratch *w, const uint32_t *sel,
			      uint32_t nsel)
{
	struct moat_dfa_accept acc = { 0 };
	uint32_t i, j, m;

	w->next.n = 0;
	next_gen(b);
	for (i = 0; i < nsel; i++) {
		for (m = w->grp.v[sel[i]]; m < w->grp.v[sel[i] + 1]; m++) {
			uint32_t s = (uint32_t)w->cur[m];
			const uint32_t *cl = b->clo.v + b->clo_off[s];

			for (j = 0; j < b->clo_len[s]; j++) {
				if (b->mark[cl[j]] == b->gen)
					continue;
				b->mark[cl[j]] = b->gen;
				if (vec_push(&w->next, cl[j])) {
					no_memory(b);
					return NONE;
				}
			}
		}
	}
	qsort(w->next.v, w->next.n, sizeof(*w->next.v), cmp_u32);
	for (i = 0; i < w->next.n; i++) {
		uint32_t r = b->nfa.st[w->next.v[i]].rule;

		if (r != NONE)
			acc_or(&acc, &b->racc[r]);
	}
	return intern(b, t, w->next.v, w->next.n, &acc);
}

/* The members of state id with a byte move, grouped by byte set. */
static int subset_members(struct build *b, struct intern *t,
			  struct subset_scratch *w, uint32_t id)
{
	uint32_t n = t->len.v[id], i;

	if (n > w->curcap) {
		uint64_t *nc = realloc(w->cur, n * sizeof(*nc));

		if (!nc)
			return no_memory(b);
		w->cur = nc;
		w->curcap = n;
	}
	w->ncur = 0;
	for (i = 0; i < n; i++) {
		uint32_t s = t->pool.v[t->off.v[id] + i];
		uint32_t set = b->nfa.st[s].cset;

		if (set != NONE)
			w->cur[w->ncur++] = (uint64_t)set << 32 | s;
	}
	qsort(w->cur, w->ncur, sizeof(*w->cur), cmp_u64);
	w->grp.n = 0;
	for (i = 0; i < w->ncur; i++)
		if ((!i || w->cur[i] >> 32 != w->cur[i - 1] >> 32) &&
		    vec_push(&w->grp, i))
			return no_memory(b);
	if (vec_push(&w->grp, w->ncur))
		return no_memory(b);
	return 0;
}

static int subset(struct build *b, const uint32_t *starts, size_t nstarts,
		  struct idfa *out)
{
	struct subset_scratch w = { 0 };
	struct moat_dfa_accept none = { 0 }, acc = { 0 };
	struct intern t = { 0 };
	uint32_t id, c, d, g, i, k = b->nclasses;
	int ret = -1;

	if (intern(b, &t, NULL, 0, &none) == NONE)
		goto out;
	next_gen(b);
	for (i = 0; i < nstarts; i++)
		if (closure(b, starts[i], &w.next))
			goto out;
	qsort(w.next.v, w.next.n, sizeof(*w.next.v), cmp_u32);
	for (i = 0; i < w.next.n; i++) {
		uint32_t r = b->nfa.st[w.next.v[i]].rule;

		if (r != NONE)
			acc_or(&acc, &b->racc[r]);
	}
	t.d.start = intern(b, &t, w.next.v, w.next.n, &acc);
	if (t.d.start == NONE)
		goto out;
	for (id = 1; id < t.d.n; id++) {
		if (subset_members(b, &t, &w, id))
			goto out;
		w.sig.n = 0;
		for (c = 0; c < k; c++) {
			w.off[c] = w.sig.n;
			for (g = 0; g + 1 < w.grp.n; g++) {
				uint32_t set = w.cur[w.grp.v[g]] >> 32;

				if (bset_has(&b->setcls[set], c) &&
				    vec_push(&w.sig, g))
					goto oom;
			}
			w.len[c] = w.sig.n - w.off[c];
			/* no members: w.sig.v may still be NULL (no offset on it) */
			w.hash[c] = w.len[c] ? mix(w.sig.v + w.off[c], w.len[c]) : 0;
			w.to[c] = 0;
			if (!w.len[c])
				continue;
			for (d = 0; d < c; d++)
				if (w.len[d] == w.len[c] &&
				    w.hash[d] == w.hash[c] &&
				    !memcmp(w.sig.v + w.off[d],
					    w.sig.v + w.off[c],
					    w.len[c] * sizeof(*w.sig.v)))
					break;
			if (d < c) {
				/* same groups as class d: drop the copy */
				w.to[c] = w.to[d];
				w.sig.n = w.off[c];
				w.off[c] = w.off[d];
				continue;
			}
			w.to[c] = subset_target(b, &t, &w, w.sig.v + w.off[c],
						w.len[c]);
			if (w.to[c] == NONE)
				goto out;
		}
		memcpy(t.d.trans + (size_t)id * k, w.to, k * sizeof(*w.to));
	}
	intern_take(&t, out);
	ret = 0;
	goto out;
oom:
	no_memory(b);
out:
	intern_free(&t);
	free(w.cur);
	vec_free(&w.grp);
	vec_free(&w.next);
	vec_free(&w.sig);
	return ret;
}

/*
 * Product of x and y: a state per reachable pair, granting and denying
 * what both do. Pair (0, 0) is the dead state 0.
 */
static int product(struct build *b, const struct idfa *x,
		   const struct idfa *y, struct idfa *out)
{
	uint32_t k = b->nclasses, id, c, key[2] = { 0, 0 };
	struct moat_dfa_accept acc = { 0 };
	struct intern t = { 0 };
	int ret = -1;

	if (intern(b, &t, key, 2, &acc) == NONE)
		goto out;
	key[0] = x->start;
	key[1] = y->start;
	acc = x->acc[key[0]];
	acc_or(&acc, &y->acc[key[1]]);
	t.d.start = intern(b, &t, key, 2, &acc);
	if (t.d.start == NONE)
		goto out;
	for (id = 1; id < t.d.n; id++) {
		uint32_t px = t.pool.v[t.off.v[id]];
		uint32_t py = t.pool.v[t.off.v[id] + 1];

		for (c = 0; c < k; c++) {
			uint32_t to;

			key[0] = x->trans[(size_t)px * k + c];
			key[1] = y->trans[(size_t)py * k + c];
			if (!key[0] && !key[1])
				continue;
			acc = x->acc[key[0]];
			acc_or(&acc, &y->acc[key[1]]);
			to = intern(b, &t, key, 2, &acc);
			if (to == NONE)
				goto out;
			t.d.trans[(size_t)id * k + c] = to;
		}
	}
	intern_take(&t, out);
	ret = 0;
out:
	intern_free(&t);
	return ret;
}

/*
 * Hopcroft's partition refinement, from "same accept tuple" until every
 * block agrees on the block each class leads to. Blocks are splitters as
 * a whole (all classes at once); after a split, both halves stay queued if
 * the block was, else the smaller half is queued.
 */
struct part {
	uint32_t *elems;	/* states, grouped by block */
	uint32_t *loc;		/* index of each state in elems */
	uint32_t *blk;		/* block of each state */
	uint32_t *first, *end;	/* range of each block in elems */
	uint32_t *nmark;	/* marked states, at the front of the block */
	uint8_t *queued;
	uint32_t *wl;
	size_t nwl;
	uint32_t nblk;
};

static void part_free(struct part *p)
{
	free(p->elems);
	free(p->loc);
	free(p->blk);
	free(p->first);
	free(p->end);
	free(p->nmark);
	free(p->queued);
	free(p->wl);
	memset(p, 0, sizeof(*p));
}

/* Initial blocks: one per distinct accept tuple, all queued. */
static int part_init(struct part *p, uint32_t n,
		     const struct moat_dfa_accept *acc)
{
	size_t cap = 16, mask, i;
	uint32_t *rep, *ht, s, *cnt;

	while (cap < 2 * (size_t)n)
		cap *= 2;
	mask = cap - 1;
	ht = calloc(cap, sizeof(*ht));
	rep = malloc(n * sizeof(*rep));
	cnt = calloc(n + 1, sizeof(*cnt));
	if (!ht || !rep || !cnt) {
		free(ht);
		free(rep);
		free(cnt);
		return -1;
	}
	p->nblk = 0;
	for (s = 0; s < n; s++) {
		for (i = acc_hash(&acc[s]) & mask; ht[i]; i = (i + 1) & mask)
			if (acc_eq(&acc[rep[ht[i] - 1]], &acc[s]))
				break;
		if (!ht[i]) {
			rep[p->nblk] = s;
			ht[i] = ++p->nblk;
		}
		p->blk[s] = ht[i] - 1;
		cnt[p->blk[s] + 1]++;
	}
	for (i = 0; i < p->nblk; i++)
		cnt[i + 1] += cnt[i];
	for (i = 0; i < p->nblk; i++) {
		p->first[i] = cnt[i];
		p->end[i] = cnt[i + 1];
	}
	for (s = 0; s < n; s++) {
		uint32_t at = cnt[p->blk[s]]++;

		p->elems[at] = s;
		p->loc[s] = at;
	}
	for (i = 0; i < p->nblk; i++) {
		p->wl[p->nwl++] = i;
		p->queued[i] = 1;
	}
	free(ht);
	free(rep);
	free(cnt);
	return 0;
}

static void part_mark(struct part *p, uint32_t s, uint32_t *touched,
		      uint32_t *ntouched)
{
	uint32_t b = p->blk[s], at = p->loc[s], m = p->first[b] + p->nmark[b];
	uint32_t other;

	if (at < m)
		return;
	if (!p->nmark[b])
		touched[(*ntouched)++] = b;
	other = p->elems[m];
	p->elems[m] = s;
	p->loc[s] = m;
	p->elems[at] = other;
	p->loc[other] = at;
	p->nmark[b]++;
}

static void part_split(struct part *p, uint32_t b)
{
	uint32_t m = p->nmark[b], nb, i;

	p->nmark[b] = 0;
	if (m == p->end[b] - p->first[b])
		return;
	nb = p->nblk++;
	p->first[nb] = p->first[b];
	p->end[nb] = p->first[b] + m;
	p->first[b] += m;
	for (i = p->first[nb]; i < p->end[nb]; i++)
		p->blk[p->elems[i]] = nb;
	if (p->queued[b] || m <= p->end[b] - p->first[b]) {
		p->wl[p->nwl++] = nb;
		p->queued[nb] = 1;
	} else {
		p->wl[p->nwl++] = b;
		p->queued[b] = 1;
	}
}

static int refine(struct build *b, const struct idfa *in, struct part *p)
{
	uint32_t n = in->n, k = b->nclasses, s, c, i;
	size_t cells = (size_t)n * k, j;
	uint32_t *poff, *pred, *splitter, *touched, ntouched;
	const uint32_t *trans = in->trans;
	int ret = -1;

	memset(p, 0, sizeof(*p));
	p->elems = malloc(n * sizeof(uint32_t));
	p->loc = malloc(n * sizeof(uint32_t));
	p->blk = malloc(n * sizeof(uint32_t));
	p->first = malloc(n * sizeof(uint32_t));
	p->end = malloc(n * sizeof(uint32_t));
	p->nmark = calloc(n, sizeof(uint32_t));
	p->queued = calloc(n, 1);
	p->wl = malloc(n * sizeof(uint32_t));
	/* predecessors of each state, per class: pred[poff[c*n+t] ...] */
	poff = calloc(cells + 1, sizeof(*poff));
	pred = malloc(cells * sizeof(*pred));
	splitter = malloc(n * sizeof(*splitter));
	touched = malloc(n * sizeof(*touched));
	if (!p->elems || !p->loc || !p->blk || !p->first || !p->end ||
	    !p->nmark || !p->queued || !p->wl || !poff || !pred ||
	    !splitter || !touched || part_init(p, n, in->acc)) {
		no_memory(b);
		goto out;
	}
	for (s = 0; s < n; s++)
		for (c = 0; c < k; c++)
			poff[(size_t)c * n + trans[(size_t)s * k + c] + 1]++;
	for (j = 0; j < cells; j++)
		poff[j + 1] += poff[j];
	for (s = 0; s < n; s++)
		for (c = 0; c < k; c++)
			pred[poff[(size_t)c * n + trans[(size_t)s * k + c]]++] =
				s;
	/* poff[x] now ends list x: shift back to starts */
	for (j = cells; j > 0; j--)
		poff[j] = poff[j - 1];
	poff[0] = 0;

	while (p->nwl) {
		uint32_t a = p->wl[--p->nwl];
		uint32_t asz = p->end[a] - p->first[a];

		p->queued[a] = 0;
		memcpy(splitter, p->elems + p->first[a],
		       asz * sizeof(*splitter));
		for (c = 0; c < k; c++) {
			ntouched = 0;
			for (i = 0; i < asz; i++) {
				size_t x = (size_t)c * n + splitter[i];

				for (j = poff[x]; j < poff[x + 1]; j++)
					part_mark(p, pred[j], touched,
						  &ntouched);
			}
			for (i = 0; i < ntouched; i++)
				part_split(p, touched[i]);
		}
	}
	ret = 0;
out:
	free(poff);
	free(pred);
	free(splitter);
	free(touched);
	return ret;
}

/*
 * The minimal automaton equivalent to in (whose state 0 is dead): the dead
 * block becomes state 0, the others are numbered breadth-first from the
 * start, class by class. The numbering depends only on the language and
 * the accept tuples, so equal rule sets give equal tables in any order.
 */
static int minimise(struct build *b, const struct idfa *in, struct idfa *out)
{
	uint32_t k = b->nclasses, *newid = NULL, *queue = NULL, nq = 0, head;
	uint32_t next = 1, dead, sb, i, c;
	struct part p;
	int ret = -1;

	memset(out, 0, sizeof(*out));
	if (refine(b, in, &p))
		goto out;
	dead = p.blk[0];
	sb = p.blk[in->start];
	newid = malloc(p.nblk * sizeof(*newid));
	queue = malloc(p.nblk * sizeof(*queue));
	if (!newid || !queue) {
		no_memory(b);
		goto out;
	}
	memset(newid, 0xff, p.nblk * sizeof(*newid));
	newid[dead] = 0;
	if (sb != dead) {
		newid[sb] = next++;
		queue[nq++] = sb;
	}
	for (head = 0; head < nq; head++) {
		uint32_t r = p.elems[p.first[queue[head]]];

		for (c = 0; c < k; c++) {
			uint32_t tb = p.blk[in->trans[(size_t)r * k + c]];

			if (newid[tb] == NONE) {
				newid[tb] = next++;
				queue[nq++] = tb;
			}
		}
	}
	out->n = next;
	out->start = newid[sb];
	out->trans = calloc((size_t)next * k, sizeof(*out->trans));
	out->acc = calloc(next, sizeof(*out->acc));
	if (!out->trans || !out->acc) {
		idfa_free(out);
		no_memory(b);
		goto out;
	}
	for (i = 0; i < nq; i++) {
		uint32_t r = p.elems[p.first[queue[i]]], id = newid[queue[i]];

		for (c = 0; c < k; c++)
			out->trans[(size_t)id * k + c] =
				newid[p.blk[in->trans[(size_t)r * k + c]]];
		out->acc[id] = in->acc[r];
	}
	ret = 0;
out:
	part_free(&p);
	free(newid);
	free(queue);
	return ret;
}

/*
 * One minimal automaton per group of rules with the same accept tuple
 * (rules that only add the same permissions share their automaton, so
 * that their ** loops do not multiply), then the groups are merged two by
 * two, each product minimised at once.
 */
static int build_all(struct build *b, size_t n, struct idfa *res)
{
	struct moat_dfa_accept *gacc = calloc(n ? n : 1, sizeof(*gacc));
	uint32_t *gof = calloc(n ? n : 1, sizeof(*gof));
	struct idfa *parts = calloc(n ? n : 1, sizeof(*parts));
	struct vec32 starts = { 0 };
	size_t ng = 0, g, i, np;
	int ret = -1;

	if (!gacc || !gof || !parts) {
		no_memory(b);
		goto out;
	}
	for (i = 0; i < n; i++) {
		if (b->rstart[i] == NONE)
			continue;
		for (g = 0; g < ng; g++)
			if (acc_eq(&gacc[g], &b->racc[i]))
				break;
		if (g == ng)
			gacc[ng++] = b->racc[i];
		gof[i] = g;
	}
	for (g = 0; g < ng; g++) {
		struct idfa raw;
		int r;

		starts.n = 0;
		for (i = 0; i < n; i++)
			if (b->rstart[i] != NONE && gof[i] == g &&
			    vec_push(&starts, b->rstart[i])) {
				no_memory(b);
				goto out;
			}
		if (subset(b, starts.v, starts.n, &raw))
			goto out;
		r = minimise(b, &raw, &parts[g]);
		idfa_free(&raw);
		if (r)
			goto out;
	}
	for (np = ng; np > 1; np = (np + 1) / 2) {
		for (i = 0; i < np; i += 2) {
			struct idfa raw;
			int r;

			if (i + 1 == np) {
				parts[i / 2] = parts[i];
				memset(&parts[i], 0, sizeof(parts[i]));
				continue;
			}
			if (product(b, &parts[i], &parts[i + 1], &raw))
				goto out;
			idfa_free(&parts[i]);
			idfa_free(&parts[i + 1]);
			r = minimise(b, &raw, &parts[i / 2]);
			idfa_free(&raw);
			if (r)
				goto out;
		}
	}
	if (ng) {
		*res = parts[0];
		memset(&parts[0], 0, sizeof(parts[0]));
	} else {
		/* no rule grants or denies anything: the dead state alone */
		res->n = 1;
		res->start = 0;
		res->trans = calloc(b->nclasses, sizeof(*res->trans));
		res->acc = calloc(1, sizeof(*res->acc));
		if (!res->trans || !res->acc) {
			idfa_free(res);
			no_memory(b);
			goto out;
		}
	}
	ret = 0;
out:
	if (parts)
		for (g = 0; g < ng; g++)
			idfa_free(&parts[g]);
	free(parts);
	free(gacc);
	free(gof);
	vec_free(&starts);
	return ret;
}

static void build_free(struct build *b)
{
	nfa_free(&b->nfa);
	free(b->rstart);
	free(b->racc);
	free(b->setcls);
	free(b->mark);
	vec_free(&b->stack);
	free(b->clo_off);
	free(b->clo_len);
	vec_free(&b->clo);
}

int dfa_compile(const struct dfa_rule *rules, size_t n, struct dfa *out,
		char *err, size_t errlen)
{
	struct build b = { 0 };
	struct idfa m = { 0 };
	size_t i;
	int ret = -1;

	memset(out, 0, sizeof(*out));
	b.err = err;
	b.errlen = errlen;
	b.racc = calloc(n ? n : 1, sizeof(*b.racc));
	b.rstart = calloc(n ? n : 1, sizeof(*b.rstart));
	if (!b.racc || !b.rstart) {
		no_memory(&b);
		goto out;
	}
	for (i = 0; i < n; i++) {
		const struct dfa_rule *r = &rules[i];
		uint32_t perms = r->perms;
		char msg[160];

		if (r->glob && (perms & ~MOAT_FILE_ALL)) {
			seterr(err, errlen,
			       "rule '%s': unknown permission bits 0x%x",
			       r->glob, perms & ~MOAT_FILE_ALL);
			goto out;
		}
		if (glob_to_nfa(r->glob, i, &b.nfa, &b.rstart[i], msg,
				sizeof(msg))) {
			seterr(err, errlen, "rule '%s': %s",
			       r->glob ? r->glob : "(null)", msg);
			goto out;
		}
		if (perms & MOAT_FILE_WRITE)
			perms |= MOAT_FILE_APPEND;
		if (r->deny && r->owner)
			b.racc[i].deny_owner = perms;
		else if (r->deny)
			b.racc[i].deny = perms;
		else if (r->owner)
			b.racc[i].allow_owner = perms;
		else
			b.racc[i].allow = perms;
		/* a rule without permissions changes nothing: leave it out */
		if (!perms)
			b.rstart[i] = NONE;
	}
	if (make_classes(&b) || make_closures(&b) || build_all(&b, n, &m))
		goto out;
	if (m.n > MOAT_DFA_STATES_MAX) {
		seterr(err, errlen,
		       "the rules need %u automaton states, more than the %u moat takes",
		       m.n, MOAT_DFA_STATES_MAX);
		goto out;
	}
	out->trans = malloc((size_t)m.n * b.nclasses * sizeof(*out->trans));
	out->accept = malloc(m.n * sizeof(*out->accept));
	if (!out->trans || !out->accept) {
		dfa_free(out);
		no_memory(&b);
		goto out;
	}
	for (i = 0; i < (size_t)m.n * b.nclasses; i++)
		out->trans[i] = m.trans[i];
	memcpy(out->accept, m.acc, m.n * sizeof(*out->accept));
	memcpy(out->classmap, b.classmap, sizeof(out->classmap));
	out->nstates = m.n;
	out->nclasses = b.nclasses;
	out->start = m.start;
	ret = 0;
out:
	idfa_free(&m);
	build_free(&b);
	return ret;
}

void dfa_free(struct dfa *d)
{
	free(d->trans);
	free(d->accept);
	memset(d, 0, sizeof(*d));
}

uint32_t dfa_match(const struct dfa *d, const char *path)
{
	const unsigned char *c = (const unsigned char *)path;
	uint32_t s = d->start;

	if (!d->trans)
		return 0;
	while (*c && s)
		s = d->trans[(size_t)s * d->nclasses + d->classmap[*c++]];
	return s;
}
