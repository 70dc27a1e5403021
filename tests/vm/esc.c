// SPDX-License-Identifier: GPL-2.0
/*
 * esc - escape attempts for tests/vm/escape.sh (static, raw syscalls)
 *
 *   esc [-c CGROUP] [-f PATH] OP [ARG...]
 *
 * Runs one escape attempt, then, in the same task, a follow-up that a
 * confined task is refused: keyctl(2) (the syscall layer), or with -f an
 * open of PATH for reading (the path layer). Prints one line "RESULT
 * FOLLOWUP", each "OK" or an errno's name: "EACCES EPERM" is an attempt
 * refused with EACCES by a task that is still confined. -c first joins
 * CGROUP. Operations that make a child (clone3_into, seize) report the
 * child's follow-up.
 *
 * Operations:
 *   move DIR              write own pid to DIR/cgroup.procs
 *   thread DIR            write own tid to DIR/cgroup.threads
 *   clone3_into DIR       clone3(CLONE_INTO_CGROUP); the child does the follow-up
 *   cgns_move DIR         unshare(CLONE_NEWCGROUP), then move DIR
 *   ptrace PID            PTRACE_ATTACH
 *   seize PID             PTRACE_SEIZE
 *   vmwrite PID ADDR      process_vm_writev of one byte at ADDR (hex)
 *   procmem PID           open /proc/PID/mem for writing
 *   delete_module NAME [force]
 *   uring_setup           io_uring_setup(4)
 *   uring OP ARG...       one SQE: openat PATH r|w, openat2 PATH r|w, mkdirat PATH,
 *                         unlinkat PATH, rmdirat PATH, renameat OLD NEW,
 *                         linkat OLD NEW, symlinkat TARGET NEW, socket FAMILY
 *   openat2 DIR REL r|w RESOLVE   openat2 from DIR with resolve flags
 *                         (a number or beneath, in_root, no_symlinks,
 *                         no_magiclinks, no_xdev)
 *   opath PATH r|w        open O_PATH, reopen through /proc/self/fd/N
 *   handle PATH r|w       name_to_handle_at, then open_by_handle_at
 *   open PATH r|w         plain open (for names built by the script)
 *   rename_parent OLD NEW FILE r|w   rename directory OLD to NEW, open NEW/FILE
 *   euid                  OK if the effective uid is 0 (a setuid copy)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/io_uring.h>
#include <linux/openat2.h>
#include <linux/sched.h>

static const char *follow_path;

static const char *name(long r)
{
	if (r >= 0)
		return "OK";
	return strerrorname_np(-r) ? strerrorname_np(-r) : "E?";
}

static long followup(void)
{
	long r;

	if (follow_path) {
		r = syscall(SYS_openat, AT_FDCWD, follow_path, O_RDONLY | O_CLOEXEC);
		if (r >= 0)
			close(r);
	} else {
		r = syscall(SYS_keyctl, 0, 0, 0, 0, 0);
	}
	return r < 0 ? -errno : 0;
}

static long ret(long r)
{
	return r < 0 ? -errno : r;
}

static int oflags(const char *rw)
{
	return (rw && !strcmp(rw, "w")) ? O_WRONLY : O_RDONLY;
}

static long write_file(const char *dir, const char *file, long id)
{
	char path[4096], buf[32];
	int fd, len;
	long r;

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	len = snprintf(buf, sizeof(buf), "%ld\n", id);
	r = write(fd, buf, len) < 0 ? -errno : 0;
	close(fd);
	return r;
}

/* the child's follow-up travels back in its exit status */
static long child_followup(pid_t pid, long *fu)
{
	int st;

	if (waitpid(pid, &st, 0) < 0)
		return -errno;
	*fu = WIFEXITED(st) ? -WEXITSTATUS(st) : -EINTR;
	return 0;
}

static long clone3_into(const char *dir, long *fu)
{
	struct clone_args a = { .flags = CLONE_INTO_CGROUP, .exit_signal = SIGCHLD };
	int cfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	long pid;

	if (cfd < 0)
		return -errno;
	a.cgroup = cfd;
	pid = syscall(SYS_clone3, &a, sizeof(a));
	if (pid < 0)
		return -errno;
	if (pid == 0)
		_exit(-followup());
	return child_followup(pid, fu);
}

/* --- io_uring, without liburing ------------------------------------------ */
struct ring {
	int fd;
	unsigned *sq_tail, *sq_mask, *sq_array, *cq_head, *cq_tail, *cq_mask;
	struct io_uring_sqe *sqes;
	struct io_uring_cqe *cqes;
};

static long ring_setup(struct ring *r)
{
	struct io_uring_params p;
	char *sq, *cq;
	size_t sqlen, cqlen;

	memset(&p, 0, sizeof(p));
	r->fd = syscall(SYS_io_uring_setup, 4, &p);
	if (r->fd < 0)
		return -errno;
	sqlen = p.sq_off.array + p.sq_entries * sizeof(unsigned);
	cqlen = p.cq_off.cqes + p.cq_entries * sizeof(struct io_uring_cqe);
	if (cqlen > sqlen)
		sqlen = cqlen;
	sq = mmap(NULL, sqlen, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE,
		  r->fd, IORING_OFF_SQ_RING);
	if (sq == MAP_FAILED)
		return -errno;
	cq = sq;	/* IORING_FEAT_SINGLE_MMAP, since 5.4 */
	r->sqes = mmap(NULL, p.sq_entries * sizeof(struct io_uring_sqe),
		       PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, r->fd,
		       IORING_OFF_SQES);
	if (r->sqes == MAP_FAILED)
		return -errno;
	r->sq_tail = (unsigned *)(sq + p.sq_off.tail);
	r->sq_mask = (unsigned *)(sq + p.sq_off.ring_mask);
	r->sq_array = (unsigned *)(sq + p.sq_off.array);
	r->cq_head = (unsigned *)(cq + p.cq_off.head);
	r->cq_tail = (unsigned *)(cq + p.cq_off.tail);
	r->cq_mask = (unsigned *)(cq + p.cq_off.ring_mask);
	r->cqes = (struct io_uring_cqe *)(cq + p.cq_off.cqes);
	return 0;
}

static long ring_submit(struct ring *r, struct io_uring_sqe *sqe)
{
	unsigned tail = *r->sq_tail, head;
	long n;

	r->sqes[0] = *sqe;
	r->sq_array[tail & *r->sq_mask] = 0;
	__atomic_store_n(r->sq_tail, tail + 1, __ATOMIC_RELEASE);
	n = syscall(SYS_io_uring_enter, r->fd, 1, 1, IORING_ENTER_GETEVENTS, NULL, 0);
	if (n < 0)
		return -errno;
	head = *r->cq_head;
	if (head == __atomic_load_n(r->cq_tail, __ATOMIC_ACQUIRE))
		return -ENODATA;
	n = r->cqes[head & *r->cq_mask].res;
	__atomic_store_n(r->cq_head, head + 1, __ATOMIC_RELEASE);
	return n;
}

static long uring(int argc, char **argv)
{
	struct io_uring_sqe sqe;
	struct open_how how;
	struct ring r = { .fd = -1 };
	const char *op = argv[0];
	long e;

	e = ring_setup(&r);
	if (e < 0)
		return e;
	memset(&sqe, 0, sizeof(sqe));
	sqe.fd = AT_FDCWD;
	if (!strcmp(op, "openat") && argc == 3) {
		sqe.opcode = IORING_OP_OPENAT;
		sqe.addr = (uintptr_t)argv[1];
		sqe.open_flags = oflags(argv[2]);
	} else if (!strcmp(op, "openat2") && argc == 3) {
		memset(&how, 0, sizeof(how));
		how.flags = oflags(argv[2]);
		sqe.opcode = IORING_OP_OPENAT2;
		sqe.addr = (uintptr_t)argv[1];
		sqe.addr2 = (uintptr_t)&how;
		sqe.len = sizeof(how);
	} else if (!strcmp(op, "mkdirat") && argc == 2) {
		sqe.opcode = IORING_OP_MKDIRAT;
		sqe.addr = (uintptr_t)argv[1];
		sqe.len = 0755;
	} else if ((!strcmp(op, "unlinkat") || !strcmp(op, "rmdirat")) && argc == 2) {
		sqe.opcode = IORING_OP_UNLINKAT;
		sqe.addr = (uintptr_t)argv[1];
		sqe.unlink_flags = op[0] == 'r' ? AT_REMOVEDIR : 0;
	} else if ((!strcmp(op, "renameat") || !strcmp(op, "linkat")) && argc == 3) {
		sqe.opcode = op[0] == 'r' ? IORING_OP_RENAMEAT : IORING_OP_LINKAT;
		sqe.addr = (uintptr_t)argv[1];
		sqe.len = AT_FDCWD;
		sqe.addr2 = (uintptr_t)argv[2];
	} else if (!strcmp(op, "symlinkat") && argc == 3) {
		sqe.opcode = IORING_OP_SYMLINKAT;
		sqe.addr = (uintptr_t)argv[1];
		sqe.addr2 = (uintptr_t)argv[2];
	} else if (!strcmp(op, "socket") && argc == 2) {
		sqe.opcode = IORING_OP_SOCKET;
		sqe.fd = atoi(argv[1]);
		sqe.off = SOCK_SEQPACKET;
	} else {
		fprintf(stderr, "esc: bad uring operation\n");
		exit(2);
	}
	return ring_submit(&r, &sqe);
}

static unsigned long long resolve_flags(const char *s)
{
	if (!strcmp(s, "beneath"))
		return RESOLVE_BENEATH;
	if (!strcmp(s, "in_root"))
		return RESOLVE_IN_ROOT;
	if (!strcmp(s, "no_symlinks"))
		return RESOLVE_NO_SYMLINKS;
	if (!strcmp(s, "no_magiclinks"))
		return RESOLVE_NO_MAGICLINKS;
	if (!strcmp(s, "no_xdev"))
		return RESOLVE_NO_XDEV;
	return strtoull(s, NULL, 0);
}

static long run(int argc, char **argv, long *fu)
{
	const char *op = argv[0], *a = argc > 1 ? argv[1] : "", *b = argc > 2 ? argv[2] : NULL;
	char path[64];
	long r;

	if (!strcmp(op, "move") && argc == 2)
		return write_file(a, "cgroup.procs", getpid());
	if (!strcmp(op, "thread") && argc == 2)
		return write_file(a, "cgroup.threads", gettid());
	if (!strcmp(op, "clone3_into") && argc == 2)
		return clone3_into(a, fu);
	if (!strcmp(op, "cgns_move") && argc == 2) {
		if (unshare(CLONE_NEWCGROUP))
			return -errno;
		return write_file(a, "cgroup.procs", getpid());
	}
	if (!strcmp(op, "ptrace") && argc == 2)
		return ret(ptrace(PTRACE_ATTACH, atoi(a), 0, 0));
	if (!strcmp(op, "seize") && argc == 2)
		return ret(ptrace(PTRACE_SEIZE, atoi(a), 0, 0));
	if (!strcmp(op, "vmwrite") && argc == 3) {
		char byte = 0;
		struct iovec l = { &byte, 1 }, rm = { (void *)strtoul(b, NULL, 16), 1 };

		return ret(process_vm_writev(atoi(a), &l, 1, &rm, 1, 0));
	}
	if (!strcmp(op, "procmem") && argc == 2) {
		snprintf(path, sizeof(path), "/proc/%s/mem", a);
		r = open(path, O_WRONLY | O_CLOEXEC);
		return ret(r);
	}
	if (!strcmp(op, "delete_module") && argc >= 2)
		return ret(syscall(SYS_delete_module, a,
				   O_NONBLOCK | (b && !strcmp(b, "force") ? O_TRUNC : 0)));
	if (!strcmp(op, "uring_setup")) {
		struct io_uring_params p;

		memset(&p, 0, sizeof(p));
		return ret(syscall(SYS_io_uring_setup, 4, &p));
	}
	if (!strcmp(op, "uring") && argc >= 2)
		return uring(argc - 1, argv + 1);
	if (!strcmp(op, "openat2") && argc == 5) {
		struct open_how how = { .flags = oflags(argv[3]),
					.resolve = resolve_flags(argv[4]) };
		int dfd = open(a, O_PATH | O_DIRECTORY | O_CLOEXEC);

		if (dfd < 0)
			return -errno;
		return ret(syscall(SYS_openat2, dfd, b, &how, sizeof(how)));
	}
	if (!strcmp(op, "opath") && argc == 3) {
		int fd = open(a, O_PATH | O_CLOEXEC);

		if (fd < 0)
			return -errno;
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
		return ret(open(path, oflags(b) | O_CLOEXEC));
	}
	if (!strcmp(op, "handle") && argc == 3) {
		struct file_handle *fh = malloc(sizeof(*fh) + MAX_HANDLE_SZ);
		int mnt, mfd;

		fh->handle_bytes = MAX_HANDLE_SZ;
		if (name_to_handle_at(AT_FDCWD, a, fh, &mnt, 0))
			return -errno;
		/* a descriptor of the file system: the file's own directory */
		snprintf(path, sizeof(path), "%s", a);
		*strrchr(path, '/') = '\0';
		mfd = open(path[0] ? path : "/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		return ret(open_by_handle_at(mfd, fh, oflags(b) | O_CLOEXEC));
	}
	if (!strcmp(op, "open") && argc == 3)
		return ret(open(a, oflags(b) | O_CLOEXEC));
	if (!strcmp(op, "rename_parent") && argc == 5) {
		char p2[4096];

		if (rename(a, b))
			return -errno;
		snprintf(p2, sizeof(p2), "%s/%s", b, argv[3]);
		r = ret(open(p2, oflags(argv[4]) | O_CLOEXEC));
		rename(b, a);
		return r;
	}
	if (!strcmp(op, "euid"))
		return geteuid() == 0 ? 0 : -EPERM;
	fprintf(stderr, "esc: unknown operation \"%s\"\n", op);
	exit(2);
}

int main(int argc, char **argv)
{
	const char *cgroup = NULL;
	long r, fu;
	int c;

	while ((c = getopt(argc, argv, "+c:f:")) != -1) {
		switch (c) {
		case 'c':
			cgroup = optarg;
			break;
		case 'f':
			follow_path = optarg;
			break;
		default:
			goto usage;
		}
	}
	if (optind >= argc)
		goto usage;
	if (cgroup && write_file(cgroup, "cgroup.procs", getpid())) {
		fprintf(stderr, "esc: cannot join %s\n", cgroup);
		return 2;
	}
	fu = 1;
	r = run(argc - optind, argv + optind, &fu);
	if (fu == 1)
		fu = followup();
	printf("%s %s\n", name(r), name(fu));
	return 0;
usage:
	fprintf(stderr, "usage: esc [-c CGROUP] [-f PATH] OP [ARG...]\n");
	return 2;
}
