/* SPDX-License-Identifier: GPL-2.0 */
/*
 * moatctl - a compiled profile, as it is sent to the kernel
 *
 * The compilers (seccomp_json.c) produce this flat form; ipc.c encodes it
 * into the attributes of kernel/uapi/moat.h; render.c prints it.
 */
#ifndef MOATCTL_PROFILE_H
#define MOATCTL_PROFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../kernel/uapi/moat.h"
#include "apparmor.h"
#include "dfa.h"

struct sys_cmp {
	uint8_t index;		/* argument, 0..5 */
	uint8_t op;		/* enum moat_cmp */
	uint8_t width;		/* 32 or 64 */
	uint64_t value;
	uint64_t mask;		/* MOAT_CMP_MASKED_EQ only */
};

struct sys_rule {
	uint32_t nr;		/* number within the ABI (x32: without the x32 bit) */
	uint8_t action;		/* enum moat_action */
	uint16_t err;		/* errno for MOAT_ACT_ERRNO */
	uint8_t ncmp;		/* 0: unconditional */
	struct sys_cmp cmp[MOAT_SYS_ARGS_MAX];
};

struct sys_abi {
	bool present;
	uint32_t enosys_from;	/* 0: no ENOSYS stub */
	size_t nrules;
	size_t cap;
	struct sys_rule *rules;
};

struct sys_profile {
	uint8_t default_action;	/* enum moat_action */
	uint16_t default_err;
	struct sys_abi abi[__MOAT_ABI_COUNT];
};

void sys_profile_free(struct sys_profile *p);

/* The path layer: an AppArmor-syntax profile and its compiled file rules. */
struct path_layer {
	struct aa_profile aa;
	struct dfa dfa;
};

int path_layer_compile(const char *file, const struct aa_opts *opts,
		       struct path_layer *out, char *err, size_t errlen);
int path_layer_compile_string(const char *text, const char *name,
			      const struct aa_opts *opts,
			      struct path_layer *out, char *err, size_t errlen);
void path_layer_free(struct path_layer *pl);
uint32_t path_layer_decide(const struct path_layer *pl, const char *path,
			   bool owner, uint32_t *denied);
int file_is_seccomp_json(const char *file);
struct sys_rule *sys_abi_add(struct sys_abi *abi);
const char *abi_name(enum moat_abi abi);
int abi_from_name(const char *name);
/* "policy/docker-default.json" -> "docker-default" (malloc'ed), or NULL. */
char *profile_name_from_file(const char *file);
/* The name libseccomp gives syscall nr of abi (malloc'ed), or NULL. */
char *syscall_name(enum moat_abi abi, uint32_t nr);

/*
 * decision for one syscall: the errno (0 allow) if no conditional rule
 * matches, and the conditional rules to try first (pointers into the profile)
 */
struct sys_decision {
	bool enosys;
	uint16_t err;
	size_t ncond;
	const struct sys_rule *cond[64];
};

void sys_decide(const struct sys_profile *p, enum moat_abi abi, uint32_t nr,
		struct sys_decision *d);
int sys_decide_args(const struct sys_profile *p, enum moat_abi abi,
		    uint32_t nr, const uint64_t args[6]);
char *sys_decision_str(const struct sys_decision *d);

/* i386_mux.c */
int i386_mux(const char *name, int pnr, int *mux_nr, int *call, int *direct_nr);

#endif
