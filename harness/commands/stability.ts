// Repeats the suite and lists every scenario that ever failed: a feature that passes 9 times in
// 10 is broken. Each run is a fresh process (cucumber loads step definitions once per process).
import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { INTERRUPTED, runChild } from './child-run.js';
import { CpuLoad } from './load.js';
import type { RunOptions } from './run.js';
import type { ScenarioResult } from '../results.js';

export async function runStability(options: RunOptions, runs: number, args: string[], loadCpus = 0): Promise<number> {
  const load = loadCpus > 0 ? new CpuLoad(loadCpus) : null;
  load?.start();
  try {
    return await repeat(options, runs, args, load);
  } finally {
    await load?.stop();
  }
}

async function repeat(options: RunOptions, runs: number, args: string[], load: CpuLoad | null): Promise<number> {
  const base = resolve(options.reportDir ?? join('reports', 'stability'));
  const passThrough = stripFlags(args, ['--runs', '--report-dir', '--load']);
  const beside = load ? `, beside stress-ng --cpu ${load.cpus}` : '';
  const failures = new Map<string, string[]>();
  const times: number[] = [];
  let scenarios = 0;
  for (let i = 1; i <= runs; i++) {
    const reportDir = join(base, `run-${i}`);
    mkdirSync(reportDir, { recursive: true });
    const status = await runChild([...passThrough, '--report-dir', reportDir], ['ignore', 'ignore', 'inherit']);
    if (load?.interrupted) return INTERRUPTED;
    if (status === 2 || status === INTERRUPTED) return status;
    const { results, seconds } = JSON.parse(readFileSync(join(reportDir, 'results.json'), 'utf8')) as { results: ScenarioResult[]; seconds: number };
    scenarios = results.length;
    times.push(seconds);
    const bad = results.filter((r) => r.outcome === 'failed' || r.outcome === 'unexpected-pass');
    for (const r of bad) failures.set(r.key, [...(failures.get(r.key) ?? []), `run ${i}: ${r.message.split('\n')[0]}`]);
    process.stdout.write(`run ${i}/${runs}: ${bad.length === 0 ? 'green' : `${bad.length} failed`} (${results.length} scenarios, ${seconds.toFixed(1)} s)\n`);
  }
  const sorted = [...times].sort((a, b) => a - b);
  process.stdout.write(`\nstability: ${runs} runs of ${scenarios} scenarios${beside}; run time min ${sorted[0].toFixed(1)} s, median ${sorted[Math.floor(sorted.length / 2)].toFixed(1)} s, max ${sorted.at(-1)!.toFixed(1)} s\n`);
  if (failures.size === 0) {
    process.stdout.write(`every scenario passed in all ${runs} runs\n`);
    return 0;
  }
  process.stdout.write(`scenarios that failed at least once:\n`);
  for (const [key, list] of failures) {
    process.stdout.write(`  ${list.length}/${runs} ${key}\n${list.map((l) => `      ${l}`).join('\n')}\n`);
  }
  return 1;
}

function stripFlags(args: string[], flags: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const [name] = args[i].split('=');
    if (flags.includes(name)) {
      if (!args[i].includes('=')) i++;
      continue;
    }
    out.push(args[i]);
  }
  return out;
}

