// Line coverage of each reference program from a suite run (c8's json-summary), against the
// project's bar: the features alone must cover at least 90% of each program's lines.
import { readFileSync } from 'node:fs';
import { relative, sep } from 'node:path';
import { ROOT } from './paths.js';

const BAR = 90;
const summary = JSON.parse(readFileSync(process.argv[2] ?? 'coverage/coverage-summary.json', 'utf8')) as Record<string, { lines: { total: number; covered: number } }>;
const programs = new Map<string, { total: number; covered: number }>();
for (const [file, { lines }] of Object.entries(summary)) {
  if (file === 'total') continue;
  // reference/<program>/...: shared code counts with every program; report it on its own.
  const program = relative(ROOT, file).split(sep)[1] ?? 'other';
  const sum = programs.get(program) ?? { total: 0, covered: 0 };
  programs.set(program, { total: sum.total + lines.total, covered: sum.covered + lines.covered });
}
let short = 0;
for (const [program, { total, covered }] of [...programs].sort()) {
  const percent = (100 * covered) / total;
  if (percent < BAR) short++;
  process.stdout.write(`reference/${program}: ${percent.toFixed(1)}% of ${total} lines covered by the features${percent < BAR ? `  (below the ${BAR}% bar)` : ''}\n`);
}
process.exitCode = short ? 1 : 0;
