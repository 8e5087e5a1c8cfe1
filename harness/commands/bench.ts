// bench: measures what matters to people running these programs, for each profile side by side,
// and prints a Markdown table (also written with the raw runs as JSON). It reports, it asserts
// nothing.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadProfile } from '../profiles/profile.js';
import { ensureMinio } from '../stores/minio-build.js';
import { benchSidecarUploads } from '../bench/sidecar-upload.js';
import { benchEntrypoint } from '../bench/entrypoint.js';
import { benchPid1Window } from '../bench/pid1-window.js';
import { benchSuite } from '../bench/suite.js';
import { machine, markdown } from '../bench/report.js';
import { UsageError } from '../errors.js';
import { sweep, TAG_VARIABLE } from '../process/tree.js';
import { cleanUpOnInterrupt } from '../process/interrupt.js';
import { takeSlowBootVariables } from '../process/environment.js';
import { prepareProbe } from '../probe/command.js';

export interface BenchOptions {
  profiles: string[];
  repeats: number;
  bigMiB: number;
  outDir: string;
  /** leave out the suite's own rows (a whole run takes about a minute) */
  skipSuite?: boolean;
  /** --parallel of the suite run */
  suiteParallel?: number;
}

export async function runBench(options: BenchOptions): Promise<number> {
  if (!Number.isInteger(options.repeats) || options.repeats < 1) throw new UsageError(`--repeats needs a positive whole number`);
  if (!Number.isInteger(options.bigMiB) || options.bigMiB < 1) throw new UsageError(`--big-mib needs a positive whole number`);
  const suiteParallel = options.suiteParallel ?? 2;
  if (!Number.isInteger(suiteParallel) || suiteParallel < 1) throw new UsageError(`--suite-parallel needs a positive whole number`);
  const profiles = options.profiles.map(loadProfile);
  // Every program the bench starts (MinIO and the programs measured) inherits this tag, so an
  // interrupt can find them wherever they were re-parented.
  const tag = `pc-bench-${process.pid}`;
  process.env[TAG_VARIABLE] = tag;
  cleanUpOnInterrupt('bench', () => sweep((t) => t === tag));
  const log = (line: string): void => void process.stderr.write(`${line}\n`);
  const slowBoot = takeSlowBootVariables();
  for (const name of Object.keys(slowBoot)) log(`bench: running the programs without ${name} (it slows Node's boot; it gets its own row)`);
  const probe = await prepareProbe();
  log(probe.binary ? `bench: the test processes are the compiled probe ${probe.binary}` : `bench: the test processes are the Node probe: ${probe.why}`);
  const rows = [
    ...(await benchEntrypoint(profiles, options.repeats, options.bigMiB * 1024 * 1024, log, slowBoot)),
    ...(await benchPid1Window(profiles, options.repeats, log)),
    ...(await benchSidecarUploads(profiles, await ensureMinio({ log }), options.repeats, options.bigMiB * 1024 * 1024, log)),
  ];
  const suiteProfile = options.profiles.find((p) => p !== 'upstream');
  if (!options.skipSuite && suiteProfile !== undefined) rows.push(...(await benchSuite(suiteProfile, suiteParallel, log)));
  const table = markdown(rows);
  const out = resolve(options.outDir);
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'bench.md'), table);
  writeFileSync(join(out, 'bench.json'), JSON.stringify({ machine: machine(), rows }, null, 2) + '\n');
  process.stdout.write(table);
  return 0;
}
