// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer harness: the label layer (ctl/labels.c). The input is a label
 * policy (label_policy_parse_string()); its first line is also parsed as a
 * label (label_parse()), formatted back (label_format()), and the canonical
 * form must parse to the same label; a parsed policy is asked for a
 * decision between two labels.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../ctl/labels.h"
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct label_policy p;
	struct label l, back, other;
	char err[1024], buf[8192];
	char *text = fuzz_cstr(data, size), *nl;

	memset(&p, 0, sizeof(p));
	err[0] = '\0';
	if (!label_policy_parse_string(text, "fuzz.labels", &p, err, sizeof(err))) {
		label_parse("container_t:c1,c2", &l, err, sizeof(err));
		label_parse("unlabeled_t", &other, err, sizeof(err));
		label_policy_decide(&p, &l, &other);
		label_policy_decide(&p, &other, &l);
		label_policy_free(&p);
	}
	(void)strlen(err);

	nl = strchr(text, '\n');
	if (nl)
		*nl = '\0';
	if (!label_parse(text, &l, err, sizeof(err))) {
		label_format(&l, buf, sizeof(buf));
		if (label_parse(buf, &back, err, sizeof(err))) {
			fprintf(stderr, "label '%s' formats as '%s', which does not parse: %s\n",
				text, buf, err);
			abort();
		}
		if (memcmp(&l, &back, sizeof(l))) {
			fprintf(stderr, "label '%s' -> '%s' -> another label\n", text, buf);
			abort();
		}
		if (!label_dominates(&l, &back) || !label_dominates(&back, &l))
			abort();
	}
	free(text);
	return 0;
}
