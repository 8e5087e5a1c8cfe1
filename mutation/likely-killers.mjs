// Which scenarios are likely to kill a mutant: those that killed other mutants of the same file,
// most kills first (and, among those, nearest the mutant's line). A mutant of a file first meets
// a few of them; most mutants die there, and the rest of the scenarios that reach it run only
// when it survived them. Without this a killed mutant cost most of its scenarios: the harness runs
// them in file order and the killer is often late (a finished.ts mutant: ~50 s instead of ~10).
import { existsSync, readFileSync } from 'node:fs';

export class LikelyKillers {
  constructor() {
    /** file -> [{key, line}] per kill */
    this.kills = new Map();
  }

  /** Seeds the history with the kills a committed incremental file remembers. */
  static fromIncremental(path) {
    const history = new LikelyKillers();
    if (!path || !existsSync(path)) return history;
    let report;
    try {
      report = JSON.parse(readFileSync(path, 'utf8'));
    } catch {
      return history;
    }
    const nameOf = new Map(Object.values(report.testFiles ?? {}).flatMap((f) => f.tests.map((t) => [t.id, t.name])));
    for (const [file, { mutants }] of Object.entries(report.files ?? {})) {
      for (const m of mutants) {
        if (m.status !== 'Killed' || !m.killedBy) continue;
        history.record(file, m.location.start.line, m.killedBy.map((id) => nameOf.get(id) ?? id));
      }
    }
    return history;
  }

  record(file, line, keys) {
    const list = this.kills.get(file) ?? [];
    for (const key of keys) list.push({ key, line });
    this.kills.set(file, list);
  }

  /**
   * `candidates` with the scenarios that killed most mutants of any file first: the harness hands
   * scenarios to its workers in the order of its paths, so a killer there ends the round early.
   */
  rank(candidates) {
    const total = new Map();
    for (const kills of this.kills.values()) for (const { key } of kills) total.set(key, (total.get(key) ?? 0) + 1);
    return [...candidates].sort((a, b) => (total.get(b) ?? 0) - (total.get(a) ?? 0));
  }

  /** Up to `n` of `candidates` (scenario keys) ranked by their kills in `file`, near `line` first. */
  pick(file, line, candidates, n) {
    const allowed = new Set(candidates);
    const score = new Map();
    for (const kill of this.kills.get(file) ?? []) {
      if (!allowed.has(kill.key)) continue;
      // A kill close by counts for more: mutants of one function tend to die by the same scenario.
      score.set(kill.key, (score.get(kill.key) ?? 0) + 1 + 4 / (1 + Math.abs(kill.line - line)));
    }
    return [...score].sort((a, b) => b[1] - a[1]).slice(0, n).map(([key]) => key);
  }
}
