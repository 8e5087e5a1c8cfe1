// From cucumber's message stream to one result per scenario, judged against the profile's
// expectations (like web-platform-tests metadata: an expected failure is fine, an unexpected
// pass is reported so that stale expectations get noticed).
import type { Envelope } from '@cucumber/messages';

/** cucumber's step status names (PASSED, FAILED, SKIPPED, UNDEFINED...). */
type TestStepResultStatus = string;
import type { ExpectedFailure, Profile } from './profiles/profile.js';
import type { Timeline } from './timeline/model.js';

export type Outcome = 'passed' | 'failed' | 'expected-failure' | 'unexpected-pass' | 'not-applicable';

export interface ScenarioResult {
  /** "<feature file relative to features/>: <scenario name>", the key expectations use. */
  key: string;
  feature: string;
  name: string;
  tags: string[];
  status: TestStepResultStatus;
  outcome: Outcome;
  /** Failure message, why not applicable, or why expected to fail. */
  message: string;
  figures: string[];
  seconds: number;
  /** The configured durations the scenario had to wait out, however fast the implementation. */
  inherentSeconds: number;
  /** What the run measured, as a picture's data (absent for a scenario that did not run). */
  timeline?: Timeline;
  /** The PODUTILS_CONFORMANCE_TAG value every process the scenario started carries (absent if it started none). */
  processTag?: string;
}

/** A whole run against one profile. */
export interface RunOutcome {
  profile: Profile;
  reportDir: string;
  results: ScenarioResult[];
  stale: string[];
  green: boolean;
  seconds: number;
  /** Processor seconds of the run and of everything it started and waited for. */
  cpuSeconds: number;
}

const SEVERITY: TestStepResultStatus[] = ['UNKNOWN', 'PASSED', 'SKIPPED', 'PENDING', 'UNDEFINED', 'AMBIGUOUS', 'FAILED'];

export const FIGURE_MEDIA_TYPE = 'text/x.podutils-figure';
export const INHERENT_WAIT_MEDIA_TYPE = 'text/x.podutils-inherent-wait';
export const TIMELINE_MEDIA_TYPE = 'application/x.podutils-timeline+json';
export const PROCESS_TAG_MEDIA_TYPE = 'text/x.podutils-process-tag';
const LOG_MEDIA_TYPE = 'text/x.cucumber.log+plain';

interface Pending {
  pickleId: string;
  status: TestStepResultStatus;
  message: string;
  notes: string[];
  figures: string[];
  inherentMs: number;
  startedAt: number;
  timeline?: Timeline;
  processTag?: string;
}

/** Collects envelopes as they come; `results()` gives the scenarios finished so far. */
export class ResultCollector {
  private pickles = new Map<string, { uri: string; name: string; tags: string[] }>();
  private testCases = new Map<string, string>();
  private running = new Map<string, Pending>();
  private finished: ScenarioResult[] = [];

  constructor(private readonly expectations: ExpectedFailure[]) {}

  onMessage(envelope: Envelope): void {
    if (envelope.pickle) {
      const p = envelope.pickle;
      this.pickles.set(p.id, { uri: p.uri, name: p.name, tags: p.tags.map((t) => t.name) });
    } else if (envelope.testCase) {
      this.testCases.set(envelope.testCase.id, envelope.testCase.pickleId);
    } else if (envelope.testCaseStarted) {
      const s = envelope.testCaseStarted;
      this.running.set(s.id, { pickleId: this.testCases.get(s.testCaseId)!, status: 'PASSED', message: '', notes: [], figures: [], inherentMs: 0, startedAt: seconds(s.timestamp) });
    } else if (envelope.testStepFinished) {
      const f = envelope.testStepFinished;
      const pending = this.running.get(f.testCaseStartedId);
      if (pending && SEVERITY.indexOf(f.testStepResult.status) > SEVERITY.indexOf(pending.status)) {
        pending.status = f.testStepResult.status;
        pending.message = f.testStepResult.message ?? f.testStepResult.status.toLowerCase();
      }
    } else if (envelope.attachment?.testCaseStartedId) {
      const a = envelope.attachment;
      const pending = this.running.get(a.testCaseStartedId!);
      if (pending && a.mediaType === FIGURE_MEDIA_TYPE) pending.figures.push(a.body);
      if (pending && a.mediaType === LOG_MEDIA_TYPE) pending.notes.push(a.body);
      if (pending && a.mediaType === INHERENT_WAIT_MEDIA_TYPE) pending.inherentMs = Number(a.body);
      if (pending && a.mediaType === TIMELINE_MEDIA_TYPE) pending.timeline = JSON.parse(a.body) as Timeline;
      if (pending && a.mediaType === PROCESS_TAG_MEDIA_TYPE) pending.processTag = a.body;
    } else if (envelope.testCaseFinished) {
      const f = envelope.testCaseFinished;
      const pending = this.running.get(f.testCaseStartedId);
      this.running.delete(f.testCaseStartedId);
      if (pending && !f.willBeRetried) this.finished.push(this.judge(pending, seconds(f.timestamp) - pending.startedAt));
    }
  }

  private judge(p: Pending, duration: number): ScenarioResult {
    const pickle = this.pickles.get(p.pickleId)!;
    const feature = pickle.uri.replace(/^features\//, '');
    const key = `${feature}: ${pickle.name}`;
    const expected = this.expectations.find((e) => e.scenario === key);
    let outcome: Outcome;
    let message = p.message;
    if (p.status === 'SKIPPED') {
      outcome = 'not-applicable';
      message = p.notes.find((n) => n.startsWith('not applicable: '))?.slice('not applicable: '.length) ?? 'skipped';
    } else if (p.status === 'PASSED') {
      outcome = expected ? 'unexpected-pass' : 'passed';
      if (expected) message = `expected to fail (${expected.reason}) but passed`;
    } else {
      outcome = expected ? 'expected-failure' : 'failed';
      if (expected) message = `${expected.reason}${expected.evidence ? ` [${expected.evidence}]` : ''}`;
    }
    return { key, feature, name: pickle.name, tags: pickle.tags, status: p.status, outcome, message, figures: p.figures, seconds: duration, inherentSeconds: p.inherentMs / 1000, ...(p.timeline ? { timeline: p.timeline } : {}), ...(p.processTag ? { processTag: p.processTag } : {}) };
  }

  results(): ScenarioResult[] {
    return this.finished;
  }

  /** Expectations naming no scenario of the run: renamed or removed scenarios. */
  staleExpectations(): ExpectedFailure[] {
    const keys = new Set([...this.pickles.values()].map((p) => `${p.uri.replace(/^features\//, '')}: ${p.name}`));
    return this.expectations.filter((e) => !keys.has(e.scenario));
  }
}

function seconds(t: { seconds: number; nanos: number }): number {
  return t.seconds + t.nanos / 1e9;
}

export function isGreen(results: ScenarioResult[]): boolean {
  return results.every((r) => r.outcome !== 'failed' && r.outcome !== 'unexpected-pass');
}

export function countOutcomes(results: ScenarioResult[]): Record<Outcome, number> {
  const counts: Record<Outcome, number> = { passed: 0, failed: 0, 'expected-failure': 0, 'unexpected-pass': 0, 'not-applicable': 0 };
  for (const r of results) counts[r.outcome]++;
  return counts;
}
