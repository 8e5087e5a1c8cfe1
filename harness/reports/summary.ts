// The terminal summary after a run: counts, then each scenario that needs attention.
import { countOutcomes, type RunOutcome } from '../results.js';

export function summary(outcome: RunOutcome): string {
  const c = countOutcomes(outcome.results);
  const lines = [
    '',
    `podutils-conformance: profile "${outcome.profile.name}", ${outcome.results.length} scenarios in ${outcome.seconds.toFixed(1)} s (${outcome.cpuSeconds.toFixed(1)} s of CPU)`,
    `  ${c.passed} passed, ${c.failed} failed, ${c['expected-failure']} expected failures, ${c['unexpected-pass']} unexpected passes, ${c['not-applicable']} not applicable`,
  ];
  const inherent = outcome.results.reduce((sum, r) => sum + r.inherentSeconds, 0);
  const busy = outcome.results.reduce((sum, r) => sum + r.seconds, 0);
  lines.push(`  time: scenarios took ${busy.toFixed(1)} s in all, of which ${inherent.toFixed(1)} s are waits they inherently need (configured timeouts, grace periods, run times)`);
  for (const r of outcome.results) {
    if (r.outcome === 'failed' || r.outcome === 'unexpected-pass') {
      lines.push(`  ${r.outcome.toUpperCase()}: ${r.key}`, `    ${r.message.split('\n')[0]}`);
    }
  }
  for (const key of outcome.stale) lines.push(`  STALE EXPECTATION (no such scenario): ${key}`);
  lines.push(`  reports: ${outcome.reportDir}/{cucumber.html,junit.xml,messages.ndjson,results.json}`);
  lines.push(outcome.green ? '  RESULT: conforms (every applicable scenario passed or failed as expected)' : '  RESULT: does not conform');
  return lines.join('\n');
}
