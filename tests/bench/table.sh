#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# table.sh BENCH.TXT                 print BENCHMARKS.md's tables (markdown)
# table.sh --update MD BENCH.TXT     replace them in MD, between the lines
#                                    <!-- bench-table:begin --> and
#                                    <!-- bench-table:end -->
#
# BENCH.TXT holds the lines tests/vm/bench.sh prints (make bench writes
# build/bench.txt): RESULT, RATIO, TARGET, CONTROL, MEMORY and INFO, and
# the PATHS lines make bench adds (dfabench, bench-paths); others (RAW,
# ERRNO) are left out.
set -euo pipefail

tables() {
	awk '
	# ns -> [value, unit] so that a median and its spread share a unit
	function unit(ns) { return ns >= 1000000 ? 1000000 : ns >= 10000 ? 1000 : 1 }
	function uname(u) { return u == 1000000 ? "ms" : u == 1000 ? "µs" : "ns" }
	function num(ns, u) { return u == 1 ? sprintf("%d", ns) : sprintf(u == 1000 ? "%.1f" : "%.2f", ns / u) }
	# "7.04 ms (6.90–7.20)": the median, the lowest and highest round
	# a table header: head() starts it, col() adds a right-aligned column
	function head() { hdr = "| workload |"; sep = "|---|" }
	function col(h) { hdr = hdr " " h " |"; sep = sep "---:|" }
	function cell(k) {
		if (!(k in med))
			return "–"
		u = unit(med[k])
		return num(med[k], u) " " uname(u) " (" num(lo[k], u) "–" num(hi[k], u) ")"
	}
	# "1.018 (0.986–1.554)": the median of the same-round ratios, the lowest and highest
	function ratio(name, w) {
		k = name " " w
		if (!(k in rat))
			return "–"
		if (!(k in rlo))
			return sprintf("%.3f", rat[k])
		return sprintf("%.3f (%.2f–%.2f)", rat[k], rlo[k], rhi[k])
	}
	# the order of a list: the known names first, in "known" order
	function order(list, n, known, out,    i, j, m, kn, used) {
		m = 0
		kn = split(known, kk, " ")
		for (j = 1; j <= kn; j++)
			for (i = 1; i <= n; i++)
				if (list[i] == kk[j] && !(i in used)) { out[++m] = list[i]; used[i] = 1 }
		for (i = 1; i <= n; i++)
			if (!(i in used))
				out[++m] = list[i]
		return m
	}
	# the N of rulesN / attachN, or -1
	function scale_n(cfg, prefix) {
		if (index(cfg, prefix) != 1 || cfg ~ /-free$/)
			return -1
		return substr(cfg, length(prefix) + 1) + 0
	}
	$1 == "RESULT" {
		k = $2 " " $3
		med[k] = $4; lo[k] = $5; hi[k] = $6
		if (!($3 in seen_w)) { seen_w[$3] = 1; wl[++nw] = $3 }
		for (p = 1; p <= 2; p++) {
			pre = p == 1 ? "rules" : "attach"
			n = scale_n($2, pre)
			if (n >= 0 && !((pre, n) in seen_n)) {
				seen_n[pre, n] = 1
				ns[pre, ++cnt[pre]] = n
			}
			if (n >= 0 && !((pre, $3) in seen_sw)) {
				seen_sw[pre, $3] = 1
				sw[pre, ++nsw[pre]] = $3
			}
		}
	}
	$1 == "RATIO" {
		rat[$2 " " $3] = $4
		if (NF >= 6) { rlo[$2 " " $3] = $5; rhi[$2 " " $3] = $6 }
	}
	$1 == "TARGET" { tg[++ntg] = $0 }
	$1 == "CONTROL" { ctl[++nctl] = $0; ctln[nctl] = $2 }
	$1 == "MEMORY" { mem[++nmem] = $0 }
	$1 == "INFO" { sub(/^INFO /, ""); info[++ninfo] = $0 }
	$1 == "PATHS" { sub(/^PATHS /, ""); paths[++npaths] = $0 }
	END {
		ncfg = 0
		nall = split("baseline seccomp apparmor docker unconfined moat baseline2", all, " ")
		for (c = 1; c <= nall; c++)
			if ((all[c] " getpid") in med)
				cfg[++ncfg] = all[c]
		WORKLOADS = "getpid open8 openproc stat fork execve denied"
		nw = order(wl, nw, WORKLOADS, wo)
		print "Time per operation: the median of the rounds (the lowest and highest round)."
		print ""
		head()
		for (c = 1; c <= ncfg; c++)
			col(cfg[c])
		print hdr
		print sep
		for (i = 1; i <= nw; i++) {
			w = wo[i]
			if (!(("baseline " w) in med))
				continue
			printf "| %s |", w
			for (c = 1; c <= ncfg; c++)
				printf " %s |", cell(cfg[c] " " w)
			print ""
		}
		print ""
		print "Ratios: for each round, one configuration over the other in that round; the median over the rounds (the lowest and highest). baseline2 / baseline is the same configuration twice: the noise floor."
		print ""
		np = split("seccomp/baseline apparmor/baseline docker/baseline unconfined/baseline moat/baseline moat/seccomp moat/apparmor moat/docker", pr, " ")
		if ("baseline2/baseline getpid" in rat)
			pr[++np] = "baseline2/baseline"
		head()
		for (c = 1; c <= np; c++) {
			h = pr[c]
			sub("/", " / ", h)
			col(h)
		}
		print hdr
		print sep
		for (i = 1; i <= nw; i++) {
			w = wo[i]
			if (!(("baseline " w) in med))
				continue
			printf "| %s |", w
			for (c = 1; c <= np; c++)
				printf " %s |", ratio(pr[c], w)
			print ""
		}
		print ""
		print "### Target ratios (issue 6; the notes are under \"Against the targets\")"
		print ""
		print "| target | workload | ratio | limit | | rounds (lowest–highest) | noise floor: baseline2 / baseline |"
		print "|---|---|---:|---:|---|---:|---:|"
		for (i = 1; i <= ntg; i++) {
			split(tg[i], f, " ")
			k = f[2] " " f[3]
			printf "| %s | %s | %.3f | ≤ %s | %s | %s | %s |\n", f[2], f[3], f[4], f[5], f[6],
				(k in rlo) ? sprintf("%.2f–%.2f", rlo[k], rhi[k]) : "–",
				f[2] ~ /\// && f[2] !~ /^(rules|attach)/ ? ratio("baseline2/baseline", f[3]) : "–"
		}
		for (p = 1; p <= 2; p++) {
			pre = p == 1 ? "rules" : "attach"
			if (!cnt[pre])
				continue
			print ""
			if (pre == "rules")
				print "### Scaling: path rules (docker-default plus N deny rules; the task confined)"
			else
				print "### Scaling: attachments (N cgroups, each its own profile; the task confined in the first, and unconfined in an unattached cgroup: -free; each N measured after the last, so N / 1 is a ratio of medians, while confined / free is paired, in the same rounds)"
			print ""
			first = ns[pre, 1]
			head()
			for (j = 1; j <= cnt[pre]; j++)
				col(pre ns[pre, j])
			for (j = 2; j <= cnt[pre]; j++)
				col(ns[pre, j] " / " first)
			if (pre == "attach") {
				for (j = 1; j <= cnt[pre]; j++)
					col(pre ns[pre, j] "-free")
				for (j = 2; j <= cnt[pre]; j++)
					col("free " ns[pre, j] " / " first)
				for (j = 1; j <= cnt[pre]; j++)
					col("confined / free at " ns[pre, j])
			}
			print hdr
			print sep
			delete swl
			for (i = 1; i <= nsw[pre]; i++)
				swl[i] = sw[pre, i]
			nso = order(swl, nsw[pre], WORKLOADS, swo)
			for (i = 1; i <= nso; i++) {
				w = swo[i]
				printf "| %s |", w
				for (j = 1; j <= cnt[pre]; j++)
					printf " %s |", cell(pre ns[pre, j] " " w)
				for (j = 2; j <= cnt[pre]; j++)
					printf " %s |", ratio(pre ns[pre, j] "/" pre first, w)
				if (pre == "attach") {
					for (j = 1; j <= cnt[pre]; j++)
						printf " %s |", cell(pre ns[pre, j] "-free " w)
					for (j = 2; j <= cnt[pre]; j++)
						printf " %s |", ratio(pre ns[pre, j] "-free/" pre first "-free", w)
					for (j = 1; j <= cnt[pre]; j++)
						printf " %s |", ratio(pre ns[pre, j] "/" pre ns[pre, j] "-free", w)
				}
				print ""
			}
		}
		if (nctl) {
			print ""
			print "### Cost of control (wall time of one moatctl command, ms; list: moatctl starting up and asking, alone)"
			print ""
			print "| command | median ms | lowest–highest |"
			print "|---|---:|---:|"
			order(ctln, nctl, "list compile load replace replace-busy attach detach", co)
			for (i = 1; i <= nctl; i++)
				for (j = 1; j <= nctl; j++)
					if (ctln[j] == co[i])
						ci[i] = j
			for (i = 1; i <= nctl; i++) {
				split(ctl[ci[i]], f, " ")
				printf "| %s | %s | %s–%s |\n", f[2], f[3], f[4], f[5]
			}
		}
		if (nmem) {
			print ""
			print "### Kernel memory (bytes per unit: /proc/meminfo deltas over UNITS loads or attaches, divided)"
			print ""
			print "| what | units | Slab | SUnreclaim | VmallocUsed |"
			print "|---|---:|---:|---:|---:|"
			for (i = 1; i <= nmem; i++) {
				split(mem[i], f, " ")
				printf "| %s | %s | %s | %s | %s |\n", f[2], f[3], f[4], f[5], f[6]
			}
		}
		if (ninfo) {
			print ""
			print "### Context"
			print ""
			for (i = 1; i <= ninfo; i++)
				print "- " info[i]
		}
		if (npaths) {
			print ""
			print "### The path check per byte (dfabench: the automaton walk on the host; bench-paths: open+close in the VM)"
			print ""
			print "```"
			for (i = 1; i <= npaths; i++)
				print paths[i]
			print "```"
		}
	}' "$1"
}

if [ "${1:-}" = --update ]; then
	[ $# -eq 3 ] || { echo "usage: table.sh --update MD BENCH.TXT" >&2; exit 2; }
	md=$2 txt=$3
	if ! grep -q '^<!-- bench-table:begin -->$' "$md" || ! grep -q '^<!-- bench-table:end -->$' "$md"; then
		echo "table.sh: $md has no bench-table markers" >&2
		exit 1
	fi
	new=$(mktemp)
	trap 'rm -f "$new" "$new.tables"' EXIT
	tables "$txt" > "$new.tables"
	awk -v t="$new.tables" '
		/^<!-- bench-table:end -->$/ { while ((getline l < t) > 0) print l; skip = 0 }
		!skip { print }
		/^<!-- bench-table:begin -->$/ { skip = 1 }' "$md" > "$new"
	rm -f "$new.tables"
	cat "$new" > "$md"
	exit 0
fi
[ $# -eq 1 ] || { echo "usage: table.sh BENCH.TXT | table.sh --update MD BENCH.TXT" >&2; exit 2; }
tables "$1"
