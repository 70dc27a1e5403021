#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Runs every libFuzzer harness of tests/fuzz/ (built by make fuzz-build
# into $O/fuzz/) for SECONDS seconds each and prints TAP, one line per
# harness:
#
#   ok N - fuzz PARSER: RUNS runs in S s, no crash
#   not ok N - fuzz PARSER: crash, leak or timeout (ARTIFACT)
#
# with "# fuzz PARSER: RUNS runs, EXECS exec/s, corpus N inputs" after it.
# The seeds are tests/fuzz/corpus/PARSER/ (read only); what libFuzzer adds
# goes to $O/fuzz/corpus/PARSER/ and is kept between runs, a crashing input
# to $O/fuzz/artifacts/, the whole output to $O/fuzz/PARSER.log.
# make fuzz runs this with FUZZ_TIME; make check (tests/run.sh) with 10.
#
# Usage: tests/fuzz/run.sh [SECONDS]    (environment: O, default build;
# FUZZ_TIMEOUT, default 10: the seconds, wall clock, after which one input
# counts as a hang; raise it for a long run at a low priority)
set -uo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
secs=${1:-60}
tmo=${FUZZ_TIMEOUT:-10}
: "${O:=build}"
fuzz=$O/fuzz

harnesses=()
for src in tests/fuzz/fuzz_*.c; do
	h=${src##*/fuzz_}
	harnesses+=("${h%.c}")
done
echo "1..${#harnesses[@]}"
failed=0
n=0
for h in "${harnesses[@]}"; do
	n=$((n + 1))
	bin=$fuzz/fuzz_$h
	if [ ! -x "$bin" ]; then
		echo "not ok $n - fuzz $h: $bin not built (make fuzz-build)"
		failed=1
		continue
	fi
	mkdir -p "$fuzz/corpus/$h" "$fuzz/artifacts"
	log=$fuzz/$h.log
	# -timeout: one input running $tmo s is a hang (a failure); the
	# sanitizers' reports end the run with a non-zero status
	"$bin" -max_total_time="$secs" -timeout="$tmo" -rss_limit_mb=2048 \
		-print_final_stats=1 -artifact_prefix="$fuzz/artifacts/$h-" \
		"$fuzz/corpus/$h" "tests/fuzz/corpus/$h" > "$log" 2>&1
	rc=$?
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
	eps=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
	done_line=$(grep -E '^Done [0-9]+ runs in [0-9]+ second' "$log" | tail -n 1)
	if [ -n "$done_line" ]; then
		runs=$(echo "$done_line" | awk '{print $2}')
		s=$(echo "$done_line" | awk '{print $5}')
	else
		s=$secs
	fi
	corpus=$(find "$fuzz/corpus/$h" -type f | wc -l)
	if [ "$rc" -eq 0 ] && [ -n "$done_line" ]; then
		echo "ok $n - fuzz $h: ${runs:-?} runs in $s s, no crash"
	else
		artifact=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | tail -n 1)
		what=$(grep -m 1 -E '^(==[0-9]+== ?ERROR|SUMMARY|.*runtime error)' "$log")
		echo "not ok $n - fuzz $h: exit $rc after ${runs:-?} runs: ${what:-see $log} (${artifact:-no artifact})"
		failed=1
	fi
	echo "# fuzz $h: ${runs:-?} runs, ${eps:-?} exec/s, corpus $corpus inputs (+ $(find "tests/fuzz/corpus/$h" -type f | wc -l) seeds)"
done
exit $failed
