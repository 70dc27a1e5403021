# SPDX-License-Identifier: GPL-2.0
#
# The label layer in the VM: two containers (cgroups) under the same
# profile, both root, labels container_t:c1 and container_t:c2, sharing a
# tmpfs. Every check asserts the exact errno. Background probes write
# through a pipe: a regular file the host opened is unlabelled, and the
# label policy here does not let containers write unlabelled files.
. /tests/lib.sh

CG=/sys/fs/cgroup
AA=/policy/docker-default.apparmor
LBL=/tests/data/container.labels

load_moat
check "a label policy loads with docker-default's path layer" \
	moatctl load --name ctr $AA $LBL
check "the profile holds both layers" sh -c 'moatctl list | grep -q "^ctr .*  path,labels\$"'
mkdir $CG/a $CG/b $CG/ab $CG/nolabel
fails_with "give the cgroup's label" "attaching a label-layer profile without --label is refused" \
	moatctl attach ctr $CG/nolabel
check "attach container A with label container_t:c1" moatctl attach ctr $CG/a --label container_t:c1
check "attach container B with label container_t:c2" moatctl attach ctr $CG/b --label container_t:c2
check "attach a third with container_t:c1,c2" moatctl attach ctr $CG/ab --label container_t:c1,c2
expect container_t:c1 "moatctl label show prints A's label" moatctl label show $CG/a

mkdir -p /shared
mount -t tmpfs shared /shared
A() { pathprobe -c $CG/a "$@"; }
B() { pathprobe -c $CG/b "$@"; }
AB() { pathprobe -c $CG/ab "$@"; }

expect OK "A creates a file in the shared tmpfs" A mkfile /shared/fa
expect container_t:c1 "the file carries A's label (read from the host)" moatctl label get /shared/fa
expect OK "A reads it back" A read /shared/fa
expect EACCES "B cannot open it for read" B read /shared/fa
expect EACCES "B cannot open it for write" B write /shared/fa
expect EACCES "B cannot unlink it" B unlink /shared/fa
expect OK "the c1,c2 container reads it (it dominates c1)" AB read /shared/fa

echo both > /shared/both
check "the host labels a file for both (CAP_MAC_ADMIN)" moatctl label set /shared/both container_t:c1,c2
expect container_t:c1,c2 "and the label is there" moatctl label get /shared/both
expect OK "a c1,c2 subject reads a c1,c2 object" AB read /shared/both
expect EACCES "a c1 subject reading a c1,c2 object -> EACCES" A read /shared/both

expect EPERM "A cannot relabel its own file (EPERM, even as root with CAP_SYS_ADMIN)" \
	A setlabel /shared/fa container_t:c2
expect EPERM "A cannot remove its label" A rmlabel /shared/fa
expect container_t:c1 "and the label is unchanged" moatctl label get /shared/fa
echo x > /shared/x
check "the host labels a file" moatctl label set /shared/x container_t:c1
check "and can remove the label (CAP_MAC_ADMIN)" moatctl label remove /shared/x
expect "(none)" "after which the file has none" moatctl label get /shared/x
expect EINVAL "the kernel refuses a malformed label (EINVAL)" pathprobe setlabel /shared/x "Container:c1"
expect EINVAL "or a category out of range" pathprobe setlabel /shared/x "container_t:c1024"
fails_with "category" "moatctl refuses one before it reaches the kernel" moatctl label set /shared/x container_t:c1024

echo host > /shared/hostfile
expect OK "an unlabelled file has the default type: A may read it" A read /shared/hostfile
expect EACCES "but not write it (no write rule for unlabeled_t)" A write /shared/hostfile
expect OK "/dev/null is dev_t (fs_default devtmpfs): A may write it" A write /dev/null

expect OK "A makes a directory" A mkdir_keep /shared/da
expect container_t:c1 "it carries A's label (inode_init_security)" moatctl label get /shared/da
expect EACCES "B cannot list it" B opendir /shared/da
expect EACCES "B cannot create in it" B create /shared/da/x
check "and nothing was created (checked before the create)" test ! -e /shared/da/x
mkdir /shared/hostdir
check "the host labels a directory for A (its label is not cached yet)" \
	moatctl label set /shared/hostdir container_t:c1
expect EACCES "B cannot mkdir in it" B mkdir_keep /shared/hostdir/sub
expect EACCES "nor a symlink" B symlink /x /shared/hostdir/ln
check "and nothing was made" sh -c '[ -z "$(ls -A /shared/hostdir)" ]'
expect OK "A can" A mkdir_keep /shared/hostdir/sub
expect OK "A makes an O_TMPFILE and links it in" A tmpfile_link /shared /shared/ftmp
expect container_t:c1 "it carries A's label too" moatctl label get /shared/ftmp
expect EACCES "and B cannot read it" B read /shared/ftmp

expect OK "B creates its own file" B mkfile /shared/fb
pathprobe -c $CG/a fdrecv_read /tmp/sock 2>&1 | cat > /tmp/recv.out &
sleep 1
expect OK "B passes A an open descriptor of its file" B fdsend /tmp/sock /shared/fb
wait
check "A's read through the passed descriptor -> EACCES" grep -qx EACCES /tmp/recv.out

pathprobe -c $CG/a fdrecv_read /tmp/sock2 mmap 2>&1 | cat > /tmp/recv2.out &
sleep 1
B fdsend /tmp/sock2 /shared/fb > /dev/null
wait
check "A's mmap of the passed descriptor -> EACCES" grep -qx EACCES /tmp/recv2.out
pathprobe -c $CG/a fdrecv_read /tmp/sock3 rmlabel 2>&1 | cat > /tmp/recv3.out &
sleep 1
B fdsend /tmp/sock3 /shared/fb > /dev/null
wait
check "a refused removexattr does not clear the label: the read is still EACCES" \
	grep -qx EACCES /tmp/recv3.out

pathprobe -c $CG/a fdrecv_read /tmp/sock4 write 2>&1 | cat > /tmp/recv4.out &
sleep 1
B fdsend /tmp/sock4 /shared/fb rw > /dev/null
wait
check "A's write through a passed read-write descriptor -> EACCES" grep -qx EACCES /tmp/recv4.out
expect OK "A appends to its own file (O_APPEND asks append)" A append /shared/fa
expect EPERM "an unconfined task without CAP_MAC_ADMIN cannot set a label" \
	runas -u 1000 -g 1000 -- pathprobe setlabel /shared/fa container_t:c1

# calls that change B's file without opening it
expect EACCES "A cannot truncate B's file" A truncate /shared/fb
expect EACCES "A cannot chmod B's file" A chmod /shared/fb
expect EACCES "A cannot chown B's file" A chown /shared/fb
expect OK "A makes another file" A mkfile /shared/fa2
expect EACCES "A cannot rename its file over B's" A rename /shared/fa2 /shared/fb
expect EACCES "A cannot rename B's file away" A rename /shared/fb /shared/fb-gone
check "B's file is intact" sh -c 'test "$(cat /shared/fb)" = data'

# a relabel reaches descriptors already open
A mkfile /shared/held > /dev/null
rm -f /tmp/go
pathprobe -c $CG/a hold_read /shared/held /tmp/go 2>&1 | cat > /tmp/held.out &
sleep 1
moatctl label set /shared/held container_t:c2
touch /tmp/go
wait
check "after a relabel, A's open descriptor is refused on its next read" grep -qx EACCES /tmp/held.out

check "the host relabels A's file for B" moatctl label set /shared/fa container_t:c2
expect EACCES "A's next open sees the new label (the cache is invalidated)" A read /shared/fa
expect OK "and B's open is now allowed" B read /shared/fa

cp /bin/busybox /shared/tool
check "the host labels a program for B" moatctl label set /shared/tool container_t:c2
expect OK "B may run it" B exec /shared/tool
expect EACCES "A may not (exec is checked against the program's label)" A exec /shared/tool

# a reload that adds a label layer under an attachment made without a label
mkdir $CG/late
moatctl load --name late $AA > /dev/null 2>&1
moatctl attach late $CG/late > /dev/null
expect OK "before: a path-layer profile, no label" pathprobe -c $CG/late read /shared/hostfile
check "the profile is reloaded with a label layer" moatctl load --name late $AA $LBL
expect EACCES "after: the unlabelled attachment is refused (fails closed)" pathprobe -c $CG/late read /shared/hostfile
check "until it is attached again with a label" moatctl attach late $CG/late --replace --label container_t:c3
expect OK "then the read works" pathprobe -c $CG/late read /shared/hostfile

check "denials are logged with both labels" \
	log_has 'scontext="container_t:c1" tcontext="container_t:c2"'
check "the kernel log has no WARNING, BUG or Oops" sh -c '! dmesg | grep -qE "WARNING:|BUG:|Oops|Call Trace"'
summary
