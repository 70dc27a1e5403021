# SPDX-License-Identifier: GPL-2.0
# TAP helpers for the VM test scripts (busybox sh).

T=0
PASS=0
FAIL=0

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

summary() {
	echo "# vm: $PASS passed, $FAIL failed"
	[ "$FAIL" -eq 0 ]
}
