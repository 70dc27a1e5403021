# SPDX-License-Identifier: GPL-2.0
#
# The path layer in the VM, against Debian's kernel: Docker's docker-default
# AppArmor profile, loaded unmodified, attached to a cgroup; every check
# asserts the exact errno. Then the differential test: the same profile
# loaded into the kernel's own AppArmor, the same probes run under both, and
# every answer compared.
. /tests/lib.sh

CG=/sys/fs/cgroup
AA=/policy/docker-default.apparmor
JSON=/policy/docker-default.json
mkdir -p /mnt/p /mnt/u
# the families docker-default refuses, so that unconfined they really work
load_families

# --- loading ---------------------------------------------------------------
load_moat
check "docker-default's AppArmor text loads unmodified" moatctl load $AA
check "the profile holds the path layer alone" sh -c 'moatctl list | grep -q "^docker-default .*  path\$"'
fails_with "bad-dbus.apparmor:5: dbus" "a construct outside the subset is an error naming file, line and construct" \
	moatctl load /tests/data/bad-dbus.apparmor
check "both layers load as one profile" moatctl load --name both $JSON $AA
check "and it holds both" sh -c 'moatctl list | grep -q "^both .* 971 .*  syscall,path\$"'
mkdir $CG/ctr $CG/ctr2 $CG/both $CG/adm $CG/admsys
check "attach docker-default (path layer) to a container cgroup" moatctl attach docker-default $CG/ctr
moatctl attach docker-default $CG/ctr2

in_ctr() { pathprobe -c $CG/ctr "$@"; }

# --- docker-default's file rules ---------------------------------------------
expect EACCES "write /proc/sys/kernel/hostname -> EACCES" in_ctr write /proc/sys/kernel/hostname
expect EACCES "a task named 'x<newline>moat: FORGED' is denied" \
	in_ctr comm "$(printf 'x\nmoat: FORGED')" write /proc/sysrq-trigger
check "and its name is logged in hex, on the one line" \
	log_has 'name="/proc/sysrq-trigger" .* comm=780a6d6f61743a20464f52474544$'
check "no log line starts with the forged text" sh -c '! dmesg | grep -q "^moat: FORGED\|] moat: FORGED"'
expect EACCES "write /proc/sys/net/ipv4/ip_forward -> EACCES" in_ctr write /proc/sys/net/ipv4/ip_forward
expect EACCES "write /proc/sysrq-trigger -> EACCES" in_ctr write /proc/sysrq-trigger
expect EACCES "append /proc/sys/kernel/hostname -> EACCES (deny w covers a)" in_ctr append /proc/sys/kernel/hostname
expect OK "write /proc/sys/kernel/shmmax is allowed" in_ctr write /proc/sys/kernel/shmmax
expect OK "write /proc/sys/kernel/shm_rmid_forced is allowed" in_ctr write /proc/sys/kernel/shm_rmid_forced
expect OK "write /proc/sys/kernel/sem is allowed ([^s][^h][^m] per position)" in_ctr write /proc/sys/kernel/sem
expect OK "write /proc/sys/kernel/sched_rr_timeslice_ms is allowed" in_ctr write /proc/sys/kernel/sched_rr_timeslice_ms
expect OK "write /proc/sys/kernel/threads-max is allowed" in_ctr write /proc/sys/kernel/threads-max
expect OK "read /proc/sys/kernel/hostname is allowed" in_ctr read /proc/sys/kernel/hostname
expect EACCES "read /proc/kcore -> EACCES" in_ctr read /proc/kcore
expect EACCES "read /sys/firmware/acpi/tables/DSDT -> EACCES" in_ctr read /sys/firmware/acpi/tables/DSDT
expect EACCES "opendir /sys/firmware/acpi -> EACCES" in_ctr opendir /sys/firmware/acpi
expect OK "opendir /sys/firmware itself is allowed (** needs a name)" in_ctr opendir /sys/firmware
expect EACCES "read /sys/kernel/security/lsm -> EACCES" in_ctr read /sys/kernel/security/lsm
expect OK "write under /sys/fs/cgroup is allowed" in_ctr write $CG/ctr/cgroup.procs
expect EACCES "write /sys/kernel/mm/transparent_hugepage/enabled -> EACCES" \
	in_ctr write /sys/kernel/mm/transparent_hugepage/enabled
expect OK "read /sys/kernel/mm/transparent_hugepage/enabled is allowed" \
	in_ctr read /sys/kernel/mm/transparent_hugepage/enabled
expect EACCES "write /proc/sys/kernel/ns_last_pid -> EACCES ([^s][^h][^m]: n, s, _)" \
	in_ctr write /proc/sys/kernel/ns_last_pid
expect OK "write /proc/sys/kernel/sysrq is allowed (starts with s: the rule's own gap)" \
	in_ctr write /proc/sys/kernel/sysrq
expect EACCES "lock (k) of /sys/kernel/mm/transparent_hugepage/enabled -> EACCES" \
	in_ctr lock /sys/kernel/mm/transparent_hugepage/enabled
expect EACCES "chroot /proc, then write /sysrq-trigger -> EACCES (names are from the namespace root)" \
	in_ctr chroot /proc write /sysrq-trigger
expect EACCES "chroot /proc/sys, then write /kernel/hostname -> EACCES" \
	in_ctr chroot /proc/sys write /kernel/hostname
expect EACCES "chroot /sys/kernel/security, then read /lsm -> EACCES" \
	in_ctr chroot /sys/kernel/security read /lsm
echo hi > /tmp/f
expect OK "chroot /tmp, then write /f works" in_ctr chroot /tmp write /f
expect OK "ordinary files: write" in_ctr write /tmp/f
expect OK "ordinary files: create" in_ctr create /tmp/g
expect OK "exec of a binary" in_ctr exec /bin/busybox
check "denials are logged with AppArmor's field names" \
	log_has 'moat="DENIED" operation="open" profile="docker-default" cgroup=[0-9]* name="/proc/sys/kernel/hostname" requested="w" denied="w"'

# --- mount, umount, network ---------------------------------------------------
check "docker-default with CAP_SYS_ADMIN: both layers" moatctl load --name adm --cap-add SYS_ADMIN $JSON $AA
check "and the syscall layer alone with CAP_SYS_ADMIN" moatctl load --name admsys --cap-add SYS_ADMIN $JSON
moatctl attach adm $CG/adm
moatctl attach admsys $CG/admsys
expect OK "syscall layer alone with CAP_SYS_ADMIN: mount works" pathprobe -c $CG/admsys mount none /mnt/p
umount /mnt/p 2>/dev/null
expect EACCES "with the path layer too: mount -> EACCES from 'deny mount'" pathprobe -c $CG/adm mount none /mnt/p
check "and nothing was mounted" sh -c '! grep -q " /mnt/p " /proc/mounts'
expect EACCES "bind mount -> EACCES" in_ctr bind /tmp /mnt/p
mount -t tmpfs none /mnt/u
expect OK "umount is allowed ('umount,')" in_ctr umount /mnt/u
check "and it was unmounted" sh -c '! grep -q " /mnt/u " /proc/mounts'
expect EACCES "pivot_root -> EACCES (no rule grants it)" in_ctr pivot_root /mnt /mnt/p
# the new mount API: no LSM hook for most of it in 6.1, so 'deny mount'
# refuses the syscalls themselves
expect EACCES "open_tree(OPEN_TREE_CLONE) -> EACCES ('deny mount')" in_ctr open_tree /proc
expect EACCES "fsopen -> EACCES" in_ctr fsopen
expect EACCES "fspick (then fsconfig reconfigure) -> EACCES" in_ctr fspick /tmp
mount -t tmpfs none /mnt/u
expect EACCES "mount_setattr(MOUNT_ATTR_RDONLY) -> EACCES" in_ctr mount_setattr /mnt/u
check "and the mount is still writable" touch /mnt/u/x
umount /mnt/u
expect EACCES "socket(AF_ALG) -> EACCES from the path layer ('deny network alg')" in_ctr socket 38
expect OK "socket(AF_INET) works ('network,')" in_ctr socket 2
expect OK "socket(AF_VSOCK) is the syscall layer's business: the path layer allows it" in_ctr socket 40
expect EPERM "with both layers, socket(AF_ALG) meets the syscall layer first: EPERM" pathprobe -c $CG/adm socket 38

# --- signals and ptrace -------------------------------------------------------
sleep 300 &
host=$!
sh -c "echo \$\$ > $CG/ctr/cgroup.procs; exec sleep 300" &
inside=$!
sh -c "echo \$\$ > $CG/ctr/cgroup.procs; exec sleep 300" &
inside2=$!
sh -c "echo \$\$ > $CG/ctr2/cgroup.procs; exec sleep 300" &
other=$!
sleep 1
expect EACCES "kill(SIGUSR1) of a host process from inside -> EACCES" in_ctr kill $host 10
expect OK "kill(0), the existence check, is allowed (abstractions/base)" in_ctr kill $host 0
expect OK "kill from inside to the same container works" in_ctr kill $inside 0
expect OK "ptrace between two processes of the same container works" in_ctr ptrace $inside2
expect EACCES "ptrace of a host process -> EACCES" in_ctr ptrace $host
expect EACCES "ptrace of another container's process -> EACCES" in_ctr ptrace $other
expect EACCES "reading a host process's /proc/PID/environ -> EACCES" in_ctr ptrace_read $host
expect OK "the host signals into the container ('signal (receive) peer=unconfined')" pathprobe kill $inside 15
check "and the container process is gone" sh -c "sleep 1; ! kill -0 $inside 2>/dev/null"
expect OK "the host can ptrace into the container" pathprobe ptrace $inside2
expect EACCES "setpriority on a host process -> EACCES (domain)" in_ctr setnice $host
expect OK "setpriority within the container works" in_ctr setnice $inside2
kill $host $inside2 $other 2>/dev/null

# --- both layers: the syscall layer still holds -------------------------------
moatctl attach both $CG/both
expect EPERM "both layers: the syscall layer still refuses keyctl" probe -c $CG/both keyctl
expect EACCES "both layers: the path layer still refuses /proc/sysrq-trigger" pathprobe -c $CG/both write /proc/sysrq-trigger
gen=$(moatctl list | awk '$1 == "both" { print $2 }')
fails_with "bad-dbus.apparmor:5: dbus" "a bad AppArmor file does not replace a loaded profile" \
	moatctl load --name both $JSON /tests/data/bad-dbus.apparmor
check "its generation is unchanged ($gen)" sh -c "moatctl list | grep -q '^both  *$gen '"
expect EACCES "and it still enforces its path layer" pathprobe -c $CG/both write /proc/sysrq-trigger

# --- differential test against AppArmor ----------------------------------------
# The same profile text loaded into the kernel's AppArmor and into moat; the
# same probes run by pathprobe under each (aa-exec's way: "exec PROFILE" in
# /proc/self/attr/exec; moat's: joining an attached cgroup); every answer
# compared. The probes open and close without writing, or undo what they do,
# and the fixtures are rebuilt before each run.
check "AppArmor is the kernel's active major LSM" sh -c 'grep -q apparmor /sys/kernel/security/lsm'
mkdir -p /tmp/out

# differential TAG FILE PROFILE LIST FIXTURES
differential() {
	_tag=$1 _file=$2 _prof=$3 _list=$4 _fix=$5
	check "$_tag: apparmor_parser loads $_file into AppArmor" apparmor_parser -r -K "$_file"
	check "$_tag: moatctl loads the same file" moatctl load "$_file"
	mkdir -p $CG/diff-$_tag
	moatctl attach "$_prof" $CG/diff-$_tag >/dev/null
	$_fix
	pathprobe -A "$_prof" -f "$_list" > /tmp/out/aa-$_tag 2>/tmp/out/aa-$_tag.err
	$_fix
	pathprobe -c $CG/diff-$_tag -f "$_list" > /tmp/out/moat-$_tag 2>/tmp/out/moat-$_tag.err
	_n=$(grep -v '^#' "$_list" | grep -c .)
	check "$_tag: both runs answered every probe ($_n)" sh -c \
		"[ \$(wc -l < /tmp/out/aa-$_tag) -eq $_n ] && [ \$(wc -l < /tmp/out/moat-$_tag) -eq $_n ]"
	check "$_tag: AppArmor really confined its run (it denied some probes)" \
		grep -q ' EACCES$' /tmp/out/aa-$_tag
	_agree=0 _i=0
	while IFS= read -r _a <&3 && IFS= read -r _m <&4; do
		_i=$((_i + 1))
		if [ "$_a" = "$_m" ]; then
			_agree=$((_agree + 1))
			ok "$_tag agree: $_a"
		else
			not_ok "$_tag disagree: AppArmor '$_a', moat '${_m##* }'"
		fi
	done 3</tmp/out/aa-$_tag 4</tmp/out/moat-$_tag
	echo "# differential $_tag: moat and AppArmor agree on $_agree of $_i probes; AppArmor denied $(grep -c ' EACCES$' /tmp/out/aa-$_tag), moat $(grep -c ' EACCES$' /tmp/out/moat-$_tag)"
}

docker_fixtures() {
	umount /tmp/diff/mnt /tmp/diff/mounted 2>/dev/null
	rm -rf /tmp/diff
	mkdir -p /tmp/diff/dir /tmp/diff/emptydir /tmp/diff/mnt /tmp/diff/mounted
	echo data > /tmp/diff/file
	echo inner > /tmp/diff/dir/inner
	ln -s file /tmp/diff/link
	echo x > /tmp/diff/other-owner
	chown 1000:1000 /tmp/diff/other-owner
	printf '#!/bin/sh\nexit 0\n' > /tmp/diff/script
	chmod 755 /tmp/diff/script
	echo x > /tmp/diff/noexec
	mount -t tmpfs none /tmp/diff/mounted
}

custom_fixtures() {
	umount /tmp/c/mounted 2>/dev/null
	rm -rf /tmp/c
	mkdir -p /tmp/c/pub/ro /tmp/c/own /tmp/c/app /tmp/c/bin /tmp/c/lib \
		/tmp/c/lock /tmp/c/dir /tmp/c/mnt /tmp/c/mounted
	for f in pub/a pub/mine-ro pub/theirs-ro pub/ro/a own/mine own/theirs \
		app/log lock/f lib/x.so; do
		echo data > /tmp/c/$f
	done
	chown 1000:1000 /tmp/c/pub/theirs-ro /tmp/c/own/theirs
	for f in ok nox noxious; do
		printf '#!/bin/busybox sh\nexit 0\n' > /tmp/c/bin/$f
		chmod 755 /tmp/c/bin/$f
	done
	mount -t tmpfs none /tmp/c/mounted
}

sleep 300 &
hostpid=$!
{
	grep -v '^#' /tests/data/diff-probes.list
	# every sysctl, and every file directly in /proc: the rules' globs
	# against the names this kernel really has
	find /proc/sys -type f | sort | sed 's/^/write /'
	find /proc/sys/kernel -type f | sort | sed 's/^/append /'
	find /proc -maxdepth 1 -type f | sort | sed 's/^/write /'
	for p in 1 $hostpid; do
		for f in status environ mem maps oom_score_adj comm attr/current; do
			echo "read /proc/$p/$f"
			echo "write /proc/$p/$f"
		done
		echo "kill $p 0"
		echo "kill $p 28"
	done
} > /tmp/docker-probes
{
	grep -v '^#' /tests/data/custom-probes.list
	# signals whose default action leaves the target running: the
	# same target serves both runs
	for s in 0 17 23 28; do
		echo "kill $hostpid $s"
	done
} > /tmp/custom-probes
differential docker $AA docker-default /tmp/docker-probes docker_fixtures
differential custom /tests/data/custom.apparmor moat-custom /tmp/custom-probes custom_fixtures
kill $hostpid 2>/dev/null
nodel_fixtures() { rm -rf /tmp/deep /tmp/del1 /tmp/del2 /tmp/deleted-deny1; }
differential nodel /tests/data/nodel.apparmor nodel /tests/data/nodel-probes.list nodel_fixtures

# where moat is stricter than AppArmor's hooks can be
custom_fixtures
expect OK "custom: append to an 'a' file works" pathprobe -c $CG/diff-custom append /tmp/c/app/log
expect EACCES "custom: dropping O_APPEND (F_SETFL) on an 'a' file -> EACCES" \
	pathprobe -c $CG/diff-custom unappend /tmp/c/app/log

check "the kernel log has no WARNING, BUG or Oops" sh -c '! dmesg | grep -qE "WARNING:|BUG:|Oops|Call Trace"'
summary
