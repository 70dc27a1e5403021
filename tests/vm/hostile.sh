# SPDX-License-Identifier: GPL-2.0
#
# Hostile netlink: nlhostile sends the moat family truncated, oversized,
# wrongly nested, duplicated, out-of-range and unknown attributes, absurd
# profiles, and random mutations of valid requests, with docker-default
# attached to a cgroup; every refused request must leave the policy as it
# was, and the kernel must log no warning. Kernel parameters hostile_n=N
# and hostile_seed=S (MOAT_VM_APPEND) set the mutations (20000) and seed (8).
. /tests/lib.sh

CG=/sys/fs/cgroup
RANDOM_N=$(sed -n "s/.*hostile_n=\([0-9]*\).*/\1/p" /proc/cmdline)
RANDOM_N=${RANDOM_N:-20000}
SEED=$(sed -n 's/.*hostile_seed=\([0-9]*\).*/\1/p' /proc/cmdline)
SEED=${SEED:-8}

load_moat
check "Docker's default seccomp JSON loads" moatctl load /policy/docker-default.json
mkdir -p $CG/ctr $CG/hostile
check "attach docker-default to a container cgroup" moatctl attach docker-default $CG/ctr
expect EPERM "keyctl in the cgroup -> EPERM before" probe -c $CG/ctr keyctl

# nlhostile's own TAP lines are numbered apart: count them into ours
nlhostile -a $CG/ctr -s $CG/hostile -p docker-default -r "$RANDOM_N" -S "$SEED" > /tmp/nlhostile.out 2>&1
rc=$?
cat /tmp/nlhostile.out
n_ok=$(grep -c '^ok ' /tmp/nlhostile.out)
n_bad=$(grep -c '^not ok ' /tmp/nlhostile.out)
if [ "$rc" -eq 0 ] && [ "$n_bad" -eq 0 ] && grep -q '^# nlhostile: ' /tmp/nlhostile.out; then
	ok "nlhostile: $n_ok cases passed ($(sed -n 's/^# nlhostile: //p' /tmp/nlhostile.out))"
else
	not_ok "nlhostile: rc=$rc, $n_bad of $((n_ok + n_bad)) cases failed"
fi

expect EPERM "keyctl in the cgroup -> EPERM after" probe -c $CG/ctr keyctl
expect OK "getpid in the cgroup works after" probe -c $CG/ctr getpid
check "moatctl status still answers" sh -c 'moatctl status | grep -q ": enforcing"'
check "docker-default is still attached, in enforce mode" sh -c 'moatctl list | grep -q "docker-default  *enforce .*/ctr$"'
check "the kernel log has no WARNING, BUG, Oops or Call Trace" \
	sh -c '! dmesg | grep -E "WARNING:|BUG:|Oops|Call Trace"'
if [ "$MOAT_BUILTIN" = 0 ]; then
	check "moatctl detach" moatctl detach $CG/ctr
	check "moat.ko unloads" rmmod moat
fi
summary
