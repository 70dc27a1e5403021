/* SPDX-License-Identifier: GPL-2.0 */
/*
 * moatctl - the label layer: labels (TYPE[:cN,...]) and label policies
 *
 * A label policy file (Documentation/labels.rst) says which subject types
 * may do what to which object types, and which type unlabelled files have.
 */
#ifndef MOATCTL_LABELS_H
#define MOATCTL_LABELS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../kernel/uapi/moat.h"

struct label {
	char type[MOAT_NAME_MAX];
	uint8_t cats[MOAT_LABEL_CATS / 8];	/* bit n (cats[n / 8] >> (n % 8)) for cn */
};

struct label_rule {
	char subject[MOAT_NAME_MAX];
	char object[MOAT_NAME_MAX];
	uint32_t perms;		/* MOAT_LABEL_* */
	int line;
};

struct label_fs_default {
	char fstype[MOAT_NAME_MAX];	/* a file system type: proc, devpts, ... */
	char type[MOAT_NAME_MAX];
};

struct label_policy {
	char default_type[MOAT_NAME_MAX];
	struct label_rule *rules;
	size_t nrules;
	struct label_fs_default fs[MOAT_LABEL_FS_MAX];
	size_t nfs;
};

/*
 * "container_file_t:c12,c480" -> *out. Types are 1..63 of [a-z0-9_],
 * starting with a letter; categories c0..c1023, each at most once, also
 * as ranges "c0.c15". Returns 0, or -1 with a message in err.
 */
int label_parse(const char *s, struct label *out, char *err, size_t errlen);
/* The canonical text: categories ascending, ranges of 3+ as cA.cB. */
void label_format(const struct label *l, char *buf, size_t len);
/* true if a's categories include all of b's (a dominates b). */
bool label_dominates(const struct label *a, const struct label *b);

/* Parse a label policy file. Returns 0, or -1 with "FILE:LINE: msg". */
int label_policy_parse_file(const char *path, struct label_policy *out,
			    char *err, size_t errlen);
int label_policy_parse_string(const char *text, const char *name,
			      struct label_policy *out, char *err,
			      size_t errlen);
void label_policy_free(struct label_policy *p);
/* MOAT_LABEL_* a subject label may use on an object label (0: none). */
uint32_t label_policy_decide(const struct label_policy *p,
			     const struct label *subject,
			     const struct label *object);

#endif
