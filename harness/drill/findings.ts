// What a drill's observations mean for the job author, in plain words. Each finding is computed
// from the DrillResult (never from the script's text) and names the feature scenario that
// documents the behaviour behind it, so the explanation can be checked against the protocol.
import { formatMs } from '../timing.js';
import type { DrillResult, ObservedProcess } from './result.js';

export interface FeatureLink {
  /** The feature file, relative to the project. */
  path: string;
  /** The scenario's name as the feature writes it (an outline's, with its <placeholders>). */
  scenario: string;
}

export type FindingId = 'no-trap' | 'trap-waits-for-foreground' | 'children-outlive-step' | 'grace-period-exceeded' | 'termination-grace-too-short' | 'artifacts-too-late';

export interface Finding {
  id: FindingId;
  title: string;
  /** What happened in this drill, with the figures. */
  detail: string;
  /** What to do about it. */
  advice: string;
  features: FeatureLink[];
}

const INTERRUPTS = new Set(['SIGINT', 'SIGTERM']);

/** How a process ended, in words. */
export function endText(p: ObservedProcess, label: (id: string) => string = (id) => id): string {
  if (!p.end) return 'still running when the trace ended';
  if (p.end.signal) {
    const by = p.end.killedBy === 'kernel' ? ' (by the kernel: its container ended)' : p.end.killedBy ? ` (sent by ${label(p.end.killedBy)})` : '';
    return `killed by ${p.end.signal}${by}`;
  }
  return `exited with ${p.end.code}`;
}

export function computeFindings(result: DrillResult): Finding[] {
  const findings: Finding[] = [];
  const step = result.processes.find((p) => p.role === 'step');
  if (!step) return findings;
  const interrupts = step.signals.filter((s) => INTERRUPTS.has(s.signal));
  const firstInterrupt = interrupts[0];
  const children = result.processes.filter((p) => p.role === 'child');
  const byTimeout = !result.deletion;

  if (firstInterrupt && step.end?.signal && INTERRUPTS.has(step.end.signal)) {
    findings.push({
      id: 'no-trap',
      title: `No trap on ${step.end.signal}: the step died at once`,
      detail: `The step received ${interrupts.map((s) => s.signal).join(' and ')} and was killed by ${step.end.signal} ${formatMs(step.end.atMs - firstInterrupt.atMs)} later, so none of its cleanup ran and it gathered no artifacts.`,
      advice: `Trap the interrupt (trap '…; exit 130' INT TERM) to gather what the job needs before the grace period ends.`,
      features: [{ path: 'features/entrypoint/external-interrupt.feature', scenario: 'SIGTERM to entrypoint reaches the test as SIGINT then SIGTERM, then SIGKILL after the grace period' }],
    });
  }

  // A shell runs a trap only between commands: waiting on a foreground child it does nothing
  // until that child ends. Seen from outside: it survived the interrupt, then neither started,
  // signalled nor ended anything while a child started before the interrupt ran on.
  if (firstInterrupt && step.end && !(step.end.signal && INTERRUPTS.has(step.end.signal))) {
    const stepEnd = step.end;
    // Blocked: killed while the child still ran, or ended only once the child had.
    const blocking = children.find((c) => c.parent === step.id && c.startMs < firstInterrupt.atMs && (stepEnd.signal === 'SIGKILL' ? !c.end || c.end.atMs >= stepEnd.atMs - 1 : c.end !== null && c.end.atMs > firstInterrupt.atMs && c.end.atMs <= stepEnd.atMs));
    const until = blocking?.end ? Math.min(blocking.end.atMs, stepEnd.atMs) : stepEnd.atMs;
    const acted = step.sent.some((s) => s.atMs > firstInterrupt.atMs && s.atMs < until) || children.some((c) => c.parent === step.id && c.startMs > firstInterrupt.atMs && c.startMs < until);
    if (blocking && !acted) {
      findings.push({
        id: 'trap-waits-for-foreground',
        title: 'The trap could not run: the shell was waiting on a foreground command',
        detail: `The step received ${firstInterrupt.signal} while running "${blocking.label}" in the foreground; bash runs a trap only once that command returns, so the step did nothing for ${formatMs(until - firstInterrupt.atMs)}, until ${stepEnd.signal === 'SIGKILL' ? `it was ${endText(step)}` : `"${blocking.label}" ended`}.`,
        advice: 'Run long commands in the background and wait for them ("sleep 600 & wait" instead of "sleep 600"): wait returns at once when a trapped signal arrives.',
        features: [{ path: 'features/pod/step-pod-deletion.feature', scenario: 'A step whose trap waits on a foreground command is killed at the end of its grace period, and its trap never runs (<store>)' }],
      });
    }
  }

  if (step.end) {
    const stepEnd = step.end.atMs;
    // Killed in the same sweep as the step (the kubelet's SIGKILL, the namespace's end) is dying with it, not outliving it.
    const sweep = (killedBy: string | null | undefined) => killedBy === 'kubelet' || killedBy === 'kernel';
    const withStep = sweep(step.end.killedBy);
    const outlived = children.filter((c) => !c.end || (c.end.atMs > stepEnd && !(withStep && sweep(c.end.killedBy))));
    if (outlived.length > 0) {
      const list = outlived.map((c) => `"${c.label}" (${c.signals.length ? `received ${c.signals.map((s) => s.signal).join(', ')}; ` : 'received no signal; '}${endText(c)}${c.end ? ` ${formatMs(c.end.atMs - stepEnd)} after the step` : ''})`);
      const held = result.marker && result.marker.atMs - stepEnd > 100 ? ` entrypoint wrote the marker only ${formatMs(result.marker.atMs - stepEnd)} after the step ended: a child still held the step's output.` : '';
      findings.push({
        id: 'children-outlive-step',
        title: `${outlived.length} process${outlived.length > 1 ? 'es' : ''} of the step outlived it`,
        detail: `When the step ended, ${list.join('; ')} ${outlived.length > 1 ? 'were' : 'was'} still running. entrypoint signals only the step itself, never the processes it started.${held}`,
        advice: 'In the trap, stop what the step started (kill $(jobs -p); wait) before exiting, so their work is finished or abandoned on purpose.',
        features: [
          { path: 'features/entrypoint/external-interrupt.feature', scenario: 'Only the test process is signalled, not the processes it started' },
          { path: 'features/pod/pid-1.feature', scenario: 'When entrypoint ends, a process the test left in the background <fate> (<namespace>)' },
        ],
      });
    }
  }

  if (firstInterrupt && step.end) {
    const took = step.end.atMs - firstInterrupt.atMs;
    const killedByEntrypoint = step.end.signal === 'SIGKILL' && step.end.killedBy === 'entrypoint';
    if (killedByEntrypoint || took > result.config.gracePeriodMs) {
      findings.push({
        id: 'grace-period-exceeded',
        title: `The step did not fit in its grace period of ${formatMs(result.config.gracePeriodMs)}`,
        detail: `The first ${firstInterrupt.signal} came at ${formatMs(firstInterrupt.atMs)}; the step was ${endText(step)} ${formatMs(took)} later. Whatever it had not finished by then is lost.`,
        advice: 'Make the cleanup shorter than the grace period (or raise grace_period in the ref), and do the slow part before the job can be interrupted.',
        features: [
          byTimeout
            ? { path: 'features/entrypoint/timeout.feature', scenario: 'A test that ignores SIGINT is killed when the grace period ends' }
            : { path: 'features/pod/step-pod-deletion.feature', scenario: 'A step that ignores the interrupt is killed at the end of its grace period, and the last fifth is for the upload (<store>)' },
        ],
      });
    }
  }

  const d = result.deletion;
  const notLonger = result.config.terminationGraceMs <= result.config.gracePeriodMs;
  if (d && (d.killed.length > 0 || notLonger)) {
    const killed = `The kubelet killed ${d.killed.join(' and ')} at the end of the termination grace period (${formatMs(result.config.terminationGraceMs)} after the deletion)`;
    const observed = d.killed.length === 0
      ? 'This time everything ended in time, but a step using its whole grace period would leave the sidecar no time to upload.'
      : !result.marker ? `${killed}, before the step had ended: no marker, nothing uploaded.`
        : `${killed}: ${formatMs(Math.max(0, d.atMs + result.config.terminationGraceMs - result.marker.atMs))} after the marker was all the sidecar had${result.finished ? '' : ', and finished.json never reached the store'}.`;
    findings.push({
      id: 'termination-grace-too-short',
      title: notLonger ? 'The termination grace period is not longer than the step\'s grace period' : 'The termination grace period ran out before the sidecar had finished',
      detail: `The pod's termination grace period is ${formatMs(result.config.terminationGraceMs)} and the step's grace period ${formatMs(result.config.gracePeriodMs)}. ${observed}`,
      advice: 'Leave the pod 125% of the grace period (ci-operator\'s default) and end the step well within its grace period: the last part is the upload\'s.',
      features: [{ path: 'features/pod/step-pod-deletion.feature', scenario: 'A step that ignores the interrupt, in a pod whose termination grace period is shorter than the step\'s, uploads nothing (<store>)' }],
    });
  }

  // Without a marker nothing is uploaded at all: that is the termination grace period's finding.
  const marker = result.marker;
  const late = marker ? result.artifacts.filter((a) => !a.uploaded && a.atMs >= marker.atMs) : [];
  if (marker && late.length > 0) {
    findings.push({
      id: 'artifacts-too-late',
      title: `${late.length} artifact${late.length > 1 ? 's were' : ' was'} written too late to be uploaded`,
      detail: `${late.map((a) => `${a.name} (written at ${formatMs(a.atMs)})`).join(', ')} came after the marker (${formatMs(marker.atMs)}), once the sidecar had started its upload.`,
      advice: 'Write every artifact before the step exits: the sidecar uploads once entrypoint has written the marker, and not again.',
      features: [{ path: 'features/pod/timeout.feature', scenario: 'SIGINT, the grace period, SIGKILL, the marker, the upload, in that order (<store>)' }],
    });
  }
  return findings;
}
