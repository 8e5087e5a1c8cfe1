// podutils-conformance: run the features against an implementation profile.
// Exit status: 0 conforms, 1 does not, 2 unusable input. See the README for the contract.
import { parseArgs } from 'node:util';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { UsageError } from './errors.js';
import { prepare, runSuite, RunResources, type RunOptions } from './commands/run.js';
import { summary } from './reports/summary.js';
import { runStability } from './commands/stability.js';
import { runMatrix } from './commands/matrix.js';
import { runTrace } from './commands/trace.js';
import { runDocs } from './commands/docs.js';
import { buildUpstream } from './upstream/build.js';
import { buildHistory } from './upstream/history.js';
import { runHistory } from './commands/history.js';
import { ensureKubelet, ensureKubernetesCommand, ensurePause } from './node/build.js';
import { ensureMinio } from './stores/minio-build.js';
import { runBench } from './commands/bench.js';
import { runDrillCommand } from './commands/drill.js';
import type { RuntimeChoice } from './pod/runtimes/runtime.js';

/** Every command main() knows, for the message about one it does not. */
const COMMANDS = ['run', 'stability', 'matrix', 'trace', 'docs', 'bench', 'history', 'upstream', 'node', 'drill'];

/**
 * Scenarios mostly wait, so they overlap well; but their timing checks need a processor at the
 * moment a signal lands, so no more scenarios at once than processors (and a few at most).
 */
const DEFAULT_PARALLEL = Math.min(availableParallelism(), 4);

const USAGE = `usage:
  podutils-conformance run [--profile NAME|FILE] [--tags EXPR] [--parallel N] [--time-scale F] [--report-dir DIR] [--require-s3] [--pod-runtime R] [--fail-fast] [FEATURE...]
  podutils-conformance stability [--runs N] [--load CPUS] [run options...]
  podutils-conformance matrix [--profile NAME|FILE]... [--pod-runtime R]... [--reuse] [--out DIR] [--markdown FILE] [--tags EXPR] [--parallel N] [--time-scale F] [--node-time-scale F] [--require-s3]
  podutils-conformance trace [--results DIR]... [--out FILE]
  podutils-conformance docs [--results DIR]... [--out DIR] [--check [--screenshots DIR] [--time-scale F]]
  podutils-conformance bench [--profile NAME|FILE]... [--repeats N] [--big-mib N] [--out DIR] [--skip-suite] [--suite-parallel N]
  podutils-conformance upstream build [--force]      (Prow's entrypoint and sidecar, ci-tools' entrypoint-wrapper, and MinIO)
  podutils-conformance upstream build --history [--only NAME]... [--force]   (the versions of upstream/history.json)
  podutils-conformance history [--reuse] [--out DIR] [--markdown FILE] [--skip-build] [--tags EXPR] [--parallel N] [--time-scale F]
  podutils-conformance node build [--force]          (the pinned kubelet, kube-apiserver and the pause program, for --pod-runtime kubelet and cluster)
  podutils-conformance drill [--kind step|prow] [--delete-after D] [--timeout D] [--grace D] [--strict] ... STEP
                                                     (a step's commands through an interruption; drill --help for more)

  --profile      bundled profile name (default: reference) or a profile JSON file
  --tags         cucumber tag expression selecting scenarios, e.g. "@clause:EP-TIMEOUT-SIGINT"
  --parallel     scenarios run at once (default: the machine's processor count, at most 4; 0: one
                 at a time in this process)
  --time-scale   multiplies every timing tolerance, for slow machines (default 1)
  --report-dir   where reports go (default reports/<profile name>)
  --require-s3   fail when no MinIO can be built for the S3 scenarios (default: report them not applicable)
  --pod-runtime  how pod containers are made: namespaces (each its own PID namespace), kubelet (a real node: containerd, runc and the pinned kubelet, started here), cluster
                 (that node registered with etcd and kube-apiserver started here: pods through the API
                 server), process-group (the model; @pid-namespace scenarios not applicable) or auto
                 (default: namespaces when this machine allows them, else process-group, saying why);
                 matrix: repeatable, one set of columns per runtime, the node's ("reference (kubelet)")
                 over features/pod only
  --fail-fast    skip the remaining scenarios after the first failure (mutation testing; not with expected failures)
  --runs         stability: how many times to run the suite (default 20)
  --load         stability: keep this many CPUs busy with stress-ng during the runs (default 0)
  --reuse        matrix: use the results of earlier matrix runs where present instead of running
  --out          matrix: output folder (default reports/matrix); trace: output file (default reports/trace.md);
                 docs: output folder (default reports/docs)
  --node-time-scale  matrix: the time scale of the kubelet columns' runs (default: --time-scale)
  --markdown     matrix: also write the Markdown table to this file (e.g. docs/conformance-matrix.md)
  --force        upstream build: rebuild even what is already built at the pinned versions
  --results      trace, docs: report dirs whose results.json to show (default: those under reports/)
  --check        docs: open the site in headless Chromium and check it (console errors, every timeline, zoom, keyboard)
  --screenshots  docs: with --check, where the README's timeline screenshots go (e.g. docs/screenshots)
  --skip-suite   bench: leave out the rows of a whole suite run (it takes about a minute)
  --suite-parallel  bench: --parallel of that suite run (default 2)`;

const RUN_FLAGS = {
  profile: { type: 'string', default: 'reference' },
  tags: { type: 'string' },
  parallel: { type: 'string', default: String(DEFAULT_PARALLEL) },
  'time-scale': { type: 'string', default: '1' },
  'report-dir': { type: 'string' },
  'require-s3': { type: 'boolean' },
  'pod-runtime': { type: 'string', default: 'auto' },
  'fail-fast': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

function runOptions(values: FlagValues, positionals: string[]): RunOptions {
  const number = (flag: string): number => {
    const text = String(values[flag]);
    const value = Number(text);
    if (text.trim() === '' || !Number.isFinite(value)) throw new UsageError(`--${flag} needs a number, got "${text}"`);
    return value;
  };
  return {
    profile: String(values.profile),
    tags: values.tags as string | undefined,
    parallel: number('parallel'),
    timeScale: number('time-scale'),
    reportDir: values['report-dir'] as string | undefined,
    requireS3: Boolean(values['require-s3']),
    podRuntime: String(values['pod-runtime']) as RuntimeChoice,
    failFast: Boolean(values['fail-fast']),
    paths: positionals.length ? positionals : undefined,
  };
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return command === undefined ? 2 : 0;
  }
  if (command === 'run') {
    const { values, positionals } = parse(rest, RUN_FLAGS);
    if (values.help) return help();
    const options = runOptions(values, positionals);
    prepare(options);
    const resources = new RunResources();
    releaseOnInterrupt(resources);
    try {
      const outcome = await runSuite(options, resources);
      process.stdout.write(`${summary(outcome)}\n`);
      return outcome.green ? 0 : 1;
    } finally {
      await resources.release();
    }
  }
  if (command === 'stability') {
    const { values, positionals } = parse(rest, { ...RUN_FLAGS, runs: { type: 'string', default: '20' }, load: { type: 'string', default: '0' } });
    if (values.help) return help();
    const runs = Number(values.runs);
    if (!Number.isInteger(runs) || runs < 1) throw new UsageError(`--runs needs a positive whole number, got "${values.runs}"`);
    const load = Number(values.load);
    if (!Number.isInteger(load) || load < 0) throw new UsageError(`--load needs a whole number of CPUs to keep busy, got "${values.load}"`);
    const options = runOptions(values, positionals);
    prepare(options);
    return runStability(options, runs, rest, load);
  }
  if (command === 'matrix') {
    const { values } = parse(rest, {
      profile: { type: 'string', multiple: true }, reuse: { type: 'boolean' }, out: { type: 'string', default: join('reports', 'matrix') },
      markdown: { type: 'string' }, tags: { type: 'string' }, 'require-s3': { type: 'boolean' }, 'pod-runtime': { type: 'string', multiple: true }, parallel: { type: 'string' }, 'time-scale': { type: 'string' },
      'node-time-scale': { type: 'string' }, help: { type: 'boolean', short: 'h' },
    });
    if (values.help) return help();
    const runArgs = (['tags', 'parallel', 'time-scale'] as const).flatMap((f) => (values[f] === undefined ? [] : [`--${f}`, String(values[f])]));
    if (values['require-s3']) runArgs.push('--require-s3');
    const profiles = (values.profile as string[] | undefined) ?? ['reference'];
    return runMatrix({
      profiles, reuse: Boolean(values.reuse), outDir: String(values.out), markdownCopy: values.markdown as string | undefined, runArgs,
      podRuntimes: values['pod-runtime'] as string[] | undefined, nodeTimeScale: values['node-time-scale'] as string | undefined,
    });
  }
  if (command === 'trace') {
    const { values } = parse(rest, { results: { type: 'string', multiple: true }, out: { type: 'string', default: join('reports', 'trace.md') }, help: { type: 'boolean', short: 'h' } });
    if (values.help) return help();
    return runTrace((values.results as string[] | undefined) ?? [], String(values.out));
  }
  if (command === 'docs') {
    const { values } = parse(rest, {
      results: { type: 'string', multiple: true }, out: { type: 'string', default: join('reports', 'docs') }, check: { type: 'boolean' }, screenshots: { type: 'string' },
      'time-scale': { type: 'string', default: '1' }, help: { type: 'boolean', short: 'h' },
    });
    if (values.help) return help();
    const timeScale = Number(values['time-scale']);
    if (!(timeScale > 0)) throw new UsageError(`--time-scale needs a positive number, got "${values['time-scale']}"`);
    if (values.screenshots && !values.check) throw new UsageError('docs: --screenshots goes with --check');
    return runDocs({ reportDirs: (values.results as string[] | undefined) ?? [], outDir: String(values.out), check: Boolean(values.check), screenshotsDir: values.screenshots as string | undefined, timeScale });
  }
  if (command === 'bench') {
    const { values } = parse(rest, {
      profile: { type: 'string', multiple: true }, repeats: { type: 'string', default: '3' }, 'big-mib': { type: 'string', default: '1024' },
      out: { type: 'string', default: join('reports', 'bench') }, help: { type: 'boolean', short: 'h' },
      'skip-suite': { type: 'boolean' }, 'suite-parallel': { type: 'string', default: '2' },
    });
    if (values.help) return help();
    return runBench({
      profiles: (values.profile as string[] | undefined) ?? ['reference', 'upstream'],
      repeats: Number(values.repeats),
      bigMiB: Number(values['big-mib']),
      outDir: String(values.out),
      skipSuite: Boolean(values['skip-suite']),
      suiteParallel: Number(values['suite-parallel']),
    });
  }
  if (command === 'history') {
    const { values } = parse(rest, {
      reuse: { type: 'boolean' }, out: { type: 'string', default: join('reports', 'history') }, markdown: { type: 'string' }, 'skip-build': { type: 'boolean' },
      tags: { type: 'string' }, 'pod-runtime': { type: 'string' }, parallel: { type: 'string' }, 'time-scale': { type: 'string' }, help: { type: 'boolean', short: 'h' },
    });
    if (values.help) return help();
    const runArgs = (['tags', 'parallel', 'time-scale', 'pod-runtime'] as const).flatMap((f) => (values[f] === undefined ? [] : [`--${f}`, String(values[f])]));
    return runHistory({ reuse: Boolean(values.reuse), outDir: String(values.out), markdownCopy: values.markdown as string | undefined, skipBuild: Boolean(values['skip-build']), runArgs });
  }
  if (command === 'upstream') {
    const { values, positionals } = parse(rest, { force: { type: 'boolean' }, history: { type: 'boolean' }, only: { type: 'string', multiple: true }, help: { type: 'boolean', short: 'h' } });
    if (values.help) return help();
    if (positionals.join(' ') !== 'build') throw new UsageError(`usage: podutils-conformance upstream build [--history [--only NAME]...] [--force]`);
    if (values.history) {
      await buildHistory({ force: Boolean(values.force), only: values.only as string[] | undefined });
      return 0;
    }
    if (values.only) throw new UsageError('upstream build: --only goes with --history');
    await buildUpstream({ force: Boolean(values.force) });
    // The S3 scenarios' server is built the same way (once per machine, from the module proxy).
    process.stderr.write(`minio: ${await ensureMinio({ force: Boolean(values.force) })}\n`);
    return 0;
  }
  if (command === 'drill') return runDrillCommand(rest);
  if (command === 'node') {
    const { values, positionals } = parse(rest, { force: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } });
    if (values.help) return help();
    if (positionals.join(' ') !== 'build') throw new UsageError(`usage: podutils-conformance node build [--force]`);
    try {
      await ensureKubelet({ force: Boolean(values.force) });
      await ensureKubernetesCommand('kube-apiserver', { force: Boolean(values.force) });
      process.stderr.write(`node: pause ${await ensurePause()}\n`);
    } catch (error) {
      throw new UsageError((error as Error).message.split('\n')[0]);
    }
    return 0;
  }
  throw new UsageError(`unknown command "${command}" (${COMMANDS.join(', ')}; --help for usage)`);
}

function help(): number {
  process.stdout.write(`${USAGE}\n`);
  return 0;
}

type FlagValues = Record<string, string | boolean | string[] | undefined>;

function parse(args: string[], options: Record<string, { type: 'string' | 'boolean'; default?: string; short?: string; multiple?: boolean }>): { values: FlagValues; positionals: string[] } {
  try {
    const { values, positionals } = parseArgs({ args, options, allowPositionals: true, strict: true });
    return { values: values as FlagValues, positionals };
  } catch (error) {
    throw new UsageError((error as Error).message.split('\n')[0]);
  }
}

/** Ctrl-C (or a CI's SIGTERM): kill every process of the run, remove its temp dirs, exit 130. */
let interrupted = false;

function releaseOnInterrupt(resources: RunResources): void {
  const onSignal = (signal: NodeJS.Signals): void => {
    if (interrupted) return;
    interrupted = true;
    process.stderr.write(`\npodutils-conformance: ${signal} received, stopping every process of the run\n`);
    void resources.release().finally(() => process.exit(130));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // Once interrupted, the run's workers are killed under cucumber: its complaints are expected.
    if (interrupted) return;
    if (error instanceof UsageError) {
      process.stderr.write(`podutils-conformance: ${error.message}\n`);
      process.exitCode = 2;
    } else {
      process.stderr.write(`podutils-conformance: internal error: ${(error as Error)?.stack ?? error}\n`);
      process.exitCode = 1;
    }
  },
);
