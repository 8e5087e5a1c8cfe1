// Whether a process group holds an inotify watch on a directory: the observable sign that a
// program is waiting for a file to appear there (fsnotify in Go, fs.watch in Node both use it).
import { readdirSync, readFileSync, readlinkSync, statSync } from 'node:fs';

function groupMembers(pgid: number): number[] {
  const members: number[] = [];
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) === pgid) members.push(pid);
    } catch {
      // gone
    }
  }
  return members;
}

export function groupWatchesDirectory(pgid: number, dir: string): boolean {
  let inode: string;
  try {
    inode = statSync(dir).ino.toString(16);
  } catch {
    return false;
  }
  for (const pid of groupMembers(pgid)) {
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        if (readlinkSync(`/proc/${pid}/fd/${fd}`) !== 'anon_inode:inotify') continue;
        const info = readFileSync(`/proc/${pid}/fdinfo/${fd}`, 'latin1');
        if (new RegExp(`\\bino:${inode}\\b`).test(info)) return true;
      } catch {
        // closed meanwhile
      }
    }
  }
  return false;
}
