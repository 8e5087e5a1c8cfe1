// strace's output as records: what a process executed, which processes it started, the signals
// it sent and received, and how it ended. The format read is that of
// `strace -f -ttt -s N --pidns-translation -e trace=<process and kill syscalls> -e signal=all`:
//   7635  1796174038.965488 execve("/bin/bash", ["/bin/bash", "-c", "..."], 0x.. /* 48 vars */) = 0
//   7602  1796174038.950207 clone(child_stack=NULL, flags=...|SIGCHLD, ...) = 24 /* 7635 in strace's PID NS */
//   7602  1796174039.846941 kill(24 /* 7635 in strace's PID NS */, SIGINT) = 0
//   7635  1796174039.856671 --- SIGINT {si_signo=SIGINT, si_code=SI_USER, si_pid=12 /* 7602 in strace's PID NS */, ...} ---
//   7635  1796174039.857307 +++ killed by SIGTERM +++
// Pids are the host's (strace's namespace); a pid inside the container is followed by its host
// pid in a comment, which is the one kept. A call interrupted by another process's line is
// printed in two parts (`<unfinished ...>`, then `<... clone resumed>`): `TraceParser` joins them.

export type TraceRecord =
  | { type: 'exec'; pid: number; atMs: number; argv: string[] }
  /** A new process (`thread`: a thread of `pid`'s own). */
  | { type: 'spawn'; pid: number; atMs: number; child: number; thread: boolean }
  /** A kill(2) family call that succeeded: `target` is a host pid (negative: a process group). */
  | { type: 'kill'; pid: number; atMs: number; target: number; signal: string }
  /** A signal delivered: `sender` is the sender's host pid, 0 when it is outside the namespace, null when the kernel sent it. */
  | { type: 'signal'; pid: number; atMs: number; signal: string; sender: number | null }
  | { type: 'exit'; pid: number; atMs: number; code: number | null; signal: string | null };

const HEAD = /^(\d+)\s+(\d+)\.(\d{6}) (.*)$/;
/** A pid as strace prints it, with its host pid when the two namespaces differ. */
const PID = String.raw`(-?\d+)(?: \/\* (\d+) in strace's PID NS \*\/)?`;

export class TraceParser {
  private readonly pending = new Map<number, string>();

  /** The record of one line, or null (a line of no interest, or the first half of a call). */
  line(text: string): TraceRecord | null {
    const head = HEAD.exec(text);
    if (!head) return null;
    const pid = Number(head[1]);
    // Whole microseconds, then one division: the nearest double to the printed time in ms.
    const atMs = Number(`${head[2]}${head[3]}`) / 1000;
    let body = head[4];
    if (body.endsWith('<unfinished ...>')) {
      this.pending.set(pid, body.slice(0, -'<unfinished ...>'.length));
      return null;
    }
    const resumed = /^<\.\.\. \w+ resumed>(.*)$/.exec(body);
    if (resumed) {
      body = (this.pending.get(pid) ?? '') + resumed[1];
      this.pending.delete(pid);
    }
    return parseBody(pid, atMs, body);
  }
}

function hostPid(inner: string, host: string | undefined): number {
  const value = Number(host ?? inner.replace('-', ''));
  return inner.startsWith('-') ? -value : value;
}

function parseBody(pid: number, atMs: number, body: string): TraceRecord | null {
  let m: RegExpExecArray | null;
  if ((m = /^\+\+\+ exited with (\d+) \+\+\+$/.exec(body))) return { type: 'exit', pid, atMs, code: Number(m[1]), signal: null };
  if ((m = /^\+\+\+ killed by (SIG\w+)(?: \(core dumped\))? \+\+\+$/.exec(body))) return { type: 'exit', pid, atMs, code: null, signal: m[1] };
  if ((m = /^--- (SIG\w+) \{(.*)\} ---$/.exec(body))) {
    const fields = m[2];
    const sender = new RegExp(`si_pid=${PID}`).exec(fields);
    const fromUser = /si_code=SI_(USER|TKILL|QUEUE)/.test(fields);
    return { type: 'signal', pid, atMs, signal: m[1], sender: fromUser && sender ? hostPid(sender[1], sender[2]) : null };
  }
  if ((m = /^execve\((.*)\) = 0$/.exec(body))) {
    const argv = /^"(?:[^"\\]|\\.)*"(?:\.\.\.)?, \[(.*)\], 0x[0-9a-f]+/.exec(m[1]);
    return argv ? { type: 'exec', pid, atMs, argv: parseStrings(argv[1]) } : null;
  }
  if ((m = new RegExp(`^(clone3?|fork|vfork)\\((.*)\\) = ${PID}$`).exec(body))) {
    return { type: 'spawn', pid, atMs, child: hostPid(m[3], m[4]), thread: m[2].includes('CLONE_THREAD') };
  }
  if ((m = new RegExp(`^(kill|tkill)\\(${PID}, (SIG\\w+)\\) = 0$`).exec(body))) return { type: 'kill', pid, atMs, target: hostPid(m[2], m[3]), signal: m[4] };
  if ((m = new RegExp(`^tgkill\\(${PID}, ${PID}, (SIG\\w+)\\) = 0$`).exec(body))) return { type: 'kill', pid, atMs, target: hostPid(m[3], m[4]), signal: m[5] };
  return null;
}

/** strace's list of C strings: `"a", "b\n", "c"...` (a cut string ends in `...`). */
export function parseStrings(list: string): string[] {
  const out: string[] = [];
  const item = /"((?:[^"\\]|\\.)*)"(\.\.\.)?/g;
  let m: RegExpExecArray | null;
  while ((m = item.exec(list))) out.push(cUnescape(m[1]) + (m[2] ? '…' : ''));
  return out;
}

function cUnescape(text: string): string {
  return text.replace(/\\(x[0-9a-f]{2}|[0-7]{1,3}|.)/g, (_, c: string) => {
    if (c[0] === 'x') return String.fromCharCode(Number.parseInt(c.slice(1), 16));
    if (/^[0-7]+$/.test(c)) return String.fromCharCode(Number.parseInt(c, 8));
    return { n: '\n', t: '\t', r: '\r', v: '\v', f: '\f' }[c] ?? c;
  });
}
