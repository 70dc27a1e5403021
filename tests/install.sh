#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Installing on a host, without touching the host: "make install" and
# "make uninstall" into a staging DESTDIR (the exact layout and modes),
# "make dkms-source" and a "dkms build" of it against the installed headers
# (as an unprivileged user, in a private DKMS tree: /var/lib/dkms is left
# alone), "systemd-analyze verify" of the installed unit against the
# staging tree, the bash completion driven as bash would, the boot script
# (moat-load-profiles) with a fake moatctl, and a lint of the man page.
# Prints TAP; exit status 0 iff every check passed.
#
# Needs the module and moatctl built (make); KDIR and KVER as the Makefile
# computes them, or from the environment.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
KDIR=${KDIR:-$(ls -d /usr/src/linux-headers-*-amd64 2>/dev/null | sort -V | tail -n 1)}
KVER=${KVER:-$(basename "$KDIR" | sed 's/^linux-headers-//')}
export LC_ALL=C

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

n=0
failed=0
ok() {
	n=$((n + 1))
	echo "ok $n - $1"
}
# not_ok DESCRIPTION [FILE]: FILE's text follows as TAP diagnostics
not_ok() {
	n=$((n + 1))
	failed=$((failed + 1))
	echo "not ok $n - $1"
	if [ $# -gt 1 ] && [ -s "$2" ]; then
		sed 's/^/# /' "$2" | head -n 40
	fi
}
# check DESCRIPTION COMMAND...: ok iff COMMAND succeeds (its output is
# shown only on failure)
check() {
	local desc=$1
	shift
	if "$@" > "$tmp/check.out" 2>&1; then
		ok "$desc"
	else
		not_ok "$desc" "$tmp/check.out"
	fi
}
# same A B: the two strings are equal (else both are shown)
same() {
	[ "$1" = "$2" ] && return 0
	printf 'expected: %s\n     got: %s\n' "$2" "$1"
	return 1
}

# --- make install -------------------------------------------------------

dest=$tmp/dest
check "make install DESTDIR=... succeeds" make -s install DESTDIR="$dest"

# every file with its mode, but depmod's indexes (checked below)
layout() {
	(cd "$1" && find . ! -type d -printf '%m %p\n' |
		grep -v "^644 ./lib/modules/$KVER/modules\.[a-z.]*$" | sort)
}
cat > "$tmp/layout.want" <<EOF
644 ./etc/moat/profiles/docker-default.apparmor
644 ./etc/moat/profiles/docker-default.json
644 ./lib/modules/$KVER/extra/moat.ko
644 ./usr/local/lib/systemd/system/moat.service
644 ./usr/local/share/man/man8/moatctl.8
644 ./usr/share/bash-completion/completions/moatctl
755 ./usr/local/libexec/moat/moat-load-profiles
755 ./usr/local/sbin/moatctl
EOF
layout "$dest" > "$tmp/layout.got"
check "install: exactly the expected files, with their modes" \
	diff -u "$tmp/layout.want" "$tmp/layout.got"

copies_ok() {
	cmp kernel/moat.ko "$dest/lib/modules/$KVER/extra/moat.ko" &&
	cmp ctl/moatctl "$dest/usr/local/sbin/moatctl" &&
	cmp ctl/moatctl.8 "$dest/usr/local/share/man/man8/moatctl.8" &&
	cmp packaging/moat-load-profiles "$dest/usr/local/libexec/moat/moat-load-profiles" &&
	cmp policy/docker-default.json "$dest/etc/moat/profiles/docker-default.json" &&
	cmp policy/docker-default.apparmor "$dest/etc/moat/profiles/docker-default.apparmor"
}
check "install: the module, moatctl, man page, boot script and profiles are the built/shipped files" copies_ok

check "install: depmod -b indexed extra/moat.ko" \
	grep -q "^extra/moat.ko:" "$dest/lib/modules/$KVER/modules.dep"

unit=$dest/usr/local/lib/systemd/system/moat.service
comp=$dest/usr/share/bash-completion/completions/moatctl
check "install: no @PLACEHOLDER@ left in the unit and the completion" \
	bash -c "! grep -n '@[A-Z]*@' '$unit' '$comp'"
check "install: the unit runs the installed boot script" \
	grep -qx 'ExecStart=/usr/local/libexec/moat/moat-load-profiles /etc/moat/profiles' "$unit"
check "install: the unit's PATH starts with PREFIX/sbin" \
	grep -q '^Environment=PATH=/usr/local/sbin:' "$unit"

unit_props() {
	local f=$1
	grep -qx 'Type=oneshot' "$f" && grep -qx 'RemainAfterExit=yes' "$f" &&
	grep -qx 'ExecStartPre=/sbin/modprobe moat' "$f" &&
	grep -qx 'WantedBy=multi-user.target' "$f" || return 1
	local r
	for r in containerd.service docker.service podman.service; do
		grep -q "^Before=.*\b$r\b" "$f" || { echo "not Before=$r"; return 1; }
	done
	# ordered before the runtimes, never pulling them in
	! grep -nE '^(Wants|Requires|Requisite|BindsTo)=' "$f"
}
check "unit: oneshot, RemainAfterExit, modprobe, Before= the runtimes (no Wants=), WantedBy=multi-user.target" \
	unit_props "$unit"

dest_usr=$tmp/dest-usr
make -s install DESTDIR="$dest_usr" PREFIX=/usr > "$tmp/prefix.out" 2>&1 || true
prefix_ok() {
	[ -x "$dest_usr/usr/sbin/moatctl" ] &&
	[ -f "$dest_usr/usr/share/man/man8/moatctl.8" ] &&
	grep -qx 'ExecStart=/usr/libexec/moat/moat-load-profiles /etc/moat/profiles' \
		"$dest_usr/usr/lib/systemd/system/moat.service" &&
	[ -f "$dest_usr/usr/share/bash-completion/completions/moatctl" ] &&
	[ -f "$dest_usr/etc/moat/profiles/docker-default.json" ] &&
	[ ! -e "$dest_usr/usr/local" ]
}
check "install PREFIX=/usr: moatctl in /usr/sbin, the unit in /usr/lib/systemd/system naming /usr/libexec" prefix_ok

# an admin's change to a profile survives a reinstall and an uninstall
echo "# changed" >> "$dest_usr/etc/moat/profiles/docker-default.apparmor"
make -s install DESTDIR="$dest_usr" PREFIX=/usr > "$tmp/reinstall.out" 2>&1 || true
check "install again: a changed profile in /etc/moat is kept" \
	grep -q '^# changed$' "$dest_usr/etc/moat/profiles/docker-default.apparmor"
make -s uninstall DESTDIR="$dest_usr" PREFIX=/usr > "$tmp/uninstall.out" 2>&1 || true
check "uninstall: only the changed profile is left (and depmod's indexes)" \
	same "$(layout "$dest_usr")" "644 ./etc/moat/profiles/docker-default.apparmor"

# --- systemd-analyze verify ----------------------------------------------
# systemd 252's verify checks that the first command of ExecStartPre= and of
# ExecStart= exist and are executable, and looks units up (sysinit.target,
# ...) under --root; the staging tree has no systemd, so verify against a
# copy of it with the host's units and modprobe added. MANPATH makes its
# man check (Documentation=man:moatctl(8)) find the installed page.
vroot=$tmp/vroot
cp -a "$dest/." "$vroot/"
mkdir -p "$vroot/lib/systemd" "$vroot/usr/sbin"
ln -s usr/sbin "$vroot/sbin"
cp -a /usr/lib/systemd/system "$vroot/lib/systemd/"
cp "$(command -v modprobe || echo /sbin/modprobe)" "$vroot/usr/sbin/modprobe"
verify() {
	local out
	out=$(MANPATH=$vroot/usr/local/share/man SYSTEMD_LOG_LEVEL=notice \
		systemd-analyze verify --root="$vroot" /usr/local/lib/systemd/system/moat.service 2>&1) ||
		{ echo "$out"; return 1; }
	# warnings (unknown keys, ...) do not change verify's status: none allowed
	[ -z "$out" ] || { echo "$out"; return 1; }
}
check "systemd-analyze verify --root: the installed unit passes, without a warning" verify
chmod 644 "$vroot/usr/local/libexec/moat/moat-load-profiles"
verify_fails() { ! verify; }
check "systemd-analyze verify --root: fails when the boot script is not executable" verify_fails
chmod 755 "$vroot/usr/local/libexec/moat/moat-load-profiles"

# --- make uninstall ------------------------------------------------------

make -s uninstall DESTDIR="$dest" > "$tmp/uninstall.out" 2>&1 || true
check "uninstall: nothing left but depmod's indexes, no directory of ours" \
	same "$(layout "$dest"; cd "$dest" && find usr/local/libexec/moat etc/moat lib/modules/"$KVER"/extra 2>/dev/null)" ""

# --- DKMS ----------------------------------------------------------------

src=$tmp/dkms-src
check "make dkms-source DESTDIR=... succeeds" make -s dkms-source DESTDIR="$src"
msrc=$src/usr/src/moat-0.1.0
if git rev-parse --is-inside-work-tree > /dev/null 2>&1; then
	git ls-files dkms.conf Kbuild kernel/Makefile kernel/Kconfig 'kernel/*.c' 'kernel/*.h'
else
	# a tarball: the sources, without what a build left
	printf '%s\n' dkms.conf Kbuild kernel/Makefile kernel/Kconfig
	find kernel -name '*.[ch]' ! -name '*.mod.c'
fi | sort -u > "$tmp/dkms.want"
(cd "$msrc" 2>/dev/null && find . -type f | sed 's|^\./||' | sort) > "$tmp/dkms.got"
check "dkms-source: exactly dkms.conf, Kbuild and kernel/'s sources (no build products)" \
	diff -u "$tmp/dkms.want" "$tmp/dkms.got"
version=$(sed -n 's/^#define MOAT_VERSION[[:space:]]*"\(.*\)"/\1/p' kernel/moat.h)
check "dkms.conf: PACKAGE_NAME moat, PACKAGE_VERSION is MOAT_VERSION ($version), AUTOINSTALL" \
	bash -c "grep -qx 'PACKAGE_NAME=\"moat\"' dkms.conf &&
		grep -qx 'PACKAGE_VERSION=\"$version\"' dkms.conf &&
		grep -qx 'AUTOINSTALL=\"yes\"' dkms.conf"

# dkms as an unprivileged user (root's "dkms build" would create a signing
# key in /var/lib/dkms), in a DKMS tree of its own
tree=$tmp/dkms-tree
mkdir -p "$tree"
chmod 755 "$tmp"
chmod -R a+rX "$src"
as_user=()
if [ "$(id -u)" -eq 0 ]; then
	chown nobody "$tree"
	as_user=(setpriv --reuid=nobody --regid=nogroup --clear-groups --reset-env)
fi
varlib() { find /var/lib/dkms -printf '%p %m %s %T@\n' 2>/dev/null | sort; }
varlib > "$tmp/varlib.before"
if "${as_user[@]}" env HOME="$tree" PATH="$PATH" \
	dkms build moat/"$version" -k "$KVER" --dkmstree "$tree" \
	--sourcetree "$src/usr/src" --installtree "$tree/lib/modules" \
	--kernelsourcedir "$KDIR" > "$tmp/dkms.out" 2>&1; then
	ok "dkms build moat/$version -k $KVER (unprivileged, --dkmstree, --sourcetree, --kernelsourcedir)"
else
	find "$tree" -name make.log -exec cat {} + >> "$tmp/dkms.out" 2>/dev/null
	not_ok "dkms build moat/$version -k $KVER" "$tmp/dkms.out"
fi
ko=$tree/moat/$version/$KVER/x86_64/module/moat.ko
check "dkms build: moat.ko came out" test -f "$ko"
# the vermagic of the kernel's own modules, else of the headers' release
stock=$(find "/lib/modules/$KVER/kernel" -name '*.ko' 2>/dev/null | head -n 1)
if [ -n "$stock" ]; then
	want=$(modinfo -F vermagic "$stock")
else
	want="$KVER SMP preempt mod_unload modversions "
fi
check "dkms build: vermagic is \"$want\"" \
	same "$(modinfo -F vermagic "$ko" 2>&1)" "$want"
check "dkms build: modinfo name moat, version $version" \
	same "$(modinfo -F name "$ko" 2>&1) $(modinfo -F version "$ko" 2>&1)" "moat $version"
varlib > "$tmp/varlib.after"
check "dkms build: /var/lib/dkms untouched" diff -u "$tmp/varlib.before" "$tmp/varlib.after"

# --- bash completion -----------------------------------------------------

# the PREFIX=/usr install, again (the one above is uninstalled)
make -s install DESTDIR="$dest_usr" PREFIX=/usr > "$tmp/reinstall.out" 2>&1 || true
comp=$dest_usr/usr/share/bash-completion/completions/moatctl

check "completion: bash -n" bash -n "$comp"

# a fake moatctl for the profile names and cgroup ids ("moatctl list"'s
# format, ctl/cmd_list.c); with MOAT_FAKE_DOWN it fails as without moat
fake=$tmp/fakebin
mkdir -p "$fake"
cat > "$fake/moatctl" <<'EOF'
#!/bin/sh
[ "$1" = list ] || exit 1
if [ -n "${MOAT_FAKE_DOWN:-}" ]; then
	echo 'moatctl: list: moat is not loaded (no generic netlink family "moat")' >&2
	exit 1
fi
cat <<'LIST'
PROFILE                  GENERATION ATTACHED   RULES  STATES    MEMORY  LAYERS
docker-default                    3        1     364     512      120K  syscall,path
web                               1        0     300       -       60K  syscall

CGROUP_ID    PROFILE                  CGROUP
4711         docker-default           /system.slice/docker-abc.scope
LIST
EOF
chmod 755 "$fake/moatctl"
mkdir -p "$tmp/cg/a.slice" "$tmp/cg/b.scope" "$tmp/files/sub"
touch "$tmp/cg/cgroup.procs" "$tmp/files/one.json" "$tmp/files/two.apparmor"

# complete "LINE": COMPREPLY for the last word of LINE (a trailing space
# starts a new, empty word), sorted, on one line
complete_line() {
	PATH=$fake:$PATH bash -c '
		source "$1" || exit 1
		read -ra COMP_WORDS <<< "$2"
		[[ $2 == *" " ]] && COMP_WORDS+=("")
		COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
		COMP_LINE=$2 COMP_POINT=${#2}
		_moatctl moatctl "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
		printf "%s\n" "${COMPREPLY[@]}" | sort | tr "\n" " " | sed "s/ $//"
	' complete "$comp" "$1"
}
# comp_is LINE EXPECTED
comp_is() {
	check "completion: \"$1\" -> \"$2\"" same "$(complete_line "$1" 2>&1)" "$2"
}
check "completion: registers _moatctl for moatctl" \
	bash -c "source '$comp' && complete -p moatctl | grep -q -- '-F _moatctl moatctl'"
comp_is "moatctl mo" "mode monitor"
comp_is "moatctl attach --c" "--complain"
comp_is "moatctl attach --o" "--on-exec"
comp_is "moatctl " "--help --version attach compile derive detach diff help label list load mode monitor oci-hook remove run status"
comp_is "moatctl st" "status"
comp_is "moatctl status -" "--help --json -j"
comp_is "moatctl load --cap-add CAP_SYS_AD" "CAP_SYS_ADMIN"
comp_is "moatctl load --cap-drop NET_R" "NET_RAW"
comp_is "moatctl run --cap-drop A" "ALL AUDIT_CONTROL AUDIT_READ AUDIT_WRITE"
comp_is "moatctl load x.json --n" "--name --no-replace"
comp_is "moatctl load $tmp/files/t" "$tmp/files/two.apparmor"
comp_is "moatctl compile x.json --abi " "i386 x32 x86_64"
comp_is "moatctl compile x.json --abi i386 --p" "--path"
comp_is "moatctl derive base.json --allow-syscall openat" "openat openat2"
comp_is "moatctl derive base.json --allow-syscall clone" "clone clone3"
comp_is "moatctl derive base.json --allow $tmp/files/o" "$tmp/files/one.json"
comp_is "moatctl derive base.json --allow /etc r" ""
comp_is "moatctl derive base.json --allow /etc rw --f" "--from-log"
comp_is "moatctl derive base.json -o $tmp/files/s" "$tmp/files/sub"
comp_is "moatctl attach " "docker-default web"
comp_is "moatctl attach w" "web"
comp_is "moatctl attach web $tmp/cg/" "$tmp/cg/a.slice $tmp/cg/b.scope"
comp_is "moatctl attach web $tmp/cg/a.slice --label x " ""
comp_is "moatctl remove " "docker-default web"
comp_is "moatctl remove web " ""
comp_is "moatctl run --profile d" "docker-default"
comp_is "moatctl run --parent $tmp/cg/b" "$tmp/cg/b.scope"
comp_is "moatctl run --profile web -- bas" "$(compgen -c -- bas | sort | tr '\n' ' ' | sed 's/ $//')"
comp_is "moatctl detach --id " "4711"
comp_is "moatctl detach $tmp/cg/a" "$tmp/cg/a.slice"
comp_is "moatctl mode " "complain enforce"
comp_is "moatctl mode complain $tmp/cg/" "$tmp/cg/a.slice $tmp/cg/b.scope"
comp_is "moatctl monitor -" "--count --help --json -j -n"
comp_is "moatctl label " "get remove set show"
comp_is "moatctl label show $tmp/cg/b" "$tmp/cg/b.scope"
comp_is "moatctl label set $tmp/files/one.json container_t:c1 -" "--help -R"
comp_is "moatctl help de" "derive detach"
comp_is "moatctl diff $tmp/files/one.json $tmp/files/tw" "$tmp/files/two.apparmor"
if [ -d /sys/fs/cgroup ]; then
	cg_want=$(compgen -d -- /sys/fs/cgroup/ | sort | tr '\n' ' ' | sed 's/ $//')
	comp_is "moatctl detach " "$cg_want"
fi
down() {
	local got
	got=$(MOAT_FAKE_DOWN=1 complete_line "moatctl attach " 2>&1)
	same "$got" ""
}
check "completion: no profile names, and no message, when moat is not loaded" down

# --- the boot script -----------------------------------------------------

boot=$dest_usr/usr/libexec/moat/moat-load-profiles
log=$tmp/loads.log
fake2=$tmp/fakebin2
mkdir -p "$fake2"
cat > "$fake2/moatctl" <<EOF
#!/bin/sh
echo "\$*" >> "$log"
case "\$*" in
*--name\ broken) echo "moatctl: load: broken.json:1:1: bad" >&2; exit 1 ;;
esac
exit 0
EOF
chmod 755 "$fake2/moatctl"
pd=$tmp/profiles
mkdir -p "$pd"
touch "$pd/web.json" "$pd/web.apparmor" "$pd/broken.json" "$pd/a.b.json" \
	"$pd/zz.labels" "$pd/zz.json" "$pd/zz.json~" "$pd/web.json.dpkg-old" "$pd/.hidden.json"
mkdir "$pd/subdir.json"
rc=0
PATH=$fake2:$PATH "$boot" "$pd" > "$tmp/boot.out" 2> "$tmp/boot.err" || rc=$?
check "boot script: exit status 1 when one profile fails" same "$rc" 1
cat > "$tmp/loads.want" <<EOF
load $pd/a.b.json --name a.b
load $pd/broken.json --name broken
load $pd/web.apparmor $pd/web.json --name web
load $pd/zz.json $pd/zz.labels --name zz
EOF
check "boot script: one load per base name, with all its files, the others still loaded after a failure" \
	diff -u "$tmp/loads.want" "$log"
check "boot script: names the failed profile on stderr" \
	grep -q 'broken.*failed' "$tmp/boot.err"
check "boot script: no failure reported for the profiles that loaded" \
	bash -c "! grep -E '(web|zz|a\\.b).*failed' '$tmp/boot.err'"
rm "$pd/broken.json"
: > "$log"
rc=0
PATH=$fake2:$PATH "$boot" "$pd" > "$tmp/boot.out" 2> "$tmp/boot.err" || rc=$?
check "boot script: exit status 0 when every profile loads" same "$rc:$(wc -l < "$log")" "0:3"
: > "$log"
rc=0
PATH=$fake2:$PATH "$boot" "$dest_usr/etc/moat/profiles" > "$tmp/boot.out" 2>&1 || rc=$?
check "boot script: the installed /etc/moat/profiles is one profile, docker-default" \
	same "$rc $(cat "$log")" "0 load $dest_usr/etc/moat/profiles/docker-default.apparmor $dest_usr/etc/moat/profiles/docker-default.json --name docker-default"
mkdir "$tmp/empty"
: > "$log"
rc=0
PATH=$fake2:$PATH "$boot" "$tmp/empty" > "$tmp/boot.out" 2>&1 || rc=$?
check "boot script: an empty directory loads nothing and succeeds" same "$rc:$(wc -l < "$log")" "0:0"

# --- the man page ----------------------------------------------------------

manlint() {
	local out
	out=$(groff -man -ww -z "$1" 2>&1) || { echo "$out"; return 1; }
	[ -z "$out" ] || { echo "$out"; return 1; }
	out=$(MANWIDTH=80 man --warnings -l "$1" 2>&1 > /dev/null) || { echo "$out"; return 1; }
	[ -z "$out" ] || { echo "$out"; return 1; }
}
check "man page: groff -man -ww -z and man --warnings print nothing" manlint ctl/moatctl.8
check "man page: a FILES section naming /etc/moat/profiles and moat.service" \
	bash -c "sed -n '/^\\.SH FILES/,/^\\.SH /p' ctl/moatctl.8 | grep -q /etc/moat/profiles &&
		sed -n '/^\\.SH FILES/,/^\\.SH /p' ctl/moatctl.8 | grep -q moat.service"

echo "1..$n"
[ "$failed" -eq 0 ]
