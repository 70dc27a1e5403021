# SPDX-License-Identifier: GPL-2.0
#
# The demo: load moat, confine a container cgroup with Docker's defaults
# (the seccomp JSON and the docker-default AppArmor text, as one profile),
# and show what it allows and denies next to an unconfined sibling cgroup.
. /tests/lib.sh
CG=/sys/fs/cgroup
say() { printf '\n\033[1m%s\033[0m\n' "$*"; }
row() {
	printf '  %-44s %-10s %-10s\n' "$1" "$(probe -c $CG/container $2)" "$(probe -c $CG/host-task $2)"
	umount /mnt/demo 2>/dev/null
}
mkdir -p /mnt/demo
modprobe -a vsock af_alg	# so that the sibling can really open those sockets

say "# modprobe moat  (in the VM; moat.ko is installed there)"
modprobe moat && dmesg | grep 'moat: enforcing'
say "# moatctl load /policy/docker-default.json /policy/docker-default.apparmor"
echo "  (Docker's seccomp profile and its AppArmor profile, both unmodified: one profile, two layers)"
moatctl load /policy/docker-default.json /policy/docker-default.apparmor 2>/dev/null
mkdir $CG/container $CG/host-task
say "# moatctl attach docker-default $CG/container"
moatctl attach docker-default $CG/container
say "# moatctl list"
moatctl list
moatctl monitor $CG/container > /tmp/monitor.out 2>&1 &
monitor=$!
sleep 1.5	# moatctl's start-up under TCG

say "# the same calls, from the container cgroup and from an unconfined sibling"
printf '  %-44s %-10s %-10s\n' "syscall" "container" "sibling"
row "mount(\"none\", \"/mnt/demo\", \"tmpfs\")" "mount /mnt/demo"
row "unshare(CLONE_NEWUSER)" "unshare 0x10000000"
row "clone(CLONE_NEWNS)" "clone 0x20000"
row "keyctl(KEYCTL_GET_KEYRING_ID)" "keyctl"
row "bpf(BPF_MAP_CREATE)" "bpf"
row "clone3()" "clone3"
row "socket(AF_VSOCK)" "socket 40"
row "socket(AF_INET)" "socket 2"
row "personality(0x40000)" "personality 0x40000"
row "personality(0)" "personality 0"
row "fork()" "fork"
row "getpid()" "getpid"
printf '  %-44s %-10s %-10s\n' "int \$0x80 mount (i386 entry)" "$(probe -c $CG/container -a int80 mount /mnt/demo)" "$(probe -c $CG/host-task -a int80 mount /mnt/demo)"
umount /mnt/demo 2>/dev/null
echo "  (EPERM and ENOSYS in the container are the syscall layer's answers; an"
echo "  error in the sibling, like bpf's EINVAL for an empty request, is the syscall's own)"

say "# the path layer: docker-default's AppArmor rules, from the same two cgroups"
prow() {
	printf '  %-44s %-10s %-10s\n' "$1" "$(pathprobe -c $CG/container $2)" "$(pathprobe -c $CG/host-task $2)"
}
printf '  %-44s %-10s %-10s\n' "operation" "container" "sibling"
prow "open /proc/sys/kernel/hostname for write" "write /proc/sys/kernel/hostname"
prow "open /proc/sys/kernel/shmmax for write" "write /proc/sys/kernel/shmmax"
prow "open /proc/sysrq-trigger for write" "write /proc/sysrq-trigger"
prow "open /proc/kcore for read" "read /proc/kcore"
prow "open /sys/kernel/security/lsm for read" "read /sys/kernel/security/lsm"
prow "open /sys/kernel/mm/.../enabled for write" "write /sys/kernel/mm/transparent_hugepage/enabled"
prow "open <container>/cgroup.procs for write" "write $CG/container/cgroup.procs"
prow "open /etc/passwd for read" "read /etc/passwd"
prow "exec /bin/busybox" "exec /bin/busybox"
prow "socket(AF_INET)" "socket 2"
sleep 300 &
hostpid=$!
prow "kill(a host process, SIGUSR1)" "kill $hostpid 10"
kill $hostpid 2>/dev/null
echo "  (EACCES in the container is the path layer's answer, as AppArmor gives it)"

say "# why: moatctl monitor $CG/container (a denial stream; started after the attach)"
sleep 0.5
kill $monitor 2>/dev/null
sed 's/^/  /' /tmp/monitor.out
say "# the same denials in the audit log (here, with no audit daemon, the kernel log)"
dmesg | grep 'moat="DENIED"' | sed 's/^\[ *[0-9.]*\] /  /' | head -n 6
echo "  ..."
say "# the surgical fix: keep docker-default, open exactly the one hole (keyctl)"
echo "  \$ moatctl derive /policy/docker-default.json --allow-syscall keyctl -o /tmp/app.json"
moatctl derive /policy/docker-default.json --allow-syscall keyctl -o /tmp/app.json 2>&1 | sed 's/^/  /'
echo "  \$ moatctl diff /policy/docker-default.json /tmp/app.json"
moatctl diff /policy/docker-default.json /tmp/app.json | sed 's/^/  /'
echo "  \$ moatctl load /tmp/app.json /policy/docker-default.apparmor --name app"
moatctl load /tmp/app.json /policy/docker-default.apparmor --name app 2>/dev/null | sed 's/^/  /'
echo "  \$ moatctl attach app $CG/container --replace"
moatctl attach app $CG/container --replace | sed 's/^/  /'
printf '  %-44s %-10s %-10s\n' "syscall" "container" "sibling"
row "keyctl(KEYCTL_GET_KEYRING_ID)" "keyctl"
row "mount(\"none\", \"/mnt/demo\", \"tmpfs\")" "mount /mnt/demo"
row "bpf(BPF_MAP_CREATE)" "bpf"
echo "  (keyctl now runs; every other denial of docker-default still holds)"
say "# moatctl status"
moatctl status
say "# moatctl detach $CG/container; mount from the container again"
moatctl detach $CG/container
echo "  mount: $(probe -c $CG/container mount /mnt/demo)"
umount /mnt/demo 2>/dev/null
