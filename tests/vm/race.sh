# SPDX-License-Identifier: GPL-2.0
#
# Race and load suite (issue 8): confined tasks make denied and allowed
# syscalls and opens without pause (racer) while, at the same time, the
# profile they run under is replaced in a loop, they are moved between
# attached cgroups, and other cgroups are created, attached, detached and
# removed. Not one of the racers' checks may see a denied call let through
# or an allowed one refused. Then: a replaced profile holds for a task
# already in the cgroup as soon as the replace returns; and (module) rmmod
# while unconfined tasks run through moat's kprobes, and rmmod -f while
# confined tasks do. On the debug kernel (make check-debug) KASAN, lockdep,
# kmemleak and the list/object debugging watch all of it.
#
# The race phase lasts race_secs= seconds (kernel command line; default 30).
. /tests/lib.sh

CG=/sys/fs/cgroup
D=/tests/data
SECS=$(sed -n 's/.*race_secs=\([0-9]*\).*/\1/p' /proc/cmdline)
: "${SECS:=30}"
STOP=/tmp/race.stop
EPERM=1 EACCES=13

mkdir -p /s/secret /s/pub
echo secret > /s/secret/f
echo ok > /s/pub/ok

load_moat
check "profile race (keyctl EPERM, /s/secret denied) loads" \
	moatctl load --name race $D/race-a.json $D/race.apparmor
check "profile race-b (keyctl EACCES, /s/secret denied) loads" \
	moatctl load --name race-b $D/race-b.json $D/race.apparmor
mkdir -p $CG/r1/sub $CG/r2
echo +pids > $CG/cgroup.subtree_control 2>/dev/null
check "attach race to r1" moatctl attach race $CG/r1
check "attach race-b to r2" moatctl attach race-b $CG/r2
expect EPERM "a task of r1 gets EPERM for keyctl" probe -c $CG/r1 keyctl
expect EACCES "a task of r2 gets EACCES for keyctl" probe -c $CG/r2 keyctl
expect OK "an unconfined task's keyctl works" probe keyctl

# --- 1. the race ----------------------------------------------------------
echo "# --- race: $SECS s"
rm -f $STOP
dmesg -c > /dev/null
start=$(date +%s)
RACERS=""
i=0
for cg in r1 r1 r1/sub r2 r2 r1/sub; do
	i=$((i + 1))
	racer -c $CG/$cg -k $EPERM,$EACCES -d /s/secret/f -a /s/pub/ok $SECS \
		> /tmp/racer.$i 2>&1 &
	RACERS="$RACERS $!"
done
sleep 1

# replace race in a loop, alternating its syscall layer between EPERM and
# EACCES for keyctl (the racers accept both, never success)
(
	n=0 bad=0
	while [ ! -e $STOP ]; do
		if [ $((n % 2)) = 0 ]; then j=b; else j=a; fi
		moatctl load --name race $D/race-$j.json $D/race.apparmor > /dev/null 2>&1 ||
			bad=$((bad + 1))
		n=$((n + 1))
	done
	echo "$n $bad" > /tmp/race.replace
) &
REP=$!

# move every racer between r1, r1/sub and r2, from outside
(
	n=0 bad=0
	while [ ! -e $STOP ]; do
		for p in $RACERS; do
			case $((n % 3)) in
			0) d=r2 ;;
			1) d=r1/sub ;;
			*) d=r1 ;;
			esac
			[ -d /proc/$p ] || continue
			echo $p > $CG/$d/cgroup.procs 2>/dev/null || { [ -d /proc/$p ] && bad=$((bad + 1)); }
			n=$((n + 1))
		done
	done
	echo "$n $bad" > /tmp/race.migrate
) &
MIG=$!

# create, attach, check, detach, check, remove cgroups; every third one
# is removed while still attached (the kernel prunes the attachment)
(
	n=0 bad=0
	while [ ! -e $STOP ]; do
		c=$CG/churn$n
		mkdir $c || bad=$((bad + 1))
		moatctl attach race $c > /dev/null 2>&1 || bad=$((bad + 1))
		r=$(probe -c $c keyctl)
		[ "$r" = EPERM ] || [ "$r" = EACCES ] || { bad=$((bad + 1)); echo "# churn $n attached: keyctl $r"; }
		if [ $((n % 3)) != 2 ]; then
			moatctl detach $c > /dev/null 2>&1 || bad=$((bad + 1))
			r=$(probe -c $c keyctl)
			[ "$r" = OK ] || { bad=$((bad + 1)); echo "# churn $n detached: keyctl $r"; }
		fi
		rmdir $c || bad=$((bad + 1))
		n=$((n + 1))
	done
	echo "$n $bad" > /tmp/race.churn
) &
CHURN=$!

# switch race-b's attachment on r2 between the tasks' domains: attach r2
# again with REPLACE (same profile), which swaps the attachment object
(
	n=0 bad=0
	while [ ! -e $STOP ]; do
		moatctl attach race-b $CG/r2 --replace > /dev/null 2>&1 || bad=$((bad + 1))
		n=$((n + 1))
	done
	echo "$n $bad" > /tmp/race.reattach
) &
REATT=$!

rbad=0
for p in $RACERS; do
	wait $p || rbad=$((rbad + 1))
done
touch $STOP
wait $REP $MIG $CHURN $REATT
elapsed=$(($(date +%s) - start))
cat /tmp/racer.* | sed 's/^/# /'
read rep_n rep_bad < /tmp/race.replace
read mig_n mig_bad < /tmp/race.migrate
read churn_n churn_bad < /tmp/race.churn
read reatt_n reatt_bad < /tmp/race.reattach
rounds=$(cat /tmp/racer.* | sed -n 's/.*: \([0-9]*\) rounds.*/\1/p' | awk '{s += $1} END {print s + 0}')
calls=$(cat /tmp/racer.* | sed -n 's/.* \([0-9]*\) syscalls.*/\1/p' | awk '{s += $1} END {print s + 0}')
forks=$(cat /tmp/racer.* | sed -n 's/.* \([0-9]*\) forks.*/\1/p' | awk '{s += $1} END {print s + 0}')
echo "# race: ${elapsed} s; 6 racers: $rounds rounds, $calls checked syscalls, $forks forks; $rep_n replaces, $mig_n migrations, $churn_n cgroups created/attached/removed, $reatt_n re-attaches"
echo "RACE-COUNTS elapsed=$elapsed rounds=$rounds syscalls=$calls forks=$forks replaces=$rep_n migrations=$mig_n churn=$churn_n reattaches=$reatt_n"
check "all 6 racers: no denied call let through, no allowed call refused (keyctl, int \$0x80 keyctl, open, forked children)" \
	[ $rbad = 0 ]
check "the racers did work ($rounds rounds)" [ "$rounds" -gt 0 ]
check "every replace succeeded ($rep_n, $rep_bad failed)" sh -c "[ $rep_n -gt 0 ] && [ $rep_bad = 0 ]"
check "every migration succeeded ($mig_n, $mig_bad failed)" sh -c "[ $mig_n -gt 0 ] && [ $mig_bad = 0 ]"
check "every churned cgroup confined while attached, free after detach, removed ($churn_n, $churn_bad wrong)" \
	sh -c "[ $churn_n -gt 0 ] && [ $churn_bad = 0 ]"
check "every re-attach succeeded ($reatt_n, $reatt_bad failed)" sh -c "[ $reatt_n -gt 0 ] && [ $reatt_bad = 0 ]"
check "no churned cgroup is left attached" sh -c '! moatctl list | grep -q churn'
check "the attachment count is back to 2 (r1, r2 and nothing else)" \
	sh -c 'moatctl status | grep -q "attached cgroups: 2"'
expect EACCES "r2 still confined by race-b" probe -c $CG/r2 keyctl
check "no hook call was missed" sh -c 'moatctl status | grep -q "hook calls missed: 0"'
check "no WARNING, BUG or Oops in the kernel log" sh -c '! dmesg | grep -E "WARNING:|BUG:|Oops|RCU stall|lockdep|KASAN"'

# --- 2. a replace holds at once ----------------------------------------------
# A task already in the cgroup, blocked on a FIFO, makes its keyctl right
# after the replace returns: it must see the new profile's errno. The old
# profile is freed after an RCU grace period; no task decides against it
# after the replace (KASAN on the debug kernel).
echo "# --- a replaced profile holds as soon as the replace returns"
mkfifo /tmp/gate
n=0 bad=0
while [ $n -lt 40 ]; do
	if [ $((n % 2)) = 0 ]; then j=b w=EACCES; else j=a w=EPERM; fi
	probe -c $CG/r1 -w /tmp/gate keyctl > /tmp/gate.out 2>&1 &
	gp=$!
	# "ready": it is in r1 and waits
	k=0
	while ! grep -q ready /tmp/gate.out && [ $k -lt 100 ]; do sleep 0.05; k=$((k + 1)); done
	moatctl load --name race $D/race-$j.json $D/race.apparmor > /dev/null || bad=$((bad + 1))
	echo go > /tmp/gate
	wait $gp
	r=$(tail -n 1 /tmp/gate.out)
	[ "$r" = $w ] || { bad=$((bad + 1)); echo "# replace $n to race-$j: keyctl $r, want $w"; }
	n=$((n + 1))
done
check "40 replaces: a task waiting in r1 sees the new profile's errno at once every time ($bad wrong)" [ $bad = 0 ]

# --- 3. unload under load (module) -------------------------------------------
if [ "$MOAT_BUILTIN" = 0 ]; then
	echo "# --- rmmod while tasks run through moat's kprobes"
	moatctl detach $CG/r1 > /dev/null
	moatctl detach $CG/r2 > /dev/null
	# profiles stay loaded: keyctl's kprobe is in place and every task's
	# keyctl, open and fork still passes moat's handlers
	L=""
	for i in 1 2 3; do
		racer -l -d /s/secret/f -a /s/pub/ok 12 > /tmp/lax.$i 2>&1 &
		L="$L $!"
	done
	sleep 3
	check "rmmod moat while 3 unconfined racers run through its kprobes" rmmod moat
	lbad=0
	for p in $L; do wait $p || lbad=$((lbad + 1)); done
	cat /tmp/lax.* | sed 's/^/# /'
	check "the racers ran on and ended normally" [ $lbad = 0 ]
	check "moat is gone" sh -c '! grep -q "^moat " /proc/modules'

	echo "# --- rmmod -f while confined tasks run"
	check "moat loads again" insmod /lib/modules/$(uname -r)/extra/moat.ko
	moatctl load --name race $D/race-a.json $D/race.apparmor > /dev/null
	moatctl attach race $CG/r1 > /dev/null
	expect EPERM "r1 confined again" probe -c $CG/r1 keyctl
	L=""
	for i in 1 2 3 4; do
		racer -l -c $CG/r1 -d /s/secret/f -a /s/pub/ok 12 > /tmp/lax.$i 2>&1 &
		L="$L $!"
	done
	sleep 3
	check "rmmod -f moat while 4 confined racers run" rmmod -f moat
	lbad=0
	for p in $L; do wait $p || lbad=$((lbad + 1)); done
	cat /tmp/lax.* | sed 's/^/# /'
	check "the racers ran on and ended normally" [ $lbad = 0 ]
	check "the forced unload lifted the attachment, saying so" \
		sh -c 'dmesg | grep -q "moat: forced unload: lifting 1 attachments"'
	expect OK "keyctl in r1 works without moat" probe -c $CG/r1 keyctl
	check "moat loads a third time" insmod /lib/modules/$(uname -r)/extra/moat.ko
	moatctl load --name race $D/race-a.json $D/race.apparmor > /dev/null
	moatctl attach race $CG/r1 > /dev/null
	expect EPERM "and enforces" probe -c $CG/r1 keyctl
	moatctl detach $CG/r1 > /dev/null
	check "and unloads" rmmod moat
fi
check "no WARNING, BUG or Oops in the kernel log" sh -c '! dmesg | grep -E "WARNING:|BUG:|Oops|RCU stall|lockdep|KASAN"'
summary
