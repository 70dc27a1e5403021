# SPDX-License-Identifier: GPL-2.0
#
# From "my app fails in the container" to "the default plus exactly one
# hole, enforcing": complain mode, the denial stream (moatctl monitor and the
# audit record), and moatctl derive. Every check asserts the exact errno or
# the exact field.
. /tests/lib.sh

CG=/sys/fs/cgroup
DOCKER=/policy/docker-default.json
AA=/policy/docker-default.apparmor
mkdir -p /mnt/p
load_families
load_moat
check "docker-default loads, both layers" moatctl load $DOCKER $AA
mkdir $CG/app $CG/sib
check "and is attached to the app's cgroup (enforce mode)" moatctl attach docker-default $CG/app
check "moatctl list shows it in enforce mode" \
	sh -c 'moatctl list | grep -q "docker-default  *enforce  *0  *0 /app\$"'

# mon OUT ARGS...: moatctl monitor ARGS in the background, writing OUT; it
# has joined the events group when it returns (an unconfined probe of the
# group: the first event a test causes is the first one it sees).
mon() {
	_out=$1
	shift
	moatctl monitor "$@" > "$_out" 2> "$_out.err" &
	MON=$!
	# the join is immediate; moatctl's start-up under TCG is not
	sleep 1.5
}

# mon_wait: the monitor exits by itself (-n); give it 20 s.
mon_wait() {
	( sleep 20; kill $MON 2>/dev/null ) &
	_dog=$!
	wait $MON
	kill $_dog 2>/dev/null
	wait $_dog 2>/dev/null
}

# --- enforce: the app fails, and says why ------------------------------------
mon /tmp/ev1 -j -n 1 $CG/app
expect EPERM "enforce: keyctl -> EPERM" probe -c $CG/app keyctl
mon_wait
check "monitor -j prints exactly one event" sh -c '[ $(wc -l < /tmp/ev1) -eq 1 ]'
for f in '"verdict":"denied"' '"mode":"enforce"' '"operation":"syscall"' \
	 '"profile":"docker-default"' '"cgroup":"/app"' '"abi":"x86_64"' \
	 '"syscall":250' '"syscall_name":"keyctl"' '"errno":1' '"error":"EPERM"' \
	 '"comm":"probe"' '"dropped":0'; do
	check "the event has $f" grep -qF "$f" /tmp/ev1
done
check "the audit record has AppArmor's fields" log_has \
	'moat="DENIED" operation="syscall" profile="docker-default" cgroup=[0-9]* abi=x86_64 syscall=250 error=-1 pid=[0-9]* comm="probe"'

mon /tmp/ev2 -n 1 $CG/app
expect EPERM "enforce: keyctl through int \$0x80 -> EPERM" probe -c $CG/app -a int80 keyctl
mon_wait
check "monitor prints one line per denial, with the syscall's name per ABI" \
	grep -q ' denied docker-default /app pid=[0-9]* comm="probe" syscall keyctl (i386 288): EPERM$' /tmp/ev2
mon /tmp/ev3 -n 1 $CG/app
expect EPERM "enforce: keyctl through x32 -> EPERM" probe -c $CG/app -a x32 keyctl
mon_wait
check "x32 is named too" grep -q ' syscall keyctl (x32 250): EPERM$' /tmp/ev3

mon /tmp/ev4 -j -n 1 $CG/app
expect EACCES "enforce: writing /proc/sys/kernel/hostname -> EACCES (path layer)" \
	pathprobe -c $CG/app write /proc/sys/kernel/hostname
mon_wait
for f in '"operation":"open"' '"name":"/proc/sys/kernel/hostname"' \
	 '"requested":"w"' '"denied":"w"' '"error":"EACCES"' '"syscall_name":"openat"'; do
	check "the path event has $f" grep -qF "$f" /tmp/ev4
done
check "and so has its audit record" log_has \
	'moat="DENIED" operation="open" profile="docker-default" cgroup=[0-9]* name="/proc/sys/kernel/hostname" requested="w" denied="w" abi=x86_64 syscall=257 error=-13'
mon /tmp/ev5 -n 1
expect OK "a task outside every attachment is not reported" probe -c $CG/sib keyctl
expect EPERM "(the unfiltered monitor then sees the app's next denial)" probe -c $CG/app keyctl
mon_wait
check "the unfiltered monitor's first event is the app's" grep -q ' denied docker-default /app ' /tmp/ev5

# --- complain mode -------------------------------------------------------------
check "moatctl mode complain" moatctl mode complain $CG/app
check "moatctl list shows complain mode" sh -c 'moatctl list | grep -q "docker-default  *complain .* /app\$"'
mon /tmp/ev6 -j -n 2 $CG/app
expect OK "complain: keyctl runs" probe -c $CG/app keyctl
expect OK "complain: the hostname write runs" pathprobe -c $CG/app write /proc/sys/kernel/hostname
mon_wait
check "and the events say 'would deny'" sh -c '[ $(grep -c "\"verdict\":\"would deny\".*\"mode\":\"complain\"" /tmp/ev6) -eq 2 ]'
check "with what would have been returned" sh -c 'grep -q "\"syscall_name\":\"keyctl\".*\"error\":\"EPERM\"" /tmp/ev6 &&
	grep -q "\"name\":\"/proc/sys/kernel/hostname\".*\"error\":\"EACCES\"" /tmp/ev6'
check "the audit record says ALLOWED, as AppArmor's complain mode does" log_has \
	'moat="ALLOWED" operation="syscall" profile="docker-default" cgroup=[0-9]* abi=x86_64 syscall=250 error=-1'
# complain mode widens nothing else: the task is still confined
expect "0::/app" "complain: leaving the subtree for the root cgroup is still refused" \
	sh -c "echo \$\$ > $CG/app/cgroup.procs && { echo \$\$ > $CG/cgroup.procs; cat /proc/self/cgroup; }"
expect "0::/app" "complain: and for a sibling" \
	sh -c "echo \$\$ > $CG/app/cgroup.procs && { echo \$\$ > $CG/sib/cgroup.procs; cat /proc/self/cgroup; }"
fails_with "a task confined by moat cannot change policy" "complain: changing policy from inside is still refused" \
	sh -c "echo \$\$ > $CG/app/cgroup.procs && exec moatctl detach $CG/app"
check "so the attachment is still there" sh -c 'moatctl list | grep -q " /app\$"'
# nor another container's rules: its signal receive rule, its categories
check "two profiles whose tasks signal only their own kind load: pa" \
	moatctl load /tests/data/sig-pa.apparmor
check "and pb" moatctl load /tests/data/sig-pb.apparmor
mkdir $CG/sa $CG/sb
check "pb attached to one cgroup (enforce)" moatctl attach pb $CG/sb
check "pa to another, in complain mode" moatctl attach pa $CG/sa --complain
sh -c "echo \$\$ > $CG/sb/cgroup.procs; exec sleep 600" &
victim=$!
sleep 0.5
expect EACCES "complain: a signal the sender's rule and the target's receive rule both refuse is refused" \
	pathprobe -c $CG/sa kill $victim 15
check "and the target lives" test -d /proc/$victim
moatctl detach $CG/sb >/dev/null	# pb refuses the host's signals too
kill $victim
check "the container profile with a label layer loads" \
	moatctl load --name lbl $AA /tests/data/container.labels
mkdir $CG/la $CG/lb /shared
mount -t tmpfs shared /shared
check "A (container_t:c1) attached in complain mode" moatctl attach lbl $CG/la --label container_t:c1 --complain
check "B (container_t:c2) attached in enforce mode" moatctl attach lbl $CG/lb --label container_t:c2
expect OK "B creates a file, labelled c2" pathprobe -c $CG/lb mkfile /shared/fb
expect EACCES "complain: A cannot read B's file (categories hold)" pathprobe -c $CG/la read /shared/fb
expect EACCES "complain: nor write it" pathprobe -c $CG/la write /shared/fb
check "moatctl mode enforce" moatctl mode enforce $CG/app
expect EPERM "enforce again: keyctl -> EPERM" probe -c $CG/app keyctl
fails_with "not a mode" "a mode that does not exist is refused" moatctl mode permissive $CG/app
fails_with "cgroup is not attached" "so is an unattached cgroup" moatctl mode complain $CG/sib
mkdir $CG/c2
check "attach --complain attaches in complain mode" moatctl attach docker-default $CG/c2 --complain
expect OK "and keyctl runs there" probe -c $CG/c2 keyctl
check "attach --replace without --complain is in enforce mode" moatctl attach docker-default $CG/c2 --replace
expect EPERM "and keyctl is refused there" probe -c $CG/c2 keyctl

# --- attach --on-exec: for a runtime hook that runs before the runtime's set-up
mkdir $CG/ox
check "attach --on-exec" moatctl attach docker-default $CG/ox --on-exec
check "moatctl list shows it pending until an execve" \
	sh -c 'moatctl list | grep -q "docker-default  *enforce,exec .* /ox\$"'
expect OK "pending: a task that joins without an execve is not confined yet" probe -c $CG/ox keyctl
fails_with "not with REPLACE" "--on-exec with --replace is refused" \
	moatctl attach docker-default $CG/ox --replace --on-exec
check "(and changes nothing)" sh -c 'moatctl list | grep -q "docker-default  *enforce,exec .* /ox\$"'
expect EPERM "the subtree's first execve starts it: the new program is confined" \
	sh -c "echo \$\$ > $CG/ox/cgroup.procs; exec probe keyctl"
check "it is no longer pending" sh -c 'moatctl list | grep -q "docker-default  *enforce  .* /ox\$"'
expect EPERM "and it confines every task of the subtree from then on" probe -c $CG/ox keyctl
check "a permissive profile loads as 'lax'" moatctl load /tests/data/allow-all.json --name lax
mkdir $CG/ox/pend
check "lax attached --on-exec to a cgroup inside the confined one" moatctl attach lax $CG/ox/pend --on-exec
expect "0::/ox" "a confined task cannot move into that pending subtree (to exec into a laxer profile)" \
	sh -c "echo \$\$ > $CG/ox/cgroup.procs && { echo \$\$ > $CG/ox/pend/cgroup.procs; cat /proc/self/cgroup; }"
expect EPERM "and is still confined by its own profile" probe -c $CG/ox keyctl
moatctl detach $CG/ox/pend >/dev/null
mkdir $CG/ox2
check "attach --on-exec, then --replace" sh -c "moatctl attach docker-default $CG/ox2 --on-exec && moatctl attach docker-default $CG/ox2 --replace"
expect EPERM "a replace confines at once" probe -c $CG/ox2 keyctl

# --- derive: the default plus exactly one hole ----------------------------------
check "derive --allow-syscall keyctl" moatctl derive $DOCKER --allow-syscall keyctl -o /tmp/dk.json
check "the result loads, with docker-default's path layer" moatctl load /tmp/dk.json $AA --name docker-keyctl
check "and replaces the app's profile" moatctl attach docker-keyctl $CG/app --replace
expect OK "keyctl now works (x86_64)" probe -c $CG/app keyctl
expect OK "keyctl now works (int \$0x80)" probe -c $CG/app -a int80 keyctl
expect OK "keyctl now works (x32)" probe -c $CG/app -a x32 keyctl
expect OK "keyctl now works (a 32-bit program)" probe32 -c $CG/app keyctl
# every other denial of the syscall suite still holds
in_app() { probe -c $CG/app "$@"; }
expect EPERM "still: mount -> EPERM" in_app mount /mnt/p
expect EPERM "still: reboot -> EPERM" in_app reboot
expect EPERM "still: kexec_load -> EPERM" in_app kexec_load
expect EPERM "still: init_module -> EPERM" in_app init_module
expect EPERM "still: bpf -> EPERM" in_app bpf
expect EPERM "still: unshare(CLONE_NEWUSER) -> EPERM" in_app unshare 0x10000000
expect EPERM "still: setns -> EPERM" in_app setns
expect EPERM "still: clone(CLONE_NEWNS) -> EPERM" in_app clone 0x20000
expect ENOSYS "still: clone3 -> ENOSYS" in_app clone3
expect EPERM "still: personality(0x40000) -> EPERM" in_app personality 0x40000
expect EPERM "still: socket(AF_VSOCK) -> EPERM" in_app socket 40
expect EPERM "still: socket(AF_ALG) -> EPERM" in_app socket 38 5
expect EPERM "still: a syscall the profile does not name -> EPERM (uselib)" in_app sys 134
expect ENOSYS "still: a number above the profile's newest -> ENOSYS" in_app sys 1000
expect EPERM "still: int80 mount -> EPERM" probe -c $CG/app -a int80 mount /mnt/p
expect EPERM "still: int80 bpf -> EPERM" probe -c $CG/app -a int80 bpf
expect ENOSYS "still: int80 clone3 -> ENOSYS" probe -c $CG/app -a int80 clone3
expect EPERM "still: int80 socket(AF_VSOCK) -> EPERM" probe -c $CG/app -a int80 socket 40
expect EPERM "still: x32 mount -> EPERM" probe -c $CG/app -a x32 mount /mnt/p
expect EPERM "still: x32 kexec_load -> EPERM" probe -c $CG/app -a x32 kexec_load
expect ENOSYS "still: x32 clone3 -> ENOSYS" probe -c $CG/app -a x32 clone3
expect EACCES "still: the path layer refuses /proc/sys/kernel/hostname" \
	pathprobe -c $CG/app write /proc/sys/kernel/hostname
expect OK "still allowed: getpid" in_app getpid
expect OK "still allowed: socket(AF_INET)" in_app socket 2
check "moatctl diff shows keyctl, and only keyctl, on every ABI" \
	sh -c 'moatctl diff /policy/docker-default.json /tmp/dk.json > /tmp/diff; [ $? -eq 1 ] &&
		[ $(grep -c "^+ .* keyctl: " /tmp/diff) -eq 3 ] && [ $(grep -c "^[+-] " /tmp/diff) -eq 3 ]'

# --from-log: the kernel log holds keyctl denials (three ABIs, enforce and
# complain), a path denial and denials of no other syscall
fails_with "standard input is not a terminal and --yes is not given: nothing written" \
	"derive --from-log without --yes and without a terminal asks nothing and writes nothing" \
	moatctl derive $DOCKER --from-log -o /tmp/fl0.json < /dev/null
check "it lists exactly one proposal: --allow-syscall keyctl" \
	sh -c '[ $(grep -c "^proposed: " /tmp/.err) -eq 1 ] && grep -q "^proposed: --allow-syscall keyctl " /tmp/.err'
check "(no file)" [ ! -e /tmp/fl0.json ]
check "derive --from-log --yes" sh -c "moatctl derive $DOCKER --from-log --yes -o /tmp/fl.json > /tmp/fl.out 2>&1"
check "it proposes keyctl" grep -q keyctl /tmp/fl.out
check "and the profile it wrote differs from docker-default by keyctl alone" \
	sh -c 'moatctl diff /policy/docker-default.json /tmp/fl.json > /tmp/diff2; [ $? -eq 1 ] &&
		[ $(grep -c "^+ .* keyctl: " /tmp/diff2) -eq 3 ] && [ $(grep -c "^[+-] " /tmp/diff2) -eq 3 ]'

# --- rate limit: what is dropped is counted, never hidden ---------------------
mkdir $CG/rl
check "attach a cgroup for the rate limit" moatctl attach docker-default $CG/rl
mon /tmp/ev7 -j $CG/rl
expect 0 "300 keyctl denials in a burst" sh -c "runas -c $CG/rl -- moatbench -n 300 -r 1 denied > /tmp/rl.out; echo \$?"
check "each one refused (EPERM)" grep -q "^denied .* EPERM " /tmp/rl.out
sleep 6
expect EPERM "one more, after the rate limit's 5 s interval" probe -c $CG/rl keyctl
sleep 1
kill $MON
wait $MON 2>/dev/null
n=$(grep -c '"syscall_name":"keyctl"' /tmp/ev7)
sum=$(sed -n 's/.*"dropped":\([0-9]*\).*/\1/p' /tmp/ev7 | awk '{ s += $1 } END { print s + 0 }')
den=$(moatctl list | awk '$NF == "/rl" { print $4 }')
drop=$(moatctl list | awk '$NF == "/rl" { print $5 }')
check "moatctl list counts all 301 denials (got $den)" [ "$den" = 301 ]
check "some were dropped ($drop) and at most 100 per 5 s reported ($n)" \
	sh -c "[ $drop -gt 0 ] && [ $n -le 200 ]"
check "events sent ($n) + dropped ($drop) = denials" [ $((n + drop)) -eq 301 ]
check "the events announce every drop (their dropped fields sum to $sum)" [ "$sum" = "$drop" ]
check "moatctl status -j counts the same drops ($drop)" \
	sh -c "moatctl status -j | tr -d ' \n' | grep -q '\"reports_dropped\":$drop,'"
check "moatctl list -j has the counts" sh -c "moatctl list -j | tr -d ' \n' | grep -q '\"cgroup\":\"/rl\",\"profile\":\"docker-default\",\"mode\":\"enforce\",\"pending_exec\":false,\"denials\":301,\"events_dropped\":$drop'"
check "moatctl status -j is one JSON object" sh -c 'moatctl status -j | tr -d " \n" | grep -q "^{\"version\":\".*\"state\":\"enforcing\".*\"denials\":[0-9]*,\"reports_dropped\":[0-9]*,\"hooks_missed\":0}$"'

# --- monitor needs privilege ------------------------------------------------------
fails_with "needs CAP_SYS_ADMIN" "an unprivileged user cannot join the events group" \
	runas -u 1000 -g 1000 -- moatctl monitor -n 1

check "the kernel log has no WARNING, BUG or Oops" sh -c '! dmesg | grep -qE "WARNING:|BUG:|Oops|Call Trace"'
summary
