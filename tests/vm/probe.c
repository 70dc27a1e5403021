// SPDX-License-Identifier: GPL-2.0
/*
 * probe - make one syscall and print how it ended, for the VM tests
 *
 *   probe [-x] [-c CGROUP_DIR] [-m CGROUP_DIR] [-w FIFO] [-a native|int80|x32] OP [ARG...]
 *
 * Prints "OK" or the errno's name (EPERM, ENOSYS, ...) on stdout and exits
 * 0 (with -x: prints nothing and exits with 0 or the errno's number, for a
 * task that may make no syscall but exit_group); exits 2 on a usage error or when the probe itself cannot run. With -c
 * it first moves itself into the cgroup; with -m it then tries to move
 * itself to another cgroup (an escape attempt); with -w it prints "ready" and
 * blocks until a line can be read from FIFO, so that a test can change
 * policy while the task sits in the cgroup.
 *
 * -a picks the syscall entry: native (this binary's own ABI: x86_64, or
 * i386 when built with -m32), int80 (int $0x80 from a 64-bit process, the
 * i386 ABI), x32 (the number with the x32 bit). Numbers come from the
 * kernel's UAPI headers for each ABI (nr_tables.c).
 *
 * Built static and non-PIE, so that its strings sit below 4 GiB and can be
 * passed as i386 pointers.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <stdbool.h>
#include <sys/syscall.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/perf_event.h>
#include <linux/reboot.h>
#include <linux/sched.h>

#include "cgjoin.h"

#include "nr_tables.h"

enum abi { NATIVE, INT80, X32 };

static enum abi abi = NATIVE;

static long raw(long nr, long a0, long a1, long a2, long a3, long a4, long a5)
{
#if defined(__x86_64__)
	if (abi == INT80) {
		long ret;

		register long ebx asm("rbx") = a0;
		register long ecx asm("rcx") = a1;
		register long edx asm("rdx") = a2;
		register long esi asm("rsi") = a3;
		register long edi asm("rdi") = a4;
		register long ebp asm("rbp") = a5;

		asm volatile("int $0x80"
			     : "=a"(ret)
			     : "0"(nr), "r"(ebx), "r"(ecx), "r"(edx), "r"(esi),
			       "r"(edi), "r"(ebp)
			     : "memory", "r8", "r9", "r10", "r11");
		/* int $0x80 returns a 32-bit value in eax */
		return (int)ret;
	}
#endif
	errno = 0;
	{
		long ret = syscall(nr, a0, a1, a2, a3, a4, a5);

		return ret < 0 ? -errno : ret;
	}
}

/* The number of @name on the chosen ABI. */
static long nr_of(const char *name)
{
	long nr = -1;

	switch (abi) {
	case NATIVE:
		nr = nr_native(name);
		break;
	case INT80:
		nr = nr_i386(name);
		break;
	case X32:
		nr = nr_x32(name);
		break;
	}
	if (nr < 0) {
		fprintf(stderr, "probe: no syscall %s on this ABI\n", name);
		exit(2);
	}
	return nr;
}

static long sys(const char *name, long a0, long a1, long a2, long a3, long a4)
{
	return raw(nr_of(name), a0, a1, a2, a3, a4, 0);
}

static unsigned long num(const char *s)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 0);
	if (errno || *end || !*s) {
		fprintf(stderr, "probe: bad number \"%s\"\n", s);
		exit(2);
	}
	return v;
}

/* A clone-like call returned: in the child, leave at once. */
static long reap(long ret)
{
	if (ret == 0)
		syscall(SYS_exit_group, 0);
	if (ret > 0)
		waitpid(ret, NULL, __WALL);
	return ret;
}

static struct clone_args clone3_args = { .exit_signal = SIGCHLD };

/* Strings for syscalls: static, hence below 4 GiB in this non-PIE binary. */
static char mnt_src[] = "none";
static char mnt_type[] = "tmpfs";
static char mnt_target[256];
static char empty[] = "";

/*
 * A tracer skips a child's getpid() at syscall entry (orig_ax = -1) and sets
 * its return value to 4242, as syscall emulators and strace --inject do.
 * Returns 0 if the child saw 4242, -EIO otherwise.
 */
static long ptrace_skip(void)
{
#if defined(__x86_64__)
	struct user_regs_struct regs;
	int status;
	pid_t pid;

	pid = fork();
	if (pid == 0) {
		ptrace(PTRACE_TRACEME, 0, NULL, NULL);
		raise(SIGSTOP);
		_exit(syscall(SYS_getpid) == 4242 ? 0 : 1);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return -EIO;
	ptrace(PTRACE_SETOPTIONS, pid, NULL, (void *)PTRACE_O_TRACESYSGOOD);
	for (;;) {
		if (ptrace(PTRACE_SYSCALL, pid, NULL, NULL) ||
		    waitpid(pid, &status, 0) != pid || !WIFSTOPPED(status))
			break;
		if (WSTOPSIG(status) != (SIGTRAP | 0x80))
			continue;
		ptrace(PTRACE_GETREGS, pid, NULL, &regs);
		if (regs.orig_rax == SYS_getpid) {
			regs.orig_rax = -1;
			regs.rax = 4242;
			ptrace(PTRACE_SETREGS, pid, NULL, &regs);
			break;
		}
	}
	ptrace(PTRACE_CONT, pid, NULL, NULL);
	while (waitpid(pid, &status, 0) == pid && !WIFEXITED(status))
		ptrace(PTRACE_CONT, pid, NULL, NULL);
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -EIO;
#else
	return -EIO;
#endif
}

/* Writes @pid into @dir/cgroup.procs. */
static long move_pid(const char *dir, long pid)
{
	char path[4096], buf[32];
	int fd, len;
	long ret = 0;

	snprintf(path, sizeof(path), "%s/cgroup.procs", dir);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	len = snprintf(buf, sizeof(buf), "%ld\n", pid);
	if (write(fd, buf, len) != len)
		ret = -errno;
	close(fd);
	return ret;
}

/* Write @value to the cgroup control file @dir/@file. */
static long cg_write(const char *dir, const char *file, const char *value)
{
	char path[4096];
	long ret = 0;
	int fd;

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (write(fd, value, strlen(value)) < 0)
		ret = -errno;
	close(fd);
	return ret;
}

/* clone3(CLONE_INTO_CGROUP) into @dir; the child exits at once. */
static long clone3_into(const char *dir)
{
	struct clone_args args = { .exit_signal = SIGCHLD };
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	long ret;

	if (fd < 0)
		return -errno;
	args.flags = CLONE_INTO_CGROUP;
	args.cgroup = fd;
	ret = reap(raw(nr_of("clone3"), (long)&args, sizeof(args), 0, 0, 0, 0));
	close(fd);
	return ret;
}

static long ptrace_attach(long pid)
{
	int status;

	if (ptrace(PTRACE_ATTACH, pid, NULL, NULL))
		return -errno;
	waitpid(pid, &status, __WALL);
	ptrace(PTRACE_DETACH, pid, NULL, NULL);
	return 0;
}

/* perf_event_open of a software clock on @pid (-1: CPU 0, system-wide). */
static long perf_open(long pid)
{
	struct perf_event_attr attr = {
		.type = PERF_TYPE_SOFTWARE,
		.size = sizeof(attr),
		.config = PERF_COUNT_SW_TASK_CLOCK,
	};
	long fd;

	if (pid == -1)
		attr.config = PERF_COUNT_SW_CPU_CLOCK;
	fd = syscall(SYS_perf_event_open, &attr, pid, pid == -1 ? 0 : -1, -1, 0);
	if (fd < 0)
		return -errno;
	close(fd);
	return 0;
}

/* i386 socketcall(SYS_SOCKET, {family, type, 0}), through int80 or natively. */
static unsigned int sockcall_args[3];

static long socketcall_socket(unsigned long family, unsigned long type)
{
	long ret;

	sockcall_args[0] = family;
	sockcall_args[1] = type;
	sockcall_args[2] = 0;
	ret = raw(nr_of("socketcall"), 1 /* SYS_SOCKET */, (long)sockcall_args,
		  0, 0, 0, 0);
	if (ret >= 0)
		close(ret);
	return ret < 0 ? ret : 0;
}

static long run(int argc, char **argv)
{
	const char *op = argv[0];

	if (!strcmp(op, "sys") && argc >= 2) {
		long a[6] = { 0 };
		int i;

		for (i = 2; i < argc && i < 8; i++)
			a[i - 2] = num(argv[i]);
		return raw(num(argv[1]) | (abi == X32 ? 0x40000000L : 0),
			   a[0], a[1], a[2], a[3], a[4], a[5]);
	}
	if (!strcmp(op, "getpid")) {
		long ret = sys("getpid", 0, 0, 0, 0, 0);

		return ret < 0 ? ret : 0;
	}
	if (!strcmp(op, "mount") && argc == 2) {
		snprintf(mnt_target, sizeof(mnt_target), "%s", argv[1]);
		return sys("mount", (long)mnt_src, (long)mnt_target,
			   (long)mnt_type, 0, 0);
	}
	if (!strcmp(op, "umount") && argc == 2) {
		snprintf(mnt_target, sizeof(mnt_target), "%s", argv[1]);
		return sys("umount2", (long)mnt_target, 0, 0, 0, 0);
	}
	if (!strcmp(op, "reboot"))
		/* CAD_OFF only changes what Ctrl-Alt-Del does */
		return sys("reboot", LINUX_REBOOT_MAGIC1, LINUX_REBOOT_MAGIC2,
			   LINUX_REBOOT_CMD_CAD_OFF, 0, 0);
	if (!strcmp(op, "kexec_load"))
		return sys("kexec_load", 0, 0, 0, 0, 0);
	if (!strcmp(op, "init_module"))
		return sys("init_module", 0, 0, (long)empty, 0, 0);
	if (!strcmp(op, "bpf"))
		return sys("bpf", 0 /* BPF_MAP_CREATE */, 0, 0, 0, 0);
	if (!strcmp(op, "keyctl"))
		return sys("keyctl", 0 /* KEYCTL_GET_KEYRING_ID */,
			   -3 /* KEY_SPEC_SESSION_KEYRING */, 0, 0, 0);
	if (!strcmp(op, "unshare") && argc == 2)
		return sys("unshare", num(argv[1]), 0, 0, 0, 0);
	if (!strcmp(op, "setns"))
		return sys("setns", -1, 0, 0, 0, 0);
	if (!strcmp(op, "fork"))
		return reap(sys("fork", 0, 0, 0, 0, 0));
	if (!strcmp(op, "clone") && argc == 2)
		return reap(sys("clone", num(argv[1]) | SIGCHLD, 0, 0, 0, 0));
	if (!strcmp(op, "clone3"))
		return reap(sys("clone3", (long)&clone3_args,
				sizeof(clone3_args), 0, 0, 0));
	if (!strcmp(op, "personality") && argc == 2) {
		long ret = sys("personality", num(argv[1]), 0, 0, 0, 0);

		/* personality() returns the previous persona */
		return ret < 0 ? ret : 0;
	}
	if (!strcmp(op, "socket") && argc >= 2) {
		long ret = sys("socket", num(argv[1]),
			       argc > 2 ? num(argv[2]) : 1 /* SOCK_STREAM */,
			       0, 0, 0);

		if (ret >= 0)
			close(ret);
		return ret < 0 ? ret : 0;
	}
	if (!strcmp(op, "ptrace_skip"))
		return ptrace_skip();
	if (!strcmp(op, "move") && argc == 2)
		return move_pid(argv[1], getpid());
	if (!strcmp(op, "moveother") && argc == 3)
		return move_pid(argv[2], num(argv[1]));
	if (!strcmp(op, "cgwrite") && argc == 4)
		return cg_write(argv[1], argv[2], argv[3]);
	if (!strcmp(op, "clone3_into") && argc == 2)
		return clone3_into(argv[1]);
	if (!strcmp(op, "ptrace_attach") && argc == 2)
		return ptrace_attach(num(argv[1]));
	if (!strcmp(op, "perf") && argc == 2)
		return perf_open(strtol(argv[1], NULL, 0));
	if (!strcmp(op, "socketcall") && argc == 3)
		return socketcall_socket(num(argv[1]), num(argv[2]));
	if (!strcmp(op, "libc_socket") && argc == 2) {
		int fd = socket(num(argv[1]), SOCK_STREAM, 0);

		if (fd < 0)
			return -errno;
		close(fd);
		return 0;
	}
	fprintf(stderr, "probe: unknown operation \"%s\"\n", op);
	exit(2);
}

static void wait_fifo(const char *fifo)
{
	char c;
	int fd;

	printf("ready\n");
	fflush(stdout);
	fd = open(fifo, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || read(fd, &c, 1) != 1) {
		fprintf(stderr, "probe: cannot wait on %s: %m\n", fifo);
		exit(2);
	}
	close(fd);
}

int main(int argc, char **argv)
{
	const char *cgroup = NULL, *fifo = NULL, *escape = NULL;
	bool exit_status = false;
	long ret;
	int c;

	while ((c = getopt(argc, argv, "+c:w:a:m:x")) != -1) {
		switch (c) {
		case 'x':
			exit_status = true;
			break;
		case 'c':
			cgroup = optarg;
			break;
		case 'm':
			escape = optarg;
			break;
		case 'w':
			fifo = optarg;
			break;
		case 'a':
			if (!strcmp(optarg, "native"))
				abi = NATIVE;
			else if (!strcmp(optarg, "int80") && sizeof(long) == 8)
				abi = INT80;
			else if (!strcmp(optarg, "x32") && sizeof(long) == 8)
				abi = X32;
			else
				goto usage;
			break;
		default:
			goto usage;
		}
	}
	if (optind >= argc)
		goto usage;
	if (cgroup)
		cg_join("probe", cgroup);
	/* -m: try to leave for another cgroup first, whatever comes of it */
	if (escape)
		move_pid(escape, getpid());
	if (fifo)
		wait_fifo(fifo);
	ret = run(argc - optind, argv + optind);
	/*
	 * -x: the result is the exit status (0, or the errno), for a task
	 * that cannot write (moat failing closed refuses all but exit)
	 */
	if (exit_status)
		syscall(SYS_exit_group, ret >= 0 ? 0 : (int)-ret);
	if (ret >= 0)
		printf("OK\n");
	else
		printf("%s\n", strerrorname_np(-ret) ? strerrorname_np(-ret) : "E?");
	return 0;
usage:
	fprintf(stderr, "usage: probe [-x] [-c CGROUP] [-w FIFO] [-a native|int80|x32] OP [ARG...]\n");
	return 2;
}
