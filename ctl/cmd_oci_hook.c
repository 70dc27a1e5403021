// SPDX-License-Identifier: GPL-2.0
/*
 * moatctl oci-hook - an OCI runtime hook that attaches a container's cgroup
 *
 * The runtime (runc, crun; podman through hooks.d) runs it with the
 * container's state on stdin (runtime-spec state.md: ociVersion, id,
 * status, pid, bundle, annotations). With the annotation org.moat.profile:
 *
 *   createRuntime or prestart (status "creating" or "created"): attach the
 *   profile to the container process's cgroup v2 directory, found from
 *   /proc/PID/cgroup under the cgroup2 mount that /proc/self/mountinfo
 *   names; org.moat.label gives the tasks' label, org.moat.mode enforce or
 *   complain. The cgroup's id is kept in /run/moat/oci/ID for poststop.
 *   The attachment waits for the container's entrypoint (ON_EXEC): at
 *   these stages the runtime's own init still has to pivot_root and mount
 *   in the container, which docker-default refuses; runc applies seccomp
 *   and AppArmor at that execve too.
 *
 *   poststop (status "stopped"): detach it, if still attached.
 *
 * Without the annotation it does nothing. Any error exits 1 with a message
 * on stderr, and the runtime does not start the container (fail closed).
 */

#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <json-c/json.h>

#include "moatctl.h"

#define OCI_STATE_MAX (1 << 20)
#define OCI_RECORD_DIR "/run/moat/oci"

#define ANN_PROFILE "org.moat.profile"
#define ANN_LABEL "org.moat.label"
#define ANN_MODE "org.moat.mode"

static char *read_stdin(size_t *len)
{
	size_t cap = 4096, n = 0;
	char *buf = malloc(cap), *nb;
	ssize_t r;

	while (buf) {
		if (n + 1 == cap) {
			if (cap >= OCI_STATE_MAX) {
				fprintf(stderr, "%s: oci-hook: the container state on stdin is over %d bytes\n",
					PROG, OCI_STATE_MAX);
				free(buf);
				return NULL;
			}
			nb = realloc(buf, cap * 2);
			if (!nb)
				break;
			buf = nb;
			cap *= 2;
		}
		r = read(STDIN_FILENO, buf + n, cap - n - 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			fprintf(stderr, "%s: oci-hook: stdin: %m\n", PROG);
			free(buf);
			return NULL;
		}
		if (r == 0) {
			buf[n] = '\0';
			*len = n;
			return buf;
		}
		n += r;
	}
	free(buf);
	fprintf(stderr, "%s: oci-hook: out of memory\n", PROG);
	return NULL;
}

/* The string member @key of @obj, or NULL (absent or not a string). */
static const char *get_string(struct json_object *obj, const char *key)
{
	struct json_object *v;

	if (!obj || !json_object_object_get_ex(obj, key, &v) ||
	    !json_object_is_type(v, json_type_string))
		return NULL;
	return json_object_get_string(v);
}

/* runc's rule for container ids; the id names a file under OCI_RECORD_DIR. */
static bool id_ok(const char *id)
{
	size_t i;

	if (!id || !*id || !strcmp(id, ".") || !strcmp(id, "..") ||
	    strlen(id) > 255)
		return false;
	for (i = 0; id[i]; i++)
		if (!isascii((unsigned char)id[i]) ||
		    (!isalnum((unsigned char)id[i]) && !strchr("_+-.", id[i])))
			return false;
	return true;
}

/* mountinfo escapes space, tab, newline and backslash as \ooo */
static void unescape(char *s)
{
	char *d = s;

	while (*s) {
		if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' &&
		    s[2] >= '0' && s[2] <= '7' && s[3] >= '0' && s[3] <= '7') {
			*d++ = (char)((s[1] - '0') << 6 | (s[2] - '0') << 3 |
				      (s[3] - '0'));
			s += 4;
		} else {
			*d++ = *s++;
		}
	}
	*d = '\0';
}

/*
 * @cgpath (from /proc/PID/cgroup, relative to this process's cgroup
 * namespace) as a directory under a cgroup2 mount of this mount namespace.
 */
static int resolve_cgroup(const char *cgpath, char *out, size_t outlen)
{
	FILE *f = fopen("/proc/self/mountinfo", "re");
	char *line = NULL, *fields[6], *sep, *tok, *save;
	size_t cap = 0, rlen;
	int i, ret = -1;

	if (!f) {
		fprintf(stderr, "%s: oci-hook: /proc/self/mountinfo: %m\n", PROG);
		return -1;
	}
	while (ret && getline(&line, &cap, f) > 0) {
		sep = strstr(line, " - ");
		if (!sep)
			continue;
		*sep = '\0';
		tok = strtok_r(sep + 3, " \n", &save);
		if (!tok || strcmp(tok, "cgroup2"))
			continue;
		for (i = 0, tok = strtok_r(line, " ", &save); tok && i < 6;
		     tok = strtok_r(NULL, " ", &save))
			fields[i++] = tok;
		if (i < 5)
			continue;
		/* fields[3]: the mount's root in the hierarchy; [4]: where */
		unescape(fields[3]);
		unescape(fields[4]);
		rlen = strcmp(fields[3], "/") ? strlen(fields[3]) : 0;
		if (strncmp(cgpath, fields[3], rlen) ||
		    (cgpath[rlen] != '/' && cgpath[rlen] != '\0'))
			continue;
		if ((size_t)snprintf(out, outlen, "%s%s", fields[4],
				     cgpath + rlen) >= outlen)
			continue;
		ret = 0;
	}
	free(line);
	fclose(f);
	if (ret)
		fprintf(stderr, "%s: oci-hook: no cgroup2 mount holds cgroup %s (/proc/self/mountinfo)\n",
			PROG, cgpath);
	return ret;
}

/* The cgroup v2 directory of process @pid. */
static int pid_cgroup(long pid, char *out, size_t outlen)
{
	char file[64], *line = NULL, *nl;
	bool found = false;
	size_t cap = 0;
	int ret = -1;
	FILE *f;

	snprintf(file, sizeof(file), "/proc/%ld/cgroup", pid);
	f = fopen(file, "re");
	if (!f) {
		fprintf(stderr, "%s: oci-hook: the container process %ld: %s: %m\n",
			PROG, pid, file);
		return -1;
	}
	while (getline(&line, &cap, f) > 0) {
		if (strncmp(line, "0::", 3))
			continue;
		found = true;
		nl = strchr(line, '\n');
		if (nl)
			*nl = '\0';
		if (line[3] != '/')
			fprintf(stderr, "%s: oci-hook: process %ld's cgroup \"%s\" is outside this cgroup namespace\n",
				PROG, pid, line + 3);
		else
			ret = resolve_cgroup(line + 3, out, outlen);
		break;
	}
	if (!found)
		fprintf(stderr, "%s: oci-hook: %s has no cgroup v2 line (\"0::/...\")\n",
			PROG, file);
	free(line);
	fclose(f);
	return ret;
}

struct same_attach {
	uint64_t id;
	const char *profile;
	bool same;
};

static int find_same(const struct ipc_attachment *a, void *arg)
{
	struct same_attach *sa = arg;

	if (a->cgroup_id == sa->id && !strcmp(a->profile, sa->profile))
		sa->same = true;
	return 0;
}

/* Keeps the cgroup's id for poststop; the attachment stands without it. */
static void record(const char *id, uint64_t cgroup_id)
{
	char path[PATH_MAX];
	FILE *f;

	if ((mkdir("/run/moat", 0700) && errno != EEXIST) ||
	    (mkdir(OCI_RECORD_DIR, 0700) && errno != EEXIST))
		goto fail;
	snprintf(path, sizeof(path), OCI_RECORD_DIR "/%s", id);
	f = fopen(path, "we");
	if (!f)
		goto fail;
	fprintf(f, "%" PRIu64 "\n", cgroup_id);
	if (fclose(f))
		goto fail;
	return;
fail:
	fprintf(stderr, "%s: oci-hook: warning: cannot keep %s/%s: %m (poststop will not detach; the kernel lifts the attachment when the cgroup is removed)\n",
		PROG, OCI_RECORD_DIR, id);
}

static int hook_attach(const char *id, long pid, const char *profile,
		       const char *label_s, const char *mode)
{
	struct label label, *lp = NULL;
	char dir[PATH_MAX], msg[256];
	struct same_attach sa;
	uint32_t flags = 0;
	struct ipc *ipc;
	struct stat st;
	int fd, err, ret = 1;

	if (pid <= 0) {
		fprintf(stderr, "%s: oci-hook: the state has no container pid\n",
			PROG);
		return 1;
	}
	if (label_s && label_parse(label_s, &label, msg, sizeof(msg))) {
		fprintf(stderr, "%s: oci-hook: %s=%s: %s\n", PROG, ANN_LABEL,
			label_s, msg);
		return 1;
	}
	if (label_s)
		lp = &label;
	flags |= MOAT_ATTACH_F_ON_EXEC;
	if (mode && !strcmp(mode, "complain")) {
		flags |= MOAT_ATTACH_F_COMPLAIN;
	} else if (mode && strcmp(mode, "enforce")) {
		fprintf(stderr, "%s: oci-hook: %s=%s: the mode is enforce or complain\n",
			PROG, ANN_MODE, mode);
		return 1;
	}
	if (pid_cgroup(pid, dir, sizeof(dir)))
		return 1;
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st)) {
		fprintf(stderr, "%s: oci-hook: %s: %m\n", PROG, dir);
		if (fd >= 0)
			close(fd);
		return 1;
	}
	if (ipc_connect("oci-hook", &ipc)) {
		close(fd);
		return 1;
	}
	err = ipc_attach(ipc, profile, fd, lp, flags);
	if (err == -EEXIST) {
		/* the hook at two stages (prestart and createRuntime): fine */
		sa = (struct same_attach){ .id = st.st_ino, .profile = profile };
		if (!ipc_attachments(ipc, find_same, &sa) && sa.same)
			err = 0;
	}
	if (err) {
		fprintf(stderr, "%s: oci-hook: container %s, cgroup %s, profile %s:\n",
			PROG, id, dir, profile);
		report_error("oci-hook", ipc, err);
	} else {
		printf("attached %s to %s (container %s)\n", profile, dir, id);
		record(id, st.st_ino);
		ret = 0;
	}
	ipc_close(ipc);
	close(fd);
	return ret;
}

static int hook_detach(const char *id, long pid)
{
	char path[PATH_MAX], dir[PATH_MAX];
	uint64_t cgroup_id = 0;
	struct ipc *ipc;
	bool have = false;
	int fd = -1, err;
	FILE *f;

	snprintf(path, sizeof(path), OCI_RECORD_DIR "/%s", id);
	f = fopen(path, "re");
	if (f) {
		have = fscanf(f, "%" SCNu64, &cgroup_id) == 1;
		fclose(f);
	}
	if (!have && pid > 0) {
		/* no record: the process's cgroup, if it is still there */
		char proc[64];

		snprintf(proc, sizeof(proc), "/proc/%ld", pid);
		if (!access(proc, F_OK) && !pid_cgroup(pid, dir, sizeof(dir)))
			fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	}
	if (!have && fd < 0) {
		unlink(path);
		return 0;	/* nothing known: the kernel prunes removed cgroups */
	}
	if (ipc_connect("oci-hook", &ipc)) {
		if (fd >= 0)
			close(fd);
		return 1;
	}
	err = have ? ipc_detach_id(ipc, cgroup_id) : ipc_detach_fd(ipc, fd);
	if (err == -ENOENT)
		err = 0;	/* detached already, or pruned with its cgroup */
	if (err)
		report_error("oci-hook", ipc, err);
	else
		unlink(path);
	ipc_close(ipc);
	if (fd >= 0)
		close(fd);
	return err ? 1 : 0;
}

int cmd_oci_hook(int argc, char **argv)
{
	struct json_object *state, *ann = NULL, *v;
	enum json_tokener_error jerr;
	const char *status, *id, *profile;
	size_t len;
	long pid = 0;
	char *buf;
	int ret;

	if (argc == 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		help_of("oci-hook");
		return 0;
	}
	if (argc != 1) {
		usage_of("oci-hook");
		return 1;
	}
	buf = read_stdin(&len);
	if (!buf)
		return 1;
	if (!len) {
		fprintf(stderr, "%s: oci-hook: no container state on stdin (the OCI runtime passes it)\n",
			PROG);
		free(buf);
		return 1;
	}
	state = json_tokener_parse_verbose(buf, &jerr);
	free(buf);
	if (!state) {
		fprintf(stderr, "%s: oci-hook: the container state on stdin is not JSON: %s\n",
			PROG, json_tokener_error_desc(jerr));
		return 1;
	}
	if (!json_object_is_type(state, json_type_object)) {
		fprintf(stderr, "%s: oci-hook: the container state on stdin is not a JSON object\n",
			PROG);
		json_object_put(state);
		return 1;
	}
	if (json_object_object_get_ex(state, "annotations", &ann) &&
	    !json_object_is_type(ann, json_type_object)) {
		fprintf(stderr, "%s: oci-hook: the state's annotations are not an object\n",
			PROG);
		json_object_put(state);
		return 1;
	}
	profile = get_string(ann, ANN_PROFILE);
	if (!profile) {
		json_object_put(state);
		return 0;	/* not for moat */
	}
	status = get_string(state, "status");
	id = get_string(state, "id");
	if (json_object_object_get_ex(state, "pid", &v)) {
		if (!json_object_is_type(v, json_type_int)) {
			fprintf(stderr, "%s: oci-hook: the state's pid is not a number\n",
				PROG);
			json_object_put(state);
			return 1;
		}
		pid = (long)json_object_get_int64(v);
	}
	ret = 1;
	if (!id_ok(id)) {
		fprintf(stderr, "%s: oci-hook: the state's id \"%s\" is not a container id\n",
			PROG, id ? id : "");
	} else if (!status) {
		fprintf(stderr, "%s: oci-hook: the state has no status\n", PROG);
	} else if (!strcmp(status, "creating") || !strcmp(status, "created")) {
		ret = hook_attach(id, pid, profile, get_string(ann, ANN_LABEL),
				  get_string(ann, ANN_MODE));
	} else if (!strcmp(status, "stopped")) {
		ret = hook_detach(id, pid);
	} else {
		fprintf(stderr, "%s: oci-hook: container %s is %s: moat attaches at createRuntime or prestart, before the container's process runs, and detaches at poststop\n",
			PROG, id, status);
	}
	json_object_put(state);
	return ret;
}
