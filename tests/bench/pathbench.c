// SPDX-License-Identifier: GPL-2.0
/*
 * pathbench - cost of open(2)+close(2) by path length
 *
 * usage: pathbench [-n ITERATIONS] [-r ROUNDS] LENGTH...
 *
 * For each LENGTH, makes a file whose absolute path is LENGTH bytes long
 * (directories of 15-byte names under /tmp/pathbench) and times ITERATIONS
 * open(O_RDONLY)+close pairs, ROUNDS times. Prints one line per length:
 * "LENGTH MEDIAN_NS_PER_OP MIN MAX". The caller runs it unconfined and
 * confined and compares: the difference grows with the bytes the path
 * layer's automaton walks.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define ROOT "/tmp/pathbench"

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* ROOT/aaaaaaaaaaaaaa/.../f, exactly len bytes (len >= sizeof(ROOT) + 1). */
static int make_path(size_t len, char *path)
{
	size_t n = strlen(ROOT);

	strcpy(path, ROOT);
	mkdir(ROOT, 0755);
	while (len - n > 16) {
		memcpy(path + n, "/aaaaaaaaaaaaaa", 15);
		n += 15;
		path[n] = '\0';
		if (mkdir(path, 0755) && errno != EEXIST)
			return -1;
	}
	path[n++] = '/';
	while (n < len)
		path[n++] = 'f';
	path[n] = '\0';
	n = open(path, O_WRONLY | O_CREAT, 0644);
	if ((int)n < 0)
		return -1;
	close(n);
	return 0;
}

int main(int argc, char **argv)
{
	long iters = 20000, rounds = 5;
	char path[4096];
	int c, i;

	while ((c = getopt(argc, argv, "n:r:")) != -1) {
		switch (c) {
		case 'n':
			iters = atol(optarg);
			break;
		case 'r':
			rounds = atol(optarg);
			break;
		default:
			goto usage;
		}
	}
	if (optind >= argc || iters <= 0 || rounds <= 0 || rounds > 100)
		goto usage;
	for (i = optind; i < argc; i++) {
		size_t len = strtoul(argv[i], NULL, 10);
		double t[100];
		long r, k;

		if (len < sizeof(ROOT) + 1 || len >= sizeof(path) ||
		    make_path(len, path)) {
			fprintf(stderr, "pathbench: cannot make a path of %zu bytes\n", len);
			return 1;
		}
		for (r = 0; r < rounds; r++) {
			double t0 = now_ns();

			for (k = 0; k < iters; k++) {
				int fd = open(path, O_RDONLY);

				if (fd < 0) {
					perror(path);
					return 1;
				}
				close(fd);
			}
			t[r] = (now_ns() - t0) / iters;
		}
		qsort(t, rounds, sizeof(t[0]), cmp);
		printf("%zu %.0f %.0f %.0f\n", len, t[rounds / 2], t[0],
		       t[rounds - 1]);
		fflush(stdout);
	}
	return 0;
usage:
	fprintf(stderr, "usage: pathbench [-n ITERATIONS] [-r ROUNDS] LENGTH...\n");
	return 2;
}
