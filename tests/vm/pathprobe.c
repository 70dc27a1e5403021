// SPDX-License-Identifier: GPL-2.0
/*
 * pathprobe - try file, mount, signal and ptrace operations, print errnos
 *
 * usage: pathprobe [-c CGROUP] [-A APPARMOR_PROFILE] [-f LIST | OP ARG...]
 *
 * Runs one operation from the command line, or every line "OP ARG..." of
 * LIST, and prints one line per operation: "OK" or the errno's name (with
 * -f: "OP ARG... RESULT"). -c first joins CGROUP (the moat way to confine);
 * -A re-executes itself under that AppArmor profile (what aa-exec does: it
 * writes "exec PROFILE" to /proc/self/attr/exec). The operations open and
 * close without writing or leave things as they were, so the same list can
 * run twice, once under AppArmor and once under moat, and the outputs can be
 * compared line by line.
 *
 * Operations: read, write, append, rdwr, opendir, exec, mmapx, lock,
 * create, mkdir, truncate, chmod, chown, unlink, rmdir, rename OLD NEW,
 * link OLD NEW, symlink TARGET NEW, mount SRC DIR, umount DIR,
 * pivot_root NEW OLD, kill PID SIG, ptrace PID, ptrace_read PID,
 * socket FAMILY, sethostname (to the current name: needs CAP_SYS_ADMIN),
 * setuid (setuid(1000) in a child: needs CAP_SETUID), mprotectx (map
 * readable, then mprotect executable), rie_mmap (a readable mapping under
 * READ_IMPLIES_EXEC), unappend (open for append, then F_SETFL without
 * O_APPEND), chroot DIR OP ARG... (OP inside a chroot, in a child),
 * open_tree (OPEN_TREE_CLONE), fspick, fsopen, mount_setattr (read-only),
 * setnice PID (setpriority to the current value), deep LEN (a file whose
 * absolute name is LEN bytes, made and opened relative to its directory),
 * deleted_reopen PATH read|write, deleted_exec PATH (through
 * /proc/self/fd after unlink), comm NAME OP ARG... (OP under that comm),
 * mkfile PATH (create and write, kept), setlabel PATH VALUE and rmlabel
 * PATH (the security.moat xattr), fdsend SOCK FILE and fdrecv_read SOCK
 * (pass an open descriptor over a unix socket, read from it).
 */

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/xattr.h>
#include <sys/wait.h>
#include <unistd.h>

static int err(int ret)
{
	return ret < 0 ? -errno : 0;
}

static int open_close(const char *path, int flags)
{
	int fd = open(path, flags | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);

	if (fd < 0)
		return -errno;
	close(fd);
	return 0;
}

static int do_exec(const char *path)
{
	int pfd[2], res = 0;
	pid_t pid;

	if (pipe2(pfd, O_CLOEXEC))
		return -errno;
	pid = fork();
	if (pid < 0)
		return -errno;
	if (!pid) {
		char *argv[] = { (char *)path, "--version", NULL };
		int e;

		close(pfd[0]);
		/*
		 * Output away: only whether execve worked matters. A profile
		 * may refuse /dev/null for write: then keep the output.
		 */
		int null = open("/dev/null", O_WRONLY);

		if (null >= 0) {
			dup2(null, 1);
			dup2(null, 2);
			close(null);
		}
		execv(path, argv);
		e = -errno;
		if (write(pfd[1], &e, sizeof(e)) != sizeof(e))
			_exit(127);
		_exit(127);
	}
	close(pfd[1]);
	if (read(pfd[0], &res, sizeof(res)) != sizeof(res))
		res = 0;
	close(pfd[0]);
	waitpid(pid, NULL, 0);
	return res;
}

static int with_fd(const char *path, int flags, int (*fn)(int fd))
{
	int fd = open(path, flags | O_CLOEXEC | O_NONBLOCK), ret;

	if (fd < 0)
		return -errno;
	ret = fn(fd);
	close(fd);
	return ret;
}

static int mmap_exec(int fd)
{
	void *p = mmap(NULL, 4096, PROT_READ | PROT_EXEC, MAP_PRIVATE, fd, 0);

	if (p == MAP_FAILED)
		return -errno;
	munmap(p, 4096);
	return 0;
}

static int mmap_read(int fd)
{
	void *p = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, fd, 0);

	if (p == MAP_FAILED)
		return -errno;
	munmap(p, 4096);
	return 0;
}

static int mprotect_exec(int fd)
{
	void *p = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, fd, 0);
	int ret;

	if (p == MAP_FAILED)
		return -errno;
	ret = err(mprotect(p, 4096, PROT_READ | PROT_EXEC));
	munmap(p, 4096);
	return ret;
}

static int unappend(int fd)
{
	return err(fcntl(fd, F_SETFL, 0));
}

static int lock_sh(int fd)
{
	int ret = err(flock(fd, LOCK_SH | LOCK_NB));

	flock(fd, LOCK_UN);
	return ret;
}

/* Run fn(argc, argv) in a child; its result comes back through a pipe. */
static int in_child(int (*fn)(int, char **), int argc, char **argv)
{
	int pfd[2], res = 0;
	pid_t pid;

	if (pipe2(pfd, O_CLOEXEC))
		return -errno;
	pid = fork();
	if (pid < 0)
		return -errno;
	if (!pid) {
		res = fn(argc, argv);
		_exit(write(pfd[1], &res, sizeof(res)) == sizeof(res) ? 0 : 1);
	}
	close(pfd[1]);
	if (read(pfd[0], &res, sizeof(res)) != sizeof(res))
		res = -EIO;
	close(pfd[0]);
	waitpid(pid, NULL, 0);
	return res;
}

static int run(int argc, char **argv);

/* fdsend SOCK FILE [rw]: open FILE, send the descriptor to the socket SOCK */
static int fd_send(const char *sock, const char *file, bool rw)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	char cbuf[CMSG_SPACE(sizeof(int))] = { 0 }, byte = 'x';
	struct iovec iov = { &byte, 1 };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1,
			      .msg_control = cbuf,
			      .msg_controllen = sizeof(cbuf) };
	struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
	int fd, s, ret;

	fd = open(file, (rw ? O_RDWR : O_RDONLY) | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	s = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	strncpy(sun.sun_path, sock, sizeof(sun.sun_path) - 1);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(c), &fd, sizeof(int));
	ret = s < 0 || connect(s, (struct sockaddr *)&sun, sizeof(sun)) ||
	      sendmsg(s, &msg, 0) < 0 ? -errno : 0;
	close(fd);
	if (s >= 0)
		close(s);
	return ret;
}

/* fdrecv_read SOCK [HOW]: bind SOCK, receive one descriptor, use it */
static int fd_recv_read(const char *sock, const char *how)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	char cbuf[CMSG_SPACE(sizeof(int))], byte, buf[16];
	struct iovec iov = { &byte, 1 };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1,
			      .msg_control = cbuf,
			      .msg_controllen = sizeof(cbuf) };
	struct cmsghdr *c;
	int s, fd, ret;

	s = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	strncpy(sun.sun_path, sock, sizeof(sun.sun_path) - 1);
	unlink(sock);
	if (s < 0 || bind(s, (struct sockaddr *)&sun, sizeof(sun)) ||
	    recvmsg(s, &msg, 0) < 0)
		return -errno;
	close(s);
	c = CMSG_FIRSTHDR(&msg);
	if (!c || c->cmsg_type != SCM_RIGHTS)
		return -ENOMSG;		/* the descriptor did not arrive */
	memcpy(&fd, CMSG_DATA(c), sizeof(int));
	if (!strcmp(how, "mmap")) {
		ret = mmap_read(fd);
	} else if (!strcmp(how, "write")) {
		ret = write(fd, "x", 1) < 0 ? -errno : 0;
	} else if (!strcmp(how, "rmlabel")) {
		/* try to drop the label first (refused), then read */
		fremovexattr(fd, "security.moat");
		ret = read(fd, buf, sizeof(buf)) < 0 ? -errno : 0;
	} else {
		ret = read(fd, buf, sizeof(buf)) < 0 ? -errno : 0;
	}
	close(fd);
	return ret;
}

static int setuid_1000(int argc, char **argv)
{
	return err(setuid(1000));
}

/* chroot DIR OP ARG...: OP from inside a chroot (in a child) */
static int chrooted(int argc, char **argv)
{
	if (chroot(argv[1]) || chdir("/"))
		return -errno;
	return run(argc - 2, argv + 2);
}

static int read_implies_exec(int argc, char **argv)
{
	if (personality(READ_IMPLIES_EXEC) < 0)
		return -errno;
	return with_fd(argv[1], O_RDONLY, mmap_read);
}

/* deep LEN: make, open and remove a file whose absolute name is LEN bytes */
static int deep(int argc, char **argv)
{
	static char comp[201];
	size_t len = strtoul(argv[1], NULL, 10), cur;
	int depth = 0, ret, fd;
	char name[256];

	memset(comp, 'd', 200);
	if (chdir("/tmp") || (mkdir("deep", 0755) && errno != EEXIST) ||
	    chdir("deep"))
		return -errno;
	cur = strlen("/tmp/deep");
	while (len > cur + 1 + 200 + 1 + 10) {
		ret = mkdir(comp, 0755);
		if (ret && errno != EEXIST)
			return -errno;
		if (chdir(comp))
			return -errno;
		cur += 1 + 200;
		depth++;
	}
	/* the last component makes up the rest: "/" + name */
	memset(name, 'f', sizeof(name));
	name[len - cur - 1] = '\0';
	fd = open(name, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	ret = fd < 0 ? -errno : 0;
	if (fd >= 0) {
		close(fd);
		unlink(name);
	}
	while (depth--)
		if (chdir("..") || rmdir(comp))
			break;
	return ret;
}

/* deleted_reopen PATH read|write: reopen a deleted file through /proc/self/fd */
static int deleted_reopen(int argc, char **argv)
{
	char proc[64];
	int fd, ret;

	fd = open(argv[1], O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return -errno;
	unlink(argv[1]);
	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
	ret = open_close(proc, strcmp(argv[2], "write") ? O_RDONLY : O_WRONLY);
	close(fd);
	return ret;
}

/* deleted_exec PATH: copy this program to PATH, delete it, run it by fd */
static int deleted_exec(int argc, char **argv)
{
	char buf[65536], proc[64];
	int in, fd;
	ssize_t n;

	in = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
	fd = open(argv[1], O_RDWR | O_CREAT | O_TRUNC, 0755);
	if (in < 0 || fd < 0)
		return -errno;
	while ((n = read(in, buf, sizeof(buf))) > 0)
		if (write(fd, buf, n) != n)
			return -EIO;
	close(in);
	/* a writable fd cannot be executed (ETXTBSY): reopen read-only */
	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
	in = open(proc, O_RDONLY);
	close(fd);
	if (in < 0)
		return -errno;
	unlink(argv[1]);
	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", in);
	return do_exec(proc);
}

/* comm NAME OP ARG...: OP with the task's comm set to NAME (in a child) */
static int with_comm(int argc, char **argv)
{
	if (prctl(PR_SET_NAME, argv[1]))
		return -errno;
	return run(argc - 2, argv + 2);
}

static int run(int argc, char **argv)
{
	const char *op = argv[0], *a = argc > 1 ? argv[1] : "", *b = argc > 2 ? argv[2] : "";
	struct stat st;
	int ret;

	if (!strcmp(op, "read"))
		return open_close(a, O_RDONLY);
	if (!strcmp(op, "write"))
		return open_close(a, O_WRONLY);
	if (!strcmp(op, "append"))
		return open_close(a, O_WRONLY | O_APPEND);
	if (!strcmp(op, "rdwr"))
		return open_close(a, O_RDWR);
	if (!strcmp(op, "opendir"))
		return open_close(a, O_RDONLY | O_DIRECTORY);
	if (!strcmp(op, "exec"))
		return do_exec(a);
	if (!strcmp(op, "mmapx"))
		return with_fd(a, O_RDONLY, mmap_exec);
	if (!strcmp(op, "lock"))
		return with_fd(a, O_RDONLY, lock_sh);
	if (!strcmp(op, "mprotectx"))
		return with_fd(a, O_RDONLY, mprotect_exec);
	if (!strcmp(op, "rie_mmap"))
		return in_child(read_implies_exec, argc, argv);
	if (!strcmp(op, "unappend"))
		return with_fd(a, O_WRONLY | O_APPEND, unappend);
	if (!strcmp(op, "chroot") && argc >= 3)
		return in_child(chrooted, argc, argv);
	if (!strcmp(op, "deep") && argc == 2)
		return in_child(deep, argc, argv);
	if (!strcmp(op, "deleted_reopen") && argc == 3)
		return deleted_reopen(argc, argv);
	if (!strcmp(op, "deleted_exec") && argc == 2)
		return deleted_exec(argc, argv);
	if (!strcmp(op, "comm") && argc >= 3)
		return in_child(with_comm, argc, argv);
	if (!strcmp(op, "mkfile")) {
		int fd = open(a, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);

		if (fd < 0)
			return -errno;
		ret = write(fd, "data\n", 5) == 5 ? 0 : -errno;
		close(fd);
		return ret;
	}
	if (!strcmp(op, "mkdir_keep"))
		return err(mkdir(a, 0755));
	if (!strcmp(op, "tmpfile_link")) {
		/* an O_TMPFILE in DIR, written, then linked as NAME */
		char proc[64];
		int fd = open(a, O_TMPFILE | O_WRONLY | O_CLOEXEC, 0644);

		if (fd < 0)
			return -errno;
		if (write(fd, "data\n", 5) != 5) {
			close(fd);
			return -EIO;
		}
		snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
		ret = err(linkat(AT_FDCWD, proc, AT_FDCWD, b, AT_SYMLINK_FOLLOW));
		close(fd);
		return ret;
	}
	if (!strcmp(op, "setlabel"))
		return err(setxattr(a, "security.moat", b, strlen(b), 0));
	if (!strcmp(op, "rmlabel"))
		return err(removexattr(a, "security.moat"));
	if (!strcmp(op, "fdsend"))
		return fd_send(a, b, argc > 3 && !strcmp(argv[3], "rw"));
	if (!strcmp(op, "fdrecv_read"))
		return fd_recv_read(a, b);
	if (!strcmp(op, "hold_read")) {
		/* open PATH, wait until the file WAIT exists, then read */
		char buf[16];
		int fd = open(a, O_RDONLY | O_CLOEXEC);

		if (fd < 0)
			return -errno;
		while (access(b, F_OK))
			usleep(100000);
		ret = read(fd, buf, sizeof(buf)) < 0 ? -errno : 0;
		close(fd);
		return ret;
	}
	if (!strcmp(op, "open_tree"))
		return err(syscall(SYS_open_tree, AT_FDCWD, a, 1 /* CLONE */));
	if (!strcmp(op, "fspick"))
		return err(syscall(SYS_fspick, AT_FDCWD, a, 0));
	if (!strcmp(op, "fsopen"))
		return err(syscall(SYS_fsopen, "tmpfs", 0));
	if (!strcmp(op, "mount_setattr")) {
		/* struct mount_attr { attr_set, attr_clr, propagation, userns_fd } */
		unsigned long long attr[4] = { 0x1 /* MOUNT_ATTR_RDONLY */ };

		return err(syscall(SYS_mount_setattr, AT_FDCWD, a, 0, attr,
				   sizeof(attr)));
	}
	if (!strcmp(op, "setnice")) {
		int prio;

		errno = 0;
		prio = getpriority(PRIO_PROCESS, atoi(a));
		if (errno)
			return -errno;
		return err(setpriority(PRIO_PROCESS, atoi(a), prio));
	}
	if (!strcmp(op, "create")) {
		ret = open_close(a, O_WRONLY | O_CREAT | O_EXCL);
		if (!ret)
			unlink(a);
		return ret;
	}
	if (!strcmp(op, "mkdir")) {
		ret = err(mkdir(a, 0755));
		if (!ret)
			rmdir(a);
		return ret;
	}
	if (!strcmp(op, "truncate")) {
		if (stat(a, &st))
			return -errno;
		return err(truncate(a, st.st_size));
	}
	if (!strcmp(op, "chmod")) {
		if (stat(a, &st))
			return -errno;
		return err(chmod(a, st.st_mode & 07777));
	}
	if (!strcmp(op, "chown")) {
		if (stat(a, &st))
			return -errno;
		return err(chown(a, st.st_uid, st.st_gid));
	}
	if (!strcmp(op, "unlink"))
		return err(unlink(a));
	if (!strcmp(op, "rmdir"))
		return err(rmdir(a));
	if (!strcmp(op, "rename"))
		return err(rename(a, b));
	if (!strcmp(op, "link"))
		return err(link(a, b));
	if (!strcmp(op, "symlink"))
		return err(symlink(a, b));
	if (!strcmp(op, "mount"))
		return err(mount(a, b, "tmpfs", 0, NULL));
	if (!strcmp(op, "bind"))
		return err(mount(a, b, NULL, MS_BIND, NULL));
	if (!strcmp(op, "umount"))
		return err(umount(a));
	if (!strcmp(op, "pivot_root"))
		return err(syscall(SYS_pivot_root, a, b));
	if (!strcmp(op, "kill"))
		return err(kill(atoi(a), atoi(b)));
	if (!strcmp(op, "ptrace")) {
		pid_t pid = atoi(a);

		ret = err(ptrace(PTRACE_ATTACH, pid, 0, 0));
		if (!ret) {
			waitpid(pid, NULL, __WALL);
			ptrace(PTRACE_DETACH, pid, 0, 0);
		}
		return ret;
	}
	if (!strcmp(op, "ptrace_read")) {
		char p[64];

		snprintf(p, sizeof(p), "/proc/%s/environ", a);
		return open_close(p, O_RDONLY);
	}
	if (!strcmp(op, "socket")) {
		ret = socket(atoi(a), SOCK_SEQPACKET, 0);
		if (ret < 0 && (errno == ESOCKTNOSUPPORT || errno == EPROTONOSUPPORT ||
				errno == EINVAL))
			ret = socket(atoi(a), SOCK_STREAM, 0);
		if (ret < 0 && (errno == ESOCKTNOSUPPORT || errno == EPROTONOSUPPORT ||
				errno == EINVAL))
			ret = socket(atoi(a), SOCK_DGRAM, 0);
		if (ret < 0)
			return -errno;
		close(ret);
		return 0;
	}
	if (!strcmp(op, "sethostname")) {
		char name[256] = "";

		if (gethostname(name, sizeof(name) - 1))
			return -errno;
		return err(sethostname(name, strlen(name)));	/* no change */
	}
	if (!strcmp(op, "setuid"))
		return in_child(setuid_1000, argc, argv);	/* the prober keeps its uid */
	fprintf(stderr, "pathprobe: unknown operation %s\n", op);
	exit(2);
}

static const char *result(int ret)
{
	return ret ? strerrorname_np(-ret) : "OK";
}

static void join(const char *cgroup)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/cgroup.procs", cgroup);
	f = fopen(path, "w");
	if (!f || fprintf(f, "%d\n", getpid()) < 0 || fclose(f)) {
		perror(path);
		exit(2);
	}
}

int main(int argc, char **argv)
{
	const char *list = NULL, *cgroup = NULL, *aa = NULL;
	int c;

	while ((c = getopt(argc, argv, "+c:A:f:")) != -1) {
		switch (c) {
		case 'c':
			cgroup = optarg;
			break;
		case 'A':
			aa = optarg;
			break;
		case 'f':
			list = optarg;
			break;
		default:
			goto usage;
		}
	}
	if (!list && optind >= argc)
		goto usage;
	if (cgroup)
		join(cgroup);
	if (aa) {
		char cmd[256];
		int fd = open("/proc/self/attr/exec", O_WRONLY);

		snprintf(cmd, sizeof(cmd), "exec %s", aa);
		if (fd < 0 || write(fd, cmd, strlen(cmd)) < 0) {
			perror("/proc/self/attr/exec");
			return 2;
		}
		close(fd);
		/* the same arguments without -A: optind counted it */
		for (c = 1; c < argc; c++)
			if (!strcmp(argv[c], "-A")) {
				memmove(&argv[c], &argv[c + 2],
					(argc - c - 1) * sizeof(char *));
				break;
			}
		execv("/proc/self/exe", argv);
		perror("execv");
		return 2;
	}
	if (list) {
		char line[8192];
		FILE *f = fopen(list, "r");

		if (!f) {
			perror(list);
			return 2;
		}
		while (fgets(line, sizeof(line), f)) {
			char *args[8], *save = NULL, *tok;
			int n = 0;

			line[strcspn(line, "\n")] = '\0';
			if (!line[0] || line[0] == '#')
				continue;
			printf("%s ", line);
			for (tok = strtok_r(line, " \t", &save); tok && n < 7;
			     tok = strtok_r(NULL, " \t", &save))
				args[n++] = tok;
			args[n] = NULL;
			printf("%s\n", result(run(n, args)));
			fflush(stdout);
		}
		fclose(f);
		return 0;
	}
	printf("%s\n", result(run(argc - optind, argv + optind)));
	return 0;
usage:
	fprintf(stderr, "usage: pathprobe [-c CGROUP] [-A PROFILE] [-f LIST | OP ARG...]\n");
	return 2;
}
