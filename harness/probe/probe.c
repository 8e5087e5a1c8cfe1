// The probe (the test process of every scenario) as a small static binary: the same flags,
// behaviour and events as probe.ts, which is its specification and the fallback where no C
// compiler is found (harness/probe/command.ts chooses). A Node program costs 60-100 ms of CPU
// to boot, and nearly every scenario starts one or two probes; this one costs about 1 ms.
//
// Like Node, it keeps a handler on each watched signal from its first instant (so that, as PID 1
// of a namespace, signals reach it) and does its work in one loop: a handler only notes the
// signal and its time in a pipe the loop reads. Every descriptor it opens is close-on-exec, so
// a grandchild never holds the harness's connection open after the probe has died.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define LINE_BYTES 64
#define LINES_PER_CHUNK 1024
#define MAX_ITEMS 64

enum reaction_kind { REACT_DEFAULT, REACT_IGNORE, REACT_DIE, REACT_EXIT };
struct reaction {
  enum reaction_kind kind;
  int code;
  long after_ms;
};

static const char *const signal_names[] = {"SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT", "SIGUSR1", "SIGUSR2"};
static const int signal_numbers[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2};
#define SIGNAL_COUNT 6

struct behaviour {
  const char *socket, *role, *tag;
  int exit_code;
  long run_ms; // -1: forever
  int die_by;  // index into signal_numbers, -1: none
  struct reaction reactions[SIGNAL_COUNT];
  long stdout_bytes, stderr_bytes;
  const char *check_dirs[MAX_ITEMS];
  int check_dir_count;
  const char *file_paths[MAX_ITEMS];
  long file_sizes[MAX_ITEMS];
  int file_count;
  const char *link_paths[MAX_ITEMS], *link_targets[MAX_ITEMS];
  int link_count;
  const char *report_env[MAX_ITEMS];
  int report_env_count;
  int grandchild;
  long grandchild_run_ms;
  int grandchild_ignores, grandchild_quiet;
};

static struct behaviour b = {.role = "test", .tag = "", .run_ms = 0, .die_by = -1};
static int wake[2] = {-1, -1};
static int harness = -1;
static pid_t grandchild_pid = -1;
static int ending = 0;

// What a handler hands the loop: the signal and when it arrived.
struct noted {
  int index;
  uint64_t t;
};

static uint64_t now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void fail(int code, const char *format, ...) {
  char text[512];
  va_list args;
  va_start(args, format);
  vsnprintf(text, sizeof text, format, args);
  va_end(args);
  dprintf(2, "probe: %s\n", text);
  exit(code);
}

static void on_signal(int signo) {
  int saved = errno;
  for (int i = 0; i < SIGNAL_COUNT; i++) {
    if (signal_numbers[i] != signo) continue;
    struct noted n = {i, now_ns()};
    if (write(wake[1], &n, sizeof n) < 0) {
      // the pipe is full: the loop is far behind, and this signal goes unreported
    }
  }
  errno = saved;
}

static void on_child(int signo) {
  (void)signo;
  int saved = errno;
  // Only our own child: an orphan adopted by a probe that is PID 1 stays a zombie, as with Node.
  if (grandchild_pid > 0) waitpid(grandchild_pid, NULL, WNOHANG);
  errno = saved;
}

// ---- flags (the same as behaviour.ts encodes) ----

static long to_int(const char *text, const char *flag) {
  const char *p = text;
  if (*p == '-') p++;
  if (!*p) fail(64, "%s needs an integer, got \"%s\"", flag, text);
  for (; *p; p++)
    if (*p < '0' || *p > '9') fail(64, "%s needs an integer, got \"%s\"", flag, text);
  return strtol(text, NULL, 10);
}

static int to_signal(const char *text) {
  for (int i = 0; i < SIGNAL_COUNT; i++)
    if (strcmp(text, signal_names[i]) == 0) return i;
  fail(64, "unsupported signal \"%s\"", text);
  return -1;
}

static long run_value(const char *text, const char *flag) {
  return strcmp(text, "forever") == 0 ? -1 : to_int(text, flag);
}

static struct reaction to_reaction(const char *text) {
  struct reaction r = {REACT_IGNORE, 0, 0};
  if (strcmp(text, "ignore") == 0) return r;
  if (strcmp(text, "die") == 0) return (struct reaction){REACT_DIE, 0, 0};
  char code[32], after[32], tail;
  if (sscanf(text, "exit:%31[-0-9]:%31[0-9]%c", code, after, &tail) == 2) {
    r.kind = REACT_EXIT;
    r.code = (int)to_int(code, "--on");
    r.after_ms = to_int(after, "--on");
    return r;
  }
  fail(64, "bad signal reaction \"%s\"", text);
  return r;
}

static void add(const char **list, int *count, const char *value, const char *flag) {
  if (*count == MAX_ITEMS) fail(64, "too many %s flags (at most %d)", flag, MAX_ITEMS);
  list[(*count)++] = value;
}

static void parse(int argc, char **argv) {
  for (int i = 1; i < argc; i += 2) {
    const char *flag = argv[i];
    if (i + 1 >= argc) fail(64, "%s needs a value", flag);
    char *value = argv[i + 1];
    if (strcmp(flag, "--socket") == 0) b.socket = value;
    else if (strcmp(flag, "--role") == 0) b.role = value;
    else if (strcmp(flag, "--tag") == 0) b.tag = value;
    else if (strcmp(flag, "--exit") == 0) b.exit_code = (int)to_int(value, flag);
    else if (strcmp(flag, "--run") == 0) b.run_ms = run_value(value, flag);
    else if (strcmp(flag, "--die-by") == 0) b.die_by = to_signal(value);
    else if (strcmp(flag, "--on") == 0) {
      char *equals = strchr(value, '=');
      if (equals) *equals = '\0';
      int index = to_signal(value);
      b.reactions[index] = to_reaction(equals ? equals + 1 : "");
    } else if (strcmp(flag, "--stdout-bytes") == 0) b.stdout_bytes = to_int(value, flag);
    else if (strcmp(flag, "--stderr-bytes") == 0) b.stderr_bytes = to_int(value, flag);
    else if (strcmp(flag, "--check-dir") == 0) add(b.check_dirs, &b.check_dir_count, value, flag);
    else if (strcmp(flag, "--write-file") == 0) {
      char *colon = strchr(value, ':');
      if (!colon) fail(64, "%s needs SIZE:PATH, got \"%s\"", flag, value);
      *colon = '\0';
      if (b.file_count == MAX_ITEMS) fail(64, "too many %s flags (at most %d)", flag, MAX_ITEMS);
      b.file_sizes[b.file_count] = to_int(value, flag);
      b.file_paths[b.file_count++] = colon + 1;
    } else if (strcmp(flag, "--link") == 0) {
      char *equals = strchr(value, '=');
      if (!equals) fail(64, "%s needs PATH=TARGET, got \"%s\"", flag, value);
      *equals = '\0';
      if (b.link_count == MAX_ITEMS) fail(64, "too many %s flags (at most %d)", flag, MAX_ITEMS);
      b.link_paths[b.link_count] = value;
      b.link_targets[b.link_count++] = equals + 1;
    } else if (strcmp(flag, "--report-env") == 0) add(b.report_env, &b.report_env_count, value, flag);
    else if (strcmp(flag, "--grandchild") == 0) {
      // RUN:ignore|die[:quiet]
      char *mode = strchr(value, ':');
      char *output = mode ? strchr(mode + 1, ':') : NULL;
      if (mode) *mode++ = '\0';
      if (output) *output++ = '\0';
      b.grandchild = 1;
      b.grandchild_run_ms = run_value(value, flag);
      b.grandchild_ignores = mode && strcmp(mode, "ignore") == 0;
      b.grandchild_quiet = output && strcmp(output, "quiet") == 0;
    } else fail(64, "unknown probe flag %s", flag);
  }
  if (!b.socket || !*b.socket) fail(64, "--socket is required");
}

// ---- reports to the harness: one JSON object per line ----

struct text {
  char *data;
  size_t length, capacity;
};

static void put(struct text *t, const char *s, size_t n) {
  if (t->length + n + 1 > t->capacity) {
    t->capacity = (t->length + n + 1) * 2;
    t->data = realloc(t->data, t->capacity);
    if (!t->data) fail(1, "out of memory");
  }
  memcpy(t->data + t->length, s, n);
  t->length += n;
  t->data[t->length] = '\0';
}

static void puts_(struct text *t, const char *s) { put(t, s, strlen(s)); }

static void putf(struct text *t, const char *format, ...) {
  char buffer[128];
  va_list args;
  va_start(args, format);
  int n = vsnprintf(buffer, sizeof buffer, format, args);
  va_end(args);
  put(t, buffer, (size_t)n);
}

/** A JSON string, escaped as JSON.stringify does (UTF-8 passes through). */
static void put_json(struct text *t, const char *s) {
  puts_(t, "\"");
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    switch (*p) {
      case '"': puts_(t, "\\\""); break;
      case '\\': puts_(t, "\\\\"); break;
      case '\b': puts_(t, "\\b"); break;
      case '\f': puts_(t, "\\f"); break;
      case '\n': puts_(t, "\\n"); break;
      case '\r': puts_(t, "\\r"); break;
      case '\t': puts_(t, "\\t"); break;
      default:
        if (*p < 0x20) putf(t, "\\u%04x", *p);
        else put(t, (const char *)p, 1);
    }
  }
  puts_(t, "\"");
}

static int write_all(int fd, const char *data, size_t length) {
  while (length > 0) {
    ssize_t n = write(fd, data, length);
    if (n < 0) {
      if (errno == EINTR) continue;
      return -1;
    }
    data += n;
    length -= (size_t)n;
  }
  return 0;
}

/** Sends one event; the write is done when this returns (what Node's flush waited for). */
static void report(struct text *event) {
  puts_(event, "}\n");
  // A harness that went away must not keep the probe from doing what it was told.
  if (harness >= 0 && write_all(harness, event->data, event->length) < 0) {
    close(harness);
    harness = -1;
  }
  free(event->data);
}

static void connect_harness(void) {
  struct sockaddr_un address = {.sun_family = AF_UNIX};
  if (strlen(b.socket) >= sizeof address.sun_path) return;
  strcpy(address.sun_path, b.socket);
  harness = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (harness >= 0 && connect(harness, (struct sockaddr *)&address, sizeof address) < 0) {
    close(harness);
    harness = -1;
  }
}

static void report_ready(void) {
  struct text e = {0};
  puts_(&e, "{\"event\":\"ready\",\"role\":");
  put_json(&e, b.role);
  puts_(&e, ",\"tag\":");
  put_json(&e, b.tag);
  putf(&e, ",\"pid\":%d,\"ppid\":%d,\"t\":\"%llu\",\"stdin\":", (int)getpid(), (int)getppid(), (unsigned long long)now_ns());
  char target[PATH_MAX];
  ssize_t n = readlink("/proc/self/fd/0", target, sizeof target - 1);
  if (n < 0) put_json(&e, "closed");
  else {
    target[n] = '\0';
    put_json(&e, target);
  }
  puts_(&e, ",\"cwd\":");
  char cwd[PATH_MAX];
  put_json(&e, getcwd(cwd, sizeof cwd) ? cwd : "");
  puts_(&e, ",\"dirs\":{");
  for (int i = 0; i < b.check_dir_count; i++) {
    struct stat st;
    if (i) puts_(&e, ",");
    put_json(&e, b.check_dirs[i]);
    puts_(&e, stat(b.check_dirs[i], &st) == 0 && S_ISDIR(st.st_mode) ? ":true" : ":false");
  }
  puts_(&e, "},\"env\":{");
  for (int i = 0; i < b.report_env_count; i++) {
    const char *value = getenv(b.report_env[i]);
    if (i) puts_(&e, ",");
    put_json(&e, b.report_env[i]);
    puts_(&e, ":");
    if (value) put_json(&e, value);
    else puts_(&e, "null");
  }
  puts_(&e, "}");
  report(&e);
}

static void report_signal(const struct noted *n) {
  struct text e = {0};
  putf(&e, "{\"event\":\"signal\",\"signal\":\"%s\",\"t\":\"%llu\"", signal_names[n->index], (unsigned long long)n->t);
  report(&e);
}

// ---- what the probe does ----

static void finish(int code) {
  struct text e = {0};
  putf(&e, "{\"event\":\"exiting\",\"code\":%d,\"t\":\"%llu\"", code, (unsigned long long)now_ns());
  report(&e);
  exit(code);
}

/** Death by `index`'s signal with its default action (which the kernel drops for a PID 1: then it lives on, as Node's probe does). */
static void die_by(int index) {
  signal(signal_numbers[index], SIG_DFL);
  kill(getpid(), signal_numbers[index]);
}

/** "$SHARED_DIR/x" writes into whatever directory the program under test gave the test. */
static char *expand(const char *template) {
  static char path[PATH_MAX];
  size_t name_length = 0;
  if (template[0] == '$' && ((template[1] >= 'A' && template[1] <= 'Z') || template[1] == '_')) {
    name_length = 1;
    while ((template[1 + name_length] >= 'A' && template[1 + name_length] <= 'Z') || (template[1 + name_length] >= '0' && template[1 + name_length] <= '9') || template[1 + name_length] == '_') name_length++;
  }
  char name[256];
  const char *value = NULL;
  if (name_length > 0 && name_length < sizeof name) {
    memcpy(name, template + 1, name_length);
    name[name_length] = '\0';
    value = getenv(name);
  }
  if (value) snprintf(path, sizeof path, "%s%s", value, template + 1 + name_length);
  else snprintf(path, sizeof path, "%s", template);
  return path;
}

static void make_parents(const char *path) {
  char dir[PATH_MAX];
  snprintf(dir, sizeof dir, "%s", path);
  for (char *p = dir + 1; *p; p++) {
    if (*p != '/') continue;
    *p = '\0';
    if (mkdir(dir, 0777) < 0 && errno != EEXIST) fail(1, "mkdir %s: %s", dir, strerror(errno));
    *p = '/';
  }
}

static void write_files(void) {
  for (int i = 0; i < b.file_count; i++) {
    const char *path = expand(b.file_paths[i]);
    make_parents(path);
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (fd < 0) fail(1, "open %s: %s", path, strerror(errno));
    char block[65536];
    memset(block, 'a', sizeof block);
    for (long left = b.file_sizes[i]; left > 0; left -= (long)sizeof block) {
      size_t n = left < (long)sizeof block ? (size_t)left : sizeof block;
      if (write_all(fd, block, n) < 0) fail(1, "write %s: %s", path, strerror(errno));
    }
    close(fd);
  }
  for (int i = 0; i < b.link_count; i++) {
    const char *path = expand(b.link_paths[i]);
    if (symlink(b.link_targets[i], path) < 0) fail(1, "symlink %s: %s", path, strerror(errno));
  }
}

static void start_grandchild(const char *self) {
  char run[32];
  if (b.grandchild_run_ms < 0) snprintf(run, sizeof run, "forever");
  else snprintf(run, sizeof run, "%ld", b.grandchild_run_ms);
  const char *argv[12 + 2 * SIGNAL_COUNT + 1];
  int n = 0;
  argv[n++] = self;
  argv[n++] = "--socket", argv[n++] = b.socket;
  argv[n++] = "--role", argv[n++] = "grandchild";
  argv[n++] = "--tag", argv[n++] = b.tag;
  argv[n++] = "--exit", argv[n++] = "0";
  argv[n++] = "--run", argv[n++] = run;
  static char ignores[SIGNAL_COUNT][32];
  for (int i = 0; b.grandchild_ignores && i < SIGNAL_COUNT; i++) {
    snprintf(ignores[i], sizeof ignores[i], "%s=ignore", signal_names[i]);
    argv[n++] = "--on", argv[n++] = ignores[i];
  }
  argv[n] = NULL;
  signal(SIGCHLD, on_child);
  pid_t pid = fork();
  if (pid < 0) fail(1, "fork: %s", strerror(errno));
  if (pid == 0) {
    // Shares stdout and stderr with the probe, as a background job of a test script would,
    // unless it is quiet (a daemon that keeps no output of the test open).
    int null = open("/dev/null", O_RDWR);
    dup2(null, 0);
    if (b.grandchild_quiet) {
      dup2(null, 1);
      dup2(null, 2);
    }
    if (null > 2) close(null);
    for (int i = 0; i < SIGNAL_COUNT; i++) signal(signal_numbers[i], SIG_DFL);
    signal(SIGPIPE, SIG_DFL);
    execv(self, (char *const *)argv);
    _exit(127);
  }
  grandchild_pid = pid;
}

static void write_lines(int fd, const char *stream, long bytes) {
  long lines = (bytes + LINE_BYTES - 1) / LINE_BYTES;
  static char chunk[LINES_PER_CHUNK * LINE_BYTES];
  for (long seq = 0; seq < lines;) {
    size_t length = 0;
    for (int i = 0; i < LINES_PER_CHUNK && seq < lines; i++, seq++) {
      char *line = chunk + length;
      int head = snprintf(line, LINE_BYTES, "probe %s %010ld ", stream, seq);
      memset(line + head, '.', LINE_BYTES - head - 1);
      line[LINE_BYTES - 1] = '\n';
      length += LINE_BYTES;
    }
    if (write_all(fd, chunk, length) < 0) return; // a reader that went away (SIGPIPE is ignored, as in Node)
  }
}

static int64_t deadline_after(long ms) { return (int64_t)now_ns() + (int64_t)ms * 1000000; }

int main(int argc, char **argv) {
  // Signals first: anything that arrives from here on is recorded, none is lost to a default action.
  if (pipe2(wake, O_CLOEXEC) < 0) fail(1, "pipe: %s", strerror(errno));
  struct sigaction action = {.sa_handler = on_signal, .sa_flags = SA_RESTART};
  sigemptyset(&action.sa_mask);
  for (int i = 0; i < SIGNAL_COUNT; i++) sigaction(signal_numbers[i], &action, NULL);
  signal(SIGPIPE, SIG_IGN);
  parse(argc, argv);

  char self[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
  if (n > 0) self[n] = '\0';
  else snprintf(self, sizeof self, "%s", argv[0]);

  connect_harness();
  write_files();
  if (b.grandchild) start_grandchild(self);
  report_ready();
  if (strcmp(b.role, "test") == 0) {
    // One recognisable line on each stream, for the process-log scenarios.
    write_all(1, "probe says hello on stdout\n", 27);
    write_all(2, "probe says hello on stderr\n", 27);
  }
  write_lines(1, "stdout", b.stdout_bytes);
  write_lines(2, "stderr", b.stderr_bytes);

  int64_t run_deadline = b.run_ms < 0 ? -1 : deadline_after(b.run_ms);
  int64_t exit_deadline = -1;
  int exit_code = 0;
  for (;;) {
    int64_t next = -1;
    if (run_deadline >= 0) next = run_deadline;
    if (exit_deadline >= 0 && (next < 0 || exit_deadline < next)) next = exit_deadline;
    int timeout = -1;
    if (next >= 0) {
      int64_t left = next - (int64_t)now_ns();
      timeout = left <= 0 ? 0 : (int)((left + 999999) / 1000000);
    }
    struct pollfd p = {.fd = wake[0], .events = POLLIN};
    int ready = poll(&p, 1, timeout);
    if (ready > 0) {
      struct noted noted;
      if (read(wake[0], &noted, sizeof noted) != sizeof noted) continue;
      report_signal(&noted);
      if (ending) continue;
      struct reaction r = b.reactions[noted.index];
      if (r.kind == REACT_DEFAULT || r.kind == REACT_DIE) {
        ending = 1;
        die_by(noted.index);
      } else if (r.kind == REACT_EXIT) {
        ending = 1;
        exit_code = r.code;
        exit_deadline = deadline_after(r.after_ms);
      }
      continue;
    }
    int64_t t = (int64_t)now_ns();
    if (exit_deadline >= 0 && t >= exit_deadline) finish(exit_code);
    if (run_deadline >= 0 && t >= run_deadline) {
      run_deadline = -1;
      if (ending) continue;
      ending = 1;
      if (b.die_by >= 0) die_by(b.die_by);
      else finish(b.exit_code);
    }
  }
}
