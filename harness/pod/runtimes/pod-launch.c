/*
 * pod-launch: starts one container's first process the way a container runtime does, with no
 * daemon: PID 1 of a new PID namespace, in its own mount (private, its own /proc), UTS and IPC
 * namespaces, sharing the host's network (loopback stays reachable).
 *
 *   pod-launch [--hostname NAME] [--join PID] [--hold] -- PROGRAM [ARG...]
 *   pod-launch [--hostname NAME] --pause       the pod's sandbox: a PID 1 that only reaps
 *   pod-launch --check                         can this machine do it? (exit 0, or 1 and why)
 *
 * --hold keeps the container's first process, already PID 1 of its namespace, from starting its
 * program until a byte arrives on file descriptor 4 (a container created but not started yet).
 *
 * --join PID enters the PID namespace of PID (a pod sharing its process namespace: PROGRAM is
 * then an ordinary process below the sandbox's PID 1) instead of making a new one.
 *
 * The first line on file descriptor 3 (when open) is the container's first process's host pid,
 * which the kubelet of the harness signals directly, as runc does. pod-launch itself ignores
 * the usual termination signals, waits for that process and exits exactly as it did: the same
 * code, or killed by the same signal. If pod-launch is killed, the kernel kills the process it
 * started (PR_SET_PDEATHSIG), and with it the namespace.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define REPORT_FD 3
#define HOLD_FD 4

static void fail(const char *what) {
	fprintf(stderr, "pod-launch: %s: %s\n", what, strerror(errno));
	_exit(1);
}

/* In the new process, before its program starts: the container's own mounts and names. */
static void enter_container(const char *hostname) {
	if (unshare(CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC) != 0) fail("unshare mount, UTS and IPC namespaces");
	/* Private propagation: nothing mounted here reaches the host, and it all goes with the namespace. */
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0) fail("make / private");
	if (mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) != 0) fail("mount /proc");
	if (hostname && sethostname(hostname, strlen(hostname)) != 0) fail("set the hostname");
}

static void reap(int sig) {
	(void)sig;
	int saved = errno;
	while (waitpid(-1, NULL, WNOHANG) > 0) {
	}
	errno = saved;
}

/* The sandbox's PID 1: reaps whatever is re-parented to it, until it is killed. */
static void run_pause(void) {
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = reap;
	sa.sa_flags = SA_RESTART | SA_NOCLDSTOP;
	sigaction(SIGCHLD, &sa, NULL);
	for (;;) pause();
}

static int check(void) {
	if (unshare(CLONE_NEWPID) != 0) fail("cannot create a PID namespace");
	pid_t pid = fork();
	if (pid < 0) fail("fork");
	if (pid == 0) {
		enter_container(NULL);
		_exit(getpid() == 1 ? 0 : 3);
	}
	int status;
	if (waitpid(pid, &status, 0) < 0) fail("wait");
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return 0;
	fprintf(stderr, "pod-launch: a process in a new PID namespace could not set up its container\n");
	return 1;
}

int main(int argc, char **argv) {
	const char *hostname = NULL;
	const char *join = NULL;
	int pause_mode = 0;
	int hold = 0;
	int i = 1;
	for (; i < argc; i++) {
		if (strcmp(argv[i], "--check") == 0) return check();
		if (strcmp(argv[i], "--pause") == 0) pause_mode = 1;
		else if (strcmp(argv[i], "--hold") == 0) hold = 1;
		else if (strcmp(argv[i], "--hostname") == 0 && i + 1 < argc) hostname = argv[++i];
		else if (strcmp(argv[i], "--join") == 0 && i + 1 < argc) join = argv[++i];
		else if (strcmp(argv[i], "--") == 0) { i++; break; }
		else { fprintf(stderr, "pod-launch: unknown argument %s\n", argv[i]); return 2; }
	}
	if (!pause_mode && i >= argc) { fprintf(stderr, "pod-launch: no program given\n"); return 2; }

	if (join) {
		char path[64];
		snprintf(path, sizeof path, "/proc/%s/ns/pid", join);
		int fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0) fail("open the shared PID namespace");
		if (setns(fd, CLONE_NEWPID) != 0) fail("join the shared PID namespace");
		close(fd);
	} else if (unshare(CLONE_NEWPID) != 0) {
		fail("create a PID namespace");
	}

	pid_t child = fork();
	if (child < 0) fail("fork");
	if (child == 0) {
		/* Our own death must take the container with it (and a PID 1 takes its namespace). */
		if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0) fail("set the parent-death signal");
		close(REPORT_FD);
		enter_container(hostname);
		if (pause_mode) run_pause();
		if (hold) {
			char go;
			if (read(HOLD_FD, &go, 1) != 1) _exit(125); /* nobody will start it */
			close(HOLD_FD);
		}
		execvp(argv[i], &argv[i]);
		fprintf(stderr, "pod-launch: cannot run %s: %s\n", argv[i], strerror(errno));
		_exit(127);
	}

	if (hold) close(HOLD_FD);

	/* Only now: ignored dispositions would be inherited by the container's program. */
	signal(SIGINT, SIG_IGN);
	signal(SIGTERM, SIG_IGN);
	signal(SIGHUP, SIG_IGN);
	signal(SIGQUIT, SIG_IGN);

	char line[32];
	int n = snprintf(line, sizeof line, "%d\n", (int)child);
	if (write(REPORT_FD, line, (size_t)n) == n) close(REPORT_FD);

	int status;
	while (waitpid(child, &status, 0) < 0) {
		if (errno != EINTR) fail("wait for the container's first process");
	}
	if (WIFEXITED(status)) return WEXITSTATUS(status);
	int sig = WTERMSIG(status);
	/* Die of the same signal, without a core file and whatever we had ignored. */
	struct rlimit none = {0, 0};
	setrlimit(RLIMIT_CORE, &none);
	signal(sig, SIG_DFL);
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, sig);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	kill(getpid(), sig);
	return 128 + sig;
}
