// SPDX-License-Identifier: GPL-2.0
/*
 * moatctl - Docker seccomp JSON to a flat syscall profile
 *
 * Reads a profile in Docker's format (moby/profiles seccomp/default.json)
 * unmodified and resolves it the way a container start does:
 *
 * - Docker (moby/profiles seccomp/seccomp_linux.go, setupSeccomp): the ABIs
 *   are "architectures", or the "archMap" entry of the host architecture
 *   (SCMP_ARCH_X86_64 and its sub-architectures); a rule is kept if its
 *   "excludes" do not hold (arch, any cap held, kernel >= minKernel) and its
 *   "includes" do (arch, every cap held, kernel >= minKernel). The arch in
 *   includes/excludes is the host's, "amd64", whatever ABI a rule ends up
 *   on; minKernel compares major.minor only.
 * - runc (libcontainer/seccomp/seccomp_linux.go, patchbpf/enosys_linux.go):
 *   a rule whose action equals the default action is skipped; names are
 *   resolved by libseccomp per ABI and names it does not know are skipped;
 *   a rule with two comparisons on the same argument becomes one rule per
 *   comparison (ORed); numbers above the largest one any kept rule names on
 *   an ABI return ENOSYS unless the default action allows.
 * - libseccomp: for one syscall, a rule without comparisons wins over rules
 *   with them; i386 compares the low 32 bits of arguments and operands.
 *
 * moat adds one thing: on x86_64 and x32, arguments that the kernel reads
 * as 32-bit (socket's family, personality, clone's flags, ...) are compared
 * on their low 32 bits, as the syscall itself will use them. A filter that
 * compares all 64 bits can be passed socket(0x100000028, ...), which the
 * kernel runs as socket(AF_VSOCK, ...).
 */

#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>
#include <seccomp.h>
#include <sys/capability.h>

#include "seccomp_json.h"

/* Docker's default capability set (moby oci/caps/defaults.go): 14 caps. */
static const int docker_default_caps[] = {
	CAP_CHOWN, CAP_DAC_OVERRIDE, CAP_FSETID, CAP_FOWNER, CAP_MKNOD,
	CAP_NET_RAW, CAP_SETGID, CAP_SETUID, CAP_SETFCAP, CAP_SETPCAP,
	CAP_NET_BIND_SERVICE, CAP_SYS_CHROOT, CAP_KILL, CAP_AUDIT_WRITE,
};

/*
 * Arguments that x86_64 and x32 syscalls read as 32-bit values, from the
 * SYSCALL_DEFINE prototypes in the kernel (and clone's lower_32_bits()).
 * Others are compared on 64 bits, as seccomp does.
 */
static const struct {
	const char *name;
	uint8_t mask;		/* bit n: argument n is 32-bit */
} int_args[] = {
	{ "socket", 0x07 },		/* int family, int type, int protocol */
	{ "socketpair", 0x07 },		/* int family, int type, int protocol */
	{ "personality", 0x01 },	/* unsigned int personality */
	{ "clone", 0x01 },		/* lower_32_bits(clone_flags) */
	{ "setns", 0x03 },		/* int fd, int flags */
	{ "prctl", 0x01 },		/* int option */
	{ "ioctl", 0x03 },		/* unsigned int fd, unsigned int cmd */
	{ "fcntl", 0x03 },		/* unsigned int fd, unsigned int cmd */
	{ "kill", 0x03 },		/* pid_t pid, int sig */
	{ "tkill", 0x03 },		/* pid_t pid, int sig */
	{ "tgkill", 0x07 },		/* pid_t tgid, pid_t pid, int sig */
};

static const struct {
	const char *json;
	uint32_t scmp;
	enum moat_abi abi;
} arches[] = {
	{ "SCMP_ARCH_X86_64", SCMP_ARCH_X86_64, MOAT_ABI_X86_64 },
	{ "SCMP_ARCH_X86", SCMP_ARCH_X86, MOAT_ABI_I386 },
	{ "SCMP_ARCH_X32", SCMP_ARCH_X32, MOAT_ABI_X32 },
};

/* The host architecture as Docker names it in includes/excludes. */
#define HOST_ARCH "amd64"
#define HOST_SCMP_ARCH "SCMP_ARCH_X86_64"
#define X32_BIT 0x40000000U

struct ctx {
	const char *file;
	const struct seccomp_opts *opts;
	struct sys_profile *out;
	struct seccomp_report *report;
	char *err;
	size_t errlen;
	uint32_t max_nr[__MOAT_ABI_COUNT];
	bool has_nr[__MOAT_ABI_COUNT];
};

static int __attribute__((format(printf, 3, 4)))
fail(struct ctx *c, const char *where, const char *fmt, ...)
{
	va_list ap;
	int n;

	n = snprintf(c->err, c->errlen, "%s: %s: ", c->file, where);
	if (n < 0 || (size_t)n >= c->errlen)
		return -EINVAL;
	va_start(ap, fmt);
	vsnprintf(c->err + n, c->errlen - n, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

uint64_t seccomp_docker_default_caps(void)
{
	uint64_t caps = 0;
	size_t i;

	for (i = 0; i < sizeof(docker_default_caps) / sizeof(docker_default_caps[0]); i++)
		caps |= 1ULL << docker_default_caps[i];
	return caps;
}

/* "SYS_ADMIN", "cap_sys_admin", "CAP_SYS_ADMIN" -> CAP_SYS_ADMIN; -1 if unknown */
static int cap_parse(const char *name)
{
	char buf[64];
	cap_value_t v;
	size_t i, off = 0;

	if (strncasecmp(name, "CAP_", 4) != 0) {
		memcpy(buf, "cap_", 4);
		off = 4;
	}
	for (i = 0; name[i] && off < sizeof(buf) - 1; i++)
		buf[off++] = tolower((unsigned char)name[i]);
	buf[off] = '\0';
	if (name[i] || cap_from_name(buf, &v) != 0 || v < 0 || v > 63)
		return -1;
	return v;
}

static bool in_list(char *const *list, size_t n, const char *what)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcasecmp(list[i], what))
			return true;
	return false;
}

/*
 * Docker's --cap-add/--cap-drop (moby oci/caps/utils.go TweakCapabilities):
 * "ALL" in cap-add means every cap but the dropped ones; "ALL" in cap-drop
 * means only the added ones; otherwise defaults minus drops plus adds.
 */
int seccomp_caps_tweak(uint64_t *caps, char *const *add, size_t nadd,
		       char *const *drop, size_t ndrop, char *err, size_t errlen)
{
	uint64_t add_set = 0, drop_set = 0, all = 0;
	size_t i;
	int v;

	for (v = 0; v <= CAP_LAST_CAP && v < 64; v++)
		all |= 1ULL << v;
	for (i = 0; i < nadd + ndrop; i++) {
		const char *name = i < nadd ? add[i] : drop[i - nadd];

		if (!strcasecmp(name, "ALL"))
			continue;
		v = cap_parse(name);
		if (v < 0) {
			snprintf(err, errlen, "unknown capability \"%s\"", name);
			return -EINVAL;
		}
		if (i < nadd)
			add_set |= 1ULL << v;
		else
			drop_set |= 1ULL << v;
	}
	if (in_list(add, nadd, "ALL"))
		*caps = all & ~drop_set;
	else if (in_list(drop, ndrop, "ALL"))
		*caps = add_set;
	else
		*caps = (*caps & ~drop_set) | add_set;
	return 0;
}

static bool json_is_uint(struct json_object *v)
{
	return json_object_is_type(v, json_type_int) &&
	       json_object_get_int64(v) >= 0;
}

/* Checks that every key of @obj is in the NULL-terminated @keys. */
static int check_keys(struct ctx *c, const char *where,
		      struct json_object *obj, const char *const *keys)
{
	json_object_object_foreach(obj, key, val) {
		const char *const *k;

		(void)val;
		for (k = keys; *k; k++)
			if (!strcmp(*k, key))
				break;
		if (!*k)
			return fail(c, where, "unknown key \"%s\"", key);
	}
	return 0;
}

static struct json_object *get(struct json_object *obj, const char *key)
{
	struct json_object *v = NULL;

	if (!json_object_object_get_ex(obj, key, &v))
		return NULL;
	return json_object_is_type(v, json_type_null) ? NULL : v;
}

static int parse_action(struct ctx *c, const char *where,
			struct json_object *action, const char *errno_key,
			struct json_object *errno_ret, uint8_t *act, uint16_t *err)
{
	const char *s;

	if (!action || !json_object_is_type(action, json_type_string))
		return fail(c, where, "action must be a string");
	s = json_object_get_string(action);
	if (errno_ret && !json_is_uint(errno_ret))
		return fail(c, where, "%s must be a non-negative integer", errno_key);
	if (!strcmp(s, "SCMP_ACT_ALLOW")) {
		*act = MOAT_ACT_ALLOW;
		*err = 0;
		return 0;
	}
	if (!strcmp(s, "SCMP_ACT_ERRNO")) {
		uint64_t e = errno_ret ? json_object_get_uint64(errno_ret) : EPERM;

		if (e == 0 || e > MOAT_ERRNO_MAX)
			return fail(c, where, "%s %llu: moat returns errnos 1..%d",
				    errno_key, (unsigned long long)e, MOAT_ERRNO_MAX);
		*act = MOAT_ACT_ERRNO;
		*err = e;
		return 0;
	}
	{
		static const char *const known[] = {
			"SCMP_ACT_KILL", "SCMP_ACT_KILL_PROCESS",
			"SCMP_ACT_KILL_THREAD", "SCMP_ACT_TRAP",
			"SCMP_ACT_TRACE", "SCMP_ACT_LOG", "SCMP_ACT_NOTIFY",
		};
		size_t i;

		for (i = 0; i < sizeof(known) / sizeof(known[0]); i++)
			if (!strcmp(s, known[i]))
				return fail(c, where, "action %s is not supported: moat enforces SCMP_ACT_ALLOW and SCMP_ACT_ERRNO", s);
	}
	return fail(c, where, "unknown action \"%s\"", s);
}

static int parse_op(const char *s)
{
	static const struct {
		const char *name;
		enum moat_cmp op;
	} ops[] = {
		{ "SCMP_CMP_NE", MOAT_CMP_NE },
		{ "SCMP_CMP_LT", MOAT_CMP_LT },
		{ "SCMP_CMP_LE", MOAT_CMP_LE },
		{ "SCMP_CMP_EQ", MOAT_CMP_EQ },
		{ "SCMP_CMP_GE", MOAT_CMP_GE },
		{ "SCMP_CMP_GT", MOAT_CMP_GT },
		{ "SCMP_CMP_MASKED_EQ", MOAT_CMP_MASKED_EQ },
	};
	size_t i;

	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		if (!strcmp(ops[i].name, s))
			return ops[i].op;
	return -1;
}

/* The ABIs the profile covers: bit per enum moat_abi. */
static int parse_arches(struct ctx *c, struct json_object *root,
			unsigned int *abis)
{
	struct json_object *list = get(root, "architectures");
	struct json_object *map = get(root, "archMap");
	char where[64];
	size_t i, j;

	*abis = 1U << MOAT_ABI_X86_64;	/* libseccomp always has the native ABI */
	if (list && map)
		return fail(c, "architectures", "both 'architectures' and 'archMap' are given: use one");
	if (map) {
		if (!json_object_is_type(map, json_type_array))
			return fail(c, "archMap", "must be an array");
		list = NULL;
		for (i = 0; i < json_object_array_length(map); i++) {
			struct json_object *e = json_object_array_get_idx(map, i);
			struct json_object *a;

			snprintf(where, sizeof(where), "archMap[%zu]", i);
			if (!json_object_is_type(e, json_type_object))
				return fail(c, where, "must be an object");
			if (check_keys(c, where, e, (const char *const[]){
					"architecture", "subArchitectures", NULL }))
				return -EINVAL;
			a = get(e, "architecture");
			if (!a || !json_object_is_type(a, json_type_string))
				return fail(c, where, "architecture must be a string");
			if (strcmp(json_object_get_string(a), HOST_SCMP_ARCH))
				continue;
			list = get(e, "subArchitectures");
			if (list && !json_object_is_type(list, json_type_array))
				return fail(c, where, "subArchitectures must be an array");
			break;
		}
	} else if (list && !json_object_is_type(list, json_type_array)) {
		return fail(c, "architectures", "must be an array");
	}
	if (!list)
		return 0;
	for (i = 0; i < json_object_array_length(list); i++) {
		struct json_object *a = json_object_array_get_idx(list, i);
		const char *s;

		snprintf(where, sizeof(where), "%s[%zu]", map ? "archMap" : "architectures", i);
		if (!json_object_is_type(a, json_type_string))
			return fail(c, where, "must be a string");
		s = json_object_get_string(a);
		for (j = 0; j < sizeof(arches) / sizeof(arches[0]); j++)
			if (!strcmp(arches[j].json, s))
				*abis |= 1U << arches[j].abi;
		if (strncmp(s, "SCMP_ARCH_", 10))
			return fail(c, where, "unknown architecture \"%s\"", s);
	}
	return 0;
}

static int string_list(struct ctx *c, const char *where, struct json_object *v,
		       size_t *n)
{
	size_t i;

	if (!json_object_is_type(v, json_type_array))
		return fail(c, where, "must be an array of strings");
	*n = json_object_array_length(v);
	for (i = 0; i < *n; i++)
		if (!json_object_is_type(json_object_array_get_idx(v, i),
					 json_type_string))
			return fail(c, where, "must be an array of strings");
	return 0;
}

static bool list_has(struct json_object *list, const char *s)
{
	size_t i;

	for (i = 0; i < json_object_array_length(list); i++)
		if (!strcmp(json_object_get_string(json_object_array_get_idx(list, i)), s))
			return true;
	return false;
}

/* "4.8" -> true if the target kernel is at least 4.8 (major.minor only). */
static int kernel_at_least(struct ctx *c, const char *where,
			   struct json_object *v, bool *ok)
{
	unsigned int major, minor;
	char tail;

	if (!json_object_is_type(v, json_type_string) ||
	    sscanf(json_object_get_string(v), "%u.%u%c", &major, &minor, &tail) != 2)
		return fail(c, where, "minKernel must be a string \"MAJOR.MINOR\"");
	*ok = c->opts->kernel_major > major ||
	      (c->opts->kernel_major == major && c->opts->kernel_minor >= minor);
	return 0;
}

/*
 * Docker's includes/excludes filter. Sets *keep. @which is "includes" or
 * "excludes"; includes need everything to hold, excludes drop the rule if
 * anything holds.
 */
static int conditions(struct ctx *c, const char *where, struct json_object *cond,
		      bool includes, bool *keep)
{
	static const char *const keys[] = { "arches", "caps", "minKernel", NULL };
	struct json_object *v;
	char w[96];
	size_t i, n;

	if (!cond)
		return 0;
	snprintf(w, sizeof(w), "%s.%s", where, includes ? "includes" : "excludes");
	if (!json_object_is_type(cond, json_type_object))
		return fail(c, w, "must be an object");
	if (check_keys(c, w, cond, keys))
		return -EINVAL;

	v = get(cond, "arches");
	if (v) {
		if (string_list(c, w, v, &n))
			return -EINVAL;
		if (n && list_has(v, HOST_ARCH) != includes)
			*keep = false;
	}
	v = get(cond, "caps");
	if (v) {
		if (string_list(c, w, v, &n))
			return -EINVAL;
		for (i = 0; i < n; i++) {
			int cap = cap_parse(json_object_get_string(json_object_array_get_idx(v, i)));
			bool held = cap >= 0 && (c->opts->caps & (1ULL << cap));

			if (held != includes)
				*keep = false;
		}
	}
	v = get(cond, "minKernel");
	if (v) {
		bool at_least = false;

		if (kernel_at_least(c, w, v, &at_least))
			return -EINVAL;
		if (at_least != includes)
			*keep = false;
	}
	return 0;
}

static uint8_t arg_width(enum moat_abi abi, const char *name, unsigned int index)
{
	size_t i;

	if (abi == MOAT_ABI_I386)
		return 32;
	for (i = 0; i < sizeof(int_args) / sizeof(int_args[0]); i++)
		if (!strcmp(int_args[i].name, name))
			return int_args[i].mask & (1U << index) ? 32 : 64;
	return 64;
}

struct json_cmp {
	unsigned int index;
	int op;
	uint64_t value;
	uint64_t value_two;
};

static int parse_args(struct ctx *c, const char *where, struct json_object *args,
		      struct json_cmp *cmps, size_t *ncmp)
{
	static const char *const keys[] = { "index", "value", "valueTwo", "op", NULL };
	char w[96];
	size_t i;

	*ncmp = 0;
	if (!args)
		return 0;
	if (!json_object_is_type(args, json_type_array))
		return fail(c, where, "args must be an array");
	if (json_object_array_length(args) > MOAT_SYS_ARGS_MAX)
		return fail(c, where, "more than %d argument comparisons", MOAT_SYS_ARGS_MAX);
	for (i = 0; i < json_object_array_length(args); i++) {
		struct json_object *a = json_object_array_get_idx(args, i);
		struct json_object *idx, *val, *two, *op;

		snprintf(w, sizeof(w), "%s.args[%zu]", where, i);
		if (!json_object_is_type(a, json_type_object))
			return fail(c, w, "must be an object");
		if (check_keys(c, w, a, keys))
			return -EINVAL;
		idx = get(a, "index");
		val = get(a, "value");
		two = get(a, "valueTwo");
		op = get(a, "op");
		if (!idx || !json_is_uint(idx) || json_object_get_uint64(idx) > 5)
			return fail(c, w, "index must be 0..5");
		if (!val || !json_is_uint(val))
			return fail(c, w, "value must be a non-negative integer");
		if (two && !json_is_uint(two))
			return fail(c, w, "valueTwo must be a non-negative integer");
		if (!op || !json_object_is_type(op, json_type_string) ||
		    parse_op(json_object_get_string(op)) < 0)
			return fail(c, w, "op must be one of SCMP_CMP_NE, _LT, _LE, _EQ, _GE, _GT, _MASKED_EQ");
		cmps[i].index = json_object_get_uint64(idx);
		cmps[i].op = parse_op(json_object_get_string(op));
		cmps[i].value = json_object_get_uint64(val);
		cmps[i].value_two = two ? json_object_get_uint64(two) : 0;
	}
	*ncmp = i;
	return 0;
}

/* Fills one moat comparison for @abi; libseccomp's MASKED_EQ is (mask, datum). */
static int make_cmp(struct ctx *c, const char *where, const char *name,
		    enum moat_abi abi, const struct json_cmp *in,
		    struct sys_cmp *out)
{
	uint64_t value, mask = 0;

	out->index = in->index;
	out->op = in->op;
	out->width = arg_width(abi, name, in->index);
	if (in->op == MOAT_CMP_MASKED_EQ) {
		mask = in->value;
		value = in->value_two;
	} else {
		value = in->value;
	}
	if (abi == MOAT_ABI_I386) {
		/* libseccomp compares the low halves on 32-bit ABIs */
		value &= 0xffffffffULL;
		mask &= 0xffffffffULL;
	} else if (out->width == 32 &&
		   (value > 0xffffffffULL || mask > 0xffffffffULL)) {
		return fail(c, where, "%s: operand 0x%llx does not fit argument %u, which the kernel reads as 32 bits",
			    name, (unsigned long long)(value | mask), in->index);
	}
	out->value = value;
	out->mask = mask;
	return 0;
}

static void note_unknown(struct ctx *c, const char *name)
{
	struct seccomp_report *r = c->report;
	size_t len = strlen(r->unknown);

	r->unknown_count++;
	if (len + strlen(name) + 3 < sizeof(r->unknown))
		snprintf(r->unknown + len, sizeof(r->unknown) - len, "%s%s",
			 len ? ", " : "", name);
}

/* Appends one rule (or runc's one-rule-per-comparison split) at @nr. */
static int add_rule_at(struct ctx *c, const char *where, const char *name,
		       enum moat_abi abi, uint32_t nr, uint8_t action,
		       uint16_t err, const struct json_cmp *cmps, size_t ncmp,
		       bool split)
{
	size_t j, k;

	for (j = 0; j < (split ? ncmp : 1); j++) {
		struct sys_rule *r = sys_abi_add(&c->out->abi[abi]);
		size_t n = split ? 1 : ncmp;

		if (!r)
			return -ENOMEM;
		r->nr = nr;
		r->action = action;
		r->err = err;
		r->ncmp = n;
		for (k = 0; k < n; k++)
			if (make_cmp(c, where, name, abi, &cmps[split ? j : k],
				     &r->cmp[k]))
				return -EINVAL;
	}
	return 0;
}

static void note_nr(struct ctx *c, enum moat_abi abi, uint32_t nr)
{
	if (!c->has_nr[abi] || nr > c->max_nr[abi])
		c->max_nr[abi] = nr;
	c->has_nr[abi] = true;
}

/*
 * An i386 socket or IPC syscall: the rule goes on the direct syscall and,
 * as libseccomp does, on socketcall(2)/ipc(2) with arg0 == the call number.
 * libseccomp overwrites a rule's own arg0 comparison there; moatctl cannot
 * see the arguments socketcall passes in memory either, so a rule with
 * comparisons is not placed on the multiplexer at all (which then answers
 * by its own rules, or the default).
 */
static int add_i386_mux(struct ctx *c, const char *where, const char *name,
			int pnr, uint8_t action, uint16_t err, bool redundant,
			const struct json_cmp *cmps, size_t ncmp, bool split)
{
	int mux_nr, call, direct_nr;
	struct json_cmp on_call = { .index = 0, .op = MOAT_CMP_EQ };

	if (i386_mux(name, pnr, &mux_nr, &call, &direct_nr))
		return 0;
	if (direct_nr >= 0)
		note_nr(c, MOAT_ABI_I386, direct_nr);
	if (redundant)
		return 0;
	if (direct_nr >= 0 &&
	    add_rule_at(c, where, name, MOAT_ABI_I386, direct_nr, action, err,
			cmps, ncmp, split))
		return -EINVAL;
	if (ncmp)
		return 0;
	on_call.value = call;
	return add_rule_at(c, where, name, MOAT_ABI_I386, mux_nr, action, err,
			   &on_call, 1, false);
}

static int add_rules(struct ctx *c, const char *where, const char *name,
		     unsigned int abis, uint8_t action, uint16_t err,
		     bool redundant, const struct json_cmp *cmps, size_t ncmp)
{
	bool known = false, split = false;
	unsigned int seen = 0;
	size_t i;

	for (i = 0; i < ncmp; i++) {
		if (seen & (1U << cmps[i].index))
			split = true;
		seen |= 1U << cmps[i].index;
	}

	for (i = 0; i < sizeof(arches) / sizeof(arches[0]); i++) {
		enum moat_abi abi = arches[i].abi;
		int nr;

		if (!(abis & (1U << abi)))
			continue;
		nr = seccomp_syscall_resolve_name_arch(arches[i].scmp, name);
		if (nr == __NR_SCMP_ERROR)
			continue;
		known = true;
		if (nr < 0 && abi == MOAT_ABI_I386) {
			if (add_i386_mux(c, where, name, nr, action, err,
					 redundant, cmps, ncmp, split))
				return -EINVAL;
			continue;
		}
		if (nr < 0)
			continue;	/* a pseudo number: not on this ABI */
		if (abi == MOAT_ABI_X32)
			nr &= ~X32_BIT;
		if (nr >= MOAT_SYS_NR_MAX)
			return fail(c, where, "%s: syscall number %d on %s is beyond moat's table (%d)",
				    name, nr, abi_name(abi), MOAT_SYS_NR_MAX);
		note_nr(c, abi, nr);
		if (!redundant &&
		    add_rule_at(c, where, name, abi, nr, action, err, cmps,
				ncmp, split))
			return -EINVAL;
	}
	if (!known)
		note_unknown(c, name);
	return 0;
}

static int parse_rule(struct ctx *c, size_t idx, struct json_object *rule,
		      unsigned int abis)
{
	static const char *const keys[] = {
		"names", "name", "action", "errnoRet", "args", "comment",
		"includes", "excludes", NULL
	};
	struct json_cmp cmps[MOAT_SYS_ARGS_MAX];
	struct json_object *names, *name;
	bool keep = true, redundant;
	char where[64];
	uint8_t action;
	uint16_t err;
	size_t i, n, ncmp;

	snprintf(where, sizeof(where), "syscalls[%zu]", idx);
	if (!json_object_is_type(rule, json_type_object))
		return fail(c, where, "must be an object");
	if (check_keys(c, where, rule, keys))
		return -EINVAL;
	names = get(rule, "names");
	name = get(rule, "name");
	if (names && name)
		return fail(c, where, "both 'name' and 'names' are given: use one");
	if (name && !json_object_is_type(name, json_type_string))
		return fail(c, where, "name must be a string");
	if (names) {
		char w[96];

		snprintf(w, sizeof(w), "%s.names", where);
		if (string_list(c, w, names, &n))
			return -EINVAL;
	}
	if (!names && !name)
		return fail(c, where, "\"names\" is missing");
	if (!get(rule, "action"))
		return fail(c, where, "\"action\" is missing");
	if (parse_action(c, where, get(rule, "action"), "errnoRet",
			 get(rule, "errnoRet"),
			 &action, &err))
		return -EINVAL;
	if (parse_args(c, where, get(rule, "args"), cmps, &ncmp))
		return -EINVAL;

	/* Docker: excludes first, then includes. */
	if (conditions(c, where, get(rule, "excludes"), false, &keep) ||
	    conditions(c, where, get(rule, "includes"), true, &keep))
		return -EINVAL;
	if (!keep) {
		c->report->rules_dropped++;
		return 0;
	}
	c->report->rules_kept++;

	redundant = action == c->out->default_action &&
		    err == c->out->default_err;
	if (name)
		return add_rules(c, where, json_object_get_string(name), abis,
				 action, err, redundant, cmps, ncmp);
	for (i = 0; i < n; i++) {
		const char *s = json_object_get_string(json_object_array_get_idx(names, i));

		if (!*s)
			return fail(c, where, "empty syscall name");
		if (add_rules(c, where, s, abis, action, err, redundant, cmps, ncmp))
			return -EINVAL;
	}
	return 0;
}

struct seq_rule {
	struct sys_rule r;
	size_t seq;
};

/* By number; unconditional first; denials before allows; then input order. */
static int seq_rule_cmp(const void *a, const void *b)
{
	const struct seq_rule *x = a, *y = b;

	if (x->r.nr != y->r.nr)
		return x->r.nr < y->r.nr ? -1 : 1;
	if (!!x->r.ncmp != !!y->r.ncmp)
		return x->r.ncmp ? 1 : -1;
	if (x->r.action != y->r.action)
		return x->r.action == MOAT_ACT_ERRNO ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/*
 * One syscall's rules, as the kernel takes them: an unconditional rule wins
 * over conditional ones (libseccomp); two unconditional rules must agree;
 * conditional rules are tried denials first (fail closed), then in input
 * order.
 */
static int normalise_abi(struct ctx *c, enum moat_abi abi)
{
	struct sys_abi *t = &c->out->abi[abi];
	struct seq_rule *tmp;
	size_t i, n = 0;

	if (!t->nrules)
		return 0;
	tmp = calloc(t->nrules, sizeof(*tmp));
	if (!tmp)
		return -ENOMEM;
	for (i = 0; i < t->nrules; i++) {
		tmp[i].r = t->rules[i];
		tmp[i].seq = i;
	}
	qsort(tmp, t->nrules, sizeof(*tmp), seq_rule_cmp);
	for (i = 0; i < t->nrules; i++) {
		const struct sys_rule *r = &tmp[i].r;
		const struct sys_rule *prev = n ? &t->rules[n - 1] : NULL;

		if (prev && prev->nr == r->nr && !prev->ncmp) {
			if (!r->ncmp && (r->action != prev->action ||
					 r->err != prev->err)) {
				uint32_t nr = r->nr;	/* r points into tmp */

				free(tmp);
				return fail(c, "syscalls", "%s syscall %u has two rules without arguments that disagree",
					    abi_name(abi), nr);
			}
			continue;	/* covered by the unconditional rule */
		}
		t->rules[n++] = *r;
	}
	free(tmp);
	t->nrules = n;
	return 0;
}

static int compile_root(struct ctx *c, struct json_object *root)
{
	static const char *const keys[] = {
		"defaultAction", "defaultErrnoRet", "architectures", "archMap",
		"syscalls", "flags", "listenerPath", "listenerMetadata", NULL
	};
	struct json_object *syscalls, *v;
	unsigned int abis;
	size_t i;
	int abi, err;

	if (!json_object_is_type(root, json_type_object))
		return fail(c, "(top)", "a seccomp profile is a JSON object");
	if (check_keys(c, "(top)", root, keys))
		return -EINVAL;
	if (!get(root, "defaultAction"))
		return fail(c, "(top)", "\"defaultAction\" is missing");
	if (parse_action(c, "defaultAction", get(root, "defaultAction"),
			 "defaultErrnoRet",
			 get(root, "defaultErrnoRet"), &c->out->default_action,
			 &c->out->default_err))
		return -EINVAL;
	v = get(root, "listenerPath");
	if (v && (!json_object_is_type(v, json_type_string) ||
		  *json_object_get_string(v)))
		return fail(c, "listenerPath", "seccomp notify listeners are not supported");
	v = get(root, "flags");
	if (v) {
		size_t n;

		/* Filter flags (log, spec_allow, tsync) have no moat meaning. */
		if (string_list(c, "flags", v, &n))
			return -EINVAL;
	}
	err = parse_arches(c, root, &abis);
	if (err)
		return err;
	for (abi = 0; abi < __MOAT_ABI_COUNT; abi++)
		c->out->abi[abi].present = abis & (1U << abi);

	syscalls = get(root, "syscalls");
	if (syscalls && !json_object_is_type(syscalls, json_type_array))
		return fail(c, "syscalls", "must be an array");
	for (i = 0; syscalls && i < json_object_array_length(syscalls); i++) {
		err = parse_rule(c, i, json_object_array_get_idx(syscalls, i), abis);
		if (err)
			return err;
	}

	for (abi = 0; abi < __MOAT_ABI_COUNT; abi++) {
		struct sys_abi *t = &c->out->abi[abi];

		err = normalise_abi(c, abi);
		if (err)
			return err;
		/* runc's ENOSYS stub: not when the default allows or is ENOSYS */
		if (t->present && c->has_nr[abi] &&
		    c->out->default_action == MOAT_ACT_ERRNO &&
		    c->out->default_err != ENOSYS)
			t->enosys_from = c->max_nr[abi] + 1;
	}
	return 0;
}

int seccomp_json_compile_buffer(const char *file, const char *text,
				size_t len, const struct seccomp_opts *opts,
				struct sys_profile *out,
				struct seccomp_report *report,
				char *err, size_t errlen)
{
	struct seccomp_report dummy;
	struct ctx c = {
		.file = file, .opts = opts, .out = out,
		.report = report ? report : &dummy, .err = err, .errlen = errlen,
	};
	struct json_tokener *tok;
	struct json_object *root;
	size_t end, line = 1, col = 1, i;
	int ret;

	memset(out, 0, sizeof(*out));
	memset(c.report, 0, sizeof(*c.report));
	tok = json_tokener_new();
	if (!tok)
		return -ENOMEM;
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT);
	root = json_tokener_parse_ex(tok, text, (int)len);
	end = json_tokener_get_parse_end(tok);
	if (!root) {
		enum json_tokener_error jerr = json_tokener_get_error(tok);
		const char *desc = jerr == json_tokener_continue ?
				   "unexpected end of file" :
				   json_tokener_error_desc(jerr);

		for (i = 0; i < end && i < len; i++) {
			if (text[i] == '\n') {
				line++;
				col = 1;
			} else {
				col++;
			}
		}
		snprintf(err, errlen, "%s:%zu:%zu: %s", file, line, col, desc);
		json_tokener_free(tok);
		return -EINVAL;
	}
	json_tokener_free(tok);
	for (i = end; i < len; i++) {
		if (!isspace((unsigned char)text[i])) {
			json_object_put(root);
			snprintf(err, errlen, "%s: text after the JSON object", file);
			return -EINVAL;
		}
	}

	ret = compile_root(&c, root);
	json_object_put(root);
	if (ret)
		sys_profile_free(out);
	return ret;
}

int seccomp_json_compile_file(const char *file,
			      const struct seccomp_opts *opts,
			      struct sys_profile *out,
			      struct seccomp_report *report,
			      char *err, size_t errlen)
{
	char *text = NULL;
	size_t len = 0, cap = 0, n;
	FILE *f;
	int ret;

	f = fopen(file, "r");
	if (!f) {
		snprintf(err, errlen, "%s: %s", file, strerror(errno));
		return -errno;
	}
	do {
		if (len + 4096 > cap) {
			char *grown;

			cap = cap ? cap * 2 : 65536;
			if (cap > (64U << 20)) {
				snprintf(err, errlen, "%s: larger than 64 MiB", file);
				free(text);
				fclose(f);
				return -EFBIG;
			}
			grown = realloc(text, cap);
			if (!grown) {
				free(text);
				fclose(f);
				return -ENOMEM;
			}
			text = grown;
		}
		n = fread(text + len, 1, cap - len, f);
		len += n;
	} while (n > 0);
	if (ferror(f)) {
		snprintf(err, errlen, "%s: %s", file, strerror(errno));
		free(text);
		fclose(f);
		return -EIO;
	}
	fclose(f);
	ret = seccomp_json_compile_buffer(file, text ? text : "", len, opts, out,
					  report, err, errlen);
	free(text);
	return ret;
}
