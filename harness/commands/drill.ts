// `podutils-conformance drill STEP`: runs a job author's step through an interruption and
// reports what every process received and did, the outcome, and findings. Exit status: 0 the
// drill ran (whatever it found), 1 it found a problem and --strict was given, 2 bad input.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { computeFindings } from '../drill/findings.js';
import { htmlReport } from '../drill/html.js';
import { DRILL_USAGE, parseDrillArgs } from '../drill/options.js';
import { DrillResources, runDrill } from '../drill/run.js';
import { terminalReport } from '../drill/terminal.js';

export async function runDrillCommand(args: string[]): Promise<number> {
  const options = parseDrillArgs(args);
  if (!options) {
    process.stdout.write(`${DRILL_USAGE}\n`);
    return 0;
  }
  const resources = new DrillResources();
  const onSignal = (signal: NodeJS.Signals): void => {
    process.stderr.write(`\npodutils-conformance drill: ${signal} received, stopping the pod\n`);
    void resources.release().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const result = await runDrill(options, resources);
    const findings = computeFindings(result);
    const text = terminalReport(result, findings);
    mkdirSync(options.outDir, { recursive: true });
    writeFileSync(join(options.outDir, 'report.txt'), text);
    writeFileSync(join(options.outDir, 'report.html'), htmlReport(result, findings, options.outDir));
    writeFileSync(join(options.outDir, 'report.json'), `${JSON.stringify({ result, findings }, null, 2)}\n`);
    process.stdout.write(`${text}\nReports: ${join(options.outDir, 'report.html')} (and report.txt, report.json)\n`);
    return options.strict && findings.length > 0 ? 1 : 0;
  } finally {
    await resources.release();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
