// JUnit XML for CI systems, with our outcomes: an expected failure or a not-applicable scenario is
// reported as skipped (with the reason), an unexpected pass as a failure.
import type { ScenarioResult } from '../results.js';

function xmlEscape(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '')
    .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function junitXml(suiteName: string, results: ScenarioResult[]): string {
  const failures = results.filter((r) => r.outcome === 'failed' || r.outcome === 'unexpected-pass').length;
  const skipped = results.filter((r) => r.outcome === 'expected-failure' || r.outcome === 'not-applicable').length;
  const time = results.reduce((sum, r) => sum + r.seconds, 0);
  const cases = results.map((r) => {
    const head = `  <testcase classname="${xmlEscape(r.feature)}" name="${xmlEscape(r.name)}" time="${r.seconds.toFixed(3)}"`;
    const firstLine = r.message.split('\n')[0];
    switch (r.outcome) {
      case 'passed':
        return `${head}/>`;
      case 'failed':
      case 'unexpected-pass':
        return `${head}>\n    <failure message="${xmlEscape(firstLine)}" type="${r.outcome}">${xmlEscape(r.message)}</failure>\n  </testcase>`;
      default:
        return `${head}>\n    <skipped message="${xmlEscape(`${r.outcome}: ${firstLine}`)}"/>\n  </testcase>`;
    }
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuite name="${xmlEscape(suiteName)}" tests="${results.length}" failures="${failures}" errors="0" skipped="${skipped}" time="${time.toFixed(3)}">`,
    ...cases,
    '</testsuite>',
    '',
  ].join('\n');
}
