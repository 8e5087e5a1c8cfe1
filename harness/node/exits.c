/*
 * Prints every process exit and exec on the machine, in the kernel's order, from the proc
 * connector (netlink, needs root): "exit <tid> <tgid> <CLOCK_MONOTONIC ns>" and "exec <tid>
 * <tgid> <ns>". The order of exits is what tells, in a container, whether a process died with
 * its container's first process (the kernel ends a PID namespace inside PID 1's exit, before it)
 * or after it (killed by the runtime once it noticed): no poller can tell two deaths a few
 * milliseconds apart. An exec says when a process's command line changes: a process first seen
 * between its fork and its exec still shows its parent's.
 */
#include <errno.h>
#include <linux/cn_proc.h>
#include <linux/connector.h>
#include <linux/netlink.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(void) {
  int s = socket(PF_NETLINK, SOCK_DGRAM, NETLINK_CONNECTOR);
  if (s < 0) { perror("exits: socket"); return 1; }
  struct sockaddr_nl sa = {.nl_family = AF_NETLINK, .nl_groups = CN_IDX_PROC, .nl_pid = (unsigned)getpid()};
  if (bind(s, (struct sockaddr *)&sa, sizeof sa) < 0) { perror("exits: bind"); return 1; }
  int size = 8 << 20;
  setsockopt(s, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof size);
  struct __attribute__((packed)) {
    struct nlmsghdr nl;
    struct cn_msg cn;
    enum proc_cn_mcast_op op;
  } msg;
  memset(&msg, 0, sizeof msg);
  msg.nl.nlmsg_len = sizeof msg;
  msg.nl.nlmsg_type = NLMSG_DONE;
  msg.nl.nlmsg_pid = (unsigned)getpid();
  msg.cn.id.idx = CN_IDX_PROC;
  msg.cn.id.val = CN_VAL_PROC;
  msg.cn.len = sizeof(enum proc_cn_mcast_op);
  msg.op = PROC_CN_MCAST_LISTEN;
  if (send(s, &msg, sizeof msg, 0) < 0) { perror("exits: subscribe"); return 1; }
  printf("ready\n");
  fflush(stdout);
  char buf[65536];
  for (;;) {
    ssize_t n = recv(s, buf, sizeof buf, 0);
    if (n < 0 && errno == ENOBUFS) { printf("overrun\n"); fflush(stdout); continue; }
    if (n <= 0) { perror("exits: recv"); return 1; }
    for (struct nlmsghdr *nh = (struct nlmsghdr *)buf; NLMSG_OK(nh, (size_t)n); nh = NLMSG_NEXT(nh, n)) {
      struct cn_msg *cn = NLMSG_DATA(nh);
      struct proc_event *ev = (struct proc_event *)cn->data;
      if (ev->what == PROC_EVENT_EXIT)
        printf("exit %d %d %llu\n", ev->event_data.exit.process_pid, ev->event_data.exit.process_tgid, (unsigned long long)ev->timestamp_ns);
      else if (ev->what == PROC_EVENT_EXEC)
        printf("exec %d %d %llu\n", ev->event_data.exec.process_pid, ev->event_data.exec.process_tgid, (unsigned long long)ev->timestamp_ns);
    }
    fflush(stdout);
  }
}
