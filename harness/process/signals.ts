// Sending a signal to one process, as the kubelet or a user would, and noting when it was sent.
import { constants } from 'node:os';

export type SignalName = keyof typeof constants.signals;

export function sendSignal(pid: number, signal: SignalName): bigint {
  const at = process.hrtime.bigint();
  process.kill(pid, signal);
  return at;
}

export function isSignalName(text: string): text is SignalName {
  return Object.hasOwn(constants.signals, text);
}
