#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# kunit.sh KSRC BUILD_DIR
#
# Runs moat's KUnit suites (kernel/.kunitconfig) with the kernel's own
# kunit.py on user-mode Linux, in a tree moat is wired into (make intree).
# Prints the KTAP results as TAP lines ("ok - kunit suite.case") so that
# the test run can count them, each suite's totals, and one overall line.
set -uo pipefail

ksrc=$1 build=$2
mkdir -p "$build"
build=$(cd "$build" && pwd)
raw=$build/kunit.raw
cd "$ksrc" || exit 2
echo "# kunit.py: building user-mode Linux with security/moat/.kunitconfig (several minutes the first time)"
python3 tools/testing/kunit/kunit.py run --kunitconfig=security/moat \
	--build_dir="$build" --jobs="$(nproc)" --raw_output=all > "$raw" 2>&1
rc=$?
# KTAP: "ok N name" per case (indented under its suite); count the cases
awk '
	/^ *# Subtest: / { suite = $3 }
	/^    (not )?ok [0-9]+ / {
		res = ($1 == "not") ? "not ok" : "ok"
		name = ($1 == "not") ? $4 : $3
		printf "%s - kunit %s.%s\n", res, suite, name
	}
' "$raw" > "$build/kunit.tap"
cat "$build/kunit.tap"
# what failed, with the values KUnit printed
grep -A3 "EXPECTATION FAILED\|ASSERTION FAILED" "$raw" | sed 's/^/# /'
grep -E "^# .*pass:" "$raw" | grep -v Totals | sed 's/^/# /'
echo "# kunit: $(grep -c '^ok ' "$build/kunit.tap") passed, $(grep -c '^not ok ' "$build/kunit.tap") failed"
if [ "$rc" -ne 0 ] || ! grep -q "^ok " "$build/kunit.tap" ||
   grep -q "^not ok " "$build/kunit.tap"; then
	[ "$rc" -eq 0 ] || tail -20 "$raw" | sed 's/^/# /'
	exit 1
fi
exit 0
