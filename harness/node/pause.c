/*
 * The pod sandbox's first process, built statically into the node's image (no registry here to
 * pull registry.k8s.io/pause from). Like Kubernetes' pause it holds the pod's namespaces, reaps
 * whatever is re-parented to it (it is PID 1 of a shared process namespace) and ends on SIGINT
 * or SIGTERM, which the runtime sends when it stops the sandbox.
 */
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static void leave(int sig) { (void)sig; _exit(0); }

static void reap(int sig) {
  (void)sig;
  while (waitpid(-1, NULL, WNOHANG) > 0) {
  }
}

int main(void) {
  struct sigaction end = {.sa_handler = leave};
  struct sigaction child = {.sa_handler = reap, .sa_flags = SA_NOCLDSTOP | SA_RESTART};
  sigaction(SIGINT, &end, NULL);
  sigaction(SIGTERM, &end, NULL);
  sigaction(SIGCHLD, &child, NULL);
  for (;;) pause();
}
