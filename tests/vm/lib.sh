# SPDX-License-Identifier: GPL-2.0
# TAP helpers for the VM test scripts (busybox sh).

T=0
PASS=0
FAIL=0

# Audit records reach the kernel log through printk_ratelimit() (10 lines
# per 5 s) when no audit daemon listens: the tests read every one.
echo 1000000 > /proc/sys/kernel/printk_ratelimit_burst

# kmod's tools, not busybox's applets (busybox sh prefers its own applets
# for names without a slash).
for _t in insmod rmmod modprobe lsmod depmod; do
	eval "$_t() { /usr/sbin/$_t \"\$@\"; }"
done

ok() {
	T=$((T + 1)); PASS=$((PASS + 1))
	echo "ok $T - $*"
}

not_ok() {
	T=$((T + 1)); FAIL=$((FAIL + 1))
	echo "not ok $T - $*"
}

# expect WANT DESC CMD...: CMD's last line of output must be WANT.
expect() {
	_want=$1 _desc=$2
	shift 2
	_got=$("$@" 2>/tmp/.err | tail -n 1)
	if [ "$_got" = "$_want" ]; then
		ok "$_desc"
	else
		not_ok "$_desc: want $_want, got ${_got:-nothing} $(head -c 300 /tmp/.err)"
	fi
}

# log_has PATTERN: a kernel log line matches PATTERN (grep's basic regular
# expression) within 3 s. moat's records go through audit, whose thread
# writes them to the kernel log when no audit daemon listens (none here).
log_has() {
	_i=0
	while [ $_i -lt 30 ]; do
		dmesg | grep -q -- "$1" && return 0
		sleep 0.1
		_i=$((_i + 1))
	done
	return 1
}

# closed_open: wait (5 s at most) until the module no longer fails closed
# (moatctl status -j: "fail_closed": false). Its canary runs once a second,
# so for up to a second after kprobes are switched back on every syscall
# of a confined task is still refused.
closed_open() {
	_i=0
	while [ $_i -lt 50 ]; do
		moatctl status -j 2>/dev/null | grep -q '"fail_closed": *false' && return 0
		sleep 0.1
		_i=$((_i + 1))
	done
	return 1
}

# check DESC CMD...: CMD must exit 0.
check() {
	_desc=$1
	shift
	if "$@" >/tmp/.out 2>&1; then
		ok "$_desc"
	else
		not_ok "$_desc: $(head -c 300 /tmp/.out)"
	fi
}

# fails_with MESSAGE DESC CMD...: CMD must exit 1 and print MESSAGE on stderr.
fails_with() {
	_msg=$1 _desc=$2
	shift 2
	"$@" >/tmp/.out 2>/tmp/.err
	_rc=$?
	if [ $_rc -eq 1 ] && grep -qF -- "$_msg" /tmp/.err; then
		ok "$_desc"
	else
		not_ok "$_desc: rc=$_rc, stderr: $(head -c 300 /tmp/.err)"
	fi
}

# moat built into the kernel as an LSM (make check-intree, check-debug), or
# moat.ko (make check). The same checks run in both; those about loading
# and unloading the module run only for the module.
if grep -qw moat /sys/kernel/security/lsm 2>/dev/null; then
	MOAT_BUILTIN=1
else
	MOAT_BUILTIN=0
fi

# load_moat: the module loads; or the built-in LSM is up, after AppArmor.
load_moat() {
	if [ "$MOAT_BUILTIN" = 0 ]; then
		check "moat.ko loads" modprobe moat
		return
	fi
	check "moat is a registered LSM, stacked after AppArmor ($(cat /sys/kernel/security/lsm))" \
		sh -c 'grep -q "apparmor.*,moat" /sys/kernel/security/lsm'
	check "AppArmor is enabled beside it" \
		sh -c 'grep -qx Y /sys/module/apparmor/parameters/enabled'
	check "moat's control plane came up at boot" sh -c 'dmesg | grep -q "moat: enforcing: .*built-in LSM"'
}

# The modules of Debian's kernel, where the test kernel is Debian's; the
# in-tree kernels have these families built in.
load_families() {
	[ "$MOAT_BUILTIN" = 1 ] || modprobe -a vsock af_alg
}

summary() {
	# a debug kernel (make check-debug): kmemleak must find nothing
	if [ -e /sys/kernel/debug/kmemleak ]; then
		sleep 6		# kmemleak reports objects older than 5 s
		# a scan that cannot run (kmemleak off after an error) fails too
		check "kmemleak scans and reports no leak" sh -c 'echo scan > /sys/kernel/debug/kmemleak &&
			echo scan > /sys/kernel/debug/kmemleak &&
			! grep -q "unreferenced object" /sys/kernel/debug/kmemleak || { head -c 3000 /sys/kernel/debug/kmemleak; false; }'
	fi
	echo "# vm: $PASS passed, $FAIL failed"
	[ "$FAIL" -eq 0 ]
}
