# SPDX-License-Identifier: GPL-2.0
#
# Benchmark (issue 6): moat against the kernel's own seccomp and AppArmor,
# with Docker's default profiles, in one boot. Not a test: the checks below
# only prove that every configuration ran and was in force (the smoke run in
# make check), never how fast it was.
#
# Mode, from the kernel command line (MOAT_VM_APPEND=moatbench=smoke):
#   full   (default, make bench) 5 rounds; scaling to 1000 attachments and
#          1000 rules; cost of control
#   smoke  1 round of short loops; scaling to 5 attachments and 50 rules
#
# Configurations, one moatbench run each per round, alternating, the order
# rotated each round (moatbench in the unattached cgroup "free" unless said):
#   baseline    moat not loaded
#   baseline2   the same again, elsewhere in the order: baseline2/baseline
#               is the noise floor of every other ratio
#   seccomp     moat not loaded; under seccomp-exec docker-default.json
#   apparmor    moat not loaded; exec'd into AppArmor's docker-default
#   docker      both, as docker run has them
#   unconfined  moat loaded, docker-default attached to the cgroup "other"
#   moat        as unconfined, and moatbench in the attached cgroup "mb"
#
# Output, one fact a line (tests/bench/table.sh makes BENCHMARKS.md's tables):
#   RESULT CFG WORKLOAD MEDIAN MIN MAX   ns/op: the median of the rounds'
#                                        medians, the lowest and highest
#   ERRNO CFG WORKLOAD ERRNO[,ERRNO]     the errno(s) the workload ended on
#   RATIO NUM/DEN WORKLOAD VALUE [MIN MAX]   the median over the rounds of
#                                        NUM / DEN in the same round, the
#                                        lowest, the highest (the attachment
#                                        scaling: MEDIAN(NUM) / MEDIAN(DEN))
#   TARGET NUM/DEN WORKLOAD VALUE LIMIT met|missed    issue 6's targets
#   CONTROL WHAT MEDIAN MIN MAX          ms of wall time per moatctl command
#   MEMORY WHAT UNITS SLAB SUNRECLAIM VMALLOC   bytes per unit, /proc/meminfo
#   INFO ...                             context (compiled sizes, status)
#   RAW CFG ROUND WORKLOAD MEDIAN ERRNO MIN MAX   each moatbench run's line
. /tests/lib.sh

CG=/sys/fs/cgroup
JSON=/policy/docker-default.json
AA=/policy/docker-default.apparmor
RAW=/tmp/bench.raw		# CFG ROUND WORKLOAD MEDIAN ERRNO MIN MAX
OUT=/tmp/bench.out		# the RESULT, ERRNO, ... lines
INFO=/tmp/bench.info		# the INFO lines
WORKLOADS="getpid open8 openproc stat fork execve denied"
CONFIGS="baseline seccomp apparmor docker baseline2 unconfined moat"
SCALE_WORKLOADS="getpid open8 stat fork denied"

MODE=$(sed -n 's/.*moatbench=\([a-z]*\).*/\1/p' /proc/cmdline)
case $MODE in
smoke)
	ROUNDS=1 INNER=3 SCALE=0.05 REPS=2
	ATTACH_NS="1 5" RULES_NS="10 50" ;;
*)
	MODE=full ROUNDS=5 INNER=5 SCALE=1 REPS=5
	ATTACH_NS="1 100 1000" RULES_NS="10 100 1000" ;;
esac
echo "INFO mode $MODE: $ROUNDS rounds of moatbench -c 1 -r $INNER -s $SCALE; kernel $(uname -r) ($(uname -v)), $(nproc) CPUs" > $INFO

# --- helpers ------------------------------------------------------------------

# moatbench with this mode's counts (a command line, for runas to exec),
# pinned to CPU 1: a forked child runs where its parent waits
MB="moatbench -c 1 -r $INNER -s $SCALE"

# measure CFG ROUND CMD...: run CMD (a moatbench) and record its lines as CFG's
measure() {
	_cfg=$1 _round=$2
	shift 2
	"$@" > /tmp/mb.out 2> /tmp/mb.err ||
		echo "# $_cfg round $_round: exit $?: $(head -c 300 /tmp/mb.err)"
	awk -v c="$_cfg" -v r="$_round" 'NF == 5 { print c, r, $0 }' /tmp/mb.out >> $RAW
}

# summarise: RESULT and ERRNO lines from $RAW, per configuration and workload
summarise() {
	sort -k1,1 -k3,3 -k4,4n $RAW | awk '
		function flush() {
			if (n)
				print "RESULT", key, v[int((n + 1) / 2)], v[1], v[n]
			n = 0
		}
		{ k = $1 " " $3; if (k != key) { flush(); key = k } v[++n] = $4 }
		END { flush() }'
	awk '{
		k = $1 " " $3
		if ((k, $5) in seen)
			next
		seen[k, $5] = 1
		if (k in e)
			e[k] = e[k] "," $5
		else
			e[k] = $5
	} END { for (k in e) print "ERRNO", k, e[k] }' $RAW | sort
}

# ratios "NUM/DEN..." "WORKLOAD...": RATIO lines, paired: for each round,
# NUM's run over DEN's run of the same round; the median over the rounds,
# the lowest and the highest. A disturbance of the host that slows a whole
# round (TCG shares the host's CPUs) cancels out.
ratios() {
	awk -v pairs="$1" -v wls="$2" '
		{ v[$1, $2, $3] = $4; round[$2] = 1 }
		END {
			np = split(pairs, p, " ")
			nw = split(wls, w, " ")
			for (i = 1; i <= np; i++) {
				split(p[i], ab, "/")
				for (j = 1; j <= nw; j++) {
					n = 0
					for (r in round) {
						a = ((ab[1], r, w[j]) in v) ? v[ab[1], r, w[j]] : ""
						b = ((ab[2], r, w[j]) in v) ? v[ab[2], r, w[j]] : 0
						if (a == "" || b <= 0)
							continue
						x = a / b
						for (k = ++n; k > 1 && q[k - 1] > x; k--)
							q[k] = q[k - 1]
						q[k] = x
					}
					if (n)
						printf "RATIO %s %s %.3f %.3f %.3f\n", p[i], w[j],
							q[int((n + 1) / 2)], q[1], q[n]
				}
			}
		}' $RAW
}

# ratios_of_medians "NUM/DEN..." "WORKLOAD...": RATIO lines from the RESULT
# lines in $OUT, for configurations measured one after the other, not in
# the same rounds
ratios_of_medians() {
	awk -v pairs="$1" -v wls="$2" '
		$1 == "RESULT" { m[$2 " " $3] = $4 }
		END {
			np = split(pairs, p, " ")
			nw = split(wls, w, " ")
			for (i = 1; i <= np; i++) {
				split(p[i], ab, "/")
				for (j = 1; j <= nw; j++) {
					a = m[ab[1] " " w[j]]
					b = m[ab[2] " " w[j]]
					if (a != "" && b > 0)
						printf "RATIO %s %s %.3f\n", p[i], w[j], a / b
				}
			}
		}' $OUT
}

# target NUM/DEN LIMIT WORKLOAD...: TARGET lines (issue 6's targets)
target() {
	_pair=$1 _limit=$2
	shift 2
	for _w in "$@"; do
		awk -v p="$_pair" -v w="$_w" -v l="$_limit" '
			$1 == "RATIO" && $2 == p && $3 == w {
				print "TARGET", p, w, $4, l, ($4 <= l ? "met" : "missed")
			}' $OUT
	done
}

# errno_of CFG WORKLOAD: the errno(s) the workload ended on under CFG
errno_of() {
	awk -v c="$1" -v w="$2" '$1 == "ERRNO" && $2 == c && $3 == w { print $4 }' $OUT
}

# has_results "CFG..." "WORKLOAD...": every pair has a numeric RESULT
has_results() {
	for _c in $1; do
		for _w in $2; do
			grep -q "^RESULT $_c $_w [0-9][0-9]* " $OUT ||
				{ echo "no number for $_c $_w"; return 1; }
		done
	done
}

# timed NAME CMD...: append CMD's wall time (ms) to /tmp/ctl.raw as NAME's
timed() {
	_name=$1
	shift
	_t=$(moatbench -t "$@" 2>/tmp/ctl.err) ||
		echo "# $_name: $* failed: $(head -c 300 /tmp/ctl.err)"
	echo "$_name $_t" >> /tmp/ctl.raw
}

# meminfo: "SLAB SUNRECLAIM VMALLOC" in kB, after dropping what can be dropped
meminfo() {
	sync
	echo 3 > /proc/sys/vm/drop_caches
	awk '$1 == "Slab:" { s = $2 } $1 == "SUnreclaim:" { u = $2 }
		$1 == "VmallocUsed:" { v = $2 } END { print s, u, v }' /proc/meminfo
}

# memory WHAT UNITS "BEFORE" "AFTER": a MEMORY line, bytes per unit
memory() {
	echo "$3 $4" | awk -v w="$1" -v n="$2" '{
		printf "MEMORY %s %d %.0f %.0f %.0f\n", w, n,
			($4 - $1) * 1024 / n, ($5 - $2) * 1024 / n, ($6 - $3) * 1024 / n
	}'
}

moat_loaded() {
	lsmod | grep -q '^moat '
}

# moat_off: nothing attached, the module unloaded
moat_off() {
	moat_loaded || return 0
	moatctl detach $CG/other >/dev/null 2>&1
	moatctl detach $CG/mb >/dev/null 2>&1
	rmmod moat && ! moat_loaded
}

# moat_on: the module loaded, docker-default (both layers) attached to "other"
moat_on() {
	moat_loaded && return 0
	modprobe moat &&
		moatctl load $JSON $AA >/dev/null 2>&1 &&
		moatctl attach docker-default $CG/other >/dev/null
}

# prepare CFG: put the system in CFG's state
prepare() {
	case $1 in
	baseline|baseline2|seccomp|apparmor|docker)
		moat_off ;;
	unconfined)
		moat_on || return 1
		if moatctl list | grep -q "/mb\$"; then
			moatctl detach $CG/mb >/dev/null
		fi ;;
	moat)
		moat_on || return 1
		moatctl list | grep -q "/mb\$" ||
			moatctl attach docker-default $CG/mb >/dev/null ;;
	esac
}

# run_CFG CMD...: run CMD (moatbench) as CFG's benchmark task
run_baseline() { runas -c $CG/free -- "$@"; }
run_baseline2() { runas -c $CG/free -- "$@"; }
run_seccomp() { runas -c $CG/free -- seccomp-exec $JSON -- "$@"; }
run_apparmor() {
	runas -c $CG/free -- sh -c 'echo -n "exec docker-default" > /proc/self/attr/exec && exec "$@"' sh "$@"
}
run_docker() {
	runas -c $CG/free -- sh -c 'echo -n "exec docker-default" > /proc/self/attr/exec && exec "$@"' \
		sh seccomp-exec $JSON -- "$@"
}
run_unconfined() { runas -c $CG/free -- "$@"; }
run_moat() { runas -c $CG/mb -- "$@"; }

# rules N: docker-default with N more file rules (deny writes below random
# directories of /srv and of moatbench's own /tmp/moatbench, so that no
# rule is redundant and the automaton grows)
rules() {
	awk -v n="$1" '
		BEGIN { srand(6); a = "abcdefghijklmnopqrstuvwxyz" }
		/^}/ && !done {
			for (i = 0; i < n; i++) {
				s = ""
				for (j = 0; j < 10; j++)
					s = s substr(a, int(rand() * 26) + 1, 1)
				printf "  deny %s/%s/** w,\n", i % 2 ? "/tmp/moatbench" : "/srv", s
			}
			done = 1
		}
		{ print }' $AA
}

rm -f $RAW $OUT /tmp/ctl.raw /tmp/targets
mkdir $CG/free $CG/other $CG/mb
check "AppArmor loads docker-default" apparmor_parser -r -K $AA

# --- seccomp-exec reads the JSON as moat does ---------------------------------
# a few of the profile's argument and errno rules, through the real filter
sc() { seccomp-exec $JSON -- probe "$@"; }
expect EPERM "seccomp-exec: keyctl -> EPERM (not in the profile)" sc keyctl
expect ENOSYS "seccomp-exec: clone3 -> ENOSYS (errnoRet 38)" sc clone3
expect OK "seccomp-exec: socket(AF_INET) allowed (args)" sc socket 2
expect EPERM "seccomp-exec: socket(AF_VSOCK) -> EPERM (args)" sc socket 40
expect EPERM "seccomp-exec: clone(CLONE_NEWNS) -> EPERM (MASKED_EQ, excludes caps)" sc clone 0x20000
expect OK "seccomp-exec: personality(0) allowed" sc personality 0
expect EPERM "seccomp-exec: personality(0x40000) -> EPERM" sc personality 0x40000
expect OK "seccomp-exec: i386 getpid allowed (SCMP_ARCH_X86 from archMap)" \
	seccomp-exec $JSON -- probe -a int80 getpid
expect EPERM "seccomp-exec: i386 keyctl -> EPERM" seccomp-exec $JSON -- probe -a int80 keyctl

# --- moat, seccomp and AppArmor side by side ----------------------------------
r=1
while [ $r -le $ROUNDS ]; do
	# rotate the order each round: round 2 starts with seccomp, ...
	order=$(echo $CONFIGS $CONFIGS | awk -v r=$r '{
		n = NF / 2
		for (i = 0; i < n; i++)
			printf "%s ", $((r - 1) % n + 1 + i)
	}')
	for cfg in $order; do
		if ! prepare $cfg; then
			not_ok "round $r: cannot set up $cfg"
			continue
		fi
		measure $cfg $r run_$cfg $MB
	done
	r=$((r + 1))
done
summarise > $OUT
ratios "baseline2/baseline seccomp/baseline apparmor/baseline docker/baseline unconfined/baseline moat/baseline moat/seccomp moat/apparmor moat/docker" \
	"$WORKLOADS" >> $OUT
{
	target unconfined/baseline 1.02 $WORKLOADS
	target moat/seccomp 1.00 getpid fork execve
	target moat/apparmor 1.00 open8 openproc stat
} >> /tmp/targets

check "every configuration measured every workload" has_results "$CONFIGS" "$WORKLOADS"
for cfg in seccomp docker moat; do
	expect EPERM "$cfg: keyctl is refused (EPERM): the profile is in force" errno_of $cfg denied
done
for cfg in baseline baseline2 apparmor unconfined; do
	expect EOPNOTSUPP "$cfg: keyctl is allowed (EOPNOTSUPP)" errno_of $cfg denied
done
for cfg in $CONFIGS; do
	expect ENOENT "$cfg: stat of a missing path -> ENOENT" errno_of $cfg stat
done
# (counted, so that missing lines cannot pass)
n_ok=$(($(echo $CONFIGS | wc -w) * ($(echo $WORKLOADS | wc -w) - 2)))
check "every other workload succeeded everywhere ($n_ok runs)" \
	sh -c "[ \$(grep '^ERRNO ' $OUT | grep -Ev ' (stat|denied) ' | grep -c ' 0\$') -eq $n_ok ] &&
		! grep '^ERRNO ' $OUT | grep -Ev ' (stat|denied) ' | grep -v ' 0\$'"
check "AppArmor's docker-default was in force (the task's label)" \
	sh -c "runas -c $CG/free -- sh -c 'echo -n \"exec docker-default\" > /proc/self/attr/exec && exec cat /proc/self/attr/current' | grep -q '^docker-default'"

# --- scaling: path profiles of growing size -----------------------------------
# docker-default (99 file rules) plus N: one cgroup, the profile swapped
# each round (attach --replace), so the sizes alternate
prepare unconfined
mkdir $CG/rb
for n in $RULES_NS; do
	rules $n > /tmp/rules$n.apparmor
	check "load docker-default + $n path rules" sh -c \
		"moatctl load --name rules$n $JSON /tmp/rules$n.apparmor >/dev/null 2>&1"
	echo "INFO rules$n: $(moatctl compile /tmp/rules$n.apparmor 2>/dev/null | head -n 1 | sed 's/^# [^:]*: //')" >> $INFO
done
moatctl attach rules${RULES_NS%% *} $CG/rb >/dev/null
r=1
while [ $r -le $ROUNDS ]; do
	for n in $RULES_NS; do
		moatctl attach rules$n $CG/rb --replace >/dev/null
		measure rules$n $r runas -c $CG/rb -- $MB $SCALE_WORKLOADS
	done
	r=$((r + 1))
done
moatctl detach $CG/rb >/dev/null

# --- cost of control ----------------------------------------------------------
# wall time of moatctl (its own start-up included: "list" is that cost
# alone), load of both layers under a new name, the same again (replace),
# replace while two confined getpid loops run, attach and detach
i=1
while [ $i -le $REPS ]; do
	timed list moatctl list
	timed compile moatctl compile $JSON $AA
	timed load moatctl load --name ctl$i $JSON $AA
	timed replace moatctl load --name ctl1 $JSON $AA
	mkdir $CG/ctl$i
	timed attach moatctl attach ctl1 $CG/ctl$i
	timed detach moatctl detach $CG/ctl$i
	i=$((i + 1))
done
# under load: two confined getpid loops, both on CPU 1, so that moatctl
# has CPU 0 to itself and the time is the replace's, not the scheduler's
mkdir $CG/busy
moatctl attach ctl1 $CG/busy >/dev/null
runas -c $CG/busy -- moatbench -c 1 -r 1 -n 1000000000 getpid >/dev/null &
busy1=$!
runas -c $CG/busy -- moatbench -c 1 -r 1 -n 1000000000 getpid >/dev/null &
busy2=$!
sleep 1
gen0=$(moatctl list | awk '$1 == "ctl1" { print $2 }')
i=1
while [ $i -le $REPS ]; do
	timed replace-busy moatctl load --name ctl1 $JSON $AA
	i=$((i + 1))
done
gen1=$(moatctl list | awk '$1 == "ctl1" { print $2 }')
check "replaced $REPS times under load (generation $gen0 -> $gen1)" test "$gen1" -eq $((gen0 + REPS))
check "the confined loops ran through every replace" kill $busy1 $busy2
wait $busy1 $busy2 2>/dev/null
sort -k1,1 -k2,2n /tmp/ctl.raw | awk '
	function flush() {
		if (n)
			print "CONTROL", key, v[int((n + 1) / 2)], v[1], v[n]
		n = 0
	}
	{ if ($1 != key) { flush(); key = $1 } v[++n] = $2 }
	END { flush() }' >> $OUT
moatctl list | awk '$1 == "ctl1" { print "INFO moatctl list: docker-default (both layers):", $4, "syscall rules,", $5, "states,", $6 }' >> $INFO
moatctl detach $CG/busy >/dev/null

# --- scaling: attachments -----------------------------------------------------
# N cgroups s1..sN, each attached to its own profile p1..pN (docker-default
# loaded under N names); moatbench confined in s1 ("attachN") and, in the
# same rounds, unconfined in "free" ("attachN-free"). Growing from one N to
# the next gives the kernel memory per profile and per attachment.
prev=0
for n in $ATTACH_NS; do
	k=$((prev + 1))
	while [ $k -le $n ]; do
		mkdir $CG/s$k
		k=$((k + 1))
	done
	m0=$(meminfo)
	k=$((prev + 1))
	while [ $k -le $n ]; do
		moatctl load --name p$k $JSON $AA >/dev/null 2>&1 || echo "# load p$k failed"
		k=$((k + 1))
	done
	m1=$(meminfo)
	k=$((prev + 1))
	while [ $k -le $n ]; do
		moatctl attach p$k $CG/s$k >/dev/null || echo "# attach p$k failed"
		k=$((k + 1))
	done
	m2=$(meminfo)
	if [ $prev -gt 0 ]; then
		memory "profile($prev-$n)" $((n - prev)) "$m0" "$m1" >> $OUT
		memory "attachment($prev-$n)" $((n - prev)) "$m1" "$m2" >> $OUT
	fi
	check "$n profiles attached to $n cgroups" \
		sh -c "[ \$(moatctl list | grep -c ' /s[0-9]*\$') -eq $n ]"
	r=1
	while [ $r -le $ROUNDS ]; do
		measure attach$n $r runas -c $CG/s1 -- $MB $SCALE_WORKLOADS
		measure attach$n-free $r runas -c $CG/free -- $MB $SCALE_WORKLOADS
		r=$((r + 1))
	done
	prev=$n
done
moatctl status | sed 's/^/INFO moatctl status: /' >> $INFO
echo "INFO the run took $(cut -d' ' -f1 /proc/uptime) s from boot" >> $INFO

# --- the scaling summary ------------------------------------------------------
summarise | grep -E '^(RESULT|ERRNO) (rules|attach)' >> $OUT
first=${RULES_NS%% *} last=${RULES_NS##* }
pairs=""
for n in $RULES_NS; do
	[ $n = $first ] || pairs="$pairs rules$n/rules$first"
done
ratios "$pairs" "$SCALE_WORKLOADS" >> $OUT
target rules$last/rules$first 1.05 $SCALE_WORKLOADS >> /tmp/targets
first=${ATTACH_NS%% *} last=${ATTACH_NS##* }
pairs=""
for n in $ATTACH_NS; do
	[ $n = $first ] || pairs="$pairs attach$n/attach$first attach$n-free/attach$first-free"
done
# each N measured after the last: ratios of the medians; and, paired, the
# confined task over the free one in the same round, at each N
ratios_of_medians "$pairs" "$SCALE_WORKLOADS" >> $OUT
pairs=""
for n in $ATTACH_NS; do
	pairs="$pairs attach$n/attach$n-free"
done
ratios "$pairs" "$SCALE_WORKLOADS" >> $OUT
target attach$last/attach$first 1.05 $SCALE_WORKLOADS >> /tmp/targets
cat /tmp/targets >> $OUT

scfg=""
for n in $RULES_NS; do scfg="$scfg rules$n"; done
for n in $ATTACH_NS; do scfg="$scfg attach$n attach$n-free"; done
check "every scaling configuration measured every workload" has_results "$scfg" "$SCALE_WORKLOADS"
n_conf=$(($(echo $RULES_NS | wc -w) + $(echo $ATTACH_NS | wc -w)))
check "the scaling task was confined (keyctl EPERM) in all $n_conf rules and attach configurations" \
	sh -c "[ \$(grep -E '^ERRNO (rules[0-9]+|attach[0-9]+) denied EPERM\$' $OUT | wc -l) -eq $n_conf ]"
check "and the free task was not (EOPNOTSUPP), in all $(echo $ATTACH_NS | wc -w)" \
	sh -c "[ \$(grep -E '^ERRNO attach[0-9]+-free denied EOPNOTSUPP\$' $OUT | wc -l) -eq $(echo $ATTACH_NS | wc -w) ]"
check "cost of control: every command timed" \
	sh -c "[ \$(grep -c '^CONTROL [a-z-]* [0-9.]* ' $OUT) -eq 7 ]"
check "kernel memory per profile and per attachment measured" \
	sh -c "[ \$(grep -c '^MEMORY ' $OUT) -ge 2 ]"
# the console: one block, after the checks; RAW: every run's own line
echo "BENCH-BEGIN"
cat $INFO $OUT
sed 's/^/RAW /' $RAW
echo "BENCH-END"
summary
