# SPDX-License-Identifier: GPL-2.0
#
# moatctl run (a command confined in a transient cgroup, removed when it
# ends) and moatctl oci-hook (the OCI runtime hook that attaches a
# container's cgroup from its annotations), in the VM. Every check asserts
# an exact errno or exit status.
. /tests/lib.sh

CG=/sys/fs/cgroup
RP=$CG/moat.run
DOCKER=/policy/docker-default.json
AA=/policy/docker-default.apparmor
LBL=/tests/data/container.labels
mkdir -p /mnt/p

# rc_is WANT DESC CMD...: CMD must exit with status WANT.
rc_is() {
	_want=$1 _desc=$2
	shift 2
	"$@" >/tmp/.out 2>&1
	_rc=$?
	if [ "$_rc" -eq "$_want" ]; then
		ok "$_desc"
	else
		not_ok "$_desc: want exit $_want, got $_rc: $(head -c 300 /tmp/.out)"
	fi
}

# wait_for SHELL_TEST: up to 30 s
wait_for() {
	_i=0
	while [ $_i -lt 300 ]; do
		eval "$1" && return 0
		sleep 0.1
		_i=$((_i + 1))
	done
	return 1
}

# go FIFO: let the waiting reader on (at most 20 s for it to open FIFO)
go() {
	timeout 30 sh -c "echo go > $1" || echo "# nobody read $1"
}

no_run_cgroup() { ! ls -d $RP/run.* >/dev/null 2>&1; }
no_run_attachment() { ! moatctl list | grep -q '/moat\.run/run\.'; }
no_run_profile() { ! moatctl list | grep -q '^run\.'; }

load_moat
check "docker-default (the syscall layer) loads" moatctl load $DOCKER

# --- moatctl run: confinement ---------------------------------------------
expect OK "unconfined, keyctl works (the control)" probe keyctl
expect EPERM "run: keyctl inside -> EPERM (docker-default)" moatctl run -- probe keyctl
expect OK "run: getpid inside works" moatctl run -- probe getpid
expect EPERM "run: mount inside -> EPERM" moatctl run -- probe mount /mnt/p
expect ENOSYS "run: clone3 inside -> ENOSYS, as docker-default answers" moatctl run -- probe clone3
check "run: the parent $RP was created" test -d $RP

rm -f /tmp/go
mkfifo /tmp/go
moatctl run -- sh -c 'cat /proc/self/cgroup; cat /tmp/go' > /tmp/run1.out 2>&1 &
RUNPID=$!
wait_for 'grep -q "^0::" /tmp/run1.out'
cgp=$(sed -n 's/^0:://p' /tmp/run1.out)
check "run: the command runs in a cgroup under the parent ($cgp)" \
	test "$cgp" = "/moat.run/run.$RUNPID"
check "run: moatctl list shows it attached to docker-default" \
	sh -c "moatctl list | grep -q '^[0-9][0-9]*  *docker-default  *enforce  *[0-9]*  *[0-9]* $cgp\$'"
cgid=$(ls -di "$CG$cgp" | awk '{print $1}')
check "run: its cgroup id (the directory's inode, $cgid) is the one listed" \
	sh -c "moatctl list | grep -q '^$cgid  *docker-default '"
go /tmp/go
wait $RUNPID
rc=$?
check "run: the command ends, moatctl run exits 0 (got $rc)" test $rc -eq 0
check "run: the transient cgroup directory is gone" test ! -d "$CG$cgp"
check "run: moatctl list shows no attachment for it" \
	sh -c "! moatctl list | grep -q ' $cgp\$'"

# --- exit status and cleanup ------------------------------------------------
rc_is 3 "run: the command's exit status propagates (exit 3 -> 3)" moatctl run -- sh -c 'exit 3'
rc_is 0 "run: exit 0 -> 0" moatctl run -- true
rc_is 137 "run: the command kills itself with SIGKILL -> 137" moatctl run -- sh -c 'kill -9 $$'
check "and its cgroup is gone" no_run_cgroup

rm -f /tmp/k.pid
moatctl run -- sh -c 'echo $$ > /tmp/k.pid; exec sleep 100' >/dev/null 2>&1 &
RUNPID=$!
wait_for '[ -s /tmp/k.pid ]'
kill -9 "$(cat /tmp/k.pid)"
wait $RUNPID
rc=$?
check "run: the command SIGKILLed from outside -> moatctl run exits 137 (got $rc)" test $rc -eq 137
check "and cleans up: no cgroup left under the parent" no_run_cgroup
check "and no attachment left" no_run_attachment

moatctl run -- sleep 100 >/dev/null 2>&1 &
RUNPID=$!
wait_for "[ -d $RP/run.$RUNPID ] && grep -q . $RP/run.$RUNPID/cgroup.procs"
kill -TERM $RUNPID
wait $RUNPID
rc=$?
check "run: SIGTERM to moatctl is forwarded; the command's death by it -> 143 (got $rc)" test $rc -eq 143
check "and its cgroup is gone" no_run_cgroup

rm -f /tmp/bg.pid
rc_is 0 "run: a command whose background child outlives it (alive at its exit) -> 0" \
	moatctl run -- sh -c 'sleep 100 & echo $! > /tmp/bg.pid; kill -0 $!'
bg=$(cat /tmp/bg.pid 2>/dev/null)
# gone, or a zombie its new parent has not reaped yet
check "and that child ($bg) was killed with the cgroup" sh -c "[ -n '$bg' ] && { [ ! -d /proc/$bg ] || grep -q '^[0-9]* ([^)]*) [ZX]' /proc/$bg/stat; }"
check "and the cgroup is gone" no_run_cgroup

rc_is 127 "run: a command that does not exist -> 127" moatctl run -- /no/such/command
check "and its cgroup is gone" no_run_cgroup

# --- setup failures: nothing runs, nothing stays ------------------------------
rm -f /tmp/ran
fails_with 'profile "nosuch" is not loaded' "run: a profile that is not loaded -> exit 1, and says so" \
	moatctl run --profile nosuch -- touch /tmp/ran
check "and the command did not run" test ! -e /tmp/ran
check "and no cgroup is left" no_run_cgroup
check "label layer profile 'lbl' loads" moatctl load --name lbl $LBL
fails_with "give the cgroup's label" "run: an attach the kernel refuses (label layer, no --label) -> exit 1, and says why" \
	moatctl run --profile lbl -- touch /tmp/ran
check "and the command did not run" test ! -e /tmp/ran
check "and no cgroup is left" no_run_cgroup
rc_is 0 "run --label container_t:c1 with that profile works" moatctl run --profile lbl --label container_t:c1 -- true
fails_with "--cap-add and --cap-drop apply when --profile names files" \
	"run: --cap-add with a loaded profile's name -> exit 1" moatctl run --cap-add SYS_ADMIN -- true
fails_with "is not a cgroup v2 directory" "run: a --parent outside cgroup2 -> exit 1" \
	moatctl run --parent /tmp/notcg -- touch /tmp/ran
check "and the command did not run" test ! -e /tmp/ran
fails_with "no command given" "run: no command -> exit 1" moatctl run --profile docker-default

# --- where, and how --------------------------------------------------------
expect "0::/other.run/run.x" "run --parent DIR: the cgroup is made under DIR" \
	sh -c "moatctl run --parent $CG/other.run -- cat /proc/self/cgroup | sed 's/run\.[0-9.]*\$/run.x/'"
expect "0::/env.run/run.x" "MOAT_RUN_PARENT sets the default parent" \
	sh -c "MOAT_RUN_PARENT=$CG/env.run moatctl run -- cat /proc/self/cgroup | sed 's/run\.[0-9.]*\$/run.x/'"
check "and both are empty after" sh -c "! ls -d $CG/other.run/run.* $CG/env.run/run.* 2>/dev/null | grep -q ."
expect OK "run --complain is accepted (this kernel enforces regardless: getpid)" moatctl run --complain -- probe getpid

# --- --profile FILES: a transient profile -----------------------------------
moatctl run --profile $DOCKER -- sh -c 'probe keyctl; cat /tmp/go' > /tmp/run2.out 2>&1 &
RUNPID=$!
wait_for 'grep -q "^[A-Z]" /tmp/run2.out'
check "run --profile FILE: the transient profile run.$RUNPID is loaded while the command runs" \
	sh -c "moatctl list | grep -q '^run\.$RUNPID ' || { cat /tmp/run2.out; false; }"
check "run --profile FILE: keyctl -> EPERM under it" sh -c 'grep -qx EPERM /tmp/run2.out || { cat /tmp/run2.out; false; }'
go /tmp/go
wait $RUNPID
rc=$?
check "run --profile FILE: exits 0 (got $rc)" test $rc -eq 0
check "and the transient profile is removed" no_run_profile
check "and the cgroup is gone" no_run_cgroup
expect EPERM "run --profile FILE: mount -> EPERM" moatctl run --profile $DOCKER -- probe mount /mnt/p
expect OK "run --profile FILE --cap-add SYS_ADMIN: mount works (the cap applies to the compile)" \
	moatctl run --profile $DOCKER --cap-add SYS_ADMIN -- probe mount /mnt/p
umount /mnt/p 2>/dev/null
expect EFAULT "run --profile FILE: chroot(NULL) reaches the kernel (EFAULT): SYS_CHROOT is a default cap" \
	moatctl run --profile $DOCKER -- probe sys 161 0
expect EPERM "run --profile FILE --cap-drop SYS_CHROOT: chroot -> EPERM (the drop applies to the compile)" \
	moatctl run --profile $DOCKER --cap-drop SYS_CHROOT -- probe sys 161 0
expect OK "unconfined, /proc/kcore opens for read (the control)" pathprobe read /proc/kcore
expect EACCES "run --profile JSON --profile APPARMOR: both layers (deny @{PROC}/kcore -> EACCES)" \
	moatctl run --profile $DOCKER --profile $AA -- pathprobe read /proc/kcore
expect EPERM "and the syscall layer too (keyctl -> EPERM)" \
	moatctl run --profile $DOCKER --profile $AA -- probe keyctl
check "and no transient profile is left" no_run_profile
fails_with "/no/such.json" "run --profile with a file that does not exist -> exit 1" \
	moatctl run --profile /no/such.json -- touch /tmp/ran
check "and the command did not run" test ! -e /tmp/ran
check "and no transient profile or cgroup is left" sh -c '! moatctl list | grep -q "^run\." && ! ls -d /sys/fs/cgroup/moat.run/run.* 2>/dev/null'
fails_with "not both" "run --profile FILE --profile NAME -> exit 1" \
	moatctl run --profile $DOCKER --profile docker-default -- true

# --- moatctl oci-hook -----------------------------------------------------------
# state ID STATUS PID ANNOTATIONS: runc's state JSON (runtime-spec state.md)
state() {
	printf '{"ociVersion": "1.0.2", "id": "%s", "status": "%s", "pid": %s, "bundle": "/run/bundles/%s", "annotations": {%s}}\n' \
		"$1" "$2" "$3" "$1" "$4"
}
PROF='"org.moat.profile": "docker-default"'
rm -f /tmp/ocigo
mkfifo /tmp/ocigo

# The container's process as runc leaves it at createRuntime: its init, in
# the container's cgroup, which later execs the entrypoint.
mkdir $CG/oci1
sh -c "echo \$\$ > $CG/oci1/cgroup.procs; echo ready > /tmp/oci1.out; read x < /tmp/ocigo; exec probe keyctl >> /tmp/oci1.out" &
P1=$!
wait_for 'grep -q ready /tmp/oci1.out'
state ctr1 creating $P1 "$PROF" > /tmp/st1.json
check "oci-hook: a createRuntime state (\"creating\") with org.moat.profile exits 0" \
	sh -c 'moatctl oci-hook < /tmp/st1.json'
check "and the container's cgroup is attached, pending until the entrypoint's execve (moatctl list)" \
	sh -c 'moatctl list | grep -q "docker-default  *enforce,exec .*/oci1\$"'
check "and its cgroup id is kept for poststop" test -s /run/moat/oci/ctr1
check "oci-hook again (the hook at prestart and createRuntime both) exits 0" \
	sh -c 'moatctl oci-hook < /tmp/st1.json'
state ctr1 creating $P1 '"org.moat.profile": "lbl", "org.moat.label": "container_t:c1"' > /tmp/st1b.json
fails_with "File exists" "oci-hook: another profile for a cgroup attached already -> exit 1" \
	sh -c 'moatctl oci-hook < /tmp/st1b.json'
expect OK "until then the runtime's set-up is not confined (keyctl works, as mount and pivot_root would)" \
	probe -c $CG/oci1 keyctl
go /tmp/ocigo
wait $P1
check "the entrypoint the container's init execs is confined: keyctl -> EPERM" \
	sh -c 'tail -n 1 /tmp/oci1.out | grep -qx EPERM'
check "and the attachment is no longer pending" \
	sh -c 'moatctl list | grep -q "docker-default  *enforce  .*/oci1\$"'
expect EPERM "a process started in the cgroup after: keyctl -> EPERM" probe -c $CG/oci1 keyctl

mkdir $CG/oci2
probe -c $CG/oci2 -w /tmp/ocigo getpid > /tmp/oci2.out &
P2=$!
wait_for 'grep -q ready /tmp/oci2.out'
state ctr2 creating $P2 '"org.other": "x"' > /tmp/st2.json
rc_is 0 "oci-hook: a state without org.moat.profile -> exit 0" \
	sh -c 'moatctl oci-hook < /tmp/st2.json'
echo "{\"ociVersion\": \"1.0.2\", \"id\": \"ctr2\", \"status\": \"creating\", \"pid\": $P2, \"bundle\": \"/b\"}" > /tmp/st2.json
rc_is 0 "oci-hook: a state without annotations -> exit 0" \
	sh -c 'moatctl oci-hook < /tmp/st2.json'
check "and nothing is attached to its cgroup" sh -c '! moatctl list | grep -q "/oci2\$"'
expect OK "a process in it: keyctl works" probe -c $CG/oci2 keyctl
state ctr2 creating $P2 '"org.moat.profile": "nosuch"' > /tmp/st2.json
fails_with "No such file or directory" "oci-hook: a profile that is not loaded -> exit 1, with the kernel's answer" \
	sh -c 'moatctl oci-hook < /tmp/st2.json'
check "and nothing is attached" sh -c '! moatctl list | grep -q "/oci2\$"'
state ctr2 created $P2 "$PROF, \"org.moat.mode\": \"bogus\"" > /tmp/st2.json
fails_with "the mode is enforce or complain" "oci-hook: org.moat.mode=bogus -> exit 1" \
	sh -c 'moatctl oci-hook < /tmp/st2.json'
state ctr2 running $P2 "$PROF" > /tmp/st2.json
fails_with "is running" "oci-hook: a running container (poststart: too late) -> exit 1" \
	sh -c 'moatctl oci-hook < /tmp/st2.json'
fails_with "is not JSON" "oci-hook: malformed JSON -> exit 1, with a message" \
	sh -c "echo '{\"id\": \"ctr2\", \"status\": ' | moatctl oci-hook"
fails_with "no container state on stdin" "oci-hook: empty stdin -> exit 1" \
	sh -c 'moatctl oci-hook < /dev/null'
state ../x creating $P2 "$PROF" > /tmp/st2.json
fails_with "is not a container id" "oci-hook: an id that is no container id (../x) -> exit 1" \
	sh -c 'moatctl oci-hook < /tmp/st2.json'
check "and still nothing is attached to oci2" sh -c '! moatctl list | grep -q "/oci2\$"'
state ctr2 created $P2 "$PROF, \"org.moat.mode\": \"enforce\"" > /tmp/st2.json
check "oci-hook: status \"created\" (prestart), org.moat.mode=enforce attaches" \
	sh -c 'moatctl oci-hook < /tmp/st2.json'
check "and moatctl list shows it" sh -c 'moatctl list | grep -q "docker-default  .* /oci2\$"'
go /tmp/ocigo
wait $P2

# label from the annotation
mkdir $CG/oci3
probe -c $CG/oci3 -w /tmp/ocigo getpid > /tmp/oci3.out &
P3=$!
wait_for 'grep -q ready /tmp/oci3.out'
state ctr3 creating $P3 '"org.moat.profile": "lbl"' > /tmp/st3.json
fails_with "give the cgroup's label" "oci-hook: a label-layer profile without org.moat.label -> exit 1" \
	sh -c 'moatctl oci-hook < /tmp/st3.json'
state ctr3 creating $P3 '"org.moat.profile": "lbl", "org.moat.label": "container_t:c7"' > /tmp/st3.json
check "oci-hook: org.moat.label=container_t:c7 attaches with that label" \
	sh -c 'moatctl oci-hook < /tmp/st3.json'
expect container_t:c7 "moatctl label show prints it" moatctl label show $CG/oci3
go /tmp/ocigo
wait $P3

# poststop
state ctr1 stopped 0 "$PROF" > /tmp/st1.json
check "oci-hook: the poststop state (\"stopped\") exits 0" sh -c 'moatctl oci-hook < /tmp/st1.json'
check "and the cgroup, still there, is detached" \
	sh -c "test -d $CG/oci1 && ! moatctl list | grep -q '/oci1\$'"
check "and the kept id is gone" test ! -e /run/moat/oci/ctr1
expect OK "a process in it: keyctl works again" probe -c $CG/oci1 keyctl
check "oci-hook: poststop again (nothing attached) exits 0" sh -c 'moatctl oci-hook < /tmp/st1.json'
rmdir $CG/oci2
state ctr2 stopped 0 "$PROF" > /tmp/st2.json
check "oci-hook: poststop after the runtime removed the cgroup exits 0" \
	sh -c 'moatctl oci-hook < /tmp/st2.json'
check "and nothing of oci2 is listed" sh -c '! moatctl list | grep -q "/oci2\$"'
moatctl detach $CG/oci3 >/dev/null

# the cgroup2 mount found from mountinfo, not assumed at /sys/fs/cgroup
mkdir -p /tmp/cg2 $CG/oci4
mount -t cgroup2 cgroup2 /tmp/cg2
sh -c "echo \$\$ > $CG/oci4/cgroup.procs; echo ready > /tmp/oci4.out; read x < /tmp/ocigo; exec probe keyctl >> /tmp/oci4.out" &
P4=$!
wait_for 'grep -q ready /tmp/oci4.out'
state ctr4 creating $P4 "$PROF" > /tmp/st4.json
if umount $CG; then
	check "oci-hook: with cgroup2 mounted at /tmp/cg2 only, it attaches" \
		sh -c 'moatctl oci-hook < /tmp/st4.json'
	check "the cgroup under /tmp/cg2 (moatctl list)" sh -c 'moatctl list | grep -q "docker-default  .* /oci4\$"'
	mount -t cgroup2 cgroup2 $CG
else
	not_ok "cannot unmount $CG for the mountinfo test"
fi
go /tmp/ocigo
wait $P4
check "and the entrypoint it execs: keyctl -> EPERM" sh -c 'tail -n 1 /tmp/oci4.out | grep -qx EPERM'
umount /tmp/cg2

summary
