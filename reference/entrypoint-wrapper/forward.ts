// SIGINT and SIGTERM. While the child runs, every one received is passed on to it unchanged,
// each time, with "received signal <number>, forwarding" on stderr (upstream prints the
// os.Signal with %d). Before the child starts and after it has exited they are swallowed: the
// binary links Prow's interrupts package, whose init() catches both signals from the start and
// logs the first one ever received as a logrus line (`msg="Received signal." signal=terminated`),
// so they never kill upstream's wrapper. It adds no timeout or kill of its own.

import type { ChildProcess } from 'node:child_process';
import os from 'node:os';
import { logrusLine, writeStderr } from './golog.js';

export type ForwardedSignal = 'SIGINT' | 'SIGTERM';

/** Go's os.Signal String() for the two signals. */
const GO_NAME: Record<ForwardedSignal, string> = { SIGINT: 'interrupt', SIGTERM: 'terminated' };

export class SignalForwarder {
  private child: ChildProcess | undefined;
  private seenOne = false;

  /** Installs the handlers: from then on SIGINT and SIGTERM no longer end this process. */
  constructor(proc: NodeJS.Process = process) {
    for (const sig of ['SIGINT', 'SIGTERM'] as const) proc.on(sig, () => this.received(sig));
  }

  /** Forwards what arrives from now on to `child`. */
  forwardTo(child: ChildProcess): void {
    this.child = child;
  }

  /** Stops forwarding (the child has exited): later signals are swallowed. */
  stop(): void {
    this.child = undefined;
  }

  private received(sig: ForwardedSignal): void {
    if (this.child !== undefined) {
      writeStderr(`received signal ${os.constants.signals[sig]}, forwarding\n`);
      if (!this.child.kill(sig)) writeStderr(logrusLine('error', 'Failed to forward signal', { error: 'os: process already finished' }));
    }
    if (!this.seenOne) {
      this.seenOne = true;
      writeStderr(logrusLine('info', 'Received signal.', { signal: GO_NAME[sig] }));
    }
  }
}
