// The entrypoint-wrapper program (started by reference/bin/entrypoint-wrapper):
//   entrypoint-wrapper [--dry-run] [--mode M] [--wait-for-file F [--wait-timeout D]] command [args...]
// Problems are single "error: ..." lines on stderr. Only node: built-ins are imported.

import { SignalForwarder } from './forward.js';
import { writeStderr } from './golog.js';
import { completeOptions, FlagError, parseFlags, USAGE, type Flags } from './options.js';
import { aggregate, runWrapper } from './run.js';

// First, like the Prow interrupts package linked into upstream: SIGINT and SIGTERM never end
// the wrapper, they are forwarded while the child runs and swallowed otherwise.
const signals = new SignalForwarder();

let flags: Flags;
try {
  flags = parseFlags(process.argv.slice(2));
} catch (err) {
  if (!(err instanceof FlagError)) throw err;
  writeStderr(`${err.message}\n${USAGE}`);
  process.exit(2);
}
const options = completeOptions(flags, process.env);
if (typeof options === 'string') {
  writeStderr(`error: ${options}\n`);
  process.exit(1);
}
const { code, errors } = await runWrapper(options, signals);
if (errors.length > 0) {
  writeStderr(`error: ${aggregate(errors)}\n`);
  process.exit(code & 0xff);
}
process.exit(0);
